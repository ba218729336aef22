/*
 * outfile — write a file whole or not at all: the text goes to a temporary
 * file beside the target, which replaces the target only when every write
 * went through.  A failed or interrupted export or report never leaves a
 * half-written file where a complete one is expected.
 */
#ifndef SUIVI_OUTFILE_H
#define SUIVI_OUTFILE_H

#include <stdio.h>

#include "err.h"

typedef struct outfile {
	FILE *fp;               /* write here */
	char path[4096], tmp[4200];
} outfile;

/*
 * Create the temporary file for path: "<path>.tmp-XXXXXX" with a random
 * name, made with O_EXCL (a planted file or symbolic link is never opened,
 * never followed), readable as the umask allows.  Returns its descriptor
 * (close-on-exec) with its name in tmp, or -1 with e set.
 */
int outfile_temp(const char *path, char *tmp, size_t n, sv_err *e);

/* path "-" is standard output; a path that is not a regular file
 * (/dev/null, a FIFO, a terminal) is written as it is, not replaced; a
 * folder is refused. */
int outfile_open(outfile *o, const char *path, sv_err *e);

/* Make the folder path if it is not there (its parent must be): SV_OK,
 * or SV_CANTCREAT saying why in e. */
int outfile_dir(const char *path, sv_err *e);

/* Remove the files matching pattern (glob(3)) but those keep() keeps
 * (NULL: none): keep returns 1 to keep a path, 0 to remove it, or -1 to
 * stop (its error is the caller's).  0, or -1 when keep stopped. */
int outfile_prune(const char *pattern, int (*keep)(const char *path,
    void *ctx), void *ctx);

/* Close.  When rc is SV_OK and the writes succeeded, rename into place;
 * otherwise remove the temporary file.  Returns rc, or the write or
 * rename error. */
int outfile_close(outfile *o, int rc, sv_err *e);

#endif
