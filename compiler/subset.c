/*
 * Walking the subset's tables (subset.h): what the writers need to read the
 * IR back by the schema's fields.
 */
#include <string.h>

#include "subset.h"

bool stv_field_has(const struct stv_field *f, void *obj)
{
	switch (f->store) {
	case STV_STORE_STR: {
		const struct stv_str *s = f->str(obj);
		return s->s && !s->refused;
	}
	case STV_STORE_NUM:
	case STV_STORE_SIZE: {
		const struct stv_num *n = f->num(obj);
		return n->set && !n->refused;
	}
	case STV_STORE_FLAG:
		return f->flag(obj)->set;
	case STV_STORE_CHOICE: {
		const struct stv_choice *c = f->choice(obj);
		return c->set && !c->refused;
	}
	}
	return false;
}

const char *stv_choice_word(const struct stv_value *type, unsigned code)
{
	for (size_t i = 0; type->choices && type->choices[i]; i++)
		if ((type->codes ? type->codes[i] : i) == code)
			return type->choices[i];
	return NULL;
}

/* Members already visited: a member is filled from two places at most a few times. */
#define MAX_MEMBERS 128

struct walk {
	void (*fn)(const struct stv_field *f, const struct stv_value *type, void *ctx);
	void *ctx;
	const char *seen[MAX_MEMBERS];
	size_t nseen;
	const struct stv_elem *top;	/* the device element being walked */
};

static void visit(struct walk *w, const struct stv_field *f, const struct stv_value *type)
{
	if (!f)
		return;
	for (size_t i = 0; i < w->nseen; i++)
		if (strcmp(w->seen[i], f->member) == 0)
			return;
	if (w->nseen < MAX_MEMBERS)
		w->seen[w->nseen++] = f->member;
	w->fn(f, type, w->ctx);
}

static void walk(struct walk *w, const struct stv_elem *e, unsigned depth)
{
	if (depth > 32 || e->ignored || (e != w->top && e->device >= 0))
		return;
	if (e->select) {
		for (const struct stv_variant *v = e->select->variants; v->value; v++)
			walk(w, v->elem, depth + 1);
		return;
	}
	visit(w, e->field, &e->text);
	for (const struct stv_attr *a = e->attrs; a->name; a++)
		if (!a->ignored)
			visit(w, a->field, &a->value);
	for (const struct stv_child *c = e->children; c && c->elem; c++)
		walk(w, c->elem, depth + 1);
}

void stv_each_field(const struct stv_elem *const *elems,
		    void (*fn)(const struct stv_field *f, const struct stv_value *type, void *ctx),
		    void *ctx)
{
	struct walk w = { .fn = fn, .ctx = ctx };
	for (; elems && *elems; elems++) {
		w.top = *elems;
		walk(&w, *elems, 0);
	}
}
