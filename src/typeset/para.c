/* Paragraph setting.
 *
 * para_add collects text in styled pieces. para_set turns the pieces into a
 * Knuth-Plass item list:
 *   word      -> one box per unbreakable fragment, with penalties between
 *                fragments where the hyphenator (or an explicit hyphen, or a
 *                soft hyphen) allows a break; very long strings (URLs) also
 *                get breaks after / . - _ and, as a last resort, anywhere;
 *   space     -> glue that stretches 0.6 and shrinks 0.25 of the face's space,
 *                so justified spacing stays within 0.75x-1.6x at r in [-1, 1];
 *   no-break space -> the same glue behind an infinite penalty;
 *   end       -> penalty(inf) glue(fil) penalty(-inf), as in TeX.
 * In justified text the glyphs (not code's) may also be up to 2 % wider or
 * narrower, a scale per line chosen by the breaker (font expansion, as
 * pdfTeX's): it takes up what it can before the spaces move, so most lines
 * keep their spaces near the natural width and few need them wide.
 * Widths come from the font module (advances plus kerning); a word split into
 * fragments is measured by prefix differences, so kerning across a fragment
 * boundary is counted exactly as the renderer will draw the joined word.
 */
#include "typeset/para.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/diag.h"
#include "base/utf8.h"
#include "base/util.h"
#include "typeset/linebreak.h"
#include "typeset/ties.h"

#define SHY 0x00ADu
#define GLUE_STRETCH 0.6
#define GLUE_SHRINK 0.25
#define HYPHEN_PENALTY 50.0
/* A compound is best divided at a joint ("projekt-rapporten"), where the
 * reader has a whole word before the hyphen; inside one of its parts
 * ("projektrap-porten") only where the paragraph gains much by it. */
#define JOINT_PENALTY 30.0
#define WITHIN_PART_PENALTY 500.0
/* Ragged lines have room to spare: a hyphen is worth it only where a word
 * would otherwise leave a line very short, or not fit at all. */
#define RAGGED_HYPHEN_PENALTY 800.0
#define URL_BREAK_PENALTY 200.0
/* A soft tie given up (ties.h): as dear as about five lines spaced out to
 * the tolerance, so that it goes only where the paragraph needs it. */
#define SOFT_TIE_PENALTY 500.0
/* Up to 2 % is below what a reader notices from line to line (pdfTeX's
 * microtype default); more starts to show as darker or lighter lines. */
#define EXPANSION 0.02
#define ANYWHERE_PENALTY 3000.0
#define MAX_REPORTED_MISSING 16

typedef struct {
	span_style st;
	char *link;                /* owned copy of st.link */
} style_rec;

typedef struct {
	size_t style;
	size_t start, len;         /* bytes in para.text */
	int hard_break;
} piece;

struct para {
	fontset *fs;
	hyphenator *hyph;
	const char *file;
	unsigned line;
	buf text;
	style_rec *styles;
	size_t nstyles, styles_cap;
	piece *pieces;
	size_t npieces, pieces_cap;
	uint32_t missing[MAX_REPORTED_MISSING];
	size_t nmissing;
};

/* What an lb_item stands for, so lines can be drawn. */
typedef struct {
	size_t style;
	face_id face;
	size_t off, len;           /* boxes: text in the builder's box text */
	int add_hyphen;            /* penalties: draw a hyphen when the line breaks here */
	int emergency;             /* penalties: a break in a long string */
} item_info;

typedef struct {
	para *p;
	const para_shape *shape;
	lb_item *items;
	item_info *info;
	size_t n, cap;
	buf boxtext;
	size_t emergency_words;
	int hyphenate;             /* this pass may hyphenate */
	int release_soft_ties;     /* this pass may break a soft tie, at a cost */
	size_t soft_ties;          /* soft ties met while building the items */
	/* Scratch space for emit_word, kept from word to word. */
	struct chunk_s *chunks;
	size_t chunks_cap;
	buf orig, clean;
	buf prev_word;             /* the word before the last space, for ties_space */
	size_t *orig_to_clean, o2c_cap;
	size_t *shy, shy_cap;
	double *prefix;            /* the current chunk's width up to each byte, in font units */
	size_t prefix_cap;
} builder;

para *para_new(fontset *fs, hyphenator *hyph, const char *file, unsigned line)
{
	para *p = xcalloc(1, sizeof *p);
	p->fs = fs;
	p->hyph = hyph;
	p->file = file;
	p->line = line;
	buf_init(&p->text);
	return p;
}

void para_free(para *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->nstyles; i++)
		free(p->styles[i].link);
	free(p->styles);
	free(p->pieces);
	buf_free(&p->text);
	free(p);
}

static int same_color(dl_color a, dl_color b)
{
	return a.r == b.r && a.g == b.g && a.b == b.b && a.c == b.c && a.m == b.m && a.y == b.y && a.k == b.k;
}

static int same_style(const style_rec *r, const span_style *s)
{
	const span_style *a = &r->st;
	int links_equal = (!r->link && !s->link) || (r->link && s->link && strcmp(r->link, s->link) == 0);
	return a->face == s->face && a->size == s->size && same_color(a->color, s->color) &&
	       a->no_hyphenate == s->no_hyphenate && a->link_kind == s->link_kind && links_equal &&
	       a->link_page == s->link_page && a->link_y == s->link_y && a->underline == s->underline &&
	       a->elem == s->elem;
}

/* Styles often alternate (emphasis, links): a few recent ones are looked
 * at, so a paragraph holds few records however many spans it has. */
static size_t style_index(para *p, const span_style *s)
{
	for (size_t k = p->nstyles; k > 0 && k + 8 > p->nstyles; k--)
		if (same_style(&p->styles[k - 1], s))
			return k - 1;
	if (p->nstyles == p->styles_cap) {
		p->styles_cap = p->styles_cap ? p->styles_cap * 2 : 4;
		p->styles = xreallocarray(p->styles, p->styles_cap, sizeof *p->styles);
	}
	style_rec *r = &p->styles[p->nstyles];
	r->st = *s;
	r->link = s->link ? xstrdup(s->link) : NULL;
	r->st.link = r->link;
	return p->nstyles++;
}

static void add_piece(para *p, piece pc)
{
	if (p->npieces == p->pieces_cap) {
		p->pieces_cap = p->pieces_cap ? p->pieces_cap * 2 : 16;
		p->pieces = xreallocarray(p->pieces, p->pieces_cap, sizeof *p->pieces);
	}
	p->pieces[p->npieces++] = pc;
}

void para_add(para *p, const char *utf8, size_t len, const span_style *style)
{
	if (!len)
		return;
	piece pc = { style_index(p, style), p->text.len, len, 0 };
	buf_append(&p->text, utf8, len);
	add_piece(p, pc);
}

void para_add_break(para *p)
{
	piece pc = { p->npieces ? p->pieces[p->npieces - 1].style : 0, p->text.len, 0, 1 };
	add_piece(p, pc);
}

int para_is_empty(const para *p)
{
	for (size_t i = 0; i < p->npieces; i++)
		for (size_t k = 0; k < p->pieces[i].len; k++) {
			char c = p->text.data[p->pieces[i].start + k];
			if (c != ' ' && c != '\n' && c != '\t')
				return 0;
		}
	return 1;
}

