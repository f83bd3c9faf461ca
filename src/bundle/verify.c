#include "bundle/verify.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/diag.h"
#include "base/hash.h"
#include "base/namekey.h"
#include "base/utf8.h"
#include "base/util.h"
#include "bundle/libzip.h"
#include "bundle/manifest.h"
#include "bundle/sip.h"

/* libzip's functions, once collect_zip has opened it (every reader of an
 * archive's entries runs after it). */
static const libzip_api *lz;

enum { CHUNK = 65536 };

/* One file or directory of the bundle. */
typedef struct {
	char *name;            /* full name, '/'-separated, no trailing '/' */
	int is_dir;
	int skip;              /* not to be read (limits, bad metadata) */
	int unsafe;            /* its name was reported as unsafe */
	zip_uint64_t index;    /* in the archive */
	unsigned long long declared; /* size the central directory claims */
	unsigned long long size;     /* bytes actually read */
	int read_ok;
	char sha256[SHA256_HEX_SIZE];
	char sha512[SHA512_HEX_SIZE];
	char *content;         /* kept for tag files (depth 1), NUL-terminated */
	size_t content_len;
} entry;

typedef struct {
	const char *label;
	FILE *out;
	unsigned problems;
	int io_failure;
	entry *v;
	size_t n, cap;
	const char *base;      /* the one top-level directory, or NULL */
	entry **by_rel;        /* files below base, sorted by their name below base */
	size_t nrel;
	unsigned long long payload_bytes;
	size_t payload_files;
	int local_base;         /* a directory given as the bag itself */
	buf ran;                /* the checks that ran, ", "-separated, for the report */
	int sidecar;            /* BUNDLE.zip.sha256: 1 checked, 0 absent */
	size_t json_files;      /* payload files manifest.json lists */
	int sip;                /* an e-archive package (METS.xml, no bagit.txt) */
} checker;

