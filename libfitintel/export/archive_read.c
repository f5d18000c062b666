/* Importing a JSON archive (archive_write.c) into an empty store, in one transaction: each cell
 * goes back with the storage type it was written with. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "export_internal.h"
#include "util/json_read.h"

/* A cell of the row being read; TEXT and BLOB bytes are in the row's arena. */
typedef struct cell {
	int type;   /* fi_sql_type */
	int64_t i;
	double r;
	size_t off, len;
} cell;

typedef struct reader {
	fi__json j;
	fi_store *store;
	char **tables;
	size_t ntables;
	fi__buf str, arena;
	cell *cells;
	size_t ncells;
	int64_t rows;
} reader;

static int check_empty(reader *rd)
{
	for (size_t i = 0; i < rd->ntables; i++) {
		fi__buf sql = FI__BUF_INIT;
		fi__buf_puts(&sql, "SELECT EXISTS (SELECT 1 FROM ");
		fi__buf_sql_ident(&sql, rd->tables[i]);
		fi__buf_puts(&sql, ")");
		if (sql.failed)
			return fi__error_oom();
		sqlite3_stmt *st;
		int rc = fi__prepare(rd->store->db, sql.data, &st);
		fi__buf_free(&sql);
		if (rc)
			return rc;
		int src = sqlite3_step(st);
		bool any = src == SQLITE_ROW && sqlite3_column_int(st, 0);
		sqlite3_finalize(st);
		if (src != SQLITE_ROW)
			return fi__sqlite_error(rd->store->db, src, "check that the store is empty");
		if (any)
			return fi__error(FI_EINVALID, FI_ERRCAT_ARG,
					 "the store %s is not empty (its table %s holds rows): an archive is "
					 "imported into a new, empty store", rd->store->path, rd->tables[i]);
	}
	return FI_OK;
}

/* Archives of schema 1–4 carry a classifications table; since schema 5 the labels are columns of
 * the workouts. Those rows are read into this temporary table and moved into the workouts at the
 * end (the archive lists classifications before workouts). */
#define OLD_LABELS "archive_classifications"

static int old_labels_begin(sqlite3 *db)
{
	return fi__exec(db, "CREATE TEMP TABLE " OLD_LABELS "(workout_id INTEGER PRIMARY KEY, label TEXT,"
			    " method TEXT, confidence REAL, model_id INTEGER, cluster INTEGER, reason TEXT)",
			"read an older archive's labels");
}

static int old_labels_end(sqlite3 *db, int rc)
{
	if (rc == FI_OK)
		rc = fi__exec(db, "UPDATE workouts SET label = c.label, method = c.method,"
				  " confidence = c.confidence, model_id = c.model_id, cluster = c.cluster,"
				  " reason = c.reason FROM temp." OLD_LABELS " AS c WHERE c.workout_id = workouts.id",
			      "move an older archive's labels into its workouts");
	fi__error_snapshot saved;
	fi__error_save(&saved);
	sqlite3_exec(db, "DROP TABLE IF EXISTS temp." OLD_LABELS, NULL, NULL, NULL);
	fi__error_restore(&saved);
	return rc;
}

static bool known_table(const reader *rd, const char *name)
{
	for (size_t i = 0; i < rd->ntables; i++)
		if (strcmp(rd->tables[i], name) == 0)
			return true;
	return strcmp(name, OLD_LABELS) == 0;
}

