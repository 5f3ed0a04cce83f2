/* The plan itself, seven-day.cfg: its days and steps, the evening rules,
 * the do/don't lists and advice, and the evening timeline they make. */
#include "winddown/plan.h"

#include <libconfig.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "winddown/cfg.h"
#include "winddown/util.h"
#include "plan-int.h"

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
		config_setting_t *e = plan_elem_group(ctx, l, i, name);

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
		"why", "steps", "tip", "rules", "pmr_step", NULL };
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
		if (plan_elem_text(ctx, config_setting_get_elem(steps, (unsigned)i),
		    "steps", PLAN_MAX_LINE, &d->steps[i]) < 0)
			return -1;
		d->nsteps = i + 1;
	}
	/* The step a finished relaxation session ticks: one day at most. */
	if (cfg_int(ctx, g, "pmr_step", true, 1, d->nsteps, &v) < 0)
		return -1;
	if (config_setting_get_member(g, "pmr_step") != NULL) {
		for (i = 0; i < index; i++) {
			if (p->days[i].pmr_step > 0)
				return cfg_error(ctx, config_setting_get_member(g,
				    "pmr_step"), "'pmr_step' is set on day %d "
				    "already; only one day may have it", i + 1);
		}
		d->pmr_step = (int)v;
	}
	return load_rules(ctx, g, "rules", &d->rules, &d->nrules);
}

int
plan_pmr_step(const struct plan *p, int *day)
{
	int i;

	*day = 0;
	for (i = 0; i < p->ndays; i++) {
		if (p->days[i].pmr_step > 0) {
			*day = p->days[i].number;
			return p->days[i].pmr_step;
		}
	}
	return 0;
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
		config_setting_t *e = plan_elem_group(ctx, l, i, name);
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
		config_setting_t *e = plan_elem_group(ctx, l, i, "flags");
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

const char *const plan_guide_members[] = { "triggers", "strategies",
	"facts", "seek_advice", NULL };

/* The guide: what the tips, the red-flag questions and the review use. */
static int
load_guide(struct cfgctx *ctx, const config_setting_t *g, struct plan *p)
{
	if (load_items(ctx, g, "triggers", false, &p->triggers,
	    &p->ntriggers) < 0 ||
	    load_items(ctx, g, "strategies", false, &p->strategies,
	    &p->nstrategies) < 0 ||
	    load_items(ctx, g, "facts", true, &p->facts, &p->nfacts) < 0)
		return -1;
	return load_advice(ctx, g, p);
}

int
plan_load_days(struct cfgctx *ctx, const config_setting_t *g,
    struct plan *p, unsigned parts)
{
	static const char *const known[] = { "id", "title", "source",
		"disclaimer", "days", "evening", "dos", "habits", "triggers",
		"strategies", "facts", "seek_advice", "bedtime", NULL };
	static const char *const sknown[] = { "title", "author", NULL };
	static const char *const dknown[] = { "do", "dont", NULL };
	config_setting_t *s, *l;
	int               i;

	if (!(parts & PLAN_DAYS))
		return load_guide(ctx, g, p);
	if (cfg_known(ctx, g, known) < 0 ||
	    cfg_id(ctx, g, "id", false, &p->id) < 0 ||
	    cfg_text(ctx, g, "title", false, PLAN_MAX_LINE, false,
	    &p->title) < 0 ||
	    cfg_text(ctx, g, "disclaimer", false, PLAN_MAX_TEXT, false,
	    &p->disclaimer) < 0)
		return -1;
	p->bedtime = PLAN_BEDTIME_DEFAULT;
	if (cfg_time(ctx, g, "bedtime", true, &p->bedtime) < 0)
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
		if ((e = plan_elem_group(ctx, l, i, "days")) == NULL ||
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
		config_setting_t *e = plan_elem_group(ctx, l, i, "dos");

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
	if ((l = cfg_list(ctx, g, "habits", true, 1, PLAN_MAX_HABITS)) != NULL) {
		for (i = 0; i < config_setting_length(l); i++) {
			if (plan_elem_text(ctx, config_setting_get_elem(l,
			    (unsigned)i), "habits", PLAN_MAX_LINE,
			    &p->habits[i]) < 0)
				return -1;
			p->nhabits = i + 1;
		}
	} else if (ctx->failed)
		return -1;
	return (parts & PLAN_GUIDE) ? load_guide(ctx, g, p) : 0;
}

/* Minutes from noon, so an evening sorts after the afternoon. */
/* Minutes from m back to bedtime b: 0..1439. */
static int
to_bed(int m, int b)
{
	return ((b - m) % 1440 + 1440) % 1440;
}

/* Earliest first: most minutes before bed; at the same time, the plan's
 * order (bedtime itself is added last, so it follows the rules). */
static int
compare_entries(const void *a, const void *b)
{
	const struct timeline_entry *x = a, *y = b;

	if (x->before != y->before)
		return x->before > y->before ? -1 : 1;
	return (x->seq > y->seq) - (x->seq < y->seq);
}

/* Add rule r of plan p to the timeline. */
static int
timeline_add(const struct plan *p, const struct plan_rule *r, int day,
    int bedtime, struct timeline_entry *out, int n, int max)
{
	if (n >= max)
		return n;
	out[n].label = r->label;
	out[n].day = day;
	out[n].seq = n;
	out[n].until = -1;
	out[n].before = r->at >= 0 ? to_bed(r->at, p->bedtime) :
	    r->before_bed % 1440;
	out[n].at = ((bedtime - out[n].before) % 1440 + 1440) % 1440;
	if (r->at < 0 && r->until_bed >= 0)
		out[n].until = ((bedtime - r->until_bed) % 1440 + 1440) % 1440;
	return n + 1;
}

int
plan_timeline(const struct plan *p, int upto, int bedtime,
    struct timeline_entry *out, int max)
{
	int i, k, n = 0;

	for (i = 0; i < p->ndays && i < upto; i++) {
		for (k = 0; k < p->days[i].nrules; k++)
			n = timeline_add(p, &p->days[i].rules[k], i + 1,
			    bedtime, out, n, max);
	}
	for (k = 0; k < p->nevening; k++)
		n = timeline_add(p, &p->evening[k], 0, bedtime, out, n,
		    max);
	if (n < max) {
		out[n].at = bedtime;
		out[n].before = 0;
		out[n].until = -1;
		out[n].label = NULL;
		out[n].day = 0;
		out[n].seq = n;
		n++;
	}
	qsort(out, (size_t)n, sizeof *out, compare_entries);
	return n;
}
