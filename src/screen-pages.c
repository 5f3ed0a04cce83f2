/* The reading screens: help, the do/don't page (with triggers, strategies
 * and the signs that call for a doctor), the review, and the red-flag
 * questions. The first three are scrolling pages of wrapped text. */
#ifndef _XOPEN_SOURCE
#define _XOPEN_SOURCE 700
#endif
#include "ui.h"

#include <curses.h>
#include <stdarg.h>
#include <langinfo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "winddown/report.h"
#include "winddown/review.h"

/* A page being drawn: virtual line vy, visible from ui->scroll. */
struct page {
	struct ui *ui;
	int        vy;
	int        top, bottom; /* screen rows for the text */
};

/* Wrap s at indent and place the lines that fall in view. */
static void
page_text(struct page *pg, int indent, int attr, const char *s)
{
	struct ui  *ui = pg->ui;
	const char *line, *end;
	int         w = ui->cols - indent - 2;

	if (*s == '\0') {
		pg->vy++;
		return;
	}
	while (*s != '\0') {
		int row;

		line = ui_wrap_segment(s, w, &end, &s);
		if (*line == '\0' && *s == '\0')
			break;
		row = pg->top + pg->vy - ui->scroll;
		if (row >= pg->top && row < pg->bottom) {
			attron(attr);
			mvaddnstr(row, indent + 1, line, (int)(end - line));
			attroff(attr);
		}
		pg->vy++;
	}
}

static void
page_blank(struct page *pg)
{
	pg->vy++;
}

/* Title row, then the text area; returns a page to fill. */
static struct page
page_begin(struct ui *ui, const char *title)
{
	struct page pg = { ui, 0, 2, ui->lines - 1 };

	ui_put(0, 1, ui->cols - 2, ui_attr(ui, ROLE_TITLE), title);
	mvhline(1, 0, 0, ui->cols);
	return pg;
}

/* Finish: remember the length, show where we are. */
static void
page_end(struct page *pg, const char *keys)
{
	struct ui *ui = pg->ui;
	char       pos[32];
	int        rows = pg->bottom - pg->top;

	ui->pager_lines = pg->vy;
	if (ui->scroll > 0 || pg->vy > rows) {
		snprintf(pos, sizeof pos, "%d-%d of %d", ui->scroll + 1,
		    ui->scroll + rows < pg->vy ? ui->scroll + rows : pg->vy,
		    pg->vy);
		ui_put(0, ui->cols - (int)strlen(pos) - 1, (int)strlen(pos),
		    ui_attr(ui, ROLE_DIM), pos);
	}
	ui_footer(ui, keys);
}

/* Scrolling keys shared by the pages. */
static bool
page_key(struct ui *ui, int key, bool is_char, long long now)
{
	int rows = ui->lines - 3, max = ui->pager_lines - rows;

	(void)now;
	if (max < 0)
		max = 0;
	if (is_char) {
		if (key == 'j')
			key = KEY_DOWN;
		else if (key == 'k')
			key = KEY_UP;
		else if (key == ' ')
			key = KEY_NPAGE;
		else
			return false;
	}
	switch (key) {
	case KEY_DOWN:
		ui->scroll++;
		break;
	case KEY_UP:
		ui->scroll--;
		break;
	case KEY_NPAGE:
		ui->scroll += rows - 1;
		break;
	case KEY_PPAGE:
		ui->scroll -= rows - 1;
		break;
	case KEY_HOME:
		ui->scroll = 0;
		break;
	case KEY_END:
		ui->scroll = max;
		break;
	default:
		return false;
	}
	if (ui->scroll > max)
		ui->scroll = max;
	if (ui->scroll < 0)
		ui->scroll = 0;
	return true;
}

/* Help --------------------------------------------------------------- */

