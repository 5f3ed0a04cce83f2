#!/bin/sh
# make bench: measure winddown beside its references in one run and print
# one markdown table (each figure the median of repeated runs, with min
# and max), for README's "Benchmarks" section. Run from the repository
# root after building ./winddown. Progress goes to stderr, the report to
# stdout. A benchmark, not a test: it exits 0 when every measurement ran,
# whether or not the targets were met, and 1 when one could not be made.
#
#   1. time to first frame of the coach in an 80x24 pseudo-terminal,
#      beside a minimal ncurses program (the floor)
#   2. `winddown status` wall time and peak RSS on a year of nights,
#      beside a bare C process that prints one line, and `calcurse -a`
#      on a year of appointments
#   3. growth: 7, 365 and 3650 nights; load + save, status, review, export
#   4. idle cost: the coach on the today screen and a PMR session, 60 s
#   5. timer accuracy: 1-second PMR phases for 3 minutes, idle and with a
#      CPU hog on every core, beside an absolute-deadline ticker
#   6. save latency: `done 1` / `undo 1` from the shell, 200 runs, beside
#      the bare atomic save of the same file
#
# Knobs for a quicker look (the defaults are what README reports):
# BENCH_RUNS (30), BENCH_TTFF_RUNS (3 x BENCH_RUNS), BENCH_GROWTH_RUNS (20),
# BENCH_IDLE_SECONDS (60), BENCH_TIMER_GROUPS (45: 45 groups x 2 repeats
# x 2 phases = 180 s),
# BENCH_SAVES (200). WINDDOWN names the binary (default ./winddown).
set -eu

WD=${WINDDOWN:-./winddown}
RUNS=${BENCH_RUNS:-30}
TTFF_RUNS=${BENCH_TTFF_RUNS:-$((RUNS * 3))}
GROW_RUNS=${BENCH_GROWTH_RUNS:-20}
IDLE_S=${BENCH_IDLE_SECONDS:-60}
TIMER_GROUPS=${BENCH_TIMER_GROUPS:-45}
SAVES=${BENCH_SAVES:-200}
CC=${CC:-cc}
PKG_CONFIG=${PKG_CONFIG:-pkg-config}
HERE=tests/bench
T_START=$(date +%s)
LOAD_START=$(cut -d ' ' -f 1-3 /proc/loadavg 2>/dev/null || echo "?")

say() { printf 'bench: %s\n' "$*" >&2; }
fail() { printf 'bench: %s\n' "$*" >&2; exit 1; }

