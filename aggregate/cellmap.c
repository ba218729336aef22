/*
 * cellmap — the open-addressing count maps of a cube count (scan.h).
 */
#include <stdint.h>
#include <stdlib.h>

#include "scan.h"

static uint64_t
mix(uint64_t k)
{
	k ^= k >> 33;
	k *= 0xff51afd7ed558ccdULL;
	k ^= k >> 33;
	return k;
}

/* A map's slots for n keys: a power of two at most three quarters full.
 * With keys mixed, linear probing stays short there, and a large cube
 * needs half the memory it would at one half. */
static size_t
slots_for(size_t n)
{
	size_t cap = 1 << 16;

	while (cap < SIZE_MAX / 8 && 3 * cap < 4 * (n + 1))
		cap *= 2;
	return cap;
}

static size_t
cell_slot(const cellmap *m, uint64_t key)
{
	size_t j = mix(key) & (m->cap - 1);

	while (m->v[j].key && m->v[j].key != key)
		j = (j + 1) & (m->cap - 1);
	return j;
}

/* Room for n cells without growing: the map's slots made at once, so
 * that counting does not hold the old and the doubled map together (at
 * 8 million incidents that was the aggregate's peak of memory). */
int
cellmap_reserve(cellmap *m, size_t n)
{
	size_t cap = slots_for(n);
	cellmap g = { calloc(cap, sizeof *g.v), cap, 0 };

	if (cap <= m->cap)
		return free(g.v), 0;
	if (!g.v)
		return -1;
	for (size_t i = 0; i < m->cap; i++)
		if (m->v[i].key) {
			g.v[cell_slot(&g, m->v[i].key)] = m->v[i];
			g.n++;
		}
	free(m->v);
	*m = g;
	return 0;
}

int
cellmap_add(cellmap *m, uint64_t key, int delta)
{
	if (4 * (m->n + 1) > 3 * m->cap && cellmap_reserve(m, 2 * m->n + 1))
		return -1;
	size_t j = cell_slot(m, key);
	if (!m->v[j].key) {
		m->v[j].key = key;
		m->n++;
	}
	m->v[j].count += delta;
	return 0;
}

static size_t
author_slot(const authmap *m, uint64_t author, uint64_t what)
{
	size_t j = mix(author ^ mix(what)) & (m->cap - 1);

	while (m->v[j].what && (m->v[j].what != what || m->v[j].author != author))
		j = (j + 1) & (m->cap - 1);
	return j;
}

int
authmap_reserve(authmap *m, size_t n)
{
	size_t cap = slots_for(n);
	authmap g = { calloc(cap, sizeof *g.v), cap, 0 };

	if (cap <= m->cap)
		return free(g.v), 0;
	if (!g.v)
		return -1;
	for (size_t i = 0; i < m->cap; i++)
		if (m->v[i].what) {
			g.v[author_slot(&g, m->v[i].author, m->v[i].what)] = m->v[i];
			g.n++;
		}
	free(m->v);
	*m = g;
	return 0;
}

int
authmap_add(authmap *m, uint64_t author, uint64_t what, int delta)
{
	if (4 * (m->n + 1) > 3 * m->cap && authmap_reserve(m, 2 * m->n + 1))
		return -1;
	size_t j = author_slot(m, author, what);
	if (!m->v[j].what) {
		m->v[j].author = author;
		m->v[j].what = what;
		m->n++;
	}
	m->v[j].count += delta;
	return 0;
}
