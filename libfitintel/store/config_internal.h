/* Typed reads of the store configuration for the library's own use (config.c). The key must be
 * one of the registry's; an unknown key is a programming error (FI_ERROR). */
#ifndef FITINTEL_CONFIG_INTERNAL_H
#define FITINTEL_CONFIG_INTERNAL_H

#include <stddef.h>

#include "util/internal.h"

int fi__config_real(fi_store *store, const char *key, double *out);
int fi__config_int(fi_store *store, const char *key, int64_t *out);

/* Where a configuration key lands in a params struct, in the field's own C type. */
typedef enum fi__field_type {
	FI__FIELD_DOUBLE,
	FI__FIELD_INT,
	FI__FIELD_UINT,
	FI__FIELD_SIZE,
	FI__FIELD_U64,
	FI__FIELD_BOOL,     /* int: 0 or 1, as the public params hold flags */
	FI__FIELD_CHOICE,   /* int: choice_base + the value's place in the key's "a|b|c" */
	FI__FIELD_TEXT      /* char[size], the value copied (the registry bounds its length) */
} fi__field_type;

typedef struct fi__config_field {
	const char *key;
	fi__field_type type;
	size_t offset, size;
	int choice_base;
} fi__config_field;

#define FI__CONFIG_FIELD(key, type, params, member) \
	{ key, type, offsetof(params, member), sizeof(((params *)0)->member), 0 }
#define FI__CONFIG_CHOICE(key, params, member, base) \
	{ key, FI__FIELD_CHOICE, offsetof(params, member), sizeof(((params *)0)->member), base }

/* Read @n keys of the registry into the fields of @params (a params struct already holding its
 * defaults): the one loader behind every fi_*_params_load(). @params is left as it was on
 * failure. FI_ESTORE; FI_ENOMEM; FI_ERROR for a field that does not match its key's type. */
int fi__config_fill(fi_store *store, const fi__config_field *fields, size_t n, void *params, size_t size);

/* The body of every fi_*_params_load(): @params (@size bytes) set to @defaults overlaid with the
 * @n keys of @fields, or left as it was on failure. FI_EINVALID for a NULL store or params. */
int fi__config_load(fi_store *store, const fi__config_field *fields, size_t n, const void *defaults,
		    void *params, size_t size);

#endif
