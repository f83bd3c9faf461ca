# Bad input: every fixture under tests/fixtures/bad/ (a copy of the small
# valid material tests/fixtures/mini with one defect, made by
# tests/fixtures/make-bad.py) makes `check` and `build` print exactly the
# FILE:LINE:COL messages in its EXPECTED file, exit 1 and write nothing: a
# fresh output directory is not even created, and a previous release in
# the output directory is left as it was. Also: `pdf` of one document is
# judged on that document; a missing material
# directory exits 3, an unknown paper or a malformed SOURCE_DATE_EPOCH 2.
. tests/e2e/_lib
set -u

export SOURCE_DATE_EPOCH=1700000000
mini=tests/fixtures/mini

# A previous release, to be left alone by every failed build into the same
# directory.
"$HEJAPACK" -q build -C "$mini" -o "$OUT/prev" > "$OUT/prev.log" 2>&1
check "the valid mini material builds" test -s "$OUT/prev/mini-material-1.2.3.zip"
snapshot() {
	(cd "$OUT/prev" && find . -type f | sort | xargs sha256sum)
}
snapshot > "$OUT/prev.before"
touch "$OUT/prev.stamp"

# Runs check and both builds of one fixture; results in $OUT/r/NAME.*.
# check runs in the sanitizer build; the builds load the material through
# the same code, so they run in the optimised build (when there is one),
# which starts and stops ten times faster.
fast=${HEJAPACK_FAST:-$HEJAPACK}
run_fixture() {
	dir=$1
	r="$OUT/r/$(basename "$dir")"
	"$HEJAPACK" check -C "$dir" > "$r.check.out" 2> "$r.check.err"
	echo $? > "$r.check.status"
	"$fast" build -C "$dir" -o "$r.fresh" > "$r.fresh.out" 2> "$r.fresh.err"
	echo $? > "$r.fresh.status"
	"$fast" build -C "$dir" -o "$OUT/prev" > "$r.prev.out" 2> "$r.prev.err"
	echo $? > "$r.prev.status"
}

# Two at a time: the sanitizer build is slow to start and stop.
mkdir -p "$OUT/r"
set -- tests/fixtures/bad/*/
count=$#
while [ $# -gt 0 ]; do
	run_fixture "${1%/}" &
	shift
	if [ $# -gt 0 ]; then
		run_fixture "${1%/}" &
		shift
	fi
	wait
done
check "there are bad fixtures ($count)" test "$count" -ge 30

# Exit status 1, every line of the expected messages among those printed
# (whole lines), and nothing on stdout.
run_ok() {
	[ "$(cat "$1.status")" -eq 1 ] || { echo "    exit status $(cat "$1.status")"; return 1; }
	while IFS= read -r line; do
		grep -qxF -- "$line" "$1.err" || { echo "    missing: $line"; return 1; }
	done < "$2"
	[ ! -s "$1.out" ] || { echo "    stdout:"; cat "$1.out"; return 1; }
}

for dir in tests/fixtures/bad/*/; do
	dir=${dir%/}
	name=$(basename "$dir")
	r="$OUT/r/$name"
	sed "s|{dir}|$dir|g" "$dir/EXPECTED" > "$r.expected"
	where=$(head -n 1 "$r.expected" | sed 's/: error: .*//')
	for run in check fresh prev; do
		case $run in
		check) what="$name: check" ;;
		fresh) what="$name: build" ;;
		prev) what="$name: build over a previous release" ;;
		esac
		run_ok "$r.$run" "$r.expected"
		check "$what exits 1 and reports $where" test $? -eq 0
		if ! cmp -s "$r.expected" "$r.$run.err"; then
			diff "$r.expected" "$r.$run.err" | sed -n 's/^> /    also: /p' | head -n 5
		fi
		check "$what reports nothing else" cmp -s "$r.expected" "$r.$run.err"
	done
	check "$name: build creates no output directory" test ! -e "$r.fresh"