static lb_item *push(builder *b, lb_item item, item_info info)
{
	if (b->n == b->cap) {
		b->cap = b->cap ? b->cap * 2 : 256;
		b->items = xreallocarray(b->items, b->cap, sizeof *b->items);
		b->info = xreallocarray(b->info, b->cap, sizeof *b->info);
	}
	b->items[b->n] = item;
	b->info[b->n] = info;
	return &b->items[b->n++];
}

static void push_penalty(builder *b, double penalty, double width, int flagged, size_t style)
{
	push(b, (lb_item){ .kind = LB_PENALTY, .penalty = penalty, .width = width, .flagged = flagged },
	     (item_info){ .style = style });
}

static const span_style *style_of(const builder *b, size_t style)
{
	return &b->p->styles[style].st;
}

static double space_width(builder *b, size_t style)
{
	const span_style *s = style_of(b, style);
	return font_space(fontset_face(b->p->fs, s->face)) * s->size / 1000.0;
}

static void push_space(builder *b, size_t style, int breakable)
{
	/* Two spaces in a row are one space: the second would only widen the gap. */
	if (b->n && b->items[b->n - 1].kind == LB_GLUE)
		return;
	if (!breakable)
		push_penalty(b, LB_INFINITY, 0, 0, style);
	double w = space_width(b, style);
	double stretch = b->shape->justify ? w * GLUE_STRETCH : w * 3.0;
	double shrink = b->shape->justify ? w * GLUE_SHRINK : 0;
	/* A space inside code is one column of the monospace grid: it keeps
	 * its width whatever the line does. */
	if (style_of(b, style)->face == FACE_MONO && b->shape->justify)
		stretch = shrink = 0;
	push(b, (lb_item){ .kind = LB_GLUE, .width = w, .stretch = stretch, .shrink = shrink },
	     (item_info){ .style = style });
}

/* A run of one face inside a word: its text and where breaks may fall. */
typedef struct chunk_s {
	size_t style;
	face_id face;
	buf text;           /* without soft hyphens */
	size_t start;       /* where text starts in the whole word's clean text */
	size_t *breaks;     /* byte offsets in text before which a break may fall */
	int *kinds;         /* 0 add hyphen, 1 explicit, 2 url, 3 anywhere, 4 anywhere with a hyphen */
	size_t nbreaks, breaks_cap;
	int break_before;   /* 1 + kind of a break between this chunk and the one before, or 0 */
} chunk;

/* Breaks are appended as found and put in order (duplicates dropped) by
 * chunk_sort_breaks: a check for duplicates here would make a long string
 * with a break after every character quadratic. */
static void chunk_add_break(chunk *c, size_t at, int kind)
{
	if (at == 0 || at >= c->text.len)
		return;
	if (c->nbreaks == c->breaks_cap) {
		c->breaks_cap = c->breaks_cap ? c->breaks_cap * 2 : 8;
		c->breaks = xreallocarray(c->breaks, c->breaks_cap, sizeof *c->breaks);
		c->kinds = xreallocarray(c->kinds, c->breaks_cap, sizeof *c->kinds);
	}
	c->breaks[c->nbreaks] = at;
	c->kinds[c->nbreaks++] = kind;
}

typedef struct {
	size_t at, seq;
	int kind;
} break_rec;

