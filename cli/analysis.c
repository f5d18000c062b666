/* Filter options and human formatting for the analysis commands. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "analysis.h"
#include "output.h"

int cli_filter_finish(cli_filter *cf, const char *command)
{
	cf->f.from = cf->from[0] ? cf->from : NULL;
	cf->f.to = cf->to[0] ? cf->to : NULL;
	if (cf->f.from && cf->f.to && strcmp(cf->from, cf->to) > 0)
		return cli_usage_error(command, "--from %s is after --to %s", cf->from, cf->to);
	return -1;
}

/* Day numbers of stored dates are years 0001–9999: fi_day_to_date() always has an answer. */
void cli_format_day(char iso[11], int32_t day)
{
	if (fi_day_to_date(day, iso) != FI_OK)
		snprintf(iso, 11, "?");
}

void cli_format_fixed(char *buf, size_t cap, double v, int decimals)
{
	if (isfinite(v) && fabs(v) >= 1e6)
		snprintf(buf, cap, "%.4g", v);
	else if (isnan(v))
		snprintf(buf, cap, "%s", "");
	else if (isinf(v))
		snprintf(buf, cap, "%s", v > 0 ? "inf" : "-inf");
	else
		snprintf(buf, cap, "%.*f", decimals, v);
}

void cli_format_metric(char *buf, size_t cap, int column, double v)
{
	/* garbage extremes (a pace of 42,554,500 min/mi) in scientific notation, not as m:ss */
	double huge = column == FI_COLUMN_AVG_PACE || column == FI_COLUMN_MAX_PACE ? 1e4 :
		      column == FI_COLUMN_DURATION ? 1e7 : 1e9;
	if (!isfinite(v) || fabs(v) > huge) {
		if (isfinite(v))
			snprintf(buf, cap, "%.4g", v);
		else
			cli_format_fixed(buf, cap, v, 0);
		return;
	}
	switch (column) {
	case FI_COLUMN_AVG_PACE:
	case FI_COLUMN_MAX_PACE: {
		double secs = round(fabs(v) * 60.0);
		snprintf(buf, cap, "%s%.0f:%02d", v < 0 ? "-" : "", floor(secs / 60.0), (int)fmod(secs, 60.0));
		break;
	}
	case FI_COLUMN_DURATION:
		if (v < 0) {
			char tmp[40];
			out_format_duration(tmp, sizeof tmp, -v, false);
			snprintf(buf, cap, "-%s", tmp);
		} else {
			out_format_duration(buf, cap, v, false);
		}
		break;
	case FI_COLUMN_DISTANCE:
		cli_format_fixed(buf, cap, v, 2);
		break;
	default:
		cli_format_fixed(buf, cap, v, fabs(v - round(v)) < 1e-9 ? 0 : 1);
		break;
	}
}
