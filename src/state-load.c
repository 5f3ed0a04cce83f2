/* Loading the state: parsing and checking the main file, the month
 * files and the archived weeks of PATH.d, the span of history a load
 * takes, and what each file was like when read. */
#define _XOPEN_SOURCE 700
#include "winddown/state.h"

#include <dirent.h>
#include <errno.h>
#include <libconfig.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "winddown/cfg.h"
#include "winddown/day.h"
#include "winddown/fileio.h"
#include "winddown/plan.h"

#include "state-int.h"

#define WEEKS_FILE "weeks.cfg"

size_t state_max_file = STATE_MAX_FILE;

/* Loading ------------------------------------------------------------- */

/* FNV-1a: enough to tell a file we would write from the one we read. */
unsigned long long
hash_bytes(const char *p, size_t n)
{
	unsigned long long h = 1469598103934665603ULL;

	while (n-- > 0) {
		h ^= (unsigned char)*p++;
		h *= 1099511628211ULL;
	}
	return h;
}

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
load_tick_cmp(const void *a, const void *b)
{
	const struct tick *x = *(const struct tick *const *)a;
	const struct tick *y = *(const struct tick *const *)b;

	if (x->day != y->day)
		return x->day < y->day ? -1 : 1;
	if (x->step != y->step)
		return x->step < y->step ? -1 : 1;
	return x < y ? -1 : x > y; /* the earlier in the file first */
}

