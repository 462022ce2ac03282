/*
 * --emit=xml: the domain normalised from the IR, as libvirt writes a domain
 * once it is defined: defaults explicit, every PCI address, the root ports
 * and virtio-serial controller stv created, generated MACs, tap names and
 * ids (as <alias>) written in.  It is built from the IR, not copied from
 * the input, so what it says is exactly what the argv was built from, and
 * compiling it again gives the same argv (tests/check-roundtrip.sh).
 *
 * libxml2's text writer does the escaping.  Attribute values are
 * double-quoted: the writer escapes '"' in values but not '\'', so single
 * quotes (libvirt's habit) could produce broken XML.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/xmlwriter.h>

#include "emit.h"

struct xw {
	xmlTextWriterPtr w;
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

static void attrf(struct xw *x, const char *name, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void attrf(struct xw *x, const char *name, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *v = stv_vasprintf(fmt, ap);
	va_end(ap);
	if (!v) {
		x->rc = -1;
		return;
	}
	attr(x, name, v);
	free(v);
}

static void text(struct xw *x, const char *s)
{
	if (xmlTextWriterWriteString(x->w, BAD_CAST s) < 0)
		x->rc = -1;
}

/* <name>text</name> */
static void text_elem(struct xw *x, const char *name, const char *s)
{
	start(x, name);
	text(x, s);
	end(x);
}

static void u64_elem(struct xw *x, const char *name, uint64_t v)
{
	char buf[24];
	snprintf(buf, sizeof buf, "%" PRIu64, v);
	text_elem(x, name, buf);
}

/* <name attr='value'/> */
static void elem1(struct xw *x, const char *name, const char *a, const char *v)
{
	start(x, name);
	attr(x, a, v);
	end(x);
}

/* ---- names ---- */

/* ---- domain-level parts ---- */

/* A size in the largest of KiB or bytes that is exact, as libvirt does. */
static void size_attrs(struct xw *x, const char *size_attr, uint64_t bytes)
{
	if (bytes % 1024 == 0) {
		attrf(x, size_attr, "%" PRIu64, bytes / 1024);
		attr(x, "unit", "KiB");
	} else {
		attrf(x, size_attr, "%" PRIu64, bytes);
		attr(x, "unit", "b");
	}
}

static void memory_elem(struct xw *x, const char *name, uint64_t bytes)
{
	char buf[24];

	start(x, name);
	if (bytes % 1024 == 0) {
		attr(x, "unit", "KiB");
		snprintf(buf, sizeof buf, "%" PRIu64, bytes / 1024);
	} else {
		attr(x, "unit", "b");
		snprintf(buf, sizeof buf, "%" PRIu64, bytes);
	}
	text(x, buf);
	end(x);
}

static void memory_parts(struct xw *x, const struct stv_domain *dom)
{
	memory_elem(x, "memory", dom->memory.v);
	/* StratoVirt starts with all memory: currentMemory equals memory. */
	memory_elem(x, "currentMemory", dom->memory.v);
	if (dom->hugepages) {
		start(x, "memoryBacking");
		start(x, "hugepages");
		if (dom->hugepage_size.set) {
			start(x, "page");
			size_attrs(x, "size", dom->hugepage_size.v);
			end(x);
		}
		end(x);
		end(x);
	}
	start(x, "vcpu");
	attr(x, "placement", "static");
	char buf[24];
	snprintf(buf, sizeof buf, "%" PRIu64, dom->vcpus.v);
	text(x, buf);
	end(x);
	if (dom->iothreads.set)
		u64_elem(x, "iothreads", dom->iothreads.v);
}

static void os_parts(struct xw *x, const struct stv_domain *dom)
{
	start(x, "os");
	start(x, "type");
	attr(x, "arch", stv_arch_name(dom->arch));
	attr(x, "machine", stv_machine_name(dom->arch));
	text(x, "hvm");
	end(x);
	if (dom->loader.s) {
		start(x, "loader");
		attr(x, "readonly", "yes");
		attr(x, "type", "pflash");
		text(x, dom->loader.s);
		end(x);
	}
	if (dom->nvram.s)
		text_elem(x, "nvram", dom->nvram.s);
	if (dom->kernel.s)
		text_elem(x, "kernel", dom->kernel.s);
	if (dom->initrd.s)
		text_elem(x, "initrd", dom->initrd.s);
	if (dom->cmdline.s)
		text_elem(x, "cmdline", dom->cmdline.s);
	end(x);

	start(x, "features");
	start(x, "acpi");
	end(x);
	if (dom->arch == STV_ARCH_AARCH64)	/* implied version 3, written out */
		elem1(x, "gic", "version", "3");
	end(x);
	elem1(x, "clock", "offset", "utc");
	text_elem(x, "on_poweroff", stv_action_name(dom->on_poweroff));
	text_elem(x, "on_reboot", stv_action_name(dom->on_reboot));
	text_elem(x, "on_crash", stv_action_name(dom->on_crash));
}