/* Notes a check that ran, for the line that lists them. */
static void ran(checker *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void ran(checker *c, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	if (c->ran.len)
		buf_puts(&c->ran, ", ");
	buf_vprintf(&c->ran, fmt, ap);
	va_end(ap);
}

/* ---- output ---- */

/* Names come from the archive: escape what could disturb a terminal or hide
 * a difference (control bytes, invalid UTF-8, backslash). */
static void put_name(buf *out, const char *s)
{
	size_t len = strlen(s), i = 0;
	while (i < len) {
		size_t ok = utf8_valid_prefix(s + i, len - i);
		for (size_t k = 0; k < ok; k++) {
			unsigned char ch = (unsigned char)s[i + k];
			if (ch < 0x20 || ch == 0x7f || ch == '\\')
				buf_printf(out, "\\x%02x", ch);
			else
				buf_putc(out, (char)ch);
		}
		i += ok;
		if (i < len)
			buf_printf(out, "\\x%02x", (unsigned char)s[i++]);
	}
}

static void report(checker *c, const char *name, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void report_v(checker *c, const char *name, const char *fmt, va_list ap)
{
	buf line;
	buf_init(&line);
	put_name(&line, c->label);
	buf_puts(&line, ": ");
	if (name) {
		put_name(&line, name);
		buf_puts(&line, ": ");
	}
	buf_vprintf(&line, fmt, ap);
	fprintf(c->out, "%s\n", line.data);
	buf_free(&line);
}

static void report(checker *c, const char *name, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	report_v(c, name, fmt, ap);
	va_end(ap);
	c->problems++;
}

static void io_failure(checker *c, const char *name, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void io_failure(checker *c, const char *name, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	report_v(c, name, fmt, ap);
	va_end(ap);
	c->io_failure = 1;
}

/* ---- names ---- */

const char *verify_name_problem(const char *name)
{
	size_t len = strlen(name);
	if (len == 0)
		return "empty name";
	if (name[0] == '/')
		return "absolute path";
	if (utf8_valid_prefix(name, len) != len)
		return "name is not valid UTF-8";
	for (size_t i = 0; i < len; i++) {
		unsigned char ch = (unsigned char)name[i];
		if (ch == '\\')
			return "backslash in name (a directory separator on Windows)";
		if (ch < 0x20 || ch == 0x7f)
			return "control character in name";
		if (ch == ':')
			return "colon in name (drive letter or alternate data stream on Windows)";
	}
	for (const char *p = name;;) {
		size_t n = strcspn(p, "/");
		if (n == 0)
			return "empty path component";
		if ((n == 1 && p[0] == '.') || (n == 2 && p[0] == '.' && p[1] == '.'))
			return "'.' or '..' path component (path traversal)";
		if (!p[n])
			break;
		p += n + 1;
		if (!*p)
			return "empty path component";
	}
	return NULL;
}

/* ---- collecting entries ---- */

static entry *add_entry(checker *c, const char *name, int is_dir)
{
	if (c->n == c->cap) {
		c->cap = c->cap ? 2 * c->cap : 64;
		c->v = xreallocarray(c->v, c->cap, sizeof *c->v);
	}
	entry *e = &c->v[c->n++];
	memset(e, 0, sizeof *e);
	e->name = xstrdup(name);
	e->is_dir = is_dir;
	return e;
}

/* Tag files sit directly in the bag directory; their text is needed. */
static int keeps_content(const entry *e)
{
	const char *slash = strchr(e->name, '/');
	return slash && !strchr(slash + 1, '/');
}

typedef struct {
	hash_ctx *h256, *h512;
	buf content;
	int keep;
} reader;

static void reader_init(reader *r, const entry *e)
{
	r->h256 = hash_new(HASH_SHA256);
	r->h512 = hash_new(HASH_SHA512);
	buf_init(&r->content);
	r->keep = keeps_content(e);
}

static void reader_feed(reader *r, entry *e, const void *data, size_t n)
{
	hash_update(r->h256, data, n);
	hash_update(r->h512, data, n);
	if (r->keep && e->size + n <= VERIFY_MAX_TAG_FILE_BYTES)
		buf_append(&r->content, data, n);
	else
		r->keep = 0;
	e->size += n;
}

static void reader_finish(reader *r, entry *e, int ok)
{
	if (ok) {
		hash_final_hex(r->h256, e->sha256);
		hash_final_hex(r->h512, e->sha512);
		e->read_ok = 1;
		if (keeps_content(e) && r->keep)
			e->content = buf_detach(&r->content, &e->content_len);
	}
	hash_free(r->h256);
	hash_free(r->h512);
	buf_free(&r->content);
}

static void read_zip_entry(checker *c, zip_t *za, entry *e)
{
	zip_file_t *zf = lz->fopen_index(za, e->index, 0);
	if (!zf) {
		report(c, e->name, "cannot be read: %s", lz->strerror(za));
		return;
	}
	reader r;
	reader_init(&r, e);
	unsigned char *chunk = xmalloc(CHUNK);
	int ok = 1;
	while (e->size < e->declared) {
		unsigned long long want = e->declared - e->size;
		zip_int64_t n = lz->fread(zf, chunk, want < CHUNK ? want : CHUNK);
		if (n < 0) {
			report(c, e->name, "damaged data: %s", lz->file_strerror(zf));
			ok = 0;
			break;
		}
		if (n == 0) {
			report(c, e->name, "data ends after %llu of the %llu bytes declared", e->size, e->declared);
			ok = 0;
			break;
		}
		reader_feed(&r, e, chunk, (size_t)n);
	}
	if (ok) {
		/* The CRC is only compared when a read reaches the end of the entry,
		 * and a longer entry than declared only shows on one more read. */
		zip_int64_t n = lz->fread(zf, chunk, CHUNK);
		if (n < 0) {
			report(c, e->name, "damaged data: %s", lz->file_strerror(zf));
			ok = 0;
		} else if (n > 0) {
			report(c, e->name, "holds more data than the %llu bytes declared", e->declared);
			ok = 0;
		}
	}
	free(chunk);
	if (lz->fclose(zf) != 0 && ok) {
		report(c, e->name, "damaged data (CRC)");
		ok = 0;
	}
	reader_finish(&r, e, ok);
}

/* Checks attributes, method and sizes of entry i from the central directory.
 * Returns 0, or -1 when a limit means nothing may be inflated. */
static int inspect_zip_entry(checker *c, zip_t *za, zip_uint64_t i, unsigned long long *total)
{
	zip_stat_t st;
	lz->stat_init(&st);
	const char *raw = lz->get_name(za, i, ZIP_FL_ENC_RAW);
	if (!raw || lz->stat_index(za, i, ZIP_FL_ENC_RAW, &st) != 0) {
		report(c, NULL, "entry %llu cannot be read: %s", (unsigned long long)i, lz->strerror(za));
		return 0;
	}
	size_t len = strlen(raw);
	int is_dir = len > 0 && raw[len - 1] == '/';
	char *name = xstrndup(raw, is_dir ? len - 1 : len);
	entry *e = add_entry(c, name, is_dir);
	free(name);
	e->index = i;
	e->declared = (st.valid & ZIP_STAT_SIZE) ? st.size : 0;
	const char *display = raw;

	zip_uint8_t opsys = 0;
	zip_uint32_t attr = 0;
	if (lz->file_get_external_attributes(za, i, 0, &opsys, &attr) == 0) {
		unsigned type = (attr >> 16) & 0170000;
		if (opsys == ZIP_OPSYS_UNIX && type == 0120000) {
			report(c, display, "symbolic link (only regular files are allowed)");
			e->skip = 1;
		} else if (opsys == ZIP_OPSYS_UNIX && type == 0040000 && !is_dir) {
			report(c, display, "directory attributes on an entry whose name does not end in '/'");
			e->skip = 1;
		} else if (opsys == ZIP_OPSYS_UNIX && type != 0 && type != 0100000 && type != 0040000) {
			report(c, display, "special file (type %06o; only regular files are allowed)", type);
			e->skip = 1;
		} else if (opsys != ZIP_OPSYS_UNIX && (attr & 0x10) && !is_dir) {
			report(c, display, "directory attribute on an entry whose name does not end in '/'");
			e->skip = 1;
		} else if (opsys != ZIP_OPSYS_UNIX && (attr & 0x400)) {
			report(c, display, "reparse point (a link; only regular files are allowed)");
			e->skip = 1;
		}
	}
	if (is_dir && e->declared > 0) {
		report(c, display, "directory entry with %llu bytes of data", e->declared);
		e->skip = 1;
	}
	if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) && st.encryption_method != ZIP_EM_NONE) {
		report(c, display, "encrypted entry");
		e->skip = 1;
	}
	if ((st.valid & ZIP_STAT_COMP_METHOD) && !lz->compression_method_supported(st.comp_method, 0)) {
		report(c, display, "compression method %d is not supported", (int)st.comp_method);
		e->skip = 1;
	}
	*total += e->declared;
	if (*total > VERIFY_MAX_TOTAL_BYTES || e->declared > VERIFY_MAX_TOTAL_BYTES) {
		report(c, display,
		       "the entries declare more than %llu bytes uncompressed in all; nothing was inflated "
		       "(size limit)",
		       VERIFY_MAX_TOTAL_BYTES);
		return -1;
	}
	unsigned long long comp = (st.valid & ZIP_STAT_COMP_SIZE) ? st.comp_size : 0;
	if (e->declared > VERIFY_RATIO_FROM_BYTES && e->declared > VERIFY_MAX_RATIO * comp) {
		report(c, display, "declares %llu bytes from %llu compressed, more than %llu:1; not inflated (zip bomb?)",
		       e->declared, comp, VERIFY_MAX_RATIO);
		e->skip = 1;
	}
	return 0;
}

/* The end-of-central-directory record must end the file, and its comment
 * must not hold another one: a reader that searches back from the end (unzip,
 * Python) and one that checks consistency (libzip) would then read two
 * different archives, and the one we verify need not be the one unpacked.
 * Returns the file's size in bytes, or 0 when it cannot be read (zip_open
 * says why). */
static unsigned long long check_zip_end(checker *c, const char *path, int *reported)
{
	enum { RECORD = 22, MAX_TAIL = RECORD + 0xFFFF };
	int fd = open(path, O_RDONLY);
	struct stat st;
	if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size < RECORD) {
		if (fd >= 0)
			close(fd);
		return fd >= 0 && st.st_size > 0 ? (unsigned long long)st.st_size : 0;
	}
	size_t tail = (unsigned long long)st.st_size < MAX_TAIL ? (size_t)st.st_size : MAX_TAIL;
	unsigned char *b = xmalloc(tail);
	size_t got = 0;
	while (got < tail) {
		ssize_t r = pread(fd, b + got, tail - got, st.st_size - (off_t)tail + (off_t)got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		got += (size_t)r;
	}
	close(fd);
	if (got < tail) {
		free(b);
		return (unsigned long long)st.st_size;
	}
	/* The earliest record whose comment reaches exactly to the end is the
	 * real one: a forged record can only lie inside its comment. */
	size_t real = SIZE_MAX, last = SIZE_MAX;
	for (size_t p = 0; p + RECORD <= tail; p++) {
		if (memcmp(b + p, "PK\x05\x06", 4) != 0)
			continue;
		size_t comment = (size_t)b[p + 20] | (size_t)b[p + 21] << 8;
		last = p;
		if (p + RECORD + comment == tail && real == SIZE_MAX)
			real = p;
	}
	if (real != SIZE_MAX) {
		static const char *const signatures[] = { "PK\x05\x06", "PK\x06\x06", "PK\x06\x07" };
		for (size_t p = real + RECORD; p + 4 <= tail; p++) {
			for (size_t k = 0; k < sizeof signatures / sizeof *signatures; k++) {
				if (memcmp(b + p, signatures[k], 4) == 0) {
					report(c, NULL,
					       "the archive comment holds a second end-of-central-directory record; other "
					       "tools would read a different archive");
					*reported = 1;
					free(b);
					return (unsigned long long)st.st_size;
				}
			}
		}
	} else if (last != SIZE_MAX) {
		size_t comment = (size_t)b[last + 20] | (size_t)b[last + 21] << 8;
		if (last + RECORD + comment < tail) {
			report(c, NULL, "%zu bytes follow the end-of-central-directory record (data appended to the archive)",
			       tail - (last + RECORD + comment));
			*reported = 1;
		}
	}
	free(b);
	return (unsigned long long)st.st_size;
}

static int collect_zip(checker *c, const char *path)
{
	char *why = NULL;
	if (!(lz = libzip(&why))) {
		io_failure(c, NULL, "%s", why);
		free(why);
		return -1;
	}
	int end_reported = 0;
	unsigned long long archive_bytes = check_zip_end(c, path, &end_reported);
	int code = 0;
	zip_t *za = lz->open(path, ZIP_RDONLY | ZIP_CHECKCONS, &code);
	int consistent = za != NULL;
	if (!za) {
		zip_error_t ze;
		lz->error_init_with_code(&ze, code);
		if (code == ZIP_ER_OPEN || code == ZIP_ER_MEMORY) {
			io_failure(c, NULL, "cannot open: %s", lz->error_strerror(&ze));
			lz->error_fini(&ze);
			return -1;
		}
		if (code == ZIP_ER_EXISTS)
			report(c, NULL, "two entries have the same name");
		else if (!(code == ZIP_ER_INCONS && end_reported)) /* said better already */
			report(c, NULL, "not a readable ZIP archive: %s", lz->error_strerror(&ze));
		lz->error_fini(&ze);
		/* Open again without the consistency check only to name the culprits. */
		za = lz->open(path, ZIP_RDONLY, &code);
		if (!za)
			return -1;
	}
	zip_int64_t n = lz->get_num_entries(za, 0);
	if (n < 0 || (unsigned long long)n > VERIFY_MAX_ENTRIES) {
		report(c, NULL, "holds %lld entries, more than the limit of %llu; nothing was inflated", (long long)n,
		       VERIFY_MAX_ENTRIES);
		lz->discard(za);
		return -1;
	}
	unsigned long long total = 0;
	int within_limits = 1;
	for (zip_uint64_t i = 0; i < (zip_uint64_t)n && within_limits; i++)
		within_limits = inspect_zip_entry(c, za, i, &total) == 0;
	/* Entries each small enough to pass the ratio check can still add up
	 * to a bomb: the archive as a whole may not inflate more than that. */
	unsigned long long to_inflate = 0;
	for (size_t i = 0; i < c->n; i++)
		if (!c->v[i].is_dir && !c->v[i].skip)
			to_inflate += c->v[i].declared;
	if (within_limits && to_inflate > VERIFY_RATIO_FROM_BYTES && to_inflate / VERIFY_MAX_RATIO > archive_bytes) {
		report(c, NULL,
		       "the entries declare %llu bytes uncompressed from an archive of %llu bytes, more than "
		       "%llu:1; nothing was inflated (zip bomb?)",
		       to_inflate, archive_bytes, VERIFY_MAX_RATIO);
		within_limits = 0;
	}
	if (within_limits && consistent) {
		for (size_t i = 0; i < c->n; i++)
			if (!c->v[i].is_dir && !c->v[i].skip)
				read_zip_entry(c, za, &c->v[i]);
	}
	lz->discard(za);
	return within_limits && consistent ? 0 : -1;
}

/* ---- directories ---- */

static int by_string(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void read_dir_file(checker *c, int dirfd, const char *leaf, entry *e)
{
	int fd = openat(dirfd, leaf, O_RDONLY | O_NOFOLLOW);
	struct stat st;
	if (fd < 0 || fstat(fd, &st) != 0) {
		io_failure(c, e->name, "cannot read: %s", strerror(errno));
		if (fd >= 0)
			close(fd);
		return;
	}
	if (!S_ISREG(st.st_mode)) {
		report(c, e->name, "changed into something other than a regular file while being checked");
		close(fd);
		return;
	}
	reader r;
	reader_init(&r, e);
	unsigned char *chunk = xmalloc(CHUNK);
	int ok = 1;
	for (;;) {
		ssize_t got = read(fd, chunk, CHUNK);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			io_failure(c, e->name, "cannot read: %s", strerror(errno));
			ok = 0;
			break;
		}
		if (got == 0)
			break;
		reader_feed(&r, e, chunk, (size_t)got);
	}
	free(chunk);
	close(fd);
	reader_finish(&r, e, ok);
}

/* Walks dirfd (which it closes), naming entries prefix/leaf. Returns -1 when
 * a limit stops the walk. */
static int walk(checker *c, int dirfd, const char *prefix, int depth)
{
	DIR *d = fdopendir(dirfd);
	if (!d) {
		io_failure(c, prefix, "cannot list: %s", strerror(errno));
		close(dirfd);
		return 0;
	}
	char **names = xcalloc(1, sizeof *names);
	size_t nnames = 0;
	struct dirent *de;
	errno = 0;
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		names = xreallocarray(names, nnames + 1, sizeof *names);
		names[nnames++] = xstrdup(de->d_name);
		if (nnames + c->n > VERIFY_MAX_ENTRIES)
			break;
	}
	if (errno)
		io_failure(c, prefix, "cannot list: %s", strerror(errno));
	qsort(names, nnames, sizeof *names, by_string);
	int rc = 0;
	for (size_t i = 0; i < nnames; i++) {
		char *name = *prefix ? xasprintf("%s/%s", prefix, names[i]) : xstrdup(names[i]);
		struct stat st;
		if (rc != 0) {
			/* a limit was hit: only free the rest */
		} else if (c->n >= VERIFY_MAX_ENTRIES) {
			report(c, NULL, "holds more than %llu entries; the check stopped there", VERIFY_MAX_ENTRIES);
			rc = -1;
		} else if (fstatat(dirfd, names[i], &st, AT_SYMLINK_NOFOLLOW) != 0) {
			io_failure(c, name, "cannot read: %s", strerror(errno));
		} else if (S_ISLNK(st.st_mode)) {
			add_entry(c, name, 0)->skip = 1;
			report(c, name, "symbolic link (only regular files are allowed)");
		} else if (S_ISDIR(st.st_mode)) {
			add_entry(c, name, 1);
			if (depth >= VERIFY_MAX_DEPTH) {
				report(c, name, "nested more than %d directories deep; not checked", VERIFY_MAX_DEPTH);
				rc = -1;
			} else {
				int sub = openat(dirfd, names[i], O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
				if (sub < 0)
					io_failure(c, name, "cannot open: %s", strerror(errno));
				else
					rc = walk(c, sub, name, depth + 1);
			}
		} else if (S_ISREG(st.st_mode)) {
			entry *e = add_entry(c, name, 0);
			read_dir_file(c, dirfd, names[i], e);
		} else {
			add_entry(c, name, 0)->skip = 1;
			report(c, name, "special file (only regular files are allowed)");
		}
		free(name);
		free(names[i]);
	}
	free(names);
	closedir(d);
	return rc;
}

static int collect_dir(checker *c, const char *path)
{
	char *bagit = xasprintf("%s/bagit.txt", path);
	char *mets = xasprintf("%s/METS.xml", path);
	struct stat st;
	int is_bag = lstat(bagit, &st) == 0 || lstat(mets, &st) == 0;
	free(bagit);
	free(mets);
	char *prefix = xstrdup("");
	if (is_bag) {
		/* Entries are named as in a ZIP, below a directory named like the
		 * given one. That name is the user's, not the bag's: it is neither
		 * checked nor compared with manifest.json. */
		char *trimmed = xstrdup(path);
		size_t len = strlen(trimmed);
		while (len > 1 && trimmed[len - 1] == '/')
			trimmed[--len] = '\0';
		const char *slash = strrchr(trimmed, '/');
		const char *leaf = slash ? slash + 1 : trimmed;
		free(prefix);
		prefix = xstrdup(verify_name_problem(leaf) ? "bag" : leaf);
		free(trimmed);
		add_entry(c, prefix, 1);
		c->local_base = 1;
	}
	int fd = open(path, O_RDONLY | O_DIRECTORY);
	if (fd < 0) {
		io_failure(c, NULL, "cannot open: %s", strerror(errno));
		free(prefix);
		return -1;
	}
	int rc = walk(c, fd, prefix, 0);
	free(prefix);
	return rc;
}

/* ---- layout ---- */

static int by_entry_name(const void *a, const void *b)
{
	return strcmp((*(entry *const *)a)->name, (*(entry *const *)b)->name);
}

typedef struct {
	char *folded;
	const entry *e;
} folded_name;

static int by_folded(const void *a, const void *b)
{
	return strcmp(((const folded_name *)a)->folded, ((const folded_name *)b)->folded);
}

static void check_names(checker *c)
{
	for (size_t i = 0; i < c->n; i++) {
		const char *problem = verify_name_problem(c->v[i].name);
		if (problem) {
			report(c, c->v[i].name, "%s", problem);
			c->v[i].unsafe = 1;
		}
	}
	folded_name *f = xcalloc(c->n ? c->n : 1, sizeof *f);
	for (size_t i = 0; i < c->n; i++) {
		f[i].folded = namekey(c->v[i].name);
		f[i].e = &c->v[i];
	}
	qsort(f, c->n, sizeof *f, by_folded);
	for (size_t i = 1; i < c->n; i++) {
		if (strcmp(f[i - 1].folded, f[i].folded) != 0)
			continue;
		if (f[i - 1].e->is_dir && f[i].e->is_dir && strcmp(f[i - 1].e->name, f[i].e->name) == 0)
			continue; /* the same directory twice is harmless */
		if (strcmp(f[i - 1].e->name, f[i].e->name) == 0)
			report(c, f[i].e->name, "duplicate entry name");
		else
			report(c, f[i].e->name, "collides with %s where case and the composition of letters are ignored (Windows, macOS)", f[i - 1].e->name);
	}
	/* A file must not also be the parent directory of another entry. */
	for (size_t i = 0; i < c->n; i++) {
		char *name = xstrdup(c->v[i].name);
		for (char *slash = strchr(name, '/'); slash; slash = strchr(slash + 1, '/')) {
			*slash = '\0';
			folded_name key = { namekey(name), NULL };
			folded_name *hit = bsearch(&key, f, c->n, sizeof *f, by_folded);
			/* bsearch may land on any of equal names: scan them all */
			while (hit && hit > f && strcmp((hit - 1)->folded, key.folded) == 0)
				hit--;
			for (; hit && hit < f + c->n && strcmp(hit->folded, key.folded) == 0; hit++) {
				if (!hit->e->is_dir) {
					report(c, c->v[i].name, "lies inside %s, which is a file", hit->e->name);
					break;
				}
			}
			free(key.folded);
			*slash = '/';
		}
		free(name);
	}
	for (size_t i = 0; i < c->n; i++)
		free(f[i].folded);
	free(f);
}

static void check_top_level(checker *c)
{
	const char *base = NULL;
	size_t base_len = 0;
	for (size_t i = 0; i < c->n; i++) {
		/* Entries already reported stay out of the bag checks: one line
		 * per problem, not a cascade of "not listed" lines. */
		if (c->v[i].unsafe || c->v[i].skip)
			continue;
		const char *name = c->v[i].name;
		size_t n = strcspn(name, "/");
		if (!name[n] && !c->v[i].is_dir) {
			report(c, name, "file outside the bundle's directory");
			continue;
		}
		if (!base) {
			base = name;
			base_len = n;
		} else if (n != base_len || strncmp(name, base, n) != 0) {
			char *other = xstrndup(name, n);
			char *first = xstrndup(base, base_len);
			report(c, other, "a second top-level directory besides %s (a bundle holds exactly one)", first);
			free(other);
			free(first);
			base = NULL; /* reported; the bag is not checked further */
			c->base = NULL;
			return;
		}
	}
	if (!base) {
		report(c, NULL, "no bundle directory: the archive is empty");
		return;
	}
	c->base = xstrndup(base, base_len);
}

static const char *rel_name(const checker *c, const entry *e)
{
	return e->name + strlen(c->base) + 1;
}

/* qsort has no context argument: files below base share one prefix length,
 * so comparing full names orders them like their names below base. */
static void index_bag(checker *c)
{
	size_t blen = strlen(c->base);
	c->by_rel = xcalloc(c->n ? c->n : 1, sizeof *c->by_rel);
	for (size_t i = 0; i < c->n; i++) {
		entry *e = &c->v[i];
		if (!e->is_dir && !e->unsafe && !e->skip && strncmp(e->name, c->base, blen) == 0 && e->name[blen] == '/')
			c->by_rel[c->nrel++] = e;
	}
	qsort(c->by_rel, c->nrel, sizeof *c->by_rel, by_entry_name);
}

static entry *find_rel(const checker *c, const char *rel)
{
	size_t lo = 0, hi = c->nrel;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int cmp = strcmp(rel_name(c, c->by_rel[mid]), rel);
		if (cmp == 0)
			return c->by_rel[mid];
		if (cmp < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static char *full_name(const checker *c, const char *rel)
{
	return xasprintf("%s/%s", c->base, rel);
}

static int is_payload(const checker *c, const entry *e)
{
	return strncmp(rel_name(c, e), "data/", 5) == 0;
}

/* ---- bag checks ---- */

static void check_bagit_txt(checker *c)
{
	char *name = full_name(c, "bagit.txt");
	entry *e = find_rel(c, "bagit.txt");
	if (!e) {
		report(c, name, "missing (every BagIt bag has one)");
	} else if (e->read_ok && e->content) {
		static const char *const accepted[] = {
			"BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n",
			"BagIt-Version: 1.0\r\nTag-File-Character-Encoding: UTF-8\r\n",
			"BagIt-Version: 0.97\nTag-File-Character-Encoding: UTF-8\n",
			"BagIt-Version: 0.97\r\nTag-File-Character-Encoding: UTF-8\r\n",
		};
		int ok = 0;
		for (size_t i = 0; i < sizeof accepted / sizeof *accepted; i++)
			if (e->content_len == strlen(accepted[i]) && memcmp(e->content, accepted[i], e->content_len) == 0)
				ok = 1;
		if (!ok)
			report(c, name, "not the two lines BagIt requires (BagIt-Version, Tag-File-Character-Encoding)");
		ran(c, "bagit.txt");
	}
	free(name);
}

typedef struct {
	char *path;   /* below the bag directory, percent-decoded */
	char digest[SHA512_HEX_SIZE];
	unsigned line;
} listing;

static int by_listing_path(const void *a, const void *b)
{
	return strcmp(((const listing *)a)->path, ((const listing *)b)->path);
}

/* BagIt percent-encodes only CR, LF and '%' in manifest paths. */
static char *percent_decode(const char *s, size_t n)
{
	buf out;
	buf_init(&out);
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '%' && i + 2 < n) {
			if (strncmp(s + i, "%0A", 3) == 0 || strncmp(s + i, "%0a", 3) == 0) {
				buf_putc(&out, '\n');
				i += 2;
				continue;
			}
			if (strncmp(s + i, "%0D", 3) == 0 || strncmp(s + i, "%0d", 3) == 0) {
				buf_putc(&out, '\r');
				i += 2;
				continue;
			}
			if (strncmp(s + i, "%25", 3) == 0) {
				buf_putc(&out, '%');
				i += 2;
				continue;
			}
		}
		buf_putc(&out, s[i]);
	}
	size_t len;
	return buf_detach(&out, &len);
}

/* Parses a (tag) manifest. Returns the listings (caller frees each path and
 * the array); reports malformed lines against name. */
static listing *parse_listing(checker *c, const char *name, const entry *e, size_t hex_len, size_t *count)
{
	listing *l = xcalloc(1, sizeof *l);
	size_t n = 0;
	unsigned lineno = 0;
	const char *p = e->content, *end = e->content + e->content_len;
	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		size_t len = eol ? (size_t)(eol - p) : (size_t)(end - p);
		lineno++;
		const char *next = eol ? eol + 1 : end;
		if (len && p[len - 1] == '\r')
			len--;
		if (len == 0) {
			p = next;
			continue;
		}
		size_t dlen = 0;
		while (dlen < len && p[dlen] != ' ' && p[dlen] != '\t')
			dlen++;
		size_t sp = dlen;
		while (sp < len && (p[sp] == ' ' || p[sp] == '\t'))
			sp++;
		int hex = dlen == hex_len;
		for (size_t i = 0; hex && i < dlen; i++)
			hex = (p[i] >= '0' && p[i] <= '9') || (p[i] >= 'a' && p[i] <= 'f') || (p[i] >= 'A' && p[i] <= 'F');
		if (sp == dlen || sp == len || !hex) {
			report(c, name, "line %u is not \"<%zu hex digits> <path>\"", lineno, hex_len);
			p = next;
			continue;
		}
		l = xreallocarray(l, n + 1, sizeof *l);
		l[n].path = percent_decode(p + sp, len - sp);
		for (size_t i = 0; i < dlen; i++)
			l[n].digest[i] = (p[i] >= 'A' && p[i] <= 'F') ? (char)(p[i] + 32) : p[i];
		l[n].digest[dlen] = '\0';
		l[n].line = lineno;
		n++;
		p = next;
	}
	qsort(l, n, sizeof *l, by_listing_path);
	*count = n;
	return l;
}

