/* The relaxation screen: a guided progressive-muscle-relaxation session
 * on the pmr state machine. Time belongs to the state machine; drawing
 * only reads it, so a resize or a late wake-up loses nothing. The screen
 * asks the loop to wake at the next second of the countdown and sleeps
 * otherwise. One session at a time, kept in a static struct. */
#ifndef _XOPEN_SOURCE
#define _XOPEN_SOURCE 700
#endif
#include "ui.h"
#include "audio-run.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "winddown/pmr.h"
#include "winddown/util.h"

#define SCREEN_PMR_ROUTINE "lower" /* when --routine is not given */
#define SCREEN_PMR_RATE_MS 60000   /* the rating question waits this long */
#define SCREEN_PMR_WIDTH   64      /* widest text block */
#define SCREEN_PMR_HEIGHT  17      /* rows of the body */

enum screen_pmr_stage {
	PMR_S_ERROR,   /* no routine to run */
	PMR_S_RUN,     /* the timer, running or paused */
	PMR_S_CONFIRM, /* "End the session? y/n" */
	PMR_S_RATE,    /* finished: "How relaxed ...?" */
	PMR_S_SAVED,   /* recorded; any key returns */
	PMR_S_UNSAVED, /* recording failed; s retries */
	PMR_S_DISCARD, /* "Leave without saving? y/n" */
};

static struct screen_pmr_state {
	enum screen_pmr_stage     stage;
	bool                      active; /* begun, not recorded/discarded */
	struct pmr                p;
	const struct pmr_routine *r;
	char                      error[160];
	long long                 rate_end; /* the rating's deadline */
	bool                      asked_pause; /* the quit prompt paused it */
	/* What is recorded, fixed when the session ends. */
	bool                      finished;
	int                       done, total, seconds, rating;
	char                      summary[160];
} screen_pmr_s;

/* The sound of the sessions (--speak, --tones, s), kept open across
 * sessions once opened; NULL without. */
static struct audio_live *screen_pmr_audio;
static bool               screen_pmr_audio_tried;

/* Open the sound for o; false (with a message) when it cannot be. */
static bool
screen_pmr_audio_open(struct ui *ui, const struct audio_opts *o)
{
	char *why = NULL;

	if (screen_pmr_audio != NULL &&
	    audio_live_set(screen_pmr_audio, o, &why) == 0)
		return true;
	if (screen_pmr_audio == NULL)
		screen_pmr_audio = audio_live_open(&ui->app->plan.pmr, o,
		    &why);
	if (screen_pmr_audio == NULL || why != NULL) {
		ui_message(ui, true, "%s unavailable: %s", o->speech ?
		    "Speech is" : "Tones are", why);
		free(why);
		return false;
	}
	return true;
}

/* s: speech on or off, from the next cue (this one, when turned on). */
static void
screen_pmr_toggle_speech(struct ui *ui)
{
	struct screen_pmr_state *s = &screen_pmr_s;
	struct audio_opts        o = { true, false };

	if (screen_pmr_audio != NULL)
		o = *audio_live_opts(screen_pmr_audio);
	else
		o = audio_run_opts(ui->app, false);
	o.speech = screen_pmr_audio == NULL || !o.speech;
	if (!screen_pmr_audio_open(ui, &o))
		return;
	if (!o.speech)
		audio_live_stop(screen_pmr_audio);
	else if (pmr_running(&s->p))
		audio_live_phase(screen_pmr_audio, &s->p);
	ui_message(ui, false, "Speech %s.", o.speech ? "on" : "off");
}

/* Fix what will be recorded from the (finished or aborted) timer. */
static void
screen_pmr_snapshot(long long now)
{
	struct screen_pmr_state *s = &screen_pmr_s;

	if (!pmr_finished(&s->p))
		pmr_abort(&s->p, now);
	/* Every group skipped reaches the end but is not finished. */
	s->finished = pmr_completed(&s->p);
	s->done = pmr_groups_completed(&s->p);
	s->total = pmr_group_count(&s->p);
	s->seconds = (int)(pmr_elapsed_ms(&s->p, now) / 1000);
}

/* Record the session; true when saved. On failure the session stays in
 * memory and the screen offers to try again. */
