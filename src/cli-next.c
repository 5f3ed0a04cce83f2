/* `winddown next`: the next thing ahead tonight on one line, for a
 * status bar or a prompt. Loads only the main state file. */
#include "app.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "winddown/remind.h"
#include "winddown/util.h"

#define NEXT_FORMAT "%t %l (in %m min)"

int
cli_next(struct app *app, int argc, char **argv)
{
	struct remind m;
	struct buf    b = { 0 };
	char         *cause = NULL;

	(void)argv;
	if (argc > 0) {
		app_warn("next takes no arguments (use --format)");
		return EX_USAGE;
	}
	if (!remind_tonight(&app->plan, &app->st, app->local, &m))
		return 0;
	if (remind_format(app->format != NULL ? app->format : NEXT_FORMAT, &m,
	    app->local, &b, &cause) != 0) {
		app_warn("next: %s", cause);
		free(cause);
		buf_free(&b);
		return EX_USAGE;
	}
	buf_puts(&b, "\n");
	fwrite(b.data, 1, b.len, stdout);
	buf_free(&b);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		app_warn("standard output: %s", strerror(errno));
		return EX_IOERR;
	}
	return 0;
}
