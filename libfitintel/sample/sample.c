/* A deterministic synthetic MapMyRun export and its truth file (SPEC §10, fitintel/sample.h).
 *
 * Memory does not grow with the row count: dates come from a per-day density over the span (one
 * double per day), drawn by stratified inverse-CDF sampling walked backwards, so rows are produced
 * newest first in one pass; ids come from a separate RNG stream that is summed once and replayed.
 *
 * Profiles (fi_sample_profile) draw what they add from a third stream, so the clean export keeps
 * its bytes, and a profile that only changes cells (steps, a pace, units) keeps the rows of the
 * clean export with the same seed: same dates, ids and kinds. */
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "util/internal.h"

#define KM_PER_MI 1.609344
#define YEAR_MIN 1900 /* the years the importer accepts */
#define YEAR_MAX 2199
#define ID_GAP_MAX 9000
#define ID_MAX INT64_C(999999999999999999) /* the importer reads ids of up to 18 digits */

/* Workouts per day after the era relative to before (daily dog walks on top of runs); with the
 * default dates this puts ~35% of the rows before the era and ~65% after. */
#define POST_ERA_DENSITY 1.57
#define OUTLIER_SHARE 0.005
#define NOTES_SHARE 0.05

/* The profiles' numbers (fitintel/sample.h). */
#define EST_STEPS_PER_MI 3300.0 /* the app's estimate for walks: ~150 spm at 22 min/mi */
#define EST_STEPS_NOISE 0.05
#define DEVICE_FACTOR_1 1.6     /* a pedometer that double-counted, then was half fixed */
#define DEVICE_FACTOR_2 1.25
#define BRISK_SHARE 0.30        /* of dog walks, at 15–19 min/mi */
#define SLOW_RUN_SHARE 0.15     /* of real runs, at 11–13 min/mi */
#define OTHER_SHARE 0.08        /* of all rows: bike rides, swims, gym sessions */
#define WALK_PACE_MIN 16.0      /* an ordinary dog walk's pace is at least this */

/* real-like: fitted to a real export of 2,774 workouts from 2013-06-25 to 2025-10-07 with the
 * dog from 2018-06-01 (buckets by pace: 6–11.5, 11.5–17, 17–19, 19–40 min/mi and outside). After
 * the era the share of runs decays from REAL_RUN_FIRST to REAL_RUN_LAST with the years (16–128
 * runs a year in the real export); walks start at 17 min/mi and few are brisk. */
#define REAL_POST_ERA_DENSITY 2.7
#define REAL_RUN_FIRST 0.35
#define REAL_RUN_LAST 0.07
#define REAL_RUN_DECAY_YEARS 1.5
#define REAL_MIXED_SHARE 0.035
#define REAL_BRISK_SHARE 0.025
#define REAL_SLOW_RUN_SHARE 0.07
#define REAL_OTHER_SHARE 0.045
#define REAL_WALK_PACE_MIN 17.0

#define WRITER_CAP ((size_t)1 << 18)
#define ROW_MAX 1024 /* fixed fields stay under 400 bytes; the longest note quoted under 200 */
#define EMPTY (-1.0) /* a numeric cell left empty */

typedef enum kind { KIND_REAL_RUN, KIND_PUP_WALK, KIND_MIXED, KIND_OUTLIER, KIND_OTHER } kind;

static const char *const kind_names[] = { "real_run", "pup_walk", "mixed", "outlier", "other" };

/* Profile names in bit order; "clean" is 0. */
static const struct {
	const char *name;
	unsigned int bit;
} profile_names[] = {
	{ "clean", FI_SAMPLE_PROFILE_CLEAN },
	{ "no-steps", FI_SAMPLE_PROFILE_NO_STEPS },
	{ "estimated-steps", FI_SAMPLE_PROFILE_ESTIMATED_STEPS },
	{ "device-change", FI_SAMPLE_PROFILE_DEVICE_CHANGE },
	{ "brisk-walks", FI_SAMPLE_PROFILE_BRISK_WALKS },
	{ "slow-runs", FI_SAMPLE_PROFILE_SLOW_RUNS },
	{ "km", FI_SAMPLE_PROFILE_KM },
	{ "short", FI_SAMPLE_PROFILE_SHORT },
	{ "no-dog", FI_SAMPLE_PROFILE_NO_DOG },
	{ "multi-sport", FI_SAMPLE_PROFILE_MULTI_SPORT },
	{ "real-like", FI_SAMPLE_PROFILE_REAL_LIKE },
};

/* One workout in canonical (mile) units; numeric fields are EMPTY when the cell is empty. */
typedef struct workout {
	int32_t day, submitted;
	const char *activity;
	double distance;    /* mi */
	double duration;    /* s, whole */
	double pace;        /* min/mi */
	double max_pace;
	double speed;       /* mi/h */
	double max_speed;
	double calories;
	double heart_rate;
	double steps;
	const char *notes;  /* NULL when empty */
	const char *source; /* NULL when empty */
	bool garbage_cells; /* calories/steps hold forced garbage: never blank them */
} workout;

/* What the profiles change, resolved once from the flags (make_plan). The clean generator has
 * zero shares, no flags and the clean densities. */
