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

/* Write the key of s (NUL-terminated UTF-8) into out (size n, n >= 1);
 * returns the key's length.  A key longer than n - 1 is cut. */
size_t text_key(const char *s, char *out, size_t n);

/* 1 if the n bytes at s are well-formed UTF-8 (no overlongs, no
 * surrogates, nothing past U+10FFFF), else 0. */
int text_utf8_valid(const char *s, size_t n);

#endif
