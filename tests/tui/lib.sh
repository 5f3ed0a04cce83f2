# Real-terminal test harness for winddown: each run starts the program in
# a private tmux server (tmux -L NAME -f /dev/null) at a given size, with
# a temporary HOME, XDG_DATA_HOME and --state and a fixed --date, sends
# keys, and waits for text by polling capture-pane every 50 ms up to a
# time limit (the limit only bounds a failure; nothing waits a fixed time).
# On a failure it prints what was expected and the last screen.
#
# POSIX sh; sourced by tests/tui/run.sh from the repository root.
#
# A scenario is a function run in a subshell; it calls:
#   tui_start [-s WxH] [-e VAR=VALUE]... [-T] [--] [ARG]...
#       start winddown ARG... (after --state and --date) in a new tmux
#       server; its stderr goes to $OUT/stderr (shown on a failure: a
#       sanitizer's report written while the screen is up would be wiped
#       by leaving the alternate screen), or with -T to the terminal.
#       Each start is a "run" with its own directory $OUT holding:
#       pid (winddown's), stty.before, stty.after, rc, raw (every byte it
#       wrote to the terminal), stderr.
#   tui_keys KEY...      tmux send-keys (Space, Enter, Escape, C-s, Up...)
#   tui_type TEXT        type TEXT literally
#   tui_wait TEXT [SEC]  wait until TEXT is on the screen
#   tui_gone TEXT [SEC]  wait until TEXT is not on the screen
#   tui_wait_frame TOP BOTTOM  wait for TOP in the top row and the
#                        bottom row starting with BOTTOM (a redraw)
#   tui_changed [SEC]    wait until the screen differs from the last capture
#   tui_find TEXT KEY N  press KEY (at most N times) until TEXT shows
#   tui_same FILE [SEC]  wait until the screen equals FILE (else a diff)
#   tui_resize W H       resize the window
#   tui_exit [SEC]       wait for winddown to end; sets TUI_RC
#   tui_signal SIG       send SIG to winddown (kill -SIG pid)
#   wd ARG...            run winddown in the shell with the same HOME,
#                        state and date (output to stdout)
#   wd_at DATE ARG...    the same on another date
#   fail MESSAGE         end the scenario as failed, with the screen
#   check COND MESSAGE   test COND (a string for eval); fail if false

TUI_TIMEOUT=${TUI_TIMEOUT:-10}      # seconds before a wait fails
TUI_POLL=0.05                       # seconds between two captures

# Milliseconds since the epoch (GNU date; falls back to seconds).
now_ms() {
	_t=$(date +%s%3N 2>/dev/null)
	case $_t in
	*N*|'') echo $(($(date +%s) * 1000)) ;;
	*) echo "$_t" ;;
	esac
}

# Quote $1 for sh.
shq() {
	printf "'%s'" "$(printf '%s' "$1" | sed "s/'/'\\\\''/g")"
}

