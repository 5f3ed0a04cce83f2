/* cfg: parsing some members of a one-group file (the days of
 * seven-day.cfg without its guide, and the other way round) on the lines
 * of the whole file, and parsing the whole file whenever its outline is
 * anything but plain. */
#include "testutil.h"

#include <libconfig.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sysexits.h>

#include "winddown/cfg.h"
#include "winddown/util.h"

static const char *const guide[] = { "facts", "seek", NULL };

/* Parse text with the members of guide dropped (keep false) or alone
 * (keep true); returns the rc, cfg initialised either way. */
static int
parse(config_t *cfg, const char *text, bool keep, char **cause)
{
	config_init(cfg);
	return cfg_parse_members(cfg, "t.cfg", text, strlen(text), NULL,
	    guide, keep, cause);
}

static bool
has(const config_t *cfg, const char *path)
{
	return config_lookup(cfg, path) != NULL;
}

static int
line(const config_t *cfg, const char *path)
{
	config_setting_t *s = config_lookup(cfg, path);

	ck_assert_msg(s != NULL, "%s is missing", path);
	return config_setting_source_line(s);
}

static const char plain[] =
    "# a plan\n"                                              /* 1 */
    "plan = {\n"                                              /* 2 */
    "  id = \"x\";   // the id\n"                             /* 3 */
    "  facts = ( { a = 1; }, { b = \"two\" \"three\"; } );\n" /* 4 */
    "  flag = true;\n"                                        /* 5 */
    "  /* facts = ( ; */ title = \"t } {\";\n"                /* 6 */
    "  seek = {\n"                                            /* 7 */
    "    n = 2;\n"                                            /* 8 */
    "  };\n"                                                  /* 9 */
    "  last : -3\n"                                           /* 10 */
    "};\n";                                                   /* 11 */

START_TEST(test_members_drop_and_keep)
{
	config_t cfg;
	char    *cause = NULL;

	ck_assert_msg(parse(&cfg, plain, false, &cause) == 0, "%s", cause);
	ck_assert(has(&cfg, "plan.id"));
	ck_assert(has(&cfg, "plan.flag"));
	ck_assert(has(&cfg, "plan.last"));
	ck_assert(!has(&cfg, "plan.facts"));
	ck_assert(!has(&cfg, "plan.seek"));
	ck_assert_str_eq(config_setting_get_string(config_lookup(&cfg,
	    "plan.title")), "t } {");
	ck_assert_int_eq(line(&cfg, "plan.title"), 6);
	ck_assert_int_eq(line(&cfg, "plan.last"), 10);
	ck_assert_int_eq(config_setting_length(config_lookup(&cfg, "plan")),
	    4);
	config_destroy(&cfg);

	ck_assert_msg(parse(&cfg, plain, true, &cause) == 0, "%s", cause);
	ck_assert(!has(&cfg, "plan.id"));
	ck_assert(!has(&cfg, "plan.title"));
	ck_assert(!has(&cfg, "plan.last"));
	ck_assert_int_eq(config_setting_length(config_lookup(&cfg,
	    "plan.facts")), 2);
	ck_assert_str_eq(config_setting_get_string(config_lookup(&cfg,
	    "plan.facts.[1].b")), "twothree");
	ck_assert_int_eq(line(&cfg, "plan.seek.n"), 8);
	ck_assert_int_eq(line(&cfg, "plan.facts"), 4);
	ck_assert_int_eq(config_setting_length(config_lookup(&cfg, "plan")),
	    2);
	config_destroy(&cfg);

	/* Nothing named: all of it. */
	config_init(&cfg);
	ck_assert_int_eq(cfg_parse_members(&cfg, "t.cfg", plain,
	    strlen(plain), NULL, guide + 2, false, &cause), 0);
	ck_assert_int_eq(config_setting_length(config_lookup(&cfg, "plan")),
	    6);
	config_destroy(&cfg);
}
END_TEST

/* An error inside a member left out is not seen; inside one kept it is,
 * on its line in the whole file. */
START_TEST(test_members_errors_stay)
{
	static const char text[] =
	    "plan = {\n"
	    "  id = \"x\";\n"
	    "  facts = ( { a = 1 } { } );\n"
	    "  title = \"t\"\n"
	    "  seek = { n = ; };\n"
	    "};\n";
	config_t cfg;
	char    *cause = NULL;

	ck_assert_msg(parse(&cfg, text, false, &cause) == 0, "%s", cause);
	ck_assert(has(&cfg, "plan.title"));
	config_destroy(&cfg);
	ck_assert_int_eq(parse(&cfg, text, true, &cause), EX_DATAERR);
	ck_assert_str_eq(cause, "t.cfg:3: syntax error");
	config_destroy(&cfg);
	free(cause);
	cause = NULL;

	/* The prescan still reads every member: a wrapping integer in a
	 * member left out is refused. */
	ck_assert_int_eq(parse(&cfg, "plan = {\n  id = 1;\n"
	    "  facts = ( 4294967298 );\n};\n", false, &cause), EX_DATAERR);
	ck_assert_ptr_nonnull(strstr(cause, "t.cfg:3: integer 4294967298"));
	config_destroy(&cfg);
	free(cause);
}
END_TEST

