#include "typeset/blocks.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/diag.h"
#include "base/fsutil.h"
#include "base/image.h"
#include "base/utf8.h"
#include "base/util.h"

#define QUOTE_BAR_WIDTH 1.6
/* A page never ends in a hyphenated line (the word would be split across
 * the turn of a page); only a page with no other legal break does. */
#define BROKEN_PENALTY VL_INFINITY
/* A paragraph that ends in ':' leads into the list after it: a page may
 * end between them only if it would otherwise stand about three quarters
 * empty (find_break in vlist.c weighs emptiness up to 5000). */
#define LEAD_IN_PENALTY 3000.0
/* A sub-list up to half a page high stays in one piece (a longer one
 * must break somewhere). */
#define SUBLIST_KEEP 0.5

typedef struct {
	int italic, bold, code;
	const char *link;
	dl_link_kind link_kind;
	int link_elem;             /* the Link element of the text inside a link */
} inline_state;

static face_id face_for(face_id base, const inline_state *s)
{
	if (s->code)
		return FACE_MONO;
	if (base == FACE_SANS || base == FACE_SANS_BOLD)
		return s->bold || base == FACE_SANS_BOLD ? FACE_SANS_BOLD : FACE_SANS;
	if (base == FACE_SERIF_ITALIC)
		return s->bold ? FACE_SERIF_BOLD_ITALIC : (s->italic ? FACE_SERIF : FACE_SERIF_ITALIC);
	if (s->bold && s->italic)
		return FACE_SERIF_BOLD_ITALIC;
	if (s->bold)
		return FACE_SERIF_BOLD;
	if (s->italic)
		return FACE_SERIF_ITALIC;
	return base;
}

static unsigned source_line(const block_ctx *ctx, cmark_node *node)
{
	while (node && cmark_node_get_start_line(node) == 0)
		node = cmark_node_parent(node);
	return node ? (unsigned)cmark_node_get_start_line(node) + ctx->doc->body_line - 1 : ctx->doc->body_line;
}

/* Swedish (and other languages) quotation marks over cmark's English ones. */
static void add_text(block_ctx *ctx, para *p, const char *text, const span_style *st)
{
	buf out;
	buf_init(&out);
	labels_quotes(ctx->labels, text, strlen(text), &out);
	para_add(p, out.data, out.len, st);
	buf_free(&out);
}

char *blocks_relative_pdf(const document *from, const document *to)
{
	char *a = document_pdf_path(from), *b = document_pdf_path(to);
	const char *sa = strchr(a, '/'), *sb = strchr(b, '/');
	char *result;
	if (sa && sb && sa - a == sb - b && strncmp(a, b, (size_t)(sa - a)) == 0)
		result = xstrdup(sb + 1);
	else
		result = xasprintf("../%s", b);
	free(a);
	free(b);
	return result;
}

/* Where a Markdown link leads in the finished bundle. */
static const char *link_target(block_ctx *ctx, cmark_node *node, dl_link_kind *kind, char **owned)
{
	const char *url = cmark_node_get_url(node);
	*owned = NULL;
	const char *p = url;
	while ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '+' ||
	       *p == '-' || *p == '.')
		p++;
	if (p > url && *p == ':') {
		*kind = LINK_URI;
		return url;
	}
	if (!ctx->material || !*url || *url == '#')
		return NULL;
	/* A relative link to another document's Markdown opens its PDF. */
	size_t cut = strcspn(url, "#?");
	char *target = xstrndup(url, cut);
	const char *slash = strrchr(target, '/');
	const char *base = slash ? slash + 1 : target;
	size_t blen = strlen(base);
	const char *result = NULL;
	if (blen > 3 && strcmp(base + blen - 3, ".md") == 0) {
		for (size_t i = 0; i < ctx->material->ndocs; i++) {
			const document *d = ctx->material->docs[i];
			const char *rb = strrchr(d->rel_path, '/');
			if (strcmp(rb ? rb + 1 : d->rel_path, base) == 0) {
				*owned = blocks_relative_pdf(ctx->doc, d);
				*kind = LINK_FILE;
				result = *owned;
				break;
			}
		}
	}
	free(target);
	return result;
}

static void collect_plain(cmark_node *node, buf *out);

typedef struct {
	block_ctx *ctx;
	para *p;
	face_id base;
	double size;
	dl_color color;
	int elem;                  /* the element the text belongs to */
} inline_run;

static void set_style(const inline_run *r, const inline_state *s, span_style *st)
{
	const palette *pal = style_palette();
	memset(st, 0, sizeof *st);
	st->face = face_for(r->base, s);
	st->size = s->code ? r->size * 0.9 : r->size;
	st->color = s->link ? pal->accent : r->color;
	st->no_hyphenate = s->code || (s->link && s->link_kind == LINK_URI);
	st->elem = s->link_elem ? s->link_elem : r->elem;
	if (s->link) {
		st->link = s->link;
		st->link_kind = s->link_kind;
		st->underline = 1;
	}
}

