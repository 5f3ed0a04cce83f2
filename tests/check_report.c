/* The reports of a week in review: text within 80 columns with its
 * chart, markdown and HTML for a doctor, JSON with stable keys and no
 * locale. */
#include "testutil.h"
#include "testweek.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "winddown/day.h"
#include "winddown/journal.h"
#include "winddown/report.h"
#include "winddown/review.h"
#include "winddown/state.h"
#include "winddown/trend.h"
#include "winddown/util.h"

/* The full bar of the text chart, in '#'. */
#define REPORT_TEST_BAR "################################################"

/* Everything f wrote, as one string. */
static char *
capture_review(int (*f)(FILE *, const struct review *),
    const struct review *rv)
{
	char  *s = NULL;
	size_t len = 0;
	FILE  *fp = open_memstream(&s, &len);

	ck_assert_ptr_nonnull(fp);
	ck_assert_int_eq(f(fp, rv), 0);
	fclose(fp);
	return s;
}

/* The trend the page reports below are given (NULL: none). */
static const struct trend *page_trend;

static int
md_report(FILE *fp, const struct review *rv)
{
	return report_markdown(fp, rv, page_trend);
}

static int
html_report(FILE *fp, const struct review *rv)
{
	return report_html(fp, rv, page_trend);
}

/* A small full week for the reports. */
static void
fill_week(void)
{
	static const int tw[] = { 9, 7, -1, 5, 4, 3, 2 };
	struct pmr_session s = { .night = 0, .routine = "lower", .done = 4,
		.total = 4, .seconds = 330, .finished = true, .rating = 4 };
	int                i;

	for (i = 0; i < 7; i++) {
		if (tw[i] < 0)
			continue;
		kv_set_int(night(i), "twitches", tw[i]);
		kv_set_int(night(i), "quality", 3);
		kv_set_str(night(i), "bedtime", i == 3 ? "00:45" : "23:00");
		kv_set_str(night(i), "caffeine", i < 2 ? "16:00" : "none");
	}
	kv_set_str(night(0), "lights_out", "23:00");
	kv_set_int(night(0), "latency", 20);
	kv_set_int(night(0), "waso", 30);
	kv_set_str(night(0), "wake", "06:30");
	kv_set_str(night(0), "out_of_bed", "07:00");
	kv_set_str(night(1), "note", "said \"ouch\" | back\\slash\n\x01"
	    "caf\xc3\xa9 \xff");
	kv_set_str(night(1), "zz_old_field", "kept");
	s.night = start + 4;
	state_add_session(&st, &s);
	kv_set_bool(&st.week.flags, "painful", true);
	kv_set_bool(&st.week.flags, "urge", false);
	st.week.flags_date = start + 6;
}

