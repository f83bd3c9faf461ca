#!/bin/sh
# Shows the bundle's data/index.html in headless Chromium, as an archivist's
# browser would, and saves the screenshot.
# Usage: docs/screenshot-index.sh BUNDLE.zip OUT.png   (make docs-images runs it)
set -eu
zip=$1
png=$2
sh .ci/ensure-debs chromium unzip
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && unzip -q "$zip")
index=$(ls "$work"/*/data/index.html)
# No network, no profile, nothing in the background: the page must stand alone.
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
	--disable-background-networking --disable-component-update --disable-sync \
	--user-data-dir="$work/profile" --window-size=1100,1400 --hide-scrollbars \
	--screenshot="$png" "file://$index" > "$work/chromium.log" 2>&1
test -s "$png"
echo "$png (data/index.html in Chromium)"
