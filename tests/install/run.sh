#!/bin/sh
# make install into a staging DESTDIR, run the installed binary from /
# with a fresh HOME (it must find its plans and manual pages), then
# make uninstall must leave nothing behind.
set -u
T=$(mktemp -d "${TMPDIR:-/tmp}/wd-install.XXXXXX") || exit 1
trap 'rm -rf "$T"' EXIT INT TERM
pass=0 fail=0
check() {
	_what=$1
	shift
	if "$@" >/dev/null 2>&1; then
		pass=$((pass + 1))
		echo "ok - install: $_what"
	else
		fail=$((fail + 1))
		echo "FAIL - install: $_what"
	fi
}

D=$T/stage
make -s install DESTDIR="$D" PREFIX=/usr/local >"$T/log" 2>&1 ||
	{ cat "$T/log"; echo "0 passed, 1 failed"; exit 1; }
B=$D/usr/local/bin/winddown
check "binary installed" [ -x "$B" ]
for f in seven-day pmr journal triggers; do
	check "plan $f.cfg installed" [ -f "$D/usr/local/share/winddown/plans/$f.cfg" ]
done
check "winddown(1) installed" [ -f "$D/usr/local/share/man/man1/winddown.1" ]
check "winddown-plan(5) installed" \
    [ -f "$D/usr/local/share/man/man5/winddown-plan.5" ]
check "bash completion installed" \
    [ -f "$D/usr/local/share/bash-completion/completions/winddown" ]
check "zsh completion installed" \
    [ -f "$D/usr/local/share/zsh/vendor-completions/_winddown" ]
check "fish completion installed" \
    [ -f "$D/usr/local/share/fish/vendor_completions.d/winddown.fish" ]
run() {
	(cd / && env -i PATH=/usr/bin:/bin HOME="$T/home" "$B" "$@")
}
check "runs from / with a fresh HOME: status" run status
check "finds its plans: plan check" run plan check
check "first tick with the installed plans" run --date 2026-03-02 done 1
check "the state went under the fresh HOME" \
    [ -f "$T/home/.local/share/winddown/state.cfg" ]
check "log --fields from the installed plans" \
    sh -c "cd / && env -i PATH=/usr/bin:/bin HOME='$T/home' '$B' log --fields | grep -q '^twitches	count	'"
check "--version" sh -c "\"$B\" --version | head -1 | grep -q '^winddown [0-9]'"
make -s uninstall DESTDIR="$D" PREFIX=/usr/local >"$T/log" 2>&1
check "uninstall leaves no file" [ -z "$(find "$D" -type f)" ]
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
