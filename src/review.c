/* The week in review: trigger rules night by night and the statistics of
 * one week of the plan. Nothing here reads the clock or allocates more
 * than the list of the week's relaxation sessions. */
#include "winddown/review.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "winddown/util.h"

/* Sort a few ints in place (at most a month of nights). */
static void
review_sort_ints(int *v, int n)
{
	int i, j, x;

	for (i = 1; i < n; i++) {
		x = v[i];
		for (j = i; j > 0 && v[j - 1] > x; j--)
			v[j] = v[j - 1];
		v[j] = x;
	}
}

/* The median of n sorted ints; the mean of the middle two, rounded down,
 * when n is even. */
static int
review_median_sorted(const int *v, int n)
{
	int a, b;

	if (n % 2 == 1)
		return v[n / 2];
	a = v[n / 2 - 1];
	b = v[n / 2];
	return a + (b - a) / 2;
}

/* The evening-scale median of a time field over some nights. */
int
review_median(const struct night *nights, int n, const char *field,
    int rollover_hour)
{
	int v[PLAN_MAX_DAYS];
	int i, m, k = 0;

	for (i = 0; i < n && k < PLAN_MAX_DAYS; i++) {
		if ((m = journal_time(&nights[i].kv, field)) >= 0)
			v[k++] = journal_evening(m, rollover_hour);
	}
	if (k == 0)
		return -1;
	review_sort_ints(v, k);
	return review_median_sorted(v, k);
}

/* True when field holds "none" that night. */
static bool
review_is_none(const struct kvlist *night, const char *field)
{
	const struct kv *kv = kv_get(night, field);

	return kv != NULL && kv->type == KV_STR && kv->s != NULL &&
	    strcmp(kv->s, JOURNAL_NONE) == 0;
}

/* The verdict of one trigger rule on one night. */
enum review_verdict
review_trigger(const struct trigger_rule *r, const struct kvlist *night,
    int median, int rollover_hour)
{
	const struct kv *cond = NULL;
	long long        v;
	int              t, ref, d;

	if (r->if_field != NULL) {
		cond = kv_get(night, r->if_field);
		if (cond != NULL && !journal_kv_equals(cond, r->if_value))
			return REVIEW_NO;
	}
	if (r->op != TRIG_AT_LEAST && review_is_none(night, r->field))
		return REVIEW_NO;
	if (r->if_field != NULL && cond == NULL)
		return REVIEW_UNKNOWN;

	if (r->op == TRIG_AT_LEAST) {
		if (!journal_number(night, r->field, &v))
			return REVIEW_UNKNOWN;
		return v >= r->value ? REVIEW_YES : REVIEW_NO;
	}
	if ((t = journal_time(night, r->field)) < 0)
		return REVIEW_UNKNOWN;
	t = journal_evening(t, rollover_hour);
	switch (r->op) {
	case TRIG_AFTER:
		return t > journal_evening(r->value, rollover_hour) ?
		    REVIEW_YES : REVIEW_NO;
	case TRIG_WITHIN_BEFORE:
		if (r->ref == NULL || (ref = journal_time(night, r->ref)) < 0)
			return REVIEW_UNKNOWN;
		ref = journal_evening(ref, rollover_hour);
		return ref - t < r->value ? REVIEW_YES : REVIEW_NO;
	case TRIG_OFF_MEDIAN:
		if (median < 0)
			return REVIEW_UNKNOWN;
		d = t > median ? t - median : median - t;
		return d > r->value ? REVIEW_YES : REVIEW_NO;
	case TRIG_AT_LEAST:
		break;
	}
	return REVIEW_UNKNOWN;
}

/* True when a mean holds data. */
bool
review_has(double v)
{
	return v >= 0;
}

/* The mean of sum over n, or -1 when n is 0. */
static double
review_mean(double sum, int n)
{
	return n > 0 ? sum / n : -1;
}

/* Fill in each plan day: steps ticked (each step counted once) and the
 * status. */
static void
review_days(struct review *rv)
{
	const struct week *w = rv->week;
	unsigned int       mask[PLAN_MAX_DAYS];
	int                i, k, total;

	memset(mask, 0, sizeof mask);
	for (i = 0; i < w->nticks; i++) {
		const struct tick *t = &w->ticks[i];

		if (t->day < 1 || t->day > rv->ndays || t->step < 1 ||
		    t->step > rv->plan->days[t->day - 1].nsteps)
			continue;
		mask[t->day - 1] |= 1u << (t->step - 1);
	}
	for (i = 0; i < rv->ndays; i++) {
		struct review_day *d = &rv->days[i];

		total = rv->plan->days[i].nsteps;
		d->number = i + 1;
		d->date = w->start + i;
		d->total = total;
		d->done = 0;
		for (k = 0; k < total; k++) {
			if (mask[i] & (1u << k))
				d->done++;
		}
		d->status = day_status(d->number, rv->today_number, d->done,
		    total);
	}
}

