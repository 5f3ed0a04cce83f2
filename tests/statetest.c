/* Fixtures shared by the suites that save states (check_state.c,
 * check_fileio.c): a directory per test, files in and out, a full state
 * and comparing two, and changes for state_update. */
#define _XOPEN_SOURCE 700
#include "statetest.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "winddown/day.h"
#include "winddown/util.h"

char *base;
char *dir;
char *spath;
char *snapshot;

/* Files --------------------------------------------------------------- */

/* Write a string to path, replacing it. */
void
spew_text(const char *path, const char *text)
{
	spew(path, text, strlen(text));
}

/* The main file and every file in PATH.d, in name order, as one text
 * with a header line before each. */
char *
slurp_tree(const char *path, size_t *lenp)
{
	struct buf      b = { NULL, 0, 0 };
	struct dirent **names = NULL;
	char           *side = xasprintf("%s.d", path), *f, *text;
	size_t          n;
	int             i, count;

	text = slurp(path, &n);
	buf_add(&b, text, n);
	free(text);
	count = scandir(side, &names, NULL, alphasort);
	for (i = 0; i < count; i++) {
		if (names[i]->d_name[0] != '.') {
			f = xasprintf("%s/%s", side, names[i]->d_name);
			text = slurp(f, &n);
			buf_printf(&b, "== %s\n", names[i]->d_name);
			buf_add(&b, text, n);
			free(text);
			free(f);
		}
		free(names[i]);
	}
	free(names);
	free(side);
	*lenp = b.len;
	return b.data;
}

/* Files in d whose name holds ".tmp." (a save's temp file). */
int
count_temps(const char *d)
{
	DIR           *dp = opendir(d);
	struct dirent *de;
	int            n = 0;

	ck_assert_msg(dp != NULL, "%s: %s", d, strerror(errno));
	while ((de = readdir(dp)) != NULL) {
		if (strstr(de->d_name, ".tmp.") != NULL) {
			printf("state: temp file left: %s/%s\n", d, de->d_name);
			n++;
		}
	}
	closedir(dp);
	return n;
}

bool
exists(const char *path)
{
	struct stat sb;

	return lstat(path, &sb) == 0;
}

void
setup_base(void)
{
	base = test_tmpdir("state");
}

void
teardown_base(void)
{
	test_tmpdir_remove(&base);
}

void
setup_dir(void)
{
	char *tmpl = xasprintf("%s/t-XXXXXX", base);

	ck_assert_ptr_nonnull(mkdtemp(tmpl));
	dir = tmpl;
	spath = xasprintf("%s/state.cfg", dir);
}

void
teardown_dir(void)
{
	rm_rf(dir);
	free(dir);
	free(spath);
	dir = spath = NULL;
}

/* A full state, and comparing two -------------------------------------- */

static const char *const texts[] = {
	"\xc3\xa9 \xe2\x9c\x93",           /* é ✓ */
	"say \"hi\" and 'bye'",
	"back\\slash\\",
	"two\nlines\n",
	"tab\there",
	"\"\\\n\t\\\"",
	"",
	"# not a comment; // nor this /* */ @include \"x\"",
};

void
fill_night(struct night *n, int k)
{
	size_t i;

	n->updated = T0 + k;
	kv_set_int(&n->kv, "twitches", k);
	kv_set_int(&n->kv, "negative", -k - 1);
	kv_set_int(&n->kv, "big", 9999999999LL);
	kv_set_int(&n->kv, "int_min", INT_MIN);
	kv_set_int(&n->kv, "llong_min", LLONG_MIN);
	kv_set_int(&n->kv, "llong_max", LLONG_MAX);
	kv_set_bool(&n->kv, "nap", true);
	kv_set_bool(&n->kv, "alcohol_free", false);
	for (i = 0; i < WD_NELEM(texts); i++) {
		char name[16];

		snprintf(name, sizeof name, "text_%zu", i);
		kv_set_str(&n->kv, name, texts[i]);
	}
	kv_set_str(&n->kv, "caffeine", "15:30");
}