/* By offset, then by the order of adding, so the first kind added wins. */
static int compare_breaks(const void *a, const void *b)
{
	const break_rec *x = a, *y = b;
	if (x->at != y->at)
		return x->at < y->at ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Sorts the breaks with their kinds and drops repeated offsets, keeping the
 * kind that was added first. */
static void chunk_sort_breaks(chunk *c)
{
	size_t n = c->nbreaks, i = 1;
	while (i < n && c->breaks[i - 1] < c->breaks[i])
		i++;
	if (i >= n)
		return; /* already in order, the usual case */
	break_rec *r = xreallocarray(NULL, n, sizeof *r);
	for (i = 0; i < n; i++)
		r[i] = (break_rec){ c->breaks[i], i, c->kinds[i] };
	qsort(r, n, sizeof *r, compare_breaks);
	size_t kept = 0;
	for (i = 0; i < n; i++) {
		if (kept && c->breaks[kept - 1] == r[i].at)
			continue;
		c->breaks[kept] = r[i].at;
		c->kinds[kept++] = r[i].kind;
	}
	c->nbreaks = kept;
	free(r);
}

static void report_missing(para *p, uint32_t cp)
{
	for (size_t i = 0; i < p->nmissing; i++)
		if (p->missing[i] == cp)
			return;
	if (p->nmissing < MAX_REPORTED_MISSING)
		p->missing[p->nmissing++] = cp;
	diag(DIAG_WARNING, p->file, p->line, 0,
	     "character U+%04X is in none of hejapack's fonts; it is shown as \xEF\xBF\xBD", (unsigned)cp);
}

/* One walk along a chunk: its width (advances plus the kerning between
 * them) up to every byte offset, so the width between any two breaks is a
 * subtraction. Bytes inside a character get the width before it. */
static void measure_chunk(builder *b, const chunk *c)
{
	if (c->text.len + 1 > b->prefix_cap) {
		b->prefix_cap = c->text.len + 1 > 2 * b->prefix_cap ? c->text.len + 1 : 2 * b->prefix_cap;
		b->prefix = xreallocarray(b->prefix, b->prefix_cap, sizeof *b->prefix);
	}
	font *f = fontset_face(b->p->fs, c->face);
	const char *t = c->text.data;
	double width = 0;
	uint32_t prev = 0;
	size_t at = 0;
	while (at < c->text.len) {
		size_t start = at;
		uint32_t cp = utf8_next(t, c->text.len, &at);
		for (size_t k = start; k < at; k++)
			b->prefix[k] = width;
		width += font_step(f, prev, cp);
		prev = cp;
	}
	b->prefix[c->text.len] = width;
}

static double chunk_prefix_width(builder *b, const chunk *c, size_t upto)
{
	return b->prefix[upto] * style_of(b, c->style)->size / 1000.0;
}

static double hyphen_width(builder *b, const chunk *c)
{
	return font_width(fontset_face(b->p->fs, c->face), "-", 1) * style_of(b, c->style)->size / 1000.0;
}

/* Breaks for strings too long for a line: after URL punctuation, and where
 * that still leaves a fragment wider than the measure, between characters. */
static int add_emergency_breaks(builder *b, chunk *c)
{
	double total = chunk_prefix_width(b, c, c->text.len);
	/* A slash joins parts that read well apart (URLs, "OECD/LEGAL/0450"). */
	for (size_t i = 0; i + 1 < c->text.len; i++)
		if (c->text.data[i] == '/' && c->text.data[i + 1] != '/' && i > 0)
			chunk_add_break(c, i + 1, 2);
	chunk_sort_breaks(c);
	if (total <= b->shape->width * 0.5)
		return 0;
	const char *t = c->text.data;
	for (size_t i = 0; i + 1 < c->text.len; i++)
		if (strchr("/.-_?&=#:\\", t[i]) && t[i + 1] != t[i])
			chunk_add_break(c, i + 1, 2);
	chunk_sort_breaks(c);
	size_t start = 0;
	size_t nb = c->nbreaks;
	/* A fragment that ends at a hyphen must leave room for it. */
	double room = b->shape->width - hyphen_width(b, c);
	for (size_t k = 0; k <= nb; k++) {
		size_t end = k < nb ? c->breaks[k] : c->text.len;
		double w = chunk_prefix_width(b, c, end) - chunk_prefix_width(b, c, start);
		if (w > room) {
			size_t i = start;
			/* A word of text cut here shows a hyphen, as any broken word
			 * does; code and addresses get none (it would read as theirs). */
			int kind = style_of(b, c->style)->no_hyphenate ? 3 : 4;
			while (i < end) {
				utf8_next(t, end, &i);
				if (i < end)
					chunk_add_break(c, i, kind);
			}
		}
		start = end;
	}
	chunk_sort_breaks(c);
	return 1;
}

static unsigned switched_off;

void para_switch_off(unsigned techniques)
{
	switched_off = techniques;
}

/* How much of a glyph may hang into the margin at a line's end (right)
 * or start (left), as a fraction of its width: light marks that leave the
 * edge looking ragged when they stand inside it (microtype's defaults,
 * in thousandths: periods and commas 700, hyphens 700, quotes 700, colons
 * and semicolons 500, en dashes 300, em dashes 200, ! and ? 200). */
static double protrusion_factor(uint32_t cp, int right)
{
	switch (cp) {
	case '.': case ',': case '-': case 0x2010: case 0x2011: case 0xAD:
		return right ? 0.7 : 0.0;
	case ':': case ';':
		return right ? 0.5 : 0.0;
	case '!': case '?':
		return right ? 0.2 : 0.0;
	case 0x2013:
		return 0.3;
	case 0x2014:
		return 0.2;
	/* Swedish sets ” on both sides of a quotation, and » both ways. */
	case '"': case '\'': case 0x201D: case 0x2019: case 0x201C: case 0x2018: case 0x201E: case 0x00BB: case 0x00AB:
	case 0x203A: case 0x2039:
		return 0.7;
	default:
		return 0.0;
	}
}

/* Code keeps its monospace grid; ragged lines have no width to reach. */
static int expandable(const builder *b, face_id face)
{
	return b->shape->justify && face != FACE_MONO;
}

/* kind: 0 a pattern's hyphen, 1 the author's, 2 a break in an address,
 * 3 a break anywhere in a long string, 4 the same with a hyphen, 5 a
 * pattern's hyphen in a word tied to the one before it, allowed only when
 * soft ties may give way, and as dear, 6 a hyphen at a compound's joint,
 * 7 a pattern's hyphen inside a part of a compound. */
static void push_break(builder *b, int kind, size_t style, face_id face, double hyphen_w)
{
	/* Ragged lines scale the same preferences by the dearer hyphen. */
	double scale = b->shape->justify ? 1.0 : RAGGED_HYPHEN_PENALTY / HYPHEN_PENALTY;
	double pen = kind == 0 ? HYPHEN_PENALTY * scale
		   : kind == 1 ? HYPHEN_PENALTY : kind == 2 ? URL_BREAK_PENALTY : kind == 5 ? SOFT_TIE_PENALTY
		   : kind == 6 ? JOINT_PENALTY * scale : kind == 7 ? WITHIN_PART_PENALTY * scale
		   : ANYWHERE_PENALTY;
	int hyphen = kind == 0 || kind == 4 || kind == 5 || kind == 6 || kind == 7;
	push(b, (lb_item){ .kind = LB_PENALTY, .penalty = pen, .width = hyphen ? hyphen_w : 0,
			   .flagged = kind <= 1 || kind >= 4, .expandable = hyphen && expandable(b, face),
			   .protrude_right = hyphen && face != FACE_MONO ? hyphen_w * protrusion_factor('-', 1) : 0 },
	     (item_info){ .style = style, .face = face, .add_hyphen = hyphen, .emergency = kind >= 2 && kind <= 4 });
}

/* Boxes between the chunk's breaks, measured by measure_chunk. */
static void emit_chunk(builder *b, chunk *c)
{
	const span_style *s = style_of(b, c->style);
	font *f = fontset_face(b->p->fs, c->face);
	double scale = s->size / 1000.0;
	double hyphen_w = font_advance(f, '-') * scale;
	const char *t = c->text.data;
	size_t start = 0;
	double start_w = 0;
	for (size_t k = 0; k <= c->nbreaks; k++) {
		size_t end = k < c->nbreaks ? c->breaks[k] : c->text.len;
		double end_w = b->prefix[end] * scale;
		size_t off = b->boxtext.len;
		buf_append(&b->boxtext, t + start, end - start);
		lb_item box = { .kind = LB_BOX, .width = end_w - start_w, .expandable = expandable(b, c->face) };
		if (end > start && b->shape->justify && c->face != FACE_MONO) {
			/* The first and last characters only: the last found by
			 * stepping back over UTF-8 continuation bytes. */
			size_t i = start, j = end - 1;
			while (j > start && ((unsigned char)t[j] & 0xC0) == 0x80)
				j--;
			uint32_t first = utf8_next(t, end, &i), last = utf8_next(t, end, &j);
			double lf = protrusion_factor(first, 0), rf = protrusion_factor(last, 1);
			box.protrude_left = lf > 0 ? font_advance(f, first) * scale * lf : 0;
			box.protrude_right = rf > 0 ? font_advance(f, last) * scale * rf : 0;
		}
		push(b, box, (item_info){ .style = c->style, .face = c->face, .off = off, .len = end - start });
		if (k < c->nbreaks)
			push_break(b, c->kinds[k], c->style, c->face, hyphen_w);
		start = end;
		start_w = end_w;
	}
}

static void chunk_free(chunk *c)
{
	buf_free(&c->text);
	free(c->breaks);
	free(c->kinds);
}

/* A word: bytes [from, to) of the paragraph text, across pieces. */
typedef struct {
	size_t piece;
	size_t start, len;
} word_part;

/* Places a break found in the whole word's clean text into its chunk, or
 * between two chunks when it falls on their boundary. */
static void place_break(chunk *chunks, size_t nchunks, size_t at, int kind)
{
	/* The chunks lie in order of their start: find the last one starting
	 * at or before `at` (a word may have a chunk per character). */
	size_t lo = 0, hi = nchunks;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (chunks[mid].start <= at)
			lo = mid;
		else
			hi = mid;
	}
	chunk *c = &chunks[lo];
	if (at == c->start && lo > 0) {
		if (!c->break_before)
			c->break_before = kind + 1;
		return;
	}
	if (at > c->start && at < c->start + c->text.len)
		chunk_add_break(c, at - c->start, kind);
}

/* Breaks after hyphens and en dashes already in the word. */
static void add_dash_breaks(chunk *chunks, size_t nchunks, const char *clean, size_t len, int kind)
{
	for (size_t i = 1; i + 1 < len; i++) {
		if (clean[i] == '-' && ties_dash_breaks(clean, len, i + 1, 1))
			place_break(chunks, nchunks, i + 1, kind);
		else if (i + 3 < len && memcmp(clean + i, "\xE2\x80\x93", 3) == 0 && ties_dash_breaks(clean, len, i + 3, 3))
			place_break(chunks, nchunks, i + 3, kind);
	}
}

