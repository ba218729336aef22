#include "outfile.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

int
outfile_open(outfile *o, const char *path, sv_err *e)
{
	snprintf(o->path, sizeof o->path, "%s", path);
	snprintf(o->tmp, sizeof o->tmp, "%s.tmp-%ld", o->path, (long)getpid());
	if (!(o->fp = fopen(o->tmp, "wb")))
		return sv_errf(e, SV_CANTCREAT, "%s: cannot create: %s", path,
		    strerror(errno));
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