static void walk_inlines(inline_run *r, cmark_node *node, inline_state s)
{
	for (cmark_node *c = cmark_node_first_child(node); c; c = cmark_node_next(c)) {
		span_style st;
		switch (cmark_node_get_type(c)) {
		case CMARK_NODE_TEXT:
			set_style(r, &s, &st);
			add_text(r->ctx, r->p, cmark_node_get_literal(c), &st);
			break;
		case CMARK_NODE_CODE: {
			inline_state cs = s;
			cs.code = 1;
			set_style(r, &cs, &st);
			const char *lit = cmark_node_get_literal(c);
			para_add(r->p, lit, strlen(lit), &st);
			break;
		}
		case CMARK_NODE_SOFTBREAK:
			set_style(r, &s, &st);
			para_add(r->p, " ", 1, &st);
			break;
		case CMARK_NODE_LINEBREAK:
			para_add_break(r->p);
			break;
		case CMARK_NODE_EMPH: {
			inline_state es = s;
			es.italic = !es.italic;
			walk_inlines(r, c, es);
			break;
		}
		case CMARK_NODE_STRONG: {
			inline_state ss = s;
			ss.bold = 1;
			walk_inlines(r, c, ss);
			break;
		}
		case CMARK_NODE_LINK: {
			char *owned = NULL;
			inline_state ls = s;
			ls.link = link_target(r->ctx, c, &ls.link_kind, &owned);
			if (ls.link) {
				/* The annotation is described by the link's text, or its target. */
				buf words;
				buf_init(&words);
				collect_plain(c, &words);
				ls.link_elem = dl_elem_add(r->ctx->out, DS_LINK, r->elem, words.len ? words.data : ls.link,
							   NULL);
				buf_free(&words);
			}
			walk_inlines(r, c, ls);
			free(owned);
			break;
		}
		case CMARK_NODE_IMAGE:
			/* Images are set as figures after their paragraph (see set_paragraph). */
			break;
		case CMARK_NODE_HTML_INLINE: {
			const char *lit = cmark_node_get_literal(c);
			diag(DIAG_WARNING, r->ctx->doc->path, source_line(r->ctx, c), 0,
			     "inline HTML '%s' is shown as text", lit);
			inline_state cs = s;
			cs.code = 1;
			set_style(r, &cs, &st);
			para_add(r->p, lit, strlen(lit), &st);
			break;
		}
		default:
			walk_inlines(r, c, s);
			break;
		}
	}
}

static void add_quote_bars(block_ctx *ctx, v_item *box)
{
	const palette *pal = style_palette();
	for (int q = 0; q < ctx->nquote; q++) {
		dl_item bar = { .kind = DL_RECT, .x = ctx->quote_bars[q], .y = box->height, .w = QUOTE_BAR_WIDTH,
				.h = box->height, .color = pal->rule };
		vl_box_add(box, &bar);
	}
}

/* A new box with the decorations every box in the current context carries. */
static v_item *new_box(block_ctx *ctx, double height)
{
	v_item *box = vl_box(&ctx->list, height);
	add_quote_bars(ctx, box);
	if (ctx->pending_marker) {
		vl_box_add(box, ctx->pending_marker);
		free(ctx->pending_marker->text);
		free(ctx->pending_marker);
		ctx->pending_marker = NULL;
	}
	return box;
}

/* Vertical space; inside a block quote a spacer box keeps the bar unbroken. */
static void add_space(block_ctx *ctx, double height)
{
	if (height <= 0)
		return;
	if (ctx->nquote) {
		vl_penalty(&ctx->list, 0);
		new_box(ctx, height);
		return;
	}
	vl_glue(&ctx->list, height);
}

/* Whether the list ends in a keep (an infinite penalty, perhaps followed by
 * glue): what comes next must stay on the same page as what went before. */
static int keeping_with_next(block_ctx *ctx)
{
	for (size_t i = ctx->list.n; i-- > 0;) {
		const v_item *it = &ctx->list.items[i];
		if (it->kind == V_PENALTY)
			return it->penalty >= VL_INFINITY;
		if (it->kind == V_BOX)
			return 0;
	}
	return 0;
}

/* Lets a page end between two blocks that follow each other directly (the
 * items of a tight list, say), unless something already decided about it. */
static void allow_break(block_ctx *ctx)
{
	v_item *last = vl_last(&ctx->list);
	if (last && last->kind == V_BOX)
		vl_penalty(&ctx->list, 0);
}

