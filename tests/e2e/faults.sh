# Faults of the machine, not of the material: a full disk (a small tmpfs when
# this test may mount one, and always an LD_PRELOAD shim, tests/e2e/faultshim.c,
# that fails write, fsync and rename), a read-only output directory, a
# material file that vanishes during the run, and two builds into one output
# directory at once. Each failure must give a clear message and exit 3, leave
# the previous release byte for byte as it was and leave no temporary file;
# concurrent builds must wait for each other, never mix their files.
. tests/e2e/_lib
set -u

export SOURCE_DATE_EPOCH=1700000000
fast=${HEJAPACK_FAST:-$HEJAPACK}
mini=tests/fixtures/mini
cc -shared -fPIC -o "$OUT/faultshim.so" tests/e2e/faultshim.c -ldl
check "the fault shim compiles" test -s "$OUT/faultshim.so"

# A new edition of the material: the same files, with new bytes.
cp -r "$mini" "$OUT/new"
echo "En rad till i den nya utgåvan." >> "$OUT/new/exercises/beta.md"

snapshot() { (cd "$1" && find . -type f ! -name .hejapack-lock | sort | xargs sha256sum); }
temps() { find "$1" -name '.*.??????' | wc -l; }

# prev DIR: a previous release in DIR, with its snapshot in DIR.before.
prev() {
	rm -rf "$1"
	"$fast" -q build -C "$mini" -o "$1" > /dev/null 2>&1
	snapshot "$1" > "$1.before"
}
# after NAME DIR LOG STATUS TEXT: the checks every failed run must pass.
after() {
	check "$1: exit status 3 (got $4)" test "$4" -eq 3
	check "$1: says '$5'" expect_text "$3" "$5"
	check "$1: prints no summary line" sh -c "! grep -q 'documents,' '$3'"
	check "$1: the previous release is as it was" sh -c "snapshot() { (cd \"\$1\" && find . -type f ! -name .hejapack-lock | sort | xargs sha256sum); }; snapshot '$2' | cmp -s - '$2.before'"
	check "$1: no temporary file is left" test "$(temps "$2")" -eq 0
}

# Full disk through the shim: the disk fills after B bytes, in a PDF, in the
# ZIP, and in its .sha256 line.
"$fast" -q build -C "$OUT/new" -o "$OUT/whole" > /dev/null 2>&1
release_size=$(find "$OUT/whole" -path "$OUT/whole/cache" -prune -o -type f ! -name .hejapack-lock -printf '%s\n' |
	awk '{ s += $1 } END { print s }')
# What a build of the new edition over the previous release writes: the
# files it changes (one that would get the same bytes is left alone), not
# the cache the build keeps beside them.
prev "$OUT/size"
"$fast" -q build -C "$OUT/new" -o "$OUT/size" > /dev/null 2>&1
sort "$OUT/size.before" > "$OUT/size.sorted"
total=$(snapshot "$OUT/size" | grep -v '  ./cache/' | sort | comm -23 - "$OUT/size.sorted" |
	while read -r sum name; do stat -c %s "$OUT/size/$name"; done | awk '{ s += $1 } END { print s }')
check "  some files are the same in both editions, and not written" \
	test "$(snapshot "$OUT/size" | grep -v '  ./cache/' | sort | comm -12 - "$OUT/size.sorted" | wc -l)" -gt 0
