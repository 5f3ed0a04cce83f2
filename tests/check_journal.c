/* Journal values: parsing and checking of each field type, FIELD=VALUE
 * assignments, formatting back, and the derived sleep-diary measures. */
#include "testutil.h"

#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "winddown/day.h"
#include "winddown/journal.h"
#include "winddown/util.h"

static char *intensities[] = { "light", "moderate", "vigorous" };

static struct journal_field fields[] = {
	{ .name = "caffeine", .type = FIELD_TIME, .prompt = "Last caffeine",
	  .none = true },
	{ .name = "twitches", .type = FIELD_COUNT, .prompt = "Twitches",
	  .min = 0, .max = 100 },
	{ .name = "quality", .type = FIELD_SCALE, .prompt = "Quality",
	  .min = 1, .max = 5 },
	{ .name = "intensity", .type = FIELD_CHOICE, .prompt = "Intensity",
	  .choices = intensities, .nchoices = 3 },
	{ .name = "nap", .type = FIELD_YESNO, .prompt = "Napped" },
	{ .name = "note", .type = FIELD_TEXT, .prompt = "Note", .max = 10 },
	{ .name = "lights_out", .type = FIELD_TIME, .prompt = "Lights out",
	  .diary = true },
};

static struct plan plan = {
	.id = "test",
	.fields = fields,
	.nfields = (int)WD_NELEM(fields),
};

/* The field of that name in the test plan. */
static const struct journal_field *
field(const char *name)
{
	size_t i;

	for (i = 0; i < WD_NELEM(fields); i++) {
		if (strcmp(fields[i].name, name) == 0)
			return &fields[i];
	}
	ck_abort_msg("no field %s", name);
	return NULL;
}

/* Parse text for a field and expect a string value. */
static void
ok_str(const char *name, const char *text, const char *want)
{
	struct kv kv;
	char     *cause = NULL;
	int       r;

	r = journal_parse(field(name), text, &kv, &cause);
	ck_assert_msg(r == 0, "%s '%s': %s", name, text, cause);
	ck_assert_ptr_null(cause);
	ck_assert_str_eq(kv.name, name);
	ck_assert_int_eq(kv.type, KV_STR);
	ck_assert_str_eq(kv.s, want);
	journal_kv_clear(&kv);
}

/* Parse text for a field and expect a number (or yes/no as 1/0). */
static void
ok_int(const char *name, const char *text, enum kv_type type, long long want)
{
	struct kv kv;
	char     *cause = NULL;
	int       r;

	r = journal_parse(field(name), text, &kv, &cause);
	ck_assert_msg(r == 0, "%s '%s': %s", name, text, cause);
	ck_assert_int_eq(kv.type, type);
	ck_assert_int_eq(kv.i, want);
	ck_assert_ptr_null(kv.s);
	journal_kv_clear(&kv);
}

/* Parse text for a field and expect EX_DATAERR; the message must equal
 * want when it is not NULL, and always start with the field's name. */
static void
bad(const char *name, const char *text, const char *want)
{
	struct kv kv;
	char     *cause = NULL;
	int       r;

	r = journal_parse(field(name), text, &kv, &cause);
	ck_assert_msg(r == EX_DATAERR, "%s '%s' was accepted", name, text);
	ck_assert_ptr_nonnull(cause);
	ck_assert_msg(strncmp(cause, name, strlen(name)) == 0 &&
	    cause[strlen(name)] == ':', "message does not name the field: %s",
	    cause);
	if (want != NULL)
		ck_assert_str_eq(cause, want);
	ck_assert_ptr_null(kv.name);
	free(cause);
}

START_TEST(test_time)
{
	ok_str("caffeine", "14:00", "14:00");
	ok_str("caffeine", "00:00", "00:00");
	ok_str("caffeine", "23:59", "23:59");
	ok_str("caffeine", "7:05", "07:05");
	ok_str("caffeine", "  22:30 \n", "22:30");
	ok_str("caffeine", "none", "none");
	ok_str("caffeine", "NONE", "none");
	ok_str("lights_out", "23:15", "23:15");

	bad("caffeine", "25:10",
	    "caffeine: 25:10 is not a time (use HH:MM or none)");
	bad("caffeine", "24:00",
	    "caffeine: 24:00 is not a time (use HH:MM or none)");
	bad("caffeine", "7:5",
	    "caffeine: 7:5 is not a time (use HH:MM or none)");
	bad("caffeine", "12:60", NULL);
	bad("caffeine", "1230", NULL);
	bad("caffeine", "12.30", NULL);
	bad("caffeine", "-1:00", NULL);
	bad("caffeine", "12:3a", NULL);
	bad("caffeine", "012:30", NULL);
	bad("caffeine", "noon", NULL);
	bad("lights_out", "none", "lights_out: none is not a time (use HH:MM)");
	bad("caffeine", "", "caffeine: no value (use HH:MM or none)");
	bad("caffeine", "   ", NULL);
}
END_TEST

