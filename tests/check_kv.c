/* The kv lists: setting, replacing in place, copies, removal keeping
 * the order, and the names a list can be saved under. */
#include "testutil.h"

#include <stdbool.h>
#include <stdlib.h>

#include "winddown/kv.h"

START_TEST(test_kv)
{
	struct kvlist    a = { 0 }, b = { 0 };
	const struct kv *v;
	struct kv        src = { .name = "copied", .type = KV_STR,
		.s = "from a struct" };

	ck_assert_ptr_null(kv_get(&a, "x"));
	kv_set_int(&a, "count", 3);
	kv_set_str(&a, "note", "caf\xc3\xa9");
	kv_set_bool(&a, "nap", true);
	ck_assert_int_eq(a.n, 3);
	v = kv_get(&a, "count");
	ck_assert_int_eq(v->type, KV_INT);
	ck_assert_int_eq(v->i, 3);
	ck_assert_ptr_null(v->s);
	v = kv_get(&a, "nap");
	ck_assert_int_eq(v->type, KV_BOOL);
	ck_assert_int_eq(v->i, 1);
	ck_assert_str_eq(kv_get(&a, "note")->s, "caf\xc3\xa9");
	/* Replacing keeps the slot and changes the type. */
	kv_set_str(&a, "count", "three");
	ck_assert_int_eq(a.n, 3);
	ck_assert_str_eq(a.v[0].name, "count");
	ck_assert_int_eq(a.v[0].type, KV_STR);
	ck_assert_str_eq(a.v[0].s, "three");
	kv_set_int(&a, "count", -4);
	ck_assert_int_eq(a.v[0].type, KV_INT);
	ck_assert_int_eq(a.v[0].i, -4);
	ck_assert_ptr_null(a.v[0].s);
	kv_set_bool(&a, "nap", false);
	ck_assert_int_eq(kv_get(&a, "nap")->i, 0);
	/* kv_set copies. */
	kv_set(&a, &src);
	ck_assert_ptr_ne(kv_get(&a, "copied")->s, src.s);
	ck_assert_str_eq(kv_get(&a, "copied")->s, "from a struct");
	ck_assert_int_eq(a.n, 4);
	/* A deep copy. */
	kv_set_int(&b, "stale", 1);
	kv_copy(&b, &a);
	ck_assert_int_eq(b.n, 4);
	ck_assert_ptr_null(kv_get(&b, "stale"));
	ck_assert_ptr_ne(kv_get(&b, "note")->s, kv_get(&a, "note")->s);
	kv_set_str(&a, "note", "changed");
	ck_assert_str_eq(kv_get(&b, "note")->s, "caf\xc3\xa9");
	/* Unset from the middle keeps the order of the rest. */
	kv_unset(&a, "note");
	kv_unset(&a, "absent");
	ck_assert_int_eq(a.n, 3);
	ck_assert_str_eq(a.v[0].name, "count");
	ck_assert_str_eq(a.v[1].name, "nap");
	ck_assert_str_eq(a.v[2].name, "copied");
	ck_assert_ptr_null(kv_get(&a, "note"));
	kv_unset(&a, "copied");
	kv_unset(&a, "count");
	kv_unset(&a, "nap");
	ck_assert_int_eq(a.n, 0);
	kv_set_int(&a, "again", 1);
	ck_assert_int_eq(a.n, 1);
	kv_clear(&a);
	ck_assert_int_eq(a.n, 0);
	ck_assert_ptr_null(a.v);
	kv_clear(&a);
	kv_clear(&b);
}
END_TEST

/* libconfig's rule for setting names: [A-Za-z*][-A-Za-z0-9_*]* */
START_TEST(test_kv_name_ok)
{
	ck_assert(kv_name_ok("mood"));
	ck_assert(kv_name_ok("Z"));
	ck_assert(kv_name_ok("*"));
	ck_assert(kv_name_ok("a-b_c*9"));
	ck_assert(!kv_name_ok(""));
	ck_assert(!kv_name_ok("9lives"));
	ck_assert(!kv_name_ok("-x"));
	ck_assert(!kv_name_ok("_x"));
	ck_assert(!kv_name_ok("two words"));
	ck_assert(!kv_name_ok("a.b"));
	ck_assert(!kv_name_ok("caf\xc3\xa9"));
}
END_TEST

Suite *
kv_suite(void)
{
	Suite *s = suite_create("kv");
	TCase *tc;

	tc = tcase_create("list");
	tcase_add_test(tc, test_kv);
	tcase_add_test(tc, test_kv_name_ok);
	suite_add_tcase(s, tc);
	return s;
}
