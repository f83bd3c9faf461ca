/* patterns: a hyphenation pattern file's bytes made into libhyphen's
 * automaton (HyphenDict), whatever charset the file declares.
 *
 * libhyphen only counts positions in code points for UTF-8 files, so a file
 * in another charset (hyph_sv_SE.dic is ISO8859-1) is converted in memory
 * with iconv first; the dictionary is then always UTF-8. The tool that
 * compiles patterns into the program (tools/hyphtables.c) goes through this
 * same function, so a compiled table and a parsed file cannot differ.
 */
#ifndef HEJAPACK_TYPESET_PATTERNS_H
#define HEJAPACK_TYPESET_PATTERNS_H

#include <stddef.h>
#include <stdint.h>
#include <hyphen.h>

/* Whether a pattern file's first line names a charset this can read. */
int patterns_charset_supported(const char *charset);

/* The dictionary for the file PATH (named in messages) holding LEN bytes at
 * RAW; NULL with *err (caller frees) when they are not a pattern file or
 * cannot be converted. Free the result with hnj_hyphen_free. */
HyphenDict *patterns_parse(const char *path, const char *raw, size_t len, char **err);

/* 64-bit FNV-1a of a pattern file's bytes: tells the file a table was
 * compiled from from an edited one (not a defence against anyone: whoever
 * can edit the file can change the hyphenation anyway). */
uint64_t patterns_fingerprint(const char *raw, size_t len);

#endif
