/* The state file: a fresh state, a save/load round-trip of everything,
 * validation messages with file and line, updates, moving a broken file
 * aside, and the in-memory changes (ticks, restart, nights). The lock,
 * the directories made and saves that fail (RLIMIT_FSIZE, a read-only
 * directory, a parent that cannot be created) are in check_fileio.c;
 * the kv lists in check_kv.c; the fixtures in statetest.c. */
#include "statetest.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <sysexits.h>
#include <time.h>
#include <unistd.h>

#include "winddown/day.h"
#include "winddown/state.h"
#include "winddown/util.h"

/* Parse text named "state.cfg"; expect EX_DATAERR and exactly want. */
static void
parse_fails(const char *text, const char *want)
{
	struct state st;
	char        *cause = NULL;
	int          rc;

	rc = state_parse(&st, text, strlen(text), "state.cfg", &cause);
	printf("state: %s\n", cause != NULL ? cause : "(no message)");
	ck_assert_msg(rc == EX_DATAERR, "rc %d for:\n%s", rc, text);
	ck_assert_ptr_nonnull(cause);
	ck_assert_str_eq(cause, want);
	/* What is left is a clean fresh state. */
	ck_assert_int_eq(st.nnights, 0);
	ck_assert_ptr_null(st.nights);
	ck_assert(!st.started);
	free(cause);
}

/* 1-based line of needle in text. */
static int
line_of(const char *text, const char *needle)
{
	const char *p = strstr(text, needle), *q;
	int         line = 1;

	ck_assert_msg(p != NULL, "'%s' not in text", needle);
	for (q = text; q < p; q++)
		line += *q == '\n';
	return line;
}

/* Fresh state and round-trip ------------------------------------------ */

START_TEST(test_fresh)
{
	struct state st;
	char        *cause = NULL;

	ck_assert_int_eq(state_load(&st, spath, &cause), 0);
	ck_assert_ptr_null(cause); /* a first run is not an error */
	ck_assert_int_eq(st.version, STATE_VERSION);
	ck_assert_int_eq(st.settings.bedtime, 22 * 60 + 30);
	ck_assert_int_eq(st.settings.rollover, DAY_ROLLOVER_DEFAULT);
	ck_assert(st.settings.bell);
	ck_assert(!st.settings.speech);
	ck_assert(!st.settings.tones);
	ck_assert(!st.started);
	ck_assert(!st.has_draft);
	ck_assert_int_eq(st.nnights, 0);
	ck_assert_int_eq(st.narchive, 0);
	ck_assert_int_eq(st.nsessions, 0);
	ck_assert(!exists(spath)); /* loading creates nothing */
	state_free(&st);

	/* A file with only a version is fresh too. */
	cause = NULL;
	ck_assert_int_eq(state_parse(&st, "version = 1;\n", 13, "s", &cause),
	    0);
	ck_assert_ptr_null(cause);
	ck_assert_int_eq(st.settings.bedtime, STATE_BEDTIME_DEFAULT);
	ck_assert(!st.started);
	state_free(&st);
}
END_TEST

START_TEST(test_roundtrip)
{
	struct state a, b;
	char        *first, *second, *again = xasprintf("%s/again.cfg", dir);
	size_t       n1, n2;
	struct stat  sb;

	fill(&a);
	ck_assert_int_eq(a.narchive, 2);
	save_ok(&a, spath);
	ck_assert_int_eq(stat(spath, &sb), 0);
	ck_assert_int_eq(sb.st_mode & 0777, 0600);
	load_ok(&b, spath);
	same_state(&a, &b);
	/* Nights came back sorted by date. */
	ck_assert_int_eq(b.nights[0].date, D(2026, 3, 2));
	ck_assert_int_eq(b.nights[2].date, D(2026, 12, 31));
	ck_assert_str_eq(kv_get(&b.nights[0].kv, "text_0")->s,
	    "\xc3\xa9 \xe2\x9c\x93");
	ck_assert_str_eq(kv_get(&b.nights[0].kv, "text_3")->s, "two\nlines\n");
	ck_assert_int_eq(kv_get(&b.nights[0].kv, "llong_min")->i, LLONG_MIN);
	/* Saving what was loaded writes the same bytes. */
	save_ok(&b, again);
	first = slurp_tree(spath, &n1);
	second = slurp_tree(again, &n2);
	ck_assert_int_eq(n1, n2);
	ck_assert_msg(memcmp(first, second, n1) == 0, "second save differs");
	printf("state: full round-trip, %zu bytes\n", n1);
	ck_assert_int_eq(count_temps(dir), 0);
	free(first);
	free(second);
	free(again);
	state_free(&a);
	state_free(&b);
	/* state_free leaves a fresh state that can be freed again. */
	ck_assert_int_eq(b.nnights, 0);
	state_free(&b);
}
END_TEST

/* Whatever state_save writes, state_load must read back: a file the
 * program wrote and then refuses would lock the user out (it is never
 * overwritten). Values below are all representable in memory. */
START_TEST(test_saved_file_loads)
{
	static const char *const odd[] = { "carriage\rreturn", "del\x7f",
		"bell\a", "esc\x1b[0m" };
	struct state a, b;
	char        *cause = NULL;
	struct buf   big = { 0 };
	size_t       i;
	int          rc;

	state_init(&a);
	for (i = 0; i < WD_NELEM(odd); i++) {
		struct night *n = state_night_get(&a, D(2026, 3, 1) + (int)i);

		kv_set_str(&n->kv, "note", odd[i]);
	}
	for (i = 0; i < 5000; i++)
		buf_puts(&big, "\xc3\xa9");
	a.has_draft = true;
	a.draft.date = D(2026, 3, 9);
	kv_set_str(&a.draft.kv, "note", big.data);
	buf_free(&big);
	rc = state_save(&a, spath, &cause);
	if (rc == 0) {
		rc = state_load(&b, spath, &cause);
		ck_assert_msg(rc == 0, "state_save wrote a file that state_load "
		    "refuses: %s", cause);
		same_state(&a, &b);
		state_free(&b);
	} else {
		printf("state: save refused: %s\n", cause);
		ck_assert(!exists(spath));
	}
	ck_assert_int_eq(count_temps(dir), 0);
	free(cause);
	state_free(&a);
}
END_TEST

