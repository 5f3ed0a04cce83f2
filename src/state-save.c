/* Saving the state: building the main file, the month files and the
 * archived weeks, refusing what would not load again, merging months
 * not loaded, writing only what changed, each file atomically and
 * durably (fileio.c), under the lock; and moving a broken file aside. */
#define _XOPEN_SOURCE 700
#include "winddown/state.h"

#include <errno.h>
#include <libconfig.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <time.h>
#include <unistd.h>

#include "winddown/cfg.h"
#include "winddown/day.h"
#include "winddown/fileio.h"

#include "state-int.h"

/* Saving -------------------------------------------------------------- */

/* The same week archived twice: its start and its ticks match (the time
 * it was archived may not). */
static bool
same_week(const struct week *a, const struct week *b)
{
	return a->start == b->start && a->nticks == b->nticks &&
	    (a->nticks == 0 || memcmp(a->ticks, b->ticks,
	    (size_t)a->nticks * sizeof *a->ticks) == 0);
}

static config_setting_t *
add(config_setting_t *parent, const char *name, int type)
{
	return config_setting_add(parent, name, type);
}

static void
add_str(config_setting_t *g, const char *name, const char *v)
{
	config_setting_set_string(add(g, name, CONFIG_TYPE_STRING), v);
}

static void
add_int(config_setting_t *g, const char *name, long long v)
{
	if (v >= INT_MIN && v <= INT_MAX)
		config_setting_set_int(add(g, name, CONFIG_TYPE_INT), (int)v);
	else
		config_setting_set_int64(add(g, name, CONFIG_TYPE_INT64), v);
}

static void
add_i64(config_setting_t *g, const char *name, long long v)
{
	config_setting_set_int64(add(g, name, CONFIG_TYPE_INT64), v);
}

static void
add_date(config_setting_t *g, const char *name, int date)
{
	char d[11];

	day_format(date, d);
	add_str(g, name, d);
}

static void
add_kv(config_setting_t *g, const char *name, const struct kvlist *l)
{
	config_setting_t *s = add(g, name, CONFIG_TYPE_GROUP);
	int               i;

	for (i = 0; i < l->n; i++) {
		const struct kv *kv = &l->v[i];

		if (kv->type == KV_STR)
			add_str(s, kv->name, kv->s);
		else if (kv->type == KV_BOOL)
			config_setting_set_bool(add(s, kv->name,
			    CONFIG_TYPE_BOOL), kv->i != 0);
		else
			add_int(s, kv->name, kv->i);
	}
}

static void
save_week(config_setting_t *g, const struct week *w, bool archived)
{
	config_setting_t *list;
	int               i;

	add_date(g, "start", w->start);
	add_str(g, "plan", w->plan != NULL ? w->plan : "seven-day");
	if (archived)
		add_i64(g, "ended", w->ended);
	list = add(g, "ticks", CONFIG_TYPE_LIST);
	for (i = 0; i < w->nticks; i++) {
		config_setting_t *t = add(list, NULL, CONFIG_TYPE_GROUP);

		add_int(t, "day", w->ticks[i].day);
		add_int(t, "step", w->ticks[i].step);
		add_i64(t, "at", w->ticks[i].at);
	}
	if (w->flags.n > 0)
		add_kv(g, "flags", &w->flags);
	if (w->flags_date != 0)
		add_date(g, "flags_date", w->flags_date);
}

static void
save_night(config_setting_t *g, const struct night *n)
{
	add_date(g, "date", n->date);
	add_i64(g, "updated", n->updated);
	add_kv(g, "values", &n->kv);
}

static void
save_session(config_setting_t *g, const struct pmr_session *s)
{
	add_date(g, "night", s->night);
	add_str(g, "routine", s->routine);
	add_int(g, "done", s->done);
	add_int(g, "total", s->total);
	add_int(g, "seconds", s->seconds);
	config_setting_set_bool(add(g, "finished", CONFIG_TYPE_BOOL),
	    s->finished);
	if (s->rating > 0)
		add_int(g, "rating", s->rating);
	add_i64(g, "at", s->at);
}

