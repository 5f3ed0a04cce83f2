/* The week in review: trigger rules night by night, the statistics of a
 * week with gaps, and the text, markdown, JSON and CSV written from it. */
#include "testutil.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "winddown/day.h"
#include "winddown/journal.h"
#include "winddown/report.h"
#include "winddown/review.h"
#include "winddown/state.h"
#include "winddown/util.h"

static char *intensities[] = { "light", "moderate", "vigorous" };

static struct journal_field fields[] = {
	{ .name = "twitches", .type = FIELD_COUNT, .prompt = "Twitches",
	  .min = 0, .max = 100 },
	{ .name = "quality", .type = FIELD_SCALE, .prompt = "Quality",
	  .min = 1, .max = 5 },
	{ .name = "bedtime", .type = FIELD_TIME, .prompt = "Bedtime" },
	{ .name = "caffeine", .type = FIELD_TIME, .prompt = "Last caffeine",
	  .none = true },
	{ .name = "exercise", .type = FIELD_TIME, .prompt = "Exercise",
	  .none = true },
	{ .name = "intensity", .type = FIELD_CHOICE, .prompt = "Intensity",
	  .choices = intensities, .nchoices = 3 },
	{ .name = "stress", .type = FIELD_SCALE, .prompt = "Stress",
	  .min = 1, .max = 5 },
	{ .name = "lights_out", .type = FIELD_TIME, .prompt = "Lights out",
	  .diary = true },
	{ .name = "latency", .type = FIELD_COUNT, .prompt = "Minutes to sleep",
	  .min = 0, .max = 600, .diary = true },
	{ .name = "waso", .type = FIELD_COUNT, .prompt = "Minutes awake",
	  .min = 0, .max = 600, .diary = true },
	{ .name = "wake", .type = FIELD_TIME, .prompt = "Woke", .diary = true },
	{ .name = "out_of_bed", .type = FIELD_TIME, .prompt = "Got up",
	  .diary = true },
	{ .name = "note", .type = FIELD_TEXT, .prompt = "Note", .max = 200 },
};

enum { R_CAFFEINE, R_WORKOUT, R_BEDTIME, R_STRESS };

static struct trigger_rule rules[] = {
	{ .id = "late-caffeine", .label = "Caffeine after 14:00",
	  .field = "caffeine", .op = TRIG_AFTER, .value = 14 * 60 },
	{ .id = "late-workout", .label = "Vigorous exercise within three "
	  "hours of bedtime", .field = "exercise", .op = TRIG_WITHIN_BEFORE,
	  .value = 180, .ref = "bedtime", .if_field = "intensity",
	  .if_value = "vigorous" },
	{ .id = "irregular-bedtime", .label = "Bedtime an hour or more off "
	  "the usual", .field = "bedtime", .op = TRIG_OFF_MEDIAN,
	  .value = 60 },
	{ .id = "high-stress", .label = "Stress 4 or more",
	  .field = "stress", .op = TRIG_AT_LEAST, .value = 4 },
};

static struct plan_flag flags[] = {
	{ .id = "painful", .question = "Are the leg movements painful?" },
	{ .id = "urge", .question = "Do you feel an irresistible urge to "
	  "move your legs, easing only when you move them?" },
	{ .id = "rhythmic", .question = "Do the movements come rhythmically, "
	  "again and again through the night?" },
};

#define STEPS2 { "Step one", "Step two" }
static struct plan_day days[] = {
	{ .number = 1, .id = "caffeine", .title = "No caffeine after 2 pm",
	  .steps = STEPS2, .nsteps = 2 },
	{ .number = 2, .id = "alcohol", .title = "Keep alcohol away from bed",
	  .steps = { "One", "Two", "Three" }, .nsteps = 3 },
	{ .number = 3, .id = "exercise", .title = "Move earlier in the day",
	  .steps = STEPS2, .nsteps = 2 },
	{ .number = 4, .id = "magnesium", .title = "Magnesium-rich food",
	  .steps = STEPS2, .nsteps = 2 },
	{ .number = 5, .id = "pmr", .title = "Progressive muscle "
	  "relaxation for the legs, with a long title that will not fit",
	  .steps = STEPS2, .nsteps = 2 },
	{ .number = 6, .id = "routine", .title = "A regular bedtime",
	  .steps = STEPS2, .nsteps = 2 },
	{ .number = 7, .id = "review", .title = "Look back",
	  .steps = { "Review" }, .nsteps = 1 },
};

