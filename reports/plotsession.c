/*
 * plotsession — a page's gnuplot, drawing chart after chart (plot.h:
 * plot_session): started with the first chart, given each script through
 * a file on its descriptor 3, the image (and its phone version) left in
 * files on its descriptors 4 and 5, and a line of ours on its standard
 * output saying the chart is done and how many errors it met.
 */
#define _GNU_SOURCE             /* pipe2 */
#include "plot.h"
#include "plotproc.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../core/grow.h"
#include "../core/outfile.h"

/* Start the session's gnuplot: its standard output a pipe of ours too
 * (close-on-exec here), its messages, scripts and images to temporary
 * files. */
static int
session_start(plot_session *ps, sv_err *e)
{
	int out[2], rc;
	pid_t pid;

	if ((!ps->err && !(ps->err = tmpfile())) ||
	    (!ps->script && !(ps->script = tmpfile())) ||
	    (!ps->image && !(ps->image = tmpfile())) ||
	    (!ps->phone && !(ps->phone = tmpfile())))
		return sv_errf(e, SV_CANTCREAT, "cannot start gnuplot: no "
		    "temporary file: %s", strerror(errno));
	fcntl(fileno(ps->err), F_SETFD, FD_CLOEXEC);
	fcntl(fileno(ps->script), F_SETFD, FD_CLOEXEC);
	fcntl(fileno(ps->image), F_SETFD, FD_CLOEXEC);
	fcntl(fileno(ps->phone), F_SETFD, FD_CLOEXEC);
	if (pipe2(out, O_CLOEXEC) != 0)
		return sv_errf(e, SV_SOFTWARE, "cannot start gnuplot: %s",
		    strerror(errno));
	rc = start_gnuplot(&pid, &ps->in, out[1], fileno(ps->err),
	    (int[3]){ fileno(ps->script), fileno(ps->image), fileno(ps->phone) },
	    e);
	close(out[1]);
	if (rc) {
		close(out[0]);
		return rc;
	}
	ps->pid = pid;
	ps->out = out[0];
	return SV_OK;
}

/* Stop the session's gnuplot (killed first, if `kill_it`): its exit
 * status as wait_gnuplot() gives it, 0 if none was running. */
static int
session_stop(plot_session *ps, int kill_it)
{
	struct timespec deadline;
	int status = 0;

	if (ps->pid) {
		if (kill_it)
			kill(ps->pid, SIGKILL);
		close(ps->in);
		close(ps->out);
		deadline_in(&deadline);
		status = wait_gnuplot(ps->pid, &deadline);
		ps->pid = 0;
	}
	return status;
}

void
plot_session_end(plot_session *ps)
{
	session_stop(ps, 0);
	if (ps->err)
		fclose(ps->err);
	if (ps->script)
		fclose(ps->script);
	if (ps->image)
		fclose(ps->image);
	if (ps->phone)
		fclose(ps->phone);
	free(ps->buf);
	memset(ps, 0, sizeof *ps);
}

/* The line that closes a chart in a session: gnuplot prints it after the
 * image, with the number of the last error it met (0: none).  An image's
 * text cannot hold it: the SVG terminal writes '<' as "&lt;". */
#define SESSION_MARK "<<suivi-chart-done "

/* What a session's gnuplot is given for a chart: its script, loaded from
 * the file on its descriptor 3 (piped, gnuplot reads a byte per system
 * call), then the mark (on standard input: a failing command ends the
 * load, not what follows). */
static const char session_load[] = "load '/dev/fd/3'\nunset output\n"
    "set print '-'\nprint sprintf('" SESSION_MARK "%d>>', GPVAL_ERRNO)\n"
    "unset print\n";

enum { EX_DONE, EX_DIED, EX_LATE };

/* Feed script to the session and read its output up to the closing line:
 * EX_DONE with *gperr set (what gnuplot printed before the line is in
 * ps->buf[0 .. ps->len), the image in ps->image); EX_DIED
 * when gnuplot's output ended first; EX_LATE past the deadline. */
