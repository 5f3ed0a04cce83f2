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

#include "ui.h"

#define JOURNAL_FORM_MAX_BYTES 1024 /* typed into one field */
#define JOURNAL_FORM_HEADING   "Sleep diary (optional)"

/* Keys, as characters. */
#define JOURNAL_FORM_CTRL_D 4  /* discard */
#define JOURNAL_FORM_CTRL_H 8  /* backspace */
#define JOURNAL_FORM_CTRL_S 19 /* save */
#define JOURNAL_FORM_CTRL_U 21 /* clear the field */
#define JOURNAL_FORM_ESC    27
#define JOURNAL_FORM_DEL    127

/* Rows of the field list that are not fields. */
#define JOURNAL_FORM_ROW_BLANK   (-1)
#define JOURNAL_FORM_ROW_HEADING (-2)

struct journal_form {
	bool        active;  /* entered and not yet left */
	int         night;   /* the date shown */
	int         last;    /* the latest night → goes to */
	int         nfields;
	struct buf *text;    /* what is typed, per field */
	char      **orig;    /* the saved value as text, "" when none */
	char      **error;   /* why the text is not a value, or NULL */
	int         cur;     /* the current field */
	int         top;     /* first row of the list shown */
	bool        drafted; /* the edits are the state's draft */
	bool        asking;  /* "leave with unsaved changes?" */
};

/* The change a save makes to the night. */
struct journal_form_change {
	int            date;
	long long      now;
	struct kvlist  set;    /* values given */
	char         **unset;  /* fields blanked */
	int            nunset;
};

/* The change that keeps (or drops) the draft. */
struct journal_form_draft {
	int           date;
	long long     now;
	bool          keep;
	struct kvlist kv; /* raw texts, KV_STR */
};

static struct journal_form journal_form;

static const char *journal_form_wdays[] = {
	"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"
};

/* The text typed into field i, never NULL. */
static const char *
journal_form_text(int i)
{
	const char *s = journal_form.text[i].data;

	return s == NULL ? "" : s;
}

/* Replace the text of field i. */
static void
journal_form_set_text(int i, const char *s)
{
	journal_form.text[i].len = 0;
	buf_add(&journal_form.text[i], s, strlen(s));
}

/* Free everything the form holds. */
static void
journal_form_free(void)
{
	struct journal_form *jf = &journal_form;
	int                  i;

	for (i = 0; i < jf->nfields; i++) {
		buf_free(&jf->text[i]);
		free(jf->orig[i]);
		free(jf->error[i]);
	}
	free(jf->text);
	free(jf->orig);
	free(jf->error);
	memset(jf, 0, sizeof *jf);
}

/* The night shown by default: --date, else last night by the day
 * model. */
static int
journal_form_default_night(const struct app *app)
{
	if (app->date != 0)
		return app->date;
	return day_journal_night((time_t)ui_wall_time(), app->st.settings.rollover);
}

/* The choice that text is the start of, when only one is; NULL when none
 * or several (or text is blank). */
static const char *
journal_form_prefix(const struct journal_field *f, const char *text)
{
	const char *s = text, *found = NULL;
	size_t      n;
	int         i;

	if (f->type != FIELD_CHOICE)
		return NULL;
	while (*s == ' ' || *s == '\t')
		s++;
	n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if (n == 0)
		return NULL;
	for (i = 0; i < f->nchoices; i++) {
		if (strlen(f->choices[i]) < n ||
		    strncasecmp(f->choices[i], s, n) != 0)
			continue;
		if (found != NULL)
			return NULL;
		found = f->choices[i];
	}
	return found;
}

/* Check field i after an edit: error[i] is why its text is not a value,
 * NULL when it is one, is blank, or starts a single choice. */
static void
journal_form_check(const struct app *app, int i)
{
	const struct journal_field *f = &app->plan.fields[i];
	const char                 *text = journal_form_text(i);
	struct kv                   kv;
	char                       *cause = NULL;
	size_t                      n = strlen(f->name);

	free(journal_form.error[i]);
	journal_form.error[i] = NULL;
	if (journal_blank(text))
		return;
	if (journal_parse(f, text, &kv, &cause) == 0) {
		journal_kv_clear(&kv);
		return;
	}
	if (journal_form_prefix(f, text) != NULL) {
		free(cause);
		return;
	}
	if (cause == NULL)
		cause = xstrdup("not a value");
	/* The line shows the prompt already: drop the "name: " prefix. */
	if (strncmp(cause, f->name, n) == 0 && strncmp(cause + n, ": ", 2) == 0)
		memmove(cause, cause + n + 2, strlen(cause + n + 2) + 1);
	journal_form.error[i] = cause;
}

