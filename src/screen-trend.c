/* The trend page: twitches per night over every logged night, week by
 * week, each week's mean and baseline, and week 1 against the latest.
 * Drawn from struct trend (trend.h), computed afresh at every draw. */
#ifndef _XOPEN_SOURCE
#define _XOPEN_SOURCE 700
#endif
#include "ui.h"

#include <curses.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "winddown/day.h"
#include "winddown/report.h"
#include "winddown/review.h"
#include "winddown/trend.h"

#define SCREEN_TREND_BAR 40 /* the longest bar of the means */
/* A night not logged: apart from every mark of a count. */
#define SCREEN_TREND_NONE(ui) ((ui)->utf8 ? "\xc2\xb7" : "?")

static struct ui_pager screen_trend_pager;

/* One night as a mark: eight heights of block (or of ASCII) scaled to
 * the most twitches of any night; a night without a count is "_" at
 * zero. */
static const char *
screen_trend_mark(const struct ui *ui, long long v, long long max)
{
	static const char *const blocks[] = { "\xe2\x96\x81", "\xe2\x96\x82",
		"\xe2\x96\x83", "\xe2\x96\x84", "\xe2\x96\x85", "\xe2\x96\x86",
		"\xe2\x96\x87", "\xe2\x96\x88" };
	static const char *const ascii[] = { ".", ":", "-", "=", "+", "*",
		"#", "@" };
	long long                level;

	if (v <= 0 || max <= 0)
		return "_";
	level = (v * 8 + max - 1) / max; /* 1..8 */
	if (level > 8)
		level = 8;
	return ui->utf8 ? blocks[level - 1] : ascii[level - 1];
}

/* A week's nights in a row of marks: its baseline, its own nights, then
 * the logged nights after it until the next week's baseline. A night
 * both one week's last and the next one's baseline is in both rows. A
 * night not logged is a dot; one still to come is blank. */
static void
screen_trend_row(struct ui_page *pg, const struct trend *t, int wk, int x,
    int w)
{
	const struct trend_week *tw = &t->weeks[wk];
	struct ui               *ui = pg->ui;
	int                      row, date, stop, k = 0, used = 0, more = 0;
	bool                     after = false;
	char                     label[16];

	if ((row = ui_pager_line(pg)) < 0)
		return;
	snprintf(label, sizeof label, "Week %d", tw->number);
	ui_put(row, 3, x - 4, A_NORMAL, label);
	stop = wk + 1 < t->nweeks ? t->weeks[wk + 1].start - 2 : INT_MAX;
	for (date = tw->start - 1; ; date++) {
		const char *m;
		int         attr = ui_attr(ui, ROLE_ACCENT);
		bool        own = date <= tw->last;

		while (k < t->npoints && t->points[k].date < date)
			k++;
		if (!own) {
			/* After the week: only the nights logged. */
			if (k >= t->npoints || t->points[k].date > stop)
				break;
			date = t->points[k].date;
		}
		if (k < t->npoints && t->points[k].date == date)
			m = screen_trend_mark(ui, t->points[k].twitches, t->max);
		else if (date >= t->today) {
			m = " ";
		} else {
			m = SCREEN_TREND_NONE(ui);
			attr = ui_attr(ui, ROLE_DIM);
		}
		if (used >= w - 6) {
			more++;
			continue;
		}
		/* A gap after the baseline and after the week's last. */
		if (date == tw->start || (!own && !after)) {
			used++;
			after = !own;
		}
		ui_put(row, x + used, 1, attr, m);
		used++;
	}
	if (more > 0) {
		snprintf(label, sizeof label, "+%d", more);
		ui_put(row, x + used + 1, w - used - 1, ui_attr(ui, ROLE_DIM),
		    label);
	}
}

