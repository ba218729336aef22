/*
 * grow — make room in a growable array (git's ALLOC_GROW, as a function).
 *
 *     if (grow((void **)&v, &cap, n + 1, sizeof *v))
 *             return out_of_memory;
 *     v[n++] = x;
 *
 * After success, cap >= need; capacity doubles (from at least 16) so that
 * appending stays linear.  On failure the array is unchanged.
 */
#ifndef SUIVI_GROW_H
#define SUIVI_GROW_H

#include <stddef.h>

int grow(void **array, size_t *cap, size_t need, size_t size);

#endif
