/* The plan cache: a validated struct plan kept in a small checksummed
 * binary file, keyed by the identity of every plan file, so a start that
 * finds nothing changed skips libconfig entirely.
 *
 * Layout (integers little-endian):
 *
 *	magic "WDPLANC\n", u32 format, u32 file length, u64 checksum of
 *	everything after it; the key (winddown version, absolute dir and
 *	override dir, and per file which dir it came from, device, inode,
 *	size, mtime and ctime); then the plan. A string is a u32 length and
 *	its bytes (no NUL), or the length 0xffffffff for NULL; an int is
 *	its u32 two's complement; a list is a u32 count and its entries.
 *
 * Nothing read is trusted: a file that is short, long, of another key or
 * checksum, or that decodes to anything plan_load could not have made
 * (a count over a limit, an index or a value out of range, a missing or
 * malformed id, a trigger rule naming no field ...) is a miss, and the
 * plan is loaded from its files again. */
#define _XOPEN_SOURCE 700
#include "winddown/plancache.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "winddown/cfg.h"
#include "winddown/util.h"

#define PLANCACHE_MAGIC "WDPLANC\n"
#define PLANCACHE_HEAD  24 /* magic, format, length, checksum */
#define PLANCACHE_MAX   (16 * 1024 * 1024)
#define PLANCACHE_KEEP_DAYS 90 /* unused cache files go after this */
#define PLANCACHE_NULL  0xffffffffU

/* What a string must be: its longest length in bytes, and flags. */
#define STR_NULL  0x1 /* may be NULL */
#define STR_ID    0x2 /* cfg_is_id */
#define STR_NAME  0x4 /* a field or red-flag name: [a-z][a-z0-9_]* */
#define LEN_TEXT  (PLAN_MAX_TEXT * 4)
#define LEN_LINE  (PLAN_MAX_LINE * 4)

static const char *const plancache_files[] = { PLAN_FILE_DAYS,
	PLAN_FILE_PMR, PLAN_FILE_JOURNAL, PLAN_FILE_TRIGGERS };
#define PLANCACHE_NFILES ((int)WD_NELEM(plancache_files))

static struct plancache_stats plancache_counts;

/* The files a load would read, and the cache file for them. */
struct plancache_key {
	struct buf b;                        /* key bytes, after the header */
	char      *paths[PLANCACHE_NFILES];  /* as plan_load opens them */
	char      *name;                     /* the cache file */
	bool       settled; /* every ctime older than the clock's tick */
};

/* A cursor over the bytes of a cache file. */
struct plancache_rd {
	const unsigned char *p;
	const unsigned char *end;
	bool                 bad;
};

/* Writing ------------------------------------------------------------ */

/* Append a little-endian u32. */
static void
plancache_put_u32(struct buf *b, uint32_t v)
{
	char s[4];

	s[0] = (char)(v & 0xff);
	s[1] = (char)((v >> 8) & 0xff);
	s[2] = (char)((v >> 16) & 0xff);
	s[3] = (char)((v >> 24) & 0xff);
	buf_add(b, s, sizeof s);
}

/* Append a little-endian u64. */
static void
plancache_put_u64(struct buf *b, uint64_t v)
{
	plancache_put_u32(b, (uint32_t)(v & 0xffffffffU));
	plancache_put_u32(b, (uint32_t)(v >> 32));
}

/* Append an int as its u32 two's complement. */
static void
plancache_put_int(struct buf *b, int v)
{
	plancache_put_u32(b, (uint32_t)v);
}

/* Append a string, or the NULL mark. */
static void
plancache_put_str(struct buf *b, const char *s)
{
	size_t n;

	if (s == NULL) {
		plancache_put_u32(b, PLANCACHE_NULL);
		return;
	}
	n = strlen(s);
	plancache_put_u32(b, (uint32_t)n);
	buf_add(b, s, n);
}

/* Append a list of evening rules. */
static void
plancache_put_rules(struct buf *b, const struct plan_rule *r, int n)
{
	int i;

	plancache_put_int(b, n);
	for (i = 0; i < n; i++) {
		plancache_put_str(b, r[i].label);
		plancache_put_int(b, r[i].at);
		plancache_put_int(b, r[i].before_bed);
		plancache_put_int(b, r[i].until_bed);
	}
}

/* Append a list of {id, title, text} items. */
static void
plancache_put_items(struct buf *b, const struct plan_item *it, int n)
{
	int i;

	plancache_put_int(b, n);
	for (i = 0; i < n; i++) {
		plancache_put_str(b, it[i].id);
		plancache_put_str(b, it[i].title);
		plancache_put_str(b, it[i].text);
	}
}

