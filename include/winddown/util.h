/* Small helpers shared by the core and the UI: allocation that cannot fail,
 * formatted strings, UTF-8 checks. No curses here. */
#ifndef WINDDOWN_UTIL_H
#define WINDDOWN_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define WD_VERSION "0.1.0"

#if defined(__GNUC__)
#define WD_PRINTF(a, b) __attribute__((format(printf, a, b)))
#define WD_NORETURN __attribute__((noreturn))
#else
#define WD_PRINTF(a, b)
#define WD_NORETURN
#endif

#define WD_NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* Called by the allocation wrappers before they exit on out-of-memory, so
 * the UI can restore the terminal first. */
extern void (*wd_fatal_hook)(void);

void *xmalloc(size_t);
void *xcalloc(size_t, size_t);
void *xreallocarray(void *, size_t, size_t);
char *xstrdup(const char *);
char *xstrndup(const char *, size_t);
char *xasprintf(const char *, ...) WD_PRINTF(1, 2);
char *xvasprintf(const char *, va_list) WD_PRINTF(1, 0);
void  wd_oom(void) WD_NORETURN;

/* Set *cause (if cause is not NULL) to a new formatted string, freeing any
 * earlier one; returns the value passed in ret so it can end a statement:
 * `return wd_fail(cause, EX_DATAERR, "...")`. */
int wd_fail(char **cause, int ret, const char *, ...) WD_PRINTF(3, 4);

/* Decode the UTF-8 sequence at s, of at most n bytes: its length, with
 * its code point in *cp; 0 when n is 0 or the sequence is not well formed
 * (a continuation or invalid lead byte, a sequence cut short, a bad
 * continuation byte, an overlong form, a surrogate, above U+10FFFF).
 * The one UTF-8 decoder: control characters decode like any other. */
size_t utf8_decode(const char *s, size_t n, uint32_t *cp);

/* True for the control characters: C0, DEL and C1. */
bool utf8_control(uint32_t cp);

/* True when the n bytes at s are well-formed UTF-8 (no overlongs, no
 * surrogates, nothing above U+10FFFF) with no control characters other
 * than those allowed by allow_newline (\n and \t). */
bool utf8_valid(const char *s, size_t n, bool allow_newline);

/* Why text fails utf8_valid: NULL when it does not, else a phrase for
 * a message ("is not valid UTF-8 text", "holds control characters"). */
const char *utf8_problem(const char *s, size_t n, bool allow_newline);

/* Replace control characters in s (all but \n when keep_newline) with
 * '?', so text from a file cannot drive the terminal. */
void wd_sanitize(char *s, bool keep_newline);

/* Number of code points in a valid UTF-8 string. */
size_t utf8_len(const char *s);

/* s transliterated to ASCII, newly allocated: dashes to '-', quotes to
 * ' and ", the ellipsis to "...", Latin-1 letters without their
 * accents, arrows to "->" and the like; any other character, and a
 * byte that is not UTF-8, to '?'. For terminals and output in a locale
 * that is not UTF-8. */
char *utf8_ascii(const char *s);

/* A growable byte buffer. */
struct buf {
	char  *data;
	size_t len;
	size_t cap;
};
void buf_add(struct buf *, const char *, size_t);
void buf_puts(struct buf *, const char *);
void buf_printf(struct buf *, const char *, ...) WD_PRINTF(2, 3);
void buf_free(struct buf *);

/* Format seconds as m:ss, or h:mm:ss from an hour. */
void wd_duration(int seconds, char *out, size_t len);

/* Parse "HH:MM" (00:00..23:59) into minutes after midnight; -1 if bad. */
int  hhmm_parse(const char *);
/* Format minutes after midnight (any value, taken modulo a day) as HH:MM
 * into out (at least 6 bytes). */
void hhmm_format(int minutes, char *out);

#endif
