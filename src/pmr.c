/* The progressive-muscle-relaxation timer. Pure: no clock, no I/O. */
#include "winddown/pmr.h"

#include <string.h>

/* The routine's group number g. */
static const struct pmr_group *
pmr_group_at(const struct pmr *p, int g)
{
	return &p->plan->groups[p->routine->groups[g]];
}

/* Length of one prepare/tense/release cycle. */
static long long
pmr_cycle_ms(const struct pmr *p)
{
	return p->prepare_ms + p->tense_ms + p->release_ms;
}

/* The phase a cycle starts with: PREPARE, or TENSE when there is none. */
static enum pmr_phase
pmr_cycle_start(const struct pmr *p)
{
	return p->prepare_ms > 0 ? PMR_PREPARE : PMR_TENSE;
}

/* Schedule offset at which group g's first cycle starts. */
static long long
pmr_group_offset(const struct pmr *p, int g)
{
	long long off = p->settle_ms;
	int       i;

	for (i = 0; i < g; i++)
		off += pmr_group_at(p, i)->repeats * pmr_cycle_ms(p);
	return off;
}

/* Schedule offset at which the current phase starts. */
static long long
pmr_phase_offset(const struct pmr *p)
{
	long long off;

	if (p->phase == PMR_READY)
		return 0;
	if (p->phase == PMR_DONE)
		return pmr_total_ms(p);
	off = pmr_group_offset(p, p->group) + p->repeat * pmr_cycle_ms(p);
	if (p->phase == PMR_TENSE || p->phase == PMR_RELEASE)
		off += p->prepare_ms;
	if (p->phase == PMR_RELEASE)
		off += p->tense_ms;
	return off;
}

/* Length of the current phase; 0 once finished. */
static long long
pmr_phase_length(const struct pmr *p)
{
	switch (p->phase) {
	case PMR_READY:
		return p->settle_ms;
	case PMR_PREPARE:
		return p->prepare_ms;
	case PMR_TENSE:
		return p->tense_ms;
	case PMR_RELEASE:
		return p->release_ms;
	default:
		return 0;
	}
}

/* Absolute time at which the current phase ends (once started). */
static long long
pmr_phase_end(const struct pmr *p)
{
	return p->base_ms + pmr_phase_offset(p) + pmr_phase_length(p);
}

/* The time the clock stands at: now, or where it stopped. */
static long long
pmr_ref(const struct pmr *p, long long now)
{
	if (pmr_finished(p))
		return p->stop_ms;
	if (p->paused)
		return p->pause_ms;
	return now;
}

/* Make the current phase start at the clock's time. */
static void
pmr_rebase(struct pmr *p, long long now)
{
	p->base_ms = pmr_ref(p, now) - pmr_phase_offset(p);
}

/* Stop for good in phase ph at time at. */
static void
pmr_finish(struct pmr *p, enum pmr_phase ph, long long at)
{
	p->phase = ph;
	p->stop_ms = at;
	p->paused = false;
}

/* Go to the first cycle of group g. */
static void
pmr_goto_group(struct pmr *p, int g)
{
	p->phase = pmr_cycle_start(p);
	p->group = g;
	p->repeat = 0;
}

/* Move from the current phase, which ends now, to the next. */
static void
pmr_advance(struct pmr *p)
{
	long long end = pmr_phase_end(p);

	switch (p->phase) {
	case PMR_READY:
		pmr_goto_group(p, 0);
		break;
	case PMR_PREPARE:
		p->phase = PMR_TENSE;
		break;
	case PMR_TENSE:
		p->phase = PMR_RELEASE;
		break;
	case PMR_RELEASE:
		if (p->repeat + 1 < pmr_group_at(p, p->group)->repeats) {
			p->repeat++;
			p->phase = pmr_cycle_start(p);
			break;
		}
		if (!p->completed[p->group]) {
			p->completed[p->group] = true;
			p->ncompleted++;
		}
		if (p->group + 1 < p->routine->ngroups)
			pmr_goto_group(p, p->group + 1);
		else
			pmr_finish(p, PMR_DONE, end);
		break;
	default:
		break;
	}
}

/* Check an override or default of seconds against lo..PMR_MAX_SECONDS. */
static int
pmr_seconds(int override, int def, int lo, long long *out)
{
	int s = override >= 0 ? override : def;

	if (s < lo || s > PMR_MAX_SECONDS)
		return -1;
	*out = s * 1000LL;
	return 0;
}

