/* The review screen: the week in review, drawn from the review the core
 * computes (struct review), afresh at every draw so it never outlives
 * the state it points into: the days, a chart of twitches per night, the
 * summary, the possible triggers, relaxation sessions, red flags and the
 * next steps. `winddown review` prints the same as text. */
#ifndef _XOPEN_SOURCE
#define _XOPEN_SOURCE 700
#endif
#include "ui.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "winddown/report.h"
#include "winddown/review.h"

#define SCREEN_REVIEW_TITLE_W 42 /* widest day title in the table */
#define SCREEN_REVIEW_BAR     48 /* longest bar of the chart */

static const char *const screen_review_wdays[] = { "Sun", "Mon", "Tue",
	"Wed", "Thu", "Fri", "Sat" };

/* How each plan day went, by enum day_status. */
static const struct {
	const char  *word;
	enum ui_role role;
} screen_review_status[] = {
	[DAY_DONE] = { "done", ROLE_GOOD },
	[DAY_PARTLY] = { "partly", ROLE_WARN },
	[DAY_MISSED] = { "missed", ROLE_WARN },
	[DAY_TODAY] = { "today", ROLE_ACCENT },
	[DAY_TO_COME] = { "to come", ROLE_DIM },
};

/* The pager first (ui_pager_key reads it), then the week shown. */
static struct screen_review_state {
	struct ui_pager pager;
	int             week; /* 1 = the first; 0: the current or last */
} screen_review_st;
/* Why the possible triggers are not shown (triggers.cfg failed), or "". */
static char screen_review_why[320];

/* "Mon 03-04" for a date. */
static void
screen_review_date(int date, char *out, size_t size)
{
	char d[11];

	day_format(date, d);
	snprintf(out, size, "%s %s", screen_review_wdays[day_weekday(date)],
	    d + 5);
}

static const char *
screen_review_s(int n)
{
	return n == 1 ? "" : "s";
}

static void
screen_review_heading(struct ui_page *pg, const char *title)
{
	ui_pager_blank(pg);
	ui_pager_text(pg, 0, ui_attr(pg->ui, ROLE_TITLE), title);
}

/* The plan days: number, date, title, steps ticked and how it went. */
static void
screen_review_days(struct ui_page *pg, const struct review *rv)
{
	struct ui *ui = pg->ui;
	char       d[16], n[32];
	int        i, row, x, tw;

	tw = ui->cols - 2 - 18 - 17;
	if (tw > SCREEN_REVIEW_TITLE_W)
		tw = SCREEN_REVIEW_TITLE_W;
	screen_review_heading(pg, "DAYS");
	for (i = 0; i < rv->ndays; i++) {
		const struct review_day *day = &rv->days[i];

		if ((row = ui_pager_line(pg)) < 0)
			continue;
		screen_review_date(day->date, d, sizeof d);
		snprintf(n, sizeof n, "%2d  %s", day->number, d);
		x = 3 + ui_put(row, 3, ui->cols - 4, A_NORMAL, n) + 2;
		ui_put(row, x, tw, A_NORMAL, rv->plan->days[i].title);
		x += tw + 2;
		snprintf(n, sizeof n, "%d/%d", day->done, day->total);
		x += ui_put(row, x, ui->cols - x - 1, A_NORMAL, n) + 2;
		ui_put(row, x, ui->cols - x - 1,
		    ui_attr(ui, screen_review_status[day->status].role),
		    screen_review_status[day->status].word);
	}
}

