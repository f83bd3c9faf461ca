/* namekey: when two file names are the same name on some file system.
 *
 * Windows and macOS ignore case; macOS also treats the composed and the
 * decomposed form of a letter ("å" as U+00E5 or as "a" + U+030A) as one
 * name. Two entries of a bundle whose keys are equal would overwrite each
 * other when unpacked there, so the packager and the verifier refuse them. */
#ifndef HEJAPACK_NAMEKEY_H
#define HEJAPACK_NAMEKEY_H

/* The comparison key of a UTF-8 name: canonically decomposed and case-folded
 * with full Unicode case folding (so "K", "k" and the Kelvin sign U+212A have
 * one key, as do "Å", "å" and "a" + U+030A). A name that is not valid UTF-8
 * is its own key, byte for byte. Never NULL; the caller frees it. */
char *namekey(const char *name);

#endif
