/* Batches and the producer/consumer queue (see ingest_batch.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ingest_batch.h"

fi__batch *fi__batch_new(void)
{
	fi__batch *b = calloc(1, sizeof *b);
	if (!b)
		return NULL;
	b->rows = malloc(FI_BATCH_ROWS * sizeof *b->rows);
	if (!b->rows) {
		free(b);
		return NULL;
	}
	return b;
}

static void free_rejects(fi__batch *b)
{
	for (size_t i = 0; i < b->reject_count; i++)
		fi__reject_release(&b->rejects[i]);
	b->reject_count = 0;
}

void fi__batch_reset(fi__batch *b)
{
	b->count = 0;
	fi__buf_clear(&b->text);
	free_rejects(b);
	b->next = NULL;
}

void fi__batch_free(fi__batch *b)
{
	if (!b)
		return;
	free_rejects(b);
	free(b->rejects);
	fi__buf_free(&b->text);
	free(b->rows);
	free(b);
}

fi__row *fi__batch_add_row(fi__batch *b)
{
	if (b->count == FI_BATCH_ROWS)
		return NULL;
	fi__row *r = &b->rows[b->count++];
	memset(r, 0, sizeof *r);
	for (int k = 0; k < FI_COL__COUNT; k++)
		r->values[k] = (double)NAN;
	return r;
}

bool fi__batch_set_text(fi__batch *b, fi__row *row, int which, const char *s, size_t n)
{
	if (n > UINT32_MAX)
		return false;
	row->text_off[which] = b->text.len;
	row->text_len[which] = (uint32_t)n;
	fi__buf_append(&b->text, s, n);
	return !b->text.failed;
}

const char *fi__batch_text(const fi__batch *b, const fi__row *row, int which)
{
	return b->text.data ? b->text.data + row->text_off[which] : "";
}

bool fi__batch_add_reject(fi__batch *b, const fi_reject *r)
{
	fi_reject *p = fi__grow(b->rejects, b->reject_count, &b->reject_cap, sizeof *p, 16);
	if (!p)
		return false;
	b->rejects = p;
	if (!fi__reject_copy(&b->rejects[b->reject_count], r))
		return false;
	b->reject_count++;
	return true;
}

static int compare_rows(const void *a, const void *b)
{
	int64_t x = ((const fi__row *)a)->id, y = ((const fi__row *)b)->id;
	return (x > y) - (x < y);
}

void fi__batch_sort(fi__batch *b)
{
	qsort(b->rows, b->count, sizeof *b->rows, compare_rows);
}

/* ---- queue ---- */

void fi__queue_init(fi__batch_queue *q, size_t limit)
{
	memset(q, 0, sizeof *q);
	pthread_mutex_init(&q->lock, NULL);
	pthread_cond_init(&q->changed, NULL);
	q->limit = limit;
}

void fi__queue_destroy(fi__batch_queue *q)
{
	for (fi__batch *b = q->head, *next; b; b = next) {
		next = b->next;
		fi__batch_free(b);
	}
	for (fi__batch *b = q->spare, *next; b; b = next) {
		next = b->next;
		fi__batch_free(b);
	}
	pthread_mutex_destroy(&q->lock);
	pthread_cond_destroy(&q->changed);
}

fi__batch *fi__queue_take_spare(fi__batch_queue *q)
{
	pthread_mutex_lock(&q->lock);
	fi__batch *b = q->spare;
	if (b)
		q->spare = b->next;
	pthread_mutex_unlock(&q->lock);
	if (b) {
		fi__batch_reset(b);
		return b;
	}
	return fi__batch_new();
}

bool fi__queue_push(fi__batch_queue *q, fi__batch *b)
{
	b->next = NULL;
	pthread_mutex_lock(&q->lock);
	while (q->length >= q->limit && !q->cancelled)
		pthread_cond_wait(&q->changed, &q->lock);
	bool cancelled = q->cancelled;
	if (!cancelled) {
		if (q->tail)
			q->tail->next = b;
		else
			q->head = b;
		q->tail = b;
		q->length++;
		pthread_cond_broadcast(&q->changed);
	}
	pthread_mutex_unlock(&q->lock);
	if (cancelled)
		fi__batch_free(b);
	return !cancelled;
}

void fi__queue_close(fi__batch_queue *q)
{
	pthread_mutex_lock(&q->lock);
	q->closed = true;
	pthread_cond_broadcast(&q->changed);
	pthread_mutex_unlock(&q->lock);
}

bool fi__queue_cancelled(fi__batch_queue *q)
{
	pthread_mutex_lock(&q->lock);
	bool c = q->cancelled;
	pthread_mutex_unlock(&q->lock);
	return c;
}

fi__batch *fi__queue_pop(fi__batch_queue *q)
{
	pthread_mutex_lock(&q->lock);
	while (!q->head && !q->closed)
		pthread_cond_wait(&q->changed, &q->lock);
	fi__batch *b = q->head;
	if (b) {
		q->head = b->next;
		if (!q->head)
			q->tail = NULL;
		q->length--;
		pthread_cond_broadcast(&q->changed);
	}
	pthread_mutex_unlock(&q->lock);
	return b;
}

void fi__queue_give_back(fi__batch_queue *q, fi__batch *b)
{
	pthread_mutex_lock(&q->lock);
	b->next = q->spare;
	q->spare = b;
	pthread_mutex_unlock(&q->lock);
}

void fi__queue_cancel(fi__batch_queue *q)
{
	pthread_mutex_lock(&q->lock);
	q->cancelled = true;
	pthread_cond_broadcast(&q->changed);
	pthread_mutex_unlock(&q->lock);
}
