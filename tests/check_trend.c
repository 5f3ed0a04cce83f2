/* The history of weeks: which evenings each week holds, every logged
 * night placed in one week (its baseline, its own or after it), the
 * means week by week and week 1 against the latest. */
#include "testutil.h"
#include "testweek.h"

#include "winddown/day.h"
#include "winddown/review.h"
#include "winddown/trend.h"
#include "winddown/util.h"

static void
twitch(int date, int n)
{
	kv_set_int(&state_night_get(&st, date)->kv, "twitches", n);
}

/* What trend_compare_text says. */
static void
text(const struct trend *t, const char *want)
{
	struct buf b = { NULL, 0, 0 };

	trend_compare_text(t, &b);
	ck_assert_str_eq(b.data, want);
	buf_free(&b);
}

/* A week started, run to day 10, then a second week for three days. */
START_TEST(test_weeks)
{
	const struct week *w;
	int                until;

	ck_assert_int_eq(trend_week_count(&st), 1);
	w = trend_week(&plan, &st, 1, start + 3, &until);
	ck_assert_ptr_eq(w, &st.week);
	ck_assert_int_eq(until, start + 3); /* running: up to today */
	w = trend_week(&plan, &st, 1, start + 20, &until);
	ck_assert_int_eq(until, start + 7);
	w = trend_week(&plan, &st, 1, start, &until);
	ck_assert_int_eq(until, start + 1); /* at least its first */
	ck_assert_ptr_null(trend_week(&plan, &st, 0, start, &until));
	ck_assert_ptr_null(trend_week(&plan, &st, 2, start, &until));

	/* Cut short on day 4 by a new week. */
	state_restart(&st, start + 3, plan.id, 1000);
	ck_assert_int_eq(trend_week_count(&st), 2);
	w = trend_week(&plan, &st, 1, start + 9, &until);
	ck_assert_ptr_eq(w, &st.archive[0]);
	ck_assert_int_eq(until, start + 3);
	w = trend_week(&plan, &st, 2, start + 9, &until);
	ck_assert_ptr_eq(w, &st.week);
	ck_assert_int_eq(until, start + 9);
	/* Another, after a full week. */
	state_restart(&st, start + 12, plan.id, 2000);
	w = trend_week(&plan, &st, 2, start + 12, &until);
	ck_assert_ptr_eq(w, &st.archive[1]);
	ck_assert_int_eq(until, start + 10);
	ck_assert_int_eq(trend_week_count(&st), 3);
	st.started = false;
	ck_assert_int_eq(trend_week_count(&st), 2);
	ck_assert_ptr_null(trend_week(&plan, &st, 3, start + 12, &until));
}
END_TEST

START_TEST(test_trend_points)
{
	struct trend t;
	int          i;

	twitch(start - 2, 99); /* before the first week's baseline */
	twitch(start - 1, 10); /* week 1's baseline */
	for (i = 0; i < 7; i++)
		twitch(start + i, 8 - i);      /* 8 .. 2: mean 5 */
	twitch(start + 8, 3);              /* a habit night after week 1 */
	twitch(start + 9, 2);              /* week 2's baseline */
	kv_set_int(&state_night_get(&st, start + 5)->kv, "quality", 3);
	kv_set_str(&state_night_get(&st, start + 4)->kv, "twitches", "x");
	state_restart(&st, start + 10, plan.id, 1000);
	for (i = 0; i < 3; i++)
		twitch(start + 10 + i, 1 + i); /* 1, 2, 3: mean 2 */

	trend_compute(&t, &plan, &st, start + 13);
	ck_assert_int_eq(t.today, start + 13);
	ck_assert_int_eq(t.nweeks, 2);
	ck_assert_int_eq(t.weeks[0].number, 1);
	ck_assert(!t.weeks[0].current);
	ck_assert(t.weeks[0].final);
	ck_assert_int_eq(t.weeks[0].start, start);
	ck_assert_int_eq(t.weeks[0].last, start + 6);
	ck_assert_int_eq(t.weeks[0].logged, 7);
	ck_assert_int_eq(t.weeks[0].twitch_nights, 6); /* "x" is no count */
	ck_assert_double_eq_tol(t.weeks[0].mean, 31.0 / 6, 1e-9);
	ck_assert_int_eq(t.weeks[0].baseline, 10);
	ck_assert_int_eq(t.weeks[1].number, 2);
	ck_assert(t.weeks[1].current);
	ck_assert(!t.weeks[1].final);
	ck_assert_int_eq(t.weeks[1].last, start + 16);
	ck_assert_int_eq(t.weeks[1].twitch_nights, 3);
	ck_assert_double_eq_tol(t.weeks[1].mean, 2.0, 1e-9);
	ck_assert_int_eq(t.weeks[1].baseline, 2);

	/* Every night with a count once, in date order; none before the
	 * first week's baseline. */
	ck_assert_int_eq(t.npoints, 1 + 6 + 1 + 1 + 3);
	ck_assert_int_eq(t.nights, t.npoints);
	ck_assert_int_eq(t.points[0].date, start - 1);
	ck_assert(t.points[0].baseline);
	ck_assert_int_eq(t.points[0].week, 0);
	ck_assert_int_eq(t.points[0].twitches, 10);
	ck_assert(!t.points[1].baseline);
	ck_assert(!t.points[1].after);
	ck_assert_int_eq(t.points[6].date, start + 6); /* the week's last */
	ck_assert(!t.points[6].after);
	ck_assert_int_eq(t.points[7].date, start + 8);
	ck_assert(t.points[7].after);
	ck_assert_int_eq(t.points[7].week, 0);
	ck_assert_int_eq(t.points[8].date, start + 9);
	ck_assert(t.points[8].baseline);
	ck_assert(!t.points[8].after);
	ck_assert_int_eq(t.points[8].week, 1);
	ck_assert_int_eq(t.points[11].week, 1);
	ck_assert_int_eq(t.points[11].twitches, 3);
	for (i = 1; i < t.npoints; i++)
		ck_assert_int_lt(t.points[i - 1].date, t.points[i].date);
	ck_assert_int_eq(t.max, 10);
	ck_assert(t.little_data);

	/* Week 1 against the latest. */
	ck_assert(t.compare_ok);
	ck_assert_double_eq_tol(t.first_mean, 31.0 / 6, 1e-9);
	ck_assert_double_eq_tol(t.last_mean, 2.0, 1e-9);
	ck_assert_double_eq_tol(t.change, 2.0 - 31.0 / 6, 1e-9);
	ck_assert(t.change_pct_ok);
	ck_assert_double_eq_tol(t.change_pct, 100.0 * (2.0 - 31.0 / 6) /
	    (31.0 / 6), 1e-9);

	text(&t, "Week 1: 5.2 twitches a night; week 2 so far: 2.0 a night; "
	    "3.2 fewer a night (-61%). 12 nights are little data: read this "
	    "as a hint, not proof.");
	trend_free(&t);

	/* Two nights in the latest week are too few to compare. */
	state_night_delete(&st, start + 12);
	trend_compute(&t, &plan, &st, start + 13);
	ck_assert(!t.compare_ok);
	ck_assert_int_eq(t.weeks[1].twitch_nights, 2);
	text(&t, "Comparing week 1 with week 2 needs twitch counts on at least 3 "
	    "nights of each (week 1 has 6, week 2 has 2).");
	trend_free(&t);
}
END_TEST