void
fill(struct state *st)
{
	struct pmr_session s1 = { .night = D(2026, 3, 3), .routine = "lower",
		.done = 4, .total = 4, .seconds = 300, .finished = true,
		.rating = 5, .at = T0 + 100 };
	struct pmr_session s2 = { .night = D(2026, 3, 4), .routine = "full",
		.done = 3, .total = 19, .seconds = 125, .finished = false,
		.rating = 0, .at = T0 + 200 };

	state_init(st);
	st->settings.bedtime = 23 * 60 + 45;
	st->settings.rollover = 0;
	st->settings.bell = false;
	st->settings.speech = true;
	st->settings.tones = true;

	/* Two archived weeks, through restart. */
	state_start_week(st, D(2026, 2, 2), "seven-day");
	state_tick(st, 1, 1, true, T0 - 3000);
	kv_set_bool(&st->week.flags, "painful", false);
	state_restart(st, D(2026, 2, 16), "seven-day", T0 - 2000);
	state_tick(st, 2, 3, true, T0 - 1500);
	st->week.flags_date = D(2026, 2, 22);
	state_restart(st, D(2026, 3, 2), "other-plan", T0 - 1000);

	/* The current week. */
	state_tick(st, 1, 1, true, T0 + 1);
	state_tick(st, 1, 3, true, T0 + 2);
	state_tick(st, 4, 2, true, T0 + 3);
	state_tick(st, 7, 4, true, T0 + 4);
	kv_set_bool(&st->week.flags, "painful", true);
	kv_set_bool(&st->week.flags, "rhythmic", false);
	kv_set_bool(&st->week.flags, "daytime-sleepy", true);
	st->week.flags_date = D(2026, 3, 8);

	fill_night(state_night_get(st, D(2026, 3, 4)), 4);
	fill_night(state_night_get(st, D(2026, 3, 2)), 2);
	fill_night(state_night_get(st, D(2026, 12, 31)), 31);

	state_add_session(st, &s1);
	state_add_session(st, &s2);

	st->has_draft = true;
	st->draft.date = D(2026, 3, 5);
	st->draft.updated = T0 + 500;
	kv_set_str(&st->draft.kv, "bedtime", "23:1");
	kv_set_str(&st->draft.kv, "note", "half \"typed\"\ttext \xe2\x9c\x93");
}

static void
same_kv(const struct kvlist *a, const struct kvlist *b, const char *where)
{
	int i;

	ck_assert_msg(a->n == b->n, "%s: %d values, want %d", where, b->n,
	    a->n);
	for (i = 0; i < a->n; i++) {
		const struct kv *x = &a->v[i], *y = &b->v[i];

		ck_assert_msg(strcmp(x->name, y->name) == 0, "%s: value %d is "
		    "'%s', want '%s'", where, i, y->name, x->name);
		ck_assert_msg(x->type == y->type, "%s.%s: type %d, want %d",
		    where, x->name, y->type, x->type);
		if (x->type == KV_STR) {
			ck_assert_ptr_nonnull(y->s);
			ck_assert_msg(strcmp(x->s, y->s) == 0, "%s.%s: '%s', "
			    "want '%s'", where, x->name, y->s, x->s);
		} else {
			ck_assert_msg(x->i == y->i, "%s.%s: %lld, want %lld",
			    where, x->name, y->i, x->i);
			ck_assert_ptr_null(y->s);
		}
	}
}

static void
same_week(const struct week *a, const struct week *b, bool archived)
{
	int i;

	ck_assert_int_eq(a->start, b->start);
	ck_assert_str_eq(a->plan, b->plan);
	if (archived)
		ck_assert_int_eq(a->ended, b->ended);
	else
		ck_assert_int_eq(b->ended, 0);
	ck_assert_int_eq(a->nticks, b->nticks);
	for (i = 0; i < a->nticks; i++) {
		ck_assert_int_eq(a->ticks[i].day, b->ticks[i].day);
		ck_assert_int_eq(a->ticks[i].step, b->ticks[i].step);
		ck_assert_int_eq(a->ticks[i].at, b->ticks[i].at);
	}
	same_kv(&a->flags, &b->flags, "flags");
	ck_assert_int_eq(a->flags_date, b->flags_date);
}