/* Turn the start of a choice into the choice itself in field i. */
static void
journal_form_complete(const struct app *app, int i)
{
	const struct journal_field *f = &app->plan.fields[i];
	const char                 *choice;
	struct kv                   kv;
	char                       *cause = NULL;

	if (journal_parse(f, journal_form_text(i), &kv, &cause) == 0) {
		journal_kv_clear(&kv);
		return;
	}
	free(cause);
	if ((choice = journal_form_prefix(f, journal_form_text(i))) != NULL) {
		journal_form_set_text(i, choice);
		journal_form.drafted = false;
		journal_form_check(app, i);
	}
}

/* Load night from the state: the saved values become both the text and
 * what it is compared with. */
static void
journal_form_load(struct app *app, int night)
{
	struct journal_form *jf = &journal_form;
	const struct night  *n;
	char                *cause = NULL;

	/* Browsing may reach months not loaded yet. */
	if (app_need(app, night, &cause) != 0)
		free(cause); /* shown as empty; saving reports the error */
	n = state_night(&app->st, night);
	const struct kv     *kv;
	int                  i;

	jf->night = night;
	jf->drafted = false;
	for (i = 0; i < jf->nfields; i++) {
		free(jf->orig[i]);
		kv = n == NULL ? NULL : kv_get(&n->kv, app->plan.fields[i].name);
		jf->orig[i] = kv == NULL ? xstrdup("") : journal_format(kv);
		journal_form_set_text(i, jf->orig[i]);
		journal_form_check(app, i);
	}
}

/* True when any text differs from what is saved. */
static bool
journal_form_dirty(void)
{
	int i;

	for (i = 0; i < journal_form.nfields; i++) {
		if (strcmp(journal_form_text(i), journal_form.orig[i]) != 0)
			return true;
	}
	return false;
}

/* The first field that does not hold a value, or -1. */
static int
journal_form_invalid(void)
{
	int i;

	for (i = 0; i < journal_form.nfields; i++) {
		if (journal_form.error[i] != NULL)
			return i;
	}
	return -1;
}

/* Make field i the current one, completing a choice in the one left. */
static void
journal_form_move(struct ui *ui, int i)
{
	if (journal_form.nfields == 0)
		return;
	if (i < 0)
		i = 0;
	if (i >= journal_form.nfields)
		i = journal_form.nfields - 1;
	if (i != journal_form.cur)
		journal_form_complete(ui->app, journal_form.cur);
	journal_form.cur = i;
}

/* Write the night: set what is given, remove what was blanked, drop the
 * draft of this night. */
static int
journal_form_apply(struct state *st, void *ctx, char **cause)
{
	struct journal_form_change *c = ctx;
	struct night               *night = state_night_get(st, c->date);
	int                         i;

	(void)cause;
	for (i = 0; i < c->set.n; i++)
		kv_set(&night->kv, &c->set.v[i]);
	for (i = 0; i < c->nunset; i++)
		kv_unset(&night->kv, c->unset[i]);
	night->updated = c->now;
	if (night->kv.n == 0)
		state_night_delete(st, c->date);
	if (st->has_draft && st->draft.date == c->date) {
		st->has_draft = false;
		kv_clear(&st->draft.kv);
	}
	return 0;
}

/* Keep the typed texts as the state's draft, or drop the draft of this
 * night. */
static int
journal_form_apply_draft(struct state *st, void *ctx, char **cause)
{
	struct journal_form_draft *d = ctx;

	(void)cause;
	if (d->keep) {
		st->has_draft = true;
		st->draft.date = d->date;
		st->draft.updated = d->now;
		kv_copy(&st->draft.kv, &d->kv);
	} else if (st->has_draft && st->draft.date == d->date) {
		st->has_draft = false;
		kv_clear(&st->draft.kv);
	}
	return 0;
}

/* Keep (or drop) the draft through app_update. Returns 0 or an EX_*
 * code with *cause. */
