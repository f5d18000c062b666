/* Training a model (SPEC §2.3): pick the clean rows, scale and weight the features, run k-means,
 * map clusters to labels, measure the result, store it and reclassify — in one transaction. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_rng.h>

#include "kernels/kernel.h"
#include "model_internal.h"

/* The training set: every clean row with the chosen features, their weighted scaled matrix and
 * clusters, and the seeded sample that the k-means restarts and EM run on. */
typedef struct training {
	size_t n, d;
	size_t *rows;       /* index into fi__inputs */
	double *x;          /* n × d, weighted scaled */
	int32_t *cluster;   /* n */
	double *statistic;  /* n: the outlier statistic of each row (mixture) */
	size_t ns;
	double *xs;         /* ns × d: the sample */
	int32_t *cs;        /* ns */
	double run_cut, walk_cut;   /* the run and walk bounds in pace's scaled coordinate */
} training;

static void training_free(training *t)
{
	FI__FREE_ALL(t->rows, t->x, t->cluster, t->statistic, t->xs, t->cs);
}

static int check_params(const fi_train_params *p)
{
	if (p->version != FI_TRAIN_PARAMS_VERSION)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "unsupported fi_train_params version %u", p->version);
	if (p->k != 0 && (p->k < 2 || p->k > 10))
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "k must be from 2 to 10 (or 0: auto), not %zu", p->k);
	if (p->n_init < 1 || p->max_iter < 1 || !(p->tol >= 0))
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "n_init and max_iter must be at least 1 and tol ≥ 0");
	if (!(p->weight_pace > 0))
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "the pace weight must be positive: pace is what tells runs from walks");
	if (!(p->weight_distance >= 0) || !(p->weight_duration >= 0) || !(p->weight_cadence >= 0))
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "feature weights must not be negative");
	if (!(p->outlier_quantile >= 0.5 && p->outlier_quantile <= 1))
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "outlier_quantile must be in [0.5, 1]");
	if (!(p->pace_max > 0) || !(p->distance_max > 0) || !(p->duration_max_h > 0))
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "sanity bounds must be positive");
	if (p->use_cadence < FI_CADENCE_AUTO || p->use_cadence > FI_CADENCE_NEVER)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "unknown use_cadence %d", p->use_cadence);
	if (p->method != FI_CLASSIFY_KMEANS && p->method != FI_CLASSIFY_MIXTURE)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "unknown classification method %d (kmeans or mixture)", p->method);
	if (!(p->run_bound > 0) || !(p->walk_bound >= p->run_bound))
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "the run bound (%g) must be positive and at most the walk bound (%g)",
				 p->run_bound, p->walk_bound);
	if (!(p->min_separation >= 0) || !(p->max_drift >= 0) || p->fit_sample < 100)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "min_separation and max_drift must be ≥ 0, fit_sample ≥ 100");
	if (!memchr(p->other_types, '\0', sizeof p->other_types))
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "other_types is not a terminated string");
	return FI_OK;
}

/* A clean row: inside the bounds, on foot, and not corrected to outlier or other. */
static bool is_clean(const fi__inputs *in, size_t i, const fi_train_params *p)
{
	char reason[96];
	int c = in->corrected[i];
	return c != FI_LABEL_OUTLIER && c != FI_LABEL_OTHER && !in->rows[i].not_on_foot &&
	       fi__within_bounds(p, &in->rows[i], reason, sizeof reason);
}

/* The fitting samples draw from their own stream, apart from the silhouette's. */
#define FIT_SAMPLE_SEED UINT64_C(0x5eed)

/* The first @take entries of idx[0..n) become a seeded uniform sample (partial Fisher–Yates). */
static void shuffle_prefix(size_t *idx, size_t n, size_t take, uint64_t seed)
{
	gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
	if (!rng)
		return;   /* the prefix stays the first rows: a worse sample, never a wrong one */
	gsl_rng_set(rng, (unsigned long)seed);
	for (size_t i = 0; i < take && take < n; i++) {
		size_t j = i + (size_t)gsl_rng_uniform_int(rng, (unsigned long)(n - i));
		size_t tmp = idx[i];
		idx[i] = idx[j];
		idx[j] = tmp;
	}
	gsl_rng_free(rng);
}