[ -x "$WD" ] || fail "$WD not found; run make first"
[ -f "$HERE/harness.c" ] || fail "run from the repository root"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/winddown-bench.XXXXXX")
HOGS=""
cleanup() {
	for p in $HOGS; do kill "$p" 2>/dev/null || :; done
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM HUP

# ---------------------------------------------------------------------
# Tools. The optional ones are installed with apt-get when root and
# missing; else their rows are skipped with a note.
NOTES=$tmp/notes
: > "$NOTES"
note() { printf '%s\n' "$*" >> "$NOTES"; }
APT_UPDATED=no
have() {
	# have COMMAND DEBIAN-PACKAGE
	command -v "$1" >/dev/null 2>&1 && return 0
	if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
		say "installing $2"
		if [ $APT_UPDATED = no ]; then
			apt-get update -qq >/dev/null 2>&1 || :
			APT_UPDATED=yes
		fi
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" \
		    >/dev/null 2>&1 || :
		command -v "$1" >/dev/null 2>&1 && return 0
	fi
	return 1
}
command -v "$CC" >/dev/null 2>&1 || fail "no C compiler ($CC)"
$PKG_CONFIG --exists ncursesw libconfig 2>/dev/null ||
	fail "ncursesw and libconfig are needed: run make deps"
HAVE_CALCURSE=no; have calcurse calcurse && HAVE_CALCURSE=yes
HAVE_STRACE=no; have strace strace && HAVE_STRACE=yes

# ---------------------------------------------------------------------
# Helpers, built into the temporary directory with the same compiler and
# libraries as winddown.
bin=$tmp/bin
mkdir -p "$bin"
say "building the harness, the floors and the load/save probe"
$CC -std=c11 -O2 -o "$bin/harness" "$HERE/harness.c" ||
	fail "cannot build $HERE/harness.c"
$CC -std=c11 -O2 -o "$bin/bare" "$HERE/bare.c" ||
	fail "cannot build $HERE/bare.c"
# shellcheck disable=SC2046
$CC -std=c11 -O2 $($PKG_CONFIG --cflags ncursesw) -o "$bin/floor" \
    "$HERE/floor.c" $($PKG_CONFIG --libs ncursesw) ||
	fail "cannot build $HERE/floor.c"
HAVE_LIB=no
# shellcheck disable=SC2046
if [ -f libwinddown.a ] &&
    $CC -std=c11 -O2 -Iinclude $($PKG_CONFIG --cflags libconfig) \
    -o "$bin/loadsave" "$HERE/loadsave.c" libwinddown.a \
    $($PKG_CONFIG --libs libconfig) 2>"$tmp/loadsave.err"; then
	HAVE_LIB=yes
else
	note "- Load + save (library) skipped: libwinddown.a missing or" \
	    "tests/bench/loadsave.c does not build against it."
fi
H=$bin/harness

# The programs run in a clean environment of their own.
export HOME="$tmp/home" XDG_CONFIG_HOME="$tmp/config" \
    XDG_DATA_HOME="$tmp/data"
mkdir -p "$HOME" "$XDG_CONFIG_HOME" "$XDG_DATA_HOME"
unset NO_COLOR || :
if infocmp xterm-256color >/dev/null 2>&1; then TERM=xterm-256color
else TERM=xterm; fi
export TERM
if locale -a 2>/dev/null | grep -qix 'c\.utf-*8'; then
	LC_ALL=C.UTF-8; export LC_ALL
fi

# ---------------------------------------------------------------------
# Statistics. stats < numbers: "median min max p99 mean n".
stats() {
	sort -g | awk '{ v[++n] = $1; s += $1 }
	END {
		if (n == 0) { print "nan nan nan nan nan 0"; exit }
		m = n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
		r = int(0.99 * n); if (r < 0.99 * n) r++
		printf "%.6g %.6g %.6g %.6g %.6g %d\n", m, v[1], v[n], v[r], \
		    s / n, n
	}'
}
# fmt DIGITS < "median min max ...": "M (MIN–MAX)"
fmt() {
	awk -v d="$1" '{ printf "%.*f (%.*f–%.*f)", d, $1, d, $2, d, $3 }'
}
col() { awk -v c="$1" '{ print $c }'; }
# ratio A B DIGITS: A / B
ratio() { awk -v a="$1" -v b="$2" -v d="${3:-2}" \
    'BEGIN { if (b > 0) printf "%.*f", d, a / b; else print "n/a" }'; }
# le A B: is A <= B?
le() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a + 0 <= b + 0) }'; }
lt() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a + 0 < b + 0) }'; }

ROWS=$tmp/rows
: > "$ROWS"
MET=0
MISSED=0
# row NUM MEASURE WINDDOWN REFERENCE RATIO TARGET RESULT
row() {
	printf '| %s | %s | %s | %s | %s | %s | %s |\n' "$1" "$2" "$3" "$4" \
	    "$5" "$6" "$7" >> "$ROWS"
	case $7 in
	met*) MET=$((MET + 1)) ;;
	MISSED*) MISSED=$((MISSED + 1)) ;;
	esac
}
verdict() { if "$@"; then echo met; else echo "MISSED"; fi; }

# ---------------------------------------------------------------------
# Data: today's date (local), states of 7, 365 and 3650 nights on day 3
# of the current week, and calcurse's year of appointments.
DATE=$(date +%Y-%m-%d)
DAYS=$(( $(date -u -d "$DATE" +%s) / 86400 ))
data=$tmp/data-files
mkdir -p "$data"
for n in 7 365 3650; do
	awk -v nights=$n -v today=$DAYS -v day=3 -f "$HERE/genstate.awk" \
	    > "$data/s$n.cfg"
	# The generated file is in the one-file layout of state version 1;
	# the first write moves its history into month files, as it does
	# for a user's first run of a new winddown.
	"$WD" --state "$data/s$n.cfg" --date "$DATE" set bell on >/dev/null ||
		fail "winddown cannot read the generated $n-night state"
	"$WD" --state "$data/s$n.cfg" --date "$DATE" status >/dev/null ||
		fail "winddown cannot read the generated $n-night state"
done
size() { awk -v b="$(cat "$1" "$1".d/* 2>/dev/null | wc -c)" 'BEGIN {
	if (b >= 1048576) printf "%.1f MiB", b / 1048576
	else printf "%.0f KiB", b / 1024 }'; }
