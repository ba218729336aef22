#define _GNU_SOURCE             /* pipe2 */
#include "plot.h"
#include "plotproc.h"

#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <time.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../core/grow.h"
#include "../core/outfile.h"
#include "../core/text.h"

extern char **environ;

int
plot_begin(plot_script *s, plot_session *ps, const char *path,
    enum plot_format fmt, int width, int height, sv_err *e)
{
	s->buf = NULL;
	s->len = 0;
	s->fmt = fmt;
	s->session = ps;
	snprintf(s->path, sizeof s->path, "%s", path);
	s->tmp[0] = '\0';
	s->phone = NULL;
	s->legend = 0;
	s->nomem = 0;
	s->phone_own = 0;
	if (!(s->fp = open_memstream(&s->buf, &s->len)))
		return sv_errf(e, SV_NOMEM, "out of memory");
	/* a session's gnuplot forgets the chart before (its settings, its
	 * datablocks) and the errors it met */
	if (ps)
		fputs("reset session\nreset errors\n", s->fp);
	if (fmt == PLOT_SVG)
		fprintf(s->fp, "set terminal svg size %d,%d noenhanced "
		    "font 'DejaVu Sans,11' background '#ffffff'\n", width, height);
	else
		fprintf(s->fp, "set terminal pngcairo size %d,%d noenhanced "
		    "font 'DejaVu Sans,10'\n", width, height);
	/* The image goes to descriptor 3: the temporary file plot_render()
	 * made with O_EXCL; gnuplot never opens a path of ours by name.  A
	 * session's goes to its descriptor 4, the session's image file: to
	 * a pipe gnuplot writes a line per system call. */
	fputs(ps ? "set output '/dev/fd/4'" : "set output '/dev/fd/3'", s->fp);
	fputs("\nset encoding utf8\nset border 3 lc '#555555'\nset tics nomirror "
	    "textcolor '#333333'\nset grid ytics lc '#dddddd' lt 1\n"
	    "set key outside below horizontal noopaque\n", s->fp);
	return SV_OK;
}

void
plot_discard(plot_script *s)
{
	fclose(s->fp);
	free(s->buf);
	s->buf = NULL;
	free(s->phone);
	s->phone = NULL;
}

void
plot_title(plot_script *s, const char *text)
{
	fputs(" title ", s->fp);
	plot_string(s, text);
	s->legend += *text != '\0';
}

void
plot_phone(plot_script *s, const char *axis)
{
	free(s->phone);
	s->phone = NULL;
	if (axis && !(s->phone = strdup(axis)))
		s->nomem = 1;
}

int
plot_phone_own(plot_script *s, int height)
{
	if (!s->session || s->fmt != PLOT_SVG || !s->phone)
		return 0;
	fprintf(s->fp, "\nset output '/dev/fd/5'\nset terminal svg size %d,%d "
	    "noenhanced font 'DejaVu Sans,11' background '#ffffff'\n%s\n",
	    PLOT_PHONE_WIDTH, height, s->phone);
	s->phone_own = 1;
	return 1;
}

void
plot_phone_path(const char *path, char *buf, size_t n)
{
	snprintf(buf, n, "%s.phone", path);
}

void
plot_string(plot_script *s, const char *text)
{
	putc('\'', s->fp);
	for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
		if (*p == '\'')
			fputs("''", s->fp);
		else if (*p < 0x20 || *p == 0x7f)
			putc(' ', s->fp);
		else if (*p == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F) {
			putc(' ', s->fp);       /* a C1 control */
			p++;
		} else
			putc(*p, s->fp);
	}
	putc('\'', s->fp);
}

/*
 * gnuplot's environment: the caller's, but with a UTF-8 character type
 * whatever the caller's locale.  The scripts are UTF-8 (set encoding
 * utf8); under the C locale of a bare system gnuplot warns on every chart
 * that iconv cannot convert the degree sign.  C.UTF-8 is in every glibc.
 * Returns a malloc'd array of pointers into environ, or NULL.
 */
static char **
plot_env(void)
{
	size_t n = 0, k = 0;
	char **env;

	while (environ[n])
		n++;
	if (!(env = malloc((n + 2) * sizeof *env)))
		return NULL;
	for (size_t i = 0; i < n; i++)
		if (strncmp(environ[i], "LC_ALL=", 7) &&
		    strncmp(environ[i], "LC_CTYPE=", 9))
			env[k++] = environ[i];
	env[k++] = "LC_ALL=C.UTF-8";
	env[k] = NULL;
	return env;
}

/* How long gnuplot may take for one chart: SUIVI_GNUPLOT_TIMEOUT seconds,
 * 60 by default. */
void
deadline_in(struct timespec *d)
{
	const char *env = getenv("SUIVI_GNUPLOT_TIMEOUT");
	long s;

	if (!env || text_int(env, 1, 86400, &s))
		s = 60;
	clock_gettime(CLOCK_MONOTONIC, d);
	d->tv_sec += s;
}

