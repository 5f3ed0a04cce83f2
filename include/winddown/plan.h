/* The plan: the seven days, the do/don't pairs, triggers, strategies,
 * red flags, the relaxation routines, the journal's fields and the trigger
 * rules, loaded from libconfig files in one plan directory and validated.
 * Every error names file and line like a compiler. */
#ifndef WINDDOWN_PLAN_H
#define WINDDOWN_PLAN_H

#include <stdbool.h>

/* Files of a plan directory, by the top-level group each must hold. */
#define PLAN_FILE_DAYS     "seven-day.cfg" /* group "plan" */
#define PLAN_FILE_PMR      "pmr.cfg"       /* group "pmr" */
#define PLAN_FILE_JOURNAL  "journal.cfg"   /* group "journal" */
#define PLAN_FILE_TRIGGERS "triggers.cfg"  /* group "triggers" */

/* The parts of a plan, a file each but for seven-day.cfg's two, as a
 * mask: a command loads (and so validates) only the parts it uses. */
enum plan_part {
	PLAN_DAYS = 1,     /* seven-day.cfg: the days, dos, habits, timeline */
	PLAN_PMR = 2,      /* pmr.cfg */
	PLAN_JOURNAL = 4,  /* journal.cfg */
	PLAN_TRIGGERS = 8, /* triggers.cfg; loads journal.cfg too */
	PLAN_GUIDE = 16,   /* seven-day.cfg's triggers, strategies, facts
	                      and seek_advice: read apart from the days */
	PLAN_ALL = 31
};

#define PLAN_MAX_FILE      (1024 * 1024) /* bytes */
#define PLAN_MAX_DAYS      31
#define PLAN_MAX_STEPS     4
#define PLAN_MAX_HABITS    8    /* the checklist of the days after the last */
#define PLAN_MAX_TEXT      600  /* code points in a paragraph */
#define PLAN_MAX_LINE      120  /* code points in a title, step or label */
#define PLAN_MAX_ID        32   /* bytes in an id: [a-z0-9_-] */
#define PLAN_MAX_ITEMS     64   /* entries in any list */

/* A time rule for the evening timeline: either a clock time (`at`, as
 * it falls for the plan's bedtime, and moved with the person's) or a
 * span before bedtime (`before_bed` minutes, optionally until
 * `until_bed` minutes before bed, which makes a window). */
#define PLAN_BEDTIME_DEFAULT (22 * 60 + 30)
struct plan_rule {
	char *label;
	int   at;         /* minutes after midnight, or -1 */
	int   before_bed; /* minutes before bedtime, or -1 */
	int   until_bed;  /* end of a window, minutes before bedtime, or -1 */
};

struct plan_day {
	int               number; /* 1..ndays, in order */
	char             *id;
	char             *title;
	char             *task;
	char             *why;
	char             *steps[PLAN_MAX_STEPS];
	int               nsteps; /* 1..PLAN_MAX_STEPS */
	int               pmr_step; /* ticked by a finished session, or 0 */
	char             *tip;    /* or NULL */
	struct plan_rule *rules;
	int               nrules;
	int               line;
};

struct plan_pair {
	char *good; /* do */
	char *bad;  /* don't */
};

struct plan_item {
	char *id;
	char *title;
	char *text;
};

/* One relaxation muscle group. */
struct pmr_group {
	char *id;
	char *name;    /* "Feet" */
	char *tense;   /* how to tense it, safely */
	char *release; /* what to do and notice on release */
	int   repeats; /* tense/release cycles, >= 1 */
};

struct pmr_routine {
	char *id;    /* "lower", "full" */
	char *title;
	int  *groups; /* indices into pmr_plan.groups, feet upward */
	int   ngroups;
};

/* Speech, when the plan does not say: a calm rate and a low pitch. */
#define PLAN_SPEECH_RATE     140 /* words per minute (espeak-ng: 175) */
#define PLAN_SPEECH_RATE_MIN 80
#define PLAN_SPEECH_RATE_MAX 450
#define PLAN_SPEECH_PITCH    40  /* 0..100 (espeak-ng: 50) */

struct pmr_plan {
	int                 tense_s;   /* default seconds to tense */
	int                 release_s; /* default seconds to release */
	int                 settle_s;  /* settling breath before group 1 */
	int                 prepare_s; /* instruction before each tense, or 0 */
	char               *voice;     /* espeak-ng voice, or NULL */
	int                 rate;      /* speech words per minute */
	int                 pitch;     /* speech pitch, 0..100 */
	char               *settle_cue;
	char               *finish_cue;
	struct pmr_group   *groups;
	int                 ngroups;
	struct pmr_routine *routines;
	int                 nroutines;
};

enum field_type {
	FIELD_TIME,   /* "HH:MM", or "none" when allowed */
	FIELD_COUNT,  /* whole number in [min, max] */
	FIELD_SCALE,  /* whole number in [min, max], usually 1..5 */
	FIELD_YESNO,  /* yes or no */
	FIELD_CHOICE, /* one of choices */
	FIELD_TEXT,   /* free text up to max code points */
};

struct journal_field {
	char           *name;   /* [a-z_]+, unique */
	enum field_type type;
	char           *prompt;
	char           *help;   /* or NULL */
	int             min;    /* count/scale: range; text: 0 */
	int             max;    /* count/scale: range; text: max length */
	bool            none;   /* time: "none" is accepted */
	bool            diary;  /* an optional sleep-diary item */
	char          **choices;
	int             nchoices;
};

