/* The one-page report for a doctor, whatever its syntax: markdown
 * (report-md.c) and HTML (report-html.c) give the strings around each
 * element and the escaping of text; the content is written here once,
 * so both say the same. Everything is in the plan's words: a field by
 * its prompt, a trigger rule by its label, a red flag by its question. */
#include "report-int.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "winddown/journal.h"
#include "winddown/trend.h"

/* The text field a night's free note is kept in. */
#define REPORT_NOTE "note"

struct doc {
	FILE                       *fp;
	const struct report_syntax *sx;
};

static void
doc_open(struct doc *d, const char *const tag[2])
{
	fputs(tag[0], d->fp);
}

static void
doc_close(struct doc *d, const char *const tag[2])
{
	fputs(tag[1], d->fp);
}

/* Text, escaped. */
static void
doc_text(struct doc *d, const char *s)
{
	d->sx->text(d->fp, s == NULL ? "" : s);
}

static void doc_printf(struct doc *, const char *, ...) WD_PRINTF(2, 3);

/* Formatted text, escaped. */
static void
doc_printf(struct doc *d, const char *fmt, ...)
{
	va_list ap;
	char   *s;

	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	doc_text(d, s);
	free(s);
}

/* An element holding text. */
static void
doc_elem(struct doc *d, const char *const tag[2], const char *s)
{
	doc_open(d, tag);
	doc_text(d, s);
	doc_close(d, tag);
}

/* Each line of b as an item of a list. */
static void
doc_lines(struct doc *d, const struct buf *b)
{
	char *copy, *line, *next;

	if (b->data == NULL || *b->data == '\0')
		return;
	doc_open(d, d->sx->ul);
	copy = xstrdup(b->data);
	for (line = copy; *line != '\0'; line = next) {
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		else
			next = line + strlen(line);
		doc_elem(d, d->sx->li, line);
	}
	free(copy);
	doc_close(d, d->sx->ul);
}

/* The header row of a table of n columns. */
static void
doc_head(struct doc *d, const char *const *cols, int n)
{
	int i;

	doc_open(d, d->sx->table);
	doc_open(d, d->sx->tr);
	for (i = 0; i < n; i++)
		doc_elem(d, d->sx->th, cols[i]);
	doc_close(d, d->sx->tr);
	if (d->sx->rule_row) {
		fputc('|', d->fp);
		for (i = 0; i < n; i++)
			fputs("---|", d->fp);
		fputc('\n', d->fp);
	}
}

/* A cell holding text. */
static void
doc_cell(struct doc *d, const char *s)
{
	doc_elem(d, d->sx->td, s);
}

/* A cell of a number that has no data: a dash, as syntax, never
 * escaped. */
static void
doc_cell_none(struct doc *d)
{
	doc_open(d, d->sx->td);
	fputc('-', d->fp);
	doc_close(d, d->sx->td);
}

/* A cell of a whole number. */
static void
doc_cell_int(struct doc *d, int v)
{
	char x[16];

	snprintf(x, sizeof x, "%d", v);
	doc_cell(d, x);
}

/* A cell of a mean to one decimal, or the dash when there is none. */
static void
doc_cell_mean(struct doc *d, double v)
{
	char x[64];

	if (!review_has(v)) {
		doc_cell_none(d);
		return;
	}
	report_dec(x, sizeof x, v, 1);
	doc_cell(d, x);
}

/* A heading of a section. */
static void
doc_h2(struct doc *d, const char *s)
{
	doc_elem(d, d->sx->h2, s);
}

/* "Mon 2024-03-04" for a date, into out (at least 16 bytes). */
static void
doc_date(int date, char *out, size_t size)
{
	char x[11];

	day_format(date, x);
	snprintf(out, size, "%s %s", report_wday(date), x);
}

/* The columns of the nights table: the plan's fields by their prompts. */
static const char *const doc_night_fields[] = { JOURNAL_BEDTIME,
    JOURNAL_TWITCHES, JOURNAL_QUALITY };
#define DOC_NIGHT_FIELDS ((int)WD_NELEM(doc_night_fields))

/* One row of the nights table: n is night i of the week, or the
 * baseline when i < 0. */
