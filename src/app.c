/* The program around the core: where the plan and state live, opening
 * them in the order that reports a broken file before the terminal is
 * touched, the history each command needs, and the changes every part
 * of the program makes the same way. The only reader of the environment
 * and, with the screens, of the clock. */
#ifndef _XOPEN_SOURCE
#define _XOPEN_SOURCE 700
#endif
#include "app.h"

#include <errno.h>
#include <limits.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sysexits.h>
#include <time.h>
#include <unistd.h>

#include "winddown/day.h"
#include "winddown/journal.h"
#include "winddown/remind.h"
#include "winddown/util.h"

#ifndef WD_PLANDIR
#define WD_PLANDIR "/usr/local/share/winddown/plans"
#endif

void
app_warn(const char *fmt, ...)
{
	va_list ap;
	char   *msg;

	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	wd_sanitize(msg, false); /* file text must not drive the terminal */
	fprintf(stderr, "winddown: %s\n", msg);
	free(msg);
}

int
app_usage(const char *fmt, ...)
{
	va_list ap;

	fputs("winddown: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs("\nTry 'winddown --help' for more information.\n", stderr);
	return EX_USAGE;
}

/* The XDG base directory lookup, the program's one: file under $var
 * when that is an absolute path, else under $HOME/fallback; NULL when
 * neither is set. */
static char *
app_xdg_path(const char *var, const char *fallback, const char *file)
{
	const char *xdg = getenv(var);
	const char *home = getenv("HOME");

	if (xdg != NULL && xdg[0] == '/')
		return xasprintf("%s/%s", xdg, file);
	if (home != NULL && home[0] != '\0')
		return xasprintf("%s/%s/%s", home, fallback, file);
	return NULL;
}

/* The bundled plans: beside the binary in a checkout, relative to an
 * installed binary, or the directory compiled in. */
static char *
app_bundled_plan_dir(void)
{
	char        exe[PATH_MAX], *slash, *try, *real;
	struct stat sb;
	ssize_t     n;

	n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n > 0) {
		exe[n] = '\0';
		if ((slash = strrchr(exe, '/')) != NULL) {
			*slash = '\0';
			try = xasprintf("%s/plans/seven-day.cfg", exe);
			if (stat(try, &sb) == 0) {
				free(try);
				return xasprintf("%s/plans", exe);
			}
			free(try);
			try = xasprintf("%s/../share/winddown/plans", exe);
			if ((real = realpath(try, NULL)) != NULL) {
				free(try);
				return real;
			}
			free(try);
		}
	}
	return xstrdup(WD_PLANDIR);
}

void
app_init(struct app *app)
{
#ifdef __GLIBC__
	/* A command lives for milliseconds: keep freed heap instead of
	 * giving it back. Each parse's memory check (cfg_reserve) frees
	 * its pieces just before libconfig allocates as much again; a trim
	 * there cost brk calls and the page faults again. */
	mallopt(M_TRIM_THRESHOLD, 64 * 1024 * 1024);
#endif
	memset(app, 0, sizeof *app);
	app->tense = app->release = app->settle = -1;
	app->speak = app->tones = -1;
	app->date_back = -1;
}

void
app_find_plan(struct app *app)
{
	if (app->plan_dir != NULL)
		return; /* --plan-dir: no overrides */
	app->plan_dir = app_bundled_plan_dir();
	app->override_dir = app_xdg_path("XDG_CONFIG_HOME", ".config",
	    "winddown/plans");
}

struct state_span
app_history_span(const struct app *app, enum app_history h)
{
	const struct state *st = &app->st;
	int                 from = app->today - 1, to = app->today;
	int                 end = st->week.start + app->plan.ndays - 1;
	struct state_span   s;

	switch (h) {
	case APP_HISTORY_ALL:
		return state_span_all();
	case APP_HISTORY_WEEKS:
		s = state_span_none();
		s.weeks = true;
		return s;
	case APP_HISTORY_TODAY:
		return state_span_dates(app->today, app->today);
	case APP_HISTORY_WEEK:
		/* With its baseline, the night before day 1. */
		if (st->started)
			return state_span_dates(st->week.start - 1, end);
		return state_span_dates(from, to);
	case APP_HISTORY_EVENINGS:
		/* The week (for the review) and the last two evenings. */
		if (st->started) {
			from = st->week.start - 1 < from ? st->week.start - 1 :
			    from;
			to = end > to ? end : to;
		}
		return state_span_dates(from, to);
	case APP_HISTORY_NONE:
		break;
	}
	return state_span_none(); /* the week, settings: the main file */
}

