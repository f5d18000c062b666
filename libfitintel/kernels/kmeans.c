/* k-means: k-means++ seeding (greedy, as scikit-learn), Lloyd iterations with scikit-learn's
 * stopping rules, restarts, assignment and confidence (SPEC §2.3). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_rng.h>

#include "kernel.h"

struct fi_kmeans {
	size_t n, k, d;
	double *centroids;
	int32_t *labels;
	double inertia;
	unsigned int iterations;
};

FI__DEFINE_PARAMS_INIT(fi_kmeans_params_init, fi_kmeans_params,
		       FI_KMEANS_PARAMS_VERSION, FI_KMEANS_PARAMS_INIT)

static double sqdist(const double *a, const double *b, size_t d)
{
	double s = 0;
	for (size_t j = 0; j < d; j++) {
		double t = a[j] - b[j];
		s += t * t;
	}
	return s;
}

static int32_t nearest(const double *row, const double *centers, size_t k, size_t d, double *best_out)
{
	int32_t best = 0;
	double best_d = sqdist(row, centers, d);
	for (size_t c = 1; c < k; c++) {
		double dc = sqdist(row, centers + c * d, d);
		if (dc < best_d) {
			best_d = dc;
			best = (int32_t)c;
		}
	}
	if (best_out)
		*best_out = best_d;
	return best;
}

/* Scratch memory of one Lloyd run. */
typedef struct lloyd_work {
	double *sums;      /* k × d */
	size_t *counts;    /* k */
	double *dist;      /* n: distance of each row to its centre */
	int32_t *old;      /* n: labels of the previous iteration */
	unsigned char *taken;
} lloyd_work;

/* scikit-learn's _relocate_empty_clusters_dense: an empty cluster takes the row farthest from its
 * centre, which leaves the cluster it came from. */
static void relocate_empty(const double *x, size_t n, size_t k, size_t d, const int32_t *labels,
			   lloyd_work *w)
{
	for (size_t c = 0; c < k; c++) {
		if (w->counts[c])
			continue;
		size_t far = n;
		for (size_t i = 0; i < n; i++)
			if (!w->taken[i] && w->counts[labels[i]] > 1 && (far == n || w->dist[i] > w->dist[far]))
				far = i;
		if (far == n)
			return;
		w->taken[far] = 1;
		size_t from = (size_t)labels[far];
		for (size_t j = 0; j < d; j++) {
			w->sums[from * d + j] -= x[far * d + j];
			w->sums[c * d + j] = x[far * d + j];
		}
		w->counts[from]--;
		w->counts[c] = 1;
	}
}

/* The E-step fused with the sums of the M-step, specialised for small feature counts so the
 * distance loop unrolls: this loop is where k-means spends its time. Arithmetic is the same as
 * sqdist()'s, in the same order. */
#define DEFINE_ASSIGN(NAME, D)                                                                     \
	static void NAME(const double *x, size_t n, size_t k, size_t d_, const double *centers,   \
			 int32_t *labels, double *dist, double *sums, size_t *counts)              \
	{                                                                                          \
		const size_t d = (D) ? (size_t)(D) : d_;                                           \
		for (size_t i = 0; i < n; i++) {                                                   \
			const double *row = x + i * d;                                             \
			double best = 0;                                                           \
			size_t bi = 0;                                                             \
			for (size_t c = 0; c < k; c++) {                                           \
				double acc = 0;                                                    \
				for (size_t j = 0; j < d; j++) {                                   \
					double t = row[j] - centers[c * d + j];                    \
					acc += t * t;                                              \
				}                                                                  \
				if (c == 0 || acc < best) {                                        \
					best = acc;                                                \
					bi = c;                                                    \
				}                                                                  \
			}                                                                          \
			labels[i] = (int32_t)bi;                                                   \
			dist[i] = best;                                                            \
			if (sums) {                                                                \
				counts[bi]++;                                                      \
				for (size_t j = 0; j < d; j++)                                     \
					sums[bi * d + j] += row[j];                                \
			}                                                                          \
		}                                                                                  \
	}

DEFINE_ASSIGN(assign_d1, 1)
DEFINE_ASSIGN(assign_d2, 2)
DEFINE_ASSIGN(assign_d3, 3)
DEFINE_ASSIGN(assign_d4, 4)
DEFINE_ASSIGN(assign_any, 0)

