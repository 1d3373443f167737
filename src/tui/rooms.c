/* The rooms view (r): every room that has sessions, with how many; Enter
 * lists a room's sessions by day, and from there the detail. Only the
 * sessions the filters pass (tui_shown) count and show. */
#include <stdlib.h>
#include <string.h>

#include "sked/text.h"
#include "sked/xalloc.h"
#include "tui.h"

void
rooms_build(struct tui *t, struct view *v)
{
	const struct program *p = tui_program(t);
	v->note_w = 0;
	size_t *count = xcalloc(p->n_rooms + 1, sizeof(*count));
	for (size_t i = 0; i < p->n_sessions; i++)
		if (p->sessions[i].room >= 0 && tui_shown(t, i))
			count[p->sessions[i].room]++;
	/* A room the feed names but nothing takes place in (or nothing the
	 * filters pass) would be a dead end: it is left out. */
	for (size_t i = 0; i < p->n_rooms; i++) {
		if (count[i] == 0)
			continue;
		struct row *r = view_add(v, ROW_ROOM);
		r->index = i;
		r->count = count[i];
		/* The column of names: as wide as the widest, up to 40. */
		const char *name = p->rooms[i].name;
		int w = text_width(name, strlen(name));
		if (w > v->note_w)
			v->note_w = w < 40 ? w : 40;
	}
	free(count);
	if (v->n_rows == 0)
		view_addf(v, ROW_TEXT, TEXT_ATTR_DIM, "%s",
			  p->n_rooms ? "No session in any room passes the filters."
				     : "This program names no rooms: t lists "
				       "its tracks.");
}
