"""No page ends in a hyphenated line: the word would be split across a
page turn (or a sheet, when printed). And every page after the first
carries its running footer with its own number: "N av M" (or "N of M").

Usage: python3 page_ends.py FILE.pdf...
Reads every page with pdftotext, drops the running footer (the licence line
and the page number), and looks at the last line of the body: a letter
followed by a hyphen (or soft hyphen) there is a word broken across the page. Prints the
pages it finds and the totals; exits 1 if there is any problem.
"""
import re
import subprocess
import sys

FOOTER = re.compile(r"\d+ (av|of) \d+|CC BY-SA .*")


def page_count(path):
    info = subprocess.run(["pdfinfo", path], check=True, capture_output=True, text=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))


def page_lines(path, page):
    text = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), path, "-"],
                          check=True, capture_output=True, text=True).stdout
    return [l.strip() for l in text.split("\n") if l.strip() and l.strip() != "\f"]


pages = broken = unnumbered = 0
for path in sys.argv[1:]:
    count = page_count(path)
    for page in range(1, count + 1):
        pages += 1
        lines = page_lines(path, page)
        # The first page may be a cover, which has no footer.
        if page > 1 and not any(re.fullmatch(rf"{page} (av|of) {count}", l) for l in lines):
            unnumbered += 1
            print(f"{path} page {page}: no footer '{page} av {count}'")
        while lines and FOOTER.fullmatch(lines[-1]):
            lines.pop()
        line = lines[-1] if lines else ""
        # (Tagged PDFs draw the hyphen a word was broken at as a soft hyphen.)
        if re.search(r"\w[-\u00ad]$", line):
            broken += 1
            print(f"{path} page {page} ends hyphenated: {line!r}")
print(f"{pages} pages, {broken} ending in a hyphenated line, {unnumbered} after the first without their number")
sys.exit(1 if broken or unnumbered else 0)
