/*
 * The StratoVirt command line: the one place that decides it
 * (argv-mapping.md, "Order and mapping").  Every emitter that starts the
 * emulator prints the list built here.
 *
 * StratoVirt splits option values on every ',' (and, since 2.5, '=') with
 * no escape, and takes a word starting with '-' for an option.  check.c
 * rejects such values earlier with better locations; this file refuses
 * them again, because an argv that silently means something else is the
 * worst possible output.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../compiler/values.h"
#include "emit.h"

#define QMP_PATH_MAX 107	/* sun_path is 108 bytes with the NUL */
#define KIB UINT64_C(1024)
#define MIB (UINT64_C(1024) * KIB)
#define GIB (UINT64_C(1024) * MIB)

struct builder {
	const struct stv_domain *dom;
	const struct stv_options *opt;
	struct stv_argv *out;
	struct stv_diags *d;
	int rc;			/* -1 once anything was refused or out of memory */
};

/* ---- the list ---- */

static void push_owned(struct builder *b, char *s)
{
	if (!s) {
		b->d->oom = true;
		b->rc = -1;
		return;
	}
	if (b->out->n == b->out->cap) {
		size_t cap = b->out->cap ? b->out->cap * 2 : 64;
		char **v = realloc(b->out->v, cap * sizeof *v);
		if (!v) {
			free(s);
			b->d->oom = true;
			b->rc = -1;
			return;
		}
		b->out->v = v;
		b->out->cap = cap;
	}
	b->out->v[b->out->n++] = s;
}

static void push(struct builder *b, const char *s)
{
	push_owned(b, strdup(s));
}

void stv_argv_free(struct stv_argv *a)
{
	if (!a)
		return;
	for (size_t i = 0; i < a->n; i++)
		free(a->v[i]);
	free(a->v);
	a->v = NULL;
	a->n = a->cap = 0;
}

const char *stv_argv_value(const struct stv_argv *a, const char *option)
{
	for (size_t i = 1; i + 1 < a->n; i++)
		if (strcmp(a->v[i], option) == 0)
			return a->v[i + 1];
	return NULL;
}

bool stv_net_multiqueue(const struct stv_net *net)
{
	return net->queues.set && net->queues.v > 1;
}

/* ---- refusing what StratoVirt's parser would misread ---- */

/* A value that is a whole argument: no newline, no leading '-'. */
static bool ok_word(struct builder *b, const char *field, const char *v, struct stv_loc loc)
{
	if (strchr(v, '\n')) {
		stv_report(b->d, STV_R_OPTION_VALUE, loc,
			   "remove the line break",
			   "%s contains a newline, which no StratoVirt argument can carry", field);
		b->rc = -1;
		return false;
	}
	if (v[0] == '-') {
		stv_report(b->d, STV_R_OPTION_VALUE, loc,
			   "use a value that does not start with '-'",
			   "%s '%s' starts with '-'; StratoVirt would take it for an option",
			   field, v);
		b->rc = -1;
		return false;
	}
	return true;
}

/* A value inside a key=value list: also no ',' and no '='. */
static bool ok_item(struct builder *b, const char *field, const char *v, struct stv_loc loc)
{
	if (!ok_word(b, field, v, loc))
		return false;
	const char *sep = strpbrk(v, ",=");
	if (sep) {
		stv_report(b->d, STV_R_OPTION_VALUE, loc,
			   "choose a value (or move the file to a path) with no ',' or '='",
			   "%s '%s' contains '%c'; StratoVirt splits option values on ',' and '=' with no escape",
			   field, v, *sep);
		b->rc = -1;
		return false;
	}
	return true;
}

/* An option word and its value, e.g. "-kernel" PATH. */
static void push_pair(struct builder *b, const char *option, const char *field,
		      const char *v, struct stv_loc loc)
{
	if (!ok_word(b, field, v, loc))
		return;
	push(b, option);
	push(b, v);
}

/* ---- key=value lists ---- */

static void kv(struct builder *b, struct stv_buf *o, const char *key, const char *field,
	       const char *v, struct stv_loc loc)
{
	if (!ok_item(b, field, v, loc))
		return;
	stv_buf_printf(o, ",%s=%s", key, v);
}

static void kv_u(struct stv_buf *o, const char *key, uint64_t v)
{
	stv_buf_printf(o, ",%s=%" PRIu64, key, v);
}

