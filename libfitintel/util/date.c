/* Calendar arithmetic and the date forms found in MapMyRun exports. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "internal.h"

#define FI__YEAR_MIN 1900
#define FI__YEAR_MAX 2199

/* Howard Hinnant, "chrono-compatible low-level date algorithms" (days_from_civil). */
int32_t fi__days_from_civil(int y, int m, int d)
{
	y -= m <= 2;
	const int era = (y >= 0 ? y : y - 399) / 400;
	const int yoe = y - era * 400;
	const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void fi__civil_from_days(int32_t z, int *y, int *m, int *d)
{
	z += 719468;
	const int32_t era = (z >= 0 ? z : z - 146096) / 146097;
	const int doe = (int)(z - era * 146097);
	const int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	const int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	const int mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = yoe + (int)era * 400 + (*m <= 2);
}

int fi__year_of_days(int32_t days)
{
	int y, m, d;
	fi__civil_from_days(days, &y, &m, &d);
	return y;
}

int fi__days_in_month(int y, int m)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	if (m == 2)
		return ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0) ? 29 : 28;
	return days[m - 1];
}

/* "YYYY-MM-DD"; callers guarantee 0 <= y <= 9999, 1 <= m <= 12, 1 <= d <= 31. */
static void write_iso(char iso[11], int y, int m, int d)
{
	iso[0] = (char)('0' + y / 1000 % 10);
	iso[1] = (char)('0' + y / 100 % 10);
	iso[2] = (char)('0' + y / 10 % 10);
	iso[3] = (char)('0' + y % 10);
	iso[4] = '-';
	iso[5] = (char)('0' + m / 10);
	iso[6] = (char)('0' + m % 10);
	iso[7] = '-';
	iso[8] = (char)('0' + d / 10);
	iso[9] = (char)('0' + d % 10);
	iso[10] = '\0';
}

void fi__days_to_iso(int32_t days, char iso[11])
{
	int y, m, d;
	fi__civil_from_days(days, &y, &m, &d);
	write_iso(iso, y, m, d);
}

int fi_day_to_date(int32_t day, char iso[11])
{
	if (iso)
		iso[0] = '\0';
	if (!iso || day < FI_DAY_MIN || day > FI_DAY_MAX)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "day %ld has no ISO date (%d … %d: years 0001–9999)",
				 (long)day, FI_DAY_MIN, FI_DAY_MAX);
	fi__days_to_iso(day, iso);
	return FI_OK;
}

int fi_date_to_day(const char *iso, int32_t *day)
{
	int32_t d;
	if (!iso || !day)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "date or day is NULL");
	if (!fi__iso_to_days(iso, &d) || d < FI_DAY_MIN)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "'%.40s' is not a date (YYYY-MM-DD)", iso);
	*day = d;
	return FI_OK;
}

void fi__now_iso(char out[32])
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	struct tm tm;
	gmtime_r(&ts.tv_sec, &tm);
	size_t n = strftime(out, 32, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(out + n, 32 - n, ".%03dZ", (int)(ts.tv_nsec / 1000000L) % 1000);
}

/* ---- parsing ---- */

typedef struct cursor {
	const char *p;
	const char *end;
} cursor;

static void skip_spaces(cursor *c)
{
	while (c->p < c->end && (*c->p == ' ' || *c->p == '\t'))
		c->p++;
}

/* Up to @max digits; returns the number of digits read. */
static int read_digits(cursor *c, int max, int *value)
{
	int n = 0, v = 0;
	while (c->p < c->end && n < max && isdigit((unsigned char)*c->p)) {
		v = v * 10 + (*c->p - '0');
		c->p++;
		n++;
	}
	*value = v;
	return n;
}

static bool read_char(cursor *c, char ch)
{
	if (c->p < c->end && *c->p == ch) {
		c->p++;
		return true;
	}
	return false;
}

