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
#include <wchar.h>

#include "winddown/day.h"
#include "winddown/journal.h"
#include "winddown/util.h"

#include "screen-journal.h"

#define SCREEN_JOURNAL_MAX_BYTES 1024 /* typed into one field */

/* The change a save makes to the night. */
struct screen_journal_form_change {
	int            date;
	long long      now;
	struct kvlist  set;    /* values given */
	char         **unset;  /* fields blanked */
	int            nunset;
};

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
	}
	free(jf->text);
	free(jf->orig);
	free(jf->error);
	memset(jf, 0, sizeof *jf);
}

/* The choice that text is the start of, when only one is; NULL when none
 * or several (or text is blank). */
const char *
screen_journal_form_prefix(const struct journal_field *f, const char *text)
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
	if (screen_journal_form_prefix(f, text) != NULL) {
		free(cause);
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
	const struct journal_field *f = &app->plan.fields[i];
	const char                 *choice;
	struct kv                   kv;
	char                       *cause = NULL;

	if (journal_parse(f, screen_journal_form_text(jf, i), &kv,
	    &cause) == 0) {
		journal_kv_clear(&kv);
		return;
	}
	free(cause);
	choice = screen_journal_form_prefix(f, screen_journal_form_text(jf, i));
	if (choice != NULL) {
		screen_journal_form_set_text(jf, i, choice);
		jf->drafted = false;
		screen_journal_form_check(jf, app, i);
	}
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
	for (i = 0; i < jf->nfields; i++) {
		free(jf->orig[i]);
		kv = n == NULL ? NULL : kv_get(&n->kv,
		    app->plan.fields[i].name);
		jf->orig[i] = kv == NULL ? xstrdup("") : journal_format(kv);
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
	if (i != jf->cur)
		screen_journal_form_complete(jf, ui->app, jf->cur);
	jf->cur = i;
}

/* Write the night: set what is given, remove what was blanked, drop the
 * draft of this night. */
static int
screen_journal_form_apply(struct state *st, void *ctx, char **cause)
{
	struct screen_journal_form_change *c = ctx;
	struct night                      *night = state_night_get(st, c->date);
	int                                i;

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
	}
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
	struct kv                          kv;
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
	c.unset = xcalloc((size_t)jf->nfields, sizeof *c.unset);
	for (i = 0; i < jf->nfields; i++) {
		text = screen_journal_form_text(jf, i);
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
	rc = app_update(app, screen_journal_form_apply, &c, &cause);
	kv_clear(&c.set);
	free(c.unset);
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

/* Add the typed code point wc to the current field. */
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

	if (b->len == 0)
		return;
	do
		b->len--;
	while (b->len > 0 && ((unsigned char)b->data[b->len] & 0xc0) == 0x80);
	b->data[b->len] = '\0';
	jf->drafted = false;
	screen_journal_form_check(jf, ui->app, jf->cur);
}