/* ---- devices ---- */

static void address(struct xw *x, const struct stv_pci_addr *a)
{
	if (!a->present)
		return;
	start(x, "address");
	attr(x, "type", "pci");
	attrf(x, "domain", "0x%04" PRIx64, a->domain.v);
	attrf(x, "bus", "0x%02" PRIx64, a->bus.v);
	attrf(x, "slot", "0x%02" PRIx64, a->slot.v);
	attrf(x, "function", "0x%" PRIx64, a->function.v);
	if (a->multifunction)
		attr(x, "multifunction", "on");
	end(x);
}

/* The device's id, generated or not, becomes its alias. */
static void alias(struct xw *x, const struct stv_device *dev)
{
	if (dev->id)
		elem1(x, "alias", "name", dev->id);
}

static void root_port(struct xw *x, const struct stv_root_port *p)
{
	start(x, "controller");
	attr(x, "type", "pci");
	attrf(x, "index", "%u", p->index);
	attr(x, "model", "pcie-root-port");
	if (p->port.set) {
		start(x, "target");
		attrf(x, "chassis", "%u", p->index);
		attrf(x, "port", "0x%" PRIx64, p->port.v);
		end(x);
	}
	if (p->alias.s)
		elem1(x, "alias", "name", p->alias.s);
	address(x, &p->addr);
	end(x);
}

static void controllers(struct xw *x, const struct stv_domain *dom)
{
	start(x, "controller");
	attr(x, "type", "pci");
	attr(x, "index", "0");
	attr(x, "model", "pcie-root");
	end(x);
	for (size_t i = 0; i < dom->nports; i++)
		root_port(x, &dom->ports[i]);
}

static void disk(struct xw *x, const struct stv_device *dev)
{
	const struct stv_disk *k = &dev->u.disk;

	start(x, "disk");
	attr(x, "type", "file");
	attr(x, "device", "disk");
	start(x, "driver");
	attr(x, "name", "qemu");
	attr(x, "type", "raw");
	if (k->iothread.set)
		attrf(x, "iothread", "%" PRIu64, k->iothread.v);
	if (k->queues.set)
		attrf(x, "queues", "%" PRIu64, k->queues.v);
	end(x);
	if (k->source.s)
		elem1(x, "source", "file", k->source.s);
	start(x, "target");
	if (k->target.s)
		attr(x, "dev", k->target.s);
	attr(x, "bus", "virtio");
	end(x);
	if (k->iops.set) {
		start(x, "iotune");
		u64_elem(x, "total_iops_sec", k->iops.v);
		end(x);
	}
	if (k->boot_order.set) {
		start(x, "boot");
		attrf(x, "order", "%" PRIu64, k->boot_order.v);
		end(x);
	}
	if (k->readonly) {
		start(x, "readonly");
		end(x);
	}
	if (k->serial.s)
		text_elem(x, "serial", k->serial.s);
	alias(x, dev);
	address(x, &dev->addr);
	end(x);
}

static void interface(struct xw *x, const struct stv_device *dev)
{
	const struct stv_net *k = &dev->u.net;

	start(x, "interface");
	attr(x, "type", "bridge");
	if (k->mac.s)
		elem1(x, "mac", "address", k->mac.s);
	if (k->bridge.s)
		elem1(x, "source", "bridge", k->bridge.s);
	if (k->tap.s)
		elem1(x, "target", "dev", k->tap.s);
	elem1(x, "model", "type", "virtio");
	start(x, "driver");
	attr(x, "name", k->vhost ? "vhost" : "qemu");
	if (k->queues.set)
		attrf(x, "queues", "%" PRIu64, k->queues.v);
	end(x);
	alias(x, dev);
	address(x, &dev->addr);
	end(x);
}

