#!/usr/bin/env python3
"""Where `make typo-report` finds hyphenated compounds divided: at a joint
between their parts or inside a part (issue 12, point 2).

    compound_joints.py [--label TEXT] DUMP...

DUMP: layout dumps (`hejapack pdf --dump`) of Swedish documents. A line
that ends in a hyphen joined to the first word of the next gives a word
and the place it was divided. hunspell's morphological analysis (sv_SE,
`hunspell -m`, its pa: fields) names the parts of a compound; a division
is at a joint when the parts before it spell what the line holds. Words
hunspell does not take apart are counted but not judged. Figures only:
nothing is asserted, and without hunspell and its Swedish dictionary the
script says so and exits 0. --label TEXT names the setting the dumps
were made with in the line printed.
"""
import os
import re
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "e2e"))
import layout_dump  # noqa: E402  (the dump's reader, shared with the e2e checks)

WORD_END = re.compile(r"(\w+)-$")
WORD_START = re.compile(r"^(\w+)")


def divisions(dump):
    """(fragment before the hyphen, rest on the next line) in reading order."""
    _, pages = layout_dump.parse(dump)
    lines = [layout_dump.line_text(runs) for page in layout_dump.body_lines(pages) for _, runs in page]
    found = []
    for a, b in zip(lines, lines[1:]):
        end, start = WORD_END.search(a.strip()), WORD_START.match(b.strip())
        if end and start and end.group(1).isalpha() and start.group(1).isalpha():
            found.append((end.group(1), start.group(1)))
    return found


def joints_by_word(words):
    """For each word hunspell takes apart: the character offsets of its joints."""
    out = subprocess.run(["hunspell", "-d", "sv_SE", "-m"], input="\n".join(words), capture_output=True,
                         text=True, check=False).stdout
    joints = {}
    for line in out.splitlines():
        fields = line.split()
        parts = [f[3:] for f in fields[1:] if f.startswith("pa:")]
        if len(parts) < 2 or "".join(parts) != fields[0]:
            continue
        offsets, at = set(), 0
        for part in parts[:-1]:
            at += len(part)
            offsets.add(at)
        joints.setdefault(fields[0], set()).update(offsets)
    return joints


def main():
    dumps = sys.argv[1:]
    label = ""
    if dumps[:1] == ["--label"] and len(dumps) > 1:
        label, dumps = f", {dumps[1]}", dumps[2:]
    if not dumps:
        sys.exit(__doc__.strip().splitlines()[2].strip())
    if not shutil.which("hunspell") or subprocess.run(["hunspell", "-d", "sv_SE", "-l"], input="ord",
                                                      capture_output=True, text=True).returncode != 0:
        print("compound joints: skipped (hunspell with its sv_SE dictionary is not installed)")
        return
    pairs = [pair for dump in dumps for pair in divisions(dump)]
    joints = joints_by_word(sorted({(a + b).lower() for a, b in pairs}))
    at_joint, elsewhere = [], []
    for a, b in pairs:
        offsets = joints.get((a + b).lower())
        if offsets:
            (at_joint if len(a) in offsets else elsewhere).append(f"{a}-{b}")
    judged = len(at_joint) + len(elsewhere)
    share = f"{100.0 * len(at_joint) / judged:.0f} %" if judged else "-"
    print(f"compound joints (hunspell sv_SE -m{label}): {len(pairs)} hyphenated line ends, {judged} of them "
          f"compounds hunspell takes apart: {len(at_joint)} divided at a joint ({share}), "
          f"{len(elsewhere)} inside a part")
    if elsewhere:
        print("  inside a part, e.g.: " + ", ".join(elsewhere[:10]))


if __name__ == "__main__":
    main()
