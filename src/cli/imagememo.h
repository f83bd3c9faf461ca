/* imagememo: the build cache's memory of figure files found good, so that
 * a rebuild does not decode every figure again only to check it (the
 * loader checks each one, base/image.h, before anything is typeset).
 *
 * A verdict is an empty cache entry, in CACHE_DIR/checked, whose key is made of the digest of the
 * file's bytes and the digest of the program that checked them: new bytes
 * or a new hejapack check anew. Verdicts reached in a build are kept only
 * when the build succeeds, with its other entries, so a failed build
 * leaves the cache as it was.
 */
#ifndef HEJAPACK_IMAGEMEMO_H
#define HEJAPACK_IMAGEMEMO_H

#include "base/image.h"

typedef struct image_memo image_memo;

/* A memory over the cache at cache_dir for the program whose digest is
 * `program`; both strings are copied. */
image_memo *image_memo_new(const char *cache_dir, const char *program);
/* What to hand image_use_memory; valid while m lives. */
const image_memory *image_memo_hooks(image_memo *m);
/* Stores the verdicts reached since image_memo_new (a failure to store
 * costs only a check next time). */
void image_memo_keep(image_memo *m);
void image_memo_free(image_memo *m);

#endif