static bool
screen_pmr_record(struct ui *ui)
{
	struct screen_pmr_state *s = &screen_pmr_s;
	char                    *cause = NULL, len[16];
	int                      rc;

	rc = pmr_run_record(ui->app, s->r->id, s->done, s->total, s->seconds,
	    s->finished, s->rating, &cause);
	if (rc != 0) {
		ui_message(ui, true, "Could not save the session: %s",
		    cause != NULL ? cause : "unknown error");
		free(cause);
		s->stage = PMR_S_UNSAVED;
		return false;
	}
	wd_duration(s->seconds, len, sizeof len);
	snprintf(s->summary, sizeof s->summary, "Session recorded: %s, "
	    "%d of %d group%s, %s%s", s->r->title, s->done, s->total,
	    s->total == 1 ? "" : "s", len, s->finished ? "" :
	    ", stopped early");
	if (s->rating > 0) {
		size_t n = strlen(s->summary);

		snprintf(s->summary + n, sizeof s->summary - n,
		    ", felt %d/5 relaxed", s->rating);
	}
	strncat(s->summary, ".", sizeof s->summary - strlen(s->summary) - 1);
	s->active = false;
	s->stage = PMR_S_SAVED;
	return true;
}

/* After phase changes: ring once, and ask the rating when done. */
static void
screen_pmr_changed(struct ui *ui, int changes, long long now)
{
	struct screen_pmr_state *s = &screen_pmr_s;

	if (changes > 0 && screen_pmr_audio != NULL &&
	    (audio_live_opts(screen_pmr_audio)->speech ||
	    audio_live_opts(screen_pmr_audio)->tones)) {
		/* Sound instead of the bell; quiet while paused. */
		if (pmr_paused(&s->p))
			audio_live_stop(screen_pmr_audio);
		else
			audio_live_phase(screen_pmr_audio, &s->p);
	} else if (changes > 0)
		ui_bell(ui);
	if (pmr_current_phase(&s->p) == PMR_DONE &&
	    (s->stage == PMR_S_RUN || s->stage == PMR_S_CONFIRM)) {
		screen_pmr_snapshot(now);
		s->rating = 0;
		if (!s->finished) {
			/* Nothing done to rate: recorded as stopped. */
			screen_pmr_record(ui);
			return;
		}
		s->rate_end = now + SCREEN_PMR_RATE_MS;
		s->stage = PMR_S_RATE;
	}
}

/* Start a session, unless one is in progress (shown again). */
static void
screen_pmr_enter(struct ui *ui, long long now)
{
	struct screen_pmr_state *s = &screen_pmr_s;
	struct app              *app = ui->app;
	const char              *id = app->routine != NULL ? app->routine :
	    SCREEN_PMR_ROUTINE;

	char                    *cause = NULL;

	if (s->active)
		return;
	memset(s, 0, sizeof *s);
	s->stage = PMR_S_ERROR;
	/* pmr.cfg is read when relaxation is first asked for: a broken one
	 * stops only this screen. */
	if (app_plan_need(app, PLAN_PMR, &cause) != 0) {
		wd_sanitize(cause, false);
		snprintf(s->error, sizeof s->error, "Relaxation is not "
		    "available: %s", cause);
		ui_message(ui, true, "%s", cause);
		free(cause);
		return;
	}
	if ((s->r = plan_routine(&app->plan, id)) == NULL) {
		char *ids = plan_routine_ids(&app->plan);

		snprintf(s->error, sizeof s->error, "There is no relaxation "
		    "routine called '%s' in the plan. Routines: %s.", id, ids);
		free(ids);
		ui_message(ui, true, "Unknown routine '%s'", id);
		return;
	}
	if (pmr_init(&s->p, &app->plan.pmr, s->r, app->tense, app->release,
	    app->settle) != 0) {
		snprintf(s->error, sizeof s->error, "The relaxation routine "
		    "'%s' cannot be run with these timings.", id);
		ui_message(ui, true, "Cannot run routine '%s'", id);
		return;
	}
	pmr_start(&s->p, now);
	s->active = true;
	s->stage = PMR_S_RUN;
	if (!screen_pmr_audio_tried) {
		struct audio_opts o = audio_run_opts(app, false);

		/* Asked once: a missing device is said once. */
		screen_pmr_audio_tried = true;
		if (o.speech || o.tones)
			screen_pmr_audio_open(ui, &o);
	}
	audio_live_phase(screen_pmr_audio, &s->p);
}