/* A red-flag id may start with a digit (plan ids are [a-z0-9_-]), but a
 * libconfig setting name may not. Saving refuses it with a message naming
 * the id and writes nothing (it never writes what it could not read
 * back). Run in a child so a crash is reported rather than taking the
 * runner down. */
START_TEST(test_save_odd_names)
{
	pid_t   pid;
	int     status, pfd[2], code = -1;
	char    msg[512] = "";
	ssize_t n;

	ck_assert_int_eq(pipe(pfd), 0);
	pid = fork();
	ck_assert_int_ne(pid, -1);
	if (pid == 0) {
		struct state a, b;
		char        *cause = NULL, *line;
		int          rc;

		close(pfd[0]);
		state_init(&a);
		state_start_week(&a, D(2026, 3, 2), "seven-day");
		kv_set_bool(&a.week.flags, "2am-wakes", true);
		kv_set_bool(&a.week.flags, "-dash", true);
		rc = state_save(&a, spath, &cause);
		if (rc == 0) {
			rc = state_load(&b, spath, &cause);
			if (rc == 0 && (b.week.flags.n != 2 ||
			    kv_get(&b.week.flags, "2am-wakes") == NULL))
				rc = 99;
		} else if (exists(spath))
			rc = 98; /* refused, but wrote */
		else
			rc = 0; /* refused cleanly */
		line = xasprintf("%d %s", rc, cause != NULL ? cause : "");
		(void)!write(pfd[1], line, strlen(line));
		_exit(0);
	}
	close(pfd[1]);
	n = read(pfd[0], msg, sizeof msg - 1);
	msg[n > 0 ? n : 0] = '\0';
	close(pfd[0]);
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert_msg(!WIFSIGNALED(status), "state_save crashed (signal %d) "
	    "on a flag id starting with a digit", WTERMSIG(status));
	ck_assert_msg(sscanf(msg, "%d", &code) == 1, "state_save died without "
	    "reporting (exit status %d; a sanitizer's report of a crash?) on "
	    "a flag id starting with a digit", WEXITSTATUS(status));
	ck_assert_msg(code == 0, "%s", msg);
	ck_assert_msg(strstr(msg, "'2am-wakes' is not a usable name") != NULL,
	    "not refused as it should be: %s", msg);
	ck_assert(!exists(spath));
	ck_assert_int_eq(count_temps(dir), 0);
}
END_TEST

/* A save merges the months it did not load: loaded with no history, or
 * with one month only, and saved with a change, the state keeps every
 * night of every month. */
START_TEST(test_save_unloaded_months)
{
	struct state a, b;
	char        *cause = NULL;
	int          dates[3] = { D(2026, 1, 10), D(2026, 2, 10),
	    D(2026, 3, 10) };
	int          i;

	state_init(&a);
	state_start_week(&a, D(2026, 3, 9), "seven-day");
	for (i = 0; i < 3; i++)
		kv_set_int(&state_night_get(&a, dates[i])->kv, "twitches",
		    i + 1);
	ck_assert_msg(state_save(&a, spath, &cause) == 0, "%s", cause);
	state_free(&a);

	/* No history loaded; a settings change saved. */
	ck_assert_msg(state_load_span(&a, spath, state_span_none(), &cause) ==
	    0, "%s", cause);
	ck_assert_int_eq(a.nnights, 0);
	a.settings.bell = false;
	ck_assert_msg(state_save(&a, spath, &cause) == 0, "%s", cause);
	state_free(&a);
	ck_assert_msg(state_load(&b, spath, &cause) == 0, "%s", cause);
	ck_assert_int_eq(b.nnights, 3);
	ck_assert(!b.settings.bell);
	state_free(&b);

	/* March only; a night added there. */
	ck_assert_msg(state_load_span(&a, spath, state_span_dates(dates[2],
	    dates[2]), &cause) == 0, "%s", cause);
	ck_assert_int_eq(a.nnights, 1);
	kv_set_int(&state_night_get(&a, D(2026, 3, 11))->kv, "twitches", 9);
	ck_assert_msg(state_save(&a, spath, &cause) == 0, "%s", cause);
	state_free(&a);
	ck_assert_msg(state_load(&b, spath, &cause) == 0, "%s", cause);
	ck_assert_int_eq(b.nnights, 4);
	for (i = 0; i < 3; i++) {
		ck_assert_ptr_nonnull(state_night(&b, dates[i]));
		ck_assert_int_eq(kv_get(&state_night(&b, dates[i])->kv,
		    "twitches")->i, i + 1);
	}
	state_free(&b);
	free(cause);
}
END_TEST

START_TEST(test_many_nights)
{
	struct state a, b;
	size_t       len;
	char        *text;
	int          i, start = D(2016, 1, 1);

	state_init(&a);
	/* Inserted newest first, the worst order for a sorted array. */
	for (i = 3649; i >= 0; i--) {
		struct night *n = state_night_get(&a, start + i);
		char          t[6];

		n->updated = T0 + i;
		kv_set_int(&n->kv, "twitches", i % 17);
		kv_set_int(&n->kv, "quality", 1 + i % 5);
		hhmm_format(600 + i % 600, t);
		kv_set_str(&n->kv, "caffeine", t);
		kv_set_bool(&n->kv, "nap", i % 2);
		kv_set_str(&n->kv, "note", "night \xc3\xa9");
	}
	ck_assert_int_eq(a.nnights, 3650);
	for (i = 1; i < a.nnights; i++)
		ck_assert_int_eq(a.nights[i].date, a.nights[i - 1].date + 1);
	save_ok(&a, spath);
	load_ok(&b, spath);
	same_state(&a, &b);
	ck_assert_ptr_eq(state_night(&b, start + 1234), &b.nights[1234]);
	ck_assert_int_eq(kv_get(&state_night(&b, start + 1234)->kv,
	    "twitches")->i, 1234 % 17);
	text = slurp(spath, &len);
	printf("state: 3650 nights round-trip, %zu bytes\n", len);
	free(text);
	state_free(&a);
	state_free(&b);
}
END_TEST