/* Append the whole plan but its dir, which comes from the caller. */
static void
plancache_put_plan(struct buf *b, const struct plan *p)
{
	const struct pmr_plan *m = &p->pmr;
	int                    i, k;

	plancache_put_str(b, p->id);
	plancache_put_str(b, p->title);
	plancache_put_str(b, p->source_title);
	plancache_put_str(b, p->source_author);
	plancache_put_str(b, p->disclaimer);
	plancache_put_int(b, p->ndays);
	for (i = 0; i < p->ndays; i++) {
		const struct plan_day *d = &p->days[i];

		plancache_put_int(b, d->number);
		plancache_put_str(b, d->id);
		plancache_put_str(b, d->title);
		plancache_put_str(b, d->task);
		plancache_put_str(b, d->why);
		plancache_put_int(b, d->nsteps);
		for (k = 0; k < d->nsteps; k++)
			plancache_put_str(b, d->steps[k]);
		plancache_put_str(b, d->tip);
		plancache_put_rules(b, d->rules, d->nrules);
		plancache_put_int(b, d->line);
	}
	plancache_put_rules(b, p->evening, p->nevening);
	plancache_put_int(b, p->ndos);
	for (i = 0; i < p->ndos; i++) {
		plancache_put_str(b, p->dos[i].good);
		plancache_put_str(b, p->dos[i].bad);
	}
	plancache_put_items(b, p->triggers, p->ntriggers);
	plancache_put_items(b, p->strategies, p->nstrategies);
	plancache_put_items(b, p->facts, p->nfacts);
	plancache_put_int(b, p->nflags);
	for (i = 0; i < p->nflags; i++) {
		plancache_put_str(b, p->flags[i].id);
		plancache_put_str(b, p->flags[i].question);
		plancache_put_str(b, p->flags[i].help);
	}
	plancache_put_str(b, p->doctor_advice);
	plancache_put_str(b, p->doctor_tell);

	plancache_put_int(b, m->tense_s);
	plancache_put_int(b, m->release_s);
	plancache_put_int(b, m->settle_s);
	plancache_put_int(b, m->prepare_s);
	plancache_put_str(b, m->voice);
	plancache_put_int(b, m->rate);
	plancache_put_int(b, m->pitch);
	plancache_put_str(b, m->settle_cue);
	plancache_put_str(b, m->finish_cue);
	plancache_put_int(b, m->ngroups);
	for (i = 0; i < m->ngroups; i++) {
		plancache_put_str(b, m->groups[i].id);
		plancache_put_str(b, m->groups[i].name);
		plancache_put_str(b, m->groups[i].tense);
		plancache_put_str(b, m->groups[i].release);
		plancache_put_int(b, m->groups[i].repeats);
	}
	plancache_put_int(b, m->nroutines);
	for (i = 0; i < m->nroutines; i++) {
		plancache_put_str(b, m->routines[i].id);
		plancache_put_str(b, m->routines[i].title);
		plancache_put_int(b, m->routines[i].ngroups);
		for (k = 0; k < m->routines[i].ngroups; k++)
			plancache_put_int(b, m->routines[i].groups[k]);
	}

	plancache_put_int(b, p->nfields);
	for (i = 0; i < p->nfields; i++) {
		const struct journal_field *f = &p->fields[i];

		plancache_put_str(b, f->name);
		plancache_put_int(b, (int)f->type);
		plancache_put_str(b, f->prompt);
		plancache_put_str(b, f->help);
		plancache_put_int(b, f->min);
		plancache_put_int(b, f->max);
		plancache_put_int(b, f->none);
		plancache_put_int(b, f->diary);
		plancache_put_int(b, f->nchoices);
		for (k = 0; k < f->nchoices; k++)
			plancache_put_str(b, f->choices[k]);
	}

	plancache_put_int(b, p->nrules);
	for (i = 0; i < p->nrules; i++) {
		const struct trigger_rule *r = &p->rules[i];

		plancache_put_str(b, r->id);
		plancache_put_str(b, r->label);
		plancache_put_str(b, r->field);
		plancache_put_int(b, (int)r->op);
		plancache_put_int(b, r->value);
		plancache_put_str(b, r->ref);
		plancache_put_str(b, r->if_field);
		plancache_put_str(b, r->if_value);
	}
}

/* Checksum of n bytes, eight at a time. Each step is a bijection of the
 * running state, so any one changed word always changes the sum. */
