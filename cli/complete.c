/* `fitintel completion bash|zsh`: a completion script written from the commands' option specs,
 * so that it knows every command, option, subcommand and enum value the parser does. */
#include <stdio.h>
#include <string.h>

#include "commands.h"

/* The words a value of @o can be completed with (nothing when there are none). */
static void value_words(FILE *f, const cli_opt *o)
{
	if (o->kind == CLI_OPT_ENUM)
		for (const cli_choice *c = o->choices; c->name; c++)
			fprintf(f, "%s%s", c == o->choices ? "" : " ", c->name);
	else if (o->kind == CLI_OPT_LABEL)
		fputs(CLI_LABEL_WORDS, f);
	else if (o->words)
		fputs(o->words, f);
}

static bool names_files(const char *value_name)
{
	return value_name && (strstr(value_name, "FILE") || strstr(value_name, "PATH"));
}

/* One `case $prev in` branch per option that takes a value: its words, files, or nothing. */
static void value_cases(FILE *f, const cli_command *cmd)
{
	fputs("\t\tcase $prev in\n", f);
	for (const cli_opt *o = cmd->options; o && o->kind; o++) {
		if (o->kind == CLI_OPT_FLAG || o->kind == CLI_OPT_SWITCH || o->kind == CLI_OPT_NOTE)
			continue;
		fprintf(f, "\t\t--%s", o->name);
		if (o->alias)
			fprintf(f, "|-%c", o->alias);
		if (o->kind == CLI_OPT_ENUM || o->kind == CLI_OPT_LABEL || o->words) {
			fputs(") COMPREPLY=($(compgen -W '", f);
			value_words(f, o);
			fputs("' -- \"$cur\")); return ;;\n", f);
		} else if (names_files(o->value_name)) {
			fputs(") COMPREPLY=($(compgen -f -- \"$cur\")); return ;;\n", f);
		} else {
			fputs(") COMPREPLY=(); return ;;\n", f);
		}
	}
	fputs("\t\t--db) COMPREPLY=($(compgen -f -- \"$cur\")); return ;;\n"
	      "\t\tesac\n", f);
}

/* "-o --output " */
static void option_names(FILE *f, const cli_opt *o)
{
	if (o->alias)
		fprintf(f, "-%c ", o->alias);
	fprintf(f, "--%s ", o->name);
}

static void command_case(FILE *f, const cli_command *cmd)
{
	const char *args = cmd->args ? cmd->args : "";

	fprintf(f, "\t%s)\n\t\topts='", cmd->name);
	for (const cli_opt *o = cmd->options; o && o->kind; o++)
		if (o->kind != CLI_OPT_NOTE)
			option_names(f, o);
	if (!(cmd->flags & CLI_CMD_NO_STORE))
		fputs("--db ", f);
	fputs("--help'\n\t\ttakes='--db ", f);
	for (const cli_opt *o = cmd->options; o && o->kind; o++)
		if (o->kind != CLI_OPT_FLAG && o->kind != CLI_OPT_SWITCH && o->kind != CLI_OPT_NOTE)
			option_names(f, o);   /* a trailing space: the script matches " $takes " */
	fputs("'\n", f);
	if (cmd->verbs) {
		fputs("\t\tverbs='", f);
		for (const cli_verb *v = cmd->verbs; v->name; v++)
			fprintf(f, "%s%s", v == cmd->verbs ? "" : " ", v->name);
		fputs("'\n", f);
	}
	if (strstr(args, "DIR"))
		fputs("\t\tfiles=-d\n", f);
	else if (strstr(args, "FILE"))
		fputs("\t\tfiles=-f\n", f);
	value_cases(f, cmd);
	fputs("\t\t;;\n", f);
}

