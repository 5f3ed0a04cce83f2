/* What the report writers and the exports share: numbers with '.' as the
 * decimal point whatever the locale, values and statuses as words, the
 * summary sentences, the end of a report. The formats are in
 * report-text.c, report-md.c and report-json.c; the exports in export.c. */
#include "report-int.h"

#define REPORT_DEC_EXACT 4503599627370496.0 /* 2^52: halves still exact */

#include <math.h>
#include <string.h>
#include <sysexits.h>

/* Write x with a fixed number of decimals and '.' as the point. Past
 * 2^52 once scaled (no mean of the journal's counts is) adding the half
 * that rounds is no longer exact, and a long long may not hold it: the
 * whole part is written by printf's "%.0f", which puts no point or
 * grouping in it in any locale, and the decimals from the fraction,
 * which x - trunc(x) gives exactly.
 * NaN and infinities are written "nan", "inf", "-inf". */
void
report_dec(char *out, size_t size, double x, int decimals)
{
	long long scale = 1, v;
	double    scaled, whole;
	int       i;

	if (isnan(x) || isinf(x)) {
		snprintf(out, size, "%s", isnan(x) ? "nan" : x > 0 ? "inf" :
		    "-inf");
		return;
	}
	for (i = 0; i < decimals; i++)
		scale *= 10;
	scaled = x * (double)scale + (x < 0 ? -0.5 : 0.5);
	if (fabs(scaled) >= REPORT_DEC_EXACT) {
		whole = trunc(x);
		v = (long long)(fabs(x - whole) * (double)scale + 0.5);
		if (v == scale) {
			v = 0;
			whole += x < 0 ? -1 : 1;
		}
		if (decimals == 0)
			snprintf(out, size, "%.0f", whole);
		else
			snprintf(out, size, "%.0f.%0*lld", whole, decimals, v);
		return;
	}
	v = (long long)scaled;
	if (decimals == 0) {
		snprintf(out, size, "%lld", v);
		return;
	}
	snprintf(out, size, "%s%lld.%0*lld", v < 0 ? "-" : "",
	    (v < 0 ? -v : v) / scale, decimals, (v < 0 ? -v : v) % scale);
}

/* The value of a cell as text: "yes"/"no", the number, the string. */
const char *
report_kv_text(const struct kv *kv, char *tmp, size_t size)
{
	switch (kv->type) {
	case KV_INT:
		snprintf(tmp, size, "%lld", kv->i);
		return tmp;
	case KV_BOOL:
		return kv->i ? "yes" : "no";
	case KV_STR:
		break;
	}
	return kv->s == NULL ? "" : kv->s;
}

/* True when the plan has a field of that name. */
static bool
report_has_field(const struct plan *p, const char *name)
{
	int i;

	for (i = 0; i < p->nfields; i++) {
		if (strcmp(p->fields[i].name, name) == 0)
			return true;
	}
	return false;
}

/* A status word for a plan day. */
const char *
report_status(enum day_status s, bool json)
{
	switch (s) {
	case DAY_DONE:
		return "done";
	case DAY_PARTLY:
		return "partly";
	case DAY_MISSED:
		return "missed";
	case DAY_TODAY:
		return "today";
	case DAY_TO_COME:
		break;
	}
	return json ? "to_come" : "to come";
}

void
report_escaped(FILE *fp, const char *str, size_t from,
    const char *(*esc)(uint32_t cp, char *tmp))
{
	const char *s = str == NULL ? "" : str, *e;
	size_t      n = strlen(s), i = from, len;
	uint32_t    cp;
	char        tmp[8];

	while (i < n) {
		len = utf8_decode(s + i, n - i, &cp);
		if (len == 0) {
			fputs("\xef\xbf\xbd", fp);
			i++;
			continue;
		}
		if (utf8_control(cp))
			fputc(' ', fp);
		else if ((e = esc(cp, tmp)) != NULL)
			fputs(e, fp);
		else
			fwrite(s + i, 1, len, fp);
		i += len;
	}
}

/* The short name of the weekday of a date: "Mon". */
const char *
report_wday(int date)
{
	static const char *names[] = { "Sun", "Mon", "Tue", "Wed", "Thu",
	    "Fri", "Sat" };

	return names[day_weekday(date)];
}

