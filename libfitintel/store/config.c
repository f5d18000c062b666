/* Store configuration: the fixed registry of keys, their checks, and the settings table. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "config_internal.h"
#include "store_internal.h"

typedef enum key_type { KEY_INT, KEY_REAL, KEY_BOOL, KEY_CHOICE, KEY_TEXT } key_type;

typedef struct config_key {
	const char *name;
	key_type type;
	const char *default_value;
	double min, max;          /* inclusive range of KEY_INT and KEY_REAL; KEY_TEXT: max length */
	const char *choices;      /* KEY_CHOICE: "a|b|c" */
	const char *description;
} config_key;

/* Append only: a key's meaning never changes once shipped. */
static const config_key keys[] = {
	{ "classify.k", KEY_INT, "5", 0, 10, NULL, "clusters (2–10); 0: auto, 2–4 by BIC" },
	{ "classify.n_init", KEY_INT, "10", 1, 1000, NULL, "k-means++ restarts, lowest inertia wins (1–1000)" },
	{ "classify.max_iter", KEY_INT, "300", 1, 100000, NULL, "Lloyd iterations per restart" },
	{ "classify.tol", KEY_REAL, "0.0001", 0, 1, NULL, "tolerance on the centroid shift" },
	{ "classify.seed", KEY_INT, "42", 0, 9007199254740991.0, NULL, "RNG seed of the k-means++ seeding" },
	{ "classify.min_samples", KEY_INT, "5", 2, 1e9, NULL, "clean workouts needed to train a model" },
	{ "classify.use_model", KEY_BOOL, "true", 0, 0, NULL, "classify with the active model (false: eras, then rules)" },
	{ "classify.use_cadence", KEY_CHOICE, "auto", 0, 0, "auto|always|never",
	  "cadence feature: auto = when most clean workouts have steps" },
	{ "classify.weight_pace", KEY_REAL, "1", 0, 100, NULL, "weight of log pace in scaled space" },
	{ "classify.weight_distance", KEY_REAL, "0.3", 0, 100, NULL, "weight of log distance" },
	{ "classify.weight_duration", KEY_REAL, "0.3", 0, 100, NULL, "weight of log duration" },
	{ "classify.weight_cadence", KEY_REAL, "1", 0, 100, NULL, "weight of cadence" },
	{ "classify.outlier_quantile", KEY_REAL, "0.9999", 0.5, 1, NULL,
	  "chi-square quantile of the outlier cut-off in scaled space (1: never)" },
	{ "classify.use_corrections", KEY_BOOL, "true", 0, 0, NULL, "corrections steer the cluster → label map when training" },
	{ "bounds.pace_max", KEY_REAL, "60", 0, 1e6, NULL, "slowest plausible pace, min/mi" },
	{ "bounds.distance_max", KEY_REAL, "50", 0, 1e6, NULL, "longest plausible distance, mi" },
	{ "bounds.duration_max_h", KEY_REAL, "24", 0, 1e6, NULL, "longest plausible duration, hours" },
	{ "rules.run_pace", KEY_REAL, "12", 0, 1e6, NULL, "rule fallback: faster than this is a run, min/mi" },
	{ "rules.walk_pace", KEY_REAL, "20", 0, 1e6, NULL, "rule fallback: slower than this is a walk, min/mi" },
	{ "anomaly.iqr_k", KEY_REAL, "1.5", 0, 100, NULL, "IQR fence multiplier" },
	{ "anomaly.zscore", KEY_REAL, "3", 0, 100, NULL, "z-score threshold" },
	{ "anomaly.modified_zscore", KEY_REAL, "3.5", 0, 100, NULL, "modified z-score threshold" },
	{ "anomaly.rolling_window", KEY_INT, "30", 2, 100000, NULL, "rolling z-score: prior workouts" },
	{ "anomaly.rolling_zscore", KEY_REAL, "2", 0, 100, NULL, "rolling z-score threshold" },
	{ "anomaly.rolling_min_prior", KEY_INT, "5", 2, 100000, NULL, "rolling z-score: fewest prior workouts" },
	{ "consistency.window_days", KEY_INT, "30", 1, 36600, NULL, "consistency window, days" },
	{ "consistency.target_per_week", KEY_REAL, "4", 0, 100, NULL, "target workouts per week" },
	{ "consistency.trajectory_step", KEY_INT, "15", 1, 36600, NULL, "days between trajectory points" },
	{ "records.min_run_distance", KEY_REAL, "1", 0, 1e6, NULL, "shortest run for a pace record, mi" },
	{ "brief.days", KEY_INT, "30", 1, 36600, NULL, "briefing period, days" },
	{ "display.units", KEY_CHOICE, "mi", 0, 0, "mi|km", "display units of front ends" },
	{ "classify.method", KEY_CHOICE, "mixture", 0, 0, "kmeans|mixture",
	  "kmeans: nearest centroid; mixture: Gaussian mixture refined from the k-means start" },
	{ "classify.run_bound", KEY_REAL, "12", 0, 1e6, NULL, "a cluster centred faster than this (min/mi) is always real_run" },
	{ "classify.walk_bound", KEY_REAL, "18", 0, 1e6, NULL, "a cluster centred slower than this (min/mi) is always pup_walk" },
	{ "classify.min_separation", KEY_REAL, "1.5", 0, 100, NULL,
	  "a feature besides pace needs runs and walks this many pooled SDs apart" },
	{ "classify.max_drift", KEY_REAL, "0.5", 0, 100, NULL,
	  "... and no label's yearly median may move by more than this share of that gap" },
	{ "classify.fit_sample", KEY_INT, "50000", 100, 1e9, NULL, "rows the mixture's EM runs on (a seeded sample)" },
	{ "classify.other_types", KEY_TEXT, FI_OTHER_TYPES_DEFAULT, 0, 255, NULL,
	  "activity types not on foot (label other): comma-separated, case-insensitive parts of the type" },
};

