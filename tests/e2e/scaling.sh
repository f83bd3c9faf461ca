# Hostile inputs laid out in linear time and memory (tests/hostile/scaling.py:
# one unbreakable word, runs of |a, * and <, a long code span, a long title,
# 10 000s of repeated or unknown front matter keys or of authors, a long link,
# a string of dashes or slashes; and the shapes of cmark's pathological
# tests: nested brackets, link openers, emphasis, block quotes and lists,
# list items, link reference definitions, unclosed backticks, a table-like
# paragraph of cells, a heading on every line; each at 100 kB and 1 MB; CPU ratio at most 20, memory
# growth per input byte bounded), in the optimised build. Then, in the
# sanitizer build, a long unbreakable string inside prose is set on lines
# that all fit the measure and keeps every character (it used to end in
# one line hundreds of thousands of points wide).
. tests/e2e/_lib
set -u
fast=${HEJAPACK_FAST:-$HEJAPACK}
python3 tests/hostile/scaling.py "$fast" "$OUT/scale" word pipes stars code title repeated unknown authors link angles dashes slashes \
	brackets linkopen emphasis quotes nestlist items refdefs backticks cells headings > "$OUT/scale.txt" 2>&1
status=$?
cat "$OUT/scale.txt"
check "every kind of hostile input scales linearly" test $status -eq 0

python3 -c "
import sys
s = 'abcdefghijklmnop' * 1250
open(sys.argv[1], 'w').write('# Lång\n\nOrd före strängen ' + s + ' och ord efter.\n\nEtt kort stycke.\n')
open(sys.argv[2], 'w').write(s)
" "$OUT/long.md" "$OUT/long.txt"
"$HEJAPACK" pdf "$OUT/long.md" -o "$OUT/long.pdf" --dump "$OUT/long.dump" > "$OUT/long.log" 2>&1
check "a 20 000-character string typesets" test -s "$OUT/long.pdf"
check "no line is too wide" sh -c "! grep -q 'too wide' '$OUT/long.log'"
check "every text run fits the 362.8 pt measure" python3 -c "
import re, sys
widths = [float(m.group(1)) for m in re.finditer(r'^  text \S+ \S+ (\S+) ', open(sys.argv[1]).read(), re.M)]
assert widths and max(widths) <= 363.0, max(widths)
" "$OUT/long.dump"
check "the string comes back whole from the PDF, in order" python3 -c "
import re, subprocess, sys
text = subprocess.run(['pdftotext', sys.argv[1], '-'], capture_output=True, text=True).stdout
# Without the running header (the title) and the footers (N av M).
lines = [l for l in text.split('\\n') if l.strip() != 'Lång' and not re.fullmatch(r'\\s*\\d+ av \\d+\\s*', l)]
joined = ''.join(''.join(lines).split())
assert open(sys.argv[2]).read() in joined
assert 'Ordföresträngen' in joined and 'ochordefter' in joined
" "$OUT/long.pdf" "$OUT/long.txt"
finish
