#!/bin/sh
# Usage: replay-all.sh DIR TARGET...
# Replays every kept crash input through DIR/replay_TARGET, the fuzz harness
# built with the sanitizers and without libFuzzer:
#   tests/fuzz/regress/TARGET/  found and fixed: a crash, leak or sanitizer
#                               report fails the run
#   tests/fuzz/known/TARGET/    found, and still open in an issue (README.md
#                               there says which): each is run and reported as
#                               a known failure, never skipped silently; one
#                               that passes is to be moved to regress/
set -u
here=$(dirname "$0")
dir=$1
shift
failed=0
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
for t in "$@"; do
	n=0
	for f in "$here/regress/$t"/*; do
		[ -f "$f" ] || continue
		n=$((n + 1))
		if ! out=$("$dir/replay_$t" "$f" 2>&1); then
			failed=$((failed + 1))
			echo "FAIL  fuzz-regress $t: $(basename "$f")"
			echo "$out" | grep -v '^ *#[0-9]* 0x' | tail -n 20 | sed 's/^/      /'
		fi
	done
	known=0 still=0
	for f in "$here/known/$t"/*; do
		[ -f "$f" ] && [ "$(basename "$f")" != README.md ] || continue
		known=$((known + 1))
		if "$dir/replay_$t" "$f" > /dev/null 2>&1; then
			echo "note  fuzz-regress $t: $(basename "$f") passes now: move it to tests/fuzz/regress/$t/"
		else
			still=$((still + 1))
			echo "KNOWN fuzz-regress $t: $(basename "$f") still fails (see tests/fuzz/known/README.md)"
		fi
	done
	echo "fuzz-regress $t: $n kept inputs replayed, $still of $known known failures still fail"
done
[ $failed -eq 0 ]