START_TEST(test_count)
{
	ok_int("twitches", "0", KV_INT, 0);
	ok_int("twitches", "100", KV_INT, 100);
	ok_int("twitches", " 7 ", KV_INT, 7);
	ok_int("twitches", "007", KV_INT, 7);

	bad("twitches", "-1", "twitches: -1 is out of range (0-100)");
	bad("twitches", "101", "twitches: 101 is out of range (0-100)");
	bad("twitches", "99999999999",
	    "twitches: 99999999999 is out of range (0-100)");
	bad("twitches", "9223372036854775807", NULL);
	bad("twitches", "9223372036854775808", NULL);
	bad("twitches", "-9223372036854775809", NULL);
	bad("twitches", "123456789012345678901234567890",
	    "twitches: 123456789012345678901234567890 is out of range (0-100)");
	bad("twitches", "abc", "twitches: 'abc' is not a whole number (0-100)");
	bad("twitches", "3.5", NULL);
	bad("twitches", "1e3", NULL);
	bad("twitches", "+3", NULL);
	bad("twitches", "-", NULL);
	bad("twitches", "--1", NULL);
	bad("twitches", "0x10", NULL);
	bad("twitches", "1 2", NULL);
	bad("twitches", "", "twitches: no value (use a whole number 0-100)");
}
END_TEST

START_TEST(test_scale)
{
	ok_int("quality", "1", KV_INT, 1);
	ok_int("quality", "5", KV_INT, 5);
	bad("quality", "7", "quality: 7 is out of range (1-5)");
	bad("quality", "0", "quality: 0 is out of range (1-5)");
	bad("quality", "-1", "quality: -1 is out of range (1-5)");
	bad("quality", "good", "quality: 'good' is not a whole number (1-5)");
}
END_TEST

START_TEST(test_yesno)
{
	const char *yes[] = { "yes", "y", "true", "1", "YES", "Y", "True" };
	const char *no[] = { "no", "n", "false", "0", "NO", "N", "False" };
	size_t      i;

	for (i = 0; i < WD_NELEM(yes); i++)
		ok_int("nap", yes[i], KV_BOOL, 1);
	for (i = 0; i < WD_NELEM(no); i++)
		ok_int("nap", no[i], KV_BOOL, 0);
	bad("nap", "maybe", "nap: 'maybe' is not yes or no");
	bad("nap", "2", NULL);
	bad("nap", "yess", NULL);
	bad("nap", "", "nap: no value (use yes or no)");
}
END_TEST

START_TEST(test_choice)
{
	ok_str("intensity", "light", "light");
	ok_str("intensity", "Vigorous", "vigorous");
	ok_str("intensity", " moderate ", "moderate");
	bad("intensity", "hard",
	    "intensity: 'hard' is not one of light, moderate, vigorous");
	bad("intensity", "light moderate", NULL);
	bad("intensity", "lights", NULL);
}
END_TEST

/* A choice may be given by its start, in any case, when only one choice
 * starts so; a start several share is refused naming them, and a choice
 * spelt out wins over the longer ones it starts. */
