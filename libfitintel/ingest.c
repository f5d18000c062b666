/* Importing an export: stream it through libcsv, check every row, write the file's accepted rows in
 * one transaction, and leave an import record (SPEC §1.1–1.3). */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <csv.h>
#include <nettle/sha2.h>

#include "idset.h"
#include "import_report.h"
#include "ingest_fields.h"

#define CHUNK_BYTES (1u << 20)       /* read size */
#define PIECE_BYTES (64u << 10)      /* longest slice handed to libcsv at once */
#define HEADER_MAX_COLUMNS 256
#define EXCERPT_CHARS 60
#define MAX_UNKNOWN_TYPES 32

/* Bounds of SPEC §2.2, counted here for the import's data-quality summary. */
#define PACE_MAX 60.0
#define DISTANCE_MAX 50.0
#define DURATION_MAX (24.0 * 3600.0)

typedef struct input_source {
	int fd;                    /* -1 for memory */
	const unsigned char *mem;
	size_t mem_size;
	size_t mem_pos;
} input_source;

typedef struct type_count {
	char *name;
	int64_t count;
} type_count;

typedef struct ingest_ctx {
	fi_store *store;
	const char *name;
	fi_ingest_options opts;
	fi_import_report *report;

	struct csv_parser parser;
	long line;                 /* physical line being fed, 1-based */
	long row_line;             /* first physical line of the current row */
	bool row_start_pending;

	/* the current row: fields copied into one arena */
	fi_buf arena;
	size_t *field_off;
	size_t *field_len;
	int field_cap;             /* fields stored per row */
	int field_count;           /* fields seen in the row (may exceed field_cap) */

	bool have_header;
	fi_header_map map;
	char **header_names;       /* copies of the header cells, for messages */
	int header_count;
	fi_buf ignored_json;       /* names of unknown columns, as JSON strings */

	int fatal;                 /* first fatal status; stops the parse */
	bool writing;              /* false once a strict import has a reject: nothing will commit */
	sqlite3_stmt *insert;
	fi_idset ids;

	int64_t empty_cells[FI_COL__COUNT];
	int64_t beyond_missing, beyond_pace, beyond_distance, beyond_duration;
	int64_t dup_in_file, dup_in_store;
	type_count unknown_types[MAX_UNKNOWN_TYPES];
	int unknown_type_count;
	int64_t unknown_types_other;

	uint64_t bytes_done;
	uint64_t bytes_total;
} ingest_ctx;

int fi_ingest_options_init(fi_ingest_options *opts, unsigned int version)
{
	if (!opts || version != FI_INGEST_OPTIONS_VERSION)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "unsupported fi_ingest_options version %u",
				 version);
	*opts = (fi_ingest_options)FI_INGEST_OPTIONS_INIT;
	return FI_OK;
}

/* ---- input ---- */

static long read_chunk(input_source *src, unsigned char *buf, size_t cap)
{
	if (src->fd < 0) {
		size_t n = src->mem_size - src->mem_pos;
		if (n > cap)
			n = cap;
		memcpy(buf, src->mem + src->mem_pos, n);
		src->mem_pos += n;
		return (long)n;
	}
	for (;;) {
		ssize_t n = read(src->fd, buf, cap);
		if (n >= 0 || errno != EINTR)
			return (long)n;
	}
}

static int hash_input(input_source *src, const char *name, unsigned char *buf, char hex[65],
		      uint64_t *size)
{
	struct sha256_ctx sha;
	sha256_init(&sha);
	uint64_t total = 0;
	long n;
	while ((n = read_chunk(src, buf, CHUNK_BYTES)) > 0) {
		sha256_update(&sha, (size_t)n, buf);
		total += (uint64_t)n;
	}
	if (n < 0)
		return fi__error_at(FI_EIO, name, 0, 0, NULL, "cannot read %s: %s", name,
				    strerror(errno));
	uint8_t digest[SHA256_DIGEST_SIZE];
	sha256_digest(&sha, sizeof digest, digest);
	for (size_t i = 0; i < sizeof digest; i++)
		snprintf(hex + 2 * i, 3, "%02x", digest[i]);
	*size = total;
	if (src->fd >= 0) {
		if (lseek(src->fd, 0, SEEK_SET) != 0)
			return fi__error_at(FI_EIO, name, 0, 0, NULL, "cannot rewind %s: %s", name,
					    strerror(errno));
	} else {
		src->mem_pos = 0;
	}
	return FI_OK;
}