note "- States: generated by tests/bench/genstate.awk, every bundled" \
    "journal field filled, plus one archived week per 7 nights and a PMR" \
    "session every other night: 7 nights $(size "$data/s7.cfg"), 365" \
    "nights $(size "$data/s365.cfg"), 3650 nights $(size "$data/s3650.cfg")."
fs=$(df -T "$tmp" 2>/dev/null | awk 'NR == 2 { print $2 }')
[ -n "$fs" ] || fs=$(stat -f -c %T "$tmp" 2>/dev/null || echo "?")

# ---------------------------------------------------------------------
say "1/6 time to first frame, $TTFF_RUNS runs each (80x24 pty)"
# With their month files: the coach reads the week's months before its
# first frame.
for n in 7 365; do
	cp "$data/s$n.cfg" "$tmp/coach$n.cfg"
	if [ -d "$data/s$n.cfg.d" ]; then
		cp -R "$data/s$n.cfg.d" "$tmp/coach$n.cfg.d"
	fi
done
: > "$tmp/ttff-floor"
: > "$tmp/ttff-7"
: > "$tmp/ttff-365"
# Warm up, then alternate blocks of five so all see the same machine.
$H ttff 1 "Day " -- "$bin/floor" >/dev/null
$H ttff 1 "Day " -- "$WD" --state "$tmp/coach7.cfg" --date "$DATE" \
    >/dev/null
$H ttff 1 "Day " -- "$WD" --state "$tmp/coach365.cfg" --date "$DATE" \
    >/dev/null
i=0
while [ $i -lt "$TTFF_RUNS" ]; do
	k=$((TTFF_RUNS - i)); [ $k -gt 5 ] && k=5
	$H ttff $k "Day " -- "$bin/floor" >> "$tmp/ttff-floor" ||
		fail "the floor program did not draw"
	for n in 7 365; do
		$H ttff $k "Day " -- "$WD" --state "$tmp/coach$n.cfg" \
		    --date "$DATE" >> "$tmp/ttff-$n" ||
			fail "the coach did not draw"
	done
	i=$((i + k))
done
f=$(stats < "$tmp/ttff-floor")
for n in 7 365; do
	w=$(stats < "$tmp/ttff-$n")
	r=$(ratio "$(echo "$w" | col 1)" "$(echo "$f" | col 1)")
	row 1 "Time to first frame, coach on $n nights, 80×24 pty (ms)" \
	    "$(echo "$w" | fmt 2)" "$(echo "$f" | fmt 2) ncurses floor" \
	    "${r}×" "≤ 1.5× floor" "$(verdict le "$r" 1.5)"
done
note "- Time to first frame: from fork() to the read that brings" \
    "\"Day \" from the pseudo-terminal (the today screen's header; day 3" \
    "of the week). The floor (tests/bench/floor.c) is initscr, one" \
    "line, refresh, getch."

# ---------------------------------------------------------------------
say "2/6 status on a year of nights, $RUNS runs (and calcurse -a)"
$H run 1 -- "$WD" --state "$data/s365.cfg" --date "$DATE" status >/dev/null
$H run "$RUNS" -- "$WD" --state "$data/s365.cfg" --date "$DATE" status \
    > "$tmp/status" || fail "status failed"
w=$(col 1 < "$tmp/status" | stats)
wr=$(col 2 < "$tmp/status" | awk '{ print $1 / 1024 }' | stats)
$H run 1 -- "$bin/bare" >/dev/null
$H run "$RUNS" -- "$bin/bare" > "$tmp/bare" || fail "the bare process failed"
b=$(col 1 < "$tmp/bare" | stats)
br=$(col 2 < "$tmp/bare" | awk '{ print $1 / 1024 }' | stats)
r=$(ratio "$(echo "$w" | col 1)" "$(echo "$b" | col 1)")
row 2 "\`status\` wall time, 365 nights (ms)" "$(echo "$w" | fmt 2)" \
    "$(echo "$b" | fmt 2) bare C process" "${r}×" "≤ 3× bare process" \
    "$(verdict le "$r" 3)"
# `next`, for a status line: no dearer than status.
$H run 1 -- "$WD" --state "$data/s365.cfg" --date "$DATE" next >/dev/null
$H run "$RUNS" -- "$WD" --state "$data/s365.cfg" --date "$DATE" next \
    > "$tmp/next" || fail "next failed"
