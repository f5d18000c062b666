/* Models in the store: save (archiving the active one), load, list; and the training parameters
 * of the store's configuration. Activating one relabels the store: classify.c. */
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

#include "store/config_internal.h"
#include "model_internal.h"

static const fi__config_field train_fields[] = {
	FI__CONFIG_FIELD("classify.k", FI__FIELD_SIZE, fi_train_params, k),
	FI__CONFIG_FIELD("classify.n_init", FI__FIELD_UINT, fi_train_params, n_init),
	FI__CONFIG_FIELD("classify.max_iter", FI__FIELD_UINT, fi_train_params, max_iter),
	FI__CONFIG_FIELD("classify.seed", FI__FIELD_U64, fi_train_params, seed),
	FI__CONFIG_FIELD("classify.min_samples", FI__FIELD_SIZE, fi_train_params, min_samples),
	FI__CONFIG_FIELD("classify.tol", FI__FIELD_DOUBLE, fi_train_params, tol),
	FI__CONFIG_FIELD("classify.weight_pace", FI__FIELD_DOUBLE, fi_train_params, weight_pace),
	FI__CONFIG_FIELD("classify.weight_distance", FI__FIELD_DOUBLE, fi_train_params, weight_distance),
	FI__CONFIG_FIELD("classify.weight_duration", FI__FIELD_DOUBLE, fi_train_params, weight_duration),
	FI__CONFIG_FIELD("classify.weight_cadence", FI__FIELD_DOUBLE, fi_train_params, weight_cadence),
	FI__CONFIG_FIELD("classify.outlier_quantile", FI__FIELD_DOUBLE, fi_train_params, outlier_quantile),
	FI__CONFIG_FIELD("bounds.pace_max", FI__FIELD_DOUBLE, fi_train_params, pace_max),
	FI__CONFIG_FIELD("bounds.distance_max", FI__FIELD_DOUBLE, fi_train_params, distance_max),
	FI__CONFIG_FIELD("bounds.duration_max_h", FI__FIELD_DOUBLE, fi_train_params, duration_max_h),
	FI__CONFIG_FIELD("rules.run_pace", FI__FIELD_DOUBLE, fi_train_params, rule_run_pace),
	FI__CONFIG_FIELD("rules.walk_pace", FI__FIELD_DOUBLE, fi_train_params, rule_walk_pace),
	FI__CONFIG_FIELD("classify.use_model", FI__FIELD_BOOL, fi_train_params, use_model),
	FI__CONFIG_FIELD("classify.use_corrections", FI__FIELD_BOOL, fi_train_params, use_corrections),
	FI__CONFIG_FIELD("classify.run_bound", FI__FIELD_DOUBLE, fi_train_params, run_bound),
	FI__CONFIG_FIELD("classify.walk_bound", FI__FIELD_DOUBLE, fi_train_params, walk_bound),
	FI__CONFIG_FIELD("classify.min_separation", FI__FIELD_DOUBLE, fi_train_params, min_separation),
	FI__CONFIG_FIELD("classify.max_drift", FI__FIELD_DOUBLE, fi_train_params, max_drift),
	FI__CONFIG_FIELD("classify.fit_sample", FI__FIELD_SIZE, fi_train_params, fit_sample),
	FI__CONFIG_CHOICE("classify.use_cadence", fi_train_params, use_cadence, FI_CADENCE_AUTO),
	FI__CONFIG_CHOICE("classify.method", fi_train_params, method, FI_CLASSIFY_KMEANS),
	FI__CONFIG_FIELD("classify.other_types", FI__FIELD_TEXT, fi_train_params, other_types),
};

/* The struct of each version: a 0.1 caller's (version 1) ends before `method`. */
static const size_t params_sizes[] = { offsetof(fi_train_params, method), sizeof(fi_train_params) };

FI__DEFINE_GROWN_PARAMS_INIT(fi_train_params_init, fi_train_params, FI_TRAIN_PARAMS_VERSION,
			     FI_TRAIN_PARAMS_INIT, params_sizes)

static const fi_train_params train_defaults = FI_TRAIN_PARAMS_INIT;

int fi_train_params_load(fi_store *store, fi_train_params *p)
{
	return fi__config_load(store, train_fields, sizeof train_fields / sizeof *train_fields,
			       &train_defaults, p, sizeof *p);
}

