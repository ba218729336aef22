/*
 * template — an empty partner file to send, with its header in the
 * reader's language (partners.h).
 */
#include "partners.h"

#include <string.h>

#include "../core/db.h"
#include "../core/tabwrite.h"
#include "words.h"

/* One row: the given fields (by field), the others empty. */
static void
row(FILE *out, enum partner_kind k, const char *const v[PF_COUNT],
    char delim)
{
	for (int i = 0; pwords_fields[k][i] >= 0; i++) {
		if (i)
			putc(delim, out);
		tabwrite_csv_text(out, v[pwords_fields[k][i]] ?
		    v[pwords_fields[k][i]] : "", delim);
	}
	fputs("\r\n", out);
}

/* The partners of a measure, as measures.csv lists them: separated by
 * commas outside parentheses ("instituts (ERMS, ERIP), associations"). */
static void
progress_rows(FILE *out, const char *measure, const char *partners,
    char delim)
{
	const char *v[PF_COUNT] = { 0 };
	char one[512];
	size_t n = 0;
	int depth = 0, rows = 0;

	v[PF_MEASURE] = measure;
	for (const char *s = partners; ; s++) {
		if (*s == '(')
			depth++;
		else if (*s == ')' && depth)
			depth--;
		if (*s && (*s != ',' || depth)) {
			if (n < sizeof one - 1 && (n || *s != ' '))
				one[n++] = *s;
			continue;
		}
		while (n && one[n - 1] == ' ')
			n--;
		one[n] = '\0';
		if (n) {
			v[PF_PARTNER] = one;
			row(out, PARTNER_PROGRESS, v, delim);
			rows++;
		}
		n = 0;
		if (!*s)
			break;
	}
	if (!rows)              /* no partner named: one row to fill in */
		row(out, PARTNER_PROGRESS, v, delim);
}

int
partners_template(sqlite3 *db, enum partner_kind k, const char *lang,
    int excel, FILE *out, sv_err *e)
{
	const char *v[PF_COUNT] = { 0 };
	char delim = excel ? ';' : ',';
	sqlite3_stmt *st;
	int rc, step;

	if (excel)
		fputs("\xef\xbb\xbf", out);
	for (int f = 0; f < PF_COUNT; f++)
		v[f] = pwords_column((enum pfield)f, lang);
	row(out, k, v, delim);
	if ((rc = db_prepare(db, &st, k == PARTNER_FIGURES ? "SELECT measure, "
	    "indicator, unit, partner FROM indicator_def WHERE kind = 'partner' "
	    "ORDER BY seq" : "SELECT measure, partners FROM measure ORDER BY seq",
	    e)))
		return rc;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *c0 = (const char *)sqlite3_column_text(st, 0);
		const char *c1 = (const char *)sqlite3_column_text(st, 1);
		if (k == PARTNER_PROGRESS) {
			progress_rows(out, c0, c1 ? c1 : "", delim);
			continue;
		}
		memset(v, 0, sizeof v);
		v[PF_MEASURE] = c0;
		v[PF_INDICATOR] = c1;
		v[PF_UNIT] = (const char *)sqlite3_column_text(st, 2);
		v[PF_SOURCE] = (const char *)sqlite3_column_text(st, 3);
		row(out, k, v, delim);
	}
	return db_finish(db, st, step, e);
}
