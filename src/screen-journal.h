/* The journal form (screen-journal-form.c): what is typed into the
 * plan's journal fields, checked as it is typed, and saved, discarded or
 * kept as a draft; drawn and driven by the journal screen. */
#ifndef WINDDOWN_SCREEN_JOURNAL_H
#define WINDDOWN_SCREEN_JOURNAL_H

#include <wchar.h>

#include "winddown/journal.h"

#include "ui.h"

struct screen_journal_form {
	bool        active;  /* entered and not yet left */
	int         night;   /* the date shown */
	int         last;    /* the latest night → goes to */
	int         nfields;
	struct buf *text;    /* what is typed, per field */
	char      **orig;    /* the saved value as text, "" when none */
	char      **error;   /* why the text is not a value, or NULL */
	int         cur;     /* the current field */
	bool        touched; /* the current field was edited since it
	                        became current (or the night was loaded) */
	int         top;     /* first row of the list shown */
	bool        drafted; /* the edits are the state's draft */
	bool        asking;  /* "leave with unsaved changes?" */
	char      **theirs;  /* a value saved elsewhere since the form
	                        loaded, where it was changed here too */
	bool        resolving; /* asking which to keep */
};

/* The text typed into field i, never NULL. */
const char *screen_journal_form_text(const struct screen_journal_form *jf,
    int i);
/* Replace the text of field i. */
void screen_journal_form_set_text(struct screen_journal_form *jf, int i,
    const char *s);
/* Free everything the form holds. */
void screen_journal_form_free(struct screen_journal_form *jf);
/* Check field i after an edit: error[i] is why its text is not a value,
 * NULL when it is one (a choice may be given by its start) or is
 * blank. */
void screen_journal_form_check(struct screen_journal_form *jf,
    const struct app *app, int i);
/* Load night from the state: the saved values become both the text and
 * what it is compared with. */
void screen_journal_form_load(struct screen_journal_form *jf, struct app *app,
    int night);
/* True when any text differs from what is saved. */
bool screen_journal_form_dirty(const struct screen_journal_form *jf);
/* Make field i the current one, completing a choice in the one left. */
void screen_journal_form_move(struct screen_journal_form *jf, struct ui *ui,
    int i);
/* Keep (or drop) the draft through app_update. Returns 0 or an EX_*
 * code with *cause. */
int screen_journal_form_draft(struct screen_journal_form *jf, struct app *app,
    bool keep, char **cause);
/* Save the night. Returns true when saved (or nothing needed saving). */
bool screen_journal_form_save(struct screen_journal_form *jf, struct ui *ui);
/* A stored value as the form shows it, on one line; "" for none. */
char *screen_journal_form_value(const struct kv *);
/* The first field changed both in the form and elsewhere, or -1. */
int screen_journal_form_conflict(const struct screen_journal_form *jf);
/* Keep the text typed (mine) or the value saved elsewhere for the first
 * conflict; with none left, save. */
void screen_journal_form_resolve(struct screen_journal_form *jf,
    struct ui *ui, bool mine);
/* Forget the conflicts found; nothing is saved. */
void screen_journal_form_unresolve(struct screen_journal_form *jf);
/* Put back what is saved for this night and forget its draft. */
void screen_journal_form_discard(struct screen_journal_form *jf, struct ui *ui);
/* Show an earlier (delta < 0) or later night. */
void screen_journal_form_browse(struct screen_journal_form *jf, struct ui *ui,
    int delta);
/* True when the current field shows a value (saved, or typed before
 * moving away), not edited since it became current: the first printable
 * key typed replaces it (as in a form field entered with its text
 * selected); Backspace edits it instead. */
bool screen_journal_form_armed(const struct screen_journal_form *jf);
/* Clear the current field (ctrl-u). */
void screen_journal_form_clear(struct screen_journal_form *jf, struct ui *ui);
/* Add the typed code point wc to the current field, replacing the saved
 * value it shows when armed. */
void screen_journal_form_insert(struct screen_journal_form *jf, struct ui *ui,
    wint_t wc);
/* Delete the last code point of the current field. */
void screen_journal_form_backspace(struct screen_journal_form *jf,
    struct ui *ui);

#endif
