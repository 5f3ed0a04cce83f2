/* The week in review: trigger rules night by night and the statistics
 * of a week with gaps. The reports are in check_report.c, the exports in
 * check_export.c. */
#include "testutil.h"
#include "testweek.h"

#include "winddown/day.h"
#include "winddown/journal.h"
#include "winddown/report.h"
#include "winddown/review.h"
#include "winddown/state.h"
#include "winddown/util.h"

/* The verdict of rule r on the night l, rollover 04:00. */
static enum review_verdict
verdict(int r, struct kvlist *l, int median)
{
	return review_trigger(&rules[r], l, median, 4);
}

START_TEST(test_trigger_after)
{
	struct kvlist l = { NULL, 0 };

	ck_assert_int_eq(verdict(R_CAFFEINE, &l, -1), REVIEW_UNKNOWN);
	kv_set_str(&l, "caffeine", "13:30");
	ck_assert_int_eq(verdict(R_CAFFEINE, &l, -1), REVIEW_NO);
	kv_set_str(&l, "caffeine", "14:00");
	ck_assert_int_eq(verdict(R_CAFFEINE, &l, -1), REVIEW_NO);
	kv_set_str(&l, "caffeine", "14:01");
	ck_assert_int_eq(verdict(R_CAFFEINE, &l, -1), REVIEW_YES);
	kv_set_str(&l, "caffeine", "23:30");
	ck_assert_int_eq(verdict(R_CAFFEINE, &l, -1), REVIEW_YES);
	/* A 01:00 coffee is after midnight, so after 14:00 ... */
	kv_set_str(&l, "caffeine", "01:00");
	ck_assert_int_eq(verdict(R_CAFFEINE, &l, -1), REVIEW_YES);
	kv_set_str(&l, "caffeine", "03:59");
	ck_assert_int_eq(verdict(R_CAFFEINE, &l, -1), REVIEW_YES);
	/* ... but a 04:00 one starts the next day. */
	kv_set_str(&l, "caffeine", "04:00");
	ck_assert_int_eq(verdict(R_CAFFEINE, &l, -1), REVIEW_NO);
	kv_set_str(&l, "caffeine", "07:30");
	ck_assert_int_eq(verdict(R_CAFFEINE, &l, -1), REVIEW_NO);
	/* With the day ending at midnight, 01:00 is morning. */
	kv_set_str(&l, "caffeine", "01:00");
	ck_assert_int_eq(review_trigger(&rules[R_CAFFEINE], &l, -1, 0),
	    REVIEW_NO);
	/* No caffeine at all is no late caffeine. */
	kv_set_str(&l, "caffeine", "none");
	ck_assert_int_eq(verdict(R_CAFFEINE, &l, -1), REVIEW_NO);
	/* A value that is not a time is unknown, not false. */
	kv_set_int(&l, "caffeine", 3);
	ck_assert_int_eq(verdict(R_CAFFEINE, &l, -1), REVIEW_UNKNOWN);
	kv_clear(&l);
}
END_TEST

START_TEST(test_trigger_within_before)
{
	struct kvlist l = { NULL, 0 };

	kv_set_str(&l, "intensity", "vigorous");
	kv_set_str(&l, "bedtime", "22:30");
	kv_set_str(&l, "exercise", "21:00");
	ck_assert_int_eq(verdict(R_WORKOUT, &l, -1), REVIEW_YES);
	kv_set_str(&l, "exercise", "19:31");
	ck_assert_int_eq(verdict(R_WORKOUT, &l, -1), REVIEW_YES);
	/* Exactly three hours before is not "less than" three hours. */
	kv_set_str(&l, "exercise", "19:30");
	ck_assert_int_eq(verdict(R_WORKOUT, &l, -1), REVIEW_NO);
	kv_set_str(&l, "exercise", "07:00");
	ck_assert_int_eq(verdict(R_WORKOUT, &l, -1), REVIEW_NO);
	/* After bedtime counts, across midnight too. */
	kv_set_str(&l, "exercise", "23:00");
	ck_assert_int_eq(verdict(R_WORKOUT, &l, -1), REVIEW_YES);
	kv_set_str(&l, "exercise", "00:30");
	ck_assert_int_eq(verdict(R_WORKOUT, &l, -1), REVIEW_YES);
	kv_set_str(&l, "bedtime", "00:30");
	kv_set_str(&l, "exercise", "22:00");
	ck_assert_int_eq(verdict(R_WORKOUT, &l, -1), REVIEW_YES);
	kv_set_str(&l, "exercise", "21:00");
	ck_assert_int_eq(verdict(R_WORKOUT, &l, -1), REVIEW_NO);

	/* if_field: only vigorous exercise counts. */
	kv_set_str(&l, "exercise", "23:00");
	kv_set_str(&l, "intensity", "light");
	ck_assert_int_eq(verdict(R_WORKOUT, &l, -1), REVIEW_NO);
	kv_unset(&l, "intensity");
	ck_assert_int_eq(verdict(R_WORKOUT, &l, -1), REVIEW_UNKNOWN);
	kv_set_str(&l, "intensity", "vigorous");
	ck_assert_int_eq(verdict(R_WORKOUT, &l, -1), REVIEW_YES);

	/* Without the reference time the rule cannot tell. */
	kv_unset(&l, "bedtime");
	ck_assert_int_eq(verdict(R_WORKOUT, &l, -1), REVIEW_UNKNOWN);
	kv_set_str(&l, "exercise", "none");
	ck_assert_int_eq(verdict(R_WORKOUT, &l, -1), REVIEW_NO);
	kv_unset(&l, "exercise");
	kv_set_str(&l, "bedtime", "22:30");
	ck_assert_int_eq(verdict(R_WORKOUT, &l, -1), REVIEW_UNKNOWN);
	/* A failed condition decides even when the field is missing. */
	kv_set_str(&l, "intensity", "moderate");
	ck_assert_int_eq(verdict(R_WORKOUT, &l, -1), REVIEW_NO);
	kv_clear(&l);
}
END_TEST