static int
journal_form_draft(struct app *app, bool keep, char **cause)
{
	struct journal_form_draft d;
	int                       i, rc;

	memset(&d, 0, sizeof d);
	d.date = journal_form.night;
	d.now = ui_wall_time();
	d.keep = keep;
	for (i = 0; keep && i < journal_form.nfields; i++) {
		if (*journal_form_text(i) != '\0')
			kv_set_str(&d.kv, app->plan.fields[i].name,
			    journal_form_text(i));
	}
	rc = app_update(app, journal_form_apply_draft, &d, cause);
	kv_clear(&d.kv);
	return rc;
}

/* True when the plan has field name and this night leaves it blank. */
static bool
journal_form_missing(const struct app *app, const char *name)
{
	int i = plan_field_index(&app->plan, name);

	return i >= 0 && journal_blank(journal_form_text(i));
}

/* Save the night. Returns true when saved (or nothing needed saving). */
static bool
journal_form_save(struct ui *ui)
{
	struct journal_form        *jf = &journal_form;
	struct app                 *app = ui->app;
	struct journal_form_change  c;
	struct kv                   kv;
	char                       *cause = NULL, d[11];
	const char                 *text, *tip = "";
	int                         i, bad, rc;

	for (i = 0; i < jf->nfields; i++)
		journal_form_complete(app, i);
	if ((bad = journal_form_invalid()) >= 0) {
		jf->cur = bad;
		ui_message(ui, true, "Not saved: %s: %s",
		    app->plan.fields[bad].prompt, jf->error[bad]);
		return false;
	}
	day_format(jf->night, d);
	if (!journal_form_dirty()) {
		ui_message(ui, false, "Nothing changed for the night of %s.", d);
		return true;
	}

	memset(&c, 0, sizeof c);
	c.date = jf->night;
	c.now = ui_wall_time();
	c.unset = xcalloc((size_t)jf->nfields, sizeof *c.unset);
	for (i = 0; i < jf->nfields; i++) {
		text = journal_form_text(i);
		if (journal_blank(text)) {
			if (!journal_blank(jf->orig[i]))
				c.unset[c.nunset++] = app->plan.fields[i].name;
			continue;
		}
		if (journal_parse(&app->plan.fields[i], text, &kv, &cause) != 0)
			continue; /* checked above */
		kv_set(&c.set, &kv);
		journal_kv_clear(&kv);
	}
	rc = app_update(app, journal_form_apply, &c, &cause);
	kv_clear(&c.set);
	free(c.unset);
	if (rc != 0) {
		ui_message(ui, true, "Not saved: %s",
		    cause != NULL ? cause : "unknown error");
		free(cause);
		return false;
	}
	free(cause);
	journal_form_load(app, jf->night);
	if (journal_form_missing(app, JOURNAL_TWITCHES) &&
	    journal_form_missing(app, JOURNAL_BEDTIME))
		tip = " No bedtime or twitches yet.";
	else if (journal_form_missing(app, JOURNAL_TWITCHES))
		tip = " No twitches yet.";
	else if (journal_form_missing(app, JOURNAL_BEDTIME))
		tip = " No bedtime yet.";
	ui_message(ui, false, "Saved the night of %s.%s", d, tip);
	return true;
}

/* Put back what is saved for this night and forget its draft. */
static void
journal_form_discard(struct ui *ui)
{
	struct app *app = ui->app;
	char       *cause = NULL;

	if (app->st.has_draft && app->st.draft.date == journal_form.night &&
	    journal_form_draft(app, false, &cause) != 0) {
		ui_message(ui, true, "Could not drop the draft: %s", cause);
		free(cause);
		return;
	}
	journal_form_load(app, journal_form.night);
	ui_message(ui, false, "Discarded the changes.");
}

/* Leave the screen; the edits are already saved, kept or discarded. */
static void
journal_form_leave(struct ui *ui, long long now_ms)
{
	curs_set(0);
	journal_form_free();
	ui_back(ui, now_ms);
}

/* Show an earlier (delta < 0) or later night. */
static void
journal_form_browse(struct ui *ui, int delta)
{
	int night = journal_form.night + delta;

	if (journal_form_dirty()) {
		ui_message(ui, true, "Save (ctrl-s) or discard (ctrl-d) the "
		    "changes first.");
		return;
	}
	if (night > journal_form.last) {
		ui_message(ui, false, "This is the latest night.");
		return;
	}
	if (night < 1)
		return;
	journal_form_load(ui->app, night);
}

