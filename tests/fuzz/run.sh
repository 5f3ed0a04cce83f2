#!/bin/sh
# Fuzz the parsers (issue #5, part 6): build each libFuzzer target into
# build-fuzz/ with clang -fsanitize=fuzzer,address,undefined, run each for
# SECONDS (default 60), print its executions, and fail when one finds a
# crash, a leak, undefined behaviour or a timeout.
#
#   fuzz_plan     plan files, through plan_check on a file (see fuzz_plan.c)
#   fuzz_state    the state file, through state_parse
#   fuzz_journal  `log` values, through journal_parse and journal_assign
#
# Seeds: the bundled plans, the bad-input corpus (tests/data/corpus) and a
# state saved by the CLI (tests/fuzz/seed-state.cfg); the corpus each
# target grows is kept in build-fuzz/corpus/TARGET between runs. Inputs
# that fail are saved as build-fuzz/crashes/TARGET-*; reproduce one with
#   build-fuzz/TARGET build-fuzz/crashes/TARGET-...
# Run from the repository root: sh tests/fuzz/run.sh [SECONDS]
# (make fuzz FUZZ_SECONDS=N). Needs clang and libclang-rt-14-dev.

set -u

SECONDS_EACH=${1:-60}
case $SECONDS_EACH in
'' | *[!0-9]*)
	echo "usage: sh tests/fuzz/run.sh [SECONDS]" >&2
	exit 64
	;;
esac
CC=${FUZZ_CC:-clang}
PKG_CONFIG=${PKG_CONFIG:-pkg-config}
B=build-fuzz
TARGETS="fuzz_plan fuzz_state fuzz_journal"
EMPTY_SHA1=da39a3ee5e6b4b0d3255bfef95601890afd80709
# The core's files, as the Makefile tells them from the program's.
CORE=$(make -s --no-print-directory print-core) || exit 1

if [ ! -f tests/fuzz/fuzz_plan.c ]; then
	echo "fuzz: run from the repository root" >&2
	exit 1
fi
if ! command -v "$CC" >/dev/null 2>&1; then
	echo "fuzz: $CC not found (apt-get install clang libclang-rt-14-dev)" >&2
	exit 1
fi

FLAGS="-std=c11 -D_POSIX_C_SOURCE=200809L -g -O1 -fno-omit-frame-pointer
    -Wall -Wextra -fno-sanitize-recover=all -Iinclude
    $($PKG_CONFIG --cflags libconfig)"
LIBS=$($PKG_CONFIG --libs libconfig)

# Build: the core once (instrumented, no fuzzer main), then each target.
mkdir -p "$B/obj" "$B/crashes" "$B/tmp" || exit 1
rm -f "$B"/obj/*.o
echo "fuzz: building into $B/"
for f in $CORE; do
	o=$(basename "$f" .c)
	# shellcheck disable=SC2086 # FLAGS holds several words
	$CC $FLAGS -Isrc -fsanitize=fuzzer-no-link,address,undefined \
	    -c "$f" -o "$B/obj/$o.o" || exit 1
done
for t in $TARGETS; do
	# shellcheck disable=SC2086
	$CC $FLAGS -fsanitize=fuzzer,address,undefined "tests/fuzz/$t.c" \
	    "$B"/obj/*.o $LIBS -o "$B/$t" || exit 1
done

# Seeds, laid out afresh each run.
rm -rf "$B/seed"
mkdir -p "$B/seed/fuzz_plan" "$B/seed/fuzz_state" "$B/seed/fuzz_journal"
n=0
for f in plans/*.cfg tests/data/corpus/base/*.cfg \
    tests/data/corpus/plan/*/*.cfg; do
	[ -f "$f" ] || continue
	n=$((n + 1))
	cp "$f" "$B/seed/fuzz_plan/$n.cfg"
