/* Training a model (SPEC §2.3): pick the clean rows, scale and weight the features, run k-means,
 * map clusters to labels, measure the result, store it and reclassify — in one transaction. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_rng.h>

#include "model_internal.h"

/* The training set: row indices into the inputs, and their matrix. */
typedef struct training {
	size_t n, d;
	size_t *rows;     /* index into fi__inputs */
	double *x;        /* n × d, weighted scaled */
	int32_t *cluster; /* n */
} training;

static void training_free(training *t)
{
	free(t->rows);
	free(t->x);
	free(t->cluster);
}

static int check_params(const fi_train_params *p)
{
	if (p->version != FI_TRAIN_PARAMS_VERSION)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "unsupported fi_train_params version %u", p->version);
	if (p->k < 2 || p->k > 10)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "k must be from 2 to 10, not %zu", p->k);
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
	return FI_OK;
}

/* Choose the features and the rows: clean rows not corrected as outliers, and with cadence when
 * cadence is a feature. */
static int select_rows(const fi__inputs *in, const fi_train_params *p, fi_model **out, training *t)
{
	size_t clean = 0, with_cadence = 0;
	char reason[96];
	bool *ok = malloc((in->n ? in->n : 1) * sizeof *ok);
	if (!ok)
		return fi__error_oom();
	for (size_t i = 0; i < in->n; i++) {
		ok[i] = in->corrected[i] != FI_LABEL_OUTLIER &&
			fi__within_bounds(p, &in->rows[i], reason, sizeof reason);
		clean += ok[i];
		with_cadence += ok[i] && !isnan(fi__cadence(&in->rows[i]));
	}
	size_t need = p->min_samples > p->k ? p->min_samples : p->k;
	if (clean < need) {
		free(ok);
		return fi__error(FI_ELIMIT, FI_ERRCAT_ARG,
				 "a model needs at least %zu clean workouts (inside the sanity bounds); "
				 "the store has %zu", need, clean);
	}
	bool cadence = p->weight_cadence > 0 &&
		       ((p->use_cadence == FI_CADENCE_AUTO && with_cadence * 2 >= clean && with_cadence >= need) ||
			(p->use_cadence == FI_CADENCE_ALWAYS && with_cadence >= need));
	int features[FI__MAX_FEATURES];
	double weights[FI__MAX_FEATURES];
	size_t d = 0;
	const double w_all[] = { p->weight_pace, p->weight_distance, p->weight_duration, p->weight_cadence };
	for (int f = FI_FEATURE_PACE; f <= FI_FEATURE_CADENCE; f++) {
		if (w_all[f - 1] > 0 && (f != FI_FEATURE_CADENCE || cadence)) {
			features[d] = f;
			weights[d++] = w_all[f - 1];
		}
	}
	fi_model *m = fi__model_alloc(p->k, d);
	t->d = d;
	t->rows = malloc(clean * sizeof *t->rows);
	if (!m || !t->rows) {
		free(ok);
		fi_model_free(m);
		return fi__error_oom();
	}
	memcpy(m->features, features, d * sizeof *features);
	memcpy(m->weight, weights, d * sizeof *weights);
	for (size_t i = 0; i < in->n; i++)
		if (ok[i] && (!cadence || !isnan(fi__cadence(&in->rows[i]))))
			t->rows[t->n++] = i;
	free(ok);
	*out = m;
	return FI_OK;
}

