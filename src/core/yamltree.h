/* yamltree: a YAML file turned into a flat tree of nodes, for the sked
 * YAML reader (read_yaml.c). Private to the core.
 *
 * Hostile input stays bounded: the bytes are checked first (no NUL, valid
 * UTF-8; a streamed file, a piece at a time before libyaml reads it), aliases are refused, a second document too, nesting depth and
 * node count are capped (load.h), and nothing recurses on the file's
 * structure: libyaml's events are turned into the tree iteratively. */
#ifndef SKED_YAMLTREE_H
#define SKED_YAMLTREE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sked/diag.h"

struct arena;
struct load_source;

enum yt_kind { YT_SCALAR, YT_LIST, YT_MAP };

/* 32 bytes: a 10,000-session file has some 350,000 of these. */
struct yt_node {
	const char *str; /* scalars: the text, NUL-terminated (no NULs inside) */
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
 * document within the limits, with the errors appended to diags at
 * file:line:column; the caller frees the tree with yt_free(). what names
 * the kind of file in those errors ("a sked file", "a config file"). */
struct yt_tree *yt_parse(const char *file, const char *what, const char *buf,
			 size_t len, struct arena *strings,
			 struct diag_list *diags);
/* The same from the file src reads a piece at a time (load_source.h),
 * its first piece read: each piece checked as yt_parse checks the whole
 * file (a character cut across two pieces whole; the line and column of
 * a bad byte found by reading the file again), and handed to libyaml. A
 * file that yt_parse would refuse is refused with the same errors, but
 * for a file with several: a syntax error before the first bad byte, in
 * an earlier piece, is the one reported. */
struct yt_tree *yt_parse_source(const char *file, const char *what,
				struct load_source *src,
				struct arena *strings, struct diag_list *diags);
void yt_free(struct yt_tree *t);

/* Node i, or NULL for 0 ("none"). */
const struct yt_node *yt_at(const struct yt_tree *t, uint32_t i);
const struct yt_node *yt_root(const struct yt_tree *t);

#endif