/* Build the main file: settings, the week, the draft. */
static void
build_main(const struct state *st, config_t *cfg)
{
	config_setting_t *root = config_root_setting(cfg), *g;
	char              t[6];

	add_int(root, "version", STATE_VERSION);
	g = add(root, "settings", CONFIG_TYPE_GROUP);
	hhmm_format(st->settings.bedtime, t);
	add_str(g, "bedtime", t);
	add_int(g, "rollover", st->settings.rollover);
	config_setting_set_bool(add(g, "bell", CONFIG_TYPE_BOOL),
	    st->settings.bell);
	/* Written when on only, so files stay as they were without. */
	if (st->settings.speech)
		config_setting_set_bool(add(g, "speech", CONFIG_TYPE_BOOL),
		    true);
	if (st->settings.tones)
		config_setting_set_bool(add(g, "tones", CONFIG_TYPE_BOOL),
		    true);
	if (st->settings.notify_command != NULL)
		add_str(g, "notify_command", st->settings.notify_command);
	if (st->started)
		save_week(add(root, "week", CONFIG_TYPE_GROUP), &st->week,
		    false);
	else {
		/* Answers given before any week: kept for the next one. */
		if (st->week.flags.n > 0)
			add_kv(root, "flags", &st->week.flags);
		if (st->week.flags_date != 0)
			add_date(root, "flags_date", st->week.flags_date);
	}
	if (st->has_draft)
		save_night(add(root, "draft", CONFIG_TYPE_GROUP), &st->draft);
}

/* Build month mi's file; false when the month holds nothing. */
static bool
build_month(const struct state *st, int mi, config_t *cfg)
{
	config_setting_t *root = config_root_setting(cfg), *nl, *sl;
	int               i, first = month_start(mi), next;
	bool              any = false;

	next = month_start(mi + 1);
	add_int(root, "version", STATE_VERSION);
	nl = add(root, "nights", CONFIG_TYPE_LIST);
	for (i = 0; i < st->nnights; i++) {
		if (st->nights[i].date >= first && st->nights[i].date < next) {
			save_night(add(nl, NULL, CONFIG_TYPE_GROUP),
			    &st->nights[i]);
			any = true;
		}
	}
	sl = add(root, "sessions", CONFIG_TYPE_LIST);
	for (i = 0; i < st->nsessions; i++) {
		if (st->sessions[i].night >= first &&
		    st->sessions[i].night < next) {
			save_session(add(sl, NULL, CONFIG_TYPE_GROUP),
			    &st->sessions[i]);
			any = true;
		}
	}
	return any;
}

static void
build_weeks(const struct state *st, config_t *cfg)
{
	config_setting_t *root = config_root_setting(cfg), *list;
	int               i;

	add_int(root, "version", STATE_VERSION);
	list = add(root, "archive", CONFIG_TYPE_LIST);
	for (i = 0; i < st->narchive; i++)
		save_week(add(list, NULL, CONFIG_TYPE_GROUP), &st->archive[i],
		    true);
}

/* Check a kv list would load again; a message names what is wrong. */
static int
check_kv(const struct kvlist *l, const char *where, char **cause)
{
	int i;

	for (i = 0; i < l->n; i++) {
		const struct kv *kv = &l->v[i];

		if (!kv_name_ok(kv->name))
			return wd_fail(cause, EX_DATAERR, "cannot save %s: "
			    "'%s' is not a usable name", where, kv->name);
		if (kv->type == KV_STR && (kv->s == NULL ||
		    !utf8_valid(kv->s, strlen(kv->s), true) ||
		    utf8_len(kv->s) > KV_MAX_TEXT))
			return wd_fail(cause, EX_DATAERR, "cannot save %s: "
			    "'%s' is not text that can be kept (control "
			    "characters, bad UTF-8 or over %d characters)", where,
			    kv->name, KV_MAX_TEXT);
	}
	return 0;
}

/* Refuse to write what state_load would refuse to read. */
static int
state_check(const struct state *st, char **cause)
{
	char where[32], d[11];
	int  i, rc = 0;

	for (i = 0; i < st->nnights && rc == 0; i++) {
		day_format(st->nights[i].date, d);
		snprintf(where, sizeof where, "night %s", d);
		if (st->nights[i].date < 0)
			return wd_fail(cause, EX_DATAERR, "cannot save a night "
			    "before 1970");
		rc = check_kv(&st->nights[i].kv, where, cause);
	}
	if (rc == 0 && st->has_draft)
		rc = check_kv(&st->draft.kv, "the journal draft", cause);
	if (rc == 0)
		rc = check_kv(&st->week.flags, "red-flag answers", cause);
	for (i = 0; i < st->narchive && rc == 0; i++)
		rc = check_kv(&st->archive[i].flags, "red-flag answers", cause);
	for (i = 0; i < st->nsessions && rc == 0; i++) {
		const struct pmr_session *s = &st->sessions[i];

		if (s->routine == NULL || !cfg_is_id(s->routine) ||
		    s->total < 1 || s->done < 0 || s->done > s->total ||
		    s->rating < 0 || s->rating > 5 || s->seconds < 0)
			return wd_fail(cause, EX_DATAERR, "cannot save "
			    "relaxation session %d: values out of range", i + 1);
	}
	if (rc == 0 && ((st->started && st->week.start < 0) ||
	    st->settings.rollover < 0 ||
	    st->settings.rollover > DAY_ROLLOVER_MAX))
		return wd_fail(cause, EX_DATAERR, "cannot save: a date or "
		    "setting is out of range");
	return rc;
}

