/* Import MapMyRun exports and print each import's summary.
 *
 *   import_summary [--db PATH] [--skip] FILE...
 *
 * Exit status: 0 when every file was imported, 3 when one was refused, 1 on other errors
 * (2 for a bad command line). */
#include <string.h>

#include "check.h"

static void print_report(const fi_import_report *r)
{
	size_t new_ids = 0;
	fi_import_report_new_ids(r, &new_ids);
	printf("%s\n", fi_import_report_message(r));
	printf("  status %s: %lld read, %lld added, %lld duplicates, %lld rejected, %zu new ids\n",
	       fi_import_status_name(fi_import_report_status(r)),
	       (long long)fi_import_report_rows_read(r), (long long)fi_import_report_rows_added(r),
	       (long long)fi_import_report_rows_duplicate(r),
	       (long long)fi_import_report_rows_rejected(r), new_ids);
	printf("  sha256 %s\n", fi_import_report_sha256(r));
	size_t shown = fi_import_report_reject_count(r);
	for (size_t i = 0; i < shown && i < 5; i++) {
		const fi_reject *j = fi_import_report_reject(r, i);
		printf("  rejected line %ld, %s: %s\n", j->line, *j->field ? j->field : "(row)",
		       j->message);
	}
}

int main(int argc, char **argv)
{
	const char *db = NULL;
	fi_ingest_params opts = FI_INGEST_PARAMS_INIT;
	int first = 1, usage = 0;
	for (; first < argc && strncmp(argv[first], "--", 2) == 0; first++) {
		if (strcmp(argv[first], "--skip") == 0)
			opts.policy = FI_INGEST_SKIP;
		else if (strcmp(argv[first], "--db") == 0 && first + 1 < argc)
			db = argv[++first];
		else
			usage = 1;
	}
	if (usage || first >= argc) {
		fprintf(stderr, "usage: %s [--db PATH] [--skip] FILE...\n", argv[0]);
		return 2;
	}

	fi_store *store = NULL;
	check(fi_store_open(db, NULL, &store), "open store");
	int status = 0;
	for (int i = first; i < argc; i++) {
		fi_import_report *report = NULL;
		int rc = fi_ingest_file(store, argv[i], &opts, &report);
		if (report)   /* also handed out when the file was refused */
			print_report(report);
		if (rc == FI_EPARSE) {
			fprintf(stderr, "%s: refused (%s)\n", argv[i], fi_strerror(rc));   /* report says why */
			status = status ? status : 3;
		} else if (rc != FI_OK) {
			fprintf(stderr, "%s: %s\n", argv[i], fi_error_last()->message);
			status = 1;
		}
		fi_import_report_free(report);
	}
	fi_store_close(store);
	return status;
}
