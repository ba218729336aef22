/*
 * cube — the incidents counted by month and by every dimension the
 * indicators need, in memory, and written to the cube, label_map and
 * coverage tables.
 *
 * Private to aggregate/.  One scan of the incident table builds it.  Each
 * raw phenomenon label is mapped once, through the aliases, onto a
 * phenomenon of the nomenclature, or onto "unmapped" (kept, counted, never
 * dropped).  Two time axes: the month of the facts and the month of
 * registration.  A zone-month is delivered when the zone registered at
 * least one fact that month: extracts are monthly by registration, so a
 * month without any is a month whose extract never came, not a zero.
 *
 * Dense counts cover the CUBE_MONTHS months up to `through`; facts older
 * than that are in the cube table but outside every indicator window.
 */
#ifndef SUIVI_CUBE_H
#define SUIVI_CUBE_H

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

#include "../core/err.h"
#include "../core/refdata.h"

#define CUBE_MONTHS 240
#define CUBE_MAX_PHEN 128
/* The most phenomena, communes and zones the dense counts hold. */
#define CUBE_NCOMMUNES 19
#define CUBE_NZONES 6
#define CUBE_MO_MONTHS 60       /* modus operandi: the last five years */
#define CUBE_AUTHOR_MONTHS 24
#define CUBE_DELAYS 25          /* registered 0..23 months after the facts,
                                   and 24 or more */

enum basis { BASIS_FACT, BASIS_REGISTERED };

typedef struct cube {
	int through;                    /* month index (12 * year + month - 1) */
	int first;                      /* first month with a delivery */
	int nphen;                      /* phenomena; index nphen is unmapped */
	char codes[CUBE_MAX_PHEN + 1][REF_CODE_MAX + 1];
	int axis[CUBE_MAX_PHEN + 1];
	int pow[CUBE_MAX_PHEN + 1];     /* Police on Web takes it */
	/* The layout, from the reference (at most the maxima above: more is
	 * refused by cube_scan(), never cut): communes by NIS code, each
	 * with its zone's number and index; zones by number. */
	int ncommunes, nzones;
	int nis[CUBE_NCOMMUNES], commune_zone[CUBE_NCOMMUNES];
	int commune_zi[CUBE_NCOMMUNES];
	int zones[CUBE_NZONES];
	double population[CUBE_NCOMMUNES];      /* latest total, 0 if none */
	int nmo;                        /* modus operandi codes seen */
	char **mo;                      /* their text, whole */
	long incidents, unmapped, outside;
	/* Dense counts, month index m = month - (through - CUBE_MONTHS + 1). */
	int32_t (*total)[CUBE_MAX_PHEN + 1][CUBE_NCOMMUNES][CUBE_MONTHS]; /* [basis] */
	int32_t (*vsex)[CUBE_NCOMMUNES][CUBE_MONTHS][4];        /* [phen] */
	int32_t (*asex)[CUBE_NCOMMUNES][CUBE_MONTHS][4];
	int32_t (*pow_count)[CUBE_NCOMMUNES][CUBE_MONTHS];
	int32_t (*pt_count)[CUBE_NCOMMUNES][CUBE_MONTHS];
	/* [code][phen]: one block per modus operandi code, made when the
	 * scan first meets it (as many codes as the data hold) */
	int32_t (**mo_count)[CUBE_NZONES][CUBE_MO_MONTHS];
	size_t capmo;
	/* the reporting triangle: facts by month of facts and months until
	 * their registration (a registration before the facts counts as 0) */
	int32_t (*delay)[CUBE_MONTHS][CUBE_DELAYS];             /* [phen] */
	/* registered facts by zone and month: coverage */
	int32_t registered[CUBE_NZONES][CUBE_MONTHS];
	/* Every fact of the last CUBE_AUTHOR_MONTHS months with a
	 * pseudonymous author, for repeat involvement (M1.11). */
	struct author_fact {
		uint64_t author;        /* hash of author_ref */
		int16_t slot, zone, phenomenon;
	} *authors;
	size_t nauthors, capauthors;
	struct cube_scratch *scratch;   /* the cells and dictionaries of the
	                                   scan, until cube_write() */
} cube;

/* Scan the incidents into c.  through: yyyymm, or 0 for the last month
 * with a delivery.  Afterwards c is complete and read-only: the indicators
 * may be computed from it (in another thread) while cube_write() runs. */
int cube_scan(sqlite3 *db, int through, cube *c, sv_err *e);

/* Write the cube, label_map, coverage and delay tables. */
int cube_write(sqlite3 *db, const cube *c, sv_err *e);
void cube_free(cube *c);

/* Index of the first dense month, and of a month index in the arrays
 * (-1 outside). */
int cube_month0(const cube *c);
int cube_slot(const cube *c, int month);

/* 1 if zone index z delivered month index t; for z < 0, all zones did. */
int cube_delivered(const cube *c, int z, int t);

int cube_phenomenon(const cube *c, const char *code);

#endif
