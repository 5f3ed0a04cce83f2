/* winddown: the options and the table of commands. Each command says
 * which plan files and how much history it needs; app.c opens them
 * before the terminal is touched, so a broken file is reported plainly. */
#include "app.h"

#include <errno.h>
#include <stddef.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "winddown/day.h"
#include "winddown/util.h"

/* Flags of a command. */
#define CMD_OPEN        0x1 /* needs the plan and state opened */
#define CMD_INTERACTIVE 0x2 /* may offer to move a broken state aside */
#define CMD_WRITES      0x4 /* changes the state: no --date ahead */
#define CMD_WRITES_ARGS 0x8 /* changes it when given arguments */

struct cmd_entry {
	const char      *name;
	enum app_history history; /* the state it loads */
	unsigned         parts;   /* the plan files it reads */
	int              flags;
	int            (*run)(struct app *, int, char **);
};

#define W (CMD_OPEN | CMD_WRITES)
static const struct cmd_entry cmd_table[] = {
	/* The coach reads the other plan files when a screen needs them
	 * (app_plan_need), so a broken one breaks only that screen. */
	{ "coach", APP_HISTORY_NONE, PLAN_DAYS, W | CMD_INTERACTIVE,
	  cli_coach },
	{ "journal", APP_HISTORY_EVENINGS, PLAN_DAYS | PLAN_JOURNAL,
	  W | CMD_INTERACTIVE, cli_journal },
	{ "status", APP_HISTORY_TODAY, PLAN_DAYS, CMD_OPEN, cli_status },
	{ "done", APP_HISTORY_NONE, PLAN_DAYS, W, cli_done },
	{ "undo", APP_HISTORY_NONE, PLAN_DAYS, W, cli_undo },
	{ "restart", APP_HISTORY_WEEKS, PLAN_DAYS, W, cli_restart },
	{ "set", APP_HISTORY_NONE, PLAN_DAYS, W, cli_set },
	{ "pmr", APP_HISTORY_TODAY, PLAN_DAYS | PLAN_PMR | PLAN_JOURNAL, W,
	  cli_pmr },
	{ "log", APP_HISTORY_NONE, PLAN_DAYS | PLAN_JOURNAL, W, cli_log },
	{ "flags", APP_HISTORY_NONE, PLAN_DAYS | PLAN_GUIDE,
	  CMD_OPEN | CMD_WRITES_ARGS, cli_flags },
	{ "review", APP_HISTORY_WEEK, PLAN_DAYS | PLAN_GUIDE | PLAN_JOURNAL,
	  CMD_OPEN, cli_review },
	{ "export", APP_HISTORY_ALL, PLAN_JOURNAL, CMD_OPEN, cli_export },
	{ "next", APP_HISTORY_NONE, PLAN_DAYS, CMD_OPEN, cli_next },
	{ "weeks", APP_HISTORY_ALL, PLAN_DAYS | PLAN_GUIDE | PLAN_JOURNAL,
	  CMD_OPEN, cli_weeks },
	{ "remind", APP_HISTORY_NONE, PLAN_DAYS, CMD_OPEN, cli_remind },
	{ "plan", APP_HISTORY_NONE, 0, 0, cli_plan },
};
#undef W

static const struct cmd_entry *
cmd_find(const char *name)
{
	size_t i;

	for (i = 0; i < WD_NELEM(cmd_table); i++) {
		if (strcmp(cmd_table[i].name, name) == 0)
			return &cmd_table[i];
	}
	return NULL;
}

/* The options: each a row saying what it sets in struct app. */
enum opt_kind {
	OPT_HELP,    /* print the help, exit 0 */
	OPT_VERSION, /* print the version, exit 0 */
	OPT_FLAG,    /* a bool set to true */
	OPT_TEXT,    /* a const char * pointing into argv */
	OPT_PATH,    /* a char * of its own */
	OPT_DATE,    /* a day number */
	OPT_SECONDS, /* an int, 1..3600 */
	OPT_SETTLE,  /* an int, 0..3600 */
	OPT_ON,      /* an int set to 1 */
	OPT_OFF,     /* an int set to 0 */
	OPT_COUNT,   /* an int, 1..100000 */
};

