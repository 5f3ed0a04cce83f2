/* Pure load + save of a state file through libwinddown.a, without the
 * program around it (no plan, no exec, no dynamic loading):
 *
 *   loadsave STATE OUT RUNS
 *
 * loads STATE and saves it to OUT (atomic and durable: temp file, fsync,
 * rename, directory fsync) RUNS times, printing "LOAD_MS SAVE_MS" a run.
 * Built by tests/bench/run.sh. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "winddown/state.h"

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

int
main(int argc, char **argv)
{
	struct state st;
	char        *cause = NULL;
	double       t0, t1, t2;
	int          i, runs;

	if (argc != 4) {
		fprintf(stderr, "usage: loadsave STATE OUT RUNS\n");
		return 1;
	}
	runs = atoi(argv[3]);
	for (i = 0; i < runs; i++) {
		state_init(&st);
		t0 = now_ms();
		if (state_load(&st, argv[1], &cause) != 0) {
			fprintf(stderr, "loadsave: %s\n", cause);
			return 1;
		}
		t1 = now_ms();
		if (state_save(&st, argv[2], &cause) != 0) {
			fprintf(stderr, "loadsave: %s\n", cause);
			return 1;
		}
		t2 = now_ms();
		state_free(&st);
		printf("%.3f %.3f\n", t1 - t0, t2 - t1);
	}
	return 0;
}
