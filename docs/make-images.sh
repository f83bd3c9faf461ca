#!/bin/sh
# Renders the sample pages shown in README.md from the PDFs of a build.
# Usage: docs/make-images.sh PDF_DIR OUT_DIR   (make docs-images runs it)
# A page is chosen by a phrase on it, so the images follow the material;
# a phrase that is no longer found fails the run instead of showing a
# wrong page.
set -eu
pdfs=$1
out=$2
mkdir -p "$out"

# page_with PDF PHRASE: the first page number whose text contains PHRASE.
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
	echo "make-images: '$2' is on no page of $1" >&2
	return 1
}

# shot PDF PAGE NAME: one page at 72 dpi as OUT/NAME.png.
shot() {
	pdftoppm -r 72 -png -singlefile -f "$2" -l "$2" "$1" "$out/$3"
	echo "$out/$3.png (page $2 of $(basename "$1"))"
}

report=$pdfs/rapporter/projektrapport.pdf
shot "$report" 1 report-cover
shot "$report" "$(page_with "$report" "Innehåll")" report-contents
shot "$report" "$(page_with "$report" "Princip för användningen")" report-body
shot "$pdfs/ovningar/prioriteringsmatris.pdf" 1 exercise
