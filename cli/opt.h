/* One option spec per command, after libgit2's src/cli/opt.h: a static array of descriptors that
 * drives the parsing, the usage line, the options part of --help and the shell completion, so
 * that each option is written once. Values are checked where they are parsed, with one wording
 * for every command ("--limit needs a whole number >= 0, not 'x'"). */
#ifndef FITINTEL_CLI_OPT_H
#define FITINTEL_CLI_OPT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

/* What an option takes, and so the type of what its value points to. */
typedef enum cli_opt_kind {
	CLI_OPT_END = 0,  /* ends the spec */
	CLI_OPT_FLAG,     /* bool: set when given */
	CLI_OPT_SWITCH,   /* int: set to switch_value when given (--progress, --no-progress) */
	CLI_OPT_STRING,   /* const char *: the text as given */
	CLI_OPT_INT,      /* int64_t: a whole number from min to max */
	CLI_OPT_UINT,     /* uint64_t: any whole number >= 0 (seeds) */
	CLI_OPT_DOUBLE,   /* double: a number from min to max (above min with CLI_OPT_ABOVE_MIN) */
	CLI_OPT_DATE,     /* char[11]: any date form fi_date_parse() reads, kept as YYYY-MM-DD */
	CLI_OPT_LABEL,    /* int: a label fi_label_parse() reads */
	CLI_OPT_ENUM,     /* int: the value of the choice named */
	CLI_OPT_CUSTOM,   /* whatever parse() writes (metric lists, a forecast series) */
	CLI_OPT_NOTE      /* not an option: a line of the help (sql's "-") */
} cli_opt_kind;

enum cli_opt_flag {
	CLI_OPT_REPEAT = 1 << 0,     /* may be given again: "[--metric M]..." */
	CLI_OPT_REQUIRED = 1 << 1,   /* must be given: no brackets in the usage */
	CLI_OPT_ABOVE_MIN = 1 << 2   /* DOUBLE: min itself is refused */
};

typedef struct cli_choice {
	const char *name;
	int value;        /* a later name with the same value is an alias: accepted, not listed */
} cli_choice;

/* Parse @text into @value; false when it is not acceptable (with fi_error_last() set by the
 * library's parser when the spec has no expect text). */
typedef bool (*cli_opt_parse_fn)(const char *text, void *value);

typedef struct cli_opt {
	cli_opt_kind kind;
	const char *name;           /* the long name without "--"; NOTE: the head of the help line */
	char alias;                 /* the short letter, or 0 */
	unsigned flags;             /* enum cli_opt_flag */
	void *value;                /* where the value goes (its type: see cli_opt_kind) */
	const char *value_name;     /* "N", "PATH"; NULL for flags */
	const char *help;           /* lines of help; NULL: shares the next one's ("--from D, --to D") */
	double min, max;            /* INT, DOUBLE: the range; max CLI_NO_MAX: none */
	const char *unit;           /* DOUBLE: what the number is ("seconds"); NULL: "a number" */
	const cli_choice *choices;  /* ENUM: the names, ending with { NULL } */
	cli_opt_parse_fn parse;     /* CUSTOM */
	const char *expect;         /* CUSTOM: what it takes, for the error; NULL: the library's message */
	const char *hint;           /* CUSTOM: after the library's message (", or count"), or NULL */
	const char *words;          /* CUSTOM: values to complete, separated by spaces */
	const char *verbs;          /* the subcommands it goes with, separated by spaces; NULL: all */
	int switch_value;           /* SWITCH: what it sets */
	bool *given;                /* set when the option is given, or NULL (for values with no "unset") */
} cli_opt;

#define CLI_NO_MAX 1e300

/* A subcommand (`era add`), listed in the usage and completed. */
typedef struct cli_verb {
	const char *name;
	const char *args;           /* its arguments for the usage ("DATE NAME"), or NULL */
	const char *alias;          /* another name it answers to ("rm"), or NULL */
} cli_verb;

/* The same entry in every command that prints JSON. (--db and --help are in every spec without
 * being written: the parser adds them.) */
#define CLI_SPEC_JSON(var, text) { CLI_OPT_FLAG, "json", .value = (var), .help = (text) }
#define CLI_SPEC_END { .kind = CLI_OPT_END }

/* The label names fi_label_parse() reads, for completion. */
#define CLI_LABEL_WORDS "real_run pup_walk mixed outlier other run walk"
/* The metric names fi_metric_parse() reads, for completion. */
#define CLI_METRIC_WORDS "pace distance duration calories steps cadence heart_rate speed max_pace max_speed"

struct cli_ctx;
struct cli_command;

/* Parse the options of @cmd in @argv (argv[0] is the command's name) by its spec, and check the
 * positional arguments against it (count, subcommand, options that go with another subcommand).
 * -h/--help prints the help. On success *@pos and *@npos are the positional arguments.
 * @return -1 to go on, else the exit code to return (help printed, usage error reported). */
int cli_opt_parse(struct cli_ctx *ctx, const struct cli_command *cmd, int argc, char **argv,
		  char ***pos, int *npos);

/* The subcommand @name of @cmd (by name or alias), or NULL. */
const cli_verb *cli_verb_find(const struct cli_command *cmd, const char *name);

/* Write the usage lines of @cmd ("usage: fitintel NAME ...") to @f. */
void cli_opt_usage(FILE *f, const struct cli_command *cmd);

/* Write the "Options:" lines of @cmd's spec (then --db and -h, --help) to @f. */
void cli_opt_help(FILE *f, const struct cli_command *cmd);

#endif
