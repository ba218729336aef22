/*
 * ingest — one file through sniffing, header recognition, row validation
 * and the loader; the summary line.
 */
#include "ingest.h"

#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>
#include <string.h>

#include "../core/db.h"
#include "../core/dict.h"
#include "../core/grow.h"
#include "../core/text.h"
#include "batch.h"
#include "ctx.h"
#include "spool.h"

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

/* A row was loaded or revised: it counts for the extract's zone and
 * period. */
static void
note_put(ctx *c, const incident *inc)
{
	int zone = inc->zone;

	int month = inc->date_registered / 100;
	size_t k;

	if (!c->period_from || inc->date_fact < c->period_from)
		c->period_from = inc->date_fact;
	if (inc->date_fact > c->period_to)
		c->period_to = inc->date_fact;
	for (k = 0; k < c->nmonths && c->months[k].month != month; k++)
		;
	if (k == c->nmonths) {
		if (grow((void **)&c->months, &c->capmonths, k + 1,
		    sizeof *c->months)) {
			c->oom = 1;
			return;
		}
		c->months[c->nmonths++] = (struct month_vote){ month, 0 };
	}
	c->months[k].n++;
	for (k = 0; k < c->nzone_votes && c->zone_votes[k].zone != zone; k++)
		;
	if (k == c->nzone_votes) {
		if (grow((void **)&c->zone_votes, &c->capzone_votes, k + 1,
		    sizeof *c->zone_votes)) {
			c->oom = 1;
			return;
		}
		c->zone_votes[c->nzone_votes++] = (struct zone_vote){ zone, 0 };
	}
	c->zone_votes[k].n++;
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
	sv_err e;
} reader;

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
	row->raw = batch_copy(b, r->rec.raw, &full);
	row->why = batch_copy(b, why, &full);
	for (int f = 0; row->q < 0 && f < F_COUNT && !full; f++)
		row->inc.text[f] = batch_copy(b, row->inc.text[f], &full);
	if (row->q < 0)
		row->hash = loader_hash(&row->inc);
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
		return sv_errf(e, SV_SOFTWARE, "out of memory");
	if ((rc = loader_put(k->l, inc, row->hash, row->line, &res, &first, e)))
		return rc;
	switch (res) {
	case PUT_LOADED: c->loaded++; note_put(c, inc); break;
	case PUT_REVISED: c->revised++; note_put(c, inc); break;
	case PUT_DUPLICATE: c->dups++; break;
	case PUT_CONFLICT:
		if (conflict_add(&k->cs, inc->zone, inc->text[F_REF], first))
			return sv_errf(e, SV_SOFTWARE, "out of memory");
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
	uint64_t hash[LOADER_MANY];
	long line[LOADER_MANY];
	unsigned char in[LOADER_MANY];
	int rc;

	for (int i = 0; i < LOADER_MANY; i++) {
		inc[i] = &rows[i]->inc;
		hash[i] = rows[i]->hash;
		line[i] = rows[i]->line;
	}
	if ((rc = loader_put_many(k->l, inc, hash, line, in, e)))
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
	int rc, more = 0, was_revision;
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
			    &was_revision, e)))
				break;
			if (was_revision)
				c->revised--;
			else
				c->loaded--;
			snprintf(why, sizeof why, "ref '%s' appears again later in "
			    "this file with different content", cs->v[i].ref);
			rc = quarantine(c, l, rec.line, F_REF, Q_REF_CONFLICT, why,
			    rec.raw, e);
		}
	records_close(rs);
	return rc ? rc : more < 0 ? more : SV_OK;
}

static const char *
delimiter_name(char d)
{
	return d == '\t' ? "tab" : d == ';' ? ";" : d == '|' ? "|" : ",";
}

static void
summary(const ctx *c, FILE *log)
{
	char reasons[1024] = "";
	size_t len = 0;

	for (int q = 0; q < Q_COUNT; q++)
		if (c->by_reason[q])
			len += (size_t)snprintf(reasons + len, sizeof reasons - len,
			    "%s%ld %s", len ? ", " : " (", c->by_reason[q],
			    qreasons[q].label);
	if (len)
		snprintf(reasons + len, sizeof reasons - len, ")");
	fprintf(log, "%s: %ld read, %ld loaded, %ld revised, %ld duplicates, %ld "
	    "quarantined%s; %s, '%s', %s\n", c->path, c->read, c->loaded,
	    c->revised, c->dups, c->quarantined, reasons,
	    sniff_encoding_name(c->d.encoding), delimiter_name(c->d.delim),
	    c->hm.lang);
	if (c->hm.unknown[0]) {
		/* header names come from the file: shown, never obeyed */
		fprintf(log, "%s: columns not recognised, not stored: ", c->path);
		text_fputs_safe(log, c->hm.unknown);
		putc('\n', log);
	}
}

