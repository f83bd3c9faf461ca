#include "typeset/layout.h"

#include <cmark.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/diag.h"
#include "base/util.h"
#include "material/labels.h"
#include "material/markdown.h"
#include "typeset/blocks.h"
#include "typeset/hyphenate.h"
#include "typeset/pagekit.h"
#include "typeset/style.h"
#include "typeset/vlist.h"


struct layout_env {
	fontset *fs;
	layout_options opt;
	page_style style;
	hyph_library *hyphenation; /* shared with opt.hyphenation when given */
	para_stats stats;
};

layout_env *layout_env_new(fontset *fs, const layout_options *opt)
{
	layout_env *env = xcalloc(1, sizeof *env);
	env->fs = fs;
	env->opt = *opt;
	if (!style_for_paper(opt->paper, &env->style))
		style_for_paper("A4", &env->style);
	env->hyphenation = opt->hyphenation ? hyph_library_share(opt->hyphenation) : hyph_library_new();
	return env;
}

void layout_env_free(layout_env *env)
{
	if (!env)
		return;
	hyph_library_free(env->hyphenation);
	free(env);
}

const para_stats *layout_env_stats(const layout_env *env)
{
	return &env->stats;
}

static hyphenator *hyphenator_for(layout_env *env, const char *lang)
{
	return env->opt.hyphenate ? hyph_library_get(env->hyphenation, lang) : NULL;
}

/* ---- small drawing helpers --------------------------------------------- */


static hyphenator *hyphenator_for(layout_env *env, const char *lang);

/* The language of a document's title, fact box and other plain text. */
static const char *plain_language(const document *d)
{
	return d->language ? d->language : "sv";
}

/* The language of a document's body: its own, else its material's (a lone
 * file names none: hejapack's own material is Swedish). */
static const char *body_language(const material *m, const document *d)
{
	return d->language ? d->language : labels_for(m ? m->meta.language : "sv")->lang;
}

void layout_env_preload(layout_env *env, const material *m)
{
	if (!env->opt.hyphenate)
		return;
	hyph_library_preload(env->hyphenation, m->meta.language); /* the catalogue */
	for (size_t i = 0; i < m->ndocs; i++) {
		hyph_library_preload(env->hyphenation, plain_language(m->docs[i]));
		hyph_library_preload(env->hyphenation, body_language(m, m->docs[i]));
	}
}

/* Sets plain text into lines of the given width, hyphenated (ragged text
 * only where a word would not fit well otherwise); justified text is
 * counted in the run's figures like body text. */
static size_t set_plain(layout_env *env, const document *d, const char *text, face_id face, double size,
			dl_color color, double width, int justify, para_line **lines)
{
	hyphenator *h = hyphenator_for(env, plain_language(d));
	para *p = para_new(env->fs, h, d->path, 1);
	span_style st = { .face = face, .size = size, .color = color };
	para_add(p, text, strlen(text), &st);
	para_shape shape = { .width = width, .justify = justify, .stats = justify ? &env->stats : NULL };
	size_t n = para_set(p, &shape, lines);
	para_free(p);
	return n;
}


static void page_add_lines(dl_document *doc, size_t page, para_line *lines, size_t n, double x, double baseline,
			   double leading, int elem)
{
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < lines[i].nitems; k++) {
			dl_item it = lines[i].items[k];
			if (it.elem == DL_ELEM_BOX)
				it.elem = elem;
			it.x += x;
			it.y += baseline - i * leading;
			dl_add(doc, page, &it);
		}
}



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

/* ---- the parts of a page --------------------------------------------------- */

typedef struct {
	layout_env *env;
	const material *m;
	const document *d;
	const labels *lb;
	const page_style *st;
	const palette *pal;
	dl_document *out;
	char *title;
	size_t cover_pages;       /* pages without running header and footer */
	const char *kind_label;   /* right side of the running header for other documents */
} doc_ctx;


/* A title, subtitle or lead question in at most max_h of height (see
 * pk_fit_lines), in the document's language. */
static size_t set_fitting(doc_ctx *c, const char *what, const char *text, face_id face, double size,
			  double smallest, double lead_ratio, dl_color color, double width, double max_h,
			  para_line **lines, double *used)
{
	pk_fit f = { .fs = c->env->fs, .hyph = hyphenator_for(c->env, plain_language(c->d)), .path = c->d->path,
		     .what = what, .face = face, .size = size, .smallest = smallest, .lead_ratio = lead_ratio,
		     .color = color, .width = width, .max_h = max_h };
	return pk_fit_lines(&f, text, lines, used);
}

/* The running header and footer: none on a cover, no header on a page that
 * opens with the document's own title (every first page but a cover: a
 * lone document and the catalogue open with their title too). */
static void add_running_parts(doc_ctx *c)
{
	int title_page = c->d->type != DOC_REPORT || !c->d->cover;
	pk_running r = {
		.title = c->title,
		.kind = c->d->type == DOC_EXERCISE ? c->lb->exercise : c->d->type == DOC_REPORT ? c->lb->report
										     : c->kind_label,
		.m = c->m,
		.header_from = c->cover_pages + (title_page ? 1 : 0),
		.footer_from = c->cover_pages,
	};
	pk_running_parts(c->out, c->env->fs, c->st, c->lb, &r);
}

/* A new element directly under the root (the document's blocks), marked
 * with its language when that is not the document's. */
static int top_elem(doc_ctx *c, dl_role role, const char *lang)
{
	const char *own = c->out->language;
	return dl_elem_add(c->out, role, 0, NULL, lang && own && strcmp(lang, own) != 0 ? lang : NULL);
}

