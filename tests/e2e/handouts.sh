# Workshop handouts: `build --handouts` (or `handouts: true` in bundle.yaml)
# adds data/handouts/<id>.pdf for every exercise; each holds the exercise in
# a larger type and the worksheets its front matter declares (ruled lines at
# a writable pitch, a name or group field, the prioritisation matrix on a
# page of its own); bad declarations are reported as FILE:LINE:COL.
. tests/e2e/_lib
fast=${HEJAPACK_FAST:-$HEJAPACK}

# page_with PDF PHRASE: the first page whose text holds PHRASE (or nothing).
page_with() {
	n=$(pdfinfo "$1" | awk '/^Pages:/ { print $2 }')
	i=1
	while [ "$i" -le "$n" ]; do
		if pdftotext -f "$i" -l "$i" "$1" - | tr '\n' ' ' | grep -qF -- "$2"; then
			echo "$i"
			return 0
		fi
		i=$((i + 1))
	done
	return 1
}
page_text() { pdftotext -f "$2" -l "$2" "$1" - | tr '\n' ' '; }
has() { printf '%s' "$1" | grep -qF -- "$2"; }
lacks() { ! has "$1" "$2"; }
not() { ! "$@"; }
# ruled_pitch DUMP PAGE PITCH: every gap between neighbouring writing lines
# on the page (the 0.6 pt rules) is PITCH points, except the gaps between
# steps, which are wider; and there are at least five such gaps.
ruled_pitch() {
	awk -v p="$2" '/^page /{ cur = $2 } cur == p && $1 == "rect" && $5 == "0.60" { print $3 }' "$1" | sort -n |
		awk -v want="$3" 'NR > 1 { gap = $1 - prev; if (gap < want * 1.5) { n++; if (gap < want - 0.05 || gap > want + 0.05) bad++ } }
			{ prev = $1 } END { exit !(n >= 5 && !bad) }'
}

