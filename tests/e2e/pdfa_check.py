"""Structural PDF/A checks of one PDF, read through `qpdf --json`.

Usage: python3 pdfa_check.py [--expect 2A|1B] FILE.pdf
Prints one line per problem and exits 1 if there is any. A tagged PDF must
claim PDF/A-2a (ISO 19005-2 level A: PDF 1.7 at most, tagged, marked) and an
untagged one PDF/A-1b (PDF 1.4); --expect says which the file must be.
Checks what those levels ask of the files hejapack writes: version, file ID,
XMP metadata (unfiltered, PDF/A identification, agreeing with the document
information), an output intent with an embedded ICC profile, every font
embedded, no transparency, printable borderless links, no forbidden actions.
"""
import base64
import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

args = sys.argv[1:]
expect = None
if args[:1] == ["--expect"]:
    expect, args = args[1], args[2:]
path = args[0]
problems = []


def problem(text):
    problems.append(text)


raw = open(path, "rb").read()
header = re.match(rb"%PDF-1\.([0-9])\r?\n%[\x80-\xff]{4}", raw)
if not header:
    problem("header is not %PDF-1.n followed by a binary comment line")
if b"/Encrypt" in raw:
    problem("encrypted")

doc = json.loads(subprocess.run(
    ["qpdf", "--json=2", "--json-key=qpdf", "--json-stream-data=inline", path],
    check=True, capture_output=True).stdout)
objects = doc["qpdf"][1]


def resolve(ref):
    if isinstance(ref, str) and ref.endswith(" R"):
        return objects.get("obj:" + ref, {})
    return {"value": ref}


def value(ref):
    o = resolve(ref)
    return o.get("value", o.get("stream", {}).get("dict"))


def text(s):
    if isinstance(s, str) and s.startswith("u:"):
        return s[2:]
    if isinstance(s, str) and s.startswith("b:"):
        return bytes.fromhex(s[2:]).decode("latin-1")
    return s


trailer = objects["trailer"]["value"]
ids = trailer.get("/ID")
if not ids or len(ids) != 2 or not all(i.startswith("b:") and len(i) == 34 for i in ids):
    problem("trailer has no /ID of two 16-byte strings")
catalog = value(trailer["/Root"])
info = value(trailer.get("/Info")) or {}
tagged = "/StructTreeRoot" in catalog
claim = "2A" if tagged else "1B"
if expect and claim != expect:
    problem("expected PDF/A-%s, but the file is %stagged" % (expect, "" if tagged else "not "))
minor = int(header.group(1)) if header else None
if claim == "1B" and minor is not None and minor != 4:
    # PDF/A-1 is built on PDF 1.4, and the files use 1.4's XMP metadata,
    # output intents and /Lang: the header should say so.
    problem(f"header says PDF 1.{minor}, not 1.4")
if claim == "2A":
    # PDF/A-2 is built on PDF 1.7; tagged files use 1.5's /Tabs.
    if minor is not None and not 5 <= minor <= 7:
        problem(f"header says PDF 1.{minor}, not 1.5 to 1.7")
    if (value(catalog.get("/MarkInfo", {})) or {}).get("/Marked") is not True:
        problem("level A: MarkInfo /Marked is not true")
    if not catalog.get("/Lang"):
        problem("level A: the catalog has no /Lang")

# XMP metadata.
meta_ref = catalog.get("/Metadata")
if not meta_ref:
    problem("catalog has no /Metadata")
