/**
 * @file fitintel/config.h
 * @brief Parameters kept with the data (the `settings` table): classification, bounds, anomaly,
 *        consistency and briefing defaults that `config set` changes for every later analysis.
 *
 * Keys are fixed and documented by fi_config_key_at(); values are text, checked on set. Passing
 * NULL parameters to a store operation means "use the store's configuration".
 */
#ifndef FITINTEL_CONFIG_H
#define FITINTEL_CONFIG_H

#include "fitintel/common.h"
#include "fitintel/store.h"

FI_BEGIN_DECLS

/** Number of known keys. @since 0.1 */
FI_API size_t fi_config_key_count(void);

/**
 * Describe key @p i (0 ≤ i < fi_config_key_count()). Each out-parameter may be NULL; the strings
 * are static.
 * @param[out] name         "classify.k"
 * @param[out] default_value "5"
 * @param[out] description  one line, with the accepted range
 * @return FI_OK; FI_EINVALID for @p i out of range.
 * @since 0.1
 */
FI_API int fi_config_key_at(size_t i, const char **name, const char **default_value,
			    const char **description);

/**
 * The value of @p key in @p store, or its default when unset.
 * @param[out] out  caller frees with fi_free().
 * @return FI_OK; FI_ENOTFOUND for an unknown key (the message lists close ones); FI_ESTORE.
 * @since 0.1
 */
FI_API int fi_config_get(fi_store *store, const char *key, char **out);

/**
 * Set @p key to @p value after checking type and range; NULL @p value restores the default.
 * @return FI_OK; FI_ENOTFOUND for an unknown key; FI_EINVALID for a value out of range (the
 *         message says the range); FI_EREADONLY; FI_ESTORE.
 * @since 0.1
 */
FI_API int fi_config_set(fi_store *store, const char *key, const char *value);

FI_END_DECLS

#endif
