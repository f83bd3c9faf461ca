#!/bin/sh
# Renders the sample pages of the print variants: a worksheet page of a
# workshop handout (the prioritisation matrix) and a print-shop page with
# its crop marks and bleed (a report's cover, whose band runs into the
# bleed). Usage: docs/make-print-images.sh HEJAPACK SCRATCH_DIR OUT_DIR
# (make docs-images runs it). A page is chosen by a phrase on it, so the
# images follow the material; a phrase no longer found fails the run.
set -eu
hejapack=$1
scratch=$2
out=$3
mkdir -p "$scratch" "$out"

page_with() {
	n=$(pdfinfo "$1" | awk '/^Pages:/ { print $2 }')
	i=1
	while [ "$i" -le "$n" ]; do
		if pdftotext -f "$i" -l "$i" "$1" - | tr '\n' ' ' | grep -qF -- "$2"; then
			echo "$i"
			return 0
		fi
		i=$((i + 1))
	done
	echo "make-print-images: '$2' is on no page of $1" >&2
	return 1
}

# shot PDF PAGE NAME DPI: one page as OUT/NAME.png.
shot() {
	pdftoppm -r "$4" -png -singlefile -f "$2" -l "$2" "$1" "$out/$3"
	echo "$out/$3.png (page $2 of $(basename "$1"))"
}

"$hejapack" -q pdf --handouts material/exercises/prioriteringsmatris.md -o "$scratch/handout.pdf"
shot "$scratch/handout.pdf" "$(page_with "$scratch/handout.pdf" "Arbetsblad · Pröva")" handout-worksheet 72
"$hejapack" -q pdf --print-shop material/reports/projektrapport.md -o "$scratch/print-shop.pdf"
shot "$scratch/print-shop.pdf" 1 print-shop-cover 72