# ---- the whole material ------------------------------------------------------
SOURCE_DATE_EPOCH=1709251200 "$fast" build --handouts -o "$OUT/build" > "$OUT/build.log" 2>&1
zip=$OUT/build/heja-material-1.0.0-handouts.zip
check "build --handouts succeeds, named for its variant" test -s "$zip"
check "and writes no bundle under the standard name" test ! -e "$OUT/build/heja-material-1.0.0.zip"
exercises=$(ls material/exercises/*.md | wc -l)
check "it counts the handouts ($exercises)" grep -q "pages, $exercises handouts\$" "$OUT/build.log"
check "one handout per exercise in pdf/handouts/" test "$(ls "$OUT"/build/pdf/handouts/*.pdf | wc -l)" -eq "$exercises"
for f in material/exercises/*.md; do
	id=$(basename "$f" .md)
	check "the bundle holds data/handouts/$id.pdf" \
		sh -c "unzip -l '$zip' | grep -q ' heja-material-1.0.0-handouts/data/handouts/$id.pdf\$'"
	pdf=$OUT/build/pdf/handouts/$id.pdf
	check "$id: the handout has worksheets" sh -c "pdftotext '$pdf' - | grep -q 'Arbetsblad'"
done
check "no exercise lacks a worksheet declaration" sh -c "! grep -q \"no 'worksheet'\" '$OUT/build.log'"
check "the bundle with handouts verifies" "$fast" verify "$zip"
check "the manifest lists the handouts" \
	sh -c "unzip -p '$zip' heja-material-1.0.0-handouts/manifest.json | grep -q 'data/handouts/prioriteringsmatris.pdf'"
unzip -p "$zip" heja-material-1.0.0-handouts/README.txt > "$OUT/README.txt"
unzip -p "$zip" heja-material-1.0.0-handouts/data/index.html > "$OUT/index.html"
unzip -p "$zip" heja-material-1.0.0-handouts/bag-info.txt > "$OUT/bag-info.txt"
check "bag-info.txt names the variant" sh -c "grep -qx 'External-Identifier: heja-material-1.0.0-handouts' '$OUT/bag-info.txt' && grep -qx 'Bundle-Variant: handouts' '$OUT/bag-info.txt' && grep -qx 'Bag-Group-Identifier: heja-material-1.0.0' '$OUT/bag-info.txt'"
check "README.txt lists data/handouts/ among the contents" grep -q '^    handouts/  *deltagarmaterial, ett per övning (27 st)' "$OUT/README.txt"
check "README.txt says which edition this is" grep -q '^  Utgåva  *handouts (med deltagarmaterial' "$OUT/README.txt"
# Each exercise's title, then its PDF and its handout on the next two lines.
check "README.txt lists every handout beside its exercise, in Swedish" python3 -c "
import re, sys, glob
text = open(sys.argv[1], encoding='utf-8').read()
for f in glob.glob('material/exercises/*.md'):
    i = f.split('/')[-1][:-3]
    title = re.search(r'^title: \"?(.*?)\"?$', open(f, encoding='utf-8').read(), re.M).group(1)
    block = '%s\n    övning:             data/ovningar/%s.pdf\n    deltagarmaterial:   data/handouts/%s.pdf\n' % (title, i, i)
    assert block in text, block
" "$OUT/README.txt"
check "index.html links every handout inside its exercise's entry" python3 -c "
import re, sys, glob
html = open(sys.argv[1], encoding='utf-8').read()
entries = {m.group(1): m.group(0) for m in re.finditer(r'<li>\n<h4><a href=\"ovningar/([a-z0-9-]+)\.html\">.*?</li>', html, re.S)}
ids = [f.split('/')[-1][:-3] for f in glob.glob('material/exercises/*.md')]
assert len(entries) == len(ids), (len(entries), len(ids))
for i in ids:
    assert '<a href=\"handouts/%s.pdf\">Deltagarmaterial<span' % i in entries[i], i
assert 'handouts/' not in html.split('id=\"filer\"')[1], 'handouts also under Andra filer'
" "$OUT/index.html"

# Worksheet steps carry the exercise's numbers; a sheet that leaves steps
# out says how many the phase has (Pröva of behovsintervju: steps 1 and 6 of 6).
bi=$OUT/build/pdf/handouts/behovsintervju.pdf
pages=$(pdfinfo "$bi" | awk '/^Pages:/ { print $2 }')
for p in $(seq 1 "$pages"); do
	pdftotext -f "$p" -l "$p" "$bi" "$OUT/bi-$p.txt"
done
check "the Pröva sheet of behovsintervju says 'av 6' under steps 1 and 6" sh -c "
	f=\$(grep -l 'Arbetsblad · Pröva' '$OUT'/bi-*.txt) && [ \"\$(grep -c '^av 6\$' \$f)\" -eq 2 ] && grep -qx 6 \$f && grep -q 'Gruppera lapparna' \$f"
check "the Börja sheet, which holds all three steps, says no 'av'" sh -c "
	f=\$(grep -l 'Arbetsblad · Börja' '$OUT'/bi-*.txt) && ! grep -q '^av [0-9]' \$f"

# `handouts: true` in bundle.yaml does the same without the option.
mkdir -p "$OUT/m" && cp -R material/. "$OUT/m/"
printf 'handouts: true\n' >> "$OUT/m/bundle.yaml"
"$fast" -q build -C "$OUT/m" -o "$OUT/yaml" > "$OUT/yaml.log" 2>&1
check "handouts: true in bundle.yaml makes handouts" test -s "$OUT/yaml/pdf/handouts/framtid.pdf"
check "and names the bundle for them" test -s "$OUT/yaml/heja-material-1.0.0-handouts.zip"
"$fast" -q build -o "$OUT/plain" > "$OUT/plain.log" 2>&1
check "without either, no handouts" test ! -e "$OUT/plain/pdf/handouts"

# ---- one handout, looked at closely ---------------------------------------------
ex=material/exercises/prioriteringsmatris.md
"$HEJAPACK" pdf --handouts "$ex" -o "$OUT/prio.pdf" --dump "$OUT/prio.dump" > "$OUT/prio.log" 2>&1
check "pdf --handouts writes the handout" test -s "$OUT/prio.pdf"
check "and says how many pages" grep -q "prio.pdf: [0-9]* pages" "$OUT/prio.log"
check "A4 pages" sh -c "pdfinfo '$OUT/prio.pdf' | grep -q 'Page size: *595.276 x 841.89'"
check "the exercise comes first, with its title and lead question" \
	sh -c "pdftotext -f 1 -l 1 '$OUT/prio.pdf' - | tr '\n' ' ' | grep -q 'Prioriteringsmatris.*Vilka av våra insikter'"
"$HEJAPACK" pdf "$ex" -o "$OUT/prio-plain.pdf" --dump "$OUT/prio-plain.dump" > /dev/null 2>&1
check "the exercise is set at 13 pt in the handout" grep -q 'face 0 size 13.00 "Efter"' "$OUT/prio.dump"
check "and at 10.5 pt in the plain PDF" grep -q 'face 0 size 10.50 "Efter"' "$OUT/prio-plain.dump"

borja=$(page_with "$OUT/prio.pdf" "Arbetsblad · Börja")
prova=$(page_with "$OUT/prio.pdf" "Arbetsblad · Pröva")
utveckla=$(page_with "$OUT/prio.pdf" "Arbetsblad · Utveckla")
check "worksheets follow the exercise: Börja ($borja), Pröva ($prova), Utveckla ($utveckla)" \
	test -n "$borja" -a -n "$prova" -a -n "$utveckla" -a "${borja:-0}" -gt 1 -a "${prova:-0}" -gt "${borja:-0}" \
	-a "${utveckla:-0}" -gt "${prova:-0}"
b=$(page_text "$OUT/prio.pdf" "${borja:-1}")
check "the Börja sheet asks for a name" has "$b" "Namn"
check "it has declared step 2" has "$b" "Fundera på vad nytta för invånarna betyder"
check "and step 4" has "$b" "Välj ut de tre lappar"
check "but not step 1, which was not declared" lacks "$b" "Läs igenom alla lappar"
p=$(page_text "$OUT/prio.pdf" "${prova:-1}")
check "the Pröva sheet is the group's" has "$p" "Grupp"
for word in Planera "Börja här" "Lägg åt sidan" "Gör i farten" Genomförbarhet "Nytta för invånarna" låg hög \
	"Ta en lapp i taget"; do
	check "the matrix page shows '$word'" has "$p" "$word"
done
check "the matrix has its page to itself" lacks "$p" "Fotografera matrisen"
check "step 7 follows on the next page" \
	sh -c "pdftotext -f $((prova + 1)) -l $((prova + 1)) '$OUT/prio.pdf' - | grep -qF 'Fotografera matrisen'"
u=$(page_text "$OUT/prio.pdf" "${utveckla:-1}")
check "the Utveckla sheet asks for a name" has "$u" "Namn"
check "Börja has at least the 11 declared writing lines" \
	test "$(awk -v p="${borja:-1}" '/^page /{ cur = $2 } cur == p && $1 == "rect" && $5 == "0.60"' "$OUT/prio.dump" | wc -l)" -ge 11
check "ruled 8.5 mm apart on A4 (24.09 pt)" ruled_pitch "$OUT/prio.dump" "${borja:-1}" 24.09
check "the sheets are filled to the foot of the page" \
	test "$(awk -v p="${borja:-1}" '/^page /{ cur = $2 } cur == p && $1 == "rect" && $5 == "0.60" { print $3 }' "$OUT/prio.dump" | sort -n | head -n 1 | cut -d. -f1)" -lt 130

# Other papers are re-proportioned, not shrunk.
"$HEJAPACK" -q pdf --handouts --paper A5 "$ex" -o "$OUT/prio-a5.pdf" --dump "$OUT/prio-a5.dump" > /dev/null 2>&1
check "A5 handout pages" sh -c "pdfinfo '$OUT/prio-a5.pdf' | grep -q 'Page size: *419.528 x 595.276'"
check "A5 body at 11 pt (larger than A5's 9.5 pt)" grep -q 'face 0 size 11.00 "Efter"' "$OUT/prio-a5.dump"
b5=$(page_with "$OUT/prio-a5.pdf" "Arbetsblad · Börja")
check "ruled 8 mm apart on A5 (22.68 pt)" ruled_pitch "$OUT/prio-a5.dump" "${b5:-1}" 22.68
check "not 8.5 mm, as on A4" not ruled_pitch "$OUT/prio-a5.dump" "${b5:-1}" 24.09
"$HEJAPACK" -q pdf --handouts --paper Letter "$ex" -o "$OUT/prio-letter.pdf" --dump "$OUT/prio-letter.dump" > /dev/null 2>&1
check "Letter handout pages" sh -c "pdfinfo '$OUT/prio-letter.pdf' | grep -q 'Page size: *612 x 792'"
check "Letter body at 13 pt" grep -q 'face 0 size 13.00 "Efter"' "$OUT/prio-letter.dump"
check "the A5 matrix still has a page of its own" test -n "$(page_with "$OUT/prio-a5.pdf" "Lägg åt sidan")"

# A medspelare matrix with long box names wraps them inside the boxes.
"$HEJAPACK" -q pdf --handouts material/exercises/medspelare.md -o "$OUT/med.pdf" > /dev/null 2>&1
mp=$(page_with "$OUT/med.pdf" "Hur positivt de ser på den i dag")
check "the medspelare matrix is drawn" test -n "$mp"
check "with its four named boxes" sh -c "pdftotext -f ${mp:-1} -l ${mp:-1} '$OUT/med.pdf' - | tr '\n' ' ' | grep -q 'Mycket påverkade och tveksamma.*Mycket påverkade och positiva'"

# Only exercises have handouts.
"$HEJAPACK" pdf --handouts material/reports/om-materialet.md -o "$OUT/report.pdf" > "$OUT/report.log" 2>&1
status=$?
check "pdf --handouts on a report exits 1" test "$status" -eq 1
check "and says why" grep -q "only exercises have handouts" "$OUT/report.log"

# ---- declarations are checked against the Markdown -------------------------------
mkdir -p "$OUT/bad" && cp -R tests/fixtures/mini/. "$OUT/bad/"
awk '/^version:/ && !done { print "worksheet:\n  borja:\n    - step: 3\n      lines: 4\n    - step: 1\n      lines: 2\n    - step: 1\n      lines: 5\n  prova:\n    - step: 1\n      lines: 3\n  utveckla:\n    - step: 1\n      matrix: {x: a, y: b, cells: [a, b, c]}"; done = 1 } { print }' \
	tests/fixtures/mini/exercises/alfa.md > "$OUT/bad/exercises/alfa.md"
"$HEJAPACK" check -C "$OUT/bad" > "$OUT/bad.log" 2>&1
status=$?
check "check exits 1 on bad worksheet declarations" test "$status" -eq 1
line3=$(grep -n 'step: 3' "$OUT/bad/exercises/alfa.md" | cut -d: -f1)
check "a step the phase lacks, at its FILE:LINE:COL" \
	grep -qF "alfa.md:$line3:13: error: '## Börja' has no step 3: its numbered steps are 1 to 2" "$OUT/bad.log"
check "a step declared twice" grep -q "alfa.md:[0-9]*:13: error: step 1 of 'borja' is declared twice" "$OUT/bad.log"
check "a phase without numbered steps" grep -q "alfa.md:[0-9]*:13: error: '## Pröva' has no numbered list of steps" "$OUT/bad.log"
check "a matrix with three boxes" grep -q "alfa.md:[0-9]*:[0-9]*: error: 'matrix.cells' must be a list of 4 names" "$OUT/bad.log"

# An exercise without a declaration still gets its handout, with a warning.
"$HEJAPACK" build --handouts -C tests/fixtures/mini -o "$OUT/mini" > "$OUT/mini.log" 2>&1
check "a material without worksheets builds with --handouts" test -s "$OUT/mini/pdf/handouts/alfa.pdf"
check "and warns about each exercise" grep -q "alfa.md: warning: no 'worksheet' in the front matter" "$OUT/mini.log"
check "that handout is the exercise only" sh -c "! pdftotext '$OUT/mini/pdf/handouts/alfa.pdf' - | grep -q Arbetsblad"
finish