static struct plan plan = {
	.id = "seven-day",
	.title = "Seven calmer nights",
	.source_title = "Why Do My Legs Twitch Before Falling Asleep And How "
	    "To Stop It",
	.source_author = "Olivia Scott",
	.disclaimer = "This plan is general information, not a diagnosis.",
	.days = days,
	.ndays = 7,
	.flags = flags,
	.nflags = 3,
	.doctor_advice = "Talk to a doctor: these can be signs of restless "
	    "legs syndrome or periodic limb movement disorder.",
	.doctor_tell = "Bring this diary.",
	.fields = fields,
	.nfields = (int)WD_NELEM(fields),
	.rules = rules,
	.nrules = (int)WD_NELEM(rules),
};

static struct state st;
static int          start; /* Monday 2024-03-04 */

static void
setup(void)
{
	state_init(&st);
	start = day_from_ymd(2024, 3, 4);
	state_start_week(&st, start, "seven-day");
}

static void
teardown(void)
{
	state_free(&st);
	setlocale(LC_ALL, "C");
}

/* The journal of night i of the week (0-based), created. */
static struct kvlist *
night(int i)
{
	return &state_night_get(&st, start + i)->kv;
}

/* Everything f wrote, as one string. */
static char *
capture_review(int (*f)(FILE *, const struct review *),
    const struct review *rv)
{
	char  *s = NULL;
	size_t len = 0;
	FILE  *fp = open_memstream(&s, &len);

	ck_assert_ptr_nonnull(fp);
	ck_assert_int_eq(f(fp, rv), 0);
	fclose(fp);
	return s;
}

/* Everything an export wrote, as one string. */
static char *
capture_export(int (*f)(FILE *, const struct plan *, const struct state *))
{
	char  *s = NULL;
	size_t len = 0;
	FILE  *fp = open_memstream(&s, &len);

	ck_assert_ptr_nonnull(fp);
	ck_assert_int_eq(f(fp, &plan, &st), 0);
	fclose(fp);
	return s;
}

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

/* A small full week for the reports. */
static void
fill_week(void)
{
	static const int tw[] = { 9, 7, -1, 5, 4, 3, 2 };
	struct pmr_session s = { .night = 0, .routine = "lower", .done = 4,
		.total = 4, .seconds = 330, .finished = true, .rating = 4 };
	int                i;

	for (i = 0; i < 7; i++) {
		if (tw[i] < 0)
			continue;
		kv_set_int(night(i), "twitches", tw[i]);
		kv_set_int(night(i), "quality", 3);
		kv_set_str(night(i), "bedtime", i == 3 ? "00:45" : "23:00");
		kv_set_str(night(i), "caffeine", i < 2 ? "16:00" : "none");
	}
	kv_set_str(night(0), "lights_out", "23:00");
	kv_set_int(night(0), "latency", 20);
	kv_set_int(night(0), "waso", 30);
	kv_set_str(night(0), "wake", "06:30");
	kv_set_str(night(0), "out_of_bed", "07:00");
	kv_set_str(night(1), "note", "said \"ouch\" | back\\slash\n\x01"
	    "caf\xc3\xa9 \xff");
	kv_set_str(night(1), "zz_old_field", "kept");
	s.night = start + 4;
	state_add_session(&st, &s);
	kv_set_bool(&st.week.flags, "painful", true);
	kv_set_bool(&st.week.flags, "urge", false);
	st.week.flags_date = start + 6;
}

