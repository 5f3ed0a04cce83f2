/* Allocation wrappers, formatted strings and UTF-8 checks. */
#include "winddown/util.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void (*wd_fatal_hook)(void);

/* Report out-of-memory and exit; restores the terminal through the hook. */
void
wd_oom(void)
{
	static const char msg[] = "winddown: out of memory\n";

	if (wd_fatal_hook != NULL)
		wd_fatal_hook();
	if (write(STDERR_FILENO, msg, sizeof msg - 1) < 0) {
		/* nothing more can be done */
	}
	exit(71); /* EX_OSERR */
}

void *
xmalloc(size_t n)
{
	void *p = malloc(n == 0 ? 1 : n);

	if (p == NULL)
		wd_oom();
	return p;
}

void *
xcalloc(size_t n, size_t size)
{
	void *p = calloc(n == 0 ? 1 : n, size == 0 ? 1 : size);

	if (p == NULL)
		wd_oom();
	return p;
}

void *
xreallocarray(void *old, size_t n, size_t size)
{
	void *p;

	if (size != 0 && n > SIZE_MAX / size)
		wd_oom();
	p = realloc(old, n * size == 0 ? 1 : n * size);
	if (p == NULL)
		wd_oom();
	return p;
}

char *
xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *
xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
xvasprintf(const char *fmt, va_list ap)
{
	va_list ap2;
	int     n;
	char   *p;

	va_copy(ap2, ap);
	n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		wd_oom();
	p = xmalloc((size_t)n + 1);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	return p;
}

char *
xasprintf(const char *fmt, ...)
{
	va_list ap;
	char   *p;

	va_start(ap, fmt);
	p = xvasprintf(fmt, ap);
	va_end(ap);
	return p;
}

int
wd_fail(char **cause, int ret, const char *fmt, ...)
{
	va_list ap;

	if (cause == NULL)
		return ret;
	free(*cause);
	va_start(ap, fmt);
	*cause = xvasprintf(fmt, ap);
	va_end(ap);
	return ret;
}

size_t
utf8_decode(const char *str, size_t n, uint32_t *cp)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t               len, k;

	if (n == 0)
		return 0;
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		len = 2;
		*cp = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		len = 3;
		*cp = s[0] & 0x0f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		len = 4;
		*cp = s[0] & 0x07;
	} else
		return 0;
	if (len > n)
		return 0;
	for (k = 1; k < len; k++) {
		if ((s[k] & 0xc0) != 0x80)
			return 0;
		*cp = (*cp << 6) | (s[k] & 0x3f);
	}
	if ((len == 3 && *cp < 0x800) || (len == 4 && *cp < 0x10000) ||
	    *cp > 0x10ffff || (*cp >= 0xd800 && *cp <= 0xdfff))
		return 0;
	return len;
}

bool
utf8_control(uint32_t cp)
{
	return cp < 0x20 || (cp >= 0x7f && cp < 0xa0);
}

bool
utf8_valid(const char *s, size_t n, bool allow_newline)
{
	size_t   i = 0, len;
	uint32_t cp;

	while (i < n) {
		/* Printable ASCII, most of any text, without decoding. */
		if ((unsigned char)s[i] >= 0x20 && (unsigned char)s[i] < 0x7f) {
			i++;
			continue;
		}
		if ((len = utf8_decode(s + i, n - i, &cp)) == 0)
			return false;
		if (utf8_control(cp) &&
		    (!allow_newline || (cp != '\n' && cp != '\t')))
			return false;
		i += len;
	}
	return true;
}

const char *
utf8_problem(const char *s, size_t n, bool allow_newline)
{
	size_t i;

	if (utf8_valid(s, n, allow_newline))
		return NULL;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if ((c < 0x20 && !(allow_newline && (c == '\n' ||
		    c == '\t'))) || c == 0x7f)
			return "holds control characters";
		/* U+0080..U+009F, the C1 controls. */
		if (c == 0xc2 && i + 1 < n && (unsigned char)s[i + 1] >= 0x80 &&
		    (unsigned char)s[i + 1] <= 0x9f)
			return "holds control characters";
	}
	return "is not valid UTF-8 text";
}

void
wd_sanitize(char *s, bool keep_newline)
{
	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;

		if ((c < 0x20 && !(keep_newline && c == '\n')) || c == 0x7f)
			*s = '?';
	}
}