static void free_listing(listing *l, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(l[i].path);
	free(l);
}

/* One payload or tag manifest: its entries must exist, match, and cover
 * every file of its kind. */
static void check_manifest(checker *c, const entry *m, const char *alg, int tag)
{
	const char *name = m->name;
	if (!m->read_ok)
		return;
	if (!m->content) {
		report(c, name, "too large to check (more than %llu bytes)", VERIFY_MAX_TAG_FILE_BYTES);
		return;
	}
	int is512 = strcmp(alg, "sha512") == 0;
	size_t count;
	listing *l = parse_listing(c, name, m, is512 ? 128 : 64, &count);
	for (size_t i = 0; i < count; i++) {
		const char *path = l[i].path;
		char *full = full_name(c, path);
		entry *f = find_rel(c, path);
		int payload = strncmp(path, "data/", 5) == 0;
		if (i > 0 && strcmp(l[i - 1].path, path) == 0) {
			report(c, name, "line %u lists %s a second time", l[i].line, path);
		} else if (verify_name_problem(path)) {
			report(c, name, "line %u: unsafe path: %s", l[i].line, verify_name_problem(path));
		} else if (tag && payload) {
			report(c, name, "line %u lists the payload file %s (tag manifests list tag files only)", l[i].line,
			       path);
		} else if (!tag && !payload) {
			report(c, name, "line %u lists %s, which is not under data/", l[i].line, path);
		} else if (tag && strncmp(path, "tagmanifest-", 12) == 0 && !strchr(path, '/')) {
			report(c, name, "line %u lists another tag manifest, %s", l[i].line, path);
		} else if (!f) {
			report(c, full, "listed in %s but missing", strrchr(name, '/') + 1);
		} else if (f->read_ok && strcmp(is512 ? f->sha512 : f->sha256, l[i].digest) != 0) {
			report(c, full, "%s digest does not match %s", is512 ? "SHA-512" : "SHA-256", strrchr(name, '/') + 1);
		}
		free(full);
	}
	for (size_t i = 0; i < c->nrel; i++) {
		const entry *f = c->by_rel[i];
		const char *rel = rel_name(c, f);
		int payload = is_payload(c, f);
		if (tag && (payload || (strncmp(rel, "tagmanifest-", 12) == 0 && !strchr(rel, '/'))))
			continue;
		if (!tag && !payload)
			continue;
		listing key = { (char *)rel, { 0 }, 0 };
		if (!bsearch(&key, l, count, sizeof *l, by_listing_path))
			report(c, f->name, "not listed in %s", strrchr(name, '/') + 1);
	}
	free_listing(l, count);
}