START_TEST(test_report_json)
{
	struct review rv;
	char         *s;

	fill_week();
	review_compute(&rv, &plan, &st, &st.week, start + 7);
	s = capture_review(report_json, &rv);
	ck_assert_ptr_nonnull(strstr(s, "\"nights\": ["));
	ck_assert_ptr_nonnull(strstr(s, "{\"date\": \"2024-03-04\", "
	    "\"twitches\": 9, \"quality\": 3, \"bedtime\": \"23:00\", "
	    "\"caffeine\": \"16:00\", \"lights_out\": \"23:00\", "
	    "\"latency\": 20, \"waso\": 30, \"wake\": \"06:30\", "
	    "\"out_of_bed\": \"07:00\", \"time_in_bed\": 480, "
	    "\"total_sleep_time\": 400, \"sleep_efficiency\": 83.3}"));
	/* Escaping: quote, backslash, newline, control, UTF-8, bad byte;
	 * a field the plan no longer has comes after the plan's. */
	ck_assert_ptr_nonnull(strstr(s, "\"note\": \"said \\\"ouch\\\" | "
	    "back\\\\slash\\n\\u0001caf\xc3\xa9 \\ufffd\", "
	    "\"zz_old_field\": \"kept\"}"));
	ck_assert_ptr_nonnull(strstr(s, "\"missing\": [\"2024-03-06\"]"));
	ck_assert_ptr_nonnull(strstr(s, "{\"number\": 1, \"date\": "
	    "\"2024-03-04\", \"done\": 0, \"total\": 2, \"status\": "
	    "\"missed\"}"));
	ck_assert_ptr_nonnull(strstr(s, "{\"id\": \"late-caffeine\", "
	    "\"label\": \"Caffeine after 14:00\", \"field\": \"caffeine\", "
	    "\"nights_with\": 2, \"nights_without\": 4, \"nights_unknown\": 0, "
	    "\"mean_twitches_with\": 8.00, \"mean_twitches_without\": 3.50, "
	    "\"nights\": [\"2024-03-04\", \"2024-03-05\"]}"));
	ck_assert_ptr_nonnull(strstr(s, "\"id\": \"high-stress\", "));
	ck_assert_ptr_nonnull(strstr(s, "\"mean_twitches_with\": null, "
	    "\"mean_twitches_without\": null"));
	ck_assert_ptr_nonnull(strstr(s, "{\"night\": \"2024-03-08\", "
	    "\"routine\": \"lower\", \"done\": 4, \"total\": 4, "
	    "\"seconds\": 330, \"finished\": true, \"rating\": 4}"));
	ck_assert_ptr_nonnull(strstr(s, "\"red_flags\": {\"answered\": "
	    "\"2024-03-10\", \"answers\": ["));
	ck_assert_ptr_nonnull(strstr(s, "{\"id\": \"painful\", \"question\": "
	    "\"Are the leg movements painful?\", \"answer\": true}"));
	ck_assert_ptr_nonnull(strstr(s, "\"answer\": null}"));
	ck_assert_ptr_nonnull(strstr(s, "\"result\": \"see_doctor\""));
	ck_assert_ptr_nonnull(strstr(s, "\"first_three_mean\": 7.00, "
	    "\"last_three_mean\": 3.00, \"change\": -4.00, "
	    "\"change_pct\": -57.1"));
	ck_assert_ptr_nonnull(strstr(s, "\"bedtime_median\": \"23:00\""));
	ck_assert_ptr_nonnull(strstr(s, "\"little_data\": true"));
	ck_assert_ptr_nonnull(strstr(s, "\"author\": \"Olivia Scott\""));
	ck_assert_int_eq(s[strlen(s) - 2], '}');
	free(s);
	review_free(&rv);
}
END_TEST

/* A locale with a decimal comma must not reach the JSON. */
START_TEST(test_report_locale)
{
	static const char *names[] = { "de_DE.UTF-8", "de_DE.utf8",
		"fr_FR.UTF-8", "fr_FR.utf8", "nl_NL.UTF-8" };
	struct review      rv;
	size_t             i;
	char              *s;

	for (i = 0; i < WD_NELEM(names); i++) {
		if (setlocale(LC_ALL, names[i]) != NULL)
			break;
	}
	fill_week();
	review_compute(&rv, &plan, &st, &st.week, start + 7);
	s = capture_review(report_json, &rv);
	ck_assert_ptr_nonnull(strstr(s, "\"sleep_efficiency\": 83.3"));
	ck_assert_ptr_nonnull(strstr(s, "\"mean_twitches_with\": 8.00"));
	free(s);
	review_free(&rv);
}
END_TEST

/* True when every line of s is at most width code points. */
static bool
fits(const char *s, size_t width)
{
	const char *line, *nl;
	char       *copy;
	size_t      n;
	bool        ok = true;

	for (line = s; *line != '\0'; line = nl + 1) {
		if ((nl = strchr(line, '\n')) == NULL)
			nl = line + strlen(line);
		copy = xstrndup(line, (size_t)(nl - line));
		n = utf8_len(copy);
		if (n > width) {
			fprintf(stderr, "too wide (%zu): %s\n", n, copy);
			ok = false;
		}
		free(copy);
		if (*nl == '\0')
			break;
	}
	return ok;
}

/* The text report, ASCII and UTF-8. */
static char *
text_report(const struct review *rv, bool utf8)
{
	char  *s = NULL;
	size_t len = 0;
	FILE  *fp = open_memstream(&s, &len);

	ck_assert_int_eq(report_text(fp, rv, utf8), 0);
	fclose(fp);
	return s;
}

