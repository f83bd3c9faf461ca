/* compounds: where a Swedish compound word joins its parts.
 *
 * Swedish writes compounds as one word ("projektrapporten",
 * "kompetensförsörjning"); a reader takes in a word divided at a joint
 * ("projekt-rapporten") at once, and stumbles on one divided inside a
 * part ("projektrap-porten"). Hyphenation patterns do not know the
 * difference, so the hyphenator asks here.
 *
 * The parts are found in the word forms of Debian's Swedish hunspell
 * dictionary (hunspell-sv), compiled into the program at build time
 * (typeset/lexicon.h; hunspell itself needs about 80 ms to load them,
 * several times a one-page document). A word is divided into the fewest
 * parts of at least three letters each that are all forms of the
 * dictionary, a part before the last also with a linking "s"
 * ("innovations|arbete"). A word that is a form of its own as it stands
 * is left whole: the dictionary lists a few compounds, and many simple
 * words that happen to split into two short words ("gene|ration").
 */
#ifndef HEJAPACK_TYPESET_COMPOUNDS_H
#define HEJAPACK_TYPESET_COMPOUNDS_H

#include <stddef.h>

/* The most joints compound_joints reports, and the longest word it looks
 * at in characters (longer ones are no compound of real words). */
#define COMPOUND_MAX_JOINTS 7
#define COMPOUND_MAX_CHARS 64

/* Where the lower-case UTF-8 word (len bytes, letters only) joins its
 * parts: byte offsets, ascending, each the start of a part after the
 * first, written to joints; returns how many (0: not found to be a
 * compound, or no lexicon compiled in). */
size_t compound_joints(const char *word, size_t len, size_t joints[COMPOUND_MAX_JOINTS]);

/* Whether the lower-case word is a form of the compiled dictionary. */
int compound_is_form(const char *word, size_t len);

/* How many forms the compiled dictionary holds (0: none compiled in). */
size_t compound_lexicon_words(void);

#endif
