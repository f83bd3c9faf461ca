#define _GNU_SOURCE /* memmem */
#include "material/markdown.h"

#include <stdlib.h>
#include <string.h>

#include "base/util.h"

/* cmark's smart punctuation has no option to leave some dashes alone, and
 * the text it replaced is gone from the smart tree. So the body is parsed
 * twice, with and without CMARK_OPT_SMART: smart punctuation changes the
 * literals of text nodes and nothing else, so the trees have the same
 * shape, and each smart literal can be walked beside its plain one to put
 * back the hyphens that stand between no words. Where the two disagree in
 * any way (they should not), the smart text is kept as cmark made it. */

static int is_break(cmark_node *n)
{
	cmark_node_type t = cmark_node_get_type(n);
	return t == CMARK_NODE_SOFTBREAK;
}

/* What stands on one side of a text node, across a soft line break: a
 * word (the last/first non-space letter of a neighbouring text, or an
 * inline such as emphasis or code), or nothing. */
static int word_char_before(unsigned char c)
{
	return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || c >= 0x80 ||
	       strchr(")]}\"'.,;:!?%*_", c) != NULL;
}

static int word_char_after(unsigned char c)
{
	return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || c >= 0x80 ||
	       strchr("([{\"'*_", c) != NULL;
}

static int word_beside(cmark_node *text, int after)
{
	cmark_node *n = after ? cmark_node_next(text) : cmark_node_previous(text);
	if (n && is_break(n))
		n = after ? cmark_node_next(n) : cmark_node_previous(n);
	if (!n || cmark_node_get_type(n) == CMARK_NODE_LINEBREAK)
		return 0;
	if (cmark_node_get_type(n) != CMARK_NODE_TEXT)
		return 1;
	const char *s = cmark_node_get_literal(n);
	size_t len = s ? strlen(s) : 0;
	if (after) {
		size_t i = 0;
		while (i < len && s[i] == ' ')
			i++;
		return i < len && word_char_after((unsigned char)s[i]);
	}
	while (len > 0 && s[len - 1] == ' ')
		len--;
	return len > 0 && word_char_before((unsigned char)s[len - 1]);
}

/* Whether the hyphens plain[at, at + n) stand between words. */
static int between_words(cmark_node *text, const char *plain, size_t at, size_t n)
{
	size_t len = strlen(plain);
	size_t i = at;
	while (i > 0 && plain[i - 1] == ' ')
		i--;
	int before = i > 0 ? word_char_before((unsigned char)plain[i - 1]) : word_beside(text, 0);
	size_t k = at + n;
	while (k < len && plain[k] == ' ')
		k++;
	int after = k < len ? word_char_after((unsigned char)plain[k]) : word_beside(text, 1);
	return before && after;
}

static int starts(const char *s, const char *with)
{
	return strncmp(s, with, strlen(with)) == 0;
}

/* The smart literal with the hyphens put back where they stand between no
 * words; NULL when nothing changes or the literals do not line up. */
static char *restore_hyphens(cmark_node *text, const char *plain, const char *smart)
{
	buf out;
	buf_init(&out);
	size_t i = 0, j = 0;
	int changed = 0;
	while (plain[i]) {
		if (plain[i] == '-' && plain[i + 1] == '-' && smart[j] != '-') {
			size_t n = 0;
			while (plain[i + n] == '-')
				n++;
			/* cmark spends the hyphens on em dashes (3 each) and en
			 * dashes (2 each). */
			size_t weight = 0, from = j;
			while (weight < n && (starts(smart + j, "\xE2\x80\x94") || starts(smart + j, "\xE2\x80\x93"))) {
				weight += smart[j + 2] == '\x94' ? 3 : 2;
				j += 3;
			}
			if (weight != n)
				goto mismatch;
			if (between_words(text, plain, i, n)) {
				buf_append(&out, smart + from, j - from);
			} else {
				buf_append(&out, plain + i, n);
				changed = 1;
			}
			i += n;
		} else if (plain[i] == '"' && (starts(smart + j, "\xE2\x80\x9C") || starts(smart + j, "\xE2\x80\x9D"))) {
			buf_append(&out, smart + j, 3);
			i++, j += 3;
		} else if (plain[i] == '\'' && (starts(smart + j, "\xE2\x80\x98") || starts(smart + j, "\xE2\x80\x99"))) {
			buf_append(&out, smart + j, 3);
			i++, j += 3;
		} else if (starts(plain + i, "...") && starts(smart + j, "\xE2\x80\xA6")) {
			buf_append(&out, smart + j, 3);
			i += 3, j += 3;
		} else if (plain[i] == smart[j]) {
			buf_append(&out, plain + i, 1);
			i++, j++;
		} else {
			goto mismatch;
		}
	}
	if (smart[j] || !changed)
		goto mismatch;
	return buf_detach(&out, NULL);
mismatch:
	buf_free(&out);
	return NULL;
}

cmark_node *markdown_parse(const char *text, size_t len)
{
	cmark_node *smart = cmark_parse_document(text, len, CMARK_OPT_SMART);
	if (!memmem(text, len, "--", 2))
		return smart; /* the common case: nothing to put back, one parse */
	cmark_node *plain = cmark_parse_document(text, len, CMARK_OPT_DEFAULT);
	cmark_iter *si = cmark_iter_new(smart), *pi = cmark_iter_new(plain);
	cmark_event_type se, pe;
	while ((se = cmark_iter_next(si)) != CMARK_EVENT_DONE) {
		pe = cmark_iter_next(pi);
		cmark_node *s = cmark_iter_get_node(si), *p = cmark_iter_get_node(pi);
		if (pe != se || cmark_node_get_type(s) != cmark_node_get_type(p))
			break; /* not the same shape after all: keep cmark's text */
		if (se != CMARK_EVENT_ENTER || cmark_node_get_type(s) != CMARK_NODE_TEXT)
			continue;
		const char *pl = cmark_node_get_literal(p), *sl = cmark_node_get_literal(s);
		if (!pl || !sl || !strstr(pl, "--"))
			continue;
		char *fixed = restore_hyphens(p, pl, sl);
		if (fixed) {
			cmark_node_set_literal(s, fixed);
			free(fixed);
		}
	}
	cmark_iter_free(si);
	cmark_iter_free(pi);
	cmark_node_free(plain);
	return smart;
}

cmark_node *markdown_parse_body(const document *d)
{
	return markdown_parse(d->source + d->body_offset, d->source_len - d->body_offset);
}
