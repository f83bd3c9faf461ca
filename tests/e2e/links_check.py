"""Checks every link annotation of the PDFs under a directory.

Usage: python3 links_check.py DIR
GoToR links must name a relative PDF that exists beside the linking file in
DIR (so they work offline in the unpacked bundle); URI links must be
absolute URIs; page links must point at a page of the same file. Prints the
counts and one line per problem; exits 1 if there is any.
"""
import json
import os
import subprocess
import sys

root = sys.argv[1]
problems = []
counts = {"GoToR": 0, "URI": 0, "page": 0}
for folder, _, files in os.walk(root):
    for name in sorted(files):
        if not name.endswith(".pdf"):
            continue
        path = os.path.join(folder, name)
        doc = json.loads(subprocess.run(["qpdf", "--json=2", "--json-key=qpdf", path],
                                        check=True, capture_output=True).stdout)
        objects = doc["qpdf"][1]
        pages = {k for k, o in objects.items() if isinstance(o.get("value"), dict)
                 and o["value"].get("/Type") == "/Page"}

        def deref(v):
            if isinstance(v, str) and v.endswith(" R"):
                return objects["obj:" + v].get("value")
            return v

        for key, o in objects.items():
            d = o.get("value")
            if not isinstance(d, dict) or d.get("/Subtype") != "/Link":
                continue
            action = deref(d.get("/A"))
            if action and action.get("/S") == "/GoToR":
                counts["GoToR"] += 1
                target = action["/F"][2:]
                if target.startswith("/") or "://" in target:
                    problems.append("%s: GoToR target %s is not relative" % (path, target))
                elif not os.path.isfile(os.path.normpath(os.path.join(folder, target))):
                    problems.append("%s: GoToR target %s does not exist" % (path, target))
            elif action and action.get("/S") == "/URI":
                counts["URI"] += 1
                uri = action["/URI"][2:]
                if ":" not in uri.split("/")[0]:
                    problems.append("%s: URI %s is not absolute" % (path, uri))
            elif "/Dest" in d:
                counts["page"] += 1
                dest = deref(d["/Dest"])
                if not dest or "obj:" + dest[0] not in pages:
                    problems.append("%s: page link to no page of this file" % path)
            else:
                problems.append("%s: link %s with no action" % (path, key))
print("links: %d to other PDFs, %d web addresses, %d within a file" % (counts["GoToR"], counts["URI"], counts["page"]))
for p in problems:
    print(p)
sys.exit(1 if problems else 0)