done
snapshot > "$OUT/prev.after"
check "the previous release is byte for byte as it was" cmp -s "$OUT/prev.before" "$OUT/prev.after"
check "nothing in it was rewritten" test -z "$(find "$OUT/prev" -newer "$OUT/prev.stamp")"

# Valid variants are accepted.
"$HEJAPACK" check -C tests/fixtures/ok-crlf-bom > "$OUT/crlf.out" 2>&1
check "a material with a BOM and CRLF line ends passes check" test $? -eq 0

# Not a material directory: a system failure, exit 3, nothing written.
"$HEJAPACK" check -C "$OUT/finns-inte" > "$OUT/missing.out" 2> "$OUT/missing.err"
check "check of a missing directory exits 3" test $? -eq 3
check "  and says why" expect_text "$OUT/missing.err" "$OUT/finns-inte: error: not a material directory"
"$HEJAPACK" build -C "$OUT/finns-inte" -o "$OUT/missing-out" > /dev/null 2>&1
check "build of a missing directory exits 3" test $? -eq 3
check "  and writes nothing" test ! -e "$OUT/missing-out"
"$HEJAPACK" list -C "$OUT/finns-inte" > /dev/null 2>&1
check "list of a missing directory exits 3" test $? -eq 3

# Usage errors: exit 2, nothing written.
"$HEJAPACK" build -C "$mini" -o "$OUT/paper" --paper B5 > "$OUT/paper.out" 2> "$OUT/paper.err"
check "build --paper B5 exits 2" test $? -eq 2
check "  and names the paper" expect_text "$OUT/paper.err" "unknown paper size 'B5' (use A4, A5 or Letter)"
check "  and writes nothing" test ! -e "$OUT/paper"
cp "$mini/exercises/beta.md" "$OUT/beta.md"
"$HEJAPACK" pdf "$OUT/beta.md" --paper A3 > /dev/null 2>&1
check "pdf --paper A3 exits 2" test $? -eq 2
check "  and writes no PDF" test ! -e "$OUT/beta.pdf"
SOURCE_DATE_EPOCH=yesterday "$HEJAPACK" build -C "$mini" -o "$OUT/sde" > /dev/null 2> "$OUT/sde.err"
check "build with SOURCE_DATE_EPOCH=yesterday exits 2" test $? -eq 2
check "  and says what is wrong" expect_text "$OUT/sde.err" "SOURCE_DATE_EPOCH='yesterday' is not a Unix time"
check "  and writes nothing" test ! -e "$OUT/sde"
"$HEJAPACK" build -C "$mini" -o "$OUT/ver" --version 1.0 > /dev/null 2>&1
check "build --version 1.0 exits 2" test $? -eq 2
check "  and writes nothing" test ! -e "$OUT/ver"

# `pdf` of one document is judged on that document: a broken link in the
# body of another stops `check` and `build`, not the printing of this one.
cp -r "$mini" "$OUT/other-broken"
printf '\nSe [saknad](saknas.md).\n' >> "$OUT/other-broken/reports/rapporten.md"
"$HEJAPACK" check -C "$OUT/other-broken" > /dev/null 2> "$OUT/other-broken.err"
check "check of a material with a broken link exits 1" test $? -eq 1
check "  naming it" grep -q "rapporten.md:.*link 'saknas.md' names no document" "$OUT/other-broken.err"
"$HEJAPACK" -q pdf "$OUT/other-broken/exercises/alfa.md" -o "$OUT/other-alfa.pdf" > "$OUT/other-alfa.log" 2>&1
check "pdf of an exercise beside it exits 0" test $? -eq 0
check "  and typesets it, its related report's title too" sh -c "pdftotext '$OUT/other-alfa.pdf' - | grep -q 'Rapporten – En rapport'"
"$HEJAPACK" -q pdf "$OUT/other-broken/reports/rapporten.md" -o "$OUT/other-report.pdf" > /dev/null 2>&1
check "pdf of the report with the broken link exits 1" test $? -eq 1
check "  and writes no PDF" test ! -e "$OUT/other-report.pdf"

finish