/* Any outline but `name = { members };` is parsed whole, so nothing is
 * left out and libconfig sees every error: either way round, the same
 * answer and the same settings as cfg_parse gives. */
START_TEST(test_members_whole_otherwise)
{
	static const char *const texts[] = {
		/* two top-level settings */
		"other = 1;\nplan = { id = 1; facts = ( 1 ); };\n",
		"plan = { id = 1; facts = ( 1 ); };\nother = 1;\n",
		"plan = { id = 1; facts = ( 1 ); };\nmore = { facts = 2; };\n",
		/* the top is a list */
		"plan = ( { facts = ( 1 ); } );\n",
		/* a member without its value */
		"plan = { id = ; facts = ( 1 ); };\n",
		/* two names */
		"plan = { id id = 1; facts = ( 1 ); };\n",
		/* a value where a name goes */
		"plan = { 3; facts = ( 1 ); };\n",
		/* a stray byte */
		"plan = { id = 1; / facts = ( 1 ); };\n",
		"plan = { id = 1; - facts = ( 1 ); };\n",
		/* not closed */
		"plan = { id = 1; facts = ( 1 );\n",
		/* a list closing the group */
		"plan = { id = 1; facts = ( 1 ); );\n",
		/* a terminator where a value goes */
		"plan = { id = 1; facts = ; };\n",
		/* a second terminator */
		"plan = { id = 1;; facts = ( 1 ); };\n",
		"plan = { facts = ( 1 ); };;\n",
		/* a group where a name goes */
		"plan = { { } facts = ( 1 ); };\n",
		/* a string where a name goes */
		"plan = { \"id\" facts = ( 1 ); };\n",
		/* two assignments */
		"plan = { id = = 1; facts = ( 1 ); };\n",
		/* a name before the group */
		"plan plan = { facts = ( 1 ); };\n",
		/* a value before the group's brace */
		"plan = 1 { facts = ( 1 ); };\n",
		/* a list after a value, a list after a list */
		"plan = { id = 1 ( 2 ); facts = ( 1 ); };\n",
		"plan = { id = ( 2 ) ( 3 ); facts = ( 1 ); };\n",
		"plan = { id = \"a\" { }; facts = ( 1 ); };\n",
		/* a number after a number, a string and a number */
		"plan = { id = 1 2; facts = ( 1 ); };\n",
		"plan = { id = 1 \"a\"; facts = ( 1 ); };\n",
		"plan = { id = \"a\" 1; facts = ( 1 ); };\n",
		"plan = { id = true false; facts = ( 1 ); };\n",
		/* names libconfig does not take, booleans for names */
		"plan = { _id = 1; facts = ( 1 ); };\n",
		"plan = { caf\xc3\xa9 = 1; facts = ( 1 ); };\n",
		"plan = { id = true false = 3; facts = ( 1 ); };\n",
		"plan = { TRUE = 1; facts = ( 1 ); };\n",
		"true = { facts = ( 1 ); };\n",
	};
	config_t whole, cfg;
	char    *cause = NULL, *wcause;
	size_t   i;
	int      rw, rc, keep;

	for (i = 0; i < WD_NELEM(texts); i++) {
		config_init(&whole);
		wcause = NULL;
		rw = cfg_parse(&whole, "t.cfg", texts[i], strlen(texts[i]),
		    NULL, &wcause);
		for (keep = 0; keep < 2; keep++) {
			rc = parse(&cfg, texts[i], keep, &cause);
			ck_assert_msg(rc == rw, "%s (keep %d): %d, whole %d",
			    texts[i], keep, rc, rw);
			if (rw != 0)
				ck_assert_str_eq(cause, wcause);
			else
				ck_assert_int_eq(config_setting_length(
				    config_root_setting(&cfg)),
				    config_setting_length(
				    config_root_setting(&whole)));
			ck_assert_int_eq(has(&cfg, "plan.facts"),
			    has(&whole, "plan.facts"));
			ck_assert_int_eq(has(&cfg, "plan.id"),
			    has(&whole, "plan.id"));
			config_destroy(&cfg);
			free(cause);
			cause = NULL;
		}
		config_destroy(&whole);
		free(wcause);
	}
}
END_TEST

