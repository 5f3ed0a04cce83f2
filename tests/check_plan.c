/* Plans: the bundled plan loads with everything the issues ask for, the
 * evening timeline, the override directory, and one broken plan per kind
 * of error, each with its exact "FILE:LINE: message".
 *
 * Broken plans are made from the bundled files: each test copies plans/
 * into a temporary directory and edits one file in C, so the fixtures
 * never go stale. Expected line numbers are computed by searching the
 * text that was written. */
#include "testutil.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sysexits.h>
#include <unistd.h>

#include "winddown/plan.h"
#include "winddown/util.h"

#define BUNDLED WD_SRCDIR "/plans"

static const char *const plan_files[] = { PLAN_FILE_DAYS, PLAN_FILE_PMR,
	PLAN_FILE_JOURNAL, PLAN_FILE_TRIGGERS };

static char *base; /* per test case, made in the runner's process */
static char *tmp;  /* the plan copy of the running test, inside base */

/* Files --------------------------------------------------------------- */




static char *
path_in(const char *file)
{
	return xasprintf("%s/%s", tmp, file);
}

static void
spew_str(const char *path, const char *text)
{
	spew(path, text, strlen(text));
}

/* The directory holding each test's copy: removed by the runner even
 * when a test fails before its own teardown. */
static void
setup_base(void)
{
	base = test_tmpdir("plan");
}

static void
teardown_base(void)
{
	test_tmpdir_remove(&base);
}

/* A fresh copy of the bundled plan in tmp. */
static void
setup_copy(void)
{
	size_t i, len;

	tmp = xasprintf("%s/plan-XXXXXX", base);
	ck_assert_ptr_nonnull(mkdtemp(tmp));
	for (i = 0; i < WD_NELEM(plan_files); i++) {
		char *src = xasprintf("%s/%s", BUNDLED, plan_files[i]);
		char *dst = path_in(plan_files[i]);
		char *text = slurp(src, &len);

		spew(dst, text, len);
		free(text);
		free(src);
		free(dst);
	}
}

static void
teardown_copy(void)
{
	rm_rf(tmp);
	free(tmp);
	tmp = NULL;
}

/* Text edits -------------------------------------------------------- */

/* 1-based line of byte offset off in text. */
static int
line_at(const char *text, size_t off)
{
	int    line = 1;
	size_t i;

	for (i = 0; i < off && text[i] != '\0'; i++)
		line += text[i] == '\n';
	return line;
}

/* Line of the first needle at or after anchor (NULL: from the start). */
static int
line_of(const char *text, const char *anchor, const char *needle)
{
	const char *from = text, *p;

	if (anchor != NULL) {
		from = strstr(text, anchor);
		ck_assert_msg(from != NULL, "'%s' is not in the text", anchor);
	}
	p = strstr(from, needle);
	ck_assert_msg(p != NULL, "'%s' is not in the text after '%s'",
	    needle, anchor != NULL ? anchor : "");
	return line_at(text, (size_t)(p - text));
}

/* Replace the first `old` at or after `anchor` in file with `new`;
 * returns the whole new text (free it). */
static char *
edit(const char *file, const char *anchor, const char *old, const char *new)
{
	char       *path = path_in(file), *text, *out;
	const char *from, *p;
	size_t      len, pre, olen = strlen(old), nlen = strlen(new);

	text = slurp(path, &len);
	from = text;
	if (anchor != NULL) {
		from = strstr(text, anchor);
		ck_assert_msg(from != NULL, "%s: the bundled plan no longer has "
		    "'%s'; update this test", file, anchor);
	}
	p = strstr(from, old);
	ck_assert_msg(p != NULL, "%s: the bundled plan no longer has '%s' "
	    "after '%s'; update this test", file, old,
	    anchor != NULL ? anchor : "");
	pre = (size_t)(p - text);
	out = xmalloc(len - olen + nlen + 1);
	memcpy(out, text, pre);
	memcpy(out + pre, new, nlen);
	memcpy(out + pre + nlen, p + olen, len - pre - olen + 1);
	spew(path, out, len - olen + nlen);
	free(text);
	free(path);
	return out;
}

/* Remove the whole setting `name = ...;` (however many lines its string
 * takes) that first follows anchor in file; returns the new text. */
static char *
remove_setting(const char *file, const char *anchor, const char *name)
{
	char       *path = path_in(file), *text, *out, *key;
	const char *p, *s, *e;
	size_t      len;
	bool        quoted = false;

	text = slurp(path, &len);
	p = strstr(text, anchor);
	ck_assert_msg(p != NULL, "%s: no '%s'; update this test", file,
	    anchor);
	key = xasprintf("%s = ", name);
	s = strstr(p, key);
	ck_assert_msg(s != NULL, "%s: no '%s' after '%s'", file, key, anchor);
	free(key);
	while (s > text && s[-1] != '\n')
		s--; /* the start of its line */
	for (e = strchr(s, '=') + 1; *e != '\0'; e++) {
		if (*e == '\\' && quoted)
			e++;
		else if (*e == '"')
			quoted = !quoted;
		else if (*e == ';' && !quoted)
			break;
	}
	ck_assert_int_eq(*e, ';');
	e++;
	if (*e == '\n')
		e++;
	out = xmalloc(len + 1);
	memcpy(out, text, (size_t)(s - text));
	memcpy(out + (s - text), e, len - (size_t)(e - text) + 1);
	spew(path, out, strlen(out));
	free(text);
	free(path);
	return out;
}

/* Loading ------------------------------------------------------------- */

/* Load tmp and expect rc with exactly the message want (a printf format
 * whose first conversion is the directory). The same message must come
 * from `plan check` on the directory. */
static void
expect_error2(int rc_want, const char *want, const char *check_want)
{
	struct plan p;
	char       *cause = NULL, *messages = NULL, *line;
	int         rc;

	rc = plan_load(&p, tmp, NULL, &cause);
	printf("plan: %s\n", cause != NULL ? cause : "(no message)");
	ck_assert_msg(rc == rc_want, "plan_load gave %d, want %d: %s", rc,
	    rc_want, cause != NULL ? cause : "");
	ck_assert_ptr_nonnull(cause);
	ck_assert_str_eq(cause, want);
	ck_assert_ptr_null(p.days);
	ck_assert_ptr_null(p.dir);

	rc = plan_check(tmp, &messages);
	ck_assert_int_eq(rc, rc_want);
	ck_assert_ptr_nonnull(messages);
	line = xasprintf("%s\n", check_want);
	ck_assert_str_eq(messages, line);
	free(line);
	free(messages);
	free(cause);
}

static void
expect_error(int rc_want, const char *want)
{
	expect_error2(rc_want, want, want);
}

/* Expected "DIR/FILE:LINE: rest". */
static char *
msg(const char *file, int line, const char *rest)
{
	if (line <= 0)
		return xasprintf("%s/%s: %s", tmp, file, rest);
	return xasprintf("%s/%s:%d: %s", tmp, file, line, rest);
}

static void
expect(const char *file, int line, const char *rest)
{
	char *want = msg(file, line, rest);

	expect_error(EX_DATAERR, want);
	free(want);
}

/* The bundled plan ---------------------------------------------------- */

