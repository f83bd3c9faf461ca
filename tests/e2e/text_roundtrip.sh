# pdftotext of every PDF of the material contains every word of its source,
# in order (this needs the corrected ToUnicode map and sane run order).
. tests/e2e/_lib
"$HEJAPACK_FAST" -q build -o "$OUT/o" > "$OUT/build.log" 2>&1
check "build succeeds" test -s "$OUT/o/pdf/ovningar/framtid.pdf"
python3 tests/e2e/text_roundtrip.py material "$OUT/o/pdf" > "$OUT/roundtrip.txt" 2>&1
check "every word of every source comes back from its PDF, in order" test $? -eq 0
grep -v "all .* words in order" "$OUT/roundtrip.txt"
finish
