/* The state file: load and validate, atomic durable save under a lock,
 * and the in-memory changes every command makes. */
#define _XOPEN_SOURCE 700
#include "winddown/state.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libconfig.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sysexits.h>
#include <time.h>
#include <unistd.h>

#include "winddown/cfg.h"
#include "winddown/day.h"
#include "winddown/plan.h"

#define KV_MAX_TEXT 4000 /* code points in one stored value */
#define WEEKS_FILE  "weeks.cfg"

/* The month index of a date: y * 12 + m - 1. */
static int
month_of(int date)
{
	int y, m, d;

	day_to_ymd(date, &y, &m, &d);
	return y * 12 + m - 1;
}

/* The first date of month index mi. */
static int
month_start(int mi)
{
	return day_from_ymd(mi / 12, mi % 12 + 1, 1);
}

/* FNV-1a: enough to tell a file we would write from the one we read. */
static unsigned long long
hash_bytes(const char *p, size_t n)
{
	unsigned long long h = 1469598103934665603ULL;

	while (n-- > 0) {
		h ^= (unsigned char)*p++;
		h *= 1099511628211ULL;
	}
	return h;
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
kv_clear(struct kvlist *l)
{
	int i;

	for (i = 0; i < l->n; i++) {
		free(l->v[i].name);
		free(l->v[i].s);
	}
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

static void
week_free(struct week *w)
{
	free(w->plan);
	free(w->ticks);
	kv_clear(&w->flags);
	memset(w, 0, sizeof *w);
}

/* The same week archived twice: its start and its ticks match (the time
 * it was archived may not). */
static bool
same_week(const struct week *a, const struct week *b)
{
	return a->start == b->start && a->nticks == b->nticks &&
	    (a->nticks == 0 || memcmp(a->ticks, b->ticks,
	    (size_t)a->nticks * sizeof *a->ticks) == 0);
}

/* A deep copy of src into the uninitialised dst. */
static void
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

char *
state_default_path(char **cause)
{
	const char *xdg = getenv("XDG_DATA_HOME");
	const char *home = getenv("HOME");

	if (xdg != NULL && xdg[0] == '/')
		return xasprintf("%s/winddown/state.cfg", xdg);
	if (home != NULL && home[0] != '\0')
		return xasprintf("%s/.local/share/winddown/state.cfg", home);
	wd_fail(cause, EX_USAGE,
	    "neither XDG_DATA_HOME nor HOME is set; use --state FILE");
	return NULL;
}

/* kv lists ------------------------------------------------------------ */

const struct kv *
kv_get(const struct kvlist *l, const char *name)
{
	int i;

	for (i = 0; i < l->n; i++) {
		if (strcmp(l->v[i].name, name) == 0)
			return &l->v[i];
	}
	return NULL;
}

/* The slot for name, emptied, appended when new. */
static struct kv *
kv_slot(struct kvlist *l, const char *name)
{
	int i;

	for (i = 0; i < l->n; i++) {
		if (strcmp(l->v[i].name, name) == 0) {
			free(l->v[i].s);
			l->v[i].s = NULL;
			return &l->v[i];
		}
	}
	l->v = xreallocarray(l->v, (size_t)l->n + 1, sizeof *l->v);
	memset(&l->v[l->n], 0, sizeof l->v[l->n]);
	l->v[l->n].name = xstrdup(name);
	return &l->v[l->n++];
}

void
kv_set_int(struct kvlist *l, const char *name, long long v)
{
	struct kv *kv = kv_slot(l, name);

	kv->type = KV_INT;
	kv->i = v;
}

void
kv_set_bool(struct kvlist *l, const char *name, bool v)
{
	struct kv *kv = kv_slot(l, name);

	kv->type = KV_BOOL;
	kv->i = v;
}

void
kv_set_str(struct kvlist *l, const char *name, const char *v)
{
	struct kv *kv = kv_slot(l, name);

	kv->type = KV_STR;
	kv->i = 0;
	kv->s = xstrdup(v);
}

void
kv_set(struct kvlist *l, const struct kv *src)
{
	if (src->type == KV_STR)
		kv_set_str(l, src->name, src->s);
	else if (src->type == KV_BOOL)
		kv_set_bool(l, src->name, src->i != 0);
	else
		kv_set_int(l, src->name, src->i);
}

void
kv_unset(struct kvlist *l, const char *name)
{
	int i;

	for (i = 0; i < l->n; i++) {
		if (strcmp(l->v[i].name, name) == 0) {
			free(l->v[i].name);
			free(l->v[i].s);
			memmove(&l->v[i], &l->v[i + 1],
			    (size_t)(l->n - i - 1) * sizeof l->v[i]);
			l->n--;
			return;
		}
	}
}

void
kv_copy(struct kvlist *dst, const struct kvlist *src)
{
	int i;

	kv_clear(dst);
	for (i = 0; i < src->n; i++)
		kv_set(dst, &src->v[i]);
}

/* Loading ------------------------------------------------------------- */

/* A "YYYY-MM-DD" member. */
static int
load_date(struct cfgctx *ctx, const config_setting_t *g, const char *name,
    bool optional, int *out)
{
	config_setting_t *s = config_setting_get_member(g, name);

	if (s == NULL) {
		if (optional)
			return 0;
		return cfg_error(ctx, g, "missing '%s'", name);
	}
	if (config_setting_type(s) != CONFIG_TYPE_STRING ||
	    day_parse(config_setting_get_string(s), out) != 0) {
		return cfg_error(ctx, s, "'%s' must be a date \"YYYY-MM-DD\"",
		    name);
	}
	return 1;
}

/* A group of named values into a kv list. */
static int
load_kv(struct cfgctx *ctx, const config_setting_t *g, struct kvlist *out)
{
	int i, n;

	if (!config_setting_is_group(g))
		return cfg_error(ctx, g, "'%s' must be a group { ... }",
		    config_setting_name(g));
	n = config_setting_length(g);
	for (i = 0; i < n; i++) {
		config_setting_t *s = config_setting_get_elem(g, (unsigned)i);
		const char       *name = config_setting_name(s);
		const char       *v;

		switch (config_setting_type(s)) {
		case CONFIG_TYPE_INT:
		case CONFIG_TYPE_INT64:
			kv_set_int(out, name, config_setting_get_int64(s));
			break;
		case CONFIG_TYPE_BOOL:
			kv_set_bool(out, name, config_setting_get_bool(s));
			break;
		case CONFIG_TYPE_STRING:
			v = config_setting_get_string(s);
			if (utf8_problem(v, strlen(v), true) != NULL)
				return cfg_error(ctx, s, "'%s' %s", name,
				    utf8_problem(v, strlen(v), true));
			if (utf8_len(v) > KV_MAX_TEXT)
				return cfg_error(ctx, s, "'%s' is too long (%zu "
				    "characters; at most %d)", name,
				    utf8_len(v), KV_MAX_TEXT);
			kv_set_str(out, name, v);
			break;
		default:
			return cfg_error(ctx, s,
			    "'%s' must be a number, text or true/false", name);
		}
	}
	return 0;
}

static int
load_week(struct cfgctx *ctx, const config_setting_t *g, struct week *w,
    bool archived)
{
	config_setting_t *ticks, *flags;
	long long         v;
	int               i, n;

	if (!config_setting_is_group(g))
		return cfg_error(ctx, g, "a week must be a group { ... }");
	if (load_date(ctx, g, "start", false, &w->start) < 0)
		return -1;
	if (cfg_id(ctx, g, "plan", false, &w->plan) < 0)
		return -1;
	if (cfg_int(ctx, g, "ended", !archived, 0, LLONG_MAX, &v) < 0)
		return -1;
	w->ended = archived ? v : 0;
	if (load_date(ctx, g, "flags_date", true, &w->flags_date) < 0)
		return -1;
	ticks = cfg_list(ctx, g, "ticks", true, 0,
	    PLAN_MAX_DAYS * PLAN_MAX_STEPS);
	if (ctx->failed)
		return -1;
	n = ticks != NULL ? config_setting_length(ticks) : 0;
	w->ticks = xcalloc((size_t)n, sizeof *w->ticks);
	for (i = 0; i < n; i++) {
		config_setting_t *t = config_setting_get_elem(ticks, (unsigned)i);
		struct tick      *tk = &w->ticks[i];
		int               k;

		if (!config_setting_is_group(t))
			return cfg_error(ctx, t, "a tick must be a group");
		if (cfg_int(ctx, t, "day", false, 1, PLAN_MAX_DAYS, &v) < 0)
			return -1;
		tk->day = (int)v;
		if (cfg_int(ctx, t, "step", false, 1, PLAN_MAX_STEPS, &v) < 0)
			return -1;
		tk->step = (int)v;
		if (cfg_int(ctx, t, "at", false, 0, LLONG_MAX, &v) < 0)
			return -1;
		tk->at = v;
		for (k = 0; k < w->nticks; k++) {
			if (w->ticks[k].day == tk->day &&
			    w->ticks[k].step == tk->step)
				return cfg_error(ctx, t,
				    "day %d step %d is ticked twice", tk->day,
				    tk->step);
		}
		w->nticks++;
	}
	flags = cfg_group(ctx, g, "flags", true);
	if (ctx->failed)
		return -1;
	if (flags != NULL && load_kv(ctx, flags, &w->flags) < 0)
		return -1;
	return 0;
}

static int
compare_nights(const void *a, const void *b)
{
	const struct night *x = a, *y = b;

	return (x->date > y->date) - (x->date < y->date);
}

static int
load_night(struct cfgctx *ctx, const config_setting_t *g, struct night *n)
{
	config_setting_t *values;
	long long         v;

	if (!config_setting_is_group(g))
		return cfg_error(ctx, g, "a night must be a group { ... }");
	if (load_date(ctx, g, "date", false, &n->date) < 0)
		return -1;
	v = 0;
	if (cfg_int(ctx, g, "updated", true, 0, LLONG_MAX, &v) < 0)
		return -1;
	n->updated = v;
	values = cfg_group(ctx, g, "values", true);
	if (ctx->failed)
		return -1;
	if (values != NULL && load_kv(ctx, values, &n->kv) < 0)
		return -1;
	return 0;
}

/* Append the nights of list to st; month >= 0 requires each night to be
 * in that month (a month file). Sorting comes later (nights_finish). */
static int
load_nights(struct cfgctx *ctx, const config_setting_t *list,
    struct state *st, int month)
{
	int i, n = config_setting_length(list);

	st->nights = xreallocarray(st->nights, (size_t)st->nnights + (size_t)n,
	    sizeof *st->nights);
	for (i = 0; i < n; i++) {
		config_setting_t *g = config_setting_get_elem(list, (unsigned)i);
		struct night     *night = &st->nights[st->nnights];

		memset(night, 0, sizeof *night);
		st->nnights++;
		if (load_night(ctx, g, night) < 0)
			return -1;
		if (month >= 0 && month_of(night->date) != month)
			return cfg_error(ctx, g, "this night belongs in another "
			    "month's file");
	}
	return 0;
}

/* Sort the nights after nights from.. were appended; a date twice is an
 * error at list's line. */
static int
nights_finish(struct cfgctx *ctx, const config_setting_t *list,
    struct state *st, int from)
{
	int i;

	for (i = from > 1 ? from : 1; i < st->nnights; i++) {
		if (st->nights[i].date <= st->nights[i - 1].date)
			break;
	}
	if (i < st->nnights) {
		qsort(st->nights, (size_t)st->nnights, sizeof *st->nights,
		    compare_nights);
		from = 1; /* sorted afresh: check everything */
	}
	for (i = from > 1 ? from : 1; i < st->nnights; i++) {
		if (st->nights[i].date == st->nights[i - 1].date) {
			char d[11];

			day_format(st->nights[i].date, d);
			return cfg_error(ctx, list, "night %s appears twice", d);
		}
	}
	return 0;
}

/* Append the sessions of list to st. */
static int load_session(struct cfgctx *, const config_setting_t *,
    struct pmr_session *);

static int
load_sessions(struct cfgctx *ctx, const config_setting_t *list,
    struct state *st, int month)
{
	int i, n = config_setting_length(list);

	st->sessions = xreallocarray(st->sessions,
	    (size_t)st->nsessions + (size_t)n, sizeof *st->sessions);
	for (i = 0; i < n; i++) {
		config_setting_t   *g = config_setting_get_elem(list,
		    (unsigned)i);
		struct pmr_session *ses = &st->sessions[st->nsessions];

		memset(ses, 0, sizeof *ses);
		st->nsessions++;
		if (load_session(ctx, g, ses) < 0)
			return -1;
		if (month >= 0 && month_of(ses->night) != month)
			return cfg_error(ctx, g, "this session belongs in another "
			    "month's file");
	}
	return 0;
}

/* Append the archived weeks of list to st. */
static int
load_weeks(struct cfgctx *ctx, const config_setting_t *list, struct state *st)
{
	int i, n = config_setting_length(list);

	st->archive = xreallocarray(st->archive,
	    (size_t)st->narchive + (size_t)n, sizeof *st->archive);
	for (i = 0; i < n; i++) {
		struct week *w = &st->archive[st->narchive];

		memset(w, 0, sizeof *w);
		st->narchive++;
		if (load_week(ctx, config_setting_get_elem(list, (unsigned)i), w,
		    true) < 0)
			return -1;
	}
	return 0;
}

static int
load_session(struct cfgctx *ctx, const config_setting_t *g,
    struct pmr_session *s)
{
	long long v;
	bool      b;

	if (!config_setting_is_group(g))
		return cfg_error(ctx, g, "a session must be a group { ... }");
	if (load_date(ctx, g, "night", false, &s->night) < 0 ||
	    cfg_id(ctx, g, "routine", false, &s->routine) < 0)
		return -1;
	if (cfg_int(ctx, g, "total", false, 1, PLAN_MAX_ITEMS * 5, &v) < 0)
		return -1;
	s->total = (int)v;
	if (cfg_int(ctx, g, "done", false, 0, s->total, &v) < 0)
		return -1;
	s->done = (int)v;
	if (cfg_int(ctx, g, "seconds", false, 0, 24 * 3600, &v) < 0)
		return -1;
	s->seconds = (int)v;
	if (cfg_bool(ctx, g, "finished", false, &b) < 0)
		return -1;
	s->finished = b;
	v = 0;
	if (cfg_int(ctx, g, "rating", true, 0, 5, &v) < 0)
		return -1;
	s->rating = (int)v;
	if (cfg_int(ctx, g, "at", false, 0, LLONG_MAX, &v) < 0)
		return -1;
	s->at = v;
	return 0;
}

static int
load_settings(struct cfgctx *ctx, const config_setting_t *g,
    struct settings *set)
{
	long long v;
	bool      b;
	int       t;

	if (cfg_time(ctx, g, "bedtime", true, &t) < 0)
		return -1;
	if (config_setting_get_member(g, "bedtime") != NULL)
		set->bedtime = t;
	if (cfg_int(ctx, g, "rollover", true, 0, DAY_ROLLOVER_MAX, &v) < 0)
		return -1;
	if (config_setting_get_member(g, "rollover") != NULL)
		set->rollover = (int)v;
	if (cfg_bool(ctx, g, "bell", true, &b) < 0)
		return -1;
	if (config_setting_get_member(g, "bell") != NULL)
		set->bell = b;
	if (cfg_bool(ctx, g, "speech", true, &set->speech) < 0 ||
	    cfg_bool(ctx, g, "tones", true, &set->tones) < 0)
		return -1;
	return 0;
}

/* Walk a parsed state file into st. */
static int
load_root(struct cfgctx *ctx, const config_setting_t *root,
    struct state *st)
{
	config_setting_t *g, *list;
	long long         v;

	if (cfg_int(ctx, root, "version", false, 1, INT_MAX, &v) < 0)
		return -1;
	if (v > STATE_VERSION) {
		return cfg_error(ctx, config_setting_get_member(root, "version"),
		    "written by a newer winddown (version %lld; this one reads "
		    "up to %d)", v, STATE_VERSION);
	}
	st->version = STATE_VERSION;
	if ((g = cfg_group(ctx, root, "settings", true)) != NULL &&
	    load_settings(ctx, g, &st->settings) < 0)
		return -1;
	if ((g = cfg_group(ctx, root, "week", true)) != NULL) {
		if (load_week(ctx, g, &st->week, false) < 0)
			return -1;
		st->started = true;
	}
	/* Version 1 kept the history here too; it is still read, and the
	 * next save moves it into the month files. */
	if ((list = cfg_list(ctx, root, "archive", true, 0, INT_MAX)) != NULL &&
	    load_weeks(ctx, list, st) < 0)
		return -1;
	if ((list = cfg_list(ctx, root, "nights", true, 0, INT_MAX)) != NULL &&
	    (load_nights(ctx, list, st, -1) < 0 ||
	    nights_finish(ctx, list, st, 0) < 0))
		return -1;
	if ((list = cfg_list(ctx, root, "sessions", true, 0, INT_MAX)) != NULL &&
	    load_sessions(ctx, list, st, -1) < 0)
		return -1;
	if ((g = cfg_group(ctx, root, "draft", true)) != NULL) {
		if (load_night(ctx, g, &st->draft) < 0)
			return -1;
		st->has_draft = true;
	}
	return ctx->failed ? -1 : 0;
}

int
state_parse(struct state *st, const char *text, size_t len, const char *name,
    char **cause)
{
	struct cfgctx ctx = { .name = name, .cause = cause };
	config_t      cfg;
	int           rc;

	state_init(st);
	config_init(&cfg);
	rc = cfg_parse(&cfg, name, text, len, NULL, cause);
	if (rc == 0 && load_root(&ctx, config_root_setting(&cfg), st) < 0)
		rc = EX_DATAERR;
	config_destroy(&cfg);
	if (rc != 0)
		state_free(st);
	return rc;
}

struct state_span
state_span_none(void)
{
	struct state_span s = { 1, 0, false };

	return s;
}

struct state_span
state_span_all(void)
{
	struct state_span s = { INT_MIN, INT_MAX, true };

	return s;
}

struct state_span
state_span_dates(int from, int to)
{
	struct state_span s = { from, to, false };

	return s;
}

/* Remember how file key was read. */
static void
note_file(struct state *st, int key, bool exists, unsigned long long hash)
{
	int i;

	for (i = 0; i < st->nfiles; i++) {
		if (st->files[i].key == key)
			break;
	}
	if (i == st->nfiles) {
		st->files = xreallocarray(st->files, (size_t)st->nfiles + 1,
		    sizeof *st->files);
		st->nfiles++;
	}
	st->files[i].key = key;
	st->files[i].exists = exists;
	st->files[i].hash = hash;
}

static const struct state_file *
find_file(const struct state *st, int key)
{
	int i;

	for (i = 0; i < st->nfiles; i++) {
		if (st->files[i].key == key)
			return &st->files[i];
	}
	return NULL;
}

/* The path of a file in PATH.d. */
static char *
side_path(const char *path, int key)
{
	if (key == STATE_KEY_WEEKS)
		return xasprintf("%s.d/" WEEKS_FILE, path);
	return xasprintf("%s.d/%04d-%02d.cfg", path, key / 12, key % 12 + 1);
}

/* Read a file; a missing one is text NULL. */
static int
read_optional(const char *file, size_t max, char **text, size_t *len,
    char **cause)
{
	errno = 0;
	if (access(file, F_OK) != 0 && (errno == ENOENT || errno == ENOTDIR)) {
		*text = NULL;
		*len = 0;
		return 0;
	}
	return cfg_read_file(file, max, text, len, cause);
}

/* Drop the nights and sessions of month mi (v1 leftovers a month file
 * replaces). */
static void
drop_month(struct state *st, int mi)
{
	int i, k;

	for (i = 0, k = 0; i < st->nnights; i++) {
		if (month_of(st->nights[i].date) == mi)
			kv_clear(&st->nights[i].kv);
		else
			st->nights[k++] = st->nights[i];
	}
	st->nnights = k;
	for (i = 0, k = 0; i < st->nsessions; i++) {
		if (month_of(st->sessions[i].night) == mi)
			free(st->sessions[i].routine);
		else
			st->sessions[k++] = st->sessions[i];
	}
	st->nsessions = k;
}

/* Load one side file (a month, or the weeks) into st. */
static int
load_side(struct state *st, const char *path, int key, char **cause)
{
	struct cfgctx     ctx = { .cause = cause };
	config_t          cfg;
	config_setting_t *root, *list;
	char             *file, *text;
	size_t            len;
	long long         v;
	int               rc, before;

	if (find_file(st, key) != NULL)
		return 0; /* already read */
	file = side_path(path, key);
	rc = read_optional(file, STATE_MAX_FILE, &text, &len, cause);
	if (rc != 0 || text == NULL) {
		if (rc == 0)
			note_file(st, key, false, 0);
		free(file);
		return rc;
	}
	/* A month file replaces what a version 1 main file held of it. */
	if (key >= 0)
		drop_month(st, key);
	else {
		while (st->narchive > 0)
			week_free(&st->archive[--st->narchive]);
	}
	ctx.name = file;
	config_init(&cfg);
	rc = cfg_parse(&cfg, file, text, len, NULL, cause);
	if (rc == 0) {
		root = config_root_setting(&cfg);
		if (cfg_int(&ctx, root, "version", false, 1, INT_MAX, &v) < 0)
			rc = EX_DATAERR;
		else if (v > STATE_VERSION)
			rc = cfg_error(&ctx, config_setting_get_member(root,
			    "version"), "written by a newer winddown") < 0 ?
			    EX_DATAERR : 0;
		else if (key == STATE_KEY_WEEKS) {
			list = cfg_list(&ctx, root, "archive", false, 0,
			    INT_MAX);
			if (list == NULL || load_weeks(&ctx, list, st) < 0)
				rc = EX_DATAERR;
		} else {
			before = st->nnights;
			list = cfg_list(&ctx, root, "nights", true, 0, INT_MAX);
			if (ctx.failed || (list != NULL &&
			    load_nights(&ctx, list, st, key) < 0))
				rc = EX_DATAERR;
			list = cfg_list(&ctx, root, "sessions", true, 0,
			    INT_MAX);
			if (rc == 0 && (ctx.failed || (list != NULL &&
			    load_sessions(&ctx, list, st, key) < 0)))
				rc = EX_DATAERR;
			if (rc == 0 && nights_finish(&ctx, root, st,
			    before) < 0)
				rc = EX_DATAERR;
		}
	}
	config_destroy(&cfg);
	if (rc == 0)
		note_file(st, key, true, hash_bytes(text, len));
	else {
		free(st->broken);
		st->broken = xstrdup(file);
	}
	free(text);
	free(file);
	return rc;
}

static int
compare_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return (x > y) - (x < y);
}

/* The months that have a file in PATH.d, sorted. */
static int *
list_months(const char *path, int *n)
{
	char          *dir = xasprintf("%s.d", path);
	DIR           *d;
	struct dirent *de;
	int           *out = NULL, y, m, count = 0;
	char           tail;

	if ((d = opendir(dir)) != NULL) {
		while ((de = readdir(d)) != NULL) {
			if (strlen(de->d_name) != 11 ||
			    sscanf(de->d_name, "%4d-%2d.cf%c", &y, &m,
			    &tail) != 3 || tail != 'g' || m < 1 || m > 12 ||
			    y < 1970)
				continue;
			out = xreallocarray(out, (size_t)count + 1, sizeof *out);
			out[count++] = y * 12 + m - 1;
		}
		closedir(d);
	}
	free(dir);
	if (count > 0)
		qsort(out, (size_t)count, sizeof *out, compare_int);
	*n = count;
	return out;
}

static int
compare_sessions(const void *a, const void *b)
{
	const struct pmr_session *x = a, *y = b;

	if (x->night != y->night)
		return (x->night > y->night) - (x->night < y->night);
	return (x->at > y->at) - (x->at < y->at);
}

int
state_load_more(struct state *st, const char *path, struct state_span span,
    char **cause)
{
	int *months = NULL, n = 0, i, lo, hi, rc = 0;

	if (span.from == INT_MIN && span.to == INT_MAX) {
		months = list_months(path, &n);
		for (i = 0; i < n && rc == 0; i++)
			rc = load_side(st, path, months[i], cause);
		if (n > 0) {
			st->mlo = st->mlo > st->mhi || months[0] < st->mlo ?
			    months[0] : st->mlo;
			st->mhi = months[n - 1] > st->mhi ? months[n - 1] :
			    st->mhi;
		}
		free(months);
	} else if (span.from <= span.to) {
		lo = month_of(span.from);
		hi = month_of(span.to);
		if (st->mlo <= st->mhi) {
			/* Keep what is loaded one run of months. */
			lo = lo < st->mlo ? lo : st->mlo;
			hi = hi > st->mhi ? hi : st->mhi;
		}
		for (i = lo; i <= hi && rc == 0; i++)
			rc = load_side(st, path, i, cause);
		st->mlo = lo;
		st->mhi = hi;
	}
	if (rc == 0 && span.weeks && !st->weeks_loaded) {
		rc = load_side(st, path, STATE_KEY_WEEKS, cause);
		st->weeks_loaded = rc == 0;
	}
	if (rc == 0 && st->nsessions > 1)
		qsort(st->sessions, (size_t)st->nsessions, sizeof *st->sessions,
		    compare_sessions);
	return rc;
}

int
state_load_span(struct state *st, const char *path, struct state_span span,
    char **cause)
{
	char  *text;
	size_t len;
	int    rc;

	state_init(st);
	rc = read_optional(path, STATE_MAX_FILE, &text, &len, cause);
	if (rc != 0)
		return rc;
	if (text == NULL)
		note_file(st, STATE_KEY_MAIN, false, 0);
	else {
		rc = state_parse(st, text, len, path, cause);
		if (rc == 0)
			note_file(st, STATE_KEY_MAIN, true, hash_bytes(text, len));
		free(text);
		if (rc != 0)
			return rc;
	}
	st->path = xstrdup(path); /* after state_parse, which resets st */
	/* A version 1 file holds history: take all of it, so the next
	 * save moves every month out. */
	if (st->nnights > 0 || st->nsessions > 0 || st->narchive > 0)
		span = state_span_all();
	rc = state_load_more(st, path, span, cause);
	if (rc != 0)
		state_free(st);
	return rc;
}

int
state_load(struct state *st, const char *path, char **cause)
{
	return state_load_span(st, path, state_span_all(), cause);
}

/* Saving -------------------------------------------------------------- */

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
	if (st->started)
		save_week(add(root, "week", CONFIG_TYPE_GROUP), &st->week,
		    false);
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

/* Can libconfig take name as a setting name? */
static bool
kv_name_ok(const char *name)
{
	const char *p = name;

	/* libconfig's rule: [A-Za-z*][-A-Za-z0-9_*]* */
	if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
	    *p == '*'))
		return false;
	for (p++; *p != '\0'; p++) {
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || *p == '_' || *p == '-' ||
		    *p == '*'))
			return false;
	}
	return true;
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
	if (rc == 0 && st->started)
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

