/* Batches of checked rows, handed from the parsing thread to the thread that writes the store. */
#ifndef FITINTEL_INGEST_BATCH_H
#define FITINTEL_INGEST_BATCH_H

#include <pthread.h>

#include "ingest_fields.h"

#define FI_BATCH_ROWS 8192

/* Text columns kept per row, in this order. */
enum { FI__BATCH_ACTIVITY, FI__BATCH_NOTES, FI__BATCH_SOURCE, FI__BATCH_LINK, FI__BATCH_TEXTS };

/* One accepted row, converted to canonical units. NaN = empty number, "" = empty date. */
typedef struct fi__row {
	int64_t id;
	double values[FI_COL__COUNT];
	size_t text_off[FI__BATCH_TEXTS];
	uint32_t text_len[FI__BATCH_TEXTS];
	char dates[2][11];        /* [0] Date Submitted, [1] Workout Date */
} fi__row;

typedef struct fi__batch {
	fi__row *rows;
	size_t count;
	fi__buf text;              /* the rows' text cells */
	fi_reject *rejects;       /* in file order; strings owned by the batch */
	size_t reject_count;
	size_t reject_cap;
	uint64_t bytes_done;      /* progress at the end of the batch */
	int64_t rows_read;
	struct fi__batch *next;
} fi__batch;

fi__batch *fi__batch_new(void);
void fi__batch_free(fi__batch *b);
/* Empty a batch for reuse. */
void fi__batch_reset(fi__batch *b);
/* A new row at the end (fields zeroed, numbers NaN); NULL when out of memory. */
fi__row *fi__batch_add_row(fi__batch *b);
/* Copy a text cell for @row. Returns false when out of memory. */
bool fi__batch_set_text(fi__batch *b, fi__row *row, int which, const char *s, size_t n);
const char *fi__batch_text(const fi__batch *b, const fi__row *row, int which);
/* Keep a copy of @r. Returns false when out of memory. */
bool fi__batch_add_reject(fi__batch *b, const fi_reject *r);
/* Sort the rows by ascending id. */
void fi__batch_sort(fi__batch *b);

/* A bounded queue between exactly one producer and one consumer. */
typedef struct fi__batch_queue {
	pthread_mutex_t lock;
	pthread_cond_t changed;
	fi__batch *head, *tail;
	size_t length;
	size_t limit;
	fi__batch *spare;          /* batches handed back for reuse */
	bool closed;              /* the producer is done */
	bool cancelled;           /* the consumer wants the producer to stop */
} fi__batch_queue;

void fi__queue_init(fi__batch_queue *q, size_t limit);
void fi__queue_destroy(fi__batch_queue *q);
/* Producer: a batch to fill (reused or new), NULL when out of memory. */
fi__batch *fi__queue_take_spare(fi__batch_queue *q);
/* Producer: hand over a batch; blocks while the queue is full. Returns false if cancelled (the
 * batch is then freed). */
bool fi__queue_push(fi__batch_queue *q, fi__batch *b);
void fi__queue_close(fi__batch_queue *q);
bool fi__queue_cancelled(fi__batch_queue *q);
/* Consumer: next batch, or NULL when the producer closed the queue and it is empty. */
fi__batch *fi__queue_pop(fi__batch_queue *q);
void fi__queue_give_back(fi__batch_queue *q, fi__batch *b);
void fi__queue_cancel(fi__batch_queue *q);

#endif