/* Countdown text: seconds, or m:ss from a minute. */
static void
screen_pmr_countdown(int secs, char *out, size_t len)
{
	if (secs >= 60)
		wd_duration(secs, out, len);
	else
		snprintf(out, len, "%d", secs);
}

/* Put s centred on row y. */
static void
screen_pmr_centre(struct ui *ui, int y, int attr, const char *s)
{
	int w = ui_width(s), x;

	if (w > ui->cols)
		w = ui->cols;
	x = (ui->cols - w) / 2;
	ui_put(y, x, ui->cols - x, attr, s);
}

/* The group's name, large: capitals spaced out in a box (plain ASCII
 * names only; others are shown as they are), centred on rows y..y+2. */
static void
screen_pmr_name(struct ui *ui, int y, const char *name)
{
	/* Corners top-left, top-right, bottom-left, bottom-right; lines. */
	static const char *const utf8[] = { "┌", "┐", "└", "┘", "─", "│" };
	static const char *const ascii7[] = { "+", "+", "+", "+", "-", "|" };
	const char *const       *box = ui->utf8 ? utf8 : ascii7;
	const char              *p;
	char                     text[PLAN_MAX_LINE * 8 + 1];
	size_t                   n = 0;
	bool                     ascii = true;
	int                      attr = ui_attr(ui, ROLE_ACCENT), w, bw, x, i;

	for (p = name; *p != '\0'; p++)
		if ((unsigned char)*p < 0x20 || (unsigned char)*p > 0x7e)
			ascii = false;
	if (ascii && (int)strlen(name) * 2 - 1 + 6 <= ui->cols - 2) {
		for (p = name; *p != '\0' && n + 3 < sizeof text; p++) {
			if (p != name)
				text[n++] = ' ';
			text[n++] = *p >= 'a' && *p <= 'z' ?
			    (char)(*p - 'a' + 'A') : *p;
		}
		text[n] = '\0';
	} else
		snprintf(text, sizeof text, "%s", name);

	w = ui_width(text);
	if (w > ui->cols - 8)
		w = ui->cols - 8;
	bw = w + 6;
	x = (ui->cols - bw) / 2;
	attron(attr);
	mvaddstr(y, x, box[0]);
	mvaddstr(y, x + bw - 1, box[1]);
	mvaddstr(y + 2, x, box[2]);
	mvaddstr(y + 2, x + bw - 1, box[3]);
	for (i = 1; i < bw - 1; i++) {
		mvaddstr(y, x + i, box[4]);
		mvaddstr(y + 2, x + i, box[4]);
	}
	mvaddstr(y + 1, x, box[5]);
	mvaddstr(y + 1, x + bw - 1, box[5]);
	attroff(attr);
	ui_put(y + 1, x + 3, w, attr | A_BOLD, text);
}

/* A labelled bar: "Label       [bar]  right". */
static void
screen_pmr_bar(struct ui *ui, int y, int x, int w, const char *label,
    int permille, const char *right)
{
	int bw = w - 12 - 7;

	ui_put(y, x, 11, ui_attr(ui, ROLE_DIM), label);
	if (bw > 0)
		ui_bar(ui, y, x + 12, bw, permille);
	ui_put(y, x + w - 6, 6, A_NORMAL, right);
}

