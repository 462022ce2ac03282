#include "lower.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "load.h"
#include "structure.h"
#include "values.h"

struct stv_lower {
	struct stv_diags *d;
	struct stv_domain *dom;
	long dev;		/* index of the device being read, or -1 */
	const struct stv_elem *dev_elem;	/* the element that started it */
	unsigned mute;		/* depth inside elements whose content is not kept */
	bool oom;
};

/* ---- where a field lives ---- */

/* The domain or the current device, or NULL when f cannot be kept here. */
static void *object(struct stv_lower *l, const struct stv_field *f)
{
	if (l->mute || !f)
		return NULL;
	if (!f->device)
		return l->dom;
	if (l->dev < 0)
		return NULL;
	struct stv_device *dev = &l->dom->devs[l->dev];
	return f->kind < 0 || f->kind == (int)dev->kind ? dev : NULL;
}

/* ---- values ---- */

static char *dup_text(struct stv_lower *l, struct stv_text t)
{
	char *s = malloc(t.n + 1);
	if (!s) {
		l->oom = true;
		return NULL;
	}
	memcpy(s, t.s, t.n);
	s[t.n] = '\0';
	return s;
}

/*
 * The structural pass checked the syntax, so a number that does not parse
 * has overflowed 64 bits: it becomes UINT64_MAX, above every limit, and the
 * field's range rule reports it instead of the value vanishing.
 */
static uint64_t to_number(struct stv_text t)
{
	char buf[72];
	uint64_t v;
	if (t.n >= sizeof buf)
		return UINT64_MAX;
	memcpy(buf, t.s, t.n);
	buf[t.n] = '\0';
	return stv_parse_uint(buf, &v) == 0 ? v : UINT64_MAX;
}

/* The value of attribute name of n, or NULL (the node's own storage). */
static const char *attr_value(const xmlNode *n, const char *name, xmlChar **owned)
{
	*owned = NULL;
	for (const xmlAttr *a = n ? n->properties : NULL; a; a = a->next) {
		if (a->ns || strcmp((const char *)a->name, name) != 0)
			continue;
		if (a->children && !a->children->next && a->children->type == XML_TEXT_NODE)
			return (const char *)a->children->content;
		*owned = xmlNodeGetContent((const xmlNode *)a);
		return (const char *)*owned;
	}
	return NULL;
}

/* Digits only: a size that failed to parse can only have overflowed. */
static bool all_digits(struct stv_text t)
{
	for (size_t i = 0; i < t.n; i++)
		if (t.s[i] < '0' || t.s[i] > '9')
			return false;
	return t.n > 0;
}

/*
 * A size: the number t in the unit of attribute unit_attr of n (KiB when
 * absent, as libvirt).  An unknown unit or a size past 16 EiB is the
 * memory-unit rule, reported here because only here both are known.
 */
static void store_size(struct stv_lower *l, const struct stv_field *f, struct stv_num *out,
		       const xmlNode *n, const char *unit_attr, struct stv_text t, struct stv_loc loc)
{
	xmlChar *owned;
	const char *unit = attr_value(n, unit_attr, &owned);
	char value[72];
	uint64_t bytes;
	int rc = -2;

	if (t.n < sizeof value) {
		memcpy(value, t.s, t.n);
		value[t.n] = '\0';
		rc = stv_parse_memory(value, unit, &bytes);
	}
	out->loc = loc;
	if (rc == 0) {
		out->v = bytes;
		out->set = true;
	} else {
		out->refused = true;
		l->dom->refused++;
		if (rc == -1)
			stv_report(l->d, STV_R_MEMORY_UNIT, stv_loc_attr(loc, unit_attr),
				   "use b, bytes, KB, k, KiB, MB, M, MiB, GB, G, GiB, TB, T or TiB",
				   "%s unit '%s' is not one of the supported units", f->what, unit);
		else if (all_digits(t))
			stv_report(l->d, STV_R_MEMORY_UNIT, loc,
				   "StratoVirt accepts at most 512 GiB of memory",
				   "%s of %.*s %s overflows: it is more than 16 EiB", f->what,
				   (int)(t.n > 40 ? 40 : t.n), t.s, unit ? unit : "KiB");
	}
	xmlFree(owned);
}

static unsigned choice_code(const struct stv_value *type, struct stv_text t)
{
	for (unsigned i = 0; type->choices && type->choices[i]; i++)
		if (strlen(type->choices[i]) == t.n && memcmp(type->choices[i], t.s, t.n) == 0)
			return type->codes ? type->codes[i] : i;
	return 0;
}

/* Where f already holds a value lowered from the document, or NULL. */
static const struct stv_loc *lowered_at(const struct stv_field *f, void *obj)
{
	switch (f->store) {
	case STV_STORE_STR:
		return f->str(obj)->s ? &f->str(obj)->loc : NULL;
	case STV_STORE_NUM:
	case STV_STORE_SIZE:
		return f->num(obj)->set ? &f->num(obj)->loc : NULL;
	case STV_STORE_CHOICE:
		return f->choice(obj)->set ? &f->choice(obj)->loc : NULL;
	case STV_STORE_FLAG:
		return NULL;	/* there twice is still there */
	}
	return NULL;
}

/*
 * A member filled twice: elements a select tells apart by an attribute
 * (<entry name='vendor'>, <feature name='pmu'>) may repeat where the
 * schema cannot say "once per name".  The first stands; the second is
 * refused, and named by that attribute.
 */
