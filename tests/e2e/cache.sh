# The build cache (OUT_DIR/cache, cli/cache.h): a second build takes every
# PDF from it; after a body edit only that document is typeset again (the
# catalogue shows front matter only); other options miss; every result is byte-identical to a
# build with --no-cache; warnings come back from the cache as they were
# printed; a truncated or altered entry is found out, not used, and written
# anew; a failed build stores nothing; --no-cache neither reads nor writes;
# a -v build reuses what a plain or -q build stored and prints what it would
# have printed without the cache.
. tests/e2e/_lib
set -u
export SOURCE_DATE_EPOCH=1709251200
mat=$OUT/material
cp -r material "$mat"
# A warning of a document's own (a heading that skips levels), to see it
# come back from the cache.
printf '\n#### Ett överhopp\n\nText.\n' >> "$mat/exercises/ja-och.md"

build() { # OUT_DIR LOG [OPTIONS...]
	o=$1 log=$2
	shift 2
	"$HEJAPACK" -v build -C "$mat" -o "$o" "$@" > "$log" 2>&1
}
from_cache() { # LOG N: the note says N of the jobs came from the cache
	grep -q "cache: note: $2 of [0-9]* PDFs taken from the cache" "$1"
}
same_zip() { # DIR_A DIR_B
	cmp "$1/heja-material-1.0.0.zip" "$2/heja-material-1.0.0.zip"
}
warnings() { # LOG: its warnings, without the cache's notes
	grep ': warning: ' "$1" | sort
}

