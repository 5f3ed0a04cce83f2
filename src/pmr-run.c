/* A relaxation session without curses, and the recording of every session
 * (on screen or plain) in the state file.
 *
 * Plain mode prints one line per cue on stdout at the moment its phase
 * begins. The deadlines are the state machine's absolute ones; between
 * them the process sleeps in poll() on stdin and a self-pipe the signal
 * handlers write to, with the timeout set to the next phase change, so
 * nothing drifts and nothing wakes in between. When stdin is a terminal
 * it is put in non-canonical, no-echo mode for single keys (space, n, b,
 * q) and restored on every way out. Exit status: 0 when the session ends
 * (finished or q), 128 + the signal number after SIGINT, SIGTERM or
 * SIGHUP (the session is recorded as stopped first), EX_USAGE for an
 * unknown routine, EX_IOERR when stdout fails, or the state file's error
 * when the session cannot be recorded. */
#ifndef _XOPEN_SOURCE
#define _XOPEN_SOURCE 700
#endif
#include "app.h"
#include "audio-run.h"

#include <errno.h>
#include <fcntl.h>
#include <langinfo.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "winddown/day.h"
#include "winddown/pmr.h"
#include "winddown/util.h"

#define PMR_RUN_ROUTINE "lower" /* when --routine is not given */
#define PMR_RUN_RATE_MS 60000   /* the rating question waits this long */

/* One recording, applied under the state lock. */
struct pmr_run_record {
	struct pmr_session s;
	int                today; /* the evening, for the week's day number */
	int                day;   /* plan day to tick when finished, or 0 */
	int                step;
};

/* A plain-mode session. */
#define PMR_RUN_NSIGNALS 12

struct pmr_run {
	struct app               *app;
	struct pmr                p;
	const struct pmr_routine *r;
	const char               *ellipsis;
	bool                      tty;   /* stdin is a terminal */
	bool                      raw;   /* ... in non-canonical mode now */
	bool                      keys;  /* stdin is polled for keys */
	bool                      eof;   /* stdin reached end of file */
	bool                      quit;  /* q was pressed */
	bool                      out_error;
	int                       out_errno;
	struct termios            saved;
	int                       wake[2];
	struct sigaction          old[PMR_RUN_NSIGNALS];
	struct sigaction          old_pipe;
	struct audio_live        *audio; /* --speak, --tones; or NULL */
};

/* Every signal whose default ends the process (but SIGPIPE, ignored
 * below, and SIGXFSZ, ignored in main.c) ends the session with the
 * terminal restored and the session recorded; and the two of ctrl-z. */
static const int pmr_run_signals[PMR_RUN_NSIGNALS] = { SIGINT, SIGTERM,
    SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGALRM, SIGVTALRM, SIGPROF,
    SIGXCPU, SIGTSTP, SIGCONT };

static volatile sig_atomic_t pmr_run_caught;  /* a signal that ends it */
static volatile sig_atomic_t pmr_run_stop;    /* SIGTSTP */
static volatile sig_atomic_t pmr_run_cont;    /* SIGCONT */
static volatile sig_atomic_t pmr_run_wake_fd = -1;
static struct pmr_run       *pmr_run_current; /* for the fatal hook */
static void                (*pmr_run_old_hook)(void);

/* The change: add the session; a finished one with a group done also
 * ticks the plan's relaxation step (pmr_step) when the week is started
 * and that day has come (on it or later, not before). */
static int
pmr_run_apply(struct state *st, void *ctx, char **cause)
{
	struct pmr_run_record *rec = ctx;

	(void)cause;
	state_add_session(st, &rec->s);
	if (rec->s.finished && rec->s.done > 0 && rec->day > 0 &&
	    st->started && day_number(st->week.start, rec->today) >= rec->day)
		state_tick(st, rec->day, rec->step, true, rec->s.at);
	return 0;
}

/* Record a session in the state file. */
int
pmr_run_record(struct app *app, const char *routine, int done, int total,
    int seconds, bool finished, int rating, char **cause)
{
	struct pmr_run_record rec;

	memset(&rec, 0, sizeof rec);
	rec.s.night = app->today;
	rec.s.routine = (char *)routine;
	rec.s.done = done;
	rec.s.total = total;
	rec.s.seconds = seconds < 0 ? 0 : seconds;
	rec.s.finished = finished;
	rec.s.rating = rating < 0 || rating > 5 ? 0 : rating;
	rec.s.at = app_clock_wall();
	rec.today = app->today;
	/* The plan says which step: the one day's pmr_step. */
	rec.step = plan_pmr_step(&app->plan, &rec.day);
	return app_update(app, pmr_run_apply, &rec, cause);
}