START_TEST(test_choice_prefix)
{
	static char *levels[] = { "hi", "high", "highest", "low", "mild",
		"moderate" };
	static struct journal_field level = { .name = "level",
		.type = FIELD_CHOICE, .prompt = "Level", .choices = levels,
		.nchoices = 6 };
	struct kv   kv;
	char       *cause = NULL;

	ok_str("intensity", "v", "vigorous");
	ok_str("intensity", "V", "vigorous");
	ok_str("intensity", " vig ", "vigorous");
	ok_str("intensity", "ligh", "light");
	ok_str("intensity", "MOD", "moderate");
	ck_assert_str_eq(journal_choice(field("intensity"), "l"), "light");
	ck_assert_ptr_null(journal_choice(field("intensity"), "x"));
	ck_assert_ptr_null(journal_choice(field("intensity"), "  "));
	ck_assert_ptr_null(journal_choice(field("twitches"), "1"));

	/* Exact beats prefix; a unique longer start picks the longer one. */
	ck_assert_str_eq(journal_choice(&level, "hi"), "hi");
	ck_assert_str_eq(journal_choice(&level, "HIGH"), "high");
	ck_assert_str_eq(journal_choice(&level, "highe"), "highest");
	ck_assert_str_eq(journal_choice(&level, "l"), "low");
	ck_assert_str_eq(journal_choice(&level, "mi"), "mild");
	ck_assert_ptr_null(journal_choice(&level, "m"));
	ck_assert_ptr_null(journal_choice(&level, "h"));

	ck_assert_int_eq(journal_parse(&level, " M ", &kv, &cause),
	    EX_DATAERR);
	ck_assert_str_eq(cause, "level: 'M' is ambiguous (mild, moderate)");
	ck_assert_ptr_null(kv.name);
	free(cause);
	cause = NULL;
	ck_assert_int_eq(journal_parse(&level, "h", &kv, &cause), EX_DATAERR);
	ck_assert_str_eq(cause, "level: 'h' is ambiguous (hi, high, highest)");
	free(cause);
	cause = NULL;
	ck_assert_int_eq(journal_parse(&level, "hig", &kv, &cause),
	    EX_DATAERR);
	ck_assert_str_eq(cause, "level: 'hig' is ambiguous (high, highest)");
	free(cause);
	cause = NULL;
	ck_assert_int_eq(journal_parse(&level, "hI", &kv, &cause), 0);
	ck_assert_str_eq(kv.s, "hi");
	journal_kv_clear(&kv);
	ck_assert_int_eq(journal_parse(&level, "z", &kv, &cause), EX_DATAERR);
	ck_assert_str_eq(cause, "level: 'z' is not one of hi, high, highest, "
	    "low, mild, moderate");
	free(cause);
}
END_TEST

/* The one reading of yes and no: the journal, log and the red flags. */
START_TEST(test_yesno_words)
{
	const char *yes[] = { "yes", "y", "true", "1", "YES", "Y", "True",
		"tRuE", " yes ", "\tY\n" };
	const char *no[] = { "no", "n", "false", "0", "NO", "N", "False",
		"fAlSe", "  0", "n\r\n" };
	const char *neither[] = { "", "  ", "ye", "yess", "t", "f", "on",
		"off", "2", "01", "-1", "y es", "nope", NULL };
	size_t      i;

	for (i = 0; i < WD_NELEM(yes); i++) {
		ck_assert_msg(journal_yesno(yes[i]) == 1, "'%s'", yes[i]);
		ok_int("nap", yes[i], KV_BOOL, 1);
	}
	for (i = 0; i < WD_NELEM(no); i++) {
		ck_assert_msg(journal_yesno(no[i]) == 0, "'%s'", no[i]);
		ok_int("nap", no[i], KV_BOOL, 0);
	}
	for (i = 0; i < WD_NELEM(neither); i++)
		ck_assert_msg(journal_yesno(neither[i]) == -1, "'%s'",
		    neither[i] == NULL ? "(null)" : neither[i]);
}
END_TEST

START_TEST(test_text)
{
	char long_text[64];

	ok_str("note", "slept ok", "slept ok");
	ok_str("note", "  trimmed  ", "trimmed");
	/* Ten code points, twenty bytes: the limit counts characters. */
	ok_str("note", "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
	    "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9",
	    "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
	    "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9");
	ok_str("note", "\xf0\x9f\x98\xb4 zzz", "\xf0\x9f\x98\xb4 zzz");
	ok_str("note", "0123456789", "0123456789");

	bad("note", "0123456789A",
	    "note: too long (11 characters, at most 10)");
	memset(long_text, 'x', sizeof long_text - 1);
	long_text[sizeof long_text - 1] = '\0';
	bad("note", long_text, "note: too long (63 characters, at most 10)");
	bad("note", "\xff\xfe", NULL);
	bad("note", "ok\xc3", NULL);            /* cut sequence */
	bad("note", "\xc0\xaf", NULL);          /* overlong '/' */
	bad("note", "\xed\xa0\x80", NULL);      /* surrogate */
	bad("note", "\xf4\x90\x80\x80", NULL);  /* above U+10FFFF */
	bad("note", "a\x01" "b", NULL);
	bad("note", "a\x1b[31mb", NULL);        /* terminal escape */
	bad("note", "a\nb", NULL);
	bad("note", "a\tb", NULL);
	bad("note", "a\xc2\x85" "b", NULL);     /* C1 control */
	bad("note", "\xff",
	    "note: not valid text (UTF-8 without control characters)");
}
END_TEST

