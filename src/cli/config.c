/* The config file for the commands (read once, when a command needs it)
 * and sked config: the effective configuration, as a file sked reads. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "cli.h"
#include "sked/config.h"
#include "sked/diag.h"
#include "sked/tui.h"
#include "sked/tz.h"
#include "sked/xalloc.h"

static struct config cli_cfg;
static bool cli_cfg_loaded;
static struct diag_list cli_cfg_diags;

static void
cli_config_free(void)
{
	config_finish(&cli_cfg);
	diag_list_finish(&cli_cfg_diags);
}

const struct config *
cli_config(void)
{
	if (cli_cfg_loaded)
		return &cli_cfg;
	cli_cfg_loaded = true;
	config_init(&cli_cfg);
	diag_list_init(&cli_cfg_diags);
	atexit(cli_config_free);
	size_t n;
	const char *const *actions = tui_action_names(&n);
	char *path = config_default_path();
	config_load(&cli_cfg, path, actions, n, &cli_cfg_diags);
	free(path);
	/* Said once, whatever command asked: the bad settings keep their
	 * defaults and the command goes on. */
	diag_print(&cli_cfg_diags, stderr);
	if (cli_cfg_diags.dropped)
		cli_error("%zu more errors in the config file not shown",
			  cli_cfg_diags.dropped);
	return &cli_cfg;
}

size_t
cli_config_errors(void)
{
	cli_config();
	return cli_cfg_diags.errors;
}

char *
cli_config_message(void)
{
	if (cli_config_errors() == 0)
		return NULL;
	char *first = diag_format(&cli_cfg_diags.v[0]);
	size_t more = cli_cfg_diags.errors - 1;
	char *msg = xmalloc(strlen(first) + 96);
	if (more)
		sprintf(msg, "Config: %s (and %zu more; sked config lists them)",
			first, more);
	else
		sprintf(msg, "Config: %s (its default kept)", first);
	free(first);
	return msg;
}

const struct tz_zone *
cli_local_zone(void)
{
	static bool warned;
	const struct tz_zone *z = tz_local();
	const char *bad = tz_local_unusable();
	if (bad != NULL && !warned) {
		warned = true;
		cli_error("warning: TZ='%s' is no time zone (neither a zone's "
			  "name nor a rule such as EST5EDT): local times are "
			  "UTC", bad);
	}
	return z;
}

/* The config's zone is local, and no --tz has replaced it yet. */
static bool cli_local_pending;

void
cli_zone_replaced(void)
{
	cli_local_pending = false;
}

void
cli_zone_settled(void)
{
	if (cli_local_pending)
		(void)cli_local_zone();
	cli_local_pending = false;
}

const struct tz_zone *
cli_config_zone(void)
{
	const char *zone = cli_config()->timezone;
	if (zone == NULL || strcmp(zone, "conference") == 0)
		return NULL;
	if (strcmp(zone, "local") == 0) {
		cli_local_pending = true; /* said once --tz is known */
		return tz_local();
	}
	return tz_find(zone);
}

int
cli_config_alarm(void)
{
	return cli_config()->alarm;
}

/* ---- sked config ---- */

/* "# file:LINE" or "# default". */
static void
config_source(const struct config *c, unsigned line)
{
	if (line)
		printf("  # %s:%u\n", c->path, line);
	else
		printf("  # default\n");
}

