/* Reading libconfig files safely: our own open and size check, a scan for
 * what libconfig 1.5 gets silently wrong (and the outline of a one-group
 * file, to parse some of its members), and the parse. The typed lookups
 * are in cfg-get.c. */
#define _XOPEN_SOURCE 700 /* realpath */
#include "winddown/cfg.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sysexits.h>

#include "winddown/fileio.h"
#include "winddown/plan.h"

#define CFG_MAX_INCLUDE_DEPTH 8
#define CFG_MAX_NESTING       32 /* libconfig's parser stack gives out */

int
cfg_read_file(const char *path, size_t max, char **text, size_t *len,
    char **cause)
{
	return fileio_read(path, max, text, len, cause);
}

/* Check an @include's target: it must resolve inside root. */
static int
prescan_include(const char *name, int line, const char *target,
    const char *root, int depth, char **cause)
{
	char   *full, *real, *rroot;
	char   *text = NULL;
	size_t  len = 0, rlen;
	int     rc;

	if (root == NULL) {
		return wd_fail(cause, EX_DATAERR,
		    "%s:%d: @include is not allowed in this file", name, line);
	}
	if (depth >= CFG_MAX_INCLUDE_DEPTH) {
		return wd_fail(cause, EX_DATAERR,
		    "%s:%d: @include nested too deeply", name, line);
	}
	if (target[0] == '/')
		full = xstrdup(target);
	else
		full = xasprintf("%s/%s", root, target);
	rroot = realpath(root, NULL);
	real = realpath(full, NULL);
	free(full);
	if (rroot == NULL || real == NULL) {
		int e = errno;

		free(rroot);
		free(real);
		return wd_fail(cause, EX_DATAERR, "%s:%d: @include \"%s\": %s",
		    name, line, target, strerror(e));
	}
	rlen = strlen(rroot);
	if (strncmp(real, rroot, rlen) != 0 || real[rlen] != '/') {
		free(rroot);
		free(real);
		return wd_fail(cause, EX_DATAERR,
		    "%s:%d: @include \"%s\" reaches outside the plan directory",
		    name, line, target);
	}
	free(rroot);
	rc = cfg_read_file(real, PLAN_MAX_FILE, &text, &len, cause);
	if (rc != 0) {
		char *inner = *cause;

		*cause = xasprintf("%s:%d: @include: %s", name, line, inner);
		free(inner);
		if (rc == EX_NOINPUT)
			rc = EX_DATAERR;
	} else {
		rc = cfg_prescan(real, text, len, root, depth + 1, cause);
		free(text);
	}
	free(real);
	return rc;
}

/* Check one integer literal starting at s; *end receives its end. */
static int
prescan_number(const char *name, int line, const char *s, const char **end,
    char **cause)
{
	const char        *p = s;
	bool               neg = false, hex = false, big = false;
	unsigned long long v = 0, limit;
	int                digit;

	if (*p == '-' || *p == '+')
		neg = *p++ == '-';
	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
		hex = true;
		p += 2;
	}
	for (;; p++) {
		if (isdigit((unsigned char)*p))
			digit = *p - '0';
		else if (hex && isxdigit((unsigned char)*p))
			digit = tolower((unsigned char)*p) - 'a' + 10;
		else
			break;
		if (v > (ULLONG_MAX - (unsigned)digit) / (hex ? 16 : 10))
			big = true;
		else
			v = v * (hex ? 16 : 10) + (unsigned)digit;
	}
	if (!hex && (*p == '.' || *p == 'e' || *p == 'E')) {
		/* A float: libconfig reads these with strtod. */
		while (isalnum((unsigned char)*p) || *p == '.' ||
		    ((*p == '-' || *p == '+') && (p[-1] == 'e' || p[-1] == 'E')))
			p++;
		*end = p;
		return 0;
	}
	if (*p == 'L') {
		p++;
		if (*p == 'L')
			p++;
		limit = hex ? 0x7fffffffffffffffULL :
		    (neg ? 0x8000000000000000ULL : 0x7fffffffffffffffULL);
	} else
		limit = hex ? 0x7fffffffULL : (neg ? 0x80000000ULL : 0x7fffffffULL);
	*end = p;
	if (big) {
		return wd_fail(cause, EX_DATAERR,
		    "%s:%d: integer %.*s is out of range (more than 64 bits)",
		    name, line, (int)(p - s), s);
	}
	if (v > limit && p > s && p[-1] == 'L') {
		return wd_fail(cause, EX_DATAERR,
		    "%s:%d: integer %.*s is out of range (more than 64 bits)",
		    name, line, (int)(p - s), s);
	}
	if (v > limit) {
		return wd_fail(cause, EX_DATAERR,
		    "%s:%d: integer %.*s is out of range (libconfig would wrap "
		    "it; 64-bit values need an L suffix)", name, line,
		    (int)(p - s), s);
	}
	return 0;
}

