/* The today screen: "Day N of 7", the week strip, today's task and its
 * checklist, the habits to keep doing, tonight's timeline and the tip. */
#ifndef _XOPEN_SOURCE
#define _XOPEN_SOURCE 700
#endif
#include "ui.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "winddown/day.h"
#include "winddown/journal.h"

#define TODAY_MAX_PENDING 32

/* A tick waiting to be saved (again, after a failed save), with the
 * week and the date it was made for: a week restarted elsewhere in the
 * meantime must not get it. */
struct today_tick {
	int  day, step;
	bool on;
	int  week_start; /* the date of the week's plan day 1 */
};

static struct screen_today_state {
	int               view;     /* plan day shown; 0: today */
	int               cursor;   /* the selected step */
	bool              bedtime;  /* typing a bedtime */
	bool              fresh;    /* input still the saved bedtime */
	char              input[8];
	bool              confirm_restart;
	struct today_tick pending[TODAY_MAX_PENDING];
	int               npending;
	bool              week_changed; /* found by the last save */
} today;

static const char *const screen_today_wdays[] = { "Sun", "Mon", "Tue", "Wed",
	"Thu", "Fri", "Sat" };

/* The plan day on screen, within 1..ndays. */
static int
screen_today_view(const struct ui *ui)
{
	int n = app_day(ui->app), nd = ui->app->plan.ndays;

	if (today.view > 0)
		return today.view;
	if (n < 1)
		return 1;
	return n > nd ? nd : n;
}

int
screen_today_day(const struct ui *ui)
{
	return screen_today_view(ui);
}

/* The plan day whose checklist is on screen: the day viewed, or after
 * the week (and not looking back at its days) today's habit day. */
static int
screen_today_shown(const struct ui *ui)
{
	int n = app_day(ui->app);

	if (n > ui->app->plan.ndays && today.view == 0 &&
	    ui->app->plan.nhabits > 0)
		return n;
	return screen_today_view(ui);
}

static void
screen_today_enter(struct ui *ui, long long now)
{
	(void)ui;
	(void)now;
	today.view = 0;
	today.cursor = 0;
}

/* Is the night of evening `date` logged (with any value)? */
static bool
screen_today_logged(struct app *app, int date)
{
	const struct night *n;
	char               *cause = NULL;

	/* Its month may not be read yet (the coach reads the week's
	 * nights after its first frame); a file that cannot be read is
	 * reported then. */
	if (app_need(app, date, &cause) != 0) {
		free(cause);
		return true;
	}
	n = state_night(&app->st, date);
	return n != NULL && n->kv.n > 0;
}

/* What the coach asks first. Day 1's morning: last night, the week's
 * baseline. Day 7: the review (not final yet), after the red-flag
 * questions while they are unanswered. Day 8: the same, and on its
 * morning first night 7, so the review it shows is the final one. From
 * day 9 on: the habits, here. */
static void
screen_today_start(struct ui *ui, long long now)
{
	struct app *app = ui->app;
	int         n = app_day(app), nd = app->plan.ndays;
	int         last = app_journal_night(app);

	if (n == 1 && last == app->st.week.start - 1 &&
	    !screen_today_logged(app, last)) {
		ui_show(ui, &screen_journal, now);
		ui_message(ui, false, "How was last night? It is the week's "
		    "baseline, its \"before\". Esc skips.");
		return;
	}
	if (n < nd || n > nd + 1)
		return;
	ui_show(ui, &screen_review, now);
	if (app->st.week.flags_date == 0)
		ui_show(ui, &screen_flags, now);
	if (n == nd + 1 && last == app->st.week.start + nd - 1 &&
	    !screen_today_logged(app, last)) {
		ui_show(ui, &screen_journal, now);
		ui_message(ui, false, "Last night was night %d, the week's "
		    "last: log it for the final review. Esc skips.", nd);
	}
}

static int
screen_today_apply_pending(struct state *st, void *ctx, char **cause)
{
	struct app *app = ctx;
	int         i;

	today.week_changed = false;
	if (!st->started)
		state_start_week(st, app->today, app->plan.id);
	for (i = 0; i < today.npending; i++) {
		if (st->week.start != today.pending[i].week_start) {
			today.week_changed = true;
			return wd_fail(cause, EX_TEMPFAIL, "a new week was "
			    "started elsewhere");
		}
	}
	for (i = 0; i < today.npending; i++)
		state_tick(st, today.pending[i].day, today.pending[i].step,
		    today.pending[i].on, app_clock_wall());
	return 0;
}

