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

skipped=0
ok() { passed=$((passed + 1)); echo "ok - cli: $1"; }
skip() { skipped=$((skipped + 1)); echo "ok - cli: $1 # SKIP $2"; }

# as_user CMD...: run CMD as an unprivileged user, so that file modes
# count (root reads anything; CI runs as root): nobody through setpriv
# or runuser when root, else as is. Fails when neither works.
as_user() {
	if [ "$(id -u)" != 0 ]; then
		"$@"
	elif setpriv --reuid=nobody --regid=nogroup --clear-groups true \
	    2>/dev/null; then
		setpriv --reuid=nobody --regid=nogroup --clear-groups "$@"
	elif runuser -u nobody -- true 2>/dev/null; then
		runuser -u nobody -- "$@"
	else
		return 125
	fi
}
# The owner as_user runs as, for chown (empty when not root).
as_user_owner() {
	[ "$(id -u)" = 0 ] && echo nobody:nogroup
}
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
usage 64 "usage: winddown set [bedtime HH:MM | rollover H | bell|speech|tones on|off | notify-command CMD]" set bell on off
usage 64 "'25:00' is not a time (use HH:MM, 00:00-23:59)" set bedtime=25:00
usage 64 "unknown setting 'color' (bedtime, rollover, bell, speech, tones, notify-command)" set color=on
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
usage 65 "intensity: 'x' is not one of light, moderate, vigorous" log intensity=x
usage 65 "intensity: 'lightly' is not one of light, moderate, vigorous" log twitches=2 intensity=lightly
usage 65 "painful: answer yes or no (y/n, true/false, 1/0), not 'maybe'" flags painful=maybe
usage 65 "painful: answer yes or no (y/n, true/false, 1/0), not 'ye'" flags urge=yes painful=ye
usage 65 "painful: answer yes or no (y/n, true/false, 1/0), not 'on'" flags painful=on
usage 64 "review takes no arguments (use --format)" review x
usage 64 "review: format is text, markdown, html or json, not 'xml'" --format xml review
usage 64 "review: format is text, markdown, html or json, not 'HTML'" --format HTML review
usage 64 "review: format is text, markdown, html or json, not 'htm'" --week 1 --format htm review
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
usage 64 "'2026-13-01' is not a date (use YYYY-MM-DD, today or yesterday)+" --date 2026-13-01 status
usage 64 "'2026-02-30' is not a date (use YYYY-MM-DD, today or yesterday)+" --date 2026-02-30 status
usage 64 "'9999-12-01' is past 9999-11-30, the last date winddown acts on+" --date 9999-12-01 status
usage 64 "'9999-12-31' is past 9999-11-30, the last date winddown acts on+" --date 9999-12-31 done 1

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
wd "$T/s" --date 2026-03-05 restart --yes
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
snapshot "$T/s" >"$T/before"
wd "$T/s" --date 2026-03-05 restart --yes
snapshot "$T/s" >"$T/after"
if [ "$rc" = 0 ] && cmp -s "$T/before" "$T/after" &&
    [ "$(cat "$T/out")" = "This week began today, 2026-03-05: nothing to restart." ]; then
	ok "a restart on the week's first day changes nothing (no empty week archived)"
else
	bad "same-day restart" "rc=$rc $(cat "$T/out" "$T/err")"
fi
wd "$T/s" --date 2026-03-06 restart --yes
n=$(grep -c 'start = ' "$T/s/state.cfg.d/weeks.cfg")
if [ "$rc" = 0 ] && [ "$n" = 2 ]; then
	ok "a second restart archives a second week"
else
	bad "second restart" "rc=$rc, $n archived weeks"
fi
wd "$T/s" --date 2026-03-06 --week 2 review
if [ "$rc" = 0 ] && grep -q '^Week of 2026-03-05 to 2026-03-05 (archived)\.$' "$T/out" &&
    ! grep -q 'today\|to come\|day [0-9] of 7' "$T/out"; then
	ok "a week cut short is reviewed as the days it lived, all past"
else
	bad "review of a cut week" "$(head -12 "$T/out")"
fi
wd "$T/s" --date 2026-03-06 --week 3 review --format json
if grep -q '"today": "2026-03-06", "day": 1, "days": 7}' "$T/out"; then
	ok "review --week N of the running week is as of today"
else
	bad "review --week of this week" "$(head -4 "$T/out")"
fi

# done past the last day's steps, and on a day outside the week.
fresh
# After the week: habit days, ticked and kept like the days' steps.
wd "$T/s" --date 2026-03-20 done 1 3
if [ "$rc" = 0 ] && [ "$(cat "$T/out")" = "Habit day 19: 2 of 6 habits done." ] &&
    grep -q 'day = 19;' "$T/s/state.cfg"; then
	ok "done 1 3 on habit day 19 ticks two habits"
else
	bad "done after the week" "rc=$rc $(cat "$T/out" "$T/err")"
fi
wd "$T/s" --date 2026-03-20 status
if [ "$rc" = 0 ] && grep -q '^Habit day 19, 2026-03-20: the week ended on 2026-03-08' "$T/out" &&
    grep -q '^  \[x\] 1. No caffeine after 14:00$' "$T/out" &&
    grep -q '^  \[ \] 2. ' "$T/out" && grep -q '^  \[x\] 3. ' "$T/out" &&
    grep -q '^Tonight: 14:00 Last caffeine;.* 22:30 Bedtime$' "$T/out"; then
	ok "status on a habit day: the habits ticked, the whole timeline"
else
	bad "status on a habit day" "rc=$rc $(cat "$T/out" "$T/err")"
fi
wd "$T/s" --date 2026-03-20 undo 3
if [ "$rc" = 0 ] && [ "$(cat "$T/out")" = "Habit day 19: 1 of 6 habits done." ]; then
	ok "undo 3 on a habit day"
else
	bad "undo on a habit day" "rc=$rc $(cat "$T/out" "$T/err")"
