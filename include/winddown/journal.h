/* Journal values: parse and check what a person types for a field of the
 * plan's journal, format it back, and derive the sleep-diary measures of
 * a night. Pure: no clock, no terminal, no prompting. */
#ifndef WINDDOWN_JOURNAL_H
#define WINDDOWN_JOURNAL_H

#include <stdbool.h>

#include "winddown/plan.h"
#include "winddown/state.h"

/* Field names the core gives a meaning to. A plan may leave any of them
 * out; what needs them is then simply not computed. */
#define JOURNAL_TWITCHES   "twitches"   /* count: jerks while falling asleep */
#define JOURNAL_QUALITY    "quality"    /* scale: how well one slept */
#define JOURNAL_BEDTIME    "bedtime"    /* time: went to bed */
#define JOURNAL_LIGHTS_OUT "lights_out" /* time: tried to sleep (diary) */
#define JOURNAL_LATENCY    "latency"    /* count: minutes to fall asleep */
#define JOURNAL_WASO       "waso"       /* count: minutes awake after onset */
#define JOURNAL_WAKE       "wake"       /* time: final awakening */
#define JOURNAL_OUT_OF_BED "out_of_bed" /* time: got up for the day */

#define JOURNAL_NONE       "none"       /* a time field's "did not happen" */
#define JOURNAL_DAY        (24 * 60)

/* Sleep-diary measures of one night (Consensus Sleep Diary):
 *   total sleep time = (wake - lights_out) - latency - waso
 *   time in bed      = out_of_bed - lights_out, or wake - lights_out when
 *                      out_of_bed is not given
 *   sleep efficiency = total sleep time / time in bed, in percent.
 * Spans cross midnight (a wake earlier on the clock than lights_out is on
 * the next day). An item that is missing, "none" or of the wrong type
 * makes what needs it unknown; nothing is taken as zero. */
struct journal_sleep {
	int    tib;          /* minutes in bed, -1 when unknown */
	int    tst;          /* minutes asleep, -1 when unknown */
	double se;           /* percent 0..100, negative when unknown */
	bool   inconsistent; /* items given but impossible together */
};

/* Parse text (surrounding blanks ignored) as a value of field f into out,
 * which receives a copy of the field's name; free it with
 * journal_kv_clear. Time: "HH:MM" or "H:MM" stored as KV_STR "HH:MM", or
 * "none" when the field allows it. Count and scale: KV_INT within
 * [min, max]. Yes/no: KV_BOOL from yes/no/y/n/true/false/1/0 (any
 * case, journal_yesno). Choice: KV_STR, the choice named by
 * journal_choice; a start several choices share is refused naming them,
 * e.g. "activity: 'm' is ambiguous (mild, moderate)". Text: KV_STR,
 * UTF-8 without control characters, at most max code points. Empty text is refused
 * ("no value"): a caller that means "clear" checks journal_blank first.
 * Returns 0, or EX_DATAERR with *cause naming the field and the accepted
 * form, e.g. "quality: 7 is out of range (1-5)". */
int   journal_parse(const struct journal_field *f, const char *text,
    struct kv *out, char **cause);
/* Parse "FIELD=VALUE" against the plan's journal fields. Unknown fields
 * are refused with a message listing the valid names. */
int   journal_assign(const struct plan *, const char *arg, struct kv *out,
    char **cause);
/* The answer text gives to a yes/no question, surrounding blanks
 * ignored: 1 for yes, y, true or 1, 0 for no, n, false or 0 (any case),
 * -1 for anything else. The one reading of yes and no for the journal,
 * `log` and the red-flag questions. */
int   journal_yesno(const char *text);
/* The choice of field f that text names, surrounding blanks ignored,
 * any case: the choice it spells, else the only one it is the start
 * of. NULL when none, when several start with it, when text is blank or
 * f is not a choice. */
const char *journal_choice(const struct journal_field *f, const char *text);
/* True when text holds nothing but blanks. */
bool  journal_blank(const char *text);
/* The accepted form of field f, e.g. "HH:MM or none", "a whole number
 * 0-100", "one of light, moderate, vigorous". Allocated. */
char *journal_hint(const struct journal_field *f);
/* A stored value as text that journal_parse accepts back: "yes"/"no",
 * the number, the string. Allocated. */
char *journal_format(const struct kv *);
/* Free what a parsed kv holds and empty it. */
void  journal_kv_clear(struct kv *);
/* True when kv holds the value text names: same string (any case for
 * KV_STR), same number, same yes/no. Used for a rule's if_value. */
bool  journal_kv_equals(const struct kv *, const char *text);

/* Check the stored values of night n against the plan's fields (values
 * of names the plan does not know are left alone): a count or scale is
 * a whole number within [min, max], a time "HH:MM" (or "none" when the
 * field allows it), a yes/no true or false, a choice one of the choices
 * (any case), a text at most max code points. Returns 0, or EX_DATAERR
 * with *cause like "night 2026-11-30: twitches 9223372036854775807 is
 * out of range (0-100)". */
int   journal_check_night(const struct plan *, const struct night *n,
    char **cause);
/* The same for every night of st, the cause prefixed with where the
 * night was read (state_night_where): "FILE:LINE: night ...". */
int   journal_check_state(const struct plan *, const struct state *,
    char **cause);

/* The time stored under name as minutes after midnight; -1 when missing,
 * "none" or not a time. */
int   journal_time(const struct kvlist *, const char *name);
/* The number stored under name into *out; false when missing or not a
 * number (KV_BOOL counts as 0/1). */
bool  journal_number(const struct kvlist *, const char *name,
    long long *out);
/* Minutes after midnight on the evening's scale: a time earlier than the
 * rollover hour is after midnight, so 01:00 (60) becomes 1500 and sorts
 * after 23:00 (1380). */
int   journal_evening(int minutes, int rollover_hour);
/* The derived sleep measures of a night's values. */
void  journal_sleep(const struct kvlist *, struct journal_sleep *);

#endif
