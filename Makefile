# hejapack: build, release and test.
#
#   make          set up (install missing Debian packages), build, and cut the
#                 release from material/ into out/
#   make check    set up, build, and run every test (unit, end-to-end, under
#                 AddressSanitizer and UBSan)
#   make install  PREFIX=/usr/local DESTDIR=
#
# Everything the build makes lands in out/; `make clean` removes it.

VERSION    := 0.1.0
PREFIX     ?= /usr/local
DESTDIR    ?=
BINDIR     := $(PREFIX)/bin
DATADIR    := $(PREFIX)/share/hejapack
MANDIR     := $(PREFIX)/share/man/man1
DOCDIR     := $(PREFIX)/share/doc/hejapack

MATERIAL   ?= material
OUT        ?= out
BUILD      := $(OUT)/build
ASAN_BUILD := $(OUT)/build-asan

CC         ?= cc
PKGS       := libcmark yaml-0.1 libzip harfbuzz freetype2 jansson nettle libpng zlib libdeflate libxml-2.0 libjpeg
WARN       := -Wall -Wextra -Werror -pedantic -Wshadow -Wstrict-prototypes -Wmissing-prototypes
BASE_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE $(WARN) \
              -DHEJAPACK_VERSION='"$(VERSION)"' -DHEJAPACK_DATADIR='"$(DATADIR)"' -Isrc \
              $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
CFLAGS     ?= -O2 -g
# libxml2 and libzip are opened when a command needs them (src/base/dynlib.h),
# not linked: loading them and what they pull in cost every process 1.8 ms.
OPENED_PKGS := libxml-2.0 libzip
# Unit tests read back the archives they make with libzip itself.
TEST_LIBS   = $(shell pkg-config --libs $(OPENED_PKGS) 2>/dev/null)
# Libraries only hejapack loads are linked in from the static archives
# their Debian -dev packages ship: each shared one cost every process its
# loading and symbol binding (pdf of a 3-page exercise: 83.3 -> 80.9
# million instructions, 21 -> 14 shared objects). Those libharu and
# HarfBuzz load anyway (libpng, zlib, FreeType) stay shared. The program
# is linked again when an archive changes (a Debian update), so that its
# build ID, part of the cache's keys (cli/progid), changes with it.
STATIC_LIBS := cmark yaml nettle deflate jpeg jansson hyphen unistring
SHARED_PKGS := harfbuzz freetype2 libpng zlib
STATIC_ARCHIVES = $(wildcard $(STATIC_LIBS:%=/usr/lib/$(shell $(CC) -print-multiarch 2>/dev/null)/lib%.a))
LIBS        = -Wl,-Bstatic $(STATIC_LIBS:%=-l%) -Wl,-Bdynamic $(shell pkg-config --libs $(SHARED_PKGS) 2>/dev/null) \
              -lhpdf -lm
ASAN_FLAGS := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all

