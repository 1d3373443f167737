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
#include <time.h>
#include <unistd.h>

#include "load_source.h"
#include "sked/arena.h"
#include "sked/reader.h"
#include "sked/snapshot.h"
#include "sked/xalloc.h"

/* What holds a file read whole: an arena (a file of known size, on huge
 * pages when large) or the heap (one that grew as it was read: a pipe). */
struct ld_owned {
	struct arena *arena;
	char *heap;
};

static void
ld_release(struct ld_owned *owned)
{
	if (owned == NULL)
		return;
	arena_destroy(owned->arena);
	free(owned->heap);
	*owned = (struct ld_owned){0};
}

/* The program of feed f, which a reader filled (read: it says all went
 * well), built; f is destroyed. NULL when the reader or the builder
 * reported an error since errors_before: the reader's errors count even
 * when the builder found none. */
static struct program *
ld_build(struct feed *f, bool read, size_t errors_before,
	 const struct build_options *o, struct diag_list *diags)
{
	struct program *p = read ? build_program_take(f, o, diags) : NULL;
	feed_destroy(f);
	if (diags->errors > errors_before) {
		program_destroy(p);
		return NULL;
	}
	return p;
}

/* Loads buf[0..len); `owned`, when not NULL, holds buf, which is released
 * as soon as buf is not needed: before the program is built when the
 * reader counted its positions as lines and columns, after it when they
 * are offsets into buf (feed_set_source), which the builder resolves. */
