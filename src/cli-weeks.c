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
#include "winddown/trend.h"

int
app_week_count(const struct app *app)
{
	return trend_week_count(&app->st);
}

const struct week *
app_week(const struct app *app, int n, int *until)
{
	return trend_week(&app->plan, &app->st, n, app->today, until);
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
	struct trend t;
	char         from[11], to[11], mean[32];
	int          i;

	(void)argv;
	if (argc > 0) {
		app_warn("weeks takes no arguments");
		return EX_USAGE;
	}
	if (app_week_count(app) == 0) {
		printf("No week started yet; run 'winddown' to begin.\n");
		return app_finish_output(0);
	}
	trend_compute(&t, &app->plan, &app->st, app->today);
	for (i = 0; i < t.nweeks; i++) {
		const struct trend_week *w = &t.weeks[i];

		day_format(w->start, from);
		day_format(w->last, to);
		if (review_has(w->mean)) {
			report_dec(mean, sizeof mean, w->mean, 1);
			strcat(mean, " twitches/night");
		} else
			strcpy(mean, "no twitches logged");
		/* Within 80 columns: "Week 12  2026-11-24 to 11-30  6/7 days
		 * 7 nights  2.9 twitches/night  (this week)". */
		printf("Week %d  %s to %s  %d/%d days  %d night%s  %s%s\n",
		    w->number, from, to + (strncmp(from, to, 5) == 0 ? 5 : 0),
		    w->days_done, app->plan.ndays, w->logged,
		    w->logged == 1 ? "" : "s", mean,
		    w->current ? "  (this week)" : "");
	}
	/* Week 1 against the latest, as the trend page says it. */
	if (t.nweeks > 1) {
		struct buf b = { NULL, 0, 0 };

		trend_compare_text(&t, &b);
		printf("%s\n", b.data);
		buf_free(&b);
	}
	trend_free(&t);
	return app_finish_output(0);
}
