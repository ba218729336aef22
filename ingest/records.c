#include "records.h"

#include <csv.h>
#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/infile.h"
#include "../core/text.h"
#include "lines.h"

/* A growable byte buffer. */
typedef struct buf {
	char *p;
	size_t len, cap;
} buf;

static int
buf_reserve(buf *b, size_t more)
{
	if (b->len + more + 1 <= b->cap)
		return 0;
	size_t cap = b->cap ? b->cap : 256;
	while (cap < b->len + more + 1)
		cap *= 2;
	char *p = realloc(b->p, cap);
	if (!p)
		return -1;
	b->p = p;
	b->cap = cap;
	return 0;
}

static int
buf_add(buf *b, const char *s, size_t n)
{
	if (buf_reserve(b, n))
		return -1;
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
	return 0;
}

/*
 * Invariants: line is the number of physical lines consumed so far;
 * text holds the current record's raw bytes (lines joined by '\n', line
 * ends stripped); utf8 holds it converted from Windows-1252, and dec points
 * at whichever of the two is the record in UTF-8; fields holds the field contents
 * back to back, NUL-separated, indexed by offs.
 */
struct records {
	FILE *fp;
	lines in;
	char *path;
	dialect d;
	iconv_t cd;
	long line;
	int too_long, nul;      /* of the record being gathered */
	buf text, utf8, shown, fields;
	const char *dec;        /* the record in UTF-8: text, or utf8 */
	size_t declen;
	size_t *offs;
	const char **ptrs;
	size_t nfields, fcap;
	struct csv_parser csv;
	int oom;
};

static int
only_space(unsigned char c)
{
	return c == ' ';
}

int
records_open(const char *path, dialect d, records **out, sv_err *e)
{
	records *r = calloc(1, sizeof *r);

	*out = NULL;
	if (!r || !(r->path = strdup(path)))
		goto oom;
	r->d = d;
	r->cd = (iconv_t)-1;
	if (d.encoding == ENC_CP1252 &&
	    (r->cd = iconv_open("UTF-8", "WINDOWS-1252")) == (iconv_t)-1) {
		records_close(r);
		return sv_errf(e, SV_SOFTWARE, "iconv cannot convert from "
		    "Windows-1252 on this system");
	}
	if (csv_init(&r->csv, CSV_STRICT) != 0)
		goto oom;
	csv_set_delim(&r->csv, (unsigned char)d.delim);
	csv_set_space_func(&r->csv, only_space);
	if (!(r->fp = infile_fopen(path, "rb", e))) {
		records_close(r);
		return e->code;
	}
	lines_init(&r->in, r->fp, RECORDS_MAX_BYTES + 1, NULL);
	*out = r;
	return SV_OK;
oom:
	records_close(r);
	return sv_errf(e, SV_NOMEM, "%s: out of memory", path);
}

void
records_close(records *r)
{
	if (!r)
		return;
	if (r->fp)
		fclose(r->fp);
	if (r->cd != (iconv_t)-1)
		iconv_close(r->cd);
	csv_free(&r->csv);
	lines_free(&r->in);
	free(r->text.p);
	free(r->utf8.p);
	free(r->shown.p);
	free(r->fields.p);
	free(r->offs);
	free(r->ptrs);
	free(r->path);
	free(r);
}

/* Read one physical line into text (appending), without its line end;
 * past RECORDS_MAX_BYTES the record is too long and its text stops
 * growing.  Returns 1, 0 at end of file, -1 on a read error. */
