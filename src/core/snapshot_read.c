/* The snapshot cache's reader (snapshot.h), which trusts nothing in the
 * file: the records, the zone's data, the header and the key checked;
 * probe, load, decode and restamp. */
#include "snapshot_int.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sked/arena.h"
#include "sked/statefile.h"
#include "sked/text.h"
#include "sked/tz.h"
#include "sked/xalloc.h"

struct sn_r {
	const unsigned char *p, *end;
	const char *blob;
	size_t blob_len;
	struct arena *a;
	bool ok;
	bool stale; /* !ok because made from other zone data */
	/* The zone's file not compared (snapshot_decode without a key: the
	 * fuzzer's, whose seeds outlive the machine's tzdata). */
	bool any_zone_file;
	/* The program's zone as read (sn_get_zone), handed to tz_supply()
	 * only once the whole snapshot has been read and found sound:
	 * nothing of a refused one reaches the process's zones. */
	struct {
		const char *name; /* NULL: none (UTC, or no zone) */
		struct tz_file file;
		struct tz_day *days;
		size_t n;
	} zone;
};

static uint32_t
sn_get(struct sn_r *r)
{
	if (r->end - r->p < 4) {
		r->ok = false;
		r->p = r->end;
		return 0;
	}
	uint32_t v;
	memcpy(&v, r->p, 4);
	r->p += 4;
	return v;
}

static int
sn_get_int(struct sn_r *r, int lo, int hi)
{
	int v = (int)(int32_t)sn_get(r);
	if (v < lo || v > hi)
		r->ok = false;
	return v;
}

static bool
sn_get_bool(struct sn_r *r)
{
	uint32_t v = sn_get(r);
	if (v > 1)
		r->ok = false;
	return v == 1;
}

/* A count of items of at least `min_words` words each: never more than
 * the words left, so that a hostile count allocates nothing big. */
static size_t
sn_get_count(struct sn_r *r, size_t min_words)
{
	size_t n = sn_get(r);
	if (n > (size_t)(r->end - r->p) / 4 / (min_words ? min_words : 1)) {
		r->ok = false;
		return 0;
	}
	return n;
}

static const char *
sn_get_str(struct sn_r *r)
{
	uint32_t v = sn_get(r);
	if (v == 0)
		return NULL;
	/* The blob ends with a NUL (checked): every string in it ends. */
	if ((size_t)v - 1 >= r->blob_len) {
		r->ok = false;
		return NULL;
	}
	return r->blob + v - 1;
}

/* A string that must be there. */
static const char *
sn_get_str1(struct sn_r *r)
{
	const char *s = sn_get_str(r);
	if (s == NULL)
		r->ok = false;
	return s ? s : "";
}

/* Zeros (as an arena's memory is); nothing for an empty one, as the
 * builder allocates a program's arrays (arena_array). */
static void *
sn_alloc(struct sn_r *r, size_t n, size_t size)
{
	return arena_array(r->a, n, size);
}

static void
sn_get_text(struct sn_r *r, struct program_text *t)
{
	t->raw = sn_get_str(r);
	t->html = sn_get_bool(r);
	if (t->html && t->raw == NULL)
		r->ok = false;
}

static void
sn_get_strv(struct sn_r *r, struct program_strv *v)
{
	v->n = sn_get_count(r, 1);
	v->v = sn_alloc(r, v->n, sizeof(*v->v));
	for (size_t i = 0; i < v->n && r->ok; i++)
		v->v[i] = sn_get_str1(r);
}

static void
sn_get_people(struct sn_r *r, struct program_people *v)
{
	v->n = sn_get_count(r, 4);
	v->v = sn_alloc(r, v->n, sizeof(*v->v));
	for (size_t i = 0; i < v->n && r->ok; i++) {
		v->v[i].name = sn_get_str1(r);
		v->v[i].affiliation = sn_get_str(r);
		v->v[i].id = sn_get_str(r);
		v->v[i].url = sn_get_str(r);
	}
}