static void check_manifests(checker *c)
{
	int payload_manifests = 0, tag_manifests = 0;
	for (size_t i = 0; i < c->nrel; i++) {
		const entry *e = c->by_rel[i];
		const char *rel = rel_name(c, e);
		int tag = strncmp(rel, "tagmanifest-", 12) == 0;
		if (strchr(rel, '/') || !(tag || strncmp(rel, "manifest-", 9) == 0))
			continue;
		size_t len = strlen(rel);
		if (len < 4 || strcmp(rel + len - 4, ".txt") != 0)
			continue;
		const char *alg_start = rel + (tag ? 12 : 9);
		char *alg = xstrndup(alg_start, (size_t)(rel + len - 4 - alg_start));
		if (strcmp(alg, "sha256") == 0 || strcmp(alg, "sha512") == 0) {
			check_manifest(c, e, alg, tag);
			if (e->read_ok && e->content)
				ran(c, "%s", rel);
			if (tag)
				tag_manifests++;
			else
				payload_manifests++;
		} else {
			report(c, e->name, "algorithm %s is not supported (only sha256 and sha512); not checked", alg);
		}
		free(alg);
	}
	if (!payload_manifests) {
		char *n = full_name(c, "manifest-sha256.txt");
		report(c, n, "missing: the bag has no SHA-256 or SHA-512 payload manifest");
		free(n);
	}
	if (!tag_manifests) {
		char *n = full_name(c, "tagmanifest-sha256.txt");
		report(c, n, "missing: the bag has no tag manifest, so its tag files cannot be checked");
		free(n);
	}
}

