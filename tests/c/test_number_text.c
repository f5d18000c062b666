/* Doubles as text (util/buf.c, util/cell_write.c): the short fixed-notation path writes, byte for
 * byte, what printf and strtod make of the same value — JSON the shorter of %.15g and %.17g that
 * reads back exactly, CSV the shortest of %.15g…%.17g with ".0" on a whole number — over two
 * million values: short decimals as exports hold them, whole numbers, random bit patterns, and the
 * edges of the fast path's range. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../libfitintel/util/cell_write.h"
#include "helpers.h"
#include "tap.h"

static uint64_t rng_state = 0x853C49E6748FEA9Bull;

static uint64_t next_random(void)
{
	return test_random(&rng_state);
}

static void reference_json(double v, char *out, size_t cap)
{
	if (!isfinite(v)) {
		snprintf(out, cap, "null");
		return;
	}
	snprintf(out, cap, "%.15g", v);
	if (strtod(out, NULL) != v)
		snprintf(out, cap, "%.17g", v);
}

static void reference_csv(double v, char *out, size_t cap)
{
	for (int prec = 15; prec <= 17; prec++) {
		snprintf(out, cap, "%.*g", prec, v);
		if (strtod(out, NULL) == v)
			break;
	}
	if (!strpbrk(out, ".eE"))
		strncat(out, ".0", cap - strlen(out) - 1);
}

/* The next value to try, of one of several shapes. */
static double next_value(void)
{
	static const double p10[] = { 1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11 };
	uint64_t r = next_random();
	double v;
	switch (r % 5) {
	case 0:   /* a decimal as an export writes it: up to 12 digits, up to 11 decimals */
		v = (double)((next_random() >> 20) % 1000000000000ull) / p10[(r >> 8) % 12];
		break;
	case 1:   /* a whole number */
		v = (double)(next_random() >> (11 + (r >> 8) % 40));
		break;
	case 2: { /* any double of a plausible size: random bits */
		uint64_t bits = (next_random() & 0x000FFFFFFFFFFFFFull) | ((uint64_t)(1000 + (r >> 8) % 60) << 52);
		memcpy(&v, &bits, sizeof v);
		break;
	}
	case 3: { /* around the fast path's edges */
		static const double edges[] = { 1e-4, 1e9, 9007199254740992.0, 0.1, 1.0 };
		v = nextafter(edges[(r >> 8) % 5], (r >> 16) & 1 ? INFINITY : 0) * ((r >> 17) & 1 ? 1 : 1.0000000000000002);
		break;
	}
	default:  /* a computed value: a short decimal divided */
		v = ((double)((next_random() >> 40) % 100000) / 100) / (double)(1 + (r >> 8) % 97);
	}
	return (r >> 63) ? -v : v;
}

typedef struct tally {
	void (*write)(fi__buf *b, double v);
	void (*reference)(double v, char *out, size_t cap);
	long same;
	char first[160];   /* the first value written otherwise */
} tally;

static void check(tally *t, fi__buf *b, double v)
{
	char want[64];
	fi__buf_clear(b);
	t->write(b, v);
	t->reference(v, want, sizeof want);
	if (b->len == strlen(want) && memcmp(b->data, want, b->len) == 0)
		t->same++;
	else if (!*t->first)
		snprintf(t->first, sizeof t->first, "%.17g: %.*s, printf %s", v, (int)b->len, b->data, want);
}

int main(void)
{
	const long n = 2000000;
	tally json = { fi__buf_json_double, reference_json, 0, "" }, csv = { fi__csv_real, reference_csv, 0, "" };
	fi__buf b = FI__BUF_INIT;
	for (long i = 0; i < n; i++) {
		double v = next_value();
		check(&json, &b, v);
		check(&csv, &b, v);
	}
	ok(json.same == n, "JSON: %ld of %ld values as printf writes them %s", json.same, n, json.first);
	ok(csv.same == n, "CSV: %ld of %ld values as printf writes them %s", csv.same, n, csv.first);
	static const double special[] = { 0.0, -0.0, 1800.0, -3.5, 0.0001, 123456789.0, 1e9, 1e-5, 2.5e15 };
	tally listed = { fi__buf_json_double, reference_json, 0, "" };
	for (size_t i = 0; i < sizeof special / sizeof *special; i++)
		check(&listed, &b, special[i]);
	ok(listed.same == (long)(sizeof special / sizeof *special), "and the listed ones (0, -0, 1800, 1e9, ...) %s",
	   listed.first);
	fi__buf_clear(&b);
	fi__buf_json_double(&b, NAN);
	ok(b.len == 4 && memcmp(b.data, "null", 4) == 0, "NaN is null");
	fi__buf_free(&b);
	return tap_done();
}
