#!/bin/sh
# Sound: `winddown pmr --audio FILE` against the schedule, read back by
# tests/audio/wavcheck (our own decoder and the plan's own timeline) and
# by soxi when there is one; saving fails cleanly; --speak without a
# sound device says so in one line and the session still runs; and the
# live player writes to an ALSA device that is a file.
# WINDDOWN=path picks the binary (default ./winddown).
set -u
WD=${WINDDOWN:-./winddown}
CHECK=${WAVCHECK:-tests/audio/wavcheck}
PLANS=$(pwd)/plans
T=$(mktemp -d "${TMPDIR:-/tmp}/wd-audio.XXXXXX") || exit 1
trap 'chmod -R u+w "$T" 2>/dev/null; rm -rf "$T"' EXIT INT TERM
pass=0 fail=0
ok() {
	pass=$((pass + 1))
	echo "ok - audio: $1"
}
no() {
	fail=$((fail + 1))
	echo "FAIL - audio: $1"
	[ $# -gt 1 ] && [ -f "$2" ] && sed 's/^/    /' "$2"
}
wd() {
	"$WD" --state "$T/state.cfg" --plan-dir "$PLANS" "$@"
}
# Check a file with wavcheck: sets LEN PLANNED WORST CUES.
measure() {
	_out=$("$CHECK" "$@" 2>"$T/wavcheck.err") || return 1
	set -- $_out
	LEN=$1 PLANNED=$2 WORST=$3 CUES=$4
}

# 1. The bundled lower routine, speech (the default for files).
if wd pmr --audio "$T/lower.wav" --routine lower >"$T/out" 2>"$T/err"; then
	ok "pmr --audio writes the lower routine"
else
	no "pmr --audio failed ($?)" "$T/err"
fi
if measure "$T/lower.wav" "$PLANS" lower -1 -1 -1 1 0; then
	ok "the file decodes: ${LEN} ms, ${CUES} spoken cues"
	echo "    planned ${PLANNED} ms; worst cue onset +${WORST} ms"
	[ "$CUES" -ge 20 ] && ok "every cue is there" ||
	    no "only $CUES cues"
	[ "$WORST" -lt 100 ] && ok "each cue starts within 100 ms" ||
	    no "a cue starts $WORST ms late"
	# The session's length: the finish cue's words end with it.
	_d=$((LEN - PLANNED))
	[ "$_d" -gt -1000 ] && [ "$_d" -lt 1000 ] &&
	    ok "length: ${LEN} ms for a schedule of ${PLANNED} ms" ||
	    no "length $LEN ms for a schedule of $PLANNED ms"
	grep -q "^Wrote .*lower.wav: 5:43 of speech for \"Lower body: feet to hips\", as long as the session\.$" "$T/out" &&
	    ok "the program says it is the session's length" ||
	    no "the summary line does not say so" "$T/out"
else
	no "wavcheck: the file does not match its schedule" "$T/wavcheck.err"
fi
if command -v soxi >/dev/null 2>&1; then
	_d=$(soxi -D "$T/lower.wav" 2>/dev/null)
	_ms=$(awk -v d="$_d" 'BEGIN { printf "%d", d * 1000 }')
	[ $((_ms - LEN)) -le 1 ] && [ $((LEN - _ms)) -le 1 ] &&
	    ok "soxi reads the same length (${_d} s)" ||
	    no "soxi says $_d s, wavcheck $LEN ms"
	[ "$(soxi -r "$T/lower.wav")" = 22050 ] &&
	    [ "$(soxi -c "$T/lower.wav")" = 1 ] &&
	    [ "$(soxi -b "$T/lower.wav")" = 16 ] &&
	    ok "16-bit mono at 22050 Hz" || no "not 16-bit mono 22050 Hz"
fi

# 2. Short timings, tones only: as long as the schedule within a second.
wd pmr --audio "$T/tones.wav" --routine lower --tense 1 --release 1 \
    --settle 0 --tones --no-speak >"$T/out" 2>"$T/err" ||
	no "tones only failed" "$T/err"
if measure "$T/tones.wav" "$PLANS" lower 1 1 0 0 1; then
	[ "$LEN" -ge "$PLANNED" ] && [ $((LEN - PLANNED)) -lt 1000 ] &&
	    ok "tones only: ${LEN} ms for a ${PLANNED} ms schedule" ||
	    no "tones only: ${LEN} ms for a ${PLANNED} ms schedule"
else
	no "wavcheck on the tones file" "$T/wavcheck.err"
fi
# Speech and tones with the options a live session takes.
wd pmr --audio "$T/both.wav" --routine full --tense 2 --release 4 \
    --settle 3 --tones >"$T/out" 2>"$T/err" || no "speech and tones" "$T/err"
grep -q "of speech and tones for \"Whole body" "$T/out" &&
    ok "--routine full --tones: speech and tones" ||
    no "the summary does not say speech and tones" "$T/out"

# 3. Saving fails cleanly: one line, a sysexits code, nothing left.
wd pmr --audio "$T/missing/out.wav" --tones >"$T/out" 2>"$T/err"
rc=$?
[ "$rc" = 73 ] && ok "a missing directory: EX_CANTCREAT" ||
    no "a missing directory: exit $rc, not 73" "$T/err"
[ "$(wc -l < "$T/err")" = 1 ] && grep -q "cannot create a file in" "$T/err" &&
    ok "... in one line" || no "not one line" "$T/err"
[ ! -e "$T/missing" ] && ok "... and nothing made" || no "made $T/missing"
mkdir "$T/ro"
if [ "$(id -u)" = 0 ]; then
	ro=/sys # root writes anywhere else
else
	chmod 555 "$T/ro"
	ro=$T/ro
fi
wd pmr --audio "$ro/out.wav" --tones >"$T/out" 2>"$T/err"
rc=$?
[ "$rc" = 73 ] && [ "$(wc -l < "$T/err")" = 1 ] &&
    ok "a read-only directory ($ro): one line, EX_CANTCREAT" ||
    no "a read-only directory: exit $rc" "$T/err"
[ ! -e "$ro/out.wav" ] && [ -z "$(ls -A "$T/ro")" ] &&
    ok "... and nothing left behind" || no "something was left in $ro"
mkdir -p "$T/dir/out.wav"
wd pmr --audio "$T/dir/out.wav" --tones >"$T/out" 2>"$T/err"
rc=$?
[ "$rc" = 74 ] && [ "$(ls -A "$T/dir")" = out.wav ] &&
    [ -d "$T/dir/out.wav" ] && grep -q "cannot save" "$T/err" &&
    ok "a directory in the way: EX_IOERR, no temporary file left" ||
    no "a directory in the way: exit $rc, $(ls -A "$T/dir")" "$T/err"
# A file replaced whole: the old one stays until the new one is complete.
cp "$T/tones.wav" "$T/keep.wav"
wd pmr --audio "$T/keep.wav" --routine nosuch >"$T/out" 2>"$T/err"
rc=$?
[ "$rc" = 64 ] && cmp -s "$T/tones.wav" "$T/keep.wav" &&
    ok "an unknown routine: EX_USAGE, the old file untouched" ||
    no "an unknown routine: exit $rc" "$T/err"

# 4. Options and settings.
wd pmr --audio "$T/x.wav" --settle 3601 >"$T/out" 2>"$T/err"
[ $? = 64 ] && ok "--settle 3601 is refused" || no "--settle 3601" "$T/err"
wd pmr --audio "$T/x.wav" --settle -1 >"$T/out" 2>"$T/err"
[ $? = 64 ] && ok "--settle -1 is refused" || no "--settle -1" "$T/err"
wd set speech maybe >"$T/out" 2>"$T/err"
[ $? = 64 ] && grep -q "speech is 'on' or 'off'" "$T/err" &&
    ok "set speech maybe is refused" || no "set speech maybe" "$T/err"
wd set tones on && wd set speech on &&
    grep -q "tones = true" "$T/state.cfg" &&
    grep -q "speech = true" "$T/state.cfg" &&
    ok "set speech on, set tones on are saved" ||
    no "set speech/tones on" "$T/state.cfg"

# 5. A live session with speech (from the setting) and short timings:
# with no sound device it says so in one line and runs on; keys skip
# while it speaks. It must end: timeout is the hang guard.
(
	sleep 1; printf n; sleep 1; printf n; sleep 1; printf n
	sleep 1; printf n; sleep 3
) | timeout 60 "$WD" --state "$T/state.cfg" --plan-dir "$PLANS" --plain \
    --tense 1 --release 1 --settle 0 pmr >"$T/out" 2>"$T/err"
rc=$?
[ "$rc" = 0 ] && ok "--plain with speech runs to the end" ||
    no "--plain with speech: exit $rc" "$T/err"
grep -q "^Session recorded: Lower body: feet to hips, " "$T/out" &&
    ok "... and records the session" || no "no session recorded" "$T/out"
if grep -q "unavailable" "$T/err"; then
	[ "$(wc -l < "$T/err")" = 1 ] &&
	    grep -q "^winddown: speech is unavailable: " "$T/err" &&
	    ok "no sound device: one line says speech is unavailable" ||
	    no "the no-device message is not one line" "$T/err"
else
	[ ! -s "$T/err" ] && ok "a sound device: speech played, no message" ||
	    no "messages on stderr" "$T/err"
fi
"$WD" --state "$T/state.cfg" --plan-dir "$PLANS" --plain --no-speak \
    --no-tones --tense 1 --release 1 --settle 0 pmr </dev/null \
    >"$T/out" 2>"$T/err" &
pid=$!
sleep 1
kill -TERM "$pid"
wait "$pid"
rc=$?
[ "$rc" = 143 ] && [ ! -s "$T/err" ] &&
    ok "--no-speak --no-tones overrides the settings" ||
    no "--no-speak: exit $rc" "$T/err"

# 6. The live player for real: ALSA's default device made a file (the
# "file" plugin over "null"), so the thread makes speech and tones and
# writes them through libpcaudio while keys pause, resume and skip.
# Skipped when a sound server takes the sound first.
mkdir -p "$T/alsa"
cat > "$T/alsa/.asoundrc" <<EOF
pcm.!default {
	type file
	slave.pcm "null"
	file "$T/alsa/out.raw"
	format "raw"
}
EOF
(
	sleep 1; printf ' '; sleep 1; printf ' '; sleep 1; printf n
	sleep 1; printf n; sleep 1; printf n; sleep 1; printf n; sleep 1
) | HOME=$T/alsa timeout 60 "$WD" --state "$T/state.cfg" \
    --plan-dir "$PLANS" --plain --speak --tones --tense 1 --release 1 \
    --settle 0 pmr >"$T/out" 2>"$T/err"
rc=$?
if [ -f "$T/alsa/out.raw" ]; then
	[ "$rc" = 0 ] && [ ! -s "$T/err" ] &&
	    grep -q "^Paused\.$" "$T/out" && grep -q "^Resumed\.$" "$T/out" &&
	    grep -q "^Session recorded" "$T/out" &&
	    ok "live: pause, resume and skips with the player running" ||
	    no "live: exit $rc" "$T/err"
	# Sound came out: 16-bit samples, not all silence.
	_loud=$(od -An -v -t d2 "$T/alsa/out.raw" | awk '
	    { for (i = 1; i <= NF; i++) if ($i > 2000 || $i < -2000) n++ }
	    END { print n + 0 }')
	_secs=$(($(wc -c < "$T/alsa/out.raw") / 44100))
	[ "$_loud" -gt 1000 ] && [ "$_secs" -ge 1 ] &&
	    ok "live: ${_secs} s of speech and tones reached the device" ||
	    no "live: ${_secs} s written, $_loud loud samples"
else
	echo "ok - audio: live device test skipped (a sound server took it)"
fi

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