/* Note a signal and wake the loop. */
static void
pmr_run_on_signal(int sig)
{
	int     saved = errno;
	ssize_t n;

	if (sig == SIGTSTP)
		pmr_run_stop = 1;
	else if (sig == SIGCONT)
		pmr_run_cont = 1;
	else if (pmr_run_caught == 0)
		pmr_run_caught = sig;
	if (pmr_run_wake_fd != -1) {
		n = write(pmr_run_wake_fd, "", 1);
		(void)n;
	}
	errno = saved;
}

/* Is this process in the terminal's foreground? */
static bool
pmr_run_foreground(void)
{
	return tcgetpgrp(STDIN_FILENO) == getpgrp();
}

/* Put the terminal back as it was. */
static void
pmr_run_cooked(struct pmr_run *pr)
{
	if (!pr->raw)
		return;
	tcsetattr(STDIN_FILENO, TCSADRAIN, &pr->saved);
	pr->raw = false;
}

/* Single keys without echo, when stdin is our foreground terminal; keys
 * are read only then (a background read would stop the process). */
static void
pmr_run_uncook(struct pmr_run *pr)
{
	struct termios t;

	if (!pr->tty || pr->eof)
		return;
	if (!pmr_run_foreground()) {
		pr->keys = false;
		return;
	}
	pr->keys = true;
	if (pr->raw)
		return;
	t = pr->saved;
	t.c_lflag &= ~(tcflag_t)(ICANON | ECHO);
	t.c_cc[VMIN] = 1;
	t.c_cc[VTIME] = 0;
	if (tcsetattr(STDIN_FILENO, TCSANOW, &t) == 0)
		pr->raw = true;
}

/* Restore the terminal before an out-of-memory exit. */
static void
pmr_run_fatal(void)
{
	if (pmr_run_current != NULL)
		pmr_run_cooked(pmr_run_current);
	if (pmr_run_old_hook != NULL)
		pmr_run_old_hook();
}

/* Catch the signals that end or stop a session. */
static int
pmr_run_catch(struct pmr_run *pr)
{
	struct sigaction sa;
	size_t           i;
	int              fl;

	if (pipe(pr->wake) != 0)
		return -1;
	for (i = 0; i < 2; i++) {
		fcntl(pr->wake[i], F_SETFD, FD_CLOEXEC);
		fl = fcntl(pr->wake[i], F_GETFL);
		if (fl != -1)
			fcntl(pr->wake[i], F_SETFL, fl | O_NONBLOCK);
	}
	pmr_run_caught = pmr_run_stop = pmr_run_cont = 0;
	pmr_run_wake_fd = pr->wake[1];

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = pmr_run_on_signal;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < WD_NELEM(pmr_run_signals); i++)
		sigaction(pmr_run_signals[i], &sa, &pr->old[i]);
	/* A closed stdout is a write error, so the tty is still restored. */
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, &pr->old_pipe);
	return 0;
}

/* Put the signal actions back and close the self-pipe. */
static void
pmr_run_release(struct pmr_run *pr)
{
	size_t i;

	for (i = 0; i < WD_NELEM(pmr_run_signals); i++)
		sigaction(pmr_run_signals[i], &pr->old[i], NULL);
	sigaction(SIGPIPE, &pr->old_pipe, NULL);
	pmr_run_wake_fd = -1;
	close(pr->wake[0]);
	close(pr->wake[1]);
}

/* Print a line and flush it; a failed write ends the session. */
static void WD_PRINTF(2, 3)
pmr_run_say(struct pmr_run *pr, const char *fmt, ...)
{
	va_list ap;

	if (pr->out_error)
		return;
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		pr->out_error = true;
		pr->out_errno = errno;
	}
}

/* Print "label: cue", or the cue alone when it begins with the label's
 * word ("Release. Let your thighs ..." is not "Release: Release. ..."). */
static void
pmr_run_labelled(struct pmr_run *pr, const char *label, const char *cue)
{
	size_t i, n = strlen(label);
	char   a, b;

	for (i = 0; i < n && cue[i] != '\0'; i++) {
		a = label[i];
		b = cue[i];
		if (a >= 'A' && a <= 'Z')
			a = (char)(a - 'A' + 'a');
		if (b >= 'A' && b <= 'Z')
			b = (char)(b - 'A' + 'a');
		if (a != b)
			break;
	}
	if (i == n && !((cue[n] >= 'a' && cue[n] <= 'z') ||
	    (cue[n] >= 'A' && cue[n] <= 'Z'))) {
		pmr_run_say(pr, "%s\n", cue);
		return;
	}
	pmr_run_say(pr, "%s: %s\n", label, cue);
}

