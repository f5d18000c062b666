/* Parsing an export (SPEC §1.1–1.2): stream it through libcsv line by line, so every row knows the
 * line it started on; find columns by header name; check and convert every cell. */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ingest_parse.h"

#define CHUNK_BYTES (1u << 20)       /* read size */
#define PIECE_BYTES (64u << 10)      /* longest slice handed to libcsv at once */
#define HEADER_MAX_COLUMNS 256
#define EXCERPT_CHARS 60
#define BATCH_TEXT_BYTES (8u << 20)  /* close a batch early when its text grows past this */

/* Bounds of SPEC §2.2, counted here for the import's data-quality summary. */
#define PACE_MAX 60.0
#define DISTANCE_MAX 50.0
#define DURATION_MAX (24.0 * 3600.0)

/* ---- input ---- */

long fi__source_read(fi__source *in, unsigned char *buf, size_t cap)
{
	if (in->fd < 0) {
		size_t n = in->mem_size - in->mem_pos;
		if (n > cap)
			n = cap;
		if (n)
			memcpy(buf, in->mem + in->mem_pos, n);
		in->mem_pos += n;
		return (long)n;
	}
	for (;;) {
		ssize_t n = read(in->fd, buf, cap);
		if (n >= 0 || errno != EINTR)
			return (long)n;
	}
}

/* Bytes worth reading at a time: a whole chunk, or the whole of a smaller buffer in memory (a
 * fuzzer or a test imports a few KiB thousands of times: a 1 MiB buffer each time is most of it). */
static size_t read_size(const fi__source *in)
{
	return in->fd < 0 && in->mem_size < CHUNK_BYTES ? in->mem_size + 1 : CHUNK_BYTES;
}

int fi__source_hash(fi__source *in, const char *name, char hex[65], uint64_t *size)
{
	unsigned char *buf = in->fd < 0 ? NULL : malloc(CHUNK_BYTES);   /* memory is hashed in place */
	if (in->fd >= 0 && !buf)
		return fi__error_oom();
	struct sha256_ctx sha;
	sha256_init(&sha);
	uint64_t total = 0;
	long n;
	if (in->fd < 0) { /* hash in place */
		sha256_update(&sha, in->mem_size, in->mem);
		total = in->mem_size;
		n = 0;
	} else {
		while ((n = fi__source_read(in, buf, CHUNK_BYTES)) > 0) {
			sha256_update(&sha, (size_t)n, buf);
			total += (uint64_t)n;
		}
	}
	free(buf);
	if (n < 0)
		return fi__error_at(FI_EIO, name, 0, 0, NULL, "cannot read %s: %s", name,
				    strerror(errno));
	uint8_t digest[SHA256_DIGEST_SIZE];
	sha256_digest(&sha, sizeof digest, digest);
	static const char digits[] = "0123456789abcdef";
	for (size_t i = 0; i < sizeof digest; i++) {
		hex[2 * i] = digits[digest[i] >> 4];
		hex[2 * i + 1] = digits[digest[i] & 15];
	}
	hex[64] = '\0';
	*size = total;
	if (in->fd >= 0 && lseek(in->fd, 0, SEEK_SET) != 0)
		return fi__error_at(FI_EIO, name, 0, 0, NULL, "cannot rewind %s: %s", name,
				    strerror(errno));
	in->mem_pos = 0;
	return FI_OK;
}

/* ---- failures and rejects ---- */

/* Stop the parse with the error just recorded on this thread. */
static void stop(fi__parser *p, int rc)
{
	if (p->fatal)
		return;
	p->fatal = rc;
	fi__error_save(&p->error);
}

static const char *column_name(const fi__parser *p, int index)
{
	return index >= 0 && index < p->header_count ? p->header_names[index] : "";
}

