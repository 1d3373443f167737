/* Agenda benchmark: an agenda holding every session of a large program
 * and a tenth more ids the program lacks, timed in the process (best of
 * three): parsing the file's text, agenda_has on every id, agenda_mark
 * and agenda_missing over the program. agenda_bench.sh compares sizes: the
 * time must grow about linearly.
 *
 * usage: agenda-bench FILE   (prints: ids parse-ms has-ms mark-ms) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sked/agenda.h"
#include "sked/load.h"
#include "sked/tz.h"
#include "sked/xalloc.h"

static double
now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

int
main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: agenda-bench FILE\n");
		return 64;
	}
	struct diag_list d;
	enum load_status st;
	diag_list_init(&d);
	struct program *p = load_file(argv[1], &d, &st);
	diag_list_finish(&d);
	if (p == NULL)
		return 65;
	size_t n = p->n_sessions, extra = n / 10, cap = 64 + (n + extra) * 80;
	char *text = xmalloc(cap), *o = text;
	o += sprintf(o, "# sked agenda 1 %s\n", p->conference.id);
	for (size_t i = 0; i < n; i++)
		o += sprintf(o, "%s\n", p->sessions[i].id);
	for (size_t i = 0; i < extra; i++)
		o += sprintf(o, "gone-%zu\n", i);
	size_t len = (size_t)(o - text);
	double best[3] = {1e18, 1e18, 1e18};
	size_t ids = 0;
	for (int run = 0; run < 3; run++) {
		double t0 = now_ms();
		struct agenda *a = agenda_parse(p->conference.id, text, len);
		double t1 = now_ms();
		if (a == NULL)
			return 1;
		ids = a->n;
		for (size_t i = 0; i < n; i++)
			if (!agenda_has(a, p->sessions[i].id))
				return 1;
		double t2 = now_ms();
		bool *starred, *conflict;
		agenda_mark(a, p, &starred, &conflict);
		const char **missing;
		if (agenda_missing(a, p, &missing) != extra)
			return 1;
		double t3 = now_ms();
		free(missing);
		free(starred);
		free(conflict);
		agenda_destroy(a);
		double t[3] = {t1 - t0, t2 - t1, t3 - t2};
		for (int k = 0; k < 3; k++)
			if (t[k] < best[k])
				best[k] = t[k];
	}
	printf("%zu %.1f %.1f %.1f\n", ids, best[0], best[1], best[2]);
	free(text);
	program_destroy(p);
	tz_cleanup();
	return 0;
}
