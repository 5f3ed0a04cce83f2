# Real-terminal tests: winddown in a private tmux server, driven by keys,
# checked by what the screen shows. Run from the repository root:
#   sh tests/tui/run.sh [SCENARIO...]      (or: make check-tui)
# WINDDOWN=path picks the binary (default ./winddown); TUI_TIMEOUT=SEC
# changes how long a wait may take before it fails (default 10);
# TUI_VERBOSE=1 prints how long each wait took, not only on a failure.
# Prints one line per scenario with its time (informational: nothing
# asserts on time) and "N passed, N failed".
#
# Each scenario gets its own tmux server, HOME and state file, dated
# 2024-03-04 (day 1). The scenarios, in order:
#   first_run     day 1, tick step 1, q; status shows the tick
#   screens       ? d r f p l open their screens; q (Esc on the journal
#                 form, where q is typed text) returns to day 1
#   resize        80x24 -> 60x20 -> 40x10 (too small) -> 80x24 unchanged
#   header_60     at 60x20 the header keeps the whole date
#   journal       typed values, an invalid time refused and fixed, a
#                 resize mid-entry, ctrl-s; export has the values
#   journal_keep  typed text survives ctrl-z/fg and SIGTERM (draft); a
#                 relaxation session stopped and continued is paused
#   pmr           1-second phases: pause, resume, skip, q/y; status
#   pmr_quit_pause  q's question stops the countdown; n goes on from it
#   pmr_all_skipped  every group skipped: no rating, recorded as stopped
#   review_day7   a logged week: the review opens by itself on day 7
#   no_color      NO_COLOR=1 draws without colour (and colour without it)
#   ascii         LANG=C draws ASCII glyphs
#   stty          stty -g unchanged after q, ctrl-c, SIGINT, SIGTERM,
#                 SIGHUP; exit 0, 130, 130, 143, 129
#   bad_term      TERM=dumb, unknown, empty: one line, exit 1, no output
#   bad_plan      a plan syntax error: exit 65, file:line, no output
#   concurrent    `winddown done`/`log` from the shell while the coach is
#                 open, then a tick and a journal save: all kept
#   journal_others  a value logged from the shell while the form is open
#                 is kept by a save of another field
#   journal_conflict  a field changed in the form and the shell: both
#                 values shown, y keeps yours, s the saved one
#   journal_draft_since  a draft restored over a night changed since:
#                 named, and the newer value kept
#   journal_newline  a note stored with a newline: one line, night saves
#   journal_replace  a key typed over a saved value replaces it; Backspace
#                 edits it; a choice's start is completed
#   signals       ctrl-\, SIGQUIT, USR1, USR2, ALRM, PIPE, VTALRM, PROF,
#                 XCPU: icanon echo back, stty -g unchanged, exit 128+N
#   week_changed  a restart from the shell under the coach on day 3:
#                 space reloads, says so, shows day 1; no tick on day 3
#   restart_key   N y: the week archived in weeks.cfg, day 1 shown
#   restart_twice N, a restart from the shell, y: one week archived
#   pmr_plain_signals  pmr --plain ended by ctrl-\ and SIGUSR1: the
#                 terminal restored, the session recorded, exit 128+N
#   hangup        the pane killed with SIGHUP blocked: the coach sees the
#                 terminal gone, keeps the tick and ends within 3 s
#   too_small_keys  keys while "Terminal too small" shows do nothing; q
#                 still quits
#   ascii_text    LANG=C: plan text and a journal note drawn as ASCII
#   layout_60     60x20: every footer has q (Esc on the form); the tip's
#                 safety clause and the disclaimer are on screen
#   layout_120    120x40: last night, tonight's relaxation, the trend
#   plain_placeholder  TERM=vt100 and NO_COLOR: placeholders in brackets
#   flags_no_week red flags answered before any week show in f
#   flags_words   f answered with Y N 1 0: yes no yes no saved

. tests/tui/lib.sh

# Scenarios that fail because of a known product bug, temporarily: they
# are reported as expected failures and counted as skipped; one that
# passes is counted as failed, so the mark gets removed.
# header_60: src/screen-today.c places the week strip over the date at
# 60 columns (reported to the lead; remove the mark once fixed).
TUI_XFAIL=${TUI_XFAIL-}

# Shell helpers ------------------------------------------------------------

# DATE plus N days.
date_plus() {
	date -d "$1 +$2 days" +%Y-%m-%d
}

# Fail unless `winddown status` has the line pattern $1 (grep -E).
status_has() {
	wd status > "$T/status.out" 2>&1 ||
	    { cat "$T/status.out"; fail "winddown status failed"; }
	if ! grep -E -q -e "$1" "$T/status.out"; then
		echo "winddown status printed:"
		sed 's/^/    /' "$T/status.out"
		fail "status has no line matching: $1"
	fi
}

# Fail unless the run's stty -g is the same before and after.
stty_same() {
	[ -s "$OUT/stty.before" ] || fail "no stty -g recorded before"
	if ! cmp -s "$OUT/stty.before" "$OUT/stty.after"; then
		echo "stty -g before: $(cat "$OUT/stty.before")"
		echo "stty -g after:  $(cat "$OUT/stty.after")"
		fail "the terminal settings changed ($1)"
	fi
}

# The pane's terminal settings now (read from outside the pane).
pane_stty() {
	stty -g -F "$(tmux -L "$SOCK" display -p -t main '#{pane_tty}')"
}

# What winddown wrote to the terminal, before the wrapper's last line.
raw_output() {
	LC_ALL=C awk '{ i = index($0, "[exited ")
	    if (i) { printf "%s", substr($0, 1, i - 1); exit } print }' \
	    "$OUT/raw" 2>/dev/null
}

# Count screen lines holding a fixed string.
screen_count() {
	grep -F -c -e "$1" "$TUI_LAST"
}

# Scenarios ----------------------------------------------------------------

# First run: day 1, tick step 1, quit; the tick is kept.
sc_first_run() {
	tui_start
	tui_wait "Day 1 of 7"
	tui_wait "[ ]"
	check '[ "$(screen_count "[✓]")" -eq 0 ]' "a step is ticked before any key"
	tui_keys Space
	tui_wait "[✓]"
	check '[ "$(screen_count "[✓]")" -eq 1 ]' "space ticked more than one step"
	tui_keys q
	tui_exit
	check '[ "$TUI_RC" = 0 ]' "q exited $TUI_RC, not 0"
	check '[ ! -s "$OUT/stderr" ]' "a normal run wrote to stderr"
	status_has '^ *\[x\] 1\.'
	status_has '^ *\[ \] 2\.'
}

# Day 6 at 80x24: the timeline ends at bedtime; i shows the day in full;
# a bad bedtime is refused at the prompt, a good one moves the timeline.
sc_day_page() {
	wd_at "$DATE" 'done' 1 >/dev/null || fail "done failed"
	DATE=$(date_plus "$DATE" 5)
	tui_start
	tui_wait "Day 6 of 7"
	tui_wait "22:30 Bedtime"
	tui_keys i
	tui_wait "Why it helps"
	tui_find "Keep doing" Space 5
	tui_keys q
	tui_wait "Day 6 of 7"
	tui_keys b
	tui_wait "Target bedtime"
	tui_type "25:10"
	tui_keys Enter
	tui_wait "is not a time"
	tui_keys BSpace BSpace BSpace BSpace BSpace
	tui_type "23:00"
	tui_keys Enter
	tui_wait "Bedtime set to 23:00"
	tui_wait "23:00 Bedtime"
	tui_keys q
	tui_exit
	check '[ "$TUI_RC" = 0 ]' "q exited $TUI_RC, not 0"
	status_has 'Bedtime$'
}

