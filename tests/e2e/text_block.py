"""No glyph lies outside the text block (issue 17, point 1).

Usage: python3 text_block.py FILE.pdf...
Reads every word's box with `pdftotext -bbox`. The text block of a document
is found on its own pages, not assumed: its right edge is where the page
number of the running footer ("N av M", "N of M") ends, since that is set
flush right; its left edge is where the footer's licence line or the
running header's title begins, set flush left. A page without a footer (a
report cover) is held to the block of the document's other pages. A word
that starts left of the block or ends right of it by more than 0.5 pt is
reported; exits 1 if there is any. Margin protrusion lets a line's last
hyphen, period, comma, colon, semicolon, !, ?, dash or quotation mark (and
a first dash or quotation mark) hang out: a word that ends (starts) with
one may pass the edge by up to 0.3 of its box's height, about a third of
the type size, and no other word may pass it at all.
"""
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

SLACK = 0.5
HANG_RIGHT = set("-.,:;!?\u00ad\u2010\u2011\u2013\u2014\"'\u201d\u2019\u201c\u2018\u201e\u00bb\u00ab\u203a\u2039")
HANG_LEFT = set("\u2013\u2014\"'\u201d\u2019\u201c\u2018\u201e\u00bb\u00ab\u203a\u2039")
PAGE_NO = re.compile(r"\d+")


def pages_of(path):
    html = subprocess.run(["pdftotext", "-bbox", path, "-"], check=True, capture_output=True,
                          text=True).stdout
    # The XHTML carries a doctype ElementTree does not need.
    html = html[html.index("<html"):]
    ns = {"x": "http://www.w3.org/1999/xhtml"}
    root = ET.fromstring(html)
    pages = []
    for page in root.iter("{http://www.w3.org/1999/xhtml}page"):
        words = []
        for w in page.findall("x:word", ns):
            words.append((float(w.get("xMin")), float(w.get("yMin")), float(w.get("xMax")),
                          float(w.get("yMax")), w.text or ""))
        pages.append((float(page.get("height")), words))
    return pages


def lines_of(words):
    """Words grouped by their top edge, each line sorted left to right."""
    rows = {}
    for w in words:
        rows.setdefault(round(w[1], 1), []).append(w)
    return [sorted(r) for _, r in sorted(rows.items())]


def block_edges(pages):
    """(left, right) of the text block, from the footers; None if unknown."""
    lefts, rights = [], []
    for height, words in pages:
        # The footer: the words below nine tenths of the page, left to right
        # (the licence line and the page number differ in size, so they do
        # not share a top edge).
        foot = sorted(w for w in words if w[1] > height * 0.9)
        if (len(foot) >= 3 and PAGE_NO.fullmatch(foot[-1][4]) and foot[-2][4] in ("av", "of")
                and PAGE_NO.fullmatch(foot[-3][4])):
            rights.append(foot[-1][2])
            if len(foot) > 3:
                lefts.append(foot[0][0])
        lines = lines_of(w for w in words if w[1] < height * 0.1)
        if lines:
            lefts.append(lines[0][0][0])
    # The most common left edge: the header's title and the licence agree.
    left = None
    if lefts:
        counts = {}
        for v in lefts:
            counts[round(v, 1)] = counts.get(round(v, 1), 0) + 1
        left = max(counts, key=lambda v: (counts[v], -v))
    right = max(rights) if rights else None
    return left, right


bad = checked = hanging = 0
for path in sys.argv[1:]:
    pages = pages_of(path)
    left, right = block_edges(pages)
    if right is None:
        print(f"{path}: no footer page number found: cannot tell the text block")
        bad += 1
        continue
    for number, (height, words) in enumerate(pages, 1):
        for x0, y0, x1, y1, text in words:
            checked += 1
            hang = 0.3 * (y1 - y0)
            hanging += x1 > right + 0.3 and text[-1:] in HANG_RIGHT
            if x1 > right + SLACK + (hang if text[-1:] in HANG_RIGHT else 0):
                bad += 1
                print(f"{path} page {number}: '{text}' ends {x1 - right:.2f} pt right of the text block")
            if left is not None and x0 < left - SLACK - (hang if text[:1] in HANG_LEFT else 0):
                bad += 1
                print(f"{path} page {number}: '{text}' starts {left - x0:.2f} pt left of the text block")
print(f"{checked} words in {len(sys.argv) - 1} files, {bad} outside the text block by more than {SLACK} pt")
print(f"{hanging} line ends hang into the right margin (margin protrusion)")
sys.exit(1 if bad else 0)