/* The model's features, before the number of clusters is known. */
typedef struct design {
	size_t d;
	int features[FI__MAX_FEATURES];
	double weight[FI__MAX_FEATURES], mean[FI__MAX_FEATURES], scale[FI__MAX_FEATURES];
	fi__feature_choice choices[FI__FEATURE_CANDIDATES];
} design;

static const int candidates[FI__FEATURE_CANDIDATES] = {
	FI_FEATURE_LOG_DISTANCE, FI_FEATURE_LOG_DURATION, FI_FEATURE_CADENCE
};

/* Decide the features on a sample of the clean rows; the cadence coverage rule comes first. */
static int choose_features(const fi__inputs *in, const fi_train_params *p, const size_t *clean,
			   size_t n_clean, size_t need, fi__feature_choice *out)
{
	size_t ns = n_clean < p->fit_sample ? n_clean : p->fit_sample, with_cadence = 0;
	size_t *idx = malloc((n_clean ? n_clean : 1) * sizeof *idx);
	double *buf = malloc((ns ? ns : 1) * (2 + FI__FEATURE_CANDIDATES) * sizeof *buf);
	int32_t *days = malloc((ns ? ns : 1) * sizeof *days);
	if (!idx || !buf || !days) {
		FI__FREE_ALL(idx, buf, days);
		return fi__error_oom();
	}
	memcpy(idx, clean, n_clean * sizeof *idx);
	shuffle_prefix(idx, n_clean, ns, p->seed ^ FIT_SAMPLE_SEED);
	double *pace = buf, *values[FI__FEATURE_CANDIDATES];
	for (size_t f = 0; f < FI__FEATURE_CANDIDATES; f++)
		values[f] = buf + (1 + f) * ns;
	for (size_t i = 0; i < ns; i++) {
		const fi__workout_input *w = &in->rows[idx[i]];
		pace[i] = w->pace;
		days[i] = in->days[idx[i]];
		for (size_t f = 0; f < FI__FEATURE_CANDIDATES; f++)
			values[f][i] = fi__feature_value(candidates[f], w);
	}
	for (size_t i = 0; i < n_clean; i++)
		with_cadence += !isnan(fi__cadence(&in->rows[clean[i]]));
	const double weights[FI__FEATURE_CANDIDATES] = { p->weight_distance, p->weight_duration, p->weight_cadence };
	bool coverage = p->use_cadence == FI_CADENCE_AUTO ? with_cadence * 2 >= n_clean && with_cadence >= need
		      : p->use_cadence == FI_CADENCE_ALWAYS && with_cadence >= need;
	const bool wanted[FI__FEATURE_CANDIDATES] = { weights[0] > 0, weights[1] > 0, weights[2] > 0 && coverage &&
						      p->use_cadence == FI_CADENCE_AUTO };
	fi__choose_features(p, ns, pace, days, (const double *const *)values, candidates, wanted, out);
	fi__feature_choice *cad = &out[FI__FEATURE_CANDIDATES - 1];
	if (weights[2] > 0 && p->use_cadence == FI_CADENCE_ALWAYS && coverage) {
		cad->used = true;
		snprintf(cad->reason, sizeof cad->reason, "cadence in: use_cadence = always");
	} else if (weights[2] > 0 && p->use_cadence != FI_CADENCE_NEVER && !coverage) {
		snprintf(cad->reason, sizeof cad->reason,
			 "cadence out: only %zu of %zu clean workouts have steps (at least half and %zu needed)",
			 with_cadence, n_clean, need);
	} else if (p->use_cadence == FI_CADENCE_NEVER) {
		snprintf(cad->reason, sizeof cad->reason, "cadence out: use_cadence = never");
	}
	FI__FREE_ALL(idx, buf, days);
	return FI_OK;
}

