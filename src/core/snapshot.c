/* The program snapshot cache (snapshot.h): its hash, its writer and its
 * reader, which trusts nothing in the file. */
/* dl_iterate_phdr (the executable's build id) is a GNU extension. */
#define _GNU_SOURCE
#include "sked/snapshot.h"

#include <elf.h>
#include <errno.h>
#include <link.h>
#include <fcntl.h>
#include <limits.h>
#include <stdalign.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sked/arena.h"
#include "sked/buf.h"
#include "sked/statefile.h"
#include "sked/text.h"
#include "sked/tz.h"
#include "sked/xalloc.h"

#ifndef SKED_VERSION
#define SKED_VERSION "unknown"
#endif

/* ---- hash ---- */

/* xxHash64's rounds (public domain constants): four independent lanes of
 * 8 bytes, so that hashing runs near the speed of memory. */
static const uint64_t SN_P1 = 0x9E3779B185EBCA87ULL;
static const uint64_t SN_P2 = 0xC2B2AE3D27D4EB4FULL;
static const uint64_t SN_P3 = 0x165667B19E3779F9ULL;
static const uint64_t SN_P4 = 0x85EBCA77C2B2AE63ULL;
static const uint64_t SN_P5 = 0x27D4EB2F165667C5ULL;

static inline uint64_t
sn_rotl(uint64_t x, int r)
{
	return (x << r) | (x >> (64 - r));
}

static inline uint64_t
sn_rd64(const unsigned char *p)
{
	uint64_t v;
	memcpy(&v, p, 8);
	return v;
}

static inline uint64_t
sn_round(uint64_t acc, uint64_t in)
{
	acc += in * SN_P2;
	return sn_rotl(acc, 31) * SN_P1;
}

/* The hash a stripe at a time, for a caller that does more with each
 * piece of the data while it is in the cache (sn_verify): its four
 * lanes, then sn_hash_end over the last n % 32 bytes. */
struct sn_hash {
	uint64_t v1, v2, v3, v4;
};

static void
sn_hash_init(struct sn_hash *h, uint64_t seed)
{
	*h = (struct sn_hash){seed + SN_P1 + SN_P2, seed + SN_P2, seed,
			      seed - SN_P1};
}

/* p[0..n) into h, n a multiple of 32; returns the OR of its 8-byte
 * words, whose high bits say whether it is all ASCII (sn_verify). */
static uint64_t
sn_hash_stripes(struct sn_hash *h, const unsigned char *p, size_t n)
{
	uint64_t v1 = h->v1, v2 = h->v2, v3 = h->v3, v4 = h->v4, bits = 0;
	for (const unsigned char *end = p + n; p < end; p += 32) {
		uint64_t a = sn_rd64(p), b = sn_rd64(p + 8),
			 c = sn_rd64(p + 16), d = sn_rd64(p + 24);
		v1 = sn_round(v1, a);
		v2 = sn_round(v2, b);
		v3 = sn_round(v3, c);
		v4 = sn_round(v4, d);
		bits |= a | b | c | d;
	}
	*h = (struct sn_hash){v1, v2, v3, v4};
	return bits;
}

/* The hash of n bytes whose stripes went into h, tail[0..n % 32) the
 * rest. */
static uint64_t
sn_hash_end(const struct sn_hash *h, const unsigned char *tail, size_t n)
{
	const unsigned char *p = tail, *end = tail + n % 32;
	uint64_t x = sn_rotl(h->v1, 1) + sn_rotl(h->v2, 7) +
		     sn_rotl(h->v3, 12) + sn_rotl(h->v4, 18) + (uint64_t)n;
	while (end - p >= 8) {
		x ^= sn_round(0, sn_rd64(p));
		x = sn_rotl(x, 27) * SN_P1 + SN_P4;
		p += 8;
	}
	while (p < end) {
		x ^= *p++ * SN_P5;
		x = sn_rotl(x, 11) * SN_P1;
	}
	x ^= x >> 33;
	x *= SN_P2;
	x ^= x >> 29;
	x *= SN_P3;
	x ^= x >> 32;
	return x;
}

