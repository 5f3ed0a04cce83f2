/* The exports of every journal night: CSV a spreadsheet cannot run,
 * JSON as stored, and ten years of nights. */
#include "testutil.h"
#include "testweek.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "winddown/day.h"
#include "winddown/journal.h"
#include "winddown/report.h"
#include "winddown/state.h"

/* Everything an export wrote, as one string. */
static char *
capture_export(int (*f)(FILE *, const struct plan *, const struct state *))
{
	char  *s = NULL;
	size_t len = 0;
	FILE  *fp = open_memstream(&s, &len);

	ck_assert_ptr_nonnull(fp);
	ck_assert_int_eq(f(fp, &plan, &st), 0);
	fclose(fp);
	return s;
}

START_TEST(test_export_csv)
{
	char *s;
	char  want[512];

	kv_set_int(night(0), "twitches", 3);
	kv_set_bool(night(0), "nap", true);
	kv_set_str(night(0), "note", "said \"hi\", then slept");
	kv_set_str(night(1), "note", "=HYPERLINK(\"http://x\")");
	kv_set_str(night(2), "note", "+1");
	kv_set_str(night(3), "note", "-2 cups");
	kv_set_str(night(4), "note", "@SUM(A1)");
	kv_set_str(night(5), "note", "line one\r\nline two");
	kv_set_str(night(6), "note", "=a,b");
	kv_set_str(night(6), "alpha", "x");
	kv_set_str(night(2), "alpha", "\tTAB");
	kv_set_str(night(3), "alpha", "\rCR");
	s = capture_export(export_csv);
	/* The plan's fields in plan order, then others sorted. */
	ck_assert_ptr_nonnull(strstr(s, "date,twitches,quality,bedtime,"
	    "caffeine,exercise,intensity,stress,lights_out,latency,waso,wake,"
	    "out_of_bed,note,alpha,nap\r\n"));
	snprintf(want, sizeof want, "2024-03-04,3%s,\"said \"\"hi\"\", then "
	    "slept\",,yes\r\n", ",,,,,,,,,,,");
	ck_assert_ptr_nonnull(strstr(s, want));
	ck_assert_ptr_nonnull(strstr(s, ",\"'=HYPERLINK(\"\"http://x\"\")\""
	    ",,\r\n"));
	/* Every prefix a spreadsheet may run: = + - @, tab and CR. */
	ck_assert_ptr_nonnull(strstr(s, ",'+1,'\tTAB,\r\n"));
	ck_assert_ptr_nonnull(strstr(s, ",'-2 cups,\"'\rCR\",\r\n"));
	ck_assert_ptr_nonnull(strstr(s, ",'@SUM(A1),,\r\n"));
	ck_assert_ptr_nonnull(strstr(s, ",\"line one\r\nline two\",,\r\n"));
	ck_assert_ptr_nonnull(strstr(s, ",\"'=a,b\",x,\r\n"));
	ck_assert_ptr_null(strstr(s, ",=")); /* nothing a sheet would run */
	free(s);
}
END_TEST

START_TEST(test_export_json)
{
	char *s;

	s = capture_export(export_json);
	ck_assert_str_eq(s, "{\"nights\":[]}\n");
	free(s);

	kv_set_int(night(1), "twitches", 3);
	kv_set_bool(night(1), "nap", false);
	kv_set_str(night(1), "note", "a\"b\\c\td\x7f\xe2\x80\xa8");
	kv_set_int(night(0), "quality", 4);
	s = capture_export(export_json);
	ck_assert_str_eq(s, "{\"nights\":[\n"
	    "{\"date\":\"2024-03-04\",\"quality\":4},\n"
	    "{\"date\":\"2024-03-05\",\"twitches\":3,"
	    "\"note\":\"a\\\"b\\\\c\\td\\u007f\\u2028\",\"nap\":false}\n"
	    "]}\n");
	free(s);
}
END_TEST

/* Ten years of nights: every one exported, extra names found. */
START_TEST(test_export_many)
{
	const char *p;
	char       *s;
	size_t      lines = 0;
	int         i;

	for (i = 0; i < 3650; i++) {
		struct kvlist *l = &state_night_get(&st, start + i)->kv;

		kv_set_int(l, "twitches", i % 11);
		kv_set_str(l, "bedtime", "23:00");
		kv_set_str(l, "note", "fine, mostly");
		if (i % 100 == 0)
			kv_set_int(l, "extra_field", i);
	}
	s = capture_export(export_csv);
	for (p = s; *p != '\0'; p++)
		lines += *p == '\n';
	ck_assert_uint_eq(lines, 3651);
	free(s);
	s = capture_export(export_json);
	ck_assert_ptr_nonnull(strstr(s, "\"extra_field\":3600}"));
	free(s);
}
END_TEST

Suite *
export_suite(void)
{
	Suite *s = suite_create("export");
	TCase *tc;

	tc = tcase_create("export");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_export_csv);
	tcase_add_test(tc, test_export_json);
	tcase_add_test(tc, test_export_many);
	suite_add_tcase(s, tc);
	return s;
}
