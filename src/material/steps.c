#include "material/steps.h"

#include <string.h>

#include "base/util.h"
#include "material/model.h"

static const char *const phase_titles[PHASE_COUNT] = { "Börja", "Pröva", "Utveckla" };

/* An iterator, not recursion: the worksheet is read before the loader
 * has bounded the body's nesting. */
static void heading_text(cmark_node *node, buf *out)
{
	cmark_iter *it = cmark_iter_new(node);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *c = cmark_iter_get_node(it);
		cmark_node_type t = cmark_node_get_type(c);
		if (ev == CMARK_EVENT_ENTER && (t == CMARK_NODE_TEXT || t == CMARK_NODE_CODE))
			buf_puts(out, cmark_node_get_literal(c));
	}
	cmark_iter_free(it);
}

static int is_phase_heading(cmark_node *node, int phase)
{
	if (cmark_node_get_type(node) != CMARK_NODE_HEADING || cmark_node_get_heading_level(node) != 2)
		return 0;
	buf t;
	buf_init(&t);
	heading_text(node, &t);
	int match = strcmp(t.data, phase_titles[phase]) == 0;
	buf_free(&t);
	return match;
}

static cmark_node *phase_list(cmark_node *root, int phase)
{
	if (phase < 0 || phase >= PHASE_COUNT)
		return NULL;
	cmark_node *c = cmark_node_first_child(root);
	while (c && !is_phase_heading(c, phase))
		c = cmark_node_next(c);
	if (!c)
		return NULL;
	for (c = cmark_node_next(c); c; c = cmark_node_next(c)) {
		if (cmark_node_get_type(c) == CMARK_NODE_HEADING && cmark_node_get_heading_level(c) <= 2)
			return NULL;
		if (cmark_node_get_type(c) == CMARK_NODE_LIST && cmark_node_get_list_type(c) == CMARK_ORDERED_LIST)
			return c;
	}
	return NULL;
}

cmark_node *steps_find(cmark_node *root, int phase, int number)
{
	cmark_node *list = phase_list(root, phase);
	if (!list)
		return NULL;
	int n = cmark_node_get_list_start(list);
	for (cmark_node *item = cmark_node_first_child(list); item; item = cmark_node_next(item), n++)
		if (n == number)
			return item;
	return NULL;
}

int steps_range(cmark_node *root, int phase, int *first, int *last)
{
	cmark_node *list = phase_list(root, phase);
	if (!list)
		return 0;
	int count = 0;
	for (cmark_node *item = cmark_node_first_child(list); item; item = cmark_node_next(item))
		count++;
	*first = cmark_node_get_list_start(list);
	*last = *first + count - 1;
	return count > 0;
}
