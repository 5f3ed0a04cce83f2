/* The week in review as plain text within 80 columns, with a bar chart
 * of twitches per night. */
#include "report-int.h"

#include <stdlib.h>
#include <string.h>

#define REPORT_WIDTH    78 /* text lines stay within 80 columns */
#define REPORT_BAR      48 /* longest bar of the chart */

/* "Mon 03-04" for a date, into out (at least 16 bytes). */
static void
report_short_date(int date, char *out, size_t size)
{
	char d[11];

	day_format(date, d);
	snprintf(out, size, "%s %s", report_wday(date), d + 5);
}

/* The sentence about one trigger rule, into b. */
static void
report_trigger_line(const struct review_trigger *t, struct buf *b)
{
	char x[64];

	buf_printf(b, "%d night%s with", t->nights_with,
	    t->nights_with == 1 ? "" : "s");
	if (review_has(t->mean_twitches_with)) {
		report_dec(x, sizeof x, t->mean_twitches_with, 1);
		buf_printf(b, " (%s twitches a night)", x);
	}
	buf_printf(b, ", %d without", t->nights_without);
	if (review_has(t->mean_twitches_without)) {
		report_dec(x, sizeof x, t->mean_twitches_without, 1);
		buf_printf(b, " (%s)", x);
	}
	if (t->nights_unknown > 0)
		buf_printf(b, "; %d night%s without the data to tell",
		    t->nights_unknown, t->nights_unknown == 1 ? "" : "s");
	buf_puts(b, ".");
}

/* Write s (sanitized: '?' for bytes that are not printable UTF-8) cut or
 * padded to width code points; returns the code points written. */
static int
report_fit(FILE *fp, const char *str, int width, bool pad)
{
	const char *s = str == NULL ? "" : str;
	size_t      n = strlen(s), i = 0, len;
	uint32_t    cp;
	int         col = 0, total;

	total = (int)utf8_len(s);
	while (i < n && col < width) {
		if (total > width && col == width - 3) {
			fputs("...", fp);
			col += 3;
			break;
		}
		len = utf8_decode(s + i, n - i, &cp);
		if (len == 0 || utf8_control(cp)) {
			fputc('?', fp);
			i += len == 0 ? 1 : len;
		} else {
			fwrite(s + i, 1, len, fp);
			i += len;
		}
		col++;
	}
	for (; pad && col < width; col++)
		fputc(' ', fp);
	return col;
}

/* Write text word-wrapped to REPORT_WIDTH: the first line after first
 * (already written, taking `at` columns), the rest indented by indent. */
static void
report_wrap(FILE *fp, const char *text, int at, int indent)
{
	const char *s = text, *e;
	char       *word;
	int         col = at, wlen, room, i;
	bool        start = true;

	for (;;) {
		while (*s == ' ')
			s++;
		if (*s == '\0')
			break;
		for (e = s; *e != '\0' && *e != ' '; e++)
			;
		word = xstrndup(s, (size_t)(e - s));
		wlen = (int)utf8_len(word);
		if (!start && col + 1 + wlen > REPORT_WIDTH) {
			fprintf(fp, "\n%*s", indent, "");
			col = indent;
		} else if (!start) {
			fputc(' ', fp);
			col++;
		}
		room = REPORT_WIDTH - col;
		if (room < 1)
			room = 1;
		i = report_fit(fp, word, wlen < room ? wlen : room, false);
		col += i;
		free(word);
		start = false;
		s = e;
	}
	fputc('\n', fp);
}

/* Write each line of b as a wrapped paragraph after prefix. */
static void
report_lines(FILE *fp, const struct buf *b, const char *prefix, int indent)
{
	char *copy, *line, *next;

	if (b->data == NULL)
		return;
	copy = xstrdup(b->data);
	for (line = copy; *line != '\0'; line = next) {
		next = strchr(line, '\n');
		if (next != NULL)
			*next++ = '\0';
		else
			next = line + strlen(line);
		fputs(prefix, fp);
		report_wrap(fp, line, (int)strlen(prefix), indent);
	}
	free(copy);
}

/* The bar chart of twitches per night. */
static void
report_chart(FILE *fp, const struct review *rv, bool utf8)
{
	long long max = rv->twitches_max, v, len, k;
	char      d[16];
	int       i;

	for (i = -1; i < rv->ndays; i++) {
		const struct review_night *n = i < 0 ? &rv->baseline :
		    &rv->nights[i];

		/* The baseline leads the chart when it has a count. */
		if (i < 0 && n->twitches < 0)
			continue;
		if (i < 0 && n->twitches > max)
			max = n->twitches;
		report_short_date(n->date, d, sizeof d);
		fprintf(fp, "  %s  ", d);
		switch (n->status) {
		case REVIEW_MISSING:
			fputs("(not logged)\n", fp);
			continue;
		case REVIEW_PENDING:
			fputs("(not yet)\n", fp);
			continue;
		case REVIEW_LOGGED:
			break;
		}
		if ((v = n->twitches) < 0) {
			fputs("(no count)\n", fp);
			continue;
		}
		/* In double: v * REPORT_BAR may not fit a long long. */
		len = max <= REPORT_BAR ? v : (long long)((double)v *
		    REPORT_BAR / (double)max + 0.5);
		if (v > 0 && len == 0)
			len = 1;
		for (k = 0; k < len; k++)
			fputs(utf8 ? "\xe2\x96\x88" : "#", fp);
		fprintf(fp, "%s%lld%s\n", len > 0 ? " " : "", v, i < 0 ?
		    "  (baseline, before day 1)" : "");
	}
}

