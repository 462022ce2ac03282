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

#include "../compiler/subset.h"
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
	stv_buf_put_u64(w->out, v);
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
/* A choice as its XML word, null when not set. */
static void kchoice(struct jw *w, const char *k, const struct stv_choice *c,
		    const char *const *names)
{
	key(w, k);
	str(w, c->set && !c->refused ? names[c->v] : NULL);
}

/* ---- the domain ---- */

/* "bus", "slot", "function", "multifunction" of a device: null when none. */
static void address(struct jw *w, const struct stv_pci_addr *a)
{
	char bus[16];

	kstr(w, "bus", a->present ? stv_bus_name((unsigned)a->bus.v, bus) : NULL);
	knum(w, "slot", a->present ? &a->slot : &(struct stv_num){ 0 });
	knum(w, "function", a->present ? &a->function : &(struct stv_num){ 0 });
	kbool(w, "multifunction", a->present && stv_is(&a->multifunction, STV_ONOFF_ON));
	kbool(w, "address_given", a->present && a->written.set);
}

/* The last part of a member's path: dev.u.disk.source -> source. */
static const char *member_key(const char *member)
{
	const char *dot = strrchr(member, '.');
	return dot ? dot + 1 : member;
}

struct device_fields {
	struct jw *w;
	struct stv_device *dev;
};

/*
 * A device's own fields, from the schema's: its kind's members, by their
 * names in ir.h (the address and alias have keys of their own).
 */
static void device_field(const struct stv_field *f, const struct stv_value *type, void *ctx)
{
	struct device_fields *df = ctx;
	struct jw *w = df->w;
	if (!f->device || strncmp(f->member, "dev.addr.", 9) == 0 || strcmp(f->member, "dev.alias") == 0)
		return;
	key(w, member_key(f->member));
	void *obj = df->dev;
	switch (f->store) {
	case STV_STORE_STR:
		str(w, f->str(obj)->s);
		return;
	case STV_STORE_NUM:
	case STV_STORE_SIZE:
		num(w, f->num(obj));
		return;
	case STV_STORE_FLAG:
		boolean(w, f->flag(obj)->set);
		return;
	case STV_STORE_CHOICE:
		/* by the enum's words: type is the first variant's, which may lack this code */
		str(w, !stv_field_has(f, obj) ? NULL
			: f->names ? f->names[f->choice(obj)->v]
				   : stv_choice_word(type, f->choice(obj)->v));
		return;
	}
}

static void device(struct jw *w, struct stv_device *dev, const struct stv_source *src)
{
	open_(w, '{');
	kstr(w, "kind", stv_kind_info(dev->kind)->what);
	kstr(w, "id", dev->id);
	kstr(w, "alias", dev->alias.s);
	kstr(w, "backend_id", dev->backend_id);
	if (stv_dev_pci(dev))
		address(w, &dev->addr);
	kbool(w, "generated", dev->generated);
	key(w, "line");
	u64(w, (uint64_t)stv_resolve(src, dev->loc).line);
	struct device_fields df = { w, dev };
	stv_each_field(stv_kind_elems[dev->kind], device_field, &df);
	if (dev->kind == STV_DEV_NET) {
		kbool(w, "mac_generated", dev->u.net.mac_generated);
		kbool(w, "tap_generated", dev->u.net.tap_generated);
	}
	/* null: chosen at start, the argv's -vnc carries STV_VNC_AUTO_DISPLAY */
	if (dev->kind == STV_DEV_GRAPHICS)
		knum(w, "display", &dev->u.graphics.display);
	close_(w, '}');
}

/* <cpu>: null without one. */
static void cpu(struct jw *w, const struct stv_cpu *c)
{
	key(w, "cpu");
	if (!c->present.set) {
		str(w, NULL);
		return;
	}
	open_(w, '{');
	kchoice(w, "mode", &c->mode, stv_cpu_mode_names);
	kchoice(w, "migratable", &c->migratable, stv_onoff_names);
	knum(w, "sockets", &c->sockets);
	knum(w, "dies", &c->dies);
	knum(w, "clusters", &c->clusters);
	knum(w, "cores", &c->cores);
	knum(w, "threads", &c->threads);
	kchoice(w, "pmu", &c->pmu, stv_cpu_policy_names);
	kchoice(w, "sve", &c->sve, stv_cpu_policy_names);
	close_(w, '}');
}

static void domain(struct jw *w, struct stv_domain *dom, const struct stv_source *src)
{
	open_(w, '{');
	kstr(w, "name", dom->name.s);
	kstr(w, "uuid", dom->uuid.s);
	kstr(w, "arch", stv_arch_name((enum stv_arch)dom->arch.v));
	kstr(w, "machine", stv_arch_info((enum stv_arch)dom->arch.v)->machine);
	kstr(w, "emulator", dom->emulator.s);
	knum(w, "vcpus", &dom->vcpus);
	knum(w, "vcpus_current", &dom->vcpus_current);
	cpu(w, &dom->cpu);
	key(w, "memory_mib");
	u64(w, dom->memory.v >> 20);
	kbool(w, "hugepages", dom->hugepages.set);
	knum(w, "hugepage_size", &dom->hugepage_size);
	kchoice(w, "memory_source", &dom->memory_source, stv_memory_source_names);
	kchoice(w, "memory_access", &dom->memory_access, stv_memory_access_names);

	key(w, "boot");
	open_(w, '{');
	kstr(w, "kernel", dom->kernel.s);
	kstr(w, "initrd", dom->initrd.s);
	kstr(w, "cmdline", dom->cmdline.s);
	kstr(w, "loader", dom->loader.s);
	kstr(w, "nvram", dom->nvram.s);
	kstr(w, "nvram_template", dom->nvram_template.s);
	close_(w, '}');

	kchoice(w, "smbios_mode", &dom->smbios_mode, stv_smbios_mode_names);
	kbool(w, "sysinfo", dom->sysinfo.present.set);
	knum(w, "iothreads", &dom->iothreads);
	key(w, "lifecycle");
	open_(w, '{');
	kstr(w, "on_poweroff", stv_action_name((enum stv_action)dom->on_poweroff.v));
	kstr(w, "on_reboot", stv_action_name((enum stv_action)dom->on_reboot.v));
	kstr(w, "on_crash", stv_action_name((enum stv_action)dom->on_crash.v));
	close_(w, '}');

	key(w, "devices");
	open_(w, '[');
	for (size_t i = 0; i < dom->ndevs; i++)
		device(w, &dom->devs[i], src);
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
	domain(&w, (struct stv_domain *)ctx->dom, ctx->src);
	close_(&w, '}');
	stv_buf_putc(out, '\n');
	return out->oom ? -1 : 0;
}
