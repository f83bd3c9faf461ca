#!/bin/bash
# Regenerates every font in fonts/ (and fonts/OFL.txt) from Debian's
# fonts-noto-core, using Debian's pyftsubset (fonttools).
#
# Usage: fonts/make-fonts.sh        (from any directory)
#
# The output depends only on the input files and the fonttools version:
# pyftsubset keeps head.modified as in the source (--no-recalc-timestamp),
# so running the script twice gives byte-identical files.
set -euo pipefail

SRC_DIR=${NOTO_DIR:-/usr/share/fonts/truetype/noto}
COPYRIGHT_FILE=/usr/share/doc/fonts-noto-core/copyright
OUT_DIR=$(cd "$(dirname "$0")" && pwd)
# Debian's fonttools lives in the system Python, whatever python3 is first in PATH.
FONTTOOLS_PYTHON=/usr/bin/python3

# Swedish/English/Nordic/Western European text. Besides the Latin blocks and
# punctuation, the typographic spaces U+2000-200A and U+202F (narrow no-break space,
# used as the thousands separator in Swedish) are kept. Code points a face lacks
# are silently skipped by pyftsubset; the layout takes them from fonts/fallback/.
LATIN_UNICODES='U+0020-007E,U+00A0-00FF,U+0100-017F,U+2000-200A,U+2010-2027,U+202F,U+2030-203A,U+2044,U+20AC,U+2122,U+2190-2193,U+2212,U+00D7,U+2264,U+2265,U+2713,U+25A1,U+25CF,U+FFFD'

BODY_FACES='NotoSerif-Regular NotoSerif-Italic NotoSerif-Bold NotoSerif-BoldItalic NotoSans-Regular NotoSans-Bold NotoSansMono-Regular'

# Common options:
#  - only the kern feature: libharu draws by code point (CID = Unicode), so
#    substitutions (ligatures etc.) could never be used; GPOS kern is what the
#    layout reads.
#  - no hinting (PDF viewers hint themselves; halves the size of a full face).
#  - name IDs 0-14 in English: copyright (0), trademark (7) and licence
#    description/URL (13, 14) stay inside the file, as the OFL asks.
#  - .notdef keeps its outline, so a missing glyph shows as a box.
#  - no PS glyph names (post format 3): nothing here needs them.
#  - MATH is dropped: hejapack does no math layout.
COMMON_OPTS=(
	--layout-features=kern
	--no-hinting
	--name-IDs=0,1,2,3,4,5,6,7,8,9,10,11,12,13,14
	--name-languages=0x0409
	--no-name-legacy
	--notdef-glyph
	--notdef-outline
	--no-glyph-names
	--no-recalc-timestamp
	--no-recalc-bounds
	--drop-tables+=MATH
)

command -v pyftsubset >/dev/null || { echo "make-fonts.sh: pyftsubset not found (apt-get install fonttools)" >&2; exit 1; }
[ -r "$COPYRIGHT_FILE" ] || { echo "make-fonts.sh: $COPYRIGHT_FILE not found (apt-get install fonts-noto-core)" >&2; exit 1; }

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/fallback"

subset() { # subset SOURCE-FACE OUTPUT-PATH UNICODES
	local src="$SRC_DIR/$1.ttf"
	[ -r "$src" ] || { echo "make-fonts.sh: $src not found" >&2; exit 1; }
	pyftsubset "$src" --output-file="$2" --unicodes="$3" "${COMMON_OPTS[@]}"
}

for face in $BODY_FACES; do
	subset "$face" "$WORK/$face.ttf" "$LATIN_UNICODES"
done
# Fallback faces: every code point the source covers in the BMP, same
# treatment otherwise. libharu 2.3.0 draws nothing above U+FFFF (it becomes a
# space), so those glyphs would be dead weight: dropping them shrinks Symbols2
# from 626 KB to 149 KB and Math from 323 KB to 128 KB.
BMP='U+0000-FFFF'
subset NotoSans-Regular "$WORK/fallback/NotoSans-Full.ttf" "$BMP"
# libharu 2.3.0 keys loaded fonts by PostScript name: a second font named
# NotoSans-Regular would silently be replaced by the Latin subset loaded first
# (Greek would then measure and draw as .notdef). So the full face is renamed.
"$FONTTOOLS_PYTHON" - "$WORK/fallback/NotoSans-Full.ttf" <<'PY'
import sys
from fontTools.ttLib import TTFont
font = TTFont(sys.argv[1], recalcTimestamp=False)
name = font["name"]
for record in list(name.names):
    if record.nameID in (1, 3, 4, 6, 16):
        renamed = record.toUnicode().replace("Noto Sans", "Noto Sans Full").replace("NotoSans-", "NotoSansFull-")
        name.setName(renamed, record.nameID, record.platformID, record.platEncID, record.langID)
