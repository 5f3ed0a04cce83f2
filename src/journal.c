/* Journal values: typed parsing and checking of what is typed for a field,
 * formatting back to text, and the derived sleep-diary measures. */
#include "winddown/journal.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sysexits.h>

#include "winddown/day.h"
#include "winddown/util.h"

#define JOURNAL_SHOW_MAX 32 /* code points of a bad value echoed back */

static const char *journal_yes[] = { "yes", "y", "true", "1" };
static const char *journal_no[] = { "no", "n", "false", "0" };

/* True for the blanks trimmed around a value. */
static int
journal_isblank(int c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* The value without surrounding blanks: start in *start, length
 * returned. */
static size_t
journal_trim(const char *text, const char **start)
{
	const char *s = text, *e;

	while (journal_isblank((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && journal_isblank((unsigned char)e[-1]))
		e--;
	*start = s;
	return (size_t)(e - s);
}

/* A bad value made safe to echo in a message: bytes that are not
 * printable UTF-8 become '?', and long values are cut with "...". */
static char *
journal_show(const char *s, size_t n)
{
	struct buf b = { NULL, 0, 0 };
	size_t     i = 0, len, points = 0;
	uint32_t   cp;

	buf_add(&b, "", 0);
	while (i < n) {
		if (points == JOURNAL_SHOW_MAX) {
			buf_puts(&b, "...");
			break;
		}
		len = utf8_decode(s + i, n - i, &cp);
		if (len == 0 || utf8_control(cp)) {
			buf_add(&b, "?", 1);
			i++;
		} else {
			buf_add(&b, s + i, len);
			i += len;
		}
		points++;
	}
	return b.data;
}

/* True when the n bytes at s equal word, ignoring ASCII case. */
static bool
journal_word(const char *s, size_t n, const char *word)
{
	return strlen(word) == n && strncasecmp(s, word, n) == 0;
}

/* 1 when the n bytes at s are a yes word, 0 a no word (any case), else
 * -1. */
static int
journal_yesno_word(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < WD_NELEM(journal_yes); i++) {
		if (journal_word(s, n, journal_yes[i]))
			return 1;
		if (journal_word(s, n, journal_no[i]))
			return 0;
	}
	return -1;
}

int
journal_yesno(const char *text)
{
	const char *s;
	size_t      n;

	n = journal_trim(text == NULL ? "" : text, &s);
	return journal_yesno_word(s, n);
}

/* Parse "HH:MM" or "H:MM" into minutes after midnight; -1 if bad. */
static int
journal_parse_hhmm(const char *s, size_t n)
{
	char tmp[6];

	if (n == 4 && s[1] == ':') {
		tmp[0] = '0';
		memcpy(tmp + 1, s, 4);
	} else if (n == 5)
		memcpy(tmp, s, 5);
	else
		return -1;
	tmp[5] = '\0';
	return hhmm_parse(tmp);
}

/* Parse a whole number with an optional minus sign: 0, -1 when it is not
 * a number, 1 when it is one but does not fit a long long. */
static int
journal_parse_number(const char *s, size_t n, long long *out)
{
	unsigned long long v = 0, limit = LLONG_MAX;
	size_t             i = 0;
	int                digits = 0;

	if (n > 0 && s[0] == '-') {
		limit = (unsigned long long)LLONG_MAX + 1;
		i++;
	}
	if (i == n)
		return -1;
	for (; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		if (digits == 0 && s[i] == '0')
			continue; /* leading zeros */
		if (++digits <= 19)
			v = v * 10 + (unsigned long long)(s[i] - '0');
	}
	if (digits > 19 || v > limit)
		return 1;
	if (s[0] != '-')
		*out = (long long)v;
	else if (v == limit)
		*out = LLONG_MIN;
	else
		*out = -(long long)v;
	return 0;
}

/* Fill out with a copy of the field's name and the given type. */
static void
journal_kv_init(struct kv *out, const char *name, enum kv_type type)
{
	memset(out, 0, sizeof *out);
	out->name = xstrdup(name);
	out->type = type;
}

/* The accepted form of a field, for hints and messages. */
char *
journal_hint(const struct journal_field *f)
{
	struct buf b = { NULL, 0, 0 };
	int        i;

	switch (f->type) {
	case FIELD_TIME:
		return xstrdup(f->none ? "HH:MM or none" : "HH:MM");
	case FIELD_COUNT:
		return xasprintf("a whole number %d-%d", f->min, f->max);
	case FIELD_SCALE:
		return xasprintf("%d-%d", f->min, f->max);
	case FIELD_YESNO:
		return xstrdup("yes or no");
	case FIELD_CHOICE:
		buf_puts(&b, "one of ");
		for (i = 0; i < f->nchoices; i++)
			buf_printf(&b, "%s%s", i == 0 ? "" : ", ",
			    f->choices[i]);
		return b.data;
	case FIELD_TEXT:
		return xasprintf("text, at most %d characters", f->max);
	}
	return xstrdup("?");
}

/* Parse a time value. */
static int
journal_parse_time(const struct journal_field *f, const char *s, size_t n,
    struct kv *out, char **cause)
{
	char  hhmm[6], *show;
	int   m;

	if (f->none && journal_word(s, n, JOURNAL_NONE)) {
		journal_kv_init(out, f->name, KV_STR);
		out->s = xstrdup(JOURNAL_NONE);
		return 0;
	}
	if ((m = journal_parse_hhmm(s, n)) < 0) {
		show = journal_show(s, n);
		wd_fail(cause, EX_DATAERR, "%s: %s is not a time (use %s)",
		    f->name, show, f->none ? "HH:MM or none" : "HH:MM");
		free(show);
		return EX_DATAERR;
	}
	hhmm_format(m, hhmm);
	journal_kv_init(out, f->name, KV_STR);
	out->s = xstrdup(hhmm);
	return 0;
}

/* Parse a count or scale value. */
static int
journal_parse_int(const struct journal_field *f, const char *s, size_t n,
    struct kv *out, char **cause)
{
	long long v = 0;
	int       r;
	char     *show;

	r = journal_parse_number(s, n, &v);
	if (r == 0 && v >= f->min && v <= f->max) {
		journal_kv_init(out, f->name, KV_INT);
		out->i = v;
		return 0;
	}
	show = journal_show(s, n);
	if (r < 0) {
		wd_fail(cause, EX_DATAERR, "%s: '%s' is not a whole number "
		    "(%d-%d)", f->name, show, f->min, f->max);
	} else {
		wd_fail(cause, EX_DATAERR, "%s: %s is out of range (%d-%d)",
		    f->name, show, f->min, f->max);
	}
	free(show);
	return EX_DATAERR;
}

/* Parse a yes/no value. */
static int
journal_parse_yesno(const struct journal_field *f, const char *s, size_t n,
    struct kv *out, char **cause)
{
	char *show;
	int   yes;

	if ((yes = journal_yesno_word(s, n)) >= 0) {
		journal_kv_init(out, f->name, KV_BOOL);
		out->i = yes;
		return 0;
	}
	show = journal_show(s, n);
	wd_fail(cause, EX_DATAERR, "%s: '%s' is not yes or no", f->name,
	    show);
	free(show);
	return EX_DATAERR;
}

/* The choice of f that the n bytes at s name (any case): the one they
 * spell, else the only one they start; NULL when none, or when several
 * start with them (*several true then). */
static const char *
journal_choice_word(const struct journal_field *f, const char *s, size_t n,
    bool *several)
{
	const char *found = NULL;
	int         i;

	*several = false;
	if (f->type != FIELD_CHOICE || n == 0)
		return NULL;
	for (i = 0; i < f->nchoices; i++) {
		if (journal_word(s, n, f->choices[i]))
			return f->choices[i];
	}
	for (i = 0; i < f->nchoices; i++) {
		if (strlen(f->choices[i]) < n ||
		    strncasecmp(f->choices[i], s, n) != 0)
			continue;
		if (found != NULL) {
			*several = true;
			return NULL;
		}
		found = f->choices[i];
	}
	return found;
}

const char *
journal_choice(const struct journal_field *f, const char *text)
{
	const char *s;
	size_t      n;
	bool        several;

	n = journal_trim(text == NULL ? "" : text, &s);
	return journal_choice_word(f, s, n, &several);
}

/* Parse a choice value; the stored spelling is the plan's. */
static int
journal_parse_choice(const struct journal_field *f, const char *s,
    size_t n, struct kv *out, char **cause)
{
	struct buf  b = { NULL, 0, 0 };
	const char *choice;
	char       *show, *hint;
	bool        several;
	int         i;

	if ((choice = journal_choice_word(f, s, n, &several)) != NULL) {
		journal_kv_init(out, f->name, KV_STR);
		out->s = xstrdup(choice);
		return 0;
	}
	show = journal_show(s, n);
	if (several) {
		for (i = 0; i < f->nchoices; i++) {
			if (strlen(f->choices[i]) >= n &&
			    strncasecmp(f->choices[i], s, n) == 0)
				buf_printf(&b, "%s%s", b.data == NULL ? "" :
				    ", ", f->choices[i]);
		}
		wd_fail(cause, EX_DATAERR, "%s: '%s' is ambiguous (%s)",
		    f->name, show, b.data);
		buf_free(&b);
	} else {
		hint = journal_hint(f);
		wd_fail(cause, EX_DATAERR, "%s: '%s' is not %s", f->name, show,
		    hint);
		free(hint);
	}
	free(show);
	return EX_DATAERR;
}

/* Parse a free text value. */
static int
journal_parse_text(const struct journal_field *f, const char *s, size_t n,
    struct kv *out, char **cause)
{
	char  *copy;
	size_t len;

	if (memchr(s, '\0', n) != NULL || !utf8_valid(s, n, false)) {
		return wd_fail(cause, EX_DATAERR, "%s: not valid text (UTF-8 "
		    "without control characters)", f->name);
	}
	copy = xstrndup(s, n);
	len = utf8_len(copy);
	if (len > (size_t)(f->max > 0 ? f->max : 0)) {
		free(copy);
		return wd_fail(cause, EX_DATAERR, "%s: too long (%zu "
		    "characters, at most %d)", f->name, len, f->max);
	}
	journal_kv_init(out, f->name, KV_STR);
	out->s = copy;
	return 0;
}

/* Parse and check a typed value for one field. */
int
journal_parse(const struct journal_field *f, const char *text,
    struct kv *out, char **cause)
{
	const char *s;
	size_t      n;
	char       *hint;

	memset(out, 0, sizeof *out);
	n = journal_trim(text == NULL ? "" : text, &s);
	if (n == 0) {
		hint = journal_hint(f);
		wd_fail(cause, EX_DATAERR, "%s: no value (use %s)", f->name,
		    hint);
		free(hint);
		return EX_DATAERR;
	}
	switch (f->type) {
	case FIELD_TIME:
		return journal_parse_time(f, s, n, out, cause);
	case FIELD_COUNT:
	case FIELD_SCALE:
		return journal_parse_int(f, s, n, out, cause);
	case FIELD_YESNO:
		return journal_parse_yesno(f, s, n, out, cause);
	case FIELD_CHOICE:
		return journal_parse_choice(f, s, n, out, cause);
	case FIELD_TEXT:
		return journal_parse_text(f, s, n, out, cause);
	}
	return wd_fail(cause, EX_SOFTWARE, "%s: unknown field type", f->name);
}

/* Parse FIELD=VALUE against the plan's fields. */
int
journal_assign(const struct plan *p, const char *arg, struct kv *out,
    char **cause)
{
	const char *eq, *name;
	struct buf  b = { NULL, 0, 0 };
	size_t      n;
	char       *show;
	int         i;

	memset(out, 0, sizeof *out);
	if ((eq = strchr(arg, '=')) == NULL) {
		show = journal_show(arg, strlen(arg));
		wd_fail(cause, EX_DATAERR, "'%s' is not FIELD=VALUE", show);
		free(show);
		return EX_DATAERR;
	}
	n = journal_trim(arg, &name);
	if (name + n > eq)
		n = (size_t)(eq - name);
	while (n > 0 && journal_isblank((unsigned char)name[n - 1]))
		n--;
	for (i = 0; i < p->nfields; i++) {
		if (strlen(p->fields[i].name) == n &&
		    strncmp(p->fields[i].name, name, n) == 0)
			return journal_parse(&p->fields[i], eq + 1, out, cause);
	}
	for (i = 0; i < p->nfields; i++)
		buf_printf(&b, "%s%s", i == 0 ? "" : ", ", p->fields[i].name);
	show = journal_show(name, n);
	wd_fail(cause, EX_DATAERR, "unknown field '%s' (fields: %s)", show,
	    b.data == NULL ? "none" : b.data);
	free(show);
	buf_free(&b);
	return EX_DATAERR;
}

/* True when nothing but blanks was typed. */
bool
journal_blank(const char *text)
{
	const char *s;

	return text == NULL || journal_trim(text, &s) == 0;
}

/* A stored value as text that parses back. */
char *
journal_format(const struct kv *kv)
{
	switch (kv->type) {
	case KV_INT:
		return xasprintf("%lld", kv->i);
	case KV_BOOL:
		return xstrdup(kv->i ? "yes" : "no");
	case KV_STR:
		break;
	}
	return xstrdup(kv->s == NULL ? "" : kv->s);
}

/* Free a parsed value. */
void
journal_kv_clear(struct kv *kv)
{
	free(kv->name);
	free(kv->s);
	memset(kv, 0, sizeof *kv);
}

/* Compare a stored value with a typed one (a rule's if_value). */
bool
journal_kv_equals(const struct kv *kv, const char *text)
{
	const char *s;
	size_t      n;
	long long   v;
	int         yes;

	n = journal_trim(text == NULL ? "" : text, &s);
	switch (kv->type) {
	case KV_STR:
		return kv->s != NULL && journal_word(s, n, kv->s);
	case KV_INT:
		return journal_parse_number(s, n, &v) == 0 && v == kv->i;
	case KV_BOOL:
		if ((yes = journal_yesno_word(s, n)) >= 0)
			return (kv->i != 0) == (yes == 1);
		break;
	}
	return false;
}

/* A stored value as it reads in the file, for a message: the number,
 * true/false, or the text in quotes made safe to echo. */
static char *
journal_stored(const struct kv *kv)
{
	char *show, *out;

	if (kv->type == KV_INT)
		return xasprintf("%lld", kv->i);
	if (kv->type == KV_BOOL)
		return xstrdup(kv->i ? "true" : "false");
	show = journal_show(kv->s, strlen(kv->s));
	out = xasprintf("\"%s\"", show);
	free(show);
	return out;
}

/* What is wrong with stored value kv of field f, or NULL when it fits.
 * Allocated. A KV_STR of a list always has its text (kv_set_str). */
static char *
journal_misfit(const struct journal_field *f, const struct kv *kv)
{
	char  *hint, *why = NULL;
	size_t len;
	int    i;

	switch (f->type) {
	case FIELD_COUNT:
	case FIELD_SCALE:
		if (kv->type != KV_INT)
			return xasprintf("is not a whole number (%d-%d)",
			    f->min, f->max);
		if (kv->i < f->min || kv->i > f->max)
			return xasprintf("is out of range (%d-%d)", f->min,
			    f->max);
		return NULL;
	case FIELD_TIME:
		if (kv->type == KV_STR && (hhmm_parse(kv->s) >= 0 ||
		    (f->none && strcmp(kv->s, JOURNAL_NONE) == 0)))
			return NULL;
		return xasprintf("is not a time (%s)", f->none ?
		    "HH:MM or none" : "HH:MM");
	case FIELD_YESNO:
		if (kv->type == KV_BOOL)
			return NULL;
		return xstrdup("is not yes or no (true or false)");
	case FIELD_CHOICE:
		for (i = 0; kv->type == KV_STR && i < f->nchoices; i++) {
			if (strcasecmp(kv->s, f->choices[i]) == 0)
				return NULL;
		}
		hint = journal_hint(f);
		why = xasprintf("is not %s", hint);
		free(hint);
		return why;
	case FIELD_TEXT:
		if (kv->type != KV_STR)
			return xstrdup("is not text");
		len = utf8_len(kv->s);
		if (len > (size_t)(f->max > 0 ? f->max : 0))
			return xasprintf("is too long (%zu characters, at "
			    "most %d)", len, f->max);
		return NULL;
	}
	return xstrdup("has a field type this winddown does not know");
}

int
journal_check_night(const struct plan *p, const struct night *n,
    char **cause)
{
	const struct journal_field *f;
	char                        d[16], *why, *shown;
	int                         i;

	for (i = 0; i < n->kv.n; i++) {
		const struct kv *kv = &n->kv.v[i];

		if ((f = plan_field(p, kv->name)) == NULL ||
		    (why = journal_misfit(f, kv)) == NULL)
			continue;
		day_format(n->date, d);
		/* A long text is not echoed, only measured. */
		shown = f->type == FIELD_TEXT && kv->type == KV_STR ?
		    xstrdup("") : journal_stored(kv);
		wd_fail(cause, EX_DATAERR, "night %s: %s%s%s %s", d, kv->name,
		    shown[0] != '\0' ? " " : "", shown, why);
		free(shown);
		free(why);
		return EX_DATAERR;
	}
	return 0;
}

int
journal_check_state(const struct plan *p, const struct state *st,
    char **cause)
{
	char *why = NULL, *where;
	int   i, rc;

	for (i = 0; i < st->nnights; i++) {
		if ((rc = journal_check_night(p, &st->nights[i], &why)) == 0)
			continue;
		where = state_night_where(st, &st->nights[i]);
		wd_fail(cause, rc, "%s: %s", where, why);
		free(where);
		free(why);
		return rc;
	}
	return 0;
}

/* A time value in minutes after midnight, or -1. */
int
journal_time(const struct kvlist *l, const char *name)
{
	const struct kv *kv = kv_get(l, name);

	if (kv == NULL || kv->type != KV_STR || kv->s == NULL)
		return -1;
	return hhmm_parse(kv->s);
}

/* A number value; false when missing or not a number. */
bool
journal_number(const struct kvlist *l, const char *name, long long *out)
{
	const struct kv *kv = kv_get(l, name);

	if (kv == NULL || (kv->type != KV_INT && kv->type != KV_BOOL))
		return false;
	*out = kv->i;
	return true;
}

/* Move times before the rollover hour after midnight. */
int
journal_evening(int minutes, int rollover_hour)
{
	if (minutes < rollover_hour * 60)
		return minutes + JOURNAL_DAY;
	return minutes;
}

/* Minutes from a to b on the clock, crossing midnight when b is earlier:
 * 23:00 to 06:30 is 450. */
static int
journal_span(int a, int b)
{
	return ((b - a) % JOURNAL_DAY + JOURNAL_DAY) % JOURNAL_DAY;
}

/* Time in bed, total sleep time and sleep efficiency of a night. */
void
journal_sleep(const struct kvlist *l, struct journal_sleep *out)
{
	int       lights, wake, up, span = -1;
	long long latency = 0, waso = 0;
	bool      has_latency, has_waso;

	out->tib = out->tst = -1;
	out->se = -1;
	out->inconsistent = false;

	lights = journal_time(l, JOURNAL_LIGHTS_OUT);
	wake = journal_time(l, JOURNAL_WAKE);
	up = journal_time(l, JOURNAL_OUT_OF_BED);
	has_latency = journal_number(l, JOURNAL_LATENCY, &latency);
	has_waso = journal_number(l, JOURNAL_WASO, &waso);
	if (lights < 0)
		return;

	if (wake >= 0) {
		span = journal_span(lights, wake);
		if (span == 0) {
			out->inconsistent = true;
			return;
		}
	}
	if (up >= 0) {
		out->tib = journal_span(lights, up);
		/* Getting up before the final awakening cannot be. */
		if (out->tib == 0 || (span > 0 && out->tib < span)) {
			out->tib = -1;
			out->inconsistent = true;
			return;
		}
	} else if (span > 0)
		out->tib = span;

	if (span > 0 && has_latency && has_waso) {
		if (latency < 0 || waso < 0 || latency > span ||
		    waso > span || latency + waso > span) {
			out->inconsistent = true;
			return;
		}
		out->tst = span - (int)latency - (int)waso;
	}
	if (out->tst >= 0 && out->tib > 0)
		out->se = 100.0 * out->tst / out->tib;
}
