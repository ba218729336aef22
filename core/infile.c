/*
 * infile — inputs that must be regular files (infile.h).
 */
#include "infile.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
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

/* Open path without blocking on a FIFO, into *fd and *sb; -1 with e set
 * when it cannot be opened. */
static int
open_nonblocking(const char *path, int *fd, struct stat *sb, sv_err *e)
{
	const char *what = NULL;

	if ((*fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)) < 0) {
		int err = errno;
		if (err == ENOENT)
			what = infile_not_regular(path);
		return sv_errf(e, SV_NOINPUT, "%s: cannot open: %s", path,
		    what && strcmp(what, "missing") ? what : strerror(err)), -1;
	}
	if (fstat(*fd, sb) != 0) {
		close(*fd);
		return sv_errf(e, SV_NOINPUT, "%s: cannot open: %s", path,
		    strerror(errno)), -1;
	}
	return 0;
}

/* fd from now on blocking (a regular file's reads never block; a FIFO's
 * wait for its writer, which is there). */
static int
blocking(int fd)
{
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
	return fd;
}

int
infile_open(const char *path, sv_err *e)
{
	struct stat sb;
	const char *what;
	int fd;

	if (open_nonblocking(path, &fd, &sb, e))
		return -1;
	if ((what = kind(sb.st_mode))) {
		close(fd);
		return sv_errf(e, SV_NOINPUT, "%s: refused: it is %s, not a file",
		    path, what), -1;
	}
	return blocking(fd);
}

FILE *
infile_fopen(const char *path, const char *mode, sv_err *e)
{
	int fd = infile_open(path, e);
	FILE *fp;

	if (fd < 0)
		return NULL;
	if (!(fp = fdopen(fd, mode))) {
		close(fd);
		sv_errf(e, SV_NOMEM, "%s: out of memory", path);
	}
	return fp;
}

int
infile_open_stream(const char *path, sv_err *e)
{
	struct stat sb;
	struct pollfd p;
	int fd, n;

	if (open_nonblocking(path, &fd, &sb, e))
		return -1;
	if (S_ISREG(sb.st_mode))
		return blocking(fd);
	if (!S_ISFIFO(sb.st_mode)) {
		close(fd);
		return S_ISDIR(sb.st_mode) ? sv_errf(e, SV_NOINPUT, "%s: is a "
		    "folder: give its files (%s/*.csv), or run suivi run --inbox "
		    "%s", path, path, path), -1 : sv_errf(e, SV_NOINPUT, "%s: "
		    "refused: it is %s, not a file", path, kind(sb.st_mode)), -1;
	}
	/* a pipe reached through /dev/fd, /dev/stdin or /proc has its
	 * writer: read it, however slow (sort, ssh) */
	if (lstat(path, &sb) != 0 || !S_ISFIFO(sb.st_mode))
		return blocking(fd);
	/* a FIFO without a writer has nothing to say yet (Linux reports
	 * neither data nor a hang-up until one comes) */
	p.fd = fd;
	p.events = POLLIN;
	while ((n = poll(&p, 1, INFILE_FIFO_WAIT * 1000)) < 0 && errno == EINTR)
		;
	if (n <= 0) {
		close(fd);
		return sv_errf(e, SV_NOINPUT, "%s: refused: it is a FIFO nothing "
		    "has written into for %d s; start what writes it first, or "
		    "give a file", path, INFILE_FIFO_WAIT), -1;
	}
	return blocking(fd);
}
