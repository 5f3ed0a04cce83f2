/* The curses side of the coach: start and end the terminal, signals as
 * flags, the key loop that sleeps until the next visible change, and the
 * drawing helpers every screen uses. */
#ifndef _XOPEN_SOURCE
#define _XOPEN_SOURCE 700
#endif
#include "ui.h"

#include <curses.h>
#include <errno.h>
#include <langinfo.h>
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
#include <wchar.h>

#include "winddown/day.h"

static volatile sig_atomic_t ui_got_quit;  /* a signal that ends it */
static volatile sig_atomic_t ui_got_tstp;  /* SIGTSTP */
static volatile sig_atomic_t ui_got_cont;  /* SIGCONT */
static bool                  ui_cursed;

static const struct ui_glyphs glyphs_utf8 = {
	.done = "●", .partly = "◐", .missed = "○", .today = "▶",
	.to_come = "·", .ticked = "[✓]", .unticked = "[ ]",
	.bar_full = "█", .bar_empty = "░", .dot = "·", .arrow = "→",
	.hline = "─",
};
static const struct ui_glyphs glyphs_ascii = {
	.done = "#", .partly = "+", .missed = "x", .today = ">",
	.to_come = ".", .ticked = "[x]", .unticked = "[ ]",
	.bar_full = "#", .bar_empty = "-", .dot = "-", .arrow = "->",
	.hline = "-",
};

/* The signals whose default action ends the process: each only sets
 * ui_got_quit, and the loop then saves, restores the terminal and exits
 * 128 + the signal. SIGXFSZ stays ignored (main.c): a file too large is
 * an error of the save, not a death. */
static const int ui_quit_signals[] = {
	SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGALRM,
	SIGPIPE, SIGVTALRM, SIGPROF, SIGXCPU,
};

/* Times in a row the terminal may say input is ready and give none
 * before it is taken as gone (end of file, EIO). */
#define UI_GONE_READS 3

void
ui_end(void)
{
	if (ui_cursed) {
		curs_set(1);
		endwin();
		ui_cursed = false;
	}
}

static void
ui_on_signal(int sig)
{
	if (sig == SIGTSTP)
		ui_got_tstp = 1;
	else if (sig == SIGCONT)
		ui_got_cont = 1;
	else
		ui_got_quit = sig;
}

/* On a crash: restore the terminal, say so, and die of the signal. */
static void
ui_on_crash(int sig)
{
	static const char msg[] = "winddown: crashed; terminal restored\n";

	ui_end();
	if (write(STDERR_FILENO, msg, sizeof msg - 1) < 0) {
		/* nothing more to do */
	}
	signal(sig, SIG_DFL);
	raise(sig);
}

void
ui_message(struct ui *ui, bool error, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(ui->message, sizeof ui->message, fmt, ap);
	va_end(ap);
	wd_sanitize(ui->message, false); /* file text must not drive it */
	ui->message_error = error;
}

void
ui_bell(struct ui *ui)
{
	if (ui->app->quiet || !ui->app->st.settings.bell)
		return;
	beep();
}

enum { PAIR_TITLE = 1, PAIR_DIM, PAIR_GOOD, PAIR_WARN, PAIR_ALERT,
	PAIR_SELECT, PAIR_ACCENT };

int
ui_attr(const struct ui *ui, enum ui_role role)
{
	if (!ui->color) {
		switch (role) {
		case ROLE_TITLE:
		case ROLE_ALERT:
			return A_BOLD;
		case ROLE_DIM:
			return A_DIM;
		case ROLE_SELECT:
			return A_REVERSE;
		case ROLE_ACCENT:
		case ROLE_GOOD:
			return A_BOLD;
		default:
			return A_NORMAL;
		}
	}
	switch (role) {
	case ROLE_TITLE:
		return COLOR_PAIR(PAIR_TITLE) | A_BOLD;
	case ROLE_DIM:
		return A_DIM;
	case ROLE_GOOD:
		return COLOR_PAIR(PAIR_GOOD);
	case ROLE_WARN:
		return COLOR_PAIR(PAIR_WARN);
	case ROLE_ALERT:
		return COLOR_PAIR(PAIR_ALERT) | A_BOLD;
	case ROLE_SELECT:
		return A_REVERSE;
	case ROLE_ACCENT:
		return COLOR_PAIR(PAIR_ACCENT) | A_BOLD;
	default:
		return A_NORMAL;
	}
}

