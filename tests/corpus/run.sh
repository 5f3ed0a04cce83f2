#!/bin/sh
# The bad-input corpus (issue #5, part 5): broken plan and state files
# must each be refused with one exact message and exit code, and leave
# every file as it was.
#
# Layout, under tests/data/corpus/:
#   base/          a small valid plan; every plan case starts from a copy
#   plan/CASE/     *.cfg files that replace base's; `expect` (the exact
#                  stderr), `rc` (the exit code), optionally `setup`
#                  and `commands` (what must refuse the plan, one a line)
#   state/CASE/    state.cfg (used with the base plan), `expect`, `rc`,
#                  optionally `setup` and `commands`
# A `setup` file is run with sh in the directory the case's files were
# copied to (the plan directory, or the state's directory) to make what
# is not worth committing: large files, symlink loops, directories.
# A case may hold `bug`: a product bug (one line saying what) that makes
# its message wrong; `expect` then holds the message it should print. Its
# exit code and file checks still apply; a message that differs from
# `expect` is reported as a known bug (the case counts as passed, and the
# summary says how many), and once every message matches the case fails
# until `bug` is removed.
#
# Each command runs in a fresh copy of the case in a temporary directory,
# with relative paths, so messages read "winddown: plan/seven-day.cfg:3:
# ..." (any absolute path of the copy is cut to that too). Every command
# must print nothing on stdout, exit with `rc`, print exactly `expect` on
# stderr, and leave every file (content, size, mode, mtime) as it was
# with nothing added: no lock, no state.cfg.tmp.*.
# Plan cases run what reads the file the message names (the coach and
# `status` for seven-day.cfg, `pmr --plain` for pmr.cfg, `journal` and
# `log` for journal.cfg, nothing more for triggers.cfg, whose errors only
# take the triggers out of the review), and `plan check` on it (which prints its
# findings bare, compiler style: `expect` without the leading
# "winddown: "); state cases run `status`, `done 1` and `log twitches=1`,
# or the commands of their `commands` file, one a line (a journal value
# the plan's field refuses is seen only by what reads the journal:
# `log`, `review`, `export`, `journal`).
# WINDDOWN names the binary (default ./winddown); WINDDOWN_WRAP, when
# set, is put before it (make valgrind sets a valgrind command line with
# --error-exitcode=1, so a leak shows as exit code 1 and fails the case).

set -u

WD=${WINDDOWN:-./winddown}
WRAP=${WINDDOWN_WRAP:-}
ROOT=$(pwd)
CORPUS=tests/data/corpus
DATE=2026-03-02

case $WD in
/*) ;;
*) WD=$(pwd)/$WD ;;
esac
if [ ! -x "$WD" ]; then
	echo "corpus: $WD is not an executable" >&2
	exit 1
fi
if [ ! -d "$CORPUS/base" ]; then
	echo "corpus: run from the repository root ($CORPUS/base is missing)" >&2
	exit 1
fi

# An expect file may say @STATE_VERSION@ for the version this build
# writes (a message about a newer file names it).
STATE_VERSION=$(sed -n 's/^#define STATE_VERSION *\([0-9][0-9]*\).*/\1/p' \
    include/winddown/state.h)
if [ -z "$STATE_VERSION" ]; then
	echo "corpus: no STATE_VERSION in include/winddown/state.h" >&2
	exit 1
fi

# Under make sanitize, LeakSanitizer would add a "Suppressions used:"
# table to stderr whenever tests/lsan.supp's one suppression matched.
if [ -n "${LSAN_OPTIONS:-}" ]; then
	LSAN_OPTIONS=$LSAN_OPTIONS:print_suppressions=0
	export LSAN_OPTIONS
fi

T=$(mktemp -d "${TMPDIR:-/tmp}/wd-corpus.XXXXXX") || exit 1
trap 'rm -rf "$T"' EXIT
trap 'exit 130' INT TERM HUP

passed=0
failed=0
known=0
runs=0
nplan=0
nstate=0

# Every entry below $1 with its type, mode, size, mtime and link target,
# and a checksum of every regular file: what must not change.
snapshot() {
	(cd "$1" && find . -printf '%p %y %m %s %T@ %l\n' | LC_ALL=C sort &&
	    find . -type f -exec cksum {} + | LC_ALL=C sort)
}