static void
clear_progress(const ingest_opts *o, FILE *log)
{
	if (o->progress)
		fputs("\r\033[K", log);
}

static void
tally(const ctx *c, ingest_tally *t)
{
	if (!t)
		return;
	t->files++, t->fresh++;
	t->read += c->read, t->loaded += c->loaded, t->revised += c->revised;
	t->duplicates += c->dups, t->quarantined += c->quarantined;
	_Static_assert(Q_COUNT <= sizeof t->by_reason / sizeof *t->by_reason,
	    "ingest_tally.by_reason holds every reason");
	for (int q = 0; q < Q_COUNT; q++)
		t->by_reason[q] += c->by_reason[q];
}

void
ingest_tally_print(const ingest_tally *t, const char *who, FILE *log)
{
	int n = 0;

	fprintf(log, "%s: %ld file%s (%ld new, %ld already loaded, %ld refused); "
	    "%ld rows read, %ld loaded, %ld revised, %ld duplicates, %ld "
	    "quarantined", who, t->files + t->refused, t->files + t->refused == 1 ?
	    "" : "s", t->fresh, t->already, t->refused, t->read, t->loaded,
	    t->revised, t->duplicates, t->quarantined);
	for (int q = 0; q < Q_COUNT; q++)
		if (t->by_reason[q])
			fprintf(log, "%s%ld %s", n++ ? ", " : " (", t->by_reason[q],
			    qreasons[q].label);
	fputs(n ? ")\n" : "\n", log);
}

/* The registration month most of the rows put bear: the month the
 * extract delivers (yyyymm), or 0. */
static int
delivered_month(const ctx *c)
{
	size_t best = 0;

	for (size_t k = 1; k < c->nmonths; k++)
		if (c->months[k].n > c->months[best].n)
			best = k;
	return c->nmonths ? c->months[best].month : 0;
}


static int
majority_zone(const ctx *c)
{
	size_t best = 0;

	for (size_t i = 1; i < c->nzone_votes; i++)
		if (c->zone_votes[i].n > c->zone_votes[best].n)
			best = i;
	return c->o->zone ? c->o->zone : c->prof.zone ? c->prof.zone :
	    c->nzone_votes ? c->zone_votes[best].zone : 0;
}

/* Read the header record and recognise it. */
static int
read_header(sqlite3 *db, ctx *c, records *rs, sv_err *e)
{
	record rec;
	int rc = records_next(rs, &rec, e);

	if (rc < 0 || rc > 1)
		return rc;
	if (rc == 0)
		return sv_errf(e, SV_DATAERR, "%s: refused: the file is empty (no "
		    "header row)", c->path);
	if (rec.status != REC_OK)
		return sv_errf(e, SV_DATAERR, "%s:%ld: refused: the header row "
		    "cannot be read (%s)", c->path, rec.line, rec.status ==
		    REC_BAD_ENCODING ? "bad encoding" : rec.status == REC_TOO_LONG ?
		    "longer than 64 KiB" : "broken quotes");
	return header_map_build(db, rec.fields, rec.nfields, &c->prof, c->path,
	    &c->hm, e);
}

/* Read in one thread, load in this one (batch.h). */
static int
read_rows(ctx *c, records *rs, loader *l, sv_err *e)
{
	reader r = { c, rs, { 0 }, 0, { 0, "" } };
	consumer k = { .c = c, .l = l };
	int rc;

	rc = batch_run(parse_row, load_rows, &r, &k, &r.e, e);
	if (!rc)
		rc = settle_conflicts(c, l, &k.cs, e);
	free(k.cs.v);
	dict_free(&k.cs.refs);
	return rc;
}

static int
prepare(sqlite3 *db, ctx *c, sniff_result *sn, sv_err *e)
{
	int rc;

	if (c->o->profile && (rc = profile_load(c->o->profile, &c->prof, e)))
		return rc;
	if ((rc = sniff_file(c->read_path, sn, e)))
		return rc;
	c->d = sn->d;
	if (c->prof.delim)
		c->d.delim = c->prof.delim;
	if (c->prof.encoding >= 0 && c->d.encoding != ENC_UTF8_BOM)
		c->d.encoding = (enum encoding)c->prof.encoding;
	return validate_places(db, c, e);
}

/* A regular file's device, inode, size and modification and change
 * times (to the nanosecond): while they stay the same, the file has not
 * been written, so a file loaded with this key need not be read again
 * (git's index does the same).  "" for anything else (a pipe), and for a
 * file written in the last two seconds: on a file system whose times are
 * coarse, it could be written again with the same key (git's "racily
 * clean" entries). */