START_TEST(test_report_json)
{
	struct review rv;
	char         *s;

	fill_week();
	review_compute(&rv, &plan, &st, &st.week, start + 7);
	s = capture_review(report_json, &rv);
	ck_assert_ptr_nonnull(strstr(s, "\"nights\": ["));
	ck_assert_ptr_nonnull(strstr(s, "{\"date\": \"2024-03-04\", "
	    "\"twitches\": 9, \"quality\": 3, \"bedtime\": \"23:00\", "
	    "\"caffeine\": \"16:00\", \"lights_out\": \"23:00\", "
	    "\"latency\": 20, \"waso\": 30, \"wake\": \"06:30\", "
	    "\"out_of_bed\": \"07:00\", \"time_in_bed\": 480, "
	    "\"total_sleep_time\": 400, \"sleep_efficiency\": 83.3}"));
	/* Escaping: quote, backslash, newline, control, UTF-8, bad byte;
	 * a field the plan no longer has comes after the plan's. */
	ck_assert_ptr_nonnull(strstr(s, "\"note\": \"said \\\"ouch\\\" | "
	    "back\\\\slash\\n\\u0001caf\xc3\xa9 \\ufffd\", "
	    "\"zz_old_field\": \"kept\"}"));
	ck_assert_ptr_nonnull(strstr(s, "\"missing\": [\"2024-03-06\"]"));
	ck_assert_ptr_nonnull(strstr(s, "{\"number\": 1, \"date\": "
	    "\"2024-03-04\", \"done\": 0, \"total\": 2, \"status\": "
	    "\"missed\"}"));
	ck_assert_ptr_nonnull(strstr(s, "{\"id\": \"late-caffeine\", "
	    "\"label\": \"Caffeine after 14:00\", \"field\": \"caffeine\", "
	    "\"nights_with\": 2, \"nights_without\": 4, \"nights_unknown\": 0, "
	    "\"mean_twitches_with\": 8.00, \"mean_twitches_without\": 3.50, "
	    "\"nights\": [\"2024-03-04\", \"2024-03-05\"]}"));
	ck_assert_ptr_nonnull(strstr(s, "\"id\": \"high-stress\", "));
	ck_assert_ptr_nonnull(strstr(s, "\"mean_twitches_with\": null, "
	    "\"mean_twitches_without\": null"));
	ck_assert_ptr_nonnull(strstr(s, "{\"night\": \"2024-03-08\", "
	    "\"routine\": \"lower\", \"done\": 4, \"total\": 4, "
	    "\"seconds\": 330, \"finished\": true, \"rating\": 4}"));
	ck_assert_ptr_nonnull(strstr(s, "\"red_flags\": {\"answered\": "
	    "\"2024-03-10\", \"answers\": ["));
	ck_assert_ptr_nonnull(strstr(s, "{\"id\": \"painful\", \"question\": "
	    "\"Are the leg movements painful?\", \"answer\": true}"));
	ck_assert_ptr_nonnull(strstr(s, "\"answer\": null}"));
	ck_assert_ptr_nonnull(strstr(s, "\"result\": \"see_doctor\""));
	ck_assert_ptr_nonnull(strstr(s, "\"first_three_mean\": 7.00, "
	    "\"last_three_mean\": 3.00, \"change\": -4.00, "
	    "\"change_pct\": -57.1"));
	ck_assert_ptr_nonnull(strstr(s, "\"bedtime_median\": \"23:00\""));
	ck_assert_ptr_nonnull(strstr(s, "\"little_data\": true"));
	ck_assert_ptr_nonnull(strstr(s, "\"author\": \"Olivia Scott\""));
	ck_assert_int_eq(s[strlen(s) - 2], '}');
	free(s);
	review_free(&rv);
}
END_TEST

/* A locale with a decimal comma must not reach the JSON. */
START_TEST(test_report_locale)
{
	static const char *names[] = { "de_DE.UTF-8", "de_DE.utf8",
		"fr_FR.UTF-8", "fr_FR.utf8", "nl_NL.UTF-8" };
	struct review      rv;
	size_t             i;
	char              *s;

	for (i = 0; i < WD_NELEM(names); i++) {
		if (setlocale(LC_ALL, names[i]) != NULL)
			break;
	}
	/* Without one the test would prove nothing: it fails. */
	ck_assert_msg(i < WD_NELEM(names), "no locale with a decimal comma "
	    "(de_DE.UTF-8, fr_FR.UTF-8 or nl_NL.UTF-8): install 'locales' "
	    "and run locale-gen (as .ci/run does)");
	ck_assert_str_eq(localeconv()->decimal_point, ",");
	fill_week();
	review_compute(&rv, &plan, &st, &st.week, start + 7);
	s = capture_review(report_json, &rv);
	ck_assert_ptr_nonnull(strstr(s, "\"sleep_efficiency\": 83.3"));
	ck_assert_ptr_nonnull(strstr(s, "\"mean_twitches_with\": 8.00"));
	free(s);
	review_free(&rv);
}
END_TEST

/* True when every line of s is at most width code points. */
static bool
fits(const char *s, size_t width)
{
	const char *line, *nl;
	char       *copy;
	size_t      n;
	bool        ok = true;

	for (line = s; *line != '\0'; line = nl + 1) {
		if ((nl = strchr(line, '\n')) == NULL)
			nl = line + strlen(line);
		copy = xstrndup(line, (size_t)(nl - line));
		n = utf8_len(copy);
		if (n > width) {
			fprintf(stderr, "too wide (%zu): %s\n", n, copy);
			ok = false;
		}
		free(copy);
		if (*nl == '\0')
			break;
	}
	return ok;
}

