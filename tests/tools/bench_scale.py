#!/usr/bin/env python3
"""How `hejapack build` scales with the library (`make bench`, (g)).

    bench_scale.py HEJAPACK MATERIAL_DIR OUT_DIR [N ...]

For each N (default 200 and 2000) a library of N documents is generated
from the shipped material (scale_library.py: the material's documents
cloned under new ids) and built once, cold, as a whole process with the
default workers. Printed: documents and pages, wall time, the time per
document and per page, and three peaks of resident memory: the whole
build's largest process (ru_maxrss from wait4), the main process alone
and its largest worker (each one's VmHWM in /proc, read every
millisecond or so while the build runs; a high-water mark only grows, so
a late read loses at most the last moment of a process).

What "bounded by the largest document" means is then shown beside it:
the largest document of such a library is its catalogue (katalog.pdf,
one entry per document, so it grows with the library); a lone document
of about the catalogue's pages (the material's longest report, repeated)
is set with `hejapack pdf` and its peak printed as the reference, and so
is the material's longest document as it ships. Then, between the first
and the last N, how much the time per page changed (1.00 is linear) and
how much memory each further document cost the main process and the
largest process. Figures only: nothing is asserted.
"""
import os
import re
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def vm_hwm_kb(pid):
    try:
        with open(f"/proc/{pid}/status", encoding="ascii", errors="replace") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None  # gone, or a zombie whose memory is already released


def children_of(parent):
    """The kernel here has no /proc/PID/task/PID/children: scan every stat."""
    found = []
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", encoding="ascii", errors="replace") as f:
                stat = f.read()
        except OSError:
            continue
        fields = stat[stat.rfind(")") + 2:].split()  # the command name may hold spaces
        if len(fields) > 1 and fields[1] == str(parent):
            found.append(int(name))
    return found


def run_watched(argv, log_path):
    """Runs argv; returns (exit code, wall s, tree peak KB, main peak KB, largest child peak KB,
    children seen)."""
    start = time.monotonic()
    with open(log_path, "w") as log:
        proc = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT)
    main_peak, child_peak = 0, {}
    polls = 0
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid == proc.pid:
            break
        hwm = vm_hwm_kb(proc.pid)
        if hwm is not None:
            main_peak = max(main_peak, hwm)
        if polls % 16 == 0:
            for child in children_of(proc.pid):
                child_peak.setdefault(child, 0)
        for child in list(child_peak):
            hwm = vm_hwm_kb(child)
            if hwm is not None:
                child_peak[child] = max(child_peak[child], hwm)
        polls += 1
        time.sleep(0.001)
    wall = time.monotonic() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    return (proc.returncode, wall, usage.ru_maxrss, main_peak,
            max(child_peak.values(), default=0), len(child_peak))


def read_log(path):
    return open(path, encoding="utf-8", errors="replace").read()


def fail(what, code, log_path):
    tail = "\n".join(read_log(log_path).splitlines()[-3:])
    sys.exit(f"bench_scale: {what} failed (status {code}):\n{tail}")


def pdf_pages(path):
    out = subprocess.run(["pdfinfo", path], capture_output=True, text=True)
    m = re.search(r"^Pages:\s+(\d+)", out.stdout, re.M)
    return int(m.group(1)) if m else None


def lone_pdf(binary, source, out_pdf):
    """Peak memory (MB) and pages of `hejapack pdf SOURCE` as a process."""
    code, _, tree_kb, _, _, _ = run_watched([binary, "pdf", source, "-o", out_pdf], out_pdf + ".log")
    if code != 0:
        fail(f"hejapack pdf {source}", code, out_pdf + ".log")
    return tree_kb / 1024.0, pdf_pages(out_pdf)


