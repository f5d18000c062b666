/* Shared helpers of the `fitintel` command: errors, exit codes, the store, argument parsing. */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "common.h"

void cli_error(const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fputs("fitintel: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

int cli_usage_error(const char *command, const char *fmt, ...)
{
	const cli_command *cmd = command ? cli_command_find(command) : NULL;
	va_list ap;

	fflush(stdout);
	fputs("fitintel: ", stderr);
	if (cmd)
		fprintf(stderr, "%s: ", cmd->name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	cli_command_short_usage(cmd);
	return CLI_EXIT_USAGE;
}

/* True when @msg already names the file (the library often puts "FILE:LINE: " in front). */
static bool has_location(const char *msg, const char *file)
{
	return strstr(msg, file) != NULL;
}

void cli_lib_error(int rc, const char *what)
{
	const fi_error *e = fi_error_last();
	const char *msg;

	if (e->code != rc || !e->message || !e->message[0]) {
		/* The record belongs to another call: say only what we know. */
		if (what)
			cli_error("%s: %s", what, fi_strerror(rc));
		else
			cli_error("%s", fi_strerror(rc));
		return;
	}
	msg = e->message;
	if (rc == FI_EPARSE && e->file && e->file[0] && !has_location(msg, e->file)) {
		if (e->line > 0 && e->field && e->field[0])
			cli_error("%s:%ld: %s: %s", e->file, e->line, e->field, msg);
		else if (e->line > 0)
			cli_error("%s:%ld: %s", e->file, e->line, msg);
		else
			cli_error("%s: %s", e->file, msg);
		return;
	}
	cli_error("%s", msg);
}

int cli_exit_for_status(int rc)
{
	if (rc == FI_OK)
		return CLI_EXIT_OK;
	if (rc == FI_EPARSE)
		return CLI_EXIT_REJECTED;
	return CLI_EXIT_ERROR;
}

static int severity(int code)
{
	switch (code) {
	case CLI_EXIT_OK: return 0;
	case CLI_EXIT_REJECTED: return 1;
	case CLI_EXIT_ERROR: return 2;
	default: return 3;
	}
}

int cli_exit_worse(int a, int b)
{
	return severity(a) >= severity(b) ? a : b;
}

int cli_open_store(const cli_ctx *ctx, bool readonly, fi_store **out)
{
	fi_store_params opts = FI_STORE_PARAMS_INIT;
	int rc;

	*out = NULL;
	if (readonly)
		opts.flags |= FI_STORE_READONLY;
	rc = fi_store_open(ctx->db_path, &opts, out);
	if (rc != FI_OK) {
		char *path = NULL;
		const char *shown = ctx->db_path;

		if (!shown && fi_store_default_path(&path) == FI_OK)
			shown = path;
		if (fi_error_last()->code == rc && shown && strstr(fi_error_last()->message, shown))
			cli_error("%s", fi_error_last()->message);
		else if (fi_error_last()->code == rc)
			cli_error("cannot open the store %s: %s", shown ? shown : "(no default path)",
				  fi_error_last()->message);
		else
			cli_error("cannot open the store %s: %s", shown ? shown : "(no default path)",
				  fi_strerror(rc));
		fi_free(path);
		*out = NULL;
	}
	return rc;
}

void cli_getopt_reset(void)
{
	optind = 0; /* glibc: 0 re-initialises the scanner completely */
	opterr = 0; /* we print our own messages */
}

int cli_getopt_failure(const char *command, int c, char **argv)
{
	const char *arg = (optind > 0) ? argv[optind - 1] : "";
	int len;

	if (arg && strncmp(arg, "--", 2) == 0) {
		/* A long option: name it as written, without any "=value". */
		len = (int)strcspn(arg, "=");
		if (c == ':')
			return cli_usage_error(command, "option '%.*s' needs an argument", len, arg);
		if (optopt)
			return cli_usage_error(command, "option '%.*s' takes no argument", len, arg);
		return cli_usage_error(command, "unknown option '%.*s'", len, arg);
	}
	if (c == ':')
		return cli_usage_error(command, "option '-%c' needs an argument", optopt);
	return cli_usage_error(command, "unknown option '-%c'", optopt);
}

bool cli_parse_i64(const char *s, int64_t min, int64_t max, int64_t *out)
{
	char *end = NULL;
	long long v;

	if (!s || !*s)
		return false;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno || !end || *end || end == s)
		return false;
	if (v < min || v > max)
		return false;
	*out = (int64_t)v;
	return true;
}

bool cli_parse_u64(const char *s, uint64_t *out)
{
	char *end = NULL;
	unsigned long long v;

	if (!s || *s < '0' || *s > '9')
		return false;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || !end || *end)
		return false;
	*out = (uint64_t)v;
	return true;
}

const cli_choice cli_policies[] = {
	{ "strict", FI_INGEST_STRICT }, { "skip", FI_INGEST_SKIP }, { NULL, 0 }
};

bool cli_parse_date(const char *s, char iso[11])
{
	return s && fi_date_parse(s, strlen(s), iso) == FI_OK;
}

const char *cli_basename(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (!slash)
		return path;
	if (slash[1])
		return slash + 1;
	return path;
}
