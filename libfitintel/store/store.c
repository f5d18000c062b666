/* Opening a store: locating it, SQLite settings, and schema migrations. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "store_internal.h"

/* "FIT1": marks a SQLite file as a libfitintel store. */
#define FI__APPLICATION_ID 0x46495431

/* Each entry upgrades the schema from version i to i+1. Append only; never edit a shipped one. */
static const char *const migrations[] = {
	/* 1: workouts and the imports log */
	"CREATE TABLE imports ("
	"  id INTEGER PRIMARY KEY,"
	"  path TEXT NOT NULL,"
	"  size INTEGER NOT NULL,"
	"  sha256 TEXT NOT NULL,"
	"  started_at TEXT NOT NULL,"
	"  finished_at TEXT NOT NULL,"
	"  policy TEXT NOT NULL CHECK (policy IN ('strict','skip')),"
	"  status TEXT NOT NULL CHECK (status IN ('success','no_new_rows','rejected','failed')),"
	"  rows_read INTEGER NOT NULL DEFAULT 0,"
	"  rows_added INTEGER NOT NULL DEFAULT 0,"
	"  rows_duplicate INTEGER NOT NULL DEFAULT 0,"
	"  rows_rejected INTEGER NOT NULL DEFAULT 0,"
	"  same_as INTEGER REFERENCES imports(id),"
	"  message TEXT NOT NULL DEFAULT '',"
	"  quality TEXT NOT NULL DEFAULT '{}'"
	");"
	"CREATE INDEX imports_sha256 ON imports(sha256);"
	"CREATE TABLE import_rejects ("
	"  import_id INTEGER NOT NULL REFERENCES imports(id) ON DELETE CASCADE,"
	"  seq INTEGER NOT NULL,"
	"  line INTEGER NOT NULL,"
	"  column_index INTEGER NOT NULL,"
	"  field TEXT NOT NULL,"
	"  reason TEXT NOT NULL,"
	"  text TEXT NOT NULL,"
	"  message TEXT NOT NULL,"
	"  PRIMARY KEY (import_id, seq)"
	") WITHOUT ROWID;"
	"CREATE TABLE workouts ("
	"  id INTEGER PRIMARY KEY,"
	"  workout_date TEXT NOT NULL,"
	"  date_submitted TEXT,"
	"  activity_type TEXT,"
	"  calories REAL,"
	"  distance_mi REAL,"
	"  duration_s REAL,"
	"  avg_pace REAL,"
	"  max_pace REAL,"
	"  avg_speed REAL,"
	"  max_speed REAL,"
	"  avg_heart_rate REAL,"
	"  steps INTEGER,"
	"  notes TEXT,"
	"  source TEXT,"
	"  link TEXT,"
	"  import_id INTEGER NOT NULL REFERENCES imports(id)"
	");"
	"CREATE INDEX workouts_import ON workouts(import_id);",

	/* 2: the intelligence layer — models, classifications, corrections, eras, settings */
	"CREATE TABLE settings ("
	"  key TEXT PRIMARY KEY,"
	"  value TEXT NOT NULL"
	") WITHOUT ROWID;"
	"CREATE TABLE eras ("
	"  id INTEGER PRIMARY KEY,"
	"  start_date TEXT NOT NULL UNIQUE,"
	"  name TEXT NOT NULL,"
	"  label_before TEXT NOT NULL DEFAULT 'real_run',"
	"  label_after TEXT NOT NULL DEFAULT 'pup_walk',"
	"  created_at TEXT NOT NULL"
	");"
	"CREATE TABLE models ("
	"  id INTEGER PRIMARY KEY,"
	"  created_at TEXT NOT NULL,"
	"  status TEXT NOT NULL CHECK (status IN ('active','archived')),"
	"  k INTEGER NOT NULL,"
	"  features TEXT NOT NULL,"
	"  params TEXT NOT NULL,"
	"  train_rows INTEGER NOT NULL,"
	"  train_from TEXT,"
	"  train_to TEXT,"
	"  inertia REAL NOT NULL,"
	"  iterations INTEGER NOT NULL,"
	"  silhouette REAL,"
	"  quality TEXT NOT NULL,"
	"  outlier_cutoff REAL NOT NULL"
	");"
	"CREATE UNIQUE INDEX models_one_active ON models(status) WHERE status = 'active';"
	"CREATE TABLE model_features ("
	"  model_id INTEGER NOT NULL REFERENCES models(id) ON DELETE CASCADE,"
	"  idx INTEGER NOT NULL,"
	"  name TEXT NOT NULL,"
	"  mean REAL NOT NULL,"
	"  scale REAL NOT NULL,"
	"  weight REAL NOT NULL,"
	"  PRIMARY KEY (model_id, idx)"
	") WITHOUT ROWID;"
	"CREATE TABLE model_clusters ("
	"  model_id INTEGER NOT NULL REFERENCES models(id) ON DELETE CASCADE,"
	"  cluster INTEGER NOT NULL,"
	"  label TEXT NOT NULL,"
	"  size INTEGER NOT NULL,"
	"  centroid_scaled TEXT NOT NULL,"   /* JSON array, one value per feature */
	"  centroid TEXT NOT NULL,"          /* the same in original units */
	"  spread TEXT NOT NULL,"            /* variance of the training rows per coordinate, scaled */
	"  pace_mean REAL, pace_min REAL, pace_max REAL,"
	"  distance_mean REAL, distance_min REAL, distance_max REAL,"
	"  duration_mean REAL, duration_min REAL, duration_max REAL,"
	"  PRIMARY KEY (model_id, cluster)"
	") WITHOUT ROWID;"
	"CREATE TABLE classifications ("
	"  workout_id INTEGER PRIMARY KEY,"
	"  label TEXT NOT NULL,"
	"  method TEXT NOT NULL,"
	"  confidence REAL NOT NULL,"
	"  model_id INTEGER,"
	"  cluster INTEGER,"
	"  reason TEXT"
	");"
	"CREATE TABLE corrections ("
	"  id INTEGER PRIMARY KEY,"
	"  workout_id INTEGER NOT NULL,"
	"  old_label TEXT,"
	"  new_label TEXT,"                  /* NULL: the correction was undone */
	"  note TEXT,"
	"  created_at TEXT NOT NULL"
	");"
	"CREATE INDEX corrections_workout ON corrections(workout_id, id);",

	/* 3: the SQL explorer — saved queries and the history of what ran */
	"CREATE TABLE saved_queries ("
	"  name TEXT PRIMARY KEY,"
	"  sql TEXT NOT NULL,"
	"  description TEXT NOT NULL DEFAULT '',"
	"  created_at TEXT NOT NULL,"
	"  updated_at TEXT NOT NULL"
	") WITHOUT ROWID;"
	"CREATE TABLE query_history ("
	"  id INTEGER PRIMARY KEY,"
	"  sql TEXT NOT NULL,"
	"  started_at TEXT NOT NULL,"
	"  duration_ms REAL NOT NULL,"
	"  rows INTEGER,"                    /* NULL when it failed */
	"  truncated INTEGER NOT NULL DEFAULT 0,"
	"  status INTEGER NOT NULL DEFAULT 0," /* fi_status of the run */
	"  error TEXT"                       /* NULL when it ran */
	");",

	/* 4: models of 0.2 — method, the feature choice and its reasons, the BIC of each k, the
	 * mixture's weight and covariance per cluster; and the label `other` for workouts not on foot
	 * (the default type list of classify.other_types), so an upgraded store reads as a new one */
	"ALTER TABLE models ADD COLUMN method TEXT NOT NULL DEFAULT 'kmeans';"
	"ALTER TABLE models ADD COLUMN feature_choice TEXT NOT NULL DEFAULT '[]';"
	"ALTER TABLE models ADD COLUMN bic TEXT;"
	"ALTER TABLE model_clusters ADD COLUMN weight REAL;"
	"ALTER TABLE model_clusters ADD COLUMN covariance TEXT;"   /* JSON, d × d row-major */
	"UPDATE classifications SET label = 'other', method = 'type', model_id = NULL, cluster = NULL,"
	" reason = NULL WHERE method <> 'user' AND workout_id IN (SELECT id FROM workouts WHERE "
	"   lower(activity_type) LIKE '%bike%' OR lower(activity_type) LIKE '%cycl%' OR lower(activity_type) LIKE '%swim%' OR"
	"   lower(activity_type) LIKE '%video%' OR lower(activity_type) LIKE '%weight%' OR lower(activity_type) LIKE '%machine%' OR"
	"   lower(activity_type) LIKE '%yoga%' OR lower(activity_type) LIKE '%pilates%' OR lower(activity_type) LIKE '%elliptical%' OR"
	"   lower(activity_type) LIKE '%rowing%' OR lower(activity_type) LIKE '%strength%' OR lower(activity_type) LIKE '%crossfit%' OR"
	"   lower(activity_type) LIKE '%ski%' OR lower(activity_type) LIKE '%skat%' OR lower(activity_type) LIKE '%sport%' OR"
	"   lower(activity_type) LIKE '%paddl%' OR lower(activity_type) LIKE '%kayak%' OR lower(activity_type) LIKE '%golf%'"
	");",

	/* 5: labels live with the workout — written by the import's own INSERT and read by the
	 * frame's one scan, not joined from a second table. `classifications` stays as a view
	 * (and writable through it, for SQL users and older tools) */
	"ALTER TABLE workouts ADD COLUMN label TEXT;"          /* NULL: not classified yet */
	"ALTER TABLE workouts ADD COLUMN method TEXT;"
	"ALTER TABLE workouts ADD COLUMN confidence REAL;"
	"ALTER TABLE workouts ADD COLUMN model_id INTEGER;"
	"ALTER TABLE workouts ADD COLUMN cluster INTEGER;"
	"ALTER TABLE workouts ADD COLUMN reason TEXT;"
	"UPDATE workouts SET label = c.label, method = c.method, confidence = c.confidence,"
	" model_id = c.model_id, cluster = c.cluster, reason = c.reason"
	" FROM classifications AS c WHERE c.workout_id = workouts.id;"
	"DROP TABLE classifications;"
	FI__CLASSIFICATIONS_VIEW,

	/* 6: the generation of the workouts' content — a new random value at every change, so that
	 * a copy of the workouts made at one generation (the frame snapshot) is known to be current.
	 * The library sets it when it commits a change (fi__commit); these triggers set it for every
	 * other program. The library's own connection runs without triggers: a million-row import
	 * does not pay for a million updates. Random, not a count: a store restored from a backup
	 * and changed again must not reach a generation it had before. A later migration that
	 * changes workouts sets it too. */
	"CREATE TABLE data_generation ("
	"  id INTEGER PRIMARY KEY CHECK (id = 1),"
	"  value INTEGER NOT NULL"
	");"
	"INSERT INTO data_generation VALUES (1, random());"
	"CREATE TRIGGER workouts_inserted AFTER INSERT ON workouts"
	" BEGIN UPDATE data_generation SET value = random(); END;"
	"CREATE TRIGGER workouts_updated AFTER UPDATE ON workouts"
	" BEGIN UPDATE data_generation SET value = random(); END;"
	"CREATE TRIGGER workouts_deleted AFTER DELETE ON workouts"
	" BEGIN UPDATE data_generation SET value = random(); END;",

	/* 7: the workouts that keep a reason (outliers: a few per thousand), found without reading
	 * the rows — a reclassification compares their reasons without a seek into each row. */
	"CREATE INDEX workouts_reason ON workouts(reason) WHERE reason IS NOT NULL;",
};