/* Ends a list: pushes "OPTION" and the list, and frees the buffer. */
static void push_list(struct builder *b, const char *option, struct stv_buf *o)
{
	if (o->oom) {
		b->d->oom = true;
		b->rc = -1;
	} else {
		push(b, option);
		push(b, o->p);
	}
	stv_buf_free(o);
}

/* ---- machine ---- */

/*
 * The hugetlbfs mount for a page size (0: the host default).  A
 * --hugepages-dir of that size wins.  Otherwise the conventional mounts:
 * /dev/hugepages is what systemd mounts (dev-hugepages.mount) with the
 * host default size, which is 2 MiB on x86_64 and on 4 KiB-page aarch64
 * hosts, so 2 MiB goes there too; 1 GiB pages live in /dev/hugepages1G
 * (the name distributions, libvirt's documentation and the seed use); any
 * other size in /dev/hugepages<N><K|M|G> in the largest exact unit, e.g.
 * /dev/hugepages64K, /dev/hugepages32M, /dev/hugepages16G.
 */
static char *hugepage_dir(const struct stv_options *opt, uint64_t size)
{
	static const struct { uint64_t mult; char unit; } units[] = {
		{ GIB, 'G' }, { MIB, 'M' }, { KIB, 'K' },
	};

	for (size_t i = 0; opt && i < opt->nhugepages; i++)
		if (opt->hugepages[i].size == size && opt->hugepages[i].dir)
			return stv_dir_dup(opt->hugepages[i].dir);
	if (size == 0 || size == 2 * MIB)
		return strdup("/dev/hugepages");
	for (size_t i = 0; i < sizeof units / sizeof units[0]; i++)
		if (size % units[i].mult == 0)
			return stv_asprintf("/dev/hugepages%" PRIu64 "%c",
					    size / units[i].mult, units[i].unit);
	return stv_asprintf("/dev/hugepages%" PRIu64, size);
}

static void machine_args(struct builder *b)
{
	const struct stv_domain *dom = b->dom;
	const char *emu = dom->emulator.s;	/* lowering fills the default in */

	if (ok_word(b, "<emulator>", emu, dom->emulator.loc))
		push(b, emu);
	push_pair(b, "-name", "<name>", dom->name.s ? dom->name.s : "", dom->name.loc);
	push(b, "-machine");
	push(b, stv_machine_name(dom->arch));
	push(b, "-smp");
	push_owned(b, stv_asprintf("%" PRIu64, dom->vcpus.v));
	push(b, "-m");
	push_owned(b, stv_asprintf("%" PRIu64, dom->memory.v / MIB));
	if (dom->hugepages) {
		char *dir = hugepage_dir(b->opt, dom->hugepage_size.set ? dom->hugepage_size.v : 0);
		if (dir)
			push_pair(b, "-mem-path", "the hugepage directory", dir, dom->loc);
		else
			b->d->oom = true, b->rc = -1;
		free(dir);
	}
	if (dom->uuid.s) {
		struct stv_buf o = { 0 };
		stv_buf_puts(&o, "type=1");
		kv(b, &o, "uuid", "<uuid>", dom->uuid.s, dom->uuid.loc);
		push_list(b, "-smbios", &o);
	}
}

static void boot_args(struct builder *b)
{
	const struct stv_domain *dom = b->dom;

	if (dom->kernel.s)
		push_pair(b, "-kernel", "<kernel>", dom->kernel.s, dom->kernel.loc);
	if (dom->initrd.s)
		push_pair(b, "-initrd", "<initrd>", dom->initrd.s, dom->initrd.loc);
	if (dom->cmdline.s)
		push_pair(b, "-append", "<cmdline>", dom->cmdline.s, dom->cmdline.loc);
	if (dom->loader.s) {
		struct stv_buf o = { 0 };
		stv_buf_puts(&o, "file=");
		if (ok_item(b, "<loader>", dom->loader.s, dom->loader.loc))
			stv_buf_puts(&o, dom->loader.s);
		stv_buf_puts(&o, ",if=pflash,unit=0,readonly=true");
		push_list(b, "-drive", &o);
	}
	if (dom->nvram.s) {
		struct stv_buf o = { 0 };
		stv_buf_puts(&o, "file=");
		if (ok_item(b, "<nvram>", dom->nvram.s, dom->nvram.loc))
			stv_buf_puts(&o, dom->nvram.s);
		stv_buf_puts(&o, ",if=pflash,unit=1");
		push_list(b, "-drive", &o);
	}
}

