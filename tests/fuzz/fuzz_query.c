/* libFuzzer target: the search-query parser and compiler on any bytes,
 * then the query run over a small program and its spans computed (in a
 * title with letters that fold to several: ß to ss, a Hangul syllable to
 * its jamo, ł by transliteration). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sked/load.h"
#include "sked/search.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char fuzz_program[] =
	"sked: 1\nconference: {id: f, title: F, timezone: Europe/Berlin, "
	"start: 2024-10-21, end: 2024-10-23}\n"
	"tracks: [{id: k, name: Kernel}]\nrooms: [{id: r, name: Raum Ö}]\n"
	"sessions:\n"
	"  - {id: \"1\", title: Töpel's CAÑUELO talk on Groß 한 Kłos, track: k, room: r, "
	"start: 2024-10-21T10:00, duration: 30, speakers: [{name: Zoë, "
	"affiliation: Ümlaut AG}], tags: [a, b], type: talk, abstract: \"日本語 "
	"text, and more text\\nwith lines\"}\n"
	"  - {id: \"2\", title: Unscheduled}\n";

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct program *p;
	static struct search_index *x;
	if (p == NULL) {
		struct diag_list d;
		diag_list_init(&d);
		p = load_buffer("f.yaml", fuzz_program, sizeof(fuzz_program) - 1, &d);
		diag_list_finish(&d);
		if (p == NULL)
			abort();
		x = search_index_create(p);
	}
	char *query = malloc(size + 1);
	memcpy(query, data, size);
	query[size] = '\0';
	struct search_error err;
	struct search_query *q = search_compile(query, &err);
	if (q != NULL) {
		struct search_result *r;
		if (search_run(q, x, &r, &err) >= 0)
			free(r);
		struct search_span *spans;
		const char *t = p->sessions[0].title;
		size_t n = search_spans(q, SEARCH_TITLE, t, strlen(t), &spans);
		for (size_t i = 0; i < n; i++)
			if (spans[i].start >= spans[i].end ||
			    spans[i].end > strlen(t) ||
			    (i && spans[i - 1].end >= spans[i].start))
				abort();
		free(spans);
		search_destroy(q);
	} else if (err.offset > size || err.message[0] == '\0') {
		abort();
	}
	free(query);
	return 0;
}
