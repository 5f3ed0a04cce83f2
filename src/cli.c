/* The non-interactive commands: status, done/undo, restart, set, log,
 * flags, review and export. Plain text on stdout, errors on stderr. */
#ifndef _XOPEN_SOURCE
#define _XOPEN_SOURCE 700
#endif
#include "app.h"

#include <errno.h>
#include <langinfo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "winddown/day.h"
#include "winddown/journal.h"
#include "winddown/report.h"
#include "winddown/review.h"
#include "winddown/trend.h"
#include "winddown/util.h"

#define finish_output app_finish_output

/* Finish a command whose change is saved: its exit status reports the
 * change, so a failed write of the message after it is said on stderr
 * and the command still exits 0 (a script retrying on failure must not
 * restart the week twice; see EXIT STATUS in winddown(1)). */
static int
finish_change(void)
{
	if (fflush(stdout) != 0 || ferror(stdout))
		app_warn("standard output: %s (the change was saved)",
		    strerror(errno));
	return 0;
}

/* Say where today is when it has no plan day to act on. */
static int
check_in_week(const struct app *app, int n)
{
	char d[11];

	if (!app->st.started) {
		app_warn("no week started yet; run 'winddown' or 'winddown done' "
		    "to begin");
		return EX_DATAERR;
	}
	if (n < 1) {
		day_format(app->st.week.start, d);
		app_warn("this week starts on %s; the date given is before it",
		    d);
		return EX_DATAERR;
	}
	if (n > app->plan.ndays && app->plan.nhabits == 0) {
		day_format(app->st.week.start + app->plan.ndays - 1, d);
		app_warn("the week ended on %s and the plan lists no habits "
		    "to keep; see 'winddown review', or 'winddown restart' to "
		    "begin a new week", d);
		return EX_DATAERR;
	}
	return 0;
}

/* What a day's steps are called: a habit day's are its habits. */
static const char *
steps_name(const struct app *app, int n)
{
	return n > app->plan.ndays ? "habits" : "steps";
}

/* Tonight's relaxation sessions, one line each, named by the routine's
 * title; pmr.cfg is read for it only then, and when it cannot be the
 * line names the routine's id. */
static void
status_sessions(struct app *app)
{
	const char *title;
	char       *cause = NULL;
	bool        tried = false;
	int         i;

	for (i = 0; i < app->st.nsessions; i++) {
		const struct pmr_session *s = &app->st.sessions[i];

		if (s->night != app->today)
			continue;
		if (!tried && app_plan_need(app, PLAN_PMR, &cause) != 0) {
			free(cause);
			cause = NULL;
		}
		tried = true;
		title = plan_routine_name(&app->plan, s->routine);
		if (title != s->routine)
			printf("Relaxation tonight: %s, ", title);
		else
			printf("Relaxation tonight: %s routine, ", s->routine);
		printf("%d of %d groups, %s", s->done, s->total, s->finished ?
		    "finished" : "stopped early");
		if (s->rating > 0)
			printf(", felt %d/5 relaxed", s->rating);
		printf("\n");
	}
}

