/* Reminders at the evening timeline's moments, and once in the morning
 * for last night's journal: the schedule as a pure function of the plan,
 * the settings, the state and a given local time. Times are local
 * minutes: date * 1440 + minutes after midnight (see remind_time), so
 * nothing here reads the clock or the time zone. Also the text of the
 * record of reminders sent, and of the systemd user units that wake the
 * program at those moments. */
#ifndef WINDDOWN_REMIND_H
#define WINDDOWN_REMIND_H

#include <stdbool.h>

#include "winddown/plan.h"
#include "winddown/state.h"
#include "winddown/util.h"

#define REMIND_WINDOW     30 /* minutes a reminder stays due after its time */
#define REMIND_SLEEP      (8 * 60 + 30) /* morning: bedtime plus this */
#define REMIND_MAX_LABELS 8  /* timeline lines sharing one moment */
#define REMIND_MAX        32 /* moments of one evening and its morning */
#define REMIND_KEEP       3  /* nights the sent record remembers */
#define REMIND_TIMER      "winddown-remind.timer"
#define REMIND_SERVICE    "winddown-remind.service"

enum remind_kind {
	REMIND_EVENING, /* timeline lines */
	REMIND_BEDTIME, /* the bedtime, perhaps with lines at the same time */
	REMIND_MORNING, /* ask for last night */
};

/* One moment: the timeline lines at one clock time, or the morning. */
struct remind {
	enum remind_kind kind;
	long long   at;    /* local minutes (remind_time) */
	int         clock; /* minutes after midnight */
	int         night; /* the evening it belongs to; morning: the night
	                      it asks about */
	int         nlabels;
	const char *labels[REMIND_MAX_LABELS]; /* into the plan; NULL: bedtime */
	int         until[REMIND_MAX_LABELS];  /* end of a window, or -1 */
	int         day[REMIND_MAX_LABELS];    /* plan day of the rule, 0: every
	                                          evening */
};

enum remind_verdict {
	REMIND_SEND,
	REMIND_NO_WEEK, /* the night is in no running week */
	REMIND_DONE,    /* every line is a step already done today */
	REMIND_LOGGED,  /* morning: the night is logged already */
	REMIND_SENT,    /* in the sent record */
};

/* The record of reminders sent: one key a line, "YYYY-MM-DD HH:MM KIND"
 * (the night, the clock time, evening|bedtime|morning). */
struct remind_sent {
	char **keys;
	int    n;
};

/* Local minutes of minute (after midnight) on date. */
long long remind_time(int date, int minute);
/* The evening local time t belongs to (before rollover_hour: the day
 * before), as day_evening does for the clock. */
int  remind_evening_of(long long t, int rollover_hour);
/* Clock time of the morning reminder: bedtime plus REMIND_SLEEP, not
 * before the rollover hour. */
int  remind_morning_clock(const struct settings *);

/* The moments of evening `night` as plan day `day` (its timeline: the
 * rules of days 1..day, the evening rules, the bedtime), in order, then
 * next morning's. Returns the number written. */
int  remind_moments(const struct plan *, const struct settings *,
    int night, int day, struct remind *out, int max);
/* The moments of evening `night` for the state's week (plan day from
 * the week start, clamped to 1..ndays; every day's rules without one). */
int  remind_night(const struct plan *, const struct state *, int night,
    struct remind *out, int max);

/* Whether moment m must be sent: REMIND_SEND, or why not. *kept (may be
 * NULL) gets m without the lines already done. sent may be NULL. */
enum remind_verdict remind_verdict(const struct plan *, const struct state *,
    const struct remind_sent *, const struct remind *m, struct remind *kept);
/* The moment due at t (its time at most REMIND_WINDOW minutes before,
 * the latest such), whatever its verdict; false when none. */
bool remind_due(const struct plan *, const struct state *, long long t,
    struct remind *out);
/* The first moment after t that would be sent (within a fortnight);
 * false when none. */
bool remind_next(const struct plan *, const struct state *,
    const struct remind_sent *, long long t, struct remind *out);
/* The next timeline moment tonight after t (no morning); false when
 * none is left or no week runs. For `winddown next`. */
bool remind_tonight(const struct plan *, const struct state *, long long t,
    struct remind *out);

/* "HH:MM Label, Label" with "(until HH:MM)" after windows: the text of
 * a reminder. The morning's names the night. */
void remind_message(const struct remind *, struct buf *);
/* Expand a `next --format` template: %t the time, %l the labels, %m the
 * minutes left from t, %% a percent sign. -1 with *cause on any other
 * %-sequence. */
int  remind_format(const char *tmpl, const struct remind *, long long t,
    struct buf *, char **cause);

/* The sent record. */
void remind_key(const struct remind *, char *out, size_t len);
bool remind_sent_has(const struct remind_sent *, const char *key);
void remind_sent_add(struct remind_sent *, const char *key);
/* Parse the record's text; EX_DATAERR with "NAME:LINE: reason". */
int  remind_sent_parse(struct remind_sent *, const char *text, size_t len,
    const char *name, char **cause);
/* The text to save: the keys of nights from `since` on. */
void remind_sent_format(const struct remind_sent *, int since,
    struct buf *);
void remind_sent_free(struct remind_sent *);

/* The clock times to wake at, for every day of the plan and the
 * morning, sorted and unique. Returns the number written. */
int  remind_clocks(const struct plan *, const struct settings *, int *out,
    int max);
/* The text of winddown-remind.timer: one OnCalendar= line per clock. */
void remind_unit_timer(const struct plan *, const struct settings *,
    struct buf *);
/* The text of winddown-remind.service running argv (argv[0] an absolute
 * path), each word quoted for systemd as needed. */
void remind_unit_service(const char *const *argv, int argc, struct buf *);

#endif
