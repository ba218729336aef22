#define _GNU_SOURCE             /* mkostemp */
#include "outfile.h"

#include <errno.h>
#include <fcntl.h>
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

int
outfile_open(outfile *o, const char *path, sv_err *e)
{
	int fd;

	snprintf(o->path, sizeof o->path, "%s", path);
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
	int failed = ferror(o->fp);

	if ((fclose(o->fp) != 0 || failed) && !rc)
		rc = sv_errf(e, SV_IOERR, "%s: cannot write (disk full?)", o->path);
	if (!rc && rename(o->tmp, o->path) != 0)
		rc = sv_errf(e, SV_CANTCREAT, "%s: cannot create: %s", o->path,
		    strerror(errno));
	if (rc)
		unlink(o->tmp);
	o->fp = NULL;
	return rc;
}
