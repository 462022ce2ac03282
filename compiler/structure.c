/*
 * The structural pass: the document walked once against the subset's
 * tables (subset.h, generated from the schema).  For each element: the
 * attributes it may carry and what their values look like, whether it holds
 * text or elements, which children it may have and how often, and, for
 * elements that share a name (<controller type=...>), which variant the
 * selecting attribute chooses.  Every problem is reported at the element,
 * attribute or text at fault, names it and what is supported instead, and
 * the walk goes on: one run reports them all.  An unknown element is
 * reported once and not entered.
 *
 * Everything accepted goes to lowering (lower.h) as it is met, so the tree
 * is read once; what is refused is passed on as refused.  Values are checked
 * for their lexical form and enumerations only; ranges and references are
 * the semantic rules of check.c and address.c.
 */
#include "structure.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "load.h"
#include "lower.h"
#include "values.h"

/* ------------------------------------------------------------------ */
/* Value kinds: the lexical types of the schema                        */
/* ------------------------------------------------------------------ */

struct kind_info {
	bool (*ok)(struct stv_text t);
	const char *problem;	/* completes "<x> 'V' ..." */
	const char *hint;	/* default hint, or NULL */
};

static bool is_xml_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static struct stv_text trim(const char *s)
{
	struct stv_text t = { s ? s : "", 0 };
	while (is_xml_space(*t.s))
		t.s++;
	t.n = strlen(t.s);
	while (t.n > 0 && is_xml_space(t.s[t.n - 1]))
		t.n--;
	return t;
}

static bool text_is(struct stv_text t, const char *word)
{
	return strlen(word) == t.n && memcmp(t.s, word, t.n) == 0;
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_hex(char c)
{
	return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static bool is_zero(char c)
{
	return c == '0';
}

static bool all_of(const char *s, size_t n, bool (*pred)(char))
{
	for (size_t i = 0; i < n; i++)
		if (!pred(s[i]))
			return false;
	return true;
}

static bool ok_any(struct stv_text t)
{
	(void)t;
	return true;
}

static bool ok_token(struct stv_text t)
{
	return t.n > 0;
}

static bool ok_dec(struct stv_text t)
{
	return t.n > 0 && all_of(t.s, t.n, is_digit);
}

static bool has_hex_prefix(struct stv_text t)
{
	return t.n > 2 && t.s[0] == '0' && (t.s[1] == 'x' || t.s[1] == 'X');
}

static bool ok_uint(struct stv_text t)
{
	if (has_hex_prefix(t))
		return all_of(t.s + 2, t.n - 2, is_hex);
	return ok_dec(t);
}

static bool ok_zero(struct stv_text t)
{
	if (has_hex_prefix(t))
		return all_of(t.s + 2, t.n - 2, is_zero);
	return t.n > 0 && all_of(t.s, t.n, is_zero);
}

static bool ok_path(struct stv_text t)
{
	return t.n > 0 && t.s[0] == '/';
}

/*
 * The syntax of names, uuids and MACs is values.c's, which the unit tests
 * cover: t is copied to a string of at most max bytes.
 */
static bool valid_as(struct stv_text t, size_t max, bool (*valid)(const char *))
{
	char s[256];
	if (t.n > max || t.n >= sizeof s)
		return false;
	memcpy(s, t.s, t.n);
	s[t.n] = '\0';
	return valid(s);
}

static bool valid_mac(const char *s)
{
	uint8_t mac[6];
	return stv_parse_mac(s, mac) == 0;
}

static bool ok_name(struct stv_text t)
{
	return valid_as(t, 255, stv_valid_name);
}

static bool ok_uuid(struct stv_text t)
{
	return valid_as(t, 36, stv_valid_uuid);
}

static bool ok_mac(struct stv_text t)
{
	return valid_as(t, 17, valid_mac);
}

static bool valid_ipv4(const char *s)
{
	uint8_t ip[4];
	return stv_parse_ipv4(s, ip) == 0;
}

static bool ok_ipv4(struct stv_text t)
{
	return valid_as(t, 15, valid_ipv4);
}

static bool ok_period(struct stv_text t)
{
	while (t.n > 0 && t.s[0] == '0') {
		t.s++;
		t.n--;
	}
	return text_is(t, "1000");
}

static const struct kind_info kinds[] = {
	[STV_K_ANY] = { ok_any, "", NULL },
	[STV_K_TOKEN] = { ok_token, "is empty", NULL },
	[STV_K_DEC] = { ok_dec, "is not a decimal integer", NULL },
	[STV_K_UINT] = { ok_uint, "is not an integer (decimal or 0x hexadecimal)", NULL },
	[STV_K_ZERO] = { ok_zero, "is not 0", NULL },
	[STV_K_PATH] = { ok_path, "is not an absolute path",
			 "write the full path, starting with '/'" },
	[STV_K_NAME] = { ok_name, "is not a valid name: use 1 to 255 characters "
			 "from A-Z a-z 0-9 _ - :", NULL },
	[STV_K_UUID] = { ok_uuid, "is not a uuid in RFC 4122 form "
			 "(8-4-4-4-12 hexadecimal digits)", NULL },
	[STV_K_MAC] = { ok_mac, "is not a MAC address (xx:xx:xx:xx:xx:xx)", NULL },
	[STV_K_PERIOD] = { ok_period, "is not 1000: StratoVirt's rng period is "
			   "fixed at 1000 ms", NULL },
	[STV_K_IPV4] = { ok_ipv4, "is not an IPv4 address (four decimal numbers "
			 "from 0 to 255, no leading zeros)", NULL },
	[STV_K_ENUM] = { NULL, "is not supported", NULL },
};

/* ------------------------------------------------------------------ */
/* The walk                                                            */
/* ------------------------------------------------------------------ */

struct walk {
	struct stv_diags *d;
	struct stv_lower *l;
	/*
	 * Inside an element whose kind was refused (<disk type='network'>),
	 * what the tables say an element of the supported kind holds is moot:
	 * nothing is reported missing, no attribute or element unsupported and
	 * no value of the wrong syntax, since they may be right for the refused
	 * kind.  A value outside an enumeration (<model type='e1000'>) is still
	 * reported: it names what something is, whatever holds it.
	 */
	unsigned moot;
};

/* At most this many kinds of children per element (the domain has 18). */
#define MAX_CHILDREN 64

/* Values are shown at most this long, with control characters replaced. */
#define SHOW_MAX 48

#define LIST_MAX 512

/*
 * Unsupported attributes reported one by one on an element; the rest are
 * counted in one finding: nobody reads 200,000 findings.
 */
#define MAX_ATTR_FINDINGS 16

static const char *shown(struct stv_text t, char buf[static SHOW_MAX + 4])
{
	size_t n = t.n;
	bool cut = n > SHOW_MAX;
	if (cut) {
		n = SHOW_MAX;
		/* do not split a UTF-8 sequence */
		while (n > 0 && ((unsigned char)t.s[n] & 0xc0) == 0x80)
			n--;
	}
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)t.s[i];
		buf[i] = is_xml_space((char)c) ? ' ' : c < 0x20 || c == 0x7f ? '?' : (char)c;
	}
	strcpy(buf + n, cut ? "..." : "");
	return buf;
}