int fi__sqlite_error(sqlite3 *db, int rc, const char *what)
{
	int primary = rc & 0xFF;
	int code = (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) ? FI_EBUSY
		 : primary == SQLITE_READONLY ? FI_EREADONLY
		 : primary == SQLITE_NOMEM ? FI_ENOMEM
		 : FI_ESTORE;
	const char *msg = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
	if (code == FI_EBUSY)
		return fi__error(code, FI_ERRCAT_STORE,
				 "%s: the store is locked by another process (%s)", what, msg);
	return fi__error(code, FI_ERRCAT_STORE, "%s: %s", what, msg);
}

int fi__store_writable(const fi_store *store)
{
	if (!store)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "store is NULL");
	if (store->readonly)
		return fi__error(FI_EREADONLY, FI_ERRCAT_STORE, "the store %s is open read-only", store->path);
	return FI_OK;
}

int fi__exec(sqlite3 *db, const char *sql, const char *what)
{
	int rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
	return rc == SQLITE_OK ? FI_OK : fi__sqlite_error(db, rc, what);
}

int fi__write_begin(fi_store *store, const char *what)
{
	int rc = fi__store_writable(store);
	return rc ? rc : fi__exec(store->db, "BEGIN IMMEDIATE", what);
}

static void drop_next_cache(fi_store *store)
{
	if (store->next.frame)
		store->next.discard(store->next.frame, NULL);
	store->next = (fi__next_cache){ 0 };
}

