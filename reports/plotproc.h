/*
 * plotproc — gnuplot as a process: what plot.c (a gnuplot a chart) and
 * plotsession.c (a page's gnuplot, chart after chart) share.  Private to
 * plot.c and plotsession.c; plot.h is the face.
 */
#ifndef SUIVI_PLOTPROC_H
#define SUIVI_PLOTPROC_H

#include <signal.h>
#include <sys/types.h>
#include <time.h>

#include "plot.h"

/* The deadline for one chart (SUIVI_GNUPLOT_TIMEOUT seconds, 60 by
 * default), and the milliseconds left until it (0: past). */
void deadline_in(struct timespec *d);
int left_ms(const struct timespec *d);

/* Start gnuplot: its standard input a pipe whose (non-blocking) write
 * end comes back in *in; its standard output to out (or /dev/null), its
 * messages to err, descriptors 3 to 5 to fd[0..2] where not -1. */
int start_gnuplot(pid_t *pid, int *in, int out, int err, const int fd[3],
    sv_err *e);

/* SIGPIPE blocked in this thread while it writes to gnuplot, and one it
 * raised taken before the mask is restored. */
void pipe_signal_block(sigset_t *old);
void pipe_signal_restore(const sigset_t *old);

/* gnuplot's exit status (128 + a signal; -1: killed past the deadline). */
int wait_gnuplot(pid_t pid, const struct timespec *deadline);

/* A complete image in fd: PNG signature, or an SVG that closes its root. */
int valid_image(int fd, enum plot_format fmt);

/* gnuplot's first complaint about the chart, for the message. */
void first_complaint(FILE *err, char *why, size_t n);

/* The image in tmp renamed into place at path: SV_OK or SV_CANTCREAT. */
int put_in_place(const char *tmp, const char *path, sv_err *e);

/* A chart that did not come out whole because the disk is full (SV_IOERR,
 * said); SV_OK when its file still takes a byte. */
int unwritable(int out, const char *path, sv_err *e);

/* plot_render() in a session (plotsession.c). */
int session_render(plot_script *s, sv_err *e);

#endif
