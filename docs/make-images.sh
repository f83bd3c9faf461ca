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

. "$(dirname "$0")/pages.sh"

report=$pdfs/rapporter/projektrapport.pdf
shot "$report" 1 report-cover
shot "$report" "$(page_with "$report" "Innehåll")" report-contents
shot "$report" "$(page_with "$report" "Princip för användningen")" report-body
shot "$pdfs/ovningar/prioriteringsmatris.pdf" 1 exercise