int fi__train_params_take(fi_store *store, const fi_train_params *in, fi_train_params *out)
{
	if (!in)
		return fi_train_params_load(store, out);
	if (!fi__params_upgrade(in, out, &train_defaults, params_sizes, FI__ARRAY_LEN(params_sizes)))
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "unsupported fi_train_params version %u", in->version);
	return FI_OK;
}

static int step_done(sqlite3 *db, sqlite3_stmt *st, const char *what)
{
	int src = sqlite3_step(st);
	int rc = src == SQLITE_DONE || src == SQLITE_ROW ? FI_OK : fi__sqlite_error(db, src, what);
	sqlite3_reset(st);
	return rc;
}

static void bind_json_array(sqlite3_stmt *st, int col, const double *v, size_t n)
{
	fi__buf b = FI__BUF_INIT;
	fi__buf_putc(&b, '[');
	for (size_t i = 0; i < n; i++) {
		if (i)
			fi__buf_putc(&b, ',');
		fi__buf_json_double(&b, v[i]);
	}
	fi__buf_putc(&b, ']');
	sqlite3_bind_text(st, col, b.data ? b.data : "[]", -1, SQLITE_TRANSIENT);
	fi__buf_free(&b);
}

static void bind_double(sqlite3_stmt *st, int col, double v)
{
	if (isfinite(v))
		sqlite3_bind_double(st, col, v);
	else
		sqlite3_bind_null(st, col);
}

static int save_parts(sqlite3 *db, const fi_model *m)
{
	sqlite3_stmt *st;
	int rc = fi__prepare(db, "INSERT INTO model_features(model_id, idx, name, mean, scale, weight)"
				 " VALUES (?, ?, ?, ?, ?, ?)", &st);
	for (size_t j = 0; rc == FI_OK && j < m->d; j++) {
		sqlite3_bind_int64(st, 1, m->id);
		sqlite3_bind_int64(st, 2, (int64_t)j);
		sqlite3_bind_text(st, 3, fi_feature_name(m->features[j]), -1, SQLITE_STATIC);
		sqlite3_bind_double(st, 4, m->mean[j]);
		sqlite3_bind_double(st, 5, m->scale[j]);
		sqlite3_bind_double(st, 6, m->weight[j]);
		rc = step_done(db, st, "save model features");
	}
	sqlite3_finalize(st);
	if (rc)
		return rc;
	rc = fi__prepare(db, "INSERT INTO model_clusters(model_id, cluster, label, size, centroid_scaled,"
			     " centroid, spread, pace_mean, pace_min, pace_max, distance_mean, distance_min,"
			     " distance_max, duration_mean, duration_min, duration_max, weight, covariance)"
			     " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", &st);
	for (size_t c = 0; rc == FI_OK && c < m->k; c++) {
		const fi__cluster_stats *s = &m->stats[c];
		sqlite3_bind_int64(st, 1, m->id);
		sqlite3_bind_int64(st, 2, (int64_t)c);
		sqlite3_bind_text(st, 3, fi_label_name(m->labels[c]), -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 4, (int64_t)m->sizes[c]);
		bind_json_array(st, 5, m->centroids_scaled + c * m->d, m->d);
		bind_json_array(st, 6, m->centroids + c * m->d, m->d);
		bind_json_array(st, 7, m->spread + c * m->d, m->d);
		const double v[9] = { s->pace_mean, s->pace_min, s->pace_max, s->distance_mean,
				      s->distance_min, s->distance_max, s->duration_mean, s->duration_min,
				      s->duration_max };
		for (int i = 0; i < 9; i++)
			bind_double(st, 8 + i, v[i]);
		if (m->mixture) {
			sqlite3_bind_double(st, 17, fi_mixture_weights(m->mixture)[c]);
			bind_json_array(st, 18, fi_mixture_covariances(m->mixture) + c * m->d * m->d, m->d * m->d);
		} else {
			sqlite3_bind_null(st, 17);
			sqlite3_bind_null(st, 18);
		}
		rc = step_done(db, st, "save model clusters");
	}
	sqlite3_finalize(st);
	return rc;
}

