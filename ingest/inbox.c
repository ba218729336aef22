/*
 * inbox — ingest a folder of extracts in the order zones deliver them.
 */
#define _GNU_SOURCE             /* strverscmp */
#include "ingest.h"

#include <glob.h>
#include <stdlib.h>
#include <string.h>

#include "../core/infile.h"


/* Name order with numbers as numbers, ".csv" ignored, so that
 * "2024-02.csv" < "2024-02-v2.csv" < "2024-03.csv". */
static int
by_delivery(const void *a, const void *b)
{
	const char *x = *(const char *const *)a, *y = *(const char *const *)b;
	size_t lx = strlen(x), ly = strlen(y);
	char *sx, *sy;
	int c;

	if (lx > 4 && !strcmp(x + lx - 4, ".csv"))
		lx -= 4;
	if (ly > 4 && !strcmp(y + ly - 4, ".csv"))
		ly -= 4;
	sx = strndup(x, lx);
	sy = strndup(y, ly);
	c = sx && sy ? strverscmp(sx, sy) : strcmp(x, y);
	free(sx);
	free(sy);
	return c;
}

/* Whether path is in dir's folder of partner files (INBOX_PARTNERS). */
static int
partners_file(const char *dir, const char *path)
{
	size_t n = strlen(dir);

	return !strncmp(path, dir, n) && path[n] == '/' && !strncmp(path + n + 1,
	    INBOX_PARTNERS "/", sizeof INBOX_PARTNERS);
}

/* The profile of a zone's folder (INBOX/<zone>/profile), for the files
 * of that folder: 1 with its path in out, or 0 when there is none. */
static int
folder_profile(const char *path, char *out, size_t n)
{
	const char *slash = strrchr(path, '/');
	int len = slash ? (int)(slash - path) : 0;

	if (!slash || (size_t)snprintf(out, n, "%.*s/%s", len, path,
	    INBOX_PROFILE) >= n)
		return 0;
	return !infile_not_regular(out);
}

int
ingest_inbox(sqlite3 *db, const char *dir, const ingest_opts *o, FILE *log,
    int *loaded, sv_err *e)
{
	char pattern[4096];
	glob_t g;
	int worst = SV_OK, rc;
	long before;

	memset(&g, 0, sizeof g);
	snprintf(pattern, sizeof pattern, "%s/*.csv", dir);
	glob(pattern, 0, NULL, &g);
	snprintf(pattern, sizeof pattern, "%s/*/*.csv", dir);
	glob(pattern, g.gl_pathc ? GLOB_APPEND : 0, NULL, &g);
	*loaded = 0;
	if (g.gl_pathc == 0) {
		globfree(&g);
		return sv_errf(e, SV_NOINPUT, "%s: no extract (*.csv) in this folder "
		    "or its subfolders", dir);
	}
	qsort(g.gl_pathv, g.gl_pathc, sizeof *g.gl_pathv, by_delivery);
	for (size_t i = 0; i < g.gl_pathc; i++) {
		const char *what;
		sv_err fe;
		if (partners_file(dir, g.gl_pathv[i]))
			continue;       /* not an extract: suivi partners reads it */
		before = o->tally ? o->tally->fresh : sqlite3_total_changes(db);
		if (o->progress)
			fprintf(log, "\r\033[Kingest: %zu/%zu files", i + 1, g.gl_pathc);
		/* a folder, a FIFO or a broken link named like an extract is
		 * named and passed over, as a refused file is: the rest of the
		 * inbox, and the month's run, go on */
		ingest_opts fo = *o;
		char profile[4200];
		if (!fo.profile && folder_profile(g.gl_pathv[i], profile,
		    sizeof profile))
			fo.profile = profile;
		if ((what = infile_not_regular(g.gl_pathv[i])))
			rc = sv_errf(&fe, SV_DATAERR, "%s: passed over: it is %s, not "
			    "an extract", g.gl_pathv[i], what);
		else if ((rc = ingest_file(db, g.gl_pathv[i], &fo, log, &fe)) ==
		    SV_NOINPUT)
			fe.code = rc = SV_DATAERR;      /* one file unreadable: the
			                                   inbox is there */
		if (rc) {
			if (o->progress)
				fputs("\r\033[K", log);
			if (o->tally)
				o->tally->refused++;
			sv_err_keep_worst(log, rc, &fe, &worst, e);
			/* a full disk refuses the rest too: said once */
			if (rc == SV_IOERR && i + 1 < g.gl_pathc) {
				fprintf(log, "ingest: stopped: the %zu file(s) after it "
				    "not tried\n", g.gl_pathc - i - 1);
				break;
			}
		} else if ((o->tally ? o->tally->fresh :
		    sqlite3_total_changes(db)) > before)
			(*loaded)++;    /* (a file known again may record its stat
			                   key: a change, not a load) */
	}
	if (o->progress)
		fputs("\r\033[K", log);
	globfree(&g);
	return worst;
}
