# The e-archive package as an archive's ingest meets it: `build --sip`
# writes an E-ARK CSIP/SIP 2.1 package (FGS Paketstruktur 2.0) beside an
# unchanged bag; METS.xml and the PREMIS file are valid against the METS
# 1.12 and PREMIS 3.0 schemas (schemas, offline); the CSIP rules no
# schema can express hold (tests/e2e/sip_check.py); the bytes are
# reproducible; `hejapack verify` accepts the package and finds damage.
. tests/e2e/_lib
PY=/usr/bin/python3
export XML_CATALOG_FILES="$PWD/schemas/catalog.xml"
name=heja-material-1.0.0-sip
sip="$OUT/o/$name.zip"
SOURCE_DATE_EPOCH=1735689600 "$HEJAPACK" build --sip -o "$OUT/o" > "$OUT/build.out" 2> "$OUT/build.err"
check "build --sip succeeds and writes the package" test -s "$sip"
check "build --sip says so" expect_text "$OUT/build.out" "$OUT/o/$name.zip: e-archive package"
check "the .zip.sha256 beside it matches" sh -c "cd '$OUT/o' && sha256sum -c --quiet $name.zip.sha256"
SOURCE_DATE_EPOCH=1735689600 "$HEJAPACK" -q build -o "$OUT/plain" > /dev/null 2>&1
check "the bag is byte for byte the one built without --sip" cmp "$OUT/o/heja-material-1.0.0.zip" "$OUT/plain/heja-material-1.0.0.zip"
check "build without --sip writes no package" test ! -e "$OUT/plain/$name.zip"
check "unzip -t reads it" unzip -tq "$sip"
check "exactly one top-level directory, named like the ZIP" sh -c "[ \"\$(unzip -Z1 '$sip' | cut -d/ -f1 | sort -u)\" = $name ]"
check "entries in byte order, regular files with mode 644" sh -c "unzip -Z1 '$sip' > '$OUT/names' && LC_ALL=C sort -c '$OUT/names' && [ \"\$(unzip -Z '$sip' | grep '^-' | awk '{print \$1}' | sort -u)\" = -rw-r--r-- ]"

mkdir -p "$OUT/x" && (cd "$OUT/x" && unzip -q "$sip")
pkg="$OUT/x/$name"
bag="$OUT/bag" && mkdir -p "$bag" && (cd "$bag" && unzip -q "$OUT/o/heja-material-1.0.0.zip")
check "METS.xml is valid against the METS 1.12 schema" xmllint --nonet --noout --schema schemas/mets.xsd "$pkg/METS.xml"
check "premis.xml is valid against the PREMIS 3.0 schema" xmllint --nonet --noout --schema schemas/premis.xsd "$pkg/metadata/preservation/premis.xml"
check "schemas/ in the package are the committed XSDs, byte for byte" sh -c "for f in mets.xsd xlink.xsd premis.xsd; do cmp schemas/\$f '$pkg/schemas/'\$f || exit 1; done"
check "METS.xml validates against the copy of the schema the package carries" xmllint --nonet --noout --schema "$pkg/schemas/mets.xsd" "$pkg/METS.xml"
check "dc.xml is well-formed Dublin Core" sh -c "xmllint --nonet --noout '$pkg/metadata/descriptive/dc.xml' && grep -q '<dc:title>HEJA Innovation' '$pkg/metadata/descriptive/dc.xml' && grep -q '<dc:identifier>heja-material-1.0.0</dc:identifier>' '$pkg/metadata/descriptive/dc.xml'"
version=$("$HEJAPACK" --version | cut -d' ' -f2)
$PY tests/e2e/sip_check.py "$pkg" "$version" > "$OUT/sip_check.txt" 2>&1
check "the CSIP rules beyond the schema hold (sip_check.py)" test $? -eq 0
check "rep1 holds exactly the bag's data/ but the Markdown sources and bundle.yaml" sh -c "[ \"\$(cd '$bag/heja-material-1.0.0/data' && find . -type f ! -name '*.md' ! -path ./kallor/bundle.yaml | sort)\" = \"\$(cd '$pkg/representations/rep1/data' && find . -type f | sort)\" ]"
check "rep1 has the HTML edition: a page per document and index.html" sh -c "test -s '$pkg/representations/rep1/data/index.html' && [ \$(ls '$pkg/representations/rep1/data/ovningar/'*.html '$pkg/representations/rep1/data/rapporter/'*.html | wc -l) -eq 32 ]"
check "every link and image of rep1's pages resolves inside rep1 (but index.html's ../README.txt)" $PY - "$pkg/representations/rep1/data" <<'EOF'
import os, re, sys
root = sys.argv[1]
bad = []
for d, _, names in os.walk(root):
    for n in names:
        if not n.endswith(".html"):
            continue
        page = os.path.join(d, n)
        for ref in re.findall(r'(?:href|src)="([^"]*)"', open(page, encoding="utf-8").read()):
            if re.match(r"[a-z]+:", ref) or ref.startswith("#"):
                continue
            target = os.path.normpath(os.path.join(d, ref.split("#")[0]))
            if ref == "../README.txt" and n == "index.html":
                continue
            if not os.path.exists(target) or not target.startswith(root):
                bad.append("%s: %s" % (os.path.relpath(page, root), ref))