/* The text report, ASCII and UTF-8. */
static char *
text_report(const struct review *rv, bool utf8)
{
	char  *s = NULL;
	size_t len = 0;
	FILE  *fp = open_memstream(&s, &len);

	ck_assert_int_eq(report_text(fp, rv, utf8), 0);
	fclose(fp);
	return s;
}

START_TEST(test_report_text_chart)
{
	struct review rv;
	char         *s;

	fill_week();
	review_compute(&rv, &plan, &st, &st.week, start + 7);
	s = text_report(&rv, false);
	ck_assert(fits(s, 80));
	ck_assert_ptr_nonnull(strstr(s, "  Mon 03-04  ######### 9\n"));
	ck_assert_ptr_nonnull(strstr(s, "  Wed 03-06  (not logged)\n"));
	ck_assert_ptr_nonnull(strstr(s, "  Sun 03-10  ## 2\n"));
	/* The header's dates; the chart ends with night 7. */
	ck_assert_ptr_nonnull(strstr(s, "\nWeek of 2024-03-04 to 2024-03-10."));
	ck_assert_ptr_nonnull(strstr(s, "  Sun 03-10  ## 2\n\nSUMMARY\n"));
	ck_assert_ptr_nonnull(strstr(s, "not counted as zero"));
	ck_assert_ptr_nonnull(strstr(s, "worth talking over with a doctor"));
	ck_assert_ptr_nonnull(strstr(s, "not medical advice"));
	ck_assert_ptr_nonnull(strstr(s, "Olivia Scott"));
	ck_assert_ptr_nonnull(strstr(s, "little data"));
	ck_assert_ptr_null(strstr(s, "\xe2\x96\x88"));
	free(s);

	s = text_report(&rv, true);
	ck_assert(fits(s, 80));
	ck_assert_ptr_nonnull(strstr(s, "  Sun 03-10  \xe2\x96\x88\xe2\x96\x88"
	    " 2\n"));
	free(s);
	review_free(&rv);

	/* Large counts are scaled to fit; a non-zero one keeps a bar. */
	kv_set_int(night(2), "twitches", 100);
	kv_set_int(night(6), "twitches", 1);
	review_compute(&rv, &plan, &st, &st.week, start + 7);
	s = text_report(&rv, false);
	ck_assert(fits(s, 80));
	ck_assert_ptr_nonnull(strstr(s, "  Sun 03-10  # 1\n"));
	free(s);
	review_free(&rv);
}
END_TEST

/* Means past what a long long holds once scaled are still written as
 * numbers (issue 9: a stored 9223372036854775807 printed a negative mean
 * and invalid JSON); NaN and infinities as words. */
START_TEST(test_report_dec_huge)
{
	char b[512];

	report_dec(b, sizeof b, 9223372036854775807.0, 1);
	ck_assert_str_eq(b, "9223372036854775808.0");
	report_dec(b, sizeof b, -9223372036854775807.0, 2);
	ck_assert_str_eq(b, "-9223372036854775808.00");
	report_dec(b, sizeof b, 1e17, 0);
	ck_assert_str_eq(b, "100000000000000000");
	report_dec(b, sizeof b, 899999999999999.9, 1);
	ck_assert_str_eq(b, "899999999999999.9");
	report_dec(b, sizeof b, -899999999999999.9, 1);
	ck_assert_str_eq(b, "-899999999999999.9");
	report_dec(b, sizeof b, 4503599627370495.5, 0);
	ck_assert_str_eq(b, "4503599627370496");
	report_dec(b, sizeof b, 4503599627370495.5, 2);
	ck_assert_str_eq(b, "4503599627370495.50");
	report_dec(b, sizeof b, 90071992547409.99, 1); /* carries */
	ck_assert_str_eq(b, "90071992547410.0");
	report_dec(b, sizeof b, -90071992547409.99, 1);
	ck_assert_str_eq(b, "-90071992547410.0");
	/* Under 2^52 once scaled: the long long path, as ever. */
	report_dec(b, sizeof b, 2.25, 1);
	ck_assert_str_eq(b, "2.3");
	report_dec(b, sizeof b, -2.25, 1);
	ck_assert_str_eq(b, "-2.3");
	report_dec(b, sizeof b, 0.0 / 0.0, 1);
	ck_assert_str_eq(b, "nan");
	report_dec(b, sizeof b, 1.0 / 0.0, 1);
	ck_assert_str_eq(b, "inf");
	report_dec(b, sizeof b, -1.0 / 0.0, 1);
	ck_assert_str_eq(b, "-inf");
}
END_TEST

