/* fi__run_tasks: independent tasks on the machine's cores, the calling thread one of them. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <unistd.h>

#include "internal.h"

#define TASK_THREADS_MAX 8

typedef struct task_pool {
	int (*task)(void *ctx, size_t i);
	void *ctx;
	size_t count;
	atomic_size_t next;
	int *rcs;                      /* each task's return */
	fi__error_snapshot *errors;    /* and its error, taken on the thread that ran it */
} task_pool;

static void *work(void *arg)
{
	task_pool *p = arg;
	for (size_t i; (i = atomic_fetch_add(&p->next, 1)) < p->count;) {
		p->rcs[i] = p->task(p->ctx, i);
		if (p->rcs[i])
			fi__error_save(&p->errors[i]);
	}
	return NULL;
}

size_t fi__task_threads(void)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	return cpus < 1 ? 1 : cpus > TASK_THREADS_MAX ? TASK_THREADS_MAX : (size_t)cpus;
}

int fi__run_tasks(size_t count, size_t threads, int (*task)(void *ctx, size_t i), void *ctx)
{
	if (threads > count)
		threads = count;
	if (threads > TASK_THREADS_MAX)
		threads = TASK_THREADS_MAX;
	if (threads <= 1) {
		for (size_t i = 0; i < count; i++) {
			int rc = task(ctx, i);
			if (rc)
				return rc;
		}
		return FI_OK;
	}
	task_pool p = { task, ctx, count, 0, calloc(count, sizeof *p.rcs), malloc(count * sizeof *p.errors) };
	if (!p.rcs || !p.errors) {
		FI__FREE_ALL(p.rcs, p.errors);
		return fi__error_oom();
	}
	pthread_t ids[TASK_THREADS_MAX];
	size_t started = 0;
	while (started + 1 < threads && pthread_create(&ids[started], NULL, work, &p) == 0)
		started++;
	work(&p);   /* a thread that could not start is made up for by the others */
	for (size_t t = 0; t < started; t++)
		pthread_join(ids[t], NULL);
	int rc = FI_OK;
	for (size_t i = 0; i < count && !rc; i++) {
		if ((rc = p.rcs[i]))
			fi__error_restore(&p.errors[i]);
	}
	FI__FREE_ALL(p.rcs, p.errors);
	return rc;
}