static int
read_line(records *r)
{
	int rc = lines_next(&r->in);
	char *p = r->in.line;
	size_t n = r->in.len;

	if (rc <= 0)
		return rc;
	if (r->line++ == 0 && n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
		p += 3, n -= 3;
	r->nul |= r->in.nul;
	if (r->in.full > r->in.len || r->text.len + n > RECORDS_MAX_BYTES)
		r->too_long = 1;
	if (r->text.len + n > RECORDS_MAX_BYTES)
		n = r->text.len < RECORDS_MAX_BYTES ? RECORDS_MAX_BYTES -
		    r->text.len : 0;
	if (buf_add(&r->text, p, n))
		r->oom = 1;
	return 1;
}

static size_t
count_quotes(const char *s, size_t n)
{
	size_t q = 0;

	for (size_t i = 0; i < n; i++)
		q += s[i] == '"';
	return q;
}

/* Show raw bytes as UTF-8: valid sequences as they are, others (and NUL)
 * as \xNN. */
static void
show_escaped(records *r, const char *s, size_t n)
{
	r->shown.len = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		size_t len = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 :
		    (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
		if (c && len && i + len <= n && text_utf8_valid(s + i, len)) {
			r->oom |= buf_add(&r->shown, s + i, len) != 0;
			i += len - 1;
		} else {
			char esc[5];
			snprintf(esc, sizeof esc, "\\x%02X", c);
			r->oom |= buf_add(&r->shown, esc, 4) != 0;
		}
	}
	if (!r->shown.p)
		r->oom |= buf_add(&r->shown, "", 0) != 0;
}

/* Decode text into UTF-8 (dec); 0 on success, -1 for bytes invalid in the
 * encoding. */
static int
decode(records *r)
{
	if (r->d.encoding != ENC_CP1252) {
		/* UTF-8 already: no copy, and no second check of a file the
		 * sniffing pass found valid throughout. */
		if (!r->d.utf8_clean && !text_utf8_valid(r->text.p, r->text.len))
			return -1;
		r->dec = r->text.p;
		r->declen = r->text.len;
		return 0;
	}
	r->utf8.len = 0;
	if (buf_reserve(&r->utf8, r->text.len * 3)) {
		r->oom = 1;
		r->dec = "";
		r->declen = 0;
		return 0;
	}
	char *in = r->text.p, *out = r->utf8.p;
	size_t inleft = r->text.len, outleft = r->utf8.cap - 1;
	iconv(r->cd, NULL, NULL, NULL, NULL);
	if (iconv(r->cd, &in, &inleft, &out, &outleft) == (size_t)-1)
		return -1;
	r->utf8.len = (size_t)(out - r->utf8.p);
	r->utf8.p[r->utf8.len] = '\0';
	r->dec = r->utf8.p;
	r->declen = r->utf8.len;
	return 0;
}

static void
on_field(void *s, size_t len, void *data)
{
	records *r = data;
	const char *p = s ? s : "";

	while (len && p[len - 1] == ' ')
		len--;
	if (r->nfields == r->fcap) {
		size_t cap = r->fcap ? 2 * r->fcap : 32;
		size_t *o = realloc(r->offs, cap * sizeof *o);
		if (!o) {
			r->oom = 1;
			return;
		}
		r->offs = o;
		const char **q = realloc(r->ptrs, cap * sizeof *q);
		if (!q) {
			r->oom = 1;
			return;
		}
		r->ptrs = q;
		r->fcap = cap;
	}
	r->offs[r->nfields++] = r->fields.len;
	r->oom |= buf_add(&r->fields, p, len) != 0;
	r->oom |= buf_add(&r->fields, "", 1) != 0;     /* keep the NUL */
}

static int
split(records *r)
{
	r->nfields = 0;
	r->fields.len = 0;
	size_t n = r->declen;
	if (csv_parse(&r->csv, r->dec, n, on_field, NULL, r) != n ||
	    csv_fini(&r->csv, on_field, NULL, r) != 0) {
		/* Start afresh: the parser's state is unknown after an error. */
		csv_free(&r->csv);
		csv_init(&r->csv, CSV_STRICT);
		csv_set_delim(&r->csv, (unsigned char)r->d.delim);
		csv_set_space_func(&r->csv, only_space);
		return -1;
	}
	for (size_t i = 0; i < r->nfields; i++)
		r->ptrs[i] = r->fields.p + r->offs[i];
	return 0;
}

/* Gather the lines of one record into text; set *unbalanced when a quote
 * stays open past RECORDS_MAX_LINES lines or the end of the file, having
 * rewound to just after the first line. */
static int
gather(records *r, long *first, int *unbalanced)
{
	off_t resume = 0;
	long lines = 1;
	int rc;

	*unbalanced = 0;
	do {
		r->text.len = 0;
		r->too_long = r->nul = 0;
		if ((rc = read_line(r)) <= 0)
			return rc;
	} while (strspn(r->text.p ? r->text.p : "", " \t") == r->text.len &&
	    !r->too_long && !r->nul);
	*first = r->line;
	size_t first_len = r->text.len;
	int first_long = r->too_long, first_nul = r->nul;
	while (!r->too_long && count_quotes(r->text.p, r->text.len) % 2) {
		if (lines == 1)
			resume = lines_tell(&r->in);
		if (lines == RECORDS_MAX_LINES)
			goto broken;
		r->oom |= buf_add(&r->text, "\n", 1) != 0;
		if ((rc = read_line(r)) < 0)
			return rc;
		if (rc == 0)
			goto broken;
		lines++;
	}
	return 1;
broken:
	r->text.len = first_len;
	r->text.p[first_len] = '\0';
	r->too_long = first_long;
	r->nul = first_nul;
	if (lines_seek(&r->in, resume) != 0)
		return -1;
	r->line = *first;
	*unbalanced = 1;
	return 1;
}

int
records_next(records *r, record *rec, sv_err *e)
{
	int unbalanced;

	int rc = gather(r, &rec->line, &unbalanced);

	if (rc < 0)
		return sv_errf(e, SV_IOERR, "%s:%ld: read error", r->path, r->line);
	if (rc == 0)
		return 0;
	rec->nfields = 0;
	rec->fields = NULL;
	if (r->too_long) {
		/* its beginning, and how long it was: the rest is not kept */
		char more[96];
		rec->status = REC_TOO_LONG;
		show_escaped(r, r->text.p, r->text.len < 200 ? r->text.len : 200);
		snprintf(more, sizeof more, "... (more than %d bytes)",
		    RECORDS_MAX_BYTES);
		r->oom |= buf_add(&r->shown, more, strlen(more)) != 0;
		rec->raw = r->shown.p;
	} else if (r->nul || decode(r) != 0) {
		rec->status = REC_BAD_ENCODING;
		show_escaped(r, r->text.p, r->text.len);
		rec->raw = r->shown.p;
	} else {
		rec->raw = r->dec;
		if (unbalanced)
			rec->status = REC_UNBALANCED_QUOTE;
		else if (split(r) != 0)
			rec->status = REC_MALFORMED;
		else {
			rec->status = REC_OK;
			rec->nfields = r->nfields;
			rec->fields = r->ptrs;
		}
	}
	if (r->oom)
		return sv_errf(e, SV_NOMEM, "%s:%ld: out of memory", r->path,
		    rec->line);
	return 1;
}
