/* The day model: civil dates as day numbers, strict parsing, weekdays,
 * the evening a moment belongs to (rollover hour, DST changes in Berlin
 * and New York, month and year ends, a clock set backwards), the night
 * the journal records, and the status of each plan day. Every moment is
 * built with mktime under a chosen TZ; nothing reads the clock. */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "winddown/day.h"
#include "winddown/util.h"

/* TZ as it was before a test changed it, restored by the teardown. */
static char *saved_tz;
static int   had_tz;

static void
tz_save(void)
{
	const char *tz = getenv("TZ");

	had_tz = tz != NULL;
	saved_tz = tz != NULL ? xstrdup(tz) : NULL;
}

static void
tz_restore(void)
{
	if (had_tz)
		setenv("TZ", saved_tz, 1);
	else
		unsetenv("TZ");
	tzset();
	free(saved_tz);
	saved_tz = NULL;
}

/* Switch to zone and prove the zone database knows it: a zone it does
 * not know silently behaves as UTC, which would make the DST tests pass
 * without testing anything. utc_offset_jan is the zone's offset from UTC
 * in January, in seconds. */
static void
use_tz(const char *zone, long utc_offset_jan)
{
	struct tm tm;
	time_t    t;
	long      want;

	setenv("TZ", zone, 1);
	tzset();
	memset(&tm, 0, sizeof tm);
	tm.tm_year = 2026 - 1900;
	tm.tm_mon = 0;
	tm.tm_mday = 15;
	tm.tm_hour = 12;
	tm.tm_isdst = -1;
	t = mktime(&tm);
	want = (long)day_from_ymd(2026, 1, 15) * 86400L + 12 * 3600L -
	    utc_offset_jan;
	ck_assert_msg((long)t == want, "TZ=%s is not known to the zone "
	    "database (mktime gave %ld, want %ld); install tzdata", zone,
	    (long)t, want);
}

/* The moment y-m-d h:mi:s local time, under the current TZ. */
static time_t
at(int y, int m, int d, int h, int mi, int s)
{
	struct tm tm;
	time_t    t;

	memset(&tm, 0, sizeof tm);
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = s;
	tm.tm_isdst = -1;
	t = mktime(&tm);
	ck_assert_msg(t != (time_t)-1, "mktime %d-%d-%d %d:%d:%d", y, m, d,
	    h, mi, s);
	/* The time must exist as written (not normalised across a gap). */
	ck_assert_msg(tm.tm_hour == h && tm.tm_min == mi && tm.tm_mday == d,
	    "%04d-%02d-%02d %02d:%02d does not exist in TZ=%s", y, m, d, h,
	    mi, getenv("TZ"));
	return t;
}

/* Assert that moment t belongs to the evening of y-m-d. */
#define ck_evening(t, roll, y, m, d) do {                                   \
	int  got_ = day_evening((t), (roll));                                \
	char g_[11], w_[11];                                                 \
	day_format(got_, g_);                                                \
	day_format(day_from_ymd((y), (m), (d)), w_);                         \
	ck_assert_msg(got_ == day_from_ymd((y), (m), (d)),                   \
	    "evening of %s (rollover %d): got %s, want %s", #t, (roll), g_,  \
	    w_);                                                             \
} while (0)

#define ck_night(t, roll, y, m, d) do {                                     \
	int  got_ = day_journal_night((t), (roll));                          \
	char g_[11], w_[11];                                                 \
	day_format(got_, g_);                                                \
	day_format(day_from_ymd((y), (m), (d)), w_);                         \
	ck_assert_msg(got_ == day_from_ymd((y), (m), (d)),                   \
	    "journal night of %s (rollover %d): got %s, want %s", #t,        \
	    (roll), g_, w_);                                                 \
} while (0)

static bool
leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
mdays(int y, int m)
{
	static const int n[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30,
		31 };

	return m == 2 && leap(y) ? 29 : n[m - 1];
}

/* Calendar ------------------------------------------------------------ */

