# Shared by docs/make-images.sh and docs/make-print-images.sh (sourced).
# Both choose a page by a phrase on it, so the images follow the material,
# and a phrase no longer found fails the run instead of showing a wrong page.
# The caller sets $out, the directory the images go to.

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
	echo "$(basename "$0"): '$2' is on no page of $1" >&2
	return 1
}

# shot PDF PAGE NAME [DPI]: one page (72 dpi unless given) as $out/NAME.png.
shot() {
	pdftoppm -r "${4:-72}" -png -singlefile -f "$2" -l "$2" "$1" "$out/$3"
	echo "$out/$3.png (page $2 of $(basename "$1"))"
}
