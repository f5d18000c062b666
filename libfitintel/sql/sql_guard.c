/* The SQL explorer's guard (SPEC §9): a hardened read-only connection, an authorizer that allows
 * only reading, and the one-statement and read-only checks. Defence in depth: each layer alone
 * would refuse a write; together they also refuse what could touch files or load code. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "sql_internal.h"

/* Longest text or blob a query may build (randomblob(1e9) would otherwise take a gigabyte). */
#define SQL_MAX_LENGTH (64 * 1024 * 1024)

/* Functions that read or write files, load code, run SQL of their own or hand out pointers; most
 * exist only in the sqlite3 shell or in extensions, which cannot be loaded here anyway. */
static const char *const denied_functions[] = {
	"load_extension", "readfile", "writefile", "edit", "fts3_tokenizer", "fts5",
	"zipfile", "zipfile_cds", "sqlar_compress", "sqlar_uncompress", "lsmode", "eval",
	"sha3_query", "shell_add_schema", "shell_module_schema", "shell_escape_crnl",
	"shell_putsnl", "shell_idquote", "sqlite_dbpage", "sqlite_dbdata", "fts_tokenizer",
};

/* PRAGMAs that only read. The first group takes a table or index name (or, for the checks, a
 * count), the second none. */
static const char *const read_pragmas_with_name[] = {
	"table_info", "table_xinfo", "index_list", "index_info", "index_xinfo", "foreign_key_list",
	"foreign_key_check", "integrity_check", "quick_check",
};
static const char *const read_pragmas_bare[] = {
	"table_list", "database_list", "function_list", "pragma_list", "collation_list",
	"module_list", "compile_options", "user_version", "application_id", "schema_version",
	"page_count", "page_size", "freelist_count", "encoding", "data_version", "journal_mode",
};

static bool in_list(const char *name, const char *const *list, size_t n)
{
	for (size_t i = 0; name && i < n; i++)
		if (sqlite3_stricmp(name, list[i]) == 0)
			return true;
	return false;
}

static int deny(fi__sql_guard *g, const char *fmt, ...) FI__PRINTF(2, 3);

static int deny(fi__sql_guard *g, const char *fmt, ...)
{
	if (g->reason[0] == '\0') {   /* the first refusal says most */
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(g->reason, sizeof g->reason, fmt, ap);
		va_end(ap);
	}
	return SQLITE_DENY;
}

#define S(x) ((x) ? (x) : "?")

static bool schema_table(const char *name)
{
	return name && (sqlite3_stricmp(name, "sqlite_master") == 0 ||
			sqlite3_stricmp(name, "sqlite_temp_master") == 0 ||
			sqlite3_stricmp(name, "sqlite_schema") == 0 ||
			sqlite3_stricmp(name, "sqlite_temp_schema") == 0);
}

