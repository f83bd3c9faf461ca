# Broken and hostile images (tests/hostile/images.py, and a real JPEG cut
# short): a truncated PNG, one with a bad CRC, one too large, a 150-byte
# PNG claiming a 2 GB chunk and 8000 x 8000 pixels, one too short for its
# pixels; CMYK, 12-bit, five-component, arithmetic-coded, cut and
# bad-marker JPEGs. In a lone file each is a warning at the LINE:COL of
# the image, shown as its alternative text and not embedded; in a material
# each is an error there for check and build, and a failed build leaves
# the output directory as it was. No image costs more than 100 MB.
. tests/e2e/_lib
set -u
export SOURCE_DATE_EPOCH=1700000000
fast=${HEJAPACK_FAST:-$HEJAPACK}
img="$OUT/img"
python3 tests/hostile/images.py "$img"
# A real JPEG (poppler's, of a page of ours), whole and cut short.
printf '# Foto\n\nEn sida att fotografera.\n' > "$OUT/photo.md"
"$HEJAPACK" -q pdf "$OUT/photo.md" -o "$OUT/photo.pdf"
pdftoppm -r 30 -jpeg -singlefile "$OUT/photo.pdf" "$img/photo"
python3 -c "
import sys
d = open(sys.argv[1], 'rb').read()
open(sys.argv[2], 'wb').write(d[: len(d) * 6 // 10])
" "$img/photo.jpg" "$img/cutscan.jpg"
for name in photo cutscan; do
	printf '# Bild\n\n![Bild](%s.jpg)\n\nText efter bilden.\n' $name > "$img/$name.md"
done

broken="truncated.png badcrc.png oversized.png bomb.png short.png cmyk.jpg twelve.jpg five.jpg arith.jpg cut.jpg badmarker.jpg cutscan.jpg"
for file in good.png photo.jpg; do
	stem=${file%.*}
	"$HEJAPACK" pdf "$img/$stem.md" -o "$img/$stem.pdf" > "$img/$stem.log" 2>&1
	check "$file: typesets" test -s "$img/$stem.pdf"
	check "$file: embedded" sh -c "[ \$(pdfimages -list '$img/$stem.pdf' | tail -n +3 | wc -l) -eq 1 ]"
done
for file in $broken; do
	stem=${file%.*}
	"$HEJAPACK" pdf "$img/$stem.md" -o "$img/$stem.pdf" > "$img/$stem.log" 2>&1
	echo $? > "$img/$stem.status"
	check "$file in a lone file: exit 0" grep -qx 0 "$img/$stem.status"
	check "$file in a lone file: a warning at 3:1 names the image" \
		grep -q "^$img/$stem.md:3:1: warning: image '$file' " "$img/$stem.log"
	check "$file in a lone file: not embedded" sh -c "[ \$(pdfimages -list '$img/$stem.pdf' | tail -n +3 | wc -l) -eq 0 ]"
	check "$file in a lone file: its alternative text is shown" sh -c "pdftotext '$img/$stem.pdf' - | grep -q 'Bild'"
done
grep -h "warning: image" "$img"/*.log

# Memory: the peak of the optimised build on each broken image.
check "no broken image costs more than 100 MB" python3 -c "
import os, resource, subprocess, sys
img, fast = sys.argv[1], sys.argv[2]
worst = 0
for name in sys.argv[3:]:
    stem = name.rsplit('.', 1)[0]
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    proc = subprocess.Popen([fast, '-q', 'pdf', os.path.join(img, stem + '.md'), '-o', os.path.join(img, 'm.pdf')],
                            stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    print(name, usage.ru_maxrss // 1024, 'MB')
    worst = max(worst, usage.ru_maxrss)
assert worst < 100 * 1024, worst
" "$img" "$fast" $broken

# In a material: check and build fail at the image's place; out/ untouched.
"$fast" -q build -C tests/fixtures/mini -o "$OUT/prev" > /dev/null 2>&1
snapshot() {
	(cd "$OUT/prev" && find . -type f | sort | xargs sha256sum)
}
snapshot > "$OUT/prev.before"
for file in truncated.png badcrc.png bomb.png cmyk.jpg twelve.jpg cutscan.jpg badmarker.jpg five.jpg; do
	m="$OUT/mat-$file"
	cp -r tests/fixtures/mini "$m"
	cp "$img/$file" "$m/figures/$file"
	sed -i "s|(../figures/figur.png)|(../figures/$file)|" "$m/exercises/alfa.md"
	"$fast" check -C "$m" > "$m.check.out" 2> "$m.check.err"
	echo $? > "$m.check.status"
	check "$file in a material: check exits 1" grep -qx 1 "$m.check.status"
	check "$file in a material: check names alfa.md:22:1" \
		grep -q "^$m/exercises/alfa.md:22:1: error: image '../figures/$file' " "$m.check.err"
	"$fast" -q build -C "$m" -o "$OUT/prev" > "$m.build.out" 2> "$m.build.err"
	echo $? > "$m.build.status"
	check "$file in a material: build exits 1" grep -qx 1 "$m.build.status"
	check "$file in a material: build leaves the output as it was" sh -c "snapshot() { (cd '$OUT/prev' && find . -type f | sort | xargs sha256sum); }; snapshot | cmp -s - '$OUT/prev.before'"
done
cat "$OUT"/mat-*.check.err

# `pdf` of one document decodes that document's figures only: the broken
# one is its error, not that of a document beside it in the material.
m="$OUT/mat-truncated.png"
"$fast" pdf "$m/exercises/alfa.md" -o "$OUT/alfa.pdf" > "$OUT/alfa.log" 2>&1
check "pdf of the document that shows the broken figure exits 1" test $? -eq 1
check "  naming alfa.md:22:1" grep -q "^$m/exercises/alfa.md:22:1: error: image '../figures/truncated.png' " "$OUT/alfa.log"
check "  and writes no PDF" test ! -e "$OUT/alfa.pdf"
"$fast" pdf "$m/exercises/beta.md" -o "$OUT/beta.pdf" > "$OUT/beta.log" 2>&1
check "pdf of a document beside it that shows no figure exits 0" test $? -eq 0
check "  and typesets it" sh -c "pdftotext '$OUT/beta.pdf' - | grep -q ."
finish
