#!/usr/bin/env python3
"""How `hejapack build` scales with the library (`make bench`, (g)).

    bench_scale.py HEJAPACK MATERIAL_DIR OUT_DIR [N ...]

For each N (default 200 and 2000) a library of N documents is generated
from the shipped material (scale_library.py: the material's documents
cloned under new ids) and built once, cold, as a whole process with the
default workers. Printed: documents and pages, wall time, the time per
document and per page, and the peak resident memory of the largest process
of the build (ru_maxrss from wait4: the main process or a worker,
whichever was larger). Then, between the first and the last N, how much
the time per document changed (1.00 is linear) and how much memory each
further document cost. Figures only: nothing is asserted.
"""
import os
import re
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def build(binary, library, out):
    shutil.rmtree(out, ignore_errors=True)
    start = time.monotonic()
    with open(out + ".log", "w") as log:
        proc = subprocess.Popen([binary, "build", "--no-cache", "-C", library, "-o", out],
                                stdout=log, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(proc.pid, 0)
    wall = time.monotonic() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    text = open(out + ".log", encoding="utf-8").read()
    m = re.search(r"(\d+) documents, (\d+) pages", text)
    if proc.returncode != 0 or not m:
        tail = "\n".join(text.splitlines()[-3:])
        sys.exit(f"bench_scale: the build of {library} failed (status {proc.returncode}):\n{tail}")
    return int(m.group(1)), int(m.group(2)), wall, usage.ru_maxrss / 1024.0  # Linux: kilobytes


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__.strip().splitlines()[2].strip())
    binary, material, out_dir = sys.argv[1:4]
    sizes = [int(n) for n in sys.argv[4:]] or [200, 2000]
    os.makedirs(out_dir, exist_ok=True)
    print(f"\n(g) `hejapack build` of a generated library, cold, as a whole process ({os.cpu_count()} processors):")
    rows = []
    for n in sizes:
        library = os.path.join(out_dir, f"library-{n}")
        subprocess.run([sys.executable, os.path.join(HERE, "scale_library.py"), str(n), material, library],
                       check=True, stdout=subprocess.DEVNULL)
        docs, pages, wall, peak_mb = build(binary, library, os.path.join(out_dir, f"out-{n}"))
        rows.append((docs, pages, wall, peak_mb))
        print(f"    {docs:5d} documents, {pages:6d} pages: {wall:7.2f} s   {wall / docs * 1000:6.2f} ms/document"
              f"   {pages / wall:6.0f} pages/s   peak memory {peak_mb:6.1f} MB")
        shutil.rmtree(library, ignore_errors=True)
        shutil.rmtree(os.path.join(out_dir, f"out-{n}"), ignore_errors=True)
    if len(rows) > 1:
        (d0, p0, w0, m0), (d1, p1, w1, m1) = rows[0], rows[-1]
        print(f"    time per page, {d1} against {d0} documents: {(w1 / p1) / (w0 / p0):.2f}x (1.00 is linear)")
        print(f"    memory for each further document: {(m1 - m0) * 1024 / (d1 - d0):.1f} KB"
              f" (the products are spooled to TMPDIR; what grows is the model and the manifest)")
    print("bench (g): figures only; nothing is asserted")


main()
