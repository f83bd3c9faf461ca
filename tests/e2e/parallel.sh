# `build -j N` shares the documents out to N worker processes: the bundle,
# the PDFs and every message are the same for any N, and a document that
# fails stops the run as it would in one process: the same messages, the
# same exit status, nothing written.
. tests/e2e/_lib

for j in 1 2 5; do
	"$HEJAPACK_FAST" build -j $j --handouts -C material -o "$OUT/j$j" > "$OUT/j$j.out" 2> "$OUT/j$j.err"
	check "-j $j builds" test -s "$OUT/j$j/heja-material-1.0.0-handouts.zip"
done
for j in 2 5; do
	check "-j $j gives the ZIP of -j 1" cmp "$OUT/j1/heja-material-1.0.0-handouts.zip" "$OUT/j$j/heja-material-1.0.0-handouts.zip"
	check "-j $j gives the messages of -j 1" cmp "$OUT/j1.err" "$OUT/j$j.err"
	check "-j $j gives the summary of -j 1" sh -c "sed 's|/j$j/|/j1/|' '$OUT/j$j.out' | cmp - '$OUT/j1.out'"
	check "-j $j writes the PDFs of -j 1" diff -r "$OUT/j1/pdf" "$OUT/j$j/pdf"
done
check "-j 1 summary counts documents and handouts" grep -qE "32 documents, [0-9]+ pages, 27 handouts" "$OUT/j1.out"

# Two exercises whose figures are broken past their header, far apart in
# the material's order: the messages come in the order of one process,
# whatever the workers did first. (The loader decodes every figure, so it
# reports them, at the line that uses each, before the workers start.)
mkdir -p "$OUT/broken"
cp -R material "$OUT/broken/material"
for f in ovning-framtid ovning-testa-i-liten-skala; do
	printf 'XXXXXXXXXXXXXXXX' | dd of="$OUT/broken/material/figures/$f.png" bs=1 seek=5000 conv=notrunc 2>/dev/null
done
for j in 1 4; do
	"$HEJAPACK" build -j $j -C "$OUT/broken/material" -o "$OUT/broken/out$j" > "$OUT/broken/$j.out" 2> "$OUT/broken/$j.err"
	echo $? > "$OUT/broken/$j.status"
	check "-j $j: a broken figure exits 1" test "$(cat "$OUT/broken/$j.status")" = 1
	check "-j $j: names the first broken figure" expect_text "$OUT/broken/$j.err" "exercises/framtid.md:44:1: error: image '../figures/ovning-framtid.png' cannot be used: broken PNG"
done
check "the messages of -j 4 are those of -j 1" cmp "$OUT/broken/1.err" "$OUT/broken/4.err"
check "a malformed -j is a usage error" sh -c "'$HEJAPACK_FAST' build -j 0 -o '$OUT/none'; test \$? = 2"
finish