/* A bar of twitches per night, scaled to the widest night. */
static void
screen_review_chart(struct ui_page *pg, const struct review *rv)
{
	struct ui *ui = pg->ui;
	long long  max = rv->twitches_max, v, len, k, most;
	char       d[16], n[64];
	int        i, row, x;

	most = ui->cols - 2 - 14 - 8;
	if (most > SCREEN_REVIEW_BAR)
		most = SCREEN_REVIEW_BAR;
	screen_review_heading(pg, "TWITCHES PER NIGHT");
	if (rv->baseline.twitches > max)
		max = rv->baseline.twitches;
	for (i = -1; i < rv->ndays; i++) {
		const struct review_night *night = i < 0 ? &rv->baseline :
		    &rv->nights[i];
		const char                *none = NULL;

		/* The baseline leads the chart when it has a count. */
		if (i < 0 && night->twitches < 0)
			continue;
		if ((row = ui_pager_line(pg)) < 0)
			continue;
		screen_review_date(night->date, d, sizeof d);
		x = 3 + ui_put(row, 3, ui->cols - 4, A_NORMAL, d) + 2;
		if (night->status == REVIEW_MISSING)
			none = "(not logged)";
		else if (night->status == REVIEW_PENDING)
			none = "(not yet)";
		else if (night->twitches < 0)
			none = "(no count)";
		if (none != NULL) {
			ui_put(row, x, ui->cols - x - 1, ui_attr(ui, ROLE_DIM),
			    none);
			continue;
		}
		v = night->twitches;
		len = max <= most ? v : (v * most + max / 2) / max;
		if (v > 0 && len == 0)
			len = 1;
		move(row, x);
		attron(ui_attr(ui, ROLE_ACCENT));
		for (k = 0; k < len; k++)
			addstr(ui->g->bar_full);
		attroff(ui_attr(ui, ROLE_ACCENT));
		snprintf(n, sizeof n, "%lld%s", v, i < 0 ?
		    "  (baseline, before day 1)" : "");
		x += (int)len + (len > 0 ? 1 : 0);
		ui_put(row, x, ui->cols - x - 1, A_NORMAL, n);
	}
}

/* The summary: the core's sentences, one a paragraph, as every report
 * says them (nights, the baseline, twitches, bedtime, quality, sleep
 * efficiency, how little a week is). */
static void
screen_review_summary(struct ui_page *pg, const struct review *rv)
{
	struct buf b = { NULL, 0, 0 };
	char      *line, *next;

	screen_review_heading(pg, "SUMMARY");
	report_summary(rv, &b);
	for (line = b.data; line != NULL && *line != '\0'; line = next) {
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		else
			next = line + strlen(line);
		ui_pager_text(pg, 2, A_NORMAL, line);
	}
	buf_free(&b);
}

/* Each trigger rule: nights with and without it, and their twitches. */
static void
screen_review_triggers(struct ui_page *pg, const struct review *rv)
{
	char with[64] = "", without[64] = "", unknown[64] = "", x[32];
	int  i;

	if (rv->ntriggers > 0 || screen_review_why[0] != '\0')
		screen_review_heading(pg, "POSSIBLE TRIGGERS");
	if (screen_review_why[0] != '\0')
		ui_pager_text(pg, 2, A_NORMAL, screen_review_why);
	for (i = 0; i < rv->ntriggers; i++) {
		const struct review_trigger *t = &rv->triggers[i];

		with[0] = without[0] = unknown[0] = '\0';
		if (review_has(t->mean_twitches_with)) {
			report_dec(x, sizeof x, t->mean_twitches_with,
			    1);
			snprintf(with, sizeof with, " (%s twitches a night)",
			    x);
		}
		if (review_has(t->mean_twitches_without)) {
			report_dec(x, sizeof x, t->mean_twitches_without,
			    1);
			snprintf(without, sizeof without, " (%s)", x);
		}
		if (t->nights_unknown > 0)
			snprintf(unknown, sizeof unknown, "; %d night%s "
			    "without the data to tell", t->nights_unknown,
			    screen_review_s(t->nights_unknown));
		ui_pager_text(pg, 2, A_NORMAL, t->rule->label);
		ui_pager_printf(pg, 4, A_NORMAL, "%d night%s with%s, %d "
		    "without%s%s.", t->nights_with,
		    screen_review_s(t->nights_with), with, t->nights_without,
		    without, unknown);
	}
}

static void
screen_review_sessions(struct ui_page *pg, const struct review *rv)
{
	char d[16], len[32], rated[32];
	int  i;

	screen_review_heading(pg, "RELAXATION SESSIONS");
	if (rv->nsessions == 0)
		ui_pager_text(pg, 2, A_NORMAL, "None this week.");
	for (i = 0; i < rv->nsessions; i++) {
		const struct pmr_session *s = rv->sessions[i];

		screen_review_date(s->night, d, sizeof d);
		wd_duration(s->seconds, len, sizeof len);
		rated[0] = '\0';
		if (s->rating > 0)
			snprintf(rated, sizeof rated, "  rated %d/5",
			    s->rating);
		ui_pager_printf(pg, 2, A_NORMAL, "%s  %s  %d/%d groups  %s  "
		    "%s%s", d, plan_routine_name(rv->plan, s->routine),
		    s->done, s->total, len,
		    s->finished ? "finished" : "stopped early", rated);
	}
}

