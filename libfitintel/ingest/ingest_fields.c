/* Column names, units and cell parsing for MapMyRun exports (SPEC §1.1). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ingest_fields.h"

#define FI__KM_PER_MI 1.609344

typedef struct column_spec {
	fi__col col;
	const char *header;
	double factor;      /* to canonical (mile-based) units */
} column_spec;

/* Both unit systems; the metric names only occur in exports of accounts set to km. */
static const column_spec column_specs[] = {
	{ FI_COL_DATE_SUBMITTED, "Date Submitted", 1.0 },
	{ FI_COL_WORKOUT_DATE, "Workout Date", 1.0 },
	{ FI_COL_ACTIVITY_TYPE, "Activity Type", 1.0 },
	{ FI_COL_CALORIES, "Calories Burned (kcal)", 1.0 },
	{ FI_COL_DISTANCE, "Distance (mi)", 1.0 },
	{ FI_COL_DISTANCE, "Distance (km)", 1.0 / FI__KM_PER_MI },
	{ FI_COL_DURATION, "Workout Time (seconds)", 1.0 },
	{ FI_COL_AVG_PACE, "Avg Pace (min/mi)", 1.0 },
	{ FI_COL_AVG_PACE, "Avg Pace (min/km)", FI__KM_PER_MI },
	{ FI_COL_MAX_PACE, "Max Pace (min/mi)", 1.0 },
	{ FI_COL_MAX_PACE, "Max Pace (min/km)", FI__KM_PER_MI },
	{ FI_COL_AVG_SPEED, "Avg Speed (mi/h)", 1.0 },
	{ FI_COL_AVG_SPEED, "Avg Speed (km/h)", 1.0 / FI__KM_PER_MI },
	{ FI_COL_MAX_SPEED, "Max Speed (mi/h)", 1.0 },
	{ FI_COL_MAX_SPEED, "Max Speed (km/h)", 1.0 / FI__KM_PER_MI },
	{ FI_COL_HEART_RATE, "Avg Heart Rate", 1.0 },
	{ FI_COL_STEPS, "Steps", 1.0 },
	{ FI_COL_NOTES, "Notes", 1.0 },
	{ FI_COL_SOURCE, "Source", 1.0 },
	{ FI_COL_LINK, "Link", 1.0 },
};

static const char *const store_names[FI_COL__COUNT] = {
	"date_submitted", "workout_date", "activity_type", "calories", "distance_mi", "duration_s",
	"avg_pace", "max_pace", "avg_speed", "max_speed", "avg_heart_rate", "steps", "notes",
	"source", "link",
};

fi__col_kind fi__col_kind_of(fi__col col)
{
	switch (col) {
	case FI_COL_DATE_SUBMITTED:
	case FI_COL_WORKOUT_DATE: return FI_KIND_DATE;
	case FI_COL_ACTIVITY_TYPE:
	case FI_COL_NOTES:
	case FI_COL_SOURCE: return FI_KIND_TEXT;
	case FI_COL_LINK: return FI_KIND_LINK;
	default: return FI_KIND_NUMBER;
	}
}

const char *fi__col_store_name(fi__col col)
{
	return (unsigned)col < FI_COL__COUNT ? store_names[col] : "";
}

int fi__col_match(const char *text, size_t len, double *factor)
{
	while (len && (*text == ' ' || *text == '\t')) {
		text++;
		len--;
	}
	while (len && (text[len - 1] == ' ' || text[len - 1] == '\t'))
		len--;
	for (size_t i = 0; i < FI__ARRAY_LEN(column_specs); i++) {
		const column_spec *c = &column_specs[i];
		if (strlen(c->header) == len && strncasecmp(c->header, text, len) == 0) {
			*factor = c->factor;
			return (int)c->col;
		}
	}
	return -1;
}

/* Exact powers of ten: with a mantissa below 2^53 one multiplication or division by these is
 * correctly rounded (Clinger's fast path), so the common cell needs no strtod. */
static const double exact_pow10[] = { 1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10,
	1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22 };

static bool is_word(const char *s, size_t n, const char *word)
{
	return strlen(word) == n && strncasecmp(s, word, n) == 0;
}