static void
stat_key(const char *path, char *key, size_t n)
{
	struct stat sb;

	key[0] = '\0';
	if (stat(path, &sb) == 0 && S_ISREG(sb.st_mode) &&
	    time(NULL) - sb.st_mtim.tv_sec >= 2 && time(NULL) - sb.st_ctim.tv_sec >= 2)
		snprintf(key, n, "%llu:%llu:%lld:%lld.%09ld:%lld.%09ld",
		    (unsigned long long)sb.st_dev, (unsigned long long)sb.st_ino,
		    (long long)sb.st_size, (long long)sb.st_mtim.tv_sec,
		    sb.st_mtim.tv_nsec, (long long)sb.st_ctim.tv_sec,
		    sb.st_ctim.tv_nsec);
}

/* Whether a file with this stat key is loaded already (a reading that
 * loaded nothing does not count: it is read again). */
static int
known_unchanged(sqlite3 *db, const char *key, int *known, sv_err *e)
{
	sqlite3_stmt *st;
	int rc;

	*known = 0;
	if (!*key)
		return SV_OK;
	if ((rc = db_prepare(db, &st, "SELECT 1 FROM extract WHERE stat = ?1 AND "
	    "replaced_by IS NULL AND NOT (rows_read > 0 AND rows_quarantined = "
	    "rows_read)", e)))
		return rc;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	rc = db_lookup(db, st, known, e);
	sqlite3_finalize(st);
	return rc;
}

int
ingest_file(sqlite3 *db, const char *path, const ingest_opts *o, FILE *log,
    sv_err *e)
{
	ctx *c = calloc(1, sizeof *c);
	sniff_result sn;
	records *rs = NULL;
	loader *l = NULL;
	spool sp;
	char key[160];
	int rc, already = 0, known;

	if (!c)
		return sv_errf(e, SV_SOFTWARE, "out of memory");
	stat_key(path, key, sizeof key);
	/* a profile is checked first, as when the file is read */
	if (!o->replace && !o->profile && ((rc = known_unchanged(db, key,
	    &known, e)) || known)) {
		free(c);
		if (rc)
			return rc;
		if (o->tally)
			o->tally->files++, o->tally->already++;
		if (o->verbose || !o->tally) {
			clear_progress(o, log);
			fprintf(log, "%s: already loaded (not written since), nothing "
			    "changed\n", path);
		}
		return SV_OK;
	}
	c->path = path;
	c->o = o;
	c->latest = validate_latest();
	profile_none(&c->prof);
	if ((rc = spool_open(&sp, path, e))) {
		free(c);
		return rc;
	}
	c->read_path = sp.path;
	if ((rc = prepare(db, c, &sn, e)) ||
	    (rc = records_open(c->read_path, c->d, &rs, e)) ||
	    (rc = read_header(db, c, rs, e)) ||
	    (rc = loader_begin(db, sn.sha256, path, o->replace, &l, &already, e)))
		goto out;
	if (already) {
		if (o->tally)
			o->tally->files++, o->tally->already++;
		if (o->verbose || !o->tally) {
			clear_progress(o, log);
			fprintf(log, "%s: already loaded (same SHA-256 %.12s…), nothing "
			    "changed\n", path, sn.sha256);
		}
		goto out;
	}
	if ((rc = read_rows(c, rs, l, e)))
		goto out;
	if (c->oom) {
		rc = sv_errf(e, SV_SOFTWARE, "%s: out of memory", path);
		goto out;
	}
	if (spool_changed(&sp, path)) {
		rc = sv_errf(e, SV_DATAERR, "%s: refused: the file changed while it "
		    "was being read (is it still being written?); nothing of it was "
		    "loaded: run the command again once it is complete", path);
		goto out;
	}
	ledger lg = { majority_zone(c), sniff_encoding_name(c->d.encoding),
	    delimiter_name(c->d.delim), c->hm.lang,
	    c->hm.unknown, c->read, c->loaded, c->revised, c->dups,
	    c->quarantined, c->period_from, c->period_to, delivered_month(c),
	    *key ? key : NULL };
	rc = loader_commit(l, &lg, e);
	l = NULL;
	if (!rc)
		tally(c, o->tally);
	if (!rc && (o->verbose || !o->tally || c->quarantined || c->revised ||
	    c->dups || c->hm.unknown[0])) {
		clear_progress(o, log);
		summary(c, log);
	}
	if (!rc && c->read > 0 && c->quarantined == c->read)
		/* recorded, with its quarantine; read again once fixed */
		rc = sv_errf(e, SV_DATAERR, "%s: no row of it could be loaded (all %ld "
		    "quarantined: see suivi export --what quarantine); fix the file "
		    "or its profile and ingest it again", path, c->read);
out:
	if (rc && l)
		loader_abort(l);
	records_close(rs);
	spool_close(&sp);
	validate_free(c);
	free(c->months);
	free(c);
	return rc;
}