/* Save the pending ticks; on failure keep them, shown in memory. When
 * the week they were made for is no longer the current one, drop them,
 * read the state again and say so. */
static void
screen_today_save(struct ui *ui)
{
	char *cause = NULL, d[11];
	int   i, rc, day;

	if (today.npending == 0)
		return;
	rc = app_update(ui->app, screen_today_apply_pending, ui->app, &cause);
	if (rc == 0) {
		today.npending = 0;
		ui->exit_error[0] = '\0';
		return;
	}
	if (today.week_changed) {
		free(cause);
		day = today.pending[0].day;
		today.npending = 0;
		today.week_changed = false;
		ui->exit_error[0] = '\0';
		ui_reload(ui);
		today.view = 0;
		today.cursor = 0;
		day_format(ui->app->st.week.start, d);
		ui_message(ui, true, "Not ticked (day %d of the old week): a "
		    "new week started elsewhere on %s.", day, d);
		return;
	}
	for (i = 0; i < today.npending; i++)
		state_tick(&ui->app->st, today.pending[i].day,
		    today.pending[i].step, today.pending[i].on,
		    app_clock_wall());
	ui_message(ui, true, "Not saved (s retries): %s", cause);
	snprintf(ui->exit_error, sizeof ui->exit_error, "ticks not saved: %s",
	    cause);
	free(cause);
}

struct screen_today_restart {
	struct app *app;
	int         week_start; /* the week the question was about */
	long long   now;
};

/* Archive the week the coach showed and start one today; not when
 * another winddown has already started a new one. */
static int
screen_today_apply_restart(struct state *st, void *ctx, char **cause)
{
	struct screen_today_restart *r = ctx;

	today.week_changed = false;
	if (st->started && st->week.start != r->week_start) {
		today.week_changed = true;
		return wd_fail(cause, EX_TEMPFAIL, "a new week was started "
		    "elsewhere");
	}
	state_restart(st, r->app->today, r->app->plan.id, r->now);
	return 0;
}

static int
screen_today_restart(struct ui *ui, char **cause)
{
	struct screen_today_restart r = { ui->app, ui->app->st.week.start,
		app_clock_wall() };

	return app_update(ui->app, screen_today_apply_restart, &r, cause);
}

/* On the way out (q or a signal): one more try for unsaved ticks. */
static void
screen_today_save_hook(struct ui *ui, long long now)
{
	(void)now;
	if (today.npending > 0)
		screen_today_save(ui);
	if (today.npending == 0)
		ui->exit_error[0] = '\0';
}

static void
screen_today_toggle(struct ui *ui, int day, int step)
{
	bool on = !state_ticked(&ui->app->st, day, step);

	if (today.npending == TODAY_MAX_PENDING) {
		ui_message(ui, true, "Too many unsaved ticks: press s to retry "
		    "saving first");
		return;
	}
	today.pending[today.npending].day = day;
	today.pending[today.npending].step = step;
	today.pending[today.npending].on = on;
	today.pending[today.npending].week_start = ui->app->st.week.start;
	today.npending++;
	screen_today_save(ui);
}

struct screen_today_bedtime {
	int minutes;
};

static int
screen_today_apply_bedtime(struct state *st, void *ctx, char **cause)
{
	(void)cause;
	st->settings.bedtime = ((struct screen_today_bedtime *)ctx)->minutes;
	return 0;
}

/* Keys while typing a bedtime. */
static bool
screen_today_bedtime_key(struct ui *ui, int key, bool is_char)
{
	struct screen_today_bedtime c;
	size_t                n = strlen(today.input);
	char                 *cause = NULL;

	if (is_char && (key == '\r' || key == '\n')) {
		if ((c.minutes = hhmm_parse(today.input)) < 0) {
			ui_message(ui, true, "'%s' is not a time; use HH:MM, "
			    "e.g. 22:30", today.input);
			return true;
		}
		today.bedtime = false;
		if (app_update(ui->app, screen_today_apply_bedtime, &c,
		    &cause) != 0) {
			ui_message(ui, true, "Not saved: %s", cause);
			free(cause);
		} else
			ui_message(ui, false, "Bedtime set to %s.",
			    today.input);
	} else if (is_char && key == 27)
		today.bedtime = false;
	else if ((is_char && (key == 127 || key == 8)) ||
	    (!is_char && key == KEY_BACKSPACE)) {
		today.fresh = false;
		if (n > 0)
			today.input[n - 1] = '\0';
	} else if (is_char && ((key >= '0' && key <= '9') || key == ':')) {
		if (today.fresh)
			today.input[n = 0] = '\0';
		today.fresh = false;
		if (n < 5) {
			today.input[n] = (char)key;
			today.input[n + 1] = '\0';
		}
	}
	return true;
}