/* mkdir -p with mode 0700 for the directories above path. */
static int
make_parents(const char *path, char **cause)
{
	struct stat sb;
	char       *p = xstrdup(path), *s;

	for (s = p + 1; (s = strchr(s, '/')) != NULL; s++) {
		*s = '\0';
		if (mkdir(p, 0700) == -1 && errno != EEXIST) {
			int e = errno;

			wd_fail(cause, EX_CANTCREAT, "%s: %s", p, strerror(e));
			free(p);
			return EX_CANTCREAT;
		}
		if (stat(p, &sb) == 0 && !S_ISDIR(sb.st_mode)) {
			wd_fail(cause, EX_CANTCREAT, "%s: exists and is not a "
			    "directory", p);
			free(p);
			return EX_CANTCREAT;
		}
		*s = '/';
	}
	free(p);
	return 0;
}

/* The directory part of path ("." when none). */
static char *
dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (slash == NULL)
		return xstrdup(".");
	if (slash == path)
		return xstrdup("/");
	return xstrndup(path, (size_t)(slash - path));
}

/* Replace file with text, atomically and durably. */
static int
write_atomic(const char *file, const char *text, size_t len, char **cause)
{
	char   *tmp, *dir;
	size_t  off = 0;
	ssize_t n;
	int     fd, dfd, rc = 0, e;
	mode_t  old;

	if (make_parents(file, cause) != 0)
		return EX_CANTCREAT;
	tmp = xasprintf("%s.tmp.XXXXXX", file);
	old = umask(077);
	fd = mkstemp(tmp);
	e = errno;
	umask(old);
	if (fd == -1) {
		rc = wd_fail(cause, EX_CANTCREAT, "%s: %s", tmp, strerror(e));
		free(tmp);
		return rc;
	}
	while (off < len) {
		n = write(fd, text + off, len - off);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		off += (size_t)n;
	}
	if (off < len || fsync(fd) != 0) {
		e = errno != 0 ? errno : EIO;
		close(fd);
		unlink(tmp);
		rc = wd_fail(cause, EX_IOERR, "%s: cannot save: %s", file,
		    strerror(e));
		free(tmp);
		return rc;
	}
	if (close(fd) != 0 || rename(tmp, file) != 0) {
		e = errno;
		unlink(tmp);
		rc = wd_fail(cause, EX_IOERR, "%s: cannot save: %s", file,
		    strerror(e));
		free(tmp);
		return rc;
	}
	free(tmp);
	dir = dir_of(file);
	dfd = open(dir, O_RDONLY | O_DIRECTORY);
	if (dfd == -1 || fsync(dfd) != 0) {
		e = errno;
		rc = wd_fail(cause, EX_IOERR, "%s: cannot sync directory: %s",
		    dir, strerror(e));
	}
	if (dfd != -1)
		close(dfd);
	free(dir);
	return rc;
}

