/* Plan files: load the four libconfig files of a plan directory into a
 * struct plan and validate every value, naming file and line. */
#include "winddown/plan.h"

#include <errno.h>
#include <stddef.h>
#include <libconfig.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sysexits.h>
#include <unistd.h>

#include "winddown/cfg.h"
#include "winddown/util.h"
#include "plan-int.h"

/* The files by index; part i is the PLAN_* bit 1 << i. */
enum {
	PART_DAYS,
	PART_PMR,
	PART_JOURNAL,
	PART_TRIGGERS,
	PART_COUNT
};

static const struct {
	const char *file;
	const char *group;
} plan_parts[PART_COUNT] = {
	[PART_DAYS] = { PLAN_FILE_DAYS, "plan" },
	[PART_PMR] = { PLAN_FILE_PMR, "pmr" },
	[PART_JOURNAL] = { PLAN_FILE_JOURNAL, "journal" },
	[PART_TRIGGERS] = { PLAN_FILE_TRIGGERS, "triggers" },
};

/* A string element of a list, validated as a line of text. */
int
plan_elem_text(struct cfgctx *ctx, const config_setting_t *s,
    const char *name, size_t maxcp, char **out)
{
	const char *v;

	if (config_setting_type(s) != CONFIG_TYPE_STRING)
		return cfg_error(ctx, s, "each of '%s' must be text in quotes",
		    name);
	v = config_setting_get_string(s);
	if (utf8_problem(v, strlen(v), false) != NULL)
		return cfg_error(ctx, s, "'%s' has an entry that %s", name,
		    utf8_problem(v, strlen(v), false));
	if (v[0] == '\0')
		return cfg_error(ctx, s, "'%s' holds empty text", name);
	if (utf8_len(v) > maxcp)
		return cfg_error(ctx, s, "'%s' holds text too long to show "
		    "(%zu characters; at most %zu)", name, utf8_len(v), maxcp);
	*out = xstrdup(v);
	return 0;
}

/* The elements of list l must be groups. */
config_setting_t *
plan_elem_group(struct cfgctx *ctx, const config_setting_t *l, int i,
    const char *name)
{
	config_setting_t *s = config_setting_get_elem(l, (unsigned)i);

	if (!config_setting_is_group(s)) {
		cfg_error(ctx, s, "each entry of '%s' must be a group { ... }",
		    name);
		return NULL;
	}
	return s;
}

/* Which part a file is, from its top-level group; -1 if none. */
static int
part_of(const config_t *cfg)
{
	int i;

	for (i = 0; i < PART_COUNT; i++) {
		if (config_lookup(cfg, plan_parts[i].group) != NULL)
			return i;
	}
	return -1;
}

/* Load one file into p. want is the part expected, or -1 to take the
 * part the file holds; *got receives it. lines receives rule lines.
 * Of seven-day.cfg, only the parts in days (PLAN_DAYS, PLAN_GUIDE) are
 * parsed and loaded; of the other files, all. */
