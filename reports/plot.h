/*
 * plot — drive gnuplot, run as a separate process.
 *
 * Private to reports/.  A chart is a gnuplot script written into a
 * strbuf-like buffer: text from data enters it only through
 * plot_string(), which makes a single-quoted gnuplot string (no backquote
 * command substitution, no @ macros, no backslash escapes happen there;
 * quotes are doubled, control characters and newlines become spaces), and
 * data only as numbers in inline datablocks.  plot_render() starts
 * gnuplot with posix_spawnp, feeds the script on its standard input, has
 * it write the image to a temporary file beside the target that suivi
 * made with O_EXCL and hands it as descriptor 3 (gnuplot opens no path by
 * name), and renames it into place only when gnuplot exited 0 in time and
 * the file is a non-empty, complete SVG or PNG.  In a session (below)
 * the image goes to a file of the session's instead, and suivi copies
 * it to that file.  The terminal is noenhanced, so no text is
 * markup.
 */
#ifndef SUIVI_PLOT_H
#define SUIVI_PLOT_H

#include <stdio.h>

#include "../core/err.h"

enum plot_format { PLOT_SVG, PLOT_PNG };

/*
 * A gnuplot that draws one chart after another, for a page: started with
 * its first chart, given each script after `reset session`, its standard
 * output read up to a line of suivi's that says
 * the chart is done and how many errors gnuplot met (GPVAL_ERRNO).  A
 * gnuplot starts in about 10 ms and draws a chart in well under one: a
 * page of 35 charts takes a tenth of the time.  A chart that fails ends
 * the session (the next chart starts another); plot_session_end() ends
 * it for good.  Zeroed, it is a session not started.  One thread's.
 */
typedef struct plot_session {
	int pid;                /* 0: not running */
	int in, out;            /* gnuplot's standard input and output */
	FILE *err;              /* its messages, this chart's */
	FILE *script;           /* the chart's script, which gnuplot loads
	                           from its descriptor 3: piped, gnuplot
	                           reads its input a byte per system call */
	FILE *image;            /* the chart's image, which gnuplot writes to
	                           its descriptor 4 */
	FILE *phone;            /* its phone version, to descriptor 5 */
	char *buf;              /* what it printed; then the image */
	size_t len, cap;
} plot_session;

void plot_session_end(plot_session *ps);

/* A growing script; the image goes to tmp until it is known good. */
typedef struct plot_script {
	char *buf;
	size_t len;
	FILE *fp;               /* a memory stream over buf: write the script
	                           here, after plot_begin() */
	char path[4096], tmp[4200];
	enum plot_format fmt;
	plot_session *session;  /* NULL: a gnuplot of its own */
	char *phone;            /* the phone version's axis, or NULL: none */
	int legend;             /* the key's entries, as plot_title() counted */
	int phone_own;          /* the chart draws its phone version itself
	                           (plot_phone_own()) */
	int nomem;              /* memory ran out: plot_render() says so */
} plot_script;

/* Start a script for an image of the given size at path, to be drawn in
 * session ps (or, NULL, by a gnuplot of its own): SV_OK, or SV_SOFTWARE
 * ("out of memory") in e and nothing to free. */
int plot_begin(plot_script *s, plot_session *ps, const char *path,
    enum plot_format fmt, int width, int height, sv_err *e);

/* Free a script that will not be rendered (an error came first). */
void plot_discard(plot_script *s);

/* Append s as a safe single-quoted gnuplot string. */
void plot_string(plot_script *s, const char *text);

/* Append a plot's " title '...'": an entry of the key unless text is
 * empty.  Every titled plot goes through here: the phone version makes
 * room for the key's entries. */
void plot_title(plot_script *s, const char *text);

/*
 * A phone version of a chart drawn in a session: after the chart, gnuplot
 * draws it again, PLOT_PHONE_WIDTH px wide with the same 11 px font (a
 * phone shows it at its own size, the text as large as on a desk), after
 * axis (commands that narrow the x axis to the months a phone shows), its
 * title left to the page and its key below, an entry a line.  It goes to
 * plot_phone_path(path), in place with the chart or not at all.  axis
 * NULL: none (a multiplot cannot be drawn again).  Out of memory, the
 * chart fails when rendered.
 */
#define PLOT_PHONE_WIDTH 330
#define PLOT_PHONE_HEIGHT 300   /* without the key */
#define PLOT_PHONE_LINE 17      /* a line of the key, px */
void plot_phone(plot_script *s, const char *axis);
void plot_phone_path(const char *path, char *buf, size_t n);

/* For a chart that draws its phone version itself (a multiplot cannot be
 * drawn again): 1 when there is one to draw (an SVG in a session, with a
 * phone axis), after writing the switch to it (its file, a terminal
 * PLOT_PHONE_WIDTH by height px) and the phone's axis: the chart then
 * writes its plots.  0: none, nothing written. */
int plot_phone_own(plot_script *s, int height);

/* 0 if gnuplot can be started, else SV_UNAVAILABLE saying what to install. */
int plot_available(sv_err *e);

/* Run the script and free it; path is replaced only on success (its
 * phone version with it). */
int plot_render(plot_script *s, sv_err *e);

#endif