/* A value that cannot be printed is not echoed as is. */
START_TEST(test_message_echo)
{
	struct kv kv;
	char      text[200], *cause = NULL;

	ck_assert_int_eq(journal_parse(field("twitches"), "\x1b[2J\xff",
	    &kv, &cause), EX_DATAERR);
	ck_assert_str_eq(cause, "twitches: '?[2J?' is not a whole number "
	    "(0-100)");

	memset(text, 'z', sizeof text - 1);
	text[sizeof text - 1] = '\0';
	ck_assert_int_eq(journal_parse(field("intensity"), text, &kv,
	    &cause), EX_DATAERR);
	ck_assert_ptr_nonnull(strstr(cause, "zzz...' is not one of"));
	ck_assert_uint_lt(strlen(cause), 120);
	free(cause);
}
END_TEST

START_TEST(test_assign)
{
	struct kv kv;
	char     *cause = NULL;

	ck_assert_int_eq(journal_assign(&plan, "twitches=3", &kv, &cause), 0);
	ck_assert_str_eq(kv.name, "twitches");
	ck_assert_int_eq(kv.type, KV_INT);
	ck_assert_int_eq(kv.i, 3);
	journal_kv_clear(&kv);

	ck_assert_int_eq(journal_assign(&plan, " caffeine = 1:30 ", &kv,
	    &cause), 0);
	ck_assert_str_eq(kv.name, "caffeine");
	ck_assert_str_eq(kv.s, "01:30");
	journal_kv_clear(&kv);

	/* Only the first '=' splits. */
	ck_assert_int_eq(journal_assign(&plan, "note=a=b", &kv, &cause), 0);
	ck_assert_str_eq(kv.s, "a=b");
	journal_kv_clear(&kv);
	ck_assert_ptr_null(cause);

	ck_assert_int_eq(journal_assign(&plan, "twitches", &kv, &cause),
	    EX_DATAERR);
	ck_assert_str_eq(cause, "'twitches' is not FIELD=VALUE");
	ck_assert_int_eq(journal_assign(&plan, "coffee=14:00", &kv, &cause),
	    EX_DATAERR);
	ck_assert_str_eq(cause, "unknown field 'coffee' (fields: caffeine, "
	    "twitches, quality, intensity, nap, note, lights_out)");
	ck_assert_int_eq(journal_assign(&plan, "=3", &kv, &cause),
	    EX_DATAERR);
	ck_assert_ptr_nonnull(strstr(cause, "unknown field ''"));
	ck_assert_int_eq(journal_assign(&plan, "Twitches=3", &kv, &cause),
	    EX_DATAERR);
	ck_assert_int_eq(journal_assign(&plan, "quality=9", &kv, &cause),
	    EX_DATAERR);
	ck_assert_str_eq(cause, "quality: 9 is out of range (1-5)");
	ck_assert_int_eq(journal_assign(&plan, "quality=", &kv, &cause),
	    EX_DATAERR);
	ck_assert_str_eq(cause, "quality: no value (use 1-5)");
	ck_assert_ptr_null(kv.name);
	free(cause);
}
END_TEST

START_TEST(test_hint_format)
{
	const char *want[] = { "HH:MM or none", "a whole number 0-100", "1-5",
		"one of light, moderate, vigorous", "yes or no",
		"text, at most 10 characters", "HH:MM" };
	const char *texts[] = { "7:05", "12", "4", "Light", "y", "fine",
		"23:00" };
	struct kv   kv, again;
	size_t      i;
	char       *s, *cause = NULL;

	for (i = 0; i < WD_NELEM(fields); i++) {
		s = journal_hint(&fields[i]);
		ck_assert_str_eq(s, want[i]);
		free(s);
	}
	/* What is formatted parses back to the same value. */
	for (i = 0; i < WD_NELEM(fields); i++) {
		ck_assert_int_eq(journal_parse(&fields[i], texts[i], &kv,
		    &cause), 0);
		s = journal_format(&kv);
		ck_assert_int_eq(journal_parse(&fields[i], s, &again, &cause),
		    0);
		ck_assert_int_eq(kv.type, again.type);
		ck_assert_int_eq(kv.i, again.i);
		if (kv.type == KV_STR)
			ck_assert_str_eq(kv.s, again.s);
		free(s);
		journal_kv_clear(&kv);
		journal_kv_clear(&again);
	}
	kv.type = KV_BOOL;
	kv.i = 1;
	kv.s = NULL;
	s = journal_format(&kv);
	ck_assert_str_eq(s, "yes");
	free(s);
	kv.type = KV_INT;
	kv.i = -42;
	s = journal_format(&kv);
	ck_assert_str_eq(s, "-42");
	free(s);
}
END_TEST

