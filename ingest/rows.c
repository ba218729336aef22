/*
 * rows — a file's records read and validated in one thread while this
 * one loads them (batch.h): each row quarantined with its reason, or put
 * (32 at a time where nothing in the table holds their refs), and the
 * conflicts found late settled at the end.  See ctx.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/dict.h"
#include "../core/grow.h"
#include "../core/text.h"
#include "batch.h"
#include "ctx.h"

/* Why a row is quarantined: the code stored, and words for people. */
static const struct {
	const char *code, *label;
} qreasons[Q_COUNT] = {
	{ "bad_encoding", "bad encoding" },
	{ "unbalanced_quote", "unbalanced quote" },
	{ "malformed_quotes", "misplaced quote" },
	{ "field_count", "wrong field count" },
	{ "missing_ref", "missing ref" },
	{ "unknown_commune", "unknown commune" },
	{ "bad_date", "bad date" },
	{ "missing_phenomenon", "missing phenomenon" },
	{ "bad_time", "bad time" },
	{ "bad_sex", "bad sex" },
	{ "bad_attempt", "bad attempt" },
	{ "unknown_zone", "unknown zone" },
	{ "zone_mismatch", "zone contradicts commune" },
	{ "ref_conflict", "same ref, other content" },
	{ "record_too_long", "row too long" },
	{ "bad_age", "bad age" },
};



static int
quarantine(ctx *c, loader *l, long line, enum field f, enum qreason q,
    const char *why, const char *raw, sv_err *e)
{
	c->quarantined++;
	c->by_reason[q]++;
	return l ? loader_quarantine(l, line, f < F_COUNT ? field_name(f) : "",
	    qreasons[q].code, why, raw, e) : SV_OK;
}

int
votes_add(votes *t, int value)
{
	size_t k;

	for (k = 0; k < t->n && t->v[k].value != value; k++)
		;
	if (k == t->n) {
		if (grow((void **)&t->v, &t->cap, k + 1, sizeof *t->v))
			return -1;
		t->v[t->n++] = (struct vote){ value, 0 };
	}
	t->v[k].n++;
	return 0;
}

int
votes_most(const votes *t)
{
	size_t best = 0;

	for (size_t k = 1; k < t->n; k++)
		if (t->v[k].n > t->v[best].n)
			best = k;
	return t->n ? t->v[best].value : 0;
}

/* A row was put (loaded, revised or re-sent unchanged): it counts for the
 * extract's zone, months and period. */
static void
note_put(ctx *c, const incident *inc)
{
	if (!c->period_from || inc->date_fact < c->period_from)
		c->period_from = inc->date_fact;
	if (inc->date_fact > c->period_to)
		c->period_to = inc->date_fact;
	if (votes_add(&c->months_put, inc->date_registered / 100) ||
	    votes_add(&c->zones_put, inc->zone))
		c->oom = 1;
}

/* A conflict found late: the first row of the pair, already loaded, must
 * join the quarantine too.  Its raw text is read again from the file.
 * Refs are kept whole (a cut ref could name another row) and found by
 * hash: many conflicts cost no more than a few. */
typedef struct conflict {
	int zone;
	const char *ref;        /* in refs: after the "zone\x1f" of its key */
	long line;
} conflict;

typedef struct conflicts {
	dict refs;              /* "zone\x1fref" of every ref in conflict */
	conflict *v;
	size_t n, cap;
} conflicts;

/* The key of (zone, ref): the zone's digits cannot hold the separator,
 * so the first one splits it. */
static char *
conflict_key(int zone, const char *ref)
{
	size_t n = strlen(ref) + 16;
	char *k = malloc(n);

	if (k)
		snprintf(k, n, "%d\x1f%s", zone, ref);
	return k;
}

static int
conflict_known(const conflicts *cs, int zone, const char *ref, int *oom)
{
	char *k = conflict_key(zone, ref);
	int found = k && dict_find(&cs->refs, k) >= 0;

	*oom |= !k;
	free(k);
	return found;
}

static int
conflict_add(conflicts *cs, int zone, const char *ref, long line)
{
	char *k = conflict_key(zone, ref);
	int i = k ? dict_add(&cs->refs, k) : -1;

	free(k);
	if (i < 0 || grow((void **)&cs->v, &cs->cap, cs->n + 1, sizeof *cs->v))
		return -1;
	cs->v[cs->n++] = (conflict){ zone, strchr(cs->refs.s[i], '\x1f') + 1,
	    line };
	return 0;
}

static int
by_line(const void *a, const void *b)
{
	long x = ((const conflict *)a)->line, y = ((const conflict *)b)->line;

	return (x > y) - (x < y);
}

/* The reading thread's state. */
typedef struct reader {
	ctx *c;
	records *rs;
	record rec;
	int pending;            /* rec was read but did not fit its batch */
	char *kept;             /* what the quarantine keeps of a row */
	size_t keptcap;
	sv_err e;
} reader;

