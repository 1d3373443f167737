/* Unit tests of the snapshot cache (snapshot.h): when a warm load trusts
 * the source's stat data and when it hashes the source, and what an old
 * format's snapshot is. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "../../src/core/load_source.h"
#include "../../src/core/snapshot_int.h"
#include "sked/buf.h"
#include "sked/load.h"
#include "sked/program.h"
#include "sked/snapshot.h"
#include "sked/statefile.h"
#include "sked/tz.h"
#include "smaps.h"

#ifndef SKED_SOURCE_ROOT
#define SKED_SOURCE_ROOT "."
#endif

static struct snapshot_key
key_at(int64_t mtime, int64_t ctime, int64_t taken)
{
	return (struct snapshot_key){
		.mtime_sec = mtime,
		.mtime_nsec = 500,
		.ctime_sec = ctime,
		.ctime_nsec = 500,
		.taken_sec = taken,
		.taken_nsec = 500,
	};
}

/* A test's scratch directory (its state): a source file path in it and
 * a cache directory, XDG_CACHE_HOME, for the snapshots; removed after
 * the test. */
struct scratch {
	char dir[64];
	char cache[128], path[128], spath[128];
};

static int
scratch_setup(void **state)
{
	struct scratch *s = calloc(1, sizeof(*s));
	if (s == NULL)
		return -1;
	snprintf(s->dir, sizeof(s->dir), "/tmp/sked-test-snapshot-XXXXXX");
	if (mkdtemp(s->dir) == NULL) {
		free(s);
		return -1;
	}
	snprintf(s->cache, sizeof(s->cache), "%s/cache", s->dir);
	snprintf(s->path, sizeof(s->path), "%s/p.yaml", s->dir);
	snprintf(s->spath, sizeof(s->spath), "%s/p.snap", s->dir);
	setenv("XDG_CACHE_HOME", s->cache, 1);
	unsetenv("SKED_NO_CACHE");
	*state = s;
	return 0;
}

static int
scratch_teardown(void **state)
{
	struct scratch *s = *state;
	char cmd[256];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", s->dir);
	int r = system(cmd);
	free(s);
	return r == 0 ? 0 : -1;
}

/* Racy: mtime or ctime not strictly older than the taken time minus 2 s. */
static void
test_racy(void **state)
{
	(void)state;
	const int64_t t = 1700000000;
	struct snapshot_key k = key_at(t - 3, t - 3, t);
	assert_false(snapshot_racy(&k));
	k = key_at(t - 2, t - 3, t); /* exactly at the limit */
	assert_true(snapshot_racy(&k));
	k.mtime_nsec = 499; /* a nanosecond before it */
	assert_false(snapshot_racy(&k));
	k = key_at(t - 3, t - 2, t);
	assert_true(snapshot_racy(&k));
	k = key_at(t - 100, t, t); /* mtime set back, ctime now */
	assert_true(snapshot_racy(&k));
	k = key_at(t + 100, t - 100, t); /* mtime in the future */
	assert_true(snapshot_racy(&k));
	k = key_at(t - 1, t - 1, t);
	assert_true(snapshot_racy(&k));
	/* A hostile header's times never overflow. */
	k = key_at(INT64_MIN, INT64_MIN, INT64_MIN);
	assert_true(snapshot_racy(&k));
	k = key_at(INT64_MIN, INT64_MIN, INT64_MAX);
	assert_false(snapshot_racy(&k));
}

static char *
slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	char *buf = malloc(1 << 20);
	assert_non_null(buf);
	*len = fread(buf, 1, 1 << 20, f);
	assert_true(*len < 1 << 20);
	fclose(f);
	return buf;
}

/* A snapshot of format version 1 (the key without ctime), 2 (without
 * its zone's offsets), 3 (with a line per session), 4 (without whether
 * the zone was derived), 5 (text not in NFC) or 6 (without whether a
 * derived zone's times were exact) is stale, not read as this format;
 * the fuzzer's seeds are of this format. */
