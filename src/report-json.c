/* The week in review as JSON with stable keys, and the JSON strings,
 * dates and values the exports write too. */
#include "report-int.h"

#include <stdlib.h>
#include <string.h>

/* Write s as a JSON string: quotes, backslash and control characters
 * escaped, UTF-8 passed through, bytes that are not UTF-8 as U+FFFD. */
void
report_json_str(FILE *fp, const char *str)
{
	const char *s = str == NULL ? "" : str;
	size_t      n = strlen(s), i = 0, len;
	uint32_t    cp;

	fputc('"', fp);
	while (i < n) {
		len = utf8_decode(s + i, n - i, &cp);
		if (len == 0) {
			fputs("\\ufffd", fp);
			i++;
			continue;
		}
		switch (cp) {
		case '"':
			fputs("\\\"", fp);
			break;
		case '\\':
			fputs("\\\\", fp);
			break;
		case '\n':
			fputs("\\n", fp);
			break;
		case '\r':
			fputs("\\r", fp);
			break;
		case '\t':
			fputs("\\t", fp);
			break;
		default:
			/* C0, DEL, C1 and the JavaScript line breaks. */
			if (utf8_control(cp) || cp == 0x2028 || cp == 0x2029)
				fprintf(fp, "\\u%04x", (unsigned int)cp);
			else
				fwrite(s + i, 1, len, fp);
			break;
		}
		i += len;
	}
	fputc('"', fp);
}

/* Write a date as a JSON string. */
void
report_json_date(FILE *fp, int date)
{
	char d[11];

	day_format(date, d);
	fprintf(fp, "\"%s\"", d);
}

/* Write a mean as a JSON number, or null when there is no data. */
static void
report_json_mean(FILE *fp, double v, int decimals)
{
	char s[64];

	if (!review_has(v)) {
		fputs("null", fp);
		return;
	}
	report_dec(s, sizeof s, v, decimals);
	fputs(s, fp);
}

/* Write a stored value as JSON: number, true/false or string. */
void
report_json_kv(FILE *fp, const struct kv *kv)
{
	switch (kv->type) {
	case KV_INT:
		fprintf(fp, "%lld", kv->i);
		break;
	case KV_BOOL:
		fputs(kv->i ? "true" : "false", fp);
		break;
	case KV_STR:
		report_json_str(fp, kv->s);
		break;
	}
}

/* The values of one night in report order: the plan's fields, then any
 * other names, sorted. out holds n->kv.n entries; returns the count. */
static int
report_night_order(const struct plan *p, const struct night *n,
    const struct kv **out)
{
	const struct kv *kv;
	int              i, k, count = 0, first;

	for (i = 0; i < p->nfields; i++) {
		if ((kv = kv_get(&n->kv, p->fields[i].name)) != NULL)
			out[count++] = kv;
	}
	first = count;
	for (k = 0; k < n->kv.n; k++) {
		for (i = 0; i < p->nfields; i++) {
			if (strcmp(p->fields[i].name, n->kv.v[k].name) == 0)
				break;
		}
		if (i == p->nfields)
			out[count++] = &n->kv.v[k];
	}
	for (i = first + 1; i < count; i++) {
		kv = out[i];
		for (k = i; k > first && strcmp(out[k - 1]->name,
		    kv->name) > 0; k--)
			out[k] = out[k - 1];
		out[k] = kv;
	}
	return count;
}

/* One night of the week as a JSON object: date, every value given, then
 * the derived sleep measures that can be computed. */
static void
report_json_night(FILE *fp, const struct review *rv,
    const struct review_night *n)
{
	const struct kv **order;
	const struct kvlist *l = &n->night->kv;
	char                 x[64];
	int                  i, count;

	order = xcalloc((size_t)l->n, sizeof *order);
	count = report_night_order(rv->plan, n->night, order);
	fputs("{\"date\": ", fp);
	report_json_date(fp, n->date);
	for (i = 0; i < count; i++) {
		fputs(", ", fp);
		report_json_str(fp, order[i]->name);
		fputs(": ", fp);
		report_json_kv(fp, order[i]);
	}
	free(order);
	if (n->sleep.tib >= 0 && kv_get(l, "time_in_bed") == NULL)
		fprintf(fp, ", \"time_in_bed\": %d", n->sleep.tib);
	if (n->sleep.tst >= 0 && kv_get(l, "total_sleep_time") == NULL)
		fprintf(fp, ", \"total_sleep_time\": %d", n->sleep.tst);
	if (n->sleep.se >= 0 && kv_get(l, "sleep_efficiency") == NULL) {
		report_dec(x, sizeof x, n->sleep.se, 1);
		fprintf(fp, ", \"sleep_efficiency\": %s", x);
	}
	fputc('}', fp);
}