START_TEST(test_bundled)
{
	static const char *const names[] = { "caffeine", "exercise",
		"intensity", "bedtime", "twitches", "quality", "alcohol",
		"alcohol_last", "screens_off", "stress", "note", "lights_out",
		"latency", "awakenings", "waso", "wake", "out_of_bed" };
	static const char *const rules[] = { "late-caffeine", "late-workout",
		"late-alcohol", "late-screens", "irregular-bedtime",
		"high-stress" };
	static const char *const lower[] = { "feet", "calves", "thighs",
		"buttocks" };
	const struct pmr_routine   *r;
	const struct journal_field *f;
	struct plan                 p;
	char                       *cause = NULL, *messages = NULL;
	size_t                      i;
	int                         k;

	ck_assert_msg(plan_load(&p, BUNDLED, NULL, &cause) == 0, "%s", cause);
	ck_assert_ptr_null(cause);
	ck_assert_str_eq(p.dir, BUNDLED);
	ck_assert_str_eq(p.id, "seven-day");
	ck_assert_str_eq(p.source_author, "Olivia Scott");
	ck_assert_ptr_nonnull(strstr(p.source_title, "Legs Twitch"));
	ck_assert_ptr_nonnull(strstr(p.disclaimer, "not medical advice"));
	ck_assert_int_eq(p.ndays, 7);
	for (k = 0; k < p.ndays; k++) {
		const struct plan_day *d = &p.days[k];

		ck_assert_int_eq(d->number, k + 1);
		ck_assert_int_ge(d->nsteps, 1);
		ck_assert_int_le(d->nsteps, 4);
		ck_assert_int_eq(plan_day_steps(&p, k + 1), d->nsteps);
		ck_assert_ptr_nonnull(d->title);
		ck_assert_ptr_nonnull(d->task);
		ck_assert_ptr_nonnull(d->why);
		ck_assert_int_gt(d->line, 0);
		printf("plan: day %d (line %d) '%s': %d steps, %d rules\n",
		    d->number, d->line, d->title, d->nsteps, d->nrules);
	}
	ck_assert_int_eq(plan_day_steps(&p, 0), 0);
	/* After the last day: the habits, as a habit day's steps. */
	ck_assert_int_eq(p.nhabits, 6);
	ck_assert_int_eq(plan_day_steps(&p, 8), 6);
	ck_assert_int_eq(plan_day_steps(&p, 400), 6);
	ck_assert_int_eq(plan_day_steps(&p, -1), 0);
	ck_assert_str_eq(plan_step_text(&p, 8, 1), "No caffeine after 14:00");
	ck_assert_str_eq(plan_step_text(&p, 9, 6), p.habits[5]);
	ck_assert_str_eq(plan_step_text(&p, 7, 1), p.days[6].steps[0]);
	ck_assert_ptr_null(plan_step_text(&p, 8, 7));
	ck_assert_ptr_null(plan_step_text(&p, 8, 0));
	ck_assert_ptr_null(plan_step_text(&p, 0, 1));
	ck_assert_ptr_null(plan_step_text(&p, 1, 4));
	/* A finished relaxation session ticks day 5's step 2, "Hold the
	 * tension ...", by the plan's pmr_step. */
	ck_assert_int_eq(plan_pmr_step(&p, &k), 2);
	ck_assert_int_eq(k, 5);
	ck_assert_int_eq(p.days[4].pmr_step, 2);
	ck_assert_int_eq(p.days[0].pmr_step, 0);
	/* Day 1's rule is the 14:00 caffeine cut-off. */
	ck_assert_int_eq(p.days[0].nrules, 1);
	ck_assert_int_eq(p.days[0].rules[0].at, 14 * 60);
	ck_assert_int_eq(p.ntriggers, 6);
	ck_assert_int_ge(p.nstrategies, 6);
	ck_assert_int_ge(p.ndos, 1);
	ck_assert_int_ge(p.nflags, 5);
	ck_assert_ptr_nonnull(p.doctor_advice);
	ck_assert_ptr_nonnull(p.doctor_tell);

	/* The trigger rules, by id. */
	ck_assert_int_eq(p.nrules, (int)WD_NELEM(rules));
	for (i = 0; i < WD_NELEM(rules); i++)
		ck_assert_str_eq(p.rules[i].id, rules[i]);
	ck_assert_int_eq(p.rules[0].op, TRIG_AFTER);
	ck_assert_int_eq(p.rules[0].value, 14 * 60);
	ck_assert_int_eq(p.rules[1].op, TRIG_WITHIN_BEFORE);
	ck_assert_int_eq(p.rules[1].value, 180);
	ck_assert_str_eq(p.rules[1].ref, "bedtime");
	ck_assert_str_eq(p.rules[1].if_field, "intensity");
	ck_assert_str_eq(p.rules[1].if_value, "vigorous");
	ck_assert_int_eq(p.rules[4].op, TRIG_OFF_MEDIAN);
	ck_assert_int_eq(p.rules[5].op, TRIG_AT_LEAST);
	ck_assert_int_eq(p.rules[5].value, 4);

	/* Relaxation: the two routines, the lower one feet upward. */
	ck_assert_int_eq(p.pmr.tense_s, 5);
	ck_assert_int_ge(p.pmr.release_s, 1);
	ck_assert_int_eq(p.pmr.prepare_s, 6);
	ck_assert_str_eq(p.pmr.voice, "en");
	ck_assert_int_eq(p.pmr.rate, 140);
	ck_assert_int_eq(p.pmr.pitch, 40);
	r = plan_routine(&p, "lower");
	ck_assert_ptr_nonnull(r);
	ck_assert_int_eq(r->ngroups, (int)WD_NELEM(lower));
	for (i = 0; i < WD_NELEM(lower); i++)
		ck_assert_str_eq(p.pmr.groups[r->groups[i]].id, lower[i]);
	r = plan_routine(&p, "full");
	ck_assert_ptr_nonnull(r);
	ck_assert_int_ge(r->ngroups, 12);
	ck_assert_int_le(r->ngroups, 16);
	ck_assert_str_eq(p.pmr.groups[r->groups[0]].id, "feet");
	ck_assert_ptr_null(plan_routine(&p, "none"));
	printf("plan: %d muscle groups, full routine %d groups\n",
	    p.pmr.ngroups, r->ngroups);

	/* Journal fields, by name and type. */
	for (i = 0; i < WD_NELEM(names); i++) {
		ck_assert_msg(plan_field(&p, names[i]) != NULL,
		    "no journal field '%s'", names[i]);
		ck_assert_int_ge(plan_field_index(&p, names[i]), 0);
	}
	ck_assert_ptr_null(plan_field(&p, "nope"));
	ck_assert_int_eq(plan_field_index(&p, "nope"), -1);
	f = plan_field(&p, "caffeine");
	ck_assert_int_eq(f->type, FIELD_TIME);
	ck_assert(f->none);
	f = plan_field(&p, "intensity");
	ck_assert_int_eq(f->type, FIELD_CHOICE);
	ck_assert_int_eq(f->nchoices, 3);
	ck_assert_str_eq(f->choices[2], "vigorous");
	f = plan_field(&p, "quality");
	ck_assert_int_eq(f->type, FIELD_SCALE);
	ck_assert_int_eq(f->min, 1);
	ck_assert_int_eq(f->max, 5);
	ck_assert_int_eq(plan_field(&p, "twitches")->type, FIELD_COUNT);
	ck_assert_int_eq(plan_field(&p, "note")->type, FIELD_TEXT);
	ck_assert(plan_field(&p, "lights_out")->diary);
	ck_assert(!plan_field(&p, "bedtime")->diary);
	printf("plan: %d journal fields, %d trigger rules\n", p.nfields,
	    p.nrules);
	plan_free(&p);
	ck_assert_ptr_null(p.days);

	/* plan check agrees, on the directory and on each file. */
	ck_assert_int_eq(plan_check(BUNDLED, &messages), 0);
	ck_assert_ptr_null(messages);
	for (i = 0; i < WD_NELEM(plan_files); i++) {
		char *file = xasprintf("%s/%s", BUNDLED, plan_files[i]);

		ck_assert_int_eq(plan_check(file, &messages), 0);
		ck_assert_ptr_null(messages);
		free(file);
	}
}
END_TEST

/* The evening timeline ------------------------------------------------ */

struct want_entry {
	const char *at, *until, *label; /* label NULL: bedtime */
	int         day;
};

static void
check_timeline_in(const char *dir, int upto, const char *bed,
    const struct want_entry *want, int nwant)
{
	struct timeline_entry out[64];
	struct plan           p;
	char                 *cause = NULL, a[6], u[6];
	int                   n, i, bedtime = hhmm_parse(bed);

	ck_assert_msg(plan_load(&p, dir, NULL, &cause) == 0, "%s", cause);
	n = plan_timeline(&p, upto, bedtime, out, (int)WD_NELEM(out));
	printf("plan: timeline of day %d, bedtime %s:\n", upto, bed);
	for (i = 0; i < n; i++) {
		hhmm_format(out[i].at, a);
		if (out[i].until >= 0)
			hhmm_format(out[i].until, u);
		printf("  %s%s%s  %s (day %d)\n", a, out[i].until >= 0 ? "-" :
		    "", out[i].until >= 0 ? u : "", out[i].label != NULL ?
		    out[i].label : "bedtime", out[i].day);
	}
	ck_assert_int_eq(n, nwant);
	for (i = 0; i < n; i++) {
		ck_assert_int_eq(out[i].at, hhmm_parse(want[i].at));
		ck_assert_int_eq(out[i].until, want[i].until != NULL ?
		    hhmm_parse(want[i].until) : -1);
		if (want[i].label == NULL)
			ck_assert_ptr_null(out[i].label);
		else {
			ck_assert_ptr_nonnull(out[i].label);
			ck_assert_str_eq(out[i].label, want[i].label);
		}
		ck_assert_int_eq(out[i].day, want[i].day);
	}
	/* A short buffer is never overrun. */
	memset(out, 0x5a, sizeof out);
	ck_assert_int_eq(plan_timeline(&p, upto, bedtime, out, 2), 2);
	ck_assert_int_eq(((unsigned char *)&out[2])[0], 0x5a);
	ck_assert_int_eq(plan_timeline(&p, upto, bedtime, out, 0), 0);
	plan_free(&p);
}

/* The routines' ids, for messages. */
START_TEST(test_routine_ids)
{
	struct plan p;
	char       *cause = NULL, *ids;

	ck_assert_msg(plan_load(&p, BUNDLED, NULL, &cause) == 0, "%s", cause);
	ids = plan_routine_ids(&p);
	ck_assert_str_eq(ids, "lower, full");
	free(ids);
	/* Messages name a routine by its title; an unknown id as it is. */
	ck_assert_str_eq(plan_routine_name(&p, "lower"),
	    "Lower body: feet to hips");
	ck_assert_str_eq(plan_routine_name(&p, "gone"), "gone");
	plan_free(&p);
	ck_assert_msg(plan_load_parts(&p, BUNDLED, NULL, PLAN_DAYS, &cause) ==
	    0, "%s", cause);
	ids = plan_routine_ids(&p);
	ck_assert_str_eq(ids, "none");
	free(ids);
	ck_assert_str_eq(plan_routine_name(&p, "lower"), "lower");
	plan_free(&p);
}
END_TEST

static void
check_timeline(int upto, const char *bed, const struct want_entry *want,
    int nwant)
{
	check_timeline_in(BUNDLED, upto, bed, want, nwant);
}

