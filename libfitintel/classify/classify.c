/* Classification passes (SPEC §2.2): the labels of every workout or of one, stored in their rows;
 * activating a model. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "frame/frame_internal.h"
#include "model_internal.h"

/* Decide and write every workout of @in. */
static int write_labels(fi_store *store, const fi_train_params *p, const fi_model *model,
			const fi__inputs *in, fi_classify_summary *summary)
{
	fi__classifier c;
	int rc = fi__classifier_open(store, p, model, false, &c);
	if (rc == FI_OK)
		rc = fi__relabel_all(&c, in);
	if (rc == FI_OK && summary)
		*summary = c.sum;
	fi__classifier_close(&c);
	return rc;
}

int fi__classify_all(fi_store *store, const fi_train_params *p, const fi_model *model,
		     const fi__inputs *in, fi_classify_summary *summary)
{
	fi__inputs own;
	int rc = FI_OK;
	if (!in) {
		if ((rc = fi__inputs_of_store(store, p->other_types, &own)))
			return rc;
		in = &own;
	}
	/* @in holds every workout of the store: each row's label is rewritten */
	rc = write_labels(store, p, model, in, summary);
	if (in == &own)
		fi__inputs_free(&own);
	return rc;
}

int fi__reclassify(fi_store *store)
{
	fi__classifier c;
	int rc = fi__classifier_open(store, NULL, NULL, true, &c);
	if (rc == FI_OK)
		rc = fi__classify_all(store, &c.p, c.model, NULL, NULL);
	fi__classifier_close(&c);
	return rc;
}

int fi_classify_store(fi_store *store, const fi_train_params *params, fi_classify_summary *summary)
{
	int wrc = fi__store_writable(store);
	if (wrc)
		return wrc;
	fi_train_params p;
	int rc = fi__train_params_take(store, params, &p);
	if (rc)
		return rc;
	if ((rc = fi__write_begin(store, "start classifying")))
		return rc;
	fi_model *m = NULL;
	rc = fi__active_model(store, &p, &m);
	if (rc == FI_OK)
		rc = fi__classify_all(store, &p, m, NULL, summary);
	fi_model_free(m);
	return fi__write_end(store, rc, "commit the classification");
}

/* The store's whole frame with workout @id (of @day) classified as @d, kept for the commit: one
 * changed row costs a copy, not the next reader's rebuild from every row. Skipped when no frame is
 * at hand (no cache, no current snapshot) or @id is not in it. */
static void keep_frame_with(fi__classifier *c, fi_frame *whole, int64_t id, int32_t day, const fi__decision *d)
{
	fi_frame *next = NULL;
	size_t n = fi_frame_rows(whole), k = fi__days_lower_bound(fi__frame_day_array(whole), n, day);
	while (k < n && whole->days[k] == day && whole->ids[k] != id)
		k++;
	if (k == n || whole->ids[k] != id || fi__frame_copy(whole, &next) != FI_OK) {
		fi_error_clear();
		return;
	}
	next->labels[k] = (int8_t)d->label;
	next->methods[k] = (int8_t)d->method;
	next->confidence[k] = d->confidence;
	next->model_ids[k] = fi__decided_by_model(d->method) ? c->model->id : 0;
	next->clusters[k] = (int16_t)d->cluster;
	fi__frame_keep_at_commit(c->store, next);
}

int fi__classify_one(fi_store *store, int64_t id)
{
	int32_t day;
	fi__workout_input w;
	int corrected;
	fi__classifier c;
	fi_frame *whole = NULL;
	bool from_rows;
	if (fi__frame_whole_for_write(store, false, &whole, &from_rows) != FI_OK)
		fi_error_clear();
	int rc = fi__classifier_open(store, NULL, NULL, true, &c);
	if (rc == FI_OK)
		rc = fi__input_load_one(store->db, id, c.p.other_types, &day, &w, &corrected);
	if (rc == FI_OK) {
		fi__decision d;
		fi__classifier_decide(&c, day, &w, corrected, &d);
		int64_t before = sqlite3_total_changes64(store->db);
		rc = fi__classifier_write(&c, id, &d);
		if (rc == FI_OK && whole && sqlite3_total_changes64(store->db) != before)
			keep_frame_with(&c, whole, id, day, &d);
	}
	fi__classifier_close(&c);
	fi_frame_free(whole);
	return rc;
}

/* Activation is a classification: the store is relabelled by the model in the same transaction. */
int fi_model_activate(fi_store *store, int64_t id)
{
	int rc = fi__write_begin(store, "activate a model");
	if (rc)
		return rc;
	fi_model *m = NULL;
	fi_train_params p;
	if ((rc = fi__model_load(store->db, id, &m)) == FI_OK &&
	    (rc = fi_train_params_load(store, &p)) == FI_OK) {
		char sql[96];
		snprintf(sql, sizeof sql, "UPDATE models SET status = 'active' WHERE id = %lld", (long long)id);
		rc = fi__exec(store->db, "UPDATE models SET status = 'archived' WHERE status = 'active'",
			      "archive the active model");
		if (rc == FI_OK)
			rc = fi__exec(store->db, sql, "activate a model");
	}
	if (rc == FI_OK)
		rc = fi__classify_all(store, &p, m, NULL, NULL);
	fi_model_free(m);
	return fi__write_end(store, rc, "activate a model");
}
