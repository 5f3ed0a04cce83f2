/* libFuzzer target: the plan parser and validator. The loader reads plan
 * files from a directory (nothing parses a plan from memory), so each
 * input is written to input.cfg in a private directory made once per
 * process (in $TMPDIR, else /dev/shm, else /tmp) and handed to
 * plan_check, which takes the part (plan, pmr, journal or triggers) from
 * the file's top-level group and, for triggers, checks the rules against
 * the journal.cfg beside it. At start-up the directory gets a valid
 * journal.cfg (the bundled one when FUZZ_PLAN_DIR names the plans, else
 * a small one), and @include can reach it and the input itself. No
 * terminal; the directory is removed at exit. */
#define _XOPEN_SOURCE 700 /* mkdtemp */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "winddown/cfg.h"
#include "winddown/plan.h"
#include "winddown/util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

static char *dir;
static char *input;
static char *journal;

static const char small_journal[] =
    "journal = { fields = (\n"
    "  { name = \"caffeine\"; type = \"time\"; none = true; prompt = \"C\"; },\n"
    "  { name = \"bedtime\"; type = \"time\"; prompt = \"B\"; },\n"
    "  { name = \"twitches\"; type = \"count\"; min = 0; max = 100; "
    "prompt = \"T\"; },\n"
    "  { name = \"intensity\"; type = \"choice\"; "
    "choices = [ \"light\", \"vigorous\" ]; prompt = \"I\"; }\n"
    "); };\n";

static void
write_all(const char *path, const void *p, size_t n)
{
	FILE *fp = fopen(path, "w");

	if (fp == NULL || (n > 0 && fwrite(p, 1, n, fp) != n) ||
	    fclose(fp) != 0) {
		perror(path);
		exit(1);
	}
}

static void
cleanup(void)
{
	if (input != NULL)
		unlink(input);
	if (journal != NULL)
		unlink(journal);
	if (dir != NULL)
		rmdir(dir);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *tmp = getenv("TMPDIR"), *plans = getenv("FUZZ_PLAN_DIR");
	char       *text = NULL, *cause = NULL, *from;
	size_t      len;

	(void)argc;
	(void)argv;
	if (tmp == NULL || tmp[0] == '\0')
		tmp = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
	dir = xasprintf("%s/wd-fuzz-plan.XXXXXX", tmp);
	if (mkdtemp(dir) == NULL) {
		perror(dir);
		exit(1);
	}
	atexit(cleanup);
	input = xasprintf("%s/input.cfg", dir);
	journal = xasprintf("%s/%s", dir, PLAN_FILE_JOURNAL);
	if (plans != NULL && plans[0] != '\0') {
		from = xasprintf("%s/%s", plans, PLAN_FILE_JOURNAL);
		if (cfg_read_file(from, PLAN_MAX_FILE, &text, &len,
		    &cause) != 0) {
			fprintf(stderr, "fuzz_plan: %s\n", cause);
			exit(1);
		}
		free(from);
		write_all(journal, text, len);
		free(text);
	} else
		write_all(journal, small_journal, sizeof small_journal - 1);
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *messages = NULL;
	int   rc;

	write_all(input, data, size);
	rc = plan_check(input, &messages);
	if (rc == 0 && messages != NULL)
		abort(); /* valid, yet a message */
	if (rc != 0 && (messages == NULL || messages[0] == '\0'))
		abort(); /* refused without saying why */
	if (rc != 0 && rc != EX_DATAERR && rc != EX_NOINPUT &&
	    rc != EX_IOERR)
		abort();
	free(messages);
	return 0;
}