/* A version 1 main file (history in it) beside a month file for the
 * same month: a save that died between the two, or a v1 file put back.
 * Nothing of either is lost: a night in both is the one updated last
 * (the month file's on a tie), and sessions are kept once each. After a
 * save the main file holds no history and everything reads back. */
static const char v1_main[] =
    "version = 1;\n"
    "nights = (\n"
    "  { date = \"2026-03-01\"; updated = 100L; values = { twitches = 1; }; },\n"
    "  { date = \"2026-03-02\"; updated = 200L; values = { twitches = 2; }; },\n"
    "  { date = \"2026-03-03\"; updated = 300L; values = { twitches = 9; }; },\n"
    "  { date = \"2026-04-01\"; updated = 100L; values = { twitches = 4; }; }\n"
    ");\n"
    "sessions = (\n"
    "  { night = \"2026-03-01\"; routine = \"lower\"; done = 3; total = 7;\n"
    "    seconds = 300; finished = false; at = 5L; },\n"
    "  { night = \"2026-03-05\"; routine = \"lower\"; done = 7; total = 7;\n"
    "    seconds = 600; finished = true; at = 6L; }\n"
    ");\n";
static const char v1_month[] =
    "version = 2;\n"
    "nights = (\n"
    "  { date = \"2026-03-02\"; updated = 200L; values = { twitches = 7; }; },\n"
    "  { date = \"2026-03-03\"; updated = 200L; values = { twitches = 3; }; },\n"
    "  { date = \"2026-03-05\"; updated = 200L; values = { twitches = 5; }; }\n"
    ");\n"
    "sessions = (\n"
    "  { night = \"2026-03-05\"; routine = \"lower\"; done = 7; total = 7;\n"
    "    seconds = 600; finished = true; at = 6L; }\n"
    ");\n";

static void
v1_expect(const struct state *st)
{
	static const int days[] = { 1, 2, 3, 5 }, tw[] = { 1, 7, 9, 5 };
	int i;

	ck_assert_int_eq(st->nnights, 5);
	for (i = 0; i < 4; i++) {
		ck_assert_int_eq(st->nights[i].date, D(2026, 3, days[i]));
		ck_assert_int_eq(kv_get(&st->nights[i].kv, "twitches")->i, tw[i]);
	}
	ck_assert_int_eq(st->nights[4].date, D(2026, 4, 1));
	ck_assert_int_eq(kv_get(&st->nights[4].kv, "twitches")->i, 4);
	ck_assert_int_eq(st->nsessions, 2);
	ck_assert_int_eq(st->sessions[0].night, D(2026, 3, 1));
	ck_assert_int_eq(st->sessions[1].night, D(2026, 3, 5));
}

START_TEST(test_v1_and_month_file)
{
	struct state st;
	char        *side = xasprintf("%s.d", spath), *month, *text;
	char        *cause = NULL;

	month = xasprintf("%s/2026-03.cfg", side);
	ck_assert_int_eq(mkdir(side, 0700), 0);
	spew_text(spath, v1_main);
	spew_text(month, v1_month);
	load_ok(&st, spath);
	v1_expect(&st);
	ck_assert_int_eq(state_save(&st, spath, &cause), 0);
	state_free(&st);
	text = slurp(spath, NULL);
	ck_assert_ptr_null(strstr(text, "nights"));
	ck_assert_ptr_null(strstr(text, "sessions"));
	free(text);
	load_ok(&st, spath);
	v1_expect(&st);
	state_free(&st);
	free(month);
	free(side);
	free(cause);
}
END_TEST

/* Validation ---------------------------------------------------------- */

START_TEST(test_nights_sorted)
{
	static const char text[] =
	    "version = 1;\n"
	    "nights = (\n"
	    "  { date = \"2026-03-05\"; values = { twitches = 5; }; },\n"
	    "  { date = \"2026-03-01\"; values = { twitches = 1; }; },\n"
	    "  { date = \"2026-03-03\"; values = { twitches = 3; }; }\n"
	    ");\n";
	struct state st;
	char        *cause = NULL;
	int          i;

	ck_assert_int_eq(state_parse(&st, text, strlen(text), "state.cfg",
	    &cause), 0);
	ck_assert_int_eq(st.nnights, 3);
	for (i = 0; i < 3; i++) {
		ck_assert_int_eq(st.nights[i].date, D(2026, 3, 1 + 2 * i));
		ck_assert_int_eq(kv_get(&st.nights[i].kv, "twitches")->i,
		    1 + 2 * i);
	}
	ck_assert_int_eq(st.nights[0].updated, 0);
	ck_assert_ptr_nonnull(state_night(&st, D(2026, 3, 3)));
	ck_assert_ptr_null(state_night(&st, D(2026, 3, 2)));
	state_free(&st);
}
END_TEST

START_TEST(test_nights_duplicate)
{
	static const char text[] =
	    "version = 1;\n"
	    "nights = (\n"
	    "  { date = \"2026-03-05\"; },\n"
	    "  { date = \"2026-03-01\"; },\n"
	    "  { date = \"2026-03-05\"; values = { twitches = 3; }; }\n"
	    ");\n";
	char *want;

	/* Reported at the list: the nights were sorted by then. */
	want = xasprintf("state.cfg:%d: night 2026-03-05 appears twice",
	    line_of(text, "nights = ("));
	parse_fails(text, want);
	free(want);
}
END_TEST

