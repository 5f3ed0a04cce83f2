#!/bin/sh
# The command line, tried as a careless or adversarial user would: every
# usage error must print its one-line message on stderr, exit with its
# sysexits code, print nothing on stdout and leave every file as it was.
# Then the commands that change the state, checked by what they leave.
#
# Cases are lines of the here-document below:
#	RC<TAB>EXPECTED STDERR (first line)<TAB>ARGUMENTS
# run with --state, --plan-dir plans and --date given; ARGUMENTS are split
# on spaces. A second stderr line "Try 'winddown --help' ..." is allowed
# for errors of the command line itself and checked when RC is 64 and
# the message ends in '+'.
#
# Prints "ok"/"not ok" lines and ends with "N passed, N failed".
# WINDDOWN names the binary (default ./winddown); WINDDOWN_WRAP is put
# before it (make valgrind).

set -u

WD=${WINDDOWN:-./winddown}
WRAP=${WINDDOWN_WRAP:-}
case $WD in /*) ;; *) WD=$(pwd)/$WD ;; esac
PLANS=$(pwd)/plans
[ -x "$WD" ] || { echo "cli: $WD is not an executable" >&2; exit 1; }

T=$(mktemp -d "${TMPDIR:-/tmp}/wd-cli.XXXXXX") || exit 1
trap 'rm -rf "$T"' EXIT
trap 'exit 130' INT TERM HUP

passed=0
failed=0
DATE=2026-03-02
HINT="Try 'winddown --help' for more information."

ok() { passed=$((passed + 1)); echo "ok - cli: $1"; }
bad() { failed=$((failed + 1)); echo "not ok - cli: $1"; shift; for l; do echo "#   $l"; done; }

# Every file below $1 with mode, size, mtime and checksum.
snapshot() {
	(cd "$1" && find . -printf '%p %y %m %s %T@ %l\n' | LC_ALL=C sort &&
	    find . -type f -exec cksum {} + | LC_ALL=C sort)
}

# wd DIR ARGS...: run winddown on DIR/state.cfg; stdout in $T/out, stderr
# in $T/err, exit code in $rc.
wd() {
	_dir=$1
	shift
	HOME=$_dir/home XDG_CONFIG_HOME='' XDG_DATA_HOME='' NO_COLOR=1 \
	    $WRAP "$WD" --state "$_dir/state.cfg" --plan-dir "$PLANS" "$@" \
	    </dev/null >"$T/out" 2>"$T/err"
	rc=$?
}

# A state with a week started on $DATE and step 1 of day 1 ticked.
fresh() {
	rm -rf "$T/s"
	mkdir -p "$T/s/home"
	wd "$T/s" --date "$DATE" done 1
	[ "$rc" = 0 ] || { echo "cli: cannot make a state: $(cat "$T/err")"; exit 1; }
}

# usage RC MESSAGE ARGS...: the error case.
usage() {
	want_rc=$1
	want=$2
	shift 2
	fresh
	snapshot "$T/s" >"$T/before"
	wd "$T/s" --date "$DATE" "$@"
	snapshot "$T/s" >"$T/after"
	name="$* -> $want_rc"
	hint=
	case $want in
	*+) want=${want%+}; hint=yes ;;
	esac
	first=$(sed -n 1p "$T/err")
	second=$(sed -n 2p "$T/err")
	lines=$(wc -l <"$T/err")
	if [ "$rc" != "$want_rc" ]; then
		bad "$name" "exit code $rc" "stderr: $(cat "$T/err")"
	elif [ "$first" != "winddown: $want" ]; then
		bad "$name" "stderr: $first" "wanted: winddown: $want"
	elif [ -n "$hint" ] && { [ "$second" != "$HINT" ] || [ "$lines" != 2 ]; }; then
		bad "$name" "no help hint: $(cat "$T/err")"
	elif [ -z "$hint" ] && [ "$lines" != 1 ]; then
		bad "$name" "more than one line: $(cat "$T/err")"
	elif [ -s "$T/out" ]; then
		bad "$name" "printed on stdout: $(head -c 200 "$T/out")"
	elif ! cmp -s "$T/before" "$T/after"; then
		bad "$name" "files changed:" "$(diff "$T/before" "$T/after" | head -5)"
	else
		ok "$name"
	fi
}

FIELDS="caffeine, exercise, intensity, bedtime, twitches, quality, alcohol, alcohol_last, screens_off, stress, note, lights_out, latency, awakenings, waso, wake, out_of_bed"

usage 64 "status takes no arguments" status x
usage 64 "'99' is not a step of day 1 (1-3)" done 99
usage 64 "'4' is not a step of day 1 (1-3)" done 4
usage 64 "'0' is not a step of day 1 (1-3)" done 0
usage 64 "'x' is not a step of day 1 (1-3)" done x
usage 64 "'1x' is not a step of day 1 (1-3)" done 1x
usage 64 "'9' is not a step of day 1 (1-3)" undo 9
usage 64 "undo needs the step numbers to untick (1-3)" undo
usage 64 "restart takes no arguments" restart now
usage 64 "usage: winddown set bedtime HH:MM | rollover H | bell|speech|tones on|off | notify-command CMD" set
usage 64 "'25:00' is not a time (use HH:MM, 00:00-23:59)" set bedtime 25:00
usage 64 "'13' is not an hour from 0 to 12" set rollover 13
usage 64 "bell is 'on' or 'off', not 'maybe'" set bell maybe
usage 64 "speech is 'on' or 'off', not 'yes'" set speech yes
usage 64 "'-1' is not a number of seconds from 0 to 3600+" --settle -1 pmr --plain
usage 64 "unknown setting 'color' (bedtime, rollover, bell, speech, tones, notify-command)" set color on
usage 64 "usage: winddown log FIELD=VALUE... | --fields" log
usage 65 "unknown field 'bogus' (fields: $FIELDS)" log bogus=1
usage 65 "twitches: 'abc' is not a whole number (0-100)" log twitches=abc
usage 65 "twitches: 999 is out of range (0-100)" log twitches=999
usage 64 "review takes no arguments (use --format)" review x
usage 64 "review: format is text, markdown or json, not 'xml'" --format xml review
usage 64 "export takes no arguments (use --format csv|json)" export x
usage 64 "export: format is csv or json, not 'xml'" --format xml export
usage 64 "unknown plan command 'foo' (try 'plan check')+" plan foo
usage 64 "unknown command 'frobnicate'+" frobnicate
usage 64 "unknown option '--bogus'+" --bogus status
usage 64 "'0' is not a number of seconds from 1 to 3600+" --tense 0 pmr --plain
usage 64 "'-1' is not a number of seconds from 1 to 3600+" --release -1 pmr --plain
usage 64 "'3601' is not a number of seconds from 1 to 3600+" --tense 3601 pmr --plain
usage 64 "option '--tense' needs a value+" --tense
usage 64 "option '--state' needs a value+" --state
usage 64 "'2026-13-01' is not a date (use YYYY-MM-DD)+" --date 2026-13-01 status
usage 64 "'2026-02-30' is not a date (use YYYY-MM-DD)+" --date 2026-02-30 status

# No week yet: the commands that need one say so and write nothing.
rm -rf "$T/n"; mkdir -p "$T/n/home"
snapshot "$T/n" >"$T/before"
wd "$T/n" --date "$DATE" undo 1
snapshot "$T/n" >"$T/after"
if [ "$rc" = 65 ] && cmp -s "$T/before" "$T/after" &&
    grep -q "no week started yet" "$T/err"; then
	ok "undo before any week -> 65, nothing written"
else
	bad "undo before any week" "rc=$rc $(cat "$T/err")"
fi

# The red flags need no week: answers given before it are kept and are
# the first week's once it starts.
rm -rf "$T/n"; mkdir -p "$T/n/home"
wd "$T/n" --date "$DATE" flags painful=yes
_r1=$rc; _o1=$(cat "$T/out" "$T/err")
wd "$T/n" --date "$DATE" done 1
wd "$T/n" --date "$DATE" flags
if [ "$_r1" = 0 ] && [ "$rc" = 0 ] &&
    grep -q '^painful  *yes ' "$T/out" &&
    grep -q 'worth talking over with a doctor' "$T/out"; then
	ok "flags before any week are kept for the week"
else
	bad "flags before any week" "rc=$_r1 $_o1" "then: rc=$rc $(cat "$T/out" "$T/err")"
fi

# restart archives the week: the ticks of the old week are kept in the
# archive and the new week starts on the day given.
fresh
wd "$T/s" --date 2026-03-03 done 1 2
wd "$T/s" --date 2026-03-05 restart
if [ "$rc" = 0 ] && grep -q "A new week starts today, 2026-03-05" "$T/out"; then
	ok "restart says the new week starts today"
else
	bad "restart" "rc=$rc out=$(cat "$T/out") err=$(cat "$T/err")"
fi
if [ -f "$T/s/state.cfg.d/weeks.cfg" ] &&
    grep -q "start = \"2026-03-02\"" "$T/s/state.cfg.d/weeks.cfg" &&
    [ "$(grep -c 'day = ' "$T/s/state.cfg.d/weeks.cfg")" -ge 3 ]; then
	ok "restart archives the old week with its ticks"
else
	bad "restart archive" "$(cat "$T/s/state.cfg.d/weeks.cfg" 2>&1 | head -20)"
fi
wd "$T/s" --date 2026-03-05 status
if [ "$rc" = 0 ] && grep -q "Day 1 of 7" "$T/out" &&
    ! grep -q "\[x\]" "$T/out"; then
	ok "after restart, status shows day 1 with nothing ticked"
else
	bad "status after restart" "rc=$rc $(cat "$T/out")"
fi
wd "$T/s" --date 2026-03-05 restart
n=$(grep -c 'start = ' "$T/s/state.cfg.d/weeks.cfg")
if [ "$rc" = 0 ] && [ "$n" = 2 ]; then
	ok "a second restart archives a second week"
else
	bad "second restart" "rc=$rc, $n archived weeks"
fi

# done past the last day's steps, and on a day outside the week.
fresh
wd "$T/s" --date 2026-03-20 done 1
if [ "$rc" = 65 ] && grep -q "the week ended on 2026-03-08" "$T/err"; then
	ok "done after the week -> 65 with the end date"
else
	bad "done after the week" "rc=$rc $(cat "$T/err")"
fi
wd "$T/s" --date 2026-03-01 done 1
if [ "$rc" = 65 ] && grep -q "this week starts on 2026-03-02" "$T/err"; then
	ok "done before the week -> 65 with the start date"
else
	bad "done before the week" "rc=$rc $(cat "$T/err")"
fi

# Where the state lives without --state: $XDG_DATA_HOME when absolute,
# else under $HOME; neither set is a usage error naming --state.
rm -rf "$T/x"; mkdir -p "$T/x/home" "$T/x/data"
(cd "$T/x" && HOME="$T/x/home" XDG_DATA_HOME="$T/x/data" $WRAP "$WD" \
    --plan-dir "$PLANS" --date "$DATE" done 1) >/dev/null 2>&1
if [ -f "$T/x/data/winddown/state.cfg" ] && [ ! -e "$T/x/home/.local" ]; then
	ok "the state goes under an absolute XDG_DATA_HOME"
else
	bad "XDG_DATA_HOME" "$(find "$T/x")"
fi
(cd "$T/x" && HOME="$T/x/home" XDG_DATA_HOME=relative $WRAP "$WD" \
    --plan-dir "$PLANS" --date "$DATE" done 1) >/dev/null 2>&1
if [ -f "$T/x/home/.local/share/winddown/state.cfg" ] && [ ! -e "$T/x/relative" ]; then
	ok "a relative XDG_DATA_HOME is ignored for HOME's"
else
	bad "relative XDG_DATA_HOME" "$(find "$T/x")"
fi
(cd "$T/x" && env -u HOME -u XDG_DATA_HOME $WRAP "$WD" --plan-dir "$PLANS" \
    status) >"$T/out" 2>"$T/err"
rc=$?
if [ "$rc" = 64 ] && [ "$(cat "$T/err")" = "winddown: neither XDG_DATA_HOME nor HOME is set; use --state FILE" ]; then
	ok "no HOME and no XDG_DATA_HOME -> 64 naming --state"
else
	bad "no HOME" "rc=$rc $(cat "$T/err")"
fi

# One broken plan file breaks only what reads it.
rm -rf "$T/bp"; mkdir -p "$T/bp/home" "$T/bp/plans"
cp "$PLANS"/*.cfg "$T/bp/plans/"
sed 's/tense = 5;/tense = 0;/' "$PLANS/pmr.cfg" >"$T/bp/plans/pmr.cfg"
echo "not libconfig" >"$T/bp/plans/triggers.cfg"
bp() { HOME=$T/bp/home XDG_CONFIG_HOME='' XDG_DATA_HOME='' $WRAP "$WD" \
    --state "$T/bp/state.cfg" --plan-dir "$T/bp/plans" --date "$DATE" "$@" \
    </dev/null >"$T/out" 2>"$T/err"; rc=$?; }
bp done 1
if [ "$rc" = 0 ] && [ ! -s "$T/err" ]; then
	ok "a broken pmr.cfg and triggers.cfg do not stop done"
else
	bad "done with broken pmr.cfg" "rc=$rc $(cat "$T/err")"
fi
bp status
if [ "$rc" = 0 ] && grep -q "Day 1 of 7" "$T/out"; then
	ok "nor status"
else
	bad "status with broken pmr.cfg" "rc=$rc $(cat "$T/err")"
fi
bp pmr --plain --tense 1 --release 1
if [ "$rc" = 65 ] && grep -q "pmr.cfg:[0-9]*: 'tense' is 0" "$T/err" &&
    [ "$(wc -l <"$T/err")" = 1 ]; then
	ok "pmr with a broken pmr.cfg -> 65 naming pmr.cfg:LINE"
else
	bad "pmr with a broken pmr.cfg" "rc=$rc $(cat "$T/err")"
fi
bp review
if [ "$rc" = 0 ] && grep -q "Week review" "$T/out" &&
    grep -q "triggers.cfg:1: .*leaves out the possible triggers" "$T/err"; then
	ok "review with a broken triggers.cfg runs without the triggers, and says why"
else
	bad "review with a broken triggers.cfg" "rc=$rc $(cat "$T/err")"
fi

# A night-shift bedtime: the timeline is counted back from it, in order.
fresh
wd "$T/s" --date "$DATE" set bedtime 08:00
wd "$T/s" --date "$DATE" status
line=$(grep '^Tonight: ' "$T/out")
want="Tonight: 23:30 Last caffeine; 05:00 No more alcohol; 05:00 No intense workouts; 06:30-07:00 Cut back on drinks; 07:00-07:30 Start winding down; 08:00 Bedtime"
if [ "$rc" = 0 ] && [ "$line" = "$want" ]; then
	ok "bedtime 08:00: the timeline runs 23:30 .. 08:00 in order"
else
	bad "night-shift timeline" "$line"
fi

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
