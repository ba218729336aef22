/*
 * scan — the scratch state of one cube scan (private to aggregate/): the
 * cells counted and the strings interned, kept until cube_write() has
 * written them (cubewrite.c).
 */
#ifndef SUIVI_SCAN_H
#define SUIVI_SCAN_H

#include <stddef.h>
#include <stdint.h>

#include "../core/dict.h"
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

/* Open-addressing map of cells; key 0 is never used (basis/month make
 * every real key non-zero). */
typedef struct cellmap {
	cell *v;
	size_t cap, n;
} cellmap;

/* Scratch state of one scan, kept until the cube is written. */
typedef struct cube_scratch {
	cube *c;
	dict labels, aliases, channels, places, mos;
	cellmap cells;
} scan;

/* The index of NIS code nis among c's communes, or -1 (layout.c). */
int layout_commune(const cube *c, int nis);

#endif
