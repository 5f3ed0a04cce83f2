/* Reminders: the moments of an evening from the bundled plan's
 * timeline, grouped by time, with the morning after; which one is due at
 * the edges of its window; the skips (no week, done, logged, sent); the
 * next one; `next --format`; the sent record's text; and the systemd
 * unit text. Every time is given. */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "winddown/day.h"
#include "winddown/plan.h"
#include "winddown/remind.h"
#include "winddown/state.h"
#include "winddown/util.h"

#define BUNDLED WD_SRCDIR "/plans"

static struct plan  p;
static struct state st;
static int          start; /* 2026-03-02, plan day 1 */

static void
setup(void)
{
	char *cause = NULL;

	ck_assert_msg(plan_load(&p, BUNDLED, NULL, &cause) == 0, "%s", cause);
	state_init(&st);
	start = day_from_ymd(2026, 3, 2);
	state_start_week(&st, start, p.id);
}

static void
teardown(void)
{
	plan_free(&p);
	state_free(&st);
}

/* Local minutes of HH:MM on plan day `day`'s calendar date. */
static long long
at(int day, int h, int m)
{
	return remind_time(start + day - 1, h * 60 + m);
}

static char *
message(const struct remind *m)
{
	struct buf b = { 0 };

	remind_message(m, &b);
	buf_add(&b, "", 1);
	return b.data;
}

START_TEST(test_moments_day6)
{
	struct remind ms[REMIND_MAX];
	static const char *want[] = {
		"14:00 Last caffeine",
		"18:00 Vigorous workouts finished",
		"19:30 No more alcohol, No intense workouts",
		"21:00 Start drinking less",
		"21:30 Screens off, Warm bath or shower (until 22:00), "
		    "Start winding down (until 22:00)",
		"22:30 Bedtime",
		"Good morning. How was the night of 2026-03-07? Record it with "
		    "'winddown log' or 'winddown journal'.",
	};
	int  n, i;
	char *s;

	n = remind_night(&p, &st, start + 5, ms, REMIND_MAX);
	ck_assert_int_eq(n, (int)WD_NELEM(want));
	for (i = 0; i < n; i++) {
		s = message(&ms[i]);
		ck_assert_str_eq(s, want[i]);
		free(s);
		if (i > 0)
			ck_assert(ms[i].at > ms[i - 1].at);
		ck_assert_int_eq(ms[i].night, start + 5);
	}
	ck_assert_int_eq(ms[5].kind, REMIND_BEDTIME);
	ck_assert_int_eq(ms[6].kind, REMIND_MORNING);
	ck_assert(ms[6].at == at(7, 7, 0)); /* 22:30 + 8:30, next morning */
	ck_assert(ms[0].at == at(6, 14, 0));
}
END_TEST

START_TEST(test_moments_day1)
{
	struct remind ms[REMIND_MAX];
	int           n, i;

	/* Day 1: no screens-off or bath lines yet. */
	n = remind_night(&p, &st, start, ms, REMIND_MAX);
	for (i = 0; i < n; i++) {
		char *s = message(&ms[i]);

		ck_assert_msg(strstr(s, "Screens off") == NULL, "%s", s);
		ck_assert_msg(strstr(s, "Vigorous") == NULL, "%s", s);
		free(s);
	}
	ck_assert_int_eq(n, 6);
}
END_TEST

START_TEST(test_past_midnight)
{
	struct remind m;
	char         *s;

	/* Bedtime 00:30: its moment is next calendar day, same evening. */
	st.settings.bedtime = 30;
	ck_assert(remind_due(&p, &st, remind_time(start + 3, 40), &m));
	ck_assert_int_eq(m.kind, REMIND_BEDTIME);
	ck_assert_int_eq(m.night, start + 2);
	s = message(&m);
	ck_assert_str_eq(s, "00:30 Bedtime");
	free(s);
	ck_assert_int_eq(remind_evening_of(remind_time(start + 3, 40), 4),
	    start + 2);
	ck_assert_int_eq(remind_evening_of(remind_time(start + 3, 240), 4),
	    start + 3);
	/* The morning: 09:00 the next day. */
	ck_assert_int_eq(remind_morning_clock(&st.settings), 9 * 60);
}
END_TEST

