/* `fitintel consistency`: the consistency score of a window, its trajectory and the weekday and
 * rest-day figures of the whole history. */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "commands.h"
#include "common.h"
#include "output.h"

#define CMD "consistency"

/* Days since 1970-01-01 → "YYYY-MM-DD" (UTC calendar arithmetic of the C library). */
static void day_iso(char out[11], int32_t day)
{
	time_t t = (time_t)day * 86400;
	struct tm tm;
	if (!gmtime_r(&t, &tm) || strftime(out, 11, "%Y-%m-%d", &tm) == 0)
		snprintf(out, 11, "?");
}

/* "0.41" (@decimals places; −1: 3 significant digits), or "–" when not defined. */
static const char *num(char *buf, size_t cap, int decimals, double v)
{
	if (isfinite(v) && decimals < 0)
		snprintf(buf, cap, "%.3g", v);
	else if (isfinite(v))
		snprintf(buf, cap, "%.*f", decimals, v);
	else
		snprintf(buf, cap, "–");
	return buf;
}

static void print_score(const fi_consistency_analysis *a, int window)
{
	const fi_consistency *s = fi_consistency_analysis_score(a);
	char x[32], y[32], z[32];
	printf("Consistency %.1f/100 over the %d days to %s\n", s->score, window, fi_consistency_analysis_ref_date(a));
	if (s->empty) {
		puts("  no workouts in the window");
		return;
	}
	printf("  %-12s %6.1f   %zu workouts, %.2f per week; %.1f%% of the days active\n", "frequency",
	       s->frequency, s->workouts, s->per_week, s->active_day_pct);
	printf("  %-12s %6.1f   weekday CV %s, interval CV %s\n", "timing", s->timing,
	       num(x, sizeof x, 2, s->weekday_cv), num(y, sizeof y, 2, s->interval_cv));
	printf("  %-12s %6.1f   CV calories %s, distance %s, duration %s\n", "performance", s->performance,
	       num(x, sizeof x, 2, s->cv_calories), num(y, sizeof y, 2, s->cv_distance),
	       num(z, sizeof z, 2, s->cv_duration));
	printf("  %-12s %6.1f   current %d days, longest %d; weeks: current %d, longest %d\n", "streak",
	       s->streak, s->current_streak, s->longest_streak, s->current_week_streak, s->longest_week_streak);
}

static void print_trajectory(const fi_consistency_analysis *a, int step)
{
	const int32_t *days = NULL;
	const double *scores = NULL;
	size_t n = fi_consistency_analysis_trajectory(a, &days, &scores);
	const fi_consistency_trend *t = fi_consistency_analysis_trend(a);
	char first[11], last[11], p[32], mk[32];
	if (n == 0)
		return;
	day_iso(first, days[0]);
	day_iso(last, days[n - 1]);
	printf("\nTrajectory: %zu points every %d days, %s to %s\n", n, step, first, last);
	if (t->status == 1) {
		puts("  trend: too few points (fewer than 3)");
		return;
	}
	printf("  trend: %s, %+.3g points per month (OLS p = %s; Mann-Kendall p = %s)\n",
	       t->direction > 0 ? "improving" : t->direction < 0 ? "declining" : "stable", t->slope_per_month,
	       num(p, sizeof p, -1, t->p_value), t->mk_computed ? num(mk, sizeof mk, -1, t->mk_p_value) : "not run");
}

static void print_history(const fi_consistency_analysis *a)
{
	const fi_consistency_history *h = fi_consistency_analysis_history(a);
	char count[32], from[11], to[11], rest[32];
	if (h->workouts == 0)
		return;
	out_format_count(count, sizeof count, (int64_t)h->workouts);
	day_iso(from, h->first_day);
	day_iso(to, h->last_day);
	char active[32];
	out_format_count(active, sizeof active, (int64_t)h->active_days);
	printf("\nHistory: %s workouts on %s active days, %s to %s\n", count, active, from, to);
	printf("  ");
	for (int d = 0; d < 7; d++) {
		out_format_count(count, sizeof count, (int64_t)h->weekday_counts[d]);
		printf("%s%.3s %s (%.1f%%)", d ? "  " : "", fi_consistency_weekday_name(d), count, h->weekday_percent[d]);
	}
	printf("\n  preferred days:");
	for (size_t i = 0; i < h->preferred_n; i++)
		printf("%s %s", i ? "," : "", fi_consistency_weekday_name(h->preferred[i]));
	fputc('\n', stdout);
	if (h->longest_rest_days > 0) {
		day_iso(from, h->longest_rest_from);
		day_iso(to, h->longest_rest_to);
		printf("  longest rest: %d days (%s to %s)", (int)h->longest_rest_days, from, to);
	} else {
		printf("  longest rest: none");
	}
	printf("; mean rest between active days: %s days\n", num(rest, sizeof rest, 2, h->mean_rest_days));
	size_t months = 0;
	fi_consistency_analysis_months(a, &months);
	printf("  monthly counts: %zu months (--json)\n", months);
}