static int authorize(void *payload, int action, const char *a1, const char *a2, const char *db,
		     const char *trigger)
{
	fi__sql_guard *g = payload;
	(void)db;
	(void)trigger;
	switch (action) {
	case SQLITE_SELECT:
	case SQLITE_READ:
	case SQLITE_RECURSIVE:
		return SQLITE_OK;
	case SQLITE_FUNCTION:
		/* a1 is NULL, a2 the function's name */
		if (in_list(a2, denied_functions, FI__ARRAY_LEN(denied_functions)))
			return deny(g, "the function %s() touches files or loads code", S(a2));
		return SQLITE_OK;
	case SQLITE_PRAGMA:
		/* a1 is the pragma, a2 its argument or NULL */
		if (in_list(a1, read_pragmas_with_name, FI__ARRAY_LEN(read_pragmas_with_name)))
			return SQLITE_OK;
		if (a2 == NULL && in_list(a1, read_pragmas_bare, FI__ARRAY_LEN(read_pragmas_bare)))
			return SQLITE_OK;
		if (a2)
			return deny(g, "PRAGMA %s = %s sets a value; only reading PRAGMAs may run", S(a1), a2);
		return deny(g, "PRAGMA %s is not one of the read-only PRAGMAs allowed here", S(a1));
	case SQLITE_INSERT:
		if (schema_table(a1))
			return deny(g, "CREATE changes the schema");
		return deny(g, "INSERT into %s writes", S(a1));
	case SQLITE_UPDATE:
		/* Compiling a table-valued function (json_each, pragma_table_info) reports an
		 * UPDATE of the schema table that never runs: allow that one. A statement that
		 * really changed the schema is refused by its other actions (CREATE, ALTER) and by
		 * sqlite3_stmt_readonly(); the connection is read-only and defensive besides. */
		if (schema_table(a1))
			return SQLITE_OK;
		return deny(g, "UPDATE of %s.%s writes", S(a1), S(a2));
	case SQLITE_DELETE:
		if (schema_table(a1))
			return deny(g, "DROP changes the schema");
		return deny(g, "DELETE from %s writes", S(a1));
	case SQLITE_ATTACH:
		return deny(g, "ATTACH %s opens another database", S(a1));
	case SQLITE_DETACH:
		return deny(g, "DETACH %s changes the connection", S(a1));
	case SQLITE_TRANSACTION:
	case SQLITE_SAVEPOINT:
		return deny(g, "transaction control (%s) is not needed: each query reads one snapshot",
			    S(a1));
	case SQLITE_CREATE_TABLE: case SQLITE_CREATE_TEMP_TABLE: case SQLITE_CREATE_INDEX:
	case SQLITE_CREATE_TEMP_INDEX: case SQLITE_CREATE_VIEW: case SQLITE_CREATE_TEMP_VIEW:
	case SQLITE_CREATE_TRIGGER: case SQLITE_CREATE_TEMP_TRIGGER: case SQLITE_CREATE_VTABLE:
		return deny(g, "CREATE (%s) changes the schema", S(a1));
	case SQLITE_DROP_TABLE: case SQLITE_DROP_TEMP_TABLE: case SQLITE_DROP_INDEX:
	case SQLITE_DROP_TEMP_INDEX: case SQLITE_DROP_VIEW: case SQLITE_DROP_TEMP_VIEW:
	case SQLITE_DROP_TRIGGER: case SQLITE_DROP_TEMP_TRIGGER: case SQLITE_DROP_VTABLE:
		return deny(g, "DROP (%s) changes the schema", S(a1));
	case SQLITE_ALTER_TABLE:
		return deny(g, "ALTER TABLE %s changes the schema", S(a2));
	case SQLITE_REINDEX:
	case SQLITE_ANALYZE:
		return deny(g, "REINDEX / ANALYZE (%s) writes", S(a1));
	default:
		return deny(g, "the action %d is not a read", action);
	}
}

int fi__sql_open(fi_store *store, fi__sql_guard *guard, sqlite3 **out)
{
	*out = NULL;
	if (!store)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "store is NULL");
	const char *path = store->path;
	if (!path || !*path || strcmp(path, ":memory:") == 0)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG,
				 "the SQL explorer needs a store in a file (this one is in memory)");
	sqlite3 *db = NULL;
	int src = sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL);
	if (src != SQLITE_OK) {
		int rc = fi__error(src == SQLITE_CANTOPEN ? FI_EIO : FI_ESTORE, FI_ERRCAT_STORE,
				   "cannot open %s for the SQL explorer: %s", path,
				   db ? sqlite3_errmsg(db) : sqlite3_errstr(src));
		sqlite3_close_v2(db);
		return rc;
	}
	sqlite3_extended_result_codes(db, 1);
	int off = 0, on = 1;
	bool ok = sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0, &off) == SQLITE_OK &&
		  sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 1, &on) == SQLITE_OK &&
		  sqlite3_db_config(db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, &off) == SQLITE_OK &&
		  off == 0 && on == 1;
	if (!ok) {
		sqlite3_close_v2(db);
		return fi__error(FI_ESTORE, FI_ERRCAT_STORE, "cannot harden the SQL explorer's connection");
	}
	sqlite3_limit(db, SQLITE_LIMIT_ATTACHED, 0);
	sqlite3_limit(db, SQLITE_LIMIT_LENGTH, SQL_MAX_LENGTH);
	/* a reader in WAL mode waits only while another connection recovers the log */
	sqlite3_busy_timeout(db, store->busy_timeout_ms < 5000 ? store->busy_timeout_ms : 5000);
	int rc = fi__exec(db,
			  "PRAGMA query_only = 1;"
			  "PRAGMA mmap_size = 1073741824;"
			  "PRAGMA cache_size = -16384;",
			  "configure the SQL explorer's connection");
	if (rc) {
		sqlite3_close_v2(db);
		return rc;
	}
	guard->reason[0] = '\0';
	sqlite3_set_authorizer(db, authorize, guard);
	*out = db;
	return FI_OK;
}

