#include "typeset/handout.h"

#include <cmark.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/diag.h"
#include "base/util.h"
#include "material/labels.h"
#include "material/markdown.h"
#include "material/steps.h"
#include "typeset/blocks.h"
#include "typeset/hyphenate.h"
#include "typeset/pagekit.h"
#include "typeset/para.h"
#include "typeset/style.h"
#include "typeset/vlist.h"

struct handout_env {
	fontset *fs;
	layout_options opt;
	page_style style;
	hyph_library *hyphenation; /* shared with opt.hyphenation when given */
};

handout_env *handout_env_new(fontset *fs, const layout_options *opt)
{
	handout_env *env = xcalloc(1, sizeof *env);
	env->fs = fs;
	env->opt = *opt;
	if (!style_for_handout(opt->paper, &env->style))
		style_for_handout("A4", &env->style);
	env->hyphenation = opt->hyphenation ? hyph_library_share(opt->hyphenation) : hyph_library_new();
	return env;
}

void handout_env_free(handout_env *env)
{
	if (!env)
		return;
	hyph_library_free(env->hyphenation);
	free(env);
}

static hyphenator *hyphenator_for(handout_env *env, const char *lang)
{
	return env->opt.hyphenate ? hyph_library_get(env->hyphenation, lang) : NULL;
}

static size_t phase_steps(const document *d, int phase)
{
	size_t n = 0;
	for (size_t i = 0; i < d->nworksheet; i++)
		n += d->worksheet[i].phase == phase;
	return n;
}

/* ---- what every part of the handout shares ------------------------------- */

typedef struct {
	handout_env *env;
	const material *m;
	const document *d;
	const labels *lb;
	const page_style *st;
	const palette *pal;
	dl_document *out;
	char *title;
	char **page_kind;         /* right side of each page's running header (owned) */
	size_t npage_kind;
	hyphenator *hyph;         /* for the document's language, or NULL */
	/* The worksheet being set: where its structure goes (the handout, or a
	 * scratch list while measuring), its list of steps, the last step's body. */
	dl_document *sheet_out;
	int steps_list, step_body;
} hctx;


static size_t set_plain(hctx *c, const char *text, face_id face, double size, dl_color color, double width,
			para_line **lines)
{
	para *p = para_new(c->env->fs, c->hyph, c->d->path, 1);
	span_style st = { .face = face, .size = size, .color = color };
	para_add(p, text, strlen(text), &st);
	para_shape shape = { .width = width };
	size_t n = para_set(p, &shape, lines);
	para_free(p);
	return n;
}



static vl_geometry geometry(const page_style *st)
{
	vl_geometry g = { .area_h = st->area_h, .first_area_top = 0 };
	return g;
}

/* Cuts v into pages of the handout and records what their header says.
 * The exercise's text gets no near-empty last page (rebalance); a
 * worksheet's pages are measured out by fill_pages and stay as they are. */
static size_t paginate(hctx *c, vlist *v, const char *kind, const char *outline, int rebalance)
{
	const page_style *st = c->st;
	vl_geometry g = geometry(st);
	if (rebalance)
		g.min_last_fill = 6 * st->leading;
	vl_anchor *anchors;
	size_t first = c->out->npages;
	double area_top = st->page_h - st->margin_top;
	vl_paginate(v, &g, c->out, st->margin_left, area_top, &anchors);
	free(anchors);
	c->page_kind = xreallocarray(c->page_kind, c->out->npages ? c->out->npages : 1, sizeof *c->page_kind);
	for (size_t p = c->npage_kind; p < c->out->npages; p++)
		c->page_kind[p] = xstrdup(kind);
	c->npage_kind = c->out->npages;
	if (outline && first < c->out->npages)
		dl_add_outline(c->out, outline, 1, first, area_top + st->leading);
	return first;
}

static void add_running_parts(hctx *c)
{
	pk_running r = { .title = c->title, .page_kinds = c->page_kind, .m = c->m, .header_from = 1 };
	pk_running_parts(c->out, c->env->fs, c->st, c->lb, &r);
}

