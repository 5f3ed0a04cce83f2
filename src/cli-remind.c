/* `winddown remind install|remove|status|fire`: systemd user units that
 * wake the program at the evening timeline's times and once in the
 * morning, and the reminder they send: a desktop notification through
 * libnotify, or the program set with `set notify-command`. What was sent
 * is recorded in PATH.remind beside the state, so nothing is sent twice. */
#ifndef _XOPEN_SOURCE
#define _XOPEN_SOURCE 700
#endif
#include "app.h"

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <sysexits.h>
#include <unistd.h>

#include <libnotify/notify.h>

#include "winddown/cfg.h"
#include "winddown/fileio.h"
#include "winddown/day.h"
#include "winddown/remind.h"
#include "winddown/util.h"

extern char **environ;

#define RECORD_MAX (64 * 1024)

#ifndef WD_BINDIR
#define WD_BINDIR "/usr/local/bin"
#endif

/* $XDG_CONFIG_HOME/systemd/user, or ~/.config/systemd/user. */
static char *
unit_dir(char **cause)
{
	const char *xdg = getenv("XDG_CONFIG_HOME");
	const char *home = getenv("HOME");

	if (xdg != NULL && xdg[0] == '/')
		return xasprintf("%s/systemd/user", xdg);
	if (home != NULL && home[0] != '\0')
		return xasprintf("%s/.config/systemd/user", home);
	wd_fail(cause, EX_USAGE, "cannot place the reminder units: neither "
	    "XDG_CONFIG_HOME nor HOME is set");
	return NULL;
}

/* A systemd user manager to talk to: its private socket is there. */
static bool
user_manager(void)
{
	const char *rt = getenv("XDG_RUNTIME_DIR");
	struct stat sb;
	char       *p;
	bool        ok;

	if (rt == NULL || rt[0] != '/')
		return false;
	p = xasprintf("%s/systemd/private", rt);
	ok = stat(p, &sb) == 0;
	free(p);
	return ok;
}

/* A session bus for desktop notifications. */
static bool
session_bus(void)
{
	const char *addr = getenv("DBUS_SESSION_BUS_ADDRESS");
	const char *rt = getenv("XDG_RUNTIME_DIR");
	struct stat sb;
	char       *p;
	bool        ok;

	if (addr != NULL && addr[0] != '\0')
		return true;
	if (rt == NULL || rt[0] != '/')
		return false;
	p = xasprintf("%s/bus", rt);
	ok = stat(p, &sb) == 0 && S_ISSOCK(sb.st_mode);
	free(p);
	return ok;
}

/* Run argv (no shell) and wait; 0, or an EX_* code with *cause. */
static int
run(char *const *argv, char **cause)
{
	pid_t pid;
	int   status, e;

	fflush(stdout);
	if ((e = posix_spawnp(&pid, argv[0], NULL, NULL, argv, environ)) != 0)
		return wd_fail(cause, EX_UNAVAILABLE, "cannot run '%s': %s",
		    argv[0], strerror(e));
	while (waitpid(pid, &status, 0) == -1) {
		if (errno != EINTR)
			return wd_fail(cause, EX_OSERR, "waiting for '%s': %s",
			    argv[0], strerror(errno));
	}
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return 0;
	if (WIFEXITED(status))
		return wd_fail(cause, EX_UNAVAILABLE, "'%s' exited with status "
		    "%d", argv[0], WEXITSTATUS(status));
	return wd_fail(cause, EX_UNAVAILABLE, "'%s' was killed by signal %d",
	    argv[0], WTERMSIG(status));
}

/* systemctl --user ARG [UNIT]. */
static int
systemctl(const char *arg, const char *unit, char **cause)
{
	char *argv[5] = { "systemctl", "--user", (char *)arg, (char *)unit,
		NULL };

	return run(argv, cause);
}

