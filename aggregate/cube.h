/*
 * cube — the incidents counted by month and by every dimension the
 * indicators need, in memory, and written to the cube, label_map and
 * coverage tables.
 *
 * Private to aggregate/.  A count of the incidents builds it (every
 * incident, or what changed since the last count: countstate.c).  Each
 * raw phenomenon label is mapped once, through the aliases, onto a
 * phenomenon of the nomenclature, or onto "unmapped" (kept, counted, never
 * dropped).  Two time axes: the month of the facts and the month of
 * registration.  A zone-month is delivered when the zone registered at
 * least one fact that month: extracts are monthly by registration, so a
 * month without any is a month whose extract never came, not a zero.
 *
 * Nothing about the layout is fixed here: zones, communes and phenomena
 * are what the reference tables hold (layout.c), and the dense counts
 * cover the months from the earliest fact loaded to `through`, at most
 * CUBE_MONTHS of them; older facts are in the cube table but outside
 * every indicator window.
 *
 * Two steps, so that the catalogue can say what it needs between them:
 * cube_layout() reads the reference, cube_want() marks the phenomena
 * whose counts by sex, channel or place are asked for, cube_count() scans
 * the incidents.  cube_scan() does all three, wanting everything.
 */
#ifndef SUIVI_CUBE_H
#define SUIVI_CUBE_H

#include <assert.h>
#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

#include "../core/err.h"
#include "../core/refdata.h"

#define CUBE_MONTHS 240         /* the longest history counted densely */
#define CUBE_MO_MONTHS 60       /* modus operandi: the last five years */
#define CUBE_AUTHOR_MONTHS 47       /* 12-month windows ending in each
                                   of the last 36 months */
#define CUBE_DELAYS 25          /* registered 0..23 months after the facts,
                                   and 24 or more */
/* The most communes, phenomena, distinct channels and distinct place
 * types a cube cell's packed key can name (scan.h), and its months (from
 * January 1900, 4096 of them); cube_layout() and cube_count() refuse a
 * reference or data past them, naming the file or the column. */
#define CUBE_MAX_COMMUNES REF_MAX_COMMUNES
#define CUBE_MAX_PHEN REF_MAX_PHENOMENA
#define CUBE_MAX_CHANNELS 2047
#define CUBE_MAX_PLACES 4095
#define CUBE_MONTH_BASE (1900 * 12)
#define CUBE_MONTH_SPAN 4096

enum basis { BASIS_FACT, BASIS_REGISTERED };
enum cube_sex { CUBE_VICTIM, CUBE_AUTHOR };
enum cube_flag { CUBE_POW, CUBE_PT };   /* Police on Web; public transport */

/* What cube_count() counts beyond the totals, by phenomenon (bits). */
enum cube_want {
	WANT_VICTIM_SEX = 1 << 0, WANT_AUTHOR_SEX = 1 << 1,
	WANT_POW = 1 << 2, WANT_PT = 1 << 3, WANT_ALL = 15
};

/*
 * The layout is the reference's: nphen phenomena (plus index nphen,
 * "unmapped"), ncommunes communes (sorted by NIS code) and nzones zones,
 * each array below sized from those counts.  Invariants once cube_count()
 * returns: commune_zi[ci] is the index in zones[] of commune ci's zone,
 * or -1 for a commune whose zone the reference lacks; the communes of
 * zone z are in_zone[zone_start[z] .. zone_start[z + 1] - 1]; every count
 * is over nmonths dense slots, slot = month - cube_month0().  The blocks
 * by sex, flag and modus operandi exist only where the data have a value
 * and want[] asked for it (NULL means none); read them through the
 * accessors below, never directly.
 */