static void check_oxum(checker *c)
{
	char *name = full_name(c, "bag-info.txt");
	const entry *e = find_rel(c, "bag-info.txt");
	if (!e) {
		report(c, name, "missing");
		free(name);
		return;
	}
	if (!e->read_ok || !e->content) {
		free(name);
		return;
	}
	const char *oxum = NULL;
	for (const char *p = e->content; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL) {
		if (strncmp(p, "Payload-Oxum:", 13) == 0) {
			oxum = p + 13;
			break;
		}
	}
	unsigned long long octets = 0, files = 0;
	int n = -1;
	if (oxum && sscanf(oxum, " %llu.%llu%n", &octets, &files, &n) == 2 && n > 0) {
		if (octets != c->payload_bytes || files != c->payload_files)
			report(c, name, "Payload-Oxum says %llu bytes in %llu files, the payload has %llu bytes in %zu files",
			       octets, files, c->payload_bytes, c->payload_files);
		ran(c, "Payload-Oxum");
	} else {
		report(c, name, "no valid Payload-Oxum line");
	}
	free(name);
}

static void check_file_record(checker *c, const char *where, const manifest_file *f)
{
	if (!f->path)
		return;
	const char *problem = verify_name_problem(f->path);
	if (problem || strncmp(f->path, "data/", 5) != 0) {
		report(c, where, "names %s, which is not a safe path under data/", f->path);
		return;
	}
	char *full = full_name(c, f->path);
	const entry *e = find_rel(c, f->path);
	if (!e)
		report(c, full, "described in manifest.json but missing");
	else if (e->read_ok && (unsigned long long)f->bytes != e->size)
		report(c, full, "manifest.json says %lld bytes, the file has %llu", f->bytes, e->size);
	else if (e->read_ok && strcmp(f->sha256, e->sha256) != 0)
		report(c, full, "SHA-256 does not match manifest.json");
	free(full);
}

