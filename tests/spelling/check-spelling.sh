#!/usr/bin/env bash
# Spelling test for the whole material: checks the Swedish prose of every
# material/**/*.md with hunspell (sv_SE) and fails when more than 1.5 % of all
# words are unknown. See README.md in this folder.
#
# Usage: tests/spelling/check-spelling.sh [MATERIAL_DIR]   (default: material)
# Environment: SPELLING_TOP=N       how many unknown words to list (default 25)
#              SPELLING_VERBOSE=1   also list the unknown words of each file
#              SPELLING_ACCEPTED=F  use another accepted list (for testing the test)
set -euo pipefail

export LC_ALL=C.UTF-8

LIMIT_PERCENT="1.5"
MAX_ACCEPTED=150
TOP="${SPELLING_TOP:-25}"
VERBOSE="${SPELLING_VERBOSE:-0}"

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
accepted="${SPELLING_ACCEPTED:-$here/accepted-words.txt}"
material="${1:-material}"

fail() {
	# fail MESSAGE...: print the reason and the closing line, exit non-zero
	local line
	for line in "$@"; do
		echo "spelling: $line"
	done
	echo "spelling: 0 passed, 1 failed"
	exit 1
}

# --- tools ---------------------------------------------------------------
have_dict() {
	command -v hunspell >/dev/null 2>&1 &&
		echo ord | hunspell -d sv_SE -l >/dev/null 2>&1
}
if ! have_dict && [ -f "$repo/.ci/ensure-debs" ]; then
	sh "$repo/.ci/ensure-debs" hunspell hunspell-sv >&2 || true
fi
have_dict || fail "hunspell with the sv_SE dictionary is missing" \
	"install it with: apt-get install -y hunspell hunspell-sv"
command -v perl >/dev/null 2>&1 || fail "perl is missing"

# --- the accepted list ---------------------------------------------------
[ -f "$accepted" ] || fail "accepted list not found: $accepted"
if grep -q $'\r' "$accepted"; then
	fail "$accepted has CR line ends; use LF"
fi
if grep -nE '^[[:space:]]*$|[[:space:]]' "$accepted" >/dev/null; then
	grep -nE '^[[:space:]]*$|[[:space:]]' "$accepted" | sed 's/^/  line /'
	fail "$accepted: empty lines or whitespace inside an entry (one word per line)"
fi
entries=$(grep -c "" "$accepted" || true)
if [ "$entries" -gt "$MAX_ACCEPTED" ]; then
	fail "$accepted has $entries entries; at most $MAX_ACCEPTED are allowed"
fi
if ! sort -C -u "$accepted"; then
	fail "$accepted must be sorted and free of duplicates (LC_ALL=C.UTF-8 sort -u)"
fi

# --- the files -----------------------------------------------------------
[ -d "$material" ] || fail "material directory not found: $material"
mapfile -t files < <(find "$material" -type f -name '*.md' | sort)
if [ "${#files[@]}" -eq 0 ]; then
	fail "no .md files found under $material: nothing to check"
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# Prose extractor: prints the checkable text of one Markdown file.
# Front matter: only the values of the prose keys below are kept (titles, lead,
# abstract, audience, materials, authors, organisation); ids, dates, versions,
# numbers and other keys are skipped. Body: fenced and indented code blocks,
# HTML comments and tags, code spans, URLs, e-mail addresses, link
# destinations and image paths are removed; link texts and alt texts are kept.
cat >"$work/extract.pl" <<'PERL'
use strict;
use warnings;
use utf8;
binmode(STDIN, ':encoding(UTF-8)');
binmode(STDOUT, ':encoding(UTF-8)');

my %prose = map { $_ => 1 } qw(title subtitle lead abstract audience materials
                               authors organisation description);
my @lines = <STDIN>;
chomp @lines;
s/\r$// for @lines;

