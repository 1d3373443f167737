/* libFuzzer target: the snapshot reader (snapshot.h) on any bytes, without
 * its checksum check (which a fuzzer cannot forge, and a hostile file
 * can). A program it accepts is walked whole: every string read to its
 * end, every text made plain, every index followed. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sked/snapshot.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static size_t
fz_len(const char *s)
{
	return s ? strlen(s) : 0;
}

static size_t
fz_people(const struct program_people *v)
{
	size_t n = 0;
	for (size_t i = 0; i < v->n; i++)
		n += fz_len(v->v[i].name) + fz_len(v->v[i].affiliation) +
		     fz_len(v->v[i].id) + fz_len(v->v[i].url);
	return n;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diag_list d;
	diag_list_init(&d);
	struct program *p = NULL;
	enum snapshot_status st = snapshot_decode((const char *)data, size, NULL,
						  "fuzz.snap", &d, &p);
	if ((st == SNAPSHOT_USED) != (p != NULL))
		abort();
	if (p == NULL && d.n != 0)
		abort(); /* a refused snapshot reports nothing */
	volatile size_t n = 0;
	if (p != NULL) {
		n += fz_len(p->conference.id) + fz_len(p->conference.title);
		for (size_t i = 0; i < p->n_tracks; i++)
			n += fz_len(p->tracks[i].name) +
			     fz_len(program_text(p, &p->tracks[i].description_text));
		for (size_t i = 0; i < p->n_sessions; i++) {
			const struct program_session *s = &p->sessions[p->order[i]];
			n += fz_len(s->id) + fz_len(s->title) +
			     fz_len(program_text(p, &s->abstract_text)) +
			     fz_len(program_text(p, &s->description_text));
			if (s->track >= 0)
				n += fz_len(p->tracks[s->track].id);
			if (s->room >= 0)
				n += fz_len(p->rooms[s->room].name);
			for (size_t j = 0; j < s->languages.n; j++)
				n += fz_len(s->languages.v[j]);
			for (size_t j = 0; j < s->tags.n; j++)
				n += fz_len(s->tags.v[j]);
			for (size_t j = 0; j < s->links.n; j++)
				n += fz_len(s->links.v[j].url) +
				     fz_len(s->links.v[j].title);
			n += fz_people(&s->speakers) + fz_people(&s->authors);
		}
	}
	(void)n;
	program_destroy(p);
	diag_list_finish(&d);
	return 0;
}