/* A string wider than this many measures is no word: a hash, a run of
 * signs, a file pasted in. */
#define LONG_STRING_MEASURES 8.0

/* Whether the word in the chunks is such a string. Cheap for real words:
 * no character is wider than two ems, so most words are ruled out by their
 * length in bytes before anything is measured. */
static int is_long_string(builder *b, chunk *chunks, size_t nchunks, size_t bytes)
{
	double limit = b->shape->width * LONG_STRING_MEASURES, largest = 0;
	for (size_t i = 0; i < nchunks; i++)
		largest = fmax(largest, style_of(b, chunks[i].style)->size);
	if (limit <= 0 || (double)bytes * largest * 2.0 <= limit)
		return 0;
	double width = 0;
	for (size_t i = 0; i < nchunks; i++) {
		measure_chunk(b, &chunks[i]);
		width += chunk_prefix_width(b, &chunks[i], chunks[i].text.len);
	}
	return width > limit;
}

/* Sets a long string (is_long_string) on lines of its own: the line before
 * it ends as a paragraph's last line does, and the string is cut into
 * lines that fill the measure, each at the last break it allows there
 * (after / and the like, or a dash; no hyphens are added) or, when there
 * is none, between two characters. The cuts are made here, greedily, and
 * the line breaker sees only them: a megabyte-long string then costs a few
 * items per line rather than a few per character. */
typedef struct {
	size_t chunk, at;
	int kind;
} string_cut;

static void emit_long_string(builder *b, chunk *chunks, size_t nchunks, const char *clean, size_t len)
{
	if (b->n && b->items[b->n - 1].kind == LB_GLUE) {
		size_t style = b->info[b->n - 1].style;
		b->n--;
		push_penalty(b, LB_INFINITY, 0, 0, style);
		push(b, (lb_item){ .kind = LB_GLUE, .stretch = LB_FIL }, (item_info){ .style = style });
		push_penalty(b, -LB_INFINITY, 0, 0, style);
	}
	add_dash_breaks(chunks, nchunks, clean, len, 2);
	string_cut *cuts = NULL;
	size_t ncuts = 0, cuts_cap = 0;
	double measure = b->shape->width, used = 0, nat_used = 0;
	int have_nat = 0;
	size_t nat_chunk = 0, nat_at = 0;
	for (size_t i = 0; i < nchunks; i++) {
		chunk *c = &chunks[i];
		const char *t = c->text.data;
		for (size_t at = 0; at + 1 < c->text.len; at++)
			if (strchr("/.-_?&=#:\\", t[at]) && t[at + 1] != t[at])
				chunk_add_break(c, at + 1, 2);
		chunk_sort_breaks(c);
		measure_chunk(b, c);
		double scale = style_of(b, c->style)->size / 1000.0;
		if (c->break_before) {
			have_nat = 1;
			nat_chunk = i;
			nat_at = 0;
			nat_used = used;
		}
		size_t k = 0;
		for (size_t at = 0; at < c->text.len;) {
			size_t next = at;
			utf8_next(t, c->text.len, &next);
			if (k < c->nbreaks && c->breaks[k] == at) {
				have_nat = 1;
				nat_chunk = i;
				nat_at = at;
				nat_used = used;
				k++;
			}
			double w = (b->prefix[next] - b->prefix[at]) * scale;
			while (used > 0 && used + w > measure) {
				if (ncuts == cuts_cap) {
					cuts_cap = cuts_cap ? cuts_cap * 2 : 16;
					cuts = xreallocarray(cuts, cuts_cap, sizeof *cuts);
				}
				if (have_nat && nat_used > 0) {
					cuts[ncuts++] = (string_cut){ nat_chunk, nat_at, 2 };
					used -= nat_used;
				} else {
					cuts[ncuts++] = (string_cut){ i, at, 3 };
					used = 0;
				}
				have_nat = 0;
			}
			used += w;
			at = next;
		}
	}
	/* Only the cuts remain as breaks, in order. */
	for (size_t i = 0; i < nchunks; i++) {
		chunks[i].nbreaks = 0;
		chunks[i].break_before = 0;
	}
	for (size_t k = 0; k < ncuts; k++) {
		chunk *c = &chunks[cuts[k].chunk];
		if (cuts[k].at == 0)
			c->break_before = cuts[k].kind + 1;
		else
			chunk_add_break(c, cuts[k].at, cuts[k].kind);
	}
	free(cuts);
	for (size_t i = 0; i < nchunks; i++) {
		if (chunks[i].break_before && i > 0)
			push_break(b, chunks[i].break_before - 1, chunks[i - 1].style, chunks[i - 1].face, 0);
		measure_chunk(b, &chunks[i]);
		emit_chunk(b, &chunks[i]);
	}
}

/* Turns the space just pushed before this word into a no-break space when
 * the two words belong together (ties.h); returns the tie. */
static tie_strength tie_to_previous(builder *b, const buf *word)
{
	if (b->n < 2 || !b->prev_word.len)
		return TIE_NONE;
	lb_item *g = &b->items[b->n - 1];
	const lb_item *before = &b->items[b->n - 2];
	if (g->kind != LB_GLUE || g->stretch >= LB_FIL || (before->kind == LB_PENALTY && before->penalty >= LB_INFINITY))
		return TIE_NONE;
	tie_strength tie = ties_space(b->prev_word.data, b->prev_word.len, word->data, word->len);
	if (tie == TIE_NONE)
		return TIE_NONE;
	b->soft_ties += tie == TIE_SOFT;
	lb_item glue = *g;
	item_info info = b->info[b->n - 1];
	b->n--;
	push_penalty(b, tie == TIE_SOFT && b->release_soft_ties ? SOFT_TIE_PENALTY : LB_INFINITY, 0, 0, info.style);
	push(b, glue, info);
	return tie;
}

/* A word may cross styles ("*ord*,", a link followed by a full stop): the
 * hyphenator sees the whole word and its points go to the chunks. */