static vl_geometry geometry(const page_style *st, double first_top)
{
	/* No last page with fewer than six lines when the page before can
	 * give it more. */
	vl_geometry g = { .area_h = st->area_h, .first_area_top = first_top, .min_last_fill = 6 * st->leading };
	return g;
}

/* ---- exercises ---------------------------------------------------------------- */


typedef struct {
	const char *label;
	char *value;
	int strong;
} fact_row;

static void exercise_head(doc_ctx *c, block_ctx *b)
{
	const page_style *st = c->st;
	const palette *pal = c->pal;
	const document *d = c->d;
	const labels *lb = c->lb;
	fontset *fs = c->env->fs;
	double w = st->measure;
	vlist *v = &b->list;

	/* Kicker and title. */
	char *kicker = xasprintf("%s \xC2\xB7 %s", lb->exercise, material_theme_title(c->m, d->theme));
	v->elem = top_elem(c, DS_P, NULL);
	v_item *k = vl_box(v, st->small_size * 1.6);
	char *kicker_line = pk_clip(fs, FACE_SANS_BOLD, st->small_size, kicker, w);
	dl_item kt = pk_text(fs, FACE_SANS_BOLD, st->small_size, pal->accent, 0, st->small_size * 1.1, kicker_line);
	vl_box_add(k, &kt);
	free(kicker);
	free(kicker_line);

	para_line *lines;
	double tsize, tlead;
	size_t n = set_fitting(c, "title", d->title, FACE_SANS_BOLD, st->title_size, 0.7, 1.12, pal->accent_dark, w,
			       st->area_h * 0.3, &lines, &tsize);
	tlead = tsize * 1.12;
	v->elem = dl_elem_heading(c->out, 1, 0);
	v_item *t = vl_box(v, n * tlead + tsize * 0.25);
	pk_box_lines(t, lines, n, 0, tsize * 0.95, tlead);
	t->anchor = vl_new_anchor(v);
	para_lines_free(lines, n);

	/* The lead question. */
	double lsize, llead;
	n = set_fitting(c, "lead question", d->lead, FACE_SERIF_ITALIC, st->body_size * 1.3, 1.0, 1.3, pal->text, w,
			st->area_h * 0.25, &lines, &lsize);
	llead = lsize * 1.3;
	vl_glue(v, st->leading * 0.3);
	v->elem = top_elem(c, DS_P, NULL);
	v_item *l = vl_box(v, n * llead);
	pk_box_lines(l, lines, n, 0, lsize * 1.0, llead);
	para_lines_free(lines, n);
	vl_glue(v, st->leading * 0.8);

	/* The fact box. */
	fact_row rows[5];
	int total = document_total_minutes(d);
	char *tot = labels_minutes(lb, total);
	rows[0] = (fact_row){ lb->time, xasprintf("%s  (%s %d, %s %d, %s %d %s)", tot, lb->phases[0], d->minutes[0],
						  lb->phases[1], d->minutes[1], lb->phases[2], d->minutes[2],
						  lb->minutes_abbr), 1 };
	free(tot);
	if (d->participants_min == d->participants_max)
		rows[1] = (fact_row){ lb->participants, xasprintf("%d %s", d->participants_min, lb->persons), 0 };
	else
		rows[1] = (fact_row){ lb->participants, xasprintf("%d\xE2\x80\x93%d %s", d->participants_min,
								   d->participants_max, lb->persons), 0 };
	buf mats;
	buf_init(&mats);
	for (size_t i = 0; i < d->nmaterials; i++)
		buf_printf(&mats, "%s%s", i ? " \xC2\xB7 " : "", d->materials[i]);
	rows[2] = (fact_row){ lb->materials, d->nmaterials ? buf_detach(&mats, NULL) : xstrdup(lb->no_materials), 0 };
	buf_free(&mats);
	rows[3] = (fact_row){ lb->audience, xstrdup(d->audience), 0 };
	rows[4] = (fact_row){ lb->theme, xstrdup(material_theme_title(c->m, d->theme)), 0 };

	double size = st->small_size * 1.05, lead = size * 1.4, pad = size * 1.1;
	double label_w = 0;
	for (int i = 0; i < 5; i++) {
		double lw = para_text_width(fs, FACE_SANS_BOLD, size, rows[i].label);
		if (lw > label_w)
			label_w = lw;
	}
	label_w += size * 1.5;
	double value_w = w - 2 * pad - label_w;
	para_line *vals[5];
	size_t nvals[5];
	double h = pad * 2 - (lead - size);
	for (int i = 0; i < 5; i++) {
		nvals[i] = set_plain(c->env, d, rows[i].value, rows[i].strong ? FACE_SANS_BOLD : FACE_SANS, size,
				     pal->text, value_w, 0, &vals[i]);
		h += nvals[i] * lead + (i < 4 ? size * 0.35 : 0);
	}
	/* The fact box is a table of two columns: each label, then its value. */
	int table = v->elem = top_elem(c, DS_TABLE, NULL);
	v_item *fb = vl_box(v, h);
	dl_item bg = { .kind = DL_RECT, .x = 0, .y = h, .w = w, .h = h, .color = pal->tint };
	vl_box_add(fb, &bg);
	dl_item edge = { .kind = DL_RECT, .x = 0, .y = h, .w = 3, .h = h, .color = pal->accent };
	vl_box_add(fb, &edge);
	double y = pad + size * 0.8;
	for (int i = 0; i < 5; i++) {
		int row = dl_elem_add(c->out, DS_TR, table, NULL, NULL);
		dl_item lab = pk_text(fs, FACE_SANS_BOLD, size, pal->accent_dark, pad, y, rows[i].label);
		lab.elem = dl_elem_add(c->out, DS_TH, row, NULL, NULL);
		vl_box_add(fb, &lab);
		pk_lines_elem(vals[i], nvals[i], dl_elem_add(c->out, DS_TD, row, NULL, NULL));
		pk_box_lines(fb, vals[i], nvals[i], pad + label_w, y, lead);
		y += nvals[i] * lead + size * 0.35;
		para_lines_free(vals[i], nvals[i]);
		free(rows[i].value);
	}
	vl_glue(v, st->leading * 0.6);
}

