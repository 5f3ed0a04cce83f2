/* The week in review as one self-contained HTML page to print for a
 * doctor: the one page of report-doc.c in HTML, with its style inline
 * (a print style fits a week on one A4 or Letter page), no scripts and
 * nothing fetched from anywhere. */
#include "report-int.h"

#include <string.h>

/* & < > " ' as character references. */
static const char *
report_html_esc(uint32_t cp, char *tmp)
{
	(void)tmp;
	switch (cp) {
	case '&':
		return "&amp;";
	case '<':
		return "&lt;";
	case '>':
		return "&gt;";
	case '"':
		return "&quot;";
	case '\'':
		return "&#39;";
	}
	return NULL;
}

/* Write text for HTML: & < > " ' as character references, control
 * characters as spaces, bytes that are not UTF-8 as U+FFFD. */
static void
report_html_str(FILE *fp, const char *str)
{
	report_escaped(fp, str, 0, report_html_esc);
}

static const struct report_syntax report_html_syntax = {
	.text = report_html_str,
	.h1 = { "<h1>", "</h1>\n" },
	.h2 = { "<h2>", "</h2>\n" },
	.p = { "<p>", "</p>\n" },
	.note = { "<p class=\"note\">", "</p>\n" },
	.quote = { "<p class=\"disclaimer\">", "</p>\n" },
	.strong = { "<strong>", "</strong>" },
	.em = { "<em>", "</em>" },
	.ul = { "<ul>\n", "</ul>\n" },
	.li = { "<li>", "</li>\n" },
	.table = { "<table>\n", "</table>\n" },
	.tr = { "<tr>", "</tr>\n" },
	.th = { "<th>", "</th>" },
	.td = { "<td>", "</td>" },
	.rule_row = false,
};

/* The page's style: readable on a screen; printed, small and compact so
 * that a week's page fits one A4 or Letter sheet. */
#define REPORT_HTML_STYLE \
	"body { font: 11pt/1.4 system-ui, sans-serif; color: #111; " \
	    "max-width: 52em; margin: 1.5em auto; padding: 0 1em; }\n" \
	"h1 { font-size: 1.5em; margin: 0 0 .4em; }\n" \
	"h2 { font-size: 1.1em; margin: 1.1em 0 .3em; " \
	    "border-bottom: 1px solid #bbb; }\n" \
	"p, ul { margin: .3em 0; }\n" \
	"ul { padding-left: 1.3em; }\n" \
	".disclaimer { border-left: 3px solid #888; padding: .2em .6em; " \
	    "background: #f3f3f3; }\n" \
	".note { font-size: .85em; color: #444; }\n" \
	"table { border-collapse: collapse; margin: .3em 0; }\n" \
	"th, td { border: 1px solid #bbb; padding: .15em .45em; " \
	    "text-align: left; vertical-align: top; }\n" \
	"th { background: #eee; }\n" \
	"@media print {\n" \
	"  @page { margin: 10mm; }\n" \
	"  body { font-size: 8pt; line-height: 1.25; max-width: none; " \
	    "margin: 0; padding: 0; }\n" \
	"  h1 { font-size: 12pt; }\n" \
	"  h2 { font-size: 9pt; margin: .6em 0 .15em; " \
	    "break-after: avoid; page-break-after: avoid; }\n" \
	"  table { font-size: 7.5pt; }\n" \
	"  th, td { padding: 0 .3em; }\n" \
	"  tr, li { break-inside: avoid; page-break-inside: avoid; }\n" \
	"  .disclaimer { background: none; }\n" \
	"}\n"

/* The review as one printable HTML page. */
int
report_html(FILE *fp, const struct review *rv, const struct trend *t)
{
	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n"
	    "<meta name=\"viewport\" content=\"width=device-width, "
	    "initial-scale=1\">\n<title>Week review: ", fp);
	report_html_str(fp, rv->plan->title);
	fputs("</title>\n<style>\n" REPORT_HTML_STYLE "</style>\n</head>\n"
	    "<body>\n", fp);
	report_doc(fp, &report_html_syntax, rv, t);
	fputs("</body>\n</html>\n", fp);
	return report_done(fp);
}