/* Width of one character at s (length *len bytes); 0 for bad bytes. */
static int
ui_char_width(const char *s, size_t *len)
{
	mbstate_t ps;
	wchar_t   wc;
	size_t    n;
	int       w;

	/* Printable ASCII is one column in every locale. */
	if ((unsigned char)*s >= 0x20 && (unsigned char)*s < 0x7f) {
		*len = 1;
		return 1;
	}
	memset(&ps, 0, sizeof ps);
	n = mbrtowc(&wc, s, MB_CUR_MAX, &ps);
	if (n == (size_t)-1 || n == (size_t)-2 || n == 0) {
		*len = 1;
		return 1;
	}
	*len = n;
	w = wcwidth(wc);
	return w < 0 ? 1 : w;
}

/* True when the terminal's locale is not UTF-8: text is drawn as the
 * ASCII of utf8_ascii, as the shell prints it. */
static bool ui_ascii_text;

const char *
ui_text(const char *s, char **tofree)
{
	const char *p;

	*tofree = NULL;
	if (!ui_ascii_text)
		return s;
	for (p = s; *p != '\0'; p++) {
		if ((unsigned char)*p >= 0x80)
			return *tofree = utf8_ascii(s);
	}
	return s;
}

int
ui_width(const char *s)
{
	size_t len;
	int    w = 0;
	char  *t;

	if (ui_ascii_text && (s = ui_text(s, &t), t != NULL)) {
		w = ui_width(t);
		free(t);
		return w;
	}

	while (*s != '\0') {
		w += ui_char_width(s, &len);
		s += len;
	}
	return w;
}

int
ui_put(int y, int x, int w, int attr, const char *s)
{
	const char *p;
	size_t      len;
	int         used = 0, cw;
	char       *t;

	if (w <= 0 || y < 0 || y >= LINES)
		return 0;
	if (ui_ascii_text && (s = ui_text(s, &t), t != NULL)) {
		used = ui_put(y, x, w, attr, t);
		free(t);
		return used;
	}
	p = s;
	while (*p != '\0') {
		cw = ui_char_width(p, &len);
		if (used + cw > w)
			break;
		used += cw;
		p += len;
	}
	attron(attr);
	mvaddnstr(y, x, s, (int)(p - s));
	attroff(attr);
	return used;
}

const char *
ui_wrap_segment(const char *s, int w, const char **end, const char **next)
{
	const char *p, *brk = NULL;
	size_t      len;
	int         used = 0;

	while (*s == ' ')
		s++;
	for (p = s; *p != '\0' && *p != '\n'; p += len) {
		int cw = ui_char_width(p, &len);

		if (*p == ' ')
			brk = p;
		if (used + cw > w)
			break;
		used += cw;
	}
	if (*p != '\0' && *p != '\n' && brk != NULL && brk > s)
		p = brk;
	*end = p;
	*next = *p == '\n' ? p + 1 : p;
	return s;
}

int
ui_wrap(int y, int x, int w, int h, int attr, const char *s)
{
	const char *line, *end;
	int         n = 0;
	char       *t;

	if (w < 4)
		return 0;
	if (ui_ascii_text && (s = ui_text(s, &t), t != NULL)) {
		n = ui_wrap(y, x, w, h, attr, t);
		free(t);
		return n;
	}
	while (*s != '\0') {
		line = ui_wrap_segment(s, w, &end, &s);
		if (*line == '\0')
			break;
		if (h >= 0 && n == h - 1 && *s != '\0' && *s != '\n') {
			/* The last line that fits, with more to come. */
			line = ui_wrap_segment(line, w - 3, &end, &s);
			attron(attr);
			mvaddnstr(y + n, x, line, (int)(end - line));
			addstr(MB_CUR_MAX > 1 ? " \u2026" : " ...");
			attroff(attr);
		} else if (h >= 0 && n < h) {
			attron(attr);
			mvaddnstr(y + n, x, line, (int)(end - line));
			attroff(attr);
		}
		n++;
	}
	return h >= 0 && n > h ? h : n;
}

void
ui_bar(const struct ui *ui, int y, int x, int w, int permille)
{
	int i, full;

	if (permille < 0)
		permille = 0;
	if (permille > 1000)
		permille = 1000;
	full = (w * permille + 500) / 1000;
	move(y, x);
	attron(ui_attr(ui, ROLE_ACCENT));
	for (i = 0; i < full; i++)
		addstr(ui->g->bar_full);
	attroff(ui_attr(ui, ROLE_ACCENT));
	attron(ui_attr(ui, ROLE_DIM));
	for (; i < w; i++)
		addstr(ui->g->bar_empty);
	attroff(ui_attr(ui, ROLE_DIM));
}

