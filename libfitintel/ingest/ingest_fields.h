/* The columns of a MapMyRun export and the conversion of one cell into a stored value. */
#ifndef FITINTEL_INGEST_FIELDS_H
#define FITINTEL_INGEST_FIELDS_H

#include "util/internal.h"

typedef enum fi__col {
	FI_COL_DATE_SUBMITTED,
	FI_COL_WORKOUT_DATE,
	FI_COL_ACTIVITY_TYPE,
	FI_COL_CALORIES,
	FI_COL_DISTANCE,
	FI_COL_DURATION,
	FI_COL_AVG_PACE,
	FI_COL_MAX_PACE,
	FI_COL_AVG_SPEED,
	FI_COL_MAX_SPEED,
	FI_COL_HEART_RATE,
	FI_COL_STEPS,
	FI_COL_NOTES,
	FI_COL_SOURCE,
	FI_COL_LINK,
	FI_COL__COUNT
} fi__col;

typedef enum fi__col_kind { FI_KIND_DATE, FI_KIND_TEXT, FI_KIND_NUMBER, FI_KIND_LINK } fi__col_kind;

/* What the header told us: where each known column is and its unit factor to canonical units. */
typedef struct fi__header_map {
	int index[FI_COL__COUNT];      /* 0-based field index, -1 when absent */
	double factor[FI_COL__COUNT];  /* multiply a parsed value by this to get canonical units */
	const char *name[FI_COL__COUNT]; /* the header text as found (borrowed from the caller) */
	bool metric;                   /* the export uses km */
	int field_count;
} fi__header_map;

fi__col_kind fi__col_kind_of(fi__col col);
/* Canonical store column name ("distance_mi"). */
const char *fi__col_store_name(fi__col col);

/* Match one header cell (already trimmed of a BOM) against the known columns. Returns the column,
 * or -1 for an unknown one; @factor receives the unit factor. */
int fi__col_match(const char *text, size_t len, double *factor);

/* Result of parsing one cell. */
typedef enum fi__cell_result {
	FI_CELL_OK = 0,
	FI_CELL_EMPTY = 1,
	/* otherwise an fi_reject_reason, negated */
} fi__cell_result;

/* Parse a decimal number ("3.10686", "-2", "1e5"); returns FI_CELL_OK, FI_CELL_EMPTY, or
 * -FI_REJECT_NOT_NUMBER / -FI_REJECT_NOT_FINITE / -FI_REJECT_NEGATIVE. */
int fi__cell_number(const char *s, size_t n, double *out);

/* Extract the workout id from a Link ("http://www.mapmyfitness.com/workout/123"). Returns
 * FI_CELL_OK or -FI_REJECT_MISSING_ID. */
int fi__cell_workout_id(const char *s, size_t n, int64_t *out);

/* Is this one of the activity types MapMyRun is known to write? */
bool fi__activity_known(const char *s, size_t n);

#endif
