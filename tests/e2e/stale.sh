# out/pdf/ holds the PDFs of the last build and nothing else it wrote: a
# build removes what the build before it wrote and it does not (another
# variant, a document taken out), and leaves every file it never wrote.
. tests/e2e/_lib
fast=${HEJAPACK_FAST:-$HEJAPACK}
export SOURCE_DATE_EPOCH=1709251200

# The PDFs under a pdf/ tree and the PDFs of a bundle's payload, as lists.
tree_pdfs() { (cd "$1" && find . -type f | sed 's|^\./||' | sort); }
zip_pdfs() { unzip -Z1 "$1" | sed -n 's|^[^/]*/data/||p' | grep '\.pdf$' | sort; }

# ---- the whole material: handouts, then the standard copy, then A5 ----------
o=$OUT/out
"$fast" -q build --handouts -o "$o" > "$OUT/b1.log" 2>&1
check "build --handouts writes pdf/handouts/" test -s "$o/pdf/handouts/framtid.pdf"
tree_pdfs "$o/pdf" > "$OUT/tree1.txt"
zip_pdfs "$o/heja-material-1.0.0-handouts.zip" > "$OUT/zip1.txt"
check "pdf/ equals the handout bundle's payload PDFs" cmp -s "$OUT/tree1.txt" "$OUT/zip1.txt"
check "the list of what it wrote lies beside pdf/, not in it" test -s "$o/.hejapack-pdf-files"
mkdir -p "$o/pdf/egna"
echo "mine" > "$o/pdf/egna/anteckning.pdf"
echo "mine" > "$o/pdf/handouts/min-egen.pdf"

"$fast" build -o "$o" > "$OUT/b2.log" 2>&1
check "a plain build after it succeeds" test -s "$o/heja-material-1.0.0.zip"
check "and removes the 27 handouts it no longer writes" grep -qx "$o/pdf: removed 27 PDFs of the last build that this one did not write" "$OUT/b2.log"
check "no handout of the last build is left" sh -c "[ \"\$(ls '$o/pdf/handouts')\" = min-egen.pdf ]"
check "a file the build never wrote stays, even among its own" test -s "$o/pdf/handouts/min-egen.pdf"
check "and outside them" test -s "$o/pdf/egna/anteckning.pdf"
rm -r "$o/pdf/egna" "$o/pdf/handouts/min-egen.pdf"
tree_pdfs "$o/pdf" > "$OUT/tree2.txt"
zip_pdfs "$o/heja-material-1.0.0.zip" > "$OUT/zip2.txt"
check "pdf/ now equals the standard bundle's payload PDFs" cmp -s "$OUT/tree2.txt" "$OUT/zip2.txt"
check "byte for byte" sh -c "mkdir '$OUT/x2' && cd '$OUT/x2' && unzip -q '$o/heja-material-1.0.0.zip' && cd heja-material-1.0.0/data && for f in \$(cat '$OUT/zip2.txt'); do cmp -s \"\$f\" '$o/pdf/'\"\$f\" || exit 1; done"
check "the handout bundle of the first build is still there under its own name" test -s "$o/heja-material-1.0.0-handouts.zip"

"$fast" -q build --paper A5 -o "$o" > "$OUT/b3.log" 2>&1
check "an A5 build is its own bundle" test -s "$o/heja-material-1.0.0-a5.zip"
check "  and says so in bag-info.txt" sh -c "unzip -p '$o/heja-material-1.0.0-a5.zip' heja-material-1.0.0-a5/bag-info.txt | grep -qx 'Paper-Size: A5'"
check "  and its PDFs replace the A4 ones in pdf/" sh -c "pdfinfo '$o/pdf/ovningar/framtid.pdf' | grep -q 'Page size: *419.528 x 595.276'"
tree_pdfs "$o/pdf" > "$OUT/tree3.txt"
zip_pdfs "$o/heja-material-1.0.0-a5.zip" > "$OUT/zip3.txt"
check "  pdf/ equals the A5 bundle's payload PDFs" cmp -s "$OUT/tree3.txt" "$OUT/zip3.txt"

# ---- the small material, with the sanitizer build ----------------------------
m=$OUT/mini
cp -R tests/fixtures/mini "$m"
"$HEJAPACK" -q build --handouts -C "$m" -o "$OUT/o" > "$OUT/m1.log" 2>&1
check "mini: build --handouts" test -s "$OUT/o/pdf/handouts/alfa.pdf"
rm "$m/exercises/beta.md"
sed -i '/beta/d' "$m/exercises/alfa.md" "$m/reports/rapporten.md"
"$HEJAPACK" -q build -C "$m" -o "$OUT/o" > "$OUT/m2.log" 2>&1
check "mini: a build without beta succeeds" test -s "$OUT/o/mini-material-1.2.3.zip"
check "mini: beta's PDF is gone with it" test ! -e "$OUT/o/pdf/ovningar/beta.pdf"
check "mini: and so are the handouts" test ! -e "$OUT/o/pdf/handouts"
check "mini: alfa stays" test -s "$OUT/o/pdf/ovningar/alfa.pdf"
# A list that names paths outside pdf/ (written by hand, or damaged) removes nothing there.
echo keep > "$OUT/o/keep.txt"
echo keep > "$OUT/outside.pdf"
printf '../keep.txt\n../../outside.pdf\n/etc/hostname\n./ovningar/../katalog.pdf\n' >> "$OUT/o/.hejapack-pdf-files"
"$HEJAPACK" -q build -C "$m" -o "$OUT/o" > "$OUT/m3.log" 2>&1
check "mini: names that leave pdf/ are ignored" sh -c "test -s '$OUT/o/keep.txt' && test -s '$OUT/outside.pdf' && test -s '$OUT/o/pdf/katalog.pdf'"
# A failed build removes nothing.
"$HEJAPACK" -q build --handouts -C "$m" -o "$OUT/o" > /dev/null 2>&1
printf -- '---\ntitle: [\n---\n' > "$m/exercises/trasig.md"
"$HEJAPACK" -q build -C "$m" -o "$OUT/o" > "$OUT/m4.log" 2>&1
check "mini: a build that fails exits 1" test $? -eq 1
check "mini: and leaves the handouts of the last good build" test -s "$OUT/o/pdf/handouts/alfa.pdf"
finish