static bool
screen_today_key(struct ui *ui, int key, bool is_char, long long now)
{
	struct app *app = ui->app;
	int         view = screen_today_shown(ui), n = app_day(app);
	int         steps = plan_day_steps(&app->plan, view), rc;
	char       *cause = NULL, d[11];

	(void)now;
	if (today.bedtime)
		return screen_today_bedtime_key(ui, key, is_char);
	if (today.confirm_restart) {
		today.confirm_restart = false;
		if (is_char && (key == 'y' || key == 'Y')) {
			rc = screen_today_restart(ui, &cause);
			if (rc != 0 && today.week_changed) {
				free(cause);
				today.week_changed = false;
				ui_reload(ui);
				today.view = 0;
				today.cursor = 0;
				day_format(app->st.week.start, d);
				ui_message(ui, true, "Not restarted: a new week "
				    "was already started elsewhere on %s.", d);
			} else if (rc != 0) {
				ui_message(ui, true, "Not saved: %s", cause);
				free(cause);
			} else {
				today.view = 0;
				today.cursor = 0;
				ui_message(ui, false, "A new week starts "
				    "today. Earlier weeks are kept.");
			}
		}
		return true;
	}
	if (!is_char) {
		switch (key) {
		case KEY_UP:
			if (today.cursor > 0)
				today.cursor--;
			return true;
		case KEY_DOWN:
			if (today.cursor + 1 < steps)
				today.cursor++;
			return true;
		case KEY_LEFT:
			/* From "week complete", the last day comes first. */
			if (n > app->plan.ndays && today.view == 0)
				today.view = app->plan.ndays;
			else if (view > 1)
				today.view = view - 1;
			today.cursor = 0;
			return true;
		case KEY_RIGHT:
			if (view < n && view < app->plan.ndays)
				today.view = view + 1;
			else if (n > app->plan.ndays)
				today.view = 0; /* back to "week complete" */
			today.cursor = 0;
			return true;
		case KEY_ENTER:
			break;
		default:
			return false;
		}
		key = '\n';
	}
	switch (key) {
	case 'k':
		if (today.cursor > 0)
			today.cursor--;
		return true;
	case 'j':
		if (today.cursor + 1 < steps)
			today.cursor++;
		return true;
	case ' ':
	case '\n':
	case '\r':
		if (n < 1) {
			ui_message(ui, true, "Your week has not started yet.");
			return true;
		}
		if (view > n) {
			ui_message(ui, true, "That day is still to come.");
			return true;
		}
		screen_today_toggle(ui, view, today.cursor + 1);
		return true;
	case 's':
		if (today.npending > 0)
			screen_today_save(ui);
		return true;
	case 'b':
		/* The prompt starts with the bedtime set; typing replaces
		 * it, backspace edits it. */
		today.bedtime = true;
		today.fresh = true;
		hhmm_format(app->st.settings.bedtime, today.input);
		return true;
	case 'N':
		if (app->st.started && app->st.week.start == app->today) {
			ui_message(ui, false, "This week began today: nothing "
			    "to restart.");
			return true;
		}
		today.confirm_restart = true;
		return true;
	default:
		return false;
	}
}

/* The week strip: one cell a day. */
static void
screen_today_draw_strip(struct ui *ui, int y, int x)
{
	struct app *app = ui->app;
	int         i, n = app_day(app), view = screen_today_view(ui);
	char        cell[16];

	for (i = 0; i < app->plan.ndays && x < ui->cols - 1; i++) {
		int             d = i + 1;
		enum day_status s = day_status(d, n, state_day_ticks(&app->st,
		    d), app->plan.days[i].nsteps);
		const char     *g = s == DAY_DONE ? ui->g->done :
		    s == DAY_PARTLY ? ui->g->partly : s == DAY_MISSED ?
		    ui->g->missed : s == DAY_TODAY ? ui->g->today :
		    ui->g->to_come;
		int             attr = s == DAY_DONE ? ui_attr(ui, ROLE_GOOD) :
		    s == DAY_TODAY ? ui_attr(ui, ROLE_ACCENT) :
		    s == DAY_TO_COME ? ui_attr(ui, ROLE_DIM) :
		    ui_attr(ui, ROLE_WARN);

		if (d == view)
			attr |= A_UNDERLINE;
		snprintf(cell, sizeof cell, "%d%s", d, g);
		x += ui_put(y, x, ui->cols - x, attr, cell) + 1;
	}
}

