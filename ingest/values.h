/*
 * values — parse one field of an extract into its canonical coded form.
 *
 * Private to ingest/.  Every parser returns VAL_OK with the value, VAL_EMPTY
 * when the field is empty (or says "unknown"), or VAL_BAD when the text is
 * not a value of that kind; it never guesses.
 */
#ifndef SUIVI_VALUES_H
#define SUIVI_VALUES_H

enum { VAL_BAD = -1, VAL_EMPTY = 0, VAL_OK = 1 };

/* Date formats; DATE_AUTO accepts dd/mm/yyyy, yyyy-mm-dd, dd-mm-yyyy,
 * dd.mm.yyyy and yyyy-mm (told apart by their shape: a month, as suivi's
 * exports write a date known to the month), the others only themselves. */
enum date_format {
	DATE_AUTO, DATE_DMY_SLASH, DATE_MDY_SLASH, DATE_ISO, DATE_DMY_DASH,
	DATE_DMY_DOT, DATE_COMPACT,
	DATE_MONTH,             /* yyyy-mm: a date to the month, stored as
	                           yyyymm00 (day 0) */
};

/* A date_format from its profile spelling ("dd/mm/yyyy", ...), or -1. */
int values_date_format(const char *name);

/* Date as yyyymmdd.  Two-digit years and impossible dates (31/02) are
 * VAL_BAD.  A trailing time ("2024-12-31 14:30", "...T14:30:00") is
 * ignored. */
int values_date(const char *s, enum date_format fmt, int *yyyymmdd);

/* The same date read with day and month the other way round, for a
 * format that names them in an order (dd/mm/yyyy, mm/dd/yyyy, dd-mm-yyyy,
 * dd.mm.yyyy, and DATE_AUTO's day-first shapes): VAL_OK where that
 * reading is a date too; VAL_BAD where it is not, or the format has no
 * such order (ISO, yyyymmdd, yyyy-mm). */
int values_date_swapped(const char *s, enum date_format fmt, int *yyyymmdd);

/* Time as minutes after midnight: "14:30", "14h30", "14", "14:30:00". */
int values_time(const char *s, int *minutes);

/* Sex codes stored in the database. */
enum { SEX_F = 1, SEX_M = 2, SEX_X = 3 };
int values_sex(const char *s, int *sex);

/* Attempt: 1 attempted, 0 completed. */
int values_attempt(const char *s, int *attempt);

/* Whole days since 1970-01-01 of a yyyymmdd date (for date arithmetic). */
long values_days(int yyyymmdd);

/* An age as extracts write it: a whole number 0 to 120, or a band "30-39"
 * or "80+" (stored as written).  VAL_OK, VAL_EMPTY or VAL_BAD. */
int values_age(const char *s);

#endif