uint64_t
snapshot_hash(const void *data, size_t n, uint64_t seed)
{
	const unsigned char *p = data;
	struct sn_hash h;
	sn_hash_init(&h, seed);
	sn_hash_stripes(&h, p, n - n % 32);
	return sn_hash_end(&h, p + (n - n % 32), n);
}

/* ---- where ---- */

bool
snapshot_enabled(void)
{
	const char *e = getenv("SKED_NO_CACHE");
	return e == NULL || e[0] == '\0' || strcmp(e, "0") == 0;
}

uint64_t
snapshot_options_hash(const char *name, const struct build_options *o)
{
	/* The name counts whole: the program's path and its messages use it
	 * (put back at load), and an iCal calendar's title its base name. */
	const char *base = strrchr(name, '/');
	base = base ? base + 1 : name;
	uint64_t h = snapshot_hash(base, strlen(base), SNAPSHOT_VERSION);
	const char *tz = o && o->timezone ? o->timezone : NULL;
	if (tz != NULL)
		h = snapshot_hash(tz, strlen(tz) + 1, h);
	else
		h = snapshot_hash("", 0, h ^ 1);
	return h;
}

/* The first PT_NOTE's GNU build id of the main program (the first object
 * dl_iterate_phdr reports), hashed into *(uint64_t *)data. */
static int
sn_build_id_of(struct dl_phdr_info *info, size_t size, void *data)
{
	(void)size;
	for (size_t i = 0; i < info->dlpi_phnum; i++) {
		const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
		if (ph->p_type != PT_NOTE)
			continue;
		const char *p = (const char *)(info->dlpi_addr + ph->p_vaddr);
		const char *end = p + ph->p_memsz;
		while (end - p >= (ptrdiff_t)sizeof(ElfW(Nhdr))) {
			ElfW(Nhdr) nh;
			memcpy(&nh, p, sizeof(nh));
			size_t name = (nh.n_namesz + 3) & ~(size_t)3;
			size_t desc = (nh.n_descsz + 3) & ~(size_t)3;
			const char *d = p + sizeof(nh) + name;
			if (d + desc > end || d < p)
				break;
			if (nh.n_type == NT_GNU_BUILD_ID && nh.n_namesz == 4 &&
			    memcmp(p + sizeof(nh), "GNU", 4) == 0) {
				*(uint64_t *)data =
					snapshot_hash(d, nh.n_descsz, 0x6275696c64);
				return 1;
			}
			p = d + desc;
		}
	}
	return 1; /* only the main program */
}

uint64_t
snapshot_build_id(void)
{
	static uint64_t id;
	static bool known;
	if (!known) {
		dl_iterate_phdr(sn_build_id_of, &id);
		known = true;
	}
	return id;
}

char *
snapshot_path(const char *path, uint64_t opts)
{
	char *abs = realpath(path, NULL);
	if (abs == NULL)
		return NULL;
	uint64_t h = snapshot_hash(abs, strlen(abs), opts);
	free(abs);
	char name[64];
	snprintf(name, sizeof(name), "snapshots/%016llx.snap",
		 (unsigned long long)h);
	return statefile_path(STATEFILE_CACHE, name);
}

/* ---- writer ---- */

struct sn_w {
	struct buf rec;  /* u32 words */
	struct buf blob; /* strings */
	/* The long texts (abstracts, descriptions), put after the other
	 * strings: a search of titles or a list reads titles, names and
	 * ids packed together, not spread between abstracts. */
	struct buf texts;
	struct buf fix; /* size_t: where in rec a text's offset is */
	bool ok;
};

static void
sn_u32(struct sn_w *w, uint32_t v)
{
	buf_put(&w->rec, (const char *)&v, sizeof(v));
}

static void
sn_i32(struct sn_w *w, int v)
{
	sn_u32(w, (uint32_t)v);
}

static void
sn_i64(struct sn_w *w, int64_t v)
{
	uint64_t u = (uint64_t)v;
	sn_u32(w, (uint32_t)u);
	sn_u32(w, (uint32_t)(u >> 32));
}

