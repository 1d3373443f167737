/* The YAML file as a stream of nodes, in two passes over the bytes:
 *  1. a scan for NUL and invalid UTF-8, with positions (libyaml's own
 *     messages about them are less clear);
 *  2. libyaml's events handed out one node at a time (yt_next), with
 *     aliases and a second document refused and depth and size capped.
 * A file streamed a piece at a time (yt_open_source) has both passes over
 * each piece in turn: the piece is checked before libyaml reads it. The
 * config file's tree (yt_parse) is built on the stream. Errors libyaml
 * reports are explained by load_errors.c. */
#include "yamltree.h"

#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <yaml.h>

#include "load_errors.h"
#include "load_source.h"
#include "sked/arena.h"
#include "sked/feed.h"
#include "sked/load.h"
#include "sked/text.h"
#include "sked/xalloc.h"

/* Nodes live in fixed-size chunks, so growing never copies nor doubles. */
enum { TREE_CHUNK_BITS = 16, TREE_CHUNK = 1 << TREE_CHUNK_BITS };

struct yt_tree {
	struct yt_node *chunks[LOAD_MAX_NODES / TREE_CHUNK + 1];
	size_t n;       /* node 0 is unused so that 0 can mean "none" */
	uint32_t root;
};

static struct yt_node *
tree_at(const struct yt_tree *t, uint32_t i)
{
	return &t->chunks[i >> TREE_CHUNK_BITS][i & (TREE_CHUNK - 1)];
}

const struct yt_node *
yt_at(const struct yt_tree *t, uint32_t i)
{
	return i ? tree_at(t, i) : NULL;
}

const struct yt_node *
yt_root(const struct yt_tree *t)
{
	return yt_at(t, t->root);
}

void
yt_free(struct yt_tree *t)
{
	if (t == NULL)
		return;
	for (size_t c = 0; c * TREE_CHUNK < t->n; c++)
		free(t->chunks[c]);
	free(t);
}

/* The input as libyaml and load_errors.c read it: the whole file in
 * memory, or the file a piece at a time (load_source.h), its bytes
 * checked as each piece comes (pass 1 for the piece). */
struct yt_input {
	const unsigned char *buf; /* the whole file; NULL when streamed */
	size_t len;
	size_t pos; /* libyaml's read position in buf, or in src->piece */
	struct load_source *src; /* streamed: the file */
	/* Streamed, for pass 1: the error's words and where it goes, and a
	 * character cut by the end of the last piece, checked whole with the
	 * next one's first bytes. */
	const char *file;
	char why[64];
	struct diag_list *diags;
	unsigned char cut[4];
	size_t ncut;
	bool failed; /* reported: libyaml's "input error" is not */
};

static size_t
yt_text_read(const void *data, size_t off, unsigned char *dst, size_t n)
{
	const struct yt_input *in = data;
	if (in->src != NULL)
		return load_source_pread(in->src, off, dst, n);
	if (off >= in->len)
		return 0;
	if (n > in->len - off)
		n = in->len - off;
	memcpy(dst, in->buf + off, n);
	return n;
}

static bool yt_next_piece(struct yt_input *in);

static int
yt_yaml_read(void *data, unsigned char *buffer, size_t size, size_t *size_read)
{
	struct yt_input *in = data;
	if (in->src == NULL) {
		*size_read = yt_text_read(in, in->pos, buffer, size);
		in->pos += *size_read;
		return 1;
	}
	const struct load_source *s = in->src;
	*size_read = 0;
	if (in->pos == s->n && !yt_next_piece(in))
		return !in->failed; /* the end: 0 bytes */
	size_t n = s->n - in->pos < size ? s->n - in->pos : size;
	memcpy(buffer, s->piece + in->pos, n);
	in->pos += n;
	*size_read = n;
	return 1;
}

/* ---- pass 1: bytes ---- */

static const char yt_bom[] = "\xEF\xBB\xBF";

/* UTF-8 without NUL, the BOM aside. */
static bool
yt_scan_bytes(const char *file, const char *what, const struct yt_input *in,
	      struct diag_list *diags)
{
	size_t bom = in->len >= 3 && memcmp(in->buf, yt_bom, 3) == 0 ? 3 : 0;
	char why[64];
	snprintf(why, sizeof(why), "%s is UTF-8 text", what);
	return feed_check_utf8(file, (const char *)in->buf + bom, in->len - bom,
			       why, diags);
}