static const char *xname(const xmlNode *n)
{
	return (const char *)n->name;
}

/* One list, "a, b, c", into buf: item(i) for i = 0.. until it gives NULL. */
static const char *join(char *buf, size_t size, const void *list,
			const char *(*item)(const void *list, size_t i))
{
	size_t used = 0;
	const char *s;
	buf[0] = '\0';
	for (size_t i = 0; (s = item(list, i)) != NULL; i++) {
		if (!*s)
			continue;
		int w = snprintf(buf + used, used < size ? size - used : 0, "%s%s",
				 used ? ", " : "", s);
		used += w > 0 ? (size_t)w : 0;
	}
	return buf;
}

static const char *choice_item(const void *list, size_t i)
{
	return ((const char *const *)list)[i];
}

static const char *variant_item(const void *list, size_t i)
{
	return ((const struct stv_variant *)list)[i].value;
}

static const char *child_item(const void *list, size_t i)
{
	const struct stv_child *c = list;
	return c[i].elem ? c[i].elem->name : NULL;
}

static const char *attr_item(const void *list, size_t i)
{
	return ((const struct stv_attr *)list)[i].name;
}

/*
 * A value without allocating when libxml2 holds it in one text node (the
 * usual case); otherwise *owned is the copy to free.
 */
static const char *attr_text(const xmlAttr *a, xmlChar **owned)
{
	*owned = NULL;
	if (a->children && !a->children->next && a->children->type == XML_TEXT_NODE)
		return (const char *)a->children->content;
	*owned = xmlNodeGetContent((const xmlNode *)a);
	return (const char *)*owned;
}

