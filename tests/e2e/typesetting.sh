# Typesetting promises of issue 17 and issue 16 (point 5), on the shipped
# release, its handouts and generated texts (tests/e2e/gen_text.py: unseen
# Swedish and English in the material's vocabulary, every block tagged):
# no glyph outside the text block (pdftotext -bbox, and the layout dump);
# no heading or title word cut without a hyphen; the space between two
# kinds of block the same wherever they fall; no running head on a lone
# document's first page; no line break inside digit groups, number and
# unit, ranges, "§ 12", "t. ex.", "CC BY-SA 4.0" (the softer of these give way
# rarely, where keeping them would gape); no paragraph ending in a
# lone fragment of a hyphenated word; no lead-in ':' line alone at a page
# foot; no near-empty last page and no page opening with a sub-item cut
# from its list; hyphens between no words kept as typed; no widow or orphan
# line of a paragraph or quote, and no heading with fewer than two lines of
# what follows on its page (on the generated texts, whose blocks are tagged).
. tests/e2e/_lib
fast=${HEJAPACK_FAST:-$HEJAPACK}

"$fast" -q build -o "$OUT/r" > "$OUT/build.log" 2>&1
check "the release builds" test -s "$OUT/r/pdf/katalog.pdf"
"$fast" -q build --handouts -o "$OUT/h" > "$OUT/handouts.log" 2>&1
check "the release with handouts builds" test -s "$OUT/h/pdf/handouts/prioriteringsmatris.pdf"
# shellcheck disable=SC2046
python3 tests/e2e/text_block.py $(find "$OUT/r/pdf" -name '*.pdf' | sort) > "$OUT/release-block.txt" 2>&1
check "no glyph of the release lies outside the text block (pdftotext -bbox)" test $? -eq 0
tail -n 3 "$OUT/release-block.txt"
# shellcheck disable=SC2046
python3 tests/e2e/page_fill.py $(find "$OUT/r/pdf" "$OUT/h/pdf/handouts" -name '*.pdf' | sort) > "$OUT/fill.txt" 2>&1
check "no near-empty last page, no page opening with a cut sub-item (release and handouts)" test $? -eq 0
grep -E "FAILED|problem" "$OUT/fill.txt"

for variant in "sv A4 17" "sv A5 4" "en A4 9"; do
	set -- $variant
	name="gen-$1-$2"
	python3 tests/e2e/gen_text.py material "$OUT/$name.md" "$3" "$1"
	"$fast" -q pdf --paper "$2" "$OUT/$name.md" -o "$OUT/$name.pdf" --dump "$OUT/$name.dump" > "$OUT/$name.log" 2>&1
	check "$name: the generated text typesets" test -s "$OUT/$name.pdf"
	check "$name: no warning" test ! -s "$OUT/$name.log"
	for what in extents spacing ties fragments leadin widows; do
		python3 tests/e2e/layout_dump.py $what "$OUT/$name.dump" > "$OUT/$name-$what.txt" 2>&1
		check "$name: $what (layout_dump.py)" test $? -eq 0
		grep FAILED "$OUT/$name-$what.txt" | head -n 5
	done
	python3 tests/e2e/layout_dump.py headings "$OUT/$name.dump" "$OUT/$name.md" > "$OUT/$name-headings.txt" 2>&1
	check "$name: no heading word cut without a hyphen" test $? -eq 0
	grep FAILED "$OUT/$name-headings.txt" | head -n 5
	python3 tests/e2e/text_block.py "$OUT/$name.pdf" > "$OUT/$name-block.txt" 2>&1
	check "$name: no glyph outside the text block (pdftotext -bbox)" test $? -eq 0
	python3 tests/e2e/page_fill.py "$OUT/$name.pdf" > "$OUT/$name-fill.txt" 2>&1
	check "$name: page fill" test $? -eq 0
	# The title opens page 1 once; the running head starts on page 2.
	check "$name: no running head above the title on page 1" sh -c \
		"[ \$(pdftotext -f 1 -l 1 '$OUT/$name.pdf' - | grep -c 'titel\|title') -eq 1 ] &&
		 pdftotext -f 2 -l 2 '$OUT/$name.pdf' - | grep -q 'titel\|title'"
done

# A title too long for a line is divided at hyphenation points.
printf -- '---\ntitle: "Kommunfullmäktigeledamöternas innovationsledarskapsutbildning"\n---\n\nText.\n' \
	> "$OUT/long-title.md"
"$HEJAPACK" -q pdf --paper A5 "$OUT/long-title.md" -o "$OUT/long-title.pdf" --dump "$OUT/long-title.dump" \
	> "$OUT/long-title.log" 2>&1
check "a long title typesets without a warning" sh -c "test -s '$OUT/long-title.pdf' && test ! -s '$OUT/long-title.log'"
python3 - "$OUT/long-title.dump" > "$OUT/long-title.txt" 2>&1 <<'PY'
import re, sys
title = "Kommunfullmäktigeledamöternas innovationsledarskapsutbildning"
lines = [m.group(1) for m in re.finditer(r'^  text .* face 5 size [\d.]+ "(.*)"(?: <-?\d+>)?$', open(sys.argv[1]).read(), re.M)]
joined = "".join(l[:-1] if l.endswith("-") else l + " " for l in lines).strip()
print(lines, joined)
sys.exit(0 if len(lines) >= 2 and joined == title else 1)
PY
check "its lines give the title back, every cut marked by a hyphen" test $? -eq 0
# Smart punctuation leaves runs of hyphens between no words as typed (a
# table written as a paragraph kept its rule as em dashes), and still makes
# dashes of those between words.
printf '%s\n' '| Fas | Minuter |' '|-----|---------|' '| Börja | 20 |' '' \
	'Åren 1990--1995 var det ja --- eller nej.' '' '+--+--+' > "$OUT/dashes.md"
"$HEJAPACK" -q pdf "$OUT/dashes.md" -o "$OUT/dashes.pdf" > "$OUT/dashes.log" 2>&1
pdftotext "$OUT/dashes.pdf" "$OUT/dashes.txt"
check "a table's rule row keeps its hyphens" expect_text "$OUT/dashes.txt" "|-----|---------|"
check "a line of +--+ keeps its hyphens" expect_text "$OUT/dashes.txt" "+--+--+"
check "hyphens between words still become an en and an em dash" \
	sh -c "grep -qF '1990–1995' '$OUT/dashes.txt' && grep -qF 'ja — eller' '$OUT/dashes.txt'"
finish
