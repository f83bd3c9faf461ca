# Hostile input that is not about size (see scaling.sh for that): a title,
# an author list and a link too long for a PDF string typeset with exit 0
# into valid PDF/A (they gave libharu's error 0x105B and exit 3); 2 000
# copies of one front matter key give 21 messages, not two million; a file
# name with a newline is printed escaped, on one line; an input above the
# 64 MiB limit exits 1, not 3; two sources whose names differ only in
# case fail a build before anything is written (it wrote the PDFs); front
# matter with a YAML error in a lone file is an error, not body text; a
# figure, a linked file or a Markdown source that is a symbolic link out of
# the material is refused (the check was on the path's text only).
. tests/e2e/_lib
set -u
export SOURCE_DATE_EPOCH=1700000000
fast=${HEJAPACK_FAST:-$HEJAPACK}

python3 - "$OUT" <<'PY'
import sys
out = sys.argv[1]
open(out + "/title.md", "w").write("# " + "Rubrik " * 20000 + "\n\nText.\n")
open(out + "/authors.md", "w").write("---\nauthors:\n" + "  - Anna Andersson\n" * 20000 + "---\nText.\n")
open(out + "/link.md", "w").write("Se [länken](https://example.org/" + "a" * 100000 + ").\n")
open(out + "/keys.md", "w").write("---\n" + "title: x\n" * 2000 + "---\nText.\n")
open(out + "/x\ny.md", "w").write("---\nnope: 1\n---\nText.\n")
PY
for name in title authors link; do
	"$HEJAPACK" pdf "$OUT/$name.md" -o "$OUT/$name.pdf" > "$OUT/$name.log" 2>&1
	echo $? > "$OUT/$name.status"
	check "a long $name: exit 0" grep -qx 0 "$OUT/$name.status"
	check "a long $name: qpdf finds the PDF sound" qpdf --check "$OUT/$name.pdf"
	check "a long $name: the PDF/A structure holds (information and XMP agree)" \
		python3 tests/e2e/pdfa_check.py "$OUT/$name.pdf"
done
check "the long title is shortened with an ellipsis in the document information" python3 -c "
import subprocess, sys
info = subprocess.run(['pdfinfo', sys.argv[1]], capture_output=True, text=True).stdout
title = [l for l in info.splitlines() if l.startswith('Title:')][0]
assert title.rstrip().endswith('\u2026') and 1000 < len(title) < 33000, len(title)
" "$OUT/title.pdf"
check "the long link warns that it is shown without its link" \
	grep -q "^$OUT/link.md: warning: a web address of 100020 characters is too long for a PDF link" "$OUT/link.log"

"$fast" pdf "$OUT/keys.md" -o "$OUT/keys.pdf" > "$OUT/keys.out" 2> "$OUT/keys.err"
check "2000 copies of a key: exit 1" test $? -eq 1
check "2000 copies of a key: 20 messages and a count" sh -c "[ \$(wc -l < '$OUT/keys.err') -eq 21 ]"
check "the first repeat is named at its place" expect_text "$OUT/keys.err" "$OUT/keys.md:3:1: error: key 'title' appears twice"
check "the rest are counted" expect_text "$OUT/keys.err" "$OUT/keys.md:2:1: error: 1979 more keys in the front matter are unknown or repeated"
check "no PDF for the keys" test ! -e "$OUT/keys.pdf"

"$fast" pdf "$OUT/x
y.md" -o "$OUT/xy.pdf" > "$OUT/nl.out" 2> "$OUT/nl.err"
check "a newline in a file name: exit 1" test $? -eq 1
check "a newline in a file name: one line, the newline escaped" sh -c "[ \$(wc -l < '$OUT/nl.err') -eq 1 ] && grep -qF 'x\\ny.md:2:1: error: unknown key' '$OUT/nl.err'"

truncate -s 65M "$OUT/huge.md"
"$fast" pdf "$OUT/huge.md" -o "$OUT/huge.pdf" > "$OUT/huge.out" 2> "$OUT/huge.err"
check "an input above 64 MiB exits 1 (bad input), not 3" test $? -eq 1
check "and says so" expect_text "$OUT/huge.err" "$OUT/huge.md: error: file larger than 64 MiB; refusing to read it"
rm -f "$OUT/huge.md"

# Two sources differing only in case: nothing written, not even the PDFs.
cp -r tests/fixtures/mini "$OUT/mat"
sed 's/^id: alfa$/id: alfa-kopia/' "$OUT/mat/exercises/alfa.md" > "$OUT/mat/exercises/Alfa.md"
"$fast" -q build -C "$OUT/mat" -o "$OUT/case" > "$OUT/case.out" 2> "$OUT/case.err"
check "sources differing only in case: build exits 1" test $? -eq 1
check "sources differing only in case: the names are given" expect_text "$OUT/case.err" "where case and the composition of letters"
# (The lock file of out/ may stay: it is the build's, not an output.)
check "sources differing only in case: nothing written" sh -c "[ -z \"\$(find '$OUT/case' -type f ! -name .hejapack-lock 2>/dev/null)\" ]"
cat "$OUT/case.err"

# A lone file whose front matter has a YAML error; a list between rules is
# still Markdown.
printf -- '---\ntitle: [Oavslutad\n---\nText.\n' > "$OUT/yaml.md"
"$HEJAPACK" pdf "$OUT/yaml.md" -o "$OUT/yaml.pdf" > "$OUT/yaml.out" 2> "$OUT/yaml.err"
check "a YAML error in a lone file's front matter: exit 1" test $? -eq 1
check "a YAML error in a lone file's front matter: named at its line" grep -q "^$OUT/yaml.md:[23]:[0-9]*: error: " "$OUT/yaml.err"
check "a YAML error in a lone file's front matter: no PDF" test ! -e "$OUT/yaml.pdf"
printf -- '---\n- en punkt\n- en till\n---\nText.\n' > "$OUT/rules.md"
"$HEJAPACK" -q pdf "$OUT/rules.md" -o "$OUT/rules.pdf" > "$OUT/rules.log" 2>&1
check "a list between two rules is still Markdown" sh -c "pdftotext '$OUT/rules.pdf' - | grep -q 'en till'"

# Symbolic links out of the material.
cp -r tests/fixtures/mini "$OUT/links"
cp tests/fixtures/mini/figures/figur.png "$OUT/outside.png"
ln -s "$OUT/outside.png" "$OUT/links/figures/ute.png"
sed -i 's|(../figures/figur.png)|(../figures/ute.png)|' "$OUT/links/exercises/alfa.md"
printf 'Utanför.\n' > "$OUT/elsewhere.md"
ln -s "$OUT/elsewhere.md" "$OUT/links/reports/extra.md"
"$fast" check -C "$OUT/links" > "$OUT/links.out" 2> "$OUT/links.err"
check "symbolic links out of the material: check exits 1" test $? -eq 1
check "a figure that links out is refused at its place" expect_text "$OUT/links.err" \
	"$OUT/links/exercises/alfa.md:22:1: error: image '../figures/ute.png' is a symbolic link that leads outside the material directory"
check "a Markdown source that links out is refused" expect_text "$OUT/links.err" \
	"$OUT/links/reports/extra.md: error: a symbolic link that leads outside the material directory"
cat "$OUT/links.err"
finish