static struct program *
ld_load(const char *name, const char *buf, size_t len, struct ld_owned *owned,
	const struct build_options *o, struct diag_list *diags)
{
	size_t errors_before = diags->errors;
	if (len > LOAD_MAX_FILE) {
		load_too_large(name, diags);
		ld_release(owned);
		return NULL;
	}
	const struct reader *r = reader_sniff(buf, len);
	if (r == NULL) {
		char names[256];
		reader_names(names, sizeof(names));
		diag_add(diags, DIAG_ERROR, name, 1, 1,
			 "not a schedule sked can read: expected %s", names);
		ld_release(owned);
		return NULL;
	}
	struct feed *f = feed_create(name, r->name);
	bool read = r->read(f, buf, len, diags);
	if (f->src == NULL) {
		ld_release(owned); /* the feed holds what the program needs */
		owned = NULL;
	}
	struct program *p = ld_build(f, read, errors_before, o, diags);
	ld_release(owned);
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

/* Reads the rest of s's file after its first piece, to its end, up to
 * the size limit (one byte more says it is too large), into one buffer
 * with that piece, held by *owned: for the readers that need the whole
 * file. NULL on a read error, reported. */
static char *
ld_slurp(struct load_source *s, size_t hint, size_t *len,
	 struct ld_owned *owned, struct diag_list *diags)
{
	size_t n = s->n, cap = hint >= n ? hint + 1 : n + LOAD_PIECE;
	*owned = (struct ld_owned){.arena = arena_create()};
	char *buf = arena_alloc(owned->arena, cap);
	memcpy(buf, s->piece, n);
	while (!s->end) {
		if (n == cap) {
			if (cap > LOAD_MAX_FILE)
				break;
			/* A file that grew, or a pipe: to the heap, grown
			 * in place where it can be, to the limit and a byte
			 * (doubling past it held twice the limit: /dev/zero
			 * took 527 MB before it was refused). */
			size_t grown = cap < (LOAD_MAX_FILE + 1) / 2
					       ? 2 * cap
					       : LOAD_MAX_FILE + 1;
			if (owned->heap == NULL) {
				owned->heap = xmalloc(grown);
				memcpy(owned->heap, buf, n);
				arena_destroy(owned->arena);
				owned->arena = NULL;
			} else {
				owned->heap = xreallocarray(owned->heap, 1, grown);
			}
			buf = owned->heap;
			cap = grown;
		}
		ssize_t r = read(s->fd, buf + n, cap - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			diag_add(diags, DIAG_ERROR, s->file, 0, 0,
				 "cannot read: %s", strerror(errno));
			ld_release(owned);
			return NULL;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	*len = n;
	return buf;
}

/* Loads the file s reads a piece at a time with r's read_source, never
 * holding it (load_source.h): ld_load's work without the buffer. */
static struct program *
ld_stream(const char *name, const struct reader *r, struct load_source *s,
	  const struct build_options *o, struct diag_list *diags)
{
	size_t errors_before = diags->errors;
	struct feed *f = feed_create(name, r->name);
	bool read = r->read_source(f, s, diags);
	return ld_build(f, read, errors_before, o, diags);
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

/* Reads fd from where it is to its end, a piece at a time, hashing as
 * load_hash does (load_source.h), never holding it. False on a read error
 * (not reported: the caller reads the file again, which reports it) or
 * when the file grows past LOAD_MAX_FILE. */
static bool
ld_hash_fd(int fd, size_t *len, uint64_t *hash)
{
	struct load_source s;
	if (load_source_open(&s, fd, NULL, true, NULL))
		while (load_source_next(&s))
			;
	*len = s.off + s.n;
	*hash = s.hash;
	load_source_close(&s);
	return !s.failed;
}

static struct snapshot_key
ld_key(const struct stat *st, const struct timespec *taken, size_t len,
       uint64_t source_hash, uint64_t options_hash)
{
	return (struct snapshot_key){
		.size = len,
		.mtime_sec = st->st_mtim.tv_sec,
		.mtime_nsec = st->st_mtim.tv_nsec,
		.ctime_sec = st->st_ctim.tv_sec,
		.ctime_nsec = st->st_ctim.tv_nsec,
		.ino = st->st_ino,
		.dev = st->st_dev,
		.source_hash = source_hash,
		.options_hash = options_hash,
		.taken_sec = taken->tv_sec,
		.taken_nsec = taken->tv_nsec,
	};
}

/* Whether a snapshot answers for the source open on fd (st its fstat,
 * taken the time just before it): the program from it, or NULL with *key
 * and *spath set for the parse to write one (*spath NULL: none is to be
 * written). The source is read only when its stat data could be stale
 * (snapshot_racy), then hashed as it is read, never held: a warm load
 * peaks at the program's size. */
static struct program *
ld_from_snapshot(int fd, const char *path, const struct stat *st,
		 const struct timespec *taken, const struct build_options *o,
		 struct diag_list *diags, struct snapshot_key *key,
		 char **spath)
{
	uint64_t opts = snapshot_options_hash(path, o);
	*key = ld_key(st, taken, (size_t)st->st_size, 0,
		      opts ^ snapshot_build_id());
	*spath = snapshot_path(path, opts);
	if (*spath == NULL)
		return NULL;
	static const char *const what[] = {
		[SNAPSHOT_USED] = "used",
		[SNAPSHOT_MISSING] = "missing",
		[SNAPSHOT_STALE] = "stale",
		[SNAPSHOT_CORRUPT] = "corrupt, ignored",
	};
	/* The header first: no snapshot is read in full that names another
	 * source, and the source is read only when the header's key is its
	 * stat data but they could be stale. */
	struct snapshot_key found;
	enum snapshot_status s = snapshot_probe(*spath, key, &found);
	bool hashed = false;
	if (s == SNAPSHOT_USED && snapshot_racy(&found)) {
		size_t len;
		uint64_t hash;
		hashed = true;
		if (!ld_hash_fd(fd, &len, &hash) || len != key->size ||
		    hash != found.source_hash)
			s = SNAPSHOT_STALE; /* a read error: the parse says */
	}
	key->source_hash = found.source_hash;
	struct program *p = NULL;
	if (s == SNAPSHOT_USED)
		s = snapshot_load(*spath, key, path, diags, &p);
	char line[64];
	snprintf(line, sizeof(line), "%s%s", what[s],
		 s == SNAPSHOT_USED   ? hashed ? " (hash)" : " (stat)"
		 : s == SNAPSHOT_STALE && hashed ? " (hash)"
						 : "");
	ld_trace(*spath, line);
	/* Found the same by its hash, and no longer racy: the next load
	 * takes the stat path. */
	if (p != NULL && hashed && !snapshot_racy(key))
		ld_trace(*spath, snapshot_restamp(*spath, key)
					 ? "restamped"
					 : "not restamped");
	return p;
}

/* p read from the file st describes, when it was opened. */
static struct program *
ld_sourced(struct program *p, const struct stat *st)
{
	if (p != NULL && S_ISREG(st->st_mode))
		p->source = (struct program_source){
			(uint64_t)st->st_dev, (uint64_t)st->st_ino,
			(uint64_t)st->st_size, st->st_mtim.tv_sec,
			st->st_mtim.tv_nsec, true};
	return p;
}

struct program *
load_file_with(const char *path, const struct build_options *o,
	       struct diag_list *diags, enum load_status *status)
{
	/* Before the fstat: every write after it is timed after this,
	 * within a timestamp's tick (snapshot.h). */
	struct timespec taken;
	clock_gettime(CLOCK_REALTIME, &taken);
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
		load_too_large(path, diags);
		close(fd);
		*status = LOAD_INVALID;
		return NULL;
	}
	struct snapshot_key key;
	char *spath = NULL;
	if (S_ISREG(st.st_mode) && snapshot_enabled()) {
		struct program *p =
			ld_from_snapshot(fd, path, &st, &taken, o, diags, &key,
					 &spath);
		if (p != NULL) {
			close(fd);
			free(spath);
			*status = LOAD_OK;
			return ld_sourced(p, &st);
		}
		/* Parsed, read from its start (a second time when a racy
		 * snapshot was hashed): the file is taken again, and the
		 * snapshot written after the parse is keyed by what was
		 * parsed, should the file have changed. */
		if (lseek(fd, 0, SEEK_SET) != 0 || fstat(fd, &st) != 0) {
			diag_add(diags, DIAG_ERROR, path, 0, 0,
				 "cannot read: %s", strerror(errno));
			close(fd);
			free(spath);
			*status = LOAD_UNREADABLE;
			return NULL;
		}
	}
	/* The first piece tells the format. A regular file of a format whose
	 * reader can pull it is streamed: read again (pread) only for the
	 * messages that quote it around an error. */
	struct load_source src;
	size_t len = 0;
	uint64_t hash = 0;
	size_t first = diags->n, dropped = diags->dropped;
	struct program *p = NULL;
	bool whole = false; /* the file read to its end: hash is its hash */
	if (!load_source_open(&src, fd, path, spath != NULL, diags)) {
		*status = LOAD_UNREADABLE;
	} else {
		const struct reader *r =
			reader_sniff((const char *)src.piece, src.n);
		if (S_ISREG(st.st_mode) && r != NULL && r->read_source != NULL) {
			p = ld_stream(path, r, &src, o, diags);
			len = src.off + src.n;
			hash = src.hash;
			whole = src.end && !src.failed;
			*status = p			? LOAD_OK
				  : src.read_error	? LOAD_UNREADABLE
							: LOAD_INVALID;
		} else {
			struct ld_owned owner;
			char *buf = ld_slurp(&src,
					     S_ISREG(st.st_mode)
						     ? (size_t)st.st_size
						     : 0,
					     &len, &owner, diags);
			load_source_close(&src);
			if (buf == NULL) {
				*status = LOAD_UNREADABLE;
			} else {
				whole = len <= LOAD_MAX_FILE; /* else ld_load
							       * says so */
				if (whole && spath != NULL)
					hash = load_hash(buf, len);
				p = ld_load(path, buf, len, &owner, o, diags);
				*status = p ? LOAD_OK : LOAD_INVALID;
			}
		}
	}
	load_source_close(&src);
	close(fd);
	/* Keyed by what was parsed, should the file have changed. Not kept
	 * when earlier messages made DIAG_MAX cut some of this file's
	 * warnings: the snapshot could not report them again. */
	if (p != NULL && spath != NULL && whole &&
	    (first == 0 || diags->dropped == dropped)) {
		key = ld_key(&st, &taken, len, hash, key.options_hash);
		ld_trace(spath, snapshot_save(spath, p, &key, diags, first,
					      diags->dropped - dropped)
					? "written"
					: "not written");
	}
	free(spath);
	return ld_sourced(p, &st);
}

struct program *
load_file(const char *path, struct diag_list *diags, enum load_status *status)
{
	return load_file_with(path, NULL, diags, status);
}