void blocks_add_lines(block_ctx *ctx, para_line *lines, size_t n, double indent, double leading,
		      double first_baseline, int keep_together)
{
	if (n)
		allow_break(ctx);
	for (size_t i = 0; i < n; i++) {
		if (i > 0) {
			double pen = 0;
			/* No lone first or last line at a page edge (orphans, widows). */
			if (keep_together || i == 1 || i == n - 1)
				pen = VL_INFINITY;
			else if (lines[i - 1].hyphenated)
				pen = BROKEN_PENALTY;
			vl_penalty(&ctx->list, pen);
		}
		v_item *box = new_box(ctx, leading);
		box->first_baseline = first_baseline;
		vl_box_reserve(box, lines[i].nitems);
		for (size_t k = 0; k < lines[i].nitems; k++) {
			dl_item it = lines[i].items[k];
			it.x += indent;
			it.y = first_baseline - it.y;
			vl_box_add(box, &it);
		}
	}
}

void blocks_set_inlines(block_ctx *ctx, cmark_node *node, face_id face, double size, double leading,
			dl_color color, double indent, double width, int justify)
{
	para *p = para_new(ctx->fs, ctx->hyph, ctx->doc->path, source_line(ctx, node));
	inline_run r = { ctx, p, face, size, color, ctx->list.elem };
	inline_state s = { 0 };
	walk_inlines(&r, node, s);
	if (!para_is_empty(p)) {
		para_shape shape = { .width = width, .justify = justify, .stats = ctx->stats };
		para_line *lines;
		size_t n = para_set(p, &shape, &lines);
		/* The baseline sits so that the x-height is centred in the leading. */
		double first_baseline = leading * 0.5 + size * 0.27;
		blocks_add_lines(ctx, lines, n, indent, leading, first_baseline, 0);
		para_lines_free(lines, n);
	}
	para_free(p);
}

static void collect_plain(cmark_node *node, buf *out)
{
	for (cmark_node *c = cmark_node_first_child(node); c; c = cmark_node_next(c)) {
		cmark_node_type t = cmark_node_get_type(c);
		if (t == CMARK_NODE_TEXT || t == CMARK_NODE_CODE)
			buf_puts(out, cmark_node_get_literal(c));
		else if (t == CMARK_NODE_SOFTBREAK || t == CMARK_NODE_LINEBREAK)
			buf_putc(out, ' ');
		else
			collect_plain(c, out);
	}
}

/* An image that cannot be shown (a lone file's missing or remote image; the
 * loader has warned) is replaced by its alternative text. */
static void set_image_alt(block_ctx *ctx, cmark_node *img, double indent, double width)
{
	const page_style *st = ctx->style;
	buf alt;
	buf_init(&alt);
	buf_puts(&alt, "[");
	collect_plain(img, &alt);
	buf_puts(&alt, "]");
	ctx->list.elem = dl_elem_add(ctx->out, DS_P, ctx->parent, NULL, NULL);
	para *p = para_new(ctx->fs, ctx->hyph, ctx->doc->path, source_line(ctx, img));
	span_style cs = { .face = FACE_SERIF_ITALIC, .size = st->body_size, .color = style_palette()->muted };
	add_text(ctx, p, alt.data, &cs);
	para_shape shape = { .width = width, .stats = ctx->stats };
	para_line *lines;
	size_t n = para_set(p, &shape, &lines);
	blocks_add_lines(ctx, lines, n, indent, st->leading, st->leading * 0.5 + st->body_size * 0.27, 0);
	para_lines_free(lines, n);
	para_free(p);
	buf_free(&alt);
}

static void set_figure(block_ctx *ctx, cmark_node *img, double indent, double width)
{
	const page_style *st = ctx->style;
	const palette *pal = style_palette();
	const char *url = cmark_node_get_url(img);
	char *doc_dir = fs_dirname(ctx->doc->rel_path);
	char *joined = fs_join(doc_dir, url);
	char *rel = fs_normalize_relative(joined);
	free(doc_dir);
	free(joined);
	int known = 0;
	for (size_t i = 0; rel && i < ctx->doc->nimages; i++)
		known |= strcmp(ctx->doc->images[i], rel) == 0;
	if (!known) {
		free(rel);
		set_image_alt(ctx, img, indent, width);
		return;
	}
	char *path = fs_join(ctx->base_dir, rel);
	free(rel);
	unsigned pw, ph;
	if (!image_probe(path, &pw, &ph)) {
		free(path);
		return;
	}
	/* Figures are drawn at 300 dpi or scaled down to the measure. */
	double w = pw * 72.0 / 300.0, h;
	if (w > width)
		w = width;
	h = w * ph / pw;
	double max_h = st->area_h * 0.7;
	if (h > max_h) {
		h = max_h;
		w = h * pw / ph;
	}
	buf alt;
	buf_init(&alt);
	collect_plain(img, &alt);
	const char *title = cmark_node_get_title(img);
	const char *caption = title && *title ? title : alt.data;

	para *p = para_new(ctx->fs, ctx->hyph, ctx->doc->path, source_line(ctx, img));
	span_style cs = { .face = FACE_SERIF_ITALIC, .size = st->small_size, .color = pal->muted };
	add_text(ctx, p, caption, &cs);
	para_shape shape = { .width = width, .center = 1 };
	para_line *lines;
	size_t n = para_is_empty(p) ? 0 : para_set(p, &shape, &lines);
	double cap_leading = st->small_size * 1.35;
	double gap = st->leading * 0.4;
	double pad = st->leading * 0.6;
	double total = pad + h + (n ? gap + n * cap_leading : 0) + pad;

	allow_break(ctx);
	/* The figure keeps its place in the tree even when it floats to a
	 * later page; its caption follows it. */
	int figure = dl_elem_add(ctx->out, DS_FIGURE, ctx->parent, alt.data, NULL);
	int caption_elem = n ? dl_elem_add(ctx->out, DS_CAPTION, ctx->parent, NULL, NULL) : 0;
	v_item *box = new_box(ctx, total);
	box->floats = ctx->nquote == 0;
	dl_item im = { .kind = DL_IMAGE, .x = indent + (width - w) / 2, .y = pad + h, .w = w, .h = h,
		       .image = dl_image_index(ctx->out, path), .alt = alt.data, .elem = figure };
	vl_box_add(box, &im);
	for (size_t i = 0; i < n; i++) {
		for (size_t k = 0; k < lines[i].nitems; k++) {
			dl_item it = lines[i].items[k];
			it.elem = caption_elem;
			it.x += indent;
			it.y = pad + h + gap + i * cap_leading + st->small_size - it.y;
			vl_box_add(box, &it);
		}
	}
	if (n)
		para_lines_free(lines, n);
	para_free(p);
	buf_free(&alt);
	free(path);
}