int
state_check_text(const char *file, const char *text, size_t len,
    int settings, char **cause)
{
	config_t back;
	int      rc, n;

	if (len > state_max_file)
		return wd_fail(cause, EX_DATAERR, "%s: cannot save: it would be "
		    "%zu bytes, more than the %zu bytes winddown reads; the "
		    "file was not changed", file, len, state_max_file);
	if (len == 0 || text[len - 1] != '\n' || strlen(text) != len)
		return wd_fail(cause, EX_OSERR, "%s: cannot save: the text "
		    "made for it is incomplete (out of memory?); the file was "
		    "not changed", file);
	config_init(&back);
	rc = cfg_parse(&back, file, text, len, NULL, cause);
	n = rc == 0 ? config_setting_length(config_root_setting(&back)) : -1;
	config_destroy(&back);
	if (rc != 0 || n != settings)
		return wd_fail(cause, EX_OSERR, "%s: cannot save: the text "
		    "made for it does not read back (out of memory?); the file "
		    "was not changed", file);
	return 0;
}

/* Write cfg to file when it differs from what was read (or when the
 * file is new); remove the file when empty is set. cfg is destroyed. */
static int
save_file(const struct state *st, const char *path_of_main, const char *file,
    int key, config_t *cfg, bool empty, char **cause)
{
	const struct state_file *was = NULL;
	char                    *text = NULL;
	size_t                   len = 0;
	FILE                    *fp;
	int                      rc = 0, settings;
	bool                     bad;

	/* What was read only counts when saving to the same place. */
	if (st->path != NULL && strcmp(st->path, path_of_main) == 0)
		was = find_file(st, key);
	if (empty) {
		config_destroy(cfg);
		if (was != NULL && !was->exists)
			return 0;
		return fileio_remove(file, cause);
	}
	fp = open_memstream(&text, &len);
	if (fp == NULL)
		wd_oom();
	config_write(cfg, fp);
	bad = ferror(fp) != 0;
	if (fclose(fp) != 0)
		bad = true;
	settings = config_setting_length(config_root_setting(cfg));
	/* The tree is not needed any more: free it before reading back. */
	config_destroy(cfg);
	if (bad)
		rc = wd_fail(cause, EX_OSERR, "%s: cannot save: out of memory "
		    "making its text; the file was not changed", file);
	else if (was == NULL || !was->exists ||
	    was->hash != hash_bytes(text, len)) {
		rc = state_check_text(file, text, len, settings, cause);
		if (rc == 0)
			rc = fileio_write_atomic(file, text, len, 0600, cause);
	}
	free(text);
	return rc;
}

/* Month mi was not loaded but st has nights or sessions in it: take the
 * rest of the month from its file first, so nothing there is lost. */
static int
merge_month(const struct state *st, const char *path, int mi,
    struct state *out, char **cause)
{
	int i, rc;

	state_init(out);
	rc = load_side(out, path, mi, cause);
	if (rc != 0)
		return rc;
	for (i = 0; i < st->nnights; i++) {
		const struct night *n = &st->nights[i];
		struct night       *to;

		if (month_of(n->date) != mi)
			continue;
		to = state_night_get(out, n->date);
		kv_copy(&to->kv, &n->kv);
		to->updated = n->updated;
	}
	for (i = 0; i < st->nsessions; i++) {
		if (month_of(st->sessions[i].night) == mi)
			state_add_session(out, &st->sessions[i]);
	}
	return 0;
}

/* About how many settings st makes as libconfig trees, and the bytes of
 * text in them: every file built holds a part of that (a merged month
 * no more than the file read for it, which had its own reserve). */
static void
reserve_for(const struct state *st)
{
	size_t settings = 32, bytes = 0;
	int    i, k;

	for (i = 0; i < st->nnights; i++) {
		settings += 4 + (size_t)st->nights[i].kv.n;
		for (k = 0; k < st->nights[i].kv.n; k++) {
			if (st->nights[i].kv.v[k].type == KV_STR)
				bytes += strlen(st->nights[i].kv.v[k].s);
		}
	}
	settings += 10 * (size_t)st->nsessions;
	for (i = 0; i < st->narchive; i++)
		settings += 8 + 4 * (size_t)st->archive[i].nticks +
		    (size_t)st->archive[i].flags.n;
	cfg_reserve(settings, bytes);
}

