#!/bin/sh
# Renders before/after crops of issue 12's microtypography (point 3) into
# docs/images/typo-{report,exercise,text,compound}-{before,after}.png: "before" from
# hejapack as it was at commit 51b339f, before font expansion (92b1e45) and
# margin protrusion (a1feb4a), built in a scratch clone; "after" from
# out/build/hejapack. Each pair shows the same lines of the same input.
#   sh docs/typo-before-after.sh    (after `make`; needs git, pdftoppm, pdftotext)
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
tmp=${TMPDIR:-/tmp}/hejapack-typo-before-after
rm -rf "$tmp"
mkdir -p "$tmp"
trap 'rm -rf "$tmp"' EXIT
git clone -q "$root" "$tmp/old"
git -C "$tmp/old" checkout -q 51b339f
make -C "$tmp/old" -s out/build/hejapack > "$tmp/old-build.log" 2>&1
old=$tmp/old/out/build/hejapack
# The compounds' pair (4.) is against 4059e45, the last commit before the
# line breaker preferred their joints (52b410f).
git clone -q "$root" "$tmp/old-joints"
git -C "$tmp/old-joints" checkout -q 4059e45
make -C "$tmp/old-joints" -s out/build/hejapack > "$tmp/old-joints-build.log" 2>&1
old_joints=$tmp/old-joints/out/build/hejapack
new=$root/out/build/hejapack
export HEJAPACK_FONTS="$root/fonts" SOURCE_DATE_EPOCH=1709251200
img=$root/docs/images
res=120

# Crops LINES lines of a page's text column, starting with the line that holds
# WORD (found with pdftotext -bbox in this PDF, so each version is cropped
# where it set the word). The crop starts 2 pt above that line's box (or
# halfway to the line above, if nearer) and ends LINES line spacings lower,
# 0.7 pt into the next line's box, above its letters, so both versions get the
# same height; it is 392 pt wide (x 92-484 pt), so both edges of the 363 pt
# column show, and the marks hanging past them.
crop_lines() { # PDF PAGE WORD LINES OUT
	geom=$(pdftotext -f "$2" -l "$2" -bbox "$1" - | python3 -c '
import re, sys
word, n, res = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
boxes = [(float(a), float(b), w) for a, b, w in re.findall(
    r"yMin=\"([0-9.]+)\" xMax=\"[0-9.]+\" yMax=\"([0-9.]+)\">([^<]*)<", sys.stdin.read())]
lines = {}
for y0, y1, w in boxes:
    lines.setdefault(round(y0, 1), []).append((y1, w))
ys = sorted(lines)
top = [y for y in ys if any(w == word for _, w in lines[y])]
if not top:
    sys.exit("typo-before-after: %s not found" % word)
i = ys.index(top[0])
above = max(lines[ys[i - 1]])[0] if i > 0 else ys[i] - 12
lead = ys[i + 1] - ys[i]
y0 = max(ys[i] - 2, (above + ys[i]) / 2)
y1 = ys[i + n - 1] + lead + 0.7
s = res / 72
print(int(92 * s), int(y0 * s), int(392 * s), int((y1 - y0) * s))
' "$3" "$4" "$res")
	set -- "$@" $geom
	pdftoppm -r "$res" -f "$2" -l "$2" -x "$6" -y "$7" -W "$8" -H "$9" -png -singlefile "$1" "$5"
}

# set NAME INPUT: both versions set INPUT alone, into NAME-{before,after}.pdf.
set_both() {
	"$old" -q pdf "$2" -o "$tmp/$1-before.pdf"
	"$new" -q pdf "$2" -o "$tmp/$1-after.pdf"
}
# pair NAME PAGE WORD LINES: the crops of both versions.
pair() {
	crop_lines "$tmp/$1-before.pdf" "$2" "$3" "$4" "$img/typo-$1-before"
	crop_lines "$tmp/$1-after.pdf" "$2" "$3" "$4" "$img/typo-$1-after"
}

# 1. A report: a body paragraph of the project report (page 7, "Principerna
#    används ..."). Before, spaces of 3.5-4.4 pt in its first four lines and
#    2.6-3.0 pt in the next four; after, 2.6-3.1 pt, and the paragraph is one
#    line shorter (its last two words, below the crop before, end it after).
set_both report "$root/material/reports/projektrapport.md"
pair report 7 "Principerna" 8

# 2. An exercise: the opening paragraph of Trygghet i gruppen (page 1).
#    Before, four hyphenated lines in a row and spaces from 2.7 to 4.4 pt;
#    after, one hyphen, hanging into the margin, and 2.4-3.3 pt.
set_both exercise "$root/material/exercises/trygghet-i-gruppen.md"
pair exercise 1 "halvfärdiga" 6

# 3. A generated unseen text (gen_text.py, seed 12): paragraph P35 on page 5,
#    whose first line, before, had 11.8 pt spaces ("4 454 300 kronor" is
#    kept on one line and did not fit); after, the unit gives way (a soft
#    tie) and the number ends the first line.
python3 "$root/tests/e2e/gen_text.py" "$root/material" "$tmp/text.md" 12 > /dev/null
set_both text "$tmp/text.md"
pair text 5 "Skäligt" 8

# 4. Swedish compounds: the report on the follow-up research, page 7, the
#    paragraph that ends the project ("Projektet avslutades ..."). Before,
#    its second line ends "pro-" (pro-jektrapporten); after, "projekt-",
#    at the joint.
"$old_joints" -q pdf "$root/material/reports/foljeforskning.md" -o "$tmp/compound-before.pdf"
"$new" -q pdf "$root/material/reports/foljeforskning.md" -o "$tmp/compound-after.pdf"
pair compound 7 "avslutades" 3

for n in report exercise text compound; do
	for v in before after; do
		echo "docs/images/typo-$n-$v.png"
	done
done
