/* A command's help texts. They are written in cli/help/NAME.txt; the build turns those into
 * help_texts.c, one `cli_help_NAME` per file (cli/help/embed.py says the format). */
#ifndef FITINTEL_CLI_HELP_H
#define FITINTEL_CLI_HELP_H

typedef struct cli_help {
	const char *summary;         /* one line for `fitintel --help` */
	const char *about;           /* the help between the summary and the options */
	const char *notes;           /* the help after the options, or NULL */
	const char *exit_codes;      /* the exit-code paragraph; NULL: CLI_HELP_EXIT_CODES */
	const char *more_exit_codes; /* printed after it, or NULL */
	const char *examples;        /* command lines, one per line ("  " for a continued one) */
} cli_help;

#endif