static void
test_versions(void **state)
{
	(void)state;
	static const char *const files[] = {
		"tests/data/snapshot/v1-fields.yaml.snap",
		"tests/data/snapshot/v2-fields.yaml.snap",
		"tests/data/snapshot/v3-fields.yaml.snap",
		"tests/data/snapshot/v4-fields.yaml.snap",
		"tests/data/snapshot/v5-fields.yaml.snap",
		"tests/data/snapshot/v6-fields.yaml.snap",
		"tests/fuzz/seeds/snapshot/fields.yaml.snap",
		"tests/fuzz/seeds/snapshot/lpc2023.yaml.snap",
		"tests/fuzz/seeds/snapshot/debconf23.xml.snap",
		"tests/fuzz/seeds/snapshot/kielux-2020.ics.snap",
	};
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		char path[4096];
		snprintf(path, sizeof(path), "%s/%s", SKED_SOURCE_ROOT,
			 files[i]);
		size_t len;
		char *data = slurp(path, &len);
		struct diag_list d;
		diag_list_init(&d);
		struct program *p = NULL;
		enum snapshot_status st =
			snapshot_decode(data, len, NULL, "f", &d, &p);
		if (i < 6) {
			assert_int_equal(st, SNAPSHOT_STALE);
			assert_null(p);
		} else {
			assert_int_equal(st, SNAPSHOT_USED);
			assert_non_null(p);
			assert_true(p->n_sessions > 0);
		}
		program_destroy(p);
		diag_list_finish(&d);
		free(data);
	}
}

#define PROGRAM(TITLE)                                                         \
	"sked: 1\n"                                                            \
	"conference:\n"                                                        \
	"  id: t\n"                                                            \
	"  title: T\n"                                                         \
	"  timezone: UTC\n"                                                    \
	"  start: 2024-06-01\n"                                                \
	"  end: 2024-06-01\n"                                                  \
	"sessions:\n"                                                          \
	"  - id: a\n"                                                          \
	"    title: " TITLE "\n"                                               \
	"    start: 2024-06-01T09:00\n"                                        \
	"    duration: 30\n"

static const char OLD[] = PROGRAM("Old title"), NEW[] = PROGRAM("New title");

static void
write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "r+b");
	if (f == NULL)
		f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(text, 1, strlen(text), f), strlen(text));
	assert_int_equal(fclose(f), 0);
}

/* The title of the program load_file gives for path. */
static void
assert_loads(const char *path, const char *title)
{
	struct diag_list d;
	diag_list_init(&d);
	enum load_status st;
	struct program *p = load_file(path, &d, &st);
	assert_non_null(p);
	assert_int_equal(p->n_sessions, 1);
	assert_string_equal(p->sessions[0].title, title);
	program_destroy(p);
	diag_list_finish(&d);
}

/* The key a load of the file at path would look for, by its stat data as
 * they are now and the default options; no source hash, no taken time. */
static struct snapshot_key
key_of(const char *path)
{
	struct stat st;
	assert_int_equal(stat(path, &st), 0);
	return (struct snapshot_key){
		.size = (uint64_t)st.st_size,
		.mtime_sec = st.st_mtim.tv_sec,
		.mtime_nsec = st.st_mtim.tv_nsec,
		.ctime_sec = st.st_ctim.tv_sec,
		.ctime_nsec = st.st_ctim.tv_nsec,
		.ino = st.st_ino,
		.dev = st.st_dev,
		.options_hash = snapshot_options_hash(path, NULL) ^
				snapshot_build_id(),
	};
}

/* Writes a snapshot of the program OLD for the file at path, keyed with
 * the file's stat data as they are now, OLD's hash and the taken time
 * `taken`: as if the file had been rewritten (same size, same inode)
 * within the same timestamp as the snapshot's stat, or not. */
static void
forge(const char *path, int64_t taken)
{
	struct diag_list d;
	diag_list_init(&d);
	struct program *p = load_buffer(path, OLD, strlen(OLD), &d);
	assert_non_null(p);
	struct snapshot_key k = key_of(path);
	k.source_hash = snapshot_hash(OLD, strlen(OLD), 0);
	k.taken_sec = taken;
	char *spath = snapshot_path(path, snapshot_options_hash(path, NULL));
	assert_non_null(spath);
	assert_true(snapshot_save(spath, p, &k, &d, 0, 0));
	free(spath);
	program_destroy(p);
	diag_list_finish(&d);
}

/* A file whose stat data match its snapshot's: read and hashed when it
 * is racy (a rewrite in the same timestamp is found by the hash), not
 * read at all when it is not (the snapshot is trusted: shown here by a
 * forged one, which a real file could not make). */