/* The line under the bars: paused, a question, or the outcome. */
static void
screen_pmr_prompt(struct ui *ui, int y)
{
	struct screen_pmr_state *s = &screen_pmr_s;
	char                     line[96];

	switch (s->stage) {
	case PMR_S_RUN:
		if (!pmr_paused(&s->p))
			break;
		snprintf(line, sizeof line, "   PAUSED %s space resumes   ",
		    ui->g->dot);
		screen_pmr_centre(ui, y, ui_attr(ui, ROLE_SELECT) | A_BOLD,
		    line);
		break;
	case PMR_S_CONFIRM:
		screen_pmr_centre(ui, y, ui_attr(ui, ROLE_ALERT),
		    pmr_paused(&s->p) ? "Paused. End the session? y/n" :
		    "End the session? y/n");
		break;
	case PMR_S_RATE:
		screen_pmr_centre(ui, y, ui_attr(ui, ROLE_TITLE),
		    "How relaxed do you feel now? 1-5 (Enter to skip)");
		break;
	case PMR_S_SAVED:
		screen_pmr_centre(ui, y, ui_attr(ui, ROLE_GOOD), s->summary);
		screen_pmr_centre(ui, y + 1, ui_attr(ui, ROLE_DIM),
		    "Press any key to return.");
		break;
	case PMR_S_UNSAVED:
		screen_pmr_centre(ui, y, ui_attr(ui, ROLE_ALERT),
		    "The session is not saved yet.");
		screen_pmr_centre(ui, y + 1, A_NORMAL,
		    "s: try again    q: leave without saving");
		break;
	case PMR_S_DISCARD:
		screen_pmr_centre(ui, y, ui_attr(ui, ROLE_ALERT),
		    "Leave without saving this session? y/n");
		break;
	default:
		break;
	}
}

/* The keys the footer lists for the stage. */
static const char *
screen_pmr_keys(void)
{
	struct screen_pmr_state *s = &screen_pmr_s;

	switch (s->stage) {
	case PMR_S_RUN:
		return pmr_paused(&s->p) ?
		    "space resume  n next group  b back  s speech  q end" :
		    "space pause  n next group  b back  s speech  q end";
	case PMR_S_CONFIRM:
		return "y end and save  n keep going";
	case PMR_S_RATE:
		return "1-5 rate  Enter skip";
	case PMR_S_UNSAVED:
		return "s try saving again  q leave without saving";
	case PMR_S_DISCARD:
		return "y leave without saving  n stay";
	default:
		return "any key: back";
	}
}

