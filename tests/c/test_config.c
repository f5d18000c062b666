/* The configuration loader behind every fi_*_params_load(): each params struct is filled from the
 * registry by a table of fields, so these tests check the table machinery itself — every C type,
 * choices mapped to their enum, text copied, a field that does not match its key refused, and
 * a failure leaving the caller's struct as it was. */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "tap.h"
#include "../../libfitintel/store/config_internal.h"

int main(void)
{
	fi_store *s = test_store("config.db");
	ok(fi_config_set(s, "classify.k", "7") == FI_OK, "set classify.k");
	ok(fi_config_set(s, "classify.seed", "9007199254740991") == FI_OK, "set the largest seed");
	ok(fi_config_set(s, "classify.method", "kmeans") == FI_OK, "set classify.method");
	ok(fi_config_set(s, "classify.use_cadence", "never") == FI_OK, "set classify.use_cadence");
	ok(fi_config_set(s, "classify.use_model", "off") == FI_OK, "set classify.use_model");
	ok(fi_config_set(s, "classify.other_types", "Bike Ride|Swim") == FI_OK, "set classify.other_types");
	ok(fi_config_set(s, "anomaly.rolling_window", "12") == FI_OK, "set anomaly.rolling_window");

	fi_train_params p;
	fi_train_params_init(&p, FI_TRAIN_PARAMS_VERSION);
	is_int(fi_train_params_load(s, &p), FI_OK, "train params load");
	is_int((long long)p.k, 7, "a size_t field");
	ok(p.seed == UINT64_C(9007199254740991), "a uint64_t field keeps every bit of 2^53 - 1");
	is_int(p.method, FI_CLASSIFY_KMEANS, "a choice lands as its enum (kmeans)");
	is_int(p.use_cadence, FI_CADENCE_NEVER, "a choice lands as its enum (never)");
	ok(!p.use_model, "a boolean field ('off')");
	is_str(p.other_types, "Bike Ride|Swim", "a text field");
	ok(p.tol == 1e-4 && p.weight_distance == 0.3, "unset keys keep the registry's defaults");

	fi_anomaly_params a;
	fi_anomaly_params_init(&a, FI_ANOMALY_PARAMS_VERSION);
	is_int(fi_anomaly_params_load(s, &a), FI_OK, "anomaly params load");
	is_int((long long)a.rolling_window, 12, "the anomaly table reads its keys");

	/* a table that does not match the registry is a programming error, caught at the first call */
	typedef struct probe { int64_t wide; double real; char text[8]; } probe;
	probe before = { 5, 2.5, "same" }, q = before;
	const fi__config_field wrong_size[] = {
		FI__CONFIG_FIELD("classify.tol", FI__FIELD_DOUBLE, probe, real),
		FI__CONFIG_FIELD("classify.k", FI__FIELD_INT, probe, wide),
	};
	is_int(fi__config_fill(s, wrong_size, 2, &q, sizeof q), FI_ERROR, "an int field of 8 bytes is refused");
	has_str(fi_error_last()->message, "classify.k", "the message names the key");
	ok(memcmp(&q, &before, sizeof q) == 0, "a refused fill leaves the struct as it was");
	const fi__config_field wrong_type[] = { FI__CONFIG_FIELD("classify.tol", FI__FIELD_SIZE, probe, wide) };
	is_int(fi__config_fill(s, wrong_type, 1, &q, sizeof q), FI_ERROR, "a real key into an integer field is refused");
	const fi__config_field short_text[] = { FI__CONFIG_FIELD("classify.other_types", FI__FIELD_TEXT, probe, text) };
	is_int(fi__config_fill(s, short_text, 1, &q, sizeof q), FI_ERROR,
	       "a text field shorter than the key's longest value is refused");
	const fi__config_field unknown[] = { FI__CONFIG_FIELD("no.such_key", FI__FIELD_DOUBLE, probe, real) };
	is_int(fi__config_fill(s, unknown, 1, &q, sizeof q), FI_ERROR, "an unknown key is refused");

	fi_store_close(s);
	test_cleanup();
	return tap_done();
}