nx=$(col 1 < "$tmp/next" | stats)
r=$(ratio "$(echo "$nx" | col 1)" "$(echo "$b" | col 1)")
row 2 "\`next\` wall time, 365 nights (ms)" "$(echo "$nx" | fmt 2)" \
    "$(echo "$b" | fmt 2) bare C process" "${r}×" "≤ 3× bare process" \
    "$(verdict le "$r" 3)"
r=$(ratio "$(echo "$nx" | col 1)" "$(echo "$w" | col 1)")
row 2 "\`next\` against \`status\`, 365 nights" "$(echo "$nx" | fmt 2)" \
    "$(echo "$w" | fmt 2) status" "${r}×" "≤ 1.05× status" \
    "$(verdict le "$r" 1.05)"
note "- Bare C process (tests/bench/bare.c): \`puts\` of one line and" \
    "exit, built with $CC -O2; the least any command costs here."
if [ $HAVE_CALCURSE = yes ]; then
	mkdir -p "$tmp/calcurse"
	awk -v what=calcurse -v nights=365 -v today=$DAYS \
	    -f "$HERE/genstate.awk" > "$tmp/calcurse/apts"
	: > "$tmp/calcurse/todo"
	# The first run writes its configuration; not timed.
	$H run 1 -- calcurse -D "$tmp/calcurse" -a >/dev/null
	$H run "$RUNS" -- calcurse -D "$tmp/calcurse" -a > "$tmp/calcurse.t" ||
		fail "calcurse -a failed"
	c=$(col 1 < "$tmp/calcurse.t" | stats)
	cr=$(col 2 < "$tmp/calcurse.t" | awk '{ print $1 / 1024 }' | stats)
	cv=$(calcurse --version 2>/dev/null | awk 'NR == 1 { print $2 }')
	r=$(ratio "$(echo "$w" | col 1)" "$(echo "$c" | col 1)")
	row 2 "\`status\` wall time, 365 nights (ms)" "$(echo "$w" | fmt 2)" \
	    "$(echo "$c" | fmt 2) \`calcurse -a\`" "${r}×" "≤ 0.5× calcurse" \
	    "$(verdict le "$r" 0.5)"
	cref="$(echo "$cr" | fmt 2) calcurse"
	note "- calcurse ${cv:-?} \`-a\` reads a year of appointments (3 a" \
	    "day, 1095) from a data directory of its own (\`-D\`)."
else
	row 2 "\`status\` wall time, 365 nights (ms)" "$(echo "$w" | fmt 2)" \
	    "skipped" "–" "≤ 0.5× calcurse" "skipped"
	cref="skipped"
	note "- calcurse is not installed and could not be" \
	    "(apt-get install calcurse): its rows are skipped."
fi
rss=$(echo "$wr" | col 3)
row 2 "\`status\` peak RSS, 365 nights (MiB)" "$(echo "$wr" | fmt 2)" \
    "$(echo "$br" | fmt 2) bare C process; $cref" "–" "≤ 3 MiB (max)" \
    "$(verdict le "$rss" 3)"

# ---------------------------------------------------------------------
say "3/6 growth: 7, 365 and 3650 nights, $GROW_RUNS runs each step"
for n in 7 365 3650; do
	g=$tmp/g$n
	mkdir -p "$g"
	s=$data/s$n.cfg
	if [ $HAVE_LIB = yes ]; then
		"$bin/loadsave" "$s" "$g/lib.cfg" 1 >/dev/null ||
			fail "loadsave failed on $n nights"
		"$bin/loadsave" "$s" "$g/lib.cfg" "$GROW_RUNS" > "$g/lib" ||
			fail "loadsave failed on $n nights"
		awk '{ print $1 + $2 }' "$g/lib" | stats > "$g/lib.s"
		col 1 < "$g/lib" | stats > "$g/load.s"
		col 2 < "$g/lib" | stats > "$g/save.s"
	fi
	cp "$s" "$g/cli.cfg"
	$H run 1 -- "$WD" --state "$g/cli.cfg" --date "$DATE" set bell on \
	    >/dev/null
	$H run "$GROW_RUNS" -- "$WD" --state "$g/cli.cfg" --date "$DATE" \
	    set bell on > "$g/cli.t" || fail "set bell on failed ($n nights)"
	col 1 < "$g/cli.t" | stats > "$g/cli.s"
	for step in status review export; do
		case $step in
		status) set -- status ;;
		review) set -- --format json review ;;
		export) set -- --format csv export ;;
		esac
		$H run 1 -- "$WD" --state "$s" --date "$DATE" "$@" >/dev/null
		$H run "$GROW_RUNS" -- "$WD" --state "$s" --date "$DATE" "$@" \
		    > "$g/$step.t" || fail "$step failed ($n nights)"
		col 1 < "$g/$step.t" | stats > "$g/$step.s"
	done