static void assign_rows(const double *x, size_t n, size_t k, size_t d, const double *centers,
			int32_t *labels, double *dist, double *sums, size_t *counts)
{
	switch (d) {
	case 1: assign_d1(x, n, k, d, centers, labels, dist, sums, counts); break;
	case 2: assign_d2(x, n, k, d, centers, labels, dist, sums, counts); break;
	case 3: assign_d3(x, n, k, d, centers, labels, dist, sums, counts); break;
	case 4: assign_d4(x, n, k, d, centers, labels, dist, sums, counts); break;
	default: assign_any(x, n, k, d, centers, labels, dist, sums, counts);
	}
}

/* One E-step (labels from @centers) and, when @next is not NULL, one M-step into @next.
 * Returns Σ‖next − centers‖². */
static double lloyd_step(const double *x, size_t n, size_t k, size_t d, const double *centers,
			 double *next, int32_t *labels, lloyd_work *w)
{
	if (!next) {
		assign_rows(x, n, k, d, centers, labels, w->dist, NULL, NULL);
		return 0;
	}
	memset(w->sums, 0, k * d * sizeof *w->sums);
	memset(w->counts, 0, k * sizeof *w->counts);
	assign_rows(x, n, k, d, centers, labels, w->dist, w->sums, w->counts);
	bool empty = false;
	for (size_t c = 0; c < k; c++)
		empty |= w->counts[c] == 0;
	if (empty) {
		memset(w->taken, 0, n);
		relocate_empty(x, n, k, d, labels, w);
	}
	double shift = 0;
	for (size_t c = 0; c < k; c++) {
		for (size_t j = 0; j < d; j++)
			next[c * d + j] = w->counts[c] ? w->sums[c * d + j] / (double)w->counts[c]
						       : centers[c * d + j];
		shift += sqdist(next + c * d, centers + c * d, d);
	}
	return shift;
}

/* scikit-learn's _kmeans_single_lloyd: stop when labels no longer change (strict convergence) or
 * the centres move less than @tol; otherwise re-run the E-step so labels match the centres. */
static unsigned int lloyd(const double *x, size_t n, size_t k, size_t d, double *centers,
			  int32_t *labels, unsigned int max_iter, double tol, lloyd_work *w,
			  double *scratch_centers, double *inertia)
{
	for (size_t i = 0; i < n; i++)
		w->old[i] = -1;
	bool strict = false;
	unsigned int it;
	for (it = 0; it < max_iter; it++) {
		double shift = lloyd_step(x, n, k, d, centers, scratch_centers, labels, w);
		memcpy(centers, scratch_centers, k * d * sizeof *centers);
		if (memcmp(labels, w->old, n * sizeof *labels) == 0) {
			strict = true;
			break;
		}
		if (shift <= tol)
			break;
		memcpy(w->old, labels, n * sizeof *labels);
	}
	if (!strict)
		lloyd_step(x, n, k, d, centers, NULL, labels, w);
	double sum = 0;
	for (size_t i = 0; i < n; i++)
		sum += sqdist(x + i * d, centers + (size_t)labels[i] * d, d);
	*inertia = sum;
	return it < max_iter ? it + 1 : max_iter;
}

/* tol × the mean of the features' population variances, as scikit-learn scales it. */
static double scaled_tolerance(const double *x, size_t n, size_t d, double tol)
{
	double total = 0;
	for (size_t j = 0; j < d; j++) {
		double mean, var;
		fi__column_moments(x, n, d, j, &mean, &var);
		total += var;
	}
	return tol * total / (double)d;
}

