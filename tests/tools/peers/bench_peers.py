#!/usr/bin/env python3
"""hejapack beside its peers on the same generated text (`make bench`, (f)).

    bench_peers.py HEJAPACK TEXT_DIR PEERS_DIR FONTS_DIR

TEXT_DIR holds long.md (about 80 pages) and one-page.md, which tools/bench
writes from its text generator. Each tool sets both as a whole process, the
way a user would run it: `hejapack pdf`, pandoc with pdflatex, and Typst (the
compiler of the npm package @myriaddreamin/typst-ts-node-compiler, run by
Node through typst-pdf.js; the Markdown is turned into Typst markup first,
outside the timing, since Typst does not read Markdown). The long text gives
pages per second, the one-page text the whole-process milliseconds; both are
printed as ratios against hejapack.

A peer that is not installed is skipped with a line that says so; `make
bench-peers-setup` installs them. PANDOC and PDFLATEX name the programs (to
try another build, or to see the skip lines with PANDOC=none). Figures only:
nothing is asserted, and the exit status is 0 unless hejapack itself fails.
"""
import os
import re
import shutil
import statistics
import subprocess
import sys
import time

LONG_RUNS = 3
SHORT_RUNS = 7
SETUP_HINT = "make bench-peers-setup installs it"
TYPST_MODULE = os.path.join("node_modules", "@myriaddreamin", "typst-ts-node-compiler")
TYPST_SCRIPT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "typst-pdf.js")


# ---- Markdown to Typst ---------------------------------------------------------
#
# Only what tools/bench's generator writes: front matter with `title` and
# `numbered`, ATX headings, paragraphs with *emphasis* and **strong**, bulleted
# and numbered lists of one-line items, and block quotes ending in a line of
# attribution. Anything else would be set as text, not mistaken for markup.

TYPST_SPECIAL = set("\\#$*_@<>[]`~=-+/")


def typst_text(s):
    """Plain text, with every character Typst reads as markup escaped."""
    out = "".join("\\" + c if c in TYPST_SPECIAL else c for c in s)
    # "1. " opening a block would start a numbered list.
    return re.sub(r"^(\d+)\.", r"\1\\.", out)


def typst_inline(s):
    """**strong** and *emphasis* as function calls, which unlike Typst's own
    * and _ markup need no word boundary around them."""
    parts = []
    pos = 0
    for m in re.finditer(r"\*\*(.+?)\*\*|\*(.+?)\*", s):
        parts.append(typst_text(s[pos:m.start()]))
        if m.group(1) is not None:
            parts.append("#strong[" + typst_text(m.group(1)) + "]")
        else:
            parts.append("#emph[" + typst_text(m.group(2)) + "]")
        pos = m.end()
    parts.append(typst_text(s[pos:]))
    return "".join(parts)


def front_matter(md):
    """The front matter's `key: value` lines (values unquoted) and the body."""
    meta = {}
    if md.startswith("---\n"):
        end = md.find("\n---\n", 4)
        if end >= 0:
            for line in md[4:end].splitlines():
                key, sep, value = line.partition(":")
                if sep and not line.startswith(" "):
                    meta[key.strip()] = value.strip().strip('"')
            md = md[end + 5:]
    return meta, md


def markdown_to_typst(md):
    meta, body = front_matter(md)
    # hejapack's A4 page: 10.5 pt Noto Serif on a 128 mm measure, 26 and 28 mm
    # above and below, justified and hyphenated in Swedish, so that the pages
    # counted hold about as much text as hejapack's.
    out = [
        '#set document(title: "%s")' % meta.get("title", "").replace("\\", "\\\\").replace('"', '\\"'),
        '#set page(paper: "a4", margin: (x: 41mm, top: 26mm, bottom: 28mm), numbering: "1")',
        '#set text(font: "Noto Serif", size: 10.5pt, lang: "sv", hyphenate: true)',
        "#set par(justify: true, leading: 0.72em)",
        '#show heading: set text(font: "Noto Sans")',
    ]
    if meta.get("numbered") == "true":
        out.append('#set heading(numbering: "1.1")')
    if meta.get("title"):
        out.append('#text(size: 26pt, font: "Noto Sans", weight: "bold", hyphenate: false)[%s]'
                   % typst_text(meta["title"]))
    for block in re.split(r"\n{2,}", body.strip("\n")):
        lines = block.split("\n")
        head = re.match(r"(#{1,6}) (.*)", block)
        if head and len(lines) == 1:
            out.append("=" * len(head.group(1)) + " " + typst_inline(head.group(2)))
        elif all(re.match(r"(- |\d+\. )", line) for line in lines):
            for line in lines:
                marker, _, item = line.partition(" ")
                out.append(("- " if marker == "-" else "+ ") + typst_inline(item))
        elif all(line.startswith(">") for line in lines):
            paras = "\n".join(line[1:].strip() for line in lines).split("\n\n")
            out.append("#quote(block: true)[" + "\n\n".join(typst_inline(p) for p in paras) + "]")
        else:
            out.append(typst_inline(" ".join(lines)))
    return "\n\n".join(out) + "\n"