static uint64_t
plancache_sum(const unsigned char *s, size_t n)
{
	uint64_t h = 0x9e3779b97f4a7c15ULL ^ n, w;
	size_t   i;

	for (i = 0; i + 8 <= n; i += 8) {
		memcpy(&w, s + i, 8);
		h = (h ^ w) * 0xff51afd7ed558ccdULL;
		h ^= h >> 32;
	}
	w = 0;
	memcpy(&w, s + i, n - i);
	h = (h ^ w) * 0xc4ceb9fe1a85ec53ULL;
	h ^= h >> 29;
	h *= 0xff51afd7ed558ccdULL;
	return h ^ (h >> 32);
}

/* Reading ------------------------------------------------------------ */

/* The next u32; 0 and bad when the bytes run out. */
static uint32_t
plancache_u32(struct plancache_rd *r)
{
	const unsigned char *p = r->p;

	if (r->end - p < 4) {
		r->bad = true;
		return 0;
	}
	r->p += 4;
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[3] << 24;
}

/* The next int, which must lie in [lo, hi]; lo when it does not. */
static int
plancache_int(struct plancache_rd *r, int lo, int hi)
{
	uint32_t u = plancache_u32(r);
	long long v = u >= 0x80000000U ? (long long)u - 0x100000000LL :
	    (long long)u;

	if (v < lo || v > hi) {
		r->bad = true;
		return lo;
	}
	return (int)v;
}

/* The next string: at most max bytes, and an id or a name when flags
 * say so. NULL and bad when it is not, or NULL when it is NULL and flags
 * allow it. Text is not checked again for UTF-8 (that would be most of
 * the cost of a hit): only text plan_load validated is ever written, and
 * the checksum stands between it and any damage. */
static char *
plancache_str(struct plancache_rd *r, size_t max, int flags)
{
	uint32_t n = plancache_u32(r);
	char    *s;

	if (r->bad)
		return NULL;
	if (n == PLANCACHE_NULL) {
		if (!(flags & STR_NULL))
			r->bad = true;
		return NULL;
	}
	if (n > max || (size_t)(r->end - r->p) < n) {
		r->bad = true;
		return NULL;
	}
	s = xstrndup((const char *)r->p, n);
	r->p += n;
	if (memchr(s, '\0', n) != NULL ||
	    ((flags & STR_ID) && !cfg_is_id(s)) ||
	    ((flags & STR_NAME) && !cfg_is_name(s, n))) {
		free(s);
		r->bad = true;
		return NULL;
	}
	return s;
}

/* A time rule as load_rule leaves it. */
static void
plancache_get_rule(struct plancache_rd *r, struct plan_rule *pr)
{
	pr->label = plancache_str(r, LEN_LINE, 0);
	pr->at = plancache_int(r, -1, 24 * 60 - 1);
	pr->before_bed = plancache_int(r, -1, 720);
	pr->until_bed = plancache_int(r, -1, 719);
	if ((pr->at >= 0) == (pr->before_bed >= 0) ||
	    (pr->until_bed >= 0 && pr->until_bed >= pr->before_bed))
		r->bad = true;
}

/* A list of rules; *out is always allocated, as load_rules does. */
static void
plancache_get_rules(struct plancache_rd *r, struct plan_rule **out, int *n)
{
	int i, count = plancache_int(r, 0, PLAN_MAX_ITEMS);

	*out = xcalloc((size_t)count, sizeof **out);
	*n = count;
	for (i = 0; i < count && !r->bad; i++)
		plancache_get_rule(r, &(*out)[i]);
}

/* A list of items of at least min entries. */
static void
plancache_get_items(struct plancache_rd *r, int min, struct plan_item **out,
    int *n)
{
	int i, count = plancache_int(r, min, PLAN_MAX_ITEMS);

	*out = xcalloc((size_t)count, sizeof **out);
	*n = count;
	for (i = 0; i < count && !r->bad; i++) {
		(*out)[i].id = plancache_str(r, PLAN_MAX_ID, STR_ID);
		(*out)[i].title = plancache_str(r, LEN_LINE, 0);
		(*out)[i].text = plancache_str(r, LEN_TEXT, 0);
	}
}

