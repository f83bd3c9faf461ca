/* outlock: one writer at a time in an output directory.
 *
 * Two builds into the same directory would otherwise interleave their files,
 * leaving PDFs of one run beside the ZIP of the other. The lock is an
 * advisory lock (flock) on DIR/.hejapack-lock, which the kernel releases
 * when the holder exits, however it exits, so a killed build never leaves a
 * stale lock. The empty lock file itself stays in the directory.
 */
#ifndef HEJAPACK_OUTLOCK_H
#define HEJAPACK_OUTLOCK_H

#define OUTLOCK_NAME ".hejapack-lock"

enum { OUTLOCK_FAILED = -1, OUTLOCK_BUSY = -2 };

/* Creates dir (and its parents) when missing and takes the lock. With wait
 * 0 it returns OUTLOCK_BUSY at once when another process holds it; with
 * wait 1 it waits for that process to finish. Returns a descriptor for
 * outlock_release, or OUTLOCK_FAILED with *err set (caller frees) when the
 * directory or the lock file cannot be created (read-only, full). */
int outlock_take(const char *dir, int wait, char **err);
void outlock_release(int fd);

#endif
