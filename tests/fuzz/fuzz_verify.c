/* libFuzzer target: `hejapack verify` on a ZIP file given as bytes. */
#include "fuzz_common.h"

#include "bundle/verify.h"

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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_write("b.zip", data, size);
	char *path = fuzz_path("b.zip");
	int rc = verify_bundle(path, sink);
	if (rc != 0 && rc != 1 && rc != 3)
		abort();
	free(path);
	fuzz_reset();
	return 0;
}