/* Record row p->row_line as rejected; @index is the 0-based field at fault or -1. */
static void reject_row(fi__parser *p, int reason, int index, const char *text, size_t len,
		       const char *what)
{
	fi__buf excerpt = FI__BUF_INIT, message = FI__BUF_INIT;
	fi__text_excerpt(&excerpt, text ? text : "", text ? len : 0, EXCERPT_CHARS);
	const char *field = column_name(p, index);
	fi__buf_printf(&message, "%s:%ld: ", p->name, p->row_line);
	if (index >= 0)
		fi__buf_printf(&message, "%s (column %d): ", field, index + 1);
	if (text)
		fi__buf_printf(&message, "'%s' %s", excerpt.data ? excerpt.data : "", what);
	else
		fi__buf_puts(&message, what);
	fi_reject r = { p->row_line, index + 1, reason, field, excerpt.data ? excerpt.data : "",
			message.data ? message.data : "" };
	if (excerpt.failed || message.failed || !fi__batch_add_reject(p->batch, &r))
		stop(p, fi__error_oom());
	fi__buf_free(&excerpt);
	fi__buf_free(&message);
}

/* ---- header ---- */

static void list_found_columns(const fi__parser *p, fi__buf *b)
{
	for (int i = 0; i < p->header_count; i++) {
		fi__buf_puts(b, i ? ", '" : "'");
		fi__text_excerpt(b, p->header_names[i], strlen(p->header_names[i]), 40);
		fi__buf_putc(b, '\'');
	}
	if (p->header_count == 0)
		fi__buf_puts(b, "(none)");
}

static int copy_header_names(fi__parser *p)
{
	int n = p->field_count;
	if (n > HEADER_MAX_COLUMNS) {
		char count[32];
		fi__format_count(count, n);
		return fi__error_at(FI_EPARSE, p->name, 1, 0, NULL,
				    "%s:1: the header has %s columns; a MapMyRun export has 15",
				    p->name, count);
	}
	p->header_names = calloc((size_t)n, sizeof *p->header_names);
	if (!p->header_names)
		return fi__error_oom();
	p->header_count = n;
	for (int i = 0; i < n; i++) {
		const char *text = p->arena.data ? p->arena.data + p->field_off[i] : "";
		size_t len = p->field_len[i];
		if (fi__utf8_valid_prefix((const unsigned char *)text, len) != len)
			return fi__error_at(FI_EPARSE, p->name, 1, i + 1, NULL,
					    "%s:1: header column %d is not UTF-8 text; MapMyRun exports "
					    "are UTF-8", p->name, i + 1);
		if (memchr(text, 0, len))
			return fi__error_at(FI_EPARSE, p->name, 1, i + 1, NULL,
					    "%s:1: header column %d holds a NUL byte: the file is binary "
					    "or UTF-16 text; MapMyRun exports are UTF-8 text", p->name, i + 1);
		p->header_names[i] = malloc(len + 1);
		if (!p->header_names[i])
			return fi__error_oom();
		memcpy(p->header_names[i], text, len);
		p->header_names[i][len] = '\0';
	}
	return FI_OK;
}

static int map_columns(fi__parser *p)
{
	fi__header_map *m = &p->map;
	for (int k = 0; k < FI_COL__COUNT; k++) {
		m->index[k] = -1;
		m->factor[k] = 1.0;
	}
	m->field_count = p->header_count;
	for (int i = 0; i < p->header_count; i++) {
		const char *name = p->header_names[i];
		double factor = 1.0;
		int col = fi__col_match(name, strlen(name), &factor);
		if (col < 0) {
			if (p->ignored_json.len)
				fi__buf_putc(&p->ignored_json, ',');
			fi__buf_json_string(&p->ignored_json, name, strlen(name));
			continue;
		}
		if (m->index[col] >= 0)
			return fi__error_at(FI_EPARSE, p->name, 1, i + 1, name,
					    "%s:1: duplicate column in the header: '%s' (column %d) and "
					    "'%s' (column %d) both give %s", p->name,
					    p->header_names[m->index[col]], m->index[col] + 1, name, i + 1,
					    fi__col_store_name((fi__col)col));
		m->index[col] = i;
		m->factor[col] = factor;
		m->name[col] = name;
		if (factor != 1.0)
			m->metric = true;
	}
	return FI_OK;
}