/* The answers, what they add up to, and what to tell a doctor. */
static void
screen_review_flags(struct ui_page *pg, const struct review *rv)
{
	const struct plan *p = rv->plan;
	char               d[11], title[64] = "RED FLAGS";
	const char        *result = "Every answer is no.";
	int                i;

	if (rv->week->flags_date > 0) {
		day_format(rv->week->flags_date, d);
		snprintf(title, sizeof title, "RED FLAGS (answered %s)", d);
	}
	screen_review_heading(pg, title);
	for (i = 0; i < rv->nflags; i++) {
		const struct review_flag *f = &rv->flags[i];

		ui_pager_printf(pg, 2, f->answer == 1 ? (int)A_BOLD :
		    (int)A_NORMAL, "%-3s %s",
		    f->answer == 1 ? "yes" : f->answer == 0 ? "no" : "-",
		    f->flag->question);
	}
	if (rv->flags_result == REVIEW_FLAGS_DOCTOR)
		result = "At least one answer is yes: worth talking over "
		    "with a doctor.";
	else if (rv->flags_result == REVIEW_FLAGS_INCOMPLETE)
		result = "Not every question is answered yet.";
	ui_pager_text(pg, 2, rv->flags_result == REVIEW_FLAGS_DOCTOR ?
	    (int)A_BOLD : (int)A_NORMAL, result);
	if (rv->flags_result != REVIEW_FLAGS_DOCTOR)
		return;
	if (p->doctor_advice != NULL)
		ui_pager_text(pg, 2, A_NORMAL, p->doctor_advice);
	if (p->doctor_tell != NULL)
		ui_pager_text(pg, 2, A_NORMAL, p->doctor_tell);
}

/* What to do next, the disclaimer and the source. */
static void
screen_review_end(struct ui_page *pg, const struct review *rv)
{
	const struct plan *p = rv->plan;
	int                dim = ui_attr(pg->ui, ROLE_DIM);

	screen_review_heading(pg, "NEXT STEPS");
	if (rv->final && rv->week->ended == 0)
		ui_pager_text(pg, 2, A_NORMAL, "Keep the habits that helped: "
		    "they build on each other. Keep logging nights to see more "
		    "of the pattern. Press N on the today screen (or run "
		    "'winddown restart') to begin a new week; this one stays "
		    "in the history.");
	else
		ui_pager_text(pg, 2, A_NORMAL, report_next_steps(rv));
	ui_pager_blank(pg);
	/* Always said, once: the plan's own disclaimer may say it. */
	if (p->disclaimer == NULL ||
	    strstr(p->disclaimer, "not medical advice") == NULL)
		ui_pager_text(pg, 0, dim, "This is not medical advice.");
	if (p->disclaimer != NULL)
		ui_pager_text(pg, 0, dim, p->disclaimer);
	if (p->source_title != NULL)
		ui_pager_printf(pg, 0, dim, "Source: \"%s\"%s%s.",
		    p->source_title, p->source_author != NULL ? " by " : "",
		    p->source_author != NULL ? p->source_author : "");
}

/* The number of the week shown: 1 = the first ever started. */
static int
screen_review_week(const struct ui *ui)
{
	int count = app_week_count(ui->app);

	if (screen_review_st.week >= 1 && screen_review_st.week <= count)
		return screen_review_st.week;
	return count;
}

