#include "typeset/style.h"

#include <string.h>

#define MM (72.0 / 25.4)

static const palette the_palette = {
	/*              r      g      b      c     m     y     k */
	.text =        { 0.12f, 0.12f, 0.13f, 0.0f, 0.0f, 0.0f, 0.92f },
	.muted =       { 0.36f, 0.37f, 0.40f, 0.0f, 0.0f, 0.0f, 0.70f },
	.accent =      { 0.07f, 0.33f, 0.55f, 0.90f, 0.45f, 0.05f, 0.30f },
	.accent_dark = { 0.04f, 0.22f, 0.38f, 0.95f, 0.55f, 0.10f, 0.55f },
	.tint =        { 0.92f, 0.95f, 0.98f, 0.08f, 0.03f, 0.0f, 0.0f },
	.rule =        { 0.62f, 0.70f, 0.78f, 0.35f, 0.15f, 0.05f, 0.10f },
	.white =       { 1.0f, 1.0f, 1.0f, 0.0f, 0.0f, 0.0f, 0.0f },
};

const palette *style_palette(void)
{
	return &the_palette;
}

/* Sizes scale with the paper's width; the measure keeps 60-75 characters. */
static void derive(page_style *s, double body, double measure, double margin_top, double margin_bottom)
{
	s->body_size = body;
	s->leading = body * 1.42;
	s->small_size = body * 0.86;
	s->code_size = body * 0.84;
	s->code_leading = s->code_size * 1.38;
	s->heading_size[0] = body * 1.9;
	s->heading_size[1] = body * 1.4;
	s->heading_size[2] = body * 1.17;
	s->heading_size[3] = body;
	s->heading_size[4] = body;
	s->heading_size[5] = body;
	s->title_size = body * 2.5;
	s->cover_title_size = body * 3.2;
	s->para_space = 0.5;
	s->list_indent = body * 1.7;
	s->quote_indent = body * 1.6;
	s->measure = measure;
	/* A slightly narrower inner margin puts the type area optically centred. */
	s->margin_left = (s->page_w - measure) * 0.46;
	s->margin_right = s->page_w - measure - s->margin_left;
	s->margin_top = margin_top;
	s->margin_bottom = margin_bottom;
	/* Whole lines of body text. */
	double avail = s->page_h - margin_top - margin_bottom;
	s->area_h = (double)(int)(avail / s->leading) * s->leading;
	s->header_offset = body * 2.4;
	s->footer_offset = body * 3.0;
	/* Handwriting needs about 8-9 mm whatever the type size. */
	s->write_pitch = (s->page_w < 160 * MM ? 8.0 : 8.5) * MM;
}

int style_for_paper(const char *name, page_style *s)
{
	memset(s, 0, sizeof *s);
	if (!name || strcmp(name, "A4") == 0 || strcmp(name, "a4") == 0) {
		s->paper = PAPER_A4;
		s->paper_name = "A4";
		s->page_w = 210 * MM;
		s->page_h = 297 * MM;
		derive(s, 10.5, 128 * MM, 26 * MM, 28 * MM);
	} else if (strcmp(name, "A5") == 0 || strcmp(name, "a5") == 0) {
		s->paper = PAPER_A5;
		s->paper_name = "A5";
		s->page_w = 148 * MM;
		s->page_h = 210 * MM;
		derive(s, 9.5, 112 * MM, 17 * MM, 20 * MM);
	} else if (strcmp(name, "Letter") == 0 || strcmp(name, "letter") == 0) {
		s->paper = PAPER_LETTER;
		s->paper_name = "Letter";
		s->page_w = 8.5 * 72;
		s->page_h = 11 * 72;
		derive(s, 10.5, 130 * MM, 25 * MM, 27 * MM);
	} else {
		return 0;
	}
	return 1;
}

/* Read at arm's length and written on: the body grows by a sixth (A5) to a
 * quarter (A4, Letter) and the measure widens so lines still hold 60-70
 * characters; margins shrink to make room. */
int style_for_handout(const char *name, page_style *s)
{
	if (!style_for_paper(name, s))
		return 0;
	switch (s->paper) {
	case PAPER_A4:
		derive(s, 13.0, 152 * MM, 20 * MM, 22 * MM);
		break;
	case PAPER_A5:
		derive(s, 11.0, 124 * MM, 14 * MM, 17 * MM);
		break;
	case PAPER_LETTER:
		derive(s, 13.0, 158 * MM, 19 * MM, 21 * MM);
		break;
	}
	/* Titles need not grow with the body: the page is no wider. */
	s->title_size = s->body_size * 2.1;
	s->header_offset = s->body_size * 1.9;
	s->footer_offset = s->body_size * 2.3;
	return 1;
}
