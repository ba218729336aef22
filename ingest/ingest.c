/*
 * ingest — one file through sniffing, header recognition, its rows
 * (rows.c) and the ledger; the summary line.
 */
#include "ingest.h"

#include <stdlib.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <time.h>
#include <string.h>

#include "../core/db.h"
#include "../core/delivery.h"
#include "../core/text.h"
#include "ctx.h"
#include "ledger.h"
#include "spool.h"
#include "values.h"

static const char *
delimiter_name(char d)
{
	return d == '\t' ? "tab" : d == ';' ? ";" : d == '|' ? "|" : ",";
}

static void
summary(const ctx *c, long withdrawn, FILE *log)
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
	text_fputs_safe(log, c->path);
	fprintf(log, ": %ld read, %ld loaded, %ld revised, %ld unchanged, %ld "
	    "duplicates, %ld quarantined%s", c->read, c->loaded, c->revised,
	    c->unchanged, c->dups, c->quarantined, reasons);
	if (withdrawn)
		fprintf(log, "; %ld withdrawn", withdrawn);
	fprintf(log, "; %s, '%s', %s\n", sniff_encoding_name(c->d.encoding),
	    delimiter_name(c->d.delim), c->hm.lang);
	if (c->hm.unknown[0]) {
		/* header names come from the file: shown, never obeyed */
		text_fputs_safe(log, c->path);
		fputs(": columns not recognised, not stored: ", log);
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
tally(const ctx *c, long withdrawn, ingest_tally *t)
{
	if (!t)
		return;
	t->files++, t->fresh++;
	t->read += c->read, t->loaded += c->loaded, t->revised += c->revised;
	t->unchanged += c->unchanged, t->withdrawn += withdrawn;
	t->files_quarantined += c->quarantined > 0;
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
	    "%ld rows read, %ld loaded, %ld revised, %ld unchanged, %ld "
	    "duplicates, %ld quarantined", who, t->files + t->refused,
	    t->files + t->refused == 1 ? "" : "s", t->fresh, t->already,
	    t->refused, t->read, t->loaded, t->revised, t->unchanged,
	    t->duplicates, t->quarantined);
	for (int q = 0; q < Q_COUNT; q++)
		if (t->by_reason[q])
			fprintf(log, "%s%ld %s", n++ ? ", " : " (", t->by_reason[q],
			    qreason_label((enum qreason)q));
	if (n)
		fprintf(log, " in %ld file%s: suivi export --what quarantine lists "
		    "them)", t->files_quarantined, t->files_quarantined == 1 ? "" :
		    "s");
	if (t->withdrawn)
		fprintf(log, "; %ld withdrawn", t->withdrawn);
	putc('\n', log);
}

/* Whether z is a zone of the reference. */
static int
known_zone(const ctx *c, int z)
{
	for (int i = 0; z && i < c->zones.n; i++)
		if (c->zones.code[i] == z)
			return 1;
	return 0;
}

/* The delivery's identity (core/delivery.h) into lg: its zone as the
 * user, the profile or the zone's folder says, else the zone of most of
 * its rows put; its month as its name says, else the registration month
 * most of its rows bear; its version and stem as its name says.  A file
 * in a zone's folder whose rows are another zone's is refused. */
/* The zone a file declares before its rows are read: --zone, its
 * profile's, or its folder's (0: none). */
static int
declared_zone(const ctx *c, const delivery_name *dn)
{
	return c->o->zone ? c->o->zone : c->prof.zone ? c->prof.zone :
	    known_zone(c, dn->folder_zone) ? dn->folder_zone : 0;
}

static int
identity(const ctx *c, const delivery_name *dn, ledger *lg, sv_err *e)
{
	int folder = known_zone(c, dn->folder_zone) ? dn->folder_zone : 0;
	int rows = votes_most(&c->zones_put);

	lg->zone = declared_zone(c, dn);
	lg->zone = lg->zone ? lg->zone : rows;
	if (lg->zone == folder && rows && rows != folder)
		return sv_errf(e, SV_DATAERR, "%s: refused: its rows are zone %d's "
		    "(by their communes), but the file is in zone %d's folder: move "
		    "it to zone %d's, or say its zone with --zone; nothing of it was "
		    "loaded", c->path, rows, folder, rows);
	lg->month = dn->month ? dn->month : votes_most(&c->months_put);
	lg->named = dn->month != 0;
	lg->version = dn->version;
	lg->stem = dn->stem;
	return SV_OK;
}

