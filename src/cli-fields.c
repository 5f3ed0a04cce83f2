/* `winddown log --fields`: the journal's fields for shell completion
 * (src/completion/) and for people. */
#include "app.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sysexits.h>

/* `log --fields`: a field a line, name, type and values, tab-separated
 * (a range as MIN..MAX); for shell completion and for people. */
int
cli_log_fields(struct app *app)
{
	static const char *const types[] = { "time", "count", "scale", "yesno",
		"choice", "text" };
	int                      i, k;

	for (i = 0; i < app->plan.nfields; i++) {
		const struct journal_field *f = &app->plan.fields[i];

		printf("%s\t%s\t", f->name, types[f->type]);
		switch (f->type) {
		case FIELD_TIME:
			printf("HH:MM%s", f->none ? " none" : "");
			break;
		case FIELD_COUNT:
		case FIELD_SCALE:
			printf("%d..%d", f->min, f->max);
			break;
		case FIELD_YESNO:
			printf("yes no");
			break;
		case FIELD_CHOICE:
			for (k = 0; k < f->nchoices; k++)
				printf("%s%s", k > 0 ? " " : "", f->choices[k]);
			break;
		case FIELD_TEXT:
			break;
		}
		printf("\n");
	}
	if (fflush(stdout) != 0 || ferror(stdout)) {
		app_warn("standard output: %s", strerror(errno));
		return EX_IOERR;
	}
	return 0;
}
