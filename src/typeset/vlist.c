#include "typeset/vlist.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"

void vl_init(vlist *v)
{
	memset(v, 0, sizeof *v);
}

void vl_free(vlist *v)
{
	for (size_t i = 0; i < v->n; i++)
		free(v->items[i].items);
	free(v->items);
	arena_free(&v->strings);
	memset(v, 0, sizeof *v);
}

static v_item *append(vlist *v, v_kind kind)
{
	if (v->n == v->cap) {
		v->cap = v->cap ? v->cap * 2 : 128;
		v->items = xreallocarray(v->items, v->cap, sizeof *v->items);
	}
	v_item *it = &v->items[v->n++];
	memset(it, 0, sizeof *it);
	it->kind = kind;
	it->anchor = -1;
	return it;
}

v_item *vl_box(vlist *v, double height)
{
	v_item *b = append(v, V_BOX);
	b->height = height;
	b->strings = &v->strings;
	return b;
}

void vl_box_reserve(v_item *box, size_t n)
{
	if (box->nitems + n <= box->cap)
		return;
	box->cap = box->nitems + n;
	box->items = xreallocarray(box->items, box->cap, sizeof *box->items);
}

void vl_box_add(v_item *box, const dl_item *item)
{
	if (box->nitems == box->cap) {
		box->cap = box->cap ? box->cap * 2 : 8;
		box->items = xreallocarray(box->items, box->cap, sizeof *box->items);
	}
	dl_item *copy = &box->items[box->nitems++];
	*copy = *item;
	copy->text = arena_strdup(box->strings, item->text);
	copy->alt = arena_strdup(box->strings, item->alt);
}

void vl_glue(vlist *v, double height)
{
	append(v, V_GLUE)->height = height;
}

void vl_penalty(vlist *v, double penalty)
{
	append(v, V_PENALTY)->penalty = penalty;
}

int vl_new_anchor(vlist *v)
{
	return v->nanchors++;
}

void vl_pop(vlist *v)
{
	if (!v->n)
		return;
	v_item *it = &v->items[--v->n];
	free(it->items); /* its strings stay in the arena until vl_free */
}

v_item *vl_last(vlist *v)
{
	return v->n ? &v->items[v->n - 1] : NULL;
}

/* Where a box's top lands when the previous content ends at y (down from
 * the area top): grid boxes move down so their first baseline is on the grid. */
static double box_top(const vl_geometry *g, const v_item *box, double y)
{
	if (!box->grid)
		return y;
	double baseline = y + box->first_baseline;
	double steps = ceil((baseline - g->grid_origin) / g->leading - 1e-6);
	if (steps < 0)
		steps = 0;
	return g->grid_origin + steps * g->leading - box->first_baseline;
}

static int is_break(const vlist *v, size_t i)
{
	const v_item *it = &v->items[i];
	if (it->kind == V_PENALTY)
		return it->penalty < VL_INFINITY;
	return it->kind == V_GLUE && i > 0 && v->items[i - 1].kind == V_BOX;
}

/* Deferred floats: indices of boxes waiting for the next page. */
typedef struct {
	size_t *items;
	size_t n, cap;
} float_queue;

static void queue_push(float_queue *q, size_t i)
{
	if (q->n == q->cap) {
		q->cap = q->cap ? q->cap * 2 : 8;
		q->items = xreallocarray(q->items, q->cap, sizeof *q->items);
	}
	q->items[q->n++] = i;
}

static int queue_has(const float_queue *q, size_t i)
{
	for (size_t k = 0; k < q->n; k++)
		if (q->items[k] == i)
			return 1;
	return 0;
}

/* Finds where the page that starts at `start` ends: the index of the break
 * item (or v->n when the rest fits). Floats that do not fit on the page are
 * added to *deferred (only those before the chosen break stay there). */
