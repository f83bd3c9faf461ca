/* progid: who is running: a digest of the program and the shared
 * libraries it runs with, for the build cache's keys. A new build of
 * hejapack, or an upgraded libharu or zlib, may set other bytes, so each
 * gives other keys.
 */
#ifndef HEJAPACK_PROGID_H
#define HEJAPACK_PROGID_H

/* SHA-256 in hex, worked out once per process: the program's build ID (or,
 * without one, its bytes) and each loaded library's path, size and time of
 * change. */
const char *program_digest(void);

#endif
