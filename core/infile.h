/*
 * infile — inputs that must be regular files: a reference file, a file an
 * inbox holds.  A FIFO with no writer would block a read forever, a
 * device (/dev/zero) would never end; a folder or a broken link named like
 * a file is said for what it is.
 */
#ifndef SUIVI_INFILE_H
#define SUIVI_INFILE_H

#include "err.h"

/* What path is when it is not a regular file ("a folder", "a FIFO", "a
 * broken link", ...), or NULL when it is one (links followed). */
const char *infile_not_regular(const char *path);

/* Open path to read, without blocking on a FIFO: its descriptor, or -1
 * with e set (SV_NOINPUT: missing, unreadable, or not a regular file,
 * said as such). */
int infile_open(const char *path, sv_err *e);

#endif