void fi__store_set_next_cache(fi_store *store, const fi__next_cache *next)
{
	drop_next_cache(store);
	store->next = *next;
	store->next.stale = false;
}

static bool read_data_version(sqlite3 *db, int64_t *out)
{
	sqlite3_stmt *st;
	if (fi__prepare(db, "PRAGMA data_version", &st))
		return false;
	bool ok = sqlite3_step(st) == SQLITE_ROW;
	if (ok)
		*out = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return ok;
}

int fi__commit(fi_store *store, const char *what)
{
	int rc = FI_OK;
	if (store->workouts_changed)
		rc = fi__exec(store->db, "UPDATE data_generation SET value = random()", what);
	fi__next_cache next = store->next;
	store->next = (fi__next_cache){ 0 };
	int64_t generation = 0, theirs = 0;
	bool publish = next.frame && !next.stale && rc == FI_OK;
	if (publish && (fi__store_generation(store, &generation) != FI_OK ||
			!read_data_version(store->db, &theirs))) {
		publish = false;
		fi_error_clear();   /* a frame not kept is no error of the commit's */
	}
	void *prepared = publish && rc == FI_OK ? next.prepare(store, next.frame, generation) : NULL;
	if (rc == FI_OK && (rc = fi__exec(store->db, "COMMIT", what)) == FI_OK)
		store->workouts_changed = false;
	if (publish && rc == FI_OK)
		next.publish(store, next.frame, prepared, theirs);
	else if (next.frame)
		next.discard(next.frame, prepared);
	return rc;
}

