/* Themes: the config's theme and colours (config.h) turned into curses
 * colour pairs and attributes, for a terminal of 256 colours, of 8, or
 * of none (and under NO_COLOR, or with the mono theme: attributes only).
 *
 * The default theme must read on light and dark terminals alike: no text
 * in white, yellow or cyan on the terminal's own background (unreadable on
 * white), none in blue or black on it (unreadable on black); bars are the
 * terminal's colours reversed or explicit pairs. dark and light are tuned
 * for their backgrounds.
 *
 * Track tags never take the colour of a star, a conflict, the now line,
 * the selection or a search match (a starred title must stand out from
 * the tags beside it), and read at 3:1 or more (WCAG contrast) against
 * the background each theme assumes, in xterm's palette: default, black
 * (0,0,0) and white (255,255,255) both; dark, black; light, white. With
 * 8 colours no foreground reads on both black and white (xterm's green,
 * yellow and cyan are under 2.3:1 on white, blue 2.2:1 on black), so
 * the default theme's 8-colour tags, and the light theme's after blue,
 * are dark text on a colour (or white on blue). */
#include <curses.h>
#include <stdlib.h>

#include "sked/config.h"
#include "sked/program.h"
#include "sked/xalloc.h"
#include "tui.h"

#define U CONFIG_COLOR_UNSET
#define D CONFIG_COLOR_DEFAULT
#define B CONFIG_ATTR_BOLD
#define UL CONFIG_ATTR_UNDERLINE
#define R CONFIG_ATTR_REVERSE
#define DIM CONFIG_ATTR_DIM

/* Pairs: one per element, then the tracks'; the selection's is a pair of
 * its own bit (theme_fix_attr), so that a row's other colours under it
 * can be told and replaced. */
enum { PAIR_EL0 = 1, PAIR_TRACK0 = PAIR_EL0 + CONFIG_EL_COUNT,
       PAIR_SELECT = 32, TRACK_PAIRS = PAIR_SELECT - PAIR_TRACK0 };

struct track_color {
	short fg, bg;
};

struct theme {
	/* [0]: 8 colours, [1]: 256; in config_element's order. */
	struct config_style el[2][CONFIG_EL_COUNT];
	struct track_color tracks8[4];
	int n8;
	short tracks256[12];
};

static const struct theme themes[] = {
	[CONFIG_THEME_DEFAULT] = {
		.el = {
			{{7, 4, B}, {0, 6, B}, {D, D, B}, {D, D, DIM},
			 {D, D, R}, {D, D, R}, {0, 3, B}, {5, D, B},
			 {1, D, B}, {D, D, B | UL}},
			/* Mid tones: 3:1 and more on black and on white. */
			{{231, 25, B}, {16, 80, B}, {33, D, B}, {244, D, 0},
			 {D, D, R}, {D, D, R}, {0, 3, B}, {166, D, B},
			 {160, D, B}, {164, D, B}},
		},
		/* Black on green 9.7:1, white on blue 7.5:1, black on cyan
		 * 10.6:1, whatever the terminal's background. */
		.tracks8 = {{0, 2}, {7, 4}, {0, 6}},
		.n8 = 3,
		/* 3.3:1 and more on black and on white; no orange (star), red
		 * (conflict) or magenta (now). */
		.tracks256 = {28, 32, 98, 30, 136, 61, 64, 31, 96, 29, 67,
			      62},
	},
	[CONFIG_THEME_DARK] = {
		.el = {
			{{7, 4, B}, {0, 6, B}, {3, D, B}, {6, D, 0},
			 {0, 7, 0}, {D, D, R}, {0, 3, B}, {3, D, B},
			 {1, D, B}, {5, D, B}},
			{{231, 24, B}, {16, 80, B}, {221, D, B}, {245, D, 0},
			 {16, 250, 0}, {D, D, R}, {0, 3, B}, {214, D, B},
			 {196, D, B}, {199, D, B}},
		},
		/* On black: green 9.7:1, cyan 10.6:1, magenta 4.5:1 (blue,
		 * 2.2:1, is out; yellow and red are the star and conflict). */
		.tracks8 = {{2, D}, {6, D}, {5, D}},
		.n8 = 3,
		/* 7.7:1 and more on black; no yellow or orange (star,
		 * headings), red (conflict) or pink (now). */
		.tracks256 = {114, 75, 177, 80, 150, 141, 117, 79, 183, 111,
			      156, 147},
	},
	[CONFIG_THEME_LIGHT] = {
		.el = {
			/* The tab: black on cyan (10.6:1); white on it was
			 * 1.6:1. */
			{{7, 4, B}, {0, 6, B}, {4, D, B}, {D, D, DIM},
			 {7, 0, 0}, {D, D, R}, {0, 3, B}, {5, D, B},
			 {1, D, B}, {4, D, B}},
			{{231, 25, B}, {231, 30, B}, {25, D, B}, {242, D, 0},
			 {16, 252, 0}, {D, D, R}, {0, 3, B}, {130, D, B},
			 {160, D, B}, {127, D, B}},
		},
		/* On white only blue reads (9.4:1; magenta and red are the
		 * star and conflict): then black on green and on cyan. */
		.tracks8 = {{4, D}, {0, 2}, {0, 6}},
		.n8 = 3,
		/* 3:1 and more on white; no orange (star), red (conflict),
		 * magenta (now) or the headings' blue. */
		.tracks256 = {28, 24, 30, 55, 64, 61, 22, 60, 29, 58, 23, 18},
	},
};