/* Add the typed code point wc to the current field. */
static void
journal_form_insert(struct ui *ui, wint_t wc)
{
	struct journal_form *jf = &journal_form;
	char                 mb[MB_LEN_MAX];
	mbstate_t            ps;
	size_t               n;

	if (ui->utf8) {
		memset(&ps, 0, sizeof ps);
		n = wcrtomb(mb, (wchar_t)wc, &ps);
		if (n == (size_t)-1 || n == 0)
			return;
	} else {
		if (wc >= 0x80)
			return;
		mb[0] = (char)wc;
		n = 1;
	}
	if (jf->text[jf->cur].len + n > JOURNAL_FORM_MAX_BYTES) {
		ui_message(ui, true, "That is as long as a value can be.");
		return;
	}
	buf_add(&jf->text[jf->cur], mb, n);
	jf->drafted = false;
	journal_form_check(ui->app, jf->cur);
}

/* Delete the last code point of the current field. */
static void
journal_form_backspace(struct ui *ui)
{
	struct buf *b = &journal_form.text[journal_form.cur];

	if (b->len == 0)
		return;
	do
		b->len--;
	while (b->len > 0 && ((unsigned char)b->data[b->len] & 0xc0) == 0x80);
	b->data[b->len] = '\0';
	journal_form.drafted = false;
	journal_form_check(ui->app, journal_form.cur);
}

/* The rows of the field list: field indices, with a blank row and the
 * sleep-diary heading before the first diary item. Returns the count. */
static int
journal_form_rows(const struct app *app, int *rows)
{
	int i, n = 0;
	bool heading = false;

	for (i = 0; i < app->plan.nfields; i++) {
		if (app->plan.fields[i].diary && !heading) {
			heading = true;
			if (n > 0)
				rows[n++] = JOURNAL_FORM_ROW_BLANK;
			rows[n++] = JOURNAL_FORM_ROW_HEADING;
		}
		rows[n++] = i;
	}
	return n;
}