/* What state_save checks before a rename: the text whole. Cut at a
 * setting (it still parses), inside one, before the last newline, with
 * a NUL, or over the size limit, it is refused. */
START_TEST(test_check_text)
{
	static const char whole[] =
	    "version = 2;\n"
	    "nights = ( { date = \"2026-03-01\"; values = { twitches = 1; }; } );\n"
	    "sessions = ( );\n";
	char   *cause = NULL, *cut;
	size_t  len = strlen(whole), at;

	ck_assert_int_eq(state_check_text("m.cfg", whole, len, 3, &cause), 0);
	ck_assert_ptr_null(cause);
	/* One setting short, though it parses. */
	at = (size_t)(strstr(whole, "sessions") - whole);
	cut = xstrndup(whole, at);
	ck_assert_int_eq(state_check_text("m.cfg", cut, at, 3, &cause),
	    EX_OSERR);
	ck_assert_str_eq(cause, "m.cfg: cannot save: the text made for it "
	    "does not read back (out of memory?); the file was not changed");
	free(cut);
	/* Inside a setting. */
	cut = xstrndup(whole, 30);
	ck_assert_int_eq(state_check_text("m.cfg", cut, 30, 3, &cause),
	    EX_OSERR);
	free(cut);
	/* The last newline missing; a NUL inside. */
	cut = xstrndup(whole, len - 1);
	ck_assert_int_eq(state_check_text("m.cfg", cut, len - 1, 3, &cause),
	    EX_OSERR);
	ck_assert_str_eq(cause, "m.cfg: cannot save: the text made for it is "
	    "incomplete (out of memory?); the file was not changed");
	cut[10] = '\0';
	cut[len - 2] = '\n';
	ck_assert_int_eq(state_check_text("m.cfg", cut, len - 1, 3, &cause),
	    EX_OSERR);
	free(cut);
	ck_assert_int_eq(state_check_text("m.cfg", "", 0, 0, &cause), EX_OSERR);
	/* The size limit, and a byte under it. */
	state_max_file = len - 1;
	ck_assert_int_eq(state_check_text("m.cfg", whole, len, 3, &cause),
	    EX_DATAERR);
	state_max_file = len;
	ck_assert_int_eq(state_check_text("m.cfg", whole, len, 3, &cause), 0);
	state_max_file = STATE_MAX_FILE;
	free(cause);
}
END_TEST

START_TEST(test_version_newer)
{
	parse_fails("# written by winddown 9\nversion = 3;\nnights = ( );\n",
	    "state.cfg:2: written by a newer winddown (version 3; this one "
	    "reads up to 2)");
	parse_fails("version = 0;\n",
	    "state.cfg:1: 'version' is 0; it must be 1 to 2147483647");
	parse_fails("settings = { bell = true; };\n",
	    "state.cfg: missing 'version'");
}
END_TEST