/* "6 h 40 min" for minutes, into out. */
static void
report_hours(double minutes, char *out, size_t size)
{
	long m = (long)(minutes + 0.5);

	snprintf(out, size, "%ld h %02ld min", m / 60, m % 60);
}

const char *
report_next_steps(const struct review *rv)
{
	if (rv->week->ended != 0)
		return "This week is kept in the history; the week running now "
		    "has a review of its own ('winddown weeks' lists them).";
	if (!rv->final)
		return "Keep going with each day's steps and log each night "
		    "the morning after; the review is final the morning after "
		    "the last day.";
	return "Keep the habits that helped: they build on each other. Keep "
	    "logging nights to see more of the pattern. Run 'winddown "
	    "restart' to begin a new week; this one stays in the history.";
}

void
report_final_line(const struct review *rv, struct buf *b)
{
	char d[11], e[32];
	int  last = rv->week->start + rv->ndays - 1;

	if (rv->final) {
		buf_puts(b, "Final review: every night of the week has had "
		    "its morning.");
		return;
	}
	day_format(last, d);
	snprintf(e, sizeof e, "%s %s", report_wday(last), d + 5);
	day_format(last + 1, d);
	if (rv->today_number >= 1 && rv->today_number <= rv->ndays) {
		if (rv->nights[rv->ndays - 1].status == REVIEW_LOGGED)
			buf_printf(b, "Not final yet: night %d (%s) is logged "
			    "already; the review is final from %s.", rv->ndays,
			    e, d);
		else
			buf_printf(b, "Not final yet: night %d (%s) is still "
			    "to come; log it on the morning of %s for the "
			    "final review.", rv->ndays, e, d);
	} else
		buf_printf(b, "Not final yet: the week has not begun; it is "
		    "final from %s.", d);
}

void
report_baseline_line(const struct review *rv, struct buf *b)
{
	const struct review_night *n = &rv->baseline;
	char                       d[80], x[64], y[64];

	day_format(n->date, x);
	snprintf(d, sizeof d, "%s %s", report_wday(n->date), x + 5);
	if (n->status != REVIEW_LOGGED) {
		if (n->status == REVIEW_PENDING)
			buf_printf(b, "Baseline (the night before day 1, %s): "
			    "not logged yet.", d);
		else
			buf_printf(b, "Baseline (the night before day 1, %s): "
			    "not logged; 'winddown log --date %s' adds it.", d,
			    x);
		return;
	}
	if (n->twitches < 0) {
		buf_printf(b, "Baseline (the night before day 1, %s): logged "
		    "without a twitch count.", d);
		return;
	}
	buf_printf(b, "Baseline (the night before day 1, %s): %lld "
	    "twitch%s", d, n->twitches, n->twitches == 1 ? "" : "es");
	if (!rv->baseline_ok) {
		buf_puts(b, ".");
		return;
	}
	report_dec(x, sizeof x, rv->recent_mean, 1);
	report_dec(y, sizeof y, rv->baseline_change < 0 ?
	    -rv->baseline_change : rv->baseline_change, 1);
	buf_printf(b, "; the last three nights with a count: %s a night", x);
	if (strcmp(y, "0.0") == 0)
		buf_puts(b, ", no change");
	else
		buf_printf(b, ", %s %s than the baseline", y,
		    rv->baseline_change < 0 ? "fewer" : "more");
	buf_puts(b, ". One night before is a rough yardstick.");
}