/* The outline's edges: no terminators, colons, a closing terminator or
 * none, a comment at the end without a newline, an empty group, a
 * string value that goes on, true and false as values. */
START_TEST(test_members_outline_edges)
{
	static const char *const texts[] = {
		"plan = { id = 1 facts = ( 1 ) title = \"t\" }",
		"plan : { id : 1, facts : [ 1 ], title : \"t\", }\n",
		"plan = { id = true; facts = ( 1 ); title = \"a\" \"b\"; };",
		"plan = { id = false facts = { x = 1; } title = \"t\" };\n"
		"# the end",
		"plan = { id = -1; facts = ( 1 ); title = +2.5e-3; },\n",
		"plan = { id = TRUE; facts = ( 1 ); title = \"a\" \"b\" \"c\" }\n",
		"plan = { id = 0x1fL; facts = ( 1 ); title = FaLsE; *x-2 = 1; };\n",
		/* every kind of byte a name may hold, first and after */
		"plan = { id = 1; zaZ09_-* = 2; Zz = 3; A = 4; a = 5; * = 6;\n"
		"  facts = ( 1 ); title = 7; };\n",
	};
	config_t cfg;
	char    *cause = NULL;
	size_t   i;

	for (i = 0; i < WD_NELEM(texts); i++) {
		ck_assert_msg(parse(&cfg, texts[i], false, &cause) == 0,
		    "%s: %s", texts[i], cause);
		ck_assert_msg(has(&cfg, "plan.id") && has(&cfg, "plan.title") &&
		    !has(&cfg, "plan.facts"), "%s", texts[i]);
		config_destroy(&cfg);
		ck_assert_msg(parse(&cfg, texts[i], true, &cause) == 0,
		    "%s: %s", texts[i], cause);
		ck_assert_msg(!has(&cfg, "plan.id") && !has(&cfg, "plan.title")
		    && has(&cfg, "plan.facts"), "%s", texts[i]);
		config_destroy(&cfg);
	}
	ck_assert_msg(parse(&cfg, "plan = { };\n", true, &cause) == 0, "%s",
	    cause);
	ck_assert_int_eq(config_setting_length(config_lookup(&cfg, "plan")),
	    0);
	config_destroy(&cfg);
}
END_TEST

/* More members than the outline holds, or an @include: the whole file. */
START_TEST(test_members_many_and_include)
{
	struct buf b = { NULL, 0, 0 };
	config_t   cfg;
	char      *dir, *path, *text, *cause = NULL;
	int        i;

	buf_puts(&b, "plan = {\n");
	for (i = 0; i < 64; i++)
		buf_printf(&b, "  m%d = %d;\n", i, i);
	buf_puts(&b, "  facts = ( 1 );\n};\n");
	ck_assert_msg(parse(&cfg, b.data, false, &cause) == 0, "%s", cause);
	ck_assert(has(&cfg, "plan.facts"));
	ck_assert(has(&cfg, "plan.m63"));
	config_destroy(&cfg);
	/* 64 are still outlined. */
	free(b.data);
	memset(&b, 0, sizeof b);
	buf_puts(&b, "plan = {\n");
	for (i = 0; i < 63; i++)
		buf_printf(&b, "  m%d = %d;\n", i, i);
	buf_puts(&b, "  facts = ( 1 );\n};\n");
	ck_assert_msg(parse(&cfg, b.data, false, &cause) == 0, "%s", cause);
	ck_assert(!has(&cfg, "plan.facts"));
	ck_assert(has(&cfg, "plan.m62"));
	ck_assert_int_eq(line(&cfg, "plan.m62"), 64);
	config_destroy(&cfg);
	free(b.data);

	dir = test_tmpdir("cfg");
	path = xasprintf("%s/part.cfg", dir);
	spew(path, "facts = ( 1 );\n", 15);
	text = "plan = {\n  id = 1;\n  @include \"part.cfg\"\n};\n";
	config_init(&cfg);
	ck_assert_msg(cfg_parse_members(&cfg, "t.cfg", text, strlen(text),
	    dir, guide, false, &cause) == 0, "%s", cause);
	ck_assert(has(&cfg, "plan.facts"));
	ck_assert(has(&cfg, "plan.id"));
	config_destroy(&cfg);
	free(path);
	test_tmpdir_remove(&dir);
}
END_TEST

Suite *
cfg_suite(void)
{
	Suite *s = suite_create("cfg");
	TCase *tc;

	tc = tcase_create("members");
	tcase_add_test(tc, test_members_drop_and_keep);
	tcase_add_test(tc, test_members_errors_stay);
	tcase_add_test(tc, test_members_whole_otherwise);
	tcase_add_test(tc, test_members_outline_edges);
	tcase_add_test(tc, test_members_many_and_include);
	suite_add_tcase(s, tc);
	return s;
}
