#!/bin/sh
# Durability you can observe (issue 9). A crash test with SIGKILL cannot
# see a missing fsync (the page cache survives the process), so the
# system calls of each save are recorded with strace and checked by
# tests/durable/trace.awk: every file renamed into place was a temp file
# made O_CREAT|O_EXCL, written, fsynced and closed before its rename;
# the rename happened with the flock of the O_NOFOLLOW lock file held;
# the directory was fsynced after the rename and before the unlock; a
# directory made (state.cfg.d) has its parent fsynced after. For
# done, log into a month file, set, restart and a save of the coach
# (through tmux). The checker is itself checked: logs with one of those
# steps taken out must be caught.
#
# Then memory pressure: a 2.3 MB month file (20,000 relaxation sessions)
# and `log` under `ulimit -v` from 6 MB to 60 MB: each run exits 0 (and
# the month file reads back whole) or 71 with a message (and every file
# byte-identical); never a signal, never another code. And a state.cfg
# that is a symbolic link stays one through a save.
#
# Prints "ok"/"not ok"/"SKIP" lines and ends with "N passed, N failed,
# N skipped". WINDDOWN names the binary (default ./winddown).

set -u
LC_ALL=C
export LC_ALL

WD=${WINDDOWN:-./winddown}
case $WD in /*) ;; *) WD=$(pwd)/$WD ;; esac
PLANS=$(pwd)/plans
AWK=$(pwd)/tests/durable/trace.awk
[ -x "$WD" ] || { echo "durable: $WD is not an executable" >&2; exit 1; }

T=$(mktemp -d "${TMPDIR:-/tmp}/wd-durable.XXXXXX") || exit 1
SOCK=wd-durable-$$
trap 'tmux -L "$SOCK" kill-server >/dev/null 2>&1; rm -rf "$T"' EXIT
trap 'exit 130' INT TERM HUP

passed=0
failed=0
skipped=0
DATE=2026-03-02

ok() { passed=$((passed + 1)); echo "ok - durable: $1"; }
bad() { failed=$((failed + 1)); echo "not ok - durable: $1"; shift; for l; do echo "#   $l"; done; }
skip() { skipped=$((skipped + 1)); echo "SKIP - durable: $1"; }

# wd DIR ARGS...: winddown on DIR/state.cfg; output in $T/out, $T/err.
wd() {
	_dir=$1
	shift
	HOME=$_dir/home XDG_CONFIG_HOME='' XDG_DATA_HOME='' NO_COLOR=1 \
	    "$WD" --state "$_dir/state.cfg" --plan-dir "$PLANS" "$@" \
	    </dev/null >"$T/out" 2>"$T/err"
	rc=$?
}

# LeakSanitizer cannot run under ptrace: leaks are the other suites' to
# find in make sanitize; here it is turned off under strace.
if [ -n "${ASAN_OPTIONS-}" ]; then
	ASAN_OPTIONS=$ASAN_OPTIONS:detect_leaks=0
	export ASAN_OPTIONS
fi
TRACE="strace -f -qq -s 4096 -e trace=openat,open,write,fsync,fdatasync,rename,renameat,renameat2,flock,close,mkdir,mkdirat"

# traced NAME WANT ARGS...: run winddown ARGS... on $T/s under strace;
# ok when it exits 0, renames WANT files (at least) into place and the
# checker finds no fault.
traced() {
	_name=$1 _want=$2
	shift 2
	HOME=$T/s/home XDG_CONFIG_HOME='' XDG_DATA_HOME='' NO_COLOR=1 \
	    $TRACE -o "$T/trace" "$WD" --state "$T/s/state.cfg" \
	    --plan-dir "$PLANS" "$@" </dev/null >"$T/out" 2>"$T/err"
	rc=$?
	judge "$_name" "$_want"
}

# judge NAME WANT: check $T/trace (rc from the run).
judge() {
	awk -f "$AWK" "$T/trace" > "$T/judged"
	_n=$(sed -n 's/^renames \([0-9]*\) faults.*/\1/p' "$T/judged")
	_f=$(sed -n 's/^renames [0-9]* faults \([0-9]*\)$/\1/p' "$T/judged")
	if [ "$rc" = 0 ] && [ "${_n:-0}" -ge "$2" ] && [ "${_f:-1}" = 0 ]; then
		ok "$1: $(grep '^rename ' "$T/judged" | sed "s|$T/s/||" |
		    tr '\n' ' ')"
	else
		bad "$1 (exit $rc, $_n renames, want $2; $_f faults)" \
		    "$(cat "$T/err")" "$(grep -v '^rename ' "$T/judged")"
	fi
}

# The checker -------------------------------------------------------------

if ! command -v strace >/dev/null 2>&1; then
	skip "strace not installed: system calls of saves not checked (6 tests)"
	strace_ok=0
elif ! strace -qq -o /dev/null true 2>/dev/null; then
	skip "strace cannot trace here (ptrace refused): saves not checked (6 tests)"
	strace_ok=0
else
	strace_ok=1
fi

