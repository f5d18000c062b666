/* Models: layout, accessors, features, placement of a workout, and the JSON rendering. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <gsl/gsl_cdf.h>

#include "model_internal.h"

/* Cadence outside this range is a sensor or counter fault, not a gait. */
#define CADENCE_MIN 20.0
#define CADENCE_MAX 300.0

fi_model *fi__model_alloc(size_t k, size_t d)
{
	fi_model *m = calloc(1, sizeof *m);
	if (!m)
		return NULL;
	m->method = FI_CLASSIFY_KMEANS;
	m->bic[0] = m->bic[1] = m->bic[2] = (double)NAN;
	m->k = k;
	m->d = d;
	m->centroids_scaled = calloc(k * d, sizeof(double));
	m->centroids = calloc(k * d, sizeof(double));
	m->spread = calloc(k * d, sizeof(double));
	m->labels = calloc(k, sizeof(int));
	m->sizes = calloc(k, sizeof(size_t));
	m->stats = calloc(k, sizeof(fi__cluster_stats));
	m->silhouette = (double)NAN;
	if (!m->centroids_scaled || !m->centroids || !m->spread || !m->labels || !m->sizes || !m->stats) {
		fi_model_free(m);
		return NULL;
	}
	return m;
}

void fi_model_free(fi_model *m)
{
	if (!m)
		return;
	FI__FREE_ALL(m->centroids_scaled, m->centroids, m->spread, m->labels, m->sizes, m->stats);
	fi_mixture_free(m->mixture);
	free(m);
}

bool fi__type_cache_not_on_foot(fi__type_cache *c, const char *list, const char *type, size_t type_len)
{
	if (!type || !list || !*list)
		return false;
	for (size_t i = 0; i < FI__TYPE_CACHE && c->slot[i].type; i++)
		if (c->slot[i].len == type_len && memcmp(c->slot[i].type, type, type_len) == 0)
			return c->slot[i].not_on_foot;
	bool verdict = fi__type_not_on_foot(list, type, type_len);
	char *copy = malloc(type_len + 1);
	if (copy) {
		memcpy(copy, type, type_len);
		copy[type_len] = '\0';
		free(c->slot[c->next].type);
		c->slot[c->next].type = copy;
		c->slot[c->next].len = type_len;
		c->slot[c->next].not_on_foot = verdict;
		c->next = (c->next + 1) % FI__TYPE_CACHE;
	}
	return verdict;
}

void fi__type_cache_free(fi__type_cache *c)
{
	for (size_t i = 0; i < FI__TYPE_CACHE; i++)
		free(c->slot[i].type);
	memset(c, 0, sizeof *c);
}

const char *fi_classify_method_name(int method)
{
	return method == FI_CLASSIFY_KMEANS ? "kmeans" : method == FI_CLASSIFY_MIXTURE ? "mixture" : NULL;
}

bool fi__type_not_on_foot(const char *list, const char *type, size_t type_len)
{
	if (!type || !list)
		return false;
	for (const char *part = list; *part;) {
		while (*part == ',' || *part == ' ')
			part++;
		size_t len = strcspn(part, ",");
		while (len && part[len - 1] == ' ')
			len--;
		for (size_t at = 0; len && at + len <= type_len; at++)
			if (strncasecmp(type + at, part, len) == 0)
				return true;
		part += strcspn(part, ",");
	}
	return false;
}

double fi__cadence(const fi__workout_input *w)
{
	if (!(w->steps > 0) || !(w->duration_s > 0))
		return (double)NAN;
	double c = w->steps / (w->duration_s / 60);
	return c >= CADENCE_MIN && c <= CADENCE_MAX ? c : (double)NAN;
}

bool fi__within_bounds(const fi_train_params *p, const fi__workout_input *w, char *reason, size_t cap)
{
	if (isnan(w->pace) || isnan(w->distance) || isnan(w->duration_s)) {
		snprintf(reason, cap, "missing %s", isnan(w->pace) ? "pace" : isnan(w->distance) ? "distance" : "duration");
		return false;
	}
	if (!(w->pace > 0) || w->pace > p->pace_max) {
		snprintf(reason, cap, "pace %.6g min/mi is outside (0, %g]", w->pace, p->pace_max);
		return false;
	}
	if (!(w->distance > 0) || w->distance > p->distance_max) {
		snprintf(reason, cap, "distance %.6g mi is outside (0, %g]", w->distance, p->distance_max);
		return false;
	}
	if (!(w->duration_s > 0) || w->duration_s > p->duration_max_h * 3600) {
		snprintf(reason, cap, "duration %.6g s is outside (0, %g h]", w->duration_s, p->duration_max_h);
		return false;
	}
	return true;
}

