/* The program around the core: options, the loaded plan and state, and
 * the commands and screens that use them. Not part of the library. */
#ifndef WINDDOWN_APP_H
#define WINDDOWN_APP_H

#include <stdbool.h>
#include <stdio.h>

#include "winddown/plan.h"
#include "winddown/state.h"
#include "winddown/util.h"

struct app {
	struct plan  plan;
	struct state st;
	char        *state_path;
	char        *plan_dir;
	char        *override_dir; /* XDG overrides, or NULL */
	long long    now;          /* wall clock at start, for timestamps */
	int          date;         /* --date, or 0 */
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
	int          speak;      /* --speak 1, --no-speak 0, else -1 */
	int          tones;      /* --tones 1, --no-tones 0, else -1 */
	const char  *audio_file; /* pmr --audio FILE */
};

/* Plan day number of today in the current week (may be < 1 or > ndays). */
int  app_day(const struct app *);
/* Apply fn to the state under the lock and reload app->st from the
 * result. Prints nothing; returns 0 or an EX_* code with *cause. */
int  app_update(struct app *, state_change_fn fn, void *ctx, char **cause);
/* Make sure the history around date is loaded (and kept by later
 * app_update calls). */
int  app_need(struct app *, int date, char **cause);
/* Start the week today if none is started (saving). */
int  app_ensure_week(struct app *, char **cause);
/* Print "winddown: msg" to stderr. */
void app_warn(const char *, ...) WD_PRINTF(1, 2);

/* cli.c: the non-interactive commands; each returns an exit code. */
int  cli_status(struct app *, int argc, char **argv);
int  cli_done(struct app *, int argc, char **argv, bool on);
int  cli_restart(struct app *, int argc, char **argv);
int  cli_set(struct app *, int argc, char **argv);
int  cli_log(struct app *, int argc, char **argv);
int  cli_review(struct app *, int argc, char **argv);
int  cli_export(struct app *, int argc, char **argv);
int  cli_flags(struct app *, int argc, char **argv);

/* pmr-run.c: a relaxation session, on screen or in plain lines. */
int  pmr_run_plain(struct app *);
int  pmr_record(struct app *, const char *routine, int done, int total,
    int seconds, bool finished, int rating, char **cause);

/* ui.c: the coach, and the offer to move a broken state aside (asked
 * on the terminal before curses starts; 0 when moved). */
int  ui_offer_move_aside(struct app *, const char *cause,
    const char *path);
int  ui_main(struct app *, const char *first_screen);

#endif
