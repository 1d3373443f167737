/* What a program shows of a feed's text: for the readers' tests, which
 * look at the feed before any program is built from it. */
#ifndef SKED_TEST_FEEDTEXT_H
#define SKED_TEST_FEEDTEXT_H

#include <stdlib.h>
#include <string.h>

#include "sked/arena.h"
#include "sked/feed.h"
#include "sked/html.h"

/* The text v as a program shows it: HTML, in a format that writes it
 * (FEED_HTML_TEXTS), made text as program_text() makes it (html_plain),
 * kept in f's arena; other text as it is. */
static inline const char *
txt(struct feed *f, const struct feed_str *v)
{
	if (v->s == NULL || !(f->flags & FEED_HTML_TEXTS) ||
	    !html_is_markup(v->s, strlen(v->s)))
		return v->s;
	char *t = html_plain(v->s);
	const char *r = t ? arena_strndup(f->arena, t, strlen(t)) : NULL;
	free(t);
	return r;
}

#endif
