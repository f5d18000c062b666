/* Cell parsing: numbers (the fast path must equal strtod bit for bit), workout ids from Links. */
#include <stdint.h>

#include "helpers.h"
#include "tap.h"
#include "../../libfitintel/ingest/ingest_fields.h"

static void number_is(const char *text, double want)
{
	double v = -1;
	int rc = fi__cell_number(text, strlen(text), &v);
	if (!ok(rc == FI_CELL_OK && v == want, "number '%s' = %.17g", text, want))
		printf("#   rc %d, got %.17g\n", rc, v);
}

static void number_refused(const char *text, int reason)
{
	double v;
	int rc = fi__cell_number(text, strlen(text), &v);
	if (!ok(rc == -reason, "number '%s' refused as %s", text, fi_reject_reason_name(reason)))
		printf("#   rc %d\n", rc);
}

static void id_is(const char *link, long long want)
{
	int64_t id = -1;
	int rc = fi__cell_workout_id(link, strlen(link), &id);
	if (!ok(rc == FI_CELL_OK && id == want, "link '%s' -> %lld", link, want))
		printf("#   rc %d, got %lld\n", rc, (long long)id);
}

static void id_refused(const char *link)
{
	int64_t id;
	ok(fi__cell_workout_id(link, strlen(link), &id) == -FI_REJECT_MISSING_ID, "link '%s' has no id",
	   link);
}

/* the sweep is the same every run */
static uint64_t rng_state = 0x9E3779B97F4A7C15ull;

static uint64_t next_random(void)
{
	return test_random(&rng_state);
}

static void sweep_against_strtod(void)
{
	long mismatches = 0;
	char first[64] = "";
	for (int i = 0; i < 200000; i++) {
		char text[48];
		uint64_t r = next_random();
		int int_digits = (int)(r % 8), frac_digits = (int)((r >> 8) % 10);
		uint64_t ip = next_random() % 10000000ull, fp = next_random() % 10000000000ull;
		if (int_digits == 0)
			ip = 0;
		if (frac_digits)
			snprintf(text, sizeof text, "%llu.%0*llu", (unsigned long long)ip, frac_digits,
				 (unsigned long long)(fp % (uint64_t)pow(10, frac_digits)));
		else
			snprintf(text, sizeof text, "%llu", (unsigned long long)ip);
		double got, want = strtod(text, NULL);
		if (fi__cell_number(text, strlen(text), &got) != FI_CELL_OK || got != want) {
			if (!mismatches++)
				snprintf(first, sizeof first, "%s", text);
		}
	}
	if (!ok(mismatches == 0, "200,000 random decimals parse exactly as strtod does"))
		printf("#   %ld mismatches, first '%s'\n", mismatches, first);
}

int main(void)
{
	number_is("3.10686", 3.10686);
	number_is("29.7253", 29.7253);
	number_is("1800", 1800);
	number_is(" 42 ", 42);
	number_is("+2.5", 2.5);
	number_is("0", 0);
	number_is("-0", 0);
	number_is(".5", 0.5);
	number_is("5.", 5);
	number_is("42554500", 42554500);
	number_is("1.7e9", 1.7e9);
	number_is("4080000000", 4080000000.0);
	number_is("0.1234567890123456789", 0.1234567890123456789);
	number_is("12345678901234567890123", 12345678901234567890123.0);
	double v;
	ok(fi__cell_number("", 0, &v) == FI_CELL_EMPTY, "empty cell is empty, not zero");
	ok(fi__cell_number("   ", 3, &v) == FI_CELL_EMPTY, "blank cell is empty");
	number_refused("abc", FI_REJECT_NOT_NUMBER);
	number_refused("1,5", FI_REJECT_NOT_NUMBER);
	number_refused("0x10", FI_REJECT_NOT_NUMBER);
	number_refused("1e", FI_REJECT_NOT_NUMBER);
	number_refused(".", FI_REJECT_NOT_NUMBER);
	number_refused("-", FI_REJECT_NOT_NUMBER);
	number_refused("1.2.3", FI_REJECT_NOT_NUMBER);
	number_refused("12 km", FI_REJECT_NOT_NUMBER);
	number_refused("NaN", FI_REJECT_NOT_FINITE);
	number_refused("inf", FI_REJECT_NOT_FINITE);
	number_refused("-Infinity", FI_REJECT_NOT_FINITE);
	number_refused("1e400", FI_REJECT_NOT_FINITE);
	number_refused("-3", FI_REJECT_NEGATIVE);
	number_refused("-0.001", FI_REJECT_NEGATIVE);
	number_refused("-1e5", FI_REJECT_NEGATIVE);
	sweep_against_strtod();

	id_is("http://www.mapmyfitness.com/workout/1234567890", 1234567890LL);
	id_is("https://www.mapmyfitness.com/workout/8345/", 8345);
	id_is("http://www.mapmyfitness.com/workout/8345?ref=x", 8345);
	id_is("http://www.mapmyfitness.com/workout/123456789012345678", 123456789012345678LL);
	id_refused("http://www.mapmyfitness.com/workout/");
	id_refused("http://www.mapmyfitness.com/workout/abc");
	id_refused("http://www.mapmyfitness.com/workout/12ab");
	id_refused("http://www.mapmyfitness.com/workout/0");
	id_refused("http://www.mapmyfitness.com/routes/12345");
	id_refused("http://www.mapmyfitness.com/workout/123456789012345678901234567890");
	id_refused("");
	id_refused("1234567890");
	return tap_done();
}