void
same_state(const struct state *a, const struct state *b)
{
	int i;

	ck_assert_int_eq(b->version, STATE_VERSION);
	ck_assert_int_eq(a->settings.bedtime, b->settings.bedtime);
	ck_assert_int_eq(a->settings.rollover, b->settings.rollover);
	ck_assert_int_eq(a->settings.bell, b->settings.bell);
	ck_assert_int_eq(a->settings.speech, b->settings.speech);
	ck_assert_int_eq(a->settings.tones, b->settings.tones);
	ck_assert_int_eq(a->started, b->started);
	if (a->started)
		same_week(&a->week, &b->week, false);
	ck_assert_int_eq(a->narchive, b->narchive);
	for (i = 0; i < a->narchive; i++)
		same_week(&a->archive[i], &b->archive[i], true);
	ck_assert_int_eq(a->nnights, b->nnights);
	for (i = 0; i < a->nnights; i++) {
		char d[11];

		day_format(a->nights[i].date, d);
		ck_assert_int_eq(a->nights[i].date, b->nights[i].date);
		ck_assert_int_eq(a->nights[i].updated, b->nights[i].updated);
		same_kv(&a->nights[i].kv, &b->nights[i].kv, d);
	}
	ck_assert_int_eq(a->nsessions, b->nsessions);
	for (i = 0; i < a->nsessions; i++) {
		const struct pmr_session *x = &a->sessions[i];
		const struct pmr_session *y = &b->sessions[i];

		ck_assert_int_eq(x->night, y->night);
		ck_assert_str_eq(x->routine, y->routine);
		ck_assert_int_eq(x->done, y->done);
		ck_assert_int_eq(x->total, y->total);
		ck_assert_int_eq(x->seconds, y->seconds);
		ck_assert_int_eq(x->finished, y->finished);
		ck_assert_int_eq(x->rating, y->rating);
		ck_assert_int_eq(x->at, y->at);
	}
	ck_assert_int_eq(a->has_draft, b->has_draft);
	if (a->has_draft) {
		ck_assert_int_eq(a->draft.date, b->draft.date);
		ck_assert_int_eq(a->draft.updated, b->draft.updated);
		same_kv(&a->draft.kv, &b->draft.kv, "draft");
	}
}

void
save_ok(const struct state *st, const char *path)
{
	char *cause = NULL;
	int   rc = state_save(st, path, &cause);

	ck_assert_msg(rc == 0, "state_save: %d %s", rc, cause);
	ck_assert_ptr_null(cause);
}

void
load_ok(struct state *st, const char *path)
{
	char *cause = NULL;
	int   rc = state_load(st, path, &cause);

	ck_assert_msg(rc == 0, "state_load: %d %s", rc, cause);
	free(cause); /* a missing file may leave a note */
}

/* Changes for state_update ------------------------------------------- */

/* Add 100 nights from 2025-01-01: more than a 2 KiB file holds. */
int
nights_change(struct state *st, void *ctx, char **cause)
{
	int i;

	(void)ctx;
	(void)cause;
	for (i = 0; i < 100; i++)
		fill_night(state_night_get(st, day_from_ymd(2025, 1, 1) + i), i);
	return 0;
}

int
tick_change(struct state *st, void *ctx, char **cause)
{
	struct change *c = ctx;

	c->calls++;
	if (c->rc != 0)
		return wd_fail(cause, c->rc, "change refused");
	if (!st->started)
		state_start_week(st, D(2026, 3, 2), "seven-day");
	state_tick(st, c->day, c->step, true, T0);
	return 0;
}
