/* Allocation helpers: fi__grow, the doubling of every array the library appends to one item at a
 * time; fi__free_each, the release of a struct's arrays. */
#include <stdint.h>
#include <stdlib.h>

#include "internal.h"

void *fi__grow(void *items, size_t n, size_t *cap, size_t size, size_t first)
{
	if (n < *cap)
		return items;
	size_t want = *cap ? 2 * *cap : first;
	if (want < *cap || want > SIZE_MAX / size)
		return NULL;
	void *grown = realloc(items, want * size);
	if (grown)
		*cap = want;
	return grown;
}

void fi__free_each(void *const *ptrs, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(ptrs[i]);
}