int fi__model_save(sqlite3 *db, fi_model *m)
{
	int rc = fi__exec(db, "UPDATE models SET status = 'archived' WHERE status = 'active'", "archive the active model");
	if (rc)
		return rc;
	fi__buf params = FI__BUF_INIT, features = FI__BUF_INIT, choice = FI__BUF_INIT, bic = FI__BUF_INIT;
	fi__model_params_json(&params, &m->params);
	fi__feature_choices_json(&choice, m->choices, m->n_choices);
	fi__buf_putc(&bic, '[');
	for (int i = 0; i < 3; i++) {
		if (i)
			fi__buf_putc(&bic, ',');
		fi__buf_json_double(&bic, m->bic[i]);
	}
	fi__buf_putc(&bic, ']');
	for (size_t j = 0; j < m->d; j++)
		fi__buf_printf(&features, "%s%s", j ? "," : "", fi_feature_name(m->features[j]));
	sqlite3_stmt *st;
	rc = params.failed || features.failed || choice.failed || bic.failed ? fi__error_oom()
	   : fi__prepare(db, "INSERT INTO models(created_at, status, k, features, params, train_rows,"
			     " train_from, train_to, inertia, iterations, silhouette, quality, outlier_cutoff,"
			     " method, feature_choice, bic) VALUES (?, 'active', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", &st);
	if (rc == FI_OK) {
		sqlite3_bind_text(st, 1, m->created_at, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 2, (int64_t)m->k);
		sqlite3_bind_text(st, 3, features.data, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, params.data, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 5, (int64_t)m->train_rows);
		sqlite3_bind_text(st, 6, m->train_from, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 7, m->train_to, -1, SQLITE_STATIC);
		sqlite3_bind_double(st, 8, m->inertia);
		sqlite3_bind_int64(st, 9, m->iterations);
		bind_double(st, 10, m->silhouette);
		sqlite3_bind_text(st, 11, fi_model_quality(m), -1, SQLITE_STATIC);
		sqlite3_bind_double(st, 12, isfinite(m->outlier_cutoff) ? m->outlier_cutoff : 1e308);
		sqlite3_bind_text(st, 13, fi_classify_method_name(m->method), -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 14, choice.data, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 15, bic.data, -1, SQLITE_STATIC);
		rc = step_done(db, st, "save the model");
		sqlite3_finalize(st);
	}
	fi__buf_free(&params);
	fi__buf_free(&features);
	fi__buf_free(&choice);
	fi__buf_free(&bic);
	if (rc)
		return rc;
	m->id = sqlite3_last_insert_rowid(db);
	m->status = FI_MODEL_ACTIVE;
	return save_parts(db, m);
}

/* The parameters back from their JSON: the few the classifier needs after training. */
static void params_from_json(sqlite3 *db, int64_t id, fi_train_params *p)
{
	*p = (fi_train_params)FI_TRAIN_PARAMS_INIT;
	sqlite3_stmt *st;
	if (fi__prepare(db, "SELECT json_extract(params, '$.k'), json_extract(params, '$.n_init'),"
			    " json_extract(params, '$.max_iter'), json_extract(params, '$.tol'),"
			    " json_extract(params, '$.seed'), json_extract(params, '$.weights.pace'),"
			    " json_extract(params, '$.weights.distance'), json_extract(params, '$.weights.duration'),"
			    " json_extract(params, '$.weights.cadence'), json_extract(params, '$.outlier_quantile'),"
			    " json_extract(params, '$.min_samples'), json_extract(params, '$.use_corrections'),"
			    " json_extract(params, '$.use_cadence'), method, json_extract(params, '$.label_bounds.run'),"
			    " json_extract(params, '$.label_bounds.walk'), json_extract(params, '$.min_separation'),"
			    " json_extract(params, '$.max_drift'), json_extract(params, '$.fit_sample'),"
			    " json_extract(params, '$.other_types') FROM models WHERE id = ?", &st) != FI_OK)
		return;
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) == SQLITE_ROW) {
		p->k = (size_t)sqlite3_column_int64(st, 0);
		p->n_init = (unsigned int)sqlite3_column_int64(st, 1);
		p->max_iter = (unsigned int)sqlite3_column_int64(st, 2);
		p->tol = sqlite3_column_double(st, 3);
		p->seed = (uint64_t)sqlite3_column_int64(st, 4);
		p->weight_pace = sqlite3_column_double(st, 5);
		p->weight_distance = sqlite3_column_double(st, 6);
		p->weight_duration = sqlite3_column_double(st, 7);
		p->weight_cadence = sqlite3_column_double(st, 8);
		p->outlier_quantile = sqlite3_column_double(st, 9);
		p->min_samples = (size_t)sqlite3_column_int64(st, 10);
		p->use_corrections = sqlite3_column_int(st, 11);
		const char *c = fi__column_text(st, 12);
		p->use_cadence = c && strcmp(c, "always") == 0 ? FI_CADENCE_ALWAYS
			       : c && strcmp(c, "never") == 0 ? FI_CADENCE_NEVER : FI_CADENCE_AUTO;
		/* models of 0.1 have none of what follows: they keep the defaults */
		const char *method = fi__column_text(st, 13);
		p->method = method && strcmp(method, "mixture") == 0 ? FI_CLASSIFY_MIXTURE : FI_CLASSIFY_KMEANS;
		double *reals[] = { &p->run_bound, &p->walk_bound, &p->min_separation, &p->max_drift };
		for (int i = 0; i < 4; i++)
			if (sqlite3_column_type(st, 14 + i) != SQLITE_NULL)
				*reals[i] = sqlite3_column_double(st, 14 + i);
		if (sqlite3_column_type(st, 18) != SQLITE_NULL)
			p->fit_sample = (size_t)sqlite3_column_int64(st, 18);
		if (fi__column_text(st, 19))
			snprintf(p->other_types, sizeof p->other_types, "%s", fi__column_text(st, 19));
	}
	sqlite3_finalize(st);
}

