/* The PMR timer, driven by a fake clock: plain millisecond numbers. */
#include "testutil.h"

#include <stdio.h>
#include <string.h>

#include "winddown/pmr.h"

#define T0 1000000LL /* the fake clock at pmr_start() */
#define MAXG 40

static struct pmr_group   groups[MAXG];
static char               names[MAXG][16];
static char               tenses[MAXG][16];
static char               releases[MAXG][16];
static int                order[MAXG];
static struct pmr_routine routine;
static struct pmr_plan    plan;

/* A plan of n groups in order, each with the same repeats. */
static void
mkplan(int n, int tense_s, int release_s, int settle_s, int repeats)
{
	int i;

	memset(&plan, 0, sizeof plan);
	memset(&routine, 0, sizeof routine);
	for (i = 0; i < n; i++) {
		snprintf(names[i], sizeof names[i], "g%d", i);
		snprintf(tenses[i], sizeof tenses[i], "tense %d", i);
		snprintf(releases[i], sizeof releases[i], "release %d", i);
		groups[i].id = names[i];
		groups[i].name = names[i];
		groups[i].tense = tenses[i];
		groups[i].release = releases[i];
		groups[i].repeats = repeats;
		order[i] = i;
	}
	plan.tense_s = tense_s;
	plan.release_s = release_s;
	plan.settle_s = settle_s;
	plan.settle_cue = (char *)"settle";
	plan.finish_cue = (char *)"finish";
	plan.groups = groups;
	plan.ngroups = n;
	routine.id = (char *)"test";
	routine.title = (char *)"Test";
	routine.groups = order;
	routine.ngroups = n;
}

/* Set up and start a run of the plan's defaults at T0. */
static void
mkrun(struct pmr *p)
{
	ck_assert_int_eq(pmr_init(p, &plan, &routine, -1, -1, -1), 0);
	pmr_start(p, T0);
}

#define AT(p, ph, g, r) do {						\
	ck_assert_int_eq(pmr_current_phase(p), (ph));			\
	ck_assert_int_eq(pmr_group_index(p), (g));			\
	ck_assert_int_eq(pmr_repeat_index(p), (r));			\
} while (0)

/* At the boundary b (ms after T0): still in the old phase at b - 1, in
 * the new one at b. */
#define BOUNDARY(p, b, ph, g, r) do {					\
	ck_assert_int_eq(pmr_update(p, T0 + (b) - 1), 0);		\
	ck_assert_int_ne(pmr_current_phase(p), (ph));			\
	ck_assert_int_eq(pmr_remaining_ms(p, T0 + (b) - 1), 1);		\
	ck_assert_int_eq(pmr_update(p, T0 + (b)), 1);			\
	AT(p, ph, g, r);						\
} while (0)

START_TEST(test_init)
{
	struct pmr p;

	mkplan(3, 5, 10, 3, 1);
	ck_assert_int_eq(pmr_init(&p, &plan, &routine, -1, -1, -1), 0);
	AT(&p, PMR_READY, 0, 0);
	ck_assert(!pmr_running(&p));
	ck_assert_int_eq(pmr_total_ms(&p), 3000 + 3 * 15000);
	ck_assert_int_eq(pmr_remaining_ms(&p, 0), 3000);
	ck_assert_int_eq(pmr_next_deadline_ms(&p, 0), -1);
	ck_assert_int_eq(pmr_update(&p, T0), 0);
	ck_assert_int_eq(pmr_pause(&p, T0), 0);
	ck_assert_int_eq(pmr_elapsed_ms(&p, T0), 0);
	ck_assert_int_eq(pmr_group_count(&p), 3);
	ck_assert_str_eq(pmr_cue(&p), "settle");

	/* Overrides. */
	ck_assert_int_eq(pmr_init(&p, &plan, &routine, 7, 20, -1), 0);
	ck_assert_int_eq(pmr_total_ms(&p), 3000 + 3 * 27000);
	ck_assert_int_eq(pmr_init(&p, &plan, &routine, -1, -1, 0), 0);
	AT(&p, PMR_TENSE, 0, 0);
	ck_assert_int_eq(pmr_remaining_ms(&p, 0), 5000);

	/* Bad input. */
	ck_assert_int_eq(pmr_init(&p, &plan, &routine, 0, -1, -1), -1);
	ck_assert_int_eq(pmr_init(&p, &plan, &routine, -1, 0, -1), -1);
	ck_assert_int_eq(pmr_init(&p, &plan, &routine,
	    PMR_MAX_SECONDS + 1, -1, -1), -1);
	ck_assert_int_eq(pmr_init(&p, &plan, NULL, -1, -1, -1), -1);
	order[1] = 3;
	ck_assert_int_eq(pmr_init(&p, &plan, &routine, -1, -1, -1), -1);
	order[1] = 1;
	groups[2].repeats = 0;
	ck_assert_int_eq(pmr_init(&p, &plan, &routine, -1, -1, -1), -1);
	groups[2].repeats = 1;
	routine.ngroups = 0;
	ck_assert_int_eq(pmr_init(&p, &plan, &routine, -1, -1, -1), -1);

	ck_assert_str_eq(pmr_phase_name(PMR_RELEASE), "release");
	ck_assert_str_eq(pmr_phase_name(PMR_ABORTED), "aborted");
}
END_TEST

