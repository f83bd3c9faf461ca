#!/bin/sh
# Usage: replay-all.sh DIR TARGET...
# Replays every kept crash input (tests/fuzz/regress/TARGET/) through
# DIR/replay_TARGET, the fuzz harness built with the sanitizers and without
# libFuzzer. A crash, leak or sanitizer report fails the run.
set -u
here=$(dirname "$0")
dir=$1
shift
failed=0
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
for t in "$@"; do
	set -- "$here/regress/$t"/*
	[ -e "$1" ] || { echo "fuzz-regress $t: no kept inputs"; continue; }
	if out=$("$dir/replay_$t" "$@" 2>&1); then
		echo "ok    fuzz-regress $t: $(echo "$out" | tail -n 1)"
	else
		failed=$((failed + 1))
		echo "FAIL  fuzz-regress $t"
		echo "$out" | tail -n 30 | sed 's/^/      /'
	fi
done
[ $failed -eq 0 ]
