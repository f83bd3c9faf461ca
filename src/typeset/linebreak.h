/* linebreak: Knuth-Plass total-fit line breaking over abstract items.
 *
 * Knows nothing of fonts or PDF: the caller turns a paragraph into boxes
 * (material of fixed width), glue (space that may stretch or shrink) and
 * penalties (possible breaks with a cost), and gets back where each line ends
 * and how much its glue must stretch or shrink.
 *
 * Calling rule (as in TeX):
 *   - End every paragraph with  penalty(+LB_INFINITY)  glue(0, LB_FIL, 0)
 *     penalty(-LB_INFINITY): the first stops a break before the finishing
 *     glue, the glue fills the last line, the forced penalty ends it.
 *     (If items[n-1] is not a forced penalty, it is treated as if one
 *     followed it; the last line then ends at n-1 and includes that item.)
 *   - A line may break at a glue item that directly follows a box, or at a
 *     penalty below LB_INFINITY. A break at glue drops that glue; a break at a
 *     penalty adds the penalty's width (the hyphen) to the end of the line.
 *   - After a break, the glue and penalties up to the next box (or forced
 *     penalty) are discarded: lb_line_start() gives the first item the caller
 *     places on each line. Nothing is discarded at the start of line 0, so an
 *     indent is a box (or glue) at the start of the list.
 *   - Widths, stretch and shrink are in any one unit (points, say); stretch
 *     and shrink must be finite and >= 0.
 *   - Font expansion (lb_params.expansion > 0): the width of the items marked
 *     expandable (glyphs) may grow or shrink by up to that fraction, as
 *     pdfTeX's does. It counts as stretch and shrink when a line is judged,
 *     and a line takes all it needs from the glyphs before its glue moves,
 *     so its spaces stay as near their natural width as the limit allows.
 *     Lines with fill glue (a paragraph's last) never widen their glyphs.
 */
#ifndef HEJAPACK_LINEBREAK_H
#define HEJAPACK_LINEBREAK_H

#include <stddef.h>

typedef enum { LB_BOX, LB_GLUE, LB_PENALTY } lb_kind;

#define LB_INFINITY 10000.0 /* penalty >= this forbids a break, <= -this forces one */
/* Stretch for finishing glue: finite (ratios stay finite) but large enough
 * that ordinary glue on the last line moves by a negligible amount. */
#define LB_FIL 1.0e7

typedef struct {
	lb_kind kind;
	double width;           /* box/glue: natural width; penalty: width added if the line breaks here (hyphen) */
	double stretch, shrink; /* glue only */
	double penalty;         /* penalty only */
	int flagged;            /* penalty only: 1 = hyphenation break (ignored on a forced penalty) */
	int expandable;         /* box, or a penalty's width: glyphs that expansion may scale */
	/* Margin protrusion (lb_params.protrusion): how far the item may hang
	 * into the margin when it begins a line (a box's first glyph: an
	 * opening quote) or ends one (a box's last glyph before a break at the
	 * glue after it, or a penalty's hyphen). */
	double protrude_left, protrude_right;
} lb_item;

