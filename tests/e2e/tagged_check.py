"""Accessibility checks of tagged PDFs, read through `qpdf --json` and poppler.

Usage: python3 tagged_check.py [--no-struct-text] FILE.pdf...
Prints one line per problem, as FILE: CHECKPOINT: problem, and exits 1 if
there is any. The checkpoints are named after the groups of the Matterhorn
Protocol (the PDF/UA-1 failure conditions) that they test:

  01 content      every piece of page content is marked content: inside a
                  tagged element (with an MCID the structure tree and the
                  parent tree both know) or inside an artifact; never both
  02 types        structure types are standard (or role-mapped to one)
  06 metadata     XMP identifies PDF/UA-1 and has a dc:title
  07 dictionary   DisplayDocTitle true, MarkInfo Marked true, pages /Tabs /S
  11 language     the catalog has /Lang
  13 graphics     every Figure has a non-empty /Alt
  14 headings     the first heading is H1 and no level is skipped
  28 annotations  every Link annotation has /Contents and is an OBJR of a
                  Link element that the parent tree names for it
  reading order   the text of the structure elements, in tree order, equals
                  the page text in reading order: pdftotext of each page with
                  the artifacts removed (qpdf rewrites the content streams),
                  read by lines (-layout) or by blocks (the default)
  struct text     `pdfinfo -struct-text` prints every heading, in order
                  (poppler takes seconds per document for this: a test may
                  leave it out with --no-struct-text for most files)

It knows nothing of hejapack: it reads what any tagged PDF holds.
"""
import base64
import json
import os
import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

STANDARD = set("""Document Part Art Sect Div BlockQuote Caption TOC TOCI Index NonStruct Private
P H H1 H2 H3 H4 H5 H6 L LI Lbl LBody Table TR TH TD THead TBody TFoot Span Quote Note
Reference BibEntry Code Link Annot Ruby RB RT RP Warichu WT WP Figure Formula Form""".split())

problems = []


def problem(path, checkpoint, text):
    problems.append("%s: %s: %s" % (path, checkpoint, text))


# ---- content streams -------------------------------------------------------

TOKEN = re.compile(rb"""
    (?P<ws>[\x00\t\n\x0c\r ]+|%[^\r\n]*)
  | (?P<hex><[0-9A-Fa-f\s]*>)
  | (?P<dopen><<) | (?P<dclose>>>)
  | (?P<aopen>\[) | (?P<aclose>\])
  | (?P<name>/[^\x00\t\n\x0c\r ()<>\[\]{}/%]*)
  | (?P<num>[+-]?(?:\d+\.?\d*|\.\d+))
  | (?P<lit>\()
  | (?P<op>[^\x00\t\n\x0c\r ()<>\[\]{}/%]+)
""", re.X)


def literal(data, i):
    """A literal string starting after '(' at i: (bytes, end index)."""
    out, depth = bytearray(), 1
    esc = {ord("n"): 10, ord("r"): 13, ord("t"): 9, ord("b"): 8, ord("f"): 12}
    while i < len(data):
        c = data[i]
        if c == 0x5C:  # backslash
            i += 1
            c = data[i]
            if c in esc:
                out.append(esc[c])
            elif 0x30 <= c <= 0x37:
                m = re.match(rb"[0-7]{1,3}", data[i:i + 3])
                out.append(int(m.group(0), 8) & 255)
                i += len(m.group(0)) - 1
            elif c not in (10, 13):
                out.append(c)
        elif c == 0x28:
            depth += 1
            out.append(c)
        elif c == 0x29:
            depth -= 1
            if depth == 0:
                return bytes(out), i + 1
            out.append(c)
        else:
            out.append(c)
        i += 1
    raise ValueError("unterminated string")


def operations(data):
    """Yields (operator, operands) of a content stream."""
    stack, i = [[]], 0
    while i < len(data):
        m = TOKEN.match(data, i)
        if not m:
            raise ValueError("cannot read content at byte %d" % i)
        i = m.end()
        kind = m.lastgroup
        tok = m.group(kind)
        if kind == "ws":
            continue
        if kind == "hex":
            stack[-1].append(("str", bytes.fromhex(re.sub(rb"\s", b"", tok[1:-1]).decode())))
        elif kind == "lit":
            s, i = literal(data, i)
            stack[-1].append(("str", s))
        elif kind in ("dopen", "aopen"):
            stack.append([])
        elif kind == "aclose":
            items = stack.pop()
            stack[-1].append(("array", items))
        elif kind == "dclose":
            items = stack.pop()
            d = {}
            for k in range(0, len(items) - 1, 2):
                d[items[k][1]] = items[k + 1]
            stack[-1].append(("dict", d))
        elif kind == "name":
            stack[-1].append(("name", tok.decode("latin-1")))
        elif kind == "num":
            stack[-1].append(("num", float(tok)))
        else:
            op = tok.decode("latin-1")
            if op in ("true", "false", "null"):
                stack[-1].append(("kw", op))
                continue
            if op == "BI":
                raise ValueError("inline image (not checked)")
            yield op, stack[-1]
            stack = [[]]


