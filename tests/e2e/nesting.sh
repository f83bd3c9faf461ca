# Nesting: block quotes, lists, emphasis (in a link) and a mix of quotes and
# lists 50 000 deep (tests/hostile/nesting.py) are refused by pdf, check
# and build with the position of the first level too deep, exit 1 and no
# output (they used to overflow the stack: SIGSEGV); 33 deep is refused at
# the same place, and 32 deep of each still typesets with its words.
. tests/e2e/_lib
set -u
export SOURCE_DATE_EPOCH=1700000000
msg="error: block quotes, lists, emphasis and links are nested more than 32 deep here; hejapack sets at most 32 levels"

for depth in 50000 33; do
	d="$OUT/deep$depth"
	python3 tests/hostile/nesting.py "$d" $depth
	for name in quotes lists mixed emphasis strong; do
		case $name in
		emphasis|strong) col=118 ;;
		*) col=65 ;;
		esac
		"$HEJAPACK" pdf "$d/$name.md" -o "$d/$name.pdf" > "$d/$name.out" 2> "$d/$name.err"
		echo $? > "$d/$name.status"
		check "$depth deep $name: pdf exits 1" grep -qx 1 "$d/$name.status"
		check "$depth deep $name: the message names FILE:LINE:COL of the level too deep" \
			sh -c "[ \"\$(cat '$d/$name.err')\" = '$d/$name.md:5:$col: $msg' ]"
		check "$depth deep $name: no PDF written" test ! -e "$d/$name.pdf"
	done
done

d="$OUT/deep33"
"$HEJAPACK" -q pdf "$d/ok.md" -o "$d/ok.pdf" > "$d/ok.log" 2>&1
check "32 levels of each kind typeset" test -s "$d/ok.pdf"
pdftotext "$d/ok.pdf" "$d/ok.txt"
for word in citat punkt ord här; do
	check "32 deep: '$word' is in the PDF's text" expect_text "$d/ok.txt" "$word"
done
check "32 deep: every line stays on the page (no overfull line)" sh -c "! grep -q 'too wide' '$d/ok.log'"

# In a material, check and build refuse it as well, and build writes nothing.
cp -r tests/fixtures/mini "$OUT/mat"
python3 -c "import sys; open(sys.argv[1], 'a').write('\n' + '> ' * 50000 + 'citat\n')" "$OUT/mat/exercises/alfa.md"
line=$(($(wc -l < "$OUT/mat/exercises/alfa.md")))
"$HEJAPACK" check -C "$OUT/mat" > "$OUT/check.out" 2> "$OUT/check.err"
check "check exits 1 on a material nested too deep" test $? -eq 1
check "check names the place" expect_text "$OUT/check.err" "$OUT/mat/exercises/alfa.md:$line:65: $msg"
"$HEJAPACK" -q build -C "$OUT/mat" -o "$OUT/build" > "$OUT/build.out" 2> "$OUT/build.err"
check "build exits 1" test $? -eq 1
check "build names the place" expect_text "$OUT/build.err" "$OUT/mat/exercises/alfa.md:$line:65: $msg"
check "build writes nothing" test ! -e "$OUT/build"
finish
