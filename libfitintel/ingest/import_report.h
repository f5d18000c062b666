/* The import record: built during an import, written to and read back from the store. */
#ifndef FITINTEL_IMPORT_REPORT_H
#define FITINTEL_IMPORT_REPORT_H

#include "store/store_internal.h"
#include "util/idruns.h"

struct fi_import_report {
	int64_t id;
	char *path;
	uint64_t size;
	char sha256[65];
	char started_at[32];
	char finished_at[32];
	int policy;
	int status;
	int64_t rows_read;
	int64_t rows_added;
	int64_t rows_duplicate;
	int64_t rows_rejected;
	int64_t same_as;
	char *message;
	char *quality_json;
	fi__idruns new_ids;       /* sorted runs, read through a merging cursor */
	int64_t *new_id_array;    /* @new_ids expanded by the first fi_import_report_new_ids() */
	fi_reject *rejects;      /* strings owned by the report */
	size_t reject_count;
	size_t reject_cap;
};

fi_import_report *fi__import_report_new(const char *path);
void fi__import_report_clear_new_ids(fi_import_report *r);
int fi__import_report_add_reject(fi_import_report *r, const fi_reject *reject);
int fi__import_report_set_message(fi_import_report *r, const char *message);
/* Take ownership of @json (malloc'd). */
void fi__import_report_set_quality(fi_import_report *r, char *json);

const char *fi__policy_name(int policy);
int fi__policy_from_name(const char *name);
int fi_import_status__from_name(const char *name);

/* Store side (import_store.c). */
/* Insert the record and its kept rejects; sets r->id. Runs inside the caller's transaction. */
int fi__import_report_insert(sqlite3 *db, fi_import_report *r);
/* Update counts, status, times, message, quality of an inserted record. */
int fi__import_report_update(sqlite3 *db, const fi_import_report *r);
/* The id of an earlier import of the same bytes that completed and answers for @policy, or 0. */
int fi__import_report_find_same_content(sqlite3 *db, const char *sha256, int policy, int64_t *out);

#endif