fi
wd "$T/s" --date 2026-03-21 status
if grep -q '^  \[ \] 1. ' "$T/out"; then
	ok "the next habit day starts unticked"
else
	bad "next habit day" "$(cat "$T/out")"
fi
snapshot "$T/s" >"$T/before"
wd "$T/s" --date 2026-03-20 done 7
snapshot "$T/s" >"$T/after"
if [ "$rc" = 64 ] && cmp -s "$T/before" "$T/after" &&
    [ "$(cat "$T/err")" = "winddown: '7' is not a habit of habit day 19 (1-6)" ]; then
	ok "done 7 on a habit day -> 64, nothing written"
else
	bad "done 7 on a habit day" "rc=$rc $(cat "$T/err")"
fi
wd "$T/s" --date 2026-03-20 undo
if [ "$rc" = 64 ] && [ "$(cat "$T/err")" = "winddown: undo needs the habit numbers to untick (1-6)" ]; then
	ok "undo without numbers on a habit day -> 64"
else
	bad "undo bare on a habit day" "rc=$rc $(cat "$T/err")"
fi
# A morning log says where the night it chose stands in the week.
wd "$T/s" --date 2026-03-02 --time 07:30 log twitches=6
if [ "$rc" = 0 ] && [ "$(sed -n 1p "$T/out")" = "Logged the night of 2026-03-01: twitches set to 6." ] &&
    [ "$(sed -n 2p "$T/out")" = "That was the night before day 1: the week's baseline, its \"before\"." ]; then
	ok "a log on day 1's morning records the baseline and says so"
else
	bad "log on day 1's morning" "rc=$rc $(cat "$T/out" "$T/err")"
fi
wd "$T/s" --date 2026-03-09 --time 08:10 log twitches=2
if [ "$rc" = 0 ] && [ "$(sed -n 1p "$T/out")" = "Logged the night of 2026-03-08: twitches set to 2." ] &&
    [ "$(sed -n 2p "$T/out")" = "That was night 7, the week's last: its review is final now." ]; then
	ok "a log on day 8's morning records night 7 and says the review is final"
else
	bad "log on day 8's morning" "rc=$rc $(cat "$T/out" "$T/err")"
fi
wd "$T/s" --date 2026-03-09 review --format json
if grep -q '"final": true,' "$T/out" && grep -q '"baseline": {"date": "2026-03-01", "twitches": 6}' "$T/out"; then
	ok "review --format json: final and the baseline night"
else
	bad "json final/baseline" "$(head -8 "$T/out")"
fi
wd "$T/s" --date 2026-03-11 --time 07:00 log twitches=1
if [ "$(sed -n 2p "$T/out")" = "That night is after the week's 7 nights: it is in the trend, not in the week's review." ]; then
	ok "a log after the week says it is not in the week's review"
else
	bad "log after the week" "$(cat "$T/out" "$T/err")"
fi
wd "$T/s" --date 2026-03-04 --time 21:00 log twitches=1
if [ "$rc" = 0 ] && [ "$(wc -l <"$T/out")" = 1 ]; then
	ok "a log of a night of the week says nothing more"
else
	bad "log in the week" "$(cat "$T/out" "$T/err")"
fi
wd "$T/s" --date 2026-03-08 review
if grep -q "^Not final yet: night 7 (Sun 03-08) is logged already; the review is final from" "$T/out" &&
    grep -q "^  Sun 03-01  .* 6  (baseline, before day 1)$" "$T/out" &&
    grep -q "^  Baseline (the night before day 1, Sun 03-01): 6 twitches" "$T/out"; then
	ok "review on day 7 with night 7 logged ahead: not final, from when, the baseline"
else
	bad "review on day 7" "$(head -30 "$T/out")"
fi
wd "$T/s" --date 2026-03-09 review
if grep -q "^Final review: every night of the week has had its morning.$" "$T/out"; then
	ok "review on day 8 is final"
else
	bad "review on day 8" "$(head -5 "$T/out")"
fi
for _c in status export weeks; do
	wd "$T/s" --date 2026-03-20 --week 1 $_c
	if [ "$rc" = 64 ] && [ "$(head -1 "$T/err")" = "winddown: --week goes with 'review' only" ] &&
	    [ ! -s "$T/out" ]; then
		ok "--week with $_c is a usage error (64)"
	else
		bad "--week with $_c" "rc=$rc $(cat "$T/out" "$T/err")"
	fi
