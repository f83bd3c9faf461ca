/* Text colours against the backgrounds they are set on reach WCAG AA
 * (4.5:1) on screen, from the palette's RGB values, and in grayscale print:
 * from its CMYK values as a printer turns them into gray, and from its RGB
 * values as a grayscale printer driver may (the plain channel average,
 * which shows a saturated blue lighter than its luminance). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>

#include "typeset/style.h"

typedef struct {
	double r, g, b;
} rgb;

static double linear(double c)
{
	return c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4);
}

/* WCAG 2 relative luminance of an sRGB colour. */
static double luminance(rgb c)
{
	return 0.2126 * linear(c.r) + 0.7152 * linear(c.g) + 0.0722 * linear(c.b);
}

static double contrast(rgb a, rgb b)
{
	double la = luminance(a), lb = luminance(b);
	double hi = la > lb ? la : lb, lo = la > lb ? lb : la;
	return (hi + 0.05) / (lo + 0.05);
}

static rgb screen(dl_color c)
{
	return (rgb){ c.r, c.g, c.b };
}

/* CMYK ink on white paper, seen as gray: each ink takes away its share of
 * light, black takes from all three. */
static rgb print_gray(dl_color c)
{
	rgb seen = { (1 - c.c) * (1 - c.k), (1 - c.m) * (1 - c.k), (1 - c.y) * (1 - c.k) };
	double y = luminance(seen);
	/* The sRGB gray of that luminance. */
	double g = y <= 0.0031308 ? 12.92 * y : 1.055 * pow(y, 1 / 2.4) - 0.055;
	return (rgb){ g, g, g };
}

static rgb driver_gray(dl_color c)
{
	double g = (c.r + c.g + c.b) / 3;
	return (rgb){ g, g, g };
}

/* Where the layout sets text (foreground on background). */
typedef struct {
	const char *what;
	dl_color fg, bg;
} text_pair;

static size_t text_pairs(text_pair *out)
{
	const palette *p = style_palette();
	size_t n = 0;
	out[n++] = (text_pair){ "body text on paper", p->text, p->white };
	out[n++] = (text_pair){ "fact box and code text on the tint", p->text, p->tint };
	out[n++] = (text_pair){ "headers, footers, captions", p->muted, p->white };
	out[n++] = (text_pair){ "who works, in the phase band", p->muted, p->tint };
	out[n++] = (text_pair){ "links and kickers", p->accent, p->white };
	out[n++] = (text_pair){ "accent text on the tint", p->accent, p->tint };
	out[n++] = (text_pair){ "titles and headings", p->accent_dark, p->white };
	out[n++] = (text_pair){ "fact box labels, phase names", p->accent_dark, p->tint };
	out[n++] = (text_pair){ "step numbers on worksheets", p->white, p->accent };
	return n;
}

static void test_luminance_reference_values(void **state)
{
	(void)state;
	rgb black = { 0, 0, 0 }, white = { 1, 1, 1 };
	assert_true(fabs(luminance(white) - 1) < 1e-9);
	assert_true(luminance(black) == 0);
	assert_true(fabs(contrast(black, white) - 21) < 1e-9);
	assert_true(fabs(contrast(white, black) - 21) < 1e-9);
	/* #777777 on white is the classic near miss: 4.48:1. */
	rgb gray77 = { 0x77 / 255.0, 0x77 / 255.0, 0x77 / 255.0 };
	assert_true(fabs(contrast(gray77, white) - 4.48) < 0.01);
	/* The two ways to gray differ for saturated colours: an averaging
	 * driver prints blue lighter and yellow far darker than the eye sees. */
	dl_color blue = { 0, 0, 1, 1, 1, 0, 0 }, yellow = { 1, 1, 0, 0, 0, 1, 0 };
	assert_true(contrast(screen(blue), white) > 8.5);
	assert_true(contrast(driver_gray(blue), white) < 7.5);
	assert_true(contrast(screen(yellow), white) < 1.1);
	assert_true(contrast(driver_gray(yellow), white) > 2.3);
	/* Full black ink prints black. */
	dl_color k = { 0, 0, 0, 0, 0, 0, 1 };
	assert_true(contrast(print_gray(k), white) > 20.9);
}

static void check_pairs(rgb (*convert)(dl_color), const char *how)
{
	text_pair pairs[16];
	size_t n = text_pairs(pairs);
	for (size_t i = 0; i < n; i++) {
		double ratio = contrast(convert(pairs[i].fg), convert(pairs[i].bg));
		if (ratio < 4.5)
			fail_msg("%s: %s reaches only %.2f:1", how, pairs[i].what, ratio);
	}
}

static void test_screen_contrast(void **state)
{
	(void)state;
	check_pairs(screen, "on screen (RGB)");
}

static void test_grayscale_print_from_cmyk(void **state)
{
	(void)state;
	check_pairs(print_gray, "gray print of the CMYK values");
}

static void test_grayscale_print_from_rgb(void **state)
{
	(void)state;
	check_pairs(driver_gray, "gray print of the RGB values");
}

/* The checks above can fail: the hairline colour is not meant for text and
 * does not pass as text on paper. */
static void test_rule_colour_is_not_text(void **state)
{
	(void)state;
	const palette *p = style_palette();
	assert_true(contrast(screen(p->rule), screen(p->white)) < 4.5);
}

/* RGB and CMYK describe the same colour: lighter on screen means lighter
 * in print, so no pair passes in one and fails in the other by accident. */
static void test_rgb_and_cmyk_agree_on_order(void **state)
{
	(void)state;
	const palette *p = style_palette();
	dl_color c[] = { p->text, p->muted, p->accent, p->accent_dark, p->tint, p->rule, p->white };
	size_t n = sizeof c / sizeof *c;
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < n; k++) {
			double ds = luminance(screen(c[i])) - luminance(screen(c[k]));
			double dp = luminance(print_gray(c[i])) - luminance(print_gray(c[k]));
			if (fabs(ds) > 0.05)
				assert_true(ds * dp > 0);
		}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_luminance_reference_values),
		cmocka_unit_test(test_screen_contrast),
		cmocka_unit_test(test_grayscale_print_from_cmyk),
		cmocka_unit_test(test_grayscale_print_from_rgb),
		cmocka_unit_test(test_rule_colour_is_not_text),
		cmocka_unit_test(test_rgb_and_cmyk_agree_on_order),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
