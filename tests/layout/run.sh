#!/bin/sh
# The rooms of the code keep their walls (README, "How the code is laid
# out"): the core never includes curses, reads the clock or the
# environment, or reaches up into the program; the program reads the
# clock in app.c only and curses only in ui*.c and screen-*.c; no source
# file grows past 900 lines and main.c stays under 300.
# Prints "ok"/"not ok" lines and ends with "N passed, N failed".

set -u
passed=0
failed=0
ok() { passed=$((passed + 1)); echo "ok - layout: $1"; }
bad() { failed=$((failed + 1)); echo "not ok - layout: $1"; shift; for l; do echo "#   $l"; done; }

CORE=$(make -s --no-print-directory print-core) || exit 1
[ -n "$CORE" ] || { echo "layout: no core files"; exit 1; }

# Code only: comments and strings would give false alarms.
code() { sed -e 's://.*$::' -e 's:"[^"]*"::g' "$@" | awk '
	{ line = $0; out = "" ; while (line != "") {
		if (incomment) { i = index(line, "*/"); if (i == 0) { line = "" } else { line = substr(line, i + 2); incomment = 0 } }
		else { i = index(line, "/*"); if (i == 0) { out = out line; line = "" } else { out = out substr(line, 1, i - 1); line = substr(line, i + 2); incomment = 1 } }
	} print out }'; }

check_none() { # LABEL PATTERN FILE...
	label=$1 pat=$2
	shift 2
	hits=
	for f; do
		if code "$f" | grep -Eq "$pat"; then hits="$hits $f"; fi
	done
	if [ -z "$hits" ]; then ok "$label"; else bad "$label" "in:$hits"; fi
}

check_none "the core includes no curses" '#include *<(n?curses|term)\.h>' $CORE include/winddown/*.h
check_none "the core reads no clock" '(^|[^_a-z])(time|clock_gettime|gettimeofday)\(' $CORE
check_none "the core reads no environment" '(^|[^_a-z])(getenv|secure_getenv)\(' $CORE
check_none "the core includes nothing of the program" '#include *"(app|ui|screen-[a-z-]*)\.h"' $CORE include/winddown/*.h
check_none "the core never prompts" '(^|[^_a-z])(getchar|fgets|getline|scanf)\(.*stdin' $CORE

PROG=$(ls src/*.c | grep -v -x -F "$(echo "$CORE" | tr ' ' '\n')")
NOCLOCK=$(echo "$PROG" | grep -v -x src/app.c)
check_none "the program reads the clock in app.c only" '(^|[^_a-z])(time\(NULL|clock_gettime\(|gettimeofday\()' $NOCLOCK
NOCURSES=$(echo "$PROG" | grep -v -E '^src/(ui|screen-)')
check_none "curses only in ui*.c and screen-*.c" '#include *<n?curses\.h>' $NOCURSES

big=
for f in src/*.c; do
	n=$(wc -l <"$f")
	[ "$n" -le 900 ] || big="$big $f ($n lines)"
done
if [ -z "$big" ]; then ok "no source file over 900 lines"; else bad "files over 900 lines" "$big"; fi
n=$(wc -l <src/main.c)
if [ "$n" -lt 300 ]; then ok "main.c under 300 lines ($n)"; else bad "main.c has $n lines"; fi

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
