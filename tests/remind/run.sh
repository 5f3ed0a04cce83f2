#!/bin/sh
# Reminders and `next`: the systemd user units `remind install` writes
# (checked with systemd-analyze verify when it is there), enabling them
# through a stand-in systemctl, `set bedtime` rewriting them, `remind
# fire` through notify-command and through a real D-Bus session bus
# (dbus-run-session) to a stand-in notification server, the skips (sent,
# done, logged, no week), the errors (one line, sysexits codes), and
# `remind remove`. Every run gets its own HOME, config and runtime dirs.
set -u
top=$(pwd)
WD=${WINDDOWN:-$top/winddown}
T=$(mktemp -d "${TMPDIR:-/tmp}/wd-remind.XXXXXX") || exit 1
chmod 755 "$T"
trap 'rm -rf "$T"' EXIT INT TERM
pass=0 fail=0 skip=0

ok() { pass=$((pass + 1)); echo "ok - remind: $1"; }
not_ok() {
	fail=$((fail + 1))
	echo "FAIL - remind: $1"
	[ -f "$T/out" ] && sed 's/^/#   /' "$T/out" | head -20
}
skip() { skip=$((skip + 1)); echo "SKIP - remind: $1"; }
# check WHAT COMMAND...: passes when the command succeeds.
check() {
	_what=$1
	shift
	if "$@" >/dev/null 2>&1; then ok "$_what"; else not_ok "$_what"; fi
}

S=$T/state.cfg
H=$T/home
mkdir -p "$H" "$T/bin" "$T/run"
# The program in a clean environment: no bus, no user manager.
w() {
	env -i PATH="$T/bin:/usr/bin:/bin" HOME="$H" LANG=C.UTF-8 TZ=UTC \
	    XDG_CONFIG_HOME="$H/config" XDG_CACHE_HOME="$H/cache" \
	    "$WD" --state "$S" "$@"
}
# w, expecting exit code $1, output in $T/out.
wrc() {
	_want=$1
	shift
	w "$@" >"$T/out" 2>&1
	[ $? = "$_want" ]
}
one_line_error() { # CODE ARGS...: exits CODE with one "winddown: " line
	_code=$1
	shift
	w "$@" >"$T/stdout" 2>"$T/out"
	_rc=$?
	[ "$_rc" = "$_code" ] && [ "$(wc -l <"$T/out")" = 1 ] &&
	    grep -q '^winddown: ' "$T/out" && [ ! -s "$T/stdout" ]
}
has() { grep -qF -- "$1" "$T/out"; }

# A week from Monday 2026-03-02; day 4 (2026-03-05) has screens off.
w --date 2026-03-02 done 1 >/dev/null

# next
wrc 0 --date 2026-03-05 --time 21:05 next &&
    [ "$(cat "$T/out")" = "21:30 Screens off, Start winding down (in 25 min)" ] &&
    ok "next: the next line tonight" || not_ok "next: the next line tonight"
wrc 0 --date 2026-03-05 --time 13:59 next &&
    [ "$(cat "$T/out")" = "14:00 Last caffeine (in 1 min)" ] &&
    ok "next: the afternoon's first" || not_ok "next: the afternoon's first"
wrc 0 --date 2026-03-05 --time 22:30 next && [ ! -s "$T/out" ] &&
    ok "next: nothing after bedtime" || not_ok "next: nothing after bedtime"
wrc 0 --date 2026-03-05 --time 02:00 next && [ ! -s "$T/out" ] &&
    ok "next: nothing in the small hours" ||
    not_ok "next: nothing in the small hours"
wrc 0 --date 2026-03-12 --time 21:00 next && [ ! -s "$T/out" ] &&
    ok "next: nothing after the week" || not_ok "next: nothing after the week"
wrc 0 --date 2026-03-05 --time 21:05 --format '#[fg=cyan]%t %l%%|%m' next &&
    [ "$(cat "$T/out")" = "#[fg=cyan]21:30 Screens off, Start winding down%|25" ] &&
    ok "next --format: %t %l %m %%" || not_ok "next --format: %t %l %m %%"
check "next --format %x: usage error, one line" \
    one_line_error 64 --date 2026-03-05 --time 21:05 --format '%x' next
check "--time 25:00: usage error, one line" \
    one_line_error 64 --time 25:00 next
rm -rf "$T/fresh"
env -i PATH=/usr/bin:/bin HOME="$T/fresh" "$WD" --state "$T/none.cfg" \
    --time 21:00 next >"$T/out" 2>&1 && [ ! -s "$T/out" ] &&
    [ ! -e "$T/none.cfg" ] && ok "next: no week, nothing, nothing written" ||
    not_ok "next: no week, nothing, nothing written"