typedef struct cube {
	int through;                    /* month index (12 * year + month - 1) */
	int as_of;                      /* the month registrations are counted
	                                   up to: the last delivered, or
	                                   `through` for a cut; a month's age
	                                   (for nowcasts) is from it */
	int cut;                        /* count only what was registered by
	                                   the end of `through` */
	int late_after;                 /* yyyymmdd, or 0: count only what
	                                   was registered after it, of the
	                                   facts from late_from to late_to
	                                   (yyyymmdd): cube_late() */
	int late_from, late_to;
	int asof;                       /* count the incidents as they stood
	                                   at a past moment (temp.asof_incident,
	                                   core/delivery.h) */
	int first;                      /* first month with a delivery */
	int latest;                     /* the latest month any zone
	                                   delivered (through is the latest
	                                   most zones did) */
	int nmonths;                    /* dense slots, 1..CUBE_MONTHS */
	int nphen;
	char (*codes)[REF_CODE_MAX + 1];        /* [nphen + 1] */
	int *axis, *pow;                /* [nphen + 1]; pow: Police on Web takes it */
	unsigned char *want;            /* [nphen + 1]: enum cube_want bits */
	int ncommunes, nzones;
	int *nis, *commune_zone, *commune_zi;   /* [ncommunes] */
	double *population;             /* [ncommunes]: latest total, 0 if none */
	int *zones;                     /* [nzones]: zone numbers */
	int *in_zone, *zone_start;      /* [ncommunes], [nzones + 1] */
	int nmo;                        /* modus operandi codes seen */
	char **mo;                      /* their text, whole */
	long incidents, unmapped, outside;
	int afresh;                     /* every incident was read, not only
	                                   what changed since the last count */
	long read;                      /* incidents read (the changed ones
	                                   twice: as they were, as they are) */
	int32_t *total;                 /* [basis][phen][commune][slot] */
	int32_t **sex[2];               /* [phen] -> [commune][slot][4] */
	int32_t **flag[2];              /* [phen] -> [commune][slot] */
	int32_t *delay;                 /* [phen][slot][CUBE_DELAYS]: facts by
	                                   months until registered (a
	                                   registration before the facts is 0) */
	int32_t *registered;            /* [zone][slot]: facts registered */
	unsigned char *delivered;       /* [zone][slot]: a current delivery
	                                   declares the zone-month */
	int32_t **mo_count;             /* [code * (nphen + 1) + phen] ->
	                                   [zone][CUBE_MO_MONTHS] */
	size_t capmo;                   /* mo_count's length */
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

/* Read the layout into c (zeroed first) and size the month window.
 * through: yyyymm, or 0 for the last month with a delivery; cut: count
 * the incidents as the database stood at the end of that month (only
 * those registered by then), as for judging nowcasts and alarms after
 * the fact; as_of (core/delivery.h's form, or NULL): the deliveries and
 * incidents as they stood at that moment. */
int cube_layout(sqlite3 *db, int through, int cut, const char *as_of,
    cube *c, sv_err *e);

/* Ask for phenomenon p's counts by what (enum cube_want bits). */
void cube_want(cube *c, int p, unsigned what);

/* Count the incidents into c.  Afterwards c is complete and read-only:
 * the indicators may be computed from it (in another thread) while
 * cube_write() runs.  The counts of the last run are kept in the
 * database (countstate.c): when they were made under the same layout,
 * only the incidents added, revised or removed since are read; rebuild
 * (or a cut) reads them all. */
int cube_count(sqlite3 *db, cube *c, int rebuild, sv_err *e);

/* What a comparison with the same period a year before leaves out, so
 * that it is made as the facts stood registered then: the facts of the
 * 24 months to 12 before c's `through` (every such period's months)
 * registered after the end of the month 12 before c's as_of, counted
 * into late with c's layout and wants (as_of as c's: NULL, or the moment
 * c was counted at).  Nothing of it is kept: a count of its own, never
 * the saved state's. */
int cube_late(sqlite3 *db, const cube *c, const char *as_of, cube *late,
    sv_err *e);

/* cube_layout() without cut, everything wanted, cube_count(). */
int cube_scan(sqlite3 *db, int through, cube *c, sv_err *e);

/* Write the cube, label_map, coverage and delay tables.  Of the cube
 * table, only the months (of either basis) whose cells changed since
 * the last write are rewritten, unless rebuild; *rewritten says how
 * many were. */
int cube_write(sqlite3 *db, const cube *c, int rebuild, int *rewritten,
    sv_err *e);
void cube_free(cube *c);

/* Index of the first dense month, and of a month index in the arrays
 * (-1 outside). */
int cube_month0(const cube *c);
int cube_slot(const cube *c, int month);

/* 1 if zone index z delivered month index t; for z < 0, all zones did. */
int cube_delivered(const cube *c, int z, int t);

int cube_phenomenon(const cube *c, const char *code);

/* The communes of zone index z (z < 0: all of them), *n of them. */
const int *cube_communes(const cube *c, int z, int *n);

/* CUBE_MONTHS zeros: what an absent block reads as. */
extern const int32_t cube_zeros[];

/* The nmonths monthly counts of phenomenon p in commune ci. */
static inline const int32_t *
cube_total(const cube *c, enum basis b, int p, int ci)
{
	assert(p >= 0 && p <= c->nphen && ci >= 0 && ci < c->ncommunes);
	return c->total + (((size_t)b * (size_t)(c->nphen + 1) + (size_t)p) *
	    (size_t)c->ncommunes + (size_t)ci) * (size_t)c->nmonths;
}

/* The facts of p in ci in slot m by the victim's or author's sex s: 0
 * unknown, 1 F, 2 M, 3 X. */
static inline int32_t
cube_by_sex(const cube *c, enum cube_sex w, int p, int ci, int m, int s)
{
	const int32_t *b = c->sex[w][p];

	assert(m >= 0 && m < c->nmonths && s >= 0 && s < 4);
	if (!b)         /* never told: every fact's sex is unknown */
		return s ? 0 : cube_total(c, BASIS_FACT, p, ci)[m];
	return b[((size_t)ci * (size_t)c->nmonths + (size_t)m) * 4 + (size_t)s];
}

/* The facts of p in ci that came through Police on Web, or happened in
 * public transport, by slot. */
static inline const int32_t *
cube_flagged(const cube *c, enum cube_flag f, int p, int ci)
{
	const int32_t *b = c->flag[f][p];

	assert(ci >= 0 && ci < c->ncommunes);
	return b ? b + (size_t)ci * (size_t)c->nmonths : cube_zeros;
}

/* The reporting triangle's row of p for slot m: [CUBE_DELAYS]. */
static inline const int32_t *
cube_delay(const cube *c, int p, int m)
{
	assert(p >= 0 && p <= c->nphen && m >= 0 && m < c->nmonths);
	return c->delay + ((size_t)p * (size_t)c->nmonths + (size_t)m) *
	    CUBE_DELAYS;
}

/* Facts registered by zone index z in slot m. */
static inline int32_t
cube_registered(const cube *c, int z, int m)
{
	assert(z >= 0 && z < c->nzones && m >= 0 && m < c->nmonths);
	return c->registered[(size_t)z * (size_t)c->nmonths + (size_t)m];
}

/* The facts of p in zone index z with modus operandi code k over the
 * last CUBE_MO_MONTHS months (index CUBE_MO_MONTHS - 1 is `through`). */
static inline const int32_t *
cube_mo(const cube *c, int k, int p, int z)
{
	assert(k >= 0 && k < c->nmo && p >= 0 && p <= c->nphen && z >= 0 &&
	    z < c->nzones);
	const int32_t *b = c->mo_count[(size_t)k * (size_t)(c->nphen + 1) +
	    (size_t)p];

	return b ? b + (size_t)z * CUBE_MO_MONTHS : cube_zeros;
}

#endif
