#include <stdlib.h>

#include "idset.h"

static size_t hash_slot(uint64_t id, size_t cap)
{
	/* Fibonacci hashing: ids are nearly sequential, so spread them with a multiplicative mix. */
	return (size_t)((id * 0x9E3779B97F4A7C15ull) >> 17) & (cap - 1);
}

/* The slot of @slots (@cap of them) holding @key, or the empty one where it goes. */
static size_t probe(const uint64_t *slots, size_t cap, uint64_t key)
{
	size_t j = hash_slot(key, cap);
	while (slots[j] && (slots[j] >> 1) != key)
		j = (j + 1) & (cap - 1);
	return j;
}

/* Where the id in @slot was seen (FI_IDSET_NONE: an empty slot). */
static int origin(uint64_t slot)
{
	return !slot ? FI_IDSET_NONE : (slot & 1) ? FI_IDSET_FILE : FI_IDSET_STORE;
}

bool fi__idset_init(fi__idset *s, size_t expected)
{
	size_t cap = 1024;
	while (cap < expected * 2)
		cap *= 2;
	s->slots = calloc(cap, sizeof *s->slots);
	s->cap = s->slots ? cap : 0;
	s->count = 0;
	return s->slots != NULL;
}

void fi__idset_free(fi__idset *s)
{
	free(s->slots);
	s->slots = NULL;
	s->cap = s->count = 0;
}

static bool grow(fi__idset *s)
{
	size_t cap = s->cap * 2;
	uint64_t *slots = calloc(cap, sizeof *slots);
	if (!slots)
		return false;
	for (size_t i = 0; i < s->cap; i++) {
		uint64_t v = s->slots[i];
		if (!v)
			continue;
		slots[probe(slots, cap, v >> 1)] = v;
	}
	free(s->slots);
	s->slots = slots;
	s->cap = cap;
	return true;
}

int fi__idset_find(const fi__idset *s, int64_t id)
{
	return origin(s->slots[probe(s->slots, s->cap, (uint64_t)id)]);
}

int fi__idset_add(fi__idset *s, int64_t id, bool from_file)
{
	if ((s->count + 1) * 10 > s->cap * 7 && !grow(s))
		return -1;
	uint64_t key = (uint64_t)id;
	size_t j = probe(s->slots, s->cap, key);
	if (s->slots[j])
		return origin(s->slots[j]);
	s->slots[j] = (key << 1) | (from_file ? 1u : 0u);
	s->count++;
	return FI_IDSET_NONE;
}