static void
sn_get_date(struct sn_r *r, struct tz_date *d)
{
	d->year = sn_get_int(r, 0, 9999);
	d->month = sn_get_int(r, 1, 12);
	d->day = sn_get_int(r, 1, 31);
}

static int64_t
sn_get_i64(struct sn_r *r)
{
	uint64_t lo = sn_get(r), hi = sn_get(r);
	return (int64_t)(lo | hi << 32);
}

/* Reads the zone `name` (not UTC) as sn_zone wrote it into r->zone, for
 * sn_supply_zone; !r->ok when it is not sound or its zone's file is not
 * here. */
static void
sn_get_zone(struct sn_r *r, const char *name)
{
	struct tz_file *f = &r->zone.file;
	f->size = (uint64_t)sn_get_i64(r);
	f->ino = (uint64_t)sn_get_i64(r);
	f->dev = (uint64_t)sn_get_i64(r);
	f->mtime_sec = sn_get_i64(r);
	f->mtime_nsec = sn_get_i64(r);
	f->ctime_sec = sn_get_i64(r);
	f->ctime_nsec = sn_get_i64(r);
	size_t n = sn_get_count(r, 4);
	struct tz_day *days = xmalloc((n + 1) * sizeof(*days));
	for (size_t i = 0; i < n && r->ok; i++) {
		days[i].day = sn_get_i64(r);
		days[i].offset = sn_get_int(r, -86399, 86399);
		days[i].uniform = sn_get_bool(r);
		/* Sorted, each day once, within years 0 to 9999. */
		if (days[i].day < -800000 || days[i].day > 3000000 ||
		    (i > 0 && days[i].day <= days[i - 1].day))
			r->ok = false;
	}
	r->zone.name = name;
	r->zone.days = days;
	r->zone.n = n;
	if (r->ok && r->any_zone_file) {
		const char *dir = tz_zone_dir();
		if (dir == NULL || !tz_file_in(dir, name, f))
			r->ok = false; /* not a zone here */
	}
}

/* The zone sn_get_zone read, made by tz_supply(): NULL with r->stale when
 * its zone data are not the ones it was made from (a tzdata update since:
 * the offsets, and the instants the program was built with, may have
 * changed). */
static const struct tz_zone *
sn_supply_zone(struct sn_r *r)
{
	const struct tz_zone *z = tz_supply(r->zone.name, &r->zone.file,
					    r->zone.days, r->zone.n);
	if (z == NULL)
		r->stale = true;
	return z;
}

static void
sn_session(struct sn_r *r, const struct program *p, struct program_session *s)
{
	s->id = sn_get_str1(r);
	s->title = sn_get_str1(r);
	s->type = sn_get_str(r);
	sn_get_text(r, &s->abstract_text);
	sn_get_text(r, &s->description_text);
	s->url = sn_get_str(r);
	s->subtitle = sn_get_str(r);
	s->feedback_url = sn_get_str(r);
	s->guid = sn_get_str(r);
	sn_get_strv(r, &s->languages);
	s->links.n = sn_get_count(r, 2);
	s->links.v = sn_alloc(r, s->links.n, sizeof(*s->links.v));
	for (size_t j = 0; j < s->links.n && r->ok; j++) {
		s->links.v[j].url = sn_get_str1(r);
		s->links.v[j].title = sn_get_str(r);
	}
	s->do_not_record = sn_get_bool(r);
	s->track = sn_get_int(r, -1, (int)p->n_tracks - 1);
	s->room = sn_get_int(r, -1, (int)p->n_rooms - 1);
	s->scheduled = sn_get_bool(r);
	s->start.year = sn_get_int(r, 0, 9999);
	s->start.month = sn_get_int(r, 0, 12);
	s->start.day = sn_get_int(r, 0, 31);
	s->start.hour = sn_get_int(r, 0, 23);
	s->start.minute = sn_get_int(r, 0, 59);
	uint64_t lo = sn_get(r), hi = sn_get(r);
	s->start_utc = (int64_t)(lo | hi << 32);
	s->duration = sn_get_int(r, 0, PROGRAM_MAX_DURATION);
	/* A scheduled session is on a day of the conference. */
	s->day = sn_get_int(r, s->scheduled ? 0 : -1,
			    p->conference.n_days - 1);
	if (s->scheduled && (s->start.month < 1 || s->start.day < 1))
		r->ok = false;
	sn_get_people(r, &s->speakers);
	sn_get_people(r, &s->authors);
	sn_get_strv(r, &s->tags);
}