/* Set up a run of a routine, not yet started. */
int
pmr_init(struct pmr *p, const struct pmr_plan *pp,
    const struct pmr_routine *r, int tense_s, int release_s, int settle_s)
{
	int i, g;

	memset(p, 0, sizeof *p);
	if (pp == NULL || r == NULL)
		return -1;
	if (r->ngroups < 1 || r->ngroups > PLAN_MAX_ITEMS)
		return -1;
	for (i = 0; i < r->ngroups; i++) {
		g = r->groups[i];
		if (g < 0 || g >= pp->ngroups)
			return -1;
		if (pp->groups[g].repeats < 1 ||
		    pp->groups[g].repeats > PMR_MAX_REPEATS)
			return -1;
	}
	if (pmr_seconds(tense_s, pp->tense_s, 1, &p->tense_ms) != 0 ||
	    pmr_seconds(release_s, pp->release_s, 1, &p->release_ms) != 0 ||
	    pmr_seconds(settle_s, pp->settle_s, 0, &p->settle_ms) != 0 ||
	    pmr_seconds(-1, pp->prepare_s, 0, &p->prepare_ms) != 0)
		return -1;
	p->plan = pp;
	p->routine = r;
	p->phase = p->settle_ms > 0 ? PMR_READY : pmr_cycle_start(p);
	return 0;
}

/* Start the clock at now. */
void
pmr_start(struct pmr *p, long long now)
{
	if (p->started || pmr_finished(p))
		return;
	p->started = true;
	p->start_ms = now;
	p->base_ms = now - pmr_phase_offset(p);
}

/* Advance through every deadline that has passed. */
int
pmr_update(struct pmr *p, long long now)
{
	int n = 0;

	if (!p->started || p->paused)
		return 0;
	while (!pmr_finished(p) && now >= pmr_phase_end(p)) {
		pmr_advance(p);
		n++;
	}
	return n;
}

/* Catch up and stop the clock. */
int
pmr_pause(struct pmr *p, long long now)
{
	int n;

	if (!p->started || p->paused)
		return 0;
	n = pmr_update(p, now);
	if (!pmr_finished(p)) {
		p->paused = true;
		p->pause_ms = now;
	}
	return n;
}

/* Restart the clock; the remaining deadlines move by the pause. */
int
pmr_resume(struct pmr *p, long long now)
{
	if (!p->paused || now < p->pause_ms)
		return 0;
	p->base_ms += now - p->pause_ms;
	p->paused_ms += now - p->pause_ms;
	p->paused = false;
	return 0;
}

/* Pause or resume. */
int
pmr_toggle(struct pmr *p, long long now)
{
	if (p->paused)
		return pmr_resume(p, now);
	return pmr_pause(p, now);
}

/* Go to the next group, or finish from the last. */
int
pmr_skip(struct pmr *p, long long now)
{
	int n;

	n = pmr_update(p, now);
	if (pmr_finished(p))
		return n;
	if (p->phase == PMR_READY)
		pmr_goto_group(p, 0);
	else if (p->group + 1 < p->routine->ngroups)
		pmr_goto_group(p, p->group + 1);
	else {
		pmr_finish(p, PMR_DONE, pmr_ref(p, now));
		return n + 1;
	}
	pmr_rebase(p, now);
	return n + 1;
}

/* Go back to the previous group, or restart READY or the first group. */
int
pmr_back(struct pmr *p, long long now)
{
	int n;

	n = pmr_update(p, now);
	if (pmr_finished(p))
		return n;
	if (p->phase != PMR_READY)
		pmr_goto_group(p, p->group > 0 ? p->group - 1 : 0);
	pmr_rebase(p, now);
	return n + 1;
}

/* Stop for good. */
int
pmr_abort(struct pmr *p, long long now)
{
	int n;

	n = pmr_update(p, now);
	if (pmr_finished(p))
		return n;
	pmr_finish(p, PMR_ABORTED, pmr_ref(p, now));
	return n + 1;
}

/* The current phase. */
enum pmr_phase
pmr_current_phase(const struct pmr *p)
{
	return p->phase;
}