/* The moment the commands act at: the clock, or the evening of --date,
 * at the clock's time of day or at --time. */
static int
app_set_clock(struct app *app, const char *hhmm)
{
	struct tm tm;
	time_t    now = (time_t)app->now;
	int       minute, date, y, m, d;

	memset(&tm, 0, sizeof tm);
	if (localtime_r(&now, &tm) == NULL)
		memset(&tm, 0, sizeof tm);
	minute = tm.tm_hour * 60 + tm.tm_min;
	if (hhmm == NULL && !app->dated) {
		app->local = remind_time(day_from_ymd(tm.tm_year + 1900,
		    tm.tm_mon + 1, tm.tm_mday), minute);
		return 0;
	}
	if (hhmm != NULL && (minute = hhmm_parse(hhmm)) < 0) {
		app_warn("'%s' is not a time (use HH:MM, 00:00-23:59)", hhmm);
		return EX_USAGE;
	}
	/* On the evening of today: before the rollover, the next morning. */
	date = app->today + (minute < app->st.settings.rollover * 60);
	app->local = remind_time(date, minute);
	if (hhmm == NULL)
		return 0;
	day_to_ymd(date, &y, &m, &d);
	memset(&tm, 0, sizeof tm);
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	tm.tm_hour = minute / 60;
	tm.tm_min = minute % 60;
	tm.tm_isdst = -1;
	if ((now = mktime(&tm)) != (time_t)-1)
		app->now = (long long)now;
	return 0;
}

/* Read the history of app->span with the state's checks against the
 * plan. A side file that cannot be read may be moved aside when the
 * user says so (interactive): then a declined offer returns -EXIT_CODE,
 * having said why. Else 0, or EX_* with *cause. */
static int
app_load_span(struct app *app, bool interactive, char **cause)
{
	char *broken;
	int   rc;

	rc = state_load_more(&app->st, app->state_path, app->span, cause);
	if (rc != 0 && app->st.broken != NULL && interactive) {
		/* A month's file: the coach may move it aside too. */
		broken = xstrdup(app->st.broken);
		rc = ui_offer_move_aside(app, *cause, broken);
		free(broken);
		free(*cause);
		*cause = NULL;
		if (rc != 0)
			return -rc;
		rc = state_load_more(&app->st, app->state_path, app->span,
		    cause);
	}
	if (rc == 0)
		rc = journal_check_state(&app->plan, &app->st, cause);
	return rc;
}

int
app_load_history(struct app *app, char **cause)
{
	return app_load_span(app, false, cause);
}

int
app_load_later(struct app *app, char **cause)
{
	struct state_span s;

	if (app->later == APP_HISTORY_NONE)
		return 0;
	s = app_history_span(app, app->later);
	app->later = APP_HISTORY_NONE;
	if (s.from <= s.to) {
		if (app->span.from > app->span.to) {
			app->span.from = s.from;
			app->span.to = s.to;
		} else {
			app->span.from = s.from < app->span.from ? s.from :
			    app->span.from;
			app->span.to = s.to > app->span.to ? s.to :
			    app->span.to;
		}
	}
	app->span.weeks = app->span.weeks || s.weeks;
	return app_load_span(app, false, cause);
}

int
app_open(struct app *app, unsigned parts, enum app_history history,
    bool may_move_aside)
{
	char *cause = NULL;
	int   rc;

	app->now = app_clock_wall();
	/* The plan, then the state: both before the terminal. Only the plan
	 * files the command uses are read. */
	rc = plan_load_parts(&app->plan, app->plan_dir, app->override_dir,
	    parts, &cause);
	if (rc != 0)
		goto fail;
	if (app->state_path == NULL && (app->state_path = app_xdg_path(
	    "XDG_DATA_HOME", ".local/share", "winddown/state.cfg")) == NULL) {
		rc = wd_fail(&cause, EX_USAGE, "neither XDG_DATA_HOME nor HOME "
		    "is set; use --state FILE");
		goto fail;
	}
	rc = state_load_span(&app->st, app->state_path, state_span_none(),
	    &cause);
	if (rc != 0 && !may_move_aside)
		goto fail;
	if (rc != 0) {
		/* The coach may offer to move a broken file aside. */
		rc = ui_offer_move_aside(app, cause, app->state_path);
		free(cause);
		if (rc != 0)
			return rc;
		cause = NULL;
	}
	app->evening = day_evening((time_t)app->now, app->st.settings.rollover);
	if (app->date_back >= 0) {
		app->date = app->evening - app->date_back;
		app->dated = true;
	}
	app->today = app->dated ? app->date : app->evening;
	if ((rc = app_set_clock(app, app->time)) != 0)
		return rc;
	app->span = app_history_span(app, history);
	if ((rc = app_load_span(app, may_move_aside, &cause)) <= 0)
		return -rc; /* 0, or the offer declined (it said why) */
fail:
	app_warn("%s", cause);
	free(cause);
	return rc;
}