/* A count is placed when the plan's field takes it: its least and its
 * most are counted, a stored value past them is not. */
START_TEST(test_trend_bounds)
{
	const struct journal_field *f = plan_field(&plan, "twitches");
	struct trend                t;

	ck_assert_ptr_nonnull(f);
	twitch(start, (int)f->max);
	twitch(start + 1, (int)f->max + 1);
	twitch(start + 2, 0);
	twitch(start + 3, -1);
	trend_compute(&t, &plan, &st, start + 4);
	ck_assert_int_eq(t.npoints, 2);
	ck_assert_int_eq(t.points[0].twitches, f->max);
	ck_assert_int_eq(t.points[1].date, start + 2);
	ck_assert_int_eq(t.points[1].twitches, 0);
	ck_assert_int_eq(t.max, f->max);
	trend_free(&t);
}
END_TEST

/* One week only: nothing to compare; from zero no percentage; enough
 * nights are not "little data". */
START_TEST(test_trend_compare)
{
	struct trend t;
	int          i;

	for (i = 0; i < 7; i++)
		twitch(start + i, 0);
	trend_compute(&t, &plan, &st, start + 7);
	ck_assert_int_eq(t.nweeks, 1);
	text(&t, "One week so far: a second week gives something to compare "
	    "week 1 with.");
	ck_assert(t.weeks[0].final);
	ck_assert_int_eq(t.weeks[0].baseline, -1);
	ck_assert(!t.compare_ok);
	trend_free(&t);
	state_restart(&st, start + 7, plan.id, 1000);
	for (i = 0; i < 7; i++)
		twitch(start + 7 + i, 2);
	trend_compute(&t, &plan, &st, start + 14);
	ck_assert(t.compare_ok);
	ck_assert_double_eq_tol(t.change, 2.0, 1e-9);
	ck_assert(!t.change_pct_ok);
	text(&t, "Week 1: 0.0 twitches a night; week 2: 2.0 a night; 2.0 more "
	    "a night.");
	ck_assert_int_eq(t.nights, 14);
	ck_assert(!t.little_data);
	ck_assert(t.weeks[1].final);
	ck_assert_int_eq(t.weeks[0].days_done, 0);
	trend_free(&t);
	/* Every step of a day ticked: a day done. */
	state_tick(&st, 1, 1, true, 1);
	state_tick(&st, 1, 2, true, 1);
	state_tick(&st, 2, 1, true, 1);
	trend_compute(&t, &plan, &st, start + 14);
	ck_assert_int_eq(t.weeks[1].days_done, 1);
	trend_free(&t);
	/* Week 3 cut short on its day 3 by week 4: the days it lived. */
	state_restart(&st, start + 14, plan.id, 2000);
	twitch(start + 15, 5);
	twitch(start + 16, 5); /* week 4's first night */
	state_restart(&st, start + 16, plan.id, 3000);
	trend_compute(&t, &plan, &st, start + 20);
	ck_assert_int_eq(t.nweeks, 4);
	ck_assert_int_eq(t.weeks[2].last, start + 15);
	ck_assert_int_eq(t.weeks[2].logged, 1);
	ck_assert(t.weeks[2].final);
	ck_assert_int_eq(t.weeks[3].logged, 1);
	ck_assert(!t.weeks[3].final);
	trend_free(&t);
	/* No week at all. */
	state_free(&st);
	state_init(&st);
	trend_compute(&t, &plan, &st, start);
	ck_assert_int_eq(t.nweeks, 0);
	ck_assert_int_eq(t.npoints, 0);
	trend_free(&t);
}
END_TEST

Suite *
trend_suite(void)
{
	Suite *s = suite_create("trend");
	TCase *tc = tcase_create("weeks");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_weeks);
	tcase_add_test(tc, test_trend_points);
	tcase_add_test(tc, test_trend_bounds);
	tcase_add_test(tc, test_trend_compare);
	suite_add_tcase(s, tc);
	return s;
}
