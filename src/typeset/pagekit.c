#include "typeset/pagekit.h"

#include <stdlib.h>
#include <string.h>

#include "base/diag.h"
#include "base/utf8.h"
#include "base/util.h"

dl_item pk_text(fontset *fs, face_id face, double size, dl_color color, double x, double y, const char *s)
{
	dl_item it = { .kind = DL_TEXT, .x = x, .y = y, .face = face, .size = size, .color = color,
		       .text = (char *)s };
	it.w = para_text_width(fs, face, size, s);
	return it;
}

void pk_box_lines(v_item *box, const para_line *lines, size_t n, double x, double first_baseline, double leading)
{
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < lines[i].nitems; k++) {
			dl_item it = lines[i].items[k];
			it.x += x;
			it.y = first_baseline + i * leading - it.y;
			vl_box_add(box, &it);
		}
}

void pk_lines_elem(para_line *lines, size_t n, int elem)
{
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < lines[i].nitems; k++)
			if (lines[i].items[k].elem == DL_ELEM_BOX)
				lines[i].items[k].elem = elem;
}

#define ELLIPSIS "\xE2\x80\xA6"

/* The longest prefix of s that, with an ellipsis after it, still fits(),
 * with the ellipsis: cut after a whole word where the first word fits,
 * else within the first word, at a character boundary; the ellipsis alone
 * when nothing fits. Only the first `scan` bytes are candidates (what could
 * fit at all), so a megabyte of text costs no more than a page of it; the
 * search is binary, fits() being monotone in the prefix. Caller frees. */
static char *longest_cut(const char *s, size_t scan, int (*fits)(const char *cut, void *ctx), void *ctx)
{
	size_t *cuts = xcalloc(scan + 1, sizeof *cuts), nc = 0;
	for (size_t i = 1; i < scan; i++)
		if (s[i] == ' ' && s[i - 1] != ' ')
			cuts[nc++] = i;
	buf b;
	buf_init(&b);
#define TRY(n) (buf_clear(&b), buf_append(&b, s, (n)), buf_append(&b, ELLIPSIS, 3), fits(b.data, ctx))
	if (nc == 0 || !TRY(cuts[0])) {
		nc = 0;
		for (size_t i = 1; i < scan; i++)
			if (((unsigned char)s[i] & 0xC0) != 0x80)
				cuts[nc++] = i;
	}
	size_t lo = 0, hi = nc; /* the first lo cut points fit */
	while (lo < hi) {
		size_t mid = lo + (hi - lo + 1) / 2;
		if (TRY(cuts[mid - 1]))
			lo = mid;
		else
			hi = mid - 1;
	}
#undef TRY
	buf_clear(&b);
	buf_append(&b, s, lo ? cuts[lo - 1] : 0);
	buf_append(&b, ELLIPSIS, 3);
	free(cuts);
	return buf_detach(&b, NULL);
}

/* How many bytes of a text could fit in `chars` characters: none is
 * longer than four bytes. */
static size_t scan_limit(const char *s, double chars)
{
	size_t len = strlen(s);
	return chars * 4 < (double)len ? (size_t)(chars * 4) : len;
}

typedef struct {
	fontset *fs;
	face_id face;
	double size, max_w;
} clip_ctx;

static int fits_width(const char *cut, void *ctx)
{
	const clip_ctx *c = ctx;
	return para_text_width(c->fs, c->face, c->size, cut) <= c->max_w;
}

char *pk_clip(fontset *fs, face_id face, double size, const char *s, double max_w)
{
	if (para_text_width(fs, face, size, s) <= max_w)
		return xstrdup(s);
	clip_ctx c = { fs, face, size, max_w };
	/* No glyph is narrower than a tenth of the size. */
	return longest_cut(s, scan_limit(s, max_w / (size * 0.1) + 1), fits_width, &c);
}