static size_t find_break(const vlist *v, const vl_geometry *g, size_t start, double top, int placed_any,
			 float_queue *deferred)
{
	double y = top;
	size_t best = (size_t)-1;
	double best_cost = INFINITY;
	int placed_box = placed_any;
	size_t first_deferred = deferred->n;
	size_t end = v->n;
	for (size_t i = start; i < v->n; i++) {
		const v_item *it = &v->items[i];
		if (placed_box && is_break(v, i)) {
			double pen = it->kind == V_PENALTY ? it->penalty : 0;
			if (pen <= -VL_INFINITY) {
				end = i;
				goto done;
			}
			/* Emptiness costs quadratically: the -50 before a heading pays
			 * for ending a page up to a tenth short, not more. */
			double empty = (g->area_h - y) / g->area_h;
			double cost = pen + 5000.0 * empty * empty;
			if (cost <= best_cost) {
				best = i;
				best_cost = cost;
			}
		}
		if (it->kind == V_GLUE) {
			y += it->height;
		} else if (it->kind == V_BOX) {
			double t = box_top(g, it, y);
			double bottom = t + it->height;
			if (bottom > g->area_h + 0.01 && placed_box) {
				if (it->floats) {
					queue_push(deferred, i);
					continue;
				}
				/* Nothing legal on this page: break before the box anyway. */
				end = best != (size_t)-1 ? best : i;
				goto done;
			}
			y = bottom;
			placed_box = 1;
		}
	}
done:
	/* Floats after the break are placed in order on the next page instead. */
	for (size_t k = first_deferred; k < deferred->n;)
		if (deferred->items[k] >= end)
			deferred->items[k] = deferred->items[--deferred->n];
		else
			k++;
	return end;
}

static void draw_box(v_item *box, dl_document *doc, size_t page, double area_x, double top_pdf_y, int release)
{
	for (size_t k = 0; doc && k < box->nitems; k++) {
		dl_item it = box->items[k];
		it.x += area_x;
		it.y = top_pdf_y - it.y;
		dl_add(doc, page, &it);
	}
	if (doc && release) {
		/* The page has its copy; a long document need not hold both. */
		free(box->items);
		box->items = NULL;
		box->nitems = box->cap = 0;
	}
}

size_t vl_paginate(vlist *v, const vl_geometry *g, dl_document *doc, double area_x, double area_top,
		   vl_anchor **anchors)
{
	*anchors = xcalloc(v->nanchors ? (size_t)v->nanchors : 1, sizeof **anchors);
	float_queue waiting = { 0 }, deferred = { 0 };
	size_t pages = 0;
	size_t start = 0;
	while (start < v->n || waiting.n) {
		/* Glue and penalties at the top of a page disappear. */
		while (start < v->n && v->items[start].kind != V_BOX)
			start++;
		if (start >= v->n && !waiting.n)
			break;
		size_t page = doc ? dl_add_page(doc) : pages;
		double y = pages == 0 ? g->first_area_top : 0;
		/* Figures deferred from the previous page come first. */
		for (size_t k = 0; k < waiting.n; k++) {
			v_item *it = &v->items[waiting.items[k]];
			double t = box_top(g, it, y);
			draw_box(it, doc, page, area_x, area_top - t, v->release_drawn);
			if (it->anchor >= 0)
				(*anchors)[it->anchor] = (vl_anchor){ pages, t };
			y = t + it->height;
		}
		int placed_any = waiting.n > 0;
		deferred.n = 0;
		size_t end = start < v->n ? find_break(v, g, start, y, placed_any, &deferred) : start;
		if (end == start && start < v->n && !placed_any)
			end = start + 1; /* never loop: a box taller than the page gets a page of its own */
		for (size_t i = start; i < end && i < v->n; i++) {
			v_item *it = &v->items[i];
			if (it->kind == V_GLUE) {
				y += it->height;
			} else if (it->kind == V_BOX && !queue_has(&deferred, i)) {
				double t = box_top(g, it, y);
				draw_box(it, doc, page, area_x, area_top - t, v->release_drawn);
				if (it->anchor >= 0)
					(*anchors)[it->anchor] = (vl_anchor){ pages, t };
				y = t + it->height;
			}
		}
		pages++;
		float_queue swap = waiting;
		waiting = deferred;
		deferred = swap;
		start = end;
		if (start < v->n && v->items[start].kind != V_BOX)
			start++;
	}
	free(waiting.items);
	free(deferred.items);
	return pages;
}
