/* The journal form: one text per field of the plan's journal, checked as
 * it is typed (a choice may be given by its start), compared with what is
 * saved for the night, and written back for one night at a time: saved,
 * discarded, or kept as the state's draft. */
#if !defined(_XOPEN_SOURCE) || _XOPEN_SOURCE < 700
#undef _XOPEN_SOURCE
#define _XOPEN_SOURCE 700
#endif

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sysexits.h>
#include <wchar.h>

#include "winddown/day.h"
#include "winddown/journal.h"
#include "winddown/util.h"

#include "screen-journal.h"

#define SCREEN_JOURNAL_MAX_BYTES 1024 /* typed into one field */

/* The change a save makes to the night: only the fields changed in the
 * form, each with the value it had when the form loaded it; one that was
 * changed on disk since (to something else) is a conflict, and nothing
 * is written. Arrays by field index. */
struct screen_journal_form_change {
	int                         date;
	long long                   now;
	int                         nfields;
	const struct journal_field *fields;
	bool                       *changed;
	struct kv                  *kv;      /* the value; type unused when */
	bool                       *unset;   /* blanked */
	char                      **base;    /* as loaded, as text */
	char                      **want;    /* as it will be, as text */
	char                      **theirs;  /* out: the value saved elsewhere,
	                                        for a conflict; else NULL */
	int                         nconflict;
};

/* The prefix of the draft's keys that hold the values the form was
 * editing from, and the key that says they are there; '*' is in no
 * field name, so they cannot clash with one. */
#define SCREEN_JOURNAL_FORM_WAS  "*was-"
#define SCREEN_JOURNAL_FORM_BASE "*was"

/* The change that keeps (or drops) the draft. */
struct screen_journal_form_draft {
	int           date;
	long long     now;
	bool          keep;
	struct kvlist kv; /* raw texts, KV_STR */
};


/* The text typed into field i, never NULL. */
const char *
screen_journal_form_text(const struct screen_journal_form *jf, int i)
{
	const char *s = jf->text[i].data;

	return s == NULL ? "" : s;
}

/* Replace the text of field i. */
void
screen_journal_form_set_text(struct screen_journal_form *jf, int i,
    const char *s)
{
	jf->text[i].len = 0;
	buf_add(&jf->text[i], s, strlen(s));
}

/* Free everything the form holds. */
void
screen_journal_form_free(struct screen_journal_form *jf)
{
	int i;

	for (i = 0; i < jf->nfields; i++) {
		buf_free(&jf->text[i]);
		free(jf->orig[i]);
		free(jf->error[i]);
		if (jf->theirs != NULL)
			free(jf->theirs[i]);
	}
	free(jf->text);
	free(jf->theirs);
	free(jf->orig);
	free(jf->error);
	memset(jf, 0, sizeof *jf);
}

/* Check field i after an edit: error[i] is why its text is not a value,
 * NULL when it is one (a choice may be given by its start) or is
 * blank. */
void
screen_journal_form_check(struct screen_journal_form *jf,
    const struct app *app, int i)
{
	const struct journal_field *f = &app->plan.fields[i];
	const char                 *text = screen_journal_form_text(jf, i);
	struct kv                   kv;
	char                       *cause = NULL;
	size_t                      n = strlen(f->name);

	free(jf->error[i]);
	jf->error[i] = NULL;
	if (journal_blank(text))
		return;
	if (journal_parse(f, text, &kv, &cause) == 0) {
		journal_kv_clear(&kv);
		return;
	}
	if (cause == NULL)
		cause = xstrdup("not a value");
	/* The line shows the prompt already: drop the "name: " prefix. */
	if (strncmp(cause, f->name, n) == 0 && strncmp(cause + n, ": ", 2) == 0)
		memmove(cause, cause + n + 2, strlen(cause + n + 2) + 1);
	jf->error[i] = cause;
}

/* Turn the start of a choice into the choice itself in field i. */
static void
screen_journal_form_complete(struct screen_journal_form *jf,
    const struct app *app, int i)
{
	const char *choice, *text = screen_journal_form_text(jf, i);

	choice = journal_choice(&app->plan.fields[i], text);
	if (choice != NULL && strcasecmp(choice, text) != 0) {
		screen_journal_form_set_text(jf, i, choice);
		jf->drafted = false;
		screen_journal_form_check(jf, app, i);
	}
}

/* A stored value as the form shows it: on one line (a newline or tab
 * stored by hand becomes a space); "" for none. */
char *
screen_journal_form_value(const struct kv *kv)
{
	char *s, *p;

	if (kv == NULL)
		return xstrdup("");
	s = journal_format(kv);
	for (p = s; *p != '\0'; p++) {
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = ' ';
	}
	return s;
}

