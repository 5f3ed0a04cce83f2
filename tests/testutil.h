/* Shared by the Check suites: every suite is `Suite *NAME_suite(void)`,
 * listed in the generated tests/suites.h from the file names. */
#ifndef WINDDOWN_TESTUTIL_H
#define WINDDOWN_TESTUTIL_H

#include <check.h>

#define SUITE(name) Suite *name##_suite(void);
#include "suites.h"
#undef SUITE

#include <stddef.h>

/* testutil.c */
char *slurp(const char *path, size_t *lenp);
void  spew(const char *path, const void *data, size_t len);
void  rm_rf(const char *path);
/* A new directory /tmp/wd-check-NAME-XXXXXX; and its removal, which
 * frees and clears *dir. */
char *test_tmpdir(const char *name);
void  test_tmpdir_remove(char **dir);

/* The checkout's top directory, for the bundled plans and tests/data. */
#ifndef WD_SRCDIR
#define WD_SRCDIR ".."
#endif

#endif
