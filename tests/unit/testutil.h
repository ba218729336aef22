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

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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