START_TEST(test_trigger_off_median)
{
	struct kvlist l = { NULL, 0 };
	int           median = 23 * 60;

	kv_set_str(&l, "bedtime", "23:30");
	ck_assert_int_eq(verdict(R_BEDTIME, &l, median), REVIEW_NO);
	kv_set_str(&l, "bedtime", "00:00");
	ck_assert_int_eq(verdict(R_BEDTIME, &l, median), REVIEW_NO);
	kv_set_str(&l, "bedtime", "00:01");
	ck_assert_int_eq(verdict(R_BEDTIME, &l, median), REVIEW_YES);
	kv_set_str(&l, "bedtime", "21:59");
	ck_assert_int_eq(verdict(R_BEDTIME, &l, median), REVIEW_YES);
	kv_set_str(&l, "bedtime", "22:00");
	ck_assert_int_eq(verdict(R_BEDTIME, &l, median), REVIEW_NO);
	ck_assert_int_eq(verdict(R_BEDTIME, &l, -1), REVIEW_UNKNOWN);
	kv_unset(&l, "bedtime");
	ck_assert_int_eq(verdict(R_BEDTIME, &l, median), REVIEW_UNKNOWN);
	kv_clear(&l);
}
END_TEST

START_TEST(test_trigger_at_least)
{
	struct kvlist l = { NULL, 0 };

	ck_assert_int_eq(verdict(R_STRESS, &l, -1), REVIEW_UNKNOWN);
	kv_set_int(&l, "stress", 3);
	ck_assert_int_eq(verdict(R_STRESS, &l, -1), REVIEW_NO);
	kv_set_int(&l, "stress", 4);
	ck_assert_int_eq(verdict(R_STRESS, &l, -1), REVIEW_YES);
	kv_set_int(&l, "stress", 5);
	ck_assert_int_eq(verdict(R_STRESS, &l, -1), REVIEW_YES);
	kv_set_str(&l, "stress", "high");
	ck_assert_int_eq(verdict(R_STRESS, &l, -1), REVIEW_UNKNOWN);
	kv_clear(&l);
}
END_TEST

START_TEST(test_median)
{
	kv_set_str(night(0), "bedtime", "23:00");
	kv_set_str(night(1), "bedtime", "00:30");
	kv_set_str(night(2), "bedtime", "22:30");
	kv_set_int(night(3), "twitches", 2); /* no bedtime: left out */
	ck_assert_int_eq(review_median(st.nights, st.nnights, "bedtime", 4),
	    23 * 60);
	/* Even count: the mean of the middle two, on the evening scale. */
	kv_set_str(night(3), "bedtime", "01:30");
	ck_assert_int_eq(review_median(st.nights, st.nnights, "bedtime", 4),
	    (23 * 60 + 24 * 60 + 30) / 2);
	ck_assert_int_eq(review_median(st.nights, st.nnights, "caffeine", 4),
	    -1);
	ck_assert_int_eq(review_median(st.nights, 0, "bedtime", 4), -1);
}
END_TEST

/* A stored count outside the field's range is never averaged: a file
 * may hold anything (issue 9: 9223372036854775807 gave a negative mean). */
