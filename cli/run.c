/* cli_run(): open, compute, print or JSON, free, close (see run.h). */
#include <stdio.h>

#include "run.h"

int cli_print_json(int rc, char *json, const char *what)
{
	if (rc != FI_OK) {
		cli_lib_error(rc, what);
		fi_free(json);
		return CLI_EXIT_ERROR;
	}
	fputs(json, stdout);
	fputc('\n', stdout);
	fi_free(json);
	return CLI_EXIT_OK;
}

int cli_run(const cli_ctx *ctx, const char *command, const cli_job *job)
{
	fi_store *store = NULL;
	void *result = NULL;
	int rc, code;

	if (job->filter && (code = cli_filter_finish(job->filter, command)) >= 0)
		return code;
	if (cli_open_store(ctx, !job->write, &store) != FI_OK)
		return CLI_EXIT_ERROR;
	rc = job->compute(store, &result);
	if (rc != FI_OK) {
		cli_lib_error(rc, job->what);
		fi_store_close(store);
		return rc == FI_EINVALID && job->invalid_is_usage ? CLI_EXIT_USAGE : CLI_EXIT_ERROR;
	}
	if (job->json && *job->json) {
		char *text = NULL;
		rc = job->to_json(result, &text);
		code = cli_print_json(rc, text, job->json_what ? job->json_what : "write the result as JSON");
	} else {
		code = job->print(result);
	}
	job->free(result);
	fi_store_close(store);
	return code;
}
