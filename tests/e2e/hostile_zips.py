#!/usr/bin/env python3
"""Writes hostile and damaged bundle ZIPs for the `hejapack verify` tests.

Usage: hostile_zips.py OUTDIR

Every archive is a small, otherwise valid bag (top directory t-1, BagIt 1.0,
SHA-256 and SHA-512 manifests, tag manifest, bag-info.txt with Payload-Oxum,
manifest.json) with exactly one thing wrong, so that a rejection can only be
due to that thing. good.zip has nothing wrong and must pass. OUTDIR/cases.txt
lists `FILE<TAB>text the verifier's report must contain`, one per line.
"""

import hashlib
import json
import os
import struct
import sys
import warnings
import zipfile

TOP = "t-1"
EPOCH = (2025, 3, 1, 0, 0, 0)


def manifest_json(docs=()):
    data = {"manifest_version": 1, "id": "t", "version": "1", "documents": list(docs), "extras": []}
    return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode()


def bag_entries(payload, listed=None, oxum=None, bagit=None, docs=()):
    """The bag's files as (name below TOP, bytes) in byte order.

    payload: dict name-below-data/ -> bytes; listed: the payload names the
    manifests list (default: all), with their bytes."""
    if listed is None:
        listed = payload
    files = {"data/" + k: v for k, v in payload.items()}
    lines256 = "".join(f"{hashlib.sha256(v).hexdigest()}  data/{k}\n" for k, v in sorted(listed.items()))
    lines512 = "".join(f"{hashlib.sha512(v).hexdigest()}  data/{k}\n" for k, v in sorted(listed.items()))
    octets = sum(len(v) for v in payload.values())
    tags = {
        "bagit.txt": bagit if bagit is not None else b"BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n",
        "bag-info.txt": (oxum or f"Payload-Oxum: {octets}.{len(payload)}\n").encode(),
        "manifest-sha256.txt": lines256.encode(),
        "manifest-sha512.txt": lines512.encode(),
        "manifest.json": manifest_json(docs),
    }
    tagman = "".join(f"{hashlib.sha256(v).hexdigest()}  {k}\n" for k, v in sorted(tags.items()))
    files.update(tags)
    files["tagmanifest-sha256.txt"] = tagman.encode()
    return sorted(files.items())


PAYLOAD = {
    "figur.png": b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 2,
    "notes.txt": b"plain notes\n",
}
PDF = b"%PDF-1.7\n" + b"exercise a\n" * 40


def info(name, attr=0o100644, system=3):
    zi = zipfile.ZipInfo(name, EPOCH)
    zi.compress_type = zipfile.ZIP_DEFLATED
    zi.create_system = system
    zi.external_attr = attr << 16
    return zi