/* The streamed file's byte at offset off is not UTF-8 without NUL: said
 * as yt_scan_bytes says it, its line and column counted by reading the
 * file again up to it (nothing is counted while a good file streams). */
static bool
yt_bad_byte(struct yt_input *in, size_t off, unsigned char byte)
{
	struct feed_pos p;
	load_text_position(&(struct load_text){yt_text_read, in}, off,
			   &p.line, &p.column);
	feed_utf8_error(in->file, p, byte, in->why, in->diags);
	in->failed = true;
	return false;
}

/* Whether p[0..n), the end of a piece, is the start of a character the
 * next piece may complete: a lead byte and fewer continuation bytes than
 * it needs, and nothing else. A sequence that is whole in the piece, or
 * has a byte that cannot continue it, is bad here and now, as it would be
 * in the whole file. */
static bool
yt_cut_at_end(const unsigned char *p, size_t n)
{
	size_t need = p[0] >= 0xC2 && p[0] <= 0xDF   ? 2
		      : p[0] >= 0xE0 && p[0] <= 0xEF ? 3
		      : p[0] >= 0xF0 && p[0] <= 0xF4 ? 4
						     : 0;
	if (n >= need)
		return false;
	for (size_t k = 1; k < n; k++)
		if ((p[k] & 0xC0) != 0x80)
			return false;
	return true;
}

/* The source's current piece checked as yt_scan_bytes checks a whole
 * file: a character the piece's end cuts is kept in in->cut and checked
 * whole with the next piece. */
static bool
yt_check_piece(struct yt_input *in)
{
	const struct load_source *s = in->src;
	const char *p = (const char *)s->piece;
	size_t n = s->n, i = 0;
	/* A piece but the last is LOAD_PIECE bytes: a BOM is in the first. */
	if (s->off == 0 && n >= 3 && memcmp(p, yt_bom, 3) == 0)
		i = 3;
	if (in->ncut > 0) {
		unsigned char c[8];
		size_t k = n < 3 ? n : 3;
		memcpy(c, in->cut, in->ncut);
		memcpy(c + in->ncut, p, k);
		uint32_t cp;
		size_t w = text_utf8_decode(c, in->ncut + k, &cp);
		if (w <= in->ncut)
			return yt_bad_byte(in, s->off - in->ncut, c[0]);
		i = w - in->ncut;
		in->ncut = 0;
	}
	i += text_utf8_valid(p + i, n - i);
	if (i == n)
		return true;
	unsigned char lead = (unsigned char)p[i];
	if (!s->end && yt_cut_at_end((const unsigned char *)p + i, n - i)) {
		/* Maybe whole with the next piece's first bytes (if not, it
		 * is this lead byte that is reported, as for a whole file). */
		in->ncut = n - i;
		memcpy(in->cut, p + i, in->ncut);
		return true;
	}
	return yt_bad_byte(in, s->off + i, lead);
}

/* The source's next piece, checked, for libyaml from its start; false at
 * the file's end, or with in->failed when it or its bytes are bad. */
static bool
yt_next_piece(struct yt_input *in)
{
	struct load_source *s = in->src;
	if (in->failed)
		return false;
	if (!load_source_next(s)) {
		in->failed = s->failed; /* reported */
		if (!in->failed && in->ncut > 0)
			/* The file ends inside a character. */
			return yt_bad_byte(in, s->off + s->n - in->ncut,
					   in->cut[0]);
		return false;
	}
	in->pos = 0;
	return yt_check_piece(in);
}

/* ---- pass 2: libyaml's events, checked, one node at a time ---- */

struct yt_pipe;

struct yt_stream {
	const char *file, *what;
	struct diag_list *diags;
	struct yt_input in;
	yaml_parser_t parser;
	struct yt_pipe *pipe; /* libyaml in a thread of its own; NULL: here */
	const yaml_event_t *evp; /* the event the last yt_next returned: ev,
				  * or one of the pipe's */
	yaml_event_t ev;   /* without a pipe: libyaml's last event */
	bool have_ev;      /* ev is to be deleted */
	size_t depth;      /* open lists and mappings */
	size_t nodes;      /* nodes so far, against LOAD_MAX_NODES */
	bool root_seen;    /* the document's node has started */
	bool failed;       /* reported */
	bool done;         /* the document's node is over (or failed) */
};

