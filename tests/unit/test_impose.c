#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "render/impose.h"
#include "typeset/displaylist.h"

static void test_padding(void **state)
{
	(void)state;
	assert_int_equal(impose_padded(0), 0);
	assert_int_equal(impose_padded(1), 4);
	assert_int_equal(impose_padded(4), 4);
	assert_int_equal(impose_padded(5), 8);
	assert_int_equal(impose_padded(7), 8);
	assert_int_equal(impose_padded(8), 8);
	assert_int_equal(impose_padded(9), 12);
}

/* An 8-page booklet: two sheets, the outer one holding 8|1 and 2|7. */
static void test_folding_order_eight(void **state)
{
	(void)state;
	static const long want[4][2] = { { 7, 0 }, { 1, 6 }, { 5, 2 }, { 3, 4 } };
	for (size_t o = 0; o < 4; o++)
		for (int side = 0; side < 2; side++)
			assert_int_equal(impose_page_at(8, o, side), want[o][side]);
	assert_int_equal(impose_page_at(8, 4, 0), -1);
	assert_int_equal(impose_page_at(8, 4, 1), -1);
}

/* Blank pages go at the end: with 5 pages, pages 6-8 are blank, so the
 * outer sheet shows a blank beside page 1 and beside page 2. */
static void test_blanks_at_the_end(void **state)
{
	(void)state;
	assert_int_equal(impose_page_at(5, 0, 0), -1);
	assert_int_equal(impose_page_at(5, 0, 1), 0);
	assert_int_equal(impose_page_at(5, 1, 0), 1);
	assert_int_equal(impose_page_at(5, 1, 1), -1);
	assert_int_equal(impose_page_at(5, 2, 0), -1);
	assert_int_equal(impose_page_at(5, 2, 1), 2);
	assert_int_equal(impose_page_at(5, 3, 0), 3);
	assert_int_equal(impose_page_at(5, 3, 1), 4);
	/* A single page still makes one sheet, printed on its front. */
	assert_int_equal(impose_page_at(1, 0, 1), 0);
	assert_int_equal(impose_page_at(1, 0, 0), -1);
	assert_int_equal(impose_page_at(1, 1, 0), -1);
	assert_int_equal(impose_page_at(1, 1, 1), -1);
}

/* For every size, each page appears exactly once; the two pages of a side
 * always add up to n-1 (they face each other across the fold); and folding
 * the stack puts them in reading order. */
static void test_every_page_once(void **state)
{
	(void)state;
	for (size_t n = 1; n <= 41; n++) {
		size_t padded = impose_padded(n);
		int *seen = xcalloc(padded, sizeof *seen);
		for (size_t o = 0; o < padded / 2; o++) {
			long l = impose_page_at(n, o, 0), r = impose_page_at(n, o, 1);
			if (l >= 0)
				seen[l]++;
			if (r >= 0)
				seen[r]++;
			if (l >= 0 && r >= 0)
				assert_int_equal(l + r, (long)padded - 1);
			/* Reading order: the right of a front and the left of a back
			 * show pages 1, 3, 5 ... and 2, 4, 6 ... (from 1). */
			if (o % 2 == 0 && r >= 0)
				assert_int_equal(r, (long)o);
			if (o % 2 == 1 && l >= 0)
				assert_int_equal(l, (long)o);
		}
		for (size_t p = 0; p < n; p++)
			assert_int_equal(seen[p], 1);
		free(seen);
	}
}

static dl_document *numbered_pages(size_t n, double w, double h)
{
	dl_document *doc = dl_new(w, h);
	dl_set(&doc->title, "Booklet");
	dl_set(&doc->language, "sv");
	doc->date = 1709251200;
	for (size_t p = 0; p < n; p++) {
		dl_add_page(doc);
		char *label = xasprintf("p%zu", p + 1);
		dl_item t = { .kind = DL_TEXT, .x = 10, .y = 20, .w = 30, .size = 10, .face = FACE_SERIF, .text = label };
		dl_add(doc, p, &t);
		free(label);
	}
	return doc;
}