START_TEST(test_timeline_day1)
{
	static const struct want_entry at2230[] = {
		{ "14:00", NULL, "Last caffeine", 1 },
		{ "19:30", NULL, "No more alcohol", 0 },
		{ "19:30", NULL, "No intense workouts", 0 },
		{ "21:00", NULL, "Start drinking less", 0 },
		{ "21:30", "22:00", "Start winding down", 0 },
		{ "22:30", NULL, NULL, 0 },
	};
	/* Two hours later to bed: the caffeine cut-off moves with it. */
	static const struct want_entry at0030[] = {
		{ "16:00", NULL, "Last caffeine", 1 },
		{ "21:30", NULL, "No more alcohol", 0 },
		{ "21:30", NULL, "No intense workouts", 0 },
		{ "23:00", NULL, "Start drinking less", 0 },
		{ "23:30", "00:00", "Start winding down", 0 },
		{ "00:30", NULL, NULL, 0 },
	};
	/* After a night shift, to bed at 08:00: every cut-off before it,
	 * in time order, across midnight. */
	static const struct want_entry at0800[] = {
		{ "23:30", NULL, "Last caffeine", 1 },
		{ "05:00", NULL, "No more alcohol", 0 },
		{ "05:00", NULL, "No intense workouts", 0 },
		{ "06:30", NULL, "Start drinking less", 0 },
		{ "07:00", "07:30", "Start winding down", 0 },
		{ "08:00", NULL, NULL, 0 },
	};

	check_timeline(1, "22:30", at2230, (int)WD_NELEM(at2230));
	check_timeline(1, "00:30", at0030, (int)WD_NELEM(at0030));
	check_timeline(1, "08:00", at0800, (int)WD_NELEM(at0800));
}
END_TEST

/* A rule at the bedtime itself comes before the bedtime: a plan whose
 * workouts end at its own bedtime. */
START_TEST(test_timeline_tie)
{
	static const struct want_entry at1800[] = {
		{ "14:00", NULL, "Last caffeine", 1 },
		{ "15:00", NULL, "No more alcohol", 0 },
		{ "15:00", NULL, "No intense workouts", 0 },
		{ "16:30", NULL, "Start drinking less", 0 },
		{ "17:00", "17:30", "Start winding down", 0 },
		{ "18:00", NULL, "Vigorous workouts finished", 2 },
		{ "18:00", NULL, NULL, 0 },
	};
	char *text;

	text = edit(PLAN_FILE_DAYS, "plan = {", "title = \"Seven days",
	    "bedtime = \"18:00\";\n  title = \"Seven days");
	free(text);
	check_timeline_in(tmp, 2, "18:00", at1800, (int)WD_NELEM(at1800));
}
END_TEST

START_TEST(test_timeline_day7)
{
	static const struct want_entry at2230[] = {
		{ "14:00", NULL, "Last caffeine", 1 },
		{ "18:00", NULL, "Vigorous workouts finished", 2 },
		{ "19:30", NULL, "No more alcohol", 0 },
		{ "19:30", NULL, "No intense workouts", 0 },
		{ "21:00", NULL, "Start drinking less", 0 },
		{ "21:30", NULL, "Screens off", 4 },
		{ "21:30", "22:00", "Warm bath or shower", 6 },
		{ "21:30", "22:00", "Start winding down", 0 },
		{ "22:30", NULL, NULL, 0 },
	};
	static const struct want_entry at0030[] = {
		{ "16:00", NULL, "Last caffeine", 1 },
		{ "20:00", NULL, "Vigorous workouts finished", 2 },
		{ "21:30", NULL, "No more alcohol", 0 },
		{ "21:30", NULL, "No intense workouts", 0 },
		{ "23:00", NULL, "Start drinking less", 0 },
		{ "23:30", NULL, "Screens off", 4 },
		{ "23:30", "00:00", "Warm bath or shower", 6 },
		{ "23:30", "00:00", "Start winding down", 0 },
		{ "00:30", NULL, NULL, 0 },
	};

	check_timeline(7, "22:30", at2230, (int)WD_NELEM(at2230));
	check_timeline(7, "00:30", at0030, (int)WD_NELEM(at0030));
	/* After the week the timeline stays that of day 7. */
	check_timeline(9, "22:30", at2230, (int)WD_NELEM(at2230));
}
END_TEST

/* Override directory -------------------------------------------------- */

START_TEST(test_override)
{
	struct plan p;
	char       *cause = NULL, *text, *want;
	int         line;

	/* Only pmr.cfg in the override directory, with other timings. */
	text = edit(PLAN_FILE_PMR, "pmr = {", "tense = 5;", "tense = 7;");
	free(text);
	text = edit(PLAN_FILE_PMR, "pmr = {", "release = 30;", "release = 40;");
	free(text);
	for (size_t i = 0; i < WD_NELEM(plan_files); i++) {
		char *f = path_in(plan_files[i]);

		if (strcmp(plan_files[i], PLAN_FILE_PMR) != 0)
			ck_assert_int_eq(unlink(f), 0);
		free(f);
	}
	ck_assert_msg(plan_load(&p, BUNDLED, tmp, &cause) == 0, "%s", cause);
	ck_assert_int_eq(p.pmr.tense_s, 7);
	ck_assert_int_eq(p.pmr.release_s, 40);
	ck_assert_int_eq(p.ndays, 7); /* the rest is the bundled plan */
	ck_assert_int_eq(p.nrules, 6);
	plan_free(&p);
	/* Without the override: the bundled timings. */
	ck_assert_msg(plan_load(&p, BUNDLED, NULL, &cause) == 0, "%s", cause);
	ck_assert_int_eq(p.pmr.tense_s, 5);
	plan_free(&p);
	/* A missing override directory changes nothing. */
	want = xasprintf("%s/nowhere", tmp);
	ck_assert_msg(plan_load(&p, BUNDLED, want, &cause) == 0, "%s", cause);
	ck_assert_int_eq(p.pmr.tense_s, 5);
	plan_free(&p);
	free(want);
	/* A broken override is reported under its own name. */
	text = edit(PLAN_FILE_PMR, "pmr = {", "tense = 7;", "tense = 0;");
	line = line_of(text, "pmr = {", "tense = 0;");
	free(text);
	ck_assert_int_eq(plan_load(&p, BUNDLED, tmp, &cause), EX_DATAERR);
	want = msg(PLAN_FILE_PMR, line, "'tense' is 0; it must be 1 to 60");
	ck_assert_str_eq(cause, want);
	free(want);
	free(cause);
}
END_TEST

/* @include inside the plan directory works, and an error in the included
 * file names that file. */
START_TEST(test_include_inside)
{
	struct plan p;
	char       *cause = NULL, *text, *want, *inc;
	int         line;

	inc = path_in("evening.inc");
	spew_str(inc, "evening = (\n  { label = \"Lights low\"; before_bed = 45; "
	    "}\n);\n");
	text = edit(PLAN_FILE_DAYS, "  # Always on the evening timeline",
	    "evening = (", "@include \"evening.inc\"\n  old_evening = (");
	free(text);
	/* old_evening is not a setting: take it out of the way. */
	text = edit(PLAN_FILE_DAYS, NULL, "old_evening = (", "/* x = (");
	free(text);
	text = edit(PLAN_FILE_DAYS, "/* x = (", "\n  );\n", "\n  ); */\n");
	free(text);
	ck_assert_msg(plan_load(&p, tmp, NULL, &cause) == 0, "%s", cause);
	ck_assert_int_eq(p.nevening, 1);
	ck_assert_str_eq(p.evening[0].label, "Lights low");
	ck_assert_int_eq(p.evening[0].before_bed, 45);
	plan_free(&p);

	spew_str(inc, "evening = (\n  { label = \"Lights low\"; before_bed = 999; "
	    "}\n);\n");
	ck_assert_int_eq(plan_load(&p, tmp, NULL, &cause), EX_DATAERR);
	printf("plan: %s\n", cause);
	want = xasprintf("%s:2: evening: 'before_bed' is 999; it must be 0 to "
	    "720", inc);
	ck_assert_ptr_nonnull(strstr(cause, "evening.inc:2: evening: "
	    "'before_bed' is 999; it must be 0 to 720"));
	free(want);
	free(cause);
	cause = NULL;

	spew_str(inc, "evening = (\n  { label = \"Lights low\"; before_bed = = "
	    "45; }\n);\n");
	ck_assert_int_eq(plan_load(&p, tmp, NULL, &cause), EX_DATAERR);
	printf("plan: %s\n", cause);
	line = 2;
	want = xasprintf("evening.inc:%d: syntax error", line);
	ck_assert_ptr_nonnull(strstr(cause, want));
	free(want);
	free(cause);
	free(inc);
}
END_TEST

/* One broken plan per kind of error ---------------------------------- */

START_TEST(test_err_syntax)
{
	char *text = edit(PLAN_FILE_DAYS, "day = 3;", "title = ",
	    "title = = ");
	int   line = line_of(text, "day = 3;", "title = = ");

	free(text);
	expect(PLAN_FILE_DAYS, line, "syntax error");
}
END_TEST

START_TEST(test_err_trailing_comma)
{
	/* The last step of day 3, with a comma after it: libconfig 1.5
	 * reports the ')' that follows. */
	char *text = edit(PLAN_FILE_DAYS, "day = 3;",
	    "for later meals\"\n", "for later meals\",\n");
	int   line = line_of(text, "for later meals\",\n", ");");

	free(text);
	expect(PLAN_FILE_DAYS, line, "syntax error");
}
END_TEST

START_TEST(test_err_missing_task)
{
	char *text = remove_setting(PLAN_FILE_DAYS, "day = 3;", "task");
	int   line;

	ck_assert_ptr_null(strstr(strstr(text, "day = 3;"), "task = \"Add"));
	/* The day's group starts on the line of its '{'. */
	line = line_of(text, NULL, "day = 3;") - 1;
	free(text);
	expect(PLAN_FILE_DAYS, line, "day 3: missing 'task'");
}
END_TEST