/* Attributes alone (mono, NO_COLOR, no colours): bold, underline, reverse
 * keep things apart. */
static const int mono[CONFIG_EL_COUNT] = {
	[CONFIG_EL_HEADER] = R,
	[CONFIG_EL_TAB] = B | UL,
	[CONFIG_EL_HEADING] = B | UL,
	[CONFIG_EL_DIM] = DIM,
	[CONFIG_EL_FOOTER] = R,
	[CONFIG_EL_SELECTION] = R,
	[CONFIG_EL_HIGHLIGHT] = B | UL,
	/* Starred and conflicting sessions: their mark (* or !) in bold,
	 * their title underlined. */
	[CONFIG_EL_STAR] = B | UL,
	[CONFIG_EL_CONFLICT] = B | UL,
	[CONFIG_EL_NOW] = B,
};

static int
theme_attrs(int a)
{
	return (a & B ? (int)A_BOLD : 0) | (a & UL ? (int)A_UNDERLINE : 0) |
	       (a & R ? (int)A_REVERSE : 0) | (a & DIM ? (int)A_DIM : 0);
}

/* Whether the terminal shows colour c (the default always). */
static bool
theme_color_ok(short c)
{
	return c == U || c == D || (c >= 0 && c < COLORS);
}

static int
theme_pair(short pair, const struct config_style *s)
{
	short fg = s->fg == U ? D : s->fg, bg = s->bg == U ? D : s->bg;
	if (fg == D && bg == D)
		return theme_attrs(s->attrs);
	init_pair(pair, fg, bg);
	return (int)COLOR_PAIR(pair) | theme_attrs(s->attrs);
}