# run CASE LABEL RC_EXPECTED EXPECT_FILE BUG COMMAND...
# Runs one command of a case in $W; sets ok=0 on a failure.
run_one() {
	label=$1
	want_rc=$2
	expect=$3
	bug=$4
	shift 4
	runs=$((runs + 1))
	snapshot "$W" >"$T/before"
	(cd "$W" && HOME="$W/home" XDG_CONFIG_HOME='' XDG_DATA_HOME='' \
	    NO_COLOR=1 $WRAP "$WD" "$@") </dev/null >"$T/out" 2>"$T/err.raw"
	rc=$?
	snapshot "$W" >"$T/after"
	sed "s|$W/||g" "$T/err.raw" >"$T/err"
	why=
	if [ "$rc" != "$want_rc" ]; then
		why="exit code $rc, expected $want_rc"
	elif [ -s "$T/out" ]; then
		why="printed on stdout"
	elif ! cmp -s "$T/before" "$T/after"; then
		why="files changed"
	fi
	if [ "$label" = "plan check" ]; then
		# plan check prints its findings bare, compiler style.
		sed -e 's/^winddown: //' -e "s/@STATE_VERSION@/$STATE_VERSION/g" \
		    "$expect" >"$T/expect"
	else
		sed "s/@STATE_VERSION@/$STATE_VERSION/g" "$expect" >"$T/expect"
	fi
	if ! cmp -s "$T/err" "$T/expect"; then
		if [ -n "$bug" ]; then
			known_here=1
			echo "    $label: $(cat -v "$T/err")" >>"$T/known"
		else
			why="${why:+$why; }message differs"
		fi
	fi
	if [ -n "$why" ]; then
		ok=0
		echo "  $label: $why"
		echo "    command: winddown $*"
		echo "    expected ($want_rc):"
		cat -v "$T/expect" | sed 's/^/      /'
		echo "    got ($rc):"
		cat -v "$T/err" | sed 's/^/      /'
		if [ -s "$T/out" ]; then
			echo "    stdout:"
			cat -v "$T/out" | head -5 | sed 's/^/      /'
		fi
		if ! cmp -s "$T/before" "$T/after"; then
			echo "    files:"
			diff "$T/before" "$T/after" | sed 's/^/      /' | head -20
		fi
	fi
}

# Copy the files of case directory $1 (all but expect, rc, setup, bug)
# into $2 and run its setup there.
lay_out() {
	for f in "$1"/* "$1"/.[!.]*; do
		[ -e "$f" ] || [ -L "$f" ] || continue
		case ${f##*/} in
		expect | rc | setup | bug | commands) ;;
		*) cp -PR "$f" "$2/" ;;
		esac
	done
	if [ -f "$1/setup" ]; then
		(cd "$2" && sh "$ROOT/$1/setup") || return 1
	fi
	return 0
}

# Check that a case directory has what it needs.
well_formed() {
	if [ ! -f "$1/expect" ] || [ ! -f "$1/rc" ]; then
		echo "FAIL $1: needs an expect and an rc file"
		return 1
	fi
	return 0
}

finish_case() {
	if [ -n "$bug" ] && [ "$known_here" = 0 ] && [ "$ok" = 1 ]; then
		echo "  every message is now right: remove $1/bug"
		ok=0
	fi
	if [ "$ok" = 1 ]; then
		passed=$((passed + 1))
		if [ "$known_here" = 1 ]; then
			known=$((known + 1))
			echo "ok   $1: known bug: $bug"
			echo "    expected: $(sed "s/@STATE_VERSION@/$STATE_VERSION/g" \
			    "$1/expect" | cat -v)"
			cat "$T/known"
		fi
	else
		failed=$((failed + 1))
		echo "FAIL $1"
	fi
}

