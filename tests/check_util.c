/* The small helpers: the one UTF-8 decoder and the checks built on it. */
#include "testutil.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "winddown/util.h"

/* Decode the n bytes at s: the length, and in *cp the code point. */
static size_t
decode(const char *s, size_t n, uint32_t *cp)
{
	*cp = 0xdeadbeef;
	return utf8_decode(s, n, cp);
}

START_TEST(test_decode_valid)
{
	uint32_t cp;

	ck_assert_uint_eq(decode("A", 1, &cp), 1);
	ck_assert_uint_eq(cp, 'A');
	ck_assert_uint_eq(decode("\x7f", 1, &cp), 1);
	ck_assert_uint_eq(cp, 0x7f);
	/* NUL is a character when it is within n. */
	ck_assert_uint_eq(decode("", 1, &cp), 1);
	ck_assert_uint_eq(cp, 0);
	/* Only the first sequence is read. */
	ck_assert_uint_eq(decode("ab", 2, &cp), 1);
	ck_assert_uint_eq(cp, 'a');

	ck_assert_uint_eq(decode("\xc2\x80", 2, &cp), 2);
	ck_assert_uint_eq(cp, 0x80);
	ck_assert_uint_eq(decode("\xc3\xa9", 2, &cp), 2);
	ck_assert_uint_eq(cp, 0xe9);
	ck_assert_uint_eq(decode("\xdf\xbf", 2, &cp), 2);
	ck_assert_uint_eq(cp, 0x7ff);

	ck_assert_uint_eq(decode("\xe0\xa0\x80", 3, &cp), 3);
	ck_assert_uint_eq(cp, 0x800);
	ck_assert_uint_eq(decode("\xe2\x82\xac", 3, &cp), 3);
	ck_assert_uint_eq(cp, 0x20ac);
	ck_assert_uint_eq(decode("\xed\x9f\xbf", 3, &cp), 3);
	ck_assert_uint_eq(cp, 0xd7ff);
	ck_assert_uint_eq(decode("\xee\x80\x80", 3, &cp), 3);
	ck_assert_uint_eq(cp, 0xe000);
	ck_assert_uint_eq(decode("\xef\xbf\xbf", 3, &cp), 3);
	ck_assert_uint_eq(cp, 0xffff);

	ck_assert_uint_eq(decode("\xf0\x90\x80\x80", 4, &cp), 4);
	ck_assert_uint_eq(cp, 0x10000);
	ck_assert_uint_eq(decode("\xf0\x9f\x98\xb4", 5, &cp), 4);
	ck_assert_uint_eq(cp, 0x1f634);
	ck_assert_uint_eq(decode("\xf4\x8f\xbf\xbf", 4, &cp), 4);
	ck_assert_uint_eq(cp, 0x10ffff);
}
END_TEST

START_TEST(test_decode_overlong)
{
	uint32_t cp;

	/* '/' and NUL written long; the longest overlong of each length. */
	ck_assert_uint_eq(decode("\xc0\xaf", 2, &cp), 0);
	ck_assert_uint_eq(decode("\xc0\x80", 2, &cp), 0);
	ck_assert_uint_eq(decode("\xc1\xbf", 2, &cp), 0);
	ck_assert_uint_eq(decode("\xe0\x80\xaf", 3, &cp), 0);
	ck_assert_uint_eq(decode("\xe0\x9f\xbf", 3, &cp), 0);
	ck_assert_uint_eq(decode("\xf0\x80\x80\xaf", 4, &cp), 0);
	ck_assert_uint_eq(decode("\xf0\x8f\xbf\xbf", 4, &cp), 0);
}
END_TEST

START_TEST(test_decode_surrogate)
{
	uint32_t cp;

	ck_assert_uint_eq(decode("\xed\xa0\x80", 3, &cp), 0); /* U+D800 */
	ck_assert_uint_eq(decode("\xed\xad\xbf", 3, &cp), 0); /* U+DB7F */
	ck_assert_uint_eq(decode("\xed\xb0\x80", 3, &cp), 0); /* U+DC00 */
	ck_assert_uint_eq(decode("\xed\xbf\xbf", 3, &cp), 0); /* U+DFFF */
	/* A surrogate pair written as two sequences (CESU-8). */
	ck_assert_uint_eq(decode("\xed\xa0\xbd\xed\xb8\xb4", 6, &cp), 0);
}
END_TEST

START_TEST(test_decode_truncated)
{
	uint32_t cp;

	ck_assert_uint_eq(decode("A", 0, &cp), 0);
	ck_assert_uint_eq(decode("\xc3\xa9", 1, &cp), 0);
	ck_assert_uint_eq(decode("\xe2\x82\xac", 1, &cp), 0);
	ck_assert_uint_eq(decode("\xe2\x82\xac", 2, &cp), 0);
	ck_assert_uint_eq(decode("\xf0\x9f\x98\xb4", 3, &cp), 0);
	/* Cut short by the end of a string: the NUL is no continuation. */
	ck_assert_uint_eq(decode("\xe2\x82", 3, &cp), 0);
	ck_assert_uint_eq(decode("\xc3", 2, &cp), 0);
	/* A continuation byte that is not one. */
	ck_assert_uint_eq(decode("\xc3(", 2, &cp), 0);
	ck_assert_uint_eq(decode("\xe2(\xa1", 3, &cp), 0);
	ck_assert_uint_eq(decode("\xe2\x82(", 3, &cp), 0);
	ck_assert_uint_eq(decode("\xf0\x9f\x98(", 4, &cp), 0);
	ck_assert_uint_eq(decode("\xc3\xc3\xa9", 3, &cp), 0);
	/* A continuation byte alone. */
	ck_assert_uint_eq(decode("\x80", 1, &cp), 0);
	ck_assert_uint_eq(decode("\xbf\x80", 2, &cp), 0);
}
END_TEST