typedef struct realism {
	bool no_steps;
	bool estimated_steps; /* walk and mixed steps from distance */
	int device_year;      /* run steps x DEVICE_FACTOR_1 this year, x DEVICE_FACTOR_2 the next; 0: none */
	bool brisk_mixed;     /* mixed outings at 12.5–17.5 min/mi */
	double brisk_share;   /* of dog walks, at 15–19 min/mi */
	double slow_share;    /* of real runs, at 11–13 min/mi */
	double other_share;   /* of all rows, not on foot */
	double post_density;  /* workouts per day after the era relative to before */
	double walk_pace_min; /* lower bound of an ordinary dog walk's pace */
	bool fitted_kinds;    /* real-like's mix of kinds after the era (fitted_kind) */
} realism;

/* Validated options. */
typedef struct plan {
	int32_t start, end, era;
	size_t rows;
	uint64_t seed;
	int64_t first_id;
	bool metric;
	realism real;
} plan;

/* Buffered output of one file; the first failure's errno is kept and later writes are dropped. */
typedef struct writer {
	FILE *f;
	char *buf;
	size_t len;
	int err;
	bool remove_on_failure; /* a regular file we opened: no partial sample is left behind */
} writer;

/* ---- notes (any Unicode, quotes, commas, newlines, HTML-looking and formula-looking text) ---- */

static const char *const run_notes[] = {
	"Easy run",
	"Tempo, felt strong",
	"Intervals: 6×800m @ 5K pace",
	"<b>tempo</b> 3 mi",
	"Café run ☕",
	"Long run.\nLegs heavy after mile 8",
	"Coach said \"negative splits\", so I did",
	"Race day! 🏃 PR",
	"=2+3 miles, warm-up and main set",
	"Hot & humid; 88°F",
	"-5°C, icy paths",
	"Ran with Anna, Tom and Li",
};

static const char *const walk_notes[] = {
	"Walk with Choco 🐕",
	"Hund 🐕 Gassi-Runde",
	"Choco said \"hi\" to every dog, twice",
	"Park loop, lots of sniffing",
	"Rain.\r\nChoco refused to go on",
	"<i>slow</i> sniff walk",
	"Puppy school, then a walk",
	"@vet afterwards",
	"Schnee ❄️, kurz",
	"+1 neighbour dog joined",
};

static const char *const mixed_notes[] = {
	"Run/walk with Choco, 4:1",
	"Jog-walk intervals",
	"Choco wanted to run today 🐕💨",
	"Started running, ended \"walking\"",
};

static const char *const outlier_notes[] = {
	"GPS went crazy",
	"Forgot to stop the app 🙈",
	"<script>alert(\"x\")</script>",
	"???",
};

static const char *const other_notes[] = {
	"Spin class, 45'",
	"Commute, headwind both ways 🚲",
	"Pool: 40 × 25 m",
	"Leg day",
	"\"Yoga\" with the dog on the mat",
	"Core + stretching",
};

/* ---- random helpers ---- */

/* mt19937 takes a 32-bit seed: mix all 64 bits of the caller's seed in (splitmix64) so seeds that
 * differ only in their high half still give different exports. */
