/* Print the workouts of a store between two dates: the cursor life cycle.
 *
 *   list_workouts [--db PATH] [FROM [TO]]      dates in any export form ("Oct. 7, 2025", 2025-10-07) */
#include <math.h>
#include <string.h>

#include "check.h"

int main(int argc, char **argv)
{
	const char *db = NULL;
	int arg = 1;
	if (arg + 1 < argc && strcmp(argv[arg], "--db") == 0) {
		db = argv[arg + 1];
		arg += 2;
	}
	fi_workout_filter filter = FI_WORKOUT_FILTER_INIT;
	filter.from = arg < argc ? argv[arg] : NULL;
	filter.to = arg + 1 < argc ? argv[arg + 1] : NULL;

	fi_store *store = NULL;
	check(fi_store_open(db, NULL, &store), "open store");
	fi_workout_cursor *cursor = NULL;
	check(fi_workouts_open(store, &filter, &cursor), "read workouts");
	const fi_workout *w;
	int rc;
	long count = 0;
	while ((rc = fi_workout_cursor_next(cursor, &w)) == 1) {
		printf("%s  %-12lld %-18s", w->workout_date, (long long)w->id,
		       w->activity_type ? w->activity_type : "-");
		if (!isnan(w->distance_mi))   /* missing numbers are NaN */
			printf(" %7.2f mi", w->distance_mi);
		if (!isnan(w->avg_pace))
			printf(" %6.2f min/mi", w->avg_pace);
		printf("\n");
		count++;
	}
	check(rc < 0 ? rc : FI_OK, "read workouts");
	printf("%ld workouts\n", count);
	fi_workout_cursor_free(cursor);
	fi_store_close(store);
	return 0;
}
