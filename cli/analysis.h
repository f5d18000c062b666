/* Shared by the analysis commands (anomalies, trends, forecast, records): the workout filter
 * options, and dates and metric values written for people. */
#ifndef FITINTEL_CLI_ANALYSIS_H
#define FITINTEL_CLI_ANALYSIS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common.h"
#include "opt.h"

/* --from, --to, --type and --label, checked and kept for the library's filter. */
typedef struct cli_filter {
	fi_workout_filter f;
	char from[11], to[11];   /* "" when not given */
} cli_filter;

#define CLI_FILTER_INIT { FI_WORKOUT_FILTER_INIT, "", "" }

/* The spec entries of the filter options, into the cli_filter @cf. */
#define CLI_SPEC_FROM(cf, text) { CLI_OPT_DATE, "from", .value = (cf)->from, .value_name = "D", .help = (text) }
#define CLI_SPEC_TO(cf, text) { CLI_OPT_DATE, "to", .value = (cf)->to, .value_name = "D", .help = (text) }
#define CLI_SPEC_TYPE(cf, text) \
	{ CLI_OPT_STRING, "type", .value = &(cf)->f.activity_type, .value_name = "T", .help = (text) }
#define CLI_SPEC_LABEL(cf, text) { CLI_OPT_LABEL, "label", .value = &(cf)->f.label, .value_name = "L", .help = (text) }

#define CLI_HELP_FROM "first date (inclusive; any form an export uses)"
#define CLI_HELP_TO "last date (inclusive)"
#define CLI_HELP_TYPE "only this raw Activity Type (exact text, any case)"
#define CLI_HELP_LABEL "only workouts labelled L (real_run or run, pup_walk or walk,\nmixed, outlier)"

/* All four, with the usual help. */
#define CLI_SPEC_FILTER(cf)                                                                     \
	CLI_SPEC_FROM(cf, CLI_HELP_FROM), CLI_SPEC_TO(cf, CLI_HELP_TO), CLI_SPEC_TYPE(cf, CLI_HELP_TYPE), \
	CLI_SPEC_LABEL(cf, CLI_HELP_LABEL)

/* Point the filter at the dates given. -1 when it is consistent (--from not after --to), else
 * the exit code of the usage error reported for @command. */
int cli_filter_finish(cli_filter *cf, const char *command);

/* "YYYY-MM-DD" of a day number (days since 1970-01-01). */
void cli_format_day(char iso[11], int32_t day);

/* A metric value for people: paces as m:ss, durations as h:mm:ss, distances with 2 decimals,
 * other numbers with up to 1 decimal; absurd magnitudes in scientific notation; "" for NaN,
 * "inf"/"-inf" for infinities. */
void cli_format_metric(char *buf, size_t cap, int column, double v);

/* A number with @decimals decimals (4 significant digits from 1e6 on); "" for NaN, "inf"/"-inf"
 * for infinities. */
void cli_format_fixed(char *buf, size_t cap, double v, int decimals);

#endif