/* The file's text, or NULL when it is missing (or unreadable: *cause). */
static char *
slurp_file(const char *path, size_t *len, int *rc, char **cause)
{
	char *text = NULL;

	*rc = cfg_read_file(path, RECORD_MAX, &text, len, cause);
	if (*rc == EX_NOINPUT && errno == ENOENT) {
		*rc = 0;
		free(*cause);
		*cause = NULL;
		return NULL;
	}
	return *rc == 0 ? text : NULL;
}

/* An absolute path for a file that may not exist yet. */
static char *
absolute(const char *path)
{
	char *dir, *base, *real, *slash, *out;

	if ((real = realpath(path, NULL)) != NULL)
		return real;
	dir = xstrdup(path);
	if ((slash = strrchr(dir, '/')) != NULL) {
		*slash = '\0';
		base = slash + 1;
		real = realpath(dir[0] == '\0' ? "/" : dir, NULL);
	} else {
		base = dir;
		real = realpath(".", NULL);
	}
	out = real != NULL ? xasprintf("%s/%s", strcmp(real, "/") == 0 ? "" :
	    real, base) : xstrdup(path);
	free(real);
	free(dir);
	return out;
}

struct units {
	char *dir;
	char *timer;   /* paths */
	char *service;
	char *wants;   /* the symlink `systemctl enable` makes */
};

static int
units_init(struct units *u, char **cause)
{
	memset(u, 0, sizeof *u);
	if ((u->dir = unit_dir(cause)) == NULL)
		return EX_USAGE;
	u->timer = xasprintf("%s/%s", u->dir, REMIND_TIMER);
	u->service = xasprintf("%s/%s", u->dir, REMIND_SERVICE);
	u->wants = xasprintf("%s/timers.target.wants/%s", u->dir,
	    REMIND_TIMER);
	return 0;
}

static void
units_free(struct units *u)
{
	free(u->dir);
	free(u->timer);
	free(u->service);
	free(u->wants);
}

/* The units' text for this program, state and plan. */
static void
unit_texts(const struct app *app, struct buf *timer, struct buf *service)
{
	const char *argv[8];
	char        exe[PATH_MAX];
	char       *state, *plans = NULL;
	ssize_t     n;
	int         argc = 0;

	n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	exe[n > 0 ? n : 0] = '\0';
	if (n <= 0)
		snprintf(exe, sizeof exe, "%s/winddown", WD_BINDIR);
	state = absolute(app->state_path);
	argv[argc++] = exe;
	if (app->override_dir == NULL) { /* --plan-dir was given */
		plans = absolute(app->plan_dir);
		argv[argc++] = "--plan-dir";
		argv[argc++] = plans;
	}
	argv[argc++] = "--state";
	argv[argc++] = state;
	argv[argc++] = "remind";
	argv[argc++] = "fire";
	remind_unit_timer(&app->plan, &app->st.settings, timer);
	remind_unit_service(argv, argc, service);
	free(state);
	free(plans);
}

/* Is the file's text exactly b? */
static bool
same_text(const char *path, const struct buf *b)
{
	char  *text, *cause = NULL;
	size_t len;
	int    rc;
	bool   same;

	text = slurp_file(path, &len, &rc, &cause);
	free(cause);
	same = text != NULL && len == b->len && memcmp(text, b->data, len) == 0;
	free(text);
	return same;
}

static void
print_manual(const char *what)
{
	printf("No systemd user manager is running here; %s, run:\n", what);
}

/* Write both units; *changed says whether any text changed. */
static int
write_units(const struct app *app, const struct units *u, bool *changed,
    char **cause)
{
	struct buf timer = { 0 }, service = { 0 };
	int        rc;

	unit_texts(app, &timer, &service);
	*changed = !same_text(u->timer, &timer) ||
	    !same_text(u->service, &service);
	rc = 0;
	if (!same_text(u->service, &service))
		rc = fileio_write_atomic(u->service, service.data,
		    service.len, 0644, cause);
	if (rc == 0 && !same_text(u->timer, &timer))
		rc = fileio_write_atomic(u->timer, timer.data, timer.len,
		    0644, cause);
	buf_free(&timer);
	buf_free(&service);
	return rc;
}

