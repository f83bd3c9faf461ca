# Images: 16-bit PNG with alpha, grey, palette with transparency and JPEG are
# embedded as 8-bit images without soft masks (PDF/A-1 has no transparency),
# with transparent pixels flattened onto white, scaled into the measure.
. tests/e2e/_lib
python3 tests/e2e/make_images.py "$OUT/img"
# A JPEG, made by poppler from a one-page PDF of ours.
printf '# Bild\n\nEn sida att fotografera.\n' > "$OUT/img/src.md"
"$HEJAPACK" -q pdf "$OUT/img/src.md" -o "$OUT/img/src.pdf"
pdftoppm -r 20 -jpeg -singlefile "$OUT/img/src.pdf" "$OUT/img/photo"
cat > "$OUT/img/doc.md" <<'MD'
# Bilder

![Röd och genomskinlig, 16 bitar](rgba16.png)

![Gråskala](grey8.png)

![Palett med genomskinlig färg](palette.png)

![Ett foto i JPEG](photo.jpg)
MD
"$HEJAPACK" pdf "$OUT/img/doc.md" -o "$OUT/img/doc.pdf" > "$OUT/pdf.log" 2>&1
check "a document with four kinds of image typesets" test -s "$OUT/img/doc.pdf"
pdfimages -list "$OUT/img/doc.pdf" > "$OUT/list.txt"
cat "$OUT/list.txt"
check "four images embedded" sh -c "[ \$(tail -n +3 '$OUT/list.txt' | grep -c image) -eq 4 ]"
check "no soft mask (no transparency)" sh -c "! tail -n +3 '$OUT/list.txt' | grep -q smask"
check "every image has 8 bits per component" sh -c "tail -n +3 '$OUT/list.txt' | awk '{print \$8}' | sort -u | grep -qx 8"
check "the JPEG is passed through as DCT" sh -c "tail -n +3 '$OUT/list.txt' | grep -q jpeg"
mkdir -p "$OUT/x" && pdfimages "$OUT/img/doc.pdf" "$OUT/x/img"
check "16-bit alpha image: opaque half red, transparent half white" python3 -c "
import sys
data = open(sys.argv[1], 'rb').read()
# Binary PPM: P6, width, height, maxval, then RGB bytes.
parts = data.split(None, 4)
assert parts[0] == b'P6', parts[0]
w, h, maxval, pixels = int(parts[1]), int(parts[2]), int(parts[3]), parts[4]
assert maxval == 255
row = pixels[3 * w * (h // 2): 3 * w * (h // 2 + 1)]
left, right = tuple(row[6:9]), tuple(row[3 * (w - 3): 3 * (w - 2)])
assert left == (255, 0, 0), left
assert right == (255, 255, 255), right
" "$OUT/x/img-000.ppm"
check "palette image: transparent entry flattened onto white" python3 -c "
import sys
parts = open(sys.argv[1], 'rb').read().split(None, 4)
w, h, pixels = int(parts[1]), int(parts[2]), parts[4]
row = pixels[3 * w * (h // 2): 3 * w * (h // 2 + 1)]
assert tuple(row[0:3]) == (0, 0, 255), tuple(row[0:3])
assert tuple(row[3 * (w - 1):]) == (255, 255, 255), tuple(row[3 * (w - 1):])
" "$OUT/x/img-002.ppm"
check "grey image comes back sample for sample (hejapack's own compression is lossless)" python3 -c "
import sys
parts = open(sys.argv[1], 'rb').read().split(None, 4)
w, h, pixels = int(parts[1]), int(parts[2]), parts[4]
# pdfimages writes grey as PPM: three equal samples per pixel.
grey = pixels[::3] if parts[0] == b'P6' else pixels
assert grey == bytes(range(0, 256, 4)) * h, (parts[0], w, h)
" "$OUT/x/img-001.ppm"
check "alt texts are shown as captions" sh -c "pdftotext '$OUT/img/doc.pdf' - | grep -q 'Palett med genomskinlig färg'"
check "PDF/A structure holds with images" python3 tests/e2e/pdfa_check.py "$OUT/img/doc.pdf"

# An alternative text of 100 000 characters: the structure tree's /Alt is
# cut (with an ellipsis) to what a PDF string may hold, as the document's
# title is, and the file is whole (libharu's string limit once ended the
# run with exit 3).
mkdir -p "$OUT/longalt"
cp "$OUT/img/grey8.png" "$OUT/longalt/f.png"
python3 -c "
import sys
open(sys.argv[1], 'w').write('# Bild\\n\\n![' + 'lång beskrivning ' * 6000 + '](f.png)\\n\\nText.\\n')
" "$OUT/longalt/a.md"
"$HEJAPACK" -q pdf "$OUT/longalt/a.md" -o "$OUT/longalt/a.pdf"
check "a figure with a 100 000-character alternative text typesets" test $? -eq 0
check "  into a whole file" qpdf --check "$OUT/longalt/a.pdf"
check "  whose /Alt holds at most 32 000 characters, ending in an ellipsis" sh -c "qpdf --json '$OUT/longalt/a.pdf' | python3 -c \"
import json, sys
alts = [v['value']['/Alt'] for v in json.load(sys.stdin)['qpdf'][1].values()
        if isinstance(v, dict) and isinstance(v.get('value'), dict) and '/Alt' in v['value']]
assert len(alts) == 1 and len(alts[0]) <= 32002 and alts[0].endswith('\u2026'), [len(a) for a in alts]
\""
finish