void
app_close(struct app *app)
{
	plan_free(&app->plan);
	state_free(&app->st);
	free(app->state_path);
	free(app->plan_dir);
	free(app->override_dir);
}

int
app_day(const struct app *app)
{
	return day_number(app->st.week.start, app->today);
}

int
app_update(struct app *app, state_change_fn fn, void *ctx, char **cause)
{
	return state_update_span(app->state_path, STATE_LOCK_TIMEOUT,
	    app->span, fn, ctx, &app->st, cause);
}

int
app_need(struct app *app, int date, char **cause)
{
	struct state_span *s = &app->span;
	int                rc;

	if (s->from <= s->to && date >= s->from && date <= s->to)
		return 0;
	if (s->from > s->to)
		s->from = s->to = date;
	else if (date < s->from)
		s->from = date;
	else
		s->to = date;
	if ((rc = state_load_more(&app->st, app->state_path, *s, cause)) != 0)
		return rc;
	return journal_check_state(&app->plan, &app->st, cause);
}

static int
app_start_week(struct state *st, void *ctx, char **cause)
{
	struct app *app = ctx;

	(void)cause;
	if (!st->started)
		state_start_week(st, app->today, app->plan.id);
	return 0;
}

int
app_ensure_week(struct app *app, char **cause)
{
	if (app->st.started)
		return 0;
	return app_update(app, app_start_week, app, cause);
}

struct app_restart_change {
	int         today;
	const char *plan_id;
	long long   now;
};

static int
app_apply_restart(struct state *st, void *ctx, char **cause)
{
	struct app_restart_change *c = ctx;

	(void)cause;
	state_restart(st, c->today, c->plan_id, c->now);
	return 0;
}

int
app_restart(struct app *app, long long now, char **cause)
{
	struct app_restart_change c = { app->today, app->plan.id, now };

	return app_update(app, app_apply_restart, &c, cause);
}

int
app_plan_need(struct app *app, unsigned parts, char **cause)
{
	int rc;

	rc = plan_load_more(&app->plan, app->override_dir, parts, cause);
	/* A screen that shows journal values checks them first, every time:
	 * the state may have been read again since. */
	if (rc == 0 && (parts & PLAN_JOURNAL) != 0)
		rc = journal_check_state(&app->plan, &app->st, cause);
	return rc;
}

int
app_not_ahead(const struct app *app)
{
	char d[11], e[11];

	if (!app->dated || app->date <= app->evening)
		return 0;
	day_format(app->date, d);
	day_format(app->evening, e);
	app_warn("--date %s is ahead of today (%s): only commands that "
	    "change nothing may look ahead", d, e);
	return EX_USAGE;
}

int
app_week_in_use(struct app *app, char **cause)
{
	const struct state *st = &app->st;
	int                 start = st->week.start, i;

	if (!st->started || app->today - start >= app->plan.ndays)
		return 0;
	if (st->week.nticks > 0)
		return 1;
	if (app_need(app, start, cause) != 0 ||
	    app_need(app, start + app->plan.ndays - 1, cause) != 0)
		return -1;
	for (i = 0; i < st->nnights; i++) {
		if (st->nights[i].date >= start && st->nights[i].date <
		    start + app->plan.ndays && st->nights[i].kv.n > 0)
			return 1;
	}
	return 0;
}

int
app_finish_output(int rc)
{
	if (fflush(stdout) != 0 || ferror(stdout)) {
		app_warn("standard output: %s", strerror(errno));
		return rc == 0 ? EX_IOERR : rc;
	}
	return rc;
}

int
app_journal_night(const struct app *app)
{
	if (app->dated && app->time == NULL)
		return app->date;
	/* --time fixes the clock; else it runs on with the coach. */
	return day_journal_night((time_t)(app->time != NULL ? app->now :
	    app_clock_wall()), app->st.settings.rollover);
}

/* The program's clock, read here only: the core is given the time. */
long long
app_clock_wall(void)
{
	return (long long)time(NULL);
}

long long
app_clock_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}
