/* The commands that open the coach on a screen: the coach itself, the
 * journal form, and relaxation (or its plain and sound-file forms). */
#include "app.h"
#include "audio-run.h"

int
cli_coach(struct app *app, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	/* The week's nights are not on the first frame: read them just
	 * after it, so the coach opens at once. */
	app->later = APP_HISTORY_EVENINGS;
	return ui_main(app, "coach");
}

int
cli_journal(struct app *app, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return ui_main(app, "journal");
}

int
cli_pmr(struct app *app, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	if (app->audio_file != NULL)
		return pmr_run_audio(app);
	return app->plain ? pmr_run_plain(app) : ui_main(app, "pmr");
}
