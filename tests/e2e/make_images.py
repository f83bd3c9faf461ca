"""Writes test PNGs that libharu alone would get wrong, with nothing but the
standard library: a 16-bit RGBA image (left half opaque red, right half
fully transparent), an 8-bit grey image, and a palette image with a
transparent entry (tRNS).

Usage: python3 make_images.py OUTDIR
"""
import os
import struct
import sys
import zlib


def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def png(path, width, height, bit_depth, color_type, rows, extra=b""):
    raw = b"".join(b"\x00" + row for row in rows)
    data = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, bit_depth, color_type, 0, 0, 0))
            + extra + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
    with open(path, "wb") as f:
        f.write(data)


out = sys.argv[1]
os.makedirs(out, exist_ok=True)
W = H = 64
# 16-bit RGBA: red, opaque | anything, fully transparent.
rows = []
for _ in range(H):
    row = b""
    for x in range(W):
        row += struct.pack(">HHHH", 0xFFFF, 0, 0, 0xFFFF) if x < W // 2 else struct.pack(">HHHH", 0, 0x8000, 0xFFFF, 0)
    rows.append(row)
png(os.path.join(out, "rgba16.png"), W, H, 16, 6, rows)
# 8-bit grey ramp.
png(os.path.join(out, "grey8.png"), W, H, 8, 0, [bytes(range(0, 256, 4)) for _ in range(H)])
# Palette: index 0 blue, index 1 transparent (tRNS) -> white after flattening.
plte = chunk(b"PLTE", bytes([0, 0, 255, 0, 255, 0]))
trns = chunk(b"tRNS", bytes([255, 0]))
png(os.path.join(out, "palette.png"), W, H, 8, 3, [bytes([0] * (W // 2) + [1] * (W // 2)) for _ in range(H)],
    plte + trns)