START_TEST(test_blank_equals)
{
	struct kv kv = { .name = "x", .type = KV_STR, .s = "vigorous" };

	ck_assert(journal_blank(""));
	ck_assert(journal_blank(" \t\n"));
	ck_assert(journal_blank(NULL));
	ck_assert(!journal_blank(" 0 "));

	ck_assert(journal_kv_equals(&kv, "vigorous"));
	ck_assert(journal_kv_equals(&kv, "Vigorous"));
	ck_assert(!journal_kv_equals(&kv, "light"));
	kv.type = KV_INT;
	kv.i = 4;
	ck_assert(journal_kv_equals(&kv, "4"));
	ck_assert(!journal_kv_equals(&kv, "5"));
	ck_assert(!journal_kv_equals(&kv, "four"));
	kv.type = KV_BOOL;
	kv.i = 1;
	ck_assert(journal_kv_equals(&kv, "yes"));
	ck_assert(journal_kv_equals(&kv, "true"));
	ck_assert(!journal_kv_equals(&kv, "no"));
	ck_assert(!journal_kv_equals(&kv, "perhaps"));
}
END_TEST

START_TEST(test_evening)
{
	ck_assert_int_eq(journal_evening(60, 4), 1500);   /* 01:00 */
	ck_assert_int_eq(journal_evening(239, 4), 1679);  /* 03:59 */
	ck_assert_int_eq(journal_evening(240, 4), 240);   /* 04:00 */
	ck_assert_int_eq(journal_evening(840, 4), 840);   /* 14:00 */
	ck_assert_int_eq(journal_evening(1380, 4), 1380); /* 23:00 */
	ck_assert_int_eq(journal_evening(0, 0), 0);
	ck_assert_int_eq(journal_evening(60, 0), 60);
	/* 01:00 sorts after 14:00 and after 23:00. */
	ck_assert_int_gt(journal_evening(60, 4), journal_evening(840, 4));
	ck_assert_int_gt(journal_evening(60, 4), journal_evening(1380, 4));
}
END_TEST

START_TEST(test_time_number)
{
	struct kvlist l = { NULL, 0 };
	long long     v;

	kv_set_str(&l, "caffeine", "14:30");
	kv_set_str(&l, "exercise", "none");
	kv_set_str(&l, "bad", "25:00");
	kv_set_int(&l, "twitches", 4);
	kv_set_bool(&l, "nap", true);
	ck_assert_int_eq(journal_time(&l, "caffeine"), 870);
	ck_assert_int_eq(journal_time(&l, "exercise"), -1);
	ck_assert_int_eq(journal_time(&l, "bad"), -1);
	ck_assert_int_eq(journal_time(&l, "missing"), -1);
	ck_assert_int_eq(journal_time(&l, "twitches"), -1);
	ck_assert(journal_number(&l, "twitches", &v));
	ck_assert_int_eq(v, 4);
	ck_assert(journal_number(&l, "nap", &v));
	ck_assert_int_eq(v, 1);
	ck_assert(!journal_number(&l, "caffeine", &v));
	ck_assert(!journal_number(&l, "missing", &v));
	kv_clear(&l);
}
END_TEST

/* A night of diary items; a negative number or NULL leaves one out. */
static void
diary(struct kvlist *l, const char *lights, int latency, int waso,
    const char *wake, const char *up)
{
	kv_clear(l);
	if (lights != NULL)
		kv_set_str(l, JOURNAL_LIGHTS_OUT, lights);
	if (latency >= 0)
		kv_set_int(l, JOURNAL_LATENCY, latency);
	if (waso >= 0)
		kv_set_int(l, JOURNAL_WASO, waso);
	if (wake != NULL)
		kv_set_str(l, JOURNAL_WAKE, wake);
	if (up != NULL)
		kv_set_str(l, JOURNAL_OUT_OF_BED, up);
}