/* The records after the header, with data (the whole file, in a's
 * memory) trusted for nothing but its blob's strings, which sn_verify
 * found valid. */
static struct program *
sn_decode(struct arena *a, const char *data, size_t rec_len, size_t blob_len,
	  const char *name, struct diag_list *diags, bool keyed, bool *stale)
{
	struct sn_r r = {
		.p = (const unsigned char *)data + SNAPSHOT_HEADER,
		.end = (const unsigned char *)data + SNAPSHOT_HEADER + rec_len,
		.blob = data + SNAPSHOT_HEADER + rec_len,
		.blob_len = blob_len,
		.a = a,
		.ok = true,
		.any_zone_file = !keyed,
	};
	struct program *p = xcalloc(1, sizeof(*p));
	p->arena = a;
	struct program_conference *c = &p->conference;
	p->n_tracks = sn_get_count(&r, 4);
	p->n_rooms = sn_get_count(&r, 2);
	p->n_sessions = sn_get_count(&r, 29); /* words a session takes at least */
	p->n_scheduled = sn_get(&r);
	if (p->n_scheduled > p->n_sessions ||
	    p->n_tracks > PROGRAM_MAX_NAMED || p->n_rooms > PROGRAM_MAX_NAMED ||
	    p->n_sessions > PROGRAM_MAX_SESSIONS)
		r.ok = false;
	c->id = sn_get_str1(&r);
	c->title = sn_get_str1(&r);
	c->timezone = sn_get_str(&r);
	const char *zone = sn_get_str(&r);
	if (zone != NULL && strcmp(zone, "UTC") == 0)
		c->zone = tz_find(zone);
	else if (zone != NULL && r.ok)
		sn_get_zone(&r, zone);
	sn_get_date(&r, &c->start);
	sn_get_date(&r, &c->end);
	c->n_days = sn_get_int(&r, 0, PROGRAM_MAX_DAYS);
	c->day_change = sn_get_int(&r, 0, 24 * 60 - 1);
	int derived = sn_get_int(&r, 0, 2);
	c->zone_derived = derived > 0;
	c->times_exact = derived == 2;
	c->location = sn_get_str(&r);
	c->url = sn_get_str(&r);
	if (!r.ok)
		goto bad;
	p->tracks = sn_alloc(&r, p->n_tracks, sizeof(*p->tracks));
	for (size_t i = 0; i < p->n_tracks && r.ok; i++) {
		struct program_track *t = &p->tracks[i];
		t->id = sn_get_str1(&r);
		t->name = sn_get_str1(&r);
		sn_get_text(&r, &t->description_text);
		sn_get_strv(&r, &t->leads);
	}
	p->rooms = sn_alloc(&r, p->n_rooms, sizeof(*p->rooms));
	for (size_t i = 0; i < p->n_rooms && r.ok; i++) {
		p->rooms[i].id = sn_get_str1(&r);
		p->rooms[i].name = sn_get_str1(&r);
	}
	if (!r.ok)
		goto bad;
	p->sessions = sn_alloc(&r, p->n_sessions, sizeof(*p->sessions));
	size_t scheduled = 0;
	for (size_t i = 0; i < p->n_sessions && r.ok; i++) {
		sn_session(&r, p, &p->sessions[i]);
		scheduled += p->sessions[i].scheduled;
	}
	if (!r.ok || scheduled != p->n_scheduled)
		goto bad;
	/* The order: a permutation of the sessions, scheduled ones first. */
	p->order = sn_alloc(&r, p->n_sessions, sizeof(*p->order));
	unsigned char *seen = xcalloc(p->n_sessions + 1, 1);
	for (size_t i = 0; i < p->n_sessions && r.ok; i++) {
		uint32_t k = sn_get(&r);
		if (k >= p->n_sessions || seen[k] ||
		    p->sessions[k].scheduled != (i < p->n_scheduled)) {
			r.ok = false;
			break;
		}
		seen[k] = 1;
		p->order[i] = k;
	}
	free(seen);
	size_t n_warn = sn_get_count(&r, 5);
	size_t dropped = sn_get(&r);
	if (dropped > UINT32_MAX / 2)
		r.ok = false;
	/* The warnings are checked whole before any is reported. */
	const unsigned char *warn = r.p;
	for (size_t i = 0; i < n_warn && r.ok; i++) {
		bool own = sn_get_bool(&r);
		if ((sn_get_str(&r) == NULL) != own)
			r.ok = false;
		sn_get(&r);
		sn_get(&r);
		sn_get_str1(&r);
	}
	if (!r.ok || r.p != r.end)
		goto bad;
	if (r.zone.name != NULL && (c->zone = sn_supply_zone(&r)) == NULL)
		goto bad;
	free(r.zone.days);
	p->path = xstrdup(name);
	r.p = warn;
	for (size_t i = 0; i < n_warn; i++) {
		bool own = sn_get_bool(&r);
		const char *file = sn_get_str(&r);
		unsigned line = sn_get(&r), column = sn_get(&r);
		diag_add(diags, DIAG_WARNING, own ? name : file, line, column,
			 "%s", sn_get_str1(&r));
	}
	diags->warnings += dropped;
	diags->dropped += dropped;
	return p;
bad:
	free(r.zone.days);
	*stale = r.stale;
	p->arena = NULL; /* the caller's */
	free(p);
	return NULL;
}