/* ---- the exercise -------------------------------------------------------- */

static void exercise_head(hctx *c, vlist *v)
{
	const page_style *st = c->st;
	const palette *pal = c->pal;
	const document *d = c->d;
	const labels *lb = c->lb;
	fontset *fs = c->env->fs;
	double w = st->measure;

	char *kicker = xasprintf("%s \xC2\xB7 %s", lb->exercise, material_theme_title(c->m, d->theme));
	v->elem = dl_elem_add(c->out, DS_P, 0, NULL, NULL);
	v_item *k = vl_box(v, st->small_size * 1.7);
	char *kicker_line = pk_clip(fs, FACE_SANS_BOLD, st->small_size, kicker, w);
	dl_item kt = pk_text(fs, FACE_SANS_BOLD, st->small_size, pal->accent, 0, st->small_size * 1.1, kicker_line);
	vl_box_add(k, &kt);
	free(kicker);
	free(kicker_line);

	para_line *lines;
	pk_fit fit = { .fs = fs, .hyph = c->hyph, .path = d->path, .what = "title", .face = FACE_SANS_BOLD,
		       .size = st->title_size, .smallest = 0.7, .lead_ratio = 1.12, .color = pal->accent_dark,
		       .width = w, .max_h = st->area_h * 0.3 };
	double tsize;
	size_t n = pk_fit_lines(&fit, d->title, &lines, &tsize);
	double tlead = tsize * 1.12;
	v->elem = dl_elem_heading(c->out, 1, 0);
	v_item *t = vl_box(v, n * tlead + tsize * 0.25);
	pk_box_lines(t, lines, n, 0, tsize * 0.95, tlead);
	para_lines_free(lines, n);

	fit.what = "lead question";
	fit.face = FACE_SERIF_ITALIC;
	fit.size = st->body_size * 1.2;
	fit.smallest = 1.0;
	fit.lead_ratio = 1.3;
	fit.color = pal->text;
	fit.max_h = st->area_h * 0.25;
	double lsize;
	n = pk_fit_lines(&fit, d->lead, &lines, &lsize);
	double llead = lsize * 1.3;
	vl_glue(v, st->leading * 0.3);
	v->elem = dl_elem_add(c->out, DS_P, 0, NULL, NULL);
	v_item *l = vl_box(v, n * llead);
	pk_box_lines(l, lines, n, 0, lsize, llead);
	para_lines_free(lines, n);
	vl_glue(v, st->leading * 0.7);

	/* What the people in the room need: time, group size, materials. */
	char *tot = labels_minutes(lb, document_total_minutes(d));
	char *values[3];
	const char *labels3[3] = { lb->time, lb->participants, lb->materials };
	values[0] = xasprintf("%s  (%s %d, %s %d, %s %d %s)", tot, lb->phases[0], d->minutes[0], lb->phases[1],
			      d->minutes[1], lb->phases[2], d->minutes[2], lb->minutes_abbr);
	free(tot);
	values[1] = d->participants_min == d->participants_max
		? xasprintf("%d %s", d->participants_min, lb->persons)
		: xasprintf("%d\xE2\x80\x93%d %s", d->participants_min, d->participants_max, lb->persons);
	buf mats;
	buf_init(&mats);
	for (size_t i = 0; i < d->nmaterials; i++)
		buf_printf(&mats, "%s%s", i ? " \xC2\xB7 " : "", d->materials[i]);
	values[2] = d->nmaterials ? buf_detach(&mats, NULL) : xstrdup(lb->no_materials);
	buf_free(&mats);

	double size = st->small_size * 1.08, lead = size * 1.4, pad = size * 1.0;
	double label_w = 0;
	for (int i = 0; i < 3; i++) {
		double lw = para_text_width(fs, FACE_SANS_BOLD, size, labels3[i]);
		if (lw > label_w)
			label_w = lw;
	}
	label_w += size * 1.5;
	para_line *vals[3];
	size_t nvals[3];
	double h = pad * 2 - (lead - size);
	for (int i = 0; i < 3; i++) {
		nvals[i] = set_plain(c, values[i], i == 0 ? FACE_SANS_BOLD : FACE_SANS, size, pal->text,
				     w - 2 * pad - label_w, &vals[i]);
		h += nvals[i] * lead + (i < 2 ? size * 0.35 : 0);
	}
	/* A table: each label, then its value. */
	int table = v->elem = dl_elem_add(c->out, DS_TABLE, 0, NULL, NULL);
	v_item *fb = vl_box(v, h);
	dl_item bg = { .kind = DL_RECT, .x = 0, .y = h, .w = w, .h = h, .color = pal->tint };
	vl_box_add(fb, &bg);
	dl_item edge = { .kind = DL_RECT, .x = 0, .y = h, .w = 3, .h = h, .color = pal->accent };
	vl_box_add(fb, &edge);
	double y = pad + size * 0.8;
	for (int i = 0; i < 3; i++) {
		int row = dl_elem_add(c->out, DS_TR, table, NULL, NULL);
		dl_item lab = pk_text(fs, FACE_SANS_BOLD, size, pal->accent_dark, pad, y, labels3[i]);
		lab.elem = dl_elem_add(c->out, DS_TH, row, NULL, NULL);
		vl_box_add(fb, &lab);
		pk_lines_elem(vals[i], nvals[i], dl_elem_add(c->out, DS_TD, row, NULL, NULL));
		pk_box_lines(fb, vals[i], nvals[i], pad + label_w, y, lead);
		y += nvals[i] * lead + size * 0.35;
		para_lines_free(vals[i], nvals[i]);
		free(values[i]);
	}
	vl_glue(v, st->leading * 0.5);
}

