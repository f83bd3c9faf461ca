/* font: metrics of one TrueType face, for the layout engine.
 *
 * The layout measures with these numbers and never asks libharu (measuring
 * through libharu would embed every candidate glyph). Metrics come from the
 * font itself via HarfBuzz: advances from hmtx, kerning from the GPOS 'kern'
 * feature (or the legacy kern table when a face has no GPOS kerning).
 *
 * All metrics are in 1/1000 em, scaled from the face's unitsPerEm, so a width
 * in points is value * size / 1000.
 *
 * Advances are filled lazily per block of 256 code points and kerning pairs
 * are cached per (left, right), so after the first lookup both are O(1). That
 * cache is why the measuring functions take a non-const font: a font belongs
 * to one thread at a time. There is no global state.
 */
#ifndef HEJAPACK_FONT_H
#define HEJAPACK_FONT_H

#include <stddef.h>
#include <stdint.h>

typedef struct font font;

/* Opens a TrueType (glyf) font file. On failure returns NULL and sets *err to
 * a message naming the path (caller frees *err). Fonts with CFF outlines are
 * refused because libharu 2.3.0 cannot embed them. The caller closes the
 * result with font_close. */
font *font_open(const char *path, char **err);
/* Frees the font and everything it owns; NULL is allowed. */
void font_close(font *f);

/* Strings owned by the font, valid until font_close. */
const char *font_path(const font *f);
const char *font_family(const font *f); /* typographic family, e.g. "Noto Serif" */

/* Nonzero when the face maps cp to a glyph other than .notdef. */
int font_has_glyph(const font *f, uint32_t cp);
/* Advance width; 0 when the glyph is missing. */
double font_advance(font *f, uint32_t cp);
/* Pair adjustment between two consecutive code points (negative = tighter);
 * 0 when either glyph is missing or the pair is not kerned. Only the kern
 * feature is applied, so ligatures never affect it. */
double font_kern(font *f, uint32_t left, uint32_t right);
/* The advance of cp plus the kerning between prev and cp (prev 0: none):
 * what cp adds to the width of a text that ended with prev. */
double font_step(font *f, uint32_t prev, uint32_t cp);
/* Width of UTF-8 text: the advances plus the kerning between consecutive
 * code points. Invalid UTF-8 counts as U+FFFD (see font_utf8_next). */
double font_width(font *f, const char *utf8, size_t len);

double font_ascender(const font *f);  /* positive */
double font_descender(const font *f); /* negative */
double font_line_gap(const font *f);  /* extra leading the face asks for, >= 0 */
double font_cap_height(const font *f);
double font_x_height(const font *f);
double font_space(font *f); /* advance of U+0020 */
/* The face's design grid (1000 for Noto), for callers that need exact units. */
unsigned font_units_per_em(const font *f);

/* Decodes one code point from s[*i..len) and advances *i past it.
 * Requires *i < len. An ill-formed sequence (overlong, surrogate, above
 * U+10FFFF, truncated, stray continuation byte) gives U+FFFD and advances past
 * its maximal valid prefix, always by at least one byte, as Unicode
 * recommends. */
uint32_t font_utf8_next(const char *s, size_t len, size_t *i);

#endif