static const struct {
	const char *keys;
	const char *what;
} help_keys[] = {
	{ "Everywhere", NULL },
	{ "t", "today: the day's task and checklist" },
	{ "i", "the day on screen in full: task, why, steps, tip" },
	{ "p", "guided progressive muscle relaxation" },
	{ "l", "sleep journal: last night's entry" },
	{ "r", "review of the week" },
	{ "f", "red-flag questions: when to see a doctor" },
	{ "d", "do and don't, triggers, strategies, doctor signs" },
	{ "? or F1", "this help" },
	{ "q or Esc", "back; on the today screen, quit" },
	{ "Today", NULL },
	{ "Up/Down, k/j", "move in the checklist" },
	{ "Space, Enter", "tick or untick a step (saved at once)" },
	{ "Left/Right", "earlier or later day of this week" },
	{ "b", "set the target bedtime (HH:MM, Enter)" },
	{ "s", "retry a save that failed" },
	{ "N", "start a new week (earlier weeks are kept)" },
	{ "Relaxation", NULL },
	{ "Space", "pause or resume" },
	{ "n / b", "next muscle group / back one group" },
	{ "q", "end the session (asks first; it is saved)" },
	{ "Journal", NULL },
	{ "Tab, Up/Down", "next or previous field (Shift-Tab back)" },
	{ "PgUp/PgDn", "first or last field (also Home/End)" },
	{ "Enter", "next field; on the last one, save" },
	{ "Ctrl-S", "save the night" },
	{ "Ctrl-U", "clear the field" },
	{ "Ctrl-D", "discard the changes and any draft" },
	{ "Left/Right", "earlier or later night (when saved)" },
	{ "Esc", "leave; with changes it asks: save, keep a draft, "
	    "discard" },
	{ "Pages", NULL },
	{ "Up/Down, k/j", "scroll; Space, PgUp/PgDn a page" },
	{ "Home/End", "top or bottom" },
	{ "Red flags", NULL },
	{ "y / n", "answer the question; saved at once" },
};

static void
help_draw(struct ui *ui, long long now)
{
	struct page pg = page_begin(ui, "Keys");
	char        line[160];
	size_t      i;

	(void)now;
	for (i = 0; i < WD_NELEM(help_keys); i++) {
		if (help_keys[i].what == NULL) {
			if (i > 0)
				page_blank(&pg);
			page_text(&pg, 0, ui_attr(ui, ROLE_TITLE),
			    help_keys[i].keys);
			continue;
		}
		snprintf(line, sizeof line, "%-14s %s", help_keys[i].keys,
		    help_keys[i].what);
		page_text(&pg, 1, A_NORMAL, line);
	}
	page_blank(&pg);
	page_text(&pg, 0, ui_attr(ui, ROLE_DIM), ui->app->plan.disclaimer);
	page_end(&pg, "q back  j/k scroll");
}

const struct screen screen_help = {
	.name = "help",
	.draw = help_draw,
	.key = page_key,
};

/* Do and don't ------------------------------------------------------- */

/* A formatted paragraph on a page, however long. */
static void page_printf(struct page *, int, int, const char *, ...)
    WD_PRINTF(4, 5);

static void
page_printf(struct page *pg, int indent, int attr, const char *fmt, ...)
{
	va_list ap;
	char   *text;

	va_start(ap, fmt);
	text = xvasprintf(fmt, ap);
	va_end(ap);
	page_text(pg, indent, attr, text);
	free(text);
}

static void
dos_draw(struct ui *ui, long long now)
{
	const struct plan *p = &ui->app->plan;
	struct page        pg = page_begin(ui, "Do and don't");
	int                i;

	(void)now;
	for (i = 0; i < p->ndos; i++) {
		page_printf(&pg, 1, ui_attr(ui, ROLE_GOOD), "Do:    %s",
		    p->dos[i].good);
		page_printf(&pg, 1, ui_attr(ui, ROLE_WARN), "Don't: %s",
		    p->dos[i].bad);
	}
	page_blank(&pg);
	page_text(&pg, 0, ui_attr(ui, ROLE_TITLE), "Common triggers");
	for (i = 0; i < p->ntriggers; i++) {
		page_printf(&pg, 1, A_NORMAL, "%s %s: %s", ui->g->dot,
		    p->triggers[i].title, p->triggers[i].text);
	}
	page_blank(&pg);
	page_text(&pg, 0, ui_attr(ui, ROLE_ALERT), "When to talk to a doctor");
	for (i = 0; i < p->nflags; i++) {
		page_printf(&pg, 1, A_NORMAL, "%s %s", ui->g->dot,
		    p->flags[i].question);
	}
	page_text(&pg, 1, A_NORMAL, p->doctor_advice);
	page_blank(&pg);
	page_text(&pg, 0, ui_attr(ui, ROLE_TITLE), "What helps");
	for (i = 0; i < p->nstrategies; i++) {
		page_printf(&pg, 1, A_NORMAL, "%s %s: %s", ui->g->dot,
		    p->strategies[i].title, p->strategies[i].text);
	}
	if (p->nfacts > 0) {
		page_blank(&pg);
		page_text(&pg, 0, ui_attr(ui, ROLE_TITLE), "Good to know");
		for (i = 0; i < p->nfacts; i++) {
			page_printf(&pg, 1, A_NORMAL, "%s %s: %s", ui->g->dot,
			    p->facts[i].title, p->facts[i].text);
		}
	}
	page_blank(&pg);
	page_printf(&pg, 0, ui_attr(ui, ROLE_DIM), "Source: \"%s\" by %s. %s",
	    p->source_title, p->source_author, p->disclaimer);
	page_end(&pg, "q back  j/k scroll  space page  f red flags");
}

