/* libFuzzer target: the `log` value parser (journal_parse and
 * journal_assign) over fields of every type, built here rather than read
 * from a plan file. The first byte picks the field for journal_parse;
 * the rest is the text, also given to journal_assign as FIELD=VALUE.
 * A value that parses must format back to text that parses to the same
 * value (journal.h promises it). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "winddown/journal.h"
#include "winddown/plan.h"
#include "winddown/util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char *intensity[] = { "light", "moderate", "vigorous" };

static struct journal_field fields[] = {
	{ .name = "caffeine", .type = FIELD_TIME, .prompt = "p", .none = true },
	{ .name = "bedtime", .type = FIELD_TIME, .prompt = "p" },
	{ .name = "twitches", .type = FIELD_COUNT, .prompt = "p", .min = 0,
	  .max = 100 },
	{ .name = "quality", .type = FIELD_SCALE, .prompt = "p", .min = 1,
	  .max = 5 },
	{ .name = "big", .type = FIELD_COUNT, .prompt = "p", .min = 0,
	  .max = 100000 },
	{ .name = "nap", .type = FIELD_YESNO, .prompt = "p" },
	{ .name = "intensity", .type = FIELD_CHOICE, .prompt = "p",
	  .choices = intensity, .nchoices = 3 },
	{ .name = "note", .type = FIELD_TEXT, .prompt = "p", .max = 200 },
	{ .name = "tiny", .type = FIELD_TEXT, .prompt = "p", .max = 1 },
};

/* Parse text as field f; on success check the round trip. */
static void
parse_one(const struct journal_field *f, const char *text)
{
	struct kv kv, back;
	char     *cause = NULL, *s;

	if (journal_parse(f, text, &kv, &cause) != 0) {
		if (cause == NULL || cause[0] == '\0')
			abort(); /* a refusal always says why */
		free(cause);
		return;
	}
	if (cause != NULL || kv.name == NULL || strcmp(kv.name, f->name) != 0)
		abort();
	s = journal_format(&kv);
	if (journal_parse(f, s, &back, &cause) != 0)
		abort(); /* formatted value does not parse back */
	if (back.type != kv.type || !journal_kv_equals(&kv, s))
		abort(); /* ... or parses to another value */
	if (kv.type == KV_STR && strcmp(kv.s, back.s) != 0)
		abort();
	if (kv.type != KV_STR && kv.i != back.i)
		abort();
	free(s);
	journal_kv_clear(&back);
	journal_kv_clear(&kv);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct plan plan;
	struct kv   kv;
	char       *text, *cause = NULL, *hint;
	size_t      n = WD_NELEM(fields);
	const struct journal_field *f;

	if (size == 0)
		return 0;
	f = &fields[data[0] % n];
	/* A command-line argument is a C string: it ends at a NUL. */
	text = xmalloc(size);
	memcpy(text, data + 1, size - 1);
	text[size - 1] = '\0';

	parse_one(f, text);
	(void)journal_blank(text);
	hint = journal_hint(f);
	free(hint);

	memset(&plan, 0, sizeof plan);
	plan.fields = fields;
	plan.nfields = (int)n;
	if (journal_assign(&plan, text, &kv, &cause) == 0) {
		if (cause != NULL || plan_field(&plan, kv.name) == NULL)
			abort();
		journal_kv_clear(&kv);
	} else if (cause == NULL || cause[0] == '\0')
		abort();
	free(cause);
	free(text);
	return 0;
}
