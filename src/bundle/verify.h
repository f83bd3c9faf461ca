/* verify: `hejapack verify BUNDLE.zip | DIR`, the integrity check of a bundle.
 *
 * A bundle is intact when it holds exactly one BagIt 1.0 bag under one
 * top-level directory, every name is safe, every entry a regular file that
 * reads back with a good CRC, every payload file is listed in every payload
 * manifest with a matching digest (nothing extra or missing), every tag file
 * in every tag manifest, Payload-Oxum matches, and manifest.json agrees with
 * the files. An e-archive package (METS.xml at the top, no bagit.txt; see
 * sip.h) is intact when every file but METS.xml is listed there exactly
 * once with a matching size and SHA-256, and nothing listed is missing.
 * For BUNDLE.zip, a BUNDLE.zip.sha256 beside it is checked too.
 * Limits are enforced from the central directory before anything is
 * inflated. The profile is described in docs/manifest.md.
 */
#ifndef HEJAPACK_VERIFY_H
#define HEJAPACK_VERIFY_H

#include <stddef.h>
#include <stdio.h>

#define VERIFY_MAX_ENTRIES 10000ULL
#define VERIFY_MAX_TOTAL_BYTES (2ULL << 30)     /* declared uncompressed, all entries */
#define VERIFY_RATIO_FROM_BYTES (1ULL << 20)    /* entries above this size ... */
#define VERIFY_MAX_RATIO 200ULL                 /* ... may not inflate more than 200:1 */
#define VERIFY_MAX_TAG_FILE_BYTES (64ULL << 20) /* bagit.txt, manifests, manifest.json */
#define VERIFY_MAX_DEPTH 64                     /* directory nesting */

/* Checks the ZIP file or unpacked directory at path (a bag directory, or a
 * directory holding one). Writes one line per problem, `PATH: NAME: problem`,
 * and a summary line to out. Returns 0 when intact, 1 when not (including
 * archives too damaged to open), 3 when the bundle could not be read
 * (I/O failure). */
int verify_bundle(const char *path, FILE *out);

/* Why a '/'-separated relative name (raw bytes) is unsafe to extract, or
 * NULL when it is safe: absolute, '..' or '.' or empty component, backslash,
 * colon, control character, invalid UTF-8. The text is static. */
const char *verify_name_problem(const char *name);

#endif
