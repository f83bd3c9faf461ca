#!/usr/bin/env python3
"""The CommonMark spec examples as an end-to-end test of `hejapack pdf`.

  spec_examples.py extract SPEC DIR   writes DIR/NNN.md (one per example) and
                                      DIR/NNN.words: the words of cmark's own
                                      rendering, one per line
  spec_examples.py compare DIR        reads what the renderer left beside each
                                      example (NNN.rc, NNN.err, NNN.txt from
                                      pdftotext), prints a summary and every
                                      failure, and exits 1 if any failed

The words of cmark's rendering are taken from `cmark -t xml --smart` (the
parse hejapack itself makes, CMARK_OPT_SMART, but for dashes: see DROPPED): the text of every text,
code, code block, link and heading, with entities decoded, plus the literal
source of raw HTML, since hejapack shows HTML as text where a browser would
interpret it. Image descriptions are left out: an HTML rendering carries them
in an attribute, not as text.

A plain document takes its title from its first level-1 heading (set at the
top of the page, not in the body), so those words are expected first.

Matching: both sides are normalised (NFKC, every quotation mark the same,
soft and hard hyphens dropped, so words hyphenated across lines rejoin,
whitespace removed), and every expected word must occur in the extracted text
after the previous one. Comparing without whitespace tolerates line breaks
inside long words (code lines wrapped by characters, URLs broken anywhere).
"""
import os
import re
import subprocess
import sys
import unicodedata
import xml.etree.ElementTree as ET

FENCE = "`" * 32
NS = "{http://commonmark.org/xml/1.0}"

# Every quotation mark, straight or typographic, in any language's style.
QUOTES = dict.fromkeys(map(ord, "\"'\u2018\u2019\u201a\u201b\u201c\u201d\u201e\u201f\u00ab\u00bb\u2039\u203a\u2032\u2033"), '"')
# Hyphens: a word broken at a line end shows one the source lacks, and a
# source hyphen may end a line; dropping them on both sides compares the rest.
# En and em dashes go too: cmark --smart makes every run of hyphens dashes,
# while hejapack keeps those that stand between no words ("|---|", "a---";
# tests/unit/test_markdown.c checks that rule).
DROPPED = dict.fromkeys(map(ord, "-\u00ad\u2010\u2011\u2013\u2014"), None)