/* A key of the footer that stays when the row is short: the way out
 * and the list of keys. */
static bool
ui_footer_kept(const char *item)
{
	return strncmp(item, "q ", 2) == 0 || strncmp(item, "? ", 2) == 0 ||
	    strncmp(item, "Esc ", 4) == 0;
}

/* keys ("k what  k what  ...") cut to cols by leaving out whole keys
 * from the right, never q, ? or Esc. */
static void
ui_footer_fit(const char *keys, int cols, char *out, size_t size)
{
	char  *items[32], *copy, *p;
	size_t len;
	int    n = 0, i, kept = 0, w = 0;

	p = copy = xstrdup(keys);
	while (n < (int)WD_NELEM(items) && *p != '\0') {
		char *e = strstr(p, "  ");

		items[n++] = p;
		if (e == NULL)
			break;
		*e = '\0';
		p = e + 2;
		while (*p == ' ')
			p++;
	}
	for (i = 0; i < n; i++) {
		if (ui_footer_kept(items[i]))
			kept += ui_width(items[i]) + 2;
	}
	out[0] = '\0';
	for (i = 0; i < n; i++) {
		int iw = ui_width(items[i]) + (out[0] != '\0' ? 2 : 0);

		if (!ui_footer_kept(items[i])) {
			if (w + iw + kept > cols)
				continue;
		} else
			kept -= ui_width(items[i]) + 2;
		len = strlen(out);
		snprintf(out + len, size - len, "%s%s", out[0] != '\0' ?
		    "  " : "", items[i]);
		w += iw;
	}
	free(copy);
}

/* A message that starts with a path ("/dir/file.cfg:12: why") and is
 * too wide: the directories give way to ".../", so that the file, the
 * line and the reason show. */
static const char *
ui_message_fit(const struct ui *ui, char *buf, size_t size)
{
	const char *m = ui->message, *colon = strchr(m, ':'), *base;

	if (m[0] != '/' || colon == NULL || ui_width(m) <= ui->cols)
		return m;
	for (base = colon; base > m && base[-1] != '/'; base--)
		/* back to the file's name */;
	if (base <= m + 1)
		return m;
	snprintf(buf, size, "%s%s", ui->utf8 ? "\u2026/" : ".../", base);
	return buf;
}

void
ui_footer(struct ui *ui, const char *keys)
{
	int  y = ui->lines - 1;
	char fit[512];

	move(y, 0);
	clrtoeol();
	if (ui->message[0] != '\0')
		ui_put(y, 0, ui->cols, ui_attr(ui, ui->message_error ?
		    ROLE_ALERT : ROLE_GOOD), ui_message_fit(ui, fit,
		    sizeof fit));
	else {
		if (ui_width(keys) > ui->cols) {
			ui_footer_fit(keys, ui->cols, fit, sizeof fit);
			keys = fit;
		}
		ui_put(y, 0, ui->cols, ui_attr(ui, ROLE_DIM), keys);
	}
}

/* Every screen; the first is the home, where q quits. */
static const struct screen *const ui_screens[] = {
	&screen_today, &screen_help, &screen_dos, &screen_review,
	&screen_flags, &screen_pmr, &screen_journal, &screen_day,
	&screen_trend,
};

#define UI_HOME (ui_screens[0])

void
ui_show(struct ui *ui, const struct screen *s, long long now_ms)
{
	char *cause = NULL;

	/* The plan files it needs, read when first shown: a broken one
	 * keeps this screen shut and the rest of the coach open. */
	if (s->needs != 0 && app_plan_need(ui->app, s->needs, &cause) != 0) {
		ui_message(ui, true, "%s", cause);
		free(cause);
		return;
	}
	if (ui->screen != s) {
		int k;

		for (k = 0; k < ui->ntrail && ui->trail[k] != s; k++)
			/* nothing */;
		if (k < ui->ntrail)
			ui->ntrail = k; /* back to s: what came after goes */
		else {
			if (ui->ntrail == UI_TRAIL) {
				memmove(ui->trail, ui->trail + 1,
				    (UI_TRAIL - 1) * sizeof ui->trail[0]);
				ui->ntrail--;
			}
			ui->trail[ui->ntrail++] = ui->screen;
		}
		ui->screen = s;
	}
	if (s->top != NULL)
		s->top(ui);
	curs_set(0);
	if (s->enter != NULL)
		s->enter(ui, now_ms);
}