static void iothread_args(struct builder *b)
{
	for (uint64_t i = 1; b->dom->iothreads.set && i <= b->dom->iothreads.v; i++) {
		push(b, "-object");
		push_owned(b, stv_asprintf("iothread,id=iothread%" PRIu64, i));
	}
}

static void qmp_args(struct builder *b)
{
	char *dir = stv_runtime_dir(b->dom, b->opt);
	char *path = dir ? stv_asprintf("%s/qmp.sock", dir) : NULL;

	if (!path) {
		b->d->oom = true;
		b->rc = -1;
	} else if (strlen(path) > QMP_PATH_MAX) {
		stv_report(b->d, STV_R_QMP_PATH_LENGTH, b->dom->name.loc,
			   "choose a shorter directory with --runtime-dir",
			   "the QMP socket path '%s' is %zu bytes; a unix socket path is at most %d",
			   path, strlen(path), QMP_PATH_MAX);
		b->rc = -1;
	} else if (ok_item(b, "the runtime directory", path, b->dom->name.loc)) {
		push(b, "-qmp");
		push_owned(b, stv_asprintf("unix:%s,server,nowait", path));
	}
	free(path);
	free(dir);
}

/* ---- PCI ---- */

/* ",bus=B,addr=0xS[.0xF][,multifunction=true]" */
static void pci_kv(struct builder *b, struct stv_buf *o, const struct stv_pci_addr *a,
		   const char *what, struct stv_loc loc)
{
	char bus[16];

	if (!a->present) {
		stv_report(b->d, STV_R_PCI_LAYOUT, loc, NULL, "%s has no PCI address", what);
		b->rc = -1;
		return;
	}
	stv_buf_printf(o, ",bus=%s,addr=0x%" PRIx64, stv_bus_name((unsigned)a->bus.v, bus),
		       a->slot.v);
	if (a->function.v)
		stv_buf_printf(o, ".0x%" PRIx64, a->function.v);
	if (a->multifunction)
		stv_buf_puts(o, ",multifunction=true");
}

static void root_port_args(struct builder *b)
{
	const struct stv_domain *dom = b->dom;

	for (size_t i = 0; i < dom->nports; i++) {
		const struct stv_root_port *p = &dom->ports[i];
		struct stv_buf o = { 0 };
		char what[48];
		snprintf(what, sizeof what, "root port pcie.%u", p->index);
		stv_buf_printf(&o, "pcie-root-port,id=pcie.%u,port=0x%" PRIx64, p->index, p->port.v);
		pci_kv(b, &o, &p->addr, what, p->loc);
		push_list(b, "-device", &o);
	}
}

/* ---- devices, one function per kind: backend first, then the device ---- */

static const char *dev_id(const struct stv_device *dev)
{
	return dev->id ? dev->id : "";
}

/* The -drive/-netdev/-chardev/-object id lower.c chose for the device. */
static const char *backend_id(const struct stv_device *dev)
{
	return dev->backend_id ? dev->backend_id : "";
}

/* "-device DRIVER,id=ID" started in o. */
static void device_head(struct builder *b, struct stv_buf *o, const char *driver,
			const struct stv_device *dev)
{
	stv_buf_puts(o, driver);
	kv(b, o, "id", "<alias name>", dev_id(dev), dev->alias.loc.line ? dev->alias.loc : dev->loc);
}

static void disk_args(struct builder *b, const struct stv_device *dev)
{
	const struct stv_disk *k = &dev->u.disk;
	const char *bid = backend_id(dev);
	struct stv_buf o = { 0 };

	stv_buf_printf(&o, "id=%s", bid);
	kv(b, &o, "file", "disk <source file>", k->source.s ? k->source.s : "", k->source.loc);
	if (k->readonly)
		stv_buf_puts(&o, ",readonly=true");
	if (k->iops.set)
		kv_u(&o, "throttling.iops-total", k->iops.v);
	push_list(b, "-drive", &o);

	device_head(b, &o, "virtio-blk-pci", dev);
	stv_buf_printf(&o, ",drive=%s", bid);
	pci_kv(b, &o, &dev->addr, dev_id(dev), dev->loc);
	if (k->iothread.set)
		stv_buf_printf(&o, ",iothread=iothread%" PRIu64, k->iothread.v);
	if (k->serial.s)
		kv(b, &o, "serial", "disk <serial>", k->serial.s, k->serial.loc);
	if (k->boot_order.set)
		kv_u(&o, "bootindex", k->boot_order.v);
	if (k->queues.set)
		kv_u(&o, "num-queues", k->queues.v);
	push_list(b, "-device", &o);
}

