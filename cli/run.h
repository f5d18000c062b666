/* The tail every analysis command shares: check the filter, open the store, compute, print the
 * result or its JSON, free, close, with the errors reported the same way everywhere. A command
 * that is only that names its cli_job in its cli_command and has no run function. */
#ifndef FITINTEL_CLI_RUN_H
#define FITINTEL_CLI_RUN_H

#include <stdbool.h>

#include "analysis.h"
#include "common.h"

typedef struct cli_job {
	const char *what;        /* what compute does, for its error: "detect anomalies" */
	const char *json_what;   /* the same for the JSON: "write the anomalies as JSON" */
	bool write;              /* open the store for writing (default: read-only) */
	bool invalid_is_usage;   /* FI_EINVALID from compute is a usage error (exit 2) */
	cli_filter *filter;      /* the command's --from/--to/..., checked first; or NULL */
	const bool *json;        /* its --json, or NULL: print() decides */
	/* Compute the result from the store (with the options the spec parsed); an FI_* status. */
	int (*compute)(fi_store *store, void **result);
	/* Its JSON (freed with fi_free). */
	int (*to_json)(const void *result, char **json);
	/* Print it for people; an exit code. */
	int (*print)(const void *result);
	void (*free)(void *result);
} cli_job;

/* Run @job for @command: its JSON on stdout with --json, else its print. Returns an exit code. */
int cli_run(const cli_ctx *ctx, const char *command, const cli_job *job);

/* Print a library JSON document (from a *_to_json call that returned @rc) on stdout; on failure
 * report it. Frees @json. Returns an exit code. */
int cli_print_json(int rc, char *json, const char *what);

/* The typed to_json and free of a result type for a cli_job: CLI_JOB_RESULT(result, fi_summary,
 * fi_summary_to_json, fi_summary_free) defines result_json() and result_free(). */
#define CLI_JOB_RESULT(prefix, type, to_json_fn, free_fn)                            \
	static int prefix##_json(const void *r, char **out)                          \
	{                                                                           \
		return to_json_fn((const type *)r, out);                            \
	}                                                                           \
	static void prefix##_free(void *r)                                           \
	{                                                                           \
		free_fn((type *)r);                                                 \
	}

#endif