/* A plan without a range for twitches (here: not a count) lets any
 * stored count through to the review; the report stays sound. */
START_TEST(test_report_huge_count)
{
	struct review rv;
	char         *s;

	plan.fields[0].type = FIELD_TEXT; /* the fixture's twitches */
	kv_set_int(night(0), "twitches", 9223372036854775807LL);
	kv_set_int(night(1), "twitches", 9223372036854775807LL);
	kv_set_int(night(2), "twitches", 1);
	review_compute(&rv, &plan, &st, &st.week, start + 7);
	ck_assert(rv.twitches_mean > 0);
	s = text_report(&rv, false);
	ck_assert_ptr_nonnull(strstr(s, "Twitches: 6148914691236516864.0 a "
	    "night"));
	ck_assert_ptr_nonnull(strstr(s, "  Mon 03-04  " REPORT_TEST_BAR
	    " 9223372036854775807\n"));
	ck_assert_ptr_nonnull(strstr(s, "  Wed 03-06  # 1\n"));
	free(s);
	s = capture_review(report_json, &rv);
	ck_assert_ptr_nonnull(strstr(s, "\"twitches_mean\": "
	    "6148914691236516864.00,"));
	ck_assert_ptr_null(strstr(s, "--"));
	free(s);
	review_free(&rv);
	plan.fields[0].type = FIELD_COUNT;
}
END_TEST

/* With nothing logged, the report says so and stays within 80 columns. */
START_TEST(test_report_text_empty)
{
	struct review rv;
	char         *s;

	review_compute(&rv, &plan, &st, &st.week, start);
	s = text_report(&rv, true);
	ck_assert(fits(s, 80));
	ck_assert_ptr_nonnull(strstr(s, "no counts logged yet"));
	ck_assert_ptr_nonnull(strstr(s, "(not yet)"));
	ck_assert_ptr_nonnull(strstr(s, "Not every question is answered"));
	free(s);
	review_free(&rv);
}
END_TEST

/* The ids of the fixture's plan that a page for a doctor never shows:
 * it names a field by its prompt, a rule by its label. */
static void
assert_no_ids(const char *s)
{
	static const char *ids[] = { "waso", "lights_out", "lights\\_out",
		"out_of_bed", "out\\_of\\_bed", "latency", "late-caffeine",
		"late-workout", "irregular-bedtime", "high-stress",
		"zz_old_field", "zz\\_old", "| twitches |", "| bedtime |",
		"seven-day" };
	size_t             i;

	for (i = 0; i < WD_NELEM(ids); i++)
		ck_assert_msg(strstr(s, ids[i]) == NULL, "id '%s' in:\n%s",
		    ids[i], s);
}