static void
yt_empty(const char *file, struct diag_list *diags)
{
	diag_add(diags, DIAG_ERROR, file, 1, 1,
		 "empty file: expected a sked program (a mapping "
		 "starting with \"sked: 1\")");
}

__attribute__((format(printf, 3, 4))) static bool
yt_fail_at(struct yt_stream *s, const yaml_mark_t *m, const char *fmt, ...)
{
	char msg[256];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	diag_add(s->diags, DIAG_ERROR, s->file, (unsigned)m->line + 1,
		 (unsigned)m->column + 1, "%s", msg);
	s->failed = s->done = true;
	return false;
}

/* libyaml's next event into ev; false when it fails, reported to diags
 * (where in->diags and the source's go too). */
static bool
yt_parse_one(yaml_parser_t *parser, struct yt_input *in, const char *file,
	     struct diag_list *diags, yaml_event_t *ev)
{
	if (yaml_parser_parse(parser, ev))
		return true;
	/* Not when the bytes' error, or the source's, stopped it:
	 * reported. */
	if (!in->failed)
		load_yaml_error(parser, &(struct load_text){yt_text_read, in},
				diags, file);
	return false;
}

/* ---- the pipe: libyaml in a thread of its own ----
 *
 * A large file's parse (libyaml's scanning, two thirds of a cold load)
 * runs on another core than the walk and the builder that take its
 * events: a thread reads, checks and parses the file into batches of
 * events, a few ahead at most, which yt_next hands out in order. The
 * thread touches only libyaml, the input (its pieces, their bytes'
 * check and hash) and messages of its own; those are the stream's when
 * yt_next reaches the point where they stopped the parse (the messages
 * of a parse the walk had already given up are dropped, as the parse
 * would never have been made without the thread). Everything the
 * stream returns, and in what order, is what it is without the thread. */

enum {
	YT_BATCH = 1024,          /* events at most in a batch */
	YT_BATCH_TEXT = 64 << 10, /* a batch ends once its text is this long */
	YT_BATCH_TEXT_KEPT = 1 << 20, /* a batch's text kept for its next use */
	YT_BATCHES = 4,           /* the thread runs this many batches ahead */
};

/* Files from this size up are parsed in a thread (yamltree.h). */
size_t yt_pipe_min = (size_t)1 << 20;

/* An event as yt_next reads it: libyaml's own is deleted at once, where
 * it was made (a scalar's value and an alias's name copied into the
 * batch's text), so that the thread's allocations are reused hot, as in
 * a parse without it. */
struct yt_rec {
	size_t line, column; /* the start mark's */
	uint32_t off, len;   /* the text in the batch's, NUL after it */
	uint8_t type;        /* yaml_event_type_t */
	uint8_t style;       /* a scalar's yaml_scalar_style_t */
};

struct yt_batch {
	struct yt_rec ev[YT_BATCH];
	size_t n;
	char *text; /* kept from one use to the next */
	size_t tn, tcap;
};

struct yt_pipe {
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t filled, emptied;
	/* Under mu: */
	size_t produced, consumed; /* batches; consumed were handed back */
	bool ended;                /* no batch after produced */
	bool parse_failed;         /* the parse failed after the last one */
	bool stop;                 /* the stream is closing */
	bool want_filled, want_emptied; /* a side waits for the other */
	/* The thread's own: */
	yaml_parser_t *parser;
	struct yt_input *in;
	const char *file;
	struct diag_list diags; /* its messages; the stream's on failure */
	/* yt_next's own: */
	struct yt_batch *cur;   /* held: batch consumed % YT_BATCHES */
	size_t next;            /* its next event */
	bool joined;
	struct yt_batch batch[YT_BATCHES];
};