/* The registration months of the rows put, for the ledger. */
static ledger_month *
months_of(const ctx *c)
{
	ledger_month *m = malloc((c->months_put.n + 1) * sizeof *m);

	for (size_t i = 0; m && i < c->months_put.n; i++)
		m[i] = (ledger_month){ c->months_put.v[i].value,
		    c->months_put.v[i].n };
	return m;
}

/* Fewer dates of facts than this: too few to say their day and month are
 * the wrong way round. */
#define DATE_ORDER_MIN 20

/* A reading that counts for nothing, or declares nothing, says so. */
static int
say_state(sqlite3 *db, const ctx *c, const char *sha256, FILE *log,
    sv_err *e)
{
	sqlite3_stmt *st;
	int rc, found;

	if ((rc = db_prepare(db, &st, "SELECT state, coalesce(zone, 0), "
	    "coalesce(month, 0), version FROM extract WHERE sha256 = ?1", e)))
		return rc;
	sqlite3_bind_text(st, 1, sha256, -1, SQLITE_STATIC);
	if ((rc = db_lookup(db, st, &found, e)) == SV_OK && found) {
		const char *state = (const char *)sqlite3_column_text(st, 0);
		int zone = sqlite3_column_int(st, 1), month = sqlite3_column_int(st, 2);
		int version = sqlite3_column_int(st, 3);
		if (!strcmp(state, "superseded") || !strcmp(state, "retracted")) {
			text_fputs_safe(log, c->path);
			fprintf(log, ": zone %d's %04d-%02d %s: this version (%d) is kept "
			    "but counts for nothing\n", zone, month / 100, month % 100,
			    !strcmp(state, "superseded") ? "has a later version loaded" :
			    "was retracted (suivi retract)", version);
		} else if ((!zone || !month) && c->read == 0) {
			text_fputs_safe(log, c->path);
			fprintf(log, ": the file has no row and does not say %s: it "
			    "delivers nothing (name it YYYY-MM.csv in its zone's folder, "
			    "or give --zone)\n", !month ? "its month" : "its zone");
		}
	}
	sqlite3_finalize(st);
	return rc;
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
		text_fputs_safe(log, path);
		fprintf(log, ": already loaded (%s), nothing changed\n", how);
	}
}

/* Refuse a new file the database's disk certainly has no room for, before
 * any row is written: loading it adds about 1.3 times its size to the
 * database, and as much again to the write-ahead log until it is folded
 * back, so at least twice its size must be free.  (Past that, a disk that
 * fills all the same is said by db_fail(), the file rolled back.) */
