/* winddown: options, start-up order, and the hand-over to a command or
 * the coach. The plan and state are loaded before the terminal is
 * touched, so a broken file is reported plainly. */
#ifndef _XOPEN_SOURCE
#define _XOPEN_SOURCE 700
#endif
#include "app.h"
#include "audio-run.h"

#include <errno.h>
#include <langinfo.h>
#include <limits.h>
#include <locale.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sysexits.h>
#include <time.h>
#include <unistd.h>

#include "winddown/day.h"
#include "winddown/plancache.h"
#include "winddown/util.h"

#ifndef WD_PLANDIR
#define WD_PLANDIR "/usr/local/share/winddown/plans"
#endif

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
"  set speech on|off       speak relaxation cues (default off)\n"
"  set tones on|off        soft tones at relaxation phase changes\n"
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
"  --settle SEC            seconds of settling breath first (0-3600)\n"
"  --speak, --no-speak     relaxation: speak the cues (espeak-ng)\n"
"  --tones, --no-tones     relaxation: soft tones at phase changes\n"
"  --audio FILE            relaxation: write the session as a WAV file\n"
"  --plain                 relaxation cues as plain lines, no screen\n"
"  --quiet                 no bell at relaxation phase changes\n"
"  --format FMT            review: text, markdown or json;\n"
"                          export: csv or json\n"
"  -h, --help              show this help and exit\n"
"  -V, --version           show the version and exit\n"
"\n"
"The advice is not medical advice. See winddown(1) and winddown-plan(5).\n";

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

static int usage_error(const char *, ...) WD_PRINTF(1, 2);

/* Report bad usage the GNU way; returns EX_USAGE. */
static int
usage_error(const char *fmt, ...)
{
	va_list ap;

	fputs("winddown: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs("\nTry 'winddown --help' for more information.\n", stderr);
	return EX_USAGE;
}

/* Parse a whole number of seconds in [1, 3600]. */
static int
parse_seconds(const char *s, int *out)
{
	char *end;
	long  v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || v < 1 || v > 3600)
		return -1;
	*out = (int)v;
	return 0;
}

/* Parse a whole number of seconds in [0, 3600] (settle may be none). */
static int
parse_settle(const char *s, int *out)
{
	if (strcmp(s, "0") == 0) {
		*out = 0;
		return 0;
	}
	return parse_seconds(s, out);
}

/* The bundled plans: beside the binary in a checkout, relative to an
 * installed binary, or the directory compiled in. */
static char *
default_plan_dir(void)
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

/* The time a file changed now would at least get: the coarse clock the
 * kernel stamps files with, or the fine one a second back; NULL when
 * neither can be read. */
static const struct timespec *
file_clock(struct timespec *now)
{
#ifdef CLOCK_REALTIME_COARSE
	if (clock_gettime(CLOCK_REALTIME_COARSE, now) == 0)
		return now;
#endif
	if (clock_gettime(CLOCK_REALTIME, now) == -1)
		return NULL;
	now->tv_sec--;
	return now;
}

/* $XDG_CONFIG_HOME/winddown/plans, or ~/.config/winddown/plans. */
static char *
override_plan_dir(void)
{
	const char *xdg = getenv("XDG_CONFIG_HOME");
	const char *home = getenv("HOME");

	if (xdg != NULL && xdg[0] == '/')
		return xasprintf("%s/winddown/plans", xdg);
	if (home != NULL && home[0] != '\0')
		return xasprintf("%s/.config/winddown/plans", home);
	return NULL;
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

	if (s->from <= s->to && date >= s->from && date <= s->to)
		return 0;
	if (s->from > s->to)
		s->from = s->to = date;
	else if (date < s->from)
		s->from = date;
	else
		s->to = date;
	return state_load_more(&app->st, app->state_path, *s, cause);
}

/* The history a command needs, once the main file is loaded. */
static struct state_span
command_span(const struct app *app, const char *cmd)
{
	const struct state *st = &app->st;
	int                 from = app->today - 1, to = app->today;

	if (strcmp(cmd, "export") == 0)
		return state_span_all();
	if (strcmp(cmd, "restart") == 0) {
		struct state_span s = state_span_none();

		s.weeks = true;
		return s;
	}
	if (strcmp(cmd, "status") == 0 || strcmp(cmd, "pmr") == 0)
		return state_span_dates(app->today, app->today);
	if (strcmp(cmd, "review") == 0 || strcmp(cmd, "coach") == 0 ||
	    strcmp(cmd, "journal") == 0) {
		/* The week (for the review) and the last two evenings. */
		if (st->started) {
			int end = st->week.start + app->plan.ndays - 1;

			from = st->week.start < from ? st->week.start : from;
			to = end > to ? end : to;
		}
		if (strcmp(cmd, "review") == 0 && st->started)
			return state_span_dates(st->week.start,
			    st->week.start + app->plan.ndays - 1);
		return state_span_dates(from, to);
	}
	return state_span_none(); /* the week, settings: the main file */
}

