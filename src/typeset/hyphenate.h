/* hyphenate: where a word may be broken, from libhyphen and Debian's pattern
 * files (/usr/share/hyphen/hyph_*.dic: hyphen-sv, hyphen-en-us, ...).
 *
 * Pattern files in another charset than UTF-8 (hyph_sv_SE.dic is ISO8859-1)
 * are converted to UTF-8 when opened, so words are always UTF-8.
 */
#ifndef HEJAPACK_HYPHENATE_H
#define HEJAPACK_HYPHENATE_H

#include <stddef.h>

typedef struct hyphenator hyphenator;

/* lang is a BCP 47 tag such as "sv", "sv-SE", "en", "en-US" (also "sv_SE").
 * Looks for hyph_<ll>_<RR>.dic, then hyph_<ll>.dic, then the usual region
 * for the language (sv: SE, en: US, ...), then any hyph_<ll>_*.dic.
 * On success returns a hyphenator the caller closes with hyph_close and sets
 * *err to NULL; on failure returns NULL and sets *err to a new message naming
 * the language, which the caller frees. */
hyphenator *hyph_open(const char *lang, char **err);

/* The same for one pattern file (path). */
hyphenator *hyph_open_file(const char *path, char **err);

/* Accepts NULL. */
void hyph_close(hyphenator *h);

/* Minimum fragment lengths in characters (code points) for pattern breaks;
 * defaults 2 and 3; values below 1 count as 1. They replace the pattern
 * file's own LEFTHYPHENMIN/RIGHTHYPHENMIN. */
void hyph_set_min(hyphenator *h, int left_chars, int right_chars);

typedef enum {
	HYPH_ADD_HYPHEN,  /* break here and add a hyphen (pattern point or soft hyphen) */
	HYPH_EXPLICIT,    /* break after a hyphen or dash already in the word; add nothing */
	HYPH_JOINT,       /* add a hyphen: the joint of a compound (typeset/compounds) */
	HYPH_WITHIN_PART, /* add a hyphen: a pattern point inside one part of a compound */
} hyph_kind;

/* Finds where the UTF-8 word (len bytes, need not be NUL-terminated) may be
 * broken. Returns the count and sets *points to a new array of byte offsets
 * into word, ascending, before which a break is allowed, and *kinds (unless
 * kinds is NULL) to a new array saying which kind each is. The caller frees
 * both; with no points both are set to NULL.
 *
 *  - Leading and trailing punctuation (quotes, brackets, stops, dashes...)
 *    is not part of the word; offsets still count from word.
 *  - '-', U+2010 HYPHEN and U+2013 EN DASH between letters allow a break
 *    after them (HYPH_EXPLICIT); the parts between them are hyphenated on
 *    their own ("Skaraborgs-projektet").
 *  - If the word has soft hyphens (U+00AD), only they give HYPH_ADD_HYPHEN
 *    points (the offset just after each, whatever the minimum lengths); the
 *    caller removes U+00AD from the text it sets.
 *  - No points at all for words containing a digit or one of @ / \ _ : . = &
 *    # % ~ + < > | (addresses, numbers, code, abbreviations), nor for
 *    invalid UTF-8. A part in capitals only and at most 4 letters long
 *    ("EU", "SVT") gets no pattern points.
 *  - Case does not matter: the word is lower-cased (Latin, Greek and
 *    Cyrillic letters) before pattern lookup.
 *  - A pattern point is never put before a combining mark, and pattern
 *    files' non-standard breaks (which change spelling) are not used.
 *  - In Swedish (a hyphenator opened by hyph_open for "sv"), a part of
 *    the word that typeset/compounds finds to be a compound gets its
 *    joints as HYPH_JOINT points, whether or not the patterns have a
 *    point there, and its other pattern points as HYPH_WITHIN_PART, so
 *    that the line breaker can prefer the joints; the minimum lengths
 *    hold for both. Other words' points are HYPH_ADD_HYPHEN. */
size_t hyph_points(hyphenator *h, const char *word, size_t len, size_t **points, hyph_kind **kinds);

/* The same answer as hyph_points without copying it: *points and *kinds
 * point into the hyphenator's cache and stay valid until the next call on h
 * (or hyph_close). */
size_t hyph_points_view(hyphenator *h, const char *word, size_t len, const size_t **points,
			const hyph_kind **kinds);

/* Where the patterns (Debian's hyphen-* packages) are read from: what a
 * cache of typeset output must take into account. */
#define HYPH_PATTERN_DIR "/usr/share/hyphen"

/* Hyphenators by language for a run: each language's patterns are found and
 * (lazily) loaded once, whichever part of the run asks. */
typedef struct hyph_library hyph_library;
hyph_library *hyph_library_new(void);
/* Another holder of lib: returns lib, which then lives until every holder
 * has called hyph_library_free. */
hyph_library *hyph_library_share(hyph_library *lib);
void hyph_library_free(hyph_library *lib);
/* The hyphenator for a BCP 47 tag, with minimum fragments of two letters on
 * each side; NULL when the language has no patterns (reported once). It
 * belongs to the library. */
hyphenator *hyph_library_get(hyph_library *lib, const char *lang);

/* hyph_library_get with the patterns loaded now rather than at the first
 * word: before worker processes are forked, so that they share one copy
 * and any trouble with the patterns is reported once, not by each. */
void hyph_library_preload(hyph_library *lib, const char *lang);

#endif