/* Greedy k-means++ (scikit-learn's _kmeans_plusplus, 2 + ln k local trials per centre). */
static void kmeanspp(const double *x, size_t n, size_t k, size_t d, gsl_rng *rng, double *centers,
		     double *closest, double *cumsum)
{
	size_t trials = 2 + (size_t)log((double)k);
	size_t first = (size_t)gsl_rng_uniform_int(rng, n);
	memcpy(centers, x + first * d, d * sizeof *centers);
	double pot = 0;
	for (size_t i = 0; i < n; i++)
		pot += closest[i] = sqdist(x + i * d, centers, d);
	for (size_t c = 1; c < k; c++) {
		double run = 0;
		for (size_t i = 0; i < n; i++)
			cumsum[i] = run += closest[i];
		double best_pot = HUGE_VAL;
		size_t best_id = 0;
		for (size_t t = 0; t < trials; t++) {
			double target = gsl_rng_uniform(rng) * pot;
			size_t lo = 0, hi = n - 1;   /* first i with cumsum[i] >= target */
			while (lo < hi) {
				size_t mid = lo + (hi - lo) / 2;
				if (cumsum[mid] < target)
					lo = mid + 1;
				else
					hi = mid;
			}
			double cand_pot = 0;
			for (size_t i = 0; i < n; i++) {
				double dd = sqdist(x + i * d, x + lo * d, d);
				cand_pot += dd < closest[i] ? dd : closest[i];
			}
			if (cand_pot < best_pot) {
				best_pot = cand_pot;
				best_id = lo;
			}
		}
		memcpy(centers + c * d, x + best_id * d, d * sizeof *centers);
		pot = 0;
		for (size_t i = 0; i < n; i++) {
			double dd = sqdist(x + i * d, centers + c * d, d);
			if (dd < closest[i])
				closest[i] = dd;
			pot += closest[i];
		}
	}
}

static fi_kmeans *kmeans_new(size_t n, size_t k, size_t d)
{
	fi_kmeans *km = calloc(1, sizeof *km);
	if (!km)
		return NULL;
	km->n = n;
	km->k = k;
	km->d = d;
	km->centroids = malloc(k * d * sizeof *km->centroids);
	km->labels = malloc(n * sizeof *km->labels);
	if (!km->centroids || !km->labels) {
		fi_kmeans_free(km);
		return NULL;
	}
	return km;
}

static int check_input(const double *x, size_t n, size_t d, size_t k, const fi_kmeans_params *p)
{
	if (!p || p->version != FI_KMEANS_PARAMS_VERSION)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "unsupported fi_kmeans_params version");
	if (k == 0 || d == 0 || n < k)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG,
				 "k-means needs k >= 1 clusters, d >= 1 features and at least k rows "
				 "(k = %zu, d = %zu, n = %zu)", k, d, n);
	if (p->max_iter == 0 || !(p->tol >= 0))
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "k-means needs max_iter >= 1 and tol >= 0");
	return fi__require_finite(x, n * d, "x");
}

typedef struct run_buffers {
	lloyd_work w;
	double *scratch, *centers;
	int32_t *labels;
	double *closest, *cumsum;
} run_buffers;

static void buffers_free(run_buffers *b)
{
	FI__FREE_ALL(b->w.sums, b->w.counts, b->w.dist, b->w.old, b->w.taken, b->scratch,
		     b->centers, b->labels, b->closest, b->cumsum);
}

static bool buffers_alloc(run_buffers *b, size_t n, size_t k, size_t d)
{
	memset(b, 0, sizeof *b);
	b->w.sums = malloc(k * d * sizeof *b->w.sums);
	b->w.counts = malloc(k * sizeof *b->w.counts);
	b->w.dist = malloc(n * sizeof *b->w.dist);
	b->w.old = malloc(n * sizeof *b->w.old);
	b->w.taken = malloc(n);
	b->scratch = malloc(k * d * sizeof *b->scratch);
	b->centers = malloc(k * d * sizeof *b->centers);
	b->labels = malloc(n * sizeof *b->labels);
	b->closest = malloc(n * sizeof *b->closest);
	b->cumsum = malloc(n * sizeof *b->cumsum);
	return b->w.sums && b->w.counts && b->w.dist && b->w.old && b->w.taken && b->scratch &&
	       b->centers && b->labels && b->closest && b->cumsum;
}

int fi_kmeans_fit_from(const double *x, size_t n, size_t d, const double *init, size_t k,
		       const fi_kmeans_params *params, fi_kmeans **out)
{
	fi_kmeans_params defaults = FI_KMEANS_PARAMS_INIT;
	if (!params)
		params = &defaults;
	if (!out)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "out is NULL");
	*out = NULL;
	int rc = check_input(x, n, d, k, params);
	if (rc || (rc = fi__require_finite(init, k * d, "init")))
		return rc;
	fi_kmeans *km = kmeans_new(n, k, d);
	run_buffers b;
	if (!km || !buffers_alloc(&b, n, k, d)) {
		fi_kmeans_free(km);
		if (km)
			buffers_free(&b);
		return fi__error_oom();
	}
	memcpy(km->centroids, init, k * d * sizeof *init);
	km->iterations = lloyd(x, n, k, d, km->centroids, km->labels, params->max_iter,
			       scaled_tolerance(x, n, d, params->tol), &b.w, b.scratch, &km->inertia);
	buffers_free(&b);
	*out = km;
	return FI_OK;
}

