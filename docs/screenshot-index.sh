#!/bin/sh
# Shows a page of the bundle's HTML edition (data/index.html unless PAGE, a
# path below data/, is given) in headless Chromium, as an archivist's browser
# would, and saves the screenshot.
# Usage: docs/screenshot-index.sh BUNDLE.zip OUT.png [PAGE]   (make docs-images runs it)
set -eu
zip=$1
png=$2
page=${3:-index.html}
sh .ci/ensure-debs chromium unzip
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && unzip -q "$zip")
file=$(ls "$work"/*/data/"$page")
# No network, no profile, nothing in the background: the page must stand alone.
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
	--disable-background-networking --disable-component-update --disable-sync \
	--user-data-dir="$work/profile" --window-size=1100,1400 --hide-scrollbars \
	--screenshot="$png" "file://$file" > "$work/chromium.log" 2>&1
test -s "$png"
echo "$png (data/$page in Chromium)"
