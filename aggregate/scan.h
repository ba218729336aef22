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
 * month 16 | commune 5 | phenomenon 8 | vsex 2 | asex 2 | attempt 2 |
 * channel 7 | place 7 | basis 1.  Zone follows from the commune. */
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

#endif
