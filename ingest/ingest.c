/*
 * ingest — one file through sniffing, header recognition, its rows
 * (rows.c) and the ledger; the summary line.
 */
#include "ingest.h"

#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>
#include <string.h>

#include "../core/db.h"
#include "../core/text.h"
#include "ctx.h"
#include "spool.h"

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
			    qreason_label((enum qreason)q));
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
			    qreason_label((enum qreason)q));
	fputs(n ? ")\n" : "\n", log);
}

/* The extract's zone: as the user or the profile says, else the zone of
 * most of its rows put. */
static int
majority_zone(const ctx *c)
{
	return c->o->zone ? c->o->zone : c->prof.zone ? c->prof.zone :
	    votes_most(&c->zones_put);
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

/* A file found loaded already: counted, and said when asked (how: how it
 * was known). */
static void
already_loaded(const ingest_opts *o, FILE *log, const char *path,
    const char *how)
{
	if (o->tally)
		o->tally->files++, o->tally->already++;
	if (o->verbose || !o->tally) {
		clear_progress(o, log);
		fprintf(log, "%s: already loaded (%s), nothing changed\n", path, how);
	}
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
		if (!rc)
			already_loaded(o, log, path, "not written since");
		return rc;
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
		char why[48];
		if (*key && (rc = loader_restat(db, sn.sha256, key, e)))
			goto out;
		snprintf(why, sizeof why, "same SHA-256 %.12s…", sn.sha256);
		already_loaded(o, log, path, why);
		goto out;
	}
	if ((rc = rows_load(c, rs, l, e)))
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
	    c->quarantined, c->period_from, c->period_to,
	    votes_most(&c->months_put), *key ? key : NULL };
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
	free(c->zones_put.v);
	free(c->months_put.v);
	free(c);
	return rc;
}
