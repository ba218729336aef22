/*
 * infile — inputs that must be regular files: a reference file, a file an
 * inbox holds.  A FIFO with no writer would block a read forever, a
 * device (/dev/zero) would never end; a folder or a broken link named like
 * a file is said for what it is.
 */
#ifndef SUIVI_INFILE_H
#define SUIVI_INFILE_H

#include <stdio.h>

#include "err.h"

/* What path is when it is not a regular file ("a folder", "a FIFO", "a
 * broken link", ...), or NULL when it is one (links followed). */
const char *infile_not_regular(const char *path);

/* Open path to read, without blocking on a FIFO: its descriptor, or -1
 * with e set (SV_NOINPUT: missing, unreadable, or not a regular file,
 * said as such). */
int infile_open(const char *path, sv_err *e);

/* The same as a stream (mode "r" or "rb"): NULL with e set. */
FILE *infile_fopen(const char *path, const char *mode, sv_err *e);

/*
 * Open path to read where a FIFO or a pipe is welcome (an extract read
 * whole, `<(...)`, /dev/stdin): a regular file at once; a pipe (reached
 * through /dev/fd or /dev/stdin: its writer is there) as it comes; a
 * FIFO of the file system once a program writes into it, waiting
 * INFILE_FIFO_WAIT seconds at most (one that nothing writes into would
 * block the read for ever: SV_NOINPUT, saying so); a folder, a device or
 * a socket refused.  Its descriptor
 * (blocking), or -1 with e set.
 */
#define INFILE_FIFO_WAIT 10
int infile_open_stream(const char *path, sv_err *e);

#endif
