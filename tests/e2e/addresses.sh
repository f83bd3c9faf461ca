# Web addresses and file paths in running text (issue 12): a long address,
# as a bare URL, as a link and in inline code, breaks only after / . - _ ?
# & = # : and never with a hyphen added, so copying the text gives every
# address back whole; a hyphen of the address at a line's end stays a
# hyphen (not the soft hyphen of a broken word); nothing leaves the text
# block.
. tests/e2e/_lib
fast=${HEJAPACK_FAST:-$HEJAPACK}
cat > "$OUT/adresser.md" <<'MD'
---
title: Adresser i löptext
---

Materialet fanns tidigare på https://www.heja-innovation.example.se/ovningar/prioriteringsmatris/utskriftsversion?format=pdf&storlek=a4#sidan-tre och på flera andra ställen som nu har flyttat till nya adresser.

Se även [rapporten](https://arkiv.example.org/rapporter/2023/foljeforskning_slutrapport_version-1.1.pdf) och den äldre versionen som ligger kvar på https://gammal.example.net/innovation/ledning/kommuner-och-regioner/arbetsmaterial/index.html hos förvaltningen.

En sökväg i koden, `material/exercises/prioriteringsmatris-med-mycket-langt-namn-for-att-testa.md`, bryts också där det passar, och så gör även `https://example.com/a/b/c/d/e/f/g/h/i/j/k/l/m/n/o/p/q/r/s/t/u/v/w/x/y/z` i kod.

Smalare: https://kort.example.se/en/mycket/lang/adress/som/fortsatter/och/fortsatter/utan/slut/sida.html och https://exempel.example.com/sok?fraga=innovation&kommun=uppsala&sida=2&sortera=datum_fallande i samma stycke.
MD
for paper in A4 A5; do
	"$fast" -q pdf --paper "$paper" "$OUT/adresser.md" -o "$OUT/$paper.pdf" > "$OUT/$paper.log" 2>&1
	check "$paper: the text typesets" test -s "$OUT/$paper.pdf"
	pdftotext -raw -enc UTF-8 "$OUT/$paper.pdf" "$OUT/$paper.txt"
	python3 - "$OUT/adresser.md" "$OUT/$paper.txt" > "$OUT/$paper-check.txt" 2>&1 <<'PY'
import re, sys
src = open(sys.argv[1], encoding="utf-8").read()
lines = open(sys.argv[2], encoding="utf-8").read().split("\n")
# What the reader sees: not a link's target, which is not in the text.
shown = re.sub(r"\]\([^)]*\)", "]", src)
addresses = set(re.findall(r"https://[^\s)`]+", shown)) | set(re.findall(r"`([^`]+)`", shown))
bad = 0
# A line that ends inside an address: where it ends, and whether a soft
# hyphen (a broken word's hyphen) was added there.
joined = ""
for i, line in enumerate(lines):
    line = line.rstrip("\n")
    if line.endswith("\u00ad"):
        joined += line[:-1]
        tail = joined.split()[-1] if joined.split() else ""
        if any(a.startswith(tail) or tail in a for a in addresses if len(tail) > 4):
            print(f"line {i + 1} ends inside an address with an added hyphen: {line!r}"); bad += 1
        continue
    joined += line
    last = line.split()[-1] if line.split() else ""
    inside = any(a.startswith(last) and a != last for a in addresses) or any(
        last in a and not a.endswith(last) for a in addresses if len(last) > 8)
    if inside:
        if last[-1:] not in "/.-_?&=#:":
            print(f"line {i + 1} breaks an address after {last[-1:]!r}: {line!r}"); bad += 1
        continue  # the address goes on on the next line
    joined += " "
for a in sorted(addresses):
    if a not in joined:
        print(f"not given back whole: {a}"); bad += 1
print(f"{len(addresses)} addresses, {bad} problems")
sys.exit(1 if bad else 0)
PY
	check "$paper: every address breaks only after / . - _ ? & = # : and comes back whole" test $? -eq 0
	sed 's/^/    /' "$OUT/$paper-check.txt" | tail -n 4
	python3 tests/e2e/text_block.py "$OUT/$paper.pdf" > "$OUT/$paper-block.txt" 2>&1
	check "$paper: nothing leaves the text block" test $? -eq 0
done
check "a hyphen of an address at a line's end is a hyphen, not a soft hyphen" \
	sh -c "grep -q 'kommuner-och-\$' '$OUT/A4.txt' || grep -q -- '-\$' '$OUT/A5.txt'"
finish