static const dl_item *find_text(const dl_document *doc, size_t page, const char *text)
{
	for (size_t i = 0; i < doc->pages[page].nitems; i++) {
		const dl_item *it = &doc->pages[page].items[i];
		if (it->kind == DL_TEXT && strcmp(it->text, text) == 0)
			return it;
	}
	return NULL;
}

static void test_booklet_document(void **state)
{
	(void)state;
	/* Pages of 100 x 200 on sheets of 250 x 220: 25 spare across, 20 down. */
	dl_document *doc = numbered_pages(5, 100, 200);
	dl_item link = { .kind = DL_LINK, .x = 0, .y = 0, .w = 10, .h = 10, .link = LINK_PAGE, .page = 1, .dest_y = 150 };
	dl_add(doc, 4, &link);
	dl_item img = { .kind = DL_IMAGE, .x = 5, .y = 5, .w = 20, .h = 20, .image = dl_image_index(doc, "fig.png"),
			.alt = "a figure" };
	dl_add(doc, 2, &img);
	dl_add_outline(doc, "Fourth", 1, 3, 180);

	dl_document *b = impose_booklet(doc, 250, 220);
	assert_int_equal(b->npages, 4);
	assert_true(b->width == 250 && b->height == 220);
	assert_string_equal(b->title, "Booklet");
	assert_string_equal(b->language, "sv");
	assert_true(b->date == 1709251200);

	/* Sheet 1 front: blank | p1. The right page starts at the fold (125). */
	assert_int_equal(b->pages[0].nitems, 1);
	const dl_item *p1 = find_text(b, 0, "p1");
	assert_non_null(p1);
	assert_true(p1->x == 135 && p1->y == 30);
	/* Sheet 1 back: p2 | blank. The left page ends at the fold (25..125). */
	const dl_item *p2 = find_text(b, 1, "p2");
	assert_non_null(p2);
	assert_true(p2->x == 35 && p2->y == 30);
	/* Sheet 2: blank | p3, then p4 | p5. */
	assert_non_null(find_text(b, 2, "p3"));
	assert_null(find_text(b, 2, "p4"));
	assert_non_null(find_text(b, 3, "p4"));
	assert_non_null(find_text(b, 3, "p5"));
	assert_true(find_text(b, 3, "p4")->x == 35 && find_text(b, 3, "p5")->x == 135);

	/* The link on p5 to p2 now leads to the back of sheet 1. */
	const dl_item *l = NULL;
	for (size_t i = 0; i < b->pages[3].nitems; i++)
		if (b->pages[3].items[i].kind == DL_LINK)
			l = &b->pages[3].items[i];
	assert_non_null(l);
	assert_int_equal(l->page, 1);
	assert_true(l->dest_y == 160 && l->x == 125);
	/* The image keeps its file and alt text. */
	const dl_item *im = NULL;
	for (size_t i = 0; i < b->pages[2].nitems; i++)
		if (b->pages[2].items[i].kind == DL_IMAGE)
			im = &b->pages[2].items[i];
	assert_non_null(im);
	assert_string_equal(b->images[im->image], "fig.png");
	assert_string_equal(im->alt, "a figure");
	/* The outline entry for p4 points at the side that shows it. */
	assert_int_equal(b->noutline, 1);
	assert_int_equal(b->outline[0].page, 3);
	assert_true(b->outline[0].y == 190);
	/* The source is untouched. */
	assert_int_equal(doc->npages, 5);
	assert_true(find_text(doc, 0, "p1")->x == 10);
	dl_free(b);
	dl_free(doc);
}

static void test_empty_document(void **state)
{
	(void)state;
	dl_document *doc = dl_new(100, 200);
	dl_document *b = impose_booklet(doc, 250, 220);
	assert_int_equal(b->npages, 0);
	dl_free(b);
	dl_free(doc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_padding),
		cmocka_unit_test(test_folding_order_eight),
		cmocka_unit_test(test_blanks_at_the_end),
		cmocka_unit_test(test_every_page_once),
		cmocka_unit_test(test_booklet_document),
		cmocka_unit_test(test_empty_document),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