/* The bytes that end a run of string text in the prescan. */
static const unsigned char prescan_string_stop[256] = {
	['\0'] = 1, ['\n'] = 1, ['"'] = 1, ['\\'] = 1,
};

/* A byte that may start a name (libconfig's [A-Za-z*], and '_'); the
 * ctype calls only for bytes above ASCII, which a locale may classify. */
static inline bool
prescan_name_start(unsigned char c)
{
	if (c < 0x80)
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    c == '_' || c == '*';
	return isalpha(c);
}

static inline bool
prescan_name_char(unsigned char c)
{
	if (c < 0x80)
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '_' || c == '*' || c == '-';
	return isalnum(c);
}

/* The outline of a file that is one group, `name = { member ... };`:
 * where each member of the group begins (its name) and where the group
 * closes. The prescan fills it while it reads; anything it does not
 * expect at the two outer levels (an @include, a second top-level
 * setting, a stray byte) marks it not ok, and the file is then parsed
 * whole. */
#define OUTLINE_MAX 64

enum outline_token { OT_NAME, OT_BOOL, OT_ASSIGN, OT_END, OT_STRING,
	OT_NUMBER, OT_OPEN, OT_CLOSE, OT_OTHER };
enum outline_top { TOP_START, TOP_NAMED, TOP_ASSIGNED, TOP_INSIDE,
	TOP_CLOSED, TOP_ENDED };
enum outline_member { MEM_NAME, MEM_ASSIGN, MEM_VALUE, MEM_AFTER,
	MEM_STRING /* after a string: another may follow */ };

struct outline {
	bool             ok;
	enum outline_top top;
	enum outline_member state; /* inside the group */
	int              n;
	size_t           start[OUTLINE_MAX]; /* each member's name */
	size_t           nlen[OUTLINE_MAX];
	size_t           close; /* the group's closing brace */
};

/* One token at depth 0 or 1 (for an opening bracket, the depth before
 * it; for a closing one, the depth after it). */
static void
outline_token(struct outline *o, int depth, enum outline_token t, char c,
    size_t at, size_t len)
{
	if (!o->ok)
		return;
	if (depth == 0) {
		if (o->top == TOP_START && t == OT_NAME)
			o->top = TOP_NAMED;
		else if (o->top == TOP_NAMED && t == OT_ASSIGN)
			o->top = TOP_ASSIGNED;
		else if (o->top == TOP_ASSIGNED && t == OT_OPEN && c == '{') {
			o->top = TOP_INSIDE;
			o->state = MEM_NAME;
		} else if (o->top == TOP_INSIDE && t == OT_CLOSE && c == '}' &&
		    (o->state == MEM_NAME || o->state >= MEM_AFTER)) {
			o->top = TOP_CLOSED;
			o->close = at;
		} else if (o->top == TOP_CLOSED && t == OT_END)
			o->top = TOP_ENDED;
		else
			o->ok = false;
		return;
	}
	if (depth != 1 || o->top != TOP_INSIDE) {
		o->ok = false;
		return;
	}
	switch (t) {
	case OT_NAME:
		if ((o->state != MEM_NAME && o->state < MEM_AFTER) ||
		    o->n == OUTLINE_MAX)
			break;
		o->start[o->n] = at;
		o->nlen[o->n++] = len;
		o->state = MEM_ASSIGN;
		return;
	case OT_ASSIGN:
		if (o->state != MEM_ASSIGN)
			break;
		o->state = MEM_VALUE;
		return;
	case OT_END:
		if (o->state < MEM_AFTER)
			break;
		o->state = MEM_NAME;
		return;
	case OT_STRING:
		if (o->state != MEM_VALUE && o->state != MEM_STRING)
			break;
		o->state = MEM_STRING;
		return;
	case OT_BOOL:
	case OT_NUMBER:
	case OT_OPEN:
		if (o->state != MEM_VALUE)
			break;
		o->state = MEM_AFTER;
		return;
	case OT_CLOSE: /* a member's list or group (opened in MEM_VALUE,
	                  so now MEM_AFTER), back at depth 1 */
		return;
	case OT_OTHER:
		break;
	}
	o->ok = false;
}

