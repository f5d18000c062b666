/* cli_args_parse(): the shared option loop of the simple commands. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"

enum { OPT_DB = 1000, OPT_JSON, OPT_EXTRA };

int cli_args_parse(cli_ctx *ctx, const cli_command *cmd, int argc, char **argv,
		   const cli_extra *extras, size_t n_extras, int min, int max, cli_args *out)
{
	struct option options[16];
	size_t n = 0;
	options[n++] = (struct option){ "db", required_argument, NULL, OPT_DB };
	options[n++] = (struct option){ "json", no_argument, NULL, OPT_JSON };
	options[n++] = (struct option){ "help", no_argument, NULL, 'h' };
	for (size_t i = 0; i < n_extras && n < CLI_ARRAY_LEN(options) - 1; i++)
		options[n++] = (struct option){ extras[i].name, extras[i].value ? required_argument : no_argument,
						NULL, OPT_EXTRA + (int)i };
	options[n] = (struct option){ NULL, 0, NULL, 0 };
	memset(out, 0, sizeof *out);
	cli_getopt_reset();
	int c;
	while ((c = getopt_long(argc, argv, ":h", options, NULL)) != -1) {
		if (c == OPT_DB) {
			ctx->db_path = optarg;
		} else if (c == OPT_JSON) {
			out->json = true;
		} else if (c == 'h') {
			cli_command_help(cmd);
			return CLI_EXIT_OK;
		} else if (c >= OPT_EXTRA && c < OPT_EXTRA + (int)n_extras) {
			const cli_extra *e = &extras[c - OPT_EXTRA];
			if (e->value)
				*e->value = optarg;
			if (e->flag)
				*e->flag = true;
		} else {
			return cli_getopt_failure(cmd->name, c, argv);
		}
	}
	out->positional = argv + optind;
	out->count = argc - optind;
	if (out->count < min)
		return cli_usage_error(cmd->name, "missing argument");
	if (out->count > max)
		return cli_usage_error(cmd->name, "unexpected argument '%s'", out->positional[max]);
	return -1;
}

int cli_print_json(int rc, char *json, const char *what)
{
	if (rc != FI_OK) {
		cli_lib_error(rc, what);
		return CLI_EXIT_ERROR;
	}
	fputs(json, stdout);
	fputc('\n', stdout);
	fi_free(json);
	return CLI_EXIT_OK;
}