static int hex_value(int c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
	     : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* {"blob": "hex"} or {"text_hex": "hex"} into the arena. */
static int read_tagged(reader *rd, cell *c)
{
	int rc = fi__json_expect(&rd->j, '{');
	if (rc || (rc = fi__json_string(&rd->j, &rd->str)))
		return rc;
	if (strcmp(rd->str.data, "blob") == 0)
		c->type = FI_SQL_BLOB;
	else if (strcmp(rd->str.data, "text_hex") == 0)
		c->type = FI_SQL_TEXT;
	else
		return fi__json_error(&rd->j, "an object cell is {\"blob\": hex} or {\"text_hex\": hex}");
	if ((rc = fi__json_expect(&rd->j, ':')) || (rc = fi__json_string(&rd->j, &rd->str)))
		return rc;
	if (rd->str.len % 2)
		return fi__json_error(&rd->j, "odd number of hex digits");
	c->off = rd->arena.len;
	c->len = rd->str.len / 2;
	for (size_t k = 0; k < rd->str.len; k += 2) {
		int hi = hex_value(rd->str.data[k]), lo = hex_value(rd->str.data[k + 1]);
		if (hi < 0 || lo < 0)
			return fi__json_error(&rd->j, "not a hex digit");
		fi__buf_putc(&rd->arena, (char)(hi << 4 | lo));
	}
	fi__buf_putc(&rd->arena, '\0');
	return fi__json_expect(&rd->j, '}');
}

static int read_cell(reader *rd, cell *c)
{
	char kind = fi__json_peek(&rd->j);
	int rc = FI_OK;
	memset(c, 0, sizeof *c);
	if (kind == '"') {
		if ((rc = fi__json_string(&rd->j, &rd->str)))
			return rc;
		c->type = FI_SQL_TEXT;
		c->off = rd->arena.len;
		c->len = rd->str.len;
		fi__buf_append(&rd->arena, rd->str.data ? rd->str.data : "", rd->str.len);
		fi__buf_putc(&rd->arena, '\0');
	} else if (kind == '0') {
		bool real;
		if ((rc = fi__json_number(&rd->j, &real, &c->i, &c->r)))
			return rc;
		c->type = real ? FI_SQL_REAL : FI_SQL_INTEGER;
	} else if (kind == 'n' || kind == 't' || kind == 'f') {
		int lit = fi__json_literal(&rd->j);
		if (lit < 0)
			return lit;
		c->type = lit == 0 ? FI_SQL_NULL : FI_SQL_INTEGER;
		c->i = lit == 1;
	} else if (kind == '{') {
		rc = read_tagged(rd, c);
	} else {
		rc = fi__json_error(&rd->j, "expected a cell value");
	}
	return rd->arena.failed ? fi__error_oom() : rc;
}

static int bind_and_insert(reader *rd, sqlite3_stmt *st, size_t n)
{
	for (size_t k = 0; k < n; k++) {
		const cell *c = &rd->cells[k];
		int col = (int)k + 1;
		const char *p = rd->arena.data ? rd->arena.data + c->off : "";
		switch (c->type) {
		case FI_SQL_INTEGER: sqlite3_bind_int64(st, col, c->i); break;
		case FI_SQL_REAL: sqlite3_bind_double(st, col, c->r); break;
		case FI_SQL_TEXT: sqlite3_bind_text64(st, col, p, c->len, SQLITE_STATIC, SQLITE_UTF8); break;
		case FI_SQL_BLOB: sqlite3_bind_blob64(st, col, p, c->len, SQLITE_STATIC); break;
		default: sqlite3_bind_null(st, col); break;
		}
	}
	int src = sqlite3_step(st);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (src != SQLITE_DONE)
		return fi__sqlite_error(rd->store->db, src, "write a row of the archive");
	rd->rows++;
	return FI_OK;
}

/* "rows": [[cells], ...] of a table with @ncols columns, inserted by @st. */
static int read_rows(reader *rd, sqlite3_stmt *st, size_t ncols)
{
	int rc = fi__json_expect(&rd->j, '[');
	if (rc || fi__json_try(&rd->j, ']'))
		return rc;
	do {
		if ((rc = fi__json_expect(&rd->j, '[')))
			return rc;
		fi__buf_clear(&rd->arena);
		size_t n = 0;
		if (!fi__json_try(&rd->j, ']')) {
			do {
				if (n == ncols)
					return fi__json_error(&rd->j, "a row has more cells than columns");
				if ((rc = read_cell(rd, &rd->cells[n++])))
					return rc;
			} while (fi__json_more(&rd->j, ']', &rc));
			if (rc)
				return rc;
		}
		if (n != ncols)
			return fi__json_error(&rd->j, "a row has fewer cells than columns");
		if ((rc = bind_and_insert(rd, st, n)))
			return rc;
	} while (fi__json_more(&rd->j, ']', &rc));
	return rc;
}

/* Whether the store's table @table has a column @col. */
static int column_exists(reader *rd, const char *table, const char *col, bool *yes)
{
	sqlite3_stmt *st;
	int rc = fi__prepare(rd->store->db, "SELECT 1 FROM pragma_table_info(?1) WHERE name = ?2", &st);
	if (rc)
		return rc;
	sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, col, -1, SQLITE_STATIC);
	int src = sqlite3_step(st);
	*yes = src == SQLITE_ROW;
	sqlite3_finalize(st);
	return src == SQLITE_ROW || src == SQLITE_DONE ? FI_OK
	       : fi__sqlite_error(rd->store->db, src, "read a table's columns");
}