/* Whether column i of the file is one suivi stores. */
static int
stored_column(const ctx *c, size_t i)
{
	for (int f = 0; f < F_COUNT; f++)
		if (c->hm.col[f] == (int)i)
			return 1;
	return 0;
}

/* Append field v to r->kept, quoted as CSV when it must be. */
static int
keep_field(reader *r, size_t *len, const char *v, char delim)
{
	size_t n = strlen(v), need = *len + 2 * n + 4;
	int quote = strpbrk(v, "\"\r\n") || strchr(v, delim);
	char *o;

	if (grow((void **)&r->kept, &r->keptcap, need, 1))
		return -1;
	o = r->kept + *len;
	if (*len)
		*o++ = delim;
	if (quote)
		*o++ = '"';
	for (const char *p = v; *p; p++) {
		if (*p == '"')
			*o++ = '"';
		*o++ = *p;
	}
	if (quote)
		*o++ = '"';
	*o = '\0';
	*len = (size_t)(o - r->kept);
	return 0;
}

/* What the quarantine keeps of a record: its text as read when the file
 * has no column suivi does not store; else the fields of the columns it
 * stores only (one it does not could hold anything, a name or a bank
 * account), or nothing when the record cannot be split into the file's
 * columns.  NULL when out of memory. */
static const char *
kept_text(reader *r, int q)
{
	static const char *const none = "(not kept: the row cannot be split "
	    "into the file's columns, and the file has columns that are not "
	    "stored)";
	const ctx *c = r->c;
	size_t len = 0;

	if (!c->hm.unknown[0])
		return r->rec.raw;
	if (r->rec.status != REC_OK || q == Q_FIELD_COUNT)
		return none;
	if (grow((void **)&r->kept, &r->keptcap, 1, 1))
		return NULL;
	r->kept[0] = '\0';
	for (size_t i = 0; i < r->rec.nfields && i < c->hm.ncols; i++)
		if (stored_column(c, i) && keep_field(r, &len, r->rec.fields[i],
		    c->d.delim))
			return NULL;
	return r->kept;
}

/* Read and validate one record into row (texts copied into b). */
static int
parse_row(void *arg, batch *b, parsed *row)
{
	static const enum qreason by_status[] = { Q_COUNT, Q_ENCODING, Q_QUOTE,
	    Q_MALFORMED, Q_TOO_LONG };
	reader *r = arg;
	char why[512] = "";
	int rc, full = 0;

	if (!r->pending && (rc = records_next(r->rs, &r->rec, &r->e)) != 1)
		return rc == 0 ? 0 : -rc;
	row->line = r->rec.line;
	row->bad = F_COUNT;
	row->q = -1;
	if (r->rec.status != REC_OK) {
		row->q = by_status[r->rec.status];
		snprintf(why, sizeof why, "%s", r->rec.status == REC_BAD_ENCODING ?
		    "bytes that are not valid text in the file's encoding (or a "
		    "NUL byte)" : r->rec.status == REC_UNBALANCED_QUOTE ? "a quote "
		    "opens a field and never closes" : r->rec.status == REC_TOO_LONG ?
		    "the row is longer than any real row (64 KiB); its beginning is "
		    "kept" : "a quote in the middle of a field");
	} else {
		enum field bad = F_COUNT;
		row->q = validate_row(r->c, &r->rec, &row->inc, &bad, why, sizeof why);
		row->bad = bad;
	}
	const char *raw = row->q >= 0 ? kept_text(r, row->q) : r->rec.raw;
	if (!raw)
		return -sv_errf(&r->e, SV_NOMEM, "out of memory");
	row->raw = batch_copy(b, raw, &full);
	row->why = batch_copy(b, why, &full);
	for (int f = 0; row->q < 0 && f < F_COUNT && !full; f++)
		row->inc.text[f] = batch_copy(b, row->inc.text[f], &full);
	r->pending = full > 0;
	if (full < 0)
		return -sv_errf(&r->e, SV_SOFTWARE, "%s:%ld: a row larger than a "
		    "batch can hold (rows are bounded: a bug)", r->c->path, row->line);
	return full ? BATCH_FULL : 1;
}

/* The loading side: every row counted, quarantined or put. */
typedef struct consumer {
	ctx *c;
	loader *l;
	conflicts cs;
} consumer;

/* Put one valid row by itself: a revision, a duplicate or a conflict
 * comes this way, and a row whose ref is already known to conflict. */
