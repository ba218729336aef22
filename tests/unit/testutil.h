/*
 * testutil — helpers for the cmocka unit tests (header-only, tests only).
 */
#ifndef SUIVI_TESTUTIL_H
#define SUIVI_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The one number sql gives; an error or no row fails the test. */
static inline long long
tu_scalar(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st;
	long long v;

	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

/* A fresh directory under $TMPDIR, removed by tu_rmdir(). */
static inline char *
tu_mkdtemp(void)
{
	const char *base = getenv("TMPDIR");
	char *p = malloc(4096);

	snprintf(p, 4096, "%s/suivi-test-XXXXXX", base && *base ? base : "/tmp");
	assert_non_null(mkdtemp(p));
	return p;
}

static inline void
tu_rmdir(char *dir)
{
	char cmd[4200];

	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
	free(dir);
}

static inline void
tu_write(const char *dir, const char *name, const char *content)
{
	char path[4096];
	FILE *fp;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	assert_non_null(fp = fopen(path, "wb"));
	fputs(content, fp);
	assert_int_equal(fclose(fp), 0);
}

static inline char *
tu_path(const char *dir, const char *name)
{
	char *p = malloc(4096);

	snprintf(p, 4096, "%s/%s", dir, name);
	return p;
}

#endif