/* A key and a string value, or null. */
static void
report_json_pair(FILE *fp, const char *key, const char *value, bool comma)
{
	fprintf(fp, "\"%s\": ", key);
	if (value == NULL)
		fputs("null", fp);
	else
		report_json_str(fp, value);
	if (comma)
		fputs(", ", fp);
}

/* The "summary" object. */
static void
report_json_summary(FILE *fp, const struct review *rv)
{
	char hhmm[6];

	fprintf(fp, "  \"summary\": {\"nights\": %d, \"logged\": %d, "
	    "\"missing\": %d, \"pending\": %d,\n", rv->ndays, rv->logged,
	    rv->missing, rv->pending);
	fprintf(fp, "    \"twitch_nights\": %d, \"twitches_mean\": ",
	    rv->twitch_nights);
	report_json_mean(fp, rv->twitches_mean, 2);
	fputs(", \"twitches_max\": ", fp);
	if (rv->twitch_nights > 0)
		fprintf(fp, "%lld", rv->twitches_max);
	else
		fputs("null", fp);
	fputs(",\n    \"first_three_mean\": ", fp);
	report_json_mean(fp, rv->trend_ok ? rv->first_mean : -1, 2);
	fputs(", \"last_three_mean\": ", fp);
	report_json_mean(fp, rv->trend_ok ? rv->last_mean : -1, 2);
	fputs(", \"change\": ", fp);
	if (rv->trend_ok) {
		/* may be negative: not a mean */
		char x[64];

		report_dec(x, sizeof x, rv->change, 2);
		fputs(x, fp);
	} else
		fputs("null", fp);
	fputs(", \"change_pct\": ", fp);
	if (rv->trend_ok && rv->change_pct_ok) {
		char x[64];

		report_dec(x, sizeof x, rv->change_pct, 1);
		fputs(x, fp);
	} else
		fputs("null", fp);
	fprintf(fp, ",\n    \"bedtime_nights\": %d, \"bedtime_median\": ",
	    rv->bedtime_nights);
	if (rv->bedtime_nights > 0) {
		hhmm_format(rv->bedtime_median, hhmm);
		fprintf(fp, "\"%s\", \"bedtime_mean_deviation\": ", hhmm);
		report_json_mean(fp, rv->bedtime_mad, 1);
		fprintf(fp, ", \"bedtime_range\": %d", rv->bedtime_range);
	} else {
		fputs("null, \"bedtime_mean_deviation\": null, "
		    "\"bedtime_range\": null", fp);
	}
	fprintf(fp, ",\n    \"quality_nights\": %d, \"quality_mean\": ",
	    rv->quality_nights);
	report_json_mean(fp, rv->quality_mean, 2);
	fprintf(fp, ", \"quality_scale\": [%d, %d]", rv->quality_min,
	    rv->quality_max);
	fprintf(fp, ",\n    \"sleep_nights\": %d, \"sleep_efficiency_mean\": ",
	    rv->sleep_nights);
	report_json_mean(fp, rv->se_mean, 1);
	fputs(", \"total_sleep_time_mean\": ", fp);
	report_json_mean(fp, rv->tst_mean, 0);
	fputs(", \"time_in_bed_mean\": ", fp);
	report_json_mean(fp, rv->tib_mean, 0);
	fprintf(fp, ",\n    \"little_data\": %s},\n",
	    rv->little_data ? "true" : "false");
}

