/* A sorted list of distinct workout ids in a few bytes each: blocks of FI__IDPACK_BLOCK ids, each
 * block's first id in full, the rest as LEB128 deltas from the id before. One person's workout
 * ids lie 10^3–10^7 apart, so an id costs 2–4 bytes instead of the 8–16 of an array or a hash
 * table; a lookup is a binary search over the blocks' first ids, then one block decoded. */
#ifndef FITINTEL_IDPACK_H
#define FITINTEL_IDPACK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define FI__IDPACK_BLOCK 32

typedef struct fi__idpack_block {
	int64_t first;
	size_t start;           /* where the block's deltas begin in the pack's bytes */
} fi__idpack_block;

typedef struct fi__idpack {
	fi__idpack_block *blocks;
	size_t block_count, block_cap;
	unsigned char *bytes;
	size_t len, cap;
	size_t count;           /* ids in the list */
	int64_t last;           /* the greatest, when count > 0 */
} fi__idpack;

#define FI__IDPACK_INIT { NULL, 0, 0, NULL, 0, 0, 0, 0 }

/* Append @id, which must be greater than every id in @p (else false, @p unchanged); false also
 * when memory runs out. */
bool fi__idpack_append(fi__idpack *p, int64_t id);
bool fi__idpack_contains(const fi__idpack *p, int64_t id);
void fi__idpack_free(fi__idpack *p);
/* Bytes held. */
size_t fi__idpack_bytes(const fi__idpack *p);

/* Reading the ids in order: FI__IDPACK_CURSOR(p), then fi__idpack_next() until it returns false. */
typedef struct fi__idpack_cursor {
	const fi__idpack *pack;
	size_t index;           /* of the next id */
	size_t at;              /* its delta's offset in the bytes, when it is not a block's first */
	int64_t id;             /* the id read last */
} fi__idpack_cursor;

#define FI__IDPACK_CURSOR(p) ((fi__idpack_cursor){ (p), 0, 0, 0 })
bool fi__idpack_next(fi__idpack_cursor *c, int64_t *id);

/* The ids of @a and @b (disjoint lists) as one list in @out (empty on entry). False when memory
 * runs out; @a and @b are freed either way. */
bool fi__idpack_merge(fi__idpack *a, fi__idpack *b, fi__idpack *out);

#endif