static int
remind_install(struct app *app)
{
	struct units u;
	char        *cause = NULL, t[6];
	int          clocks[REMIND_MAX * 2], n, i, rc;
	bool         changed;

	if ((rc = units_init(&u, &cause)) == 0)
		rc = write_units(app, &u, &changed, &cause);
	if (rc == 0) {
		n = remind_clocks(&app->plan, &app->st.settings, clocks,
		    (int)WD_NELEM(clocks));
		printf("Wrote %s\nWrote %s\nReminders at", u.timer, u.service);
		for (i = 0; i < n; i++) {
			hhmm_format(clocks[i], t);
			printf(" %s", t);
		}
		printf(" (the morning one asks for last night).\n");
		if (user_manager()) {
			rc = systemctl("daemon-reload", NULL, &cause);
			if (rc == 0) {
				char *argv[] = { "systemctl", "--user",
					"enable", "--now", REMIND_TIMER, NULL };

				rc = run(argv, &cause);
			}
			if (rc == 0)
				printf("Enabled with systemctl --user.\n");
		} else {
			print_manual("to turn the reminders on");
			printf("  systemctl --user daemon-reload\n"
			    "  systemctl --user enable --now %s\n",
			    REMIND_TIMER);
		}
	}
	if (rc != 0)
		app_warn("remind install: %s", cause);
	free(cause);
	units_free(&u);
	return rc;
}

/* Remove path; true when it was there. */
static bool
remove_file(const char *path, int *rc, char **cause)
{
	struct stat sb;

	if (lstat(path, &sb) == -1)
		return false;
	if (unlink(path) == -1) {
		if (*rc == 0)
			*rc = wd_fail(cause, EX_CANTCREAT, "%s: %s", path,
			    strerror(errno));
		return false;
	}
	printf("Removed %s\n", path);
	return true;
}

static int
remind_remove(struct app *app)
{
	struct units u;
	struct stat  sb;
	char        *cause = NULL, *wantsdir;
	int          rc;
	bool         any = false, manager = user_manager();

	(void)app;
	if ((rc = units_init(&u, &cause)) != 0) {
		app_warn("remind remove: %s", cause);
		free(cause);
		return rc;
	}
	if (manager && lstat(u.timer, &sb) == 0) {
		char *argv[] = { "systemctl", "--user", "disable", "--now",
			REMIND_TIMER, NULL };

		rc = run(argv, &cause);
	}
	any |= remove_file(u.wants, &rc, &cause);
	any |= remove_file(u.timer, &rc, &cause);
	any |= remove_file(u.service, &rc, &cause);
	/* The directories enable and install made, when left empty. */
	wantsdir = xasprintf("%s/timers.target.wants", u.dir);
	rmdir(wantsdir);
	free(wantsdir);
	if (rmdir(u.dir) == 0 && (wantsdir = strrchr(u.dir, '/')) != NULL) {
		*wantsdir = '\0';
		rmdir(u.dir);
	}
	if (!any && rc == 0)
		printf("No reminder units are installed in %s.\n", u.dir);
	if (any && rc == 0) {
		if (manager)
			rc = systemctl("daemon-reload", NULL, &cause);
		else {
			print_manual("to forget the units");
			printf("  systemctl --user daemon-reload\n");
		}
	}
	if (rc != 0)
		app_warn("remind remove: %s", cause);
	free(cause);
	units_free(&u);
	return rc;
}

/* PATH.remind beside the state. */
static char *
record_path(const struct app *app)
{
	return xasprintf("%s.remind", app->state_path);
}