/* The review as plain text within 80 columns. */
int
report_text(FILE *fp, const struct review *rv, bool utf8)
{
	const struct plan *p = rv->plan;
	struct buf         b = { NULL, 0, 0 };
	char               d1[11], d2[11], d[16], x[64];
	int                i, col;

	day_format(rv->week->start, d1);
	day_format(rv->week->start + rv->ndays - 1, d2);
	col = fprintf(fp, "Week review: ");
	report_fit(fp, p->title, REPORT_WIDTH - col, false);
	fprintf(fp, "\nWeek of %s to %s%s", d1, d2, rv->week->ended != 0 ?
	    " (archived)" : "");
	if (rv->today_number >= 1 && rv->today_number <= rv->ndays)
		fprintf(fp, ", day %d of %d", rv->today_number, rv->ndays);
	fputs(".\n", fp);
	report_final_line(rv, &b);
	report_wrap(fp, b.data, 0, 0);
	buf_free(&b);
	fputs("\nDAYS\n", fp);
	for (i = 0; i < rv->ndays; i++) {
		const struct review_day *day = &rv->days[i];

		report_short_date(day->date, d, sizeof d);
		fprintf(fp, "  %2d  %s  ", day->number, d);
		report_fit(fp, p->days[i].title, 42, true);
		fprintf(fp, " %d/%d  %s\n", day->done, day->total,
		    report_status(day->status, false));
	}

	fputs("\nTWITCHES PER NIGHT\n", fp);
	report_chart(fp, rv, utf8);

	fputs("\nSUMMARY\n", fp);
	report_summary(rv, &b);
	report_lines(fp, &b, "  ", 4);
	buf_free(&b);

	if (rv->ntriggers > 0)
		fputs("\nPOSSIBLE TRIGGERS\n", fp);
	for (i = 0; i < rv->ntriggers; i++) {
		fputs("  ", fp);
		report_wrap(fp, rv->triggers[i].rule->label, 2, 4);
		report_trigger_line(&rv->triggers[i], &b);
		report_lines(fp, &b, "    ", 4);
		buf_free(&b);
	}

	fputs("\nRELAXATION SESSIONS\n", fp);
	if (rv->nsessions == 0)
		fputs("  None this week.\n", fp);
	for (i = 0; i < rv->nsessions; i++) {
		const struct pmr_session *s = rv->sessions[i];

		report_short_date(s->night, d, sizeof d);
		fprintf(fp, "  %s  ", d);
		report_fit(fp, plan_routine_name(rv->plan, s->routine), 24,
		    true);
		wd_duration(s->seconds, x, sizeof x);
		fprintf(fp, " %d/%d groups  %s  %s", s->done, s->total, x,
		    s->finished ? "finished" : "stopped early");
		if (s->rating > 0)
			fprintf(fp, "  rated %d/5", s->rating);
		fputc('\n', fp);
	}

	fputs("\nRED FLAGS", fp);
	if (rv->week->flags_date > 0) {
		day_format(rv->week->flags_date, d1);
		fprintf(fp, " (answered %s)", d1);
	}
	fputc('\n', fp);
	for (i = 0; i < rv->nflags; i++) {
		const struct review_flag *f = &rv->flags[i];

		fprintf(fp, "  %-3s ", f->answer == 1 ? "yes" :
		    f->answer == 0 ? "no" : "-");
		report_wrap(fp, f->flag->question, 6, 6);
	}
	fputs("  ", fp);
	report_wrap(fp, report_flags_result(rv), 2, 2);
	if (rv->flags_result == REVIEW_FLAGS_DOCTOR) {
		if (p->doctor_advice != NULL) {
			fputs("  ", fp);
			report_wrap(fp, p->doctor_advice, 2, 2);
		}
		if (p->doctor_tell != NULL) {
			fputs("  ", fp);
			report_wrap(fp, p->doctor_tell, 2, 2);
		}
	}

	fputs("\nNEXT STEPS\n  ", fp);
	report_wrap(fp, report_next_steps(rv), 2, 2);

	fputc('\n', fp);
	/* Always said, once: the plan's own disclaimer may say it. */
	if (p->disclaimer == NULL ||
	    strstr(p->disclaimer, "not medical advice") == NULL)
		report_wrap(fp, "This is not medical advice.", 0, 0);
	if (p->disclaimer != NULL)
		report_wrap(fp, p->disclaimer, 0, 0);
	if (p->source_title != NULL) {
		buf_printf(&b, "Source: \"%s\"%s%s.", p->source_title,
		    p->source_author != NULL ? " by " : "",
		    p->source_author != NULL ? p->source_author : "");
		report_wrap(fp, b.data, 0, 0);
		buf_free(&b);
	}
	return report_done(fp);
}
