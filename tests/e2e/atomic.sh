# A build killed at any moment leaves either the previous bundle or the
# complete new one under the final name, never a partial file.
. tests/e2e/_lib
bin=${HEJAPACK_FAST:-$HEJAPACK}
zip=heja-material-1.0.0.zip

cp -r material "$OUT/old"
cp -r material "$OUT/new"
echo "En rad till i den nya utgåvan." >> "$OUT/new/exercises/framtid.md"
"$bin" -q build -C "$OUT/old" -o "$OUT/o1" && "$bin" -q build -C "$OUT/new" -o "$OUT/o2"
old_sum=$(sha256sum < "$OUT/o1/$zip")
new_sum=$(sha256sum < "$OUT/o2/$zip")
check "old and new bundles differ" test "$old_sum" != "$new_sum"

# Time a full run to spread the kills over all of it.
start=$(date +%s%N)
"$bin" -q build -C "$OUT/new" -o "$OUT/timing"
run_ms=$(( ($(date +%s%N) - start) / 1000000 ))
echo "a build takes ${run_ms} ms"

mkdir -p "$OUT/out"
cp "$OUT/o1/$zip" "$OUT/o1/$zip.sha256" "$OUT/out/"
kills=0
seed=1
bad=0
while [ $kills -lt 16 ]; do
	seed=$(( (seed * 1103515245 + 12345) % 2147483648 ))
	delay=$(( seed % (run_ms + 200) ))
	"$bin" -q build -C "$OUT/new" -o "$OUT/out" > /dev/null 2>&1 &
	pid=$!
	sleep "$(printf '%d.%03d' $((delay / 1000)) $((delay % 1000)))"
	kill -9 $pid 2>/dev/null
	wait $pid 2>/dev/null
	kills=$((kills + 1))
	now=$(sha256sum < "$OUT/out/$zip")
	if [ "$now" != "$old_sum" ] && [ "$now" != "$new_sum" ]; then
		echo "after a kill at ${delay} ms the ZIP is neither the old nor the new one"
		bad=$((bad + 1))
	fi
	unzip -tq "$OUT/out/$zip" > /dev/null 2>&1 || { echo "after a kill at ${delay} ms unzip -t fails"; bad=$((bad + 1)); }
	for pdf in "$OUT"/out/pdf/*/*.pdf; do
		[ -e "$pdf" ] || continue
		qpdf --check "$pdf" > /dev/null 2>&1 || { echo "after a kill at ${delay} ms $pdf is broken"; bad=$((bad + 1)); }
	done
	# Put the old bundle back half of the time, so both directions are tried.
	if [ $((kills % 2)) -eq 0 ]; then
		cp "$OUT/o1/$zip" "$OUT/out/$zip"
	fi
done
check "16 kills at spread moments never left a partial file under a final name" test $bad -eq 0
"$bin" -q build -C "$OUT/new" -o "$OUT/out"
check "a run to the end gives the new bundle" sh -c "[ \"\$(sha256sum < '$OUT/out/$zip')\" = '$new_sum' ]"
check "its .sha256 matches it" sh -c "cd '$OUT/out' && sha256sum -c $zip.sha256"
finish
