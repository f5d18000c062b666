/* The sample generator's options from C: a version-1 caller's shorter struct is read without
 * `profiles` and gives the clean sample's bytes; profile names parse and print; bad versions and
 * unknown profile bits are refused. The profiles' properties are tested in tests/python. */
#include <stdio.h>
#include <stdlib.h>

#include "helpers.h"
#include "tap.h"

/* The whole file (NUL-terminated), or NULL; *len its size. Caller frees. */
static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	size_t cap = 1 << 16, n = 0, got;
	char *buf = malloc(cap + 1);
	while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
		n += got;
		if (n == cap) {
			char *bigger = realloc(buf, 2 * cap + 1);
			if (!bigger) {
				free(buf);
				buf = NULL;
				break;
			}
			buf = bigger;
			cap *= 2;
		}
	}
	fclose(f);
	if (buf)
		buf[n] = '\0';
	*len = n;
	return buf;
}

static bool same_file(const char *a, const char *b)
{
	size_t na = 0, nb = 0;
	char *x = slurp(a, &na), *y = slurp(b, &nb);
	bool same = x && y && na == nb && memcmp(x, y, na) == 0;
	free(x);
	free(y);
	return same;
}

static size_t count_lines(const char *path)
{
	size_t len = 0, lines = 0;
	char *text = slurp(path, &len);
	for (size_t i = 0; text && i < len; i++)
		lines += text[i] == '\n';
	free(text);
	return lines;
}

static void version_one_callers(void)
{
	/* init(1) writes only the fields a version-1 struct has. */
	const size_t v1_size = offsetof(fi_sample_params, profiles);
	union {
		fi_sample_params o;
		unsigned char raw[sizeof(fi_sample_params)];
	} u;
	unsigned char *raw = u.raw;
	memset(raw, 0xab, sizeof u.raw);
	fi_sample_params *o = &u.o;
	is_int(fi_sample_params_init(o, 1), FI_OK, "fi_sample_params_init accepts version 1");
	is_int(o->version, 1, "and leaves the version 1 in the struct");
	ok(o->rows == 3000 && o->seed == 42, "with the defaults");
	bool untouched = true;
	for (size_t i = v1_size; i < sizeof u.raw; i++)
		untouched = untouched && raw[i] == 0xab;
	ok(untouched, "and writes nothing from `profiles` on");

	/* A version-1 struct whose padding (where `profiles` now is) holds garbage: never read. */
	o->rows = 300;
	o->seed = 11;
	const char *v1_csv = test_path("v1.csv"), *v1_truth = test_path("v1.truth.csv");
	is_int(fi_sample_write(v1_csv, v1_truth, o), FI_OK, "fi_sample_write reads a version-1 struct");

	fi_sample_params v2 = FI_SAMPLE_PARAMS_INIT;
	v2.rows = 300;
	v2.seed = 11;
	const char *v2_csv = test_path("v2.csv"), *v2_truth = test_path("v2.truth.csv");
	is_int(fi_sample_write(v2_csv, v2_truth, &v2), FI_OK, "and a version-2 one");
	ok(same_file(v1_csv, v2_csv) && same_file(v1_truth, v2_truth),
	   "version 1 is the clean sample, byte for byte");

	fi_sample_params bad;
	is_int(fi_sample_params_init(&bad, 0), FI_EINVALID, "version 0 is refused");
	is_int(fi_sample_params_init(&bad, FI_SAMPLE_PARAMS_VERSION + 1), FI_EINVALID,
	       "a version from the future is refused");
	is_int(fi_sample_params_init(NULL, FI_SAMPLE_PARAMS_VERSION), FI_EINVALID, "NULL is refused");
}

static void profile_names(void)
{
	unsigned int bits = 99;
	is_int(fi_sample_profiles_parse("clean", &bits), FI_OK, "'clean' parses");
	is_int(bits, FI_SAMPLE_PROFILE_CLEAN, "to no bits");
	is_int(fi_sample_profiles_parse(" KM ,short,clean", &bits), FI_OK, "names with blanks and case");
	is_int(bits, FI_SAMPLE_PROFILE_KM | FI_SAMPLE_PROFILE_SHORT, "combine");
	is_int(fi_sample_profiles_parse("real-like", &bits), FI_OK, "'real-like' parses");
	is_int(bits, FI_SAMPLE_PROFILE_REAL_LIKE, "to its own bit");

	bits = 99;
	is_int(fi_sample_profiles_parse("no-steps,walkies", &bits), FI_EINVALID, "an unknown name is refused");
	has_str(fi_error_last()->message, "'walkies'", "naming it");
	has_str(fi_error_last()->message, "estimated-steps", "and the accepted names");
	is_int(bits, 99, "out is untouched");
	is_int(fi_sample_profiles_parse("km,", &bits), FI_EINVALID, "an empty name is refused");
	is_int(fi_sample_profiles_parse(NULL, &bits), FI_EINVALID, "NULL is refused");

	is_str(fi_sample_profile_name(0), "clean", "name of 0");
	is_str(fi_sample_profile_name(FI_SAMPLE_PROFILE_DEVICE_CHANGE), "device-change", "name of a bit");
	bool round_trip = true;
	for (unsigned int bit = 1; bit & FI_SAMPLE_PROFILE_ALL; bit <<= 1) {
		const char *name = fi_sample_profile_name(bit);
		unsigned int back = 0;
		round_trip = round_trip && name && fi_sample_profiles_parse(name, &back) == FI_OK && back == bit;
	}
	ok(round_trip, "every bit has a name that parses back to it");
	ok(fi_sample_profile_name(FI_SAMPLE_PROFILE_KM | FI_SAMPLE_PROFILE_SHORT) == NULL, "two bits: NULL");
	ok(fi_sample_profile_name(FI_SAMPLE_PROFILE_ALL + 1) == NULL, "an unknown bit: NULL");
}

static void profiles_in_options(void)
{
	fi_sample_params o = FI_SAMPLE_PARAMS_INIT;
	o.profiles = FI_SAMPLE_PROFILE_ALL + 1;
	is_int(fi_sample_write(test_path("bad.csv"), NULL, &o), FI_EINVALID, "unknown profile bits are refused");

	o.profiles = FI_SAMPLE_PROFILE_SHORT | FI_SAMPLE_PROFILE_MULTI_SPORT;
	o.rows = 5000;
	const char *truth = test_path("short.truth.csv");
	is_int(fi_sample_write(test_path("short.csv"), truth, &o), FI_OK, "short, multi-sport");
	is_int(count_lines(truth), FI_SAMPLE_SHORT_ROWS + 1, "short writes FI_SAMPLE_SHORT_ROWS workouts");
	o.rows = 0;
	is_int(fi_sample_write(test_path("short0.csv"), NULL, &o), FI_OK, "short needs no rows");
}

int main(void)
{
	version_one_callers();
	profile_names();
	profiles_in_options();
	test_cleanup();
	return tap_done();
}