done
for step in lib cli status review export; do
	[ $step = lib ] && [ $HAVE_LIB = no ] && continue
	case $step in
	lib) what="load + save, library (\`state_load\` + \`state_save\`)" ;;
	cli) what="load + save, \`winddown set bell on\` (lock, load, save)" ;;
	status) what="\`status\`" ;;
	review) what="\`review --format json\`" ;;
	export) what="\`export --format csv\`" ;;
	esac
	a=$(cat "$tmp/g3650/$step.s")
	b=$(cat "$tmp/g365/$step.s")
	c=$(cat "$tmp/g7/$step.s")
	r=$(ratio "$(echo "$a" | col 1)" "$(echo "$b" | col 1)" 1)
	target="3650 ≤ 12× 365"
	ok=$(verdict le "$r" 12)
	if [ $step = lib ] || [ $step = cli ]; then
		target="≤ 20 ms; ≤ 12×"
		if ! le "$(echo "$a" | col 1)" 20; then ok=MISSED; fi
	fi
	row 3 "Growth: $what, 3650 nights (ms)" "$(echo "$a" | fmt 2)" \
	    "$(echo "$b" | fmt 2) at 365; $(echo "$c" | col 1 |
	    awk '{ printf "%.2f", $1 }') at 7" "${r}×" "$target" "$ok"
done
note "- Peak RSS of \`status\` at 7 nights: $(col 2 < "$tmp/g7/status.t" |
    awk '{ print $1 / 1024 }' | stats | fmt 2) MiB; at 3650 nights:" \
    "$(col 2 < "$tmp/g3650/status.t" | awk '{ print $1 / 1024 }' | stats |
    fmt 2) MiB."
if [ $HAVE_LIB = yes ]; then
	note "- Library load + save of 3650 nights splits into load" \
	    "$(col 1 < "$tmp/g3650/load.s" | awk '{printf "%.2f", $1}') ms" \
	    "and save $(col 1 < "$tmp/g3650/save.s" |
	    awk '{printf "%.2f", $1}') ms (median; the save includes" \
	    "two fsyncs on $fs)."
fi

# ---------------------------------------------------------------------
say "4/6 idle cost: coach on today and a PMR session, ${IDLE_S} s at once"
cp "$data/s365.cfg" "$tmp/idle-a.cfg"
cp "$data/s365.cfg" "$tmp/idle-b.cfg"
cp "$data/s365.cfg" "$tmp/pmr-a.cfg"
cp "$data/s365.cfg" "$tmp/pmr-b.cfg"
# Untraced copies give CPU time and context switches; traced copies
# (strace) give the returns from the input wait, in the same window.
$H idle "$IDLE_S" "Day " -- "$WD" --state "$tmp/idle-a.cfg" \
    --date "$DATE" > "$tmp/idle-a" 2>"$tmp/idle-a.err" &
p1=$!
$H idle "$IDLE_S" "space pause" -- "$WD" --state "$tmp/pmr-a.cfg" \
    --date "$DATE" pmr > "$tmp/pmr-a" 2>"$tmp/pmr-a.err" &
p2=$!
$H idle "$IDLE_S" "Day " -- "$bin/floor" > "$tmp/idle-floor" \
    2>"$tmp/idle-floor.err" &
p3=$!
p4=""
p5=""
if [ $HAVE_STRACE = yes ]; then
	$H idle "$IDLE_S" "Day " -s "$tmp/idle-b.strace" -- "$WD" \
	    --state "$tmp/idle-b.cfg" --date "$DATE" > "$tmp/idle-b" \
	    2>"$tmp/idle-b.err" &
	p4=$!
	$H idle "$IDLE_S" "space pause" -s "$tmp/pmr-b.strace" -- "$WD" \
	    --state "$tmp/pmr-b.cfg" --date "$DATE" pmr > "$tmp/pmr-b" \
	    2>"$tmp/pmr-b.err" &
	p5=$!
else
	note "- strace is not installed and could not be: wake-ups are" \
	    "counted from context switches only."
fi
for p in $p1 $p2 $p3 $p4 $p5; do
	wait "$p" || fail "idle measurement failed: $(cat "$tmp"/*.err)"