/* {"name": ..., "columns": [...], "rows": [...]} */
static int read_table(reader *rd)
{
	int rc = fi__json_expect(&rd->j, '{');
	char *name = NULL;
	fi__buf insert = FI__BUF_INIT, values = FI__BUF_INIT;
	size_t ncols = 0;
	sqlite3_stmt *st = NULL;
	bool more = rc == FI_OK;
	while (more && rc == FI_OK) {
		if ((rc = fi__json_string(&rd->j, &rd->str)) || (rc = fi__json_expect(&rd->j, ':')))
			break;
		if (strcmp(rd->str.data, "name") == 0 && !name) {
			if ((rc = fi__json_string(&rd->j, &rd->str)))
				break;
			const char *table = strcmp(rd->str.data, "classifications") == 0 ? OLD_LABELS
					  : rd->str.data;
			if (!(name = fi__strdup(table))) {
				rc = fi__error_oom();
				break;
			}
			if (!known_table(rd, name)) {
				rc = fi__json_error(&rd->j, "the archive has a table this store does not know");
				break;
			}
		} else if (strcmp(rd->str.data, "columns") == 0 && name && !st) {
			fi__buf_puts(&insert, "INSERT INTO ");
			fi__buf_sql_ident(&insert, name);
			fi__buf_putc(&insert, '(');
			if ((rc = fi__json_expect(&rd->j, '[')))
				break;
			do {
				bool yes;
				if ((rc = fi__json_string(&rd->j, &rd->str)) ||
				    (rc = column_exists(rd, name, rd->str.data, &yes)))
					break;
				if (!yes) {
					rc = fi__json_error(&rd->j, "the archive has a column this store does not know");
					break;
				}
				if (ncols)
					fi__buf_putc(&insert, ',');
				fi__buf_sql_ident(&insert, rd->str.data);
				fi__buf_puts(&values, ncols ? ",?" : "?");
				ncols++;
			} while (fi__json_more(&rd->j, ']', &rc));
			if (rc)
				break;
			if (ncols == 0) {
				rc = fi__json_error(&rd->j, "a table without columns");
				break;
			}
			fi__buf_puts(&insert, ") VALUES (");
			fi__buf_append(&insert, values.data, values.len);
			fi__buf_putc(&insert, ')');
			if (insert.failed) {
				rc = fi__error_oom();
				break;
			}
			cell *cells = realloc(rd->cells, ncols * sizeof *cells);
			if (!cells) {
				rc = fi__error_oom();
				break;
			}
			rd->cells = cells;
			if ((rc = fi__prepare(rd->store->db, insert.data, &st)))
				break;
		} else if (strcmp(rd->str.data, "rows") == 0 && st) {
			rc = read_rows(rd, st, ncols);
		} else if (strcmp(rd->str.data, "rows") == 0 || strcmp(rd->str.data, "columns") == 0 ||
			   strcmp(rd->str.data, "name") == 0) {
			rc = fi__json_error(&rd->j, "a table is {\"name\", \"columns\", \"rows\"}, in that order");
		} else {
			rc = fi__json_skip(&rd->j);
		}
		if (rc == FI_OK)
			more = fi__json_more(&rd->j, '}', &rc);
	}
	sqlite3_finalize(st);
	free(name);
	fi__buf_free(&insert);
	fi__buf_free(&values);
	return rc;
}

