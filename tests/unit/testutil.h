/* testutil: what several unit tests share. Include after <cmocka.h>.
 *
 * - messages: diag() output of the running test, captured by the setup
 *   and teardown pair capture_on/capture_off (TEST(name) wires them up);
 * - source_file: a file of the source tree, whether the test runs from the
 *   repository root (as make runs it) or elsewhere.
 */
#ifndef HEJAPACK_TESTUTIL_H
#define HEJAPACK_TESTUTIL_H

#include <libgen.h>
#include <stdlib.h>
#include <unistd.h>

#include "base/diag.h"
#include "base/util.h"

static buf messages __attribute__((unused));

static inline int capture_on(void **state)
{
	(void)state;
	buf_init(&messages);
	diag_reset();
	diag_capture(&messages);
	return 0;
}

static inline int capture_off(void **state)
{
	(void)state;
	diag_capture(NULL);
	buf_free(&messages);
	diag_reset();
	return 0;
}

#define TEST(name) cmocka_unit_test_setup_teardown(name, capture_on, capture_off)

/* The path of rel in the source tree (caller frees), or NULL: tried from
 * the working directory up, then from the test binary in out/build-asan/tests/. */
static inline char *source_file(const char *rel)
{
	const char *ups[] = { "", "../", "../../" };
	for (size_t i = 0; i < sizeof ups / sizeof *ups; i++) {
		char *p = xasprintf("%s%s", ups[i], rel);
		if (access(p, R_OK) == 0)
			return p;
		free(p);
	}
	char exe[4096];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n > 0) {
		exe[n] = '\0';
		char *p = xasprintf("%s/../../../%s", dirname(exe), rel);
		if (access(p, R_OK) == 0)
			return p;
		free(p);
	}
	return NULL;
}

#endif