done
# A plan without habits: after the week, nothing to tick.
mkdir -p "$T/nohab"
cp "$PLANS"/*.cfg "$T/nohab/"
awk '/^  habits = \(/ { skip = 1 } skip && /^  \);/ { skip = 0; next } !skip' \
    "$PLANS/seven-day.cfg" >"$T/nohab/seven-day.cfg"
HOME=$T/s/home XDG_CONFIG_HOME='' NO_COLOR=1 $WRAP "$WD" --state "$T/s/state.cfg" \
    --plan-dir "$T/nohab" --date 2026-03-20 done 1 </dev/null >"$T/out" 2>"$T/err"
rc=$?
if [ "$rc" = 65 ] && grep -q "the week ended on 2026-03-08 and the plan lists no habits" "$T/err"; then
	ok "done after the week of a plan without habits -> 65 with the end date"
else
	bad "done after a week without habits" "rc=$rc $(cat "$T/err")"
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

# A broken guide (seven-day.cfg's red flags) breaks what reads it: the
# flags and the review, not today's steps.
cp "$PLANS"/*.cfg "$T/bp/plans/"
awk '/seek_advice/ { s = 1 } s && /id = "rhythmic";/ && !d {
	sub(/"rhythmic"/, "\"painful\""); d = 1; n = NR }
	{ print } END { if (!d) exit 1 }' "$PLANS/seven-day.cfg" \
    >"$T/bp/plans/seven-day.cfg" || bad "the guide's flag is gone from the plan"
gline=$(awk '/id = "rhythmic";/ { print NR - 1; exit }' "$PLANS/seven-day.cfg")
bp status
if [ "$rc" = 0 ] && grep -q "Day 1 of 7" "$T/out" && [ ! -s "$T/err" ]; then
	bp done 2
	if [ "$rc" = 0 ] && [ ! -s "$T/err" ]; then
		ok "a broken red flag in seven-day.cfg stops neither status nor done"
	else
		bad "done with a broken guide" "rc=$rc $(cat "$T/err")"
	fi
else
	bad "status with a broken guide" "rc=$rc $(cat "$T/err")"
fi
for c in flags review weeks "flags painful=yes"; do
	snapshot "$T/bp" >"$T/before"
	# shellcheck disable=SC2086 # the command's words
	bp $c
	snapshot "$T/bp" >"$T/after"
	if [ "$rc" = 65 ] && [ "$(cat "$T/err")" = "winddown: $T/bp/plans/seven-day.cfg:$gline: red flag 2: duplicate id 'painful'" ] &&
	    [ ! -s "$T/out" ] && cmp -s "$T/before" "$T/after"; then
		ok "$c with a broken red flag -> 65 naming seven-day.cfg:$gline, nothing written"
	else
		bad "$c with a broken red flag" "rc=$rc $(cat "$T/err")"
	fi
done
bp plan check "$T/bp/plans"
if [ "$rc" = 65 ] && grep -q "seven-day.cfg:$gline: red flag 2: duplicate id" "$T/out" "$T/err"; then
	ok "plan check finds the broken red flag"
else
	bad "plan check with a broken red flag" "rc=$rc $(cat "$T/out" "$T/err")"
fi

# A night-shift bedtime: the timeline is counted back from it, in order.
fresh
wd "$T/s" --date "$DATE" set bedtime 08:00
wd "$T/s" --date "$DATE" status
line=$(grep '^Tonight: ' "$T/out")
want="Tonight: 23:30 Last caffeine; 05:00 No more alcohol; 05:00 No intense workouts; 06:30 Start drinking less; 07:00-07:30 Start winding down; 08:00 Bedtime"
if [ "$rc" = 0 ] && [ "$line" = "$want" ]; then
	ok "bedtime 08:00: the timeline runs 23:30 .. 08:00 in order"
else
	bad "night-shift timeline" "$line"
fi

# The history of weeks: `weeks` lists each, `review --week N` shows one.
fresh
wd "$T/s" --date 2026-03-02 log twitches=5
wd "$T/s" --date 2026-03-03 log twitches=3
wd "$T/s" --date 2026-03-05 restart --yes
wd "$T/s" --date 2026-03-05 log twitches=2
wd "$T/s" --date 2026-03-06 weeks
w1="Week 1  2026-03-02 to 03-04  0/7 days  2 nights  4.0 twitches/night"
w2="Week 2  2026-03-05 to 03-11  0/7 days  1 night  2.0 twitches/night  (this week)"
if [ "$rc" = 0 ] && [ "$(sed -n 1p "$T/out")" = "$w1" ] &&
    [ "$(sed -n 2p "$T/out")" = "$w2" ] && [ "$(wc -l <"$T/out")" = 3 ] &&
    [ "$(sed -n 3p "$T/out")" = "Comparing week 1 with week 2 needs twitch counts on at least 3 nights of each (week 1 has 2, week 2 has 1)." ]; then
	ok "weeks lists the archived week and this one, and says why they are not compared"
else
	bad "weeks" "rc=$rc" "$(cat "$T/out" "$T/err")"
fi
wd "$T/s" --date 2026-03-06 --week 1 --format json review
if [ "$rc" = 0 ] && grep -q '"start": "2026-03-02"' "$T/out"; then
	ok "review --week 1 shows the first week"
else
	bad "review --week 1" "rc=$rc $(head -c 300 "$T/out") $(cat "$T/err")"
fi
for f in text markdown html; do
	wd "$T/s" --date 2026-03-06 --week 1 --format $f review
	if [ "$rc" = 0 ] && grep -q "2026-03-02" "$T/out"; then
		ok "review --week 1 --format $f"
	else
		bad "review --week 1 --format $f" "rc=$rc $(cat "$T/err")"
	fi
done
if [ "$rc" = 0 ] && grep -q '<td>1 (this review)</td><td>2026-03-02 to 2026-03-04</td><td>2</td><td>4.0</td>' "$T/out" &&
    grep -q '<td>2 (this week)</td>' "$T/out"; then
	ok "review --week 1 --format html marks week 1 in the trend"
else
	bad "review --week 1 --format html trend" "$(grep -A4 'Trend' "$T/out")"
fi
usage 64 "there is no week 2: the weeks are 1 to 1 (see 'winddown weeks')" --week 2 review
usage 64 "'0' is not a week number (1, 2, ...)+" --week 0 review
usage 64 "'x' is not a week number (1, 2, ...)+" --week x review
usage 64 "weeks takes no arguments" weeks 1


# The page for a doctor, markdown and HTML: the plan's words, never ids,
# and the trend over every week, from every month's file (week 1 is in
# January, the review's week in March).
rm -rf "$T/r"
mkdir -p "$T/r/home"
wd "$T/r" --date 2026-01-05 done 1
wd "$T/r" --date 2026-01-05 log twitches=6 alcohol_last=21:00 waso=20
wd "$T/r" --date 2026-01-06 log twitches=4 'note=leg <kick> & "jump" | twice'
wd "$T/r" --date 2026-03-02 restart --yes
wd "$T/r" --date 2026-03-02 log twitches=2 bedtime=23:10 quality=4
wd "$T/r" --date 2026-03-03 log twitches=1 bedtime=23:20 caffeine=16:00
wd "$T/r" --date 2026-03-04 review --format markdown
if [ "$rc" = 0 ] && [ "$(sed -n 1p "$T/out")" = "# Week review: Seven days to calmer sleep onset" ] &&
    [ "$(sed -n 3p "$T/out" | cut -c1-40)" = "> winddown is a self-help coach, not med" ] &&
    grep -q '^| Night | Got into bed at | Twitches noticed | Sleep quality (1-5) | Possible triggers |$' "$T/out" &&
    grep -q '^| Tue 2026-03-03 | 23:20 | 1 |  | Caffeine after 2 p.m. |$' "$T/out" &&
    grep -q '^| 1 | 2026-01-05 to 2026-01-11 | 2 | 5.0 |$' "$T/out" &&
    grep -q '^| 2 (this review) | 2026-03-02 to 2026-03-08 | 2 | 1.5 |$' "$T/out" &&
    grep -q '^Comparing week 1 with week 2 needs twitch counts on at least 3 nights of each (week 1 has 2, week 2 has 2).$' "$T/out" &&
    ! grep -qi 'alcohol_last\|waso\|late-caffeine\|seven-day' "$T/out"; then
	ok "review --format markdown: labels, one nights table, the trend from every month"
else
	bad "review --format markdown" "rc=$rc $(cat "$T/err")" "$(cat "$T/out")"
fi
wd "$T/r" --date 2026-03-04 --week 1 review --format markdown
if [ "$rc" = 0 ] && grep -q '^- \*\*Tue 2026-01-06\*\*: leg \\<kick\\> \\& "jump" \\| twice$' "$T/out" &&
    grep -q '^| Mon 2026-01-05 |  | 6 |  |' "$T/out"; then
	ok "review --week 1 --format markdown: the notes, escaped, after the table"
else
	bad "review --week 1 --format markdown" "rc=$rc $(cat "$T/err")" "$(cat "$T/out")"
fi
wd "$T/r" --date 2026-03-04 --week 1 review --format html
if [ "$rc" = 0 ] && [ "$(sed -n 1p "$T/out")" = "<!DOCTYPE html>" ] &&
    grep -q '<meta charset="utf-8">' "$T/out" && grep -q '@media print' "$T/out" &&
    ! grep -qi 'http' "$T/out" && ! grep -qi '<script' "$T/out" &&
    ! grep -qi '<link\|src=\|url(' "$T/out" &&
    grep -q '<li><strong>Tue 2026-01-06</strong>: leg &lt;kick&gt; &amp; &quot;jump&quot; | twice</li>' "$T/out" &&
    grep -q '<tr><td>1 (this review)</td><td>2026-01-05 to 2026-01-11</td><td>2</td><td>5.0</td></tr>' "$T/out" &&
    [ "$(tail -1 "$T/out")" = "</html>" ] &&
    ! grep -qi 'alcohol_last\|waso\|late-caffeine' "$T/out"; then
	ok "review --week 1 --format html: one self-contained page, escaped"
else
	bad "review --week 1 --format html" "rc=$rc $(cat "$T/err")" "$(head -c 600 "$T/out")"
fi
wd "$T/r" --date 2026-03-04 review --format html
if [ "$rc" = 0 ] && [ "$(sed -n 1p "$T/out")" = "<!DOCTYPE html>" ] && [ ! -s "$T/err" ] &&
    grep -q '<tr><td>2 (this review)</td>' "$T/out"; then
	ok "review --format html"
else
	bad "review --format html" "rc=$rc $(cat "$T/err")"
fi

# log with a field twice: the last value wins and the field counts once.
fresh
wd "$T/s" --date "$DATE" log twitches=3 quality=2 twitches=5
if [ "$rc" = 0 ] && [ "$(cat "$T/out")" = "Logged the night of $DATE: quality set to 2, twitches set to 5." ] &&
    grep -q 'twitches = 5;' "$T/s/state.cfg.d/2026-03.cfg" &&
    [ "$(grep -c 'twitches' "$T/s/state.cfg.d/2026-03.cfg")" = 1 ]; then
	ok "log twitches=3 quality=2 twitches=5: 2 values, twitches 5"
else
	bad "log with a field twice" "rc=$rc $(cat "$T/out") $(cat "$T/err")"
fi
wd "$T/s" --date "$DATE" log twitches=7 twitches=
if [ "$rc" = 0 ] && [ "$(cat "$T/out")" = "Logged the night of $DATE: twitches cleared." ] &&
    ! grep -q 'twitches' "$T/s/state.cfg.d/2026-03.cfg"; then
	ok "log twitches=7 twitches=: the last, a clear, wins"
else
	bad "log set then clear" "rc=$rc $(cat "$T/out") $(cat "$T/err")"
fi

# log says what it changed, field by field, and a log that changes
# nothing says so and writes nothing (exit 0).
fresh
wd "$T/s" --date "$DATE" log twitches=3 caffeine=14:00 note=hello
wd "$T/s" --date "$DATE" log twitches=5 quality=4 caffeine=14:00 note=
out=$(sed 's/→/->/' "$T/out")
if [ "$rc" = 0 ] && [ "$out" = "Logged the night of $DATE: twitches 3 -> 5, quality set to 4, note cleared; caffeine unchanged." ] &&
    grep -q 'twitches = 5;' "$T/s/state.cfg.d/2026-03.cfg" &&
    ! grep -q 'note' "$T/s/state.cfg.d/2026-03.cfg"; then
	ok "log names each change and what stayed"
else
	bad "log's report of its changes" "rc=$rc $out $(cat "$T/err")"
fi
wd "$T/s" --date "$DATE" log note="a longer note"
if [ "$rc" = 0 ] && [ "$(cat "$T/out")" = "Logged the night of $DATE: note set." ]; then
	ok "log does not echo a text value"
else
	bad "log note=" "rc=$rc $(cat "$T/out" "$T/err")"
fi
snapshot "$T/s" >"$T/before"
wd "$T/s" --date "$DATE" log twitches=" 5 " caffeine=14:00 stress=
snapshot "$T/s" >"$T/after"
if [ "$rc" = 0 ] && [ "$(cat "$T/out")" = "Nothing changed for the night of $DATE: twitches, caffeine, stress unchanged." ] &&
    [ ! -s "$T/err" ] && cmp -s "$T/before" "$T/after"; then
	ok "a log that changes nothing says so and writes nothing"
else
	bad "log without a change" "rc=$rc $(cat "$T/out" "$T/err")" \
	    "$(diff "$T/before" "$T/after" | head -5)"
fi

# Choices by any case and by a unique start: the plan's spelling is kept.
fresh
wd "$T/s" --date "$DATE" log intensity=V
_o1=$(cat "$T/out")
wd "$T/s" --date "$DATE" log intensity=" Mod "
out=$(sed 's/→/->/' "$T/out")
if [ "$_o1" = "Logged the night of $DATE: intensity set to vigorous." ] &&
    [ "$rc" = 0 ] && [ "$out" = "Logged the night of $DATE: intensity vigorous -> moderate." ] &&
    grep -q 'intensity = "moderate";' "$T/s/state.cfg.d/2026-03.cfg"; then
	ok "log intensity=V, then ' Mod ': vigorous, then moderate"
else
	bad "log a choice by its start" "$_o1" "rc=$rc $out $(cat "$T/err")"
fi

# A plan with an ambiguous start and a yes/no field: the journal's words
# hold for log as for the form.
mkdir -p "$T/plans2"
cp "$PLANS"/*.cfg "$T/plans2/"
sed -i 's/choices = \[ "light", "moderate", "vigorous" \];/choices = [ "light", "mild", "moderate", "vigorous" ];/' \
    "$T/plans2/journal.cfg"
sed -i '0,/^  fields = (/s//  fields = (\n    { name = "nap"; type = "yesno"; prompt = "Napped"; },/' \
    "$T/plans2/journal.cfg"
_plans=$PLANS
PLANS=$T/plans2
usage 65 "intensity: 'm' is ambiguous (mild, moderate)" log intensity=m
usage 65 "intensity: 'M' is ambiguous (mild, moderate)" log twitches=1 intensity=M
usage 65 "nap: 'maybe' is not yes or no" log nap=maybe
usage 65 "nap: 'ye' is not yes or no" log nap=ye
_ans=
for _w in YES y True 1 No N false 0; do
	wd "$T/s" --date "$DATE" log "nap= $_w "
	[ "$rc" = 0 ] || _ans="$_ans $_w:rc=$rc"
	_ans="$_ans $(grep -o 'nap = [a-z]*' "$T/s/state.cfg.d/2026-03.cfg")"
done
wd "$T/s" --date "$DATE" log intensity=mi
if [ "$_ans" = " nap = true nap = true nap = true nap = true nap = false nap = false nap = false nap = false" ] &&
    [ "$rc" = 0 ] && grep -q 'intensity = "mild";' "$T/s/state.cfg.d/2026-03.cfg"; then
	ok "log nap= takes yes/y/true/1 and no/n/false/0 in any case; intensity=mi is mild"
else
	bad "log's yes/no words" "$_ans" "rc=$rc $(cat "$T/err")"
fi
PLANS=$_plans

# flags takes the same words, in any case, blanks around ignored.
fresh
wd "$T/s" --date "$DATE" flags painful=YES "rhythmic= n " repeated=True urge=0 waking=Y
_ans=$(awk 'NR <= 5 { printf "%s ", $2 }' "$T/out")
if [ "$rc" = 0 ] && [ "$_ans" = "yes no yes no yes " ]; then
	ok "flags takes YES, n, True, 0, Y"
else
	bad "flags' yes/no words" "rc=$rc $_ans $(cat "$T/err")"
fi

# set alone prints the settings as NAME=VALUE lines, writes nothing, and
# each line given back to set makes the same settings.
fresh
wd "$T/s" --date "$DATE" set bedtime 23:15
wd "$T/s" --date "$DATE" set speech on
wd "$T/s" --date "$DATE" set notify-command "notify-send -u low"
snapshot "$T/s" >"$T/before"
wd "$T/s" --date "$DATE" set
snapshot "$T/s" >"$T/after"
cp "$T/out" "$T/settings"
want="bedtime=23:15
rollover=4
bell=on
speech=on
tones=off
notify-command=notify-send -u low"
if [ "$rc" = 0 ] && [ "$(cat "$T/settings")" = "$want" ] && [ ! -s "$T/err" ] &&
    cmp -s "$T/before" "$T/after"; then
	ok "set alone prints the settings, NAME=VALUE a line, and writes nothing"
else
	bad "set alone" "rc=$rc $(cat "$T/out" "$T/err")"
fi
rm -rf "$T/s2"; mkdir -p "$T/s2/home"
_fed=0
while IFS= read -r _line; do
	wd "$T/s2" --date "$DATE" set "$_line"
	[ "$rc" = 0 ] || _fed=$rc
done <"$T/settings"
wd "$T/s2" --date "$DATE" set
if [ "$_fed" = 0 ] && [ "$rc" = 0 ] && cmp -s "$T/out" "$T/settings"; then
	ok "the lines set prints, given back to set, make the same settings"
else
	bad "set fed its own output" "rc=$_fed/$rc $(cat "$T/out" "$T/err")"
fi

# The last date a command acts on: its week ends within 9999, and no
# date is written as year 0000.
# (A week that far ahead cannot be started from here: written by hand.)
rm -rf "$T/y"; mkdir -p "$T/y/home"
printf 'version = 2;\nweek = {\n  start = "9999-11-30";\n  plan = "seven-day";\n};\n' \
    >"$T/y/state.cfg"
wd "$T/y" --date 9999-11-30 review
if [ "$rc" = 0 ] && grep -q "Week of 9999-11-30 to 9999-12-06" "$T/out" &&
    ! grep -q "0000-" "$T/out"; then
	ok "--date 9999-11-30: the week ends on 9999-12-06"
else
	bad "--date 9999-11-30 review" "rc=$rc $(head -3 "$T/out") $(cat "$T/err")"
fi

# --date 1970-01-01 is day 0 and a date like any other, not "no date".
rm -rf "$T/e"; mkdir -p "$T/e/home"
wd "$T/e" --date 1970-01-01 done 1
if [ "$rc" = 0 ] && grep -q 'start = "1970-01-01"' "$T/e/state.cfg"; then
	ok "--date 1970-01-01 done 1 starts the week on 1970-01-01"
else
	bad "--date 1970-01-01 done" "rc=$rc $(cat "$T/err")" "$(cat "$T/e/state.cfg")"
fi
wd "$T/e" --date 1970-01-01 log twitches=3
if [ "$rc" = 0 ] && grep -q "Logged the night of 1970-01-01" "$T/out" &&
    grep -q 'date = "1970-01-01"' "$T/e/state.cfg.d/1970-01.cfg"; then
	ok "--date 1970-01-01 log records the night of 1970-01-01"
else
	bad "--date 1970-01-01 log" "rc=$rc $(cat "$T/out") $(cat "$T/err")"
fi
wd "$T/e" --date 1970-01-01 status
if [ "$rc" = 0 ] && grep -q "Day 1 of 7, 1970-01-01" "$T/out"; then
	ok "--date 1970-01-01 status shows day 1"
else
	bad "--date 1970-01-01 status" "rc=$rc $(head -3 "$T/out") $(cat "$T/err")"
fi

# A state.cfg.d that is not a directory is bad data (65), not an empty
# history.
rm -rf "$T/d"; mkdir -p "$T/d/home"
wd "$T/d" --date "$DATE" done 1
: >"$T/d/state.cfg.d"
wd "$T/d" --date "$DATE" export
if [ "$rc" = 65 ] && [ ! -s "$T/out" ] &&
    [ "$(cat "$T/err")" = "winddown: $T/d/state.cfg.d: Not a directory" ]; then
	ok "export with a file for state.cfg.d -> 65, nothing on stdout"
else
	bad "export with a file for state.cfg.d" "rc=$rc $(head -c 200 "$T/out") $(cat "$T/err")"
fi

# A command that changed the state exits 0 once its save went through,
# even when its message cannot be written (a full stdout): a script that
# retries on failure must not restart the week twice. The failed write
# is said on stderr. A command that changes nothing exits 74.
SAVED="winddown: standard output: No space left on device (the change was saved)"
full() {
	_what=$1
	shift
	HOME=$T/s/home XDG_CONFIG_HOME='' XDG_DATA_HOME='' NO_COLOR=1 \
	    $WRAP "$WD" --state "$T/s/state.cfg" --plan-dir "$PLANS" \
	    --date 2026-03-03 "$@" </dev/null >/dev/full 2>"$T/err"
	rc=$?
}
if [ -w /dev/full ]; then
	fresh
	full done done 2
	if [ "$rc" = 0 ] && [ "$(cat "$T/err")" = "$SAVED" ] &&
	    [ "$(grep -c 'day = 2' "$T/s/state.cfg")" = 1 ]; then
		ok "done >/dev/full -> 0, the tick saved, the write error on stderr"
	else
		bad "done >/dev/full" "rc=$rc $(cat "$T/err")"
	fi
	full undo undo 2
	if [ "$rc" = 0 ] && [ "$(cat "$T/err")" = "$SAVED" ] &&
	    ! grep -q 'day = 2' "$T/s/state.cfg"; then
		ok "undo >/dev/full -> 0, the untick saved"
	else
		bad "undo >/dev/full" "rc=$rc $(cat "$T/err")"
	fi
	full log log twitches=4
	if [ "$rc" = 0 ] && [ "$(cat "$T/err")" = "$SAVED" ] &&
	    grep -q 'twitches = 4;' "$T/s/state.cfg.d/2026-03.cfg"; then
		ok "log >/dev/full -> 0, the night saved"
	else
		bad "log >/dev/full" "rc=$rc $(cat "$T/err")"
	fi
	full flags flags painful=no
	if [ "$rc" = 0 ] && [ "$(cat "$T/err")" = "$SAVED" ] &&
	    grep -q 'painful = false;' "$T/s/state.cfg"; then
		ok "flags ID=no >/dev/full -> 0, the answer saved"
	else
		bad "flags >/dev/full" "rc=$rc $(cat "$T/err")"
	fi
	full restart restart --yes
	if [ "$rc" = 0 ] && [ "$(cat "$T/err")" = "$SAVED" ] &&
	    [ "$(grep -c 'start = ' "$T/s/state.cfg.d/weeks.cfg")" = 1 ]; then
		ok "restart >/dev/full -> 0, one week archived"
	else
		bad "restart >/dev/full" "rc=$rc $(cat "$T/err")"
	fi
	for c in status flags review export; do
		full "$c" "$c"
		if [ "$rc" = 74 ] && [ "$(cat "$T/err")" = "winddown: standard output: No space left on device" ]; then
			ok "$c >/dev/full -> 74"
		else
			bad "$c >/dev/full" "rc=$rc $(cat "$T/err")"
		fi
	done
else
	skip "commands on a full stdout" "no /dev/full"
fi

# export with an unreadable state.cfg.d/ must not print an empty
# journal: the history it cannot list is an error (66), and nothing is
# printed on stdout, not even the CSV header.
U=$(mktemp -d "${TMPDIR:-/tmp}/wd-cli-u.XXXXXX") || exit 1
chmod 755 "$U"; mkdir -p "$U/home"
wd "$U" --date "$DATE" log twitches=3
if ! as_user test -r "$WD" 2>/dev/null; then
	skip "export with an unreadable state.cfg.d" "no unprivileged user (setpriv, runuser)"
else
	[ -n "$(as_user_owner)" ] && chown -R "$(as_user_owner)" "$U"
	chmod 0300 "$U/state.cfg.d"
	for f in csv json; do
		(cd "$U" && HOME="$U/home" XDG_CONFIG_HOME='' XDG_DATA_HOME='' \
		    as_user $WRAP "$WD" --state "$U/state.cfg" --plan-dir "$PLANS" \
		    --date "$DATE" --format $f export) </dev/null >"$T/out" 2>"$T/err"
		rc=$?
		if [ "$rc" = 66 ] && [ ! -s "$T/out" ] &&
		    [ "$(cat "$T/err")" = "winddown: $U/state.cfg.d: Permission denied" ]; then
			ok "export --format $f with an unreadable state.cfg.d -> 66, nothing on stdout"
		else
			bad "export --format $f with an unreadable state.cfg.d" "rc=$rc" \
			    "out=$(head -c 200 "$T/out")" "err=$(cat "$T/err")"
		fi
	done
	chmod 0700 "$U/state.cfg.d"
fi
rm -rf "$U"

# Dates that cannot hurt: a command that writes refuses a --date ahead of
# today, and writes nothing; a command that only reads may look ahead.
AHEAD=$(date -d '+3 days' +%Y-%m-%d)
EVE=$(date +%Y-%m-%d)
[ "$(date +%H)" -lt 4 ] && EVE=$(date -d yesterday +%Y-%m-%d)
for c in "done 1" "undo 1" "log twitches=1" "restart --yes" "set bell on" \
    "flags painful=yes" "pmr --plain --tense 1 --release 1" journal coach; do
	# shellcheck disable=SC2086 # the command's words
	usage 64 "--date $AHEAD is ahead of today ($EVE): only commands that change nothing may look ahead" --date "$AHEAD" $c
done
for c in status review weeks next "flags"; do
	fresh
	# shellcheck disable=SC2086
	wd "$T/s" --date "$AHEAD" $c
	if [ "$rc" = 0 ]; then
		ok "$c may look ahead (--date $AHEAD)"
	else
		bad "$c --date ahead" "rc=$rc $(cat "$T/err")"
	fi
done

# --date today and yesterday: the evening the clock reads, and the one
# before it.
fresh
wd "$T/s" --date yesterday log twitches=4
Y=$(date -d "$EVE -1 day" +%Y-%m-%d)
if [ "$rc" = 0 ] && [ "$(cat "$T/out")" = "Logged the night of $Y: twitches set to 4." ]; then
	ok "--date yesterday logs the night of $Y"
else
	bad "--date yesterday" "rc=$rc $(cat "$T/out" "$T/err")"
fi
wd "$T/s" --date today log twitches=4
if [ "$rc" = 0 ] && [ "$(cat "$T/out")" = "Logged the night of $EVE: twitches set to 4." ]; then
	ok "--date today logs the night of $EVE"
else
	bad "--date today" "rc=$rc $(cat "$T/out" "$T/err")"
fi
usage 64 "'tomorrow' is not a date (use YYYY-MM-DD, today or yesterday)+" --date tomorrow status

# restart: a week younger than the plan with ticks or nights needs --yes.
fresh
snapshot "$T/s" >"$T/before"
wd "$T/s" --date 2026-03-04 restart
snapshot "$T/s" >"$T/after"
if [ "$rc" = 64 ] && cmp -s "$T/before" "$T/after" &&
    [ "$(cat "$T/err")" = "winddown: this week began on 2026-03-02 and has ticks or journal nights; 'winddown restart --yes' archives it and starts a new one today" ]; then
	ok "restart of a young week with ticks needs --yes; nothing written"
else
	bad "restart without --yes" "rc=$rc $(cat "$T/err")"
fi
wd "$T/s" --date 2026-03-04 undo 1
wd "$T/s" --date 2026-03-02 log twitches=2
wd "$T/s" --date 2026-03-04 restart
if [ "$rc" = 64 ]; then
	ok "... and with a journal night and no ticks too"
else
	bad "restart with a night" "rc=$rc $(cat "$T/err")"
fi
wd "$T/s" --date 2026-03-04 restart --yes
if [ "$rc" = 0 ] && [ -f "$T/s/state.cfg.d/weeks.cfg" ]; then
	ok "restart --yes archives it"
else
	bad "restart --yes" "rc=$rc $(cat "$T/err")"
fi
wd "$T/s" --date 2026-03-05 restart
if [ "$rc" = 0 ]; then
	ok "restart of an empty week needs no --yes"
else
	bad "restart of an empty week" "rc=$rc $(cat "$T/err")"
fi
fresh
wd "$T/s" --date 2026-03-09 restart
if [ "$rc" = 0 ]; then
	ok "restart after the seven days needs no --yes"
else
	bad "restart after the week" "rc=$rc $(cat "$T/err")"
fi

# Relaxation in plain mode on the state $T/p, keys from a pipe: $1 is
# the date, $2 the keys, the rest the options; plans from $PMR_PLANS;
# stdout in $T/out, the month's sessions in $T/sessions.
PMR_PLANS=$PLANS
pmr_pipe() {
	_date=$1 _keys=$2
	shift 2
	mkdir -p "$T/p/home"
	printf '%s' "$_keys" | HOME=$T/p/home XDG_CONFIG_HOME='' \
	    XDG_DATA_HOME='' $WRAP "$WD" --state "$T/p/state.cfg" \
	    --plan-dir "$PMR_PLANS" --date "$_date" pmr --plain "$@" \
	    >"$T/out" 2>"$T/err"
	rc=$?
	cat "$T/p/state.cfg.d/"*.cfg >"$T/sessions" 2>/dev/null
}

# Every group skipped reaches the end but is not a finished session.
rm -rf "$T/p"
pmr_pipe "$DATE" nnnn --tense 1 --release 1 --settle 0
if [ "$rc" = 0 ] && grep -q 'done = 0;' "$T/sessions" &&
    grep -q 'finished = false;' "$T/sessions" &&
    grep -q '^Session recorded: Lower body: feet to hips, 0 of 4 groups, .*stopped early\.$' "$T/out"; then
	ok "pmr --plain with every group skipped is recorded as not finished"
else
	bad "pmr --plain with every group skipped" "rc=$rc" "$(cat "$T/out")" \
	    "$(cat "$T/sessions")"
fi

# Quick sessions: a plan whose groups are done once, without a prepare
# phase, so --tense 1 --release 1 makes a group 2 s.
rm -rf "$T/p" "$T/pp"
mkdir -p "$T/pp"
cp "$PLANS"/*.cfg "$T/pp/"
sed 's/prepare = 6;/prepare = 0;/; s/repeats = 2;/repeats = 1;/' \
    "$PLANS/pmr.cfg" >"$T/pp/pmr.cfg"
PMR_PLANS=$T/pp

# A finished session on day 5 ticks the step the plan's pmr_step names
# (2), whatever its wording. Three groups skipped, the last one done.
D5=$(date -d "$DATE +4 days" +%Y-%m-%d)
HOME=$T/p/home XDG_CONFIG_HOME='' XDG_DATA_HOME='' $WRAP "$WD" \
    --state "$T/p/state.cfg" --plan-dir "$T/pp" --date "$DATE" done 1 \
    >/dev/null 2>&1
pmr_pipe "$D5" nnn --tense 1 --release 1 --settle 0
HOME=$T/p/home XDG_CONFIG_HOME='' XDG_DATA_HOME='' $WRAP "$WD" \
    --state "$T/p/state.cfg" --plan-dir "$T/pp" --date "$D5" status \
    >"$T/status" 2>&1
if [ "$rc" = 0 ] && grep -q 'finished = true;' "$T/sessions" &&
    grep -q '^Relaxation tonight: Lower body: feet to hips, 1 of 4 groups, finished$' "$T/status" &&
    grep -q '^ *\[ \] 1\. ' "$T/status" &&
    grep -q '^ *\[x\] 2\. Hold the tension' "$T/status"; then
	ok "a finished session on day 5 ticks the plan's pmr_step (step 2)"
else
	bad "a finished session on day 5" "rc=$rc" "$(cat "$T/out")" \
	    "$(cat "$T/status")"
fi

# The plain mode does not say a cue's first word twice: the thighs'
# release cue begins "Release." and is printed as it is.
rm -rf "$T/p"
pmr_pipe "$DATE" nn --tense 1 --release 1 --settle 0
if [ "$rc" = 0 ] && grep -q '^Release\. Let your thighs' "$T/out" &&
    grep -q '^Release: Let go\. Feel your hips' "$T/out" &&
    ! grep -q 'Release: Release' "$T/out"; then
	ok "pmr --plain does not repeat the cue name (Release: Release.)"
else
	bad "pmr --plain repeats the cue name" "$(cat "$T/out")"
fi

# --settle: 0 leaves the settling cue out; 2 gives one of 2 s before the
# first group (each line timestamped as it arrives; q after 3 s).
rm -rf "$T/p"
pmr_pipe "$DATE" '' --tense 1 --release 1 --settle 0
if [ "$rc" = 0 ] && ! grep -q '^Get ready' "$T/out" &&
    grep -q '^Lower body: feet to hips: 4 groups, 0:08\.$' "$T/out" &&
    sed -n 2p "$T/out" | grep -q '^Feet: '; then
	ok "pmr --plain --settle 0 has no settling cue"
else
	bad "pmr --plain --settle 0" "$(cat "$T/out")"
fi
rm -rf "$T/p"
mkdir -p "$T/p/home"
(sleep 3; printf q) | HOME=$T/p/home XDG_CONFIG_HOME='' XDG_DATA_HOME='' \
    $WRAP "$WD" --state "$T/p/state.cfg" --plan-dir "$T/pp" --date "$DATE" \
    pmr --plain --tense 1 --release 1 --settle 2 2>"$T/err" |
    while IFS= read -r _l; do echo "$(date +%s%3N) $_l"; done >"$T/out"
_ready=$(awk '$2 == "Get" && $3 == "ready:" { print $1 }' "$T/out")
_feet=$(awk '$2 == "Feet:" { print $1 }' "$T/out")
_gap=$((${_feet:-0} - ${_ready:-0}))
if [ -n "$_ready" ] && [ -n "$_feet" ] && [ "$_gap" -ge 1900 ] &&
    [ "$_gap" -le 2500 ] &&
    grep -q ' Lower body: feet to hips: 4 groups, 0:10\.$' "$T/out"; then
	ok "pmr --plain --settle 2 settles for 2 s ($_gap ms)"
else
	bad "pmr --plain --settle 2" "gap $_gap ms" "$(cat "$T/out")"
fi
# Without a readable pmr.cfg, status names tonight's routine by its id.
sed 's/tense = 5;/tense = 0;/' "$PLANS/pmr.cfg" >"$T/pp/pmr.cfg"
HOME=$T/p/home XDG_CONFIG_HOME='' XDG_DATA_HOME='' $WRAP "$WD" \
    --state "$T/p/state.cfg" --plan-dir "$T/pp" --date "$DATE" status \
    >"$T/status" 2>&1
rc=$?
if [ "$rc" = 0 ] &&
    grep -q '^Relaxation tonight: lower routine, [0-9] of 4 groups, ' "$T/status"; then
	ok "status with a broken pmr.cfg names tonight's routine by its id"
else
	bad "status with a broken pmr.cfg and a session" "rc=$rc" \
	    "$(cat "$T/status")"
fi
PMR_PLANS=$PLANS

echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" = 0 ]