/* Choose the features and the rows: clean rows, with cadence when cadence is a feature. */
static int select_rows(const fi__inputs *in, const fi_train_params *p, design *g, training *t)
{
	size_t n_clean = 0;
	size_t *clean = malloc((in->n ? in->n : 1) * sizeof *clean);
	if (!clean)
		return fi__error_oom();
	for (size_t i = 0; i < in->n; i++)
		if (is_clean(in, i, p))
			clean[n_clean++] = i;
	size_t kmin = p->k ? p->k : 2;
	size_t need = p->min_samples > kmin ? p->min_samples : kmin;
	if (n_clean < need) {
		free(clean);
		return fi__error(FI_ELIMIT, FI_ERRCAT_ARG,
				 "a model needs at least %zu clean workouts (inside the sanity bounds, on foot); "
				 "the store has %zu", need, n_clean);
	}
	int rc = choose_features(in, p, clean, n_clean, need, g->choices);
	if (rc) {
		free(clean);
		return rc;
	}
	const double w_all[FI__FEATURE_CANDIDATES] = { p->weight_distance, p->weight_duration, p->weight_cadence };
	g->features[0] = FI_FEATURE_PACE;
	g->weight[0] = p->weight_pace;
	g->d = 1;
	for (size_t f = 0; f < FI__FEATURE_CANDIDATES; f++)
		if (g->choices[f].used) {
			g->features[g->d] = candidates[f];
			g->weight[g->d++] = w_all[f];
		}
	bool cadence = g->features[g->d - 1] == FI_FEATURE_CADENCE;
	t->d = g->d;
	t->rows = clean;
	for (size_t i = 0; i < n_clean; i++)
		if (!cadence || !isnan(fi__cadence(&in->rows[clean[i]])))
			t->rows[t->n++] = clean[i];
	return FI_OK;
}

/* Fill the weighted scaled matrix (the scaler fitted on the training rows) and the sample. */
static int build_matrix(const fi__inputs *in, design *m, training *t, const fi_train_params *p)
{
	size_t n = t->n, d = t->d;
	t->ns = n < p->fit_sample ? n : p->fit_sample;
	t->x = malloc(n * d * sizeof *t->x);
	t->cluster = malloc(n * sizeof *t->cluster);
	t->statistic = malloc(n * sizeof *t->statistic);
	t->xs = malloc(t->ns * d * sizeof *t->xs);
	t->cs = malloc(t->ns * sizeof *t->cs);
	size_t *idx = malloc(n * sizeof *idx);
	if (!t->x || !t->cluster || !t->statistic || !t->xs || !t->cs || !idx) {
		free(idx);
		return fi__error_oom();
	}
	for (size_t r = 0; r < n; r++)
		for (size_t j = 0; j < d; j++)
			t->x[r * d + j] = fi__feature_value(m->features[j], &in->rows[t->rows[r]]);
	int rc = fi_scale_fit(t->x, n, d, m->mean, m->scale);
	if (rc == FI_OK)
		rc = fi_scale_apply(t->x, n, d, m->mean, m->scale, t->x);
	for (size_t r = 0; rc == FI_OK && r < n; r++)
		for (size_t j = 0; j < d; j++)
			t->x[r * d + j] *= m->weight[j];
	t->run_cut = (log(p->run_bound) - m->mean[0]) / m->scale[0] * m->weight[0];
	t->walk_cut = (log(p->walk_bound) - m->mean[0]) / m->scale[0] * m->weight[0];
	for (size_t r = 0; r < n; r++)
		idx[r] = r;
	shuffle_prefix(idx, n, t->ns, p->seed ^ FIT_SAMPLE_SEED);
	for (size_t i = 0; i < t->ns; i++)
		memcpy(t->xs + i * d, t->x + idx[i] * d, d * sizeof *t->xs);
	free(idx);
	return rc;
}

static double to_original(const fi_model *m, size_t j, double scaled)
{
	double v = scaled / m->weight[j] * m->scale[j] + m->mean[j];
	int f = m->features[j];
	return f == FI_FEATURE_CADENCE ? v : exp(v);
}