/* Print the cue of the phase that has just begun. */
static void
pmr_run_cue(struct pmr_run *pr)
{
	const struct pmr_group *g = pmr_current_group(&pr->p);
	const char             *cue = pmr_cue(&pr->p);
	size_t                  n;
	char                    rep[32] = "";

	if (!pmr_paused(&pr->p))
		audio_live_phase(pr->audio, &pr->p);
	switch (pmr_current_phase(&pr->p)) {
	case PMR_READY:
		pmr_run_labelled(pr, "Get ready", cue);
		break;
	case PMR_PREPARE:
	case PMR_TENSE:
		if (pmr_repeat_count(&pr->p) > 1)
			snprintf(rep, sizeof rep, " (%d of %d)",
			    pmr_repeat_index(&pr->p) + 1,
			    pmr_repeat_count(&pr->p));
		if (pmr_current_phase(&pr->p) == PMR_PREPARE) {
			/* The instruction now, the signal at TENSE. */
			pmr_run_say(pr, "%s%s: %s\n", g->name, rep, cue);
			break;
		}
		if (pr->p.prepare_ms > 0) {
			pmr_run_say(pr, "Now%s hold\n", pr->ellipsis);
			break;
		}
		n = strlen(cue);
		if (n > 0 && cue[n - 1] == '.')
			n--;
		pmr_run_say(pr, "%s%s: %.*s%s hold\n", g->name, rep, (int)n,
		    cue, pr->ellipsis);
		break;
	case PMR_RELEASE:
		pmr_run_labelled(pr, "Release", cue);
		break;
	case PMR_DONE:
		pmr_run_labelled(pr, "Done", cue);
		break;
	default:
		break;
	}
}

/* Stop for the shell (ctrl-z) with the terminal as it was; back in
 * single-key mode when continued in the foreground. */
static void
pmr_run_stop_self(struct pmr_run *pr)
{
	struct sigaction sa, old;
	sigset_t         set, oset;

	pmr_run_cooked(pr);
	fflush(stdout);
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = SIG_DFL;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTSTP, &sa, &old);
	sigemptyset(&set);
	sigaddset(&set, SIGTSTP);
	sigprocmask(SIG_UNBLOCK, &set, &oset);
	raise(SIGTSTP);
	/* Stopped here until SIGCONT. */
	sigprocmask(SIG_SETMASK, &oset, NULL);
	sigaction(SIGTSTP, &old, NULL);
	pmr_run_cont = 0;
	pmr_run_uncook(pr);
}

/* Suspend the session: pause, stop, and on return stay paused when keys
 * can resume it, else carry on. */
static void
pmr_run_suspend(struct pmr_run *pr)
{
	bool was_running = pmr_running(&pr->p);

	if (pmr_pause(&pr->p, app_clock_ms()) > 0)
		pmr_run_cue(pr);
	audio_live_stop(pr->audio);
	pmr_run_stop_self(pr);
	if (!was_running || pmr_finished(&pr->p))
		return;
	if (pr->keys)
		pmr_run_say(pr, "Paused. Press space to resume.\n");
	else
		pmr_resume(&pr->p, app_clock_ms());
}

/* Wait for a key, a signal or the timeout (ms, -1 for none). Returns the
 * key, 0 on timeout or signal, -1 when stdin has ended. */
static int
pmr_run_wait(struct pmr_run *pr, int timeout)
{
	struct pollfd pfd[2];
	nfds_t        n = 1;
	unsigned char c;
	char          drain[64];
	ssize_t       r;

	pfd[0].fd = pr->wake[0];
	pfd[0].events = POLLIN;
	pfd[0].revents = 0;
	if (pr->keys) {
		pfd[1].fd = STDIN_FILENO;
		pfd[1].events = POLLIN;
		pfd[1].revents = 0;
		n = 2;
	}
	if (poll(pfd, n, timeout) <= 0)
		return 0;
	if (pfd[0].revents != 0) {
		while (read(pr->wake[0], drain, sizeof drain) > 0)
			/* nothing */;
	}
	if (n < 2 || pfd[1].revents == 0)
		return 0;
	r = read(STDIN_FILENO, &c, 1);
	if (r == 1)
		return c;
	if (r < 0 && (errno == EINTR || errno == EAGAIN))
		return 0;
	/* End of file or an error: never poll stdin again. */
	pr->eof = true;
	pr->keys = false;
	return -1;
}

