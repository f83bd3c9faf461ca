# Every example of the CommonMark spec renders with `hejapack pdf` (exit 0,
# no sanitizer report), and the text pdftotext extracts from the PDF holds the
# words of cmark's own rendering, in order (see tests/commonmark/).
# Skips itself (77) when $SHARED/commonmark/spec.txt is absent.
set -u
spec=${SHARED:-../shared}/commonmark/spec.txt
if [ ! -f "$spec" ]; then
	echo "skipped: no CommonMark spec at $spec"
	exit 77
fi
for tool in cmark pdftotext python3 xargs; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		echo "FAILED: $tool is needed (make test-deps installs it)"
		exit 1
	fi
done
: "${HEJAPACK:?the binary under test}"
dir=$OUT/examples
mkdir -p "$dir"
python3 tests/commonmark/spec_examples.py extract "$spec" "$dir" || exit 1

# Renders the examples two at a time (or one per core), several per shell to
# keep process start-up down. Each leaves NNN.rc, NNN.err, NNN.pdf, NNN.txt.
# pdftotext -raw keeps the order the renderer drew in; its default layout
# analysis takes widely spaced justified words for columns and reorders them.
jobs=$(nproc 2>/dev/null || echo 2)
[ "$jobs" -ge 2 ] || jobs=2
start=$(date +%s)
ls "$dir" | sed -n 's/\.md$//p' | xargs -P "$jobs" -n 16 sh -c '
	dir=$1
	shift
	for n; do
		"$HEJAPACK" pdf "$dir/$n.md" -o "$dir/$n.pdf" >/dev/null 2>"$dir/$n.err"
		echo $? >"$dir/$n.rc"
		if [ -s "$dir/$n.pdf" ]; then
			pdftotext -q -raw -enc UTF-8 "$dir/$n.pdf" "$dir/$n.txt" || echo "pdftotext failed" >>"$dir/$n.err"
		fi
	done
' render "$dir"
echo "rendered in $(( $(date +%s) - start ))s with $jobs jobs"

python3 tests/commonmark/spec_examples.py compare "$dir"