/* The feature choice back from its JSON, with SQLite's JSON functions. */
static int load_choices(sqlite3 *db, fi_model *m)
{
	sqlite3_stmt *st;
	int rc = fi__prepare(db, "SELECT json_extract(j.value, '$.feature'), json_extract(j.value, '$.used'),"
				 " json_extract(j.value, '$.runs'), json_extract(j.value, '$.walks'),"
				 " json_extract(j.value, '$.run_median'), json_extract(j.value, '$.walk_median'),"
				 " json_extract(j.value, '$.separation'), json_extract(j.value, '$.drift.label'),"
				 " json_extract(j.value, '$.drift.from_year'), json_extract(j.value, '$.drift.to_year'),"
				 " json_extract(j.value, '$.drift.from'), json_extract(j.value, '$.drift.to'),"
				 " json_extract(j.value, '$.drift.share_of_gap'), json_extract(j.value, '$.reason')"
				 " FROM models, json_each(models.feature_choice) j WHERE models.id = ?"
				 " AND json_valid(models.feature_choice) ORDER BY j.key", &st);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, m->id);
	m->n_choices = 0;
	while (sqlite3_step(st) == SQLITE_ROW && m->n_choices < FI__FEATURE_CANDIDATES) {
		fi__feature_choice *c = &m->choices[m->n_choices];
		const char *name = fi__column_text(st, 0);
		memset(c, 0, sizeof *c);
		for (int f = 1; f <= FI__MAX_FEATURES; f++)
			if (name && strcmp(name, fi_feature_name(f)) == 0)
				c->feature = f;
		if (!c->feature)
			continue;
		c->used = sqlite3_column_int(st, 1) != 0;
		c->runs = (size_t)sqlite3_column_int64(st, 2);
		c->walks = (size_t)sqlite3_column_int64(st, 3);
		c->run_median = fi__column_double(st, 4);
		c->walk_median = fi__column_double(st, 5);
		c->separation = fi__column_double(st, 6);
		c->drift_label = fi__label_from_text(fi__column_text(st, 7));
		c->drift_from_year = sqlite3_column_int(st, 8);
		c->drift_to_year = sqlite3_column_int(st, 9);
		c->drift_from = fi__column_double(st, 10);
		c->drift_to = fi__column_double(st, 11);
		c->drift_share = fi__column_double(st, 12);
		snprintf(c->reason, sizeof c->reason, "%s", fi__column_text(st, 13) ? fi__column_text(st, 13) : "");
		m->n_choices++;
	}
	sqlite3_finalize(st);
	return FI_OK;
}

static int load_features(sqlite3 *db, fi_model *m)
{
	sqlite3_stmt *st;
	int rc = fi__prepare(db, "SELECT idx, name, mean, scale, weight FROM model_features"
				 " WHERE model_id = ? ORDER BY idx", &st);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, m->id);
	size_t j = 0;
	int src;
	while ((src = sqlite3_step(st)) == SQLITE_ROW && j < m->d) {
		const char *name = fi__column_text(st, 1);
		for (int f = 1; f <= FI__MAX_FEATURES; f++)
			if (name && strcmp(name, fi_feature_name(f)) == 0)
				m->features[j] = f;
		m->mean[j] = sqlite3_column_double(st, 2);
		m->scale[j] = sqlite3_column_double(st, 3);
		m->weight[j] = sqlite3_column_double(st, 4);
		if (!m->features[j] || !(m->scale[j] > 0) || !(m->weight[j] > 0))
			break;
		j++;
	}
	sqlite3_finalize(st);
	if (j != m->d)
		return fi__error(FI_ESTORE, FI_ERRCAT_STORE, "model %lld: its features are damaged", (long long)m->id);
	return FI_OK;
}