/* ---- worksheets ------------------------------------------------------------ */

/* The kicker and the phase band at the top of a phase's first sheet, and the
 * field for a name (or the group's name). */
static void phase_top(hctx *c, vlist *v, int phase)
{
	const page_style *st = c->st;
	const palette *pal = c->pal;
	const labels *lb = c->lb;
	fontset *fs = c->env->fs;
	double w = st->measure;

	char *kicker = xasprintf("%s \xC2\xB7 %s", lb->worksheet, c->d->title);
	dl_document *out = c->sheet_out;
	v->elem = dl_elem_add(out, DS_P, 0, NULL, NULL);
	v_item *k = vl_box(v, st->small_size * 1.9);
	char *kicker_line = pk_clip(fs, FACE_SANS_BOLD, st->small_size, kicker, w);
	dl_item kt = pk_text(fs, FACE_SANS_BOLD, st->small_size, pal->accent, 0, st->small_size * 1.1, kicker_line);
	vl_box_add(k, &kt);
	free(kicker);
	free(kicker_line);
	vl_penalty(v, VL_INFINITY);

	double size = st->heading_size[1], band = size * 2.2;
	v->elem = dl_elem_heading(out, 2, 0); /* a phase, as in the exercise */
	v_item *b = vl_box(v, band);
	dl_item bg = { .kind = DL_RECT, .x = 0, .y = band, .w = w, .h = band, .color = pal->tint };
	vl_box_add(b, &bg);
	dl_item bar = { .kind = DL_RECT, .x = 0, .y = band, .w = 4, .h = band, .color = pal->accent };
	vl_box_add(b, &bar);
	double base = band * 0.5 + size * 0.36;
	dl_item name = pk_text(fs, FACE_SANS_BOLD, size, pal->accent_dark, 14, base, lb->phases[phase]);
	vl_box_add(b, &name);
	dl_item hint = pk_text(fs, FACE_SANS, st->small_size, pal->muted, name.x + name.w + size * 0.6, base,
				 lb->phase_hints[phase]);
	vl_box_add(b, &hint);
	char *mins = xasprintf("%d %s", c->d->minutes[phase], lb->minutes_abbr);
	dl_item m = pk_text(fs, FACE_SANS_BOLD, size * 0.85, pal->accent_dark, 0, base, mins);
	m.x = w - 12 - m.w;
	vl_box_add(b, &m);
	free(mins);
	vl_penalty(v, VL_INFINITY);

	/* Personal sheets ask for a name, the group sheet for the group's. */
	double pitch = st->write_pitch;
	const char *field = phase == PHASE_PROVA ? lb->group_field : lb->name_field;
	v->elem = dl_elem_add(out, DS_P, 0, NULL, NULL);
	v_item *f = vl_box(v, pitch * 1.5);
	double fbase = pitch * 1.25;
	dl_item label = pk_text(fs, FACE_SANS_BOLD, st->body_size * 0.95, pal->text, 0, fbase, field);
	vl_box_add(f, &label);
	double lx = label.w + st->body_size * 0.6;
	dl_item line = { .kind = DL_RECT, .x = lx, .y = fbase + 1.5, .w = w * 0.62 - lx, .h = 0.7,
			 .color = pal->muted };
	vl_box_add(f, &line);
	vl_penalty(v, VL_INFINITY);
	vl_glue(v, st->leading * 0.9);
}

