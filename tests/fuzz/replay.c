/* Runs a fuzz target's LLVMFuzzerTestOneInput over files and directories,
 * without libFuzzer: the seeds and every crash the fuzzers found run in the
 * ordinary test suite, under any compiler and the sanitizers.
 *
 * usage: replay-TARGET FILE|DIR... */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "sked/statefile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static size_t replayed;

static void
replay(const char *path)
{
	struct stat st;
	if (stat(path, &st) != 0) {
		perror(path);
		exit(66);
	}
	if (S_ISDIR(st.st_mode)) {
		DIR *d = opendir(path);
		struct dirent *e;
		while (d && (e = readdir(d)) != NULL) {
			if (e->d_name[0] == '.')
				continue;
			char *sub = malloc(strlen(path) + strlen(e->d_name) + 2);
			sprintf(sub, "%s/%s", path, e->d_name);
			replay(sub);
			free(sub);
		}
		if (d)
			closedir(d);
		return;
	}
	size_t len;
	char *data = statefile_read(path, 512 * 1024 * 1024, &len);
	if (data == NULL) {
		perror(path);
		exit(66);
	}
	LLVMFuzzerTestOneInput((const uint8_t *)data, len);
	free(data);
	replayed++;
}

int
main(int argc, char **argv)
{
	for (int i = 1; i < argc; i++)
		replay(argv[i]);
	printf("%zu inputs replayed\n", replayed);
	return replayed ? 0 : 1;
}