# One-time set-up: the binary, a temp root, the wrapper, the trap.
tui_init() {
	WD=${WINDDOWN:-./winddown}
	case $WD in
	/*) ;;
	*) WD=$(pwd)/$WD ;;
	esac
	if [ ! -x "$WD" ]; then
		echo "tui: $WD is not an executable (run make first)" >&2
		exit 2
	fi
	if ! command -v tmux >/dev/null 2>&1; then
		echo "tui: tmux is needed (apt-get install tmux)" >&2
		exit 2
	fi
	TUI_ROOT=$(mktemp -d "${TMPDIR:-/tmp}/winddown-tui.XXXXXX") || exit 2
	TUI_SOCKS=$TUI_ROOT/sockets
	: > "$TUI_SOCKS"
	trap 'tui_cleanup' EXIT
	trap 'tui_cleanup; exit 130' INT
	trap 'tui_cleanup; exit 143' TERM
	trap 'tui_cleanup; exit 129' HUP
	unset TMUX TMUX_PANE
	# The servers' sockets live in the temp root, removed with it.
	TMUX_TMPDIR=$TUI_ROOT
	export TMUX_TMPDIR
	# The terminal type inside the session.
	if tput -T tmux-256color longname >/dev/null 2>&1; then
		TUI_TERM=tmux-256color
	else
		TUI_TERM=xterm-256color
	fi
	# The wrapper: waits for "go" (so pipe-pane is on before anything is
	# written), records the terminal settings before and after, the exit
	# status, winddown's pid; then keeps the pane open for capture.
	cat > "$TUI_ROOT/wrap.sh" <<'EOF'
out=$1; shift
while [ ! -e "$out/go" ]; do sleep 0.05; done
stty -g > "$out/stty.before" 2>&1
# Job control, as in a login shell: winddown runs as the foreground job
# in its own process group (so ctrl-c and ctrl-z reach it alone, and a
# stop really stops it); when it stops, it is continued with fg, as a
# person would.
set -m
trap 'echo INT >> "$out/wrapper-signals"' INT
if [ -n "$TUI_STDERR" ]; then
	exec 3>"$out/stderr"
else
	exec 3>&2
fi
exec 2>>"$out/wrapper.log" # the shell's own "Stopped" lines
sh -c 'echo $$ > "$1"; shift; exec "$@"' sh "$out/pid" "$@" 2>&3
rc=$?
while [ "$rc" -ge 147 ] && [ "$rc" -le 150 ]; do # SIGSTOP..SIGTTOU
	echo "stopped $rc" >> "$out/stops"
	fg > /dev/null
	rc=$?
done
stty -g > "$out/stty.after" 2>&1
echo "$rc" > "$out/rc.tmp" && mv "$out/rc.tmp" "$out/rc"
printf '[exited %s]\n' "$rc"
exec tail -f /dev/null
EOF
}

# Is process $1 running (not gone, not a zombie waiting for its parent)?
tui_alive() {
	case $(ps -o stat= -p "$1" 2>/dev/null) in
	''|Z*) return 1 ;;
	esac
	return 0
}

# End scenario $1's tmux server and wait (5 s at most, then SIGKILL) for
# every winddown it started to be gone, so nothing writes into the
# directory being removed.
tui_stop() {
	tmux -L "wdtui-$$-$1" kill-server >/dev/null 2>&1
	_deadline=$(($(now_ms) + 5000))
	for _p in "$TUI_ROOT/s$1"/run*/pid; do
		[ -s "$_p" ] || continue
		_p=$(cat "$_p")
		while tui_alive "$_p"; do
			if [ "$(now_ms)" -ge "$_deadline" ]; then
				kill -KILL "$_p" 2>/dev/null
				break
			fi
			sleep "$TUI_POLL"
		done
	done
}

tui_cleanup() {
	if [ -n "$TUI_ROOT" ] && [ -d "$TUI_ROOT" ]; then
		_i=1
		while [ "$_i" -le "$(wc -l < "$TUI_SOCKS")" ]; do
			tui_stop "$_i"
			_i=$((_i + 1))
		done
		rm -rf "$TUI_ROOT"
	fi
	TUI_ROOT=
}

# Per scenario (called by run_scenario before the subshell).
tui_scenario_setup() {
	T=$TUI_ROOT/s$1
	SOCK=wdtui-$$-$1
	echo "$SOCK" >> "$TUI_SOCKS"
	mkdir -p "$T/home" "$T/data" "$T/config"
	STATE=$T/state.cfg
	DATE=${TUI_DATE:-2024-03-04}
	TUI_NRUN=0
	TUI_LAST=$T/last-screen
	: > "$TUI_LAST"
	OUT=
}

# Run winddown in the shell, as a second terminal would: wd_at on the
# date given, wd on the scenario's date.
wd_at() {
	_d=$1
	shift
	env HOME="$T/home" XDG_DATA_HOME="$T/data" \
	    XDG_CONFIG_HOME="$T/config" \
	    LANG=C.UTF-8 \
	    "$WD" --state "$STATE" --date "$_d" "$@"
}

wd() {
	wd_at "$DATE" "$@"
}

