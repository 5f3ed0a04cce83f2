/* The history of weeks: every week (the archived ones in order, then the
 * current one), each with its days done, nights logged and mean
 * twitches a night, and the trend of twitches over every logged night,
 * week by week, with week 1 compared against the latest. Pure: the
 * evening date of today is passed in. */
#ifndef WINDDOWN_TREND_H
#define WINDDOWN_TREND_H

#include <stdbool.h>

#include "winddown/plan.h"
#include "winddown/state.h"

/* The weeks of st: the archived ones, then the current one. */
int trend_week_count(const struct state *);
/* Week n (1 = the first ever started), or NULL. *until receives the
 * evening its nights end before: the end of the plan, where the next
 * week began, or today for the running week (at least the day after
 * its start). */
const struct week *trend_week(const struct plan *, const struct state *,
    int n, int today, int *until);

struct trend_week {
	const struct week *week;
	int     number;        /* 1 = the first */
	int     start;         /* date of plan day 1 */
	int     last;          /* date of its last night */
	bool    current;       /* the running week */
	bool    final;         /* over: its last night can be logged */
	int     days_done;     /* plan days with every step ticked */
	int     logged;        /* nights logged of its own */
	int     twitch_nights; /* of those, nights that give twitches */
	double  mean;          /* twitches a night; negative when none */
	long long baseline;    /* the night before day 1's count, or -1 */
};

/* One logged night that gives twitches. */
struct trend_point {
	int       date;
	int       week;     /* index into weeks: the latest week it is
	                       the baseline of, or in, or after */
	long long twitches;
	bool      baseline; /* the night before that week's day 1 */
	bool      after;    /* a habit night after that week's last */
};

struct trend {
	struct trend_week  *weeks;
	int                 nweeks;
	int                 today;  /* the evening it was computed on */
	struct trend_point *points; /* in date order */
	int                 npoints;
	long long           max;    /* the most twitches of a point */
	/* Week 1 against the latest week, as a week compares its first and
	 * last nights: only when both give twitches on at least
	 * REVIEW_TREND_NIGHTS nights (compare_ok). change = last - first. */
	bool                compare_ok;
	double              first_mean, last_mean, change, change_pct;
	bool                change_pct_ok;
	int                 nights;      /* every logged night with twitches */
	bool                little_data; /* under REVIEW_ENOUGH_DATA */
};

/* The trend of st's weeks and nights (those loaded) when today is the
 * evening date today. Free with trend_free. */
void trend_compute(struct trend *, const struct plan *, const struct state *,
    int today);
void trend_free(struct trend *);

struct buf;
/* Week 1 against the latest in one or two sentences, as every report and
 * the trend page say it: the two means and the change, or why there is
 * no comparison yet; and, with little data, that it is little. */
void trend_compare_text(const struct trend *, struct buf *);

#endif