enum trigger_op {
	TRIG_AFTER,         /* field (a time) later than `value` minutes */
	TRIG_WITHIN_BEFORE, /* field (a time) less than `value` minutes
	                       before the time in field `ref`, or after it */
	TRIG_OFF_MEDIAN,    /* field (a time) more than `value` minutes
	                       from the median of the week's nights */
	TRIG_AT_LEAST,      /* field (a number) >= value */
};

struct trigger_rule {
	char           *id;    /* stable, e.g. "late-caffeine" */
	char           *label;
	char           *field;
	enum trigger_op op;
	int             value;
	char           *ref;      /* TRIG_WITHIN_BEFORE only */
	char           *if_field; /* optional condition: only when */
	char           *if_value; /* if_field's value equals this */
};

struct plan_flag {
	char *id;
	char *question;
	char *help; /* or NULL */
};

struct plan {
	char    *dir;   /* the directory the files came from */
	unsigned parts; /* the PLAN_* parts loaded; the rest are empty */

	/* seven-day.cfg */
	char                *id;
	char                *title;
	char                *source_title;
	char                *source_author;
	char                *disclaimer;
	int                  bedtime; /* the bedtime the rules' clock times
	                                 are written for (minutes) */
	struct plan_day     *days;
	int                  ndays;
	struct plan_rule    *evening; /* always on the timeline */
	int                  nevening;
	struct plan_pair    *dos;
	int                  ndos;
	/* The daily checklist of every day after the last plan day: the
	 * plan's habits, ticked as steps 1..nhabits of those days. */
	char                *habits[PLAN_MAX_HABITS];
	int                  nhabits;

	/* seven-day.cfg, its guide (PLAN_GUIDE) */
	struct plan_item    *triggers;
	int                  ntriggers;
	struct plan_item    *strategies;
	int                  nstrategies;
	struct plan_item    *facts; /* background from the source */
	int                  nfacts;
	struct plan_flag    *flags; /* red-flag questions */
	int                  nflags;
	char                *doctor_advice; /* when any flag is yes */
	char                *doctor_tell;   /* what to tell the doctor */

	/* pmr.cfg */
	struct pmr_plan      pmr;

	/* journal.cfg */
	struct journal_field *fields;
	int                   nfields;

	/* triggers.cfg */
	struct trigger_rule  *rules;
	int                   nrules;
};

/* Load the four plan files from dir; a file of the same name in
 * override_dir (may be NULL or missing) is used instead. On error returns
 * an EX_* code and sets *cause to "FILE:LINE: message". */
int  plan_load(struct plan *, const char *dir, const char *override_dir,
    char **cause);
/* The same for only the files of parts (PLAN_* bits, in file order); the
 * others are neither read nor checked, and their members stay empty. */
int  plan_load_parts(struct plan *, const char *dir,
    const char *override_dir, unsigned parts, char **cause);
/* Lint one file or a directory. Messages, one per line, are appended to
 * *messages; returns 0 when clean, else EX_DATAERR (or EX_NOINPUT). */
int  plan_check(const char *path, char **messages);
/* Load the parts not loaded yet of those in parts into p, from p->dir
 * with the same override rule. On an error p keeps the parts it had
 * (the new ones stay empty), so a broken pmr.cfg breaks only what
 * needs it. */
int  plan_load_more(struct plan *, const char *override_dir,
    unsigned parts, char **cause);
/* Free the parts in mask (PLAN_* bits) and mark them not loaded. */
void plan_free_parts(struct plan *, unsigned mask);
void plan_free(struct plan *);

/* One line of the evening timeline. */
struct timeline_entry {
	int         at;    /* minutes after midnight */
	int         before; /* minutes before bedtime, 0..1439 */
	int         until; /* end of a window, or -1 */
	const char *label; /* NULL for bedtime itself */
	int         day;   /* plan day the rule comes from; 0: every evening */
	int         seq;   /* order in the plan, to break ties */
};

/* The evening timeline of plan day `upto`: the rules of days 1..upto and
 * the plan's evening rules, placed against bedtime (minutes), with the
 * bedtime itself last. Everything is counted back from the bedtime: a
 * rule at a clock time stays as far before bed as it is before the
 * plan's own bedtime, so a night-shift bedtime of 08:00 moves the 14:00
 * caffeine cut-off to 23:30 the evening before. In time order, the
 * earliest first. Returns the number written. */
int  plan_timeline(const struct plan *, int upto, int bedtime,
    struct timeline_entry *out, int max);

/* Lookups; NULL / -1 when absent. */
const struct journal_field *plan_field(const struct plan *, const char *);
/* The relaxation routines' ids, "lower, full" (or "none"); free it. */
char *plan_routine_ids(const struct plan *);
int  plan_field_index(const struct plan *, const char *);
const struct pmr_routine *plan_routine(const struct plan *, const char *);
/* What to call routine id in a message: its title ("Lower body: feet to
 * hips"), or the id itself when pmr.cfg is not loaded or lacks it. */
const char *plan_routine_name(const struct plan *, const char *id);
/* Total steps of plan day `number`: the day's steps, the habits on a day
 * after the last (a habit day), 0 before day 1. */
int  plan_day_steps(const struct plan *, int number);
/* The text of step `step` (1-based) of plan day `number`, or NULL. */
const char *plan_step_text(const struct plan *, int number, int step);
/* The step a finished relaxation session ticks (the one day's pmr_step):
 * returns the step and sets *day, or returns 0 (and *day = 0) when no
 * day has one. */
int  plan_pmr_step(const struct plan *, int *day);

#endif
