/* hyphtable: hyphenation patterns compiled into the program.
 *
 * libhyphen needs about 10 ms to parse a pattern file of 100 KB, a third of
 * a one-page `hejapack pdf`. At build time tools/hyphtables.c parses the
 * pattern files the project installs (hyphen-sv, hyphen-en-us) with
 * patterns_parse and writes their automata out as C arrays; at run time a
 * pattern file whose bytes are those of a compiled one gets its HyphenDict
 * from the arrays, without parsing. Any other file (another Debian release's
 * patterns, a language the build did not compile) is parsed as before, so
 * the table can only make loading faster, never change a hyphen.
 */
#ifndef HEJAPACK_TYPESET_HYPHTABLE_H
#define HEJAPACK_TYPESET_HYPHTABLE_H

#include <stddef.h>
#include <stdint.h>
#include <hyphen.h>

/* One state of libhyphen's automaton; strings are offsets into the level's
 * pool (-1: none), transitions a run of the level's trans array. */
typedef struct {
	int32_t match, repl;
	signed char replindex, replcut;
	int32_t fallback_state;
	int32_t num_trans, first_trans;
} hyph_compiled_state;

/* One HyphenDict of the chain (libhyphen puts a default compound level in
 * front of the file's own patterns). pool and trans are not const because
 * libhyphen's structures point at them without const; nothing writes. */
typedef struct {
	char lhmin, rhmin, clhmin, crhmin;
	int32_t nohyphen;           /* offset into pool, -1: none */
	int nohyphenl;
	int utf8;
	const char *cset;
	int32_t num_states;
	const hyph_compiled_state *states;
	HyphenTrans *trans;
	unsigned char *pool;
} hyph_compiled_level;

typedef struct {
	const char *name;           /* the file compiled, for messages */
	size_t size;
	uint64_t fingerprint;       /* patterns_fingerprint of its bytes */
	size_t nlevels;
	const hyph_compiled_level *levels; /* levels[i + 1] is levels[i]'s nextlevel */
} hyph_compiled_table;

/* Defined by the generated out/gen/hyphtables.c. */
extern const hyph_compiled_table hyph_compiled_tables[];
extern const size_t hyph_compiled_count;

/* The dictionary compiled from a file with exactly these bytes, or NULL.
 * Free it with hyph_table_free, never hnj_hyphen_free. */
HyphenDict *hyph_table_dict(const char *raw, size_t len);
void hyph_table_free(HyphenDict *dict);

#endif
