# The material is in our own words: no text of it (nor README.md, docs/)
# shares a run of nine or more words with the source pages it was written
# from, ../shared/seeds, except names and titles (tests/own_words/allowed.txt).
# Facts may be taken from the pages; sentences may not.
. tests/e2e/_lib
set -u
seeds=${SHARED:-../shared}/seeds
if ! ls "$seeds"/* > /dev/null 2>&1; then
	echo "no seed pages in $seeds"
	exit 77
fi
python3 tests/own_words/shared_runs.py --allowed tests/own_words/allowed.txt "$seeds" \
	material/bundle.yaml material/exercises/*.md material/reports/*.md README.md docs/*.md > "$OUT/runs.txt"
status=$?
cat "$OUT/runs.txt"
check "no run of nine words in common with the seed pages" test $status -eq 0
# The check itself finds a copied sentence: one taken from a seed page, set
# into a copy of an exercise, must be caught, and a title alone must not.
page=$(ls "$seeds"/* | head -n 1)
sentence=$(python3 -c "
import re, sys
text = open(sys.argv[1], encoding='utf-8').read()
for s in re.split(r'(?<=[.!?])\s+', text):
    if len(s.split()) >= 12:
        print(' '.join(s.split())); break
" "$page")
{ cat material/exercises/*.md | head -n 40; echo; echo "$sentence"; } > "$OUT/copied.md"
python3 tests/own_words/shared_runs.py "$seeds" "$OUT/copied.md" > "$OUT/copied.txt"
check "a sentence copied from $(basename "$page") is caught" test $? -eq 1
check "  and shown with its file and line" grep -q "copied.md:4[0-9]*: .* words in common with $(basename "$page")" "$OUT/copied.txt"
# A page title (six words) alone: caught as a run of six without the list of
# names and titles, forgiven with it.
printf 'Rubriken var Aktuellt - vad sker med HEJA nu? och inget mer.\n' > "$OUT/title.md"
python3 tests/own_words/shared_runs.py --min 6 "$seeds" "$OUT/title.md" > "$OUT/title.txt"
check "a title of the pages is a shared run of six words" test $? -eq 1
python3 tests/own_words/shared_runs.py --min 6 --allowed tests/own_words/allowed.txt "$seeds" "$OUT/title.md" > "$OUT/title.txt"
check "  that the list of names and titles forgives" test $? -eq 0
finish
