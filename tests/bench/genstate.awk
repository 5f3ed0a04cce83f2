# Write a winddown state file holding `nights` journal nights, the last
# one the evening before `today`, with every bundled journal field filled
# as a real person might (a few "none" times, notes with quotes and
# UTF-8), one archived week per seven nights before the current week
# (with ticks and red-flag answers) and a PMR session every other night.
# The current week started `day` - 1 days before `today`, with its
# earlier days ticked.
#
#   awk -v nights=365 -v today=DAYS -v day=3 -f genstate.awk
#
# DAYS counts days since 1970-01-01. Deterministic (fixed seed).
#
#   awk -v what=calcurse -v nights=365 -v today=DAYS -f genstate.awk
#
# writes instead a calcurse `apts` file with the same year: three
# appointments a day for the `nights` days up to and including today.

# Days since 1970-01-01 to YYYY-MM-DD (H. Hinnant's civil_from_days).
function ymd(z,    era, doe, yoe, y, doy, mp, d, m) {
	z += 719468
	era = int((z >= 0 ? z : z - 146096) / 146097)
	doe = z - era * 146097
	yoe = int((doe - int(doe / 1460) + int(doe / 36524) - \
	    int(doe / 146096)) / 365)
	y = yoe + era * 400
	doy = doe - (365 * yoe + int(yoe / 4) - int(yoe / 100))
	mp = int((5 * doy + 2) / 153)
	d = doy - int((153 * mp + 2) / 5) + 1
	m = mp < 10 ? mp + 3 : mp - 9
	if (m <= 2)
		y++
	return sprintf("%04d-%02d-%02d", y, m, d)
}

function hm(min) {
	min = (min % 1440 + 1440) % 1440
	return sprintf("%02d:%02d", int(min / 60), min % 60)
}

function rnd(lo, hi) {
	return lo + int(rand() * (hi - lo + 1))
}

function ticks(ind, ndays, at,    d, s, first) {
	printf "%sticks = ( ", ind
	first = 1
	for (d = 1; d <= ndays; d++) {
		for (s = 1; s <= 3; s++) {
			if (rand() < 0.15)
				continue
			printf "%s\n%s  { day = %d; step = %d; at = %dL; }", \
			    first ? "" : ",", ind, d, s, \
			    at + (d - 1) * 86400 + rnd(0, 7200)
			first = 0
		}
	}
	printf " );\n"
}

function calcurse(    i, d, md) {
	for (i = nights - 1; i >= 0; i--) {
		d = ymd(today - i)
		md = substr(d, 6, 2) "/" substr(d, 9, 2) "/" substr(d, 1, 4)
		printf "%s @ 08:30 -> %s @ 08:45 |Team stand-up\n", md, md
		printf "%s @ 12:30 -> %s @ 13:15 |Lunch with %s\n", md, md, \
		    rnd(0, 1) ? "Sam" : "Alex"
		printf "%s @ 19:00 -> %s @ 19:30 |Evening walk, %d min\n", \
		    md, md, rnd(20, 40)
	}
}