static void emit_word(builder *b, const word_part *parts, size_t nparts)
{
	para *p = b->p;
	size_t nchunks = 0;
	buf *orig = &b->orig, *clean = &b->clean; /* the word with and without soft hyphens */
	buf_clear(orig);
	buf_clear(clean);
	size_t nshy = 0;
	int hyphenate = b->hyphenate;
	for (size_t i = 0; i < nparts; i++) {
		const piece *pc = &p->pieces[parts[i].piece];
		const char *t = p->text.data;
		if (style_of(b, pc->style)->no_hyphenate)
			hyphenate = 0;
		size_t at = parts[i].start, end = parts[i].start + parts[i].len;
		while (at < end) {
			size_t cp_start = at;
			uint32_t cp = utf8_next(t, end, &at);
			const char *bytes = t + cp_start;
			size_t nbytes = at - cp_start;
			if (orig->len + nbytes + 1 > b->o2c_cap) {
				b->o2c_cap = (orig->len + nbytes + 1) * 2;
				b->orig_to_clean = xreallocarray(b->orig_to_clean, b->o2c_cap, sizeof *b->orig_to_clean);
			}
			for (size_t k = 0; k < nbytes; k++)
				b->orig_to_clean[orig->len + k] = clean->len;
			buf_append(orig, bytes, nbytes);
			if (cp == SHY) {
				/* A soft hyphen is a break point, never a glyph. */
				if (nshy == b->shy_cap) {
					b->shy_cap = b->shy_cap ? b->shy_cap * 2 : 8;
					b->shy = xreallocarray(b->shy, b->shy_cap, sizeof *b->shy);
				}
				b->shy[nshy++] = clean->len;
				continue;
			}
			/* Every body face has Latin up to Latin Extended-A (fonts/README.md):
			 * only other characters need a look for a fallback. */
			int latin = (cp >= 0x20 && cp < 0x7F) || (cp >= 0xA0 && cp < 0x180);
			face_id face = latin ? style_of(b, pc->style)->face
				     : fontset_resolve(p->fs, style_of(b, pc->style)->face, cp);
			if (face == FACE_COUNT) {
				report_missing(p, cp);
				face = style_of(b, pc->style)->face;
				bytes = "\xEF\xBF\xBD";
				nbytes = 3;
			}
			if (!nchunks || b->chunks[nchunks - 1].face != face || b->chunks[nchunks - 1].style != pc->style) {
				if (nchunks == b->chunks_cap) {
					size_t cap = b->chunks_cap ? b->chunks_cap * 2 : 4;
					b->chunks = xreallocarray(b->chunks, cap, sizeof *b->chunks);
					memset(b->chunks + b->chunks_cap, 0, (cap - b->chunks_cap) * sizeof *b->chunks);
					for (size_t k = b->chunks_cap; k < cap; k++)
						buf_init(&b->chunks[k].text);
					b->chunks_cap = cap;
				}
				chunk *c = &b->chunks[nchunks++];
				c->style = pc->style;
				c->face = face;
				c->start = clean->len;
				c->nbreaks = 0;
				c->break_before = 0;
				buf_clear(&c->text);
			}
			buf_append(&b->chunks[nchunks - 1].text, bytes, nbytes);
			buf_append(clean, bytes, nbytes);
		}
	}
	if (!nchunks)
		return;
	/* A unit or the rest of an abbreviation is not divided just after what
	 * it belongs to ("300 kro-" / "nor"), unless the tie itself may give
	 * way: then at the same cost as parting the two. */
	tie_strength tie = tie_to_previous(b, clean);
	int tied_hyphens = tie == TIE_SOFT && b->release_soft_ties;
	if (tie != TIE_NONE && !tied_hyphens)
		hyphenate = 0;
	buf_clear(&b->prev_word);
	buf_append(&b->prev_word, clean->data, clean->len);
	chunk *chunks = b->chunks;
	b->orig_to_clean[orig->len] = clean->len;
	if (is_long_string(b, chunks, nchunks, clean->len)) {
		b->emergency_words++;
		emit_long_string(b, chunks, nchunks, clean->data, clean->len);
		return;
	}
	if (nshy) {
		for (size_t i = 0; i < nshy; i++)
			place_break(chunks, nchunks, b->shy[i], 0);
	} else if (hyphenate) {
		const size_t *points;
		const hyph_kind *kinds;
		size_t n = hyph_points_view(b->p->hyph, orig->data, orig->len, &points, &kinds);
		int joints = !(switched_off & PARA_COMPOUND_JOINTS);
		for (size_t i = 0; i < n; i++)
			place_break(chunks, nchunks, b->orig_to_clean[points[i]],
				    kinds[i] == HYPH_EXPLICIT ? 1 : tied_hyphens ? 5
				    : joints && kinds[i] == HYPH_JOINT ? 6 : joints && kinds[i] == HYPH_WITHIN_PART ? 7 : 0);
	}
	/* Words the patterns skip (with digits, say) still break after a dash
	 * that is already there: "2021–2022", "e-tjänst". */
	add_dash_breaks(chunks, nchunks, clean->data, clean->len, 1);
	for (size_t i = 0; i < nchunks; i++) {
		if (chunks[i].break_before)
			push_break(b, chunks[i].break_before - 1, chunks[i - 1].style, chunks[i - 1].face,
				   hyphen_width(b, &chunks[i - 1]));
		chunk_sort_breaks(&chunks[i]);
		measure_chunk(b, &chunks[i]);
		if (add_emergency_breaks(b, &chunks[i]))
			b->emergency_words++;
		emit_chunk(b, &chunks[i]);
	}
}

static int is_space(uint32_t cp)
{
	return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r';
}

static int is_nbsp(uint32_t cp)
{
	return cp == 0x00A0 || cp == 0x202F || cp == 0x2007;
}

static void build_items(builder *b)
{
	para *p = b->p;
	word_part *parts = NULL;
	size_t nparts = 0, cap = 0;
	size_t last_style = 0;
	for (size_t i = 0; i < p->npieces; i++) {
		const piece *pc = &p->pieces[i];
		last_style = pc->style;
		if (pc->hard_break) {
			if (nparts)
				emit_word(b, parts, nparts);
			nparts = 0;
			if (b->n && b->items[b->n - 1].kind == LB_GLUE)
				b->n--;
			/* An empty box keeps the fill glue of an empty line (two breaks
			 * in a row) from being dropped at the line start. */
			push(b, (lb_item){ .kind = LB_BOX }, (item_info){ .style = pc->style, .off = b->boxtext.len });
			push_penalty(b, LB_INFINITY, 0, 0, pc->style);
			push(b, (lb_item){ .kind = LB_GLUE, .stretch = LB_FIL }, (item_info){ .style = pc->style });
			push_penalty(b, -LB_INFINITY, 0, 0, pc->style);
			continue;
		}
		const char *t = p->text.data;
		size_t at = pc->start, end = pc->start + pc->len;
		while (at < end) {
			size_t cp_start = at;
			uint32_t cp = utf8_next(t, end, &at);
			if (is_space(cp) || is_nbsp(cp)) {
				if (nparts)
					emit_word(b, parts, nparts);
				nparts = 0;
				/* No space at the very start, nor right after a hard break. */
				if (b->n && !(b->items[b->n - 1].kind == LB_PENALTY && b->items[b->n - 1].penalty <= -LB_INFINITY))
					push_space(b, pc->style, !is_nbsp(cp));
				continue;
			}
			if (nparts && parts[nparts - 1].piece == i && parts[nparts - 1].start + parts[nparts - 1].len == cp_start) {
				parts[nparts - 1].len += at - cp_start;
			} else {
				if (nparts == cap) {
					cap = cap ? cap * 2 : 8;
					parts = xreallocarray(parts, cap, sizeof *parts);
				}
				parts[nparts++] = (word_part){ i, cp_start, at - cp_start };
			}
		}
	}
	if (nparts)
		emit_word(b, parts, nparts);
	free(parts);
	while (b->n && (b->items[b->n - 1].kind == LB_GLUE ||
			(b->items[b->n - 1].kind == LB_PENALTY && b->items[b->n - 1].penalty > -LB_INFINITY)))
		b->n--;
	push_penalty(b, LB_INFINITY, 0, 0, last_style);
	push(b, (lb_item){ .kind = LB_GLUE, .stretch = LB_FIL }, (item_info){ .style = last_style });
	push_penalty(b, -LB_INFINITY, 0, 0, last_style);
}