# Day 1's first morning: the coach asks first for last night, the
# week's baseline; Esc skips to the day.
sc_first_morning() {
	tui_start -- --time 07:45
	tui_wait "before day 1: the baseline"
	tui_wait "How was last night?"
	tui_keys Tab Tab Tab Tab
	tui_type "4"
	tui_keys C-s
	tui_wait "Saved"
	tui_keys Escape
	tui_wait "Day 1 of 7"
	tui_keys q
	tui_exit
	check '[ "$TUI_RC" = 0 ]' "q exited $TUI_RC, not 0"
	wd review --format json > "$T/json" || fail "review failed"
	check 'grep -q "\"baseline\": {\"date\": \"$(date_plus "$DATE" -1)\", \"twitches\": 4}" "$T/json"' \
	    "the baseline is not in the review: $(grep baseline "$T/json")"
	# Logged: the next morning start does not ask again.
	tui_start -- --time 09:00
	tui_wait "Day 1 of 7"
	tui_keys q
	tui_exit
}

# Day 8's morning: the coach asks first for night 7, then shows the
# final review; then the habits are today's checklist, ticked and kept;
# left shows day 7, then day 6; right goes back to the habit day.
sc_week_done() {
	wd_at "$DATE" 'done' >/dev/null || fail "done failed"
	wd_at "$DATE" flags painful=no rhythmic=no repeated=no urge=no \
	    waking=no >/dev/null || fail "flags failed"
	DATE=$(date_plus "$DATE" 7)
	tui_start -- --time 08:00
	tui_wait "night 7 of 7"
	tui_wait "log it for the final review"
	tui_keys Tab Tab Tab Tab
	tui_type "3"
	tui_keys C-s
	tui_wait "Saved"
	tui_keys Escape
	tui_wait "Review of the week"
	tui_wait "Final review: every night"
	tui_keys q
	tui_wait "Habit day 8"
	tui_wait "Today, habit day 8: keep the habits going"
	tui_wait "No caffeine after 14:00"
	tui_keys Space
	tui_wait "[✓] No caffeine after 14:00"
	tui_keys Left
	tui_wait "Day 7: "
	tui_keys Left
	tui_wait "Day 6: "
	tui_keys Right
	tui_wait "Day 7: "
	tui_keys Right
	tui_wait "Today, habit day 8"
	tui_keys q
	tui_exit
	check '[ "$TUI_RC" = 0 ]' "q exited $TUI_RC, not 0"
	status_has '^ *\[x\] 1\. No caffeine after 14:00$'
	status_has '^ *\[ \] 2\. '
}

# Two weeks: the review moves between them with [ ] and Left/Right; the
# trend page shows both, night by night, and compares them.
sc_weeks_trend() {
	wd_at "$DATE" 'done' >/dev/null || fail "done failed"
	i=0
	while [ $i -lt 7 ]; do
		wd_at "$(date_plus "$DATE" $i)" log twitches=$((9 - i)) \
		    >/dev/null || fail "log failed"
		i=$((i + 1))
	done
	DATE=$(date_plus "$DATE" 8)
	wd restart >/dev/null || fail "restart failed"
	for i in 0 1 2; do
		wd_at "$(date_plus "$DATE" $i)" log twitches=1 >/dev/null ||
		    fail "log failed"
	done
	DATE=$(date_plus "$DATE" 3)
	tui_start
	tui_wait "Day 4 of 7"
	tui_keys r
	tui_wait "Review of week 2 of 2"
	tui_wait "Not final yet"
	tui_keys '['
	tui_wait "Review of week 1 of 2"
	tui_wait "(archived)"
	tui_wait "Final review"
	tui_keys Left
	tui_wait "This is the first week."
	tui_keys Right
	tui_wait "Review of week 2 of 2"
	tui_keys ']'
	tui_wait "This is the latest week."
	tui_keys w
	tui_wait "Trend over all weeks"
	tui_wait "Week 1  "
	tui_wait "6.0 (7 nights)"
	tui_wait "1.0 (3 nights)"
	tui_wait "Week 1: 6.0 twitches a night; week 2 so far: 1.0 a night"
	tui_keys q
	tui_wait "Review of week 2 of 2"
	tui_keys q
	tui_wait "Day 4 of 7"
	tui_keys q
	tui_exit
	check '[ "$TUI_RC" = 0 ]' "q exited $TUI_RC, not 0"
}

# The bedtime prompt starts with the bedtime set; typing replaces it.
sc_bedtime_prefill() {
	tui_start
	tui_wait "Day 1 of 7"
	tui_keys b
	tui_wait "Target bedtime (HH:MM): 22:30"
	tui_type "23:15"
	tui_keys Enter
	tui_wait "Bedtime set to 23:15."
	tui_keys b
	tui_wait "Target bedtime (HH:MM): 23:15"
	tui_keys BSpace
	tui_type "0"
	tui_keys Enter
	tui_wait "Bedtime set to 23:10."
	tui_keys q
	tui_exit
	status_has '23:10 Bedtime$'
}

# A month's file that fails to parse: the coach reads the week's nights
# just after its first frame, then says why and offers to move the file
# aside; n ends it (exit 65) with the file untouched, y moves it.
sc_broken_month() {
	wd_at "$DATE" log twitches=3 >/dev/null || fail "log failed"
	_month=$(ls "$STATE".d/[0-9]*.cfg | head -1)
	[ -f "$_month" ] || fail "no month file"
	printf 'nights = (\n' >"$_month"
	cp "$_month" "$T/before"
	tui_start
	tui_wait "cannot be read"
	tui_wait "[y/N]"
	tui_keys n Enter
	tui_exit
	check '[ "$TUI_RC" = 65 ]' "n exited $TUI_RC, not 65"
	check 'cmp -s "$_month" "$T/before"' "the broken month changed"
	tui_start
	tui_wait "[y/N]"
	tui_keys y Enter
	tui_wait "Day 1 of 7"
	tui_keys Space
	tui_wait "[✓]"
	tui_keys q
	tui_exit
	check '[ "$TUI_RC" = 0 ]' "q exited $TUI_RC, not 0"
	check 'ls "$_month".broken-* >/dev/null 2>&1' "no moved-aside month"
	check 'cmp -s "$_month".broken-* "$T/before"' \
	    "the moved-aside month is not the broken one"
	status_has '^ *\[x\] 1\.'
}

# A state file that fails to parse: the coach says why and offers to
# move it aside; n leaves it untouched (exit 65), y moves it and opens.
sc_broken_state() {
	printf 'version = 2;\nsettings = {\n' >"$STATE"
	cp "$STATE" "$T/before"
	tui_start
	tui_wait "cannot be read"
	tui_wait "[y/N]"
	tui_keys n Enter
	tui_exit
	check '[ "$TUI_RC" = 65 ]' "n exited $TUI_RC, not 65"
	check 'cmp -s "$STATE" "$T/before"' "the broken file changed"
	tui_start
	tui_wait "[y/N]"
	tui_keys y Enter
	tui_wait "Day 1 of 7"
	tui_keys q
	tui_exit
	check '[ "$TUI_RC" = 0 ]' "q exited $TUI_RC, not 0"
	check 'ls "$STATE".broken-* >/dev/null 2>&1' "no moved-aside file"
	check 'cmp -s "$STATE".broken-* "$T/before"' \
	    "the moved-aside file is not the broken one"
}

