/* The baselines' one way of reading their input: the whole file into
 * memory, NUL-terminated, before the parser under measure starts (as sked
 * reads it). Exits 66 when the file cannot be opened, 70 out of memory. */
#ifndef SKED_BENCH_SLURP_H
#define SKED_BENCH_SLURP_H

#include <stdio.h>
#include <stdlib.h>

static char *
bench_slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	if (fp == NULL) {
		perror(path);
		exit(66);
	}
	size_t cap = 1 << 20, n = 0, r;
	char *buf = malloc(cap);
	while (buf && (r = fread(buf + n, 1, cap - n - 1, fp)) > 0)
		if ((n += r) == cap - 1)
			buf = realloc(buf, cap *= 2);
	fclose(fp);
	if (buf == NULL)
		exit(70);
	buf[n] = '\0';
	*len = n;
	return buf;
}

#endif
