#include <stdlib.h>
#include <string.h>

#include "idset.h"
#include "internal.h"

#define BLOOM_WORDS 8                       /* a block: one cache line of 512 bits */
#define BLOOM_BITS_PER_ID 16                /* ~0.1% false positives at the expected size */
#define BLOOM_MAX_BYTES ((size_t)4 << 20)   /* the bound: past it the filter just errs more */
#define RECENT_SLOTS ((size_t)1 << 17)      /* 1 MiB, sorted into a run at 70% full */
#define RECENT_MAX (RECENT_SLOTS * 7 / 10)

static uint64_t mix(int64_t id)
{
	uint64_t h = (uint64_t)id * 0x9E3779B97F4A7C15u;
	return h ^ (h >> 31);
}

/* The Bloom filter's block of @h and, from its low 36 bits, four bit positions in it. */
static uint64_t *bloom_block(const fi__idset *s, uint64_t h)
{
	return s->bloom + (s->bloom_shift < 64 ? (h >> s->bloom_shift) : 0) * BLOOM_WORDS;
}

static void bloom_add(fi__idset *s, int64_t id)
{
	uint64_t h = mix(id), *block = bloom_block(s, h);
	for (int k = 0; k < 4; k++, h >>= 9)
		block[(h >> 6) & 7] |= 1ull << (h & 63);
}

static bool bloom_may_hold(const fi__idset *s, int64_t id)
{
	uint64_t h = mix(id);
	const uint64_t *block = bloom_block(s, h);
	for (int k = 0; k < 4; k++, h >>= 9)
		if (!(block[(h >> 6) & 7] & (1ull << (h & 63))))
			return false;
	return true;
}

static size_t recent_slot(const uint64_t *recent, int64_t id)
{
	size_t j = (size_t)(mix(id) >> 20) & (RECENT_SLOTS - 1);
	while (recent[j] && recent[j] != (uint64_t)id)
		j = (j + 1) & (RECENT_SLOTS - 1);
	return j;
}

bool fi__idset_init(fi__idset *s, size_t expected)
{
	memset(s, 0, sizeof *s);
	size_t blocks = 1, block_bytes = BLOOM_WORDS * sizeof(uint64_t);
	while (blocks * block_bytes * 8 / BLOOM_BITS_PER_ID < expected && blocks * block_bytes < BLOOM_MAX_BYTES)
		blocks *= 2;
	s->bloom_blocks = blocks;
	s->bloom_shift = 64;
	for (size_t b = blocks; b > 1; b >>= 1)
		s->bloom_shift--;
	s->bloom = calloc(blocks, block_bytes);
	s->recent = calloc(RECENT_SLOTS, sizeof *s->recent);
	if (s->bloom && s->recent)
		return true;
	fi__idset_free(s);
	return false;
}

void fi__idset_free(fi__idset *s)
{
	FI__FREE_ALL(s->bloom, s->recent);
	fi__idruns_free(&s->stored);
	fi__idruns_free(&s->file);
	fi__idpack_free(&s->loading);
	memset(s, 0, sizeof *s);
}

bool fi__idset_add_stored(fi__idset *s, int64_t id)
{
	if (s->loading.count && id <= s->loading.last && !fi__idruns_push(&s->stored, &s->loading))
		return false;
	if (!fi__idpack_append(&s->loading, id))
		return false;
	bloom_add(s, id);
	return true;
}

/* One run to search. */
bool fi__idset_stored_done(fi__idset *s)
{
	return fi__idruns_push(&s->stored, &s->loading) && fi__idruns_collapse(&s->stored);
}

int fi__idset_find(const fi__idset *s, int64_t id)
{
	if (!bloom_may_hold(s, id))
		return FI_IDSET_NONE;
	if (s->recent[recent_slot(s->recent, id)])
		return FI_IDSET_FILE;
	if (fi__idruns_hold(&s->stored, id))
		return FI_IDSET_STORE;
	return fi__idruns_hold(&s->file, id) ? FI_IDSET_FILE : FI_IDSET_NONE;
}

static int compare_ids(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

/* The recent ids sorted into a run of the file's. */
static bool flush_recent(fi__idset *s)
{
	if (!s->recent_count)
		return true;
	int64_t *ids = malloc(s->recent_count * sizeof *ids);
	if (!ids)
		return false;
	size_t n = 0;
	for (size_t j = 0; j < RECENT_SLOTS; j++)
		if (s->recent[j])
			ids[n++] = (int64_t)s->recent[j];
	if (n > 1)
		qsort(ids, n, sizeof *ids, compare_ids);
	fi__idpack run = FI__IDPACK_INIT;
	bool ok = true;
	for (size_t i = 0; ok && i < n; i++)
		ok = fi__idpack_append(&run, ids[i]);
	free(ids);
	if (!ok || !fi__idruns_push(&s->file, &run)) {
		fi__idpack_free(&run);
		return false;
	}
	memset(s->recent, 0, RECENT_SLOTS * sizeof *s->recent);
	s->recent_count = 0;
	return true;
}

bool fi__idset_add_file(fi__idset *s, int64_t id)
{
	if (s->recent_count >= RECENT_MAX && !flush_recent(s))
		return false;
	s->recent[recent_slot(s->recent, id)] = (uint64_t)id;
	s->recent_count++;
	bloom_add(s, id);
	return true;
}

bool fi__idset_take_file_ids(fi__idset *s, fi__idruns *out)
{
	if (!flush_recent(s))
		return false;
	*out = s->file;
	s->file.count = 0;
	return true;
}

size_t fi__idset_bytes(const fi__idset *s)
{
	return s->bloom_blocks * BLOOM_WORDS * sizeof(uint64_t) + RECENT_SLOTS * sizeof *s->recent +
	       fi__idruns_bytes(&s->stored) + fi__idpack_bytes(&s->loading) + fi__idruns_bytes(&s->file);
}
