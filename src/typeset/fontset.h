/* fontset: the faces a document is set in, found in the fonts directory, and
 * the choice of a fallback face for characters a face lacks.
 */
#ifndef HEJAPACK_FONTSET_H
#define HEJAPACK_FONTSET_H

#include <stdint.h>

#include "typeset/displaylist.h"
#include "typeset/font.h"

typedef struct fontset fontset;

/* Finds the fonts directory: $HEJAPACK_FONTS, the checkout's fonts/ next to
 * the running binary (out/build/hejapack), or the installed data directory.
 * Returns a new string the caller frees, or NULL after diag(). */
char *fontset_find_dir(void);

/* Opens the body faces in dir (fallback faces are opened when first needed).
 * Returns NULL after diag() when a face is missing or unreadable. */
fontset *fontset_open(const char *dir);
void fontset_close(fontset *fs);

/* The metrics of a face; NULL only for a fallback face that is not installed. */
font *fontset_face(fontset *fs, face_id face);
/* The file a face comes from (the renderer embeds it). */
const char *fontset_path(const fontset *fs, face_id face);

/* The face to draw cp with when `preferred` is wanted: preferred itself when
 * it has the glyph, else the first fallback face that does. FACE_COUNT when
 * no face has it. */
face_id fontset_resolve(fontset *fs, face_id preferred, uint32_t cp);

#endif
