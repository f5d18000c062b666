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
	return tap_done();
}
