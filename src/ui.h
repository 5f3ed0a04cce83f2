/* The curses side: one loop, screens as const tables of functions, and
 * drawing helpers. Only src/ui*.c and src/screen-*.c include curses. */
#ifndef WINDDOWN_UI_H
#define WINDDOWN_UI_H

#include <stdbool.h>

#include "app.h"

#define UI_MIN_COLS   60 /* below this, "terminal too small" */
#define UI_MIN_LINES  20
#define UI_IDLE_MS    60000 /* idle screens wake at most once a minute */

struct ui;

/* A screen. Every function but draw may be NULL. The loop walks the
 * table of screens in ui.c and knows none of them by name: what a
 * screen needs of it, the screen says here. */
struct screen {
	const char *name; /* ui_main's first_screen picks it by this */
	int         hot_key;  /* the character that opens it anywhere, or 0 */
	int         hot_code; /* a curses KEY_ code that opens it too, or 0 */
	void       *state;    /* the screen's own state, or NULL */
	unsigned    needs;    /* plan parts (PLAN_*) it cannot open without */
	/* Called once when the coach opens on this screen. */
	void (*start)(struct ui *, long long now_ms);
	/* Called when the screen is shown (from another screen). */
	void (*enter)(struct ui *, long long now_ms);
	/* Called whenever it comes on top: shown, or returned to. */
	void (*top)(struct ui *);
	/* Draw the whole screen into stdscr (already erased). */
	void (*draw)(struct ui *, long long now_ms);
	/* A key (a curses KEY_ code, or a character): true when used. */
	bool (*key)(struct ui *, int key, bool is_char, long long now_ms);
	/* The monotonic time of the next visible change, or -1. */
	long long (*deadline)(struct ui *, long long now_ms);
	/* Called when the deadline has passed. */
	void (*timer)(struct ui *, long long now_ms);
	/* Before the process stops (ctrl-z): pause timers. */
	void (*suspend)(struct ui *, long long now_ms);
	/* On SIGINT/SIGTERM/SIGHUP or when leaving: save what must not be
	 * lost (a journal draft, a partial relaxation session). */
	void (*save)(struct ui *, long long now_ms);
	/* Does this screen take q itself (e.g. asks to confirm)? */
	bool own_q;
	/* Opened first, leaving it quits (`winddown pmr`). */
	bool alone;
	/* Re-read the state file on the once-a-minute idle wake. */
	bool reload;
	/* Without a terminal, the command to try instead ("status"). */
	const char *instead;
};

struct ui_glyphs {
	const char *done, *partly, *missed, *today, *to_come;
	const char *ticked, *unticked, *bar_full, *bar_empty, *dot, *arrow;
	const char *hline;
};

struct ui {
	struct app             *app;
	const struct screen    *screen;
	/* Where q/escape returns to: the screens shown before, last on
	 * top (the today screen below them all). */
#define UI_TRAIL 8
	const struct screen    *trail[UI_TRAIL];
	int                     ntrail;
	const struct ui_glyphs *g;
	bool                    utf8;
	bool                    color;
	bool                    quit;
	int                     cols, lines;
	char                    message[160]; /* one-line status message */
	bool                    message_error;
	const struct screen    *only;     /* leaving this screen quits */
	char                    exit_error[256]; /* said after the screen */
};

/* The screens, one a file: src/screen-NAME.c. */
extern const struct screen screen_today;
extern const struct screen screen_help;
extern const struct screen screen_dos;
extern const struct screen screen_review;
extern const struct screen screen_flags;
extern const struct screen screen_day;     /* the day in full */
extern const struct screen screen_pmr;
extern const struct screen screen_journal;
extern const struct screen screen_trend;   /* every week's twitches */

/* The plan day the today screen shows (1..ndays). */
int  screen_today_day(const struct ui *);

/* Switch to screen s; q/escape on it returns to the current one (or,
 * when s was shown on the way here, to the screen before it). */