START_TEST(test_morning_after_rollover)
{
	/* 19:00 + 8:30 is 03:30, before the 04:00 rollover: 04:00. */
	st.settings.bedtime = 19 * 60;
	ck_assert_int_eq(remind_morning_clock(&st.settings), 4 * 60);
	st.settings.rollover = 0;
	ck_assert_int_eq(remind_morning_clock(&st.settings), 3 * 60 + 30);
	st.settings.bedtime = STATE_BEDTIME_DEFAULT;
	ck_assert_int_eq(remind_morning_clock(&st.settings), 7 * 60);
}
END_TEST

START_TEST(test_due_window)
{
	struct remind m;

	ck_assert(!remind_due(&p, &st, at(3, 20, 59), &m));
	ck_assert(remind_due(&p, &st, at(3, 21, 29), &m));
	ck_assert_int_eq(m.clock, 21 * 60);
	ck_assert(remind_due(&p, &st, at(3, 21, 30), &m));
	ck_assert_int_eq(m.clock, 21 * 60 + 30);
	ck_assert(remind_due(&p, &st, at(3, 21, 30) + REMIND_WINDOW - 1, &m));
	ck_assert_int_eq(m.clock, 21 * 60 + 30);
	ck_assert(!remind_due(&p, &st, at(3, 21, 30) + REMIND_WINDOW, &m));
	/* 21:00 and 21:30 both in reach at 21:35: the later one. */
	ck_assert(remind_due(&p, &st, at(3, 21, 35), &m));
	ck_assert_int_eq(m.clock, 21 * 60 + 30);
	ck_assert(remind_due(&p, &st, at(3, 21, 20), &m));
	ck_assert_int_eq(m.clock, 21 * 60);
	/* The morning after night 3, asking for it. */
	ck_assert(remind_due(&p, &st, at(4, 7, 10), &m));
	ck_assert_int_eq(m.kind, REMIND_MORNING);
	ck_assert_int_eq(m.night, start + 2);
	ck_assert(!remind_due(&p, &st, at(4, 12, 0), &m));
}
END_TEST