int
cli_status(struct app *app, int argc, char **argv)
{
	struct timeline_entry tl[64];
	const struct plan_day *d;
	char                   date[11], t[6], u[6];
	int                    n, i, k, nt;

	(void)argv;
	if (argc > 0) {
		app_warn("status takes no arguments");
		return EX_USAGE;
	}
	day_format(app->today, date);
	if (!app->st.started) {
		printf("winddown: no week started yet. Run 'winddown' to begin "
		    "day 1 of %d.\n", app->plan.ndays);
		status_sessions(app);
		return finish_output(0);
	}
	n = app_day(app);
	if (n < 1) {
		char s[11];

		day_format(app->st.week.start, s);
		printf("%s: the week starts on %s.\n", date, s);
		status_sessions(app);
		return finish_output(0);
	}
	if (n > app->plan.ndays) {
		char e[11];

		day_format(app->st.week.start + app->plan.ndays - 1, e);
		printf("Habit day %d, %s: the week ended on %s; keep the habits "
		    "going.\n", n, date, e);
		for (i = 0; i < app->plan.nhabits; i++)
			printf("  [%c] %d. %s\n", state_ticked(&app->st, n, i +
			    1) ? 'x' : ' ', i + 1, app->plan.habits[i]);
	} else {
		d = &app->plan.days[n - 1];
		printf("Day %d of %d, %s: %s\n", n, app->plan.ndays, date,
		    d->title);
		printf("%s\n", d->task);
		for (i = 0; i < d->nsteps; i++)
			printf("  [%c] %d. %s\n", state_ticked(&app->st, n,
			    i + 1) ? 'x' : ' ', i + 1, d->steps[i]);
	}
	nt = plan_timeline(&app->plan, n < app->plan.ndays ? n :
	    app->plan.ndays, app->st.settings.bedtime, tl, (int)WD_NELEM(tl));
	printf("Tonight:");
	for (i = 0, k = 0; i < nt; i++) {
		hhmm_format(tl[i].at, t);
		if (tl[i].until >= 0) {
			hhmm_format(tl[i].until, u);
			printf("%s %s-%s %s", k++ ? ";" : "", t, u,
			    tl[i].label);
		} else
			printf("%s %s %s", k++ ? ";" : "", t,
			    tl[i].label != NULL ? tl[i].label : "Bedtime");
	}
	printf("\n");
	status_sessions(app);
	if (n > app->plan.ndays)
		printf("'winddown review' shows the week; 'winddown restart' "
		    "begins another when you want one (earlier weeks are "
		    "kept).\n");
	return finish_output(0);
}

struct tick_change {
	int  day;
	int  steps[STATE_MAX_STEP];
	int  nsteps;
	bool on;
	long long now;
	const char *plan_id;
	int  today;
};

static int
apply_ticks(struct state *st, void *ctx, char **cause)
{
	struct tick_change *c = ctx;
	int                 i;

	(void)cause;
	if (!st->started)
		state_start_week(st, c->today, c->plan_id);
	for (i = 0; i < c->nsteps; i++)
		state_tick(st, c->day, c->steps[i], c->on, c->now);
	return 0;
}

/* done (on) or undo. */
static int
cli_tick(struct app *app, int argc, char **argv, bool on)
{
	struct tick_change c = { .on = on, .now = app->now,
		.plan_id = app->plan.id, .today = app->today };
	char              *cause = NULL, *end;
	int                n, total, i, rc;

	if (!app->st.started && on) {
		/* The first tick starts the week today. */
		app->st.week.start = app->today;
		app->st.started = true;
	}
	n = app_day(app);
	if ((rc = check_in_week(app, n)) != 0)
		return rc;
	total = plan_day_steps(&app->plan, n);
	if (argc == 0 && !on) {
		app_warn("undo needs the %s numbers to untick (1-%d)",
		    n > app->plan.ndays ? "habit" : "step", total);
		return EX_USAGE;
	}
	for (i = 0; i < argc; i++) {
		long v;

		errno = 0;
		v = strtol(argv[i], &end, 10);
		if (errno != 0 || end == argv[i] || *end != '\0' || v < 1 ||
		    v > total) {
			app_warn("'%s' is not a %s of %sday %d (1-%d)",
			    argv[i], n > app->plan.ndays ? "habit" : "step",
			    n > app->plan.ndays ? "habit " : "", n, total);
			return EX_USAGE;
		}
		if (c.nsteps < STATE_MAX_STEP)
			c.steps[c.nsteps++] = (int)v;
	}
	if (argc == 0) {
		for (i = 0; i < total; i++)
			c.steps[c.nsteps++] = i + 1;
	}
	c.day = n;
	rc = app_update(app, apply_ticks, &c, &cause);
	if (rc != 0) {
		app_warn("%s", cause);
		free(cause);
		return rc;
	}
	printf("%s %d: %d of %d %s done.\n", n > app->plan.ndays ?
	    "Habit day" : "Day", n, state_day_ticks(&app->st, n), total,
	    steps_name(app, n));
	return finish_change();
}

int
cli_done(struct app *app, int argc, char **argv)
{
	return cli_tick(app, argc, argv, true);
}

int
cli_undo(struct app *app, int argc, char **argv)
{
	return cli_tick(app, argc, argv, false);
}