/* One broken state per kind of error; the marker names the line. */
static const struct {
	const char *text;
	const char *marker; /* the line the message names */
	const char *message;
} bad_states[] = {
	{ "version = \"1\";\n", "version",
	  "'version' must be a whole number" },
	{ "version = 1;\nsettings = {\n  bedtime = \"25:00\";\n};\n",
	  "bedtime", "'bedtime' must be a time \"HH:MM\"" },
	{ "version = 1;\nsettings = {\n  bedtime = 1350;\n};\n",
	  "bedtime", "'bedtime' must be a time \"HH:MM\"" },
	{ "version = 1;\nsettings = {\n  rollover = 13;\n};\n",
	  "rollover", "'rollover' is 13; it must be 0 to 12" },
	{ "version = 1;\nsettings = {\n  rollover = -1;\n};\n",
	  "rollover", "'rollover' is -1; it must be 0 to 12" },
	{ "version = 1;\nsettings = {\n  bell = 1;\n};\n",
	  "bell", "'bell' must be true or false" },
	{ "version = 1;\nsettings = {\n  speech = \"on\";\n};\n",
	  "speech", "'speech' must be true or false" },
	{ "version = 1;\nsettings = {\n  tones = 0;\n};\n",
	  "tones", "'tones' must be true or false" },
	{ "version = 1;\nsettings = ( );\n",
	  "settings", "'settings' must be a group { ... }" },
	{ "version = 1;\nweek = {\n  start = 20260302;\n  plan = \"x\";\n};\n",
	  "start", "'start' must be a date \"YYYY-MM-DD\"" },
	{ "version = 1;\nweek = {\n  start = \"2026-02-30\";\n  plan = \"x\";\n"
	  "};\n", "start", "'start' must be a date \"YYYY-MM-DD\"" },
	{ "version = 1;\nweek = {\n  start = \"2026-03-02\";\n};\n",
	  "week", "missing 'plan'" },
	{ "version = 1;\nweek = {\n  start = \"2026-03-02\";\n  plan = \"Bad "
	  "Id\";\n};\n", "plan =",
	  "'plan' must be 1-32 characters of a-z, 0-9, '-' and '_'" },
	{ "version = 1;\nweek = {\n  start = \"2026-03-02\";\n  plan = \"x\";\n"
	  "  ticks = (\n    { day = \"1\"; step = 1; at = 5; }\n  );\n};\n",
	  "day =", "'day' must be a whole number" },
	{ "version = 1;\nweek = {\n  start = \"2026-03-02\";\n  plan = \"x\";\n"
	  "  ticks = (\n    { day = 1; step = 9; at = 5; }\n  );\n};\n",
	  "step =", "'step' is 9; it must be 1 to 8" },
	{ "version = 1;\nweek = {\n  start = \"2026-03-02\";\n  plan = \"x\";\n"
	  "  ticks = (\n    { day = 3661; step = 1; at = 5; }\n  );\n};\n",
	  "day =", "'day' is 3661; it must be 1 to 3660" },
	{ "version = 1;\nweek = {\n  start = \"2026-03-02\";\n  plan = \"x\";\n"
	  "  ticks = (\n    { day = 40; step = 2; at = 5; },\n"
	  "    { day = 1; step = 2; at = 6; },\n"
	  "    { day = 40; step = 1; at = 7; },\n"
	  "    { day = 40; step = 2; at = 8; }\n  );\n};\n",
	  "at = 8", "day 40 step 2 is ticked twice" },
	{ "version = 1;\nweek = {\n  start = \"2026-03-02\";\n  plan = \"x\";\n"
	  "  ticks = (\n    { day = 1; step = 1; at = 5; },\n"
	  "    { day = 1; step = 1; at = 6; }\n  );\n};\n",
	  "at = 6", "day 1 step 1 is ticked twice" },
	{ "version = 1;\nweek = {\n  start = \"2026-03-02\";\n  plan = \"x\";\n"
	  "  ticks = ( 1, 2 );\n};\n", "ticks", "a tick must be a group" },
	{ "version = 1;\nweek = {\n  start = \"2026-03-02\";\n  plan = \"x\";\n"
	  "  flags = ( true );\n};\n", "flags",
	  "'flags' must be a group { ... }" },
	{ "version = 1;\narchive = (\n  { start = \"2026-03-02\"; plan = "
	  "\"x\"; }\n);\n", "{ start", "missing 'ended'" },
	{ "version = 1;\nnights = 5;\n", "nights",
	  "'nights' must be a list ( ... )" },
	{ "version = 1;\nnights = (\n  { updated = 5L; }\n);\n", "updated",
	  "missing 'date'" },
	{ "version = 1;\nnights = (\n  { date = \"2026-03-01\";\n"
	  "    values = { twitches = [ 1, 2 ]; };\n  }\n);\n", "twitches",
	  "'twitches' must be a number, text or true/false" },
	{ "version = 1;\nnights = (\n  { date = \"2026-03-01\";\n"
	  "    values = { note = \"caf\xe9\"; };\n  }\n);\n", "note",
	  "'note' is not valid UTF-8 text" },
	{ "version = 1;\nnights = (\n  { date = \"2026-03-01\";\n"
	  "    updated = -1;\n  }\n);\n", "updated",
	  "'updated' is -1; it must be 0 to 9223372036854775807" },
	{ "version = 1;\nnights = (\n  { date = \"2026-03-01\";\n"
	  "    updated = 9999999999;\n  }\n);\n", "updated",
	  "integer 9999999999 is out of range (libconfig would wrap it; "
	  "64-bit values need an L suffix)" },
	{ "version = 1;\nsessions = (\n  { night = \"2026-03-01\"; routine = "
	  "\"lower\"; done = 4;\n    total = 4; seconds = 60; finished = true;"
	  "\n    rating = 6; at = 1L; }\n);\n", "rating",
	  "'rating' is 6; it must be 0 to 5" },
	{ "version = 1;\nsessions = (\n  { night = \"2026-03-01\"; routine = "
	  "\"lower\"; done = 5;\n    total = 4; seconds = 60; finished = true;"
	  " at = 1L; }\n);\n", "done = 5", "'done' is 5; it must be 0 to 4" },
	{ "version = 1;\ndraft = {\n  date = \"someday\";\n};\n", "date",
	  "'date' must be a date \"YYYY-MM-DD\"" },
	{ "version = 1;\n@include \"/etc/passwd\"\n", "@include",
	  "@include is not allowed in this file" },
	{ "version = 1;\nsettings = {\n  bedtime = \"22:30\"\n", "bedtime",
	  "syntax error" },
	{ "version = 1;\nnights = ( { date = \"2026-03-01\"; }, );\n",
	  "nights", "syntax error" },
};

START_TEST(test_bad_state)
{
	const char *text = bad_states[_i].text;
	char       *want;
	int         line = line_of(text, bad_states[_i].marker);

	/* A syntax error at the end of the text is reported at the last
	 * line libconfig read. */
	if (strcmp(bad_states[_i].message, "syntax error") == 0 &&
	    strstr(text, "bedtime = \"22:30\"\n") != NULL)
		line = 4;
	want = xasprintf("state.cfg:%d: %s", line, bad_states[_i].message);
	parse_fails(text, want);
	free(want);
}
END_TEST

START_TEST(test_bad_files)
{
	struct state st;
	char        *cause = NULL, *want;
	int          rc;

	/* A directory where the state file should be. */
	ck_assert_int_eq(mkdir(spath, 0700), 0);
	rc = state_load(&st, spath, &cause);
	ck_assert_int_eq(rc, EX_DATAERR);
	want = xasprintf("%s: Is a directory", spath);
	ck_assert_str_eq(cause, want);
	free(want);
	ck_assert_int_eq(rmdir(spath), 0);
	/* Larger than STATE_MAX_FILE (a sparse file: nothing is read). */
	spew_text(spath, "version = 1;\n");
	ck_assert_int_eq(truncate(spath, (off_t)STATE_MAX_FILE + 1), 0);
	rc = state_load(&st, spath, &cause);
	ck_assert_int_eq(rc, EX_DATAERR);
	want = xasprintf("%s: file is too large (%lld bytes; at most %d)",
	    spath, (long long)STATE_MAX_FILE + 1, STATE_MAX_FILE);
	ck_assert_str_eq(cause, want);
	free(want);
	/* An empty file is not a state: no version. */
	spew_text(spath, "");
	rc = state_load(&st, spath, &cause);
	ck_assert_int_eq(rc, EX_DATAERR);
	want = xasprintf("%s: missing 'version'", spath);
	ck_assert_str_eq(cause, want);
	free(want);
	/* Messages name the path given. */
	spew_text(spath, "version = 1;\nsettings = {\n  rollover = 99;\n};\n");
	rc = state_load(&st, spath, &cause);
	ck_assert_int_eq(rc, EX_DATAERR);
	want = xasprintf("%s:3: 'rollover' is 99; it must be 0 to 12", spath);
	ck_assert_str_eq(cause, want);
	free(want);
	free(cause);
}
END_TEST

