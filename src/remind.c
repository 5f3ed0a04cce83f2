/* Reminders: the moments of an evening from the plan's timeline, which
 * one is due, which must be skipped, the next one, the sent record and
 * the systemd units. Every time is given; nothing reads the clock. */
#include "winddown/remind.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "winddown/day.h"

#define DAY_MINUTES (24 * 60)
#define FORTNIGHT   14

static const char *const kind_names[] = { "evening", "bedtime", "morning" };

long long
remind_time(int date, int minute)
{
	return (long long)date * DAY_MINUTES + minute;
}

/* Minutes after midnight of local minutes t. */
static int
clock_of(long long t)
{
	return (int)(((t % DAY_MINUTES) + DAY_MINUTES) % DAY_MINUTES);
}

static int
date_of(long long t)
{
	return (int)((t - clock_of(t)) / DAY_MINUTES);
}

int
remind_evening_of(long long t, int rollover_hour)
{
	int date = date_of(t);

	return clock_of(t) < rollover_hour * 60 ? date - 1 : date;
}

/* Minutes from noon, the order of the evening timeline. */
static int
from_noon(int minutes)
{
	return ((minutes - 12 * 60) % DAY_MINUTES + DAY_MINUTES) % DAY_MINUTES;
}

/* Local minutes of the morning after evening night. */
static long long
morning_at(const struct settings *set, int night)
{
	long long at = remind_time(night, 12 * 60) + from_noon(set->bedtime) +
	    REMIND_SLEEP;
	int       c = clock_of(at);

	if (c < set->rollover * 60)
		at += set->rollover * 60 - c;
	return at;
}

int
remind_morning_clock(const struct settings *set)
{
	return clock_of(morning_at(set, 0));
}

int
remind_moments(const struct plan *p, const struct settings *set,
    int night, int day, struct remind *out, int max)
{
	struct timeline_entry tl[64];
	struct remind        *m = NULL;
	int                   nt, i, n = 0;

	nt = plan_timeline(p, day, set->bedtime, tl, (int)WD_NELEM(tl));
	for (i = 0; i < nt; i++) {
		if (m == NULL || m->clock != tl[i].at ||
		    m->nlabels == REMIND_MAX_LABELS) {
			if (n >= max - 1) /* keep room for the morning */
				break;
			m = &out[n++];
			memset(m, 0, sizeof *m);
			m->kind = REMIND_EVENING;
			m->clock = tl[i].at;
			m->at = remind_time(night, 12 * 60) + from_noon(tl[i].at);
			m->night = night;
		}
		if (tl[i].label == NULL)
			m->kind = REMIND_BEDTIME;
		m->labels[m->nlabels] = tl[i].label;
		m->until[m->nlabels] = tl[i].until;
		m->day[m->nlabels] = tl[i].day;
		m->nlabels++;
	}
	if (n < max) {
		m = &out[n++];
		memset(m, 0, sizeof *m);
		m->kind = REMIND_MORNING;
		m->at = morning_at(set, night);
		m->clock = clock_of(m->at);
		m->night = night;
	}
	return n;
}

int
remind_night(const struct plan *p, const struct state *st, int night,
    struct remind *out, int max)
{
	int day = p->ndays;

	if (st->started)
		day = day_number(st->week.start, night);
	if (day < 1)
		day = 1;
	if (day > p->ndays)
		day = p->ndays;
	return remind_moments(p, &st->settings, night, day, out, max);
}

/* Every step of plan day d ticked? */
static bool
day_done(const struct plan *p, const struct state *st, int d)
{
	int total = plan_day_steps(p, d), i;

	if (total == 0)
		return false;
	for (i = 1; i <= total; i++) {
		if (!state_ticked(st, d, i))
			return false;
	}
	return true;
}

enum remind_verdict
remind_verdict(const struct plan *p, const struct state *st,
    const struct remind_sent *sent, const struct remind *m,
    struct remind *kept)
{
	struct remind  k = *m;
	struct night  *nt;
	char           key[32];
	int            d, i, n;

	if (kept != NULL)
		*kept = *m;
	if (!st->started)
		return REMIND_NO_WEEK;
	d = day_number(st->week.start, m->night);
	if (d < 1 || d > p->ndays)
		return REMIND_NO_WEEK;
	if (m->kind == REMIND_MORNING) {
		nt = state_night(st, m->night);
		if (nt != NULL && nt->kv.n > 0)
			return REMIND_LOGGED;
	} else if (day_done(p, st, d)) {
		/* The lines from today's own rules are its task, done. */
		for (i = n = 0; i < m->nlabels; i++) {
			if (m->labels[i] != NULL && m->day[i] == d)
				continue;
			k.labels[n] = m->labels[i];
			k.until[n] = m->until[i];
			k.day[n] = m->day[i];
			n++;
		}
		k.nlabels = n;
		if (kept != NULL)
			*kept = k;
		if (n == 0)
			return REMIND_DONE;
	}
	remind_key(m, key, sizeof key);
	if (sent != NULL && remind_sent_has(sent, key))
		return REMIND_SENT;
	return REMIND_SEND;
}

