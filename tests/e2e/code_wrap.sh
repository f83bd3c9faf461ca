# Code lines wider than the measure (issue 17, point 7): a long line is cut
# after a space or one of / - _ . , (the last that fits, when it is at least
# 40% into the width) and at the exact column only when no such point is in
# reach; its pieces stay inside the text block; the continuation mark is
# drawn, not text; and text extraction gives each source line once, whole
# (the pieces are one ActualText span), tagged or not.
. tests/e2e/_lib

python3 - "$OUT/code.md" "$OUT/lines.txt" <<'PY'
import sys
lines = [
    "cp /srv/material/exercises/behovsintervju/bilder/originalbilder/intervjuguide-version-tva.png /tmp/kopior/",
    "resultat = berakna_prioriteringsmatrisens_sammanvagda_varde(deltagarnas_svar, viktningsfaktor_for_gruppen)",
    "heja.material.exercises.behovsintervju.steps.first.duration.minutes.default.value.override.setting = 45",
    # No break point at all, and long enough to be cut twice: the first
    # two pieces give the widths of a first line and of a continuation.
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789" * 3,
    "echo 'Översiktlig bedömning av åtgärder för ändrade förhållanden i växande städer och små kommuner' > får.txt",
    "hejapack build --handouts --print-shop --previous=heja-material-0.9.0.zip --output-directory=utdata-tryckeri",
    "kurs, datum, plats, ansvarig, deltagare, anteckningar, uppföljning, kostnad, status, nästa steg, kommentar",
    # Its only break points are too far back to be worth taking.
    "x = Kommunfullmaktigeledamoternasinnovationsledarskapsutbildningsprogrammetsdeltagarforteckningen",
    "kort rad",
    "ÅÄÖåäöÅÄÖåäö" * 10,
]
indented = [
    "git clone https://example.org/heja/material-repository-with-a-rather-long-name.git ~/arbete/heja-kopia",
    "for fil in rapporter/*.md; do hejapack pdf \"$fil\" -o \"pdf/$(basename \"$fil\" .md).pdf\"; done",
]
with open(sys.argv[1], "w") as f:
    f.write("# Kodrader\n\nEtt stycke före koden.\n\n```\n")
    f.write("".join(l + "\n" for l in lines))
    f.write("```\n\nOch ett indraget block:\n\n")
    f.write("".join("    " + l + "\n" for l in indented))
    f.write("\nSlut.\n")
with open(sys.argv[2], "w") as f:
    f.write("".join(l + "\n" for l in lines + indented))
PY

for paper in A4 A5; do
	pdf="$OUT/code-$paper.pdf"
	"$HEJAPACK" -q pdf --paper $paper "$OUT/code.md" -o "$pdf" --dump "$OUT/code-$paper.dump" \
		> "$OUT/code-$paper.log" 2>&1
	check "$paper: the long code lines typeset" test -s "$pdf"

	# The pieces, found in the dump by rebuilding each source line from the
	# text items of the Code elements, checked against the break rule on
	# their own: the widths come from the line with no break point.
	python3 - "$OUT/code-$paper.dump" "$OUT/lines.txt" > "$OUT/breaks-$paper.txt" 2>&1 <<'PY'
import math, re, sys
BREAK = set(" /-_.,")
REACH = 0.4
dump = open(sys.argv[1], encoding="utf-8").read().splitlines()
lines = open(sys.argv[2], encoding="utf-8").read().splitlines()
code = {m.group(1) for m in (re.match(r"struct (\d+) Code ", l) for l in dump) if m}
items = [m.group(1) for m in (re.match(r'  text [-\d. ]+ face \d+ size [\d.]+ "(.*)" <(\d+)>', l) for l in dump)
         if m and m.group(2) in code]
bad = 0
def fail(msg):
    global bad
    bad += 1
    print("FAILED: " + msg)
pieces, k = [], 0
for line in lines:
    got = []
    while "".join(got) != line and k < len(items) and line.startswith("".join(got) + items[k]):
        got.append(items[k])
        k += 1
    if "".join(got) != line:
        fail("the pieces do not rebuild %r (next item %r)" % (line, items[k] if k < len(items) else None))
        sys.exit(1)
    pieces.append(got)