/* The days, evening rules, pairs, items and red flags. */
static void
plancache_get_days(struct plancache_rd *r, struct plan *p)
{
	int i, k;

	p->id = plancache_str(r, PLAN_MAX_ID, STR_ID);
	p->title = plancache_str(r, LEN_LINE, 0);
	p->source_title = plancache_str(r, LEN_LINE, 0);
	p->source_author = plancache_str(r, LEN_LINE, 0);
	p->disclaimer = plancache_str(r, LEN_TEXT, 0);
	p->ndays = plancache_int(r, 1, PLAN_MAX_DAYS);
	p->days = xcalloc((size_t)p->ndays, sizeof *p->days);
	for (i = 0; i < p->ndays && !r->bad; i++) {
		struct plan_day *d = &p->days[i];

		d->number = plancache_int(r, i + 1, i + 1);
		d->id = plancache_str(r, PLAN_MAX_ID, STR_ID);
		d->title = plancache_str(r, LEN_LINE, 0);
		d->task = plancache_str(r, LEN_TEXT, 0);
		d->why = plancache_str(r, LEN_TEXT, 0);
		d->nsteps = plancache_int(r, 1, PLAN_MAX_STEPS);
		for (k = 0; k < d->nsteps; k++)
			d->steps[k] = plancache_str(r, LEN_LINE, 0);
		d->tip = plancache_str(r, LEN_TEXT, STR_NULL);
		plancache_get_rules(r, &d->rules, &d->nrules);
		d->line = plancache_int(r, 0, INT_MAX);
	}
	plancache_get_rules(r, &p->evening, &p->nevening);
	p->ndos = plancache_int(r, 1, PLAN_MAX_ITEMS);
	p->dos = xcalloc((size_t)p->ndos, sizeof *p->dos);
	for (i = 0; i < p->ndos && !r->bad; i++) {
		p->dos[i].good = plancache_str(r, LEN_LINE, 0);
		p->dos[i].bad = plancache_str(r, LEN_LINE, 0);
	}
	plancache_get_items(r, 1, &p->triggers, &p->ntriggers);
	plancache_get_items(r, 1, &p->strategies, &p->nstrategies);
	plancache_get_items(r, 0, &p->facts, &p->nfacts);
	p->nflags = plancache_int(r, 1, PLAN_MAX_ITEMS);
	p->flags = xcalloc((size_t)p->nflags, sizeof *p->flags);
	for (i = 0; i < p->nflags && !r->bad; i++) {
		p->flags[i].id = plancache_str(r, PLAN_MAX_ID, STR_NAME);
		p->flags[i].question = plancache_str(r, LEN_LINE, 0);
		p->flags[i].help = plancache_str(r, LEN_TEXT, STR_NULL);
	}
	p->doctor_advice = plancache_str(r, LEN_TEXT, 0);
	p->doctor_tell = plancache_str(r, LEN_TEXT, 0);
}

/* The relaxation groups and routines. */
static void
plancache_get_pmr(struct plancache_rd *r, struct pmr_plan *m)
{
	int i, k;

	m->tense_s = plancache_int(r, 1, 60);
	m->release_s = plancache_int(r, 1, 300);
	m->settle_s = plancache_int(r, 0, 120);
	m->prepare_s = plancache_int(r, 0, 60);
	m->voice = plancache_str(r, PLAN_MAX_ID, STR_NULL);
	m->rate = plancache_int(r, PLAN_SPEECH_RATE_MIN, PLAN_SPEECH_RATE_MAX);
	m->pitch = plancache_int(r, 0, 100);
	m->settle_cue = plancache_str(r, LEN_LINE, 0);
	m->finish_cue = plancache_str(r, LEN_LINE, 0);
	m->ngroups = plancache_int(r, 1, PLAN_MAX_ITEMS);
	m->groups = xcalloc((size_t)m->ngroups, sizeof *m->groups);
	for (i = 0; i < m->ngroups && !r->bad; i++) {
		struct pmr_group *g = &m->groups[i];

		g->id = plancache_str(r, PLAN_MAX_ID, STR_ID);
		g->name = plancache_str(r, LEN_LINE, 0);
		g->tense = plancache_str(r, LEN_LINE, 0);
		g->release = plancache_str(r, LEN_LINE, 0);
		g->repeats = plancache_int(r, 1, 5);
	}
	m->nroutines = plancache_int(r, 1, 16);
	m->routines = xcalloc((size_t)m->nroutines, sizeof *m->routines);
	for (i = 0; i < m->nroutines && !r->bad; i++) {
		struct pmr_routine *rt = &m->routines[i];

		rt->id = plancache_str(r, PLAN_MAX_ID, STR_ID);
		rt->title = plancache_str(r, LEN_LINE, 0);
		rt->ngroups = plancache_int(r, 1, PLAN_MAX_ITEMS);
		rt->groups = xcalloc((size_t)rt->ngroups, sizeof *rt->groups);
		for (k = 0; k < rt->ngroups; k++)
			rt->groups[k] = plancache_int(r, 0, m->ngroups - 1);
	}
}

