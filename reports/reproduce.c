/*
 * reproduce — suivi report --publication N (reports.h): a publication's
 * pages made again from the database as it stood, on a copy, and checked
 * against what was recorded.
 *
 * The copy is taken back to the moment the pages were written: the
 * deliveries, retractions and partners' files loaded after removed
 * (ingest_rollback, partners_rollback), the later publications,
 * aggregate runs and alarms raised by them set aside; aggregate runs
 * again with the publication's run's settings, on the database as it
 * stood at that run; then the report is written twice: once as it was
 * first written, whose pages' and charts' SHA-256s are compared with the
 * recorded ones, and once more, saying both dates, into a folder of its
 * own.
 */
#define _GNU_SOURCE           /* nftw()'s FTW_DEPTH, to take the copy away;
                                 pipe2() */
#include "reports.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../aggregate/aggregate.h"
#include "../core/db.h"
#include "../core/version.h"
#include "../ingest/ingest.h"
#include "../partners/partners.h"

/* What the publication was written with: its own settings and its
 * aggregate run's. */
typedef struct original {
	int month, min_cell, backtest, raw_alarms, cut, nbplugin;
	long long run;
	char langs[64], version[32], written_at[40], run_at[40], as_of[40];
	long restored;          /* readings replaced since, restored without
	                           their quarantined rows */
	long long reraised;     /* alarms of earlier months a later run
	                           raised again over a back-test's */
} original;

static void
text_col(sqlite3_stmt *st, int i, char *out, size_t n)
{
	const unsigned char *t = sqlite3_column_text(st, i);

	snprintf(out, n, "%s", t ? (const char *)t : "");
}

static int
find(sqlite3 *db, long long id, original *o, sv_err *e)
{
	sqlite3_stmt *st;
	int rc, found;

	if ((rc = db_prepare(db, &st, "SELECT p.month, p.min_cell, p.langs, "
	    "p.version, strftime('%Y-%m-%dT%H:%M:%fZ', p.written_at), "
	    "p.aggregate_run, CASE WHEN instr(r.at, '.') THEN strftime("
	    "'%Y-%m-%dT%H:%M:%fZ', r.at) ELSE substr(r.at, 1, 19) || '.999Z' "
	    "END, r.as_of_time, "
	    "coalesce(r.backtest, 0), coalesce(r.raw_alarms, 0), "
	    "coalesce(r.cut, 0), r.method = 'farrington_nbplugin' FROM "
	    "publication p LEFT JOIN aggregate_run r ON r.id = p.aggregate_run "
	    "WHERE p.id = ?1", e)))
		return rc;
	sqlite3_bind_int64(st, 1, id);
	if (!(rc = db_lookup(db, st, &found, e)) && !found)
		rc = sv_errf(e, SV_NOINPUT, "report: no publication %lld (suivi "
		    "publications lists them)", id);
	if (!rc) {
		o->month = sqlite3_column_int(st, 0);
		o->min_cell = sqlite3_column_int(st, 1);
		text_col(st, 2, o->langs, sizeof o->langs);
		text_col(st, 3, o->version, sizeof o->version);
		text_col(st, 4, o->written_at, sizeof o->written_at);
		o->run = sqlite3_column_int64(st, 5);
		text_col(st, 6, o->run_at, sizeof o->run_at);
		text_col(st, 7, o->as_of, sizeof o->as_of);
		o->backtest = sqlite3_column_int(st, 8);
		o->raw_alarms = sqlite3_column_int(st, 9);
		o->cut = sqlite3_column_int(st, 10);
		o->nbplugin = sqlite3_column_int(st, 11);
		if (!*o->run_at)
			rc = sv_errf(e, SV_DATAERR, "report: publication %lld's "
			    "aggregate run (%lld) is no longer in the database: it "
			    "cannot be reproduced", id, o->run);
	}
	sqlite3_finalize(st);
	return rc;
}

/* The alarms of months before the publication's that a later run
 * raised again as its own (a back-test's row it took over), into
 * o->reraised. */
static int
count_reraised(sqlite3 *db, original *o, sv_err *e)
{
	sqlite3_stmt *st;
	int rc, found;

	if ((rc = db_prepare(db, &st, "SELECT count(*) FROM alarm_raised WHERE "
	    "run > ?1 AND month < ?2 AND backtest = 0", e)))
		return rc;
	sqlite3_bind_int64(st, 1, o->run);
	sqlite3_bind_int(st, 2, o->month);
	if (!(rc = db_lookup(db, st, &found, e)) && found)
		o->reraised = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return rc;
}

