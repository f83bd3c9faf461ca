# Document-level promises of the typesetting engine that other scripts do
# not assert: the catalog's language and display title, an outline that
# mirrors the headings, English labels for an English document, and the
# note in verbose mode when a long string has to be broken inside.
. tests/e2e/_lib
fast=${HEJAPACK_FAST:-$HEJAPACK}
mkdir -p "$OUT/doc"

# A report of the shipped material.
"$fast" -q pdf material/reports/projektrapport.md -o "$OUT/doc/rapport.pdf" > "$OUT/rapport.log" 2>&1
check "the project report typesets" test -s "$OUT/doc/rapport.pdf"
python3 - "$OUT/doc/rapport.pdf" material/reports/projektrapport.md > "$OUT/catalog.txt" 2>&1 <<'PY'
import json, re, subprocess, sys
pdf, source = sys.argv[1], sys.argv[2]
objects = json.loads(subprocess.run(["qpdf", "--json=2", "--json-key=qpdf", pdf],
                                    check=True, capture_output=True).stdout)["qpdf"][1]
def value(ref):
    return objects["obj:" + ref]["value"] if isinstance(ref, str) and ref.endswith(" R") else ref
catalog = value(objects["trailer"]["value"]["/Root"])
problems = []
if catalog.get("/Lang") != "u:sv":
    problems.append(f"/Lang is {catalog.get('/Lang')}")
if value(catalog.get("/ViewerPreferences", {})).get("/DisplayDocTitle") is not True:
    problems.append("no DisplayDocTitle")
# Outline titles, depth first, against the source's headings (levels 1-3).
titles = []
def walk(ref):
    while ref:
        node = value(ref)
        t = node.get("/Title", "")
        titles.append(bytes.fromhex(t[2:]).decode("utf-16") if t.startswith("b:feff") else t[2:])
        walk(node.get("/First"))
        ref = node.get("/Next")
walk(value(catalog["/Outlines"]).get("/First"))
text = open(source, encoding="utf-8").read().split("\n---\n", 1)[1]
headings = [m.group(1).strip() for m in re.finditer(r"^#{1,3} (.+)$", text, re.M)]
missing = [h for h in headings if not any(h in t for t in titles)]
if not headings or missing:
    problems.append(f"headings missing from the outline: {missing[:5]} ({len(titles)} outline entries)")
print("\n".join(problems) or f"ok: /Lang sv, DisplayDocTitle, {len(titles)} outline entries cover {len(headings)} headings")
sys.exit(1 if problems else 0)
PY
check "catalog: /Lang (sv), DisplayDocTitle, and an outline holding every heading" test $? -eq 0
cat "$OUT/catalog.txt"

# An English document outside the material: English labels.
{
	printf -- '---\ntitle: "An English document"\nlanguage: en\n---\n\n'
	i=0
	while [ $i -lt 120 ]; do
		printf '## Part %d\n\nSome plain English text that fills the pages, paragraph after paragraph.\n\n' $i
		i=$((i + 1))
	done
} > "$OUT/doc/english.md"
"$fast" -q pdf "$OUT/doc/english.md" -o "$OUT/doc/english.pdf" > "$OUT/english.log" 2>&1
check "an English document typesets" test -s "$OUT/doc/english.pdf"
pdftotext "$OUT/doc/english.pdf" "$OUT/english.txt"
check "its footers say 'N of M', not 'N av M'" sh -c \
	"grep -qE '^2 of [0-9]+\$' '$OUT/english.txt' && ! grep -qE '^[0-9]+ av [0-9]+\$' '$OUT/english.txt'"
check "its catalog says /Lang (en)" sh -c "qpdf --qdf --object-streams=disable '$OUT/doc/english.pdf' - | grep -aq '/Lang (en)'"

# A string too long for any line, with no place hyphenation could break it:
# broken inside, and -v says so with file:line.
printf '# Lång sträng\n\nFörst lite text.\n\n%s\n' \
	"$(printf '0123456789%.0s' 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16)" > "$OUT/doc/long.md"
"$fast" -v pdf "$OUT/doc/long.md" -o "$OUT/doc/long.pdf" > "$OUT/long.log" 2>&1
check "a 160-digit string typesets" test -s "$OUT/doc/long.pdf"
check "-v notes the broken string with file and line" \
	grep -q "long.md:5:.*a long string was broken inside to fit the line" "$OUT/long.log"
"$fast" pdf "$OUT/doc/long.md" -o "$OUT/doc/long2.pdf" > "$OUT/long-quiet.log" 2>&1
check "without -v there is no such note" sh -c "! grep -q 'long string' '$OUT/long-quiet.log'"
finish