/* Handle the signals noted by the handlers; true when the session must
 * end. */
static bool
pmr_run_signalled(struct pmr_run *pr)
{
	if (pmr_run_caught != 0)
		return true;
	if (pmr_run_stop) {
		pmr_run_stop = 0;
		pmr_run_cont = 0;
		pmr_run_suspend(pr);
	}
	if (pmr_run_cont) {
		/* Continued without our stop, maybe in the foreground now. */
		pmr_run_cont = 0;
		pmr_run_uncook(pr);
	}
	return false;
}

/* Act on a key during the session. */
static void
pmr_run_key(struct pmr_run *pr, int key)
{
	long long now = app_clock_ms();

	switch (key) {
	case ' ':
	case 'p':
		if (pmr_paused(&pr->p)) {
			pmr_resume(&pr->p, now);
			pmr_run_say(pr, "Resumed.\n");
		} else {
			if (pmr_pause(&pr->p, now) > 0)
				pmr_run_cue(pr);
			if (pmr_paused(&pr->p)) {
				/* Quiet until the next phase speaks. */
				audio_live_stop(pr->audio);
				pmr_run_say(pr, "Paused.\n");
			}
		}
		break;
	case 'n':
		if (pmr_skip(&pr->p, now) > 0)
			pmr_run_cue(pr);
		break;
	case 'b':
		if (pmr_back(&pr->p, now) > 0)
			pmr_run_cue(pr);
		break;
	case 'q':
	case 'Q':
		pr->quit = true;
		break;
	}
}

/* Run the timer to the end, q, a signal or a failed write. */
static void
pmr_run_loop(struct pmr_run *pr)
{
	long long now, left;
	int       key, timeout;

	for (;;) {
		if (pmr_run_signalled(pr) || pr->quit || pr->out_error)
			return;
		now = app_clock_ms();
		if (pmr_update(&pr->p, now) > 0)
			pmr_run_cue(pr);
		if (pmr_finished(&pr->p) || pr->out_error)
			return;
		if (pmr_paused(&pr->p) && !pr->keys) {
			/* No key can resume it: carry on. */
			pmr_resume(&pr->p, now);
			pmr_run_say(pr, "Resumed.\n");
			continue;
		}
		timeout = -1;
		if (pmr_running(&pr->p)) {
			/* The phase ends exactly at now + left. poll() may
			 * oversleep by its timer slack, 0.1% of the timeout
			 * (0.5% when niced, at most 100 ms), so a long wait
			 * stops short and a short one finishes it. */
			left = pmr_remaining_ms(&pr->p, now);
			if (left > 2)
				left -= left / 200 + 1;
			timeout = left > INT_MAX ? INT_MAX : (int)left;
		}
		key = pmr_run_wait(pr, timeout);
		if (key > 0)
			pmr_run_key(pr, key);
	}
}

/* Ask for the optional rating on one line; 0 when skipped. */
static int
pmr_run_rate(struct pmr_run *pr)
{
	long long end = app_clock_ms() + PMR_RUN_RATE_MS, left;
	int       key;

	pmr_run_say(pr, "How relaxed do you feel now? 1-5, Enter to skip: ");
	for (;;) {
		if (pmr_run_caught != 0 || pr->out_error || !pr->keys)
			break;
		if (pmr_run_stop) {
			pmr_run_stop = 0;
			pmr_run_stop_self(pr);
			pmr_run_say(pr, "How relaxed do you feel now? 1-5, "
			    "Enter to skip: ");
			continue;
		}
		if (pmr_run_cont) {
			pmr_run_cont = 0;
			pmr_run_uncook(pr);
			continue;
		}
		left = end - app_clock_ms();
		if (left <= 0)
			break;
		key = pmr_run_wait(pr, (int)left);
		if (key >= '1' && key <= '5') {
			pmr_run_say(pr, "%c\n", key);
			return key - '0';
		}
		if (key == '\n' || key == '\r' || key == 'q' || key == 'Q' ||
		    key == -1)
			break;
	}
	pmr_run_say(pr, "\n");
	return 0;
}

