/* yamltree: a YAML document read with libyaml into a small tree that keeps
 * every node's position, so validation can report FILE:LINE:COL.
 *
 * Deliberately strict: aliases are refused (no alias bombs), only one
 * document is allowed, nesting depth is capped.
 */
#ifndef HEJAPACK_YAMLTREE_H
#define HEJAPACK_YAMLTREE_H

#include <stddef.h>

typedef enum { YT_SCALAR, YT_SEQUENCE, YT_MAPPING } yt_kind;

typedef struct yt_node yt_node;
struct yt_node {
	yt_kind kind;
	unsigned line, col;  /* 1-based, in the file (offsets applied) */
	char *value;         /* scalars: the text */
	int plain;           /* scalars: unquoted (so `yes` or `12` may mean more than text) */
	yt_node **items;     /* sequences: elements; mappings: key, value, key, value ... */
	size_t nitems;
};

/* Parses text[0..len) as one YAML document. first_line is the file line of
 * text[0] (1-based). On error reports every problem through diag() against
 * file and returns NULL. An empty document gives an empty mapping. The
 * caller frees the tree with yt_free. */
yt_node *yt_parse(const char *text, size_t len, const char *file, unsigned first_line);
void yt_free(yt_node *n);

/* Whether text[0..len) parses, silently, as one YAML document whose root is
 * a mapping (or is empty). Lets a lone Markdown file that merely starts with
 * a thematic break (---) be read as Markdown. */
int yt_is_mapping(const char *text, size_t len);

/* In a mapping, the value node under key, or NULL. */
const yt_node *yt_get(const yt_node *map, const char *key);

#endif