int fi__write_end(fi_store *store, int rc, const char *what)
{
	if (rc == FI_OK && (rc = fi__commit(store, what)) == FI_OK)
		return FI_OK;
	fi__error_snapshot saved;   /* the error that made the write fail, not the rollback's */
	fi__error_save(&saved);
	sqlite3_exec(store->db, "ROLLBACK", NULL, NULL, NULL);
	fi__error_restore(&saved);
	return rc;
}

int fi__store_generation(fi_store *store, int64_t *out)
{
	sqlite3_stmt *st;
	int rc = fi__prepare(store->db, "SELECT value FROM data_generation", &st);
	if (rc)
		return rc;
	int src = sqlite3_step(st);
	if (src == SQLITE_ROW)
		*out = sqlite3_column_int64(st, 0);
	else
		rc = fi__error(FI_ESTORE, FI_ERRCAT_STORE, "the store has no data generation");
	sqlite3_finalize(st);
	return rc;
}

int fi__store_data_version(fi_store *store, int64_t *out)
{
	sqlite3_stmt *st;
	int rc = fi__prepare(store->db, "PRAGMA data_version", &st);
	if (rc)
		return rc;
	fi__data_version now = { 0, 0 };
	int src = sqlite3_step(st);
	if (src == SQLITE_ROW)
		now.theirs = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (src != SQLITE_ROW)
		return fi__sqlite_error(store->db, src, "read the data version");
	now.ours = sqlite3_total_changes64(store->db);   /* rollbacks move it too: a reload, no harm */
	if (store->data_version == 0 || now.theirs != store->seen_version.theirs ||
	    now.ours != store->seen_version.ours) {
		store->seen_version = now;
		store->data_version++;
	}
	*out = store->data_version;
	return FI_OK;
}

int fi__prepare(sqlite3 *db, const char *sql, sqlite3_stmt **out)
{
	int rc = sqlite3_prepare_v2(db, sql, -1, out, NULL);
	return rc == SQLITE_OK ? FI_OK : fi__sqlite_error(db, rc, "prepare statement");
}

double fi__column_double(sqlite3_stmt *st, int col)
{
	if (sqlite3_column_type(st, col) == SQLITE_NULL)
		return (double)NAN;
	return sqlite3_column_double(st, col);
}

