/* Exports of every journal night of the state, oldest first: CSV for a
 * spreadsheet and JSON, with nothing derived. */
#include "report-int.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* A column of an export: a field name and where it goes. */
struct export_col {
	const char *name;
	int         col;
};

/* The columns of an export: "date", the plan's fields, then the other
 * names found in the nights, sorted; looked up through a hash table so
 * an export stays linear in the number of nights. */
struct export_cols {
	struct export_col *slots;
	size_t             cap;
	size_t             used;
	const char       **names; /* by column, [0] = "date" */
	int                ncols;
	int                capnames;
};

/* Compare two names for qsort. */
static int
export_cmp_names(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* FNV-1a. */
static size_t
export_hash(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	for (; *s != '\0'; s++) {
		h ^= (unsigned char)*s;
		h *= 0x100000001b3ULL;
	}
	return (size_t)h;
}

/* The slot of name: its entry, or the empty slot where it would go. */
static struct export_col *
export_cols_slot(struct export_cols *c, const char *name)
{
	size_t i = export_hash(name) & (c->cap - 1);

	while (c->slots[i].name != NULL && strcmp(c->slots[i].name, name) != 0)
		i = (i + 1) & (c->cap - 1);
	return &c->slots[i];
}

/* Add name if new; true when it was. */
static bool
export_cols_add(struct export_cols *c, const char *name, int col)
{
	struct export_col *slot, *old;
	size_t             i, oldcap;

	if ((c->used + 1) * 2 > c->cap) {
		old = c->slots;
		oldcap = c->cap;
		c->cap = c->cap == 0 ? 64 : c->cap * 2;
		c->slots = xcalloc(c->cap, sizeof *c->slots);
		for (i = 0; i < oldcap; i++) {
			if (old[i].name != NULL)
				*export_cols_slot(c, old[i].name) = old[i];
		}
		free(old);
	}
	slot = export_cols_slot(c, name);
	if (slot->name != NULL)
		return false;
	slot->name = name;
	slot->col = col;
	c->used++;
	if (c->ncols == c->capnames) {
		c->capnames = c->capnames == 0 ? 64 : c->capnames * 2;
		c->names = xreallocarray(c->names, (size_t)c->capnames,
		    sizeof *c->names);
	}
	c->names[c->ncols++] = name;
	return true;
}

/* Build the columns of an export of every night of st. */
static void
export_cols_build(struct export_cols *c, const struct plan *p,
    const struct state *st)
{
	int i, k, first;

	memset(c, 0, sizeof *c);
	/* "date" is keyed as "", a name no field can have. */
	if (export_cols_add(c, "", 0))
		c->names[0] = "date";
	for (i = 0; i < p->nfields; i++)
		export_cols_add(c, p->fields[i].name, c->ncols);
	first = c->ncols;
	for (i = 0; i < st->nnights; i++) {
		for (k = 0; k < st->nights[i].kv.n; k++)
			export_cols_add(c, st->nights[i].kv.v[k].name, -1);
	}
	if (c->ncols > first)
		qsort(c->names + first, (size_t)(c->ncols - first),
		    sizeof *c->names, export_cmp_names);
	for (i = first; i < c->ncols; i++)
		export_cols_slot(c, c->names[i])->col = i;
}

/* Free the columns. */
static void
export_cols_free(struct export_cols *c)
{
	free(c->slots);
	free(c->names);
}

/* Put each value of night n in its column of cells (ncols long). */
static void
export_cols_fill(struct export_cols *c, const struct night *n,
    const struct kv **cells)
{
	struct export_col *slot;
	int                k;

	memset(cells, 0, (size_t)c->ncols * sizeof *cells);
	for (k = 0; k < n->kv.n; k++) {
		slot = export_cols_slot(c, n->kv.v[k].name);
		if (slot->name != NULL && slot->col > 0)
			cells[slot->col] = &n->kv.v[k];
	}
}

/* Write one CSV cell: a leading ' before what a spreadsheet would run,
 * then RFC 4180 quoting when needed. */
static void
export_csv_cell(FILE *fp, const char *s)
{
	const char *p;
	bool        quote;

	quote = strpbrk(s, ",\"\r\n") != NULL;
	if (quote)
		fputc('"', fp);
	if (strchr("=+-@\t\r", s[0]) != NULL && s[0] != '\0')
		fputc('\'', fp);
	for (p = s; *p != '\0'; p++) {
		if (*p == '"')
			fputc('"', fp);
		fputc(*p, fp);
	}
	if (quote)
		fputc('"', fp);
}

/* Export every journal night as CSV. */
int
export_csv(FILE *fp, const struct plan *p, const struct state *st)
{
	struct export_cols c;
	const struct kv  **cells;
	char               tmp[32], date[11];
	int                i, k;

	export_cols_build(&c, p, st);
	cells = xcalloc((size_t)c.ncols, sizeof *cells);
	for (k = 0; k < c.ncols; k++) {
		if (k > 0)
			fputc(',', fp);
		export_csv_cell(fp, c.names[k]);
	}
	fputs("\r\n", fp);
	for (i = 0; i < st->nnights; i++) {
		export_cols_fill(&c, &st->nights[i], cells);
		day_format(st->nights[i].date, date);
		fputs(date, fp);
		for (k = 1; k < c.ncols; k++) {
			fputc(',', fp);
			if (cells[k] != NULL)
				export_csv_cell(fp, report_kv_text(cells[k],
				    tmp, sizeof tmp));
		}
		fputs("\r\n", fp);
	}
	free(cells);
	export_cols_free(&c);
	return report_done(fp);
}

/* Export every journal night as JSON. */
int
export_json(FILE *fp, const struct plan *p, const struct state *st)
{
	struct export_cols c;
	const struct kv  **cells;
	int                i, k;

	export_cols_build(&c, p, st);
	cells = xcalloc((size_t)c.ncols, sizeof *cells);
	fputs("{\"nights\":[", fp);
	for (i = 0; i < st->nnights; i++) {
		export_cols_fill(&c, &st->nights[i], cells);
		fputs(i == 0 ? "\n{\"date\":" : ",\n{\"date\":", fp);
		report_json_date(fp, st->nights[i].date);
		for (k = 1; k < c.ncols; k++) {
			if (cells[k] == NULL)
				continue;
			fputc(',', fp);
			report_json_str(fp, c.names[k]);
			fputc(':', fp);
			report_json_kv(fp, cells[k]);
		}
		fputc('}', fp);
	}
	fputs(st->nnights > 0 ? "\n]}\n" : "]}\n", fp);
	free(cells);
	export_cols_free(&c);
	return report_done(fp);
}