# ---- the tools -----------------------------------------------------------------

class Tool:
    def __init__(self, name, key, command, pages=None, reads=".md"):
        self.name = name
        self.key = key          # names its PDFs: long-KEY.pdf
        self.command = command  # (input, output) -> argv
        self.pages = pages      # (stdout, output) -> pages, or None for pdfinfo
        self.reads = reads      # the input's extension: .md, or .typ made from it


def pdfinfo_pages(path):
    out = subprocess.run(["pdfinfo", path], capture_output=True, text=True, check=True).stdout
    m = re.search(r"^Pages:\s+(\d+)", out, re.M)
    return int(m.group(1)) if m else 0


def run_once(tool, src, pdf):
    """Wall ms of one whole process and what it printed; raises on failure."""
    t0 = time.monotonic()
    done = subprocess.run(tool.command(src, pdf), capture_output=True, text=True)
    ms = (time.monotonic() - t0) * 1000
    if done.returncode != 0:
        msg = (done.stderr or done.stdout).strip().splitlines()
        raise RuntimeError("exit status %d%s" % (done.returncode, ": " + msg[-1] if msg else ""))
    return ms, done.stdout


def measure(tools, base, runs):
    """Per tool, the median wall ms of `runs` processes and the pages set, or
    the error that stopped it. The tools take turns, run by run, so that a
    change in the machine's load falls on all of them alike."""
    times = {t.key: [] for t in tools}
    printed = {}
    failed = {}
    for _ in range(runs):
        for t in tools:
            if t.key in failed:
                continue
            try:
                ms, printed[t.key] = run_once(t, base + t.reads, "%s-%s.pdf" % (base, t.key))
                times[t.key].append(ms)
            except RuntimeError as e:
                failed[t.key] = str(e)
    results = {}
    for t in tools:
        if t.key in failed:
            results[t.key] = failed[t.key]
            continue
        pdf = "%s-%s.pdf" % (base, t.key)
        try:
            pages = t.pages(printed[t.key], pdf) if t.pages else pdfinfo_pages(pdf)
        except (ValueError, subprocess.CalledProcessError) as e:
            results[t.key] = "cannot count its pages: %s" % e
            continue
        results[t.key] = (statistics.median(times[t.key]), pages)
    return results