def write_zip(path, entries):
    """entries: list of (full name, bytes) or (ZipInfo, bytes)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # duplicate names are the point of one case
        with zipfile.ZipFile(path, "w") as zf:
            for name, data in entries:
                zi = name if isinstance(name, zipfile.ZipInfo) else info(name)
                zf.writestr(zi, data)


def bag(payload=PAYLOAD, **kw):
    return [(f"{TOP}/{k}", v) for k, v in bag_entries(payload, **kw)]


def patch_bytes(path, old, new):
    """Replaces a placeholder name (same length) in local and central headers."""
    assert len(old) == len(new)
    with open(path, "rb") as f:
        data = f.read()
    assert data.count(old) == 2, (path, old, data.count(old))
    with open(path, "wb") as f:
        f.write(data.replace(old, new))


def patch_uncompressed_size(path, name, size):
    """Declares `size` uncompressed bytes for entry `name` in both headers."""
    with zipfile.ZipFile(path) as zf:
        zi = zf.getinfo(name)
    with open(path, "r+b") as f:
        data = bytearray(f.read())
        struct.pack_into("<I", data, zi.header_offset + 22, size)
        # central directory: find the record that points at this local header
        pos = data.rfind(b"PK\x05\x06")
        count, cd_size, cd_offset = struct.unpack_from("<HII", data, pos + 10)
        p = cd_offset
        for _ in range(count):
            assert data[p:p + 4] == b"PK\x01\x02"
            nlen, elen, clen = struct.unpack_from("<HHH", data, p + 28)
            (offset,) = struct.unpack_from("<I", data, p + 42)
            if offset == zi.header_offset:
                struct.pack_into("<I", data, p + 24, size)
            p += 46 + nlen + elen + clen
        f.seek(0)
        f.write(data)


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    cases = []

    def case(name, entries, expect):
        write_zip(os.path.join(out, name), entries)
        cases.append((name, expect))

    case("good.zip", bag(), "intact")
    case("traversal.zip", bag() + [(f"{TOP}/data/../../evil.txt", b"x")], "path traversal")
    case("absolute.zip", bag() + [("/tmp/evil.txt", b"x")], "absolute path")
    case("backslash.zip", bag() + [(f"{TOP}/data/sub\\evil.txt", b"x")], "backslash")
    case("empty_component.zip", bag() + [(f"{TOP}/data//evil.txt", b"x")], "empty path component")
    dup = bag()
    dup.insert(3, dup[3])
    case("duplicate.zip", dup, "duplicate entry name")
    folded = dict(PAYLOAD)
    folded["Notes.txt"] = b"other notes\n"
    case("casefold.zip", bag(folded), "where case and the composition of letters are ignored")
    kelvin = dict(PAYLOAD)
    kelvin["k.txt"] = b"lower k\n"
    kelvin["\u212a.txt"] = b"Kelvin sign\n"
    case("kelvin.zip", bag(kelvin), "where case and the composition of letters are ignored")
    composed = dict(PAYLOAD)
    composed["\u00e5.txt"] = b"composed\n"
    composed["a\u030a.txt"] = b"decomposed\n"
    case("nfd.zip", bag(composed), "where case and the composition of letters are ignored")
    case("symlink.zip", bag() + [(info(f"{TOP}/data/link", 0o120777), b"/etc/passwd")], "symbolic link")
    case("fifo.zip", bag() + [(info(f"{TOP}/data/pipe", 0o010644), b"")], "special file")
    case("dir_with_data.zip", bag() + [(info(f"{TOP}/data/d/", 0o040755), b"data in a directory")],
         "directory entry with")
    dos_dir = info(f"{TOP}/data/x", 0, system=0)
    dos_dir.external_attr = 0x10  # MS-DOS directory attribute on a file entry
    case("dos_dir_attr.zip", bag() + [(dos_dir, b"x")], "directory attribute")
    case("two_top_dirs.zip", bag() + [("other-1/data/x.txt", b"x")], "second top-level directory")
    case("outside.zip", bag() + [("loose.txt", b"x")], "outside the bundle")
    case("bomb.zip", bag() + [(f"{TOP}/data/zeros.bin", bytes(50 << 20))], "zip bomb")

    # Each entry just under the per-entry ratio check, together far more than
    # the archive could honestly hold.
    zeros = dict(PAYLOAD)
    zeros.update({f"z{i:03}.bin": bytes(1 << 20) for i in range(120)})
    case("bomb_total.zip", bag(zeros), "more than 200:1; nothing was inflated")

    # A comment that holds a second end-of-central-directory record, which
    # points at a central directory of its own: tools that search from the
    # end and tools that check consistency would read different archives.
    path = os.path.join(out, "fake_eocd.zip")
    write_zip(path, bag())
    with open(path, "rb") as f:
        data = f.read()
    fake = struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, 1, 1, 46, 0, 0)
    comment = b"see inside " + fake
    data = data[:-2] + struct.pack("<H", len(comment)) + comment
    with open(path, "wb") as f:
        f.write(data)
    cases.append(("fake_eocd.zip", "second end-of-central-directory record"))
    path = os.path.join(out, "trailing.zip")
    write_zip(path, bag())
    with open(path, "ab") as f:
        f.write(b"appended after the archive\n")
    cases.append(("trailing.zip", "bytes follow the end-of-central-directory record"))

    # The declared size is a lie in both headers, so only the limit can catch it.
    big = bag() + [(f"{TOP}/data/big.bin", b"small really\n")]
    write_zip(os.path.join(out, "oversized.zip"), big)
    patch_uncompressed_size(os.path.join(out, "oversized.zip"), f"{TOP}/data/big.bin", 3 << 30)
    cases.append(("oversized.zip", "size limit"))

    # Names Python will not write: placeholders of the same length, patched.
    write_zip(os.path.join(out, "invalid_utf8.zip"), bag() + [(f"{TOP}/data/PLACEHOLDER1", b"x")])
    patch_bytes(os.path.join(out, "invalid_utf8.zip"), b"PLACEHOLDER1", b"bad\xff\xfename.tx")
    cases.append(("invalid_utf8.zip", "not valid UTF-8"))
    write_zip(os.path.join(out, "nul_name.zip"), bag() + [(f"{TOP}/data/PLACEHOLDER2.txt", b"x")])
    patch_bytes(os.path.join(out, "nul_name.zip"), b"PLACEHOLDER2.txt", b"evil.txt\x00.pdfXXX")
    cases.append(("nul_name.zip", "not listed in manifest-sha256.txt"))

    many = bag() + [(f"{TOP}/data/m/{i}", b"") for i in range(10001)]
    case("many_entries.zip", many, "more than the limit")

    # Bag-level damage in otherwise well-formed archives.
    extra = dict(PAYLOAD)
    extra["unlisted.txt"] = b"not in any manifest\n"
    case("unlisted.zip", bag(extra, listed=PAYLOAD, oxum=f"Payload-Oxum: {sum(map(len, extra.values()))}.3\n"),
         "not listed in manifest-sha256.txt")
    listed = dict(PAYLOAD)
    listed["gone.pdf"] = b"was here\n"
    case("missing.zip", bag(PAYLOAD, listed=listed), "listed in manifest-sha256.txt but missing")
    changed = dict(PAYLOAD)
    changed["notes.txt"] = b"plain notez\n"
    case("bad_digest.zip", bag(changed, listed=PAYLOAD), "digest does not match")
    case("bad_oxum.zip", bag(oxum="Payload-Oxum: 1.2\n"), "Payload-Oxum says")
    case("no_oxum.zip", bag(oxum="Bagging-Date: 2025-03-01\n"), "no valid Payload-Oxum")
    case("bad_bagit.zip", bag(bagit=b"BagIt-Version: 2.0\nTag-File-Character-Encoding: UTF-8\n"),
         "two lines BagIt requires")
    with_pdf = dict(PAYLOAD)
    with_pdf["ovningar/a.pdf"] = PDF
    pdf = PDF
    doc = {"id": "a", "type": "exercise", "version": "1",
           "pdf": {"path": "data/ovningar/a.pdf", "bytes": len(pdf), "sha256": hashlib.sha256(b"other").hexdigest()},
           "source": {"path": "data/notes.txt", "bytes": len(PAYLOAD["notes.txt"]),
                      "sha256": hashlib.sha256(PAYLOAD["notes.txt"]).hexdigest()}}
    case("json_mismatch.zip", bag(with_pdf, docs=[doc]), "does not match manifest.json")
    doc_ok = dict(doc)
    doc_ok["pdf"] = dict(doc["pdf"], sha256=hashlib.sha256(pdf).hexdigest())
    case("json_consistent.zip", bag(with_pdf, docs=[doc_ok]), "intact")
    case("json_wrong_size.zip", bag(with_pdf, docs=[dict(doc_ok, pdf=dict(doc_ok["pdf"], bytes=1))]),
         "manifest.json says 1 bytes")
    case("json_missing_file.zip", bag(PAYLOAD, docs=[doc_ok]), "described in manifest.json but missing")
    undescribed = dict(with_pdf)
    undescribed["rapporter/r.pdf"] = b"%PDF report\n"
    case("json_undescribed_pdf.zip", bag(undescribed, docs=[doc_ok]), "does not describe")

    with open(os.path.join(out, "cases.txt"), "w") as f:
        for name, expect in cases:
            f.write(f"{name}\t{expect}\n")


if __name__ == "__main__":
    main()