static int check_required_columns(fi__parser *p)
{
	const fi__header_map *m = &p->map;
	fi__buf missing = FI__BUF_INIT;
	if (m->index[FI_COL_WORKOUT_DATE] < 0)
		fi__buf_puts(&missing, "'Workout Date'");
	if (m->index[FI_COL_LINK] < 0)
		fi__buf_printf(&missing, "%s'Link'", missing.len ? ", " : "");
	if (m->index[FI_COL_DISTANCE] < 0 && m->index[FI_COL_DURATION] < 0)
		fi__buf_printf(&missing, "%s'Distance (mi)' or 'Workout Time (seconds)'",
			      missing.len ? ", " : "");
	int rc = FI_OK;
	if (missing.len) {
		fi__buf found = FI__BUF_INIT;
		list_found_columns(p, &found);
		rc = fi__error_at(FI_EPARSE, p->name, 1, 0, NULL,
				  "%s:1: missing required column(s) %s; the header has %s", p->name,
				  missing.data, found.data ? found.data : "(none)");
		fi__buf_free(&found);
	}
	fi__buf_free(&missing);
	return rc;
}

static void process_header(fi__parser *p)
{
	int rc;
	if ((rc = copy_header_names(p)) || (rc = map_columns(p)) || (rc = check_required_columns(p))) {
		stop(p, rc);
		return;
	}
	p->have_header = true;
	/* rows keep one field more than the header, to see that a row is too long */
	p->field_cap = p->header_count + 1;
}

/* ---- rows ---- */

static void count_unknown_type(fi__parser *p, const char *s, size_t n)
{
	for (int i = 0; i < p->unknown_type_count; i++) {
		if (strlen(p->unknown_types[i].name) == n && memcmp(p->unknown_types[i].name, s, n) == 0) {
			p->unknown_types[i].count++;
			return;
		}
	}
	if (p->unknown_type_count == FI_PARSE_MAX_UNKNOWN_TYPES) {
		p->unknown_types_other++;
		return;
	}
	char *name = malloc(n + 1);
	if (!name) {
		stop(p, fi__error_oom());
		return;
	}
	memcpy(name, s, n);
	name[n] = '\0';
	p->unknown_types[p->unknown_type_count].name = name;
	p->unknown_types[p->unknown_type_count++].count = 1;
}

static void count_beyond_bounds(fi__parser *p, const double *v)
{
	double pace = v[FI_COL_AVG_PACE], dist = v[FI_COL_DISTANCE], dur = v[FI_COL_DURATION];
	if (isnan(pace) || isnan(dist) || isnan(dur))
		p->beyond_missing++;
	if (!isnan(pace) && (pace <= 0 || pace > PACE_MAX))
		p->beyond_pace++;
	if (!isnan(dist) && (dist <= 0 || dist > DISTANCE_MAX))
		p->beyond_distance++;
	if (!isnan(dur) && (dur <= 0 || dur > DURATION_MAX))
		p->beyond_duration++;
}

static const char *number_problem(int reason)
{
	switch (reason) {
	case FI_REJECT_NOT_FINITE: return "is not a finite number";
	case FI_REJECT_NEGATIVE: return "is negative";
	default: return "is not a number";
	}
}

static int text_slot(fi__col col)
{
	switch (col) {
	case FI_COL_ACTIVITY_TYPE: return FI__BATCH_ACTIVITY;
	case FI_COL_NOTES: return FI__BATCH_NOTES;
	case FI_COL_SOURCE: return FI__BATCH_SOURCE;
	case FI_COL_LINK: return FI__BATCH_LINK;
	default: return -1;
	}
}

