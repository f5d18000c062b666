/* Every date form an export uses, impossible dates, and a sweep of three centuries checked against
 * the C library's own calendar (gmtime). */
#include <time.h>

#include "tap.h"
#include <fitintel.h>

static void parses_to(const char *text, const char *want)
{
	char iso[11] = "";
	int rc = fi_date_parse(text, strlen(text), iso);
	if (!ok(rc == FI_OK && strcmp(iso, want) == 0, "'%s' -> %s", text, want))
		printf("#   rc %d, got '%s'\n", rc, iso);
}

static void refuses(const char *text, int want_rc, const char *why)
{
	char iso[11] = "";
	int rc = fi_date_parse(text, strlen(text), iso);
	if (!ok(rc == want_rc, "'%s' refused (%s)", text, why))
		printf("#   rc %d (want %d), got '%s'\n", rc, want_rc, iso);
}

static void sweep_against_gmtime(void)
{
	static const char *const ap[] = { "Jan.", "Feb.", "March", "April", "May", "June", "July",
		"Aug.", "Sept.", "Oct.", "Nov.", "Dec." };
	static const char *const abbr[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug",
		"Sep", "Oct", "Nov", "Dec" };
	long mismatches = 0, days = 0;
	char first_bad[128] = "";
	/* 1900-01-01 .. 2199-12-31 */
	for (time_t t = -2208988800LL; t <= 7258118399LL; t += 86400, days++) {
		struct tm tm;
		gmtime_r(&t, &tm);
		char want[16], ap_text[32], dmy[32], iso[11];
		strftime(want, sizeof want, "%Y-%m-%d", &tm);
		snprintf(ap_text, sizeof ap_text, "%s %d, %d", ap[tm.tm_mon], tm.tm_mday, tm.tm_year + 1900);
		snprintf(dmy, sizeof dmy, "%02d-%s-%d", tm.tm_mday, abbr[tm.tm_mon], tm.tm_year + 1900);
		const char *forms[] = { ap_text, dmy, want };
		for (int f = 0; f < 3; f++) {
			if (fi_date_parse(forms[f], strlen(forms[f]), iso) != FI_OK || strcmp(iso, want)) {
				if (!mismatches++)
					snprintf(first_bad, sizeof first_bad, "%s", forms[f]);
			}
		}
	}
	if (!ok(mismatches == 0 && days == 109573, "every day 1900-2199 in 3 forms agrees with gmtime"))
		printf("#   %ld mismatches over %ld days, first '%s'\n", mismatches, days, first_bad);
}

/* fi_day_to_date() and fi_date_to_day(): anchors from Python's datetime (date - date(1970, 1, 1)),
 * both ends of the range, the refusals, and a round trip over every day of years 0001–9999. */
static void day_numbers(void)
{
	static const struct { const char *iso; int32_t day; } anchor[] = {
		{ "0001-01-01", -719162 }, { "1969-12-31", -1 }, { "1970-01-01", 0 },
		{ "2000-02-29", 11016 }, { "2018-06-01", 17683 }, { "9999-12-31", 2932896 },
	};
	for (size_t i = 0; i < sizeof anchor / sizeof *anchor; i++) {
		char iso[11];
		int32_t day = 12345;
		ok(fi_day_to_date(anchor[i].day, iso) == FI_OK && strcmp(iso, anchor[i].iso) == 0,
		   "day %d is %s", (int)anchor[i].day, anchor[i].iso);
		ok(fi_date_to_day(anchor[i].iso, &day) == FI_OK && day == anchor[i].day, "%s is day %d",
		   anchor[i].iso, (int)anchor[i].day);
	}
	char iso[11] = "x";
	int32_t day = 7;
	is_int(fi_day_to_date(FI_DAY_MAX + 1, iso), FI_EINVALID, "the day after 9999-12-31 has no ISO date");
	ok(iso[0] == '\0', "  and the text is empty");
	is_int(fi_day_to_date(FI_DAY_MIN - 1, iso), FI_EINVALID, "the day before 0001-01-01 has none");
	is_int(fi_day_to_date(0, NULL), FI_EINVALID, "NULL text");
	is_int(fi_date_to_day("2023-02-29", &day), FI_EINVALID, "2023-02-29 is not a day");
	has_str(fi_error_last()->message, "2023-02-29", "  the message names the text");
	ok(day == 7, "  and the day is left as it was");
	is_int(fi_date_to_day("Oct. 7, 2025", &day), FI_EINVALID, "only ISO dates (fi_date_parse() reads the rest)");
	is_int(fi_date_to_day("0000-12-31", &day), FI_EINVALID, "year 0 is outside the range");
	is_int(fi_date_to_day(NULL, &day), FI_EINVALID, "NULL text");
	long bad = 0;
	for (int32_t d = FI_DAY_MIN; d <= FI_DAY_MAX; d++) {
		int32_t back = 0;
		if (fi_day_to_date(d, iso) != FI_OK || fi_date_to_day(iso, &back) != FI_OK || back != d)
			bad++;
	}
	ok(bad == 0, "every day of 0001–9999 survives the round trip (%ld did not)", bad);
}

