#!/bin/sh
# Usage: valgrind.sh HEJAPACK MATERIAL OUTDIR
# The release build of the material (and `verify` of the bundle it makes)
# under Valgrind's memcheck: no memory error and no leak (definite, indirect
# or possible) may be reported; the bundle must be the same bytes as an
# ordinary run makes. Run by `make valgrind`, and so by `make check`.
set -u
hejapack=$1 material=$2 out=$3
rm -rf "$out"
mkdir -p "$out"
export HEJAPACK_FONTS=${HEJAPACK_FONTS:-$(pwd)/fonts}
export SOURCE_DATE_EPOCH=1700000000
memcheck() {
	log=$1
	shift
	valgrind -q --tool=memcheck --error-exitcode=99 --leak-check=full --show-leak-kinds=definite,indirect,possible \
		--errors-for-leak-kinds=definite,indirect,possible --log-file="$log" "$@"
}
failed=0
start=$(date +%s)
memcheck "$out/build.vg" "$hejapack" -q build -C "$material" -o "$out/vg" > "$out/build.out" 2>&1
status=$?
"$hejapack" -q build -C "$material" -o "$out/plain" > /dev/null 2>&1
zip=$(ls "$out"/plain/*.zip 2>/dev/null | head -n 1)
if [ $status -ne 0 ] || [ -s "$out/build.vg" ]; then
	echo "FAIL  valgrind: build of $material: exit $status"
	head -n 60 "$out/build.vg" "$out/build.out"
	failed=1
elif [ -z "$zip" ] || ! cmp -s "$zip" "$out/vg/$(basename "$zip")"; then
	echo "FAIL  valgrind: the bundle made under memcheck differs from an ordinary run's"
	failed=1
else
	memcheck "$out/verify.vg" "$hejapack" verify "$out/vg/$(basename "$zip")" > "$out/verify.out" 2>&1
	status=$?
	if [ $status -ne 0 ] || [ -s "$out/verify.vg" ]; then
		echo "FAIL  valgrind: verify of the bundle: exit $status"
		head -n 60 "$out/verify.vg" "$out/verify.out"
		failed=1
	fi
fi
[ $failed -eq 0 ] && echo "ok    valgrind: build of $material ($(ls "$out"/vg/pdf/*/*.pdf | wc -l) PDFs) and verify, no errors or leaks ($(( $(date +%s) - start ))s)"
exit $failed
