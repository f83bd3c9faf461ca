#!/usr/bin/env python3
"""Writes Markdown files nested too deep, and one just deep enough.

usage: nesting.py DIR DEPTH

DIR/quotes.md, lists.md, emphasis.md, strong.md, mixed.md nest block quotes,
lists, emphasis, strong emphasis in a link and a mix of them DEPTH levels deep; DIR/ok.md nests
each of them exactly 32 deep (hejapack's limit), which must still typeset.
"""
import os
import sys


def quotes(n):
    return "> " * n + "citat\n"


def lists(n):
    return "- " * n + "punkt\n"


def emphasis(n):
    # "*v **v *v ... ord ... v* v** v*": emphasis and strong emphasis in
    # turn (a letter between the delimiters keeps them from merging).
    opening = closing = ""
    for i in range(n):
        d = "*" if i % 2 == 0 else "**"
        opening += d + "v "
        closing = " v" + d + closing
    return "Text " + opening + "ord" + closing + " slut.\n"


def strong(n):
    # The same inside a link text: a link cannot hold a link, so the link
    # is the outermost level.
    return "Se [" + emphasis(n - 1).rstrip("\n").replace("ord", "här") + "](https://example.org/).\n"


def mixed(n):
    # Quotes and lists in turn, all opened on one line.
    return "".join("> " if i % 2 == 0 else "- " for i in range(n)) + "nivå\n"


def main():
    out, depth = sys.argv[1], int(sys.argv[2])
    os.makedirs(out, exist_ok=True)
    for name, make in (("quotes", quotes), ("lists", lists), ("emphasis", emphasis), ("strong", strong),
                       ("mixed", mixed)):
        with open(os.path.join(out, name + ".md"), "w", encoding="utf-8") as f:
            f.write("# Djup\n\nFörst ett stycke.\n\n" + make(depth))
    with open(os.path.join(out, "ok.md"), "w", encoding="utf-8") as f:
        f.write("# Precis\n\n" + quotes(32) + "\n" + lists(32) + "\n" + emphasis(32) + "\n" + strong(32))


main()
