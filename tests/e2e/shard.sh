# A build split across machines (--shard K/N, README "Across machines"):
# each shard typesets every Nth job into its own OUT_DIR/cache and writes
# nothing else; the shards' caches copied into one let a plain build take
# every PDF from there and pack a bundle byte for byte the one a whole
# --no-cache build makes. Shards cover every job once, whatever N; a
# shard's own output directory holds only its cache; bad --shard values and
# combinations are usage errors.
. tests/e2e/_lib
set -u
export SOURCE_DATE_EPOCH=1709251200
mat=tests/fixtures/mini

"$HEJAPACK" -q build -C "$mat" -o "$OUT/whole" --no-cache --handouts
check "the whole build, for comparison" test -s "$OUT/whole/mini-material-1.2.3-handouts.zip"
jobs=$(( $(ls "$OUT/whole/pdf/ovningar" "$OUT/whole/pdf/rapporter" 2>/dev/null | grep -c '\.pdf$') + 1 ))
handouts=$(ls "$OUT/whole/pdf/handouts" | grep -c '\.pdf$')
jobs=$((jobs + handouts))
check "(the mini material makes $jobs jobs)" test "$jobs" -ge 5

for n in 1 2 3 $((jobs + 2)); do
	rm -rf "$OUT/merged"
	mkdir -p "$OUT/merged/cache"
	total=0
	ok=1
	k=1
	while [ $k -le $n ]; do
		# Without -v, which the merging build below has: an entry keeps every
		# message and shows what the build that takes it asks for.
		"$HEJAPACK" build -C "$mat" -o "$OUT/s$n-$k" --handouts --shard "$k/$n" > "$OUT/s$n-$k.log" 2>&1 || ok=0
		got=$(sed -n "s/.*: shard $k of $n: \([0-9]*\) of $jobs PDFs, \1 typeset, 0 found there$/\1/p" "$OUT/s$n-$k.log")
		total=$((total + ${got:-1000}))
		# Only the cache (none for a shard without jobs): no ZIP, no pdf/.
		case "$(ls -A "$OUT/s$n-$k" 2>/dev/null | grep -v '^\.hejapack-lock$' | tr '\n' ' ')" in
		"cache " | "") ;;
		*) ok=0 ;;
		esac
		cp "$OUT/s$n-$k/cache/"* "$OUT/merged/cache/" 2>/dev/null
		k=$((k + 1))
	done
	check "$n shards: each exits 0 and writes only its cache" test $ok -eq 1
	check "$n shards: together they typeset each of the $jobs jobs once (got $total)" test "$total" -eq "$jobs"
	"$HEJAPACK" -v build -C "$mat" -o "$OUT/merged" --handouts > "$OUT/merged-$n.log" 2>&1
	check "$n shards merged: the build takes all $jobs PDFs from the cache" \
		grep -q "cache: note: $jobs of $jobs PDFs taken from the cache, 0 typeset" "$OUT/merged-$n.log"
	check "$n shards merged: the bundle is the whole build's" \
		cmp "$OUT/merged/mini-material-1.2.3-handouts.zip" "$OUT/whole/mini-material-1.2.3-handouts.zip"
done

# A shard run again finds its own PDFs.
"$HEJAPACK" -v build -C "$mat" -o "$OUT/s2-1" --handouts --shard 1/2 > "$OUT/again.log" 2>&1
check "a shard run again takes its PDFs from its cache" grep -q ': shard 1 of 2: [0-9]* of [0-9]* PDFs, 0 typeset, [0-9]* found there' "$OUT/again.log"

for bad in 0/2 3/2 2 /2 1/ 1/0 a/b 1/2x 1/1001; do
	"$HEJAPACK" build -C "$mat" -o "$OUT/bad" --shard "$bad" > "$OUT/bad.log" 2>&1
	check "--shard $bad: a usage error (exit 2) naming the value" \
		sh -c "test $? -eq 2 && grep -qF -- \"not '$bad'\" '$OUT/bad.log'"
done
for other in --no-cache --sip "--previous $OUT/whole/mini-material-1.2.3-handouts.zip"; do
	"$HEJAPACK" build -C "$mat" -o "$OUT/bad" --shard 1/2 $other > "$OUT/bad.log" 2>&1
	check "--shard with ${other%% *}: a usage error" \
		sh -c "test $? -eq 2 && grep -qF 'cannot go with ${other%% *}' '$OUT/bad.log'"
done
check "and none of them wrote anything" test ! -e "$OUT/bad"
"$HEJAPACK" -q build -C "$mat" -o "$OUT/j2" -j2 --no-cache --handouts
check "-j2 (no space, as make takes it) is -j 2" cmp "$OUT/j2/mini-material-1.2.3-handouts.zip" "$OUT/whole/mini-material-1.2.3-handouts.zip"
finish
