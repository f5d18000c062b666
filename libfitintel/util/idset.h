/* The workout ids an import has seen, to tell duplicates (ingest_parse.c), in memory that grows by
 * a few bytes per id and not with the file: the store's ids and the file's older ones packed
 * (idpack.h), the file's newest in a small hash table until they are sorted into a pack, and in
 * front of them a blocked Bloom filter of bounded size that answers most new ids without a search.
 * Ids are positive. */
#ifndef FITINTEL_IDSET_H
#define FITINTEL_IDSET_H

#include "idruns.h"

typedef struct fi__idset {
	uint64_t *bloom;
	size_t bloom_blocks;            /* 64-byte blocks, a power of two */
	unsigned bloom_shift;           /* 64 − log2(bloom_blocks) */
	fi__idruns stored;              /* the store's ids */
	fi__idpack loading;             /* the store's ids being read, while they ascend */
	uint64_t *recent;               /* the file's newest ids, open addressing; 0 = empty */
	size_t recent_count;
	fi__idruns file;                /* the file's older ids */
} fi__idset;

typedef enum fi__idset_origin { FI_IDSET_NONE = 0, FI_IDSET_STORE = 1, FI_IDSET_FILE = 2 } fi__idset_origin;

/* A set for about @expected ids (it holds any number; past that the filter answers less often). */
bool fi__idset_init(fi__idset *s, size_t expected);
void fi__idset_free(fi__idset *s);
/* Add an id of the store, then end with fi__idset_stored_done(); false when memory runs out.
 * Ids in ascending stretches (one per import) cost least. */
bool fi__idset_add_stored(fi__idset *s, int64_t id);
bool fi__idset_stored_done(fi__idset *s);
/* Where @id was seen, or FI_IDSET_NONE. */
int fi__idset_find(const fi__idset *s, int64_t id);
/* Add an id of the file, one not seen before (fi__idset_find()); false when memory runs out. */
bool fi__idset_add_file(fi__idset *s, int64_t id);
/* Every id of the file moved into @out (empty on entry), as sorted runs; false when memory runs
 * out. */
bool fi__idset_take_file_ids(fi__idset *s, fi__idruns *out);
/* Bytes held. */
size_t fi__idset_bytes(const fi__idset *s);

#endif
