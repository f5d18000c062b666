/* Shared by every subcommand of the `fitintel` command: exit codes, the invocation context,
 * opening the store, reporting errors the way the command always does, and argument parsing
 * helpers. The command uses only the public API of libfitintel. */
#ifndef FITINTEL_CLI_COMMON_H
#define FITINTEL_CLI_COMMON_H

#include <stdbool.h>
#include <stdint.h>

#include "fitintel.h"
#include "opt.h"

#if defined(__GNUC__)
#  define CLI_PRINTF(fmt, args) __attribute__((format(printf, fmt, args)))
#else
#  define CLI_PRINTF(fmt, args)
#endif

#define CLI_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* Exit codes; documented in `fitintel --help`. */
enum cli_exit {
	CLI_EXIT_OK = 0,       /* everything worked */
	CLI_EXIT_ERROR = 1,    /* I/O, store or other failure */
	CLI_EXIT_USAGE = 2,    /* bad command line */
	CLI_EXIT_REJECTED = 3  /* input refused (FI_EPARSE: rejected rows, missing columns, encoding) */
};

/* What every subcommand receives. */
typedef struct cli_ctx {
	const char *db_path;   /* --db, or NULL for the library's default path */
} cli_ctx;

/* A subcommand, called with its positional arguments once its options are parsed (into the
 * places its spec names); returns an exit code. */
typedef int (*cli_command_fn)(cli_ctx *ctx, int argc, char **argv);

/* Print "fitintel: <message>" on stderr. */
void cli_error(const char *fmt, ...) CLI_PRINTF(1, 2);

/* Print "fitintel: <command>: <message>" and the command's short usage on stderr; returns
 * CLI_EXIT_USAGE so callers can `return cli_usage_error(...)`. */
int cli_usage_error(const char *command, const char *fmt, ...) CLI_PRINTF(2, 3);

/* Print the library's last error for a call that returned @rc as "fitintel: <message>", with
 * "file:line: field: " in front for FI_EPARSE when the error has them. @what (may be NULL) says
 * what was being done when the error has no better detail. */
void cli_lib_error(int rc, const char *what);

/* The exit code for a library status: 0 for FI_OK, 3 for FI_EPARSE, 1 otherwise. */
int cli_exit_for_status(int rc);

/* Combine two exit codes: the more serious one wins (usage > error > rejected > ok). */
int cli_exit_worse(int a, int b);

/* Open the store at ctx->db_path (NULL: the library's default); prints the error itself.
 * @return FI_OK or the library's status. */
int cli_open_store(const cli_ctx *ctx, bool readonly, fi_store **out);

/* ---- argument parsing (getopt_long) ---- */

/* Reset getopt for a fresh parse of a subcommand's argv. */
void cli_getopt_reset(void);

/* Report a getopt_long failure (c == '?' or ':') for @command and return CLI_EXIT_USAGE. */
int cli_getopt_failure(const char *command, int c, char **argv);

/* Parse a whole decimal integer in [min, max]; false on anything else. */
bool cli_parse_i64(const char *s, int64_t min, int64_t max, int64_t *out);
bool cli_parse_u64(const char *s, uint64_t *out);

/* The names of the fi_ingest_policy values, for --policy. */
extern const cli_choice cli_policies[];

/* Parse a date in any form fi_date_parse() accepts into "YYYY-MM-DD". */
bool cli_parse_date(const char *s, char iso[11]);

/* The last path component of @path (borrowed from @path). */
const char *cli_basename(const char *path);

#endif
