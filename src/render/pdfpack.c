#include "render/pdfpack.h"

#include <inttypes.h>
#include <libdeflate.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"

/* Objects per object stream: a reader inflates a whole stream to reach one
 * of them, so not all in one; a few hundred compress nearly as well. */
enum { PER_STREAM = 200 };
/* Measured on a 925-page tagged report (5.97 MB as libharu wrote it):
 * level 1 packs it into 3.54 MB in 9 ms, level 6 into 3.44 MB in 24 ms,
 * which cost 3 % of the report's typesetting throughput for 3 % of size. */
enum { LEVEL = 1 };

typedef struct {
	uint32_t num;
	size_t at;           /* offset of "num 0 obj" in the input */
	size_t body, body_end; /* the object's value: after "obj", before "endobj" */
	int is_stream;
	const unsigned char *text; /* not a stream: its value, from the input or given */
	size_t text_len;
	uint32_t in_stream;  /* packed: the object stream's number, else 0 */
	uint32_t index;      /* packed: its place in that stream */
	size_t new_at;       /* copied: its offset in the output */
} pdf_object;

static int by_offset(const void *a, const void *b)
{
	const pdf_object *x = a, *y = b;
	return x->at < y->at ? -1 : x->at > y->at;
}

static int is_space(unsigned char c)
{
	return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == 0;
}

/* The last occurrence of word in [from, to), or to when there is none. */
static size_t last_of(const unsigned char *d, size_t from, size_t to, const char *word)
{
	size_t n = strlen(word);
	if (to < from + n)
		return to;
	for (size_t i = to - n + 1; i-- > from;)
		if (memcmp(d + i, word, n) == 0)
			return i;
	return to;
}

/* Reads an unsigned decimal at d[*i] (skipping spaces first); -1 if none. */
static long long number_at(const unsigned char *d, size_t len, size_t *i)
{
	while (*i < len && is_space(d[*i]))
		(*i)++;
	if (*i >= len || d[*i] < '0' || d[*i] > '9')
		return -1;
	long long v = 0;
	while (*i < len && d[*i] >= '0' && d[*i] <= '9') {
		v = v * 10 + (d[*i] - '0');
		if (v > 0xFFFFFFFFLL)
			return -1;
		(*i)++;
	}
	return v;
}

/* The value of /key in the trailer [from, to) as raw text up to the next
 * key or the dictionary's end: "1 0 R", or "[ <..> <..> ]". */
static char *trailer_value(const unsigned char *d, size_t from, size_t to, const char *key)
{
	size_t n = strlen(key);
	for (size_t i = from; i + n < to; i++) {
		if (memcmp(d + i, key, n) != 0 || !(is_space(d[i + n]) || d[i + n] == '[' || d[i + n] == '<'))
			continue;
		size_t v = i + n, e = v;
		while (e < to && d[e] != '/' && !(d[e] == '>' && e + 1 < to && d[e + 1] == '>'))
			e++;
		while (v < e && is_space(d[v]))
			v++;
		while (e > v && is_space(d[e - 1]))
			e--;
		return e > v ? xstrndup((const char *)d + v, e - v) : NULL;
	}
	return NULL;
}

static void put_be(buf *b, uint64_t v, int bytes)
{
	for (int k = bytes - 1; k >= 0; k--) {
		char c = (char)(v >> (8 * k) & 0xFF);
		buf_append(b, &c, 1);
	}
}

/* Deflates data into a stream object "num 0 obj << dict /Length n
 * /Filter /FlateDecode >> stream ... endstream endobj". */
static void put_stream(buf *out, struct libdeflate_compressor *z, uint32_t num, const char *dict, const buf *data)
{
	size_t bound = libdeflate_zlib_compress_bound(z, data->len);
	unsigned char *packed = xmalloc(bound);
	size_t n = libdeflate_zlib_compress(z, data->data, data->len, packed, bound);
	buf_printf(out, "%" PRIu32 " 0 obj\n<<\n%s/Length %zu\n/Filter /FlateDecode\n>>\nstream\r\n", num, dict, n);
	buf_append(out, (const char *)packed, n);
	buf_puts(out, "\r\nendstream\nendobj\n");
	free(packed);
}

