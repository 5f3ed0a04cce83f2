/* The journal screen: a form with one line per field of the plan's
 * journal, checked as it is typed, saved for one night at a time. What is
 * typed lives here until it is saved, discarded or kept as a draft in the
 * state file, so a resize, a suspend or a signal loses nothing. */
#if !defined(_XOPEN_SOURCE) || _XOPEN_SOURCE < 700
#undef _XOPEN_SOURCE
#define _XOPEN_SOURCE 700
#endif

#include <curses.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <wchar.h>
#include <wctype.h>

#include "winddown/day.h"
#include "winddown/journal.h"
#include "winddown/util.h"

#include "screen-journal.h"


#define SCREEN_JOURNAL_HEADING   \
    "Consensus Sleep Diary core items (optional here)"

/* Keys, as characters. */
#define SCREEN_JOURNAL_CTRL_D 4  /* discard */
#define SCREEN_JOURNAL_CTRL_H 8  /* backspace */
#define SCREEN_JOURNAL_CTRL_S 19 /* save */
#define SCREEN_JOURNAL_CTRL_U 21 /* clear the field */
#define SCREEN_JOURNAL_ESC    27
#define SCREEN_JOURNAL_DEL    127

/* Rows of the field list that are not fields. */
#define SCREEN_JOURNAL_ROW_BLANK   (-1)
#define SCREEN_JOURNAL_ROW_HEADING (-2)

static struct screen_journal_form screen_journal_f;

static const char *screen_journal_wdays[] = {
	"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"
};

/* Leave the screen; the edits are already saved, kept or discarded. */
static void
screen_journal_leave(struct ui *ui, long long now_ms)
{
	curs_set(0);
	screen_journal_form_free(&screen_journal_f);
	ui_back(ui, now_ms);
}

/* The rows of the field list: field indices, with a blank row and the
 * sleep-diary heading before the first diary item. Returns the count. */
static int
screen_journal_rows(const struct app *app, int *rows)
{
	int i, n = 0;
	bool heading = false;

	for (i = 0; i < app->plan.nfields; i++) {
		if (app->plan.fields[i].diary && !heading) {
			heading = true;
			if (n > 0)
				rows[n++] = SCREEN_JOURNAL_ROW_BLANK;
			rows[n++] = SCREEN_JOURNAL_ROW_HEADING;
		}
		rows[n++] = i;
	}
	return n;
}

/* What an empty field shows: the choices, y/n, the form of a time. */
static char *
screen_journal_placeholder(const struct journal_field *f)
{
	struct buf b = { NULL, 0, 0 };
	int        i;

	switch (f->type) {
	case FIELD_YESNO:
		return xstrdup("y/n");
	case FIELD_CHOICE:
		buf_add(&b, "", 0);
		for (i = 0; i < f->nchoices; i++)
			buf_printf(&b, "%s%s", i == 0 ? "" : "/",
			    f->choices[i]);
		return b.data;
	case FIELD_TIME:
		return xstrdup(f->none ? "HH:MM or none" : "HH:MM");
	case FIELD_COUNT:
	case FIELD_SCALE:
		return xasprintf("%d-%d", f->min, f->max);
	case FIELD_TEXT:
		break;
	}
	return xstrdup("");
}

/* The end of s that fits in w columns. */
static const char *
screen_journal_tail(const char *s, int w)
{
	while (*s != '\0' && ui_width(s) > w) {
		s++;
		while (((unsigned char)*s & 0xc0) == 0x80)
			s++;
	}
	return s;
}

/* "  (last night, the baseline)": when the night is, and where it
 * stands in the week (a night belongs to the evening it starts on). */
static void
screen_journal_week_note(const struct app *app, int night, const char *rel,
    char *out, size_t size)
{
	int  k = day_number(app->st.week.start, night), nd = app->plan.ndays;
	char where[48] = "";

	if (app->st.started && k == 0)
		snprintf(where, sizeof where, "before day 1: the baseline");
	else if (app->st.started && k >= 1 && k <= nd)
		snprintf(where, sizeof where, "night %d of %d", k, nd);
	else if (app->st.started && k > nd)
		snprintf(where, sizeof where, "after the week");
	if (*rel == '\0' && *where == '\0')
		out[0] = '\0';
	else
		snprintf(out, size, "  (%s%s%s)", rel, *rel != '\0' &&
		    *where != '\0' ? ", " : "", where);
}