START_TEST(test_report_markdown)
{
	struct review rv;
	struct trend  t;
	char         *s, *sum;

	fill_week();
	review_compute(&rv, &plan, &st, &st.week, start + 7);
	trend_compute(&t, &plan, &st, start + 7);
	page_trend = &t;
	s = capture_review(md_report, &rv);
	ck_assert_ptr_nonnull(strstr(s, "# Week review: Seven calmer nights"));
	/* The disclaimer first, calm, with the words the plan's lacks. */
	ck_assert_ptr_nonnull(sum = strstr(s, "## Summary"));
	ck_assert_ptr_nonnull(strstr(s, "\n\n> **This is not medical "
	    "advice.** This plan is general information, not a "
	    "diagnosis.\n\n"));
	ck_assert(strstr(s, "not medical advice") < sum);
	ck_assert_ptr_nonnull(strstr(s, "Final review: every night of the "
	    "week has had its morning."));
	ck_assert_ptr_nonnull(strstr(s, "- Baseline (the night before day 1, "
	    "Sun 03-03): not logged; 'winddown log --date 2024-03-03' adds "
	    "it.\n"));
	/* One table of the nights, headed by the fields' prompts. */
	ck_assert_ptr_nonnull(strstr(s, "## Nights"));
	ck_assert_ptr_nonnull(strstr(s, "\n| Night | Bedtime | Twitches | "
	    "Quality | Sleep efficiency | Possible triggers |\n"
	    "|---|---|---|---|---|---|\n"
	    "| Mon 2024-03-04 | 23:00 | 9 | 3 | 83.3% | Caffeine after 14:00 |\n"
	    "| Tue 2024-03-05 | 23:00 | 7 | 3 |  | Caffeine after 14:00 |\n"
	    "| Wed 2024-03-06 | *not logged* |  |  |  |  |\n"
	    "| Thu 2024-03-07 | 00:45 | 5 | 3 |  | Bedtime an hour or more off "
	    "the usual |\n"
	    "| Fri 2024-03-08 | 23:00 | 4 | 3 |  | none |\n"));
	ck_assert_ptr_nonnull(strstr(s, "| Sun 2024-03-10 | 23:00 | 2 | 3 |  "
	    "| none |\n\n"));
	/* The note after the table, by date: its pipe, backslash, newline
	 * and control character cannot break the markdown. */
	ck_assert_ptr_nonnull(strstr(s, "## Notes\n\n- **Tue 2024-03-05**: "
	    "said \"ouch\" \\| back\\\\slash  caf\xc3\xa9 \xef\xbf\xbd\n"));
	ck_assert_ptr_nonnull(strstr(s, "## Possible triggers"));
	ck_assert_ptr_nonnull(strstr(s, "| Caffeine after 14:00 | 2 | 8.0 | "
	    "4 | 3.5 | 0 |"));
	ck_assert_ptr_nonnull(strstr(s, "| Stress 4 or more | 0 | - | 0 | - "
	    "| 6 |"));
	/* The trend over every week, honest about one week. */
	ck_assert_ptr_nonnull(strstr(s, "## Trend over all weeks\n\n"
	    "| Week | Dates | Nights logged | Twitches a night |\n"
	    "|---|---|---|---|\n"
	    "| 1 (this review) | 2024-03-04 to 2024-03-10 | 6 | 5.0 |\n\n"
	    "One week so far: a second week gives something to compare week "
	    "1 with."));
	ck_assert_ptr_nonnull(strstr(s, "## Red flags"));
	ck_assert_ptr_nonnull(strstr(s, "- **Yes**: Are the leg movements "
	    "painful?\n- **No**: Do you feel"));
	ck_assert_ptr_nonnull(strstr(s, "- **Not answered**: Do the "
	    "movements come rhythmically"));
	ck_assert_ptr_nonnull(strstr(s, "\n\nTalk to a doctor: these can be "
	    "signs of restless legs syndrome"));
	ck_assert_ptr_nonnull(strstr(s, "| 5 | Fri 2024-03-08 | Progressive "
	    "muscle relaxation for the legs, with a long title that will not "
	    "fit | 0/2 | missed |"));
	ck_assert_ptr_nonnull(strstr(s, "Source: *Why Do My Legs Twitch"));
	ck_assert_ptr_nonnull(strstr(s, "* by Olivia Scott."));
	assert_no_ids(s);
	free(s);

	/* Without a trend, no trend section. */
	page_trend = NULL;
	s = capture_review(md_report, &rv);
	ck_assert_ptr_null(strstr(s, "Trend over all weeks"));
	free(s);
	trend_free(&t);
	review_free(&rv);
}
END_TEST

