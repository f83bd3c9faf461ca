#!/bin/sh
# The HTML edition in the bundle: one page per exercise and report beside its
# PDF, and data/index.html as their catalogue. Checked with tools that know
# nothing of hejapack: xmllint (the pages are well-formed XML, and libxml2's
# HTML parser finds nothing wrong but the HTML5 element names it predates),
# HTML Tidy (no warning, and its accessibility checks at priority 3 quiet but
# for the advisories listed below), tests/e2e/html_check.py (one h1, no
# skipped heading level, alt text, no script, nothing from outside the bag,
# every link and fragment resolving inside the bag), and python3 for
# manifest.json and both BagIt manifests. A deliberately broken page must
# make every one of these checks fail.
set -eu
for tool in xmllint tidy python3 unzip; do
	command -v "$tool" > /dev/null || { echo "skip: $tool is not installed"; exit 77; }
done
root=$(pwd)
out=$(cd "$OUT" && pwd)/html
rm -rf "$out"
mkdir -p "$out/x"
SOURCE_DATE_EPOCH=1709251200 "$HEJAPACK" -q build -C material -o "$out/build"
zip=$(ls "$out"/build/*.zip)
(cd "$out/x" && unzip -q "$zip")
bag=$(ls -d "$out"/x/*/)
bag=${bag%/}
fail() { echo "FAIL: $*"; exit 1; }

# One page per document, in manifest.json and both payload manifests.
python3 - "$bag" << 'EOF' || fail "manifest"
import json, os, sys
bag = sys.argv[1]
mj = json.load(open(os.path.join(bag, "manifest.json"), encoding="utf-8"))
files = {f["path"]: f for f in mj["files"]}
m256 = {l.split("  ", 1)[1]: l.split("  ", 1)[0] for l in open(os.path.join(bag, "manifest-sha256.txt")).read().splitlines()}
m512 = {l.split("  ", 1)[1] for l in open(os.path.join(bag, "manifest-sha512.txt")).read().splitlines()}
pages = []
for root, _, names in os.walk(os.path.join(bag, "data")):
    pages += [os.path.relpath(os.path.join(root, n), bag) for n in names if n.endswith(".html")]
assert len(mj["documents"]) >= 30, len(mj["documents"])
for d in mj["documents"]:
    folder = "ovningar" if d["type"] == "exercise" else "rapporter"
    want = "data/%s/%s.html" % (folder, d["id"])
    assert d["html"]["path"] == want, (d["id"], d["html"])
    assert d["html"]["media_type"] == "text/html", d["html"]
    assert os.path.getsize(os.path.join(bag, want)) == d["html"]["bytes"], want
for p in pages:
    assert p in files and files[p]["media_type"] == "text/html", p
    assert p in m256 and p in m512, p
assert sorted(pages) == sorted(["data/index.html"] + [d["html"]["path"] for d in mj["documents"]]), pages
print("manifest: %d pages, each in manifest.json and both payload manifests" % len(pages))
EOF

check_pages() { # DIR: every check over every page of the bag DIR; prints the problems
	status=0
	for page in $(find "$1/data" -name '*.html' | sort); do
		xmllint --noout "$page" 2>&1 || status=1
		# libxml2 2.9's HTML parser predates HTML5's sectioning elements.
		xmllint --html --noout "$page" 2>&1 \
			| grep -v -E 'HTML parser error : Tag (main|header|footer|nav|section|figure|figcaption|time) invalid' \
			| grep -E 'error|warning' && status=1
		tidy -q -e "$page" 2>&1 | grep . && status=1
		# Advisories that are not structure: manual-check reminders (6.1.1.2
		# style sheets, 2.1.1.x colour), longdesc (not in HTML5), and the
		# material's own wording (1.1.1.10 alt text over 150 characters,
		# describing a diagram in full; 3.5.2.x a paragraph all in italics or
		# bold; 13.1.1.3 a long link text).
		tidy -q -e -access 3 "$page" 2>&1 \
			| grep -v -E '\[(6\.1\.1\.2|2\.1\.1\.[0-9]|1\.1\.2\.1|1\.1\.1\.10|3\.5\.2\.[0-9]|13\.1\.1\.3)\]' \
			| grep . && status=1
	done
	python3 "$root/tests/e2e/html_check.py" "$1" || status=1
	return $status
}
check_pages "$bag" || fail "the pages of the release"
echo "xmllint, tidy (-access 3) and html_check quiet on $(find "$bag/data" -name '*.html' | wc -l) pages"

