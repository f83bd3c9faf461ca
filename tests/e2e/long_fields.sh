# Front matter too long for its place on the page: an exercise's title and
# lead question, a report's title, subtitle and author list (with and
# without a cover), the bundle's title on the catalogue, and a lone file's
# title. Each is set smaller or cut after a whole word with an ellipsis and
# a warning that names the file, so no word runs off its page or over
# another (before, the title pushed everything below it off the page and
# the author list on the cover was cut without a word). The HTML edition
# keeps each text whole.
. tests/e2e/_lib
set -u
export SOURCE_DATE_EPOCH=1709251200
fast=${HEJAPACK_FAST:-$HEJAPACK}
mat=$OUT/material
cp -r material "$mat"

python3 - "$mat" <<'PY'
import re, sys
mat = sys.argv[1]
words = "Innovationsledning i kommuner och regioner med stöd av medarbetare".split()
def long_text(n, first):
    return first + " " + " ".join(words[i % len(words)] for i in range(n))
def set_key(path, key, value):
    s = open(path, encoding="utf-8").read()
    s, k = re.subn(r"(?m)^%s:.*$" % key, lambda m: "%s: %s" % (key, value), s, count=1)
    assert k == 1, (path, key)
    open(path, "w", encoding="utf-8").write(s)
ex = mat + "/exercises/framtid.md"
set_key(ex, "title", '"%s"' % long_text(600, "Framtidsövningen"))
set_key(ex, "lead", '"%s"' % long_text(900, "Ledfrågan"))
cov = mat + "/reports/foljeforskning.md"
set_key(cov, "title", '"%s"' % long_text(700, "Följeforskningsrapporten"))
set_key(cov, "subtitle", '"%s"' % long_text(700, "Underrubriken"))
set_key(cov, "authors", "[" + ", ".join('"Författare %d Andersson"' % i for i in range(400)) + "]")
plain = mat + "/reports/idesluss-hallbar-samhallsutveckling.md"
set_key(plain, "title", '"%s"' % long_text(700, "Idéslussrapporten"))
set_key(plain, "subtitle", '"%s"' % long_text(700, "Underrubrik"))
set_key(mat + "/bundle.yaml", "title", '"%s"' % long_text(500, "Samlingen"))
open(mat + "/../lone.md", "w", encoding="utf-8").write(
    "---\ntitle: \"%s\"\n---\n\nText under rubriken.\n" % long_text(3000, "Ensamrubriken"))
PY

"$fast" build --handouts -C "$mat" -o "$OUT/build" > "$OUT/build.log" 2>&1
echo $? > "$OUT/build.status"
check "a build with overlong front matter succeeds (exit 0)" grep -qx 0 "$OUT/build.status"
for w in "exercises/framtid.md: warning: the title is too long for its page" \
	 "exercises/framtid.md: warning: the lead question is too long for its page" \
	 "reports/foljeforskning.md: warning: the title is too long for its page" \
	 "reports/foljeforskning.md: warning: the subtitle is too long for its page" \
	 "reports/foljeforskning.md: warning: the list of authors is too long for its page" \
	 "reports/idesluss-hallbar-samhallsutveckling.md: warning: the title is too long for its page" \
	 "reports/idesluss-hallbar-samhallsutveckling.md: warning: the subtitle is too long for its page" \
	 "bundle.yaml: warning: the bundle title is too long for its page"; do
	check "warned: $w" grep -qF "$w" "$OUT/build.log"
done
check "the warning says how much of the title the PDF shows" \
	grep -qE 'framtid.md: warning: the title is too long for its page \([0-9]+ characters\); the PDF shows its first [0-9]+, ending in an ellipsis' \
	"$OUT/build.log"

"$HEJAPACK" pdf "$OUT/lone.md" -o "$OUT/lone.pdf" > "$OUT/lone.log" 2>&1
echo $? > "$OUT/lone.status"
check "a lone file with an overlong title: exit 0, with a warning" \
	sh -c "grep -qx 0 '$OUT/lone.status' && grep -qF 'lone.md: warning: the title is too long for its page' '$OUT/lone.log'"

