/* A set of workout ids (open addressing, linear probing) used to find duplicates during an import.
 * Ids are positive and below 2^62; each entry also remembers whether it came from the store or from
 * the file being imported. */
#ifndef FITINTEL_IDSET_H
#define FITINTEL_IDSET_H

#include <stdbool.h>
#include <stdint.h>
#include <stddef.h>

typedef struct fi__idset {
	uint64_t *slots; /* 0 = empty, else (id << 1) | from_file */
	size_t cap;      /* power of two */
	size_t count;
} fi__idset;

typedef enum fi__idset_origin { FI_IDSET_NONE = 0, FI_IDSET_STORE = 1, FI_IDSET_FILE = 2 } fi__idset_origin;

bool fi__idset_init(fi__idset *s, size_t expected);
void fi__idset_free(fi__idset *s);
/* Where @id was seen, or FI_IDSET_NONE. */
int fi__idset_find(const fi__idset *s, int64_t id);
/* Insert @id unless present; returns where it was already seen (FI_IDSET_NONE if new), or -1 when
 * memory ran out. */
int fi__idset_add(fi__idset *s, int64_t id, bool from_file);

#endif
