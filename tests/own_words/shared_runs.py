#!/usr/bin/env python3
"""Finds runs of N or more words that a text of the material shares with the
source pages it was written from (../shared/seeds): facts may be taken from
them, sentences may not. Words are compared case-folded, without punctuation.

Usage: shared_runs.py [--min N] [--allowed FILE] SEEDDIR FILE...

A run is forgiven only when it lies wholly inside a phrase of the allowed file
(tests/own_words/allowed.txt: names and titles, one a line), since a name or a
title is not a sentence. Prints each run with the file, line and the seed
page, and exits 1 when there is any; 0 when the material is in its own words.
"""
import glob
import os
import re
import sys
import unicodedata

WORD = re.compile(r"[0-9A-Za-zÀ-ÖØ-öø-ÿĀ-ž]+(?:[-'’][0-9A-Za-zÀ-ÖØ-öø-ÿĀ-ž]+)*")


def words(text):
    """(word, line) for every word of text."""
    # Soft hyphens and compatibility forms (a non-breaking space) must not
    # hide a copied run.
    text = unicodedata.normalize("NFKC", text).replace("\u00ad", "")
    out = []
    for lineno, line in enumerate(text.split("\n"), 1):
        for m in WORD.finditer(line):
            out.append((m.group(0).casefold(), lineno))
    return out


def main(argv):
    n = 9
    allowed_file = None
    args = argv[1:]
    while args and args[0].startswith("--"):
        if args[0] == "--min":
            n = int(args[1])
        elif args[0] == "--allowed":
            allowed_file = args[1]
        args = args[2:]
    seed_dir, files = args[0], args[1:]
    seeds = {}
    for path in sorted(glob.glob(os.path.join(seed_dir, "*"))):
        ws = [w for w, _ in words(open(path, encoding="utf-8", errors="replace").read())]
        for i in range(len(ws) - n + 1):
            seeds.setdefault(tuple(ws[i:i + n]), os.path.basename(path))
    if not seeds:
        print(f"shared_runs: no seed pages in {seed_dir}")
        return 2
    allowed = []
    if allowed_file:
        for line in open(allowed_file, encoding="utf-8"):
            line = line.strip()
            if line and not line.startswith("#"):
                allowed.append([w for w, _ in words(line)])
    found = 0
    for path in files:
        ws = words(open(path, encoding="utf-8").read())
        plain = [w for w, _ in ws]
        # Positions covered by an allowed phrase.
        forgiven = [False] * len(ws)
        for phrase in allowed:
            k = len(phrase)
            for i in range(len(plain) - k + 1):
                if plain[i:i + k] == phrase:
                    for j in range(i, i + k):
                        forgiven[j] = True
        i = 0
        while i <= len(ws) - n:
            gram = tuple(plain[i:i + n])
            if gram in seeds and not all(forgiven[i:i + n]):
                # Extend to the whole shared run.
                j = i + n
                while j < len(ws) and tuple(plain[j - n + 1:j + 1]) in seeds:
                    j += 1
                found += 1
                print(f"{path}:{ws[i][1]}: {j - i} words in common with {seeds[gram]}: {' '.join(plain[i:j])}")
                i = j
            else:
                i += 1
    if found:
        print(f"shared_runs: {found} runs of {n} or more words taken from the seed pages")
        return 1
    print(f"shared_runs: {len(files)} files, no run of {n} words in common with {len(glob.glob(os.path.join(seed_dir, '*')))} seed pages")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