int
cli_restart(struct app *app, int argc, char **argv)
{
	char *cause = NULL;
	char  d[11];
	int   rc;

	(void)argv;
	if (argc > 0) {
		app_warn("restart takes no arguments");
		return EX_USAGE;
	}
	if (app->st.started && app->st.week.start == app->today) {
		day_format(app->today, d);
		printf("This week began today, %s: nothing to restart.\n", d);
		return finish_output(0);
	}
	/* A young week with something in it is not thrown over lightly. */
	if (!app->yes && (rc = app_week_in_use(app, &cause)) != 0) {
		if (rc > 0) {
			day_format(app->st.week.start, d);
			app_warn("this week began on %s and has ticks or journal "
			    "nights; 'winddown restart --yes' archives it and "
			    "starts a new one today", d);
			return EX_USAGE;
		}
		app_warn("%s", cause);
		free(cause);
		return EX_SOFTWARE;
	}
	rc = app_restart(app, app->now, &cause);
	if (rc != 0) {
		app_warn("%s", cause);
		free(cause);
		return rc;
	}
	day_format(app->today, d);
	printf("A new week starts today, %s: day 1 of %d. Earlier weeks are "
	    "kept.\n", d, app->plan.ndays);
	return finish_change();
}

struct set_change {
	const char *name;
	int         value;
	const char *text; /* notify-command; NULL to clear */
};

static int
apply_set(struct state *st, void *ctx, char **cause)
{
	struct set_change *c = ctx;

	(void)cause;
	if (strcmp(c->name, "bedtime") == 0)
		st->settings.bedtime = c->value;
	else if (strcmp(c->name, "rollover") == 0)
		st->settings.rollover = c->value;
	else if (strcmp(c->name, "notify-command") == 0) {
		free(st->settings.notify_command);
		st->settings.notify_command = c->text != NULL ?
		    xstrdup(c->text) : NULL;
	} else if (strcmp(c->name, "speech") == 0)
		st->settings.speech = c->value != 0;
	else if (strcmp(c->name, "tones") == 0)
		st->settings.tones = c->value != 0;
	else
		st->settings.bell = c->value != 0;
	return 0;
}

/* `set` alone: the settings, a NAME=VALUE line each in the names and
 * words `set` takes, so each line can be given back to it. */
static int
set_show(const struct app *app)
{
	const struct settings *s = &app->st.settings;
	char                   hhmm[6];

	hhmm_format(s->bedtime, hhmm);
	printf("bedtime=%s\nrollover=%d\nbell=%s\nspeech=%s\ntones=%s\n"
	    "notify-command=%s\n", hhmm, s->rollover, s->bell ? "on" : "off",
	    s->speech ? "on" : "off", s->tones ? "on" : "off",
	    s->notify_command != NULL ? s->notify_command : "");
	return finish_output(0);
}

int
cli_set(struct app *app, int argc, char **argv)
{
	struct set_change c;
	char             *cause = NULL, *end, *name = NULL, *value;
	int               rc;

	if (argc == 0)
		return set_show(app);
	/* NAME=VALUE, as `set` alone prints it, is NAME VALUE. */
	if (argc == 1 && (value = strchr(argv[0], '=')) != NULL) {
		name = xstrndup(argv[0], (size_t)(value - argv[0]));
		rc = cli_set(app, 2, (char *[]){ name, value + 1, NULL });
		free(name);
		return rc;
	}
	if (argc != 2) {
		app_warn("usage: winddown set [bedtime HH:MM | rollover H | "
		    "bell|speech|tones on|off | notify-command CMD]");
		return EX_USAGE;
	}
	c.name = argv[0];
	c.text = NULL;
	if (strcmp(argv[0], "notify-command") == 0) {
		if (!utf8_valid(argv[1], strlen(argv[1]), false) ||
		    strlen(argv[1]) > 4096) {
			app_warn("notify-command: %s", strlen(argv[1]) > 4096 ?
			    "longer than 4096 bytes" : utf8_problem(argv[1],
			    strlen(argv[1]), false));
			return EX_USAGE;
		}
		c.text = argv[1][0] != '\0' ? argv[1] : NULL;
	} else if (strcmp(argv[0], "bedtime") == 0) {
		if ((c.value = hhmm_parse(argv[1])) < 0) {
			app_warn("'%s' is not a time (use HH:MM, 00:00-23:59)",
			    argv[1]);
			return EX_USAGE;
		}
	} else if (strcmp(argv[0], "rollover") == 0) {
		long v;

		errno = 0;
		v = strtol(argv[1], &end, 10);
		if (errno != 0 || end == argv[1] || *end != '\0' || v < 0 ||
		    v > DAY_ROLLOVER_MAX) {
			app_warn("'%s' is not an hour from 0 to %d", argv[1],
			    DAY_ROLLOVER_MAX);
			return EX_USAGE;
		}
		c.value = (int)v;
	} else if (strcmp(argv[0], "bell") == 0 ||
	    strcmp(argv[0], "speech") == 0 || strcmp(argv[0], "tones") == 0) {
		if (strcmp(argv[1], "on") == 0)
			c.value = 1;
		else if (strcmp(argv[1], "off") == 0)
			c.value = 0;
		else {
			app_warn("%s is 'on' or 'off', not '%s'", argv[0],
			    argv[1]);
			return EX_USAGE;
		}
	} else {
		app_warn("unknown setting '%s' (bedtime, rollover, bell, "
		    "speech, tones, notify-command)", argv[0]);
		return EX_USAGE;
	}
	rc = app_update(app, apply_set, &c, &cause);
	if (rc != 0) {
		app_warn("%s", cause);
		free(cause);
	} else if (strcmp(c.name, "bedtime") == 0 ||
	    strcmp(c.name, "rollover") == 0)
		rc = cli_remind_refresh(app); /* the timer's times follow */
	return rc;
}