struct opt_entry {
	const char   *name;
	const char   *alias; /* a short form, or NULL */
	enum opt_kind kind;
	size_t        field; /* offsetof(struct app, ...) */
};

#define OPT(n, a, k, f) { n, a, k, offsetof(struct app, f) }
static const struct opt_entry opt_table[] = {
	OPT("--help", "-h", OPT_HELP, quiet),
	OPT("--version", "-V", OPT_VERSION, quiet),
	OPT("--quiet", NULL, OPT_FLAG, quiet),
	OPT("--plain", NULL, OPT_FLAG, plain),
	OPT("--fields", NULL, OPT_FLAG, fields),
	OPT("--plan-dir", NULL, OPT_PATH, plan_dir),
	OPT("--state", NULL, OPT_PATH, state_path),
	OPT("--date", NULL, OPT_DATE, date),
	OPT("--time", NULL, OPT_TEXT, time),
	OPT("--routine", NULL, OPT_TEXT, routine),
	OPT("--tense", NULL, OPT_SECONDS, tense),
	OPT("--release", NULL, OPT_SECONDS, release),
	OPT("--format", NULL, OPT_TEXT, format),
	OPT("--settle", NULL, OPT_SETTLE, settle),
	OPT("--speak", NULL, OPT_ON, speak),
	OPT("--no-speak", NULL, OPT_OFF, speak),
	OPT("--tones", NULL, OPT_ON, tones),
	OPT("--no-tones", NULL, OPT_OFF, tones),
	OPT("--audio", NULL, OPT_TEXT, audio_file),
	OPT("--week", NULL, OPT_COUNT, week),
	OPT("--yes", NULL, OPT_FLAG, yes),
};

/* Does the option take a value? */
static bool
opt_value(const struct opt_entry *o)
{
	return o->kind > OPT_FLAG && o->kind != OPT_ON && o->kind != OPT_OFF;
}

/* The option arg is, alone or (when it takes a value) with "=value". */
static const struct opt_entry *
opt_find(const char *arg)
{
	size_t i, n;

	for (i = 0; i < WD_NELEM(opt_table); i++) {
		const struct opt_entry *o = &opt_table[i];

		n = strlen(o->name);
		if ((o->alias != NULL && strcmp(arg, o->alias) == 0) ||
		    (strncmp(arg, o->name, n) == 0 && (arg[n] == '\0' ||
		    (opt_value(o) && arg[n] == '='))))
			return o;
	}
	return NULL;
}

/* A whole number from min to max in v; 0, or -1 when it is not one. */
static int
opt_int(const char *v, long min, long max, int *out)
{
	char *end;
	long  n;

	errno = 0;
	n = strtol(v, &end, 10);
	if (errno != 0 || end == v || *end != '\0' || n < min || n > max)
		return -1;
	*out = (int)n;
	return 0;
}

/* Apply option o with value v; returns 0, an exit code, or -1 when the
 * program should exit 0 (help and version). */