START_TEST(test_ymd_anchors)
{
	int y, m, d;

	ck_assert_int_eq(day_from_ymd(1970, 1, 1), 0);
	ck_assert_int_eq(day_from_ymd(1970, 1, 2), 1);
	ck_assert_int_eq(day_from_ymd(1969, 12, 31), -1);
	ck_assert_int_eq(day_from_ymd(2000, 3, 1), 11017);
	ck_assert_int_eq(day_from_ymd(2026, 1, 1), 20454);
	ck_assert_int_eq(day_from_ymd(2038, 1, 19), 24855);
	day_to_ymd(0, &y, &m, &d);
	ck_assert_int_eq(y, 1970);
	ck_assert_int_eq(m, 1);
	ck_assert_int_eq(d, 1);
	day_to_ymd(11016, &y, &m, &d);
	ck_assert_msg(y == 2000 && m == 2 && d == 29, "11016 is %d-%d-%d", y,
	    m, d);
}
END_TEST

/* Every date 1970-01-01..2400-12-31: consecutive numbers, and back. */
START_TEST(test_ymd_roundtrip)
{
	int y, m, d, n = 0, yy, mm, dd, count = 0;

	for (y = 1970; y <= 2400; y++) {
		for (m = 1; m <= 12; m++) {
			for (d = 1; d <= mdays(y, m); d++) {
				int got = day_from_ymd(y, m, d);

				if (got != n)
					ck_abort_msg("%04d-%02d-%02d is %d, "
					    "want %d", y, m, d, got, n);
				day_to_ymd(n, &yy, &mm, &dd);
				if (yy != y || mm != m || dd != d)
					ck_abort_msg("%d gave %04d-%02d-%02d, "
					    "want %04d-%02d-%02d", n, yy, mm,
					    dd, y, m, d);
				n++;
				count++;
			}
		}
	}
	printf("day: %d dates round-tripped 1970..2400\n", count);
	ck_assert_int_eq(count, day_from_ymd(2401, 1, 1));
}
END_TEST

START_TEST(test_ymd_edges)
{
	/* Leap years: 2000 (divisible by 400), 2024; not 2100. */
	ck_assert_int_eq(day_from_ymd(2000, 3, 1) - day_from_ymd(2000, 2, 28),
	    2);
	ck_assert_int_eq(day_from_ymd(2024, 3, 1) - day_from_ymd(2024, 2, 28),
	    2);
	ck_assert_int_eq(day_from_ymd(2100, 3, 1) - day_from_ymd(2100, 2, 28),
	    1);
	ck_assert_int_eq(day_from_ymd(2026, 3, 1) - day_from_ymd(2026, 2, 28),
	    1);
	/* Month and year ends follow on. */
	ck_assert_int_eq(day_from_ymd(2027, 1, 1) - day_from_ymd(2026, 12, 31),
	    1);
	ck_assert_int_eq(day_from_ymd(2026, 5, 1) - day_from_ymd(2026, 4, 30),
	    1);
	ck_assert_int_eq(day_from_ymd(2401, 1, 1) - day_from_ymd(2400, 1, 1),
	    366);
	ck_assert_int_eq(day_from_ymd(2101, 1, 1) - day_from_ymd(2100, 1, 1),
	    365);
}
END_TEST