done
# total FILE KEY: the whole window's figure.
total() { awk -v k="$2" '$1 == "cpu_ms" { for (i = 1; i < NF; i += 2)
    if ($i == k) print $(i + 1) }' "$1"; }
# slices FILE: per-slice "cpu_pct wakeups_per_s".
slices() { awk '$1 == "slice" && $4 > 0 { print $6 / ($4 * 10), $8 / $4 }' \
    "$1"; }
# polls FILE RT_START RT_END: blocking poll returns inside the window.
polls() { awk -v a="$2" -v b="$3" '/poll|select|epoll/ && / = / {
	t = $1; d = $NF; gsub(/[<>]/, "", d)
	if (d + 0 >= 0.0005 && t + d >= a && t + d <= b) n++ }
	END { print n + 0 }' "$1"; }
win=$(total "$tmp/idle-a" window_s)
iw=$(total "$tmp/idle-a" vcs)
ic=$(total "$tmp/idle-a" cpu_ms)
fw=$(total "$tmp/idle-floor" vcs)
fc=$(total "$tmp/idle-floor" cpu_ms)
perm=$(awk -v n="$iw" -v s="$win" 'BEGIN { printf "%.2f", n * 60 / s }')
ipolls=""
if [ $HAVE_STRACE = yes ]; then
	ipolls=$(polls "$tmp/idle-b.strace" "$(total "$tmp/idle-b" rt_start)" \
	    "$(total "$tmp/idle-b" rt_end)")
	ipolls="; strace: $ipolls poll returns"
fi
row 4 "Idle coach on today, ${IDLE_S} s: wake-ups a minute" \
    "$perm ($iw in $(printf %.0f "$win") s, CPU $(printf %.1f "$ic") ms$ipolls)" \
    "$fw wake-ups, CPU $(printf %.1f "$fc") ms, floor" "–" \
    "≤ 1 a minute" "$(verdict le "$perm" 1)"
slices "$tmp/pmr-a" > "$tmp/pmr-a.sl"
pw=$(col 2 < "$tmp/pmr-a.sl" | stats)
pc=$(col 1 < "$tmp/pmr-a.sl" | stats)
pwin=$(total "$tmp/pmr-a" window_s)
ptot=$(awk -v n="$(total "$tmp/pmr-a" vcs)" -v s="$pwin" \
    'BEGIN { printf "%.2f", n / s }')
pctot=$(awk -v c="$(total "$tmp/pmr-a" cpu_ms)" -v s="$pwin" \
    'BEGIN { printf "%.3f", c / (s * 10) }')
ppolls=""
if [ $HAVE_STRACE = yes ]; then
	ppolls=$(polls "$tmp/pmr-b.strace" "$(total "$tmp/pmr-b" rt_start)" \
	    "$(total "$tmp/pmr-b" rt_end)")
	ppolls="; strace: $(awk -v n="$ppolls" -v s="$(total "$tmp/pmr-b" \
	    window_s)" 'BEGIN { printf "%.2f", n / s }') poll returns/s"
fi
row 4 "PMR screen (\`winddown pmr\`), ${IDLE_S} s: wake-ups a second" \
    "$(echo "$pw" | fmt 2) per 10 s slice; $ptot overall$ppolls" \
    "$(awk -v n="$fw" -v s="$win" 'BEGIN { printf "%.2f", n / s }') floor" \
    "–" "≤ 2 a second" "$(verdict le "$(echo "$pw" | col 3)" 2)"
row 4 "PMR screen, ${IDLE_S} s: CPU (%)" \
    "$(echo "$pc" | fmt 3) per 10 s slice; $pctot overall" \
    "$(awk -v c="$fc" -v s="$win" 'BEGIN { printf "%.3f", c / (s * 10) }') floor" \
    "–" "< 1%" "$(verdict lt "$(echo "$pc" | col 3)" 1)"
traced=""
[ $HAVE_STRACE = yes ] && traced="; a second copy of each ran under" &&
	traced="$traced \`strace -T\` in the same window to count the poll" &&
	traced="$traced calls that blocked and returned"
note "- Wake-ups: voluntary context switches of the process" \
    "(/proc/PID/status: each is one sleep in the input wait ended), CPU" \
    "from /proc/PID/schedstat, sampled every 10 s$traced. The PMR" \
    "session runs the default routine (lower body: 15 s settle, then" \
    "5 s tense and 30 s release); its countdown changes once a second."