void ui_show(struct ui *, const struct screen *s, long long now_ms);
/* Read the state file again (what another winddown saved); on an error
 * the state in memory is kept. */
void ui_reload(struct ui *);
/* Return to the screen before (the today screen at the bottom). */
void ui_back(struct ui *, long long now_ms);
/* Set the one-line message at the bottom. */
void ui_message(struct ui *, bool error, const char *, ...)
    WD_PRINTF(3, 4);
/* Ring the bell (or flash) unless --quiet or the bell setting is off. */
void ui_bell(struct ui *);
/* Restore the terminal; safe to call any number of times. */
void ui_end(void);
/* Read the history the coach leaves for after its first frame; 0, or
 * the exit status (the terminal is then restored). (ui-term.c) */
int  ui_load_later(struct ui *);

/* Attributes: roles mapped to colour pairs or, with NO_COLOR, to
 * bold/reverse/dim. */
enum ui_role {
	ROLE_NORMAL,
	ROLE_TITLE,   /* headings */
	ROLE_DIM,     /* secondary text */
	ROLE_GOOD,    /* done */
	ROLE_WARN,    /* partly, missed */
	ROLE_ALERT,   /* red flags, errors */
	ROLE_SELECT,  /* the cursor line */
	ROLE_ACCENT,  /* today, progress bars */
};
int  ui_attr(const struct ui *, enum ui_role);

/* s as the terminal can show it: itself, or when the locale is not
 * UTF-8 its ASCII (utf8_ascii) in *tofree, for the caller to free. */
const char *ui_text(const char *s, char **tofree);
/* Display width of a UTF-8 string (or its first n bytes). */
int  ui_width(const char *s);
/* Put s at (y, x), cut to at most w columns. Returns columns used. */
int  ui_put(int y, int x, int w, int attr, const char *s);
/* Word-wrap s into the box from (y, x), w columns, at most h lines.
 * Returns the lines used (counting those that did not fit when h < 0:
 * pass h = -1 to only measure). */
int  ui_wrap(int y, int x, int w, int h, int attr, const char *s);
/* One wrapped line of s in w columns: returns its start, sets *end to
 * its end and *next to where the next line begins. */
const char *ui_wrap_segment(const char *s, int w, const char **end,
    const char **next);
/* A progress bar of w columns, permille full. */
void ui_bar(const struct ui *, int y, int x, int w, int permille);
/* The last line: keys of the screen, or the message. */
void ui_footer(struct ui *, const char *keys);

/* Pagers (ui-pager.c): scrolling pages of wrapped text. A pager screen's
 * state starts with a struct ui_pager; its top hook is ui_pager_top and
 * its key hook ui_pager_key (or calls it). */
struct ui_pager {
	int scroll; /* first line shown */
	int lines;  /* lines of the page, counted when drawn */
};
/* A page being drawn: virtual line vy, visible from pager->scroll. */
struct ui_page {
	struct ui       *ui;
	struct ui_pager *pager;
	int              vy;
	int              top, bottom; /* screen rows for the text */
};
/* Title row, then the text area; returns a page to fill. */
struct ui_page ui_pager_begin(struct ui *, const char *title);
/* Wrap s at indent and place the lines that fall in view. */
void ui_pager_text(struct ui_page *, int indent, int attr, const char *s);
/* A formatted paragraph, however long. */
void ui_pager_printf(struct ui_page *, int indent, int attr,
    const char *, ...) WD_PRINTF(4, 5);
void ui_pager_blank(struct ui_page *);
/* Take the next line of the page: its screen row, or -1 when it is out
 * of view (for lines drawn in columns with ui_put). */
int  ui_pager_line(struct ui_page *);
/* Finish: remember the length, show where we are, the footer. */
void ui_pager_end(struct ui_page *, const char *keys);
/* Scrolling keys. */
bool ui_pager_key(struct ui *, int key, bool is_char, long long now_ms);
/* Back to the first line. */
void ui_pager_top(struct ui *);

#endif