START_TEST(test_verdicts)
{
	struct remind      m, k;
	struct remind_sent sent = { 0 };
	struct night      *nt;
	char               key[32];
	int                i;

	/* Day 1, 14:00: sent until every step of day 1 is ticked. */
	ck_assert(remind_due(&p, &st, at(1, 14, 5), &m));
	ck_assert_int_eq(remind_verdict(&p, &st, NULL, &m, NULL), REMIND_SEND);
	for (i = 1; i <= p.days[0].nsteps; i++)
		state_tick(&st, 1, i, true, 0);
	ck_assert_int_eq(remind_verdict(&p, &st, NULL, &m, NULL), REMIND_DONE);
	/* Day 2, 14:00: day 1's rule is a habit now, still sent. */
	ck_assert(remind_due(&p, &st, at(2, 14, 5), &m));
	ck_assert_int_eq(remind_verdict(&p, &st, NULL, &m, NULL), REMIND_SEND);
	/* Day 4 done: 21:30 keeps the evening's line, drops screens off. */
	for (i = 1; i <= p.days[3].nsteps; i++)
		state_tick(&st, 4, i, true, 0);
	ck_assert(remind_due(&p, &st, at(4, 21, 30), &m));
	ck_assert_int_eq(remind_verdict(&p, &st, NULL, &m, &k), REMIND_SEND);
	ck_assert_int_eq(m.nlabels, 2);
	ck_assert_int_eq(k.nlabels, 1);
	ck_assert_str_eq(k.labels[0], "Start winding down");
	/* Bedtime is never done. */
	ck_assert(remind_due(&p, &st, at(4, 22, 30), &m));
	ck_assert_int_eq(remind_verdict(&p, &st, NULL, &m, NULL), REMIND_SEND);

	/* The morning: skipped once the night is logged. */
	ck_assert(remind_due(&p, &st, at(4, 7, 0), &m));
	ck_assert_int_eq(remind_verdict(&p, &st, NULL, &m, NULL), REMIND_SEND);
	nt = state_night_get(&st, start + 2);
	kv_set_int(&nt->kv, "twitches", 2);
	ck_assert_int_eq(remind_verdict(&p, &st, NULL, &m, NULL),
	    REMIND_LOGGED);

	/* Sent already. */
	ck_assert(remind_due(&p, &st, at(4, 21, 30), &m));
	remind_key(&m, key, sizeof key);
	ck_assert_str_eq(key, "2026-03-05 21:30 evening");
	remind_sent_add(&sent, key);
	ck_assert_int_eq(remind_verdict(&p, &st, &sent, &m, NULL), REMIND_SENT);
	remind_sent_free(&sent);

	/* No week: before it, after it, none started. */
	ck_assert(remind_due(&p, &st, at(0, 21, 30), &m));
	ck_assert_int_eq(remind_verdict(&p, &st, NULL, &m, NULL),
	    REMIND_NO_WEEK);
	ck_assert(remind_due(&p, &st, at(8, 21, 30), &m));
	ck_assert_int_eq(remind_verdict(&p, &st, NULL, &m, NULL),
	    REMIND_NO_WEEK);
	/* The morning after day 7 still asks for night 7. */
	ck_assert(remind_due(&p, &st, at(8, 7, 0), &m));
	ck_assert_int_eq(m.night, start + 6);
	ck_assert_int_eq(remind_verdict(&p, &st, NULL, &m, NULL), REMIND_SEND);
	state_free(&st);
	state_init(&st);
	ck_assert(remind_due(&p, &st, at(3, 21, 30), &m));
	ck_assert_int_eq(remind_verdict(&p, &st, NULL, &m, NULL),
	    REMIND_NO_WEEK);
}
END_TEST

START_TEST(test_next)
{
	struct remind      m;
	struct remind_sent sent = { 0 };
	char               key[32];

	ck_assert(remind_next(&p, &st, NULL, at(3, 21, 5), &m));
	ck_assert_int_eq(m.clock, 21 * 60 + 30);
	remind_key(&m, key, sizeof key);
	remind_sent_add(&sent, key);
	ck_assert(remind_next(&p, &st, &sent, at(3, 21, 5), &m));
	ck_assert_int_eq(m.clock, 22 * 60 + 30);
	remind_sent_free(&sent);
	/* After the last evening's morning, nothing within the week. */
	ck_assert(!remind_next(&p, &st, NULL, at(8, 7, 0), &m));
	/* Before the week: its first moment. */
	ck_assert(remind_next(&p, &st, NULL, at(-1, 12, 0), &m));
	ck_assert(m.at == at(1, 14, 0));
}
END_TEST