/* Updates ------------------------------------------------------------ */

START_TEST(test_update)
{
	struct change c = { .day = 1, .step = 2 };
	struct state  out, st;
	char         *cause = NULL, *before, *after;
	int           rc;

	state_init(&out);
	rc = state_update(spath, 1000, tick_change, &c, &out, &cause);
	ck_assert_msg(rc == 0, "%s", cause);
	ck_assert_int_eq(c.calls, 1);
	ck_assert(out.started);
	ck_assert(state_ticked(&out, 1, 2));
	load_ok(&st, spath);
	same_state(&out, &st);
	state_free(&st);
	/* A second update sees the first. */
	c.step = 3;
	rc = state_update(spath, 1000, tick_change, &c, NULL, &cause);
	ck_assert_int_eq(rc, 0);
	load_ok(&st, spath);
	ck_assert_int_eq(state_day_ticks(&st, 1), 2);
	state_free(&st);
	/* A change that fails writes nothing and keeps its code. */
	before = slurp(spath, NULL);
	c.rc = EX_USAGE;
	c.step = 4;
	rc = state_update(spath, 1000, tick_change, &c, &out, &cause);
	ck_assert_int_eq(rc, EX_USAGE);
	ck_assert_str_eq(cause, "change refused");
	after = slurp(spath, NULL);
	ck_assert_str_eq(before, after);
	ck_assert(!state_ticked(&out, 1, 4)); /* out untouched */
	ck_assert(state_ticked(&out, 1, 2));
	ck_assert_int_eq(count_temps(dir), 0);
	free(before);
	free(after);
	free(cause);
	state_free(&out);
}
END_TEST

/* A state file that fails to parse is never overwritten. */
START_TEST(test_update_keeps_broken)
{
	static const char broken[] = "version = 1;\nsettings = {\n"
	    "  rollover = 99;\n};\nnights = ( { date = \"2026-03-01\"; "
	    "values = { note = \"keep me\"; }; } );\n";
	struct change c = { .day = 1, .step = 1 };
	char         *cause = NULL, *after, *want;
	int           rc;

	spew_text(spath, broken);
	rc = state_update(spath, 1000, tick_change, &c, NULL, &cause);
	printf("state: update of a broken file: %d %s\n", rc, cause);
	ck_assert_int_eq(rc, EX_DATAERR);
	ck_assert_int_eq(c.calls, 0);
	want = xasprintf("%s:3: 'rollover' is 99; it must be 0 to 12", spath);
	ck_assert_str_eq(cause, want);
	after = slurp(spath, NULL);
	ck_assert_str_eq(after, broken);
	ck_assert_int_eq(count_temps(dir), 0);
	free(after);
	free(want);
	free(cause);
	/* Likewise a syntax error. */
	cause = NULL;
	spew_text(spath, "version = 1;\nnights = (\n");
	rc = state_update(spath, 1000, tick_change, &c, NULL, &cause);
	ck_assert_int_eq(rc, EX_DATAERR);
	ck_assert_ptr_nonnull(strstr(cause, "state.cfg:"));
	ck_assert_ptr_nonnull(strstr(cause, "syntax error"));
	after = slurp(spath, NULL);
	ck_assert_str_eq(after, "version = 1;\nnights = (\n");
	ck_assert_int_eq(c.calls, 0);
	free(after);
	free(cause);
}
END_TEST

START_TEST(test_move_aside)
{
	char       *cause = NULL, *newpath = NULL, *want, *text;
	const char *old_tz = getenv("TZ");
	char       *saved = old_tz != NULL ? xstrdup(old_tz) : NULL;
	int         rc;

	spew_text(spath, "version = 1;\nbroken = (\n");
	setenv("TZ", "UTC", 1);
	tzset();
	/* 2026-03-02 21:05:09 UTC */
	rc = state_move_aside(spath, (long long)D(2026, 3, 2) * 86400 +
	    21 * 3600 + 5 * 60 + 9, &newpath, &cause);
	if (saved != NULL)
		setenv("TZ", saved, 1);
	else
		unsetenv("TZ");
	tzset();
	free(saved);
	ck_assert_msg(rc == 0, "%s", cause);
	want = xasprintf("%s.broken-20260302-210509", spath);
	ck_assert_str_eq(newpath, want);
	ck_assert(!exists(spath));
	text = slurp(newpath, NULL);
	ck_assert_str_eq(text, "version = 1;\nbroken = (\n");
	free(text);
	/* Now the state loads fresh. */
	{
		struct state st;

		load_ok(&st, spath);
		ck_assert(!st.started);
		state_free(&st);
	}
	/* Nothing to move. */
	free(newpath);
	newpath = NULL;
	rc = state_move_aside(spath, 0, &newpath, &cause);
	ck_assert_int_eq(rc, EX_IOERR);
	ck_assert_ptr_null(newpath);
	ck_assert_ptr_nonnull(strstr(cause, "No such file or directory"));
	free(want);
	free(cause);
}
END_TEST

/* In-memory changes --------------------------------------------------- */