int fi__cell_number(const char *s, size_t n, double *out)
{
	while (n && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if (n == 0)
		return FI_CELL_EMPTY;

	size_t i = 0;
	bool negative = false;
	if (s[0] == '+' || s[0] == '-') {
		negative = s[0] == '-';
		i++;
	}
	const char *word = s + i;
	size_t wlen = n - i;
	if (is_word(word, wlen, "nan") || is_word(word, wlen, "inf") ||
	    is_word(word, wlen, "infinity"))
		return -FI_REJECT_NOT_FINITE;

	/* Grammar: digits [ '.' digits ] [ (e|E) [sign] digits ], at least one mantissa digit. */
	uint64_t mantissa = 0;
	int mantissa_digits = 0, frac_digits = 0, total_digits = 0;
	bool exact = true;
	while (i < n && s[i] >= '0' && s[i] <= '9') {
		if (mantissa_digits < 19) {
			if (mantissa || s[i] != '0')
				mantissa_digits++;
			mantissa = mantissa * 10 + (uint64_t)(s[i] - '0');
		} else {
			exact = false;
		}
		i++;
		total_digits++;
	}
	if (i < n && s[i] == '.') {
		i++;
		while (i < n && s[i] >= '0' && s[i] <= '9') {
			if (mantissa_digits < 19) {
				if (mantissa || s[i] != '0')
					mantissa_digits++;
				mantissa = mantissa * 10 + (uint64_t)(s[i] - '0');
				frac_digits++;
			} else {
				exact = false;
			}
			i++;
			total_digits++;
		}
	}
	if (total_digits == 0)
		return -FI_REJECT_NOT_NUMBER;
	bool has_exponent = false;
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		has_exponent = true;
		i++;
		if (i < n && (s[i] == '+' || s[i] == '-'))
			i++;
		size_t digits_start = i;
		while (i < n && s[i] >= '0' && s[i] <= '9')
			i++;
		if (i == digits_start)
			return -FI_REJECT_NOT_NUMBER;
	}
	if (i != n)
		return -FI_REJECT_NOT_NUMBER;

	double v;
	if (exact && !has_exponent && mantissa < (1ull << 53) && frac_digits <= 22) {
		v = (double)mantissa / exact_pow10[frac_digits];
	} else {
		char tmp[128];
		if (n >= sizeof tmp)
			return -FI_REJECT_NOT_NUMBER;
		memcpy(tmp, s, n);
		tmp[n] = '\0';
		v = strtod(tmp, NULL);
		negative = false; /* strtod applied the sign */
		if (!isfinite(v))
			return -FI_REJECT_NOT_FINITE;
	}
	if (negative)
		v = -v;
	if (v < 0)
		return -FI_REJECT_NEGATIVE;
	*out = v == 0 ? 0.0 : v; /* no -0 in the store */
	return FI_CELL_OK;
}

int fi__cell_workout_id(const char *s, size_t n, int64_t *out)
{
	static const char marker[] = "/workout/";
	const size_t mlen = sizeof marker - 1;
	/* the last "/workout/" in the text, then digits up to the end, '/', '?' or '#' */
	const char *found = NULL;
	for (size_t i = 0; i + mlen <= n; i++)
		if (memcmp(s + i, marker, mlen) == 0)
			found = s + i + mlen;
	if (!found)
		return -FI_REJECT_MISSING_ID;
	const char *end = s + n;
	while (end > found && (end[-1] == ' ' || end[-1] == '\t'))
		end--;
	uint64_t id = 0;
	int digits = 0;
	const char *p = found;
	while (p < end && *p >= '0' && *p <= '9') {
		if (++digits > 18)   /* beyond 18 digits it is not a MapMyRun id and may overflow */
			return -FI_REJECT_MISSING_ID;
		id = id * 10 + (uint64_t)(*p - '0');
		p++;
	}
	if (digits == 0 || id == 0 || (p < end && *p != '/' && *p != '?' && *p != '#'))
		return -FI_REJECT_MISSING_ID;
	*out = (int64_t)id;
	return FI_CELL_OK;
}

bool fi__activity_known(const char *s, size_t n)
{
	static const char *const known[] = {
		"Run", "Walk", "Hike", "Indoor Run / Jog", "Bike Ride", "Indoor Bike Ride", "Swim",
		"Video Workout", "Weight Workout", "Machine Workout", "Sport / Other Activity",
		"Treadmill", "Road Cycling", "Mountain Biking", "Yoga", "Elliptical", "Rowing",
		"Dog Walk", "Jog", "Trail Run", "Track Run",
	};
	for (size_t i = 0; i < FI__ARRAY_LEN(known); i++)
		if (strlen(known[i]) == n && memcmp(known[i], s, n) == 0)
			return true;
	return false;
}
