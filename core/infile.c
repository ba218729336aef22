/*
 * infile — inputs that must be regular files (infile.h).
 */
#include "infile.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* What a file of mode m is, but a regular one. */
static const char *
kind(mode_t m)
{
	return S_ISREG(m) ? NULL : S_ISDIR(m) ? "a folder" : S_ISFIFO(m) ?
	    "a FIFO" : S_ISCHR(m) || S_ISBLK(m) ? "a device" : S_ISSOCK(m) ?
	    "a socket" : "not a regular file";
}

const char *
infile_not_regular(const char *path)
{
	struct stat sb;

	if (stat(path, &sb) == 0)
		return kind(sb.st_mode);
	return lstat(path, &sb) == 0 ? "a broken link" : "missing";
}

int
infile_open(const char *path, sv_err *e)
{
	struct stat sb;
	const char *what = NULL;
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);

	if (fd < 0) {
		int err = errno;
		if (err == ENOENT)
			what = infile_not_regular(path);
		return sv_errf(e, SV_NOINPUT, "%s: cannot open: %s", path,
		    what && strcmp(what, "missing") ? what : strerror(err)), -1;
	}
	if (fstat(fd, &sb) != 0 || (what = kind(sb.st_mode))) {
		close(fd);
		return sv_errf(e, SV_NOINPUT, "%s: refused: it is %s, not a file",
		    path, what ? what : "unreadable"), -1;
	}
	/* a regular file's reads never block: the flag goes */
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
	return fd;
}
