/* Private to the reports and exports (report*.c, export.c): what more
 * than one format writes the same way. Not for the program. */
#ifndef WINDDOWN_REPORT_INT_H
#define WINDDOWN_REPORT_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "winddown/day.h"
#include "winddown/report.h"
#include "winddown/state.h"
#include "winddown/util.h"


/* report.c */
/* The value of a cell as text: "yes"/"no", the number (written into tmp,
 * size bytes), the string. */
const char *report_kv_text(const struct kv *kv, char *tmp, size_t size);
/* A status word for a plan day; "to_come" for JSON, else "to come". */
const char *report_status(enum day_status s, bool json);
/* The short name of the weekday of a date: "Mon". */
const char *report_wday(int date);
/* The red-flag result as a sentence. */
const char *report_flags_result(const struct review *rv);
/* Write str (NULL: nothing) from byte `from` on, each code point as esc
 * gives it (into tmp, 8 bytes, or a constant; NULL: as it is), control
 * characters as spaces and bytes that are not UTF-8 as U+FFFD: the
 * escaping of the markdown and HTML pages. */
void        report_escaped(FILE *fp, const char *str, size_t from,
    const char *(*esc)(uint32_t cp, char *tmp));
/* 0, or EX_IOERR when fp has seen an error. */
int         report_done(FILE *fp);

/* report-doc.c: the one-page report for a doctor, written in a syntax:
 * markdown (report-md.c) or HTML (report-html.c). Each element is a pair
 * of strings written before and after its content. */
struct report_syntax {
	/* Write text escaped for the syntax: control characters as
	 * spaces, bytes that are not UTF-8 as U+FFFD. */
	void        (*text)(FILE *, const char *);
	const char *h1[2], *h2[2], *p[2], *note[2], *quote[2];
	const char *strong[2], *em[2];
	const char *ul[2], *li[2];
	const char *table[2], *tr[2], *th[2], *td[2];
	bool        rule_row; /* markdown: |---| after the header row */
};
/* The title, the disclaimer, the week and whether final, the summary
 * and baseline, one table of the nights, the notes, the triggers, the
 * trend over every week (when t is not NULL), the red flags, the plan
 * days, the sessions, the next steps and the source. */
void        report_doc(FILE *fp, const struct report_syntax *sx,
    const struct review *rv, const struct trend *t);

/* report-json.c */
/* Write s as a JSON string: quotes, backslash and control characters
 * escaped, UTF-8 passed through, bytes that are not UTF-8 as U+FFFD. */
void        report_json_str(FILE *fp, const char *str);
/* Write a date as a JSON string. */
void        report_json_date(FILE *fp, int date);
/* Write a stored value as JSON: number, true/false or string. */
void        report_json_kv(FILE *fp, const struct kv *kv);

#endif
