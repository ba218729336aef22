/*
 * numfmt — numbers and months as a Belgian reader writes them.
 *
 * Private to reports/.  French: "82 967" (narrow no-break space U+202F
 * between thousands), "12,4", "79,8 %" (narrow no-break space before %);
 * Dutch: "82.967", "12,4", "79,8%"; English: "82,967", "12.4", "79.8%".
 * A negative number takes the true minus sign U+2212, never a hyphen.
 * Every function writes into buf (of size n, 64 bytes is always enough
 * for a number) and returns buf; NaN is written as an en dash.  The
 * language is "fr", "nl" or "en" (anything else is English).
 */
#ifndef SUIVI_NUMFMT_H
#define SUIVI_NUMFMT_H

#include <stddef.h>

/* v rounded to the given number of decimals, grouped in thousands. */
char *numfmt_dec(const char *lang, double v, int decimals, char *buf,
    size_t n);

/* A whole count: numfmt_dec with no decimals. */
char *numfmt_count(const char *lang, double v, char *buf, size_t n);

/* What stands between a number and its "%": a narrow no-break space in
 * French, nothing in Dutch and English. */
const char *numfmt_percent_space(const char *lang);

/* A share (0.798) as a percentage with one decimal: "79,8 %". */
char *numfmt_share(const char *lang, double share, char *buf, size_t n);

/* A change (rate ratio 1.12) as a signed percentage: "+12 %", "−5 %". */
char *numfmt_change(const char *lang, double ratio, char *buf, size_t n);

/* An interval with two decimals: "0,96–1,08". */
char *numfmt_interval(const char *lang, double low, double high, char *buf,
    size_t n);

/* A month (yyyymm) in words: "octobre 2026", "oktober 2026". */
char *numfmt_month(const char *lang, int yyyymm, char *buf, size_t n);

/* A month in short, for tables and axes: "oct. 2026", "okt. 2026". */
char *numfmt_month_short(const char *lang, int yyyymm, char *buf, size_t n);

/* Months of one year, from and to (yyyymm), in short: "janv.–oct. 2026",
 * or "janv. 2026" for one. */
char *numfmt_months(const char *lang, int from, int to, char *buf, size_t n);

/* A month's short name alone (1 to 12): "juil.", "jul."; "" outside. */
const char *numfmt_month_abbr(const char *lang, int month);

/* French elides "de" before a vowel: "de octobre 2026" becomes
 * "d'octobre 2026" (and "de avril 2025", "de août 2024": a month with its
 * year, as numfmt_month() writes it) in s, in place, where lang is
 * French; a sentence of the catalogue says "de %s" before any month.
 * Returns s. */
char *numfmt_elide(const char *lang, char *s);

#endif