int
state_save(const struct state *st, const char *path, char **cause)
{
	config_t     cfg;
	struct state merged;
	char        *file;
	int          rc, i, mi, lo = INT_MAX, hi = INT_MIN;
	bool         empty;

	if ((rc = state_check(st, cause)) != 0)
		return rc;
	reserve_for(st);
	/* Every month loaded or holding something, months first. */
	if (st->mlo <= st->mhi) {
		lo = st->mlo;
		hi = st->mhi;
	}
	for (i = 0; i < st->nnights; i++) {
		mi = month_of(st->nights[i].date);
		lo = mi < lo ? mi : lo;
		hi = mi > hi ? mi : hi;
	}
	for (i = 0; i < st->nsessions; i++) {
		mi = month_of(st->sessions[i].night);
		lo = mi < lo ? mi : lo;
		hi = mi > hi ? mi : hi;
	}
	for (mi = lo; mi <= hi && rc == 0; mi++) {
		const struct state *from = st;
		bool                loaded = st->mlo <= mi && mi <= st->mhi;

		if (!loaded && find_file(st, mi) == NULL) {
			/* Skip months with nothing new; merge the others. */
			config_init(&cfg);
			empty = !build_month(st, mi, &cfg);
			config_destroy(&cfg);
			if (empty)
				continue;
			if ((rc = merge_month(st, path, mi, &merged,
			    cause)) != 0) {
				state_free(&merged);
				break;
			}
			from = &merged;
		}
		file = side_path(path, mi);
		config_init(&cfg);
		empty = !build_month(from, mi, &cfg);
		rc = save_file(from, path, file, mi, &cfg, empty, cause);
		free(file);
		if (from == &merged)
			state_free(&merged);
	}
	if (rc == 0 && (st->weeks_loaded || st->narchive > 0)) {
		if (!st->weeks_loaded) {
			/* New archived weeks with the file unread: add. */
			state_init(&merged);
			rc = load_side(&merged, path, STATE_KEY_WEEKS, cause);
			for (i = 0; rc == 0 && i < st->narchive; i++) {
				int k;

				/* Already there: a save that died between
				 * this file and the main one. */
				for (k = 0; k < merged.narchive; k++) {
					if (same_week(&merged.archive[k],
					    &st->archive[i]))
						break;
				}
				if (k < merged.narchive)
					continue;
				merged.archive = xreallocarray(merged.archive,
				    (size_t)merged.narchive + 1,
				    sizeof *merged.archive);
				week_copy(&merged.archive[merged.narchive++],
				    &st->archive[i]);
			}
		}
		if (rc == 0) {
			file = side_path(path, STATE_KEY_WEEKS);
			config_init(&cfg);
			build_weeks(st->weeks_loaded ? st : &merged, &cfg);
			rc = save_file(st->weeks_loaded ? st : &merged, path,
			    file, STATE_KEY_WEEKS, &cfg, false, cause);
			free(file);
		}
		if (!st->weeks_loaded)
			state_free(&merged);
	}
	if (rc == 0) {
		config_init(&cfg);
		build_main(st, &cfg);
		rc = save_file(st, path, path, STATE_KEY_MAIN, &cfg, false,
		    cause);
	}
	return rc;
}

/* Locking ------------------------------------------------------------- */

int
state_lock(const char *path, int timeout_ms, int *fdp, char **cause)
{
	return fileio_lock(path, timeout_ms, fdp, cause);
}

void
state_unlock(int fd)
{
	fileio_unlock(fd);
}

/* Remove temp files a killed writer left beside path and in PATH.d.
 * Only called under the lock, when no other writer can own one. */
static void
remove_stale_temps(const char *path)
{
	char *side = xasprintf("%s.d", path);

	fileio_remove_temps(path);
	fileio_remove_temps_in(side);
	free(side);
}

int
state_update_span(const char *path, int timeout_ms, struct state_span span,
    state_change_fn fn, void *ctx, struct state *out, char **cause)
{
	struct state st;
	int          fd, rc;

	rc = state_lock(path, timeout_ms, &fd, cause);
	if (rc != 0)
		return rc;
	remove_stale_temps(path);
	rc = state_load_span(&st, path, span, cause);
	if (rc == 0) {
		rc = fn(&st, ctx, cause);
		if (rc == 0)
			rc = state_save(&st, path, cause);
		if (rc == 0 && out != NULL) {
			state_free(out);
			*out = st;
		} else
			state_free(&st);
	}
	state_unlock(fd);
	return rc;
}

int
state_update(const char *path, int timeout_ms, state_change_fn fn, void *ctx,
    struct state *out, char **cause)
{
	return state_update_span(path, timeout_ms, state_span_all(), fn, ctx,
	    out, cause);
}

int
state_move_aside(const char *path, long long now, char **newpath,
    char **cause)
{
	time_t    t = (time_t)now;
	struct tm tm;
	char      stamp[32];
	char     *to;

	localtime_r(&t, &tm);
	strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm);
	to = xasprintf("%s.broken-%s", path, stamp);
	if (rename(path, to) != 0) {
		int e = errno;

		free(to);
		return wd_fail(cause, EX_IOERR, "%s: %s", path, strerror(e));
	}
	*newpath = to;
	return 0;
}