bool
remind_due(const struct plan *p, const struct state *st, long long t,
    struct remind *out)
{
	struct remind ms[REMIND_MAX];
	int           e = remind_evening_of(t, st->settings.rollover);
	int           night, n, i;
	bool          found = false;

	for (night = e - 1; night <= e; night++) {
		n = remind_night(p, st, night, ms, REMIND_MAX);
		for (i = 0; i < n; i++) {
			if (ms[i].at > t || t >= ms[i].at + REMIND_WINDOW)
				continue;
			if (!found || ms[i].at >= out->at)
				*out = ms[i];
			found = true;
		}
	}
	return found;
}

bool
remind_next(const struct plan *p, const struct state *st,
    const struct remind_sent *sent, long long t, struct remind *out)
{
	struct remind ms[REMIND_MAX], k;
	int           e = remind_evening_of(t, st->settings.rollover);
	int           night, n, i;
	bool          found = false;

	for (night = e - 1; night <= e + FORTNIGHT && !found; night++) {
		n = remind_night(p, st, night, ms, REMIND_MAX);
		for (i = 0; i < n; i++) {
			if (ms[i].at <= t || (found && ms[i].at >= out->at))
				continue;
			if (remind_verdict(p, st, sent, &ms[i], &k) !=
			    REMIND_SEND)
				continue;
			*out = k;
			found = true;
		}
	}
	return found;
}

bool
remind_tonight(const struct plan *p, const struct state *st, long long t,
    struct remind *out)
{
	struct remind ms[REMIND_MAX];
	int           e = remind_evening_of(t, st->settings.rollover);
	int           d, n, i;

	if (!st->started)
		return false;
	d = day_number(st->week.start, e);
	if (d < 1 || d > p->ndays)
		return false;
	n = remind_moments(p, &st->settings, e, d, ms, REMIND_MAX);
	for (i = 0; i < n; i++) {
		if (ms[i].kind != REMIND_MORNING && ms[i].at > t) {
			*out = ms[i];
			return true;
		}
	}
	return false;
}

static void
add_labels(const struct remind *m, bool until, struct buf *b)
{
	char u[6];
	int  i;

	if (m->kind == REMIND_MORNING) {
		buf_puts(b, "Log last night");
		return;
	}
	for (i = 0; i < m->nlabels; i++) {
		buf_puts(b, i > 0 ? ", " : "");
		buf_puts(b, m->labels[i] != NULL ? m->labels[i] : "Bedtime");
		if (until && m->until[i] >= 0) {
			hhmm_format(m->until[i], u);
			buf_printf(b, " (until %s)", u);
		}
	}
}

void
remind_message(const struct remind *m, struct buf *b)
{
	char t[6], d[11];

	if (m->kind == REMIND_MORNING) {
		day_format(m->night, d);
		buf_printf(b, "Good morning. How was the night of %s? Record it "
		    "with 'winddown log' or 'winddown journal'.", d);
		return;
	}
	hhmm_format(m->clock, t);
	buf_printf(b, "%s ", t);
	add_labels(m, true, b);
}

int
remind_format(const char *tmpl, const struct remind *m, long long t,
    struct buf *b, char **cause)
{
	const char *s;
	char        hm[6];
	int         n;

	for (s = tmpl; *s != '\0'; s++) {
		if (*s != '%') {
			buf_add(b, s, 1);
			continue;
		}
		switch (s[1]) {
		case 't':
			hhmm_format(m->clock, hm);
			buf_puts(b, hm);
			break;
		case 'l':
			add_labels(m, false, b);
			break;
		case 'm':
			buf_printf(b, "%lld", m->at - t);
			break;
		case '%':
			buf_puts(b, "%");
			break;
		default:
			/* The whole character after the %, for the message. */
			for (n = 1; s[1] != '\0' && (s[1 + n] & 0xc0) == 0x80;
			    n++)
				;
			return wd_fail(cause, -1, "format: '%%%.*s' is not %%t, "
			    "%%l, %%m or %%%%", s[1] == '\0' ? 0 : n, s + 1);
		}
		s++;
	}
	return 0;
}

void
remind_key(const struct remind *m, char *out, size_t len)
{
	char d[11], t[6];

	day_format(m->night, d);
	hhmm_format(m->clock, t);
	snprintf(out, len, "%s %s %s", d, t, kind_names[m->kind]);
}

bool
remind_sent_has(const struct remind_sent *s, const char *key)
{
	int i;

	for (i = 0; i < s->n; i++) {
		if (strcmp(s->keys[i], key) == 0)
			return true;
	}
	return false;
}

void
remind_sent_add(struct remind_sent *s, const char *key)
{
	if (remind_sent_has(s, key))
		return;
	s->keys = xreallocarray(s->keys, (size_t)s->n + 1, sizeof *s->keys);
	s->keys[s->n++] = xstrdup(key);
}