/* Worked examples of the Consensus Sleep Diary measures. */
START_TEST(test_sleep_worked)
{
	struct kvlist        l = { NULL, 0 };
	struct journal_sleep s;

	/* In bed 23:00-07:00 = 480; asleep (06:30 - 23:00) - 20 - 30 = 400,
	 * not the 430 of TIB - latency - waso; 400 / 480 = 83.3 %. */
	diary(&l, "23:00", 20, 30, "06:30", "07:00");
	journal_sleep(&l, &s);
	ck_assert_int_eq(s.tib, 480);
	ck_assert_int_eq(s.tst, 400);
	ck_assert_double_eq_tol(s.se, 83.333, 0.001);
	ck_assert(!s.inconsistent);

	/* Without out_of_bed, time in bed ends at the final awakening. */
	diary(&l, "23:00", 20, 30, "06:30", NULL);
	journal_sleep(&l, &s);
	ck_assert_int_eq(s.tib, 450);
	ck_assert_int_eq(s.tst, 400);
	ck_assert_double_eq_tol(s.se, 88.889, 0.001);

	/* Lights out after midnight. */
	diary(&l, "00:30", 15, 0, "07:00", "07:15");
	journal_sleep(&l, &s);
	ck_assert_int_eq(s.tib, 405);
	ck_assert_int_eq(s.tst, 375);
	ck_assert_double_eq_tol(s.se, 92.593, 0.001);

	/* An early night that does not cross midnight. */
	diary(&l, "21:00", 10, 20, "23:30", NULL);
	journal_sleep(&l, &s);
	ck_assert_int_eq(s.tib, 150);
	ck_assert_int_eq(s.tst, 120);
	ck_assert_double_eq_tol(s.se, 80.0, 0.001);

	/* A night awake through: zero sleep is data, not an error. */
	diary(&l, "23:00", 300, 180, "07:00", "07:00");
	journal_sleep(&l, &s);
	ck_assert_int_eq(s.tib, 480);
	ck_assert_int_eq(s.tst, 0);
	ck_assert_double_eq_tol(s.se, 0.0, 0.001);
	ck_assert(!s.inconsistent);
	kv_clear(&l);
}
END_TEST

/* Missing items make what needs them unknown; they never count as 0. */
START_TEST(test_sleep_missing)
{
	struct kvlist        l = { NULL, 0 };
	struct journal_sleep s;

	diary(&l, "23:00", -1, 30, "06:30", "07:00");
	journal_sleep(&l, &s);
	ck_assert_int_eq(s.tib, 480);
	ck_assert_int_eq(s.tst, -1);
	ck_assert(s.se < 0);
	ck_assert(!s.inconsistent);

	diary(&l, "23:00", 20, -1, "06:30", NULL);
	journal_sleep(&l, &s);
	ck_assert_int_eq(s.tib, 450);
	ck_assert_int_eq(s.tst, -1);
	ck_assert(s.se < 0);

	diary(&l, NULL, 20, 30, "06:30", "07:00");
	journal_sleep(&l, &s);
	ck_assert_int_eq(s.tib, -1);
	ck_assert_int_eq(s.tst, -1);
	ck_assert(s.se < 0);

	/* No wake time: time in bed from out_of_bed, no sleep time. */
	diary(&l, "23:00", 20, 30, NULL, "07:00");
	journal_sleep(&l, &s);
	ck_assert_int_eq(s.tib, 480);
	ck_assert_int_eq(s.tst, -1);

	diary(&l, "none", 20, 30, "06:30", "07:00");
	journal_sleep(&l, &s);
	ck_assert_int_eq(s.tib, -1);

	diary(&l, NULL, -1, -1, NULL, NULL);
	journal_sleep(&l, &s);
	ck_assert_int_eq(s.tib, -1);
	ck_assert_int_eq(s.tst, -1);
	ck_assert(s.se < 0);
	ck_assert(!s.inconsistent);

	/* An item of the wrong type is as good as missing. */
	kv_clear(&l);
	kv_set_str(&l, JOURNAL_LIGHTS_OUT, "23:00");
	kv_set_str(&l, JOURNAL_LATENCY, "20");
	kv_set_int(&l, JOURNAL_WASO, 30);
	kv_set_str(&l, JOURNAL_WAKE, "06:30");
	journal_sleep(&l, &s);
	ck_assert_int_eq(s.tib, 450);
	ck_assert_int_eq(s.tst, -1);
	kv_clear(&l);
}
END_TEST