/* ---- rejects ---- */

static const char *column_name(const ingest_ctx *c, int index)
{
	return index >= 0 && index < c->header_count ? c->header_names[index] : "";
}

static void stop(ingest_ctx *c, int rc)
{
	if (!c->fatal)
		c->fatal = rc;
}

/* Report row @c->row_line as rejected; @index is the 0-based field at fault or -1. */
static void reject_row(ingest_ctx *c, int reason, int index, const char *text, size_t len,
		       const char *what)
{
	fi_buf excerpt = FI_BUF_INIT, message = FI_BUF_INIT;
	fi__text_excerpt(&excerpt, text ? text : "", text ? len : 0, EXCERPT_CHARS);
	const char *field = column_name(c, index);
	fi_buf_printf(&message, "%s:%ld: ", c->name, c->row_line);
	if (index >= 0)
		fi_buf_printf(&message, "%s (column %d): ", field, index + 1);
	if (text)
		fi_buf_printf(&message, "'%s' %s", excerpt.data ? excerpt.data : "", what);
	else
		fi_buf_puts(&message, what);

	if (excerpt.failed || message.failed) {
		stop(c, fi__error_oom());
	} else {
		fi_reject r = { c->row_line, index + 1, reason, field,
				excerpt.data ? excerpt.data : "", message.data };
		c->report->rows_rejected++;
		if (c->opts.policy == FI_INGEST_STRICT)
			c->writing = false;
		if (c->opts.reject_cb && c->opts.reject_cb(&r, c->opts.reject_payload) != 0)
			stop(c, fi__error(FI_EUSER, FI_ERRCAT_CALLBACK,
					  "the reject callback cancelled the import of %s", c->name));
		else if (c->report->reject_count < c->opts.max_rejects_kept) {
			int rc = fi_report__add_reject(c->report, &r);
			if (rc)
				stop(c, rc);
		}
	}
	fi_buf_free(&excerpt);
	fi_buf_free(&message);
}

/* ---- header ---- */

static void list_found_columns(const ingest_ctx *c, fi_buf *b)
{
	for (int i = 0; i < c->header_count; i++) {
		if (i)
			fi_buf_puts(b, ", ");
		fi_buf_putc(b, '\'');
		fi__text_excerpt(b, c->header_names[i], strlen(c->header_names[i]), 40);
		fi_buf_putc(b, '\'');
	}
	if (c->header_count == 0)
		fi_buf_puts(b, "(none)");
}

