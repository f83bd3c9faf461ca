# Print-shop PDFs (`pdf --print-shop`, `build --print-shop`): every page has
# 3 mm of bleed and crop marks outside it, MediaBox, BleedBox and TrimBox as
# pdfinfo -box reads them, colour areas at the trim edge run into the bleed,
# colours are drawn with the palette's CMYK values, and the file does not
# claim PDF/A (DeviceCMYK beside an sRGB output intent is not allowed).
. tests/e2e/_lib
fast=${HEJAPACK_FAST:-$HEJAPACK}
report=material/reports/projektrapport.md  # a report with a cover (the band reaches the trim edge)

# boxes PDF NAME: the distinct values of box NAME over all pages.
boxes() {
	pdfinfo -box -f 1 -l 999 "$1" | sed -n "s/^Page *[0-9]* *$2: *//p" | tr -s ' ' | sort -u
}

"$HEJAPACK" pdf --print-shop "$report" -o "$OUT/ps.pdf" > "$OUT/ps.log" 2>&1
check "pdf --print-shop writes the PDF" test -s "$OUT/ps.pdf"
"$HEJAPACK" -q pdf "$report" -o "$OUT/plain.pdf" > /dev/null 2>&1
pages=$(pdfinfo "$OUT/ps.pdf" | awk '/^Pages:/ { print $2 }')
check "the same number of pages as the plain PDF ($pages)" \
	test "$pages" -eq "$(pdfinfo "$OUT/plain.pdf" | awk '/^Pages:/ { print $2 }')"

# A4 is 595.28 x 841.89 pt; the page grows 10 mm (28.35 pt) on each side;
# the bleed is 3 mm (8.50 pt) beyond the trim.
check "MediaBox on every page: A4 plus 10 mm a side" test "$(boxes "$OUT/ps.pdf" MediaBox)" = "0.00 0.00 651.97 898.58"
check "TrimBox on every page: the A4 page" test "$(boxes "$OUT/ps.pdf" TrimBox)" = "28.35 28.35 623.62 870.24"
check "BleedBox on every page: 3 mm beyond the trim" test "$(boxes "$OUT/ps.pdf" BleedBox)" = "19.84 19.84 632.13 878.74"
check "the plain PDF keeps trim = media = A4" test "$(boxes "$OUT/plain.pdf" TrimBox)" = "0.00 0.00 595.28 841.89"

"$HEJAPACK" -q pdf --print-shop --paper Letter "$report" -o "$OUT/ps-letter.pdf" > /dev/null 2>&1
check "Letter: TrimBox is the Letter page" test "$(boxes "$OUT/ps-letter.pdf" TrimBox)" = "28.35 28.35 640.35 820.35"
check "Letter: BleedBox" test "$(boxes "$OUT/ps-letter.pdf" BleedBox)" = "19.84 19.84 648.85 828.85"
check "Letter: MediaBox" test "$(boxes "$OUT/ps-letter.pdf" MediaBox)" = "0.00 0.00 668.69 848.69"

# The text is still there, where it was relative to the trim.
check "the text reads the same" sh -c "pdftotext '$OUT/ps.pdf' - | grep -q 'Projektrapport'"

# Colours: CMYK operators only; no PDF/A claim or sRGB output intent.
qpdf --qdf --object-streams=disable "$OUT/ps.pdf" "$OUT/ps-qdf.pdf"
qpdf --qdf --object-streams=disable "$OUT/plain.pdf" "$OUT/plain-qdf.pdf"
check "fills are set with CMYK (k)" grep -aqE '^[0-9. ]+ k$' "$OUT/ps-qdf.pdf"
check "crop marks are stroked in registration colour (1 1 1 1 K)" grep -aqE '^1 1 1 1 K$' "$OUT/ps-qdf.pdf"
check "no RGB colour operator is left" sh -c "! grep -aqE '^[0-9. ]+ (rg|RG)\$' '$OUT/ps-qdf.pdf'"
check "the plain PDF draws in RGB" grep -aqE '^[0-9. ]+ rg$' "$OUT/plain-qdf.pdf"
check "no sRGB output intent in the print-shop PDF" sh -c "! grep -aq '/OutputIntents' '$OUT/ps-qdf.pdf'"
check "no PDF/A claim in its metadata" sh -c "! grep -aq 'pdfaid:part' '$OUT/ps-qdf.pdf'"
check "the plain PDF keeps its PDF/A output intent" grep -aq '/OutputIntents' "$OUT/plain-qdf.pdf"

# Look at the rendered pages: 4 pixels per point, so a point is (4x, 4y).
for page in 1 2; do
	pdftoppm -r 288 -gray -f $page -l $page -singlefile "$OUT/ps.pdf" "$OUT/ps-$page"