START_TEST(test_err_wrong_type)
{
	char *text = edit(PLAN_FILE_DAYS, NULL, "day = 3;", "day = \"3\";");
	int   line = line_of(text, NULL, "day = \"3\";");

	free(text);
	expect(PLAN_FILE_DAYS, line, "day 3: 'day' must be a whole number");
}
END_TEST

START_TEST(test_err_wrong_type_title)
{
	char *text = remove_setting(PLAN_FILE_DAYS, "day = 3;", "title");
	int   line;

	free(text);
	text = edit(PLAN_FILE_DAYS, "day = 3;", "id = \"magnesium\";",
	    "id = \"magnesium\"; title = 42;");
	line = line_of(text, NULL, "title = 42;");
	free(text);
	expect(PLAN_FILE_DAYS, line, "day 3: 'title' must be text in quotes");
}
END_TEST

START_TEST(test_err_day_gap)
{
	char *text = edit(PLAN_FILE_DAYS, NULL, "day = 3;", "day = 4;");
	int   line = line_of(text, "day = 2;", "day = 4;");

	free(text);
	expect(PLAN_FILE_DAYS, line, "day 3: days must be numbered 1 to N "
	    "without gaps; expected day 3 here, found 4");
}
END_TEST

START_TEST(test_err_day_dup_id)
{
	char *text = edit(PLAN_FILE_DAYS, "day = 3;", "id = \"magnesium\";",
	    "id = \"caffeine\";");
	int   line = line_of(text, "day = 3;", "id = \"caffeine\";");

	free(text);
	expect(PLAN_FILE_DAYS, line,
	    "day 3: duplicate id 'caffeine' (also day 1)");
}
END_TEST

START_TEST(test_err_dup_field)
{
	char *text = edit(PLAN_FILE_JOURNAL, NULL, "name = \"exercise\";",
	    "name = \"caffeine\";");
	/* Reported at the second field's group, the '{' line. */
	int   line = line_of(text, "name = \"caffeine\";\n      type = \"time\";"
	    "\n      none = true;\n      prompt = \"Workout", "name = ") - 1;

	free(text);
	expect(PLAN_FILE_JOURNAL, line, "field 2: duplicate name 'caffeine'");
}
END_TEST

START_TEST(test_err_not_utf8)
{
	char *text = edit(PLAN_FILE_DAYS, "day = 3;",
	    "title = \"A magnesium-rich dinner\";",
	    "title = \"A magn\xe9sium-rich dinner\";");
	int   line = line_of(text, NULL, "title = \"A magn\xe9");

	free(text);
	expect(PLAN_FILE_DAYS, line, "day 3: 'title' is not valid UTF-8 "
	    "text");
}
END_TEST

START_TEST(test_err_overlong_utf8)
{
	/* "/" encoded in two bytes, which a strict reader must refuse. */
	char *text = edit(PLAN_FILE_DAYS, "day = 3;", "Add it to tonight's",
	    "Add it\xc0\xaf to tonight's");
	int   line = line_of(text, NULL, "Add it\xc0\xaf");

	free(text);
	expect(PLAN_FILE_DAYS, line, "day 3: 'steps' has an entry that is not "
	    "valid UTF-8 text");
}
END_TEST

START_TEST(test_err_control_char)
{
	char *text = edit(PLAN_FILE_DAYS, "day = 3;",
	    "title = \"A magnesium-rich dinner\";",
	    "title = \"A magnesium-rich\x1b[31m dinner\";");
	int   line = line_of(text, NULL, "rich\x1b[31m");

	free(text);
	expect(PLAN_FILE_DAYS, line, "day 3: 'title' holds control "
	    "characters");
}
END_TEST

START_TEST(test_err_c1_control)
{
	/* U+009B, the one-byte CSI of some terminals, in UTF-8. */
	char *text = edit(PLAN_FILE_PMR, "id = \"feet\";", "name = \"Feet\";",
	    "name = \"Feet\xc2\x9b" "2J\";");
	int   line = line_of(text, NULL, "name = \"Feet\xc2\x9b");

	free(text);
	expect(PLAN_FILE_PMR, line, "group 1: 'name' holds control "
	    "characters");
}
END_TEST

START_TEST(test_err_escaped_newline)
{
	/* A "\n" escape is a newline in the text: not allowed either. */
	char *text = edit(PLAN_FILE_DAYS, "day = 3;",
	    "title = \"A magnesium-rich dinner\";",
	    "title = \"A magnesium-rich\\ndinner\";");
	int   line = line_of(text, NULL, "rich\\ndinner");

	free(text);
	expect(PLAN_FILE_DAYS, line, "day 3: 'title' holds control "
	    "characters");
}
END_TEST

/* A step of n code points, each "é" (two bytes). */
static char *
long_step(int n)
{
	struct buf b = { 0 };
	int        i;

	buf_puts(&b, "\"");
	for (i = 0; i < n; i++)
		buf_puts(&b, "\xc3\xa9");
	buf_puts(&b, "\",\n");
	return b.data;
}

START_TEST(test_err_step_too_long)
{
	struct plan p;
	char       *cause = NULL, *step, *text;
	int         line;

	/* 120 code points (240 bytes) are fine ... */
	step = long_step(PLAN_MAX_LINE);
	text = xasprintf("%s        \"Add it", step);
	free(step);
	step = text;
	text = edit(PLAN_FILE_DAYS, "day = 3;", "\"Add it", step);
	free(step);
	free(text);
	ck_assert_msg(plan_load(&p, tmp, NULL, &cause) == 0, "%s", cause);
	ck_assert_int_eq(p.days[2].nsteps, 4);
	ck_assert_int_eq(utf8_len(p.days[2].steps[1]), PLAN_MAX_LINE);
	plan_free(&p);
	/* ... 121 are too long to show. */
	text = edit(PLAN_FILE_DAYS, "day = 3;", "\"\xc3\xa9", "\"\xc3\xa9\xc3\xa9");
	line = line_of(text, "day = 3;", "\"\xc3\xa9");
	free(text);
	expect(PLAN_FILE_DAYS, line, "day 3: 'steps' holds text too long to "
	    "show (121 characters; at most 120)");
}
END_TEST

START_TEST(test_err_task_too_long)
{
	struct buf b = { 0 };
	char      *text;
	int        i, line;

	text = remove_setting(PLAN_FILE_DAYS, "day = 3;", "task");
	free(text);
	buf_puts(&b, "id = \"magnesium\";\n      task = \"");
	for (i = 0; i < PLAN_MAX_TEXT + 1; i++)
		buf_puts(&b, "\xe2\x9c\x93"); /* a check mark, 3 bytes */
	buf_puts(&b, "\";");
	text = edit(PLAN_FILE_DAYS, "day = 3;", "id = \"magnesium\";", b.data);
	buf_free(&b);
	line = line_of(text, "day = 3;", "task = ");
	free(text);
	expect(PLAN_FILE_DAYS, line, "day 3: 'task' is too long (601 "
	    "characters; at most 600)");
}
END_TEST

START_TEST(test_err_no_steps)
{
	char *text = remove_setting(PLAN_FILE_DAYS, "day = 3;", "steps");
	int   line;

	free(text);
	text = edit(PLAN_FILE_DAYS, "day = 3;", "id = \"magnesium\";",
	    "id = \"magnesium\";\n      steps = ( );");
	line = line_of(text, "day = 3;", "steps = ( );");
	free(text);
	expect(PLAN_FILE_DAYS, line,
	    "day 3: 'steps' must have 1 to 4 entries, not 0");
}
END_TEST

START_TEST(test_err_five_steps)
{
	char *text = edit(PLAN_FILE_DAYS, "day = 5;", "steps = (",
	    "steps = (\n        \"One more\",");
	int   line = line_of(text, "day = 5;", "steps = (");

	free(text);
	expect(PLAN_FILE_DAYS, line,
	    "day 5: 'steps' must have 1 to 4 entries, not 5");
}
END_TEST

START_TEST(test_err_pmr_step_range)
{
	char *text = edit(PLAN_FILE_DAYS, "day = 5;", "pmr_step = 2;",
	    "pmr_step = 5;");
	int   line = line_of(text, "day = 5;", "pmr_step = 5;");

	free(text);
	expect(PLAN_FILE_DAYS, line,
	    "day 5: 'pmr_step' is 5; it must be 1 to 4");
}
END_TEST

START_TEST(test_err_pmr_step_zero)
{
	char *text = edit(PLAN_FILE_DAYS, "day = 5;", "pmr_step = 2;",
	    "pmr_step = 0;");
	int   line = line_of(text, "day = 5;", "pmr_step = 0;");

	free(text);
	expect(PLAN_FILE_DAYS, line,
	    "day 5: 'pmr_step' is 0; it must be 1 to 4");
}
END_TEST

START_TEST(test_err_pmr_step_text)
{
	char *text = edit(PLAN_FILE_DAYS, "day = 5;", "pmr_step = 2;",
	    "pmr_step = \"2\";");
	int   line = line_of(text, "day = 5;", "pmr_step = ");

	free(text);
	expect(PLAN_FILE_DAYS, line,
	    "day 5: 'pmr_step' must be a whole number");
}
END_TEST

