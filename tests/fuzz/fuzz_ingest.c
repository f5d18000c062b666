/* libFuzzer target: any bytes as an export, imported into an in-memory store under both policies.
 * It must never crash, leak or trip a sanitizer, and a refused import must leave no workout. */
#include <stdio.h>
#include <stdlib.h>

#include <fitintel.h>

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	fi_store *store = NULL;
	if (fi_store_open(":memory:", NULL, &store) != FI_OK)
		abort();
	for (int policy = FI_INGEST_STRICT; policy <= FI_INGEST_SKIP; policy++) {
		fi_ingest_params o = FI_INGEST_PARAMS_INIT;
		o.policy = policy;
		o.max_field_bytes = 4096;   /* keep the fuzzer's inputs in the interesting range */
		fi_import_report *r = NULL;
		int rc = fi_ingest_buffer(store, data, size, "fuzz.csv", &o, &r);
		int64_t count = -1;
		if (fi_store_workout_count(store, &count) != FI_OK)
			abort();
		if (rc != FI_OK && policy == FI_INGEST_STRICT && count != 0)
			abort();   /* a refused import wrote rows */
		if (r) {
			char *json = NULL;
			if (fi_import_report_to_json(r, &json) != FI_OK)
				abort();
			fi_free(json);
		}
		fi_import_report_free(r);
	}
	fi_store_close(store);
	return 0;
}