START_TEST(test_full_run)
{
	struct pmr p;

	mkplan(2, 5, 10, 3, 1);
	mkrun(&p);
	AT(&p, PMR_READY, 0, 0);
	ck_assert(pmr_running(&p));
	ck_assert_str_eq(pmr_cue(&p), "settle");
	ck_assert_int_eq(pmr_remaining_ms(&p, T0), 3000);

	BOUNDARY(&p, 3000, PMR_TENSE, 0, 0);
	ck_assert_str_eq(pmr_cue(&p), "tense 0");
	ck_assert_ptr_eq(pmr_current_group(&p), &groups[0]);
	ck_assert_int_eq(pmr_remaining_ms(&p, T0 + 3000), 5000);
	BOUNDARY(&p, 8000, PMR_RELEASE, 0, 0);
	ck_assert_str_eq(pmr_cue(&p), "release 0");
	ck_assert_int_eq(pmr_groups_completed(&p), 0);
	BOUNDARY(&p, 18000, PMR_TENSE, 1, 0);
	ck_assert_str_eq(pmr_cue(&p), "tense 1");
	ck_assert_int_eq(pmr_groups_completed(&p), 1);
	BOUNDARY(&p, 23000, PMR_RELEASE, 1, 0);
	ck_assert_str_eq(pmr_cue(&p), "release 1");
	BOUNDARY(&p, 33000, PMR_DONE, 1, 0);
	ck_assert_str_eq(pmr_cue(&p), "finish");
	ck_assert_int_eq(pmr_groups_completed(&p), 2);
	ck_assert(pmr_finished(&p));
	ck_assert(!pmr_running(&p));

	/* Frozen once done, however late it is asked. */
	ck_assert_int_eq(pmr_update(&p, T0 + 99000), 0);
	ck_assert_int_eq(pmr_elapsed_ms(&p, T0 + 99000), 33000);
	ck_assert_int_eq(pmr_remaining_ms(&p, T0 + 99000), 0);
	ck_assert_int_eq(pmr_total_permille(&p, T0 + 99000), 1000);
	ck_assert_int_eq(pmr_next_deadline_ms(&p, T0 + 99000), -1);
	ck_assert_int_eq(pmr_skip(&p, T0 + 99000), 0);
	ck_assert_int_eq(pmr_back(&p, T0 + 99000), 0);
	ck_assert_int_eq(pmr_pause(&p, T0 + 99000), 0);
	ck_assert_int_eq(pmr_abort(&p, T0 + 99000), 0);
	AT(&p, PMR_DONE, 1, 0);
}
END_TEST

START_TEST(test_settle_zero)
{
	struct pmr p;

	mkplan(1, 5, 10, 0, 1);
	mkrun(&p);
	AT(&p, PMR_TENSE, 0, 0);
	ck_assert_int_eq(pmr_total_ms(&p), 15000);
	BOUNDARY(&p, 5000, PMR_RELEASE, 0, 0);
	BOUNDARY(&p, 15000, PMR_DONE, 0, 0);

	/* --settle 0 on a plan with a settle; and the other way round. */
	mkplan(1, 5, 10, 3, 1);
	ck_assert_int_eq(pmr_init(&p, &plan, &routine, -1, -1, 0), 0);
	AT(&p, PMR_TENSE, 0, 0);
	mkplan(1, 5, 10, 0, 1);
	ck_assert_int_eq(pmr_init(&p, &plan, &routine, -1, -1, 4), 0);
	AT(&p, PMR_READY, 0, 0);
	ck_assert_int_eq(pmr_total_ms(&p), 19000);
}
END_TEST

START_TEST(test_repeats)
{
	struct pmr p;

	mkplan(2, 5, 10, 0, 1);
	groups[0].repeats = 2;
	mkrun(&p);
	ck_assert_int_eq(pmr_total_ms(&p), 45000);
	AT(&p, PMR_TENSE, 0, 0);
	ck_assert_int_eq(pmr_repeat_count(&p), 2);
	BOUNDARY(&p, 5000, PMR_RELEASE, 0, 0);
	BOUNDARY(&p, 15000, PMR_TENSE, 0, 1);
	ck_assert_str_eq(pmr_cue(&p), "tense 0");
	ck_assert_int_eq(pmr_groups_completed(&p), 0);
	BOUNDARY(&p, 20000, PMR_RELEASE, 0, 1);
	BOUNDARY(&p, 30000, PMR_TENSE, 1, 0);
	ck_assert_int_eq(pmr_groups_completed(&p), 1);
	ck_assert_int_eq(pmr_repeat_count(&p), 1);
	BOUNDARY(&p, 35000, PMR_RELEASE, 1, 0);
	BOUNDARY(&p, 45000, PMR_DONE, 1, 0);
	ck_assert_int_eq(pmr_groups_completed(&p), 2);
}
END_TEST