START_TEST(test_out_of_range)
{
	struct review rv;

	kv_set_int(night(0), "twitches", 9223372036854775807LL);
	kv_set_int(night(1), "twitches", 101);
	kv_set_int(night(2), "twitches", -1);
	kv_set_int(night(3), "twitches", 100);
	kv_set_int(night(4), "twitches", 0);
	kv_set_int(night(0), "quality", 6);
	kv_set_int(night(1), "quality", 0);
	kv_set_int(night(3), "quality", 5);
	kv_set_int(night(4), "quality", 1);
	review_compute(&rv, &plan, &st, &st.week, start + 7);
	ck_assert_int_eq(rv.logged, 5);
	ck_assert_int_eq(rv.twitch_nights, 2);
	ck_assert_double_eq_tol(rv.twitches_mean, 50.0, 1e-9);
	ck_assert_int_eq(rv.twitches_max, 100);
	ck_assert_int_eq(rv.nights[0].twitches, -1);
	ck_assert_int_eq(rv.nights[1].twitches, -1);
	ck_assert_int_eq(rv.nights[3].twitches, 100);
	ck_assert_int_eq(rv.nights[4].twitches, 0);
	ck_assert_int_eq(rv.quality_nights, 2);
	ck_assert_double_eq_tol(rv.quality_mean, 3.0, 1e-9);
	review_free(&rv);
}
END_TEST

/* Missing nights are missing: never zeros in any figure. */
START_TEST(test_gaps)
{
	struct review rv;

	kv_set_int(night(0), "twitches", 8);
	kv_set_int(night(1), "twitches", 6);
	kv_set_int(night(3), "twitches", 4);
	kv_set_int(night(6), "twitches", 2);
	kv_set_int(night(0), "quality", 2);
	kv_set_int(night(6), "quality", 5);
	/* A night of the week before and of the week after: not counted. */
	kv_set_int(&state_night_get(&st, start - 1)->kv, "twitches", 50);
	kv_set_int(&state_night_get(&st, start + 7)->kv, "twitches", 50);

	review_compute(&rv, &plan, &st, &st.week, start + 8);
	ck_assert_int_eq(rv.ndays, 7);
	ck_assert_int_eq(rv.logged, 4);
	ck_assert_int_eq(rv.missing, 3);
	ck_assert_int_eq(rv.pending, 0);
	ck_assert_int_eq(rv.nights[2].status, REVIEW_MISSING);
	ck_assert_ptr_null(rv.nights[2].night);
	ck_assert_int_eq(rv.nights[2].twitches, -1);
	ck_assert_int_eq(rv.nights[3].status, REVIEW_LOGGED);
	ck_assert_int_eq(rv.nights[3].date, start + 3);
	ck_assert_int_eq(rv.twitch_nights, 4);
	ck_assert_double_eq_tol(rv.twitches_mean, 5.0, 1e-9); /* not 20/7 */
	ck_assert_int_eq(rv.twitches_max, 8);
	ck_assert(!rv.trend_ok);
	ck_assert(!review_has(rv.first_mean));
	ck_assert_int_eq(rv.quality_nights, 2);
	ck_assert_double_eq_tol(rv.quality_mean, 3.5, 1e-9);
	ck_assert(rv.little_data);
	review_free(&rv);
}
END_TEST

/* Tonight and later are still to come, not missing. */
START_TEST(test_pending)
{
	struct review rv;

	kv_set_int(night(0), "twitches", 3);
	kv_set_int(night(4), "twitches", 1); /* logged ahead: still counts */
	review_compute(&rv, &plan, &st, &st.week, start + 3);
	ck_assert_int_eq(rv.today_number, 4);
	ck_assert_int_eq(rv.logged, 2);
	ck_assert_int_eq(rv.missing, 2);
	ck_assert_int_eq(rv.pending, 3);
	ck_assert_int_eq(rv.nights[1].status, REVIEW_MISSING);
	ck_assert_int_eq(rv.nights[3].status, REVIEW_PENDING);
	ck_assert_int_eq(rv.nights[4].status, REVIEW_LOGGED);
	ck_assert_int_eq(rv.nights[5].status, REVIEW_PENDING);
	/* A night whose values were all removed is not logged. */
	kv_set_int(night(1), "twitches", 1);
	kv_unset(night(1), "twitches");
	review_free(&rv);
	review_compute(&rv, &plan, &st, &st.week, start + 3);
	ck_assert_int_eq(rv.nights[1].status, REVIEW_MISSING);
	ck_assert_int_eq(rv.logged, 2);
	review_free(&rv);
}
END_TEST

/* An archived week cut short by a restart on its day 4: the nights from
 * the new week's start on are not its own; a running week keeps a night
 * logged ahead. */