build "$OUT/c" "$OUT/cold.log"
check "a first build typesets everything (0 from the cache)" from_cache "$OUT/cold.log" 0
check "it keeps one entry per PDF (33)" test "$(find "$OUT/c/cache" -maxdepth 1 -type f | wc -l)" -eq 33
figures=$(cat "$mat"/exercises/*.md "$mat"/reports/*.md | grep -o '](\.\./figures/[^)]*' | sort -u | wc -l)
check "and remembers the $figures figures it found good" test "$(ls "$OUT/c/cache/checked" | wc -l)" -eq "$figures"
build "$OUT/c" "$OUT/warm.log"
check "a second build takes all 33 from the cache" from_cache "$OUT/warm.log" 33
build "$OUT/n" "$OUT/nocache.log" --no-cache
check "the cached build's ZIP is byte-identical to a --no-cache build's" same_zip "$OUT/c" "$OUT/n"
check "--no-cache writes no cache" test ! -e "$OUT/n/cache"
check "--no-cache says nothing of a cache" sh -c "! grep -q 'cache: note' '$OUT/nocache.log'"
warnings "$OUT/cold.log" > "$OUT/cold.warn"
warnings "$OUT/warm.log" > "$OUT/warm.warn"
check "the document's warning is printed from the cache as it was" \
	sh -c "grep -q 'ja-och.md:.*warning: ' '$OUT/warm.warn' && cmp '$OUT/cold.warn' '$OUT/warm.warn'"

# The verbosity is not part of the key: a quiet and a plain build fill the
# cache a -v build takes everything from, and that build prints the notes a
# -v build without the cache prints, and the -q one prints nothing.
"$HEJAPACK" build -C "$mat" -o "$OUT/v" > "$OUT/v-plain.log" 2>&1
"$HEJAPACK" -q build -C "$mat" -o "$OUT/v" > "$OUT/v-quiet.log" 2>&1
check "a -q build after a plain one prints nothing" test ! -s "$OUT/v-quiet.log"
build "$OUT/v" "$OUT/v-verbose.log"
check "a -v build takes every PDF from a plain build's cache" from_cache "$OUT/v-verbose.log" 33
build "$OUT/vn" "$OUT/v-nocache.log" --no-cache
grep -v '/cache: note: ' "$OUT/v-verbose.log" | sed "s|$OUT/v/|OUT/|" > "$OUT/v-a.txt"
grep -v '/cache: note: ' "$OUT/v-nocache.log" | sed "s|$OUT/vn/|OUT/|" > "$OUT/v-b.txt"
check "and prints the notes and warnings a -v build without the cache prints" cmp "$OUT/v-a.txt" "$OUT/v-b.txt"
check "(notes among them)" grep -q ': note: ' "$OUT/v-a.txt"

# A fix in one exercise's text: that exercise again, and nothing else (the
# catalogue shows only front matter).
sed -i 's/Syftet är att/Syftet är nu att/' "$mat/exercises/framtid.md"
check "(the edit took)" grep -q 'Syftet är nu att' "$mat/exercises/framtid.md"
build "$OUT/c" "$OUT/edit.log"
check "after a body edit, 32 of 33 come from the cache" from_cache "$OUT/edit.log" 32
build "$OUT/n" "$OUT/edit-nocache.log" --no-cache
check "and the ZIP is the one a --no-cache build makes" same_zip "$OUT/c" "$OUT/n"

# Damage: one entry cut short, one with a byte changed in its PDF. The two
# newest, both in use: the one the edit's build wrote and the catalogue's,
# the last the first build stored (the cache also holds the entry the edit
# replaced, which no build uses any more, and which entries come first by
# name depends on hejapack's own bytes, part of every key).
set -- $(find "$OUT/c/cache" -maxdepth 1 -type f -printf '%T@ %f\n' | sort -rn | head -n 2 | cut -d' ' -f2)
python3 - "$OUT/c/cache/$1" "$OUT/c/cache/$2" <<'PY'
import sys
a, b = sys.argv[1], sys.argv[2]
data = open(a, "rb").read()
open(a, "wb").write(data[: len(data) // 2])
data = bytearray(open(b, "rb").read())
data[len(data) // 2] ^= 0x20
open(b, "wb").write(bytes(data))
PY
build "$OUT/c" "$OUT/damaged.log"
check "both damaged entries are found out" test "$(grep -c 'is damaged: not used' "$OUT/damaged.log")" -eq 2
check "and not used: 31 of 33 from the cache" from_cache "$OUT/damaged.log" 31
check "the ZIP is still the --no-cache one" same_zip "$OUT/c" "$OUT/n"
build "$OUT/c" "$OUT/repaired.log"
check "the entries were written anew (33 of 33 next time)" from_cache "$OUT/repaired.log" 33

# Other options are other entries.
build "$OUT/c" "$OUT/a5.log" --paper A5
check "an A5 build finds nothing of the A4 build's" from_cache "$OUT/a5.log" 0

# A figure whose bytes change after it was found good is checked anew: the
# memory of checked figures is by their bytes, not their names.
fig=$(grep -o '](\.\./figures/[^)]*' "$mat"/exercises/*.md | head -n 1 | sed 's/.*figures\///')
cp "$mat/figures/$fig" "$OUT/figure.png"
head -c 2000 "$OUT/figure.png" > "$mat/figures/$fig"
build "$OUT/c" "$OUT/figure.log"
check "a figure cut short after a good build is found out ($fig)" expect_text "$OUT/figure.log" "image '../figures/$fig'"
check "  and the build fails" sh -c "! grep -q 'documents,' '$OUT/figure.log'"
cp "$OUT/figure.png" "$mat/figures/$fig"

# A failed build stores nothing.
ls "$OUT/c/cache" | sort > "$OUT/before.txt"
printf '\n![Saknas](../figures/finns-inte.png)\n' >> "$mat/exercises/drivkrafter.md"
sed -i 's/Syftet är nu att/Syftet är åter att/' "$mat/exercises/framtid.md"
build "$OUT/c" "$OUT/failed.log"
check "a build with an error fails" sh -c "! grep -q 'documents,' '$OUT/failed.log'"
ls "$OUT/c/cache" | sort > "$OUT/after.txt"
check "and leaves the cache as it was" cmp "$OUT/before.txt" "$OUT/after.txt"
finish
