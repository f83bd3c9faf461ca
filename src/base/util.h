/* util: allocation that never returns NULL, and a growable byte buffer.
 *
 * Allocation failure is not an input error we can report against a file, so
 * every x*alloc prints one line and exits with the system-failure status.
 */
#ifndef HEJAPACK_UTIL_H
#define HEJAPACK_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <string.h>

void *xmalloc(size_t size);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *ptr, size_t size);
/* Array growth with overflow check: returns ptr resized to count * size. */
void *xreallocarray(void *ptr, size_t count, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t len);
/* For memory a library failed to allocate: the same line and exit status. */
_Noreturn void xalloc_failed(size_t size);
/* printf into a fresh string; caller frees. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Tells malloc to keep freed memory for reuse rather than hand it back to
 * the kernel at once: a run allocates and frees many blocks, and fresh pages
 * cost a page fault each. Call once, first thing in main. */
void tune_allocator(void);

/* A growable byte buffer, always NUL-terminated, never NULL data after init. */
typedef struct {
	char *data;
	size_t len;
	size_t cap;
} buf;

void buf_init(buf *b);
void buf_free(buf *b);
void buf_clear(buf *b);
/* Makes room for `extra` more bytes and the terminating NUL. */
void buf_reserve(buf *b, size_t extra);
/* Inline: the layout appends a few bytes at a time, millions of times. */
static inline void buf_append(buf *b, const void *data, size_t len)
{
	if (!len)
		return;
	if (b->cap - b->len <= len)
		buf_reserve(b, len);
	memcpy(b->data + b->len, data, len);
	b->len += len;
	b->data[b->len] = '\0';
}
void buf_puts(buf *b, const char *s);
void buf_putc(buf *b, char c);
void buf_printf(buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_vprintf(buf *b, const char *fmt, va_list ap);
/* Hands the bytes to the caller (who frees them) and resets the buffer. */
char *buf_detach(buf *b, size_t *len);

/* An arena for many small strings that all die together (the texts of a
 * display list): one allocation per 64 KiB instead of one per string. */
typedef struct arena_block arena_block;
typedef struct {
	arena_block *head;
} arena;

/* A copy of s that lives until arena_free; NULL stays NULL. */
char *arena_strdup(arena *a, const char *s);
void arena_free(arena *a);

/* The processors online, at least 1 and at most `most`. */
unsigned processors_online(unsigned most);

#endif