static int
load_file(struct plan *p, const char *path, int want, unsigned days,
    int *got, int **lines, char **cause)
{
	struct cfgctx     ctx = { .name = path, .cause = cause };
	config_t          cfg;
	config_setting_t *g;
	char             *text, *root;
	size_t            len;
	int               rc, part, i;

	rc = cfg_read_file(path, PLAN_MAX_FILE, &text, &len, cause);
	if (rc != 0)
		return rc;
	root = xstrdup(path);
	if (strrchr(root, '/') != NULL)
		*strrchr(root, '/') = '\0';
	else {
		free(root);
		root = xstrdup(".");
	}
	config_init(&cfg);
	days &= PLAN_DAYS | PLAN_GUIDE;
	if (want == PART_DAYS && days != (PLAN_DAYS | PLAN_GUIDE))
		rc = cfg_parse_members(&cfg, path, text, len, root,
		    plan_guide_members, days == PLAN_GUIDE, cause);
	else
		rc = cfg_parse(&cfg, path, text, len, root, cause);
	free(text);
	free(root);
	if (rc != 0) {
		config_destroy(&cfg);
		return rc;
	}
	part = part_of(&cfg);
	if (want >= 0 && (part != want || config_setting_length(
	    config_root_setting(&cfg)) != 1)) {
		config_destroy(&cfg);
		return wd_fail(cause, EX_DATAERR, "%s: must hold one group "
		    "'%s = { ... };'", path, plan_parts[want].group);
	}
	if (part < 0) {
		config_destroy(&cfg);
		return wd_fail(cause, EX_DATAERR, "%s: holds none of the groups "
		    "plan, pmr, journal or triggers", path);
	}
	*got = part;
	g = config_lookup(&cfg, plan_parts[part].group);
	if (!config_setting_is_group(g))
		cfg_error(&ctx, g, "'%s' must be a group { ... }",
		    plan_parts[part].group);
	else if (part == PART_DAYS)
		plan_load_days(&ctx, g, p, want == PART_DAYS ? days :
		    PLAN_DAYS | PLAN_GUIDE);
	else if (part == PART_PMR)
		plan_load_pmr(&ctx, g, p);
	else if (part == PART_JOURNAL)
		plan_load_journal(&ctx, g, p);
	else if (plan_load_triggers(&ctx, g, p) == 0 && lines != NULL) {
		config_setting_t *l = config_setting_get_member(g, "rules");

		*lines = xcalloc((size_t)p->nrules, sizeof **lines);
		for (i = 0; i < p->nrules; i++)
			(*lines)[i] = config_setting_source_line(
			    config_setting_get_elem(l, (unsigned)i));
	}
	config_destroy(&cfg);
	return ctx.failed ? EX_DATAERR : 0;
}

/* The path of part i: override_dir's file when it exists, else dir's. */
static char *
part_path(const char *dir, const char *override_dir, int i)
{
	struct stat sb;
	char       *path;

	if (override_dir != NULL) {
		path = xasprintf("%s/%s", override_dir, plan_parts[i].file);
		if (stat(path, &sb) == 0 || errno != ENOENT)
			return path;
		free(path);
	}
	return xasprintf("%s/%s", dir, plan_parts[i].file);
}

int
plan_load_more(struct plan *p, const char *override_dir, unsigned parts,
    char **cause)
{
	char *paths[PART_COUNT] = { NULL };
	int  *lines = NULL;
	int   i, got, rc = 0;

	if (parts & PLAN_TRIGGERS)
		parts |= PLAN_JOURNAL; /* rules are checked against fields */
	parts &= PLAN_ALL & ~p->parts;
	for (i = 0; i < PART_COUNT && rc == 0; i++) {
		/* seven-day.cfg holds two parts, read together or apart */
		if ((parts & (1U << i)) == 0 &&
		    !(i == PART_DAYS && (parts & PLAN_GUIDE)))
			continue;
		paths[i] = part_path(p->dir, override_dir, i);
		rc = load_file(p, paths[i], i, parts, &got, &lines, cause);
	}
	if (rc == 0 && (parts & PLAN_TRIGGERS))
		rc = plan_check_rule_fields(p, paths[PART_TRIGGERS], lines,
		    cause);
	for (i = 0; i < PART_COUNT; i++)
		free(paths[i]);
	free(lines);
	if (rc != 0)
		plan_free_parts(p, parts); /* what it had stays */
	else
		p->parts |= parts;
	return rc;
}

int
plan_load_parts(struct plan *p, const char *dir, const char *override_dir,
    unsigned parts, char **cause)
{
	int rc;

	memset(p, 0, sizeof *p);
	p->dir = xstrdup(dir);
	if ((rc = plan_load_more(p, override_dir, parts, cause)) != 0)
		plan_free(p);
	return rc;
}

int
plan_load(struct plan *p, const char *dir, const char *override_dir,
    char **cause)
{
	return plan_load_parts(p, dir, override_dir, PLAN_ALL, cause);
}

/* Append one message line. */
static void
add_message(char **messages, const char *msg)
{
	char *old = *messages;

	*messages = xasprintf("%s%s\n", old != NULL ? old : "", msg);
	free(old);
}

/* Lint one file; a trigger file is checked against the journal beside
 * it when that one loads. */