/* Put s in w columns, ending with an ellipsis when it does not fit. */
static void
screen_today_put_cut(const struct ui *ui, int y, int x, int w, int attr,
    const char *s)
{
	const char *dots = ui->utf8 ? "\u2026" : ".";

	if (ui_width(s) <= w)
		ui_put(y, x, w, attr, s);
	else
		ui_put(y, x + ui_put(y, x, w - 1, attr, s), 1, attr, dots);
}

/* The first sentence of the plan's disclaimer, in out. */
static const char *
screen_today_disclaimer(const char *text, char *out, size_t size)
{
	const char *e = text != NULL ? strstr(text, ". ") : NULL;
	size_t      n;

	if (text == NULL)
		return "";
	n = e != NULL ? (size_t)(e - text) + 1 : strlen(text);
	if (n >= size)
		n = size - 1;
	memcpy(out, text, n);
	out[n] = '\0';
	return out;
}

/* Columns the week strip takes. */
static int
screen_today_strip_width(const struct ui *ui)
{
	char cell[16];
	int  i, w = 0;

	for (i = 0; i < ui->app->plan.ndays; i++) {
		snprintf(cell, sizeof cell, "%d%s", i + 1, ui->g->to_come);
		w += ui_width(cell) + 1;
	}
	return w;
}

static void
screen_today_draw_week_done(struct ui *ui, int y)
{
	char d[11], text[400];

	day_format(ui->app->st.week.start + ui->app->plan.ndays - 1, d);

	snprintf(text, sizeof text, "The plan ended on %s. Press r for the "
	    "review of what changed, f for the red-flag questions, or N to "
	    "start a new week (earlier weeks are kept); left and right show "
	    "the days. Keep the habits going: they are listed below.", d);
	ui_wrap(y, 2, ui->cols - 4, 3, ui_attr(ui, ROLE_TITLE),
	    "Your week is complete.");
	ui_wrap(y + 2, 2, ui->cols - 4, 5, A_NORMAL, text);
}

/* The checklist of plan day `day` (its steps, or a habit day's habits)
 * from row y, the cursor's line marked; returns the row after it. */
static int
screen_today_draw_checklist(struct ui *ui, int y, int day)
{
	const struct plan *p = &ui->app->plan;
	char               line[400];
	int                i, k, steps = plan_day_steps(p, day);

	for (i = 0; i < steps && y < ui->lines - 2; i++) {
		bool ticked = state_ticked(&ui->app->st, day, i + 1);
		int  attr = i == today.cursor ? ui_attr(ui, ROLE_SELECT) :
		    (int)A_NORMAL;

		snprintf(line, sizeof line, " %s %s", ticked ? ui->g->ticked :
		    ui->g->unticked, plan_step_text(p, day, i + 1));
		move(y, 1);
		attron(attr);
		for (k = 1; k < ui->cols - 1; k++)
			addch(' ');
		attroff(attr);
		ui_put(y, 1, ui->cols - 2, attr | (ticked ?
		    ui_attr(ui, ROLE_GOOD) : 0), line);
		y++;
	}
	return y;
}

/* After the week: today's habits as a checklist, and what else there
 * is (the review, the days, another week when wanted). */
static int
screen_today_draw_habits(struct ui *ui, int y, int day)
{
	struct app *app = ui->app;
	char        d[11], line[400];

	day_format(app->st.week.start + app->plan.ndays - 1, d);
	snprintf(line, sizeof line, "Today, habit day %d: keep the habits "
	    "going", day);
	ui_put(y++, 1, ui->cols - 2, ui_attr(ui, ROLE_TITLE), line);
	snprintf(line, sizeof line, "The week ended on %s. Tick what you "
	    "kept today. r: the week's review, w: the trend, left: its days, "
	    "N: another week when you want one (earlier weeks are kept).", d);
	y += ui_wrap(y, 1, ui->cols - 2, ui->lines < 24 ? 2 : 3,
	    ui_attr(ui, ROLE_DIM), line);
	return screen_today_draw_checklist(ui, y, day);
}

