/* The decision of SPEC §2.2 for one workout, and the classifier that applies it workout by
 * workout with the store's model, eras and configuration. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model_internal.h"

void fi__decide(const fi_train_params *p, const fi_model *model, const fi__era_table *eras,
		const fi__workout_input *w, int32_t day, int corrected, bool words, fi__decision *out)
{
	out->cluster = -1;
	out->reason[0] = '\0';
	if (corrected) {
		*out = (fi__decision){ corrected, FI_METHOD_USER, 1.0, -1, "corrected by the user", { 0 } };
		return;
	}
	if (w->not_on_foot) {
		*out = (fi__decision){ FI_LABEL_OTHER, FI_METHOD_TYPE, 1.0, -1, "", { 0 } };
		snprintf(out->reason, sizeof out->reason, "its activity type is not on foot (classify.other_types)");
		return;
	}
	if (!fi__within_bounds(p, w, out->reason, sizeof out->reason)) {
		out->label = FI_LABEL_OUTLIER;
		out->method = FI_METHOD_BOUNDS;
		out->confidence = 1.0;
		return;
	}
	if (model) {
		fi__model_place(model, w, &out->place);
		out->method = model->mixture ? FI_METHOD_MIXTURE : FI_METHOD_KMEANS;
		out->confidence = out->place.confidence;
		if (out->place.outlier) {
			out->label = FI_LABEL_OUTLIER;
			snprintf(out->reason, sizeof out->reason,
				 model->mixture ? "%.1f (squared Mahalanobis distance) from the nearest cluster, beyond the cut-off %.1f"
						: "%.1f from the nearest cluster in units of its spread, beyond the cut-off %.1f",
				 out->place.statistic,
				 out->place.dims == model->d ? model->outlier_cutoff : model->outlier_cutoff_sub);
		} else {
			out->cluster = out->place.cluster;
			out->label = model->labels[out->cluster];
			if (words && model->mixture)
				snprintf(out->reason, sizeof out->reason, "most probable cluster: %d (%s), p = %.3f",
					 out->cluster, fi_label_name(out->label), out->place.confidence);
			else if (words)
				snprintf(out->reason, sizeof out->reason, "nearest centroid: cluster %d (%s)",
					 out->cluster, fi_label_name(out->label));
		}
		return;
	}
	if (eras && eras->n) {
		const char *when = fi__era_period_of(eras, day) == 0 ? "before" : "on or after";
		out->label = fi__era_default_label(eras, day, NULL);
		out->method = FI_METHOD_ERA;
		out->confidence = 0.5;
		if (words)
			snprintf(out->reason, sizeof out->reason, "no model: default label of the era %s this date", when);
		return;
	}
	out->method = FI_METHOD_RULE;
	out->confidence = 0.3;
	out->label = w->pace < p->rule_run_pace ? FI_LABEL_REAL_RUN
		   : w->pace > p->rule_walk_pace ? FI_LABEL_PUP_WALK : FI_LABEL_MIXED;
	if (!words)
		return;
	if (out->label == FI_LABEL_REAL_RUN)
		snprintf(out->reason, sizeof out->reason, "pace %.2f < %g min/mi", w->pace, p->rule_run_pace);
	else if (out->label == FI_LABEL_PUP_WALK)
		snprintf(out->reason, sizeof out->reason, "pace %.2f > %g min/mi", w->pace, p->rule_walk_pace);
	else
		snprintf(out->reason, sizeof out->reason, "pace %.2f between %g and %g min/mi", w->pace,
			 p->rule_run_pace, p->rule_walk_pace);
}

int fi__active_model(fi_store *store, const fi_train_params *p, fi_model **out)
{
	*out = NULL;
	if (!p->use_model)
		return FI_OK;
	int rc = fi__model_load(store->db, 0, out);
	if (rc == FI_ENOTFOUND) {
		fi_error_clear();
		return FI_OK;
	}
	return rc;
}

int fi__classifier_open(fi_store *store, const fi_train_params *p, const fi_model *model,
			bool load_active, fi__classifier *out)
{
	memset(out, 0, sizeof *out);
	out->store = store;
	out->db = store->db;
	int rc = fi__train_params_take(store, p, &out->p);
	if (rc)
		return rc;
	if (!load_active)
		out->model = out->p.use_model ? model : NULL;
	else if ((rc = fi__active_model(store, &out->p, &out->owned)) == FI_OK)
		out->model = out->owned;
	if (rc == FI_OK)
		rc = fi__era_table_load(store, &out->eras);
	if (rc == FI_OK)
		/* a row whose decision stands is not rewritten: a reclassification after an era or a
		 * correction writes only the workouts it changed */
		rc = fi__prepare(store->db, "UPDATE workouts SET label = ?1, method = ?2, confidence = ?3,"
					    " model_id = ?4, cluster = ?5, reason = ?6 WHERE id = ?7 AND"
					    " (label, method, confidence, model_id, cluster, reason) IS NOT"
					    " (?1, ?2, ?3, ?4, ?5, ?6)", &out->update);
	out->sum.model_id = out->model ? out->model->id : 0;
	if (rc)
		fi__classifier_close(out);
	return rc;
}

void fi__classifier_close(fi__classifier *c)
{
	sqlite3_finalize(c->update);
	fi_model_free(c->owned);
	fi__era_table_free(&c->eras);
	fi__type_cache_free(&c->types);
	memset(c, 0, sizeof *c);
}

void fi__classifier_decide(fi__classifier *c, int32_t day, const fi__workout_input *w, int corrected,
			   fi__decision *d)
{
	fi__decide(&c->p, c->model, &c->eras, w, day, corrected, false, d);
	fi__classify_summary_count(&c->sum, d);
}

void fi__classifier_bind(const fi__classifier *c, sqlite3_stmt *st, int first, const fi__decision *d)
{
	sqlite3_bind_text(st, first, fi_label_name(d->label), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, first + 1, fi_method_name(d->method), -1, SQLITE_STATIC);
	sqlite3_bind_double(st, first + 2, d->confidence);
	if (fi__decided_by_model(d->method))
		sqlite3_bind_int64(st, first + 3, c->model->id);
	else
		sqlite3_bind_null(st, first + 3);
	if (d->cluster >= 0)
		sqlite3_bind_int(st, first + 4, d->cluster);
	else
		sqlite3_bind_null(st, first + 4);
	if (fi__decision_keeps_reason(d->label, d->method))
		sqlite3_bind_text(st, first + 5, d->reason, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, first + 5);
}

int fi__classifier_add(fi__classifier *c, int64_t id, int32_t day, const fi__workout_input *w, int corrected)
{
	fi__decision d;
	fi__classifier_decide(c, day, w, corrected, &d);
	return fi__classifier_write(c, id, &d);
}

int fi__classifier_write(fi__classifier *c, int64_t id, const fi__decision *d)
{
	sqlite3_stmt *st = c->update;
	fi__classifier_bind(c, st, 1, d);
	sqlite3_bind_int64(st, 7, id);
	int src = sqlite3_step(st);
	sqlite3_reset(st);
	return src == SQLITE_DONE ? FI_OK : fi__sqlite_error(c->db, src, "store a classification");
}
