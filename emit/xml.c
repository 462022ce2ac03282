/*
 * --emit=xml: the domain normalised from the IR, as libvirt writes a domain
 * once it is defined: defaults explicit, every PCI address, the devices stv
 * implied, generated MACs, tap names and ids (as <alias>) written in.
 *
 * It walks the subset's tables (subset.h), the same ones lowering filled
 * the IR from, so every field the schema accepts is written back from where
 * lowering put it and a new attribute needs no code here: an element is
 * written when it is required or something in it holds a value; an
 * attribute with one possible value is written as that value; a choice as
 * its word; a number as stv:format says; a size in KiB (or bytes when it is
 * not a whole KiB) with its unit.  Elements the schema marks as ignored are
 * not written.  Devices come in IR order, root ports first.  Compiling the
 * output again gives the same argv (tests/check-roundtrip.sh).
 *
 * libxml2's text writer does the escaping.  Attribute values are
 * double-quoted: the writer escapes '"' in values but not '\'', so single
 * quotes (libvirt's habit) could produce broken XML.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/xmlwriter.h>

#include "../compiler/subset.h"
#include "emit.h"

struct xw {
	xmlTextWriterPtr w;
	struct stv_domain *dom;
	int rc;			/* -1 once anything failed */
};

/* ---- writer helpers: errors are sticky, checked once at the end ---- */

static void start(struct xw *x, const char *name)
{
	if (xmlTextWriterStartElement(x->w, BAD_CAST name) < 0)
		x->rc = -1;
}

static void end(struct xw *x)
{
	if (xmlTextWriterEndElement(x->w) < 0)
		x->rc = -1;
}

static void attr(struct xw *x, const char *name, const char *value)
{
	if (xmlTextWriterWriteAttribute(x->w, BAD_CAST name, BAD_CAST value) < 0)
		x->rc = -1;
}

static void text(struct xw *x, const char *s)
{
	if (xmlTextWriterWriteString(x->w, BAD_CAST s) < 0)
		x->rc = -1;
}

/* ---- values ---- */

/* The object a field lives in: the domain, or the device being written. */
static void *object(const struct xw *x, const struct stv_field *f, struct stv_device *dev)
{
	if (!f->device)
		return x->dom;
	if (!dev || (f->kind >= 0 && f->kind != (int)dev->kind))
		return NULL;
	return dev;
}

static bool has(const struct xw *x, const struct stv_field *f, struct stv_device *dev)
{
	void *obj = f ? object(x, f, dev) : NULL;
	return obj && stv_field_has(f, obj);
}

static void number(char *buf, size_t n, uint64_t v, enum stv_format fmt)
{
	switch (fmt) {
	case STV_FMT_DEC: snprintf(buf, n, "%" PRIu64, v); return;
	case STV_FMT_HEX: snprintf(buf, n, "0x%" PRIx64, v); return;
	case STV_FMT_HEX2: snprintf(buf, n, "0x%02" PRIx64, v); return;
	case STV_FMT_HEX4: snprintf(buf, n, "0x%04" PRIx64, v); return;
	}
}

/* A size, as libvirt writes one: KiB when exact, else bytes. */
static const char *size_unit(uint64_t bytes)
{
	return bytes % 1024 == 0 ? "KiB" : "b";
}

/* The text of field f (with value type), into buf; NULL when it has none. */
static const char *value_text(const struct xw *x, const struct stv_field *f,
			      const struct stv_value *type, struct stv_device *dev,
			      char *buf, size_t n)
{
	void *obj = object(x, f, dev);
	if (!obj || !stv_field_has(f, obj))
		return NULL;
	switch (f->store) {
	case STV_STORE_STR:
		return f->str(obj)->s;
	case STV_STORE_NUM:
		number(buf, n, f->num(obj)->v, f->format);
		return buf;
	case STV_STORE_SIZE: {
		uint64_t bytes = f->num(obj)->v;
		snprintf(buf, n, "%" PRIu64, bytes % 1024 == 0 ? bytes / 1024 : bytes);
		return buf;
	}
	case STV_STORE_CHOICE:
		return stv_choice_word(type, f->choice(obj)->v);
	case STV_STORE_FLAG:
		return NULL;
	}
	return NULL;
}

/* The one word of a value that can be only that, or NULL. */
static const char *fixed(const struct stv_value *type)
{
	if (type->kind == STV_K_ENUM && type->choices[0] && !type->choices[1])
		return type->choices[0];
	return NULL;
}