static const char *elem_text(const xmlNode *n, xmlChar **owned)
{
	*owned = NULL;
	if (!n->children)
		return "";
	if (!n->children->next && n->children->type == XML_TEXT_NODE)
		return (const char *)n->children->content;
	*owned = xmlNodeGetContent(n);
	return (const char *)*owned;
}

static bool value_ok(const struct stv_value *v, struct stv_text t)
{
	if (v->kind != STV_K_ENUM)
		return kinds[v->kind].ok(t);
	for (size_t i = 0; v->choices[i]; i++)
		if (text_is(t, v->choices[i]))
			return true;
	return false;
}

static const char *value_hint(const struct stv_value *v)
{
	return v->hint ? v->hint : kinds[v->kind].hint;
}

/* A refused value: counted, its field marked, nothing kept. */
static void refuse(struct walk *w, const struct stv_field *f, struct stv_loc loc)
{
	stv_lower_refuse(w->l, f, loc);
}

/*
 * An attribute's value: "<disk type='block'> is not supported; supported:
 * file".  Returns whether it was accepted.
 */
static bool check_attr_value(struct walk *w, const xmlNode *node, const struct stv_attr *a,
			     struct stv_text t, struct stv_loc loc)
{
	char show[SHOW_MAX + 4], list[LIST_MAX];
	if (value_ok(&a->value, t)) {
		if (a->field && !a->ignored)
			stv_lower_value(w->l, a->field, &a->value, a->unit, node, t, loc);
		return true;
	}
	if (a->value.kind == STV_K_ENUM)
		stv_report(w->d, a->value.rule, loc, value_hint(&a->value),
			   "<%s %s='%s'> is not supported; supported: %s",
			   xname(node), a->name, shown(t, show),
			   join(list, sizeof list, a->value.choices, choice_item));
	else if (!w->moot)
		stv_report(w->d, a->value.rule, loc, value_hint(&a->value),
			   "%s '%s' of <%s> %s", a->name, shown(t, show),
			   xname(node), kinds[a->value.kind].problem);
	refuse(w, a->field, loc);
	return false;
}

/* The element's text: "<on_crash>preserve</on_crash> is not supported; ...". */
static void check_text_value(struct walk *w, const xmlNode *node, const struct stv_elem *e,
			     struct stv_text t, struct stv_loc loc)
{
	const struct stv_value *v = &e->text;
	char show[SHOW_MAX + 4], list[LIST_MAX];
	if (value_ok(v, t)) {
		if (e->field)
			stv_lower_value(w->l, e->field, v, e->unit, node, t, loc);
		return;
	}
	if (v->kind == STV_K_ENUM)
		stv_report(w->d, v->rule, loc, value_hint(v),
			   "<%s>%s</%s> is not supported; supported: %s",
			   xname(node), shown(t, show), xname(node),
			   join(list, sizeof list, v->choices, choice_item));
	else if (!w->moot)
		stv_report(w->d, v->rule, loc, value_hint(v), "<%s> '%s' %s",
			   xname(node), shown(t, show), kinds[v->kind].problem);
	refuse(w, e->field, loc);
}

static const struct stv_note *find_note(const char *element, const char *attribute)
{
	const struct stv_note *n = stv_subset_notes;
	for (; n->element; n++)
		if (strcmp(n->element, element) == 0 &&
		    (n->attribute && attribute ? strcmp(n->attribute, attribute) == 0
					       : n->attribute == attribute))
			return n;
	return n;	/* the terminator: the usual rule, no hint */
}

/*
 * The note for child element name inside parent: one written for it there
 * ("cpu>model": a CPU model, not a NIC's), else one for the name anywhere.
 */
static const struct stv_note *find_child_note(const char *parent, const char *name)
{
	size_t np = strlen(parent);
	for (const struct stv_note *n = stv_subset_notes; n->element; n++)
		if (!n->attribute && strncmp(n->element, parent, np) == 0 &&
		    n->element[np] == '>' && strcmp(n->element + np + 1, name) == 0)
			return n;
	return find_note(name, NULL);
}