static int
check_file(const char *path, char **messages)
{
	struct plan p, j;
	const char *base;
	char       *cause = NULL, *dir, *jpath;
	int        *lines = NULL;
	int         rc, got = -1, want = -1, i;

	memset(&p, 0, sizeof p);
	/* A file named like a part of a plan must be that part. */
	base = strrchr(path, '/') != NULL ? strrchr(path, '/') + 1 : path;
	for (i = 0; i < PART_COUNT; i++) {
		if (strcmp(base, plan_parts[i].file) == 0)
			want = i;
	}
	rc = load_file(&p, path, want, PLAN_ALL, &got, &lines, &cause);
	if (rc == 0 && got == PART_TRIGGERS) {
		memset(&j, 0, sizeof j);
		dir = xstrdup(path);
		if (strrchr(dir, '/') != NULL)
			*strrchr(dir, '/') = '\0';
		else {
			free(dir);
			dir = xstrdup(".");
		}
		jpath = xasprintf("%s/%s", dir, PLAN_FILE_JOURNAL);
		if (load_file(&j, jpath, PART_JOURNAL, 0, &got, NULL,
		    NULL) == 0) {
			p.fields = j.fields;
			p.nfields = j.nfields;
			j.fields = NULL;
			j.nfields = 0;
			rc = plan_check_rule_fields(&p, path, lines, &cause);
		}
		plan_free(&j);
		free(jpath);
		free(dir);
	}
	if (rc != 0)
		add_message(messages, cause);
	free(cause);
	free(lines);
	plan_free(&p);
	return rc;
}

int
plan_check(const char *path, char **messages)
{
	struct stat sb;
	struct plan p;
	char       *cause = NULL;
	int         rc = 0, r, i;

	if (stat(path, &sb) == -1) {
		char *msg = xasprintf("%s: %s", path, strerror(errno));

		add_message(messages, msg);
		free(msg);
		return EX_NOINPUT;
	}
	if (!S_ISDIR(sb.st_mode))
		return check_file(path, messages);
	/* A directory: each file on its own, then the whole plan. */
	for (i = 0; i < PART_COUNT; i++) {
		char *f = xasprintf("%s/%s", path, plan_parts[i].file);

		r = check_file(f, messages);
		if (r != 0)
			rc = rc == 0 ? r : rc;
		free(f);
	}
	if (rc == 0 && (rc = plan_load(&p, path, NULL, &cause)) == 0)
		plan_free(&p);
	else if (cause != NULL)
		add_message(messages, cause);
	free(cause);
	return rc;
}

static void
free_items(struct plan_item *it, int n)
{
	int i;

	for (i = 0; i < n; i++) {
		free(it[i].id);
		free(it[i].title);
		free(it[i].text);
	}
	free(it);
}

static void
free_rules(struct plan_rule *r, int n)
{
	int i;

	for (i = 0; i < n; i++)
		free(r[i].label);
	free(r);
}