int main(void)
{
	/* AP style, as the real export writes it */
	parses_to("Oct. 7, 2025", "2025-10-07");
	parses_to("Sept. 14, 2025", "2025-09-14");
	parses_to("Jan. 3, 2019", "2019-01-03");
	parses_to("Feb. 9, 2016", "2016-02-09");
	parses_to("Aug. 1, 2024", "2024-08-01");
	parses_to("Nov. 30, 2020", "2020-11-30");
	parses_to("Dec. 25, 2017", "2017-12-25");
	parses_to("March 3, 2025", "2025-03-03");
	parses_to("April 5, 2025", "2025-04-05");
	parses_to("May 2, 2019", "2019-05-02");
	parses_to("June 1, 2025", "2025-06-01");
	parses_to("July 4, 2025", "2025-07-04");
	/* the other accepted forms */
	parses_to("2025-10-07", "2025-10-07");
	parses_to("Sep. 14, 2025", "2025-09-14");
	parses_to("Sept 14, 2025", "2025-09-14");
	parses_to("Sep 14, 2025", "2025-09-14");
	parses_to("31-Jul-2024", "2024-07-31");
	parses_to("31-Jul-24", "2024-07-31");
	parses_to("1-Jan-70", "1970-01-01");
	parses_to("31-Dec-69", "2069-12-31");
	parses_to("  Oct. 7, 2025 ", "2025-10-07");
	parses_to("OCT. 7, 2025", "2025-10-07");
	parses_to("Feb. 29, 2024", "2024-02-29");
	parses_to("Feb. 29, 2000", "2000-02-29");
	static const char *const full[] = { "January", "February", "March", "April", "May", "June",
		"July", "August", "September", "October", "November", "December" };
	for (int m = 0; m < 12; m++) {
		char text[32], want[11];
		snprintf(text, sizeof text, "%s 28, 2021", full[m]);
		snprintf(want, sizeof want, "2021-%02d-28", m + 1);
		parses_to(text, want);
	}

	/* not in the calendar */
	refuses("Feb. 30, 2025", FI_EINVALID, "no Feb 30");
	refuses("Feb. 29, 2023", FI_EINVALID, "2023 is not a leap year");
	refuses("Feb. 29, 1900", FI_EINVALID, "1900 is not a leap year");
	refuses("April 31, 2025", FI_EINVALID, "April has 30 days");
	refuses("31-Jun-2024", FI_EINVALID, "June has 30 days");
	refuses("2025-13-01", FI_EINVALID, "month 13");
	refuses("2025-00-10", FI_EINVALID, "month 0");
	refuses("Oct. 0, 2025", FI_EINVALID, "day 0");
	refuses("Oct. 7, 1899", FI_EINVALID, "before 1900");
	refuses("Oct. 7, 2200", FI_EINVALID, "after 2199");
	/* not dates at all */
	refuses("", FI_EPARSE, "empty");
	refuses("Octo. 7, 2025", FI_EPARSE, "unknown month");
	refuses("7 Oct 2025", FI_EPARSE, "day first without dashes");
	refuses("2025/10/07", FI_EPARSE, "slashes");
	refuses("Oct. 7 2025", FI_EPARSE, "no comma");
	refuses("Oct. 7, 2025x", FI_EPARSE, "trailing text");
	refuses("Oct. 123, 2025", FI_EPARSE, "three-digit day");
	refuses("2025-1-7", FI_EPARSE, "ISO without zero padding");
	refuses("Oct. 7, 20255", FI_EPARSE, "five-digit year");
	refuses("31-Jul-2024 10:00", FI_EPARSE, "time of day");
	char iso[11];
	ok(fi_date_parse("Oct. 7, 2025", 7, iso) == FI_EPARSE, "length is honoured (no NUL needed)");

	sweep_against_gmtime();
	day_numbers();
	return tap_done();
}
