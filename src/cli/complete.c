/* sked completion SHELL and sked complete INDEX WORD...: the shell
 * completions, from the command table. The scripts are small and the
 * same for every command: they ask sked (complete) for the candidates of
 * the word under the cursor, which it derives from the table (cli.h),
 * the bundled and followed programs and the system's zones. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "cli.h"
#include "sked/agenda.h"
#include "sked/bundle.h"
#include "sked/diag.h"
#include "sked/fetch.h"
#include "sked/follow.h"
#include "sked/load.h"
#include "sked/search.h"
#include "sked/statefile.h"
#include "sked/text.h"
#include "sked/tz.h"
#include "sked/xalloc.h"

/* The scripts. Each passes the words up to the cursor's (unquoted, as
 * the command will get them) and reads back a line of flags ("files":
 * also complete file names; "nospace": no space after the word), then
 * one candidate a line, a tab and a description after it. */
static const char cli_bash_script[] =
	"# bash completion for sked: sked completion bash\n"
	"# The word as the command gets it: quotes and backslashes removed, a\n"
	"# leading ~ or ~/ expanded; nothing else expanded (nothing is run).\n"
	"_sked_word() {\n"
	"\tlocal w=$1 c q= i\n"
	"\tREPLY=\n"
	"\tfor ((i = 0; i < ${#w}; i++)); do\n"
	"\t\tc=${w:i:1}\n"
	"\t\tif [[ $q == \"'\" ]]; then\n"
	"\t\t\t[[ $c == \"'\" ]] && q= || REPLY+=$c\n"
	"\t\telif [[ $c == '\\' ]]; then\n"
	"\t\t\t((i++))\n"
	"\t\t\t[[ $q == '\"' && ${w:i:1} != [\\$\\`\\\"\\\\] ]] && REPLY+='\\'\n"
	"\t\t\tREPLY+=${w:i:1}\n"
	"\t\telif [[ $q == '\"' ]]; then\n"
	"\t\t\t[[ $c == '\"' ]] && q= || REPLY+=$c\n"
	"\t\telif [[ $c == [\\'\\\"] ]]; then\n"
	"\t\t\tq=$c\n"
	"\t\telse\n"
	"\t\t\tREPLY+=$c\n"
	"\t\tfi\n"
	"\tdone\n"
	"\t[[ $w == '~' || $w == '~/'* ]] && REPLY=$HOME${REPLY:1}\n"
	"\treturn 0\n"
	"}\n"
	"_sked() {\n"
	"\tlocal i w prev= n=-1 out flags line strip= REPLY\n"
	"\tlocal -a words=() lines=()\n"
	"\t# Rejoin what COMP_WORDBREAKS split (--format=json, speaker:x):\n"
	"\t# one word to sked.\n"
	"\tfor ((i = 0; i <= COMP_CWORD && i < ${#COMP_WORDS[@]}; i++)); do\n"
	"\t\tw=${COMP_WORDS[i]}\n"
	"\t\tif ((n > 0)) && [[ $w == [=:] || $prev == [=:] ]]; then\n"
	"\t\t\twords[n]+=$w\n"
	"\t\telse\n"
	"\t\t\twords[++n]=$w\n"
	"\t\tfi\n"
	"\t\tprev=$w\n"
	"\tdone\n"
	"\t((COMP_CWORD < ${#COMP_WORDS[@]})) || words[++n]=\n"
	"\t# The words before the cursor's as the command gets them (a file\n"
	"\t# named ~/x.yaml or 'my file.yaml'); the cursor's stays as typed.\n"
	"\tfor ((i = 0; i < n; i++)); do\n"
	"\t\t_sked_word \"${words[i]}\"\n"
	"\t\twords[i]=$REPLY\n"
	"\tdone\n"	"\t# What bash replaces is the part after the last break character.\n"
	"\tw=${words[n]}\n"
	"\tfor ((i = ${#w} - 1; i >= 0; i--)); do\n"
	"\t\tif [[ ${w:i:1} == [=:] && $COMP_WORDBREAKS == *\"${w:i:1}\"* ]]; then\n"
	"\t\t\tstrip=${w:0:i+1}\n"
	"\t\t\tbreak\n"
	"\t\tfi\n"
	"\tdone\n"
	"\tout=$(command \"${words[0]}\" complete \"$n\" \"${words[@]}\" 2>/dev/null) || return\n"
	"\tmapfile -t lines <<<\"$out\"\n"
	"\tflags=${lines[0]}\n"
	"\tCOMPREPLY=()\n"
	"\tfor line in \"${lines[@]:1}\"; do\n"
	"\t\t[[ -n $line ]] && COMPREPLY+=(\"${line%%$'\\t'*}\")\n"
	"\tdone\n"
	"\tif [[ -n $strip ]]; then\n"
	"\t\tCOMPREPLY=(\"${COMPREPLY[@]#\"$strip\"}\")\n"
	"\tfi\n"
	"\tif [[ $flags == *files* ]]; then\n"
	"\t\tcompopt -o filenames 2>/dev/null\n"
	"\t\tmapfile -t -O \"${#COMPREPLY[@]}\" COMPREPLY < <(compgen -f -- \"${w#\"$strip\"}\")\n"
	"\tfi\n"
	"\t[[ $flags == *nospace* ]] && compopt -o nospace 2>/dev/null\n"
	"\treturn 0\n"
	"}\n"
	"complete -F _sked sked\n";