/* Write cfg to file when it differs from what was read (or when the
 * file is new); remove the file when empty is set. */
static int
save_file(const struct state *st, const char *path_of_main, const char *file,
    int key, config_t *cfg, bool empty, char **cause)
{
	const struct state_file *was = NULL;
	char                    *text = NULL;
	size_t                   len = 0;
	FILE                    *fp;
	int                      rc = 0, e;

	/* What was read only counts when saving to the same place. */
	if (st->path != NULL && strcmp(st->path, path_of_main) == 0)
		was = find_file(st, key);
	if (empty) {
		if (was != NULL && !was->exists)
			return 0;
		if (unlink(file) != 0 && errno != ENOENT) {
			e = errno;
			return wd_fail(cause, EX_IOERR, "%s: %s", file,
			    strerror(e));
		}
		return 0;
	}
	fp = open_memstream(&text, &len);
	if (fp == NULL)
		wd_oom();
	config_write(cfg, fp);
	if (fclose(fp) != 0)
		wd_oom();
	if (was == NULL || !was->exists || was->hash != hash_bytes(text, len))
		rc = write_atomic(file, text, len, cause);
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
		config_destroy(&cfg);
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
			config_destroy(&cfg);
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
		config_destroy(&cfg);
	}
	return rc;
}

/* Locking ------------------------------------------------------------- */