START_TEST(test_tick)
{
	struct state st;

	state_init(&st);
	state_start_week(&st, D(2026, 3, 2), "seven-day");
	ck_assert(st.started);
	ck_assert_int_eq(st.week.start, D(2026, 3, 2));
	ck_assert_str_eq(st.week.plan, "seven-day");
	ck_assert(!state_ticked(&st, 1, 1));
	ck_assert(state_tick(&st, 1, 1, true, T0));
	ck_assert(state_ticked(&st, 1, 1));
	ck_assert(!state_tick(&st, 1, 1, true, T0 + 99)); /* idempotent */
	ck_assert_int_eq(st.week.nticks, 1);
	ck_assert_int_eq(st.week.ticks[0].at, T0); /* first tick kept */
	ck_assert(state_tick(&st, 1, 2, true, T0 + 1));
	ck_assert(state_tick(&st, 2, 1, true, T0 + 2));
	ck_assert_int_eq(state_day_ticks(&st, 1), 2);
	ck_assert_int_eq(state_day_ticks(&st, 2), 1);
	ck_assert_int_eq(state_day_ticks(&st, 3), 0);
	ck_assert(state_tick(&st, 1, 1, false, T0 + 3));
	ck_assert(!state_ticked(&st, 1, 1));
	ck_assert(!state_tick(&st, 1, 1, false, T0 + 4)); /* idempotent */
	ck_assert(!state_tick(&st, 6, 4, false, T0 + 4));
	ck_assert_int_eq(state_day_ticks(&st, 1), 1);
	ck_assert(state_ticked(&st, 1, 2));
	ck_assert(state_ticked(&st, 2, 1));
	ck_assert_int_eq(st.week.nticks, 2);
	/* A habit day keeps its ticks, to the last day and step kept. */
	ck_assert(state_tick(&st, STATE_MAX_DAY, STATE_MAX_STEP, true, 1));
	ck_assert(state_ticked(&st, STATE_MAX_DAY, STATE_MAX_STEP));
	ck_assert(!state_tick(&st, STATE_MAX_DAY + 1, 1, true, 1));
	ck_assert(!state_tick(&st, 9, STATE_MAX_STEP + 1, true, 1));
	ck_assert(!state_tick(&st, 0, 1, true, 1));
	ck_assert(!state_tick(&st, 9, 0, true, 1));
	ck_assert(state_tick(&st, STATE_MAX_DAY, STATE_MAX_STEP, false, 1));
	ck_assert_int_eq(st.week.nticks, 2);
	/* Untick everything, tick again. */
	ck_assert(state_tick(&st, 1, 2, false, 0));
	ck_assert(state_tick(&st, 2, 1, false, 0));
	ck_assert_int_eq(st.week.nticks, 0);
	ck_assert(state_tick(&st, 7, 4, true, T0 + 5));
	ck_assert_int_eq(st.week.ticks[0].day, 7);
	ck_assert_int_eq(st.week.ticks[0].step, 4);
	/* Starting a week again clears it. */
	state_start_week(&st, D(2026, 4, 1), "seven-day");
	ck_assert_int_eq(st.week.nticks, 0);
	ck_assert_int_eq(st.narchive, 0);
	state_free(&st);
}
END_TEST

/* Red-flag answers given before any week are saved in the main file
 * and become the first week's when it starts; a restart does not carry
 * a week's answers into the next. */
START_TEST(test_flags_before_week)
{
	struct state a, b;
	char        *cause = NULL;
	const struct kv *v;

	state_init(&a);
	kv_set_bool(&a.week.flags, "painful", true);
	kv_set_bool(&a.week.flags, "waking", false);
	a.week.flags_date = D(2026, 3, 1);
	ck_assert_int_eq(state_save(&a, spath, &cause), 0);
	ck_assert_int_eq(state_load(&b, spath, &cause), 0);
	ck_assert(!b.started);
	ck_assert_int_eq(b.week.flags.n, 2);
	ck_assert((v = kv_get(&b.week.flags, "painful")) != NULL && v->i);
	ck_assert((v = kv_get(&b.week.flags, "waking")) != NULL && !v->i);
	ck_assert_int_eq(b.week.flags_date, D(2026, 3, 1));
	state_start_week(&b, D(2026, 3, 2), "seven-day");
	ck_assert(b.started);
	ck_assert_int_eq(b.week.start, D(2026, 3, 2));
	ck_assert_int_eq(b.week.flags.n, 2);
	ck_assert_int_eq(b.week.flags_date, D(2026, 3, 1));
	ck_assert_int_eq(state_save(&b, spath, &cause), 0);
	state_free(&a);
	ck_assert_int_eq(state_load(&a, spath, &cause), 0);
	ck_assert(a.started);
	ck_assert_int_eq(a.week.flags.n, 2);
	state_restart(&a, D(2026, 3, 10), "seven-day", T0);
	ck_assert_int_eq(a.week.flags.n, 0);
	ck_assert_int_eq(a.archive[0].flags.n, 2);
	free(cause);
	state_free(&a);
	state_free(&b);
}
END_TEST

START_TEST(test_restart)
{
	struct state st, back;

	state_init(&st);
	/* Restart with no week yet: just starts one. */
	state_restart(&st, D(2026, 3, 2), "seven-day", T0);
	ck_assert(st.started);
	ck_assert_int_eq(st.narchive, 0);
	state_tick(&st, 1, 1, true, T0);
	state_tick(&st, 2, 2, true, T0 + 1);
	kv_set_bool(&st.week.flags, "painful", true);
	st.week.flags_date = D(2026, 3, 8);
	state_night_get(&st, D(2026, 3, 2))->updated = T0;
	state_restart(&st, D(2026, 3, 10), "seven-day", T0 + 1000);
	ck_assert_int_eq(st.narchive, 1);
	ck_assert_int_eq(st.archive[0].start, D(2026, 3, 2));
	ck_assert_int_eq(st.archive[0].ended, T0 + 1000);
	ck_assert_int_eq(st.archive[0].nticks, 2);
	ck_assert_int_eq(st.archive[0].ticks[1].step, 2);
	ck_assert_int_eq(st.archive[0].flags.n, 1);
	ck_assert_int_eq(st.archive[0].flags_date, D(2026, 3, 8));
	/* The new week starts clean; the journal is kept. */
	ck_assert(st.started);
	ck_assert_int_eq(st.week.start, D(2026, 3, 10));
	ck_assert_int_eq(st.week.nticks, 0);
	ck_assert_int_eq(st.week.flags.n, 0);
	ck_assert_int_eq(st.week.flags_date, 0);
	ck_assert_int_eq(st.week.ended, 0);
	ck_assert(!state_ticked(&st, 1, 1));
	ck_assert_int_eq(st.nnights, 1);
	state_restart(&st, D(2026, 3, 20), "seven-day", T0 + 2000);
	ck_assert_int_eq(st.narchive, 2);
	ck_assert_int_eq(st.archive[1].start, D(2026, 3, 10));
	/* Again on the new week's first day: it goes on, nothing archived. */
	state_tick(&st, 1, 1, true, T0 + 2001);
	state_restart(&st, D(2026, 3, 20), "seven-day", T0 + 2002);
	ck_assert_int_eq(st.narchive, 2);
	ck_assert_int_eq(st.week.start, D(2026, 3, 20));
	ck_assert(state_ticked(&st, 1, 1));
	/* And it all survives a save. */
	save_ok(&st, spath);
	load_ok(&back, spath);
	same_state(&st, &back);
	state_free(&st);
	state_free(&back);
}
END_TEST