# One folder per stage of the pipeline, each using only those before it:
# base -> material -> typeset -> render -> bundle -> cli (tests/layers.sh).
STAGES     := base material typeset render bundle cli
SRCS       := $(sort $(foreach s,$(STAGES),$(wildcard src/$(s)/*.c)))
# The XML Schemas the e-archive package carries, compiled in (schemas/embed.sh).
SCHEMAS    := schemas/mets.xsd schemas/xlink.xsd schemas/premis.xsd
GEN_SCHEMAS := $(OUT)/gen/schemas.c
# The hyphenation patterns of the files the build installs (BUILD_DEBS),
# compiled in by tools/hyphtables.c so that no run has to parse them.
HYPH_FILES := /usr/share/hyphen/hyph_sv_SE.dic /usr/share/hyphen/hyph_en_US.dic
GEN_HYPH   := $(OUT)/gen/hyphtables.c
HYPHC      := $(OUT)/gen/hyphtables-tool
HYPHC_OBJS := $(BUILD)/obj/typeset/patterns.o $(BUILD)/obj/base/util.o $(BUILD)/obj/base/fsutil.o \
              $(BUILD)/obj/base/diag.o
# The word forms of the Swedish hunspell dictionary (hunspell-sv), expanded
# by unmunch (hunspell-tools) and compiled by tools/lexicon.c into a table
# of fingerprints (src/typeset/lexicon.h), for finding compounds' joints.
LEX_DIC    := /usr/share/hunspell/sv_SE.dic
LEX_AFF    := /usr/share/hunspell/sv_SE.aff
GEN_LEX    := $(OUT)/gen/lexicon-sv.bin
LEXC       := $(OUT)/gen/lexicon-tool
GEN_OBJS   = $(1)/obj/gen/schemas.o $(1)/obj/gen/hyphtables.o $(1)/obj/gen/lexicon-sv.o
OBJS       := $(SRCS:src/%.c=$(BUILD)/obj/%.o) $(call GEN_OBJS,$(BUILD))
ASAN_OBJS  := $(SRCS:src/%.c=$(ASAN_BUILD)/obj/%.o) $(call GEN_OBJS,$(ASAN_BUILD))
UNIT_SRCS  := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BINS  := $(UNIT_SRCS:tests/unit/%.c=$(ASAN_BUILD)/tests/%)

# Debian packages: to build, and (TEST_DEBS) to run the tests.
BUILD_DEBS := gcc make pkg-config libc6-dev libhpdf-dev libzip-dev libcmark-dev libyaml-dev \
              libhyphen-dev hyphen-sv hyphen-en-us libharfbuzz-dev libfreetype-dev \
              libjansson-dev nettle-dev libpng-dev libjpeg-dev zlib1g-dev libdeflate-dev libxml2-dev libunistring-dev icc-profiles-free \
              hunspell-sv hunspell-tools
TEST_DEBS  := libcmocka-dev file poppler-utils qpdf mupdf-tools ghostscript unzip python3 python3-jsonschema \
              hunspell hunspell-sv cmark libxml2-utils tidy valgrind

# The peers `make bench` sets the same text with, when installed
# (make bench-peers-setup): from Debian, and Typst's npm package in PEERS.
PEER_DEBS  := pandoc texlive-latex-base texlive-latex-recommended lmodern texlive-lang-european \
              poppler-utils
PEERS      := $(OUT)/peers

HEJAPACK   := $(BUILD)/hejapack
RELEASE_ENV := SOURCE_DATE_EPOCH=$(SOURCE_DATE_EPOCH)

FORCE_PHONY := FORCE
.PHONY: FORCE all release deps test-deps check layers unit e2e valgrind install uninstall clean bench bench-peers-setup typo-report docs-images figures
.DEFAULT_GOAL := all

all: release

deps: $(OUT)/.deps-build
test-deps: $(OUT)/.deps-test

# Installs what is missing when we are root with apt-get; otherwise names the
# exact command. Stamps keep the check out of every later run.
$(OUT)/.deps-build: Makefile
	@sh .ci/ensure-debs $(BUILD_DEBS)
	@mkdir -p $(OUT) && touch $@
$(OUT)/.deps-test: Makefile
	@sh .ci/ensure-debs $(TEST_DEBS)
	@mkdir -p $(OUT) && touch $@

# The installed data directory is compiled in: rebuild when PREFIX changes.
$(BUILD)/datadir.stamp: FORCE
	@mkdir -p $(dir $@)
	@echo '$(DATADIR)' | cmp -s - $@ || echo '$(DATADIR)' > $@
$(ASAN_BUILD)/datadir.stamp: FORCE
	@mkdir -p $(dir $@)
	@echo '$(DATADIR)' | cmp -s - $@ || echo '$(DATADIR)' > $@
$(BUILD)/obj/typeset/fontset.o: $(BUILD)/datadir.stamp
$(ASAN_BUILD)/obj/typeset/fontset.o: $(ASAN_BUILD)/datadir.stamp
FORCE:

$(HEJAPACK): $(OBJS) $(STATIC_ARCHIVES)
	$(CC) $(CFLAGS) -o $@ $(OBJS) $(LIBS)

$(BUILD)/obj/%.o: src/%.c | $(OUT)/.deps-build
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(BASE_CFLAGS) $(CFLAGS) -MMD -MP -c $< -o $@

$(GEN_SCHEMAS): $(SCHEMAS) schemas/embed.sh
	@mkdir -p $(dir $@)
	@echo "  GEN     $@"
	@sh schemas/embed.sh $(SCHEMAS) > $@.tmp && mv $@.tmp $@

$(BUILD)/obj/gen/schemas.o: $(GEN_SCHEMAS) src/bundle/schemas.h | $(OUT)/.deps-build
	@mkdir -p $(dir $@)
	@$(CC) $(BASE_CFLAGS) $(CFLAGS) -c $< -o $@

$(ASAN_BUILD)/obj/gen/schemas.o: $(GEN_SCHEMAS) src/bundle/schemas.h | $(OUT)/.deps-build
	@mkdir -p $(dir $@)
	@$(CC) $(BASE_CFLAGS) $(ASAN_FLAGS) -c $< -o $@

$(HYPHC): tools/hyphtables.c $(HYPHC_OBJS) | $(OUT)/.deps-build
	@mkdir -p $(dir $@)
	@$(CC) $(BASE_CFLAGS) $(CFLAGS) -o $@ $< $(HYPHC_OBJS) $(LIBS)

$(GEN_HYPH): $(HYPHC) $(wildcard $(HYPH_FILES))
	@echo "  GEN     $@"
	@$(HYPHC) $(HYPH_FILES) > $@.tmp && mv $@.tmp $@

$(BUILD)/obj/gen/hyphtables.o: $(GEN_HYPH) src/typeset/hyphtable.h | $(OUT)/.deps-build
	@mkdir -p $(dir $@)
	@$(CC) $(BASE_CFLAGS) $(CFLAGS) -c $< -o $@

$(ASAN_BUILD)/obj/gen/hyphtables.o: $(GEN_HYPH) src/typeset/hyphtable.h | $(OUT)/.deps-build
	@mkdir -p $(dir $@)
	@$(CC) $(BASE_CFLAGS) $(ASAN_FLAGS) -c $< -o $@

$(LEXC): tools/lexicon.c src/typeset/lexicon.h $(BUILD)/obj/base/util.o $(BUILD)/obj/base/diag.o | $(OUT)/.deps-build
	@mkdir -p $(dir $@)
	@$(CC) $(BASE_CFLAGS) $(CFLAGS) -o $@ tools/lexicon.c $(BUILD)/obj/base/util.o $(BUILD)/obj/base/diag.o $(LIBS)

$(GEN_LEX): $(LEXC) $(wildcard $(LEX_DIC) $(LEX_AFF))
	@echo "  GEN     $@"
	@unmunch $(LEX_DIC) $(LEX_AFF) 2> /dev/null | $(LEXC) > $@.tmp && mv $@.tmp $@

$(BUILD)/obj/gen/lexicon-sv.o $(ASAN_BUILD)/obj/gen/lexicon-sv.o: src/typeset/lexicon-sv.S $(GEN_LEX) | $(OUT)/.deps-build
	@mkdir -p $(dir $@)
	@$(CC) -c -DLEXICON_FILE='"$(GEN_LEX)"' -o $@ src/typeset/lexicon-sv.S

$(ASAN_BUILD)/hejapack: $(ASAN_OBJS) $(STATIC_ARCHIVES)
	$(CC) $(ASAN_FLAGS) -o $@ $(ASAN_OBJS) $(LIBS)

$(ASAN_BUILD)/obj/%.o: src/%.c | $(OUT)/.deps-build
	@mkdir -p $(dir $@)
	@echo "  CC/SAN  $<"
	@$(CC) $(BASE_CFLAGS) $(ASAN_FLAGS) -MMD -MP -c $< -o $@

$(ASAN_BUILD)/tests/%: tests/unit/%.c $(filter-out $(ASAN_BUILD)/obj/cli/main.o,$(ASAN_OBJS)) | $(OUT)/.deps-test
	@mkdir -p $(dir $@)
	@echo "  TEST    $<"
	@$(CC) $(BASE_CFLAGS) $(ASAN_FLAGS) -Wno-missing-prototypes -o $@ $^ -lcmocka $(LIBS) $(TEST_LIBS)

LIB_OBJS   := $(filter-out $(BUILD)/obj/cli/main.o,$(OBJS))

# Measuring tools linked against the library objects (tests/tools/*.c).
$(BUILD)/tools/%: tests/tools/%.c $(LIB_OBJS)
	@mkdir -p $(dir $@)
	@echo "  TOOL    $<"
	@$(CC) $(BASE_CFLAGS) $(CFLAGS) -Wno-missing-prototypes -o $@ $< $(LIB_OBJS) $(LIBS)

# The material, then unseen text: Swedish and English documents generated
# from the material's vocabulary (tests/e2e/gen_text.py), each set alone;
# then where the Swedish ones divide compounds (tests/tools/compound_joints.py).
# Both are reported whatever the first says; the status is the worse.
TYPO_SEEDS ?= 3 7 11 17 23
typo-report: $(BUILD)/tools/typo_report $(HEJAPACK)
	@mkdir -p $(OUT)/typo
	@rm -f $(OUT)/typo/unseen-*.md
	@for seed in $(TYPO_SEEDS); do \
	   python3 tests/e2e/gen_text.py $(MATERIAL) $(OUT)/typo/unseen-sv-$$seed.md $$seed sv > /dev/null && \
	   python3 tests/e2e/gen_text.py $(MATERIAL) $(OUT)/typo/unseen-en-$$seed.md $$seed en > /dev/null || exit 1; \
	 done
	@rm -rf $(OUT)/typo/without-joints
	@status=0; TYPO_DUMPS=$(OUT)/typo/without-joints $(BUILD)/tools/typo_report $(MATERIAL) || status=1; echo; \
	 echo "Unseen text (tests/e2e/gen_text.py, Swedish and English, seeds $(TYPO_SEEDS)):"; \
	 TYPO_DUMPS=$(OUT)/typo/without-joints $(BUILD)/tools/typo_report $(OUT)/typo/unseen-*.md || status=1; echo; \
	 rm -rf $(OUT)/typo/dumps; mkdir -p $(OUT)/typo/dumps; \
	 for f in $(MATERIAL)/exercises/*.md $(MATERIAL)/reports/*.md $(OUT)/typo/unseen-sv-*.md; do \
	   d=$(OUT)/typo/dumps/$$(basename $$f .md); \
	   HEJAPACK_FONTS=$${HEJAPACK_FONTS:-$(CURDIR)/fonts} $(HEJAPACK) -q pdf $$f -o $$d.pdf --dump $$d.dump || status=1; \
	 done; \
	 echo "Swedish compounds divided at line ends (the material and the Swedish unseen texts):"; \
	 python3 tests/tools/compound_joints.py $(OUT)/typo/dumps/*.dump; \
	 python3 tests/tools/compound_joints.py --label "without compound joints" \
	   $$(ls $(OUT)/typo/without-joints/*.dump | grep -v '/unseen-en-'); \
	 exit $$status

# The binary finds fonts/ beside out/build/; with OUT elsewhere it is told.
release: $(HEJAPACK)
	HEJAPACK_FONTS=$${HEJAPACK_FONTS:-$(CURDIR)/fonts} $(HEJAPACK) build -C $(MATERIAL) -o $(OUT)

# The sample pages in README.md, regenerated from a fresh build.
docs-images: release
	@sh docs/make-images.sh $(OUT)/pdf docs/images
	@HEJAPACK_FONTS=$${HEJAPACK_FONTS:-$(CURDIR)/fonts} sh docs/make-print-images.sh $(HEJAPACK) $(OUT)/docs-images docs/images
	@sh docs/screenshot-index.sh "$$(ls -t $(abspath $(OUT))/*.zip | head -n 1)" docs/images/index.png
	@sh docs/screenshot-index.sh "$$(ls -t $(abspath $(OUT))/*.zip | head -n 1)" docs/images/html-exercise.png \
		ovningar/framtid.html
	@sh docs/screenshot-index.sh "$$(ls -t $(abspath $(OUT))/*.zip | head -n 1)" docs/images/html-report.png \
		rapporter/projektrapport.html

# Every figure of the material from its SVG source (Debian's librsvg2-bin).
figures:
	@sh .ci/ensure-debs librsvg2-bin fonts-noto-core
	@for f in $(MATERIAL)/figures/*.svg; do \
		echo "  SVG     $$f"; \
		rsvg-convert --dpi-x 300 --dpi-y 300 --background-color white --output "$${f%.svg}.png" "$$f" || exit 1; \
	done

# Unit tests and end-to-end tests run against the sanitizer build, so every
# test is also a memory-safety and undefined-behaviour check.
check: $(OUT)/.deps-test layers unit e2e fuzz-regress valgrind

# src/ stays a one-way pipeline: no include from a later stage, no circle.
layers:
	@sh tests/layers.sh

unit: $(UNIT_BINS)
	@sh tests/run-unit $(UNIT_BINS)

e2e: $(ASAN_BUILD)/hejapack $(HEJAPACK) | $(OUT)/.deps-test
	@HEJAPACK_FONTS=$${HEJAPACK_FONTS:-$(CURDIR)/fonts} \
	 HEJAPACK=$(abspath $(ASAN_BUILD))/hejapack HEJAPACK_FAST=$(abspath $(HEJAPACK)) \
	 OUT=$(abspath $(OUT))/e2e sh tests/run-e2e

# The release build of the material under memcheck: no errors, no leaks.
valgrind: $(HEJAPACK) | $(OUT)/.deps-test
	@sh tests/valgrind.sh $(HEJAPACK) $(MATERIAL) $(OUT)/valgrind

# Then (f): the same generated text set by the peers that are installed,
# pandoc with pdflatex and Typst, as ratios against hejapack; a peer that is
# missing is named as skipped. Nothing else depends on them. And (g): the
# build of generated libraries of BENCH_SCALE documents (default 200 and
# 2000), for time against size and peak memory.
BENCH_SCALE ?= 200 2000
bench: $(HEJAPACK) $(BUILD)/tools/bench
	@HEJAPACK=$(HEJAPACK) $(BUILD)/tools/bench $(MATERIAL) $(OUT)/bench
	@if command -v python3 >/dev/null 2>&1; then \
		python3 tests/tools/peers/bench_peers.py $(HEJAPACK) $(OUT)/bench/peers $(PEERS) $${HEJAPACK_FONTS:-fonts}; \
	else echo "(f) peers: skipped: python3 not installed"; fi
	@if command -v python3 >/dev/null 2>&1; then \
		python3 tests/tools/bench_scale.py $(HEJAPACK) $(MATERIAL) $(OUT)/bench/scale $(BENCH_SCALE); \
	else echo "(g) scale: skipped: python3 not installed"; fi

# Installs the peers of (f), opt-in: from Debian pandoc and the smallest
# pdflatex that sets its default template in Swedish (LaTeX base and
# recommended, Latin Modern, and the European languages for the Swedish
# hyphenation patterns), poppler-utils to count the pages; from npm the Typst
# compiler at the version tests/tools/peers/package-lock.json pins, into
# $(PEERS) (npm ci: nothing outside it).
bench-peers-setup:
	@sh .ci/ensure-debs $(PEER_DEBS)
	@command -v npm >/dev/null 2>&1 || sh .ci/ensure-debs nodejs npm
	@mkdir -p $(PEERS)
	@cp tests/tools/peers/package.json tests/tools/peers/package-lock.json $(PEERS)/
	@cd $(PEERS) && npm ci --no-audit --no-fund --loglevel=error

# The fonts and their licence, not the script that cuts them; the documents
# the manual page names, at the paths it gives for this PREFIX.
install: $(HEJAPACK)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR)/fonts/fallback $(DESTDIR)$(MANDIR) $(DESTDIR)$(DOCDIR)
	install -m 0755 $(HEJAPACK) $(DESTDIR)$(BINDIR)/hejapack
	install -m 0644 fonts/*.ttf fonts/OFL.txt $(DESTDIR)$(DATADIR)/fonts/
	install -m 0644 fonts/fallback/*.ttf $(DESTDIR)$(DATADIR)/fonts/fallback/
	install -m 0644 docs/material.md docs/manifest.md docs/manifest.schema.json docs/e-arkiv.md $(DESTDIR)$(DOCDIR)/
	sed 's|/usr/local/|$(PREFIX)/|g' docs/hejapack.1 > $(DESTDIR)$(MANDIR)/hejapack.1
	chmod 0644 $(DESTDIR)$(MANDIR)/hejapack.1

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/hejapack $(DESTDIR)$(MANDIR)/hejapack.1
	rm -rf $(DESTDIR)$(DATADIR) $(DESTDIR)$(DOCDIR)

clean:
	rm -rf $(OUT)

include tests/fuzz/fuzz.mk

-include $(OBJS:.o=.d) $(ASAN_OBJS:.o=.d)
