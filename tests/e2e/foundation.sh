# Foundation: the shipped material/ becomes a versioned, verifiable ZIP of
# typeset PDFs. Builds it (SOURCE_DATE_EPOCH fixed), unpacks the ZIP and
# checks it with independent tools: unzip, sha256sum, python3's json,
# pdftotext, pdffonts, pdfinfo, qpdf, mutool and Ghostscript. Then builds
# again with another TZ, locale, umask and working directory and expects the
# same bytes.
. tests/e2e/_lib
set -u

root=$(pwd)
# Debian's python3 directly: a version manager's shim costs a second a call.
python=/usr/bin/python3
[ -x "$python" ] || python=python3
export SOURCE_DATE_EPOCH=1700000000
id=$(sed -n 's/^id: *//p' material/bundle.yaml)
version=$(sed -n 's/^version: *//p' material/bundle.yaml)
name="$id-$version"
zip="$OUT/a/$name.zip"
bag="$OUT/unpacked/$name"

# The material's documents, as the manifest must list them.
ls material/exercises/*.md material/reports/*.md > "$OUT/sources.txt"
ndocs=$(wc -l < "$OUT/sources.txt")

TZ=UTC LC_ALL=C "$HEJAPACK" build -C material -o "$OUT/a" > "$OUT/a.out" 2> "$OUT/a.err"
status=$?
cat "$OUT/a.out" "$OUT/a.err"
check "build exits 0" test "$status" -eq 0
check "build prints no warning or error but the missing e-mail contact" sh -c "[ \"\$(grep -v \"^material/bundle.yaml:[0-9]*:[0-9]*: warning: 'contact' has no 'email'\" '$OUT/a.err')\" = '' ]"
check "build reports $ndocs documents" expect_text "$OUT/a.out" "$OUT/a/$name.zip: $ndocs documents,"
check "the ZIP exists" test -s "$zip"
check "the .sha256 exists" test -s "$zip.sha256"
check "the .sha256 names the ZIP and matches it" sh -c "cd '$OUT/a' && grep -q ' $name.zip\$' '$name.zip.sha256' &&
	sha256sum -c --strict --quiet '$name.zip.sha256'"
check "unzip -t passes" unzip -tq "$zip"

mkdir -p "$OUT/unpacked"
(cd "$OUT/unpacked" && unzip -q "$zip")
check "the ZIP has one top-level entry" test "$(ls -A "$OUT/unpacked" | wc -l)" -eq 1
check "it is the directory $name/" test -d "$bag"
check "no entry outside $name/" sh -c "unzip -Z1 '$zip' | grep -v '^$name/' | wc -l | grep -qx 0"
check "sha256sum -c manifest-sha256.txt passes" sh -c "cd '$bag' && sha256sum -c --strict --quiet manifest-sha256.txt"
check "sha256sum -c tagmanifest-sha256.txt passes" sh -c "cd '$bag' && sha256sum -c --strict --quiet tagmanifest-sha256.txt"
check "manifest-sha256.txt lists every payload file" sh -c "cd '$bag' && find data -type f | sort > '$OUT/payload.txt' &&
	sed 's/^[0-9a-f]*  //' manifest-sha256.txt | sort | cmp -s - '$OUT/payload.txt'"

# manifest.json against the files, and the material it came from.
manifest_ok() {
	"$python" - "$bag" "$OUT/sources.txt" "$id" "$version" <<'PY'
import hashlib, json, os, sys
bag, sources, bundle_id, version = sys.argv[1:5]
m = json.load(open(os.path.join(bag, "manifest.json"), encoding="utf-8"))
problems = []
if m.get("id") != bundle_id or m.get("version") != version:
    problems.append("id/version %r %r" % (m.get("id"), m.get("version")))
expected = {}
for line in open(sources, encoding="utf-8"):
    folder, base = line.strip().split("/")[-2:]
    expected[base[:-3]] = "exercise" if folder == "exercises" else "report"

def check_file(what, rel, sha256, size):
    path = os.path.join(bag, rel)
    if not os.path.isfile(path):
        problems.append("%s: %s missing" % (what, rel))
        return None
    data = open(path, "rb").read()
    if hashlib.sha256(data).hexdigest() != sha256:
        problems.append("%s: sha256 of %s differs" % (what, rel))
    if len(data) != size:
        problems.append("%s: %s has %d bytes, the manifest says %d" % (what, rel, len(data), size))
    return data

docs = m.get("documents", [])
seen = {}
for d in docs:
    seen[d["id"]] = d["type"]
    want = "data/%s/%s.pdf" % ("ovningar" if d["type"] == "exercise" else "rapporter", d["id"])
    if d["pdf"]["path"] != want:
        problems.append("%s: pdf path %s, expected %s" % (d["id"], d["pdf"]["path"], want))
    data = check_file(d["id"], d["pdf"]["path"], d["pdf"]["sha256"], d["pdf"]["bytes"])
    if data is not None and not data.startswith(b"%PDF-"):
        problems.append("%s: not a PDF" % d["id"])
extras = m.get("extras", [])
for e in extras:
    check_file("extra", e["path"], e["sha256"], e["bytes"])
if seen != expected:
    problems.append("documents %r, expected %r" % (sorted(seen.items()), sorted(expected.items())))
pdfs = sorted(os.path.relpath(os.path.join(dp, f), bag)
              for dp, _, fs in os.walk(os.path.join(bag, "data")) for f in fs if f.endswith(".pdf"))
listed = sorted([d["pdf"]["path"] for d in docs] + [e["path"] for e in extras if e["path"].endswith(".pdf")])
if pdfs != listed:
    problems.append("PDFs in the bag %r, in the manifest %r" % (pdfs, listed))
for p in problems:
    print("manifest.json: " + p)
sys.exit(1 if problems else 0)
PY
}
manifest_ok
check "manifest.json lists every document and extra with its sha256 and size" test $? -eq 0

# One line per PDF: path, title and pages as the manifest has them (extras
# have neither).
"$python" - "$bag" > "$OUT/pdfs.tsv" <<'PY'
import json, os, sys
bag = sys.argv[1]
m = json.load(open(os.path.join(bag, "manifest.json"), encoding="utf-8"))
for d in m["documents"]:
    print("%s\t%s\t%d" % (os.path.join(bag, d["pdf"]["path"]), d["title"], d["pages"]))
for e in m.get("extras", []):
    if e["path"].endswith(".pdf"):
        print("%s\t\t" % os.path.join(bag, e["path"]))
PY
check "at least $ndocs PDFs to examine" test "$(wc -l < "$OUT/pdfs.tsv")" -ge "$ndocs"

# Text: Swedish letters, an en dash and typographic quotes, as real text.
# Words hyphenated at a line end are joined before searching.
text_has() {
	pdf=$1
	shift
	pdftotext -enc UTF-8 "$pdf" - | "$python" -c '
import re, sys
text = sys.stdin.read()
text = re.sub(r"[-\u00ad]\n(?=[a-zåäöé])", "", text)  # tagged PDFs break words at soft hyphens
text = " ".join(text.split())
missing = [p for p in sys.argv[1:] if p not in text]
for p in missing:
    print("not in the text: " + p)
sys.exit(1 if missing else 0)' "$@"
}
ex="$bag/data/ovningar"
rep="$bag/data/rapporter"
check "pdftotext: drivkrafter has å ä ö and an en dash" text_has "$ex/drivkrafter.pdf" \
	"Innovation i offentlig sektor 2019–2020" \
	"Övningen använder principerna som stöd för samtalet." \
	"arbetade 79 procent av regionerna systematiskt med innovation"
check "pdftotext: ja-och has its title with an ellipsis and its participants with an en dash" \
	text_has "$ex/ja-och.pdf" "Ja, och …" "4–20 personer" \
	"Det första som sägs om en ny idé avgör ofta hur det går för den."
# No exercise of the material quotes anything; the reports do.
check "pdftotext: a report has Swedish quotation marks" text_has "$rep/idesluss-hallbar-samhallsutveckling.pdf" \
	"deras ”spelidé”, den gemensamma"
check "pdftotext: another report too" text_has "$rep/projektrapport.pdf" "ska användas ”fel”."

# Every PDF: fonts embedded with ToUnicode, structure, title and pages.
fonts_ok() {
	pdffonts "$1" > "$OUT/fonts.txt" 2>&1 || return 1
	awk 'NR > 2 { rows++; if ($(NF-4) != "yes" || $(NF-2) != "yes") bad++ }
	     END { exit (rows > 0 && bad == 0) ? 0 : 1 }' "$OUT/fonts.txt"
}
info_ok() {
	pdfinfo "$1" > "$OUT/info.txt" 2>&1 || return 1
	grep -qxF "Title:           $2" "$OUT/info.txt" && grep -qx "Pages: *$3" "$OUT/info.txt"
}
bad_fonts=0 bad_qpdf=0 bad_info=0
tab=$(printf '\t')
while IFS="$tab" read -r pdf title pages; do
	fonts_ok "$pdf" || { echo "  pdffonts: $pdf"; cat "$OUT/fonts.txt"; bad_fonts=$((bad_fonts + 1)); }
	qpdf --check "$pdf" > "$OUT/qpdf.txt" 2>&1 || { echo "  qpdf: $pdf"; cat "$OUT/qpdf.txt"; bad_qpdf=$((bad_qpdf + 1)); }
	[ -z "$pages" ] || info_ok "$pdf" "$title" "$pages" ||
		{ echo "  pdfinfo: $pdf (want '$title', $pages pages)"; cat "$OUT/info.txt"; bad_info=$((bad_info + 1)); }
done < "$OUT/pdfs.tsv"
check "pdffonts: every font embedded (emb yes) with ToUnicode (uni yes), in every PDF" test "$bad_fonts" -eq 0
check "qpdf --check passes on every PDF" test "$bad_qpdf" -eq 0
check "pdfinfo: every Title is the document's title, every page count the manifest's" test "$bad_info" -eq 0
check "pdfinfo: titles with å, ä and ö come out as such" sh -c \
	"pdfinfo '$ex/var-bild-av-innovation.pdf' | grep -qxF 'Title:           Vår bild av innovation' &&
	 pdfinfo '$ex/medspelare.pdf' | grep -qxF 'Title:           Medspelare i förändringen' &&
	 pdfinfo '$ex/drivkrafter.pdf' | grep -qxF 'Title:           Drivkrafter för förnyelse'"

# Page content is compressed (by hejapack itself, not libharu) and decodes
# back to drawing operators with text in it.
contents_ok() {
	python3 - "$@" <<'PY'
import json, subprocess, sys, zlib
bad = 0
for path in sys.argv[1:]:
    doc = json.loads(subprocess.run(
        ["qpdf", "--json=2", "--json-key=pages", "--json-key=qpdf", "--json-stream-data=none", path],
        check=True, capture_output=True).stdout)
    objects = doc["qpdf"][1]
    for n, page in enumerate(doc["pages"], 1):
        for ref in page["contents"]:
            d = objects["obj:" + ref]["stream"]["dict"]
            if d.get("/Filter") not in ("/FlateDecode", ["/FlateDecode"]):
                print(f"  {path} page {n}: content stream not compressed ({d.get('/Filter')})")
                bad += 1
    first = subprocess.run(["qpdf", "--show-object=" + doc["pages"][0]["contents"][0], "--raw-stream-data", path],
                           check=True, capture_output=True).stdout
    plain = zlib.decompress(first)
    if b" Tf" not in plain or b"TJ" not in plain:
        print(f"  {path}: page 1 content does not decode to text operators")
        bad += 1
sys.exit(1 if bad else 0)
PY
}
# shellcheck disable=SC2046
check "every page's content stream is Flate-compressed and decodes to text operators" \
	contents_ok $(cut -f1 "$OUT/pdfs.tsv")

# mutool and Ghostscript read every PDF without a word of complaint; each
# runs once over all of them (they start slowly).
cut -f1 "$OUT/pdfs.tsv" > "$OUT/pdf-list.txt"
quiet_over_all() {
	# Word splitting is wanted: the paths have no blanks ($OUT is ours).
	# shellcheck disable=SC2046
	out=$("$@" $(cat "$OUT/pdf-list.txt") 2>&1 > /dev/null)
	status=$?
	[ -n "$out" ] && printf '%s\n' "$out" | head -n 20
	[ $status -eq 0 ] && [ -z "$out" ]
}
quiet_over_all mutool info
check "mutool reads every PDF without error or warning" test $? -eq 0
quiet_over_all gs -q -dNOPAUSE -dBATCH -dSAFER -sDEVICE=nullpage
check "Ghostscript renders every PDF without error or warning" test $? -eq 0

check "the PDFs written beside the ZIP are the ones in it" sh -c \
	"cd '$bag/data' && for f in ovningar/*.pdf rapporter/*.pdf; do cmp -s \"\$f\" '$OUT/a/pdf/'\"\$f\" || exit 1; done"

# Reproducible: another time zone, locale, umask and working directory, an
# absolute material path: the same bytes. The optimised build makes the
# second one: it is faster, and its output must not differ from the
# sanitizer build's either.
mkdir -p "$OUT/elsewhere"
(cd "$OUT/elsewhere" && umask 077 && TZ=Pacific/Kiritimati LC_ALL=C.UTF-8 LANG=sv_SE.UTF-8 \
	"${HEJAPACK_FAST:-$HEJAPACK}" -q build -C "$root/material" -o b > "$OUT/b.out" 2>&1)
check "a second build writes the ZIP" test -s "$OUT/elsewhere/b/$name.zip"
check "two builds give byte-identical ZIPs" cmp "$zip" "$OUT/elsewhere/b/$name.zip"
check "two builds give identical .sha256 files" cmp "$zip.sha256" "$OUT/elsewhere/b/$name.zip.sha256"

finish