double fi__feature_value(int feature, const fi__workout_input *w)
{
	switch (feature) {
	case FI_FEATURE_PACE: return log(w->pace);
	case FI_FEATURE_LOG_DISTANCE: return log(w->distance);
	case FI_FEATURE_LOG_DURATION: return log(w->duration_s / 60);
	case FI_FEATURE_CADENCE: return fi__cadence(w);
	}
	return (double)NAN;
}

/* The mixture's verdict on the placed row: posteriors, the most probable component, and the
 * smallest Mahalanobis distance as the outlier statistic. */
/* The mixture's verdict on the placed row. Several clusters can stand for one label (k = 5 maps
 * to at most three), so the decision is the label with the largest total posterior, the cluster
 * the most probable one of that label, and the confidence the label's probability. The outlier
 * statistic is the smallest Mahalanobis distance over the components. */
static void place_in_mixture(const fi_model *m, fi__placement *out)
{
	double by_label[FI_LABEL_COUNT] = { 0 };
	fi_mixture_score(m->mixture, out->scaled, 1, m->d, out->dims, NULL, out->posterior, out->sqdist, NULL);
	out->statistic = (double)INFINITY;
	for (size_t c = 0; c < m->k; c++) {
		out->statistic = fmin(out->statistic, out->sqdist[c]);
		by_label[m->labels[c]] += out->posterior[c];
	}
	int best = 0;
	for (size_t c = 1; c < m->k; c++) {
		double lc = by_label[m->labels[c]], lb = by_label[m->labels[best]];
		if (lc > lb || (lc == lb && m->labels[c] == m->labels[best] && out->posterior[c] > out->posterior[best]))
			best = (int)c;
	}
	out->cluster = best;
	double cutoff = out->dims == m->d ? m->outlier_cutoff : m->outlier_cutoff_sub;
	out->outlier = out->statistic > cutoff;
	out->confidence = out->outlier ? gsl_cdf_chisq_P(out->statistic, (double)out->dims)
				       : by_label[m->labels[best]];
}

void fi__model_place(const fi_model *m, const fi__workout_input *w, fi__placement *out)
{
	size_t dims = 0;
	bool has[FI__MAX_FEATURES];
	for (size_t j = 0; j < m->d; j++) {
		double v = fi__feature_value(m->features[j], w);
		has[j] = !isnan(v);   /* only cadence, the last feature, can be missing inside the bounds */
		out->scaled[j] = has[j] ? m->weight[j] * (v - m->mean[j]) / m->scale[j] : (double)NAN;
		dims += has[j];
	}
	out->dims = dims;
	out->cluster = 0;
	for (size_t c = 0; c < m->k; c++)
		out->posterior[c] = (double)NAN;
	if (m->mixture) {
		place_in_mixture(m, out);
		return;
	}
	double best = (double)INFINITY;
	for (size_t c = 0; c < m->k; c++) {
		const double *centroid = m->centroids_scaled + c * m->d;
		double s = 0;
		for (size_t j = 0; j < m->d; j++)
			if (has[j]) {
				double diff = out->scaled[j] - centroid[j];
				s += diff * diff;
			}
		out->sqdist[c] = s;
		if (s < best) {
			best = s;
			out->cluster = (int)c;
		}
	}
	const double *centroid = m->centroids_scaled + (size_t)out->cluster * m->d;
	const double *spread = m->spread + (size_t)out->cluster * m->d;
	double stat = 0;
	for (size_t j = 0; j < m->d; j++)
		if (has[j]) {
			double diff = out->scaled[j] - centroid[j];
			stat += diff * diff / spread[j];
		}
	out->statistic = stat;
	double cutoff = dims == m->d ? m->outlier_cutoff : m->outlier_cutoff_sub;
	out->outlier = stat > cutoff;
	out->confidence = out->outlier ? gsl_cdf_chisq_P(stat, (double)dims)
				       : fi_kmeans_confidence(out->sqdist, m->k);
}