static void
doc_night_row(struct doc *d, const struct review *rv,
    const struct review_night *n, int i,
    const struct journal_field *const *fields, bool se)
{
	const struct kv *kv;
	struct buf       b = { NULL, 0, 0 };
	char             x[64];
	int              k, cols;
	bool             yes;

	doc_open(d, d->sx->tr);
	doc_open(d, d->sx->td);
	doc_date(n->date, x, sizeof x);
	doc_text(d, x);
	if (i < 0)
		doc_text(d, " (baseline)");
	doc_close(d, d->sx->td);
	cols = 0;
	for (k = 0; k < DOC_NIGHT_FIELDS; k++)
		cols += fields[k] != NULL;
	cols += se + (rv->ntriggers > 0);
	if (n->night == NULL) {
		/* The first cell says why the row is empty. */
		for (k = 0; k < cols; k++) {
			doc_open(d, d->sx->td);
			if (k == 0) {
				doc_open(d, d->sx->em);
				doc_text(d, n->status == REVIEW_MISSING ?
				    "not logged" : "not yet");
				doc_close(d, d->sx->em);
			}
			doc_close(d, d->sx->td);
		}
		doc_close(d, d->sx->tr);
		return;
	}
	for (k = 0; k < DOC_NIGHT_FIELDS; k++) {
		if (fields[k] == NULL)
			continue;
		kv = kv_get(&n->night->kv, fields[k]->name);
		doc_cell(d, kv != NULL ? report_kv_text(kv, x, sizeof x) : "");
	}
	if (se) {
		x[0] = '\0';
		if (n->sleep.se >= 0) {
			report_dec(x, sizeof x, n->sleep.se, 1);
			strcat(x, "%");
		}
		doc_cell(d, x);
	}
	if (rv->ntriggers > 0) {
		/* The rules that held that night; the baseline is in no
		 * rule's count. */
		yes = false;
		for (k = 0; i >= 0 && k < rv->ntriggers; k++) {
			if (rv->triggers[k].verdict[i] != REVIEW_YES)
				continue;
			buf_printf(&b, "%s%s", yes ? "; " : "",
			    rv->triggers[k].rule->label);
			yes = true;
		}
		doc_cell(d, i < 0 ? "" : yes ? b.data : "none");
		buf_free(&b);
	}
	doc_close(d, d->sx->tr);
}

/* The nights as one table: the baseline when logged, then each night of
 * the week. */
static void
doc_nights(struct doc *d, const struct review *rv)
{
	const struct journal_field *fields[DOC_NIGHT_FIELDS];
	const char                 *cols[DOC_NIGHT_FIELDS + 3];
	bool                        se = rv->baseline.sleep.se >= 0;
	int                         i, n = 0;

	for (i = 0; i < rv->ndays; i++)
		se = se || rv->nights[i].sleep.se >= 0;
	cols[n++] = "Night";
	for (i = 0; i < DOC_NIGHT_FIELDS; i++) {
		fields[i] = plan_field(rv->plan, doc_night_fields[i]);
		if (fields[i] != NULL)
			cols[n++] = fields[i]->prompt;
	}
	if (se)
		cols[n++] = "Sleep efficiency";
	if (rv->ntriggers > 0)
		cols[n++] = "Possible triggers";
	doc_h2(d, "Nights");
	doc_elem(d, d->sx->p, "Missing nights are left out of every figure, "
	    "never counted as zero.");
	doc_head(d, cols, n);
	if (rv->baseline.status == REVIEW_LOGGED)
		doc_night_row(d, rv, &rv->baseline, -1, fields, se);
	for (i = 0; i < rv->ndays; i++)
		doc_night_row(d, rv, &rv->nights[i], i, fields, se);
	doc_close(d, d->sx->table);
	if (se) {
		doc_elem(d, d->sx->note, "Sleep efficiency = time asleep / time "
		    "in bed, where asleep = (final awakening - lights out) - "
		    "time to fall asleep - time awake in the night "
		    "(Consensus Sleep Diary).");
	}
}

/* The notes of the baseline and the week's nights, by date. */
static void
doc_notes(struct doc *d, const struct review *rv)
{
	const struct review_night *n;
	const struct kv           *kv;
	char                       x[32];
	int                        i;
	bool                       any = false;

	if (plan_field(rv->plan, REPORT_NOTE) == NULL)
		return;
	for (i = -1; i < rv->ndays; i++) {
		n = i < 0 ? &rv->baseline : &rv->nights[i];
		if (n->night == NULL || (kv = kv_get(&n->night->kv,
		    REPORT_NOTE)) == NULL || kv->type != KV_STR ||
		    kv->s == NULL || kv->s[0] == '\0')
			continue;
		if (!any) {
			doc_h2(d, "Notes");
			doc_open(d, d->sx->ul);
			any = true;
		}
		doc_open(d, d->sx->li);
		doc_open(d, d->sx->strong);
		doc_date(n->date, x, sizeof x);
		doc_text(d, x);
		doc_close(d, d->sx->strong);
		doc_text(d, ": ");
		doc_text(d, kv->s);
		doc_close(d, d->sx->li);
	}
	if (any)
		doc_close(d, d->sx->ul);
}