static void balloon(struct xw *x, const struct stv_device *dev)
{
	start(x, "memballoon");
	attr(x, "model", "virtio");
	/* libvirt's place for autodeflate, whichever form the input used */
	if (dev->u.balloon.autodeflate >= 0)
		attr(x, "autodeflate", dev->u.balloon.autodeflate ? "on" : "off");
	alias(x, dev);
	address(x, &dev->addr);
	end(x);
}

static void serial(struct xw *x, const struct stv_device *dev)
{
	start(x, "controller");
	attr(x, "type", "virtio-serial");
	attr(x, "index", "0");
	alias(x, dev);
	address(x, &dev->addr);
	end(x);
}

static void console(struct xw *x, const struct stv_device *dev)
{
	const struct stv_console *k = &dev->u.console;

	start(x, "console");
	switch (k->type) {
	case STV_CONSOLE_PTY:
		attr(x, "type", "pty");
		break;
	case STV_CONSOLE_FILE:
		attr(x, "type", "file");
		if (k->path.s)
			elem1(x, "source", "path", k->path.s);
		break;
	case STV_CONSOLE_UNIX:
		attr(x, "type", "unix");
		if (k->path.s) {
			start(x, "source");
			attr(x, "mode", "bind");
			attr(x, "path", k->path.s);
			end(x);
		}
		break;
	}
	start(x, "target");
	attr(x, "type", "virtio");
	attr(x, "port", "0");
	end(x);
	alias(x, dev);
	end(x);
}

static void rng(struct xw *x, const struct stv_device *dev)
{
	const struct stv_rng *k = &dev->u.rng;

	start(x, "rng");
	attr(x, "model", "virtio");
	if (k->bytes.set) {
		start(x, "rate");
		attrf(x, "period", "%" PRIu64, k->period.set ? k->period.v : STV_RNG_PERIOD_MS);
		attrf(x, "bytes", "%" PRIu64, k->bytes.v);
		end(x);
	}
	start(x, "backend");
	attr(x, "model", "random");
	if (k->backend.s)
		text(x, k->backend.s);
	end(x);
	alias(x, dev);
	address(x, &dev->addr);
	end(x);
}

static void vsock(struct xw *x, const struct stv_device *dev)
{
	start(x, "vsock");
	attr(x, "model", "virtio");
	start(x, "cid");
	attr(x, "auto", "no");
	attrf(x, "address", "%" PRIu64, dev->u.vsock.cid.v);
	end(x);
	alias(x, dev);
	address(x, &dev->addr);
	end(x);
}

static void device(struct xw *x, const struct stv_device *dev)
{
	switch (dev->kind) {
	case STV_DEV_DISK: disk(x, dev); return;
	case STV_DEV_NET: interface(x, dev); return;
	case STV_DEV_BALLOON: balloon(x, dev); return;
	case STV_DEV_SERIAL: serial(x, dev); return;
	case STV_DEV_CONSOLE: console(x, dev); return;
	case STV_DEV_RNG: rng(x, dev); return;
	case STV_DEV_VSOCK: vsock(x, dev); return;
	case STV_DEV_KIND_COUNT: return;
	}
}

static void domain(struct xw *x, const struct stv_domain *dom)
{
	start(x, "domain");
	attr(x, "type", "kvm");
	text_elem(x, "name", dom->name.s ? dom->name.s : "");
	if (dom->uuid.s)
		text_elem(x, "uuid", dom->uuid.s);
	memory_parts(x, dom);
	os_parts(x, dom);
	start(x, "devices");
	text_elem(x, "emulator", dom->emulator.s);
	controllers(x, dom);
	for (size_t i = 0; i < dom->ndevs; i++)
		device(x, &dom->devs[i]);
	end(x);
	end(x);
}

int stv_emit_xml(const struct stv_emit_ctx *ctx, struct stv_buf *out, struct stv_diags *d)
{
	xmlBufferPtr buf = xmlBufferCreate();
	xmlTextWriterPtr w = buf ? xmlNewTextWriterMemory(buf, 0) : NULL;
	struct xw x = { .w = w, .rc = 0 };

	(void)d;
	if (!w || !ctx->dom) {
		x.rc = -1;
		goto out;
	}
	if (xmlTextWriterSetIndent(w, 1) < 0 ||
	    xmlTextWriterSetIndentString(w, BAD_CAST "  ") < 0)
		x.rc = -1;
	domain(&x, ctx->dom);
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
