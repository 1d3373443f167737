/* The snapshot cache's writer (snapshot.h): a program as records and
 * strings, its zone's data with it, under a header and a checksum.
 *
 * Streamed: the program is walked once to make the records, which hold
 * each string's offset, and then once more for each of the two runs of
 * strings, which go straight from the program to the file, hashed on
 * the way. Building the snapshot in memory first held three copies of
 * the program's text at once: a first open of a
 * program of 100,000 sessions (171 MB) peaked at 722 MB. */
#include "snapshot_int.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sked/arena.h"
#include "sked/buf.h"
#include "sked/statefile.h"
#include "sked/tz.h"
#include "sked/xalloc.h"

/* What a walk of the program does: make the records, counting the
 * strings' bytes; or put out the strings of one run, in the order the
 * records name them. */
enum sn_pass {
	SN_RECORDS,
	SN_STRINGS, /* the short strings: ids, titles, names... */
	SN_TEXTS,   /* the long texts (abstracts, descriptions), put after
		     * them: a search of titles or a list reads titles, names
		     * and ids packed together, not spread between abstracts */
};

/* Where the snapshot goes: appended to a buffer, or written to a file;
 * its body hashed as it goes, a chunk at a time. */
struct sn_sink {
	struct buf *out; /* or */
	int fd;
	unsigned char *chunk; /* SNAPSHOT_CHUNK bytes */
	size_t n;             /* in chunk */
	uint64_t body;        /* bytes of the body put out before chunk */
	struct sn_hash h;
	bool failed; /* a write failed */
};

struct sn_w {
	enum sn_pass pass;
	struct buf rec; /* u32 words (SN_RECORDS) */
	/* The bytes of each run (SN_RECORDS); a text's offset is made one
	 * in the blob, after the strings, by sn_texts_last. */
	size_t blob_n, texts_n;
	struct buf fix; /* size_t: where in rec a text's offset is */
	struct sn_sink *sink; /* the strings' (SN_STRINGS, SN_TEXTS) */
	bool ok;
};

static void
sn_emit(struct sn_sink *s, const void *data, size_t n)
{
	if (s->failed || n == 0)
		return;
	if (s->out != NULL)
		buf_put(s->out, data, n);
	else if (!statefile_write_all(s->fd, data, n))
		s->failed = true;
}

/* data[0..n) into the body: hashed a chunk at a time (SNAPSHOT_CHUNK, a
 * multiple of 32) as each fills. */
static void
sn_sink_put(struct sn_sink *s, const void *data, size_t n)
{
	const unsigned char *p = data;
	while (n > 0) {
		size_t k = SNAPSHOT_CHUNK - s->n;
		if (k > n)
			k = n;
		memcpy(s->chunk + s->n, p, k);
		s->n += k;
		p += k;
		n -= k;
		if (s->n == SNAPSHOT_CHUNK) {
			sn_hash_stripes(&s->h, s->chunk, s->n);
			sn_emit(s, s->chunk, s->n);
			s->body += s->n;
			s->n = 0;
		}
	}
}

/* The body's last bytes put out; returns the checksum. */
static uint64_t
sn_sink_end(struct sn_sink *s)
{
	size_t stripes = s->n - s->n % 32;
	sn_hash_stripes(&s->h, s->chunk, stripes);
	uint64_t sum = sn_hash_end(&s->h, s->chunk + stripes, s->body + s->n);
	sn_emit(s, s->chunk, s->n);
	return sum;
}