# ---------------------------------------------------------------------
TIMER_S=$((TIMER_GROUPS * 4))
say "5/6 timer accuracy: ${TIMER_S} s of 1-second phases, idle then loaded"
# A plan override with a routine of TIMER_GROUPS groups done twice each:
# with --tense 1 --release 1 every phase is one second, no settle.
mkdir -p "$tmp/pmrconf/winddown/plans"
{
	echo 'pmr = {'
	echo '  tense = 1; release = 1; settle = 0;'
	echo '  settle_cue = "Breathe in slowly, and out.";'
	echo '  finish_cue = "That was the last group.";'
	echo '  groups = ('
	echo '    { id = "feet"; name = "Feet"; tense = "Curl your toes.";'
	echo '      release = "Let go."; repeats = 2; },'
	echo '    { id = "calves"; name = "Calves";'
	echo '      tense = "Pull your toes up."; release = "Let go.";'
	echo '      repeats = 2; }'
	echo '  );'
	echo '  routines = ('
	echo '    { id = "lower"; title = "Lower"; groups = [ "feet" ]; },'
	printf '    { id = "bench"; title = "Bench"; groups = [ '
	i=0
	while [ $i -lt "$TIMER_GROUPS" ]; do
		[ $i -gt 0 ] && printf ', '
		if [ $((i % 2)) = 0 ]; then printf '"feet"'; else
			printf '"calves"'; fi
		i=$((i + 1))
	done
	echo ' ]; }'
	echo '  );'
	echo '};'
} > "$tmp/pmrconf/winddown/plans/pmr.cfg"
# lateness FILE FIRST: for the cue lines (from line FIRST up to the
# "Done:" line, or to the end), "k lateness_ms" with k = 1.. the change.
lateness() { awk -F '\t' -v first="$2" 'NR == first { t0 = $1; k = 0; next }
	NR > first && !done { k++; printf "%d %.3f\n", k, $1 - t0 - 1000 * k
		if ($2 ~ /^Done:/) done = 1 }' "$1"; }
# late SUMMARY of a lateness file: "median min max mean worst first10
# last10 n"
late() {
	late_s=$(col 2 < "$1" | stats)
	awk -v s="$late_s" '{ v[NR] = $2 } END {
		split(s, a, " ")
		for (i = 1; i <= 10 && i <= NR; i++) f += v[i]
		for (i = NR - 9; i <= NR; i++) if (i > 0) l += v[i]
		m = NR < 10 ? NR : 10
		printf "%s %s %s %s %s %.3f %.3f %d\n", a[1], a[2], a[3], a[5],
		    a[3], f / m, l / m, NR }' "$1"
}
timer_run() {
	# timer_run NAME
	cp "$data/s7.cfg" "$tmp/timer-$1.cfg"
	XDG_CONFIG_HOME="$tmp/pmrconf" $H lines $((TIMER_S + 60)) -- "$WD" \
	    --state "$tmp/timer-$1.cfg" --date "$DATE" --tense 1 --release 1 \
	    --routine bench pmr --plain > "$tmp/timer-$1.lines" \
	    2>"$tmp/timer-$1.err" &
	a=$!
	$H lines $((TIMER_S + 60)) -- "$H" tick "$TIMER_S" \
	    > "$tmp/tick-$1.lines" 2>"$tmp/tick-$1.err" &
	b=$!
	wait $a || fail "plain PMR run failed: $(cat "$tmp/timer-$1.err")"
	wait $b || fail "the reference ticker failed"
	lateness "$tmp/timer-$1.lines" 2 > "$tmp/timer-$1.late"
	lateness "$tmp/tick-$1.lines" 1 > "$tmp/tick-$1.late"
	n=$(wc -l < "$tmp/timer-$1.late")
	[ "$n" -eq "$TIMER_S" ] ||
		fail "expected $TIMER_S phase changes, saw $n"
}
timer_rows() {
	# timer_rows NAME LABEL
	w=$(late "$tmp/timer-$1.late")
	t=$(late "$tmp/tick-$1.late")
	worst=$(echo "$w" | col 5)
	drift=$(echo "$w" | awk '{ printf "%.2f", $7 - $6 }')
	row 5 "PMR phase changes, ${TIMER_S} s of 1 s phases, $2: lateness (ms)" \
	    "$(echo "$w" | fmt 2); mean $(echo "$w" | col 4 |
	    awk '{ printf "%.2f", $1 }')" \
	    "$(echo "$t" | fmt 2); mean $(echo "$t" | col 4 |
	    awk '{ printf "%.2f", $1 }') ticker" "–" "worst < 50 ms" \
	    "$(verdict lt "$worst" 50)"
	row 5 "… drift, $2: mean lateness of the last 10 changes − first 10 (ms)" \
	    "$drift ($(echo "$w" | awk '{ printf "%.2f → %.2f", $6, $7 }'))" \
	    "$(echo "$t" | awk '{ printf "%.2f (%.2f → %.2f)", $7 - $6, $6, $7 }') ticker" \
	    "–" "\\|drift\\| < 5 ms" \
	    "$(verdict lt "$(echo "$drift" | tr -d -)" 5)"
}
timer_run idle
ncpu=$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 2)
say "    ... now with $ncpu CPU hogs"
i=0
while [ $i -lt "$ncpu" ]; do
	sh -c 'while :; do :; done' &
	HOGS="$HOGS $!"
	i=$((i + 1))