tui_start() {
	_size=80x24 _env='' _stderr=1
	while [ $# -gt 0 ]; do
		case $1 in
		-s) _size=$2; shift 2 ;;
		-e) _env="$_env $(shq "$2")"; shift 2 ;;
		-E) _stderr=1; shift ;;
		-T) _stderr=; shift ;;
		--) shift; break ;;
		*) break ;;
		esac
	done
	tmux -L "$SOCK" kill-server >/dev/null 2>&1
	TUI_NRUN=$((TUI_NRUN + 1))
	OUT=$T/run$TUI_NRUN
	mkdir -p "$OUT"
	: > "$TUI_LAST"
	_cmd="exec env -i PATH=$(shq "$PATH") HOME=$(shq "$T/home")"
	_cmd="$_cmd XDG_DATA_HOME=$(shq "$T/data")"
	_cmd="$_cmd XDG_CONFIG_HOME=$(shq "$T/config")"
	_cmd="$_cmd TERM=$TUI_TERM LANG=C.UTF-8"
	for _v in ASAN_OPTIONS LSAN_OPTIONS UBSAN_OPTIONS TZ; do
		eval "_val=\${$_v-}"
		[ -n "$_val" ] && _cmd="$_cmd $_v=$(shq "$_val")"
	done
	[ -n "$_stderr" ] && _cmd="$_cmd TUI_STDERR=1"
	# Scenario settings last, so they win (TERM=dumb, LANG=C, ...).
	_cmd="$_cmd$_env sh $(shq "$TUI_ROOT/wrap.sh") $(shq "$OUT")"
	_cmd="$_cmd $(shq "$WD") --state $(shq "$STATE") --date $(shq "$DATE")"
	for _a in "$@"; do
		_cmd="$_cmd $(shq "$_a")"
	done
	printf '%s\n' "$_cmd" > "$OUT/launch.sh"
	TUI_W=${_size%x*} TUI_H=${_size#*x}
	tmux -L "$SOCK" -f /dev/null new-session -d -s main \
	    -x "$TUI_W" -y "$TUI_H" "sh $(shq "$OUT/launch.sh")" ||
	    fail "tmux new-session failed"
	tmux -L "$SOCK" set -g window-size manual >/dev/null 2>&1
	tmux -L "$SOCK" pipe-pane -o -t main "cat >> $(shq "$OUT/raw")" ||
	    fail "tmux pipe-pane failed"
	: > "$OUT/go"
}

tui_capture() {
	tmux -L "$SOCK" capture-pane -p -t main > "$TUI_LAST.new" 2>/dev/null &&
	    mv "$TUI_LAST.new" "$TUI_LAST"
}

tui_keys() {
	tmux -L "$SOCK" send-keys -t main "$@" || fail "send-keys $* failed"
}

tui_type() {
	tmux -L "$SOCK" send-keys -t main -l "$1" || fail "typing '$1' failed"
}

tui_resize() {
	tmux -L "$SOCK" resize-window -t main -x "$1" -y "$2" ||
	    fail "resize-window to $1x$2 failed"
	TUI_W=$1 TUI_H=$2
}

# Poll until the condition "$1" (evaluated) holds or ${2}s pass.
tui_poll() {
	_deadline=$(($(now_ms) + ${2:-$TUI_TIMEOUT} * 1000))
	while :; do
		tui_capture
		eval "$1" && return 0
		[ "$(now_ms)" -ge "$_deadline" ] && return 1
		sleep "$TUI_POLL"
	done
}

tui_has() {
	grep -F -q -e "$1" "$TUI_LAST"
}

tui_wait() {
	_tw_text=$1
	_tw_t0=$(now_ms)
	tui_poll 'tui_has "$_tw_text"' "$2" ||
	    fail "timed out after ${2:-$TUI_TIMEOUT}s waiting for text: $1"
	echo "waited $(($(now_ms) - _tw_t0)) ms for: $1"
}

tui_gone() {
	_tw_text=$1
	tui_poll '! tui_has "$_tw_text"' "$2" ||
	    fail "timed out after ${2:-$TUI_TIMEOUT}s waiting for this text to go: $1"
}

# Wait until the top row holds TOP and the bottom row starts with BOTTOM
# (say a title and the footer). After a resize that shows the program
# has redrawn: tmux itself only cuts rows off the top or the bottom.
tui_wait_frame() {
	_tw_top=$1 _tw_bottom=$2
	tui_poll '[ "$(wc -l < "$TUI_LAST")" -eq "$TUI_H" ] &&
	    head -n 1 "$TUI_LAST" | grep -F -q -e "$_tw_top" &&
	    [ "$(tail -n 1 "$TUI_LAST" | cut -c 1-${#_tw_bottom})" = \
	    "$_tw_bottom" ]' "$3" ||
	    fail "timed out waiting for '$1' on the top row and '$2'" \
	        "starting the bottom row"
}