/* Draw the night's date, the relative day and how it stands. */
static void
screen_journal_draw_header(const struct screen_journal_form *jf,
    struct ui *ui)
{
	struct app         *app = ui->app;
	const struct night *n = state_night(&app->st, jf->night);
	char                d[11], when[32], note[80], *s;
	const char         *rel = "";
	int                 x, evening;
	time_t              t;
	struct tm           tm;

	day_format(jf->night, d);
	evening = app->dated ? app->date :
	    day_evening((time_t)app_clock_wall(), app->st.settings.rollover);
	if (jf->night == evening)
		rel = "tonight";
	else if (jf->night == evening - 1)
		rel = "last night";
	screen_journal_week_note(app, jf->night, rel, note, sizeof note);
	s = xasprintf("Journal %s Night of %s %s", ui->utf8 ? "\xc2\xb7" : "-",
	    screen_journal_wdays[day_weekday(jf->night)], d);
	x = 1 + ui_put(0, 1, ui->cols - 2, ui_attr(ui, ROLE_TITLE), s);
	free(s);
	x += ui_put(0, x, ui->cols - x - 1, ui_attr(ui, ROLE_DIM), note);
	s = xasprintf("%s earlier%s", ui->utf8 ? "\xe2\x86\x90" : "<-",
	    jf->night < jf->last ? (ui->utf8 ? "  later \xe2\x86\x92" :
	    "  later ->") : "");
	if (ui_width(s) + 2 < ui->cols - x)
		ui_put(0, ui->cols - 1 - ui_width(s), ui_width(s),
		    ui_attr(ui, ROLE_DIM), s);
	free(s);

	if (n != NULL && n->updated > 0) {
		t = (time_t)n->updated;
		if (localtime_r(&t, &tm) == NULL ||
		    strftime(when, sizeof when, "%Y-%m-%d %H:%M", &tm) == 0)
			snprintf(when, sizeof when, "?");
		s = xasprintf("Saved %s.", when);
	} else if (n != NULL)
		s = xstrdup("Saved.");
	else
		s = xstrdup("Nothing recorded for this night yet.");
	x = 1 + ui_put(1, 1, ui->cols - 2, ui_attr(ui, ROLE_DIM), s);
	free(s);
	if (screen_journal_form_dirty(jf)) {
		ui_put(1, x + 1, ui->cols - x - 2, ui_attr(ui, ROLE_WARN),
		    jf->drafted ? "Unsaved changes (draft kept)" :
		    "Unsaved changes");
	}
}

/* Draw field i on row y; returns the column after its text. */
static int
screen_journal_draw_field(const struct screen_journal_form *jf,
    struct ui *ui, int y, int i, int pw)
{
	const struct journal_field *f = &ui->app->plan.fields[i];
	const char                 *text, *choice;
	bool                        cur = i == jf->cur;
	int                         vx = 2 + pw + 2, vw = ui->cols - vx - 1;
	int                         attr, x, end;
	char                       *s;