static unsigned long seed32(uint64_t x)
{
	x += UINT64_C(0x9e3779b97f4a7c15);
	x = (x ^ (x >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	x = (x ^ (x >> 27)) * UINT64_C(0x94d049bb133111eb);
	x ^= x >> 31;
	return (unsigned long)((x ^ (x >> 32)) & 0xffffffffu);
}

static bool chance(const gsl_rng *r, double p)
{
	return gsl_rng_uniform(r) < p;
}

static const char *pick(const gsl_rng *r, const char *const *items, size_t n)
{
	return items[gsl_rng_uniform_int(r, (unsigned long)n)];
}

/* Normal truncated to [lo, hi] by resampling; the clamp only guards against a long unlucky run. */
static double gaussian_between(const gsl_rng *r, double mean, double sd, double lo, double hi)
{
	for (int tries = 0; tries < 8; tries++) {
		double x = mean + gsl_ran_gaussian(r, sd);
		if (x >= lo && x <= hi)
			return x;
	}
	return mean < lo ? lo : mean > hi ? hi : mean;
}

/* Lognormal with the given median, truncated to [lo, hi] the same way. */
static double lognormal_between(const gsl_rng *r, double median, double sigma, double lo, double hi)
{
	for (int tries = 0; tries < 8; tries++) {
		double x = gsl_ran_lognormal(r, log(median), sigma);
		if (x >= lo && x <= hi)
			return x;
	}
	return median < lo ? lo : median > hi ? hi : median;
}

/* ---- the calendar: how likely each day of the span is to hold a workout ---- */

/* 0 = Monday; 1970-01-01 was a Thursday. */
static int weekday(int32_t day)
{
	return (int)(((day % 7) + 7 + 3) % 7);
}

/* Mean-one weekly volume: lognormal with mu = -sigma^2/2. */
static double week_volume(const gsl_rng *r, double sigma)
{
	return gsl_ran_lognormal(r, -sigma * sigma / 2, sigma);
}

/* cum[i] = total weight of days start .. start+i. Before the era: training weeks of varying
 * volume, occasional breaks, long runs at the weekend; after it: daily walks, steadier. The
 * modulations average to one, so the post-era density (POST_ERA_DENSITY, or real-like's) alone
 * sets the balance between the eras. */
static double *build_calendar(const gsl_rng *r, const plan *p, size_t ndays)
{
	double *cum = malloc(ndays * sizeof *cum);
	if (!cum)
		return NULL;
	double total = 0, week = 1;
	for (size_t i = 0; i < ndays; i++) {
		int32_t day = p->start + (int32_t)i;
		bool post = day >= p->era;
		if (i % 7 == 0 || day == p->era) {
			if (post)
				week = week_volume(r, 0.15);
			else
				week = chance(r, 0.04) ? 0.1 : week_volume(r, 0.35);
		}
		double weekend = post ? 1.1 : 1.4;
		double w = (post ? p->real.post_density : 1.0) * week / ((5 + 2 * weekend) / 7);
		if (weekday(day) >= 5)
			w *= weekend;
		total += w;
		cum[i] = total;
	}
	return cum;
}

/* ---- the workouts ---- */

static kind pick_kind(const gsl_rng *r, bool post)
{
	if (chance(r, OUTLIER_SHARE))
		return KIND_OUTLIER;
	if (!post)
		return KIND_REAL_RUN;
	double u = gsl_rng_uniform(r);
	return u < 0.765 ? KIND_PUP_WALK : u < 0.95 ? KIND_REAL_RUN : KIND_MIXED;
}

/* real-like: after the era the share of runs decays with the years since the dog came. */
static kind fitted_kind(const gsl_rng *r, const plan *p, int32_t day)
{
	if (chance(r, OUTLIER_SHARE))
		return KIND_OUTLIER;
	if (day < p->era)
		return KIND_REAL_RUN;
	double years = (double)(day - p->era) / 365.25;
	double run = REAL_RUN_LAST + (REAL_RUN_FIRST - REAL_RUN_LAST) * exp(-years / REAL_RUN_DECAY_YEARS);
	double u = gsl_rng_uniform(r);
	return u < run ? KIND_REAL_RUN : u < run + REAL_MIXED_SHARE ? KIND_MIXED : KIND_PUP_WALK;
}

/* Duration, speeds, calories and steps from pace and distance. */
static void finish_moving(const gsl_rng *r, workout *w, double cadence, double kcal_per_mi)
{
	w->duration = round(w->pace * w->distance * 60);
	w->speed = 60 / w->pace;
	w->max_speed = 60 / w->max_pace;
	w->calories = fmax(0, round(w->distance * kcal_per_mi * (1 + gsl_ran_gaussian(r, 0.08))));
	w->steps = round(cadence * w->duration / 60);
}

/* The runner gets a little faster over the training years; after the era runs settle a bit slower. */
static double run_pace_mean(const plan *p, int32_t day)
{
	if (day >= p->era)
		return 9.35;
	int32_t pre_end = p->era <= p->end ? p->era : p->end + 1;
	double frac = pre_end > p->start ? (double)(day - p->start) / (double)(pre_end - p->start) : 0;
	return 9.5 - 0.4 * frac;
}

/* @x is the profiles' stream: a profile that draws from it leaves the draws from @r as they are. */
static void make_run(const gsl_rng *r, const gsl_rng *x, const realism *real, workout *w,
		     double pace_mean)
{
	w->activity = chance(r, 0.12) ? "Indoor Run / Jog" : "Run";
	w->pace = gaussian_between(r, pace_mean, 0.9, 6.5, 12.5);
	if (real->slow_share > 0 && chance(x, real->slow_share))
		w->pace = gsl_ran_flat(x, 11, 13); /* trail or recovery run */
	w->distance = lognormal_between(r, 4.5, 0.45, 1, 20);
	w->max_pace = w->pace * gsl_ran_flat(r, 0.80, 0.95);
	finish_moving(r, w, gsl_ran_gaussian(r, 8) + 165, 100);
}

static void make_walk(const gsl_rng *r, const gsl_rng *x, const realism *real, workout *w)
{
	double u = gsl_rng_uniform(r);
	w->activity = u < 0.70 ? "Run" : u < 0.96 ? "Walk" : "Hike"; /* dog walks logged as Run */
	w->pace = gaussian_between(r, 22, 3, real->walk_pace_min, 35);
	if (real->brisk_share > 0 && chance(x, real->brisk_share))
		w->pace = gsl_ran_flat(x, 15, 19); /* a cold morning, a dog in a hurry */
	w->distance = lognormal_between(r, 1.4, 0.4, 0.3, 4);
	w->max_pace = w->pace * gsl_ran_flat(r, 0.70, 0.92); /* a dash after a squirrel */
	finish_moving(r, w, gsl_ran_gaussian(r, 8) + 105, 80);
}

static void make_mixed(const gsl_rng *r, const gsl_rng *x, const realism *real, workout *w)
{
	w->activity = "Run";
	w->pace = gsl_ran_flat(r, 12.5, 17);
	if (real->brisk_mixed)
		w->pace = gsl_ran_flat(x, 12.5, 17.5);
	w->distance = gsl_ran_flat(r, 1.5, 5);
	w->max_pace = w->pace * gsl_ran_flat(r, 0.65, 0.85); /* the running stretches */
	finish_moving(r, w, gsl_ran_gaussian(r, 10) + 135, 90);
}

/* Garbage seen in real exports. Every pattern breaks a sanity bound of SPEC §2.2 (pace, distance
 * or duration), so the truth label `outlier` is one a classifier can reach. */
static void make_outlier(const gsl_rng *r, workout *w)
{
	static const char *const types[] = { "Run", "Walk", "Hike", "Indoor Run / Jog" };
	w->activity = pick(r, types, FI__ARRAY_LEN(types));
	double cadence = gaussian_between(r, 150, 20, 90, 190);
	switch (gsl_rng_uniform_int(r, 6)) {
	case 0: /* recording left on without movement: pace of tens of millions of min/mi */
		w->duration = round(gsl_ran_flat(r, 300, 3600));
		w->pace = round(gsl_ran_flat(r, 1e6, 5e7));
		w->distance = w->duration / (60 * w->pace);
		w->max_pace = w->pace * 0.9;
		break;
	case 1: /* a Unix timestamp stored as the duration (~1.7e9 s), calories saturated */
		w->distance = lognormal_between(r, 3, 0.4, 1, 10);
		w->duration = (double)w->day * 86400 + round(gsl_ran_flat(r, 21600, 75600));
		w->pace = w->duration / 60 / w->distance;
		w->max_pace = w->pace * 0.9;
		w->calories = 32767;
		w->steps = round(cadence * w->duration / 60);
		w->garbage_cells = true;
		w->speed = 60 / w->pace;
		w->max_speed = 60 / w->max_pace;
		return;
	case 2: /* zero workout time */
		w->distance = lognormal_between(r, 2.5, 0.5, 0.5, 10);
		w->duration = 0;
		w->pace = w->max_pace = 0;
		break;
	case 3: /* a GPS blip: 0.01 mi at 0.1 min/mi */
		w->distance = 0.01;
		w->pace = 0.1;
		w->max_pace = 0.08;
		w->duration = round(w->pace * w->distance * 60);
		break;
	case 4: /* no distance, a counter overflow in steps */
		w->distance = 0;
		w->duration = round(gsl_ran_flat(r, 600, 3600));
		w->pace = w->max_pace = 0;
		w->steps = 4080000000.0;
		w->calories = 0;
		w->garbage_cells = true;
		w->speed = w->max_speed = 0;
		return;
	default: /* the app kept recording in a car */
		w->distance = gsl_ran_flat(r, 60, 1300);
		w->pace = gsl_ran_flat(r, 0.9, 1.5);
		w->max_pace = w->pace * 0.8;
		w->duration = round(w->pace * w->distance * 60);
		break;
	}
	w->speed = w->pace > 0 ? 60 / w->pace : 0;
	w->max_speed = w->max_pace > 0 ? 60 / w->max_pace : 0;
	w->calories = round(w->distance * 90);
	w->steps = round(cadence * w->duration / 60);
}

/* Not on foot (multi-sport): bike rides, swims, gym sessions. Indoor sessions often have no
 * distance (an empty cell, or 0 with a pace and speed of 0); steps are mostly empty. */
static void make_other(const gsl_rng *r, workout *w)
{
	w->pace = w->max_pace = EMPTY;   /* every branch sets them; -O3 cannot see that it does */
	double u = gsl_rng_uniform(r);
	if (u < 0.13) { /* 10–20 mph */
		w->activity = "Bike Ride";
		w->pace = 60 / gsl_ran_flat(r, 10, 20);
		w->distance = lognormal_between(r, 14, 0.5, 5, 40);
		w->max_pace = w->pace * gsl_ran_flat(r, 0.55, 0.8);
		w->duration = round(w->pace * w->distance * 60);
	} else if (u < 0.28) {
		w->activity = "Swim";
		w->pace = gsl_ran_flat(r, 25, 45);
		w->distance = gsl_ran_flat(r, 0.3, 1.5);
		w->max_pace = w->pace * gsl_ran_flat(r, 0.8, 0.95);
		w->duration = round(w->pace * w->distance * 60);
	} else {
		bool bike = u < 0.50;
		w->activity = bike ? "Indoor Bike Ride" : u < 0.70 ? "Video Workout" : "Weight Workout";
		w->duration = round(gsl_ran_flat(r, bike ? 20 : 15, 60) * 60);
		double v = gsl_rng_uniform(r);
		if (bike && v < 0.2) { /* the bike's own computer */
			w->distance = w->duration / 3600 * gsl_ran_flat(r, 10, 18);
			w->pace = w->duration / 60 / w->distance;
			w->max_pace = w->pace * gsl_ran_flat(r, 0.7, 0.9);
		} else {
			w->distance = v < 0.6 ? EMPTY : 0;
		}
	}
	if (w->distance == EMPTY)
		w->pace = w->max_pace = w->speed = w->max_speed = EMPTY;
	else if (w->distance == 0)
		w->pace = w->max_pace = w->speed = w->max_speed = 0;
	else {
		w->speed = 60 / w->pace;
		w->max_speed = 60 / w->max_pace;
	}
	w->calories = round(w->duration / 60 * gsl_ran_flat(r, 5, 10));
	w->steps = chance(r, 0.9) ? EMPTY : round(w->duration / 60 * gsl_ran_flat(r, 20, 60));
}

static void make_workout(const gsl_rng *r, const gsl_rng *x, const plan *p, int32_t day, kind k,
			 workout *w)
{
	w->day = day;
	double u = gsl_rng_uniform(r);
	int32_t late = u < 0.80 ? 0 : u < 0.95 ? 1 : 2;
	w->submitted = day + late <= p->end ? day + late : p->end; /* never past the span */
	w->garbage_cells = false;

	static const double heart_means[] = { 155, 125, 140, 145, 130 }; /* by kind */
	const char *const *notes;
	size_t nnotes;
	switch (k) {
	case KIND_REAL_RUN:
		make_run(r, x, &p->real, w, run_pace_mean(p, day));
		notes = run_notes;
		nnotes = FI__ARRAY_LEN(run_notes);
		break;
	case KIND_PUP_WALK:
		make_walk(r, x, &p->real, w);
		notes = walk_notes;
		nnotes = FI__ARRAY_LEN(walk_notes);
		break;
	case KIND_MIXED:
		make_mixed(r, x, &p->real, w);
		notes = mixed_notes;
		nnotes = FI__ARRAY_LEN(mixed_notes);
		break;
	case KIND_OTHER:
		make_other(r, w);
		notes = other_notes;
		nnotes = FI__ARRAY_LEN(other_notes);
		break;
	default:
		make_outlier(r, w);
		notes = outlier_notes;
		nnotes = FI__ARRAY_LEN(outlier_notes);
		break;
	}

	/* The app estimates steps of walks from the distance; a pedometer double-counted runs. */
	if (p->real.estimated_steps && (k == KIND_PUP_WALK || k == KIND_MIXED))
		w->steps = round(w->distance * EST_STEPS_PER_MI * (1 + gsl_ran_gaussian(x, EST_STEPS_NOISE)));
	if (p->real.device_year && k == KIND_REAL_RUN) {
		int y = fi__year_of_days(day);
		if (y == p->real.device_year)
			w->steps = round(w->steps * DEVICE_FACTOR_1);
		else if (y == p->real.device_year + 1)
			w->steps = round(w->steps * DEVICE_FACTOR_2);
	}

	/* Empty cells at the rates real exports show. */
	if (!w->garbage_cells && chance(r, 0.02))
		w->calories = EMPTY;
	if (!w->garbage_cells && chance(r, 0.15))
		w->steps = EMPTY;
	if (p->real.no_steps)
		w->steps = EMPTY;
	w->heart_rate = chance(r, 0.10) ? round(gaussian_between(r, heart_means[k], 8, 120, 175))
					: EMPTY;
	w->notes = chance(r, NOTES_SHARE) ? pick(r, notes, nnotes) : NULL;
	u = gsl_rng_uniform(r);
	w->source = u < 0.01 ? NULL : u < 0.80 ? "MapMyRun iPhone" : u < 0.90 ? "MapMyRun Android"
										: "Garmin";
}

/* ---- formatting (by hand: a million rows of snprintf("%f") would dominate the run time) ---- */

static const uint64_t pow10_u64[] = { 1, 10, 100, 1000, 10000, 100000 };

static char *put_u64(char *p, uint64_t v)
{
	char tmp[20];
	int n = 0;
	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n)
		*p++ = tmp[--n];
	return p;
}

static char *put_str(char *p, const char *s)
{
	size_t n = strlen(s);
	memcpy(p, s, n);
	return p + n;
}

/* Like the exports: about six significant digits, at most five decimals, no trailing zeros
 * ("3.10686", "29.7253", "42554500"). @v is finite and >= 0. */
static char *put_decimal(char *p, double v)
{
	if (v >= 1e15)
		return p + sprintf(p, "%.0f", v);
	int dec = 5;
	for (double limit = 10; dec > 0 && v >= limit; limit *= 10)
		dec--;
	uint64_t scaled = (uint64_t)llround(v * (double)pow10_u64[dec]);
	p = put_u64(p, scaled / pow10_u64[dec]);
	uint64_t frac = scaled % pow10_u64[dec];
	if (frac) {
		char digits[5];
		for (int i = dec - 1; i >= 0; i--) {
			digits[i] = (char)('0' + frac % 10);
			frac /= 10;
		}
		int n = dec;
		while (digits[n - 1] == '0')
			n--;
		*p++ = '.';
		memcpy(p, digits, (size_t)n);
		p += n;
	}
	return p;
}

static char *put_integer_cell(char *p, double v)
{
	return v == EMPTY ? p : put_u64(p, (uint64_t)v);
}

/* RFC 4180: quote when the text holds a comma, quote, CR or LF, doubling the quotes. */
static char *put_text_cell(char *p, const char *s)
{
	if (!s)
		return p;
	if (!strpbrk(s, ",\"\r\n"))
		return put_str(p, s);
	*p++ = '"';
	for (; *s; s++) {
		if (*s == '"')
			*p++ = '"';
		*p++ = *s;
	}
	*p++ = '"';
	return p;
}

/* AP style, always quoted for its comma: "Jan. 3, 2019", "Sept. 14, 2025", "March 3, 2025". */
static char *put_ap_date(char *p, int32_t day)
{
	static const char *const months[] = { "Jan.", "Feb.", "March", "April", "May", "June",
		"July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec." };
	int y, m, d;
	fi__civil_from_days(day, &y, &m, &d);
	*p++ = '"';
	p = put_str(p, months[m - 1]);
	*p++ = ' ';
	p = put_u64(p, (uint64_t)d);
	*p++ = ',';
	*p++ = ' ';
	p = put_u64(p, (uint64_t)y);
	*p++ = '"';
	return p;
}

static const char csv_header_mi[] =
	"Date Submitted,Workout Date,Activity Type,Calories Burned (kcal),Distance (mi),"
	"Workout Time (seconds),Avg Pace (min/mi),Max Pace (min/mi),Avg Speed (mi/h),"
	"Max Speed (mi/h),Avg Heart Rate,Steps,Notes,Source,Link\n";
static const char csv_header_km[] =
	"Date Submitted,Workout Date,Activity Type,Calories Burned (kcal),Distance (km),"
	"Workout Time (seconds),Avg Pace (min/km),Max Pace (min/km),Avg Speed (km/h),"
	"Max Speed (km/h),Avg Heart Rate,Steps,Notes,Source,Link\n";

static char *put_csv_row(char *p, const workout *w, int64_t id, bool metric)
{
	const double per_mi = metric ? KM_PER_MI : 1; /* distance and speed */
	p = put_ap_date(p, w->submitted);
	*p++ = ',';
	p = put_ap_date(p, w->day);
	*p++ = ',';
	p = put_text_cell(p, w->activity);
	*p++ = ',';
	p = put_integer_cell(p, w->calories);
	*p++ = ',';
	if (w->distance != EMPTY) /* (an indoor session's) */
		p = put_decimal(p, w->distance * per_mi);
	*p++ = ',';
	p = put_u64(p, (uint64_t)w->duration);
	*p++ = ',';
	if (w->distance != EMPTY) {
		p = put_decimal(p, w->pace / per_mi);
		*p++ = ',';
		p = put_decimal(p, w->max_pace / per_mi);
		*p++ = ',';
		p = put_decimal(p, w->speed * per_mi);
		*p++ = ',';
		p = put_decimal(p, w->max_speed * per_mi);
	} else {
		p = put_str(p, ",,,");
	}
	*p++ = ',';
	p = put_integer_cell(p, w->heart_rate);
	*p++ = ',';
	p = put_integer_cell(p, w->steps);
	*p++ = ',';
	p = put_text_cell(p, w->notes);
	*p++ = ',';
	p = put_text_cell(p, w->source);
	*p++ = ',';
	p = put_str(p, "http://www.mapmyfitness.com/workout/");
	p = put_u64(p, (uint64_t)id);
	*p++ = '\n';
	return p;
}

/* ---- output ---- */

static void writer_flush(writer *w)
{
	if (!w->err && w->len) {
		errno = 0;
		if (fwrite(w->buf, 1, w->len, w->f) != w->len)
			w->err = errno ? errno : EIO;
	}
	w->len = 0;
}

/* Room for one row at the end of the buffer. */
static char *writer_room(writer *w)
{
	if (WRITER_CAP - w->len < ROW_MAX)
		writer_flush(w);
	return w->buf + w->len;
}

static void writer_commit(writer *w, const char *end)
{
	w->len = (size_t)(end - w->buf);
}

static int writer_open(writer *w, const char *path)
{
	errno = 0;
	w->f = fopen(path, "wb");
	if (!w->f)
		return errno ? errno : EIO;
	/* Never unlink a device, FIFO or /dev/stdout link that the caller named. */
	struct stat st;
	w->remove_on_failure = fstat(fileno(w->f), &st) == 0 && S_ISREG(st.st_mode);
	w->buf = malloc(WRITER_CAP);
	if (!w->buf)
		return ENOMEM;
	return 0;
}

/* Flush and close; the errno of the first failure, 0 on success. Safe on a writer never opened. */
static int writer_close(writer *w)
{
	int err = 0;
	if (w->f) {
		writer_flush(w);
		err = w->err;
		errno = 0;
		if (fclose(w->f) != 0 && !err)
			err = errno ? errno : EIO;
		w->f = NULL;
	}
	free(w->buf);
	w->buf = NULL;
	return err;
}

/* ---- options ---- */

/* A version-1 struct ends before `profiles`. */
#define OPTIONS_V1_SIZE offsetof(fi_sample_params, profiles)

static const size_t params_sizes[] = { OPTIONS_V1_SIZE, sizeof(fi_sample_params) };
FI__DEFINE_GROWN_PARAMS_INIT(fi_sample_params_init, fi_sample_params, FI_SAMPLE_PARAMS_VERSION,
			     FI_SAMPLE_PARAMS_INIT, params_sizes)

int fi_sample_options_init(fi_sample_options *opts, unsigned int version)
{
	return fi_sample_params_init(opts, version);
}

/* "clean, no-steps, ... or real-like" into @out (room for every name). */
static void profile_list(char *out, size_t size)
{
	size_t len = 0;
	out[0] = '\0';
	for (size_t i = 0; i < FI__ARRAY_LEN(profile_names) && len < size; i++) {
		const char *sep = i == 0 ? "" : i + 1 == FI__ARRAY_LEN(profile_names) ? " or " : ", ";
		int n = snprintf(out + len, size - len, "%s%s", sep, profile_names[i].name);
		if (n < 0)
			break;
		len += (size_t)n;
	}
}

int fi_sample_profiles_parse(const char *names, unsigned int *out)
{
	if (!names || !out)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "profile names or out is NULL");
	char accepted[256];
	profile_list(accepted, sizeof accepted);
	unsigned int bits = 0;
	const char *s = names;
	for (;;) {
		const char *end = strchr(s, ',');
		if (!end)
			end = s + strlen(s);
		const char *a = s, *b = end;
		while (a < b && (*a == ' ' || *a == '\t'))
			a++;
		while (b > a && (b[-1] == ' ' || b[-1] == '\t'))
			b--;
		size_t n = (size_t)(b - a);
		if (n == 0)
			return fi__error(FI_EINVALID, FI_ERRCAT_ARG,
					 "empty sample profile name in '%s' (use %s)", names, accepted);
		size_t i = 0;
		while (i < FI__ARRAY_LEN(profile_names) &&
		       !(strlen(profile_names[i].name) == n && strncasecmp(a, profile_names[i].name, n) == 0))
			i++;
		if (i == FI__ARRAY_LEN(profile_names))
			return fi__error(FI_EINVALID, FI_ERRCAT_ARG,
					 "unknown sample profile '%.*s' (use %s)", n > 64 ? 64 : (int)n, a,
					 accepted);
		bits |= profile_names[i].bit;
		if (!*end)
			break;
		s = end + 1;
	}
	*out = bits;
	return FI_OK;
}