/* The step's number in a dark square in the hanging column of its first
 * line: the number the exercise gives it, so that the sheet and the
 * exercise's list agree. When the sheet leaves steps of the phase out (steps
 * 1 and 6 only), "av 7" under it says where the step stands. The step's
 * label (elem) reads both ("2 av 7"), as its actual text: drawn under the
 * number, "av 7" would be read in the middle of the step's text. */
static void step_badge(hctx *c, v_item *box, int number, int of, int elem)
{
	const page_style *st = c->st;
	const palette *pal = c->pal;
	char *num = xasprintf("%d", number);
	double size = st->body_size, side = size * 1.55;
	double base = box->first_baseline;
	dl_item sq = { .kind = DL_RECT, .x = 0, .y = base + size * 0.42, .w = side, .h = side,
		       .color = pal->accent };
	vl_box_add(box, &sq);
	dl_item t = pk_text(c->env->fs, FACE_SANS_BOLD, size, pal->white, 0, base, num);
	t.x = (side - t.w) / 2;
	t.elem = elem;
	vl_box_add(box, &t);
	if (of > 0) {
		char *label = xasprintf(c->lb->step_of, of);
		double small = size * 0.62;
		dl_item o = pk_text(c->env->fs, FACE_SANS, small, pal->muted, 0, base + size * 0.42 + small * 1.25, label);
		o.x = (side - o.w) / 2;
		o.elem = DL_ARTIFACT;
		vl_box_add(box, &o);
		char *whole = xasprintf("%s %s", num, label);
		dl_document *out = c->sheet_out;
		out->elems[elem].alt = arena_strdup(&out->strings, whole);
		free(whole);
		free(label);
	}
	free(num);
}

/* The step's number and text (or its prompt) in the list; returns where it
 * starts. */
static size_t step_text(hctx *c, block_ctx *b, cmark_node *root, const worksheet_step *w, double hang, int of)
{
	const page_style *st = c->st;
	vlist *v = &b->list;
	size_t start = v->n;
	double width = st->measure - hang;
	cmark_node *item = steps_find(root, w->phase, w->step);
	/* A step is an item of the sheet's list: its number, then its text. */
	int li = dl_elem_add(b->out, DS_LI, c->steps_list, NULL, NULL);
	int lbl = dl_elem_add(b->out, DS_LBL, li, NULL, NULL);
	b->parent = c->step_body = dl_elem_add(b->out, DS_LBODY, li, NULL, NULL);
	if (w->prompt || !item) {
		/* The loader checked that the step exists; a prompt replaces its text. */
		const char *text = w->prompt ? w->prompt : "";
		para *p = para_new(c->env->fs, b->hyph, c->d->path, w->line);
		span_style ss = { .face = FACE_SERIF, .size = st->body_size, .color = c->pal->text };
		para_add(p, text, strlen(text), &ss);
		para_shape shape = { .width = width };
		para_line *lines;
		size_t n = para_set(p, &shape, &lines);
		v->elem = dl_elem_add(b->out, DS_P, b->parent, NULL, NULL);
		blocks_add_lines(b, lines, n, hang, st->leading, st->leading * 0.5 + st->body_size * 0.27, 1);
		para_lines_free(lines, n);
		para_free(p);
	} else {
		blocks_set(b, item, hang, width);
	}
	b->parent = 0;
	/* Space a paragraph leaves after itself belongs to the writing lines now. */
	while (v->n > start && v->items[v->n - 1].kind != V_BOX)
		vl_pop(v);
	for (size_t i = start; i < v->n; i++)
		if (v->items[i].kind == V_BOX) {
			step_badge(c, &v->items[i], w->step, of, lbl);
			break;
		}
	return start;
}

