/* The table of subcommands: names, entry points, option specs and their help texts. */
#ifndef FITINTEL_CLI_COMMANDS_H
#define FITINTEL_CLI_COMMANDS_H

#include "common.h"
#include "help_texts.h"
#include "opt.h"

typedef struct cli_command {
	const char *name;
	cli_command_fn run;          /* gets the positional arguments: the spec took the options */
	const cli_help *help;        /* its texts, from cli/help/NAME.txt */
	const cli_opt *options;      /* the spec, ending with CLI_SPEC_END */
	const char *args;            /* the positional arguments for the usage ("FILE..."), or NULL */
	int min_args, max_args;      /* how many there may be; max -1: any number */
	const cli_verb *verbs;       /* the subcommands, ending with { NULL }; NULL for none */
	unsigned flags;              /* enum cli_command_flag */
	const char *verb_noun;       /* what a subcommand is called in errors (default "subcommand") */
	const char *verb_missing;    /* the error without one (default "missing subcommand") */
	const struct cli_job *job;   /* the whole command when run is NULL (run.h) */
} cli_command;

enum cli_command_flag {
	CLI_CMD_VERBS_INLINE = 1 << 0, /* one usage line "list|get KEY|...", not one per subcommand */
	CLI_CMD_NO_STORE = 1 << 1      /* uses no store: --db is accepted but not shown */
};

/* One per cmd/ file (some hold a group). */
extern const cli_command cli_cmd_init;
extern const cli_command cli_cmd_ingest;
extern const cli_command cli_cmd_imports;
extern const cli_command cli_cmd_workouts;
extern const cli_command cli_cmd_sample;
extern const cli_command cli_cmd_watch;
extern const cli_command cli_cmd_era;
extern const cli_command cli_cmd_consistency;
extern const cli_command cli_cmd_train;
extern const cli_command cli_cmd_classify;
extern const cli_command cli_cmd_explain;
extern const cli_command cli_cmd_model;
extern const cli_command cli_cmd_label;
extern const cli_command cli_cmd_unlabel;
extern const cli_command cli_cmd_corrections;
extern const cli_command cli_cmd_accuracy;
extern const cli_command cli_cmd_config;
extern const cli_command cli_cmd_brief;
extern const cli_command cli_cmd_dashboard;
extern const cli_command cli_cmd_report;      /* the old name of dashboard */
extern const cli_command cli_cmd_anomalies;
extern const cli_command cli_cmd_trends;
extern const cli_command cli_cmd_forecast;
extern const cli_command cli_cmd_records;
extern const cli_command cli_cmd_summary;
extern const cli_command cli_cmd_sql;
extern const cli_command cli_cmd_query;
extern const cli_command cli_cmd_history;
extern const cli_command cli_cmd_export;
extern const cli_command cli_cmd_import_archive;
extern const cli_command cli_cmd_completion;

/* The command called @name, or NULL. */
const cli_command *cli_command_find(const char *name);

/* The NULL-terminated list of every command, in help order. */
const cli_command *const *cli_command_list(void);

/* Print the full help of @cmd on stdout. */
void cli_command_help(const cli_command *cmd);

/* Print "usage: ..." and "Try 'fitintel CMD --help'." for @cmd (NULL: the main usage) on
 * stderr. */
void cli_command_short_usage(const cli_command *cmd);

/* The exit-code paragraph shared by every help text. */
#define CLI_HELP_EXIT_CODES \
	"Exit codes:\n" \
	"  0  success\n" \
	"  1  error (I/O, store, interrupted)\n" \
	"  2  usage error (unknown command or option, missing argument)\n" \
	"  3  input rejected (rows rejected under the strict policy, missing columns,\n" \
	"     text that is not UTF-8)\n"

#endif