static int process_header(ingest_ctx *c)
{
	int n = c->field_count;
	if (n > HEADER_MAX_COLUMNS) {
		char count[32];
		fi__format_count(count, n);
		return fi__error_at(FI_EPARSE, c->name, 1, 0, NULL,
				    "%s:1: the header has %s columns; a MapMyRun export has 15",
				    c->name, count);
	}
	c->header_names = calloc((size_t)n, sizeof *c->header_names);
	if (!c->header_names)
		return fi__error_oom();
	c->header_count = n;
	for (int i = 0; i < n; i++) {
		const char *text = c->arena.data ? c->arena.data + c->field_off[i] : "";
		size_t len = c->field_len[i];
		if (fi__utf8_valid_prefix((const unsigned char *)text, len) != len)
			return fi__error_at(FI_EPARSE, c->name, 1, i + 1, NULL,
					    "%s:1: header column %d is not UTF-8 text; MapMyRun exports "
					    "are UTF-8", c->name, i + 1);
		c->header_names[i] = malloc(len + 1);
		if (!c->header_names[i])
			return fi__error_oom();
		memcpy(c->header_names[i], text, len);
		c->header_names[i][len] = '\0';
	}

	for (int k = 0; k < FI_COL__COUNT; k++) {
		c->map.index[k] = -1;
		c->map.factor[k] = 1.0;
	}
	c->map.field_count = n;
	for (int i = 0; i < n; i++) {
		double factor = 1.0;
		int col = fi_col__match(c->header_names[i], strlen(c->header_names[i]), &factor);
		if (col < 0) {
			if (c->ignored_json.len)
				fi_buf_putc(&c->ignored_json, ',');
			fi_buf_json_string(&c->ignored_json, c->header_names[i],
					   strlen(c->header_names[i]));
			continue;
		}
		if (c->map.index[col] >= 0) {
			fi_buf detail = FI_BUF_INIT;
			fi_buf_printf(&detail, "'%s' (column %d) and '%s' (column %d) both give %s",
				      c->header_names[c->map.index[col]], c->map.index[col] + 1,
				      c->header_names[i], i + 1, fi_col__store_name((fi_col)col));
			int rc = fi__error_at(FI_EPARSE, c->name, 1, i + 1, c->header_names[i],
					      "%s:1: duplicate column in the header: %s", c->name,
					      detail.data ? detail.data : "");
			fi_buf_free(&detail);
			return rc;
		}
		c->map.index[col] = i;
		c->map.factor[col] = factor;
		c->map.name[col] = c->header_names[i];
		if (factor != 1.0)
			c->map.metric = true;
	}

	fi_buf missing = FI_BUF_INIT;
	if (c->map.index[FI_COL_WORKOUT_DATE] < 0)
		fi_buf_puts(&missing, "'Workout Date'");
	if (c->map.index[FI_COL_LINK] < 0)
		fi_buf_printf(&missing, "%s'Link'", missing.len ? ", " : "");
	if (c->map.index[FI_COL_DISTANCE] < 0 && c->map.index[FI_COL_DURATION] < 0)
		fi_buf_printf(&missing, "%s'Distance (mi)' or 'Workout Time (seconds)'",
			      missing.len ? ", " : "");
	int rc = FI_OK;
	if (missing.len) {
		fi_buf found = FI_BUF_INIT;
		list_found_columns(c, &found);
		rc = fi__error_at(FI_EPARSE, c->name, 1, 0, NULL,
				  "%s:1: missing required column(s) %s; the header has %s", c->name,
				  missing.data, found.data ? found.data : "(none)");
		fi_buf_free(&found);
	}
	fi_buf_free(&missing);
	if (rc)
		return rc;

	/* Store only the fields a well-formed row has; a longer row is rejected by count alone. */
	c->have_header = true;
	return FI_OK;
}

/* ---- rows ---- */

static void count_unknown_type(ingest_ctx *c, const char *s, size_t n)
{
	for (int i = 0; i < c->unknown_type_count; i++) {
		if (strlen(c->unknown_types[i].name) == n && memcmp(c->unknown_types[i].name, s, n) == 0) {
			c->unknown_types[i].count++;
			return;
		}
	}
	if (c->unknown_type_count == MAX_UNKNOWN_TYPES) {
		c->unknown_types_other++;
		return;
	}
	char *name = malloc(n + 1);
	if (!name) {
		stop(c, fi__error_oom());
		return;
	}
	memcpy(name, s, n);
	name[n] = '\0';
	c->unknown_types[c->unknown_type_count++] = (type_count){ name, 1 };
}

static void count_beyond_bounds(ingest_ctx *c, const double *v)
{
	double pace = v[FI_COL_AVG_PACE], dist = v[FI_COL_DISTANCE], dur = v[FI_COL_DURATION];
	if (isnan(pace) || isnan(dist) || isnan(dur))
		c->beyond_missing++;
	if (!isnan(pace) && (pace <= 0 || pace > PACE_MAX))
		c->beyond_pace++;
	if (!isnan(dist) && (dist <= 0 || dist > DISTANCE_MAX))
		c->beyond_distance++;
	if (!isnan(dur) && (dur <= 0 || dur > DURATION_MAX))
		c->beyond_duration++;
}

static const char *number_problem(int reason)
{
	switch (reason) {
	case FI_REJECT_NOT_FINITE: return "is not a finite number";
	case FI_REJECT_NEGATIVE: return "is negative";
	default: return "is not a number";
	}
}

/* Bind parameter numbers of the INSERT statement, by column. */
static int bind_index(fi_col col)
{
	return (int)col + 2; /* ?1 is the id; the rest follow fi_col order; import_id is last */
}

