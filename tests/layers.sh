#!/bin/sh
# The source tree is a one-way pipeline: each folder of src/ may include
# headers of its own folder and of the folders before it, never after, and no
# two modules may include each other, directly or round a longer circle.
# Prints what breaks the rule and exits 1; ends with the plain count line.
set -eu
cd "$(dirname "$0")/.."
stages="base material typeset render bundle cli"
rank() { i=0; for s in $stages; do [ "$s" = "$1" ] && { echo $i; return; }; i=$((i + 1)); done; echo 99; }

failed=0 checked=0 edges=$(mktemp)
trap 'rm -f "$edges"' EXIT
for dir in src/*/; do
	stage=$(basename "$dir")
	r=$(rank "$stage")
	if [ "$r" = 99 ]; then echo "layers: src/$stage/ is not a stage ($stages)"; failed=$((failed + 1)); continue; fi
	for f in "$dir"*.c "$dir"*.h; do
		[ -f "$f" ] || continue
		mod="$stage/$(basename "${f%.*}")"
		for inc in $(sed -n 's/^#include "\([^"]*\)".*/\1/p' "$f"); do
			checked=$((checked + 1))
			case "$inc" in
			*/*) ;;
			*) echo "layers: $f includes \"$inc\" without its stage folder"; failed=$((failed + 1)); continue ;;
			esac
			if [ ! -f "src/$inc" ]; then echo "layers: $f includes missing src/$inc"; failed=$((failed + 1)); continue; fi
			target="${inc%.h}"
			tr=$(rank "${inc%%/*}")
			if [ "$tr" -gt "$r" ]; then
				echo "layers: $f ($stage) includes $inc from a later stage"
				failed=$((failed + 1))
			fi
			[ "$target" = "$mod" ] || echo "$target $mod" >> "$edges"
		done
	done
done
# tsort names every circle it finds on stderr.
if ! tsort "$edges" > /dev/null 2> "$edges.err"; then :; fi
if [ -s "$edges.err" ]; then
	echo "layers: modules include each other in a circle:"; sed 's/^/  /' "$edges.err"
	failed=$((failed + 1))
fi
rm -f "$edges.err"
echo "layers: $checked includes checked"
echo "layers: $((checked - failed)) passed, $failed failed"
[ "$failed" = 0 ]
