"""Checks on the layout dump of a document made by gen_text.py (issue 17).

Usage: python3 layout_dump.py CHECK DUMP [SOURCE.md]
CHECK is one of:
  spacing    the distance from the last baseline of one block to the first
             of the next is the same, to 0.1 pt, for every pair of block
             kinds (a level-4 heading after a paragraph, a paragraph after
             a sub-item, ...), wherever on the page the pair falls;
  ties       no line ends inside a pair that must stay together (digit
             groups, a range of numbers, "t. ex."), checked independently
             of hejapack's rules; the softer pairs (number and unit, "§ 12",
             "CC BY-SA 4.0") part at no more than one line end in a hundred
             (they give way only where keeping them would leave a line
             spaced past 1.6 times its spaces: test_para checks that);
  fragments  at most one paragraph in a hundred ends in a last line holding
             only the rest of a word hyphenated on the line before
             ("Innova-" / "tion."; 5 in 124 before the cost);
  leadin     no page ends with a lead-in line (ending in ':') whose list
             starts on the next page;
  headings   no heading line ends inside a word without a hyphen (SOURCE
             gives the headings' words);
  widows     no paragraph or quote leaves one line of itself alone at the
             foot or head of a page, and every heading has at least two
             lines of what follows on its page;
  extents    no text item runs past the type area's edges (the running
             header's rule spans it) by more than 0.5 pt, but for what
             margin protrusion hangs out (an item ending in a hyphen or
             punctuation, or opening with a quote or dash: 0.3 em more).
The blocks are found by the tags gen_text.py puts first in each (P17,
H2n17, L17, S17, Q17, C17, I17). Exits 1 on a failure, printing it.
"""
import re
import sys

TAG = re.compile(r"^(P|H\dn|L|S|Q|C|I)(\d+)$")
ITEM = re.compile(r'^  (\w+) (-?[\d.]+) (-?[\d.]+) (-?[\d.]+) (-?[\d.]+)(?: face (\d+) size ([\d.]+) "(.*)")?')
FACE_SANS = 4  # running header and footer: not body text


def parse(path):
    pages, size = [], None
    for line in open(path, encoding="utf-8"):
        if line.startswith("document "):
            m = re.match(r"document ([\d.]+) x ([\d.]+)", line)
            size = (float(m.group(1)), float(m.group(2)))
        elif line.startswith("page "):
            pages.append([])
        else:
            m = ITEM.match(line)
            if m and pages is not None and pages:
                kind = m.group(1)
                x, y, w, h = (float(m.group(i)) for i in range(2, 6))
                face = int(m.group(6)) if m.group(6) else None
                pages[-1].append((kind, x, y, w, h, face, float(m.group(7) or 0), m.group(8)))
    return size, pages


def body_lines(pages):
    """Per page, the lines of body text top to bottom: (y, [runs by x])."""
    out = []
    for items in pages:
        rows = {}
        for kind, x, y, w, h, face, size, text in items:
            if kind != "text" or face == FACE_SANS:
                continue
            rows.setdefault(round(y, 2), []).append((x, w, text))
        out.append([(y, sorted(r)) for y, r in sorted(rows.items(), reverse=True)])
    return out


def line_text(runs):
    s = ""
    for i, (x, w, text) in enumerate(runs):
        if i and x > runs[i - 1][0] + runs[i - 1][1] + 0.3:
            s += " "
        s += text
    return s


def blocks(pages):
    """Every line with its page, baseline, text and the block it belongs to."""
    result, current = [], ("?", 0)
    for p, lines in enumerate(body_lines(pages)):
        for y, runs in lines:
            text = line_text(runs)
            for tok in text.split()[:2]:
                m = TAG.match(tok)
                if m:
                    current = (m.group(1), int(m.group(2)))
                    break
            result.append((p, y, text, current))
    return result