START_TEST(test_cut_week)
{
	struct review rv;

	kv_set_int(night(0), "twitches", 6);
	kv_set_int(night(2), "twitches", 4);
	kv_set_int(night(3), "twitches", 50); /* the new week's first */
	kv_set_int(night(5), "twitches", 50);
	state_restart(&st, start + 3, plan.id, 1000);
	ck_assert_int_eq(st.narchive, 1);
	review_compute(&rv, &plan, &st, &st.archive[0], start + 3);
	/* The days it lived, all past: none today or to come. */
	ck_assert_int_eq(rv.ndays, 3);
	ck_assert_int_eq(rv.today_number, 4);
	ck_assert(rv.final);
	ck_assert_int_eq(rv.logged, 2);
	ck_assert_int_eq(rv.missing, 1);
	ck_assert_int_eq(rv.pending, 0);
	ck_assert_int_eq(rv.days[2].status, DAY_MISSED);
	ck_assert_int_eq(rv.nights[2].date, start + 2);
	ck_assert_double_eq_tol(rv.twitches_mean, 5.0, 1e-9);
	review_free(&rv);
	/* Seen any time later, the same. */
	review_compute(&rv, &plan, &st, &st.archive[0], start + 3);
	ck_assert_int_eq(rv.ndays, 3);
	review_free(&rv);
	/* Restarted on its own first day: one day, past. */
	st.archive[0].start = start + 3;
	review_compute(&rv, &plan, &st, &st.archive[0], start + 3);
	ck_assert_int_eq(rv.ndays, 1);
	ck_assert_int_eq(rv.pending, 0);
	ck_assert_int_eq(rv.days[0].status, DAY_MISSED);
	st.archive[0].start = start;
	review_free(&rv);
	/* The same nights seen from the new week. */
	review_compute(&rv, &plan, &st, &st.week, start + 4);
	ck_assert_int_eq(rv.nights[0].status, REVIEW_LOGGED);
	ck_assert_int_eq(rv.nights[2].status, REVIEW_LOGGED);
	ck_assert_int_eq(rv.logged, 2);
	review_free(&rv);
}
END_TEST

START_TEST(test_trend)
{
	struct review rv;
	static const int tw[] = { 10, 8, -1, 6, 4, 2, 1 };
	int              i;

	for (i = 0; i < 7; i++) {
		if (tw[i] >= 0)
			kv_set_int(night(i), "twitches", tw[i]);
		else
			kv_set_int(night(i), "quality", 3);
	}
	review_compute(&rv, &plan, &st, &st.week, start + 7);
	ck_assert_int_eq(rv.logged, 7);
	ck_assert_int_eq(rv.twitch_nights, 6);
	ck_assert(rv.trend_ok);
	/* First three with a count: 10, 8, 6; last three: 4, 2, 1. */
	ck_assert_double_eq_tol(rv.first_mean, 8.0, 1e-9);
	ck_assert_double_eq_tol(rv.last_mean, 7.0 / 3, 1e-9);
	ck_assert_double_eq_tol(rv.change, 7.0 / 3 - 8.0, 1e-9);
	ck_assert(rv.change_pct_ok);
	ck_assert_double_eq_tol(rv.change_pct, -70.833, 0.001);
	review_free(&rv);

	/* Five nights with a count are not enough. */
	kv_unset(night(6), "twitches");
	kv_set_int(night(6), "quality", 4);
	review_compute(&rv, &plan, &st, &st.week, start + 7);
	ck_assert_int_eq(rv.twitch_nights, 5);
	ck_assert(!rv.trend_ok);
	review_free(&rv);

	/* From zero, there is no percentage. */
	for (i = 0; i < 7; i++)
		kv_set_int(night(i), "twitches", i < 3 ? 0 : 2);
	review_compute(&rv, &plan, &st, &st.week, start + 7);
	ck_assert(rv.trend_ok);
	ck_assert_double_eq_tol(rv.change, 2.0, 1e-9);
	ck_assert(!rv.change_pct_ok);
	review_free(&rv);
}
END_TEST

