# Booklets (`pdf --booklet`): A5 pages two-up on landscape A4 sheets in
# folding order for saddle stitching, blank pages added at the end to a
# multiple of four. Which page sits on which half of which side is read back
# with pdftotext from each half of each output page.
. tests/e2e/_lib

# half PDF PAGE left|right: the text on that half of an output page.
half() {
	if [ "$3" = left ]; then x=0; else x=421; fi
	pdftotext -f "$2" -l "$2" -x "$x" -y 0 -W 421 -H 596 "$1" - | tr '\n' ' ' | tr -s ' '
}

# expect_order PDF PAGES FIRST_PAGE_PHRASE: every half shows the page that
# folding order puts there: "N av PAGES" in its footer, the first page by a
# phrase of its own (a report's cover has no footer), a blank nothing.
expect_order() {
	pdf=$1 n=$2 cover=$3
	padded=$(( (n + 3) / 4 * 4 ))
	sides=$(pdfinfo "$pdf" | awk '/^Pages:/ { print $2 }')
	check "$(basename "$pdf"): $n pages make $((padded / 2)) sheet sides" test "$sides" -eq $((padded / 2))
	o=0
	order=""
	while [ "$o" -lt $((padded / 2)) ]; do
		s=$((o / 2))
		if [ $((o % 2)) -eq 0 ]; then
			left=$((padded - 1 - 2 * s)) right=$((2 * s))
		else
			left=$((2 * s + 1)) right=$((padded - 2 - 2 * s))
		fi
		for side in left right; do
			eval "p=\$$side"
			text=$(half "$pdf" $((o + 1)) "$side")
			if [ "$p" -ge "$n" ]; then
				check "side $((o + 1)) $side is blank" test -z "$(printf '%s' "$text" | tr -d ' \f')"
				order="$order -"
			elif [ "$p" -eq 0 ]; then
				check "side $((o + 1)) $side is page 1" sh -c "printf '%s' \"\$1\" | grep -qF -- \"\$2\"" - "$text" "$cover"
				order="$order 1"
			else
				check "side $((o + 1)) $side is page $((p + 1))" \
					sh -c "printf '%s' \"\$1\" | grep -qF -- \"\$2\"" - "$text" "$((p + 1)) av $n"
				order="$order $((p + 1))"
			fi
		done
		o=$((o + 1))
	done
	echo "  order of $(basename "$pdf"):$order"
}

report=material/reports/om-materialet.md
"$HEJAPACK" -q pdf --paper A5 "$report" -o "$OUT/report-a5.pdf" > /dev/null 2>&1
n=$(pdfinfo "$OUT/report-a5.pdf" | awk '/^Pages:/ { print $2 }')
"$HEJAPACK" pdf --booklet "$report" -o "$OUT/report-booklet.pdf" > "$OUT/report.log" 2>&1
check "pdf --booklet writes the booklet" test -s "$OUT/report-booklet.pdf"
check "sheets are landscape A4" sh -c "pdfinfo '$OUT/report-booklet.pdf' | grep -q 'Page size: *841.89 x 595.276'"
check "it reports its sheet sides" grep -q "report-booklet.pdf: $(( (n + 3) / 4 * 2 )) pages" "$OUT/report.log"
expect_order "$OUT/report-booklet.pdf" "$n" "Om materialet"

# An exercise: every page has its footer, page 1 too.
ex=material/exercises/prioriteringsmatris.md
"$HEJAPACK" -q pdf --paper A5 "$ex" -o "$OUT/ex-a5.pdf" > /dev/null 2>&1
n=$(pdfinfo "$OUT/ex-a5.pdf" | awk '/^Pages:/ { print $2 }')
"$HEJAPACK" -q pdf --booklet --paper A5 "$ex" -o "$OUT/ex-booklet.pdf" > /dev/null 2>&1
expect_order "$OUT/ex-booklet.pdf" "$n" "1 av $n"
check "the booklet's text is the A5 document's" \
	test "$(pdftotext "$OUT/ex-booklet.pdf" - | grep -c 'Prioriteringsmatris')" -eq "$(pdftotext "$OUT/ex-a5.pdf" - | grep -c 'Prioriteringsmatris')"

# A handout as a booklet.
"$HEJAPACK" -q pdf --booklet --handouts "$ex" -o "$OUT/handout-booklet.pdf" > /dev/null 2>&1
"$HEJAPACK" -q pdf --handouts --paper A5 "$ex" -o "$OUT/handout-a5.pdf" > /dev/null 2>&1
n=$(pdfinfo "$OUT/handout-a5.pdf" | awk '/^Pages:/ { print $2 }')
expect_order "$OUT/handout-booklet.pdf" "$n" "1 av $n"

# Without -o the booklet goes beside the input under its own name.
mkdir -p "$OUT/plain"
printf '# Anteckningar\n\nEn rad.\n' > "$OUT/plain/notes.md"
"$HEJAPACK" -q pdf --booklet "$OUT/plain/notes.md" > /dev/null 2>&1
check "the default name is FILE-booklet.pdf" test -s "$OUT/plain/notes-booklet.pdf"
check "and the plain PDF's name is left alone" test ! -e "$OUT/plain/notes.pdf"
check "one page makes one sheet: two sides" sh -c "pdfinfo '$OUT/plain/notes-booklet.pdf' | grep -q '^Pages: *2\$'"

"$HEJAPACK" pdf --booklet --paper A4 "$report" -o "$OUT/a4.pdf" > "$OUT/a4.log" 2>&1
status=$?
check "--booklet with --paper A4 is a usage error (2)" test "$status" -eq 2
check "and says why" grep -q "A5 pages on A4 sheets" "$OUT/a4.log"
"$HEJAPACK" build --booklet -o "$OUT/build" > "$OUT/build.log" 2>&1
status=$?
check "build does not take --booklet (2)" test "$status" -eq 2
finish