static void
config_print_colors(const struct config *c)
{
	bool any = c->n_tracks > 0;
	for (int e = 0; e < CONFIG_EL_COUNT; e++)
		any = any || c->color_line[e];
	/* An element the file leaves: the theme's look, in a comment (on
	 * 256 colours, and on 8). */
	printf("colors:%s\n", any ? "" : "  # the theme's, for every element");
	char buf[96], buf8[96];
	for (int e = 0; e < CONFIG_EL_COUNT; e++) {
		const char *name = config_element_name((enum config_element)e);
		if (c->color_line[e]) {
			config_style_format(&c->colors[e], buf, sizeof(buf));
			printf("  %s: \"%s\"", name, buf);
			config_source(c, c->color_line[e]);
			continue;
		}
		struct config_style s, s8;
		tui_theme_style((int)c->theme, e, true, &s);
		tui_theme_style((int)c->theme, e, false, &s8);
		config_style_format(&s, buf, sizeof(buf));
		config_style_format(&s8, buf8, sizeof(buf8));
		if (strcmp(buf, buf8) == 0)
			printf("  # %s: \"%s\"  (the %s theme)\n", name, buf,
			       config_theme_name(c->theme));
		else
			printf("  # %s: \"%s\"  (the %s theme; 8 colours: "
			       "\"%s\")\n", name, buf,
			       config_theme_name(c->theme), buf8);
	}
	char tmp[8];
	if (c->n_tracks) {
		printf("  tracks: [");
		for (int i = 0; i < c->n_tracks; i++)
			printf("%s%s", i ? ", " : "",
			       config_color_name(c->tracks[i], tmp));
		printf("]");
		config_source(c, c->tracks_line);
	} else {
		short t[32];
		int n = tui_theme_tracks((int)c->theme, true, t, 32);
		printf("  # tracks: [");
		for (int i = 0; i < n; i++)
			printf("%s%s", i ? ", " : "", config_color_name(t[i], tmp));
		printf("]  (the %s theme)\n", config_theme_name(c->theme));
	}
}

static void
config_print_keys(const struct config *c)
{
	printf("keys:  # every action, with its keys\n");
	size_t n;
	const char *const *actions = tui_action_names(&n);
	for (size_t i = 0; i < n; i++) {
		int keys[16];
		size_t k = tui_action_keys(i, keys, 16);
		printf("  %s: [", actions[i]);
		for (size_t j = 0; j < k; j++) {
			char tmp[16];
			const char *name = config_key_name(keys[j], tmp);
			/* Quoted: "#", ",", "[" and the like are keys too. */
			printf("%s\"", j ? ", " : "");
			for (const char *p = name; *p; p++)
				printf("%s%c", *p == '"' || *p == '\\' ? "\\" : "",
				       *p);
			printf("\"");
		}
		printf("]");
		unsigned line = 0;
		for (size_t b = 0; b < c->n_keys; b++)
			if (strcmp(c->keys[b].action, actions[i]) == 0)
				line = c->keys[b].line;
		if (line == 0 && tui_action_lost_keys(i))
			printf("  # default, less the keys the file gives "
			       "other actions\n");
		else
			config_source(c, line);
	}
}

int
cli_config_cmd(int argc, char **argv)
{
	const struct cli_command *cmd = cli_find_command("config");
	int parsed = cli_opts_common(cmd, argc, argv);
	if (parsed >= 0)
		return parsed;
	if (optind < argc)
		return cli_usage_error(cmd, "unexpected argument '%s'",
				       argv[optind]);
	const struct config *cfg = cli_config();
	tui_keys_apply(cfg);
	if (cfg->path == NULL)
		printf("# No config file: no home directory (set HOME or "
		       "XDG_CONFIG_HOME). The defaults:\n");
	else if (!cfg->found)
		printf("# No config file at %s: the defaults.\n", cfg->path);
	else
		printf("# The configuration: %s and the defaults.\n",
		       cfg->path);
	printf("# sked(5) describes every setting; a comment says where each "
	       "value comes from.\n");
	printf("theme: %s", config_theme_name(cfg->theme));
	config_source(cfg, cfg->theme_line);
	config_print_colors(cfg);
	printf("timezone: %s", cfg->timezone ? cfg->timezone : "conference");
	config_source(cfg, cfg->timezone_line);
	if (cfg->alarm >= 0)
		printf("alarm: %d", cfg->alarm);
	else
		printf("alarm: none");
	config_source(cfg, cfg->alarm_line);
	printf("view: %s", config_view_name(cfg->view));
	config_source(cfg, cfg->view_line);
	config_print_keys(cfg);
	if (!cli_stdout_flushed("cannot write the configuration"))
		return EX_IOERR;
	return cli_config_errors() ? EX_CONFIG : 0;
}