const char *fi__column_text(sqlite3_stmt *st, int col)
{
	return (const char *)sqlite3_column_text(st, col);
}

FI__DEFINE_PARAMS_INIT(fi_store_params_init, fi_store_params,
		       FI_STORE_PARAMS_VERSION, FI_STORE_PARAMS_INIT)

int fi_store_options_init(fi_store_options *opts, unsigned int version)
{
	return fi_store_params_init(opts, version);
}

static char *join_path(const char *dir, const char *rest)
{
	fi__buf b = FI__BUF_INIT;
	fi__buf_puts(&b, dir);
	fi__buf_puts(&b, rest);
	return fi__buf_detach(&b);
}

int fi_store_default_path(char **out)
{
	if (!out)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "out is NULL");
	*out = NULL;
	const char *env = getenv("FITINTEL_DB");
	const char *xdg = getenv("XDG_DATA_HOME");
	const char *home = getenv("HOME");
	char *path;
	if (env && *env)
		path = fi__strdup(env);
	else if (xdg && *xdg == '/')   /* the XDG spec says relative values are to be ignored */
		path = join_path(xdg, "/fitintel/fitintel.db");
	else if (home && *home)
		path = join_path(home, "/.local/share/fitintel/fitintel.db");
	else
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG,
				 "no store path given and none of FITINTEL_DB, XDG_DATA_HOME, HOME is set");
	if (!path)
		return fi__error_oom();
	*out = path;
	return FI_OK;
}

/* mkdir -p for the folder holding @path. */
static int make_parent_dirs(const char *path)
{
	char *copy = fi__strdup(path);
	if (!copy)
		return fi__error_oom();
	for (char *p = copy + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(copy, 0700) != 0 && errno != EEXIST) {
			int err = errno;
			int rc = fi__error(FI_EIO, FI_ERRCAT_OS, "cannot create folder %s: %s", copy,
					   strerror(err));
			free(copy);
			return rc;
		}
		*p = '/';
	}
	free(copy);
	return FI_OK;
}

static int read_pragma_int(sqlite3 *db, const char *sql, int *out)
{
	sqlite3_stmt *st;
	int rc = fi__prepare(db, sql, &st);
	if (rc)
		return rc;
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		rc = fi__sqlite_error(db, rc, "read store header");
		sqlite3_finalize(st);
		return rc;
	}
	*out = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return FI_OK;
}

static int migrate(fi_store *s)
{
	const int latest = (int)FI__ARRAY_LEN(migrations);
	int version, app_id, objects;
	int rc;
	if ((rc = read_pragma_int(s->db, "PRAGMA user_version", &version)) ||
	    (rc = read_pragma_int(s->db, "PRAGMA application_id", &app_id)) ||
	    (rc = read_pragma_int(s->db, "SELECT count(*) FROM sqlite_schema", &objects)))
		return rc;

	if (version == 0 && objects > 0 && app_id != FI__APPLICATION_ID)
		return fi__error(FI_ESTORE, FI_ERRCAT_STORE,
				 "%s is a SQLite database but not a libfitintel store", s->path);
	if (version > 0 && app_id != FI__APPLICATION_ID)
		return fi__error(FI_ESTORE, FI_ERRCAT_STORE, "%s is not a libfitintel store", s->path);
	if (version > latest)
		return fi__error(FI_EVERSION, FI_ERRCAT_STORE,
				 "%s has schema version %d; this libfitintel (%s) understands up to %d",
				 s->path, version, fi_version_string(), latest);
	if (version < latest && s->readonly)
		return fi__error(FI_EVERSION, FI_ERRCAT_STORE,
				 "%s has schema version %d and needs an upgrade to %d: open it "
				 "read-write once", s->path, version, latest);

	while (version < latest) {
		/* One transaction per step: a crash leaves the store at a whole version. */
		if ((rc = fi__exec(s->db, "BEGIN IMMEDIATE", "begin schema migration")))
			return rc;
		char pragma[96];
		snprintf(pragma, sizeof pragma, "PRAGMA user_version = %d; PRAGMA application_id = %d",
			 version + 1, FI__APPLICATION_ID);
		if ((rc = fi__exec(s->db, migrations[version], "migrate schema")) ||
		    (rc = fi__exec(s->db, pragma, "record schema version")) ||
		    (rc = fi__exec(s->db, "COMMIT", "commit schema migration"))) {
			sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
			return rc;
		}
		version++;
	}
	s->schema_version = version;
	return FI_OK;
}