static const char cli_zsh_script[] =
	"#compdef sked\n"
	"# zsh completion for sked: sked completion zsh\n"
	"_sked() {\n"
	"\tlocal -a out vals descs args w\n"
	"\tlocal flags line i described=\n"
	"\t# The words unquoted, a leading ~ or ~/ before the cursor's word\n"
	"\t# expanded: as the command gets them.\n"
	"\tw=(\"${(@Q)words[1,CURRENT]}\")\n"
	"\tfor ((i = 1; i < CURRENT; i++)); do\n"
	"\t\t[[ ${words[i]} == '~' || ${words[i]} == '~/'* ]] && "
	"w[i]=$HOME${w[i]#\\~}\n"
	"\tdone\n"
	"\tout=(\"${(@f)$(command ${w[1]} complete $((CURRENT - 1)) "
	"\"${(@)w}\" 2>/dev/null)}\")\n"
	"\tflags=${out[1]}\n"
	"\tfor line in \"${(@)out[2,-1]}\"; do\n"
	"\t\t[[ -n $line ]] || continue\n"
	"\t\tvals+=(\"${line%%$'\\t'*}\")\n"
	"\t\tif [[ $line == *$'\\t'* ]]; then\n"
	"\t\t\tdescs+=(\"${line%%$'\\t'*} -- ${line#*$'\\t'}\")\n"
	"\t\t\tdescribed=1\n"
	"\t\telse\n"
	"\t\t\tdescs+=(\"$line\")\n"
	"\t\tfi\n"
	"\tdone\n"
	"\t[[ $flags == *nospace* ]] && args+=(-S '')\n"
	"\t# One a line where there are descriptions; plain values (zone\n"
	"\t# names, formats) in columns.\n"
	"\t[[ -n $described ]] && args+=(-l -d descs)\n"
	"\t(( ${#vals} )) && compadd \"${args[@]}\" -a vals\n"
	"\t[[ $flags == *files* ]] && _files\n"
	"\treturn 0\n"
	"}\n"
	"if [[ ${zsh_eval_context[-1]} == loadautofunc ]]; then\n"
	"\t_sked \"$@\"\n"
	"else\n"
	"\tcompdef _sked sked\n"
	"fi\n";

static const char cli_fish_script[] =
	"# fish completion for sked: sked completion fish\n"
	"function __sked_complete\n"
	"\t# commandline -o unquotes; a leading ~ or ~/ is expanded here.\n"
	"\tset -l words\n"
	"\tfor w in (commandline -opc)\n"
	"\t\tif test \"$w\" = '~'; or string match -q -- '~/*' $w\n"
	"\t\t\tset w $HOME(string sub -s 2 -- $w)\n"
	"\t\tend\n"
	"\t\tset -a words $w\n"
	"\tend\n"
	"\tset -a words (commandline -ct)\n"
	"\tset -l out (command $words[1] complete (math (count $words) - 1) "
	"$words 2>/dev/null)\n"
	"\tor return\n"
	"\tset -l flags $out[1]\n"
	"\tset -e out[1]\n"
	"\tfor line in $out\n"
	"\t\ttest -n \"$line\"; and echo $line\n"
	"\tend\n"
	"\tif string match -q '*files*' -- $flags\n"
	"\t\t__fish_complete_path (commandline -ct)\n"
	"\tend\n"
	"end\n"
	"complete -c sked -f -a '(__sked_complete)'\n";

