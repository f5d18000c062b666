/* Process-wide set-up, done once by the first call that needs it (opening a store, a kernel). */
#include <pthread.h>

#include <gsl/gsl_errno.h>

#include "internal.h"

static pthread_once_t library_once = PTHREAD_ONCE_INIT;

static void library_init_once(void)
{
	/* GSL's default handler abort()s; a library inside a Jupyter kernel must never do that. */
	gsl_set_error_handler_off();
}

void fi__library_init(void)
{
	pthread_once(&library_once, library_init_once);
}