int64_t fi_model_id(const fi_model *m) { return m ? m->id : 0; }
const char *fi_model_created_at(const fi_model *m) { return m ? m->created_at : NULL; }
int fi_model_status(const fi_model *m) { return m ? m->status : 0; }
size_t fi_model_k(const fi_model *m) { return m ? m->k : 0; }
size_t fi_model_dims(const fi_model *m) { return m ? m->d : 0; }
size_t fi_model_train_rows(const fi_model *m) { return m ? m->train_rows : 0; }
const char *fi_model_train_from(const fi_model *m) { return m ? m->train_from : NULL; }
const char *fi_model_train_to(const fi_model *m) { return m ? m->train_to : NULL; }
double fi_model_inertia(const fi_model *m) { return m ? m->inertia : (double)NAN; }
unsigned int fi_model_iterations(const fi_model *m) { return m ? m->iterations : 0; }
double fi_model_silhouette(const fi_model *m) { return m ? m->silhouette : (double)NAN; }
const fi_train_params *fi_model_params(const fi_model *m) { return m ? &m->params : NULL; }

int fi_model_feature(const fi_model *m, size_t j)
{
	return m && j < m->d ? m->features[j] : 0;
}

size_t fi_model_feature_choices(const fi_model *m)
{
	return m ? m->n_choices : 0;
}

const char *fi_model_feature_choice(const fi_model *m, size_t i, int *feature, int *used)
{
	if (!m || i >= m->n_choices)
		return NULL;
	if (feature)
		*feature = m->choices[i].feature;
	if (used)
		*used = m->choices[i].used;
	return m->choices[i].reason;
}

int fi_model_scaler(const fi_model *m, size_t j, double *mean, double *scale, double *weight)
{
	if (!m || j >= m->d)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "no feature %zu in the model", j);
	if (mean)
		*mean = m->mean[j];
	if (scale)
		*scale = m->scale[j];
	if (weight)
		*weight = m->weight[j];
	return FI_OK;
}

const double *fi_model_centroid_scaled(const fi_model *m, size_t c)
{
	return m && c < m->k ? m->centroids_scaled + c * m->d : NULL;
}

const double *fi_model_centroid(const fi_model *m, size_t c)
{
	return m && c < m->k ? m->centroids + c * m->d : NULL;
}

int fi_model_cluster_label(const fi_model *m, size_t c)
{
	return m && c < m->k ? m->labels[c] : FI_LABEL_UNKNOWN;
}

/* "Cluster 0 holds 919 workouts, read as real runs: about 9.4 min/mi … Why: …" */
static void cluster_sentence(fi__buf *b, const fi_model *m, size_t c)
{
	const fi__cluster_stats *s = &m->stats[c];
	const char *what = m->labels[c] == FI_LABEL_REAL_RUN ? "real runs"
			 : m->labels[c] == FI_LABEL_PUP_WALK ? "dog walks"
			 : "mixed run/walk outings";
	fi__buf_printf(b, "Cluster %zu holds %zu workouts, read as %s: about %.1f min/mi "
		      "(%.1f–%.1f) over %.1f mi in %.0f min on average.", c, m->sizes[c], what,
		      s->pace_mean, s->pace_min, s->pace_max, s->distance_mean, s->duration_mean);
	fi__buf why = FI__BUF_INIT;
	int rule = fi__model_label_rule(m, c, &why);
	if (rule == m->labels[c])
		fi__buf_printf(b, " Why: %s.", why.data ? why.data : "");
	else
		fi__buf_printf(b, " Its label was set by corrections (or by the rule of the version that trained "
			      "the model); the rule alone would read it as %s: %s.", fi_label_name(rule),
			      why.data ? why.data : "");
	fi__buf_free(&why);
}

size_t fi_model_cluster_meaning(const fi_model *m, size_t c, char *buf, size_t cap)
{
	if (buf && cap)
		buf[0] = '\0';
	if (!m || c >= m->k)
		return 0;
	fi__buf b = FI__BUF_INIT;
	cluster_sentence(&b, m, c);
	size_t len = b.failed ? 0 : b.len;
	if (buf && cap && len) {
		size_t take = len < cap ? len : cap - 1;
		memcpy(buf, b.data, take);
		buf[take] = '\0';
	}
	fi__buf_free(&b);
	return len;
}

size_t fi_model_cluster_size(const fi_model *m, size_t c)
{
	return m && c < m->k ? m->sizes[c] : 0;
}

