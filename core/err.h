/*
 * err — the one way suivi reports failure.
 *
 * Every function that can fail returns an int status: 0 on success, or one
 * of the sysexits(3) codes below, which the command line passes through as
 * its exit status.  On failure it also fills an sv_err with a message a
 * person can act on: it names the file (and line, where there is one), says
 * what is wrong and, where it is not obvious, what to do.  Messages have no
 * trailing newline and no "suivi:" prefix; the caller that prints adds them.
 *
 * Invariant: sv_err.code == 0 exactly when sv_err.msg is empty.
 */
#ifndef SUIVI_ERR_H
#define SUIVI_ERR_H

#include <stdarg.h>
#include <stdio.h>
#include <sysexits.h>

enum {
	SV_OK = 0,
	SV_USAGE = EX_USAGE,             /* 64: bad command line */
	SV_DATAERR = EX_DATAERR,         /* 65: input refused (file, reference data) */
	SV_NOINPUT = EX_NOINPUT,         /* 66: input missing or unreadable */
	SV_UNAVAILABLE = EX_UNAVAILABLE, /* 69: a needed program is missing */
	SV_SOFTWARE = EX_SOFTWARE,       /* 70: internal error, a bug */
	SV_NOMEM = EX_OSERR,             /* 71: out of memory */
	SV_CANTCREAT = EX_CANTCREAT,     /* 73: cannot create output */
	SV_IOERR = EX_IOERR,             /* 74: read or write failed */
	SV_TEMPFAIL = EX_TEMPFAIL,       /* 75: busy: try again later */
};

typedef struct sv_err {
	int code;
	char msg[1024];
} sv_err;

/* Record a failure and return its code, so callers can write
 * `return sv_errf(e, SV_DATAERR, "%s:%ld: ...", path, line);`. */
int sv_errf(sv_err *e, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Prefix the message already in e with more context ("file.csv: "). */
void sv_err_prefix(sv_err *e, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

void sv_err_clear(sv_err *e);

/* One of many files failed (rc, fe): say so on log as "suivi: message"
 * (made safe for a terminal), and keep in *worst and *e the gravest
 * failure so far, so that the command ends with it once every file had
 * its turn. */
void sv_err_keep_worst(FILE *log, int rc, const sv_err *fe, int *worst,
    sv_err *e);

#endif