START_TEST(test_bedtime_sleep)
{
	struct review rv;
	static const char *bed[] = { "23:00", "23:30", "00:30", NULL,
		"22:30", "23:00", NULL };
	int                i;

	for (i = 0; i < 7; i++) {
		if (bed[i] != NULL)
			kv_set_str(night(i), "bedtime", bed[i]);
	}
	/* Two nights of diary items: SE 83.3 % and 88.9 %. */
	kv_set_str(night(0), "lights_out", "23:00");
	kv_set_int(night(0), "latency", 20);
	kv_set_int(night(0), "waso", 30);
	kv_set_str(night(0), "wake", "06:30");
	kv_set_str(night(0), "out_of_bed", "07:00");
	kv_set_str(night(1), "lights_out", "23:00");
	kv_set_int(night(1), "latency", 20);
	kv_set_int(night(1), "waso", 30);
	kv_set_str(night(1), "wake", "06:30");
	/* Diary items but no latency: no efficiency, not a zero. */
	kv_set_str(night(2), "lights_out", "00:40");
	kv_set_str(night(2), "wake", "06:30");

	review_compute(&rv, &plan, &st, &st.week, start + 7);
	/* 22:30 23:00 23:00 23:30 00:30 on the evening scale. */
	ck_assert_int_eq(rv.bedtime_nights, 5);
	ck_assert_int_eq(rv.bedtime_median, 23 * 60);
	ck_assert_double_eq_tol(rv.bedtime_mad, (30 + 0 + 0 + 30 + 90) / 5.0,
	    1e-9);
	ck_assert_int_eq(rv.bedtime_range, 120);
	ck_assert_int_eq(rv.nights[2].bedtime, 24 * 60 + 30);

	ck_assert_int_eq(rv.sleep_nights, 2);
	ck_assert_int_eq(rv.nights[0].sleep.tib, 480);
	ck_assert_int_eq(rv.nights[0].sleep.tst, 400);
	ck_assert_int_eq(rv.nights[1].sleep.tib, 450);
	ck_assert_int_eq(rv.nights[2].sleep.tib, 350);
	ck_assert_int_eq(rv.nights[2].sleep.tst, -1);
	ck_assert_double_eq_tol(rv.se_mean, (400.0 / 480 + 400.0 / 450) * 50,
	    1e-9);
	ck_assert_double_eq_tol(rv.tst_mean, 400, 1e-9);
	ck_assert_double_eq_tol(rv.tib_mean, 465, 1e-9);
	ck_assert(!review_has(rv.quality_mean));
	ck_assert(!review_has(rv.twitches_mean));
	review_free(&rv);
}
END_TEST

START_TEST(test_review_triggers)
{
	struct review          rv;
	const struct review_trigger *t;

	/* Late caffeine on nights 0 (01:00) and 1 (15:00); not on 2
	 * (09:00) and 3 (none); unknown on 4; night 5 late but no count. */
	kv_set_str(night(0), "caffeine", "01:00");
	kv_set_int(night(0), "twitches", 10);
	kv_set_str(night(1), "caffeine", "15:00");
	kv_set_int(night(1), "twitches", 8);
	kv_set_str(night(2), "caffeine", "09:00");
	kv_set_int(night(2), "twitches", 2);
	kv_set_str(night(3), "caffeine", "none");
	kv_set_int(night(3), "twitches", 1);
	kv_set_int(night(4), "twitches", 5);
	kv_set_str(night(5), "caffeine", "16:00");
	kv_set_int(night(5), "stress", 2);

	review_compute(&rv, &plan, &st, &st.week, start + 7);
	ck_assert_int_eq(rv.ntriggers, 4);
	t = &rv.triggers[R_CAFFEINE];
	ck_assert_ptr_eq(t->rule, &rules[R_CAFFEINE]);
	ck_assert_int_eq(t->nights_with, 3);
	ck_assert_int_eq(t->nights_without, 2);
	ck_assert_int_eq(t->nights_unknown, 1);
	ck_assert_double_eq_tol(t->mean_twitches_with, 9.0, 1e-9);
	ck_assert_double_eq_tol(t->mean_twitches_without, 1.5, 1e-9);
	ck_assert_int_eq(t->verdict[0], REVIEW_YES);
	ck_assert_int_eq(t->verdict[3], REVIEW_NO);
	ck_assert_int_eq(t->verdict[4], REVIEW_UNKNOWN);
	ck_assert_int_eq(t->verdict[6], REVIEW_UNKNOWN); /* missing night */

	/* Stress: one night without, no twitch count there. */
	t = &rv.triggers[R_STRESS];
	ck_assert_int_eq(t->nights_with, 0);
	ck_assert_int_eq(t->nights_without, 1);
	ck_assert_int_eq(t->nights_unknown, 5);
	ck_assert(!review_has(t->mean_twitches_with));
	ck_assert(!review_has(t->mean_twitches_without));

	/* No bedtimes: no median, every night unknown. */
	t = &rv.triggers[R_BEDTIME];
	ck_assert_int_eq(t->median, -1);
	ck_assert_int_eq(t->nights_unknown, 6);
	review_free(&rv);
}
END_TEST