if [ $strace_ok = 1 ]; then
	mkdir -p "$T/s/home"
	traced "done 1 (the first save: main file)" 1 --date $DATE done 1
	cp "$T/trace" "$T/good"
	# Each step taken out of a good log must be caught: the first
	# such call after the temp file (fd N) is opened.
	_caught=0 _tried=0
	for _cut in 'fsync(N)' 'write(N, ' 'close(N)' 'flock(L, LOCK_EX' \
	    'O_DIRECTORY) = N'; do
		_tried=$((_tried + 1))
		awk -v cut="$_cut" '
		    /\.lock", / && / = [0-9]+$/ && !l { l = $NF }
		    /O_EXCL/ && !n { n = $NF; sub(/N/, n, cut); sub(/L/, l, cut) }
		    n && !done && index($0, cut) { done = 1; next }
		    { print }' "$T/good" > "$T/cut"
		# The lock is taken before the temp file: cut it anywhere.
		case $_cut in flock*)
			awk '/flock\([0-9]+, LOCK_EX/ && !done { done = 1; next } 1' \
			    "$T/good" > "$T/cut" ;;
		esac
		cmp -s "$T/cut" "$T/good" && continue
		_f=$(awk -f "$AWK" "$T/cut" |
		    sed -n 's/^renames [0-9]* faults \([0-9]*\)$/\1/p')
		[ "${_f:-0}" -gt 0 ] && _caught=$((_caught + 1))
	done
	# The unlock moved before the directory fsync.
	awk '/flock\([0-9]+, LOCK_UN\)/ { next }
	    /rename\(/ { print; sub(/ .*/, ""); print $0 " flock(3, LOCK_UN) = 0"; next } 1' \
	    "$T/good" > "$T/cut"
	_tried=$((_tried + 1))
	_f=$(awk -f "$AWK" "$T/cut" |
	    sed -n 's/^renames [0-9]* faults \([0-9]*\)$/\1/p')
	[ "${_f:-0}" -gt 0 ] && _caught=$((_caught + 1))
	if [ $_caught = $_tried ]; then
		ok "the checker catches a log without the temp fsync, the write, the lock, the directory fsync, the close, or with the unlock before the directory fsync ($_caught of $_tried)"
	else
		bad "the checker caught only $_caught of $_tried broken logs"
	fi

	traced "log into a month file" 1 --date $DATE log twitches=3 note=calm
	if grep -q "^rename $T/s/state.cfg.d/2026-03.cfg$" "$T/judged"; then
		ok "log: the month file state.cfg.d/2026-03.cfg was saved"
	else
		bad "log: no rename of state.cfg.d/2026-03.cfg" "$(cat "$T/judged")"
	fi
	traced "set bedtime" 1 --date $DATE set bedtime 23:15
	traced "restart (the archived week and the new one)" 2 \
	    --date 2026-03-05 restart --yes
	if grep -q "^rename $T/s/state.cfg.d/weeks.cfg$" "$T/judged"; then
		ok "restart: the archived weeks (state.cfg.d/weeks.cfg) were saved"
	else
		bad "restart: no rename of state.cfg.d/weeks.cfg" "$(cat "$T/judged")"
	fi

	# The coach: tick with space, quit with q, all under strace.
	if command -v tmux >/dev/null 2>&1; then
		rm -f "$T/trace" "$T/coach.rc"
		cat > "$T/coach.sh" <<EOC
HOME=$T/s/home XDG_CONFIG_HOME='' XDG_DATA_HOME='' TERM=xterm-256color \
LANG=C.UTF-8 ASAN_OPTIONS='${ASAN_OPTIONS-}' $TRACE -o $T/trace "$WD" --state "$T/s/state.cfg" \
    --plan-dir "$PLANS" --date 2026-03-05 2>$T/err
echo \$? > $T/coach.rc
sleep 30
EOC
		tmux -L "$SOCK" -f /dev/null new-session -d -s m -x 80 -y 24 \
		    "sh $T/coach.sh"
		_i=0 _seen=0
		while [ $_i -lt 200 ]; do
			if tmux -L "$SOCK" capture-pane -p -t m 2>/dev/null |
			    grep -q 'space tick'; then
				_seen=1
				break
			fi
			sleep 0.05
			_i=$((_i + 1))
		done
		if [ $_seen = 1 ]; then
			tmux -L "$SOCK" send-keys -t m Space
			_i=0
			while [ $_i -lt 200 ]; do
				tmux -L "$SOCK" capture-pane -p -t m |
				    grep -q '\[x\]' && break
				sleep 0.05
				_i=$((_i + 1))
			done
			tmux -L "$SOCK" send-keys -t m q
			_i=0
			while [ ! -s "$T/coach.rc" ] && [ $_i -lt 200 ]; do
				sleep 0.05
				_i=$((_i + 1))
			done
			rc=$(cat "$T/coach.rc" 2>/dev/null || echo none)
			judge "the coach: a tick with space, then q" 1
		else
			bad "the coach did not show its keys line" \
			    "$(tmux -L "$SOCK" capture-pane -p -t m 2>&1)"
		fi
		tmux -L "$SOCK" kill-server >/dev/null 2>&1
	else
		skip "tmux not installed: the coach's save not checked"
	fi
fi

# Memory pressure ------------------------------------------------------------

# A month file of 20,000 sessions (2.3 MB).
mkdir -p "$T/m0/home" "$T/m0/state.cfg.d"
wd "$T/m0" --date 2026-11-30 log twitches=3
awk 'BEGIN {
	print "version = 2;"
	print "nights = ( { date = \"2026-11-01\"; updated = 1796123956L;"
	print "  values : { twitches = 3; }; } );"
	print "sessions = ("
	for (i = 0; i < 20000; i++)
		printf("%s{ night = \"2026-11-%02d\"; routine = \"lower\"; " \
		    "done = 3; total = 7; seconds = 300; finished = false; " \
		    "at = %dL; }\n", i ? "," : "", 1 + i % 29, 1796000000 + i)
	print ");"
}' > "$T/m0/state.cfg.d/2026-11.cfg"
snap() { (cd "$1" && find . -type f -exec cksum {} + | sort); }

