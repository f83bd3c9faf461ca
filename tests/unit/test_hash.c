#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <string.h>

#include "base/hash.h"
#include "base/util.h"

/* FIPS 180-2 / NIST test vectors. */
static void test_sha256_vectors(void **state)
{
	(void)state;
	char out[SHA256_HEX_SIZE];
	sha256_hex("", 0, out);
	assert_string_equal(out, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	sha256_hex("abc", 3, out);
	assert_string_equal(out, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	const char *two_blocks = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	sha256_hex(two_blocks, strlen(two_blocks), out);
	assert_string_equal(out, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
	/* Bytes after an embedded NUL count: the length decides, not strlen. */
	char with_nul[SHA256_HEX_SIZE];
	sha256_hex("abc\0def", 7, with_nul);
	assert_string_not_equal(with_nul, out);
}

static void test_sha512_vectors(void **state)
{
	(void)state;
	char out[SHA512_HEX_SIZE];
	sha512_hex("", 0, out);
	assert_string_equal(out, "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce"
	                         "47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e");
	sha512_hex("abc", 3, out);
	assert_string_equal(out, "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
	                         "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f");
	assert_int_equal(strlen(out), 128);
}

/* One million 'a', fed in uneven pieces. */
static void test_streaming_million_a(void **state)
{
	(void)state;
	char *a = xmalloc(1000000);
	memset(a, 'a', 1000000);
	hash_ctx *h256 = hash_new(HASH_SHA256);
	hash_ctx *h512 = hash_new(HASH_SHA512);
	size_t done = 0, step = 1;
	while (done < 1000000) {
		size_t n = step < 1000000 - done ? step : 1000000 - done;
		hash_update(h256, a + done, n);
		hash_update(h512, a + done, n);
		done += n;
		step = step * 3 + 1;
	}
	hash_update(h256, a, 0); /* empty updates change nothing */
	char out256[SHA256_HEX_SIZE], out512[SHA512_HEX_SIZE];
	hash_final_hex(h256, out256);
	hash_final_hex(h512, out512);
	assert_string_equal(out256, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
	assert_string_equal(out512, "e718483d0ce769644e2e42c7bc15b4638e1f98b13b2044285632a803afa973eb"
	                            "de0ff244877ea60a4cb0432ce577c31beb009c5c2c49aa2e4eadb217ad8cc09b");
	hash_free(h256);
	hash_free(h512);
	free(a);
}

static void test_streaming_equals_one_shot(void **state)
{
	(void)state;
	unsigned char data[1000];
	for (size_t i = 0; i < sizeof data; i++)
		data[i] = (unsigned char)(i * 131 + 7);
	char whole[SHA512_HEX_SIZE];
	sha512_hex(data, sizeof data, whole);
	for (size_t split = 0; split <= sizeof data; split += 127) {
		hash_ctx *h = hash_new(HASH_SHA512);
		hash_update(h, data, split);
		hash_update(h, data + split, sizeof data - split);
		char parts[SHA512_HEX_SIZE];
		hash_final_hex(h, parts);
		hash_free(h);
		assert_string_equal(parts, whole);
	}
	assert_int_equal(hash_hex_size(HASH_SHA256), 65);
	assert_int_equal(hash_hex_size(HASH_SHA512), 129);
	hash_free(NULL);
}

/* A file's digest, read in pieces past the 64 KiB read size, is the
 * digest of its bytes; a missing file gives its errno. */
static void test_file_digest(void **state)
{
	(void)state;
	char path[] = "/tmp/hejapack-hash-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	size_t len = 200001;
	unsigned char *bytes = xmalloc(len);
	for (size_t i = 0; i < len; i++)
		bytes[i] = (unsigned char)(i * 31 + i / 977);
	assert_int_equal(write(fd, bytes, len), (ssize_t)len);
	close(fd);
	char want[SHA256_HEX_SIZE], got[SHA256_HEX_SIZE];
	sha256_hex(bytes, len, want);
	assert_int_equal(sha256_file(path, got), 0);
	assert_string_equal(got, want);
	unlink(path);
	assert_int_equal(sha256_file(path, got), ENOENT);
	free(bytes);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sha256_vectors),
		cmocka_unit_test(test_sha512_vectors),
		cmocka_unit_test(test_streaming_million_a),
		cmocka_unit_test(test_streaming_equals_one_shot),
		cmocka_unit_test(test_file_digest),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