static void
sn_size(struct sn_w *w, size_t v)
{
	if (v > UINT32_MAX)
		w->ok = false;
	sn_u32(w, (uint32_t)v);
}

/* s into blob b: its offset + 1 (0 for NULL or when it does not fit). */
static uint32_t
sn_str_in(struct sn_w *w, struct buf *b, const char *s)
{
	if (s == NULL)
		return 0;
	size_t n = strlen(s), off = b->n;
	/* Zero-padded to the arena's alignment like every string of a
	 * program (build.c's bd_strndup). */
	const size_t align = alignof(max_align_t);
	size_t size = (n + align) & ~(align - 1);
	if (off >= UINT32_MAX - 1 || size > UINT32_MAX - off) {
		w->ok = false;
		return 0;
	}
	static const char zeros[64];
	buf_put(b, s, n);
	for (size_t pad = size - n; pad > 0;) {
		size_t k = pad < sizeof(zeros) ? pad : sizeof(zeros);
		buf_put(b, zeros, k);
		pad -= k;
	}
	return (uint32_t)off + 1;
}

static void
sn_str(struct sn_w *w, const char *s)
{
	sn_u32(w, sn_str_in(w, &w->blob, s));
}

/* Its offset in texts, made one in the blob by sn_texts_last. */
static void
sn_text(struct sn_w *w, const struct program_text *t)
{
	uint32_t v = sn_str_in(w, &w->texts, t->raw);
	if (v != 0) {
		size_t at = w->rec.n;
		buf_put(&w->fix, (const char *)&at, sizeof(at));
	}
	sn_u32(w, v);
	sn_u32(w, t->html);
}

/* The texts appended to the blob, their offsets moved by the blob's
 * length. */
static void
sn_texts_last(struct sn_w *w)
{
	size_t shift = w->blob.n;
	if (w->texts.n > UINT32_MAX - 1 - shift) {
		w->ok = false;
		return;
	}
	for (size_t i = 0; i < w->fix.n / sizeof(size_t); i++) {
		size_t at;
		uint32_t v;
		memcpy(&at, w->fix.v + i * sizeof(at), sizeof(at));
		memcpy(&v, w->rec.v + at, sizeof(v));
		v += (uint32_t)shift;
		memcpy(w->rec.v + at, &v, sizeof(v));
	}
	if (w->texts.n > 0)
		buf_put(&w->blob, w->texts.v, w->texts.n);
}

static void
sn_strv(struct sn_w *w, const struct program_strv *v)
{
	sn_size(w, v->n);
	for (size_t i = 0; i < v->n; i++)
		sn_str(w, v->v[i]);
}

static void
sn_people(struct sn_w *w, const struct program_people *v)
{
	sn_size(w, v->n);
	for (size_t i = 0; i < v->n; i++) {
		sn_str(w, v->v[i].name);
		sn_str(w, v->v[i].affiliation);
		sn_str(w, v->v[i].id);
		sn_str(w, v->v[i].url);
	}
}

static void
sn_date(struct sn_w *w, const struct tz_date *d)
{
	sn_i32(w, d->year);
	sn_i32(w, d->month);
	sn_i32(w, d->day);
}

/* The days instants of p fall on, and some: its conference days and
 * three either side (a day's bounds in its zone, and what a filter by
 * day converts), and the UTC days its sessions start and end on. */
static void
sn_zone_days(const struct program *p, struct buf *days)
{
	const struct program_conference *c = &p->conference;
	int64_t last = INT64_MIN;
	if (c->n_days > 0) {
		int64_t from = tz_days_from_civil(c->start.year, c->start.month,
						  c->start.day) - 3;
		int64_t to = tz_days_from_civil(c->end.year, c->end.month,
						c->end.day) + 3;
		for (int64_t d = from; d <= to && d - from <= PROGRAM_MAX_DAYS + 6;
		     d++)
			buf_put(days, (const char *)&d, sizeof(d));
	}
	/* In time order: a day once per run of sessions on it. */
	for (size_t i = 0; i < p->n_scheduled; i++) {
		const struct program_session *s = &p->sessions[p->order[i]];
		int64_t ends[2] = {s->start_utc,
				   s->start_utc + (int64_t)s->duration * 60};
		for (int k = 0; k < 2; k++) {
			int64_t d = ends[k] / 86400 - (ends[k] % 86400 < 0);
			if (d != last)
				buf_put(days, (const char *)&d, sizeof(d));
			last = d;
		}
	}
}