/* The irregular-bedtime rule measures from the week's own median. */
START_TEST(test_review_off_median)
{
	struct review rv;
	const struct review_trigger *t;

	kv_set_str(night(0), "bedtime", "23:00");
	kv_set_str(night(1), "bedtime", "23:15");
	kv_set_str(night(2), "bedtime", "01:00");
	kv_set_str(night(3), "bedtime", "22:45");
	kv_set_str(night(4), "bedtime", "21:30");
	kv_set_int(night(2), "twitches", 9);
	kv_set_int(night(4), "twitches", 7);
	kv_set_int(night(0), "twitches", 1);
	review_compute(&rv, &plan, &st, &st.week, start + 7);
	t = &rv.triggers[R_BEDTIME];
	ck_assert_int_eq(t->median, 23 * 60);
	ck_assert_int_eq(t->nights_with, 2);    /* 01:00 and 21:30 */
	ck_assert_int_eq(t->nights_without, 3);
	ck_assert_int_eq(t->verdict[2], REVIEW_YES);
	ck_assert_int_eq(t->verdict[4], REVIEW_YES);
	ck_assert_double_eq_tol(t->mean_twitches_with, 8.0, 1e-9);
	ck_assert_double_eq_tol(t->mean_twitches_without, 1.0, 1e-9);
	review_free(&rv);
}
END_TEST

START_TEST(test_days)
{
	struct review rv;

	state_tick(&st, 1, 1, true, 1);
	state_tick(&st, 1, 2, true, 2);
	state_tick(&st, 2, 3, true, 3);
	state_tick(&st, 4, 1, true, 4);
	state_tick(&st, 4, 2, true, 5);
	review_compute(&rv, &plan, &st, &st.week, start + 3);
	ck_assert_int_eq(rv.days[0].number, 1);
	ck_assert_int_eq(rv.days[0].date, start);
	ck_assert_int_eq(rv.days[0].done, 2);
	ck_assert_int_eq(rv.days[0].total, 2);
	ck_assert_int_eq(rv.days[0].status, DAY_DONE);
	ck_assert_int_eq(rv.days[1].done, 1);
	ck_assert_int_eq(rv.days[1].total, 3);
	ck_assert_int_eq(rv.days[1].status, DAY_PARTLY);
	ck_assert_int_eq(rv.days[2].status, DAY_MISSED);
	ck_assert_int_eq(rv.days[3].status, DAY_DONE);
	ck_assert_int_eq(rv.days[3].date, start + 3);
	ck_assert_int_eq(rv.days[4].status, DAY_TO_COME);
	ck_assert_int_eq(rv.days[6].total, 1);
	review_free(&rv);

	/* A tick of a step the plan does not have is ignored. */
	st.week.ticks = xreallocarray(st.week.ticks,
	    (size_t)st.week.nticks + 1, sizeof *st.week.ticks);
	st.week.ticks[st.week.nticks++] = (struct tick){ 3, 9, 6 };
	review_compute(&rv, &plan, &st, &st.week, start + 2);
	ck_assert_int_eq(rv.days[2].done, 0);
	ck_assert_int_eq(rv.days[2].status, DAY_TODAY);
	review_free(&rv);
}
END_TEST

START_TEST(test_sessions_flags)
{
	struct review      rv;
	struct pmr_session s = { .routine = "lower", .done = 4, .total = 4,
		.seconds = 300, .finished = true, .rating = 4 };

	s.night = start + 2;
	state_add_session(&st, &s);
	s.night = start - 1; /* the week before */
	state_add_session(&st, &s);
	s.night = start;
	s.routine = "full";
	s.finished = false;
	s.rating = 0;
	state_add_session(&st, &s);
	s.night = start + 7; /* the week after */
	state_add_session(&st, &s);

	review_compute(&rv, &plan, &st, &st.week, start + 7);
	ck_assert_int_eq(rv.nsessions, 2);
	ck_assert_int_eq(rv.sessions[0]->night, start);
	ck_assert_str_eq(rv.sessions[0]->routine, "full");
	ck_assert_int_eq(rv.sessions[1]->night, start + 2);
	ck_assert_int_eq(rv.sessions[1]->rating, 4);

	ck_assert_int_eq(rv.nflags, 3);
	ck_assert_int_eq(rv.flags[0].answer, -1);
	ck_assert_int_eq(rv.flags_result, REVIEW_FLAGS_INCOMPLETE);
	review_free(&rv);

	kv_set_bool(&st.week.flags, "painful", false);
	kv_set_bool(&st.week.flags, "urge", false);
	kv_set_bool(&st.week.flags, "rhythmic", false);
	kv_set_bool(&st.week.flags, "retired-question", true);
	review_compute(&rv, &plan, &st, &st.week, start + 7);
	ck_assert_int_eq(rv.flags_result, REVIEW_FLAGS_CLEAR);
	ck_assert_int_eq(rv.flags_yes, 0);
	review_free(&rv);

	kv_set_bool(&st.week.flags, "urge", true);
	kv_unset(&st.week.flags, "rhythmic");
	review_compute(&rv, &plan, &st, &st.week, start + 7);
	ck_assert_int_eq(rv.flags[1].answer, 1);
	ck_assert_int_eq(rv.flags[2].answer, -1);
	ck_assert_int_eq(rv.flags_yes, 1);
	ck_assert_int_eq(rv.flags_result, REVIEW_FLAGS_DOCTOR);
	review_free(&rv);
}
END_TEST

