"""Text extraction gives back the source: every word of a document's
Markdown, as cmark renders it, appears in order in what pdftotext extracts
from its PDF (hyphenated words rejoined, quotes and dashes compared by kind).

Usage: python3 text_roundtrip.py MATERIAL_DIR PDF_DIR
Prints one line per document and exits 1 if any document loses a word.
"""
import os
import re
import subprocess
import sys
import unicodedata
import xml.etree.ElementTree as ET

QUOTES = str.maketrans({c: '"' for c in "\u201c\u201d\u201e\u00ab\u00bb"} | {c: "'" for c in "\u2018\u2019\u201a"})
DROPPED = str.maketrans({c: None for c in "-\u2010\u00ad"})


def normalise(text):
    return unicodedata.normalize("NFKC", text).translate(QUOTES).translate(DROPPED)


def body_of(path):
    text = open(path, encoding="utf-8").read()
    if text.startswith("---"):
        end = text.index("\n---", 3)
        text = text[text.index("\n", end + 1) + 1:]
    return text


def words_of(markdown):
    xml = subprocess.run(["cmark", "-t", "xml", "--smart"], input=markdown.encode(),
                         capture_output=True, check=True).stdout
    root = ET.fromstring(xml.replace(b'<!DOCTYPE document SYSTEM "CommonMark.dtd">', b""))
    words = []

    def walk(el):
        tag = el.tag.split("}")[-1]
        # A figure may float to the next page: its caption is not in reading order.
        if tag == "image":
            return
        if tag in ("text", "code", "code_block", "html_block", "html_inline") and el.text:
            words.extend(el.text.split())
        for child in el:
            walk(child)

    walk(root)
    return words


def stream_of(pdf):
    text = subprocess.run(["pdftotext", "-q", "-raw", "-enc", "UTF-8", pdf, "-"],
                          capture_output=True, check=True).stdout.decode()
    text = re.sub(r"(?m)^\s*\u2192", "", text)
    return re.sub(r"\s+", "", normalise(text))


def first_missing(words, stream):
    at = 0
    for i, word in enumerate(words):
        w = re.sub(r"\s+", "", normalise(word))
        if not w:
            continue
        found = stream.find(w, at)
        if found < 0:
            return i, word
        at = found + len(w)
    return None


def main():
    material, pdfs = sys.argv[1], sys.argv[2]
    failed = 0
    checked = 0
    for folder, out in (("exercises", "ovningar"), ("reports", "rapporter")):
        for name in sorted(os.listdir(os.path.join(material, folder))):
            if not name.endswith(".md"):
                continue
            pdf = os.path.join(pdfs, out, name[:-3] + ".pdf")
            words = words_of(body_of(os.path.join(material, folder, name)))
            miss = first_missing(words, stream_of(pdf))
            checked += 1
            if miss:
                failed += 1
                print("%s/%s: word %d of %d, %r, not found in order" % (folder, name, miss[0] + 1, len(words), miss[1]))
            else:
                print("%s/%s: all %d words in order" % (folder, name, len(words)))
    print("text round trip: %d passed, %d failed" % (checked - failed, failed))
    return 1 if failed or not checked else 0


sys.exit(main())
