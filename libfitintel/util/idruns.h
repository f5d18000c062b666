/* Sorted runs of distinct ids (idpack.h), larger first: a run pushed is merged with the ones before
 * it while they hold less than twice its ids (a binary counter), so n ids lie in O(log n) runs and
 * the largest merge holds half of them twice. Read in order through a cursor that merges the runs
 * as it goes, without a copy. */
#ifndef FITINTEL_IDRUNS_H
#define FITINTEL_IDRUNS_H

#include "idpack.h"

#define FI__IDRUNS_MAX 64   /* each run at least twice the next: 2^64 ids */

typedef struct fi__idruns {
	fi__idpack run[FI__IDRUNS_MAX];
	size_t count;
} fi__idruns;

/* Take @pack's ids (it is left empty); its ids and the runs' must be disjoint. False when memory
 * runs out (the ids of the runs being merged are then lost). */
bool fi__idruns_push(fi__idruns *r, fi__idpack *pack);
/* Merge every run into one. */
bool fi__idruns_collapse(fi__idruns *r);
bool fi__idruns_hold(const fi__idruns *r, int64_t id);
size_t fi__idruns_ids(const fi__idruns *r);
size_t fi__idruns_bytes(const fi__idruns *r);
void fi__idruns_free(fi__idruns *r);

typedef struct fi__idruns_cursor {
	const fi__idruns *runs;
	fi__idpack_cursor at[FI__IDRUNS_MAX];
	int64_t head[FI__IDRUNS_MAX];
	bool has[FI__IDRUNS_MAX];
} fi__idruns_cursor;

void fi__idruns_cursor_init(fi__idruns_cursor *c, const fi__idruns *r);
/* The next id, ascending across the runs; false after the last. */
bool fi__idruns_next(fi__idruns_cursor *c, int64_t *id);

#endif
