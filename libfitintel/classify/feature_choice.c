/* Which features join pace in a model, chosen from the training rows (SPEC §2.1), and why.
 *
 * Steps in real exports are estimated for walks and counted differently by each device: a real
 * 14-year export has walks at 139–153 steps/min and runs at 266 (2015), 204 (2016), 164 after.
 * Such a column must not split a label by device era. So a candidate joins only when it separates
 * the workouts pace separates — runs (faster than the run bound) from walks (slower than the walk
 * bound), by a pooled-SD gap — and when neither group's yearly median moves by more than a share
 * of that gap. The numbers behind the decision stay in the model, in words and as JSON. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernels/kernel.h"
#include "model_internal.h"

#define MIN_GROUP 5         /* runs and walks needed to measure a gap */
#define MIN_YEAR_ROWS 8     /* rows of a group in a year for its yearly median to count */

static const char *const feature_names[] = { NULL, "pace", "log_distance", "log_duration", "cadence" };

const char *fi_feature_name(int feature)
{
	return feature >= 1 && feature <= FI__MAX_FEATURES ? feature_names[feature] : NULL;
}

typedef struct year_value {
	int year;
	double v;
} year_value;

/* The lowest and highest yearly median of a group, with their years. */
typedef struct drift {
	bool measured;
	int lo_year, hi_year;
	double lo, hi;
} drift;

#define FIRST_YEAR 1900   /* the years the importer accepts: 1900–2199 */
#define YEARS 300

/* The values of @v grouped by year into @scratch (a counting sort: no comparison sort of the
 * sample), then each year's median by selection, in year order. */
static drift yearly_drift(const year_value *v, size_t n, double *scratch)
{
	drift d = { false, 0, 0, (double)INFINITY, -(double)INFINITY };
	size_t count[YEARS] = { 0 }, at[YEARS];
	for (size_t i = 0; i < n; i++)
		if (v[i].year >= FIRST_YEAR && v[i].year < FIRST_YEAR + YEARS)
			count[v[i].year - FIRST_YEAR]++;
	for (size_t y = 0, sum = 0; y < YEARS; sum += count[y], y++)
		at[y] = sum;
	for (size_t i = 0; i < n; i++)
		if (v[i].year >= FIRST_YEAR && v[i].year < FIRST_YEAR + YEARS)
			scratch[at[v[i].year - FIRST_YEAR]++] = v[i].v;
	size_t years = 0;
	for (size_t y = 0, start = 0; y < YEARS; start += count[y], y++) {
		if (count[y] < MIN_YEAR_ROWS)
			continue;
		double m = fi__quantile_inplace(scratch + start, count[y], 0.5);
		int year = FIRST_YEAR + (int)y;
		years++;
		if (m < d.lo) {
			d.lo = m;
			d.lo_year = year;
		}
		if (m > d.hi) {
			d.hi = m;
			d.hi_year = year;
		}
	}
	d.measured = years >= 2;
	return d;
}

static double to_original(int feature, double v)
{
	return feature == FI_FEATURE_CADENCE ? v : exp(v);
}

static const char *quantity(int feature)
{
	switch (feature) {
	case FI_FEATURE_LOG_DISTANCE: return "distance";
	case FI_FEATURE_LOG_DURATION: return "duration";
	}
	return "steps per minute";
}

/* "4.5 mi", "38 min", "164" */
static void put_value(fi__buf *b, int feature, double v)
{
	if (feature == FI_FEATURE_LOG_DISTANCE)
		fi__buf_printf(b, "%.1f mi", v);
	else if (feature == FI_FEATURE_LOG_DURATION)
		fi__buf_printf(b, "%.0f min", v);
	else
		fi__buf_printf(b, "%.0f", v);
}