def find_peers(peers_dir, fonts_dir, skipped):
    peers = []
    pandoc = os.environ.get("PANDOC", "pandoc")
    pdflatex = os.environ.get("PDFLATEX", "pdflatex")
    label = "pandoc + " + os.path.basename(pdflatex)
    if not shutil.which(pandoc):
        skipped.append("%s: skipped: %s not installed (%s)" % (label, pandoc, SETUP_HINT))
    elif not shutil.which(pdflatex):
        skipped.append("%s: skipped: %s not installed (%s)" % (label, pdflatex, SETUP_HINT))
    else:
        version = subprocess.run([pandoc, "--version"], capture_output=True, text=True).stdout.split("\n")[0]
        # The text's own front matter gives the title; -N numbers the
        # headings as its `numbered: true` asks; the page is hejapack's A4
        # type area, in 11 pt (the article class's nearest size to 10.5).
        peers.append(Tool(label.replace("pandoc", version), "pandoc",
                          lambda src, pdf: [pandoc, src, "-o", pdf, "--pdf-engine=" + pdflatex, "-N",
                                            "-V", "lang=sv", "-V", "papersize=a4", "-V", "fontsize=11pt",
                                            "-V", "geometry:textwidth=128mm,top=26mm,bottom=28mm"]))
    module = os.path.join(peers_dir, TYPST_MODULE)
    node = shutil.which("node")
    if not node:
        skipped.append("Typst: skipped: node not installed (Debian's nodejs)")
    elif not os.path.isdir(module):
        skipped.append("Typst: skipped: @myriaddreamin/typst-ts-node-compiler not installed in %s (%s)"
                       % (peers_dir, SETUP_HINT))
    else:
        done = subprocess.run([node, TYPST_SCRIPT, module, fonts_dir, "--version"], capture_output=True, text=True)
        if done.returncode != 0:
            skipped.append("Typst: skipped: %s does not run: %s"
                           % (module, (done.stderr.strip().splitlines() or ["?"])[-1]))
        else:
            peers.append(Tool("Typst %s (typst.ts, Node)" % done.stdout.strip(), "typst",
                              lambda src, pdf: [node, TYPST_SCRIPT, module, fonts_dir, src, pdf],
                              lambda out, pdf: int(out.strip() or 0), ".typ"))
    return peers


def main(argv):
    if len(argv) != 5:
        sys.stderr.write("usage: bench_peers.py HEJAPACK TEXT_DIR PEERS_DIR FONTS_DIR\n")
        return 2
    hejapack, text_dir, peers_dir, fonts_dir = argv[1:]
    fonts_dir = os.path.abspath(fonts_dir)
    print("\n(f) peers on the same generated text (%s), each run a whole process:" % text_dir)
    if not shutil.which("pdfinfo"):
        print("    skipped: pdfinfo not installed, which counts the pages (poppler-utils; %s)" % SETUP_HINT)
        return 0
    skipped = []
    peers = find_peers(peers_dir, fonts_dir, skipped)
    for line in skipped:
        print("    " + line)
    texts = [("long.md", LONG_RUNS), ("one-page.md", SHORT_RUNS)]
    for name, _ in texts:
        src = os.path.join(text_dir, name)
        if any(p.reads == ".typ" for p in peers):
            with open(src, encoding="utf-8") as f:
                typ = markdown_to_typst(f.read())
            with open(src[:-3] + ".typ", "w", encoding="utf-8") as f:
                f.write(typ)
    own = Tool("hejapack pdf", "hejapack", lambda src, pdf: [hejapack, "-q", "pdf", src, "-o", pdf])
    for name, runs in texts:
        base = os.path.join(text_dir, name[:-3])
        print("    %s, median of %d runs:" % (name, runs))
        print("    %-34s %6s %9s %9s   %s" % ("", "pages", "ms", "pages/s", "against hejapack's"))
        results = measure([own] + peers, base, runs)
        if isinstance(results[own.key], str) or not results[own.key][1]:
            print("    hejapack pdf failed: %s" % results[own.key])
            return 2
        ref_ms, ref_pages = results[own.key]
        ref_rate = ref_pages / (ref_ms / 1000)
        print("    %-34s %6d %9.0f %9.1f" % (own.name, ref_pages, ref_ms, ref_rate))
        for tool in peers:
            if isinstance(results[tool.key], str):
                print("    %-34s failed: %s" % (tool.name, results[tool.key]))
                continue
            ms, pages = results[tool.key]
            rate = pages / (ms / 1000)
            print("    %-34s %6d %9.0f %9.1f   %.3fx pages/s, %.1fx ms"
                  % (tool.name, pages, ms, rate, rate / ref_rate, ms / ref_ms))
    node = shutil.which("node")
    if node and any(p.reads == ".typ" for p in peers):
        # typst.ts has no command line of its own: say what Node's start-up
        # alone takes of Typst's whole-process figures.
        start = Tool("node", "node", lambda src, pdf: [node, "-e", ""])
        times = [run_once(start, "", "")[0] for _ in range(SHORT_RUNS)]
        print("    (of Typst's ms, Node's own start-up is %.0f ms, median of %d runs of `node -e ''`)"
              % (statistics.median(times), SHORT_RUNS))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
