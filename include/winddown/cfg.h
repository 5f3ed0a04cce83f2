/* libconfig 1.5 with its sharp edges filed off: files are opened by us
 * (so a missing file says why), size-limited, scanned for integers that
 * would wrap silently, NUL bytes and @include directives reaching outside
 * their directory, and every error reads "FILE:LINE: message". */
#ifndef WINDDOWN_CFG_H
#define WINDDOWN_CFG_H

#include <libconfig.h>
#include <stdbool.h>
#include <stddef.h>

#include "winddown/util.h"

/* Read a whole regular file of at most max bytes: fileio_read (see
 * fileio.h), for the readers of configuration files. */
int  cfg_read_file(const char *path, size_t max, char **text, size_t *len,
    char **cause);

/* Scan configuration text before libconfig sees it. include_root is the
 * directory @include may reach into, or NULL when @include is refused.
 * depth counts nested includes. */
int  cfg_prescan(const char *name, const char *text, size_t len,
    const char *include_root, int depth, char **cause);

/* libconfig does not check its allocations: out of memory it crashes
 * (or flex exits 2). Before it builds or parses a tree of about
 * settings settings holding bytes bytes of text, make sure that much
 * memory is there (an upper bound: CFG_SETTING_COST bytes a setting,
 * three times the text, and CFG_RESERVE_BASE), or exit 71 through
 * wd_oom. cfg_parse does this itself. */
#define CFG_SETTING_COST 128
#define CFG_RESERVE_BASE (128 * 1024)
#define CFG_RESERVE_PIECE (32 * 1024)
void cfg_reserve(size_t settings, size_t bytes);

/* Prescan and parse text into cfg; exits 71 (wd_oom) when the memory
 * the parse needs is not there. name is the file name for messages
 * and include_root as for cfg_prescan. */
int  cfg_parse(config_t *cfg, const char *name, const char *text,
    size_t len, const char *include_root, char **cause);

/* The same for part of a file that holds one group, `name = { ... };`:
 * of that group's members, only those named in the NULL-terminated
 * names (keep) or only those not named (!keep) are parsed; the others
 * keep only their newlines, so lines keep their numbers. The prescan
 * still reads the whole text. A file of any other shape (an @include,
 * more than one top-level setting, more than 64 members, text
 * libconfig would refuse around the members) is parsed whole. */
int  cfg_parse_members(config_t *cfg, const char *name, const char *text,
    size_t len, const char *include_root, const char *const *names,
    bool keep, char **cause);

/* Validation context: the file being read, and the first error. */
struct cfgctx {
	const char *name;
	char      **cause;
	int         failed;
	char        what[48]; /* prefix such as "day 3", or empty */
};

/* Set (or with NULL clear) the prefix of later messages. */
void cfg_what(struct cfgctx *, const char *, ...) WD_PRINTF(2, 3);

/* Record an error at setting s's line ("FILE:LINE: what: message");
 * only the first error of a context is kept. Returns -1. */
int  cfg_error(struct cfgctx *, const config_setting_t *s, const char *,
    ...) WD_PRINTF(3, 4);

/* Typed lookups of member `name` of group g. Each records an error and
 * returns -1 when the member is missing (unless optional, which returns
 * 0 and leaves *out alone... see below) or has the wrong type, is out of
 * range, or is text that is not valid UTF-8 or too long. Return 1 when
 * found, 0 when absent and optional. */
int  cfg_int(struct cfgctx *, const config_setting_t *g, const char *name,
    bool optional, long long min, long long max, long long *out);
int  cfg_bool(struct cfgctx *, const config_setting_t *g, const char *name,
    bool optional, bool *out);
/* Text of at most maxcp code points; *out is a new string. */
int  cfg_text(struct cfgctx *, const config_setting_t *g, const char *name,
    bool optional, size_t maxcp, bool allow_newline, char **out);
/* An id: 1..PLAN_MAX_ID bytes of [a-z0-9_-]. */
int  cfg_id(struct cfgctx *, const config_setting_t *g, const char *name,
    bool optional, char **out);
/* "HH:MM" into minutes. */
int  cfg_time(struct cfgctx *, const config_setting_t *g, const char *name,
    bool optional, int *out);
/* A list (or array) member with at most max elements; NULL when absent
 * (an error unless optional). */
config_setting_t *cfg_list(struct cfgctx *, const config_setting_t *g,
    const char *name, bool optional, int min, int max);
/* A group member; NULL when absent (an error unless optional). */
config_setting_t *cfg_group(struct cfgctx *, const config_setting_t *g,
    const char *name, bool optional);

/* Report the first member of group g whose name is not in the
 * NULL-terminated list known (a typo would otherwise be ignored). */
int  cfg_known(struct cfgctx *, const config_setting_t *g,
    const char *const *known);

/* True when the n bytes at s are a field name: [a-z][a-z0-9_]*, at most
 * PLAN_MAX_ID bytes. */
bool cfg_is_name(const char *s, size_t n);

/* True when s is a valid id string. */
bool cfg_is_id(const char *s);

#endif