/* Sizes, spreads, original-unit centroids and per-cluster statistics of the training rows. */
static void describe_clusters(const fi__inputs *in, fi_model *m, const training *t)
{
	size_t k = m->k, d = m->d;
	for (size_t c = 0; c < k; c++) {
		m->stats[c] = (fi__cluster_stats){ 0, (double)INFINITY, -(double)INFINITY, 0, (double)INFINITY, -(double)INFINITY, 0, (double)INFINITY, -(double)INFINITY };
		for (size_t j = 0; j < d; j++)
			m->centroids[c * d + j] = to_original(m, j, m->centroids_scaled[c * d + j]);
	}
	for (size_t r = 0; r < t->n; r++) {
		size_t c = (size_t)t->cluster[r];
		const fi__workout_input *w = &in->rows[t->rows[r]];
		fi__cluster_stats *s = &m->stats[c];
		double minutes = w->duration_s / 60;
		m->sizes[c]++;
		for (size_t j = 0; j < d; j++) {
			double diff = t->x[r * d + j] - m->centroids_scaled[c * d + j];
			m->spread[c * d + j] += diff * diff;
		}
		s->pace_mean += w->pace;
		s->distance_mean += w->distance;
		s->duration_mean += minutes;
		s->pace_min = fmin(s->pace_min, w->pace);
		s->pace_max = fmax(s->pace_max, w->pace);
		s->distance_min = fmin(s->distance_min, w->distance);
		s->distance_max = fmax(s->distance_max, w->distance);
		s->duration_min = fmin(s->duration_min, minutes);
		s->duration_max = fmax(s->duration_max, minutes);
	}
	for (size_t c = 0; c < k; c++) {
		double size = (double)m->sizes[c];
		fi__cluster_stats *s = &m->stats[c];
		s->pace_mean /= size;
		s->distance_mean /= size;
		s->duration_mean /= size;
		for (size_t j = 0; j < d; j++) {
			/* a degenerate cluster (one row, or identical rows) must not make every
			 * other workout an outlier: floor the spread at 1% of the weight² */
			double floor_var = 0.01 * m->weight[j] * m->weight[j];
			double var = size > 1 ? m->spread[c * d + j] / size : 0;
			m->spread[c * d + j] = var > floor_var ? var : floor_var;
		}
	}
}

/* Silhouette on a seeded sample (it is O(n²), and a few thousand rows estimate it well), of the
 * labels rather than the clusters: with k = 5 two run clusters are not a flaw of the model, and
 * the quality it rates is how well runs, walks and mixed outings stand apart. */
static int measure_silhouette(fi_model *m, const training *t, const fi_train_params *p)
{
	size_t n = t->n, d = t->d, take = p->silhouette_sample && n > p->silhouette_sample ? p->silhouette_sample : n;
	double *x = malloc(take * d * sizeof *x);
	int32_t *lab = malloc(take * sizeof *lab);
	size_t *idx = malloc(n * sizeof *idx);
	if (!x || !lab || !idx) {
		FI__FREE_ALL(x, lab, idx);
		return fi__error_oom();
	}
	for (size_t i = 0; i < n; i++)
		idx[i] = i;
	shuffle_prefix(idx, n, take, p->seed);
	for (size_t i = 0; i < take; i++) {
		memcpy(x + i * d, t->x + idx[i] * d, d * sizeof *x);
		lab[i] = m->labels[t->cluster[idx[i]]];   /* by label: clusters of one label are one group */
	}
	double s = (double)NAN;
	fi__error_snapshot saved;
	fi__error_save(&saved);
	if (fi_silhouette(x, take, d, lab, FI_LABEL_COUNT, &s) != FI_OK)
		s = (double)NAN;   /* e.g. every sampled row in one cluster: reported as unknown, not an error */
	fi__error_restore(&saved);
	m->silhouette = s;
	FI__FREE_ALL(x, lab, idx);
	return FI_OK;
}

static void training_span(const fi__inputs *in, fi_model *m, const training *t)
{
	int32_t lo = INT32_MAX, hi = INT32_MIN;
	for (size_t r = 0; r < t->n; r++) {
		int32_t day = in->days[t->rows[r]];
		lo = day < lo ? day : lo;
		hi = day > hi ? day : hi;
	}
	fi__days_to_iso(lo, m->train_from);
	fi__days_to_iso(hi, m->train_to);
}

/* Fit a mixture on the sample for each k to try (method mixture, or k chosen by BIC), keep the
 * best, and assign every training row in one pass; method kmeans: k-means on every row. */
typedef struct clustering {
	size_t k;
	fi_kmeans *km;    /* method kmeans */
	fi_mixture *mix;  /* method mixture */
	double bic[3];   /* k = 2, 3, 4 */
} clustering;

static void kmeans_params(const fi_train_params *p, size_t k, fi_kmeans_params *kp)
{
	*kp = (fi_kmeans_params)FI_KMEANS_PARAMS_INIT;
	kp->k = k;
	kp->n_init = p->n_init;
	kp->max_iter = p->max_iter;
	kp->tol = p->tol;
	kp->seed = p->seed;
}

/* A mixture of k components on the sample, its EM started from k-means inside the pace bands
 * (band_start.c) or, when the bands are too thin for k components, over every sampled row. */
