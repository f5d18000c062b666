/* `fitintel dashboard`: the single-file HTML dashboard (`fitintel report` is its old name, kept
 * for scripts). The page is drawn by the Python package (fitintel.dashboard: the views, Plotly
 * figures), so after checking its arguments the command replaces itself with the interpreter
 * chosen at build time (FI_PYTHON), without a shell. */
#include <errno.h>
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
	"build fitintel with -Dpython_exe=$(tools/setup-venv) (the project's .venv/, with pandas " \
	"and plotly from requirements.txt), or pip install '.[dashboard]' into the venv of the " \
	"Python it was built for"

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

/* Imports the package first so that a missing one is reported in words, not as a traceback.
 * sys.argv[1] is the name the command was called by, for the messages. */
static const char launcher[] =
	"import sys\n"
	"try:\n"
	"    import fitintel.dashboard as d\n"
	"except ImportError as e:\n"
	"    sys.stderr.write(\"fitintel: %s: the Python package cannot be loaded (%s): \"\n"
	"                     \"" INSTALL_HINT "\\n\" % (sys.argv[1], e))\n"
	"    sys.exit(1)\n"
	"sys.exit(d.main(sys.argv[2:], prog=\"fitintel \" + sys.argv[1]))\n";

static struct {
	const char *output;
	int64_t days;
	char at[11];
} a;

/* The command under @name, the one the user typed: "dashboard" or its old name "report". */
static int launch(cli_ctx *ctx, const char *name)
{
	char days[32];
	if (!*a.output)
		return cli_usage_error(name, "missing -o FILE (the HTML file to write)");
	if (FI_PYTHON[0] == '\0' || access(FI_PYTHON, X_OK) != 0) {
		cli_error("%s: the HTML dashboard needs Python 3 (%s): " INSTALL_HINT, name,
			  FI_PYTHON[0] ? FI_PYTHON : "none was found when fitintel was built");
		return CLI_EXIT_ERROR;
	}
	use_build_tree_package();

	const char *args[16];
	int k = 0;
	args[k++] = FI_PYTHON;
	args[k++] = "-c";
	args[k++] = launcher;
	args[k++] = name;
	if (ctx->db_path) {
		args[k++] = "--db";
		args[k++] = ctx->db_path;
	}
	args[k++] = "--output";
	args[k++] = a.output;
	if (a.days) {
		snprintf(days, sizeof days, "%lld", (long long)a.days);
		args[k++] = "--days";
		args[k++] = days;
	}
	if (a.at[0]) {
		args[k++] = "--at";
		args[k++] = a.at;
	}
	args[k] = NULL;
	fflush(stdout);
	fflush(stderr);
	execv(FI_PYTHON, (char *const *)args);
	cli_error("%s: cannot run %s: %s; " INSTALL_HINT, name, FI_PYTHON, strerror(errno));
	return CLI_EXIT_ERROR;
}

static int run_dashboard(cli_ctx *ctx, int argc, char **argv)
{
	(void)argc, (void)argv;
	return launch(ctx, "dashboard");
}

static int run_report(cli_ctx *ctx, int argc, char **argv)
{
	(void)argc, (void)argv;
	return launch(ctx, "report");
}

static const cli_opt options[] = {
	{ CLI_OPT_STRING, "output", 'o', CLI_OPT_REQUIRED, .value = &a.output, .value_name = "FILE",
	  .help = "the HTML file to write (required)" },
	{ CLI_OPT_INT, "days", .value = &a.days, .min = 1, .max = 36600, .value_name = "N",
	  .help = "period of the briefing and the hub (default: the store's\nbrief.days, 30)" },
	{ CLI_OPT_DATE, "at", .value = a.at, .value_name = "DATE",
	  .help = "last day of the period (default: today, or the latest\nworkout's day when the data is older)" },
	CLI_SPEC_END
};

const cli_command cli_cmd_dashboard = {
	.name = "dashboard", .run = run_dashboard, .options = options,
	.help = &cli_help_dashboard,
};

/* The old name: the same options and page; its messages name `report`, as typed. */
const cli_command cli_cmd_report = {
	.name = "report", .run = run_report, .options = options,
	.help = &cli_help_report,
};