/* A relaxation session as plain lines on stdout. */
int
pmr_run_plain(struct app *app)
{
	struct pmr_run pr;
	struct audio_opts ao;
	const char    *id = app->routine != NULL ? app->routine :
	    PMR_RUN_ROUTINE;
	const char    *cs;
	char          *cause = NULL, len[16];
	int            rc = 0, rating = 0, seconds, done, total, sig;
	bool           finished;

	memset(&pr, 0, sizeof pr);
	pr.app = app;
	if ((pr.r = plan_routine(&app->plan, id)) == NULL) {
		char *ids = plan_routine_ids(&app->plan);

		app_warn("no relaxation routine '%s' (the plan has: %s)", id,
		    ids);
		free(ids);
		return EX_USAGE;
	}
	if (pmr_init(&pr.p, &app->plan.pmr, pr.r, app->tense, app->release,
	    app->settle) != 0) {
		app_warn("the relaxation routine '%s' cannot be run", id);
		return EX_DATAERR;
	}
	cs = nl_langinfo(CODESET);
	pr.ellipsis = cs != NULL && strcmp(cs, "UTF-8") == 0 ? "\xe2\x80\xa6" :
	    "...";

	if (pmr_run_catch(&pr) != 0) {
		app_warn("pipe: %s", strerror(errno));
		return EX_OSERR;
	}
	/* Keys from any stdin; a terminal is read a key at a time. */
	pr.keys = true;
	pr.tty = isatty(STDIN_FILENO) &&
	    tcgetattr(STDIN_FILENO, &pr.saved) == 0;
	pmr_run_current = &pr;
	pmr_run_old_hook = wd_fatal_hook;
	wd_fatal_hook = pmr_run_fatal;
	pmr_run_uncook(&pr);

	wd_duration((int)(pmr_total_ms(&pr.p) / 1000), len, sizeof len);
	pmr_run_say(&pr, "%s: %d group%s, %s.%s\n", pr.r->title,
	    pmr_group_count(&pr.p), pmr_group_count(&pr.p) == 1 ? "" : "s",
	    len, pr.tty ? " Keys: space pauses, n skips, b goes back, "
	    "q ends." : "");
	ao = audio_run_opts(app, false);
	if (ao.speech || ao.tones) {
		pr.audio = audio_live_open(&app->plan.pmr, &ao, &cause);
		if (pr.audio == NULL) {
			app_warn("%s unavailable: %s; the session goes on "
			    "without sound", ao.speech ? "speech is" :
			    "tones are", cause);
			free(cause);
			cause = NULL;
		}
	}
	pmr_start(&pr.p, app_clock_ms());
	pmr_run_cue(&pr);
	pmr_run_loop(&pr);

	if (!pmr_finished(&pr.p))
		pmr_abort(&pr.p, app_clock_ms());
	/* Every group skipped reaches the end but is not finished. */
	finished = pmr_completed(&pr.p);
	done = pmr_groups_completed(&pr.p);
	total = pmr_group_count(&pr.p);
	seconds = (int)(pmr_elapsed_ms(&pr.p, app_clock_ms()) / 1000);
	if (finished && pr.tty && pr.keys && !pr.out_error &&
	    pmr_run_caught == 0)
		rating = pmr_run_rate(&pr);
	pmr_run_cooked(&pr);
	/* Let the finish cue end; anything else stops now. */
	audio_live_close(pr.audio, pmr_current_phase(&pr.p) == PMR_DONE &&
	    pmr_run_caught == 0);
	pr.audio = NULL;

	rc = pmr_run_record(app, pr.r->id, done, total, seconds, finished,
	    rating, &cause);
	if (rc != 0)
		app_warn("could not record the session: %s", cause);
	else {
		wd_duration(seconds, len, sizeof len);
		pmr_run_say(&pr, "Session recorded: %s, %d of %d group%s, "
		    "%s%s", pr.r->title, done, total, total == 1 ? "" : "s",
		    len, finished ? "" : ", stopped early");
		if (rating > 0)
			pmr_run_say(&pr, ", felt %d/5 relaxed", rating);
		pmr_run_say(&pr, ".\n");
	}
	free(cause);

	sig = pmr_run_caught;
	wd_fatal_hook = pmr_run_old_hook;
	pmr_run_current = NULL;
	pmr_run_release(&pr);
	if (rc != 0)
		return rc;
	if (sig != 0)
		return 128 + sig;
	if (pr.out_error) {
		app_warn("standard output: %s", strerror(pr.out_errno));
		return EX_IOERR;
	}
	return 0;
}