static int has_text_besides_images(cmark_node *node)
{
	for (cmark_node *c = cmark_node_first_child(node); c; c = cmark_node_next(c)) {
		cmark_node_type t = cmark_node_get_type(c);
		if (t == CMARK_NODE_IMAGE || t == CMARK_NODE_SOFTBREAK || t == CMARK_NODE_LINEBREAK)
			continue;
		if (t == CMARK_NODE_TEXT) {
			for (const char *s = cmark_node_get_literal(c); *s; s++)
				if (*s != ' ')
					return 1;
			continue;
		}
		return 1;
	}
	return 0;
}

static void set_figures_in(block_ctx *ctx, cmark_node *node, double indent, double width)
{
	cmark_iter *it = cmark_iter_new(node);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE)
		if (ev == CMARK_EVENT_ENTER && cmark_node_get_type(cmark_iter_get_node(it)) == CMARK_NODE_IMAGE)
			set_figure(ctx, cmark_iter_get_node(it), indent, width);
	cmark_iter_free(it);
}

static int in_tight_list(cmark_node *node)
{
	cmark_node *item = cmark_node_parent(node);
	if (!item || cmark_node_get_type(item) != CMARK_NODE_ITEM)
		return 0;
	cmark_node *list = cmark_node_parent(item);
	return list && cmark_node_get_list_tight(list);
}

/* Whether the block after node (in its own container or, for the last
 * paragraph of a list item, the item's next) is a list. */
static int next_is_list(cmark_node *node)
{
	cmark_node *next = cmark_node_next(node);
	return next && cmark_node_get_type(next) == CMARK_NODE_LIST;
}

static int ends_in_colon(cmark_node *node)
{
	buf t;
	buf_init(&t);
	collect_plain(node, &t);
	size_t n = t.len;
	while (n && (t.data[n - 1] == ' ' || t.data[n - 1] == '\n'))
		n--;
	int colon = n && t.data[n - 1] == ':';
	buf_free(&t);
	return colon;
}

static void set_paragraph(block_ctx *ctx, cmark_node *node, double indent, double width)
{
	const page_style *st = ctx->style;
	if (has_text_besides_images(node)) {
		ctx->list.elem = dl_elem_add(ctx->out, DS_P, ctx->parent, NULL, NULL);
		blocks_set_inlines(ctx, node, FACE_SERIF, st->body_size, st->leading, style_palette()->text, indent,
				   width, 1);
		/* In a tight list a sub-list follows its item's text as the next
		 * item would: no paragraph space between them. */
		cmark_node *next = cmark_node_next(node);
		if (next_is_list(node) && ends_in_colon(node))
			vl_penalty(&ctx->list, LEAD_IN_PENALTY);
		if (!in_tight_list(node) || (next && cmark_node_get_type(next) != CMARK_NODE_LIST))
			add_space(ctx, st->leading * st->para_space);
	}
	set_figures_in(ctx, node, indent, width);
}

static char *heading_number(block_ctx *ctx, int level)
{
	if (!ctx->numbered || level > 3)
		return NULL;
	ctx->counters[level - 1]++;
	for (int i = level; i < 6; i++)
		ctx->counters[i] = 0;
	buf b;
	buf_init(&b);
	for (int i = 0; i < level; i++)
		buf_printf(&b, i ? ".%d" : "%d", ctx->counters[i]);
	return buf_detach(&b, NULL);
}

