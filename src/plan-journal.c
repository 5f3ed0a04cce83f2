/* The journal part of a plan, journal.cfg, and the trigger rules of
 * triggers.cfg, checked against the journal's fields. */
#include "winddown/plan.h"

#include <libconfig.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "winddown/cfg.h"
#include "winddown/util.h"
#include "plan-int.h"

static const char *const field_types[] = {
	[FIELD_TIME] = "time",
	[FIELD_COUNT] = "count",
	[FIELD_SCALE] = "scale",
	[FIELD_YESNO] = "yesno",
	[FIELD_CHOICE] = "choice",
	[FIELD_TEXT] = "text",
};

/* Names a field may not take: the keys a night already has beside its
 * values, in the state file and in the exports and review JSON ("date",
 * "updated", "values"), and the measures the review JSON derives. A
 * field of that name would make two keys of one. */
static const char *const field_reserved[] = { "date", "updated", "values",
	"time_in_bed", "total_sleep_time", "sleep_efficiency" };

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
	for (k = 0; k < (int)WD_NELEM(field_reserved); k++) {
		if (strcmp(name, field_reserved[k]) == 0)
			return cfg_error(ctx, s, "'%s' is reserved: a night "
			    "already has it (date, updated, values, "
			    "time_in_bed, total_sleep_time, sleep_efficiency)",
			    name);
	}
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

int
plan_load_journal(struct cfgctx *ctx, const config_setting_t *g,
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
		config_setting_t *e = plan_elem_group(ctx, l, i, "fields");

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

int
plan_load_triggers(struct cfgctx *ctx, const config_setting_t *g,
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
		config_setting_t *e = plan_elem_group(ctx, l, i, "rules");

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
int
plan_check_rule_fields(const struct plan *p, const char *name,
    const int *lines,
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
