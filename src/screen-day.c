/* The day in full: the task of the day the today screen shows, why it
 * helps, its steps, the tip, tonight's timeline and the habits so far. */
#ifndef _XOPEN_SOURCE
#define _XOPEN_SOURCE 700
#endif
#include "ui.h"

#include <curses.h>
#include <stdio.h>

#include "winddown/day.h"

static void
screen_day_draw(struct ui *ui, long long now)
{
	const struct plan     *p = &ui->app->plan;
	int                    n = screen_today_day(ui);
	const struct plan_day *d = &p->days[n - 1];
	struct timeline_entry  tl[64];
	struct ui_page         pg;
	char                   title[160], t[6], u[6];
	int                    i, nt;

	(void)now;
	snprintf(title, sizeof title, "Day %d of %d: %s", n, p->ndays,
	    d->title);
	pg = ui_pager_begin(ui, title);
	ui_pager_text(&pg, 0, A_NORMAL, d->task);
	ui_pager_blank(&pg);
	ui_pager_text(&pg, 0, ui_attr(ui, ROLE_TITLE), "Why it helps");
	ui_pager_text(&pg, 1, A_NORMAL, d->why);
	ui_pager_blank(&pg);
	ui_pager_text(&pg, 0, ui_attr(ui, ROLE_TITLE), "Steps");
	for (i = 0; i < d->nsteps; i++)
		ui_pager_printf(&pg, 1, A_NORMAL, "%s %s",
		    state_ticked(&ui->app->st, n, i + 1) ? ui->g->ticked :
		    ui->g->unticked, d->steps[i]);
	if (d->tip != NULL) {
		ui_pager_blank(&pg);
		ui_pager_text(&pg, 0, ui_attr(ui, ROLE_TITLE), "Tip");
		ui_pager_text(&pg, 1, A_NORMAL, d->tip);
	}
	ui_pager_blank(&pg);
	ui_pager_text(&pg, 0, ui_attr(ui, ROLE_TITLE), "Tonight");
	nt = plan_timeline(p, n, ui->app->st.settings.bedtime, tl,
	    (int)WD_NELEM(tl));
	for (i = 0; i < nt; i++) {
		hhmm_format(tl[i].at, t);
		if (tl[i].until >= 0) {
			hhmm_format(tl[i].until, u);
			ui_pager_printf(&pg, 1, A_NORMAL, "%s-%s %s", t, u,
			    tl[i].label);
		} else
			ui_pager_printf(&pg, 1, tl[i].label == NULL ?
			    ui_attr(ui, ROLE_ACCENT) : (int)A_NORMAL, "%s %s",
			    t, tl[i].label != NULL ? tl[i].label : "Bedtime");
	}
	if (n > 1) {
		ui_pager_blank(&pg);
		ui_pager_text(&pg, 0, ui_attr(ui, ROLE_TITLE), "Keep doing");
		for (i = 0; i < n - 1; i++)
			ui_pager_printf(&pg, 1, A_NORMAL, "%d %s %s: %s", i + 1,
			    ui->g->dot, p->days[i].title, p->days[i].steps[0]);
	}
	ui_pager_blank(&pg);
	ui_pager_text(&pg, 0, ui_attr(ui, ROLE_DIM), p->disclaimer);
	ui_pager_end(&pg, "q back  j/k scroll  space page");
}

static struct ui_pager screen_day_pager;

const struct screen screen_day = {
	.name = "day",
	.hot_key = 'i',
	.state = &screen_day_pager,
	.top = ui_pager_top,
	.draw = screen_day_draw,
	.key = ui_pager_key,
};
