"""Spoils a tagged PDF the way a careless writer would, for tagged_check.py
to catch: one run of text drawn outside any marked content, and the /Alt
taken off the first Figure. Works through qpdf's JSON update, so the result
is a well-formed PDF that differs only in those two places.

Usage: python3 break_tags.py IN.pdf OUT.pdf
"""
import base64
import json
import os
import subprocess
import sys
import tempfile

src, dst = sys.argv[1], sys.argv[2]
doc = json.loads(subprocess.run(["qpdf", "--json=2", "--json-key=qpdf", "--json-stream-data=inline", src],
                                check=True, capture_output=True).stdout)
objects = doc["qpdf"][1]
catalog = objects["obj:" + objects["trailer"]["value"]["/Root"]]["value"]
pages = objects["obj:" + catalog["/Pages"]]["value"]["/Kids"]
page = objects["obj:" + pages[0]]["value"]
font = sorted(page["/Resources"]["/Font"])[0]
contents = page["/Contents"]
data = base64.b64decode(objects["obj:" + contents]["stream"]["data"])
# An untagged word at the foot of the first page, before everything else.
stray = ("BT %s 9 Tf 1 0 0 1 72 30 Tm <00480065006A> Tj ET\n" % font).encode()
update = {"obj:" + contents: {"stream": {"dict": {}, "data": base64.b64encode(stray + data).decode()}}}

figure = next((k for k, o in objects.items() if isinstance(o.get("value"), dict)
               and o["value"].get("/S") == "/Figure"), None)
if not figure:
    sys.exit("break_tags.py: %s has no Figure" % src)
spoilt = dict(objects[figure]["value"])
spoilt.pop("/Alt", None)
update[figure] = {"value": spoilt}

with tempfile.TemporaryDirectory() as tmp:
    path = os.path.join(tmp, "update.json")
    with open(path, "w") as f:
        json.dump({"qpdf": [doc["qpdf"][0], update]}, f)
    subprocess.run(["qpdf", src, dst, "--update-from-json=" + path], check=True)