int
cli_completion(int argc, char **argv)
{
	const struct cli_command *cmd = cli_find_command("completion");
	int parsed = cli_opts_common(cmd, argc, argv);
	if (parsed >= 0)
		return parsed;
	if (argc - optind != 1)
		return cli_usage_error(cmd, "one shell is needed");
	const char *shell = argv[optind];
	const char *script = strcmp(shell, "bash") == 0 ? cli_bash_script
			   : strcmp(shell, "zsh") == 0	? cli_zsh_script
			   : strcmp(shell, "fish") == 0 ? cli_fish_script
							: NULL;
	if (script == NULL)
		return cli_usage_error(cmd, "expected bash, zsh or fish, got '%s'",
				       shell);
	fputs(script, stdout);
	return cli_stdout_flushed("writing the completion script failed")
		       ? 0
		       : EX_IOERR;
}

/* The candidates being printed: those that start with cur, each as
 * prefix + value. */
struct cli_cands {
	const char *prefix;
	const char *cur;
	/* The words before the cursor's after the command's: a session id
	 * among them is not offered again. */
	char **before;
	size_t n_before;
};

/* Whether value is one of them: what was typed is prefix + its start. */
static bool
cli_cand_wanted(const struct cli_cands *k, const char *value)
{
	size_t np = strlen(k->prefix);
	return strncmp(k->cur, k->prefix, np) == 0 &&
	       strncmp(value, k->cur + np, strlen(k->cur + np)) == 0;
}

static void
cli_cand(const struct cli_cands *k, const char *value, const char *desc)
{
	if (!cli_cand_wanted(k, value))
		return;
	/* Descriptions come from files: one line, sanitized. */
	char *safe = desc ? text_sanitize(desc, strlen(desc), 0) : NULL;
	printf("%s%s%s%s\n", k->prefix, value, safe ? "\t" : "",
	       safe ? safe : "");
	free(safe);
}

/* An option with its help as one line: the help's hard line breaks
 * (set for --help's column) joined by spaces, so that the description
 * is not cut mid-sentence. */
static void
cli_cand_option(const struct cli_cands *k, const struct cli_option *opt)
{
	char name[64];
	snprintf(name, sizeof(name), "--%s", opt->name);
	char *desc = xstrdup(opt->help);
	for (char *c = desc; *c; c++)
		if (*c == '\n')
			*c = ' ';
	cli_cand(k, name, desc);
	free(desc);
}

/* The option of cmd (or a common one) named by word ("--name",
 * "--name=value", "-x"), or NULL. */
static const struct cli_option *
cli_find_option(const struct cli_command *cmd, const char *word)
{
	const struct cli_option *lists[] = {cmd->options, cli_common_options};
	for (size_t l = 0; l < 2; l++)
		for (size_t i = 0; lists[l] && lists[l][i].name; i++) {
			const struct cli_option *o = &lists[l][i];
			if (word[1] == '-') {
				size_t n = strlen(o->name);
				if (strncmp(word + 2, o->name, n) == 0 &&
				    (word[2 + n] == '\0' || word[2 + n] == '='))
					return o;
			} else if (o->key < 256 && word[1] == o->key &&
				   word[2] == '\0') {
				return o;
			}
		}
	return NULL;
}

