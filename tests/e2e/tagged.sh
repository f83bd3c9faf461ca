# Tagged PDF (PDF/UA-1 and PDF/A-2a): every PDF of a release, handouts
# included, passes tests/e2e/tagged_check.py, which reads the files through
# qpdf and poppler only; a deliberately spoilt PDF and an untagged one fail
# it; a heading that skips a level is a warning with FILE:LINE:COL and still
# gets a valid tag; print-shop output and booklets stay untagged; elements
# with more kids than a PDF array holds are grouped (tests/e2e/wide_tree.py).
. tests/e2e/_lib
"$HEJAPACK" -q build --handouts -o "$OUT/o" > "$OUT/build.log" 2>&1
bag=heja-material-1.0.0-handouts
check "build with handouts succeeds" test -s "$OUT/o/$bag.zip"
mkdir -p "$OUT/x" && (cd "$OUT/x" && unzip -q "$OUT/o/$bag.zip")
data="$OUT/x/$bag/data"
pdfs=$(find "$data" -name '*.pdf' | sort)
n=$(echo "$pdfs" | wc -l)
check "the bundle holds at least 60 PDFs ($n)" test "$n" -ge 60
untagged=0
for pdf in $pdfs; do
	pdfinfo "$pdf" | grep -q '^Tagged: *yes' || untagged=$((untagged + 1))
done
check "pdfinfo says every PDF is tagged" test "$untagged" -eq 0
# The whole release, every checkpoint but pdfinfo -struct-text, which poppler
# takes seconds per file for: that one runs on a document of each kind.
python3 tests/e2e/tagged_check.py --no-struct-text $pdfs > "$OUT/check.txt" 2>&1
check "every PDF of the release passes the tagged checks" test $? -eq 0
cat "$OUT/check.txt"
some="$data/katalog.pdf $data/ovningar/prioriteringsmatris.pdf $data/handouts/prioriteringsmatris.pdf $data/rapporter/om-materialet.pdf"
python3 tests/e2e/tagged_check.py $some > "$OUT/struct.txt" 2>&1
check "pdfinfo -struct-text shows every heading in order (one document of each kind)" test $? -eq 0
cat "$OUT/struct.txt"
st=$(pdfinfo -struct-text "$data/ovningar/prioriteringsmatris.pdf")
check "struct text: the title is H1, the phases H2" sh -c "printf '%s' \"\$1\" | grep -A1 '^  H1 ' | grep -q 'Prioriteringsmatris' && printf '%s' \"\$1\" | grep -A1 '^  H2 ' | grep -q 'Börja'" _ "$st"
check "struct text: the fact box is a table of label and value" sh -c "printf '%s' \"\$1\" | grep -q '^  Table' && printf '%s' \"\$1\" | grep -A3 'TH' | grep -q '\"Tid'" _ "$st"
check "the Figure's /Alt is the Markdown alt text" sh -c "qpdf --json=2 '$data/ovningar/prioriteringsmatris.pdf' | grep -q '\"/Alt\": \"u:Prioriteringsmatris med fyra rutor. Lodrät axel'"

# A spoilt copy: one untagged run, one Figure without /Alt.
python3 tests/e2e/break_tags.py "$data/ovningar/framtid.pdf" "$OUT/broken.pdf"
python3 tests/e2e/tagged_check.py --no-struct-text "$data/ovningar/framtid.pdf" > /dev/null 2>&1
check "the unspoilt exercise passes" test $? -eq 0
python3 tests/e2e/tagged_check.py --no-struct-text "$OUT/broken.pdf" > "$OUT/broken.txt" 2>&1
check "the spoilt copy fails" test $? -eq 1
cat "$OUT/broken.txt"
check "... on its untagged run" grep -q '01 content: page 1: 1 painting or text operators neither tagged nor artifact' "$OUT/broken.txt"
check "... and on its Figure without Alt" grep -q '13 graphics: Figure .* has no /Alt' "$OUT/broken.txt"

# A heading that skips a level.
printf '# Titel\n\nEtt stycke.\n\n### Djupt ner\n\nMer text.\n' > "$OUT/skip.md"
"$HEJAPACK" pdf "$OUT/skip.md" -o "$OUT/skip.pdf" > "$OUT/skip.log" 2>&1
check "a skipped heading level is not an error" test -s "$OUT/skip.pdf"
cat "$OUT/skip.log"
check "... but a warning at FILE:LINE:COL" grep -q "skip.md:5:1: warning: heading of level 3 after one of level 1 skips a level (tagged as level 2)" "$OUT/skip.log"
python3 tests/e2e/tagged_check.py "$OUT/skip.pdf" > "$OUT/skip-check.txt" 2>&1
check "... and the tags still go H1, H2" sh -c "test \$? -eq 0 && pdfinfo -struct-text '$OUT/skip.pdf' | grep -A1 '^  H2 ' | grep -q 'Djupt ner'"
cat "$OUT/skip-check.txt"

# Print-shop copies and booklets are for printing: untagged, as README says.
ex=material/exercises/behovsintervju.md
"$HEJAPACK" -q pdf --print-shop "$ex" -o "$OUT/ps.pdf" > /dev/null 2>&1
"$HEJAPACK" -q pdf --booklet --paper A5 "$ex" -o "$OUT/bk.pdf" > /dev/null 2>&1
check "print-shop output is untagged" sh -c "pdfinfo '$OUT/ps.pdf' | grep -q '^Tagged: *no'"
check "a booklet is untagged" sh -c "pdfinfo '$OUT/bk.pdf' | grep -q '^Tagged: *no'"
python3 tests/e2e/tagged_check.py --no-struct-text "$OUT/bk.pdf" > "$OUT/bk.txt" 2>&1
check "the checker fails an untagged PDF" grep -q 'not tagged' "$OUT/bk.txt"
# Elements with more kids than a PDF array may hold (a list of 34 000
# items; a paragraph of 17 000 links, whose kids alternate between marked
# content and Link elements) get them in NonStruct groups, and the parent
# tree names the group that holds each MCID. libharu failed on both with
# error 0x1025 and exit 3.
python3 -c "
import sys
open(sys.argv[1], 'w').write('# Lista\\n\\n' + ''.join('- punkt %d\\n' % i for i in range(34000)))
open(sys.argv[2], 'w').write('# L\\u00e4nkar\\n\\n' + ' '.join('ord [l%d](https://example.org/%d)' % (i, i) for i in range(17000)) + '\\n')
" "$OUT/items.md" "$OUT/links.md"
for wide in items links; do
	"$HEJAPACK" -q pdf "$OUT/$wide.md" -o "$OUT/$wide.pdf" > "$OUT/$wide.log" 2>&1
	check "a document with a very wide $wide element typesets (exit 0)" test $? -eq 0
	python3 tests/e2e/wide_tree.py "$OUT/$wide.pdf" "$([ $wide = items ] && echo 34000 || echo 0)" > "$OUT/$wide.tree" 2>&1
	tree_status=$?
	check "its structure tree holds in NonStruct groups, and the parent tree agrees ($(tail -n 1 "$OUT/$wide.tree"))" \
		test $tree_status -eq 0
done
finish
