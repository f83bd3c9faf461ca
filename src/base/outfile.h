/* outfile: replace a file atomically and durably.
 *
 * After a successful call the file holds exactly the new bytes with mode
 * 0644 (whatever the umask), and both the data and the rename have reached
 * the disk. After a failed call the file at `path` is as it was before (old
 * content or still absent) and no temporary file is left behind; the one
 * exception is a failing fsync of the directory after the rename, where the
 * new content is in place but may not survive a crash (the error says so).
 * A file that already holds exactly the new bytes, as a plain file of mode
 * 0644, is left as it is: a rebuild that changes nothing writes nothing.
 */
#ifndef HEJAPACK_OUTFILE_H
#define HEJAPACK_OUTFILE_H

#include <stddef.h>

/* Writes len bytes to `path` through a temporary file in the same directory
 * (mkstemp, fchmod 0644, write, fsync, rename, fsync of the directory).
 * Returns 0, or -1 with *err set to a message naming the file and the cause,
 * which the caller frees. */
int outfile_write(const char *path, const void *data, size_t len, char **err);

/* Durably moves an already written file `tmp` over `final` in the same
 * directory: fsync tmp, rename, fsync the directory; while a set is staged
 * (below) the rename waits for outfile_stage_commit, as for outfile_write.
 * On failure tmp is removed and *err set (caller frees). For files another
 * library wrote. */
int outfile_commit(const char *tmp, const char *final, char **err);

/* A set of files that replace their old versions together. Between
 * outfile_stage_begin and outfile_stage_commit, outfile_write only writes
 * and syncs each file under its temporary name; a failure there (a full
 * disk) leaves every final name as it was once outfile_stage_abort has
 * removed the temporary files. outfile_stage_commit then renames them all
 * into place in the order written and syncs their directories. When a
 * rename fails, the files renamed before it are put back as they were
 * (each old file was kept under a hard link; where the file system has
 * none, it stays new, and the message says how many); a failing directory
 * sync leaves the new files in place, not known to be durable. Either call
 * ends the set. */
void outfile_stage_begin(void);
int outfile_stage_commit(char **err);
void outfile_stage_abort(void);

#endif
