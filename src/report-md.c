/* The week in review as markdown, to hand to a doctor. */
#include "report-int.h"

#include <string.h>

/* Write text for markdown: characters that would format are escaped,
 * control characters become spaces, bytes that are not UTF-8 U+FFFD, and
 * '|' cannot end a table cell. */
static void
report_md(FILE *fp, const char *str)
{
	const char *s = str == NULL ? "" : str;
	size_t      n = strlen(s), i = 0, len;
	uint32_t    cp;

	while (i < n) {
		len = utf8_decode(s + i, n - i, &cp);
		if (len == 0) {
			fputs("\xef\xbf\xbd", fp);
			i++;
			continue;
		}
		if (utf8_control(cp))
			fputc(' ', fp);
		else if (cp < 0x80 &&
		    strchr("\\`*_[]<>|#~!&", (int)cp) != NULL) {
			fputc('\\', fp);
			fputc((int)cp, fp);
		} else
			fwrite(s + i, 1, len, fp);
		i += len;
	}
}

/* A value of a night for a markdown cell. */
static void
report_md_kv(FILE *fp, const struct kv *kv)
{
	char tmp[32];

	report_md(fp, report_kv_text(kv, tmp, sizeof tmp));
}

/* The table of the week's nights: the plan's fields that any night gives,
 * then the derived sleep measures when any night has them. */
static void
report_md_nights(FILE *fp, const struct review *rv)
{
	const struct plan *p = rv->plan;
	const struct kv   *kv;
	bool               used[PLAN_MAX_ITEMS] = { false }, derived = false;
	int                i, k, nf, ncols = 1;
	char               x[64];

	nf = p->nfields < PLAN_MAX_ITEMS ? p->nfields : PLAN_MAX_ITEMS;
	for (i = 0; i < rv->ndays; i++) {
		const struct review_night *n = &rv->nights[i];

		if (n->night == NULL)
			continue;
		for (k = 0; k < nf; k++) {
			if (!used[k] && kv_get(&n->night->kv,
			    p->fields[k].name) != NULL) {
				used[k] = true;
				ncols++;
			}
		}
		if (n->sleep.tib >= 0 || n->sleep.tst >= 0)
			derived = true;
	}
	fputs("| Night |", fp);
	for (k = 0; k < nf; k++) {
		if (used[k]) {
			fputc(' ', fp);
			report_md(fp, p->fields[k].name);
			fputs(" |", fp);
		}
	}
	if (derived)
		fputs(" Time in bed | Asleep | Efficiency |", fp);
	fputs("\n|---|", fp);
	for (k = 1; k < ncols + (derived ? 3 : 0); k++)
		fputs("---|", fp);
	fputc('\n', fp);
	for (i = 0; i < rv->ndays; i++) {
		const struct review_night *n = &rv->nights[i];

		day_format(n->date, x);
		fprintf(fp, "| %s %s |", report_wday(n->date), x);
		if (n->night == NULL) {
			fputs(n->status == REVIEW_MISSING ? " *not logged* |" :
			    " *not yet* |", fp);
			for (k = 2; k < ncols + (derived ? 3 : 0); k++)
				fputs(" |", fp);
			fputc('\n', fp);
			continue;
		}
		for (k = 0; k < nf; k++) {
			if (!used[k])
				continue;
			fputc(' ', fp);
			if ((kv = kv_get(&n->night->kv, p->fields[k].name)))
				report_md_kv(fp, kv);
			fputs(" |", fp);
		}
		if (derived) {
			if (n->sleep.tib >= 0)
				fprintf(fp, " %d min |", n->sleep.tib);
			else
				fputs(" |", fp);
			if (n->sleep.tst >= 0)
				fprintf(fp, " %d min |", n->sleep.tst);
			else
				fputs(" |", fp);
			if (n->sleep.se >= 0) {
				report_dec(x, sizeof x, n->sleep.se, 1);
				fprintf(fp, " %s%% |", x);
			} else
				fputs(" |", fp);
		}
		fputc('\n', fp);
	}
	if (derived) {
		fputs("\nAsleep = (final awakening - lights out) - time to "
		    "fall asleep - time awake in the night; efficiency = "
		    "asleep / time in bed (Consensus Sleep Diary).\n", fp);
	}
}