START_TEST(test_err_pmr_step_twice)
{
	char *text = edit(PLAN_FILE_DAYS, "day = 6;", "id = \"warm-bath\";",
	    "id = \"warm-bath\";\n      pmr_step = 1;");
	int   line = line_of(text, "day = 6;", "pmr_step = 1;");

	free(text);
	expect(PLAN_FILE_DAYS, line, "day 6: 'pmr_step' is set on day 5 "
	    "already; only one day may have it");
}
END_TEST

/* Without pmr_step a finished session ticks nothing; the plan loads. */
START_TEST(test_pmr_step_none)
{
	struct plan p;
	char       *text = remove_setting(PLAN_FILE_DAYS, "day = 5;",
	    "pmr_step"), *cause = NULL;
	int         day = -1;

	free(text);
	ck_assert_msg(plan_load(&p, tmp, NULL, &cause) == 0, "%s", cause);
	ck_assert_int_eq(plan_pmr_step(&p, &day), 0);
	ck_assert_int_eq(day, 0);
	plan_free(&p);
}
END_TEST

START_TEST(test_err_tense_zero)
{
	char *text = edit(PLAN_FILE_PMR, "pmr = {", "tense = 5;", "tense = 0;");
	int   line = line_of(text, "pmr = {", "tense = 0;");

	free(text);
	expect(PLAN_FILE_PMR, line, "'tense' is 0; it must be 1 to 60");
}
END_TEST

/* A command that needs only the days loads them from a plan whose
 * pmr.cfg is broken or gone; the whole plan still reports the error. */
START_TEST(test_parts_days_only)
{
	struct plan p;
	char       *text, *want, *path, *cause = NULL;
	int         line;

	text = edit(PLAN_FILE_PMR, "pmr = {", "tense = 5;", "tense = 0;");
	line = line_of(text, "pmr = {", "tense = 0;");
	free(text);
	ck_assert_msg(plan_load_parts(&p, tmp, NULL, PLAN_DAYS, &cause) == 0,
	    "%s", cause);
	ck_assert_uint_eq(p.parts, PLAN_DAYS);
	ck_assert_int_gt(p.ndays, 0);
	ck_assert_int_eq(p.pmr.nroutines, 0);
	ck_assert_int_eq(p.nfields, 0);
	ck_assert_int_eq(p.nrules, 0);
	plan_free(&p);

	want = msg(PLAN_FILE_PMR, line, "'tense' is 0; it must be 1 to 60");
	ck_assert_int_eq(plan_load_parts(&p, tmp, NULL, PLAN_ALL, &cause),
	    EX_DATAERR);
	ck_assert_str_eq(cause, want);
	ck_assert_ptr_null(p.days);
	free(cause);
	cause = NULL;
	/* plan_load is the whole plan. */
	ck_assert_int_eq(plan_load(&p, tmp, NULL, &cause), EX_DATAERR);
	ck_assert_str_eq(cause, want);
	free(cause);
	cause = NULL;
	free(want);

	path = path_in(PLAN_FILE_PMR);
	ck_assert_int_eq(unlink(path), 0);
	ck_assert_msg(plan_load_parts(&p, tmp, NULL, PLAN_DAYS, &cause) == 0,
	    "%s", cause);
	plan_free(&p);
	ck_assert_int_eq(plan_load_parts(&p, tmp, NULL, PLAN_DAYS | PLAN_PMR,
	    &cause), EX_NOINPUT);
	want = xasprintf("%s: No such file or directory", path);
	ck_assert_str_eq(cause, want);
	free(want);
	free(cause);
	free(path);
}
END_TEST

/* Trigger rules are checked against the journal, so they load it too;
 * without them a broken triggers.cfg is not read. */
START_TEST(test_parts_triggers_need_journal)
{
	struct plan p;
	char       *path, *cause = NULL;

	ck_assert_msg(plan_load_parts(&p, tmp, NULL, PLAN_TRIGGERS, &cause) ==
	    0, "%s", cause);
	ck_assert_uint_eq(p.parts, PLAN_TRIGGERS | PLAN_JOURNAL);
	ck_assert_int_gt(p.nfields, 0);
	ck_assert_int_gt(p.nrules, 0);
	ck_assert_int_eq(p.ndays, 0);
	plan_free(&p);

	path = path_in(PLAN_FILE_TRIGGERS);
	spew_str(path, "not libconfig at all\n");
	ck_assert_msg(plan_load_parts(&p, tmp, NULL, PLAN_DAYS | PLAN_JOURNAL |
	    PLAN_PMR, &cause) == 0, "%s", cause);
	ck_assert_int_gt(p.nfields, 0);
	ck_assert_int_eq(p.nrules, 0);
	plan_free(&p);
	ck_assert_int_eq(plan_load_parts(&p, tmp, NULL, PLAN_TRIGGERS, &cause),
	    EX_DATAERR);
	ck_assert_ptr_nonnull(strstr(cause, PLAN_FILE_TRIGGERS ":1: "));
	free(cause);
	free(path);
}
END_TEST

/* More parts later: a broken one fails alone and the plan keeps what it
 * had; a part already loaded is not read again. */
START_TEST(test_parts_load_more)
{
	struct plan p;
	char       *text, *want, *cause = NULL;
	int         line, ndays;

	ck_assert_msg(plan_load_parts(&p, tmp, NULL, PLAN_DAYS | PLAN_JOURNAL,
	    &cause) == 0, "%s", cause);
	ndays = p.ndays;
	text = edit(PLAN_FILE_PMR, "pmr = {", "tense = 5;", "tense = 0;");
	line = line_of(text, "pmr = {", "tense = 0;");
	free(text);
	want = msg(PLAN_FILE_PMR, line, "'tense' is 0; it must be 1 to 60");
	ck_assert_int_eq(plan_load_more(&p, NULL, PLAN_PMR, &cause),
	    EX_DATAERR);
	ck_assert_str_eq(cause, want);
	free(cause);
	cause = NULL;
	free(want);
	ck_assert_uint_eq(p.parts, PLAN_DAYS | PLAN_JOURNAL);
	ck_assert_int_eq(p.ndays, ndays);
	ck_assert_ptr_nonnull(p.days[0].title);
	ck_assert_int_gt(p.nfields, 0);
	ck_assert_int_eq(p.pmr.nroutines, 0);
	ck_assert_int_eq(p.pmr.ngroups, 0);
	ck_assert_ptr_null(p.pmr.groups);
	ck_assert_ptr_null(plan_routine(&p, "lower"));

	/* Mended, the part loads into the same plan. */
	text = edit(PLAN_FILE_PMR, "pmr = {", "tense = 0;", "tense = 5;");
	free(text);
	ck_assert_msg(plan_load_more(&p, NULL, PLAN_PMR | PLAN_TRIGGERS |
	    PLAN_GUIDE, &cause) == 0, "%s", cause);
	ck_assert_uint_eq(p.parts, PLAN_ALL);
	ck_assert_ptr_nonnull(plan_routine(&p, "lower"));
	ck_assert_int_gt(p.nrules, 0);
	ck_assert_int_eq(p.ndays, ndays);

	/* Loaded parts are not read again, even when broken since. */
	text = edit(PLAN_FILE_PMR, "pmr = {", "tense = 5;", "tense = 0;");
	free(text);
	ck_assert_int_eq(plan_load_more(&p, NULL, PLAN_ALL, &cause), 0);
	ck_assert_ptr_nonnull(plan_routine(&p, "lower"));
	plan_free(&p);

	/* A broken triggers.cfg takes back the journal it loaded with it,
	 * not one loaded before. */
	text = edit(PLAN_FILE_PMR, "pmr = {", "tense = 0;", "tense = 5;");
	free(text);
	{
		char *path = path_in(PLAN_FILE_TRIGGERS);

		spew_str(path, "not libconfig at all\n");
		free(path);
	}
	ck_assert_msg(plan_load_parts(&p, tmp, NULL, PLAN_DAYS, &cause) == 0,
	    "%s", cause);
	ck_assert_int_eq(plan_load_more(&p, NULL, PLAN_TRIGGERS, &cause),
	    EX_DATAERR);
	ck_assert_ptr_nonnull(strstr(cause, PLAN_FILE_TRIGGERS ":1: "));
	free(cause);
	cause = NULL;
	ck_assert_uint_eq(p.parts, PLAN_DAYS);
	ck_assert_int_eq(p.nfields, 0);
	ck_assert_ptr_null(p.fields);
	ck_assert_msg(plan_load_more(&p, NULL, PLAN_JOURNAL, &cause) == 0,
	    "%s", cause);
	ck_assert_int_eq(plan_load_more(&p, NULL, PLAN_TRIGGERS, &cause),
	    EX_DATAERR);
	free(cause);
	ck_assert_uint_eq(p.parts, PLAN_DAYS | PLAN_JOURNAL);
	ck_assert_int_gt(p.nfields, 0);
	plan_free(&p);
}
END_TEST

/* plan_load_parts of parts refuses tmp's plan with exactly want. */
static void
parts_fail(unsigned parts, const char *want)
{
	struct plan p;
	char       *cause = NULL;

	ck_assert_int_eq(plan_load_parts(&p, tmp, NULL, parts, &cause),
	    EX_DATAERR);
	ck_assert_str_eq(cause, want);
	ck_assert_ptr_null(p.days);
	free(cause);
}

/* seven-day.cfg is two parts: the days (what the today screen and
 * status show) and the guide (triggers, strategies, facts, red flags).
 * Either loads without reading the other's members, on the lines of
 * the whole file; together they are the whole file. */
