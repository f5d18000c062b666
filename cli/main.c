/* `fitintel`: global options, --help, --version and dispatch to a subcommand. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "common.h"
#include "run.h"

static void print_help(void)
{
	const cli_command *const *list = cli_command_list();

	fputs("usage: fitintel [--db PATH] COMMAND [ARGS]\n"
	      "\n"
	      "Import MapMyRun workout exports into a store you own (an SQLite file), tell\n"
	      "real runs from dog walks, and analyse them: anomalies, consistency, trends,\n"
	      "records, eras and a personal briefing.\n"
	      "\n"
	      "Commands:\n", stdout);
	int width = 0;
	for (size_t i = 0; list[i]; i++)
		if ((int)strlen(list[i]->name) > width)
			width = (int)strlen(list[i]->name);
	for (size_t i = 0; list[i]; i++)
		printf("  %-*s %s\n", width, list[i]->name, list[i]->help->summary);
	fputs("\n"
	      "Global options (also accepted after the command):\n"
	      "  --db PATH      the store (default: $FITINTEL_DB, else\n"
	      "                 $XDG_DATA_HOME/fitintel/fitintel.db, else\n"
	      "                 ~/.local/share/fitintel/fitintel.db)\n"
	      "  -h, --help     show this help; 'fitintel COMMAND --help' for a command\n"
	      "  --version      show the version of the command and the library\n"
	      "\n"
	      CLI_HELP_EXIT_CODES
	      "\n"
	      "Examples:\n"
	      "  fitintel sample --rows 3000 --seed 42 -o sample.csv\n"
	      "  fitintel ingest sample.csv\n"
	      "  fitintel workouts --from 2025-01-01 --format csv > 2025.csv\n"
	      "  fitintel watch ~/FitIntel/inbox --notify 'cat >> ~/FitIntel/imports.jsonl'\n",
	      stdout);
}

static int finish(int code)
{
	/* Output that could not be written (disk full, closed pipe) is an error too. */
	if (fflush(stdout) != 0 || ferror(stdout)) {
		cli_error("cannot write the output: %s", strerror(errno ? errno : EIO));
		return cli_exit_worse(code, CLI_EXIT_ERROR);
	}
	return code;
}

int main(int argc, char **argv)
{
	static const struct option options[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	cli_ctx ctx = { NULL };
	const cli_command *cmd;
	const char *name;
	int c;

	cli_getopt_reset();
	/* '+': stop at the command name; what follows belongs to the command. */
	while ((c = getopt_long(argc, argv, "+:h", options, NULL)) != -1) {
		switch (c) {
		case 'd':
			ctx.db_path = optarg;
			break;
		case 'h':
			print_help();
			return finish(CLI_EXIT_OK);
		case 'V':
			printf("fitintel %s\n", fi_version_string());
			return finish(CLI_EXIT_OK);
		default:
			return cli_getopt_failure(NULL, c, argv);
		}
	}
	if (optind >= argc)
		return cli_usage_error(NULL, "missing command");
	name = argv[optind];
	if (strcmp(name, "help") == 0) {
		if (optind + 1 >= argc) {
			print_help();
			return finish(CLI_EXIT_OK);
		}
		cmd = cli_command_find(argv[optind + 1]);
		if (!cmd)
			return cli_usage_error(NULL, "unknown command '%s'", argv[optind + 1]);
		cli_command_help(cmd);
		return finish(CLI_EXIT_OK);
	}
	cmd = cli_command_find(name);
	if (!cmd)
		return cli_usage_error(NULL, "unknown command '%s'", name);
	char **pos;
	int npos, code = cli_opt_parse(&ctx, cmd, argc - optind, argv + optind, &pos, &npos);
	if (code >= 0)
		return finish(code);
	return finish(cmd->run ? cmd->run(&ctx, npos, pos) : cli_run(&ctx, cmd->name, cmd->job));
}