/* The n_init seeded restarts on @x (n rows); the winner's centroids go to @best. */
static int best_of_restarts(const double *x, size_t n, size_t d, const fi_kmeans_params *p,
			    gsl_rng *rng, double *best, double *best_inertia, unsigned int *best_iters)
{
	size_t k = p->k;
	run_buffers b;
	if (!buffers_alloc(&b, n, k, d)) {
		buffers_free(&b);
		return fi__error_oom();
	}
	double tol = scaled_tolerance(x, n, d, p->tol);
	*best_inertia = HUGE_VAL;
	for (unsigned int run = 0; run < p->n_init; run++) {
		kmeanspp(x, n, k, d, rng, b.centers, b.closest, b.cumsum);
		double inertia;
		unsigned int iters = lloyd(x, n, k, d, b.centers, b.labels, p->max_iter, tol, &b.w,
					   b.scratch, &inertia);
		if (inertia < *best_inertia) {
			*best_inertia = inertia;
			*best_iters = iters;
			memcpy(best, b.centers, k * d * sizeof *b.centers);
		}
	}
	buffers_free(&b);
	return FI_OK;
}

/* sample_size rows drawn without replacement, in their original order. */
static double *draw_sample(const double *x, size_t n, size_t d, size_t m, gsl_rng *rng)
{
	double *sample = malloc(m * d * sizeof *sample);
	if (!sample)
		return NULL;
	size_t taken = 0;
	for (size_t i = 0; i < n && taken < m; i++) {   /* selection sampling (Knuth's Algorithm S) */
		if ((double)(n - i) * gsl_rng_uniform(rng) < (double)(m - taken)) {
			memcpy(sample + taken * d, x + i * d, d * sizeof *sample);
			taken++;
		}
	}
	return sample;
}

int fi_kmeans_fit(const double *x, size_t n, size_t d, const fi_kmeans_params *params,
		  fi_kmeans **out)
{
	fi_kmeans_params defaults = FI_KMEANS_PARAMS_INIT;
	if (!params)
		params = &defaults;
	if (!out)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "out is NULL");
	*out = NULL;
	size_t k = params->k;
	int rc = check_input(x, n, d, k, params);
	if (rc)
		return rc;
	if (params->n_init == 0)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "k-means needs n_init >= 1");
	fi__library_init();
	gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
	double *start = malloc(k * d * sizeof *start);
	if (!rng || !start) {
		gsl_rng_free(rng);
		free(start);
		return fi__error_oom();
	}
	/* mt19937 takes 32 bits; fold the 64-bit seed so seeds differing only in high bits differ */
	gsl_rng_set(rng, (unsigned long)((params->seed ^ (params->seed >> 32)) & 0xFFFFFFFFu));
	double inertia;
	unsigned int iters = 0;
	bool sampled = params->sample_size >= k && n > params->sample_size;
	if (sampled) {
		/* restarts compete on a sample; the winner is then refined on every row */
		double *sample = draw_sample(x, n, d, params->sample_size, rng);
		rc = sample ? best_of_restarts(sample, params->sample_size, d, params, rng, start,
					       &inertia, &iters)
			    : fi__error_oom();
		free(sample);
	} else {
		rc = best_of_restarts(x, n, d, params, rng, start, &inertia, &iters);
	}
	gsl_rng_free(rng);
	if (rc == FI_OK)
		rc = fi_kmeans_fit_from(x, n, d, start, k, params, out);
	/* report the winner's iterations (plus the refinement's, after a sample) */
	if (rc == FI_OK)
		(*out)->iterations = sampled ? iters + (*out)->iterations
				   : iters > (*out)->iterations ? iters : (*out)->iterations;
	free(start);
	return rc;
}

void fi_kmeans_free(fi_kmeans *km)
{
	if (!km)
		return;
	FI__FREE_ALL(km->centroids, km->labels, km);
}