START_TEST(test_format)
{
	char buf[16];
	int  date;

	memset(buf, 'x', sizeof buf);
	day_format(0, buf);
	ck_assert_str_eq(buf, "1970-01-01");
	day_format(day_from_ymd(2026, 12, 31), buf);
	ck_assert_str_eq(buf, "2026-12-31");
	day_format(day_from_ymd(2400, 2, 29), buf);
	ck_assert_str_eq(buf, "2400-02-29");
	day_format(day_from_ymd(9999, 12, 31), buf);
	ck_assert_str_eq(buf, "9999-12-31");
	ck_assert_int_eq(day_parse(buf, &date), 0);
	ck_assert_int_eq(date, day_from_ymd(9999, 12, 31));
	/* Past the last year written: held at 9999-12-31, never wrapped
	 * to year 0000 (issue 9); the buffer's 11 bytes are enough. */
	memset(buf, 'x', sizeof buf);
	day_format(day_from_ymd(9999, 12, 31) + 1, buf);
	ck_assert_str_eq(buf, "9999-12-31");
	ck_assert_int_eq(buf[11], 'x');
	day_format(day_from_ymd(12345, 6, 7), buf);
	ck_assert_str_eq(buf, "9999-12-31");
	day_format(day_from_ymd(0, 1, 1), buf);
	ck_assert_str_eq(buf, "0000-01-01");
	day_format(day_from_ymd(0, 1, 1) - 1, buf);
	ck_assert_str_eq(buf, "0000-01-01");
	day_format(day_from_ymd(1969, 12, 31), buf);
	ck_assert_str_eq(buf, "1969-12-31");
	/* The last date a command acts on, and its week, fit. */
	day_format(day_from_ymd(DAY_LAST_Y, DAY_LAST_M, DAY_LAST_D), buf);
	ck_assert_str_eq(buf, DAY_LAST_TEXT);
	day_format(day_from_ymd(DAY_LAST_Y, DAY_LAST_M, DAY_LAST_D) + 31,
	    buf);
	ck_assert_str_eq(buf, "9999-12-31");
	ck_assert_int_eq(day_from_ymd(DAY_LAST_Y, DAY_LAST_M, DAY_LAST_D) +
	    31, day_from_ymd(9999, 12, 31));
}
END_TEST

static const struct {
	const char *s;
	int         y, m, d; /* y == 0: must be refused */
} parse_cases[] = {
	{ "2026-03-29", 2026, 3, 29 },
	{ "1970-01-01", 1970, 1, 1 },
	{ "2028-02-29", 2028, 2, 29 },
	{ "2000-02-29", 2000, 2, 29 },
	{ "2024-02-29", 2024, 2, 29 },
	{ "2026-12-31", 2026, 12, 31 },
	{ "9999-12-31", 9999, 12, 31 },
	{ "2026-02-29", 0, 0, 0 },
	{ "2100-02-29", 0, 0, 0 },
	{ "2026-04-31", 0, 0, 0 },
	{ "2026-13-01", 0, 0, 0 },
	{ "2026-00-10", 0, 0, 0 },
	{ "2026-01-00", 0, 0, 0 },
	{ "2026-01-32", 0, 0, 0 },
	{ "2026-1-01", 0, 0, 0 },
	{ "2026-01-1", 0, 0, 0 },
	{ "20260101", 0, 0, 0 },
	{ "2026/01/01", 0, 0, 0 },
	{ "2026-01-01x", 0, 0, 0 },
	{ "2026-01-01 ", 0, 0, 0 },
	{ " 2026-01-01", 0, 0, 0 },
	{ "2026-01-01\n", 0, 0, 0 },
	{ "1969-12-31", 0, 0, 0 },
	{ "0000-01-01", 0, 0, 0 },
	{ "+026-01-01", 0, 0, 0 },
	{ "-026-01-01", 0, 0, 0 },
	{ "2026-+1-01", 0, 0, 0 },
	{ "2026-01--1", 0, 0, 0 },
	{ "10000-01-01", 0, 0, 0 },
	{ "", 0, 0, 0 },
	{ "yesterday", 0, 0, 0 },
};

START_TEST(test_parse)
{
	const char *s = parse_cases[_i].s;
	int         out = -12345, rc;

	rc = day_parse(s, &out);
	if (parse_cases[_i].y != 0) {
		ck_assert_msg(rc == 0, "'%s' refused", s);
		ck_assert_int_eq(out, day_from_ymd(parse_cases[_i].y,
		    parse_cases[_i].m, parse_cases[_i].d));
	} else {
		ck_assert_msg(rc == -1, "'%s' accepted (%d)", s, out);
		ck_assert_msg(out == -12345, "'%s': out changed on failure", s);
	}
}
END_TEST