START_TEST(test_pause_mid_phase)
{
	struct pmr p;

	mkplan(1, 5, 10, 0, 1);
	mkrun(&p);
	ck_assert_int_eq(pmr_update(&p, T0 + 2000), 0);
	ck_assert_int_eq(pmr_pause(&p, T0 + 2000), 0);
	ck_assert(pmr_paused(&p));
	ck_assert(!pmr_running(&p));
	ck_assert_int_eq(pmr_next_deadline_ms(&p, T0 + 2000), -1);
	ck_assert_int_eq(pmr_remaining_ms(&p, T0 + 9000), 3000);
	ck_assert_int_eq(pmr_phase_permille(&p, T0 + 9000), 400);
	ck_assert_int_eq(pmr_update(&p, T0 + 100000), 0);
	ck_assert_int_eq(pmr_pause(&p, T0 + 9000), 0);
	AT(&p, PMR_TENSE, 0, 0);
	ck_assert_int_eq(pmr_elapsed_ms(&p, T0 + 9000), 2000);

	/* 7500 ms of pause: every deadline moves by exactly that. */
	ck_assert_int_eq(pmr_resume(&p, T0 + 9500), 0);
	ck_assert(!pmr_paused(&p));
	ck_assert_int_eq(pmr_remaining_ms(&p, T0 + 9500), 3000);
	BOUNDARY(&p, 12500, PMR_RELEASE, 0, 0);
	BOUNDARY(&p, 22500, PMR_DONE, 0, 0);
	ck_assert_int_eq(pmr_elapsed_ms(&p, T0 + 30000), 15000);
}
END_TEST

START_TEST(test_pause_at_boundary)
{
	struct pmr p;

	/* Paused exactly at the deadline without an update first: the pause
	 * catches up and reports the change. */
	mkplan(1, 5, 10, 0, 1);
	mkrun(&p);
	ck_assert_int_eq(pmr_pause(&p, T0 + 5000), 1);
	AT(&p, PMR_RELEASE, 0, 0);
	ck_assert_int_eq(pmr_remaining_ms(&p, T0 + 7000), 10000);
	ck_assert_int_eq(pmr_resume(&p, T0 + 8000), 0);
	BOUNDARY(&p, 18000, PMR_DONE, 0, 0);
	ck_assert_int_eq(pmr_elapsed_ms(&p, T0 + 18000), 15000);

	/* The same after an update at the deadline. */
	mkrun(&p);
	ck_assert_int_eq(pmr_update(&p, T0 + 5000), 1);
	ck_assert_int_eq(pmr_pause(&p, T0 + 5000), 0);
	ck_assert_int_eq(pmr_resume(&p, T0 + 8000), 0);
	BOUNDARY(&p, 18000, PMR_DONE, 0, 0);

	/* Paused 1 ms before it: 1 ms is left after the pause. */
	mkrun(&p);
	ck_assert_int_eq(pmr_pause(&p, T0 + 4999), 0);
	AT(&p, PMR_TENSE, 0, 0);
	ck_assert_int_eq(pmr_resume(&p, T0 + 6000), 0);
	BOUNDARY(&p, 6001, PMR_RELEASE, 0, 0);
	BOUNDARY(&p, 16001, PMR_DONE, 0, 0);
}
END_TEST

START_TEST(test_toggle)
{
	struct pmr p;

	mkplan(1, 5, 10, 0, 1);
	mkrun(&p);
	ck_assert_int_eq(pmr_toggle(&p, T0 + 1000), 0);
	ck_assert(pmr_paused(&p));
	ck_assert_int_eq(pmr_toggle(&p, T0 + 3000), 0);
	ck_assert(!pmr_paused(&p));
	ck_assert_int_eq(pmr_toggle(&p, T0 + 4000), 0);
	ck_assert_int_eq(pmr_resume(&p, T0 + 4500), 0);
	ck_assert_int_eq(pmr_resume(&p, T0 + 4600), 0); /* not paused */
	/* 2500 ms of pauses. */
	BOUNDARY(&p, 7500, PMR_RELEASE, 0, 0);
	ck_assert_int_eq(pmr_elapsed_ms(&p, T0 + 7500), 5000);
	BOUNDARY(&p, 17500, PMR_DONE, 0, 0);
}
END_TEST