/* Put s on top without entering it: the way back. */
static void
ui_return(struct ui *ui, const struct screen *s)
{
	ui->screen = s;
	if (s == UI_HOME)
		ui->ntrail = 0;
	if (s->top != NULL)
		s->top(ui);
	curs_set(0);
}

void
ui_back(struct ui *ui, long long now_ms)
{
	(void)now_ms;
	if (ui->only != NULL && ui->screen == ui->only) {
		ui->quit = true; /* `winddown pmr`: done when it is */
		return;
	}
	while (ui->ntrail > 0 && (ui->trail[ui->ntrail - 1] == NULL ||
	    ui->trail[ui->ntrail - 1] == ui->screen))
		ui->ntrail--;
	ui_return(ui, ui->ntrail > 0 ? ui->trail[--ui->ntrail] : UI_HOME);
}

/* Refuse terminals curses cannot drive, with one line and exit 1;
 * instead names the command to try. */
static int
ui_check_terminal(const char *instead)
{
	const char *term = getenv("TERM");

	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		app_warn("the coach needs a terminal; try 'winddown %s'",
		    instead);
		return 1;
	}
	if (term == NULL || term[0] == '\0' || strcmp(term, "dumb") == 0) {
		app_warn("this terminal (TERM=%s) cannot show the coach; try "
		    "'winddown %s'", term == NULL ? "" : term, instead);
		return 1;
	}
	return 0;
}

static void
ui_signals(void)
{
	struct sigaction sa;
	size_t           i;

	memset(&sa, 0, sizeof sa);
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = ui_on_signal; /* no SA_RESTART: wake the poll */
	for (i = 0; i < WD_NELEM(ui_quit_signals); i++)
		sigaction(ui_quit_signals[i], &sa, NULL);
	sigaction(SIGTSTP, &sa, NULL);
	sigaction(SIGCONT, &sa, NULL);
	sa.sa_handler = ui_on_crash;
	sa.sa_flags = SA_RESETHAND;
	sigaction(SIGSEGV, &sa, NULL);
	sigaction(SIGBUS, &sa, NULL);
	sigaction(SIGABRT, &sa, NULL);
	sigaction(SIGFPE, &sa, NULL);
}

static int
ui_start(struct ui *ui, const char *instead)
{
	const char *nc = getenv("NO_COLOR");

	struct termios tio;
	SCREEN        *scr;

	ui_signals();
	/* newterm, unlike initscr, returns NULL for an unknown TERM, having
	 * written nothing (ncurses 6.4 keeps one block it allocated for it:
	 * tests/valgrind.supp, tests/lsan.supp). */
	if ((scr = newterm(NULL, stdout, stdin)) == NULL) {
		app_warn("unknown terminal type '%s'; set TERM, or try "
		    "'winddown %s'", getenv("TERM"), instead);
		return -1;
	}
	set_term(scr);
	ui_cursed = true;
	wd_fatal_hook = ui_end;
	atexit(ui_end);
	cbreak();
	/* Ctrl-S saves the journal: take it from flow control. */
	if (tcgetattr(STDIN_FILENO, &tio) == 0) {
		tio.c_iflag &= ~(tcflag_t)IXON;
		tcsetattr(STDIN_FILENO, TCSANOW, &tio);
		def_prog_mode();
	}
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	set_escdelay(50);
	curs_set(0);
	ui->color = has_colors() && (nc == NULL || nc[0] == '\0');
	if (ui->color) {
		start_color();
		use_default_colors();
		init_pair(PAIR_TITLE, COLOR_CYAN, -1);
		init_pair(PAIR_DIM, -1, -1);
		init_pair(PAIR_GOOD, COLOR_GREEN, -1);
		init_pair(PAIR_WARN, COLOR_YELLOW, -1);
		init_pair(PAIR_ALERT, COLOR_RED, -1);
		init_pair(PAIR_SELECT, -1, -1);
		init_pair(PAIR_ACCENT, COLOR_BLUE, -1);
	}
	return 0;
}

/* Stop for ctrl-z: pause timers, give the terminal back, stop. */
static void
ui_suspend(struct ui *ui)
{
	if (ui->screen->suspend != NULL)
		ui->screen->suspend(ui, app_clock_ms());
	endwin();
	signal(SIGTSTP, SIG_DFL);
	raise(SIGTSTP);
	/* ... continued. */
	ui_signals();
	refresh();
	clearok(stdscr, TRUE);
}