START_TEST(test_sleep_inconsistent)
{
	struct kvlist        l = { NULL, 0 };
	struct journal_sleep s;

	/* More time awake than the night held. */
	diary(&l, "23:00", 400, 100, "06:30", NULL);
	journal_sleep(&l, &s);
	ck_assert(s.inconsistent);
	ck_assert_int_eq(s.tst, -1);
	ck_assert(s.se < 0);

	/* Out of bed before the final awakening. */
	diary(&l, "23:00", 20, 30, "06:30", "06:00");
	journal_sleep(&l, &s);
	ck_assert(s.inconsistent);
	ck_assert_int_eq(s.tib, -1);
	ck_assert(s.se < 0);

	/* Lights out and wake at the same minute. */
	diary(&l, "23:00", 0, 0, "23:00", NULL);
	journal_sleep(&l, &s);
	ck_assert(s.inconsistent);
	ck_assert(s.se < 0);

	/* Negative minutes from a hand-edited state. */
	diary(&l, "23:00", 20, 30, "06:30", NULL);
	kv_set_int(&l, JOURNAL_WASO, -30);
	journal_sleep(&l, &s);
	ck_assert(s.inconsistent);
	kv_clear(&l);
}
END_TEST

/* check_night NAME TYPE... : a night of 2026-11-30 holding one value. */
static char *
check_one(const struct kv *kv)
{
	struct night n;
	char        *cause = NULL;
	int          r;

	memset(&n, 0, sizeof n);
	n.date = day_from_ymd(2026, 11, 30);
	kv_set(&n.kv, kv);
	kv_set_int(&n.kv, "unknown_to_the_plan", -5); /* left alone */
	r = journal_check_night(&plan, &n, &cause);
	kv_clear(&n.kv);
	ck_assert_int_eq(r, cause == NULL ? 0 : EX_DATAERR);
	return cause;
}

static void
check_ok(struct kv kv)
{
	char *cause = check_one(&kv);

	ck_assert_msg(cause == NULL, "%s: %s", kv.name, cause);
}

static void
check_bad(struct kv kv, const char *want)
{
	char *cause = check_one(&kv);

	ck_assert_msg(cause != NULL, "%s accepted", kv.name);
	ck_assert_str_eq(cause, want);
	free(cause);
}

#define KI(n, v) ((struct kv){ .name = (n), .type = KV_INT, .i = (v) })
#define KB(n, v) ((struct kv){ .name = (n), .type = KV_BOOL, .i = (v) })
#define KS(n, v) ((struct kv){ .name = (n), .type = KV_STR, .s = (v) })

/* Stored values are checked against the plan's field: type and range
 * (issue 9, fault 6). */
START_TEST(test_check_night)
{
	check_ok(KI("twitches", 0));
	check_ok(KI("twitches", 100));
	check_bad(KI("twitches", 9223372036854775807LL), "night 2026-11-30: "
	    "twitches 9223372036854775807 is out of range (0-100)");
	check_bad(KI("twitches", 101), "night 2026-11-30: twitches 101 is "
	    "out of range (0-100)");
	check_bad(KI("twitches", -1), "night 2026-11-30: twitches -1 is out "
	    "of range (0-100)");
	check_bad(KI("twitches", -9223372036854775807LL - 1), "night "
	    "2026-11-30: twitches -9223372036854775808 is out of range "
	    "(0-100)");
	check_bad(KS("twitches", "5"), "night 2026-11-30: twitches \"5\" "
	    "is not a whole number (0-100)");
	check_bad(KB("twitches", 1), "night 2026-11-30: twitches true is "
	    "not a whole number (0-100)");
	check_ok(KI("quality", 1));
	check_ok(KI("quality", 5));
	check_bad(KI("quality", 0), "night 2026-11-30: quality 0 is out of "
	    "range (1-5)");
	check_bad(KI("quality", 6), "night 2026-11-30: quality 6 is out of "
	    "range (1-5)");
	check_ok(KS("caffeine", "00:00"));
	check_ok(KS("caffeine", "23:59"));
	check_ok(KS("caffeine", "none"));
	check_bad(KS("lights_out", "none"), "night 2026-11-30: lights_out "
	    "\"none\" is not a time (HH:MM)");
	check_bad(KS("caffeine", "24:00"), "night 2026-11-30: caffeine "
	    "\"24:00\" is not a time (HH:MM or none)");
	check_bad(KS("caffeine", "9:30"), "night 2026-11-30: caffeine "
	    "\"9:30\" is not a time (HH:MM or none)");
	check_bad(KI("caffeine", 930), "night 2026-11-30: caffeine 930 is "
	    "not a time (HH:MM or none)");
	check_ok(KB("nap", 0));
	check_ok(KB("nap", 1));
	check_bad(KI("nap", 1), "night 2026-11-30: nap 1 is not yes or no "
	    "(true or false)");
	check_bad(KS("nap", "yes"), "night 2026-11-30: nap \"yes\" is not "
	    "yes or no (true or false)");
	check_ok(KS("intensity", "moderate"));
	check_ok(KS("intensity", "Vigorous"));
	check_bad(KS("intensity", "extreme\x1b[2J"), "night 2026-11-30: "
	    "intensity \"extreme?[2J\" is not one of light, moderate, "
	    "vigorous");
	check_bad(KI("intensity", 2), "night 2026-11-30: intensity 2 is not "
	    "one of light, moderate, vigorous");
	check_ok(KS("note", ""));
	check_ok(KS("note", "caf\xc3\xa9 12345")); /* 10 code points */
	check_bad(KS("note", "01234567890"), "night 2026-11-30: note is too "
	    "long (11 characters, at most 10)");
	check_bad(KI("note", 3), "night 2026-11-30: note 3 is not text");
}
END_TEST