# Every screen opens with its key and q (Esc for the journal form, where
# q is typed text) goes back to the today screen.
sc_screens() {
	tui_start --tense 1 --release 1
	tui_wait "Day 1 of 7"
	for _spec in "?|Keys" "d|Do and don't" "r|Review of the week" \
	    "f|When to talk to a doctor"; do
		_key=${_spec%%|*} _text=${_spec#*|}
		tui_keys "$_key"
		tui_wait "$_text"
		tui_gone "Day 1 of 7"
		tui_keys q
		tui_wait "Day 1 of 7"
		tui_gone "$_text"
	done
	# Relaxation: starts at once with the settling breath.
	tui_keys p
	tui_wait "Relaxation"
	tui_wait "Get ready"
	tui_wait "Lie back and close your eyes"
	tui_keys q
	tui_wait "End the session? y/n"
	tui_keys y
	tui_wait "Day 1 of 7"
	tui_wait "Session recorded"
	# The journal: the form with the plan's prompts.
	tui_keys l
	tui_wait "Last caffeinated drink"
	tui_wait "Twitches noticed"
	tui_keys Escape
	tui_wait "Day 1 of 7"
	tui_gone "Last caffeinated drink"
	tui_keys q
	tui_exit
	check '[ "$TUI_RC" = 0 ]' "q exited $TUI_RC, not 0"
}

# Resize 80x24 -> 60x20 -> 40x10 -> 80x24: draws at 60x20, says too small
# at 40x10, and comes back exactly as it was, tick and all.
sc_resize() {
	tui_start
	tui_wait "Day 1 of 7"
	tui_keys Space
	tui_wait "[✓]"
	cp "$TUI_LAST" "$T/before.txt"
	tui_resize 60 20
	tui_wait_frame "Day 1 of 7" "space tick"
	tui_wait "Today, day 1"
	tui_wait "[✓]"
	tui_gone "Terminal too small"
	tui_resize 40 10
	tui_wait "Terminal too small"
	tui_gone "[✓]"
	tui_resize 80 24
	tui_same "$T/before.txt"
	tui_keys q
	tui_exit
	check '[ "$TUI_RC" = 0 ]' "q exited $TUI_RC, not 0"
	status_has '^ *\[x\] 1\.'
}

# At 60x20 the header still shows "Day 1 of 7" and the whole date.
sc_header_60() {
	tui_start -s 60x20
	tui_wait "Day 1 of 7"
	tui_wait "1▶"
	check 'head -n 1 "$TUI_LAST" | grep -q "Mon 2024-03-04 "' \
	    "the date in the header is overwritten at 60x20"
	check 'head -n 1 "$TUI_LAST" | grep -q "7· *$"' \
	    "the week strip lost its last day at 60x20"
	tui_resize 80 24
	# Redrawn at 80 columns: the strip ends at the right edge.
	tui_poll 'tui_capture && head -n 1 "$TUI_LAST" |
	    grep -q "^ Day 1 of 7 .\{50,\}7·$"' ||
	    fail "the week strip is not whole at the right edge at 80x24"
	tui_keys q
	tui_exit
}

# The journal form: type values, see an invalid time refused, fix it,
# resize mid-entry, save with ctrl-s; export has the values.
sc_journal() {
	tui_start
	tui_wait "Day 1 of 7"
	tui_keys l
	tui_wait "Last caffeinated drink"
	tui_wait "Nothing recorded for this night yet"
	# Field order: caffeine, exercise, intensity, bedtime, twitches ...
	tui_type "15:30"
	tui_keys Down Down Down
	tui_type "25:10"
	tui_wait "25:10 is not a time"
	tui_keys C-s
	tui_wait "Not saved"
	tui_keys BSpace BSpace BSpace BSpace BSpace
	tui_gone "is not a time"
	tui_type "23:10"
	tui_keys Down
	tui_type "4"
	# Resize while typing: the text stays, in the field and the form.
	tui_resize 60 20
	tui_wait_frame "Journal" "Tab/"
	check 'grep -q "Twitches noticed *4" "$TUI_LAST"' \
	    "the count typed is not shown at 60x20"
	tui_resize 80 24
	tui_wait_frame "Journal" "Tab/"
	tui_type "2"
	tui_wait "Unsaved changes"
	check 'grep -q "Twitches noticed *42" "$TUI_LAST"' \
	    "the count typed around the resize is not 42"
	check 'grep -q "Got into bed at *23:10" "$TUI_LAST"' \
	    "the fixed bedtime is not shown"
	check 'grep -q "Last caffeinated drink *15:30" "$TUI_LAST"' \
	    "the caffeine time is lost"
	tui_keys C-s
	tui_wait "Saved the night of 2024-03-04"
	tui_keys Escape
	tui_wait "Day 1 of 7"
	tui_keys q
	tui_exit
	check '[ "$TUI_RC" = 0 ]' "q exited $TUI_RC, not 0"
	wd export --format csv > "$T/export.csv" ||
	    fail "winddown export failed"
	awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
	    $1 == "2024-03-04" { print "caffeine=" $col["caffeine"] \
	        " bedtime=" $col["bedtime"] " twitches=" $col["twitches"] }' \
	    "$T/export.csv" > "$T/export.row"
	if [ "$(cat "$T/export.row")" != \
	    "caffeine=15:30 bedtime=23:10 twitches=42" ]; then
		echo "export --format csv:"
		sed 's/^/    /' "$T/export.csv"
		fail "the export does not have the values typed"
	fi
}

# Stop winddown with ctrl-z (or kill -TSTP with "kill"); the wrapper
# continues it with fg as soon as it has stopped.
tui_stopcont() {
	if [ "$1" = kill ]; then
		tui_signal TSTP
	else
		tui_keys C-z
	fi
	tui_poll '[ -s "$OUT/stops" ]' ||
	    fail "winddown did not stop on SIGTSTP"
}

# The journal keeps what is typed through SIGTERM (as a draft, restored
# when the form opens again) and through a stop and continue (SIGTSTP,
# then fg); a relaxation session stopped that way comes back paused.
sc_journal_keep() {
	tui_start
	tui_wait "Day 1 of 7"
	tui_keys l
	tui_wait "Last caffeinated drink"
	tui_type "16:45"
	tui_wait "Unsaved changes"
	tui_stopcont
	tui_wait "Last caffeinated drink"
	check 'grep -q "Last caffeinated drink *16:45" "$TUI_LAST"' \
	    "the text typed is gone after a stop and continue"
	tui_signal TERM
	tui_exit
	check '[ "$TUI_RC" = 143 ]' "SIGTERM exited $TUI_RC, not 143"
	stty_same "SIGTERM on the journal"
	tui_start
	tui_wait "Day 1 of 7"
	tui_keys l
	tui_wait "Restored an unsaved entry for the night of 2024-03-04"
	check 'grep -q "Last caffeinated drink *16:45" "$TUI_LAST"' \
	    "the draft does not bring back the text typed"
	tui_keys C-s
	tui_wait "Saved the night of 2024-03-04"
	tui_keys Escape
	tui_wait "Day 1 of 7"
	tui_keys q
	tui_exit
	wd export --format csv > "$T/export.csv" ||
	    fail "winddown export failed"
	grep -q '^2024-03-04,16:45' "$T/export.csv" || {
		sed 's/^/    /' "$T/export.csv"
		fail "the restored entry is not in the export"
	}
	# Relaxation: stopped and continued, it waits paused.
	tui_start --tense 1 --release 1 pmr
	tui_wait "Get ready"
	tui_gone "PAUSED"
	tui_stopcont kill
	tui_wait "PAUSED"
	tui_keys Space
	tui_gone "PAUSED"
	tui_keys q
	tui_wait "End the session? y/n"
	tui_keys y
	# `winddown pmr` ends with its session.
	tui_exit
	check '[ "$TUI_RC" = 0 ]' "q exited $TUI_RC, not 0"
}

# A relaxation run with 1-second phases: start, pause, resume, skip, quit
# with confirm; status shows tonight's session.
sc_pmr() {
	tui_start --tense 1 --release 1 pmr
	tui_wait "Get ready"
	tui_wait "Group 1 of 4"
	tui_keys Space
	tui_wait "PAUSED"
	tui_wait "space resume"
	tui_keys Space
	tui_gone "PAUSED"
	tui_keys n
	# The instruction first, for the plan's 6 s of prepare; then the
	# tension, timed from its own start.
	tui_wait "Get set"
	tui_gone "Tense"
	tui_wait "Tense" 10
	# The 1-second phases move on by themselves (a group's second
	# repeat prepares again: 9 s from this release to group 2).
	tui_wait "Release"
	tui_wait "Group 2 of 4" 14
	tui_keys n
	tui_wait "Group 3 of 4"
	tui_keys q
	tui_wait "End the session? y/n"
	tui_keys y
	# `winddown pmr` ends with its session and says what was recorded,
	# naming the routine by its title.
	tui_wait "Session recorded: Lower body: feet to hips, "
	tui_exit
	check '[ "$TUI_RC" = 0 ]' "q exited $TUI_RC, not 0"
	status_has '^Relaxation tonight: Lower body: feet to hips, [0-9]+ of 4 groups, stopped early'
}

# The question "End the session?" stops the countdown while it asks; "n"
# goes on from where it stopped.
sc_pmr_quit_pause() {
	tui_start --tense 1 --release 1 pmr
	tui_wait "Get ready   1"
	tui_keys q
	tui_wait "End the session? y/n"
	cp "$TUI_LAST" "$T/asking"
	_before=$(grep -o 'Get ready   [0-9]*' "$T/asking" | awk '{ print $3 }')
	# Nothing moves for 2.5 s: the countdown would have shown 2 more
	# seconds gone.
	sleep 2.5
	tui_same "$T/asking" 1
	tui_keys n
	tui_gone "End the session? y/n"
	tui_changed 3 || fail "the countdown did not go on after n"
	_after=$(grep -o 'Get ready   [0-9]*' "$TUI_LAST" | awk '{ print $3 }')
	check '[ -n "$_after" ] && [ "$_after" -ge $((_before - 1)) ]' \
	    "the pause counted: $_before s left at the question, $_after after"
	tui_keys q
	tui_wait "End the session? y/n"
	tui_keys y
	tui_wait "Session recorded"
	tui_exit
	check '[ "$TUI_RC" = 0 ]' "q exited $TUI_RC, not 0"
}

# Every group skipped: the end is reached, but nothing is rated and the
# session is recorded as stopped early.
sc_pmr_all_skipped() {
	tui_start --tense 1 --release 1 pmr
	tui_wait "Get ready"
	tui_keys n
	tui_wait "Group 1 of 4"
	for _g in 2 3 4; do
		tui_keys n
		tui_wait "Group $_g of 4"
	done
	tui_keys n
	tui_wait "Session recorded: Lower body: feet to hips, 0 of 4 groups"
	check '! tui_has "How relaxed"' "a session with nothing done asks for a rating"
	check 'tui_has "stopped early"' "a session with nothing done is not stopped early"
	tui_keys Enter
	tui_exit
	check '[ "$TUI_RC" = 0 ]' "exited $TUI_RC, not 0"
	status_has '^Relaxation tonight: Lower body: feet to hips, 0 of 4 groups, stopped early$'
}

# Relaxation with --speak: with no sound device the screen says so on
# its message line and runs on; with one, speech plays. Either way the
# screen answers keys while speech is made (s toggles it, space pauses).
sc_pmr_speak() {
	tui_start --speak --tones --tense 1 --release 1 pmr
	tui_wait "Get ready"
	tui_poll 'tui_has "Speech is unavailable" || ! tui_has "unavailable"' ||
	    fail "no word on speech"
	tui_keys Space
	tui_wait "PAUSED"
	tui_wait "s speech"
	tui_keys Space
	tui_gone "PAUSED"
	tui_keys n
	tui_wait "Get set"
	tui_keys s
	tui_poll 'tui_has "Speech is unavailable" || tui_has "Speech off"' ||
	    fail "s says nothing"
	tui_keys n
	tui_wait "Group 2 of 4"
	tui_keys q
	tui_wait "End the session? y/n"
	tui_keys y
	tui_wait "Session recorded"
	tui_exit
	check '[ "$TUI_RC" = 0 ]' "q exited $TUI_RC, not 0"
}

# Day 7 of a logged week: the review opens by itself with the chart.
sc_review_day7() {
	_i=0
	while [ "$_i" -lt 7 ]; do
		_d=$(date_plus "$DATE" "$_i")
		wd_at "$_d" 'done' > /dev/null || fail "done on $_d failed"
		wd_at "$_d" log twitches=$((9 - _i)) bedtime=23:0$_i quality=3 \
		    > /dev/null || fail "log on $_d failed"
		_i=$((_i + 1))
	done
	DATE=$(date_plus "$DATE" 6)
	tui_start
	# Unanswered red-flag questions come first, then the review.
	tui_wait "When to talk to a doctor"
	tui_keys n
	tui_keys q
	tui_wait "Review of the week"
	tui_find "TWITCHES PER NIGHT" Space 10
	tui_keys q
	tui_wait "Day 7 of 7"
	tui_keys q
	tui_exit
	check '[ "$TUI_RC" = 0 ]' "q exited $TUI_RC, not 0"
}

# NO_COLOR: the screen renders and no colour is set; without it, colour
# is set (so the check can tell).
sc_no_color() {
	_color='\[(3[0-7]|9[0-7]|38;5;[0-9]+)m'
	tui_start
	tui_wait "Day 1 of 7"
	tui_keys q
	tui_exit
	raw_output | grep -E -q "$_color" ||
	    fail "no colour sequence even without NO_COLOR (check is blind)"
	tui_start -e NO_COLOR=1
	tui_wait "Day 1 of 7"
	tui_wait "[ ]"
	tui_keys Space
	tui_wait "[✓]"
	tui_keys q
	tui_exit
	check '[ "$TUI_RC" = 0 ]' "q exited $TUI_RC, not 0"
	if raw_output | grep -E -q "$_color"; then
		raw_output | grep -E -o ".{0,20}$_color" | head -3 | cat -v
		fail "NO_COLOR=1 but a colour was set"
	fi
}

# LANG=C: ASCII glyphs, no UTF-8 byte drawn by the program itself.
sc_ascii() {
	tui_start -e LANG=C -e LC_ALL=C
	tui_wait "Day 1 of 7"
	tui_wait "1>"
	tui_keys Space
	tui_wait "[x]"
	check '! tui_has "[✓]"' "UTF-8 tick drawn in the C locale"
	check '! tui_has "▶"' "UTF-8 today mark drawn in the C locale"
	tui_keys q
	tui_exit
	check '[ "$TUI_RC" = 0 ]' "q exited $TUI_RC, not 0"
	status_has '^ *\[x\] 1\.'
}

# The terminal settings are the same after q, ctrl-c, SIGINT, SIGTERM and
# SIGHUP; the exit status is 0 or 128+signal; the tick is saved.
sc_stty() {
	for _how in q C-c INT TERM HUP; do
		tui_start
		tui_wait "Day 1 of 7"
		# While it runs the settings differ (so the check can tell).
		[ "$(pane_stty)" != "$(cat "$OUT/stty.before")" ] ||
		    fail "the coach runs with the shell's terminal settings"
		case $_how in
		q) _want=0; tui_keys q ;;
		C-c) _want=130; tui_keys C-c ;;
		INT) _want=130; tui_signal INT ;;
		TERM) _want=143; tui_signal TERM ;;
		HUP) _want=129; tui_signal HUP ;;
		esac
		tui_exit
		stty_same "left by $_how"
		check '[ "$TUI_RC" = "$_want" ]' \
		    "left by $_how: exit $TUI_RC, not $_want"
		# The alternate screen is gone: the shell's screen is back.
		tui_gone "Day 1 of 7" 2
		tui_wait "[exited $_want]"
	done
	wd status > /dev/null || fail "status fails after the signals"
}

