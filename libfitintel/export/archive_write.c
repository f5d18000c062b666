/* The full JSON archive of a store (SPEC §11): every row of every table, each cell with its
 * storage type, so that fi_archive_import() rebuilds the same store. */
#include <stdlib.h>
#include <string.h>

#include "util/cell_write.h"
#include "export_internal.h"

static int write_table(fi_store *store, const char *name, fi__sink *s, bool first)
{
	fi__buf sql = FI__BUF_INIT;
	fi__buf_puts(&sql, "SELECT * FROM ");
	fi__buf_sql_ident(&sql, name);
	if (sql.failed)
		return fi__error_oom();
	sqlite3_stmt *st;
	int rc = fi__prepare(store->db, sql.data, &st);
	fi__buf_free(&sql);
	if (rc)
		return rc;
	int n = sqlite3_column_count(st);
	fi__buf_puts(&s->b, first ? "\n{\"name\":" : ",\n{\"name\":");
	fi__buf_json_string(&s->b, name, strlen(name));
	fi__buf_puts(&s->b, ",\"columns\":[");
	for (int c = 0; c < n; c++) {
		const char *col = sqlite3_column_name(st, c);
		if (c)
			fi__buf_putc(&s->b, ',');
		fi__buf_json_string(&s->b, col ? col : "", col ? strlen(col) : 0);
	}
	fi__buf_puts(&s->b, "],\"rows\":[");
	int src;
	size_t rows = 0;
	while ((src = sqlite3_step(st)) == SQLITE_ROW) {
		fi__buf_puts(&s->b, rows++ ? ",\n[" : "\n[");
		for (int c = 0; c < n; c++) {
			if (c)
				fi__buf_putc(&s->b, ',');
			fi__json_column(&s->b, st, c, FI__JSON_ARCHIVE);
		}
		fi__buf_putc(&s->b, ']');
		if ((rc = fi__sink_flush(s, FI__SINK_CHUNK)))
			break;
	}
	if (rc == FI_OK && src != SQLITE_DONE)
		rc = fi__sqlite_error(store->db, src, "archive a table");
	fi__buf_puts(&s->b, "]}");
	sqlite3_finalize(st);
	return rc;
}

int fi__archive_write(fi_store *store, fi__sink *s)
{
	char **names;
	size_t n;
	int rc = fi__store_tables(store->db, &names, &n);
	if (rc)
		return rc;
	char now[32];
	fi__now_iso(now);
	fi__buf_printf(&s->b, "{\"format\":\"fitintel-archive\",\"archive_version\":1,"
		      "\"schema_version\":%d,\"library\":\"%s\",\"created_at\":\"%s\",\"tables\":[",
		      store->schema_version, fi_version_string(), now);
	for (size_t i = 0; i < n && rc == FI_OK; i++)
		rc = write_table(store, names[i], s, i == 0);
	fi__buf_puts(&s->b, "\n]}\n");
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return rc;
}