/* The silhouette from which each quality word applies, best first (also in the model's JSON). */
static const struct { double from; const char *quality; } quality_bands[] = {
	{ 0.7, "excellent" }, { 0.5, "good" }, { 0.3, "acceptable" }, { -1.0, "needs improvement" },
};
#define QUALITY_BANDS (sizeof quality_bands / sizeof quality_bands[0])

const char *fi_model_quality(const fi_model *m)
{
	double s = m ? m->silhouette : (double)NAN;
	for (size_t i = 0; i + 1 < QUALITY_BANDS; i++)
		if (s >= quality_bands[i].from)
			return quality_bands[i].quality;
	return quality_bands[QUALITY_BANDS - 1].quality;   /* also for NaN: no silhouette */
}

static void json_array(fi__buf *b, const double *v, size_t n)
{
	fi__buf_putc(b, '[');
	for (size_t i = 0; i < n; i++) {
		if (i)
			fi__buf_putc(b, ',');
		fi__buf_json_double(b, v[i]);
	}
	fi__buf_putc(b, ']');
}

static void json_params(fi__buf *b, const fi_train_params *p)
{
	fi__buf_printf(b, "{\"k\":%zu,\"n_init\":%u,\"max_iter\":%u", p->k, p->n_init, p->max_iter);
	fi__buf_json_next_double(b, "tol", p->tol);
	fi__buf_printf(b, ",\"seed\":%llu,\"use_cadence\":\"%s\",\"weights\":{",
		      (unsigned long long)p->seed,
		      p->use_cadence == FI_CADENCE_ALWAYS ? "always" : p->use_cadence == FI_CADENCE_NEVER ? "never" : "auto");
	fi__buf_json_key_double(b, "pace", p->weight_pace);
	fi__buf_json_next_double(b, "distance", p->weight_distance);
	fi__buf_json_next_double(b, "duration", p->weight_duration);
	fi__buf_json_next_double(b, "cadence", p->weight_cadence);
	fi__buf_putc(b, '}');
	fi__buf_json_next_double(b, "outlier_quantile", p->outlier_quantile);
	fi__buf_printf(b, ",\"min_samples\":%zu,\"use_corrections\":%s,\"bounds\":{",
		      p->min_samples, p->use_corrections ? "true" : "false");
	fi__buf_json_key_double(b, "pace_max", p->pace_max);
	fi__buf_json_next_double(b, "distance_max", p->distance_max);
	fi__buf_json_next_double(b, "duration_max_h", p->duration_max_h);
	fi__buf_printf(b, "},\"silhouette_sample\":%zu,\"method\":\"%s\",\"label_bounds\":{",
		      p->silhouette_sample, fi_classify_method_name(p->method) ? fi_classify_method_name(p->method) : "kmeans");
	fi__buf_json_key_double(b, "run", p->run_bound);
	fi__buf_json_next_double(b, "walk", p->walk_bound);
	fi__buf_putc(b, '}');
	fi__buf_json_next_double(b, "min_separation", p->min_separation);
	fi__buf_json_next_double(b, "max_drift", p->max_drift);
	fi__buf_printf(b, ",\"fit_sample\":%zu,\"other_types\":", p->fit_sample);
	fi__buf_json_string(b, p->other_types, strlen(p->other_types));
	fi__buf_putc(b, '}');
}

void fi__model_params_json(fi__buf *b, const fi_train_params *p)
{
	json_params(b, p);
}

