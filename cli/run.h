/* The tail every analysis command shares: open the store, compute, print the result or its JSON,
 * free, close, with the errors reported the same way everywhere. */
#ifndef FITINTEL_CLI_RUN_H
#define FITINTEL_CLI_RUN_H

#include <stdbool.h>

#include "common.h"

typedef struct cli_job {
	const char *what;        /* what compute does, for its error: "detect anomalies" */
	const char *json_what;   /* the same for the JSON: "write the anomalies as JSON" */
	bool write;              /* open the store for writing (default: read-only) */
	bool invalid_is_usage;   /* FI_EINVALID from compute is a usage error (exit 2) */
	/* Compute the result from the store (with the options the spec parsed); an FI_* status. */
	int (*compute)(fi_store *store, void **result);
	/* Its JSON (freed with fi_free); NULL when the command has no --json. */
	int (*to_json)(const void *result, char **json);
	/* Print it for people; an exit code. */
	int (*print)(const void *result);
	void (*free)(void *result);
} cli_job;

/* Run @job: its JSON on stdout when @json, else its print. Returns an exit code. */
int cli_run(const cli_ctx *ctx, const cli_job *job, bool json);

/* Print a library JSON document (from a *_to_json call that returned @rc) on stdout; on failure
 * report it. Frees @json. Returns an exit code. */
int cli_print_json(int rc, char *json, const char *what);

/* The typed to_json and free of a result type for a cli_job: CLI_JOB_RESULT(fi_summary,
 * fi_summary_to_json, fi_summary_free) defines result_json() and result_free(). */
#define CLI_JOB_RESULT(type, to_json_fn, free_fn)                                    \
	static int result_json(const void *r, char **out)                           \
	{                                                                           \
		return to_json_fn((const type *)r, out);                            \
	}                                                                           \
	static void result_free(void *r)                                            \
	{                                                                           \
		free_fn((type *)r);                                                 \
	}

#endif