static void duplicate(struct stv_lower *l, const xmlNode *n, struct stv_loc first,
		      struct stv_loc loc)
{
	xmlChar *owned;
	const char *name = attr_value(n, "name", &owned);
	stv_report(l->d, STV_R_DUPLICATE_VALUE, loc, "remove one of them",
		   "<%s%s%s%s> is given again in <%s> (first at line %d); StratoVirt takes one",
		   (const char *)n->name, name ? " name='" : "", name ? name : "", name ? "'" : "",
		   n->parent ? (const char *)n->parent->name : "", stv_loc_line(l->d, first));
	xmlFree(owned);
	stv_lower_refuse(l, NULL, loc);
}

void stv_lower_value(struct stv_lower *l, const struct stv_field *f,
		     const struct stv_value *type, const char *unit_attr,
		     const xmlNode *n, struct stv_text t, struct stv_loc loc)
{
	void *obj = object(l, f);
	if (!obj)
		return;
	const struct stv_loc *first = lowered_at(f, obj);
	if (first) {
		duplicate(l, n, *first, loc);
		return;
	}
	switch (f->store) {
	case STV_STORE_STR: {
		struct stv_str *s = f->str(obj);
		free(s->s);
		s->s = dup_text(l, t);
		s->loc = loc;
		return;
	}
	case STV_STORE_NUM: {
		struct stv_num *v = f->num(obj);
		v->v = to_number(t);
		v->set = true;
		v->loc = loc;
		return;
	}
	case STV_STORE_SIZE:
		store_size(l, f, f->num(obj), n, unit_attr, t, loc);
		return;
	case STV_STORE_CHOICE: {
		struct stv_choice *c = f->choice(obj);
		c->v = choice_code(type, t);
		c->set = true;
		c->loc = loc;
		return;
	}
	case STV_STORE_FLAG:
		stv_lower_flag(l, f, loc);
		return;
	}
}

void stv_lower_flag(struct stv_lower *l, const struct stv_field *f, struct stv_loc loc)
{
	void *obj = object(l, f);
	if (!obj || f->store != STV_STORE_FLAG)
		return;
	struct stv_flag *flag = f->flag(obj);
	flag->set = true;
	flag->loc = loc;
}

void stv_lower_refused_element(struct stv_lower *l, const xmlNode *n)
{
	xmlChar *owned;
	const char *index = strcmp((const char *)n->name, "controller") == 0
				    ? attr_value(n, "index", &owned) : (owned = NULL, NULL);
	uint64_t bus;
	if (index && stv_parse_uint(index, &bus) == 0 && bus <= STV_ROOT_PORT_MAX)
		l->dom->refused_bus[bus] = true;
	else if (owned || index || strcmp((const char *)n->name, "controller") == 0)
		l->dom->buses_unknown = true;
	xmlFree(owned);
}

void stv_lower_refuse(struct stv_lower *l, const struct stv_field *f, struct stv_loc loc)
{
	l->dom->refused++;
	if (l->dev >= 0)
		l->dom->devs[l->dev].refused++;
	void *obj = object(l, f);
	if (!obj)
		return;
	switch (f->store) {
	case STV_STORE_STR:
		f->str(obj)->refused = true;
		f->str(obj)->loc = loc;
		return;
	case STV_STORE_NUM:
	case STV_STORE_SIZE:
		f->num(obj)->refused = true;
		f->num(obj)->loc = loc;
		return;
	case STV_STORE_CHOICE:
		f->choice(obj)->refused = true;
		f->choice(obj)->loc = loc;
		return;
	case STV_STORE_FLAG:
		/* there, but wrong: present for the rules that ask */
		stv_lower_flag(l, f, loc);
		return;
	}
}

/* ---- elements ---- */

void stv_lower_enter(struct stv_lower *l, const struct stv_elem *e, const xmlNode *n,
		     struct stv_loc loc, bool keep)
{
	if (!keep || e->ignored || l->mute) {
		l->mute++;
		return;
	}
	if (e->device >= 0 && l->dev < 0) {
		struct stv_device *dev = stv_add_device(l->dom, (enum stv_dev_kind)e->device, loc);
		if (!dev) {
			l->oom = true;
			l->mute++;
			return;
		}
		l->dev = (long)(dev - l->dom->devs);
		l->dev_elem = e;
	}
	if (e->field && e->content != STV_C_TEXT) {
		void *obj = object(l, e->field);
		if (obj && e->field->store == STV_STORE_FLAG && e->field->flag(obj)->set) {
			/* said once, for the element: nothing in it is kept */
			duplicate(l, n, e->field->flag(obj)->loc, loc);
			l->mute++;
			return;
		}
		stv_lower_flag(l, e->field, loc);
	}
}

void stv_lower_leave(struct stv_lower *l, const struct stv_elem *e, bool keep)
{
	if (!keep || e->ignored || l->mute) {
		if (l->mute)
			l->mute--;
		return;
	}
	if (l->dev >= 0 && l->dev_elem == e) {
		l->dev = -1;
		l->dev_elem = NULL;
	}
}

void stv_lower_root(struct stv_lower *l, struct stv_loc loc)
{
	l->dom->loc = loc;
}

struct stv_domain *stv_lower(const struct stv_source *src, xmlDocPtr doc,
			     struct stv_diags *d)
{
	struct stv_lower l = { .d = d, .dev = -1 };

	l.dom = calloc(1, sizeof(*l.dom));
	if (!l.dom)
		return NULL;
	stv_walk(src, doc, d, &l);
	if (l.oom) {
		stv_domain_free(l.dom);
		return NULL;
	}
	return l.dom;
}