PAINT = {"S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "Do", "sh"}
SHOW = {"Tj", "TJ", "'", '"'}
CUT = PAINT | SHOW | {"m", "l", "c", "v", "y", "h", "re", "n", "W", "W*"}


class CMap:
    """A ToUnicode CMap: code bytes to text (ranges are looked up when met)."""

    def __init__(self, stream_bytes):
        self.chars, self.ranges = {}, []
        text = stream_bytes.decode("latin-1")
        for block in re.findall(r"beginbfchar(.*?)endbfchar", text, re.S):
            for src, dst in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
                self.chars[bytes.fromhex(src)] = bytes.fromhex(dst).decode("utf-16-be", "replace")
        for block in re.findall(r"beginbfrange(.*?)endbfrange", text, re.S):
            for a, b, dst in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
                self.ranges.append((len(a) // 2, int(a, 16), int(b, 16), bytes.fromhex(dst)))

    def get(self, code, default):
        if code in self.chars:
            return self.chars[code]
        v = int.from_bytes(code, "big")
        for width, a, b, base in self.ranges:
            if width == len(code) and a <= v <= b:
                t = (int.from_bytes(base, "big") + v - a).to_bytes(len(base), "big").decode("utf-16-be", "replace")
                self.chars[code] = t
                return t
        return default


class Pdf:
    def __init__(self, path):
        self.path = path
        self.doc = json.loads(subprocess.run(
            ["qpdf", "--json=2", "--json-key=qpdf", "--json-stream-data=inline", path],
            check=True, capture_output=True).stdout)
        self.objects = self.doc["qpdf"][1]
        self.trailer = self.objects["trailer"]["value"]
        self.catalog = self.value(self.trailer["/Root"])
        self.pages = []
        self.collect_pages(self.catalog["/Pages"])
        self.cmaps = {}

    def obj(self, ref):
        return self.objects.get("obj:" + ref, {}) if is_ref(ref) else {"value": ref}

    def value(self, ref):
        o = self.obj(ref)
        return o["value"] if "value" in o else o.get("stream", {}).get("dict")

    def data(self, ref):
        return base64.b64decode(self.obj(ref)["stream"]["data"])

    def collect_pages(self, ref):
        node = self.value(ref)
        if node.get("/Type") == "/Pages":
            for kid in node["/Kids"]:
                self.collect_pages(kid)
        else:
            self.pages.append(ref)

    def contents(self, page):
        c = self.value(page).get("/Contents")
        refs = c if isinstance(c, list) else [c] if c else []
        return refs, b"\n".join(self.data(r) for r in refs)

    def decoder(self, page, font_name):
        fonts = self.value(self.value(page).get("/Resources", {}).get("/Font", {})) or {}
        ref = fonts.get(font_name)
        if ref not in self.cmaps:
            font = self.value(ref) or {}
            tu = font.get("/ToUnicode")
            two = font.get("/Subtype") == "/Type0"
            self.cmaps[ref] = (CMap(self.data(tu)) if tu else {}, two)
        cmap, two = self.cmaps[ref]
        width = 2 if two else 1

        def decode(s):
            return "".join(cmap.get(s[k:k + width], "\ufffd") for k in range(0, len(s), width))
        return decode


def is_ref(v):
    return isinstance(v, str) and v.endswith(" R")


def text(s):
    if isinstance(s, str) and s.startswith("u:"):
        return s[2:]
    if isinstance(s, str) and s.startswith("b:"):
        return bytes.fromhex(s[2:]).decode("latin-1")
    return s


def scan_page(pdf, page, index, path):
    """The marked content of a page: {mcid: text} and the content outside
    any marked content, checked as it goes. Also returns the stream with the
    artifacts cut out."""
    refs, data = pdf.contents(page)
    mcids, stack, font = {}, [], None
    untagged = 0
    try:
        ops = list(operations(data))
    except ValueError as e:
        problem(path, "01 content", "page %d: %s" % (index + 1, e))
        return {}, data
    out = []
    for op, args in ops:
        if op in ("BMC", "BDC"):
            tag = args[0][1]
            props = args[1][1] if op == "BDC" and args[1][0] == "dict" else {}
            mcid = int(props["/MCID"][1]) if "/MCID" in props else None
            inside_art = any(t == "/Artifact" for t, _ in stack)
            inside_tag = any(m is not None for _, m in stack)
            if tag == "/Artifact" and inside_tag:
                problem(path, "01 content", "page %d: an artifact inside tagged content" % (index + 1))
            if mcid is not None and inside_art:
                problem(path, "01 content", "page %d: tagged content (MCID %d) inside an artifact" % (index + 1, mcid))
            if mcid is not None:
                if mcid in mcids:
                    problem(path, "01 content", "page %d: MCID %d used twice" % (index + 1, mcid))
                mcids[mcid] = ""
            stack.append((tag, mcid))
        elif op == "EMC":
            if not stack:
                problem(path, "01 content", "page %d: EMC without BMC/BDC" % (index + 1))
            else:
                stack.pop()
        elif op == "Tf":
            font = args[0][1]
        in_art = any(t == "/Artifact" for t, _ in stack)
        current = next((m for _, m in reversed(stack) if m is not None), None)
        if op in PAINT or op in SHOW:
            if not in_art and current is None:
                untagged += 1
        if op in SHOW and current is not None and font:
            decode = pdf.decoder(page, font)
            strings = args[-1][1] if op == "TJ" else [args[-1]]
            mcids[current] += "".join(decode(v) for k, v in strings if k == "str")
        out.append((op, args, in_art))
    if stack:
        problem(path, "01 content", "page %d: marked content left open" % (index + 1))
    if untagged:
        problem(path, "01 content", "page %d: %d painting or text operators neither tagged nor artifact"
                % (index + 1, untagged))
    # The copy without artifacts keeps the state they set (Tf, Tm, colours).
    return mcids, serialise([(op, args) for op, args, art in out if not (art and op in CUT)])


def operand(v):
    kind, x = v
    if kind == "str":
        return b"<" + x.hex().encode() + b">"
    if kind == "name":
        return x.encode("latin-1")
    if kind == "num":
        return (b"%d" % x) if x == int(x) else (b"%.6f" % x)
    if kind == "kw":
        return x.encode()
    if kind == "array":
        return b"[" + b" ".join(operand(i) for i in x) + b"]"
    return b"<<" + b" ".join(k.encode("latin-1") + b" " + operand(w) for k, w in x.items()) + b">>"


def serialise(ops):
    return b"\n".join(b" ".join([operand(a) for a in args] + [op.encode("latin-1")]) for op, args in ops) + b"\n"


# ---- the structure tree ----------------------------------------------------

def walk(pdf, path):
    """Walks the structure tree in order: the elements (type, dict, ref,
    parent type), the marked content (page, mcid, element ref) and the
    annotations (ref, element ref)."""
    root = pdf.value(pdf.catalog.get("/StructTreeRoot", ""))
    elems, marks, objrs = [], [], []
    if not root:
        return root, elems, marks, objrs
    rolemap = root.get("/RoleMap", {}) or {}
    page_index = {p: i for i, p in enumerate(pdf.pages)}
    seen = set()

    def visit(ref, parent_type, inherited_page):
        d = pdf.value(ref)
        if ref in seen:
            problem(path, "01 content", "element %s reached twice" % ref)
            return
        seen.add(ref)
        s = d.get("/S", "")[1:]
        std = s if s in STANDARD else rolemap.get("/" + s, "/")[1:]
        if std not in STANDARD:
            problem(path, "02 types", "structure type %s is neither standard nor role-mapped" % s)
        elems.append((std, d, ref, parent_type))
        pg = d.get("/Pg", inherited_page)
        k = d.get("/K")
        kids = k if isinstance(k, list) else [] if k is None else [k]
        for kid in kids:
            if isinstance(kid, int):
                marks.append((page_index.get(pg), kid, ref))
            elif is_ref(kid) and (pdf.value(kid) or {}).get("/Type") not in ("/MCR", "/OBJR"):
                visit(kid, std, pg)
            else:
                kd = pdf.value(kid)
                if kd.get("/Type") == "/OBJR":
                    objrs.append((kd.get("/Obj"), ref))
                else:
                    marks.append((page_index.get(kd.get("/Pg", pg)), int(kd.get("/MCID", -1)), ref))

    k = root.get("/K")
    for top in (k if isinstance(k, list) else [k] if k else []):
        visit(top, "StructTreeRoot", None)
    return root, elems, marks, objrs


def number_tree(pdf, ref, out):
    node = pdf.value(ref) or {}
    nums = node.get("/Nums", [])
    for i in range(0, len(nums) - 1, 2):
        out[int(nums[i])] = nums[i + 1]
    for kid in node.get("/Kids", []):
        number_tree(pdf, kid, out)
    return out


def words(s):
    # A soft hyphen is where a word was broken: the word reads whole.
    s = re.sub("\u00ad\\s*", "", s)
    return s.split()


def check(path):
    pdf = Pdf(path)
    cat = pdf.catalog

    # 07, 11, 06: the document level.
    if (pdf.value(cat.get("/MarkInfo", {})) or {}).get("/Marked") is not True:
        problem(path, "07 dictionary", "MarkInfo /Marked is not true")
    if (pdf.value(cat.get("/ViewerPreferences", {})) or {}).get("/DisplayDocTitle") is not True:
        problem(path, "07 dictionary", "ViewerPreferences /DisplayDocTitle is not true")
    if not text(cat.get("/Lang")):
        problem(path, "11 language", "the catalog has no /Lang")
    meta = cat.get("/Metadata")
    xmp = pdf.data(meta) if meta else b""
    if not re.search(rb"<pdfuaid:part>1</pdfuaid:part>", xmp):
        problem(path, "06 metadata", "XMP does not identify PDF/UA-1 (pdfuaid:part)")
    if b"<dc:title>" not in xmp:
        problem(path, "06 metadata", "XMP has no dc:title")
    else:
        ET.fromstring(xmp[xmp.index(b"<x:xmpmeta"):xmp.index(b"</x:xmpmeta>") + 12])

    root, elems, marks, objrs = walk(pdf, path)
    if not root:
        problem(path, "01 content", "no StructTreeRoot: the document is not tagged")
        return
    parents = number_tree(pdf, root.get("/ParentTree", ""), {})

    # 01: marked content against the tree and the parent tree.
    page_mcids, clean = [], []
    for i, page in enumerate(pdf.pages):
        pd = pdf.value(page)
        if pd.get("/Tabs") != "/S":
            problem(path, "07 dictionary", "page %d: /Tabs is not /S" % (i + 1))
        mcids, stripped = scan_page(pdf, page, i, path)
        page_mcids.append(mcids)
        clean.append(stripped)
        key = pd.get("/StructParents")
        if mcids and key is None:
            problem(path, "01 content", "page %d: marked content but no /StructParents" % (i + 1))
        table = pdf.value(parents.get(key, [])) if key is not None else []
        for mcid in mcids:
            if not isinstance(table, list) or mcid >= len(table) or not is_ref(table[mcid]):
                problem(path, "01 content", "page %d: MCID %d not in the parent tree" % (i + 1, mcid))
    owner = {}
    for pg, mcid, ref in marks:
        if pg is None or mcid not in page_mcids[pg]:
            problem(path, "01 content", "element %s names MCID %s on page %s, which is not there"
                    % (ref, mcid, None if pg is None else pg + 1))
            continue
        if (pg, mcid) in owner:
            problem(path, "01 content", "page %d: MCID %d is in two elements" % (pg + 1, mcid))
        owner[(pg, mcid)] = ref
        key = pdf.value(pdf.pages[pg]).get("/StructParents")
        table = pdf.value(parents.get(key, [])) or []
        if isinstance(table, list) and mcid < len(table) and table[mcid] != ref:
            problem(path, "01 content", "page %d: the parent tree gives MCID %d to %s, the tree to %s"
                    % (pg + 1, mcid, table[mcid], ref))
    for i, mcids in enumerate(page_mcids):
        for mcid in mcids:
            if (i, mcid) not in owner:
                problem(path, "01 content", "page %d: MCID %d is in no structure element" % (i + 1, mcid))

    # 13: figures.
    for std, d, ref, _ in elems:
        if std == "Figure" and not (text(d.get("/Alt")) or "").strip():
            problem(path, "13 graphics", "Figure %s has no /Alt" % ref)

    # 14: headings.
    levels = [int(std[1]) for std, _, _, _ in elems if re.fullmatch(r"H[1-6]", std)]
    if levels and levels[0] != 1:
        problem(path, "14 headings", "the first heading is H%d, not H1" % levels[0])
    for a, b in zip(levels, levels[1:]):
        if b > a + 1:
            problem(path, "14 headings", "H%d follows H%d: a level is skipped" % (b, a))
    if not levels:
        problem(path, "14 headings", "no headings")

    # 28: link annotations.
    in_tree = {}
    for annot, ref in objrs:
        in_tree[annot] = ref
    types = {ref: std for std, _, ref, _ in elems}
    for i, page in enumerate(pdf.pages):
        for a in pdf.value(page).get("/Annots", []) or []:
            ad = pdf.value(a)
            if ad.get("/Subtype") != "/Link":
                continue
            if not (text(ad.get("/Contents")) or "").strip():
                problem(path, "28 annotations", "page %d: link %s has no /Contents" % (i + 1, a))
            if a not in in_tree:
                problem(path, "28 annotations", "page %d: link %s is not in the structure tree" % (i + 1, a))
            elif types.get(in_tree[a]) != "Link":
                problem(path, "28 annotations", "page %d: link %s is in a %s, not a Link"
                        % (i + 1, a, types.get(in_tree[a])))
            elif parents.get(ad.get("/StructParent")) != in_tree[a]:
                problem(path, "28 annotations", "page %d: the parent tree does not lead link %s to its element"
                        % (i + 1, a))

    # Reading order: per page, the tagged text in tree order against
    # pdftotext of the page with the artifacts cut out.
    order = {}
    for n, (pg, mcid, ref) in enumerate(marks):
        if pg is not None:
            order.setdefault(pg, []).append(page_mcids[pg].get(mcid, ""))
    with tempfile.TemporaryDirectory() as tmp:
        upd = {"qpdf": [pdf.doc["qpdf"][0], {}]}
        for i, page in enumerate(pdf.pages):
            refs, _ = pdf.contents(page)
            for k, r in enumerate(refs):
                upd["qpdf"][1]["obj:" + r] = {"stream": {"dict": {}, "data": base64.b64encode(
                    clean[i] if k == 0 else b"").decode()}}
        uj, bare = os.path.join(tmp, "u.json"), os.path.join(tmp, "bare.pdf")
        with open(uj, "w") as f:
            json.dump(upd, f)
        subprocess.run(["qpdf", path, bare, "--update-from-json=" + uj], check=True, capture_output=True)
        # poppler has two models of reading order: physical lines across the
        # page (-layout: a table of contents, a fact box) and blocks found
        # as columns (the default: two columns of text). The tagged order must
        # be the one or the other on every page.
        by_lines = subprocess.run(["pdftotext", "-layout", bare, "-"], check=True,
                                  capture_output=True).stdout.decode().split("\f")
        by_blocks = subprocess.run(["pdftotext", bare, "-"], check=True,
                                   capture_output=True).stdout.decode().split("\f")
        for i in range(len(pdf.pages)):
            tagged = words("".join(order.get(i, [])))
            seen = [words(t[i]) if i < len(t) else [] for t in (by_lines, by_blocks)]
            if tagged not in seen:
                near = seen[0]
                k = next((j for j, (x, y) in enumerate(zip(tagged, near)) if x != y), min(len(tagged), len(near)))
                problem(path, "reading order", "page %d: the structure reads ...%s... where the page reads ...%s..."
                        % (i + 1, " ".join(tagged[max(0, k - 3):k + 4]), " ".join(near[max(0, k - 3):k + 4])))

    # What a tool that reads the tree shows: every heading, in order.
    if not struct_text:
        return
    shown = subprocess.run(["pdfinfo", "-struct-text", path], check=True, capture_output=True).stdout.decode()
    heads, lines = [], shown.split("\n")
    for n, line in enumerate(lines):
        m = re.fullmatch(r"( *)(H[1-6]) \(block\)", line)
        if not m:
            continue
        said = ""
        for deeper in lines[n + 1:]:
            if len(deeper) - len(deeper.lstrip(" ")) <= len(m.group(1)):
                break
            q = re.fullmatch(r'\s*"(.*)"', deeper)
            said += q.group(1) if q else ""
        heads.append((m.group(2), said))
    expect = []
    for std, d, ref, _ in elems:
        if re.fullmatch(r"H[1-6]", std):
            expect.append(std)
    if [h for h, _ in heads] != expect or any(not t.strip() for _, t in heads):
        problem(path, "struct text", "pdfinfo -struct-text shows headings %s, the tree has %s"
                % ([h for h, _ in heads], expect))


args = sys.argv[1:]
struct_text = "--no-struct-text" not in args
if not [a for a in args if a != "--no-struct-text"]:
    sys.exit("tagged_check.py: no PDF to check")
for p in [a for a in args if a != "--no-struct-text"]:
    try:
        check(p)
    except (subprocess.CalledProcessError, ValueError, KeyError) as e:
        problem(p, "read", "cannot be checked: %s" % e)
for line in problems:
    print(line)
sys.exit(1 if problems else 0)