const struct screen screen_dos = {
	.name = "dos",
	.draw = dos_draw,
	.key = page_key,
};

/* The day in full ---------------------------------------------------- */

static void
day_draw(struct ui *ui, long long now)
{
	const struct plan     *p = &ui->app->plan;
	int                    n = ui->view_day >= 1 && ui->view_day <=
	    p->ndays ? ui->view_day : 1;
	const struct plan_day *d = &p->days[n - 1];
	struct timeline_entry  tl[64];
	struct page            pg;
	char                   title[160], t[6], u[6];
	int                    i, nt;

	(void)now;
	snprintf(title, sizeof title, "Day %d of %d: %s", n, p->ndays,
	    d->title);
	pg = page_begin(ui, title);
	page_text(&pg, 0, A_NORMAL, d->task);
	page_blank(&pg);
	page_text(&pg, 0, ui_attr(ui, ROLE_TITLE), "Why it helps");
	page_text(&pg, 1, A_NORMAL, d->why);
	page_blank(&pg);
	page_text(&pg, 0, ui_attr(ui, ROLE_TITLE), "Steps");
	for (i = 0; i < d->nsteps; i++)
		page_printf(&pg, 1, A_NORMAL, "%s %s",
		    state_ticked(&ui->app->st, n, i + 1) ? ui->g->ticked :
		    ui->g->unticked, d->steps[i]);
	if (d->tip != NULL) {
		page_blank(&pg);
		page_text(&pg, 0, ui_attr(ui, ROLE_TITLE), "Tip");
		page_text(&pg, 1, A_NORMAL, d->tip);
	}
	page_blank(&pg);
	page_text(&pg, 0, ui_attr(ui, ROLE_TITLE), "Tonight");
	nt = plan_timeline(p, n, ui->app->st.settings.bedtime, tl,
	    (int)WD_NELEM(tl));
	for (i = 0; i < nt; i++) {
		hhmm_format(tl[i].at, t);
		if (tl[i].until >= 0) {
			hhmm_format(tl[i].until, u);
			page_printf(&pg, 1, A_NORMAL, "%s-%s %s", t, u,
			    tl[i].label);
		} else
			page_printf(&pg, 1, tl[i].label == NULL ?
			    ui_attr(ui, ROLE_ACCENT) : (int)A_NORMAL, "%s %s",
			    t, tl[i].label != NULL ? tl[i].label : "Bedtime");
	}
	if (n > 1) {
		page_blank(&pg);
		page_text(&pg, 0, ui_attr(ui, ROLE_TITLE), "Keep doing");
		for (i = 0; i < n - 1; i++)
			page_printf(&pg, 1, A_NORMAL, "%d %s %s: %s", i + 1,
			    ui->g->dot, p->days[i].title, p->days[i].steps[0]);
	}
	page_blank(&pg);
	page_text(&pg, 0, ui_attr(ui, ROLE_DIM), p->disclaimer);
	page_end(&pg, "q back  j/k scroll  space page");
}

const struct screen screen_day = {
	.name = "day",
	.draw = day_draw,
	.key = page_key,
};

/* Review --------------------------------------------------------------- */

static struct {
	char  *text;   /* report_text output */
	size_t len;
} review;

/* Compute the review afresh from the state in memory. */
static void
review_enter(struct ui *ui, long long now)
{
	struct review rv;
	FILE         *fp;

	(void)now;
	free(review.text);
	review.text = NULL;
	fp = open_memstream(&review.text, &review.len);
	if (fp == NULL)
		return;
	review_compute(&rv, &ui->app->plan, &ui->app->st, &ui->app->st.week,
	    ui->app->today);
	report_text(fp, &rv, ui->utf8);
	review_free(&rv);
	fclose(fp);
}

/* A heading of the text report: capitals and spaces only. */
static bool
review_is_heading(const char *s)
{
	for (; *s != '\0'; s++) {
		if (!(*s == ' ' || (*s >= 'A' && *s <= 'Z') || *s == '-'))
			return false;
	}
	return true;
}

