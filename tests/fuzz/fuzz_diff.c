/* libFuzzer target: `hejapack diff` on two ZIP files. The input is the old
 * ZIP, the separator below, and the new ZIP; without the separator both are
 * the input itself.
 */
#include "fuzz_common.h"

#include "bundle/bundlediff.h"

#define SEPARATOR "\n--hejapack-fuzz-next--\n"

static FILE *sink;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_make_scratch();
	sink = fopen("/dev/null", "w");
	if (!sink)
		exit(1);
	return 0;
}

static const uint8_t *find(const uint8_t *data, size_t size, const char *needle)
{
	size_t n = strlen(needle);
	for (size_t i = 0; i + n <= size; i++)
		if (memcmp(data + i, needle, n) == 0)
			return data + i;
	return NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *sep = find(data, size, SEPARATOR);
	size_t old_len = sep ? (size_t)(sep - data) : size;
	const uint8_t *new_data = sep ? sep + strlen(SEPARATOR) : data;
	size_t new_len = sep ? size - (size_t)(new_data - data) : size;
	fuzz_write("old.zip", data, old_len);
	fuzz_write("new.zip", new_data, new_len);
	char *old_path = fuzz_path("old.zip"), *new_path = fuzz_path("new.zip");
	int rc = bundle_diff(old_path, new_path, sink);
	if (rc != 0 && rc != 1 && rc != 3)
		abort();
	free(old_path);
	free(new_path);
	fuzz_reset();
	return 0;
}