static int
sn_i64_cmp(const void *a, const void *b)
{
	int64_t x, y;
	memcpy(&x, a, sizeof(x));
	memcpy(&y, b, sizeof(y));
	return (x > y) - (x < y);
}

/* A zone other than UTC: the stat data of the zoneinfo file its data
 * came from, and its offsets over the days the program needs (struct
 * tz_day), for a warm load to hand to tz_supply() instead of loading
 * libical. Not kept when the zone's file is not known. */
static void
sn_zone(struct sn_w *w, const struct program *p)
{
	const struct tz_zone *z = p->conference.zone;
	struct tz_file f;
	if (!tz_file_of(z, &f)) {
		w->ok = false;
		return;
	}
	sn_i64(w, (int64_t)f.size);
	sn_i64(w, (int64_t)f.ino);
	sn_i64(w, (int64_t)f.dev);
	sn_i64(w, f.mtime_sec);
	sn_i64(w, f.mtime_nsec);
	sn_i64(w, f.ctime_sec);
	sn_i64(w, f.ctime_nsec);
	struct buf days = {0};
	sn_zone_days(p, &days);
	size_t n = days.n / sizeof(int64_t), kept = 0;
	if (n > 0)
		qsort(days.v, n, sizeof(int64_t), sn_i64_cmp);
	int64_t *v = (int64_t *)(void *)days.v;
	for (size_t i = 0; i < n; i++)
		if (kept == 0 || v[kept - 1] != v[i])
			v[kept++] = v[i];
	sn_size(w, kept);
	for (size_t i = 0; i < kept; i++) {
		struct tz_day d;
		tz_day_of(z, v[i], &d);
		sn_i64(w, d.day);
		sn_i32(w, d.offset);
		sn_u32(w, d.uniform);
	}
	free(days.v);
}

static void
sn_put64(struct buf *b, uint64_t v)
{
	buf_put(b, (const char *)&v, sizeof(v));
}

static void
sn_put32(struct buf *b, uint32_t v)
{
	buf_put(b, (const char *)&v, sizeof(v));
}

static uint32_t
sn_guard(void)
{
	return (uint32_t)(sizeof(size_t) | sizeof(int) << 8 |
			  sizeof(void *) << 16 | sizeof(int64_t) << 24);
}

/* Where in the header the key's taken time is (snapshot_restamp). */
enum { SN_TAKEN_AT = 40 + 9 * 8 };

static void
sn_header(struct buf *b, const struct snapshot_key *k, uint64_t rec_len,
	  uint64_t blob_len)
{
	buf_put(b, "SKEDSNAP", 8);
	sn_put32(b, SNAPSHOT_VERSION);
	sn_put32(b, 0x01020304);
	sn_put32(b, sn_guard());
	sn_put32(b, 0);
	char ver[16] = {0};
	strncpy(ver, SKED_VERSION, sizeof(ver) - 1);
	buf_put(b, ver, sizeof(ver));
	sn_put64(b, k->size);
	sn_put64(b, (uint64_t)k->mtime_sec);
	sn_put64(b, (uint64_t)k->mtime_nsec);
	sn_put64(b, (uint64_t)k->ctime_sec);
	sn_put64(b, (uint64_t)k->ctime_nsec);
	sn_put64(b, k->ino);
	sn_put64(b, k->dev);
	sn_put64(b, k->source_hash);
	sn_put64(b, k->options_hash);
	sn_put64(b, (uint64_t)k->taken_sec);
	sn_put64(b, (uint64_t)k->taken_nsec);
	sn_put64(b, rec_len);
	sn_put64(b, blob_len);
	sn_put64(b, 0); /* the checksum, set last */
}

