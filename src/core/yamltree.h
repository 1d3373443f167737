/* yamltree: a YAML file as a stream of nodes, checked, for the sked YAML
 * reader (read_yaml.c), which walks it without holding it; or turned into
 * a flat tree of nodes, for the config file (config.c). Private to the
 * core.
 *
 * Hostile input stays bounded: the bytes are checked first (no NUL, valid
 * UTF-8; a streamed file, a piece at a time before libyaml reads it),
 * aliases are refused, a second document too, nesting depth and node
 * count are capped (load.h), and nothing recurses on the file's
 * structure. */
#ifndef SKED_YAMLTREE_H
#define SKED_YAMLTREE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sked/diag.h"

struct arena;
struct load_source;

enum yt_kind { YT_SCALAR, YT_LIST, YT_MAP, YT_END };

/* ---- the stream ---- */

/* One node as the stream meets it: a scalar, the start of a list or a
 * mapping, or (YT_END) the end of the innermost open one. str is
 * libyaml's, valid until the next yt_next(): copy what is kept. */
struct yt_event {
	const char *str; /* scalars: the text, NUL-terminated */
	size_t len;      /* its length: no NUL before it (an escape that
			  * makes one is an error) */
	uint32_t line;   /* 1-based */
	uint32_t col;    /* 1-based */
	uint8_t kind;    /* enum yt_kind */
	bool plain;      /* a plain (unquoted) scalar */
};

struct yt_stream;

/* Opens the stream of buf[0..len), the whole file, or of the file src
 * reads a piece at a time (load_source.h), its first piece read: NULL
 * (reported) when it is empty or its first bytes are not UTF-8 without
 * NUL. Every error goes to diags at file:line:column; what names the kind
 * of file in them ("a sked file"). A streamed file's pieces are checked
 * as they come (a character cut across two pieces whole; the line and
 * column of a bad byte found by reading the file again): a file that the
 * whole file's stream would refuse is refused with the same errors, but
 * for a file with several, where a syntax error in an earlier piece than
 * the first bad byte is the one reported. */
struct yt_stream *yt_open(const char *file, const char *what, const char *buf,
			  size_t len, struct diag_list *diags);
struct yt_stream *yt_open_source(const char *file, const char *what,
				 struct load_source *src,
				 struct diag_list *diags);
/* The document's next node into ev: false at the document's end (its
 * one node over) or on an error, which is reported; ev's kind is then
 * YT_END, and every later call is false too. */
bool yt_next(struct yt_stream *s, struct yt_event *ev);
/* The rest of node, a list or mapping whose start yt_next just returned
 * (a scalar has none), read (an error ends it: yt_next says so next). */
void yt_skip(struct yt_stream *s, const struct yt_event *node);
/* Reads the stream to its end (the rest of the document, then no second
 * one) and frees it: true when the whole stream was well-formed YAML
 * within the limits. NULL: false. */
bool yt_close(struct yt_stream *s);

/* ---- the tree ---- */

/* 32 bytes a node. */
struct yt_node {
	const char *str; /* scalars: the text, NUL-terminated, with no NUL
			  * before its end (a "\0" escape is an error) */
	uint32_t line;   /* 1-based */
	uint32_t col;    /* 1-based */
	uint32_t count;  /* children; a map has key, value, key, value... */
	uint32_t first;  /* index of the first child, 0 = none */
	uint32_t next;   /* index of the next sibling, 0 = none */
	uint8_t kind;    /* enum yt_kind */
	bool plain;      /* a plain (unquoted) scalar */
};

struct yt_tree;

/* Parses buf[0..len), the whole file, into a tree whose scalars are copied
 * into `strings`. Returns NULL when the file is not one well-formed YAML
 * document within the limits, with the errors appended to diags as
 * yt_open's; the caller frees the tree with yt_free(). */
struct yt_tree *yt_parse(const char *file, const char *what, const char *buf,
			 size_t len, struct arena *strings,
			 struct diag_list *diags);
void yt_free(struct yt_tree *t);

/* Node i, or NULL for 0 ("none"). */
const struct yt_node *yt_at(const struct yt_tree *t, uint32_t i);
const struct yt_node *yt_root(const struct yt_tree *t);

#endif
