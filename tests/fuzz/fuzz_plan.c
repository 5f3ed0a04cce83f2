/* libFuzzer target: the plan parser and validator. The loader reads plan
 * files from a directory (nothing parses a plan from memory), so each
 * input is written to input.cfg in a private directory made once per
 * process (in $TMPDIR, else /dev/shm, else /tmp) and handed to
 * plan_check, which takes the part (plan, pmr, journal or triggers) from
 * the file's top-level group and, for triggers, checks the rules against
 * the journal.cfg beside it. At start-up the directory gets a valid
 * journal.cfg (the bundled one when FUZZ_PLAN_DIR names the plans, else
 * a small one), and @include can reach it and the input itself.
 * Then the input is seven-day.cfg of a second directory, read whole and
 * in its two parts (the days, the guide, each parsed without the other's
 * members): the parts must both load exactly when the whole does, and
 * hold what it holds. No terminal; the directories are removed at
 * exit. */
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
static char *dir2;   /* holds the input as seven-day.cfg */
static char *days;

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
	if (days != NULL)
		unlink(days);
	if (dir2 != NULL)
		rmdir(dir2);
}

static void
same_str(const char *a, const char *b)
{
	if ((a == NULL) != (b == NULL) || (a != NULL && strcmp(a, b) != 0))
		abort(); /* a part holds other text than the whole */
}

static void
same_items(const struct plan_item *a, int na, const struct plan_item *b,
    int nb)
{
	int i;

	if (na != nb)
		abort();
	for (i = 0; i < na; i++) {
		same_str(a[i].id, b[i].id);
		same_str(a[i].title, b[i].title);
		same_str(a[i].text, b[i].text);
	}
}

/* The whole of seven-day.cfg against its two parts read apart. */
static void
check_parts(void)
{
	struct plan whole, d, g;
	char       *cause = NULL;
	int         rw, rd, rg, rm, i;

	rw = plan_load_parts(&whole, dir2, NULL, PLAN_DAYS | PLAN_GUIDE,
	    &cause);
	free(cause);
	cause = NULL;
	rd = plan_load_parts(&d, dir2, NULL, PLAN_DAYS, &cause);
	free(cause);
	cause = NULL;
	rg = plan_load_parts(&g, dir2, NULL, PLAN_GUIDE, &cause);
	free(cause);
	cause = NULL;
	if ((rw == 0) != (rd == 0 && rg == 0))
		abort(); /* the parts and the whole disagree */
	if (rd == 0) {
		rm = plan_load_more(&d, NULL, PLAN_GUIDE, &cause);
		free(cause);
		if ((rm == 0) != (rg == 0))
			abort();
	}
	if (rw == 0) {
		same_str(whole.id, d.id);
		same_str(whole.title, d.title);
		same_str(whole.disclaimer, d.disclaimer);
		if (whole.ndays != d.ndays || whole.ndos != d.ndos ||
		    whole.nevening != d.nevening ||
		    whole.nhabits != d.nhabits || whole.bedtime != d.bedtime)
			abort();
		for (i = 0; i < whole.ndays; i++) {
			same_str(whole.days[i].task, d.days[i].task);
			same_str(whole.days[i].tip, d.days[i].tip);
			if (whole.days[i].nsteps != d.days[i].nsteps ||
			    whole.days[i].nrules != d.days[i].nrules)
				abort();
		}
		same_items(whole.triggers, whole.ntriggers, g.triggers,
		    g.ntriggers);
		same_items(whole.strategies, whole.nstrategies, g.strategies,
		    g.nstrategies);
		same_items(whole.facts, whole.nfacts, g.facts, g.nfacts);
		same_items(whole.facts, whole.nfacts, d.facts, d.nfacts);
		same_str(whole.doctor_advice, g.doctor_advice);
		same_str(whole.doctor_tell, g.doctor_tell);
		if (whole.nflags != g.nflags || g.ndays != 0 || g.id != NULL)
			abort();
		for (i = 0; i < whole.nflags; i++) {
			same_str(whole.flags[i].id, g.flags[i].id);
			same_str(whole.flags[i].question, g.flags[i].question);
			same_str(whole.flags[i].help, g.flags[i].help);
		}
		plan_free(&whole);
	}
	if (rd == 0)
		plan_free(&d);
	if (rg == 0)
		plan_free(&g);
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
	dir2 = xasprintf("%s/wd-fuzz-days.XXXXXX", tmp);
	if (mkdtemp(dir2) == NULL) {
		perror(dir2);
		exit(1);
	}
	days = xasprintf("%s/%s", dir2, PLAN_FILE_DAYS);
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
	write_all(days, data, size);
	check_parts();
	return 0;
}
