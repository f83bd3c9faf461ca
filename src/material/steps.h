/* steps: the numbered steps of an exercise's phases, found in its Markdown.
 *
 * A phase's steps are the items of the first numbered list that follows its
 * heading (`## Börja`, `## Pröva`, `## Utveckla`) before the next heading of
 * level 1 or 2. A step's number is the one the reader sees: the list's start
 * number plus the item's position.
 */
#ifndef HEJAPACK_STEPS_H
#define HEJAPACK_STEPS_H

#include <cmark.h>

/* The list item of step `number` of `phase` (PHASE_BORJA ...), or NULL when
 * there is no such step. The node belongs to root. */
cmark_node *steps_find(cmark_node *root, int phase, int number);

/* Sets *first and *last to the numbers of the phase's first and last steps
 * and returns 1; returns 0 when the phase has no numbered list. */
int steps_range(cmark_node *root, int phase, int *first, int *last);

#endif