/* The related documents, each a link to its PDF with its lead question or
 * subtitle. */
static void related_section(doc_ctx *c, block_ctx *b, const char *label)
{
	const document *d = c->d;
	if (!d->nrelated || !c->m)
		return;
	const page_style *st = c->st;
	const palette *pal = c->pal;
	vlist *v = &b->list;
	double size = st->heading_size[2];
	vl_penalty(v, -50);
	vl_glue(v, st->leading * 1.2);
	int level = d->type == DOC_REPORT ? 1 : 2;
	v->elem = dl_elem_heading(c->out, level, 0);
	v_item *h = vl_box(v, size * 1.5);
	dl_item ht = pk_text(c->env->fs, FACE_SANS_BOLD, size, pal->accent_dark, 0, size * 1.1, label);
	vl_box_add(h, &ht);
	int anchor = vl_new_anchor(v);
	h->anchor = anchor;
	b->headings = xreallocarray(b->headings, b->nheadings + 1, sizeof *b->headings);
	b->headings[b->nheadings++] = (block_heading){ anchor, level, xstrdup(label) };
	vl_penalty(v, VL_INFINITY);
	int list = top_elem(c, DS_L, NULL);
	for (size_t i = 0; i < d->nrelated; i++) {
		const document *r = material_find(c->m, d->related[i]);
		if (!r)
			continue;
		char *target = blocks_relative_pdf(d, r);
		para *p = para_new(c->env->fs, b->hyph, d->path, 1);
		int li = dl_elem_add(c->out, DS_LI, list, NULL, NULL);
		int lbl = dl_elem_add(c->out, DS_LBL, li, NULL, NULL);
		int body = dl_elem_add(c->out, DS_LBODY, li, NULL, NULL);
		const char *lang = r->language && strcmp(r->language, c->out->language) != 0 ? r->language : NULL;
		v->elem = dl_elem_add(c->out, DS_P, body, NULL, lang);
		span_style ts = { .face = FACE_SERIF_BOLD, .size = st->body_size, .color = pal->accent,
				  .link = target, .link_kind = LINK_FILE, .underline = 1,
				  .elem = dl_elem_add(c->out, DS_LINK, v->elem, r->title, NULL) };
		para_add(p, r->title, strlen(r->title), &ts);
		if (r->lead || r->subtitle) {
			span_style ls = { .face = FACE_SERIF_ITALIC, .size = st->body_size, .color = pal->text };
			para_add(p, " \xE2\x80\x93 ", 5, &ls);
			const char *extra = r->lead ? r->lead : r->subtitle;
			para_add(p, extra, strlen(extra), &ls);
		}
		para_shape shape = { .width = st->measure - st->list_indent };
		para_line *lines;
		size_t n = para_set(p, &shape, &lines);
		dl_item *m = xcalloc(1, sizeof *m);
		/* A bullet as in lists: an arrow would need a face of its own (the
		 * monospace one), and each face costs a one-page PDF ~10 KB. */
		*m = pk_text(c->env->fs, FACE_SERIF_BOLD, st->body_size, pal->accent, st->list_indent * 0.3,
			       st->leading * 0.5 + st->body_size * 0.27, "\xE2\x80\xA2");
		m->text = xstrdup("\xE2\x80\xA2");
		m->elem = lbl;
		b->pending_marker = m;
		blocks_add_lines(b, lines, n, st->list_indent, st->leading, st->leading * 0.5 + st->body_size * 0.27,
				 0);
		vl_glue(v, st->leading * 0.2);
		para_lines_free(lines, n);
		para_free(p);
		free(target);
	}
}

/* ---- reports ------------------------------------------------------------------ */

