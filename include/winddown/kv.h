/* Key/value lists: how journal nights, drafts and red-flag answers are
 * kept, so fields defined by a plan round-trip even when unknown. Names
 * are unique in a list; the order is the order of first setting. */
#ifndef WINDDOWN_KV_H
#define WINDDOWN_KV_H

#include <stdbool.h>

/* A named value. */
enum kv_type {
	KV_INT,
	KV_STR,
	KV_BOOL,
};

struct kv {
	char        *name;
	enum kv_type type;
	long long    i; /* KV_INT, KV_BOOL (0/1) */
	char        *s; /* KV_STR */
};

struct kvlist {
	struct kv *v;
	int        n;
};

const struct kv *kv_get(const struct kvlist *, const char *name);
void kv_set_int(struct kvlist *, const char *name, long long);
void kv_set_bool(struct kvlist *, const char *name, bool);
void kv_set_str(struct kvlist *, const char *name, const char *);
void kv_set(struct kvlist *, const struct kv *); /* copies */
void kv_unset(struct kvlist *, const char *name);
void kv_copy(struct kvlist *dst, const struct kvlist *src);
void kv_clear(struct kvlist *);

/* Can a list with this name be saved and loaded again? libconfig's
 * rule for a setting name: [A-Za-z*][-A-Za-z0-9_*]* */
bool kv_name_ok(const char *name);

#endif
