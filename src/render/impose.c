#include "render/impose.h"

#include <stdlib.h>

#include "base/util.h"

size_t impose_padded(size_t npages)
{
	return (npages + 3) / 4 * 4;
}

long impose_page_at(size_t npages, size_t out_page, int side)
{
	size_t n = impose_padded(npages);
	if (out_page >= n / 2)
		return -1;
	size_t sheet = out_page / 2;
	int back = (int)(out_page % 2);
	size_t page;
	if (!back)
		page = side == 0 ? n - 1 - 2 * sheet : 2 * sheet;
	else
		page = side == 0 ? 2 * sheet + 1 : n - 2 - 2 * sheet;
	return page < npages ? (long)page : -1;
}

/* Where a source page went: its output page and horizontal offset. */
typedef struct {
	size_t out_page;
	double dx;
} placement;

dl_document *impose_booklet(const dl_document *doc, double sheet_w, double sheet_h)
{
	dl_document *out = dl_new(sheet_w, sheet_h);
	size_t n = impose_padded(doc->npages);
	double dy = (sheet_h - doc->height) / 2;
	double left = sheet_w / 2 - doc->width, right = sheet_w / 2;
	placement *where = xcalloc(doc->npages ? doc->npages : 1, sizeof *where);
	for (size_t o = 0; o < n / 2; o++) {
		dl_add_page(out);
		for (int side = 0; side < 2; side++) {
			long p = impose_page_at(doc->npages, o, side);
			if (p >= 0)
				where[p] = (placement){ o, side == 0 ? left : right };
		}
	}
	for (size_t p = 0; p < doc->npages; p++) {
		const dl_page *src = &doc->pages[p];
		for (size_t i = 0; i < src->nitems; i++) {
			dl_item it = src->items[i];
			it.x += where[p].dx;
			it.y += dy;
			if (it.kind == DL_IMAGE)
				it.image = dl_image_index(out, doc->images[it.image]);
			if (it.kind == DL_LINK && it.link == LINK_PAGE) {
				if (it.page >= doc->npages)
					continue;
				it.page = where[it.page].out_page;
				it.dest_y += dy;
			}
			dl_add(out, where[p].out_page, &it);
		}
	}
	for (size_t i = 0; i < doc->noutline; i++) {
		const dl_outline *o = &doc->outline[i];
		if (o->page < doc->npages)
			dl_add_outline(out, o->title, o->level, where[o->page].out_page, o->y + dy);
	}
	free(where);
	dl_set(&out->title, doc->title);
	dl_set(&out->author, doc->author);
	dl_set(&out->subject, doc->subject);
	dl_set(&out->keywords, doc->keywords);
	dl_set(&out->language, doc->language);
	dl_set(&out->creator, doc->creator);
	out->date = doc->date;
	return out;
}