else:
    stream = resolve(meta_ref)["stream"]
    if "/Filter" in stream["dict"]:
        problem("metadata stream is filtered")
    xmp = base64.b64decode(stream["data"])
    ns = {"rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#", "dc": "http://purl.org/dc/elements/1.1/",
          "xmp": "http://ns.adobe.com/xap/1.0/", "pdf": "http://ns.adobe.com/pdf/1.3/",
          "pdfaid": "http://www.aiim.org/pdfa/ns/id/"}
    root = ET.fromstring(xmp[xmp.index(b"<x:xmpmeta"):xmp.index(b"</x:xmpmeta>") + 12])
    desc = root.find(".//rdf:Description", ns)

    def xmp_text(tag):
        el = desc.find(tag, ns)
        if el is None:
            return None
        li = el.find(".//rdf:li", ns)
        return (li if li is not None else el).text

    want = ("2", "A") if claim == "2A" else ("1", "B")
    if (xmp_text("pdfaid:part"), xmp_text("pdfaid:conformance")) != want:
        problem("XMP does not identify PDF/A-%s%s" % (want[0], want[1].lower()))
    # Every schema outside those PDF/A names must be described in the file.
    used = set(re.findall(rb'xmlns:([A-Za-z]+)="([^"]+)"', xmp))
    known = {"x", "rdf", "dc", "xmp", "pdf", "pdfaid", "pdfaExtension", "pdfaSchema", "pdfaProperty"}
    for prefix, uri in used:
        if prefix.decode() not in known and b"<pdfaSchema:namespaceURI>" + uri + b"</pdfaSchema:namespaceURI>" not in xmp:
            problem("XMP schema %s (%s) is not described in an extension schema" % (prefix.decode(), uri.decode()))
    pairs = [("/Title", "dc:title"), ("/Author", "dc:creator"), ("/Subject", "dc:description"),
             ("/Keywords", "pdf:Keywords"), ("/Producer", "pdf:Producer"), ("/Creator", "xmp:CreatorTool")]
    for key, tag in pairs:
        if key in info and text(info[key]) != xmp_text(tag):
            problem("info %s %r differs from XMP %s %r" % (key, text(info[key]), tag, xmp_text(tag)))
    for key, tag in [("/CreationDate", "xmp:CreateDate"), ("/ModDate", "xmp:ModifyDate")]:
        if key in info:
            d = re.match(r"D:(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)", text(info[key]))
            iso = "%s-%s-%sT%s:%s:%sZ" % d.groups() if d else None
            if iso != xmp_text(tag):
                problem("info %s %s differs from XMP %s %s" % (key, iso, tag, xmp_text(tag)))

# Output intent.
intents = catalog.get("/OutputIntents") or []
if not any(value(i).get("/S") == "/GTS_PDFA1" and "/DestOutputProfile" in value(i) for i in intents):
    problem("no GTS_PDFA1 output intent with a destination profile")
for i in intents:
    prof = resolve(value(i).get("/DestOutputProfile", ""))
    if prof and prof.get("stream", {}).get("dict", {}).get("/N") not in (1, 3, 4):
        problem("output intent profile has no valid /N")

# Every object: fonts, transparency, annotations, actions.
for key, obj in objects.items():
    d = obj.get("value") if "value" in obj else obj.get("stream", {}).get("dict")
    if not isinstance(d, dict):
        continue
    t = d.get("/Type")
    if t == "/FontDescriptor" and not any(k in d for k in ("/FontFile", "/FontFile2", "/FontFile3")):
        problem("%s: font %s is not embedded" % (key, d.get("/FontName")))
    if "/SMask" in d and d["/SMask"] != "/None":
        problem("%s: soft mask (transparency)" % key)
    if d.get("/S") == "/Transparency":
        problem("%s: transparency group" % key)
    for k in ("/CA", "/ca"):
        if k in d and d[k] != 1:
            problem("%s: constant alpha %s" % (key, d[k]))
    if d.get("/BM") not in (None, "/Normal", "/Compatible"):
        problem("%s: blend mode %s" % (key, d["/BM"]))
    if t == "/Annot":
        if not (int(d.get("/F", 0)) & 4) or int(d.get("/F", 0)) & 3:
            problem("%s: annotation without the print flag (or hidden)" % key)
        if d.get("/Subtype") == "/Link" and d.get("/Border") not in ([0, 0, 0],):
            problem("%s: link drawn with a border" % key)
    if d.get("/S") in ("/Launch", "/JavaScript", "/Sound", "/Movie", "/ResetForm", "/ImportData"):
        problem("%s: forbidden action %s" % (key, d["/S"]))
    if "/JS" in d or "/AA" in d:
        problem("%s: JavaScript or additional actions" % key)

for p in problems:
    print("%s: %s" % (path, p))
sys.exit(1 if problems else 0)