print("\n".join(bad))
sys.exit(1 if bad else 0)
EOF
check "rep2 holds exactly the bag's sources, byte for byte" diff -r "$bag/heja-material-1.0.0/data/kallor" "$pkg/representations/rep2/data"
check "the PDFs are the bag's, byte for byte" cmp "$bag/heja-material-1.0.0/data/rapporter/projektrapport.pdf" "$pkg/representations/rep1/data/rapporter/projektrapport.pdf"
check "documentation/README.txt explains the package in Swedish" sh -c "grep -q 'FGS Paketstruktur' '$pkg/documentation/README.txt' && grep -q 'hejapack verify $name.zip' '$pkg/documentation/README.txt' && grep -qi 'källfilerna' '$pkg/documentation/README.txt'"
check "mets/@TYPE and the CSIP attributes" sh -c "grep -q 'TYPE=\"Textual works – Digital\"' '$pkg/METS.xml' && grep -q 'csip:OAISPACKAGETYPE=\"SIP\"' '$pkg/METS.xml' && grep -q 'csip:CONTENTINFORMATIONTYPE=\"OTHER\"' '$pkg/METS.xml'"
check "every file's date is the release date" sh -c "! grep -o 'CREATED=\"[^\"]*\"' '$pkg/METS.xml' | grep -v 'CREATED=\"2025-01-01T00:00:00Z\"'"

# The checker is not a rubber stamp: a METS.xml with a file left out, a
# wrong digest or a pointer to nowhere fails it.
cp -r "$pkg" "$OUT/bad1" && $PY - "$OUT/bad1/METS.xml" <<'EOF'
import re, sys
p = sys.argv[1]; s = open(p, encoding="utf-8").read()
s = re.sub(r'\s*<file ID="file-0005"[^>]*>\s*<FLocat[^>]*/>\s*</file>', "", s, count=1)
open(p, "w", encoding="utf-8").write(s)
EOF
check "sip_check.py finds a file missing from the fileSec" sh -c "! $PY tests/e2e/sip_check.py '$OUT/bad1' > '$OUT/bad1.txt' && grep -q 'not in METS.xml' '$OUT/bad1.txt'"
cp -r "$pkg" "$OUT/bad2" && $PY - "$OUT/bad2/METS.xml" <<'EOF'
import sys
p = sys.argv[1]; s = open(p, encoding="utf-8").read()
i = s.index('<file ID="file-0003"'); i = s.index('CHECKSUM="', i) + 10
s = s[:i] + ("1" if s[i] == "0" else "0") + s[i + 1:]
open(p, "w", encoding="utf-8").write(s)
EOF
check "sip_check.py finds a wrong checksum" sh -c "! $PY tests/e2e/sip_check.py '$OUT/bad2' > '$OUT/bad2.txt' && grep -q 'SHA-256 does not match' '$OUT/bad2.txt'"
cp -r "$pkg" "$OUT/bad3" && sed -i 's/FILEID="grp-rep2"/FILEID="grp-nowhere"/' "$OUT/bad3/METS.xml"
check "sip_check.py finds a structMap pointer that does not resolve" sh -c "! $PY tests/e2e/sip_check.py '$OUT/bad3' > '$OUT/bad3.txt' && grep -q 'does not resolve' '$OUT/bad3.txt'"

# Reproducible: another time zone, locale, umask and directory.
(umask 077 && cd "$OUT" && SOURCE_DATE_EPOCH=1735689600 TZ=Pacific/Auckland LC_ALL=C.UTF-8 \
	"$HEJAPACK" -q build --sip -C "$OLDPWD/material" -o "$OUT/again" > /dev/null 2>&1)
check "the same package bytes from another TZ, locale, umask and directory" cmp "$sip" "$OUT/again/$name.zip"