const char *fi_sample_profile_name(unsigned int profile)
{
	for (size_t i = 0; i < FI__ARRAY_LEN(profile_names); i++)
		if (profile_names[i].bit == profile)
			return profile_names[i].name;
	return NULL;
}

/* An ISO date in the years exports can hold; NULL means @fallback. */
static int parse_date_option(const char *name, const char *iso, const char *fallback,
			     int32_t *days)
{
	if (!iso)
		iso = fallback;
	if (!fi__iso_to_days(iso, days))
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "%s \"%s\" is not a date (YYYY-MM-DD)",
				 name, iso);
	int y, m, d;
	fi__civil_from_days(*days, &y, &m, &d);
	if (y < YEAR_MIN || y > YEAR_MAX)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG,
				 "%s %s is outside the years %d-%d that exports can hold", name, iso,
				 YEAR_MIN, YEAR_MAX);
	return FI_OK;
}

/* The third and fourth calendar year of the span; with fewer years, the last two (or the one). */
static int device_change_year(const plan *p)
{
	int first = fi__year_of_days(p->start), last = fi__year_of_days(p->end);
	return last - first >= 3 ? first + 2 : last > first ? last - 1 : first;
}

static void resolve_profiles(unsigned int profiles, plan *p)
{
	realism *real = &p->real;
	bool like = profiles & FI_SAMPLE_PROFILE_REAL_LIKE;
	real->no_steps = profiles & FI_SAMPLE_PROFILE_NO_STEPS;
	real->estimated_steps = like || (profiles & FI_SAMPLE_PROFILE_ESTIMATED_STEPS);
	real->device_year = like || (profiles & FI_SAMPLE_PROFILE_DEVICE_CHANGE) ? device_change_year(p) : 0;
	real->brisk_mixed = like || (profiles & FI_SAMPLE_PROFILE_BRISK_WALKS);
	real->brisk_share = like ? REAL_BRISK_SHARE : profiles & FI_SAMPLE_PROFILE_BRISK_WALKS ? BRISK_SHARE : 0;
	real->slow_share = like ? REAL_SLOW_RUN_SHARE : profiles & FI_SAMPLE_PROFILE_SLOW_RUNS ? SLOW_RUN_SHARE : 0;
	real->other_share = like ? REAL_OTHER_SHARE : profiles & FI_SAMPLE_PROFILE_MULTI_SPORT ? OTHER_SHARE : 0;
	real->post_density = like ? REAL_POST_ERA_DENSITY : POST_ERA_DENSITY;
	real->walk_pace_min = like ? REAL_WALK_PACE_MIN : WALK_PACE_MIN;
	real->fitted_kinds = like;
	if (profiles & FI_SAMPLE_PROFILE_KM)
		p->metric = true;
	if (profiles & FI_SAMPLE_PROFILE_NO_DOG)
		p->era = INT32_MAX; /* the dog never comes */
}

