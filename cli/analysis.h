/* Shared by the analysis commands (anomalies, trends, forecast, records): the workout filter
 * options, and dates and metric values written for people. */
#ifndef FITINTEL_CLI_ANALYSIS_H
#define FITINTEL_CLI_ANALYSIS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common.h"

/* --from, --to, --type and --label, checked and kept for the library's filter. */
typedef struct cli_filter {
	fi_workout_filter f;
	char from[11], to[11];
} cli_filter;

void cli_filter_init(cli_filter *cf);

/* The getopt letters every analysis command gives its filter options (in its option table). */
#define CLI_OPT_FROM 'f'
#define CLI_OPT_TO 't'
#define CLI_OPT_TYPE 'T'
#define CLI_OPT_LABEL 'L'

/* Apply the filter option with getopt letter @option (CLI_OPT_FROM, _TO, _TYPE or _LABEL) and
 * @value. Returns -1 when accepted, else reports the usage error for @command and returns its
 * exit code. */
int cli_filter_set(cli_filter *cf, const char *command, int option, const char *value);

/* -1 when the filter is consistent (--from not after --to), else a usage error's exit code. */
int cli_filter_check(const cli_filter *cf, const char *command);

/* "YYYY-MM-DD" of a day number (days since 1970-01-01). */
void cli_format_day(char iso[11], int32_t day);

/* A metric value for people: paces as m:ss, durations as h:mm:ss, distances with 2 decimals,
 * other numbers with up to 1 decimal; absurd magnitudes in scientific notation; "" for NaN,
 * "inf"/"-inf" for infinities. */
void cli_format_metric(char *buf, size_t cap, int column, double v);

/* A number with @decimals decimals (4 significant digits from 1e6 on); "" for NaN, "inf"/"-inf"
 * for infinities. */
void cli_format_fixed(char *buf, size_t cap, double v, int decimals);

/* The help lines of the filter options. */
#define CLI_HELP_FILTER                                                                         \
	"  --from D         first date (inclusive; any form an export uses)\n"                     \
	"  --to D           last date (inclusive)\n"                                               \
	"  --type T         only this raw Activity Type (exact text, any case)\n"                  \
	"  --label L        only workouts labelled L (real_run or run, pup_walk or walk,\n"      \
	"                   mixed, outlier)\n"

#endif
