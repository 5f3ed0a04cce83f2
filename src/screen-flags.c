/* The red-flag questions: when to talk to a doctor. Each is answered y or
 * n (or Y, N, 1, 0: journal_yesno) and saved at once. */
#ifndef _XOPEN_SOURCE
#define _XOPEN_SOURCE 700
#endif
#include "ui.h"

#include <curses.h>
#include <stdlib.h>

#include "winddown/journal.h"

static struct screen_flags_state {
	struct ui_pager pager; /* first: the page's place */
	int             cursor; /* the question answered next */
} screen_flags_s;

struct screen_flags_answer {
	const char *id;
	bool        yes;
	int         today;
};

static int
screen_flags_apply(struct state *st, void *ctx, char **cause)
{
	struct screen_flags_answer *a = ctx;

	(void)cause;
	kv_set_bool(&st->week.flags, a->id, a->yes);
	st->week.flags_date = a->today;
	return 0;
}

static bool
screen_flags_key(struct ui *ui, int key, bool is_char, long long now)
{
	struct screen_flags_state *fs = &screen_flags_s;
	const struct plan         *p = &ui->app->plan;
	struct screen_flags_answer a;
	char                      *cause = NULL, typed[2];
	int                        yes;

	if (!is_char) {
		if (key == KEY_UP && fs->cursor > 0)
			fs->cursor--;
		else if (key == KEY_DOWN && fs->cursor + 1 < p->nflags)
			fs->cursor++;
		else
			return ui_pager_key(ui, key, is_char, now);
		return true;
	}
	/* A key is an answer when it is one of the words `winddown flags`
	 * takes: y, n, 1 or 0, in any case. */
	typed[0] = key > 0 && key < 0x80 ? (char)key : '\0';
	typed[1] = '\0';
	yes = typed[0] != '\0' ? journal_yesno(typed) : -1;
	if (key == 'k' && fs->cursor > 0)
		fs->cursor--;
	else if (key == 'j' && fs->cursor + 1 < p->nflags)
		fs->cursor++;
	else if (yes >= 0 && p->nflags > 0) {
		a.id = p->flags[fs->cursor].id;
		a.yes = yes == 1;
		a.today = ui->app->today;
		if (app_update(ui->app, screen_flags_apply, &a, &cause) != 0) {
			ui_message(ui, true, "Not saved: %s", cause);
			free(cause);
		} else if (fs->cursor + 1 < p->nflags)
			fs->cursor++;
	} else
		return ui_pager_key(ui, key, is_char, now);
	return true;
}

static void
screen_flags_enter(struct ui *ui, long long now)
{
	(void)ui;
	(void)now;
	screen_flags_s.cursor = 0;
}

static void
screen_flags_draw(struct ui *ui, long long now)
{
	struct screen_flags_state *fs = &screen_flags_s;
	const struct plan         *p = &ui->app->plan;
	struct ui_page             pg;
	int                        i, yes = 0;

	(void)now;
	pg = ui_pager_begin(ui, "When to talk to a doctor");
	ui_pager_text(&pg, 0, ui_attr(ui, ROLE_DIM), "Answer y or n for each; "
	    "it is saved at once. Think of the past week or longer.");
	ui_pager_blank(&pg);
	for (i = 0; i < p->nflags; i++) {
		const struct kv *a = kv_get(&ui->app->st.week.flags,
		    p->flags[i].id);

		if (a != NULL && a->i)
			yes++;
		ui_pager_printf(&pg, 0, i == fs->cursor ?
		    ui_attr(ui, ROLE_SELECT) : (int)A_NORMAL, "[%s] %s",
		    a == NULL ? " " : a->i ? "y" : "n", p->flags[i].question);
	}
	if (p->nflags > 0 && p->flags[fs->cursor].help != NULL) {
		ui_pager_blank(&pg);
		ui_pager_text(&pg, 2, ui_attr(ui, ROLE_DIM),
		    p->flags[fs->cursor].help);
	}
	ui_pager_blank(&pg);
	if (yes > 0) {
		ui_pager_text(&pg, 0, A_BOLD, p->doctor_advice);
		ui_pager_blank(&pg);
		ui_pager_text(&pg, 0, A_NORMAL, p->doctor_tell);
	} else
		ui_pager_text(&pg, 0, ui_attr(ui, ROLE_DIM), p->disclaimer);
	ui_pager_end(&pg, "y yes  n no  j/k move  space page  q back");
}

const struct screen screen_flags = {
	.name = "flags",
	.hot_key = 'f',
	.needs = PLAN_GUIDE,
	.state = &screen_flags_s,
	.top = ui_pager_top,
	.enter = screen_flags_enter,
	.draw = screen_flags_draw,
	.key = screen_flags_key,
};
