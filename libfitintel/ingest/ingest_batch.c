/* Batches and the producer/consumer queue (see ingest_batch.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ingest_batch.h"

fi_batch *fi_batch__new(void)
{
	fi_batch *b = calloc(1, sizeof *b);
	if (!b)
		return NULL;
	b->rows = malloc(FI_BATCH_ROWS * sizeof *b->rows);
	if (!b->rows) {
		free(b);
		return NULL;
	}
	return b;
}

static void free_rejects(fi_batch *b)
{
	for (size_t i = 0; i < b->reject_count; i++)
		fi_reject__release(&b->rejects[i]);
	b->reject_count = 0;
}

void fi_batch__reset(fi_batch *b)
{
	b->count = 0;
	fi_buf_clear(&b->text);
	free_rejects(b);
	b->next = NULL;
}

void fi_batch__free(fi_batch *b)
{
	if (!b)
		return;
	free_rejects(b);
	free(b->rejects);
	fi_buf_free(&b->text);
	free(b->rows);
	free(b);
}

fi_row *fi_batch__add_row(fi_batch *b)
{
	if (b->count == FI_BATCH_ROWS)
		return NULL;
	fi_row *r = &b->rows[b->count++];
	memset(r, 0, sizeof *r);
	for (int k = 0; k < FI_COL__COUNT; k++)
		r->values[k] = (double)NAN;
	return r;
}

bool fi_batch__set_text(fi_batch *b, fi_row *row, int which, const char *s, size_t n)
{
	if (n > UINT32_MAX)
		return false;
	row->text_off[which] = b->text.len;
	row->text_len[which] = (uint32_t)n;
	fi_buf_append(&b->text, s, n);
	return !b->text.failed;
}

const char *fi_batch__text(const fi_batch *b, const fi_row *row, int which)
{
	return b->text.data ? b->text.data + row->text_off[which] : "";
}

bool fi_batch__add_reject(fi_batch *b, const fi_reject *r)
{
	if (b->reject_count == b->reject_cap) {
		size_t cap = b->reject_cap ? b->reject_cap * 2 : 16;
		fi_reject *p = realloc(b->rejects, cap * sizeof *p);
		if (!p)
			return false;
		b->rejects = p;
		b->reject_cap = cap;
	}
	if (!fi_reject__copy(&b->rejects[b->reject_count], r))
		return false;
	b->reject_count++;
	return true;
}

static int compare_rows(const void *a, const void *b)
{
	int64_t x = ((const fi_row *)a)->id, y = ((const fi_row *)b)->id;
	return (x > y) - (x < y);
}

void fi_batch__sort(fi_batch *b)
{
	qsort(b->rows, b->count, sizeof *b->rows, compare_rows);
}

/* ---- queue ---- */

void fi_queue__init(fi_batch_queue *q, size_t limit)
{
	memset(q, 0, sizeof *q);
	pthread_mutex_init(&q->lock, NULL);
	pthread_cond_init(&q->changed, NULL);
	q->limit = limit;
}

void fi_queue__destroy(fi_batch_queue *q)
{
	for (fi_batch *b = q->head, *next; b; b = next) {
		next = b->next;
		fi_batch__free(b);
	}
	for (fi_batch *b = q->spare, *next; b; b = next) {
		next = b->next;
		fi_batch__free(b);
	}
	pthread_mutex_destroy(&q->lock);
	pthread_cond_destroy(&q->changed);
}

fi_batch *fi_queue__take_spare(fi_batch_queue *q)
{
	pthread_mutex_lock(&q->lock);
	fi_batch *b = q->spare;
	if (b)
		q->spare = b->next;
	pthread_mutex_unlock(&q->lock);
	if (b) {
		fi_batch__reset(b);
		return b;
	}
	return fi_batch__new();
}

bool fi_queue__push(fi_batch_queue *q, fi_batch *b)
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
		fi_batch__free(b);
	return !cancelled;
}

void fi_queue__close(fi_batch_queue *q)
{
	pthread_mutex_lock(&q->lock);
	q->closed = true;
	pthread_cond_broadcast(&q->changed);
	pthread_mutex_unlock(&q->lock);
}

bool fi_queue__cancelled(fi_batch_queue *q)
{
	pthread_mutex_lock(&q->lock);
	bool c = q->cancelled;
	pthread_mutex_unlock(&q->lock);
	return c;
}

fi_batch *fi_queue__pop(fi_batch_queue *q)
{
	pthread_mutex_lock(&q->lock);
	while (!q->head && !q->closed)
		pthread_cond_wait(&q->changed, &q->lock);
	fi_batch *b = q->head;
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

void fi_queue__give_back(fi_batch_queue *q, fi_batch *b)
{
	pthread_mutex_lock(&q->lock);
	b->next = q->spare;
	q->spare = b;
	pthread_mutex_unlock(&q->lock);
}

void fi_queue__cancel(fi_batch_queue *q)
{
	pthread_mutex_lock(&q->lock);
	q->cancelled = true;
	pthread_cond_broadcast(&q->changed);
	pthread_mutex_unlock(&q->lock);
}