/* One sentence of the reports about rv, as fn writes it. */
static void
line(const struct review *rv, void (*fn)(const struct review *,
    struct buf *), const char *want)
{
	struct buf b = { NULL, 0, 0 };

	fn(rv, &b);
	ck_assert_str_eq(b.data, want);
	buf_free(&b);
}

/* The night before day 1 is the week's baseline: logged on day 1's
 * morning, shown beside the week, in none of its counts; night 7 is
 * logged on day 8's morning, when the review becomes final. */
START_TEST(test_baseline_final)
{
	struct review rv;
	static const int tw[] = { 9, 7, 6, 5, 4, 3, 2 };
	int              i;

	/* Day 1's morning: no baseline yet; the week is not final. */
	review_compute(&rv, &plan, &st, &st.week, start);
	line(&rv, report_final_line, "Not final yet: night 7 (Sun 03-10) is "
	    "still to come; log it on the morning of 2024-03-11 for the final "
	    "review.");
	line(&rv, report_baseline_line, "Baseline (the night before day 1, "
	    "Sun 03-03): not logged; 'winddown log --date 2024-03-03' adds "
	    "it.");
	ck_assert_int_eq(rv.baseline.date, start - 1);
	ck_assert_int_eq(rv.baseline.status, REVIEW_MISSING);
	ck_assert_ptr_null(rv.baseline.night);
	ck_assert_int_eq(rv.baseline.twitches, -1);
	ck_assert(!rv.final);
	ck_assert(!rv.baseline_ok);
	ck_assert(!review_has(rv.recent_mean));
	review_free(&rv);
	/* Before the week: still to come. */
	review_compute(&rv, &plan, &st, &st.week, start - 1);
	ck_assert_int_eq(rv.baseline.status, REVIEW_PENDING);
	line(&rv, report_baseline_line, "Baseline (the night before day 1, "
	    "Sun 03-03): not logged yet.");
	line(&rv, report_final_line, "Not final yet: the week has not "
	    "begun; it is final from 2024-03-11.");
	review_free(&rv);
	/* A night kept without values is not logged. */
	state_night_get(&st, start - 1);
	review_compute(&rv, &plan, &st, &st.week, start);
	ck_assert_int_eq(rv.baseline.status, REVIEW_MISSING);
	ck_assert_ptr_null(rv.baseline.night);
	review_free(&rv);

	kv_set_int(&state_night_get(&st, start - 1)->kv, "twitches", 12);
	kv_set_int(&state_night_get(&st, start - 1)->kv, "quality", 2);
	for (i = 0; i < 6; i++)
		kv_set_int(night(i), "twitches", tw[i]);
	/* Day 7: night 7 still to come, not final. */
	review_compute(&rv, &plan, &st, &st.week, start + 6);
	ck_assert_int_eq(rv.baseline.status, REVIEW_LOGGED);
	ck_assert_int_eq(rv.baseline.twitches, 12);
	ck_assert_int_eq(rv.baseline.quality, 2);
	ck_assert_int_eq(rv.logged, 6);
	ck_assert_int_eq(rv.pending, 1);
	ck_assert_int_eq(rv.nights[6].status, REVIEW_PENDING);
	ck_assert_int_eq(rv.twitch_nights, 6);
	ck_assert_int_eq(rv.twitches_max, 9); /* not the baseline's 12 */
	ck_assert_double_eq_tol(rv.twitches_mean, 34.0 / 6, 1e-9);
	ck_assert(!rv.final);
	/* The last three nights with a count against the baseline. */
	ck_assert(rv.baseline_ok);
	ck_assert_double_eq_tol(rv.recent_mean, 4.0, 1e-9);
	ck_assert_double_eq_tol(rv.baseline_change, -8.0, 1e-9);
	line(&rv, report_baseline_line, "Baseline (the night before day 1, "
	    "Sun 03-03): 12 twitches; the last three nights with a count: "
	    "4.0 a night, 8.0 fewer than the baseline. One night before is a "
	    "rough yardstick.");
	review_free(&rv);

	/* Day 8: night 7 logged that morning; final. */
	kv_set_int(night(6), "twitches", tw[6]);
	review_compute(&rv, &plan, &st, &st.week, start + 7);
	ck_assert(rv.final);
	line(&rv, report_final_line, "Final review: every night of the week "
	    "has had its morning.");
	ck_assert_int_eq(rv.logged, 7);
	ck_assert_int_eq(rv.pending, 0);
	ck_assert_double_eq_tol(rv.recent_mean, 3.0, 1e-9);
	ck_assert_double_eq_tol(rv.baseline_change, -9.0, 1e-9);
	review_free(&rv);

	/* A baseline without a count: no comparison, the recent mean kept. */
	kv_unset(&state_night_get(&st, start - 1)->kv, "twitches");
	review_compute(&rv, &plan, &st, &st.week, start + 7);
	ck_assert_int_eq(rv.baseline.status, REVIEW_LOGGED);
	ck_assert_int_eq(rv.baseline.twitches, -1);
	ck_assert(!rv.baseline_ok);
	ck_assert_double_eq_tol(rv.recent_mean, 3.0, 1e-9);
	review_free(&rv);
	/* Three nights with a count are enough; two are not. */
	for (i = 3; i < 7; i++)
		kv_unset(night(i), "twitches");
	kv_set_int(&state_night_get(&st, start - 1)->kv, "twitches", 7);
	review_compute(&rv, &plan, &st, &st.week, start + 7);
	ck_assert_int_eq(rv.twitch_nights, 3);
	ck_assert(rv.baseline_ok);
	ck_assert_double_eq_tol(rv.recent_mean, 22.0 / 3, 1e-9);
	line(&rv, report_baseline_line, "Baseline (the night before day 1, "
	    "Sun 03-03): 7 twitches; the last three nights with a count: 7.3 "
	    "a night, 0.3 more than the baseline. One night before is a rough "
	    "yardstick.");
	review_free(&rv);
	kv_set_int(&state_night_get(&st, start - 1)->kv, "twitches", 1);
	review_compute(&rv, &plan, &st, &st.week, start + 7);
	line(&rv, report_baseline_line, "Baseline (the night before day 1, "
	    "Sun 03-03): 1 twitch; the last three nights with a count: 7.3 a "
	    "night, 6.3 more than the baseline. One night before is a rough "
	    "yardstick.");
	review_free(&rv);
	kv_unset(night(2), "twitches");
	kv_set_int(&state_night_get(&st, start - 1)->kv, "twitches", 12);
	review_compute(&rv, &plan, &st, &st.week, start + 7);
	ck_assert_int_eq(rv.twitch_nights, 2);
	ck_assert(!rv.baseline_ok);
	ck_assert(!review_has(rv.recent_mean));
	line(&rv, report_baseline_line, "Baseline (the night before day 1, "
	    "Sun 03-03): 12 twitches.");
	review_free(&rv);
	/* An archived week is final whenever it is seen. */
	state_restart(&st, start + 2, plan.id, 1000);
	review_compute(&rv, &plan, &st, &st.archive[0], start + 2);
	ck_assert(rv.final);
	review_free(&rv);
}
END_TEST