size_t fi_config_key_count(void)
{
	return FI__ARRAY_LEN(keys);
}

int fi_config_key_at(size_t i, const char **name, const char **default_value, const char **description)
{
	if (i >= FI__ARRAY_LEN(keys))
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "configuration key %zu out of range", i);
	if (name)
		*name = keys[i].name;
	if (default_value)
		*default_value = keys[i].default_value;
	if (description)
		*description = keys[i].description;
	return FI_OK;
}

static const config_key *find_key(const char *name)
{
	for (size_t i = 0; name && i < FI__ARRAY_LEN(keys); i++)
		if (strcmp(keys[i].name, name) == 0)
			return &keys[i];
	return NULL;
}

static int unknown_key(const char *name)
{
	fi__buf near = FI__BUF_INIT;
	const char *dot = name ? strchr(name, '.') : NULL;
	size_t prefix = dot ? (size_t)(dot - name) : 0;
	for (size_t i = 0; prefix && i < FI__ARRAY_LEN(keys); i++)
		if (strncmp(keys[i].name, name, prefix + 1) == 0)
			fi__buf_printf(&near, "%s%s", near.len ? ", " : "", keys[i].name);
	int rc = fi__error(FI_ENOTFOUND, FI_ERRCAT_ARG, "unknown configuration key '%s'%s%s",
			   name ? name : "(null)", near.len ? "; keys in that group: " : "",
			   near.len ? near.data : "");
	fi__buf_free(&near);
	return rc;
}

static bool parse_bool(const char *s, bool *out)
{
	static const char *const yes[] = { "true", "yes", "on", "1" }, *const no[] = { "false", "no", "off", "0" };
	for (size_t i = 0; i < FI__ARRAY_LEN(yes); i++) {
		if (strcasecmp(s, yes[i]) == 0)
			return *out = true, true;
		if (strcasecmp(s, no[i]) == 0)
			return *out = false, true;
	}
	return false;
}

static bool parse_number(const char *s, double *out)
{
	char *end;
	errno = 0;
	double v = strtod(s, &end);
	if (end == s || *end || errno || !isfinite(v))
		return false;
	*out = v;
	return true;
}

static bool is_choice(const char *choices, const char *s)
{
	size_t n = strlen(s);
	for (const char *p = choices; *p;) {
		const char *bar = strchr(p, '|');
		size_t len = bar ? (size_t)(bar - p) : strlen(p);
		if (len == n && strncmp(p, s, n) == 0)
			return true;
		p += len + (bar != NULL);
	}
	return false;
}