/* Fill the weighted scaled matrix; the scaler is fitted on the training rows. */
static int build_matrix(const fi__inputs *in, fi_model *m, training *t)
{
	size_t n = t->n, d = t->d;
	t->x = malloc(n * d * sizeof *t->x);
	t->cluster = malloc(n * sizeof *t->cluster);
	if (!t->x || !t->cluster)
		return fi__error_oom();
	for (size_t r = 0; r < n; r++)
		for (size_t j = 0; j < d; j++)
			t->x[r * d + j] = fi__feature_value(m->features[j], &in->rows[t->rows[r]]);
	int rc = fi_scale_fit(t->x, n, d, m->mean, m->scale);
	if (rc == FI_OK)
		rc = fi_scale_apply(t->x, n, d, m->mean, m->scale, t->x);
	for (size_t r = 0; rc == FI_OK && r < n; r++)
		for (size_t j = 0; j < d; j++)
			t->x[r * d + j] *= m->weight[j];
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

/* Fastest centroid pace → real_run, slowest → pup_walk. A cluster in between is `mixed` only when
 * its centroid lies nearer the midpoint of those two than to either of them (in the weighted
 * scaled space); otherwise it is the half of a big group that k-means split — the fast dog walks,
 * or the long runs the old system called "mixed" — and takes that group's label. Then, if asked, a
 * cluster takes the label that a majority of the corrected workouts in it carry — when at least
 * MIN_VOTES corrections say so, so that one stray correction cannot relabel hundreds of workouts
 * (the correction itself always wins for its own workout). */
#define MIN_VOTES 3

static void map_labels(const fi__inputs *in, fi_model *m, const training *t, bool use_corrections)
{
	size_t fastest = 0, slowest = 0;
	for (size_t c = 1; c < m->k; c++) {
		double pace = m->centroids[c * m->d], best = m->centroids[fastest * m->d],
		       worst = m->centroids[slowest * m->d];   /* pace is always coordinate 0 */
		if (pace < best)
			fastest = c;
		if (pace > worst)
			slowest = c;
	}
	const double *run = m->centroids_scaled + fastest * m->d, *walk = m->centroids_scaled + slowest * m->d;
	for (size_t c = 0; c < m->k; c++) {
		const double *x = m->centroids_scaled + c * m->d;
		double to_run = 0, to_walk = 0, to_middle = 0;
		for (size_t j = 0; j < m->d; j++) {
			double mid = (run[j] + walk[j]) / 2;
			to_run += (x[j] - run[j]) * (x[j] - run[j]);
			to_walk += (x[j] - walk[j]) * (x[j] - walk[j]);
			to_middle += (x[j] - mid) * (x[j] - mid);
		}
		m->labels[c] = c == fastest ? FI_LABEL_REAL_RUN : c == slowest ? FI_LABEL_PUP_WALK
			     : to_middle <= to_run && to_middle <= to_walk ? FI_LABEL_MIXED
			     : to_run < to_walk ? FI_LABEL_REAL_RUN : FI_LABEL_PUP_WALK;
	}
	if (!use_corrections)
		return;
	size_t votes[10][FI_LABEL_COUNT] = { { 0 } }, total[10] = { 0 };
	for (size_t r = 0; r < t->n; r++) {
		int l = in->corrected[t->rows[r]];
		if (l == FI_LABEL_REAL_RUN || l == FI_LABEL_PUP_WALK || l == FI_LABEL_MIXED) {
			votes[t->cluster[r]][l]++;
			total[t->cluster[r]]++;
		}
	}
	for (size_t c = 0; c < m->k; c++)
		for (int l = 1; l < FI_LABEL_COUNT; l++)
			if (votes[c][l] >= MIN_VOTES && 2 * votes[c][l] > total[c])
				m->labels[c] = l;
}

/* Silhouette on a seeded sample: it is O(n²), and a few thousand rows estimate it well. */
static int measure_silhouette(fi_model *m, const training *t, const fi_train_params *p)
{
	size_t n = t->n, d = t->d, take = p->silhouette_sample && n > p->silhouette_sample ? p->silhouette_sample : n;
	double *x = malloc(take * d * sizeof *x);
	int32_t *lab = malloc(take * sizeof *lab);
	size_t *idx = malloc(n * sizeof *idx);
	gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
	if (!x || !lab || !idx || !rng) {
		free(x);
		free(lab);
		free(idx);
		gsl_rng_free(rng);
		return fi__error_oom();
	}
	gsl_rng_set(rng, (unsigned long)p->seed);
	for (size_t i = 0; i < n; i++)
		idx[i] = i;
	for (size_t i = 0; i < take && take < n; i++) {   /* partial Fisher–Yates */
		size_t j = i + (size_t)gsl_rng_uniform_int(rng, (unsigned long)(n - i));
		size_t tmp = idx[i];
		idx[i] = idx[j];
		idx[j] = tmp;
	}
	for (size_t i = 0; i < take; i++) {
		memcpy(x + i * d, t->x + idx[i] * d, d * sizeof *x);
		lab[i] = t->cluster[idx[i]];
	}
	double s = (double)NAN;
	fi__error_snapshot saved;
	fi__error_save(&saved);
	if (fi_silhouette(x, take, d, lab, m->k, &s) != FI_OK)
		s = (double)NAN;   /* e.g. every sampled row in one cluster: reported as unknown, not an error */
	fi__error_restore(&saved);
	m->silhouette = s;
	free(x);
	free(lab);
	free(idx);
	gsl_rng_free(rng);
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

/* Everything that builds the model from the loaded inputs. */
static int fit(const fi__inputs *in, const fi_train_params *p, fi_model **out)
{
	training t = { 0 };
	fi_model *m = NULL;
	fi_kmeans *km = NULL;
	int rc = select_rows(in, p, &m, &t);
	if (rc == FI_OK)
		rc = build_matrix(in, m, &t);
	if (rc == FI_OK) {
		fi_kmeans_params kp = FI_KMEANS_PARAMS_INIT;
		kp.k = p->k;
		kp.n_init = p->n_init;
		kp.max_iter = p->max_iter;
		kp.tol = p->tol;
		kp.seed = p->seed;
		rc = fi_kmeans_fit(t.x, t.n, t.d, &kp, &km);
	}
	if (rc == FI_OK)
		rc = fi_kmeans_labels(km, t.cluster, t.n);
	if (rc == FI_OK) {
		m->params = *p;
		memcpy(m->centroids_scaled, fi_kmeans_centroids(km), m->k * m->d * sizeof(double));
		m->inertia = fi_kmeans_inertia(km);
		m->iterations = fi_kmeans_iterations(km);
		m->train_rows = t.n;
		describe_clusters(in, m, &t);
		map_labels(in, m, &t, p->use_corrections);
		training_span(in, m, &t);
		bool cadence = m->features[m->d - 1] == FI_FEATURE_CADENCE;
		m->outlier_cutoff = p->outlier_quantile < 1 ? gsl_cdf_chisq_Pinv(p->outlier_quantile, (double)m->d) : (double)INFINITY;
		m->outlier_cutoff_sub = !cadence ? m->outlier_cutoff
				      : p->outlier_quantile < 1 ? gsl_cdf_chisq_Pinv(p->outlier_quantile, (double)(m->d - 1))
				      : (double)INFINITY;
		m->status = FI_MODEL_ACTIVE;
		fi__now_iso(m->created_at);
		rc = measure_silhouette(m, &t, p);
	}
	fi_kmeans_free(km);
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
	int rc = params ? (p = *params, FI_OK) : fi_train_params_load(store, &p);
	if (rc || (rc = check_params(&p)))
		return rc;
	if ((rc = fi__exec(store->db, "BEGIN IMMEDIATE", "start training")))
		return rc;
	fi__inputs in;
	fi_model *m = NULL;
	if ((rc = fi__inputs_load(store->db, 0, &in)) == FI_OK) {
		rc = fit(&in, &p, &m);
		if (rc == FI_OK)
			rc = fi__model_save(store->db, m);
		if (rc == FI_OK)
			rc = fi__classify_all(store, &p, m, &in, NULL);
		fi__inputs_free(&in);
	}
	if (rc == FI_OK)
		rc = fi__exec(store->db, "COMMIT", "commit the model");
	if (rc) {
		sqlite3_exec(store->db, "ROLLBACK", NULL, NULL, NULL);
		fi_model_free(m);
		return rc;
	}
	if (out)
		*out = m;
	else
		fi_model_free(m);
	return FI_OK;
}