/* What an empty field shows: the choices, y/n, the form of a time. */
static char *
journal_form_placeholder(const struct journal_field *f)
{
	struct buf b = { NULL, 0, 0 };
	int        i;

	switch (f->type) {
	case FIELD_YESNO:
		return xstrdup("y/n");
	case FIELD_CHOICE:
		buf_add(&b, "", 0);
		for (i = 0; i < f->nchoices; i++)
			buf_printf(&b, "%s%s", i == 0 ? "" : "/", f->choices[i]);
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
journal_form_tail(const char *s, int w)
{
	while (*s != '\0' && ui_width(s) > w) {
		s++;
		while (((unsigned char)*s & 0xc0) == 0x80)
			s++;
	}
	return s;
}

/* Draw the night's date, the relative day and how it stands. */
static void
journal_form_draw_header(struct ui *ui)
{
	struct journal_form *jf = &journal_form;
	struct app          *app = ui->app;
	const struct night  *n = state_night(&app->st, jf->night);
	char                 d[11], when[32], *s;
	const char          *rel = "";
	int                  x, evening;
	time_t               t;
	struct tm            tm;

	day_format(jf->night, d);
	evening = app->date != 0 ? app->date :
	    day_evening((time_t)ui_wall_time(), app->st.settings.rollover);
	if (jf->night == evening)
		rel = "  (tonight)";
	else if (jf->night == evening - 1)
		rel = "  (last night)";
	s = xasprintf("Journal %s Night of %s %s", ui->utf8 ? "\xc2\xb7" : "-",
	    journal_form_wdays[day_weekday(jf->night)], d);
	x = 1 + ui_put(0, 1, ui->cols - 2, ui_attr(ui, ROLE_TITLE), s);
	free(s);
	x += ui_put(0, x, ui->cols - x - 1, ui_attr(ui, ROLE_DIM), rel);
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
	if (journal_form_dirty()) {
		ui_put(1, x + 1, ui->cols - x - 2, ui_attr(ui, ROLE_WARN),
		    jf->drafted ? "Unsaved changes (draft kept)" :
		    "Unsaved changes");
	}
}

/* Draw field i on row y; returns the column after its text. */
static int
journal_form_draw_field(struct ui *ui, int y, int i, int pw)
{
	const struct journal_field *f = &ui->app->plan.fields[i];
	const char                 *text = journal_form_text(i), *choice;
	bool                        cur = i == journal_form.cur;
	int                         vx = 2 + pw + 2, vw = ui->cols - vx - 1;
	int                         attr, x, end;
	char                       *s;

	attr = ui_attr(ui, cur ? ROLE_SELECT : ROLE_NORMAL);
	if (cur) {
		mvhline(y, 0, ' ' | attr, 2 + pw + 1);
		ui_put(y, 0, 1, attr, ui->g->today);
	}
	ui_put(y, 2, pw, attr, f->prompt);
	if (vw < 1)
		return vx;
	if (*text == '\0') {
		s = journal_form_placeholder(f);
		ui_put(y, vx, vw, ui_attr(ui, ROLE_DIM), s);
		free(s);
		return vx;
	}
	if (cur)
		text = journal_form_tail(text, vw - 1);
	end = vx + ui_put(y, vx, vw, ui_attr(ui, ROLE_NORMAL), text);
	x = end + 2;
	if (journal_form.error[i] != NULL && x < ui->cols - 4) {
		s = xasprintf("! %s", journal_form.error[i]);
		ui_put(y, x, ui->cols - x - 1, ui_attr(ui, ROLE_ALERT), s);
		free(s);
	} else if ((choice = journal_form_prefix(f, text)) != NULL &&
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
journal_form_draw_help(struct ui *ui, int y)
{
	const struct journal_field *f;
	const char                 *err;
	char                       *s, *hint;
	struct buf                  line = { NULL, 0, 0 };
	int                         i;

	if (journal_form.nfields == 0)
		return;
	f = &ui->app->plan.fields[journal_form.cur];
	err = journal_form.error[journal_form.cur];

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
	struct journal_form *jf = &journal_form;
	struct app          *app = ui->app;
	const struct kv     *kv;
	char                 d[11], *cause = NULL;
	int                  i;

	(void)now_ms;
	curs_set(1);
	if (jf->active)
		return; /* back from a screen shown over the form */
	journal_form_free();
	jf->active = true;
	jf->nfields = app->plan.nfields;
	jf->text = xcalloc((size_t)jf->nfields + 1, sizeof *jf->text);
	jf->orig = xcalloc((size_t)jf->nfields + 1, sizeof *jf->orig);
	jf->error = xcalloc((size_t)jf->nfields + 1, sizeof *jf->error);
	jf->last = journal_form_default_night(app);
	if (!app->st.has_draft) {
		journal_form_load(app, jf->last);
		return;
	}

	journal_form_load(app, app->st.draft.date);
	if (jf->night > jf->last)
		jf->last = jf->night;
	for (i = 0; i < jf->nfields; i++) {
		kv = kv_get(&app->st.draft.kv, app->plan.fields[i].name);
		if (kv == NULL)
			journal_form_set_text(i, "");
		else if (kv->type == KV_STR)
			journal_form_set_text(i, kv->s != NULL ? kv->s : "");
		else {
			char *s = journal_format(kv);

			journal_form_set_text(i, s);
			free(s);
		}
		journal_form_check(app, i);
	}
	if (!journal_form_dirty()) {
		/* The draft says nothing the night does not: forget it. */
		if (journal_form_draft(app, false, &cause) != 0)
			free(cause);
		return;
	}
	jf->drafted = true;
	day_format(jf->night, d);
	ui_message(ui, false, "Restored an unsaved entry for the night of %s.",
	    d);
}

/* Draw the form. Stateless but for keeping the current field in view. */
static void
screen_journal_draw(struct ui *ui, long long now_ms)
{
	struct journal_form *jf = &journal_form;
	struct app          *app = ui->app;
	int                 *rows, nrows, h, top, i, y, pw, w, r, cy = -1;
	int                  cx = 0, bottom;
	const char          *keys;

	if (!jf->active)
		screen_journal_enter(ui, now_ms); /* drawn before entered */
	journal_form_draw_header(ui);
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
	nrows = journal_form_rows(app, rows);
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
		if (rows[r] == JOURNAL_FORM_ROW_HEADING)
			ui_put(y, 2, ui->cols - 4, ui_attr(ui, ROLE_TITLE),
			    JOURNAL_FORM_HEADING);
		else if (rows[r] == jf->cur) {
			cx = journal_form_draw_field(ui, y, rows[r], pw);
			cy = y;
		} else if (rows[r] >= 0)
			journal_form_draw_field(ui, y, rows[r], pw);
	}
	if (top > 0)
		ui_put(2, ui->cols - 1, 1, ui_attr(ui, ROLE_DIM),
		    ui->utf8 ? "\xe2\x86\x91" : "^");
	if (top + h < nrows)
		ui_put(1 + h, ui->cols - 1, 1, ui_attr(ui, ROLE_DIM),
		    ui->utf8 ? "\xe2\x86\x93" : "v");
	free(rows);

	journal_form_draw_help(ui, bottom);
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
		    "\xe2\x86\x90\xe2\x86\x92 night  ^S save  ^D discard  Esc back";
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
	struct journal_form *jf = &journal_form;
	char                 *cause = NULL, d[11];

	jf->asking = false;
	if (!is_char)
		return true;
	switch (key) {
	case 's':
	case 'S':
		if (journal_form_save(ui))
			journal_form_leave(ui, now_ms);
		break;
	case 'k':
	case 'K':
		if (journal_form_draft(ui->app, true, &cause) != 0) {
			ui_message(ui, true, "Could not keep the draft: %s",
			    cause);
			free(cause);
			break;
		}
		day_format(jf->night, d);
		ui_message(ui, false, "Kept %s as a draft; the journal will "
		    "restore it.", d);
		jf->drafted = true;
		journal_form_leave(ui, now_ms);
		break;
	case 'd':
	case 'D':
		journal_form_discard(ui);
		if (!journal_form_dirty())
			journal_form_leave(ui, now_ms);
		break;
	}
	return true;
}

/* A key: editing, moving, saving, browsing, leaving. */
static bool
screen_journal_key(struct ui *ui, int key, bool is_char, long long now_ms)
{
	struct journal_form *jf = &journal_form;
	int                  last = jf->nfields - 1;

	if (!jf->active)
		return false;
	if (jf->asking)
		return screen_journal_answer(ui, key, is_char, now_ms);
	if (key == JOURNAL_FORM_ESC) {
		if (journal_form_dirty())
			jf->asking = true;
		else
			journal_form_leave(ui, now_ms);
		return true;
	}
	if (!is_char) {
		switch (key) {
		case KEY_BTAB:
			journal_form_move(ui, jf->cur > 0 ? jf->cur - 1 : last);
			return true;
		case KEY_UP:
			journal_form_move(ui, jf->cur - 1);
			return true;
		case KEY_DOWN:
			journal_form_move(ui, jf->cur + 1);
			return true;
		case KEY_PPAGE:
		case KEY_HOME:
			journal_form_move(ui, 0);
			return true;
		case KEY_NPAGE:
		case KEY_END:
			journal_form_move(ui, last);
			return true;
		case KEY_LEFT:
			journal_form_browse(ui, -1);
			return true;
		case KEY_RIGHT:
			journal_form_browse(ui, 1);
			return true;
		case KEY_BACKSPACE:
			if (jf->nfields > 0)
				journal_form_backspace(ui);
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
			journal_form_save(ui);
		else
			journal_form_move(ui, jf->cur + 1);
		return true;
	case '\t':
		journal_form_move(ui, jf->cur < last ? jf->cur + 1 : 0);
		return true;
	case JOURNAL_FORM_CTRL_S:
		journal_form_save(ui);
		return true;
	case JOURNAL_FORM_CTRL_D:
		if (journal_form_dirty() || (ui->app->st.has_draft &&
		    ui->app->st.draft.date == jf->night))
			journal_form_discard(ui);
		else
			ui_message(ui, false, "Nothing to discard.");
		return true;
	case JOURNAL_FORM_CTRL_U:
		journal_form_set_text(jf->cur, "");
		jf->drafted = false;
		journal_form_check(ui->app, jf->cur);
		return true;
	case JOURNAL_FORM_CTRL_H:
	case JOURNAL_FORM_DEL:
		journal_form_backspace(ui);
		return true;
	}
	if (key < 0x20 || !iswprint((wint_t)key))
		return false;
	journal_form_insert(ui, (wint_t)key);
	return true;
}

/* On a signal or when the loop leaves the screen: keep unsaved edits as
 * a draft in the state. */
static void
screen_journal_save(struct ui *ui, long long now_ms)
{
	char *cause = NULL;

	(void)now_ms;
	if (!journal_form.active || journal_form.drafted ||
	    !journal_form_dirty())
		return;
	if (journal_form_draft(ui->app, true, &cause) != 0) {
		ui_message(ui, true, "Could not keep the unsaved entry: %s",
		    cause);
		free(cause);
		return;
	}
	journal_form.drafted = true;
}

const struct screen screen_journal = {
	.name = "journal",
	.hot_key = 'l',
	.state = &journal_form,
	.enter = screen_journal_enter,
	.draw = screen_journal_draw,
	.key = screen_journal_key,
	.save = screen_journal_save,
	.own_q = true,
};
