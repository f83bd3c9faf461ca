#!/bin/sh
# Usage: run-fuzzer.sh TARGET BINARY FUZZDIR SECONDS MAXLEN "DICTS"
# Without SECONDS: one pass over the seeds and the kept regressions. With it:
# fuzzes for SECONDS, growing FUZZDIR/corpus/TARGET, crashes into
# FUZZDIR/crashes/TARGET/; prints libFuzzer's last status line (execs, cov,
# ft) and appends it to FUZZDIR/history.txt. Fails when anything crashed.
set -eu
target=$1 bin=$2 dir=$3 seconds=$4 maxlen=$5 dicts=$6
here=$(dirname "$0")
corpus=$dir/corpus/$target
crashes=$dir/crashes/$target
mkdir -p "$corpus" "$crashes"
dict=$dir/$target.dict
: > "$dict"
for d in $dicts; do cat "$here/$d.dict" >> "$dict"; done
regress=$here/regress/$target
mkdir -p "$dir/empty"
[ -d "$regress" ] || regress=$dir/empty
log=$dir/$target.log
if [ -z "$seconds" ]; then
	"$bin" -runs=0 -max_len="$maxlen" -dict="$dict" "$dir/seeds/$target" "$regress" > "$log" 2>&1 ||
		{ tail -n 30 "$log"; exit 1; }
	echo "fuzz $target: seeds and regressions pass ($(grep -c . "$log") log lines, $log)"
	exit 0
fi
start=$(date +%s)
status=0
# One worker process at a time (-fork=1) that is restarted after a crash, so
# a whole run collects every crash instead of stopping at the first.
"$bin" -fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 \
	-max_total_time="$seconds" -max_len="$maxlen" -timeout=20 -rss_limit_mb=2048 \
	-dict="$dict" -artifact_prefix="$crashes/" "$corpus" "$dir/seeds/$target" "$regress" > "$log" 2>&1 || status=$?
end=$(date +%s)
last=$(grep -E '^#[0-9]+' "$log" | tail -n 1)
echo "fuzz $target: $((end - start)) s, status $status: $last"
echo "$(date -u +%FT%TZ) $target $((end - start))s status=$status $last" >> "$dir/history.txt"
found=$(ls "$crashes" | wc -l)
[ "$found" -eq 0 ] || echo "fuzz $target: $found inputs in $crashes: make each a regression in tests/fuzz/regress/$target/"
[ $status -eq 0 ] && [ "$found" -eq 0 ]