/* The bundled and followed programs' ids, with their titles. */
static void
cli_cand_programs(const struct cli_cands *k, bool bundled)
{
	char **paths;
	size_t n = bundled ? bundle_files(&paths) : 0;
	for (size_t i = 0; i < n; i++) {
		struct diag_list d;
		enum load_status st;
		diag_list_init(&d);
		struct program *p = load_file(paths[i], &d, &st);
		diag_list_finish(&d);
		if (p)
			cli_cand(k, p->conference.id, p->conference.title);
		program_destroy(p);
		free(paths[i]);
	}
	if (bundled)
		free(paths);
	struct follow_list l;
	char *error;
	if (!follow_list_load(&l, &error)) {
		free(error);
		return;
	}
	for (size_t i = 0; i < l.n; i++) {
		/* Its title, from its copy; the URL (redacted) when the copy
		 * is missing or does not load. Only the ids being offered are
		 * loaded. */
		if (!cli_cand_wanted(k, l.v[i].id))
			continue;
		struct diag_list d;
		enum load_status st;
		diag_list_init(&d);
		struct program *p = follow_load(&l.v[i], NULL, &d, &st);
		diag_list_finish(&d);
		if (p && p->conference.title && p->conference.title[0]) {
			cli_cand(k, l.v[i].id, p->conference.title);
		} else {
			char *url = fetch_redact(l.v[i].url);
			cli_cand(k, l.v[i].id, url);
			free(url);
		}
		program_destroy(p);
	}
	follow_list_free(&l);
}

/* The commands (not the internal ones), with their summaries. */
static void
cli_cand_commands(const struct cli_cands *k)
{
	const struct cli_command *c;
	for (size_t j = 0; (c = cli_command_at(j)) != NULL; j++)
		if (!c->internal)
			cli_cand(k, c->name, c->summary);
}

/* A session id, with its title, unless it is already on the line. */
static void
cli_cand_session(const struct cli_cands *k, const char *id, const char *title)
{
	for (size_t j = 0; j < k->n_before; j++)
		if (strcmp(k->before[j], id) == 0)
			return;
	cli_cand(k, id, title);
}

/* The session ids of the program named by file with their titles, in
 * the program's order; with starred, the ids its agenda has instead (in
 * the order starred, also those the program no longer has, as unstar
 * takes them). */
static void
cli_cand_sessions(const struct cli_cands *k, const char *file, bool starred)
{
	if (file == NULL)
		return;
	struct cli_programs set;
	char *files[] = {(char *)file, NULL};
	if (cli_programs_load(&set, files, 1, false) == 0) {
		const struct program *p = set.v[0];
		struct agenda *a = starred ? agenda_peek(p->conference.id) : NULL;
		for (size_t i = 0; a && i < a->n; i++) {
			const struct program_session *s =
				program_find_session(p, a->ids[i]);
			cli_cand_session(k, a->ids[i], s ? s->title : NULL);
		}
		for (size_t i = 0; !starred && i < p->n_sessions; i++) {
			const struct program_session *s =
				&p->sessions[p->order[i]];
			cli_cand_session(k, s->id, s->title);
		}
		agenda_destroy(a);
	}
	cli_programs_finish(&set);
}

/* The field names of a query's last term ("speaker:" after "spe" or
 * "-spe"), printed after "nospace"; nothing but the flags line once the
 * term has its field. */
static void
cli_cand_fields(const struct cli_cands *k)
{
	const char *term = strrchr(k->cur, ' ');
	term = term ? term + 1 : k->cur;
	if (*term == '-')
		term++;
	if (strchr(term, ':') != NULL) {
		puts("");
		return;
	}
	puts("nospace");
	char *prefix = xasprintf("%.*s", (int)(term - k->cur), k->cur);
	struct cli_cands f = {prefix, k->cur, NULL, 0};
	for (int i = 0; i < SEARCH_NFIELDS; i++) {
		char *v = xasprintf("%s:", search_field_name((enum search_field)i));
		cli_cand(&f, v, NULL);
		free(v);
	}
	free(prefix);
}

