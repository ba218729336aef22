#include "dict.h"

#include <stdlib.h>
#include <string.h>


uint64_t
dict_hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

static int
rehash(dict *d, size_t nslots)
{
	int *slots = calloc(nslots, sizeof *slots);

	if (!slots)
		return -1;
	free(d->slots);
	d->slots = slots;
	d->nslots = nslots;
	for (int i = 0; i < d->n; i++) {
		size_t j = dict_hash(d->s[i]) & (nslots - 1);
		while (slots[j])
			j = (j + 1) & (nslots - 1);
		slots[j] = i + 1;
	}
	return 0;
}

int
dict_find(const dict *d, const char *s)
{
	if (!d->nslots)
		return -1;
	for (size_t j = dict_hash(s) & (d->nslots - 1); d->slots[j];
	    j = (j + 1) & (d->nslots - 1))
		if (strcmp(d->s[d->slots[j] - 1], s) == 0)
			return d->slots[j] - 1;
	return -1;
}

/* Intern s; returns its index, or -1 when out of memory. */
int
dict_add(dict *d, const char *s)
{
	int i = dict_find(d, s);

	if (i >= 0)
		return i;
	if (d->n == d->cap) {
		int cap = d->cap ? 2 * d->cap : 64;
		char **ns = realloc(d->s, (size_t)cap * sizeof *ns);
		int *nv = ns ? realloc(d->value, (size_t)cap * sizeof *nv) : NULL;
		long *nc = nv ? realloc(d->count, (size_t)cap * sizeof *nc) : NULL;
		if (ns)
			d->s = ns;
		if (nv)
			d->value = nv;
		if (!nc)
			return -1;
		d->count = nc;
		d->cap = cap;
	}
	if (!(d->s[d->n] = strdup(s)))
		return -1;
	d->value[d->n] = -1;
	d->count[d->n] = 0;
	d->n++;
	if ((size_t)(2 * d->n) > d->nslots &&
	    rehash(d, d->nslots ? 2 * d->nslots : 256))
		return -1;
	if (d->nslots && dict_find(d, s) < 0) {
		size_t j = dict_hash(s) & (d->nslots - 1);
		while (d->slots[j])
			j = (j + 1) & (d->nslots - 1);
		d->slots[j] = d->n;
	}
	return d->n - 1;
}

void
dict_free(dict *d)
{
	for (int i = 0; i < d->n; i++)
		free(d->s[i]);
	free(d->s);
	free(d->value);
	free(d->count);
	free(d->slots);
}

