#include <stdlib.h>

#include "idpack.h"
#include "internal.h"

static bool put_delta(fi__idpack *p, uint64_t delta)
{
	if (p->cap - p->len < 10) {   /* room for the longest LEB128 of 64 bits */
		size_t cap = p->cap ? 2 * p->cap : 4096;
		unsigned char *bytes = realloc(p->bytes, cap);
		if (!bytes)
			return false;
		p->bytes = bytes;
		p->cap = cap;
	}
	do {
		unsigned char low = delta & 0x7f;
		delta >>= 7;
		p->bytes[p->len++] = low | (delta ? 0x80 : 0);
	} while (delta);
	return true;
}

static uint64_t get_delta(const unsigned char *bytes, size_t *at)
{
	uint64_t delta = 0;
	for (unsigned shift = 0;; shift += 7) {
		unsigned char byte = bytes[(*at)++];
		delta |= (uint64_t)(byte & 0x7f) << shift;
		if (!(byte & 0x80))
			return delta;
	}
}

bool fi__idpack_append(fi__idpack *p, int64_t id)
{
	if (p->count && id <= p->last)
		return false;
	if (p->count % FI__IDPACK_BLOCK == 0) {
		fi__idpack_block *blocks = fi__grow(p->blocks, p->block_count, &p->block_cap, sizeof *blocks, 64);
		if (!blocks)
			return false;
		p->blocks = blocks;
		p->blocks[p->block_count++] = (fi__idpack_block){ id, p->len };
	} else if (!put_delta(p, (uint64_t)id - (uint64_t)p->last)) {
		return false;
	}
	p->last = id;
	p->count++;
	return true;
}

bool fi__idpack_contains(const fi__idpack *p, int64_t id)
{
	if (!p->count || id < p->blocks[0].first || id > p->last)
		return false;
	/* the last block whose first id is <= @id */
	size_t lo = 0, hi = p->block_count;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (p->blocks[mid].first <= id)
			lo = mid;
		else
			hi = mid;
	}
	int64_t at_id = p->blocks[lo].first;
	size_t at = p->blocks[lo].start;
	size_t left = p->count - lo * FI__IDPACK_BLOCK;
	for (size_t i = 1; i < FI__IDPACK_BLOCK && i < left && at_id < id; i++)
		at_id += (int64_t)get_delta(p->bytes, &at);
	return at_id == id;
}

bool fi__idpack_next(fi__idpack_cursor *c, int64_t *id)
{
	const fi__idpack *p = c->pack;
	if (c->index >= p->count)
		return false;
	if (c->index % FI__IDPACK_BLOCK == 0) {
		const fi__idpack_block *b = &p->blocks[c->index / FI__IDPACK_BLOCK];
		c->id = b->first;
		c->at = b->start;
	} else {
		c->id += (int64_t)get_delta(p->bytes, &c->at);
	}
	c->index++;
	*id = c->id;
	return true;
}

void fi__idpack_free(fi__idpack *p)
{
	FI__FREE_ALL(p->blocks, p->bytes);
	*p = (fi__idpack)FI__IDPACK_INIT;
}

size_t fi__idpack_bytes(const fi__idpack *p)
{
	return p->block_cap * sizeof *p->blocks + p->cap;
}

/* Room for @bytes bytes and @blocks blocks in all, allocated once. */
static bool reserve(fi__idpack *p, size_t bytes, size_t blocks)
{
	if (bytes > p->cap) {
		unsigned char *grown = realloc(p->bytes, bytes);
		if (!grown)
			return false;
		p->bytes = grown;
		p->cap = bytes;
	}
	if (blocks > p->block_cap) {
		fi__idpack_block *grown = realloc(p->blocks, blocks * sizeof *grown);
		if (!grown)
			return false;
		p->blocks = grown;
		p->block_cap = blocks;
	}
	return true;
}

/* The merge's output is sized up front, not grown by doubling: a merged delta is no longer than
 * the one it replaces, and a block's first id becomes a delta of at most 10 bytes; 10 more for
 * put_delta()'s headroom. The largest merge then holds its inputs and one exact copy. */
bool fi__idpack_merge(fi__idpack *a, fi__idpack *b, fi__idpack *out)
{
	size_t count = a->count + b->count;
	if (!reserve(out, a->len + b->len + 10 * (a->block_count + b->block_count) + 10,
		     count / FI__IDPACK_BLOCK + 1)) {
		fi__idpack_free(a);
		fi__idpack_free(b);
		return false;
	}
	fi__idpack_cursor ca = FI__IDPACK_CURSOR(a), cb = FI__IDPACK_CURSOR(b);
	int64_t x = 0, y = 0;
	bool has_x = fi__idpack_next(&ca, &x), has_y = fi__idpack_next(&cb, &y), ok = true;
	while (ok && (has_x || has_y)) {
		if (has_x && (!has_y || x < y)) {
			ok = fi__idpack_append(out, x);
			has_x = fi__idpack_next(&ca, &x);
		} else {
			ok = fi__idpack_append(out, y);
			has_y = fi__idpack_next(&cb, &y);
		}
	}
	fi__idpack_free(a);
	fi__idpack_free(b);
	return ok;
}