static int make_plan(const fi_sample_params *opts, plan *p)
{
	if (opts->version < 1 || opts->version > FI_SAMPLE_PARAMS_VERSION)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "unsupported fi_sample_params version %u",
				 opts->version);
	/* A version-1 caller's struct ends before `profiles`: never read it there. */
	unsigned int profiles = opts->version >= 2 ? opts->profiles : FI_SAMPLE_PROFILE_CLEAN;
	if (profiles & ~FI_SAMPLE_PROFILE_ALL)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "unknown sample profile bits 0x%x",
				 profiles & ~FI_SAMPLE_PROFILE_ALL);
	size_t rows = profiles & FI_SAMPLE_PROFILE_SHORT ? FI_SAMPLE_SHORT_ROWS : opts->rows;
	if (rows == 0)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "a sample needs at least one row");
	int rc = parse_date_option("start_date", opts->start_date, "2012-01-01", &p->start);
	if (rc == FI_OK)
		rc = parse_date_option("end_date", opts->end_date, "2025-12-31", &p->end);
	if (rc != FI_OK)
		return rc;
	if (p->end < p->start) {
		char start[11], end[11];
		fi__days_to_iso(p->start, start);
		fi__days_to_iso(p->end, end);
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "end_date %s is before start_date %s",
				 end, start);
	}
	/* Any date will do: outside the span it leaves the whole sample in one era. */
	const char *era = opts->era_date ? opts->era_date : "2018-06-01";
	if (!fi__iso_to_days(era, &p->era))
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "era_date \"%s\" is not a date (YYYY-MM-DD)",
				 era);
	if (opts->first_id <= 0)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "first_id must be positive, not %" PRId64,
				 opts->first_id);
	if ((uint64_t)(rows - 1) > (uint64_t)(ID_MAX - opts->first_id) / ID_GAP_MAX)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG,
				 "%zu rows from first_id %" PRId64 " could need workout ids beyond 18 digits",
				 rows, opts->first_id);
	if (opts->units != FI_UNITS_MILES && opts->units != FI_UNITS_KM)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG,
				 "units must be FI_UNITS_MILES or FI_UNITS_KM, not %d", opts->units);
	p->rows = rows;
	p->seed = opts->seed;
	p->first_id = opts->first_id;
	p->metric = opts->units == FI_UNITS_KM;
	resolve_profiles(profiles, p);
	return FI_OK;
}

