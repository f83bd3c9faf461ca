#!/usr/bin/python3
"""The E-ARK CSIP / SIP rules an XML Schema cannot check, for an unpacked
package written by `hejapack build --sip`.

    sip_check.py PACKAGE_DIR [HEJAPACK_VERSION]

Reads METS.xml and the PREMIS file with the standard library only (not with
hejapack's own reader) and checks: every file of the package but METS.xml is
listed in METS.xml exactly once (fileSec FLocat or mdRef) and nothing else
is; every listed size and SHA-256 is right and MIMETYPE and CREATED are
given; every ID is unique and every IDREF (FILEID, ADMID, DMDID) resolves;
the root, header, agent and structural map carry the values CSIP 2.1 and
SIP 2.1 require; PREMIS has an object with the right digest and size for
every file listed and at least one event linked to each. Prints one line
per problem and exits 1 when there is any.
"""
import hashlib
import os
import sys
import xml.etree.ElementTree as ET

METS = "{http://www.loc.gov/METS/}"
XLINK = "{http://www.w3.org/1999/xlink}"
CSIP = "{https://DILCIS.eu/XML/METS/CSIPExtensionMETS}"
PREMIS = "{http://www.loc.gov/premis/v3}"
XSI = "{http://www.w3.org/2001/XMLSchema-instance}"

problems = []


def bad(msg):
    problems.append(msg)


