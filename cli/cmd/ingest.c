/* `fitintel ingest FILE...`: import exports, one transaction per file. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "commands.h"
#include "common.h"
#include "import_print.h"
#include "interrupt.h"
#include "notify.h"
#include "progress.h"

typedef struct ingest_args {
	int policy;
	bool json;
	const char *notify;
	int progress; /* 1 forced on, 0 forced off, -1 when stderr is a terminal */
} ingest_args;

/* Print what happened to one file: the rejects on stderr, then the summary line on stdout for
 * an import, or the reason on stderr for a refusal or failure. Returns the file's exit code. */
static int present(const ingest_args *a, const char *path, int rc, const fi_import_report *r)
{
	fflush(stdout);
	if (r)
		cli_import_print_rejects(stderr, path, r);
	if (rc == FI_OK && r) {
		if (!a->json)
			cli_import_print_summary(stdout, path, r);
	} else if (r && fi_import_report_message(r) && fi_import_report_message(r)[0]) {
		fputs("fitintel: ", stderr);
		cli_import_print_summary(stderr, path, r);
	} else {
		cli_import_print_error(rc, path);
	}
	return cli_exit_for_status(rc);
}

static int ingest_files(const ingest_args *a, fi_store *store, char **files, int count)
{
	fi_ingest_params opts = FI_INGEST_PARAMS_INIT;
	bool show = a->progress == 1 || (a->progress < 0 && isatty(STDERR_FILENO) == 1);
	int exit_code = CLI_EXIT_OK;
	bool array = a->json && count > 1;

	opts.policy = a->policy;
	opts.progress_cb = cli_progress_cb;
	if (array)
		fputs("[\n", stdout);
	for (int i = 0; i < count; i++) {
		const char *path = files[i];
		fi_import_report *r = NULL;
		cli_progress progress;
		char *json = NULL;
		int rc;

		if (cli_interrupted())
			break;
		cli_progress_begin(&progress, show, cli_basename(path));
		opts.progress_payload = &progress;
		rc = fi_ingest_file(store, path, &opts, &r);
		cli_progress_end(&progress);
		if (rc == FI_EUSER && cli_interrupted()) {
			cli_error("%s: interrupted; nothing was imported from it", path);
			fi_import_report_free(r);
			exit_code = cli_exit_worse(exit_code, CLI_EXIT_ERROR);
			break;
		}
		exit_code = cli_exit_worse(exit_code, present(a, path, rc, r));
		if (a->json || a->notify) {
			json = cli_import_print_json(r, rc, path);
			if (!json) {
				cli_error("%s: out of memory while writing the import record", path);
				exit_code = cli_exit_worse(exit_code, CLI_EXIT_ERROR);
			}
		}
		if (a->json && json) {
			if (array && i > 0)
				fputs(",\n", stdout);
			fputs(json, stdout);
			if (!array)
				fputc('\n', stdout);
		}
		fflush(stdout);
		if (a->notify && json)
			cli_notify_run(a->notify, json, cli_import_print_status_name(r), path);
		free(json);
		fi_import_report_free(r);
	}
	if (array)
		fputs("\n]\n", stdout);
	return exit_code;
}

static ingest_args a = { FI_INGEST_STRICT, false, NULL, -1 };

static int run(cli_ctx *ctx, int argc, char **argv)
{
	fi_store *store = NULL;
	int code;

	if (!cli_interrupt_install()) {
		cli_error("cannot install the signal handlers");
		return CLI_EXIT_ERROR;
	}
	if (cli_open_store(ctx, false, &store) != FI_OK)
		return CLI_EXIT_ERROR;
	code = ingest_files(&a, store, argv, argc);
	fi_store_close(store);
	return code;
}

static const cli_opt options[] = {
	{ CLI_OPT_ENUM, "policy", .value = &a.policy, .choices = cli_policies, .value_name = "strict|skip",
	  .help = "strict (default): a file with any rejected row is refused\n"
		  "and nothing is written; skip: write the accepted rows and\n"
		  "report the rest" },
	CLI_SPEC_JSON(&a.json, "print each file's import record as a JSON object on stdout\n"
			       "(a JSON array when several files are given) instead of the\n"
			       "summary line"),
	{ CLI_OPT_STRING, "notify", .value = &a.notify, .value_name = "CMD",
	  .help = "after each file run `/bin/sh -c CMD` with the JSON record\n"
		  "on its stdin and FITINTEL_IMPORT_STATUS (success,\n"
		  "no_new_rows, rejected, failed) and FITINTEL_IMPORT_FILE in\n"
		  "its environment; its stdout goes to stderr; a failing hook\n"
		  "is reported but does not change the exit code" },
	{ CLI_OPT_SWITCH, "progress", .value = &a.progress, .switch_value = 1,
	  .help = "draw a progress bar on stderr even when it is not a terminal" },
	{ CLI_OPT_SWITCH, "no-progress", .value = &a.progress, .switch_value = 0,
	  .help = "never draw a progress bar (default: draw one on a terminal)" },
	CLI_SPEC_END
};

const cli_command cli_cmd_ingest = {
	.name = "ingest", .run = run, .options = options, .args = "FILE...", .min_args = 1, .max_args = -1,
	.help = &cli_help_ingest,
};
