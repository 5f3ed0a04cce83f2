/* A cache of the validated plan, so the coach need not parse and check
 * the four plan files on every start. One file per (plan dir, override
 * dir) pair, keyed by the identity (device, inode, size, mtime, ctime) of
 * every file plan_load would read; any change, a truncated or corrupt
 * cache, or another winddown version is a miss, which loads the files
 * with plan_load and stores the result again. */
#ifndef WINDDOWN_PLANCACHE_H
#define WINDDOWN_PLANCACHE_H

#include <stdbool.h>
#include <time.h>
#include <stddef.h>

#include "winddown/plan.h"

#define PLANCACHE_FORMAT 2 /* bump when the file layout changes */

/* What plan_load_cached did, counted since the program started. */
struct plancache_stats {
	unsigned hits;   /* plan decoded from a cache file */
	unsigned misses; /* loaded with plan_load (cache absent or stale) */
	unsigned stores; /* cache files written */
	unsigned skips;  /* plans not stored: @include, files too new to
	                    trust their timestamps, or an unwritable dir */
};

/* Load the plan of dir (with overrides from override_dir, as plan_load)
 * from the cache file under cache_dir when every source file is
 * unchanged; else plan_load() it and, on success, store it in the cache
 * (best effort: a cache that cannot be written is silently skipped).
 * cache_dir NULL: no cache. now is the time read from the clock the
 * kernel stamps files with (CLOCK_REALTIME_COARSE); a plan file changed
 * within its current tick could change again unseen, so such a plan is
 * not stored; NULL: never store. Errors are exactly plan_load's. */
int  plan_load_cached(struct plan *, const char *dir,
    const char *override_dir, const char *cache_dir,
    const struct timespec *now, char **cause);

/* $XDG_CACHE_HOME/winddown (absolute XDG paths only), else
 * ~/.cache/winddown; NULL when neither can be found. */
char *plancache_dir(void);

/* The counters above. */
void plancache_stats(struct plancache_stats *);

/* For tests: decode the len bytes of a cache file for dir and
 * override_dir into p, as a hit would; 0, or -1 when they are not the
 * current plan. fix_sum first rewrites the header's length and checksum
 * to fit the bytes, so deliberately damaged data reaches every check of
 * the decoder behind them. */
int  plancache_decode(struct plan *, const char *dir,
    const char *override_dir, unsigned char *data, size_t len,
    bool fix_sum);

#endif