START_TEST(test_tonight)
{
	struct remind m;
	struct buf    b = { 0 };
	char         *cause = NULL;

	ck_assert(remind_tonight(&p, &st, at(4, 21, 5), &m));
	ck_assert_int_eq(remind_format("%t %l (in %m min)", &m, at(4, 21, 5),
	    &b, &cause), 0);
	buf_add(&b, "", 1);
	ck_assert_str_eq(b.data, "21:30 Screens off, Start winding down "
	    "(in 25 min)");
	buf_free(&b);
	ck_assert_int_eq(remind_format("%%t=%t|%m%%", &m, at(4, 21, 5), &b,
	    &cause), 0);
	buf_add(&b, "", 1);
	ck_assert_str_eq(b.data, "%t=21:30|25%");
	buf_free(&b);
	ck_assert_int_eq(remind_format("%t %x", &m, 0, &b, &cause), -1);
	ck_assert_str_eq(cause, "format: '%x' is not %t, %l, %m or %%");
	buf_free(&b);
	ck_assert_int_eq(remind_format("50%", &m, 0, &b, &cause), -1);
	ck_assert_str_eq(cause, "format: '%' is not %t, %l, %m or %%");
	buf_free(&b);
	free(cause);
	/* A window in progress is behind; the bedtime is ahead. */
	ck_assert(remind_tonight(&p, &st, at(3, 21, 40), &m));
	ck_assert_int_eq(m.kind, REMIND_BEDTIME);
	ck_assert(!remind_tonight(&p, &st, at(3, 22, 30), &m));
	ck_assert(!remind_tonight(&p, &st, at(4, 2, 0), &m));
	/* Past midnight with a late bedtime, still tonight. */
	st.settings.bedtime = 30;
	ck_assert(remind_tonight(&p, &st, at(5, 0, 10), &m));
	ck_assert_int_eq(m.kind, REMIND_BEDTIME);
	ck_assert(m.at - at(5, 0, 10) == 20);
	/* No week running. */
	ck_assert(!remind_tonight(&p, &st, at(9, 21, 0), &m));
	ck_assert(!remind_tonight(&p, &st, at(0, 21, 0), &m));
}
END_TEST

START_TEST(test_sent_record)
{
	static const char text[] =
	    "# a comment\n"
	    "2026-03-03 21:30 evening\n"
	    "\n"
	    "2026-03-05 07:00 morning\n"
	    "2026-03-05 22:30 bedtime";
	struct remind_sent s;
	struct buf         b = { 0 };
	char              *cause = NULL;

	ck_assert_int_eq(remind_sent_parse(&s, text, strlen(text), "R",
	    &cause), 0);
	ck_assert_int_eq(s.n, 3);
	ck_assert(remind_sent_has(&s, "2026-03-05 22:30 bedtime"));
	remind_sent_format(&s, day_from_ymd(2026, 3, 4), &b);
	buf_add(&b, "", 1);
	ck_assert_str_eq(b.data, "# winddown: reminders sent, one a line; "
	    "see winddown(1)\n2026-03-05 07:00 morning\n"
	    "2026-03-05 22:30 bedtime\n");
	buf_free(&b);
	remind_sent_free(&s);

	ck_assert_int_eq(remind_sent_parse(&s, "2026-03-05 22:30 bedtime\n"
	    "2026-02-30 22:30 bedtime\n", 50, "R", &cause), EX_DATAERR);
	ck_assert_str_eq(cause, "R:2: not a reminder record (want YYYY-MM-DD "
	    "HH:MM evening|bedtime|morning)");
	ck_assert_int_eq(s.n, 0);
	ck_assert_int_eq(remind_sent_parse(&s, "2026-03-05 24:30 bedtime", 24,
	    "R", &cause), EX_DATAERR);
	ck_assert_int_eq(remind_sent_parse(&s, "2026-03-05 22:30 noon", 21,
	    "R", &cause), EX_DATAERR);
	free(cause);
}
END_TEST

START_TEST(test_unit_timer)
{
	struct buf b = { 0 };
	int        clocks[64], n;

	n = remind_clocks(&p, &st.settings, clocks, 64);
	ck_assert_int_eq(n, 7);
	remind_unit_timer(&p, &st.settings, &b);
	buf_add(&b, "", 1);
	ck_assert_msg(strstr(b.data, "[Timer]\n"
	    "OnCalendar=*-*-* 07:00:00\n"
	    "OnCalendar=*-*-* 14:00:00\n"
	    "OnCalendar=*-*-* 18:00:00\n"
	    "OnCalendar=*-*-* 19:30:00\n"
	    "OnCalendar=*-*-* 21:00:00\n"
	    "OnCalendar=*-*-* 21:30:00\n"
	    "OnCalendar=*-*-* 22:30:00\n"
	    "AccuracySec=30s\n") != NULL, "%s", b.data);
	ck_assert(strstr(b.data, "Unit=winddown-remind.service\n") != NULL);
	ck_assert(strstr(b.data, "WantedBy=timers.target\n") != NULL);
	buf_free(&b);

	/* A later bedtime moves the bedtime-relative lines. */
	st.settings.bedtime = 23 * 60;
	remind_unit_timer(&p, &st.settings, &b);
	buf_add(&b, "", 1);
	ck_assert(strstr(b.data, "OnCalendar=*-*-* 22:30:00") == NULL);
	ck_assert(strstr(b.data, "OnCalendar=*-*-* 23:00:00") != NULL);
	ck_assert(strstr(b.data, "OnCalendar=*-*-* 22:00:00") != NULL);
	ck_assert(strstr(b.data, "OnCalendar=*-*-* 07:30:00") != NULL);
	buf_free(&b);
}
END_TEST