	text = screen_journal_form_text(jf, i);
	attr = ui_attr(ui, cur ? ROLE_SELECT : ROLE_NORMAL);
	if (cur) {
		mvhline(y, 0, ' ' | attr, 2 + pw + 1);
		ui_put(y, 0, 1, attr, ui->g->today);
	}
	ui_put(y, 2, pw, attr, f->prompt);
	if (vw < 1)
		return vx;
	if (*text == '\0') {
		s = screen_journal_placeholder(f);
		/* Without colour or dim, brackets tell it from a value. */
		if (*s != '\0' && (!ui->color || !(termattrs() & A_DIM))) {
			char *b = xasprintf("[%s]", s);

			free(s);
			s = b;
		}
		ui_put(y, vx, vw, ui_attr(ui, ROLE_DIM), s);
		free(s);
		return vx;
	}
	if (cur)
		text = screen_journal_tail(text, vw - 1);
	/* The saved value the next key replaces shows as selected. */
	attr = ui_attr(ui, ROLE_NORMAL);
	if (cur && screen_journal_form_armed(jf))
		attr |= (int)A_REVERSE;
	end = vx + ui_put(y, vx, vw, attr, text);
	x = end + 2;
	if (jf->theirs[i] != NULL && x < ui->cols - 4) {
		s = xasprintf("! saved elsewhere: %s", *jf->theirs[i] != '\0' ?
		    jf->theirs[i] : "(blank)");
		ui_put(y, x, ui->cols - x - 1, ui_attr(ui, ROLE_ALERT), s);
		free(s);
	} else if (jf->error[i] != NULL && x < ui->cols - 4) {
		s = xasprintf("! %s", jf->error[i]);
		ui_put(y, x, ui->cols - x - 1, ui_attr(ui, ROLE_ALERT), s);
		free(s);
	} else if ((choice = journal_choice(f, text)) != NULL &&
	    strcasecmp(choice, text) != 0 && x < ui->cols - 4) {
		s = xasprintf("%s %s", ui->utf8 ? "\xe2\x86\x92" : "->",
		    choice);
		ui_put(y, x, ui->cols - x - 1, ui_attr(ui, ROLE_DIM), s);
		free(s);
	}
	return end;
}

/* Draw the help of the current field, its accepted form or its error. */
static void
screen_journal_draw_help(const struct screen_journal_form *jf,
    struct ui *ui, int y)
{
	const struct journal_field *f;
	const char                 *err;
	char                       *s, *hint;
	struct buf                  line = { NULL, 0, 0 };
	int                         i;

	if (jf->nfields == 0)
		return;
	f = &ui->app->plan.fields[jf->cur];
	err = jf->error[jf->cur];

	buf_add(&line, "", 0);
	for (i = 0; i < ui->cols; i++)
		buf_puts(&line, ui->g->hline);
	ui_put(y, 0, ui->cols, ui_attr(ui, ROLE_DIM), line.data);
	buf_free(&line);

	ui_wrap(y + 1, 2, ui->cols - 4, 2, ui_attr(ui, ROLE_DIM),
	    f->help != NULL ? f->help : f->prompt);
	if (err != NULL) {
		s = xasprintf("%s: %s", f->prompt, err);
		ui_put(y + 3, 2, ui->cols - 4, ui_attr(ui, ROLE_ALERT), s);
	} else {
		hint = journal_hint(f);
		s = xasprintf("%s%s; ctrl-u clears, blank means not given.",
		    f->type == FIELD_CHOICE ? "Type " : "Enter ", hint);
		free(hint);
		ui_put(y + 3, 2, ui->cols - 4, ui_attr(ui, ROLE_NORMAL), s);
	}
	free(s);
}

/* Show the screen: a restored draft, the form where it was, or the
 * default night. */