static int configure(fi_store *s, const fi_store_params *o)
{
	s->busy_timeout_ms = o->busy_timeout_ms;
	sqlite3_busy_timeout(s->db, o->busy_timeout_ms);
	sqlite3_extended_result_codes(s->db, 1);
	/* 64 KiB pages (only a new, empty file takes them): bulk imports and whole-history scans
	 * are what a store does most, and they run ~25% faster than with 4 KiB pages. A store in
	 * memory (tests, notebooks, fuzzing) keeps SQLite's 4 KiB: it is small, and opening it with
	 * 64 KiB pages costs ~8× more (every page of the new schema is zeroed). */
	bool in_memory = strcmp(s->path, ":memory:") == 0;
	int rc = fi__exec(s->db,
			  in_memory ? "PRAGMA foreign_keys = ON;" : "PRAGMA foreign_keys = ON; PRAGMA page_size = 65536;",
			  "configure store");
	if (rc == FI_OK)
		rc = fi__exec(s->db,
			      "PRAGMA cache_size = -16384;"    /* 16 MiB: keeps large imports in bounded memory */
			      "PRAGMA mmap_size = 1073741824;", /* analyses read the file in place, not copied */
			      "configure store");
	if (rc || s->readonly)
		return rc;
	/* WAL lets other processes read a consistent snapshot while an import writes; NORMAL sync is
	 * crash-safe in WAL mode (a power cut may lose the last commit, never corrupt the file). */
	if ((rc = fi__exec(s->db, "PRAGMA synchronous = NORMAL", "configure store")))
		return rc;
	/* switching is done once, when the file is new: asking again on every open would take a
	 * lock that readers in other processes can trip over */
	sqlite3_stmt *st;
	if ((rc = fi__prepare(s->db, "PRAGMA journal_mode", &st)))
		return rc;
	bool wal = sqlite3_step(st) == SQLITE_ROW &&
		   sqlite3_stricmp((const char *)sqlite3_column_text(st, 0), "wal") == 0;
	sqlite3_finalize(st);
	return wal ? FI_OK : fi__exec(s->db, "PRAGMA journal_mode = WAL", "configure store");
}

static void on_row_change(void *arg, int op, const char *db, const char *table, sqlite3_int64 rowid)
{
	(void)op, (void)rowid;
	fi_store *s = arg;
	if ((!s->workouts_changed || (s->next.frame && !s->next.stale)) && strcmp(table, "workouts") == 0 &&
	    strcmp(db, "main") == 0) {
		s->workouts_changed = true;
		s->next.stale = true;
	}
}

/* SQLite calls this inside its rollback: only our own state may be touched here. */
static void on_rollback(void *arg)
{
	fi_store *s = arg;
	s->workouts_changed = false;
	drop_next_cache(s);
}

/* The library's writes to workouts set the data generation at commit (fi__commit), noticed row
 * by row here, instead of firing the schema's triggers for each row. SQLite does not call the hook
 * for a DELETE without WHERE (its truncate optimisation): a write path that empties the table must
 * set store->workouts_changed itself (none does today). */
static int watch_workouts(fi_store *s)
{
	int src = sqlite3_db_config(s->db, SQLITE_DBCONFIG_ENABLE_TRIGGER, 0, NULL);
	if (src != SQLITE_OK)
		return fi__sqlite_error(s->db, src, "configure store");
	sqlite3_update_hook(s->db, on_row_change, s);
	sqlite3_rollback_hook(s->db, on_rollback, s);
	return FI_OK;
}

