/* Typed lookups in a parsed libconfig file whose errors name file and
 * line ("FILE:LINE: what: message"), and the validation context that
 * keeps the first error. The reading and the parse are in cfg.c. */
#include "winddown/cfg.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "winddown/plan.h"
#include "winddown/util.h"

void
cfg_what(struct cfgctx *ctx, const char *fmt, ...)
{
	va_list ap;

	if (fmt == NULL) {
		ctx->what[0] = '\0';
		return;
	}
	va_start(ap, fmt);
	vsnprintf(ctx->what, sizeof ctx->what, fmt, ap);
	va_end(ap);
}

int
cfg_error(struct cfgctx *ctx, const config_setting_t *s, const char *fmt,
    ...)
{
	const char *file = NULL;
	char       *msg, *path = NULL;
	const char *slash;
	va_list     ap;
	int         line = 0;

	if (ctx->failed)
		return -1;
	ctx->failed = 1;
	if (s != NULL) {
		file = config_setting_source_file(s);
		line = config_setting_source_line(s);
	}
	if (file == NULL)
		file = ctx->name;
	else if (file[0] != '/' && (slash = strrchr(ctx->name, '/')) != NULL) {
		/* An included file, named as written: give its path. */
		path = xasprintf("%.*s/%s", (int)(slash - ctx->name), ctx->name,
		    file);
		file = path;
	}
	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	if (line > 0) {
		wd_fail(ctx->cause, EX_DATAERR, "%s:%d: %s%s%s", file, line,
		    ctx->what, ctx->what[0] != '\0' ? ": " : "", msg);
	} else {
		wd_fail(ctx->cause, EX_DATAERR, "%s: %s%s%s", file,
		    ctx->what, ctx->what[0] != '\0' ? ": " : "", msg);
	}
	free(path);
	free(msg);
	return -1;
}

/* Find member name of g, or report it missing. */
static config_setting_t *
member(struct cfgctx *ctx, const config_setting_t *g, const char *name,
    bool optional)
{
	config_setting_t *s = config_setting_get_member(g, name);

	if (s == NULL && !optional)
		cfg_error(ctx, g, "missing '%s'", name);
	return s;
}

/* Member name of g as text in quotes: 1 with *sp and *v set, 0 when it
 * is optional and missing, -1 after an error. */
static int
member_string(struct cfgctx *ctx, const config_setting_t *g,
    const char *name, bool optional, config_setting_t **sp, const char **v)
{
	config_setting_t *s = member(ctx, g, name, optional);

	if (s == NULL)
		return optional ? 0 : -1;
	if (config_setting_type(s) != CONFIG_TYPE_STRING) {
		cfg_error(ctx, s, "'%s' must be text in quotes", name);
		return -1;
	}
	*sp = s;
	*v = config_setting_get_string(s);
	return 1;
}

int
cfg_int(struct cfgctx *ctx, const config_setting_t *g, const char *name,
    bool optional, long long min, long long max, long long *out)
{
	config_setting_t *s = member(ctx, g, name, optional);
	long long         v;
	int               type;

	if (s == NULL)
		return optional ? 0 : -1;
	type = config_setting_type(s);
	if (type != CONFIG_TYPE_INT && type != CONFIG_TYPE_INT64)
		return cfg_error(ctx, s, "'%s' must be a whole number", name);
	v = config_setting_get_int64(s);
	if (v < min || v > max) {
		return cfg_error(ctx, s, "'%s' is %lld; it must be %lld to %lld",
		    name, v, min, max);
	}
	*out = v;
	return 1;
}

int
cfg_bool(struct cfgctx *ctx, const config_setting_t *g, const char *name,
    bool optional, bool *out)
{
	config_setting_t *s = member(ctx, g, name, optional);

	if (s == NULL)
		return optional ? 0 : -1;
	if (config_setting_type(s) != CONFIG_TYPE_BOOL)
		return cfg_error(ctx, s, "'%s' must be true or false", name);
	*out = config_setting_get_bool(s);
	return 1;
}

/* Validate a string value: UTF-8, no control characters, length. */
static int
check_text(struct cfgctx *ctx, const config_setting_t *s, const char *name,
    const char *v, size_t maxcp, bool allow_newline)
{
	const char *why = utf8_problem(v, strlen(v), allow_newline);
	size_t      n;

	if (why != NULL)
		return cfg_error(ctx, s, "'%s' %s", name, why);
	n = utf8_len(v);
	if (n > maxcp) {
		return cfg_error(ctx, s,
		    "'%s' is too long (%zu characters; at most %zu)", name, n,
		    maxcp);
	}
	return 0;
}