static void report_cover(doc_ctx *c)
{
	const page_style *st = c->st;
	const palette *pal = c->pal;
	const document *d = c->d;
	fontset *fs = c->env->fs;
	size_t page = dl_add_page(c->out);
	double left = st->margin_left, w = st->measure;
	double top = st->page_h - st->margin_top;

	/* A band across the top edge of the page. */
	double band_h = st->page_h * 0.055;
	dl_item band = { .kind = DL_RECT, .x = 0, .y = st->page_h - band_h, .w = st->page_w, .h = band_h,
			 .color = pal->accent };
	dl_add(c->out, page, &band);

	double y = top - st->page_h * 0.1;
	dl_item kind = pk_text(fs, FACE_SANS_BOLD, st->body_size, pal->accent, left, y, c->lb->report);
	kind.elem = top_elem(c, DS_P, NULL);
	dl_add(c->out, page, &kind);
	y -= st->cover_title_size * 1.5;

	para_line *lines;
	/* Room down to the facts at the foot (six lines at most) and the rule. */
	double room = y - (st->margin_bottom + 6 * st->body_size * 1.45 + 3 * st->leading);
	double ts;
	size_t n = set_fitting(c, "title", c->title, FACE_SANS_BOLD, st->cover_title_size, 0.7, 1.12, pal->accent_dark,
			       w, d->subtitle ? room * 0.6 : room, &lines, &ts);
	page_add_lines(c->out, page, lines, n, left, y, ts * 1.12, dl_elem_heading(c->out, 1, 0));
	y -= (n - 1) * ts * 1.12 + ts * 0.9;
	para_lines_free(lines, n);
	if (d->subtitle) {
		double ss;
		n = set_fitting(c, "subtitle", d->subtitle, FACE_SANS, st->heading_size[1], 1.0, 1.3, pal->text, w,
				y - ts * 0.6 - (st->margin_bottom + 6 * st->body_size * 1.45 + 3 * st->leading), &lines,
				&ss);
		y -= ss * 0.6;
		page_add_lines(c->out, page, lines, n, left, y, ss * 1.3, top_elem(c, DS_P, NULL));
		y -= n * ss * 1.3;
		para_lines_free(lines, n);
	}
	dl_item rule = { .kind = DL_RECT, .x = left, .y = y - st->leading, .w = w * 0.25, .h = 2.5, .color = pal->accent };
	dl_add(c->out, page, &rule);

	/* Who, when, which version and under what licence, at the foot. */
	buf who;
	buf_init(&who);
	for (size_t i = 0; i < d->nauthors; i++)
		buf_printf(&who, "%s%s", i ? ", " : "", d->authors[i]);
	char *date = labels_date(c->lb, d->date);
	const char *facts[6];
	char *owned[6] = { 0 };
	int nf = 0;
	if (who.len)
		facts[nf++] = who.data;
	if (d->organisation)
		facts[nf++] = d->organisation;
	owned[nf] = xasprintf("%s %s", c->lb->published, date);
	facts[nf] = owned[nf];
	nf++;
	owned[nf] = xasprintf("%s %s", c->lb->version, d->version ? d->version : "");
	facts[nf] = owned[nf];
	nf++;
	if (c->m) {
		owned[nf] = xasprintf("%s: %s", c->lb->license, c->m->meta.license);
		facts[nf] = owned[nf];
		nf++;
	}
	double fsz = st->body_size, flead = fsz * 1.45;
	double fy = st->margin_bottom + nf * flead;
	dl_item hair = { .kind = DL_RECT, .x = left, .y = fy + flead * 0.4, .w = w, .h = 0.5, .color = pal->rule };
	dl_add(c->out, page, &hair);
	for (int i = 0; i < nf; i++) {
		dl_item it = pk_text(fs, i == 0 ? FACE_SANS_BOLD : FACE_SANS, fsz, i == 0 ? pal->text : pal->muted,
				       left, fy - flead * (i + 0.6), facts[i]);
		it.elem = top_elem(c, DS_P, NULL);
		if (it.w > w) {
			double used;
			n = set_fitting(c, i == 0 && who.len ? "list of authors" : "cover line", facts[i],
					i == 0 ? FACE_SANS_BOLD : FACE_SANS, fsz, 1.0, 1.45,
					i == 0 ? pal->text : pal->muted, w, flead, &lines, &used);
			page_add_lines(c->out, page, lines, n, left, it.y, flead, it.elem);
			para_lines_free(lines, n);
		} else {
			dl_add(c->out, page, &it);
		}
		free(owned[i]);
	}
	if (c->m) {
		char *bundle_line = pk_clip(fs, FACE_SANS, st->small_size, c->m->meta.title, w);
		dl_item b = pk_text(fs, FACE_SANS, st->small_size, pal->muted, left, st->margin_bottom * 0.55,
				      bundle_line);
		b.elem = top_elem(c, DS_P, NULL);
		dl_add(c->out, page, &b);
		free(bundle_line);
	}
	free(date);
	buf_free(&who);
	c->cover_pages = 1;
}

/* A short report's first page: no cover, the title and its facts on top. */
static void report_title_block(doc_ctx *c, block_ctx *b)
{
	const page_style *st = c->st;
	const palette *pal = c->pal;
	const document *d = c->d;
	fontset *fs = c->env->fs;
	vlist *v = &b->list;
	v->elem = top_elem(c, DS_P, NULL);
	v_item *k = vl_box(v, st->small_size * 1.6);
	dl_item kt = pk_text(fs, FACE_SANS_BOLD, st->small_size, pal->accent, 0, st->small_size * 1.1, c->lb->report);
	vl_box_add(k, &kt);

	para_line *lines;
	double ts, tl;
	size_t n = set_fitting(c, "title", c->title, FACE_SANS_BOLD, st->title_size, 0.7, 1.12, pal->accent_dark,
			       st->measure, st->area_h * 0.3, &lines, &ts);
	tl = ts * 1.12;
	v->elem = dl_elem_heading(c->out, 1, 0);
	v_item *t = vl_box(v, n * tl + ts * 0.2);
	pk_box_lines(t, lines, n, 0, ts * 0.95, tl);
	para_lines_free(lines, n);
	if (d->subtitle) {
		double ss;
		n = set_fitting(c, "subtitle", d->subtitle, FACE_SANS, st->heading_size[2], 1.0, 1.3, pal->text,
				st->measure, st->area_h * 0.2, &lines, &ss);
		v->elem = top_elem(c, DS_P, NULL);
		v_item *sb = vl_box(v, n * ss * 1.3 + ss * 0.4);
		pk_box_lines(sb, lines, n, 0, ss * 1.05, ss * 1.3);
		para_lines_free(lines, n);
	}
	/* Who, when, which version: one muted line under a hairline. */
	buf facts;
	buf_init(&facts);
	for (size_t i = 0; i < d->nauthors; i++)
		buf_printf(&facts, "%s%s", i ? ", " : "", d->authors[i]);
	if (d->organisation)
		buf_printf(&facts, "%s%s", facts.len ? " \xC2\xB7 " : "", d->organisation);
	char *date = labels_date(c->lb, d->date);
	buf_printf(&facts, "%s%s %s \xC2\xB7 %s %s", facts.len ? " \xC2\xB7 " : "", c->lb->published, date,
		   c->lb->version, d->version ? d->version : "");
	free(date);
	n = set_plain(c->env, d, facts.data, FACE_SANS, st->small_size, pal->muted, st->measure, 0, &lines);
	double fl = st->small_size * 1.4;
	v->elem = top_elem(c, DS_P, NULL);
	v_item *fb = vl_box(v, st->leading * 0.6 + n * fl + st->leading * 0.8);
	dl_item hair = { .kind = DL_RECT, .x = 0, .y = st->leading * 0.3, .w = st->measure, .h = 0.5, .color = pal->rule };
	vl_box_add(fb, &hair);
	pk_box_lines(fb, lines, n, 0, st->leading * 0.6 + st->small_size, fl);
	para_lines_free(lines, n);
	buf_free(&facts);
	b->headings = xreallocarray(b->headings, b->nheadings + 1, sizeof *b->headings);
	t->anchor = vl_new_anchor(v);
	b->headings[b->nheadings++] = (block_heading){ t->anchor, 1, xstrdup(c->title) };
}