/* Version 2 lists every payload file under "files": each once, as it is,
 * and none left out. */
static void check_files_list(checker *c, const char *name, const manifest_info *mi)
{
	if (mi->manifest_version < 2)
		return;
	const char **listed = xcalloc(mi->nfiles + 1, sizeof *listed);
	for (size_t i = 0; i < mi->nfiles; i++) {
		check_file_record(c, name, &mi->files[i]);
		if (!mi->files[i].media_type || !*mi->files[i].media_type)
			report(c, name, "files[%zu] (%s) has no media_type", i, mi->files[i].path);
		listed[i] = mi->files[i].path ? mi->files[i].path : "";
	}
	qsort(listed, mi->nfiles, sizeof *listed, by_string);
	for (size_t i = 1; i < mi->nfiles; i++)
		if (strcmp(listed[i - 1], listed[i]) == 0)
			report(c, name, "files lists %s twice", listed[i]);
	for (size_t i = 0; i < c->nrel; i++) {
		if (!is_payload(c, c->by_rel[i]))
			continue;
		const char *rel = rel_name(c, c->by_rel[i]);
		if (!bsearch(&rel, listed, mi->nfiles, sizeof *listed, by_string))
			report(c, c->by_rel[i]->name, "a payload file that manifest.json does not list under files");
	}
	free(listed);
	c->json_files = mi->nfiles;
}