/* Month names: full, three-letter, and "Sept". Matched case-insensitively, whole word. */
static int read_month(cursor *c)
{
	static const char *const names[] = { "january", "february", "march", "april", "may", "june",
		"july", "august", "september", "october", "november", "december" };
	char word[16];
	size_t n = 0;
	while (c->p + n < c->end && isalpha((unsigned char)c->p[n])) {
		if (n + 1 >= sizeof word)
			return 0;
		word[n] = (char)tolower((unsigned char)c->p[n]);
		n++;
	}
	word[n] = '\0';
	if (n < 3)
		return 0;
	for (int i = 0; i < 12; i++) {
		size_t full = strlen(names[i]);
		if ((n == full && memcmp(word, names[i], n) == 0) ||
		    (n == 3 && memcmp(word, names[i], 3) == 0) ||
		    (i == 8 && n == 4 && memcmp(word, "sept", 4) == 0)) {
			c->p += n;
			return i + 1;
		}
	}
	return 0;
}

static int expand_year(int digits, int year)
{
	if (digits == 2)
		return year < 70 ? 2000 + year : 1900 + year; /* POSIX strptime's %y pivot */
	return year;
}

/* "YYYY-MM-DD" */
static bool parse_iso(cursor *c, int *y, int *m, int *d)
{
	return read_digits(c, 4, y) == 4 && read_char(c, '-') && read_digits(c, 2, m) == 2 &&
	       read_char(c, '-') && read_digits(c, 2, d) == 2;
}

/* "Oct. 7, 2025", "Sept 14, 2025", "March 3, 2025" */
static bool parse_ap(cursor *c, int *y, int *m, int *d)
{
	if (!(*m = read_month(c)))
		return false;
	read_char(c, '.');
	skip_spaces(c);
	if (read_digits(c, 2, d) == 0)
		return false;
	skip_spaces(c);
	if (!read_char(c, ','))
		return false;
	skip_spaces(c);
	int digits = read_digits(c, 4, y);
	if (digits != 4 && digits != 2)
		return false;
	*y = expand_year(digits, *y);
	return true;
}

/* "31-Jul-2024", "31-Jul-24" */
static bool parse_dmy(cursor *c, int *y, int *m, int *d)
{
	if (read_digits(c, 2, d) == 0 || !read_char(c, '-') || !(*m = read_month(c)) ||
	    !read_char(c, '-'))
		return false;
	int digits = read_digits(c, 4, y);
	if (digits != 4 && digits != 2)
		return false;
	*y = expand_year(digits, *y);
	return true;
}

int fi_date_parse(const char *text, size_t len, char iso[11])
{
	if (!text || !iso)
		return FI_EINVALID;
	cursor c = { text, text + len };
	skip_spaces(&c);
	while (c.end > c.p && (c.end[-1] == ' ' || c.end[-1] == '\t'))
		c.end--;
	if (c.p == c.end)
		return FI_EPARSE;

	const char *start = c.p;
	int y = 0, m = 0, d = 0;
	bool ok;
	if (isalpha((unsigned char)*c.p)) {
		ok = parse_ap(&c, &y, &m, &d);
	} else {
		ok = parse_iso(&c, &y, &m, &d);
		if (!ok) {
			c.p = start;
			ok = parse_dmy(&c, &y, &m, &d);
		}
	}
	if (!ok || c.p != c.end)
		return FI_EPARSE;
	if (y < FI__YEAR_MIN || y > FI__YEAR_MAX || m < 1 || m > 12 || d < 1 ||
	    d > fi__days_in_month(y, m))
		return FI_EINVALID;
	write_iso(iso, y, m, d);
	return FI_OK;
}

bool fi__iso_to_days(const char *iso, int32_t *days)
{
	if (!iso)
		return false;
	cursor c = { iso, iso + strlen(iso) };
	int y, m, d;
	if (!parse_iso(&c, &y, &m, &d) || c.p != c.end || m < 1 || m > 12 || d < 1 ||
	    d > fi__days_in_month(y, m))
		return false;
	*days = fi__days_from_civil(y, m, d);
	return true;
}

int fi__weekday(int32_t days)
{
	return (int)(((days + 3) % 7 + 7) % 7);
}

size_t fi__days_lower_bound(const int32_t *days, size_t n, int32_t day)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (days[mid] < day)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}
