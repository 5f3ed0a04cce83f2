/* The relaxation part of a plan, pmr.cfg: timings, muscle groups and
 * routines. */
#include "winddown/plan.h"

#include <libconfig.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "winddown/cfg.h"
#include "winddown/util.h"
#include "plan-int.h"

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

int
plan_load_pmr(struct cfgctx *ctx, const config_setting_t *g,
    struct plan *p)
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
		config_setting_t *e = plan_elem_group(ctx, l, i, "groups");
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
		config_setting_t   *e = plan_elem_group(ctx, l, i, "routines"), *gl;
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