static void report_abstract(doc_ctx *c, block_ctx *b)
{
	const page_style *st = c->st;
	const palette *pal = c->pal;
	vlist *v = &b->list;
	double size = st->heading_size[2];
	v->elem = dl_elem_heading(c->out, 1, 0);
	v_item *h = vl_box(v, size * 1.6);
	dl_item ht = pk_text(c->env->fs, FACE_SANS_BOLD, size, pal->accent_dark, 0, size * 1.1, c->lb->abstract);
	vl_box_add(h, &ht);
	int anchor = vl_new_anchor(v);
	h->anchor = anchor;
	b->headings = xreallocarray(b->headings, b->nheadings + 1, sizeof *b->headings);
	b->headings[b->nheadings++] = (block_heading){ anchor, 1, xstrdup(c->lb->abstract) };
	vl_penalty(v, VL_INFINITY);
	para_line *lines;
	size_t n = set_plain(c->env, c->d, c->d->abstract, FACE_SERIF_ITALIC, st->body_size, pal->text, st->measure,
			     1, &lines);
	v->elem = top_elem(c, DS_P, NULL);
	blocks_add_lines(b, lines, n, 0, st->leading, st->leading * 0.5 + st->body_size * 0.27, 0);
	para_lines_free(lines, n);
	vl_glue(v, st->leading);
}

/* The table of contents for headings of levels 1-2; page numbers are final
 * page numbers, computed from where the body lands. */
static void build_toc(doc_ctx *c, vlist *v, const block_ctx *b, const vl_anchor *anchors, size_t body_first_page,
		      int heading, int toc)
{
	const page_style *st = c->st;
	const palette *pal = c->pal;
	fontset *fs = c->env->fs;
	double hs = st->heading_size[0];
	v->elem = heading;
	v_item *h = vl_box(v, hs * 2.2);
	dl_item ht = pk_text(fs, FACE_SANS_BOLD, hs, pal->accent_dark, 0, hs * 1.1, c->lb->contents);
	vl_box_add(h, &ht);
	for (size_t i = 0; i < b->nheadings; i++) {
		const block_heading *bh = &b->headings[i];
		if (bh->level > 2)
			continue;
		size_t page = body_first_page + (anchors ? anchors[bh->anchor].page : 0);
		double y_top = anchors ? anchors[bh->anchor].y_top : 0;
		int top = bh->level == 1;
		double size = top ? st->body_size : st->body_size * 0.95;
		face_id face = top ? FACE_SANS_BOLD : FACE_SERIF;
		double indent = top ? 0 : st->list_indent;
		char *num = xasprintf("%zu", page + 1);
		double nw = para_text_width(fs, face, size, num);
		para_line *lines;
		size_t n = set_plain(c->env, c->d, bh->title, face, size, top ? pal->accent_dark : pal->text,
				     st->measure - indent - nw - size * 2.5, 0, &lines);
		if (top)
			vl_glue(v, st->leading * 0.35);
		double lead = st->leading;
		/* Each entry is one link: the title and its page number. */
		int toci = dl_elem_add(c->out, DS_TOCI, toc, NULL, NULL);
		v->elem = dl_elem_add(c->out, DS_LINK, toci, bh->title, NULL);
		v_item *box = vl_box(v, n * lead);
		pk_box_lines(box, lines, n, indent, lead * 0.7, lead);
		dl_item pn = pk_text(fs, face, size, top ? pal->accent_dark : pal->text, st->measure - nw,
				       lead * 0.7 + (n - 1) * lead, num);
		vl_box_add(box, &pn);
		dl_item link = { .kind = DL_LINK, .x = indent, .y = n * lead, .w = st->measure - indent, .h = n * lead,
				 .link = LINK_PAGE, .page = page,
				 .dest_y = st->page_h - st->margin_top - y_top + st->leading };
		vl_box_add(box, &link);
		para_lines_free(lines, n);
		free(num);
	}
}

/* ---- entry -------------------------------------------------------------------- */

static char *first_heading_title(cmark_node *root)
{
	for (cmark_node *c = cmark_node_first_child(root); c; c = cmark_node_next(c)) {
		if (cmark_node_get_type(c) != CMARK_NODE_HEADING || cmark_node_get_heading_level(c) != 1)
			continue;
		buf b;
		buf_init(&b);
		cmark_iter *it = cmark_iter_new(c);
		cmark_event_type ev;
		while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
			cmark_node *n = cmark_iter_get_node(it);
			if (ev == CMARK_EVENT_ENTER && (cmark_node_get_type(n) == CMARK_NODE_TEXT ||
							cmark_node_get_type(n) == CMARK_NODE_CODE))
				buf_puts(&b, cmark_node_get_literal(n));
		}
		cmark_iter_free(it);
		if (b.len)
			return buf_detach(&b, NULL);
		buf_free(&b);
	}
	return NULL;
}