/* The review as JSON. */
int
report_json(FILE *fp, const struct review *rv)
{
	const struct plan *p = rv->plan;
	const char        *result;
	int                i, k;
	bool               first;

	fputs("{\n  \"plan\": {", fp);
	report_json_pair(fp, "id", p->id, true);
	report_json_pair(fp, "title", p->title, false);
	fputs("},\n  \"source\": {", fp);
	report_json_pair(fp, "title", p->source_title, true);
	report_json_pair(fp, "author", p->source_author, false);
	fputs("},\n  \"week\": {\"start\": ", fp);
	report_json_date(fp, rv->week->start);
	fputs(", \"end\": ", fp);
	report_json_date(fp, rv->week->start + rv->ndays - 1);
	fputs(", \"today\": ", fp);
	report_json_date(fp, rv->today);
	fprintf(fp, ", \"day\": %d, \"days\": %d},\n", rv->today_number,
	    rv->ndays);
	fprintf(fp, "  \"final\": %s,\n  \"baseline\": ", rv->final ? "true" :
	    "false");
	if (rv->baseline.night != NULL)
		report_json_night(fp, rv, &rv->baseline);
	else
		fputs("null", fp);
	fputs(",\n", fp);

	fputs("  \"days\": [", fp);
	for (i = 0; i < rv->ndays; i++) {
		const struct review_day *d = &rv->days[i];

		fprintf(fp, "%s\n    {\"number\": %d, \"date\": ",
		    i == 0 ? "" : ",", d->number);
		report_json_date(fp, d->date);
		fprintf(fp, ", \"done\": %d, \"total\": %d, \"status\": "
		    "\"%s\"}", d->done, d->total,
		    report_status(d->status, true));
	}
	fputs("\n  ],\n  \"nights\": [", fp);
	first = true;
	for (i = 0; i < rv->ndays; i++) {
		if (rv->nights[i].night == NULL)
			continue;
		fputs(first ? "\n    " : ",\n    ", fp);
		report_json_night(fp, rv, &rv->nights[i]);
		first = false;
	}
	fputs(first ? "],\n  \"missing\": [" : "\n  ],\n  \"missing\": [", fp);
	first = true;
	for (i = 0; i < rv->ndays; i++) {
		if (rv->nights[i].status != REVIEW_MISSING)
			continue;
		fputs(first ? "" : ", ", fp);
		report_json_date(fp, rv->nights[i].date);
		first = false;
	}
	fputs("],\n", fp);
	report_json_summary(fp, rv);

	fputs("  \"triggers\": [", fp);
	for (i = 0; i < rv->ntriggers; i++) {
		const struct review_trigger *t = &rv->triggers[i];

		fputs(i == 0 ? "\n    {" : ",\n    {", fp);
		report_json_pair(fp, "id", t->rule->id, true);
		report_json_pair(fp, "label", t->rule->label, true);
		report_json_pair(fp, "field", t->rule->field, true);
		fprintf(fp, "\"nights_with\": %d, \"nights_without\": %d, "
		    "\"nights_unknown\": %d, \"mean_twitches_with\": ",
		    t->nights_with, t->nights_without, t->nights_unknown);
		report_json_mean(fp, t->mean_twitches_with, 2);
		fputs(", \"mean_twitches_without\": ", fp);
		report_json_mean(fp, t->mean_twitches_without, 2);
		fputs(", \"nights\": [", fp);
		first = true;
		for (k = 0; k < rv->ndays; k++) {
			if (t->verdict[k] != REVIEW_YES)
				continue;
			fputs(first ? "" : ", ", fp);
			report_json_date(fp, rv->nights[k].date);
			first = false;
		}
		fputs("]}", fp);
	}
	fputs(rv->ntriggers > 0 ? "\n  ],\n" : "],\n", fp);

	fputs("  \"pmr\": [", fp);
	for (i = 0; i < rv->nsessions; i++) {
		const struct pmr_session *s = rv->sessions[i];

		fputs(i == 0 ? "\n    {" : ",\n    {", fp);
		fputs("\"night\": ", fp);
		report_json_date(fp, s->night);
		fputs(", ", fp);
		report_json_pair(fp, "routine", s->routine, true);
		fprintf(fp, "\"done\": %d, \"total\": %d, \"seconds\": %d, "
		    "\"finished\": %s, \"rating\": ", s->done, s->total,
		    s->seconds, s->finished ? "true" : "false");
		if (s->rating > 0)
			fprintf(fp, "%d}", s->rating);
		else
			fputs("null}", fp);
	}
	fputs(rv->nsessions > 0 ? "\n  ],\n" : "],\n", fp);

	fputs("  \"red_flags\": {\"answered\": ", fp);
	if (rv->week->flags_date > 0)
		report_json_date(fp, rv->week->flags_date);
	else
		fputs("null", fp);
	fputs(", \"answers\": [", fp);
	for (i = 0; i < rv->nflags; i++) {
		const struct review_flag *f = &rv->flags[i];

		fputs(i == 0 ? "\n    {" : ",\n    {", fp);
		report_json_pair(fp, "id", f->flag->id, true);
		report_json_pair(fp, "question", f->flag->question, true);
		fprintf(fp, "\"answer\": %s}", f->answer == 1 ? "true" :
		    f->answer == 0 ? "false" : "null");
	}
	switch (rv->flags_result) {
	case REVIEW_FLAGS_DOCTOR:
		result = "see_doctor";
		break;
	case REVIEW_FLAGS_INCOMPLETE:
		result = "incomplete";
		break;
	default:
		result = "clear";
		break;
	}
	fprintf(fp, "%s], \"yes\": %d, \"result\": \"%s\", ",
	    rv->nflags > 0 ? "\n  " : "", rv->flags_yes, result);
	report_json_pair(fp, "advice", rv->flags_result ==
	    REVIEW_FLAGS_DOCTOR ? p->doctor_advice : NULL, false);
	fputs("},\n  ", fp);
	report_json_pair(fp, "next_steps", report_next_steps(rv), true);
	fputs("\n  ", fp);
	report_json_pair(fp, "disclaimer", p->disclaimer, false);
	fputs("\n}\n", fp);
	return report_done(fp);
}