static int run(cli_ctx *ctx, int argc, char **argv)
{
	static const struct option options[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "json", no_argument, NULL, 'j' },
		{ "days", required_argument, NULL, 'D' },
		{ "at", required_argument, NULL, 'a' },
		{ "step", required_argument, NULL, 's' },
		{ "from", required_argument, NULL, 'f' },
		{ "to", required_argument, NULL, 't' },
		{ "type", required_argument, NULL, 'T' },
		{ "label", required_argument, NULL, 'L' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	fi_workout_filter filter = FI_WORKOUT_FILTER_INIT;
	char from[11], to[11], at[11];
	const char *label = NULL;
	int64_t days = 0, step = 0;
	bool json = false, has_at = false;
	int c;

	cli_getopt_reset();
	while ((c = getopt_long(argc, argv, ":h", options, NULL)) != -1) {
		switch (c) {
		case 'd':
			ctx->db_path = optarg;
			break;
		case 'j':
			json = true;
			break;
		case 'D':
			if (!cli_parse_i64(optarg, 1, 36600, &days))
				return cli_usage_error(CMD, "--days needs a whole number from 1 to 36600, not '%s'", optarg);
			break;
		case 's':
			if (!cli_parse_i64(optarg, 1, 36600, &step))
				return cli_usage_error(CMD, "--step needs a whole number from 1 to 36600, not '%s'", optarg);
			break;
		case 'a':
			if (!cli_parse_date(optarg, at))
				return cli_usage_error(CMD, "--at: '%s' is not a date", optarg);
			has_at = true;
			break;
		case 'f':
			if (!cli_parse_date(optarg, from))
				return cli_usage_error(CMD, "--from: '%s' is not a date", optarg);
			filter.from = from;
			break;
		case 't':
			if (!cli_parse_date(optarg, to))
				return cli_usage_error(CMD, "--to: '%s' is not a date", optarg);
			filter.to = to;
			break;
		case 'T':
			filter.activity_type = optarg;
			break;
		case 'L':
			label = optarg;
			break;
		case 'h':
			cli_command_help(&cli_cmd_consistency);
			return CLI_EXIT_OK;
		default:
			return cli_getopt_failure(CMD, c, argv);
		}
	}
	if (optind < argc)
		return cli_usage_error(CMD, "unexpected argument '%s'", argv[optind]);
	if (filter.from && filter.to && strcmp(from, to) > 0)
		return cli_usage_error(CMD, "--from %s is after --to %s", from, to);
	if (label && fi_label_parse(label, &filter.label) != FI_OK)
		return cli_usage_error(CMD, "--label: %s", fi_error_last()->message);

	fi_store *store = NULL;
	if (cli_open_store(ctx, true, &store) != FI_OK)
		return CLI_EXIT_ERROR;
	fi_consistency_analysis_params p;
	fi_consistency_analysis *a = NULL;
	int rc = fi_consistency_analysis_params_from_store(store, &p);
	if (rc == FI_OK) {
		if (days)
			p.window_days = (int)days;
		if (step)
			p.trajectory_step = (int)step;
		if (has_at)
			p.ref_date = at;
		rc = fi_consistency_analyze(store, &filter, &p, &a);
	}
	fi_store_close(store);
	if (rc != FI_OK) {
		cli_lib_error(rc, "score the consistency");
		return CLI_EXIT_ERROR;
	}
	int code = CLI_EXIT_OK;
	if (json) {
		char *text = NULL;
		rc = fi_consistency_analysis_to_json(a, &text);
		if (rc != FI_OK) {
			cli_lib_error(rc, "write the analysis as JSON");
			code = CLI_EXIT_ERROR;
		} else {
			puts(text);
		}
		fi_free(text);
	} else if (fi_consistency_analysis_ref_date(a)[0] == '\0') {
		puts("No workouts to score.");
	} else {
		print_score(a, p.window_days);
		print_trajectory(a, p.trajectory_step);
		print_history(a);
		printf("\n%s\n", fi_consistency_analysis_summary(a));
	}
	fi_consistency_analysis_free(a);
	return code;
}

const cli_command cli_cmd_consistency = {
	CMD, run,
	"score how consistently you work out, and its trajectory",
	"fitintel consistency [--days N] [--at DATE] [--step N] [--from D] [--to D]\n"
	"                            [--type T] [--label L] [--json] [--db PATH]",
	"\n"
	"The consistency score (0-100) of the N days ending on a reference date:\n"
	"0.4 x frequency + 0.2 x timing + 0.2 x performance + 0.2 x streak. A streak\n"
	"stays alive until its day is over: with no workout yet on the reference date,\n"
	"it counts up to the day before. Then the same score every --step days through\n"
	"the whole history (the trajectory) with its trend, the weekday distribution,\n"
	"preferred days, the longest rest and the mean rest between active days.\n"
	"\n"
	"Options:\n"
	"  --days N         window length in days (default: consistency.window_days, 30)\n"
	"  --at DATE        last day of the window (default: the latest workout)\n"
	"  --step N         days between trajectory points (default:\n"
	"                   consistency.trajectory_step, 15)\n"
	"  --from D, --to D only workouts in these dates (inclusive)\n"
	"  --type T         only this raw Activity Type (any case)\n"
	"  --label L        only workouts with this stored label (run, walk, mixed,\n"
	"                   outlier, other, unknown)\n"
	"  --json           print the library's JSON (adds the trajectory points and\n"
	"                   the monthly counts)\n"
	CLI_HELP_DB
	"\n"
	CLI_HELP_EXIT_CODES
	"\n"
	"Examples:\n"
	"  fitintel consistency\n"
	"  fitintel consistency --days 90 --at 2025-06-30\n"
	"  fitintel consistency --label run --json\n"
};
