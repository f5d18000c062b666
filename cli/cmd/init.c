/* `fitintel init`: create (or open and upgrade) the store and say where it is. */
#include <stdio.h>

#include "commands.h"
#include "common.h"

static int run(cli_ctx *ctx, int argc, char **argv)
{
	fi_store *store = NULL;
	int64_t count = 0;
	int rc;

	(void)argc, (void)argv;
	rc = cli_open_store(ctx, false, &store);
	if (rc != FI_OK)
		return CLI_EXIT_ERROR;
	printf("store: %s\n", fi_store_path(store));
	printf("schema version: %d (this library writes %d)\n", fi_store_schema_version(store),
	       fi_store_schema_latest());
	rc = fi_store_workout_count(store, &count);
	if (rc != FI_OK) {
		cli_lib_error(rc, "count the workouts");
		fi_store_close(store);
		return CLI_EXIT_ERROR;
	}
	printf("workouts: %lld\n", (long long)count);
	fi_store_close(store);
	return CLI_EXIT_OK;
}



const cli_command cli_cmd_init = {
	.name = "init", .run = run,
	.help = &cli_help_init,
};
