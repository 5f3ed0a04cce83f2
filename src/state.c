/* The state in memory: a fresh one and freeing it, weeks, the month
 * index of a date, and the changes every command makes: ticks, the week
 * started and restarted, nights and sessions. Loading is in
 * state-load.c, saving in state-save.c. */
#include "winddown/state.h"

#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "winddown/day.h"
#include "winddown/util.h"

#include "state-int.h"

/* The month index of a date: y * 12 + m - 1. */
int
month_of(int date)
{
	int y, m, d;

	day_to_ymd(date, &y, &m, &d);
	return y * 12 + m - 1;
}

/* The first date of month index mi. */
int
month_start(int mi)
{
	return day_from_ymd(mi / 12, mi % 12 + 1, 1);
}

void
state_init(struct state *st)
{
	memset(st, 0, sizeof *st);
	st->version = STATE_VERSION;
	st->settings.bedtime = STATE_BEDTIME_DEFAULT;
	st->settings.rollover = DAY_ROLLOVER_DEFAULT;
	st->settings.bell = true;
	st->mlo = 1;
	st->mhi = 0;
}

void
week_free(struct week *w)
{
	free(w->plan);
	free(w->ticks);
	kv_clear(&w->flags);
	memset(w, 0, sizeof *w);
}

/* A deep copy of src into the uninitialised dst. */
void
week_copy(struct week *dst, const struct week *src)
{
	*dst = *src;
	dst->plan = src->plan != NULL ? xstrdup(src->plan) : NULL;
	dst->ticks = xcalloc((size_t)src->nticks, sizeof *dst->ticks);
	if (src->nticks > 0)
		memcpy(dst->ticks, src->ticks,
		    (size_t)src->nticks * sizeof *dst->ticks);
	memset(&dst->flags, 0, sizeof dst->flags);
	kv_copy(&dst->flags, &src->flags);
}

void
state_free(struct state *st)
{
	int i;

	week_free(&st->week);
	free(st->settings.notify_command);
	for (i = 0; i < st->narchive; i++)
		week_free(&st->archive[i]);
	free(st->archive);
	for (i = 0; i < st->nnights; i++)
		kv_clear(&st->nights[i].kv);
	free(st->nights);
	for (i = 0; i < st->nsessions; i++)
		free(st->sessions[i].routine);
	free(st->sessions);
	kv_clear(&st->draft.kv);
	free(st->files);
	free(st->path);
	free(st->broken);
	state_init(st);
}

/* In-memory changes --------------------------------------------------- */

void
state_start_week(struct state *st, int today, const char *plan_id)
{
	struct kvlist flags = { NULL, 0 };
	int           flags_date = 0;

	/* Red-flag answers given before any week belong to this one. */
	if (!st->started) {
		flags = st->week.flags;
		flags_date = st->week.flags_date;
		memset(&st->week.flags, 0, sizeof st->week.flags);
	}
	week_free(&st->week);
	st->week.flags = flags;
	st->week.flags_date = flags_date;
	st->week.start = today;
	st->week.plan = xstrdup(plan_id);
	st->started = true;
}

void
state_restart(struct state *st, int today, const char *plan_id,
    long long now)
{
	/* A week that began today has lived no day yet: it goes on. */
	if (st->started && st->week.start == today)
		return;
	if (st->started) {
		st->archive = xreallocarray(st->archive,
		    (size_t)st->narchive + 1, sizeof *st->archive);
		st->archive[st->narchive] = st->week;
		st->archive[st->narchive].ended = now;
		st->narchive++;
		memset(&st->week, 0, sizeof st->week);
	}
	state_start_week(st, today, plan_id);
}

bool
state_ticked(const struct state *st, int day, int step)
{
	int i;

	for (i = 0; i < st->week.nticks; i++) {
		if (st->week.ticks[i].day == day &&
		    st->week.ticks[i].step == step)
			return true;
	}
	return false;
}

int
state_day_ticks(const struct state *st, int day)
{
	int i, n = 0;

	for (i = 0; i < st->week.nticks; i++)
		n += st->week.ticks[i].day == day;
	return n;
}

bool
state_tick(struct state *st, int day, int step, bool on, long long now)
{
	struct week *w = &st->week;
	int          i;

	for (i = 0; i < w->nticks; i++) {
		if (w->ticks[i].day == day && w->ticks[i].step == step) {
			if (on)
				return false;
			memmove(&w->ticks[i], &w->ticks[i + 1],
			    (size_t)(w->nticks - i - 1) * sizeof w->ticks[i]);
			w->nticks--;
			return true;
		}
	}
	if (!on || day < 1 || day > STATE_MAX_DAY || step < 1 ||
	    step > STATE_MAX_STEP)
		return false;
	w->ticks = xreallocarray(w->ticks, (size_t)w->nticks + 1,
	    sizeof *w->ticks);
	w->ticks[w->nticks].day = day;
	w->ticks[w->nticks].step = step;
	w->ticks[w->nticks].at = now;
	w->nticks++;
	return true;
}

/* Binary search: the index of date, or where it would go (as -1 - i). */
static int
night_find(const struct state *st, int date)
{
	int lo = 0, hi = st->nnights - 1;

	while (lo <= hi) {
		int mid = lo + (hi - lo) / 2;

		if (st->nights[mid].date == date)
			return mid;
		if (st->nights[mid].date < date)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return -1 - lo;
}

struct night *
state_night(const struct state *st, int date)
{
	int i = night_find(st, date);

	return i >= 0 ? &st->nights[i] : NULL;
}

char *
state_night_where(const struct state *st, const struct night *n)
{
	const struct state_file *f = find_file(st, month_of(n->date));
	const char              *path = st->path != NULL ? st->path :
	    "state";
	char                    *file, *where;

	if (n->line <= 0)
		return xstrdup(path);
	if (f == NULL || !f->exists)
		return xasprintf("%s:%d", path, n->line);
	file = side_path(path, month_of(n->date));
	where = xasprintf("%s:%d", file, n->line);
	free(file);
	return where;
}

struct night *
state_night_get(struct state *st, int date)
{
	int i = night_find(st, date);

	if (i >= 0)
		return &st->nights[i];
	i = -1 - i;
	st->nights = xreallocarray(st->nights, (size_t)st->nnights + 1,
	    sizeof *st->nights);
	memmove(&st->nights[i + 1], &st->nights[i],
	    (size_t)(st->nnights - i) * sizeof *st->nights);
	memset(&st->nights[i], 0, sizeof st->nights[i]);
	st->nights[i].date = date;
	st->nnights++;
	return &st->nights[i];
}

void
state_night_delete(struct state *st, int date)
{
	int i = night_find(st, date);

	if (i < 0)
		return;
	kv_clear(&st->nights[i].kv);
	memmove(&st->nights[i], &st->nights[i + 1],
	    (size_t)(st->nnights - i - 1) * sizeof *st->nights);
	st->nnights--;
}

void
state_add_session(struct state *st, const struct pmr_session *s)
{
	st->sessions = xreallocarray(st->sessions, (size_t)st->nsessions + 1,
	    sizeof *st->sessions);
	st->sessions[st->nsessions] = *s;
	st->sessions[st->nsessions].routine = xstrdup(s->routine);
	st->nsessions++;
}