static void write_reason(const fi_train_params *p, fi__feature_choice *c, bool separated, bool steady)
{
	fi__buf b = FI__BUF_INIT;
	int f = c->feature;
	fi__buf_printf(&b, "%s %s: %s of walks ", fi_feature_name(f), c->used ? "in" : "out", quantity(f));
	put_value(&b, f, c->walk_median);
	fi__buf_puts(&b, " vs runs ");
	put_value(&b, f, c->run_median);
	fi__buf_printf(&b, " (%.1f pooled SDs apart; %s %.1f)", c->separation,
		      separated ? "at least" : "needs", p->min_separation);
	if (c->drift_label) {
		const char *who = c->drift_label == FI_LABEL_REAL_RUN ? "runs'" : "walks'";
		const char *what = f == FI_FEATURE_CADENCE ? "steps" : quantity(f);
		bool rising = c->drift_to > c->drift_from;
		fi__buf_printf(&b, "; %s %s %s ", who, what, steady ? "move" : rising ? "rise" : "jump");
		put_value(&b, f, c->drift_from);
		fi__buf_puts(&b, " → ");
		put_value(&b, f, c->drift_to);
		fi__buf_printf(&b, " between %d and %d (%.2f of the run–walk gap; %s %.2f)", c->drift_from_year,
			      c->drift_to_year, c->drift_share, steady ? "at most" : "allowed", p->max_drift);
	}
	snprintf(c->reason, sizeof c->reason, "%s", b.data && !b.failed ? b.data : fi_feature_name(f));
	fi__buf_free(&b);
}

static void choose_one(const fi_train_params *p, size_t n, const double *pace, const int32_t *days,
		       const double *values, fi__feature_choice *c, year_value *run, year_value *walk)
{
	size_t nr = 0, nw = 0;
	for (size_t i = 0; i < n; i++) {
		if (isnan(values[i]))
			continue;
		if (pace[i] < p->run_bound)
			run[nr++] = (year_value){ fi__year_of_days(days[i]), values[i] };
		else if (pace[i] > p->walk_bound)
			walk[nw++] = (year_value){ fi__year_of_days(days[i]), values[i] };
	}
	c->runs = nr;
	c->walks = nw;
	if (nr < MIN_GROUP || nw < MIN_GROUP) {
		snprintf(c->reason, sizeof c->reason,
			 "%s out: %zu runs (faster than %g min/mi) and %zu walks (slower than %g) with it; "
			 "%d of each are needed to tell whether it separates them",
			 fi_feature_name(c->feature), nr, p->run_bound, nw, p->walk_bound, MIN_GROUP);
		return;
	}
	double mr = 0, mw = 0, sr = 0, sw = 0;
	for (size_t i = 0; i < nr; i++)
		mr += run[i].v;
	for (size_t i = 0; i < nw; i++)
		mw += walk[i].v;
	mr /= (double)nr;
	mw /= (double)nw;
	for (size_t i = 0; i < nr; i++)
		sr += (run[i].v - mr) * (run[i].v - mr);
	for (size_t i = 0; i < nw; i++)
		sw += (walk[i].v - mw) * (walk[i].v - mw);
	double pooled = sqrt((sr + sw) / (double)(nr + nw - 2));
	c->separation = pooled > 0 ? fabs(mr - mw) / pooled : (mr == mw ? 0 : (double)INFINITY);

	/* the medians of the whole groups (for the sentence) and of each year */
	double *all = malloc((nr > nw ? nr : nw) * sizeof *all);
	double gap_t = fabs(mr - mw);
	drift dr = { false, 0, 0, 0, 0 }, dw = dr;
	if (all) {
		dr = yearly_drift(run, nr, all);
		dw = yearly_drift(walk, nw, all);
		for (size_t i = 0; i < nr; i++)
			all[i] = run[i].v;
		double med_r = fi__quantile_inplace(all, nr, 0.5);
		for (size_t i = 0; i < nw; i++)
			all[i] = walk[i].v;
		double med_w = fi__quantile_inplace(all, nw, 0.5);
		c->run_median = to_original(c->feature, med_r);
		c->walk_median = to_original(c->feature, med_w);
		free(all);
	}
	double share_r = dr.measured && gap_t > 0 ? (dr.hi - dr.lo) / gap_t : 0;
	double share_w = dw.measured && gap_t > 0 ? (dw.hi - dw.lo) / gap_t : 0;
	const drift *worst = share_r >= share_w ? &dr : &dw;
	if (worst->measured) {
		bool lo_first = worst->lo_year < worst->hi_year;
		c->drift_label = worst == &dr ? FI_LABEL_REAL_RUN : FI_LABEL_PUP_WALK;
		c->drift_share = worst == &dr ? share_r : share_w;
		c->drift_from_year = lo_first ? worst->lo_year : worst->hi_year;
		c->drift_to_year = lo_first ? worst->hi_year : worst->lo_year;
		c->drift_from = to_original(c->feature, lo_first ? worst->lo : worst->hi);
		c->drift_to = to_original(c->feature, lo_first ? worst->hi : worst->lo);
	}
	bool separated = c->separation >= p->min_separation;
	bool steady = !c->drift_label || c->drift_share <= p->max_drift;
	c->used = separated && steady;
	write_reason(p, c, separated, steady);
}