static int try_k(const training *t, const fi_train_params *p, size_t k, fi_mixture **mix)
{
	fi_kmeans_params kp;
	kmeans_params(p, k, &kp);
	kp.sample_size = 0;   /* t->xs is the sample already */
	bool banded = false;
	int rc = fi__band_start(t->xs, t->ns, t->d, t->run_cut, t->walk_cut, k, &kp, t->cs, &banded);
	if (rc == FI_OK && !banded) {
		fi_kmeans *km = NULL;
		rc = fi_kmeans_fit(t->xs, t->ns, t->d, &kp, &km);
		if (rc == FI_OK)
			rc = fi_kmeans_labels(km, t->cs, t->ns);
		fi_kmeans_free(km);
	}
	if (rc == FI_OK)
		rc = fi_mixture_fit(t->xs, t->ns, t->d, t->cs, k, NULL, mix);
	return rc;
}

static int cluster(training *t, const fi_train_params *p, clustering *out)
{
	bool mixture = p->method == FI_CLASSIFY_MIXTURE, automatic = p->k == 0;
	size_t lo = automatic ? 2 : p->k, hi = automatic ? 4 : p->k;
	double best = (double)INFINITY;
	int rc = FI_OK;
	out->bic[0] = out->bic[1] = out->bic[2] = (double)NAN;
	/* the fixed-k k-means model needs no sample fit: it is fitted on every row below */
	for (size_t k = lo; (mixture || automatic) && k <= hi && k <= t->ns; k++) {
		fi_mixture *mix = NULL;
		rc = try_k(t, p, k, &mix);
		double bic = 0;
		if (rc == FI_OK && automatic)
			rc = fi_mixture_bic(mix, t->xs, t->ns, &bic);
		if (rc == FI_OK && automatic)
			out->bic[k - 2] = bic;
		if (rc == FI_OK && (!automatic || bic < best)) {
			best = bic;
			fi_mixture_free(out->mix);
			out->k = k, out->mix = mix;
		} else {
			fi_mixture_free(mix);
		}
		if (rc && !(automatic && out->mix))
			return rc;
		if (rc) {   /* a k that cannot be fitted (too few distinct rows) is not the best one */
			fi_error_clear();
			rc = FI_OK;
		}
	}
	if (!out->mix && (mixture || automatic))
		return fi__error(FI_ELIMIT, FI_ERRCAT_ARG, "too few training rows (%zu) to cluster", t->ns);
	if (!mixture) {
		if (!automatic)
			out->k = p->k;
		/* k-means as the seed's method: restarts on its own sample, Lloyd on every row */
		fi_kmeans_params kp;
		kmeans_params(p, out->k, &kp);
		fi_mixture_free(out->mix);
		out->mix = NULL;
		rc = fi_kmeans_fit(t->x, t->n, t->d, &kp, &out->km);
		return rc ? rc : fi_kmeans_labels(out->km, t->cluster, t->n);
	}
	/* one pass: each row's component and its smallest Mahalanobis distance, a block at a time */
	enum { BLOCK = 256 };
	double q[BLOCK * 16];
	for (size_t r0 = 0; rc == FI_OK && r0 < t->n; r0 += BLOCK) {
		size_t n = t->n - r0 < BLOCK ? t->n - r0 : BLOCK;
		rc = fi_mixture_score(out->mix, t->x + r0 * t->d, n, t->d, t->d, NULL, NULL, q, t->cluster + r0);
		for (size_t r = 0; rc == FI_OK && r < n; r++) {
			double s = (double)INFINITY;
			for (size_t c = 0; c < out->k; c++)
				s = fmin(s, q[r * out->k + c]);
			t->statistic[r0 + r] = s;
		}
	}
	return rc;
}

/* The outlier cut-offs: a chi-square quantile; for a mixture widened to the same quantile of the
 * training rows' own statistic, so heavy-tailed clusters do not lose their ordinary rows. */
static int outlier_cutoffs(fi_model *m, const training *t, const fi_train_params *p)
{
	double q = p->outlier_quantile;
	bool cadence = m->features[m->d - 1] == FI_FEATURE_CADENCE;
	if (!(q < 1)) {
		m->outlier_cutoff = m->outlier_cutoff_sub = (double)INFINITY;
		return FI_OK;
	}
	double chi = gsl_cdf_chisq_Pinv(q, (double)m->d), widen = 1;
	if (m->method == FI_CLASSIFY_MIXTURE) {
		double *s = fi__copy(t->statistic, t->n);
		if (!s)
			return fi__error_oom();
		double seen = fi__quantile_inplace(s, t->n, q);
		free(s);
		widen = seen > chi ? seen / chi : 1;
	}
	m->outlier_cutoff = chi * widen;
	m->outlier_cutoff_sub = !cadence ? m->outlier_cutoff : gsl_cdf_chisq_Pinv(q, (double)(m->d - 1)) * widen;
	return FI_OK;
}