static void check_manifest_json(checker *c)
{
	char *name = full_name(c, "manifest.json");
	const entry *e = find_rel(c, "manifest.json");
	if (!e) {
		report(c, name, "missing (every hejapack bundle describes its documents there)");
		free(name);
		return;
	}
	if (!e->read_ok || !e->content) {
		free(name);
		return;
	}
	manifest_info mi;
	char *err = NULL;
	if (manifest_parse(e->content, e->content_len, &mi, &err) != 0) {
		report(c, name, "%s", err);
		free(err);
		free(name);
		return;
	}
	char *expected = mi.identifier ? xstrdup(mi.identifier) : xasprintf("%s-%s", mi.id, mi.version);
	if (!c->local_base && strcmp(expected, c->base) != 0)
		report(c, name, "describes bundle %s, but the bundle directory is %s", expected, c->base);
	free(expected);
	check_files_list(c, name, &mi);

	/* Each document's PDF and HTML page. */
	const char **described = xcalloc(2 * mi.ndocs + 1, sizeof *described);
	size_t ndescribed = 0;
	for (size_t i = 0; i < mi.ndocs; i++) {
		const manifest_doc *d = &mi.docs[i];
		for (size_t k = 0; k < i; k++)
			if (strcmp(mi.docs[k].id, d->id) == 0)
				report(c, name, "document id %s appears twice", d->id);
		check_file_record(c, name, &d->pdf);
		check_file_record(c, name, &d->source);
		check_file_record(c, name, &d->html);
		if (d->pdf.path)
			described[ndescribed++] = d->pdf.path;
		if (d->html.path)
			described[ndescribed++] = d->html.path;
	}
	for (size_t i = 0; i < mi.nextras; i++)
		check_file_record(c, name, &mi.extras[i]);
	qsort(described, ndescribed, sizeof *described, by_string);
	for (size_t i = 0; i < c->nrel; i++) {
		const char *rel = rel_name(c, c->by_rel[i]);
		size_t len = strlen(rel);
		if (strncmp(rel, "data/ovningar/", 14) != 0 && strncmp(rel, "data/rapporter/", 15) != 0)
			continue;
		int pdf = len >= 4 && strcmp(rel + len - 4, ".pdf") == 0;
		int page = len >= 5 && strcmp(rel + len - 5, ".html") == 0;
		if ((pdf || page) && !bsearch(&rel, described, ndescribed, sizeof *described, by_string))
			report(c, c->by_rel[i]->name, pdf ? "a document PDF that manifest.json does not describe"
			                                  : "a document page that manifest.json does not describe");
	}
	free(described);
	if (mi.manifest_version >= 2)
		ran(c, "manifest.json (%zu documents, %zu files)", mi.ndocs, c->json_files);
	else
		ran(c, "manifest.json (%zu documents; version %d lists no other files)", mi.ndocs, mi.manifest_version);
	manifest_info_free(&mi);
	free(name);
}

static void check_bag(checker *c)
{
	for (size_t i = 0; i < c->nrel; i++) {
		if (is_payload(c, c->by_rel[i])) {
			c->payload_files++;
			c->payload_bytes += c->by_rel[i]->read_ok ? c->by_rel[i]->size : c->by_rel[i]->declared;
		}
	}
	check_bagit_txt(c);
	check_manifests(c);
	check_oxum(c);
	check_manifest_json(c);
}

/* ---- the e-archive package ---- */

