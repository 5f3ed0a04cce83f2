/* Private to the state's modules (state.c, state-load.c, state-save.c):
 * what loading and saving share. Not part of the core's interface. */
#ifndef WINDDOWN_STATE_INT_H
#define WINDDOWN_STATE_INT_H

#include <stddef.h>

#include "winddown/state.h"

#define KV_MAX_TEXT 4000 /* code points in one stored value */

/* state.c */
/* The month index of a date: y * 12 + m - 1; and the first date of
 * month index mi. */
int  month_of(int date);
int  month_start(int mi);
void week_free(struct week *);
/* A deep copy of src into the uninitialised dst. */
void week_copy(struct week *dst, const struct week *src);

/* state-load.c */
/* FNV-1a: enough to tell a file we would write from the one we read. */
unsigned long long hash_bytes(const char *, size_t);
/* How file key (a month index or STATE_KEY_*) was read; NULL if not. */
const struct state_file *find_file(const struct state *, int key);
/* The path of a file in PATH.d: a month's, or STATE_KEY_WEEKS. */
char *side_path(const char *path, int key);
/* Load one side file (a month, or the weeks) into st. */
int  load_side(struct state *, const char *path, int key, char **cause);

#endif
