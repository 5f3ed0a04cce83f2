/* The week in review as markdown, to hand to a doctor: the one page of
 * report-doc.c in markdown's syntax. */
#include "report-int.h"

#include <string.h>

/* The length of what at the start of s could begin a block: a list item
 * ("-", "+", "1." or "1)"), a heading underline ("="). 0 when none. */
static size_t
report_md_lead(const char *s)
{
	size_t i = 0;

	if (*s == '-' || *s == '+' || *s == '=')
		return 1;
	while (s[i] >= '0' && s[i] <= '9' && i < 9)
		i++;
	if (i > 0 && (s[i] == '.' || s[i] == ')') &&
	    (s[i + 1] == ' ' || s[i + 1] == '\0'))
		return i + 1;
	return 0;
}

/* A character that would format, after a backslash. */
static const char *
report_md_esc(uint32_t cp, char *tmp)
{
	if (cp >= 0x80 || strchr("\\`*_[]<>|#~!&", (int)cp) == NULL)
		return NULL;
	tmp[0] = '\\';
	tmp[1] = (char)cp;
	tmp[2] = '\0';
	return tmp;
}

/* Write text for markdown: characters that would format are escaped, as
 * is what at its start could begin a block; control characters become
 * spaces, bytes that are not UTF-8 U+FFFD, and '|' cannot end a table
 * cell. */
static void
report_md(FILE *fp, const char *str)
{
	const char *s = str == NULL ? "" : str;
	size_t      lead;

	if ((lead = report_md_lead(s)) > 0) {
		/* The digits are no syntax; the mark after them is. */
		fwrite(s, 1, lead - 1, fp);
		fputc('\\', fp);
		fputc(s[lead - 1], fp);
	}
	report_escaped(fp, s, lead, report_md_esc);
}

static const struct report_syntax report_md_syntax = {
	.text = report_md,
	.h1 = { "# ", "\n\n" },
	.h2 = { "## ", "\n\n" },
	.p = { "", "\n\n" },
	.note = { "", "\n\n" },
	.quote = { "> ", "\n\n" },
	.strong = { "**", "**" },
	.em = { "*", "*" },
	.ul = { "", "\n" },
	.li = { "- ", "\n" },
	.table = { "", "\n" },
	.tr = { "|", "\n" },
	.th = { " ", " |" },
	.td = { " ", " |" },
	.rule_row = true,
};

/* The review as markdown to hand to a doctor. */
int
report_markdown(FILE *fp, const struct review *rv, const struct trend *t)
{
	report_doc(fp, &report_md_syntax, rv, t);
	return report_done(fp);
}
