#include "material/yamltree.h"

#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "base/diag.h"
#include "base/util.h"

/* Deep nesting has no use in front matter and would let input drive recursion. */
#define MAX_DEPTH 32

typedef struct {
	yaml_parser_t parser;
	const char *file;
	unsigned first_line;
	int failed;
	/* The last scalar read, when it was quoted and ran over lines: a missing
	 * closing quote shows up only later, as an error elsewhere. */
	int quote_ran_on;
	yaml_mark_t quote_start, quote_end;
} reader;

static yt_node *new_node(yt_kind kind, const reader *r, yaml_mark_t mark)
{
	yt_node *n = xcalloc(1, sizeof *n);
	n->kind = kind;
	n->line = (unsigned)mark.line + r->first_line;
	n->col = (unsigned)mark.column + 1;
	return n;
}

static void add_item(yt_node *parent, yt_node *child)
{
	parent->items = xreallocarray(parent->items, parent->nitems + 1, sizeof *parent->items);
	parent->items[parent->nitems++] = child;
}

static void report(reader *r, yaml_mark_t mark, const char *msg)
{
	diag(DIAG_ERROR, r->file, (unsigned)mark.line + r->first_line, (unsigned)mark.column + 1, "%s", msg);
	r->failed = 1;
}

/* libyaml names the construct it was inside as "while parsing a flow
 * sequence" (or "while scanning a quoted scalar"); the message names it by
 * where it starts, since that is where an unclosed one must be closed. */
static const char *construct_name(const char *context)
{
	static const char *const openers[] = { "while parsing an ", "while parsing a ", "while scanning an ",
					       "while scanning a ", "while parsing ", "while scanning " };
	for (size_t i = 0; i < sizeof openers / sizeof *openers; i++)
		if (strncmp(context, openers[i], strlen(openers[i])) == 0)
			return context + strlen(openers[i]);
	return context;
}

static int next_event(reader *r, yaml_event_t *ev)
{
	if (yaml_parser_parse(&r->parser, ev))
		return 1;
	const char *problem = r->parser.problem ? r->parser.problem : "malformed YAML";
	yaml_mark_t mark = r->parser.problem_mark;
	unsigned line = (unsigned)mark.line + r->first_line, col = (unsigned)mark.column + 1;
	buf msg;
	buf_init(&msg);
	buf_printf(&msg, "YAML: %s", problem);
	if (r->parser.context) {
		yaml_mark_t start = r->parser.context_mark;
		buf_printf(&msg, " at %u:%u, in the %s that starts at %u:%u", line, col,
			   construct_name(r->parser.context), (unsigned)start.line + r->first_line,
			   (unsigned)start.column + 1);
	}
	if (r->quote_ran_on)
		buf_printf(&msg, "; the quoted text that starts at %u:%u runs on to %u:%u: is its closing quote missing?",
			   (unsigned)r->quote_start.line + r->first_line, (unsigned)r->quote_start.column + 1,
			   (unsigned)r->quote_end.line + r->first_line, (unsigned)r->quote_end.column);
	diag(DIAG_ERROR, r->file, line, col, "%s", msg.data);
	buf_free(&msg);
	r->failed = 1;
	return 0;
}

static yt_node *read_node(reader *r, yaml_event_t *ev, int depth);

/* Reads children until the end event of a sequence or mapping. */
static int read_children(reader *r, yt_node *parent, yaml_event_type_t end, int depth)
{
	for (;;) {
		yaml_event_t ev;
		if (!next_event(r, &ev))
			return 0;
		if (ev.type == end) {
			yaml_event_delete(&ev);
			return 1;
		}
		yt_node *child = read_node(r, &ev, depth + 1);
		yaml_event_delete(&ev);
		if (!child)
			return 0;
		add_item(parent, child);
	}
}

/* Builds the node that starts with ev (which the caller deletes). */
static yt_node *read_node(reader *r, yaml_event_t *ev, int depth)
{
	if (depth > MAX_DEPTH) {
		report(r, ev->start_mark, "YAML nested too deeply");
		return NULL;
	}
	switch (ev->type) {
	case YAML_ALIAS_EVENT:
		report(r, ev->start_mark, "YAML aliases (*name) are not allowed in front matter");
		return NULL;
	case YAML_SCALAR_EVENT: {
		yt_node *n = new_node(YT_SCALAR, r, ev->start_mark);
		n->value = xstrndup((const char *)ev->data.scalar.value, ev->data.scalar.length);
		n->plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
		r->quote_ran_on = (ev->data.scalar.style == YAML_DOUBLE_QUOTED_SCALAR_STYLE ||
				   ev->data.scalar.style == YAML_SINGLE_QUOTED_SCALAR_STYLE) &&
				  ev->end_mark.line != ev->start_mark.line;
		r->quote_start = ev->start_mark;
		r->quote_end = ev->end_mark;
		if (strlen(n->value) != ev->data.scalar.length) {
			report(r, ev->start_mark, "NUL character in a YAML value");
			yt_free(n);
			return NULL;
		}
		return n;
	}
	case YAML_SEQUENCE_START_EVENT:
	case YAML_MAPPING_START_EVENT: {
		int seq = ev->type == YAML_SEQUENCE_START_EVENT;
		yt_node *n = new_node(seq ? YT_SEQUENCE : YT_MAPPING, r, ev->start_mark);
		if (!read_children(r, n, seq ? YAML_SEQUENCE_END_EVENT : YAML_MAPPING_END_EVENT, depth)) {
			yt_free(n);
			return NULL;
		}
		return n;
	}
	default:
		report(r, ev->start_mark, "unexpected YAML structure");
		return NULL;
	}
}