/* Milliseconds until the deadline, 0 when it is past. */
int
left_ms(const struct timespec *d)
{
	struct timespec now;
	long long ms;

	clock_gettime(CLOCK_MONOTONIC, &now);
	ms = (d->tv_sec - now.tv_sec) * 1000LL + (d->tv_nsec - now.tv_nsec) / 1000000;
	return ms <= 0 ? 0 : ms > 1000000 ? 1000000 : (int)ms;
}

/* Start gnuplot, its standard input a pipe whose (non-blocking) write
 * end comes back in *in; its standard output to out (or /dev/null), its
 * messages to err and descriptors 3, 4 and 5 to fd[0], fd[1] and fd[2]
 * when those are not -1.  Every
 * pipe of ours is close-on-exec: a gnuplot started by another page's
 * thread meanwhile must not hold this one's open. */
int
start_gnuplot(pid_t *pid, int *in, int out, int err, const int fd[3],
    sv_err *e)
{
	posix_spawn_file_actions_t fa;
	char *argv[] = { "gnuplot", NULL };
	char **env;
	int fds[2], rc;

	if (!(env = plot_env()))
		return sv_errf(e, SV_NOMEM, "out of memory");
	if (pipe2(fds, O_CLOEXEC) != 0) {
		free(env);
		return sv_errf(e, SV_SOFTWARE, "cannot start gnuplot: %s",
		    strerror(errno));
	}
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, fds[0], 0);
	if (out >= 0)
		posix_spawn_file_actions_adddup2(&fa, out, 1);
	else
		posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	if (err >= 0)
		posix_spawn_file_actions_adddup2(&fa, err, 2);
	for (int k = 0; k < 3; k++)
		if (fd[k] >= 0)
			posix_spawn_file_actions_adddup2(&fa, fd[k], 3 + k);
	rc = posix_spawnp(pid, "gnuplot", &fa, NULL, argv, env);
	posix_spawn_file_actions_destroy(&fa);
	free(env);
	close(fds[0]);
	if (rc != 0) {
		close(fds[1]);
		return sv_errf(e, SV_UNAVAILABLE, "gnuplot cannot be started (%s): "
		    "install it with 'apt-get install gnuplot-nox'", strerror(rc));
	}
	fcntl(fds[1], F_SETFL, fcntl(fds[1], F_GETFL) | O_NONBLOCK);
	*in = fds[1];
	return SV_OK;
}

/* gnuplot exits on a broken script: writing to it must not kill us with
 * SIGPIPE.  The signal is blocked in this thread only, while it writes,
 * and one it raised is taken before the mask is restored. */
void
pipe_signal_block(sigset_t *old)
{
	sigset_t pipe_sig;

	sigemptyset(&pipe_sig);
	sigaddset(&pipe_sig, SIGPIPE);
	pthread_sigmask(SIG_BLOCK, &pipe_sig, old);
}

void
pipe_signal_restore(const sigset_t *old)
{
	sigset_t pipe_sig;

	sigemptyset(&pipe_sig);
	sigaddset(&pipe_sig, SIGPIPE);
	if (!sigismember(old, SIGPIPE))
		sigtimedwait(&pipe_sig, NULL, &(struct timespec){ 0, 0 });
	pthread_sigmask(SIG_SETMASK, old, NULL);
}

/* Start gnuplot on script; the image goes to outfd (its descriptor 3),
 * its messages to errfd (a temporary file, read when it fails), its
 * output to /dev/null.  A gnuplot that stops reading must not stop us:
 * the pipe is written without blocking, until the deadline. */
static int
spawn(const char *script, size_t len, pid_t *pid, const struct timespec *deadline,
    int outfd, int errfd, sv_err *e)
{
	sigset_t old;
	int in, rc;

	if ((rc = start_gnuplot(pid, &in, -1, errfd, (int[3]){ outfd, -1, -1 }, e)))
		return rc;
	pipe_signal_block(&old);
	for (size_t off = 0; off < len;) {
		struct pollfd pf = { in, POLLOUT, 0 };
		ssize_t n;
		if (poll(&pf, 1, left_ms(deadline)) <= 0)
			break;
		if ((n = write(in, script + off, len - off)) < 0 &&
		    errno != EAGAIN && errno != EINTR)
			break;
		off += n > 0 ? (size_t)n : 0;
	}
	close(in);
	pipe_signal_restore(&old);
	return SV_OK;
}

/* Wait for gnuplot until the deadline; kill it past that.  Returns its
 * exit status, 128 + the signal that ended it, or -1 when it was killed
 * for taking too long. */
int
wait_gnuplot(pid_t pid, const struct timespec *deadline)
{
	long pause = 100000;    /* ns: doubled up to 5 ms; gnuplot ends in
	                           tens of ms, a chart in a few */
	int status;

	for (;;) {
		pid_t w = waitpid(pid, &status, WNOHANG);
		if (w == pid)
			return WIFEXITED(status) ? WEXITSTATUS(status) :
			    128 + WTERMSIG(status);
		if (w < 0 && errno != EINTR)
			return 127;
		if (left_ms(deadline) == 0) {
			kill(pid, SIGKILL);
			waitpid(pid, &status, 0);
			return -1;
		}
		nanosleep(&(struct timespec){ 0, pause }, NULL);
		pause = pause < 2500000 ? pause * 2 : 5000000;
	}
}

