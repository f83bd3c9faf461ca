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

. "$(dirname "$0")/pages.sh"

"$hejapack" -q pdf --handouts material/exercises/prioriteringsmatris.md -o "$scratch/handout.pdf"
shot "$scratch/handout.pdf" "$(page_with "$scratch/handout.pdf" "Arbetsblad · Pröva")" handout-worksheet 72
"$hejapack" -q pdf --print-shop material/reports/projektrapport.md -o "$scratch/print-shop.pdf"
shot "$scratch/print-shop.pdf" 1 print-shop-cover 72