static void
screen_journal_enter(struct ui *ui, long long now_ms)
{
	struct screen_journal_form *jf = &screen_journal_f;
	struct app                 *app = ui->app;
	const struct kv            *kv;
	struct buf                  since = { NULL, 0, 0 };
	char                        d[11], *cause = NULL;
	bool                        based;
	int                         i;

	(void)now_ms;
	curs_set(1);
	if (jf->active)
		return; /* back from a screen shown over the form */
	screen_journal_form_free(jf);
	jf->active = true;
	jf->nfields = app->plan.nfields;
	jf->text = xcalloc((size_t)jf->nfields + 1, sizeof *jf->text);
	jf->orig = xcalloc((size_t)jf->nfields + 1, sizeof *jf->orig);
	jf->error = xcalloc((size_t)jf->nfields + 1, sizeof *jf->error);
	jf->theirs = xcalloc((size_t)jf->nfields + 1, sizeof *jf->theirs);
	jf->last = app_journal_night(app);
	if (!app->st.has_draft) {
		screen_journal_form_load(jf, app, jf->last);
		return;
	}

	screen_journal_form_load(jf, app, app->st.draft.date);
	if (jf->night > jf->last)
		jf->last = jf->night;
	/* A draft made by this version holds the values it was editing
	 * from: a field not typed into takes the value saved since, and
	 * one typed into keeps what it was typed over (so saving asks when
	 * it changed since). An older draft: the night as it is now. */
	based = kv_get(&app->st.draft.kv, "*was") != NULL;
	for (i = 0; i < jf->nfields; i++) {
		const struct journal_field *f = &app->plan.fields[i];
		char                       *typed, *base, *k;

		kv = kv_get(&app->st.draft.kv, f->name);
		typed = kv == NULL ? xstrdup("") : kv->type == KV_STR ?
		    xstrdup(kv->s != NULL ? kv->s : "") : journal_format(kv);
		k = xasprintf("*was-%s", f->name);
		kv = kv_get(&app->st.draft.kv, k);
		free(k);
		base = !based ? xstrdup(jf->orig[i]) : kv == NULL ? xstrdup("") :
		    kv->type == KV_STR ? xstrdup(kv->s != NULL ? kv->s : "") :
		    journal_format(kv);
		if (strcmp(base, jf->orig[i]) != 0) {
			buf_printf(&since, "%s%s", since.len > 0 ? ", " : "",
			    f->prompt);
		}
		if (strcmp(typed, base) != 0) {
			screen_journal_form_set_text(jf, i, typed);
			free(jf->orig[i]);
			jf->orig[i] = base;
			base = NULL;
		}
		free(base);
		free(typed);
		screen_journal_form_check(jf, app, i);
	}
	if (!screen_journal_form_dirty(jf)) {
		/* The draft says nothing the night does not: forget it. */
		if (screen_journal_form_draft(jf, app, false, &cause) != 0)
			free(cause);
		buf_free(&since);
		return;
	}
	jf->drafted = true;
	day_format(jf->night, d);
	if (since.len > 0)
		ui_message(ui, false, "Restored an unsaved entry for the night "
		    "of %s; changed since: %s.", d, since.data);
	else
		ui_message(ui, false, "Restored an unsaved entry for the night "
		    "of %s.", d);
	buf_free(&since);
}

