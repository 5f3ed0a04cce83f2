/* The reports of a week in review: text within 80 columns with its
 * chart, markdown for a doctor, JSON with stable keys and no locale. */
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

START_TEST(test_report_markdown)
{
	struct review rv;
	char         *s;

	fill_week();
	review_compute(&rv, &plan, &st, &st.week, start + 7);
	s = capture_review(report_markdown, &rv);
	ck_assert_ptr_nonnull(strstr(s, "# Week review: Seven calmer nights"));
	ck_assert_ptr_nonnull(strstr(s, "## Nights"));
	ck_assert_ptr_nonnull(strstr(s, "| Night | twitches | quality | "
	    "bedtime | caffeine | lights\\_out |"));
	ck_assert_ptr_nonnull(strstr(s, "| Wed 2024-03-06 | *not logged* |"));
	ck_assert_ptr_nonnull(strstr(s, "| 480 min | 400 min | 83.3% |"));
	/* The pipe of a note cannot break the table. */
	ck_assert_ptr_nonnull(strstr(s, "said \"ouch\" \\| back\\\\slash"));
	/* Its newline and control character become spaces on the line. */
	ck_assert_ptr_nonnull(strstr(s, "back\\\\slash  caf\xc3\xa9 "));
	ck_assert_ptr_nonnull(strstr(s, "## Possible triggers"));
	ck_assert_ptr_nonnull(strstr(s, "| Caffeine after 14:00 | 2 | 8.0 | "
	    "4 | 3.5 | 0 |"));
	ck_assert_ptr_nonnull(strstr(s, "## Red flags"));
	ck_assert_ptr_nonnull(strstr(s, "- **Yes**: Are the leg movements "
	    "painful?"));
	ck_assert_ptr_nonnull(strstr(s, "not medical advice"));
	ck_assert_ptr_nonnull(strstr(s, "Source: *Why Do My Legs Twitch"));
	free(s);
	review_free(&rv);
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
	s = capture_review(report_markdown, &rv);
	ck_assert_ptr_nonnull(strstr(s, " | Lower body: feet to hips | 4/4 |"));
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
	suite_add_tcase(s, tc);
	return s;
}
