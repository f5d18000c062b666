/* The eras of a store as the library's analyses and the classifier see them (era_table.c). */
#ifndef FITINTEL_ERA_TABLE_H
#define FITINTEL_ERA_TABLE_H

#include "fitintel/era.h"
#include "store_internal.h"

/* Every era, sorted by start day; parallel arrays of n entries. Labels are derived as the public
 * list shows them: label_before[i] = label_after[i − 1], label_before[0] the store's "before"
 * label. Rows whose date is not ISO (written by hand) are skipped, like no era. */
typedef struct fi__era_table {
	size_t n;
	int64_t *ids;
	int32_t *days;
	int8_t *label_before, *label_after;
	char **names, **created_at;
} fi__era_table;

/* The labels of a store without eras: real runs before, dog walks after. */
#define FI__ERA_DEFAULT_BEFORE FI_LABEL_REAL_RUN
#define FI__ERA_DEFAULT_AFTER FI_LABEL_PUP_WALK

/* The fi_label stored in column @col of @st, or @fallback when it is NULL or not a label. */
int8_t fi__era_stored_label(sqlite3_stmt *st, int col, int fallback);

/* Load the table (zeroed first; free it either way). FI_ESTORE; FI_ENOMEM. */
int fi__era_table_load(fi_store *store, fi__era_table *out);
void fi__era_table_free(fi__era_table *t);

/* The period @day falls in: 0 before the first era, i (1 ≤ i ≤ n) from era i − 1's start until the
 * next era. O(log n). */
size_t fi__era_period_of(const fi__era_table *t, int32_t day);

/* The default fi_label of the era @day falls in (before the first era: the first era's before
 * label). *has_era (may be NULL) is false, and the result FI_LABEL_UNKNOWN, when there is no era.
 * O(log n): the classifier calls it once per workout. */
int fi__era_default_label(const fi__era_table *t, int32_t day, bool *has_era);

/* Public view of era @i (strings borrowed from @t). */
void fi__era_at(const fi__era_table *t, size_t i, fi_era *out);

#endif