static int load_clusters(sqlite3 *db, fi_model *m)
{
	sqlite3_stmt *st;
	int rc = fi__prepare(db, "SELECT cluster, label, size, centroid_scaled, centroid, spread, pace_mean,"
				 " pace_min, pace_max, distance_mean, distance_min, distance_max,"
				 " duration_mean, duration_min, duration_max, weight, covariance FROM model_clusters"
				 " WHERE model_id = ? ORDER BY cluster", &st);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, m->id);
	size_t c = 0, d = m->d;
	bool mixture = m->method == FI_CLASSIFY_MIXTURE;
	double *weights = mixture ? malloc(m->k * sizeof *weights) : NULL;
	double *covs = mixture ? malloc(m->k * d * d * sizeof *covs) : NULL;
	if (mixture && (!weights || !covs)) {
		free(weights);
		free(covs);
		sqlite3_finalize(st);
		return fi__error_oom();
	}
	while (sqlite3_step(st) == SQLITE_ROW && c < m->k) {
		m->labels[c] = fi__label_from_text(fi__column_text(st, 1));
		m->sizes[c] = (size_t)sqlite3_column_int64(st, 2);
		bool ok = sqlite3_column_int64(st, 0) == (int64_t)c && m->labels[c] != FI_LABEL_UNKNOWN &&
			  fi__parse_number_array(fi__column_text(st, 3), m->centroids_scaled + c * d, d) &&
			  fi__parse_number_array(fi__column_text(st, 4), m->centroids + c * d, d) &&
			  fi__parse_number_array(fi__column_text(st, 5), m->spread + c * d, d);
		for (size_t j = 0; ok && j < d; j++)
			ok = isfinite(m->centroids_scaled[c * d + j]) && m->spread[c * d + j] > 0;
		if (ok && mixture) {
			weights[c] = fi__column_double(st, 15);
			ok = fi__parse_number_array(fi__column_text(st, 16), covs + c * d * d, d * d);
		}
		if (!ok)
			break;
		double *v = &m->stats[c].pace_mean;
		for (int i = 0; i < 9; i++)
			v[i] = fi__column_double(st, 6 + i);
		c++;
	}
	sqlite3_finalize(st);
	if (c == m->k && mixture) {
		fi__error_snapshot saved;
		fi__error_save(&saved);
		if (fi_mixture_new(m->k, d, weights, m->centroids_scaled, covs, &m->mixture) != FI_OK)
			c = 0;   /* reported below as damage, not as an argument error */
		fi__error_restore(&saved);
	}
	free(weights);
	free(covs);
	if (c != m->k)
		return fi__error(FI_ESTORE, FI_ERRCAT_STORE, "model %lld: its clusters are damaged", (long long)m->id);
	return FI_OK;
}