static int by_ref_href(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Every file but METS.xml must be listed there once, with its size and
 * SHA-256; nothing listed may be missing. */
static void check_sip(checker *c)
{
	char *name = full_name(c, "METS.xml");
	const entry *e = find_rel(c, "METS.xml");
	if (!e->read_ok) {
		free(name);
		return;
	}
	if (!e->content) {
		report(c, name, "too large to check (more than %llu bytes)", VERIFY_MAX_TAG_FILE_BYTES);
		free(name);
		return;
	}
	sip_ref *refs = NULL;
	size_t n = 0;
	char *err = NULL;
	if (sip_read_mets(e->content, e->content_len, &refs, &n, &err) != 0) {
		report(c, name, "%s", err);
		free(err);
		free(name);
		return;
	}
	const char **listed = xcalloc(n ? n : 1, sizeof *listed);
	size_t nlisted = 0;
	for (size_t i = 0; i < n; i++) {
		const sip_ref *r = &refs[i];
		if (!r->href || verify_name_problem(r->href)) {
			report(c, name, "line %u: file reference %s is not a safe relative path", r->line,
			       r->href ? r->href : "(none)");
			continue;
		}
		for (size_t k = 0; k < nlisted; k++)
			if (strcmp(listed[k], r->href) == 0)
				report(c, name, "line %u lists %s a second time", r->line, r->href);
		listed[nlisted++] = r->href;
		char *full = full_name(c, r->href);
		const entry *f = find_rel(c, r->href);
		char digest[SHA256_HEX_SIZE] = "";
		if (r->checksum && strlen(r->checksum) == 64)
			for (size_t k = 0; k <= 64; k++)
				digest[k] = (r->checksum[k] >= 'A' && r->checksum[k] <= 'F') ? (char)(r->checksum[k] + 32)
				                                                           : r->checksum[k];
		if (!f)
			report(c, full, "listed in METS.xml (line %u) but missing", r->line);
		else if (!r->checksum_type || strcmp(r->checksum_type, "SHA-256") != 0)
			report(c, full, "METS.xml line %u gives no SHA-256 checksum (CHECKSUMTYPE %s)", r->line,
			       r->checksum_type ? r->checksum_type : "missing");
		else if (f->read_ok && (unsigned long long)r->size != f->size)
			report(c, full, "METS.xml says %lld bytes, the file has %llu", r->size, f->size);
		else if (f->read_ok && strcmp(digest, f->sha256) != 0)
			report(c, full, "SHA-256 does not match METS.xml");
		free(full);
	}
	qsort(listed, nlisted, sizeof *listed, by_ref_href);
	for (size_t i = 0; i < c->nrel; i++) {
		const char *rel = rel_name(c, c->by_rel[i]);
		c->payload_files++;
		c->payload_bytes += c->by_rel[i]->read_ok ? c->by_rel[i]->size : c->by_rel[i]->declared;
		if (strcmp(rel, "METS.xml") == 0)
			continue;
		if (!bsearch(&rel, listed, nlisted, sizeof *listed, by_ref_href))
			report(c, c->by_rel[i]->name, "not listed in METS.xml");
	}
	ran(c, "METS.xml (%zu files listed, sizes and SHA-256)", nlisted);
	free(listed);
	sip_refs_free(refs, n);
	free(name);
}

/* ---- the whole-archive digest ---- */

static void check_sidecar(checker *c, const char *path)
{
	char *side = xasprintf("%s.sha256", path);
	FILE *f = fopen(side, "rb");
	if (!f) {
		if (errno != ENOENT)
			io_failure(c, side, "cannot read: %s", strerror(errno));
		free(side);
		return;
	}
	c->sidecar = 1;
	char line[512];
	size_t n = fread(line, 1, sizeof line - 1, f);
	fclose(f);
	line[n] = '\0';
	size_t hex = strspn(line, "0123456789abcdefABCDEF");
	if (hex != 64 || (line[64] != ' ' && line[64] != '\t')) {
		report(c, side, "not a SHA-256 checksum line");
		free(side);
		return;
	}
	char actual[SHA256_HEX_SIZE];
	int e = sha256_file(path, actual);
	for (size_t i = 0; i < 64; i++)
		if (line[i] >= 'A' && line[i] <= 'F')
			line[i] = (char)(line[i] + 32);
	if (e)
		io_failure(c, path, "cannot read: %s", strerror(e));
	else if (strncmp(actual, line, 64) != 0)
		report(c, side, "the archive's SHA-256 is %s, not the one recorded here", actual);
	free(side);
}

/* ---- driver ---- */

int verify_bundle(const char *path, FILE *out)
{
	checker c;
	memset(&c, 0, sizeof c);
	c.label = path;
	c.out = out;
	buf_init(&c.ran);
	struct stat st;
	if (stat(path, &st) != 0) {
		io_failure(&c, NULL, "cannot read: %s", strerror(errno));
		buf_free(&c.ran);
		return EXIT_SYSTEM;
	}
	int complete;
	if (S_ISDIR(st.st_mode)) {
		complete = collect_dir(&c, path) == 0;
	} else {
		check_sidecar(&c, path);
		complete = collect_zip(&c, path) == 0;
	}
	if (c.n > 0)
		check_names(&c);
	if (complete) {
		check_top_level(&c);
		if (c.base) {
			index_bag(&c);
			/* A package with METS.xml and no bagit.txt is the e-archive
			 * form of the bundle (hejapack build --sip). */
			c.sip = !find_rel(&c, "bagit.txt") && find_rel(&c, "METS.xml");
			if (c.sip)
				check_sip(&c);
			else
				check_bag(&c);
		}
	}

	if (c.n > 0 && !S_ISDIR(st.st_mode))
		fprintf(out, "%s: checked: %zu entries (names, limits, CRC)%s%s\n", path, c.n, c.ran.len ? ", " : "",
			c.ran.data);
	else if (c.n > 0)
		fprintf(out, "%s: checked: %zu files and directories (names, types)%s%s\n", path, c.n,
			c.ran.len ? ", " : "", c.ran.data);
	if (!S_ISDIR(st.st_mode)) {
		const char *leaf = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
		if (c.sidecar)
			fprintf(out, "%s: checked: the whole file against %s.sha256\n", path, leaf);
		else
			fprintf(out, "%s: not checked: the whole file (no %s.sha256 beside it)\n", path, leaf);
	}
	if (c.io_failure)
		fprintf(out, "%s: could not be checked completely (read errors)\n", path);
	else if (c.problems)
		fprintf(out, "%s: NOT intact: %u problem%s\n", path, c.problems, c.problems == 1 ? "" : "s");
	else if (c.sip)
		fprintf(out, "%s: intact: %zu files, %llu bytes, every SHA-256 in METS.xml matches\n", path,
		        c.payload_files, c.payload_bytes);
	else
		fprintf(out, "%s: intact: %zu payload files, %llu bytes, every SHA-256 and SHA-512 digest matches\n",
		        path, c.payload_files, c.payload_bytes);

	int status = c.io_failure ? EXIT_SYSTEM : c.problems ? 1 : 0;
	for (size_t i = 0; i < c.n; i++) {
		free(c.v[i].name);
		free(c.v[i].content);
	}
	free(c.v);
	free(c.by_rel);
	buf_free(&c.ran);
	free((char *)c.base);
	return status;
}
