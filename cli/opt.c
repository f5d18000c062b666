/* The option specs: parsing with getopt_long, typed values, the usage lines and the help. */
#include <getopt.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "opt.h"

#define USAGE_WIDTH 80
#define HELP_COLUMN 19   /* where the help of an option starts */
#define FIRST_INDEX 256  /* getopt_long's value for spec entry i: FIRST_INDEX + i */
#define DB_INDEX 255     /* getopt_long's value for --db */

/* --db, which every command takes: the global option, also accepted after the command. */
static const char db_help[] =
	"the store (default: $FITINTEL_DB, else\n"
	"$XDG_DATA_HOME/fitintel/fitintel.db, else\n"
	"~/.local/share/fitintel/fitintel.db)";

static bool takes_value(const cli_opt *o)
{
	return o->kind != CLI_OPT_FLAG && o->kind != CLI_OPT_SWITCH;
}

static bool is_option(const cli_opt *o)
{
	return o->kind != CLI_OPT_NOTE;
}

/* Whether @list (words separated by spaces) holds @word. */
static bool has_word(const char *list, const char *word)
{
	size_t n = strlen(word);

	for (const char *p = list; (p = strstr(p, word)) != NULL; p += n)
		if ((p == list || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
			return true;
	return false;
}

/* printf at @buf + *@len, which stays below @cap: the text is cut, never overrun. */
static void appendf(char *buf, size_t cap, size_t *len, const char *fmt, ...) CLI_PRINTF(4, 5);
static void appendf(char *buf, size_t cap, size_t *len, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (*len + 1 >= cap)
		return;
	va_start(ap, fmt);
	n = vsnprintf(buf + *len, cap - *len, fmt, ap);
	va_end(ap);
	if (n > 0)
		*len = *len + (size_t)n < cap ? *len + (size_t)n : cap - 1;
}

/* ---- lists: "a, b or c", "a|b|c" ---- */

/* Append @item, the @k-th of @total, to the list in @buf (@len long): @sep before it, or @last
 * before the last one. Returns the new length. */
static size_t join(char *buf, size_t cap, size_t len, size_t k, size_t total, const char *sep,
		   const char *last, const char *item)
{
	appendf(buf, cap, &len, "%s%s", k == 0 ? "" : k + 1 == total ? last : sep, item);
	return len;
}

/* Whether choice @i is an alias of an earlier one (accepted, not listed). */
static bool listed_before(const cli_choice *c, size_t i)
{
	for (size_t k = 0; k < i; k++)
		if (c[k].value == c[i].value)
			return true;
	return false;
}

/* The choices of @o in @buf, an alias left out. */
static const char *choice_list(char *buf, size_t cap, const cli_opt *o, const char *sep, const char *last)
{
	size_t len = 0, total = 0, k = 0;

	buf[0] = '\0';
	for (size_t i = 0; o->choices[i].name; i++)
		total += !listed_before(o->choices, i);
	for (size_t i = 0; o->choices[i].name; i++)
		if (!listed_before(o->choices, i))
			len = join(buf, cap, len, k++, total, sep, last, o->choices[i].name);
	return buf;
}

/* "a, b, c or d": the subcommands of @cmd. */
static const char *verb_list(char *buf, size_t cap, const cli_command *cmd)
{
	size_t len = 0, total = 0;

	buf[0] = '\0';
	while (cmd->verbs[total].name)
		total++;
	for (size_t k = 0; k < total; k++)
		len = join(buf, cap, len, k, total, ", ", " or ", cmd->verbs[k].name);
	return buf;
}

const cli_verb *cli_verb_find(const cli_command *cmd, const char *name)
{
	for (const cli_verb *v = cmd->verbs; v && v->name; v++)
		if (strcmp(v->name, name) == 0 || (v->alias && strcmp(v->alias, name) == 0))
			return v;
	return NULL;
}

/* ---- one value ---- */

static int bad_value(const cli_command *cmd, const cli_opt *o, const char *text)
{
	char what[160];
	int64_t lo = (int64_t)o->min;

	switch (o->kind) {
	case CLI_OPT_INT:
		if (o->max >= CLI_NO_MAX)
			snprintf(what, sizeof what, "a whole number >= %lld", (long long)lo);
		else
			snprintf(what, sizeof what, "a whole number from %lld to %lld", (long long)lo,
				 (long long)o->max);
		break;
	case CLI_OPT_UINT:
		snprintf(what, sizeof what, "a whole number >= 0");
		break;
	case CLI_OPT_DOUBLE:
		if (o->flags & CLI_OPT_ABOVE_MIN)
			snprintf(what, sizeof what, "%s above %.15g, at most %.15g", o->unit ? o->unit : "a number",
				 o->min, o->max);
		else
			snprintf(what, sizeof what, "%s from %.15g to %.15g", o->unit ? o->unit : "a number", o->min,
				 o->max);
		break;
	case CLI_OPT_DATE:
		snprintf(what, sizeof what, "a date such as 2025-10-07");
		break;
	case CLI_OPT_ENUM:
		/* "--per must be week or month, not 'day'" */
		return cli_usage_error(cmd->name, "--%s must be %s, not '%s'", o->name,
				       choice_list(what, sizeof what, o, ", ", " or "), text);
	default:
		if (o->expect)
			return cli_usage_error(cmd->name, "--%s must be %s, not '%s'", o->name, o->expect, text);
		/* the library's parser (labels, metrics) said what is wrong */
		return cli_usage_error(cmd->name, "--%s: %s%s", o->name, fi_error_last()->message,
				       o->hint ? o->hint : "");
	}
	return cli_usage_error(cmd->name, "--%s needs %s, not '%s'", o->name, what, text);
}

/* Store @text as the value of @o. Returns -1, or the usage error's exit code. */
static int set_value(const cli_command *cmd, const cli_opt *o, const char *text)
{
	int64_t i;
	double d;
	char *end = NULL;

	switch (o->kind) {
	case CLI_OPT_FLAG:
		*(bool *)o->value = true;
		return -1;
	case CLI_OPT_SWITCH:
		*(int *)o->value = o->switch_value;
		return -1;
	case CLI_OPT_STRING:
		*(const char **)o->value = text;
		return -1;
	case CLI_OPT_INT:
		if (!cli_parse_i64(text, (int64_t)o->min, o->max >= CLI_NO_MAX ? INT64_MAX : (int64_t)o->max, &i))
			return bad_value(cmd, o, text);
		*(int64_t *)o->value = i;
		return -1;
	case CLI_OPT_UINT:
		return cli_parse_u64(text, (uint64_t *)o->value) ? -1 : bad_value(cmd, o, text);
	case CLI_OPT_DOUBLE:
		d = strtod(text, &end);
		if (end == text || *end || isnan(d) || d < o->min || d > o->max ||
		    (d == o->min && (o->flags & CLI_OPT_ABOVE_MIN)))
			return bad_value(cmd, o, text);
		*(double *)o->value = d;
		return -1;
	case CLI_OPT_DATE:
		return cli_parse_date(text, (char *)o->value) ? -1 : bad_value(cmd, o, text);
	case CLI_OPT_LABEL:
		return fi_label_parse(text, (int *)o->value) == FI_OK ? -1 : bad_value(cmd, o, text);
	case CLI_OPT_ENUM:
		for (const cli_choice *c = o->choices; c->name; c++)
			if (strcmp(c->name, text) == 0) {
				*(int *)o->value = c->value;
				return -1;
			}
		return bad_value(cmd, o, text);
	case CLI_OPT_CUSTOM:
		return o->parse(text, o->value) ? -1 : bad_value(cmd, o, text);
	default:
		return -1;
	}
}

/* ---- the whole command line ---- */

/* "--a, --b and --c": the options that go with the same subcommands as @o. */
static size_t same_verbs(char *buf, size_t cap, const cli_opt *spec, const cli_opt *o)
{
	char item[64];
	size_t len = 0, total = 0, k = 0;

	for (const cli_opt *p = spec; p->kind; p++)
		total += is_option(p) && p->verbs && strcmp(p->verbs, o->verbs) == 0;
	for (const cli_opt *p = spec; p->kind; p++)
		if (is_option(p) && p->verbs && strcmp(p->verbs, o->verbs) == 0) {
			snprintf(item, sizeof item, "--%s", p->name);
			len = join(buf, cap, len, k++, total, ", ", " and ", item);
		}
	return total;
}

/* "era list and era compare": the subcommands @o goes with. */
static void verbs_of(char *buf, size_t cap, const cli_command *cmd, const cli_opt *o)
{
	char item[64];
	size_t len = 0, total = 0, k = 0;

	buf[0] = '\0';
	for (const cli_verb *v = cmd->verbs; v->name; v++)
		total += has_word(o->verbs, v->name);
	for (const cli_verb *v = cmd->verbs; v->name; v++)
		if (has_word(o->verbs, v->name)) {
			snprintf(item, sizeof item, "%s %s", cmd->name, v->name);
			len = join(buf, cap, len, k++, total, ", ", " and ", item);
		}
}

static int check_positional(const cli_command *cmd, const cli_opt *spec, const bool *given,
			    char **pos, int npos)
{
	char list[256], names[256];

	if (cmd->verbs) {
		const cli_verb *verb;
		if (npos == 0)
			return cli_usage_error(cmd->name, "%s (%s)",
					       cmd->verb_missing ? cmd->verb_missing : "missing subcommand",
					       verb_list(list, sizeof list, cmd));
		if (!(verb = cli_verb_find(cmd, pos[0])))
			return cli_usage_error(cmd->name, "unknown %s '%s' (%s)",
					       cmd->verb_noun ? cmd->verb_noun : "subcommand", pos[0],
					       verb_list(list, sizeof list, cmd));
		for (size_t i = 0; spec[i].kind; i++) {
			size_t count;
			if (!given[i] || !spec[i].verbs || has_word(spec[i].verbs, verb->name))
				continue;
			count = same_verbs(names, sizeof names, spec, &spec[i]);
			verbs_of(list, sizeof list, cmd, &spec[i]);
			return cli_usage_error(cmd->name, "%s go%s with %s", names, count > 1 ? "" : "es", list);
		}
	}
	if (npos < cmd->min_args) {
		/* name the first argument missing: the word of the synopsis at that place */
		const char *p = cmd->args ? cmd->args : "";
		for (int k = 0; k < npos && *p; k++) {
			p += strcspn(p, " ");
			p += strspn(p, " ");
		}
		int len = (int)strcspn(p, " .");
		return len ? cli_usage_error(cmd->name, "missing %.*s", len, p)
			   : cli_usage_error(cmd->name, "missing argument");
	}
	if (cmd->max_args >= 0 && npos > cmd->max_args)
		return cli_usage_error(cmd->name, "unexpected argument '%s'", pos[cmd->max_args]);
	for (size_t i = 0; spec[i].kind; i++)
		if ((spec[i].flags & CLI_OPT_REQUIRED) && !given[i]) {
			if (spec[i].alias)
				return cli_usage_error(cmd->name, "missing -%c %s", spec[i].alias, spec[i].value_name);
			return cli_usage_error(cmd->name, "missing --%s %s", spec[i].name, spec[i].value_name);
		}
	return -1;
}

int cli_opt_parse(cli_ctx *ctx, const cli_command *cmd, int argc, char **argv, char ***pos, int *npos)
{
	static const cli_opt none[] = { CLI_SPEC_END };
	const cli_opt *spec = cmd->options ? cmd->options : none;
	struct option longopts[64];
	bool given[64] = { false };
	char shortopts[64] = ":h";
	size_t n = 0, s = 2;
	int c, code = -1;

	/* specs are a dozen entries; given[] and longopts[] hold 61 */
	for (size_t i = 0; spec[i].kind && i + 3 < CLI_ARRAY_LEN(longopts); i++) {
		if (!is_option(&spec[i]))
			continue;
		longopts[n++] = (struct option){ spec[i].name, takes_value(&spec[i]) ? required_argument : no_argument,
						 NULL, FIRST_INDEX + (int)i };
		if (spec[i].alias && s + 3 < sizeof shortopts) {
			shortopts[s++] = spec[i].alias;
			if (takes_value(&spec[i]))
				shortopts[s++] = ':';
		}
	}
	longopts[n++] = (struct option){ "db", required_argument, NULL, DB_INDEX };
	longopts[n++] = (struct option){ "help", no_argument, NULL, 'h' };
	longopts[n] = (struct option){ NULL, 0, NULL, 0 };
	shortopts[s] = '\0';

	cli_getopt_reset();
	while (code < 0 && (c = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
		size_t i = 0;
		if (c == 'h') {
			cli_command_help(cmd);
			return CLI_EXIT_OK;
		}
		if (c == DB_INDEX) {
			ctx->db_path = optarg;
			continue;
		}
		if (c >= FIRST_INDEX) {
			i = (size_t)(c - FIRST_INDEX);
		} else {
			while (spec[i].kind && !(c != '?' && c != ':' && spec[i].alias == c))
				i++;
			if (!spec[i].kind)
				return cli_getopt_failure(cmd->name, c, argv);
		}
		given[i] = true;
		if (spec[i].given)
			*spec[i].given = true;
		code = set_value(cmd, &spec[i], optarg);
	}
	if (code >= 0)
		return code;
	*pos = argv + optind;
	*npos = argc - optind;
	return check_positional(cmd, spec, given, *pos, *npos);
}

/* ---- usage ---- */

typedef struct line {
	FILE *f;
	size_t col, indent;
} line;

static void put_item(line *l, const char *text)
{
	size_t len = strlen(text);

	if (l->col + 1 + len > USAGE_WIDTH && l->col > l->indent) {
		fprintf(l->f, "\n%*s", (int)l->indent, "");
		l->col = l->indent;
	} else {
		fputc(' ', l->f);
		l->col++;
	}
	fputs(text, l->f);
	l->col += len;
}

/* "[--format table|csv|json]", "-o FILE", "[--metric M]..." */
static void usage_item(char *buf, size_t cap, const cli_opt *o)
{
	bool optional = !(o->flags & CLI_OPT_REQUIRED);
	char choices[128];
	size_t len = 0;

	buf[0] = '\0';
	appendf(buf, cap, &len, "%s", optional ? "[" : "");
	if (o->alias)
		appendf(buf, cap, &len, "-%c", o->alias);
	else
		appendf(buf, cap, &len, "--%s", o->name);
	if (o->kind == CLI_OPT_ENUM)
		appendf(buf, cap, &len, " %s", choice_list(choices, sizeof choices, o, "|", "|"));
	else if (takes_value(o))
		appendf(buf, cap, &len, " %s", o->value_name);
	appendf(buf, cap, &len, "%s%s", optional ? "]" : "", o->flags & CLI_OPT_REPEAT ? "..." : "");
}

/* One form of the usage: the command, @verb (or all of them inline), its arguments, its options. */
static void usage_form(FILE *f, const cli_command *cmd, const cli_verb *verb, bool first)
{
	char buf[256];
	line l = { f, 0, 0 };

	fputs(first ? "usage: " : "       ", f);
	fprintf(f, "fitintel %s", cmd->name);
	l.col = 7 + strlen("fitintel ") + strlen(cmd->name);
	l.indent = l.col + 1;
	if (verb || cmd->verbs) {
		/* "add DATE NAME", or inline "list|get KEY|set KEY VALUE" */
		size_t len = 0;
		buf[0] = '\0';
		for (const cli_verb *v = verb ? verb : cmd->verbs; v->name; v++) {
			appendf(buf, sizeof buf, &len, "%s%s%s%s", len ? "|" : "", v->name, v->args ? " " : "",
				v->args ? v->args : "");
			if (verb)
				break;
		}
		put_item(&l, buf);
	}
	if (cmd->args)
		put_item(&l, cmd->args);
	for (const cli_opt *o = cmd->options; o && o->kind; o++) {
		if (!is_option(o) || (verb && o->verbs && !has_word(o->verbs, verb->name)))
			continue;
		usage_item(buf, sizeof buf, o);
		put_item(&l, buf);
	}
	if (!(cmd->flags & CLI_CMD_NO_STORE))
		put_item(&l, "[--db PATH]");
	fputc('\n', f);
}

void cli_opt_usage(FILE *f, const cli_command *cmd)
{
	if (!cmd->verbs || (cmd->flags & CLI_CMD_VERBS_INLINE)) {
		usage_form(f, cmd, NULL, true);
		return;
	}
	for (const cli_verb *v = cmd->verbs; v->name; v++)
		usage_form(f, cmd, v, v == cmd->verbs);
}

/* ---- help ---- */

/* Write @help's lines, the first after @head (@head_len columns), the others at HELP_COLUMN. */
static void help_lines(FILE *f, const char *head, size_t head_len, const char *help)
{
	size_t first = strcspn(help, "\n");

	fputs(head, f);
	if (head_len + 2 <= HELP_COLUMN)
		fprintf(f, "%*s", (int)(HELP_COLUMN - head_len), "");
	else if (!help[first] && head_len + 2 + first <= USAGE_WIDTH)
		fputs("  ", f);   /* one line fits beside a long head; more would not line up */
	else
		fprintf(f, "\n%*s", HELP_COLUMN, "");
	for (const char *p = help;;) {
		size_t len = strcspn(p, "\n");
		fprintf(f, "%.*s\n", (int)len, p);
		if (!p[len] || !p[len + 1])
			break;
		p += len + 1;
		fprintf(f, "%*s", HELP_COLUMN, "");
	}
}

void cli_opt_help(FILE *f, const cli_command *cmd)
{
	char head[256];
	size_t len = 0;

	fputs("Options:\n", f);
	for (const cli_opt *o = cmd->options; o && o->kind; o++) {
		/* options without help of their own share the next one's: "--from D, --to D" */
		appendf(head, sizeof head, &len, "%s", len ? ", " : "  ");
		if (!is_option(o))
			appendf(head, sizeof head, &len, "%s", o->name);
		else if (o->alias)
			appendf(head, sizeof head, &len, "-%c, --%s", o->alias, o->name);
		else
			appendf(head, sizeof head, &len, "--%s", o->name);
		if (is_option(o) && takes_value(o))
			appendf(head, sizeof head, &len, " %s", o->value_name);
		if (!o->help)
			continue;
		help_lines(f, head, len, o->help);
		len = 0;
	}
	if (!(cmd->flags & CLI_CMD_NO_STORE))
		help_lines(f, "  --db PATH", strlen("  --db PATH"), db_help);
	help_lines(f, "  -h, --help", strlen("  -h, --help"), "show this help");
}
