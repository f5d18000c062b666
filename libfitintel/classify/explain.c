/* Explanations (SPEC §2.4): the decision for one workout, with the numbers behind it and a
 * paragraph in plain words. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model_internal.h"

struct fi_explanation {
	int64_t id;
	char date[11];
	fi__workout_input input;
	int corrected;
	fi__decision decision;
	fi_model *model;   /* NULL when no model was consulted */
	char *text;
};

void fi_explanation_free(fi_explanation *e)
{
	if (!e)
		return;
	fi_model_free(e->model);
	free(e->text);
	free(e);
}

int fi_explanation_label(const fi_explanation *e) { return e ? e->decision.label : FI_LABEL_UNKNOWN; }
int fi_explanation_method(const fi_explanation *e) { return e ? e->decision.method : FI_METHOD_NONE; }
double fi_explanation_confidence(const fi_explanation *e) { return e ? e->decision.confidence : (double)NAN; }
const char *fi_explanation_text(const fi_explanation *e) { return e ? e->text : NULL; }

static const char *label_words(int label)
{
	switch (label) {
	case FI_LABEL_REAL_RUN: return "a real run";
	case FI_LABEL_PUP_WALK: return "a dog walk";
	case FI_LABEL_MIXED: return "a mixed run/walk";
	case FI_LABEL_OUTLIER: return "an outlier";
	case FI_LABEL_OTHER: return "not a run or walk";
	}
	return "unknown";
}

/* Which features the model weighs and why the others are left out (SPEC §2.1). */
static void write_features(fi__buf *b, const fi_model *m)
{
	fi__buf_puts(b, " The model weighs ");
	for (size_t j = 0; j < m->d; j++)
		fi__buf_printf(b, "%s%s", j ? (j + 1 == m->d ? " and " : ", ") : "", fi_feature_name(m->features[j]));
	fi__buf_puts(b, m->d == 1 ? " alone." : ".");
	for (size_t i = 0; i < m->n_choices; i++) {
		const fi__feature_choice *c = &m->choices[i];
		if (!c->used && !isnan(c->separation))
			fi__buf_printf(b, " Left out: %s.", c->reason);
	}
}

static void write_text(fi__buf *b, const fi_explanation *e)
{
	const fi__decision *d = &e->decision;
	const fi__workout_input *w = &e->input;
	if (e->id)
		fi__buf_printf(b, "Workout %lld on %s", (long long)e->id, e->date);
	else
		fi__buf_printf(b, "A workout on %s", e->date);
	fi__buf_printf(b, " is %s (%s, confidence %.2f). ", label_words(d->label),
		      fi_method_name(d->method), d->confidence);
	switch (d->method) {
	case FI_METHOD_USER:
		fi__buf_puts(b, "You corrected it, and a correction always wins over the model.");
		break;
	case FI_METHOD_BOUNDS:
		fi__buf_printf(b, "It is outside the sanity bounds (%s), so it is kept but set aside "
			      "from every statistic.", d->reason);
		break;
	case FI_METHOD_TYPE:
		fi__buf_puts(b, "Its activity type is not on foot (a ride, a swim, a gym session: the list is "
			    "classify.other_types), so it counts in totals and never as a run or a walk.");
		break;
	case FI_METHOD_KMEANS:
	case FI_METHOD_MIXTURE: {
		const fi_model *m = e->model;
		if (d->label == FI_LABEL_OUTLIER) {
			fi__buf_printf(b, "At %.1f min/mi over %.2f mi it lies far from every pattern the "
				      "model learned (%s).", w->pace, w->distance, d->reason);
			write_features(b, m);
			break;
		}
		double mine = m->centroids[(size_t)d->cluster * m->d];
		const char *kind = d->label == FI_LABEL_REAL_RUN ? "run" : d->label == FI_LABEL_PUP_WALK ? "walk" : "mixed";
		/* name the runner-up, so the margin is visible: the nearest cluster of another label
		 * (with k > 3 several clusters share one), else the nearest other cluster */
		int other = -1;
		for (int pass = 0; pass < 2 && other < 0; pass++)
			for (size_t c = 0; c < m->k; c++)
				if ((int)c != d->cluster && (pass || m->labels[c] != d->label) &&
				    (other < 0 || d->place.sqdist[c] < d->place.sqdist[other]))
					other = (int)c;
		if (m->mixture) {
			/* probabilities of labels: the sum over the clusters that stand for each */
			double other_p = 0;
			for (size_t c = 0; other >= 0 && c < m->k; c++)
				other_p += m->labels[c] == m->labels[other] ? d->place.posterior[c] : 0;
			fi__buf_printf(b, "%.1f min/mi fits your learned %s pattern (about %.1f min/mi): "
				      "probability %.2f", w->pace, kind, mine, d->confidence);
			if (other >= 0)
				fi__buf_printf(b, "; %s (nearest pattern %.1f min/mi) has %.2f", fi_label_name(m->labels[other]),
					      m->centroids[(size_t)other * m->d], other_p);
		} else {
			fi__buf_printf(b, "%.1f min/mi is close to your learned %s pace of %.1f min/mi", w->pace, kind, mine);
			if (other >= 0)
				fi__buf_printf(b, " and far from the %s pace of %.1f min/mi (distance %.2f against %.2f in "
					      "scaled units)", fi_label_name(m->labels[other]), m->centroids[(size_t)other * m->d],
					      sqrt(d->place.sqdist[d->cluster]), sqrt(d->place.sqdist[other]));
		}
		fi__buf_puts(b, ".");
		write_features(b, m);
		break;
	}
	case FI_METHOD_ERA:
		fi__buf_printf(b, "There is no model yet, so the era decides: %s.", d->reason);
		break;
	case FI_METHOD_RULE:
		fi__buf_printf(b, "There is no model and no era, so a pace rule decides: %s.", d->reason);
		break;
	}
}

