# The same material gives byte-identical ZIPs and PDFs whatever the time zone,
# locale, umask, checkout path, file creation order and file times; the
# bundle's date comes from SOURCE_DATE_EPOCH or the material, never "now".
. tests/e2e/_lib

copy_material() { # copy_material DEST REVERSE: copy with files created in some order
	mkdir -p "$1/exercises" "$1/reports" "$1/figures"
	cp material/bundle.yaml "$1/"
	for dir in exercises reports figures; do
		if [ "$2" = reverse ]; then
			list=$(ls material/$dir | sort -r)
		else
			list=$(ls material/$dir)
		fi
		for f in $list; do
			cp "material/$dir/$f" "$1/$dir/$f"
		done
	done
}

copy_material "$OUT/a/material" forward
copy_material "$OUT/b/a/much/deeper/checkout/material" reverse
# Scatter file times in the second copy.
n=0
for f in "$OUT"/b/a/much/deeper/checkout/material/*/*; do
	n=$((n + 1))
	touch -d "@$((1000000000 + n * 86399))" "$f"
done

(cd "$OUT/a" && umask 022 && TZ=UTC LC_ALL=C "$HEJAPACK" -q build -C material -o out) > "$OUT/a.log" 2>&1
check "first build succeeds" test -s "$OUT/a/out/heja-material-1.0.0.zip"
(cd "$OUT/b/a/much/deeper/checkout" && umask 077 && TZ=Pacific/Chatham LC_ALL=sv_SE.UTF-8 \
	"$HEJAPACK" -q build -C material -o "$OUT/b/out") > "$OUT/b.log" 2>&1
check "second build succeeds" test -s "$OUT/b/out/heja-material-1.0.0.zip"
check "ZIPs are byte-identical" cmp "$OUT/a/out/heja-material-1.0.0.zip" "$OUT/b/out/heja-material-1.0.0.zip"
check ".sha256 files are identical" cmp "$OUT/a/out/heja-material-1.0.0.zip.sha256" "$OUT/b/out/heja-material-1.0.0.zip.sha256"
for pdf in "$OUT"/a/out/pdf/*/*.pdf "$OUT"/a/out/pdf/*.pdf; do
	rel=${pdf#"$OUT"/a/out/}
	check "identical $rel" cmp "$pdf" "$OUT/b/out/$rel"
done
check "the ZIP is mode 0644 despite umask 077" sh -c "[ \$(stat -c %a '$OUT/b/out/heja-material-1.0.0.zip') = 644 ]"

# Without SOURCE_DATE_EPOCH the date is the newest 'updated' in the material.
newest=$(grep -h '^updated:\|^date:' material/*/*.md | awk '{print $2}' | sort | tail -n 1)
mkdir -p "$OUT/x" && cd "$OUT/x" && unzip -q "$OUT/a/out/heja-material-1.0.0.zip" && cd - >/dev/null
check "Bagging-Date is the newest update ($newest)" grep -q "^Bagging-Date: $newest" "$OUT/x/heja-material-1.0.0/bag-info.txt"
check "ZIP entry dates are that day" sh -c "unzip -l '$OUT/a/out/heja-material-1.0.0.zip' | grep -q ' $newest 00:00 '"

# With SOURCE_DATE_EPOCH the date follows it, in any time zone.
(umask 022 && SOURCE_DATE_EPOCH=1735689600 TZ=America/Los_Angeles "$HEJAPACK" -q build -o "$OUT/sde") > "$OUT/sde.log" 2>&1
mkdir -p "$OUT/y" && (cd "$OUT/y" && unzip -q "$OUT/sde/heja-material-1.0.0.zip")
check "SOURCE_DATE_EPOCH sets Bagging-Date" grep -q "^Bagging-Date: 2025-01-01" "$OUT/y/heja-material-1.0.0/bag-info.txt"
check "SOURCE_DATE_EPOCH sets the PDF dates" sh -c "pdfinfo -isodates '$OUT/sde/pdf/ovningar/framtid.pdf' | grep -q 'CreationDate: *2025-01-01T00:00:00'"

# A malformed SOURCE_DATE_EPOCH is an error and writes nothing.
SOURCE_DATE_EPOCH=yesterday "$HEJAPACK" build -o "$OUT/bad" > "$OUT/bad.log" 2>&1
status=$?
check "malformed SOURCE_DATE_EPOCH exits 2" test "$status" -eq 2
check "and says why" grep -q "SOURCE_DATE_EPOCH" "$OUT/bad.log"
check "and writes nothing" test ! -e "$OUT/bad"
finish