START_TEST(test_parts_guide_apart)
{
	struct plan p, whole;
	char       *text, *want, *cause = NULL;
	int         line, i;

	ck_assert_msg(plan_load(&whole, tmp, NULL, &cause) == 0, "%s", cause);
	ck_assert_msg(plan_load_parts(&p, tmp, NULL, PLAN_DAYS, &cause) == 0,
	    "%s", cause);
	ck_assert_uint_eq(p.parts, PLAN_DAYS);
	ck_assert_int_eq(p.ndays, whole.ndays);
	ck_assert_int_eq(p.nhabits, whole.nhabits);
	ck_assert_int_eq(p.ndos, whole.ndos);
	ck_assert_int_eq(p.nevening, whole.nevening);
	ck_assert_str_eq(p.days[p.ndays - 1].task,
	    whole.days[whole.ndays - 1].task);
	ck_assert_str_eq(p.disclaimer, whole.disclaimer);
	ck_assert_int_eq(p.ntriggers, 0);
	ck_assert_int_eq(p.nstrategies, 0);
	ck_assert_int_eq(p.nfacts, 0);
	ck_assert_int_eq(p.nflags, 0);
	ck_assert_ptr_null(p.doctor_advice);
	ck_assert_ptr_null(p.flags);

	/* The guide joins the days it had. */
	ck_assert_msg(plan_load_more(&p, NULL, PLAN_GUIDE, &cause) == 0, "%s",
	    cause);
	ck_assert_uint_eq(p.parts, PLAN_DAYS | PLAN_GUIDE);
	ck_assert_int_eq(p.ntriggers, whole.ntriggers);
	ck_assert_int_eq(p.nstrategies, whole.nstrategies);
	ck_assert_int_eq(p.nfacts, whole.nfacts);
	ck_assert_int_eq(p.nflags, whole.nflags);
	ck_assert_int_gt(p.nflags, 0);
	for (i = 0; i < p.nflags; i++)
		ck_assert_str_eq(p.flags[i].question, whole.flags[i].question);
	ck_assert_str_eq(p.doctor_tell, whole.doctor_tell);
	ck_assert_str_eq(p.facts[p.nfacts - 1].text,
	    whole.facts[whole.nfacts - 1].text);
	ck_assert_int_eq(p.ndays, whole.ndays);
	plan_free(&p);

	/* The guide alone: no days. */
	ck_assert_msg(plan_load_parts(&p, tmp, NULL, PLAN_GUIDE, &cause) == 0,
	    "%s", cause);
	ck_assert_uint_eq(p.parts, PLAN_GUIDE);
	ck_assert_int_eq(p.ndays, 0);
	ck_assert_ptr_null(p.title);
	ck_assert_int_eq(p.nflags, whole.nflags);
	ck_assert_int_eq(p.ntriggers, whole.ntriggers);
	/* Freeing the days that are not there leaves the guide. */
	plan_free_parts(&p, PLAN_DAYS);
	ck_assert_int_eq(p.nflags, whole.nflags);
	ck_assert_ptr_nonnull(p.flags[0].id);
	plan_free_parts(&p, PLAN_GUIDE);
	ck_assert_int_eq(p.nflags, 0);
	ck_assert_ptr_null(p.flags);
	ck_assert_uint_eq(p.parts, 0);
	plan_free(&p);
	plan_free(&whole);

	/* A broken red flag breaks the guide, not the days. */
	text = edit(PLAN_FILE_DAYS, "seek_advice", "id = \"rhythmic\";",
	    "id = \"painful\";");
	line = line_of(text, "help = \"An ordinary sleep start",
	    "id = \"painful\";") - 1; /* the second flag's { */
	free(text);
	ck_assert_msg(plan_load_parts(&p, tmp, NULL, PLAN_DAYS, &cause) == 0,
	    "%s", cause);
	want = msg(PLAN_FILE_DAYS, line, "red flag 2: duplicate id 'painful'");
	ck_assert_int_eq(plan_load_more(&p, NULL, PLAN_GUIDE, &cause),
	    EX_DATAERR);
	ck_assert_str_eq(cause, want);
	free(cause);
	cause = NULL;
	ck_assert_uint_eq(p.parts, PLAN_DAYS);
	ck_assert_int_eq(p.nflags, 0);
	ck_assert_ptr_null(p.flags);
	ck_assert_int_gt(p.ndays, 0);
	ck_assert_ptr_nonnull(p.days[0].title);
	plan_free(&p);
	parts_fail(PLAN_ALL, want);
	free(want);
}
END_TEST

/* A syntax error in one part is the other's business only when the
 * file's outline is broken; within a member it stays in its part. */
START_TEST(test_parts_guide_syntax)
{
	struct plan p;
	char       *text, *want, *cause = NULL;
	int         line;

	text = edit(PLAN_FILE_DAYS, "facts = (", "id = \"common\";",
	    "id = = \"common\";");
	line = line_of(text, "facts = (", "id = = ");
	free(text);
	ck_assert_msg(plan_load_parts(&p, tmp, NULL, PLAN_DAYS, &cause) == 0,
	    "%s", cause);
	plan_free(&p);
	want = msg(PLAN_FILE_DAYS, line, "syntax error");
	parts_fail(PLAN_GUIDE, want);
	parts_fail(PLAN_ALL, want);
	free(want);
	text = edit(PLAN_FILE_DAYS, "facts = (", "id = = \"common\";",
	    "id = \"common\";");
	free(text);

	/* A day's error: the guide still loads, on its own lines. */
	text = edit(PLAN_FILE_DAYS, "days = (", "task = ", "tusk = ");
	line = line_of(text, "days = (", "tusk = ");
	free(text);
	ck_assert_msg(plan_load_parts(&p, tmp, NULL, PLAN_GUIDE, &cause) == 0,
	    "%s", cause);
	ck_assert_int_gt(p.nflags, 0);
	plan_free(&p);
	ck_assert_int_eq(plan_load_parts(&p, tmp, NULL, PLAN_DAYS, &cause),
	    EX_DATAERR);
	ck_assert_ptr_nonnull(strstr(cause, "day 1: unknown setting 'tusk'"));
	want = xasprintf("%s/%s:%d: ", tmp, PLAN_FILE_DAYS, line);
	ck_assert_msg(strncmp(cause, want, strlen(want)) == 0, "%s", cause);
	free(want);
	free(cause);
	cause = NULL;

	/* An error in the outline itself (a member cut short) is found by
	 * either part. */
	text = edit(PLAN_FILE_DAYS, "strategies = (", "strategies = (",
	    "strategies = ");
	free(text);
	ck_assert_int_eq(plan_load_parts(&p, tmp, NULL, PLAN_DAYS, &cause),
	    EX_DATAERR);
	ck_assert_ptr_nonnull(strstr(cause, "syntax error"));
	free(cause);
	cause = NULL;
	ck_assert_int_eq(plan_load_parts(&p, tmp, NULL, PLAN_GUIDE, &cause),
	    EX_DATAERR);
	ck_assert_ptr_nonnull(strstr(cause, "syntax error"));
	free(cause);
}
END_TEST

START_TEST(test_err_prepare_big)
{
	char *text = edit(PLAN_FILE_PMR, "pmr = {", "prepare = 6;",
	    "prepare = 61;");
	int   line = line_of(text, "pmr = {", "prepare = 61;");

	free(text);
	expect(PLAN_FILE_PMR, line, "'prepare' is 61; it must be 0 to 60");
}
END_TEST

START_TEST(test_err_rate_slow)
{
	char *text = edit(PLAN_FILE_PMR, "pmr = {", "rate = 140;",
	    "rate = 20;");
	int   line = line_of(text, "pmr = {", "rate = 20;");

	free(text);
	expect(PLAN_FILE_PMR, line, "'rate' is 20; it must be 80 to 450");
}
END_TEST

START_TEST(test_err_pitch_high)
{
	char *text = edit(PLAN_FILE_PMR, "pmr = {", "pitch = 40;",
	    "pitch = 101;");
	int   line = line_of(text, "pmr = {", "pitch = 101;");

	free(text);
	expect(PLAN_FILE_PMR, line, "'pitch' is 101; it must be 0 to 100");
}
END_TEST

START_TEST(test_err_voice_bad)
{
	char *text = edit(PLAN_FILE_PMR, "pmr = {", "voice = \"en\";",
	    "voice = \"en; rm\";");
	int   line = line_of(text, "pmr = {", "voice = \"en; rm\";");

	free(text);
	expect(PLAN_FILE_PMR, line, "'voice' must be an espeak-ng voice name "
	    "of a-z, 0-9, '-', '_' and '+'");
}
END_TEST

START_TEST(test_err_release_big)
{
	char *text = edit(PLAN_FILE_PMR, "pmr = {", "release = 30;",
	    "release = 9999;");
	int   line = line_of(text, "pmr = {", "release = 9999;");

	free(text);
	expect(PLAN_FILE_PMR, line, "'release' is 9999; it must be 1 to 300");
}
END_TEST

START_TEST(test_err_negative)
{
	char *text = edit(PLAN_FILE_PMR, "id = \"feet\";", "repeats = 2;",
	    "repeats = -1;");
	int   line = line_of(text, "id = \"feet\";", "repeats = -1;");

	free(text);
	expect(PLAN_FILE_PMR, line,
	    "group 1: 'repeats' is -1; it must be 1 to 5");
}
END_TEST