/* How a wait ended. */
enum ui_woke {
	UI_WOKE_TIMEOUT, /* the deadline, or the idle minute */
	UI_WOKE_INPUT,   /* the terminal has something to read */
	UI_WOKE_SIGNAL,  /* a signal came first */
	UI_WOKE_GONE,    /* the terminal hung up or is not there */
};

/* Wait for input until deadline (monotonic ms, -1: none). */
static enum ui_woke
ui_wait(long long deadline)
{
	struct pollfd pfd = { .fd = STDIN_FILENO, .events = POLLIN };
	long long     now = app_clock_ms();
	int           timeout, n;

	if (deadline < 0 || deadline - now > UI_IDLE_MS)
		timeout = UI_IDLE_MS;
	else
		timeout = deadline <= now ? 0 : (int)(deadline - now);
	if (ui_got_quit || ui_got_tstp)
		return UI_WOKE_SIGNAL;
	n = poll(&pfd, 1, timeout);
	if (n == 0)
		return UI_WOKE_TIMEOUT;
	if (n < 0)
		return errno == EINTR || errno == EAGAIN ? UI_WOKE_SIGNAL :
		    UI_WOKE_GONE;
	if ((pfd.revents & (POLLERR | POLLNVAL)) != 0 ||
	    (pfd.revents & (POLLHUP | POLLIN)) == POLLHUP)
		return UI_WOKE_GONE;
	return UI_WOKE_INPUT;
}

/* The keys every screen shares: q and escape go back (and quit at
 * home), and each screen's hot key opens it; home's returns to it as it
 * was left. */
static void
ui_global_key(struct ui *ui, int key, bool is_char, long long now)
{
	const struct screen *s;
	size_t               i;

	if (is_char && (key == 'q' || key == 27)) { /* 27: escape */
		if (ui->screen == UI_HOME)
			ui->quit = true;
		else
			ui_back(ui, now);
		return;
	}
	for (i = 0; i < WD_NELEM(ui_screens); i++) {
		s = ui_screens[i];
		if (is_char ? s->hot_key != key || key == 0 :
		    s->hot_code != key || key == 0)
			continue;
		if (s == UI_HOME)
			ui_return(ui, s);
		else
			ui_show(ui, s, now);
		return;
	}
}

/* Below the size every screen is drawn for. */
static bool
ui_too_small(const struct ui *ui)
{
	return ui->cols < UI_MIN_COLS || ui->lines < UI_MIN_LINES;
}

/* Draw the current screen, or the too-small notice. */
static void
ui_draw(struct ui *ui, long long now)
{
	getmaxyx(stdscr, ui->lines, ui->cols);
	erase();
	if (ui_too_small(ui)) {
		int y = ui->lines / 2;

		curs_set(0);
		ui_wrap(y > 0 ? y - 1 : 0, 1, ui->cols - 2, ui->lines,
		    A_BOLD, "Terminal too small.");
		ui_wrap(y + 1 < ui->lines ? y + 1 : 0, 1, ui->cols - 2,
		    ui->lines, A_NORMAL, "Make it at least 60x20, or press q "
		    "to quit.");
	} else
		ui->screen->draw(ui, now);
	refresh();
}

/* Today moves on at the rollover hour; recompute when not pinned. */
static void
ui_refresh_today(struct ui *ui)
{
	if (!ui->app->dated)
		ui->app->today = day_evening((time_t)app_clock_wall(),
		    ui->app->st.settings.rollover);
}


/* The screen called name; the home when none is (`winddown coach`). */
static const struct screen *
ui_find(const char *name)
{
	size_t i;

	for (i = 0; i < WD_NELEM(ui_screens); i++) {
		if (strcmp(ui_screens[i]->name, name) == 0)
			return ui_screens[i];
	}
	return UI_HOME;
}