rm -rf "$OUT/x" && mkdir -p "$OUT/x"
(cd "$OUT/x" && unzip -q "$OUT/build/"*handouts.zip)
data=$(ls -d "$OUT/x/"*/data)
# Each PDF, the first letters of its title (short enough not to be
# hyphenated: a compound's first part, as Swedish compounds are divided at
# their joints first) and how many pages it may have at most.
cat > "$OUT/cases.txt" <<EOF
$data/ovningar/framtid.pdf	Framtids	4
$data/handouts/framtid.pdf	Framtids	8
$data/rapporter/foljeforskning.pdf	Följe	40
$data/rapporter/idesluss-hallbar-samhallsutveckling.pdf	Idé	12
$data/katalog.pdf	Samling	20
$OUT/lone.pdf	Ensamru	2
EOF
python3 - "$OUT/cases.txt" > "$OUT/geometry.txt" 2>&1 <<'PY'
import re, subprocess, sys
bad = 0
for line in open(sys.argv[1], encoding="utf-8"):
    pdf, start, budget = line.rstrip("\n").split("\t")
    name = pdf.split("/")[-1]
    html = subprocess.run(["pdftotext", "-bbox", pdf, "-"], capture_output=True, text=True).stdout
    pages = re.findall(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', html, re.S)
    if not 1 <= len(pages) <= int(budget):
        print(f"{name}: {len(pages)} pages, budget {budget}"); bad += 1
    for no, (pw, ph, body) in enumerate(pages, 1):
        pw, ph = float(pw), float(ph)
        boxes = [tuple(map(float, m[:4])) + (m[4],) for m in re.findall(
            r'<word xMin="([\d.-]+)" yMin="([\d.-]+)" xMax="([\d.-]+)" yMax="([\d.-]+)">(.*?)</word>', body)]
        for x0, y0, x1, y1, w in boxes:
            if x0 < 0 or y0 < 0 or x1 > pw or y1 > ph:
                print(f"{name} page {no}: '{w}' lies off the page ({x0:.0f},{y0:.0f})-({x1:.0f},{y1:.0f})"); bad += 1
        # Words of different lines may touch, never cover one another.
        boxes.sort(key=lambda b: b[1])
        for i, a in enumerate(boxes):
            for b in boxes[i + 1:]:
                if b[1] >= a[3]:
                    break
                ox = min(a[2], b[2]) - max(a[0], b[0])
                oy = min(a[3], b[3]) - max(a[1], b[1])
                if ox > 1 and oy > 0.4 * min(a[3] - a[1], b[3] - b[1]):
                    print(f"{name} page {no}: '{a[4]}' and '{b[4]}' overlap"); bad += 1
    first = subprocess.run(["pdftotext", "-f", "1", "-l", "1", pdf, "-"], capture_output=True, text=True).stdout
    if start not in first or "\u2026" not in first:
        print(f"{name}: page 1 lacks '{start}' or the ellipsis"); bad += 1
print("bad:", bad)
sys.exit(1 if bad else 0)
PY
check "every word of every page lies on the page, none over another; page 1 holds the cut title and its ellipsis" \
	grep -qx 'bad: 0' "$OUT/geometry.txt"
sed 's/^/    /' "$OUT/geometry.txt" | head -n 12

# The running head names the document on every page after the first; a
# title too long for it is cut with an ellipsis, not left out.
pdftotext -f 2 -l 2 -x 0 -y 0 -W 595 -H 60 "$data/rapporter/foljeforskning.pdf" "$OUT/head2.txt"
check "page 2's running head holds the cut title" \
	sh -c "grep -q 'Följefor.*…' '$OUT/head2.txt'"

check "the HTML edition keeps the exercise's whole title" python3 -c "
import html, sys
page = html.unescape(open(sys.argv[1], encoding='utf-8').read())
words = 'Innovationsledning i kommuner och regioner med stöd av medarbetare'.split()
title = 'Framtidsövningen ' + ' '.join(words[i % len(words)] for i in range(600))
assert title in page
" "$data/ovningar/framtid.html"
finish
