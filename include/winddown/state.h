/* The state: the week's start date and ticks, journal nights, relaxation
 * sessions, red-flag answers, settings and archived weeks. Kept as
 * libconfig files: PATH holds the settings, the week and the journal
 * draft; PATH.d/YYYY-MM.cfg the nights and sessions of one month; and
 * PATH.d/weeks.cfg the archived weeks. So a command reads and writes
 * only what it needs, however long the history. Each file is saved
 * atomically and durably, all under one flock on PATH.lock. Functions
 * return 0 or an EX_* code from <sysexits.h> and set *cause. */
#ifndef WINDDOWN_STATE_H
#define WINDDOWN_STATE_H

#include <stdbool.h>
#include <stddef.h>

#include "winddown/kv.h"

#define STATE_VERSION        2 /* 1: everything in one file; still read */
#define STATE_MAX_FILE       (64 * 1024 * 1024)
/* The most bytes a state file may have, read or written: STATE_MAX_FILE
 * (a test lowers it). A save that would write more is refused. */
extern size_t state_max_file;
#define STATE_LOCK_TIMEOUT   5000 /* ms a writer waits for the lock */
#define STATE_BEDTIME_DEFAULT (22 * 60 + 30)

/* One journal night, keyed by the evening's date. */
struct night {
	int           date;    /* day number (see day.h) */
	long long     updated; /* unix time of the last change */
	struct kvlist kv;
	int           line;    /* line of the file it was read from; 0 when
	                          not read from a file */
};

/* Ticks are kept for the plan's days and for the habit days after them,
 * up to day STATE_MAX_DAY of a week (ten years) and step
 * STATE_MAX_STEP (a day's steps, or the plan's habits). */
#define STATE_MAX_DAY   3660
#define STATE_MAX_STEP  8
#define STATE_MAX_TICKS (STATE_MAX_DAY * STATE_MAX_STEP)

struct tick {
	int       day;  /* plan day, 1-based; past the last: a habit day */
	int       step; /* step of that day (or habit), 1-based */
	long long at;   /* unix time it was ticked */
};

struct week {
	int           start;   /* day number of plan day 1 */
	char         *plan;    /* plan id */
	long long     ended;   /* unix time it was archived, 0 if current */
	struct tick  *ticks;
	int           nticks;
	struct kvlist flags;      /* red-flag answers, KV_BOOL by flag id;
	                             with no week started, the answers
	                             kept for the next (main file) */
	int           flags_date; /* day number answered, 0 if never */
};

struct pmr_session {
	int       night;   /* day number of the evening */
	char     *routine; /* routine id */
	int       done;    /* groups completed */
	int       total;   /* groups in the routine */
	int       seconds; /* length, not counting pauses */
	bool      finished;
	int       rating;  /* 1..5, 0 when not given */
	long long at;      /* unix time it ended */
};

struct settings {
	int  bedtime;  /* target bedtime, minutes after midnight */
	int  rollover; /* hour a day ends next morning, 0..12 */
	bool bell;     /* ring at PMR phase changes */
	char *notify_command; /* reminders: program given the message, or
	                         NULL for a desktop notification */
	bool speech;   /* speak PMR cues (espeak-ng) */
	bool tones;    /* soft tones at PMR phase changes */
};

/* What a load takes of the history: the nights and sessions of the
 * months holding dates from..to (from > to: none), and archived weeks. */
struct state_span {
	int  from;
	int  to;
	bool weeks;
};

/* A file as it was read, so an unchanged one is not written again. */
struct state_file {
	int                key;    /* month index, or STATE_KEY_* */
	bool               exists;
	unsigned long long hash;
};
#define STATE_KEY_MAIN  (-1)
#define STATE_KEY_WEEKS (-2)

struct state {
	int                 version;
	struct settings     settings;
	bool                started; /* week.start is set */
	struct week         week;
	struct week        *archive;
	int                 narchive;
	struct night       *nights; /* sorted by date, unique */
	int                 nnights;
	struct pmr_session *sessions; /* in order recorded */
	int                 nsessions;
	bool                has_draft; /* unsaved journal form input */
	struct night        draft;     /* raw text as typed, KV_STR */

