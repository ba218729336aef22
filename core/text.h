/*
 * text — UTF-8 helpers every stage shares.
 *
 * text_key() is how suivi compares names written by people: header names,
 * commune names, phenomenon labels.  Two spellings match when their keys are
 * equal.  The key drops case, accents, spaces, punctuation, '_' and '-', so
 * "Date_Faits", "date faits" and "DATE-FAITS" all become "datefaits", and
 * "Molenbeek-Saint-Jean" matches "molenbeek saint jean".  Accented Latin-1
 * letters fold to their base letter (and œ to "oe"); other letters are kept
 * byte for byte, so keys of different scripts never collide.
 */
#ifndef SUIVI_TEXT_H
#define SUIVI_TEXT_H

#include <stddef.h>
#include <stdio.h>

/* Write the key of s (NUL-terminated UTF-8) into out (size n, n >= 1);
 * returns the key's length.  A key longer than n - 1 is cut. */
size_t text_key(const char *s, char *out, size_t n);

/* The whole key of s, allocated (a key is never longer than its text);
 * NULL when out of memory. */
char *text_key_dup(const char *s);

/* 1 if the n bytes at s are well-formed UTF-8 (no overlongs, no
 * surrogates, nothing past U+10FFFF), else 0. */
int text_utf8_valid(const char *s, size_t n);

/* Cut s before a last character that was cut short (an snprintf into a
 * buffer too small), so that well-formed UTF-8 stays well-formed. */
void text_utf8_trim(char *s);

/* The characters of the UTF-8 string s (bytes that begin one). */
size_t text_chars(const char *s);

/* How many of the n bytes at s are ASCII before the first that is not
 * (n if all are); eight at a time. */
size_t text_ascii_span(const char *s, size_t n);

/* s as a whole number in [lo, hi] (spaces around it allowed): 0, or -1
 * when s is anything else ("21004xyz", "", "1e3", "=1+1"): strtol with
 * its end checked, never atoi. */
int text_int(const char *s, long lo, long hi, long *out);

/* Write s to fp with control characters (C0, DEL, and the C1 controls
 * U+0080-U+009F) shown as \xNN, so that text from data written to a
 * terminal cannot drive it. */
void text_fputs_safe(FILE *fp, const char *s);

#endif
