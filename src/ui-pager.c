/* Pagers: the reading screens are scrolling pages of wrapped text. Each
 * keeps its own place, in a struct ui_pager at the start of its state. */
#ifndef _XOPEN_SOURCE
#define _XOPEN_SOURCE 700
#endif
#include "ui.h"

#include <curses.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The pager of the screen on top. */
static struct ui_pager *
ui_pager_of(const struct ui *ui)
{
	return ui->screen->state;
}

void
ui_pager_text(struct ui_page *pg, int indent, int attr, const char *s)
{
	struct ui  *ui = pg->ui;
	const char *line, *end;
	int         w = ui->cols - indent - 2;
	char       *t;

	if (*s == '\0') {
		pg->vy++;
		return;
	}
	s = ui_text(s, &t);
	while (*s != '\0') {
		int row;

		line = ui_wrap_segment(s, w, &end, &s);
		if (*line == '\0' && *s == '\0')
			break;
		row = pg->top + pg->vy - pg->pager->scroll;
		if (row >= pg->top && row < pg->bottom) {
			attron(attr);
			mvaddnstr(row, indent + 1, line, (int)(end - line));
			attroff(attr);
		}
		pg->vy++;
	}
	free(t);
}

void
ui_pager_printf(struct ui_page *pg, int indent, int attr, const char *fmt,
    ...)
{
	va_list ap;
	char   *text;

	va_start(ap, fmt);
	text = xvasprintf(fmt, ap);
	va_end(ap);
	ui_pager_text(pg, indent, attr, text);
	free(text);
}

void
ui_pager_blank(struct ui_page *pg)
{
	pg->vy++;
}

struct ui_page
ui_pager_begin(struct ui *ui, const char *title)
{
	struct ui_page pg = { ui, ui_pager_of(ui), 0, 2, ui->lines - 1 };

	ui_put(0, 1, ui->cols - 2, ui_attr(ui, ROLE_TITLE), title);
	mvhline(1, 0, 0, ui->cols);
	return pg;
}

void
ui_pager_end(struct ui_page *pg, const char *keys)
{
	struct ui       *ui = pg->ui;
	struct ui_pager *pager = pg->pager;
	char             pos[32];
	int              rows = pg->bottom - pg->top;

	pager->lines = pg->vy;
	if (pager->scroll > 0 || pg->vy > rows) {
		snprintf(pos, sizeof pos, "%d-%d of %d", pager->scroll + 1,
		    pager->scroll + rows < pg->vy ? pager->scroll + rows :
		    pg->vy, pg->vy);
		ui_put(0, ui->cols - (int)strlen(pos) - 1, (int)strlen(pos),
		    ui_attr(ui, ROLE_DIM), pos);
	}
	ui_footer(ui, keys);
}

bool
ui_pager_key(struct ui *ui, int key, bool is_char, long long now)
{
	struct ui_pager *pager = ui_pager_of(ui);
	int              rows = ui->lines - 3, max = pager->lines - rows;

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
		pager->scroll++;
		break;
	case KEY_UP:
		pager->scroll--;
		break;
	case KEY_NPAGE:
		pager->scroll += rows - 1;
		break;
	case KEY_PPAGE:
		pager->scroll -= rows - 1;
		break;
	case KEY_HOME:
		pager->scroll = 0;
		break;
	case KEY_END:
		pager->scroll = max;
		break;
	default:
		return false;
	}
	if (pager->scroll > max)
		pager->scroll = max;
	if (pager->scroll < 0)
		pager->scroll = 0;
	return true;
}

void
ui_pager_top(struct ui *ui)
{
	ui_pager_of(ui)->scroll = 0;
}

int
ui_pager_line(struct ui_page *pg)
{
	int row = pg->top + pg->vy - pg->pager->scroll;

	pg->vy++;
	return row >= pg->top && row < pg->bottom ? row : -1;
}