static int
start_week(struct state *st, void *ctx, char **cause)
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
	return app_update(app, start_week, app, cause);
}

/* Take "--name VALUE" or "--name=VALUE"; *i advances past a separate
 * value. Returns NULL (after a message) when the value is missing. */
static const char *
option_value(int argc, char **argv, int *i, const char *name)
{
	size_t n = strlen(name);

	if (argv[*i][n] == '=')
		return argv[*i] + n + 1;
	if (*i + 1 >= argc)
		return NULL;
	return argv[++*i];
}

/* Is argv[i] the option name, alone or with "=value"? */
static bool
is_option(const char *arg, const char *name)
{
	size_t n = strlen(name);

	return strncmp(arg, name, n) == 0 && (arg[n] == '\0' || arg[n] == '=');
}

/* Run `plan check`. */
static int
plan_check_command(struct app *app, int argc, char **argv)
{
	char *messages = NULL;
	int   i, rc = 0, r;

	if (argc < 1 || strcmp(argv[0], "check") != 0)
		return usage_error("unknown plan command '%s' (try 'plan check')",
		    argc > 0 ? argv[0] : "");
	if (argc == 1) {
		/* The plan in use: the bundled files and any overrides. */
		rc = plan_check(app->plan_dir, &messages);
		if (rc == 0 && app->override_dir != NULL) {
			struct plan p;
			char       *cause = NULL;

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

static void
app_free(struct app *app)
{
	plan_free(&app->plan);
	state_free(&app->st);
	free(app->state_path);
	free(app->plan_dir);
	free(app->override_dir);
}

int
main(int argc, char **argv)
{
	struct app  app;
	char      **args, *cause = NULL, *cache_dir;
	struct timespec stamp;
	const char *v, *cmd;
	int         nargs = 0, i, rc;
	bool        options_done = false;

	setlocale(LC_ALL, "");
	signal(SIGXFSZ, SIG_IGN); /* a full file is an error, not a death */
	memset(&app, 0, sizeof app);
	app.tense = app.release = app.settle = -1;
	app.speak = app.tones = -1;
	args = xcalloc((size_t)argc + 1, sizeof *args);

	for (i = 1; i < argc; i++) {
		char *a = argv[i];

		if (options_done || a[0] != '-' || a[1] == '\0') {
			args[nargs++] = a;
			continue;
		}
		if (strcmp(a, "--") == 0)
			options_done = true;
		else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			fputs(usage_text, stdout);
			free(args);
			return 0;
		} else if (strcmp(a, "-V") == 0 || strcmp(a, "--version") == 0) {
			printf("winddown %s\n", WD_VERSION);
			printf("Plan content adapted from \"Why Do My Legs Twitch "
			    "Before Falling Asleep And How To Stop It\" by "
			    "Olivia Scott.\nNot medical advice.\n");
			free(args);
			return 0;
		} else if (strcmp(a, "--quiet") == 0)
			app.quiet = true;
		else if (strcmp(a, "--plain") == 0)
			app.plain = true;
		else if (strcmp(a, "--speak") == 0 ||
		    strcmp(a, "--no-speak") == 0)
			app.speak = a[2] != 'n';
		else if (strcmp(a, "--tones") == 0 ||
		    strcmp(a, "--no-tones") == 0)
			app.tones = a[2] != 'n';
		else if (is_option(a, "--plan-dir") || is_option(a, "--state") ||
		    is_option(a, "--date") || is_option(a, "--routine") ||
		    is_option(a, "--tense") || is_option(a, "--release") ||
		    is_option(a, "--settle") || is_option(a, "--audio") ||
		    is_option(a, "--format")) {
			char name[16];

			snprintf(name, sizeof name, "%.*s",
			    (int)strcspn(a, "="), a);
			if ((v = option_value(argc, argv, &i, name)) == NULL) {
				free(args);
				free(app.plan_dir);
				free(app.state_path);
				return usage_error("option '%s' needs a value",
				    name);
			}
			if (strcmp(name, "--plan-dir") == 0)
				app.plan_dir = xstrdup(v);
			else if (strcmp(name, "--state") == 0)
				app.state_path = xstrdup(v);
			else if (strcmp(name, "--date") == 0) {
				if (day_parse(v, &app.date) != 0) {
					free(args);
					free(app.plan_dir);
					free(app.state_path);
					return usage_error("'%s' is not a date "
					    "(use YYYY-MM-DD)", v);
				}
			} else if (strcmp(name, "--routine") == 0)
				app.routine = v;
			else if (strcmp(name, "--format") == 0)
				app.format = v;
			else if (strcmp(name, "--audio") == 0)
				app.audio_file = v;
			else if (strcmp(name, "--settle") == 0) {
				if (parse_settle(v, &app.settle) != 0) {
					free(args);
					free(app.plan_dir);
					free(app.state_path);
					return usage_error("'%s' is not a number "
					    "of seconds from 0 to 3600", v);
				}
			} else {
				int *out = strcmp(name, "--tense") == 0 ?
				    &app.tense : &app.release;

				if (parse_seconds(v, out) != 0) {
					free(args);
					free(app.plan_dir);
					free(app.state_path);
					return usage_error("'%s' is not a number "
					    "of seconds from 1 to 3600", v);
				}
			}
		} else {
			free(args);
			free(app.plan_dir);
			free(app.state_path);
			return usage_error("unknown option '%s'", a);
		}
	}
	cmd = nargs > 0 ? args[0] : "coach";

	app.now = (long long)time(NULL);
	if (app.plan_dir == NULL) {
		app.plan_dir = default_plan_dir();
		app.override_dir = override_plan_dir();
	}
	if (strcmp(cmd, "plan") == 0) {
		rc = plan_check_command(&app, nargs - 1, args + 1);
		app_free(&app);
		free(args);
		return rc;
	}

	/* The plan, then the state: both before the terminal. The plan
	 * comes from the cache when no plan file changed since it was last
	 * validated; `plan check` always parses. */
	cache_dir = plancache_dir();
	rc = plan_load_cached(&app.plan, app.plan_dir, app.override_dir,
	    cache_dir, file_clock(&stamp), &cause);
	free(cache_dir);
	if (rc != 0) {
		app_warn("%s", cause);
		goto out;
	}
	if (app.state_path == NULL &&
	    (app.state_path = state_default_path(&cause)) == NULL) {
		rc = EX_USAGE;
		app_warn("%s", cause);
		goto out;
	}
	rc = state_load_span(&app.st, app.state_path, state_span_none(),
	    &cause);
	if (rc != 0 && strcmp(cmd, "coach") != 0 &&
	    strcmp(cmd, "journal") != 0) {
		app_warn("%s", cause);
		goto out;
	}
	if (rc != 0) {
		/* The coach may offer to move a broken file aside. */
		rc = ui_offer_move_aside(&app, cause, app.state_path);
		if (rc != 0)
			goto out;
	}
	app.today = app.date != 0 ? app.date :
	    day_evening((time_t)app.now, app.st.settings.rollover);
	app.span = command_span(&app, cmd);
	rc = state_load_more(&app.st, app.state_path, app.span, &cause);
	if (rc != 0 && app.st.broken != NULL && (strcmp(cmd, "coach") == 0 ||
	    strcmp(cmd, "journal") == 0)) {
		/* A month's file: the coach may move it aside too. */
		char *broken = xstrdup(app.st.broken);

		rc = ui_offer_move_aside(&app, cause, broken);
		free(broken);
		if (rc == 0) {
			free(cause);
			cause = NULL;
			rc = state_load_more(&app.st, app.state_path, app.span,
			    &cause);
		} else
			goto out;
	}
	if (rc != 0) {
		app_warn("%s", cause);
		goto out;
	}

	if (strcmp(cmd, "coach") == 0 || strcmp(cmd, "journal") == 0)
		rc = ui_main(&app, cmd);
	else if (strcmp(cmd, "status") == 0)
		rc = cli_status(&app, nargs - 1, args + 1);
	else if (strcmp(cmd, "done") == 0)
		rc = cli_done(&app, nargs - 1, args + 1, true);
	else if (strcmp(cmd, "undo") == 0)
		rc = cli_done(&app, nargs - 1, args + 1, false);
	else if (strcmp(cmd, "restart") == 0)
		rc = cli_restart(&app, nargs - 1, args + 1);
	else if (strcmp(cmd, "set") == 0)
		rc = cli_set(&app, nargs - 1, args + 1);
	else if (strcmp(cmd, "log") == 0)
		rc = cli_log(&app, nargs - 1, args + 1);
	else if (strcmp(cmd, "review") == 0)
		rc = cli_review(&app, nargs - 1, args + 1);
	else if (strcmp(cmd, "export") == 0)
		rc = cli_export(&app, nargs - 1, args + 1);
	else if (strcmp(cmd, "flags") == 0)
		rc = cli_flags(&app, nargs - 1, args + 1);
	else if (strcmp(cmd, "pmr") == 0)
		rc = app.audio_file != NULL ? pmr_run_audio(&app) :
		    app.plain ? pmr_run_plain(&app) : ui_main(&app, "pmr");
	else
		rc = usage_error("unknown command '%s'", cmd);
out:
	free(cause);
	app_free(&app);
	free(args);
	return rc;
}
