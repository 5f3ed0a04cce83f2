/* winddown: the options and the table of commands. Each command says
 * which plan files and how much history it needs; app.c opens them
 * before the terminal is touched, so a broken file is reported plainly. */
#include "app.h"

#include <errno.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "winddown/day.h"
#include "winddown/util.h"

static const char usage_text[] =
"Usage: winddown [OPTION]... [COMMAND [ARG]...]\n"
"A coach for a seven-day plan to calm the leg twitches that jolt you\n"
"awake as you fall asleep. With no command, opens the coach.\n"
"\n"
"Commands:\n"
"  status                  print today's task and checklist\n"
"  done [N]...             tick today's steps N (all when none given)\n"
"  undo N...               untick today's steps N\n"
"  restart                 archive this week and start a new one today\n"
"  set bedtime HH:MM       set the target bedtime (default 22:30)\n"
"  set rollover H          hour a day ends next morning (default 4)\n"
"  set bell on|off         ring at relaxation phase changes\n"
"  pmr                     guided progressive muscle relaxation\n"
"  journal                 open the coach on the journal form\n"
"  log FIELD=VALUE...      record last night's journal entry\n"
"  flags [ID=yes|no]...    answer the red-flag questions\n"
"  review                  print the week's review\n"
"  export                  print every journal night (CSV or JSON)\n"
"  plan check [DIR|FILE]...  check plan files and report errors\n"
"\n"
"Options:\n"
"  --plan-dir DIR          read the plan from DIR\n"
"  --state FILE            keep progress in FILE\n"
"  --date YYYY-MM-DD       act as if today were that date\n"
"  --routine lower|full    relaxation routine (default: lower)\n"
"  --tense SEC             seconds to tense each muscle group\n"
"  --release SEC           seconds to release each muscle group\n"
"  --plain                 relaxation cues as plain lines, no screen\n"
"  --quiet                 no bell at relaxation phase changes\n"
"  --format FMT            review: text, markdown or json;\n"
"                          export: csv or json\n"
"  -h, --help              show this help and exit\n"
"  -V, --version           show the version and exit\n"
"\n"
"The advice is not medical advice. See winddown(1) and winddown-plan(5).\n";

/* Flags of a command. */
#define CMD_OPEN        0x1 /* needs the plan and state opened */
#define CMD_INTERACTIVE 0x2 /* may offer to move a broken state aside */

struct cmd_entry {
	const char      *name;
	enum app_history history; /* the state it loads */
	unsigned         parts;   /* the plan files it reads */
	int              flags;
	int            (*run)(struct app *, int, char **);
};

static int
run_coach(struct app *app, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return ui_main(app, "coach");
}

static int
run_journal(struct app *app, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return ui_main(app, "journal");
}

static int
run_pmr(struct app *app, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return app->plain ? pmr_run_plain(app) : ui_main(app, "pmr");
}

static const struct cmd_entry cmd_table[] = {
	/* The coach reads the other plan files when a screen needs them
	 * (app_plan_need), so a broken one breaks only that screen. */
	{ "coach", APP_HISTORY_EVENINGS, PLAN_DAYS,
	  CMD_OPEN | CMD_INTERACTIVE, run_coach },
	{ "journal", APP_HISTORY_EVENINGS, PLAN_DAYS | PLAN_JOURNAL,
	  CMD_OPEN | CMD_INTERACTIVE, run_journal },
	{ "status", APP_HISTORY_TODAY, PLAN_DAYS, CMD_OPEN, cli_status },
	{ "done", APP_HISTORY_NONE, PLAN_DAYS, CMD_OPEN, cli_done },
	{ "undo", APP_HISTORY_NONE, PLAN_DAYS, CMD_OPEN, cli_undo },
	{ "restart", APP_HISTORY_WEEKS, PLAN_DAYS, CMD_OPEN, cli_restart },
	{ "set", APP_HISTORY_NONE, PLAN_DAYS, CMD_OPEN, cli_set },
	{ "pmr", APP_HISTORY_TODAY, PLAN_DAYS | PLAN_PMR | PLAN_JOURNAL,
	  CMD_OPEN, run_pmr },
	{ "log", APP_HISTORY_NONE, PLAN_JOURNAL, CMD_OPEN, cli_log },
	{ "flags", APP_HISTORY_NONE, PLAN_DAYS, CMD_OPEN, cli_flags },
	{ "review", APP_HISTORY_WEEK, PLAN_DAYS | PLAN_JOURNAL, CMD_OPEN,
	  cli_review },
	{ "export", APP_HISTORY_ALL, PLAN_JOURNAL, CMD_OPEN, cli_export },
	{ "plan", APP_HISTORY_NONE, 0, 0, cli_plan },
};

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

