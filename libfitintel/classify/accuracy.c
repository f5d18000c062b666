/* Accuracy of the classifier against the user's corrections (SPEC §2.6). */
#include <math.h>
#include <string.h>

#include "model_internal.h"

int fi_accuracy_measure(fi_store *store, fi_accuracy *out)
{
	if (!store || !out)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "store or out is NULL");
	memset(out, 0, sizeof *out);
	fi_train_params p;
	fi_model *m = NULL;
	fi__era_table eras = { 0 };
	int rc = fi_train_params_load(store, &p);
	if (rc == FI_OK && p.use_model) {
		rc = fi__model_load(store->db, 0, &m);
		if (rc == FI_ENOTFOUND) {
			fi_error_clear();
			rc = FI_OK;
		}
	}
	if (rc == FI_OK)
		rc = fi__era_table_load(store, &eras);
	/* only the corrected workouts count: each is read by its id, not the whole store, in one
	 * read transaction */
	sqlite3_stmt *st = NULL;
	bool own = rc == FI_OK && sqlite3_get_autocommit(store->db);
	if (own)
		rc = fi__exec(store->db, "BEGIN", "start reading");
	if (rc == FI_OK)
		rc = fi__prepare(store->db, "SELECT workout_id FROM corrections c WHERE id ="
					    " (SELECT max(id) FROM corrections WHERE workout_id = c.workout_id)"
					    " AND new_label IS NOT NULL ORDER BY workout_id", &st);
	int src = SQLITE_DONE;
	while (rc == FI_OK && (src = sqlite3_step(st)) == SQLITE_ROW) {
		int32_t day;
		fi__workout_input w;
		int truth;
		if ((rc = fi__input_load_one(store->db, sqlite3_column_int64(st, 0), p.other_types, &day, &w,
					     &truth)) || !truth)
			continue;
		fi__decision d;
		fi__decide(&p, m, &eras, &w, day, 0, false, &d);
		out->confusion[truth][d.label]++;
		out->n++;
		out->agree += d.label == truth;
	}
	if (rc == FI_OK && src != SQLITE_DONE)
		rc = fi__sqlite_error(store->db, src, "read corrections");
	sqlite3_finalize(st);
	if (own)
		sqlite3_exec(store->db, "COMMIT", NULL, NULL, NULL);
	out->model_id = m ? m->id : 0;
	out->accuracy = out->n ? (double)out->agree / (double)out->n : (double)NAN;
	for (int l = 0; l < FI_LABEL_COUNT; l++) {
		size_t predicted = 0, actual = 0;
		for (int o = 0; o < FI_LABEL_COUNT; o++) {
			predicted += out->confusion[o][l];
			actual += out->confusion[l][o];
		}
		out->precision[l] = predicted ? (double)out->confusion[l][l] / (double)predicted : (double)NAN;
		out->recall[l] = actual ? (double)out->confusion[l][l] / (double)actual : (double)NAN;
	}
	fi_model_free(m);
	fi__era_table_free(&eras);
	return rc;
}

int fi_accuracy_to_json(const fi_accuracy *a, char **json)
{
	if (!a || !json)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "accuracy or json is NULL");
	fi__buf b = FI__BUF_INIT;
	fi__buf_printf(&b, "{\"corrections\":%zu,\"agree\":%zu,\"accuracy\":", a->n, a->agree);
	fi__buf_json_double(&b, a->accuracy);
	fi__buf_printf(&b, ",\"model_id\":%lld,\"labels\":{", (long long)a->model_id);
	for (int l = 1; l < FI_LABEL_COUNT; l++) {
		fi__buf_printf(&b, "%s\"%s\":{\"precision\":", l > 1 ? "," : "", fi_label_name(l));
		fi__buf_json_double(&b, a->precision[l]);
		fi__buf_puts(&b, ",\"recall\":");
		fi__buf_json_double(&b, a->recall[l]);
		fi__buf_puts(&b, "}");
	}
	fi__buf_puts(&b, "},\"confusion\":{");
	for (int t = 1; t < FI_LABEL_COUNT; t++) {
		fi__buf_printf(&b, "%s\"%s\":{", t > 1 ? "," : "", fi_label_name(t));
		for (int l = 0; l < FI_LABEL_COUNT; l++)
			fi__buf_printf(&b, "%s\"%s\":%zu", l ? "," : "", fi_label_name(l), a->confusion[t][l]);
		fi__buf_putc(&b, '}');
	}
	fi__buf_puts(&b, "}}");
	return fi__buf_finish(&b, json);
}