void
theme_init(struct tui *t, int attrs[])
{
	const struct config *c = t->config;
	enum config_theme th = c ? c->theme : CONFIG_THEME_DEFAULT;
	const char *no_color = getenv("NO_COLOR");
	t->colors = has_colors() && th != CONFIG_THEME_MONO &&
		    !(no_color && *no_color);
	t->track_colors = 0;
	if (t->colors) {
		start_color(); /* COLORS is known from here */
		t->colors = COLORS >= 8;
	}
	if (!t->colors) {
		/* The user's attributes still count; colours cannot. */
		for (int e = 0; e < CONFIG_EL_COUNT; e++)
			attrs[e] = theme_attrs(c && c->colors[e].attrs
					       ? c->colors[e].attrs : mono[e]);
		return;
	}
	use_default_colors();
	const struct theme *tm = &themes[th];
	int rich = COLORS >= 256;
	for (int e = 0; e < CONFIG_EL_COUNT; e++) {
		struct config_style s = tm->el[rich][e];
		/* The user's style, when the terminal has its colours. */
		if (c && c->color_line[e] && theme_color_ok(c->colors[e].fg) &&
		    theme_color_ok(c->colors[e].bg))
			s = c->colors[e];
		short pair = (short)(e == CONFIG_EL_SELECTION && COLOR_PAIRS >
				     PAIR_SELECT ? PAIR_SELECT : PAIR_EL0 + e);
		if (e == CONFIG_EL_SELECTION && pair != PAIR_SELECT)
			s.fg = s.bg = D; /* no pair of its own: reverse */
		attrs[e] = theme_pair(pair, &s);
		if (e == CONFIG_EL_SELECTION && attrs[e] == 0)
			attrs[e] = A_REVERSE; /* a selection must show */
	}
	/* Track tags: the user's colours (those the terminal has), else the
	 * theme's. */
	struct track_color tracks[TRACK_PAIRS];
	int n = 0;
	if (c)
		for (int i = 0; i < c->n_tracks && n < TRACK_PAIRS; i++)
			if (c->tracks[i] >= 0 && c->tracks[i] < COLORS)
				tracks[n++] = (struct track_color){c->tracks[i],
								   D};
	if (n == 0) {
		int m = rich ? 12 : tm->n8;
		for (int i = 0; i < m; i++)
			tracks[n++] = rich ? (struct track_color){
				tm->tracks256[i], D} : tm->tracks8[i];
	}
	if (COLOR_PAIRS < PAIR_TRACK0 + n)
		n = COLOR_PAIRS - PAIR_TRACK0 > 0 ? COLOR_PAIRS - PAIR_TRACK0 : 0;
	for (int i = 0; i < n; i++)
		init_pair((short)(PAIR_TRACK0 + i), tracks[i].fg, tracks[i].bg);
	t->track_colors = n;
}

/* Each track's rank among the current program's tracks that have
 * sessions (-1: none), built on first use: tracks in use take the
 * colours in turn, so that two of them share one only when there are
 * more tracks in use than colours, however many are declared. */
static const int *
theme_track_ranks(struct tui *t)
{
	if (t->track_rank[t->cur])
		return t->track_rank[t->cur];
	const struct program *p = t->programs[t->cur];
	int *rank = xcalloc(p->n_tracks ? p->n_tracks : 1, sizeof(*rank));
	for (size_t i = 0; i < p->n_sessions; i++) {
		int k = p->sessions[i].track;
		if (k >= 0 && (size_t)k < p->n_tracks)
			rank[k] = 1;
	}
	int n = 0;
	for (size_t k = 0; k < p->n_tracks; k++)
		rank[k] = rank[k] ? n++ : -1;
	return t->track_rank[t->cur] = rank;
}

int
draw_track_attr(struct tui *t, int track)
{
	if (t->track_colors == 0 || track < 0)
		return A_BOLD;
	int r = (size_t)track < t->programs[t->cur]->n_tracks
		? theme_track_ranks(t)[track] : -1;
	/* A track without sessions (in the tracks view): after them. */
	if (r < 0)
		r = track;
	return COLOR_PAIR(PAIR_TRACK0 + r % t->track_colors);
}

int
theme_fix_attr(int attr)
{
	/* A pair ORed into the selection's: the selection's colours. */
	if (PAIR_NUMBER(attr) & PAIR_SELECT)
		return (attr & ~(int)A_COLOR) | (int)COLOR_PAIR(PAIR_SELECT);
	return attr;
}

void
tui_theme_style(int theme, int element, bool rich, struct config_style *out)
{
	if (theme == CONFIG_THEME_MONO)
		*out = (struct config_style){U, U, mono[element]};
	else
		*out = themes[theme].el[rich][element];
}

int
tui_theme_tracks(int theme, bool rich, short *tracks, int max)
{
	if (theme == CONFIG_THEME_MONO)
		return 0;
	const struct theme *tm = &themes[theme];
	int n = rich ? 12 : tm->n8;
	n = n < max ? n : max;
	for (int i = 0; i < n; i++)
		tracks[i] = rich ? tm->tracks256[i] : tm->tracks8[i].fg;
	return n;
}