/* Draw the form. Stateless but for keeping the current field in view. */
static void
screen_journal_draw(struct ui *ui, long long now_ms)
{
	struct screen_journal_form *jf = &screen_journal_f;
	struct app                 *app = ui->app;
	int                        *rows, nrows, h, top, i, y, pw, w, r;
	int                         cx = 0, cy = -1, bottom;
	const char                 *keys;

	if (!jf->active)
		screen_journal_enter(ui, now_ms); /* drawn before entered */
	screen_journal_draw_header(jf, ui);
	if (jf->nfields == 0) {
		ui_put(3, 2, ui->cols - 4, ui_attr(ui, ROLE_NORMAL),
		    "The plan's journal has no fields.");
		ui_footer(ui, "Esc back");
		return;
	}

	/* The list, scrolled to keep the current field (and the heading
	 * above the first diary item) in view. */
	bottom = ui->lines - 5; /* the separator above the help */
	h = bottom - 2;
	if (h < 1)
		h = 1;
	rows = xcalloc((size_t)jf->nfields * 2 + 2, sizeof *rows);
	nrows = screen_journal_rows(app, rows);
	for (r = 0; r < nrows && rows[r] != jf->cur; r++)
		/* nothing */;
	top = jf->top;
	if (r < top) {
		top = r;
		while (top > 0 && rows[top - 1] < 0)
			top--;
	}
	if (r >= top + h)
		top = r - h + 1;
	if (top > nrows - h)
		top = nrows - h;
	if (top < 0)
		top = 0;
	jf->top = top;

	pw = 0;
	for (i = 0; i < jf->nfields; i++) {
		if ((w = ui_width(app->plan.fields[i].prompt)) > pw)
			pw = w;
	}
	if (pw > ui->cols / 2 - 4)
		pw = ui->cols / 2 - 4;
	for (y = 2, r = top; r < nrows && y < 2 + h; r++, y++) {
		if (rows[r] == SCREEN_JOURNAL_ROW_HEADING)
			ui_put(y, 2, ui->cols - 4, ui_attr(ui, ROLE_TITLE),
			    SCREEN_JOURNAL_HEADING);
		else if (rows[r] == jf->cur) {
			cx = screen_journal_draw_field(jf, ui, y, rows[r], pw);
			cy = y;
		} else if (rows[r] >= 0)
			screen_journal_draw_field(jf, ui, y, rows[r], pw);
	}
	if (top > 0)
		ui_put(2, ui->cols - 1, 1, ui_attr(ui, ROLE_DIM),
		    ui->utf8 ? "\xe2\x86\x91" : "^");
	if (top + h < nrows)
		ui_put(1 + h, ui->cols - 1, 1, ui_attr(ui, ROLE_DIM),
		    ui->utf8 ? "\xe2\x86\x93" : "v");
	free(rows);

	screen_journal_draw_help(jf, ui, bottom);
	if (jf->resolving && (i = screen_journal_form_conflict(jf)) >= 0) {
		const char *mine = screen_journal_form_text(jf, i);
		char       *q;

		q = xasprintf("%s changed elsewhere since the form loaded it; "
		    "which to keep?", app->plan.fields[i].prompt);
		move(bottom + 3, 0);
		clrtoeol();
		ui_put(bottom + 3, 2, ui->cols - 4, ui_attr(ui, ROLE_ALERT), q);
		free(q);
		q = xasprintf("yours %s, saved %s: y keep yours, s keep saved, "
		    "Esc not now", *mine != '\0' ? mine : "(blank)",
		    *jf->theirs[i] != '\0' ? jf->theirs[i] : "(blank)");
		move(ui->lines - 1, 0);
		clrtoeol();
		ui_put(ui->lines - 1, 0, ui->cols, ui_attr(ui, ROLE_ALERT), q);
		free(q);
		curs_set(0);
		return;
	}
	if (jf->asking) {
		move(ui->lines - 1, 0);
		clrtoeol();
		ui_put(ui->lines - 1, 0, ui->cols, ui_attr(ui, ROLE_ALERT),
		    "Unsaved: s save, k keep as a draft, d discard, Esc stay");
		curs_set(0);
		return;
	}
	if (ui->utf8)
		keys = "Tab/\xe2\x86\x91\xe2\x86\x93 field  "
		    "\xe2\x86\x90\xe2\x86\x92 night  ^S save  ^D discard  "
		    "Esc back";
	else
		keys = "Tab/Up/Down field  Left/Right night  ^S save  "
		    "^D discard  Esc back";
	ui_footer(ui, keys);

	/* Last, so the terminal cursor stays at the end of the text. */
	if (cy >= 0) {
		curs_set(1);
		move(cy, cx < ui->cols ? cx : ui->cols - 1);
	} else
		curs_set(0);
}

/* Answer the question asked when leaving with unsaved changes. */
static bool
screen_journal_answer(struct ui *ui, int key, bool is_char,
    long long now_ms)
{
	struct screen_journal_form *jf = &screen_journal_f;
	char                       *cause = NULL, d[11];

	jf->asking = false;
	if (!is_char)
		return true;
	switch (key) {
	case 's':
	case 'S':
		if (screen_journal_form_save(jf, ui))
			screen_journal_leave(ui, now_ms);
		break;
	case 'k':
	case 'K':
		if (screen_journal_form_draft(jf, ui->app, true, &cause) != 0) {
			ui_message(ui, true, "Could not keep the draft: %s",
			    cause);
			free(cause);
			break;
		}
		day_format(jf->night, d);
		ui_message(ui, false, "Kept %s as a draft; the journal will "
		    "restore it.", d);
		jf->drafted = true;
		screen_journal_leave(ui, now_ms);
		break;
	case 'd':
	case 'D':
		screen_journal_form_discard(jf, ui);
		if (!screen_journal_form_dirty(jf))
			screen_journal_leave(ui, now_ms);
		break;
	}
	return true;
}