/* No step ticked twice: sorted, so years of habit days stay fast. */
static int
load_ticks_unique(struct cfgctx *ctx, const config_setting_t *ticks,
    const struct week *w)
{
	const struct tick **by;
	const struct tick  *dup = NULL;
	int                 i;

	if (w->nticks < 2)
		return 0;
	by = xreallocarray(NULL, (size_t)w->nticks, sizeof *by);
	for (i = 0; i < w->nticks; i++)
		by[i] = &w->ticks[i];
	qsort(by, (size_t)w->nticks, sizeof *by, load_tick_cmp);
	for (i = 1; i < w->nticks && dup == NULL; i++) {
		if (by[i]->day == by[i - 1]->day &&
		    by[i]->step == by[i - 1]->step)
			dup = by[i];
	}
	free(by);
	if (dup == NULL)
		return 0;
	return cfg_error(ctx, config_setting_get_elem(ticks,
	    (unsigned)(dup - w->ticks)), "day %d step %d is ticked twice",
	    dup->day, dup->step);
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
	ticks = cfg_list(ctx, g, "ticks", true, 0, STATE_MAX_TICKS);
	if (ctx->failed)
		return -1;
	n = ticks != NULL ? config_setting_length(ticks) : 0;
	w->ticks = xcalloc((size_t)n, sizeof *w->ticks);
	for (i = 0; i < n; i++) {
		config_setting_t *t = config_setting_get_elem(ticks, (unsigned)i);
		struct tick      *tk = &w->ticks[i];

		if (!config_setting_is_group(t))
			return cfg_error(ctx, t, "a tick must be a group");
		if (cfg_int(ctx, t, "day", false, 1, STATE_MAX_DAY, &v) < 0)
			return -1;
		tk->day = (int)v;
		if (cfg_int(ctx, t, "step", false, 1, STATE_MAX_STEP, &v) < 0)
			return -1;
		tk->step = (int)v;
		if (cfg_int(ctx, t, "at", false, 0, LLONG_MAX, &v) < 0)
			return -1;
		tk->at = v;
		w->nticks++;
	}
	if (load_ticks_unique(ctx, ticks, w) != 0)
		return -1;
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
	n->line = config_setting_source_line(g);
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
	free(set->notify_command);
	set->notify_command = NULL;
	if (cfg_text(ctx, g, "notify_command", true, 4096, false,
	    &set->notify_command) < 0)
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
	} else {
		/* Red-flag answers given before any week was started. */
		if (load_date(ctx, root, "flags_date", true,
		    &st->week.flags_date) < 0)
			return -1;
		if ((g = cfg_group(ctx, root, "flags", true)) != NULL &&
		    load_kv(ctx, g, &st->week.flags) < 0)
			return -1;
		if (ctx->failed)
			return -1;
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

const struct state_file *
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
char *
side_path(const char *path, int key)
{
	if (key == STATE_KEY_WEEKS)
		return xasprintf("%s.d/" WEEKS_FILE, path);
	return xasprintf("%s.d/%04d-%02d.cfg", path, key / 12, key % 12 + 1);
}

/* Move the nights and sessions of month mi out of st into out, an
 * empty state (what a version 1 main file held of a month that has a
 * file too). */
static void
take_month(struct state *st, int mi, struct state *out)
{
	int i, k;

	for (i = 0, k = 0; i < st->nnights; i++) {
		if (month_of(st->nights[i].date) != mi) {
			st->nights[k++] = st->nights[i];
			continue;
		}
		out->nights = xreallocarray(out->nights,
		    (size_t)out->nnights + 1, sizeof *out->nights);
		out->nights[out->nnights++] = st->nights[i];
	}
	st->nnights = k;
	for (i = 0, k = 0; i < st->nsessions; i++) {
		if (month_of(st->sessions[i].night) != mi) {
			st->sessions[k++] = st->sessions[i];
			continue;
		}
		out->sessions = xreallocarray(out->sessions,
		    (size_t)out->nsessions + 1, sizeof *out->sessions);
		out->sessions[out->nsessions++] = st->sessions[i];
	}
	st->nsessions = k;
}

static bool
same_session(const struct pmr_session *a, const struct pmr_session *b)
{
	return a->night == b->night && a->at == b->at &&
	    strcmp(a->routine, b->routine) == 0;
}

/* Put back into st what take_month took that the month file lacks: a
 * night in both is the one updated last (the month file's on a tie),
 * a session in both is kept once. old is emptied; st is sorted. */
static void
merge_taken(struct state *st, struct state *old)
{
	int i, k, n = st->nsessions;

	for (i = 0; i < old->nnights; i++) {
		struct night *was = &old->nights[i], *to;

		to = state_night(st, was->date);
		if (to != NULL && to->updated >= was->updated)
			continue;
		if (to == NULL)
			to = state_night_get(st, was->date);
		kv_copy(&to->kv, &was->kv);
		to->updated = was->updated;
	}
	for (i = 0; i < old->nsessions; i++) {
		for (k = 0; k < n; k++) {
			if (same_session(&st->sessions[k], &old->sessions[i]))
				break;
		}
		if (k == n)
			state_add_session(st, &old->sessions[i]);
	}
	state_free(old);
}

/* Load one side file (a month, or the weeks) into st. */
int
load_side(struct state *st, const char *path, int key, char **cause)
{
	struct cfgctx     ctx = { .cause = cause };
	config_t          cfg;
	config_setting_t *root, *list;
	char             *file, *text;
	size_t            len;
	struct state      old;
	long long         v;
	int               rc, before;

	if (find_file(st, key) != NULL)
		return 0; /* already read */
	file = side_path(path, key);
	rc = fileio_read_optional(file, state_max_file, &text, &len, cause);
	if (rc != 0 || text == NULL) {
		if (rc == 0)
			note_file(st, key, false, 0);
		free(file);
		return rc;
	}
	/* What a version 1 main file held of the month is merged with
	 * the month file once that is read (a save died between the
	 * two, or the main file was put back). */
	state_init(&old);
	if (key >= 0)
		take_month(st, key, &old);
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
		merge_taken(st, &old);
	else
		state_free(&old); /* the load fails as a whole */
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

/* The months that have a file in PATH.d, sorted, into *out. A missing
 * PATH.d holds none; one that cannot be read is an error, not an empty
 * history. */
static int
list_months(const char *path, int **out, int *n, char **cause)
{
	char          *dir = xasprintf("%s.d", path);
	DIR           *d;
	struct dirent *de;
	int            y, m, count = 0, e, rc = 0;
	char           tail;

	*out = NULL;
	if ((d = opendir(dir)) == NULL) {
		e = errno;
		if (e != ENOENT)
			rc = wd_fail(cause, e == ENOTDIR ? EX_DATAERR :
			    EX_NOINPUT, "%s: %s", dir, strerror(e));
		free(dir);
		*n = 0;
		return rc;
	}
	for (;;) {
		errno = 0;
		if ((de = readdir(d)) == NULL) {
			if ((e = errno) != 0)
				rc = wd_fail(cause, EX_IOERR, "%s: %s", dir,
				    strerror(e));
			break;
		}
		if (strlen(de->d_name) != 11 ||
		    sscanf(de->d_name, "%4d-%2d.cf%c", &y, &m,
		    &tail) != 3 || tail != 'g' || m < 1 || m > 12 ||
		    y < 1970)
			continue;
		*out = xreallocarray(*out, (size_t)count + 1, sizeof **out);
		(*out)[count++] = y * 12 + m - 1;
	}
	closedir(d);
	free(dir);
	if (count > 0)
		qsort(*out, (size_t)count, sizeof **out, compare_int);
	*n = rc == 0 ? count : 0;
	return rc;
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
		rc = list_months(path, &months, &n, cause);
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
	rc = fileio_read_optional(path, state_max_file, &text, &len, cause);
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