/* At 120x40 and larger: rows kept above the disclaimer for last night's
 * entry, tonight's relaxation sessions and the trend of the twitches. */
#define TODAY_ROOM_COLS  120
#define TODAY_ROOM_LINES 40
#define TODAY_ROOM_ROWS  9

/* Last night's journal entry, one field a row, in the plan's order. */
static void
screen_today_room_night(struct ui *ui, int y, int x, int w, int h)
{
	struct app         *app = ui->app;
	const struct night *nt = state_night(&app->st, app->today - 1);
	static bool         tried;
	char                d[11], line[400], *cause = NULL, *v;
	int                 i, row = 0;

	day_format(app->today - 1, d);
	snprintf(line, sizeof line, "Last night (%s %s)",
	    screen_today_wdays[day_weekday(app->today - 1)], d + 5);
	ui_put(y, x, w, ui_attr(ui, ROLE_TITLE), line);
	if (nt == NULL || nt->kv.n == 0) {
		ui_wrap(y + 1, x, w, h - 1, ui_attr(ui, ROLE_DIM),
		    "Not logged yet: l opens the journal.");
		return;
	}
	if (!tried && !(app->plan.parts & PLAN_JOURNAL)) {
		tried = true;
		if (app_plan_need(app, PLAN_JOURNAL, &cause) != 0)
			free(cause);
	}
	for (i = 0; i < nt->kv.n && row < h - 1; i++) {
		const struct journal_field *f = plan_field(&app->plan,
		    nt->kv.v[i].name);

		v = journal_format(&nt->kv.v[i]);
		snprintf(line, sizeof line, "%s: %s", f != NULL ? f->prompt :
		    nt->kv.v[i].name, v);
		free(v);
		screen_today_put_cut(ui, y + 1 + row++, x, w, A_NORMAL, line);
	}
}

/* Tonight's relaxation sessions. */
static void
screen_today_room_sessions(struct ui *ui, int y, int x, int w, int h)
{
	struct app *app = ui->app;
	static bool tried;
	char        line[200], *cause = NULL;
	int         i, row = 0;

	ui_put(y, x, w, ui_attr(ui, ROLE_TITLE), "Relaxation tonight");
	/* The routines' titles; their ids when pmr.cfg cannot be read. */
	if (!tried && !(app->plan.parts & PLAN_PMR)) {
		tried = true;
		if (app_plan_need(app, PLAN_PMR, &cause) != 0)
			free(cause);
	}
	for (i = 0; i < app->st.nsessions && row < h - 1; i++) {
		const struct pmr_session *ps = &app->st.sessions[i];
		const struct pmr_routine *r;

		if (ps->night != app->today)
			continue;
		r = plan_routine(&app->plan, ps->routine);
		snprintf(line, sizeof line, "%s: %d of %d groups, %d min%s",
		    r != NULL ? r->title : ps->routine, ps->done, ps->total,
		    (ps->seconds + 30) / 60, ps->finished ? ", finished" : "");
		screen_today_put_cut(ui, y + 1 + row++, x, w, A_NORMAL, line);
	}
	if (row == 0)
		ui_wrap(y + 1, x, w, h - 1, ui_attr(ui, ROLE_DIM),
		    "None yet: p starts one.");
}

/* The twitches of the week's nights so far, and which way they go. */
static void
screen_today_room_trend(struct ui *ui, int y, int x, int w, int h)
{
	struct app *app = ui->app;
	struct buf  b = { NULL, 0, 0 };
	long long   v, first = -1, last = -1;
	int         date, n = 0;

	ui_put(y, x, w, ui_attr(ui, ROLE_TITLE), "Twitches a night");
	buf_add(&b, "", 0);
	for (date = app->st.week.start - 1; date < app->today; date++) {
		const struct night *nt = state_night(&app->st, date);

		if (nt == NULL || !journal_number(&nt->kv, "twitches", &v))
			continue;
		buf_printf(&b, "%s%s %lld", n > 0 ? "  " : "",
		    screen_today_wdays[day_weekday(date)], v);
		if (first < 0)
			first = v;
		last = v;
		n++;
	}
	if (n < 2) {
		ui_wrap(y + 1, x, w, h - 1, ui_attr(ui, ROLE_DIM),
		    "A trend shows once two nights are logged.");
		free(b.data);
		return;
	}
	y += 1 + ui_wrap(y + 1, x, w, h - 2, A_NORMAL, b.data);
	ui_put(y, x, w, ui_attr(ui, ROLE_DIM), last < first ? "Fewer than "
	    "on the first night." : last > first ? "More than on the first "
	    "night." : "The same as on the first night.");
	free(b.data);
}