static double shape_width(size_t line, void *ctx)
{
	const para_shape *s = ctx;
	return line == 0 ? s->width - s->first_indent : s->width;
}

/* Appends a text run, merging with the previous run when it continues it. */
static void add_run(para_line *line, size_t *cap, const span_style *s, face_id face, const char *text, size_t len,
		    double x, double w, int merge, double tracking, double expand)
{
	if (merge && line->nitems) {
		dl_item *last = &line->items[line->nitems - 1];
		if (last->kind == DL_TEXT && last->face == face && last->size == s->size && last->tracking == tracking &&
		    last->expand == expand &&
		    same_color(last->color, s->color) && last->elem == s->elem && fabs(last->x + last->w - x) < 1e-6) {
			size_t old = strlen(last->text);
			last->text = xrealloc(last->text, old + len + 1);
			memcpy(last->text + old, text, len);
			last->text[old + len] = '\0';
			last->w += w;
			return;
		}
	}
	if (line->nitems == *cap) {
		*cap = *cap ? *cap * 2 : 16;
		line->items = xreallocarray(line->items, *cap, sizeof *line->items);
	}
	dl_item *it = &line->items[line->nitems++];
	memset(it, 0, sizeof *it);
	it->kind = DL_TEXT;
	it->x = x;
	it->w = w;
	it->face = face;
	it->size = s->size;
	it->tracking = tracking;
	it->expand = expand;
	it->color = s->color;
	it->elem = s->elem;
	it->text = xstrndup(text, len);
}

static void add_item(para_line *line, size_t *cap, const dl_item *item)
{
	if (line->nitems == *cap) {
		*cap = *cap ? *cap * 2 : 16;
		line->items = xreallocarray(line->items, *cap, sizeof *line->items);
	}
	line->items[line->nitems++] = *item;
}

typedef struct {
	size_t style;
	int open;
	double x0, x1;
} link_span;

static void close_link(builder *b, para_line *line, size_t *cap, link_span *ls)
{
	if (!ls->open)
		return;
	ls->open = 0;
	const span_style *s = style_of(b, ls->style);
	double asc = s->size * 0.92, desc = s->size * 0.26;
	if (s->underline) {
		dl_item u = { .kind = DL_RECT, .x = ls->x0, .y = -s->size * 0.14, .w = ls->x1 - ls->x0,
			      .h = s->size * 0.055, .color = s->color };
		add_item(line, cap, &u);
	}
	dl_item l = { .kind = DL_LINK, .x = ls->x0, .y = -desc, .w = ls->x1 - ls->x0, .h = asc + desc,
		      .link = s->link_kind, .page = s->link_page, .dest_y = s->link_y,
		      .text = s->link ? xstrdup(s->link) : NULL, .elem = s->elem };
	add_item(line, cap, &l);
}

/* Whether box i is the last of its word on the line (a glue or the line's
 * end follows). */
static int word_ends_after(const builder *b, size_t i, size_t end)
{
	for (size_t k = i + 1; k <= end && k < b->n; k++) {
		if (b->items[k].kind == LB_BOX)
			return b->info[k].len == 0;
		if (b->items[k].kind == LB_GLUE)
			return 1;
		if (k == end)
			return !b->info[k].add_hyphen;
	}
	return 1;
}

/* Letter spacing for a justified line whose spaces would exceed 1.6 times
 * their width (r > 1): up to `most` of the type size between letters takes
 * over part of the excess, as book typesetters allow, and *r shrinks to what
 * the spaces still carry. Returns the spacing in points. */
static double line_tracking(const builder *b, size_t first, size_t end, double most, double *r)
{
	double stretch = 0, size = 0;
	size_t gaps = 0;
	for (size_t i = first; i <= end && i < b->n; i++) {
		const lb_item *it = &b->items[i];
		if (it->kind == LB_GLUE && it->stretch < LB_FIL && i < end) {
			/* The glue the line breaks at is dropped, so it does not count. */
			stretch += it->stretch;
		} else if (it->kind == LB_BOX && b->info[i].len && b->info[i].face != FACE_MONO) {
			size_t glyphs = utf8_count(b->boxtext.data + b->info[i].off, b->info[i].len);
			gaps += glyphs;
			if (i < end && word_ends_after(b, i, end))
				gaps--;
			if (!size)
				size = style_of(b, b->info[i].style)->size;
		}
	}
	/* (Before a line-end hyphen the word's last box keeps its gap: the
	 * hyphen is a letter of the word.) */
	if (!gaps || stretch <= 0)
		return 0;
	double excess = (*r - 1) * stretch;
	double tracking = excess / (double)gaps;
	if (tracking > size * most)
		tracking = size * most;
	*r = 1 + (excess - tracking * (double)gaps) / stretch;
	return tracking;
}