/* A logged baseline leads the table and the summary says it. */
START_TEST(test_report_markdown_baseline)
{
	struct review rv;
	char         *s;

	fill_week();
	kv_set_int(night(-1), "twitches", 12);
	kv_set_str(night(-1), "bedtime", "23:30");
	kv_set_int(night(-1), "quality", 2);
	review_compute(&rv, &plan, &st, &st.week, start + 6);
	s = capture_review(md_report, &rv);
	ck_assert_ptr_nonnull(strstr(s, "|---|\n| Sun 2024-03-03 (baseline) "
	    "| 23:30 | 12 | 2 |  |  |\n| Mon 2024-03-04 |"));
	ck_assert_ptr_nonnull(strstr(s, "- Baseline (the night before day 1, "
	    "Sun 03-03): 12 twitches; the last three nights with a count: 3.0 "
	    "a night, 9.0 fewer than the baseline."));
	ck_assert_ptr_nonnull(strstr(s, "(day 7 of 7)"));
	/* Night 7 logged on day 7 already (after midnight, say). */
	ck_assert_ptr_nonnull(strstr(s, "Not final yet: night 7 (Sun 03-10) "
	    "is logged already; the review is final from 2024-03-11."));
	free(s);
	review_free(&rv);
	state_night_delete(&st, start + 6);
	review_compute(&rv, &plan, &st, &st.week, start + 6);
	s = capture_review(md_report, &rv);
	ck_assert_ptr_nonnull(strstr(s, "Not final yet: night 7 (Sun 03-10) "
	    "is still to come; log it on the morning of 2024-03-11"));
	ck_assert_ptr_nonnull(strstr(s, "Keep going with each day's steps"));
	free(s);
	review_free(&rv);

	/* Before the week, every night is still to come. */
	state_free(&st);
	setup();
	review_compute(&rv, &plan, &st, &st.week, start - 1);
	s = capture_review(md_report, &rv);
	ck_assert_ptr_nonnull(strstr(s, "| Mon 2024-03-04 | *not yet* |  |  "
	    "|  |\n"));
	ck_assert_ptr_nonnull(strstr(s, "Baseline (the night before day 1, "
	    "Sun 03-03): not logged yet."));
	free(s);
	review_free(&rv);
}
END_TEST

/* The plan's own words are escaped wherever they go: a label, a prompt,
 * a question, a note that would start a list. */
START_TEST(test_report_markdown_escape)
{
	struct review rv;
	char         *s;
	char         *label = rules[R_CAFFEINE].label;
	char         *prompt = plan.fields[2].prompt;
	char         *question = plan.flags[0].question;

	fill_week();
	rules[R_CAFFEINE].label = "Coffee | tea <after> 14:00 & more";
	plan.fields[2].prompt = "In bed at | (time)";
	plan.flags[0].question = "1. Pain #1?";
	kv_set_str(night(0), "note", "- a list? no");
	kv_set_str(night(4), "note", "2. or this");
	review_compute(&rv, &plan, &st, &st.week, start + 7);
	s = capture_review(md_report, &rv);
	ck_assert_ptr_nonnull(strstr(s, "| Night | In bed at \\| (time) | "
	    "Twitches |"));
	ck_assert_ptr_nonnull(strstr(s, "| 83.3% | Coffee \\| tea \\<after\\> "
	    "14:00 \\& more |\n"));
	ck_assert_ptr_nonnull(strstr(s, "\n| Coffee \\| tea \\<after\\> 14:00 "
	    "\\& more | 2 |"));
	ck_assert_ptr_nonnull(strstr(s, "- **Yes**: 1\\. Pain \\#1?\n"));
	ck_assert_ptr_nonnull(strstr(s, "- **Mon 2024-03-04**: \\- a list? "
	    "no\n"));
	ck_assert_ptr_nonnull(strstr(s, "- **Fri 2024-03-08**: 2\\. or "
	    "this\n"));
	/* Each table row still has its seven pipes. */
	ck_assert_ptr_nonnull(strstr(s, "\n| Wed 2024-03-06 | *not logged* |  "
	    "|  |  |  |\n"));
	free(s);
	review_free(&rv);
	/* The fixture is shared when the tests do not fork (valgrind). */
	rules[R_CAFFEINE].label = label;
	plan.fields[2].prompt = prompt;
	plan.flags[0].question = question;
}
END_TEST