/* The extra rows of a large terminal: three columns under a line. */
static void
screen_today_room(struct ui *ui, int y)
{
	int w = (ui->cols - 4) / 3, h = TODAY_ROOM_ROWS - 1;

	mvhline(y++, 0, 0, ui->cols);
	screen_today_room_night(ui, y, 1, w, h);
	screen_today_room_sessions(ui, y, 2 + w, w, h);
	screen_today_room_trend(ui, y, 3 + 2 * w, ui->cols - 4 - 2 * w, h);
}

static void
screen_today_draw(struct ui *ui, long long now)
{
	struct app            *app = ui->app;
	struct timeline_entry  tl[64];
	const struct plan_day *d;
	char                   date[11], head[96], t[6], u[6], line[800];
	int                    n = app_day(app), view = screen_today_view(ui);
	int                    shown = screen_today_shown(ui);
	int                    y, i, nt, left, right, rx, keep_y, maxy;
	int                    tip_rows, hab_end;
	char                  *tip;

	(void)now;
	day_format(app->today, date);
	if (n >= 1 && n <= app->plan.ndays)
		snprintf(head, sizeof head, "Day %d of %d", n, app->plan.ndays);
	else if (n > app->plan.ndays && app->plan.nhabits > 0)
		snprintf(head, sizeof head, "Habit day %d", n);
	else if (n > app->plan.ndays)
		snprintf(head, sizeof head, "Week complete");
	else
		snprintf(head, sizeof head, "Starts soon");
	i = ui_put(0, 1, 20, ui_attr(ui, ROLE_TITLE), head);
	snprintf(line, sizeof line, "  %s %s", screen_today_wdays[
	    day_weekday(app->today)], date);
	ui_put(0, 1 + i, 20, ui_attr(ui, ROLE_DIM), line);
	screen_today_draw_strip(ui, 0, ui->cols - screen_today_strip_width(ui));
	mvhline(1, 0, 0, ui->cols);

	d = &app->plan.days[view - 1];
	y = 2;
	if (shown > app->plan.ndays)
		y = screen_today_draw_habits(ui, y, shown);
	else if (n > app->plan.ndays && today.view == 0) {
		screen_today_draw_week_done(ui, y);
		y += 8;
	} else {
		snprintf(line, sizeof line, "%s %d: %s", view == n ?
		    "Today, day" : "Day", view, d->title);
		ui_put(y++, 1, ui->cols - 2, ui_attr(ui, ROLE_TITLE), line);
		y += ui_wrap(y, 1, ui->cols - 2, 3, A_NORMAL, d->task);
		/* Short of rows, the why gives one up to the tip. */
		y += ui_wrap(y, 1, ui->cols - 2, ui->lines < 24 ? 2 : 3,
		    ui_attr(ui, ROLE_DIM), d->why);
		y = screen_today_draw_checklist(ui, y, view);
	}
	mvhline(y++, 0, 0, ui->cols);

	/* Keep doing, then the tip (left); tonight's timeline (right),
	 * always ending at bedtime; the disclaimer above the footer. */
	maxy = ui->lines - 2;
	screen_today_put_cut(ui, maxy, 1, ui->cols - 2, ui_attr(ui, ROLE_DIM),
	    screen_today_disclaimer(app->plan.disclaimer, line, sizeof line));
	if (ui->cols >= TODAY_ROOM_COLS && ui->lines >= TODAY_ROOM_LINES) {
		maxy -= TODAY_ROOM_ROWS;
		screen_today_room(ui, maxy);
	}
	keep_y = y;
	right = ui->cols / 2 - 2 < 36 ? ui->cols / 2 - 2 : 36;
	left = ui->cols - right - 4;
	rx = left + 3;
	y++;
	/* The tip keeps up to four rows (its safety clause comes first);
	 * the habits take the rest, with a count of what is left out. */
	tip = NULL;
	tip_rows = 0;
	if (d->tip != NULL && n <= app->plan.ndays) {
		tip = xasprintf("Tip: %s", d->tip);
		tip_rows = ui_wrap(0, 0, left, -1, 0, tip);
		if (tip_rows > 4)
			tip_rows = 4;
		if (tip_rows > maxy - y)
			tip_rows = maxy - y;
	}
	hab_end = maxy - tip_rows - (tip_rows > 0 ? 1 : 0);
	if (view > 1 && hab_end <= y) {
		snprintf(line, sizeof line, "Keep doing (%d, i)", view - 1);
		ui_put(keep_y, 1, left, ui_attr(ui, ROLE_TITLE), line);
	} else
		ui_put(keep_y, 1, left, ui_attr(ui, ROLE_TITLE), "Keep doing");
	for (i = 0; i < view - 1 && i < app->plan.ndays && y < hab_end; i++) {
		if (y == hab_end - 1 && view - 1 - i > 1) {
			snprintf(line, sizeof line, "%s %d more (i)",
			    ui->utf8 ? "\u2026" : "...", view - 1 - i);
			ui_put(y++, 1, left, ui_attr(ui, ROLE_DIM), line);
			break;
		}
		snprintf(line, sizeof line, "%d %s %s", i + 1, ui->g->dot,
		    app->plan.days[i].title);
		screen_today_put_cut(ui, y++, 1, left, A_NORMAL, line);
	}
	if (view == 1 && y < hab_end)
		y += ui_wrap(y, 1, left, hab_end - y, ui_attr(ui, ROLE_DIM),
		    "Habits from earlier days show here.");
	if (tip != NULL && tip_rows > 0) {
		if (y < hab_end + 1 && y > keep_y + 1)
			y++;
		ui_wrap(y, 1, left, maxy - y, ui_attr(ui, ROLE_DIM), tip);
	}
	free(tip);
	y = keep_y;
	ui_put(y++, rx, right, ui_attr(ui, ROLE_TITLE), "Tonight (b: bedtime)");
	nt = plan_timeline(&app->plan, view, app->st.settings.bedtime, tl,
	    (int)WD_NELEM(tl));
	for (i = 0; i < nt && y < maxy; i++) {
		/* Short of rows: say how many are left out, end at bed. */
		if (maxy - y == 2 && nt - i > 2) {
			snprintf(line, sizeof line, "%s %d more (i)",
			    ui->utf8 ? "\u2026" : "...", nt - 1 - i);
			ui_put(y++, rx, right, ui_attr(ui, ROLE_DIM), line);
			i = nt - 1;
		}
		hhmm_format(tl[i].at, t);
		if (tl[i].until >= 0) {
			hhmm_format(tl[i].until, u);
			snprintf(line, sizeof line, "%s-%s %s", t, u,
			    tl[i].label);
		} else
			snprintf(line, sizeof line, "%s %s", t,
			    tl[i].label != NULL ? tl[i].label : "Bedtime");
		screen_today_put_cut(ui, y++, rx, right, tl[i].label == NULL ?
		    ui_attr(ui, ROLE_ACCENT) : (int)A_NORMAL, line);
	}
	if (today.bedtime) {
		/* The prompt, and why the last entry was refused. */
		snprintf(line, sizeof line, "Target bedtime (HH:MM): %s%s%s",
		    today.input, ui->message[0] != '\0' ? "   " : "",
		    ui->message);
		move(ui->lines - 1, 0);
		clrtoeol();
		ui_put(ui->lines - 1, 0, ui->cols, ui_attr(ui, ROLE_ACCENT),
		    line);
		return;
	}
	if (today.confirm_restart) {
		move(ui->lines - 1, 0);
		clrtoeol();
		ui_put(ui->lines - 1, 0, ui->cols, ui_attr(ui, ROLE_ALERT),
		    "Start a new week today? Earlier weeks are kept. y/n");
		return;
	}
	ui_footer(ui, "space tick  i more  p relax  l journal  r review  "
	    "d tips  ? keys  q quit");
}

const struct screen screen_today = {
	.name = "today",
	.hot_key = 't',
	.state = &today,
	.start = screen_today_start,
	.enter = screen_today_enter,
	.draw = screen_today_draw,
	.key = screen_today_key,
	.save = screen_today_save_hook,
	.reload = true,
};