int fi_store_open(const char *path, const fi_store_params *opts, fi_store **out)
{
	if (!out)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "out is NULL");
	*out = NULL;
	fi_store_params defaults = FI_STORE_PARAMS_INIT;
	if (!opts)
		opts = &defaults;
	if (opts->version != FI_STORE_PARAMS_VERSION)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "unsupported fi_store_params version %u",
				 opts->version);
	fi__library_init();

	fi_store *s = calloc(1, sizeof *s);
	if (!s)
		return fi__error_oom();
	s->readonly = (opts->flags & FI_STORE_READONLY) != 0;
	int rc;
	if (path) {
		s->path = fi__strdup(path);
		rc = s->path ? FI_OK : fi__error_oom();
	} else {
		rc = fi_store_default_path(&s->path);
	}
	/* a store is created with its folder, wherever the path came from (not for ":memory:" or
	 * SQLite's "file:" URIs) */
	if (rc == FI_OK && !s->readonly && strcmp(s->path, ":memory:") != 0 &&
	    strncmp(s->path, "file:", 5) != 0)
		rc = make_parent_dirs(s->path);
	if (rc)
		goto fail;

	int flags = s->readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
	int src = sqlite3_open_v2(s->path, &s->db, flags | SQLITE_OPEN_NOMUTEX, NULL);
	if (src != SQLITE_OK) {
		rc = fi__error(src == SQLITE_CANTOPEN ? FI_EIO : FI_ESTORE, FI_ERRCAT_STORE,
			       "cannot open store %s: %s", s->path,
			       s->db ? sqlite3_errmsg(s->db) : sqlite3_errstr(src));
		goto fail;
	}
	if ((rc = configure(s, opts)) || (rc = migrate(s)) || (rc = watch_workouts(s))) {
		if ((rc == FI_ESTORE) && strstr(fi_error_last()->message, "not a database"))
			rc = fi__error(FI_ESTORE, FI_ERRCAT_STORE,
				       "%s is not a SQLite database (not a libfitintel store)", s->path);
		goto fail;
	}
	*out = s;
	return FI_OK;

fail:
	fi_store_close(s);
	return rc;
}

void fi_store_close(fi_store *s)
{
	if (!s)
		return;
	if (s->cache_free)
		s->cache_free(s->cache);
	drop_next_cache(s);
	sqlite3_close_v2(s->db);
	free(s->path);
	free(s);
}

const char *fi_store_path(const fi_store *s)
{
	return s ? s->path : NULL;
}

int fi_store_schema_version(const fi_store *s)
{
	return s ? s->schema_version : 0;
}

int fi_store_schema_latest(void)
{
	return (int)FI__ARRAY_LEN(migrations);
}

int fi_store_data_version(fi_store *s, int64_t *out)
{
	if (!s || !out)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "store or out is NULL");
	return fi__store_data_version(s, out);
}

int fi_store_workout_count(fi_store *s, int64_t *out)
{
	if (!s || !out)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "store or out is NULL");
	sqlite3_stmt *st;
	int rc = fi__prepare(s->db, "SELECT count(*) FROM workouts", &st);
	if (rc)
		return rc;
	int src = sqlite3_step(st);
	if (src == SQLITE_ROW) {
		*out = sqlite3_column_int64(st, 0);
		rc = FI_OK;
	} else {
		rc = fi__sqlite_error(s->db, src, "count workouts");
	}
	sqlite3_finalize(st);
	return rc;
}

int fi__store_tables(sqlite3 *db, char ***names, size_t *count)
{
	*names = NULL;
	*count = 0;
	sqlite3_stmt *st;
	int rc = fi__prepare(db, "SELECT name FROM sqlite_schema WHERE type = 'table'"
			     " AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name <> 'data_generation'"
			     " ORDER BY name", &st);
	if (rc)
		return rc;
	char **list = NULL;
	size_t n = 0;
	int src;
	while ((src = sqlite3_step(st)) == SQLITE_ROW) {
		char **grown = realloc(list, (n + 1) * sizeof *list);
		char *name = fi__strdup((const char *)sqlite3_column_text(st, 0));
		if (grown)
			list = grown;
		if (!grown || !name) {
			free(name);
			rc = fi__error_oom();
			break;
		}
		list[n++] = name;
	}
	if (rc == FI_OK && src != SQLITE_DONE)
		rc = fi__sqlite_error(db, src, "list the store's tables");
	sqlite3_finalize(st);
	if (rc) {
		for (size_t i = 0; i < n; i++)
			free(list[i]);
		free(list);
		return rc;
	}
	*names = list;
	*count = n;
	return FI_OK;
}
