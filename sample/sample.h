/*
 * sample — generate a realistic sample of the six zones' monthly extracts,
 * with the truth known (`suivi sample`).
 *
 * The public face of sample/.  The same options give byte-identical files.
 * Layout: DIR/<zone>/<YYYY-MM>.csv, one file per zone and month of
 * registration, each zone in its own dialect; DIR/<zone>/<YYYY-MM>-v2.csv
 * for the one month a zone re-delivers with corrections; DIR/truth.json,
 * which says what was injected (anomalies, defects with file and line,
 * months not delivered, revisions) and how many valid facts each zone has
 * each month (by date of facts), so that tests can reconcile ingest with
 * it exactly.  Memory stays small: one zone-month of facts at a time, plus
 * the late registrations still to come.
 */
#ifndef SUIVI_SAMPLE_H
#define SUIVI_SAMPLE_H

#include <stdint.h>
#include <stdio.h>

#include "../core/err.h"

/* The month the sample's events are placed from (SAMPLE_EVENTS), unless
 * said: the injected anomalies lead up to it, the month not delivered is
 * 40 months before it, the re-delivered one 32.  Fixed rather than --to,
 * so that a longer sample is the same history plus new months. */
#define SAMPLE_EVENTS (2026 * 12 + 9)   /* 2026-10 */

typedef struct sample_opts {
	const char *out;        /* directory, created if absent */
	uint64_t seed;
	int from, to;           /* month indexes (core/month.h) */
	double scale;           /* 1: about 150,000 facts a year */
	int events;             /* month index; 0: SAMPLE_EVENTS */
} sample_opts;

/* The sample suivi run --sample and suivi sample make by default: the
 * six zones from January 2019 to October 2026, seed 1, scale 1, into out. */
void sample_defaults(sample_opts *o, const char *out);

int sample_generate(const sample_opts *o, const char *refdir, FILE *log,
    sv_err *e);

/* The partners' files of the same sample, in o->out/partners (partners.c):
 * figures by quarter, progress reports; run by sample_generate(). */
int sample_partners(const sample_opts *o, const char *refdir, sv_err *e);


#endif