int fi_explanation_to_json(const fi_explanation *e, char **json)
{
	if (!e || !json)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "explanation or json is NULL");
	const fi__decision *d = &e->decision;
	const fi__workout_input *w = &e->input;
	fi__buf b = FI__BUF_INIT;
	if (e->id)
		fi__buf_printf(&b, "{\"id\":%lld", (long long)e->id);
	else
		fi__buf_puts(&b, "{\"id\":null");   /* a hypothetical workout (fi_explain_workout) */
	fi__buf_printf(&b, ",\"workout_date\":\"%s\",\"label\":\"%s\",\"method\":\"%s\"",
		      e->date, fi_label_name(d->label), fi_method_name(d->method));
	fi__buf_json_next_double(&b, "confidence", d->confidence);
	fi__buf_puts(&b, ",\"features\":{\"pace\":");
	fi__buf_json_double(&b, w->pace);
	fi__buf_json_next_double(&b, "distance_mi", w->distance);
	fi__buf_json_next_double(&b, "duration_min", w->duration_s / 60);
	fi__buf_json_next_double(&b, "cadence", fi__cadence(w));
	fi__buf_puts(&b, "},\"reason\":");
	fi__buf_json_string(&b, d->reason, strlen(d->reason));
	fi__buf_printf(&b, ",\"corrected\":%s", e->corrected ? "true" : "false");
	if (e->model && fi__decided_by_model(d->method)) {
		const fi_model *m = e->model;
		fi__buf_printf(&b, ",\"model_id\":%lld,\"cluster\":", (long long)m->id);
		if (d->cluster >= 0)
			fi__buf_printf(&b, "%d", d->cluster);
		else
			fi__buf_puts(&b, "null");
		fi__buf_puts(&b, ",\"scaled\":{");
		for (size_t j = 0; j < m->d; j++) {
			fi__buf_printf(&b, "%s\"%s\":", j ? "," : "", fi_feature_name(m->features[j]));
			fi__buf_json_double(&b, d->place.scaled[j]);
		}
		fi__buf_puts(&b, "},\"centroids\":[");
		for (size_t c = 0; c < m->k; c++) {
			fi__buf_printf(&b, "%s{\"cluster\":%zu,\"label\":\"%s\",\"pace\":", c ? "," : "", c,
				      fi_label_name(m->labels[c]));
			fi__buf_json_double(&b, m->centroids[c * m->d]);
			fi__buf_json_next_double(&b, "distance", sqrt(d->place.sqdist[c]));
			fi__buf_json_next_double(&b, "squared_distance", d->place.sqdist[c]);
			fi__buf_json_next_double(&b, "posterior", d->place.posterior[c]);
			fi__buf_putc(&b, '}');
		}
		fi__buf_puts(&b, "],\"feature_choice\":");
		fi__feature_choices_json(&b, m->choices, m->n_choices);
		fi__buf_json_next_double(&b, "outlier_statistic", d->place.statistic);
		fi__buf_json_next_double(&b, "outlier_cutoff", d->place.dims == m->d ? m->outlier_cutoff : m->outlier_cutoff_sub);
	}
	fi__buf_puts(&b, ",\"text\":");
	fi__buf_json_string(&b, e->text, strlen(e->text));
	fi__buf_putc(&b, '}');
	return fi__buf_finish(&b, json);
}

