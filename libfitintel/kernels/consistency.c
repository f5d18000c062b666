/* The consistency score (SPEC §4). One deliberate deviation: an empty window scores 0 throughout
 * (the literal formulas would give 40 for frequency and 50 for timing and performance, i.e. a
 * score of 36 for doing nothing). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kernel.h"

#define WEIGHT_FREQUENCY 0.4
#define WEIGHT_OTHER 0.2
#define MIN_WORKOUTS_FOR_TIMING 5
#define MIN_VALUES_FOR_CV 3

FI__DEFINE_PARAMS_INIT(fi_consistency_params_init, fi_consistency_params,
		       FI_CONSISTENCY_PARAMS_VERSION, FI_CONSISTENCY_PARAMS_INIT)

static double clamp100(double v)
{
	return v < 0 ? 0 : v > 100 ? 100 : v;
}

/* Coefficient of variation with the population sd; NaN when the mean is 0. */
static double cv(const double *v, size_t n)
{
	double mean = 0, m2 = 0;
	for (size_t i = 0; i < n; i++)
		mean += v[i];
	mean /= (double)n;
	for (size_t i = 0; i < n; i++)
		m2 += (v[i] - mean) * (v[i] - mean);
	return mean != 0 ? sqrt(m2 / (double)n) / fabs(mean) : (double)NAN;
}

static int32_t week_of(int32_t day)
{
	return (int32_t)floor(((double)day - fi__weekday(day)) / 7.0);
}

/* CV of the finite values of @metric over rows [lo, hi); NaN with fewer than 3. */
static double metric_cv(const double *metric, size_t lo, size_t hi, double *scratch)
{
	if (!metric)
		return (double)NAN;
	size_t m = 0;
	for (size_t i = lo; i < hi; i++)
		if (isfinite(metric[i]))
			scratch[m++] = metric[i];
	return m >= MIN_VALUES_FOR_CV ? cv(scratch, m) : (double)NAN;
}

/* Streaks over the sorted distinct values @v[0..m): runs of consecutive integers. */
static void runs(const int32_t *v, size_t m, int32_t end, int *current, int *longest)
{
	*current = *longest = 0;
	int run = 0;
	for (size_t i = 0; i < m; i++) {
		run = (i > 0 && v[i] == v[i - 1] + 1) ? run + 1 : 1;
		if (run > *longest)
			*longest = run;
	}
	/* the current run must reach @end, or the unit before it (still in progress) */
	if (m && (v[m - 1] == end || v[m - 1] == end - 1)) {
		*current = 1;
		for (size_t i = m - 1; i > 0 && v[i - 1] == v[i] - 1; i--)
			(*current)++;
	}
}

int fi_consistency_score(const int32_t *days, const double *calories, const double *distance,
			 const double *duration, size_t n, int32_t ref_day,
			 const fi_consistency_params *params, fi_consistency *out)
{
	fi_consistency_params defaults = FI_CONSISTENCY_PARAMS_INIT;
	if (!params)
		params = &defaults;
	if (!out || (!days && n) || params->version != FI_CONSISTENCY_PARAMS_VERSION ||
	    params->window_days < 1 || !(params->target_per_week >= 0))
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG,
				 "consistency needs days, an output, window_days >= 1, target >= 0");
	for (size_t i = 1; i < n; i++)
		if (days[i] < days[i - 1])
			return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "days must be ascending (days[%zu])", i);

	memset(out, 0, sizeof *out);
	out->weekday_cv = out->interval_cv = (double)NAN;
	out->cv_calories = out->cv_distance = out->cv_duration = (double)NAN;
	int32_t first = ref_day - params->window_days + 1;
	size_t lo = 0, hi = 0;
	while (lo < n && days[lo] < first)
		lo++;
	hi = lo;
	while (hi < n && days[hi] <= ref_day)
		hi++;
	size_t count = hi - lo;
	out->workouts = count;
	if (count == 0) {
		out->empty = 1;
		return FI_OK;
	}

	int32_t *active = malloc(count * sizeof *active);
	double *scratch = malloc(count * sizeof *scratch);
	if (!active || !scratch) {
		free(active);
		free(scratch);
		return fi__error_oom();
	}
	size_t m = 0;
	for (size_t i = lo; i < hi; i++) {
		out->weekday_counts[fi__weekday(days[i])]++;
		if (m == 0 || active[m - 1] != days[i])
			active[m++] = days[i];
	}
	double window = params->window_days;
	out->active_days = (int)m;
	out->per_week = (double)count / (window / 7.0);
	out->active_day_pct = 100.0 * (double)m / window;
	double base = 100 - 15 * fabs(out->per_week - params->target_per_week);
	out->frequency = fmin(100, (base > 0 ? base : 0) + 0.5 * out->active_day_pct);

	if (count < MIN_WORKOUTS_FOR_TIMING) {
		out->timing = 50;
	} else {
		double wd[7];
		for (int d = 0; d < 7; d++)
			wd[d] = out->weekday_counts[d];
		out->weekday_cv = cv(wd, 7);
		double weekday_regularity = 100 - 100 * out->weekday_cv;
		double interval_regularity = 100; /* one active day: no gaps to vary */
		if (m >= 3) {
			for (size_t i = 1; i < m; i++)
				scratch[i - 1] = active[i] - active[i - 1];
			out->interval_cv = cv(scratch, m - 1);
			interval_regularity = fmax(0, 100 - 50 * out->interval_cv);
		}
		out->timing = clamp100(0.4 * weekday_regularity + 0.6 * interval_regularity);
	}

	out->cv_calories = metric_cv(calories, lo, hi, scratch);
	out->cv_distance = metric_cv(distance, lo, hi, scratch);
	out->cv_duration = metric_cv(duration, lo, hi, scratch);
	double perf_sum = 0;
	int perf_n = 0;
	const double cvs[3] = { out->cv_calories, out->cv_distance, out->cv_duration };
	for (int i = 0; i < 3; i++) {
		if (isfinite(cvs[i])) {
			perf_sum += clamp100(100 - 100 * cvs[i]);
			perf_n++;
		}
	}
	out->performance = perf_n ? perf_sum / perf_n : 50;

	runs(active, m, ref_day, &out->current_streak, &out->longest_streak);
	out->streak = fmin(50, 5.0 * out->current_streak) + fmin(50, 2.0 * out->longest_streak);
	size_t weeks = 0;
	for (size_t i = 0; i < m; i++) {
		int32_t w = week_of(active[i]);
		if (weeks == 0 || active[weeks - 1] != w)
			active[weeks++] = w;   /* reuse: weeks are ascending and never outnumber days */
	}
	runs(active, weeks, week_of(ref_day), &out->current_week_streak, &out->longest_week_streak);

	out->score = WEIGHT_FREQUENCY * out->frequency +
		     WEIGHT_OTHER * (out->timing + out->performance + out->streak);
	free(active);
	free(scratch);
	return FI_OK;
}
