/* An LD_PRELOAD shim that makes file operations fail on demand, compiled by
 * tests/e2e/faults.sh, for the faults a test cannot cause otherwise:
 *
 *   HEJAFAULT_WRITE_BUDGET=N   writes to regular files (write, fwrite) succeed
 *                              for N bytes in all, then fail with ENOSPC (a
 *                              disk that fills)
 *   HEJAFAULT_SPOOL_BUDGET=N   the same for pwrite, which the spool uses
 *   HEJAFAULT_FSYNC=1          fsync of a regular file fails with EIO
 *   HEJAFAULT_RENAME=N         the Nth rename fails with EIO
 *   HEJAFAULT_VANISH=TEXT      a file whose path contains TEXT is deleted
 *   HEJAFAULT_VANISH_AT=N      just before its Nth opening (default 1), as if
 *                              another program removed it during the run
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static long env_long(const char *name, long fallback)
{
	const char *v = getenv(name);
	return v && *v ? strtol(v, NULL, 10) : fallback;
}

static int is_regular(int fd)
{
	struct stat st;
	return fd > 2 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
}

/* How many of len bytes a write may put on the disk now (all, when no
 * budget is set), or -1 with errno ENOSPC; the budget is shared by write
 * and fwrite, the calls that put output files on the disk. */
static long budget = -2;

static long allowed(size_t len)
{
	if (budget == -2)
		budget = env_long("HEJAFAULT_WRITE_BUDGET", -1);
	if (budget < 0)
		return (long)len;
	if (budget == 0) {
		errno = ENOSPC;
		return -1;
	}
	long n = (long)len > budget ? budget : (long)len; /* a short write first, as a filling disk gives */
	budget -= n;
	return n;
}

ssize_t write(int fd, const void *data, size_t len)
{
	static ssize_t (*real)(int, const void *, size_t);
	if (!real)
		real = (ssize_t (*)(int, const void *, size_t))dlsym(RTLD_NEXT, "write");
	if (is_regular(fd)) {
		long n = allowed(len);
		if (n < 0)
			return -1;
		len = (size_t)n;
	}
	return real(fd, data, len);
}

/* stdio's own flushing does not come through write() above: the budget is
 * taken as the bytes are handed in (hejapack writes its ZIP with write(),
 * but a library's file output may go through stdio). */
size_t fwrite(const void *data, size_t size, size_t n, FILE *f)
{
	static size_t (*real)(const void *, size_t, size_t, FILE *);
	if (!real)
		real = (size_t (*)(const void *, size_t, size_t, FILE *))dlsym(RTLD_NEXT, "fwrite");
	if (size && is_regular(fileno(f))) {
		long bytes = allowed(size * n);
		if (bytes < 0)
			return 0;
		size_t whole = (size_t)bytes / size;
		if (whole < n) {
			size_t done = real(data, size, whole, f);
			errno = ENOSPC;
			return done;
		}
	}
	return real(data, size, n, f);
}

/* The spool (TMPDIR) is written with pwrite: a disk of its own that fills
 * after HEJAFAULT_SPOOL_BUDGET bytes. */
ssize_t pwrite(int fd, const void *data, size_t len, off_t at)
{
	static ssize_t (*real)(int, const void *, size_t, off_t);
	static long spool_budget = -2;
	if (!real)
		real = (ssize_t (*)(int, const void *, size_t, off_t))dlsym(RTLD_NEXT, "pwrite");
	if (spool_budget == -2)
		spool_budget = env_long("HEJAFAULT_SPOOL_BUDGET", -1);
	if (spool_budget >= 0 && is_regular(fd)) {
		if (spool_budget == 0) {
			errno = ENOSPC;
			return -1;
		}
		if ((long)len > spool_budget)
			len = (size_t)spool_budget;
		spool_budget -= (long)len;
	}
	return real(fd, data, len, at);
}

int fsync(int fd)
{
	static int (*real)(int);
	if (!real)
		real = (int (*)(int))dlsym(RTLD_NEXT, "fsync");
	if (env_long("HEJAFAULT_FSYNC", 0) && is_regular(fd)) {
		errno = EIO;
		return -1;
	}
	return real(fd);
}

int rename(const char *from, const char *to)
{
	static int (*real)(const char *, const char *);
	static long calls;
	if (!real)
		real = (int (*)(const char *, const char *))dlsym(RTLD_NEXT, "rename");
	if (++calls == env_long("HEJAFAULT_RENAME", 0)) {
		errno = EIO;
		return -1;
	}
	return real(from, to);
}

static void maybe_vanish(const char *path)
{
	static long opened;
	const char *text = getenv("HEJAFAULT_VANISH");
	if (text && *text && strstr(path, text) && ++opened == env_long("HEJAFAULT_VANISH_AT", 1))
		unlink(path);
}

int open(const char *path, int flags, ...)
{
	static int (*real)(const char *, int, ...);
	if (!real)
		real = (int (*)(const char *, int, ...))dlsym(RTLD_NEXT, "open");
	va_list ap;
	va_start(ap, flags);
	mode_t mode = (flags & (O_CREAT | O_TMPFILE)) ? va_arg(ap, mode_t) : 0;
	va_end(ap);
	maybe_vanish(path);
	return real(path, flags, mode);
}

int open64(const char *path, int flags, ...)
{
	va_list ap;
	va_start(ap, flags);
	mode_t mode = (flags & (O_CREAT | O_TMPFILE)) ? va_arg(ap, mode_t) : 0;
	va_end(ap);
	return open(path, flags, mode);
}