/* A name for a phase. */
const char *
pmr_phase_name(enum pmr_phase ph)
{
	switch (ph) {
	case PMR_READY:
		return "ready";
	case PMR_PREPARE:
		return "prepare";
	case PMR_TENSE:
		return "tense";
	case PMR_RELEASE:
		return "release";
	case PMR_DONE:
		return "done";
	case PMR_ABORTED:
		return "aborted";
	}
	return "?";
}

/* Started, not paused, not finished. */
bool
pmr_running(const struct pmr *p)
{
	return p->started && !p->paused && !pmr_finished(p);
}

/* Paused. */
bool
pmr_paused(const struct pmr *p)
{
	return p->paused;
}

/* DONE or ABORTED. */
bool
pmr_finished(const struct pmr *p)
{
	return p->phase == PMR_DONE || p->phase == PMR_ABORTED;
}

/* The group's index in the routine. */
int
pmr_group_index(const struct pmr *p)
{
	return p->group;
}

/* Number of groups. */
int
pmr_group_count(const struct pmr *p)
{
	return p->routine->ngroups;
}

/* The repeat within the group. */
int
pmr_repeat_index(const struct pmr *p)
{
	return p->repeat;
}

/* Repeats of the current group. */
int
pmr_repeat_count(const struct pmr *p)
{
	return pmr_group_at(p, p->group)->repeats;
}

/* The current group. */
const struct pmr_group *
pmr_current_group(const struct pmr *p)
{
	return pmr_group_at(p, p->group);
}

/* The text for the current phase. */
const char *
pmr_cue(const struct pmr *p)
{
	switch (p->phase) {
	case PMR_READY:
		return p->plan->settle_cue;
	case PMR_PREPARE:
	case PMR_TENSE:
		return pmr_current_group(p)->tense;
	case PMR_RELEASE:
		return pmr_current_group(p)->release;
	case PMR_DONE:
		return p->plan->finish_cue;
	default:
		return NULL;
	}
}

/* Milliseconds left in the phase. */
long long
pmr_remaining_ms(const struct pmr *p, long long now)
{
	long long len = pmr_phase_length(p), left;

	if (!p->started)
		return len;
	left = pmr_phase_end(p) - pmr_ref(p, now);
	if (left < 0)
		return 0;
	return left > len ? len : left;
}

/* Remaining whole seconds, rounded up. */
int
pmr_countdown_s(const struct pmr *p, long long now)
{
	return (int)((pmr_remaining_ms(p, now) + 999) / 1000);
}

/* Progress through the phase in permille. */
int
pmr_phase_permille(const struct pmr *p, long long now)
{
	long long len = pmr_phase_length(p);

	if (len == 0)
		return 1000;
	return (int)((len - pmr_remaining_ms(p, now)) * 1000 / len);
}

/* Progress through the schedule in permille. */
int
pmr_total_permille(const struct pmr *p, long long now)
{
	long long total = pmr_total_ms(p), pos;

	if (p->phase == PMR_DONE)
		return 1000;
	if (!p->started)
		pos = pmr_phase_offset(p);
	else
		pos = pmr_ref(p, now) - p->base_ms;
	if (pos < 0)
		pos = 0;
	if (pos > total)
		pos = total;
	return (int)(pos * 1000 / total);
}

/* The planned length of the routine. */
long long
pmr_total_ms(const struct pmr *p)
{
	return pmr_group_offset(p, p->routine->ngroups);
}

/* Where the current phase starts in the schedule. */
long long
pmr_phase_start_ms(const struct pmr *p)
{
	return pmr_phase_offset(p);
}

/* The next time the countdown or the phase changes. */
long long
pmr_next_deadline_ms(const struct pmr *p, long long now)
{
	long long end, left;

	if (!pmr_running(p))
		return -1;
	end = pmr_phase_end(p);
	left = end - now;
	if (left <= 0)
		return end;
	return end - (left - 1) / 1000 * 1000;
}

/* Time spent running, pauses excluded. */
long long
pmr_elapsed_ms(const struct pmr *p, long long now)
{
	long long e;

	if (!p->started)
		return 0;
	e = pmr_ref(p, now) - p->start_ms - p->paused_ms;
	return e < 0 ? 0 : e;
}

/* Groups whose last release finished. */
int
pmr_groups_completed(const struct pmr *p)
{
	return p->ncompleted;
}

/* Reached the end with at least one group done. */
bool
pmr_completed(const struct pmr *p)
{
	return p->phase == PMR_DONE && p->ncompleted > 0;
}
