"""Checks the structure tree of one tagged PDF for what wide elements need.

Usage: python3 wide_tree.py FILE.pdf MIN_LI
Read through `qpdf --json` only. Passes when no structure element's /K
array holds more than 8191 entries (the PDF 1.4 implementation limit;
libharu's own is 32767), every grouping element is a NonStruct whose kids
point back at it, every kid's /P names the element whose /K holds it, the
file has at least MIN_LI list items, and the parent tree names, for every
MCID of every page, an element whose /K holds that MCID.
"""
import json
import subprocess
import sys

pdf, min_li = sys.argv[1], int(sys.argv[2])
j = json.loads(subprocess.run(["qpdf", "--json", pdf], capture_output=True, check=True).stdout)
objs = {k[4:]: v.get("value") for k, v in j["qpdf"][1].items()}
problems = []


def get(ref):
    return objs.get(ref) if isinstance(ref, str) and ref.endswith(" R") else ref


root_ref = objs["1 0 R"]["/StructTreeRoot"] if "/StructTreeRoot" in objs.get("1 0 R", {}) else None
if root_ref is None:
    root_ref = next(v["/StructTreeRoot"] for v in objs.values() if isinstance(v, dict) and "/StructTreeRoot" in v)
root = get(root_ref)
li = 0
groups = 0
holds = {}  # (page ref, mcid) -> element ref
stack = [(root["/K"], root_ref, None)]
while stack:
    ref, parent, page = stack.pop()
    e = get(ref)
    if not isinstance(e, dict) or "/S" not in e:
        continue
    if get(e.get("/P")) is not get(parent) and e.get("/P") != parent:
        problems.append("%s: /P is %s, not the element holding it (%s)" % (ref, e.get("/P"), parent))
    s = e["/S"]
    li += s == "/LI"
    groups += s == "/NonStruct"
    pg = e.get("/Pg", page)
    kids = e.get("/K")
    kids = kids if isinstance(kids, list) else [kids] if kids is not None else []
    if len(kids) > 8191:
        problems.append("%s (%s): /K has %d entries" % (ref, s, len(kids)))
    for k in kids:
        if isinstance(k, int):
            holds[(pg, k)] = ref
        elif isinstance(k, str):
            stack.append((k, ref, pg))
        elif isinstance(k, dict) and k.get("/Type") == "/MCR":
            holds[(k.get("/Pg", pg), k["/MCID"])] = ref
if li < min_li:
    problems.append("%d list items, expected at least %d" % (li, min_li))
if groups == 0:
    problems.append("no NonStruct group, so the test proves nothing")


def leaves(node):
    node = get(node)
    if "/Nums" in node:
        nums = node["/Nums"]
        for i in range(0, len(nums), 2):
            yield nums[i], nums[i + 1]
    for kid in node.get("/Kids", []):
        yield from leaves(kid)


pages = [p["object"] for p in j["pages"]]
checked = 0
for key, value in leaves(root["/ParentTree"]):
    if key >= len(pages):
        continue
    for mcid, elem in enumerate(get(value)):
        checked += 1
        if holds.get((pages[key], mcid)) != elem:
            problems.append("page %d MCID %d: the parent tree names %s, the tree has it in %s" %
                            (key + 1, mcid, elem, holds.get((pages[key], mcid))))
for p in problems[:10]:
    print(pdf + ": " + p)
print("%d list items, %d NonStruct groups, %d MCIDs checked, %d problems" % (li, groups, checked, len(problems)))
sys.exit(1 if problems else 0)