BEGIN {
	srand(20240611)
	if (what == "calcurse") {
		calcurse()
		exit
	}
	# Already escaped for libconfig: \" is a quote, \\ a backslash.
	split("late meeting|walked the dog after dinner|" \
	    "neighbour's \\\"party\\\" until 1am|calm evening — read a book|" \
	    "legs jumpy again, 3 big jolts|stretched for 10 min; felt better|" \
	    "coffee at work, oops|slept at my sister's, café noise|" \
	    "saved it in C:\\\\temp\\\\notes|long day, 12 h shift", notes, "|")
	split("light|moderate|vigorous", inten, "|")
	epoch0 = 1700000000
	start = today - (day - 1)

	print "version = 1;"
	print "settings : {"
	print "  bedtime = \"22:45\";"
	print "  rollover = 4;"
	print "  bell = true;"
	print "};"
	print "week : {"
	printf "  start = \"%s\";\n", ymd(start)
	print "  plan = \"seven-day\";"
	ticks("  ", day - 1, (start - 0) * 86400 + 72000)
	print "};"

	# Archived weeks: one for each seven nights before this week.
	weeks = int(nights / 7)
	printf "archive = ( "
	for (w = weeks; w >= 1; w--) {
		ws = start - 7 * w
		printf "%s\n  {\n", w == weeks ? "" : ","
		printf "    start = \"%s\";\n", ymd(ws)
		print "    plan = \"seven-day\";"
		printf "    ended = %dL;\n", (ws + 7) * 86400 + 68000
		ticks("    ", 7, ws * 86400 + 72000)
		printf "    flags : { painful = false; rhythmic = false; " \
		    "urge = %s; waking = false; daytime = %s; };\n", \
		    rand() < 0.2 ? "true" : "false", \
		    rand() < 0.3 ? "true" : "false"
		printf "    flags_date = \"%s\";\n", ymd(ws + 6)
		printf "  }"
	}
	print " );"

	printf "nights = ( "
	for (i = nights; i >= 1; i--) {
		d = today - i
		bed = 22 * 60 + rnd(0, 100)
		lights = bed + rnd(5, 30)
		lat = rnd(5, 60)
		waso = rnd(0, 50)
		wake = 6 * 60 + 30 + rnd(0, 60)
		printf "%s\n  {\n", i == nights ? "" : ","
		printf "    date = \"%s\";\n", ymd(d)
		printf "    updated = %dL;\n", (d + 1) * 86400 + 27000 + rnd(0, 3600)
		print "    values : {"
		printf "      caffeine = \"%s\";\n", \
		    rand() < 0.15 ? "none" : hm(8 * 60 + rnd(0, 600))
		printf "      exercise = \"%s\";\n", \
		    rand() < 0.3 ? "none" : hm(7 * 60 + rnd(0, 780))
		printf "      intensity = \"%s\";\n", inten[rnd(1, 3)]
		printf "      bedtime = \"%s\";\n", hm(bed)
		printf "      twitches = %d;\n", rnd(0, 8)
		printf "      quality = %d;\n", rnd(1, 5)
		a = rnd(0, 4) - 2
		if (a < 0)
			a = 0
		printf "      alcohol = %d;\n", a
		printf "      alcohol_last = \"%s\";\n", \
		    a == 0 ? "none" : hm(19 * 60 + rnd(0, 180))
		printf "      screens_off = \"%s\";\n", \
		    rand() < 0.1 ? "none" : hm(bed - rnd(0, 90))
		printf "      stress = %d;\n", rnd(1, 5)
		printf "      note = \"%s\";\n", notes[rnd(1, 10)]
		printf "      lights_out = \"%s\";\n", hm(lights)
		printf "      latency = %d;\n", lat
		printf "      awakenings = %d;\n", rnd(0, 4)
		printf "      waso = %d;\n", waso
		printf "      wake = \"%s\";\n", hm(wake)
		printf "      out_of_bed = \"%s\";\n", hm(wake + rnd(0, 30))
		print "    };"
		printf "  }"
	}
	print " );"

	printf "sessions = ( "
	first = 1
	for (i = nights; i >= 1; i -= 2) {
		d = today - i
		full = rand() < 0.3
		fin = rand() < 0.85
		tot = full ? 19 : 8
		printf "%s\n  { night = \"%s\"; routine = \"%s\"; done = %d; " \
		    "total = %d; seconds = %d; finished = %s; rating = %d; " \
		    "at = %dL; }", first ? "" : ",", ymd(d), \
		    full ? "full" : "lower", fin ? tot : rnd(0, tot - 1), tot, \
		    fin ? (full ? 680 : 295) : rnd(30, 250), \
		    fin ? "true" : "false", fin ? rnd(1, 5) : 0, \
		    d * 86400 + 80000
		first = 0
	}
	print " );"
}