def check_spacing(lines):
    gaps = {}
    for a, b in zip(lines, lines[1:]):
        if a[0] != b[0] or a[3] == b[3]:
            continue  # a page turn, or lines of one block
        gaps.setdefault((a[3][0], b[3][0]), []).append((a[1] - b[1], b[3][1]))
    bad = 0
    for key, values in sorted(gaps.items()):
        lo, hi = min(v for v, _ in values), max(v for v, _ in values)
        print(f"  {key[0]:>3} -> {key[1]:<3} {len(values):4} times  {lo:6.2f} .. {hi:6.2f} pt")
        if hi - lo > 0.1:
            bad += 1
            print(f"    FAILED: varies by {hi - lo:.2f} pt (e.g. block {min(values)[1]} and {max(values)[1]})")
    return bad == 0 and len(gaps) >= 8


UNITS = {"kronor", "minuter", "min", "%", "timmar", "deltagare", "personer", "minutes", "pounds",
         "participants"}


def split_pair(end, start):
    """Why the line break between these two tokens splits a pair, or None."""
    end_core, start_core = end.rstrip(",.;:!?"), start.rstrip(",.;:!?")
    if re.fullmatch(r"\d{1,3}", end) and re.fullmatch(r"\d{3}", start_core):
        return "digit group"
    if re.fullmatch(r"[\d,]+", end) and start_core in UNITS:
        return "number and unit"
    if re.search(r"\d[–-]$", end) and start[:1].isdigit():
        return "range of numbers"
    if end in ("§", "SEK", "nr", "kap.", "ca", "ISO") and start[:1].isdigit():
        return "sign and number"
    if (end, start_core) in (("t.", "ex"), ("bl.", "a")) or (end, start) in (("t.", "ex."), ("bl.", "a.")):
        return "abbreviation"
    if end == "CC" or end in ("BY-", "BY-SA") or end.endswith("BY-"):
        return "licence name"
    return None


SOFT_PAIRS = ("number and unit", "sign and number", "licence name")


def check_ties(lines):
    bad = soft = pairs = 0
    for a, b in zip(lines, lines[1:]):
        if a[3] != b[3] or not a[2].split() or not b[2].split():
            continue
        pairs += 1
        why = split_pair(a[2].split()[-1], b[2].split()[0])
        if why in SOFT_PAIRS:
            soft += 1
            print(f"  given way: {why}: '{a[2][-30:]}' / '{b[2][:30]}'")
        elif why:
            bad += 1
            print(f"  FAILED: {why} split: '{a[2][-30:]}' / '{b[2][:30]}'")
    print(f"  {pairs} line ends inside blocks, {bad} splitting a firm pair, {soft} a soft one")
    if soft * 100 > pairs:
        print("  FAILED: soft pairs part at more than one line end in a hundred")
    return bad == 0 and soft * 100 <= pairs and pairs > 100


def check_fragments(lines):
    bad = ends = 0
    for i, (p, y, text, block) in enumerate(lines):
        last_of_block = i + 1 == len(lines) or lines[i + 1][3] != block
        if block[0] != "P" or not last_of_block or i == 0 or lines[i - 1][3] != block:
            continue
        ends += 1
        if lines[i - 1][2].endswith("-") and len(text.split()) == 1:
            bad += 1
            print(f"  FAILED: block {block[1]} ends '{lines[i - 1][2][-25:]}' / '{text}'")
    # The cost is high, not infinite: where every other breaking needs
    # spaces beyond the tolerance, the fragment stays (1 in 100 at most).
    print(f"  {ends} paragraph ends, {bad} with a lone fragment")
    return bad * 100 <= ends and ends > 50


def check_leadin(lines):
    bad = 0
    for a, b in zip(lines, lines[1:]):
        if a[0] != b[0] and a[2].endswith(":") and b[3][0] in ("L", "S"):
            bad += 1
            print(f"  FAILED: page {a[0] + 1} ends with the lead-in '{a[2][-40:]}'")
    print(f"  {bad} lead-in lines at a page foot before their list")
    return bad == 0