/* A key: editing, moving, saving, browsing, leaving. */
static bool
screen_journal_key(struct ui *ui, int key, bool is_char, long long now_ms)
{
	struct screen_journal_form *jf = &screen_journal_f;
	int                         last = jf->nfields - 1;

	if (!jf->active)
		return false;
	if (jf->asking)
		return screen_journal_answer(ui, key, is_char, now_ms);
	if (jf->resolving) {
		if (is_char && (key == 'y' || key == 'Y'))
			screen_journal_form_resolve(jf, ui, true);
		else if (is_char && (key == 's' || key == 'S'))
			screen_journal_form_resolve(jf, ui, false);
		else if (key == SCREEN_JOURNAL_ESC) {
			screen_journal_form_unresolve(jf);
			ui_message(ui, false, "Not saved yet; ctrl-s saves.");
		}
		return true;
	}
	if (key == SCREEN_JOURNAL_ESC) {
		if (screen_journal_form_dirty(jf))
			jf->asking = true;
		else
			screen_journal_leave(ui, now_ms);
		return true;
	}
	if (!is_char) {
		switch (key) {
		case KEY_BTAB:
			screen_journal_form_move(jf, ui, jf->cur > 0 ?
			    jf->cur - 1 : last);
			return true;
		case KEY_UP:
			screen_journal_form_move(jf, ui, jf->cur - 1);
			return true;
		case KEY_DOWN:
			screen_journal_form_move(jf, ui, jf->cur + 1);
			return true;
		case KEY_PPAGE:
		case KEY_HOME:
			screen_journal_form_move(jf, ui, 0);
			return true;
		case KEY_NPAGE:
		case KEY_END:
			screen_journal_form_move(jf, ui, last);
			return true;
		case KEY_LEFT:
			screen_journal_form_browse(jf, ui, -1);
			return true;
		case KEY_RIGHT:
			screen_journal_form_browse(jf, ui, 1);
			return true;
		case KEY_BACKSPACE:
			if (jf->nfields > 0)
				screen_journal_form_backspace(jf, ui);
			return true;
		case KEY_ENTER:
			break; /* below, with \r and \n */
		default:
			return false;
		}
	}
	if (jf->nfields == 0)
		return false;
	switch (key) {
	case KEY_ENTER:
	case '\r':
	case '\n':
		if (jf->cur == last)
			screen_journal_form_save(jf, ui);
		else
			screen_journal_form_move(jf, ui, jf->cur + 1);
		return true;
	case '\t':
		screen_journal_form_move(jf, ui, jf->cur < last ?
		    jf->cur + 1 : 0);
		return true;
	case SCREEN_JOURNAL_CTRL_S:
		screen_journal_form_save(jf, ui);
		return true;
	case SCREEN_JOURNAL_CTRL_D:
		if (screen_journal_form_dirty(jf) || (ui->app->st.has_draft &&
		    ui->app->st.draft.date == jf->night))
			screen_journal_form_discard(jf, ui);
		else
			ui_message(ui, false, "Nothing to discard.");
		return true;
	case SCREEN_JOURNAL_CTRL_U:
		screen_journal_form_clear(jf, ui);
		return true;
	case SCREEN_JOURNAL_CTRL_H:
	case SCREEN_JOURNAL_DEL:
		screen_journal_form_backspace(jf, ui);
		return true;
	}
	if (key < 0x20 || !iswprint((wint_t)key))
		return false;
	screen_journal_form_insert(jf, ui, (wint_t)key);
	return true;
}

/* On a signal or when the loop leaves the screen: keep unsaved edits as
 * a draft in the state. */
static void
screen_journal_save(struct ui *ui, long long now_ms)
{
	struct screen_journal_form *jf = &screen_journal_f;
	char                       *cause = NULL;

	(void)now_ms;
	if (!jf->active || jf->drafted || !screen_journal_form_dirty(jf))
		return;
	if (screen_journal_form_draft(jf, ui->app, true, &cause) != 0) {
		ui_message(ui, true, "Could not keep the unsaved entry: %s",
		    cause);
		free(cause);
		return;
	}
	jf->drafted = true;
}

const struct screen screen_journal = {
	.name = "journal",
	.hot_key = 'l',
	.state = &screen_journal_f,
	.needs = PLAN_JOURNAL,
	.enter = screen_journal_enter,
	.draw = screen_journal_draw,
	.key = screen_journal_key,
	.save = screen_journal_save,
	.own_q = true,
};