static void writing_lines(hctx *c, vlist *v, int lines, double indent, int keep)
{
	const page_style *st = c->st;
	double pitch = st->write_pitch;
	for (int i = 0; i < lines; i++) {
		/* A step longer than a page may break between its lines, but never
		 * leave fewer than three lines on either side. */
		if (i > 0)
			vl_penalty(v, keep || i < 3 || lines - i < 3 ? VL_INFINITY : 0);
		else
			vl_penalty(v, VL_INFINITY);
		v_item *box = vl_box(v, pitch);
		dl_item rule = { .kind = DL_RECT, .x = indent, .y = pitch, .w = st->measure - indent, .h = 0.6,
				 .color = c->pal->rule };
		vl_box_add(box, &rule);
	}
}

static void chevron(v_item *box, double tx, double ty, double dx1, double dy1, double dx2, double dy2,
		    dl_color color, double width)
{
	/* Two strokes meeting at the tip (tx, ty), y measured down the box; a
	 * line's h runs up the page, hence the sign. */
	dl_item a = { .kind = DL_LINE, .x = tx + dx1, .y = ty + dy1, .w = -dx1, .h = dy1, .size = width,
		      .color = color };
	vl_box_add(box, &a);
	dl_item b = { .kind = DL_LINE, .x = tx + dx2, .y = ty + dy2, .w = -dx2, .h = dy2, .size = width,
		      .color = color };
	vl_box_add(box, &b);
}

/* A 2x2 matrix of the full measure and the given height: axes with their
 * names and low/high ends, and the four boxes named in their top left corner,
 * white to write and stick notes on. */
