# The release bundle as an archivist meets it: one directory, a valid BagIt
# bag that standard tools check, a manifest that matches its schema, and
# `hejapack verify` that accepts it and rejects hostile or damaged copies.
. tests/e2e/_lib
PY=/usr/bin/python3   # Debian's python, which sees python3-jsonschema
zip="$OUT/o/heja-material-1.0.0.zip"
SOURCE_DATE_EPOCH=1735689600 "$HEJAPACK" -q build -o "$OUT/o" > "$OUT/build.log" 2>&1
check "build succeeds" test -s "$zip"
check "unzip -t reads it" unzip -tq "$zip"
check "Python's zipfile reads every entry (CRC)" $PY -c "import zipfile,sys; z=zipfile.ZipFile(sys.argv[1]); sys.exit(z.testzip() is not None)" "$zip"
check ".zip.sha256 matches" sh -c "cd '$OUT/o' && sha256sum -c --quiet heja-material-1.0.0.zip.sha256"
check "exactly one top-level directory" sh -c "[ \"\$(unzip -Z1 '$zip' | cut -d/ -f1 | sort -u)\" = heja-material-1.0.0 ]"
check "every entry is a regular file, mode 644" sh -c "unzip -Z '$zip' | grep '^-' | awk '{print \$1}' | sort -u | grep -qx -- '-rw-r--r--'"
check "file names are ASCII slugs" sh -c "! unzip -Z1 '$zip' | grep -q '[^A-Za-z0-9._/-]'"

mkdir -p "$OUT/x" && (cd "$OUT/x" && unzip -q "$zip")
bag="$OUT/x/heja-material-1.0.0"
check "bagit.txt is the two BagIt 1.0 lines" sh -c "printf 'BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n' | cmp -s - '$bag/bagit.txt'"
check "sha256sum -c manifest-sha256.txt" sh -c "cd '$bag' && sha256sum -c --quiet manifest-sha256.txt"
check "sha512sum -c manifest-sha512.txt" sh -c "cd '$bag' && sha512sum -c --quiet manifest-sha512.txt"
check "sha256sum -c tagmanifest-sha256.txt" sh -c "cd '$bag' && sha256sum -c --quiet tagmanifest-sha256.txt"
check "every payload file is in the manifest, and nothing else" sh -c "cd '$bag' && [ \"\$(find data -type f | sort)\" = \"\$(awk '{print \$2}' manifest-sha256.txt | sort)\" ]"
octets=$(find "$bag/data" -type f -exec cat {} + | wc -c)
files=$(find "$bag/data" -type f | wc -l)
check "Payload-Oxum is $octets.$files" grep -qx "Payload-Oxum: $octets.$files" "$bag/bag-info.txt"
for label in Source-Organization External-Description External-Identifier Bagging-Date Bag-Size Bag-Software-Agent; do
	check "bag-info.txt has $label" grep -q "^$label: ." "$bag/bag-info.txt"
done
check "External-Identifier names the release" grep -qx "External-Identifier: heja-material-1.0.0" "$bag/bag-info.txt"
check "README.txt explains how to check the bundle" sh -c "grep -q 'sha256sum -c manifest-sha256.txt' '$bag/README.txt' && grep -q 'Get-FileHash' '$bag/README.txt' && grep -q 'hejapack verify' '$bag/README.txt'"
check "README.txt is in Swedish and names the licence" sh -c "grep -q 'CC BY-SA 4.0' '$bag/README.txt' && grep -qi 'övning' '$bag/README.txt'"
for f in katalog.pdf index.html kallor/bundle.yaml kallor/exercises/framtid.md kallor/figures/ovning-prioriteringsmatris.png ovningar/framtid.pdf rapporter/projektrapport.pdf; do
	check "payload holds $f" test -s "$bag/data/$f"
done
check "manifest.json is valid against docs/manifest.schema.json" $PY -c "
import json, sys, jsonschema
schema = json.load(open('docs/manifest.schema.json'))
jsonschema.validate(json.load(open(sys.argv[1])), schema)" "$bag/manifest.json"
check "manifest.json agrees with the PDFs on disk" $PY -c "
import hashlib, json, os, sys
bag = sys.argv[1]
m = json.load(open(os.path.join(bag, 'manifest.json')))
assert len(m['documents']) == 32, len(m['documents'])
for d in m['documents']:
    for part in ('pdf', 'source'):
        p = os.path.join(bag, d[part]['path'])
        data = open(p, 'rb').read()
        assert hashlib.sha256(data).hexdigest() == d[part]['sha256'], p
        assert len(data) == d[part]['bytes'], p