static int phase_of(const block_ctx *ctx, cmark_node *node, int level)
{
	if (!ctx->phase_headings || level != 2)
		return -1;
	buf t;
	buf_init(&t);
	collect_plain(node, &t);
	int phase = -1;
	static const char *const names[] = { "Börja", "Pröva", "Utveckla" };
	for (int i = 0; i < 3; i++)
		if (strcmp(t.data, names[i]) == 0)
			phase = i;
	buf_free(&t);
	return phase;
}

/* An exercise phase: a tinted band with the phase, who works, and minutes. */
static void set_phase_heading(block_ctx *ctx, int phase, double indent, double width, int anchor, int elem)
{
	const page_style *st = ctx->style;
	const palette *pal = style_palette();
	const labels *lb = ctx->labels;
	double size = st->heading_size[1];
	double band = size * 2.1;
	add_space(ctx, st->leading * 0.9);
	ctx->list.elem = elem;
	v_item *box = new_box(ctx, band);
	box->anchor = anchor;
	dl_item bg = { .kind = DL_RECT, .x = indent, .y = band, .w = width, .h = band, .color = pal->tint };
	vl_box_add(box, &bg);
	dl_item bar = { .kind = DL_RECT, .x = indent, .y = band, .w = 4, .h = band, .color = pal->accent };
	vl_box_add(box, &bar);
	double baseline = band * 0.5 + size * 0.36;
	dl_item name = { .kind = DL_TEXT, .x = indent + 14, .y = baseline, .face = FACE_SANS_BOLD, .size = size,
			 .color = pal->accent_dark, .text = (char *)lb->phases[phase] };
	name.w = para_text_width(ctx->fs, FACE_SANS_BOLD, size, name.text);
	vl_box_add(box, &name);
	dl_item hint = { .kind = DL_TEXT, .x = name.x + name.w + size * 0.6, .y = baseline, .face = FACE_SANS,
			 .size = st->small_size, .color = pal->muted, .text = (char *)lb->phase_hints[phase] };
	hint.w = para_text_width(ctx->fs, FACE_SANS, st->small_size, hint.text);
	vl_box_add(box, &hint);
	char *mins = xasprintf("%d %s", ctx->doc->minutes[phase], lb->minutes_abbr);
	double mw = para_text_width(ctx->fs, FACE_SANS_BOLD, size * 0.85, mins);
	dl_item m = { .kind = DL_TEXT, .x = indent + width - 12 - mw, .y = baseline, .w = mw, .face = FACE_SANS_BOLD,
		      .size = size * 0.85, .color = pal->accent_dark, .text = mins };
	vl_box_add(box, &m);
	free(mins);
	vl_penalty(&ctx->list, VL_INFINITY);
	vl_glue(&ctx->list, st->leading * 0.4);
}

static void set_heading(block_ctx *ctx, cmark_node *node, double indent, double width)
{
	const page_style *st = ctx->style;
	const palette *pal = style_palette();
	int level = cmark_node_get_heading_level(node);
	if (level == 1 && ctx->skip_first_h1 && !ctx->skipped_h1) {
		ctx->skipped_h1 = 1;
		return;
	}
	buf plain;
	buf_init(&plain);
	collect_plain(node, &plain);
	int anchor = vl_new_anchor(&ctx->list);
	int phase = phase_of(ctx, node, level);
	char *number = phase < 0 ? heading_number(ctx, level) : NULL;

	ctx->headings = xreallocarray(ctx->headings, ctx->nheadings + 1, sizeof *ctx->headings);
	ctx->headings[ctx->nheadings++] = (block_heading){
		anchor, level, number ? xasprintf("%s %s", number, plain.data) : xstrdup(plain.data) };
	buf_free(&plain);
	/* The tag tree must not skip a level: a skipped one is tagged one below
	 * the heading before it. */
	int tag_level = level;
	if (level > ctx->last_level + 1) {
		diag(DIAG_WARNING, ctx->doc->path, source_line(ctx, node), (unsigned)cmark_node_get_start_column(node),
		     "heading of level %d after one of level %d skips a level (tagged as level %d)", level,
		     ctx->last_level, ctx->last_level + 1);
		tag_level = ctx->last_level + 1;
	}
	ctx->last_level = tag_level;
	int elem = dl_elem_heading(ctx->out, tag_level, ctx->parent);
	if (phase >= 0) {
		set_phase_heading(ctx, phase, indent, width, anchor, elem);
		return;
	}

	double size = st->heading_size[level - 1];
	face_id face = level <= 3 ? FACE_SANS_BOLD : level == 4 ? FACE_SERIF_BOLD : FACE_SERIF_BOLD_ITALIC;
	if (level == 6)
		face = FACE_SERIF_ITALIC;
	double leading = size * 1.25;
	double before = level == 1 ? st->leading * 2.0 : level == 2 ? st->leading * 1.3 : st->leading * 0.9;
	double after = level <= 2 ? st->leading * 0.45 : st->leading * 0.2;

	/* A break before a heading is a good place for a page to end, unless
	 * the heading follows another that must stay with it. */
	if (ctx->list.n && !keeping_with_next(ctx))
		vl_penalty(&ctx->list, -50);
	add_space(ctx, before);

	para *p = para_new(ctx->fs, ctx->hyph, ctx->doc->path, source_line(ctx, node));
	dl_color color = level <= 3 ? pal->accent_dark : pal->text;
	span_style ns = { .face = face, .size = size, .color = pal->accent, .elem = elem };
	ctx->list.elem = elem;
	double number_w = 0;
	if (number) {
		char *with_space = xasprintf("%s\xC2\xA0\xC2\xA0", number);
		para_add(p, with_space, strlen(with_space), &ns);
		number_w = para_text_width(ctx->fs, face, size, with_space);
		free(with_space);
	}
	inline_run r = { ctx, p, face, size, color, elem };
	inline_state s = { 0 };
	walk_inlines(&r, node, s);
	para_shape shape = { .width = width };
	para_line *lines;
	size_t n = para_set(p, &shape, &lines);
	(void)number_w;
	size_t first_box = ctx->list.n;
	blocks_add_lines(ctx, lines, n, indent, leading, leading * 0.78, 1);
	if (first_box < ctx->list.n)
		ctx->list.items[first_box].anchor = anchor;
	para_lines_free(lines, n);
	para_free(p);
	free(number);
	/* Keep the heading with what follows. */
	vl_penalty(&ctx->list, VL_INFINITY);
	vl_glue(&ctx->list, after);
	vl_penalty(&ctx->list, VL_INFINITY);
}