static char *file_stem(const char *path)
{
	const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	const char *dot = strrchr(base, '.');
	return dot && dot != base ? xstrndup(base, (size_t)(dot - base)) : xstrdup(base);
}

static void set_info(doc_ctx *c)
{
	const document *d = c->d;
	dl_document *out = c->out;
	dl_set(&out->title, c->title);
	buf who;
	buf_init(&who);
	for (size_t i = 0; i < d->nauthors; i++)
		buf_printf(&who, "%s%s", i ? ", " : "", d->authors[i]);
	if (!who.len && d->organisation)
		buf_puts(&who, d->organisation);
	if (!who.len && c->m)
		buf_puts(&who, c->m->meta.publisher);
	dl_set(&out->author, who.len ? who.data : NULL);
	buf_free(&who);
	dl_set(&out->subject, d->lead ? d->lead : d->subtitle ? d->subtitle : d->abstract);
	char *kw = NULL;
	if (d->type == DOC_EXERCISE)
		kw = xasprintf("%s, %s, %s", c->lb->exercise, material_theme_title(c->m, d->theme), d->id);
	else if (d->type == DOC_REPORT)
		kw = xasprintf("%s, %s", c->lb->report, d->id);
	dl_set(&out->keywords, kw);
	free(kw);
	dl_set(&out->language, d->language ? d->language : c->lb->lang);
	dl_set(&out->creator, c->env->opt.creator);
	out->date = c->env->opt.epoch >= 0 ? c->env->opt.epoch : date_epoch(d->updated ? d->updated : d->date);
}

static void add_outline(doc_ctx *c, const block_ctx *b, const vl_anchor *anchors, size_t first_page)
{
	const page_style *st = c->st;
	double area_top = st->page_h - st->margin_top;
	for (size_t i = 0; i < b->nheadings; i++) {
		const block_heading *h = &b->headings[i];
		dl_add_outline(c->out, h->title, h->level, first_page + anchors[h->anchor].page,
			       area_top - anchors[h->anchor].y_top + st->leading);
	}
}

dl_document *layout_document(layout_env *env, const material *m, const document *d, const char *base_dir)
{
	const page_style *st = &env->style;
	cmark_node *root = markdown_parse_body(d);
	doc_ctx c = { .env = env, .m = m, .d = d, .st = st, .pal = style_palette() };
	/* A lone file names no language: hejapack's own material is Swedish. */
	c.lb = labels_for(d->language ? d->language : m ? m->meta.language : "sv");
	c.out = dl_new(st->page_w, st->page_h);

	block_ctx b = { .fs = env->fs, .hyph = hyphenator_for(env, body_language(m, d)),
			.style = st, .labels = c.lb, .doc = d, .material = m, .base_dir = base_dir, .out = c.out,
			.stats = &env->stats, .numbered = d->numbered, .phase_headings = d->type == DOC_EXERCISE };
	vl_init(&b.list);
	char *h1 = NULL;
	if (d->title) {
		c.title = xstrdup(d->title);
	} else if ((h1 = first_heading_title(root))) {
		c.title = h1;
		b.skip_first_h1 = 1;
	} else {
		c.title = file_stem(d->path);
	}
	set_info(&c);

	double area_x = st->margin_left, area_top = st->page_h - st->margin_top;
	vl_geometry g = geometry(st, 0);
	b.last_level = 1; /* every document's title is its level-1 heading */
	int toc_heading = 0, toc_elem = 0;
	if (d->type == DOC_EXERCISE) {
		int title_anchor = 0;
		exercise_head(&c, &b);
		b.headings = xreallocarray(b.headings, b.nheadings + 1, sizeof *b.headings);
		b.headings[b.nheadings++] = (block_heading){ title_anchor, 1, xstrdup(c.title) };
		blocks_set(&b, root, 0, st->measure);
		related_section(&c, &b, c.lb->related);
	} else if (d->type == DOC_REPORT) {
		if (d->cover)
			report_cover(&c);
		else
			report_title_block(&c, &b);
		if (d->contents) {
			/* The contents are set last but read where they stand. */
			toc_heading = dl_elem_heading(c.out, 1, 0);
			toc_elem = top_elem(&c, DS_TOC, NULL);
		}
		report_abstract(&c, &b);
		blocks_set(&b, root, 0, st->measure);
		related_section(&c, &b, c.lb->related_docs);
	} else {
		para_line *lines;
		double ts;
		size_t n = set_fitting(&c, "title", c.title, FACE_SANS_BOLD, st->heading_size[0] * 1.2, 0.7, 1.15,
				       c.pal->accent_dark, st->measure, st->area_h * 0.3, &lines, &ts);
		b.list.elem = dl_elem_heading(c.out, 1, 0);
		v_item *t = vl_box(&b.list, n * ts * 1.15 + ts * 0.5);
		pk_box_lines(t, lines, n, 0, ts, ts * 1.15);
		para_lines_free(lines, n);
		vl_glue(&b.list, st->leading);
		blocks_set(&b, root, 0, st->measure);
	}
	/* Everything is in the vertical list now: the tree can go before the
	 * pages are made (a long report's tree is many megabytes). */
	cmark_node_free(root);
	root = NULL;

	vl_anchor *anchors = NULL;
	if (d->type == DOC_REPORT && d->contents) {
		/* Pass 1: where the body falls; pass 2: the contents with final page
		 * numbers (repeated while the contents' own length changes). */
		vl_paginate(&b.list, &g, NULL, area_x, area_top, &anchors);
		size_t toc_pages = 1;
		for (int pass = 0; pass < 4; pass++) {
			vlist toc;
			vl_init(&toc);
			build_toc(&c, &toc, &b, anchors, c.cover_pages + toc_pages, toc_heading, toc_elem);
			vl_anchor *ta;
			size_t got = vl_paginate(&toc, &g, NULL, area_x, area_top, &ta);
			free(ta);
			if (got == toc_pages || pass == 3) {
				size_t first = c.out->npages;
				vl_paginate(&toc, &g, c.out, area_x, area_top, &ta);
				free(ta);
				dl_add_outline(c.out, c.lb->contents, 1, first, area_top + st->leading);
				vl_free(&toc);
				break;
			}
			toc_pages = got;
			vl_free(&toc);
		}
		free(anchors);
	}
	size_t body_first = c.out->npages;
	b.list.release_drawn = 1;
	vl_paginate(&b.list, &g, c.out, area_x, area_top, &anchors);
	add_outline(&c, &b, anchors, body_first);
	free(anchors);
	add_running_parts(&c);

	blocks_ctx_free(&b);
	free(c.title);
	return c.out;
}