int
plot_available(sv_err *e)
{
	struct timespec deadline;
	pid_t pid;
	int rc, status;

	deadline_in(&deadline);
	if ((rc = spawn("exit\n", 5, &pid, &deadline, -1, -1, e)))
		return rc;
	status = wait_gnuplot(pid, &deadline);
	if (status == 127)
		return sv_errf(e, SV_UNAVAILABLE, "gnuplot is not installed: "
		    "install it with 'apt-get install gnuplot-nox'");
	if (status != 0)
		return sv_errf(e, SV_UNAVAILABLE, "gnuplot does not work here (%s): "
		    "check 'echo exit | gnuplot'", status < 0 ? "it did not answer "
		    "in time" : "it failed to start");
	return SV_OK;
}

/* A complete image: PNG signature, or an SVG that closes its root. */
int
valid_image(int fd, enum plot_format fmt)
{
	char head[8] = { 0 }, tail[64] = { 0 };
	struct stat st;
	off_t size;
	int ok;

	if (fstat(fd, &st) != 0)
		return 0;
	size = st.st_size;
	ok = size > 0 && pread(fd, head, sizeof head, 0) == sizeof head;
	if (ok && fmt == PLOT_PNG)
		ok = memcmp(head, "\x89PNG\r\n\x1a\n", 8) == 0;
	else if (ok) {
		ok = pread(fd, tail, 63, size > 63 ? size - 63 : 0) > 0 &&
		    strstr(tail, "</svg>") != NULL &&
		    (memcmp(head, "<?xml", 5) == 0 || memcmp(head, "<svg", 4) == 0);
	}
	return ok;
}




/* gnuplot's first complaint about this chart, for the message. */
void
first_complaint(FILE *err, char *why, size_t n)
{
	why[0] = '\0';
	if (!err)
		return;
	rewind(err);
	while (fgets(why, (int)n, err) && strspn(why, " \t\n^") == strlen(why))
		;
	why[strcspn(why, "\n")] = '\0';
}

/* An image, known good in tmp, renamed into place at path. */
int
put_in_place(const char *tmp, const char *path, sv_err *e)
{
	if (rename(tmp, path) != 0) {
		unlink(tmp);
		return sv_errf(e, SV_CANTCREAT, "%s: cannot create: %s", path,
		    strerror(errno));
	}
	return SV_OK;
}


/* A chart that did not come out whole: when its file cannot take a byte
 * more, the disk is full (or a file size limit reached), which is said as
 * the I/O error it is (SV_IOERR), not as gnuplot's failure; else SV_OK. */
int
unwritable(int out, const char *path, sv_err *e)
{
	int err;

	if (lseek(out, 0, SEEK_END) >= 0 && write(out, "\n", 1) == 1)
		return SV_OK;
	err = errno;
	return sv_errf(e, SV_IOERR, "%s: cannot write the chart: %s (free some "
	    "space, or raise the file size limit, and run the command again)",
	    path, strerror(err));
}


int
plot_render(plot_script *s, sv_err *e)
{
	struct timespec deadline;
	pid_t pid;
	int status, rc;

	if (s->session)
		return session_render(s, e);
	free(s->phone);         /* a chart alone has no phone version */
	s->phone = NULL;
	fputs("\nunset output\nexit\n", s->fp);
	if (fclose(s->fp) != 0 || s->nomem) {
		s->fp = NULL;
		free(s->buf);
		s->buf = NULL;
		return sv_errf(e, SV_NOMEM, "out of memory");
	}
	s->fp = NULL;
	FILE *err = tmpfile();
	if (err)
		fcntl(fileno(err), F_SETFD, FD_CLOEXEC);
	char why[256] = "";
	int out = outfile_temp(s->path, s->tmp, sizeof s->tmp, e);

	deadline_in(&deadline);
	rc = out < 0 ? e->code : spawn(s->buf, s->len, &pid, &deadline, out,
	    err ? fileno(err) : -1, e);
	free(s->buf);
	s->buf = NULL;
	if (rc) {
		if (err)
			fclose(err);
		if (out >= 0) {
			close(out);
			unlink(s->tmp);
		}
		return rc;
	}
	status = wait_gnuplot(pid, &deadline);
	first_complaint(err, why, sizeof why);
	if (err)
		fclose(err);
	int good = status == 0 && valid_image(out, s->fmt);
	if (!good && status == 0 && (rc = unwritable(out, s->path, e))) {
		close(out);
		unlink(s->tmp);
		return rc;
	}
	close(out);
	if (!good) {
		unlink(s->tmp);
		if (status < 0)
			return sv_errf(e, SV_SOFTWARE, "%s: gnuplot did not finish the "
			    "chart in time and was stopped (SUIVI_GNUPLOT_TIMEOUT)",
			    s->path);
		return sv_errf(e, SV_SOFTWARE, "%s: gnuplot failed to draw the "
		    "chart (exit %d%s%s)", s->path, status, *why ? ": " : "", why);
	}
	return put_in_place(s->tmp, s->path, e);
}