static void net_args(struct builder *b, const struct stv_device *dev)
{
	const struct stv_net *k = &dev->u.net;
	const char *bid = backend_id(dev);
	struct stv_buf o = { 0 };

	stv_buf_printf(&o, "tap,id=%s", bid);
	if (k->tap.s)
		kv(b, &o, "ifname", "interface <target dev>", k->tap.s, k->tap.loc);
	if (k->vhost)
		stv_buf_puts(&o, ",vhost=true");
	if (k->queues.set)
		kv_u(&o, "queues", k->queues.v);
	push_list(b, "-netdev", &o);

	device_head(b, &o, "virtio-net-pci", dev);
	stv_buf_printf(&o, ",netdev=%s", bid);
	if (k->mac.s)
		kv(b, &o, "mac", "interface <mac address>", k->mac.s, k->mac.loc);
	pci_kv(b, &o, &dev->addr, dev_id(dev), dev->loc);
	if (stv_net_multiqueue(k))
		stv_buf_puts(&o, ",mq=true");
	push_list(b, "-device", &o);
}

static void balloon_args(struct builder *b, const struct stv_device *dev)
{
	struct stv_buf o = { 0 };

	device_head(b, &o, "virtio-balloon-pci", dev);
	pci_kv(b, &o, &dev->addr, dev_id(dev), dev->loc);
	if (dev->u.balloon.autodeflate >= 0)
		stv_buf_printf(&o, ",deflate-on-oom=%s",
			       dev->u.balloon.autodeflate ? "true" : "false");
	push_list(b, "-device", &o);
}

static void serial_args(struct builder *b, const struct stv_device *dev)
{
	struct stv_buf o = { 0 };

	device_head(b, &o, "virtio-serial-pci", dev);
	pci_kv(b, &o, &dev->addr, dev_id(dev), dev->loc);
	push_list(b, "-device", &o);
}

static void console_args(struct builder *b, const struct stv_device *dev)
{
	const struct stv_console *k = &dev->u.console;
	const char *bid = backend_id(dev);
	const char *path = k->path.s ? k->path.s : "";
	struct stv_buf o = { 0 };

	switch (k->type) {
	case STV_CONSOLE_PTY:
		stv_buf_printf(&o, "pty,id=%s", bid);
		break;
	case STV_CONSOLE_FILE:
		stv_buf_printf(&o, "file,id=%s", bid);
		kv(b, &o, "path", "console <source path>", path, k->path.loc);
		break;
	case STV_CONSOLE_UNIX:
		stv_buf_printf(&o, "socket,id=%s", bid);
		kv(b, &o, "path", "console <source path>", path, k->path.loc);
		stv_buf_puts(&o, ",server,nowait");
		break;
	}
	push_list(b, "-chardev", &o);

	device_head(b, &o, "virtconsole", dev);
	stv_buf_printf(&o, ",chardev=%s", bid);
	push_list(b, "-device", &o);
}

static void rng_args(struct builder *b, const struct stv_device *dev)
{
	const struct stv_rng *k = &dev->u.rng;
	const char *bid = backend_id(dev);
	struct stv_buf o = { 0 };

	stv_buf_printf(&o, "rng-random,id=%s", bid);
	kv(b, &o, "filename", "rng <backend>", k->backend.s ? k->backend.s : "", k->backend.loc);
	push_list(b, "-object", &o);

	device_head(b, &o, "virtio-rng-pci", dev);
	stv_buf_printf(&o, ",rng=%s", bid);
	if (k->bytes.set) {
		kv_u(&o, "max-bytes", k->bytes.v);
		kv_u(&o, "period", k->period.set ? k->period.v : STV_RNG_PERIOD_MS);
	}
	pci_kv(b, &o, &dev->addr, dev_id(dev), dev->loc);
	push_list(b, "-device", &o);
}