/* Whether keys a and b name the same source: its stat data and the
 * options, and (`hash`) its bytes' hash. */
static bool
sn_key_same(const struct snapshot_key *a, const struct snapshot_key *b,
	    bool hash)
{
	return a->size == b->size && a->mtime_sec == b->mtime_sec &&
	       a->mtime_nsec == b->mtime_nsec && a->ctime_sec == b->ctime_sec &&
	       a->ctime_nsec == b->ctime_nsec && a->ino == b->ino &&
	       a->dev == b->dev && a->options_hash == b->options_hash &&
	       (!hash || a->source_hash == b->source_hash);
}

/* The header at data[0..len): SNAPSHOT_USED when it is one of this sked's
 * and (k not NULL) keyed by *k (its hash too when `hash`), with the key
 * it holds in *found and the lengths and checksum it states, which are
 * not checked here. */
static enum snapshot_status
sn_read_header(const char *data, size_t len, const struct snapshot_key *k,
	       bool hash, struct snapshot_key *found, uint64_t *rec_len,
	       uint64_t *blob_len, uint64_t *sum)
{
	if (len < SNAPSHOT_HEADER || memcmp(data, "SKEDSNAP", 8) != 0)
		return SNAPSHOT_CORRUPT;
	uint32_t h32[4];
	memcpy(h32, data + 8, sizeof(h32));
	char ver[16] = {0};
	strncpy(ver, SKED_VERSION, sizeof(ver) - 1);
	/* Another version of sked, or of its format: stale, not damaged.
	 * (The fuzzer's seeds, k NULL, outlive sked's version.) */
	if (h32[0] != SNAPSHOT_VERSION || h32[1] != 0x01020304 ||
	    h32[2] != sn_guard() ||
	    (k != NULL && memcmp(data + 24, ver, sizeof(ver)) != 0))
		return SNAPSHOT_STALE;
	uint64_t h64[14];
	memcpy(h64, data + 40, sizeof(h64));
	*found = (struct snapshot_key){
		.size = h64[0],
		.mtime_sec = (int64_t)h64[1],
		.mtime_nsec = (int64_t)h64[2],
		.ctime_sec = (int64_t)h64[3],
		.ctime_nsec = (int64_t)h64[4],
		.ino = h64[5],
		.dev = h64[6],
		.source_hash = h64[7],
		.options_hash = h64[8],
		.taken_sec = (int64_t)h64[9],
		.taken_nsec = (int64_t)h64[10],
	};
	*rec_len = h64[11], *blob_len = h64[12], *sum = h64[13];
	if (k != NULL && !sn_key_same(found, k, hash))
		return SNAPSHOT_STALE;
	return SNAPSHOT_USED;
}

