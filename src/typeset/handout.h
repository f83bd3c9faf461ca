/* handout: the workshop handout of an exercise, for the people in the room.
 *
 * The exercise comes first, set in the handout style (style_for_handout: a
 * larger body for reading at arm's length). Worksheets follow, one part per
 * phase that declares steps under `worksheet:` in the front matter: a band
 * with the phase, who works and its minutes, a name field (Börja and
 * Utveckla are personal sheets) or a group field (Pröva), then every declared
 * step with its number and text (or its prompt) and ruled writing lines at
 * the style's write_pitch. A step with a matrix gets a 2x2 matrix with
 * labelled axes and named boxes filling the rest of its page, and nothing
 * else shares that page. Each phase starts on a new page. Knows nothing of
 * PDF.
 */
#ifndef HEJAPACK_HANDOUT_H
#define HEJAPACK_HANDOUT_H

#include "material/model.h"
#include "typeset/displaylist.h"
#include "typeset/fontset.h"
#include "typeset/layout.h"

typedef struct handout_env handout_env;

/* opt->paper picks the paper (A4 when unknown); fs is borrowed and must
 * outlive the environment. Free with handout_env_free. */
handout_env *handout_env_new(fontset *fs, const layout_options *opt);
void handout_env_free(handout_env *env);

/* Sets the handout of exercise d (of material m, which may be NULL) into a
 * new display list the caller frees with dl_free. base_dir: what d's images
 * are relative to. An exercise without worksheet steps gets the exercise
 * pages only. Returns NULL after diag() when d is not an exercise. */
dl_document *handout_document(handout_env *env, const material *m, const document *d, const char *base_dir);

#endif