/* Is line (n bytes) a key? */
static bool
valid_key(const char *line, size_t n)
{
	char   buf[32];
	size_t i;
	int    date;

	if (n < 17 || n >= sizeof buf)
		return false;
	memcpy(buf, line, n);
	buf[n] = '\0';
	if (buf[10] != ' ' || buf[16] != ' ')
		return false;
	buf[10] = buf[16] = '\0';
	if (day_parse(buf, &date) != 0 || hhmm_parse(buf + 11) < 0)
		return false;
	for (i = 0; i < WD_NELEM(kind_names); i++) {
		if (strcmp(buf + 17, kind_names[i]) == 0)
			return true;
	}
	return false;
}

int
remind_sent_parse(struct remind_sent *s, const char *text, size_t len,
    const char *name, char **cause)
{
	const char *p = text, *end = text + len, *nl;
	char       *key;
	int         line = 0;

	memset(s, 0, sizeof *s);
	while (p < end) {
		line++;
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		if (nl > p && *p != '#') {
			if (!valid_key(p, (size_t)(nl - p))) {
				remind_sent_free(s);
				return wd_fail(cause, EX_DATAERR, "%s:%d: not a "
				    "reminder record (want YYYY-MM-DD HH:MM "
				    "evening|bedtime|morning)", name, line);
			}
			key = xstrndup(p, (size_t)(nl - p));
			remind_sent_add(s, key);
			free(key);
		}
		p = nl + 1;
	}
	return 0;
}

void
remind_sent_format(const struct remind_sent *s, int since, struct buf *b)
{
	char d[11];
	int  i, date;

	buf_puts(b, "# winddown: reminders sent, one a line; see winddown(1)\n");
	for (i = 0; i < s->n; i++) {
		snprintf(d, sizeof d, "%.10s", s->keys[i]);
		if (day_parse(d, &date) == 0 && date >= since)
			buf_printf(b, "%s\n", s->keys[i]);
	}
}

void
remind_sent_free(struct remind_sent *s)
{
	int i;

	for (i = 0; i < s->n; i++)
		free(s->keys[i]);
	free(s->keys);
	memset(s, 0, sizeof *s);
}

static int
compare_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return (x > y) - (x < y);
}

int
remind_clocks(const struct plan *p, const struct settings *set, int *out,
    int max)
{
	struct remind ms[REMIND_MAX];
	int           d, i, k, n, nout = 0;

	for (d = 1; d <= p->ndays || d == 1; d++) {
		n = remind_moments(p, set, 0, d, ms, REMIND_MAX);
		for (i = 0; i < n; i++) {
			for (k = 0; k < nout && out[k] != ms[i].clock; k++)
				;
			if (k == nout && nout < max)
				out[nout++] = ms[i].clock;
		}
	}
	qsort(out, (size_t)nout, sizeof *out, compare_int);
	return nout;
}

void
remind_unit_timer(const struct plan *p, const struct settings *set,
    struct buf *b)
{
	int  clocks[REMIND_MAX * 2], n, i;
	char t[6];

	n = remind_clocks(p, set, clocks, (int)WD_NELEM(clocks));
	buf_puts(b, "# Written by 'winddown remind install'; "
	    "'winddown remind remove' deletes it.\n"
	    "[Unit]\n"
	    "Description=winddown reminders at the evening timeline's times\n"
	    "\n"
	    "[Timer]\n");
	for (i = 0; i < n; i++) {
		hhmm_format(clocks[i], t);
		buf_printf(b, "OnCalendar=*-*-* %s:00\n", t);
	}
	buf_puts(b, "AccuracySec=30s\n"
	    "Persistent=true\n"
	    "Unit=" REMIND_SERVICE "\n"
	    "\n"
	    "[Install]\n"
	    "WantedBy=timers.target\n");
}

/* One word of ExecStart=: quoted unless plain; % and $ doubled. */
static void
add_word(const char *w, struct buf *b)
{
	const char *s;
	bool        quote = *w == '\0';

	for (s = w; *s != '\0' && !quote; s++)
		quote = strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
		    "0123456789/_.,:+=@-%$", *s) == NULL;
	if (quote)
		buf_puts(b, "\"");
	for (s = w; *s != '\0'; s++) {
		if (*s == '%' || *s == '$')
			buf_add(b, s, 1);
		if (quote && (*s == '"' || *s == '\\'))
			buf_puts(b, "\\");
		if (*s == '\n')
			buf_puts(b, "\\n");
		else
			buf_add(b, s, 1);
	}
	if (quote)
		buf_puts(b, "\"");
}

void
remind_unit_service(const char *const *argv, int argc, struct buf *b)
{
	int i;

	buf_puts(b, "# Written by 'winddown remind install'; "
	    "'winddown remind remove' deletes it.\n"
	    "[Unit]\n"
	    "Description=winddown reminder: the one due now, if any\n"
	    "\n"
	    "[Service]\n"
	    "Type=oneshot\n"
	    "ExecStart=");
	for (i = 0; i < argc; i++) {
		if (i > 0)
			buf_puts(b, " ");
		add_word(argv[i], b);
	}
	buf_puts(b, "\n");
}
