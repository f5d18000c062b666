/* Where the mixture's EM starts (SPEC §2.3): k-means inside each pace band rather than over all
 * rows. Mixed run/walks are a few percent of an export and, without a cadence to set them apart,
 * k-means over everything never gives them a cluster of their own — a walk or run cluster swallows
 * them and EM cannot recover one from there. Started inside the bands, components begin on the
 * workouts between the run and walk bounds; EM is then free to move them, and the labels follow
 * where each component ends (model_labels.c). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kernels/kernel.h"
#include "model_internal.h"

/* A band needs this many sampled rows per component it starts. */
#define ROWS_PER_COMPONENT 10
/* Components started between the bounds: the mixed outings and, beside them, the easiest runs and
 * the briskest walks, so that each can end as a cluster of its own rather than one blend. */
#define MAX_BETWEEN 3

enum { RUNS, BETWEEN, WALKS, BANDS };

static int band_of(double pace, double run_cut, double walk_cut)
{
	return pace < run_cut ? RUNS : pace > walk_cut ? WALKS : BETWEEN;
}

/* How many components each band starts: up to MAX_BETWEEN between the bounds (k − 2 at most), the
 * rest shared by the run and walk bands in proportion to their rows. Zero everywhere when the
 * bands cannot hold k components between them. */
static void share(const size_t rows[BANDS], size_t k, size_t out[BANDS])
{
	memset(out, 0, BANDS * sizeof *out);
	bool run = rows[RUNS] >= ROWS_PER_COMPONENT, walk = rows[WALKS] >= ROWS_PER_COMPONENT;
	size_t left = k;
	if (k >= 3 && rows[BETWEEN] >= ROWS_PER_COMPONENT && (run || walk)) {
		size_t most = k - 2 < MAX_BETWEEN ? k - 2 : MAX_BETWEEN;
		while (most > 1 && rows[BETWEEN] < most * ROWS_PER_COMPONENT)
			most--;
		out[BETWEEN] = most;
		left -= most;
	}
	if (run && walk) {
		size_t r = (size_t)((double)left * (double)rows[RUNS] / (double)(rows[RUNS] + rows[WALKS]) + 0.5);
		out[RUNS] = r < 1 ? 1 : r > left - 1 ? left - 1 : r;
		out[WALKS] = left - out[RUNS];
	} else if (run || walk) {
		out[run ? RUNS : WALKS] = left;
	}
	for (int b = 0; b < BANDS; b++)
		if (out[b] && rows[b] < out[b] * ROWS_PER_COMPONENT) {
			memset(out, 0, BANDS * sizeof *out);
			return;
		}
}

/* Rows of a band too thin to start a component of its own join the nearest one started. */
static void label_the_rest(const double *x, size_t n, size_t d, const double *centres, size_t k, int32_t *labels)
{
	for (size_t i = 0; i < n; i++) {
		if (labels[i] >= 0)
			continue;
		double best = (double)INFINITY;
		for (size_t c = 0; c < k; c++) {
			double dist = 0;
			for (size_t j = 0; j < d; j++)
				dist += (x[i * d + j] - centres[c * d + j]) * (x[i * d + j] - centres[c * d + j]);
			if (dist < best) {
				best = dist;
				labels[i] = (int32_t)c;
			}
		}
	}
}

int fi__band_start(const double *x, size_t n, size_t d, double run_cut, double walk_cut, size_t k,
		   const fi_kmeans_params *kp, int32_t *labels, bool *banded)
{
	*banded = false;
	size_t rows[BANDS] = { 0 }, comps[BANDS];
	for (size_t i = 0; i < n; i++)
		rows[band_of(x[i * d], run_cut, walk_cut)]++;
	share(rows, k, comps);
	if (comps[RUNS] + comps[BETWEEN] + comps[WALKS] != k)
		return FI_OK;   /* the caller starts from k-means over every row */
	double *xb = malloc(n * d * sizeof *xb), *centres = malloc(k * d * sizeof *centres);
	size_t *at = malloc(n * sizeof *at);
	int32_t *lb = malloc(n * sizeof *lb);
	int rc = xb && centres && at && lb ? FI_OK : fi__error_oom();
	for (size_t i = 0; i < n; i++)
		labels[i] = -1;
	size_t first = 0;
	for (int b = 0; rc == FI_OK && b < BANDS; b++) {
		if (!comps[b])
			continue;
		size_t m = 0;
		for (size_t i = 0; i < n; i++)
			if (band_of(x[i * d], run_cut, walk_cut) == b) {
				memcpy(xb + m * d, x + i * d, d * sizeof *xb);
				at[m++] = i;
			}
		fi_kmeans_params bp = *kp;
		bp.k = comps[b];
		bp.sample_size = 0;
		fi_kmeans *km = NULL;
		rc = fi_kmeans_fit(xb, m, d, &bp, &km);
		if (rc == FI_OK)
			rc = fi_kmeans_labels(km, lb, m);
		if (rc == FI_OK)
			memcpy(centres + first * d, fi_kmeans_centroids(km), comps[b] * d * sizeof *centres);
		fi_kmeans_free(km);
		for (size_t i = 0; rc == FI_OK && i < m; i++)
			labels[at[i]] = (int32_t)first + lb[i];
		first += comps[b];
	}
	if (rc == FI_OK)
		label_the_rest(x, n, d, centres, k, labels);
	FI__FREE_ALL(xb, centres, at, lb);
	*banded = rc == FI_OK;
	return rc;
}