int fi__model_load(sqlite3 *db, int64_t id, fi_model **out)
{
	*out = NULL;
	sqlite3_stmt *st;
	int rc = fi__prepare(db, id ? "SELECT id, created_at, status, k, (SELECT count(*) FROM model_features"
				      " WHERE model_id = models.id), train_rows, train_from, train_to, inertia,"
				      " iterations, silhouette, outlier_cutoff, method, bic FROM models WHERE id = ?"
				    : "SELECT id, created_at, status, k, (SELECT count(*) FROM model_features"
				      " WHERE model_id = models.id), train_rows, train_from, train_to, inertia,"
				      " iterations, silhouette, outlier_cutoff, method, bic FROM models WHERE status = 'active'", &st);
	if (rc)
		return rc;
	if (id)
		sqlite3_bind_int64(st, 1, id);
	int src = sqlite3_step(st);
	if (src != SQLITE_ROW) {
		sqlite3_finalize(st);
		if (src != SQLITE_DONE)
			return fi__sqlite_error(db, src, "read models");
		return id ? fi__error(FI_ENOTFOUND, FI_ERRCAT_ARG, "no model %lld in the store", (long long)id)
			  : fi__error(FI_ENOTFOUND, FI_ERRCAT_ARG, "no active model: train one first (fitintel train)");
	}
	int64_t k = sqlite3_column_int64(st, 3), d = sqlite3_column_int64(st, 4);
	if (k < 2 || k > 10 || d < 1 || d > FI__MAX_FEATURES) {
		sqlite3_finalize(st);
		return fi__error(FI_ESTORE, FI_ERRCAT_STORE, "model %lld is damaged (k = %lld, %lld features)",
				 (long long)id, (long long)k, (long long)d);
	}
	fi_model *m = fi__model_alloc((size_t)k, (size_t)d);
	if (!m) {
		sqlite3_finalize(st);
		return fi__error_oom();
	}
	m->id = sqlite3_column_int64(st, 0);
	snprintf(m->created_at, sizeof m->created_at, "%s", fi__column_text(st, 1));
	m->status = strcmp(fi__column_text(st, 2), "active") == 0 ? FI_MODEL_ACTIVE : FI_MODEL_ARCHIVED;
	m->train_rows = (size_t)sqlite3_column_int64(st, 5);
	snprintf(m->train_from, sizeof m->train_from, "%s", fi__column_text(st, 6) ? fi__column_text(st, 6) : "");
	snprintf(m->train_to, sizeof m->train_to, "%s", fi__column_text(st, 7) ? fi__column_text(st, 7) : "");
	m->inertia = sqlite3_column_double(st, 8);
	m->iterations = (unsigned int)sqlite3_column_int64(st, 9);
	m->silhouette = fi__column_double(st, 10);
	double stored_cutoff = fi__column_double(st, 11);
	const char *method = fi__column_text(st, 12);
	m->method = method && strcmp(method, "mixture") == 0 ? FI_CLASSIFY_MIXTURE : FI_CLASSIFY_KMEANS;
	m->bic[0] = m->bic[1] = m->bic[2] = (double)NAN;
	if (!fi__parse_number_array(fi__column_text(st, 13), m->bic, 3))
		m->bic[0] = m->bic[1] = m->bic[2] = (double)NAN;
	sqlite3_finalize(st);
	params_from_json(db, m->id, &m->params);
	if ((rc = load_features(db, m)) || (rc = load_clusters(db, m)) || (rc = load_choices(db, m))) {
		fi_model_free(m);
		return rc;
	}
	/* The chi-square part of a cut-off follows from the parameters, so it is recomputed; a
	 * mixture's widening to the training rows is measured data, taken from the store when it is
	 * plausible (at least the chi-square value). */
	double q = m->params.outlier_quantile;
	bool cadence = m->features[m->d - 1] == FI_FEATURE_CADENCE;
	double chi = q < 1 ? gsl_cdf_chisq_Pinv(q, (double)m->d) : (double)INFINITY;
	double widen = m->method == FI_CLASSIFY_MIXTURE && q < 1 && isfinite(stored_cutoff) && stored_cutoff > chi
		     ? stored_cutoff / chi : 1;
	m->outlier_cutoff = chi * widen;
	m->outlier_cutoff_sub = !cadence ? m->outlier_cutoff
			      : q < 1 ? gsl_cdf_chisq_Pinv(q, (double)(m->d - 1)) * widen : (double)INFINITY;
	*out = m;
	return FI_OK;
}

int fi_model_get(fi_store *store, int64_t id, fi_model **out)
{
	if (!store || !out || id < 0)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "store or out is NULL, or a negative id");
	return fi__model_load(store->db, id, out);
}

int fi_model_list(fi_store *store, int64_t **ids, size_t *count)
{
	if (!store || !ids || !count)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "store, ids or count is NULL");
	*ids = NULL;
	*count = 0;
	sqlite3_stmt *st;
	int rc = fi__prepare(store->db, "SELECT id FROM models ORDER BY id DESC", &st);
	if (rc)
		return rc;
	size_t cap = 0;
	int src;
	while ((src = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t *grown = fi__grow(*ids, *count, &cap, sizeof *grown, 16);
		if (!grown) {
			rc = fi__error_oom();
			break;
		}
		*ids = grown;
		(*ids)[(*count)++] = sqlite3_column_int64(st, 0);
	}
	if (rc == FI_OK && src != SQLITE_DONE)
		rc = fi__sqlite_error(store->db, src, "list models");
	sqlite3_finalize(st);
	if (rc) {
		free(*ids);
		*ids = NULL;
		*count = 0;
	}
	return rc;
}