/* A mid-word cut this far back is not worth avoiding: only a break point
 * at least this far into the width is taken instead of the column. */
#define CODE_BREAK_REACH 0.4
/* A page should not end inside a wrapped line: its pieces read as one. */
#define CODE_WRAP_PENALTY 1000

static int code_break_after(uint32_t cp)
{
	return cp == ' ' || cp == '/' || cp == '-' || cp == '_' || cp == '.' || cp == ',';
}

size_t blocks_code_break(const char *s, size_t len, size_t cols)
{
	size_t i = 0, count = 0, best = 0, best_count = 0;
	while (i < len && count < cols) {
		uint32_t cp = utf8_next(s, len, &i);
		count++;
		if (code_break_after(cp)) {
			best = i;
			best_count = count;
		}
	}
	if (i >= len)
		return len;
	return best && (double)best_count >= CODE_BREAK_REACH * (double)cols ? best : i;
}

/* A wrapped line's continuation mark, drawn rather than typed so that no
 * copy of the text picks it up: a small arrow in the first of the two
 * columns the continuation is moved in by. */
static void code_wrap_mark(v_item *box, double x, double baseline, double adv, double size, dl_color color)
{
	double mid = baseline - size * 0.28, head = adv * 0.28, stroke = size * 0.06;
	double x0 = x + adv * 0.15, x1 = x + adv * 1.15;
	/* y runs down the box and a line's h up the page. */
	dl_item shaft = { .kind = DL_LINE, .x = x0, .y = mid, .w = x1 - x0, .h = 0, .size = stroke, .color = color };
	dl_item up = { .kind = DL_LINE, .x = x1 - head, .y = mid + head, .w = head, .h = head, .size = stroke,
		       .color = color };
	dl_item down = { .kind = DL_LINE, .x = x1 - head, .y = mid - head, .w = head, .h = -head, .size = stroke,
			 .color = color };
	vl_box_add(box, &shaft);
	vl_box_add(box, &up);
	vl_box_add(box, &down);
}

