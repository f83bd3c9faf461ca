# Every PDF of the bundle is tagged PDF/A-2a (checked structurally), its links work
# offline inside the unpacked bundle, and poppler, MuPDF, qpdf and
# Ghostscript read it without a word of complaint.
. tests/e2e/_lib
"$HEJAPACK" -q build -o "$OUT/o" > "$OUT/build.log" 2>&1
check "build succeeds" test -s "$OUT/o/heja-material-1.0.0.zip"
mkdir -p "$OUT/x" && (cd "$OUT/x" && unzip -q "$OUT/o/heja-material-1.0.0.zip")
data="$OUT/x/heja-material-1.0.0/data"
n=0
for pdf in $(find "$data" -name '*.pdf' | sort); do
	n=$((n + 1))
	rel=${pdf#"$data"/}
	check "PDF/A-2a structure: $rel" python3 tests/e2e/pdfa_check.py --expect 2A "$pdf"
	check "qpdf --check: $rel" qpdf --check "$pdf"
	check "pdfinfo and pdftotext quiet: $rel" sh -c "pdfinfo '$pdf' 2>&1 >/dev/null | grep -q . && exit 1; pdftotext '$pdf' - 2>&1 >/dev/null | grep -q . && exit 1; exit 0"
	check "mutool quiet: $rel" sh -c "mutool info '$pdf' 2>&1 >/dev/null | grep -vi 'ICC support' | grep -q . && exit 1; mutool draw -q -o /dev/null '$pdf' 2>&1 | grep -vi 'ICC support' | grep -q . && exit 1; exit 0"
	check "ghostscript quiet: $rel" sh -c "[ -z \"\$(gs -q -dNOPAUSE -dBATCH -sDEVICE=nullpage '$pdf' 2>&1)\" ]"
done
check "checked all $n PDFs (at least 33)" test "$n" -ge 33
python3 tests/e2e/links_check.py "$data" > "$OUT/links.txt" 2>&1
check "every link works offline in the unpacked bundle" test $? -eq 0
cat "$OUT/links.txt"
check "exercises link related exercises (GoToR)" sh -c "grep -q 'links: [1-9][0-9]* to other PDFs' '$OUT/links.txt'"
finish
