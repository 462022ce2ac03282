/*
 * --emit=json: the argv as an array of strings, and the addressed IR, for
 * tooling.  Keys come in a fixed order and the layout is fixed (two-space
 * indent, one value per line), so the output diffs well and golden files
 * are stable.
 *
 * Strings are escaped by RFC 8259: '"', '\\' and control characters; bytes
 * that are not valid UTF-8 (libxml2 only lets valid UTF-8 through, but the
 * argv also carries option values) become U+FFFD, so the output is always
 * valid JSON.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emit.h"

#define MAX_DEPTH 16	/* the document below nests 4 deep */

struct jw {
	struct stv_buf *out;
	int depth;
	bool first[MAX_DEPTH];	/* nothing written yet at this depth */
	bool pending_key;	/* a key was written: the value goes on its line */
};

/* ---- structure ---- */

static void indent(struct jw *w)
{
	stv_buf_putc(w->out, '\n');
	for (int i = 0; i < w->depth; i++)
		stv_buf_puts(w->out, "  ");
}

/* Before any value: a comma and a new line, unless it follows its key. */
static void before_value(struct jw *w)
{
	if (w->pending_key) {
		w->pending_key = false;
		return;
	}
	if (w->depth == 0)
		return;
	if (!w->first[w->depth])
		stv_buf_putc(w->out, ',');
	w->first[w->depth] = false;
	indent(w);
}

static void key(struct jw *w, const char *k)
{
	before_value(w);
	stv_buf_json_string(w->out, k);
	stv_buf_puts(w->out, ": ");
	w->pending_key = true;
}

static void open_(struct jw *w, char c)
{
	before_value(w);
	stv_buf_putc(w->out, c);
	w->depth++;
	w->first[w->depth] = true;
}

static void close_(struct jw *w, char c)
{
	bool empty = w->first[w->depth];
	w->depth--;
	if (!empty)
		indent(w);
	stv_buf_putc(w->out, c);
}

static void str(struct jw *w, const char *s)
{
	before_value(w);
	if (s)
		stv_buf_json_string(w->out, s);
	else
		stv_buf_puts(w->out, "null");
}

static void u64(struct jw *w, uint64_t v)
{
	before_value(w);
	stv_buf_printf(w->out, "%" PRIu64, v);
}

static void num(struct jw *w, const struct stv_num *n)
{
	if (n->set)
		u64(w, n->v);
	else
		str(w, NULL);
}

static void boolean(struct jw *w, bool v)
{
	before_value(w);
	stv_buf_puts(w->out, v ? "true" : "false");
}

static void kstr(struct jw *w, const char *k, const char *s) { key(w, k); str(w, s); }
static void knum(struct jw *w, const char *k, const struct stv_num *n) { key(w, k); num(w, n); }
static void kbool(struct jw *w, const char *k, bool v) { key(w, k); boolean(w, v); }

/* ---- the domain ---- */

static const char *kind_name(enum stv_dev_kind k)
{
	switch (k) {
	case STV_DEV_DISK: return "disk";
	case STV_DEV_NET: return "interface";
	case STV_DEV_BALLOON: return "memballoon";
	case STV_DEV_SERIAL: return "virtio-serial";
	case STV_DEV_CONSOLE: return "console";
	case STV_DEV_RNG: return "rng";
	case STV_DEV_VSOCK: return "vsock";
	case STV_DEV_KIND_COUNT: break;
	}
	return NULL;
}

static const char *console_type(enum stv_console_type t)
{
	switch (t) {
	case STV_CONSOLE_PTY: return "pty";
	case STV_CONSOLE_FILE: return "file";
	case STV_CONSOLE_UNIX: return "unix";
	}
	return NULL;
}

/* "bus", "slot", "function", "multifunction" of a device: null when none. */
static void address(struct jw *w, const struct stv_pci_addr *a)
{
	char bus[16];

	kstr(w, "bus", a->present ? stv_bus_name((unsigned)a->bus.v, bus) : NULL);
	knum(w, "slot", a->present ? &a->slot : &(struct stv_num){ 0 });
	knum(w, "function", a->present ? &a->function : &(struct stv_num){ 0 });
	kbool(w, "multifunction", a->present && a->multifunction);
	kbool(w, "address_given", a->present && a->user);
}

static void root_port(struct jw *w, const struct stv_root_port *p)
{
	char id[16], addr[24] = "";

	open_(w, '{');
	key(w, "index");
	u64(w, p->index);
	kstr(w, "id", stv_bus_name(p->index, id));
	knum(w, "port", &p->port);
	if (p->addr.present)
		snprintf(addr, sizeof addr, p->addr.function.v ? "0x%" PRIx64 ".0x%" PRIx64 : "0x%" PRIx64,
			 p->addr.slot.v, p->addr.function.v);
	kstr(w, "addr", p->addr.present ? addr : NULL);
	kbool(w, "multifunction", p->addr.multifunction);
	kstr(w, "alias", p->alias.s);
	kbool(w, "generated", p->generated);
	close_(w, '}');
}