/* ev into b's next record. */
static void
yt_batch_add(struct yt_batch *b, const yaml_event_t *ev)
{
	const char *str = NULL;
	size_t len = 0;
	if (ev->type == YAML_SCALAR_EVENT) {
		str = (const char *)ev->data.scalar.value;
		len = ev->data.scalar.length;
	} else if (ev->type == YAML_ALIAS_EVENT) {
		str = (const char *)ev->data.alias.anchor;
		len = strlen(str);
	}
	/* A file's scalar is shorter than the file (LOAD_MAX_FILE). */
	if (len > UINT32_MAX - 1 - b->tn)
		xalloc_die(len);
	if (b->tcap - b->tn < len + 1) {
		size_t cap = b->tcap ? b->tcap : YT_BATCH_TEXT;
		while (cap - b->tn < len + 1)
			cap *= 2;
		b->text = xreallocarray(b->text, cap, 1);
		b->tcap = cap;
	}
	struct yt_rec *r = &b->ev[b->n++];
	*r = (struct yt_rec){
		.line = ev->start_mark.line,
		.column = ev->start_mark.column,
		.off = (uint32_t)b->tn,
		.len = (uint32_t)len,
		.type = (uint8_t)ev->type,
		.style = ev->type == YAML_SCALAR_EVENT
				 ? (uint8_t)ev->data.scalar.style
				 : 0,
	};
	if (len > 0)
		memcpy(b->text + b->tn, str, len);
	b->text[b->tn + len] = '\0';
	b->tn += len + 1;
}

static void *
yt_pipe_run(void *arg)
{
	struct yt_pipe *p = arg;
	for (;;) {
		pthread_mutex_lock(&p->mu);
		while (p->produced - p->consumed == YT_BATCHES && !p->stop) {
			p->want_emptied = true;
			pthread_cond_wait(&p->emptied, &p->mu);
		}
		p->want_emptied = false;
		bool stop = p->stop;
		struct yt_batch *b = &p->batch[p->produced % YT_BATCHES];
		pthread_mutex_unlock(&p->mu);
		if (stop)
			return NULL;
		b->n = b->tn = 0;
		if (b->tcap > YT_BATCH_TEXT_KEPT) {
			/* A long value's room is not kept for the rest. */
			free(b->text);
			b->text = NULL;
			b->tcap = 0;
		}
		bool end = false, failed = false;
		while (b->n < YT_BATCH && b->tn < YT_BATCH_TEXT && !end &&
		       !failed) {
			yaml_event_t ev;
			if (!yt_parse_one(p->parser, p->in, p->file, &p->diags,
					  &ev)) {
				failed = true;
			} else {
				yt_batch_add(b, &ev);
				end = ev.type == YAML_STREAM_END_EVENT;
				yaml_event_delete(&ev);
			}
		}
		pthread_mutex_lock(&p->mu);
		p->produced++;
		p->ended = end || failed;
		p->parse_failed = failed;
		if (p->want_filled) /* a wake-up is a system call */
			pthread_cond_signal(&p->filled);
		pthread_mutex_unlock(&p->mu);
		if (end || failed)
			return NULL;
	}
}

/* The stream's input parsed in a thread from now on; false (parsed here)
 * when no thread can be started. */
static bool
yt_pipe_start(struct yt_stream *s)
{
	struct yt_pipe *p = xcalloc(1, sizeof(*p));
	p->parser = &s->parser;
	p->in = &s->in;
	p->file = s->file;
	diag_list_init(&p->diags);
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->filled, NULL);
	pthread_cond_init(&p->emptied, NULL);
	/* The input's messages are the thread's until it is joined. */
	s->in.diags = &p->diags;
	if (s->in.src != NULL && s->in.src->diags != NULL)
		s->in.src->diags = &p->diags;
	/* Signals stay the main thread's, as they were before the thread:
	 * it starts with every one blocked. */
	sigset_t all, old;
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	int started = pthread_create(&p->thread, NULL, yt_pipe_run, p);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (started != 0) {
		s->in.diags = s->diags;
		if (s->in.src != NULL && s->in.src->diags != NULL)
			s->in.src->diags = s->diags;
		pthread_cond_destroy(&p->emptied);
		pthread_cond_destroy(&p->filled);
		pthread_mutex_destroy(&p->mu);
		free(p);
		return false;
	}
	s->pipe = p;
	return true;
}

