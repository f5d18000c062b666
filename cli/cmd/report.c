/* `fitintel report`: the single-file HTML dashboard. The page is drawn by the Python package
 * (fitintel.report: the views, Plotly figures), so after checking its arguments the command
 * replaces itself with the interpreter chosen at build time (FI_PYTHON), without a shell. */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "commands.h"
#include "common.h"

#ifndef FI_PYTHON
#  define FI_PYTHON ""   /* no interpreter found at build time: the command says what to install */
#endif

#define INSTALL_HINT \
	"install Debian's python3, python3-pandas and python3-plotly and libfitintel's Python " \
	"bindings (built with SWIG and python3-dev, then meson install)"

/* Run from the build tree: <dir of the executable>/../bindings/python holds the package. Put
 * that directory first on PYTHONPATH so the command works without installing. */
static void use_build_tree_package(void)
{
	char exe[PATH_MAX], dir[PATH_MAX + 64], probe[PATH_MAX + 96];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n <= 0)
		return;
	exe[n] = '\0';
	char *slash = strrchr(exe, '/');
	if (!slash)
		return;
	*slash = '\0';
	snprintf(dir, sizeof dir, "%s/../bindings/python", exe);
	snprintf(probe, sizeof probe, "%s/fitintel/__init__.py", dir);
	if (access(probe, R_OK) != 0)
		return;
	const char *old = getenv("PYTHONPATH");
	if (old && *old) {
		size_t len = strlen(dir) + strlen(old) + 2;
		char *both = malloc(len);
		if (!both)
			return;
		snprintf(both, len, "%s:%s", dir, old);
		setenv("PYTHONPATH", both, 1);
		free(both);   /* setenv copied it */
	} else {
		setenv("PYTHONPATH", dir, 1);
	}
}

/* Imports the package first so that a missing one is reported in words, not as a traceback. */
static const char launcher[] =
	"import sys\n"
	"try:\n"
	"    import fitintel.report as r\n"
	"except ImportError as e:\n"
	"    sys.stderr.write(\"fitintel: report: the Python package cannot be loaded (%s): \"\n"
	"                     \"" INSTALL_HINT "\\n\" % e)\n"
	"    sys.exit(1)\n"
	"sys.exit(r.main(sys.argv[1:]))\n";

static int run(cli_ctx *ctx, int argc, char **argv)
{
	static const struct option options[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "output", required_argument, NULL, 'o' },
		{ "days", required_argument, NULL, 'n' },
		{ "at", required_argument, NULL, 'a' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *output = NULL, *days = NULL, *at = NULL;
	char at_iso[11];
	int c;

	cli_getopt_reset();
	while ((c = getopt_long(argc, argv, ":ho:", options, NULL)) != -1) {
		switch (c) {
		case 'd':
			ctx->db_path = optarg;
			break;
		case 'o':
			output = optarg;
			break;
		case 'n':
			days = optarg;
			break;
		case 'a':
			at = optarg;
			break;
		case 'h':
			cli_command_help(&cli_cmd_report);
			return CLI_EXIT_OK;
		default:
			return cli_getopt_failure("report", c, argv);
		}
	}
	if (optind < argc)
		return cli_usage_error("report", "unexpected argument '%s'", argv[optind]);
	if (!output || !*output)
		return cli_usage_error("report", "missing -o FILE (the HTML file to write)");
	int64_t n;
	if (days && !cli_parse_i64(days, 1, 36600, &n))
		return cli_usage_error("report", "--days must be a whole number from 1 to 36600");
	if (at && !cli_parse_date(at, at_iso))
		return cli_usage_error("report", "--at: '%s' is not a date", at);

	if (FI_PYTHON[0] == '\0' || access(FI_PYTHON, X_OK) != 0) {
		cli_error("report: the HTML report needs Python 3 (%s): " INSTALL_HINT,
			  FI_PYTHON[0] ? FI_PYTHON : "none was found when fitintel was built");
		return CLI_EXIT_ERROR;
	}
	use_build_tree_package();

	const char *args[16];
	int k = 0;
	args[k++] = FI_PYTHON;
	args[k++] = "-c";
	args[k++] = launcher;
	if (ctx->db_path) {
		args[k++] = "--db";
		args[k++] = ctx->db_path;
	}
	args[k++] = "--output";
	args[k++] = output;
	if (days) {
		args[k++] = "--days";
		args[k++] = days;
	}
	if (at) {
		args[k++] = "--at";
		args[k++] = at_iso;
	}
	args[k] = NULL;
	fflush(stdout);
	fflush(stderr);
	execv(FI_PYTHON, (char *const *)args);
	cli_error("report: cannot run %s: %s; " INSTALL_HINT, FI_PYTHON, strerror(errno));
	return CLI_EXIT_ERROR;
}

const cli_command cli_cmd_report = {
	"report", run,
	"write the single-file HTML dashboard (every view, offline)",
	"fitintel report -o FILE [--days N] [--at DATE] [--db PATH]",
	"\n"
	"Writes one self-contained HTML file: the briefing and every view of the\n"
	"dashboards (intelligence hub, The Choco Effect, monthly dashboard, trends,\n"
	"saved SQL queries and history, model management, history) with interactive\n"
	"charts. plotly.js is inlined: the file opens offline and makes no network\n"
	"request. The file is replaced whole (written to a temporary file, then\n"
	"renamed).\n"
	"\n"
	"The page is drawn by libfitintel's Python package (fitintel.report), run\n"
	"with the interpreter found at build time; from a build tree the package of\n"
	"that tree is used. It needs python3-pandas and python3-plotly.\n"
	"\n"
	"Options:\n"
	"  -o, --output FILE  the HTML file to write (required)\n"
	"  --days N         period of the briefing and the hub (default: the store's\n"
	"                   brief.days, 30)\n"
	"  --at DATE        last day of the period (default: today, or the latest\n"
	"                   workout's day when the data is older)\n"
	CLI_HELP_DB
	"\n"
	CLI_HELP_EXIT_CODES
	"\n"
	"Example:\n"
	"  fitintel report -o dashboard.html --days 90\n"
};