START_TEST(test_skip)
{
	struct pmr p;

	mkplan(3, 5, 10, 3, 1);
	mkrun(&p);
	/* From READY to the first group, which starts now. */
	ck_assert_int_eq(pmr_skip(&p, T0 + 1000), 1);
	AT(&p, PMR_TENSE, 0, 0);
	ck_assert_int_eq(pmr_remaining_ms(&p, T0 + 1000), 5000);
	ck_assert_int_eq(pmr_skip(&p, T0 + 2000), 1);
	AT(&p, PMR_TENSE, 1, 0);
	BOUNDARY(&p, 7000, PMR_RELEASE, 1, 0);
	ck_assert_int_eq(pmr_skip(&p, T0 + 8000), 1);
	AT(&p, PMR_TENSE, 2, 0);
	BOUNDARY(&p, 13000, PMR_RELEASE, 2, 0);
	/* Skipping the last group ends the routine, counting nothing. */
	ck_assert_int_eq(pmr_skip(&p, T0 + 14000), 1);
	AT(&p, PMR_DONE, 2, 0);
	ck_assert_int_eq(pmr_groups_completed(&p), 0);
	ck_assert(!pmr_completed(&p));
	ck_assert_int_eq(pmr_elapsed_ms(&p, T0 + 50000), 14000);
	ck_assert_str_eq(pmr_cue(&p), "finish");
	ck_assert_int_eq(pmr_skip(&p, T0 + 15000), 0);

	/* A skip after an unnoticed deadline catches up first. */
	mkrun(&p);
	ck_assert_int_eq(pmr_skip(&p, T0 + 3000), 2);
	AT(&p, PMR_TENSE, 1, 0);
	ck_assert_int_eq(pmr_remaining_ms(&p, T0 + 3000), 5000);

	/* A skip while paused stays paused at the start of the group. */
	mkrun(&p);
	ck_assert_int_eq(pmr_update(&p, T0 + 3000), 1);
	ck_assert_int_eq(pmr_pause(&p, T0 + 4000), 0);
	ck_assert_int_eq(pmr_skip(&p, T0 + 6000), 1);
	AT(&p, PMR_TENSE, 1, 0);
	ck_assert(pmr_paused(&p));
	ck_assert_int_eq(pmr_remaining_ms(&p, T0 + 7000), 5000);
	ck_assert_int_eq(pmr_resume(&p, T0 + 8000), 0);
	BOUNDARY(&p, 13000, PMR_RELEASE, 1, 0);
	ck_assert_int_eq(pmr_elapsed_ms(&p, T0 + 13000), 9000);
}
END_TEST

START_TEST(test_back)
{
	struct pmr p;

	mkplan(3, 5, 10, 0, 1);
	mkrun(&p);
	/* On the first group: restart it. */
	ck_assert_int_eq(pmr_back(&p, T0 + 2000), 1);
	AT(&p, PMR_TENSE, 0, 0);
	ck_assert_int_eq(pmr_remaining_ms(&p, T0 + 2000), 5000);
	BOUNDARY(&p, 7000, PMR_RELEASE, 0, 0);
	ck_assert_int_eq(pmr_back(&p, T0 + 8000), 1);
	AT(&p, PMR_TENSE, 0, 0);
	BOUNDARY(&p, 13000, PMR_RELEASE, 0, 0);
	BOUNDARY(&p, 23000, PMR_TENSE, 1, 0);
	ck_assert_int_eq(pmr_groups_completed(&p), 1);
	/* From the second group to the start of the first. */
	ck_assert_int_eq(pmr_back(&p, T0 + 25000), 1);
	AT(&p, PMR_TENSE, 0, 0);
	ck_assert_str_eq(pmr_cue(&p), "tense 0");
	BOUNDARY(&p, 30000, PMR_RELEASE, 0, 0);
	BOUNDARY(&p, 40000, PMR_TENSE, 1, 0);
	/* The first group done twice counts once. */
	ck_assert_int_eq(pmr_groups_completed(&p), 1);
	BOUNDARY(&p, 45000, PMR_RELEASE, 1, 0);
	BOUNDARY(&p, 55000, PMR_TENSE, 2, 0);
	BOUNDARY(&p, 60000, PMR_RELEASE, 2, 0);
	BOUNDARY(&p, 70000, PMR_DONE, 2, 0);
	ck_assert_int_eq(pmr_groups_completed(&p), 3);
	ck_assert_int_eq(pmr_elapsed_ms(&p, T0 + 80000), 70000);

	/* In READY: restart the settle. */
	mkplan(2, 5, 10, 3, 1);
	mkrun(&p);
	ck_assert_int_eq(pmr_back(&p, T0 + 2000), 1);
	AT(&p, PMR_READY, 0, 0);
	ck_assert_int_eq(pmr_remaining_ms(&p, T0 + 2000), 3000);
	BOUNDARY(&p, 5000, PMR_TENSE, 0, 0);
}
END_TEST

