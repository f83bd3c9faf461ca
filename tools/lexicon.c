/* lexicon: compiles a word list into the table of src/typeset/lexicon.h.
 *
 * Usage: lexicon < WORDS > lexicon.bin
 *
 * WORDS has one form per line, in UTF-8, as Debian's hunspell-tools prints
 * them with `unmunch` from a hunspell dictionary. Each form is lower-cased;
 * forms holding anything but letters (numbers, abbreviations with a stop,
 * rules' placeholders) and forms of fewer than two letters are left out.
 * The table is written in one fixed order (the forms sorted), so the same
 * list gives the same bytes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicase.h>
#include <unictype.h>
#include <unistr.h>

#include "base/util.h"
#include "typeset/lexicon.h"

#define MAX_FORM_BYTES 96

static int compare_strings(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The lower-cased form, or NULL when it is not one the table keeps. */
static char *normalise(const char *line, size_t len)
{
	const uint8_t *s = (const uint8_t *)line;
	size_t letters = 0;
	for (size_t at = 0; at < len;) {
		ucs4_t c;
		int step = u8_mbtouc(&c, s + at, len - at);
		if (step <= 0 || c == 0xFFFD || !uc_is_alpha(c))
			return NULL;
		letters++;
		at += (size_t)step;
	}
	if (letters < 2)
		return NULL;
	size_t out_len = 0;
	uint8_t *lower = u8_tolower(s, len, NULL, NULL, NULL, &out_len);
	if (!lower || out_len > MAX_FORM_BYTES) {
		free(lower);
		return NULL;
	}
	char *form = xstrndup((const char *)lower, out_len);
	free(lower);
	return form;
}

int main(void)
{
	char **forms = NULL;
	size_t n = 0, cap = 0;
	char *line = NULL;
	size_t line_cap = 0;
	ssize_t got;
	while ((got = getline(&line, &line_cap, stdin)) >= 0) {
		size_t len = (size_t)got;
		while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			len--;
		char *form = normalise(line, len);
		if (!form)
			continue;
		if (n == cap) {
			cap = cap ? 2 * cap : 65536;
			forms = xreallocarray(forms, cap, sizeof *forms);
		}
		forms[n++] = form;
	}
	free(line);
	if (ferror(stdin)) {
		fprintf(stderr, "lexicon: cannot read the word list\n");
		return 1;
	}
	qsort(forms, n, sizeof *forms, compare_strings);
	size_t unique = 0;
	for (size_t i = 0; i < n; i++) {
		if (unique && strcmp(forms[unique - 1], forms[i]) == 0) {
			free(forms[i]);
			continue;
		}
		forms[unique++] = forms[i];
	}
	if (unique < 1000) {
		fprintf(stderr, "lexicon: only %zu forms read: is the dictionary (hunspell-sv) installed?\n", unique);
		return 1;
	}
	/* At most four fifths full: 4 MB for Swedish's 820 000 forms. A failed
	 * lookup, the common case, then probes about 13 slots on average, 52
	 * bytes side by side: a cache line or two, where a half-full table
	 * would read about as many lines from twice the pages. */
	uint32_t bits = 10;
	while (((size_t)1 << bits) * 4 < 5 * unique)
		bits++;
	size_t slots = (size_t)1 << bits;
	uint32_t *table = xcalloc(slots, sizeof *table);
	size_t longest_run = 0;
	for (size_t i = 0; i < unique; i++) {
		uint64_t h = lexicon_hash(forms[i], strlen(forms[i]));
		uint32_t fp = lexicon_fingerprint(h);
		size_t at = lexicon_slot(h, bits), run = 0;
		while (table[at] && table[at] != fp) {
			at = (at + 1) & (slots - 1);
			run++;
		}
		table[at] = fp; /* two forms of one fingerprint need only one slot */
		if (run > longest_run)
			longest_run = run;
		free(forms[i]);
	}
	free(forms);
	lexicon_header header;
	memset(&header, 0, sizeof header);
	memcpy(header.magic, LEXICON_MAGIC, sizeof header.magic);
	header.slot_bits = bits;
	header.words = (uint32_t)unique;
	int ok = fwrite(&header, sizeof header, 1, stdout) == 1 && fwrite(table, sizeof *table, slots, stdout) == slots &&
		 fflush(stdout) == 0;
	free(table);
	if (!ok) {
		fprintf(stderr, "lexicon: cannot write the table\n");
		return 1;
	}
	fprintf(stderr, "lexicon: %zu forms in %zu slots (longest probe %zu)\n", unique, slots, longest_run);
	return 0;
}