/* Publications from id on, and what they recorded, set aside. */
static int
drop_publications(sqlite3 *db, long long id, sv_err *e)
{
	return db_run_ids(db, "DELETE FROM published_value WHERE publication >= "
	    "?1", id, 0, e) || db_run_ids(db, "DELETE FROM publication_file "
	    "WHERE publication >= ?1", id, 0, e) || db_run_ids(db, "DELETE FROM "
	    "publication_chart WHERE publication >= ?1", id, 0, e) ||
	    db_run_ids(db, "DELETE FROM published_nowcast WHERE publication >= "
	    "?1", id, 0, e) || db_run_ids(db, "DELETE FROM publication WHERE id "
	    ">= ?1", id, 0, e) ? e->code : SV_OK;
}

/* The copy as it stood when the pages were written: what was loaded,
 * retracted, published and aggregated since set aside.  An alarm of an
 * earlier month a later run raised again over a back-test's row went
 * with that run: counted in o->reraised, for why(). */
static int
take_back(sqlite3 *db, long long id, original *o, FILE *log, sv_err *e)
{
	long readings, files;
	int rc;

	if ((rc = db_begin(db, e)))
		return rc;
	if ((rc = ingest_rollback(db, o->written_at, &readings, &o->restored,
	    e)) || (rc = partners_rollback(db, o->written_at, &files, e)) ||
	    (rc = drop_publications(db, id, e)) ||
	    (rc = count_reraised(db, o, e)) ||
	    (rc = db_run_ids(db, "DELETE FROM alarm_raised WHERE run > ?1",
	    o->run, 0, e)) ||
	    (rc = db_run_ids(db, "DELETE FROM modus_raised WHERE run > ?1",
	    o->run, 0, e)) ||
	    (rc = db_run_ids(db, "DELETE FROM aggregate_run WHERE id > ?1",
	    o->run, 0, e)) || (rc = db_commit(db, e))) {
		db_rollback(db);
		return rc;
	}
	fprintf(log, "report: publication %lld's database taken back to %s: "
	    "%ld delivery reading(s) and %ld partners' file(s) loaded since set "
	    "aside\n", id, o->written_at, readings, files);
	return SV_OK;
}

/* The recorded SHA-256s of publication id's pages and charts, in order,
 * one "kind name sha" line each, into buf (malloc'd). */
static int
recorded(sqlite3 *db, long long id, char **buf, sv_err *e)
{
	sqlite3_stmt *st;
	size_t len;
	FILE *m = open_memstream(buf, &len);
	int rc, step;

	if (!m)
		return sv_errf(e, SV_NOMEM, "report: out of memory");
	if ((rc = db_prepare(db, &st, "SELECT 'page', lang, sha256 FROM "
	    "publication_file WHERE publication = ?1 UNION ALL SELECT 'chart "
	    "data', figure, sha256 FROM publication_chart WHERE publication = "
	    "?1 ORDER BY 1 DESC, 2", e))) {
		fclose(m);
		return rc;
	}
	sqlite3_bind_int64(st, 1, id);
	while ((step = sqlite3_step(st)) == SQLITE_ROW)
		fprintf(m, "%s %s %s\n", sqlite3_column_text(st, 0),
		    sqlite3_column_text(st, 1), sqlite3_column_text(st, 2));
	rc = db_finish(db, st, step, e);
	if (fclose(m) && !rc)
		rc = sv_errf(e, SV_NOMEM, "report: out of memory");
	return rc;
}

static int
remove_one(const char *path, const struct stat *sb, int flag, struct FTW *f)
{
	(void)sb, (void)flag, (void)f;
	remove(path);
	return 0;
}

/*
 * The copy holds every incident: it must not outlive the command, however
 * the command ends (Ctrl-C, kill, a crash).  A watcher process waits on a
 * pipe whose writing end only this process holds (close-on-exec: not
 * gnuplot either); when it ends, the read ends and the watcher removes the
 * folder.  It leaves the process group (a signal sent to the group,
 * Ctrl-C, `timeout`, a service stopped, must not end it first) and
 * ignores the signals that stop or end a command.  *pid is -1 when no
 * watcher could be started (the folder is then removed only on a normal
 * end).  Returns the writing end.
 */