/* data[0..len), in a's memory with 16 zero bytes after it. */
static enum snapshot_status
sn_check(struct arena *a, const char *data, size_t len,
	 const struct snapshot_key *k, const char *name,
	 struct diag_list *diags, struct program **out)
{
	*out = NULL;
	uint64_t rec_len, blob_len, sum;
	struct snapshot_key found;
	enum snapshot_status st = sn_read_header(data, len, k, true, &found,
						 &rec_len, &blob_len, &sum);
	if (st != SNAPSHOT_USED)
		return st;
	if (rec_len > len - SNAPSHOT_HEADER ||
	    blob_len != len - SNAPSHOT_HEADER - rec_len)
		return SNAPSHOT_CORRUPT;
	/* The checksum (of a snapshot from the cache: the fuzzer's, k NULL,
	 * have none that match) and the strings. */
	if (rec_len % 4 != 0 ||
	    !sn_verify(data, len, SNAPSHOT_HEADER + (size_t)rec_len, k != NULL,
		       sum))
		return SNAPSHOT_CORRUPT;
	bool stale = false;
	*out = sn_decode(a, data, (size_t)rec_len, (size_t)blob_len, name,
			 diags, k != NULL, &stale);
	return *out ? SNAPSHOT_USED : stale ? SNAPSHOT_STALE : SNAPSHOT_CORRUPT;
}

enum snapshot_status
snapshot_decode(const char *data, size_t len, const struct snapshot_key *k,
		const char *name, struct diag_list *diags,
		struct program **out)
{
	struct arena *a = arena_create();
	char *copy = arena_alloc(a, len + 16);
	memcpy(copy, data, len);
	memset(copy + len, 0, 16);
	enum snapshot_status st = sn_check(a, copy, len, k, name, diags, out);
	if (*out == NULL)
		arena_destroy(a);
	return st;
}

/* The size a snapshot file may have: beyond it, it is not one. */
static const uint64_t SN_MAX_FILE = (uint64_t)8 * 256 * 1024 * 1024;

