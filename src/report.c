/* Reports of the week in review (plain text, markdown, JSON) and exports
 * of every journal night (CSV, JSON). Numbers are formatted by hand so a
 * locale's decimal comma never reaches a JSON or CSV file. */
#include "winddown/report.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "winddown/util.h"

/* What to do after the week, in every format. */
#define REPORT_NEXT_STEPS "Keep the habits that helped: they build on " \
	"each other. Keep logging nights to see more of the pattern. Run " \
	"'winddown restart' to begin a new week; this one stays in the " \
	"history."


#define REPORT_WIDTH    78 /* text lines stay within 80 columns */
#define REPORT_BAR      48 /* longest bar of the chart */

static const char *report_wdays[] = { "Sun", "Mon", "Tue", "Wed", "Thu",
	"Fri", "Sat" };

/* A column of an export: a field name and where it goes. */
struct report_col {
	const char *name;
	int         col;
};

/* The columns of an export: "date", the plan's fields, then the other
 * names found in the nights, sorted; looked up through a hash table so
 * an export stays linear in the number of nights. */
struct report_cols {
	struct report_col *slots;
	size_t             cap;
	size_t             used;
	const char       **names; /* by column, [0] = "date" */
	int                ncols;
	int                capnames;
};

/* Write x with a fixed number of decimals and '.' as the point. */
static void
report_dec(char *out, size_t size, double x, int decimals)
{
	long long scale = 1, v;
	int       i;

	for (i = 0; i < decimals; i++)
		scale *= 10;
	v = (long long)(x * (double)scale + (x < 0 ? -0.5 : 0.5));
	if (decimals == 0) {
		snprintf(out, size, "%lld", v);
		return;
	}
	snprintf(out, size, "%s%lld.%0*lld", v < 0 ? "-" : "",
	    (v < 0 ? -v : v) / scale, decimals, (v < 0 ? -v : v) % scale);
}

/* Write s as a JSON string: quotes, backslash and control characters
 * escaped, UTF-8 passed through, bytes that are not UTF-8 as U+FFFD. */
