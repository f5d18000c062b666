/**
 * @file fitintel/store.h
 * @brief The store: one SQLite file that holds everything libfitintel knows about a person.
 *
 * Life cycle: fi_store_open() → ingest, query, analyse → fi_store_close(). The store runs in WAL
 * mode, so readers in other processes see a consistent snapshot while an import runs, and its schema
 * is upgraded in place by numbered migrations (PRAGMA user_version) when it is opened.
 */
#ifndef FITINTEL_STORE_H
#define FITINTEL_STORE_H

#include "fitintel/common.h"

FI_BEGIN_DECLS

/** An open store. Opaque; one thread at a time. */
typedef struct fi_store fi_store;

/** fi_store_params.flags */
/** Open read-only: never create, never migrate, never write the store. The frame snapshot beside
 * it ("<store>-frame", a cache of the workouts' columns) is still written when the folder allows. */
#define FI_STORE_READONLY 0x1u

/** Options for fi_store_open(). Initialise with FI_STORE_PARAMS_INIT or fi_store_params_init(). */
typedef struct fi_store_params {
	unsigned int version;     /**< FI_STORE_PARAMS_VERSION */
	unsigned int flags;       /**< FI_STORE_* bits; default 0 */
	int busy_timeout_ms;      /**< how long to wait for another writer; default 60000 */
} fi_store_params;

#define FI_STORE_PARAMS_VERSION 1
#define FI_STORE_PARAMS_INIT { FI_STORE_PARAMS_VERSION, 0u, 60000 }

/**
 * Fill @p opts with defaults.
 * @return FI_OK, or FI_EINVALID for a NULL @p opts or an unknown @p version.
 * @since 0.2 (fi_store_options_init() in 0.1)
 */
FI_API int fi_store_params_init(fi_store_params *opts, unsigned int version);

/* The 0.1 names of the above (0.2 calls every parameter struct _params). Kept so that 0.1 code
 * builds and links unchanged; new code uses the names above. */
/** The 0.1 name of fi_store_params. @note Deprecated since 0.2. */
typedef fi_store_params fi_store_options;
#define FI_STORE_OPTIONS_VERSION FI_STORE_PARAMS_VERSION
#define FI_STORE_OPTIONS_INIT FI_STORE_PARAMS_INIT
/**
 * The 0.1 name of fi_store_params_init(), which it calls.
 * @note Deprecated since 0.2.
 * @since 0.1
 */
FI_API int fi_store_options_init(fi_store_options *opts, unsigned int version);

/**
 * The path used when none is given: $FITINTEL_DB, else $XDG_DATA_HOME/fitintel/fitintel.db, else
 * $HOME/.local/share/fitintel/fitintel.db.
 * @param[out] out  the path; caller frees with fi_free().
 * @return FI_OK, or FI_EINVALID when none of the variables is set.
 * @since 0.1
 */
FI_API int fi_store_default_path(char **out);

/**
 * Open (creating if needed) the store at @p path and bring its schema up to date.
 * @param path  file path (missing folders are created, mode 0700); NULL means
 *              fi_store_default_path(); ":memory:" gives a private in-memory store.
 * @param opts  NULL for defaults.
 * @param[out] out  the store; caller closes with fi_store_close().
 * @return FI_OK; FI_ESTORE when the file is not a SQLite database or not a libfitintel store;
 *         FI_EVERSION when its schema is newer than this library; FI_EIO when it cannot be created.
 * @since 0.1
 */
FI_API int fi_store_open(const char *path, const fi_store_params *opts, fi_store **out);

/** Close a store and release it. Accepts NULL. @since 0.1 */
FI_API void fi_store_close(fi_store *store);

/** The path the store was opened with. Borrowed; valid until fi_store_close(). @since 0.1 */
FI_API const char *fi_store_path(const fi_store *store);

/** The schema version of the open store (PRAGMA user_version). @since 0.1 */
FI_API int fi_store_schema_version(const fi_store *store);

/** The newest schema version this library writes. @since 0.1 */
FI_API int fi_store_schema_latest(void);

/**
 * Count the workouts in the store.
 * @param[out] out  the count.
 * @return FI_OK or FI_ESTORE.
 * @since 0.1
 */
FI_API int fi_store_workout_count(fi_store *store, int64_t *out);

/**
 * A number that moves whenever the store's data may have changed: a commit of this handle, or of
 * any other connection to the same file (another handle, another process). Keep what you computed
 * from the store with the number it was computed under, and compute again when the number moves
 * (the Streamlit app caches its views this way). It starts at 1 and never decreases for a handle;
 * numbers of different handles are not comparable. A moved number does not promise a change: a
 * query kept in the SQL history moves it too.
 * @param[out] out  the number.
 * @return FI_OK, FI_EINVALID for NULL, or FI_ESTORE.
 * @since 0.2
 */
FI_API int fi_store_data_version(fi_store *store, int64_t *out);

FI_END_DECLS

#endif