/* Prints the flags line, then the candidates of a value of this kind. */
static void
cli_cand_value(struct cli_cands *k, enum cli_value kind,
	       const char *const *choices, const char *program)
{
	static const char *const shells[] = {"bash", "zsh", "fish", NULL};
	static const char *const days[] = {
		"mon", "Monday", "tue", "Tuesday", "wed", "Wednesday",
		"thu", "Thursday", "fri", "Friday", "sat", "Saturday",
		"sun", "Sunday", NULL};
	if (kind == CLI_QUERY) {
		cli_cand_fields(k);
		return;
	}
	bool files = kind == CLI_FILE || kind == CLI_PROGRAM;
	printf("%s\n", files ? "files" : "");
	switch (kind) {
	case CLI_CHOICE:
	case CLI_ZONE:
	case CLI_NUMBER: /* its words, as --alarm none */
		for (size_t i = 0; choices && choices[i]; i++)
			cli_cand(k, choices[i], NULL);
		if (kind == CLI_ZONE) {
			cli_cand(k, "UTC", NULL);
			const char *z;
			for (size_t i = 0; (z = tz_known_name(i)) != NULL; i++)
				cli_cand(k, z, NULL);
		}
		break;
	case CLI_SHELL:
		for (size_t i = 0; shells[i]; i++)
			cli_cand(k, shells[i], NULL);
		break;
	case CLI_COMMAND:
		cli_cand_commands(k);
		break;
	case CLI_DAY:
		for (size_t i = 0; days[i]; i += 2)
			cli_cand(k, days[i], days[i + 1]);
		break;
	case CLI_PROGRAM:
	case CLI_FOLLOWED:
		cli_cand_programs(k, kind == CLI_PROGRAM);
		break;
	case CLI_SESSION:
	case CLI_STARRED:
		cli_cand_sessions(k, program, kind == CLI_STARRED);
		break;
	default:
		break;
	}
}

int
cli_complete(int argc, char **argv)
{
	/* Nothing but candidates: a message would land in the middle of
	 * the command line being edited. */
	int null = open("/dev/null", O_WRONLY);
	if (null >= 0) {
		dup2(null, STDERR_FILENO);
		close(null);
	}
	char *end;
	long cword = argc > 2 ? strtol(argv[1], &end, 10) : -1;
	if (argc < 3 || *end || cword < 1 || cword > argc - 3) {
		puts("");
		return EX_USAGE;
	}
	char **words = argv + 2;
	const char *cur = words[cword];
	/* The command is the first word after sked's, as main() takes it. */
	const struct cli_command *cmd = &cli_top;
	long i = 1;
	if (cword > 1 && cli_find_command(words[1]) != NULL &&
	    !cli_find_command(words[1])->internal) {
		cmd = cli_find_command(words[1]);
		i = 2;
	}
	bool operands_only = false;
	const char *first_operand = NULL;
	long n_operands = 0;
	const struct cli_option *pending = NULL;
	for (; i < cword; i++) {
		const char *w = words[i];
		if (pending) {
			pending = NULL;
		} else if (!operands_only && strcmp(w, "--") == 0) {
			operands_only = true;
		} else if (!operands_only && w[0] == '-' && w[1] != '\0') {
			const struct cli_option *o = cli_find_option(cmd, w);
			if (o && o->value != CLI_NONE && strchr(w, '=') == NULL)
				pending = o;
		} else {
			if (n_operands++ == 0)
				first_operand = w;
		}
	}
	struct cli_cands k = {"", cur, words + 2,
			      cword > 2 ? (size_t)(cword - 2) : 0};
	if (pending) {
		cli_cand_value(&k, pending->value, pending->choices,
			       first_operand);
	} else if (!operands_only && strncmp(cur, "--", 2) == 0 &&
		   strchr(cur, '=') != NULL) {
		const struct cli_option *o = cli_find_option(cmd, cur);
		char *prefix = xasprintf("%.*s", (int)(strchr(cur, '=') - cur + 1),
					 cur);
		k.prefix = prefix;
		if (o && o->value != CLI_NONE)
			cli_cand_value(&k, o->value, o->choices, first_operand);
		else
			puts("");
		free(prefix);
	} else if (!operands_only && cur[0] == '-') {
		puts("");
		for (size_t j = 0; cmd->options && cmd->options[j].name; j++)
			cli_cand_option(&k, &cmd->options[j]);
		for (size_t j = 0; cli_common_options[j].name; j++)
			cli_cand_option(&k, &cli_common_options[j]);
	} else if (cmd == &cli_top && cword == 1) {
		/* A command, or a program to browse. */
		puts("files");
		cli_cand_commands(&k);
		cli_cand_programs(&k, true);
	} else {
		enum cli_value kind = n_operands == 0 ? cmd->first : cmd->rest;
		cli_cand_value(&k, kind, NULL, first_operand);
	}
	return cli_stdout_flushed("writing the candidates failed") ? 0 : EX_IOERR;
}