START_TEST(test_unit_service)
{
	const char *argv[] = { "/opt/wind down/winddown", "--state",
		"/home/a/100%$\"x\\.cfg", "remind", "fire" };
	struct buf  b = { 0 };

	remind_unit_service(argv, 5, &b);
	buf_add(&b, "", 1);
	ck_assert_msg(strstr(b.data, "\nType=oneshot\nExecStart=\"/opt/wind "
	    "down/winddown\" --state \"/home/a/100%%$$\\\"x\\\\.cfg\" remind "
	    "fire\n") != NULL, "%s", b.data);
	buf_free(&b);
}
END_TEST

/* The notify-command setting: loaded, saved, reloaded, cleared. */
START_TEST(test_notify_setting)
{
	static const char text[] = "version = 2;\nsettings = { bedtime = "
	    "\"22:30\"; notify_command = \"/usr/bin/push me\"; };\n";
	static const char bad[] = "version = 2;\nsettings = { "
	    "notify_command = 3; };\n";
	struct state s, back;
	char        *cause = NULL, *dir, *path;

	state_init(&s);
	ck_assert_msg(state_parse(&s, text, strlen(text), "s", &cause) == 0,
	    "%s", cause);
	ck_assert_str_eq(s.settings.notify_command, "/usr/bin/push me");
	dir = test_tmpdir("remind");
	path = xasprintf("%s/state.cfg", dir);
	ck_assert_msg(state_save(&s, path, &cause) == 0, "%s", cause);
	state_init(&back);
	ck_assert_msg(state_load(&back, path, &cause) == 0, "%s", cause);
	ck_assert_str_eq(back.settings.notify_command, "/usr/bin/push me");
	state_free(&back);
	free(s.settings.notify_command);
	s.settings.notify_command = NULL;
	ck_assert_msg(state_save(&s, path, &cause) == 0, "%s", cause);
	state_init(&back);
	ck_assert_msg(state_load(&back, path, &cause) == 0, "%s", cause);
	ck_assert_ptr_null(back.settings.notify_command);
	state_free(&back);
	state_free(&s);

	state_init(&s);
	ck_assert_int_eq(state_parse(&s, bad, strlen(bad), "s", &cause),
	    EX_DATAERR);
	ck_assert_msg(strstr(cause, "s:2:") != NULL &&
	    strstr(cause, "notify_command") != NULL, "%s", cause);
	state_free(&s);
	free(cause);
	free(path);
	test_tmpdir_remove(&dir);
}
END_TEST

Suite *
remind_suite(void)
{
	Suite *s = suite_create("remind");
	TCase *tc;

	tc = tcase_create("schedule");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_moments_day6);
	tcase_add_test(tc, test_moments_day1);
	tcase_add_test(tc, test_past_midnight);
	tcase_add_test(tc, test_morning_after_rollover);
	tcase_add_test(tc, test_due_window);
	tcase_add_test(tc, test_verdicts);
	tcase_add_test(tc, test_next);
	tcase_add_test(tc, test_tonight);
	suite_add_tcase(s, tc);

	tc = tcase_create("files");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_sent_record);
	tcase_add_test(tc, test_unit_timer);
	tcase_add_test(tc, test_unit_service);
	tcase_add_test(tc, test_notify_setting);
	suite_add_tcase(s, tc);
	return s;
}
