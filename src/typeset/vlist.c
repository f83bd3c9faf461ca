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
	b->elem = v->elem;
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

double vl_height(const vlist *v, size_t from)
{
	double h = 0;
	for (size_t i = from; i < v->n; i++)
		if (v->items[i].kind != V_PENALTY)
			h += v->items[i].height;
	return h;
}

void vl_keep_together(vlist *v, size_t from)
{
	size_t extra = 0;
	for (size_t i = from + 1; i < v->n; i++)
		extra += v->items[i].kind == V_GLUE && v->items[i - 1].kind == V_BOX;
	v_item *items = xreallocarray(NULL, v->n + extra + 1, sizeof *items);
	size_t n = 0;
	for (size_t i = 0; i < v->n; i++) {
		v_item it = v->items[i];
		if (i > from && it.kind == V_GLUE && v->items[i - 1].kind == V_BOX)
			items[n++] = (v_item){ .kind = V_PENALTY, .penalty = VL_INFINITY, .anchor = -1 };
		if (i > from && it.kind == V_PENALTY && it.penalty > -VL_INFINITY)
			it.penalty = VL_INFINITY;
		items[n++] = it;
	}
	/* The boxes' contents moved with them; only the old array goes. */
	free(v->items);
	v->items = items;
	v->n = n;
	v->cap = v->n + 1;
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
			 size_t cap, float_queue *deferred)
{
	double y = top;
	size_t best = (size_t)-1;
	double best_cost = INFINITY;
	int placed_box = placed_any;
	size_t first_deferred = deferred->n;
	size_t end = v->n;
	for (size_t i = start; i < v->n; i++) {
		const v_item *it = &v->items[i];
		/* Past the cap the page may not end: take the best break before it,
		 * if there was one (else the cap does not apply). */
		if (i > cap && best != (size_t)-1) {
			end = best;
			goto done;
		}
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
			double t = y;
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
		if (it.elem == DL_ELEM_BOX)
			it.elem = box->elem;
		dl_add(doc, page, &it);
	}
	if (doc && release) {
		/* The page has its copy; a long document need not hold both. */
		free(box->items);
		box->items = NULL;
		box->nitems = box->cap = 0;
	}
}

/* What a run of the page builder learnt about its last two pages. */
typedef struct {
	size_t pages;
	size_t last_start;       /* index where the last page starts */
	size_t prev_start;       /* ... and the page before it */
	double last_fill;        /* height used on the last page */
	int prev_forced;         /* the page before the last ended at a forced break */
} run_info;

/* Cuts v into pages (drawing them into doc unless it is NULL). On page
 * cap_page no break after item cap is taken while an earlier one exists. */
static void run(vlist *v, const vl_geometry *g, dl_document *doc, double area_x, double area_top,
		vl_anchor *anchors, size_t cap_page, size_t cap, run_info *info)
{
	float_queue waiting = { 0 }, deferred = { 0 };
	size_t pages = 0;
	size_t start = 0;
	memset(info, 0, sizeof *info);
	while (start < v->n || waiting.n) {
		/* Glue and penalties at the top of a page disappear. */
		while (start < v->n && v->items[start].kind != V_BOX)
			start++;
		if (start >= v->n && !waiting.n)
			break;
		size_t page = doc ? dl_add_page(doc) : pages;
		double top = pages == 0 ? g->first_area_top : 0, y = top;
		/* Figures deferred from the previous page come first. */
		for (size_t k = 0; k < waiting.n; k++) {
			v_item *it = &v->items[waiting.items[k]];
			draw_box(it, doc, page, area_x, area_top - y, v->release_drawn);
			if (it->anchor >= 0)
				anchors[it->anchor] = (vl_anchor){ pages, y };
			y += it->height;
		}
		int placed_any = waiting.n > 0;
		double filled = y - top; /* boxes only: the lines and figures on the page */
		deferred.n = 0;
		size_t end = start < v->n ? find_break(v, g, start, y, placed_any, pages == cap_page ? cap : SIZE_MAX,
							&deferred)
					  : start;
		if (end == start && start < v->n && !placed_any)
			end = start + 1; /* never loop: a box taller than the page gets a page of its own */
		for (size_t i = start; i < end && i < v->n; i++) {
			v_item *it = &v->items[i];
			if (it->kind == V_GLUE) {
				y += it->height;
			} else if (it->kind == V_BOX && !queue_has(&deferred, i)) {
				draw_box(it, doc, page, area_x, area_top - y, v->release_drawn);
				if (it->anchor >= 0)
					anchors[it->anchor] = (vl_anchor){ pages, y };
				y += it->height;
				filled += it->height;
			}
		}
		info->prev_start = info->last_start;
		info->prev_forced = pages > 0 && info->last_fill < 0;
		info->last_start = start;
		int forced = end < v->n && v->items[end].kind == V_PENALTY && v->items[end].penalty <= -VL_INFINITY;
		/* A negative fill marks a page that ended at a forced break. */
		info->last_fill = forced ? -1 : filled;
		pages++;
		float_queue swap = waiting;
		waiting = deferred;
		deferred = swap;
		start = end;
		if (start < v->n && v->items[start].kind != V_BOX)
			start++;
	}
	if (info->last_fill < 0)
		info->last_fill = 0;
	info->pages = pages;
	free(waiting.items);
	free(deferred.items);
}

/* Where the page before the last must end at the latest so that the last
 * page holds at least g->min_last_fill: the first box of the stretch at
 * the end of the list whose boxes are that high. */
static size_t rebalance_cap(const vlist *v, const vl_geometry *g, size_t from)
{
	double h = 0;
	for (size_t i = v->n; i-- > from;) {
		if (v->items[i].kind == V_BOX)
			h += v->items[i].height;
		if (h >= g->min_last_fill && v->items[i].kind == V_BOX)
			return i;
	}
	return from;
}

size_t vl_paginate(vlist *v, const vl_geometry *g, dl_document *doc, double area_x, double area_top,
		   vl_anchor **anchors)
{
	*anchors = xcalloc(v->nanchors ? (size_t)v->nanchors : 1, sizeof **anchors);
	size_t cap_page = SIZE_MAX, cap = SIZE_MAX;
	if (g->min_last_fill > 0) {
		/* A last page with a few lines on it, when the page before could
		 * give it more: that page ends earlier (a looser page) and the
		 * last one gets at least min_last_fill, if the page count stays. */
		run_info first, second;
		run(v, g, NULL, area_x, area_top, *anchors, SIZE_MAX, SIZE_MAX, &first);
		if (first.pages >= 2 && first.last_fill < g->min_last_fill && !first.prev_forced) {
			size_t c = rebalance_cap(v, g, first.prev_start);
			if (c > first.prev_start) {
				run(v, g, NULL, area_x, area_top, *anchors, first.pages - 2, c, &second);
				if (second.pages == first.pages && second.last_fill > first.last_fill) {
					cap_page = first.pages - 2;
					cap = c;
				}
			}
		}
	}
	run_info info;
	run(v, g, doc, area_x, area_top, *anchors, cap_page, cap, &info);
	return info.pages;
}