# TERM=dumb, an unknown TERM, no TERM: one line on stderr, exit 1, and
# nothing written to the terminal.
sc_bad_term() {
	for _term in dumb unknown-xyz ""; do
		tui_start -E -e "TERM=$_term"
		tui_exit
		check '[ "$TUI_RC" = 1 ]' "TERM='$_term': exit $TUI_RC, not 1"
		check '[ "$(wc -l < "$OUT/stderr")" -eq 1 ]' \
		    "TERM='$_term': stderr is not one line"
		check 'grep -q "^winddown: " "$OUT/stderr"' \
		    "TERM='$_term': the message does not start 'winddown: '"
		if [ -n "$(raw_output)" ]; then
			raw_output | cat -v | head -5
			fail "TERM='$_term': something was written to the terminal"
		fi
		stty_same "TERM='$_term'"
	done
	check '[ ! -e "$STATE" ]' "a refused start wrote the state file"
}

# A broken plan: exit 65 with file:line, before touching the terminal.
sc_bad_plan() {
	cp -R plans "$T/plans"
	sed -i '3s/.*/this is = not libconfig ;;/' "$T/plans/seven-day.cfg"
	tui_start -E --plan-dir "$T/plans"
	tui_exit
	check '[ "$TUI_RC" = 65 ]' "exit $TUI_RC, not 65"
	check 'grep -q "seven-day.cfg:3: " "$OUT/stderr"' \
	    "the message does not name seven-day.cfg:3"
	check '[ "$(wc -l < "$OUT/stderr")" -eq 1 ]' "stderr is not one line"
	if [ -n "$(raw_output)" ]; then
		raw_output | cat -v | head -5
		fail "the terminal was written to (alternate screen?)"
	fi
	stty_same "broken plan"
	check '[ ! -e "$STATE" ]' "a state file was written"
}