START_TEST(test_parse_null)
{
	int out = 7;

	ck_assert_int_eq(day_parse(NULL, &out), -1);
	ck_assert_int_eq(out, 7);
}
END_TEST

START_TEST(test_weekday)
{
	int       date;
	struct tm tm;
	time_t    t;

	ck_assert_int_eq(day_weekday(0), 4);                          /* Thu */
	ck_assert_int_eq(day_weekday(day_from_ymd(2000, 1, 1)), 6);   /* Sat */
	ck_assert_int_eq(day_weekday(day_from_ymd(2024, 2, 29)), 4);  /* Thu */
	ck_assert_int_eq(day_weekday(day_from_ymd(2026, 3, 29)), 0);  /* Sun */
	ck_assert_int_eq(day_weekday(day_from_ymd(2026, 12, 31)), 4); /* Thu */
	ck_assert_int_eq(day_weekday(day_from_ymd(2027, 1, 1)), 5);   /* Fri */
	ck_assert_int_eq(day_weekday(-1), 3);                         /* Wed */
	ck_assert_int_eq(day_weekday(-7), 4);
	/* Against the C library for every day of 1970..2100 (UTC). */
	use_tz("UTC", 0);
	for (date = 0; date <= day_from_ymd(2100, 12, 31); date++) {
		t = (time_t)date * 86400;
		ck_assert_ptr_nonnull(gmtime_r(&t, &tm));
		if (day_weekday(date) != tm.tm_wday)
			ck_abort_msg("day %d: weekday %d, libc says %d", date,
			    day_weekday(date), tm.tm_wday);
	}
}
END_TEST

/* The evening ---------------------------------------------------------- */

START_TEST(test_evening_rollover_edges)
{
	use_tz("Europe/Berlin", 3600);
	ck_evening(at(2026, 6, 10, 3, 59, 59), 4, 2026, 6, 9);
	ck_evening(at(2026, 6, 10, 4, 0, 0), 4, 2026, 6, 10);
	ck_evening(at(2026, 6, 10, 0, 0, 0), 4, 2026, 6, 9);
	ck_evening(at(2026, 6, 10, 1, 30, 0), 4, 2026, 6, 9);
	ck_evening(at(2026, 6, 10, 12, 0, 0), 4, 2026, 6, 10);
	ck_evening(at(2026, 6, 10, 23, 59, 59), 4, 2026, 6, 10);
	/* Rollover 0: the evening is the calendar date. */
	ck_evening(at(2026, 6, 10, 23, 59, 59), 0, 2026, 6, 10);
	ck_evening(at(2026, 6, 11, 0, 0, 0), 0, 2026, 6, 11);
	ck_evening(at(2026, 6, 11, 0, 0, 1), 0, 2026, 6, 11);
	/* The largest rollover. */
	ck_evening(at(2026, 6, 11, 11, 59, 59), DAY_ROLLOVER_MAX, 2026, 6, 10);
	ck_evening(at(2026, 6, 11, 12, 0, 0), DAY_ROLLOVER_MAX, 2026, 6, 11);
	ck_evening(at(2026, 6, 11, 0, 59, 59), 1, 2026, 6, 10);
	ck_evening(at(2026, 6, 11, 1, 0, 0), 1, 2026, 6, 11);
}
END_TEST

