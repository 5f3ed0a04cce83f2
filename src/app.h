/* The program around the core: options, the loaded plan and state, and
 * the commands and screens that use them. Not part of the library. */
#ifndef WINDDOWN_APP_H
#define WINDDOWN_APP_H

#include <stdbool.h>
#include <stdio.h>

#include "winddown/plan.h"
#include "winddown/state.h"
#include "winddown/util.h"

/* The history of the state a command loads, beside the main file. */
enum app_history {
	APP_HISTORY_NONE,     /* the week and settings: the main file only */
	APP_HISTORY_TODAY,    /* tonight */
	APP_HISTORY_WEEK,     /* the week's nights (the last two before
	                         any week) */
	APP_HISTORY_EVENINGS, /* the week and the last two evenings */
	APP_HISTORY_WEEKS,    /* the archived weeks */
	APP_HISTORY_ALL,      /* every night */
};

struct app {
	struct plan  plan;
	struct state st;
	char        *state_path;
	char        *plan_dir;
	char        *override_dir; /* XDG overrides, or NULL */
	long long    now;          /* wall clock at start, for timestamps */
	int          date;         /* --date when dated */
	int          date_back;    /* --date today 0, yesterday 1, else -1 */
	int          evening;      /* the evening the clock reads now */
	bool         dated;        /* --date was given (any day number,
	                              0 = 1970-01-01 too) */
	int          today;        /* the evening commands act on */
	struct state_span span;    /* the history loaded, and saved by
	                              app_update */

	/* Options. */
	bool         quiet;   /* no bell */
	bool         plain;   /* pmr: lines on stdout, no curses */
	bool         ascii;   /* no UTF-8 drawing */
	bool         color;
	const char  *routine; /* pmr routine id */
	int          tense;   /* pmr seconds, -1 for the plan's */
	int          release;
	int          settle;
	const char  *format;
	const char  *time;    /* --time HH:MM, or NULL */
	bool         fields;  /* log --fields */
	long long    local;   /* local minutes (remind.h) of the clock the
	                         commands act at */
	int          speak;      /* --speak 1, --no-speak 0, else -1 */
	int          tones;      /* --tones 1, --no-tones 0, else -1 */
	const char  *audio_file; /* pmr --audio FILE */
	int          week;       /* review --week N, 0 for the current */
	enum app_history later;  /* the coach: history read after its
	                            first frame (ui_main) */
	bool         yes;        /* restart --yes */
};

/* app.c: opening the plan and state, and the changes shared by the
 * commands and the screens. */


/* Defaults before the options. */
void app_init(struct app *);
/* The bundled plan directory and the XDG overrides, unless --plan-dir
 * gave one. */
void app_find_plan(struct app *);
/* Read the clock, load the plan files of parts (PLAN_*) and the state
 * with the history asked for, and settle today. A broken state file is
 * offered to be moved aside when may_move_aside (the coach). Returns 0,
 * or an EX_* code after printing why. */
int  app_open(struct app *, unsigned parts, enum app_history,
    bool may_move_aside);
void app_close(struct app *);
/* The span of history h, once the main file is loaded. */
struct state_span app_history_span(const struct app *, enum app_history h);

/* Plan day number of today in the current week (may be < 1 or > ndays). */
int  app_day(const struct app *);
/* Read the history app->later names (then none) into the state, with
 * the checks app_open makes; nothing is said or asked. 0, or EX_* with
 * *cause (and the state's broken naming a side file that cannot be
 * read). app_load_history reads app->span again the same way. */
int  app_load_later(struct app *, char **cause);
int  app_load_history(struct app *, char **cause);
/* The night a journal entry is for unless told: --date's evening; else,
 * by the clock (--time's when given), last night until the evening
 * starts (day_journal_night). */
int  app_journal_night(const struct app *);
/* Apply fn to the state under the lock and reload app->st from the
 * result. Prints nothing; returns 0 or an EX_* code with *cause. */
int  app_update(struct app *, state_change_fn fn, void *ctx, char **cause);
/* Make sure the history around date is loaded (and kept by later
 * app_update calls). The nights loaded are checked against the plan's
 * journal fields (journal_check_state), as app_open does: a stored
 * value out of its field's range is EX_DATAERR, never used. */