/* Decide @e->input on @day as a classification of the store would now, and write the paragraph. */
static int decide(fi_store *store, const fi_train_params *params, fi_explanation *e, int32_t day)
{
	fi_train_params p = *params;
	fi__era_table eras = { 0 };
	int rc = FI_OK;
	if (p.use_model) {
		rc = fi__model_load(store->db, 0, &e->model);
		if (rc == FI_ENOTFOUND) {
			fi_error_clear();
			rc = FI_OK;
		}
	}
	if (rc == FI_OK)
		rc = fi__era_table_load(store, &eras);
	if (rc == FI_OK) {
		fi__decide(&p, e->model, &eras, &e->input, day, e->corrected, true, &e->decision);
		fi__buf b = FI__BUF_INIT;
		write_text(&b, e);
		rc = b.failed ? fi__error_oom() : FI_OK;
		e->text = fi__buf_detach(&b);
	}
	fi__era_table_free(&eras);
	return rc;
}

int fi_explain(fi_store *store, int64_t id, fi_explanation **out)
{
	if (!store || !out)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "store or out is NULL");
	*out = NULL;
	fi_explanation *e = calloc(1, sizeof *e);
	if (!e)
		return fi__error_oom();
	e->id = id;
	int32_t day = 0;
	fi_train_params p;
	int rc = fi_train_params_load(store, &p);
	if (rc == FI_OK)
		rc = fi__input_load_one(store->db, id, p.other_types, &day, &e->input, &e->corrected);
	fi__days_to_iso(day, e->date);
	if (rc == FI_OK)
		rc = decide(store, &p, e, day);
	if (rc) {
		fi_explanation_free(e);
		return rc;
	}
	*out = e;
	return FI_OK;
}

int fi_explain_workout(fi_store *store, const fi_workout *w, fi_explanation **out)
{
	if (!store || !w || !out)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "store, workout or out is NULL");
	*out = NULL;
	int32_t day = 0;
	char iso[32];
	if (w->workout_date) {
		if (fi_date_parse(w->workout_date, strlen(w->workout_date), iso) != FI_OK)
			return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "workout date \"%s\" is not a date",
					 w->workout_date);
	} else {
		fi__now_iso(iso);   /* today: the era in force now decides */
		iso[10] = '\0';
	}
	fi__iso_to_days(iso, &day);
	double pace = w->avg_pace;
	if (!isfinite(pace) && w->distance_mi > 0 && isfinite(w->duration_s))
		pace = w->duration_s / 60 / w->distance_mi;
	double duration = w->duration_s;
	if (!isfinite(duration) && isfinite(pace) && isfinite(w->distance_mi))
		duration = pace * w->distance_mi * 60;
	fi_train_params p;
	int rc = fi_train_params_load(store, &p);
	if (rc)
		return rc;
	fi_explanation *e = calloc(1, sizeof *e);
	if (!e)
		return fi__error_oom();
	const char *type = w->activity_type;
	e->input = (fi__workout_input){ pace, w->distance_mi, duration, w->steps,
					fi__type_not_on_foot(p.other_types, type, type ? strlen(type) : 0) };
	fi__days_to_iso(day, e->date);
	rc = decide(store, &p, e, day);
	if (rc) {
		fi_explanation_free(e);
		return rc;
	}
	*out = e;
	return FI_OK;
}
