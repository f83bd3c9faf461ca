/* Tests for src/render/pdfpack.c on a small file laid out as libharu lays
 * one out: every object but the stream lands in an object stream, found
 * again through the cross-reference stream; the stream is copied byte for
 * byte; the trailer's entries move into the cross-reference stream; files
 * that are not so laid out are refused, not mangled. (The e2e tests run
 * qpdf --check, pdfinfo and the tag checker on every packed PDF.) */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <libdeflate.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "render/pdfpack.h"

static const char *const bodies[] = {
	"<<\n/Type /Catalog\n/Pages 2 0 R\n>>",
	"<<\n/Type /Pages\n/Kids [ 4 0 R ]\n/Count 1\n>>",
	"<<\n/Title (a \\(title\\) with >> in it)\n>>",
	"<<\n/Type /Page\n/Parent 2 0 R\n/Contents 5 0 R\n>>",
	NULL, /* 5: the stream */
	"11",
};
static const char stream_obj[] = "5 0 obj\n<<\n/Length 6 0 R\n>>\nstream\r\nBT /F1 12 Tf (endobj) Tj ET\r\nendstream\nendobj\n";

/* The file, with `version` in its header and `gen` as object 3's generation. */
static char *libharu_like(const char *version, const char *gen, size_t *len)
{
	buf b;
	buf_init(&b);
	buf_printf(&b, "%%PDF-%s\n%%\xe2\xe3\xcf\xd3\n", version);
	size_t at[7];
	for (int n = 1; n <= 6; n++) {
		at[n] = b.len;
		if (n == 5)
			buf_puts(&b, stream_obj);
		else
			buf_printf(&b, "%d 0 obj\n%s\nendobj\n", n, bodies[n - 1]);
	}
	size_t xref = b.len;
	buf_puts(&b, "xref\n0 7\n0000000000 65535 f\r\n");
	for (int n = 1; n <= 6; n++)
		buf_printf(&b, "%010zu %s n\r\n", at[n], n == 3 ? gen : "00000");
	buf_printf(&b, "trailer\n<<\n/ID [ <0A0B> <0A0B> ]\n/Root 1 0 R\n/Info 3 0 R\n/Size 7\n>>\nstartxref\n%zu\n%%%%EOF\n",
		   xref);
	return buf_detach(&b, len);
}

/* The decompressed data of the stream object whose dictionary starts at p. */
static unsigned char *inflate_stream(const unsigned char *p, size_t *out_len)
{
	const char *l = strstr((const char *)p, "/Length ");
	assert_non_null(l);
	size_t n = (size_t)strtoul(l + 8, NULL, 10);
	const char *s = strstr((const char *)p, "stream\r\n");
	assert_non_null(s);
	struct libdeflate_decompressor *z = libdeflate_alloc_decompressor();
	unsigned char *out = xmalloc(1 << 16);
	assert_int_equal(libdeflate_zlib_decompress(z, s + 8, n, out, 1 << 16, out_len), LIBDEFLATE_SUCCESS);
	libdeflate_free_decompressor(z);
	return out;
}

/* strstr over bytes that hold NULs (compressed streams). */
static const char *find(const unsigned char *hay, size_t n, const char *needle)
{
	size_t k = strlen(needle);
	for (size_t i = 0; i + k <= n; i++)
		if (memcmp(hay + i, needle, k) == 0)
			return (const char *)hay + i;
	return NULL;
}

static void test_objects_packed_and_found(void **state)
{
	(void)state;
	size_t len, plen;
	char *in = libharu_like("1.7", "00000", &len);
	unsigned char *out;
	char *err = NULL;
	assert_int_equal(pdfpack((unsigned char *)in, len, NULL, 0, &out, &plen, &err), 0);
	out = xreallocarray(out, plen + 1, 1);
	out[plen] = '\0';
	const char *o = (const char *)out;
	assert_memory_equal(o, in, strlen("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"));
	/* The stream, byte for byte; no classic table or trailer left. */
	assert_non_null(find(out, plen, stream_obj));
	assert_null(find(out, plen, "\nxref\n"));
	assert_null(find(out, plen, "trailer"));
	/* startxref names the cross-reference stream, object 8 (7 is the
	 * object stream), which carries the trailer's entries. */
	const char *sx = find(out, plen, "startxref\n");
	assert_non_null(sx);
	size_t xat = (size_t)strtoul(sx + 10, NULL, 10);
	assert_memory_equal(o + xat, "8 0 obj", 7);
	assert_non_null(strstr(o + xat, "/Type /XRef"));
	assert_non_null(strstr(o + xat, "/Root 1 0 R"));
	assert_non_null(strstr(o + xat, "/Info 3 0 R"));
	assert_non_null(strstr(o + xat, "/ID [ <0A0B> <0A0B> ]"));
	assert_non_null(strstr(o + xat, "/Size 9"));
	size_t tlen;
	unsigned char *table = inflate_stream(out + xat, &tlen);
	assert_int_equal(tlen, 9 * 7);
	const char *os = find(out, plen, "7 0 obj\n");
	assert_non_null(os);
	size_t olen;
	unsigned char *objstm = inflate_stream((const unsigned char *)os, &olen);
	objstm = xreallocarray(objstm, olen + 1, 1);
	objstm[olen] = '\0';
	size_t first = (size_t)strtoul(strstr(os, "/First ") + 7, NULL, 10);
	assert_non_null(strstr(os, "/N 5"));
	for (int n = 0; n < 9; n++) {
		const unsigned char *e = table + 7 * n;
		uint32_t f2 = (uint32_t)e[1] << 24 | (uint32_t)e[2] << 16 | (uint32_t)e[3] << 8 | e[4];
		unsigned f3 = (unsigned)e[5] << 8 | e[6];
		if (n == 0) {
			assert_int_equal(e[0], 0);
			assert_int_equal(f3, 65535);
		} else if (n == 5 || n == 7 || n == 8) {
			/* In the file: the offset of "n 0 obj". */
			char head[16];
			snprintf(head, sizeof head, "%d 0 obj", n);
			assert_int_equal(e[0], 1);
			assert_memory_equal(o + f2, head, strlen(head));
		} else {
			/* Packed: in object 7, at the index the header pairs give. */
			assert_int_equal(e[0], 2);
			assert_int_equal(f2, 7);
			const char *pairs = (const char *)objstm;
			for (unsigned k = 0; k < f3; k++) {
				strtoul(pairs, (char **)&pairs, 10);
				strtoul(pairs, (char **)&pairs, 10);
			}
			char *end;
			assert_int_equal((int)strtoul(pairs, &end, 10), n);
			size_t off = (size_t)strtoul(end, NULL, 10);
			const char *body = bodies[n - 1];
			assert_memory_equal(objstm + first + off, body, strlen(body));
		}
	}
	free(objstm);
	free(table);
	/* The same input, the same bytes. */
	unsigned char *again;
	size_t alen;
	assert_int_equal(pdfpack((unsigned char *)in, len, NULL, 0, &again, &alen, &err), 0);
	assert_int_equal(alen, plen);
	assert_memory_equal(again, out, plen);
	free(again);
	free(out);
	free(in);
}