static int
session_exchange(plot_session *ps, const char *script, size_t len,
    const struct timespec *deadline, int *gperr)
{
	size_t off = 0;
	int broken = 0;

	ps->len = 0;
	for (;;) {
		struct pollfd pf[2] = { { ps->out, POLLIN, 0 },
		    { off < len ? ps->in : -1, POLLOUT, 0 } };
		if (poll(pf, 2, left_ms(deadline)) <= 0)
			return EX_LATE;
		if (pf[1].revents & (POLLOUT | POLLERR | POLLHUP)) {
			ssize_t n = write(ps->in, script + off, len - off);
			if (n < 0 && errno != EAGAIN && errno != EINTR)
				broken = 1, off = len;
			off += n > 0 ? (size_t)n : 0;
		}
		if (!(pf[0].revents & (POLLIN | POLLHUP | POLLERR)))
			continue;
		if (ps->cap - ps->len < 65536 && grow((void **)&ps->buf, &ps->cap,
		    ps->len + 65536, 1))
			return EX_DIED;         /* no memory: as good as dead */
		ssize_t n = read(ps->out, ps->buf + ps->len, ps->cap - ps->len - 1);
		if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR))
			return EX_DIED;
		ps->len += n > 0 ? (size_t)n : 0;
		ps->buf[ps->len] = '\0';
		/* the chart is done when the last line read is the mark */
		if (!ps->len || ps->buf[ps->len - 1] != '\n' || broken)
			continue;
		char *nl = memrchr(ps->buf, '\n', ps->len - 1), *num;
		char *line = nl ? nl + 1 : ps->buf;
		if (!strncmp(line, SESSION_MARK, strlen(SESSION_MARK))) {
			*gperr = (int)strtol(line + strlen(SESSION_MARK), &num, 10);
			if (strncmp(num, ">>\n", 3) != 0)
				*gperr = -1;    /* not as we wrote it */
			ps->len = (size_t)(line - ps->buf);
			return EX_DONE;
		}
	}
}

/* The chart's script into the session's script file. */
static int
put_script(plot_session *ps, const plot_script *s, sv_err *e)
{
	int fd = fileno(ps->script);

	if (ftruncate(fd, 0) != 0 || pwrite(fd, s->buf, s->len, 0) !=
	    (ssize_t)s->len)
		return sv_errf(e, SV_IOERR, "cannot write gnuplot's script: %s",
		    strerror(errno));
	return SV_OK;
}

/* An image of the session, as gnuplot left it in img, through a
 * temporary file beside path and into place there when it is whole:
 * SV_OK; SV_SOFTWARE when it is not a whole image (gnuplot failed: the
 * caller says so); else the error, said in e. */
static int
place_image(plot_session *ps, FILE *img, const char *path,
    enum plot_format fmt, sv_err *e)
{
	char tmp[4200];
	struct stat st;
	size_t size;
	int out, rc = SV_OK;

	if (fstat(fileno(img), &st) != 0 || st.st_size <= 0)
		return SV_SOFTWARE;
	size = (size_t)st.st_size;
	if (ps->cap < size && grow((void **)&ps->buf, &ps->cap, size, 1))
		return sv_errf(e, SV_NOMEM, "out of memory");
	if (pread(fileno(img), ps->buf, size, 0) != (ssize_t)size)
		return SV_SOFTWARE;
	if ((out = outfile_temp(path, tmp, sizeof tmp, e)) < 0)
		return e->code;
	if (write(out, ps->buf, size) != (ssize_t)size)
		rc = unwritable(out, path, e);
	if (!rc && !valid_image(out, fmt))
		rc = SV_SOFTWARE;
	close(out);
	if (rc) {
		unlink(tmp);
		return rc;
	}
	return put_in_place(tmp, path, e);
}