START_TEST(test_evening_month_year_end)
{
	use_tz("America/New_York", -5 * 3600);
	ck_evening(at(2026, 12, 31, 23, 30, 0), 4, 2026, 12, 31);
	ck_evening(at(2027, 1, 1, 1, 30, 0), 4, 2026, 12, 31);
	ck_evening(at(2027, 1, 1, 4, 0, 0), 4, 2027, 1, 1);
	ck_evening(at(2026, 3, 1, 2, 0, 0), 4, 2026, 2, 28);
	ck_evening(at(2028, 3, 1, 2, 0, 0), 4, 2028, 2, 29);
	ck_evening(at(2026, 5, 1, 3, 59, 59), 4, 2026, 4, 30);
	use_tz("Europe/Berlin", 3600);
	ck_evening(at(2026, 12, 31, 23, 30, 0), 4, 2026, 12, 31);
	ck_evening(at(2027, 1, 1, 1, 30, 0), 4, 2026, 12, 31);
	ck_evening(at(2027, 1, 1, 3, 59, 59), 4, 2026, 12, 31);
	ck_evening(at(2027, 1, 1, 4, 0, 0), 4, 2027, 1, 1);
}
END_TEST

/* Spring forward in Berlin: 2026-03-29 02:00 CET becomes 03:00 CEST. */
START_TEST(test_evening_berlin_spring)
{
	time_t eve;

	use_tz("Europe/Berlin", 3600);
	eve = at(2026, 3, 28, 22, 0, 0); /* CET, UTC+1 */
	ck_evening(eve, 4, 2026, 3, 28);
	ck_evening(at(2026, 3, 29, 1, 59, 59), 4, 2026, 3, 28);
	ck_evening(at(2026, 3, 29, 3, 0, 0), 4, 2026, 3, 28);
	ck_evening(at(2026, 3, 29, 3, 59, 59), 4, 2026, 3, 28);
	ck_evening(at(2026, 3, 29, 4, 0, 0), 4, 2026, 3, 29);
	/* The night is an hour short: 22:00 + 5 h of real time is already
	 * 04:00 CEST, the next evening; 22:00 + 4 h 59 min is not. */
	ck_assert_int_eq((long)(at(2026, 3, 29, 4, 0, 0) - eve), 5 * 3600L);
	ck_evening(eve + 5 * 3600 - 1, 4, 2026, 3, 28);
	ck_evening(eve + 5 * 3600, 4, 2026, 3, 29);
	/* Walking the gap second by second never skips or repeats an
	 * evening. */
	{
		time_t t;
		int    prev = day_evening(eve, 4), changes = 0;

		for (t = eve; t <= eve + 8 * 3600; t += 60) {
			int e = day_evening(t, 4);

			ck_assert_int_ge(e, prev);
			changes += e != prev;
			prev = e;
		}
		ck_assert_int_eq(changes, 1);
	}
	/* Rollover 0 across the same night. */
	ck_evening(at(2026, 3, 28, 23, 59, 59), 0, 2026, 3, 28);
	ck_evening(at(2026, 3, 29, 0, 0, 0), 0, 2026, 3, 29);
	ck_evening(at(2026, 3, 29, 3, 0, 0), 0, 2026, 3, 29);
}
END_TEST

/* Fall back in Berlin: 2026-10-25 03:00 CEST becomes 02:00 CET, so the
 * hour from 02:00 to 03:00 happens twice. */
START_TEST(test_evening_berlin_fall)
{
	time_t t0 = 0;

	use_tz("Europe/Berlin", 3600);
	t0 = at(2026, 10, 25, 1, 30, 0); /* CEST, unambiguous */
	ck_evening(at(2026, 10, 24, 23, 0, 0), 4, 2026, 10, 24);
	ck_evening(t0, 4, 2026, 10, 24);
	ck_evening(t0 + 3600, 4, 2026, 10, 24);      /* 02:30 CEST */
	ck_evening(t0 + 2 * 3600, 4, 2026, 10, 24);  /* 02:30 CET */
	ck_evening(t0 + 3 * 3600, 4, 2026, 10, 24);  /* 03:30 CET */
	ck_evening(at(2026, 10, 25, 3, 59, 59), 4, 2026, 10, 24);
	ck_evening(at(2026, 10, 25, 4, 0, 0), 4, 2026, 10, 25);
	/* 01:30 CEST + 3.5 h is 04:00 CET, a whole hour later than on an
	 * ordinary night. */
	ck_evening(t0 + 3 * 3600 + 1799, 4, 2026, 10, 24);
	ck_evening(t0 + 3 * 3600 + 1800, 4, 2026, 10, 25);
	ck_assert_int_eq((long)(at(2026, 10, 25, 4, 0, 0) - t0),
	    3 * 3600L + 1800);
}
END_TEST

