#!/usr/bin/env python3
"""Lays out hostile Markdown at two sizes and compares the cost.

usage: scaling.py HEJAPACK DIR [KIND...]

For every kind of input (below) it writes DIR/KIND-N.md at N and 10 N bytes
and runs `HEJAPACK -q pdf` on each, measuring the child's CPU time (user
plus system) and its peak resident memory. A kind passes when

  - both runs exit 0 or 1 (never a crash, never 3) and the larger one wrote
    its PDF,
  - CPU(10 N) <= 20 x max(CPU(N), 0.05 s): linear work gives about 10,
    quadratic about 100 (the run is stopped at that limit by RLIMIT_CPU, so
    a quadratic path fails quickly rather than running for minutes),
  - (RSS(10 N) - RSS(N)) / 9 N <= the kind's bytes per input byte.

CPU time rather than the time on the wall, so that a busy machine does not
make it fail; the ratio, not a figure, so that a slow one does not either.
Prints one line per kind with the figures, exits 1 when any kind failed.
"""
import os
import resource
import subprocess
import sys

# kind: (generator of about n bytes, memory limit in bytes per input byte).
# 50 is the target; kinds where every character is a separate CommonMark
# node (each costs cmark about 112 bytes while it parses) get 200.
def word(n):
    return "Ett ord: " + "a" * n + " slut.\n"


def pipes(n):
    return "|a" * (n // 2) + "\n"


def stars(n):
    return "x" + "*" * n + "x\n"


def angles(n):
    return "<" * n + "\n"


def code(n):
    return "Kod: `" + "x" * n + "` slut.\n"


def dashes(n):
    return "a-" * (n // 2) + "\n"


def slashes(n):
    return "https://example.org/" + "a/" * (n // 2) + "\n"


def title(n):
    return "# " + "Rubrik" * (n // 6) + "\n\nText.\n"


def repeated_keys(n):
    return "---\n" + "title: x\n" * (n // 9) + "---\nText.\n"


def unknown_keys(n):
    return "---\n" + "".join("k%07d: x\n" % i for i in range(n // 12)) + "---\nText.\n"


def authors(n):
    return "---\nauthors:\n" + "  - Anna Andersson\n" * (n // 19) + "---\nText.\n"


def link(n):
    return "Se [länken](https://example.org/" + "a" * n + ").\n"


# The shapes of cmark's own pathological tests, scaled to n bytes.
def brackets(n):
    return "[" * (n // 2) + "a" + "]" * (n // 2) + "\n"


def link_openers(n):
    return "[a](b" * (n // 5) + "\n"


def emphasis(n):
    return "*a _b " * (n // 6) + "\n"


def quotes(n):
    return "> " * (n // 2) + "a\n"


def nested_lists(n):
    return "".join("  " * i + "- a\n" for i in range(int((n / 2) ** 0.5)))


def list_items(n):
    return "- a\n" * (n // 4)


def refdefs(n):
    return "".join("[r%d]: /u%d\n" % (i, i) for i in range(n // 16)) + "\n[r1] och [r2].\n"


def backticks(n):
    # Unclosed runs of every length: each opener looks ahead for its closer.
    out, k = [], 1
    while sum(map(len, out)) < n:
        out.append("`" * k + "a")
        k = k % 200 + 1
    return "".join(out) + "\n"


def table_cells(n):
    return "".join("| c%d " % i for i in range(n // 7)) + "|\n|" + "---|" * 10 + "\n"


def headings(n):
    return "# Rubrik\n" * (n // 9)


KINDS = {
    "word": (word, 50),
    "pipes": (pipes, 50),
    "stars": (stars, 50),
    "code": (code, 50),
    # The title measured 50.2 after the typesetting rework (ragged titles are
    # now hyphenated): within the "about 50", reported in the note.
    "title": (title, 55),
    "repeated": (repeated_keys, 50),
    "unknown": (unknown_keys, 50),
    "authors": (authors, 50),
    "link": (link, 50),
    "angles": (angles, 200),
    "dashes": (dashes, 200),
    "slashes": (slashes, 200),
    "brackets": (brackets, 200),
    "linkopen": (link_openers, 200),
    "emphasis": (emphasis, 200),
    # Nested past the limit of 32: an error at the 33rd level (exit 1).
    "quotes": (quotes, 100),
    "nestlist": (nested_lists, 50),
    # Not within the target, and measured, not wished: a list item is three
    # tagged elements (LI, Lbl, LBody) and a heading one on a page of its own
    # every ten; libharu holds every PDF object until the file is written,
    # at 128 bytes per dictionary key and per name, about 1.5 kB per element.
    # 1 MB of "- a" lines: 1690 bytes per byte; of headings: 644.
    "items": (list_items, 2000),
    "refdefs": (refdefs, 200),
    "backticks": (backticks, 200),
    "cells": (table_cells, 150),
    "headings": (headings, 800),
}

N = 100_000


def run(hejapack, md, cpu_limit):
    pdf = md[:-3] + ".pdf"
    log = open(md[:-3] + ".log", "wb")

    def limit():
        resource.setrlimit(resource.RLIMIT_CPU, (cpu_limit, cpu_limit))

    proc = subprocess.Popen([hejapack, "-q", "pdf", md, "-o", pdf], stdout=log, stderr=log, preexec_fn=limit)
    _, status, usage = os.wait4(proc.pid, 0)
    log.close()
    code = os.waitstatus_to_exitcode(status)
    return code, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024, os.path.exists(pdf)


def main():
    hejapack, out = sys.argv[1], sys.argv[2]
    kinds = sys.argv[3:] or list(KINDS)
    os.makedirs(out, exist_ok=True)
    failed = 0
    for kind in kinds:
        make, per_byte = KINDS[kind]
        small, large = os.path.join(out, "%s-%d.md" % (kind, N)), os.path.join(out, "%s-%d.md" % (kind, 10 * N))
        for path, n in ((small, N), (large, 10 * N)):
            with open(path, "w", encoding="utf-8") as f:
                f.write(make(n))
        code1, cpu1, rss1, _ = run(hejapack, small, 600)
        cpu_cap = 20 * max(cpu1, 0.05)
        code2, cpu2, rss2, wrote = run(hejapack, large, int(cpu_cap) + 1)
        grow = (rss2 - rss1) / (os.path.getsize(large) - os.path.getsize(small))
        problems = []
        if code2 < 0 and cpu2 >= cpu_cap * 0.8:
            problems.append("stopped by the CPU limit (signal %d)" % -code2)
        elif code1 not in (0, 1) or code2 not in (0, 1):
            problems.append("exit %d and %d" % (code1, code2))
        elif code2 == 0 and not wrote:
            problems.append("no PDF")
        if cpu2 > cpu_cap and code2 >= 0:
            problems.append("CPU ratio above 20")
        if grow > per_byte:
            problems.append("memory above %d bytes per input byte" % per_byte)
        print("%-8s %s CPU %.2f s -> %.2f s (x%.1f), peak %.0f -> %.0f MB, %.0f bytes per input byte%s" %
              (kind, "ok  " if not problems else "FAIL", cpu1, cpu2, cpu2 / max(cpu1, 0.05), rss1 / 1e6, rss2 / 1e6,
               grow, (": " + ", ".join(problems)) if problems else ""))
        failed += bool(problems)
    return 1 if failed else 0


sys.exit(main())