/* Waits for the thread to end (told to stop first), and gives the input
 * its messages back. */
static void
yt_pipe_join(struct yt_stream *s)
{
	struct yt_pipe *p = s->pipe;
	if (p->joined)
		return;
	pthread_mutex_lock(&p->mu);
	p->stop = true;
	pthread_cond_signal(&p->emptied);
	pthread_mutex_unlock(&p->mu);
	pthread_join(p->thread, NULL);
	p->joined = true;
	s->in.diags = s->diags;
	if (s->in.src != NULL && s->in.src->diags != NULL)
		s->in.src->diags = s->diags;
}

static void
yt_pipe_free(struct yt_stream *s)
{
	struct yt_pipe *p = s->pipe;
	yt_pipe_join(s);
	for (size_t i = 0; i < YT_BATCHES; i++)
		free(p->batch[i].text);
	diag_list_finish(&p->diags); /* those of a parse given up */
	pthread_cond_destroy(&p->emptied);
	pthread_cond_destroy(&p->filled);
	pthread_mutex_destroy(&p->mu);
	free(p);
	s->pipe = NULL;
}

/* The event of record r of batch b, in s->ev (nothing to delete). */
static void
yt_pipe_give(struct yt_stream *s, const struct yt_batch *b,
	     const struct yt_rec *r)
{
	yaml_event_t *ev = &s->ev;
	*ev = (yaml_event_t){.type = (yaml_event_type_t)r->type};
	ev->start_mark.line = r->line;
	ev->start_mark.column = r->column;
	yaml_char_t *text = (yaml_char_t *)b->text + r->off;
	if (r->type == YAML_SCALAR_EVENT) {
		ev->data.scalar.value = text;
		ev->data.scalar.length = r->len;
		ev->data.scalar.style = (yaml_scalar_style_t)r->style;
	} else if (r->type == YAML_ALIAS_EVENT) {
		ev->data.alias.anchor = text;
	}
	s->evp = ev;
}

/* The pipe's next event; false when the parse failed there (its
 * messages now the stream's). */
static bool
yt_pipe_event(struct yt_stream *s)
{
	struct yt_pipe *p = s->pipe;
	for (;;) {
		if (p->cur != NULL && p->next < p->cur->n) {
			yt_pipe_give(s, p->cur, &p->cur->ev[p->next++]);
			return true;
		}
		pthread_mutex_lock(&p->mu);
		if (p->cur != NULL) {
			p->consumed++;
			p->cur = NULL;
			if (p->want_emptied)
				pthread_cond_signal(&p->emptied);
		}
		while (p->produced == p->consumed && !p->ended) {
			p->want_filled = true;
			pthread_cond_wait(&p->filled, &p->mu);
		}
		p->want_filled = false;
		bool more = p->produced != p->consumed,
		     failed = p->parse_failed;
		if (more) {
			p->cur = &p->batch[p->consumed % YT_BATCHES];
			p->next = 0;
		}
		pthread_mutex_unlock(&p->mu);
		if (more)
			continue; /* a failure's batch may be empty */
		if (!failed) {
			/* libyaml's answer past the end: no event. */
			s->ev = (yaml_event_t){.type = YAML_NO_EVENT};
			s->evp = &s->ev;
			return true;
		}
		yt_pipe_join(s);
		diag_list_move(s->diags, &p->diags);
		return false;
	}
}

/* libyaml's next event at s->evp; false (reported) when it fails. */
static bool
yt_parse_event(struct yt_stream *s)
{
	if (s->have_ev) {
		yaml_event_delete(&s->ev);
		s->have_ev = false;
	}
	bool ok;
	if (s->pipe != NULL) {
		ok = yt_pipe_event(s);
	} else {
		ok = yt_parse_one(&s->parser, &s->in, s->file, s->diags,
				  &s->ev);
		s->have_ev = ok;
		s->evp = &s->ev;
	}
	if (!ok)
		s->failed = s->done = true;
	return ok;
}

