/* ties: where the typesetter must not break a line, whatever the text's
 * spaces say.
 *
 * Swedish (and English) practice keeps together what reads as one unit:
 * digit groups ("3 573 324"), a number and its unit ("45 minuter",
 * "10 %"), a sign or abbreviation and its number ("§ 5", "nr 3",
 * "SEK 4 454 300"), the halves of a spaced abbreviation ("t. ex."), a
 * name and its number or version ("ISO 56002", "CC BY-SA 4.0"), and a
 * range between numbers ("2021–2022"). The author may type ordinary
 * spaces; the paragraph setter asks here.
 */
#ifndef HEJAPACK_TIES_H
#define HEJAPACK_TIES_H

#include <stddef.h>

/* How firmly two words are held together. A hard tie is never broken:
 * one number's digit groups, the halves of an abbreviation. A soft tie
 * (a number and its unit, a sign and its number, a name and its number)
 * is kept unless the paragraph cannot be set without a line spaced out
 * past the tolerance: "SEK" at a line's end and "3 161 000" on the next
 * is a lesser fault than a line of gaping spaces. */
typedef enum { TIE_NONE, TIE_SOFT, TIE_HARD } tie_strength;

/* The tie between two words (UTF-8, as they stand in the text, punctuation
 * included). */
tie_strength ties_space(const char *prev, size_t prev_len, const char *next, size_t next_len);

/* Whether a line may break after the dash (hyphen or en dash) that ends at
 * byte `at` of word (the dash is word[at - dash_len .. at)): not inside a
 * range of numbers ("2021–2022", "2021-02447"), nor where it would leave
 * fewer than two characters before it or three after it ("BY-SA"). */
int ties_dash_breaks(const char *word, size_t len, size_t at, size_t dash_len);

#endif