/* New York: spring forward 2026-03-08 02:00 EST -> 03:00 EDT; fall back
 * 2026-11-01 02:00 EDT -> 01:00 EST. */
START_TEST(test_evening_new_york)
{
	time_t t;

	use_tz("America/New_York", -5 * 3600);
	ck_evening(at(2026, 3, 7, 22, 0, 0), 4, 2026, 3, 7);
	ck_evening(at(2026, 3, 8, 1, 59, 59), 4, 2026, 3, 7);
	ck_evening(at(2026, 3, 8, 3, 0, 0), 4, 2026, 3, 7);
	ck_evening(at(2026, 3, 8, 3, 59, 59), 4, 2026, 3, 7);
	ck_evening(at(2026, 3, 8, 4, 0, 0), 4, 2026, 3, 8);
	ck_assert_int_eq((long)(at(2026, 3, 8, 4, 0, 0) -
	    at(2026, 3, 8, 1, 0, 0)), 2 * 3600L);

	t = at(2026, 11, 1, 0, 30, 0); /* EDT */
	ck_evening(t, 4, 2026, 10, 31);
	ck_evening(t + 3600, 4, 2026, 10, 31);      /* 01:30 EDT */
	ck_evening(t + 2 * 3600, 4, 2026, 10, 31);  /* 01:30 EST */
	ck_evening(t + 3 * 3600, 4, 2026, 10, 31);  /* 02:30 EST */
	ck_evening(t + 4 * 3600, 4, 2026, 10, 31);  /* 03:30 EST */
	ck_evening(t + 4 * 3600 + 1800, 4, 2026, 11, 1); /* 04:00 EST */
	ck_evening(at(2026, 11, 1, 3, 59, 59), 4, 2026, 10, 31);
	ck_evening(at(2026, 11, 1, 4, 0, 0), 4, 2026, 11, 1);
	/* The same instant is a different evening in another zone. */
	t = at(2026, 6, 10, 23, 0, 0); /* 05:00 next morning in Berlin */
	ck_evening(t, 4, 2026, 6, 10);
	use_tz("Europe/Berlin", 3600);
	ck_evening(t, 4, 2026, 6, 11);
	ck_evening(t, 6, 2026, 6, 10);
}
END_TEST

/* A clock set backwards: the day before the week started. */
START_TEST(test_clock_backwards)
{
	int start, today;

	use_tz("Europe/Berlin", 3600);
	start = day_evening(at(2026, 3, 10, 21, 0, 0), 4);
	today = day_evening(at(2026, 3, 5, 21, 0, 0), 4);
	ck_assert_int_eq(day_number(start, start), 1);
	ck_assert_int_eq(day_number(start, start + 6), 7);
	ck_assert_int_eq(day_number(start, today), -4);
	ck_assert_int_lt(day_number(start, today), 1);
	ck_assert_int_eq(day_number(start, start - 1), 0);
	/* 01:00 on the start day still belongs to the evening before. */
	today = day_evening(at(2026, 3, 11, 1, 0, 0), 4);
	ck_assert_int_eq(day_number(start, today), 1);
	today = day_evening(at(2026, 3, 10, 1, 0, 0), 4);
	ck_assert_int_eq(day_number(start, today), 0);
	/* Day numbers run on across month and year ends. */
	start = day_from_ymd(2026, 12, 28);
	ck_assert_int_eq(day_number(start, day_from_ymd(2027, 1, 3)), 7);
	start = day_from_ymd(2028, 2, 26);
	ck_assert_int_eq(day_number(start, day_from_ymd(2028, 3, 3)), 7);
}
END_TEST