def check_headings(lines, source):
    words = set()
    for m in re.finditer(r"^#+ (.*)$|^title: \"(.*)\"$", open(source, encoding="utf-8").read(), re.M):
        words.update(re.findall(r"\w+", m.group(1) or m.group(2)))
    bad = n = 0
    for p, y, text, block in lines:
        if not block[0].startswith("H") or not text:
            continue
        n += 1
        last = re.sub(r"\W+$", "", text.split()[-1])
        if not text.endswith("-") and last not in words:
            bad += 1
            print(f"  FAILED: heading line ends inside a word without a hyphen: '{text}'")
    print(f"  {n} heading lines, {bad} ending inside a word without a hyphen")
    return bad == 0 and n > 20


# What margin protrusion may hang into the margin: a text item that ends
# (starts) with one of these, by up to 0.3 of its type size.
HANG_RIGHT = set("-.,:;!?\u00ad\u2010\u2011\u2013\u2014\"'\u201d\u2019\u201c\u2018\u201e\u00bb\u00ab\u203a\u2039")
HANG_LEFT = set("\u2013\u2014\"'\u201d\u2019\u201c\u2018\u201e\u00bb\u00ab\u203a\u2039")


def check_widows(lines):
    """No paragraph or quote leaves a single line of itself at the foot of a
    page (an orphan) or at the head of the next (a widow), and a heading has
    on its page at least two lines of the block after it (or all of it, if
    it has fewer)."""
    pages_of, order = {}, []
    for p, y, text, blk in lines:
        if blk not in pages_of:
            order.append(blk)
        pages_of.setdefault(blk, []).append(p)
    bad = split = headings = 0
    for blk in order:
        pages = pages_of[blk]
        if blk[0] not in ("P", "Q") or len(set(pages)) < 2:
            continue
        split += 1
        for pg in sorted(set(pages)):
            if pages.count(pg) < 2:
                bad += 1
                where = "foot" if pg == min(pages) else "head"
                print(f"  FAILED: block {blk[0]}{blk[1]} leaves one line alone at the {where} of page {pg + 1}")
    for i, blk in enumerate(order[:-1]):
        if not blk[0].startswith("H"):
            continue
        headings += 1
        page, after = pages_of[blk][-1], pages_of[order[i + 1]]
        if after.count(page) < min(2, len(after)):
            bad += 1
            print(f"  FAILED: heading {blk[0]}{blk[1]} on page {page + 1} is followed there by "
                  f"{after.count(page)} line(s) of {order[i + 1][0]}{order[i + 1][1]}")
    print(f"  {split} paragraphs and quotes broken across pages, {headings} headings, {bad} widows, "
          f"orphans or lonely headings")
    return bad == 0 and split > 0 and headings > 0


def check_extents(pages):
    bad = 0
    for number, items in enumerate(pages, 1):
        rules = [(x, x + w) for kind, x, y, w, h, *_ in items if kind == "rect" and h < 1 and w > 200]
        if not rules:
            continue
        left, right = rules[0]
        for kind, x, y, w, h, face, size, text in items:
            t = text or ""
            hang_r = 0.3 * size if t[-1:] in HANG_RIGHT else 0
            hang_l = 0.3 * size if t[:1] in HANG_LEFT else 0
            if kind == "text" and (x + w > right + 0.5 + hang_r or x < left - 0.5 - hang_l):
                bad += 1
                print(f"  FAILED: page {number}: '{text[-30:]}' spans {x:.2f}..{x + w:.2f}, "
                      f"type area {left:.2f}..{right:.2f}")
    print(f"  {len(pages)} pages, {bad} text items outside the type area")
    return bad == 0


def main():
    check, dump = sys.argv[1], sys.argv[2]
    size, pages = parse(dump)
    lines = blocks(pages)
    ok = {"spacing": lambda: check_spacing(lines), "ties": lambda: check_ties(lines),
          "fragments": lambda: check_fragments(lines), "leadin": lambda: check_leadin(lines),
          "headings": lambda: check_headings(lines, sys.argv[3]),
          "extents": lambda: check_extents(pages), "widows": lambda: check_widows(lines)}[check]()
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
