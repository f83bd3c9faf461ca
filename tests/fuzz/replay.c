/* A main() for the fuzz harnesses without libFuzzer: feeds each file named on
 * the command line to LLVMFuzzerTestOneInput once, so `make check` replays
 * the kept crash inputs and the seeds with gcc's sanitizers.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int main(int argc, char **argv)
{
	LLVMFuzzerInitialize(&argc, &argv);
	for (int i = 1; i < argc; i++) {
		FILE *f = fopen(argv[i], "rb");
		if (!f) {
			perror(argv[i]);
			return 1;
		}
		size_t cap = 1 << 16, len = 0, n;
		uint8_t *data = malloc(cap);
		while (data && (n = fread(data + len, 1, cap - len, f)) > 0) {
			len += n;
			if (len == cap)
				data = realloc(data, cap *= 2);
		}
		fclose(f);
		if (!data) {
			fputs("replay: out of memory\n", stderr);
			return 1;
		}
		LLVMFuzzerTestOneInput(data, len);
		free(data);
	}
	printf("replayed %d inputs\n", argc - 1);
	return 0;
}