/* ---- which elements say something ---- */

static bool matches(const struct xw *x, const struct stv_elem *e, struct stv_device *dev);
static bool choices_agree(const struct xw *x, const struct stv_elem *e, struct stv_device *dev);
static bool has_content(const struct xw *x, const struct stv_elem *e, struct stv_device *dev);

/*
 * The variant of a select that describes dev (or the domain), or NULL: the
 * first that matches and holds a value (a disk's <address> is type='pci'
 * or type='drive' by what the disk holds), else the first that matches.
 */
static const struct stv_elem *variant(const struct xw *x, const struct stv_elem *e,
				      struct stv_device *dev)
{
	const struct stv_elem *first = NULL;
	for (const struct stv_variant *v = e->select->variants; v->value; v++) {
		const struct stv_elem *leaf = v->elem;
		if (leaf->select)
			leaf = variant(x, leaf, dev);
		if (!leaf || !matches(x, leaf, dev))
			continue;
		if (has_content(x, leaf, dev))
			return leaf;
		if (!first)
			first = leaf;
	}
	return first;
}

/*
 * Whether leaf e is the element for dev: of dev's kind, with every choice
 * it fixes held by the device.  With dev NULL, whether e describes
 * something of the domain's (it is not a device's and holds a value).
 */
static bool matches(const struct xw *x, const struct stv_elem *e, struct stv_device *dev)
{
	if (e->ignored)
		return false;
	if (e->device >= 0)
		return dev && dev->kind == (enum stv_dev_kind)e->device && choices_agree(x, e, dev);
	/* inside a device, the variant whose fixed choices it holds (<model type>) */
	return dev ? choices_agree(x, e, dev) : has_content(x, e, NULL);
}

/* Whether the choice attributes of a device's element agree with the device. */
static bool choices_agree(const struct xw *x, const struct stv_elem *e, struct stv_device *dev)
{
	for (const struct stv_attr *a = e->attrs; a->name; a++) {
		const char *want = fixed(&a->value);
		if (!want || !a->field || a->field->store != STV_STORE_CHOICE)
			continue;
		char buf[32];
		const char *have = value_text(x, a->field, &a->value, dev, buf, sizeof buf);
		if (!have || strcmp(have, want) != 0)
			return false;
	}
	return true;
}

static bool has_content(const struct xw *x, const struct stv_elem *e, struct stv_device *dev)
{
	if (e->ignored)
		return false;
	if (e->select) {
		const struct stv_elem *leaf = variant(x, e, dev);
		return leaf && has_content(x, leaf, dev);
	}
	if (e->device >= 0 && (!dev || dev->kind != (enum stv_dev_kind)e->device))
		return false;
	if (has(x, e->field, dev))
		return true;
	for (const struct stv_attr *a = e->attrs; a->name; a++) {
		void *obj = a->field ? object(x, a->field, dev) : NULL;
		if (a->write && obj && a->write(obj))
			return true;
		if (!a->write && has(x, a->field, dev))
			return true;
	}
	for (const struct stv_child *c = e->children; c && c->elem; c++)
		if (has_content(x, c->elem, dev))
			return true;
	return false;
}

/* ---- writing ---- */

static void write_elem(struct xw *x, const struct stv_elem *e, struct stv_device *dev);

/* The unit attribute of a size: the unit its size field will be written in. */
static const char *unit_of(const struct xw *x, const struct stv_elem *e, const char *unit_attr,
			   struct stv_device *dev)
{
	const struct stv_field *size = e->unit && strcmp(e->unit, unit_attr) == 0 ? e->field : NULL;
	for (const struct stv_attr *a = e->attrs; !size && a->name; a++)
		if (a->unit && strcmp(a->unit, unit_attr) == 0)
			size = a->field;
	void *obj = size ? object(x, size, dev) : NULL;
	if (!obj || !stv_field_has(size, obj))
		return NULL;
	return size_unit(size->num(obj)->v);
}

static void write_attrs(struct xw *x, const struct stv_elem *e, struct stv_device *dev)
{
	char buf[32];
	for (const struct stv_attr *a = e->attrs; a->name; a++) {
		const char *v = NULL;
		void *obj = a->field ? object(x, a->field, dev) : (dev ? (void *)dev : x->dom);
		if (a->never_written)
			continue;
		if (a->is_unit)
			v = unit_of(x, e, a->name, dev);
		else if (a->write)
			v = obj ? a->write(obj) : NULL;
		else if (a->field)
			v = a->ignored ? NULL : value_text(x, a->field, &a->value, dev, buf, sizeof buf);
		else if (!a->ignored)
			v = fixed(&a->value);
		if (v)
			attr(x, a->name, v);
	}
}