static void matrix_box(hctx *c, vlist *v, const worksheet_step *w, double height)
{
	const page_style *st = c->st;
	const palette *pal = c->pal;
	const labels *lb = c->lb;
	fontset *fs = c->env->fs;
	/* For a screen reader the matrix is a figure: its axes and boxes named. */
	char *alt = xasprintf("%s / %s: %s, %s, %s, %s", w->matrix_y, w->matrix_x, w->matrix_cells[0],
			      w->matrix_cells[1], w->matrix_cells[2], w->matrix_cells[3]);
	v->elem = dl_elem_add(c->sheet_out, DS_FIGURE, c->step_body, alt, NULL);
	free(alt);
	v_item *box = vl_box(v, height);
	double ls = st->body_size * 1.05, small = st->small_size;
	double arrow = ls * 0.9, stroke = 1.6;
	double end_w = para_text_width(fs, FACE_SANS, small, lb->low);
	double hw = para_text_width(fs, FACE_SANS, small, lb->high);
	if (hw > end_w)
		end_w = hw;
	double gx0 = end_w + small * 0.8, gx1 = st->measure - arrow * 1.2;
	double tip_y = ls * 0.6;
	double gy_top = tip_y + arrow * 1.6;
	double x_label_base = height - ls * 0.4;
	double gy_bot = x_label_base - ls * 1.6;
	double gxm = (gx0 + gx1) / 2, gym = (gy_top + gy_bot) / 2;

	/* The boxes: outer frame and the cross, lighter than the axes. */
	dl_color grid = pal->muted;
	dl_item r;
	r = (dl_item){ .kind = DL_RECT, .x = gx0, .y = gy_top + 0.45, .w = gx1 - gx0, .h = 0.9, .color = grid };
	vl_box_add(box, &r);
	r = (dl_item){ .kind = DL_RECT, .x = gx1 - 0.9, .y = gy_bot, .w = 0.9, .h = gy_bot - gy_top, .color = grid };
	vl_box_add(box, &r);
	r = (dl_item){ .kind = DL_RECT, .x = gxm - 0.45, .y = gy_bot, .w = 0.9, .h = gy_bot - gy_top, .color = grid };
	vl_box_add(box, &r);
	r = (dl_item){ .kind = DL_RECT, .x = gx0, .y = gym + 0.45, .w = gx1 - gx0, .h = 0.9, .color = grid };
	vl_box_add(box, &r);

	/* Axes with open arrowheads. */
	dl_item ya = { .kind = DL_LINE, .x = gx0, .y = gy_bot, .w = 0, .h = gy_bot - tip_y, .size = stroke,
		       .color = pal->text };
	vl_box_add(box, &ya);
	chevron(box, gx0, tip_y, -arrow * 0.5, arrow * 0.8, arrow * 0.5, arrow * 0.8, pal->text, stroke);
	double tip_x = gx1 + arrow * 1.1;
	dl_item xa = { .kind = DL_LINE, .x = gx0, .y = gy_bot, .w = tip_x - gx0, .h = 0, .size = stroke,
		       .color = pal->text };
	vl_box_add(box, &xa);
	chevron(box, tip_x, gy_bot, -arrow * 0.8, -arrow * 0.5, -arrow * 0.8, arrow * 0.5, pal->text, stroke);

	/* Axis names: the vertical one beside its arrow, the horizontal one
	 * centred below, with the low and high ends of each. They are added in
	 * reading order, top to bottom and row by row, each box's name whole:
	 * the vertical axis and its high end, the boxes, its low end, then the
	 * horizontal axis: its low end, its name, its high end. */
	dl_item yl = pk_text(fs, FACE_SANS_BOLD, ls, pal->text, gx0 + arrow, tip_y + ls * 0.35, w->matrix_y);
	vl_box_add(box, &yl);
	dl_item e;
	e = pk_text(fs, FACE_SANS, small, pal->muted, 0, gy_top + small, lb->high);
	e.x = gx0 - small * 0.5 - e.w;
	vl_box_add(box, &e);

	double name_size = st->heading_size[2], pad = name_size * 0.7;
	double cx[4] = { gx0, gxm, gx0, gxm }, cy[4] = { gy_top, gy_top, gym, gym };
	for (int i = 0; i < 4; i++) {
		para_line *lines;
		size_t n = set_plain(c, w->matrix_cells[i], FACE_SANS_BOLD, name_size, pal->accent_dark,
				     gxm - gx0 - 2 * pad, &lines);
		pk_box_lines(box, lines, n, cx[i] + pad + (i % 2 ? 0 : stroke), cy[i] + pad + name_size,
			      name_size * 1.2);
		para_lines_free(lines, n);
	}

	e = pk_text(fs, FACE_SANS, small, pal->muted, 0, gy_bot - small * 0.3, lb->low);
	e.x = gx0 - small * 0.5 - e.w;
	vl_box_add(box, &e);
	e = pk_text(fs, FACE_SANS, small, pal->muted, gx0 + small * 0.3, gy_bot + small * 1.45, lb->low);
	vl_box_add(box, &e);
	dl_item xl = pk_text(fs, FACE_SANS_BOLD, ls, pal->text, 0, x_label_base, w->matrix_x);
	xl.x = gxm - xl.w / 2;
	vl_box_add(box, &xl);
	e = pk_text(fs, FACE_SANS, small, pal->muted, 0, gy_bot + small * 1.45, lb->high);
	e.x = gx1 - e.w;
	vl_box_add(box, &e);
}

/* Sets the sheets of one phase into b->list. extra[i] (when not NULL)
 * adds lines to worksheet step i. For measuring, step_start[i] and
 * step_end[i] (when not NULL) get anchors at the top of step i and right
 * after it; a step with lines that may be broken across pages gets none. */