/* The phone version's commands, after the chart's own (plot.h). */
static void
phone_script(plot_script *s)
{
	int h = PLOT_PHONE_HEIGHT + PLOT_PHONE_LINE * s->legend + 50;

	fprintf(s->fp, "\nset output '/dev/fd/5'\nset terminal svg size %d,%d "
	    "noenhanced font 'DejaVu Sans,11' background '#ffffff'\n%s\n"
	    "unset title\nset bmargin at screen %.4f\n", PLOT_PHONE_WIDTH, h,
	    s->phone, (PLOT_PHONE_LINE * s->legend + 45.0) / h);
	if (s->legend)
		fprintf(s->fp, "set key at screen 0.02, screen %.4f left top "
		    "vertical Left reverse samplen 1.5 noopaque\n",
		    (PLOT_PHONE_LINE * s->legend + 8.0) / h);
	else
		fputs("unset key\n", s->fp);
	fputs("replot\n", s->fp);
}

/* Empty the session's image files: what gnuplot does not write this
 * time must not be taken from the chart before. */
static void
images_clear(plot_session *ps)
{
	if (ftruncate(fileno(ps->image), 0) != 0)
		clearerr(ps->image);
	if (ftruncate(fileno(ps->phone), 0) != 0)
		clearerr(ps->phone);
}

/* plot_render() in a session. */
int
session_render(plot_script *s, sv_err *e)
{
	plot_session *ps = s->session;
	struct timespec deadline;
	sigset_t old;
	char why[256], phone[sizeof s->path + 8];
	int rc = SV_OK, done, gperr = 0;
	int drawn = s->phone && s->fmt == PLOT_SVG;

	if (drawn && !s->phone_own)
		phone_script(s);
	if (fclose(s->fp) != 0)
		s->nomem = 1;
	s->fp = NULL;
	free(s->phone);
	s->phone = NULL;
	if (s->nomem) {
		free(s->buf);
		s->buf = NULL;
		return sv_errf(e, SV_NOMEM, "out of memory");
	}
	if ((!ps->pid && (rc = session_start(ps, e))) ||
	    (rc = put_script(ps, s, e))) {
		free(s->buf);
		s->buf = NULL;
		return rc;
	}
	rewind(ps->err);
	if (ftruncate(fileno(ps->err), 0) != 0)
		clearerr(ps->err);
	images_clear(ps);
	pipe_signal_block(&old);
	deadline_in(&deadline);
	done = session_exchange(ps, session_load, sizeof session_load - 1,
	    &deadline, &gperr);
	pipe_signal_restore(&old);
	free(s->buf);
	s->buf = NULL;
	rc = done == EX_DONE && !gperr ? SV_OK : SV_SOFTWARE;
	/* the phone version first: the chart replaces path only when both
	 * are whole */
	plot_phone_path(s->path, phone, sizeof phone);
	if (!rc && drawn)
		rc = place_image(ps, ps->phone, phone, s->fmt, e);
	if (!rc && (rc = place_image(ps, ps->image, s->path, s->fmt, e)) &&
	    drawn)
		unlink(phone);
	if (rc != SV_OK && rc != SV_SOFTWARE)
		return rc;
	if (rc) {
		/* an image cut short because its file could not grow (a full
		 * disk, a file size limit) is that I/O error, not gnuplot's */
		int status, io = unwritable(fileno(ps->image), s->path, e);
		if (!io)
			io = unwritable(fileno(ps->phone), s->path, e);
		if (io)
			return io;
		first_complaint(ps->err, why, sizeof why);
		status = session_stop(ps, done != EX_DIED);     /* the next
		                                                   chart starts anew */
		if (done == EX_LATE)
			return sv_errf(e, SV_SOFTWARE, "%s: gnuplot did not finish the "
			    "chart in time and was stopped (SUIVI_GNUPLOT_TIMEOUT)",
			    s->path);
		if (done == EX_DONE)
			status = gperr;
		return sv_errf(e, SV_SOFTWARE, "%s: gnuplot failed to draw the "
		    "chart (%s %d%s%s)", s->path, done == EX_DONE ? "error" :
		    "exit", status, *why ? ": " : "", why);
	}
	return SV_OK;
}
