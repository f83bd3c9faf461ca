#include "typeset/ties.h"

#include <string.h>

#include "base/utf8.h"

/* Units and counted things that follow a number. */
static const char *const units[] = {
	"%", "‰", "°C", "min", "minut", "minuter", "minuters", "h", "tim", "timme", "timmar", "timmars", "s",
	"sek", "sekunder", "dag", "dagar", "dygn", "vecka", "veckor", "månad", "månader", "år", "kr", "kronor",
	"krona", "öre", "tkr", "mkr", "Mkr", "miljoner", "miljarder", "procent", "st", "stycken", "personer",
	"deltagare", "sidor", "mm", "cm", "m", "km", "g", "kg", "l", "pt", "dpi", "MB", "GB", "kB", "SEK", "EUR",
	"USD", "euro", "euros", "pounds", "dollars", "minute", "minutes", "hour", "hours", "day", "days", "week", "weeks", "month", "months", "year",
	"years", "people", "participants", "percent", "pages",
};

/* Signs and abbreviations that stand before a number. */
static const char *const before_number[] = {
	"§", "§§", "nr", "nr.", "no.", "No.", "s.", "sid.", "kap.", "p.", "ca", "ca.", "cirka", "kl.", "SEK", "EUR",
	"USD", "kr", "vecka", "v.", "år", "page", "chapter",
};

/* Spaced abbreviations: first half, second half. */
static const char *const halves[][2] = {
	{ "t.", "ex." }, { "bl.", "a." }, { "m.", "m." }, { "s.", "k." }, { "o.", "s.v." }, { "d.", "v.s." },
	{ "d.", "ä." }, { "f.", "d." }, { "p.", "g.a." }, { "e.", "g." }, { "i.", "e." },
};

static int in_list(const char *const *list, size_t n, const char *w, size_t len)
{
	for (size_t i = 0; i < n; i++)
		if (strlen(list[i]) == len && memcmp(list[i], w, len) == 0)
			return 1;
	return 0;
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Length of w without the punctuation a word may carry after it. */
static size_t trim_after(const char *w, size_t len)
{
	while (len && strchr(",;:!?)]\xE2\x80\x9D\"'", w[len - 1]) && w[len - 1])
		len--;
	/* A full stop ends a sentence after a unit ("45 min."), but is part of
	 * an abbreviation ("kap."): the caller tries both. */
	return len;
}

static int all_digits(const char *w, size_t len)
{
	if (!len)
		return 0;
	for (size_t i = 0; i < len; i++)
		if (!is_digit(w[i]))
			return 0;
	return 1;
}

/* A number as it stands before a unit: digits with decimal commas or
 * points, a range of them ("10–15"), a sign before it. */
static int is_number(const char *w, size_t len)
{
	size_t i = 0;
	if (len && (w[0] == '+' || w[0] == '-'))
		i++;
	if (i >= len || !is_digit(w[i]))
		return 0;
	for (; i < len; i++) {
		if (is_digit(w[i]) || w[i] == ',' || w[i] == '.')
			continue;
		if (len - i >= 3 && memcmp(w + i, "\xE2\x80\x93", 3) == 0) {
			i += 2;
			continue;
		}
		return 0;
	}
	return is_digit(w[len - 1]);
}

/* An acronym or name in capitals ("ISO", "CC", "BY-SA", "SS-EN", "CC0"). */
static int is_capitals(const char *w, size_t len)
{
	size_t caps = 0;
	if (len < 2)
		return 0;
	for (size_t i = 0; i < len; i++) {
		if (w[i] >= 'A' && w[i] <= 'Z')
			caps++;
		else if (w[i] != '-' && !is_digit(w[i]))
			return 0;
	}
	return caps >= 2 || (caps == 1 && len == 3 && is_digit(w[2]));
}

tie_strength ties_space(const char *prev, size_t prev_len, const char *next, size_t next_len)
{
	if (!prev_len || !next_len)
		return TIE_NONE;
	size_t next_core = trim_after(next, next_len);
	/* Digit groups: "3 573 324". The group after is exactly three digits. */
	if (all_digits(prev, prev_len) && prev_len <= 3 && next_core == 3 && all_digits(next, 3))
		return TIE_HARD;
	/* A number and its unit: "45 minuter", "10 %", "1,5 timmar". */
	if (is_number(prev, prev_len)) {
		size_t core = next_core;
		if (core > 1 && next[core - 1] == '.' && !in_list(units, sizeof units / sizeof *units, next, core))
			core--;
		if (in_list(units, sizeof units / sizeof *units, next, core))
			return TIE_SOFT;
	}
	/* A sign or abbreviation before its number: "§ 5", "SEK 4 454 300". */
	if (is_digit(next[0]) && in_list(before_number, sizeof before_number / sizeof *before_number, prev, prev_len))
		return TIE_SOFT;
	/* The halves of a spaced abbreviation: "t. ex.". */
	for (size_t i = 0; i < sizeof halves / sizeof *halves; i++) {
		size_t a = strlen(halves[i][0]), b = strlen(halves[i][1]);
		if (prev_len == a && memcmp(prev, halves[i][0], a) == 0 && next_core >= b &&
		    memcmp(next, halves[i][1], b) == 0)
			return TIE_HARD;
	}
	/* A name in capitals and what follows it as its part or number:
	 * "CC BY-SA 4.0", "ISO 56002", "CC0 1.0". */
	if (is_capitals(prev, prev_len) && (is_digit(next[0]) || (is_capitals(next, next_core) &&
								     prev_len == 2 && memcmp(prev, "CC", 2) == 0)))
		return TIE_SOFT;
	return TIE_NONE;
}

/* Whether s (n bytes of UTF-8) holds at least k characters, looking at no
 * more of it than that takes. */
static int chars_at_least(const char *s, size_t n, size_t k)
{
	size_t count = 0;
	for (size_t i = 0; i < n && count < k; i++)
		count += ((unsigned char)s[i] & 0xC0) != 0x80;
	return count >= k;
}

/* The same for the characters just before s + n. */
static int chars_at_least_before(const char *s, size_t n, size_t k)
{
	size_t count = 0;
	for (size_t i = n; i > 0 && count < k; i--)
		count += ((unsigned char)s[i - 1] & 0xC0) != 0x80;
	return count >= k;
}

int ties_dash_breaks(const char *word, size_t len, size_t at, size_t dash_len)
{
	if (at < dash_len || at > len)
		return 0;
	size_t dash = at - dash_len;
	if (dash > 0 && at < len && is_digit(word[dash - 1]) && is_digit(word[at]))
		return 0;
	/* Only the few characters next to the dash matter: counting whole
	 * words made a word of many dashes quadratic. */
	return chars_at_least_before(word, dash, 2) && chars_at_least(word + at, len - at, 3);
}