/* The checksum: of the header before it and of all after it. */
static uint64_t
sn_checksum(const char *data, size_t len)
{
	uint64_t h = snapshot_hash(data, SNAPSHOT_HEADER - 8, 0x534b4544);
	return snapshot_hash(data + SNAPSHOT_HEADER, len - SNAPSHOT_HEADER, h);
}

/* Whether data[0..len) (a snapshot whose blob starts at blob_at) has
 * `sum` as its checksum (sn_checksum; not checked when !check_sum) and a
 * blob of valid UTF-8 strings ending with a NUL (NULs between them, its
 * zero padding included). One pass, SNAPSHOT_CHUNK bytes at a time (it
 * stays in the first-level cache), each checked as UTF-8 just after the
 * hash read it: two passes over the whole file (17 MB at 10,000
 * sessions) each read it from memory. A character cut by a chunk's end
 * is checked again with the next chunk. */
static bool
sn_verify(const char *data, size_t len, size_t blob_at, bool check_sum,
	  uint64_t sum)
{
	if (blob_at < len && data[len - 1] != '\0')
		return false;
	const unsigned char *body = (const unsigned char *)data + SNAPSHOT_HEADER;
	size_t n = len - SNAPSHOT_HEADER, checked = blob_at - SNAPSHOT_HEADER;
	struct sn_hash h;
	sn_hash_init(&h, snapshot_hash(data, SNAPSHOT_HEADER - 8, 0x534b4544));
	for (size_t at = 0; at < n;) {
		size_t end = n - at > SNAPSHOT_CHUNK ? at + SNAPSHOT_CHUNK : n;
		size_t stripes = (end - at) - (end - at) % 32;
		uint64_t bits = check_sum
			? sn_hash_stripes(&h, body + at, stripes)
			: UINT64_MAX;
		/* A chunk the hash found all ASCII (the abstracts, written
		 * last, mostly are) is valid as it is, when no character
		 * began before it and the stripes are all of it. */
		if ((bits & 0x8080808080808080u) == 0 && checked >= at &&
		    stripes == end - at && end > checked)
			checked = end; /* never back: the records are not text */
		if (end > checked) {
			size_t ok = checked + text_utf8_valid_nul(
				(const char *)body + checked, end - checked);
			/* Fewer bytes than a character's longest after the
			 * first that fails: perhaps a character cut, whole
			 * with the next chunk; else invalid. */
			if (ok < end && (end == n || end - ok >= 4))
				return false;
			checked = ok;
		}
		at = end;
	}
	return !check_sum || sn_hash_end(&h, body + (n - n % 32), n) == sum;
}