START_TEST(test_journal_night)
{
	use_tz("Europe/Berlin", 3600);
	/* Daytime: last night. */
	ck_night(at(2026, 6, 10, 4, 0, 0), 4, 2026, 6, 9);
	ck_night(at(2026, 6, 10, 10, 0, 0), 4, 2026, 6, 9);
	ck_night(at(2026, 6, 10, 17, 59, 59), 4, 2026, 6, 9);
	/* From 18:00: tonight. */
	ck_night(at(2026, 6, 10, 18, 0, 0), 4, 2026, 6, 10);
	ck_night(at(2026, 6, 10, 23, 59, 59), 4, 2026, 6, 10);
	/* Before the rollover hour: the evening in progress. */
	ck_night(at(2026, 6, 11, 0, 0, 0), 4, 2026, 6, 10);
	ck_night(at(2026, 6, 11, 3, 59, 59), 4, 2026, 6, 10);
	ck_night(at(2026, 6, 11, 4, 0, 0), 4, 2026, 6, 10);
	/* Rollover 0: midnight on is daytime, last night. */
	ck_night(at(2026, 6, 11, 0, 0, 0), 0, 2026, 6, 10);
	ck_night(at(2026, 6, 11, 0, 30, 0), 0, 2026, 6, 10);
	ck_night(at(2026, 6, 10, 23, 0, 0), 0, 2026, 6, 10);
	/* Year end and a DST morning. */
	ck_night(at(2027, 1, 1, 9, 0, 0), 4, 2026, 12, 31);
	ck_night(at(2027, 1, 1, 2, 0, 0), 4, 2026, 12, 31);
	ck_night(at(2026, 3, 29, 9, 0, 0), 4, 2026, 3, 28);
	ck_night(at(2026, 10, 25, 9, 0, 0), 4, 2026, 10, 24);
	use_tz("America/New_York", -5 * 3600);
	ck_night(at(2026, 11, 1, 12, 0, 0), 4, 2026, 10, 31);
	ck_night(at(2026, 11, 1, 18, 0, 0), 4, 2026, 11, 1);
}
END_TEST

/* The night a morning's entry records, as a night of the week: 0 the
 * baseline, 1..7 the week's, 8 on: after it; the same across both DST
 * changes (a week of day numbers has no short or long nights). */
static int
week_night(int start, time_t t)
{
	return day_number(start, day_journal_night(t, 4));
}

START_TEST(test_week_nights_dst)
{
	int start;

	use_tz("Europe/Berlin", 3600);
	/* Spring: the week Mon 2026-03-23 .. Sun 03-29, clocks forward on
	 * its last night's morning. */
	start = day_from_ymd(2026, 3, 23);
	ck_assert_int_eq(week_night(start, at(2026, 3, 23, 7, 30, 0)), 0);
	ck_assert_int_eq(week_night(start, at(2026, 3, 23, 18, 0, 0)), 1);
	ck_assert_int_eq(week_night(start, at(2026, 3, 29, 1, 30, 0)), 6);
	ck_assert_int_eq(week_night(start, at(2026, 3, 29, 3, 30, 0)), 6);
	ck_assert_int_eq(week_night(start, at(2026, 3, 29, 9, 0, 0)), 6);
	ck_assert_int_eq(week_night(start, at(2026, 3, 30, 3, 59, 0)), 7);
	ck_assert_int_eq(week_night(start, at(2026, 3, 30, 8, 0, 0)), 7);
	ck_assert_int_eq(day_number(start, day_evening(at(2026, 3, 30, 8, 0,
	    0), 4)), 8); /* logged on day 8 */
	ck_assert_int_eq(week_night(start, at(2026, 3, 31, 8, 0, 0)), 8);
	/* Fall: Mon 2026-10-19 .. Sun 10-25, the hour repeated on day 7's
	 * early morning. */
	start = day_from_ymd(2026, 10, 19);
	ck_assert_int_eq(week_night(start, at(2026, 10, 19, 9, 0, 0)), 0);
	ck_assert_int_eq(week_night(start, at(2026, 10, 25, 2, 30, 0)), 6);
	ck_assert_int_eq(week_night(start, at(2026, 10, 25, 9, 0, 0)), 6);
	ck_assert_int_eq(week_night(start, at(2026, 10, 26, 9, 0, 0)), 7);
	use_tz("America/New_York", -5 * 3600);
	start = day_from_ymd(2026, 11, 1); /* its first morning falls back */
	ck_assert_int_eq(week_night(start, at(2026, 11, 1, 1, 30, 0)), 0);
	ck_assert_int_eq(week_night(start, at(2026, 11, 1, 9, 0, 0)), 0);
	ck_assert_int_eq(week_night(start, at(2026, 11, 8, 9, 0, 0)), 7);
}
END_TEST

