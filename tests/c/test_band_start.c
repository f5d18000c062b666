/* Where the mixture's EM starts (classify/band_start.c): k-means inside the pace bands. The rows
 * are a run group, a small group between the bounds (3%) and a walk group, with a second feature;
 * the checks are those the classifier relies on — every row gets a start label in [0, k), every
 * label holds rows, a component starts on the rows between the bounds alone, and a band too thin
 * for a component gives its rows to the nearest one instead of leaving them unlabelled. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "../../libfitintel/classify/model_internal.h"

#define N 2000
#define D 2

/* A reproducible normal deviate (Box–Muller on a small LCG): the test must not depend on GSL's
 * generator, which the code under test also uses. */
static double normal(unsigned long long *state)
{
	double u[2];
	for (int i = 0; i < 2; i++) {
		*state = *state * 6364136223846793005ULL + 1442695040888963407ULL;
		u[i] = ((double)(*state >> 11) + 0.5) / 9007199254740992.0;
	}
	return sqrt(-2 * log(u[0])) * cos(2 * M_PI * u[1]);
}

/* n rows: a share @between_share of them centred at pace 0 (between the cuts ±1), the rest split
 * between runs at −2.5 and walks at +2.5 (or all runs when @walks is false). */
static void make_rows(double *x, size_t n, double between_share, bool walks, unsigned long long seed)
{
	size_t n_between = (size_t)(between_share * (double)n);
	for (size_t i = 0; i < n; i++) {
		double centre = i < n_between ? 0 : (!walks || i % 2) ? -2.5 : 2.5;
		double spread = i < n_between ? 0.25 : 0.4;
		x[i * D] = centre + spread * normal(&seed);
		x[i * D + 1] = (i < n_between ? 0.5 : centre > 0 ? -1 : 1) + 0.3 * normal(&seed);
	}
}

static int band(double pace)
{
	return pace < -1 ? 0 : pace > 1 ? 2 : 1;
}

int main(void)
{
	static double x[N * D];
	static int32_t labels[N];
	fi_kmeans_params kp = FI_KMEANS_PARAMS_INIT;
	bool banded = false;

	make_rows(x, N, 0.03, true, 1);
	is_int(fi__band_start(x, N, D, -1, 1, 5, &kp, labels, &banded), FI_OK, "band start of 5 components");
	ok(banded, "runs, walks and a few percent between: the start is banded");
	size_t count[5] = { 0 }, bad = 0;
	int band_of_label[5] = { -1, -1, -1, -1, -1 };
	bool pure = true;
	for (size_t i = 0; i < N; i++) {
		if (labels[i] < 0 || labels[i] >= 5) {
			bad++;
			continue;
		}
		count[labels[i]]++;
		int b = band(x[i * D]);
		if (band_of_label[labels[i]] < 0)
			band_of_label[labels[i]] = b;
		pure &= band_of_label[labels[i]] == b;
	}
	is_int((long long)bad, 0, "every row has a start label in [0, k)");
	ok(count[0] && count[1] && count[2] && count[3] && count[4], "every component starts with rows");
	ok(pure, "each component starts inside one band (every band here holds enough rows)");
	size_t between_labels = 0;
	for (int c = 0; c < 5; c++)
		between_labels += band_of_label[c] == 1;
	ok(between_labels >= 1 && between_labels <= 3, "between one and three components start between the bounds (%zu)",
	   between_labels);

	/* no walks: every component starts on runs or between; the few rows past the walk cut are
	 * not left without a label */
	make_rows(x, N, 0.03, false, 2);
	x[0] = 3.0;
	x[D] = 3.2;   /* two rows beyond the walk cut: too few to start a component */
	is_int(fi__band_start(x, N, D, -1, 1, 5, &kp, labels, &banded), FI_OK, "band start without walks");
	ok(banded, "runs and a few between: still banded");
	bad = 0;
	for (size_t i = 0; i < N; i++)
		bad += labels[i] < 0 || labels[i] >= 5;
	is_int((long long)bad, 0, "rows of a band too thin for a component join one of the others");

	/* nothing between the bounds and k = 2: runs and walks, one component each */
	make_rows(x, N, 0, true, 3);
	is_int(fi__band_start(x, N, D, -1, 1, 2, &kp, labels, &banded), FI_OK, "band start of 2 components");
	ok(banded, "k = 2 with runs and walks: banded");
	size_t runs_in_one = 0;   /* row 1 is a run (odd rows are) */
	for (size_t i = 0; i < N; i++)
		runs_in_one += (x[i * D] < 0) == (labels[i] == labels[1]);
	is_int((long long)runs_in_one, N, "k = 2: the runs start in one component, the walks in the other");

	/* too few rows for k components in the bands: the caller's k-means start is kept */
	make_rows(x, 30, 0.03, true, 4);
	memset(labels, 0x7f, sizeof labels);
	is_int(fi__band_start(x, 30, D, -1, 1, 5, &kp, labels, &banded), FI_OK, "band start of 30 rows");
	ok(!banded && labels[0] == 0x7f7f7f7f, "30 rows cannot start 5 components in bands: untouched, not banded");
	return tap_done();
}