	/* What is loaded: months mlo..mhi (y * 12 + m - 1; none when
	 * mlo > mhi) and whether the archived weeks are. */
	int                 mlo, mhi;
	bool                weeks_loaded;
	struct state_file  *files;   /* as read from path: */
	int                 nfiles;
	char               *path;
	char               *broken;  /* a side file that failed to load */
};

struct state_span state_span_none(void);
struct state_span state_span_all(void);
struct state_span state_span_dates(int from, int to);

void state_init(struct state *);
void state_free(struct state *);

/* Load path into st, with the whole history. A missing file gives a
 * fresh state (0). A file that fails to parse gives EX_DATAERR with
 * "FILE:LINE: reason". */
int  state_load(struct state *st, const char *path, char **cause);
/* Load path with only the history in span. */
int  state_load_span(struct state *st, const char *path,
    struct state_span span, char **cause);
/* Load more of the history into st (loaded from path): the months of
 * span not loaded yet, and the weeks when asked. */
int  state_load_more(struct state *st, const char *path,
    struct state_span span, char **cause);
/* Parse a state from memory; name is used in messages. */
int  state_parse(struct state *st, const char *text, size_t len,
    const char *name, char **cause);
/* Atomic, durable save of every file that changed: mkstemp beside it,
 * write, fflush, fsync, rename, fsync the directory; months first, the
 * main file last. Months with nights not loaded from disk are merged
 * with the file. Creates missing directories 0700. Does not lock; see
 * state_update. */
/* Check the text made for state file file (len bytes, settings settings
 * at the top) is all there before it replaces the file: a stream that
 * ran out of memory stops writing and says nothing. It must have no NUL,
 * end in a newline as the writer ends it, parse back with all its
 * settings and be at most state_max_file bytes. 0, EX_OSERR (incomplete)
 * or EX_DATAERR (too large), with a message. */
int  state_check_text(const char *file, const char *text, size_t len,
    int settings, char **cause);
int  state_save(const struct state *st, const char *path, char **cause);

/* Take the lock on path's lock file ("PATH.lock"), waiting up to
 * timeout_ms; EX_TEMPFAIL when it stays held. *fd receives the lock. */
int  state_lock(const char *path, int timeout_ms, int *fd, char **cause);
void state_unlock(int fd);

/* A change to apply to freshly loaded state under the lock. */
typedef int (*state_change_fn)(struct state *, void *ctx, char **cause);
/* Lock, load (refusing a file that fails to parse), apply fn, save,
 * unlock. On success and when out is not NULL, *out is replaced by the
 * saved state. Nothing is written when fn fails. */
int  state_update(const char *path, int timeout_ms, state_change_fn fn,
    void *ctx, struct state *out, char **cause);
/* The same with only the history in span loaded. */
int  state_update_span(const char *path, int timeout_ms,
    struct state_span span, state_change_fn fn, void *ctx,
    struct state *out, char **cause);
/* Rename an unreadable state file aside to PATH.broken-YYYYMMDD-HHMMSS;
 * *newpath receives the new name. */
int  state_move_aside(const char *path, long long now, char **newpath,
    char **cause);

/* In-memory changes. Starting the first week keeps the red-flag
 * answers given before it. */
void state_start_week(struct state *, int today, const char *plan_id);
/* Archive the current week (ended = now) and start a new one today; a
 * week that began today is kept as it is. */
void state_restart(struct state *, int today, const char *plan_id,
    long long now);
bool state_ticked(const struct state *, int day, int step);
int  state_day_ticks(const struct state *, int day);
/* Tick (on) or untick a step; returns true when something changed. A
 * day or step past STATE_MAX_DAY or STATE_MAX_STEP is not kept. */
bool state_tick(struct state *, int day, int step, bool on, long long now);

struct night *state_night(const struct state *, int date);
/* Where night n of st was read: "FILE:LINE" (the month file of its
 * date when one was read, else the main file), or the main file's name
 * alone when it was not read from a file. Allocated. */
char *state_night_where(const struct state *, const struct night *n);
struct night *state_night_get(struct state *, int date); /* creates */
void state_night_delete(struct state *, int date);
void state_add_session(struct state *, const struct pmr_session *);

#endif