static void set_line(builder *b, const lb_line *brk, size_t first, size_t line_no, para_line *out)
{
	memset(out, 0, sizeof *out);
	size_t cap = 0;
	const para_shape *shape = b->shape;
	double width = shape_width(line_no, (void *)shape);
	/* A line whose edge glyphs hang into the margins starts that far left. */
	double x = (line_no == 0 ? shape->first_indent : 0) - brk->protrude_left;
	double r = brk->ratio;
	int last_line = brk->end == b->n - 1 ||
			(b->items[brk->end].kind == LB_PENALTY && b->items[brk->end].penalty <= -LB_INFINITY);
	int justify = shape->justify && !last_line;
	if (!justify)
		r = 0;
	/* A line that fits only with its spaces squeezed is drawn squeezed:
	 * the last line of a justified paragraph too (it would otherwise run
	 * into the margin by what the breaker took from its spaces), and a
	 * ragged line set overfull. Nothing stretches but a justified line. */
	if (brk->ratio < 0)
		r = brk->ratio;
	size_t end = brk->end;
	double natural = 0;
	int spaces = 0;
	double first_space = 0, first_space_set = 0;
	link_span ls = { 0 };
	int prev_was_glue = 0;
	int spaced = justify && r > 1 && !(switched_off & PARA_LETTERSPACING);
	/* 1.5 % goes unnoticed; a line whose spaces would still be wider than
	 * 1.6 times (a narrow measure, a long unbreakable group, no breaking
	 * that does better) may take twice that, which shows less than spaces
	 * twice their width. */
	double tracking = 0;
	if (spaced) {
		double rest = r;
		tracking = line_tracking(b, first, end, 0.015, &rest);
		if (rest > 1) {
			rest = r;
			tracking = line_tracking(b, first, end, 0.03, &rest);
		}
		r = rest;
	}
	/* The breaker's scale is also what lets a last line that is a little
	 * too long fit (it may shrink glyphs), so it applies on every line. */
	double line_expand = brk->scale - 1;
	for (size_t i = first; i < end || (i == end && b->items[i].kind == LB_BOX); i++) {
		const lb_item *it = &b->items[i];
		const item_info *inf = &b->info[i];
		if (it->kind == LB_BOX && inf->len == 0) {
			continue;
		} else if (it->kind == LB_BOX) {
			const span_style *s = style_of(b, inf->style);
			if (ls.open && ls.style != inf->style)
				close_link(b, out, &cap, &ls);
			if (s->link && !ls.open) {
				ls.open = 1;
				ls.style = inf->style;
				ls.x0 = x;
			}
			/* Code keeps its columns: no letter spacing in the monospace face. */
			double track = inf->face == FACE_MONO ? 0 : tracking;
			double extra = track * (double)utf8_count(b->boxtext.data + inf->off, inf->len);
			/* Letter spacing goes between letters: none after a word's last. */
			if (track && word_ends_after(b, i, end))
				extra -= track;
			double expand = it->expandable ? line_expand : 0;
			double drawn = it->width * (1 + expand) + extra;
			add_run(out, &cap, s, inf->face, b->boxtext.data + inf->off, inf->len, x, drawn,
				!prev_was_glue, track, expand);
			x += drawn;
			natural += it->width;
			if (ls.open)
				ls.x1 = x;
			font *f = fontset_face(b->p->fs, inf->face);
			double asc = font_ascender(f) * s->size / 1000.0, desc = -font_descender(f) * s->size / 1000.0;
			if (asc > out->ascent)
				out->ascent = asc;
			if (desc > out->descent)
				out->descent = desc;
			prev_was_glue = 0;
		} else if (it->kind == LB_GLUE) {
			double w = it->width;
			if (it->stretch < LB_FIL)
				w += r > 0 ? (justify ? r * it->stretch : 0) : r * it->shrink;
			if (it->stretch < LB_FIL && it->width > 0) {
				spaces++;
				if (!first_space_set) {
					first_space = w / it->width;
					first_space_set = 1;
				}
			}
			/* Ragged lines merge words and spaces into one run (smaller PDF);
			 * not a line with scaled glyphs, whose space is not scaled. */
			if (!justify && line_expand == 0 && it->stretch < LB_FIL && out->nitems && i + 1 < end &&
			    b->items[i + 1].kind == LB_BOX && b->info[i + 1].style == inf->style &&
			    b->info[i + 1].face == out->items[out->nitems - 1].face && fabs(w - it->width) < 1e-9) {
				const span_style *s = style_of(b, inf->style);
				add_run(out, &cap, s, out->items[out->nitems - 1].face, " ", 1, x, w, 1, 0, 0);
				x += w;
				natural += it->width;
				prev_was_glue = 0;
				continue;
			}
			x += w;
			natural += it->width;
			prev_was_glue = 1;
		}
	}
	const lb_item *e = &b->items[end];
	if (e->kind == LB_PENALTY && b->info[end].add_hyphen) {
		const span_style *s = style_of(b, b->info[end].style);
		/* The hyphen is one more letter of the word: the space before it was
		 * given to the word's last box (word_ends_after is false there). */
		double expand = e->expandable ? line_expand : 0;
		add_run(out, &cap, s, b->info[end].face, "-", 1, x, e->width * (1 + expand), 1, tracking, expand);
		out->items[out->nitems - 1].broken_word = 1;
		x += e->width * (1 + expand);
		natural += e->width;
		if (ls.open)
			ls.x1 = x;
	}
	close_link(b, out, &cap, &ls);
	if (shape->center || (!shape->justify && shape->center)) {
		double shift = (width - (x - (line_no == 0 ? shape->first_indent : 0))) / 2;
		for (size_t i = 0; i < out->nitems; i++)
			out->items[i].x += shift;
	}
	out->natural = natural;
	out->ratio = r;
	out->scale = brk->scale;
	out->justified = justify;
	out->spaces = spaces;
	out->space_ratio = first_space_set ? first_space : 1;
	out->hyphenated = brk->hyphenated;
	out->overfull = brk->overfull;
	out->protrude_left = brk->protrude_left;
	out->protrude_right = brk->protrude_right;
	if (!out->ascent && b->p->nstyles) {
		out->ascent = b->p->styles[0].st.size * 0.8;
		out->descent = b->p->styles[0].st.size * 0.2;
	}
}

static void record_stats(builder *b, const para_line *lines, size_t n, const lb_line *brk)
{
	para_stats *st = b->shape->stats;
	if (!st)
		return;
	for (size_t i = 0; i < n; i++) {
		st->lines++;
		st->overfull += lines[i].overfull != 0;
		st->hyphenated += lines[i].hyphenated != 0;
		if (b->info[brk[i].end].emergency)
			st->emergency_breaks++;
		if (!lines[i].justified || !lines[i].spaces)
			continue;
		st->justified_lines++;
		double expand = fabs(lines[i].scale - 1);
		if (expand > 1e-9) {
			st->expanded_lines++;
			st->expansion_sum += expand;
			st->max_expansion = fmax(st->max_expansion, expand);
		}
		double ratio = lines[i].space_ratio;
		st->within_target += ratio >= 0.75 - 1e-6 && ratio <= 1.6 + 1e-6;
		/* Buckets hold their upper end, so a line stretched to exactly the
		 * 1.6 limit counts in 1.5-1.6, as it counts within the target. */
		double tenths = ratio * 10.0 - 1e-6;
		size_t bucket = tenths > 0 ? (size_t)tenths : 0;
		if (bucket > 31)
			bucket = 31;
		st->hist[bucket]++;
		if (ratio > st->max_space_ratio)
			st->max_space_ratio = ratio;
		if (st->min_space_ratio == 0 || ratio < st->min_space_ratio)
			st->min_space_ratio = ratio;
	}
}

static void builder_free(builder *b)
{
	for (size_t i = 0; i < b->chunks_cap; i++)
		chunk_free(&b->chunks[i]);
	free(b->chunks);
	b->chunks = NULL;
	b->chunks_cap = 0;
	buf_free(&b->orig);
	buf_free(&b->clean);
	buf_free(&b->prev_word);
	free(b->orig_to_clean);
	free(b->shy);
	free(b->prefix);
	b->orig_to_clean = b->shy = NULL;
	b->prefix = NULL;
	b->o2c_cap = b->shy_cap = b->prefix_cap = 0;
	free(b->items);
	free(b->info);
	buf_free(&b->boxtext);
	b->items = NULL;
	b->info = NULL;
	b->n = b->cap = 0;
}

/* About how many lines the paragraph will take (half an em per character). */
static double likely_lines(const para *p, const para_shape *shape)
{
	if (!p->nstyles || shape->width <= 0)
		return 0;
	return (double)p->text.len * p->styles[0].st.size * 0.5 / shape->width;
}

/* Whether every line came out within the tolerance (a first pass that
 * needs no second). */
static int all_lines_fit(const lb_line *brk, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (brk[i].underfull || brk[i].overfull)
			return 0;
	return 1;
}

static int all_lines_fit_measure(const lb_line *brk, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (brk[i].overfull)
			return 0;
	return 1;
}

/* The adjustment ratio the loosest line's spaces keep after the letter
 * spacing set_line gives any line (r <= 1: within 1.6 times their width);
 * an overfull line counts as worst of all. */
static double loosest_spaces(const builder *b, const lb_line *brk, size_t n)
{
	double worst = 0;
	for (size_t i = 0; i < n; i++) {
		if (brk[i].overfull)
			return HUGE_VAL;
		double r = brk[i].ratio;
		if (r > 1 && i + 1 < n)
			line_tracking(b, lb_line_start(b->items, b->n, brk, i), brk[i].end, 0.015, &r);
		if (i + 1 < n && r > worst)
			worst = r;
	}
	return worst;
}