static void worksheet_phase(hctx *c, block_ctx *b, cmark_node *root, int phase, const int *extra, int *step_start,
			    int *step_end)
{
	const page_style *st = c->st;
	vlist *v = &b->list;
	c->sheet_out = b->out;
	phase_top(c, v, phase);
	c->steps_list = dl_elem_add(b->out, DS_L, 0, NULL, NULL);
	double hang = st->body_size * 2.3;
	int first = 1, after_matrix = 0;
	int lo, hi, of = 0;
	if (steps_range(root, phase, &lo, &hi) && phase_steps(c->d, phase) < (size_t)(hi - lo + 1))
		of = hi;
	for (size_t i = 0; i < c->d->nworksheet; i++) {
		const worksheet_step *w = &c->d->worksheet[i];
		if (w->phase != phase)
			continue;
		if (after_matrix || (w->matrix_x && !first))
			vl_penalty(v, -VL_INFINITY);
		else if (!first)
			vl_glue(v, st->write_pitch * 1.1);
		double above = first ? vl_height(v, 0) : 0;
		size_t start = step_text(c, b, root, w, hang, of);
		if (w->matrix_x) {
			/* The matrix takes what is left of a page of its own. */
			vl_penalty(v, VL_INFINITY);
			vl_glue(v, st->leading * 0.6);
			double text = vl_height(v, start);
			/* A line and a half in hand, for the matrix's own labels. */
			double h = st->area_h - above - text - st->leading * 1.5;
			if (h < st->area_h * 0.45)
				h = st->area_h * 0.45;
			matrix_box(c, v, w, h);
			vl_keep_together(v, start);
		} else {
			/* Extra lines only fill the page the step starts on: they never
			 * decide whether the step may be broken across pages. */
			int lines = w->lines + (extra ? extra[i] : 0);
			double text = vl_height(v, start);
			int fits = text + w->lines * st->write_pitch < st->area_h * 0.8;
			if (fits) {
				writing_lines(c, v, lines, hang, 1);
				vl_keep_together(v, start);
				if (step_start && step_end) {
					for (size_t k = start; k < v->n; k++)
						if (v->items[k].kind == V_BOX) {
							step_start[i] = v->items[k].anchor = vl_new_anchor(v);
							break;
						}
					vl_penalty(v, VL_INFINITY);
					vl_box(v, 0)->anchor = step_end[i] = vl_new_anchor(v);
				}
			} else {
				vl_keep_together(v, start);
				writing_lines(c, v, lines, hang, 0);
			}
		}
		first = 0;
		after_matrix = w->matrix_x != NULL;
	}
}

/* The declared lines are the least a step gets: the room left at the foot
 * of each sheet is shared out among the steps that lie wholly on it, a line
 * at a time from the first. A step grows only by what its page has left, so
 * no step moves to another page and no sheet ends in blank paper. */
static int *fill_pages(hctx *c, cmark_node *root, int phase, const char *base_dir)
{
	const page_style *st = c->st;
	const document *d = c->d;
	size_t n = d->nworksheet;
	int *extra = xcalloc(n + 1, sizeof *extra);
	int *first = xcalloc(n + 1, sizeof *first), *last = xcalloc(n + 1, sizeof *last);
	for (size_t i = 0; i < n; i++)
		first[i] = last[i] = -1;
	dl_document *scratch = dl_new(st->page_w, st->page_h);
	block_ctx b = { .fs = c->env->fs, .hyph = c->hyph, .style = st, .labels = c->lb, .doc = d,
			.material = c->m, .base_dir = base_dir, .out = scratch };
	vl_init(&b.list);
	worksheet_phase(c, &b, root, phase, NULL, first, last);
	vl_geometry g = geometry(st);
	vl_anchor *at;
	size_t pages = vl_paginate(&b.list, &g, scratch, st->margin_left, st->page_h - st->margin_top, &at);
	for (size_t page = 0; page < pages; page++) {
		double used = -1;
		size_t takers = 0;
		for (size_t i = 0; i < n; i++)
			if (first[i] >= 0 && at[first[i]].page == page && at[last[i]].page == page) {
				takers++;
				if (at[last[i]].y_top > used)
					used = at[last[i]].y_top;
			}
		/* Keep a line's worth in hand. */
		double room = st->area_h - used - st->leading;
		int spare = takers && room > 0 ? (int)(room / st->write_pitch) : 0;
		for (size_t i = 0; spare > 0; i = (i + 1) % n)
			if (first[i] >= 0 && at[first[i]].page == page && at[last[i]].page == page) {
				extra[i]++;
				spare--;
			}
	}
	free(at);
	free(first);
	free(last);
	blocks_ctx_free(&b);
	dl_free(scratch);
	return extra;
}

