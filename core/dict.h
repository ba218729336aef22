/*
 * dict — strings interned to small numbers, with a hash index: raw
 * phenomenon labels, channels, place types, modus operandi codes, alias
 * keys (aggregate), the refs in conflict within a file (ingest).  Each
 * string also carries a value and a count for its user.
 */
#ifndef SUIVI_DICT_H
#define SUIVI_DICT_H

#include <stdint.h>
#include <stddef.h>

/* Strings interned to small numbers (channels, place types, modus
 * operandi, raw labels), with a hash index: slots holds index + 1, 0 for
 * empty, and has at least twice as many slots as strings. */
typedef struct dict {
	char **s;
	int *value;             /* labels: phenomenon index */
	long *count;
	int n, cap;
	int *slots;
	size_t nslots;
} dict;

/* FNV-1a hash of a string. */
uint64_t dict_hash(const char *s);

/* Index of s, or -1. */
int dict_find(const dict *d, const char *s);

/* Intern s; its index, or -1 when out of memory.  New strings start with
 * value -1 and count 0. */
int dict_add(dict *d, const char *s);

void dict_free(dict *d);

#endif
