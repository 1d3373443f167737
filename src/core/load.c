/* Loading: the file read into memory (its size capped), its format
 * recognized by the readers' sniffers (reader.c), its reader run and the
 * builder (build.c) run on what it read; or, for a file read before and
 * unchanged since, the program from its snapshot (snapshot.h). */
#include "sked/load.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sked/reader.h"
#include "sked/snapshot.h"
#include "sked/xalloc.h"

/* Loads buf[0..len); `owned`, when not NULL, is buf, which is freed as
 * soon as the reader is done with it, before the program is built. */
static struct program *
ld_load(const char *name, const char *buf, size_t len, char *owned,
	const struct build_options *o, struct diag_list *diags)
{
	size_t errors_before = diags->errors;
	if (len > LOAD_MAX_FILE) {
		diag_add(diags, DIAG_ERROR, name, 0, 0,
			 "file too large (the limit is %d MiB)",
			 LOAD_MAX_FILE / (1024 * 1024));
		free(owned);
		return NULL;
	}
	const struct reader *r = reader_sniff(buf, len);
	if (r == NULL) {
		char names[256];
		reader_names(names, sizeof(names));
		diag_add(diags, DIAG_ERROR, name, 1, 1,
			 "not a schedule sked can read: expected %s", names);
		free(owned);
		return NULL;
	}
	struct feed *f = feed_create(name, r->name);
	struct program *p = NULL;
	bool read = r->read(f, buf, len, diags);
	free(owned); /* the feed holds what the program needs */
	owned = NULL;
	if (read)
		p = build_program_take(f, o, diags);
	feed_destroy(f);
	if (diags->errors > errors_before) {
		/* The reader's errors, even when the builder found none. */
		program_destroy(p);
		return NULL;
	}
	return p;
}

struct program *
load_buffer_with(const char *name, const char *buf, size_t len,
		 const struct build_options *o, struct diag_list *diags)
{
	return ld_load(name, buf, len, NULL, o, diags);
}

struct program *
load_buffer(const char *name, const char *buf, size_t len,
	    struct diag_list *diags)
{
	return load_buffer_with(name, buf, len, NULL, diags);
}

/* Reads fd to its end, up to the size limit (one byte more says it is too
 * large). NULL on a read error, reported. */