static void insert_row(ingest_ctx *c, int64_t id, const char dates[2][11], const double *values)
{
	sqlite3_stmt *st = c->insert;
	sqlite3_bind_int64(st, 1, id);
	for (int k = 0; k < FI_COL__COUNT; k++) {
		int idx = c->map.index[k];
		int p = bind_index((fi_col)k);
		switch (fi_col__kind((fi_col)k)) {
		case FI_KIND_DATE: {
			const char *d = dates[k == FI_COL_WORKOUT_DATE];
			if (d[0])
				sqlite3_bind_text(st, p, d, 10, SQLITE_STATIC);
			else
				sqlite3_bind_null(st, p);
			break;
		}
		case FI_KIND_NUMBER:
			if (isnan(values[k]))
				sqlite3_bind_null(st, p);
			else if (k == FI_COL_STEPS && values[k] < 9.2e18 && values[k] == floor(values[k]))
				sqlite3_bind_int64(st, p, (sqlite3_int64)values[k]);
			else
				sqlite3_bind_double(st, p, values[k]);
			break;
		default:
			if (idx >= 0 && c->field_len[idx] > 0)
				sqlite3_bind_text(st, p, c->arena.data + c->field_off[idx],
						  (int)c->field_len[idx], SQLITE_STATIC);
			else
				sqlite3_bind_null(st, p);
		}
	}
	sqlite3_bind_int64(st, FI_COL__COUNT + 2, c->report->id);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		stop(c, fi__sqlite_error(c->store->db, rc, "insert workout"));
		return;
	}
	c->report->rows_added++;
	if (fi_report__add_new_id(c->report, id))
		stop(c, FI_ENOMEM);
}

static void process_row(ingest_ctx *c)
{
	fi_import_report *r = c->report;
	r->rows_read++;
	if (c->field_count != c->header_count) {
		char msg[96];
		snprintf(msg, sizeof msg, "the row has %d fields, the header has %d", c->field_count,
			 c->header_count);
		reject_row(c, FI_REJECT_FIELD_COUNT, -1, NULL, 0, msg);
		return;
	}
	const char *base = c->arena.data ? c->arena.data : "";
	for (int i = 0; i < c->field_count; i++) {
		const unsigned char *s = (const unsigned char *)base + c->field_off[i];
		size_t valid = fi__utf8_valid_prefix(s, c->field_len[i]);
		if (valid != c->field_len[i]) {
			reject_row(c, FI_REJECT_ENCODING, i, (const char *)s, c->field_len[i],
				   "is not valid UTF-8 text");
			return;
		}
	}

	int link = c->map.index[FI_COL_LINK];
	int64_t id;
	if (fi_cell__workout_id(base + c->field_off[link], c->field_len[link], &id) != FI_CELL_OK) {
		reject_row(c, FI_REJECT_MISSING_ID, link, base + c->field_off[link], c->field_len[link],
			   "has no workout id (expected .../workout/<digits>)");
		return;
	}
	int seen = fi_idset_find(&c->ids, id);
	if (seen != FI_IDSET_NONE) {
		r->rows_duplicate++;
		if (seen == FI_IDSET_FILE)
			c->dup_in_file++;
		else
			c->dup_in_store++;
		return;
	}

	char dates[2][11] = { "", "" };
	double values[FI_COL__COUNT];
	for (int k = 0; k < FI_COL__COUNT; k++) {
		values[k] = NAN;
		int idx = c->map.index[k];
		if (idx < 0)
			continue;
		const char *s = base + c->field_off[idx];
		size_t n = c->field_len[idx];
		fi_col_kind kind = fi_col__kind((fi_col)k);
		if (n == 0 || (kind != FI_KIND_TEXT && strspn(s, " \t") >= n)) {
			c->empty_cells[k]++;
			if (k == FI_COL_WORKOUT_DATE) {
				reject_row(c, FI_REJECT_MISSING_DATE, idx, NULL, 0,
					   "the Workout Date is empty");
				return;
			}
			continue;
		}
		if (kind == FI_KIND_DATE) {
			int rc = fi_date_parse(s, n, dates[k == FI_COL_WORKOUT_DATE]);
			if (rc != FI_OK) {
				reject_row(c, rc == FI_EINVALID ? FI_REJECT_IMPOSSIBLE_DATE
							       : FI_REJECT_BAD_DATE, idx, s, n,
					   rc == FI_EINVALID ? "is not a date in the calendar (years 1900-2199)"
							     : "is not a date");
				return;
			}
		} else if (kind == FI_KIND_NUMBER) {
			int rc = fi_cell__number(s, n, &values[k]);
			if (rc == FI_CELL_EMPTY) {
				c->empty_cells[k]++;
			} else if (rc != FI_CELL_OK) {
				reject_row(c, -rc, idx, s, n, number_problem(-rc));
				return;
			} else {
				values[k] *= c->map.factor[k];
			}
		} else if (k == FI_COL_ACTIVITY_TYPE && !fi_activity__known(s, n)) {
			count_unknown_type(c, s, n);
		}
	}

	if (fi_idset_add(&c->ids, id, true) < 0) {
		stop(c, fi__error_oom());
		return;
	}
	count_beyond_bounds(c, values);
	if (c->writing)
		insert_row(c, id, (const char (*)[11])dates, values);
}

