/* The coach at its edges with the state file: reading it again, the
 * offer to move a broken file aside, and the history read after the
 * first frame. */
#include "ui.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

/* Read the state again, to show what another winddown saved. A state
 * that cannot be read now is left as it was in memory. */
void
ui_reload(struct ui *ui)
{
	struct state fresh;
	char        *cause = NULL;

	if (state_load_span(&fresh, ui->app->state_path, ui->app->span,
	    &cause) == 0) {
		state_free(&ui->app->st);
		ui->app->st = fresh;
	}
	free(cause);
}

int
ui_offer_move_aside(struct app *app, const char *cause, const char *path)
{
	char  answer[16], *to = NULL, *why = NULL;
	int   rc;

	app_warn("%s", cause);
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))
		return EX_DATAERR;
	printf("%s cannot be read, so nothing will be written to it.\n"
	    "Move it aside and go on without it? The old file is kept. "
	    "[y/N] ", path);
	fflush(stdout);
	if (fgets(answer, sizeof answer, stdin) == NULL ||
	    (answer[0] != 'y' && answer[0] != 'Y'))
		return EX_DATAERR;
	rc = state_move_aside(path, app->now, &to, &why);
	if (rc != 0) {
		app_warn("%s", why);
		free(why);
		return rc;
	}
	printf("Moved to %s\n", to);
	free(to);
	if (strcmp(path, app->state_path) == 0) {
		state_free(&app->st);
		state_init(&app->st);
	}
	return 0;
}

/* Read the history the coach left for after its first frame. When a
 * month's file cannot be read, leave the screen and offer to move it
 * aside, as on opening; declined or failing, end with the error. */
int
ui_load_later(struct ui *ui)
{
	struct app *app = ui->app;
	char       *cause = NULL, *broken;
	int         rc;

	if ((rc = app_load_later(app, &cause)) == 0)
		return 0;
	endwin();
	if (app->st.broken != NULL) {
		broken = xstrdup(app->st.broken);
		rc = ui_offer_move_aside(app, cause, broken);
		free(broken);
		free(cause);
		cause = NULL;
		if (rc == 0)
			rc = app_load_history(app, &cause);
		if (rc == 0) {
			refresh();
			clearok(stdscr, TRUE);
			return 0;
		}
	}
	ui_end();
	if (cause != NULL)
		app_warn("%s", cause);
	free(cause);
	return rc;
}