/* ---- the export ---- */

static uint64_t id_gap(const gsl_rng *gaps)
{
	return 1 + gsl_rng_uniform_int(gaps, ID_GAP_MAX);
}

/* Write the header and every row, newest first. @x is the profiles' stream. Returns 0 or ENOMEM;
 * write errors stay in the writers and stop the loop. */
static int generate(const plan *p, gsl_rng *r, gsl_rng *gaps, gsl_rng *x, writer *csv,
		    writer *truth)
{
	size_t ndays = (size_t)(p->end - p->start) + 1;
	double *cum = build_calendar(r, p, ndays);
	if (!cum)
		return ENOMEM;

	/* Ids increase with the date from first_id: sum the gaps once, then replay them downwards.
	 * The gaps have their own stream, so summing them leaves the workouts untouched. */
	const unsigned long gap_seed = seed32(p->seed ^ UINT64_C(0xd1b54a32d192ed03));
	gsl_rng_set(gaps, gap_seed);
	uint64_t span = 0;
	for (size_t i = 1; i < p->rows; i++)
		span += id_gap(gaps);
	gsl_rng_set(gaps, gap_seed);
	int64_t id = p->first_id + (int64_t)span;

	char *out = writer_room(csv);
	writer_commit(csv, put_str(out, p->metric ? csv_header_km : csv_header_mi));
	if (truth) {
		out = writer_room(truth);
		writer_commit(truth, put_str(out, "workout_id,kind\n"));
	}

	/* Row i (0 = oldest) falls in the i-th of `rows` equal slices of the total weight: dates follow
	 * the density closely, and walking i downwards only ever moves the day backwards. */
	const double total = cum[ndays - 1];
	size_t day_index = ndays - 1;
	for (size_t i = p->rows; i-- > 0;) {
		double t = ((double)i + gsl_rng_uniform(r)) / (double)p->rows * total;
		while (day_index > 0 && cum[day_index - 1] > t)
			day_index--;
		int32_t day = p->start + (int32_t)day_index;
		kind k;
		if (p->real.other_share > 0 && chance(x, p->real.other_share))
			k = KIND_OTHER;
		else if (p->real.fitted_kinds)
			k = fitted_kind(r, p, day);
		else
			k = pick_kind(r, day >= p->era);
		workout w;
		make_workout(r, x, p, day, k, &w);

		out = writer_room(csv);
		writer_commit(csv, put_csv_row(out, &w, id, p->metric));
		if (truth) {
			out = writer_room(truth);
			out = put_u64(out, (uint64_t)id);
			*out++ = ',';
			out = put_str(out, kind_names[k]);
			*out++ = '\n';
			writer_commit(truth, out);
		}
		if (csv->err || (truth && truth->err))
			break;
		if (i > 0)
			id -= (int64_t)id_gap(gaps);
	}
	free(cum);
	return 0;
}