# install, no user manager: the files and the commands to run
U=$H/config/systemd/user
wrc 0 --date 2026-03-05 --time 12:00 remind install &&
    [ -f "$U/winddown-remind.timer" ] && [ -f "$U/winddown-remind.service" ] &&
    has "systemctl --user daemon-reload" &&
    has "systemctl --user enable --now winddown-remind.timer" &&
    ok "install: units written, commands printed" ||
    not_ok "install: units written, commands printed"
cp "$U/winddown-remind.timer" "$U/winddown-remind.service" "$T/"
[ "$(grep -c '^OnCalendar=' "$U/winddown-remind.timer")" = 7 ] &&
    grep -q '^OnCalendar=\*-\*-\* 21:30:00$' "$U/winddown-remind.timer" &&
    grep -q '^OnCalendar=\*-\*-\* 07:00:00$' "$U/winddown-remind.timer" &&
    ! grep -q 'OnUnitActiveSec\|OnCalendar=.*\*:' "$U/winddown-remind.timer" &&
    ok "timer: one OnCalendar line per time, no polling" ||
    not_ok "timer: one OnCalendar line per time, no polling"
grep -qx "ExecStart=$WD --state $S remind fire" "$U/winddown-remind.service" &&
    ok "service: runs this binary on this state" ||
    { cat "$U/winddown-remind.service" >"$T/out"
    not_ok "service: runs this binary on this state"; }
if command -v systemd-analyze >/dev/null 2>&1; then
	if systemd-analyze verify "$U/winddown-remind.timer" \
	    "$U/winddown-remind.service" >"$T/out" 2>&1; then
		ok "systemd-analyze verify"
	else
		not_ok "systemd-analyze verify"
	fi
else
	skip "systemd-analyze verify (no systemd-analyze)"
fi
wrc 0 --date 2026-03-05 --time 21:05 remind status &&
    has "winddown-remind.timer (up to date)" && has "Enabled: no" &&
    has "Next reminder on 2026-03-05: 21:30 Screens off" &&
    ok "status: installed, the next reminder" ||
    not_ok "status: installed, the next reminder"

# set bedtime rewrites the installed timer
wrc 0 set bedtime 23:00 &&
    grep -q '^OnCalendar=\*-\*-\* 23:00:00$' "$U/winddown-remind.timer" &&
    ! grep -q '22:30:00' "$U/winddown-remind.timer" &&
    ok "set bedtime: the timer follows" || not_ok "set bedtime: the timer follows"
w set bedtime 22:30 >/dev/null
cmp -s "$U/winddown-remind.timer" "$T/winddown-remind.timer" &&
    ok "set bedtime back: the same timer again" ||
    not_ok "set bedtime back: the same timer again"

# fire with no way to deliver
check "fire: no bus, no notify-command: 69, one line" \
    one_line_error 69 --date 2026-03-05 --time 21:31 remind fire
[ ! -e "$S.remind" ] && ok "fire: nothing recorded when not delivered" ||
    not_ok "fire: nothing recorded when not delivered"

# fire through notify-command, one argument, no shell
cat >"$T/bin/notify" <<EOF
#!/bin/sh
printf '%s|%s\n' "\$#" "\$1" >>"$T/notified"
EOF
chmod 755 "$T/bin/notify"
check "set notify-command with a control character: 64, one line" \
    one_line_error 64 set notify-command "$(printf 'a\tb')"
w set notify-command notify >/dev/null
wrc 0 remind status && has "Delivery: runs notify with the message" &&
    ok "status: delivery through notify-command" ||
    not_ok "status: delivery through notify-command"
wrc 0 --date 2026-03-05 --time 21:31 remind fire &&
    [ "$(cat "$T/notified")" = "1|21:30 Screens off, Start winding down (until 22:00)" ] &&
    ok "fire: notify-command gets the message as its one argument" ||
    { cat "$T/notified" >>"$T/out"
    not_ok "fire: notify-command gets the message as its one argument"; }
grep -qx '2026-03-05 21:30 evening' "$S.remind" &&
    ok "fire: recorded beside the state" || not_ok "fire: recorded beside the state"
wrc 0 --date 2026-03-05 --time 21:45 remind fire && has "sent already" &&
    [ "$(wc -l <"$T/notified")" = 1 ] &&
    ok "fire: not sent twice" || not_ok "fire: not sent twice"
wrc 0 --date 2026-03-05 --time 21:15 remind fire && has "Sent: 21:00 Start drinking less" &&
    ok "fire: an earlier moment still in its window" ||
    not_ok "fire: an earlier moment still in its window"
wrc 0 --date 2026-03-05 --time 20:30 remind fire && has "No reminder is due" &&
    [ "$(wc -l <"$T/notified")" = 2 ] &&
    ok "fire: nothing due between moments" ||
    not_ok "fire: nothing due between moments"