START_TEST(test_err_wrap_64bit)
{
	/* 9999999999 without an L would be wrapped by libconfig 1.5 into a
	 * small number that passes the range check. */
	char *text = edit(PLAN_FILE_PMR, "pmr = {", "tense = 5;",
	    "tense = 9999999999;");
	int   line = line_of(text, "pmr = {", "tense = 9999999999;");

	free(text);
	expect(PLAN_FILE_PMR, line, "integer 9999999999 is out of range "
	    "(libconfig would wrap it; 64-bit values need an L suffix)");
}
END_TEST

START_TEST(test_err_wrap_hex)
{
	char *text = edit(PLAN_FILE_PMR, "pmr = {", "tense = 5;",
	    "tense = 0x100000005;");
	int   line = line_of(text, "pmr = {", "tense = 0x100000005;");

	free(text);
	expect(PLAN_FILE_PMR, line, "integer 0x100000005 is out of range "
	    "(libconfig would wrap it; 64-bit values need an L suffix)");
}
END_TEST

START_TEST(test_err_64bit_range)
{
	/* With its L the value is read whole, then refused by range. */
	char *text = edit(PLAN_FILE_PMR, "pmr = {", "tense = 5;",
	    "tense = 4294967301L;");
	int   line = line_of(text, "pmr = {", "tense = 4294967301L;");

	free(text);
	expect(PLAN_FILE_PMR, line,
	    "'tense' is 4294967301; it must be 1 to 60");
}
END_TEST

START_TEST(test_err_include_outside)
{
	char *text = edit(PLAN_FILE_DAYS, NULL, "plan = {",
	    "@include \"/etc/passwd\"\nplan = {");
	int   line = line_of(text, NULL, "@include");

	free(text);
	expect(PLAN_FILE_DAYS, line, "@include \"/etc/passwd\" reaches outside "
	    "the plan directory");
}
END_TEST

START_TEST(test_err_include_dotdot)
{
	/* A relative path that climbs out, to a file that does exist. */
	char *outside = xasprintf("%s.cfg", tmp);
	char *name = strrchr(outside, '/') + 1, *inc, *text, *want;
	int   line;

	spew_str(outside, "x = 1;\n");
	inc = xasprintf("@include \"../%s\"\nplan = {", name);
	text = edit(PLAN_FILE_DAYS, NULL, "plan = {", inc);
	line = line_of(text, NULL, "@include");
	free(text);
	want = xasprintf("@include \"../%s\" reaches outside the plan "
	    "directory", name);
	expect(PLAN_FILE_DAYS, line, want);
	unlink(outside);
	free(want);
	free(inc);
	free(outside);
}
END_TEST

START_TEST(test_err_include_missing)
{
	char *text = edit(PLAN_FILE_TRIGGERS, NULL, "triggers = {",
	    "# extra rules\n@include \"more-rules.cfg\"\ntriggers = {");
	int   line = line_of(text, NULL, "@include");

	free(text);
	expect(PLAN_FILE_TRIGGERS, line, "@include \"more-rules.cfg\": No such "
	    "file or directory");
}
END_TEST

START_TEST(test_err_include_symlink_loop)
{
	char *loop = path_in("loop.cfg");
	char *text;
	int   line;

	ck_assert_int_eq(symlink("loop.cfg", loop), 0);
	text = edit(PLAN_FILE_JOURNAL, NULL, "journal = {",
	    "@include \"loop.cfg\"\njournal = {");
	line = line_of(text, NULL, "@include");
	free(text);
	free(loop);
	expect(PLAN_FILE_JOURNAL, line, "@include \"loop.cfg\": Too many "
	    "levels of symbolic links");
}
END_TEST

START_TEST(test_err_include_recursion)
{
	char *a = path_in("a.inc"), *b = path_in("b.inc"), *text, *want;
	int   line;

	spew_str(a, "\n@include \"b.inc\"\n");
	spew_str(b, "@include \"a.inc\"\n");
	text = edit(PLAN_FILE_JOURNAL, NULL, "journal = {",
	    "@include \"a.inc\"\njournal = {");
	line = line_of(text, NULL, "@include");
	free(text);
	want = xasprintf("@include nested too deeply");
	{
		struct plan p;
		char       *cause = NULL;

		ck_assert_int_eq(plan_load(&p, tmp, NULL, &cause), EX_DATAERR);
		printf("plan: %s\n", cause);
		/* Reported where the depth runs out, in one of the two. */
		ck_assert_ptr_nonnull(strstr(cause, want));
		ck_assert(strstr(cause, "/a.inc:2: ") != NULL ||
		    strstr(cause, "/b.inc:1: ") != NULL);
		free(cause);
	}
	(void)line;
	free(want);
	free(a);
	free(b);
}
END_TEST

START_TEST(test_err_too_large)
{
	char  *path = path_in(PLAN_FILE_TRIGGERS), *text, *big, *want;
	size_t len, size;

	text = slurp(path, &len);
	size = PLAN_MAX_FILE + 1;
	big = xmalloc(size);
	memcpy(big, text, len);
	/* Padding in a comment: valid, just too much of it. */
	memset(big + len, ' ', size - len);
	big[len] = '#';
	big[size - 1] = '\n';
	spew(path, big, size);
	want = xasprintf("file is too large (%zu bytes; at most %d)", size,
	    PLAN_MAX_FILE);
	expect(PLAN_FILE_TRIGGERS, 0, want);
	/* Exactly 1 MiB is still read. */
	big[size - 2] = '\n';
	spew(path, big, size - 1);
	{
		struct plan p;
		char       *cause = NULL;

		ck_assert_msg(plan_load(&p, tmp, NULL, &cause) == 0, "%s",
		    cause);
		plan_free(&p);
	}
	free(want);
	free(big);
	free(text);
	free(path);
}
END_TEST

START_TEST(test_err_missing_file)
{
	char *path = path_in(PLAN_FILE_TRIGGERS), *want;

	ck_assert_int_eq(unlink(path), 0);
	want = xasprintf("%s: No such file or directory", path);
	expect_error(EX_NOINPUT, want);
	free(want);
	free(path);
}
END_TEST

START_TEST(test_err_directory)
{
	char *path = path_in(PLAN_FILE_JOURNAL);

	ck_assert_int_eq(unlink(path), 0);
	ck_assert_int_eq(mkdir(path, 0700), 0);
	free(path);
	expect(PLAN_FILE_JOURNAL, 0, "Is a directory");
}
END_TEST

START_TEST(test_err_empty_file)
{
	char *want, *check;
	char *path = path_in(PLAN_FILE_PMR);

	spew(path, "", 0);
	free(path);
	want = msg(PLAN_FILE_PMR, 0, "must hold one group 'pmr = { ... };'");
	check = msg(PLAN_FILE_PMR, 0, "must hold one group 'pmr = { ... };'");
	expect_error2(EX_DATAERR, want, check);
	free(want);
	free(check);
}
END_TEST

START_TEST(test_err_nul_byte)
{
	char *path = path_in(PLAN_FILE_PMR), *text;
	size_t len;
	int    line;

	text = slurp(path, &len);
	line = line_of(text, NULL, "tense = 5;");
	*strstr(text, "tense = 5;") = '\0';
	spew(path, text, len);
	free(text);
	free(path);
	expect(PLAN_FILE_PMR, line, "NUL byte in file");
}
END_TEST

START_TEST(test_err_unknown_setting)
{
	char *text = edit(PLAN_FILE_DAYS, "day = 3;", "task = ", "taks = ");
	int   line = line_of(text, "day = 3;", "taks = ");

	free(text);
	expect(PLAN_FILE_DAYS, line, "day 3: unknown setting 'taks'");
}
END_TEST

START_TEST(test_err_rule_missing_field)
{
	char *text = edit(PLAN_FILE_TRIGGERS, NULL, "field = \"caffeine\";",
	    "field = \"coffee\";");
	/* Reported at the rule, the '{' line before its id. */
	int   line = line_of(text, NULL, "id = \"late-caffeine\";") - 1;

	free(text);
	expect(PLAN_FILE_TRIGGERS, line,
	    "rule 1: 'field' names no journal field ('coffee')");
}
END_TEST

START_TEST(test_err_rule_wrong_field_type)
{
	char *text = edit(PLAN_FILE_TRIGGERS, "id = \"high-stress\";",
	    "field = \"stress\";", "field = \"note\";");
	int   line = line_of(text, NULL, "id = \"high-stress\";") - 1;

	free(text);
	expect(PLAN_FILE_TRIGGERS, line,
	    "rule 6: 'at_least' needs a count or scale field");
}
END_TEST

START_TEST(test_err_rule_two_ops)
{
	char *text = edit(PLAN_FILE_TRIGGERS, NULL, "after = \"14:00\";",
	    "after = \"14:00\";\n      at_least = 4;");
	int   line = line_of(text, NULL, "id = \"late-caffeine\";") - 1;

	free(text);
	expect(PLAN_FILE_TRIGGERS, line, "rule 1: a rule needs exactly one of "
	    "'after', 'within_before', 'off_median' or 'at_least'");
}
END_TEST

START_TEST(test_err_rule_bad_if_value)
{
	char *text = edit(PLAN_FILE_TRIGGERS, NULL,
	    "if_value = \"vigorous\";", "if_value = \"brisk\";");
	int   line = line_of(text, NULL, "id = \"late-workout\";") - 1;

	free(text);
	expect(PLAN_FILE_TRIGGERS, line,
	    "rule 2: 'if_value' is not one of the field's choices");
}
END_TEST

