#!/usr/bin/env python3
"""Writes broken and hostile image files, each beside a Markdown file that
uses it.

usage: images.py DIR

DIR/NAME.png or NAME.jpg for every NAME below, and DIR/NAME.md, a plain
document whose third line is "![Bild](NAME.ext)". Also DIR/good.png and
DIR/good.jpg (well-formed, for comparison) when the system has the tools.
"""
import os
import struct
import sys
import zlib


def chunk(kind, data, length=None, crc=None):
    body = kind + data
    return struct.pack(">I", len(data) if length is None else length) + body + \
        struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF if crc is None else crc)


def png(width, height, color=2, depth=8, rows=None, extra=b""):
    ihdr = struct.pack(">IIBBBBB", width, height, depth, color, 0, 0, 0)
    if rows is None:
        channels = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}[color]
        rows = b"".join(b"\0" + bytes([x * 7 % 256 for x in range(width * channels)]) for _ in range(height))
    plte = chunk(b"PLTE", bytes(range(48))) if color == 3 else b""
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + plte + extra + chunk(b"IDAT", zlib.compress(rows)) + \
        chunk(b"IEND", b"")


def jpeg_segment(marker, payload):
    return b"\xFF" + bytes([marker]) + struct.pack(">H", len(payload) + 2) + payload


def jpeg_frame(sof, precision, components, width=8, height=8):
    comps = b"".join(bytes([i + 1, 0x11, 0]) for i in range(components))
    return jpeg_segment(sof, bytes([precision]) + struct.pack(">HH", height, width) + bytes([components]) + comps)


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    good = png(40, 30)
    files = {}
    files["truncated.png"] = good[: len(good) // 2]
    # One byte of the compressed pixels changed: the IDAT CRC no longer holds.
    at = good.index(b"IDAT") + 10
    files["badcrc.png"] = good[:at] + bytes([good[at] ^ 0x55]) + good[at + 1:]
    # 20 000 x 20 000 pixels (400 million): more than hejapack decodes.
    files["oversized.png"] = png(20000, 20000, rows=b"")
    # About 120 bytes that claim 8000 x 8000 palette pixels and a 2 GB chunk.
    bomb = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 8000, 8000, 8, 3, 0, 0, 0)) + \
        chunk(b"PLTE", bytes(range(48))) + struct.pack(">I", 0x7FFFFFF0) + b"zTXt" + b"k\0\0" + b"x" * 40
    files["bomb.png"] = bomb
    # The same size claimed with a stream far too short for it.
    files["short.png"] = png(8000, 8000, color=3, rows=b"\0" * 100)
    # JPEG headers: a CMYK (Adobe) frame, a 12-bit frame, five components,
    # arithmetic coding, and a file that ends inside its header.
    soi, eoi = b"\xFF\xD8", b"\xFF\xD9"
    adobe = jpeg_segment(0xEE, b"Adobe" + struct.pack(">HHHB", 100, 0, 0, 0))
    files["cmyk.jpg"] = soi + adobe + jpeg_frame(0xC0, 8, 4) + eoi
    files["twelve.jpg"] = soi + jpeg_frame(0xC1, 12, 3) + eoi
    files["five.jpg"] = soi + jpeg_frame(0xC0, 8, 5) + eoi
    files["arith.jpg"] = soi + jpeg_frame(0xC9, 8, 3) + eoi
    files["cut.jpg"] = soi + jpeg_frame(0xC0, 8, 3)[:7]
    files["badmarker.jpg"] = soi + b"\xFF\x01\x00\x04ab" + jpeg_frame(0xC0, 8, 3) + eoi
    files["good.png"] = good
    for name, data in files.items():
        with open(os.path.join(out, name), "wb") as f:
            f.write(data)
        stem = name.rsplit(".", 1)[0]
        with open(os.path.join(out, stem + ".md"), "w", encoding="utf-8") as f:
            f.write("# Bild\n\n![Bild](%s)\n\nText efter bilden.\n" % name)


main()
