/* Plan files: load the four libconfig files of a plan directory into a
 * struct plan and validate every value, naming file and line. */
#include "winddown/plan.h"

#include <errno.h>
#include <libconfig.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sysexits.h>
#include <unistd.h>

#include "winddown/cfg.h"
#include "winddown/util.h"

enum plan_part {
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

static const char *const field_types[] = {
	[FIELD_TIME] = "time",
	[FIELD_COUNT] = "count",
	[FIELD_SCALE] = "scale",
	[FIELD_YESNO] = "yesno",
	[FIELD_CHOICE] = "choice",
	[FIELD_TEXT] = "text",
};

/* A string element of a list, validated as a line of text. */
static int
elem_text(struct cfgctx *ctx, const config_setting_t *s, const char *name,
    size_t maxcp, char **out)
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
static config_setting_t *
elem_group(struct cfgctx *ctx, const config_setting_t *l, int i,
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

static int
load_rule(struct cfgctx *ctx, const config_setting_t *g, struct plan_rule *r)
{
	static const char *const known[] = { "label", "at", "before_bed",
		"until_bed", NULL };
	long long v;
	int       has_at, has_before;

	r->at = r->before_bed = r->until_bed = -1;
	if (cfg_known(ctx, g, known) < 0 ||
	    cfg_text(ctx, g, "label", false, PLAN_MAX_LINE, false,
	    &r->label) < 0)
		return -1;
	if ((has_at = cfg_time(ctx, g, "at", true, &r->at)) < 0)
		return -1;
	if ((has_before = cfg_int(ctx, g, "before_bed", true, 0, 720,
	    &v)) < 0)
		return -1;
	if (has_before)
		r->before_bed = (int)v;
	if (has_at == has_before)
		return cfg_error(ctx, g, "a rule needs exactly one of 'at' or "
		    "'before_bed'");
	if (cfg_int(ctx, g, "until_bed", true, 0, 719, &v) < 0)
		return -1;
	if (config_setting_get_member(g, "until_bed") != NULL) {
		if (!has_before || v >= r->before_bed)
			return cfg_error(ctx, g, "'until_bed' needs a larger "
			    "'before_bed'");
		r->until_bed = (int)v;
	}
	return 0;
}

static int
load_rules(struct cfgctx *ctx, const config_setting_t *g, const char *name,
    struct plan_rule **out, int *n)
{
	config_setting_t *l = cfg_list(ctx, g, name, true, 0, PLAN_MAX_ITEMS);
	int               i, count;

	if (ctx->failed)
		return -1;
	count = l != NULL ? config_setting_length(l) : 0;
	*out = xcalloc((size_t)count, sizeof **out);
	for (i = 0; i < count; i++) {
		config_setting_t *e = elem_group(ctx, l, i, name);

		*n = i + 1;
		if (e == NULL || load_rule(ctx, e, &(*out)[i]) < 0)
			return -1;
	}
	return 0;
}

static int
load_day(struct cfgctx *ctx, const config_setting_t *g, int index,
    struct plan *p)
{
	static const char *const known[] = { "day", "id", "title", "task",
		"why", "steps", "tip", "rules", NULL };
	struct plan_day  *d = &p->days[index];
	config_setting_t *steps;
	long long         v;
	int               i;

	d->line = config_setting_source_line(g);
	if (cfg_known(ctx, g, known) < 0 ||
	    cfg_int(ctx, g, "day", false, 1, PLAN_MAX_DAYS, &v) < 0)
		return -1;
	if (v != index + 1) {
		return cfg_error(ctx, config_setting_get_member(g, "day"),
		    "days must be numbered 1 to N without gaps; expected day "
		    "%d here, found %lld", index + 1, v);
	}
	d->number = (int)v;
	if (cfg_id(ctx, g, "id", false, &d->id) < 0)
		return -1;
	for (i = 0; i < index; i++) {
		if (strcmp(p->days[i].id, d->id) == 0)
			return cfg_error(ctx, config_setting_get_member(g, "id"),
			    "duplicate id '%s' (also day %d)", d->id, i + 1);
	}
	if (cfg_text(ctx, g, "title", false, PLAN_MAX_LINE, false,
	    &d->title) < 0 ||
	    cfg_text(ctx, g, "task", false, PLAN_MAX_TEXT, false, &d->task) < 0 ||
	    cfg_text(ctx, g, "why", false, PLAN_MAX_TEXT, false, &d->why) < 0 ||
	    cfg_text(ctx, g, "tip", true, PLAN_MAX_TEXT, false, &d->tip) < 0)
		return -1;
	steps = cfg_list(ctx, g, "steps", false, 1, PLAN_MAX_STEPS);
	if (steps == NULL)
		return -1;
	for (i = 0; i < config_setting_length(steps); i++) {
		if (elem_text(ctx, config_setting_get_elem(steps, (unsigned)i),
		    "steps", PLAN_MAX_LINE, &d->steps[i]) < 0)
			return -1;
		d->nsteps = i + 1;
	}
	return load_rules(ctx, g, "rules", &d->rules, &d->nrules);
}

/* A list of {id, title, text} items with unique ids. */
static int
load_items(struct cfgctx *ctx, const config_setting_t *g, const char *name,
    bool optional, struct plan_item **out, int *n)
{
	static const char *const known[] = { "id", "title", "text", NULL };
	config_setting_t *l;
	int               i, k, count;

	l = cfg_list(ctx, g, name, optional, optional ? 0 : 1, PLAN_MAX_ITEMS);
	if (ctx->failed)
		return -1;
	count = l != NULL ? config_setting_length(l) : 0;
	*out = xcalloc((size_t)count, sizeof **out);
	for (i = 0; i < count; i++) {
		config_setting_t *e = elem_group(ctx, l, i, name);
		struct plan_item *it = &(*out)[i];

		*n = i + 1;
		cfg_what(ctx, "%s %d", name, i + 1);
		if (e == NULL || cfg_known(ctx, e, known) < 0 ||
		    cfg_id(ctx, e, "id", false, &it->id) < 0 ||
		    cfg_text(ctx, e, "title", false, PLAN_MAX_LINE, false,
		    &it->title) < 0 ||
		    cfg_text(ctx, e, "text", false, PLAN_MAX_TEXT, false,
		    &it->text) < 0)
			return -1;
		for (k = 0; k < i; k++) {
			if (strcmp((*out)[k].id, it->id) == 0)
				return cfg_error(ctx, e, "duplicate id '%s'",
				    it->id);
		}
	}
	cfg_what(ctx, NULL);
	return 0;
}

static int
load_advice(struct cfgctx *ctx, const config_setting_t *root, struct plan *p)
{
	static const char *const known[] = { "flags", "advice", "tell", NULL };
	static const char *const fknown[] = { "id", "question", "help", NULL };
	config_setting_t *g, *l;
	int               i, k;

	if ((g = cfg_group(ctx, root, "seek_advice", false)) == NULL)
		return -1;
	cfg_what(ctx, "seek_advice");
	if (cfg_known(ctx, g, known) < 0 ||
	    cfg_text(ctx, g, "advice", false, PLAN_MAX_TEXT, false,
	    &p->doctor_advice) < 0 ||
	    cfg_text(ctx, g, "tell", false, PLAN_MAX_TEXT, false,
	    &p->doctor_tell) < 0)
		return -1;
	if ((l = cfg_list(ctx, g, "flags", false, 1, PLAN_MAX_ITEMS)) == NULL)
		return -1;
	p->flags = xcalloc((size_t)config_setting_length(l), sizeof *p->flags);
	for (i = 0; i < config_setting_length(l); i++) {
		config_setting_t *e = elem_group(ctx, l, i, "flags");
		struct plan_flag *f = &p->flags[i];

		p->nflags = i + 1;
		cfg_what(ctx, "red flag %d", i + 1);
		if (e == NULL || cfg_known(ctx, e, fknown) < 0 ||
		    cfg_id(ctx, e, "id", false, &f->id) < 0 ||
		    cfg_text(ctx, e, "question", false, PLAN_MAX_LINE, false,
		    &f->question) < 0 ||
		    cfg_text(ctx, e, "help", true, PLAN_MAX_TEXT, false,
		    &f->help) < 0)
			return -1;
		if (!cfg_is_name(f->id, strlen(f->id)))
			return cfg_error(ctx, config_setting_get_member(e, "id"),
			    "a red-flag 'id' must start with a letter and hold "
			    "only a-z, 0-9 and '_'");
		for (k = 0; k < i; k++) {
			if (strcmp(p->flags[k].id, f->id) == 0)
				return cfg_error(ctx, e, "duplicate id '%s'",
				    f->id);
		}
	}
	cfg_what(ctx, NULL);
	return 0;
}

static int
load_days_file(struct cfgctx *ctx, const config_setting_t *g, struct plan *p)
{
	static const char *const known[] = { "id", "title", "source",
		"disclaimer", "days", "evening", "dos", "triggers",
		"strategies", "facts", "seek_advice", NULL };
	static const char *const sknown[] = { "title", "author", NULL };
	static const char *const dknown[] = { "do", "dont", NULL };
	config_setting_t *s, *l;
	int               i;

	if (cfg_known(ctx, g, known) < 0 ||
	    cfg_id(ctx, g, "id", false, &p->id) < 0 ||
	    cfg_text(ctx, g, "title", false, PLAN_MAX_LINE, false,
	    &p->title) < 0 ||
	    cfg_text(ctx, g, "disclaimer", false, PLAN_MAX_TEXT, false,
	    &p->disclaimer) < 0)
		return -1;
	if ((s = cfg_group(ctx, g, "source", false)) == NULL)
		return -1;
	cfg_what(ctx, "source");
	if (cfg_known(ctx, s, sknown) < 0 ||
	    cfg_text(ctx, s, "title", false, PLAN_MAX_LINE, false,
	    &p->source_title) < 0 ||
	    cfg_text(ctx, s, "author", false, PLAN_MAX_LINE, false,
	    &p->source_author) < 0)
		return -1;
	cfg_what(ctx, NULL);
	if ((l = cfg_list(ctx, g, "days", false, 1, PLAN_MAX_DAYS)) == NULL)
		return -1;
	p->days = xcalloc((size_t)config_setting_length(l), sizeof *p->days);
	for (i = 0; i < config_setting_length(l); i++) {
		config_setting_t *e;

		cfg_what(ctx, "day %d", i + 1);
		p->ndays = i + 1;
		if ((e = elem_group(ctx, l, i, "days")) == NULL ||
		    load_day(ctx, e, i, p) < 0)
			return -1;
	}
	cfg_what(ctx, "evening");
	if (load_rules(ctx, g, "evening", &p->evening, &p->nevening) < 0)
		return -1;
	cfg_what(ctx, NULL);
	if ((l = cfg_list(ctx, g, "dos", false, 1, PLAN_MAX_ITEMS)) == NULL)
		return -1;
	p->dos = xcalloc((size_t)config_setting_length(l), sizeof *p->dos);
	for (i = 0; i < config_setting_length(l); i++) {
		config_setting_t *e = elem_group(ctx, l, i, "dos");

		p->ndos = i + 1;
		cfg_what(ctx, "dos %d", i + 1);
		if (e == NULL || cfg_known(ctx, e, dknown) < 0 ||
		    cfg_text(ctx, e, "do", false, PLAN_MAX_LINE, false,
		    &p->dos[i].good) < 0 ||
		    cfg_text(ctx, e, "dont", false, PLAN_MAX_LINE, false,
		    &p->dos[i].bad) < 0)
			return -1;
	}
	cfg_what(ctx, NULL);
	if (load_items(ctx, g, "triggers", false, &p->triggers,
	    &p->ntriggers) < 0 ||
	    load_items(ctx, g, "strategies", false, &p->strategies,
	    &p->nstrategies) < 0 ||
	    load_items(ctx, g, "facts", true, &p->facts, &p->nfacts) < 0)
		return -1;
	return load_advice(ctx, g, p);
}

/* The speech settings: voice, rate and pitch, each optional. */
static int
load_voice(struct cfgctx *ctx, const config_setting_t *g,
    struct pmr_plan *m)
{
	long long   v;
	const char *c;

	if (cfg_text(ctx, g, "voice", true, PLAN_MAX_ID, false,
	    &m->voice) < 0)
		return -1;
	if (m->voice != NULL) {
		for (c = m->voice; *c != '\0'; c++) {
			if (!((*c >= 'a' && *c <= 'z') ||
			    (*c >= '0' && *c <= '9') || *c == '-' ||
			    *c == '_' || *c == '+'))
				return cfg_error(ctx,
				    config_setting_get_member(g, "voice"),
				    "'voice' must be an espeak-ng voice name "
				    "of a-z, 0-9, '-', '_' and '+'");
		}
		if (m->voice[0] == '\0') {
			free(m->voice);
			m->voice = NULL;
		}
	}
	v = PLAN_SPEECH_RATE;
	if (cfg_int(ctx, g, "rate", true, PLAN_SPEECH_RATE_MIN,
	    PLAN_SPEECH_RATE_MAX, &v) < 0)
		return -1;
	m->rate = (int)v;
	v = PLAN_SPEECH_PITCH;
	if (cfg_int(ctx, g, "pitch", true, 0, 100, &v) < 0)
		return -1;
	m->pitch = (int)v;
	return 0;
}

static int
load_pmr_file(struct cfgctx *ctx, const config_setting_t *g, struct plan *p)
{
	static const char *const known[] = { "tense", "release", "settle",
		"prepare", "voice", "rate", "pitch", "settle_cue", "finish_cue",
		"groups", "routines", NULL };
	static const char *const gknown[] = { "id", "name", "tense",
		"release", "repeats", NULL };
	static const char *const rknown[] = { "id", "title", "groups", NULL };
	struct pmr_plan  *m = &p->pmr;
	config_setting_t *l;
	long long         v;
	int               i, k, j;

	if (cfg_known(ctx, g, known) < 0)
		return -1;
	if (cfg_int(ctx, g, "tense", false, 1, 60, &v) < 0)
		return -1;
	m->tense_s = (int)v;
	if (cfg_int(ctx, g, "release", false, 1, 300, &v) < 0)
		return -1;
	m->release_s = (int)v;
	if (cfg_int(ctx, g, "settle", false, 0, 120, &v) < 0)
		return -1;
	m->settle_s = (int)v;
	v = 0;
	if (cfg_int(ctx, g, "prepare", true, 0, 60, &v) < 0)
		return -1;
	m->prepare_s = (int)v;
	if (load_voice(ctx, g, m) < 0)
		return -1;
	if (cfg_text(ctx, g, "settle_cue", false, PLAN_MAX_LINE, false,
	    &m->settle_cue) < 0 ||
	    cfg_text(ctx, g, "finish_cue", false, PLAN_MAX_LINE, false,
	    &m->finish_cue) < 0)
		return -1;
	if ((l = cfg_list(ctx, g, "groups", false, 1, PLAN_MAX_ITEMS)) == NULL)
		return -1;
	m->groups = xcalloc((size_t)config_setting_length(l), sizeof *m->groups);
	for (i = 0; i < config_setting_length(l); i++) {
		config_setting_t *e = elem_group(ctx, l, i, "groups");
		struct pmr_group *gr = &m->groups[i];

		m->ngroups = i + 1;
		cfg_what(ctx, "group %d", i + 1);
		if (e == NULL || cfg_known(ctx, e, gknown) < 0 ||
		    cfg_id(ctx, e, "id", false, &gr->id) < 0 ||
		    cfg_text(ctx, e, "name", false, PLAN_MAX_LINE, false,
		    &gr->name) < 0 ||
		    cfg_text(ctx, e, "tense", false, PLAN_MAX_LINE, false,
		    &gr->tense) < 0 ||
		    cfg_text(ctx, e, "release", false, PLAN_MAX_LINE, false,
		    &gr->release) < 0)
			return -1;
		v = 1;
		if (cfg_int(ctx, e, "repeats", true, 1, 5, &v) < 0)
			return -1;
		gr->repeats = (int)v;
		for (k = 0; k < i; k++) {
			if (strcmp(m->groups[k].id, gr->id) == 0)
				return cfg_error(ctx, e, "duplicate id '%s'",
				    gr->id);
		}
	}
	cfg_what(ctx, NULL);
	if ((l = cfg_list(ctx, g, "routines", false, 1, 16)) == NULL)
		return -1;
	m->routines = xcalloc((size_t)config_setting_length(l),
	    sizeof *m->routines);
	for (i = 0; i < config_setting_length(l); i++) {
		config_setting_t   *e = elem_group(ctx, l, i, "routines"), *gl;
		struct pmr_routine *r = &m->routines[i];

		m->nroutines = i + 1;
		cfg_what(ctx, "routine %d", i + 1);
		if (e == NULL || cfg_known(ctx, e, rknown) < 0 ||
		    cfg_id(ctx, e, "id", false, &r->id) < 0 ||
		    cfg_text(ctx, e, "title", false, PLAN_MAX_LINE, false,
		    &r->title) < 0)
			return -1;
		for (k = 0; k < i; k++) {
			if (strcmp(m->routines[k].id, r->id) == 0)
				return cfg_error(ctx, e, "duplicate id '%s'",
				    r->id);
		}
		gl = cfg_list(ctx, e, "groups", false, 1, PLAN_MAX_ITEMS);
		if (gl == NULL)
			return -1;
		r->groups = xcalloc((size_t)config_setting_length(gl),
		    sizeof *r->groups);
		for (k = 0; k < config_setting_length(gl); k++) {
			config_setting_t *s = config_setting_get_elem(gl,
			    (unsigned)k);
			const char       *id;

			if (config_setting_type(s) != CONFIG_TYPE_STRING)
				return cfg_error(ctx, s, "'groups' must list "
				    "group ids in quotes");
			id = config_setting_get_string(s);
			for (j = 0; j < m->ngroups; j++) {
				if (strcmp(m->groups[j].id, id) == 0)
					break;
			}
			if (j == m->ngroups)
				return cfg_error(ctx, s, "no muscle group has "
				    "id '%s'", id);
			r->groups[k] = j;
			r->ngroups = k + 1;
		}
	}
	cfg_what(ctx, NULL);
	return 0;
}

static int
load_field(struct cfgctx *ctx, const config_setting_t *e,
    struct journal_field *f)
{
	static const char *const known[] = { "name", "type", "prompt", "help",
		"min", "max", "none", "diary", "choices", NULL };
	config_setting_t *s, *l;
	const char       *type, *name;
	long long         v;
	bool              b;
	int               k;

	if (cfg_known(ctx, e, known) < 0)
		return -1;
	s = config_setting_get_member(e, "name");
	if (s == NULL)
		return cfg_error(ctx, e, "missing 'name'");
	name = config_setting_type(s) == CONFIG_TYPE_STRING ?
	    config_setting_get_string(s) : "";
	if (!cfg_is_name(name, strlen(name)))
		return cfg_error(ctx, s, "'name' must be 1-%d characters of "
		    "a-z, 0-9 and '_', starting with a letter", PLAN_MAX_ID);
	f->name = xstrdup(name);
	s = config_setting_get_member(e, "type");
	if (s == NULL)
		return cfg_error(ctx, e, "missing 'type'");
	type = config_setting_type(s) == CONFIG_TYPE_STRING ?
	    config_setting_get_string(s) : "";
	for (k = 0; k < (int)WD_NELEM(field_types); k++) {
		if (strcmp(field_types[k], type) == 0)
			break;
	}
	if (k == (int)WD_NELEM(field_types))
		return cfg_error(ctx, s, "'type' must be one of time, count, "
		    "scale, yesno, choice, text");
	f->type = (enum field_type)k;
	if (cfg_text(ctx, e, "prompt", false, PLAN_MAX_LINE, false,
	    &f->prompt) < 0 ||
	    cfg_text(ctx, e, "help", true, PLAN_MAX_TEXT, false, &f->help) < 0)
		return -1;
	b = false;
	if (cfg_bool(ctx, e, "diary", true, &b) < 0)
		return -1;
	f->diary = b;
	b = false;
	if (cfg_bool(ctx, e, "none", true, &b) < 0)
		return -1;
	f->none = b;
	if (b && f->type != FIELD_TIME)
		return cfg_error(ctx, e, "'none' applies only to time fields");
	if (f->type == FIELD_COUNT || f->type == FIELD_SCALE) {
		if (cfg_int(ctx, e, "min", false, 0, 100000, &v) < 0)
			return -1;
		f->min = (int)v;
		if (cfg_int(ctx, e, "max", false, 0, 100000, &v) < 0)
			return -1;
		f->max = (int)v;
		if (f->max <= f->min)
			return cfg_error(ctx, config_setting_get_member(e,
			    "max"), "'max' must be greater than 'min'");
	} else if (f->type == FIELD_TEXT) {
		if (cfg_int(ctx, e, "max", false, 1, 1000, &v) < 0)
			return -1;
		f->max = (int)v;
	} else if (config_setting_get_member(e, "min") != NULL ||
	    config_setting_get_member(e, "max") != NULL)
		return cfg_error(ctx, e, "'min' and 'max' apply only to count, "
		    "scale and text fields");
	l = cfg_list(ctx, e, "choices", f->type != FIELD_CHOICE, 2, 16);
	if (ctx->failed)
		return -1;
	if (l != NULL && f->type != FIELD_CHOICE)
		return cfg_error(ctx, l, "'choices' applies only to choice "
		    "fields");
	if (l != NULL) {
		f->choices = xcalloc((size_t)config_setting_length(l),
		    sizeof *f->choices);
		for (k = 0; k < config_setting_length(l); k++) {
			s = config_setting_get_elem(l, (unsigned)k);
			if (config_setting_type(s) != CONFIG_TYPE_STRING ||
			    !cfg_is_id(config_setting_get_string(s)))
				return cfg_error(ctx, s, "each choice must be "
				    "1-%d characters of a-z, 0-9, '-', '_'",
				    PLAN_MAX_ID);
			f->choices[k] = xstrdup(config_setting_get_string(s));
			f->nchoices = k + 1;
		}
	}
	return 0;
}

static int
load_journal_file(struct cfgctx *ctx, const config_setting_t *g,
    struct plan *p)
{
	static const char *const known[] = { "fields", NULL };
	config_setting_t *l;
	int               i, k;

	if (cfg_known(ctx, g, known) < 0)
		return -1;
	if ((l = cfg_list(ctx, g, "fields", false, 1, PLAN_MAX_ITEMS)) == NULL)
		return -1;
	p->fields = xcalloc((size_t)config_setting_length(l), sizeof *p->fields);
	for (i = 0; i < config_setting_length(l); i++) {
		config_setting_t *e = elem_group(ctx, l, i, "fields");

		p->nfields = i + 1;
		cfg_what(ctx, "field %d", i + 1);
		if (e == NULL || load_field(ctx, e, &p->fields[i]) < 0)
			return -1;
		for (k = 0; k < i; k++) {
			if (strcmp(p->fields[k].name, p->fields[i].name) == 0)
				return cfg_error(ctx, e, "duplicate name '%s'",
				    p->fields[i].name);
		}
	}
	cfg_what(ctx, NULL);
	return 0;
}

static int
load_trigger(struct cfgctx *ctx, const config_setting_t *e,
    struct trigger_rule *r)
{
	static const char *const known[] = { "id", "label", "field", "after",
		"within_before", "off_median", "at_least", "ref", "if_field",
		"if_value", NULL };
	long long v;
	int       t, ops = 0;

	if (cfg_known(ctx, e, known) < 0 ||
	    cfg_id(ctx, e, "id", false, &r->id) < 0 ||
	    cfg_text(ctx, e, "label", false, PLAN_MAX_LINE, false,
	    &r->label) < 0 ||
	    cfg_id(ctx, e, "field", false, &r->field) < 0)
		return -1;
	if ((t = cfg_time(ctx, e, "after", true, &r->value)) < 0)
		return -1;
	if (t) {
		r->op = TRIG_AFTER;
		ops++;
	}
	if ((t = cfg_int(ctx, e, "within_before", true, 0, 1440, &v)) < 0)
		return -1;
	if (t) {
		r->op = TRIG_WITHIN_BEFORE;
		r->value = (int)v;
		ops++;
	}
	if ((t = cfg_int(ctx, e, "off_median", true, 0, 720, &v)) < 0)
		return -1;
	if (t) {
		r->op = TRIG_OFF_MEDIAN;
		r->value = (int)v;
		ops++;
	}
	if ((t = cfg_int(ctx, e, "at_least", true, -100000, 100000, &v)) < 0)
		return -1;
	if (t) {
		r->op = TRIG_AT_LEAST;
		r->value = (int)v;
		ops++;
	}
	if (ops != 1)
		return cfg_error(ctx, e, "a rule needs exactly one of 'after', "
		    "'within_before', 'off_median' or 'at_least'");
	if ((t = cfg_id(ctx, e, "ref", r->op != TRIG_WITHIN_BEFORE,
	    &r->ref)) < 0)
		return -1;
	if (t && r->op != TRIG_WITHIN_BEFORE)
		return cfg_error(ctx, e, "'ref' goes only with 'within_before'");
	if (cfg_id(ctx, e, "if_field", true, &r->if_field) < 0 ||
	    cfg_id(ctx, e, "if_value", true, &r->if_value) < 0)
		return -1;
	if ((r->if_field == NULL) != (r->if_value == NULL))
		return cfg_error(ctx, e, "'if_field' and 'if_value' go "
		    "together");
	return 0;
}

static int
load_triggers_file(struct cfgctx *ctx, const config_setting_t *g,
    struct plan *p)
{
	static const char *const known[] = { "rules", NULL };
	config_setting_t *l;
	int               i, k;

	if (cfg_known(ctx, g, known) < 0)
		return -1;
	if ((l = cfg_list(ctx, g, "rules", false, 0, PLAN_MAX_ITEMS)) == NULL)
		return -1;
	p->rules = xcalloc((size_t)config_setting_length(l), sizeof *p->rules);
	for (i = 0; i < config_setting_length(l); i++) {
		config_setting_t *e = elem_group(ctx, l, i, "rules");

		p->nrules = i + 1;
		cfg_what(ctx, "rule %d", i + 1);
		if (e == NULL || load_trigger(ctx, e, &p->rules[i]) < 0)
			return -1;
		for (k = 0; k < i; k++) {
			if (strcmp(p->rules[k].id, p->rules[i].id) == 0)
				return cfg_error(ctx, e, "duplicate id '%s'",
				    p->rules[i].id);
		}
	}
	cfg_what(ctx, NULL);
	return 0;
}

/* Check that each trigger rule names journal fields of a fitting type.
 * Errors point at the rule's line, kept in lines[]. */
static int
check_rule_fields(const struct plan *p, const char *name, const int *lines,
    char **cause)
{
	const struct journal_field *f, *c;
	int                         i, k;

	for (i = 0; i < p->nrules; i++) {
		const struct trigger_rule *r = &p->rules[i];
		const char                *bad = NULL, *what = NULL;

		f = plan_field(p, r->field);
		if (f == NULL) {
			bad = "'field' names no journal field";
			what = r->field;
		}
		else if (r->op == TRIG_AT_LEAST && f->type != FIELD_COUNT &&
		    f->type != FIELD_SCALE)
			bad = "'at_least' needs a count or scale field";
		else if (r->op != TRIG_AT_LEAST && f->type != FIELD_TIME)
			bad = "this rule needs a time field";
		else if (r->ref != NULL && ((c = plan_field(p, r->ref)) ==
		    NULL || c->type != FIELD_TIME))
			bad = "'ref' must name a time field of the journal";
		else if (r->if_field != NULL) {
			c = plan_field(p, r->if_field);
			if (c == NULL) {
				bad = "'if_field' names no journal field";
				what = r->if_field;
			}
			else if (c->type == FIELD_CHOICE) {
				for (k = 0; k < c->nchoices; k++) {
					if (strcmp(c->choices[k],
					    r->if_value) == 0)
						break;
				}
				if (k == c->nchoices)
					bad = "'if_value' is not one of the "
					    "field's choices";
			}
		}
		if (bad != NULL)
			return wd_fail(cause, EX_DATAERR, "%s:%d: rule %d: %s%s%s%s",
			    name, lines != NULL ? lines[i] : 0, i + 1, bad,
			    what != NULL ? " ('" : "", what != NULL ? what : "",
			    what != NULL ? "')" : "");
	}
	return 0;
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
 * part the file holds; *got receives it. lines receives rule lines. */
static int
load_file(struct plan *p, const char *path, int want, int *got,
    int **lines, char **cause)
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
		load_days_file(&ctx, g, p);
	else if (part == PART_PMR)
		load_pmr_file(&ctx, g, p);
	else if (part == PART_JOURNAL)
		load_journal_file(&ctx, g, p);
	else if (load_triggers_file(&ctx, g, p) == 0 && lines != NULL) {
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
plan_load(struct plan *p, const char *dir, const char *override_dir,
    char **cause)
{
	char *paths[PART_COUNT] = { NULL };
	int  *lines = NULL;
	int   i, got, rc = 0;

	memset(p, 0, sizeof *p);
	p->dir = xstrdup(dir);
	for (i = 0; i < PART_COUNT && rc == 0; i++) {
		paths[i] = part_path(dir, override_dir, i);
		rc = load_file(p, paths[i], i, &got, &lines, cause);
	}
	if (rc == 0)
		rc = check_rule_fields(p, paths[PART_TRIGGERS], lines, cause);
	for (i = 0; i < PART_COUNT; i++)
		free(paths[i]);
	free(lines);
	if (rc != 0)
		plan_free(p);
	return rc;
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
	rc = load_file(&p, path, want, &got, &lines, &cause);
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
		if (load_file(&j, jpath, PART_JOURNAL, &got, NULL, NULL) == 0) {
			p.fields = j.fields;
			p.nfields = j.nfields;
			j.fields = NULL;
			j.nfields = 0;
			rc = check_rule_fields(&p, path, lines, &cause);
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

void
plan_free(struct plan *p)
{
	int i, k;

	free(p->dir);
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

int
plan_day_steps(const struct plan *p, int number)
{
	if (number < 1 || number > p->ndays)
		return 0;
	return p->days[number - 1].nsteps;
}

/* Minutes from noon, so an evening sorts after the afternoon. */
static int
from_noon(int minutes)
{
	return ((minutes - 12 * 60) % (24 * 60) + 24 * 60) % (24 * 60);
}

static int
compare_entries(const void *a, const void *b)
{
	const struct timeline_entry *x = a, *y = b;
	int                          kx = from_noon(x->at), ky = from_noon(y->at);

	if (kx != ky)
		return kx < ky ? -1 : 1;
	if ((x->label == NULL) != (y->label == NULL))
		return (x->label == NULL) - (y->label == NULL);
	return (x->seq > y->seq) - (x->seq < y->seq);
}

/* Add rule r to the timeline. */
static int
timeline_add(const struct plan_rule *r, int day, int bedtime,
    struct timeline_entry *out, int n, int max)
{
	if (n >= max)
		return n;
	out[n].label = r->label;
	out[n].day = day;
	out[n].seq = n;
	out[n].until = -1;
	if (r->at >= 0)
		out[n].at = r->at;
	else {
		out[n].at = ((bedtime - r->before_bed) % 1440 + 1440) % 1440;
		if (r->until_bed >= 0)
			out[n].until = ((bedtime - r->until_bed) % 1440 +
			    1440) % 1440;
	}
	return n + 1;
}

int
plan_timeline(const struct plan *p, int upto, int bedtime,
    struct timeline_entry *out, int max)
{
	int i, k, n = 0;

	for (i = 0; i < p->ndays && i < upto; i++) {
		for (k = 0; k < p->days[i].nrules; k++)
			n = timeline_add(&p->days[i].rules[k], i + 1, bedtime,
			    out, n, max);
	}
	for (k = 0; k < p->nevening; k++)
		n = timeline_add(&p->evening[k], 0, bedtime, out, n, max);
	if (n < max) {
		out[n].at = bedtime;
		out[n].until = -1;
		out[n].label = NULL;
		out[n].day = 0;
		out[n].seq = n;
		n++;
	}
	qsort(out, (size_t)n, sizeof *out, compare_entries);
	return n;
}
