/* The progressive-muscle-relaxation timer: a pure state machine. It never
 * reads the clock; every call that needs the time is given `now`, a
 * monotonic time in milliseconds. The schedule is
 *
 *	READY (settle_s; left out when 0)
 *	for each group, for each repeat:
 *		PREPARE (the plan's prepare_s; left out when 0),
 *		TENSE (tense_s), RELEASE (release_s)
 *	DONE
 *
 * PREPARE is the time to hear or read the instruction, so that TENSE,
 * which starts with a short signal, is all tension.
 *
 * and every phase ends at an absolute time, base + that phase's offset in
 * the schedule, so a late pmr_update() never makes it drift: it advances
 * through every deadline that has passed. A pause shifts the remaining
 * deadlines by exactly its length; skip and back rebase the schedule so
 * the phase they land in starts at `now`.
 *
 * Calls that change the state first catch up to `now` and return how many
 * phase changes happened in all (ring the bell once when it is > 0).
 *
 * Suspend (SIGTSTP): call pmr_pause() before stopping and leave the timer
 * paused on SIGCONT; the time spent stopped is then an ordinary pause. */
#ifndef WINDDOWN_PMR_H
#define WINDDOWN_PMR_H

#include <stdbool.h>

#include "winddown/plan.h"

#define PMR_MAX_SECONDS 3600 /* longest tense, release or settle */
#define PMR_MAX_REPEATS 1000

enum pmr_phase {
	PMR_READY,   /* settling breath before the first group */
	PMR_PREPARE, /* the instruction, before the tension starts */
	PMR_TENSE,
	PMR_RELEASE,
	PMR_DONE,    /* the last release finished, or skipped past */
	PMR_ABORTED,
};

/* One run of a routine. Treat the fields as private; use the functions. */
struct pmr {
	const struct pmr_plan    *plan;
	const struct pmr_routine *routine;
	long long                 tense_ms;
	long long                 release_ms;
	long long                 settle_ms;
	long long                 prepare_ms;

	enum pmr_phase            phase;
	int                       group;  /* 0-based, into the routine */
	int                       repeat; /* 0-based */

	bool                      started;
	bool                      paused;
	long long                 base_ms;   /* when schedule offset 0 falls */
	long long                 start_ms;  /* pmr_start() */
	long long                 pause_ms;  /* when the pause began */
	long long                 paused_ms; /* total of finished pauses */
	long long                 stop_ms;   /* when DONE/ABORTED was reached */

	bool                      completed[PLAN_MAX_ITEMS];
	int                       ncompleted;
};

/* Set up a run of routine r of plan pp, not started. tense_s, release_s
 * and settle_s override the plan's defaults when >= 0 (settle 0 leaves
 * READY out). Returns 0, or -1 when the routine is empty, has more than
 * PLAN_MAX_ITEMS groups, names a group that does not exist or one with
 * repeats outside 1..PMR_MAX_REPEATS, or when tense or release is outside
 * 1..PMR_MAX_SECONDS or settle or the plan's prepare_s outside
 * 0..PMR_MAX_SECONDS. */
int  pmr_init(struct pmr *, const struct pmr_plan *pp,
    const struct pmr_routine *r, int tense_s, int release_s, int settle_s);
/* Start the clock: the first phase begins at now. */
void pmr_start(struct pmr *, long long now);
/* Advance through every phase whose deadline is <= now; returns the
 * number of phase changes (0 when nothing happened). */
int  pmr_update(struct pmr *, long long now);
/* Catch up, then stop the clock. Returns the phase changes. */
int  pmr_pause(struct pmr *, long long now);
/* Restart the clock, shifting every deadline by the pause. Returns 0. */
int  pmr_resume(struct pmr *, long long now);
/* Pause when running, resume when paused. Returns the phase changes. */
int  pmr_toggle(struct pmr *, long long now);
/* Catch up, then go to the next group's first cycle (its PREPARE, or
 * TENSE without one), or DONE from the last group. Returns the phase
 * changes, counting the skip. */
int  pmr_skip(struct pmr *, long long now);
/* Catch up, then go back to the previous group's first cycle (READY and
 * the first group restart themselves). Returns the phase changes. */
int  pmr_back(struct pmr *, long long now);
/* Catch up, then stop for good in ABORTED. Returns the phase changes. */
int  pmr_abort(struct pmr *, long long now);

/* The current phase. */
enum pmr_phase pmr_current_phase(const struct pmr *);
/* A lower-case name for a phase: "ready", "tense", ... */
const char *pmr_phase_name(enum pmr_phase);
/* True when started and not paused or finished. */
bool pmr_running(const struct pmr *);
/* True while paused. */
bool pmr_paused(const struct pmr *);
/* True in DONE or ABORTED. */
bool pmr_finished(const struct pmr *);
/* The group's index in the routine, 0-based (0 during READY, the last
 * group once finished). */
int  pmr_group_index(const struct pmr *);
/* Number of groups in the routine. */
int  pmr_group_count(const struct pmr *);
/* The repeat within the group, 0-based. */
int  pmr_repeat_index(const struct pmr *);
/* Number of tense/release cycles of the current group. */
int  pmr_repeat_count(const struct pmr *);
/* The current group (the first during READY, the last once finished). */
const struct pmr_group *pmr_current_group(const struct pmr *);
/* The text to show: settle cue, the group's tense cue (in PREPARE and
 * TENSE) or release cue, the finish cue; NULL when aborted. */
const char *pmr_cue(const struct pmr *);
/* Milliseconds left in the phase; 0 once finished. */
long long pmr_remaining_ms(const struct pmr *, long long now);
/* Whole seconds to show on the countdown: remaining, rounded up. */
int  pmr_countdown_s(const struct pmr *, long long now);
/* How far through the phase, 0..1000. */
int  pmr_phase_permille(const struct pmr *, long long now);
/* How far through the whole schedule, 0..1000. */
int  pmr_total_permille(const struct pmr *, long long now);
/* The planned length of the whole routine, READY included. */
long long pmr_total_ms(const struct pmr *);
/* Where the current phase starts in the schedule, in ms from its start
 * (0 for the first phase, pmr_total_ms() once DONE). */
long long pmr_phase_start_ms(const struct pmr *);
/* When the display next changes: the next whole second of the countdown
 * or the phase end, whichever is sooner (<= now when update is overdue).
 * -1 when not started, paused or finished. */
long long pmr_next_deadline_ms(const struct pmr *, long long now);
/* Time spent running, pauses excluded; frozen once finished. */
long long pmr_elapsed_ms(const struct pmr *, long long now);
/* Groups whose last release finished (skipped groups don't count; a group
 * done twice counts once). */
int  pmr_groups_completed(const struct pmr *);
/* True when the session counts as finished: DONE (the last group reached
 * its end or was skipped past) with at least one group completed. A run
 * where every group was skipped reaches DONE but is not finished. */
bool pmr_completed(const struct pmr *);

#endif