static void
test_stat_or_hash(void **state)
{
	const char *path = ((struct scratch *)*state)->path;
	assert_int_equal(strlen(OLD), strlen(NEW));
	write_file(path, OLD);
	assert_loads(path, "Old title"); /* writes a snapshot */
	assert_loads(path, "Old title"); /* from it */
	write_file(path, NEW);           /* the same size and inode */

	struct timespec now;
	clock_gettime(CLOCK_REALTIME, &now);
	/* Racy (the file was written just now): its hash says it changed. */
	forge(path, now.tv_sec);
	assert_loads(path, "New title");
	forge(path, now.tv_sec + 1);
	assert_loads(path, "New title");

	/* Not racy: the stat data are trusted, the source not read. */
	struct stat st;
	assert_int_equal(stat(path, &st), 0);
	int64_t newest = st.st_mtim.tv_sec > st.st_ctim.tv_sec
				 ? st.st_mtim.tv_sec
				 : st.st_ctim.tv_sec;
	forge(path, newest + SNAPSHOT_RACY_SEC + 1);
	assert_loads(path, "Old title");

	/* Any write since changes ctime (past the kernel's coarse clock's
	 * tick): stale, whatever the taken time. */
	nanosleep(&(struct timespec){.tv_nsec = 30 * 1000 * 1000}, NULL);
	write_file(path, NEW);
	assert_loads(path, "New title");
}

/* The key of a snapshot written after a cold load, which streams the
 * file a piece at a time (load_source.h): the hash of the source is the
 * hash of it in memory, snapshot_hash chained over pieces of 64 KiB (for
 * sizes within one piece, across two and a whole number of them).
 * snapshot_check.sh has a warm load use it. */
static void
test_streamed_key(void **state)
{
	const char *path = ((struct scratch *)*state)->path;
	static const size_t sizes[] = {1000, LOAD_PIECE, LOAD_PIECE + 1,
				       2 * LOAD_PIECE + 17000, 2 * LOAD_PIECE};
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		size_t len = sizes[i];
		char *text = malloc(len);
		assert_non_null(text);
		memset(text, '#', len);
		memcpy(text, OLD, strlen(OLD));
		for (size_t j = strlen(OLD); j + 1 < len; j += 80)
			text[j] = '\n';
		text[len - 1] = '\n';
		FILE *f = fopen(path, "wb");
		assert_non_null(f);
		assert_int_equal(fwrite(text, 1, len, f), len);
		assert_int_equal(fclose(f), 0);
		assert_loads(path, "Old title"); /* writes a snapshot */
		uint64_t h = 0;
		size_t off = 0;
		do {
			size_t n = len - off < LOAD_PIECE ? len - off : LOAD_PIECE;
			h = snapshot_hash(text + off, n, h);
			off += n;
		} while (off < len);
		struct snapshot_key k = key_of(path), found;
		char *spath = snapshot_path(path,
					    snapshot_options_hash(path, NULL));
		assert_non_null(spath);
		assert_int_equal(snapshot_probe(spath, &k, &found),
				 SNAPSHOT_USED);
		assert_true(found.source_hash == h);
		free(spath);
		free(text);
		assert_int_equal(unlink(path), 0);
	}
}

/* The kB of the mapping that holds address a, for the smaps field name
 * ("Rss:", "Anonymous:"); -1 when none holds it. */
static long
smaps_kb(const void *a, const char *field)
{
	char v[64];
	return smaps_field(a, field, v, sizeof(v)) ? strtol(v, NULL, 10) : -1;
}

/* A snapshot is mapped, not copied: its strings stay in the page cache's
 * pages (a writable private mapping populated up front was copied whole,
 * page by page, into fresh memory). */