int fi_model_to_json(const fi_model *m, char **json)
{
	if (!m || !json)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "model or json is NULL");
	fi__buf b = FI__BUF_INIT;
	fi__buf_printf(&b, "{\"id\":%lld,\"created_at\":", (long long)m->id);
	fi__buf_json_string(&b, m->created_at, strlen(m->created_at));
	fi__buf_printf(&b, ",\"status\":\"%s\",\"method\":\"%s\",\"k\":%zu,\"features\":[",
		      m->status == FI_MODEL_ACTIVE ? "active" : "archived", fi_classify_method_name(m->method), m->k);
	for (size_t j = 0; j < m->d; j++)
		fi__buf_printf(&b, "%s\"%s\"", j ? "," : "", fi_feature_name(m->features[j]));
	fi__buf_puts(&b, "],\"feature_choice\":");
	fi__feature_choices_json(&b, m->choices, m->n_choices);
	fi__buf_puts(&b, ",\"bic\":");
	if (isnan(m->bic[0]) && isnan(m->bic[1]) && isnan(m->bic[2]))
		fi__buf_puts(&b, "null");
	else
		for (int i = 0; i < 3; i++) {
			fi__buf_printf(&b, "%s\"%d\":", i ? "," : "{", i + 2);
			fi__buf_json_double(&b, m->bic[i]);
		}
	if (!(isnan(m->bic[0]) && isnan(m->bic[1]) && isnan(m->bic[2])))
		fi__buf_putc(&b, '}');
	fi__buf_puts(&b, ",\"mean\":");
	json_array(&b, m->mean, m->d);
	fi__buf_puts(&b, ",\"scale\":");
	json_array(&b, m->scale, m->d);
	fi__buf_puts(&b, ",\"weight\":");
	json_array(&b, m->weight, m->d);
	fi__buf_puts(&b, ",\"params\":");
	json_params(&b, &m->params);
	fi__buf_printf(&b, ",\"train_rows\":%zu,\"train_from\":\"%s\",\"train_to\":\"%s\",\"inertia\":",
		      m->train_rows, m->train_from, m->train_to);
	fi__buf_json_double(&b, m->inertia);
	fi__buf_printf(&b, ",\"iterations\":%u,\"silhouette\":", m->iterations);
	fi__buf_json_double(&b, m->silhouette);
	fi__buf_printf(&b, ",\"quality\":\"%s\",\"quality_bands\":[", fi_model_quality(m));
	for (size_t i = 0; i < QUALITY_BANDS; i++)
		fi__buf_printf(&b, "%s{\"from\":%g,\"quality\":\"%s\"}", i ? "," : "", quality_bands[i].from,
			      quality_bands[i].quality);
	fi__buf_puts(&b, "],\"outlier_cutoff\":");
	fi__buf_json_double(&b, m->outlier_cutoff);
	fi__buf_puts(&b, ",\"clusters\":[");
	for (size_t c = 0; c < m->k; c++) {
		const fi__cluster_stats *s = &m->stats[c];
		fi__buf_printf(&b, "%s{\"cluster\":%zu,\"label\":\"%s\",\"size\":%zu,\"centroid_scaled\":",
			      c ? "," : "", c, fi_label_name(m->labels[c]), m->sizes[c]);
		json_array(&b, m->centroids_scaled + c * m->d, m->d);
		fi__buf_puts(&b, ",\"centroid\":");
		json_array(&b, m->centroids + c * m->d, m->d);
		fi__buf_puts(&b, ",\"spread\":");
		json_array(&b, m->spread + c * m->d, m->d);
		if (m->mixture) {
			fi__buf_json_next_double(&b, "weight", fi_mixture_weights(m->mixture)[c]);
			fi__buf_puts(&b, ",\"covariance\":");
			json_array(&b, fi_mixture_covariances(m->mixture) + c * m->d * m->d, m->d * m->d);
		}
		const double pace[3] = { s->pace_mean, s->pace_min, s->pace_max };
		const double dist[3] = { s->distance_mean, s->distance_min, s->distance_max };
		const double dur[3] = { s->duration_mean, s->duration_min, s->duration_max };
		fi__buf_puts(&b, ",\"pace_mean_min_max\":");
		json_array(&b, pace, 3);
		fi__buf_puts(&b, ",\"distance_mean_min_max\":");
		json_array(&b, dist, 3);
		fi__buf_puts(&b, ",\"duration_min_mean_min_max\":");
		json_array(&b, dur, 3);
		fi__buf_puts(&b, ",\"meaning\":");
		fi__buf tmp = FI__BUF_INIT;
		cluster_sentence(&tmp, m, c);
		fi__buf_json_string(&b, tmp.data ? tmp.data : "", tmp.len);
		fi__buf_free(&tmp);
		fi__buf_putc(&b, '}');
	}
	fi__buf_puts(&b, "]}");
	return fi__buf_finish(&b, json);
}

bool fi__parse_number_array(const char *s, double *out, size_t n)
{
	if (!s || *s++ != '[')
		return false;
	for (size_t i = 0; i < n; i++) {
		while (*s == ' ' || *s == ',')
			s++;
		char *end;
		if (strncmp(s, "null", 4) == 0) {
			out[i] = (double)NAN;
			end = (char *)s + 4;
		} else {
			out[i] = strtod(s, &end);
			if (end == s)
				return false;
		}
		s = end;
	}
	return *s == ']';
}