/* Check @value against @k; FI_EINVALID with the accepted range. */
static int check_value(const config_key *k, const char *value)
{
	double v;
	bool b;
	switch (k->type) {
	case KEY_INT:
		if (!parse_number(value, &v) || v != floor(v) || v < k->min || v > k->max)
			return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "%s must be a whole number from %.17g to %.17g, not '%s'",
					 k->name, k->min, k->max, value);
		if (v == 1 && strcmp(k->name, "classify.k") == 0)   /* 0 is auto; training refuses one cluster */
			return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "%s must be 0 (auto) or from 2 to 10, not '%s'",
					 k->name, value);
		return FI_OK;
	case KEY_REAL:
		if (!parse_number(value, &v) || v < k->min || v > k->max)
			return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "%s must be a number from %g to %g, not '%s'",
					 k->name, k->min, k->max, value);
		return FI_OK;
	case KEY_BOOL:
		if (!parse_bool(value, &b))
			return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "%s must be true or false, not '%s'",
					 k->name, value);
		return FI_OK;
	case KEY_CHOICE:
		if (!is_choice(k->choices, value))
			return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "%s must be one of %s, not '%s'",
					 k->name, k->choices, value);
		return FI_OK;
	case KEY_TEXT:
		if (strlen(value) > (size_t)k->max)
			return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "%s must be at most %g bytes long",
					 k->name, k->max);
		return FI_OK;
	}
	return FI_OK;
}

/* The stored text of @k, or its default; *out is owned by the caller. */
static int read_value(fi_store *store, const config_key *k, char **out)
{
	sqlite3_stmt *st;
	int rc = fi__prepare(store->db, "SELECT value FROM settings WHERE key = ?", &st);
	if (rc)
		return rc;
	sqlite3_bind_text(st, 1, k->name, -1, SQLITE_STATIC);
	int src = sqlite3_step(st);
	const char *text = src == SQLITE_ROW ? fi__column_text(st, 0) : k->default_value;
	/* a value written by hand that no longer passes the checks falls back to the default */
	if (src == SQLITE_ROW && (!text || check_value(k, text) != FI_OK))
		text = k->default_value;
	if (src != SQLITE_ROW && src != SQLITE_DONE)
		rc = fi__sqlite_error(store->db, src, "read settings");
	else if (!(*out = fi__strdup(text)))
		rc = fi__error_oom();
	sqlite3_finalize(st);
	return rc;
}

int fi_config_get(fi_store *store, const char *key, char **out)
{
	if (!store || !out)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "store or out is NULL");
	*out = NULL;
	const config_key *k = find_key(key);
	return k ? read_value(store, k, out) : unknown_key(key);
}

int fi_config_set(fi_store *store, const char *key, const char *value)
{
	if (!store)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "store is NULL");
	const config_key *k = find_key(key);
	if (!k)
		return unknown_key(key);
	int rc = value ? check_value(k, value) : FI_OK;
	if (rc)
		return rc;
	if ((rc = fi__store_writable(store)))
		return rc;
	sqlite3_stmt *st;
	rc = fi__prepare(store->db, value ? "INSERT OR REPLACE INTO settings(key, value) VALUES (?, ?)"
					  : "DELETE FROM settings WHERE key = ?", &st);
	if (rc)
		return rc;
	sqlite3_bind_text(st, 1, k->name, -1, SQLITE_STATIC);
	if (value)
		sqlite3_bind_text(st, 2, value, -1, SQLITE_TRANSIENT);
	int src = sqlite3_step(st);
	rc = src == SQLITE_DONE ? FI_OK : fi__sqlite_error(store->db, src, "write settings");
	sqlite3_finalize(st);
	return rc;
}

int fi__config_real(fi_store *store, const char *key, double *out)
{
	const config_key *k = find_key(key);
	if (!k || (k->type != KEY_INT && k->type != KEY_REAL))
		return fi__error(FI_ERROR, FI_ERRCAT_ARG, "no numeric configuration key '%s'", key);
	char *text;
	int rc = read_value(store, k, &text);
	if (rc)
		return rc;
	parse_number(text, out);   /* checked by read_value */
	free(text);
	return FI_OK;
}

int fi__config_int(fi_store *store, const char *key, int64_t *out)
{
	double v = 0;
	int rc = fi__config_real(store, key, &v);
	if (rc == FI_OK)
		*out = (int64_t)v;
	return rc;
}