int
state_lock(const char *path, int timeout_ms, int *fdp, char **cause)
{
	struct timespec nap = { 0, 10 * 1000 * 1000 };
	char           *lock;
	int             fd, waited = 0, e;

	if (make_parents(path, cause) != 0)
		return EX_CANTCREAT;
	lock = xasprintf("%s.lock", path);
	fd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC | O_NOCTTY, 0600);
	if (fd == -1) {
		e = errno;
		wd_fail(cause, EX_CANTCREAT, "%s: %s", lock, strerror(e));
		free(lock);
		return EX_CANTCREAT;
	}
	/* Wait in slices of 10 ms; counting slices keeps the clock out. */
	while (flock(fd, LOCK_EX | LOCK_NB) == -1) {
		if (errno == EINTR)
			continue;
		if (errno != EWOULDBLOCK || waited >= timeout_ms) {
			e = errno;
			close(fd);
			if (e == EWOULDBLOCK) {
				wd_fail(cause, EX_TEMPFAIL,
				    "%s: another winddown is saving; gave up "
				    "after %d.%d s", path, timeout_ms / 1000,
				    timeout_ms % 1000 / 100);
			} else
				wd_fail(cause, EX_IOERR, "%s: %s", lock,
				    strerror(e));
			free(lock);
			return e == EWOULDBLOCK ? EX_TEMPFAIL : EX_IOERR;
		}
		nanosleep(&nap, NULL);
		waited += 10;
	}
	free(lock);
	*fdp = fd;
	return 0;
}