START_TEST(test_abort)
{
	struct pmr p;

	mkplan(2, 5, 10, 3, 1);
	mkrun(&p);
	ck_assert_int_eq(pmr_update(&p, T0 + 4000), 1);
	ck_assert_int_eq(pmr_abort(&p, T0 + 4000), 1);
	AT(&p, PMR_ABORTED, 0, 0);
	ck_assert(pmr_finished(&p));
	ck_assert_ptr_null(pmr_cue(&p));
	ck_assert_int_eq(pmr_next_deadline_ms(&p, T0 + 4000), -1);
	ck_assert_int_eq(pmr_update(&p, T0 + 100000), 0);
	ck_assert_int_eq(pmr_elapsed_ms(&p, T0 + 100000), 4000);
	ck_assert_int_eq(pmr_remaining_ms(&p, T0 + 100000), 0);
	ck_assert_int_eq(pmr_total_permille(&p, T0 + 100000),
	    4000 * 1000 / 33000);
	ck_assert_int_eq(pmr_skip(&p, T0 + 100000), 0);
	ck_assert_int_eq(pmr_back(&p, T0 + 100000), 0);
	ck_assert_int_eq(pmr_pause(&p, T0 + 100000), 0);
	ck_assert_int_eq(pmr_abort(&p, T0 + 100000), 0);
	AT(&p, PMR_ABORTED, 0, 0);

	/* While paused: the pause is not counted as active time. */
	mkrun(&p);
	ck_assert_int_eq(pmr_pause(&p, T0 + 1000), 0);
	ck_assert_int_eq(pmr_abort(&p, T0 + 5000), 1);
	ck_assert(!pmr_paused(&p));
	ck_assert_int_eq(pmr_elapsed_ms(&p, T0 + 9000), 1000);

	/* Too late to abort: the routine already ended. */
	mkrun(&p);
	ck_assert_int_eq(pmr_abort(&p, T0 + 100000), 5);
	AT(&p, PMR_DONE, 1, 0);
}
END_TEST

START_TEST(test_late_update)
{
	struct pmr p;

	/* READY, then 4 groups x 2 repeats x (5 + 10) s. */
	mkplan(4, 5, 10, 3, 2);
	mkrun(&p);
	ck_assert_int_eq(pmr_total_ms(&p), 123000);
	/* Past READY (3000), g0 (3000..33000), g1 tense (33000..38000),
	 * release (..48000): seven changes, into g1's second tense. */
	ck_assert_int_eq(pmr_update(&p, T0 + 48001), 7);
	AT(&p, PMR_TENSE, 1, 1);
	ck_assert_int_eq(pmr_remaining_ms(&p, T0 + 48001), 4999);
	ck_assert_int_eq(pmr_groups_completed(&p), 1);

	/* Ten hours late: straight through to the end, on time. */
	mkrun(&p);
	ck_assert_int_eq(pmr_update(&p, T0 + 36000000LL), 17);
	AT(&p, PMR_DONE, 3, 1);
	ck_assert_int_eq(pmr_groups_completed(&p), 4);
	ck_assert_int_eq(pmr_elapsed_ms(&p, T0 + 36000000LL), 123000);
}
END_TEST

/* A small deterministic generator for irregular steps. */
static unsigned long
lcg(unsigned long *s)
{
	*s = *s * 1103515245UL + 12345UL;
	return (*s >> 16) & 0x7fff;
}

/* 30 groups x (5 + 25) s = 15 minutes, polled at irregular times and
 * paused now and then; the state always matches the schedule exactly. */
static void
run_fifteen(int with_pauses)
{
	struct pmr    p;
	unsigned long seed = 42;
	long long     t = T0, paused = 0, off, within, hold, next;
	int           changes = 0, g;

	mkplan(30, 5, 25, 0, 1);
	mkrun(&p);
	ck_assert_int_eq(pmr_total_ms(&p), 900000);
	while (!pmr_finished(&p)) {
		t += 1 + (long long)(lcg(&seed) % 2345);
		if (with_pauses && lcg(&seed) % 10 == 0) {
			changes += pmr_pause(&p, t);
			if (pmr_finished(&p))
				break;
			hold = 1 + (long long)(lcg(&seed) % 5000);
			ck_assert_int_eq(pmr_update(&p, t + hold), 0);
			t += hold;
			paused += hold;
			pmr_resume(&p, t);
		}
		changes += pmr_update(&p, t);
		off = t - T0 - paused;
		if (off >= 900000) {
			AT(&p, PMR_DONE, 29, 0);
			break;
		}
		g = (int)(off / 30000);
		within = off % 30000;
		if (within < 5000) {
			AT(&p, PMR_TENSE, g, 0);
			next = 5000;
		} else {
			AT(&p, PMR_RELEASE, g, 0);
			next = 30000;
		}
		ck_assert_int_eq(pmr_remaining_ms(&p, t), next - within);
		ck_assert_int_eq(pmr_groups_completed(&p), g);
	}
	ck_assert_int_eq(pmr_current_phase(&p), PMR_DONE);
	ck_assert_int_ge(t - T0 - paused, 900000);
	ck_assert_int_eq(changes, 60);
	ck_assert_int_eq(pmr_groups_completed(&p), 30);
	ck_assert_int_eq(pmr_elapsed_ms(&p, t + 12345), 900000);
}

START_TEST(test_fifteen_minutes)
{
	run_fifteen(0);
}
END_TEST

START_TEST(test_fifteen_minutes_paused)
{
	run_fifteen(1);
}
END_TEST