def repeated_report(longest, times, dest_name):
    """The longest document's body set `times` over in one file beside it,
    so its figures and links resolve as the original's do."""
    text = open(longest, encoding="utf-8").read()
    head_end = text.index("\n---", 3) + 4
    head, body = text[:head_end], text[head_end:]
    head = re.sub(r"^id:.*$", f"id: {dest_name}", head, count=1, flags=re.M)
    dest = os.path.join(os.path.dirname(longest), dest_name + ".md")
    with open(dest, "w", encoding="utf-8") as f:
        f.write(head + body * times)
    return dest


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__.strip().splitlines()[2].strip())
    binary, material, out_dir = sys.argv[1:4]
    sizes = [int(n) for n in sys.argv[4:]] or [200, 2000]
    os.makedirs(out_dir, exist_ok=True)
    print(f"\n(g) `hejapack build` of a generated library, cold, as a whole process ({os.cpu_count()} processors):")
    sources = sorted(os.path.join(material, kind, name)
                     for kind in ("exercises", "reports")
                     for name in os.listdir(os.path.join(material, kind)) if name.endswith(".md"))
    longest = max(sources, key=os.path.getsize)
    # The references are set in a copy of the shipped material, so that they
    # load only its 32 documents' front matter, not a generated library's.
    reference = os.path.join(out_dir, "reference")
    shutil.rmtree(reference, ignore_errors=True)
    shutil.copytree(material, reference)
    reference_longest = os.path.join(reference, os.path.relpath(longest, material))
    long_mb, long_pages = lone_pdf(binary, reference_longest, os.path.join(out_dir, "longest.pdf"))
    rows = []
    for n in sizes:
        library = os.path.join(out_dir, f"library-{n}")
        out = os.path.join(out_dir, f"out-{n}")
        subprocess.run([sys.executable, os.path.join(HERE, "scale_library.py"), str(n), material, library],
                       check=True, stdout=subprocess.DEVNULL)
        shutil.rmtree(out, ignore_errors=True)
        code, wall, tree_kb, main_kb, worker_kb, workers = run_watched(
            [binary, "build", "--no-cache", "-C", library, "-o", out], out + ".log")
        m = re.search(r"(\d+) documents, (\d+) pages", read_log(out + ".log"))
        if code != 0 or not m:
            fail(f"the build of {library}", code, out + ".log")
        docs, pages = int(m.group(1)), int(m.group(2))
        catalogue = pdf_pages(os.path.join(out, "pdf", "katalog.pdf"))
        rows.append((docs, pages, wall, tree_kb / 1024.0, main_kb / 1024.0))
        print(f"    {docs:5d} documents, {pages:6d} pages: {wall:7.2f} s   {wall / docs * 1000:6.2f} ms/document"
              f"   {pages / wall:6.0f} pages/s")
        print(f"          peak memory: largest process {tree_kb / 1024.0:6.1f} MB, main process {main_kb / 1024.0:6.1f} MB,"
              f" largest of {workers} workers {worker_kb / 1024.0:6.1f} MB")
        shutil.rmtree(library, ignore_errors=True)
        shutil.rmtree(out, ignore_errors=True)
        if catalogue:
            times = max(1, -(-catalogue // max(1, long_pages)))  # at least the catalogue's pages
            alike = repeated_report(reference_longest, times, "bench-like-catalogue")
            alike_mb, alike_pages = lone_pdf(binary, alike, os.path.join(out_dir, "like-catalogue.pdf"))
            os.remove(alike)
            print(f"          its largest document is the catalogue, {catalogue} pages; a lone document of"
                  f" {alike_pages} pages ({os.path.basename(longest)} x{times}) as `hejapack pdf`: {alike_mb:6.1f} MB")
    shutil.rmtree(reference, ignore_errors=True)
    print(f"    reference: the material's longest document alone ({os.path.basename(longest)},"
          f" {long_pages} pages) as `hejapack pdf`: {long_mb:.1f} MB")
    if len(rows) > 1:
        (d0, p0, w0, t0, m0), (d1, p1, w1, t1, m1) = rows[0], rows[-1]
        print(f"    time per page, {d1} against {d0} documents: {(w1 / p1) / (w0 / p0):.2f}x (1.00 is linear)")
        print(f"    memory for each further document: {(m1 - m0) * 1024 / (d1 - d0):.1f} KB in the main process"
              f" (the library's model and manifest), {(t1 - t0) * 1024 / (d1 - d0):.1f} KB in the largest process;"
              " the products are spooled to TMPDIR")
    print("bench (g): figures only; nothing is asserted")


main()