/* What a log did to one field, found under the lock. */
enum log_what {
	LOG_SAME,    /* already so (or already blank) */
	LOG_SET,     /* had no value */
	LOG_CHANGED, /* had another value */
	LOG_CLEARED, /* had a value, now blank */
};

struct log_change {
	int            date;
	struct kv     *kv;    /* values to set; a KV_STR with s NULL clears */
	int            n;
	long long      now;
	enum log_what *what;  /* out, per value */
	char         **was;   /* out: the value before, as text, or NULL */
};

/* Compare each value with the night as saved and set what differs; a
 * log that changes nothing leaves the night alone, so nothing is
 * written. */
static int
apply_log(struct state *st, void *ctx, char **cause)
{
	struct log_change *c = ctx;
	struct night      *night = state_night(st, c->date);
	const struct kv   *old;
	char              *now;
	bool               clear;
	int                i, changed = 0;

	(void)cause;
	for (i = 0; i < c->n; i++) {
		free(c->was[i]);
		c->was[i] = NULL;
		clear = c->kv[i].type == KV_STR && c->kv[i].s == NULL;
		old = night == NULL ? NULL : kv_get(&night->kv, c->kv[i].name);
		if (old == NULL)
			c->what[i] = clear ? LOG_SAME : LOG_SET;
		else if (clear)
			c->what[i] = LOG_CLEARED;
		else {
			c->was[i] = journal_format(old);
			now = journal_format(&c->kv[i]);
			c->what[i] = old->type == c->kv[i].type &&
			    strcmp(c->was[i], now) == 0 ? LOG_SAME : LOG_CHANGED;
			free(now);
		}
		changed += c->what[i] != LOG_SAME;
	}
	if (changed == 0)
		return 0;
	night = state_night_get(st, c->date);
	for (i = 0; i < c->n; i++) {
		if (c->what[i] == LOG_SAME)
			continue;
		if (c->what[i] == LOG_CLEARED)
			kv_unset(&night->kv, c->kv[i].name);
		else
			kv_set(&night->kv, &c->kv[i]);
	}
	night->updated = c->now;
	if (night->kv.n == 0)
		state_night_delete(st, c->date);
	return 0;
}

/* Where a night the clock chose stands, when it is not plainly one of
 * the running week's: a night belongs to the evening it starts on. */
static void
log_where(const struct app *app, int date)
{
	int k = day_number(app->st.week.start, date), nd = app->plan.ndays;

	if (!app->st.started || (app->dated && app->time == NULL))
		return;
	if (k == 0)
		printf("That was the night before day 1: the week's "
		    "baseline, its \"before\".\n");
	else if (k == nd && app_day(app) == nd + 1)
		printf("That was night %d, the week's last: its review is "
		    "final now.\n", nd);
	else if (k > nd)
		printf("That night is after the week's %d nights: it is in "
		    "the trend, not in the week's review.\n", nd);
	else if (k < 0)
		printf("That night is before this week began: it is in no "
		    "review of this week.\n");
}

/* Say what the log did: "Logged the night of D: twitches 3 -> 5, quality
 * set to 4, note cleared; caffeine unchanged." (a text's value is not
 * echoed), or "Nothing changed for the night of D: ... unchanged." */