/* ---- the catalogue ------------------------------------------------------------ */

/* One entry: a linked title with a detail on the right, then text below. */
static void catalogue_entry(doc_ctx *c, block_ctx *b, const document *d, const char *detail, const char *text,
			    face_id text_face, int level)
{
	const page_style *st = c->st;
	const palette *pal = c->pal;
	fontset *fs = c->env->fs;
	char *target = document_pdf_path(d);
	double detail_w = detail ? para_text_width(fs, FACE_SANS, st->small_size, detail) + st->body_size : 0;
	para *p = para_new(fs, b->hyph, "katalog", 1);
	/* The title is a heading (in the document's own language) holding its
	 * link; the detail and the text below are paragraphs. */
	const char *lang = d->language && strcmp(d->language, c->out->language) != 0 ? d->language : NULL;
	int heading = dl_elem_heading(c->out, level, 0);
	c->out->elems[heading].lang = lang ? arena_strdup(&c->out->strings, lang) : NULL;
	b->list.elem = heading;
	span_style ts = { .face = FACE_SERIF_BOLD, .size = st->body_size * 1.05, .color = pal->accent_dark,
			  .link = target, .link_kind = LINK_FILE, .underline = 0,
			  .elem = dl_elem_add(c->out, DS_LINK, heading, d->title, NULL) };
	para_add(p, d->title, strlen(d->title), &ts);
	para_shape shape = { .width = st->measure - detail_w };
	para_line *lines;
	size_t n = para_set(p, &shape, &lines);
	double lead = st->leading;
	double base = lead * 0.5 + st->body_size * 0.27;
	size_t first = b->list.n;
	blocks_add_lines(b, lines, n, 0, lead, base, 1);
	if (detail && first < b->list.n) {
		/* The first box after any break penalty holds the first line. */
		size_t k = first;
		while (k < b->list.n && b->list.items[k].kind != V_BOX)
			k++;
		dl_item it = pk_text(fs, FACE_SANS, st->small_size, pal->muted, 0, base, detail);
		it.x = st->measure - it.w;
		it.elem = top_elem(c, DS_P, NULL);
		vl_box_add(&b->list.items[k], &it);
	}
	para_lines_free(lines, n);
	para_free(p);
	if (text) {
		para_line *tl;
		size_t tn = set_plain(c->env, c->d, text, text_face, st->small_size * 1.05, pal->text,
				      st->measure - st->list_indent, 0, &tl);
		vl_penalty(&b->list, VL_INFINITY);
		b->list.elem = top_elem(c, DS_P, lang);
		double tlead = st->small_size * 1.45;
		for (size_t i = 0; i < tn; i++) {
			if (i)
				vl_penalty(&b->list, VL_INFINITY);
			v_item *box = vl_box(&b->list, tlead);
			for (size_t k = 0; k < tl[i].nitems; k++) {
				dl_item it = tl[i].items[k];
				it.x += st->list_indent;
				it.y = st->small_size * 1.05 - it.y;
				vl_box_add(box, &it);
			}
		}
		para_lines_free(tl, tn);
	}
	vl_glue(&b->list, lead * 0.55);
	free(target);
}

static void catalogue_heading(doc_ctx *c, block_ctx *b, const char *title, int level)
{
	const page_style *st = c->st;
	double size = level == 1 ? st->heading_size[1] : st->heading_size[2];
	if (b->list.n) {
		vl_penalty(&b->list, -50);
		vl_glue(&b->list, st->leading * (level == 1 ? 1.4 : 0.9));
	}
	b->list.elem = dl_elem_heading(c->out, level + 1, 0); /* under the catalogue's title */
	v_item *h = vl_box(&b->list, size * 1.7);
	dl_item t = pk_text(c->env->fs, FACE_SANS_BOLD, size, c->pal->accent_dark, 0, size * 1.15, title);
	vl_box_add(h, &t);
	dl_item rule = { .kind = DL_RECT, .x = 0, .y = size * 1.55, .w = st->measure, .h = 0.5, .color = c->pal->rule };
	if (level == 1)
		vl_box_add(h, &rule);
	int anchor = vl_new_anchor(&b->list);
	h->anchor = anchor;
	b->headings = xreallocarray(b->headings, b->nheadings + 1, sizeof *b->headings);
	b->headings[b->nheadings++] = (block_heading){ anchor, level, xstrdup(title) };
	vl_penalty(&b->list, VL_INFINITY);
	vl_glue(&b->list, st->leading * 0.3);
	vl_penalty(&b->list, VL_INFINITY);
}