typedef struct {
	double tolerance;         /* max adjustment ratio accepted in the first pass, e.g. 2.0 */
	double emergency_stretch; /* extra stretch per line allowed in a second pass (0 = no such pass) */
	double line_penalty;      /* e.g. 10 */
	double hyphen_demerits;   /* extra demerits for consecutive flagged breaks, e.g. 3000 */
	double fitness_demerits;  /* for adjacent lines whose fitness classes differ by more than 1, e.g. 100 */
	int max_hyphen_run;       /* hard limit on consecutive hyphenated lines, e.g. 2; <= 0 = no limit */
	double last_line_fill;    /* ignored: the caller's finishing glue (see above) fills the last line */
	/* Added beyond the original brief: */
	double final_hyphen_demerits; /* when the second-to-last line is hyphenated, e.g. 5000 */
	/* Breaks that reach the same item with different line counts are kept
	 * apart while the count is below shaped_lines, and merged (keeping the
	 * cheaper so far) from there on. Every line is still measured with its own
	 * line_width(k); merging only costs optimality, and only when widths still
	 * change after line shaped_lines. It is what keeps long paragraphs linear:
	 * SIZE_MAX (exact for any shape) makes a 20 000-word paragraph ~50 times
	 * slower. Default 64: exact for drop caps, hanging indents and run-arounds
	 * in the first 64 lines. */
	size_t shaped_lines;
	/* Stretch every line has besides its glue, as TeX's \rightskip: ragged
	 * text sets it so that a line of one word is judged by how short it is,
	 * not as infinitely bad for having no space to stretch. 0 = none. */
	double line_stretch;
	/* Demerits when the last line holds only the rest of a word hyphenated
	 * on the line before ("Innova-" / "tion."), e.g. 1e7: dearer than a line spaced out to the tolerance. */
	double lonely_fragment_demerits;
	/* Font expansion: expandable items may be up to this fraction wider or
	 * narrower (0.02 = 2 %), one scale per line. 0 = none. */
	double expansion;
	/* Margin protrusion: each line may be wider by what its first and last
	 * items may hang into the margins (lb_item.protrude_*); the caller sets
	 * the line from -protrude_left (lb_line). 0 = none. */
	int protrusion;
} lb_params;

/* tolerance 2, emergency_stretch 0, line_penalty 10, hyphen_demerits 3000,
 * fitness_demerits 100, max_hyphen_run 2, final_hyphen_demerits 5000,
 * shaped_lines 64, line_stretch 0, lonely_fragment_demerits 1e7, expansion 0, protrusion 0. */
void lb_params_default(lb_params *p);

typedef struct {
	size_t end;     /* index of the break item (glue or penalty) ending the line; the last line ends at n-1 */
	double ratio;   /* adjustment ratio r: >0 stretch, <0 shrink; the caller distributes r*stretch or
	                   r*shrink over the glue of the line. Never below -1: an overfull line is set fully
	                   shrunk. 0 when the line is short but has no stretch at all. */
	int hyphenated; /* line ends at a flagged penalty */
	int overfull;   /* the line is wider than its measure even fully shrunk */
	int underfull;  /* the line is looser than the tolerance (ratio > tolerance, or short with no stretch) */
	double scale;   /* width factor of the line's expandable items, within 1 +/- expansion; 1 = none.
	                   ratio is what the glue does on top of it. */
	double protrude_left, protrude_right; /* how far the line hangs into each margin (0 without protrusion) */
} lb_line;

/* Breaks items[0..n) into lines whose widths come from line_width(line, ctx)
 * (line numbers from 0; allows hanging indents and shaped paragraphs;
 * line_width must give the same answer every time it is asked about a line).
 * Returns the number of lines and sets *lines to a new array the caller frees
 * (NULL when n == 0, which gives 0 lines).
 *
 * Passes: (1) lines with -1 <= r <= tolerance; (2) if emergency_stretch > 0,
 * the same with that much extra stretch per line when judging looseness;
 * (3) if both fail, lines looser than the tolerance and overfull lines are
 * accepted: the breaking with the smallest total overfull amount wins, then
 * the fewest demerits. Never fails. max_hyphen_run holds in every pass.
 *
 * Cost: about (items) x (active nodes) per pass; active nodes are the breaks
 * within about a line's width before the current item, times their distinct
 * states (fitness class, hyphen run, line count below shaped_lines). */
size_t lb_break(const lb_item *items, size_t n, double (*line_width)(size_t line, void *ctx), void *ctx,
                const lb_params *params, lb_line **lines);

/* Index of the first item the caller places on line `line` (less than the
 * count lb_break returned for the same items): 0 for line 0; otherwise the
 * first box or forced penalty after the previous line's end, or
 * lines[line].end if there is none before it. The line's material is
 * items[start .. end) plus the width of items[end] if that is a penalty. */
size_t lb_line_start(const lb_item *items, size_t n, const lb_line *lines, size_t line);

#endif
