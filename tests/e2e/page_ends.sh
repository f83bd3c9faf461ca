# No page ends in a hyphenated line, and every page after the first carries
# its number in the running footer (issue: typesetting engine). Checked on
# the shipped release and on the whole material set as one A5 document,
# where the short measure hyphenates more: without the page builder's rule
# a handful of pages of each would end with half a word (seen when the rule
# was switched off: 3 of the release's pages, 4 of the A5 document's).
. tests/e2e/_lib
"$HEJAPACK_FAST" -q build -o "$OUT/o" > "$OUT/build.log" 2>&1
check "build succeeds" test -s "$OUT/o/pdf/ovningar/framtid.pdf"
# shellcheck disable=SC2046
python3 tests/e2e/page_ends.py $(find "$OUT/o/pdf" -name '*.pdf' | sort) > "$OUT/release.txt" 2>&1
check "no page of the release ends in a hyphenated line; every page after the first is numbered 'N av M'" test $? -eq 0
cat "$OUT/release.txt"

# Every body of the material, one after another, as a plain document (the
# images are left out: they live beside the material, not here).
python3 - "$OUT/all.md" <<'PY'
import glob, re, sys
parts = ["# Hela materialet i följd\n"]
for path in sorted(glob.glob("material/exercises/*.md")) + sorted(glob.glob("material/reports/*.md")):
    text = open(path, encoding="utf-8").read()
    body = text.split("\n---\n", 1)[1] if text.startswith("---") else text
    parts.append(re.sub(r"!\[[^\]]*\]\([^)]*\)", "", body))
open(sys.argv[1], "w", encoding="utf-8").write("\n\n".join(parts))
PY
"$HEJAPACK_FAST" -q pdf --paper A5 "$OUT/all.md" -o "$OUT/all.pdf" > "$OUT/all.log" 2>&1
check "the whole material sets as one A5 document" test -s "$OUT/all.pdf"
check "it has at least 100 pages" sh -c "[ \$(pdfinfo '$OUT/all.pdf' | awk '/^Pages:/ { print \$2 }') -ge 100 ]"
python3 tests/e2e/page_ends.py "$OUT/all.pdf" > "$OUT/all.txt" 2>&1
check "no page of it ends in a hyphenated line; every page after the first is numbered" test $? -eq 0
cat "$OUT/all.txt"
finish
