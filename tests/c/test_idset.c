/* The import's id set (util/idset.c) and its packed lists (util/idpack.c), against a sorted array
 * and bsearch() on random ids: gaps from 1 to 2^61, hundreds of thousands of ids (so the file's
 * ids pass through many sorted runs and their merges), a filter far too small for them (every
 * answer still exact), and the memory an id costs. */
#include <stdlib.h>
#include <string.h>

#include "../../libfitintel/util/idset.h"
#include "../../libfitintel/util/internal.h"
#include "helpers.h"
#include "tap.h"

/* the sweep is the same every run */
static uint64_t rng_state = 0x2545F4914F6CDD1Dull;

static uint64_t next_random(void)
{
	return test_random(&rng_state);
}

static int compare_ids(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

static bool in(const int64_t *sorted, size_t n, int64_t id)
{
	return n && bsearch(&id, sorted, n, sizeof id, compare_ids) != NULL;
}

/* @n ascending ids from @start, gaps mostly of a real export's size, some of 1, some huge. */
static int64_t *ascending_ids(size_t n, int64_t start)
{
	int64_t *ids = malloc(n * sizeof *ids);
	int64_t id = start;
	for (size_t i = 0; i < n; i++) {
		uint64_t r = next_random();
		uint64_t gap = r % 10 == 0 ? 1 : r % 997 == 0 ? (r >> 8) % ((uint64_t)1 << 50) : 1 + (r >> 16) % 9000;
		id += (int64_t)gap;
		ids[i] = id;
	}
	return ids;
}

static void test_pack(void)
{
	const size_t n = 10000;
	int64_t *ids = ascending_ids(n, 1);
	fi__idpack p = FI__IDPACK_INIT;
	bool appended = true;
	for (size_t i = 0; i < n; i++)
		appended = appended && fi__idpack_append(&p, ids[i]);
	ok(appended && p.count == n, "a pack takes %zu ascending ids", n);
	ok(!fi__idpack_append(&p, ids[n - 1]) && !fi__idpack_append(&p, ids[3]) && p.count == n,
	   "  refuses an id not above the last");
	fi__idpack_cursor c = FI__IDPACK_CURSOR(&p);
	int64_t id;
	size_t same = 0, read = 0;
	while (fi__idpack_next(&c, &id))
		same += read < n && ids[read++] == id;
	ok(read == n && same == n, "  gives them back in order (%zu of %zu)", same, n);
	size_t right = 0, probes = 0;
	for (size_t i = 0; i < n; i++) {
		int64_t probe[] = { ids[i], ids[i] - 1, ids[i] + 1 };
		for (int k = 0; k < 3; k++, probes++)
			right += fi__idpack_contains(&p, probe[k]) == in(ids, n, probe[k]);
	}
	right += !fi__idpack_contains(&p, 0) + !fi__idpack_contains(&p, INT64_MAX);
	ok(right == probes + 2, "  answers %zu of %zu lookups as the sorted array does", right, probes + 2);
	ok(fi__idpack_bytes(&p) < n * 8, "  in %zu bytes (an array: %zu)", fi__idpack_bytes(&p), n * 8);

	/* merge: the even-indexed and the odd-indexed ids */
	fi__idpack even = FI__IDPACK_INIT, odd = FI__IDPACK_INIT, merged = FI__IDPACK_INIT;
	for (size_t i = 0; i < n; i++)
		fi__idpack_append(i % 2 ? &odd : &even, ids[i]);
	ok(fi__idpack_merge(&even, &odd, &merged) && merged.count == n && even.count == 0 && odd.count == 0,
	   "two disjoint packs merge into one of all their ids");
	c = FI__IDPACK_CURSOR(&merged);
	same = read = 0;
	while (fi__idpack_next(&c, &id))
		same += read < n && ids[read++] == id;
	ok(same == n, "  in order");
	fi__idpack empty_a = FI__IDPACK_INIT, empty_b = FI__IDPACK_INIT, none = FI__IDPACK_INIT;
	ok(fi__idpack_merge(&empty_a, &empty_b, &none) && none.count == 0 && !fi__idpack_contains(&none, 5),
	   "two empty packs merge into an empty one");
	fi__idpack_free(&none);
	fi__idpack_free(&merged);
	fi__idpack_free(&p);
	free(ids);
}

/* The store's ids (even), then a file of the store's ids and new ones (odd), shuffled, each twice;
 * @expected sizes the filter (tiny: nearly every lookup passes it and the search must still be
 * exact). */
static void test_set(size_t stored_n, size_t file_n, size_t expected, size_t imports)
{
	int64_t *stored = ascending_ids(stored_n, 1000), *fresh = ascending_ids(file_n, 500);
	for (size_t i = 0; i < stored_n; i++)
		stored[i] *= 2;
	for (size_t i = 0; i < file_n; i++)
		fresh[i] = 2 * fresh[i] + 1;
	fi__idset s;
	ok(fi__idset_init(&s, expected), "a set for %zu ids (%zu stored, %zu new in the file)", expected,
	   stored_n, file_n);
	/* as the store gives them: ascending within each import, the imports' ids interleaved */
	bool added = true;
	for (size_t import = 0; import < imports; import++)
		for (size_t i = import; i < stored_n; i += imports)
			added = added && fi__idset_add_stored(&s, stored[i]);
	ok(added && fi__idset_stored_done(&s), "  takes the store's ids, %zu import%s one after another", imports,
	   imports == 1 ? "" : "s");

	size_t offers = 2 * (stored_n + file_n);
	int64_t *file = malloc((offers + 1) * sizeof *file);
	bool *seen = calloc(file_n + 1, sizeof *seen);
	for (size_t i = 0; i < offers; i++) {
		size_t k = i % (stored_n + file_n);
		file[i] = k < stored_n ? stored[k] : fresh[k - stored_n];
	}
	for (size_t i = offers; i > 1; i--) {
		size_t j = (size_t)(next_random() % i);
		int64_t t = file[i - 1];
		file[i - 1] = file[j];
		file[j] = t;
	}
	size_t wrong = 0, kept = 0;
	for (size_t i = 0; i < offers; i++) {
		int64_t id = file[i];
		int64_t *at = id % 2 ? bsearch(&id, fresh, file_n, sizeof id, compare_ids) : NULL;
		int want = !at ? FI_IDSET_STORE : seen[at - fresh] ? FI_IDSET_FILE : FI_IDSET_NONE;
		int got = fi__idset_find(&s, id);
		wrong += got != want;
		if (want == FI_IDSET_NONE) {
			if (!fi__idset_add_file(&s, id))
				break;
			seen[at - fresh] = true;
			kept++;
		}
	}
	ok(wrong == 0, "  every one of %zu lookups answered as the reference does (%zu wrong)", offers, wrong);
	ok(kept == file_n, "  %zu new ids kept, each once", kept);
	size_t bytes = fi__idset_bytes(&s);
	ok(bytes < ((size_t)9 << 20) + 4 * (stored_n + file_n), "  in %zu bytes: 9 MiB and 4 bytes an id at most",
	   bytes);

	fi__idruns taken = { .count = 0 };
	bool taken_ok = fi__idset_take_file_ids(&s, &taken);
	ok(taken_ok && fi__idruns_ids(&taken) == file_n, "  hands over the file's %zu ids in %zu runs",
	   fi__idruns_ids(&taken), taken.count);
	fi__idruns_cursor c;
	fi__idruns_cursor_init(&c, &taken);
	int64_t id;
	size_t same = 0, read = 0;
	while (fi__idruns_next(&c, &id))
		same += read < file_n && fresh[read++] == id;
	ok(same == file_n && read == file_n, "  read back merged: ascending, the same ids");
	fi__idruns_free(&taken);
	fi__idset_free(&s);
	FI__FREE_ALL(stored, fresh, file, seen);
}

int main(void)
{
	test_pack();
	test_set(0, 0, 0, 1);
	test_set(3000, 2000, 5000, 3);
	test_set(200000, 400000, 600000, 1);
	test_set(50000, 300000, 100, 3);   /* a filter of one block: every lookup searches */
	test_set(20000, 1000, 21000, 2000); /* a store fed by a folder watch: many small imports */
	fi__idset unknown;
	bool made = fi__idset_init(&unknown, SIZE_MAX);
	size_t bytes = made ? fi__idset_bytes(&unknown) : 0;
	ok(made && bytes <= ((size_t)5 << 20),
	   "a set for a file of unknown size (a pipe) takes the bounded filter: %zu bytes", bytes);
	fi__idset_free(&unknown);
	return tap_done();
}