static void set_code(block_ctx *ctx, cmark_node *node, double indent, double width)
{
	const page_style *st = ctx->style;
	const palette *pal = style_palette();
	const char *code = cmark_node_get_literal(node);
	double size = st->code_size, leading = st->code_leading;
	double pad = size * 0.8;
	font *mono = fontset_face(ctx->fs, FACE_MONO);
	double adv = font_advance(mono, '0') * size / 1000.0;
	size_t cols = (size_t)((width - 2 * pad) / adv);
	if (cols < 8)
		cols = 8;

	/* Expand tabs and wrap long lines, preferably after a space or
	 * punctuation, marking continuations. */
	char **lines = NULL;
	int *continued = NULL, *joins = NULL;
	size_t n = 0;
	const char *p = code;
	while (*p) {
		const char *eol = strchr(p, '\n');
		size_t len = eol ? (size_t)(eol - p) : strlen(p);
		buf line;
		buf_init(&line);
		size_t col = 0;
		for (size_t i = 0; i < len;) {
			size_t at = i;
			uint32_t cp = utf8_next(p, len, &i);
			if (cp == '\t') {
				do
					buf_putc(&line, ' ');
				while (++col % 4);
				continue;
			}
			buf_append(&line, p + at, i - at);
			col++;
		}
		size_t off = 0, total = line.len;
		int first = 1;
		do {
			size_t cut = off + blocks_code_break(line.data + off, total - off, first ? cols : cols - 2);
			lines = xreallocarray(lines, n + 1, sizeof *lines);
			continued = xreallocarray(continued, n + 1, sizeof *continued);
			joins = xreallocarray(joins, n + 1, sizeof *joins);
			lines[n] = xstrndup(line.data + off, cut - off);
			continued[n] = !first;
			joins[n] = cut < total;
			n++;
			off = cut;
			first = 0;
		} while (off < total);
		buf_free(&line);
		p += len + (eol ? 1 : 0);
	}
	double block_h = n * leading + 2 * pad;
	int keep = block_h <= st->area_h;
	add_space(ctx, st->leading * 0.3);
	allow_break(ctx);
	ctx->list.elem = dl_elem_add(ctx->out, DS_CODE, ctx->parent, NULL, NULL);
	for (size_t i = 0; i < n; i++) {
		if (i)
			vl_penalty(&ctx->list, keep ? VL_INFINITY : joins[i - 1] ? CODE_WRAP_PENALTY : 0);
		double top_pad = i == 0 ? pad : 0, bottom_pad = i + 1 == n ? pad : 0;
		double h = leading + top_pad + bottom_pad;
		v_item *box = new_box(ctx, h);
		dl_item bg = { .kind = DL_RECT, .x = indent, .y = h, .w = width, .h = h, .color = pal->tint };
		vl_box_add(box, &bg);
		double baseline = top_pad + leading * 0.5 + size * 0.3;
		double x = indent + pad;
		if (continued[i]) {
			code_wrap_mark(box, x, baseline, adv, size, pal->accent);
			x += 2 * adv;
		}
		if (*lines[i]) {
			dl_item t = { .kind = DL_TEXT, .x = x, .y = baseline, .face = FACE_MONO, .size = size,
				      .color = pal->text, .text = lines[i], .joins_next = joins[i] };
			t.w = utf8_count(lines[i], strlen(lines[i])) * adv;
			vl_box_add(box, &t);
		}
		free(lines[i]);
	}
	free(lines);
	free(continued);
	free(joins);
	add_space(ctx, st->leading * 0.5);
}

static void set_html(block_ctx *ctx, cmark_node *node, double indent, double width)
{
	diag(DIAG_WARNING, ctx->doc->path, source_line(ctx, node), 0, "an HTML block is shown as text");
	set_code(ctx, node, indent, width);
}

static void set_rule(block_ctx *ctx, double indent, double width)
{
	const page_style *st = ctx->style;
	add_space(ctx, st->leading * 0.5);
	v_item *box = new_box(ctx, st->leading);
	dl_item r = { .kind = DL_RECT, .x = indent + width * 0.35, .y = st->leading * 0.5, .w = width * 0.3,
		      .h = 0.6, .color = style_palette()->rule };
	vl_box_add(box, &r);
	add_space(ctx, st->leading * 0.5);
}

static char *list_marker(cmark_node *list, int index, int depth)
{
	if (cmark_node_get_list_type(list) == CMARK_ORDERED_LIST) {
		int n = cmark_node_get_list_start(list) + index;
		return xasprintf("%d%c", n, cmark_node_get_list_delim(list) == CMARK_PAREN_DELIM ? ')' : '.');
	}
	static const char *const bullets[] = { "\xE2\x80\xA2", "\xE2\x80\x93", "\xE2\x80\xA2" };
	return xstrdup(bullets[depth % 3]);
}

static int list_depth(cmark_node *node)
{
	int depth = 0;
	for (cmark_node *p = cmark_node_parent(node); p; p = cmark_node_parent(p))
		if (cmark_node_get_type(p) == CMARK_NODE_LIST)
			depth++;
	return depth;
}

/* How far a nested list or quote moves in: its step, until the measure left
 * would fall below half the type area's; deeper levels then stay where they
 * are, so deep nesting keeps its text readable and on the page. */
static double nested_step(const block_ctx *ctx, double width, double step)
{
	return width - step >= ctx->style->measure * 0.5 ? step : 0;
}