static void bash_script(FILE *f)
{
	const cli_command *const *list = cli_command_list();

	fputs("# fitintel completion for bash, written by `fitintel completion bash` from the\n"
	      "# commands' option specs. Load it with: source <(fitintel completion bash)\n"
	      "_fitintel()\n"
	      "{\n"
	      "\tlocal cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}\n"
	      "\tlocal cmd= i opts= takes= verbs= files= npos=0 skip=\n"
	      "\t# the command: the first word that is neither an option nor the value of --db\n"
	      "\tfor ((i = 1; i < COMP_CWORD; i++)); do\n"
	      "\t\tcase ${COMP_WORDS[i]} in\n"
	      "\t\t--db) ((i++)) ;;\n"
	      "\t\t-*) ;;\n"
	      "\t\t*) cmd=${COMP_WORDS[i]}; break ;;\n"
	      "\t\tesac\n"
	      "\tdone\n"
	      "\tif [[ -z $cmd ]]; then\n"
	      "\t\tcase $prev in\n"
	      "\t\t--db) COMPREPLY=($(compgen -f -- \"$cur\")); return ;;\n"
	      "\t\tesac\n"
	      "\t\tif [[ $cur == -* ]]; then\n"
	      "\t\t\tCOMPREPLY=($(compgen -W '--db --help --version' -- \"$cur\"))\n"
	      "\t\telse\n"
	      "\t\t\tCOMPREPLY=($(compgen -W 'help", f);
	for (size_t i = 0; list[i]; i++)
		fprintf(f, " %s", list[i]->name);
	fputs("' -- \"$cur\"))\n"
	      "\t\tfi\n"
	      "\t\treturn\n"
	      "\tfi\n"
	      "\tcase $cmd in\n"
	      "\thelp)\n"
	      "\t\tverbs='", f);
	for (size_t i = 0; list[i]; i++)
		fprintf(f, "%s%s", i ? " " : "", list[i]->name);
	fputs("'\n\t\t;;\n", f);
	for (size_t i = 0; list[i]; i++)
		command_case(f, list[i]);
	fputs("\t*)\n"
	      "\t\treturn\n"
	      "\t\t;;\n"
	      "\tesac\n"
	      "\tif [[ $cur == -* ]]; then\n"
	      "\t\tCOMPREPLY=($(compgen -W \"$opts\" -- \"$cur\"))\n"
	      "\t\treturn\n"
	      "\tfi\n"
	      "\t# how many arguments stand before this one, to tell a subcommand from its arguments\n"
	      "\tfor ((i = i + 1; i < COMP_CWORD; i++)); do\n"
	      "\t\tif [[ -n $skip ]]; then\n"
	      "\t\t\tskip=\n"
	      "\t\telif [[ \" $takes \" == *\" ${COMP_WORDS[i]} \"* ]]; then\n"
	      "\t\t\tskip=1\n"
	      "\t\telif [[ ${COMP_WORDS[i]} != -* ]]; then\n"
	      "\t\t\t((npos++))\n"
	      "\t\tfi\n"
	      "\tdone\n"
	      "\tif [[ -n $verbs && $npos == 0 ]]; then\n"
	      "\t\tCOMPREPLY=($(compgen -W \"$verbs\" -- \"$cur\"))\n"
	      "\telif [[ -n $files ]]; then\n"
	      "\t\tCOMPREPLY=($(compgen $files -- \"$cur\"))\n"
	      "\telse\n"
	      "\t\tCOMPREPLY=()\n"
	      "\tfi\n"
	      "}\n"
	      "complete -F _fitintel fitintel\n", f);
}

static int run(cli_ctx *ctx, int argc, char **argv)
{
	(void)ctx, (void)argc;
	if (strcmp(argv[0], "zsh") == 0)
		/* zsh runs the bash function through its bash emulation */
		fputs("#compdef fitintel\n"
		      "autoload -U +X bashcompinit && bashcompinit\n", stdout);
	bash_script(stdout);
	return CLI_EXIT_OK;
}

static const cli_verb shells[] = { { "bash", NULL, NULL }, { "zsh", NULL, NULL }, { NULL, NULL, NULL } };

const cli_command cli_cmd_completion = {
	.name = "completion", .run = run, .min_args = 1, .max_args = 1, .verbs = shells,
	.help = &cli_help_completion,
	.flags = CLI_CMD_VERBS_INLINE | CLI_CMD_NO_STORE, .verb_noun = "shell",
	.verb_missing = "missing shell",
};