/* ---- libcsv callbacks ---- */

static void on_field(void *data, size_t len, void *payload)
{
	ingest_ctx *c = payload;
	if (c->fatal)
		return;
	int index = c->field_count++;
	if (index >= c->field_cap)
		return;
	c->field_off[index] = c->arena.len;
	c->field_len[index] = len;
	fi_buf_append(&c->arena, data ? data : "", len);
	if (c->arena.failed)
		stop(c, fi__error_oom());
}

static void on_row(int terminator, void *payload)
{
	(void)terminator;
	ingest_ctx *c = payload;
	if (!c->fatal) {
		if (!c->have_header) {
			int rc = process_header(c);
			if (rc)
				stop(c, rc);
			else /* rows store one field more than the header, to see that a row is too long */
				c->field_cap = c->header_count + 1;
		} else {
			process_row(c);
		}
	}
	fi_buf_clear(&c->arena);
	c->field_count = 0;
	c->row_start_pending = true;
}

/* ---- feeding libcsv, line by line, so every row knows where it started ---- */

static bool only_line_ends(const unsigned char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != '\n' && s[i] != '\r')
			return false;
	return true;
}

static void check_field_limit(ingest_ctx *c)
{
	if (c->parser.entry_pos <= c->opts.max_field_bytes || c->fatal)
		return;
	int column = c->field_count + 1;
	const char *field = c->have_header ? column_name(c, column - 1) : "";
	stop(c, fi__error_at(FI_EPARSE, c->name, c->row_line, column, field,
			     "%s:%ld: field %d%s%s%s is longer than %zu bytes (max_field_bytes); "
			     "is a quote opened on line %ld left unclosed?", c->name, c->row_line,
			     column, *field ? " (" : "", field, *field ? ")" : "",
			     c->opts.max_field_bytes, c->row_line));
}

static void feed(ingest_ctx *c, const unsigned char *buf, size_t n)
{
	size_t pos = 0;
	while (pos < n && !c->fatal) {
		size_t limit = n - pos < PIECE_BYTES ? n - pos : PIECE_BYTES;
		const unsigned char *nl = memchr(buf + pos, '\n', limit);
		size_t len = nl ? (size_t)(nl - (buf + pos)) + 1 : limit;
		if (c->row_start_pending && !only_line_ends(buf + pos, len)) {
			c->row_line = c->line;
			c->row_start_pending = false;
		}
		if (csv_parse(&c->parser, buf + pos, len, on_field, on_row, c) != len && !c->fatal)
			stop(c, csv_error(&c->parser) == CSV_ENOMEM ? fi__error_oom()
				: fi__error_at(FI_EPARSE, c->name, c->line, 0, NULL, "%s:%ld: %s",
					       c->name, c->line, csv_strerror(csv_error(&c->parser))));
		check_field_limit(c);
		pos += len;
		if (nl)
			c->line++;
	}
}

static int report_progress(ingest_ctx *c)
{
	if (!c->opts.progress_cb)
		return FI_OK;
	fi_progress p = { c->bytes_done, c->bytes_total, c->report->rows_read };
	if (c->opts.progress_cb(&p, c->opts.progress_payload) != 0)
		return fi__error(FI_EUSER, FI_ERRCAT_CALLBACK,
				 "the progress callback cancelled the import of %s", c->name);
	return FI_OK;
}