/* The place of @s in "a|b|c", or -1. */
static int choice_index(const char *choices, const char *s)
{
	size_t n = strlen(s);
	int i = 0;
	for (const char *p = choices; *p; i++) {
		const char *bar = strchr(p, '|');
		size_t len = bar ? (size_t)(bar - p) : strlen(p);
		if (len == n && strncmp(p, s, n) == 0)
			return i;
		p += len + (bar != NULL);
	}
	return -1;
}

/* The size of a field of each type (FI__FIELD_TEXT: any). */
static size_t field_size(fi__field_type t)
{
	switch (t) {
	case FI__FIELD_DOUBLE: return sizeof(double);
	case FI__FIELD_INT: case FI__FIELD_CHOICE: case FI__FIELD_BOOL: return sizeof(int);
	case FI__FIELD_UINT: return sizeof(unsigned);
	case FI__FIELD_SIZE: return sizeof(size_t);
	case FI__FIELD_U64: return sizeof(uint64_t);
	default: return 0;
	}
}

static bool field_fits(const fi__config_field *f, const config_key *k)
{
	bool numeric = k->type == KEY_INT || k->type == KEY_REAL;
	if (f->type != FI__FIELD_TEXT && f->size != field_size(f->type))
		return false;
	switch (f->type) {
	case FI__FIELD_DOUBLE: return numeric;
	case FI__FIELD_BOOL: return k->type == KEY_BOOL;
	case FI__FIELD_CHOICE: return k->type == KEY_CHOICE;
	case FI__FIELD_TEXT: return k->type == KEY_TEXT && f->size > k->max;
	default: return k->type == KEY_INT;
	}
}

static int fill_one(fi_store *store, const fi__config_field *f, unsigned char *at)
{
	const config_key *k = find_key(f->key);
	if (!k || !field_fits(f, k))
		return fi__error(FI_ERROR, FI_ERRCAT_ARG, "configuration key '%s' does not fit its field", f->key);
	char *text;
	int rc = read_value(store, k, &text);
	if (rc)
		return rc;
	double v = 0;   /* read_value() returns values the registry checked */
	if (k->type == KEY_INT || k->type == KEY_REAL)
		parse_number(text, &v);
	union { double d; int i; unsigned u; size_t z; uint64_t u64; } x;
	bool b = false;
	switch (f->type) {
	case FI__FIELD_DOUBLE: x.d = v; break;
	case FI__FIELD_INT: x.i = (int)v; break;
	case FI__FIELD_UINT: x.u = (unsigned)v; break;
	case FI__FIELD_SIZE: x.z = (size_t)v; break;
	case FI__FIELD_U64: x.u64 = (uint64_t)v; break;
	case FI__FIELD_BOOL: parse_bool(text, &b); x.i = b; break;
	case FI__FIELD_CHOICE: x.i = f->choice_base + choice_index(k->choices, text); break;
	case FI__FIELD_TEXT: snprintf((char *)at, f->size, "%s", text); break;
	}
	if (f->type != FI__FIELD_TEXT)
		memcpy(at, &x, f->size);
	free(text);
	return FI_OK;
}

/* @params set to @start overlaid with the keys of @fields, or left as it was on failure (@start
 * may be @params itself). */
static int fill_from(fi_store *store, const fi__config_field *fields, size_t n, const void *start,
		     void *params, size_t size)
{
	unsigned char copy[1024];
	if (size > sizeof copy)
		return fi__error(FI_ERROR, FI_ERRCAT_ARG, "params of %zu bytes: too large to fill", size);
	memcpy(copy, start, size);
	for (size_t i = 0; i < n; i++) {
		int rc = fill_one(store, &fields[i], copy + fields[i].offset);
		if (rc)
			return rc;
	}
	memcpy(params, copy, size);
	return FI_OK;
}

int fi__config_fill(fi_store *store, const fi__config_field *fields, size_t n, void *params, size_t size)
{
	return fill_from(store, fields, n, params, params, size);
}

int fi__config_load(fi_store *store, const fi__config_field *fields, size_t n, const void *defaults,
		    void *params, size_t size)
{
	if (!store || !params)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "store or params is NULL");
	return fill_from(store, fields, n, defaults, params, size);
}