/* Load the sent record (empty when missing). */
static int
load_record(const char *path, struct remind_sent *sent, char **cause)
{
	char  *text;
	size_t len;
	int    rc;

	memset(sent, 0, sizeof *sent);
	text = slurp_file(path, &len, &rc, cause);
	if (text != NULL)
		rc = remind_sent_parse(sent, text, len, path, cause);
	free(text);
	return rc;
}

static const char *
verdict_text(enum remind_verdict v)
{
	switch (v) {
	case REMIND_NO_WEEK:
		return "no week is running that night";
	case REMIND_DONE:
		return "today's steps are done";
	case REMIND_LOGGED:
		return "that night is logged already";
	case REMIND_SENT:
		return "sent already";
	default:
		return "due";
	}
}

/* How a reminder would reach the user. */
static void
print_delivery(const struct app *app)
{
	if (app->st.settings.notify_command != NULL)
		printf("Delivery: runs %s with the message\n",
		    app->st.settings.notify_command);
	else if (session_bus())
		printf("Delivery: desktop notification on the session bus\n");
	else
		printf("Delivery: none: no session bus here and no "
		    "notify-command set\n");
}

static int
remind_status(struct app *app)
{
	struct units       u;
	struct remind_sent sent;
	struct remind      m;
	struct buf         timer = { 0 }, service = { 0 }, msg = { 0 };
	struct stat        sb;
	char              *cause = NULL, *rec, d[11];
	int                rc, e;

	if ((rc = units_init(&u, &cause)) != 0) {
		app_warn("remind status: %s", cause);
		free(cause);
		return rc;
	}
	if (lstat(u.timer, &sb) == 0) {
		unit_texts(app, &timer, &service);
		printf("Installed: %s (%s)\n", u.timer,
		    same_text(u.timer, &timer) && same_text(u.service,
		    &service) ? "up to date" : "out of date: run 'winddown "
		    "remind install'");
		printf("Installed: %s\n", u.service);
		printf("Enabled: %s\n", lstat(u.wants, &sb) == 0 ? "yes" :
		    "no");
	} else
		printf("Not installed: run 'winddown remind install'\n");
	print_delivery(app);
	e = remind_evening_of(app->local, app->st.settings.rollover);
	rec = record_path(app);
	rc = app_need(app, e - 1, &cause);
	if (rc == 0)
		rc = app_need(app, e + 15, &cause);
	if (rc == 0)
		rc = load_record(rec, &sent, &cause);
	if (rc == 0) {
		if (remind_next(&app->plan, &app->st, &sent, app->local, &m)) {
			day_format((int)((m.at - m.clock) / (24 * 60)), d);
			remind_message(&m, &msg);
			buf_add(&msg, "", 1);
			wd_sanitize(msg.data, false);
			printf("Next reminder on %s: %s\n", d, msg.data);
		} else
			printf("Next reminder: none (no week running)\n");
		remind_sent_free(&sent);
	} else
		app_warn("remind status: %s", cause);
	free(rec);
	free(cause);
	buf_free(&timer);
	buf_free(&service);
	buf_free(&msg);
	units_free(&u);
	return rc;
}

/* Body text for a notification server: markup characters escaped. */
static char *
escape_markup(const char *s)
{
	struct buf b = { 0 };

	for (; *s != '\0'; s++) {
		if (*s == '&')
			buf_puts(&b, "&amp;");
		else if (*s == '<')
			buf_puts(&b, "&lt;");
		else if (*s == '>')
			buf_puts(&b, "&gt;");
		else
			buf_add(&b, s, 1);
	}
	buf_add(&b, "", 1);
	return b.data;
}

/* libnotify, loaded only when a notification is sent: linked in, it
 * and GLib would more than double the start-up time of every command. */
#define LIBNOTIFY "libnotify.so.4"

struct libnotify {
	gboolean (*init)(const char *);
	void     (*uninit)(void);
	NotifyNotification *(*create)(const char *, const char *,
	    const char *);
	void     (*set_urgency)(NotifyNotification *, NotifyUrgency);
	gboolean (*show)(NotifyNotification *, GError **);
	void     (*unref)(gpointer);
	void     (*error_free)(GError *);
};