int fi_sample_write(const char *csv_path, const char *truth_path, const fi_sample_params *opts)
{
	const fi_sample_params defaults = FI_SAMPLE_PARAMS_INIT;
	if (!csv_path)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "csv_path is NULL");
	if (truth_path && strcmp(csv_path, truth_path) == 0)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG,
				 "the export and the truth file must be different files (%s)", csv_path);
	plan p;
	int rc = make_plan(opts ? opts : &defaults, &p);
	if (rc != FI_OK)
		return rc;
	fi__library_init(); /* an allocation failure inside GSL must not abort the process */

	gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
	gsl_rng *gaps = gsl_rng_alloc(gsl_rng_mt19937);
	gsl_rng *x = gsl_rng_alloc(gsl_rng_mt19937);
	writer csv = { NULL, NULL, 0, 0, false }, truth = { NULL, NULL, 0, 0, false };
	const char *path = csv_path; /* the file the error is about */
	int err = r && gaps && x ? 0 : ENOMEM;
	if (!err)
		err = writer_open(&csv, csv_path);
	if (!err && truth_path) {
		path = truth_path;
		err = writer_open(&truth, truth_path);
	}
	if (!err) {
		gsl_rng_set(r, seed32(p.seed));
		gsl_rng_set(x, seed32(p.seed ^ UINT64_C(0x8cb92ba72f3d8dd7)));
		err = generate(&p, r, gaps, x, &csv, truth_path ? &truth : NULL);
	}
	if (!err) {
		path = csv_path;
		err = writer_close(&csv);
	}
	if (!err && truth_path) {
		path = truth_path;
		err = writer_close(&truth);
	}
	gsl_rng_free(r);
	gsl_rng_free(gaps);
	gsl_rng_free(x);
	if (!err)
		return FI_OK;

	/* Leave no partial files behind. */
	writer_close(&csv);
	writer_close(&truth);
	if (csv.remove_on_failure)
		remove(csv_path);
	if (truth.remove_on_failure)
		remove(truth_path);
	if (err == ENOMEM)
		return fi__error_oom();
	return fi__error(FI_EIO, FI_ERRCAT_OS, "cannot write %s: %s", path, strerror(err));
}