/* Draw the session. Reads the timer; changes nothing. */
static void
screen_pmr_draw(struct ui *ui, long long now)
{
	struct screen_pmr_state *s = &screen_pmr_s;
	const struct pmr        *p = &s->p;
	enum pmr_phase           ph;
	const char              *name, *word = "", *cue, *dot = ui->g->dot;
	char                     line[160], cd[16], right[16];
	int                      top, w, x, role = ROLE_NORMAL, h;

	if (s->r != NULL)
		snprintf(line, sizeof line, "Relaxation %s %s", dot,
		    s->r->title);
	else
		snprintf(line, sizeof line, "Relaxation");
	ui_put(0, 1, ui->cols - 2, ui_attr(ui, ROLE_TITLE), line);
	ui_footer(ui, screen_pmr_keys());
	if (s->stage == PMR_S_ERROR) {
		ui_wrap(ui->lines / 2 - 1, 2, ui->cols - 4, 3,
		    ui_attr(ui, ROLE_ALERT), s->error);
		return;
	}

	top = 1 + (ui->lines - 2 - SCREEN_PMR_HEIGHT) / 2;
	if (top < 1)
		top = 1;
	w = ui->cols - 4 < SCREEN_PMR_WIDTH ? ui->cols - 4 : SCREEN_PMR_WIDTH;
	x = (ui->cols - w) / 2;
	ph = pmr_current_phase(p);

	/* Where we are in the routine. */
	if (ph == PMR_DONE || ph == PMR_ABORTED)
		snprintf(line, sizeof line, "%d of %d group%s done",
		    pmr_groups_completed(p), pmr_group_count(p),
		    pmr_group_count(p) == 1 ? "" : "s");
	else if (ph == PMR_READY)
		snprintf(line, sizeof line, "Group 1 of %d %s up next",
		    pmr_group_count(p), dot);
	else if (pmr_repeat_count(p) > 1)
		snprintf(line, sizeof line, "Group %d of %d %s repeat %d of %d",
		    pmr_group_index(p) + 1, pmr_group_count(p), dot,
		    pmr_repeat_index(p) + 1, pmr_repeat_count(p));
	else
		snprintf(line, sizeof line, "Group %d of %d",
		    pmr_group_index(p) + 1, pmr_group_count(p));
	screen_pmr_centre(ui, top, ui_attr(ui, ROLE_DIM), line);

	/* The group, large. */
	if (ph == PMR_DONE)
		name = "Done";
	else if (ph == PMR_ABORTED)
		name = "Stopped";
	else
		name = pmr_current_group(p)->name;
	screen_pmr_name(ui, top + 1, name);

	/* The phase and its countdown. */
	switch (ph) {
	case PMR_READY:
		word = "Get ready";
		role = ROLE_TITLE;
		break;
	case PMR_PREPARE:
		word = "Get set";
		role = ROLE_TITLE;
		break;
	case PMR_TENSE:
		word = "Tense";
		role = ROLE_WARN;
		break;
	case PMR_RELEASE:
		word = "Release";
		role = ROLE_GOOD;
		break;
	default:
		break;
	}
	if (*word != '\0') {
		screen_pmr_countdown(pmr_countdown_s(p, now), cd, sizeof cd);
		snprintf(line, sizeof line, "%s   %s", word, cd);
		screen_pmr_centre(ui, top + 5, ui_attr(ui, role) | A_BOLD,
		    line);
	}

	/* The cue: one centred line when it fits, else wrapped. */
	cue = pmr_cue(p);
	if (cue != NULL) {
		if (ui_width(cue) <= w)
			screen_pmr_centre(ui, top + 7, A_NORMAL, cue);
		else {
			h = ui_wrap(0, 0, w, -1, A_NORMAL, cue);
			ui_wrap(top + 7, x, w, h < 4 ? h : 4, A_NORMAL, cue);
		}
	}

	/* Progress: the phase and the whole routine. */
	if (ph == PMR_DONE || ph == PMR_ABORTED)
		snprintf(right, sizeof right, "%s", "");
	else {
		screen_pmr_countdown(pmr_countdown_s(p, now), right,
		    sizeof right - 2);
		if (pmr_countdown_s(p, now) < 60)
			strcat(right, " s");
	}
	screen_pmr_bar(ui, top + 12, x, w, "This phase",
	    pmr_phase_permille(p, now), right);
	snprintf(right, sizeof right, "%d%%", pmr_total_permille(p, now) / 10);
	screen_pmr_bar(ui, top + 13, x, w, "Routine",
	    pmr_total_permille(p, now), right);

	screen_pmr_prompt(ui, top + 15);
}

/* Keys: pause, skip, back, end; then the questions. */
static bool
screen_pmr_key(struct ui *ui, int key, bool is_char, long long now)
{
	struct screen_pmr_state *s = &screen_pmr_s;
	bool                     enter;

	if (!is_char && key == KEY_RESIZE)
		return false;
	enter = (is_char && (key == '\r' || key == '\n')) ||
	    (!is_char && key == KEY_ENTER);
	if (!is_char && !enter)
		return true; /* function keys do nothing here */

	switch (s->stage) {
	case PMR_S_RUN:
		switch (key) {
		case ' ':
		case 'p':
			screen_pmr_changed(ui, pmr_toggle(&s->p, now), now);
			if (pmr_paused(&s->p))
				audio_live_stop(screen_pmr_audio);
			break;
		case 's':
			screen_pmr_toggle_speech(ui);
			break;
		case 'n':
			screen_pmr_changed(ui, pmr_skip(&s->p, now), now);
			break;
		case 'b':
			screen_pmr_changed(ui, pmr_back(&s->p, now), now);
			break;
		case 'q':
		case 27:
			/* The countdown waits while the question is asked. */
			s->asked_pause = pmr_running(&s->p);
			screen_pmr_changed(ui, pmr_pause(&s->p, now), now);
			if (s->stage != PMR_S_RUN)
				break; /* it ended just now */
			if (pmr_paused(&s->p))
				audio_live_stop(screen_pmr_audio);
			s->stage = PMR_S_CONFIRM;
			break;
		}
		return true;
	case PMR_S_CONFIRM:
		if (key == 'y' || key == 'Y') {
			screen_pmr_snapshot(now);
			s->rating = 0;
			if (screen_pmr_record(ui)) {
				ui_back(ui, now);
				ui_message(ui, false, "%s", s->summary);
			}
		} else if (key == 'n' || key == 'N' || key == 'q' ||
		    key == 27) {
			/* Kept going: on from where it stopped. */
			if (s->asked_pause)
				pmr_resume(&s->p, now);
			s->asked_pause = false;
			s->stage = PMR_S_RUN;
		}
		return true;
	case PMR_S_RATE:
		if (key >= '1' && key <= '5') {
			s->rating = key - '0';
			screen_pmr_record(ui);
		} else if (enter) {
			screen_pmr_record(ui);
		} else if (key == 'q' || key == 27) {
			if (screen_pmr_record(ui))
				ui_back(ui, now);
		}
		return true;
	case PMR_S_UNSAVED:
		if (key == 's' || key == 'S')
			screen_pmr_record(ui);
		else if (key == 'q' || key == 27)
			s->stage = PMR_S_DISCARD;
		return true;
	case PMR_S_DISCARD:
		if (key == 'y' || key == 'Y') {
			s->active = false;
			ui_back(ui, now);
			ui_message(ui, true, "The relaxation session was not "
			    "saved.");
		} else if (key == 'n' || key == 'N' || key == 'q' ||
		    key == 27)
			s->stage = PMR_S_UNSAVED;
		return true;
	default: /* PMR_S_SAVED, PMR_S_ERROR */
		ui_back(ui, now);
		return true;
	}
}