static void
test_mapped_not_copied(void **state)
{
	const char *spath = ((struct scratch *)*state)->spath;
	enum { N = 512 * 1024 };
	struct buf b = {0};
	buf_puts(&b, PROGRAM("Mapped") "    abstract: ");
	for (size_t i = 0; i < N / 8; i++)
		buf_puts(&b, "abcdefg ");
	buf_puts(&b, "\n");
	struct diag_list d;
	diag_list_init(&d);
	struct program *p = load_buffer("p.yaml", b.v, b.n, &d);
	assert_non_null(p);
	struct snapshot_key k = {.size = b.n, .source_hash = 1};
	assert_true(snapshot_save(spath, p, &k, &d, 0, 0));
	program_destroy(p);
	p = NULL;
	assert_int_equal(snapshot_load(spath, &k, "p.yaml", &d, &p),
			 SNAPSHOT_USED);
	assert_non_null(p);
	const char *abstract = p->sessions[0].abstract_text.raw;
	assert_non_null(abstract);
	assert_true(strlen(abstract) >= N - 8);
	long rss = smaps_kb(abstract, "Rss:");
	long anon = smaps_kb(abstract, "Anonymous:");
	assert_true(rss >= N / 1024);
	assert_true(anon >= 0);
	assert_true(anon <= 8); /* at most the last page, past the file */
	program_destroy(p);
	diag_list_finish(&d);
	free(b.v);
}

/* The checksum of data stated again after a test changed bytes, so that
 * only the UTF-8 check can refuse them. */
static void
restate_sum(char *data, size_t len)
{
	uint64_t h = sn_checksum(data, len);
	memcpy(data + SNAPSHOT_HEADER - 8, &h, 8);
}

static enum snapshot_status
decode_keyed(const char *data, size_t len, const struct snapshot_key *k)
{
	struct diag_list d;
	diag_list_init(&d);
	struct program *p = NULL;
	enum snapshot_status st = snapshot_decode(data, len, k, "c.yaml", &d, &p);
	assert_true((st == SNAPSHOT_USED) == (p != NULL));
	program_destroy(p);
	diag_list_finish(&d);
	return st;
}

/* data with byte `at` set to v (and the checksum stated again when
 * `restate`) decodes as `want`; data is left as it was. */
static void
expect_changed(char *data, size_t len, const struct snapshot_key *k,
	       size_t at, unsigned char v, bool restate,
	       enum snapshot_status want)
{
	char *c = malloc(len);
	assert_non_null(c);
	memcpy(c, data, len);
	c[at] = (char)v;
	if (restate)
		restate_sum(c, len);
	assert_int_equal(decode_keyed(c, len, k), want);
	free(c);
}

/* A program in a zone keeps the zone's file's stat data and its offsets
 * (tz_supply): used while the zone's file is the one its offsets and
 * instants came from, stale when it is another (a tzdata update: a file
 * renamed over it, or rewritten), whether the zone was looked up in the
 * process already or not. */
/* The key the snapshots of load_buffer's programs get in these tests. */
static const struct snapshot_key test_key = {
	.size = 1, .mtime_sec = 1, .ino = 2, .source_hash = 3,
	.options_hash = 4};

/* The snapshot of p with key k and the warnings of d, into b; p is
 * destroyed and d finished. */
static void
encoded(struct program *p, const struct snapshot_key *k, struct diag_list *d,
	struct buf *b)
{
	assert_true(snapshot_encode(p, k, d, 0, 0, b));
	program_destroy(p);
	diag_list_finish(d);
}

/* Whether the zone was guessed (the file names none: build.h), and
 * whether the times it shows were exact instants, are the builder's, and
 * the snapshot keeps them either way: every command says so from a
 * snapshot as from the file. */