int
ui_main(struct app *app, const char *first_screen)
{
	const struct screen *first = ui_find(first_screen);
	struct ui            ui;
	char                *cause = NULL;
	long long            now, deadline;
	enum ui_woke         woke = UI_WOKE_TIMEOUT;
	bool                 gone;
	int                  rc = 0, sig, nkeys, empty = 0;
	size_t               i;
	wint_t               wch;
	const char          *instead = first->instead != NULL ?
	    first->instead : "status";

	if ((rc = ui_check_terminal(instead)) != 0)
		return rc;
	memset(&ui, 0, sizeof ui);
	ui.app = app;
	ui.utf8 = strcmp(nl_langinfo(CODESET), "UTF-8") == 0;
	ui.g = ui.utf8 ? &glyphs_utf8 : &glyphs_ascii;
	ui_ascii_text = !ui.utf8;
	ui.screen = UI_HOME;
	ui.ntrail = 0;
	if (ui_start(&ui, instead) != 0)
		return 1;
	/* The first open starts the week: day 1 is today. */
	if (!app->st.started && (rc = app_ensure_week(app, &cause)) != 0) {
		ui_end();
		app_warn("%s", cause);
		free(cause);
		return rc;
	}
	getmaxyx(stdscr, ui.lines, ui.cols);
	now = app_clock_ms();
	if (UI_HOME->enter != NULL)
		UI_HOME->enter(&ui, now);
	if (first != UI_HOME) {
		ui_show(&ui, first, now);
		if (first->alone)
			ui.only = first;
	}
	if (first->start != NULL)
		first->start(&ui, now);

	while (!ui.quit) {
		if (ui_got_quit)
			break;
		if (ui_got_tstp) {
			ui_got_tstp = 0;
			ui_suspend(&ui);
		}
		ui_got_cont = 0;
		now = app_clock_ms();
		deadline = ui.screen->deadline != NULL ?
		    ui.screen->deadline(&ui, now) : -1;
		if (deadline >= 0 && deadline <= now &&
		    ui.screen->timer != NULL)
			ui.screen->timer(&ui, now);
		ui_draw(&ui, now);
		if (app->later != APP_HISTORY_NONE) {
			/* The first frame is up: now the week's nights. */
			if ((rc = ui_load_later(&ui)) != 0)
				return rc;
			continue;
		}
		deadline = ui.screen->deadline != NULL ?
		    ui.screen->deadline(&ui, app_clock_ms()) : -1;
		woke = ui_wait(deadline);
		if (woke == UI_WOKE_GONE)
			break;
		if (woke == UI_WOKE_TIMEOUT && deadline < 0) {
			/* The once-a-minute wake of an idle screen. */
			ui_refresh_today(&ui);
			/* Not while unsaved ticks live only in memory. */
			if (ui.screen->reload && ui.exit_error[0] == '\0')
				ui_reload(&ui);
		}
		/* Every key that has arrived. */
		for (nkeys = 0;; nkeys++) {
			int r = get_wch(&wch);
			bool is_char = r == OK;

			if (r == ERR) {
				/* Ready but nothing read: end of file or
				 * EIO, again and again on a terminal that
				 * is gone; never spin on it. */
				if (woke == UI_WOKE_INPUT && nkeys == 0 &&
				    ++empty >= UI_GONE_READS)
					woke = UI_WOKE_GONE;
				break;
			}
			empty = 0;
			now = app_clock_ms();
			if (!is_char && wch == KEY_RESIZE) {
				getmaxyx(stdscr, ui.lines, ui.cols);
				continue;
			}
			/* Too small to show: no key acts unseen; q quits. */
			if (ui_too_small(&ui)) {
				if (is_char && wch == 'q') {
					ui.quit = true;
					break;
				}
				continue;
			}
			if (ui.message[0] != '\0')
				ui.message[0] = '\0';
			if (ui.screen->key != NULL && ui.screen->key(&ui,
			    (int)wch, is_char, now))
				continue;
			if (is_char && wch == 'q' && ui.screen->own_q)
				continue;
			ui_global_key(&ui, (int)wch, is_char, now);
			if (ui.quit)
				break;
		}
		if (woke == UI_WOKE_GONE)
			break;
	}
	gone = woke == UI_WOKE_GONE;
	/* Save what any screen holds, not only the one on top. */
	now = app_clock_ms();
	for (i = 0; i < WD_NELEM(ui_screens); i++) {
		if (ui_screens[i]->save != NULL)
			ui_screens[i]->save(&ui, now);
	}
	ui_end();
	if (ui.only != NULL && ui.message[0] != '\0' && !gone)
		printf("%s\n", ui.message);
	if (ui.exit_error[0] != '\0') {
		app_warn("%s", ui.exit_error);
		return EX_IOERR;
	}
	sig = ui_got_quit;
	if (sig != 0)
		return 128 + sig;
	if (gone)
		return 128 + SIGHUP; /* as if hung up: the terminal went */
	return 0;
}
