/* `fitintel init`: create (or open and upgrade) the store and say where it is. */
#include <getopt.h>
#include <stdio.h>

#include "commands.h"
#include "common.h"

static int run(cli_ctx *ctx, int argc, char **argv)
{
	static const struct option options[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	fi_store *store = NULL;
	int64_t count = 0;
	int c, rc;

	cli_getopt_reset();
	while ((c = getopt_long(argc, argv, ":h", options, NULL)) != -1) {
		switch (c) {
		case 'd':
			ctx->db_path = optarg;
			break;
		case 'h':
			cli_command_help(&cli_cmd_init);
			return CLI_EXIT_OK;
		default:
			return cli_getopt_failure("init", c, argv);
		}
	}
	if (optind < argc)
		return cli_usage_error("init", "unexpected argument '%s'", argv[optind]);

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
	"init", run,
	"create or upgrade the store; print its path and schema version",
	"fitintel init [--db PATH]",
	"\n"
	"Creates the store file (and its folder) when missing, upgrades its schema when\n"
	"it is older than this library, and prints the path, the schema version and the\n"
	"number of workouts.\n"
	"\n"
	"Options:\n"
	CLI_HELP_DB
	"\n"
	CLI_HELP_EXIT_CODES
	"\n"
	"Example:\n"
	"  fitintel --db ~/fit.db init\n"
};