static int read_archive(reader *rd)
{
	int rc = fi__json_expect(&rd->j, '{');
	bool format = false, version = false, more = rc == FI_OK;
	while (more && rc == FI_OK) {
		if ((rc = fi__json_string(&rd->j, &rd->str)) || (rc = fi__json_expect(&rd->j, ':')))
			break;
		if (strcmp(rd->str.data, "format") == 0) {
			if (fi__json_peek(&rd->j) != '"' || (rc = fi__json_string(&rd->j, &rd->str)) ||
			    strcmp(rd->str.data, "fitintel-archive") != 0)
				return rc ? rc : fi__json_error(&rd->j, "not a fitintel archive");
			format = true;
		} else if (strcmp(rd->str.data, "archive_version") == 0 ||
			   strcmp(rd->str.data, "schema_version") == 0) {
			bool schema = rd->str.data[0] == 's', real;
			int64_t v = 0;
			double r;
			if ((rc = fi__json_number(&rd->j, &real, &v, &r)))
				break;
			if (!schema && (real || v != 1))
				return fi__error(FI_EVERSION, FI_ERRCAT_STORE,
						 "archive format version %g is not one this library reads (1)",
						 real ? r : (double)v);
			if (schema && (real || v > rd->store->schema_version))
				return fi__error(FI_EVERSION, FI_ERRCAT_STORE,
						 "the archive is of schema version %lld; this store has %d",
						 (long long)v, rd->store->schema_version);
			version = version || schema;
		} else if (strcmp(rd->str.data, "tables") == 0) {
			if (!format || !version)
				return fi__json_error(&rd->j, "not a fitintel archive (format and "
						      "schema_version come first)");
			if ((rc = fi__json_expect(&rd->j, '[')))
				break;
			if (!fi__json_try(&rd->j, ']')) {
				do
					rc = read_table(rd);
				while (rc == FI_OK && fi__json_more(&rd->j, ']', &rc));
			}
		} else {
			rc = fi__json_skip(&rd->j);
		}
		if (rc == FI_OK)
			more = fi__json_more(&rd->j, '}', &rc);
	}
	if (rc == FI_OK && (!format || !version))
		return fi__json_error(&rd->j, "not a fitintel archive");
	fi__json_peek(&rd->j);   /* skips the white space at the end */
	if (rc == FI_OK && rd->j.p < rd->j.end)
		return fi__json_error(&rd->j, "text after the archive");
	return rc;
}

static int map_file(const char *path, void **data, size_t *size)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return fi__error(FI_EIO, FI_ERRCAT_OS, "cannot open %s: %s", path, strerror(errno));
	struct stat sb;
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		close(fd);
		return fi__error(FI_EIO, FI_ERRCAT_OS, "%s is not a regular file", path);
	}
	*size = (size_t)sb.st_size;
	*data = NULL;
	if (*size == 0) {
		close(fd);
		return fi__error_at(FI_EPARSE, path, 1, 1, NULL, "the file is empty, not an archive");
	}
	void *p = mmap(NULL, *size, PROT_READ, MAP_PRIVATE, fd, 0);
	int err = errno;
	close(fd);
	if (p == MAP_FAILED)
		return fi__error(FI_EIO, FI_ERRCAT_OS, "cannot read %s: %s", path, strerror(err));
	madvise(p, *size, MADV_SEQUENTIAL);
	*data = p;
	return FI_OK;
}

int fi_archive_import(fi_store *store, const char *path, int64_t *rows)
{
	if (rows)
		*rows = 0;
	int rc = fi__store_writable(store);
	if (rc)
		return rc;
	if (!path)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "path is NULL");
	reader rd;
	memset(&rd, 0, sizeof rd);
	rd.store = store;
	rd.str = (fi__buf)FI__BUF_INIT;
	rd.arena = (fi__buf)FI__BUF_INIT;
	void *data = NULL;
	size_t size = 0;
	if ((rc = fi__store_tables(store->db, &rd.tables, &rd.ntables)))
		return rc;
	if ((rc = fi__write_begin(store, "start importing the archive")) == FI_OK) {
		/* rows refer to each other across tables (and within imports): check at COMMIT */
		if ((rc = fi__exec(store->db, "PRAGMA defer_foreign_keys = ON", "start importing")) == FI_OK &&
		    (rc = check_empty(&rd)) == FI_OK && (rc = map_file(path, &data, &size)) == FI_OK) {
			rd.j = (fi__json){ data, data, (const char *)data + size, path, 0 };
			if ((rc = old_labels_begin(store->db)) == FI_OK)
				rc = old_labels_end(store->db, read_archive(&rd));
		}
		rc = fi__write_end(store, rc, "commit the archive");
	}
	if (data)
		munmap(data, size);
	for (size_t i = 0; i < rd.ntables; i++)
		free(rd.tables[i]);
	free(rd.tables);
	free(rd.cells);
	fi__buf_free(&rd.str);
	fi__buf_free(&rd.arena);
	if (rc == FI_OK && rows)
		*rows = rd.rows;
	return rc;
}