size_t
utf8_len(const char *s)
{
	size_t n = 0;

	for (; *s != '\0'; s++) {
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
	}
	return n;
}

/* ASCII for the Latin-1 letters U+00C0..U+00FF, in order. */
static const char *const utf8_latin1[64] = {
	"A", "A", "A", "A", "A", "A", "AE", "C", "E", "E", "E", "E",
	"I", "I", "I", "I", "D", "N", "O", "O", "O", "O", "O", "x",
	"O", "U", "U", "U", "U", "Y", "Th", "ss",
	"a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e",
	"i", "i", "i", "i", "d", "n", "o", "o", "o", "o", "o", "/",
	"o", "u", "u", "u", "u", "y", "th", "y",
};

/* ASCII for one code point, or NULL for none known. */
static const char *
utf8_ascii_one(uint32_t cp)
{
	if (cp >= 0xc0 && cp <= 0xff)
		return utf8_latin1[cp - 0xc0];
	switch (cp) {
	case 0xa0: case 0x2002: case 0x2003: case 0x2009: case 0x202f:
		return " ";
	case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2212:
		return "-";
	case 0x2014: case 0x2015:
		return "--";
	case 0x2018: case 0x2019: case 0x201a: case 0x2032: case 0xb4:
		return "'";
	case 0x201c: case 0x201d: case 0x201e: case 0x2033:
		return "\"";
	case 0xab:
		return "<<";
	case 0xbb:
		return ">>";
	case 0x2026:
		return "...";
	case 0xb7: case 0x2022: case 0x2219:
		return "*";
	case 0xb0:
		return " deg";
	case 0xbd:
		return "1/2";
	case 0xbc:
		return "1/4";
	case 0xbe:
		return "3/4";
	case 0x2190:
		return "<-";
	case 0x2192:
		return "->";
	case 0x2191:
		return "^";
	case 0x2193:
		return "v";
	case 0x2264:
		return "<=";
	case 0x2265:
		return ">=";
	case 0x2248:
		return "~";
	case 0x2713: case 0x2714:
		return "x";
	case 0x152:
		return "OE";
	case 0x153:
		return "oe";
	default:
		return NULL;
	}
}

char *
utf8_ascii(const char *s)
{
	struct buf b = { 0 };
	size_t     n = strlen(s), i = 0, len;
	uint32_t   cp;

	buf_add(&b, "", 0);
	while (i < n) {
		const char *a;

		if ((unsigned char)s[i] < 0x80) {
			buf_add(&b, s + i, 1);
			i++;
			continue;
		}
		if ((len = utf8_decode(s + i, n - i, &cp)) == 0) {
			buf_add(&b, "?", 1);
			i++;
			continue;
		}
		a = utf8_ascii_one(cp);
		buf_puts(&b, a != NULL ? a : "?");
		i += len;
	}
	return b.data;
}

void
buf_add(struct buf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap == 0 ? 256 : b->cap;

		while (cap < b->len + n + 1)
			cap *= 2;
		b->data = xreallocarray(b->data, cap, 1);
		b->cap = cap;
	}
	memcpy(b->data + b->len, s, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void
buf_puts(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

void
buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	char   *s;

	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	buf_puts(b, s);
	free(s);
}

void
buf_free(struct buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

void
wd_duration(int s, char *out, size_t len)
{
	if (s >= 3600)
		snprintf(out, len, "%d:%02d:%02d", s / 3600, s / 60 % 60,
		    s % 60);
	else
		snprintf(out, len, "%d:%02d", s / 60, s % 60);
}

int
hhmm_parse(const char *s)
{
	int h, m;

	if (s == NULL || strlen(s) != 5 || s[2] != ':')
		return -1;
	if (s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9' ||
	    s[3] < '0' || s[3] > '9' || s[4] < '0' || s[4] > '9')
		return -1;
	h = (s[0] - '0') * 10 + (s[1] - '0');
	m = (s[3] - '0') * 10 + (s[4] - '0');
	if (h > 23 || m > 59)
		return -1;
	return h * 60 + m;
}

void
hhmm_format(int minutes, char *out)
{
	minutes %= 24 * 60;
	if (minutes < 0)
		minutes += 24 * 60;
	snprintf(out, 6, "%02d:%02d", minutes / 60, minutes % 60);
}
