/* vlist: a vertical list of boxes, glue and penalties, and the page builder
 * that cuts it into pages.
 *
 * Boxes hold display items positioned relative to the box: x from the left
 * of the type area, y measured DOWN from the top of the box to the item's
 * reference point (a text baseline, or the bottom edge of a rectangle,
 * image or link). Boxes stack as they come: there is no baseline grid, so
 * the space above and below each kind of block is the same wherever on
 * the page it lands.
 *
 * Page breaking (ragged bottom): a page may end at a penalty below
 * VL_INFINITY or at glue that follows a box. Among the legal breaks on a page
 * the builder takes the cheapest, cost = penalty + emptiness of the page;
 * glue and penalties after a break are dropped. Widows, orphans and
 * keep-with-next are expressed by the caller as infinite penalties.
 * A floating box (a figure) that does not fit where it stands is deferred
 * to the top of the next page, and the text after it fills the gap.
 */
#ifndef HEJAPACK_VLIST_H
#define HEJAPACK_VLIST_H

#include <stddef.h>

#include "typeset/displaylist.h"

#define VL_INFINITY 10000.0

typedef enum { V_BOX, V_GLUE, V_PENALTY } v_kind;

typedef struct {
	v_kind kind;
	double height;      /* box: extent; glue: space */
	double first_baseline; /* box of text lines: its first baseline, down from its top */
	double penalty;     /* penalty: cost of breaking here (<= -VL_INFINITY forces) */
	dl_item *items;     /* box: content (owned) */
	size_t nitems, cap;
	arena *strings;     /* box: where its texts live (the list's arena) */
	int anchor;         /* box: >= 0 records where the box lands under this number */
	int elem;           /* box: the structure element of its items that name none
	                       (DL_ELEM_BOX); taken from the list's elem when made */
	int floats;         /* box: may move to the top of the next page when it does
	                       not fit, letting the text after it fill this page */
} v_item;

typedef struct {
	v_item *items;
	size_t n, cap;
	int nanchors;
	int elem;           /* the structure element new boxes belong to (0: the root) */
	arena strings;      /* the texts of the boxes' items */
	int release_drawn;  /* vl_paginate frees each box's items once drawn
	                       (the last pagination of a long document) */
} vlist;

void vl_init(vlist *v);
void vl_free(vlist *v);
/* Appends a box and returns it; its items are added with vl_box_add. */
v_item *vl_box(vlist *v, double height);
void vl_box_add(v_item *box, const dl_item *item); /* strings are copied */
/* Makes room for n more items in box (an optimisation only). */
void vl_box_reserve(v_item *box, size_t n);
void vl_glue(vlist *v, double height);
void vl_penalty(vlist *v, double penalty);
/* A new anchor number for a box (its page and position become known when
 * the list is paginated). */
int vl_new_anchor(vlist *v);
/* Removes the last item. */
void vl_pop(vlist *v);
/* The last item, or NULL. */
v_item *vl_last(vlist *v);
/* No page may end between v->items[from] and the end of the list: every
 * penalty after it becomes infinite, and glue after a box (a legal break)
 * gets an infinite penalty before it. */
void vl_keep_together(vlist *v, size_t from);
/* Height of v's items from index `from` on, as the page builder stacks them. */
double vl_height(const vlist *v, size_t from);

typedef struct {
	double area_h;      /* height of the type area */
	double first_area_top; /* on the first page, content starts this far below the area top */
	double min_last_fill;  /* > 0: the boxes on the last page should be at least this high (vl_paginate) */
} vl_geometry;

typedef struct {
	size_t page;        /* page index relative to the first page of this list */
	double y_top;       /* the box top, down from the area top */
} vl_anchor;

/* Cuts v into pages and draws them into doc starting at a new page each
 * time (pages are appended with dl_add_page). area_x is the left edge of the
 * type area, area_top its top edge (PDF y). Anchor positions are stored in
 * *anchors (new array of v->nanchors, caller frees). Returns the number of
 * pages. With doc NULL nothing is drawn: the pages and anchors are only
 * measured (a first pass that needs to know where things fall).
 * With g->min_last_fill set, a last page that would hold less than that
 * is given more by ending the page before it earlier (at the cheapest
 * break that leaves the last page that much), unless that page ended at a
 * forced break or the change would add a page. */
size_t vl_paginate(vlist *v, const vl_geometry *g, dl_document *doc, double area_x, double area_top,
		   vl_anchor **anchors);

#endif