/* Expects the event stream to continue with an event of type want. */
static int expect(reader *r, yaml_event_type_t want, yaml_event_t *ev)
{
	if (!next_event(r, ev))
		return 0;
	if (ev->type != want) {
		report(r, ev->start_mark, want == YAML_STREAM_END_EVENT
			? "only one YAML document is allowed in front matter"
			: "unexpected YAML structure");
		yaml_event_delete(ev);
		return 0;
	}
	return 1;
}

yt_node *yt_parse(const char *text, size_t len, const char *file, unsigned first_line)
{
	reader r = { .file = file, .first_line = first_line };
	yt_node *root = NULL;
	yaml_event_t ev;

	if (!yaml_parser_initialize(&r.parser)) {
		diag(DIAG_FATAL, file, 0, 0, "cannot initialise the YAML parser");
		return NULL;
	}
	yaml_parser_set_input_string(&r.parser, (const unsigned char *)text, len);
	yaml_parser_set_encoding(&r.parser, YAML_UTF8_ENCODING);

	if (!expect(&r, YAML_STREAM_START_EVENT, &ev))
		goto out;
	yaml_event_delete(&ev);
	if (!next_event(&r, &ev))
		goto out;
	if (ev.type == YAML_STREAM_END_EVENT) {
		yaml_event_delete(&ev);
		root = new_node(YT_MAPPING, &r, (yaml_mark_t){ 0 });
		goto out;
	}
	yaml_event_delete(&ev); /* document start */
	if (!next_event(&r, &ev))
		goto out;
	root = read_node(&r, &ev, 0);
	yaml_event_delete(&ev);
	if (!root)
		goto out;
	if (!expect(&r, YAML_DOCUMENT_END_EVENT, &ev))
		goto fail;
	yaml_event_delete(&ev);
	if (!expect(&r, YAML_STREAM_END_EVENT, &ev))
		goto fail;
	yaml_event_delete(&ev);
	goto out;
fail:
	yt_free(root);
	root = NULL;
out:
	yaml_parser_delete(&r.parser);
	return root;
}

void yt_free(yt_node *n)
{
	if (!n)
		return;
	for (size_t i = 0; i < n->nitems; i++)
		yt_free(n->items[i]);
	free(n->items);
	free(n->value);
	free(n);
}

const yt_node *yt_get(const yt_node *map, const char *key)
{
	if (!map || map->kind != YT_MAPPING)
		return NULL;
	for (size_t i = 0; i + 1 < map->nitems; i += 2)
		if (map->items[i]->kind == YT_SCALAR && strcmp(map->items[i]->value, key) == 0)
			return map->items[i + 1];
	return NULL;
}

int yt_is_mapping(const char *text, size_t len)
{
	yaml_parser_t parser;
	if (!yaml_parser_initialize(&parser))
		return 0;
	yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
	yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING);
	int result = 0, depth = 0, seen_root = 0;
	for (;;) {
		yaml_event_t ev;
		if (!yaml_parser_parse(&parser, &ev)) {
			result = 0;
			break;
		}
		yaml_event_type_t type = ev.type;
		yaml_event_delete(&ev);
		if (type == YAML_STREAM_END_EVENT) {
			result = !seen_root || result;
			break;
		}
		if (type == YAML_ALIAS_EVENT)
			break;
		int starts = type == YAML_MAPPING_START_EVENT || type == YAML_SEQUENCE_START_EVENT;
		if (!seen_root && (starts || type == YAML_SCALAR_EVENT)) {
			seen_root = 1;
			result = type == YAML_MAPPING_START_EVENT;
		}
		if (starts && ++depth > MAX_DEPTH) {
			result = 0;
			break;
		}
		if (type == YAML_MAPPING_END_EVENT || type == YAML_SEQUENCE_END_EVENT)
			depth--;
	}
	yaml_parser_delete(&parser);
	return result;
}
