#!/bin/sh
# Usage: make-seeds.sh SEEDDIR HEJAPACK
# The seed corpora of the fuzz targets, made afresh from what the repository
# already holds: the material and test fixtures (documents, bundle.yaml), the
# CommonMark spec's examples, the hostile ZIP files of the verify tests, small
# images, and manifests of a real release of tests/fixtures/mini.
set -eu
seeds=$1 hejapack=$2
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
rm -rf "$seeds"
mkdir -p "$seeds/document" "$seeds/bundle_yaml" "$seeds/verify" "$seeds/diff" "$seeds/image"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# document: the first byte is the role (0 lone file, 1 exercise, 2 report).
# Documents of other materials get their references pointed at the fuzzing
# material's (tests/fixtures/mini): otherwise each would stop at the loader.
python3 - "$seeds/document" "$root" <<'PY'
import glob, re, sys
out, root = sys.argv[1], sys.argv[2]
def retarget(text, role):
    text = re.sub(r"(?m)^related:.*$", "related: [beta]", text)
    text = re.sub(r"(?m)^theme:.*$", "theme: kultur", text)
    text = re.sub(r"(?m)^id:.*$", "id: " + ("alfa" if role == 1 else "rapporten"), text, count=1)
    text = re.sub(r"\]\((\.\./)?figures/[^)\s]*\)", "](../figures/figur.png)", text)
    other = "beta.md" if role == 1 else "../exercises/beta.md"
    return re.sub(r"\]\([^)\s:]*\.md(#[^)\s]*)?\)", "](" + other + ")", text)
n = 0
for role, pattern in ((1, "exercises"), (2, "reports")):
    for f in sorted(glob.glob(f"{root}/material/{pattern}/*.md") + glob.glob(f"{root}/tests/fixtures/*/{pattern}/*.md")
                    + glob.glob(f"{root}/tests/fixtures/bad/*/{pattern}/*.md")):
        n += 1
        data = open(f, "rb").read()
        try:
            data = retarget(data.decode(), role).encode()
        except UnicodeDecodeError:
            pass
        open(f"{out}/{pattern[:3]}{n}.md", "wb").write(bytes([role]) + data)
for f in sorted(glob.glob(f"{root}/tests/fixtures/plain/*.md") + glob.glob(f"{root}/docs/*.md")):
    n += 1
    open(f"{out}/plain{n}.md", "wb").write(b"\0" + open(f, "rb").read())
PY
# Every 8th CommonMark spec example as a lone file (the rest add little).
spec=${SHARED:-$root/../shared}/commonmark/spec.txt
if [ -f "$spec" ]; then
	python3 - "$spec" "$seeds/document" <<'PY'
import sys
spec, out = sys.argv[1], sys.argv[2]
fence = "`" * 32 + " example"
lines = open(spec, encoding="utf-8").read().split("\n")
examples, cur = [], None
for line in lines:
    if line.startswith(fence):
        cur = []
    elif cur is not None and line.startswith("`" * 32):
        examples.append("\n".join(cur).split("\n.\n")[0] if "\n.\n" in "\n".join(cur) else "\n".join(cur))
        cur = None
    elif cur is not None:
        cur.append(line)
for i, md in enumerate(examples[::8]):
    with open(f"{out}/spec{i:03d}.md", "wb") as f:
        f.write(b"\0" + md.replace("\u2192", "\t").encode())
PY
fi

# bundle_yaml
n=0
for f in "$root"/material/bundle.yaml "$root"/tests/fixtures/*/bundle.yaml "$root"/tests/fixtures/bad/*/bundle.yaml; do
	[ -f "$f" ] || continue
	n=$((n + 1)); cp "$f" "$seeds/bundle_yaml/b$n.yaml"
done

# verify: the hand-made hostile archives, each a small bag.
python3 "$root/tests/e2e/hostile_zips.py" "$tmp/zips" > /dev/null
cp "$tmp"/zips/*.zip "$seeds/verify/"

# diff: manifests of a real release, as pairs of small archives.
HEJAPACK_FONTS=${HEJAPACK_FONTS:-$root/fonts} SOURCE_DATE_EPOCH=1700000000 \
	"$hejapack" -q build -C "$root/tests/fixtures/mini" -o "$tmp/rel" > /dev/null
python3 - "$tmp/rel" "$seeds/diff" "$tmp/zips/good.zip" <<'PY'
import glob, io, json, sys, zipfile
rel, out, good = sys.argv[1], sys.argv[2], sys.argv[3]
z = zipfile.ZipFile(glob.glob(rel + "/*.zip")[0])
name = [n for n in z.namelist() if n.endswith("/manifest.json")][0]
top = name.split("/")[0]
m = json.loads(z.read(name))
def pack(mani):
    b = io.BytesIO()
    with zipfile.ZipFile(b, "w", zipfile.ZIP_DEFLATED) as o:
        o.writestr(top + "/manifest.json", json.dumps(mani, indent=2, ensure_ascii=False))
    return b.getvalue()
sep = b"\n--hejapack-fuzz-next--\n"
old = pack(m)
edited = json.loads(json.dumps(m))
edited["documents"][0]["source"]["sha256"] = "0" * 64
edited["documents"] = edited["documents"][:1] + [dict(edited["documents"][1], id="ny")] + edited["documents"][2:]
seeds = {"same": old + sep + old, "edited": old + sep + pack(edited),
         "plain": open(good, "rb").read() + sep + old}
for k, v in seeds.items():
    open(f"{out}/{k}.zip2", "wb").write(v)
PY

# image: small PNGs of every kind the tests make, and JPEGs from Ghostscript.
python3 "$root/tests/e2e/make_images.py" "$tmp/img" > /dev/null
cp "$tmp"/img/*.png "$root"/tests/fixtures/mini/figures/*.png "$seeds/image/"
printf '%%!\n0.2 0.5 0.8 setrgbcolor 0 0 20 20 rectfill 1 0 0 setrgbcolor 5 5 6 6 rectfill showpage\n' > "$tmp/p.ps"
for dev in jpeg jpeggray jpegcmyk; do
	gs -q -dSAFER -dBATCH -dNOPAUSE -sDEVICE=$dev -g16x16 -r72 -sOutputFile="$seeds/image/$dev.jpg" "$tmp/p.ps"
done
for t in document bundle_yaml verify diff image; do
	printf '%s: %s seeds\n' "$t" "$(ls "$seeds/$t" | wc -l)"
done
