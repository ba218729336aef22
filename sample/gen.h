/*
 * gen — the sample generator's state, shared by sample.c (reference data,
 * drawing facts) and write.c (files, defects, revision, truth.json).
 * Private to sample/.
 */
#ifndef SUIVI_GEN_H
#define SUIVI_GEN_H

#include <iconv.h>
#include <stdio.h>

#include "../core/err.h"
#include "dialect.h"
#include "model.h"
#include "rng.h"
#include "sample.h"

#define NZONES 6
#define MAX_COMMUNES 8
#define AUTHOR_RING 500
#define DEFECT_RATE 0.001
#define DEFECT_GAP 25           /* rows between defects: a broken quote
                                   never reaches another defect */

typedef struct commune {
	int nis;
	double weight;          /* share of the region's facts */
	char fr[64], nl[64];
} commune;

typedef struct phen {
	char fr[96], nl[96], code[48], alias[96];
	int has_alias;
} phen;

/* A fact waiting for the file of its registration month. */
typedef struct pending {
	fact f;
	long seq;               /* creation order: a stable sort key */
} pending;

typedef struct zone_state {
	int zone;
	const zone_dialect *d;
	commune communes[MAX_COMMUNES];
	int ncommunes;
	pending *q;
	size_t nq, capq;
	long next_ref, next_author;
	int ring[AUTHOR_RING], nring;
} zone_state;

/* Everything generated so far, for truth.json. */
typedef struct gen {
	const sample_opts *o;
	model m;
	rng r;
	phen *ph;
	zone_state z[NZONES];
	long *facts;            /* [zone][month - from] valid facts */
	FILE *defects, *files;  /* memory streams of JSON objects for
	                           truth.json, into the buffers below */
	char *defects_buf, *files_buf;
	size_t defects_len, files_len;
	long ndefects, since_defect, nfiles, total;
	int defect_kind;
	int skip_zone, skip_month, rev_zone, rev_month;
	char rev_file[64];
	long rev_rows, rev_corrected;
	iconv_t to1252;
	long seq;
} gen;

/* Write zone z's file for month t (and its revision, if it is the month
 * re-delivered), taking the facts registered that month off its queue. */
int write_month(gen *g, zone_state *z, int t, sv_err *e);

/* Write DIR/truth.json. */
int write_truth(gen *g, sv_err *e);

#endif