bool
snapshot_encode(const struct program *p, const struct snapshot_key *k,
		const struct diag_list *diags, size_t first, size_t dropped,
		struct buf *out)
{
	const struct program_conference *c = &p->conference;
	const char *zone = c->zone ? tz_name(c->zone) : NULL;
	if (zone != NULL && (strcmp(zone, "local") == 0 || tz_find(zone) != c->zone))
		return false; /* a zone its name does not find again */
	struct sn_w w = {.ok = true};
	sn_size(&w, p->n_tracks);
	sn_size(&w, p->n_rooms);
	sn_size(&w, p->n_sessions);
	sn_size(&w, p->n_scheduled);
	sn_str(&w, c->id);
	sn_str(&w, c->title);
	sn_str(&w, c->timezone);
	sn_str(&w, zone);
	if (zone != NULL && strcmp(zone, "UTC") != 0)
		sn_zone(&w, p);
	sn_date(&w, &c->start);
	sn_date(&w, &c->end);
	sn_i32(&w, c->n_days);
	sn_i32(&w, c->day_change);
	sn_str(&w, c->location);
	sn_str(&w, c->url);
	for (size_t i = 0; i < p->n_tracks; i++) {
		const struct program_track *t = &p->tracks[i];
		sn_str(&w, t->id);
		sn_str(&w, t->name);
		sn_text(&w, &t->description_text);
		sn_strv(&w, &t->leads);
	}
	for (size_t i = 0; i < p->n_rooms; i++) {
		sn_str(&w, p->rooms[i].id);
		sn_str(&w, p->rooms[i].name);
	}
	for (size_t i = 0; i < p->n_sessions; i++) {
		const struct program_session *s = &p->sessions[i];
		sn_str(&w, s->id);
		sn_str(&w, s->title);
		sn_str(&w, s->type);
		sn_text(&w, &s->abstract_text);
		sn_text(&w, &s->description_text);
		sn_str(&w, s->url);
		sn_str(&w, s->subtitle);
		sn_str(&w, s->feedback_url);
		sn_str(&w, s->guid);
		sn_strv(&w, &s->languages);
		sn_size(&w, s->links.n);
		for (size_t j = 0; j < s->links.n; j++) {
			sn_str(&w, s->links.v[j].url);
			sn_str(&w, s->links.v[j].title);
		}
		sn_u32(&w, s->do_not_record);
		sn_i32(&w, s->track);
		sn_i32(&w, s->room);
		sn_u32(&w, s->scheduled);
		sn_i32(&w, s->start.year);
		sn_i32(&w, s->start.month);
		sn_i32(&w, s->start.day);
		sn_i32(&w, s->start.hour);
		sn_i32(&w, s->start.minute);
		sn_i64(&w, s->start_utc);
		sn_i32(&w, s->duration);
		sn_i32(&w, s->day);
		sn_people(&w, &s->speakers);
		sn_people(&w, &s->authors);
		sn_strv(&w, &s->tags);
		sn_u32(&w, s->line);
	}
	for (size_t i = 0; i < p->n_sessions; i++)
		sn_size(&w, p->order[i]);
	/* The warnings, their file kept only when it is not the program's
	 * own name (which is put back as the name it is loaded by). */
	sn_size(&w, diags->n - first);
	sn_size(&w, dropped);
	for (size_t i = first; i < diags->n; i++) {
		const struct diag *d = &diags->v[i];
		if (d->severity != DIAG_WARNING)
			w.ok = false;
		bool own = strcmp(d->file, p->path) == 0;
		sn_u32(&w, own);
		sn_str(&w, own ? NULL : d->file);
		sn_u32(&w, d->line);
		sn_u32(&w, d->column);
		sn_str(&w, d->message);
	}
	sn_texts_last(&w);
	if (w.ok) {
		size_t at = out->n;
		sn_header(out, k, w.rec.n, w.blob.n);
		buf_put(out, w.rec.v, w.rec.n);
		buf_put(out, w.blob.v, w.blob.n);
		uint64_t sum = sn_checksum(out->v + at, out->n - at);
		memcpy(out->v + at + SNAPSHOT_HEADER - 8, &sum, 8);
	}
	free(w.rec.v);
	free(w.blob.v);
	free(w.texts.v);
	free(w.fix.v);
	return w.ok;
}

bool
snapshot_save(const char *spath, const struct program *p,
	      const struct snapshot_key *k, const struct diag_list *diags,
	      size_t first, size_t dropped)
{
	struct buf b = {0};
	bool ok = snapshot_encode(p, k, diags, first, dropped, &b);
	char *error = NULL;
	if (ok)
		ok = statefile_replace(spath, b.v, b.n, 0600,
				       STATEFILE_MKDIRS | STATEFILE_CLEAN |
					       STATEFILE_NOSYNC,
				       &error);
	free(error);
	free(b.v);
	return ok;
}

/* ---- reader ---- */

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