static void report_unsupported_attr(struct walk *w, const xmlNode *node, const xmlAttr *attr,
				    const struct stv_attr *specs)
{
	char list[LIST_MAX], qname[256];
	const char *prefix = attr->ns && attr->ns->prefix ? (const char *)attr->ns->prefix : "";
	const char *name = (const char *)attr->name;
	const struct stv_note *note = attr->ns ? find_note("", NULL) : find_note(xname(node), name);
	/* located by the name as written; the location is resolved right here */
	snprintf(qname, sizeof qname, "%s%s%s", prefix, *prefix ? ":" : "", name);
	struct stv_loc loc = stv_node_loc(node, qname);
	join(list, sizeof list, specs, attr_item);
	/* a note of the schema's may name the rule and say why (the terminator: neither) */
	if (note->element && note->message)
		stv_report(w->d, note->rule, loc, note->hint, "%s", note->message);
	else
		stv_report(w->d, note->element ? note->rule : STV_R_UNSUPPORTED_ATTRIBUTE, loc,
			   note->hint, "attribute '%s' of <%s> is not supported by StratoVirt; %s%s",
			   qname, xname(node), list[0] ? "supported: " : "it takes no attributes", list);
	loc.attr = NULL;	/* qname does not outlive this call */
	refuse(w, NULL, loc);
}

static const struct stv_attr *find_attr(const struct stv_attr *specs, const xmlAttr *attr)
{
	if (attr->ns)
		return NULL;	/* no attribute in a namespace is supported */
	for (const struct stv_attr *a = specs; a->name; a++)
		if (strcmp(a->name, (const char *)attr->name) == 0)
			return a;
	return NULL;
}

static void report_missing_attr(struct walk *w, const xmlNode *node, const struct stv_attr *a)
{
	char list[LIST_MAX] = "";
	struct stv_loc loc = stv_node_loc(node, NULL);
	if (a->value.kind == STV_K_ENUM)
		join(list, sizeof list, a->value.choices, choice_item);
	stv_report(w->d, a->missing_rule, loc, a->missing_hint,
		   "<%s> needs attribute '%s'%s%s%s", xname(node), a->name,
		   list[0] ? " (supported: " : "", list, list[0] ? ")" : "");
	refuse(w, a->field, loc);
}

/*
 * The attributes of node.  Returns whether one that says what the element
 * is (stv:shape: <interface type='user'>) was refused: what an element of
 * the supported kind holds is then moot.
 */
static bool check_attrs(struct walk *w, const xmlNode *node, const struct stv_attr *specs)
{
	size_t unsupported = 0;
	uint64_t seen = 0;
	bool kind_refused = false;
	for (const xmlAttr *attr = node->properties; attr; attr = attr->next) {
		const struct stv_attr *a = find_attr(specs, attr);
		if (!a && w->moot) {
			refuse(w, NULL, stv_node_loc(node, NULL));
			continue;
		}
		if (!a) {
			if (++unsupported <= MAX_ATTR_FINDINGS)
				report_unsupported_attr(w, node, attr, specs);
			continue;
		}
		seen |= UINT64_C(1) << ((a - specs) & 63);
		xmlChar *owned;
		struct stv_text t = trim(attr_text(attr, &owned));
		if (!check_attr_value(w, node, a, t, stv_node_loc(node, a->name)))
			kind_refused |= a->shape;
		xmlFree(owned);
	}
	if (unsupported > MAX_ATTR_FINDINGS)
		stv_report(w->d, STV_R_UNSUPPORTED_ATTRIBUTE, stv_node_loc(node, NULL), NULL,
			   "<%s> has %zu more attributes that StratoVirt does not support",
			   xname(node), unsupported - MAX_ATTR_FINDINGS);
	for (const struct stv_attr *a = specs; a->name && !w->moot; a++)
		if (a->required && !(seen & (UINT64_C(1) << ((a - specs) & 63))))
			report_missing_attr(w, node, a);
	return kind_refused;
}

static bool is_text(const xmlNode *n)
{
	return n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE;
}

/*
 * Where stray text starts, found only when it is reported: libxml2 gives a
 * text node the line where it ends, so it starts as many lines earlier as
 * it has newlines after its first word, at the first place that word shows
 * on that line.  A text node has no recorded offset of its own.
 */
static struct stv_loc text_loc(const struct walk *w, const xmlNode *parent, const xmlNode *n,
			       struct stv_text t)
{
	const struct stv_source *src = w->d->src;
	long line = xmlGetLineNo(n);
	for (const char *p = t.s; *p; p++)
		line -= *p == '\n';
	struct stv_loc loc = stv_node_loc(parent, NULL);
	if (!src || line < 1 || (size_t)line > src->nlines)
		return loc;
	size_t word = 0;
	while (word < t.n && !is_xml_space(t.s[word]))
		word++;
	const char *start = src->buf + src->line_start[line - 1];
	const char *end = src->buf + ((size_t)line < src->nlines ? src->line_start[line] : src->len);
	for (const char *p = start; word && p + word <= end; p++)
		if (memcmp(p, t.s, word) == 0)
			return (struct stv_loc){ (size_t)(p - src->buf) + 1, NULL, STV_LOC_RUN };
	return (struct stv_loc){ (size_t)(start - src->buf) + 1, NULL, STV_LOC_RUN };
}