# hejapack verify: the ZIP and the unpacked copy are intact ...
"$HEJAPACK" verify "$sip" > "$OUT/verify.txt" 2>&1
check "verify accepts the package ZIP" test $? -eq 0
check "verify says what it checked" expect_text "$OUT/verify.txt" "every SHA-256 in METS.xml matches"
"$HEJAPACK" verify "$pkg" > "$OUT/verify-dir.txt" 2>&1
check "verify accepts the unpacked package" test $? -eq 0
# ... and damage is found: a changed byte in a file, a changed byte in the
# ZIP, a file added, a file removed.
$PY - "$sip" "$OUT" <<'EOF'
import sys, zipfile
src, out = sys.argv[1], sys.argv[2]
def rewrite(dst, change):
    zin = zipfile.ZipFile(src)
    zout = zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED)
    for i in zin.infolist():
        data = change(i.filename, zin.read(i.filename))
        if data is not None:
            zout.writestr(i, data)
    if change("", None) is not None:
        zout.writestr("heja-material-1.0.0-sip/representations/rep1/data/extra.txt", b"extra\n")
    zout.close()
def flip(name, data):
    if name.endswith("rep2/data/bundle.yaml"):
        return data[:10] + bytes([data[10] ^ 1]) + data[11:]
    return data if name else None
rewrite(out + "/content.zip", flip)
rewrite(out + "/added.zip", lambda n, d: d if n else b"")
rewrite(out + "/removed.zip", lambda n, d: None if n.endswith("ovningar/framtid.pdf") else (d if n else None))
b = bytearray(open(src, "rb").read())
b[len(b) // 3] ^= 0x40
open(out + "/flip.zip", "wb").write(b)
EOF
"$HEJAPACK" verify "$OUT/content.zip" > "$OUT/v-content.txt" 2>&1
check "verify finds a changed byte in a file (exit 1)" sh -c "[ $? -eq 1 ] && grep -q 'bundle.yaml: SHA-256 does not match METS.xml' '$OUT/v-content.txt'"
"$HEJAPACK" verify "$OUT/flip.zip" > "$OUT/v-flip.txt" 2>&1
check "verify finds a changed byte in the ZIP (exit 1)" sh -c "[ $? -eq 1 ] && grep -q 'NOT intact' '$OUT/v-flip.txt'"
"$HEJAPACK" verify "$OUT/added.zip" > "$OUT/v-added.txt" 2>&1
check "verify finds a file METS.xml does not list" sh -c "[ $? -eq 1 ] && grep -q 'extra.txt: not listed in METS.xml' '$OUT/v-added.txt'"
"$HEJAPACK" verify "$OUT/removed.zip" > "$OUT/v-removed.txt" 2>&1
check "verify finds a listed file missing" sh -c "[ $? -eq 1 ] && grep -q 'framtid.pdf: listed in METS.xml (line [0-9]*) but missing' '$OUT/v-removed.txt'"
cp -r "$pkg" "$OUT/garbled" && printf '<mets' > "$OUT/garbled/METS.xml"
"$HEJAPACK" verify "$OUT/garbled" > "$OUT/v-garbled.txt" 2>&1
check "verify reports a METS.xml that is not XML, without crashing" sh -c "[ $? -eq 1 ] && grep -q 'METS.xml: line 1: not well-formed XML' '$OUT/v-garbled.txt'"

# A second material in another variant: the package takes the variant's
# name after the bag's, and is valid and complete too.
SOURCE_DATE_EPOCH=1735689600 "$HEJAPACK" -q build --sip --paper A5 -C tests/fixtures/mini -o "$OUT/mini" > /dev/null 2>&1
check "an A5 build's package is named after its bag" test -s "$OUT/mini/mini-material-1.2.3-a5-sip.zip"
mkdir -p "$OUT/mx" && (cd "$OUT/mx" && unzip -q "$OUT/mini/mini-material-1.2.3-a5-sip.zip")
check "the mini material's package is valid and complete" sh -c "xmllint --nonet --noout --schema schemas/mets.xsd '$OUT/mx/mini-material-1.2.3-a5-sip/METS.xml' && $PY tests/e2e/sip_check.py '$OUT/mx/mini-material-1.2.3-a5-sip' '$version'"
# libxml2 and libzip are opened when needed, not linked: a process that
# makes or reads no archive never loads them (nor the ICU, OpenSSL, lzma
# and bzip2 libraries they pull in); the packages above were made so.
check "hejapack is not linked to libxml2 or libzip (it opens them when needed)" sh -c "! ldd '$HEJAPACK' | grep -q 'libxml2\|libzip'"
finish
