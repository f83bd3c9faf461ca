/* fsutil: reading files and directories, independent of the order the file
 * system lists them in. Failures are reported through diag() as DIAG_FATAL. */
#ifndef HEJAPACK_FSUTIL_H
#define HEJAPACK_FSUTIL_H

#include <stddef.h>

/* Inputs larger than this are refused rather than read into memory. */
#define FS_MAX_INPUT (64u * 1024 * 1024)

/* Reads a whole regular file into *data (NUL-terminated, not counted in
 * *len; caller frees). Returns 0, or an errno value: EISDIR or EINVAL for
 * what is not a regular file, EFBIG above FS_MAX_INPUT. Reports nothing, so
 * each caller words the failure for what the file is to it. */
int fs_slurp(const char *path, char **data, size_t *len);
/* fs_slurp that reports a failure through diag() and returns NULL. */
char *fs_read_file(const char *path, size_t *len);

/* Names in dir ending in suffix (regular files, not hidden), byte-sorted.
 * Returns the count and a new array of new strings (caller frees both), or
 * (size_t)-1 after diag() when the directory cannot be read. A missing
 * directory gives 0 when missing_ok. */
size_t fs_list_dir(const char *dir, const char *suffix, int missing_ok, char ***names);
void fs_free_list(char **names, size_t n);

/* Writes all len bytes to fd, going on after EINTR and short writes.
 * Returns 0, or -1 with errno set (EIO when write wrote nothing). */
int fs_write_all(int fd, const void *data, size_t len);
/* Reads exactly len bytes from fd, going on after EINTR and short reads.
 * Returns 0, or -1 on an error or at the end of the file before len. */
int fs_read_all(int fd, void *out, size_t len);
/* Creates the directory `path` and its missing parents (mode 0755): 0 once
 * it is a directory, else the errno of the step that failed (ENOTDIR when
 * it is something else). */
int fs_make_dirs(const char *path);
/* fs_make_dirs that also gives, on failure, the directory that could not be
 * made in *failed (caller frees; NULL on success). */
int fs_make_dirs_at(const char *path, char **failed);

/* dir + "/" + name, without doubling the slash; caller frees. */
char *fs_join(const char *dir, const char *name);
int fs_is_file(const char *path);
int fs_is_dir(const char *path);
/* The directory part of a path ("." when none); caller frees. */
char *fs_dirname(const char *path);
/* Normalises a relative '/'-path: removes "." and "x/.." pairs. Returns NULL
 * when it would climb above its start or is absolute. Caller frees. */
char *fs_normalize_relative(const char *path);

#endif