START_TEST(test_night_order)
{
	static const int order[] = { 10, 5, 20, 15, 1, 25, 12 };
	struct state     st;
	struct night    *n;
	size_t           i;
	int              k;

	state_init(&st);
	ck_assert_ptr_null(state_night(&st, D(2026, 3, 1)));
	for (i = 0; i < WD_NELEM(order); i++) {
		n = state_night_get(&st, D(2026, 3, order[i]));
		ck_assert_int_eq(n->date, D(2026, 3, order[i]));
		ck_assert_int_eq(n->kv.n, 0);
		kv_set_int(&n->kv, "day", order[i]);
		for (k = 1; k < st.nnights; k++)
			ck_assert_int_lt(st.nights[k - 1].date,
			    st.nights[k].date);
	}
	ck_assert_int_eq(st.nnights, (int)WD_NELEM(order));
	/* Getting an existing night returns it, unchanged. */
	n = state_night_get(&st, D(2026, 3, 12));
	ck_assert_int_eq(kv_get(&n->kv, "day")->i, 12);
	ck_assert_int_eq(st.nnights, (int)WD_NELEM(order));
	ck_assert_ptr_eq(state_night(&st, D(2026, 3, 12)), n);
	for (k = 0; k < st.nnights; k++)
		ck_assert_int_eq(kv_get(&st.nights[k].kv, "day")->i,
		    st.nights[k].date - D(2026, 3, 0));
	ck_assert_ptr_null(state_night(&st, D(2026, 3, 2)));
	ck_assert_ptr_null(state_night(&st, D(2026, 2, 28)));
	ck_assert_ptr_null(state_night(&st, D(2026, 4, 1)));
	/* Delete front, middle, end, and one that is not there. */
	state_night_delete(&st, D(2026, 3, 1));
	state_night_delete(&st, D(2026, 3, 12));
	state_night_delete(&st, D(2026, 3, 25));
	state_night_delete(&st, D(2026, 3, 2));
	ck_assert_int_eq(st.nnights, 4);
	ck_assert_int_eq(st.nights[0].date, D(2026, 3, 5));
	ck_assert_int_eq(st.nights[1].date, D(2026, 3, 10));
	ck_assert_int_eq(st.nights[2].date, D(2026, 3, 15));
	ck_assert_int_eq(st.nights[3].date, D(2026, 3, 20));
	ck_assert_int_eq(kv_get(&st.nights[2].kv, "day")->i, 15);
	/* Re-insert at the front. */
	n = state_night_get(&st, D(2026, 2, 1));
	ck_assert_ptr_eq(n, &st.nights[0]);
	ck_assert_int_eq(st.nights[1].date, D(2026, 3, 5));
	state_free(&st);
}
END_TEST

Suite *
state_suite(void)
{
	Suite *s = suite_create("state");
	TCase *tc;

	tc = tcase_create("file");
	tcase_add_unchecked_fixture(tc, setup_base, teardown_base);
	tcase_add_checked_fixture(tc, setup_dir, teardown_dir);
	tcase_add_test(tc, test_fresh);
	tcase_add_test(tc, test_roundtrip);
	tcase_add_test(tc, test_saved_file_loads);
	tcase_add_test(tc, test_save_odd_names);
	tcase_add_test(tc, test_many_nights);
	tcase_add_test(tc, test_save_unloaded_months);
	tcase_add_test(tc, test_bad_files);
	tcase_add_test(tc, test_move_aside);
	tcase_add_test(tc, test_v1_and_month_file);
	suite_add_tcase(s, tc);

	tc = tcase_create("validation");
	tcase_add_test(tc, test_nights_sorted);
	tcase_add_test(tc, test_nights_duplicate);
	tcase_add_test(tc, test_version_newer);
	tcase_add_test(tc, test_check_text);
	tcase_add_loop_test(tc, test_bad_state, 0, (int)WD_NELEM(bad_states));
	suite_add_tcase(s, tc);

	tc = tcase_create("update");
	tcase_add_unchecked_fixture(tc, setup_base, teardown_base);
	tcase_add_checked_fixture(tc, setup_dir, teardown_dir);
	tcase_add_test(tc, test_update);
	tcase_add_test(tc, test_update_keeps_broken);
	suite_add_tcase(s, tc);

	tc = tcase_create("memory");
	tcase_add_unchecked_fixture(tc, setup_base, teardown_base);
	tcase_add_checked_fixture(tc, setup_dir, teardown_dir);
	tcase_add_test(tc, test_tick);
	tcase_add_test(tc, test_restart);
	tcase_add_test(tc, test_flags_before_week);
	tcase_add_test(tc, test_night_order);
	suite_add_tcase(s, tc);
	return s;
}
