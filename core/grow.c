#include "grow.h"

#include <assert.h>
#include <stdint.h>
#include <stdlib.h>

int
grow(void **array, size_t *cap, size_t need, size_t size)
{
	size_t n = *cap ? *cap : 16;
	void *p;

	assert(size > 0 && (*array != NULL || *cap == 0));
	if (need <= *cap)
		return 0;
	while (n < need)
		n *= 2;
	if (n > SIZE_MAX / size || !(p = realloc(*array, n * size)))
		return -1;
	*array = p;
	*cap = n;
	return 0;
}