static void expect_refused(const char *version, const char *gen, const char *why)
{
	size_t len, plen;
	char *in = libharu_like(version, gen, &len);
	unsigned char *out = (unsigned char *)"untouched";
	char *err = NULL;
	assert_int_equal(pdfpack((unsigned char *)in, len, NULL, 0, &out, &plen, &err), -1);
	assert_null(out);
	assert_non_null(err);
	assert_non_null(strstr(err, why));
	free(err);
	free(in);
}

static void test_other_files_refused(void **state)
{
	(void)state;
	expect_refused("1.4", "00000", "PDF 1.5");
	expect_refused("1.7", "00001", "generation 0");
	/* A table that points into the wrong place. */
	size_t len, plen;
	char *in = libharu_like("1.7", "00000", &len);
	char *entry = strstr(in, "\r\n0000000");
	entry[3] = '9';
	unsigned char *out;
	char *err = NULL;
	assert_int_equal(pdfpack((unsigned char *)in, len, NULL, 0, &out, &plen, &err), -1);
	free(err);
	/* And one cut short. */
	err = NULL;
	assert_int_equal(pdfpack((unsigned char *)in, len / 2, NULL, 0, &out, &plen, &err), -1);
	free(err);
	free(in);
}

/* Given objects: one replaces object 3's value, two more follow the
 * input's last (7 and 8); the object stream and the table come after them. */
static void test_given_objects(void **state)
{
	(void)state;
	size_t len, plen;
	char *in = libharu_like("1.7", "00000", &len);
	const char *three = "<< /Title (replaced) >>", *seven = "[ 1 2 3 ]", *eight = "<< /K 7 0 R >>";
	pdfpack_object extra[] = { { 3, three, strlen(three) }, { 7, seven, strlen(seven) }, { 8, eight, strlen(eight) } };
	unsigned char *out;
	char *err = NULL;
	assert_int_equal(pdfpack((unsigned char *)in, len, extra, 3, &out, &plen, &err), 0);
	const char *sx = find(out, plen, "startxref\n");
	size_t xat = (size_t)strtoul(sx + 10, NULL, 10);
	assert_memory_equal((const char *)out + xat, "10 0 obj", 8); /* 9 is the object stream */
	assert_non_null(find(out, plen, "/Size 11"));
	const char *os = find(out, plen, "9 0 obj\n");
	assert_non_null(os);
	size_t olen;
	unsigned char *objstm = inflate_stream((const unsigned char *)os, &olen);
	assert_non_null(find(objstm, olen, three));
	assert_non_null(find(objstm, olen, seven));
	assert_non_null(find(objstm, olen, eight));
	assert_null(find(objstm, olen, "with >> in it"));
	free(objstm);
	free(out);
	/* A new object out of order, or a stream to replace: refused. */
	pdfpack_object gap[] = { { 8, eight, strlen(eight) } };
	assert_int_equal(pdfpack((unsigned char *)in, len, gap, 1, &out, &plen, &err), -1);
	assert_non_null(strstr(err, "out of order"));
	free(err);
	err = NULL;
	pdfpack_object stream[] = { { 5, seven, strlen(seven) } };
	assert_int_equal(pdfpack((unsigned char *)in, len, stream, 1, &out, &plen, &err), -1);
	assert_non_null(strstr(err, "stream"));
	free(err);
	free(in);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_objects_packed_and_found),
		cmocka_unit_test(test_other_files_refused),
		cmocka_unit_test(test_given_objects),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