static int
watch_folder(const char *dir, pid_t *pid)
{
	static const int ended[] = { SIGINT, SIGHUP, SIGQUIT, SIGTERM, SIGTSTP,
	    SIGTTIN, SIGTTOU };
	sigset_t them, old;
	int fds[2];
	char c;

	*pid = -1;
	if (pipe2(fds, O_CLOEXEC) != 0)
		return -1;
	/* held until the watcher ignores them: a signal sent to the group
	 * at once must not end it before */
	sigemptyset(&them);
	for (size_t i = 0; i < sizeof ended / sizeof *ended; i++)
		sigaddset(&them, ended[i]);
	pthread_sigmask(SIG_BLOCK, &them, &old);
	if ((*pid = fork()) == 0) {
		for (size_t i = 0; i < sizeof ended / sizeof *ended; i++)
			signal(ended[i], SIG_IGN);
		setsid();
		pthread_sigmask(SIG_SETMASK, &old, NULL);
		close(fds[1]);
		for (;;) {
			ssize_t n = read(fds[0], &c, 1);
			if (n == 0 || (n < 0 && errno != EINTR))
				break;
		}
		nftw(dir, remove_one, 16, FTW_DEPTH | FTW_PHYS);
		_exit(0);
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	close(fds[0]);
	if (*pid < 0) {
		close(fds[1]);
		return -1;
	}
	return fds[1];
}

/* The watcher let go: the folder is gone already. */
static void
unwatch(int fd, pid_t pid)
{
	if (fd >= 0)
		close(fd);
	if (pid > 0)
		waitpid(pid, NULL, 0);
}

/* Whether the two lists agree; the first line that differs said on log. */
static int
same(const char *want, const char *got, FILE *log)
{
	while (*want || *got) {
		size_t a = strcspn(want, "\n"), b = strcspn(got, "\n");
		if (a != b || strncmp(want, got, a)) {
			fprintf(log, "report: recorded %.*s, reproduced %.*s\n",
			    (int)a, want, (int)b, got);
			return 0;
		}
		want += a + (want[a] == '\n');
		got += b + (got[b] == '\n');
	}
	return 1;
}

/* The pages written twice on the copy (see the top); *match: whether the
 * first writing is the recorded one. */
static int
write_twice(sqlite3 *copy, const char *tmp, const reproduce_opts *ro,
    const original *o, const char *want, int *match, FILE *quiet, FILE *out,
    FILE *log, sv_err *e)
{
	report_opts r = { .out = tmp, .month = o->month, .langs = o->langs,
	    .min_cell = o->min_cell,
	    .written_day = report_local_day(o->written_at),
	    .new_threshold = 1 };       /* what was published, as it was */
	long long id;
	char *got = NULL;
	int rc;

	if (!(rc = report_write(copy, &r, quiet, quiet, e)) &&
	    !(rc = db_integer(copy, "SELECT max(id) FROM publication", &id, e)) &&
	    !(rc = recorded(copy, id, &got, e)))
		*match = same(want, got, log);
	free(got);
	/* the first writing is not a publication the second would revise */
	if (rc || (rc = db_begin(copy, e)))
		return rc;
	if ((rc = drop_publications(copy, id, e)) || (rc = db_commit(copy, e))) {
		db_rollback(copy);
		return rc;
	}
	r.out = ro->out;
	r.reproduced_day = report_local_day(NULL);
	return report_write(copy, &r, out, log, e);
}

/* On the copy at path: taken back, aggregated as the run saw the
 * database (as it stood at the run, or at the run's own --as-of when
 * that was earlier: nothing loaded or retracted between the run and the
 * pages), written twice. */
static int
on_copy(sqlite3 *copy, const char *tmp, const reproduce_opts *ro,
    original *o, const char *want, int *match, FILE *out, FILE *log,
    sv_err *e)
{
	aggregate_opts a = { .through = o->month, .backtest = o->backtest,
	    .nbplugin = o->nbplugin, .raw_alarms = o->raw_alarms, .cut = o->cut,
	    .rebuild = 1, .as_of = *o->as_of && strcmp(o->as_of, o->run_at) < 0 ?
	    o->as_of : o->run_at };
	FILE *quiet;
	int rc;

	if ((rc = take_back(copy, ro->publication, o, log, e)))
		return rc;
	if (!(quiet = fopen("/dev/null", "w")))
		return sv_errf(e, SV_IOERR, "report: cannot open /dev/null");
	rc = aggregate_run(copy, &a, quiet, e);
	if (!rc)
		rc = write_twice(copy, tmp, ro, o, want, match, quiet, out, log, e);
	fclose(quiet);
	return rc;
}

/* Whether the pages can be written without writing over any: a
 * reproduction has a folder of its own (SV_CANTCREAT otherwise). */
static int
free_target(const reproduce_opts *ro, const original *o, sv_err *e)
{
	char path[4400];

	for (const char *l = o->langs; *l;) {
		size_t n = strcspn(l, ",");
		snprintf(path, sizeof path, "%s/%04d-%02d/report.%.*s.html", ro->out,
		    o->month / 100, o->month % 100, (int)n, l);
		if (access(path, F_OK) == 0)
			return sv_errf(e, SV_CANTCREAT, "report: %s exists: a "
			    "reproduction is not written over pages; give --out a "
			    "folder of its own", path);
		l += n + (l[n] == ',');
	}
	return SV_OK;
}

/* What may have made the pages differ: another suivi, or the reference
 * data loaded again since (the database keeps only the last). */
static const char *
why(sqlite3 *db, const original *o)
{
	static char buf[200];
	sqlite3_stmt *st;
	int later = 0;

	if (strcmp(o->version, SUIVI_VERSION)) {
		snprintf(buf, sizeof buf, "; it was written by suivi %s, this is "
		    "suivi %s", o->version, SUIVI_VERSION);
		return buf;
	}
	if (o->restored)
		return "; a delivery was read again with ingest --replace since, "
		    "and the rows its first reading quarantined are not kept";
	if (o->reraised)
		return "; a later aggregate raised alarms of earlier months again "
		    "over a back-test's, and the history the page read is not kept";
	if (sqlite3_prepare_v2(db, "SELECT EXISTS (SELECT 1 FROM "
	    "reference_state WHERE strftime('%Y-%m-%dT%H:%M:%fZ', loaded_at) > "
	    "?1)", -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_text(st, 1, o->written_at, -1, SQLITE_STATIC);
		later = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0);
	}
	sqlite3_finalize(st);
	return later ? "; the reference data were loaded again since it was "
	    "written (suivi init), and the database keeps only the last" : "";
}

int
report_reproduce(sqlite3 *db, const reproduce_opts *ro, FILE *out,
    FILE *log, sv_err *e)
{
	char tmp[4096], path[4200], *want = NULL;
	const char *dir = getenv("TMPDIR");
	sqlite3 *copy = NULL;
	original o = { 0 };
	int rc, match = 0, watch;
	pid_t watcher;

	if ((rc = find(db, ro->publication, &o, e)) ||
	    (rc = free_target(ro, &o, e)) ||
	    (rc = recorded(db, ro->publication, &want, e)))
		goto out;
	snprintf(tmp, sizeof tmp, "%s/suivi-reproduce-XXXXXX", dir && *dir ?
	    dir : "/tmp");
	if (!mkdtemp(tmp)) {
		rc = sv_errf(e, SV_CANTCREAT, "report: cannot make a folder for "
		    "the copy of the database in %s: %s", dir && *dir ? dir :
		    "/tmp", strerror(errno));
		goto out;
	}
	snprintf(path, sizeof path, "%s/copy.db", tmp);
	watch = watch_folder(tmp, &watcher);
	if (!(rc = db_copy(db, path, &copy, e)))
		rc = on_copy(copy, tmp, ro, &o, want, &match, out, log, e);
	db_close(copy);
	/* the copy holds every incident: never left behind unsaid */
	nftw(tmp, remove_one, 16, FTW_DEPTH | FTW_PHYS);
	unwatch(watch, watcher);
	if (access(tmp, F_OK) == 0)
		fprintf(log, "report: the copy of the database in %s could not be "
		    "removed: remove it (it holds every incident)\n", tmp);
	if (rc)
		goto out;
	if (match)
		fprintf(log, "report: publication %lld reproduced: its pages and "
		    "charts' data are the ones recorded, byte for byte, but for "
		    "the line saying when they were written\n", ro->publication);
	else
		rc = sv_errf(e, SV_DATAERR, "report: publication %lld reproduced, "
		    "but not as recorded (above: what differs)%s; the pages are "
		    "written all the same", ro->publication, why(db, &o));
out:
	free(want);
	return rc;
}
