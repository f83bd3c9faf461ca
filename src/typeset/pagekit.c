#include "typeset/pagekit.h"

#include <stdlib.h>

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

static void header(dl_document *doc, size_t p, fontset *fs, const page_style *st, const pk_running *r)
{
	const palette *pal = style_palette();
	double left = st->margin_left, right = st->page_w - st->margin_right;
	double y = st->page_h - st->margin_top + st->header_offset;
	const char *kind = r->page_kinds ? r->page_kinds[p] : r->kind;
	dl_item k = pk_text(fs, FACE_SANS, st->small_size, pal->muted, 0, y, kind ? kind : "");
	k.x = right - k.w;
	k.elem = DL_ARTIFACT;
	dl_item t = pk_text(fs, FACE_SANS, st->small_size, pal->muted, left, y, r->title);
	t.elem = DL_ARTIFACT;
	/* A long title is left out rather than run into the kind. */
	if (t.w < st->measure - k.w - st->body_size * 2)
		dl_add(doc, p, &t);
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