# A broken red flag in seven-day.cfg's guide: the coach opens on today
# and its steps; the screens that read the guide (tips, red flags, the
# review) stay shut and say why; the rest works and q leaves cleanly.
sc_broken_guide() {
	cp -R plans "$T/plans"
	awk '/seek_advice/ { s = 1 } s && /id = "rhythmic";/ && !d {
		sub(/"rhythmic"/, "\"painful\""); d = 1 } { print }' \
	    plans/seven-day.cfg > "$T/plans/seven-day.cfg"
	tui_start --plan-dir "$T/plans"
	tui_wait "Day 1 of 7"
	for _key in d f r; do
		tui_keys "$_key"
		tui_wait "red flag 2: duplicate id"
		tui_wait "Day 1 of 7"
		# Too wide for 80 columns with its directory: the directory
		# gives way, the file, line and reason stay whole.
		check 'grep -q "^…/seven-day.cfg:[0-9]*: red flag 2: duplicate id .painful.$" "$TUI_LAST"' \
		    "$_key: the message does not name …/seven-day.cfg:LINE and the reason"
		# Another screen opens, and back the message is gone.
		tui_keys "?"
		tui_wait "Keys"
		tui_keys q
		tui_wait "Day 1 of 7"
		tui_gone "red flag 2"
	done
	tui_keys Space
	tui_wait "[✓]"
	tui_keys q
	tui_exit
	check '[ "$TUI_RC" = 0 ]' "q exited $TUI_RC, not 0"
	check '[ ! -s "$OUT/stderr" ]' "the coach wrote to stderr"
	status_has '^ *\[x\] 1\.'
}

# A tick from another terminal while the coach is open, then one in the
# coach: both are kept, on screen and in the file.
sc_concurrent() {
	tui_start
	tui_wait "Day 1 of 7"
	wd 'done' 2 > "$T/done.out" 2>&1 ||
	    { cat "$T/done.out"; fail "winddown done 2 failed"; }
	tui_keys Space
	tui_wait "[✓]"
	tui_poll '[ "$(screen_count "[✓]")" -eq 2 ]' ||
	    fail "the coach does not show both ticks after re-reading"
	# The journal open while the shell logs the same night: saving the
	# form keeps the value logged from the shell.
	tui_keys l
	tui_wait "Last caffeinated drink"
	wd log twitches=5 > "$T/log.out" 2>&1 ||
	    { cat "$T/log.out"; fail "winddown log twitches=5 failed"; }
	tui_type "14:10"
	tui_keys C-s
	tui_wait "Saved the night of 2024-03-04"
	tui_keys Escape
	tui_wait "Day 1 of 7"
	tui_keys q
	tui_exit
	status_has '^ *\[x\] 1\.'
	status_has '^ *\[x\] 2\.'
	wd export --format csv > "$T/export.csv" ||
	    fail "winddown export failed"
	awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
	    $1 == "2024-03-04" { print "caffeine=" $col["caffeine"] \
	        " twitches=" $col["twitches"] }' \
	    "$T/export.csv" > "$T/export.row"
	if [ "$(cat "$T/export.row")" != "caffeine=14:10 twitches=5" ]; then
		sed 's/^/    /' "$T/export.csv"
		fail "the coach's save dropped the value logged from the shell"
	fi
}

# The night's value of field $1 in the export (CSV), into $T/val.
night_value() {
	wd export --format csv > "$T/export.csv" ||
	    fail "winddown export failed"
	awk -F, -v f="$1" 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i
	    next } $1 == "2024-03-04" { print $col[f] }' "$T/export.csv" \
	    > "$T/val"
}

# Leave the journal form (nothing unsaved) and the coach.
journal_quit() {
	tui_keys Escape
	tui_wait "Day 1 of 7"
	tui_keys q
	tui_exit
}

# The journal form writes only what was typed in it: a value another
# winddown logged while the form was open is kept.
sc_journal_others() {
	wd log twitches=3 > /dev/null || fail "winddown log twitches=3 failed"
	tui_start journal
	tui_wait "Last caffeinated drink"
	check 'grep -q "Twitches noticed *3" "$TUI_LAST"' \
	    "the form does not show twitches 3"
	wd log twitches=7 > /dev/null || fail "winddown log twitches=7 failed"
	tui_type "14:10"
	tui_keys C-s
	tui_wait "Saved the night of 2024-03-04"
	tui_poll 'grep -q "Twitches noticed *7\$" "$TUI_LAST"' ||
	    fail "the form does not show twitches 7"
	journal_quit
	check '[ "$TUI_RC" = 0 ]' "the journal exited $TUI_RC, not 0"
	night_value twitches
	check '[ "$(cat "$T/val")" = 7 ]' \
	    "the form put back twitches $(cat "$T/val"), not the 7 logged since"
	night_value caffeine
	check '[ "$(cat "$T/val")" = 14:10 ]' "the caffeine typed is lost"
}

