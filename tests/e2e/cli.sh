# The command line: help and version, usage errors (exit 2), `pdf` of a file
# outside any material (with and without front matter, default and -o
# output), `list` (one line per document) and `check`.
. tests/e2e/_lib
set -u

H=$HEJAPACK
version=$(sed -n 's/^VERSION *:= *//p' Makefile)
commands="build pdf check list verify diff"

# Runs the binary; stdout, stderr and status in $OUT/last.{out,err,status}.
run() {
	"$H" "$@" > "$OUT/last.out" 2> "$OUT/last.err"
	echo $? > "$OUT/last.status"
}
status_is() {
	[ "$(cat "$OUT/last.status")" -eq "$1" ]
}

# ---- help and version ----
for opt in --help -h; do
	run $opt
	check "$opt exits 0" status_is 0
	check "$opt prints the usage on stdout" expect_text "$OUT/last.out" "usage: hejapack [-q|-v] COMMAND [OPTIONS]"
	check "$opt prints nothing on stderr" test ! -s "$OUT/last.err"
	for c in $commands; do
		check "$opt lists '$c'" grep -q "^  hejapack $c" "$OUT/last.out"
	done
	check "$opt documents the exit statuses" expect_text "$OUT/last.out" "Exit status: 0 success, 1 the input has errors, 2 usage error,"
done
for c in $commands; do
	run "$c" --help
	check "$c --help exits 0" status_is 0
	check "$c --help starts with its usage" sh -c "head -n 1 '$OUT/last.out' | grep -q '^usage: hejapack $c'"
	check "$c --help explains more than the usage" test "$(wc -l < "$OUT/last.out")" -ge 3
	check "$c --help prints nothing on stderr" test ! -s "$OUT/last.err"
done

run --version
check "--version exits 0" status_is 0
check "--version prints 'hejapack $version' and nothing else" sh -c "printf 'hejapack %s\n' '$version' | cmp -s - '$OUT/last.out'"
run -q --version
check "-q --version prints the version too" expect_text "$OUT/last.out" "hejapack $version"

# ---- usage errors: exit 2, the offending word and the usage on stderr,
# nothing on stdout ----
usage_error() {
	label=$1
	names=$2
	shift 2
	run "$@"
	check "$label exits 2" status_is 2
	check "$label: the message names $names" expect_text "$OUT/last.err" "$names"
	check "$label: the usage follows" expect_text "$OUT/last.err" "usage: hejapack"
	check "$label: nothing on stdout" test ! -s "$OUT/last.out"
}
usage_error "no command" "usage: hejapack [-q|-v] COMMAND [OPTIONS]"
usage_error "an unknown command" "'frobnicate'" frobnicate
usage_error "an unknown option" "'--frobnicate'" --frobnicate
usage_error "an unknown option to check" "--frobnicate" check --frobnicate
usage_error "-C without a value" "-C" check -C
usage_error "pdf without a file" "missing" pdf
usage_error "pdf with two files" "b.md" pdf a.md b.md
usage_error "check with an argument" "'material'" check material
usage_error "--paper for check" "--paper" check --paper A4

# ---- pdf of a file outside any material ----
mkdir -p "$OUT/plain"
cp tests/fixtures/plain/utan-front-matter.md tests/fixtures/plain/med-front-matter.md "$OUT/plain/"
export SOURCE_DATE_EPOCH=1700000000
run pdf "$OUT/plain/utan-front-matter.md"
check "pdf of a file without front matter exits 0" status_is 0
check "  prints no warning" test ! -s "$OUT/last.err"
check "  writes FILE.pdf beside FILE.md" test -s "$OUT/plain/utan-front-matter.pdf"
check "  says where and how many pages" expect_text "$OUT/last.out" "$OUT/plain/utan-front-matter.pdf: 1 pages"
check "  the title comes from the first heading" sh -c \
	"pdfinfo '$OUT/plain/utan-front-matter.pdf' | grep -qxF 'Title:           Hej på er – en titel'"
pdftotext -enc UTF-8 "$OUT/plain/utan-front-matter.pdf" "$OUT/plain/utan.txt"
check "  the body is there" expect_text "$OUT/plain/utan.txt" "och ett tankstreck – så här."
check "  the second heading too" grep -qx "Mer" "$OUT/plain/utan.txt"
check "  qpdf --check passes" qpdf --check "$OUT/plain/utan-front-matter.pdf"

run pdf "$OUT/plain/med-front-matter.md" -o "$OUT/annan/plats/dokument.pdf"
check "pdf -o exits 0" status_is 0
check "  writes where -o says, making the directories" test -s "$OUT/annan/plats/dokument.pdf"
check "  and not beside the input" test ! -e "$OUT/plain/med-front-matter.pdf"
check "  the title comes from the front matter" sh -c \
	"pdfinfo '$OUT/annan/plats/dokument.pdf' | grep -qxF 'Title:           Ett eget dokument'"
pdftotext -enc UTF-8 "$OUT/annan/plats/dokument.pdf" "$OUT/plain/med.txt"
check "  quotation marks are Swedish (language: sv)" expect_text "$OUT/plain/med.txt" "Hon sa ”hej” och gick – sedan kom ’svaret’."