/* One journal field, with the ranges load_field allows for its type. */
static void
plancache_get_field(struct plancache_rd *r, struct journal_field *f)
{
	int k, n;

	f->name = plancache_str(r, PLAN_MAX_ID, STR_NAME);
	f->type = (enum field_type)plancache_int(r, FIELD_TIME, FIELD_TEXT);
	f->prompt = plancache_str(r, LEN_LINE, 0);
	f->help = plancache_str(r, LEN_TEXT, STR_NULL);
	if (f->type == FIELD_COUNT || f->type == FIELD_SCALE) {
		f->min = plancache_int(r, 0, 100000);
		f->max = plancache_int(r, f->min + 1, 100000);
	} else if (f->type == FIELD_TEXT) {
		f->min = plancache_int(r, 0, 0);
		f->max = plancache_int(r, 1, 1000);
	} else {
		f->min = plancache_int(r, 0, 0);
		f->max = plancache_int(r, 0, 0);
	}
	f->none = plancache_int(r, 0, f->type == FIELD_TIME) != 0;
	f->diary = plancache_int(r, 0, 1) != 0;
	if (f->type == FIELD_CHOICE)
		n = plancache_int(r, 2, 16);
	else
		n = plancache_int(r, 0, 0);
	if (n == 0)
		return;
	f->choices = xcalloc((size_t)n, sizeof *f->choices);
	f->nchoices = n;
	for (k = 0; k < n; k++)
		f->choices[k] = plancache_str(r, PLAN_MAX_ID, STR_ID);
}

/* One trigger rule, with the value range of its op. */
static void
plancache_get_trigger(struct plancache_rd *r, struct trigger_rule *t)
{
	static const int hi[] = { [TRIG_AFTER] = 24 * 60 - 1,
		[TRIG_WITHIN_BEFORE] = 1440, [TRIG_OFF_MEDIAN] = 720,
		[TRIG_AT_LEAST] = 100000 };

	t->id = plancache_str(r, PLAN_MAX_ID, STR_ID);
	t->label = plancache_str(r, LEN_LINE, 0);
	t->field = plancache_str(r, PLAN_MAX_ID, STR_ID);
	t->op = (enum trigger_op)plancache_int(r, TRIG_AFTER, TRIG_AT_LEAST);
	t->value = plancache_int(r, t->op == TRIG_AT_LEAST ? -100000 : 0,
	    hi[t->op]);
	t->ref = plancache_str(r, PLAN_MAX_ID, STR_ID |
	    (t->op != TRIG_WITHIN_BEFORE ? STR_NULL : 0));
	t->if_field = plancache_str(r, PLAN_MAX_ID, STR_ID | STR_NULL);
	t->if_value = plancache_str(r, PLAN_MAX_ID, STR_ID | STR_NULL);
	if ((t->ref != NULL && t->op != TRIG_WITHIN_BEFORE) ||
	    (t->if_field == NULL) != (t->if_value == NULL))
		r->bad = true;
}

/* Trigger rules must name journal fields of a fitting type, as
 * check_rule_fields in plan.c insists: code using them relies on it. */
static bool
plancache_rules_fit(const struct plan *p)
{
	const struct journal_field *f, *c;
	int                         i, k;

	for (i = 0; i < p->nrules; i++) {
		const struct trigger_rule *t = &p->rules[i];

		if ((f = plan_field(p, t->field)) == NULL)
			return false;
		if (t->op == TRIG_AT_LEAST ? (f->type != FIELD_COUNT &&
		    f->type != FIELD_SCALE) : f->type != FIELD_TIME)
			return false;
		if (t->ref != NULL && ((c = plan_field(p, t->ref)) == NULL ||
		    c->type != FIELD_TIME))
			return false;
		if (t->if_field == NULL)
			continue;
		if ((c = plan_field(p, t->if_field)) == NULL)
			return false;
		if (c->type != FIELD_CHOICE)
			continue;
		for (k = 0; k < c->nchoices; k++) {
			if (strcmp(c->choices[k], t->if_value) == 0)
				break;
		}
		if (k == c->nchoices)
			return false;
	}
	return true;
}

/* Decode the plan from the rest of r into p; -1 (p freed) when the
 * bytes are not exactly a plan plan_load could have made. */
static int
plancache_get_plan(struct plancache_rd *r, struct plan *p, const char *dir)
{
	int i;

	memset(p, 0, sizeof *p);
	p->dir = xstrdup(dir);
	plancache_get_days(r, p);
	if (!r->bad)
		plancache_get_pmr(r, &p->pmr);
	if (!r->bad) {
		p->nfields = plancache_int(r, 1, PLAN_MAX_ITEMS);
		p->fields = xcalloc((size_t)p->nfields, sizeof *p->fields);
		for (i = 0; i < p->nfields && !r->bad; i++)
			plancache_get_field(r, &p->fields[i]);
	}
	if (!r->bad) {
		p->nrules = plancache_int(r, 0, PLAN_MAX_ITEMS);
		p->rules = xcalloc((size_t)p->nrules, sizeof *p->rules);
		for (i = 0; i < p->nrules && !r->bad; i++)
			plancache_get_trigger(r, &p->rules[i]);
	}
	if (r->bad || r->p != r->end || !plancache_rules_fit(p)) {
		plan_free(p);
		return -1;
	}
	return 0;
}

