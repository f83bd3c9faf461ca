/* An LD_PRELOAD shim that makes file operations fail on demand, compiled by
 * tests/e2e/faults.sh, for the faults a test cannot cause otherwise:
 *
 *   HEJAFAULT_WRITE_BUDGET=N   writes to regular files succeed for N bytes
 *                              in all, then fail with ENOSPC (a disk that fills)
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

ssize_t write(int fd, const void *data, size_t len)
{
	static ssize_t (*real)(int, const void *, size_t);
	static long budget = -2;
	if (!real)
		real = (ssize_t (*)(int, const void *, size_t))dlsym(RTLD_NEXT, "write");
	if (budget == -2)
		budget = env_long("HEJAFAULT_WRITE_BUDGET", -1);
	if (budget >= 0 && is_regular(fd)) {
		if (budget == 0) {
			errno = ENOSPC;
			return -1;
		}
		if ((long)len > budget)
			len = (size_t)budget; /* a short write first, as a filling disk gives */
		budget -= (long)len;
	}
	return real(fd, data, len);
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