void fi__choose_features(const fi_train_params *p, size_t n, const double *pace, const int32_t *days,
			 const double *const values[FI__FEATURE_CANDIDATES], const int features[FI__FEATURE_CANDIDATES],
			 const bool wanted[FI__FEATURE_CANDIDATES], fi__feature_choice out[FI__FEATURE_CANDIDATES])
{
	year_value *run = malloc((n ? n : 1) * sizeof *run), *walk = malloc((n ? n : 1) * sizeof *walk);
	for (size_t f = 0; f < FI__FEATURE_CANDIDATES; f++) {
		fi__feature_choice *c = &out[f];
		memset(c, 0, sizeof *c);
		c->feature = features[f];
		c->separation = c->run_median = c->walk_median = (double)NAN;
		if (!wanted[f]) {
			snprintf(c->reason, sizeof c->reason, "%s out: left out by the parameters",
				 fi_feature_name(c->feature));
			continue;
		}
		if (!run || !walk) {
			snprintf(c->reason, sizeof c->reason, "%s out: no memory to measure it",
				 fi_feature_name(c->feature));
			continue;
		}
		choose_one(p, n, pace, days, values[f], c, run, walk);
	}
	free(run);
	free(walk);
}

void fi__feature_choices_json(fi__buf *b, const fi__feature_choice *c, size_t n)
{
	fi__buf_putc(b, '[');
	for (size_t i = 0; i < n; i++) {
		fi__buf_printf(b, "%s{\"feature\":\"%s\",\"used\":%s,\"runs\":%zu,\"walks\":%zu", i ? "," : "",
			      fi_feature_name(c[i].feature), c[i].used ? "true" : "false", c[i].runs, c[i].walks);
		fi__buf_json_next_double(b, "run_median", c[i].run_median);
		fi__buf_json_next_double(b, "walk_median", c[i].walk_median);
		fi__buf_json_next_double(b, "separation", c[i].separation);
		if (c[i].drift_label) {
			fi__buf_printf(b, ",\"drift\":{\"label\":\"%s\",\"from_year\":%d,\"to_year\":%d",
				      fi_label_name(c[i].drift_label), c[i].drift_from_year, c[i].drift_to_year);
			fi__buf_json_next_double(b, "from", c[i].drift_from);
			fi__buf_json_next_double(b, "to", c[i].drift_to);
			fi__buf_json_next_double(b, "share_of_gap", c[i].drift_share);
			fi__buf_putc(b, '}');
		} else {
			fi__buf_puts(b, ",\"drift\":null");
		}
		fi__buf_puts(b, ",\"reason\":");
		fi__buf_json_string(b, c[i].reason, strlen(c[i].reason));
		fi__buf_putc(b, '}');
	}
	fi__buf_putc(b, ']');
}