/* The key -------------------------------------------------------------- */

/* dir made absolute into out (size PATH_MAX); NULL when it cannot be. */
static const char *
plancache_abs(const char *dir, char *out)
{
	size_t n, m = strlen(dir);

	if (dir[0] == '/')
		return dir;
	if (getcwd(out, PATH_MAX) == NULL)
		return NULL;
	n = strlen(out);
	if (n + 1 + m + 1 > PATH_MAX)
		return NULL;
	out[n] = '/';
	memcpy(out + n + 1, dir, m + 1);
	return out;
}

/* "dir/file" as a new string, without printf's cost. */
static char *
plancache_join(const char *dir, const char *file)
{
	size_t n = strlen(dir), m = strlen(file);
	char  *s = xmalloc(n + 1 + m + 1);

	memcpy(s, dir, n);
	s[n] = '/';
	memcpy(s + n + 1, file, m + 1);
	return s;
}

/* True when a change made after now could not leave ts as it is: ts is
 * before the coarse clock's tick (or, on a file system that keeps whole
 * seconds, two seconds back), so the next write gets a later ctime. */
static bool
plancache_settled(const struct timespec *ts, const struct timespec *now)
{
	if (ts->tv_nsec == 0)
		return ts->tv_sec + 2 <= now->tv_sec;
	return ts->tv_sec < now->tv_sec ||
	    (ts->tv_sec == now->tv_sec && ts->tv_nsec < now->tv_nsec);
}

/* Free a key. */
static void
plancache_key_free(struct plancache_key *k)
{
	int i;

	buf_free(&k->b);
	for (i = 0; i < PLANCACHE_NFILES; i++)
		free(k->paths[i]);
	free(k->name);
	memset(k, 0, sizeof *k);
}

/* Build the key of a load: which file of each part plan_load will read
 * (replicating its rule: the override when stat succeeds or fails other
 * than with ENOENT) and that file's identity. -1 when a file is missing
 * or odd, so plan_load should run uncached and report it. */