/* The first of the state's nights on or after date (they are sorted). */
static int
review_first_night(const struct state *st, int date)
{
	int lo = 0, hi = st->nnights, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (st->nights[mid].date < date)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The limits a night's values are taken within. */
struct review_limits {
	long long tmin, tmax; /* twitches */
	int       roll;       /* the rollover hour */
};

/* One night's values into n (from n->night; each -1 when not given).
 * A count outside the field's range is never taken (app.c refuses such
 * a file; a library caller may not). */
static void
review_night_values(const struct review *rv, const struct review_limits *lim,
    struct review_night *n)
{
	long long v;
	int       m;

	n->twitches = n->quality = n->bedtime = -1;
	n->sleep.tib = n->sleep.tst = -1;
	n->sleep.se = -1;
	if (n->night == NULL)
		return;
	if (journal_number(&n->night->kv, JOURNAL_TWITCHES, &v) &&
	    v >= lim->tmin && v <= lim->tmax)
		n->twitches = v;
	if (journal_number(&n->night->kv, JOURNAL_QUALITY, &v) &&
	    v >= rv->quality_min && v <= rv->quality_max)
		n->quality = (int)v;
	if ((m = journal_time(&n->night->kv, JOURNAL_BEDTIME)) >= 0)
		n->bedtime = journal_evening(m, lim->roll);
	journal_sleep(&n->night->kv, &n->sleep);
}

/* The baseline: the night before day 1, logged on day 1's morning. It
 * is not one of the week's nights and counts in none of its means. */
static void
review_baseline(struct review *rv, const struct review_limits *lim)
{
	struct review_night *n = &rv->baseline;
	const struct night  *night;

	n->date = rv->week->start - 1;
	night = state_night(rv->state, n->date);
	n->night = night != NULL && night->kv.n > 0 ? night : NULL;
	n->status = n->night != NULL ? REVIEW_LOGGED : n->date >= rv->today ?
	    REVIEW_PENDING : REVIEW_MISSING;
	review_night_values(rv, lim, n);
}

/* Fill in the week's nights and the statistics over them. */
static void
review_nights(struct review *rv, const struct night *slice, int nslice)
{
	const struct journal_field *qf = NULL, *tf = NULL;
	struct review_limits        lim = { 0, LLONG_MAX,
		rv->state->settings.rollover };
	long long                   tw[PLAN_MAX_DAYS];
	int                         bed[PLAN_MAX_DAYS];
	double                      sum = 0, qsum = 0, se = 0, tst = 0, tib = 0;
	int                         i, k, ntw = 0, nbed = 0;

	for (i = 0; i < rv->plan->nfields; i++) {
		if (strcmp(rv->plan->fields[i].name, JOURNAL_QUALITY) == 0)
			qf = &rv->plan->fields[i];
		if (strcmp(rv->plan->fields[i].name, JOURNAL_TWITCHES) == 0)
			tf = &rv->plan->fields[i];
	}
	if (tf != NULL && (tf->type == FIELD_COUNT ||
	    tf->type == FIELD_SCALE)) {
		lim.tmin = tf->min > 0 ? tf->min : 0;
		lim.tmax = tf->max;
	}
	rv->quality_min = qf != NULL && qf->type == FIELD_SCALE ? qf->min : 1;
	rv->quality_max = qf != NULL && qf->type == FIELD_SCALE ? qf->max : 5;
	review_baseline(rv, &lim);

	k = 0;
	for (i = 0; i < rv->ndays; i++) {
		struct review_night *n = &rv->nights[i];

		n->date = rv->week->start + i;
		while (k < nslice && slice[k].date < n->date)
			k++;
		/* An archived week cut short by a restart: the nights from
		 * `today` (the next week's start) on are the next week's. */
		if (k < nslice && slice[k].date == n->date &&
		    slice[k].kv.n > 0 &&
		    (rv->week->ended == 0 || n->date < rv->today))
			n->night = &slice[k];
		review_night_values(rv, &lim, n);
		if (n->night == NULL) {
			if (n->date >= rv->today) {
				n->status = REVIEW_PENDING;
				rv->pending++;
			} else {
				n->status = REVIEW_MISSING;
				rv->missing++;
			}
			continue;
		}
		n->status = REVIEW_LOGGED;
		rv->logged++;
		if (n->twitches >= 0) {
			tw[ntw++] = n->twitches;
			sum += (double)n->twitches;
			if (n->twitches > rv->twitches_max)
				rv->twitches_max = n->twitches;
		}
		if (n->quality >= 0) {
			qsum += (double)n->quality;
			rv->quality_nights++;
		}
		if (n->bedtime >= 0)
			bed[nbed++] = n->bedtime;
		if (n->sleep.se >= 0) {
			se += n->sleep.se;
			tst += n->sleep.tst;
			tib += n->sleep.tib;
			rv->sleep_nights++;
		}
	}

	/* Before and after: the baseline night against the mean of the
	 * last three nights of the week that give twitches. */
	rv->recent_mean = -1;
	if (ntw >= REVIEW_TREND_NIGHTS) {
		double b = 0;

		for (i = ntw - REVIEW_TREND_NIGHTS; i < ntw; i++)
			b += (double)tw[i];
		rv->recent_mean = b / REVIEW_TREND_NIGHTS;
		rv->baseline_ok = rv->baseline.twitches >= 0;
		if (rv->baseline_ok)
			rv->baseline_change = rv->recent_mean -
			    (double)rv->baseline.twitches;
	}
	rv->twitch_nights = ntw;
	rv->twitches_mean = review_mean(sum, ntw);
	rv->trend_ok = ntw >= 2 * REVIEW_TREND_NIGHTS;
	rv->first_mean = rv->last_mean = -1;
	if (rv->trend_ok) {
		double a = 0, b = 0;

		for (i = 0; i < REVIEW_TREND_NIGHTS; i++) {
			a += (double)tw[i];
			b += (double)tw[ntw - REVIEW_TREND_NIGHTS + i];
		}
		rv->first_mean = a / REVIEW_TREND_NIGHTS;
		rv->last_mean = b / REVIEW_TREND_NIGHTS;
		rv->change = rv->last_mean - rv->first_mean;
		rv->change_pct_ok = rv->first_mean > 0;
		if (rv->change_pct_ok)
			rv->change_pct = 100.0 * rv->change / rv->first_mean;
	}

	rv->quality_mean = review_mean(qsum, rv->quality_nights);
	rv->se_mean = review_mean(se, rv->sleep_nights);
	rv->tst_mean = review_mean(tst, rv->sleep_nights);
	rv->tib_mean = review_mean(tib, rv->sleep_nights);

	rv->bedtime_nights = nbed;
	rv->bedtime_median = -1;
	if (nbed > 0) {
		double dev = 0;

		review_sort_ints(bed, nbed);
		rv->bedtime_median = review_median_sorted(bed, nbed);
		for (i = 0; i < nbed; i++)
			dev += abs(bed[i] - rv->bedtime_median);
		rv->bedtime_mad = dev / nbed;
		rv->bedtime_range = bed[nbed - 1] - bed[0];
	}
}

/* Evaluate every trigger rule on the week's logged nights. */
static void
review_triggers(struct review *rv, const struct night *slice, int nslice)
{
	const struct plan *p = rv->plan;
	int                i, k, roll = rv->state->settings.rollover;

	rv->ntriggers = p->nrules < PLAN_MAX_ITEMS ? p->nrules :
	    PLAN_MAX_ITEMS;
	for (i = 0; i < rv->ntriggers; i++) {
		struct review_trigger *t = &rv->triggers[i];
		double                 with = 0, without = 0;
		int                    nwith = 0, nwithout = 0;

		t->rule = &p->rules[i];
		t->median = -1;
		if (t->rule->op == TRIG_OFF_MEDIAN)
			t->median = review_median(slice, nslice,
			    t->rule->field, roll);
		for (k = 0; k < rv->ndays; k++) {
			const struct review_night *n = &rv->nights[k];
			enum review_verdict        v = REVIEW_UNKNOWN;

			if (n->night != NULL)
				v = review_trigger(t->rule, &n->night->kv,
				    t->median, roll);
			t->verdict[k] = (signed char)v;
			if (n->night == NULL)
				continue;
			if (v == REVIEW_YES) {
				t->nights_with++;
				if (n->twitches >= 0) {
					with += (double)n->twitches;
					nwith++;
				}
			} else if (v == REVIEW_NO) {
				t->nights_without++;
				if (n->twitches >= 0) {
					without += (double)n->twitches;
					nwithout++;
				}
			} else
				t->nights_unknown++;
		}
		t->mean_twitches_with = review_mean(with, nwith);
		t->mean_twitches_without = review_mean(without, nwithout);
	}
}

/* Order sessions by night, then as recorded. */
static int
review_cmp_sessions(const void *a, const void *b)
{
	const struct pmr_session *x = *(const struct pmr_session *const *)a;
	const struct pmr_session *y = *(const struct pmr_session *const *)b;

	if (x->night != y->night)
		return x->night < y->night ? -1 : 1;
	if (x != y)
		return x < y ? -1 : 1;
	return 0;
}

/* Collect the relaxation sessions of the week's nights. */
static void
review_sessions(struct review *rv)
{
	const struct state *st = rv->state;
	int                 i, n = 0, from, to;

	from = rv->week->start;
	to = from + rv->ndays;
	for (i = 0; i < st->nsessions; i++) {
		if (st->sessions[i].night >= from && st->sessions[i].night < to)
			n++;
	}
	if (n == 0)
		return;
	rv->sessions = xreallocarray(NULL, (size_t)n, sizeof *rv->sessions);
	for (i = 0; i < st->nsessions; i++) {
		if (st->sessions[i].night >= from && st->sessions[i].night < to)
			rv->sessions[rv->nsessions++] = &st->sessions[i];
	}
	qsort(rv->sessions, (size_t)n, sizeof *rv->sessions,
	    review_cmp_sessions);
}

/* The red-flag answers of the week against the plan's questions. */
static void
review_flags(struct review *rv)
{
	const struct plan *p = rv->plan;
	const struct kv   *kv;
	int                i, unanswered = 0;

	rv->nflags = p->nflags < PLAN_MAX_ITEMS ? p->nflags : PLAN_MAX_ITEMS;
	for (i = 0; i < rv->nflags; i++) {
		struct review_flag *f = &rv->flags[i];

		f->flag = &p->flags[i];
		f->answer = -1;
		kv = kv_get(&rv->week->flags, f->flag->id);
		if (kv != NULL && kv->type != KV_STR)
			f->answer = kv->i != 0;
		else if (kv != NULL && kv->s != NULL)
			f->answer = journal_kv_equals(kv, "yes") ? 1 :
			    journal_kv_equals(kv, "no") ? 0 : -1;
		if (f->answer == 1)
			rv->flags_yes++;
		else if (f->answer < 0)
			unanswered++;
	}
	if (rv->flags_yes > 0)
		rv->flags_result = REVIEW_FLAGS_DOCTOR;
	else if (unanswered > 0)
		rv->flags_result = REVIEW_FLAGS_INCOMPLETE;
	else
		rv->flags_result = REVIEW_FLAGS_CLEAR;
}

/* Compute the review of one week. */
void
review_compute(struct review *rv, const struct plan *plan,
    const struct state *st, const struct week *w, int today)
{
	const struct night *slice;
	int                 first, nslice;

	memset(rv, 0, sizeof *rv);
	rv->plan = plan;
	rv->state = st;
	rv->week = w;
	rv->today = today;
	rv->today_number = day_number(w->start, today);
	rv->ndays = plan->ndays < PLAN_MAX_DAYS ? plan->ndays : PLAN_MAX_DAYS;
	if (rv->ndays < 0)
		rv->ndays = 0;
	/* An archived week cut short by a restart is the days it lived,
	 * all of them past: from its start to the evening before `today`
	 * (the next week's start), at least its first. */
	if (w->ended != 0) {
		if (today - w->start < rv->ndays)
			rv->ndays = today - w->start < 1 ? 1 : today - w->start;
		rv->today_number = rv->ndays + 1;
		if (rv->today < w->start + rv->ndays)
			rv->today = w->start + rv->ndays; /* every night past */
	}

	/* The week's nights are one run of the sorted list. */
	first = review_first_night(st, w->start);
	nslice = 0;
	while (first + nslice < st->nnights &&
	    st->nights[first + nslice].date < w->start + rv->ndays)
		nslice++;
	slice = st->nights != NULL ? st->nights + first : NULL;

	review_days(rv);
	review_nights(rv, slice, nslice);
	review_triggers(rv, slice, nslice);
	review_sessions(rv);
	review_flags(rv);
	rv->little_data = rv->logged < REVIEW_ENOUGH_DATA;
	/* Night N is logged on the morning of day N + 1: the week is over
	 * (final) from the evening after its last day on. */
	rv->final = w->ended != 0 || today >= w->start + rv->ndays;
}

/* Free what a review allocated. */
void
review_free(struct review *rv)
{
	free(rv->sessions);
	rv->sessions = NULL;
	rv->nsessions = 0;
}