static void
sn_u32(struct sn_w *w, uint32_t v)
{
	if (w->pass == SN_RECORDS)
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

/* s in the run of strings `run` (SN_STRINGS or SN_TEXTS), whose length
 * is *len: its offset + 1 in the run (0 for NULL or when it does not
 * fit) while the records are made; put out on the run's own pass. */
static uint32_t
sn_str_in(struct sn_w *w, enum sn_pass run, size_t *len, const char *s)
{
	if (s == NULL || (w->pass != SN_RECORDS && w->pass != run))
		return 0;
	size_t n = strlen(s), off = *len;
	/* Padded (arena_padded): in a mapped snapshot, zeros follow every
	 * string, as initialized bytes follow an arena's (arena.h). */
	size_t size = arena_padded(n);
	if (w->pass == run) {
		if (w->sink->failed)
			return 0; /* nothing more goes out */
		static const char zeros[64];
		sn_sink_put(w->sink, s, n);
		for (size_t pad = size - n; pad > 0;) {
			size_t k = pad < sizeof(zeros) ? pad : sizeof(zeros);
			sn_sink_put(w->sink, zeros, k);
			pad -= k;
		}
		return 0;
	}
	if (off >= UINT32_MAX - 1 || size > UINT32_MAX - off) {
		w->ok = false;
		return 0;
	}
	*len = off + size;
	return (uint32_t)off + 1;
}

static void
sn_str(struct sn_w *w, const char *s)
{
	sn_u32(w, sn_str_in(w, SN_STRINGS, &w->blob_n, s));
}

/* Its offset in the texts, made one in the blob by sn_texts_last. */
static void
sn_text(struct sn_w *w, const struct program_text *t)
{
	uint32_t v = sn_str_in(w, SN_TEXTS, &w->texts_n, t->raw);
	if (v != 0) {
		size_t at = w->rec.n;
		buf_put(&w->fix, (const char *)&at, sizeof(at));
	}
	sn_u32(w, v);
	sn_u32(w, t->html);
}

/* The texts' offsets moved by the strings' length: the texts follow
 * them in the blob. */
static void
sn_texts_last(struct sn_w *w)
{
	size_t shift = w->blob_n;
	if (w->texts_n > UINT32_MAX - 1 - shift) {
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
			int64_t d = tz_utc_day(ends[k]);
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
	if (w->pass != SN_RECORDS)
		return; /* records only */
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
		xqsort(days.v, n, sizeof(int64_t), sn_i64_cmp);
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

/* One walk of p, as w->pass says. */
static void
sn_walk(struct sn_w *w, const struct program *p, const char *zone,
	const struct diag_list *diags, size_t first, size_t dropped)
{
	const struct program_conference *c = &p->conference;
	sn_size(w, p->n_tracks);
	sn_size(w, p->n_rooms);
	sn_size(w, p->n_sessions);
	sn_size(w, p->n_scheduled);
	sn_str(w, c->id);
	sn_str(w, c->title);
	sn_str(w, c->timezone);
	sn_str(w, zone);
	if (zone != NULL && strcmp(zone, "UTC") != 0)
		sn_zone(w, p);
	sn_date(w, &c->start);
	sn_date(w, &c->end);
	sn_i32(w, c->n_days);
	sn_i32(w, c->day_change);
	/* 0: named; 1: derived; 2: derived, the times exact. */
	sn_u32(w, c->zone_derived ? 1u + c->times_exact : 0u);
	sn_str(w, c->location);
	sn_str(w, c->url);
	for (size_t i = 0; i < p->n_tracks; i++) {
		const struct program_track *t = &p->tracks[i];
		sn_str(w, t->id);
		sn_str(w, t->name);
		sn_text(w, &t->description_text);
		sn_strv(w, &t->leads);
	}
	for (size_t i = 0; i < p->n_rooms; i++) {
		sn_str(w, p->rooms[i].id);
		sn_str(w, p->rooms[i].name);
	}
	for (size_t i = 0; i < p->n_sessions; i++) {
		const struct program_session *s = &p->sessions[i];
		sn_str(w, s->id);
		sn_str(w, s->title);
		sn_str(w, s->type);
		sn_text(w, &s->abstract_text);
		sn_text(w, &s->description_text);
		sn_str(w, s->url);
		sn_str(w, s->subtitle);
		sn_str(w, s->feedback_url);
		sn_str(w, s->guid);
		sn_strv(w, &s->languages);
		sn_size(w, s->links.n);
		for (size_t j = 0; j < s->links.n; j++) {
			sn_str(w, s->links.v[j].url);
			sn_str(w, s->links.v[j].title);
		}
		sn_u32(w, s->do_not_record);
		sn_i32(w, s->track);
		sn_i32(w, s->room);
		sn_u32(w, s->scheduled);
		sn_i32(w, s->start.year);
		sn_i32(w, s->start.month);
		sn_i32(w, s->start.day);
		sn_i32(w, s->start.hour);
		sn_i32(w, s->start.minute);
		sn_i64(w, s->start_utc);
		sn_i32(w, s->duration);
		sn_i32(w, s->day);
		sn_people(w, &s->speakers);
		sn_people(w, &s->authors);
		sn_strv(w, &s->tags);
	}
	for (size_t i = 0; i < p->n_sessions; i++)
		sn_size(w, p->order[i]);
	/* The warnings, their file kept only when it is not the program's
	 * own name (which is put back as the name it is loaded by). */
	sn_size(w, diags->n - first);
	sn_size(w, dropped);
	for (size_t i = first; i < diags->n; i++) {
		const struct diag *d = &diags->v[i];
		if (d->severity != DIAG_WARNING)
			w->ok = false;
		bool own = strcmp(d->file, p->path) == 0;
		sn_u32(w, own);
		sn_str(w, own ? NULL : d->file);
		sn_u32(w, d->line);
		sn_u32(w, d->column);
		sn_str(w, d->message);
	}
}

/* The records of p (w->rec, and the runs' lengths) by a first walk;
 * false when p cannot be kept (snapshot_encode), nothing to put out. */
static bool
sn_records(struct sn_w *w, const struct program *p, const char **zone,
	   const struct diag_list *diags, size_t first, size_t dropped)
{
	const struct program_conference *c = &p->conference;
	*w = (struct sn_w){.pass = SN_RECORDS, .ok = true};
	*zone = c->zone ? tz_name(c->zone) : NULL;
	if (*zone != NULL &&
	    (strcmp(*zone, "local") == 0 || tz_find(*zone) != c->zone))
		return false; /* a zone its name does not find again */
	sn_walk(w, p, *zone, diags, first, dropped);
	sn_texts_last(w);
	return w->ok;
}

/* p put out to the sink, its records made (sn_records): the header, the
 * records, then the strings and the texts, each run by a walk of its
 * own. Returns the checksum, which the caller puts in the header (the
 * sink's header has 0 there). */
static uint64_t
sn_put(struct sn_w *w, const struct program *p, const char *zone,
       const struct snapshot_key *k, const struct diag_list *diags,
       size_t first, size_t dropped, struct sn_sink *sink)
{
	struct buf head = {0};
	sn_header(&head, k, w->rec.n, w->blob_n + w->texts_n);
	sn_emit(sink, head.v, head.n);
	sn_checksum_begin(&sink->h, head.v);
	free(head.v);
	sn_sink_put(sink, w->rec.v, w->rec.n);
	w->sink = sink;
	w->pass = SN_STRINGS;
	sn_walk(w, p, zone, diags, first, dropped);
	w->pass = SN_TEXTS;
	sn_walk(w, p, zone, diags, first, dropped);
	return sn_sink_end(sink);
}

static void
sn_finish(struct sn_w *w)
{
	free(w->rec.v);
	free(w->fix.v);
}

bool
snapshot_encode(const struct program *p, const struct snapshot_key *k,
		const struct diag_list *diags, size_t first, size_t dropped,
		struct buf *out)
{
	struct sn_w w;
	const char *zone;
	bool ok = sn_records(&w, p, &zone, diags, first, dropped);
	if (ok) {
		struct sn_sink sink = {.out = out, .fd = -1,
				       .chunk = xmalloc(SNAPSHOT_CHUNK)};
		size_t at = out->n;
		uint64_t sum = sn_put(&w, p, zone, k, diags, first, dropped,
				      &sink);
		memcpy(out->v + at + SNAPSHOT_HEADER - 8, &sum, 8);
		free(sink.chunk);
	}
	sn_finish(&w);
	return ok;
}

bool
sn_file_end(struct statefile_pending *w, bool ok, uint64_t sum)
{
	if (ok) {
		ssize_t put;
		do
			put = pwrite(w->fd, &sum, sizeof(sum), SNAPSHOT_HEADER - 8);
		while (put < 0 && errno == EINTR);
		ok = put == (ssize_t)sizeof(sum);
	}
	if (!ok) {
		statefile_discard(w);
		return false;
	}
	char *error = NULL;
	ok = statefile_commit(w, &error);
	free(error);
	return ok;
}

bool
snapshot_save(const char *spath, const struct program *p,
	      const struct snapshot_key *k, const struct diag_list *diags,
	      size_t first, size_t dropped)
{
	/* The records first: nothing is made on disk for a program that
	 * cannot be kept. */
	struct sn_w w;
	const char *zone;
	bool ok = sn_records(&w, p, &zone, diags, first, dropped);
	struct statefile_pending pw;
	char *error = NULL;
	if (ok) {
		ok = statefile_begin(&pw, spath, 0600,
				     STATEFILE_MKDIRS | STATEFILE_CLEAN |
					     STATEFILE_NOSYNC,
				     &error);
		free(error);
	}
	if (ok) {
		struct sn_sink sink = {.fd = pw.fd,
				       .chunk = xmalloc(SNAPSHOT_CHUNK)};
		uint64_t sum = sn_put(&w, p, zone, k, diags, first, dropped,
				      &sink);
		free(sink.chunk);
		ok = sn_file_end(&pw, !sink.failed, sum);
	}
	sn_finish(&w);
	return ok;
}
