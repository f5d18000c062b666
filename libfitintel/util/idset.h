/* A set of workout ids (open addressing, linear probing) used to find duplicates during an import.
 * Ids are positive and below 2^62; each entry also remembers whether it came from the store or from
 * the file being imported. */
#ifndef FITINTEL_IDSET_H
#define FITINTEL_IDSET_H

#include <stdbool.h>
#include <stdint.h>
#include <stddef.h>

typedef struct fi_idset {
	uint64_t *slots; /* 0 = empty, else (id << 1) | from_file */
	size_t cap;      /* power of two */
	size_t count;
} fi_idset;

typedef enum fi_idset_origin { FI_IDSET_NONE = 0, FI_IDSET_STORE = 1, FI_IDSET_FILE = 2 } fi_idset_origin;

bool fi_idset_init(fi_idset *s, size_t expected);
void fi_idset_free(fi_idset *s);
/* Where @id was seen, or FI_IDSET_NONE. */
int fi_idset_find(const fi_idset *s, int64_t id);
/* Insert @id unless present; returns where it was already seen (FI_IDSET_NONE if new), or -1 when
 * memory ran out. */
int fi_idset_add(fi_idset *s, int64_t id, bool from_file);

#endif