/* Length of the whitespace, comments and semicolons at the start of @s. */
static size_t skip_filler(const char *s)
{
	const char *p = s;
	for (;;) {
		if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == '\f' || *p == '\v' ||
		    *p == ';') {
			p++;
		} else if (p[0] == '-' && p[1] == '-') {
			while (*p && *p != '\n')
				p++;
		} else if (p[0] == '/' && p[1] == '*') {
			const char *end = strstr(p + 2, "*/");
			p = end ? end + 2 : p + strlen(p);   /* SQLite ends an open comment at the end */
		} else {
			return (size_t)(p - s);
		}
	}
}

/* "SELECT 1; DROP TABLE x" → a message quoting the start of the extra text. */
static int refuse_tail(const char *tail)
{
	fi__buf b = FI__BUF_INIT;
	fi__text_excerpt(&b, tail, strlen(tail), 60);
	int rc = fi__error(FI_EINVALID, FI_ERRCAT_ARG,
			   "refused: only one statement may run, and more follows the first: '%s'",
			   b.data ? b.data : "");
	fi__buf_free(&b);
	return rc;
}

int fi__sql_prepare(sqlite3 *db, fi__sql_guard *guard, const char *sql, sqlite3_stmt **out)
{
	*out = NULL;
	if (!sql)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "the SQL text is NULL");
	guard->reason[0] = '\0';
	sqlite3_stmt *st = NULL;
	const char *tail = NULL;
	int src = sqlite3_prepare_v3(db, sql, -1, 0, &st, &tail);
	if (src != SQLITE_OK) {
		int rc;
		if (guard->reason[0])
			rc = fi__error(FI_EINVALID, FI_ERRCAT_ARG, "refused: %s", guard->reason);
		else if ((src & 0xFF) == SQLITE_NOMEM)
			rc = fi__error_oom();
		else if ((src & 0xFF) == SQLITE_TOOBIG)
			rc = fi__error(FI_ELIMIT, FI_ERRCAT_ARG, "the statement is too long: %s",
				       sqlite3_errmsg(db));
		else
			rc = fi__error(FI_EINVALID, FI_ERRCAT_ARG, "SQL error: %s", sqlite3_errmsg(db));
		sqlite3_finalize(st);
		return rc;
	}
	if (!st)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "no statement: the text holds only "
				 "whitespace and comments");
	if (tail && tail[skip_filler(tail)] != '\0') {
		sqlite3_finalize(st);
		return refuse_tail(tail + skip_filler(tail));
	}
	if (!sqlite3_stmt_readonly(st)) {
		fi__buf b = FI__BUF_INIT;
		const char *text = sqlite3_sql(st);
		fi__text_excerpt(&b, text, strlen(text), 60);
		int rc = fi__error(FI_EINVALID, FI_ERRCAT_ARG,
				   "refused: the statement would change the store ('%s'); only reading "
				   "statements may run", b.data ? b.data : "");
		fi__buf_free(&b);
		sqlite3_finalize(st);
		return rc;
	}
	*out = st;
	return FI_OK;
}
