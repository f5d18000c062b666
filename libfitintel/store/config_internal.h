/* Typed reads of the store configuration for the library's own use (config.c). The key must be
 * one of the registry's; an unknown key is a programming error (FI_ERROR). */
#ifndef FITINTEL_CONFIG_INTERNAL_H
#define FITINTEL_CONFIG_INTERNAL_H

#include "util/internal.h"

int fi__config_real(fi_store *store, const char *key, double *out);
int fi__config_int(fi_store *store, const char *key, int64_t *out);
int fi__config_bool(fi_store *store, const char *key, bool *out);
int fi__config_text(fi_store *store, const char *key, char **out);

#endif