static int parse_input(ingest_ctx *c, input_source *src, unsigned char *buf)
{
	bool first = true;
	long n;
	while (!c->fatal && (n = read_chunk(src, buf, CHUNK_BYTES)) > 0) {
		size_t skip = 0;
		if (first) {
			first = false;
			if (n >= 2 && ((buf[0] == 0xFF && buf[1] == 0xFE) || (buf[0] == 0xFE && buf[1] == 0xFF)))
				return fi__error_at(FI_EPARSE, c->name, 1, 0, NULL,
						    "%s: the file is UTF-16 text; MapMyRun exports are "
						    "UTF-8 (save it again as UTF-8)", c->name);
			if (n >= 3 && buf[0] == 0xEF && buf[1] == 0xBB && buf[2] == 0xBF)
				skip = 3;
		}
		feed(c, buf + skip, (size_t)n - skip);
		c->bytes_done += (uint64_t)n;
		if (!c->fatal) {
			int rc = report_progress(c);
			if (rc)
				stop(c, rc);
		}
	}
	if (c->fatal)
		return c->fatal;
	if (n < 0)
		return fi__error_at(FI_EIO, c->name, c->line, 0, NULL, "cannot read %s: %s", c->name,
				    strerror(errno));
	/* libcsv reports an open quote at the end only in its strict mode, which also rejects stray
	 * quotes inside fields that real exports contain; so look at its state (2 = FIELD_BEGUN). */
	bool quote_open = c->parser.quoted && c->parser.pstate == 2;
	if ((quote_open || csv_fini(&c->parser, on_field, on_row, c) != 0) && !c->fatal)
		stop(c, fi__error_at(FI_EPARSE, c->name, c->row_line, c->field_count + 1, NULL,
				     "%s:%ld: a quoted field opened on line %ld is never closed",
				     c->name, c->row_line, c->row_line));
	if (!c->fatal && !c->have_header)
		stop(c, fi__error_at(FI_EPARSE, c->name, 1, 0, NULL,
				     "%s: the file is empty: no header row", c->name));
	return c->fatal;
}

/* ---- the import as a whole ---- */

static char *quality_json(const ingest_ctx *c)
{
	fi_buf b = FI_BUF_INIT;
	fi_buf_printf(&b, "{\"units\":\"%s\",\"empty_cells\":{", c->map.metric ? "km" : "mi");
	bool first = true;
	for (int k = 0; k < FI_COL__COUNT; k++) {
		if (c->map.index[k] < 0 || c->empty_cells[k] == 0)
			continue;
		if (!first)
			fi_buf_putc(&b, ',');
		first = false;
		fi_buf_json_string(&b, c->map.name[k], strlen(c->map.name[k]));
		fi_buf_printf(&b, ":%lld", (long long)c->empty_cells[k]);
	}
	fi_buf_printf(&b, "},\"beyond_bounds\":{\"missing_pace_distance_or_duration\":%lld,"
		      "\"pace\":%lld,\"distance\":%lld,\"duration\":%lld},\"unknown_activity_types\":{",
		      (long long)c->beyond_missing, (long long)c->beyond_pace,
		      (long long)c->beyond_distance, (long long)c->beyond_duration);
	for (int i = 0; i < c->unknown_type_count; i++) {
		if (i)
			fi_buf_putc(&b, ',');
		fi_buf_json_string(&b, c->unknown_types[i].name, strlen(c->unknown_types[i].name));
		fi_buf_printf(&b, ":%lld", (long long)c->unknown_types[i].count);
	}
	fi_buf_printf(&b, "},\"unknown_activity_types_more\":%lld,\"ignored_columns\":[",
		      (long long)c->unknown_types_other);
	if (c->ignored_json.len)
		fi_buf_append(&b, c->ignored_json.data, c->ignored_json.len);
	fi_buf_printf(&b, "],\"duplicates_in_file\":%lld,\"duplicates_in_store\":%lld}",
		      (long long)c->dup_in_file, (long long)c->dup_in_store);
	return fi_buf_detach(&b);
}

static int load_store_ids(ingest_ctx *c)
{
	sqlite3 *db = c->store->db;
	int64_t count;
	int rc = fi_store_workout_count(c->store, &count);
	if (rc)
		return rc;
	if (!fi_idset_init(&c->ids, (size_t)count + 4096))
		return fi__error_oom();
	sqlite3_stmt *st;
	if ((rc = fi__prepare(db, "SELECT id FROM workouts", &st)))
		return rc;
	int src;
	while ((src = sqlite3_step(st)) == SQLITE_ROW) {
		if (fi_idset_add(&c->ids, sqlite3_column_int64(st, 0), false) < 0) {
			sqlite3_finalize(st);
			return fi__error_oom();
		}
	}
	sqlite3_finalize(st);
	return src == SQLITE_DONE ? FI_OK : fi__sqlite_error(db, src, "read workout ids");
}

