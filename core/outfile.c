#define _GNU_SOURCE             /* mkostemp */
#include "outfile.h"

#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int
outfile_temp(const char *path, char *tmp, size_t n, sv_err *e)
{
	mode_t mask = umask(0);
	int fd;

	umask(mask);
	if ((size_t)snprintf(tmp, n, "%s.tmp-XXXXXX", path) >= n) {
		sv_errf(e, SV_CANTCREAT, "%s: the name is too long", path);
		return -1;
	}
	if ((fd = mkostemp(tmp, O_CLOEXEC)) < 0) {
		sv_errf(e, SV_CANTCREAT, "%s: cannot create: %s", path,
		    strerror(errno));
		return -1;
	}
	fchmod(fd, 0666 & ~mask);
	return fd;
}

/* "-", or a target that is not a regular file (/dev/null, a terminal, a
 * FIFO), is written as it is: there is nothing to put in place, and
 * replacing a device node by a file would destroy it.  o->tmp is then "". */
static int
open_direct(outfile *o, const char *path, sv_err *e)
{
	struct stat sb;
	int fd;

	o->tmp[0] = '\0';
	if (!strcmp(path, "-")) {
		o->fp = stdout;
		return SV_OK;
	}
	if (S_ISDIR(lstat(path, &sb) == 0 ? sb.st_mode : 0))
		return sv_errf(e, SV_CANTCREAT, "%s: is a folder: give a file "
		    "name", path);
	if ((fd = open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC)) < 0 ||
	    !(o->fp = fdopen(fd, "wb"))) {
		if (fd >= 0)
			close(fd);
		return sv_errf(e, SV_CANTCREAT, "%s: cannot write: %s", path,
		    strerror(errno));
	}
	return SV_OK;
}

int
outfile_open(outfile *o, const char *path, sv_err *e)
{
	struct stat sb;
	int fd;

	snprintf(o->path, sizeof o->path, "%s", path);
	if (!strcmp(path, "-") || (lstat(path, &sb) == 0 && !S_ISREG(sb.st_mode) &&
	    !S_ISLNK(sb.st_mode)))
		return open_direct(o, path, e);
	if ((fd = outfile_temp(o->path, o->tmp, sizeof o->tmp, e)) < 0)
		return e->code;
	if (!(o->fp = fdopen(fd, "wb"))) {
		close(fd);
		unlink(o->tmp);
		return sv_errf(e, SV_CANTCREAT, "%s: cannot create: %s", path,
		    strerror(errno));
	}
	return SV_OK;
}

int
outfile_close(outfile *o, int rc, sv_err *e)
{
	int failed = fflush(o->fp) != 0 || ferror(o->fp);

	if ((o->fp != stdout ? fclose(o->fp) != 0 : 0) || failed)
		rc = rc ? rc : sv_errf(e, SV_IOERR, "%s: cannot write: %s",
		    o->fp == stdout ? "standard output" : o->path, errno ?
		    strerror(errno) : "disk full?");
	o->fp = NULL;
	if (!o->tmp[0])
		return rc;      /* written as it is (open_direct) */
	if (!rc && rename(o->tmp, o->path) != 0)
		rc = sv_errf(e, SV_CANTCREAT, "%s: cannot create: %s", o->path,
		    strerror(errno));
	if (rc)
		unlink(o->tmp);
	return rc;
}

int
outfile_dir(const char *path, sv_err *e)
{
	if (mkdir(path, 0777) != 0 && errno != EEXIST)
		return sv_errf(e, SV_CANTCREAT, "%s: cannot create: %s", path,
		    strerror(errno));
	return SV_OK;
}

int
outfile_prune(const char *pattern, int (*keep)(const char *path, void *ctx),
    void *ctx)
{
	glob_t g;
	int k = 0;

	if (glob(pattern, 0, NULL, &g) == 0)
		for (size_t i = 0; i < g.gl_pathc && k >= 0; i++)
			if (!keep || !(k = keep(g.gl_pathv[i], ctx)))
				unlink(g.gl_pathv[i]);
	globfree(&g);
	return k < 0 ? -1 : 0;
}
