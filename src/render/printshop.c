#include "render/printshop.h"

#define MM (72.0 / 25.4)
/* Layout places edge-touching areas at exactly 0 or the page size; allow
 * for rounding. */
#define EDGE_EPS 0.5

dl_color printshop_registration(void)
{
	dl_color c = { 0.0f, 0.0f, 0.0f, 1.0f, 1.0f, 1.0f, 1.0f };
	return c;
}

/* Pushes each side of a rectangle that touches the trim edge out to the
 * bleed edge. Coordinates are still those of the trimmed page. */
static void bleed_rect(dl_item *it, double w, double h, double bleed)
{
	double x0 = it->x, y0 = it->y, x1 = it->x + it->w, y1 = it->y + it->h;
	if (x0 <= EDGE_EPS)
		x0 = -bleed;
	if (y0 <= EDGE_EPS)
		y0 = -bleed;
	if (x1 >= w - EDGE_EPS)
		x1 = w + bleed;
	if (y1 >= h - EDGE_EPS)
		y1 = h + bleed;
	it->x = x0;
	it->y = y0;
	it->w = x1 - x0;
	it->h = y1 - y0;
}

static void add_mark(dl_document *doc, size_t page, double x, double y, double dx, double dy)
{
	dl_item line = { .kind = DL_LINE, .x = x, .y = y, .w = dx, .h = dy, .size = PRINTSHOP_MARK_WIDTH,
			 .color = printshop_registration() };
	dl_add(doc, page, &line);
}

/* Two marks at each corner of the trim box, continuing its edges outward. */
static void add_crop_marks(dl_document *doc, size_t page)
{
	const dl_box *t = &doc->trim_box;
	double off = PRINTSHOP_MARK_OFFSET_MM * MM, len = PRINTSHOP_MARK_LENGTH_MM * MM;
	double xs[2] = { t->x0, t->x1 }, ys[2] = { t->y0, t->y1 };
	for (int i = 0; i < 2; i++)
		for (int k = 0; k < 2; k++) {
			double x = xs[i], y = ys[k];
			double sx = i == 0 ? -1 : 1, sy = k == 0 ? -1 : 1;
			add_mark(doc, page, x + sx * off, y, sx * len, 0);
			add_mark(doc, page, x, y + sy * off, 0, sy * len);
		}
}

void printshop_apply(dl_document *doc)
{
	if (doc->has_print_boxes)
		return;
	double m = PRINTSHOP_MARGIN_MM * MM, bleed = PRINTSHOP_BLEED_MM * MM;
	double w = doc->width, h = doc->height;
	for (size_t p = 0; p < doc->npages; p++) {
		dl_page *pg = &doc->pages[p];
		for (size_t i = 0; i < pg->nitems; i++) {
			dl_item *it = &pg->items[i];
			if (it->kind == DL_RECT)
				bleed_rect(it, w, h, bleed);
			it->x += m;
			it->y += m;
			if (it->kind == DL_LINK && it->link == LINK_PAGE)
				it->dest_y += m;
		}
	}
	for (size_t i = 0; i < doc->noutline; i++)
		doc->outline[i].y += m;
	doc->width = w + 2 * m;
	doc->height = h + 2 * m;
	doc->trim_margin = m;
	doc->trim_box = (dl_box){ m, m, m + w, m + h };
	doc->bleed_box = (dl_box){ m - bleed, m - bleed, m + w + bleed, m + h + bleed };
	doc->has_print_boxes = 1;
	for (size_t p = 0; p < doc->npages; p++)
		add_crop_marks(doc, p);
}