/* Free the fields of the parts in mask and leave them empty. */
void
plan_free_parts(struct plan *p, unsigned mask)
{
	int i, k;

	if (mask & PLAN_DAYS) {
		free(p->id);
		free(p->title);
		free(p->source_title);
		free(p->source_author);
		free(p->disclaimer);
		for (i = 0; i < p->ndays; i++) {
			struct plan_day *d = &p->days[i];

			free(d->id);
			free(d->title);
			free(d->task);
			free(d->why);
			free(d->tip);
			for (k = 0; k < d->nsteps; k++)
				free(d->steps[k]);
			free_rules(d->rules, d->nrules);
		}
		free(p->days);
		free_rules(p->evening, p->nevening);
		for (i = 0; i < p->ndos; i++) {
			free(p->dos[i].good);
			free(p->dos[i].bad);
		}
		free(p->dos);
		for (i = 0; i < p->nhabits; i++)
			free(p->habits[i]);
		/* The members from id to nhabits are the days'. */
		memset(&p->id, 0, offsetof(struct plan, triggers) -
		    offsetof(struct plan, id));
	}
	if (mask & PLAN_GUIDE) {
		free_items(p->triggers, p->ntriggers);
		free_items(p->strategies, p->nstrategies);
		free_items(p->facts, p->nfacts);
		for (i = 0; i < p->nflags; i++) {
			free(p->flags[i].id);
			free(p->flags[i].question);
			free(p->flags[i].help);
		}
		free(p->flags);
		free(p->doctor_advice);
		free(p->doctor_tell);
		/* The members from triggers to doctor_tell are the guide's. */
		memset(&p->triggers, 0, offsetof(struct plan, pmr) -
		    offsetof(struct plan, triggers));
	}
	if (mask & PLAN_PMR) {
		free(p->pmr.settle_cue);
		free(p->pmr.voice);
		free(p->pmr.finish_cue);
		for (i = 0; i < p->pmr.ngroups; i++) {
			free(p->pmr.groups[i].id);
			free(p->pmr.groups[i].name);
			free(p->pmr.groups[i].tense);
			free(p->pmr.groups[i].release);
		}
		free(p->pmr.groups);
		for (i = 0; i < p->pmr.nroutines; i++) {
			free(p->pmr.routines[i].id);
			free(p->pmr.routines[i].title);
			free(p->pmr.routines[i].groups);
		}
		free(p->pmr.routines);
		memset(&p->pmr, 0, sizeof p->pmr);
	}
	if (mask & PLAN_JOURNAL) {
		for (i = 0; i < p->nfields; i++) {
			struct journal_field *f = &p->fields[i];

			free(f->name);
			free(f->prompt);
			free(f->help);
			for (k = 0; k < f->nchoices; k++)
				free(f->choices[k]);
			free(f->choices);
		}
		free(p->fields);
		p->fields = NULL;
		p->nfields = 0;
	}
	if (mask & PLAN_TRIGGERS) {
		for (i = 0; i < p->nrules; i++) {
			struct trigger_rule *r = &p->rules[i];

			free(r->id);
			free(r->label);
			free(r->field);
			free(r->ref);
			free(r->if_field);
			free(r->if_value);
		}
		free(p->rules);
		p->rules = NULL;
		p->nrules = 0;
	}
	p->parts &= ~mask;
}

void
plan_free(struct plan *p)
{
	plan_free_parts(p, PLAN_ALL);
	free(p->dir);
	memset(p, 0, sizeof *p);
}

const struct journal_field *
plan_field(const struct plan *p, const char *name)
{
	int i = plan_field_index(p, name);

	return i >= 0 ? &p->fields[i] : NULL;
}

int
plan_field_index(const struct plan *p, const char *name)
{
	int i;

	for (i = 0; i < p->nfields; i++) {
		if (strcmp(p->fields[i].name, name) == 0)
			return i;
	}
	return -1;
}

char *
plan_routine_ids(const struct plan *p)
{
	struct buf b = { NULL, 0, 0 };
	int        i;

	for (i = 0; i < p->pmr.nroutines; i++)
		buf_printf(&b, "%s%s", i > 0 ? ", " : "",
		    p->pmr.routines[i].id);
	return b.data != NULL ? b.data : xstrdup("none");
}

const struct pmr_routine *
plan_routine(const struct plan *p, const char *id)
{
	int i;

	for (i = 0; i < p->pmr.nroutines; i++) {
		if (strcmp(p->pmr.routines[i].id, id) == 0)
			return &p->pmr.routines[i];
	}
	return NULL;
}

const char *
plan_routine_name(const struct plan *p, const char *id)
{
	const struct pmr_routine *r = id != NULL ? plan_routine(p, id) : NULL;

	return r != NULL && r->title != NULL ? r->title : id;
}

int
plan_day_steps(const struct plan *p, int number)
{
	if (number < 1)
		return 0;
	if (number > p->ndays)
		return p->nhabits;
	return p->days[number - 1].nsteps;
}

const char *
plan_step_text(const struct plan *p, int number, int step)
{
	if (step < 1 || step > plan_day_steps(p, number))
		return NULL;
	if (number > p->ndays)
		return p->habits[step - 1];
	return p->days[number - 1].steps[step - 1];
}
