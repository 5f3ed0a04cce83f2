/* Ask terminfo about TERM before curses starts: a failed newterm()
 * leaks inside ncurses, and this way an unknown terminal costs nothing.
 * Kept apart because <term.h> defines capability names as macros. */
#include "ui.h"

#include <curses.h>
#include <term.h>
#include <unistd.h>

bool
ui_term_known(void)
{
	int err = 0;

	if (setupterm(NULL, STDOUT_FILENO, &err) != OK)
		return false;
	del_curterm(cur_term);
	cur_term = NULL;
	return true;
}