static void
log_report(const struct app *app, const struct log_change *c)
{
	const struct journal_field *f;
	const char                 *arrow;
	struct buf                  done = { NULL, 0, 0 }, same = { NULL, 0, 0 };
	char                        d[11], *now;
	int                         i;

	arrow = strcmp(nl_langinfo(CODESET), "UTF-8") == 0 ? "\xe2\x86\x92" :
	    "->";
	for (i = 0; i < c->n; i++) {
		const char *name = c->kv[i].name;

		f = plan_field(&app->plan, name);
		if (c->what[i] == LOG_SAME) {
			buf_printf(&same, "%s%s", same.data == NULL ? "" : ", ",
			    name);
			continue;
		}
		buf_puts(&done, done.data == NULL ? "" : ", ");
		if (c->what[i] == LOG_CLEARED) {
			buf_printf(&done, "%s cleared", name);
			continue;
		}
		if (f != NULL && f->type == FIELD_TEXT) {
			buf_printf(&done, "%s %s", name, c->what[i] == LOG_SET ?
			    "set" : "changed");
			continue;
		}
		now = journal_format(&c->kv[i]);
		if (c->what[i] == LOG_SET)
			buf_printf(&done, "%s set to %s", name, now);
		else
			buf_printf(&done, "%s %s %s %s", name, c->was[i], arrow,
			    now);
		free(now);
	}
	day_format(c->date, d);
	if (done.data != NULL)
		printf("Logged the night of %s: %s%s%s%s.\n", d, done.data,
		    same.data != NULL ? "; " : "", same.data != NULL ?
		    same.data : "", same.data != NULL ? " unchanged" : "");
	else
		printf("Nothing changed for the night of %s: %s unchanged.\n", d,
		    same.data);
	buf_free(&done);
	buf_free(&same);
	log_where(app, c->date);
}

int
cli_log(struct app *app, int argc, char **argv)
{
	struct log_change c = { 0 };
	char             *cause = NULL;
	int               i, j, k, rc = 0;
	bool              changed;

	if (app->fields && argc == 0)
		return cli_log_fields(app);
	if (argc == 0 || app->fields) {
		app_warn("usage: winddown log FIELD=VALUE... | --fields");
		return EX_USAGE;
	}
	c.date = app_journal_night(app);
	c.now = app->now;
	c.kv = xcalloc((size_t)argc, sizeof *c.kv);
	c.what = xcalloc((size_t)argc, sizeof *c.what);
	c.was = xcalloc((size_t)argc, sizeof *c.was);
	/* Every value is checked before anything is written; FIELD= with
	 * nothing after it clears that field. */
	for (i = 0; i < argc && rc == 0; i++) {
		const char *eq = strchr(argv[i], '=');
		char       *name;

		if (eq != NULL && journal_blank(eq + 1)) {
			name = xstrndup(argv[i], (size_t)(eq - argv[i]));
			if (plan_field(&app->plan, name) == NULL) {
				rc = journal_assign(&app->plan, argv[i],
				    &c.kv[c.n], &cause);
				free(name);
				continue;
			}
			c.kv[c.n].name = name;
			c.kv[c.n].type = KV_STR;
			c.n++;
			continue;
		}
		rc = journal_assign(&app->plan, argv[i], &c.kv[c.n], &cause);
		if (rc == 0)
			c.n++;
	}
	/* A field given twice takes its last value and counts once. */
	for (i = 0, k = 0; i < c.n; i++) {
		for (j = i + 1; j < c.n; j++) {
			if (strcmp(c.kv[i].name, c.kv[j].name) == 0)
				break;
		}
		if (j < c.n)
			journal_kv_clear(&c.kv[i]);
		else
			c.kv[k++] = c.kv[i];
	}
	c.n = k;
	if (rc == 0)
		rc = app_need(app, c.date, &cause);
	if (rc == 0)
		rc = app_update(app, apply_log, &c, &cause);
	changed = false;
	if (rc != 0)
		app_warn("%s", cause);
	else {
		log_report(app, &c);
		for (i = 0; i < c.n; i++)
			changed = changed || c.what[i] != LOG_SAME;
	}
	for (i = 0; i < c.n; i++) {
		journal_kv_clear(&c.kv[i]);
		free(c.was[i]);
	}
	free(c.kv);
	free(c.what);
	free(c.was);
	free(cause);
	if (rc != 0)
		return rc;
	return changed ? finish_change() : finish_output(0);
}