START_TEST(test_report_text_chart)
{
	struct review rv;
	char         *s;

	fill_week();
	review_compute(&rv, &plan, &st, &st.week, start + 7);
	s = text_report(&rv, false);
	ck_assert(fits(s, 80));
	ck_assert_ptr_nonnull(strstr(s, "  Mon 03-04  ######### 9\n"));
	ck_assert_ptr_nonnull(strstr(s, "  Wed 03-06  (not logged)\n"));
	ck_assert_ptr_nonnull(strstr(s, "  Sun 03-10  ## 2\n"));
	ck_assert_ptr_nonnull(strstr(s, "not counted as zero"));
	ck_assert_ptr_nonnull(strstr(s, "please see a doctor"));
	ck_assert_ptr_nonnull(strstr(s, "not medical advice"));
	ck_assert_ptr_nonnull(strstr(s, "Olivia Scott"));
	ck_assert_ptr_nonnull(strstr(s, "little data"));
	ck_assert_ptr_null(strstr(s, "\xe2\x96\x88"));
	free(s);

	s = text_report(&rv, true);
	ck_assert(fits(s, 80));
	ck_assert_ptr_nonnull(strstr(s, "  Sun 03-10  \xe2\x96\x88\xe2\x96\x88"
	    " 2\n"));
	free(s);
	review_free(&rv);

	/* Large counts are scaled to fit; a non-zero one keeps a bar. */
	kv_set_int(night(2), "twitches", 100);
	kv_set_int(night(6), "twitches", 1);
	review_compute(&rv, &plan, &st, &st.week, start + 7);
	s = text_report(&rv, false);
	ck_assert(fits(s, 80));
	ck_assert_ptr_nonnull(strstr(s, "  Sun 03-10  # 1\n"));
	free(s);
	review_free(&rv);
}
END_TEST

/* With nothing logged, the report says so and stays within 80 columns. */
START_TEST(test_report_text_empty)
{
	struct review rv;
	char         *s;

	review_compute(&rv, &plan, &st, &st.week, start);
	s = text_report(&rv, true);
	ck_assert(fits(s, 80));
	ck_assert_ptr_nonnull(strstr(s, "no counts logged yet"));
	ck_assert_ptr_nonnull(strstr(s, "(not yet)"));
	ck_assert_ptr_nonnull(strstr(s, "Not every question is answered"));
	free(s);
	review_free(&rv);
}
END_TEST

START_TEST(test_report_markdown)
{
	struct review rv;
	char         *s;

	fill_week();
	review_compute(&rv, &plan, &st, &st.week, start + 7);
	s = capture_review(report_markdown, &rv);
	ck_assert_ptr_nonnull(strstr(s, "# Week review: Seven calmer nights"));
	ck_assert_ptr_nonnull(strstr(s, "## Nights"));
	ck_assert_ptr_nonnull(strstr(s, "| Night | twitches | quality | "
	    "bedtime | caffeine | lights\\_out |"));
	ck_assert_ptr_nonnull(strstr(s, "| Wed 2024-03-06 | *not logged* |"));
	ck_assert_ptr_nonnull(strstr(s, "| 480 min | 400 min | 83.3% |"));
	/* The pipe of a note cannot break the table. */
	ck_assert_ptr_nonnull(strstr(s, "said \"ouch\" \\| back\\\\slash"));
	ck_assert_ptr_nonnull(strstr(s, "## Possible triggers"));
	ck_assert_ptr_nonnull(strstr(s, "| Caffeine after 14:00 | 2 | 8.0 | "
	    "4 | 3.5 | 0 |"));
	ck_assert_ptr_nonnull(strstr(s, "## Red flags"));
	ck_assert_ptr_nonnull(strstr(s, "- **Yes**: Are the leg movements "
	    "painful?"));
	ck_assert_ptr_nonnull(strstr(s, "not medical advice"));
	ck_assert_ptr_nonnull(strstr(s, "Source: *Why Do My Legs Twitch"));
	free(s);
	review_free(&rv);
}
END_TEST

