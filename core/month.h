/*
 * month — months as one integer, the "month index" 12 * year + month - 1,
 * so that months can be counted, compared and subtracted; the database and
 * the exports store them as yyyymm, and people read "YYYY-MM".  Every
 * conversion between these goes through here.
 */
#ifndef SUIVI_MONTH_H
#define SUIVI_MONTH_H

#include <stddef.h>

int month_from_ymd(int yyyymmdd);
int month_from_yyyymm(int yyyymm);
int month_to_yyyymm(int t);

/* The days of month m (1 to 12) of year y. */
int month_days(int y, int m);

/* "YYYY-MM" (year 1900 to 2199) to a month index, or -1. */
int month_parse(const char *s);

/* "YYYY-MM" of month index t into out (n >= 8). */
void month_format(int t, char *out, size_t n);
/* "YYYY-MM/YYYY-MM", the months from to to (indexes), as the indicators
 * name their periods, into out (n >= 16). */
void month_span(int from, int to, char *out, size_t n);

/* SQL: the yyyymmdd column col as "YYYY-MM-DD", or "YYYY-MM" for a date
 * known only to its month (day 00), as views and exports write dates. */
#define MONTH_SQL_DATE(col) "CASE WHEN " col " % 100 = 0 THEN " \
	"printf('%04d-%02d', " col " / 10000, " col " / 100 % 100) ELSE " \
	"printf('%04d-%02d-%02d', " col " / 10000, " col " / 100 % 100, " \
	col " % 100) END"

#endif