static void set_list(block_ctx *ctx, cmark_node *list, double indent, double width)
{
	const page_style *st = ctx->style;
	const palette *pal = style_palette();
	int tight = cmark_node_get_list_tight(list);
	int depth = list_depth(list);
	int index = 0;
	double hang = st->list_indent;
	if (cmark_node_get_list_type(list) == CMARK_ORDERED_LIST) {
		/* Room for the widest number. */
		char *widest = xasprintf("%d.", cmark_node_get_list_start(list) + 99);
		double w = para_text_width(ctx->fs, FACE_SERIF, st->body_size, widest) * 0.7 + st->body_size * 0.6;
		if (w > hang)
			hang = w;
		free(widest);
	}
	hang = nested_step(ctx, width, hang);
	if (depth == 0)
		add_space(ctx, tight ? st->leading * 0.15 : 0);
	/* A sub-list never starts a page apart from its item's text. */
	size_t first = ctx->list.n;
	if (depth > 0 && vl_last(&ctx->list) && vl_last(&ctx->list)->kind == V_BOX)
		vl_penalty(&ctx->list, VL_INFINITY);
	int outer = ctx->parent;
	int list_elem = dl_elem_add(ctx->out, DS_L, outer, NULL, NULL);
	for (cmark_node *item = cmark_node_first_child(list); item; item = cmark_node_next(item), index++) {
		char *marker = list_marker(list, index, depth);
		int ordered = cmark_node_get_list_type(list) == CMARK_ORDERED_LIST;
		face_id mf = ordered ? FACE_SERIF : FACE_SERIF_BOLD;
		double mw = para_text_width(ctx->fs, mf, st->body_size, marker);
		dl_item *m = xcalloc(1, sizeof *m);
		m->kind = DL_TEXT;
		m->face = mf;
		m->size = st->body_size;
		m->color = ordered ? pal->text : pal->accent;
		m->text = marker;
		m->w = mw;
		m->x = indent + hang - mw - st->body_size * 0.5;
		m->y = st->leading * 0.5 + st->body_size * 0.27;
		int li = dl_elem_add(ctx->out, DS_LI, list_elem, NULL, NULL);
		m->elem = dl_elem_add(ctx->out, DS_LBL, li, NULL, NULL);
		free(ctx->pending_marker ? ctx->pending_marker->text : NULL);
		free(ctx->pending_marker);
		ctx->pending_marker = m;
		ctx->parent = dl_elem_add(ctx->out, DS_LBODY, li, NULL, NULL);
		blocks_set(ctx, item, indent + hang, width - hang);
		ctx->parent = outer;
		if (ctx->pending_marker) {
			/* An empty item still shows its marker. */
			new_box(ctx, st->leading);
		}
		if (!tight && cmark_node_next(item))
			add_space(ctx, st->leading * 0.2);
	}
	/* A short sub-list is not broken across pages either: its last items
	 * would start the next page cut from the item they belong to. */
	if (depth > 0 && first < ctx->list.n && vl_height(&ctx->list, first) <= st->area_h * SUBLIST_KEEP)
		vl_keep_together(&ctx->list, first);
	if (depth == 0)
		add_space(ctx, st->leading * 0.5);
}

static void set_quote(block_ctx *ctx, cmark_node *node, double indent, double width)
{
	const page_style *st = ctx->style;
	add_space(ctx, st->leading * 0.2);
	/* A quote that no longer moves in gets no bar of its own. */
	double step = nested_step(ctx, width, st->quote_indent);
	int bar = step > 0 && ctx->nquote < (int)(sizeof ctx->quote_bars / sizeof *ctx->quote_bars);
	if (bar)
		ctx->quote_bars[ctx->nquote++] = indent;
	int outer = ctx->parent;
	ctx->parent = dl_elem_add(ctx->out, DS_BLOCKQUOTE, outer, NULL, NULL);
	blocks_set(ctx, node, indent + step, width - step);
	ctx->parent = outer;
	/* Trailing space inside the quote would extend the bar past the text. */
	while (ctx->list.n && ctx->list.items[ctx->list.n - 1].kind != V_BOX)
		vl_pop(&ctx->list);
	if (bar)
		ctx->nquote--;
	add_space(ctx, st->leading * 0.5);
}

void blocks_set(block_ctx *ctx, cmark_node *root, double indent, double width)
{
	for (cmark_node *c = cmark_node_first_child(root); c; c = cmark_node_next(c)) {
		switch (cmark_node_get_type(c)) {
		case CMARK_NODE_PARAGRAPH:
			set_paragraph(ctx, c, indent, width);
			break;
		case CMARK_NODE_HEADING:
			set_heading(ctx, c, indent, width);
			break;
		case CMARK_NODE_LIST:
			set_list(ctx, c, indent, width);
			break;
		case CMARK_NODE_BLOCK_QUOTE:
			set_quote(ctx, c, indent, width);
			break;
		case CMARK_NODE_CODE_BLOCK:
			set_code(ctx, c, indent, width);
			break;
		case CMARK_NODE_HTML_BLOCK:
			set_html(ctx, c, indent, width);
			break;
		case CMARK_NODE_THEMATIC_BREAK:
			set_rule(ctx, indent, width);
			break;
		default:
			blocks_set(ctx, c, indent, width);
			break;
		}
	}
}

void blocks_ctx_free(block_ctx *ctx)
{
	vl_free(&ctx->list);
	for (size_t i = 0; i < ctx->nheadings; i++)
		free(ctx->headings[i].title);
	free(ctx->headings);
	if (ctx->pending_marker) {
		free(ctx->pending_marker->text);
		free(ctx->pending_marker);
	}
	ctx->headings = NULL;
	ctx->nheadings = 0;
	ctx->pending_marker = NULL;
}
