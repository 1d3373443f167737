/* libFuzzer target: a sked file read a piece at a time (load_source.h), its
 * bytes placed across the edge of the first piece. The input's first byte
 * says how far before the edge the rest begins (up to 255 bytes); before it,
 * comment lines fill the first piece, which changes nothing of what the
 * file means. The streamed load is then held to the same answer as the
 * load of the same bytes from memory: both load or neither does, and each
 * reports an error exactly when it gives no program. A character, a
 * scalar, a bad byte or a syntax error cut by the piece's edge is what this
 * target is for. */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "../../src/core/load_source.h"
#include "sked/load.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The file: comment lines up to LOAD_PIECE - before, then data. */
static char *
fuzz_file(const uint8_t *data, size_t size, size_t before, size_t *len)
{
	size_t fill = LOAD_PIECE - before;
	char *text = malloc(fill + size);
	if (text == NULL)
		abort();
	memset(text, '#', fill);
	for (size_t i = 79; i < fill; i += 80)
		text[i] = '\n';
	text[fill - 1] = '\n';
	memcpy(text + fill, data, size);
	*len = fill + size;
	return text;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	/* Never a snapshot: the file is read each time. */
	setenv("SKED_NO_CACHE", "1", 1);
	size_t len;
	char *text = fuzz_file(data + 1, size - 1, 1 + data[0], &len);

	struct diag_list whole;
	diag_list_init(&whole);
	struct program *pw = load_buffer("fuzz.yaml", text, len, &whole);
	if ((pw == NULL) != (whole.errors > 0))
		abort();

	int fd = memfd_create("fuzz.yaml", 0);
	if (fd < 0)
		abort();
	for (size_t off = 0; off < len;) {
		ssize_t w = write(fd, text + off, len - off);
		if (w <= 0)
			abort();
		off += (size_t)w;
	}
	char path[64];
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	struct diag_list streamed;
	diag_list_init(&streamed);
	enum load_status st;
	struct program *ps = load_file(path, &streamed, &st);
	if ((ps == NULL) != (streamed.errors > 0))
		abort();
	/* The same file: a program from both or from neither. */
	if ((ps == NULL) != (pw == NULL))
		abort();
	if (ps != NULL && ps->n_sessions != pw->n_sessions)
		abort();

	program_destroy(ps);
	program_destroy(pw);
	diag_list_finish(&streamed);
	diag_list_finish(&whole);
	close(fd);
	free(text);
	return 0;
}
