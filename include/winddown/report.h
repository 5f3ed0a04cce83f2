/* The reports of a week in review (plain text, markdown, HTML, JSON) and the
 * exports of every journal night (CSV, JSON). Pure: they write to a
 * FILE * they are given. */
#ifndef WINDDOWN_REPORT_H
#define WINDDOWN_REPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "winddown/plan.h"
#include "winddown/review.h"
#include "winddown/state.h"

/* Reports of a computed review. Each returns 0, or EX_IOERR when writing
 * failed (errno tells why). Numbers are written with '.' as the decimal
 * point whatever the locale. */
/* Plain text within 80 columns, with a bar chart of twitches per night
 * drawn with block characters when utf8, else '#'. */
int  report_text(FILE *, const struct review *, bool utf8);
struct trend;
/* One page to hand to a doctor, in the plan's words (field prompts,
 * trigger labels, red-flag questions; never ids): the disclaimer first,
 * the week and whether final, the summary with the baseline, one table
 * of the nights (bedtime, twitches, quality, sleep efficiency, the
 * triggers present), the notes, the triggers, the trend over every
 * week of t (left out when t is NULL), the red flags and advice, the
 * plan days, the sessions and the source article. Markdown: */
int  report_markdown(FILE *, const struct review *, const struct trend *);
/* The same as one self-contained printable HTML page: UTF-8, inline CSS
 * with a print style that fits a week on one A4 or Letter page, no
 * scripts, nothing fetched; every text escaped. */
int  report_html(FILE *, const struct review *, const struct trend *);
/* JSON with stable keys: plan {id, title}, source {title, author},
 * week {start, end, today, day, days}, days [{number, date, done, total,
 * status}], nights [{date, every value given, time_in_bed,
 * total_sleep_time, sleep_efficiency when computable}], missing [dates],
 * summary {...}, triggers [{id, label, field, nights_with,
 * nights_without, nights_unknown, mean_twitches_with,
 * mean_twitches_without, nights [dates]}], pmr [{night, routine, done,
 * total, seconds, finished, rating}], red_flags {answered, answers [{id,
 * question, answer}], yes, result, advice}, disclaimer. A mean without
 * data is null; result is "see_doctor", "incomplete" or "clear". */
int  report_json(FILE *, const struct review *);

/* Every journal night of the state, oldest first. CSV: a header row of
 * "date", the plan's fields in plan order, then other names found in
 * the nights, sorted; RFC 4180 quoting and CRLF line ends; a cell that
 * would start with = + - @ (or a tab or CR) gets a leading ' so a
 * spreadsheet never runs it; missing values are empty. */
int  export_csv(FILE *, const struct plan *, const struct state *);
/* JSON: {"nights":[{"date":"YYYY-MM-DD","FIELD":value,...},...]}, with
 * numbers, true/false and strings as stored; nothing derived. */
int  export_json(FILE *, const struct plan *, const struct state *);

struct buf;
/* The summary sentences of a review, one a line, into b: what every
 * report and the review screen say of nights, baseline, twitches,
 * bedtime, quality and sleep efficiency. */
void report_summary(const struct review *, struct buf *);
/* Whether the review is final, in one sentence: final from the evening
 * after the week's last day (when its last night can be logged); before
 * that, which night is still to come and when the review is final. */
void report_final_line(const struct review *, struct buf *);
/* What to do next, in every format and on the review screen: while the
 * week runs, keep on with it; after it, keep the habits and start
 * another when wanted; of an archived week, that it is history. */
const char *report_next_steps(const struct review *);
/* The baseline, the night before day 1, in one sentence: its count and
 * how the last three nights compare with it, or that it was not logged
 * (and how to log it). */
void report_baseline_line(const struct review *, struct buf *);

/* x with a fixed number of decimals and '.' as the point, whatever the
 * locale, rounded half away from zero: how every report and screen
 * prints a mean. */
void report_dec(char *out, size_t size, double x, int decimals);

#endif