def examples(spec_path):
    """Yields (number, line, section, markdown) for every example."""
    with open(spec_path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    number = 0
    section = ""
    i = 0
    while i < len(lines):
        line = lines[i]
        m = re.match(r"#{1,6} +(.*)", line)
        if m:
            section = m.group(1).strip()
        if line.startswith(FENCE + " example"):
            start = i + 1
            j = start
            while lines[j] != ".":
                j += 1
            md = lines[start:j]
            k = j + 1
            while not lines[k].startswith(FENCE):
                k += 1
            number += 1
            text = "\n".join(md) + ("\n" if md else "")
            yield number, start, section, text.replace("\u2192", "\t")
            i = k
        i += 1


def xml_safe(text):
    """cmark copies control characters into its XML; XML 1.0 forbids them."""
    return re.sub("[\x00-\x08\x0b\x0c\x0e-\x1f]", "\ufffd", text)


def collect(node, out):
    """Appends the shown text of node and its descendants to out."""
    tag = node.tag[len(NS):] if node.tag.startswith(NS) else node.tag
    if tag == "image":
        return
    if tag in ("text", "code", "code_block", "html_block", "html_inline"):
        out.append(node.text or "")
        out.append(" " if tag in ("code_block", "html_block") else "")
        return
    if tag in ("softbreak", "linebreak"):
        out.append(" ")
        return
    for child in node:
        collect(child, out)
    # Blocks end words.
    if tag not in ("emph", "strong", "link"):
        out.append(" ")


def has_title_text(heading):
    """hejapack titles a document with its first level-1 heading that has text or code."""
    return any((n.text or "") for n in heading.iter() if n.tag in (NS + "text", NS + "code"))


def expected_words(markdown):
    xml = subprocess.run(["cmark", "-t", "xml", "--smart"], input=markdown.encode("utf-8"),
                         stdout=subprocess.PIPE, check=True).stdout.decode("utf-8")
    root = ET.fromstring(xml_safe(xml).encode("utf-8"))
    title = []
    body = []
    promoted = False
    for block in root:
        tag = block.tag[len(NS):]
        if not promoted and tag == "heading" and block.get("level") == "1" and has_title_text(block):
            collect(block, title)
            promoted = True
        else:
            collect(block, body)
    return "".join(title).split() + "".join(body).split()


def extract(spec_path, out_dir):
    os.makedirs(out_dir, exist_ok=True)
    index = []
    for number, line, section, md in examples(spec_path):
        base = os.path.join(out_dir, "%03d" % number)
        with open(base + ".md", "w", encoding="utf-8", newline="") as f:
            f.write(md)
        with open(base + ".words", "w", encoding="utf-8") as f:
            f.write("".join(w + "\n" for w in expected_words(md)))
        index.append("%03d\t%d\t%s\n" % (number, line, section))
    with open(os.path.join(out_dir, "index.tsv"), "w", encoding="utf-8") as f:
        f.writelines(index)
    print("%d examples extracted from %s" % (len(index), spec_path))


def normalise(text):
    text = unicodedata.normalize("NFKC", text)
    return text.translate(QUOTES).translate(DROPPED)


def squeeze(text):
    return re.sub(r"\s+", "", text)


def extracted_stream(pdf_text):
    # A wrapped code line starts with the renderer's continuation arrow.
    pdf_text = re.sub(r"(?m)^\s*\u2192", "", pdf_text)
    return squeeze(normalise(pdf_text))


def first_missing(words, stream):
    """The first word not found after its predecessor, with its index, or None."""
    at = 0
    for i, word in enumerate(words):
        w = squeeze(normalise(word))
        if not w:
            continue
        found = stream.find(w, at)
        if found < 0:
            return i, word
        at = found + len(w)
    return None


def read(path, default=""):
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            return f.read()
    except FileNotFoundError:
        return default


def first_message(err):
    for line in err.splitlines():
        if ": error:" in line or "ERROR" in line or "runtime error" in line:
            return line.strip()
    lines = [l.strip() for l in err.splitlines() if l.strip()]
    return lines[0] if lines else "(no message)"


def compare(out_dir):
    index = [l.rstrip("\n").split("\t") for l in read(os.path.join(out_dir, "index.tsv")).splitlines()]
    kinds = {"crash": [], "empty": [], "error": [], "words": []}
    for number, line, section in index:
        base = os.path.join(out_dir, number)
        rc = read(base + ".rc", "missing").strip()
        err = read(base + ".err")
        words = read(base + ".words").split("\n")[:-1]
        where = "example %s (spec line %s, %s)" % (number.lstrip("0"), line, section)
        sanitizer = "Sanitizer" in err or "runtime error:" in err
        if sanitizer or rc not in ("0", "1"):
            kinds["crash"].append("%s: exit %s: %s" % (where, rc, first_message(err)))
        elif rc == "1" and "no body text" in err:
            kinds["empty"].append("%s: %s words expected: %s" % (where, len(words), first_message(err)))
        elif rc != "0":
            kinds["error"].append("%s: %s" % (where, first_message(err)))
        else:
            # A character in none of the fonts is reported and drawn as
            # U+FFFD: that is the promised behaviour, so expect it there.
            for code in re.findall(r"character U\+([0-9A-F]{4,6}) is in none of hejapack's fonts", err):
                words = [w.replace(chr(int(code, 16)), "\ufffd") for w in words]
            miss = first_missing(words, extracted_stream(read(base + ".txt")))
            if miss:
                i, word = miss
                kinds["words"].append("%s: word %d of %d, %r, not found in order" % (where, i + 1, len(words), word))
    total = len(index)
    failed = sum(len(v) for v in kinds.values())
    titles = {
        "crash": "crashed or sanitizer report",
        "empty": "rejected as an empty document",
        "error": "rejected with an input error",
        "words": "rendered, but words of cmark's rendering missing",
    }
    for kind in ("crash", "empty", "error", "words"):
        if kinds[kind]:
            print("%s (%d):" % (titles[kind], len(kinds[kind])))
            for entry in kinds[kind]:
                print("  " + entry)
    print("commonmark: %d of %d examples passed; %d crashed, %d empty rejected, %d input errors, %d missing words"
          % (total - failed, total, len(kinds["crash"]), len(kinds["empty"]), len(kinds["error"]),
             len(kinds["words"])))
    return 1 if failed or total == 0 else 0


def main(argv):
    if len(argv) == 4 and argv[1] == "extract":
        extract(argv[2], argv[3])
        return 0
    if len(argv) == 3 and argv[1] == "compare":
        return compare(argv[2])
    sys.stderr.write("usage: spec_examples.py extract SPEC DIR | compare DIR\n")
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
