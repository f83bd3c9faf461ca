#!/bin/sh
# Renders the before/after crops of issue 17's typesetting fixes into
# docs/images/typeset-*-{before,after}.png: "before" from hejapack as it was
# at the parent of commit 78079d0 (built in a scratch clone), "after" from
# out/build/hejapack. Each pair shows the same input at the same place.
#   sh docs/before-after.sh    (after `make`; needs git, pdftoppm, pdftotext)
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
tmp=${TMPDIR:-/tmp}/hejapack-before-after
rm -rf "$tmp"
mkdir -p "$tmp"
git clone -q "$root" "$tmp/old"
git -C "$tmp/old" checkout -q 78079d0^
make -C "$tmp/old" -s out/build/hejapack > "$tmp/old-build.log" 2>&1
old=$tmp/old/out/build/hejapack
new=$root/out/build/hejapack
export HEJAPACK_FONTS="$root/fonts" SOURCE_DATE_EPOCH=1709251200
img=$root/docs/images

# 1. A paragraph's last line drawn wider than the measure (a generated text,
#    seed 7: the line ending in "möjligheten." on page 25).
python3 "$root/tests/e2e/gen_text.py" "$root/material" "$tmp/gen.md" 7 > /dev/null
"$old" -q pdf "$tmp/gen.md" -o "$tmp/gen-before.pdf"
"$new" -q pdf "$tmp/gen.md" -o "$tmp/gen-after.pdf"
# The crop is placed on that word, wherever each version set it.
crop_at_word() { # PDF PAGE WORD OUT
	y=$(pdftotext -f "$2" -l "$2" -bbox "$1" - | grep -F ">$3<" | head -n 1 | sed 's/.*yMax="\([0-9.]*\)".*/\1/')
	top=$(python3 -c "print(int((float('$y') - 68) * 110 / 72))")
	pdftoppm -r 110 -f "$2" -l "$2" -x 350 -y "$top" -W 400 -H 120 -png -singlefile "$1" "$4"
}
crop_at_word "$tmp/gen-before.pdf" 25 "möjligheten." "$img/typeset-lastline-before"
crop_at_word "$tmp/gen-after.pdf" 25 "möjligheten." "$img/typeset-lastline-after"

# 2 and 4. A ragged title on A5, cut mid-word before, hyphenated after; the
#    running head above a lone document's title is gone.
printf -- '---\ntitle: "Kommunfullmäktigeledamöternas innovationsledarskapsutbildning"\n---\n\n%s\n' \
	"En kort text under rubriken, som visar hur titeln bryts på en smal sida." > "$tmp/title.md"
for v in before after; do
	bin=$old
	[ $v = after ] && bin=$new
	"$bin" -q pdf --paper A5 "$tmp/title.md" -o "$tmp/title-$v.pdf"
	pdftoppm -r 110 -f 1 -l 1 -W 642 -H 330 -png -singlefile "$tmp/title-$v.pdf" "$img/typeset-title-$v"
done

# 3. The same level-4 heading six times: the space below it varied with
#    where it fell on the baseline grid (6.7, 1.9 ... 7.3 pt), now constant.
python3 - "$tmp/spacing.md" <<'PY'
import random, sys
random.seed(3)
words = "innovation kommun arbete grupp idé test ledning värde invånare förslag samtal".split()
parts = ["---\ntitle: Mellanrum\n---\n"]
for i in range(6):
    n = random.choice([18, 27, 35, 44])
    parts.append("#### Samma rubrik\n\n" + " ".join(random.choice(words) for _ in range(n)).capitalize() + ".\n")
open(sys.argv[1], "w", encoding="utf-8").write("\n".join(parts))
PY
for v in before after; do
	bin=$old
	[ $v = after ] && bin=$new
	"$bin" -q pdf --paper A5 "$tmp/spacing.md" -o "$tmp/spacing-$v.pdf"
	pdftoppm -r 100 -f 1 -l 1 -y 130 -W 580 -H 300 -png -singlefile "$tmp/spacing-$v.pdf" "$img/typeset-spacing-$v"
done
rm -rf "$tmp"
echo "docs/images/typeset-{lastline,title,spacing}-{before,after}.png written"
