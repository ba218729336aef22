/*
 * read — a partner file's rows, each field by name, whatever the
 * language of its header and the dialect it was saved in (read.h).
 */
#include "read.h"

#include <stdlib.h>
#include <string.h>

#include "../core/grow.h"
#include "../ingest/records.h"

static void
rows_free(pfile *f)
{
	for (size_t i = 0; i < f->n; i++)
		for (int k = 0; k < PF_COUNT; k++)
			free(f->rows[i].f[k]);
	free(f->rows);
	f->rows = NULL;
	f->n = f->cap = 0;
}

void
pfile_free(pfile *f)
{
	rows_free(f);
}

/* The header: which column is which field, and so the file's kind. */
static int
read_header(pfile *f, const record *rec, int col[PF_COUNT], sv_err *e)
{
	for (int k = 0; k < PF_COUNT; k++)
		col[k] = -1;
	for (size_t i = 0; i < rec->nfields; i++) {
		int k = pwords_field(rec->fields[i]);
		if (k >= 0 && col[k] < 0)
			col[k] = (int)i;
	}
	if (col[PF_INDICATOR] >= 0 && col[PF_VALUE] >= 0)
		f->kind = PARTNER_FIGURES;
	else if (col[PF_STATUS] >= 0)
		f->kind = PARTNER_PROGRESS;
	else
		return sv_errf(e, SV_DATAERR, "%s:%ld: refused: not a partner file: "
		    "its header names neither an indicator and a value (figures) "
		    "nor a status (progress); 'suivi template' writes one",
		    f->path, rec->line);
	for (int i = 0; pwords_fields[f->kind][i] >= 0; i++) {
		int k = pwords_fields[f->kind][i];
		if (col[k] < 0 && k != PF_NOTE && k != PF_UNIT)
			return sv_errf(e, SV_DATAERR, "%s:%ld: refused: the header "
			    "has no column '%s' (or '%s', '%s')", f->path, rec->line,
			    pwords_column(k, "fr"), pwords_column(k, "nl"),
			    pwords_column(k, "en"));
	}
	return SV_OK;
}

/* Whether s holds a C0 control other than tab or a line break, DEL, or
 * a C1 control (U+0080 to U+009F, as UTF-8). */
static int
control_in(const char *s)
{
	for (const unsigned char *u = (const unsigned char *)s; *u; u++)
		if ((*u < 0x20 && !strchr("\t\n\r", *u)) || *u == 0x7F ||
		    (*u == 0xC2 && u[1] >= 0x80 && u[1] <= 0x9F))
			return 1;
	return 0;
}

/* Row rec into f, its fields copied without the spaces around them; a
 * record that cannot be read is kept with its reason in bad. */
static int
add_row(pfile *f, const record *rec, const int col[PF_COUNT])
{
	prow *r;

	if (grow((void **)&f->rows, &f->cap, f->n + 1, sizeof *f->rows))
		return -1;
	r = &f->rows[f->n++];
	memset(r, 0, sizeof *r);
	r->line = rec->line;
	r->bad = rec->status == REC_OK ? NULL : rec->status == REC_BAD_ENCODING ?
	    "bytes that are not text in the file's encoding" :
	    rec->status == REC_TOO_LONG ? "a row longer than 64 KiB" :
	    "broken quotes";
	for (int k = 0; k < PF_COUNT; k++) {
		const char *v = col[k] >= 0 && (size_t)col[k] < rec->nfields ?
		    rec->fields[col[k]] : "";
		size_t n;
		while (*v == ' ' || *v == '\t')
			v++;            /* a spreadsheet's stray spaces */
		for (n = strlen(v); n && (v[n - 1] == ' ' || v[n - 1] == '\t'); n--)
			;
		if (!(r->f[k] = strndup(r->bad ? "" : v, r->bad ? 0 : n)))
			return -1;
		if (!r->bad && control_in(r->f[k]))
			r->bad = "a control character (such as ESC or BEL) in a field: "
			    "not text a page can show";
	}
	/* measure ids as the plan writes them: "m2.10" is M2.10 */
	if (r->f[PF_MEASURE][0] == 'm')
		r->f[PF_MEASURE][0] = 'M';
	return 0;
}

/* Whether every field of rec is empty (a spreadsheet's trailing rows). */
static int
blank(const record *rec)
{
	for (size_t i = 0; i < rec->nfields; i++)
		if (rec->fields[i][0])
			return 0;
	return rec->status == REC_OK;
}

int
pfile_read(const char *path, pfile *f, sv_err *e)
{
	sniff_result sn;
	records *rs;
	record rec;
	int col[PF_COUNT], rc, more = 0, header = 1;

	memset(f, 0, sizeof *f);
	f->path = path;
	if ((rc = sniff_file(path, &sn, e)))
		return rc;
	memcpy(f->sha256, sn.sha256, sizeof f->sha256);
	if ((rc = records_open(path, sn.d, &rs, e)))
		return rc;
	while (!rc && (more = records_next(rs, &rec, e)) == 1) {
		if (header) {
			header = 0;
			rc = rec.status != REC_OK ? sv_errf(e, SV_DATAERR, "%s:%ld: "
			    "refused: the header row cannot be read", path, rec.line) :
			    read_header(f, &rec, col, e);
		} else if (!blank(&rec) && add_row(f, &rec, col))
			rc = sv_errf(e, SV_NOMEM, "out of memory");
	}
	records_close(rs);
	if (!rc && more != 0 && more != 1)
		rc = more;              /* records_next()'s error, in e */
	if (!rc && header)
		rc = sv_errf(e, SV_DATAERR, "%s: refused: the file is empty (no "
		    "header row)", path);
	if (rc)
		rows_free(f);
	return rc;
}