/* The status of each plan day. */
START_TEST(test_status)
{
	/* Past days. */
	ck_assert_int_eq(day_status(2, 4, 3, 3), DAY_DONE);
	ck_assert_int_eq(day_status(2, 4, 4, 3), DAY_DONE);
	ck_assert_int_eq(day_status(2, 4, 1, 3), DAY_PARTLY);
	ck_assert_int_eq(day_status(2, 4, 2, 3), DAY_PARTLY);
	ck_assert_int_eq(day_status(2, 4, 0, 3), DAY_MISSED);
	ck_assert_int_eq(day_status(3, 4, 0, 3), DAY_MISSED);
	/* Today. */
	ck_assert_int_eq(day_status(4, 4, 0, 3), DAY_TODAY);
	ck_assert_int_eq(day_status(4, 4, 2, 3), DAY_TODAY);
	ck_assert_int_eq(day_status(4, 4, 3, 3), DAY_DONE);
	/* Days to come, ticked or not. */
	ck_assert_int_eq(day_status(5, 4, 0, 3), DAY_TO_COME);
	ck_assert_int_eq(day_status(5, 4, 3, 3), DAY_TO_COME);
	ck_assert_int_eq(day_status(7, 1, 0, 4), DAY_TO_COME);
	/* A clock set backwards: every day is to come. */
	ck_assert_int_eq(day_status(1, 0, 0, 3), DAY_TO_COME);
	ck_assert_int_eq(day_status(1, -4, 3, 3), DAY_TO_COME);
	/* After the week: everything in the past. */
	ck_assert_int_eq(day_status(7, 9, 0, 4), DAY_MISSED);
	ck_assert_int_eq(day_status(7, 9, 4, 4), DAY_DONE);
	/* A day without steps is never done. */
	ck_assert_int_eq(day_status(2, 4, 0, 0), DAY_MISSED);
}
END_TEST

Suite *
day_suite(void)
{
	Suite *s = suite_create("day");
	TCase *tc;

	tc = tcase_create("calendar");
	tcase_add_checked_fixture(tc, tz_save, tz_restore);
	tcase_add_test(tc, test_ymd_anchors);
	tcase_add_test(tc, test_ymd_roundtrip);
	tcase_add_test(tc, test_ymd_edges);
	tcase_add_test(tc, test_format);
	tcase_add_loop_test(tc, test_parse, 0, (int)WD_NELEM(parse_cases));
	tcase_add_test(tc, test_parse_null);
	tcase_add_test(tc, test_weekday);
	suite_add_tcase(s, tc);

	tc = tcase_create("evening");
	tcase_add_checked_fixture(tc, tz_save, tz_restore);
	tcase_add_test(tc, test_evening_rollover_edges);
	tcase_add_test(tc, test_evening_month_year_end);
	tcase_add_test(tc, test_evening_berlin_spring);
	tcase_add_test(tc, test_evening_berlin_fall);
	tcase_add_test(tc, test_evening_new_york);
	tcase_add_test(tc, test_clock_backwards);
	tcase_add_test(tc, test_journal_night);
	tcase_add_test(tc, test_week_nights_dst);
	tcase_add_test(tc, test_status);
	suite_add_tcase(s, tc);
	return s;
}