/* The trigger rules: nights with and without, and the twitches on each. */
static void
doc_triggers(struct doc *d, const struct review *rv)
{
	static const char *const cols[] = { "Trigger", "Nights with",
	    "Twitches a night with", "Nights without",
	    "Twitches a night without", "Not known" };
	int i;

	if (rv->ntriggers == 0)
		return;
	doc_h2(d, "Possible triggers");
	doc_head(d, cols, (int)WD_NELEM(cols));
	for (i = 0; i < rv->ntriggers; i++) {
		const struct review_trigger *t = &rv->triggers[i];

		doc_open(d, d->sx->tr);
		doc_cell(d, t->rule->label);
		doc_cell_int(d, t->nights_with);
		doc_cell_mean(d, t->mean_twitches_with);
		doc_cell_int(d, t->nights_without);
		doc_cell_mean(d, t->mean_twitches_without);
		doc_cell_int(d, t->nights_unknown);
		doc_close(d, d->sx->tr);
	}
	doc_close(d, d->sx->table);
}

/* The trend over every week. */
static void
doc_trend(struct doc *d, const struct review *rv, const struct trend *t)
{
	static const char *const cols[] = { "Week", "Dates",
	    "Nights logged", "Twitches a night" };
	struct buf b = { NULL, 0, 0 };
	char       from[11], to[11];
	int        i;

	if (t == NULL || t->nweeks == 0)
		return;
	doc_h2(d, "Trend over all weeks");
	doc_head(d, cols, (int)WD_NELEM(cols));
	for (i = 0; i < t->nweeks; i++) {
		const struct trend_week *w = &t->weeks[i];

		doc_open(d, d->sx->tr);
		doc_open(d, d->sx->td);
		doc_printf(d, "%d", w->number);
		if (w->week == rv->week)
			doc_text(d, " (this review)");
		else if (w->current)
			doc_text(d, " (this week)");
		doc_close(d, d->sx->td);
		day_format(w->start, from);
		day_format(w->last, to);
		doc_open(d, d->sx->td);
		doc_printf(d, "%s to %s", from, to);
		doc_close(d, d->sx->td);
		doc_cell_int(d, w->logged);
		doc_cell_mean(d, w->mean);
		doc_close(d, d->sx->tr);
	}
	doc_close(d, d->sx->table);
	trend_compare_text(t, &b);
	doc_elem(d, d->sx->p, b.data);
	buf_free(&b);
}

/* The red-flag questions and answers, and the plan's advice on a yes. */
static void
doc_flags(struct doc *d, const struct review *rv)
{
	const struct plan *p = rv->plan;
	char               x[11];
	int                i;

	doc_h2(d, "Red flags");
	if (rv->week->flags_date > 0) {
		day_format(rv->week->flags_date, x);
		doc_open(d, d->sx->p);
		doc_printf(d, "Answered %s.", x);
		doc_close(d, d->sx->p);
	}
	if (rv->nflags > 0)
		doc_open(d, d->sx->ul);
	for (i = 0; i < rv->nflags; i++) {
		const struct review_flag *f = &rv->flags[i];

		doc_open(d, d->sx->li);
		doc_elem(d, d->sx->strong, f->answer == 1 ? "Yes" :
		    f->answer == 0 ? "No" : "Not answered");
		doc_text(d, ": ");
		doc_text(d, f->flag->question);
		doc_close(d, d->sx->li);
	}
	if (rv->nflags > 0)
		doc_close(d, d->sx->ul);
	doc_open(d, d->sx->p);
	doc_elem(d, d->sx->strong, report_flags_result(rv));
	doc_close(d, d->sx->p);
	if (rv->flags_result == REVIEW_FLAGS_DOCTOR) {
		if (p->doctor_advice != NULL)
			doc_elem(d, d->sx->p, p->doctor_advice);
		if (p->doctor_tell != NULL)
			doc_elem(d, d->sx->p, p->doctor_tell);
	}
}