int
cfg_text(struct cfgctx *ctx, const config_setting_t *g, const char *name,
    bool optional, size_t maxcp, bool allow_newline, char **out)
{
	config_setting_t *s = NULL;
	const char       *v = NULL;
	int               rc;

	if ((rc = member_string(ctx, g, name, optional, &s, &v)) <= 0)
		return rc;
	if (check_text(ctx, s, name, v, maxcp, allow_newline) != 0)
		return -1;
	if (v[0] == '\0' && !optional)
		return cfg_error(ctx, s, "'%s' is empty", name);
	*out = xstrdup(v);
	return 1;
}

bool
cfg_is_name(const char *s, size_t n)
{
	size_t i;

	if (n == 0 || n > PLAN_MAX_ID)
		return false;
	for (i = 0; i < n; i++) {
		if (!((s[i] >= 'a' && s[i] <= 'z') || s[i] == '_' ||
		    (i > 0 && s[i] >= '0' && s[i] <= '9')))
			return false;
	}
	return true;
}

bool
cfg_is_id(const char *s)
{
	size_t n = strlen(s), i;

	if (n == 0 || n > PLAN_MAX_ID)
		return false;
	for (i = 0; i < n; i++) {
		if (!(islower((unsigned char)s[i]) || isdigit((unsigned char)s[i])
		    || s[i] == '-' || s[i] == '_'))
			return false;
	}
	return true;
}

int
cfg_id(struct cfgctx *ctx, const config_setting_t *g, const char *name,
    bool optional, char **out)
{
	config_setting_t *s = NULL;
	const char       *v = NULL;
	int               rc;

	if ((rc = member_string(ctx, g, name, optional, &s, &v)) <= 0)
		return rc;
	if (!cfg_is_id(v)) {
		return cfg_error(ctx, s,
		    "'%s' must be 1-%d characters of a-z, 0-9, '-' and '_'",
		    name, PLAN_MAX_ID);
	}
	*out = xstrdup(v);
	return 1;
}

int
cfg_time(struct cfgctx *ctx, const config_setting_t *g, const char *name,
    bool optional, int *out)
{
	config_setting_t *s = member(ctx, g, name, optional);
	int               v;

	if (s == NULL)
		return optional ? 0 : -1;
	if (config_setting_type(s) != CONFIG_TYPE_STRING ||
	    (v = hhmm_parse(config_setting_get_string(s))) < 0)
		return cfg_error(ctx, s, "'%s' must be a time \"HH:MM\"", name);
	*out = v;
	return 1;
}

config_setting_t *
cfg_list(struct cfgctx *ctx, const config_setting_t *g, const char *name,
    bool optional, int min, int max)
{
	config_setting_t *s = member(ctx, g, name, optional);
	int               n;

	if (s == NULL)
		return NULL;
	if (!config_setting_is_aggregate(s) || config_setting_is_group(s)) {
		cfg_error(ctx, s, "'%s' must be a list ( ... )", name);
		return NULL;
	}
	n = config_setting_length(s);
	if (n < min || n > max) {
		if (min == max)
			cfg_error(ctx, s, "'%s' must have %d entries, not %d",
			    name, min, n);
		else
			cfg_error(ctx, s,
			    "'%s' must have %d to %d entries, not %d", name,
			    min, max, n);
		return NULL;
	}
	return s;
}

config_setting_t *
cfg_group(struct cfgctx *ctx, const config_setting_t *g, const char *name,
    bool optional)
{
	config_setting_t *s = member(ctx, g, name, optional);

	if (s == NULL)
		return NULL;
	if (!config_setting_is_group(s)) {
		cfg_error(ctx, s, "'%s' must be a group { ... }", name);
		return NULL;
	}
	return s;
}

int
cfg_known(struct cfgctx *ctx, const config_setting_t *g,
    const char *const *known)
{
	int i, k, n = config_setting_length(g);

	for (i = 0; i < n; i++) {
		config_setting_t *s = config_setting_get_elem(g, (unsigned)i);
		const char       *name = config_setting_name(s);

		if (name == NULL)
			continue;
		for (k = 0; known[k] != NULL; k++) {
			if (strcmp(known[k], name) == 0)
				break;
		}
		if (known[k] == NULL)
			return cfg_error(ctx, s, "unknown setting '%s'", name);
	}
	return 0;
}
