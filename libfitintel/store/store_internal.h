/* Private view of a store for the library's source files that touch SQLite. */
#ifndef FITINTEL_STORE_INTERNAL_H
#define FITINTEL_STORE_INTERNAL_H

#include <sqlite3.h>

#include "util/internal.h"

/* The data of a store as of now: another connection's commit moves @theirs (PRAGMA
 * data_version), a change of this connection's moves @ours (its total change count). */
typedef struct fi__data_version {
	int64_t theirs, ours;
} fi__data_version;

/* The whole frame as the open write transaction will leave the workouts, made by the layer that
 * keeps the store's @cache (a classification pass relabels a copy of the frame it read):
 * fi__commit() hands it to @prepare with the generation it commits and then to @publish, unless
 * workouts were written after it was made (@stale) or the transaction does not commit; then
 * @discard frees it. */
typedef struct fi__next_cache {
	void *frame;
	bool stale;
	/* Started just before the COMMIT with the generation it commits, so that it runs while the
	 * COMMIT does (the snapshot's writing); what it returns goes to @publish or @discard. */
	void *(*prepare)(fi_store *store, void *frame, int64_t generation);
	/* @theirs: SQLite's data version just before the COMMIT (another connection's commit after
	 * it makes the frame old news) */
	void (*publish)(fi_store *store, void *frame, void *prepared, int64_t theirs);
	void (*discard)(void *frame, void *prepared);
} fi__next_cache;

struct fi_store {
	sqlite3 *db;
	char *path;
	int schema_version;
	bool readonly;
	int busy_timeout_ms;   /* as opened; an import swaps in its own busy handler for a while */
	/* What an upper layer keeps with the store (frame.c: the last whole frame), freed with it
	 * through @cache_free: the store cannot call up into that layer. Valid while the data
	 * version is still @cache_version (fi__store_data_version()). */
	void *cache;
	void (*cache_free)(void *cache);
	int64_t cache_version;
	/* fi__store_data_version(): SQLite's data version when last read, and how often it moved */
	fi__data_version seen_version;
	int64_t data_version;
	bool workouts_changed;   /* the open transaction wrote workouts (fi__commit) */
	fi__next_cache next;
};

/* Record SQLite's current message for @db as our error (FI_EBUSY for a lock, else FI_ESTORE) and
 * return the code. @what says what we were doing ("insert workout"). */
int fi__sqlite_error(sqlite3 *db, int rc, const char *what);

/* FI_OK when @store can be written; else FI_EINVALID (NULL) or FI_EREADONLY, recorded. */
int fi__store_writable(const fi_store *store);

/* Run SQL without results; errors recorded as above. */
int fi__exec(sqlite3 *db, const char *sql, const char *what);

/* Every write of the library is one transaction: fi__write_begin() checks that @store is
 * writable and begins it (BEGIN IMMEDIATE: the write lock now, not at the first write);
 * fi__write_end() commits when @rc is FI_OK and rolls back otherwise, keeping the error that made
 * the write fail. @what names the step in errors ("add an era"). Both return the outcome. */
int fi__write_begin(fi_store *store, const char *what);
int fi__write_end(fi_store *store, int rc, const char *what);
/* COMMIT, setting a new data generation first when the transaction wrote workouts. Every write
 * transaction of the library ends here (fi__write_end() and the import). */
int fi__commit(fi_store *store, const char *what);

/* Hand @next (its frame owned from now on) to fi__commit() for this transaction, replacing one
 * set before. */
void fi__store_set_next_cache(fi_store *store, const fi__next_cache *next);

/* The generation of the workouts' content (schema 6): changes with every committed change to
 * them, by the library or any other program. Read it in the transaction that reads the rows. */
int fi__store_generation(fi_store *store, int64_t *out);

/* @store's data version (fi_store_data_version()): a count that moves whenever SQLite's data
 * version moved since the last call. FI_ESTORE when SQLite cannot tell. */
int fi__store_data_version(fi_store *store, int64_t *out);

/* Prepare @sql or record the error. */
int fi__prepare(sqlite3 *db, const char *sql, sqlite3_stmt **out);

/* A checked fi_workout_filter (workouts.c): a copy of the caller's (or the default) filter with
 * its dates parsed to ISO, and the WHERE clause and bindings every reader of workouts shares. */
typedef struct fi__filter {
	fi_workout_filter f;
	char from[11], to[11];   /* "" when open */
} fi__filter;

/* The classifications of schema 1–4 as a view of the workouts' label columns, with triggers that
 * turn writes to it into writes to those columns. */
#define FI__CLASSIFICATIONS_VIEW                                                                   \
	"CREATE VIEW classifications AS SELECT id AS workout_id, label, method, confidence,"        \
	" model_id, cluster, reason FROM workouts WHERE label IS NOT NULL;"                          \
	"CREATE TRIGGER classifications_insert INSTEAD OF INSERT ON classifications BEGIN"           \
	" UPDATE workouts SET label = NEW.label, method = NEW.method, confidence = NEW.confidence,"  \
	" model_id = NEW.model_id, cluster = NEW.cluster, reason = NEW.reason"                       \
	" WHERE id = NEW.workout_id; END;"                                                           \
	"CREATE TRIGGER classifications_update INSTEAD OF UPDATE ON classifications BEGIN"           \
	" UPDATE workouts SET label = NEW.label, method = NEW.method, confidence = NEW.confidence,"  \
	" model_id = NEW.model_id, cluster = NEW.cluster, reason = NEW.reason"                       \
	" WHERE id = NEW.workout_id; END;"                                                           \
	"CREATE TRIGGER classifications_delete INSTEAD OF DELETE ON classifications BEGIN"           \
	" UPDATE workouts SET label = NULL, method = NULL, confidence = NULL, model_id = NULL,"      \
	" cluster = NULL, reason = NULL WHERE id = OLD.workout_id; END;"

#define FI__FILTER_WHERE                                                                          \
	" WHERE (?1 IS NULL OR workout_date >= ?1) AND (?2 IS NULL OR workout_date <= ?2)"         \
	" AND (?3 IS NULL OR activity_type = ?3 COLLATE NOCASE)"                                  \
	" AND (?4 IS NULL OR ifnull(label, 'unknown') = ?4)"

/* NULL @in means every workout. FI_EINVALID for an unknown version or a date that does not parse. */
int fi__filter_check(const fi_workout_filter *in, fi__filter *out);
/* Bind ?1..?4 of FI__FILTER_WHERE; @f must outlive the statement's use. */
void fi__filter_bind(sqlite3_stmt *st, const fi__filter *f);

/* Read a nullable column: NaN / NULL when the cell is NULL. */
double fi__column_double(sqlite3_stmt *st, int col);
const char *fi__column_text(sqlite3_stmt *st, int col);

/* Tables of the store in a stable order (sqlite_% excluded): the archive's scope. Caller frees
 * each name and the array with free(). */
int fi__store_tables(sqlite3 *db, char ***names, size_t *count);

#endif
