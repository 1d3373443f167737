/* A track: its sessions (view.c's list), and its description and leads in
 * a view of their own (i), shown whole: a long description above the
 * sessions would push them off the screen the track opens on. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sked/xalloc.h"
#include "tui.h"

bool
track_has_info(const struct program_track *tr, const struct program *p)
{
	return program_text(p, &tr->description_text) || tr->leads.n;
}

/* The line at the top of a track that has text to show. */
void
track_info_hint(const struct program_track *tr, const struct program *p,
		struct view *v)
{
	if (track_has_info(tr, p))
		view_addf(v, ROW_TEXT, TEXT_ATTR_DIM, "%s",
			  "i: the track's description and leads");
}

void
track_info_build(struct tui *t, struct view *v)
{
	const struct program *p = tui_program(t);
	const struct program_track *tr = &p->tracks[v->arg];
	const char *description = program_text(p, &tr->description_text);
	if (description)
		view_add_wrapped(v, description, 1, TEXT_ATTR_PLAIN, -1);
	if (tr->leads.n) {
		size_t len = 0;
		for (size_t i = 0; i < tr->leads.n; i++)
			len += strlen(tr->leads.v[i]) + 2;
		char *buf = xmalloc(len + 8);
		strcpy(buf, "Leads: ");
		for (size_t i = 0; i < tr->leads.n; i++) {
			strcat(buf, tr->leads.v[i]);
			if (i + 1 < tr->leads.n)
				strcat(buf, ", ");
		}
		if (description)
			view_addf(v, ROW_TEXT, TEXT_ATTR_PLAIN, "%s", "");
		/* Names: a line break in one is a space (one line). */
		struct piece pc = {buf, true};
		view_add_one_line(v, &pc, 1, 1, TEXT_ATTR_DIM, -1);
		free(buf);
	}
	if (v->n_rows == 0)
		view_addf(v, ROW_TEXT, TEXT_ATTR_DIM,
			  "This track has no description.");
}

/* i: the description of the track shown, or of the one selected in the
 * tracks; from the description, back to its sessions. */
void
tui_track_info(struct tui *t)
{
	struct view *v = tui_view(t);
	if (v->kind == VIEW_TRACK) {
		tui_push(t, VIEW_TRACK_INFO, v->arg);
	} else if (v->kind == VIEW_TRACKS && v->n_rows &&
		   v->rows[v->sel].kind == ROW_TRACK) {
		tui_push(t, VIEW_TRACK_INFO, v->rows[v->sel].index);
	} else if (v->kind == VIEW_TRACK_INFO && t->depth > 1) {
		view_free(&t->stack[--t->depth]);
	} else {
		snprintf(t->message, sizeof(t->message),
			 "i shows a track's description: in a track or the "
			 "tracks (t)");
	}
}
