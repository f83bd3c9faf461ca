# Help, manual page, README.md and `make install` agree with the program:
# every command's options, as --help gives them, are the ones it takes and
# the ones the manual page and README.md give; `make install` installs what
# the manual page names, and nothing of the source tree it does not need.
. tests/e2e/_lib
check "every command's options agree in the program, --help, the manual page and README.md" \
	sh -c "python3 tests/e2e/help_man.py '$HEJAPACK' > '$OUT/options.txt' 2>&1"
cat "$OUT/options.txt"
check "the manual page formats without a warning" sh -c "[ -z \"\$(groff -man -Tutf8 -ww -z docs/hejapack.1 2>&1)\" ]"

# Install into a staging directory with the build this run tested (its OUT,
# not the scratch OUT of this script), and the default PREFIX it was built for.
build_out=$(dirname "$(dirname "$HEJAPACK_FAST")")
stage=$OUT/stage
make --no-print-directory -s install OUT="$build_out" DESTDIR="$stage" > "$OUT/install.log" 2>&1
check "make install succeeds" test $? -eq 0
p=$stage/usr/local
check "it installs the program" test -x "$p/bin/hejapack"
check "the fonts and their licence" sh -c "test -s '$p/share/hejapack/fonts/NotoSerif-Regular.ttf' && test -s '$p/share/hejapack/fonts/fallback/NotoSansMath-Regular.ttf' && test -s '$p/share/hejapack/fonts/OFL.txt'"
check "but not the script that cuts them" sh -c "! find '$stage' -name '*.sh' | grep -q ."
check "the manual page" test -s "$p/share/man/man1/hejapack.1"
check "and every file under the prefix the manual page names" sh -c "
	for f in \$(grep -o '/usr/local/share/[A-Za-z0-9/._-]*' '$p/share/man/man1/hejapack.1' | sed 's/\\\\\\\\//g' | sort -u); do
		[ -e '$stage'\"\$f\" ] || { echo \"missing \$f\"; exit 1; }
	done"
check "the manual page names the installed material.md" grep -q 'share/doc/hejapack/' "$p/share/man/man1/hejapack.1"
check "which is there" sh -c "test -s '$p/share/doc/hejapack/material.md' && test -s '$p/share/doc/hejapack/manifest.md' && test -s '$p/share/doc/hejapack/manifest.schema.json'"
make --no-print-directory -s uninstall OUT="$build_out" DESTDIR="$stage" > "$OUT/uninstall.log" 2>&1
check "make uninstall removes every file it installed" sh -c "[ -z \"\$(find '$stage' -type f)\" ]"
finish