dl_document *layout_catalogue(layout_env *env, const material *m)
{
	const page_style *st = &env->style;
	document self = { .type = DOC_PLAIN, .path = (char *)"katalog.pdf", .rel_path = (char *)"katalog.pdf",
			  .language = m->meta.language, .title = m->meta.title };
	doc_ctx c = { .env = env, .m = m, .d = &self, .st = st, .pal = style_palette() };
	c.lb = labels_for(m->meta.language);
	c.kind_label = c.lb->catalogue;
	c.out = dl_new(st->page_w, st->page_h);
	c.title = xasprintf("%s \xE2\x80\x93 %s", c.lb->catalogue, m->meta.title);
	block_ctx b = { .fs = env->fs, .hyph = hyphenator_for(env, m->meta.language), .style = st, .labels = c.lb,
			.doc = &self, .material = m, .out = c.out };
	vl_init(&b.list);

	/* Title block. */
	dl_set(&c.out->language, m->meta.language);
	b.list.elem = top_elem(&c, DS_P, NULL);
	v_item *k = vl_box(&b.list, st->small_size * 1.6);
	dl_item kt = pk_text(env->fs, FACE_SANS_BOLD, st->small_size, c.pal->accent, 0, st->small_size * 1.1,
			       c.lb->catalogue);
	vl_box_add(k, &kt);
	para_line *lines;
	double ts;
	/* The title comes from bundle.yaml: a warning about it names that file. */
	char *meta_path = xasprintf("%s/bundle.yaml", m->dir);
	pk_fit fit = { .fs = env->fs, .hyph = hyphenator_for(env, plain_language(&self)), .path = meta_path,
		       .what = "bundle title", .face = FACE_SANS_BOLD, .size = st->title_size * 0.9, .smallest = 0.7,
		       .lead_ratio = 1.12, .color = c.pal->accent_dark, .width = st->measure,
		       .max_h = st->area_h * 0.3 };
	size_t n = pk_fit_lines(&fit, m->meta.title, &lines, &ts);
	free(meta_path);
	b.list.elem = dl_elem_heading(c.out, 1, 0);
	v_item *t = vl_box(&b.list, n * ts * 1.12 + ts * 0.3);
	pk_box_lines(t, lines, n, 0, ts * 0.95, ts * 1.12);
	para_lines_free(lines, n);
	char *facts = xasprintf("%s %s \xC2\xB7 %s \xC2\xB7 %s: %s", c.lb->version, m->meta.version,
				m->meta.publisher, c.lb->license, m->meta.license);
	n = set_plain(env, &self, facts, FACE_SANS, st->small_size, c.pal->muted, st->measure, 0, &lines);
	b.list.elem = top_elem(&c, DS_P, NULL);
	v_item *f = vl_box(&b.list, n * st->small_size * 1.4 + st->leading * 0.4);
	pk_box_lines(f, lines, n, 0, st->small_size, st->small_size * 1.4);
	para_lines_free(lines, n);
	free(facts);
	n = set_plain(env, &self, m->meta.description, FACE_SERIF, st->body_size, c.pal->text, st->measure, 1, &lines);
	b.list.elem = top_elem(&c, DS_P, NULL);
	blocks_add_lines(&b, lines, n, 0, st->leading, st->leading * 0.5 + st->body_size * 0.27, 0);
	para_lines_free(lines, n);
	vl_glue(&b.list, st->leading * 0.4);
	n = set_plain(env, &self, c.lb->catalogue_intro, FACE_SERIF_ITALIC, st->body_size, c.pal->text, st->measure, 1,
		      &lines);
	b.list.elem = top_elem(&c, DS_P, NULL);
	blocks_add_lines(&b, lines, n, 0, st->leading, st->leading * 0.5 + st->body_size * 0.27, 0);
	para_lines_free(lines, n);

	/* Exercises by theme, in the order bundle.yaml gives the themes. */
	catalogue_heading(&c, &b, c.lb->exercises, 1);
	for (size_t ti = 0; ti < m->meta.nthemes; ti++) {
		int any = 0;
		for (size_t i = 0; i < m->ndocs; i++) {
			const document *d = m->docs[i];
			if (d->type != DOC_EXERCISE || strcmp(d->theme, m->meta.themes[ti].id) != 0)
				continue;
			if (!any)
				catalogue_heading(&c, &b, m->meta.themes[ti].title, 2);
			any = 1;
			char *time = labels_minutes(c.lb, document_total_minutes(d));
			char *detail = d->participants_min == d->participants_max
				? xasprintf("%s \xC2\xB7 %d %s", time, d->participants_min, c.lb->persons)
				: xasprintf("%s \xC2\xB7 %d\xE2\x80\x93%d %s", time, d->participants_min,
					    d->participants_max, c.lb->persons);
			catalogue_entry(&c, &b, d, detail, d->lead, FACE_SERIF_ITALIC, 4);
			free(detail);
			free(time);
		}
	}
	catalogue_heading(&c, &b, c.lb->reports, 1);
	for (size_t i = 0; i < m->ndocs; i++) {
		const document *d = m->docs[i];
		if (d->type != DOC_REPORT)
			continue;
		char *date = labels_date(c.lb, d->date);
		catalogue_entry(&c, &b, d, date, d->abstract, FACE_SERIF, 3);
		free(date);
	}

	self.title = c.title;
	set_info(&c);
	vl_geometry g = geometry(st, 0);
	vl_anchor *anchors;
	vl_paginate(&b.list, &g, c.out, st->margin_left, st->page_h - st->margin_top, &anchors);
	add_outline(&c, &b, anchors, 0);
	free(anchors);
	add_running_parts(&c);
	blocks_ctx_free(&b);
	free(c.title);
	return c.out;
}