static void
report_json_str(FILE *fp, const char *str)
{
	const unsigned char *s = (const unsigned char *)(str == NULL ? "" :
	    str);
	size_t               n = strlen((const char *)s), i = 0, len;
	uint32_t             cp;

	fputc('"', fp);
	while (i < n) {
		len = utf8_decode((const char *)s + i, n - i, &cp);
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
static void
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
static void
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

/* The value of a cell as text: "yes"/"no", the number, the string. */
static const char *
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

/* Compare two names for qsort. */
static int
report_cmp_names(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* FNV-1a. */
static size_t
report_hash(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	for (; *s != '\0'; s++) {
		h ^= (unsigned char)*s;
		h *= 0x100000001b3ULL;
	}
	return (size_t)h;
}

/* The slot of name: its entry, or the empty slot where it would go. */
static struct report_col *
report_cols_slot(struct report_cols *c, const char *name)
{
	size_t i = report_hash(name) & (c->cap - 1);

	while (c->slots[i].name != NULL && strcmp(c->slots[i].name, name) != 0)
		i = (i + 1) & (c->cap - 1);
	return &c->slots[i];
}

/* Add name if new; true when it was. */
static bool
report_cols_add(struct report_cols *c, const char *name, int col)
{
	struct report_col *slot, *old;
	size_t             i, oldcap;

	if ((c->used + 1) * 2 > c->cap) {
		old = c->slots;
		oldcap = c->cap;
		c->cap = c->cap == 0 ? 64 : c->cap * 2;
		c->slots = xcalloc(c->cap, sizeof *c->slots);
		for (i = 0; i < oldcap; i++) {
			if (old[i].name != NULL)
				*report_cols_slot(c, old[i].name) = old[i];
		}
		free(old);
	}
	slot = report_cols_slot(c, name);
	if (slot->name != NULL)
		return false;
	slot->name = name;
	slot->col = col;
	c->used++;
	if (c->ncols == c->capnames) {
		c->capnames = c->capnames == 0 ? 64 : c->capnames * 2;
		c->names = xreallocarray(c->names, (size_t)c->capnames,
		    sizeof *c->names);
	}
	c->names[c->ncols++] = name;
	return true;
}

/* Build the columns of an export of every night of st. */
static void
report_cols_build(struct report_cols *c, const struct plan *p,
    const struct state *st)
{
	int i, k, first;

	memset(c, 0, sizeof *c);
	/* "date" is keyed as "", a name no field can have. */
	if (report_cols_add(c, "", 0))
		c->names[0] = "date";
	for (i = 0; i < p->nfields; i++)
		report_cols_add(c, p->fields[i].name, c->ncols);
	first = c->ncols;
	for (i = 0; i < st->nnights; i++) {
		for (k = 0; k < st->nights[i].kv.n; k++)
			report_cols_add(c, st->nights[i].kv.v[k].name, -1);
	}
	if (c->ncols > first)
		qsort(c->names + first, (size_t)(c->ncols - first),
		    sizeof *c->names, report_cmp_names);
	for (i = first; i < c->ncols; i++)
		report_cols_slot(c, c->names[i])->col = i;
}

/* Free the columns. */
static void
report_cols_free(struct report_cols *c)
{
	free(c->slots);
	free(c->names);
}

/* Put each value of night n in its column of cells (ncols long). */
static void
report_cols_fill(struct report_cols *c, const struct night *n,
    const struct kv **cells)
{
	struct report_col *slot;
	int                k;

	memset(cells, 0, (size_t)c->ncols * sizeof *cells);
	for (k = 0; k < n->kv.n; k++) {
		slot = report_cols_slot(c, n->kv.v[k].name);
		if (slot->name != NULL && slot->col > 0)
			cells[slot->col] = &n->kv.v[k];
	}
}

/* Write one CSV cell: a leading ' before what a spreadsheet would run,
 * then RFC 4180 quoting when needed. */
static void
report_csv_cell(FILE *fp, const char *s)
{
	const char *p;
	bool        quote;

	quote = strpbrk(s, ",\"\r\n") != NULL;
	if (quote)
		fputc('"', fp);
	if (strchr("=+-@\t\r", s[0]) != NULL && s[0] != '\0')
		fputc('\'', fp);
	for (p = s; *p != '\0'; p++) {
		if (*p == '"')
			fputc('"', fp);
		fputc(*p, fp);
	}
	if (quote)
		fputc('"', fp);
}

/* 0, or EX_IOERR when fp has seen an error. */
static int
report_done(FILE *fp)
{
	if (fflush(fp) != 0 || ferror(fp))
		return EX_IOERR;
	return 0;
}

/* Export every journal night as CSV. */
int
export_csv(FILE *fp, const struct plan *p, const struct state *st)
{
	struct report_cols c;
	const struct kv  **cells;
	char               tmp[32], date[11];
	int                i, k;

	report_cols_build(&c, p, st);
	cells = xcalloc((size_t)c.ncols, sizeof *cells);
	for (k = 0; k < c.ncols; k++) {
		if (k > 0)
			fputc(',', fp);
		report_csv_cell(fp, c.names[k]);
	}
	fputs("\r\n", fp);
	for (i = 0; i < st->nnights; i++) {
		report_cols_fill(&c, &st->nights[i], cells);
		day_format(st->nights[i].date, date);
		fputs(date, fp);
		for (k = 1; k < c.ncols; k++) {
			fputc(',', fp);
			if (cells[k] != NULL)
				report_csv_cell(fp, report_kv_text(cells[k],
				    tmp, sizeof tmp));
		}
		fputs("\r\n", fp);
	}
	free(cells);
	report_cols_free(&c);
	return report_done(fp);
}

/* Export every journal night as JSON. */
int
export_json(FILE *fp, const struct plan *p, const struct state *st)
{
	struct report_cols c;
	const struct kv  **cells;
	int                i, k;

	report_cols_build(&c, p, st);
	cells = xcalloc((size_t)c.ncols, sizeof *cells);
	fputs("{\"nights\":[", fp);
	for (i = 0; i < st->nnights; i++) {
		report_cols_fill(&c, &st->nights[i], cells);
		fputs(i == 0 ? "\n{\"date\":" : ",\n{\"date\":", fp);
		report_json_date(fp, st->nights[i].date);
		for (k = 1; k < c.ncols; k++) {
			if (cells[k] == NULL)
				continue;
			fputc(',', fp);
			report_json_str(fp, c.names[k]);
			fputc(':', fp);
			report_json_kv(fp, cells[k]);
		}
		fputc('}', fp);
	}
	fputs(st->nnights > 0 ? "\n]}\n" : "]}\n", fp);
	free(cells);
	report_cols_free(&c);
	return report_done(fp);
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
static const char *
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

/* "Mon 03-04" for a date, into out (at least 16 bytes). */
static void
report_short_date(int date, char *out, size_t size)
{
	char d[11];

	day_format(date, d);
	snprintf(out, size, "%s %s", report_wdays[day_weekday(date)], d + 5);
}

/* "6 h 40 min" for minutes, into out. */
static void
report_hours(double minutes, char *out, size_t size)
{
	long m = (long)(minutes + 0.5);

	snprintf(out, size, "%ld h %02ld min", m / 60, m % 60);
}

/* The summary sentences of a review, one a line, into b. */
static void
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

/* The red-flag result as a sentence. */
static const char *
report_flags_result(const struct review *rv)
{
	switch (rv->flags_result) {
	case REVIEW_FLAGS_DOCTOR:
		return "At least one answer is yes: please see a doctor.";
	case REVIEW_FLAGS_INCOMPLETE:
		return "Not every question is answered yet.";
	case REVIEW_FLAGS_CLEAR:
		break;
	}
	return "Every answer is no.";
}

/* Write s (sanitized: '?' for bytes that are not printable UTF-8) cut or
 * padded to width code points; returns the code points written. */
static int
report_fit(FILE *fp, const char *str, int width, bool pad)
{
	const unsigned char *s = (const unsigned char *)(str == NULL ? "" :
	    str);
	size_t               n = strlen((const char *)s), i = 0, len;
	uint32_t             cp;
	int                  col = 0, total;

	total = (int)utf8_len((const char *)s);
	while (i < n && col < width) {
		if (total > width && col == width - 3) {
			fputs("...", fp);
			col += 3;
			break;
		}
		len = utf8_decode((const char *)s + i, n - i, &cp);
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

	for (i = 0; i < rv->ndays; i++) {
		const struct review_night *n = &rv->nights[i];

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
		len = max <= REPORT_BAR ? v : (v * REPORT_BAR + max / 2) / max;
		if (v > 0 && len == 0)
			len = 1;
		for (k = 0; k < len; k++)
			fputs(utf8 ? "\xe2\x96\x88" : "#", fp);
		fprintf(fp, "%s%lld\n", len > 0 ? " " : "", v);
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
	fprintf(fp, "\nWeek of %s to %s", d1, d2);
	if (rv->today_number >= 1 && rv->today_number <= rv->ndays)
		fprintf(fp, ", day %d of %d", rv->today_number, rv->ndays);
	fputs(".\n\nDAYS\n", fp);
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
		report_fit(fp, s->routine, 12, true);
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
	report_wrap(fp, REPORT_NEXT_STEPS, 2, 2);

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

/* Write text for markdown: characters that would format are escaped,
 * control characters become spaces, bytes that are not UTF-8 U+FFFD, and
 * '|' cannot end a table cell. */
static void
report_md(FILE *fp, const char *str)
{
	const unsigned char *s = (const unsigned char *)(str == NULL ? "" :
	    str);
	size_t               n = strlen((const char *)s), i = 0, len;
	uint32_t             cp;

	while (i < n) {
		len = utf8_decode((const char *)s + i, n - i, &cp);
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
		fprintf(fp, "| %s %s |", report_wdays[day_weekday(n->date)], x);
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
		report_md(fp, s->routine);
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
	report_json_pair(fp, "next_steps", REPORT_NEXT_STEPS, true);
	fputs("\n  ", fp);
	report_json_pair(fp, "disclaimer", p->disclaimer, false);
	fputs("\n}\n", fp);
	return report_done(fp);
}
