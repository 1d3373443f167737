/* Search benchmark: one all-fields query over a loaded program, timed in
 * the process (best of several runs), and the same program's searchable
 * text written out for pcre2grep to search (search_bench.sh compares).
 *
 * usage: search-bench FILE QUERY TEXT-OUT */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "sked/load.h"
#include "sked/search.h"
#include "sked/tz.h"

static double
now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static void
put_people(FILE *fp, const struct program_people *pp)
{
	for (size_t i = 0; i < pp->n; i++) {
		fprintf(fp, "%s\n", pp->v[i].name);
		if (pp->v[i].affiliation)
			fprintf(fp, "%s\n", pp->v[i].affiliation);
	}
}

int
main(int argc, char **argv)
{
	if (argc != 4) {
		fprintf(stderr, "usage: search-bench FILE QUERY TEXT-OUT\n");
		return 64;
	}
	struct diag_list d;
	enum load_status st;
	diag_list_init(&d);
	struct program *p = load_file(argv[1], &d, &st);
	diag_list_finish(&d);
	if (p == NULL)
		return 65;
	/* The text a search looks at, one field (or line of it) per line. */
	FILE *fp = fopen(argv[3], "w");
	if (fp == NULL)
		return 73;
	for (size_t i = 0; i < p->n_sessions; i++) {
		const struct program_session *s = &p->sessions[i];
		fprintf(fp, "%s\n%s\n", s->id, s->title);
		put_people(fp, &s->speakers);
		put_people(fp, &s->authors);
		const char *abstract = program_text(p, &s->abstract_text);
		if (abstract)
			fprintf(fp, "%s\n", abstract);
		if (s->track >= 0)
			fprintf(fp, "%s\n%s\n", p->tracks[s->track].id,
				p->tracks[s->track].name);
		if (s->room >= 0)
			fprintf(fp, "%s\n%s\n", p->rooms[s->room].id,
				p->rooms[s->room].name);
		for (size_t k = 0; k < s->tags.n; k++)
			fprintf(fp, "%s\n", s->tags.v[k]);
	}
	fclose(fp);

	double a = now_ms();
	struct search_index *x = search_index_create(p);
	double index_ms = now_ms() - a;
	struct search_error err;
	double best = 1e18;
	long n = 0;
	for (int run = 0; run < 5; run++) {
		a = now_ms();
		struct search_query *q = search_compile(argv[2], &err);
		if (q == NULL) {
			fprintf(stderr, "search-bench: %s\n", err.message);
			return 2;
		}
		struct search_result *r;
		n = search_run(q, x, &r, &err);
		double ms = now_ms() - a;
		if (ms < best)
			best = ms;
		free(r);
		search_destroy(q);
	}
	printf("%.2f %.2f %ld\n", best, index_ms, n);
	search_index_destroy(x);
	program_destroy(p);
	tz_cleanup();
	return 0;
}
