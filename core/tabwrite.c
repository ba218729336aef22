#include "tabwrite.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"

void
tabwrite_json_string(FILE *out, const char *s)
{
	putc('"', out);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '"': fputs("\\\"", out); break;
		case '\\': fputs("\\\\", out); break;
		case '\n': fputs("\\n", out); break;
		case '\r': fputs("\\r", out); break;
		case '\t': fputs("\\t", out); break;
		default:
			if (*p < 0x20)
				fprintf(out, "\\u%04x", *p);
			else if (*p == '<')   /* safe inside an HTML <script> too */
				fputs("\\u003c", out);
			else
				putc(*p, out);
		}
	}
	putc('"', out);
}

static int
looks_like_formula(const char *s)
{
	return s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' ||
	    s[0] == '\t' || s[0] == '\r';
}

void
tabwrite_csv_text(FILE *out, const char *s, char delim)
{
	int formula = looks_like_formula(s);
	int quote = formula || strchr(s, delim) || strpbrk(s, "\"\r\n");

	if (!quote) {
		fputs(s, out);
		return;
	}
	putc('"', out);
	if (formula)
		putc('\'', out);
	for (; *s; s++) {
		if (*s == '"')
			putc('"', out);
		putc(*s, out);
	}
	putc('"', out);
}

/* v as the shortest decimal that reads back as the same number, in
 * plain notation (1.5e-07 is 0.00000015); -0 as 0; "" for what is no
 * finite number (SQLite can hold infinities), which the caller writes as
 * nothing, or null in JSON. */
static void
number(char *buf, size_t n, double v)
{
	char *e, *dot;
	int digits, exp;

	if (!isfinite(v)) {
		buf[0] = '\0';
		return;
	}
	if (v == 0)
		v = 0;                  /* no -0 */
	snprintf(buf, n, "%.15g", v);
	if (strtod(buf, NULL) != v)
		snprintf(buf, n, "%.17g", v);
	if (!(e = strchr(buf, 'e')))
		return;
	/* the significant digits %g found, placed without an exponent: after
	 * as many zeros as a small number needs, or followed by those a
	 * large one does (not %.0f's binary noise: 1e23 is 1 and 23 zeros) */
	exp = (int)strtol(e + 1, NULL, 10);
	*e = '\0';
	dot = strchr(buf, '.');
	digits = (int)strlen(buf) - (buf[0] == '-') - (dot != NULL);
	if (exp < 0 || digits - 1 - exp > 0) {
		snprintf(buf, n, "%.*f", digits - 1 - exp, v);
		return;
	}
	if (dot)
		memmove(dot, dot + 1, strlen(dot));
	for (size_t len = strlen(buf); exp-- > digits - 1 && len + 1 < n; len++)
		buf[len] = '0', buf[len + 1] = '\0';
}

static void
write_cell(FILE *out, sqlite3_stmt *st, int i, const tabwrite_opts *o)
{
	const char *text;

	switch (sqlite3_column_type(st, i)) {
	case SQLITE_NULL:
		if (o->json)
			fputs("null", out);
		return;
	case SQLITE_INTEGER:
		fprintf(out, "%lld", (long long)sqlite3_column_int64(st, i));
		return;
	case SQLITE_FLOAT: {
		char num[400], *dot;
		number(num, sizeof num, sqlite3_column_double(st, i));
		if (o->comma && !o->json && (dot = strchr(num, '.')))
			*dot = ',';
		fputs(*num || !o->json ? num : "null", out);
		return;
	}
	default:
		text = (const char *)sqlite3_column_text(st, i);
		if (o->json)
			tabwrite_json_string(out, text ? text : "");
		else
			tabwrite_csv_text(out, text ? text : "", o->delim);
	}
}

static void
write_row(FILE *out, sqlite3_stmt *st, const tabwrite_opts *o, long row)
{
	int n = sqlite3_column_count(st);

	if (o->json)
		fputs(row ? ",\n{" : "\n{", out);
	for (int i = 0; i < n; i++) {
		if (i)
			putc(o->json ? ',' : o->delim, out);
		if (o->json) {
			tabwrite_json_string(out, sqlite3_column_name(st, i));
			putc(':', out);
		}
		write_cell(out, st, i, o);
	}
	fputs(o->json ? "}" : "\n", out);
}

static void
write_header(FILE *out, sqlite3_stmt *st, const tabwrite_opts *o)
{
	int n = sqlite3_column_count(st);

	if (o->json) {
		putc('[', out);
		return;
	}
	if (o->bom)
		fputs("\xEF\xBB\xBF", out);
	for (int i = 0; i < n; i++) {
		const char *name = sqlite3_column_name(st, i);
		if (i)
			putc(o->delim, out);
		tabwrite_csv_text(out, o->head ? o->head(o->head_ctx, name) : name,
		    o->delim);
	}
	putc('\n', out);
}

/* The columns of st into shape, nothing seen yet. */
static int
shape_of(sqlite3_stmt *st, tabwrite_shape *shape, sv_err *e)
{
	int n = sqlite3_column_count(st);

	if (n > TABWRITE_MAX_COLUMNS)
		return sv_errf(e, SV_SOFTWARE, "a table of %d columns: more than %d "
		    "to describe", n, TABWRITE_MAX_COLUMNS);
	shape->n = n;
	for (int i = 0; i < n; i++) {
		const char *name = sqlite3_column_name(st, i);
		if (strlen(name) >= sizeof shape->name[i])
			return sv_errf(e, SV_SOFTWARE, "a column name longer than %zu "
			    "bytes", sizeof shape->name[i] - 1);
		snprintf(shape->name[i], sizeof shape->name[i], "%s", name);
		shape->seen[i] = 0;
	}
	return SV_OK;
}

int
tabwrite_query(sqlite3 *db, const char *sql, const tabwrite_opts *o,
    FILE *out, sv_err *e)
{
	sqlite3_stmt *st;
	int rc;

	if ((rc = db_prepare(db, &st, sql, e)))
		return rc;
	return tabwrite_stmt(db, st, o, out, e);
}

int
tabwrite_stmt(sqlite3 *db, sqlite3_stmt *st, const tabwrite_opts *o,
    FILE *out, sv_err *e)
{
	long row = 0;
	int rc;

	if (o->shape && (rc = shape_of(st, o->shape, e))) {
		sqlite3_finalize(st);
		return rc;
	}
	write_header(out, st, o);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		for (int i = 0; o->shape && i < o->shape->n; i++)
			o->shape->seen[i] |= 1u << sqlite3_column_type(st, i);
		write_row(out, st, o, row++);
	}
	if (rc != SQLITE_DONE) {
		rc = db_fail(db, rc, e);
		sqlite3_finalize(st);
		return rc;
	}
	sqlite3_finalize(st);
	if (o->json)
		fputs(row ? "\n]\n" : "]\n", out);
	if (fflush(out) != 0 || ferror(out))
		return sv_errf(e, SV_IOERR, "cannot write the export: disk full?");
	return SV_OK;
}