# A field changed both in the form and from the shell: the form shows
# both values and asks; each answer is kept.
sc_journal_conflict() {
	wd log twitches=3 > /dev/null || fail "winddown log twitches=3 failed"
	tui_start journal
	tui_wait "Last caffeinated drink"
	# Field order: caffeine, exercise, intensity, bedtime, twitches ...
	tui_keys Down Down Down Down C-u
	tui_type "5"
	wd log twitches=7 > /dev/null || fail "winddown log twitches=7 failed"
	tui_keys C-s
	tui_wait "changed elsewhere"
	check 'tail -n 1 "$TUI_LAST" | grep -q "yours 5.*saved 7"' \
	    "the question does not show both values (5 typed, 7 saved)"
	night_value twitches
	check '[ "$(cat "$T/val")" = 7 ]' "the value was written before asking"
	tui_keys y
	tui_wait "Saved the night of 2024-03-04"
	night_value twitches
	check '[ "$(cat "$T/val")" = 5 ]' \
	    "keeping yours saved twitches $(cat "$T/val"), not 5"
	# Again, taking the other value this time.
	tui_keys C-u
	tui_type "6"
	wd log twitches=8 > /dev/null || fail "winddown log twitches=8 failed"
	tui_keys C-s
	tui_wait "changed elsewhere"
	tui_keys s
	tui_wait "Kept what is saved for the night of 2024-03-04"
	tui_poll 'grep -q "Twitches noticed *8\$" "$TUI_LAST"' ||
	    fail "the form does not show twitches 8"
	night_value twitches
	check '[ "$(cat "$T/val")" = 8 ]' \
	    "taking the saved value left twitches $(cat "$T/val"), not 8"
	journal_quit
	check '[ "$TUI_RC" = 0 ]' "the journal exited $TUI_RC, not 0"
}

# A draft restored over a night that changed after it was made: the
# values changed since are named, the unchanged ones take the new value,
# and saving keeps it.
sc_journal_draft_since() {
	wd log twitches=3 > /dev/null || fail "winddown log twitches=3 failed"
	tui_start journal
	tui_wait "Last caffeinated drink"
	tui_type "16:45"
	tui_wait "Unsaved changes"
	tui_signal TERM
	tui_exit
	check '[ "$TUI_RC" = 143 ]' "SIGTERM exited $TUI_RC, not 143"
	wd log twitches=7 > /dev/null || fail "winddown log twitches=7 failed"
	tui_start journal
	tui_wait "Restored an unsaved entry"
	check 'tail -n 1 "$TUI_LAST" | grep -q "changed since.*Twitches"' \
	    "the restored draft does not say twitches changed since"
	check 'grep -q "Twitches noticed *7" "$TUI_LAST"' \
	    "the restored draft shows an old twitches value"
	tui_keys C-s
	tui_wait "Saved the night of 2024-03-04"
	journal_quit
	night_value twitches
	check '[ "$(cat "$T/val")" = 7 ]' \
	    "the restored draft put back twitches $(cat "$T/val"), not 7"
	night_value caffeine
	check '[ "$(cat "$T/val")" = 16:45 ]' "the draft's caffeine is lost"
}

# A note stored with a newline: shown on one line, and the night saves
# (the note kept as stored).
sc_journal_newline() {
	wd log note=first > /dev/null || fail "winddown log note=first failed"
	_month=$T/state.cfg.d/2024-03.cfg
	sed -i 's/"first"/"first\\nsecond"/' "$_month"
	grep -q 'first\\nsecond' "$_month" || fail "could not store a newline"
	tui_start journal
	tui_wait "Last caffeinated drink"
	tui_wait "first second"
	tui_type "14:10"
	tui_keys C-s
	tui_wait "Saved the night of 2024-03-04"
	journal_quit
	night_value caffeine
	check '[ "$(cat "$T/val")" = 14:10 ]' "the night with a note did not save"
	check 'grep -q "first\\\\nsecond" "$_month"' \
	    "the stored note lost its newline"
}

# A saved value in the current field: the first key typed replaces it,
# the next ones add to what replaced it; Backspace edits the saved value
# instead; a choice's start ("v") is completed on leaving the field.
sc_journal_replace() {
	wd log caffeine=14:00 intensity=light bedtime=23:10 twitches=3 \
	    > /dev/null || fail "winddown log failed"
	tui_start journal
	tui_wait "Last caffeinated drink"
	check 'grep -q "Twitches noticed *3\$" "$TUI_LAST"' \
	    "the form does not show the saved twitches 3"
	# Field order: caffeine, exercise, intensity, bedtime, twitches ...
	tui_type "15:30"
	tui_poll 'grep -q "Last caffeinated drink *15:30\$" "$TUI_LAST"' ||
	    fail "typing over the saved 14:00 did not replace it (not 15:30)"
	tui_keys Down Down
	tui_type "v"
	tui_poll 'grep -q "Workout intensity *v .*vigorous" "$TUI_LAST"' ||
	    fail "typing v over the saved light did not give v (vigorous)"
	tui_keys Down BSpace
	tui_poll 'grep -q "Got into bed at *23:1 " "$TUI_LAST"' ||
	    fail "Backspace on the saved 23:10 did not edit it to 23:1"
	tui_type "5"
	tui_poll 'grep -q "Got into bed at *23:15\$" "$TUI_LAST"' ||
	    fail "a key after Backspace replaced the value (not 23:15)"
	check 'grep -q "Workout intensity *vigorous\$" "$TUI_LAST"' \
	    "leaving the field did not complete v to vigorous"
	tui_keys Down
	tui_type "5"
	tui_type "2"
	tui_poll 'grep -q "Twitches noticed *52\$" "$TUI_LAST"' ||
	    fail "typing 5 2 over the saved 3 did not give 52"
	# Back to a field typed in and not saved: replaced alike.
	tui_keys Up Down
	tui_type "6"
	tui_poll 'grep -q "Twitches noticed *6\$" "$TUI_LAST"' ||
	    fail "typing 6 over the unsaved 52 on coming back did not give 6"
	tui_type "2"
	tui_poll 'grep -q "Twitches noticed *62\$" "$TUI_LAST"' ||
	    fail "the second key did not add to the first (not 62)"
	tui_keys C-s
	tui_wait "Saved the night of 2024-03-04"
	journal_quit
	check '[ "$TUI_RC" = 0 ]' "the journal exited $TUI_RC, not 0"
	for _fv in caffeine=15:30 intensity=vigorous bedtime=23:15 twitches=62
	do
		night_value "${_fv%%=*}"
		check '[ "$(cat "$T/val")" = "${_fv#*=}" ]' \
		    "saved ${_fv%%=*} $(cat "$T/val"), not ${_fv#*=}"
	done
}

# The pane's terminal settings, readable (stty -a).
pane_stty_a() {
	stty -a -F "$(tmux -L "$SOCK" display -p -t main '#{pane_tty}')"
}

# Every other signal that would end it: ctrl-\ (SIGQUIT) and kill -SIG
# for the rest; each time the terminal is restored (canonical input and
# echo back, the settings as before) and the exit is 128 + the signal.
sc_signals() {
	for _how in C-\\ QUIT USR1 USR2 ALRM PIPE VTALRM PROF XCPU; do
		tui_start
		tui_wait "Day 1 of 7"
		case $_how in
		C-\\) _sig=QUIT; tui_keys 'C-\' ;;
		*) _sig=$_how; tui_signal "$_how" ;;
		esac
		# Linux's numbers (dash's kill -l gives no number for a name).
		case $_sig in
		QUIT) _n=3 ;; USR1) _n=10 ;; USR2) _n=12 ;; PIPE) _n=13 ;;
		ALRM) _n=14 ;; XCPU) _n=24 ;; VTALRM) _n=26 ;; PROF) _n=27 ;;
		esac
		_want=$((128 + _n))
		tui_exit
		check '[ "$TUI_RC" = "$_want" ]' \
		    "left by $_how: exit $TUI_RC, not $_want"
		pane_stty_a > "$T/stty.a"
		check 'grep -q "[^-]icanon" "$T/stty.a" &&
		    grep -q "[^-]echo " "$T/stty.a"' \
		    "left by $_how: no icanon echo: $(cat "$T/stty.a")"
		stty_same "left by $_how"
		tui_gone "Day 1 of 7" 2
	done
	wd status > /dev/null || fail "status fails after the signals"
}

