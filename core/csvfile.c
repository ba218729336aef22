#include "csvfile.h"

#include <csv.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "grow.h"
#include "infile.h"
#include "text.h"

/* One parsed record: its starting line and its fields, each NUL-terminated
 * and owned by the record. */
typedef struct record {
	long line;
	size_t nfields;
	char **fields;
} record;

/*
 * Invariants: recs[0] is the header; cur is the index of the current
 * record (0 before the first csvfile_next()); every record has at least
 * one field.
 */
struct csvfile {
	char *path;
	record *recs;
	size_t nrecs, cap;
	size_t cur;
	/* parse state */
	record pending;
	long line;              /* lines fed to the parser so far */
	long pending_newlines;  /* newlines inside the pending record's fields */
	int oom;
};

static void
record_free(record *r)
{
	for (size_t i = 0; i < r->nfields; i++)
		free(r->fields[i]);
	free(r->fields);
	r->fields = NULL;
	r->nfields = 0;
}

static void
on_field(void *s, size_t len, void *data)
{
	csvfile *f = data;
	char **grown = realloc(f->pending.fields,
	    (f->pending.nfields + 1) * sizeof *grown);
	char *copy = malloc(len + 1);

	if (grown)
		f->pending.fields = grown;
	if (!grown || !copy) {
		free(copy);
		f->oom = 1;
		return;
	}
	if (len)
		memcpy(copy, s, len);
	copy[len] = '\0';
	f->pending.fields[f->pending.nfields++] = copy;
	/* Quoted newlines put the record's start that many lines back. */
	for (size_t i = 0; i < len; i++)
		f->pending_newlines += copy[i] == '\n';
}

static void
on_record(int c, void *data)
{
	csvfile *f = data;

	(void)c;
	if (f->pending.nfields == 0)
		return;
	/* A lone empty field is a blank line. */
	if (f->pending.nfields == 1 && f->pending.fields[0][0] == '\0') {
		record_free(&f->pending);
		f->pending_newlines = 0;
		return;
	}
	if (grow((void **)&f->recs, &f->cap, f->nrecs + 1, sizeof *f->recs)) {
		record_free(&f->pending);
		f->oom = 1;
		return;
	}
	f->pending.line = f->line - f->pending_newlines;
	f->pending_newlines = 0;
	f->recs[f->nrecs++] = f->pending;
	f->pending.fields = NULL;
	f->pending.nfields = 0;
}

static long
line_of_offset(const char *buf, size_t off)
{
	long line = 1;

	for (size_t i = 0; i < off; i++)
		line += buf[i] == '\n';
	return line;
}

static int
first_invalid_utf8(const char *buf, size_t n, size_t *at)
{
	size_t start = 0;

	for (size_t i = 0; i <= n; i++) {
		if (i == n || buf[i] == '\n') {
			if (!text_utf8_valid(buf + start, i - start)) {
				*at = start;
				return 1;
			}
			start = i + 1;
		}
	}
	return 0;
}

static int
slurp(const char *path, char **out, size_t *len, sv_err *e)
{
	int fd = infile_open(path, e);
	FILE *fp = fd < 0 ? NULL : fdopen(fd, "rb");
	char *buf = NULL;
	size_t cap = 0, n = 0;

	if (!fp) {
		if (fd >= 0)
			close(fd);
		return fd < 0 ? e->code : sv_errf(e, SV_SOFTWARE, "%s: out of "
		    "memory", path);
	}
	for (;;) {
		if (n >= CSVFILE_MAX_BYTES) {
			free(buf);
			fclose(fp);
			return sv_errf(e, SV_DATAERR, "%s: refused: more than %d MiB, "
			    "more than a reference file holds", path,
			    CSVFILE_MAX_BYTES >> 20);
		}
		if (n == cap) {
			char *grown = realloc(buf, cap = cap ? 2 * cap : 65536);
			if (!grown) {
				free(buf);
				fclose(fp);
				return sv_errf(e, SV_NOMEM, "%s: out of memory", path);
			}
			buf = grown;
		}
		size_t got = fread(buf + n, 1, cap - n, fp);
		n += got;
		if (got == 0)
			break;
	}
	if (ferror(fp)) {
		free(buf);
		fclose(fp);
		return sv_errf(e, SV_IOERR, "%s: read error", path);
	}
	fclose(fp);
	*out = buf;
	*len = n;
	return SV_OK;
}

