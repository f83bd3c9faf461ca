#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "render/printshop.h"
#include "typeset/displaylist.h"

#define MM (72.0 / 25.4)
#define A4_W (210 * MM)
#define A4_H (297 * MM)
#define NEAR(a, b) (fabs((a) - (b)) < 1e-6)

static const double margin = PRINTSHOP_MARGIN_MM * MM, bleed = PRINTSHOP_BLEED_MM * MM;

/* A page with a band across the top edge, a box touching only the left
 * edge, a box in the middle, a text run and a link back to itself. */
static dl_document *sample(void)
{
	dl_document *doc = dl_new(A4_W, A4_H);
	dl_add_page(doc);
	dl_add_page(doc);
	dl_color blue = { 0.07f, 0.33f, 0.55f, 0.9f, 0.45f, 0.05f, 0.3f };
	dl_item band = { .kind = DL_RECT, .x = 0, .y = A4_H - 40, .w = A4_W, .h = 40, .color = blue };
	dl_add(doc, 0, &band);
	dl_item left = { .kind = DL_RECT, .x = 0, .y = 300, .w = 50, .h = 20, .color = blue };
	dl_add(doc, 0, &left);
	dl_item middle = { .kind = DL_RECT, .x = 100, .y = 400, .w = 200, .h = 30, .color = blue };
	dl_add(doc, 0, &middle);
	dl_item text = { .kind = DL_TEXT, .x = 72, .y = 700, .w = 80, .size = 10, .face = FACE_SERIF, .text = "Hej" };
	dl_add(doc, 1, &text);
	dl_item link = { .kind = DL_LINK, .x = 72, .y = 690, .w = 80, .h = 12, .link = LINK_PAGE, .page = 0,
			 .dest_y = 800 };
	dl_add(doc, 1, &link);
	dl_add_outline(doc, "Start", 1, 0, 780);
	return doc;
}

static void test_page_and_boxes(void **state)
{
	(void)state;
	dl_document *doc = sample();
	printshop_apply(doc);
	assert_true(doc->has_print_boxes);
	assert_true(NEAR(doc->width, A4_W + 2 * margin));
	assert_true(NEAR(doc->height, A4_H + 2 * margin));
	assert_true(NEAR(doc->trim_margin, margin));
	/* The trim box is the former page, exactly. */
	assert_true(NEAR(doc->trim_box.x0, margin) && NEAR(doc->trim_box.y0, margin));
	assert_true(NEAR(doc->trim_box.x1 - doc->trim_box.x0, A4_W));
	assert_true(NEAR(doc->trim_box.y1 - doc->trim_box.y0, A4_H));
	/* 3 mm of bleed on every side, inside the page. */
	assert_true(NEAR(doc->trim_box.x0 - doc->bleed_box.x0, 3 * MM));
	assert_true(NEAR(doc->trim_box.y0 - doc->bleed_box.y0, 3 * MM));
	assert_true(NEAR(doc->bleed_box.x1 - doc->trim_box.x1, 3 * MM));
	assert_true(NEAR(doc->bleed_box.y1 - doc->trim_box.y1, 3 * MM));
	assert_true(doc->bleed_box.x0 > 0 && doc->bleed_box.y1 < doc->height);
	/* Expressed in points as pdfinfo -box prints them. */
	assert_int_equal((int)lround(doc->trim_box.x0 * 100), 2835);
	assert_int_equal((int)lround(doc->bleed_box.x0 * 100), 1984);
	assert_int_equal((int)lround(doc->width * 100), 65197);
	dl_free(doc);
}