/* The value of field name saved for night date in st, as the form shows
 * it. */
static char *
screen_journal_form_saved(const struct state *st, int date, const char *name)
{
	const struct night *n = state_night(st, date);

	return screen_journal_form_value(n == NULL ? NULL :
	    kv_get(&n->kv, name));
}

/* Load night from the state: the saved values become both the text and
 * what it is compared with. */
void
screen_journal_form_load(struct screen_journal_form *jf, struct app *app,
    int night)
{
	const struct night *n;
	const struct kv    *kv;
	char               *cause = NULL;
	int                 i;

	/* Browsing may reach months not loaded yet. */
	if (app_need(app, night, &cause) != 0)
		free(cause); /* shown as empty; saving reports the error */
	n = state_night(&app->st, night);

	jf->night = night;
	jf->drafted = false;
	jf->resolving = false;
	jf->touched = false;
	for (i = 0; i < jf->nfields; i++) {
		free(jf->orig[i]);
		free(jf->theirs[i]);
		jf->theirs[i] = NULL;
		kv = n == NULL ? NULL : kv_get(&n->kv,
		    app->plan.fields[i].name);
		jf->orig[i] = screen_journal_form_value(kv);
		screen_journal_form_set_text(jf, i, jf->orig[i]);
		screen_journal_form_check(jf, app, i);
	}
}

/* True when any text differs from what is saved. */
bool
screen_journal_form_dirty(const struct screen_journal_form *jf)
{
	int i;

	for (i = 0; i < jf->nfields; i++) {
		if (strcmp(screen_journal_form_text(jf, i), jf->orig[i]) != 0)
			return true;
	}
	return false;
}

/* The first field that does not hold a value, or -1. */
static int
screen_journal_form_invalid(const struct screen_journal_form *jf)
{
	int i;

	for (i = 0; i < jf->nfields; i++) {
		if (jf->error[i] != NULL)
			return i;
	}
	return -1;
}

/* Make field i the current one, completing a choice in the one left. */
void
screen_journal_form_move(struct screen_journal_form *jf, struct ui *ui,
    int i)
{
	if (jf->nfields == 0)
		return;
	if (i < 0)
		i = 0;
	if (i >= jf->nfields)
		i = jf->nfields - 1;
	if (i != jf->cur) {
		screen_journal_form_complete(jf, ui->app, jf->cur);
		jf->touched = false;
	}
	jf->cur = i;
}

/* Write the night: set what was changed in the form, remove what was
 * blanked, drop the draft of this night; unless a field changed in the
 * form was also changed on disk since it was loaded: then write nothing
 * and say which (c->theirs). */