/* Two weeks: the trend compares week 1 with the latest; a review of
 * week 1 marks it and the running week. */
START_TEST(test_report_markdown_trend)
{
	static const int tw[] = { 2, 1, 3, 2 };
	struct review    rv;
	struct trend     t;
	char            *s;
	int              i;

	fill_week();
	state_restart(&st, start + 7, "seven-day", 1);
	for (i = 0; i < 4; i++)
		kv_set_int(&state_night_get(&st, start + 7 + i)->kv,
		    "twitches", tw[i]);
	trend_compute(&t, &plan, &st, start + 11);
	page_trend = &t;
	review_compute(&rv, &plan, &st, &st.week, start + 11);
	s = capture_review(md_report, &rv);
	ck_assert_ptr_nonnull(strstr(s, "|---|---|---|---|\n"
	    "| 1 | 2024-03-04 to 2024-03-10 | 6 | 5.0 |\n"
	    "| 2 (this review) | 2024-03-11 to 2024-03-17 | 4 | 2.0 |\n\n"
	    "Week 1: 5.0 twitches a night; week 2 so far: 2.0 a night; "
	    "3.0 fewer a night (-60%). 10 nights are little data: read this "
	    "as a hint, not proof."));
	free(s);
	review_free(&rv);
	review_compute(&rv, &plan, &st, trend_week(&plan, &st, 1, start + 11,
	    &i), i);
	s = capture_review(md_report, &rv);
	ck_assert_ptr_nonnull(strstr(s, "| 1 (this review) | 2024-03-04 to "
	    "2024-03-10 | 6 | 5.0 |\n| 2 (this week) | 2024-03-11 to"));
	free(s);
	review_free(&rv);
	trend_free(&t);
}
END_TEST

/* The HTML page: one self-contained file, every text escaped. */
START_TEST(test_report_html)
{
	struct review rv;
	struct trend  t;
	char         *s, *body;
	char         *label = rules[R_CAFFEINE].label;

	fill_week();
	rules[R_CAFFEINE].label = "Caffeine <after> 14:00 & 'more'";
	review_compute(&rv, &plan, &st, &st.week, start + 7);
	trend_compute(&t, &plan, &st, start + 7);
	page_trend = &t;
	s = capture_review(html_report, &rv);
	ck_assert_msg(strncmp(s, "<!DOCTYPE html>\n<html lang=\"en\">\n",
	    31) == 0, "%s", s);
	ck_assert_ptr_nonnull(strstr(s, "<meta charset=\"utf-8\">"));
	ck_assert_ptr_nonnull(strstr(s, "<title>Week review: Seven calmer "
	    "nights</title>"));
	ck_assert_ptr_nonnull(strstr(s, "@media print"));
	ck_assert_ptr_null(strstr(s, "<script"));
	ck_assert_ptr_null(strstr(s, "http"));
	ck_assert_ptr_null(strstr(s, "src="));
	ck_assert_ptr_null(strstr(s, "<link"));
	ck_assert_str_eq(s + strlen(s) - 16, "</body>\n</html>\n");
	ck_assert_ptr_nonnull(body = strstr(s, "<body>\n<h1>Week review: "
	    "Seven calmer nights</h1>\n<p class=\"disclaimer\"><strong>This is "
	    "not medical advice.</strong> This plan is general information, "
	    "not a diagnosis.</p>\n"));
	ck_assert_ptr_nonnull(strstr(s, "<tr><th>Night</th><th>Bedtime</th>"
	    "<th>Twitches</th><th>Quality</th><th>Sleep efficiency</th>"
	    "<th>Possible triggers</th></tr>\n"
	    "<tr><td>Mon 2024-03-04</td><td>23:00</td><td>9</td><td>3</td>"
	    "<td>83.3%</td><td>Caffeine &lt;after&gt; 14:00 &amp; "
	    "&#39;more&#39;</td></tr>\n"));
	ck_assert_ptr_nonnull(strstr(s, "<tr><td>Wed 2024-03-06</td><td><em>"
	    "not logged</em></td><td></td><td></td><td></td><td></td></tr>"));
	ck_assert_ptr_nonnull(strstr(s, "<li><strong>Tue 2024-03-05</strong>: "
	    "said &quot;ouch&quot; | back\\slash  caf\xc3\xa9 \xef\xbf\xbd"
	    "</li>"));
	ck_assert_ptr_nonnull(strstr(s, "<h2>Trend over all weeks</h2>"));
	ck_assert_ptr_nonnull(strstr(s, "<tr><td>1 (this review)</td><td>"
	    "2024-03-04 to 2024-03-10</td><td>6</td><td>5.0</td></tr>"));
	ck_assert_ptr_nonnull(strstr(s, "<li><strong>Yes</strong>: Are the "
	    "leg movements painful?</li>"));
	ck_assert_ptr_nonnull(strstr(s, "<p>Talk to a doctor: these can be "
	    "signs of restless legs syndrome"));
	ck_assert_ptr_nonnull(strstr(s, "Source: <em>Why Do My Legs Twitch"));
	ck_assert_ptr_nonnull(strstr(s, "Baseline (the night before day 1, "
	    "Sun 03-03): not logged; &#39;winddown log --date 2024-03-03&#39; "
	    "adds it."));
	/* No markdown leaks into the page. */
	ck_assert_ptr_null(strstr(body, "**"));
	ck_assert_ptr_null(strstr(body, "|---"));
	ck_assert_ptr_null(strstr(body, "\\|"));
	assert_no_ids(s);
	free(s);
	trend_free(&t);
	review_free(&rv);
	rules[R_CAFFEINE].label = label;
}
END_TEST

