/* The commands' options, parsed and described from the command table
 * (cli.h, main.c): one getopt_long loop and one --help for all. */
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "cli.h"
#include "sked/text.h"

/* The i-th option of a command: its own, then the common ones; NULL past
 * the last. */
static const struct cli_option *
cli_opt_at(const struct cli_command *cmd, size_t i)
{
	size_t own = 0;
	while (cmd->options && cmd->options[own].name)
		own++;
	if (i < own)
		return &cmd->options[i];
	const struct cli_option *c = &cli_common_options[i - own];
	return c->name ? c : NULL;
}

void
cli_opts_init(struct cli_opts *o, const struct cli_command *cmd, int argc,
	      char **argv)
{
	memset(o, 0, sizeof(*o));
	o->cmd = cmd;
	o->argc = argc;
	o->argv = argv;
	/* ':' first: a missing value is told apart from an unknown option. */
	char *s = o->shortopts;
	*s++ = ':';
	const struct cli_option *opt;
	size_t n = 0;
	for (size_t i = 0; (opt = cli_opt_at(cmd, i)) != NULL; i++) {
		if (n == CLI_MAX_OPTIONS) {
			/* A table error, caught by every test of the command. */
			fprintf(stderr, "sked: %s has more than %d options\n",
				cmd->name, CLI_MAX_OPTIONS);
			abort();
		}
		int has = opt->value == CLI_NONE ? no_argument : required_argument;
		o->longopts[n++] = (struct option){opt->name, has, NULL, opt->key};
		if (opt->key < 256) {
			*s++ = (char)opt->key;
			if (has == required_argument)
				*s++ = ':';
		}
	}
	*s = '\0';
	o->longopts[n] = (struct option){NULL, 0, NULL, 0};
	opterr = 0; /* errors are reported in sked's words */
	optind = 0; /* getopt starts afresh on each argv */
}

/* The long options of cmd whose names begin with the len bytes of typed
 * (an abbreviation, as getopt_long takes them): how many, the first in
 * *first, and their names, "--a, --b", in names. */
static size_t
cli_opts_prefixed(const struct cli_command *cmd, const char *typed,
		  size_t len, const struct cli_option **first, char *names,
		  size_t size)
{
	const struct cli_option *opt;
	size_t n = 0;
	names[0] = '\0';
	for (size_t i = 0; (opt = cli_opt_at(cmd, i)) != NULL; i++) {
		if (strncmp(opt->name, typed, len) != 0)
			continue;
		if (n++ == 0)
			*first = opt;
		size_t used = strlen(names);
		snprintf(names + used, size - used, "%s--%s", used ? ", " : "",
			 opt->name);
	}
	return n;
}

/* Reports what getopt_long returned for a bad option (':' or '?'). */
static int
cli_opts_error(struct cli_opts *o, int c)
{
	/* Name the option as it was typed. A long one is the argument getopt
	 * has just passed (without any "=value"): getopt sets optopt to 0 for
	 * an unknown or ambiguous one and to the option's key for a value
	 * given to one that takes none, and a missing value means it was
	 * that argument. A short one may sit inside a cluster (-qx), so it is
	 * optopt (and getopt may not have passed its argument yet). */
	const char *arg = o->argv[optind - 1];
	bool dashes = strncmp(arg, "--", 2) == 0;
	size_t len = strcspn(arg, "=");
	char name[64], names[256];
	snprintf(name, sizeof(name), "%.*s", (int)len, arg);
	const struct cli_option *opt = NULL;
	/* "--=x" names no option: every name begins with its empty one,
	 * which getopt_long calls ambiguous. It is unknown, shown whole. */
	if (dashes && len == 2)
		snprintf(name, sizeof(name), "%s", arg);
	size_t n = dashes && len > 2
			   ? cli_opts_prefixed(o->cmd, arg + 2, len - 2, &opt,
					       names, sizeof(names))
			   : 0;
	if (c == '?' && dashes && optopt != 0 && arg[len] == '=' && n > 0 &&
	    opt->key == optopt && opt->value == CLI_NONE)
		return cli_usage_error(o->cmd, "option --%s takes no value "
					       "(%s)", opt->name, arg);
	if (c == '?' && dashes && optopt == 0 && n > 1)
		return cli_usage_error(o->cmd, "option %s is ambiguous: %s",
				       name, names);
	if (!(c == '?' ? optopt == 0 : dashes))
		snprintf(name, sizeof(name), "-%c", optopt);
	/* An unknown long option near one of the command's: a typo. */
	const char *near = NULL;
	if (c == '?' && dashes && optopt == 0 && n == 0 && len > 2) {
		const char *names_v[64];
		size_t k = 0;
		for (size_t i = 0; k < 64 && (opt = cli_opt_at(o->cmd, i)); i++)
			names_v[k++] = opt->name;
		char typed[64];
		snprintf(typed, sizeof(typed), "%.*s", (int)(len - 2), arg + 2);
		near = text_suggest(typed, names_v, k);
	}
	int r = c == ':' ? cli_usage_error(o->cmd, "option %s needs a value", name)
		: near ? cli_usage_error(o->cmd, "unknown option %s (did you "
					 "mean --%s?)", name, near)
		       : cli_usage_error(o->cmd, "unknown option %s", name);
	/* "sked exprot -o x.ics": the browser's option error, but the word
	 * where a command goes is a command misspelt. */
	const struct cli_command *cmd;
	if (o->cmd == &cli_top && cli_top_word != NULL &&
	    cli_top_word[0] != '-' &&
	    (cmd = cli_command_near(cli_top_word)) != NULL)
		fprintf(stderr, "(did you mean the command %s? sked --help "
				"lists them)\n", cmd->name);
	/* A query is the operand of a command that takes one first: an
	 * unknown short option is most likely a query that excludes
	 * (-title:x). */
	if (c == '?' && optopt != 0 && o->cmd->first == CLI_QUERY)
		fprintf(stderr, "A QUERY that starts with '-' goes after '--': "
				"sked %s -- '-term'\n", o->cmd->name);
	return r;
}