START_TEST(test_next_deadline)
{
	struct pmr p;

	mkplan(1, 5, 10, 0, 1);
	ck_assert_int_eq(pmr_init(&p, &plan, &routine, -1, -1, -1), 0);
	ck_assert_int_eq(pmr_next_deadline_ms(&p, T0), -1);
	pmr_start(&p, T0);
	ck_assert_int_eq(pmr_next_deadline_ms(&p, T0), T0 + 1000);
	ck_assert_int_eq(pmr_countdown_s(&p, T0), 5);
	ck_assert_int_eq(pmr_next_deadline_ms(&p, T0 + 1), T0 + 1000);
	ck_assert_int_eq(pmr_countdown_s(&p, T0 + 1), 5);
	ck_assert_int_eq(pmr_next_deadline_ms(&p, T0 + 999), T0 + 1000);
	ck_assert_int_eq(pmr_countdown_s(&p, T0 + 999), 5);
	ck_assert_int_eq(pmr_next_deadline_ms(&p, T0 + 1000), T0 + 2000);
	ck_assert_int_eq(pmr_countdown_s(&p, T0 + 1000), 4);
	ck_assert_int_eq(pmr_next_deadline_ms(&p, T0 + 4001), T0 + 5000);
	ck_assert_int_eq(pmr_countdown_s(&p, T0 + 4001), 1);
	ck_assert_int_eq(pmr_next_deadline_ms(&p, T0 + 4999), T0 + 5000);
	/* Overdue: the deadline is already here. */
	ck_assert_int_eq(pmr_next_deadline_ms(&p, T0 + 5000), T0 + 5000);
	ck_assert_int_eq(pmr_next_deadline_ms(&p, T0 + 5500), T0 + 5000);
	ck_assert_int_eq(pmr_update(&p, T0 + 5000), 1);
	ck_assert_int_eq(pmr_next_deadline_ms(&p, T0 + 5000), T0 + 6000);
	ck_assert_int_eq(pmr_countdown_s(&p, T0 + 5000), 10);
	/* A 300 ms pause moves the ticks by 300 ms. */
	ck_assert_int_eq(pmr_pause(&p, T0 + 5500), 0);
	ck_assert_int_eq(pmr_next_deadline_ms(&p, T0 + 5500), -1);
	ck_assert_int_eq(pmr_resume(&p, T0 + 5800), 0);
	ck_assert_int_eq(pmr_next_deadline_ms(&p, T0 + 5800), T0 + 6300);
	ck_assert_int_eq(pmr_countdown_s(&p, T0 + 5800), 10);
	ck_assert_int_eq(pmr_countdown_s(&p, T0 + 6300), 9);
	ck_assert_int_eq(pmr_update(&p, T0 + 15300), 1);
	ck_assert_int_eq(pmr_next_deadline_ms(&p, T0 + 15300), -1);
}
END_TEST

START_TEST(test_next_deadline_every_ms)
{
	struct pmr p, q;
	long long  t, nd;

	/* At every millisecond the display (phase, countdown) holds until
	 * the next deadline and changes right at it. */
	mkplan(2, 2, 3, 1, 1);
	mkrun(&p);
	for (t = T0; !pmr_finished(&p); t++) {
		pmr_update(&p, t);
		nd = pmr_next_deadline_ms(&p, t);
		if (pmr_finished(&p)) {
			ck_assert_int_eq(nd, -1);
			break;
		}
		ck_assert_int_gt(nd, t);
		ck_assert_int_le(nd - t, 1000);
		q = p;
		pmr_update(&q, nd - 1);
		ck_assert_int_eq(pmr_current_phase(&q), pmr_current_phase(&p));
		ck_assert_int_eq(pmr_countdown_s(&q, nd - 1),
		    pmr_countdown_s(&p, t));
		if (pmr_update(&q, nd) == 0)
			ck_assert_int_eq(pmr_countdown_s(&q, nd),
			    pmr_countdown_s(&p, t) - 1);
	}
	ck_assert_int_eq(t, T0 + 11000);
}
END_TEST

START_TEST(test_completed_with_skips)
{
	struct pmr p;

	mkplan(4, 5, 10, 0, 1);
	mkrun(&p);
	BOUNDARY(&p, 5000, PMR_RELEASE, 0, 0);
	BOUNDARY(&p, 15000, PMR_TENSE, 1, 0);
	ck_assert_int_eq(pmr_groups_completed(&p), 1);
	/* Skip g1 while tensing, g2 while releasing. */
	ck_assert_int_eq(pmr_skip(&p, T0 + 16000), 1);
	AT(&p, PMR_TENSE, 2, 0);
	BOUNDARY(&p, 21000, PMR_RELEASE, 2, 0);
	ck_assert_int_eq(pmr_skip(&p, T0 + 30000), 1);
	AT(&p, PMR_TENSE, 3, 0);
	ck_assert_int_eq(pmr_groups_completed(&p), 1);
	BOUNDARY(&p, 35000, PMR_RELEASE, 3, 0);
	BOUNDARY(&p, 45000, PMR_DONE, 3, 0);
	ck_assert_int_eq(pmr_groups_completed(&p), 2);
	ck_assert(pmr_completed(&p));
}
END_TEST

/* "Finished" is the end reached with a group done: skipping every group
 * reaches DONE but is not finished; one group done and the rest skipped
 * is; an abort never is. */