enum snapshot_status
snapshot_probe(const char *spath, const struct snapshot_key *k,
	       struct snapshot_key *found)
{
	int fd = open(spath, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return SNAPSHOT_MISSING;
	char head[SNAPSHOT_HEADER];
	size_t n = statefile_read_full(fd, head, sizeof(head), -1, NULL);
	close(fd);
	uint64_t rec_len, blob_len, sum;
	return sn_read_header(head, n, k, false, found, &rec_len, &blob_len,
			      &sum);
}

enum snapshot_status
snapshot_load(const char *spath, const struct snapshot_key *k,
	      const char *name, struct diag_list *diags, struct program **out)
{
	*out = NULL;
	int fd = open(spath, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return SNAPSHOT_MISSING;
	struct stat st;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size < 0 ||
	    (uint64_t)st.st_size > SN_MAX_FILE) {
		close(fd);
		return SNAPSHOT_CORRUPT;
	}
	/* Mapped into the program's arena, its strings staying there (a
	 * snapshot is replaced by rename, never rewritten in place:
	 * statefile.h); read into it when it cannot be mapped. */
	size_t len = (size_t)st.st_size, n = len;
	struct arena *a = arena_create();
	const char *data = arena_map(a, fd, len, 16);
	if (data == NULL) {
		char *copy = arena_alloc(a, len + 16);
		n = statefile_read_full(fd, copy, len, -1, NULL);
		memset(copy + n, 0, len + 16 - n);
		data = copy;
	}
	close(fd);
	enum snapshot_status s =
		n == len ? sn_check(a, data, len, k, name, diags, out)
			 : SNAPSHOT_CORRUPT;
	if (*out == NULL)
		arena_destroy(a);
	return s;
}

/* The body of the snapshot at fd (len bytes in all, its header head)
 * copied to out a chunk at a time, hashed on the way as the checksum of
 * head's snapshot (*sum) and of `again`'s, the header rewritten
 * (*sum_again). False on a read or write error. */
static bool
sn_copy_summed(int fd, const char *head, const char *again, size_t len,
	       int out, unsigned char *chunk, uint64_t *sum,
	       uint64_t *sum_again)
{
	struct sn_hash h, g;
	sn_checksum_begin(&h, head);
	sn_checksum_begin(&g, again);
	size_t body = len - SNAPSHOT_HEADER, stripes = 0;
	for (size_t at = 0; at < body;) {
		size_t want = body - at < SNAPSHOT_CHUNK ? body - at : SNAPSHOT_CHUNK;
		size_t n = statefile_read_full(fd, chunk, want,
					       (long long)(SNAPSHOT_HEADER + at),
					       NULL);
		if (n != want || !statefile_write_all(out, (char *)chunk, n))
			return false;
		at += n;
		stripes = n - n % 32; /* all of it but in the last chunk */
		sn_hash_stripes(&h, chunk, stripes);
		sn_hash_stripes(&g, chunk, stripes);
	}
	/* The last chunk's bytes past its stripes are still in chunk. */
	*sum = sn_hash_end(&h, chunk + stripes, body);
	*sum_again = sn_hash_end(&g, chunk + stripes, body);
	return true;
}

bool
snapshot_restamp(const char *spath, const struct snapshot_key *k)
{
	int fd = open(spath, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	struct stat st;
	char head[SNAPSHOT_HEADER], again[SNAPSHOT_HEADER];
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) ||
	    st.st_size < SNAPSHOT_HEADER || (uint64_t)st.st_size > SN_MAX_FILE ||
	    statefile_read_full(fd, head, sizeof(head), 0, NULL) != sizeof(head)) {
		close(fd);
		return false;
	}
	/* Copied a chunk at a time, never read whole (176 MB at 100,000
	 * sessions, on top of the program mapped from it), its checksum
	 * checked on the way: only the snapshot just used, whole, is put
	 * back; never one another process put there since (the file is
	 * replaced by rename, never rewritten in place: statefile.h, so
	 * fd's bytes stay these), nor a damaged one made whole by a new
	 * checksum. */
	size_t len = (size_t)st.st_size;
	uint64_t rec_len, blob_len, sum = 0, sum_again = 0, found_sum = 0;
	struct snapshot_key found;
	bool ok = sn_read_header(head, len, k, true, &found, &rec_len,
				 &blob_len, &found_sum) == SNAPSHOT_USED &&
		  rec_len <= len - SNAPSHOT_HEADER &&
		  blob_len == len - SNAPSHOT_HEADER - rec_len;
	struct statefile_pending w;
	char *error = NULL;
	if (ok) {
		uint64_t taken[2] = {(uint64_t)k->taken_sec,
				     (uint64_t)k->taken_nsec};
		memcpy(again, head, sizeof(again));
		memcpy(again + SN_TAKEN_AT, taken, sizeof(taken));
		memset(again + SNAPSHOT_HEADER - 8, 0, 8);
		ok = statefile_begin(&w, spath, 0600,
				     STATEFILE_CLEAN | STATEFILE_NOSYNC, &error);
		free(error);
	}
	if (ok) {
		unsigned char *chunk = xmalloc(SNAPSHOT_CHUNK);
		ok = statefile_write_all(w.fd, again, sizeof(again)) &&
		     sn_copy_summed(fd, head, again, len, w.fd, chunk, &sum,
				    &sum_again) &&
		     sum == found_sum;
		ok = sn_file_end(&w, ok, sum_again);
		free(chunk);
	}
	close(fd);
	return ok;
}
