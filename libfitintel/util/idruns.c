#include <string.h>

#include "idruns.h"

static bool merge_last_two(fi__idruns *r)
{
	fi__idpack merged = FI__IDPACK_INIT;
	bool ok = fi__idpack_merge(&r->run[r->count - 2], &r->run[r->count - 1], &merged);
	r->count--;
	r->run[r->count - 1] = merged;
	return ok;
}

bool fi__idruns_push(fi__idruns *r, fi__idpack *pack)
{
	if (!pack->count) {
		fi__idpack_free(pack);
		return true;
	}
	if (r->count == FI__IDRUNS_MAX)
		return false;   /* not reached: see FI__IDRUNS_MAX */
	r->run[r->count++] = *pack;
	*pack = (fi__idpack)FI__IDPACK_INIT;
	while (r->count >= 2 && r->run[r->count - 2].count < 2 * r->run[r->count - 1].count)
		if (!merge_last_two(r))
			return false;
	return true;
}

bool fi__idruns_collapse(fi__idruns *r)
{
	while (r->count >= 2)
		if (!merge_last_two(r))
			return false;
	return true;
}

bool fi__idruns_hold(const fi__idruns *r, int64_t id)
{
	for (size_t i = 0; i < r->count; i++)
		if (fi__idpack_contains(&r->run[i], id))
			return true;
	return false;
}

size_t fi__idruns_ids(const fi__idruns *r)
{
	size_t n = 0;
	for (size_t i = 0; i < r->count; i++)
		n += r->run[i].count;
	return n;
}

size_t fi__idruns_bytes(const fi__idruns *r)
{
	size_t bytes = 0;
	for (size_t i = 0; i < r->count; i++)
		bytes += fi__idpack_bytes(&r->run[i]);
	return bytes;
}

void fi__idruns_free(fi__idruns *r)
{
	for (size_t i = 0; i < r->count; i++)
		fi__idpack_free(&r->run[i]);
	r->count = 0;
}

void fi__idruns_cursor_init(fi__idruns_cursor *c, const fi__idruns *r)
{
	c->runs = r;
	for (size_t i = 0; i < r->count; i++) {
		c->at[i] = FI__IDPACK_CURSOR(&r->run[i]);
		c->has[i] = fi__idpack_next(&c->at[i], &c->head[i]);
	}
}

/* The smallest head of a few runs (O(log n) of them): a scan is as good as a heap. */
bool fi__idruns_next(fi__idruns_cursor *c, int64_t *id)
{
	size_t best = FI__IDRUNS_MAX;
	for (size_t i = 0; i < c->runs->count; i++)
		if (c->has[i] && (best == FI__IDRUNS_MAX || c->head[i] < c->head[best]))
			best = i;
	if (best == FI__IDRUNS_MAX)
		return false;
	*id = c->head[best];
	c->has[best] = fi__idpack_next(&c->at[best], &c->head[best]);
	return true;
}