done
timer_run loaded
for p in $HOGS; do kill "$p" 2>/dev/null || :; done
for p in $HOGS; do wait "$p" 2>/dev/null || :; done
HOGS=""
timer_rows idle "idle"
timer_rows loaded "$ncpu CPU hogs"
note "- Timer: \`winddown --tense 1 --release 1 --routine bench pmr" \
    "--plain </dev/null\`, with a plan override adding a routine of" \
    "$TIMER_GROUPS groups × 2 repeats (${TIMER_S} phase changes of 1 s, no" \
    "settle); each line timestamped on arrival through a pipe, lateness" \
    "against first cue + k s. The ticker (the reference, run alongside)" \
    "prints a line at each absolute 1 s deadline with" \
    "\`clock_nanosleep(TIMER_ABSTIME)\`. The hogs are \`sh -c 'while :;" \
    "do :; done'\`, one per core."

# ---------------------------------------------------------------------
say "6/6 save latency: $SAVES ticks from the shell"
cp "$data/s365.cfg" "$tmp/save.cfg"
cp "$data/s365.cfg" "$tmp/save-ref.cfg"
$H run "$SAVES" -a "done" -b undo -- "$WD" --state "$tmp/save.cfg" \
    --date "$DATE" % 1 > "$tmp/save.t" || fail "done/undo failed"
$H run "$SAVES" -- "$H" atomic "$tmp/save-ref.cfg" > "$tmp/save-ref.t" ||
	fail "the reference save failed"
col 1 < "$tmp/save.t" | stats > "$tmp/save.s"
col 1 < "$tmp/save-ref.t" | stats > "$tmp/save-ref.s"
w=$(cat "$tmp/save.s")
r=$(cat "$tmp/save-ref.s")
row 6 "Save latency, \`done 1\`/\`undo 1\` on 365 nights, $SAVES runs (ms)" \
    "$(echo "$w" | fmt 2); p99 $(echo "$w" | col 4 |
    awk '{ printf "%.2f", $1 }')" \
    "$(echo "$r" | fmt 2); p99 $(echo "$r" | col 4 |
    awk '{ printf "%.2f", $1 }') bare atomic save" \
    "$(ratio "$(echo "$w" | col 1)" "$(echo "$r" | col 1)")×" \
    "report" "–"
note "- Save latency includes exec, plan load, lock, re-read, write," \
    "fsync, rename and directory fsync, on $fs; the reference is a" \
    "process that writes the same bytes to a temporary file, fsyncs," \
    "renames and fsyncs the directory (\`harness atomic\`)."

# ---------------------------------------------------------------------
T_END=$(date +%s)
cpu=$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo \
    2>/dev/null || :)
ver=$("$WD" --version 2>/dev/null | head -n 1 || :)
echo "Measured $(date -u '+%Y-%m-%d %H:%M UTC') by \`make bench\`" \
    "(${ver:-winddown}) on $(uname -srm), ${cpu:-unknown CPU}," \
    "$ncpu cores; files on $fs; load average at the start $LOAD_START." \
    "Each figure: median (min–max) of $RUNS" \
    "runs (first frame $TTFF_RUNS; growth $GROW_RUNS; idle: 10 s slices;" \
    "timer: every phase" \
    "change), with its reference from the same run."
echo
echo "| # | Measure | winddown | Reference | Ratio | Target | Result |"
echo "|---|---|---|---|---|---|---|"
cat "$ROWS"
echo
cat "$NOTES"
echo "- Targets met: $MET; missed: $MISSED. \`make bench\` took" \
    "$((T_END - T_START)) s."
