/* owned: the files one run wrote into a directory tree, remembered in a
 * list file, so that the next run removes those it no longer writes.
 *
 * A run that writes a different set of files (another variant, a document
 * removed) must not leave the old ones beside the new: a reader of the tree
 * could not tell them apart. Only files named in the previous list are ever
 * removed, so whatever else someone put into the tree stays.
 */
#ifndef HEJAPACK_OWNED_H
#define HEJAPACK_OWNED_H

#include <stddef.h>

/* Removes from dir every regular file the list file at list_path names that
 * paths[0..n) does not, then the directories that leaves empty (up to dir,
 * exclusive), and writes the list file anew (atomically) with paths, which
 * are '/'-separated and relative to dir. Names in the old list that are
 * absolute, hold '.', '..' or empty components, or control characters are
 * ignored; so are symbolic links. A missing list file is an empty one.
 * Each removal is a note through diag(); a file that cannot be removed is a
 * warning. Returns the number of files removed, or -1 (after diag) when the
 * list file cannot be written. Borrows everything. */
long owned_replace(const char *dir, const char *list_path, char *const *paths, size_t n);

/* Whether a relative name is one owned_replace would accept. */
int owned_name_ok(const char *name);

#endif
