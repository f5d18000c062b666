/* fi__run_tasks: every task runs exactly once whatever the number of threads; a failure returns
 * the code and the error of the failing task with the lowest index, on the calling thread. */
#include <stdatomic.h>
#include <string.h>

#include "../../libfitintel/util/internal.h"
#include "fitintel/error.h"
#include "tap.h"

#define TASKS 200

typedef struct counts {
	atomic_int runs[TASKS];
	size_t fail_a, fail_b;   /* tasks that fail (TASKS: none) */
} counts;

static int count_task(void *ctx, size_t i)
{
	counts *c = ctx;
	atomic_fetch_add(&c->runs[i], 1);
	if (i == c->fail_a)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "task %zu refused", i);
	if (i == c->fail_b)
		return fi__error(FI_ENOMEM, FI_ERRCAT_ARG, "task %zu ran out", i);
	return FI_OK;
}

static void test_every_task_once(void)
{
	static const size_t threads[] = { 0, 1, 2, 3, 8, 64 };
	static const size_t sizes[] = { 0, 1, 2, 7, TASKS };
	for (size_t t = 0; t < sizeof threads / sizeof *threads; t++) {
		for (size_t z = 0; z < sizeof sizes / sizeof *sizes; z++) {
			static counts c;
			memset(&c, 0, sizeof c);
			c.fail_a = c.fail_b = TASKS;
			int rc = fi__run_tasks(sizes[z], threads[t], count_task, &c);
			int wrong = 0;
			for (size_t i = 0; i < TASKS; i++)
				wrong += atomic_load(&c.runs[i]) != (i < sizes[z] ? 1 : 0);
			ok(rc == FI_OK && wrong == 0, "%zu tasks on %zu threads: each ran once", sizes[z], threads[t]);
		}
	}
}

static void test_lowest_failure_wins(void)
{
	for (size_t threads = 1; threads <= 4; threads++) {
		int right = 0, rounds = 20;
		for (int round = 0; round < rounds; round++) {
			static counts c;
			memset(&c, 0, sizeof c);
			c.fail_a = 151;
			c.fail_b = 37;     /* the lower index: its failure is the answer, whichever ran first */
			fi_error_clear();
			int rc = fi__run_tasks(TASKS, threads, count_task, &c);
			const fi_error *e = fi_error_last();
			right += rc == FI_ENOMEM && e && e->code == FI_ENOMEM &&
				 strcmp(e->message, "task 37 ran out") == 0;
		}
		ok(right == rounds, "%zu threads: the failure of task 37 returned and recorded (%d of %d rounds)",
		   threads, right, rounds);
	}
}

int main(void)
{
	test_every_task_once();
	test_lowest_failure_wins();
	return tap_done();
}