static void report_text(struct walk *w, const xmlNode *parent, const xmlNode *n)
{
	char show[SHOW_MAX + 4];
	struct stv_text t = trim((const char *)n->content);
	if (t.n == 0)
		return;
	struct stv_loc loc = text_loc(w, parent, n, t);
	stv_report(w->d, STV_R_UNEXPECTED_TEXT, loc, "remove the text or put it in an element",
		   "text '%s' in <%s>, where only elements are allowed",
		   shown(t, show), xname(parent));
	refuse(w, NULL, loc);
}

static void report_unsupported_child(struct walk *w, const xmlNode *parent, const xmlNode *n,
				     const struct stv_child *children)
{
	char list[LIST_MAX];
	struct stv_loc loc = stv_node_loc(n, NULL);
	refuse(w, NULL, loc);
	if (w->moot)
		return;
	if (n->ns) {
		const char *prefix = n->ns->prefix ? (const char *)n->ns->prefix : "";
		stv_report(w->d, STV_R_UNSUPPORTED_ELEMENT, loc,
			   "elements in another namespace may appear only inside <metadata>",
			   "<%s%s%s> in <%s> is not supported by StratoVirt",
			   prefix, *prefix ? ":" : "", xname(n), xname(parent));
		return;
	}
	const struct stv_note *note = find_child_note(xname(parent), xname(n));
	if (note->message) {
		stv_report(w->d, note->rule, loc, note->hint, "%s", note->message);
		return;
	}
	join(list, sizeof list, children ? (const void *)children
					 : (const void *)&(const struct stv_child){ NULL, 0, 0, 0, NULL },
	     child_item);
	if (!list[0])
		stv_report(w->d, note->rule, loc, note->hint,
			   "<%s> is not supported by StratoVirt; <%s> takes no elements",
			   xname(n), xname(parent));
	else
		stv_report(w->d, note->rule, loc, note->hint,
			   "<%s> is not supported by StratoVirt; supported in <%s>: %s",
			   xname(n), xname(parent), list);
}

static int find_child(const struct stv_child *c, const xmlNode *n)
{
	if (n->ns || !c)
		return -1;
	for (int i = 0; c[i].elem; i++)
		if (strcmp(c[i].elem->name, xname(n)) == 0)
			return i;
	return -1;
}

static void walk_element(struct walk *w, const xmlNode *node, const struct stv_elem *e,
			 bool keep);

static void walk_children(struct walk *w, const xmlNode *node, const struct stv_child *children)
{
	unsigned count[MAX_CHILDREN] = { 0 };
	const xmlNode *first[MAX_CHILDREN] = { NULL };
	for (const xmlNode *n = node->children; n; n = n->next) {
		if (is_text(n)) {
			report_text(w, node, n);
			continue;
		}
		if (n->type != XML_ELEMENT_NODE)
			continue;	/* comments and processing instructions */
		int i = find_child(children, n);
		if (i < 0 || i >= MAX_CHILDREN) {
			report_unsupported_child(w, node, n, children);
			continue;
		}
		const struct stv_child *c = &children[i];
		bool again = ++count[i] > c->max;
		if (again) {
			struct stv_loc loc = stv_node_loc(n, NULL);
			stv_report(w->d, STV_R_DUPLICATE_ELEMENT, loc, c->hint,
				   "<%s> appears again in <%s>, where it may appear once "
				   "(first at line %d)", xname(n), xname(node),
				   stv_loc_line(w->d, stv_node_loc(first[i], NULL)));
			refuse(w, NULL, loc);
		} else if (!first[i]) {
			first[i] = n;
		}
		/* A repeated one is checked, not kept: the first one stands. */
		walk_element(w, n, c->elem, !again);
	}
	for (int i = 0; !w->moot && children && children[i].elem && i < MAX_CHILDREN; i++) {
		const struct stv_child *c = &children[i];
		if (count[i] >= c->min)
			continue;
		struct stv_loc loc = stv_node_loc(node, NULL);
		stv_report(w->d, c->missing_rule, loc, c->hint, "<%s> has no <%s>; it is required",
			   xname(node), c->elem->name);
		refuse(w, NULL, loc);
	}
}

