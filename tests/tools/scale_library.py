#!/usr/bin/env python3
"""Writes a large library for `make bench-scale`: the shipped material
copied as a whole, then every document cloned until there are N of them.

Each clone gets its own id (<id>-k<n>) and a numbered title, and lives
beside its original, so its links to other documents and its figures
resolve as the original's do. The text is otherwise the shipped text:
what the library grows in is documents, not unusual content.

usage: scale_library.py N MATERIAL_DIR OUT_DIR
"""
import os
import re
import shutil
import sys


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__.strip().splitlines()[-1])
    want, src, dst = int(sys.argv[1]), sys.argv[2], sys.argv[3]
    if os.path.exists(dst):
        shutil.rmtree(dst)
    shutil.copytree(src, dst)
    docs = sorted(os.path.join(kind, name)
                  for kind in ("exercises", "reports")
                  for name in os.listdir(os.path.join(src, kind))
                  if name.endswith(".md"))
    if not docs or want < len(docs):
        sys.exit(f"scale_library: N must be at least {len(docs)}, the shipped documents")
    texts = {d: open(os.path.join(src, d), encoding="utf-8").read() for d in docs}
    made = len(docs)
    round_no = 0
    while made < want:
        round_no += 1
        for d in docs:
            if made == want:
                break
            text = texts[d]
            head_end = text.index("\n---", 3)
            head, body = text[:head_end], text[head_end:]
            old_id = re.search(r"^id: *(\S+)", head, re.M).group(1)
            new_id = f"{old_id}-k{round_no}"
            head = re.sub(r"^id: *\S+", f"id: {new_id}", head, count=1, flags=re.M)
            head = re.sub(r"^title: *(\"?)(.*?)\1$",
                          lambda m: f'title: "{m.group(2)} {round_no}"', head, count=1, flags=re.M)
            path = os.path.join(dst, os.path.dirname(d), new_id + ".md")
            with open(path, "w", encoding="utf-8") as f:
                f.write(head + body)
            made += 1
    print(f"{dst}: {made} documents")


main()