/* What a name-like token is to libconfig's scanner: a setting name
 * ([A-Za-z*][-A-Za-z0-9_*]*), a boolean (true or false, in any case), or
 * neither. */
static enum outline_token
outline_name(const char *s, size_t n)
{
	size_t i;

	if (!((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z') ||
	    s[0] == '*'))
		return OT_OTHER;
	for (i = 1; i < n; i++) {
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' &&
		    s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9') ||
		    s[i] == '-' || s[i] == '_' || s[i] == '*'))
			return OT_OTHER;
	}
	if ((n == 4 && strncasecmp(s, "true", 4) == 0) ||
	    (n == 5 && strncasecmp(s, "false", 5) == 0))
		return OT_BOOL;
	return OT_NAME;
}

#define OUTLINE(o, d, t, c, at, len) do {				\
	if ((o) != NULL && (d) <= 1)					\
		outline_token((o), (d), (t), (c), (at), (len));		\
} while (0)

static int prescan(const char *name, const char *text, size_t len,
    const char *include_root, int depth, struct outline *o, char **cause);

int
cfg_prescan(const char *name, const char *text, size_t len,
    const char *include_root, int depth, char **cause)
{
	return prescan(name, text, len, include_root, depth, NULL, cause);
}

/* One pass over the text, by the byte that starts each token: the
 * common ones (blanks, names, strings, numbers) in tight loops. With o,
 * also the outline of its two outer levels. */
