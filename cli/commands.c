/* The table of subcommands and their help (see commands.h). */
#include <stdio.h>
#include <string.h>

#include "commands.h"

static const cli_command *const commands[] = {
	&cli_cmd_init,
	&cli_cmd_ingest,
	&cli_cmd_imports,
	&cli_cmd_workouts,
	&cli_cmd_sample,
	&cli_cmd_watch,
	&cli_cmd_train,
	&cli_cmd_classify,
	&cli_cmd_explain,
	&cli_cmd_model,
	&cli_cmd_label,
	&cli_cmd_unlabel,
	&cli_cmd_corrections,
	&cli_cmd_accuracy,
	&cli_cmd_config,
	&cli_cmd_brief,
	&cli_cmd_dashboard,
	&cli_cmd_report,
	&cli_cmd_era,
	&cli_cmd_consistency,
	&cli_cmd_anomalies,
	&cli_cmd_trends,
	&cli_cmd_forecast,
	&cli_cmd_records,
	&cli_cmd_summary,
	&cli_cmd_sql,
	&cli_cmd_query,
	&cli_cmd_history,
	&cli_cmd_export,
	&cli_cmd_import_archive,
	&cli_cmd_completion,
	NULL
};

const cli_command *cli_command_find(const char *name)
{
	for (size_t i = 0; commands[i]; i++)
		if (strcmp(commands[i]->name, name) == 0)
			return commands[i];
	return NULL;
}

const cli_command *const *cli_command_list(void)
{
	return commands;
}

void cli_command_help(const cli_command *cmd)
{
	const cli_help *h = cmd->help;
	cli_opt_usage(stdout, cmd);
	printf("\n%s\n\n", h->summary);
	printf("%s\n", h->about);
	cli_opt_help(stdout, cmd);
	if (h->notes)
		printf("\n%s", h->notes);
	printf("\n%s", h->exit_codes ? h->exit_codes : CLI_HELP_EXIT_CODES);
	if (h->more_exit_codes)
		fputs(h->more_exit_codes, stdout);
	if (h->examples) {
		/* "Example:" for one command line, "Examples:" for more (a continued line does not count) */
		size_t n = 0;
		for (const char *p = h->examples; p; p = strchr(p, '\n'), p = p ? p + 1 : NULL)
			n += *p != ' ';
		printf("\nExample%s:\n", n > 1 ? "s" : "");
		for (const char *p = h->examples; p;) {
			size_t len = strcspn(p, "\n");
			printf("  %.*s\n", (int)len, p);
			p = p[len] ? p + len + 1 : NULL;
		}
	}
}

void cli_command_short_usage(const cli_command *cmd)
{
	if (cmd) {
		cli_opt_usage(stderr, cmd);
		fprintf(stderr, "Try 'fitintel %s --help' for more information.\n", cmd->name);
	} else {
		fputs("usage: fitintel [--db PATH] COMMAND [ARGS]\n"
		      "Try 'fitintel --help' for more information.\n", stderr);
	}
}