def files_on_disk(root):
    out = set()
    for d, _, names in os.walk(root):
        for n in names:
            out.add(os.path.relpath(os.path.join(d, n), root).replace(os.sep, "/"))
    return out


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def main():
    root = sys.argv[1].rstrip("/")
    version = sys.argv[2] if len(sys.argv) > 2 else None
    name = os.path.basename(root)
    mets = ET.parse(os.path.join(root, "METS.xml")).getroot()

    # Root and header (CSIP1-16, SIP).
    if mets.tag != METS + "mets":
        bad("root element is not mets:mets")
    if mets.get("OBJID") != name:
        bad("OBJID %r is not the package directory %r" % (mets.get("OBJID"), name))
    if not mets.get("TYPE"):
        bad("mets/@TYPE missing")
    cit = mets.get(CSIP + "CONTENTINFORMATIONTYPE")
    if not cit:
        bad("mets/@csip:CONTENTINFORMATIONTYPE missing")
    elif cit == "OTHER" and not mets.get(CSIP + "OTHERCONTENTINFORMATIONTYPE"):
        bad("CONTENTINFORMATIONTYPE OTHER without OTHERCONTENTINFORMATIONTYPE")
    if mets.get("PROFILE") != "https://earksip.dilcis.eu/profile/E-ARK-SIP.xml":
        bad("mets/@PROFILE is not the E-ARK SIP profile")
    hdr = mets.find(METS + "metsHdr")
    if hdr is None:
        bad("no metsHdr")
    else:
        if not hdr.get("CREATEDATE"):
            bad("metsHdr/@CREATEDATE missing")
        if hdr.get(CSIP + "OAISPACKAGETYPE") != "SIP":
            bad("metsHdr/@csip:OAISPACKAGETYPE is not SIP")
        software = [a for a in hdr.findall(METS + "agent")
                    if a.get("ROLE") == "CREATOR" and a.get("TYPE") == "OTHER" and a.get("OTHERTYPE") == "SOFTWARE"]
        if len(software) != 1:
            bad("not exactly one software agent (CREATOR, OTHER, SOFTWARE)")
        else:
            a = software[0]
            if a.findtext(METS + "name") != "hejapack":
                bad("the software agent is not named hejapack")
            notes = [n for n in a.findall(METS + "note") if n.get(CSIP + "NOTETYPE") == "SOFTWARE VERSION"]
            if len(notes) != 1 or (version and notes[0].text != version):
                bad("the software agent's SOFTWARE VERSION note is not %r" % version)

    # IDs unique, IDREFs resolve.
    ids = {}
    for el in mets.iter():
        i = el.get("ID")
        if i is not None:
            if i in ids:
                bad("ID %s used twice" % i)
            ids[i] = el
    for el in mets.iter():
        for attr in ("FILEID", "ADMID", "DMDID"):
            for ref in (el.get(attr) or "").split():
                if ref not in ids:
                    bad("%s %s on %s does not resolve" % (attr, ref, el.tag.replace(METS, "")))

    # Every file listed once, only those, with the right size and digest.
    listed = {}
    def listing(el, core, where):
        href = el.get(XLINK + "href")
        if el.get("LOCTYPE") != "URL" or el.get(XLINK + "type") != "simple":
            bad("%s %s: LOCTYPE must be URL and xlink:type simple" % (where, href))
        if href in listed:
            bad("%s listed twice" % href)
        listed[href] = core
        for a in ("MIMETYPE", "SIZE", "CREATED", "CHECKSUM", "CHECKSUMTYPE"):
            if not core.get(a):
                bad("%s: %s missing" % (href, a))
        if core.get("CHECKSUMTYPE") != "SHA-256":
            bad("%s: CHECKSUMTYPE is not SHA-256" % href)
        path = os.path.join(root, href or "")
        if not href or not os.path.isfile(path):
            bad("%s is listed but not in the package" % href)
            return
        if core.get("SIZE") != str(os.path.getsize(path)):
            bad("%s: SIZE %s, the file has %d bytes" % (href, core.get("SIZE"), os.path.getsize(path)))
        if core.get("CHECKSUM") != sha256(path):
            bad("%s: SHA-256 does not match" % href)

    dmd = mets.findall(METS + "dmdSec")
    if not dmd:
        bad("no dmdSec")
    for sec in dmd:
        for a in ("ID", "CREATED"):
            if not sec.get(a):
                bad("dmdSec/@%s missing" % a)
        for ref in sec.findall(METS + "mdRef"):
            listing(ref, ref, "dmdSec")
    if not any(r.get("MDTYPE") == "DC" for s in dmd for r in s.findall(METS + "mdRef")):
        bad("no Dublin Core dmdSec")
    premis_href = None
    for dp in mets.iter(METS + "digiprovMD"):
        for ref in dp.findall(METS + "mdRef"):
            listing(ref, ref, "digiprovMD")
            if ref.get("MDTYPE") == "PREMIS":
                premis_href = ref.get(XLINK + "href")
    if not premis_href:
        bad("no PREMIS digiprovMD")
    groups = {}
    filesec = mets.find(METS + "fileSec")
    if filesec is None:
        bad("no fileSec")
    else:
        for grp in filesec.findall(METS + "fileGrp"):
            groups[grp.get("USE")] = grp
            for f in grp.iter(METS + "file"):
                locs = f.findall(METS + "FLocat")
                if len(locs) != 1:
                    bad("file %s has %d FLocat" % (f.get("ID"), len(locs)))
                for loc in locs:
                    listing(loc, f, "fileSec")
    on_disk = files_on_disk(root) - {"METS.xml"}
    for missing in sorted(on_disk - set(listed)):
        bad("%s is in the package but not in METS.xml" % missing)
    for use in ("Documentation", "Schemas", "Representations/rep1", "Representations/rep2"):
        if use not in groups:
            bad("no fileGrp USE=%s" % use)
    for use, prefix in (("Representations/rep1", "representations/rep1/data/"),
                        ("Representations/rep2", "representations/rep2/data/"),
                        ("Documentation", "documentation/"), ("Schemas", "schemas/")):
        for f in (groups.get(use) or ET.Element("x")).iter(METS + "FLocat"):
            if not f.get(XLINK + "href", "").startswith(prefix):
                bad("%s in fileGrp %s" % (f.get(XLINK + "href"), use))

    # The structural map (CSIP80-119).
    maps = [m for m in mets.findall(METS + "structMap") if m.get("LABEL") == "CSIP"]
    if len(maps) != 1 or maps[0].get("TYPE") != "PHYSICAL":
        bad("not exactly one structMap TYPE=PHYSICAL LABEL=CSIP")
    else:
        top = maps[0].findall(METS + "div")
        if len(top) != 1 or top[0].get("LABEL") != name:
            bad("the structMap's one main div is not labelled with the package ID")
        else:
            labels = {d.get("LABEL"): d for d in top[0].findall(METS + "div")}
            md = labels.get("Metadata")
            if md is None or not md.get("DMDID") or not md.get("ADMID"):
                bad("no Metadata div pointing at the dmdSec and the digiprovMD")
            for use in ("Documentation", "Schemas", "Representations/rep1", "Representations/rep2"):
                d = labels.get(use)
                ptrs = [p.get("FILEID") for p in d.findall(METS + "fptr")] if d is not None else []
                grp = groups.get(use)
                if grp is None or ptrs != [grp.get("ID")]:
                    bad("div %s does not point at its fileGrp" % use)

    # PREMIS: an object with the right fixity for every listed file but
    # itself, each linked to at least one event; xmlIDs unique.
    if premis_href:
        p = ET.parse(os.path.join(root, premis_href)).getroot()
        if p.tag != PREMIS + "premis" or p.get("version") != "3.0":
            bad("PREMIS root is not premis version 3.0")
        events = {}
        for e in p.findall(PREMIS + "event"):
            events[e.findtext(PREMIS + "eventIdentifier/" + PREMIS + "eventIdentifierValue")] = e
        objects = {}
        xmlids = set()
        for o in p.findall(PREMIS + "object"):
            x = o.get("xmlID")
            if x in xmlids:
                bad("PREMIS xmlID %s twice" % x)
            xmlids.add(x)
            if o.get(XSI + "type") != "file":
                continue
            path = o.findtext(PREMIS + "objectIdentifier/" + PREMIS + "objectIdentifierValue")
            objects[path] = o
            linked = [l.findtext(PREMIS + "linkingEventIdentifierValue") for l in o.findall(PREMIS + "linkingEventIdentifier")]
            if not linked:
                bad("PREMIS object %s has no event" % path)
            for l in linked:
                if l not in events:
                    bad("PREMIS object %s links to missing event %s" % (path, l))
            fix = o.find(PREMIS + "objectCharacteristics/" + PREMIS + "fixity")
            full = os.path.join(root, path or "")
            if fix is None or fix.findtext(PREMIS + "messageDigestAlgorithm") != "SHA-256":
                bad("PREMIS object %s has no SHA-256 fixity" % path)
            elif not os.path.isfile(full) or fix.findtext(PREMIS + "messageDigest") != sha256(full):
                bad("PREMIS object %s: digest does not match" % path)
            size = o.findtext(PREMIS + "objectCharacteristics/" + PREMIS + "size")
            if os.path.isfile(full) and size != str(os.path.getsize(full)):
                bad("PREMIS object %s: size does not match" % path)
        for href in listed:
            if href != premis_href and href not in objects:
                bad("no PREMIS object for %s" % href)
        for e in events.values():
            for l in e.findall(PREMIS + "linkingObjectIdentifier"):
                v = l.findtext(PREMIS + "linkingObjectIdentifierValue")
                if v not in objects:
                    bad("PREMIS event links to unknown object %s" % v)
        agents = [a.findtext(PREMIS + "agentName") for a in p.findall(PREMIS + "agent")]
        if "hejapack" not in agents:
            bad("PREMIS has no hejapack agent")

    for line in problems:
        print(line)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