/* The review as markdown to hand to a doctor. */
int
report_markdown(FILE *fp, const struct review *rv)
{
	const struct plan *p = rv->plan;
	struct buf         b = { NULL, 0, 0 };
	char               d1[11], d2[11], x[64], y[64];
	char              *line, *next;
	int                i;

	day_format(rv->week->start, d1);
	day_format(rv->week->start + rv->ndays - 1, d2);
	fputs("# Week review: ", fp);
	report_md(fp, p->title);
	fprintf(fp, "\n\nWeek of %s to %s", d1, d2);
	if (rv->today_number >= 1 && rv->today_number <= rv->ndays)
		fprintf(fp, " (day %d of %d)", rv->today_number, rv->ndays);
	fputs(". Kept with winddown, a self-help plan for leg twitches at "
	    "sleep onset (hypnic jerks).\n\n", fp);
	fputs("> ", fp);
	if (p->disclaimer != NULL)
		report_md(fp, p->disclaimer);
	else
		fputs("**This is not medical advice.**", fp);
	fputs("\n\n## Summary\n\n", fp);
	report_summary(rv, &b);
	for (line = b.data; line != NULL && *line != '\0'; line = next) {
		next = strchr(line, '\n');
		fputs("- ", fp);
		fwrite(line, 1, next != NULL ? (size_t)(next - line) :
		    strlen(line), fp);
		fputc('\n', fp);
		next = next != NULL ? next + 1 : line + strlen(line);
	}
	buf_free(&b);

	fputs("\n## Nights\n\nMissing nights are left out of every figure, "
	    "never counted as zero.\n\n", fp);
	report_md_nights(fp, rv);

	if (rv->ntriggers > 0) {
		fputs("\n## Possible triggers\n\n| Trigger | Nights with | "
		    "Twitches with | Nights without | Twitches without | "
		    "Unknown |\n|---|---|---|---|---|---|\n", fp);
	}
	for (i = 0; i < rv->ntriggers; i++) {
		const struct review_trigger *t = &rv->triggers[i];

		if (review_has(t->mean_twitches_with))
			report_dec(x, sizeof x, t->mean_twitches_with, 1);
		else
			strcpy(x, "-");
		if (review_has(t->mean_twitches_without))
			report_dec(y, sizeof y, t->mean_twitches_without, 1);
		else
			strcpy(y, "-");
		fputs("| ", fp);
		report_md(fp, t->rule->label);
		fprintf(fp, " | %d | %s | %d | %s | %d |\n", t->nights_with,
		    x, t->nights_without, y, t->nights_unknown);
	}

	fputs("\n## Relaxation sessions\n\n", fp);
	if (rv->nsessions == 0)
		fputs("None this week.\n", fp);
	else {
		fputs("| Night | Routine | Groups | Length | Finished | "
		    "Rating |\n|---|---|---|---|---|---|\n", fp);
	}
	for (i = 0; i < rv->nsessions; i++) {
		const struct pmr_session *s = rv->sessions[i];

		day_format(s->night, d1);
		wd_duration(s->seconds, x, sizeof x);
		fprintf(fp, "| %s | ", d1);
		report_md(fp, plan_routine_name(rv->plan, s->routine));
		fprintf(fp, " | %d/%d | %s | %s | ", s->done, s->total, x,
		    s->finished ? "yes" : "no");
		if (s->rating > 0)
			fprintf(fp, "%d/5 |\n", s->rating);
		else
			fputs("- |\n", fp);
	}

	fputs("\n## Red flags\n\n", fp);
	if (rv->week->flags_date > 0) {
		day_format(rv->week->flags_date, d1);
		fprintf(fp, "Answered %s.\n\n", d1);
	}
	for (i = 0; i < rv->nflags; i++) {
		const struct review_flag *f = &rv->flags[i];

		fprintf(fp, "- **%s**: ", f->answer == 1 ? "Yes" :
		    f->answer == 0 ? "No" : "Not answered");
		report_md(fp, f->flag->question);
		fputc('\n', fp);
	}
	fprintf(fp, "\n**%s**\n", report_flags_result(rv));
	if (rv->flags_result == REVIEW_FLAGS_DOCTOR) {
		if (p->doctor_advice != NULL) {
			fputs("\n", fp);
			report_md(fp, p->doctor_advice);
			fputc('\n', fp);
		}
		if (p->doctor_tell != NULL) {
			fputs("\n", fp);
			report_md(fp, p->doctor_tell);
			fputc('\n', fp);
		}
	}

	fputs("\n## Next steps\n\n" REPORT_NEXT_STEPS "\n", fp);
	fputs("\n---\n\n", fp);
	if (p->source_title != NULL) {
		fputs("Source: *", fp);
		report_md(fp, p->source_title);
		fputc('*', fp);
		if (p->source_author != NULL) {
			fputs(" by ", fp);
			report_md(fp, p->source_author);
		}
		fputs(".\n", fp);
	}
	fputs("This is not medical advice; it is a diary to bring to someone "
	    "who can give it.\n", fp);
	return report_done(fp);
}