static void
screen_review_draw(struct ui *ui, long long now)
{
	struct app        *app = ui->app;
	const struct week *w;
	struct review      rv;
	struct ui_page     pg;
	struct buf         b = { NULL, 0, 0 };
	char               d1[11], d2[11], title[64];
	int                n = screen_review_week(ui), count, until;

	(void)now;
	count = app_week_count(app);
	if ((w = app_week(app, n, &until)) == NULL) {
		w = &app->st.week;
		until = app->today;
	}
	review_compute(&rv, &app->plan, &app->st, w, w == &app->st.week ?
	    app->today : until);
	if (count > 1)
		snprintf(title, sizeof title, "Review of week %d of %d", n,
		    count);
	else
		snprintf(title, sizeof title, "Review of the week");
	pg = ui_pager_begin(ui, title);
	ui_pager_printf(&pg, 0, A_NORMAL, "Week review: %s", app->plan.title);
	day_format(rv.week->start, d1);
	day_format(w->ended != 0 ? until - 1 : rv.week->start + rv.ndays - 1,
	    d2);
	if (rv.today_number >= 1 && rv.today_number <= rv.ndays)
		ui_pager_printf(&pg, 0, A_NORMAL, "Week of %s to %s, day %d "
		    "of %d.", d1, d2, rv.today_number, rv.ndays);
	else
		ui_pager_printf(&pg, 0, A_NORMAL, "Week of %s to %s%s.", d1, d2,
		    w->ended != 0 ? " (archived)" : "");
	report_final_line(&rv, &b);
	ui_pager_text(&pg, 0, ui_attr(ui, rv.final ? ROLE_GOOD : ROLE_WARN),
	    b.data);
	buf_free(&b);
	screen_review_days(&pg, &rv);
	screen_review_chart(&pg, &rv);
	screen_review_summary(&pg, &rv);
	screen_review_triggers(&pg, &rv);
	screen_review_sessions(&pg, &rv);
	screen_review_flags(&pg, &rv);
	screen_review_end(&pg, &rv);
	review_free(&rv);
	ui_pager_end(&pg, count > 1 ? "q back  j/k scroll  [ ] weeks  "
	    "w trend  f red flags" : "q back  j/k scroll  space page  "
	    "w trend  f red flags");
}

/* Show week n (its nights read when first needed). */
static void
screen_review_go(struct ui *ui, int n)
{
	char *cause = NULL;

	if (n < 1 || n > app_week_count(ui->app)) {
		ui_message(ui, false, n < 1 ? "This is the first week." :
		    "This is the latest week.");
		return;
	}
	if (app_need_week(ui->app, n, &cause) != 0) {
		ui_message(ui, true, "%s", cause);
		free(cause);
		return;
	}
	screen_review_st.week = n;
	ui_pager_top(ui);
}

static bool
screen_review_key(struct ui *ui, int key, bool is_char, long long now)
{
	int n = screen_review_week(ui);

	if ((is_char && key == '[') || (!is_char && key == KEY_LEFT)) {
		screen_review_go(ui, n - 1);
		return true;
	}
	if ((is_char && key == ']') || (!is_char && key == KEY_RIGHT)) {
		screen_review_go(ui, n + 1);
		return true;
	}
	return ui_pager_key(ui, key, is_char, now);
}

/* On top: from the first line, with triggers.cfg read when first needed;
 * when it cannot be, the rest of the review is still shown. */
static void
screen_review_top(struct ui *ui)
{
	char *cause = NULL;

	ui_pager_top(ui);
	screen_review_why[0] = '\0';
	/* The archived weeks, for [ and ]: read once. */
	if (app_need_week(ui->app, 0, &cause) != 0) {
		ui_message(ui, true, "%s", cause);
		free(cause);
		cause = NULL;
	}
	/* For the routines' titles only: without pmr.cfg, their ids. */
	if (app_plan_need(ui->app, PLAN_PMR, &cause) != 0) {
		free(cause);
		cause = NULL;
	}
	if (app_plan_need(ui->app, PLAN_TRIGGERS, &cause) != 0) {
		wd_sanitize(cause, false);
		snprintf(screen_review_why, sizeof screen_review_why,
		    "Not shown: %s", cause);
		ui_message(ui, true, "%s", cause);
		free(cause);
	}
}

/* Shown afresh: the current week. */
static void
screen_review_enter(struct ui *ui, long long now)
{
	(void)ui;
	(void)now;
	screen_review_st.week = 0;
}

const struct screen screen_review = {
	.name = "review",
	.hot_key = 'r',
	.state = &screen_review_st,
	.needs = PLAN_JOURNAL | PLAN_GUIDE,
	.top = screen_review_top,
	.enter = screen_review_enter,
	.draw = screen_review_draw,
	.key = screen_review_key,
};
