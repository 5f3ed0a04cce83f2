/* The help screen: the keys of every screen, as a page. */
#ifndef _XOPEN_SOURCE
#define _XOPEN_SOURCE 700
#endif
#include "ui.h"

#include <curses.h>
#include <stdio.h>

static const struct {
	const char *keys;
	const char *what;
} screen_help_keys[] = {
	{ "Everywhere", NULL },
	{ "t", "today: the day's task and checklist" },
	{ "i", "the day on screen in full: task, why, steps, tip" },
	{ "p", "guided progressive muscle relaxation" },
	{ "l", "sleep journal: last night's entry" },
	{ "r", "review of the week ([ ] or Left/Right: other weeks)" },
	{ "w", "trend: twitches over every week, night by night" },
	{ "f", "red-flag questions: when to see a doctor" },
	{ "d", "do and don't, triggers, strategies, doctor signs" },
	{ "? or F1", "this help" },
	{ "q or Esc", "back; on the today screen, quit" },
	{ "Today", NULL },
	{ "Up/Down, k/j", "move in the checklist" },
	{ "Space, Enter", "tick or untick a step, or after the week a "
	    "habit (saved at once)" },
	{ "Left/Right", "earlier or later day of this week" },
	{ "b", "set the target bedtime (HH:MM, Enter)" },
	{ "s", "retry a save that failed" },
	{ "N", "start another week (earlier weeks are kept)" },
	{ "Relaxation", NULL },
	{ "Space", "pause or resume" },
	{ "n / b", "next muscle group / back one group" },
	{ "q", "end the session (asks first; it is saved)" },
	{ "Journal", NULL },
	{ "Tab, Up/Down", "next or previous field (Shift-Tab back)" },
	{ "PgUp/PgDn", "first or last field (also Home/End)" },
	{ "Enter", "next field; on the last one, save" },
	{ "Ctrl-S", "save the night" },
	{ "y / s", "on saving a field changed elsewhere too: keep yours / "
	    "the saved one" },
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
screen_help_draw(struct ui *ui, long long now)
{
	struct ui_page pg = ui_pager_begin(ui, "Keys");
	char        line[160];
	size_t      i;

	(void)now;
	for (i = 0; i < WD_NELEM(screen_help_keys); i++) {
		if (screen_help_keys[i].what == NULL) {
			if (i > 0)
				ui_pager_blank(&pg);
			ui_pager_text(&pg, 0, ui_attr(ui, ROLE_TITLE),
			    screen_help_keys[i].keys);
			continue;
		}
		snprintf(line, sizeof line, "%-14s %s",
		    screen_help_keys[i].keys, screen_help_keys[i].what);
		ui_pager_text(&pg, 1, A_NORMAL, line);
	}
	ui_pager_blank(&pg);
	ui_pager_text(&pg, 0, ui_attr(ui, ROLE_DIM), ui->app->plan.disclaimer);
	ui_pager_end(&pg, "q back  j/k scroll");
}

static struct ui_pager screen_help_pager;

const struct screen screen_help = {
	.name = "help",
	.hot_key = '?',
	.hot_code = KEY_F(1),
	.state = &screen_help_pager,
	.top = ui_pager_top,
	.draw = screen_help_draw,
	.key = ui_pager_key,
};