# The terminal goes away (the pane is killed) while SIGHUP is blocked, so
# the coach learns of it only by reading: it saves and ends within a few
# seconds instead of spinning.
sc_hangup() {
	cat > "$T/hup-blocked.sh" <<EOF
exec perl -MPOSIX -e 'sigprocmask(SIG_BLOCK, POSIX::SigSet->new(SIGHUP))
    or die "sigprocmask: \$!"; exec @ARGV or die "exec: \$!"' $(shq "$WD") "\$@"
EOF
	chmod +x "$T/hup-blocked.sh"
	_wd=$WD
	WD=$T/hup-blocked.sh
	# LeakSanitizer's check at exit stops every thread with ptrace, and
	# after the terminal went away it can spin there for good (seen in
	# make sanitize, as in the stress suite): no leak check in this run
	# of a sanitizer build.
	if [ -n "${ASAN_OPTIONS:-}" ]; then
		tui_start -e "ASAN_OPTIONS=$ASAN_OPTIONS:detect_leaks=0"
	else
		tui_start
	fi
	WD=$_wd
	tui_wait "Day 1 of 7"
	tui_keys Space
	tui_wait "[✓]"
	_pid=$(tui_pid)
	grep -q '^SigBlk:.*[1-9a-f]' "/proc/$_pid/status" ||
	    fail "SIGHUP is not blocked in the coach"
	tmux -L "$SOCK" kill-pane -t main
	_deadline=$(($(now_ms) + 3000))
	while tui_alive "$_pid"; do
		[ "$(now_ms)" -ge "$_deadline" ] && {
			ps -o pid,stat,pcpu,args -p "$_pid"
			fail "the coach is still running 3 s after its terminal went"
		}
		sleep "$TUI_POLL"
	done
	OUT=
	status_has '^ *\[x\] 1\.'
}

# A new week started from the shell while the coach shows day 3: space
# does not tick day 3 of the new week; the coach reloads, says so and
# shows day 1, where the next space ticks.
sc_week_changed() {
	wd_at "$(date_plus "$DATE" -2)" 'done' 2 > /dev/null ||
	    fail "winddown done 2 (two days ago) failed"
	tui_start
	tui_wait "Day 3 of 7"
	wd restart --yes > "$T/restart.out" 2>&1 ||
	    { cat "$T/restart.out"; fail "winddown restart failed"; }
	tui_keys Space
	tui_wait "new week"
	tui_wait "Day 1 of 7"
	check '[ "$(screen_count "[✓]")" -eq 0 ]' \
	    "a step shows ticked after the week changed"
	check '! grep -q "day = 3" "$STATE"' \
	    "the tick landed on day 3 of the new week: $(cat "$STATE")"
	status_has '^ *\[ \] 1\.'
	tui_keys Space
	tui_wait "[✓]"
	tui_keys q
	tui_exit
	check '[ "$TUI_RC" = 0 ]' "q exited $TUI_RC, not 0"
	status_has '^ *\[x\] 1\.'
}

# The restart key: N, then y; the old week is archived (weeks.cfg has
# it) and the screen shows day 1 of a week starting today.
sc_restart_key() {
	wd_at "$(date_plus "$DATE" -2)" 'done' 1 > /dev/null ||
	    fail "winddown done 1 (two days ago) failed"
	tui_start
	tui_wait "Day 3 of 7"
	tui_keys N
	tui_wait "y/n"
	tui_keys y
	tui_wait "A new week starts today"
	tui_wait "Day 1 of 7"
	tui_keys q
	tui_exit
	check '[ "$TUI_RC" = 0 ]' "q exited $TUI_RC, not 0"
	_weeks=$T/state.cfg.d/weeks.cfg
	check '[ -s "$_weeks" ]' "no archived weeks file after the restart"
	check 'grep -q "start = \"$(date_plus "$DATE" -2)\"" "$_weeks"' \
	    "weeks.cfg does not have the week of $(date_plus "$DATE" -2): \
$(cat "$_weeks")"
	status_has 'Day 1 of 7'
}

# The restart key answered after a restart from the shell: the week the
# coach showed is already archived, so it reloads and says so instead of
# archiving the new week too.
sc_restart_twice() {
	wd_at "$(date_plus "$DATE" -2)" 'done' 1 > /dev/null ||
	    fail "winddown done 1 (two days ago) failed"
	tui_start
	tui_wait "Day 3 of 7"
	tui_keys N
	tui_wait "y/n"
	wd restart --yes > "$T/restart.out" 2>&1 ||
	    { cat "$T/restart.out"; fail "winddown restart failed"; }
	tui_keys y
	tui_wait "already started elsewhere"
	tui_wait "Day 1 of 7"
	tui_keys q
	tui_exit
	_n=$(grep -c "start = " "$T/state.cfg.d/weeks.cfg")
	check '[ "$_n" = 1 ]' \
	    "$_n weeks archived, not 1: $(cat "$T/state.cfg.d/weeks.cfg")"
}

# pmr --plain takes single keys without echo: ctrl-\ and SIGUSR1 end it
# with the terminal restored and the session recorded, exit 128 + N.
sc_pmr_plain_signals() {
	for _how in C-\\ USR1; do
		tui_start --tense 5 --release 5 pmr --plain
		tui_wait "Get ready"
		[ "$(pane_stty)" != "$(cat "$OUT/stty.before")" ] ||
		    fail "pmr --plain runs with the shell's terminal settings"
		case $_how in
		C-\\) _want=131; tui_keys 'C-\' ;;
		USR1) _want=138; tui_signal USR1 ;;
		esac
		tui_exit
		check '[ "$TUI_RC" = "$_want" ]' \
		    "left by $_how: exit $TUI_RC, not $_want"
		stty_same "pmr --plain left by $_how"
		tui_wait "Session recorded"
	done
}

# While "Terminal too small" shows, keys do nothing unseen (space would
# tick, l open the journal, N ask to restart); back at 80x24 the day is
# as it was; q still quits while too small.
sc_too_small_keys() {
	tui_start
	tui_wait "Day 1 of 7"
	tui_wait "[ ]"
	cp "$TUI_LAST" "$T/before.txt"
	tui_resize 40 10
	tui_wait "Terminal too small"
	tui_keys Space j Space l N y r
	sleep 0.3
	tui_resize 80 24
	tui_wait "Today, day 1"
	tui_same "$T/before.txt"
	check '[ "$(screen_count "[✓]")" -eq 0 ]' \
	    "a key pressed while too small ticked a step"
	tui_resize 40 10
	tui_wait "Terminal too small"
	tui_keys q
	tui_exit
	check '[ "$TUI_RC" = 0 ]' "q while too small exited $TUI_RC, not 0"
	status_has '^ *\[ \] 1\.'
}

# LANG=C: the plan's text and a journal note are drawn as the ASCII of
# their dashes and accents, never as raw bytes (~@~S).
sc_ascii_text() {
	wd_at "$DATE" 'done' 1 >/dev/null || fail "done failed"
	wd_at "$(date_plus "$DATE" 1)" log twitches=2 \
	    "note=caf$(printf '\303\251') $(printf '\342\200\223') calm" \
	    >/dev/null || fail "log failed"
	DATE=$(date_plus "$DATE" 2)
	tui_start -e LANG=C -e LC_ALL=C
	tui_wait "Day 3 of 7"
	tui_wait "200-400 mg"
	check '! tui_has "~@"' "raw UTF-8 bytes drawn in the C locale"
	tui_keys l
	tui_wait "Journal"
	tui_keys Left
	tui_wait "cafe - calm"
	check '! tui_has "~@"' "raw UTF-8 bytes in the journal in the C locale"
	tui_keys Escape
	tui_wait "Day 3 of 7"
	tui_keys q
	tui_exit
}

