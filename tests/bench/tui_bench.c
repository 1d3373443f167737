/* Browser benchmark: the real views and drawing on an ncurses screen of
 * 120x40 that writes to /dev/null. Reports, in milliseconds: the first
 * frame (load, build, draw), a full redraw, a scroll step and a day
 * switch, each with its frame; exits 1 when a step exceeds one frame
 * (16 ms) on average.
 *
 * usage: tui-bench FILE... */
#include <curses.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "../../src/tui/tui.h"
#include "sked/load.h"

static double
now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* Average ms of `key` followed by a frame, over n rounds. */
static double
per_key(struct tui *t, int key, int n)
{
	double a = now_ms();
	for (int i = 0; i < n; i++) {
		tui_key(t, key);
		draw_screen(t);
	}
	return (now_ms() - a) / n;
}

int
main(int argc, char **argv)
{
	setlocale(LC_ALL, "C.UTF-8");
	if (argc < 2) {
		fprintf(stderr, "usage: tui-bench FILE...\n");
		return 64;
	}
	FILE *out = fopen("/dev/null", "w"), *in = fopen("/dev/null", "r");
	double t0 = now_ms();
	struct program *programs[16];
	size_t n = 0;
	size_t sessions = 0;
	for (int i = 1; i < argc && n < 16; i++) {
		struct diag_list d;
		enum load_status st;
		diag_list_init(&d);
		programs[n] = load_file(argv[i], &d, &st);
		diag_list_finish(&d);
		if (programs[n] == NULL) {
			fprintf(stderr, "tui-bench: cannot load %s\n", argv[i]);
			return 65;
		}
		sessions += programs[n++]->n_sessions;
	}
	SCREEN *scr = newterm("xterm-256color", out, in);
	resizeterm(40, 120);
	struct tui t;
	tui_init(&t, programs, n, &(struct tui_options){0});
	draw_screen(&t);
	double first = now_ms() - t0;

	double redraw = per_key(&t, 12 /* Ctrl-L */, 200);
	double scroll = per_key(&t, 'j', 500);
	double page = per_key(&t, KEY_NPAGE, 200);
	double day = per_key(&t, ']', 100);
	per_key(&t, '1', 1);
	double back_and_forth = per_key(&t, '\t', 100);
	double tracks = per_key(&t, 't', 50);
	/* A search typed key by key: each key re-searches every field of
	 * every session and draws the results. */
	tui_key(&t, '/');
	draw_screen(&t);
	const char *typed = "latency";
	double keystroke = 0;
	for (const char *c = typed; *c; c++) {
		double a = now_ms();
		tui_key(&t, *c);
		draw_screen(&t);
		double ms = now_ms() - a;
		if (ms > keystroke)
			keystroke = ms; /* the worst key */
	}
	tui_key(&t, 27);

	tui_finish(&t);
	endwin();
	delscreen(scr);
	fclose(out);
	fclose(in);
	for (size_t i = 0; i < n; i++)
		program_destroy(programs[i]);

	printf("%zu sessions: first frame %.2f ms; per step with its frame: "
	       "redraw %.3f, scroll %.3f, page %.3f, day switch %.3f / %.3f, "
	       "tracks view %.3f, search keystroke (worst of 7) %.3f ms\n",
	       sessions, first, redraw, scroll, page, day, back_and_forth,
	       tracks, keystroke);
	double worst = redraw;
	double steps[] = {scroll, page, day, back_and_forth, tracks, keystroke};
	for (size_t i = 0; i < 6; i++)
		if (steps[i] > worst)
			worst = steps[i];
	return worst > 16.0 ? 1 : 0;
}
