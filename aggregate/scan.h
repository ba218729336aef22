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

#include <sqlite3.h>

#include "../core/dict.h"
#include "../core/err.h"
#include "cube.h"

/* A cube cell's dimensions packed in 64 bits:
 * month 12 | commune 11 | phenomenon 10 | vsex 2 | asex 2 | attempt 2 |
 * channel 11 | place 12 | basis 1 | 1, the month counted from
 * CUBE_MONTH_BASE (ingest keeps dates within 1900-2199).  Zone follows
 * from the commune.  The widths bound the layout (CUBE_MAX_COMMUNES and the
 * others in cube.h), which cube_scan() checks. */
typedef struct cell {
	uint64_t key;
	int32_t count;
} cell;

/* Open-addressing map of 64-bit keys to counts (cells, delays, modus
 * operandi); key 0 is never used (every key packs a low 1 bit).  A count
 * may fall to 0 when an incident revised or removed is taken back out:
 * such keys stay in the map and count as absent everywhere. */
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

/* Add delta to key's count (made at 0 when new); -1 out of memory, -2
 * when a count would fall below 0 (what is taken out was never in). */
int cellmap_add(cellmap *m, uint64_t key, int delta);
int cellmap_reserve(cellmap *m, size_t n);
int authmap_add(authmap *m, uint64_t author, uint64_t what, int delta);

/* The kinds of counts the state keeps (countstate.c), each by month of
 * the key (its top 12 bits, or `what`'s). */
enum tally_kind { TALLY_CELLS, TALLY_DELAYS, TALLY_MOS, TALLY_AUTHORS,
	TALLY_KINDS };

/*
 * Scratch state of one count, kept until the cube is written: every
 * incident counted whatever the month window (absolute months), from
 * which cube_count() then makes the cube's dense counts.
 *  - cells: the cube table's cells (scan.h's packing, both bases);
 *  - delays: (fact month, phenomenon, months to registration) keys;
 *  - mos: (fact month, commune, phenomenon, modus operandi index) keys;
 *  - authors: the facts with an author_ref.
 * The dicts give the strings' indexes; their order is the order first
 * met and stays so while the state is kept (countstate.c).  dirty[m] is
 * set when a count of month m (of any kind) changed, so that only those
 * months of the state are written back.
 */
typedef struct cube_scratch {
	cube *c;
	dict labels, aliases, channels, places, mos;
	cellmap cells, delays, mo_cells;
	authmap authors;
	unsigned char dirty[CUBE_MONTH_SPAN];
	int all_dirty;          /* a full count: every month is written */
	int keep;               /* write the state back (not for a cut) */
	long long last_id;      /* the last incident counted */
	long read;              /* incidents counted in or out by this run */
	uint64_t fingerprint;   /* of the layout and aliases the keys follow */
} scan;

/* The count kept between runs (countstate.c).  state_load(): when the
 * database holds one made with s's fingerprint, load it into s (empty
 * but for its aliases) and set *last_id to the last incident it counted;
 * else *last_id = -1, and s may hold part of it (count afresh).
 * state_save(): write back the months that changed (all, after a count
 * afresh), as the count of the incidents up to s->last_id. */
int state_load(sqlite3 *db, scan *s, long long *last_id, sv_err *e);
int state_save(sqlite3 *db, scan *s, sv_err *e);

/* The index of NIS code nis among c's communes, or -1 (layout.c). */
int layout_commune(const cube *c, int nis);

#endif