/* When the screen next changes: the countdown's next second, or the end
 * of the wait for a rating. */
static long long
screen_pmr_deadline(struct ui *ui, long long now)
{
	struct screen_pmr_state *s = &screen_pmr_s;

	(void)ui;
	switch (s->stage) {
	case PMR_S_RUN:
	case PMR_S_CONFIRM:
		return pmr_next_deadline_ms(&s->p, now);
	case PMR_S_RATE:
		return s->rate_end;
	default:
		return -1;
	}
}

/* The deadline has passed: move the timer on, or give up waiting for a
 * rating and record without one. */
static void
screen_pmr_timer(struct ui *ui, long long now)
{
	struct screen_pmr_state *s = &screen_pmr_s;

	switch (s->stage) {
	case PMR_S_RUN:
	case PMR_S_CONFIRM:
		screen_pmr_changed(ui, pmr_update(&s->p, now), now);
		break;
	case PMR_S_RATE:
		if (now >= s->rate_end)
			screen_pmr_record(ui);
		break;
	default:
		break;
	}
}

/* Before ctrl-z stops the process: pause, so it comes back paused. */
static void
screen_pmr_suspend(struct ui *ui, long long now)
{
	struct screen_pmr_state *s = &screen_pmr_s;

	if (s->stage == PMR_S_RUN || s->stage == PMR_S_CONFIRM)
		screen_pmr_changed(ui, pmr_pause(&s->p, now), now);
	/* Back from a stop it stays paused, even after "no". */
	s->asked_pause = false;
	audio_live_stop(screen_pmr_audio);
}

/* On a signal or when the coach ends: record the session if it is not
 * yet recorded (stopped, or finished without a rating). */
static void
screen_pmr_save(struct ui *ui, long long now)
{
	struct screen_pmr_state *s = &screen_pmr_s;

	/* The coach is ending: no more sound. */
	audio_live_close(screen_pmr_audio, false);
	screen_pmr_audio = NULL;
	if (!s->active)
		return;
	if (s->stage == PMR_S_RUN || s->stage == PMR_S_CONFIRM) {
		screen_pmr_snapshot(now);
		s->rating = 0;
	}
	screen_pmr_record(ui);
}

const struct screen screen_pmr = {
	.name = "pmr",
	.hot_key = 'p',
	.state = &screen_pmr_s,
	.enter = screen_pmr_enter,
	.draw = screen_pmr_draw,
	.key = screen_pmr_key,
	.deadline = screen_pmr_deadline,
	.timer = screen_pmr_timer,
	.suspend = screen_pmr_suspend,
	.save = screen_pmr_save,
	.own_q = true,
	.alone = true,
	.instead = "pmr --plain",
};