/* The summary sentences of a review, one a line, into b. */
void
report_summary(const struct review *rv, struct buf *b)
{
	const struct plan *p = rv->plan;
	char               x[64], y[64], z[64], hhmm[6];

	buf_printf(b, "Nights logged: %d of %d", rv->logged, rv->ndays);
	if (rv->missing > 0)
		buf_printf(b, "; %d missing (left out, not counted as zero)",
		    rv->missing);
	if (rv->pending > 0)
		buf_printf(b, "; %d still to come", rv->pending);
	buf_puts(b, ".\n");
	report_baseline_line(rv, b);
	buf_puts(b, "\n");

	if (rv->twitch_nights == 0)
		buf_puts(b, "Twitches: no counts logged yet.\n");
	else {
		report_dec(x, sizeof x, rv->twitches_mean, 1);
		buf_printf(b, "Twitches: %s a night on average over %d "
		    "night%s (most: %lld).\n", x, rv->twitch_nights,
		    rv->twitch_nights == 1 ? "" : "s", rv->twitches_max);
	}
	if (rv->trend_ok) {
		report_dec(x, sizeof x, rv->first_mean, 1);
		report_dec(y, sizeof y, rv->last_mean, 1);
		report_dec(z, sizeof z, rv->change < 0 ? -rv->change :
		    rv->change, 1);
		buf_printf(b, "First three nights with a count: %s a night; "
		    "last three: %s a night; ", x, y);
		if (strcmp(z, "0.0") == 0)
			buf_puts(b, "no change");
		else
			buf_printf(b, "%s %s a night", z, rv->change < 0 ?
			    "fewer" : "more");
		if (rv->change_pct_ok && strcmp(z, "0.0") != 0) {
			report_dec(x, sizeof x, rv->change_pct, 0);
			buf_printf(b, " (%s%s%%)", rv->change > 0 ? "+" : "",
			    x);
		}
		buf_puts(b, ".\n");
	} else if (rv->twitch_nights > 0) {
		buf_printf(b, "Only %d night%s with a twitch count: comparing "
		    "the first three with the last three needs at least %d.\n",
		    rv->twitch_nights, rv->twitch_nights == 1 ? "" : "s",
		    2 * REVIEW_TREND_NIGHTS);
	}

	if (rv->bedtime_nights > 0) {
		hhmm_format(rv->bedtime_median, hhmm);
		report_dec(x, sizeof x, rv->bedtime_mad, 0);
		buf_printf(b, "Bedtime: median %s; on average %s min from it; "
		    "earliest to latest %d min (%d night%s).\n", hhmm, x,
		    rv->bedtime_range, rv->bedtime_nights,
		    rv->bedtime_nights == 1 ? "" : "s");
	} else if (report_has_field(p, JOURNAL_BEDTIME))
		buf_puts(b, "Bedtime: none logged yet.\n");

	if (rv->quality_nights > 0) {
		report_dec(x, sizeof x, rv->quality_mean, 1);
		buf_printf(b, "Sleep quality: %s on average on the %d-%d scale "
		    "(%d night%s).\n", x, rv->quality_min, rv->quality_max,
		    rv->quality_nights, rv->quality_nights == 1 ? "" : "s");
	}

	if (rv->sleep_nights > 0) {
		report_dec(x, sizeof x, rv->se_mean, 1);
		report_hours(rv->tst_mean, y, sizeof y);
		report_hours(rv->tib_mean, z, sizeof z);
		buf_printf(b, "Sleep efficiency: %s%% on average over %d "
		    "night%s with diary times (asleep %s of %s in bed).\n", x,
		    rv->sleep_nights, rv->sleep_nights == 1 ? "" : "s", y, z);
	} else if (report_has_field(p, JOURNAL_LIGHTS_OUT)) {
		buf_puts(b, "Sleep efficiency: needs lights out, time to fall "
		    "asleep, time awake in the night and wake time of the "
		    "same night.\n");
	}
	if (rv->little_data) {
		buf_puts(b, "One week is little data: twitches vary from night "
		    "to night for many reasons, so read these numbers as "
		    "hints, not proof.\n");
	}
}

/* The red-flag result as a sentence. */
const char *
report_flags_result(const struct review *rv)
{
	switch (rv->flags_result) {
	case REVIEW_FLAGS_DOCTOR:
		return "At least one answer is yes: worth talking over "
		    "with a doctor.";
	case REVIEW_FLAGS_INCOMPLETE:
		return "Not every question is answered yet.";
	case REVIEW_FLAGS_CLEAR:
		break;
	}
	return "Every answer is no.";
}

/* 0, or EX_IOERR when fp has seen an error. */
int
report_done(FILE *fp)
{
	if (fflush(fp) != 0 || ferror(fp))
		return EX_IOERR;
	return 0;
}