bool
yt_next(struct yt_stream *s, struct yt_event *out)
{
	*out = (struct yt_event){.kind = YT_END};
	while (!s->done) {
		if (!yt_parse_event(s))
			return false;
		const yaml_event_t *ev = s->evp;
		const yaml_mark_t *m = &ev->start_mark;
		switch (ev->type) {
		case YAML_STREAM_END_EVENT:
		case YAML_DOCUMENT_END_EVENT:
			/* Before any node: a stream of comments alone. */
			s->done = true;
			if (!s->root_seen) {
				yt_empty(s->file, s->diags);
				s->failed = true;
			}
			return false;
		case YAML_ALIAS_EVENT:
			return yt_fail_at(s, m, "YAML alias *%s: aliases are not "
					  "allowed in %s",
					  (const char *)ev->data.alias.anchor,
					  s->what);
		case YAML_SCALAR_EVENT:
		case YAML_SEQUENCE_START_EVENT:
		case YAML_MAPPING_START_EVENT:
			if (++s->nodes > LOAD_MAX_NODES)
				return yt_fail_at(s, m, "too many YAML nodes (the "
						  "limit is %d)", LOAD_MAX_NODES);
			s->root_seen = true;
			out->line = (uint32_t)m->line + 1;
			out->col = (uint32_t)m->column + 1;
			if (ev->type == YAML_SCALAR_EVENT) {
				out->kind = YT_SCALAR;
				out->str = (const char *)ev->data.scalar.value;
				out->len = ev->data.scalar.length;
				/* Only an escape makes a NUL (the bytes have
				 * none), and only a double-quoted scalar has
				 * escapes. Cut there, the value would lose its
				 * rest without a word. */
				if (ev->data.scalar.style ==
					    YAML_DOUBLE_QUOTED_SCALAR_STYLE &&
				    memchr(out->str, '\0', out->len) != NULL)
					return yt_fail_at(
						s, m,
						"an escape in this string makes a NUL "
						"character (\\0), which text cannot "
						"hold");
				out->plain = ev->data.scalar.style ==
					     YAML_PLAIN_SCALAR_STYLE;
				if (s->depth == 0)
					s->done = true;
				return true;
			}
			if (s->depth == LOAD_MAX_DEPTH)
				return yt_fail_at(s, m, "nesting deeper than %d "
						  "levels", LOAD_MAX_DEPTH);
			s->depth++;
			out->kind = ev->type == YAML_SEQUENCE_START_EVENT
					    ? YT_LIST
					    : YT_MAP;
			return true;
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT:
			if (--s->depth == 0)
				s->done = true;
			out->line = (uint32_t)m->line + 1;
			out->col = (uint32_t)m->column + 1;
			return true; /* YT_END */
		default: /* the stream's and the document's start */
			break;
		}
	}
	return false;
}

void
yt_skip(struct yt_stream *s, const struct yt_event *node)
{
	if (node->kind != YT_LIST && node->kind != YT_MAP)
		return;
	struct yt_event ev;
	for (size_t depth = 1; depth > 0 && yt_next(s, &ev);)
		if (ev.kind == YT_END)
			depth--;
		else if (ev.kind != YT_SCALAR)
			depth++;
}

/* After the document's node: the rest of the stream, which must end
 * without a second document or a syntax error. */
static bool
yt_finish(struct yt_stream *s)
{
	struct yt_event ev;
	while (!s->done)
		yt_next(s, &ev); /* a node not walked to its end */
	if (s->failed)
		return false;
	for (;;) {
		if (!yt_parse_event(s))
			return false;
		/* libyaml gives no event at all after the stream's end. */
		if (s->evp->type == YAML_STREAM_END_EVENT ||
		    s->evp->type == YAML_NO_EVENT)
			return true;
		if (s->evp->type == YAML_DOCUMENT_START_EVENT)
			return yt_fail_at(s, &s->evp->start_mark,
					  "a second YAML document (%s holds "
					  "exactly one)", s->what);
	}
}

bool
yt_close(struct yt_stream *s)
{
	if (s == NULL)
		return false;
	bool ok = yt_finish(s);
	if (s->pipe != NULL)
		yt_pipe_free(s);
	if (s->have_ev)
		yaml_event_delete(&s->ev);
	yaml_parser_delete(&s->parser);
	free(s);
	return ok;
}