/* The plan days: each day's habit, its steps ticked and status. */
static void
doc_days(struct doc *d, const struct review *rv)
{
	static const char *const cols[] = { "Day", "Date", "Habit",
	    "Steps done", "Status" };
	char x[64];
	int  i;

	doc_h2(d, "Plan days");
	doc_head(d, cols, (int)WD_NELEM(cols));
	for (i = 0; i < rv->ndays; i++) {
		const struct review_day *day = &rv->days[i];

		doc_open(d, d->sx->tr);
		snprintf(x, sizeof x, "%d", day->number);
		doc_cell(d, x);
		doc_date(day->date, x, sizeof x);
		doc_cell(d, x);
		doc_cell(d, rv->plan->days[i].title);
		snprintf(x, sizeof x, "%d/%d", day->done, day->total);
		doc_cell(d, x);
		doc_cell(d, report_status(day->status, false));
		doc_close(d, d->sx->tr);
	}
	doc_close(d, d->sx->table);
}

/* The relaxation sessions of the week. */
static void
doc_sessions(struct doc *d, const struct review *rv)
{
	static const char *const cols[] = { "Night", "Routine", "Groups",
	    "Length", "Finished", "Rating" };
	char x[64];
	int  i;

	doc_h2(d, "Relaxation sessions");
	if (rv->nsessions == 0) {
		doc_elem(d, d->sx->p, "None this week.");
		return;
	}
	doc_head(d, cols, (int)WD_NELEM(cols));
	for (i = 0; i < rv->nsessions; i++) {
		const struct pmr_session *s = rv->sessions[i];

		doc_open(d, d->sx->tr);
		doc_date(s->night, x, sizeof x);
		doc_cell(d, x);
		doc_cell(d, plan_routine_name(rv->plan, s->routine));
		snprintf(x, sizeof x, "%d/%d", s->done, s->total);
		doc_cell(d, x);
		wd_duration(s->seconds, x, sizeof x);
		doc_cell(d, x);
		doc_cell(d, s->finished ? "yes" : "no");
		if (s->rating > 0) {
			snprintf(x, sizeof x, "%d/5", s->rating);
			doc_cell(d, x);
		} else
			doc_cell_none(d);
		doc_close(d, d->sx->tr);
	}
	doc_close(d, d->sx->table);
}

void
report_doc(FILE *fp, const struct report_syntax *sx, const struct review *rv,
    const struct trend *t)
{
	const struct plan *p = rv->plan;
	struct doc         d = { fp, sx };
	struct buf         b = { NULL, 0, 0 };
	char               d1[11], d2[11];

	doc_open(&d, sx->h1);
	doc_text(&d, "Week review: ");
	doc_text(&d, p->title);
	doc_close(&d, sx->h1);

	/* Said first, calmly, and once: the plan's own may say it. */
	doc_open(&d, sx->quote);
	if (p->disclaimer == NULL ||
	    strstr(p->disclaimer, "not medical advice") == NULL) {
		doc_elem(&d, sx->strong, "This is not medical advice.");
		if (p->disclaimer != NULL)
			doc_text(&d, " ");
	}
	if (p->disclaimer != NULL)
		doc_text(&d, p->disclaimer);
	doc_close(&d, sx->quote);

	day_format(rv->week->start, d1);
	day_format(rv->week->start + rv->ndays - 1, d2);
	doc_open(&d, sx->p);
	doc_printf(&d, "Week of %s to %s", d1, d2);
	if (rv->today_number >= 1 && rv->today_number <= rv->ndays)
		doc_printf(&d, " (day %d of %d)", rv->today_number, rv->ndays);
	doc_text(&d, ", kept with winddown, a self-help plan for leg twitches "
	    "at sleep onset (hypnic jerks). ");
	report_final_line(rv, &b);
	doc_text(&d, b.data);
	buf_free(&b);
	doc_close(&d, sx->p);

	doc_h2(&d, "Summary");
	report_summary(rv, &b);
	doc_lines(&d, &b);
	buf_free(&b);

	doc_nights(&d, rv);
	doc_notes(&d, rv);
	doc_triggers(&d, rv);
	doc_trend(&d, rv, t);
	doc_flags(&d, rv);
	doc_days(&d, rv);
	doc_sessions(&d, rv);

	doc_h2(&d, "Next steps");
	doc_elem(&d, sx->p, report_next_steps(rv));

	doc_open(&d, sx->note);
	if (p->source_title != NULL) {
		doc_text(&d, "Source: ");
		doc_elem(&d, sx->em, p->source_title);
		if (p->source_author != NULL) {
			doc_text(&d, " by ");
			doc_text(&d, p->source_author);
		}
		doc_text(&d, ". ");
	}
	doc_text(&d, "This is not medical advice; it is a diary to bring to "
	    "someone who can give it.");
	doc_close(&d, sx->note);
}
