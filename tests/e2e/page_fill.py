"""Page fill of typeset documents (issue 16, point 5).

Usage: python3 page_fill.py FILE.pdf...
Prints, per document, the body lines on each page (pdftotext -bbox; the
running header and footer left out) and fails on two shapes:
  - a run of pages ending with a page of fewer than 6 body lines, when
    the run has more than one page (a run: the pages under one running
    header, so a handout's exercise text and each worksheet are runs of
    their own; worksheets, made of writing lines, are not held to it);
  - a page whose first body line is a sub-item of a list (a bullet
    indented past the first level), cut from its parent on the page before.
Exits 1 if any document shows either.
"""
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

MIN_LINES = 6
NS = "{http://www.w3.org/1999/xhtml}"
MARKERS = ("•", "–", "◦")


def pages_of(path):
    html = subprocess.run(["pdftotext", "-bbox", path, "-"], check=True, capture_output=True, text=True).stdout
    root = ET.fromstring(html[html.index("<html"):])
    for page in root.iter(NS + "page"):
        h = float(page.get("height"))
        words = [(float(w.get("xMin")), float(w.get("yMin")), float(w.get("yMax")), w.text or "")
                 for w in page.findall(NS + "word")]
        yield h, words


def lines_of(words):
    """Body lines: words grouped by their vertical middle, top to bottom."""
    rows = []
    for w in sorted(words, key=lambda w: (w[1] + w[2]) / 2):
        mid = (w[1] + w[2]) / 2
        if rows and abs(rows[-1][0] - mid) < 3:
            rows[-1][1].append(w)
        else:
            rows.append([mid, [w]])
    return [sorted(r[1]) for r in rows]


problems = 0
for path in sys.argv[1:]:
    pages = []
    for h, words in pages_of(path):
        head = " ".join(w[3] for w in sorted(words) if w[2] < h * 0.085)
        body = [w for w in words if w[2] >= h * 0.085 and w[1] <= h * 0.915]
        pages.append((head, lines_of(body)))
    if not pages:
        continue
    left = min((line[0][0] for _, lines in pages for line in lines), default=0)
    counts = [len(lines) for _, lines in pages]
    print(f"{path}: {len(pages)} pages, body lines {' '.join(map(str, counts))}")
    # Runs of pages under one running header (the first page has none).
    heads = [pages[1][0] if i == 0 and len(pages) > 1 else head for i, (head, _) in enumerate(pages)]
    for i, (head, lines) in enumerate(pages):
        run_ends = i + 1 == len(pages) or heads[i + 1] != heads[i]
        run_pages = sum(1 for k in range(i + 1) if heads[k] == heads[i])
        worksheet = re.search(r"Arbetsblad|Worksheet", heads[i])
        if run_ends and run_pages > 1 and not worksheet and len(lines) < MIN_LINES:
            problems += 1
            print(f"  FAILED: page {i + 1} ends its run with {len(lines)} body lines")
        if i and lines and lines[0][0][3] in MARKERS and lines[0][0][0] - left > 20:
            problems += 1
            text = " ".join(w[3] for w in lines[0])
            print(f"  FAILED: page {i + 1} opens with a sub-item cut from its list: {text[:60]!r}")
print(f"page fill: {problems} problem(s)")
sys.exit(1 if problems else 0)
