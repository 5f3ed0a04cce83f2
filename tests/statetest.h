/* Fixtures shared by the suites that save states: check_state.c and
 * check_fileio.c. */
#ifndef WINDDOWN_STATETEST_H
#define WINDDOWN_STATETEST_H

#include "testutil.h"

#include <stdbool.h>
#include <stddef.h>

#include "winddown/day.h"
#include "winddown/state.h"

#define D(y, m, d) day_from_ymd((y), (m), (d))
#define T0 1772480000LL /* a fixed moment in March 2026 */

extern char *base;  /* per test case, made in the runner's process */
extern char *dir;   /* per test, inside base */
extern char *spath; /* dir/state.cfg */
/* The file's bytes before a child runs: kept in a global so that a child
 * exiting under valgrind does not report the parent's buffer as lost. */
extern char *snapshot;

/* Files. */
void  spew_text(const char *path, const char *text);
/* The main file and every file in PATH.d, in name order, as one text
 * with a header line before each. */
char *slurp_tree(const char *path, size_t *lenp);
/* Files in d whose name holds ".tmp." (a save's temp file). */
int   count_temps(const char *d);
bool  exists(const char *path);

/* Fixtures: base for a test case (unchecked), dir and spath for each
 * test (checked). */
void  setup_base(void);
void  teardown_base(void);
void  setup_dir(void);
void  teardown_dir(void);

/* A night with every kind of value; a state with everything in it. */
void  fill_night(struct night *, int k);
void  fill(struct state *);
/* Check b holds all a holds, as loaded. */
void  same_state(const struct state *a, const struct state *b);
void  save_ok(const struct state *, const char *path);
void  load_ok(struct state *, const char *path);

/* Changes for state_update: 100 nights from 2025-01-01, more than a
 * 2 KiB file holds; a tick (or c->rc, refusing), counting calls. */
struct change {
	int calls;
	int rc;
	int day, step;
};
int   nights_change(struct state *, void *ctx, char **cause);
int   tick_change(struct state *, void *ctx, char **cause);

#endif