size_t fi_kmeans_k(const fi_kmeans *km) { return km ? km->k : 0; }
size_t fi_kmeans_dims(const fi_kmeans *km) { return km ? km->d : 0; }
size_t fi_kmeans_rows(const fi_kmeans *km) { return km ? km->n : 0; }
const double *fi_kmeans_centroids(const fi_kmeans *km) { return km ? km->centroids : NULL; }
double fi_kmeans_inertia(const fi_kmeans *km) { return km ? km->inertia : (double)NAN; }
unsigned int fi_kmeans_iterations(const fi_kmeans *km) { return km ? km->iterations : 0; }

int fi_kmeans_labels(const fi_kmeans *km, int32_t *labels, size_t n)
{
	if (!km || !labels || n != km->n)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "labels need a buffer of exactly %zu values",
				 km ? km->n : 0);
	memcpy(labels, km->labels, n * sizeof *labels);
	return FI_OK;
}

int fi_kmeans_assign(const double *centroids, size_t k, size_t d, const double *x, size_t n,
		     int32_t *labels, double *sqdists)
{
	if (!centroids || !labels || k == 0 || d == 0 || (!x && n))
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "assignment needs centroids, rows and labels");
	for (size_t i = 0; i < n; i++) {
		const double *row = x + i * d;
		labels[i] = nearest(row, centroids, k, d, NULL);
		if (sqdists)
			for (size_t c = 0; c < k; c++)
				sqdists[i * k + c] = sqdist(row, centroids + c * d, d);
	}
	return FI_OK;
}

double fi_kmeans_confidence(const double *sq, size_t k)
{
	if (!sq || k == 0)
		return (double)NAN;
	double lo = sq[0];
	for (size_t c = 0; c < k; c++) {
		if (!isfinite(sq[c]))
			return (double)NAN;
		if (sq[c] < lo)
			lo = sq[c];
	}
	/* max_j p_j = 1 / Σ_j exp(−(d_j² − d_min²)/2), computed relative to the nearest centre so
	 * far-away rows do not underflow to 0/0 */
	double sum = 0;
	for (size_t c = 0; c < k; c++)
		sum += exp(-(sq[c] - lo) / 2);
	return 1.0 / sum;
}

int fi_silhouette(const double *x, size_t n, size_t d, const int32_t *labels, size_t k, double *out)
{
	if (!x || !labels || !out || n < 2 || k < 2 || d == 0)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "a silhouette needs 2+ rows and 2+ clusters");
	size_t *sizes = calloc(k, sizeof *sizes);
	double *sums = malloc(k * sizeof *sums);
	if (!sizes || !sums) {
		free(sizes);
		free(sums);
		return fi__error_oom();
	}
	size_t used = 0;
	int rc = FI_OK;
	for (size_t i = 0; i < n && rc == FI_OK; i++) {
		if (labels[i] < 0 || (size_t)labels[i] >= k)
			rc = fi__error(FI_EINVALID, FI_ERRCAT_ARG, "labels[%zu] = %d is outside [0, %zu)", i,
				       labels[i], k);
		else if (sizes[labels[i]]++ == 0)
			used++;
	}
	if (rc == FI_OK && used < 2)
		rc = fi__error(FI_EINVALID, FI_ERRCAT_KERNEL, "a silhouette needs rows in 2+ clusters");
	double total = 0;
	for (size_t i = 0; i < n && rc == FI_OK; i++) {
		size_t own = (size_t)labels[i];
		if (sizes[own] == 1)
			continue; /* a singleton scores 0 */
		memset(sums, 0, k * sizeof *sums);
		for (size_t j = 0; j < n; j++)
			sums[labels[j]] += sqrt(sqdist(x + i * d, x + j * d, d));
		double a = sums[own] / (double)(sizes[own] - 1);
		double b = HUGE_VAL;
		for (size_t c = 0; c < k; c++)
			if (c != own && sizes[c] && sums[c] / (double)sizes[c] < b)
				b = sums[c] / (double)sizes[c];
		double m = a > b ? a : b;
		total += m > 0 ? (b - a) / m : 0;
	}
	free(sizes);
	free(sums);
	if (rc == FI_OK)
		*out = total / (double)n;
	return rc;
}
