/* utf8: validation and decoding of UTF-8 text. */
#ifndef HEJAPACK_UTF8_H
#define HEJAPACK_UTF8_H

#include <stddef.h>
#include <stdint.h>

#define UTF8_REPLACEMENT 0xFFFDu

/* Length of the valid UTF-8 prefix of s[0..len): len when all is valid.
 * Rejects overlong forms, surrogates and code points above U+10FFFF. */
size_t utf8_valid_prefix(const char *s, size_t len);

/* Decodes the code point at s[*i], advancing *i by at least one byte.
 * An invalid sequence gives UTF8_REPLACEMENT and advances one byte.
 * Inline for ASCII, most of what the layout reads. */
uint32_t utf8_next_multibyte(const char *s, size_t len, size_t *i);
static inline uint32_t utf8_next(const char *s, size_t len, size_t *i)
{
	unsigned char c = (unsigned char)s[*i];
	if (c < 0x80) {
		(*i)++;
		return c;
	}
	return utf8_next_multibyte(s, len, i);
}

/* Appends the UTF-8 form of cp (4 bytes at most) to out; returns its length. */
size_t utf8_encode_cp(uint32_t cp, char out[4]);

/* Number of code points in s[0..len) (invalid bytes count one each). */
size_t utf8_count(const char *s, size_t len);

#endif