static void
test_zone_derived_kept(void **state)
{
	(void)state;
	static const char *const files[] = {
		"sked: 1\nconference: {id: c, title: C, timezone: UTC, "
		"start: 2024-06-01, end: 2024-06-01}\nsessions:\n"
		"  - {id: a, title: A, start: 2024-06-01T09:00, duration: 30}\n",
		"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t\r\n"
		"X-WR-CALNAME:Z\r\nBEGIN:VEVENT\r\nUID:a@z\r\n"
		"DTSTAMP:20240101T000000Z\r\nDTSTART:20240601T090000\r\n"
		"DTEND:20240601T100000\r\nSUMMARY:A\r\nEND:VEVENT\r\n"
		"END:VCALENDAR\r\n",
		"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t\r\n"
		"X-WR-CALNAME:Z\r\nBEGIN:VEVENT\r\nUID:a@z\r\n"
		"DTSTAMP:20240101T000000Z\r\nDTSTART:20240601T090000Z\r\n"
		"DTEND:20240601T100000Z\r\nSUMMARY:A\r\nEND:VEVENT\r\n"
		"END:VCALENDAR\r\n",
	};
	static const char *const names[] = {"c.yaml", "c.ics", "z.ics"};
	static const bool derived[] = {false, true, true};
	static const bool exact[] = {false, false, true};
	for (size_t i = 0; i < 3; i++) {
		struct diag_list d;
		diag_list_init(&d);
		struct program *p = load_buffer(names[i], files[i],
						strlen(files[i]), &d);
		assert_non_null(p);
		assert_int_equal(p->conference.zone_derived, derived[i]);
		assert_int_equal(p->conference.times_exact, exact[i]);
		const struct snapshot_key k = test_key;
		struct buf b = {0};
		encoded(p, &k, &d, &b);
		struct program *q = NULL;
		diag_list_init(&d);
		assert_int_equal(snapshot_decode(b.v, b.n, &k, names[i], &d, &q),
				 SNAPSHOT_USED);
		assert_int_equal(q->conference.zone_derived, derived[i]);
		assert_int_equal(q->conference.times_exact, exact[i]);
		assert_string_equal(tz_name(q->conference.zone), "UTC");
		program_destroy(q);
		diag_list_finish(&d);
		free(b.v);
	}
}

static void
test_zone_data(void **state)
{
	(void)state;
	static const char y[] =
		"sked: 1\nconference: {id: c, title: C, timezone: "
		"America/New_York, start: 2023-11-04, end: 2023-11-06}\n"
		"sessions:\n"
		"  - {id: a, title: A, start: 2023-11-04T23:30, duration: 60}\n"
		"  - {id: b, title: B, start: 2023-11-06T09:00, duration: 30}\n";
	struct diag_list d;
	diag_list_init(&d);
	struct program *p = load_buffer("c.yaml", y, strlen(y), &d);
	assert_non_null(p);
	struct snapshot_key k = test_key;
	struct buf b = {0};
	encoded(p, &k, &d, &b);
	assert_int_equal(decode_keyed(b.v, b.n, &k), SNAPSHOT_USED);
	/* Where the zone's key is: its size and inode, as written. */
	struct tz_file f;
	assert_true(tz_file_in(tz_zone_dir(), "America/New_York", &f));
	uint64_t size_ino[2] = {f.size, f.ino};
	size_t off = SNAPSHOT_HEADER;
	while (off + sizeof(size_ino) <= b.n &&
	       memcmp(b.v + off, size_ino, sizeof(size_ino)) != 0)
		off += 4;
	assert_true(off + sizeof(size_ino) <= b.n);
	/* Its ino, dev, mtime and ctime (8 bytes each after the size). */
	for (int fresh = 0; fresh < 2; fresh++) {
		/* fresh: no zone known in the process, the file as it is now
		 * compared; else the zone load_buffer looked up, as it was. */
		if (fresh)
			tz_cleanup();
		for (size_t field = 1; field < 7; field++)
			expect_changed(b.v, b.n, &k, off + field * 8,
				       (unsigned char)(b.v[off + field * 8] ^ 1),
				       true, SNAPSHOT_STALE);
		expect_changed(b.v, b.n, &k, off, (unsigned char)(b.v[off] ^ 1),
			       true, SNAPSHOT_STALE);
		assert_int_equal(decode_keyed(b.v, b.n, &k), SNAPSHOT_USED);
	}
	/* A snapshot refused after its zone was read hands nothing to the
	 * process's zones: here one whose offset for 2023-11-06 (day 19667)
	 * says -4 h, and whose count of scheduled sessions is one short,
	 * which is found only once the sessions are read. */
	{
		char *c = malloc(b.n);
		assert_non_null(c);
		memcpy(c, b.v, b.n);
		static const unsigned char day19667[8] = {0xd3, 0x4c};
		size_t at = SNAPSHOT_HEADER;
		while (at + 12 <= b.n && memcmp(c + at, day19667, 8) != 0)
			at += 4;
		assert_true(at + 12 <= b.n);
		int32_t offset;
		memcpy(&offset, c + at + 8, 4);
		assert_int_equal(offset, -5 * 3600);
		offset = -4 * 3600;
		memcpy(c + at + 8, &offset, 4);
		uint32_t scheduled;
		memcpy(&scheduled, c + SNAPSHOT_HEADER + 12, 4);
		assert_int_equal(scheduled, 2);
		scheduled = 1;
		memcpy(c + SNAPSHOT_HEADER + 12, &scheduled, 4);
		restate_sum(c, b.n);
		tz_cleanup();
		assert_int_equal(decode_keyed(c, b.n, &k), SNAPSHOT_CORRUPT);
		struct tz_day day;
		tz_day_of(tz_find("America/New_York"), 19667, &day);
		assert_int_equal(day.offset, -5 * 3600);
		free(c);
	}
	/* The program from it reads its times without libical's zone. */
	struct program *q = NULL;
	diag_list_init(&d);
	tz_cleanup();
	assert_int_equal(snapshot_decode(b.v, b.n, &k, "c.yaml", &d, &q),
			 SNAPSHOT_USED);
	struct tz_wall w;
	int utc_off;
	tz_from_utc(q->conference.zone, q->sessions[0].start_utc, &w, &utc_off);
	assert_int_equal(w.day, 4);
	assert_int_equal(w.hour, 23);
	assert_int_equal(w.minute, 30);
	assert_int_equal(utc_off, -4 * 3600);
	struct tz_day day;
	tz_day_of(q->conference.zone, 19666, &day); /* the change's day */
	assert_false(day.uniform);
	tz_day_of(q->conference.zone, 19667, &day);
	assert_true(day.uniform);
	assert_int_equal(day.offset, -5 * 3600);
	program_destroy(q);
	diag_list_finish(&d);
	free(b.v);
}