static int
parse(csvfile *f, const char *buf, size_t n, sv_err *e)
{
	struct csv_parser p;
	size_t start = 0;

	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI) != 0)
		return sv_errf(e, SV_NOMEM, "%s: out of memory", f->path);
	/* Feed one physical line at a time so that the record callbacks know
	 * which line they are on. */
	for (size_t i = 0; i <= n && !f->oom; i++) {
		if (i < n && buf[i] != '\n')
			continue;
		f->line++;
		size_t len = i - start + (i < n);
		if (csv_parse(&p, buf + start, len, on_field, on_record, f) != len)
			break;
		start = i + 1;
	}
	if (!f->oom && csv_error(&p) == CSV_SUCCESS)
		csv_fini(&p, on_field, on_record, f);
	int err = csv_error(&p);
	csv_free(&p);
	record_free(&f->pending);
	if (f->oom)
		return sv_errf(e, SV_NOMEM, "%s: out of memory", f->path);
	if (err != CSV_SUCCESS)
		return sv_errf(e, SV_DATAERR, "%s:%ld: malformed CSV (%s): check "
		    "the quotes on this line", f->path, f->line, csv_strerror(err));
	return SV_OK;
}

int
csvfile_open(const char *path, csvfile **out, sv_err *e)
{
	csvfile *f;
	char *buf = NULL;
	size_t n = 0, skip = 0, bad;
	int rc;

	*out = NULL;
	if ((rc = slurp(path, &buf, &n, e)))
		return rc;
	if (n >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
		skip = 3;
	if (first_invalid_utf8(buf, n, &bad)) {
		rc = sv_errf(e, SV_DATAERR, "%s:%ld: not valid UTF-8: save the "
		    "file as UTF-8", path, line_of_offset(buf, bad));
		free(buf);
		return rc;
	}
	if (!(f = calloc(1, sizeof *f)) || !(f->path = strdup(path))) {
		free(f);
		free(buf);
		return sv_errf(e, SV_NOMEM, "%s: out of memory", path);
	}
	rc = parse(f, buf + skip, n - skip, e);
	free(buf);
	if (!rc && f->nrecs == 0)
		rc = sv_errf(e, SV_DATAERR, "%s: empty file: a header row is "
		    "required", path);
	if (rc) {
		csvfile_close(f);
		return rc;
	}
	*out = f;
	return SV_OK;
}

void
csvfile_close(csvfile *f)
{
	if (!f)
		return;
	for (size_t i = 0; i < f->nrecs; i++)
		record_free(&f->recs[i]);
	free(f->recs);
	free(f->path);
	free(f);
}

const char *
csvfile_path(const csvfile *f)
{
	return f->path;
}

int
csvfile_column(const csvfile *f, const char *name)
{
	const record *h = &f->recs[0];

	for (size_t i = 0; i < h->nfields; i++)
		if (strcmp(h->fields[i], name) == 0)
			return (int)i;
	return -1;
}

int
csvfile_require(const csvfile *f, const char *const *names, sv_err *e)
{
	for (; *names; names++)
		if (csvfile_column(f, *names) < 0)
			return sv_errf(e, SV_DATAERR, "%s:1: the header has no "
			    "column '%s'", f->path, *names);
	return SV_OK;
}

int
csvfile_next(csvfile *f)
{
	if (f->cur + 1 >= f->nrecs)
		return 0;
	f->cur++;
	return 1;
}

long
csvfile_line(const csvfile *f)
{
	return f->recs[f->cur].line;
}

size_t
csvfile_nfields(const csvfile *f)
{
	return f->recs[f->cur].nfields;
}

const char *
csvfile_get(const csvfile *f, const char *name)
{
	int i = csvfile_column(f, name);
	const record *r = &f->recs[f->cur];

	return i >= 0 && (size_t)i < r->nfields ? r->fields[i] : "";
}