/* Convert every cell of the current row into @row; false when the row was rejected. */
static bool convert_cells(fi__parser *p, const char *base, fi__row *row)
{
	for (int k = 0; k < FI_COL__COUNT; k++) {
		int idx = p->map.index[k];
		if (idx < 0)
			continue;
		const char *s = base + p->field_off[idx];
		size_t n = p->field_len[idx];
		fi__col_kind kind = fi__col_kind_of((fi__col)k);
		if (kind == FI_KIND_TEXT || kind == FI_KIND_LINK) {
			if (n == 0)
				p->empty_cells[k]++;
			if (k == FI_COL_ACTIVITY_TYPE && n && !fi__activity_known(s, n))
				count_unknown_type(p, s, n);
			if (!fi__batch_set_text(p->batch, row, text_slot((fi__col)k), s, n)) {
				stop(p, fi__error_oom());
				return false;
			}
			continue;
		}
		if (strspn(s, " \t") >= n) {
			p->empty_cells[k]++;
			if (k == FI_COL_WORKOUT_DATE) {
				reject_row(p, FI_REJECT_MISSING_DATE, idx, NULL, 0, "the Workout Date is empty");
				return false;
			}
			continue;
		}
		if (kind == FI_KIND_DATE) {
			int rc = fi_date_parse(s, n, row->dates[k == FI_COL_WORKOUT_DATE]);
			if (rc != FI_OK) {
				bool impossible = rc == FI_EINVALID;
				reject_row(p, impossible ? FI_REJECT_IMPOSSIBLE_DATE : FI_REJECT_BAD_DATE, idx,
					   s, n, impossible ? "is not a date in the calendar (years 1900-2199)"
							    : "is not a date");
				return false;
			}
			continue;
		}
		int rc = fi__cell_number(s, n, &row->values[k]);
		if (rc == FI_CELL_EMPTY) {
			p->empty_cells[k]++;
		} else if (rc != FI_CELL_OK) {
			reject_row(p, -rc, idx, s, n, number_problem(-rc));
			return false;
		} else {
			row->values[k] *= p->map.factor[k];
		}
	}
	return true;
}

static void push_batch(fi__parser *p)
{
	p->batch->bytes_done = p->bytes_done;
	p->batch->rows_read = p->rows_read;
	fi__batch *b = p->batch;
	p->batch = NULL;
	if (!fi__queue_push(p->queue, b)) {
		stop(p, fi__error(FI_EUSER, FI_ERRCAT_CALLBACK, "the import of %s was cancelled", p->name));
		return;
	}
	p->batch = fi__queue_take_spare(p->queue);
	if (!p->batch)
		stop(p, fi__error_oom());
}

static void process_row(fi__parser *p)
{
	p->rows_read++;
	if (p->field_count != p->header_count) {
		char msg[96];
		snprintf(msg, sizeof msg, "the row has %d fields, the header has %d", p->field_count,
			 p->header_count);
		reject_row(p, FI_REJECT_FIELD_COUNT, -1, NULL, 0, msg);
		return;
	}
	const char *base = p->arena.data ? p->arena.data : "";
	for (int i = 0; i < p->field_count; i++) {
		const unsigned char *s = (const unsigned char *)base + p->field_off[i];
		if (fi__utf8_valid_prefix(s, p->field_len[i]) != p->field_len[i]) {
			reject_row(p, FI_REJECT_ENCODING, i, (const char *)s, p->field_len[i],
				   "is not valid UTF-8 text");
			return;
		}
		/* valid UTF-8, but SQLite's text functions and every C consumer stop at a NUL */
		if (memchr(s, 0, p->field_len[i])) {
			reject_row(p, FI_REJECT_ENCODING, i, (const char *)s, p->field_len[i],
				   "holds a NUL byte; an export is text");
			return;
		}
	}
	int link = p->map.index[FI_COL_LINK];
	int64_t id;
	if (fi__cell_workout_id(base + p->field_off[link], p->field_len[link], &id) != FI_CELL_OK) {
		reject_row(p, FI_REJECT_MISSING_ID, link, base + p->field_off[link], p->field_len[link],
			   "has no workout id (expected .../workout/<digits>)");
		return;
	}
	/* a duplicate is counted and skipped before any other cell is looked at: a newer export
	 * repeats the whole history, and this keeps re-reading it cheap */
	int seen = fi__idset_find(p->ids, id);
	if (seen != FI_IDSET_NONE) {
		p->rows_duplicate++;
		if (seen == FI_IDSET_FILE)
			p->dup_in_file++;
		else
			p->dup_in_store++;
		return;
	}
	fi__row *row = fi__batch_add_row(p->batch);
	row->id = id;
	if (!convert_cells(p, base, row)) {
		p->batch->count--; /* the row was rejected: drop its slot (its text stays unused) */
		return;
	}
	if (!fi__idset_add_file(p->ids, id)) {
		stop(p, fi__error_oom());
		return;
	}
	count_beyond_bounds(p, row->values);
	if (p->batch->count == FI_BATCH_ROWS || p->batch->text.len > BATCH_TEXT_BYTES)
		push_batch(p);
}

/* ---- libcsv callbacks ---- */