static char *
ld_slurp(int fd, const char *path, size_t hint, size_t *len,
	 struct diag_list *diags)
{
	size_t cap = hint > 0 ? hint + 1 : 65536, n = 0;
	char *buf = xmalloc(cap);
	for (;;) {
		if (n == cap) {
			if (cap > LOAD_MAX_FILE)
				break;
			cap *= 2;
			buf = xreallocarray(buf, cap, 1);
		}
		ssize_t r = read(fd, buf + n, cap - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			diag_add(diags, DIAG_ERROR, path, 0, 0, "cannot read: %s",
				 strerror(errno));
			free(buf);
			return NULL;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	*len = n;
	return buf;
}

/* What became of a snapshot, on stderr with SKED_CACHE_TRACE set (for
 * the tests and the curious). */
static void
ld_trace(const char *spath, const char *what)
{
	const char *e = getenv("SKED_CACHE_TRACE");
	if (e != NULL && e[0] != '\0')
		fprintf(stderr, "sked: snapshot %s: %s\n", spath, what);
}

/* The snapshot key of the source just read into buf[0..len), fd's file
 * (st its fstat). */
static struct snapshot_key
ld_key(const struct stat *st, const char *buf, size_t len,
       uint64_t options_hash)
{
	return (struct snapshot_key){
		.size = len,
		.mtime_sec = st->st_mtim.tv_sec,
		.mtime_nsec = st->st_mtim.tv_nsec,
		.ino = st->st_ino,
		.dev = st->st_dev,
		.source_hash = snapshot_hash(buf, len, 0),
		.options_hash = options_hash,
	};
}

/* fd's file read again from its start, for a parse after its snapshot did
 * not answer (the source was freed before the snapshot was read, so that
 * the two are never in memory together). st and the key are taken again:
 * the file may have changed in between, and the snapshot written after the
 * parse must be keyed by what was parsed. */
static char *
ld_reread(int fd, const char *path, struct stat *st, size_t *len,
	  struct snapshot_key *key, struct diag_list *diags)
{
	if (lseek(fd, 0, SEEK_SET) != 0 || fstat(fd, st) != 0) {
		diag_add(diags, DIAG_ERROR, path, 0, 0, "cannot read: %s",
			 strerror(errno));
		return NULL;
	}
	char *buf = ld_slurp(fd, path, (size_t)st->st_size, len, diags);
	if (buf != NULL)
		*key = ld_key(st, buf, *len, key->options_hash);
	return buf;
}

struct program *
load_file_with(const char *path, const struct build_options *o,
	       struct diag_list *diags, enum load_status *status)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	if (fd < 0 || fstat(fd, &st) != 0 || S_ISDIR(st.st_mode)) {
		diag_add(diags, DIAG_ERROR, path, 0, 0, "cannot open: %s",
			 fd < 0 || !S_ISDIR(st.st_mode)
				 ? strerror(errno)
				 : "is a directory, expected a sked file");
		if (fd >= 0)
			close(fd);
		*status = LOAD_UNREADABLE;
		return NULL;
	}
	if (S_ISREG(st.st_mode) && st.st_size > LOAD_MAX_FILE) {
		/* Refused before a byte of it is read. */
		diag_add(diags, DIAG_ERROR, path, 0, 0,
			 "file too large (the limit is %d MiB)",
			 LOAD_MAX_FILE / (1024 * 1024));
		close(fd);
		*status = LOAD_INVALID;
		return NULL;
	}
	size_t len = 0;
	char *buf = ld_slurp(fd, path,
			     S_ISREG(st.st_mode) ? (size_t)st.st_size : 0, &len,
			     diags);
	if (buf == NULL) {
		close(fd);
		*status = LOAD_UNREADABLE;
		return NULL;
	}
	struct snapshot_key key;
	char *spath = NULL;
	if (S_ISREG(st.st_mode) && len <= LOAD_MAX_FILE && snapshot_enabled()) {
		uint64_t opts = snapshot_options_hash(path, o);
		key = ld_key(&st, buf, len, opts ^ snapshot_build_id());
		spath = snapshot_path(path, opts);
	}
	static const char *const what[] = {
		[SNAPSHOT_USED] = "used",
		[SNAPSHOT_MISSING] = "missing",
		[SNAPSHOT_STALE] = "stale",
		[SNAPSHOT_CORRUPT] = "corrupt, ignored",
	};
	enum snapshot_status probe =
		spath != NULL ? snapshot_probe(spath, &key) : SNAPSHOT_MISSING;
	if (spath != NULL && probe != SNAPSHOT_USED)
		ld_trace(spath, what[probe]);
	if (probe == SNAPSHOT_USED) {
		/* The snapshot's header names this source: the source is
		 * freed before the snapshot is read, so that the two are never
		 * in memory together (a warm load peaks at the program's size,
		 * not at the file's plus it). */
		free(buf);
		buf = NULL;
		struct program *p;
		enum snapshot_status s =
			snapshot_load(spath, &key, path, diags, &p);
		ld_trace(spath, what[s]);
		if (p != NULL) {
			close(fd);
			free(spath);
			*status = LOAD_OK;
			return p;
		}
		/* Damaged past its header (or replaced since): parsed after
		 * all, from a second read. */
		buf = ld_reread(fd, path, &st, &len, &key, diags);
		if (buf == NULL) {
			close(fd);
			free(spath);
			*status = LOAD_UNREADABLE;
			return NULL;
		}
		if (len > LOAD_MAX_FILE) {
			/* Grown past the limit: ld_load says so. */
			free(spath);
			spath = NULL;
		}
	}
	close(fd);
	size_t first = diags->n, dropped = diags->dropped;
	struct program *p = ld_load(path, buf, len, buf, o, diags);
	*status = p ? LOAD_OK : LOAD_INVALID;
	/* Not kept when earlier messages made DIAG_MAX cut some of this
	 * file's warnings: the snapshot could not report them again. */
	if (p != NULL && spath != NULL &&
	    (first == 0 || diags->dropped == dropped))
		ld_trace(spath, snapshot_save(spath, p, &key, diags, first,
					      diags->dropped - dropped)
					? "written"
					: "not written");
	free(spath);
	return p;
}

struct program *
load_file(const char *path, struct diag_list *diags, enum load_status *status)
{
	return load_file_with(path, NULL, diags, status);
}