if k != len(items):
    fail("%d code text items left over" % (len(items) - k))
nobreak = pieces[3]
if len(nobreak) < 3:
    fail("the line without break points is not cut twice: %r" % nobreak)
    sys.exit(1)
width = [len(nobreak[0]), len(nobreak[1])]  # first line, continuation
print("columns: %d, then %d" % tuple(width))
cuts = 0
for line, got in zip(lines, pieces):
    for i, p in enumerate(got):
        w = width[min(i, 1)]
        if len(p) > w:
            fail("%r is %d characters, wider than %d" % (p, len(p), w))
        if i + 1 == len(got):
            continue
        cuts += 1
        rest = "".join(got[i + 1:])
        if p[-1] in BREAK:
            if len(p) < REACH * w:
                fail("%r / %r: cut too far back (%d of %d)" % (p, rest[:10], len(p), w))
            later = [c for c in rest[:w - len(p)] if c in BREAK]
            if later:
                fail("%r / %r: a later break point fits (%r)" % (p, rest[:10], later[0]))
        else:
            if len(p) != w:
                fail("%r / %r: cut mid-word short of the column" % (p, rest[:10]))
            reach = [c for c in p[math.ceil(REACH * w) - 1:] if c in BREAK]
            if reach:
                fail("%r / %r: cut mid-word with a break point in reach (%r)" % (p, rest[:10], reach[-1]))
print("%d cuts in %d lines, %d problems" % (cuts, len(lines), bad))
sys.exit(1 if bad or cuts < len(lines) - 1 else 0)
PY
	check "$paper: every cut is after the last break point in reach, or at the column when none is" \
		test $? -eq 0
	cat "$OUT/breaks-$paper.txt"

	python3 tests/e2e/text_block.py "$pdf" > "$OUT/block-$paper.txt" 2>&1
	check "$paper: no glyph outside the text block (pdftotext -bbox)" test $? -eq 0
	tail -n 3 "$OUT/block-$paper.txt"
	python3 tests/e2e/tagged_check.py "$pdf" > "$OUT/tagged-$paper.txt" 2>&1
	check "$paper: the tags stay valid and read as the page does" test $? -eq 0
	head -n 5 "$OUT/tagged-$paper.txt"

	# What a reader copies: every source line once and whole, in both of
	# poppler's reading models, and nothing of the continuation mark.
	"$HEJAPACK" -q pdf --paper $paper --print-shop "$OUT/code.md" -o "$OUT/code-$paper-ps.pdf" > /dev/null 2>&1
	for copy in "$pdf" "$OUT/code-$paper-ps.pdf"; do
		for mode in "" -layout; do
			pdftotext $mode "$copy" "$OUT/text.txt"
			python3 - "$OUT/text.txt" "$OUT/lines.txt" > "$OUT/extract.txt" 2>&1 <<'PY'
import sys
text = open(sys.argv[1], encoding="utf-8").read()
got = [l.strip() for l in text.splitlines()]
bad = 0
for line in open(sys.argv[2], encoding="utf-8").read().splitlines():
    if got.count(line) != 1:
        bad += 1
        print("FAILED: %r is extracted %d times as a line" % (line, got.count(line)))
if "\u2192" in text:
    bad += 1
    print("FAILED: the continuation mark is extracted as text")
sys.exit(1 if bad else 0)
PY
			check "$paper: $(basename "$copy") (pdftotext $mode) gives each code line once, whole, without a mark" \
				test $? -eq 0
			head -n 4 "$OUT/extract.txt"
		done
	done
	# MuPDF 1.21 reads no ActualText: it shows the pieces as lines, but
	# still without the mark.
	mutool draw -q -F txt -o "$OUT/mutool.txt" "$pdf" 2>/dev/null
	check "$paper: mutool's text holds no continuation mark" sh -c \
		"test -s '$OUT/mutool.txt' && ! grep -q '→' '$OUT/mutool.txt'"
done
finish