static int
libnotify_load(struct libnotify *ln, char **cause)
{
	void       *h;
	const char *e;

	dlerror();
	if ((h = dlopen(LIBNOTIFY, RTLD_NOW | RTLD_LOCAL)) == NULL &&
	    (h = dlopen("libnotify.so", RTLD_NOW | RTLD_LOCAL)) == NULL) {
		e = dlerror();
		wd_fail(cause, 0, "desktop notification: cannot load %s: %s",
		    LIBNOTIFY, e != NULL ? e : "not found");
		return EX_UNAVAILABLE;
	}
	/* POSIX lets dlsym's object pointer be a function pointer. */
	ln->init = (gboolean (*)(const char *))dlsym(h, "notify_init");
	ln->uninit = (void (*)(void))dlsym(h, "notify_uninit");
	ln->create = (NotifyNotification *(*)(const char *, const char *,
	    const char *))dlsym(h, "notify_notification_new");
	ln->set_urgency = (void (*)(NotifyNotification *, NotifyUrgency))
	    dlsym(h, "notify_notification_set_urgency");
	ln->show = (gboolean (*)(NotifyNotification *, GError **))dlsym(h,
	    "notify_notification_show");
	ln->unref = (void (*)(gpointer))dlsym(h, "g_object_unref");
	ln->error_free = (void (*)(GError *))dlsym(h, "g_error_free");
	if (ln->init == NULL || ln->uninit == NULL || ln->create == NULL ||
	    ln->set_urgency == NULL || ln->show == NULL || ln->unref == NULL ||
	    ln->error_free == NULL) {
		wd_fail(cause, 0, "desktop notification: %s lacks a function "
		    "winddown needs", LIBNOTIFY);
		return EX_UNAVAILABLE;
	}
	return 0; /* never unloaded: GLib does not support it */
}

static int
desktop_notify(const char *msg, char **cause)
{
	struct libnotify    ln;
	NotifyNotification *n;
	GError             *err = NULL;
	char               *body;
	int                 rc = 0;

	memset(&ln, 0, sizeof ln);
	if (libnotify_load(&ln, cause) != 0)
		return EX_UNAVAILABLE;
	if (!ln.init("winddown"))
		return wd_fail(cause, EX_UNAVAILABLE, "cannot start libnotify");
	body = escape_markup(msg);
	n = ln.create("winddown", body, NULL);
	ln.set_urgency(n, NOTIFY_URGENCY_NORMAL);
	if (!ln.show(n, &err)) {
		rc = wd_fail(cause, EX_UNAVAILABLE, "desktop notification: %s",
		    err != NULL ? err->message : "failed");
		if (err != NULL)
			ln.error_free(err);
	}
	ln.unref(n);
	free(body);
	ln.uninit();
	return rc;
}

static int
deliver(const struct app *app, const char *msg, char **cause)
{
	const char *cmd = app->st.settings.notify_command;

	if (cmd != NULL) {
		char *argv[] = { (char *)cmd, (char *)msg, NULL };
		int   rc = run(argv, cause);

		if (rc != 0) {
			char *c = xasprintf("notify-command: %s", *cause);

			free(*cause);
			*cause = c;
		}
		return rc;
	}
	if (session_bus())
		return desktop_notify(msg, cause);
	return wd_fail(cause, EX_UNAVAILABLE, "no session bus for a desktop "
	    "notification and no notify-command set (see 'winddown set "
	    "notify-command')");
}

/* Rewrite installed units whose text is out of date; quiet when none
 * is installed. *updated says whether anything was written. */