# The base plan must itself be valid, or every case proves nothing.
W=$T/w
rm -rf "$W" && mkdir -p "$W/plan"
cp "$CORPUS"/base/*.cfg "$W/plan/"
if ! (cd "$W" && HOME="$W/home" $WRAP "$WD" plan check plan) \
    </dev/null >/dev/null 2>"$T/err"; then
	echo "corpus: the base plan does not pass 'plan check':" >&2
	cat "$T/err" >&2
	echo "0 passed, 1 failed"
	exit 1
fi

for c in "$CORPUS"/plan/*/; do
	c=${c%/}
	[ -d "$c" ] || continue
	nplan=$((nplan + 1))
	well_formed "$c" || { failed=$((failed + 1)); continue; }
	ok=1
	known_here=0
	: >"$T/known"
	rm -rf "$W" && mkdir -p "$W/plan"
	cp "$CORPUS"/base/*.cfg "$W/plan/"
	if ! lay_out "$c" "$W/plan"; then
		echo "FAIL $c: setup failed"
		failed=$((failed + 1))
		continue
	fi
	want=$(cat "$c/rc")
	bug=$(cat "$c/bug" 2>/dev/null)
	# The file the message names decides what must refuse the plan,
	# before the terminal is touched: the coach and `status` stop on
	# seven-day.cfg, `pmr --plain` on pmr.cfg, `journal` and `log` on
	# journal.cfg (the coach opens without those two and reads them on
	# the screens that need them); a broken triggers.cfg only takes the
	# trigger table out of the review (tests/cli/run.sh), so `plan
	# check` alone refuses it. A message naming an included file goes
	# by the plan file of the case; one naming no file runs the coach.
	file=$(sed -n '1s|^winddown: plan/\([a-z-]*\.cfg\).*|\1|p' \
	    "$c/expect")
	case $file in
	seven-day.cfg|pmr.cfg|journal.cfg|triggers.cfg) ;;
	*)	# An included file: the plan file of the case that includes it.
		for f in seven-day.cfg pmr.cfg journal.cfg triggers.cfg; do
			if [ -f "$c/$f" ]; then file=$f; break; fi
		done ;;
	esac
	case $file in
	seven-day.cfg) cmds="coach;status" ;;
	pmr.cfg) cmds="--plain pmr" ;;
	journal.cfg) cmds="journal;log twitches=1" ;;
	triggers.cfg) cmds= ;;
	*) cmds=coach ;;
	esac
	# A case's `commands` (one a line) names them instead: an error in
	# seven-day.cfg's guide (triggers, strategies, facts, seek_advice)
	# is refused by what reads the guide (`flags`, `review`), while the
	# coach and `status` open without it.
	if [ -f "$c/commands" ]; then
		cmds=$(sed '/^$/d' "$c/commands" | paste -sd ';' -)
	fi
	while [ -n "$cmds" ]; do
		cmd=${cmds%%;*}
		case $cmds in *\;*) cmds=${cmds#*;} ;; *) cmds= ;; esac
		if [ "$cmd" = coach ]; then
			run_one coach "$want" "$c/expect" "$bug" \
			    --plan-dir plan --state state.cfg --date "$DATE"
		else
			# shellcheck disable=SC2086 # the command's words
			run_one "$cmd" "$want" "$c/expect" "$bug" \
			    --plan-dir plan --state state.cfg --date "$DATE" \
			    $cmd
		fi
	done
	run_one "plan check" "$want" "$c/expect" "$bug" plan check plan
	finish_case "$c"
done

for c in "$CORPUS"/state/*/; do
	c=${c%/}
	[ -d "$c" ] || continue
	nstate=$((nstate + 1))
	well_formed "$c" || { failed=$((failed + 1)); continue; }
	ok=1
	known_here=0
	: >"$T/known"
	rm -rf "$W" && mkdir -p "$W/plan"
	cp "$CORPUS"/base/*.cfg "$W/plan/"
	if ! lay_out "$c" "$W"; then
		echo "FAIL $c: setup failed"
		failed=$((failed + 1))
		continue
	fi
	want=$(cat "$c/rc")
	bug=$(cat "$c/bug" 2>/dev/null)
	if [ -f "$c/commands" ]; then
		cat "$c/commands" >"$T/commands"
	else
		printf '%s\n' status "done 1" "log twitches=1" >"$T/commands"
	fi
	while IFS= read -r cmd; do
		[ -n "$cmd" ] || continue
		# shellcheck disable=SC2086 # the command's words
		run_one "$cmd" "$want" "$c/expect" "$bug" \
		    --plan-dir plan --state state.cfg --date "$DATE" $cmd \
		    </dev/null
	done <"$T/commands"
	finish_case "$c"
done

echo "corpus: $((nplan + nstate)) cases ($nplan plans, $nstate states)," \
    "$runs runs${WRAP:+ under $WRAP}; $known with a known bug"
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