int  app_need(struct app *, int date, char **cause);
/* Start the week today if none is started (saving). */
int  app_ensure_week(struct app *, char **cause);
/* Archive this week and start a new one today, stamped now (saving). */
int  app_restart(struct app *, long long now, char **cause);
/* Print "winddown: msg" to stderr. */
void app_warn(const char *, ...) WD_PRINTF(1, 2);
/* Finish a command that wrote to stdout: flush it and report a failed
 * write (EX_IOERR when rc was 0). */
int  app_finish_output(int rc);
/* A command that writes refuses a --date later than the evening the
 * clock reads: 0, or EX_USAGE after a message. */
int  app_not_ahead(const struct app *);
/* Is the current week younger than the plan and holding ticks or
 * journal nights (loading them)? 1 yes, 0 no; -1 with *cause when its
 * nights cannot be read. */
int  app_week_in_use(struct app *, char **cause);
/* cli-weeks.c: the weeks, 1 the first ever, the last the current one;
 * app_week gives week n (NULL when there is none) and *until, the
 * evening after its last (its end, the next week's start, or today for
 * the running week). app_need_week loads the archive and week n's
 * nights. */
int  app_week_count(const struct app *);
const struct week *app_week(const struct app *, int n, int *until);
int  app_need_week(struct app *, int n, char **cause);
int  cli_weeks(struct app *, int argc, char **argv);
/* The clock, read only here in the whole program: the wall clock in
 * seconds (timestamps, today's date) and monotonic milliseconds (timers). */
long long app_clock_wall(void);
/* Load the plan parts (PLAN_* bits) a screen needs when it opens, if not
 * loaded yet; on an error the plan keeps what it had. With PLAN_JOURNAL
 * the loaded nights are checked against the fields, each time. */
int  app_plan_need(struct app *, unsigned parts, char **cause);
long long app_clock_ms(void);
/* Report bad usage the GNU way, with a pointer to --help; returns
 * EX_USAGE. */
int  app_usage(const char *, ...) WD_PRINTF(1, 2);

/* cli.c: the non-interactive commands; each returns an exit code. */
int  cli_status(struct app *, int argc, char **argv);
int  cli_done(struct app *, int argc, char **argv);
int  cli_undo(struct app *, int argc, char **argv);
int  cli_restart(struct app *, int argc, char **argv);
int  cli_set(struct app *, int argc, char **argv);
int  cli_log(struct app *, int argc, char **argv);
int  cli_review(struct app *, int argc, char **argv);
int  cli_export(struct app *, int argc, char **argv);
int  cli_flags(struct app *, int argc, char **argv);
int  cli_plan(struct app *, int argc, char **argv);


/* cli-next.c, cli-remind.c: `next`, `remind`; and after a changed
 * bedtime or rollover, rewrite the installed timer (quiet when none). */
int  cli_next(struct app *, int argc, char **argv);
int  cli_remind(struct app *, int argc, char **argv);
int  cli_remind_refresh(struct app *);
/* cli-coach.c: the coach on its first screen; pmr on screen, in plain
 * lines or as a sound file. */
int  cli_coach(struct app *, int argc, char **argv);
int  cli_journal(struct app *, int argc, char **argv);
int  cli_pmr(struct app *, int argc, char **argv);
/* cli-help.c: --help and --version on stdout; 0, or -1 when it fails. */
int  cli_help(void);
int  cli_version(void);
/* cli-fields.c: `log --fields`. */
int  cli_log_fields(struct app *);

/* pmr-run.c: a relaxation session, on screen or in plain lines. */
int  pmr_run_plain(struct app *);
int  pmr_run_record(struct app *, const char *routine, int done, int total,
    int seconds, bool finished, int rating, char **cause);

/* ui.c: the coach, and the offer to move a broken state aside (asked
 * on the terminal before curses starts; 0 when moved). */
int  ui_offer_move_aside(struct app *, const char *cause,
    const char *path);
int  ui_main(struct app *, const char *first_screen);

#endif