static void test_content_moves_and_bleeds(void **state)
{
	(void)state;
	dl_document *doc = sample();
	printshop_apply(doc);
	const dl_item *band = &doc->pages[0].items[0], *left = &doc->pages[0].items[1];
	const dl_item *middle = &doc->pages[0].items[2];
	/* The band touched the top, left and right edges: it reaches the bleed
	 * edge on those three sides; its bottom edge stays where it was. */
	assert_true(NEAR(band->x, doc->bleed_box.x0));
	assert_true(NEAR(band->x + band->w, doc->bleed_box.x1));
	assert_true(NEAR(band->y + band->h, doc->bleed_box.y1));
	assert_true(NEAR(band->y, A4_H - 40 + margin));
	/* Only the left side of the box at the left edge grows. */
	assert_true(NEAR(left->x, margin - bleed));
	assert_true(NEAR(left->x + left->w, margin + 50));
	assert_true(NEAR(left->y, 300 + margin) && NEAR(left->h, 20));
	/* Anything away from the edges moves and keeps its size. */
	assert_true(NEAR(middle->x, 100 + margin) && NEAR(middle->y, 400 + margin));
	assert_true(NEAR(middle->w, 200) && NEAR(middle->h, 30));
	const dl_item *text = &doc->pages[1].items[0], *link = &doc->pages[1].items[1];
	assert_string_equal(text->text, "Hej");
	assert_true(NEAR(text->x, 72 + margin) && NEAR(text->y, 700 + margin));
	assert_true(NEAR(link->x, 72 + margin) && NEAR(link->dest_y, 800 + margin));
	assert_true(NEAR(doc->outline[0].y, 780 + margin));
	dl_free(doc);
}

/* Eight marks per page, in registration colour, each in line with a trim
 * edge and wholly outside the bleed box but on the page. */
static void test_crop_marks(void **state)
{
	(void)state;
	dl_document *doc = sample();
	printshop_apply(doc);
	const dl_box *t = &doc->trim_box, *b = &doc->bleed_box;
	for (size_t p = 0; p < doc->npages; p++) {
		int marks = 0, horizontal = 0;
		for (size_t i = 0; i < doc->pages[p].nitems; i++) {
			const dl_item *it = &doc->pages[p].items[i];
			if (it->kind != DL_LINE)
				continue;
			marks++;
			assert_true(it->color.c == 1.0f && it->color.m == 1.0f && it->color.y == 1.0f && it->color.k == 1.0f);
			assert_true(it->size > 0 && it->size <= 0.5);
			double x0 = fmin(it->x, it->x + it->w), x1 = fmax(it->x, it->x + it->w);
			double y0 = fmin(it->y, it->y + it->h), y1 = fmax(it->y, it->y + it->h);
			assert_true(x0 >= 0 && y0 >= 0 && x1 <= doc->width && y1 <= doc->height);
			assert_true(NEAR(x1 - x0 + y1 - y0, PRINTSHOP_MARK_LENGTH_MM * MM));
			if (it->h == 0) {
				horizontal++;
				assert_true(NEAR(it->y, t->y0) || NEAR(it->y, t->y1));
				assert_true(x1 <= b->x0 + 1e-6 || x0 >= b->x1 - 1e-6);
			} else {
				assert_true(it->w == 0);
				assert_true(NEAR(it->x, t->x0) || NEAR(it->x, t->x1));
				assert_true(y1 <= b->y0 + 1e-6 || y0 >= b->y1 - 1e-6);
			}
		}
		assert_int_equal(marks, 8);
		assert_int_equal(horizontal, 4);
	}
	dl_free(doc);
}

static void test_applied_once(void **state)
{
	(void)state;
	dl_document *doc = sample();
	printshop_apply(doc);
	double w = doc->width;
	size_t items = doc->pages[0].nitems;
	double x = doc->pages[0].items[2].x;
	printshop_apply(doc);
	assert_true(doc->width == w);
	assert_int_equal(doc->pages[0].nitems, items);
	assert_true(doc->pages[0].items[2].x == x);
	dl_free(doc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_page_and_boxes),
		cmocka_unit_test(test_content_moves_and_bleeds),
		cmocka_unit_test(test_crop_marks),
		cmocka_unit_test(test_applied_once),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