my $i = 0;
if (@lines && $lines[0] =~ /^---\s*$/) {
    my $key = '';
    for ($i = 1; $i < @lines; $i++) {
        my $l = $lines[$i];
        if ($l =~ /^(---|\.\.\.)\s*$/) { $i++; last; }
        next if $l =~ /^\s*#/;
        my $v;
        if ($l =~ /^([A-Za-z_][A-Za-z0-9_-]*)\s*:(.*)$/) {
            ($key, $v) = ($1, $2);
        } else {
            $v = $l;
        }
        next unless $prose{$key};
        $v =~ s/^\s*-\s+//;                # list item
        $v =~ s/^\s*[>|][-+0-9]*\s*$//;    # block scalar indicator
        $v =~ s/\s#\s.*$//;                # trailing comment
        $v =~ s/[\[\]{}"]/ /g;             # flow collections, quotes
        $v =~ s/(^|\s)'|'(\s|,|$)/$1 $2/g; # single quotes (not apostrophes)
        print "$v\n";
    }
}

my ($fence, $comment, $prev_blank, $in_list) = ('', 0, 1, 0);
for (; $i < @lines; $i++) {
    my $l = $lines[$i];
    if ($fence ne '') {                          # inside a fenced code block
        $fence = '' if $l =~ /^\s{0,3}\Q$fence\E+\s*$/;
        next;
    }
    if ($l =~ /^\s{0,3}(`{3,}|~{3,})/) {
        $fence = substr($1, 0, 1) x 3;
        next;
    }
    if ($comment) {
        next unless $l =~ s/^.*?-->//;
        $comment = 0;
    }
    $l =~ s/<!--.*?-->//g;
    if ($l =~ s/<!--.*$//) { $comment = 1; }

    if ($l =~ /^\s*$/) { $prev_blank = 1; print "\n"; next; }
    if ($l =~ /^\s{0,3}([-+*]|\d+[.)])\s/) { $in_list = 1; }
    elsif ($l =~ /^\S/) { $in_list = 0; }
    if ($prev_blank && !$in_list && $l =~ /^( {4}|\t)/) { next; }  # indented code
    $prev_blank = 0;

    next if $l =~ /^\s{0,3}\[[^\]]+\]:\s*\S+/;     # link reference definition
    $l =~ s/(`+)(?:(?!\1).)+?\1//g;               # code spans
    $l =~ s/!?\[([^\]]*)\]\([^)]*\)/$1/g;         # links and images: keep text
    $l =~ s/\[([^\]]*)\]\[[^\]]*\]/$1/g;          # reference links
    $l =~ s/<(?:https?|ftp|mailto):[^>]*>//gi;    # autolinks
    $l =~ s/<\/?[A-Za-z][^>]*>//g;                # HTML tags
    $l =~ s/&[A-Za-z0-9#]+;/ /g;                  # entities
    $l =~ s{\b(?:https?|ftp)://\S+}{}gi;          # bare URLs
    $l =~ s{\bwww\.\S+}{}gi;
    $l =~ s/\S+@\S+\.\S+//g;                      # e-mail addresses
    $l =~ s/^\s*\[[ xX]\]\s+//;                   # task list boxes
    print "$l\n";
}
PERL

# Tokeniser: one word per line; a word is a run of letters and digits that may
# contain - : ' or ’ between two such characters (E-lärande, SKR:s). Tokens
# without any letter (numbers, dates) are not counted.
cat >"$work/words.pl" <<'PERL'
use strict;
use warnings;
binmode(STDIN, ':encoding(UTF-8)');
binmode(STDOUT, ':encoding(UTF-8)');
while (my $l = <STDIN>) {
    while ($l =~ /([\p{L}\p{N}]+(?:[-:'’][\p{L}\p{N}]+)*)/g) {
        my $w = $1;
        print "$w\n" if $w =~ /\p{L}/;
    }
}
PERL

total=0
unknown=0
: >"$work/all-unknown"
: >"$work/all-words"
report=""
for f in "${files[@]}"; do
	perl "$work/extract.pl" <"$f" | perl "$work/words.pl" >"$work/words"
	n=$(wc -l <"$work/words")
	cat "$work/words" >>"$work/all-words"
	hunspell -i utf-8 -d sv_SE -p "$accepted" -l <"$work/words" >"$work/unknown" || true
	u=$(wc -l <"$work/unknown")
	cat "$work/unknown" >>"$work/all-unknown"
	total=$((total + n))
	unknown=$((unknown + u))
	report+=$(awk -v u="$u" -v n="$n" -v f="$f" 'BEGIN {
		printf "  %6.2f %%  %5d / %-6d %s", (n ? 100 * u / n : 0), u, n, f }')$'\n'
	if [ "$VERBOSE" = 1 ] && [ "$u" -gt 0 ]; then
		report+=$(sort "$work/unknown" | uniq -c | sort -k1,1nr -k2 | awk '{ printf "             %s\n", $0 }')$'\n'
	fi
done

echo "spelling: per file (unknown rate, unknown / words, file):"
printf '%s' "$report"
if [ "$unknown" -gt 0 ]; then
	echo "spelling: top unknown words (count, word):"
	sort "$work/all-unknown" | uniq -c | sort -k1,1nr -k2 | head -n "$TOP" | awk '{ printf "  %5d %s\n", $1, $2 }'
fi

# Entries that no longer occur in the material should be removed (a note only).
unused=$(sed 's,/.*,,' "$accepted" | sort -u | grep -vxF -f <(sort -u "$work/all-words") || true)
if [ -n "$unused" ]; then
	echo "spelling: note: accepted words not found in the material (remove them?): $(echo "$unused" | tr '\n' ' ')"
fi

if [ "$total" -eq 0 ]; then
	fail "the ${#files[@]} .md files under $material contain no words"
fi
rate=$(awk -v u="$unknown" -v n="$total" 'BEGIN { printf "%.2f", 100 * u / n }')
ok=$(awk -v u="$unknown" -v n="$total" -v l="$LIMIT_PERCENT" 'BEGIN { print (100 * u <= l * n) ? 1 : 0 }')
echo "spelling: ${#files[@]} files, $total words, $unknown unknown, rate $rate % (limit $LIMIT_PERCENT %), accepted list $entries/$MAX_ACCEPTED entries"
if [ "$ok" = 1 ]; then
	echo "spelling: 1 passed, 0 failed"
	exit 0
fi
echo "spelling: unknown-word rate $rate % is above $LIMIT_PERCENT %: fix the spelling or, for a real proper name or established term, add it to $accepted"
echo "spelling: 0 passed, 1 failed"
exit 1
