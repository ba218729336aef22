/*
 * spool — copy or convert an extract into a temporary file (spool.h).
 */
#define _GNU_SOURCE             /* mkostemp */
#include "spool.h"

#include <errno.h>
#include <fcntl.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../core/infile.h"

/* A temporary file in $TMPDIR; its descriptor, or -1. */
static int
temp_file(spool *s, const char *file, sv_err *e)
{
	const char *dir = getenv("TMPDIR");
	int fd;

	snprintf(s->path, sizeof s->path, "%s/suivi-spool-XXXXXX",
	    dir && *dir ? dir : "/tmp");
	if ((fd = mkostemp(s->path, O_CLOEXEC)) < 0) {
		sv_errf(e, SV_IOERR, "%s: cannot make a temporary copy to read it "
		    "(%s): %s", file, s->path, strerror(errno));
		return -1;
	}
	s->made = 1;
	return fd;
}

/* Copy (or convert, with cd) everything from in to out. */
static int
copy(FILE *in, int out, iconv_t cd, const char *file, sv_err *e)
{
	char buf[65536], conv[4 * sizeof buf + 16];
	size_t n, keep = 0;

	while ((n = fread(buf + keep, 1, sizeof buf - keep, in)) > 0 || keep) {
		char *src = buf, *dst = conv;
		size_t left = n + keep, room = sizeof conv;
		if (cd == (iconv_t)-1) {
			src = buf + left;
			memcpy(conv, buf, left);
			dst = conv + left;
			left = 0;
		} else if (iconv(cd, &src, &left, &dst, &room) == (size_t)-1 &&
		    errno != EINVAL) {
			return sv_errf(e, SV_DATAERR, "%s: refused: not valid UTF-16 "
			    "although it starts as such", file);
		}
		if (n == 0 && left)
			return sv_errf(e, SV_DATAERR, "%s: refused: the UTF-16 text "
			    "ends in the middle of a character", file);
		for (char *p = conv; p < dst;) {
			ssize_t w = write(out, p, (size_t)(dst - p));
			if (w <= 0)
				return sv_errf(e, SV_IOERR, "%s: cannot write a temporary "
				    "copy (disk full?)", file);
			p += w;
		}
		memmove(buf, src, left);
		keep = left;
		if (n == 0)
			break;
	}
	return ferror(in) ? sv_errf(e, SV_NOINPUT, "%s: read error", file) :
	    SV_OK;
}

/* What a text of wide characters the file's first bytes are: UTF-32
 * (with or without its byte order mark), UTF-16 without one (every other
 * byte NUL); NULL for anything else.  in is left at its start. */
static const char *
wide_text(FILE *in)
{
	unsigned char b[256];
	size_t n = fread(b, 1, sizeof b, in), odd = 0, even = 0, quad = 0;

	rewind(in);
	if (n >= 4 && ((b[0] == 0xFF && b[1] == 0xFE && !b[2] && !b[3]) ||
	    (!b[0] && !b[1] && b[2] == 0xFE && b[3] == 0xFF)))
		return "UTF-32";
	if (n < 16 || (b[0] == 0xFF && b[1] == 0xFE) || (b[0] == 0xFE &&
	    b[1] == 0xFF))
		return NULL;
	for (size_t i = 0; i + 1 < n; i += 2) {
		even += !b[i];
		odd += !b[i + 1];
	}
	for (size_t i = 0; i + 3 < n; i += 4)
		quad += !b[i + 1] && !b[i + 2] && (!b[i] || !b[i + 3]);
	if (quad * 4 >= n * 3 / 4)
		return "UTF-32";
	if (odd * 2 >= n * 3 / 4 || even * 2 >= n * 3 / 4)
		return "UTF-16 without its byte order mark";
	return NULL;
}

int
spool_open(spool *s, const char *file, sv_err *e)
{
	unsigned char bom[2] = { 0, 0 };
	iconv_t cd = (iconv_t)-1;
	FILE *in;
	int fd, rc;

	memset(s, 0, sizeof *s);
	snprintf(s->path, sizeof s->path, "%s", file);
	if ((fd = infile_open_stream(file, e)) < 0)
		return e->code;
	if (!(in = fdopen(fd, "rb"))) {
		close(fd);
		return sv_errf(e, SV_NOMEM, "%s: out of memory", file);
	}
	fstat(fileno(in), &s->st);
	int plain = S_ISREG(s->st.st_mode);
	const char *wide = plain ? wide_text(in) : NULL;
	if (wide) {
		fclose(in);
		return sv_errf(e, SV_DATAERR, "%s: refused: the text is %s, which "
		    "suivi does not read: save it as UTF-8 (or as \"Unicode text\", "
		    "UTF-16 with its byte order mark)", file, wide);
	}
	size_t got = fread(bom, 1, 2, in);
	s->utf16 = got == 2 && ((bom[0] == 0xFF && bom[1] == 0xFE) ||
	    (bom[0] == 0xFE && bom[1] == 0xFF));
	if (plain && !s->utf16) {
		fclose(in);
		return SV_OK;
	}
	if (s->utf16 && (cd = iconv_open("UTF-8", bom[0] == 0xFF ? "UTF-16LE" :
	    "UTF-16BE")) == (iconv_t)-1) {
		fclose(in);
		return sv_errf(e, SV_SOFTWARE, "iconv cannot convert from UTF-16 on "
		    "this system");
	}
	if ((fd = temp_file(s, file, e)) < 0) {
		rc = e->code;
	} else {
		/* the two bytes read: the BOM of UTF-16 is dropped, any others
		 * are the copy's first */
		rc = !s->utf16 && got && write(fd, bom, got) != (ssize_t)got ?
		    sv_errf(e, SV_IOERR, "%s: cannot write a temporary copy", file) :
		    copy(in, fd, cd, file, e);
		if (close(fd) != 0 && !rc)
			rc = sv_errf(e, SV_IOERR, "%s: cannot write a temporary copy",
			    file);
	}
	if (cd != (iconv_t)-1)
		iconv_close(cd);
	fclose(in);
	if (rc)
		spool_close(s);
	return rc;
}

int
spool_changed(const spool *s, const char *file)
{
	struct stat now;

	if (s->made)
		return 0;
	if (stat(file, &now) != 0)
		return 1;
	/* the change time too: a rewrite of the same size whose modification
	 * time was put back (touch -d, a copy keeping times) still moves it */
	return now.st_size != s->st.st_size || now.st_ino != s->st.st_ino ||
	    now.st_dev != s->st.st_dev ||
	    now.st_mtim.tv_sec != s->st.st_mtim.tv_sec ||
	    now.st_mtim.tv_nsec != s->st.st_mtim.tv_nsec ||
	    now.st_ctim.tv_sec != s->st.st_ctim.tv_sec ||
	    now.st_ctim.tv_nsec != s->st.st_ctim.tv_nsec;
}

void
spool_close(spool *s)
{
	if (s->made)
		unlink(s->path);
	s->made = 0;
}