/* Everything that builds the model from the loaded inputs. */
static int fit(const fi__inputs *in, const fi_train_params *p, fi_model **out)
{
	training t = { 0 };
	design g = { 0 };
	clustering cl = { 0 };
	fi_model *m = NULL;
	int rc = select_rows(in, p, &g, &t);
	if (rc == FI_OK)
		rc = build_matrix(in, &g, &t, p);
	if (rc == FI_OK)
		rc = cluster(&t, p, &cl);
	if (rc == FI_OK && !(m = fi__model_alloc(cl.k, g.d)))
		rc = fi__error_oom();
	if (rc == FI_OK) {
		m->params = *p;
		m->method = p->method;
		memcpy(m->features, g.features, sizeof g.features);
		memcpy(m->weight, g.weight, sizeof g.weight);
		memcpy(m->mean, g.mean, sizeof g.mean);
		memcpy(m->scale, g.scale, sizeof g.scale);
		memcpy(m->choices, g.choices, sizeof g.choices);
		m->n_choices = FI__FEATURE_CANDIDATES;
		memcpy(m->bic, cl.bic, sizeof cl.bic);
		const double *centres = cl.mix ? fi_mixture_means(cl.mix) : fi_kmeans_centroids(cl.km);
		memcpy(m->centroids_scaled, centres, m->k * m->d * sizeof(double));
		m->iterations = cl.mix ? fi_mixture_iterations(cl.mix) : fi_kmeans_iterations(cl.km);
		m->mixture = cl.mix;
		cl.mix = NULL;
		m->train_rows = t.n;
		describe_clusters(in, m, &t);
		m->inertia = 0;
		for (size_t r = 0; r < t.n; r++)
			for (size_t j = 0; j < m->d; j++) {
				double diff = t.x[r * m->d + j] - m->centroids_scaled[(size_t)t.cluster[r] * m->d + j];
				m->inertia += diff * diff;
			}
		fi__model_map_labels(m);
		if (p->use_corrections)
			fi__model_apply_corrections(m, in->corrected, t.rows, t.cluster, t.n);
		training_span(in, m, &t);
		rc = outlier_cutoffs(m, &t, p);
		m->status = FI_MODEL_ACTIVE;
		fi__now_iso(m->created_at);
	}
	if (rc == FI_OK)
		rc = measure_silhouette(m, &t, p);
	fi_kmeans_free(cl.km);
	fi_mixture_free(cl.mix);
	training_free(&t);
	if (rc) {
		fi_model_free(m);
		return rc;
	}
	*out = m;
	return FI_OK;
}

int fi_model_train(fi_store *store, const fi_train_params *params, fi_model **out)
{
	if (out)
		*out = NULL;
	int wrc = fi__store_writable(store);
	if (wrc)
		return wrc;
	fi_train_params p;
	int rc = fi__train_params_take(store, params, &p);
	if (rc || (rc = check_params(&p)))
		return rc;
	if ((rc = fi__write_begin(store, "start training")))
		return rc;
	fi__inputs in;
	fi_model *m = NULL;
	if ((rc = fi__inputs_of_store(store, p.other_types, &in)) == FI_OK) {
		rc = fit(&in, &p, &m);
		if (rc == FI_OK)
			rc = fi__model_save(store->db, m);
		/* the model as the store holds it decides: its factors, computed again when loaded,
		 * may differ from the fit's in the last bit, and a later pass (classify, a correction)
		 * would then rewrite those workouts' confidence */
		fi_model *stored = NULL;
		if (rc == FI_OK && (rc = fi__model_load(store->db, m->id, &stored)) == FI_OK) {
			fi_model_free(m);
			m = stored;
		}
		if (rc == FI_OK)
			rc = fi__classify_all(store, &p, m, &in, NULL);
		fi__inputs_free(&in);
	}
	if ((rc = fi__write_end(store, rc, "commit the model"))) {
		fi_model_free(m);
		return rc;
	}
	if (out)
		*out = m;
	else
		fi_model_free(m);
	return FI_OK;
}