done
cp tests/fuzz/seed-state.cfg "$B/seed/fuzz_state/saved.cfg"
for f in tests/data/corpus/state/*/state.cfg; do
	[ -f "$f" ] || continue
	n=$((n + 1))
	cp "$f" "$B/seed/fuzz_state/$n.cfg"
done
# fuzz_journal: the first byte picks the field (see fuzz_journal.c).
n=0
while read -r field value; do
	n=$((n + 1))
	# shellcheck disable=SC2059 # the field number as an octal escape
	printf "\\$(printf '%03o' "$field")%s" "$value" \
	    >"$B/seed/fuzz_journal/$n"
done <<'SEEDS'
0 15:30
0 none
0 9:05
0 caffeine=14:00
1 23:10
1 bedtime=25:00
2 3
2 twitches=100
2 -1
3 5
3 quality= 4 
4 99999
5 yes
5 nap=no
6 vigorous
6 intensity=LIGHT
7 late meeting
7 note=caf\303\251 "au lait"
8 x
8 tiny=
SEEDS

# LeakSanitizer: the one libconfig 1.5 leak, and nothing said about it.
LSAN_OPTIONS=suppressions=$(pwd)/tests/lsan.supp:print_suppressions=0
UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
ASAN_OPTIONS=detect_leaks=1
FUZZ_PLAN_DIR=$(pwd)/plans
# fuzz_plan writes each input to a file: in memory when possible, in a
# directory of this run's own, removed at the end whatever happens (a
# target that crashes leaves its files).
if [ -d /dev/shm ] && [ -w /dev/shm ]; then
	TMPDIR=$(mktemp -d /dev/shm/wd-fuzz.XXXXXX) || exit 1
else
	TMPDIR=$(mktemp -d "$(pwd)/$B/tmp/wd-fuzz.XXXXXX") || exit 1
fi
trap 'rm -rf "$TMPDIR"' EXIT
trap 'exit 130' INT TERM HUP
export LSAN_OPTIONS UBSAN_OPTIONS ASAN_OPTIONS FUZZ_PLAN_DIR TMPDIR

# How many of the given paths exist (a glob that matched nothing does not).
count() {
	k=0
	for f in "$@"; do
		[ -e "$f" ] && k=$((k + 1))
	done
	echo "$k"
}

passed=0
failed=0
total=0
for t in $TARGETS; do
	case $t in
	fuzz_journal) dict=tests/fuzz/journal.dict ;;
	*) dict=tests/fuzz/cfg.dict ;;
	esac
	mkdir -p "$B/corpus/$t"
	before=$(count "$B/crashes/$t-"*)
	# Fuzz with the leak check after each input off: libconfig's
	# suppressed leak would make LeakSanitizer scan the heap after every
	# input with a syntax error, eight times fewer executions. Every
	# other error (ASan, UBSan, timeout) stops the run here, and the
	# check LeakSanitizer still makes at exit fails it on any leak.
	"$B/$t" -max_total_time="$SECONDS_EACH" -print_final_stats=1 \
	    -detect_leaks=0 -timeout=10 -rss_limit_mb=2048 -dict="$dict" \
	    -artifact_prefix="$B/crashes/$t-" \
	    "$B/corpus/$t" "$B/seed/$t" >"$B/$t.log" 2>&1
	rc=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' \
	    "$B/$t.log" | tail -1)
	# A leak seen only at exit is not tied to an input: libFuzzer then
	# saves the empty input, which reproduces nothing.
	if grep -q 'ERROR: LeakSanitizer' "$B/$t.log"; then
		rm -f "$B/crashes/$t-crash-$EMPTY_SHA1"
	fi
	# Then run every input kept (the seeds and each one that reached
	# new code) once more with the leak check after each input on, to
	# name the input that leaks.
	"$B/$t" -runs=0 -detect_leaks=1 -timeout=10 \
	    -artifact_prefix="$B/crashes/$t-" \
	    "$B/corpus/$t" "$B/seed/$t" >"$B/$t.leaks.log" 2>&1
	rc2=$?
	after=$(count "$B/crashes/$t-"*)
	units=$(count "$B/corpus/$t"/* "$B/seed/$t"/*)
	printf '%-13s %10s executions in %s s; %s inputs checked for leaks\n' \
	    "$t" "${execs:-?}" "$SECONDS_EACH" "$units"
	total=$((total + ${execs:-0}))
	if [ "$rc" -ne 0 ] || [ "$rc2" -ne 0 ] || [ "$after" -ne "$before" ] ||
	    [ -z "$execs" ]; then
		failed=$((failed + 1))
		echo "FAIL $t (exit code $rc fuzzing, $rc2 checking for leaks)"
		for log in "$B/$t.log" "$B/$t.leaks.log"; do
			grep -q -e 'ERROR:' -e 'runtime error' -e 'Test unit' \
			    "$log" || continue
			echo "  from $log:"
			sed -n -e '/ERROR: /,$p' -e '/runtime error/,$p' "$log" |
			    grep -v -e '^#[0-9]' -e '^stat::' -e '^  *0x' |
			    sed -e '/^Shadow byte legend/,/^==[0-9]*==ABORTING/d' \
			    -e 20q -e 's/^/    /'
			grep -e '^MS: ' -e '^artifact_prefix' "$log" |
			    sed 's/^/    /'
		done
		for f in "$B/crashes/$t-"*; do
			[ -e "$f" ] && echo "    reproducer: $f"
		done
	else
		passed=$((passed + 1))
	fi
done
echo "fuzz: $total executions in all"
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