" "$bag"
check "the example in docs/manifest.md is valid against the schema too" $PY -c "
import json, jsonschema
fence = chr(96) * 3
text = open('docs/manifest.md', encoding='utf-8').read()
example = text.split('### Example', 1)[1].split(fence + 'json', 1)[1].split(fence, 1)[0]
jsonschema.validate(json.loads(example), json.load(open('docs/manifest.schema.json')))"
# Every payload file, one by one, against its record under "files".
check "manifest.json lists every payload file with its size, SHA-256 and media type" $PY -c "
import hashlib, json, os, subprocess, sys
bag = sys.argv[1]
m = json.load(open(os.path.join(bag, 'manifest.json')))
on_disk = sorted(os.path.relpath(os.path.join(d, f), bag) for d, _, fs in os.walk(os.path.join(bag, 'data')) for f in fs)
listed = [f['path'] for f in m['files']]
assert listed == on_disk, (set(listed) ^ set(on_disk))
# What file(1) says, for the types it can tell apart; the rest by name.
sniffed = {'application/pdf', 'image/png', 'image/jpeg', 'text/html'}
by_name = {'.md': 'text/markdown', '.yaml': 'application/yaml'}
for f in m['files']:
    p = os.path.join(bag, f['path'])
    data = open(p, 'rb').read()
    assert len(data) == f['bytes'], p
    assert hashlib.sha256(data).hexdigest() == f['sha256'], p
    t = subprocess.run(['file', '-b', '--mime-type', p], capture_output=True, text=True).stdout.strip()
    if t in sniffed:
        assert f['media_type'] == t, (p, f['media_type'], t)
    else:
        assert f['media_type'] == by_name[os.path.splitext(p)[1]], (p, f['media_type'])
for d in m['documents']:
    for part in ('pdf', 'source'):
        assert d[part] in m['files'], d[part]
for x in m['extras']:
    assert x in m['files'], x
assert len(m['files']) > 70 and 'data/index.html' in listed and 'data/kallor/bundle.yaml' in listed
" "$bag"
check "manifest.json says which copy this is" $PY -c "
import json, sys
m = json.load(open(sys.argv[1]))
assert m['identifier'] == 'heja-material-1.0.0', m['identifier']
assert m['variant'] == {'name': 'standard', 'paper': 'A4', 'handouts': False, 'print_shop': False, 'pdfa': 'PDF/A-2a', 'tagged': True}, m['variant']
assert m['license_spdx'] == 'CC-BY-SA-4.0' and m['license_url'] == 'https://creativecommons.org/licenses/by-sa/4.0/'
assert 'website' not in m, 'the shipped material names no website'
" "$bag/manifest.json"
for line in 'Bundle-Variant: standard' 'Paper-Size: A4' 'PDF-Archival-Format: PDF/A-2a' 'PDF-Tagged: yes' \
	'License-SPDX: CC-BY-SA-4.0' 'License-URL: https://creativecommons.org/licenses/by-sa/4.0/' \
	'Bag-Group-Identifier: heja-material-1.0.0'; do
	check "bag-info.txt: $line" grep -qx "$line" "$bag/bag-info.txt"
done
check "README.txt states the edition" sh -c "grep -q '^  Arkivformat  *PDF/A-2a' '$bag/README.txt' && grep -q '^  Taggad PDF  *ja' '$bag/README.txt' && grep -q '^  Identifierare  *heja-material-1.0.0\$' '$bag/README.txt'"
check "README.txt gives the licence's SPDX id" grep -q 'SPDX-identifierare: CC-BY-SA-4.0' "$bag/README.txt"
check "index.html links the licence" grep -q 'href="https://creativecommons.org/licenses/by-sa/4.0/">CC BY-SA 4.0</a> (SPDX: CC-BY-SA-4.0)' "$bag/data/index.html"

check "index.html has no scripts and no external resources" sh -c "! grep -qiE '<script|src=\"(https?:)?//|href=\"(https?:)?//[^\"]*\\.(css|js)' '$bag/data/index.html'"
check "index.html links every PDF" sh -c "for p in \$(cd '$bag/data' && ls ovningar/*.pdf rapporter/*.pdf); do grep -q \"href=\\\"\$p\\\"\" '$bag/data/index.html' || exit 1; done"

# hejapack verify: the ZIP and the unpacked copy are intact ...
"$HEJAPACK" verify "$zip" > "$OUT/verify.txt" 2>&1
check "verify accepts the ZIP" test $? -eq 0
"$HEJAPACK" verify "$bag" > "$OUT/verify-dir.txt" 2>&1
check "verify accepts the unpacked directory" test $? -eq 0
check "verify says which checks ran" grep -q ": checked: .*bagit.txt, manifest-sha256.txt, manifest-sha512.txt, tagmanifest-sha256.txt, tagmanifest-sha512.txt, Payload-Oxum, manifest.json (32 documents, [0-9]* files)" "$OUT/verify.txt"
check "and that the .zip.sha256 was checked" grep -qx "$zip: checked: the whole file against heja-material-1.0.0.zip.sha256" "$OUT/verify.txt"
cp "$zip" "$OUT/lone.zip"
"$HEJAPACK" verify "$OUT/lone.zip" > "$OUT/verify-lone.txt" 2>&1
check "without a .zip.sha256 it says so, and still passes" sh -c "[ $? -eq 0 ] && grep -qx '$OUT/lone.zip: not checked: the whole file (no lone.zip.sha256 beside it)' '$OUT/verify-lone.txt'"
check "an unpacked copy is not said to have a .zip.sha256" sh -c "! grep -q 'sha256 beside\|whole file' '$OUT/verify-dir.txt'"
# ... and a changed byte anywhere is found.
cp "$zip" "$OUT/flip.zip"
size=$(stat -c %s "$OUT/flip.zip")
missed=0
for pos in 100 5000 50000 500000 1000000 2500000 $((size - 300)) $((size - 40)); do
	cp "$zip" "$OUT/flip.zip"
	cp "$zip.sha256" "$OUT/flip.zip.sha256.orig"
	$PY -c "
