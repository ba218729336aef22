#include "plot.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

int
plot_begin(plot_script *s, const char *path, enum plot_format fmt, int width,
    int height)
{
	s->buf = NULL;
	s->len = 0;
	s->fmt = fmt;
	snprintf(s->path, sizeof s->path, "%s", path);
	snprintf(s->tmp, sizeof s->tmp, "%s.tmp-%ld", path, (long)getpid());
	if (!(s->fp = open_memstream(&s->buf, &s->len)))
		return -1;
	if (fmt == PLOT_SVG)
		fprintf(s->fp, "set terminal svg size %d,%d noenhanced "
		    "font 'DejaVu Sans,11' background '#ffffff'\n", width, height);
	else
		fprintf(s->fp, "set terminal pngcairo size %d,%d noenhanced "
		    "font 'DejaVu Sans,10'\n", width, height);
	fputs("set output ", s->fp);
	plot_string(s, s->tmp);
	fputs("\nset encoding utf8\nset border 3 lc '#555555'\nset tics nomirror "
	    "textcolor '#333333'\nset grid ytics lc '#dddddd' lt 1\n"
	    "set key outside below horizontal noopaque\n", s->fp);
	return 0;
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
		else
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

static int
spawn(const char *script, size_t len, pid_t *pid, sv_err *e)
{
	posix_spawn_file_actions_t fa;
	char *argv[] = { "gnuplot", NULL };
	char **env;
	int fds[2], rc;

	if (!(env = plot_env()))
		return sv_errf(e, SV_SOFTWARE, "out of memory");
	if (pipe(fds) != 0) {
		free(env);
		return sv_errf(e, SV_SOFTWARE, "cannot start gnuplot: %s",
		    strerror(errno));
	}
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, fds[0], 0);
	posix_spawn_file_actions_addclose(&fa, fds[1]);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	rc = posix_spawnp(pid, "gnuplot", &fa, NULL, argv, env);
	posix_spawn_file_actions_destroy(&fa);
	free(env);
	close(fds[0]);
	if (rc != 0) {
		close(fds[1]);
		return sv_errf(e, SV_UNAVAILABLE, "gnuplot cannot be started (%s): "
		    "install it with 'apt-get install gnuplot-nox'", strerror(rc));
	}
	/* gnuplot exits on a broken script: do not die of SIGPIPE then. */
	void (*old)(int) = signal(SIGPIPE, SIG_IGN);
	for (size_t off = 0; off < len;) {
		ssize_t n = write(fds[1], script + off, len - off);
		if (n <= 0)
			break;
		off += (size_t)n;
	}
	close(fds[1]);
	signal(SIGPIPE, old);
	return SV_OK;
}

int
plot_available(sv_err *e)
{
	pid_t pid;
	int status, rc;

	if ((rc = spawn("exit\n", 5, &pid, e)))
		return rc;
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) ||
	    WEXITSTATUS(status) == 127)
		return sv_errf(e, SV_UNAVAILABLE, "gnuplot is not installed: "
		    "install it with 'apt-get install gnuplot-nox'");
	return SV_OK;
}

/* A complete image: PNG signature, or an SVG that closes its root. */
static int
valid_image(const char *path, enum plot_format fmt)
{
	FILE *fp = fopen(path, "rb");
	char head[8] = { 0 }, tail[64] = { 0 };
	long size;
	int ok;

	if (!fp)
		return 0;
	fseek(fp, 0, SEEK_END);
	size = ftell(fp);
	rewind(fp);
	ok = size > 0 && fread(head, 1, sizeof head, fp) == sizeof head;
	if (ok && fmt == PLOT_PNG)
		ok = memcmp(head, "\x89PNG\r\n\x1a\n", 8) == 0;
	else if (ok) {
		fseek(fp, size > 63 ? size - 63 : 0, SEEK_SET);
		ok = fread(tail, 1, 63, fp) > 0 && strstr(tail, "</svg>") != NULL &&
		    (memcmp(head, "<?xml", 5) == 0 || memcmp(head, "<svg", 4) == 0);
	}
	fclose(fp);
	return ok;
}

int
plot_render(plot_script *s, sv_err *e)
{
	pid_t pid;
	int status, rc;

	fputs("\nunset output\nexit\n", s->fp);
	fclose(s->fp);
	s->fp = NULL;
	rc = spawn(s->buf, s->len, &pid, e);
	free(s->buf);
	s->buf = NULL;
	if (rc)
		return rc;
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) ||
	    WEXITSTATUS(status) != 0 || !valid_image(s->tmp, s->fmt)) {
		unlink(s->tmp);
		return sv_errf(e, SV_SOFTWARE, "%s: gnuplot failed to draw the "
		    "chart (exit %d)", s->path, WIFEXITED(status) ?
		    WEXITSTATUS(status) : -1);
	}
	if (rename(s->tmp, s->path) != 0) {
		unlink(s->tmp);
		return sv_errf(e, SV_CANTCREAT, "%s: cannot create: %s", s->path,
		    strerror(errno));
	}
	return SV_OK;
}