START_TEST(test_decode_too_high)
{
	uint32_t cp;

	ck_assert_uint_eq(decode("\xf4\x90\x80\x80", 4, &cp), 0); /* 110000 */
	ck_assert_uint_eq(decode("\xf4\xbf\xbf\xbf", 4, &cp), 0);
	ck_assert_uint_eq(decode("\xf5\x80\x80\x80", 4, &cp), 0);
	ck_assert_uint_eq(decode("\xf7\xbf\xbf\xbf", 4, &cp), 0);
	/* Five and six byte forms and bytes UTF-8 never uses. */
	ck_assert_uint_eq(decode("\xf8\x88\x80\x80\x80", 5, &cp), 0);
	ck_assert_uint_eq(decode("\xfc\x84\x80\x80\x80\x80", 6, &cp), 0);
	ck_assert_uint_eq(decode("\xfe", 1, &cp), 0);
	ck_assert_uint_eq(decode("\xff", 1, &cp), 0);
}
END_TEST

/* Every one of the 2^16 two-byte inputs: a valid pair is exactly a lead
 * byte C2..DF and a continuation, else the first byte alone when it is
 * ASCII, else nothing. */
START_TEST(test_decode_all_pairs)
{
	uint32_t cp;
	size_t   len, want;
	char     s[2];
	int      a, b;

	for (a = 0; a < 256; a++) {
		for (b = 0; b < 256; b++) {
			s[0] = (char)a;
			s[1] = (char)b;
			len = decode(s, 2, &cp);
			if (a < 0x80)
				want = 1;
			else if (a >= 0xc2 && a <= 0xdf && (b & 0xc0) == 0x80)
				want = 2;
			else
				want = 0;
			ck_assert_uint_eq(len, want);
			if (want == 1)
				ck_assert_uint_eq(cp, (uint32_t)a);
			if (want == 2)
				ck_assert_uint_eq(cp, (uint32_t)(((a & 0x1f) <<
				    6) | (b & 0x3f)));
		}
	}
}
END_TEST

START_TEST(test_control)
{
	ck_assert(utf8_control(0));
	ck_assert(utf8_control('\n'));
	ck_assert(utf8_control(0x1f));
	ck_assert(!utf8_control(' '));
	ck_assert(!utf8_control('~'));
	ck_assert(utf8_control(0x7f));
	ck_assert(utf8_control(0x80));
	ck_assert(utf8_control(0x9f));
	ck_assert(!utf8_control(0xa0));
	ck_assert(!utf8_control(0x2028));
}
END_TEST

/* The checks built on the decoder refuse what it refuses, and control
 * characters but \n and \t when asked. */
START_TEST(test_valid)
{
	ck_assert(utf8_valid("", 0, false));
	ck_assert(utf8_valid("caf\xc3\xa9 \xf0\x9f\x98\xb4", 10, false));
	ck_assert(!utf8_valid("a\nb", 3, false));
	ck_assert(utf8_valid("a\n\tb", 4, true));
	ck_assert(!utf8_valid("a\rb", 3, true));
	ck_assert(!utf8_valid("\x7f", 1, true));
	ck_assert(!utf8_valid("\xc2\x85", 2, true)); /* NEL, a C1 */
	ck_assert(!utf8_valid("\xc0\xaf", 2, false));
	ck_assert(!utf8_valid("\xed\xa0\x80", 3, false));
	ck_assert(!utf8_valid("\xf4\x90\x80\x80", 4, false));
	ck_assert(!utf8_valid("ok\xe2\x82", 4, false));
	ck_assert_ptr_null(utf8_problem("ok", 2, false));
	ck_assert_str_eq(utf8_problem("a\x01", 2, false),
	    "holds control characters");
	ck_assert_str_eq(utf8_problem("\xc2\x85", 2, false),
	    "holds control characters");
	ck_assert_str_eq(utf8_problem("\xc0\xaf", 2, false),
	    "is not valid UTF-8 text");
}
END_TEST

/* Text for a terminal that is not UTF-8: as ASCII, one to one where
 * there is an ASCII form, '?' where there is none. */
START_TEST(test_ascii)
{
	static const struct { const char *in, *out; } cases[] = {
		{ "200\xe2\x80\x93" "400 mg", "200-400 mg" },
		{ "caf\xc3\xa9 \xe2\x80\x9cok\xe2\x80\x9d", "cafe \"ok\"" },
		{ "it\xe2\x80\x99s\xe2\x80\xa6", "it's..." },
		{ "a \xe2\x86\x92 b", "a -> b" },
		{ "plain", "plain" },
		{ "", "" },
		{ "\xe6\x97\xa5x", "?x" },   /* no ASCII form */
		{ "\xff\xc3", "??" },        /* not UTF-8 */
	};
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *s = utf8_ascii(cases[i].in);

		ck_assert_str_eq(s, cases[i].out);
		free(s);
	}
}
END_TEST

Suite *
util_suite(void)
{
	Suite *s = suite_create("util");
	TCase *tc;

	tc = tcase_create("utf8");
	tcase_add_test(tc, test_decode_valid);
	tcase_add_test(tc, test_ascii);
	tcase_add_test(tc, test_decode_overlong);
	tcase_add_test(tc, test_decode_surrogate);
	tcase_add_test(tc, test_decode_truncated);
	tcase_add_test(tc, test_decode_too_high);
	tcase_add_test(tc, test_decode_all_pairs);
	tcase_add_test(tc, test_control);
	tcase_add_test(tc, test_valid);
	suite_add_tcase(s, tc);
	return s;
}
