/* Argument parsing for the commands whose only options are --db, --json and --help, plus a few
 * of their own: one call instead of a getopt loop in every file. */
#ifndef FITINTEL_CLI_ARGS_H
#define FITINTEL_CLI_ARGS_H

#include <stdbool.h>
#include <stddef.h>

#include "commands.h"

/* An extra option "--name VALUE" (or a flag, when @value is NULL and @flag is set). */
typedef struct cli_extra {
	const char *name;
	const char **value;   /* receives the argument */
	bool *flag;           /* set when the option is present */
} cli_extra;

typedef struct cli_args {
	bool json;
	char **positional;
	int count;
} cli_args;

/* Parse argv for @cmd: --db, --json, -h/--help and @extras (n_extras of them); between @min and
 * @max positional arguments. Returns -1 to go on, or the exit code to return (help printed,
 * usage error reported). */
int cli_args_parse(cli_ctx *ctx, const cli_command *cmd, int argc, char **argv,
		   const cli_extra *extras, size_t n_extras, int min, int max, cli_args *out);

/* Print a library JSON document (from a *_to_json call that returned @rc) on stdout; on failure
 * report it. Frees @json. Returns an exit code. */
int cli_print_json(int rc, char *json, const char *what);

#endif