static int
prescan(const char *name, const char *text, size_t len,
    const char *include_root, int depth, struct outline *o, char **cause)
{
	const char *p = text, *e = text + len, *end;
	int         line = 1, rc, depth_now = 0;

	while (p < e) {
		unsigned char c = (unsigned char)*p;

		switch (c) {
		case ' ': case '\t': case '\r':
			p++;
			break;
		case '=': case ':':
			OUTLINE(o, depth_now, OT_ASSIGN, c, 0, 0);
			p++;
			break;
		case ';': case ',':
			OUTLINE(o, depth_now, OT_END, c, 0, 0);
			p++;
			break;
		case '\0':
			return wd_fail(cause, EX_DATAERR,
			    "%s:%d: NUL byte in file", name, line);
		case '\n':
			line++;
			p++;
			break;
		case '/':
			if (p + 1 < e && p[1] == '*') {
				int start_line = line;

				if (strstr(p + 2, "*/") == NULL)
					return wd_fail(cause, EX_DATAERR,
					    "%s:%d: comment is not closed", name,
					    start_line);
				p += 2;
				while (p < e && !(p[0] == '*' && p + 1 < e &&
				    p[1] == '/')) {
					if (*p == '\0')
						break;
					line += *p++ == '\n';
				}
				p = p < e && *p != '\0' ? p + 2 : p;
				break;
			}
			if (!(p + 1 < e && p[1] == '/')) {
				OUTLINE(o, depth_now, OT_OTHER, c, 0, 0);
				p++;
				break;
			}
			/* FALLTHROUGH */
		case '#':
			while (p < e && *p != '\n' && *p != '\0')
				p++;
			break;
		case '"':
			OUTLINE(o, depth_now, OT_STRING, c, 0, 0);
			for (p++; p < e; p++) {
				while (p < e &&
				    !prescan_string_stop[(unsigned char)*p])
					p++;
				if (p >= e || *p == '"' || *p == '\0')
					break;
				if (*p == '\\' && p + 1 < e && p[1] != '\0')
					p++;
				line += *p == '\n';
			}
			if (p < e && *p == '"')
				p++;
			break;
		case '@': {
			const char *q = p + 1, *start;
			char       *target;

			if (o != NULL)
				o->ok = false;
			if (e - q < 7 || strncmp(q, "include", 7) != 0) {
				p++;
				break; /* libconfig will report it */
			}
			q += 7;
			while (q < e && (*q == ' ' || *q == '\t'))
				q++;
			if (q >= e || *q != '"') {
				return wd_fail(cause, EX_DATAERR,
				    "%s:%d: @include needs a quoted file name",
				    name, line);
			}
			start = ++q;
			while (q < e && *q != '"' && *q != '\n' && *q != '\0')
				q++;
			if (q >= e || *q != '"') {
				return wd_fail(cause, EX_DATAERR,
				    "%s:%d: @include needs a quoted file name",
				    name, line);
			}
			if (memchr(start, '\\', (size_t)(q - start)) != NULL) {
				/* libconfig would read escapes we do not. */
				return wd_fail(cause, EX_DATAERR,
				    "%s:%d: @include \"%.*s\": a file name may "
				    "not hold '\\'", name, line,
				    (int)(q - start), start);
			}
			target = xstrndup(start, (size_t)(q - start));
			rc = prescan_include(name, line, target, include_root,
			    depth, cause);
			free(target);
			if (rc != 0)
				return rc;
			p = q + 1;
			break;
		}
		case '(': case '{': case '[':
			OUTLINE(o, depth_now, OT_OPEN, c, 0, 0);
			if (++depth_now > CFG_MAX_NESTING)
				return wd_fail(cause, EX_DATAERR,
				    "%s:%d: lists and groups nested too deeply "
				    "(at most %d)", name, line, CFG_MAX_NESTING);
			p++;
			break;
		case ')': case '}': case ']':
			depth_now--;
			OUTLINE(o, depth_now, OT_CLOSE, c, (size_t)(p - text), 0);
			p++;
			break;
		case '-': case '+':
			if (!(p + 1 < e && p[1] >= '0' && p[1] <= '9')) {
				OUTLINE(o, depth_now, OT_OTHER, c, 0, 0);
				p++;
				break;
			}
			/* FALLTHROUGH */
		case '0': case '1': case '2': case '3': case '4':
		case '5': case '6': case '7': case '8': case '9':
			OUTLINE(o, depth_now, OT_NUMBER, c, 0, 0);
			rc = prescan_number(name, line, p, &end, cause);
			if (rc != 0)
				return rc;
			p = end;
			break;
		default:
			if (!prescan_name_start(c)) {
				OUTLINE(o, depth_now, OT_OTHER, c, 0, 0);
				p++;
				break;
			}
			end = p;
			for (p++; p < e && prescan_name_char((unsigned char)*p);
			    p++)
				;
			OUTLINE(o, depth_now, outline_name(end,
			    (size_t)(p - end)), c, (size_t)(end - text),
			    (size_t)(p - end));
			break;
		}
	}
	return 0;
}

void
cfg_reserve(size_t settings, size_t bytes)
{
	void  *head = NULL, **p;
	size_t need, got;

	if (settings > (SIZE_MAX - CFG_RESERVE_BASE) / 4 / CFG_SETTING_COST ||
	    bytes > (SIZE_MAX - CFG_RESERVE_BASE) / 4 / 3)
		wd_oom();
	need = settings * CFG_SETTING_COST + bytes * 3 + CFG_RESERVE_BASE;
	/* In pieces small enough to come from the heap, as libconfig's
	 * do: memory freed earlier and kept by malloc counts. */
	for (got = 0; got < need; got += CFG_RESERVE_PIECE) {
		if ((p = malloc(CFG_RESERVE_PIECE)) == NULL)
			break;
		*p = head;
		head = p;
	}
	while (head != NULL) {
		p = head;
		head = *p;
		free(p);
	}
	if (got < need)
		wd_oom();
}

