# Font expansion (issue 12): a generated text's justified lines are drawn
# with horizontal scaling (Tz) within 98-102 %, set back to 100 after;
# headings and code are never scaled (layout dump); pdftotext still gives
# back every word whole and in order, and no glyph leaves the text block
# but the hyphens and punctuation that margin protrusion hangs out, of
# which there are some.
. tests/e2e/_lib
fast=${HEJAPACK_FAST:-$HEJAPACK}

python3 tests/e2e/gen_text.py material "$OUT/gen.md" 23 sv
"$fast" -q pdf "$OUT/gen.md" -o "$OUT/gen.pdf" --dump "$OUT/gen.dump" > "$OUT/gen.log" 2>&1
check "the generated text typesets" test -s "$OUT/gen.pdf"
qpdf --qdf --object-streams=disable "$OUT/gen.pdf" "$OUT/gen.qdf" > /dev/null 2>&1
grep -a ' Tz$' "$OUT/gen.qdf" | awk '{ print $1 }' > "$OUT/tz.txt"
check "the PDF scales glyphs with Tz" sh -c "awk '\$1 != 100' '$OUT/tz.txt' | grep -q ."
check "every Tz lies within 98-102 %" sh -c "awk '\$1 < 98 || \$1 > 102 { bad = 1 } END { exit bad }' '$OUT/tz.txt'"
check "scaling is set back to 100 for unscaled text" grep -qx 100 "$OUT/tz.txt"
# Faces 4-6 are sans (headings) and mono (code).
check "no heading or code run is scaled" sh -c "! grep -E 'face [456] .* expand ' '$OUT/gen.dump'"
check "body runs are scaled" grep -qE 'face 0 .* expand ' "$OUT/gen.dump"
python3 tests/e2e/text_block.py "$OUT/gen.pdf" > "$OUT/block.txt" 2>&1
check "no glyph outside the text block" test $? -eq 0
# Margin protrusion: line-end hyphens and punctuation hang a little out.
check "line ends hang into the right margin" grep -qE '^[1-9][0-9]* line ends hang into the right margin' "$OUT/block.txt"
sed -n 's/^/    /; $p' "$OUT/block.txt"
python3 - "$OUT/gen.md" "$OUT/gen.pdf" > "$OUT/words.txt" 2>&1 <<'PY'
import re, subprocess, sys, unicodedata
src = open(sys.argv[1], encoding="utf-8").read().split("\n---\n", 1)[1]
# Prose paragraphs only (tagged P by gen_text.py): plain words, no markup.
want = []
for block in src.split("\n\n"):
    block = block.strip()
    if re.match(r"P\d+ ", block) and not re.search(r"[`<>\[\]*_]", block):
        want.extend(unicodedata.normalize("NFKC", block).split())
text = subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", sys.argv[2], "-"],
                      capture_output=True, check=True).stdout.decode()
text = unicodedata.normalize("NFKC", text.replace("\u00ad\n", "").replace("-\n", "-"))
got = text.split()
at = 0
for i, w in enumerate(want):
    try:
        at = got.index(w, at) + 1
    except ValueError:
        print("word %d of %d, %r, not given back whole and in order" % (i + 1, len(want), w))
        sys.exit(1)
print("all %d words back whole and in order" % len(want))
PY
check "pdftotext gives back every word of the prose, whole and in order" test $? -eq 0
cat "$OUT/words.txt"
finish