# Day 1's caffeine line on day 1 with its steps done: skipped.
w --date 2026-03-02 done >/dev/null
wrc 0 --date 2026-03-02 --time 14:00 remind fire && has "steps are done" &&
    ok "fire: skips what is done" || not_ok "fire: skips what is done"
wrc 0 --date 2026-03-06 --time 07:02 remind fire &&
    has "Sent: Good morning. How was the night of 2026-03-05?" &&
    ok "fire: the morning asks for last night" ||
    not_ok "fire: the morning asks for last night"
wrc 0 --date 2026-03-07 --time 07:02 remind fire && has "Sent: Good morning" &&
    wrc 0 --date 2026-03-07 --time 07:10 remind fire && has "sent already" &&
    ok "fire: each morning once" || not_ok "fire: each morning once"
w --date 2026-03-07 log twitches=1 >/dev/null
rm -f "$S.remind"
wrc 0 --date 2026-03-08 --time 07:02 remind fire && has "logged already" &&
    ok "fire: skips a night already logged" ||
    not_ok "fire: skips a night already logged"
wrc 0 --date 2026-03-12 --time 21:30 remind fire && has "no week is running" &&
    ok "fire: skips days with no week" || not_ok "fire: skips days with no week"
cat >"$T/bin/notify" <<EOF
#!/bin/sh
exit 3
EOF
check "fire: a failing notify-command: 69, one line" \
    one_line_error 69 --date 2026-03-04 --time 21:30 remind fire
has "exited with status 3" && ok "fire: says how it failed" ||
    not_ok "fire: says how it failed"
w set notify-command /nonexistent/notify >/dev/null
check "fire: a missing notify-command: 69, one line" \
    one_line_error 69 --date 2026-03-04 --time 21:30 remind fire
printf 'garbage\n' >"$S.remind"
check "fire: a broken record: 65, one line" \
    one_line_error 65 --date 2026-03-04 --time 21:30 remind fire
has "$S.remind:1:" && ok "fire: the record's line named" ||
    not_ok "fire: the record's line named"
rm -f "$S.remind"
w set notify-command '' >/dev/null
wrc 0 remind status && has "Delivery: none: no session bus" &&
    ok "set notify-command '': back to the desktop" ||
    not_ok "set notify-command '': back to the desktop"

# fire through a real session bus to a stand-in notification server
if command -v dbus-run-session >/dev/null 2>&1 &&
    command -v dbus-monitor >/dev/null 2>&1 &&
    /usr/bin/python3 -c 'import dbus, gi' >/dev/null 2>&1; then
	cat >"$T/bus.sh" <<EOF
#!/bin/sh
dbus-monitor --session "type='method_call',interface='org.freedesktop.Notifications',member='Notify'" >"$T/monitor" 2>&1 &
mon=\$!
/usr/bin/python3 "$top/tests/remind/fake-notifyd.py" "$T/server" &
srv=\$!
i=0
until dbus-send --session --print-reply --dest=org.freedesktop.DBus / \
    org.freedesktop.DBus.NameHasOwner string:org.freedesktop.Notifications \
    2>/dev/null | grep -q 'boolean true'; do
	i=\$((i + 1)); [ \$i -gt 100 ] && break; sleep 0.05
done
env -u XDG_RUNTIME_DIR HOME="$H" XDG_CONFIG_HOME="$H/config" \
    XDG_CACHE_HOME="$H/cache" TZ=UTC LANG=C.UTF-8 \
    "$WD" --state "$S" --date 2026-03-05 --time 22:31 remind fire
rc=\$?
sleep 0.2
kill \$srv \$mon 2>/dev/null
exit \$rc
EOF
	if env -i PATH=/usr/bin:/bin HOME="$H" dbus-run-session -- sh "$T/bus.sh" \
	    >"$T/out" 2>&1 && has "Sent: 22:30 Bedtime"; then
		ok "fire over D-Bus: sent"
	else
		not_ok "fire over D-Bus: sent"
	fi
	grep -qx 'app=winddown summary=winddown body=22:30 Bedtime' \
	    "$T/server" 2>/dev/null && ok "fire over D-Bus: the server got it" ||
	    { cat "$T/server" "$T/monitor" >"$T/out" 2>/dev/null
	    not_ok "fire over D-Bus: the server got it"; }
	grep -q 'member=Notify' "$T/monitor" &&
	    grep -q 'string "22:30 Bedtime"' "$T/monitor" &&
	    ok "fire over D-Bus: dbus-monitor saw Notify" ||
	    { cp "$T/monitor" "$T/out"
	    not_ok "fire over D-Bus: dbus-monitor saw Notify"; }