font.save(sys.argv[1])
PY
subset NotoSansSymbols2-Regular "$WORK/fallback/NotoSansSymbols2-Regular.ttf" "$BMP"
subset NotoSansMath-Regular "$WORK/fallback/NotoSansMath-Regular.ttf" "$BMP"

# Composite glyphs (å = a + ring, ...) are drawn out as plain outlines:
# libharu 2.3.0's subsetter keeps a composite but can drop its components
# (seen with Noto Sans Mono: "å" printed as "a"), so no glyph may depend on
# another.
"$FONTTOOLS_PYTHON" - "$WORK"/*.ttf "$WORK"/fallback/*.ttf <<'PY'
import sys
from fontTools.ttLib import TTFont
from fontTools.pens.recordingPen import DecomposingRecordingPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
for path in sys.argv[1:]:
    font = TTFont(path, recalcTimestamp=False)
    glyf = font["glyf"]
    glyphs = font.getGlyphSet()
    changed = False
    for name in glyf.keys():
        if not glyf[name].isComposite():
            continue
        recording = DecomposingRecordingPen(glyphs)
        glyphs[name].draw(recording)
        pen = TTGlyphPen(None)
        recording.replay(pen)
        glyph = pen.glyph()
        glyph.recalcBounds(glyf)
        glyf[name] = glyph
        changed = True
    if changed:
        font.save(path)
PY

# libharu 2.3.0 writes an embedded subset with every table it requires, an
# empty one for each the font lacks, 'prep' last, and then seeks to each
# table's start to sum it. Without hinting 'prep' is empty and starts at the
# subset's end: when that end falls on a multiple of libharu's 4096-byte
# stream buffer the seek fails and the whole PDF with it (error 0x1033,
# about one font in a thousand, depending on the glyphs a document draws).
# A 'prep' of one harmless instruction pair (push 0, pop) keeps that seek
# inside the data.
"$FONTTOOLS_PYTHON" - "$WORK"/*.ttf "$WORK"/fallback/*.ttf <<'PY'
import sys
from fontTools.ttLib import TTFont, newTable
from fontTools.ttLib.tables import ttProgram
for path in sys.argv[1:]:
    font = TTFont(path, recalcTimestamp=False)
    program = ttProgram.Program()
    program.fromBytecode(b"\xb0\x00\x21")
    prep = newTable("prep")
    prep.program = program
    font["prep"] = prep
    font.save(path)
PY

# OFL.txt: the copyright notices of the source faces, then the licence text as
# Debian's copyright file carries it (paragraph breaks are " ." lines there).
{
	echo "Fonts in this folder (see README.md):"
	echo
	for face in $BODY_FACES NotoSansSymbols2-Regular NotoSansMath-Regular; do
		notice=$("$FONTTOOLS_PYTHON" -c 'import sys
from fontTools.ttLib import TTFont
print(TTFont(sys.argv[1])["name"].getDebugName(0))' "$SRC_DIR/$face.ttf")
		printf '%s: %s\n' "$face" "$notice"
	done
	echo
	echo "This Font Software is licensed under the SIL Open Font License, Version 1.1."
	echo "No Reserved Font Name is declared for these fonts."
	echo
	echo "-----------------------------------------------------------"
	echo "SIL OPEN FONT LICENSE Version 1.1 - 26 February 2007"
	echo "-----------------------------------------------------------"
	echo
	awk '
		# the stand-alone licence paragraph, not the License: field of a Files: stanza
		after_blank && /^License: OFL-1.1$/ { inside = 1; next }
		inside && !/^ / { exit }
		inside { sub(/^ /, ""); if ($0 == ".") $0 = ""; print }
		{ after_blank = ($0 == "") }
	' "$COPYRIGHT_FILE"
} >"$WORK/OFL.txt"
grep -q "PERMISSION & CONDITIONS" "$WORK/OFL.txt" || { echo "make-fonts.sh: OFL text not found in $COPYRIGHT_FILE" >&2; exit 1; }

mkdir -p "$OUT_DIR/fallback"
for f in $BODY_FACES; do
	mv "$WORK/$f.ttf" "$OUT_DIR/$f.ttf"
done
mv "$WORK"/fallback/*.ttf "$OUT_DIR/fallback/"
mv "$WORK/OFL.txt" "$OUT_DIR/OFL.txt"

echo "make-fonts.sh: fonts-noto-core $(dpkg-query -W -f='${Version}' fonts-noto-core 2>/dev/null || echo '?')," \
	"fonttools $(dpkg-query -W -f='${Version}' fonttools 2>/dev/null || echo '?')"
(cd "$OUT_DIR" && ls -l ./*.ttf fallback/*.ttf OFL.txt)