/* Checks a CLI_CHOICE value; reports a bad one (EX_USAGE), else 0. */
static int
cli_opts_choice(struct cli_opts *o)
{
	const char *const *v = o->option->choices;
	for (size_t i = 0; v[i]; i++)
		if (strcmp(v[i], o->value) == 0)
			return 0;
	/* "expected text, tsv or json" */
	char list[256] = "";
	for (size_t i = 0; v[i]; i++) {
		size_t len = strlen(list);
		snprintf(list + len, sizeof(list) - len, "%s%s",
			 i == 0 ? "" : v[i + 1] ? ", " : " or ", v[i]);
	}
	return cli_usage_error(o->cmd, "--%s: expected %s, got '%s'",
			       o->option->name, list, o->value);
}

int
cli_opts_next(struct cli_opts *o)
{
	int c = getopt_long(o->argc, o->argv, o->shortopts, o->longopts, NULL);
	o->value = optarg;
	o->option = NULL;
	if (c == -1)
		return 0;
	if (c == ':' || c == '?') {
		o->status = cli_opts_error(o, c);
		return -1;
	}
	const struct cli_option *opt;
	for (size_t i = 0; (opt = cli_opt_at(o->cmd, i)) != NULL; i++)
		if (opt->key == c)
			o->option = opt;
	if (c == 'h') {
		if (o->cmd == &cli_top)
			cli_usage(stdout);
		else
			cli_command_help(o->cmd);
		o->status = cli_stdout_flushed("writing the help failed")
				    ? 0 : EX_IOERR;
		return -1;
	}
	if (o->option->value == CLI_CHOICE && (o->status = cli_opts_choice(o)))
		return -1;
	return c;
}

int
cli_opts_common(const struct cli_command *cmd, int argc, char **argv)
{
	struct cli_opts op;
	int c;
	cli_opts_init(&op, cmd, argc, argv);
	while ((c = cli_opts_next(&op)) > 0)
		; /* none of its own: the table gives it none */
	return c < 0 ? op.status : -1;
}

/* "  -f, --format FORMAT" */
static int
cli_option_label(char *buf, size_t size, const struct cli_option *opt)
{
	char shortname[8] = "    ";
	if (opt->key < 256)
		snprintf(shortname, sizeof(shortname), "-%c, ", opt->key);
	return snprintf(buf, size, "  %s--%s%s%s", shortname, opt->name,
			opt->meta ? " " : "", opt->meta ? opt->meta : "");
}

static void
cli_options_lines(FILE *fp, const struct cli_option *v, int col)
{
	for (size_t i = 0; v && v[i].name; i++) {
		char label[128];
		int n = cli_option_label(label, sizeof(label), &v[i]);
		fputs(label, fp);
		/* A label too long for the column gets a line of its own. */
		if (n > col - 1)
			fprintf(fp, "\n%*s", col, "");
		else
			fprintf(fp, "%*s", col - n, "");
		for (const char *h = v[i].help; *h;) {
			size_t len = strcspn(h, "\n");
			fprintf(fp, "%.*s\n", (int)len, h);
			h += len;
			if (*h == '\n' && *++h)
				fprintf(fp, "%*s", col, "");
		}
	}
}

/* The column the help of options starts at: past the longest label,
 * with at most 24 columns of labels (longer ones get a line of their
 * own). */
static int
cli_options_column(const struct cli_option *v, int col)
{
	for (size_t i = 0; v && v[i].name; i++) {
		char label[128];
		int n = cli_option_label(label, sizeof(label), &v[i]) + 2;
		if (n > col && n <= 26)
			col = n;
	}
	return col;
}

void
cli_options_help(FILE *fp, const struct cli_option *own)
{
	int col = cli_options_column(own, cli_options_column(cli_common_options,
							     0));
	cli_options_lines(fp, own, col);
	cli_options_lines(fp, cli_common_options, col);
}

int
cli_command_help(const struct cli_command *cmd)
{
	/* A command with no operand nor option of its own (config) has an
	 * empty usage: no space after its name then. */
	printf("usage: sked %s%s%s\n\n%s\n\n", cmd->name,
	       *cmd->usage ? " " : "", cmd->usage, cmd->summary);
	if (cmd->about)
		printf("%s\n", cmd->about);
	cli_options_help(stdout, cmd->options);
	if (cmd->notes)
		printf("\n%s", cmd->notes);
	return 0;
}