static void vsock_args(struct builder *b, const struct stv_device *dev)
{
	struct stv_buf o = { 0 };

	device_head(b, &o, "vhost-vsock-pci", dev);
	kv_u(&o, "guest-cid", dev->u.vsock.cid.v);
	pci_kv(b, &o, &dev->addr, dev_id(dev), dev->loc);
	push_list(b, "-device", &o);
}

/* Every console of the domain; they ride on the virtio-serial controller. */
static void consoles_args(struct builder *b)
{
	for (size_t i = 0; i < b->dom->ndevs; i++)
		if (b->dom->devs[i].kind == STV_DEV_CONSOLE)
			console_args(b, &b->dom->devs[i]);
}

static void device_args(struct builder *b, const struct stv_device *dev)
{
	switch (dev->kind) {
	case STV_DEV_DISK: disk_args(b, dev); return;
	case STV_DEV_NET: net_args(b, dev); return;
	case STV_DEV_BALLOON: balloon_args(b, dev); return;
	case STV_DEV_SERIAL:
		serial_args(b, dev);
		/* virtconsole must follow its virtio-serial-pci. */
		consoles_args(b);
		return;
	case STV_DEV_CONSOLE: return;	/* emitted with the controller */
	case STV_DEV_RNG: rng_args(b, dev); return;
	case STV_DEV_VSOCK: vsock_args(b, dev); return;
	case STV_DEV_KIND_COUNT: return;
	}
}

/* Realization order: pcie.0 first, then root ports by index (as emitted). */
static int cmp_dev(const void *pa, const void *pb)
{
	const struct stv_device *a = *(const struct stv_device *const *)pa;
	const struct stv_device *b = *(const struct stv_device *const *)pb;
	const uint64_t ka[3] = { a->addr.bus.v, a->addr.slot.v, a->addr.function.v };
	const uint64_t kb[3] = { b->addr.bus.v, b->addr.slot.v, b->addr.function.v };

	for (int i = 0; i < 3; i++)
		if (ka[i] != kb[i])
			return ka[i] < kb[i] ? -1 : 1;
	return a < b ? -1 : a > b;	/* document order */
}

static void devices_args(struct builder *b)
{
	const struct stv_domain *dom = b->dom;
	const struct stv_device **order = calloc(dom->ndevs + 1, sizeof *order);
	size_t n = 0;
	bool have_serial = false;

	if (!order) {
		b->d->oom = true;
		b->rc = -1;
		return;
	}
	for (size_t i = 0; i < dom->ndevs; i++) {
		if (dom->devs[i].kind == STV_DEV_CONSOLE)
			continue;
		have_serial |= dom->devs[i].kind == STV_DEV_SERIAL;
		order[n++] = &dom->devs[i];
	}
	qsort(order, n, sizeof *order, cmp_dev);
	for (size_t i = 0; i < n; i++)
		device_args(b, order[i]);
	/* check.c adds a controller for a console; this only keeps them visible. */
	if (!have_serial)
		consoles_args(b);
	free(order);
}

int stv_build_argv(const struct stv_domain *dom, const struct stv_options *opt,
		   struct stv_argv *out, struct stv_diags *d)
{
	struct builder b = { .dom = dom, .opt = opt, .out = out, .d = d, .rc = 0 };

	machine_args(&b);
	boot_args(&b);
	iothread_args(&b);
	qmp_args(&b);
	root_port_args(&b);
	devices_args(&b);
	if (b.rc < 0)
		stv_argv_free(out);
	return b.rc;
}

/* One argument per line, or NUL-terminated each with -0. */
int stv_emit_argv(const struct stv_emit_ctx *ctx, struct stv_buf *out, struct stv_diags *d)
{
	(void)d;
	if (!ctx->argv)
		return -1;
	for (size_t i = 0; i < ctx->argv->n; i++) {
		const char *a = ctx->argv->v[i];
		if (!ctx->nul_separated && strchr(a, '\n'))
			return -1;	/* stv_build_argv refused it already */
		stv_buf_puts(out, a);
		stv_buf_putc(out, ctx->nul_separated ? '\0' : '\n');
	}
	return out->oom ? -1 : 0;
}