static void
review_draw(struct ui *ui, long long now)
{
	struct page pg = page_begin(ui, "Review of the week");
	const char *line, *end;
	char       *copy;
	size_t      indent;

	(void)now;
	if (review.text == NULL)
		review_enter(ui, now);
	/* The text report, keeping its blank lines and indents; its
	 * headings are the lines in capitals. */
	for (line = review.text; line != NULL && *line != '\0'; line = end) {
		end = strchr(line, '\n');
		copy = xstrndup(line, end != NULL ? (size_t)(end - line) :
		    strlen(line));
		end = end != NULL ? end + 1 : line + strlen(line);
		indent = strspn(copy, " ");
		if (copy[indent] == '\0')
			page_blank(&pg);
		else
			page_text(&pg, (int)indent, indent == 0 &&
			    review_is_heading(copy) ? ui_attr(ui, ROLE_TITLE) :
			    (int)A_NORMAL, copy + indent);
		free(copy);
	}
	page_end(&pg, "q back  j/k scroll  space page  f red-flag questions");
}

const struct screen screen_review = {
	.name = "review",
	.enter = review_enter,
	.draw = review_draw,
	.key = page_key,
};

/* Red flags ------------------------------------------------------------ */

struct flag_answer {
	const char *id;
	bool        yes;
	int         today;
};

static int
apply_flag(struct state *st, void *ctx, char **cause)
{
	struct flag_answer *a = ctx;

	(void)cause;
	kv_set_bool(&st->week.flags, a->id, a->yes);
	st->week.flags_date = a->today;
	return 0;
}

static bool
flags_key(struct ui *ui, int key, bool is_char, long long now)
{
	const struct plan *p = &ui->app->plan;
	struct flag_answer a;
	char              *cause = NULL;

	if (!is_char) {
		if (key == KEY_UP && ui->cursor > 0)
			ui->cursor--;
		else if (key == KEY_DOWN && ui->cursor + 1 < p->nflags)
			ui->cursor++;
		else
			return page_key(ui, key, is_char, now);
		return true;
	}
	if (key == 'k' && ui->cursor > 0)
		ui->cursor--;
	else if (key == 'j' && ui->cursor + 1 < p->nflags)
		ui->cursor++;
	else if (key == 'y' || key == 'n') {
		a.id = p->flags[ui->cursor].id;
		a.yes = key == 'y';
		a.today = ui->app->today;
		if (app_update(ui->app, apply_flag, &a, &cause) != 0) {
			ui_message(ui, true, "Not saved: %s", cause);
			free(cause);
		} else if (ui->cursor + 1 < p->nflags)
			ui->cursor++;
	} else
		return page_key(ui, key, is_char, now);
	return true;
}

static void
flags_enter(struct ui *ui, long long now)
{
	(void)now;
	ui->cursor = 0;
}

static void
flags_draw(struct ui *ui, long long now)
{
	const struct plan *p = &ui->app->plan;
	struct page        pg = page_begin(ui, "When to talk to a doctor");
	int                i, yes = 0;

	(void)now;
	page_text(&pg, 0, ui_attr(ui, ROLE_DIM), "Answer y or n for each; it "
	    "is saved at once. Think of the past week or longer.");
	page_blank(&pg);
	for (i = 0; i < p->nflags; i++) {
		const struct kv *a = kv_get(&ui->app->st.week.flags,
		    p->flags[i].id);

		if (a != NULL && a->i)
			yes++;
		page_printf(&pg, 0, i == ui->cursor ?
		    ui_attr(ui, ROLE_SELECT) : (int)A_NORMAL, "[%s] %s",
		    a == NULL ? " " : a->i ? "y" : "n", p->flags[i].question);
	}
	if (p->nflags > 0 && p->flags[ui->cursor].help != NULL) {
		page_blank(&pg);
		page_text(&pg, 2, ui_attr(ui, ROLE_DIM),
		    p->flags[ui->cursor].help);
	}
	page_blank(&pg);
	if (yes > 0) {
		page_text(&pg, 0, ui_attr(ui, ROLE_ALERT), p->doctor_advice);
		page_blank(&pg);
		page_text(&pg, 0, A_NORMAL, p->doctor_tell);
	} else
		page_text(&pg, 0, ui_attr(ui, ROLE_DIM), p->disclaimer);
	page_end(&pg, "y yes  n no  j/k move  space page  q back");
}

const struct screen screen_flags = {
	.name = "flags",
	.enter = flags_enter,
	.draw = flags_draw,
	.key = flags_key,
};