/* An archived week is reviewed from its own start. */
START_TEST(test_archived_week)
{
	struct review rv;
	struct week   old = { .start = start - 7, .plan = "seven-day" };

	kv_set_int(&state_night_get(&st, start - 7)->kv, "twitches", 12);
	kv_set_int(&state_night_get(&st, start - 1)->kv, "twitches", 3);
	kv_set_int(night(0), "twitches", 1);
	review_compute(&rv, &plan, &st, &old, start + 2);
	ck_assert_int_eq(rv.logged, 2);
	ck_assert_int_eq(rv.missing, 5);
	ck_assert_double_eq_tol(rv.twitches_mean, 7.5, 1e-9);
	ck_assert_int_eq(rv.days[0].status, DAY_MISSED);
	review_free(&rv);
}
END_TEST

Suite *
review_suite(void)
{
	Suite *s = suite_create("review");
	TCase *tc;

	tc = tcase_create("triggers");
	tcase_add_test(tc, test_trigger_after);
	tcase_add_test(tc, test_trigger_within_before);
	tcase_add_test(tc, test_trigger_off_median);
	tcase_add_test(tc, test_trigger_at_least);
	suite_add_tcase(s, tc);

	tc = tcase_create("week");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_median);
	tcase_add_test(tc, test_gaps);
	tcase_add_test(tc, test_out_of_range);
	tcase_add_test(tc, test_pending);
	tcase_add_test(tc, test_trend);
	tcase_add_test(tc, test_bedtime_sleep);
	tcase_add_test(tc, test_review_triggers);
	tcase_add_test(tc, test_review_off_median);
	tcase_add_test(tc, test_days);
	tcase_add_test(tc, test_sessions_flags);
	tcase_add_test(tc, test_archived_week);
	tcase_add_test(tc, test_cut_week);
	tcase_add_test(tc, test_baseline_final);
	suite_add_tcase(s, tc);
	return s;
}
