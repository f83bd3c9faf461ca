"""No page ends in a hyphenated line: the word would be split across a
page turn (or a sheet, when printed).

Usage: python3 page_ends.py FILE.pdf...
Reads every page with pdftotext, drops the running footer (the licence line
and "N av M" / "N of M"), and looks at the last line of the body: a letter
followed by a hyphen there is a word broken across the page. Prints the
pages it finds and the totals; exits 1 if there is any.
"""
import re
import subprocess
import sys

FOOTER = re.compile(r"\d+ (av|of) \d+|CC BY-SA .*")


def page_count(path):
    info = subprocess.run(["pdfinfo", path], check=True, capture_output=True, text=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))


def last_body_line(path, page):
    text = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), path, "-"],
                          check=True, capture_output=True, text=True).stdout
    lines = [l.strip() for l in text.split("\n") if l.strip() and l.strip() != "\f"]
    while lines and FOOTER.fullmatch(lines[-1]):
        lines.pop()
    return lines[-1] if lines else ""


pages = broken = 0
for path in sys.argv[1:]:
    for page in range(1, page_count(path) + 1):
        pages += 1
        line = last_body_line(path, page)
        if re.search(r"\w-$", line):
            broken += 1
            print(f"{path} page {page} ends hyphenated: {line!r}")
print(f"{pages} pages, {broken} ending in a hyphenated line")
sys.exit(1 if broken else 0)
