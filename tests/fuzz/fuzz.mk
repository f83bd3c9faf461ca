# Fuzzing (included by the Makefile).
#
#   make fuzz                    builds the libFuzzer targets with Debian's clang
#                                and runs each once over its seeds and regressions
#   make fuzz FUZZ_SECONDS=N     then fuzzes each target for N seconds, one after
#                                the other; new inputs collect in out/fuzz/corpus/,
#                                crashes in out/fuzz/crashes/
#   make fuzz FUZZ_ONLY=verify   one target only
#   make fuzz-regress            (part of `make check`) replays every kept crash
#                                and seed through the same harnesses built with
#                                gcc and the sanitizers, without libFuzzer
#
# Targets: document (front matter + Markdown -> display list -> PDF), bundle_yaml,
# verify (a ZIP as bytes), diff (two ZIPs), image (PNG/JPEG read and embedded).

FUZZ_TARGETS := document bundle_yaml verify diff image
FUZZ_DEBS    := clang libclang-rt-dev
FUZZ_CC      := clang
FUZZ_BUILD   := $(OUT)/build-fuzz
FUZZ_DIR     := $(OUT)/fuzz
FUZZ_SECONDS ?=
FUZZ_ONLY    ?= $(FUZZ_TARGETS)
FUZZ_FLAGS   := -O1 -g -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer \
                -fno-sanitize-recover=all
FUZZ_DEFS    := -DHEJAPACK_SOURCE_DIR='"$(CURDIR)"'
FUZZ_OBJS    := $(filter-out $(FUZZ_BUILD)/obj/cli/main.o,$(SRCS:src/%.c=$(FUZZ_BUILD)/obj/%.o)) \
                $(FUZZ_BUILD)/obj/gen/schemas.o $(FUZZ_BUILD)/obj/gen/hyphtables.o
FUZZ_BINS    := $(FUZZ_TARGETS:%=$(FUZZ_BUILD)/fuzz_%)
REPLAY_BINS  := $(FUZZ_TARGETS:%=$(ASAN_BUILD)/fuzz/replay_%)
# Which dictionary each target uses (tests/fuzz/*.dict; document gets two).
FUZZ_DICT_document    := yaml markdown
FUZZ_DICT_bundle_yaml := yaml
FUZZ_DICT_verify      := zip
FUZZ_DICT_diff        := zip
FUZZ_DICT_image       := image
# Inputs beyond these sizes only slow the search down.
FUZZ_MAXLEN_document    := 8192
FUZZ_MAXLEN_bundle_yaml := 4096
FUZZ_MAXLEN_verify      := 16384
FUZZ_MAXLEN_diff        := 16384
FUZZ_MAXLEN_image       := 8192

.PHONY: fuzz fuzz-build fuzz-seeds fuzz-regress

$(OUT)/.deps-fuzz: tests/fuzz/fuzz.mk
	@sh .ci/ensure-debs $(FUZZ_DEBS)
	@mkdir -p $(OUT) && touch $@

$(FUZZ_BUILD)/obj/%.o: src/%.c | $(OUT)/.deps-build $(OUT)/.deps-fuzz
	@mkdir -p $(dir $@)
	@echo "  CC/FUZZ $<"
	@$(FUZZ_CC) $(BASE_CFLAGS) $(FUZZ_FLAGS) -MMD -MP -c $< -o $@

# The schemas embedded from schemas/ (generated, so not in SRCS).
$(FUZZ_BUILD)/obj/gen/schemas.o: $(GEN_SCHEMAS) src/bundle/schemas.h | $(OUT)/.deps-build $(OUT)/.deps-fuzz
	@mkdir -p $(dir $@)
	@$(FUZZ_CC) $(BASE_CFLAGS) $(FUZZ_FLAGS) -c $< -o $@

$(FUZZ_BUILD)/obj/gen/hyphtables.o: $(GEN_HYPH) src/typeset/hyphtable.h | $(OUT)/.deps-build $(OUT)/.deps-fuzz
	@mkdir -p $(dir $@)
	@$(FUZZ_CC) $(BASE_CFLAGS) $(FUZZ_FLAGS) -c $< -o $@

$(FUZZ_BUILD)/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz_common.h $(FUZZ_OBJS)
	@echo "  FUZZ    $<"
	@$(FUZZ_CC) $(BASE_CFLAGS) $(FUZZ_DEFS) $(FUZZ_FLAGS) -fsanitize=fuzzer -o $@ $< $(FUZZ_OBJS) $(LIBS)

# The same harnesses with a plain main() that feeds them files (tests/fuzz/replay.c).
$(ASAN_BUILD)/fuzz/replay_%: tests/fuzz/fuzz_%.c tests/fuzz/replay.c tests/fuzz/fuzz_common.h \
		$(filter-out $(ASAN_BUILD)/obj/cli/main.o,$(ASAN_OBJS))
	@mkdir -p $(dir $@)
	@echo "  REPLAY  $<"
	@$(CC) $(BASE_CFLAGS) $(FUZZ_DEFS) $(ASAN_FLAGS) -o $@ $< tests/fuzz/replay.c \
		$(filter-out $(ASAN_BUILD)/obj/cli/main.o,$(ASAN_OBJS)) $(LIBS)

fuzz-build: $(FUZZ_BINS)

# Seed corpora made from material/, tests/fixtures/ and generated ZIP files.
fuzz-seeds: $(HEJAPACK) | $(OUT)/.deps-test
	@sh tests/fuzz/make-seeds.sh $(FUZZ_DIR)/seeds $(HEJAPACK)

fuzz: fuzz-build fuzz-seeds
	@$(foreach t,$(FUZZ_ONLY),sh tests/fuzz/run-fuzzer.sh $(t) $(FUZZ_BUILD)/fuzz_$(t) $(FUZZ_DIR) \
		"$(FUZZ_SECONDS)" $(FUZZ_MAXLEN_$(t)) "$(FUZZ_DICT_$(t))" &&) true

fuzz-regress: $(REPLAY_BINS)
	@sh tests/fuzz/replay-all.sh $(ASAN_BUILD)/fuzz $(FUZZ_TARGETS)

.SECONDARY: $(FUZZ_OBJS)

-include $(FUZZ_OBJS:.o=.d)