zipsize=$(stat -c %s "$OUT"/size/*.zip)
check "the new edition builds ($total bytes)" test "$total" -gt 100000
for budget in 0 5000 $((total - zipsize - 100)) $((total - 40)); do
	prev "$OUT/full"
	HEJAFAULT_WRITE_BUDGET=$budget LD_PRELOAD="$OUT/faultshim.so" \
		"$fast" build -C "$OUT/new" -o "$OUT/full" > "$OUT/full.log" 2>&1
	after "disk full after $budget bytes" "$OUT/full" "$OUT/full.log" $? "No space left on device"
done

prev "$OUT/sync"
HEJAFAULT_FSYNC=1 LD_PRELOAD="$OUT/faultshim.so" "$fast" build -C "$OUT/new" -o "$OUT/sync" > "$OUT/sync.log" 2>&1
after "fsync fails with EIO" "$OUT/sync" "$OUT/sync.log" $? "cannot sync"
check "  and names the cause" expect_text "$OUT/sync.log" "Input/output error"

# The renames into place replace the release together: the ZIP (1), its
# .sha256 (2), the PDFs (3 on); a later one failing puts the earlier back.
for n in 1 2 3; do
	prev "$OUT/ren"
	HEJAFAULT_RENAME=$n LD_PRELOAD="$OUT/faultshim.so" "$fast" build -C "$OUT/new" -o "$OUT/ren" > "$OUT/ren.log" 2>&1
	after "rename $n fails with EIO" "$OUT/ren" "$OUT/ren.log" $? "cannot rename a temporary file to"
	check "  no kept old file is left" test "$(find "$OUT/ren" -name '*.was' | wc -l)" -eq 0
done

# The spool that holds the PDFs until they are packed fills its disk.
for budget in 0 50000; do
	prev "$OUT/spool"
	HEJAFAULT_SPOOL_BUDGET=$budget LD_PRELOAD="$OUT/faultshim.so" \
		"$fast" build -C "$OUT/new" -o "$OUT/spool" > "$OUT/spool.log" 2>&1
	after "the spool's disk full after $budget bytes" "$OUT/spool" "$OUT/spool.log" $? "No space left on device"
	check "  and names the spool" expect_text "$OUT/spool.log" "cannot write the spool in"
done

# A real full file system and a read-only one, where mounting is allowed
# (as root, or in a user namespace of our own).
mounter=""
if [ "$(id -u)" = 0 ] && mkdir -p "$OUT/probe" && mount -t tmpfs -o size=64k tmpfs "$OUT/probe" 2>/dev/null; then
	umount "$OUT/probe"
	mounter="sh -c"
elif unshare -rm sh -c "mkdir -p '$OUT/probe' && mount -t tmpfs -o size=64k tmpfs '$OUT/probe'" 2>/dev/null; then
	mounter="unshare -rm sh -c"
fi
if [ -n "$mounter" ]; then
	# Room for the previous release and a little more, then filled up.
	mkdir -p "$OUT/tmpfs"
	$mounter "
		mount -t tmpfs -o size=$((release_size / 1024 + 200))k tmpfs '$OUT/tmpfs' || exit 90
		'$fast' -q build -C '$mini' -o '$OUT/tmpfs/o' || { umount '$OUT/tmpfs'; exit 91; }
		(cd '$OUT/tmpfs/o' && find . -type f ! -name .hejapack-lock | sort | xargs sha256sum) > '$OUT/tmpfs.before'
		dd if=/dev/zero of='$OUT/tmpfs/filler' bs=4k count=$((release_size / 4096 / 2)) 2>/dev/null
		'$fast' build -C '$OUT/new' -o '$OUT/tmpfs/o' > '$OUT/tmpfs.log' 2>&1
		echo \$? > '$OUT/tmpfs.status'
		(cd '$OUT/tmpfs/o' && find . -type f ! -name .hejapack-lock | sort | xargs sha256sum) > '$OUT/tmpfs.after'
		find '$OUT/tmpfs/o' -name '.*.??????' | wc -l > '$OUT/tmpfs.temps'
		umount '$OUT/tmpfs'
	"
	check "tmpfs: the test could mount and fill it (status $?)" test -s "$OUT/tmpfs.status"
	check "tmpfs full: exit status 3" test "$(cat "$OUT/tmpfs.status" 2>/dev/null)" = 3
	check "tmpfs full: says 'No space left on device'" expect_text "$OUT/tmpfs.log" "No space left on device"
	check "tmpfs full: the previous release is as it was" cmp -s "$OUT/tmpfs.before" "$OUT/tmpfs.after"
	check "tmpfs full: no temporary file is left" test "$(cat "$OUT/tmpfs.temps" 2>/dev/null)" = 0

	prev "$OUT/ro"
	$mounter "
		mount --bind '$OUT/ro' '$OUT/ro' && mount -o remount,bind,ro '$OUT/ro' || exit 90
		'$fast' build -C '$OUT/new' -o '$OUT/ro' > '$OUT/ro.log' 2>&1
		echo \$? > '$OUT/ro.status'
		'$fast' build -C '$OUT/new' -o '$OUT/ro/sub/deeper' > '$OUT/ro-sub.log' 2>&1
		echo \$? > '$OUT/ro-sub.status'
		umount '$OUT/ro'
	"
	after "read-only out/" "$OUT/ro" "$OUT/ro.log" "$(cat "$OUT/ro.status" 2>/dev/null || echo none)" \
		"cannot write in $OUT/ro: Read-only file system"
	after "a new directory in a read-only out/" "$OUT/ro" "$OUT/ro-sub.log" \
		"$(cat "$OUT/ro-sub.status" 2>/dev/null || echo none)" "cannot create directory $OUT/ro/sub: Read-only file system"
else
	echo "  note: this test may not mount a file system here; the full disk is tried through the shim only, and a read-only out/ is not tried"
fi

# A material file that vanishes between the directory listing and its reading.
cp -r "$OUT/new" "$OUT/vanish"
prev "$OUT/v"
HEJAFAULT_VANISH=vanish/exercises/beta.md LD_PRELOAD="$OUT/faultshim.so" \
	"$fast" build -C "$OUT/vanish" -o "$OUT/v" > "$OUT/v.log" 2>&1
after "a Markdown file that vanishes" "$OUT/v" "$OUT/v.log" $? "$OUT/vanish/exercises/beta.md: error: cannot read: No such file or directory"
check "  and that is the only message (its id still answers references)" test "$(wc -l < "$OUT/v.log")" -eq 1

# Two builds into one directory. A build waits while another holds the lock,
# says so, and writes nothing until it is free.
prev "$OUT/two"
flock "$OUT/two/.hejapack-lock" sleep 4 &
holder=$!
sleep 0.5
"$fast" build -C "$OUT/new" -o "$OUT/two" > "$OUT/two.log" 2>&1 &
waiter=$!
sleep 2
check "a second build waits for the lock and says so" expect_text "$OUT/two.log" "another hejapack is writing there; waiting for it to finish"
check "  and has written nothing yet" sh -c "snapshot() { (cd \"\$1\" && find . -type f ! -name .hejapack-lock | sort | xargs sha256sum); }; snapshot '$OUT/two' | cmp -s - '$OUT/two.before'"
wait $holder
wait $waiter
check "  then finishes" test $? -eq 0
check "  with the new edition" expect_text "$OUT/two.log" "mini-material-1.2.3.zip: 3 documents, 5 pages"

# Builds of two editions (A4 and A5) started together, three times: every
# PDF under pdf/ is the one in the ZIP file of the build that wrote last, never
# one run's beside the other's.
mixed=0
for round in 1 2 3; do
	rm -rf "$OUT/race"
	"$fast" -q build -C "$OUT/new" -o "$OUT/race" --paper A4 > "$OUT/race-a.log" 2>&1 &
	a=$!
	"$fast" -q build -C "$OUT/new" -o "$OUT/race" --paper A5 > "$OUT/race-b.log" 2>&1 &
	b=$!
	wait $a; sa=$?
	wait $b; sb=$?
	[ $sa -eq 0 ] && [ $sb -eq 0 ] || { echo "  round $round: exit $sa and $sb"; mixed=$((mixed + 1)); continue; }
	matches=0
	for z in "$OUT"/race/*.zip; do
		rm -rf "$OUT/race-unz" && mkdir "$OUT/race-unz" && unzip -q "$z" -d "$OUT/race-unz"
		same=1
		for pdf in "$OUT"/race/pdf/*/*.pdf "$OUT"/race/pdf/*.pdf; do
			rel=${pdf#"$OUT"/race/pdf/}
			cmp -s "$pdf" "$OUT/race-unz/$(basename "$z" .zip)/data/$rel" || same=0
		done
		matches=$((matches + same))
	done
	[ $matches -eq 1 ] || { echo "  round $round: pdf/ matches $matches of the ZIP files, not exactly one"; mixed=$((mixed + 1)); }
done
check "concurrent builds never leave pdf/ mixed from two runs" test $mixed -eq 0

finish
