/* lexicon: the format of a word list compiled into the program, shared by
 * the tool that writes it (tools/lexicon.c) and typeset/compounds, which
 * reads it.
 *
 * A list of about 800 000 word forms held as strings would take some 11 MB;
 * what the reader needs is only "is this a word?", so the table keeps a
 * 32-bit fingerprint of each form in an open-addressed table of 2^bits
 * slots (linear probing; 0 marks an empty slot). A lookup reads one or two
 * cache lines. A string that is not a form is taken for one only if its
 * fingerprint equals that of a form in the few slots probed: with 32 bits,
 * about once in a few hundred million lookups, and then a word is divided
 * at a place that was no joint, a lesser fault than the one it prevents.
 */
#ifndef HEJAPACK_TYPESET_LEXICON_H
#define HEJAPACK_TYPESET_LEXICON_H

#include <stddef.h>
#include <stdint.h>

#define LEXICON_MAGIC "HJLEX01"  /* with its NUL: 8 bytes */

typedef struct {
	char magic[8];
	uint32_t slot_bits;        /* the table has 1 << slot_bits slots */
	uint32_t words;
	/* then uint32_t slot[1 << slot_bits] */
} lexicon_header;

/* FNV-1a over the bytes, then a 64-bit finalizer so that the high bits
 * (the slot) and the low bits (the fingerprint) are both well mixed. */
static inline uint64_t lexicon_hash(const char *s, size_t len)
{
	uint64_t h = 0xcbf29ce484222325u;
	for (size_t i = 0; i < len; i++) {
		h ^= (unsigned char)s[i];
		h *= 0x100000001b3u;
	}
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdu;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53u;
	h ^= h >> 33;
	return h;
}

static inline uint32_t lexicon_fingerprint(uint64_t h)
{
	uint32_t fp = (uint32_t)h;
	return fp ? fp : 1;
}

static inline size_t lexicon_slot(uint64_t h, uint32_t slot_bits)
{
	return (size_t)(h >> (64 - slot_bits));
}

#endif