static int
room_for(sqlite3 *db, const char *path, sv_err *e)
{
	const char *file = sqlite3_db_filename(db, "main");
	unsigned long long avail, need, kib = 1024;
	char dir[4096], *slash;
	struct statvfs fs;
	struct stat st;

	if (!file || !*file || stat(path, &st) != 0)
		return SV_OK;   /* a dry run; or the reading will say */
	snprintf(dir, sizeof dir, "%s", file);
	if ((slash = strrchr(dir, '/')))
		*(slash == dir ? slash + 1 : slash) = '\0';
	else
		snprintf(dir, sizeof dir, ".");
	if (statvfs(dir, &fs) != 0)
		return SV_OK;
	avail = (unsigned long long)fs.f_bavail * fs.f_frsize;
	need = 2ULL * (unsigned long long)st.st_size;
	if (avail >= need)
		return SV_OK;
	return sv_errf(e, SV_IOERR, "%s: the disk is full for %s: %llu KiB free "
	    "where loading it needs at least %llu KiB (free some space, or put "
	    "the database elsewhere with --db); not loaded, the database is "
	    "unchanged", file, path, avail / kib, (need + kib - 1) / kib);
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
	ledger_month *months = NULL;
	char key[160], id[LEDGER_KEY_MAX];
	int rc, already = 0, known;
	delivery_name dn;

	if (!c)
		return sv_errf(e, SV_NOMEM, "out of memory");
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
	delivery_name_parse(path, &dn);
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
	    (rc = ledger_key(db, sn.sha256, &dn, declared_zone(c, &dn), id,
	    e)) ||
	    (rc = loader_begin(db, id, path, c->hm.lang, o->replace, &l,
	    &already, e)))
		goto out;
	if (already) {
		char why[48];
		if (*key && (rc = loader_restat(db, id, key, e)))
			goto out;
		snprintf(why, sizeof why, "same SHA-256 %.12s…", sn.sha256);
		already_loaded(o, log, path, why);
		goto out;
	}
	if ((rc = room_for(db, path, e)) || (rc = rows_load(c, rs, l, e)))
		goto out;
	if (c->oom) {
		rc = sv_errf(e, SV_NOMEM, "%s: out of memory", path);
		goto out;
	}
	if (c->date_misses * 2 > c->dates) {
		rc = sv_errf(e, SV_DATAERR, "%s: refused: %ld of its %ld dates of "
		    "facts do not read as the profile's date_format says: check it "
		    "(dd/mm/yyyy and mm/dd/yyyy read alike only up to the 12th of "
		    "a month: the other dates would load with day and month "
		    "swapped); "
		    "nothing of it was loaded", path, c->date_misses, c->dates);
		goto out;
	}
	if (c->date_pairs >= DATE_ORDER_MIN && !c->date_told &&
	    __builtin_popcount(c->months_read) >
	    __builtin_popcount(c->months_swapped)) {
		rc = sv_errf(e, SV_DATAERR, "%s: refused: %ld of its dates of facts "
		    "read both %s and with day and month swapped, none after the "
		    "12th tells them apart, and as read they fall in %d months of "
		    "the year, swapped in %d: %s; nothing of it was loaded", path,
		    c->date_pairs, c->prof.date_format == DATE_AUTO ? "day first "
		    "(as read without a profile)" : "as the profile's date_format "
		    "says", __builtin_popcount(c->months_read),
		    __builtin_popcount(c->months_swapped),
		    c->prof.date_format == DATE_AUTO ? "if they are month first, "
		    "read the file with a profile saying date_format = mm/dd/yyyy" :
		    "check date_format (dd/mm/yyyy or mm/dd/yyyy)");
		goto out;
	}
	if (spool_changed(&sp, path)) {
		rc = sv_errf(e, SV_DATAERR, "%s: refused: the file changed while it "
		    "was being read (is it still being written?); nothing of it was "
		    "loaded: run the command again once it is complete", path);
		goto out;
	}
	ledger lg = { .encoding = sniff_encoding_name(c->d.encoding),
	    .delimiter = delimiter_name(c->d.delim), .lang = c->hm.lang,
	    .unknown = c->hm.unknown, .read = c->read, .loaded = c->loaded,
	    .revised = c->revised, .unchanged = c->unchanged,
	    .duplicates = c->dups, .quarantined = c->quarantined,
	    .period_from = c->period_from, .period_to = c->period_to,
	    .nmonths = c->months_put.n, .stat = *key ? key : NULL };
	long withdrawn = 0;
	if ((rc = identity(c, &dn, &lg, e)))
		goto out;
	if (!(months = months_of(c))) {
		rc = sv_errf(e, SV_NOMEM, "out of memory");
		goto out;
	}
	lg.months = months;
	rc = loader_commit(l, &lg, &withdrawn, e);
	l = NULL;
	if (!rc)
		tally(c, withdrawn, o->tally);
	/* a few rows quarantined are every month's news: among many files,
	 * the summary counts them (and the files they are in) */
	if (!rc && (o->verbose || !o->tally || c->revised || c->dups ||
	    withdrawn || c->hm.unknown[0] || (c->quarantined && c->quarantined *
	    10 >= c->read))) {
		clear_progress(o, log);
		summary(c, withdrawn, log);
	}
	if (!rc)
		rc = say_state(db, c, id, log, e);
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
	free(months);
	free(c);
	return rc;
}
