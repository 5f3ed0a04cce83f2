/* Key/value lists: lookup, setting (a slot is reused, so the order is
 * that of first setting), removal and deep copies. */
#include "winddown/kv.h"

#include <stdlib.h>
#include <string.h>

#include "winddown/util.h"

void
kv_clear(struct kvlist *l)
{
	int i;

	for (i = 0; i < l->n; i++) {
		free(l->v[i].name);
		free(l->v[i].s);
	}
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

const struct kv *
kv_get(const struct kvlist *l, const char *name)
{
	int i;

	for (i = 0; i < l->n; i++) {
		if (strcmp(l->v[i].name, name) == 0)
			return &l->v[i];
	}
	return NULL;
}

/* The slot for name, emptied, appended when new. */
static struct kv *
kv_slot(struct kvlist *l, const char *name)
{
	int i;

	for (i = 0; i < l->n; i++) {
		if (strcmp(l->v[i].name, name) == 0) {
			free(l->v[i].s);
			l->v[i].s = NULL;
			return &l->v[i];
		}
	}
	l->v = xreallocarray(l->v, (size_t)l->n + 1, sizeof *l->v);
	memset(&l->v[l->n], 0, sizeof l->v[l->n]);
	l->v[l->n].name = xstrdup(name);
	return &l->v[l->n++];
}

void
kv_set_int(struct kvlist *l, const char *name, long long v)
{
	struct kv *kv = kv_slot(l, name);

	kv->type = KV_INT;
	kv->i = v;
}

void
kv_set_bool(struct kvlist *l, const char *name, bool v)
{
	struct kv *kv = kv_slot(l, name);

	kv->type = KV_BOOL;
	kv->i = v;
}

void
kv_set_str(struct kvlist *l, const char *name, const char *v)
{
	struct kv *kv = kv_slot(l, name);

	kv->type = KV_STR;
	kv->i = 0;
	kv->s = xstrdup(v);
}

void
kv_set(struct kvlist *l, const struct kv *src)
{
	if (src->type == KV_STR)
		kv_set_str(l, src->name, src->s);
	else if (src->type == KV_BOOL)
		kv_set_bool(l, src->name, src->i != 0);
	else
		kv_set_int(l, src->name, src->i);
}

void
kv_unset(struct kvlist *l, const char *name)
{
	int i;

	for (i = 0; i < l->n; i++) {
		if (strcmp(l->v[i].name, name) == 0) {
			free(l->v[i].name);
			free(l->v[i].s);
			memmove(&l->v[i], &l->v[i + 1],
			    (size_t)(l->n - i - 1) * sizeof l->v[i]);
			l->n--;
			return;
		}
	}
}

void
kv_copy(struct kvlist *dst, const struct kvlist *src)
{
	int i;

	kv_clear(dst);
	for (i = 0; i < src->n; i++)
		kv_set(dst, &src->v[i]);
}

bool
kv_name_ok(const char *name)
{
	const char *p = name;

	/* libconfig's rule: [A-Za-z*][-A-Za-z0-9_*]* */
	if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
	    *p == '*'))
		return false;
	for (p++; *p != '\0'; p++) {
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || *p == '_' || *p == '-' ||
		    *p == '*'))
			return false;
	}
	return true;
}