int pdfpack(const unsigned char *d, size_t len, const pdfpack_object *extra, size_t nextra, unsigned char **out,
	    size_t *out_len, char **err)
{
	*out = NULL;
	*out_len = 0;
	/* %PDF-1.x with x >= 5: object and cross-reference streams are 1.5. */
	if (len < 16 || memcmp(d, "%PDF-1.", 7) != 0 || d[7] < '5' || d[7] > '9') {
		*err = xstrdup("not a PDF 1.5 or later file");
		return -1;
	}
	size_t sx = last_of(d, len > 64 ? len - 64 : 0, len, "startxref");
	size_t i = sx + 9;
	long long xref_at = sx < len ? number_at(d, len, &i) : -1;
	if (xref_at < 0 || (size_t)xref_at + 5 > len || memcmp(d + xref_at, "xref", 4) != 0) {
		*err = xstrdup("no cross-reference table where startxref says");
		return -1;
	}
	size_t xref = (size_t)xref_at;
	/* The table: subsections "first count", then count lines of 20 bytes. */
	pdf_object *objs = NULL;
	size_t nobjs = 0, cap = 0;
	uint32_t size = 0;
	i = xref + 4;
	for (;;) {
		size_t save = i;
		long long first = number_at(d, len, &i);
		long long count = first >= 0 ? number_at(d, len, &i) : -1;
		if (first < 0 || count < 0) {
			i = save;
			break;
		}
		while (i < len && (d[i] == ' ' || d[i] == '\r' || d[i] == '\n'))
			i++;
		if ((unsigned long long)count * 20 > len - i) {
			free(objs);
			*err = xstrdup("a cross-reference table longer than the file");
			return -1;
		}
		for (long long k = 0; k < count; k++, i += 20) {
			const unsigned char *e = d + i;
			if (e[17] == 'f')
				continue;
			size_t j = 0;
			long long at = number_at(e, 10, &j);
			if (e[17] != 'n' || at < 0 || (size_t)at >= xref || memcmp(e + 11, "00000", 5) != 0) {
				free(objs);
				*err = xstrdup("an object that is not generation 0, or a bad table entry");
				return -1;
			}
			if (nobjs == cap) {
				cap = cap ? cap * 2 : 1024;
				objs = xreallocarray(objs, cap, sizeof *objs);
			}
			objs[nobjs++] = (pdf_object){ .num = (uint32_t)(first + k), .at = (size_t)at };
		}
		if ((uint64_t)first + (uint64_t)count > size)
			size = (uint32_t)(first + count);
	}
	size_t trailer = last_of(d, i, len, "trailer");
	if (nobjs == 0 || trailer >= len) {
		free(objs);
		*err = xstrdup("no objects or no trailer");
		return -1;
	}
	char *root = trailer_value(d, trailer, sx, "/Root");
	char *info = trailer_value(d, trailer, sx, "/Info");
	char *id = trailer_value(d, trailer, sx, "/ID");
	int status = -1;
	if (!root || last_of(d, trailer, sx, "/Encrypt") < sx) {
		*err = xstrdup(root ? "an encrypted file" : "a trailer without /Root");
		goto done;
	}
	/* Each object runs to the next one (or to the table); its value is
	 * what lies between "obj" and the last "endobj". */
	qsort(objs, nobjs, sizeof *objs, by_offset);
	for (size_t k = 0; k < nobjs; k++) {
		pdf_object *o = &objs[k];
		size_t end = k + 1 < nobjs ? objs[k + 1].at : xref;
		size_t j = o->at;
		long long num = number_at(d, end, &j);
		long long gen = number_at(d, end, &j);
		while (j < end && is_space(d[j]))
			j++;
		size_t stop = last_of(d, j, end, "endobj");
		if (num != o->num || gen != 0 || j + 3 > end || memcmp(d + j, "obj", 3) != 0 || stop >= end ||
		    (k > 0 && objs[k - 1].at == o->at)) {
			*err = xasprintf("object %" PRIu32 " is not where the table says", o->num);
			goto done;
		}
		o->body = j + 3;
		o->body_end = stop;
		while (o->body < o->body_end && is_space(d[o->body]))
			o->body++;
		while (o->body_end > o->body && is_space(d[o->body_end - 1]))
			o->body_end--;
		o->is_stream = o->body_end - o->body >= 9 && memcmp(d + o->body_end - 9, "endstream", 9) == 0;
		o->text = d + o->body;
		o->text_len = o->body_end - o->body;
	}
	/* The given objects: new values for the input's, or objects after them. */
	size_t ninput = nobjs;
	uint32_t added = 0;
	for (size_t x = 0; x < nextra; x++) {
		const pdfpack_object *e = &extra[x];
		pdf_object *target = NULL;
		if (e->num < size) {
			for (size_t k = 0; k < ninput && !target; k++)
				if (objs[k].num == e->num)
					target = &objs[k];
			if (!target || target->is_stream) {
				*err = xasprintf("object %" PRIu32 " to replace is not in the file, or is a stream", e->num);
				goto done;
			}
		} else if (e->num == size + added) {
			if (nobjs == cap) {
				cap = cap * 2;
				objs = xreallocarray(objs, cap, sizeof *objs);
			}
			target = &objs[nobjs++];
			*target = (pdf_object){ .num = e->num };
			added++;
		} else {
			*err = xasprintf("object %" PRIu32 " given out of order", e->num);
			goto done;
		}
		target->text = (const unsigned char *)e->body;
		target->text_len = e->len;
	}
	size += added;

	struct libdeflate_compressor *z = libdeflate_alloc_compressor(LEVEL);
	if (!z) {
		*err = xstrdup("out of memory for a compressor");
		goto done;
	}
	buf o;
	buf_init(&o);
	/* The header: what comes before the first object (%PDF-1.x and the
	 * line of high bytes). */
	buf_append(&o, (const char *)d, objs[0].at);
	/* Streams first, as they were, then the object streams. */
	for (size_t k = 0; k < ninput; k++) {
		pdf_object *ob = &objs[k];
		if (!ob->is_stream)
			continue;
		size_t end = k + 1 < ninput ? objs[k + 1].at : xref;
		ob->new_at = o.len;
		buf_append(&o, (const char *)d + ob->at, end - ob->at);
	}
	uint32_t next = size;
	size_t nstreams = 0;
	size_t *stream_at = NULL;
	buf index, bodies;
	buf_init(&index);
	buf_init(&bodies);
	for (size_t k = 0; k < nobjs;) {
		uint32_t n = 0;
		buf_clear(&index);
		buf_clear(&bodies);
		uint32_t num = next++;
		for (; k < nobjs && n < PER_STREAM; k++) {
			pdf_object *ob = &objs[k];
			if (ob->is_stream)
				continue;
			buf_printf(&index, "%" PRIu32 " %zu ", ob->num, bodies.len);
			buf_append(&bodies, (const char *)ob->text, ob->text_len);
			buf_puts(&bodies, "\n");
			ob->in_stream = num;
			ob->index = n++;
		}
		if (n == 0) {
			next--;
			break;
		}
		stream_at = xreallocarray(stream_at, nstreams + 1, sizeof *stream_at);
		stream_at[nstreams++] = o.len;
		char *dict = xasprintf("/Type /ObjStm\n/N %" PRIu32 "\n/First %zu\n", n, index.len);
		buf_append(&index, bodies.data, bodies.len);
		put_stream(&o, z, num, dict, &index);
		free(dict);
	}
	/* The cross-reference stream, the last object: type 0 for object 0,
	 * 1 (offset) for what lies in the file, 2 (stream, index) for the
	 * packed. Fields of 1, 4 and 2 bytes. */
	uint32_t xnum = next++;
	size_t xref_new = o.len;
	if (xref_new > 0xFFFFFFFFu) {
		*err = xstrdup("too large for 4-byte offsets");
		buf_free(&o);
		goto packed_done;
	}
	pdf_object **by_num = xcalloc(size ? size : 1, sizeof *by_num);
	for (size_t k = 0; k < nobjs; k++)
		if (objs[k].num < size)
			by_num[objs[k].num] = &objs[k];
	buf table;
	buf_init(&table);
	for (uint32_t n = 0; n < next; n++) {
		const pdf_object *ob = n < size ? by_num[n] : NULL;
		if (n >= size && n < xnum) {
			put_be(&table, 1, 1);
			put_be(&table, stream_at[n - size], 4);
			put_be(&table, 0, 2);
		} else if (n == xnum) {
			put_be(&table, 1, 1);
			put_be(&table, xref_new, 4);
			put_be(&table, 0, 2);
		} else if (!ob) {
			put_be(&table, 0, 1);
			put_be(&table, 0, 4);
			put_be(&table, n == 0 ? 65535 : 0, 2);
		} else if (ob->is_stream) {
			put_be(&table, 1, 1);
			put_be(&table, ob->new_at, 4);
			put_be(&table, 0, 2);
		} else {
			put_be(&table, 2, 1);
			put_be(&table, ob->in_stream, 4);
			put_be(&table, ob->index, 2);
		}
	}
	free(by_num);
	buf dict;
	buf_init(&dict);
	buf_printf(&dict, "/Type /XRef\n/Size %" PRIu32 "\n/W [ 1 4 2 ]\n/Root %s\n", next, root);
	if (info)
		buf_printf(&dict, "/Info %s\n", info);
	if (id)
		buf_printf(&dict, "/ID %s\n", id);
	put_stream(&o, z, xnum, dict.data, &table);
	buf_printf(&o, "startxref\n%zu\n%%%%EOF\n", xref_new);
	buf_free(&dict);
	buf_free(&table);
	*out = (unsigned char *)buf_detach(&o, out_len);
	status = 0;
packed_done:
	buf_free(&index);
	buf_free(&bodies);
	free(stream_at);
	libdeflate_free_compressor(z);
done:
	free(root);
	free(info);
	free(id);
	free(objs);
	return status;
}
