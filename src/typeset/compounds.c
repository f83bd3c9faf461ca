/* compounds: a word divided into the fewest dictionary forms, by dynamic
 * programming from its end (see compounds.h for what is looked for). */
#include "typeset/compounds.h"

#include <stdint.h>
#include <string.h>

#include "typeset/lexicon.h"

/* The table, from out/gen/lexicon-sv.S (tools/lexicon.c). */
extern const unsigned char hejapack_lexicon_sv[];
extern const unsigned char hejapack_lexicon_sv_end[];

#define MIN_PART_CHARS 3
#define NONE 0xFF

static const lexicon_header *lexicon(void)
{
	size_t size = (size_t)(hejapack_lexicon_sv_end - hejapack_lexicon_sv);
	const lexicon_header *h = (const lexicon_header *)(const void *)hejapack_lexicon_sv;
	if (size < sizeof *h || memcmp(h->magic, LEXICON_MAGIC, sizeof h->magic) != 0 || h->slot_bits > 30 ||
	    size < sizeof *h + ((size_t)4 << h->slot_bits))
		return NULL;
	return h;
}

size_t compound_lexicon_words(void)
{
	const lexicon_header *h = lexicon();
	return h ? h->words : 0;
}

static int is_form(const lexicon_header *lex, const char *word, size_t len)
{
	const uint32_t *slot = (const uint32_t *)(const void *)(lex + 1);
	size_t mask = ((size_t)1 << lex->slot_bits) - 1;
	uint64_t h = lexicon_hash(word, len);
	uint32_t fp = lexicon_fingerprint(h);
	for (size_t at = lexicon_slot(h, lex->slot_bits); slot[at]; at = (at + 1) & mask)
		if (slot[at] == fp)
			return 1;
	return 0;
}

int compound_is_form(const char *word, size_t len)
{
	const lexicon_header *lex = lexicon();
	return lex && is_form(lex, word, len);
}

size_t compound_joints(const char *word, size_t len, size_t joints[COMPOUND_MAX_JOINTS])
{
	const lexicon_header *lex = lexicon();
	if (!lex || len < 2 * MIN_PART_CHARS)
		return 0;
	/* Character starts: a part is a run of whole characters. */
	size_t at[COMPOUND_MAX_CHARS + 1];
	size_t n = 0;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)word[i];
		if ((c & 0xC0) == 0x80)
			continue;
		if (n == COMPOUND_MAX_CHARS)
			return 0;
		at[n++] = i;
	}
	at[n] = len;
	if (n < 2 * MIN_PART_CHARS || is_form(lex, word, len))
		return 0;
	/* parts[k]: the fewest parts that make up characters k..n (NONE: no
	 * way); next[k]: where the first of them ends. */
	unsigned char parts[COMPOUND_MAX_CHARS + 1], next[COMPOUND_MAX_CHARS + 1];
	memset(parts, NONE, sizeof parts);
	for (size_t k = n - MIN_PART_CHARS + 1; k-- > 0;) {
		if (k > 0 && is_form(lex, word + at[k], len - at[k])) {
			parts[k] = 1;
			next[k] = (unsigned char)n;
			continue;
		}
		/* Among ways of as few parts, the shortest first part wins, so
		 * the longer rest: "idé|slussar", not "idés|lussar";
		 * "snabb|test", not "snabbt|est" (79 compounds of the
		 * material that hunspell takes apart: 74 found as hunspell
		 * divides them, against 69 the other way round). */
		for (size_t j = k + MIN_PART_CHARS; j + MIN_PART_CHARS <= n; j++) {
			if (parts[j] == NONE || parts[j] + 1 > COMPOUND_MAX_JOINTS + 1 ||
			    (parts[k] != NONE && parts[j] + 1 >= parts[k]))
				continue;
			const char *part = word + at[k];
			size_t part_len = at[j] - at[k];
			int linked = word[at[j] - 1] == 's' && j - 1 >= k + MIN_PART_CHARS &&
				     is_form(lex, part, part_len - 1);
			if (linked || is_form(lex, part, part_len)) {
				parts[k] = (unsigned char)(parts[j] + 1);
				next[k] = (unsigned char)j;
			}
		}
	}
	if (parts[0] == NONE || parts[0] < 2)
		return 0;
	size_t count = 0;
	for (size_t k = next[0]; k < n; k = next[k])
		joints[count++] = at[k];
	return count;
}
