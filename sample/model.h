/*
 * model — what the sample's crime looks like: how many facts of each
 * phenomenon each commune sees each month, and the details of one fact.
 *
 * Private to sample/.  Means combine: the phenomenon's 2019 level, the
 * commune's population and centrality, the season, a multi-year trend, the
 * spring-2020 lockdown, and the injected anomalies.  Months are counted
 * from year 0 (month = 12 * year + month - 1).
 */
#ifndef SUIVI_MODEL_H
#define SUIVI_MODEL_H

#include "rng.h"

#define MODEL_MAX_ANOMALIES 8

/* An injected emerging phenomenon (see truth.json). */
typedef struct anomaly {
	const char *kind;       /* new_modus_operandi, wave, sustained_rise,
	                           spike, slow_rise */
	const char *code;       /* phenomenon */
	int zone;
	int from, to;           /* months, inclusive */
	double mult;            /* multiplier (for slow_rise: at the end) */
	const char *mo;         /* the new modus operandi, or NULL */
} anomaly;

typedef struct model {
	int from, to;           /* the sample's months */
	double scale;
	int nanomalies;
	anomaly anomalies[MODEL_MAX_ANOMALIES];
} model;

/* The model of the months [from, to], its anomalies leading up to month
 * `events` (those that fall outside [from, to] left out; an anomaly that
 * goes on past `to` keeps its whole window, truth.json says where the
 * sample stops it). */
void model_init(model *m, int from, int to, int events, double scale);

int model_nphenomena(void);
const char *model_code(int p);

/* Mean number of facts of phenomenon p in a commune of weight w (its share
 * of the region) of zone z, in month t. */
double model_mean(const model *m, int p, int zone, double w, int t);

/* The anomaly active for (p, zone, t), or NULL. */
const anomaly *model_anomaly(const model *m, int p, int zone, int t);

/* One fact's details. */
typedef struct fact {
	int zone, nis, p;
	int date_fact, time_fact;       /* yyyymmdd; minutes or -1 */
	int date_registered;
	int attempt;                    /* -1 unknown, 0, 1 */
	const char *mo, *place, *channel, *relation;
	int victim_sex, author_sex;     /* 0 unknown, 1 F, 2 M, 3 X */
	const char *victim_age, *author_age;
	int author;                     /* pseudonymous author id, 0 none */
	int quartier;                   /* 0 none */
	int label;                      /* 0 label, 1 alias, 2 unmapped */
} fact;

void model_fact(const model *m, rng *r, int p, int zone, int t, fact *f);

#endif