static int
screen_journal_form_apply(struct state *st, void *ctx, char **cause)
{
	struct screen_journal_form_change *c = ctx;
	struct night                      *night;
	char                              *disk;
	int                                i;

	c->nconflict = 0;
	for (i = 0; i < c->nfields; i++) {
		free(c->theirs[i]);
		c->theirs[i] = NULL;
		if (!c->changed[i])
			continue;
		disk = screen_journal_form_saved(st, c->date, c->fields[i].name);
		if (strcmp(disk, c->base[i]) != 0 &&
		    strcmp(disk, c->want[i]) != 0) {
			c->theirs[i] = disk;
			c->nconflict++;
		} else
			free(disk);
	}
	if (c->nconflict > 0)
		return wd_fail(cause, EX_TEMPFAIL, "changed elsewhere");
	night = state_night_get(st, c->date);
	for (i = 0; i < c->nfields; i++) {
		if (!c->changed[i])
			continue;
		if (c->unset[i])
			kv_unset(&night->kv, c->fields[i].name);
		else
			kv_set(&night->kv, &c->kv[i]);
	}
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
screen_journal_form_apply_draft(struct state *st, void *ctx, char **cause)
{
	struct screen_journal_form_draft *d = ctx;

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
int
screen_journal_form_draft(struct screen_journal_form *jf, struct app *app,
    bool keep, char **cause)
{
	struct screen_journal_form_draft d;
	int                              i, rc;

	memset(&d, 0, sizeof d);
	d.date = jf->night;
	d.now = app_clock_wall();
	d.keep = keep;
	for (i = 0; keep && i < jf->nfields; i++) {
		if (*screen_journal_form_text(jf, i) != '\0')
			kv_set_str(&d.kv, app->plan.fields[i].name,
			    screen_journal_form_text(jf, i));
		if (*jf->orig[i] != '\0') {
			char *k = xasprintf("%s%s", SCREEN_JOURNAL_FORM_WAS,
			    app->plan.fields[i].name);

			kv_set_str(&d.kv, k, jf->orig[i]);
			free(k);
		}
	}
	if (keep)
		kv_set_str(&d.kv, SCREEN_JOURNAL_FORM_BASE, "1");
	rc = app_update(app, screen_journal_form_apply_draft, &d, cause);
	kv_clear(&d.kv);
	return rc;
}

/* True when the plan has field name and this night leaves it blank. */
static bool
screen_journal_form_missing(const struct screen_journal_form *jf,
    const struct app *app, const char *name)
{
	int i = plan_field_index(&app->plan, name);

	return i >= 0 && journal_blank(screen_journal_form_text(jf, i));
}

/* Save the night. Returns true when saved (or nothing needed saving). */
bool
screen_journal_form_save(struct screen_journal_form *jf, struct ui *ui)
{
	struct app                        *app = ui->app;
	struct screen_journal_form_change  c;
	char                              *cause = NULL, d[11];
	const char                        *text, *tip = "";
	int                                i, bad, rc;

	for (i = 0; i < jf->nfields; i++)
		screen_journal_form_complete(jf, app, i);
	if ((bad = screen_journal_form_invalid(jf)) >= 0) {
		jf->cur = bad;
		ui_message(ui, true, "Not saved: %s: %s",
		    app->plan.fields[bad].prompt, jf->error[bad]);
		return false;
	}
	day_format(jf->night, d);
	if (!screen_journal_form_dirty(jf)) {
		ui_message(ui, false, "Nothing changed for the night of %s.",
		    d);
		return true;
	}

	memset(&c, 0, sizeof c);
	c.date = jf->night;
	c.now = app_clock_wall();
	c.nfields = jf->nfields;
	c.fields = app->plan.fields;
	c.changed = xcalloc((size_t)jf->nfields + 1, sizeof *c.changed);
	c.unset = xcalloc((size_t)jf->nfields + 1, sizeof *c.unset);
	c.kv = xcalloc((size_t)jf->nfields + 1, sizeof *c.kv);
	c.base = jf->orig;
	c.want = xcalloc((size_t)jf->nfields + 1, sizeof *c.want);
	c.theirs = xcalloc((size_t)jf->nfields + 1, sizeof *c.theirs);
	for (i = 0; i < jf->nfields; i++) {
		text = screen_journal_form_text(jf, i);
		if (strcmp(text, jf->orig[i]) == 0)
			continue; /* not changed here: left as it is saved */
		if (journal_blank(text)) {
			if (journal_blank(jf->orig[i]))
				continue;
			c.changed[i] = c.unset[i] = true;
			c.want[i] = xstrdup("");
			continue;
		}
		if (journal_parse(&app->plan.fields[i], text, &c.kv[i],
		    &cause) != 0) {
			free(cause); /* checked above */
			cause = NULL;
			continue;
		}
		c.changed[i] = true;
		c.want[i] = screen_journal_form_value(&c.kv[i]);
	}
	rc = app_update(app, screen_journal_form_apply, &c, &cause);
	for (i = 0; i < jf->nfields; i++) {
		if (c.changed[i] && !c.unset[i])
			journal_kv_clear(&c.kv[i]);
		free(c.want[i]);
		if (c.theirs[i] != NULL) {
			free(jf->theirs[i]);
			jf->theirs[i] = c.theirs[i];
		}
	}
	free(c.changed);
	free(c.unset);
	free(c.kv);
	free(c.want);
	free(c.theirs);
	if (rc != 0 && c.nconflict > 0) {
		free(cause);
		jf->resolving = true;
		jf->cur = screen_journal_form_conflict(jf);
		return false;
	}
	if (rc != 0) {
		ui_message(ui, true, "Not saved: %s",
		    cause != NULL ? cause : "unknown error");
		free(cause);
		return false;
	}
	free(cause);
	screen_journal_form_load(jf, app, jf->night);
	if (screen_journal_form_missing(jf, app, JOURNAL_TWITCHES) &&
	    screen_journal_form_missing(jf, app, JOURNAL_BEDTIME))
		tip = " No bedtime or twitches yet.";
	else if (screen_journal_form_missing(jf, app, JOURNAL_TWITCHES))
		tip = " No twitches yet.";
	else if (screen_journal_form_missing(jf, app, JOURNAL_BEDTIME))
		tip = " No bedtime yet.";
	ui_message(ui, false, "Saved the night of %s.%s", d, tip);
	return true;
}

/* Put back what is saved for this night and forget its draft. */
void
screen_journal_form_discard(struct screen_journal_form *jf,
    struct ui *ui)
{
	struct app *app = ui->app;
	char       *cause = NULL;

	if (app->st.has_draft && app->st.draft.date == jf->night &&
	    screen_journal_form_draft(jf, app, false, &cause) != 0) {
		ui_message(ui, true, "Could not drop the draft: %s", cause);
		free(cause);
		return;
	}
	screen_journal_form_load(jf, app, jf->night);
	ui_message(ui, false, "Discarded the changes.");
}

/* Show an earlier (delta < 0) or later night. */
void
screen_journal_form_browse(struct screen_journal_form *jf,
    struct ui *ui, int delta)
{
	int night = jf->night + delta;

	if (screen_journal_form_dirty(jf)) {
		ui_message(ui, true, "Save (ctrl-s) or discard (ctrl-d) the "
		    "changes first.");
		return;
	}
	if (night > jf->last) {
		ui_message(ui, false, "This is the latest night.");
		return;
	}
	if (night < 1)
		return;
	screen_journal_form_load(jf, ui->app, night);
}

/* A value in the current field, untouched since it became current:
 * saved, or typed before moving away, it is replaced alike. */
bool
screen_journal_form_armed(const struct screen_journal_form *jf)
{
	if (jf->nfields == 0 || jf->touched)
		return false;
	return *screen_journal_form_text(jf, jf->cur) != '\0';
}

/* Clear the current field. */
void
screen_journal_form_clear(struct screen_journal_form *jf, struct ui *ui)
{
	screen_journal_form_set_text(jf, jf->cur, "");
	jf->touched = true;
	jf->drafted = false;
	screen_journal_form_check(jf, ui->app, jf->cur);
}

/* Add the typed code point wc to the current field; the first key typed
 * over the value it showed on arrival replaces it. */
void
screen_journal_form_insert(struct screen_journal_form *jf,
    struct ui *ui, wint_t wc)
{
	char      mb[MB_LEN_MAX];
	mbstate_t ps;
	size_t    n;

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
	if (screen_journal_form_armed(jf))
		screen_journal_form_set_text(jf, jf->cur, "");
	jf->touched = true;
	if (jf->text[jf->cur].len + n > SCREEN_JOURNAL_MAX_BYTES) {
		ui_message(ui, true, "That is as long as a value can be.");
		return;
	}
	buf_add(&jf->text[jf->cur], mb, n);
	jf->drafted = false;
	screen_journal_form_check(jf, ui->app, jf->cur);
}

/* Delete the last code point of the current field. */
void
screen_journal_form_backspace(struct screen_journal_form *jf,
    struct ui *ui)
{
	struct buf *b = &jf->text[jf->cur];

	jf->touched = true; /* editing the saved value, not replacing it */
	if (b->len == 0)
		return;
	do
		b->len--;
	while (b->len > 0 && ((unsigned char)b->data[b->len] & 0xc0) == 0x80);
	b->data[b->len] = '\0';
	jf->drafted = false;
	screen_journal_form_check(jf, ui->app, jf->cur);
}

/* The first field changed both here and elsewhere, or -1. */
int
screen_journal_form_conflict(const struct screen_journal_form *jf)
{
	int i;

	for (i = 0; i < jf->nfields; i++) {
		if (jf->theirs[i] != NULL)
			return i;
	}
	return -1;
}

/* Answer the conflict of the first such field: keep what was typed
 * (mine) or take the value saved elsewhere; with none left, save. */
void
screen_journal_form_resolve(struct screen_journal_form *jf, struct ui *ui,
    bool mine)
{
	char d[11];
	int  i = screen_journal_form_conflict(jf);

	if (i < 0) {
		jf->resolving = false;
		return;
	}
	/* Either way, the value saved elsewhere is now the one known. */
	free(jf->orig[i]);
	jf->orig[i] = jf->theirs[i];
	jf->theirs[i] = NULL;
	if (!mine) {
		screen_journal_form_set_text(jf, i, jf->orig[i]);
		screen_journal_form_check(jf, ui->app, i);
	}
	jf->drafted = false;
	if ((i = screen_journal_form_conflict(jf)) >= 0) {
		jf->cur = i;
		return;
	}
	jf->resolving = false;
	if (!screen_journal_form_dirty(jf)) {
		/* Nothing of this form is left to write: show the night as
		 * it is saved now. */
		ui_reload(ui);
		screen_journal_form_load(jf, ui->app, jf->night);
		day_format(jf->night, d);
		ui_message(ui, false, "Kept what is saved for the night of %s.",
		    d);
		return;
	}
	screen_journal_form_save(jf, ui);
}

/* Leave the conflicts unanswered; nothing is saved yet. */
void
screen_journal_form_unresolve(struct screen_journal_form *jf)
{
	int i;

	for (i = 0; i < jf->nfields; i++) {
		free(jf->theirs[i]);
		jf->theirs[i] = NULL;
	}
	jf->resolving = false;
}