static void set_summary(fi_import_report *r, const char *prefix)
{
	char added[32], dups[32], rejected[32];
	fi__format_count(added, r->rows_added);
	fi__format_count(dups, r->rows_duplicate);
	fi__format_count(rejected, r->rows_rejected);
	fi_buf b = FI_BUF_INIT;
	if (prefix)
		fi_buf_printf(&b, "%s ", prefix);
	fi_buf_printf(&b, "%s: %s added, %s duplicate%s, %s rejected.", r->path, added, dups,
		      r->rows_duplicate == 1 ? "" : "s", rejected);
	if (!b.failed)
		fi_report__set_message(r, b.data);
	fi_buf_free(&b);
}

/* Write @r as a refused or failed attempt, in a transaction of its own. Best effort: when the
 * store itself is failing, the caller's error is what matters. */
static void record_attempt(fi_store *store, fi_import_report *r, int status, const char *why)
{
	r->status = status;
	r->rows_added = 0;
	r->new_id_count = 0;
	fi__now_iso(r->finished_at);
	fi_report__set_message(r, why);
	fi__error_snapshot saved;
	fi__error_save(&saved);
	if (sqlite3_exec(store->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) == SQLITE_OK) {
		if (fi_report__insert(store->db, r) == FI_OK &&
		    sqlite3_exec(store->db, "COMMIT", NULL, NULL, NULL) == SQLITE_OK) {
			/* recorded */
		} else {
			sqlite3_exec(store->db, "ROLLBACK", NULL, NULL, NULL);
			r->id = 0;
		}
	}
	fi__error_restore(&saved); /* recording may have overwritten the caller's error */
}

static const char insert_sql[] =
	"INSERT INTO workouts(id, date_submitted, workout_date, activity_type, calories, distance_mi,"
	" duration_s, avg_pace, max_pace, avg_speed, max_speed, avg_heart_rate, steps, notes, source,"
	" link, import_id) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17)";

static int never_space(unsigned char ch)
{
	(void)ch;
	return 0; /* keep cells verbatim; numbers and dates trim themselves */
}