START_TEST(test_err_routine_missing_group)
{
	char *text = edit(PLAN_FILE_PMR, "id = \"lower\";", "\"feet\"",
	    "\"toes\"");
	int   line = line_of(text, "id = \"lower\";", "\"toes\"");

	free(text);
	expect(PLAN_FILE_PMR, line, "routine 1: no muscle group has id 'toes'");
}
END_TEST

START_TEST(test_err_choice_without_choices)
{
	char *text = remove_setting(PLAN_FILE_JOURNAL, "name = \"intensity\";",
	    "choices");
	int   line = line_of(text, NULL, "name = \"intensity\";") - 1;

	free(text);
	expect(PLAN_FILE_JOURNAL, line, "field 3: missing 'choices'");
}
END_TEST

START_TEST(test_err_count_without_range)
{
	char *text = remove_setting(PLAN_FILE_JOURNAL, "name = \"twitches\";",
	    "max");
	int   line = line_of(text, NULL, "name = \"twitches\";") - 1;

	free(text);
	expect(PLAN_FILE_JOURNAL, line, "field 5: missing 'max'");
}
END_TEST

START_TEST(test_err_bad_time)
{
	char *text = edit(PLAN_FILE_DAYS, "day = 1;", "at = \"14:00\"",
	    "at = \"24:00\"");
	int   line = line_of(text, "day = 1;", "at = \"24:00\"");

	free(text);
	expect(PLAN_FILE_DAYS, line, "day 1: 'at' must be a time \"HH:MM\"");
}
END_TEST

START_TEST(test_err_wrong_group)
{
	char *want, *check;
	char *text = edit(PLAN_FILE_TRIGGERS, NULL, "triggers = {",
	    "trigger = {");

	free(text);
	want = msg(PLAN_FILE_TRIGGERS, 0,
	    "must hold one group 'triggers = { ... };'");
	check = msg(PLAN_FILE_TRIGGERS, 0,
	    "must hold one group 'triggers = { ... };'");
	expect_error2(EX_DATAERR, want, check);
	free(want);
	free(check);
}
END_TEST

/* A last line that is a comment with no newline after it is valid
 * (libconfig 1.5 alone calls it a syntax error: its comment rule needs the
 * newline). */
START_TEST(test_comment_at_eof)
{
	static const char *const tails[] = { "# the end", "// the end",
		"/* the end */" };
	char  *path = path_in(PLAN_FILE_TRIGGERS), *text, *with;
	size_t i, len;

	text = slurp(path, &len);
	for (i = 0; i < WD_NELEM(tails); i++) {
		struct plan p;
		char       *cause = NULL;

		with = xasprintf("%s%s", text, tails[i]);
		spew_str(path, with);
		free(with);
		ck_assert_msg(plan_load(&p, tmp, NULL, &cause) == 0,
		    "ending in '%s': %s", tails[i], cause);
		plan_free(&p);
	}
	free(text);
	free(path);
}
END_TEST

/* plan check on a single file, and on a path that is not there. */
START_TEST(test_check_paths)
{
	char *messages = NULL, *path, *want, *text;
	int   line;

	path = path_in("nothing-here");
	ck_assert_int_eq(plan_check(path, &messages), EX_NOINPUT);
	want = xasprintf("%s: No such file or directory\n", path);
	ck_assert_str_eq(messages, want);
	free(want);
	free(messages);
	messages = NULL;
	free(path);

	text = edit(PLAN_FILE_PMR, "pmr = {", "tense = 5;", "tense = 61;");
	line = line_of(text, "pmr = {", "tense = 61;");
	free(text);
	path = path_in(PLAN_FILE_PMR);
	ck_assert_int_eq(plan_check(path, &messages), EX_DATAERR);
	want = xasprintf("%s:%d: 'tense' is 61; it must be 1 to 60\n", path,
	    line);
	ck_assert_str_eq(messages, want);
	free(want);
	free(messages);
	messages = NULL;
	/* The other files on their own are clean. */
	free(path);
	path = path_in(PLAN_FILE_TRIGGERS);
	ck_assert_int_eq(plan_check(path, &messages), 0);
	ck_assert_ptr_null(messages);
	free(path);
}
END_TEST

/* Two broken files: plan check reports both, one line each. */
START_TEST(test_check_two_errors)
{
	char *messages = NULL, *text, *w1, *w2, *want;
	int   l1, l2;

	text = edit(PLAN_FILE_PMR, "pmr = {", "tense = 5;", "tense = 0;");
	l1 = line_of(text, "pmr = {", "tense = 0;");
	free(text);
	text = edit(PLAN_FILE_DAYS, "day = 3;", "task = ", "taks = ");
	l2 = line_of(text, "day = 3;", "taks = ");
	free(text);
	ck_assert_int_eq(plan_check(tmp, &messages), EX_DATAERR);
	printf("plan: check printed:\n%s", messages);
	w1 = msg(PLAN_FILE_DAYS, l2, "day 3: unknown setting 'taks'");
	w2 = msg(PLAN_FILE_PMR, l1, "'tense' is 0; it must be 1 to 60");
	want = xasprintf("%s\n%s\n", w1, w2);
	ck_assert_str_eq(messages, want);
	free(want);
	free(w1);
	free(w2);
	free(messages);
}
END_TEST

Suite *
plan_suite(void)
{
	Suite *s = suite_create("plan");
	TCase *tc;

	tc = tcase_create("bundled");
	tcase_add_test(tc, test_bundled);
	tcase_add_test(tc, test_timeline_day1);
	tcase_add_test(tc, test_timeline_day7);
	tcase_add_test(tc, test_routine_ids);
	suite_add_tcase(s, tc);

	tc = tcase_create("files");
	tcase_add_unchecked_fixture(tc, setup_base, teardown_base);
	tcase_add_checked_fixture(tc, setup_copy, teardown_copy);
	tcase_add_test(tc, test_override);
	tcase_add_test(tc, test_include_inside);
	tcase_add_test(tc, test_check_paths);
	tcase_add_test(tc, test_check_two_errors);
	tcase_add_test(tc, test_comment_at_eof);
	tcase_add_test(tc, test_parts_days_only);
	tcase_add_test(tc, test_parts_triggers_need_journal);
	tcase_add_test(tc, test_parts_load_more);
	tcase_add_test(tc, test_parts_guide_apart);
	tcase_add_test(tc, test_parts_guide_syntax);
	tcase_add_test(tc, test_timeline_tie);
	suite_add_tcase(s, tc);

	tc = tcase_create("errors");
	tcase_add_unchecked_fixture(tc, setup_base, teardown_base);
	tcase_add_checked_fixture(tc, setup_copy, teardown_copy);
	tcase_add_test(tc, test_err_syntax);
	tcase_add_test(tc, test_err_trailing_comma);
	tcase_add_test(tc, test_err_missing_task);
	tcase_add_test(tc, test_err_wrong_type);
	tcase_add_test(tc, test_err_wrong_type_title);
	tcase_add_test(tc, test_err_day_gap);
	tcase_add_test(tc, test_err_day_dup_id);
	tcase_add_test(tc, test_err_dup_field);
	tcase_add_test(tc, test_err_not_utf8);
	tcase_add_test(tc, test_err_overlong_utf8);
	tcase_add_test(tc, test_err_control_char);
	tcase_add_test(tc, test_err_c1_control);
	tcase_add_test(tc, test_err_escaped_newline);
	tcase_add_test(tc, test_err_step_too_long);
	tcase_add_test(tc, test_err_task_too_long);
	tcase_add_test(tc, test_err_no_steps);
	tcase_add_test(tc, test_err_five_steps);
	tcase_add_test(tc, test_err_pmr_step_range);
	tcase_add_test(tc, test_err_pmr_step_zero);
	tcase_add_test(tc, test_err_pmr_step_text);
	tcase_add_test(tc, test_err_pmr_step_twice);
	tcase_add_test(tc, test_pmr_step_none);
	tcase_add_test(tc, test_err_tense_zero);
	tcase_add_test(tc, test_err_prepare_big);
	tcase_add_test(tc, test_err_rate_slow);
	tcase_add_test(tc, test_err_pitch_high);
	tcase_add_test(tc, test_err_voice_bad);
	tcase_add_test(tc, test_err_release_big);
	tcase_add_test(tc, test_err_negative);
	tcase_add_test(tc, test_err_wrap_64bit);
	tcase_add_test(tc, test_err_wrap_hex);
	tcase_add_test(tc, test_err_64bit_range);
	tcase_add_test(tc, test_err_include_outside);
	tcase_add_test(tc, test_err_include_dotdot);
	tcase_add_test(tc, test_err_include_missing);
	tcase_add_test(tc, test_err_include_symlink_loop);
	tcase_add_test(tc, test_err_include_recursion);
	tcase_add_test(tc, test_err_too_large);
	tcase_add_test(tc, test_err_missing_file);
	tcase_add_test(tc, test_err_directory);
	tcase_add_test(tc, test_err_empty_file);
	tcase_add_test(tc, test_err_nul_byte);
	tcase_add_test(tc, test_err_unknown_setting);
	tcase_add_test(tc, test_err_rule_missing_field);
	tcase_add_test(tc, test_err_rule_wrong_field_type);
	tcase_add_test(tc, test_err_rule_two_ops);
	tcase_add_test(tc, test_err_rule_bad_if_value);
	tcase_add_test(tc, test_err_routine_missing_group);
	tcase_add_test(tc, test_err_choice_without_choices);
	tcase_add_test(tc, test_err_count_without_range);
	tcase_add_test(tc, test_err_bad_time);
	tcase_add_test(tc, test_err_wrong_group);
	suite_add_tcase(s, tc);
	return s;
}