START_TEST(test_completed)
{
	struct pmr p;
	int        g;

	mkplan(3, 5, 10, 3, 1);
	mkrun(&p);
	ck_assert(!pmr_completed(&p));
	for (g = 0; g < 4; g++)
		ck_assert_int_eq(pmr_skip(&p, T0 + 100 * g), 1);
	AT(&p, PMR_DONE, 2, 0);
	ck_assert_int_eq(pmr_groups_completed(&p), 0);
	ck_assert(!pmr_completed(&p));

	/* The last group done, the others skipped. */
	mkrun(&p);
	ck_assert_int_eq(pmr_skip(&p, T0), 1);
	ck_assert_int_eq(pmr_skip(&p, T0), 1);
	ck_assert_int_eq(pmr_skip(&p, T0), 1);
	AT(&p, PMR_TENSE, 2, 0);
	ck_assert(!pmr_completed(&p));
	BOUNDARY(&p, 5000, PMR_RELEASE, 2, 0);
	BOUNDARY(&p, 15000, PMR_DONE, 2, 0);
	ck_assert_int_eq(pmr_groups_completed(&p), 1);
	ck_assert(pmr_completed(&p));

	/* The first group done, the last skipped past. */
	mkrun(&p);
	ck_assert_int_eq(pmr_update(&p, T0 + 17999), 2);
	BOUNDARY(&p, 18000, PMR_TENSE, 1, 0);
	ck_assert_int_eq(pmr_skip(&p, T0 + 18000), 1);
	ck_assert_int_eq(pmr_skip(&p, T0 + 18000), 1);
	AT(&p, PMR_DONE, 2, 0);
	ck_assert(pmr_completed(&p));

	/* Stopped with a group done: not finished. */
	mkrun(&p);
	ck_assert_int_eq(pmr_update(&p, T0 + 17999), 2);
	BOUNDARY(&p, 18000, PMR_TENSE, 1, 0);
	ck_assert_int_eq(pmr_abort(&p, T0 + 18000), 1);
	ck_assert_int_eq(pmr_groups_completed(&p), 1);
	ck_assert(!pmr_completed(&p));
}
END_TEST

START_TEST(test_progress)
{
	struct pmr p;

	mkplan(1, 5, 15, 0, 1);
	ck_assert_int_eq(pmr_init(&p, &plan, &routine, -1, -1, -1), 0);
	ck_assert_int_eq(pmr_phase_permille(&p, 0), 0);
	ck_assert_int_eq(pmr_total_permille(&p, 0), 0);
	pmr_start(&p, T0);
	ck_assert_int_eq(pmr_phase_permille(&p, T0 + 2500), 500);
	ck_assert_int_eq(pmr_total_permille(&p, T0 + 2500), 125);
	ck_assert_int_eq(pmr_update(&p, T0 + 5000), 1);
	ck_assert_int_eq(pmr_phase_permille(&p, T0 + 5000), 0);
	ck_assert_int_eq(pmr_total_permille(&p, T0 + 5000), 250);
	ck_assert_int_eq(pmr_pause(&p, T0 + 12500), 0);
	ck_assert_int_eq(pmr_phase_permille(&p, T0 + 19000), 500);
	ck_assert_int_eq(pmr_total_permille(&p, T0 + 19000), 625);
	ck_assert_int_eq(pmr_resume(&p, T0 + 20000), 0);
	ck_assert_int_eq(pmr_total_permille(&p, T0 + 20000), 625);
	ck_assert_int_eq(pmr_update(&p, T0 + 27500), 1);
	ck_assert_int_eq(pmr_phase_permille(&p, T0 + 27500), 1000);
	ck_assert_int_eq(pmr_total_permille(&p, T0 + 27500), 1000);
}
END_TEST

START_TEST(test_routine_order)
{
	struct pmr p;
	int        sel[] = { 2, 0 };

	mkplan(3, 5, 10, 0, 1);
	groups[2].repeats = 2;
	routine.groups = sel;
	routine.ngroups = 2;
	mkrun(&p);
	ck_assert_int_eq(pmr_group_count(&p), 2);
	ck_assert_int_eq(pmr_total_ms(&p), 45000);
	ck_assert_ptr_eq(pmr_current_group(&p), &groups[2]);
	ck_assert_str_eq(pmr_cue(&p), "tense 2");
	ck_assert_int_eq(pmr_repeat_count(&p), 2);
	ck_assert_int_eq(pmr_update(&p, T0 + 29000), 3);
	AT(&p, PMR_RELEASE, 0, 1);
	BOUNDARY(&p, 30000, PMR_TENSE, 1, 0);
	ck_assert_ptr_eq(pmr_current_group(&p), &groups[0]);
	ck_assert_str_eq(pmr_cue(&p), "tense 0");
}
END_TEST

/* A prepare phase before every tense: the instruction, then the tense
 * timed from its own start, so the tension keeps its whole length. */