static int compare_ids(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

/* Everything between BEGIN and COMMIT. Returns FI_OK when the transaction may commit. */
static int run_import(ingest_ctx *c, input_source *src, unsigned char *buf)
{
	fi_store *s = c->store;
	int rc;
	fi_import_report *r = c->report;
	if ((rc = fi_report__find_same_content(s->db, r->sha256, &r->same_as)))
		return rc;
	if (r->same_as) {
		char msg[160];
		snprintf(msg, sizeof msg, "identical to import #%lld (same SHA-256): nothing new",
			 (long long)r->same_as);
		fi__now_iso(r->finished_at);
		r->status = FI_IMPORT_NO_NEW_ROWS;
		fi_report__set_message(r, msg);
		return fi_report__insert(s->db, r);
	}
	if ((rc = fi_report__insert(s->db, r)) || (rc = load_store_ids(c)) ||
	    (rc = fi__prepare(s->db, insert_sql, &c->insert)))
		return rc;
	if (csv_init(&c->parser, 0) != 0)
		return fi__error_oom();
	csv_set_space_func(&c->parser, never_space);
	csv_set_blk_size(&c->parser, 4096);
	c->field_cap = HEADER_MAX_COLUMNS + 1;
	c->field_off = malloc((size_t)c->field_cap * sizeof *c->field_off);
	c->field_len = malloc((size_t)c->field_cap * sizeof *c->field_len);
	if (!c->field_off || !c->field_len)
		return fi__error_oom();
	rc = parse_input(c, src, buf);
	csv_free(&c->parser);
	if (rc)
		return rc;
	fi__now_iso(r->finished_at);
	fi_report__set_quality(r, quality_json(c));
	qsort(r->new_ids, r->new_id_count, sizeof *r->new_ids, compare_ids);
	if (r->rows_rejected && c->opts.policy == FI_INGEST_STRICT) {
		const fi_reject *first = r->reject_count ? &r->rejects[0] : NULL;
		char n[32];
		fi__format_count(n, r->rows_rejected);
		return fi__error_at(FI_EPARSE, c->name, first ? first->line : 0,
				    first ? first->column : 0, first ? first->field : NULL,
				    "%s refused (strict policy): %s row%s rejected; first: %s", c->name, n,
				    r->rows_rejected == 1 ? "" : "s", first ? first->message : "?");
	}
	r->status = r->rows_added ? FI_IMPORT_SUCCESS : FI_IMPORT_NO_NEW_ROWS;
	set_summary(r, NULL);
	return fi_report__update(s->db, r);
}

static void ctx_free(ingest_ctx *c)
{
	sqlite3_finalize(c->insert);
	fi_idset_free(&c->ids);
	fi_buf_free(&c->arena);
	fi_buf_free(&c->ignored_json);
	free(c->field_off);
	free(c->field_len);
	for (int i = 0; i < c->header_count; i++)
		free(c->header_names[i]);
	free(c->header_names);
	for (int i = 0; i < c->unknown_type_count; i++)
		free(c->unknown_types[i].name);
}

static int ingest(fi_store *store, input_source *src, const char *name,
		  const fi_ingest_options *opts, fi_import_report **out)
{
	fi_ingest_options defaults = FI_INGEST_OPTIONS_INIT;
	if (!opts)
		opts = &defaults;
	if (opts->version != FI_INGEST_OPTIONS_VERSION)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "unsupported fi_ingest_options version %u",
				 opts->version);
	if (opts->policy != FI_INGEST_STRICT && opts->policy != FI_INGEST_SKIP)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "unknown ingest policy %d", opts->policy);
	if (store->readonly)
		return fi__error(FI_EREADONLY, FI_ERRCAT_STORE, "the store %s is open read-only",
				 store->path);

	ingest_ctx c = { 0 };
	c.store = store;
	c.name = name;
	c.opts = *opts;
	c.line = 1;
	c.row_line = 1;
	c.row_start_pending = true;
	c.writing = true;
	c.report = fi_report__new(name);
	unsigned char *buf = malloc(CHUNK_BYTES);
	if (!c.report || !buf) {
		free(buf);
		fi_import_report_free(c.report);
		return fi__error_oom();
	}
	fi_import_report *r = c.report;
	r->policy = opts->policy;
	fi__now_iso(r->started_at);

	int rc = hash_input(src, name, buf, r->sha256, &r->size);
	c.bytes_total = r->size;
	if (rc == FI_OK)
		rc = fi__exec(store->db, "BEGIN IMMEDIATE", "start the import");
	if (rc == FI_OK) {
		rc = run_import(&c, src, buf);
		if (rc == FI_OK)
			rc = fi__exec(store->db, "COMMIT", "commit the import");
		if (rc != FI_OK) {
			sqlite3_finalize(c.insert);
			c.insert = NULL;
			sqlite3_exec(store->db, "ROLLBACK", NULL, NULL, NULL);
		}
	}
	ctx_free(&c);
	free(buf);

	if (rc == FI_OK) {
		*out = r;
		return FI_OK;
	}
	/* Refused or failed: the data is as it was; the imports log records the attempt. */
	if (rc != FI_EBUSY && rc != FI_EREADONLY) {
		bool refused = rc == FI_EPARSE;
		record_attempt(store, r, refused ? FI_IMPORT_REJECTED : FI_IMPORT_FAILED,
			       fi_error_last()->message);
		if (refused && r->id) {
			*out = r;
			return rc;
		}
	}
	fi_import_report_free(r);
	return rc;
}

int fi_ingest_file(fi_store *store, const char *path, const fi_ingest_options *opts,
		   fi_import_report **out)
{
	if (!store || !path || !out)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "store, path or out is NULL");
	*out = NULL;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return fi__error_at(FI_EIO, path, 0, 0, NULL, "cannot open %s: %s", path,
				    strerror(errno));
	struct stat st;
	if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
		close(fd);
		return fi__error_at(FI_EIO, path, 0, 0, NULL, "%s is a folder, not an export", path);
	}
	input_source src = { fd, NULL, 0, 0 };
	int rc = ingest(store, &src, path, opts, out);
	close(fd);
	return rc;
}

int fi_ingest_buffer(fi_store *store, const void *data, size_t size, const char *name,
		     const fi_ingest_options *opts, fi_import_report **out)
{
	if (!store || (!data && size) || !out)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "store, data or out is NULL");
	*out = NULL;
	input_source src = { -1, data, size, 0 };
	return ingest(store, &src, name ? name : "<memory>", opts, out);
}
