/* The one Check runner: every suite of every core module. */
#include "testutil.h"

#include <stdlib.h>

int
main(void)
{
	SRunner *sr;
	int      failed;

	sr = srunner_create(NULL);
#define SUITE(name) srunner_add_suite(sr, name##_suite());
#include "suites.h"
#undef SUITE
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
