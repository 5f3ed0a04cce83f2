/* The do/don't page: what to do and not, the common triggers, the signs
 * that call for a doctor, what helps and what is good to know. */
#ifndef _XOPEN_SOURCE
#define _XOPEN_SOURCE 700
#endif
#include "ui.h"

#include <curses.h>

static void
screen_dos_draw(struct ui *ui, long long now)
{
	const struct plan *p = &ui->app->plan;
	struct ui_page     pg = ui_pager_begin(ui, "Do and don't");
	int                i;

	(void)now;
	for (i = 0; i < p->ndos; i++) {
		ui_pager_printf(&pg, 1, ui_attr(ui, ROLE_GOOD), "Do:    %s",
		    p->dos[i].good);
		ui_pager_printf(&pg, 1, ui_attr(ui, ROLE_WARN), "Don't: %s",
		    p->dos[i].bad);
	}
	ui_pager_blank(&pg);
	ui_pager_text(&pg, 0, ui_attr(ui, ROLE_TITLE), "Common triggers");
	for (i = 0; i < p->ntriggers; i++) {
		ui_pager_printf(&pg, 1, A_NORMAL, "%s %s: %s", ui->g->dot,
		    p->triggers[i].title, p->triggers[i].text);
	}
	ui_pager_blank(&pg);
	ui_pager_text(&pg, 0, ui_attr(ui, ROLE_ALERT),
	    "When to talk to a doctor");
	for (i = 0; i < p->nflags; i++) {
		ui_pager_printf(&pg, 1, A_NORMAL, "%s %s", ui->g->dot,
		    p->flags[i].question);
	}
	/* The plan's advice speaks of answers: only when one is yes. */
	for (i = 0; i < p->nflags; i++) {
		const struct kv *a = kv_get(&ui->app->st.week.flags,
		    p->flags[i].id);

		if (a != NULL && a->i)
			break;
	}
	if (i < p->nflags)
		ui_pager_text(&pg, 1, A_NORMAL, p->doctor_advice);
	else
		ui_pager_text(&pg, 1, A_NORMAL, "If any of these fit what you "
		    "notice, it is worth talking over with a doctor. Press f "
		    "to answer them one by one.");
	ui_pager_blank(&pg);
	ui_pager_text(&pg, 0, ui_attr(ui, ROLE_TITLE), "What helps");
	for (i = 0; i < p->nstrategies; i++) {
		ui_pager_printf(&pg, 1, A_NORMAL, "%s %s: %s", ui->g->dot,
		    p->strategies[i].title, p->strategies[i].text);
	}
	if (p->nfacts > 0) {
		ui_pager_blank(&pg);
		ui_pager_text(&pg, 0, ui_attr(ui, ROLE_TITLE), "Good to know");
		for (i = 0; i < p->nfacts; i++) {
			ui_pager_printf(&pg, 1, A_NORMAL, "%s %s: %s",
			    ui->g->dot, p->facts[i].title, p->facts[i].text);
		}
	}
	ui_pager_blank(&pg);
	ui_pager_printf(&pg, 0, ui_attr(ui, ROLE_DIM),
	    "Source: \"%s\" by %s. %s", p->source_title, p->source_author,
	    p->disclaimer);
	ui_pager_end(&pg, "q back  j/k scroll  space page  f red flags");
}

static struct ui_pager screen_dos_pager;

const struct screen screen_dos = {
	.name = "dos",
	.hot_key = 'd',
	.needs = PLAN_GUIDE,
	.state = &screen_dos_pager,
	.top = ui_pager_top,
	.draw = screen_dos_draw,
	.key = ui_pager_key,
};
