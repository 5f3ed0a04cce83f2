/* Private to the plan loader, shared by its files: plan.c (the files of
 * a plan, override rule, check, free), plan-days.c, plan-pmr.c and
 * plan-journal.c (one part each). */
#ifndef WINDDOWN_PLAN_INT_H
#define WINDDOWN_PLAN_INT_H

#include <libconfig.h>
#include <stddef.h>

#include "winddown/cfg.h"
#include "winddown/plan.h"

/* A string element of a list, validated as a line of text. */
int  plan_elem_text(struct cfgctx *, const config_setting_t *s,
    const char *name, size_t maxcp, char **out);
/* Element i of list l, which must be a group; NULL after an error. */
config_setting_t *plan_elem_group(struct cfgctx *,
    const config_setting_t *l, int i, const char *name);

/* The members of seven-day.cfg's group that make its guide. */
extern const char *const plan_guide_members[];

/* Each part's top-level group into p; 0, or -1 after an error in ctx.
 * For seven-day.cfg, parts says which of PLAN_DAYS and PLAN_GUIDE. */
int  plan_load_days(struct cfgctx *, const config_setting_t *g,
    struct plan *p, unsigned parts);
int  plan_load_pmr(struct cfgctx *, const config_setting_t *g,
    struct plan *p);
int  plan_load_journal(struct cfgctx *, const config_setting_t *g,
    struct plan *p);
int  plan_load_triggers(struct cfgctx *, const config_setting_t *g,
    struct plan *p);
/* Every rule of the triggers file names a journal field of the right
 * type; lines are the rules' lines in file name. */
int  plan_check_rule_fields(const struct plan *p, const char *name,
    const int *lines, char **cause);

#endif
