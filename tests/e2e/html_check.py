#!/usr/bin/env python3
"""Structure checks of the HTML edition in an unpacked bag, independent of
hejapack's code (tests/e2e/html.sh runs it).

Usage: html_check.py BAG_DIR [FILE.html ...]

Without files, checks every .html file under BAG_DIR/data. For each page:
a doctype, <html lang>, exactly one h1, headings in order without a skipped
level, unique ids, every img with non-empty alt text and a source inside the
bag, no script, no event-handler attribute, nothing loaded from outside the
bag (no link, iframe, object, embed, base, no url() or @import in CSS), and
every link either a web or mail address or a relative path to a file or
folder of the bag, with a fragment naming an id of the page it leads to.
Prints one line per problem, 'html_check: N pages, M links, K images: OK'
when there is none, and exits 1 when there is one.
"""
import html.parser
import os
import re
import sys
import urllib.parse

EXTERNAL_SCHEMES = ("http", "https", "mailto")
FORBIDDEN = ("script", "link", "iframe", "object", "embed", "base", "frame", "frameset", "applet")


class Page(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.doctype = None
        self.lang = None
        self.headings = []  # (level, line)
        self.ids = {}
        self.dup_ids = []
        self.imgs = []  # (attrs, line)
        self.links = []  # (href, line)
        self.forbidden = []
        self.handlers = []
        self.styles = []
        self.in_style = False

    def handle_decl(self, decl):
        self.doctype = decl

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        line = self.getpos()[0]
        if tag == "html":
            self.lang = a.get("lang")
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append((int(tag[1]), line))
        if "id" in a:
            if a["id"] in self.ids:
                self.dup_ids.append((a["id"], line))
            self.ids[a["id"]] = line
        if tag == "img":
            self.imgs.append((a, line))
        if tag == "a" and "href" in a:
            self.links.append((a["href"], line))
        if tag in FORBIDDEN:
            self.forbidden.append((tag, line))
        for k in a:
            if k.lower().startswith("on"):
                self.handlers.append((tag, k, line))
        if "style" in a:
            self.styles.append(a["style"])
        if tag == "style":
            self.in_style = True

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag):
        if tag == "style":
            self.in_style = False

    def handle_data(self, data):
        if self.in_style:
            self.styles.append(data)


def parse(path):
    p = Page()
    with open(path, encoding="utf-8") as f:
        p.feed(f.read())
    p.close()
    return p


class Checker:
    def __init__(self, bag):
        self.bag = os.path.realpath(bag)
        self.problems = []
        self.cache = {}
        self.nlinks = self.nimgs = 0

    def page(self, path):
        if path not in self.cache:
            self.cache[path] = parse(path)
        return self.cache[path]

    def problem(self, path, line, text):
        self.problems.append("%s:%d: %s" % (os.path.relpath(path, self.bag), line, text))

    def target(self, page_path, url, line, what):
        """The file a relative URL of a page names, or None after a problem."""
        parts = urllib.parse.urlsplit(url)
        if parts.scheme or parts.netloc:
            self.problem(page_path, line, "%s %s leaves the bag" % (what, url))
            return None
        path = urllib.parse.unquote(parts.path)
        if path.startswith("/"):
            self.problem(page_path, line, "%s %s is absolute" % (what, url))
            return None
        full = os.path.realpath(os.path.join(os.path.dirname(page_path), path)) if path else page_path
        if full != self.bag and not full.startswith(self.bag + os.sep):
            self.problem(page_path, line, "%s %s points outside the bag" % (what, url))
            return None
        if not os.path.exists(full):
            self.problem(page_path, line, "%s %s: no such file in the bag" % (what, url))
            return None
        return full

    def check(self, path):
        p = self.page(path)
        if not p.doctype or p.doctype.lower() != "doctype html":
            self.problem(path, 1, "no <!DOCTYPE html>")
        if not p.lang:
            self.problem(path, 1, "<html> has no lang")
        h1 = [l for lv, l in p.headings if lv == 1]
        if len(h1) != 1:
            self.problem(path, 1, "%d h1 elements, not 1" % len(h1))
        prev = 0
        for level, line in p.headings:
            if level > prev + 1:
                self.problem(path, line, "h%d after h%d skips a level" % (level, prev) if prev
                             else "the first heading is h%d, not h1" % level)
            prev = level
        for ident, line in p.dup_ids:
            self.problem(path, line, "id %s is used twice" % ident)
        for tag, line in p.forbidden:
            self.problem(path, line, "<%s> element" % tag)
        for tag, attr, line in p.handlers:
            self.problem(path, line, "<%s %s> runs script" % (tag, attr))
        for css in p.styles:
            if re.search(r"url\s*\(|@import", css, re.I):
                self.problem(path, 1, "the stylesheet loads a resource")
        for attrs, line in p.imgs:
            self.nimgs += 1
            if not attrs.get("alt", "").strip():
                self.problem(path, line, "<img> without alt text")
            src = attrs.get("src")
            if not src:
                self.problem(path, line, "<img> without src")
            else:
                self.target(path, src, line, "image")
        for href, line in p.links:
            self.nlinks += 1
            scheme = urllib.parse.urlsplit(href).scheme.lower()
            if scheme in EXTERNAL_SCHEMES:
                continue
            if scheme:
                self.problem(path, line, "link %s has scheme %s" % (href, scheme))
                continue
            full = self.target(path, href, line, "link")
            if not full:
                continue
            frag = urllib.parse.urlsplit(href).fragment
            if frag:
                if not full.endswith(".html"):
                    self.problem(path, line, "link %s: a fragment into a file that is not a page" % href)
                elif frag not in self.page(full).ids:
                    self.problem(path, line, "link %s: no id %s there" % (href, frag))


def main(argv):
    if len(argv) < 2:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    c = Checker(argv[1])
    files = argv[2:]
    if not files:
        for root, _, names in os.walk(os.path.join(argv[1], "data")):
            files += [os.path.join(root, n) for n in sorted(names) if n.endswith(".html")]
    for f in sorted(files):
        c.check(os.path.realpath(f))
    for p in c.problems:
        print(p)
    if c.problems:
        print("html_check: %d problems in %d pages" % (len(c.problems), len(files)))
        return 1
    print("html_check: %d pages, %d links, %d images: OK" % (len(files), c.nlinks, c.nimgs))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