START_TEST(test_export_csv)
{
	char *s;
	char  want[512];

	kv_set_int(night(0), "twitches", 3);
	kv_set_bool(night(0), "nap", true);
	kv_set_str(night(0), "note", "said \"hi\", then slept");
	kv_set_str(night(1), "note", "=HYPERLINK(\"http://x\")");
	kv_set_str(night(2), "note", "+1");
	kv_set_str(night(3), "note", "-2 cups");
	kv_set_str(night(4), "note", "@SUM(A1)");
	kv_set_str(night(5), "note", "line one\r\nline two");
	kv_set_str(night(6), "note", "=a,b");
	kv_set_str(night(6), "alpha", "x");
	s = capture_export(export_csv);
	/* The plan's fields in plan order, then others sorted. */
	ck_assert_ptr_nonnull(strstr(s, "date,twitches,quality,bedtime,"
	    "caffeine,exercise,intensity,stress,lights_out,latency,waso,wake,"
	    "out_of_bed,note,alpha,nap\r\n"));
	snprintf(want, sizeof want, "2024-03-04,3%s,\"said \"\"hi\"\", then "
	    "slept\",,yes\r\n", ",,,,,,,,,,,");
	ck_assert_ptr_nonnull(strstr(s, want));
	ck_assert_ptr_nonnull(strstr(s, ",\"'=HYPERLINK(\"\"http://x\"\")\""
	    ",,\r\n"));
	ck_assert_ptr_nonnull(strstr(s, ",'+1,,\r\n"));
	ck_assert_ptr_nonnull(strstr(s, ",'-2 cups,,\r\n"));
	ck_assert_ptr_nonnull(strstr(s, ",'@SUM(A1),,\r\n"));
	ck_assert_ptr_nonnull(strstr(s, ",\"line one\r\nline two\",,\r\n"));
	ck_assert_ptr_nonnull(strstr(s, ",\"'=a,b\",x,\r\n"));
	ck_assert_ptr_null(strstr(s, ",=")); /* nothing a sheet would run */
	free(s);
}
END_TEST

START_TEST(test_export_json)
{
	char *s;

	s = capture_export(export_json);
	ck_assert_str_eq(s, "{\"nights\":[]}\n");
	free(s);

	kv_set_int(night(1), "twitches", 3);
	kv_set_bool(night(1), "nap", false);
	kv_set_str(night(1), "note", "a\"b\\c\td\x7f\xe2\x80\xa8");
	kv_set_int(night(0), "quality", 4);
	s = capture_export(export_json);
	ck_assert_str_eq(s, "{\"nights\":[\n"
	    "{\"date\":\"2024-03-04\",\"quality\":4},\n"
	    "{\"date\":\"2024-03-05\",\"twitches\":3,"
	    "\"note\":\"a\\\"b\\\\c\\td\\u007f\\u2028\",\"nap\":false}\n"
	    "]}\n");
	free(s);
}
END_TEST

/* Ten years of nights: every one exported, extra names found. */
START_TEST(test_export_many)
{
	const char *p;
	char       *s;
	size_t      lines = 0;
	int         i;

	for (i = 0; i < 3650; i++) {
		struct kvlist *l = &state_night_get(&st, start + i)->kv;

		kv_set_int(l, "twitches", i % 11);
		kv_set_str(l, "bedtime", "23:00");
		kv_set_str(l, "note", "fine, mostly");
		if (i % 100 == 0)
			kv_set_int(l, "extra_field", i);
	}
	s = capture_export(export_csv);
	for (p = s; *p != '\0'; p++)
		lines += *p == '\n';
	ck_assert_uint_eq(lines, 3651);
	free(s);
	s = capture_export(export_json);
	ck_assert_ptr_nonnull(strstr(s, "\"extra_field\":3600}"));
	free(s);
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
	tcase_add_test(tc, test_pending);
	tcase_add_test(tc, test_trend);
	tcase_add_test(tc, test_bedtime_sleep);
	tcase_add_test(tc, test_review_triggers);
	tcase_add_test(tc, test_review_off_median);
	tcase_add_test(tc, test_days);
	tcase_add_test(tc, test_sessions_flags);
	tcase_add_test(tc, test_archived_week);
	suite_add_tcase(s, tc);

	tc = tcase_create("report");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_report_json);
	tcase_add_test(tc, test_report_locale);
	tcase_add_test(tc, test_report_text_chart);
	tcase_add_test(tc, test_report_text_empty);
	tcase_add_test(tc, test_report_markdown);
	suite_add_tcase(s, tc);

	tc = tcase_create("export");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_export_csv);
	tcase_add_test(tc, test_export_json);
	tcase_add_test(tc, test_export_many);
	suite_add_tcase(s, tc);
	return s;
}