static void disk_fields(struct jw *w, const struct stv_disk *k)
{
	kstr(w, "source", k->source.s);
	kstr(w, "target", k->target.s);
	kbool(w, "readonly", k->readonly);
	kstr(w, "serial", k->serial.s);
	knum(w, "boot_order", &k->boot_order);
	knum(w, "iothread", &k->iothread);
	knum(w, "total_iops_sec", &k->iops);
	knum(w, "queues", &k->queues);
}

static void net_fields(struct jw *w, const struct stv_net *k)
{
	kstr(w, "mac", k->mac.s);
	kbool(w, "mac_generated", k->mac_generated);
	kstr(w, "bridge", k->bridge.s);
	kstr(w, "tap", k->tap.s);
	kbool(w, "tap_generated", k->tap_generated);
	kbool(w, "vhost", k->vhost);
	knum(w, "queues", &k->queues);
}

static void kind_fields(struct jw *w, const struct stv_device *dev)
{
	switch (dev->kind) {
	case STV_DEV_DISK:
		disk_fields(w, &dev->u.disk);
		return;
	case STV_DEV_NET:
		net_fields(w, &dev->u.net);
		return;
	case STV_DEV_BALLOON:
		key(w, "autodeflate");
		if (dev->u.balloon.autodeflate < 0)
			str(w, NULL);
		else
			boolean(w, dev->u.balloon.autodeflate);
		return;
	case STV_DEV_SERIAL:
		return;
	case STV_DEV_CONSOLE:
		kstr(w, "type", console_type(dev->u.console.type));
		kstr(w, "path", dev->u.console.path.s);
		return;
	case STV_DEV_RNG:
		kstr(w, "backend_path", dev->u.rng.backend.s);
		knum(w, "bytes", &dev->u.rng.bytes);
		knum(w, "period", &dev->u.rng.period);
		return;
	case STV_DEV_VSOCK:
		knum(w, "cid", &dev->u.vsock.cid);
		return;
	case STV_DEV_KIND_COUNT:
		return;
	}
}

static void device(struct jw *w, const struct stv_device *dev)
{
	open_(w, '{');
	kstr(w, "kind", kind_name(dev->kind));
	kstr(w, "id", dev->id);
	kstr(w, "alias", dev->alias.s);
	kstr(w, "backend", dev->backend_id);
	if (dev->kind != STV_DEV_CONSOLE)
		address(w, &dev->addr);
	kbool(w, "generated", dev->generated);
	key(w, "line");
	u64(w, (uint64_t)(dev->loc.line > 0 ? dev->loc.line : 0));
	kind_fields(w, dev);
	close_(w, '}');
}

static void domain(struct jw *w, const struct stv_domain *dom)
{
	open_(w, '{');
	kstr(w, "name", dom->name.s);
	kstr(w, "uuid", dom->uuid.s);
	kstr(w, "arch", stv_arch_name(dom->arch));
	kstr(w, "machine", stv_machine_name(dom->arch));
	kstr(w, "emulator", dom->emulator.s);
	knum(w, "vcpus", &dom->vcpus);
	key(w, "memory_mib");
	u64(w, dom->memory.v >> 20);
	kbool(w, "hugepages", dom->hugepages);
	knum(w, "hugepage_size", &dom->hugepage_size);

	key(w, "boot");
	open_(w, '{');
	kstr(w, "kernel", dom->kernel.s);
	kstr(w, "initrd", dom->initrd.s);
	kstr(w, "cmdline", dom->cmdline.s);
	kstr(w, "loader", dom->loader.s);
	kstr(w, "nvram", dom->nvram.s);
	close_(w, '}');

	knum(w, "iothreads", &dom->iothreads);
	key(w, "lifecycle");
	open_(w, '{');
	kstr(w, "on_poweroff", stv_action_name(dom->on_poweroff));
	kstr(w, "on_reboot", stv_action_name(dom->on_reboot));
	kstr(w, "on_crash", stv_action_name(dom->on_crash));
	close_(w, '}');

	key(w, "root_ports");
	open_(w, '[');
	for (size_t i = 0; i < dom->nports; i++)
		root_port(w, &dom->ports[i]);
	close_(w, ']');

	key(w, "devices");
	open_(w, '[');
	for (size_t i = 0; i < dom->ndevs; i++)
		device(w, &dom->devs[i]);
	close_(w, ']');
	close_(w, '}');
}

int stv_emit_json(const struct stv_emit_ctx *ctx, struct stv_buf *out, struct stv_diags *d)
{
	struct jw w = { .out = out };

	(void)d;
	if (!ctx->argv || !ctx->dom)
		return -1;
	open_(&w, '{');
	key(&w, "argv");
	open_(&w, '[');
	for (size_t i = 0; i < ctx->argv->n; i++)
		str(&w, ctx->argv->v[i]);
	close_(&w, ']');
	key(&w, "domain");
	domain(&w, ctx->dom);
	close_(&w, '}');
	stv_buf_putc(out, '\n');
	return out->oom ? -1 : 0;
}