/* Zeroed like build.c's bd_alloc, with the slot past the end. */
static void *
sn_alloc(struct sn_r *r, size_t n, size_t size)
{
	void *v = arena_alloc(r->a, (n + 1) * size);
	memset(v, 0, (n + 1) * size);
	return v;
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

/* The zone `name` (not UTC) as sn_zone wrote it, made by tz_supply(): NULL
 * with r->stale when its zone data are not the ones it was made from (a
 * tzdata update since: the offsets, and the instants the program was
 * built with, may have changed). */
static const struct tz_zone *
sn_get_zone(struct sn_r *r, const char *name)
{
	struct tz_file f;
	f.size = (uint64_t)sn_get_i64(r);
	f.ino = (uint64_t)sn_get_i64(r);
	f.dev = (uint64_t)sn_get_i64(r);
	f.mtime_sec = sn_get_i64(r);
	f.mtime_nsec = sn_get_i64(r);
	f.ctime_sec = sn_get_i64(r);
	f.ctime_nsec = sn_get_i64(r);
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
	const struct tz_zone *z = NULL;
	if (r->ok && r->any_zone_file) {
		const char *dir = tz_zone_dir();
		if (dir == NULL || !tz_file_in(dir, name, &f))
			r->ok = false; /* not a zone here */
	}
	if (r->ok) {
		z = tz_supply(name, &f, days, n);
		if (z == NULL)
			r->ok = false, r->stale = true;
	}
	free(days);
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
	s->line = sn_get(r);
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
	p->n_sessions = sn_get_count(&r, 30); /* words a session takes at least */
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
		c->zone = sn_get_zone(&r, zone);
	sn_get_date(&r, &c->start);
	sn_get_date(&r, &c->end);
	c->n_days = sn_get_int(&r, 0, PROGRAM_MAX_DAYS);
	c->day_change = sn_get_int(&r, 0, 24 * 60 - 1);
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

bool
snapshot_racy(const struct snapshot_key *k)
{
	/* Compared as (seconds, nanoseconds) pairs: a header's times are
	 * any 64-bit values, which nanoseconds in one int64_t overflow. */
	if (k->taken_sec < INT64_MIN + SNAPSHOT_RACY_SEC)
		return true;
	int64_t lim_sec = k->taken_sec - SNAPSHOT_RACY_SEC,
		lim_nsec = k->taken_nsec;
	bool mtime_old = k->mtime_sec < lim_sec ||
			 (k->mtime_sec == lim_sec && k->mtime_nsec < lim_nsec);
	bool ctime_old = k->ctime_sec < lim_sec ||
			 (k->ctime_sec == lim_sec && k->ctime_nsec < lim_nsec);
	return !(mtime_old && ctime_old);
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

/* Reads up to len bytes of fd into data: how many it read. */
static size_t
sn_read_all(int fd, char *data, size_t len)
{
	size_t n = 0;
	while (n < len) {
		ssize_t r = read(fd, data + n, len - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		n += (size_t)r;
	}
	return n;
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
	size_t n = sn_read_all(fd, head, sizeof(head));
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
		n = sn_read_all(fd, copy, len);
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

bool
snapshot_restamp(const char *spath, const struct snapshot_key *k)
{
	int fd = open(spath, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	struct stat st;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) ||
	    st.st_size < SNAPSHOT_HEADER || (uint64_t)st.st_size > SN_MAX_FILE) {
		close(fd);
		return false;
	}
	size_t len = (size_t)st.st_size;
	char *data = xmalloc(len);
	size_t n = sn_read_all(fd, data, len);
	close(fd);
	/* Only the snapshot just used, whole: never one another process put
	 * there since, nor a damaged one made whole by a new checksum. */
	uint64_t rec_len, blob_len, sum;
	struct snapshot_key found;
	bool ok = n == len &&
		  sn_read_header(data, len, k, true, &found, &rec_len,
				 &blob_len, &sum) == SNAPSHOT_USED &&
		  rec_len <= len - SNAPSHOT_HEADER &&
		  blob_len == len - SNAPSHOT_HEADER - rec_len &&
		  sn_checksum(data, len) == sum;
	if (ok) {
		uint64_t taken[2] = {(uint64_t)k->taken_sec,
				     (uint64_t)k->taken_nsec};
		memcpy(data + SN_TAKEN_AT, taken, sizeof(taken));
		sum = sn_checksum(data, len);
		memcpy(data + SNAPSHOT_HEADER - 8, &sum, 8);
		char *error = NULL;
		ok = statefile_replace(spath, data, len, 0600,
				       STATEFILE_CLEAN | STATEFILE_NOSYNC,
				       &error);
		free(error);
	}
	free(data);
	return ok;
}