# At 60x20 every screen's footer shows q (or Esc on the journal form);
# the magnesium tip keeps its doctor and kidney clause, day 7 its
# red-flag sentence; the disclaimer shows on the today screen.
sc_layout_60() {
	wd_at "$DATE" 'done' 1 >/dev/null || fail "done failed"
	DATE=$(date_plus "$DATE" 2)
	tui_start -s 60x20
	tui_wait "Day 3 of 7"
	check 'tail -n 1 "$TUI_LAST" | grep -q "q quit"' \
	    "the today footer has no q at 60x20"
	tui_wait "kidney problems"
	tui_wait "not medical advice"
	for _k in d r f '?' i; do
		tui_keys "$_k"
		tui_gone "Today, day 3"
		tui_poll 'tail -n 1 "$TUI_LAST" | grep -q "q back"' ||
		    fail "the footer of $_k has no q at 60x20"
		tui_keys q
		tui_wait "Today, day 3"
	done
	tui_keys l
	tui_poll 'tail -n 1 "$TUI_LAST" | grep -q "Esc back"' ||
	    fail "the journal form's footer has no Esc at 60x20"
	tui_keys Escape
	tui_wait "Today, day 3"
	tui_keys q
	tui_exit
	DATE=$(date_plus "$DATE" 4)
	tui_start -s 60x20
	tui_wait "When to talk to a doctor"
	tui_keys q
	tui_wait "Review of the week"
	tui_keys q
	tui_wait "Day 7 of 7"
	tui_wait "Worth talking over with"
	tui_wait "a doctor"
	tui_keys q
	tui_exit
}

# At 120x40 the today screen shows last night's entry, tonight's
# relaxation and the twitches' trend; at 80x24 it does not.
sc_layout_120() {
	wd_at "$DATE" 'done' 1 >/dev/null || fail "done failed"
	# Whichever night a morning's log lands on, last night holds 2 and
	# the week's first logged night 5.
	wd_at "$DATE" log twitches=5 quality=2 >/dev/null || fail "log failed"
	for _d in 1 2; do
		wd_at "$(date_plus "$DATE" $_d)" log twitches=2 quality=4 \
		    >/dev/null || fail "log failed"
	done
	DATE=$(date_plus "$DATE" 2)
	tui_start -s 120x40
	tui_wait "Day 3 of 7"
	tui_wait "Last night ("
	tui_wait "Twitches noticed: 2"
	tui_wait "Relaxation tonight"
	tui_wait "Twitches a night"
	tui_wait "Fewer than on the first night."
	tui_wait "not medical advice"
	tui_resize 80 24
	tui_gone "Relaxation tonight"
	tui_wait "Today, day 3"
	tui_keys q
	tui_exit
}

# Without colour or dim (TERM=vt100, NO_COLOR) the journal form's
# placeholders are in brackets; a typed value is not.
sc_plain_placeholder() {
	for _env in TERM=vt100 NO_COLOR=1; do
		tui_start -e "$_env"
		tui_wait "Day 1 of 7"
		tui_keys l
		tui_wait "[HH:MM or none]"
		tui_type "13:00"
		tui_wait " 13:00"
		check '! tui_has "[13:00]"' "a typed value is bracketed ($_env)"
		tui_keys Escape
		tui_wait "Unsaved"
		tui_keys d
		tui_wait "Today, day 1"
		tui_keys q
		tui_exit
	done
}

# The red flags answered in the shell before any week: kept, and shown
# in the coach's f screen once the week has started.
sc_flags_no_week() {
	wd flags painful=yes >/dev/null || fail "flags before any week failed"
	tui_start
	tui_wait "Day 1 of 7"
	tui_keys f
	tui_wait "[y] Do the leg movements hurt?"
	tui_wait "worth talking over with a"
	tui_keys q
	tui_wait "Day 1 of 7"
	tui_keys q
	tui_exit
}

# The red-flag screen takes the words `winddown flags` takes, as keys: Y
# and 1 answer yes, N and 0 no.
sc_flags_words() {
	tui_start
	tui_wait "Day 1 of 7"
	tui_keys f
	tui_wait "Do the leg movements hurt?"
	tui_keys Y N 1 0
	tui_wait "[n] Do you feel a strong urge"
	check 'grep -q "\[y\] Do the leg movements hurt?" "$TUI_LAST"' \
	    "Y did not answer yes"
	check 'grep -q "\[y\] Do the movements keep coming back" "$TUI_LAST"' \
	    "1 did not answer yes"
	tui_keys q
	tui_wait "Day 1 of 7"
	tui_keys q
	tui_exit
	wd flags > "$T/flags.out" || fail "winddown flags failed"
	check '[ "$(awk "NR <= 4 { printf \"%s \", \$2 }" "$T/flags.out")" = \
	    "yes no yes no " ]' "the answers saved: $(head -n 4 "$T/flags.out")"
}

# Runner -------------------------------------------------------------------

TUI_SCENARIOS="first_run first_morning day_page week_done weeks_trend bedtime_prefill broken_state broken_month screens resize \
header_60 journal journal_keep pmr pmr_quit_pause pmr_all_skipped pmr_speak review_day7 no_color ascii stty bad_term \
bad_plan broken_guide concurrent journal_others journal_conflict journal_draft_since \
journal_newline journal_replace signals hangup week_changed \
restart_key restart_twice pmr_plain_signals too_small_keys ascii_text \
layout_60 layout_120 plain_placeholder flags_no_week flags_words"

tui_init
[ $# -gt 0 ] && TUI_SCENARIOS=$*
tui_pass=0 tui_fail=0 tui_skip=0 tui_n=0
tui_t0=$(now_ms)
echo "tui: $WD, TERM=$TUI_TERM inside tmux $(tmux -V | cut -d' ' -f2)"
for _name in $TUI_SCENARIOS; do
	tui_n=$((tui_n + 1))
	tui_scenario_setup "$tui_n"
	_t=$(now_ms)
	( "sc_$_name" ) > "$T.log" 2>&1
	_rc=$?
	tui_stop "$tui_n"
	_ms=$(($(now_ms) - _t))
	_x=
	case " $TUI_XFAIL " in *" $_name "*) _x=1 ;; esac
	if [ "$_rc" = 0 ] && [ -z "$_x" ]; then
		tui_pass=$((tui_pass + 1))
		printf 'ok    %2d %-14s %6d ms\n' "$tui_n" "$_name" "$_ms"
		[ -n "$TUI_VERBOSE" ] && sed 's/^/      /' "$T.log"
	elif [ "$_rc" = 0 ]; then
		tui_fail=$((tui_fail + 1))
		printf 'XPASS %2d %-14s %6d ms (marked as a known failure: '\
'remove it from TUI_XFAIL)\n' "$tui_n" "$_name" "$_ms"
	elif [ -n "$_x" ]; then
		tui_skip=$((tui_skip + 1))
		printf 'xfail %2d %-14s %6d ms (known product bug)\n' \
		    "$tui_n" "$_name" "$_ms"
		sed 's/^/      /' "$T.log"
	else
		tui_fail=$((tui_fail + 1))
		printf 'FAIL  %2d %-14s %6d ms\n' "$tui_n" "$_name" "$_ms"
		sed 's/^/      /' "$T.log"
	fi
done
echo "tui: $tui_n scenarios in $(($(now_ms) - tui_t0)) ms"
if [ "$tui_skip" -gt 0 ]; then
	echo "$tui_pass passed, $tui_fail failed, $tui_skip skipped"
else
	echo "$tui_pass passed, $tui_fail failed"
fi
[ "$tui_fail" -eq 0 ]