START_TEST(test_prepare)
{
	struct pmr p;

	mkplan(2, 5, 10, 3, 2);
	groups[1].repeats = 1;
	plan.prepare_s = 2;
	mkrun(&p);
	ck_assert_int_eq(pmr_total_ms(&p), 3000 + 2 * 17000 + 17000);
	AT(&p, PMR_READY, 0, 0);
	ck_assert_int_eq(pmr_phase_start_ms(&p), 0);
	BOUNDARY(&p, 3000, PMR_PREPARE, 0, 0);
	ck_assert_str_eq(pmr_phase_name(PMR_PREPARE), "prepare");
	ck_assert_str_eq(pmr_cue(&p), "tense 0");
	ck_assert_int_eq(pmr_remaining_ms(&p, T0 + 3000), 2000);
	ck_assert_int_eq(pmr_phase_start_ms(&p), 3000);
	BOUNDARY(&p, 5000, PMR_TENSE, 0, 0);
	ck_assert_str_eq(pmr_cue(&p), "tense 0");
	ck_assert_int_eq(pmr_remaining_ms(&p, T0 + 5000), 5000);
	ck_assert_int_eq(pmr_phase_start_ms(&p), 5000);
	BOUNDARY(&p, 10000, PMR_RELEASE, 0, 0);
	ck_assert_int_eq(pmr_phase_start_ms(&p), 10000);
	/* The second repeat prepares again. */
	BOUNDARY(&p, 20000, PMR_PREPARE, 0, 1);
	BOUNDARY(&p, 22000, PMR_TENSE, 0, 1);
	BOUNDARY(&p, 27000, PMR_RELEASE, 0, 1);
	BOUNDARY(&p, 37000, PMR_PREPARE, 1, 0);
	ck_assert_int_eq(pmr_groups_completed(&p), 1);
	BOUNDARY(&p, 39000, PMR_TENSE, 1, 0);
	BOUNDARY(&p, 44000, PMR_RELEASE, 1, 0);
	ck_assert_int_eq(pmr_update(&p, T0 + 53999), 0);
	ck_assert_int_eq(pmr_update(&p, T0 + 54000), 1);
	ck_assert_int_eq(pmr_current_phase(&p), PMR_DONE);
	ck_assert_int_eq(pmr_phase_start_ms(&p), 54000);
	ck_assert_int_eq(pmr_elapsed_ms(&p, T0 + 99000), 54000);

	/* Skip and back land on a group's prepare. */
	mkrun(&p);
	ck_assert_int_eq(pmr_skip(&p, T0 + 100), 1);
	AT(&p, PMR_PREPARE, 0, 0);
	ck_assert_int_eq(pmr_remaining_ms(&p, T0 + 100), 2000);
	ck_assert_int_eq(pmr_update(&p, T0 + 2100), 1);
	AT(&p, PMR_TENSE, 0, 0);
	ck_assert_int_eq(pmr_skip(&p, T0 + 3000), 1);
	AT(&p, PMR_PREPARE, 1, 0);
	ck_assert_int_eq(pmr_update(&p, T0 + 4000), 0);
	ck_assert_int_eq(pmr_back(&p, T0 + 4000), 1);
	AT(&p, PMR_PREPARE, 0, 0);
	ck_assert_int_eq(pmr_remaining_ms(&p, T0 + 4000), 2000);

	/* No settle: the run starts with the first prepare. */
	ck_assert_int_eq(pmr_init(&p, &plan, &routine, -1, -1, 0), 0);
	AT(&p, PMR_PREPARE, 0, 0);
	ck_assert_int_eq(pmr_total_ms(&p), 3 * 17000);

	/* Out of range. */
	plan.prepare_s = PMR_MAX_SECONDS + 1;
	ck_assert_int_eq(pmr_init(&p, &plan, &routine, -1, -1, -1), -1);
	plan.prepare_s = -1;
	ck_assert_int_eq(pmr_init(&p, &plan, &routine, -1, -1, -1), -1);
}
END_TEST

Suite *
pmr_suite(void)
{
	Suite *s = suite_create("pmr");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_init);
	tcase_add_test(tc, test_full_run);
	tcase_add_test(tc, test_settle_zero);
	tcase_add_test(tc, test_repeats);
	tcase_add_test(tc, test_pause_mid_phase);
	tcase_add_test(tc, test_pause_at_boundary);
	tcase_add_test(tc, test_toggle);
	tcase_add_test(tc, test_skip);
	tcase_add_test(tc, test_back);
	tcase_add_test(tc, test_abort);
	tcase_add_test(tc, test_late_update);
	tcase_add_test(tc, test_fifteen_minutes);
	tcase_add_test(tc, test_fifteen_minutes_paused);
	tcase_add_test(tc, test_next_deadline);
	tcase_add_test(tc, test_next_deadline_every_ms);
	tcase_add_test(tc, test_completed_with_skips);
	tcase_add_test(tc, test_completed);
	tcase_add_test(tc, test_progress);
	tcase_add_test(tc, test_routine_order);
	tcase_add_test(tc, test_prepare);
	suite_add_tcase(s, tc);
	return s;
}