static int
refresh(struct app *app, bool *updated, char **cause)
{
	struct units u;
	struct stat  sb;
	int          rc;

	*updated = false;
	if ((rc = units_init(&u, cause)) != 0)
		return rc == EX_USAGE ? 0 : rc;
	if (lstat(u.timer, &sb) == 0) {
		rc = write_units(app, &u, updated, cause);
		if (rc == 0 && *updated) {
			printf("Updated the reminder times in %s\n", u.timer);
			if (user_manager()) {
				char *argv[] = { "systemctl", "--user",
					"try-restart", REMIND_TIMER, NULL };

				rc = systemctl("daemon-reload", NULL, cause);
				if (rc == 0)
					rc = run(argv, cause);
			} else
				printf("Run 'systemctl --user daemon-reload' "
				    "when a user manager runs.\n");
		}
	}
	units_free(&u);
	return rc;
}

int
cli_remind_refresh(struct app *app)
{
	char *cause = NULL;
	bool  updated;
	int   rc;

	if ((rc = refresh(app, &updated, &cause)) != 0)
		app_warn("reminders: %s", cause);
	free(cause);
	return rc;
}

static int
remind_fire(struct app *app)
{
	struct remind_sent sent;
	struct remind      due, kept;
	struct buf         msg = { 0 }, text = { 0 };
	enum remind_verdict v;
	char              *cause = NULL, *rec, key[32], t[6];
	int                rc, fd = -1, e;
	bool               updated;

	/* A changed plan: the timer follows at the next firing. */
	if (refresh(app, &updated, &cause) != 0) {
		app_warn("remind fire: %s", cause);
		free(cause);
		cause = NULL;
	}
	hhmm_format((int)(((app->local % 1440) + 1440) % 1440), t);
	if (!remind_due(&app->plan, &app->st, app->local, &due)) {
		printf("No reminder is due at %s.\n", t);
		return 0;
	}
	rec = record_path(app);
	e = remind_evening_of(app->local, app->st.settings.rollover);
	rc = app_need(app, due.night, &cause);
	if (rc == 0)
		rc = state_lock(rec, STATE_LOCK_TIMEOUT, &fd, &cause);
	if (rc == 0)
		rc = load_record(rec, &sent, &cause);
	if (rc != 0) {
		app_warn("remind fire: %s", cause);
		goto out;
	}
	v = remind_verdict(&app->plan, &app->st, &sent, &due, &kept);
	remind_message(&kept, &msg);
	buf_add(&msg, "", 1);
	wd_sanitize(msg.data, false);
	if (v != REMIND_SEND) {
		printf("Skipped: %s (%s).\n", msg.data, verdict_text(v));
		goto done;
	}
	if ((rc = deliver(app, msg.data, &cause)) != 0) {
		app_warn("remind fire: %s", cause);
		goto done;
	}
	remind_key(&due, key, sizeof key);
	remind_sent_add(&sent, key);
	remind_sent_format(&sent, e - REMIND_KEEP, &text);
	rc = fileio_write_atomic(rec, text.data, text.len, 0600, &cause);
	if (rc != 0)
		app_warn("remind fire: %s", cause);
	else
		printf("Sent: %s\n", msg.data);
done:
	remind_sent_free(&sent);
out:
	if (fd != -1)
		state_unlock(fd);
	free(rec);
	free(cause);
	buf_free(&msg);
	buf_free(&text);
	if (fflush(stdout) != 0 && rc == 0)
		rc = EX_IOERR;
	return rc;
}

int
cli_remind(struct app *app, int argc, char **argv)
{
	if (argc == 1 && strcmp(argv[0], "install") == 0)
		return remind_install(app);
	if (argc == 1 && strcmp(argv[0], "remove") == 0)
		return remind_remove(app);
	if (argc == 1 && strcmp(argv[0], "status") == 0)
		return remind_status(app);
	if (argc == 1 && strcmp(argv[0], "fire") == 0)
		return remind_fire(app);
	app_warn("usage: winddown remind install | remove | status | fire");
	return EX_USAGE;
}