static int
plancache_key(struct plancache_key *k, const char *dir,
    const char *override_dir, const char *cache_dir,
    const struct timespec *now)
{
	char            absdir[PATH_MAX], absover[PATH_MAX], file[22];
	const char     *ad, *ao = NULL, *s;
	struct stat     sb;
	uint64_t        h = 0xcbf29ce484222325ULL;
	int             i, over;

	memset(k, 0, sizeof *k);
	k->settled = now != NULL;
	if ((ad = plancache_abs(dir, absdir)) == NULL ||
	    (override_dir != NULL &&
	    (ao = plancache_abs(override_dir, absover)) == NULL))
		return -1;
	plancache_put_u32(&k->b, PLANCACHE_FORMAT);
	plancache_put_str(&k->b, WD_VERSION);
	plancache_put_str(&k->b, ad);
	plancache_put_str(&k->b, ao);
	for (i = 0; i < PLANCACHE_NFILES; i++) {
		over = 0;
		if (override_dir != NULL) {
			k->paths[i] = plancache_join(override_dir,
			    plancache_files[i]);
			if (stat(k->paths[i], &sb) == 0)
				over = 1;
			else if (errno != ENOENT)
				goto fail;
			else {
				free(k->paths[i]);
				k->paths[i] = NULL;
			}
		}
		if (!over) {
			k->paths[i] = plancache_join(dir, plancache_files[i]);
			if (stat(k->paths[i], &sb) == -1)
				goto fail;
		}
		if (!S_ISREG(sb.st_mode) || sb.st_size > PLAN_MAX_FILE)
			goto fail;
		plancache_put_u32(&k->b, (uint32_t)over);
		plancache_put_u64(&k->b, (uint64_t)sb.st_dev);
		plancache_put_u64(&k->b, (uint64_t)sb.st_ino);
		plancache_put_u64(&k->b, (uint64_t)sb.st_size);
		plancache_put_u64(&k->b, (uint64_t)sb.st_mtim.tv_sec);
		plancache_put_u64(&k->b, (uint64_t)sb.st_mtim.tv_nsec);
		plancache_put_u64(&k->b, (uint64_t)sb.st_ctim.tv_sec);
		plancache_put_u64(&k->b, (uint64_t)sb.st_ctim.tv_nsec);
		if (now != NULL && !plancache_settled(&sb.st_ctim, now))
			k->settled = false;
	}
	/* The file's name: FNV-1a of the two directories. */
	for (s = ad; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001b3ULL;
	h = (h ^ (ao != NULL ? 1 : 0)) * 0x100000001b3ULL;
	for (s = ao != NULL ? ao : ""; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001b3ULL;
	memcpy(file, "plan-", 5);
	for (i = 20; i >= 5; i--, h >>= 4)
		file[i] = "0123456789abcdef"[h & 0xf];
	file[21] = '\0';
	k->name = plancache_join(cache_dir, file);
	return 0;

fail:
	plancache_key_free(k);
	return -1;
}

/* Hit and miss ------------------------------------------------------- */

/* Set the header's length and checksum to fit the len bytes at data. */
static void
plancache_seal(unsigned char *data, size_t len)
{
	uint64_t sum = plancache_sum(data + PLANCACHE_HEAD,
	    len - PLANCACHE_HEAD);
	int      i;

	for (i = 0; i < 4; i++)
		data[12 + i] = (unsigned char)((len >> (8 * i)) & 0xff);
	for (i = 0; i < 8; i++)
		data[16 + i] = (unsigned char)((sum >> (8 * i)) & 0xff);
}

/* Decode the len bytes of a cache file into p when they are for key k;
 * -1 on any doubt. */
static int
plancache_unpack(const struct plancache_key *k, struct plan *p,
    const char *dir, const unsigned char *data, size_t len)
{
	struct plancache_rd r = { data + 8, data + len, false };
	uint64_t            sum;

	if (len < PLANCACHE_HEAD + k->b.len || len > PLANCACHE_MAX ||
	    memcmp(data, PLANCACHE_MAGIC, 8) != 0 ||
	    plancache_u32(&r) != PLANCACHE_FORMAT ||
	    plancache_u32(&r) != len ||
	    memcmp(data + PLANCACHE_HEAD, k->b.data, k->b.len) != 0)
		return -1;
	sum = (uint64_t)plancache_u32(&r);
	sum |= (uint64_t)plancache_u32(&r) << 32;
	if (sum != plancache_sum(data + PLANCACHE_HEAD, len - PLANCACHE_HEAD))
		return -1;
	r.p = data + PLANCACHE_HEAD + k->b.len;
	return plancache_get_plan(&r, p, dir);
}

/* Read the cache file of k, in one read, and decode it into p. */
static int
plancache_read(const struct plancache_key *k, struct plan *p,
    const char *dir)
{
	struct stat    sb;
	unsigned char *data;
	ssize_t        n;
	int            fd, rc;

	fd = open(k->name, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd == -1)
		return -1;
	if (fstat(fd, &sb) == -1 || !S_ISREG(sb.st_mode) ||
	    sb.st_size < PLANCACHE_HEAD || sb.st_size > PLANCACHE_MAX) {
		close(fd);
		return -1;
	}
	data = xmalloc((size_t)sb.st_size);
	n = read(fd, data, (size_t)sb.st_size);
	close(fd);
	rc = -1;
	if (n == (ssize_t)sb.st_size)
		rc = plancache_unpack(k, p, dir, data, (size_t)n);
	free(data);
	return rc;
}

int
plancache_decode(struct plan *p, const char *dir, const char *override_dir,
    unsigned char *data, size_t len, bool fix_sum)
{
	struct plancache_key k;
	int                  rc;

	if (plancache_key(&k, dir, override_dir, "/", NULL) == -1)
		return -1;
	if (fix_sum && len >= PLANCACHE_HEAD && len <= PLANCACHE_MAX)
		plancache_seal(data, len);
	rc = plancache_unpack(&k, p, dir, data, len);
	plancache_key_free(&k);
	return rc;
}

/* True when any plan file of k uses @include: what it pulls in is not
 * in the key, so such a plan is never cached. Also true on a read error. */
static bool
plancache_includes(const struct plancache_key *k)
{
	const char *s, *e;
	char       *text;
	size_t      len;
	bool        found = false;
	int         i;

	for (i = 0; i < PLANCACHE_NFILES && !found; i++) {
		if (cfg_read_file(k->paths[i], PLAN_MAX_FILE, &text, &len,
		    NULL) != 0)
			return true;
		for (s = text, e = text + len;
		    (s = memchr(s, '@', (size_t)(e - s))) != NULL; s++) {
			if (e - s > 7 && strncmp(s + 1, "include", 7) == 0) {
				found = true;
				break;
			}
		}
		free(text);
	}
	return found;
}

/* mkdir -p dir, each new directory 0700. */
static int
plancache_mkdirs(const char *dir)
{
	char *p = xstrdup(dir), *s;
	int   rc = 0;

	for (s = p + 1; rc == 0; s++) {
		if ((s = strchr(s, '/')) != NULL)
			*s = '\0';
		if (mkdir(p, 0700) == -1 && errno != EEXIST)
			rc = -1;
		if (s == NULL)
			break;
		*s = '/';
	}
	free(p);
	return rc;
}

/* Remove what a cache dir collects over time: cache files of plans not
 * stored for PLANCACHE_KEEP_DAYS and temp files of writers that died,
 * dated against the file just written (the core reads no clock). */
static void
plancache_prune(const char *cache_dir, const char *fresh)
{
	struct stat    sb;
	struct dirent *de;
	DIR           *d;
	char          *path;
	time_t         now;

	if (stat(fresh, &sb) == -1 || (d = opendir(cache_dir)) == NULL)
		return;
	now = sb.st_mtime;
	while ((de = readdir(d)) != NULL) {
		bool temp = strncmp(de->d_name, ".plan-", 6) == 0;

		if (!temp && strncmp(de->d_name, "plan-", 5) != 0)
			continue;
		path = plancache_join(cache_dir, de->d_name);
		if (lstat(path, &sb) == 0 && S_ISREG(sb.st_mode) &&
		    now - sb.st_mtime > (temp ? 3600 :
		    PLANCACHE_KEEP_DAYS * 86400))
			unlink(path);
		free(path);
	}
	closedir(d);
}

/* Write p to the cache file of k: a temporary file renamed over it.
 * -1 when it could not be written (nothing is left behind). */
static int
plancache_write(const struct plancache_key *k, const struct plan *p,
    const char *cache_dir)
{
	struct buf b = { NULL, 0, 0 };
	char      *tmp;
	size_t     off;
	ssize_t    n;
	int        fd, rc = 0;

	buf_add(&b, PLANCACHE_MAGIC, 8);
	plancache_put_u32(&b, PLANCACHE_FORMAT);
	plancache_put_u32(&b, 0); /* length, set below */
	plancache_put_u64(&b, 0); /* checksum, set below */
	buf_add(&b, k->b.data, k->b.len);
	plancache_put_plan(&b, p);
	if (b.len > PLANCACHE_MAX) {
		buf_free(&b);
		return -1;
	}
	plancache_seal((unsigned char *)b.data, b.len);

	if (plancache_mkdirs(cache_dir) == -1) {
		buf_free(&b);
		return -1;
	}
	tmp = plancache_join(cache_dir, ".plan-XXXXXX");
	if ((fd = mkstemp(tmp)) == -1) {
		free(tmp);
		buf_free(&b);
		return -1;
	}
	for (off = 0; off < b.len && rc == 0; off += (size_t)n) {
		n = write(fd, b.data + off, b.len - off);
		if (n == -1 && errno == EINTR)
			n = 0;
		else if (n <= 0)
			rc = -1;
	}
	if (close(fd) == -1 || rc == -1 || rename(tmp, k->name) == -1) {
		unlink(tmp);
		rc = -1;
	}
	free(tmp);
	buf_free(&b);
	if (rc == 0)
		plancache_prune(cache_dir, k->name);
	return rc;
}

int
plan_load_cached(struct plan *p, const char *dir, const char *override_dir,
    const char *cache_dir, const struct timespec *now, char **cause)
{
	struct plancache_key k;
	int                  rc;

	if (cache_dir == NULL || cache_dir[0] == '\0' ||
	    plancache_key(&k, dir, override_dir, cache_dir, now) == -1) {
		plancache_counts.misses++;
		return plan_load(p, dir, override_dir, cause);
	}
	if (plancache_read(&k, p, dir) == 0) {
		plancache_counts.hits++;
		plancache_key_free(&k);
		return 0;
	}
	plancache_counts.misses++;
	rc = plan_load(p, dir, override_dir, cause);
	if (rc == 0) {
		if (k.settled && !plancache_includes(&k) &&
		    plancache_write(&k, p, cache_dir) == 0)
			plancache_counts.stores++;
		else
			plancache_counts.skips++;
	}
	plancache_key_free(&k);
	return rc;
}

char *
plancache_dir(void)
{
	const char *xdg = getenv("XDG_CACHE_HOME");
	const char *home = getenv("HOME");

	if (xdg != NULL && xdg[0] == '/')
		return xasprintf("%s/winddown", xdg);
	if (home != NULL && home[0] != '\0')
		return xasprintf("%s/.cache/winddown", home);
	return NULL;
}

void
plancache_stats(struct plancache_stats *st)
{
	*st = plancache_counts;
}