# Wait until the screen differs from the last capture.
tui_changed() {
	cp "$TUI_LAST" "$TUI_LAST.before"
	tui_poll '! cmp -s "$TUI_LAST" "$TUI_LAST.before"' "$1"
}

# Press KEY until TEXT shows, at most N presses.
tui_find() {
	_i=0
	tui_capture
	while ! tui_has "$1"; do
		[ "$_i" -ge "$3" ] &&
		    fail "'$1' not found after pressing $2 $3 times"
		tui_keys "$2"
		_i=$((_i + 1))
		tui_changed 2 || true
	done
}

# Wait until the screen is exactly FILE; on a timeout, show the diff.
tui_same() {
	_tw_file=$1
	if ! tui_poll 'cmp -s "$TUI_LAST" "$_tw_file"' "$2"; then
		echo "--- expected screen  +++ last screen"
		diff -u "$1" "$TUI_LAST" | sed '1,2d'
		fail "the screen did not come back as it was"
	fi
}

tui_exit() {
	_deadline=$(($(now_ms) + ${1:-$TUI_TIMEOUT} * 1000))
	while [ ! -e "$OUT/rc" ]; do
		if [ "$(now_ms)" -ge "$_deadline" ]; then
			fail "winddown did not exit within ${1:-$TUI_TIMEOUT}s"
		fi
		sleep "$TUI_POLL"
	done
	TUI_RC=$(cat "$OUT/rc")
	# Every byte it wrote has reached the raw log once the wrapper's
	# line after it has.
	_deadline=$(($(now_ms) + 5000))
	until grep -q 'exited' "$OUT/raw" 2>/dev/null; do
		[ "$(now_ms)" -ge "$_deadline" ] && break
		sleep "$TUI_POLL"
	done
	tui_capture
}

tui_pid() {
	_deadline=$(($(now_ms) + TUI_TIMEOUT * 1000))
	until [ -s "$OUT/pid" ]; do
		[ "$(now_ms)" -ge "$_deadline" ] && fail "winddown never started"
		sleep "$TUI_POLL"
	done
	cat "$OUT/pid"
}

tui_signal() {
	kill -"$1" "$(tui_pid)" || fail "kill -$1 failed"
}

# Show the last screen, framed, with row numbers (blank rows at the
# bottom left out); when winddown has ended, what it wrote after leaving
# the screen too (a sanitizer's report scrolls past the last screen).
tui_dump() {
	echo "  last screen (${TUI_W:-?}x${TUI_H:-?}):"
	echo "     +$(printf '%*s' "${TUI_W:-80}" '' | tr ' ' '-')+"
	awk '{ row[NR] = $0; if ($0 != "") last = NR }
	    END { for (i = 1; i <= last; i++) printf "  %2d |%s\n", i - 1, row[i]
	        if (last < NR) printf "  %2d-%d blank\n", last, NR - 1 }' \
	    "$TUI_LAST"
	echo "     +$(printf '%*s' "${TUI_W:-80}" '' | tr ' ' '-')+"
	if [ -e "$OUT/rc" ] && tmux -L "$SOCK" capture-pane -p -t main \
	    -S -200 > "$TUI_LAST.history" 2>/dev/null &&
	    ! [ "$(grep -v '^$' "$TUI_LAST.history")" = \
	    "$(grep -v '^$' "$TUI_LAST")" ]; then
		echo "  the terminal after winddown ended (last 60 lines):"
		grep -v '^$' "$TUI_LAST.history" | tail -n 60 | sed 's/^/    /'
	fi
	if [ -n "$OUT" ] && [ -s "$OUT/stderr" ]; then
		echo "  stderr:"
		sed 's/^/    /' "$OUT/stderr"
	fi
}

fail() {
	echo "FAILED: $*"
	if [ -n "$OUT" ]; then
		tui_capture
		tui_dump
	fi
	exit 1
}

check() {
	eval "$1" || fail "$2"
}