/* Whether e, or a variant of it, is a device's element. */
static bool is_device_elem(const struct stv_elem *e)
{
	if (!e->select)
		return e->device >= 0;
	for (const struct stv_variant *v = e->select->variants; v->value; v++)
		if (is_device_elem(v->elem))
			return true;
	return false;
}

/* Devices whose element is one of e's children, root ports first, then in IR order. */
static void write_devices(struct xw *x, const struct stv_elem *e)
{
	bool any = false;
	for (const struct stv_child *c = e->children; c && c->elem; c++)
		any |= is_device_elem(c->elem);
	if (!any)
		return;
	for (int ports = 1; ports >= 0; ports--)
		for (size_t i = 0; i < x->dom->ndevs; i++) {
			struct stv_device *dev = &x->dom->devs[i];
			if ((dev->kind == STV_DEV_ROOT_PORT) != ports)
				continue;
			for (const struct stv_elem *const *k = stv_kind_elems[dev->kind]; k && *k; k++)
				if (choices_agree(x, *k, dev)) {
					write_elem(x, *k, dev);
					break;
				}
		}
}

/*
 * The variants of a select that hold something of the domain's, each one:
 * <controller model='pcie-root'/> and <controller type='usb' model='none'/>
 * are both the domain's.
 */
static void write_domain_variants(struct xw *x, const struct stv_elem *e)
{
	for (const struct stv_variant *v = e->select->variants; v->value; v++) {
		const struct stv_elem *leaf = v->elem;
		if (leaf->select)
			write_domain_variants(x, leaf);
		else if (!leaf->ignored && leaf->device < 0 && has_content(x, leaf, NULL))
			write_elem(x, leaf, NULL);
	}
}

static void write_children(struct xw *x, const struct stv_elem *e, struct stv_device *dev)
{
	for (const struct stv_child *c = e->children; c && c->elem; c++) {
		const struct stv_elem *child = c->elem;
		if (child->select && !dev) {
			write_domain_variants(x, child);
			continue;
		}
		if (child->select)
			child = variant(x, child, dev);
		/* devices are written on their own, by write_devices */
		if (!child || child->ignored || child->device >= 0)
			continue;
		if (c->min > 0 || has_content(x, child, dev))
			write_elem(x, child, dev);
	}
	if (!dev)
		write_devices(x, e);
}

static void write_elem(struct xw *x, const struct stv_elem *e, struct stv_device *dev)
{
	char buf[32];
	start(x, e->name);
	write_attrs(x, e, dev);
	switch (e->content) {
	case STV_C_TEXT: {
		const char *v = e->field ? value_text(x, e->field, &e->text, dev, buf, sizeof buf)
					 : fixed(&e->text);
		if (v)
			text(x, v);
		break;
	}
	case STV_C_ELEMENTS:
		write_children(x, e, dev);
		break;
	case STV_C_EMPTY:
	case STV_C_ANY:
		break;
	}
	end(x);
}

int stv_emit_xml(const struct stv_emit_ctx *ctx, struct stv_buf *out, struct stv_diags *d)
{
	xmlBufferPtr buf = xmlBufferCreate();
	xmlTextWriterPtr w = buf ? xmlNewTextWriterMemory(buf, 0) : NULL;
	struct xw x = { .w = w, .dom = (struct stv_domain *)ctx->dom, .rc = 0 };

	(void)d;
	if (!w || !ctx->dom) {
		x.rc = -1;
		goto out;
	}
	if (xmlTextWriterSetIndent(w, 1) < 0 ||
	    xmlTextWriterSetIndentString(w, BAD_CAST "  ") < 0)
		x.rc = -1;
	write_elem(&x, stv_subset_root, NULL);
	if (xmlTextWriterFlush(w) < 0)
		x.rc = -1;
	xmlFreeTextWriter(w);
	w = NULL;
	if (x.rc == 0) {
		stv_buf_put(out, (const char *)xmlBufferContent(buf), (size_t)xmlBufferLength(buf));
		if (out->len == 0 || out->p[out->len - 1] != '\n')
			stv_buf_putc(out, '\n');
		if (out->oom)
			x.rc = -1;
	}
out:
	if (w)
		xmlFreeTextWriter(w);
	if (buf)
		xmlBufferFree(buf);
	return x.rc;
}