static void builder_reset(builder *b)
{
	builder_free(b);
	buf_init(&b->boxtext);
	buf_init(&b->orig);
	buf_init(&b->clean);
	buf_init(&b->prev_word);
}

/* A build's items, set aside while the paragraph is built again. */
typedef struct {
	lb_item *items;
	item_info *info;
	size_t n, cap;
	buf boxtext;
} built_items;

static built_items take_items(builder *b)
{
	built_items t = { b->items, b->info, b->n, b->cap, b->boxtext };
	b->items = NULL;
	b->info = NULL;
	b->n = b->cap = 0;
	buf_init(&b->boxtext);
	buf_clear(&b->prev_word);
	return t;
}

/* Puts t back in place of the builder's items. */
static void restore_items(builder *b, built_items *t)
{
	free(b->items);
	free(b->info);
	buf_free(&b->boxtext);
	b->items = t->items;
	b->info = t->info;
	b->n = t->n;
	b->cap = t->cap;
	b->boxtext = t->boxtext;
}

/* The paragraph set again with its soft ties breakable (ties.h); kept if
 * its loosest line is tighter than in the breaking *brk (n lines) it
 * replaces, else the first build's items and breaking stay. */
static size_t retry_releasing_soft_ties(builder *b, const para_shape *shape, const lb_params *params, lb_line **brk,
					size_t n)
{
	double before = loosest_spaces(b, *brk, n);
	built_items first = take_items(b);
	b->release_soft_ties = 1;
	build_items(b);
	lb_line *again = NULL;
	size_t m = lb_break(b->items, b->n, shape_width, (void *)shape, params, &again);
	if (loosest_spaces(b, again, m) < before) {
		free(first.items);
		free(first.info);
		buf_free(&first.boxtext);
		free(*brk);
		*brk = again;
		if (b->shape->stats)
			b->shape->stats->soft_tie_paragraphs++;
		return m;
	}
	free(again);
	restore_items(b, &first);
	return n;
}

size_t para_set(para *p, const para_shape *shape, para_line **lines)
{
	builder b = { .p = p, .shape = shape };
	buf_init(&b.boxtext);
	buf_init(&b.orig);
	buf_init(&b.clean);
	buf_init(&b.prev_word);
	*lines = NULL;

	lb_params params;
	lb_params_default(&params);
	params.shaped_lines = 1;
	params.expansion = shape->justify && !(switched_off & PARA_EXPANSION) ? EXPANSION : 0;
	params.protrusion = shape->justify && !(switched_off & PARA_PROTRUSION);
	lb_line *brk = NULL;
	size_t n;
	if (shape->justify) {
		/* As TeX does: first without hyphenation, accepting only spaces up to
		 * 1.6 times their width (r <= 1); most paragraphs end here, and the
		 * patterns are not even loaded for them. Otherwise hyphenate, in
		 * one pass with true badness up to r = 1.3 (TeX's tolerance of 200
		 * is r = 1.26); a paragraph with no such breaks falls to lb_break's
		 * last pass, which allows what it must. Measured on the material and
		 * six generated texts (5756 justified lines): lines above 1.6 times
		 * the normal space 5 -> 0 and 22 -> 11 against r = 2.5, for 3 lone
		 * fragments of a hyphenated word in 779 paragraph ends (0 before)
		 * and 0.6 % more hyphenated lines. */
		params.emergency_stretch = 0;
		/* A long paragraph seldom sets without a single hyphen: it goes
		 * straight to the second pass rather than being built and broken
		 * twice. */
		int first_pass = !p->hyph || likely_lines(p, shape) <= 4;
		if (first_pass) {
			params.tolerance = 1.0;
			build_items(&b);
			n = lb_break(b.items, b.n, shape_width, (void *)shape, &params, &brk);
		}
		if (!first_pass || (p->hyph && !all_lines_fit(brk, n))) {
			if (first_pass) {
				free(brk);
				builder_reset(&b);
			}
			b.hyphenate = 1;
			build_items(&b);
			params.tolerance = shape->tolerance > 0 ? shape->tolerance : 1.3;
			n = lb_break(b.items, b.n, shape_width, (void *)shape, &params, &brk);
		}
		if (b.soft_ties && !(switched_off & PARA_SOFT_TIES) && !all_lines_fit(brk, n) &&
		    loosest_spaces(&b, brk, n) > 1)
			n = retry_releasing_soft_ties(&b, shape, &params, &brk, n);
	} else {
		params.tolerance = shape->tolerance > 0 ? shape->tolerance : 8.0;
		params.emergency_stretch = shape->width * 0.3;
		/* A line half empty is as loose as ragged text should get (r = 1). */
		params.line_stretch = shape->width * 0.5;
		/* Ragged text hyphenates too (at a higher cost): a long word in a
		 * title or a narrow column is divided where the patterns allow,
		 * never cut at an arbitrary letter. */
		b.hyphenate = p->hyph != NULL;
		build_items(&b);
		n = lb_break(b.items, b.n, shape_width, (void *)shape, &params, &brk);
	}
	/* A word longer than three lines (a title in a narrow box) needs more
	 * hyphens in a row than the limit allows: rather that than a line
	 * running out of its measure. */
	if (!all_lines_fit_measure(brk, n) && params.max_hyphen_run > 0) {
		params.max_hyphen_run = 0;
		free(brk);
		n = lb_break(b.items, b.n, shape_width, (void *)shape, &params, &brk);
	}
	*lines = xcalloc(n ? n : 1, sizeof **lines);
	int noted = 0;
	for (size_t i = 0; i < n; i++) {
		size_t first = lb_line_start(b.items, b.n, brk, i);
		set_line(&b, &brk[i], first, i, &(*lines)[i]);
		/* A long paragraph keeps every line: no room for items to come. */
		if ((*lines)[i].nitems)
			(*lines)[i].items = xreallocarray((*lines)[i].items, (*lines)[i].nitems, sizeof *(*lines)[i].items);
		if (brk[i].overfull)
			diag(DIAG_WARNING, p->file, p->line, 0, "a line is %.1f pt too wide for the measure",
			     (*lines)[i].natural - shape_width(i, (void *)shape));
		/* Once a paragraph: a long string may be broken on every line. */
		if (b.info[brk[i].end].emergency && !noted++)
			diag(DIAG_NOTE, p->file, p->line, 0, "a long string was broken inside to fit the line");
	}
	record_stats(&b, *lines, n, brk);
	free(brk);
	builder_free(&b);
	return n;
}

void para_lines_free(para_line *lines, size_t n)
{
	if (!lines)
		return;
	for (size_t i = 0; i < n; i++) {
		for (size_t k = 0; k < lines[i].nitems; k++) {
			free(lines[i].items[k].text);
			free(lines[i].items[k].alt);
		}
		free(lines[i].items);
	}
	free(lines);
}

double para_text_width(fontset *fs, face_id face, double size, const char *utf8)
{
	return font_width(fontset_face(fs, face), utf8, strlen(utf8)) * size / 1000.0;
}
