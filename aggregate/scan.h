/*
 * scan — the scratch state of one cube count (private to aggregate/):
 * the cells counted and the strings interned, kept until cube_write()
 * has written them (cubewrite.c), and kept between runs in the database
 * so that the next count reads only what changed (countstate.c).
 */
#ifndef SUIVI_SCAN_H
#define SUIVI_SCAN_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <sqlite3.h>

#include "../core/dict.h"
#include "../core/err.h"
#include "cube.h"

/* A cube cell's dimensions packed in 64 bits:
 * month 12 | commune 11 | phenomenon 10 | vsex 2 | asex 2 | attempt 2 |
 * channel 11 | place 12 | basis 1 | 1, the month counted from
 * CUBE_MONTH_BASE (ingest keeps dates within 1900-2199).  Zone follows
 * from the commune.  The widths bound the layout (CUBE_MAX_COMMUNES and the
 * others in cube.h), which cube_layout() and the count (tally.c) check. */
typedef struct __attribute__((packed)) cell {
	uint64_t key;
	int32_t count;
} cell;     /* packed: 12 bytes, not 16 (at 8 million incidents a count
	       afresh holds 4 million of them) */

#define TALLY_MAX_MOS (1 << 30)  /* modus operandi codes a key can name */

/* The fields every kind of key shares: month, commune, phenomenon. */
static inline uint64_t
key_fact(int month, int commune, int p)
{
	return (uint64_t)(month - CUBE_MONTH_BASE) << 52 |
	    (uint64_t)commune << 41 | (uint64_t)p << 31 | 1;
}

/* A cell's dimensions in its key. */
static inline uint64_t
key_cell(int basis, int month, int commune, int p, int vsex, int asex,
    int attempt, int channel, int place)
{
	return key_fact(month, commune, p) | (uint64_t)vsex << 29 |
	    (uint64_t)asex << 27 | (uint64_t)attempt << 25 |
	    (uint64_t)channel << 14 | (uint64_t)place << 2 |
	    (uint64_t)basis << 1;
}

/* A key's fields; its month counted from CUBE_MONTH_BASE. */
static inline int key_month(uint64_t k) { return (int)(k >> 52); }
static inline int key_commune(uint64_t k) { return (int)(k >> 41 & 0x7FF); }
static inline int key_phen(uint64_t k) { return (int)(k >> 31 & 0x3FF); }
/* ... a cell's: basis (1 registered), sex (w: 0 victim, 1 author),
 * attempt + 1, channel and place (1 up, 0 none) */
static inline int key_basis(uint64_t k) { return (int)(k >> 1 & 1); }
static inline int
key_sex(uint64_t k, int w)
{
	return (int)(k >> (w ? 27 : 29) & 3);
}

static inline int key_attempt(uint64_t k) { return (int)(k >> 25 & 3); }
static inline int key_channel(uint64_t k) { return (int)(k >> 14 & 0x7FF); }
static inline int key_place(uint64_t k) { return (int)(k >> 2 & 0xFFF); }
/* ... a delay's months to registration, a modus operandi key's code */
static inline int key_delay(uint64_t k) { return (int)(k >> 2 & 0x1F); }
static inline int
key_mo(uint64_t k)
{
	return (int)(k >> 1 & (TALLY_MAX_MOS - 1));
}

/* Open-addressing map of 64-bit keys to signed counts (cells, delays,
 * modus operandi): a count's changes (scan below).  Key 0 is never used
 * (every key packs a low 1 bit). */
typedef struct cellmap {
	cell *v;
	size_t cap, n;
} cellmap;

/* The facts with a pseudonymous author: (author hash, what) -> count,
 * `what` packing the month, commune and phenomenon as a cell key does. */
typedef struct author_cell {
	uint64_t author, what;
	int32_t count;
} author_cell;

typedef struct authmap {
	author_cell *v;
	size_t cap, n;
} authmap;

/* Add delta to key's count (made at 0 when new); -1 out of memory. */
int cellmap_add(cellmap *m, uint64_t key, int delta);
int cellmap_reserve(cellmap *m, size_t n);
int authmap_add(authmap *m, uint64_t author, uint64_t what, int delta);
int authmap_reserve(authmap *m, size_t n);