static int
opt_apply(struct app *app, const struct opt_entry *o, const char *v)
{
	char *field = (char *)app + o->field;

	switch (o->kind) {
	case OPT_HELP:
	case OPT_VERSION:
		if ((o->kind == OPT_HELP ? cli_help() : cli_version()) == 0)
			return -1;
		app_warn("standard output: %s", strerror(errno));
		return EX_IOERR;
	case OPT_FLAG:
		*(bool *)(void *)field = true;
		break;
	case OPT_TEXT:
		*(const char **)(void *)field = v;
		break;
	case OPT_PATH:
		free(*(char **)(void *)field);
		*(char **)(void *)field = xstrdup(v);
		break;
	case OPT_DATE:
		/* today and yesterday: evenings, known once the clock and
		 * the rollover hour are (app_open). */
		if (strcmp(v, "today") == 0 || strcmp(v, "yesterday") == 0) {
			app->date_back = v[0] == 't' ? 0 : 1;
			app->dated = false;
			break;
		}
		app->date_back = -1;
		if (day_parse(v, (int *)(void *)field) != 0)
			return app_usage("'%s' is not a date (use YYYY-MM-DD, "
			    "today or yesterday)", v);
		if (*(int *)(void *)field > day_from_ymd(DAY_LAST_Y,
		    DAY_LAST_M, DAY_LAST_D))
			return app_usage("'%s' is past " DAY_LAST_TEXT ", the "
			    "last date winddown acts on", v);
		app->dated = true; /* 1970-01-01 is day 0: no sentinel */
		break;
	case OPT_SECONDS:
	case OPT_SETTLE:
		if (opt_int(v, o->kind == OPT_SETTLE ? 0 : 1, 3600,
		    (int *)(void *)field) != 0)
			return app_usage("'%s' is not a number of seconds "
			    "from %d to 3600", v, o->kind == OPT_SETTLE ? 0 : 1);
		break;
	case OPT_COUNT:
		if (opt_int(v, 1, 100000, (int *)(void *)field) != 0)
			return app_usage("'%s' is not a week number (1, 2, ...)",
			    v);
		break;
	case OPT_ON:
	case OPT_OFF:
		*(int *)(void *)field = o->kind == OPT_ON;
		break;
	}
	return 0;
}

/* Parse the options into app and the other words into args; returns 0,
 * an exit code, or -1 for a clean exit. */
static int
parse_options(struct app *app, int argc, char **argv, char **args,
    int *nargs)
{
	const struct opt_entry *o;
	const char             *v;
	bool                    options_done = false;
	int                     i, rc;

	for (i = 1; i < argc; i++) {
		char *a = argv[i];

		if (options_done || a[0] != '-' || a[1] == '\0') {
			args[(*nargs)++] = a;
			continue;
		}
		if (strcmp(a, "--") == 0) {
			options_done = true;
			continue;
		}
		if ((o = opt_find(a)) == NULL)
			return app_usage("unknown option '%s'", a);
		v = "";
		if (opt_value(o) && a[strlen(o->name)] == '=')
			v = a + strlen(o->name) + 1;
		else if (opt_value(o) && i + 1 >= argc)
			return app_usage("option '%s' needs a value", o->name);
		else if (opt_value(o))
			v = argv[++i];
		if ((rc = opt_apply(app, o, v)) != 0)
			return rc;
	}
	return 0;
}

int
main(int argc, char **argv)
{
	const struct cmd_entry *cmd;
	struct app              app;
	char                  **args;
	int                     nargs = 0, rc;

	setlocale(LC_ALL, "");
	signal(SIGXFSZ, SIG_IGN); /* a full file is an error, not a death */
	app_init(&app);
	args = xcalloc((size_t)argc + 1, sizeof *args);
	if ((rc = parse_options(&app, argc, argv, args, &nargs)) != 0) {
		app_close(&app);
		free(args);
		return rc < 0 ? 0 : rc;
	}
	if (nargs == 0)
		args[nargs++] = "coach";
	if ((cmd = cmd_find(args[0])) == NULL)
		rc = app_usage("unknown command '%s'", args[0]);
	else if (app.week > 0 && strcmp(cmd->name, "review") != 0)
		rc = app_usage("--week goes with 'review' only");
	else {
		app_find_plan(&app);
		if (cmd->flags & CMD_OPEN)
			rc = app_open(&app, cmd->parts, cmd->history,
			    (cmd->flags & CMD_INTERACTIVE) != 0);
		/* Only what reads may look ahead: a tick or a night saved
		 * for a day not yet lived would mislead every review. */
		if (rc == 0 && app.audio_file == NULL &&
		    ((cmd->flags & CMD_WRITES) ||
		    ((cmd->flags & CMD_WRITES_ARGS) && nargs > 1)))
			rc = app_not_ahead(&app);
		if (rc == 0)
			rc = cmd->run(&app, nargs - 1, args + 1);
	}
	app_close(&app);
	free(args);
	return rc;
}
