/* The parsing side of an import: reads the export, checks every row and hands batches of accepted
 * rows and rejects to the writing side through a queue. It runs on a thread of its own and never
 * touches SQLite. */
#ifndef FITINTEL_INGEST_PARSE_H
#define FITINTEL_INGEST_PARSE_H

#include <csv.h>
#include <nettle/sha2.h>

#include "util/idset.h"
#include "ingest_batch.h"

typedef struct fi__source {
	int fd;                    /* -1 for memory */
	const unsigned char *mem;
	size_t mem_size;
	size_t mem_pos;
	uint64_t size_hint;        /* the size when the import started (the hash has the real one) */
	bool stream;               /* a pipe or device: read once, hashed while parsing */
} fi__source;

/* Read up to @cap bytes; 0 at the end, -1 on error (errno set). */
long fi__source_read(fi__source *in, unsigned char *buf, size_t cap);
/* SHA-256 of the whole input (hex), its size, then rewind. */
int fi__source_hash(fi__source *in, const char *name, char hex[65], uint64_t *size);

#define FI_PARSE_MAX_UNKNOWN_TYPES 32

typedef struct fi__parser {
	/* set by the caller */
	const char *name;
	size_t max_field_bytes;
	fi__source *input;
	fi__batch_queue *queue;
	fi__idset *ids;             /* ids already in the store; the parser adds the file's own */
	struct sha256_ctx *sha;    /* when not NULL, every byte read is hashed here (streams) */

	/* results, valid after the thread ends */
	int fatal;                 /* FI_OK or the status that stopped the parse */
	fi__error_snapshot error;  /* the detail of @fatal */
	fi__header_map map;
	int64_t rows_read, rows_duplicate, dup_in_file, dup_in_store;
	int64_t empty_cells[FI_COL__COUNT];
	int64_t beyond_missing, beyond_pace, beyond_distance, beyond_duration;
	struct { char *name; int64_t count; } unknown_types[FI_PARSE_MAX_UNKNOWN_TYPES];
	int unknown_type_count;
	int64_t unknown_types_other;
	fi__buf ignored_json;       /* unknown columns, as JSON strings separated by commas */

	/* working state */
	struct csv_parser csv;
	long line, row_line;
	bool row_start_pending;
	bool after_cr;           /* the last piece ended with '\r': a '\n' next ends no new line */
	fi__buf arena;
	size_t *field_off, *field_len;
	int field_cap, field_count;
	bool have_header;
	char **header_names;
	int header_count;
	fi__batch *batch;
	uint64_t bytes_done;
} fi__parser;

/* Thread entry: parse everything, push batches, close the queue. @arg is an fi__parser. */
void *fi__parser_run(void *arg);
/* Release what the parser allocated (after the thread ended). */
void fi__parser_free(fi__parser *p);

#endif