/* size: the file's, for whether it is parsed in a thread. */
static struct yt_stream *
yt_stream_of(const char *file, const char *what, const struct yt_input *in,
	     size_t size, struct diag_list *diags)
{
	struct yt_stream *s = xcalloc(1, sizeof(*s));
	s->file = file;
	s->what = what;
	s->diags = diags;
	s->in = *in;
	yaml_parser_initialize(&s->parser);
	yaml_parser_set_input(&s->parser, yt_yaml_read, &s->in);
	if (size >= yt_pipe_min)
		(void)yt_pipe_start(s);
	return s;
}

struct yt_stream *
yt_open(const char *file, const char *what, const char *buf, size_t len,
	struct diag_list *diags)
{
	struct yt_input in = {.buf = (const unsigned char *)buf, .len = len};
	if (len == 0) {
		yt_empty(file, diags);
		return NULL;
	}
	if (!yt_scan_bytes(file, what, &in, diags))
		return NULL;
	return yt_stream_of(file, what, &in, len, diags);
}

struct yt_stream *
yt_open_source(const char *file, const char *what, struct load_source *src,
	       struct diag_list *diags)
{
	struct yt_input in = {.src = src, .file = file, .diags = diags};
	if (src->n == 0) {
		yt_empty(file, diags);
		return NULL;
	}
	snprintf(in.why, sizeof(in.why), "%s is UTF-8 text", what);
	/* The first piece checked before libyaml reads a byte of it: a file
	 * of one piece is checked whole first, as in memory. */
	if (!yt_check_piece(&in))
		return NULL;
	/* A file of one piece is read already: nothing to overlap. */
	struct stat st;
	size_t size = src->end || fstat(src->fd, &st) != 0 || st.st_size < 0
			      ? src->n
			      : (size_t)st.st_size;
	return yt_stream_of(file, what, &in, size, diags);
}

/* ---- the tree, for the config file ---- */

static uint32_t
tree_add(struct yt_tree *t, enum yt_kind kind, uint32_t line, uint32_t col)
{
	if ((t->n & (TREE_CHUNK - 1)) == 0)
		t->chunks[t->n >> TREE_CHUNK_BITS] =
			xmalloc(TREE_CHUNK * sizeof(struct yt_node));
	struct yt_node *n = tree_at(t, (uint32_t)t->n);
	*n = (struct yt_node){.kind = (uint8_t)kind, .line = line, .col = col};
	return (uint32_t)t->n++;
}

static bool
yt_build(struct yt_tree *t, struct yt_stream *s, struct arena *strings)
{
	/* Open containers and their last child, as indices. */
	uint32_t stack[LOAD_MAX_DEPTH + 1], last[LOAD_MAX_DEPTH + 1];
	size_t depth = 0;
	struct yt_event ev;

	tree_add(t, YT_SCALAR, 0, 0); /* the unused v[0] */
	while (yt_next(s, &ev)) {
		if (ev.kind == YT_END) {
			depth--;
			continue;
		}
		uint32_t idx = tree_add(t, (enum yt_kind)ev.kind, ev.line,
					ev.col);
		if (ev.kind == YT_SCALAR) {
			struct yt_node *n = tree_at(t, idx);
			n->plain = ev.plain;
			n->str = arena_strndup(strings, ev.str, ev.len);
		}
		if (depth == 0) {
			t->root = idx;
		} else {
			struct yt_node *parent = tree_at(t, stack[depth - 1]);
			if (last[depth - 1])
				tree_at(t, last[depth - 1])->next = idx;
			else
				parent->first = idx;
			parent->count++;
			last[depth - 1] = idx;
		}
		if (ev.kind != YT_SCALAR) {
			stack[depth] = idx;
			last[depth] = 0;
			depth++;
		}
	}
	return yt_close(s);
}

struct yt_tree *
yt_parse(const char *file, const char *what, const char *buf, size_t len,
	 struct arena *strings, struct diag_list *diags)
{
	struct yt_stream *s = yt_open(file, what, buf, len, diags);
	if (s == NULL)
		return NULL;
	struct yt_tree *t = xcalloc(1, sizeof(*t));
	if (!yt_build(t, s, strings)) {
		yt_free(t);
		return NULL;
	}
	return t;
}