/* The bytes a setting, list or group element follows. */
static const unsigned char cfg_setting_mark[256] = {
	['='] = 1, [':'] = 1, [','] = 1, ['('] = 1, ['{'] = 1, ['['] = 1,
};

/* Parse text that has been prescanned. */
static int
parse_text(config_t *cfg, const char *name, const char *text, size_t len,
    const char *include_root, char **cause)
{
	const char *file;
	size_t      i, settings = 0;
	int         rc;

	/* Every setting, list or group element follows one of these. */
	for (i = 0; i < len; i++)
		settings += cfg_setting_mark[(unsigned char)text[i]];
	cfg_reserve(settings + 1, len);
	if (include_root != NULL)
		config_set_include_dir(cfg, include_root);
	/* libconfig 1.5 needs a newline after a final comment. */
	if (len > 0 && text[len - 1] != '\n') {
		char *copy = xasprintf("%.*s\n", (int)len, text);

		rc = config_read_string(cfg, copy) == CONFIG_TRUE ? 0 : -1;
		free(copy);
	} else
		rc = config_read_string(cfg, text) == CONFIG_TRUE ? 0 : -1;
	if (rc != 0) {
		/* libconfig names an included file as written: make it a
		 * path the user can open. */
		file = config_error_file(cfg);
		if (file != NULL && file[0] != '/' && include_root != NULL)
			return wd_fail(cause, EX_DATAERR, "%s/%s:%d: %s",
			    include_root, file, config_error_line(cfg),
			    config_error_text(cfg));
		return wd_fail(cause, EX_DATAERR, "%s:%d: %s",
		    file != NULL ? file : name, config_error_line(cfg),
		    config_error_text(cfg));
	}
	return 0;
}

int
cfg_parse(config_t *cfg, const char *name, const char *text, size_t len,
    const char *include_root, char **cause)
{
	int rc;

	rc = cfg_prescan(name, text, len, include_root, 0, cause);
	if (rc != 0)
		return rc;
	return parse_text(cfg, name, text, len, include_root, cause);
}

/* Is the n-byte name s in the NULL-terminated list? */
static bool
listed(const char *const *names, const char *s, size_t n)
{
	for (; *names != NULL; names++) {
		if (strlen(*names) == n && memcmp(*names, s, n) == 0)
			return true;
	}
	return false;
}

int
cfg_parse_members(config_t *cfg, const char *name, const char *text,
    size_t len, const char *include_root, const char *const *names,
    bool keep, char **cause)
{
	struct outline o = { .ok = true };
	char          *cut, *q;
	size_t         at, end;
	int            rc, k;

	rc = prescan(name, text, len, include_root, 0, &o, cause);
	if (rc != 0)
		return rc;
	if (!o.ok || (o.top != TOP_CLOSED && o.top != TOP_ENDED))
		return parse_text(cfg, name, text, len, include_root, cause);
	/* The members left out keep only their newlines, so that every
	 * line of the rest keeps its number. */
	q = cut = xmalloc(len + 1);
	at = o.n > 0 ? o.start[0] : o.close;
	memcpy(q, text, at);
	q += at;
	for (k = 0; k < o.n; k++) {
		at = o.start[k];
		end = k + 1 < o.n ? o.start[k + 1] : o.close;
		if (listed(names, text + at, o.nlen[k]) == keep) {
			memcpy(q, text + at, end - at);
			q += end - at;
		} else {
			for (; at < end; at++) {
				if (text[at] == '\n')
					*q++ = '\n';
			}
		}
	}
	memcpy(q, text + o.close, len - o.close);
	q += len - o.close;
	*q = '\0';
	rc = parse_text(cfg, name, cut, (size_t)(q - cut), include_root,
	    cause);
	free(cut);
	return rc;
}
