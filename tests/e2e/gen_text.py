"""Generates a long test document for the typesetting checks (issue 17).

Usage: python3 gen_text.py MATERIAL_DIR OUT.md [SEED] [LANG]

The words come from the material's own bodies (Swedish), or from a small
built-in English list with LANG=en, recombined at random into sentences:
unseen text in the material's vocabulary. Every block starts with a tag
that names its kind and number, so a test can find the blocks again in
the layout dump: P17 a paragraph, H2n17 a level-2 heading, L17 a list
item, S17 a sub-item, Q17 a quoted paragraph, C17 a code block, I17 a
lead-in paragraph ending in ':' before its list. Paragraphs carry the
pairs that must stay on one line (digit groups, number and unit, ranges,
§, abbreviations, licence names), and headings carry long compounds.
"""
import glob
import random
import re
import sys

ENGLISH = ("the of and to in a is that for it as was with be by on not he this are or his from at which "
           "but have an they you were her she there one all we their been has when who will more no if out "
           "so said what up its about into than them can only other new some could time these two may then "
           "do first any my now such like our over man me even most made after also did many before must "
           "through years where much your way well down should because each just those people how too "
           "municipality innovation workshop exercise participants leadership development organisation "
           "responsibility experimentation understanding").split()

PAIRS_SV = ["3 573 324 kronor", "4 454 300 kronor", "45 minuter", "15 min", "10 %", "1,5 timmar",
            "2021–2022", "2016–2019", "§ 12", "SEK 3 161 000", "t. ex.", "bl. a.", "CC BY-SA 4.0",
            "ISO 56002", "nr 3", "kap. 4", "ca 30 deltagare", "20 personer"]
PAIRS_EN = ["3 573 324 pounds", "45 minutes", "10 %", "2021–2022", "§ 12", "CC BY-SA 4.0",
            "ISO 56002", "30 participants"]


def vocabulary(material):
    words, long_words = set(), set()
    for path in sorted(glob.glob(f"{material}/exercises/*.md") + glob.glob(f"{material}/reports/*.md")):
        text = open(path, encoding="utf-8").read()
        body = text.split("\n---\n", 1)[1] if text.startswith("---") else text
        for w in re.findall(r"\b[a-zåäöé]+\b", body):
            if 2 <= len(w) <= 14:
                words.add(w)
            elif len(w) >= 15:
                long_words.add(w)
    return sorted(words), sorted(long_words)


def main():
    material, out = sys.argv[1], sys.argv[2]
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 17
    lang = sys.argv[4] if len(sys.argv) > 4 else "sv"
    rnd = random.Random(seed)
    if lang == "en":
        words, long_words = ENGLISH, [w for w in ENGLISH if len(w) >= 11]
        pairs = PAIRS_EN
    else:
        words, long_words = vocabulary(material)
        pairs = PAIRS_SV

    def sentence(n=None, pair=0.3):
        n = n or rnd.randint(6, 18)
        ws = [rnd.choice(words) for _ in range(n)]
        if rnd.random() < 0.25:
            ws[rnd.randrange(n)] = rnd.choice(long_words)
        if rnd.random() < pair:
            ws.insert(rnd.randrange(1, n), rnd.choice(pairs))
        s = " ".join(ws)
        return s[0].upper() + s[1:] + rnd.choice([".", ".", ".", "?", "!"])

    def paragraph(tag, sentences=None):
        return f"{tag} " + " ".join(sentence() for _ in range(sentences or rnd.randint(2, 7)))

    def heading_words():
        ws = [rnd.choice(words) for _ in range(rnd.randint(2, 6))]
        ws.insert(rnd.randrange(len(ws) + 1), rnd.choice(long_words))
        return " ".join(ws)

    title = "Kort titel" if lang == "sv" else "Short title"
    parts = [f"---\ntitle: \"{title}\"\nlanguage: {lang}\n---\n"]
    n = 0

    def tag(kind):
        nonlocal n
        n += 1
        return f"{kind}{n}"

    for section in range(40):
        parts.append(f"## {tag('H2n')} {heading_words()}")
        for _ in range(rnd.randint(1, 3)):
            parts.append(paragraph(tag("P")))
        kind = rnd.randrange(6)
        if kind == 0:
            parts.append(f"### {tag('H3n')} {heading_words()}")
            parts.append(paragraph(tag("P")))
            parts.append(f"#### {tag('H4n')} {heading_words()}")
            parts.append(paragraph(tag("P")))
        elif kind == 1:
            parts.append(paragraph(tag("I"), 1).rstrip(".?!") + ":")
            items = []
            for _ in range(rnd.randint(2, 5)):
                items.append(f"- {tag('L')} {sentence(rnd.randint(4, 20))}")
                if rnd.random() < 0.5:
                    for _ in range(rnd.randint(1, 4)):
                        items.append(f"  - {tag('S')} {sentence(rnd.randint(4, 16))}")
            parts.append("\n".join(items))
            parts.append(paragraph(tag("P")))
        elif kind == 2:
            parts.append("> " + paragraph(tag("Q")))
            parts.append(paragraph(tag("P")))
        elif kind == 3:
            lines = [f"{tag('C')} = {rnd.choice(words)}"]
            for _ in range(rnd.randint(2, 6)):
                path = "/".join(rnd.choice(words) for _ in range(rnd.randint(2, 9)))
                lines.append(f"hejapack pdf material/{path}.md --paper A5 -o out/{rnd.choice(words)}_"
                             f"{rnd.choice(words)}.pdf")
            parts.append("```\n" + "\n".join(lines) + "\n```")
            parts.append(paragraph(tag("P")))
        elif kind == 4:
            parts.append(f"### {tag('H3n')} {heading_words()}")
            parts.append(paragraph(tag("P")))
        else:
            items = [f"1. {tag('L')} {sentence(rnd.randint(4, 24))}" for _ in range(rnd.randint(2, 6))]
            parts.append("\n".join(items))
            parts.append(paragraph(tag("P")))
    with open(out, "w", encoding="utf-8") as f:
        f.write("\n\n".join(parts) + "\n")


main()