static void on_field(void *data, size_t len, void *payload)
{
	fi__parser *p = payload;
	if (p->fatal)
		return;
	int index = p->field_count++;
	if (index >= p->field_cap)
		return;
	p->field_off[index] = p->arena.len;
	p->field_len[index] = len;
	fi__buf_append(&p->arena, data ? data : "", len);
	if (p->arena.failed)
		stop(p, fi__error_oom());
}

static void on_row(int terminator, void *payload)
{
	(void)terminator;
	fi__parser *p = payload;
	if (!p->fatal) {
		if (p->have_header)
			process_row(p);
		else
			process_header(p);
	}
	fi__buf_clear(&p->arena);
	p->field_count = 0;
	p->row_start_pending = true;
}

/* ---- feeding libcsv ---- */

static bool only_line_ends(const unsigned char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != '\n' && s[i] != '\r')
			return false;
	return true;
}

static void check_field_limit(fi__parser *p)
{
	if (p->csv.entry_pos <= p->max_field_bytes || p->fatal)
		return;
	int column = p->field_count + 1;
	const char *field = p->have_header ? column_name(p, column - 1) : "";
	stop(p, fi__error_at(FI_EPARSE, p->name, p->row_line, column, field,
			     "%s:%ld: field %d%s%s%s is longer than %zu bytes (max_field_bytes); "
			     "is a quote opened on line %ld left unclosed?", p->name, p->row_line,
			     column, *field ? " (" : "", field, *field ? ")" : "",
			     p->max_field_bytes, p->row_line));
}

/* Offset of the next @c at or after @pos (@n when none). It is searched again only once @pos has
 * passed the one found, so each kind of line end costs one memchr() over the buffer. */
static size_t next_of(const unsigned char *buf, size_t n, size_t pos, int c, size_t *found)
{
	if (*found == SIZE_MAX || *found < pos) {
		const unsigned char *hit = memchr(buf + pos, c, n - pos);
		*found = hit ? (size_t)(hit - buf) : n;
	}
	return *found;
}

/* Hand libcsv one physical line at a time (at most PIECE_BYTES), so each row knows its first line.
 * A line ends with LF, CRLF or a lone CR, as libcsv reads them all. */
static void feed(fi__parser *p, const unsigned char *buf, size_t n)
{
	size_t pos = 0, lf = SIZE_MAX, cr = SIZE_MAX;
	while (pos < n && !p->fatal) {
		size_t end = next_of(buf, n, pos, '\n', &lf), at_cr = next_of(buf, n, pos, '\r', &cr);
		if (at_cr < end)
			end = at_cr;
		bool line_end = end < n && end - pos < PIECE_BYTES;
		size_t len;
		if (!line_end) {
			len = n - pos < PIECE_BYTES ? n - pos : PIECE_BYTES;
			p->after_cr = false;
		} else {
			len = end - pos + 1;
			if (buf[end] == '\r' && end + 1 < n && buf[end + 1] == '\n')
				len++;
			else if (buf[end] == '\n' && end == pos && p->after_cr)
				line_end = false;   /* the LF of a CRLF split between two reads */
			p->after_cr = buf[pos + len - 1] == '\r';
		}
		if (p->row_start_pending && !only_line_ends(buf + pos, len)) {
			p->row_line = p->line;
			p->row_start_pending = false;
		}
		if (csv_parse(&p->csv, buf + pos, len, on_field, on_row, p) != len && !p->fatal)
			stop(p, csv_error(&p->csv) == CSV_ENOMEM ? fi__error_oom()
				: fi__error_at(FI_EPARSE, p->name, p->line, 0, NULL, "%s:%ld: %s",
					       p->name, p->line, csv_strerror(csv_error(&p->csv))));
		check_field_limit(p);
		/* libcsv grows its field buffer by blk_size at a time: keep that step as large as the
		 * buffer, so a long field costs O(n) copying instead of O(n^2) */
		if (p->csv.entry_size > p->csv.blk_size)
			csv_set_blk_size(&p->csv, p->csv.entry_size);
		pos += len;
		if (line_end)
			p->line++;
	}
}

static int never_space(unsigned char ch)
{
	(void)ch;
	return 0; /* keep cells verbatim; numbers and dates trim themselves */
}