static int
put_row(consumer *k, const parsed *row, sv_err *e)
{
	ctx *c = k->c;
	char why[512];
	enum put_result res;
	long first = 0;
	int rc, oom = 0;
	const incident *inc = &row->inc;

	if (conflict_known(&k->cs, inc->zone, inc->text[F_REF], &oom)) {
		snprintf(why, sizeof why, "ref '%s' appears more than once in this "
		    "file with different content", inc->text[F_REF]);
		return quarantine(c, k->l, row->line, F_REF, Q_REF_CONFLICT, why,
		    row->raw, e);
	}
	if (oom)
		return sv_errf(e, SV_NOMEM, "out of memory");
	if ((rc = loader_put(k->l, inc, row->line, &res, &first, e)))
		return rc;
	switch (res) {
	case PUT_LOADED: c->loaded++; note_put(c, inc); break;
	case PUT_REVISED: c->revised++; note_put(c, inc); break;
	case PUT_UNCHANGED: c->unchanged++; note_put(c, inc); break;
	case PUT_DUPLICATE: c->dups++; break;
	case PUT_CONFLICT:
		if (conflict_add(&k->cs, inc->zone, inc->text[F_REF], first))
			return sv_errf(e, SV_NOMEM, "out of memory");
		snprintf(why, sizeof why, "ref '%s' is also on line %ld with "
		    "different content", inc->text[F_REF], first);
		return quarantine(c, k->l, row->line, F_REF, Q_REF_CONFLICT, why,
		    row->raw, e);
	}
	return SV_OK;
}

/* LOADER_MANY valid rows: inserted at once, and those that were not (a
 * ref already there) put one by one, in their order. */
static int
put_many(consumer *k, const parsed *const *rows, sv_err *e)
{
	const incident *inc[LOADER_MANY];
	long line[LOADER_MANY];
	unsigned char in[LOADER_MANY];
	int rc;

	for (int i = 0; i < LOADER_MANY; i++) {
		inc[i] = &rows[i]->inc;
		line[i] = rows[i]->line;
	}
	if ((rc = loader_put_many(k->l, inc, line, in, e)))
		return rc;
	for (int i = 0; i < LOADER_MANY && !rc; i++)
		if (in[i]) {
			k->c->loaded++;
			note_put(k->c, inc[i]);
		} else
			rc = put_row(k, rows[i], e);
	return rc;
}

/* The loading side: every row of a batch counted, quarantined or put,
 * valid ones LOADER_MANY at a time (the rest one by one). */
static int
load_rows(void *arg, const parsed *rows, int n, sv_err *e)
{
	consumer *k = arg;
	const parsed *queue[LOADER_MANY];
	int rc = SV_OK, nq = 0;

	for (int i = 0; i < n && !rc; i++) {
		const parsed *row = &rows[i];
		k->c->read++;
		if (row->q >= 0) {
			rc = quarantine(k->c, k->l, row->line, (enum field)row->bad,
			    (enum qreason)row->q, row->why, row->raw, e);
			continue;
		}
		queue[nq++] = row;
		if (nq == LOADER_MANY) {
			rc = put_many(k, queue, e);
			nq = 0;
		}
	}
	for (int i = 0; i < nq && !rc; i++)
		rc = put_row(k, queue[i], e);
	return rc;
}

/* Move the first rows of conflicting pairs from incident to quarantine. */
static int
settle_conflicts(ctx *c, loader *l, conflicts *cs, sv_err *e)
{
	records *rs;
	record rec;
	enum put_result was;
	int rc, more = 0;
	char why[512];

	if (cs->n == 0)
		return SV_OK;
	if ((rc = records_open(c->read_path, c->d, &rs, e)))
		return rc;
	/* one pass over the file, the conflicts in the order of their lines */
	qsort(cs->v, cs->n, sizeof *cs->v, by_line);
	size_t next = 0;
	while (!rc && next < cs->n && (more = records_next(rs, &rec, e)) == 1)
		for (size_t i = next; i < cs->n && !rc &&
		    cs->v[i].line <= rec.line; i++) {
			next = i + 1;
			if (cs->v[i].line != rec.line)
				continue;
			if ((rc = loader_unload(l, cs->v[i].zone, cs->v[i].ref,
			    &was, e)))
				break;
			if (was == PUT_REVISED)
				c->revised--;
			else if (was == PUT_UNCHANGED)
				c->unchanged--;
			else
				c->loaded--;
			snprintf(why, sizeof why, "ref '%s' appears again later in "
			    "this file with different content", cs->v[i].ref);
			reader kr = { .c = c, .rec = rec };
			const char *raw = kept_text(&kr, Q_REF_CONFLICT);
			rc = raw ? quarantine(c, l, rec.line, F_REF, Q_REF_CONFLICT,
			    why, raw, e) : sv_errf(e, SV_NOMEM, "out of memory");
			free(kr.kept);
		}
	records_close(rs);
	return rc ? rc : more < 0 ? more : SV_OK;
}

const char *
qreason_label(enum qreason q)
{
	return qreasons[q].label;
}

int
rows_load(ctx *c, records *rs, loader *l, sv_err *e)
{
	reader r = { .c = c, .rs = rs };
	consumer k = { .c = c, .l = l };
	int rc;

	rc = batch_run(parse_row, load_rows, &r, &k, &r.e, e);
	free(r.kept);
	if (!rc)
		rc = settle_conflicts(c, l, &k.cs, e);
	free(k.cs.v);
	dict_free(&k.cs.refs);
	return rc;
}