struct flag_change {
	struct kvlist answers;
	int           today;
};

static int
apply_flags(struct state *st, void *ctx, char **cause)
{
	struct flag_change *c = ctx;
	int                 i;

	(void)cause;
	for (i = 0; i < c->answers.n; i++)
		kv_set(&st->week.flags, &c->answers.v[i]);
	st->week.flags_date = c->today;
	return 0;
}

int
cli_flags(struct app *app, int argc, char **argv)
{
	struct flag_change c = { { NULL, 0 }, app->today };
	const struct plan *p = &app->plan;
	char              *cause = NULL, *t, *t2;
	int                i, k, rc = 0, yes, nyes = 0;
	bool               ascii;

	for (i = 0; i < argc; i++) {
		const char *eq = strchr(argv[i], '=');

		for (k = 0; eq != NULL && k < p->nflags; k++) {
			if (strlen(p->flags[k].id) == (size_t)(eq - argv[i]) &&
			    strncmp(p->flags[k].id, argv[i], (size_t)(eq -
			    argv[i])) == 0)
				break;
		}
		if (eq == NULL || k == p->nflags) {
			app_warn("'%s' is not ID=yes|no for a red-flag question "
			    "(ids: see 'winddown flags')", argv[i]);
			kv_clear(&c.answers);
			return EX_DATAERR;
		}
		if ((yes = journal_yesno(eq + 1)) >= 0)
			kv_set_bool(&c.answers, p->flags[k].id, yes == 1);
		else {
			app_warn("%s: answer yes or no (y/n, true/false, 1/0), "
			    "not '%s'", p->flags[k].id, eq + 1);
			kv_clear(&c.answers);
			return EX_DATAERR;
		}
	}
	if (argc > 0) {
		rc = app_update(app, apply_flags, &c, &cause);
		kv_clear(&c.answers);
		if (rc != 0) {
			app_warn("%s", cause);
			free(cause);
			return rc;
		}
	}
	/* Outside a UTF-8 locale the plan's text goes out as ASCII, as the
	 * coach draws it. */
	ascii = strcmp(nl_langinfo(CODESET), "UTF-8") != 0;
	for (i = 0; i < p->nflags; i++) {
		const struct kv *a = kv_get(&app->st.week.flags, p->flags[i].id);

		t = ascii ? utf8_ascii(p->flags[i].question) : NULL;
		printf("%-10s %-4s %s\n", p->flags[i].id, a == NULL ? "-" :
		    a->i ? "yes" : "no", t != NULL ? t : p->flags[i].question);
		free(t);
		nyes += a != NULL && a->i;
	}
	if (nyes > 0) {
		t = ascii ? utf8_ascii(p->doctor_advice) : NULL;
		t2 = ascii ? utf8_ascii(p->doctor_tell) : NULL;
		printf("\n%s\n\n%s\n", t != NULL ? t : p->doctor_advice,
		    t2 != NULL ? t2 : p->doctor_tell);
		free(t);
		free(t2);
	} else if (argc == 0)
		printf("\nAnswer with: winddown flags ID=yes|no ...\n");
	t = ascii ? utf8_ascii(p->disclaimer) : NULL;
	printf("%s\n", t != NULL ? t : p->disclaimer);
	free(t);
	return argc > 0 ? finish_change() : finish_output(0);
}