/* The kinds of counts a count keeps, each by month of the key (its top
 * 12 bits, or `what`'s), packed as a cell's where they share a field:
 *  - CELLS: the cube table's cells, both bases (above);
 *  - DELAYS: fact month | phenomenon (bit 31) | months to registration,
 *    0..CUBE_DELAYS - 1 (bit 2) | 1;
 *  - MOS: fact month | commune (bit 41) | phenomenon (bit 31) | modus
 *    operandi index (bit 1, below TALLY_MAX_MOS) | 1;
 *  - AUTHORS: the author's hash, and `what` = fact month | commune |
 *    phenomenon | 1. */
enum tally_kind { TALLY_CELLS, TALLY_DELAYS, TALLY_MOS, TALLY_AUTHORS,
	TALLY_KINDS };

/* One month's counts of one kind: n records of tally_bytes(kind) bytes,
 * key (8) and count (4), or author (8), what (8) and count (4), in this
 * machine's byte order, every count above 0 (as count_state keeps
 * them).  A key may come more than once (the facts of one author, as a
 * count afresh lists them): its counts add up. */
typedef struct month_recs {
	unsigned char *data;
	size_t n, cap;          /* cap: bytes, while a count afresh fills it */
} month_recs;

static inline size_t
tally_bytes(int kind)
{
	return kind == TALLY_AUTHORS ? 20 : 12;
}

/* Record i's key (for authors, the author), `what` (authors only: else
 * untouched) and count. */
static inline int32_t
rec_get(const month_recs *r, int kind, size_t i, uint64_t *key,
    uint64_t *what)
{
	const unsigned char *b = r->data + i * tally_bytes(kind);
	int32_t n;

	memcpy(key, b, 8);
	if (kind == TALLY_AUTHORS) {
		memcpy(what, b + 8, 8);
		b += 8;
	}
	memcpy(&n, b + 8, 4);
	return n;
}

/* Record `to` set to key (author), what (authors only) and count n. */
static inline void
rec_put(unsigned char *to, int kind, uint64_t key, uint64_t what, int32_t n)
{
	memcpy(to, &key, 8);
	if (kind == TALLY_AUTHORS) {
		memcpy(to + 8, &what, 8);
		to += 8;
	}
	memcpy(to + 8, &n, 4);
}

/*
 * Scratch state of one count, kept until the cube is written: every
 * incident counted whatever the month window (absolute months), from
 * which cube_count() then makes the cube's dense counts.  recs[k][m] are
 * the counts of kind k in month m; cells, delays, mo_cells and authors
 * the changes this run counted, which state_merge() folds into recs (a
 * count afresh counts everything as changes of nothing).  The dicts give
 * the strings' indexes; their order is the order first met and stays so
 * while the state is kept (countstate.c).  dirty[m] is set when a count
 * of month m (of any kind) changed, so that only those months of the
 * state are written back (every month after a count afresh, c->afresh;
 * none after a cut, c->cut, whose counts are not kept).  Authors are
 * kept from month author_from on (what the cube's window can ask for),
 * the rest from the first.
 */
typedef struct cube_scratch {
	cube *c;
	dict labels, aliases, channels, places, mos;
	cellmap cells, delays, mo_cells;
	authmap authors;
	month_recs recs[TALLY_KINDS][CUBE_MONTH_SPAN];
	unsigned char dirty[CUBE_MONTH_SPAN];
	int synced;             /* the cube table holds the state's cells but
	                           for the dirty months (cube_month need not
	                           be checked for the others) */
	int author_from;        /* month from CUBE_MONTH_BASE */
	long long last_id;      /* the last incident counted */
	int *mo_rank;           /* [mos.n]: a code's place in c->mo (cube.c) */
	uint64_t fingerprint;   /* of the layout and aliases the keys follow */
} scan;

/* The count kept between runs (countstate.c).  state_load(): when the
 * database holds one made with s's fingerprint whose authors reach back
 * to s->author_from, load it into s (empty but for its aliases) and set
 * *last_id to the last incident it counted; else *last_id = -1, and s
 * may hold part of it (count afresh).  state_merge(): fold the changes
 * counted into recs (SV_DATAERR when a count would fall below 0: the
 * state did not hold what was taken out).  state_save(): write back the
 * months that changed (all, after a count afresh), as the count of the
 * incidents up to s->last_id.  state_unsync(): mark the cube table as
 * not the state's (a cut wrote it). */
int state_load(sqlite3 *db, scan *s, long long *last_id, sv_err *e);
int state_merge(scan *s, sv_err *e);
int state_save(sqlite3 *db, scan *s, sv_err *e);
int state_unsync(sqlite3 *db, sv_err *e);

/* The index of NIS code nis among c's communes, or -1 (layout.c). */
int layout_commune(const cube *c, int nis);

#endif