/* Every night of a state, the message naming where the night was read. */
START_TEST(test_check_state)
{
	struct state st;
	char        *cause = NULL;
	const char  *text = "version = 1;\nnights = (\n"
	    "  { date = \"2026-11-29\"; values : { twitches = 3; }; },\n"
	    "  { date = \"2026-11-30\";\n"
	    "    values : { twitches = 9223372036854775807L; }; } );\n";

	ck_assert_int_eq(state_parse(&st, text, strlen(text), "s.cfg",
	    &cause), 0);
	st.path = xstrdup("s.cfg"); /* as state_load sets it */
	ck_assert_int_eq(journal_check_state(&plan, &st, &cause), EX_DATAERR);
	ck_assert_str_eq(cause, "s.cfg:4: night 2026-11-30: twitches "
	    "9223372036854775807 is out of range (0-100)");
	free(cause);
	cause = NULL;
	state_night_get(&st, 1000)->kv.n = 0; /* new: no file */
	kv_set_int(&state_night_get(&st, 1000)->kv, "twitches", 200);
	st.nights[2].kv.v[0].i = 5;
	ck_assert_int_eq(journal_check_state(&plan, &st, &cause), EX_DATAERR);
	ck_assert_str_eq(cause, "s.cfg: night 1972-09-27: twitches 200 is out "
	    "of range (0-100)");
	free(cause);
	cause = NULL;
	kv_set_int(&state_night_get(&st, 1000)->kv, "twitches", 2);
	ck_assert_int_eq(journal_check_state(&plan, &st, &cause), 0);
	ck_assert_ptr_null(cause);
	state_free(&st);
}
END_TEST

Suite *
journal_suite(void)
{
	Suite *s = suite_create("journal");
	TCase *tc;

	tc = tcase_create("parse");
	tcase_add_test(tc, test_time);
	tcase_add_test(tc, test_count);
	tcase_add_test(tc, test_scale);
	tcase_add_test(tc, test_yesno);
	tcase_add_test(tc, test_choice);
	tcase_add_test(tc, test_choice_prefix);
	tcase_add_test(tc, test_yesno_words);
	tcase_add_test(tc, test_text);
	tcase_add_test(tc, test_message_echo);
	suite_add_tcase(s, tc);

	tc = tcase_create("assign");
	tcase_add_test(tc, test_assign);
	tcase_add_test(tc, test_hint_format);
	tcase_add_test(tc, test_blank_equals);
	tcase_add_test(tc, test_check_night);
	tcase_add_test(tc, test_check_state);
	suite_add_tcase(s, tc);

	tc = tcase_create("values");
	tcase_add_test(tc, test_evening);
	tcase_add_test(tc, test_time_number);
	suite_add_tcase(s, tc);

	tc = tcase_create("sleep");
	tcase_add_test(tc, test_sleep_worked);
	tcase_add_test(tc, test_sleep_missing);
	tcase_add_test(tc, test_sleep_inconsistent);
	suite_add_tcase(s, tc);
	return s;
}
