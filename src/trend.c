/* The history of weeks and the trend of twitches over all of them. */
#include "winddown/trend.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "winddown/journal.h"
#include "winddown/report.h"
#include "winddown/review.h"
#include "winddown/util.h"

int
trend_week_count(const struct state *st)
{
	return st->narchive + (st->started ? 1 : 0);
}

const struct week *
trend_week(const struct plan *p, const struct state *st, int n, int today,
    int *until)
{
	const struct week *w;
	int                end, next, count = trend_week_count(st);

	if (n < 1 || n > count)
		return NULL;
	w = n <= st->narchive ? &st->archive[n - 1] : &st->week;
	/* Its evenings end with the plan, or where the next week began. */
	end = w->start + p->ndays;
	if (n < st->narchive)
		next = st->archive[n].start;
	else if (n == st->narchive && st->started)
		next = st->week.start;
	else
		next = end;
	*until = next < end ? next : end;
	if (n == count && st->started && today < *until)
		*until = today; /* the running week: up to today */
	if (*until <= w->start)
		*until = w->start + 1;
	return w;
}

/* The week a night belongs to: the latest whose baseline is on or
 * before it (weeks start in order). -1 before the first. */
static int
trend_week_of(const struct trend *t, int date)
{
	int i;

	for (i = t->nweeks - 1; i >= 0; i--) {
		if (date >= t->weeks[i].start - 1)
			return i;
	}
	return -1;
}

static void
trend_points(struct trend *t, const struct plan *p, const struct state *st)
{
	const struct journal_field *tf = plan_field(p, JOURNAL_TWITCHES);
	long long                   v, lo = 0, hi = LLONG_MAX;
	int                         i, wk;

	if (tf != NULL && (tf->type == FIELD_COUNT || tf->type == FIELD_SCALE)) {
		lo = tf->min > 0 ? tf->min : 0;
		hi = tf->max;
	}
	t->points = xreallocarray(NULL, (size_t)st->nnights + 1,
	    sizeof *t->points);
	for (i = 0; i < st->nnights; i++) {
		const struct night *n = &st->nights[i];
		struct trend_point *pt;

		if (!journal_number(&n->kv, JOURNAL_TWITCHES, &v) || v < lo ||
		    v > hi || (wk = trend_week_of(t, n->date)) < 0)
			continue;
		pt = &t->points[t->npoints++];
		pt->date = n->date;
		pt->week = wk;
		pt->twitches = v;
		pt->baseline = n->date == t->weeks[wk].start - 1;
		pt->after = n->date > t->weeks[wk].last;
		if (v > t->max)
			t->max = v;
		t->nights++;
	}
}

void
trend_compute(struct trend *t, const struct plan *p, const struct state *st,
    int today)
{
	struct review rv;
	int           i, k, until;

	memset(t, 0, sizeof *t);
	t->today = today;
	t->nweeks = trend_week_count(st);
	t->weeks = xcalloc((size_t)t->nweeks + 1, sizeof *t->weeks);
	for (i = 0; i < t->nweeks; i++) {
		struct trend_week *tw = &t->weeks[i];
		const struct week *w = trend_week(p, st, i + 1, today, &until);

		/* The running week as it stands today; an archived one up
		 * to where it stopped. */
		review_compute(&rv, p, st, w, w == &st->week ? today : until);
		tw->week = w;
		tw->number = i + 1;
		tw->start = w->start;
		tw->current = w == &st->week;
		tw->last = w->start + rv.ndays - 1; /* where an archived stopped */
		tw->final = tw->current ? today >= w->start + p->ndays : true;
		for (k = 0; k < rv.ndays; k++)
			tw->days_done += rv.days[k].status == DAY_DONE;
		tw->logged = rv.logged;
		tw->twitch_nights = rv.twitch_nights;
		tw->mean = rv.twitches_mean;
		tw->baseline = rv.baseline.twitches;
		review_free(&rv);
	}
	trend_points(t, p, st);
	if (t->nweeks >= 2 &&
	    t->weeks[0].twitch_nights >= REVIEW_TREND_NIGHTS &&
	    t->weeks[t->nweeks - 1].twitch_nights >= REVIEW_TREND_NIGHTS) {
		t->compare_ok = true;
		t->first_mean = t->weeks[0].mean;
		t->last_mean = t->weeks[t->nweeks - 1].mean;
		t->change = t->last_mean - t->first_mean;
		t->change_pct_ok = t->first_mean > 0;
		if (t->change_pct_ok)
			t->change_pct = 100.0 * t->change / t->first_mean;
	}
	t->little_data = t->nights < REVIEW_ENOUGH_DATA;
}

void
trend_compare_text(const struct trend *t, struct buf *b)
{
	const struct trend_week *last;
	char                     x[64], y[64], z[64];

	if (t->nweeks < 2) {
		buf_puts(b, "One week so far: a second week gives something to "
		    "compare week 1 with.");
		return;
	}
	last = &t->weeks[t->nweeks - 1];
	if (!t->compare_ok) {
		buf_printf(b, "Comparing week 1 with week %d needs twitch "
		    "counts on at least %d nights of each (week 1 has %d, week %d has %d).",
		    last->number, REVIEW_TREND_NIGHTS, t->weeks[0].twitch_nights,
		    last->number, last->twitch_nights);
		return;
	}
	report_dec(x, sizeof x, t->first_mean, 1);
	report_dec(y, sizeof y, t->last_mean, 1);
	report_dec(z, sizeof z, t->change < 0 ? -t->change : t->change, 1);
	buf_printf(b, "Week 1: %s twitches a night; week %d%s: %s a night; ",
	    x, last->number, last->final ? "" : " so far", y);
	if (strcmp(z, "0.0") == 0)
		buf_puts(b, "no change.");
	else {
		buf_printf(b, "%s %s a night", z, t->change < 0 ? "fewer" :
		    "more");
		if (t->change_pct_ok) {
			report_dec(x, sizeof x, t->change_pct, 0);
			buf_printf(b, " (%s%s%%)", t->change > 0 ? "+" : "", x);
		}
		buf_puts(b, ".");
	}
	if (t->little_data)
		buf_printf(b, " %d nights are little data: read this as a "
		    "hint, not proof.", t->nights);
}

void
trend_free(struct trend *t)
{
	free(t->weeks);
	free(t->points);
	memset(t, 0, sizeof *t);
}
