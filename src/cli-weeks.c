/* The history of weeks: `weeks` lists them, and `review --week N` picks
 * one. Week 1 is the first ever started; the last is the current one. */
#include "app.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "winddown/day.h"
#include "winddown/report.h"
#include "winddown/review.h"

int
app_week_count(const struct app *app)
{
	return app->st.narchive + (app->st.started ? 1 : 0);
}

const struct week *
app_week(const struct app *app, int n, int *until)
{
	const struct state *st = &app->st;
	const struct week  *w;
	int                 end, next;

	if (n < 1 || n > app_week_count(app))
		return NULL;
	w = n <= st->narchive ? &st->archive[n - 1] : &st->week;
	/* Its evenings end with the plan, or where the next week began. */
	end = w->start + app->plan.ndays;
	if (n < st->narchive)
		next = st->archive[n].start;
	else if (n == st->narchive && st->started)
		next = st->week.start;
	else
		next = end;
	*until = next < end ? next : end;
	if (n == app_week_count(app) && st->started && app->today < *until)
		*until = app->today; /* the running week: up to today */
	if (*until <= w->start)
		*until = w->start + 1;
	return w;
}

int
app_need_week(struct app *app, int n, char **cause)
{
	const struct week *w;
	int                until, rc;

	if (!app->span.weeks) {
		app->span.weeks = true;
		if ((rc = state_load_more(&app->st, app->state_path,
		    app->span, cause)) != 0)
			return rc;
	}
	if ((w = app_week(app, n, &until)) == NULL)
		return 0;
	if ((rc = app_need(app, w->start - 1, cause)) != 0)
		return rc;
	return app_need(app, w->start + app->plan.ndays - 1, cause);
}

int
cli_weeks(struct app *app, int argc, char **argv)
{
	struct review      rv;
	const struct week *w;
	char               from[11], to[11], mean[32];
	int                n, i, k, until, done;

	(void)argv;
	if (argc > 0) {
		app_warn("weeks takes no arguments");
		return EX_USAGE;
	}
	n = app_week_count(app);
	if (n == 0) {
		printf("No week started yet; run 'winddown' to begin.\n");
		return app_finish_output(0);
	}
	for (i = 1; i <= n; i++) {
		w = app_week(app, i, &until);
		review_compute(&rv, &app->plan, &app->st, w, until);
		for (k = done = 0; k < rv.ndays; k++)
			done += rv.days[k].status == DAY_DONE;
		day_format(w->start, from);
		/* An archived week ends where it stopped. */
		day_format(w->ended != 0 ? until - 1 : w->start +
		    app->plan.ndays - 1, to);
		if (review_has(rv.twitches_mean)) {
			report_dec(mean, sizeof mean, rv.twitches_mean, 1);
			strcat(mean, " twitches a night");
		} else
			strcpy(mean, "no twitches logged");
		printf("Week %d  %s to %s  %d of %d days done  %d night%s "
		    "logged  %s%s\n", i, from, to, done, rv.ndays, rv.logged,
		    rv.logged == 1 ? "" : "s", mean,
		    i == n && app->st.started ? "  (this week)" : "");
		review_free(&rv);
	}
	return app_finish_output(0);
}
