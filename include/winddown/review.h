/* The week in review: per-day progress, the nights logged and missing,
 * twitches per night and their trend, bedtime consistency, quality, sleep
 * efficiency, the trigger rules, relaxation sessions and red flags. Pure:
 * the date of today is passed in. The reports and exports written from it
 * are in report.h. */
#ifndef WINDDOWN_REVIEW_H
#define WINDDOWN_REVIEW_H

#include <stdbool.h>

#include "winddown/day.h"
#include "winddown/journal.h"
#include "winddown/plan.h"
#include "winddown/state.h"

#define REVIEW_TREND_NIGHTS 3 /* first three vs last three logged nights */
#define REVIEW_ENOUGH_DATA  14 /* fewer logged nights: "little data" note */

/* A trigger rule's verdict for one night. */
enum review_verdict {
	REVIEW_UNKNOWN = -1, /* a field it needs is missing that night */
	REVIEW_NO = 0,
	REVIEW_YES = 1,
};

enum review_night_status {
	REVIEW_LOGGED,  /* a journal entry exists */
	REVIEW_MISSING, /* in the past, never logged: not a zero */
	REVIEW_PENDING, /* today or later, not logged yet */
};

enum review_flags_result {
	REVIEW_FLAGS_CLEAR,      /* every question answered no */
	REVIEW_FLAGS_DOCTOR,     /* any yes: see a doctor */
	REVIEW_FLAGS_INCOMPLETE, /* no yes, but some unanswered */
};

struct review_day {
	int             number; /* 1-based */
	int             date;
	int             done;   /* distinct steps ticked */
	int             total;
	enum day_status status;
};

struct review_night {
	int                      date;
	enum review_night_status status;
	const struct night      *night;     /* NULL unless logged */
	long long                twitches;  /* -1 when not given */
	int                      quality;   /* -1 when not given */
	int                      bedtime;   /* evening minutes, -1 */
	struct journal_sleep     sleep;
};

struct review_trigger {
	const struct trigger_rule *rule;
	int     nights_with;     /* logged nights where it held */
	int     nights_without;  /* logged nights where it did not */
	int     nights_unknown;  /* logged nights lacking a field it needs */
	int     median;          /* TRIG_OFF_MEDIAN: evening minutes, or -1 */
	/* Means over those nights that also have twitches; negative (see
	 * review_has) when there are none. */
	double  mean_twitches_with;
	double  mean_twitches_without;
	signed char verdict[PLAN_MAX_DAYS]; /* per night of the week */
};

struct review_flag {
	const struct plan_flag *flag;
	int                     answer; /* 1 yes, 0 no, -1 unanswered */
};

struct review {
	const struct plan     *plan;
	const struct state    *state;
	const struct week     *week;
	int                    today;        /* the evening date given */
	int                    today_number; /* plan day of today */

	struct review_day      days[PLAN_MAX_DAYS];
	struct review_night    nights[PLAN_MAX_DAYS];
	int                    ndays;        /* = nights; plan->ndays, or
	                                        the days an archived week
	                                        lived before a restart */
	/* The night before day 1 (logged on day 1's morning): the "before"
	 * of the week, in none of its counts or means. */
	struct review_night    baseline;
	/* The week is over: from the evening of the day after its last (when
	 * the last night can be logged) on, and an archived week. Before,
	 * the pending nights are still to come. */
	bool                   final;
	int                    logged;
	int                    missing;
	int                    pending;

	/* Twitches: over the logged nights that give them. */
	int                    twitch_nights;
	double                 twitches_mean;  /* negative when none */
	long long              twitches_max;   /* 0 when none */
	/* Mean of the first three nights that give twitches and of the
	 * last three; only when at least six do (trend_ok), so the two
	 * never share a night. change = last - first (negative: fewer);
	 * change_pct relative to first, negative when first is 0. */
	bool                   trend_ok;
	double                 first_mean;
	double                 last_mean;
	double                 change;
	double                 change_pct;
	bool                   change_pct_ok;
	/* The mean of the last three nights that give twitches (at least
	 * three do; else negative), and against the baseline's count when
	 * it gives one (baseline_ok): change = recent - baseline. */
	double                 recent_mean;
	bool                   baseline_ok;
	double                 baseline_change;

	/* Bedtime (the "bedtime" field) on the evening scale. */
	int                    bedtime_nights;
	int                    bedtime_median; /* evening minutes, -1 */
	double                 bedtime_mad;    /* mean |bedtime - median| */
	int                    bedtime_range;  /* latest - earliest */

	int                    quality_nights;
	double                 quality_mean;   /* negative when none */
	int                    quality_min;    /* the field's scale, or 1..5 */
	int                    quality_max;

	int                    sleep_nights;   /* with a sleep efficiency */
	double                 se_mean;        /* percent, negative if none */
	double                 tst_mean;       /* minutes, negative if none */
	double                 tib_mean;       /* minutes, negative if none */

	struct review_trigger  triggers[PLAN_MAX_ITEMS];
	int                    ntriggers;

	const struct pmr_session **sessions;   /* of the week, by night */
	int                    nsessions;

	struct review_flag     flags[PLAN_MAX_ITEMS];
	int                    nflags;
	int                    flags_yes;
	enum review_flags_result flags_result;

	bool                   little_data;    /* say that a week is little */
};

/* The verdict of rule r on one night's values. A time field that reads
 * "none" makes the rule NO (no caffeine is no late caffeine); a rule
 * whose if_field holds another value than if_value is NO; a rule missing
 * a field it needs is UNKNOWN, never NO. Times are compared on the
 * evening scale (see journal_evening), so with rollover 4 a 01:00 coffee
 * is after 14:00. median is the evening-scale median for TRIG_OFF_MEDIAN
 * (see review_median), -1 when there is none. */
enum review_verdict review_trigger(const struct trigger_rule *r,
    const struct kvlist *night, int median, int rollover_hour);
/* The median, on the evening scale, of the time in field over the n
 * nights (an even count takes the mean of the middle two, rounded
 * down); -1 when no night gives it. At most PLAN_MAX_DAYS nights are
 * looked at. */
int  review_median(const struct night *nights, int n, const char *field,
    int rollover_hour);
/* Compute the review of week w (the state's current week or one of its
 * archive) when today is the evening date `today`; for an archived week,
 * the evening after its last (nights from then on are not its). rv keeps pointers
 * into plan, st and w: they must outlive it. Free with review_free. */
void review_compute(struct review *rv, const struct plan *plan,
    const struct state *st, const struct week *w, int today);
void review_free(struct review *rv);
/* True when a mean above holds data (they are negative when not). */
bool review_has(double);

#endif