/* The sessions line names the routine by its title when the plan has
 * it (pmr.cfg loaded), by its id otherwise; JSON keeps the id. */
START_TEST(test_report_session_title)
{
	static int         groups[] = { 0 };
	struct pmr_routine r = { .id = "lower",
		.title = "Lower body: feet to hips", .groups = groups,
		.ngroups = 1 };
	struct review      rv;
	char              *s;

	fill_week();
	review_compute(&rv, &plan, &st, &st.week, start + 7);
	s = text_report(&rv, false);
	ck_assert_ptr_nonnull(strstr(s, "  lower   "));
	free(s);
	plan.pmr.routines = &r;
	plan.pmr.nroutines = 1;
	s = text_report(&rv, false);
	ck_assert(fits(s, 80));
	ck_assert_ptr_nonnull(strstr(s, "  Lower body: feet to hips 4/4 groups"));
	ck_assert_ptr_null(strstr(s, "  lower "));
	free(s);
	s = capture_review(md_report, &rv);
	ck_assert_ptr_nonnull(strstr(s, " | Lower body: feet to hips | 4/4 |"));
	free(s);
	s = capture_review(html_report, &rv);
	ck_assert_ptr_nonnull(strstr(s, "<td>Lower body: feet to hips</td>"
	    "<td>4/4</td>"));
	free(s);
	s = capture_review(report_json, &rv);
	ck_assert_ptr_nonnull(strstr(s, "\"routine\": \"lower\""));
	free(s);
	plan.pmr.routines = NULL;
	plan.pmr.nroutines = 0;
	review_free(&rv);
}
END_TEST

Suite *
report_suite(void)
{
	Suite *s = suite_create("report");
	TCase *tc;

	tc = tcase_create("json");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_report_json);
	tcase_add_test(tc, test_report_locale);
	suite_add_tcase(s, tc);

	tc = tcase_create("text");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_report_text_chart);
	tcase_add_test(tc, test_report_text_empty);
	tcase_add_test(tc, test_report_dec_huge);
	tcase_add_test(tc, test_report_huge_count);
	tcase_add_test(tc, test_report_session_title);
	suite_add_tcase(s, tc);

	tc = tcase_create("markdown");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_report_markdown);
	tcase_add_test(tc, test_report_markdown_baseline);
	tcase_add_test(tc, test_report_markdown_escape);
	tcase_add_test(tc, test_report_markdown_trend);
	suite_add_tcase(s, tc);

	tc = tcase_create("html");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_report_html);
	suite_add_tcase(s, tc);
	return s;
}