/* A load checks the checksum and the strings' UTF-8 in one pass, a
 * SNAPSHOT_CHUNK at a time: a byte changed in any chunk is refused by the
 * checksum, invalid UTF-8 in any chunk by the UTF-8 check (the checksum
 * stated again to match), a character cut by a chunk's end is whole with
 * the next, and made invalid across the edge is refused. */
/* A program of n sessions in y, each with an abstract of a hundred
 * three-byte characters: at 301, a snapshot of several chunks. */
static void
chunky_yaml(struct buf *y, int n)
{
	buf_puts(y, "sked: 1\nconference: {id: c, title: C, timezone: UTC, "
		    "start: 2024-06-01, end: 2024-06-01}\nsessions:\n");
	for (int i = 0; i < n; i++) {
		char line[64];
		snprintf(line, sizeof(line),
			 "  - {id: s%d, title: T%d, abstract: \"%.*s", i, i,
			 i % 3, "ab");
		buf_puts(y, line);
		/* three-byte characters: most chunk edges cut one */
		for (int j = 0; j < 100; j++)
			buf_puts(y, "日");
		buf_puts(y, " end\"}\n");
	}
}

/* The program of chunky_yaml(n), loaded, with the key its snapshots get
 * in these tests. */
static struct program *
chunky_program(int n, struct diag_list *d, struct snapshot_key *k)
{
	struct buf y = {0};
	chunky_yaml(&y, n);
	diag_list_init(d);
	struct program *p = load_buffer("c.yaml", y.v, y.n, d);
	assert_non_null(p);
	*k = (struct snapshot_key){.size = y.n, .mtime_sec = 1, .ino = 2,
				   .source_hash = 3, .options_hash = 4};
	free(y.v);
	return p;
}