else
	skip "fire over D-Bus (no dbus-run-session, dbus-monitor or python3-dbus)"
fi

# install with a user manager (a stand-in systemctl)
cat >"$T/bin/systemctl" <<EOF
#!/bin/sh
echo "\$*" >>"$T/systemctl.log"
EOF
chmod 755 "$T/bin/systemctl"
mkdir -p "$T/run/systemd"
: >"$T/run/systemd/private"
wm() {
	env -i PATH="$T/bin:/usr/bin:/bin" HOME="$H" LANG=C.UTF-8 TZ=UTC \
	    XDG_RUNTIME_DIR="$T/run" XDG_CACHE_HOME="$H/cache" \
	    "$WD" --state "$S" "$@"
}
# No XDG_CONFIG_HOME now: ~/.config.
wm remind install >"$T/out" 2>&1 &&
    [ -f "$H/.config/systemd/user/winddown-remind.timer" ] &&
    printf '%s\n' "--user daemon-reload" \
    "--user enable --now winddown-remind.timer" | cmp -s - "$T/systemctl.log" &&
    has "Enabled with systemctl --user" &&
    ok "install: ~/.config, enabled through systemctl --user" ||
    { cat "$T/systemctl.log" >>"$T/out" 2>/dev/null
    not_ok "install: ~/.config, enabled through systemctl --user"; }
rm -f "$T/systemctl.log"
wm set bedtime 23:15 >"$T/out" 2>&1 &&
    grep -q '^OnCalendar=\*-\*-\* 23:15:00$' \
    "$H/.config/systemd/user/winddown-remind.timer" &&
    printf '%s\n' "--user daemon-reload" \
    "--user try-restart winddown-remind.timer" | cmp -s - "$T/systemctl.log" &&
    ok "set bedtime: rewritten, reloaded, restarted" ||
    not_ok "set bedtime: rewritten, reloaded, restarted"
rm -f "$T/systemctl.log"
mkdir -p "$H/.config/systemd/user/timers.target.wants"
ln -s ../winddown-remind.timer \
    "$H/.config/systemd/user/timers.target.wants/winddown-remind.timer"
wm remind remove >"$T/out" 2>&1 &&
    [ ! -e "$H/.config/systemd" ] &&
    printf '%s\n' "--user disable --now winddown-remind.timer" \
    "--user daemon-reload" | cmp -s - "$T/systemctl.log" &&
    ok "remove: disabled, everything gone" ||
    { find "$H/.config" "$T/systemctl.log" >>"$T/out" 2>&1
    not_ok "remove: disabled, everything gone"; }
wm remind status >"$T/out" 2>&1 && has "Not installed" &&
    ok "status: not installed" || not_ok "status: not installed"
w remind remove >"$T/out" 2>&1 && has "Removed $U/winddown-remind.timer" &&
    has "to forget the units" && [ ! -e "$U" ] &&
    w remind remove >"$T/out" 2>&1 && has "No reminder units are installed" &&
    ok "remove: nothing to remove" || not_ok "remove: nothing to remove"
check "remind frobnicate: usage, one line" one_line_error 64 remind frobnicate

# An unwritable unit directory, as an unprivileged user.
if [ "$(id -u)" = 0 ]; then
	if command -v setpriv >/dev/null 2>&1; then
		as_user() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
	else
		as_user() { return 2; }
	fi
else
	as_user() { "$@"; }
fi
P=$T/priv
mkdir -p "$P/home/config/systemd"
chmod 755 "$P" "$P/home" "$P/home/config"
chmod 555 "$P/home/config/systemd"
[ "$(id -u)" = 0 ] && chown -R 65534:65534 "$P"
cp "$S" "$P/state.cfg" && chmod 644 "$P/state.cfg"
[ "$(id -u)" = 0 ] && chown 65534:65534 "$P/state.cfg"
as_user env -i PATH=/usr/bin:/bin HOME="$P/home" \
    XDG_CONFIG_HOME="$P/home/config" XDG_CACHE_HOME="$P/home/cache" \
    "$WD" --state "$P/state.cfg" remind install >"$T/stdout" 2>"$T/out"
rc=$?
if [ $rc = 2 ] && ! command -v setpriv >/dev/null 2>&1; then
	skip "unwritable unit directory (no setpriv to drop root)"
elif [ $rc = 73 ] && [ "$(wc -l <"$T/out")" = 1 ] &&
    grep -q "^winddown: remind install: $P/home/config/systemd/user: Permission denied" "$T/out"; then
	ok "install: an unwritable unit directory: 73, one line"
else
	echo "rc=$rc" >>"$T/out"
	not_ok "install: an unwritable unit directory: 73, one line"
fi

echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" = 0 ]
