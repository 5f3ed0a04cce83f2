/* The floor for the time-to-first-frame benchmark: the least an ncursesw
 * program does to show a line of text, then wait for a key. Built by
 * tests/bench/run.sh with the same compiler and libraries as winddown. */
#include <curses.h>
#include <locale.h>

int
main(void)
{
	setlocale(LC_ALL, "");
	initscr();
	cbreak();
	noecho();
	mvaddstr(0, 0, "Day 1 of 7");
	refresh();
	getch();
	endwin();
	return 0;
}