/* ---- entry ----------------------------------------------------------------- */

static long long date_epoch(const char *iso)
{
	if (!iso || strlen(iso) != 10)
		return -1;
	struct tm tm = { 0 };
	tm.tm_year = atoi(iso) - 1900;
	tm.tm_mon = atoi(iso + 5) - 1;
	tm.tm_mday = atoi(iso + 8);
	return (long long)timegm(&tm);
}

static void set_info(hctx *c)
{
	dl_document *out = c->out;
	const document *d = c->d;
	char *title = xasprintf("%s \xE2\x80\x93 %s", d->title, c->lb->handout);
	dl_set(&out->title, title);
	free(title);
	dl_set(&out->author, c->m ? c->m->meta.publisher : NULL);
	dl_set(&out->subject, d->lead);
	char *kw = xasprintf("%s, %s, %s, %s", c->lb->handout, c->lb->exercise, material_theme_title(c->m, d->theme), d->id);
	dl_set(&out->keywords, kw);
	free(kw);
	dl_set(&out->language, d->language ? d->language : c->lb->lang);
	dl_set(&out->creator, c->env->opt.creator);
	out->date = c->env->opt.epoch >= 0 ? c->env->opt.epoch : date_epoch(d->updated);
}

dl_document *handout_document(handout_env *env, const material *m, const document *d, const char *base_dir)
{
	if (d->type != DOC_EXERCISE) {
		diag(DIAG_ERROR, d->path, 0, 0, "only exercises have handouts");
		return NULL;
	}
	const page_style *st = &env->style;
	hctx c = { .env = env, .m = m, .d = d, .st = st, .pal = style_palette() };
	c.lb = labels_for(d->language ? d->language : m ? m->meta.language : NULL);
	c.out = dl_new(st->page_w, st->page_h);
	c.title = xstrdup(d->title);
	set_info(&c);
	cmark_node *root = markdown_parse_body(d);
	hyphenator *hyph = hyphenator_for(env, d->language ? d->language : c.lb->lang);
	c.hyph = hyph;

	block_ctx b = { .fs = env->fs, .hyph = hyph, .style = st, .labels = c.lb, .doc = d, .material = m,
			.base_dir = base_dir, .out = c.out, .phase_headings = 1 };
	vl_init(&b.list);
	exercise_head(&c, &b.list);
	blocks_set(&b, root, 0, st->measure);
	paginate(&c, &b.list, c.lb->exercise, d->title, 1);
	blocks_ctx_free(&b);

	for (int phase = 0; phase < PHASE_COUNT; phase++) {
		if (!phase_steps(d, phase))
			continue;
		int *extra = fill_pages(&c, root, phase, base_dir);
		block_ctx wb = { .fs = env->fs, .hyph = hyph, .style = st, .labels = c.lb, .doc = d, .material = m,
				 .base_dir = base_dir, .out = c.out };
		vl_init(&wb.list);
		worksheet_phase(&c, &wb, root, phase, extra, NULL, NULL);
		free(extra);
		char *kind = xasprintf("%s \xC2\xB7 %s", c.lb->worksheet, c.lb->phases[phase]);
		paginate(&c, &wb.list, kind, kind, 0);
		free(kind);
		blocks_ctx_free(&wb);
	}
	add_running_parts(&c);

	for (size_t p = 0; p < c.npage_kind; p++)
		free(c.page_kind[p]);
	free(c.page_kind);
	free(c.title);
	cmark_node_free(root);
	return c.out;
}