import sys
p, pos = sys.argv[1], int(sys.argv[2])
b = bytearray(open(p, 'rb').read()); b[pos] ^= 0x5A; open(p, 'wb').write(b)" "$OUT/flip.zip" "$pos"
	"$HEJAPACK" verify "$OUT/flip.zip" > "$OUT/flip.txt" 2>&1 && { echo "byte $pos flipped: not reported"; missed=$((missed + 1)); }
done
check "every flipped byte is reported" test $missed -eq 0
# A changed file in the unpacked copy is named.
echo "tillägg" >> "$bag/data/kallor/exercises/framtid.md"
"$HEJAPACK" verify "$bag" > "$OUT/verify-changed.txt" 2>&1
check "a changed file makes verify fail" test $? -eq 1
check "and is named" grep -q "kallor/exercises/framtid.md" "$OUT/verify-changed.txt"

# Hostile archives are each rejected with their own message.
$PY tests/e2e/hostile_zips.py "$OUT/hostile" > /dev/null
rejected=0
total=0
while IFS='	' read -r file expect; do
	total=$((total + 1))
	"$HEJAPACK" verify "$OUT/hostile/$file" > "$OUT/hostile/$file.txt" 2>&1
	status=$?
	# Controls (good.zip and others whose expected text is 'intact') must pass.
	if [ "$file" = good.zip ] || [ "$expect" = intact ]; then
		[ $status -eq 0 ] && rejected=$((rejected + 1)) || echo "$file: expected to pass, got $status"
		continue
	fi
	if [ $status -eq 1 ] && grep -qF -- "$expect" "$OUT/hostile/$file.txt"; then
		rejected=$((rejected + 1))
	else
		echo "$file: status $status, expected '$expect' in: $(head -n 3 "$OUT/hostile/$file.txt")"
	fi
done < "$OUT/hostile/cases.txt"
check "every hostile ZIP is rejected with its message, controls pass ($rejected of $total cases)" sh -c "[ $rejected -eq $total ] && [ $total -gt 20 ]"

# hejapack diff lists a changed document with both versions.
cp -r material "$OUT/m2"
sed -i 's/^version: 1.0.0$/version: 1.0.1/' "$OUT/m2/exercises/framtid.md"
echo "Ett nytt stycke." >> "$OUT/m2/exercises/framtid.md"
printf 'website: "https://example.org/heja/"\n' >> "$OUT/m2/bundle.yaml"
SOURCE_DATE_EPOCH=1735689600 "$HEJAPACK" -q build -C "$OUT/m2" -o "$OUT/o2" --version 1.0.1 --previous "$zip" > "$OUT/build2.log" 2>&1
check "a new release with --previous builds" test -s "$OUT/o2/heja-material-1.0.1.zip"
"$HEJAPACK" diff "$zip" "$OUT/o2/heja-material-1.0.1.zip" > "$OUT/diff.txt" 2>&1
check "diff shows framtid 1.0.0 -> 1.0.1" grep -q "framtid 1.0.0 -> 1.0.1" "$OUT/diff.txt"
check "a website in bundle.yaml reaches manifest.json, bag-info.txt and README.txt" sh -c "
	unzip -p '$OUT/o2/heja-material-1.0.1.zip' heja-material-1.0.1/manifest.json | grep -q '\"website\": *\"https://example.org/heja/\"' &&
	unzip -p '$OUT/o2/heja-material-1.0.1.zip' heja-material-1.0.1/bag-info.txt | grep -qx 'Original-Website: https://example.org/heja/' &&
	unzip -p '$OUT/o2/heja-material-1.0.1.zip' heja-material-1.0.1/README.txt | grep -q 'https://example.org/heja/'"
check "the changelog is in the new README.txt" sh -c "unzip -p '$OUT/o2/heja-material-1.0.1.zip' heja-material-1.0.1/README.txt | grep -q 'framtid'"
sed -i 's/^version: 1.0.1$/version: 1.0.0/' "$OUT/m2/exercises/framtid.md"
"$HEJAPACK" -q build -C "$OUT/m2" -o "$OUT/o3" --version 1.0.2 --previous "$zip" > "$OUT/build3.log" 2>&1
check "a changed source without a new version fails the build" test $? -eq 1
check "and names the document" grep -q "framtid" "$OUT/build3.log"
check "and writes no bundle" test ! -e "$OUT/o3/heja-material-1.0.2.zip"
finish