# The catalogue links every page and every PDF; each page links back and to its PDF.
python3 - "$bag" << 'EOF' || fail "links"
import json, os, re, sys
bag = sys.argv[1]
mj = json.load(open(os.path.join(bag, "manifest.json"), encoding="utf-8"))
index = open(os.path.join(bag, "data/index.html"), encoding="utf-8").read()
for d in mj["documents"]:
    page = d["html"]["path"][len("data/"):]
    pdf = d["pdf"]["path"][len("data/"):]
    assert 'href="%s"' % page in index, page
    assert 'href="%s"' % pdf in index, pdf
    text = open(os.path.join(bag, d["html"]["path"]), encoding="utf-8").read()
    assert '<a href="../index.html">' in text, page
    assert 'href="%s"' % os.path.basename(pdf) in text, page
    assert '<html lang="%s">' % d["language"] in text, page
    assert "<h1>%s</h1>" % d["title"].replace("&", "&amp;") in text, page
print("catalogue: %d pages and PDFs linked; every page links the catalogue and its PDF" % len(mj["documents"]))
EOF

# What the PDF has, the page has: the exercise's fact box and phase bands,
# the figure from kallor/ with its alt text, a report's contents.
page=$bag/data/ovningar/framtid.html
grep -q '<dt>Tid</dt>' "$page" || fail "framtid: no fact box"
for phase in Börja Pröva Utveckla; do
	grep -q "<span class=\"phase-name\">$phase</span>" "$page" || fail "framtid: no band for $phase"
done
grep -q '<figure><img src="../kallor/figures/ovning-framtid.png" alt="Tidslinje' "$page" || fail "framtid: no figure"
grep -q '<nav class="toc"' "$bag/data/rapporter/projektrapport.html" || fail "projektrapport: no contents"
grep -q '@media print' "$page" || fail "no print stylesheet"

# A broken page fails every check: a copy of a page with a skipped heading
# level, a second h1, an image without alt text, no lang, a dead link, a
# script and an image from the web.
broken=$out/broken
mkdir -p "$broken/data/ovningar"
sed -e 's|<html lang="sv">|<html>|' \
	-e '/id="h-1"/s|<h2 |<h4 |' -e '/id="h-1"/s|</h2>|</h4>|' \
	-e 's|alt="Tidslinje[^"]*"||' \
	-e 's|href="svaga-signaler.html"|href="saknas.html"|' \
	-e 's|</main>|<h1>Två</h1><p><img src="https://example.org/x.png" alt="x" /></p><script>1</script></main>|' \
	"$page" > "$broken/data/ovningar/framtid.html"
cp -r "$bag/data/kallor" "$broken/data/"
check_pages "$broken" > "$out/broken.log" 2>&1 && fail "a broken page passed"
for want in 'no lang' 'h4 after h1 skips a level' '2 h1 elements' '<img> without alt text' \
	'link saknas.html: no such file' '<script> element' 'image https://example.org/x.png leaves the bag' \
	'\[1\.1\.1\.1\]' '\[4\.3\.1\.1\]' 'lacks "alt" attribute'; do
	grep -q -e "$want" "$out/broken.log" || { cat "$out/broken.log"; fail "the broken page is not reported for: $want"; }
done
echo "a broken page fails xmllint/tidy/html_check as it should"

# verify knows the pages: one changed and one that manifest.json does not
# describe are both reported (the checksums in the BagIt manifests too).
cp -r "$bag" "$out/tampered"
printf ' ' >> "$out/tampered/data/ovningar/framtid.html"
cp "$bag/data/ovningar/framtid.html" "$out/tampered/data/ovningar/extra.html"
"$HEJAPACK" verify "$out/tampered" > "$out/verify.log" 2>&1 && fail "verify passed a bag with a changed page"
grep -q 'data/ovningar/framtid.html: .*manifest.json' "$out/verify.log" || { cat "$out/verify.log"; fail "verify: changed page"; }
grep -q 'data/ovningar/extra.html: a document page that manifest.json does not describe' "$out/verify.log" \
	|| { cat "$out/verify.log"; fail "verify: undescribed page"; }
"$HEJAPACK" verify "$zip" > /dev/null || fail "verify refuses the release"
echo "verify: the release is intact; a changed page and an undescribed page are reported"