static bool starts_utf16(const unsigned char *buf, long n)
{
	return n >= 2 && ((buf[0] == 0xFF && buf[1] == 0xFE) || (buf[0] == 0xFE && buf[1] == 0xFF));
}

static void parse_all(fi__parser *p, unsigned char *buf, size_t cap)
{
	bool first = true;
	long n = 0;
	while (!p->fatal && (n = fi__source_read(p->input, buf, cap)) > 0) {
		size_t skip = 0;
		if (first) {
			first = false;
			if (starts_utf16(buf, n)) {
				stop(p, fi__error_at(FI_EPARSE, p->name, 0, 0, NULL,
						     "%s: the file is UTF-16 text; MapMyRun exports are "
						     "UTF-8 (save it again as UTF-8)", p->name));
				return;
			}
			if (n >= 3 && buf[0] == 0xEF && buf[1] == 0xBB && buf[2] == 0xBF)
				skip = 3; /* byte order mark */
		}
		if (p->sha)
			sha256_update(p->sha, (size_t)n, buf);
		feed(p, buf + skip, (size_t)n - skip);
		p->bytes_done += (uint64_t)n;
		if (!p->fatal && fi__queue_cancelled(p->queue))
			stop(p, fi__error(FI_EUSER, FI_ERRCAT_CALLBACK, "the import of %s was cancelled",
					  p->name));
	}
	if (p->fatal)
		return;
	if (n < 0) {
		stop(p, fi__error_at(FI_EIO, p->name, p->line, 0, NULL, "cannot read %s: %s", p->name,
				     strerror(errno)));
		return;
	}
	/* libcsv reports an open quote at the end only in its strict mode, which also rejects stray
	 * quotes inside fields that real exports contain; so look at its state (2 = FIELD_BEGUN). */
	bool quote_open = p->csv.quoted && p->csv.pstate == 2;
	if ((quote_open || csv_fini(&p->csv, on_field, on_row, p) != 0) && !p->fatal) {
		int column = p->field_count + 1;
		const char *field = p->have_header ? column_name(p, column - 1) : "";
		stop(p, fi__error_at(FI_EPARSE, p->name, p->row_line, column, field,
				     "%s:%ld: field %d%s%s%s: a quoted field opened on line %ld is never "
				     "closed", p->name, p->row_line, column, *field ? " (" : "", field,
				     *field ? ")" : "", p->row_line));
	}
	if (!p->fatal && !p->have_header)
		stop(p, fi__error_at(FI_EPARSE, p->name, 0, 0, NULL,
				     "%s: the file is empty: no header row", p->name));
}

void *fi__parser_run(void *arg)
{
	fi__parser *p = arg;
	pthread_setname_np(pthread_self(), "fitintel-parse");   /* for top -H, perf, gdb */
	p->line = p->row_line = 1;
	p->row_start_pending = true;
	p->field_cap = HEADER_MAX_COLUMNS + 1;
	p->field_off = malloc((size_t)p->field_cap * sizeof *p->field_off);
	p->field_len = malloc((size_t)p->field_cap * sizeof *p->field_len);
	size_t cap = read_size(p->input);
	unsigned char *buf = malloc(cap);
	p->batch = fi__queue_take_spare(p->queue);
	if (!p->field_off || !p->field_len || !buf || !p->batch || csv_init(&p->csv, 0) != 0) {
		stop(p, fi__error_oom());
	} else {
		csv_set_space_func(&p->csv, never_space);
		csv_set_blk_size(&p->csv, 4096);
		parse_all(p, buf, cap);
		csv_free(&p->csv);
		if (!p->fatal && p->batch)
			push_batch(p); /* the last, partial batch (also carries the final progress) */
	}
	free(buf);
	fi__batch_free(p->batch);
	p->batch = NULL;
	fi__queue_close(p->queue);
	return NULL;
}

void fi__parser_free(fi__parser *p)
{
	fi__buf_free(&p->arena);
	fi__buf_free(&p->ignored_json);
	free(p->field_off);
	free(p->field_len);
	for (int i = 0; i < p->header_count; i++)
		free(p->header_names[i]);
	free(p->header_names);
	for (int i = 0; i < p->unknown_type_count; i++)
		free(p->unknown_types[i].name);
}
