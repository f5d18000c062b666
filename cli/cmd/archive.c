/* `fitintel import-archive`: rebuild a store from the JSON archive `fitintel export archive`
 * wrote, into an empty store. */
#include <stdio.h>

#include "commands.h"
#include "common.h"

static bool json;

static int run(cli_ctx *ctx, int argc, char **argv)
{
	(void)argc;
	fi_store *store = NULL;
	if (cli_open_store(ctx, false, &store) != FI_OK)
		return CLI_EXIT_ERROR;
	int64_t rows = 0;
	int rc = fi_archive_import(store, argv[0], &rows);
	fi_store_close(store);
	if (rc != FI_OK) {
		cli_lib_error(rc, "import the archive");
		return cli_exit_for_status(rc);
	}
	if (json)
		printf("{\"rows\":%lld}\n", (long long)rows);
	else
		printf("Imported %lld rows from %s.\n", (long long)rows, argv[0]);
	return CLI_EXIT_OK;
}

static const cli_opt options[] = {
	CLI_SPEC_JSON(&json, "print {\"rows\": N}"),
	CLI_SPEC_END
};

const cli_command cli_cmd_import_archive = {
	.name = "import-archive", .run = run, .options = options, .args = "FILE", .min_args = 1, .max_args = 1,
	.help = &cli_help_import_archive,
};