cp "$OUT/annan/plats/dokument.pdf" "$OUT/first.pdf"
run pdf "$OUT/plain/med-front-matter.md" -o "$OUT/annan/plats/dokument.pdf"
check "pdf twice gives the same bytes" cmp -s "$OUT/first.pdf" "$OUT/annan/plats/dokument.pdf"

run pdf "$OUT/plain/finns-inte.md"
check "pdf of a missing file exits 3" status_is 3
check "  and names it" expect_text "$OUT/last.err" "$OUT/plain/finns-inte.md"

# A file of a material is set with the material around it.
run pdf tests/fixtures/mini/exercises/alfa.md -o "$OUT/alfa.pdf"
check "pdf of an exercise in a material exits 0" status_is 0
check "  its title is the exercise's" sh -c "pdfinfo '$OUT/alfa.pdf' | grep -qxF 'Title:           Alfa – en övning'"

# ---- list ----
run list -C material
check "list exits 0" status_is 0
check "list prints nothing on stderr" test ! -s "$OUT/last.err"
nfiles=$(ls material/exercises/*.md material/reports/*.md | wc -l)
check "list prints one line per document ($nfiles)" test "$(wc -l < "$OUT/last.out")" -eq "$nfiles"
cut -f2 "$OUT/last.out" | sort > "$OUT/listed-ids.txt"
ls material/exercises/*.md material/reports/*.md | sed 's|.*/||; s|\.md$||' | sort > "$OUT/file-ids.txt"
check "list names every document by its id" cmp -s "$OUT/listed-ids.txt" "$OUT/file-ids.txt"
check "list: exercises say 'exercise', reports 'report'" sh -c "
	test \"\$(grep -c '^exercise	' '$OUT/last.out')\" -eq \"\$(ls material/exercises/*.md | wc -l)\" &&
	test \"\$(grep -c '^report	' '$OUT/last.out')\" -eq \"\$(ls material/reports/*.md | wc -l)\""

run list -C tests/fixtures/mini
tab=$(printf '\t')
cat > "$OUT/mini-list.txt" <<EOF
exercise${tab}alfa${tab}1.0.0${tab}2024-03-01${tab}theme=kultur${tab}minutes=35 (5/20/10)${tab}participants=3-12${tab}Alfa – en övning
exercise${tab}beta${tab}2024.2${tab}2024-05-17${tab}theme=behov${tab}minutes=55 (10/30/15)${tab}participants=2-6${tab}Beta
report${tab}rapporten${tab}0.9.0${tab}2024-02-29${tab}date=2024-02-29${tab}Rapporten
EOF
check "list of the mini material is exactly as expected" cmp -s "$OUT/mini-list.txt" "$OUT/last.out"

run list -C tests/fixtures/bad/bad-date
check "list of a bad material exits 1" status_is 1
check "  and lists nothing" test ! -s "$OUT/last.out"

# ---- check ----
run check -C tests/fixtures/mini
check "check of the mini material exits 0" status_is 0
check "  and says what it found" expect_text "$OUT/last.out" \
	"tests/fixtures/mini: mini-material 1.2.3: 2 exercises, 1 reports, 0 warnings: OK"
run -q check -C tests/fixtures/mini
check "-q check prints nothing" sh -c "test ! -s '$OUT/last.out' && test ! -s '$OUT/last.err'"
run check -C material
# The shipped material names no e-mail contact yet: that is its one warning.
check "check of the shipped material exits 0 with only the contact warning" sh -c "status_ok=\$(cat '$OUT/last.status'); test \"\$status_ok\" -eq 0 && test \"\$(cat '$OUT/last.err')\" = \"material/bundle.yaml:15:3: warning: 'contact' has no 'email': bag-info.txt will have no Contact-Email, which archives ask for\""
check "  and counts it" grep -q ' 1 warnings: OK$' "$OUT/last.out"
mkdir -p "$OUT/nomail" && cp -R tests/fixtures/mini/. "$OUT/nomail/"
sed -i '/^  email:/d; s/^license: .*/license: "Egen licens"/' "$OUT/nomail/bundle.yaml"
run check -C "$OUT/nomail"
check "check warns when there is no e-mail contact, at the contact" grep -q "nomail/bundle.yaml:[0-9]*:3: warning: 'contact' has no 'email'" "$OUT/last.err"
check "  and when the licence has no SPDX id or address, at the licence" grep -q "nomail/bundle.yaml:[0-9]*:10: warning: hejapack does not know the licence 'Egen licens': give 'license_spdx' and 'license_url'" "$OUT/last.err"
check "  and still passes" status_is 0
printf 'license_spdx: "LicenseRef-egen"\nlicense_url: "https://example.org/licens"\n' >> "$OUT/nomail/bundle.yaml"
run check -C "$OUT/nomail"
check "license_spdx and license_url in bundle.yaml quiet the licence warning" sh -c "! grep -q 'does not know the licence' '$OUT/last.err'"
printf 'website: "hejainnovation.se"\n' >> "$OUT/nomail/bundle.yaml"
run check -C "$OUT/nomail"
check "a website without https:// is an error at its line" sh -c "[ \$(cat '$OUT/last.status') -eq 1 ] && grep -q \"nomail/bundle.yaml:[0-9]*:[0-9]*: error: 'website' must be a web address starting with https://\" '$OUT/last.err'"

finish
