/* Batches of checked rows, handed from the parsing thread to the thread that writes the store. */
#ifndef FITINTEL_INGEST_BATCH_H
#define FITINTEL_INGEST_BATCH_H

#include <pthread.h>

#include "ingest_fields.h"

#define FI_BATCH_ROWS 8192

/* Text columns kept per row, in this order. */
enum { FI__BATCH_ACTIVITY, FI__BATCH_NOTES, FI__BATCH_SOURCE, FI__BATCH_LINK, FI__BATCH_TEXTS };

/* One accepted row, converted to canonical units. NaN = empty number, "" = empty date. */
typedef struct fi_row {
	int64_t id;
	double values[FI_COL__COUNT];
	size_t text_off[FI__BATCH_TEXTS];
	uint32_t text_len[FI__BATCH_TEXTS];
	char dates[2][11];        /* [0] Date Submitted, [1] Workout Date */
} fi_row;

typedef struct fi_batch {
	fi_row *rows;
	size_t count;
	fi_buf text;              /* the rows' text cells */
	fi_reject *rejects;       /* in file order; strings owned by the batch */
	size_t reject_count;
	size_t reject_cap;
	uint64_t bytes_done;      /* progress at the end of the batch */
	int64_t rows_read;
	struct fi_batch *next;
} fi_batch;

fi_batch *fi_batch__new(void);
void fi_batch__free(fi_batch *b);
/* Empty a batch for reuse. */
void fi_batch__reset(fi_batch *b);
/* A new row at the end (fields zeroed, numbers NaN); NULL when out of memory. */
fi_row *fi_batch__add_row(fi_batch *b);
/* Copy a text cell for @row. Returns false when out of memory. */
bool fi_batch__set_text(fi_batch *b, fi_row *row, int which, const char *s, size_t n);
const char *fi_batch__text(const fi_batch *b, const fi_row *row, int which);
/* Keep a copy of @r. Returns false when out of memory. */
bool fi_batch__add_reject(fi_batch *b, const fi_reject *r);
/* Sort the rows by ascending id. */
void fi_batch__sort(fi_batch *b);

/* A bounded queue between exactly one producer and one consumer. */
typedef struct fi_batch_queue {
	pthread_mutex_t lock;
	pthread_cond_t changed;
	fi_batch *head, *tail;
	size_t length;
	size_t limit;
	fi_batch *spare;          /* batches handed back for reuse */
	bool closed;              /* the producer is done */
	bool cancelled;           /* the consumer wants the producer to stop */
} fi_batch_queue;

void fi_queue__init(fi_batch_queue *q, size_t limit);
void fi_queue__destroy(fi_batch_queue *q);
/* Producer: a batch to fill (reused or new), NULL when out of memory. */
fi_batch *fi_queue__take_spare(fi_batch_queue *q);
/* Producer: hand over a batch; blocks while the queue is full. Returns false if cancelled (the
 * batch is then freed). */
bool fi_queue__push(fi_batch_queue *q, fi_batch *b);
void fi_queue__close(fi_batch_queue *q);
bool fi_queue__cancelled(fi_batch_queue *q);
/* Consumer: next batch, or NULL when the producer closed the queue and it is empty. */
fi_batch *fi_queue__pop(fi_batch_queue *q);
void fi_queue__give_back(fi_batch_queue *q, fi_batch *b);
void fi_queue__cancel(fi_batch_queue *q);

#endif