/* Text of an element; child elements are reported as unsupported. */
static void walk_text(struct walk *w, const xmlNode *node, const struct stv_elem *e)
{
	for (const xmlNode *n = node->children; n; n = n->next)
		if (n->type == XML_ELEMENT_NODE)
			report_unsupported_child(w, node, n, NULL);
	xmlChar *owned;
	struct stv_text t = trim(elem_text(node, &owned));
	struct stv_loc loc = stv_node_loc(node, NULL);
	loc.part = STV_LOC_TEXT;
	check_text_value(w, node, e, t, loc);
	xmlFree(owned);
}

/*
 * Elements of one name: the selecting attribute picks the variant, or its
 * absence the one variant where it is optional.
 */
static void walk_select(struct walk *w, const xmlNode *node, const struct stv_select *sel,
			bool keep)
{
	char list[LIST_MAX], show[SHOW_MAX + 4];
	const xmlAttr *a = node->properties;
	while (a && (a->ns || strcmp((const char *)a->name, sel->attr) != 0))
		a = a->next;
	if (!a && sel->absent) {
		walk_element(w, node, sel->absent, keep);
		return;
	}
	if (!a) {
		struct stv_loc loc = stv_node_loc(node, NULL);
		join(list, sizeof list, sel->variants, variant_item);
		stv_report(w->d, STV_R_MISSING_ATTRIBUTE, loc, sel->hint,
			   "<%s> needs attribute '%s' (supported: %s)", xname(node), sel->attr,
			   list);
		refuse(w, NULL, loc);
		stv_lower_refused_element(w->l, node);
		return;
	}
	xmlChar *owned;
	struct stv_text t = trim(attr_text(a, &owned));
	const struct stv_variant *v = sel->variants;
	while (v->value && !text_is(t, v->value))
		v++;
	if (v->value) {
		walk_element(w, node, v->elem, keep);
	} else {
		struct stv_loc loc = stv_node_loc(node, sel->attr);
		join(list, sizeof list, sel->variants, variant_item);
		stv_report(w->d, sel->rule, loc, sel->hint,
			   "<%s %s='%s'> is not supported; supported: %s",
			   xname(node), sel->attr, shown(t, show), list);
		refuse(w, NULL, loc);
		stv_lower_refused_element(w->l, node);
	}
	xmlFree(owned);
}

static void walk_element(struct walk *w, const xmlNode *node, const struct stv_elem *e,
			 bool keep)
{
	if (e->select) {
		walk_select(w, node, e->select, keep);
		return;
	}
	struct stv_loc loc = stv_node_loc(node, NULL);
	if (e->warns)
		stv_report(w->d, e->warn_rule, loc, e->warn_hint, "%s", e->warn_message);
	stv_lower_enter(w->l, e, node, loc, keep);
	bool kind_refused = check_attrs(w, node, e->attrs);
	w->moot += kind_refused;
	switch (e->content) {
	case STV_C_ANY:
		break;
	case STV_C_TEXT:
		walk_text(w, node, e);
		break;
	case STV_C_EMPTY:
		walk_children(w, node, NULL);
		break;
	case STV_C_ELEMENTS:
		walk_children(w, node, e->children);
		break;
	}
	w->moot -= kind_refused;
	stv_lower_leave(w->l, e, keep);
}

void stv_walk(const struct stv_source *src, xmlDocPtr doc, struct stv_diags *d,
	      struct stv_lower *l)
{
	struct walk w = { d, l, 0 };
	const xmlNode *root = doc ? xmlDocGetRootElement(doc) : NULL;
	(void)src;
	if (!root)
		return;
	struct stv_loc loc = stv_node_loc(root, NULL);
	stv_lower_root(l, loc);
	if (strcmp(xname(root), stv_subset_root->name) != 0) {
		stv_report(d, STV_R_UNSUPPORTED_ELEMENT, loc, "a domain starts with <domain type='kvm'>",
			   "the root element <%s> is not supported; it must be <domain>",
			   xname(root));
		refuse(&w, NULL, loc);
		return;
	}
	if (root->ns) {
		char show[SHOW_MAX + 4];
		stv_report(d, STV_R_UNSUPPORTED_ELEMENT, loc,
			   "remove the xmlns declaration from <domain>",
			   "<domain> in namespace '%s' is not supported: domain XML has no namespace",
			   shown(trim((const char *)root->ns->href), show));
		refuse(&w, NULL, loc);
		return;
	}
	walk_element(&w, root, stv_subset_root, true);
}