/* The options. */
enum opt {
	OPT_HELP, OPT_VERSION, OPT_QUIET, OPT_PLAIN, OPT_PLAN_DIR, OPT_STATE,
	OPT_DATE, OPT_ROUTINE, OPT_TENSE, OPT_RELEASE, OPT_FORMAT
};

struct opt_entry {
	const char *name;
	const char *alias; /* a short form, or NULL */
	enum opt    opt;
	bool        value; /* takes a value: --name VALUE or --name=VALUE */
};

static const struct opt_entry opt_table[] = {
	{ "--help", "-h", OPT_HELP, false },
	{ "--version", "-V", OPT_VERSION, false },
	{ "--quiet", NULL, OPT_QUIET, false },
	{ "--plain", NULL, OPT_PLAIN, false },
	{ "--plan-dir", NULL, OPT_PLAN_DIR, true },
	{ "--state", NULL, OPT_STATE, true },
	{ "--date", NULL, OPT_DATE, true },
	{ "--routine", NULL, OPT_ROUTINE, true },
	{ "--tense", NULL, OPT_TENSE, true },
	{ "--release", NULL, OPT_RELEASE, true },
	{ "--format", NULL, OPT_FORMAT, true },
};

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
		    (o->value && arg[n] == '='))))
			return o;
	}
	return NULL;
}

/* Apply option o with value v; returns 0, an exit code, or -1 when the
 * program should exit 0 (help and version). */
static int
opt_apply(struct app *app, const struct opt_entry *o, const char *v)
{
	char *end;
	long  n;

	switch (o->opt) {
	case OPT_HELP:
		fputs(usage_text, stdout);
		return -1;
	case OPT_VERSION:
		printf("winddown %s\n", WD_VERSION);
		printf("Plan content adapted from \"Why Do My Legs Twitch "
		    "Before Falling Asleep And How To Stop It\" by "
		    "Olivia Scott.\nNot medical advice.\n");
		return -1;
	case OPT_QUIET:
		app->quiet = true;
		break;
	case OPT_PLAIN:
		app->plain = true;
		break;
	case OPT_PLAN_DIR:
		free(app->plan_dir);
		app->plan_dir = xstrdup(v);
		break;
	case OPT_STATE:
		free(app->state_path);
		app->state_path = xstrdup(v);
		break;
	case OPT_DATE:
		if (day_parse(v, &app->date) != 0)
			return app_usage("'%s' is not a date (use YYYY-MM-DD)",
			    v);
		break;
	case OPT_ROUTINE:
		app->routine = v;
		break;
	case OPT_FORMAT:
		app->format = v;
		break;
	case OPT_TENSE:
	case OPT_RELEASE:
		/* A whole number of seconds in [1, 3600]. */
		errno = 0;
		n = strtol(v, &end, 10);
		if (errno != 0 || end == v || *end != '\0' || n < 1 ||
		    n > 3600)
			return app_usage("'%s' is not a number of seconds "
			    "from 1 to 3600", v);
		*(o->opt == OPT_TENSE ? &app->tense : &app->release) = (int)n;
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
		if (o->value && a[strlen(o->name)] == '=')
			v = a + strlen(o->name) + 1;
		else if (o->value && i + 1 >= argc)
			return app_usage("option '%s' needs a value", o->name);
		else if (o->value)
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
	else {
		app_find_plan(&app);
		if (cmd->flags & CMD_OPEN)
			rc = app_open(&app, cmd->parts, cmd->history,
			    (cmd->flags & CMD_INTERACTIVE) != 0);
		if (rc == 0)
			rc = cmd->run(&app, nargs - 1, args + 1);
	}
	app_close(&app);
	free(args);
	return rc;
}