static void
test_checked_by_chunks(void **state)
{
	(void)state;
	struct diag_list d;
	struct snapshot_key k;
	struct program *p = chunky_program(301, &d, &k);
	struct buf b = {0};
	assert_true(snapshot_encode(p, &k, &d, 0, 0, &b));
	program_destroy(p);
	diag_list_finish(&d);
	char *data = b.v;
	size_t len = b.n;
	assert_int_equal(decode_keyed(data, len, &k), SNAPSHOT_USED);
	uint64_t rec_len;
	memcpy(&rec_len, data + SN_REC_LEN_AT, 8);
	size_t blob_at = SNAPSHOT_HEADER + (size_t)rec_len;
	assert_true(len - blob_at > 3 * SNAPSHOT_CHUNK);
	size_t cut = 0, edges = 0;
	for (size_t e = SNAPSHOT_HEADER + SNAPSHOT_CHUNK; e < len;
	     e += SNAPSHOT_CHUNK) {
		/* a byte changed on either side of the edge */
		expect_changed(data, len, &k, e - 1,
			       (unsigned char)data[e - 1] ^ 1, false,
			       SNAPSHOT_CORRUPT);
		expect_changed(data, len, &k, e,
			       (unsigned char)data[e] ^ 0x20, false,
			       SNAPSHOT_CORRUPT);
		if (e <= blob_at)
			continue;
		edges++;
		/* invalid UTF-8 on either side, the checksum matching */
		expect_changed(data, len, &k, e - 1, 0xFF, true,
			       SNAPSHOT_CORRUPT);
		expect_changed(data, len, &k, e, 0xFF, true, SNAPSHOT_CORRUPT);
		/* a character cut by the edge, its bytes past the edge made
		 * ASCII: its start then is a truncated sequence */
		if (((unsigned char)data[e] & 0xC0) == 0x80) {
			cut++;
			expect_changed(data, len, &k, e, 'x', true,
				       SNAPSHOT_CORRUPT);
		}
		/* and a valid change there, the checksum stated again: used
		 * (restate_sum is the loader's checksum) */
		size_t a = e;
		while (a > blob_at && (data[a] < 'a' || data[a] > 'z'))
			a--;
		assert_true(a > e - SNAPSHOT_CHUNK);
		expect_changed(data, len, &k, a, data[a] == 'a' ? 'b' : 'a',
			       true, SNAPSHOT_USED);
	}
	assert_true(edges >= 3);
	assert_true(cut >= 1);
	/* A chunk all ASCII is taken as valid without a look at each
	 * character (the hash saw its bytes' high bits), but not a
	 * character cut before it: the chunk after the first edge in the
	 * blob made ASCII, and the two bytes before it the start of a
	 * three-byte character. */
	size_t e = blob_at - (blob_at - SNAPSHOT_HEADER) % SNAPSHOT_CHUNK +
		   SNAPSHOT_CHUNK;
	assert_true(e - 2 > blob_at && e + SNAPSHOT_CHUNK < len - 1);
	char *c = malloc(len);
	assert_non_null(c);
	memcpy(c, data, len);
	/* (from and to the start of a character, none left cut) */
	size_t from = e - 2, to = e + SNAPSHOT_CHUNK;
	while (((unsigned char)c[from] & 0xC0) == 0x80)
		from--;
	while (((unsigned char)c[to] & 0xC0) == 0x80)
		to++;
	memset(c + from, 'a', to - from);
	restate_sum(c, len);
	assert_int_equal(decode_keyed(c, len, &k), SNAPSHOT_USED);
	expect_changed(c, len, &k, e - 2, 0xE6, true, SNAPSHOT_CORRUPT);
	c[e - 1] = (char)0x97;
	expect_changed(c, len, &k, e - 2, 0xE6, true, SNAPSHOT_CORRUPT);
	c[e] = (char)0xA5; /* whole again: 日 */
	expect_changed(c, len, &k, e - 2, 0xE6, true, SNAPSHOT_USED);
	c[e - 2] = (char)0xE6;
	/* Nor the last chunk's bytes past the hash's last stripe: the last
	 * chunk made ASCII, then one of those bytes invalid. */
	size_t last = len - (len - SNAPSHOT_HEADER) % SNAPSHOT_CHUNK;
	assert_true(last > blob_at && last < len - 32);
	for (from = last; ((unsigned char)c[from] & 0xC0) == 0x80;)
		from--;
	memset(c + from, 'a', len - 1 - from);
	restate_sum(c, len);
	assert_int_equal(decode_keyed(c, len, &k), SNAPSHOT_USED);
	assert_true((len - SNAPSHOT_HEADER) % 32 != 0);
	expect_changed(c, len, &k, len - 2, 0xFF, true, SNAPSHOT_CORRUPT);
	free(c);
	/* the last bytes (past the hash's last stripe), and a blob that does
	 * not end with a NUL */
	expect_changed(data, len, &k, len - 2, (unsigned char)data[len - 2] ^ 1,
		       false, SNAPSHOT_CORRUPT);
	expect_changed(data, len, &k, len - 1, 'x', true, SNAPSHOT_CORRUPT);
	free(data);
}

/* snapshot_save streams the snapshot to its file, hashed as it goes:
 * the file is what snapshot_encode makes in memory (the checksum in its
 * header included), for a snapshot of less than a chunk, of exactly
 * whole stripes or not, and of several chunks; and it loads. */