void
state_unlock(int fd)
{
	if (fd >= 0) {
		flock(fd, LOCK_UN);
		close(fd);
	}
}

/* Remove the temp files a killed writer left in dir (names that start
 * with prefix and end in six more characters). */
static void
remove_temps_in(const char *dir, const char *prefix)
{
	DIR           *d;
	struct dirent *de;
	size_t         n = strlen(prefix), len;
	char          *full;

	if ((d = opendir(dir)) == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		len = strlen(de->d_name);
		if (len < 11 || strncmp(de->d_name, prefix, n) != 0 ||
		    strncmp(de->d_name + len - 11, ".tmp.", 5) != 0)
			continue;
		full = xasprintf("%s/%s", dir, de->d_name);
		unlink(full);
		free(full);
	}
	closedir(d);
}

/* Remove temp files a killed writer left beside path and in PATH.d.
 * Only called under the lock, when no other writer can own one. */
static void
remove_stale_temps(const char *path)
{
	char       *dir = dir_of(path), *side = xasprintf("%s.d", path);
	const char *base = strrchr(path, '/');
	char       *prefix;

	base = base != NULL ? base + 1 : path;
	prefix = xasprintf("%s.tmp.", base);
	remove_temps_in(dir, prefix);
	remove_temps_in(side, "");
	free(prefix);
	free(side);
	free(dir);
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

/* In-memory changes --------------------------------------------------- */

void
state_start_week(struct state *st, int today, const char *plan_id)
{
	week_free(&st->week);
	st->week.start = today;
	st->week.plan = xstrdup(plan_id);
	st->started = true;
}

void
state_restart(struct state *st, int today, const char *plan_id,
    long long now)
{
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
	if (!on)
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