int
cli_review(struct app *app, int argc, char **argv)
{
	struct review rv;
	struct trend  t;
	const char   *fmt = app->format != NULL ? app->format : "text";
	char         *cause = NULL;
	const struct week *w = &app->st.week;
	int           until = app->today;
	bool          utf8, page;
	int           rc;

	(void)argv;
	if (argc > 0) {
		app_warn("review takes no arguments (use --format)");
		return EX_USAGE;
	}
	page = strcmp(fmt, "markdown") == 0 || strcmp(fmt, "html") == 0;
	if (!page && strcmp(fmt, "text") != 0 && strcmp(fmt, "json") != 0) {
		app_warn("review: format is text, markdown, html or json, not "
		    "'%s'", fmt);
		return EX_USAGE;
	}
	if (page) {
		/* The page for a doctor has the trend over every week: the
		 * whole history. */
		app->span = state_span_all();
		rc = state_load_more(&app->st, app->state_path, app->span,
		    &cause);
		if (rc == 0)
			rc = journal_check_state(&app->plan, &app->st, &cause);
		if (rc != 0) {
			app_warn("%s", cause);
			free(cause);
			return rc;
		}
	}
	if (app->week > 0) {
		/* A week of the history, as it was at its end. */
		if ((rc = app_need_week(app, app->week, &cause)) != 0) {
			app_warn("%s", cause);
			free(cause);
			return rc;
		}
		if ((w = app_week(app, app->week, &until)) == NULL) {
			if (app_week_count(app) == 0)
				app_warn("there is no week %d: no week started "
				    "yet", app->week);
			else
				app_warn("there is no week %d: the weeks are 1 "
				    "to %d (see 'winddown weeks')", app->week,
				    app_week_count(app));
			return EX_USAGE;
		}
	} else if (!app->st.started) {
		app_warn("no week started yet; run 'winddown' to begin");
		return EX_DATAERR;
	}
	/* A broken triggers.cfg costs only the trigger table. */
	if (app_plan_need(app, PLAN_TRIGGERS, &cause) != 0) {
		app_warn("%s; the review leaves out the possible triggers",
		    cause);
		free(cause);
		cause = NULL;
	}
	/* The routines' titles for the sessions line, when pmr.cfg reads. */
	if (app_plan_need(app, PLAN_PMR, &cause) != 0) {
		free(cause);
		cause = NULL;
	}
	utf8 = strcmp(nl_langinfo(CODESET), "UTF-8") == 0;
	/* The running week as it stands today; an archived one up to where
	 * it stopped. */
	review_compute(&rv, &app->plan, &app->st, w, w == &app->st.week ?
	    app->today : until);
	if (page)
		trend_compute(&t, &app->plan, &app->st, app->today);
	if (strcmp(fmt, "json") == 0)
		rc = report_json(stdout, &rv);
	else if (strcmp(fmt, "markdown") == 0)
		rc = report_markdown(stdout, &rv, &t);
	else if (page)
		rc = report_html(stdout, &rv, &t);
	else
		rc = report_text(stdout, &rv, utf8);
	if (page)
		trend_free(&t);
	review_free(&rv);
	return finish_output(rc);
}

int
cli_export(struct app *app, int argc, char **argv)
{
	const char *fmt = app->format != NULL ? app->format : "csv";
	int         rc;

	(void)argv;
	if (argc > 0) {
		app_warn("export takes no arguments (use --format csv|json)");
		return EX_USAGE;
	}
	if (strcmp(fmt, "csv") == 0)
		rc = export_csv(stdout, &app->plan, &app->st);
	else if (strcmp(fmt, "json") == 0)
		rc = export_json(stdout, &app->plan, &app->st);
	else {
		app_warn("export: format is csv or json, not '%s'", fmt);
		return EX_USAGE;
	}
	return finish_output(rc);
}

/* `plan check`: the plan in use, or the directories and files named. */
int
cli_plan(struct app *app, int argc, char **argv)
{
	struct plan p;
	char       *messages = NULL, *cause = NULL;
	int         i, rc = 0, r;

	if (argc < 1 || strcmp(argv[0], "check") != 0)
		return app_usage("unknown plan command '%s' (try 'plan check')",
		    argc > 0 ? argv[0] : "");
	if (argc == 1) {
		/* The plan in use: the bundled files and any overrides. */
		rc = plan_check(app->plan_dir, &messages);
		if (rc == 0 && app->override_dir != NULL) {
			if (plan_load(&p, app->plan_dir, app->override_dir,
			    &cause) == 0)
				plan_free(&p);
			else {
				fprintf(stderr, "%s\n", cause);
				rc = EX_DATAERR;
			}
			free(cause);
		}
	} else {
		for (i = 1; i < argc; i++) {
			r = plan_check(argv[i], &messages);
			if (r != 0 && (rc == 0 || r == EX_DATAERR))
				rc = r;
		}
	}
	if (messages != NULL) {
		wd_sanitize(messages, true);
		fputs(messages, stderr);
	}
	free(messages);
	if (rc == 0)
		printf("%s: plan files are valid\n", argc > 1 ? (argc == 2 ?
		    argv[1] : "all") : app->plan_dir);
	return rc;
}