done
cat > "$OUT/pixel.py" <<'EOF'
import sys
# pixel.py PGM PAGE_HEIGHT_PT X_PT Y_PT [X2_PT Y2_PT]: the darkest gray (0
# black .. 255 white) at a PDF point, or along the segment to a second one.
def read(path):
    data = open(path, 'rb').read()
    fields, pos = [], 0
    while len(fields) < 4:
        while data[pos:pos + 1].isspace():
            pos += 1
        if data[pos:pos + 1] == b'#':
            pos = data.index(b'\n', pos)
            continue
        end = pos
        while not data[end:end + 1].isspace():
            end += 1
        fields.append(data[pos:end])
        pos = end
    w, h = int(fields[1]), int(fields[2])
    return w, h, data[pos + 1:]
w, h, px = read(sys.argv[1])
page_h = float(sys.argv[2])
pts = [float(v) for v in sys.argv[3:]]
x0, y0 = pts[0], pts[1]
x1, y1 = (pts[2], pts[3]) if len(pts) > 2 else (x0, y0)
darkest = 255
steps = int(max(abs(x1 - x0), abs(y1 - y0)) * 4) + 1
for i in range(steps + 1):
    x = x0 + (x1 - x0) * i / steps
    y = y0 + (y1 - y0) * i / steps
    for dx in (-1, 0, 1):
        for dy in (-1, 0, 1):
            col, row = int(round(x * 4)) + dx, int(round((page_h - y) * 4)) + dy
            if 0 <= col < w and 0 <= row < h:
                darkest = min(darkest, px[row * w + col])
print(darkest)
EOF
px() { python3 "$OUT/pixel.py" "$OUT/ps-$1.pgm" 898.58 "$2" "$3" ${4:+"$4"} ${5:+"$5"}; }
dark() { test "$(px "$@")" -lt 128; }
white() { test "$(px "$@")" -ge 250; }
# Page 2 has nothing at its edges: only the marks stand outside the trim.
# The top-left corner's horizontal mark runs along y = 870.24 from x = 5.67
# to 19.84; its vertical mark along x = 28.35 from y = 878.74 to 892.91.
check "top-left horizontal crop mark" dark 2 7 870.24 18.5 870.24
check "top-left vertical crop mark" dark 2 28.35 880 28.35 891.5
check "bottom-right horizontal crop mark" dark 2 634 28.35 645 28.35
check "bottom-right vertical crop mark" dark 2 623.62 7 623.62 18
check "no mark inside the bleed (left of the trim at its top edge)" white 2 21 870.24 27 870.24
check "no mark on the trimmed page's corner" white 2 30 868
# Page 1 is the cover: its band runs across the top edge into the bleed.
check "the cover band reaches the top bleed edge" dark 1 300 877.5
check "and the left one" dark 1 21 860
check "but stops at the bleed box" white 1 300 882
check "and at the left bleed edge" white 1 17 860

# build --print-shop: every PDF, handouts too, and the bundle verifies.
SOURCE_DATE_EPOCH=1709251200 "$fast" -q build --print-shop --handouts -o "$OUT/build" > "$OUT/build.log" 2>&1
zip=$OUT/build/heja-material-1.0.0-handouts-print.zip
check "build --print-shop --handouts succeeds, named for its variant" test -s "$zip"
unzip -p "$zip" heja-material-1.0.0-handouts-print/bag-info.txt > "$OUT/bag-info.txt"
check "bag-info.txt says the PDFs are not PDF/A" sh -c "grep -qx 'PDF-Archival-Format: none' '$OUT/bag-info.txt' && grep -qx 'External-Identifier: heja-material-1.0.0-handouts-print' '$OUT/bag-info.txt'"
check "manifest.json says so too" python3 -c "
import json, sys
v = json.load(sys.stdin)['variant']
assert v == {'name': 'handouts-print', 'paper': 'A4', 'handouts': True, 'print_shop': True, 'pdfa': 'none', 'tagged': False}, v
" < "$(unzip -p "$zip" heja-material-1.0.0-handouts-print/manifest.json > "$OUT/m.json"; echo "$OUT/m.json")"
check "and README.txt" sh -c "unzip -p '$zip' heja-material-1.0.0-handouts-print/README.txt | grep -q '^  Arkivformat  *inte PDF/A'"
for pdf in ovningar/framtid.pdf rapporter/projektrapport.pdf katalog.pdf handouts/prioriteringsmatris.pdf; do
	check "$pdf has the trim box" test "$(boxes "$OUT/build/pdf/$pdf" TrimBox)" = "28.35 28.35 623.62 870.24"
done
check "the print-shop bundle verifies" "$fast" verify "$zip"
SOURCE_DATE_EPOCH=1709251200 "$fast" -q build --print-shop -o "$OUT/again" > /dev/null 2>&1
check "print-shop PDFs are reproducible" cmp "$OUT/build/pdf/rapporter/projektrapport.pdf" "$OUT/again/pdf/rapporter/projektrapport.pdf"

"$HEJAPACK" pdf --print-shop --booklet "$report" -o "$OUT/both.pdf" > "$OUT/both.log" 2>&1
status=$?
check "--print-shop with --booklet is a usage error (2)" test "$status" -eq 2
check "that writes nothing" test ! -e "$OUT/both.pdf"
finish