static void
test_saved_as_encoded(void **state)
{
	const char *spath = ((struct scratch *)*state)->spath;
	static const int sizes[] = {1, 2, 7, 301};
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		struct diag_list d;
		struct snapshot_key k;
		struct program *p = chunky_program(sizes[i], &d, &k);
		struct buf b = {0};
		buf_puts(&b, "before"); /* encode appends */
		assert_true(snapshot_encode(p, &k, &d, 0, 0, &b));
		assert_true(snapshot_save(spath, p, &k, &d, 0, 0));
		program_destroy(p);
		size_t len = 0;
		char *file = statefile_read(spath, SIZE_MAX / 2, &len);
		assert_non_null(file);
		assert_int_equal(len, b.n - 6);
		assert_memory_equal(file, b.v + 6, len);
		assert_true(sn_checksum(file, len) != 0);
		p = NULL;
		assert_int_equal(snapshot_load(spath, &k, "c.yaml", &d, &p),
				 SNAPSHOT_USED);
		assert_int_equal(p->n_sessions, (size_t)sizes[i]);
		assert_string_equal(p->sessions[sizes[i] - 1].abstract_text.raw +
					    strlen(p->sessions[sizes[i] - 1]
							   .abstract_text.raw) -
					    4,
				    " end");
		program_destroy(p);
		free(file);
		free(b.v);
		diag_list_finish(&d);
	}
}

/* snapshot_restamp, a chunk at a time: the taken time rewritten and
 * the checksum made again over a snapshot of several chunks, which then
 * loads; a snapshot damaged since it was used is left as it is. */
static void
test_restamp_by_chunks(void **state)
{
	const char *spath = ((struct scratch *)*state)->spath;
	struct diag_list d;
	struct snapshot_key k;
	struct program *p = chunky_program(301, &d, &k);
	k.taken_sec = 5;
	k.taken_nsec = 6;
	assert_true(snapshot_save(spath, p, &k, &d, 0, 0));
	program_destroy(p);
	k.taken_sec = 7000;
	k.taken_nsec = 8;
	assert_true(snapshot_restamp(spath, &k));
	size_t len = 0;
	char *data = statefile_read(spath, SIZE_MAX / 2, &len);
	assert_non_null(data);
	assert_true(len > 3 * SNAPSHOT_CHUNK);
	uint64_t taken[2];
	memcpy(taken, data + SN_TAKEN_AT, sizeof(taken));
	assert_true(taken[0] == 7000 && taken[1] == 8);
	assert_int_equal(decode_keyed(data, len, &k), SNAPSHOT_USED);
	p = NULL;
	assert_int_equal(snapshot_load(spath, &k, "c.yaml", &d, &p),
			 SNAPSHOT_USED);
	assert_int_equal(p->n_sessions, 301);
	program_destroy(p);
	/* A byte of the last chunk, past its stripes, changed: not
	 * restamped, the file as it was. */
	data[len - 3] ^= 1;
	FILE *f = fopen(spath, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
	k.taken_sec = 9000;
	assert_false(snapshot_restamp(spath, &k));
	size_t len2 = 0;
	char *after = statefile_read(spath, SIZE_MAX / 2, &len2);
	assert_non_null(after);
	assert_int_equal(len2, len);
	assert_memory_equal(after, data, len);
	free(after);
	free(data);
	diag_list_finish(&d);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_racy),
		cmocka_unit_test(test_versions),
		cmocka_unit_test_setup_teardown(test_stat_or_hash, scratch_setup,
						scratch_teardown),
		cmocka_unit_test_setup_teardown(test_streamed_key, scratch_setup,
						scratch_teardown),
		cmocka_unit_test_setup_teardown(test_mapped_not_copied, scratch_setup,
						scratch_teardown),
		cmocka_unit_test(test_checked_by_chunks),
		cmocka_unit_test_setup_teardown(test_saved_as_encoded,
						scratch_setup, scratch_teardown),
		cmocka_unit_test_setup_teardown(test_restamp_by_chunks,
						scratch_setup, scratch_teardown),
		cmocka_unit_test(test_zone_data),
		cmocka_unit_test(test_zone_derived_kept),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