if [ -n "${ASAN_OPTIONS-}${WINDDOWN_WRAP-}" ]; then
	skip "memory pressure: not under a sanitizer or valgrind (they reserve address space)"
elif ! (ulimit -v 1000000) 2>/dev/null; then
	skip "memory pressure: ulimit -v refused"
else
	_bad="" _n0=0 _n71=0
	# Below about 8 MB the dynamic loader itself cannot map libc.
	for _kb in $(seq 10000 2000 60000); do
		rm -rf "$T/m"
		cp -R "$T/m0" "$T/m"
		snap "$T/m" > "$T/m.before"
		(ulimit -v $_kb; exec env HOME=$T/m/home XDG_CONFIG_HOME='' \
		    XDG_DATA_HOME='' "$WD" --state "$T/m/state.cfg" \
		    --plan-dir "$PLANS" --date 2026-11-30 log twitches=5) \
		    </dev/null >"$T/out" 2>"$T/err"
		rc=$?
		case $rc in
		0)
			# Whole: every session is still there.
			_s=$(grep -c 'routine = "lower"' \
			    "$T/m/state.cfg.d/2026-11.cfg")
			if [ "$_s" = 20000 ] && grep -q 'twitches = 5' \
			    "$T/m/state.cfg.d/2026-11.cfg"; then
				_n0=$((_n0 + 1))
			else
				_bad="$_bad ${_kb}KB:exit-0-with-$_s-sessions"
			fi ;;
		71)
			snap "$T/m" > "$T/m.after"
			if ! cmp -s "$T/m.before" "$T/m.after"; then
				_bad="$_bad ${_kb}KB:exit-71-files-changed"
			elif ! grep -q 'out of memory' "$T/err"; then
				_bad="$_bad ${_kb}KB:exit-71-no-message"
			else
				_n71=$((_n71 + 1))
			fi ;;
		*)
			_bad="$_bad ${_kb}KB:exit-$rc($(head -c 80 "$T/err"))" ;;
		esac
	done
	if [ -z "$_bad" ] && [ $_n0 -gt 0 ] && [ $_n71 -gt 0 ]; then
		ok "memory pressure: log on a 20,000-session month under ulimit -v 10-60 MB: $_n71 clean exits 71 with every file as it was, $_n0 whole saves; no signal, no other code"
	else
		bad "memory pressure: log under ulimit -v ($_n71 exits 71, $_n0 saves)" "$_bad"
	fi
fi

# Links ---------------------------------------------------------------------

mkdir -p "$T/l/home" "$T/l/dots"
ln -s dots/winddown.cfg "$T/l/state.cfg"
wd "$T/l" --date $DATE done 1
wd "$T/l" --date $DATE log twitches=2
if [ "$rc" = 0 ] && [ -L "$T/l/state.cfg" ] && [ -f "$T/l/dots/winddown.cfg" ] &&
    grep -q 'start = "2026-03-02"' "$T/l/dots/winddown.cfg"; then
	ok "a state.cfg that is a symbolic link stays one; its target gets the saves"
else
	bad "symlinked state.cfg (exit $rc)" "$(cat "$T/err")" "$(ls -l "$T/l")"
fi
ln -s "$T/l/victim" "$T/l/state.cfg.lock.new" &&
    rm -f "$T/l/dots/winddown.cfg.lock" &&
    mv "$T/l/state.cfg.lock.new" "$T/l/dots/winddown.cfg.lock"
wd "$T/l" --date $DATE done 2
if [ "$rc" = 73 ] && [ ! -e "$T/l/victim" ] &&
    grep -q 'is a symbolic link; winddown does not follow links for its lock file' "$T/err"; then
	ok "a lock file that is a symbolic link is refused (exit 73), its target not made"
else
	bad "a symlinked lock file (exit $rc, want 73)" "$(cat "$T/err")"
fi

echo "$passed passed, $failed failed, $skipped skipped"
[ $failed = 0 ]