static void header(dl_document *doc, size_t p, fontset *fs, const page_style *st, const pk_running *r)
{
	const palette *pal = style_palette();
	double left = st->margin_left, right = st->page_w - st->margin_right;
	double y = st->page_h - st->margin_top + st->header_offset;
	const char *kind = r->page_kinds ? r->page_kinds[p] : r->kind;
	dl_item k = pk_text(fs, FACE_SANS, st->small_size, pal->muted, 0, y, kind ? kind : "");
	k.x = right - k.w;
	k.elem = DL_ARTIFACT;
	/* A long title is cut where it still leaves a gap before the kind:
	 * the running head should name the document on every page. */
	double room = st->measure - k.w - st->body_size * 2;
	char *cut = pk_clip(fs, FACE_SANS, st->small_size, r->title, room);
	dl_item t = pk_text(fs, FACE_SANS, st->small_size, pal->muted, left, y, cut);
	t.elem = DL_ARTIFACT;
	if (t.w <= room)
		dl_add(doc, p, &t);
	free(cut);
	if (kind)
		dl_add(doc, p, &k);
	dl_item rule = { .kind = DL_RECT, .x = left, .y = y - st->small_size * 0.7, .w = st->measure, .h = 0.4,
			 .color = pal->rule };
	dl_add(doc, p, &rule);
}

void pk_running_parts(dl_document *doc, fontset *fs, const page_style *st, const labels *lb, const pk_running *r)
{
	const palette *pal = style_palette();
	double left = st->margin_left, right = st->page_w - st->margin_right;
	double fy = st->page_h - st->margin_top - st->area_h - st->footer_offset;
	char *license = r->m ? xasprintf("%s \xC2\xB7 %s %s", r->m->meta.license, r->m->meta.title, r->m->meta.version)
			     : NULL;
	for (size_t p = 0; p < doc->npages; p++) {
		if (p >= r->header_from)
			header(doc, p, fs, st, r);
		if (p < r->footer_from)
			continue;
		char *num = xasprintf(lb->page_of, (int)p + 1, (int)doc->npages);
		dl_item n = pk_text(fs, FACE_SANS, st->small_size, pal->muted, 0, fy, num);
		n.x = right - n.w;
		n.elem = DL_ARTIFACT;
		dl_add(doc, p, &n);
		free(num);
		if (license) {
			dl_item l = pk_text(fs, FACE_SANS, st->small_size * 0.92, pal->muted, left, fy, license);
			l.elem = DL_ARTIFACT;
			if (l.w < st->measure * 0.75)
				dl_add(doc, p, &l);
		}
	}
	free(license);
}

static size_t set_ragged(const pk_fit *f, const char *text, double size, para_line **lines)
{
	para *p = para_new(f->fs, f->hyph, f->path, 1);
	span_style st = { .face = f->face, .size = size, .color = f->color };
	para_add(p, text, strlen(text), &st);
	para_shape shape = { .width = f->width };
	size_t n = para_set(p, &shape, lines);
	para_free(p);
	return n;
}

typedef struct {
	const pk_fit *f;
	double size;
	size_t room;
} fit_ctx;

static int fits_room(const char *cut, void *ctx)
{
	const fit_ctx *c = ctx;
	para_line *lines;
	size_t n = set_ragged(c->f, cut, c->size, &lines);
	para_lines_free(lines, n);
	return n <= c->room;
}

size_t pk_fit_lines(const pk_fit *f, const char *text, para_line **lines, double *used)
{
	double size = f->size, lr = f->lead_ratio;
	size_t n = set_ragged(f, text, size, lines);
	*used = size;
	if (n * size * lr <= f->max_h)
		return n;
	/* Text grows in two directions with its size, so one more than
	 * 1/smallest^2 too tall will not fit at the smallest size either. */
	int may_shrink = n * size * lr * f->smallest * f->smallest <= f->max_h;
	for (double s = size * 0.95; may_shrink && s >= size * f->smallest - 1e-9; s -= size * 0.05) {
		para_lines_free(*lines, n);
		n = set_ragged(f, text, s, lines);
		*used = s;
		if (n * s * lr <= f->max_h)
			return n;
	}
	para_lines_free(*lines, n);
	*used = may_shrink ? size * f->smallest : size;
	size_t room = (size_t)(f->max_h / (*used * lr));
	if (room < 1)
		room = 1;
	fit_ctx fc = { f, *used, room };
	char *cut = longest_cut(text, scan_limit(text, room * (f->width / (*used * 0.1) + 1)), fits_room, &fc);
	n = set_ragged(f, cut, *used, lines);
	size_t len = strlen(text);
	diag(DIAG_WARNING, f->path, 0, 0,
	     "the %s is too long for its page (%zu characters); the PDF shows its first %zu, ending in an ellipsis, "
	     "while the HTML edition keeps it whole",
	     f->what, utf8_count(text, len), utf8_count(cut, strlen(cut)) - 1);
	free(cut);
	return n;
}