static void
screen_trend_draw(struct ui *ui, long long now)
{
	struct app    *app = ui->app;
	struct trend   t;
	struct ui_page pg;
	struct buf     b = { NULL, 0, 0 };
	char           d1[11], m[32], label[48];
	int            i, k, row, x, len, most;
	double         maxmean = 0;

	(void)now;
	trend_compute(&t, &app->plan, &app->st, app->today);
	pg = ui_pager_begin(ui, "Trend over all weeks");
	if (t.nweeks == 0) {
		ui_pager_text(&pg, 1, A_NORMAL, "No week started yet.");
		ui_pager_end(&pg, "q back");
		trend_free(&t);
		return;
	}
	ui_pager_text(&pg, 1, ui_attr(ui, ROLE_TITLE),
	    "Twitches a night, week by week");
	for (i = 0; i < t.nweeks; i++) {
		if (review_has(t.weeks[i].mean) && t.weeks[i].mean > maxmean)
			maxmean = t.weeks[i].mean;
	}
	most = ui->cols - 3 - 18 - 19; /* the label, the mean and its nights */
	if (most > SCREEN_TREND_BAR)
		most = SCREEN_TREND_BAR;
	for (i = 0; i < t.nweeks; i++) {
		const struct trend_week *w = &t.weeks[i];

		if ((row = ui_pager_line(&pg)) < 0)
			continue;
		day_format(w->start, d1);
		snprintf(label, sizeof label, "Week %d  %s%s", w->number,
		    d1 + 5, w->current && !w->final ? "*" : "");
		ui_put(row, 3, 18, A_NORMAL, label);
		x = 3 + 18;
		if (!review_has(w->mean)) {
			ui_put(row, x, ui->cols - x - 1, ui_attr(ui, ROLE_DIM),
			    "(no counts)");
			continue;
		}
		len = maxmean > 0 ? (int)(w->mean * most / maxmean + 0.5) : 0;
		if (len < 1 && w->mean > 0)
			len = 1;
		move(row, x);
		attron(ui_attr(ui, ROLE_ACCENT));
		for (k = 0; k < len && most > 0; k++)
			addstr(ui->g->bar_full);
		attroff(ui_attr(ui, ROLE_ACCENT));
		report_dec(m, sizeof m, w->mean, 1);
		snprintf(label, sizeof label, "%s (%d night%s)", m,
		    w->twitch_nights, w->twitch_nights == 1 ? "" : "s");
		ui_put(row, x + len + (len > 0), ui->cols - x - len - 2,
		    A_NORMAL, label);
	}
	if (t.weeks[t.nweeks - 1].current && !t.weeks[t.nweeks - 1].final)
		ui_pager_text(&pg, 3, ui_attr(ui, ROLE_DIM),
		    "* this week, so far.");

	ui_pager_blank(&pg);
	ui_pager_text(&pg, 1, ui_attr(ui, ROLE_TITLE), "Night by night");
	ui_pager_printf(&pg, 3, ui_attr(ui, ROLE_DIM), "Each mark is a night, "
	    "taller for more twitches (most: %lld); first the baseline, the "
	    "night before day 1; %s is a night not logged; after the week, "
	    "the nights that followed it.", t.max, SCREEN_TREND_NONE(ui));
	for (i = 0; i < t.nweeks; i++)
		screen_trend_row(&pg, &t, i, 3 + 10, ui->cols - 3 - 10 - 1);

	ui_pager_blank(&pg);
	ui_pager_text(&pg, 1, ui_attr(ui, ROLE_TITLE), "Week 1 and the latest");
	trend_compare_text(&t, &b);
	ui_pager_text(&pg, 3, A_NORMAL, b.data);
	buf_free(&b);
	if (t.weeks[0].baseline >= 0) {
		day_format(t.weeks[0].start - 1, d1);
		ui_pager_printf(&pg, 3, A_NORMAL, "Before it all, the night of "
		    "%s (week 1's baseline): %lld twitch%s.", d1,
		    t.weeks[0].baseline, t.weeks[0].baseline == 1 ? "" : "es");
	}
	ui_pager_blank(&pg);
	ui_pager_text(&pg, 1, ui_attr(ui, ROLE_DIM), "Twitches vary from night "
	    "to night for many reasons; the habits of the plan work over "
	    "weeks. This is not medical advice.");
	trend_free(&t);
	ui_pager_end(&pg, "q back  j/k scroll  r review (there [ ] weeks)");
}

/* On top: the archived weeks and every night since the first week's
 * baseline, read once. */
static void
screen_trend_top(struct ui *ui)
{
	struct app *app = ui->app;
	char       *cause = NULL;
	int         rc;

	ui_pager_top(ui);
	rc = app_need_week(app, 0, &cause);
	if (rc == 0 && app_week_count(app) > 0) {
		int until;

		rc = app_need(app, app_week(app, 1, &until)->start - 1, &cause);
		if (rc == 0)
			rc = app_need(app, app->today, &cause);
	}
	if (rc != 0) {
		ui_message(ui, true, "%s", cause);
		free(cause);
	}
}

const struct screen screen_trend = {
	.name = "trend",
	.hot_key = 'w',
	.state = &screen_trend_pager,
	.needs = PLAN_JOURNAL | PLAN_GUIDE,
	.top = screen_trend_top,
	.draw = screen_trend_draw,
	.key = ui_pager_key,
};
