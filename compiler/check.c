/*
 * The semantic rules: every CHECK-stage rule of rules.def, run over the IR.
 *
 * One small function per rule, walked in the order of the table at the end
 * of this file.  Each reports at the element or attribute that broke the
 * rule and names the value.  Values that lowering left unset (an absent
 * string, a size that overflowed) are skipped: the stage that saw them has
 * already said why.  A number past 64 bits arrives as UINT64_MAX and fails
 * its range like any other.  PCI rules live in address.c.
 */
#include <ctype.h>
#include <inttypes.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ir.h"
#include "values.h"

#define KiB ((uint64_t)1 << 10)
#define MiB ((uint64_t)1 << 20)
#define GiB ((uint64_t)1 << 30)

/* StratoVirt's limits (stratovirt-facts.md), named where the rules use them. */
#define MAX_VCPUS	254
#define MIN_MEMORY	(128 * MiB)
#define MAX_MEMORY	(512 * GiB)
#define MAX_IOTHREADS	8
#define MAX_DISK_QUEUES	32
#define MAX_NET_QUEUES	16
#define MAX_SERIAL	20		/* VIRTIO_BLK_ID_BYTES */
#define MAX_BOOT_ORDER	255
#define MAX_IOPS	1000000
#define MIN_RNG_RATE	64
#define MAX_RNG_RATE	1000000000
#define MIN_VSOCK_CID	3		/* 0, 1, 2 are the hypervisor, local, host */
#define MAX_VSOCK_CID	UINT64_C(0xFFFFFFFE)	/* 0xFFFFFFFF is VMADDR_CID_ANY */
#define MAX_PATH	4096
#define MAX_INITRD_PATH	255		/* -initrd goes through check_arg_too_long */
#define MAX_SOCK_PATH	107		/* sun_path less the NUL */
#define MAX_PARAM	255		/* each -append parameter */
#define QMP_SOCK	"/qmp.sock"

struct ctx {
	const struct stv_domain *dom;
	const struct stv_options *opt;
	struct stv_diags *d;
};

typedef void check_fn(const struct ctx *c);
typedef void dev_fn(const struct ctx *c, const struct stv_device *dev);

/* ---- helpers -------------------------------------------------------- */

static bool out_of_range(const struct stv_num *n, uint64_t lo, uint64_t hi)
{
	return n->set && (n->v < lo || n->v > hi);
}

/* A location, or the fallback when the first was never filled in. */
static struct stv_loc loc_or(struct stv_loc loc, struct stv_loc fallback)
{
	return loc.line ? loc : fallback;
}

static void each_dev(const struct ctx *c, enum stv_dev_kind kind, dev_fn *fn)
{
	for (size_t i = 0; i < c->dom->ndevs; i++)
		if (c->dom->devs[i].kind == kind)
			fn(c, &c->dom->devs[i]);
}

/* "1 GiB", "512 MiB", "4 EiB", "1000 bytes": the largest exact unit. */
static void fmt_size(uint64_t bytes, char out[32])
{
	static const struct { const char *name; unsigned shift; } units[] = {
		{ "EiB", 60 }, { "PiB", 50 }, { "TiB", 40 },
		{ "GiB", 30 }, { "MiB", 20 }, { "KiB", 10 },
	};
	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		uint64_t unit = (uint64_t)1 << units[i].shift;
		if (bytes >= unit && bytes % unit == 0) {
			snprintf(out, 32, "%" PRIu64 " %s", bytes / unit, units[i].name);
			return;
		}
	}
	snprintf(out, 32, "%" PRIu64 " bytes", bytes);
}

static bool contains_nocase(const char *hay, const char *needle)
{
	size_t n = strlen(needle);
	for (; *hay; hay++) {
		size_t i = 0;
		while (i < n && hay[i] &&
		       tolower((unsigned char)hay[i]) == tolower((unsigned char)needle[i]))
			i++;
		if (i == n)
			return true;
	}
	return false;
}

/* ---- finding the same value twice -------------------------------------- */

/*
 * Duplicates are found by sorting, not by comparing every pair: a hostile
 * document may hold tens of thousands of devices.  Items compare by key
 * (a string, or num when key is NULL) and then by position in the document,
 * so the first of a group is the original the others are reported against.
 */
struct dup_item {
	const char *key;
	uint64_t num;
	const char *text;	/* the value as the user wrote it */
	bool flag;		/* rule specific: a disk's <readonly/> */
	size_t order;
	struct stv_loc loc;
};

struct dups {
	struct dup_item *v;
	size_t n;
};

typedef void dup_group_fn(const struct ctx *c, const struct dup_item *g, size_t n);

static int cmp_dup(const void *pa, const void *pb)
{
	const struct dup_item *a = pa, *b = pb;
	int r = a->key && b->key ? strcmp(a->key, b->key) : 0;
	if (r)
		return r;
	if (a->num != b->num)
		return a->num < b->num ? -1 : 1;
	if (a->loc.line != b->loc.line)
		return a->loc.line < b->loc.line ? -1 : 1;
	if (a->loc.col != b->loc.col)
		return a->loc.col < b->loc.col ? -1 : 1;
	return a->order < b->order ? -1 : a->order > b->order;
}

static bool same_key(const struct dup_item *a, const struct dup_item *b)
{
	if (a->key && b->key)
		return strcmp(a->key, b->key) == 0;
	return a->num == b->num;
}

static int dups_init(const struct ctx *c, struct dups *s)
{
	s->n = 0;
	s->v = calloc(c->dom->ndevs + c->dom->nports + 1, sizeof(*s->v));
	if (!s->v)
		c->d->oom = true;
	return s->v ? 0 : -1;
}

static void dups_add(struct dups *s, struct dup_item it)
{
	it.order = s->n;
	s->v[s->n++] = it;
}

/* Calls fn once per group of two or more equal keys, then frees s. */
static void dups_report(const struct ctx *c, struct dups *s, dup_group_fn *fn)
{
	qsort(s->v, s->n, sizeof(*s->v), cmp_dup);
	for (size_t i = 0, j; i < s->n; i = j) {
		for (j = i + 1; j < s->n && same_key(&s->v[i], &s->v[j]); j++)
			;
		if (j - i > 1)
			fn(c, s->v + i, j - i);
	}
	free(s->v);
	s->v = NULL;
}

/* ---- domain ------------------------------------------------------------ */

static void check_vcpu_range(const struct ctx *c)
{
	const struct stv_num *n = &c->dom->vcpus;
	if (out_of_range(n, 1, MAX_VCPUS))
		stv_report(c->d, STV_R_VCPU_RANGE, n->loc, NULL,
			   "<vcpu> is %" PRIu64 "; StratoVirt supports 1 to %d vCPUs",
			   n->v, MAX_VCPUS);
}

static void check_memory_range(const struct ctx *c)
{
	const struct stv_num *m = &c->dom->memory;
	char size[32];
	if (!m->set)
		return;
	fmt_size(m->v, size);
	if (m->v % MiB)
		stv_report(c->d, STV_R_MEMORY_RANGE, m->loc,
			   "StratoVirt's -m takes whole MiB: round <memory> to a multiple of 1024 KiB",
			   "<memory> is %s, not a whole number of MiB", size);
	else if (m->v < MIN_MEMORY || m->v > MAX_MEMORY)
		stv_report(c->d, STV_R_MEMORY_RANGE, m->loc, NULL,
			   "<memory> is %s; StratoVirt supports 128 MiB to 512 GiB", size);
}

static void check_current_memory(const struct ctx *c)
{
	const struct stv_num *cur = &c->dom->current_memory, *m = &c->dom->memory;
	char a[32], b[32];
	if (!cur->set || !m->set || cur->v == m->v)
		return;
	fmt_size(cur->v, a);
	fmt_size(m->v, b);
	stv_report(c->d, STV_R_CURRENT_MEMORY, cur->loc,
		   "remove <currentMemory> or make it equal to <memory>; a balloon can shrink the guest later",
		   "<currentMemory> is %s but <memory> is %s; StratoVirt starts the guest with all of its memory",
		   a, b);
}

static void check_iothreads(const struct ctx *c)
{
	const struct stv_num *n = &c->dom->iothreads;
	if (out_of_range(n, 1, MAX_IOTHREADS))
		stv_report(c->d, STV_R_IOTHREADS, n->loc, NULL,
			   "<iothreads> is %" PRIu64 "; StratoVirt supports 1 to %d",
			   n->v, MAX_IOTHREADS);
}

/*
 * A guest reboot never leaves StratoVirt (it resets the VM in place), so
 * neither the launcher nor the unit can destroy the VM on reboot.
 */
static void check_on_reboot(const struct ctx *c)
{
	if (c->dom->on_reboot_loc.line && c->dom->on_reboot == STV_ACTION_DESTROY)
		stv_report(c->d, STV_R_ON_REBOOT_IGNORED, c->dom->on_reboot_loc,
			   "remove <on_reboot>, or power the guest off instead of rebooting it",
			   "<on_reboot>destroy</on_reboot> cannot be honoured: StratoVirt reboots the guest in place");
}

static void check_boot_dev(const struct ctx *c)
{
	if (c->dom->boot_dev.line)
		stv_report(c->d, STV_R_BOOT_DEV_IGNORED, c->dom->boot_dev,
			   "remove it; <boot order='N'/> on a disk orders the disks",
			   "<boot dev> has no effect: StratoVirt boots the kernel or the firmware");
}

static void check_clock_timer(const struct ctx *c)
{
	if (c->dom->clock_timer.line)
		stv_report(c->d, STV_R_CLOCK_TIMER, c->dom->clock_timer,
			   "remove the <timer> elements",
			   "<timer> has no effect: StratoVirt's clocks cannot be tuned");
}

static void check_emulator_name(const struct ctx *c)
{
	const struct stv_str *e = &c->dom->emulator;
	if (!e->s)
		return;
	const char *slash = strrchr(e->s, '/');
	const char *base = slash ? slash + 1 : e->s;
	/* Case-blind: the seed's own example names "StratoVirt_binary_file". */
	if (!contains_nocase(base, "stratovirt"))
		stv_report(c->d, STV_R_EMULATOR_NAME, loc_or(e->loc, c->dom->devices),
			   "point <emulator> at the stratovirt binary",
			   "<emulator> '%s' does not look like StratoVirt; the command line stv writes is StratoVirt's",
			   e->s);
}

/* ---- boot -------------------------------------------------------------- */

static void check_initrd_kernel(const struct ctx *c)
{
	if (c->dom->initrd.s && !c->dom->kernel.s)
		stv_report(c->d, STV_R_INITRD_NEEDS_KERNEL, c->dom->initrd.loc,
			   "add <kernel> or remove <initrd>",
			   "<initrd> needs <kernel>: the firmware does not load an initrd");
}

static void check_cmdline_kernel(const struct ctx *c)
{
	if (c->dom->cmdline.s && !c->dom->kernel.s)
		stv_report(c->d, STV_R_CMDLINE_NEEDS_KERNEL, c->dom->cmdline.loc,
			   "add <kernel> or remove <cmdline>",
			   "<cmdline> needs <kernel>: it is passed to a directly booted kernel");
}

static void check_nvram_loader(const struct ctx *c)
{
	if (c->dom->nvram.s && !c->dom->loader.s)
		stv_report(c->d, STV_R_NVRAM_NEEDS_LOADER, c->dom->nvram.loc,
			   "add <loader readonly='yes' type='pflash'>CODE</loader> or remove <nvram>",
			   "<nvram> needs <loader>: it is the variable store of UEFI firmware");
}

static void check_boot_source(const struct ctx *c)
{
	if (!c->dom->kernel.s && !c->dom->loader.s)
		stv_report(c->d, STV_R_BOOT_SOURCE, loc_or(c->dom->os, c->dom->loc),
			   "add <kernel>PATH</kernel> or <loader readonly='yes' type='pflash'>PATH</loader> to <os>",
			   "<os> has neither <kernel> nor <loader>: there is nothing to boot");
}

static void check_acpi(const struct ctx *c)
{
	if (!c->dom->acpi)
		stv_report(c->d, STV_R_ACPI_REQUIRED,
			   loc_or(c->dom->features, loc_or(c->dom->os, c->dom->loc)),
			   "add <features><acpi/></features>",
			   "<acpi/> is missing: StratoVirt standard VMs need ACPI");
}

static void check_gic(const struct ctx *c)
{
	const struct stv_domain *dom = c->dom;
	struct stv_loc loc = loc_or(dom->gic_version.loc, dom->features);
	if (!dom->gic_given || !dom->arch_set)
		return;
	switch (dom->arch) {
	case STV_ARCH_X86_64:
		stv_report(c->d, STV_R_GIC, loc, "remove <gic>",
			   "<gic> is an aarch64 interrupt controller; an x86_64 domain has none");
		break;
	case STV_ARCH_AARCH64:
		if (dom->gic_version.set && dom->gic_version.v != 3)
			stv_report(c->d, STV_R_GIC, loc, "write <gic version='3'/>",
				   "<gic version='%" PRIu64 "'>: StratoVirt supports GIC version 3 only",
				   dom->gic_version.v);
		break;
	}
}

static void check_gic_implied(const struct ctx *c)
{
	const struct stv_domain *dom = c->dom;
	if (dom->arch_set && dom->arch == STV_ARCH_AARCH64 && !dom->gic_given)
		stv_report(c->d, STV_R_GIC_IMPLIED,
			   loc_or(dom->features, loc_or(dom->os, dom->loc)),
			   "add <gic version='3'/> to <features> to say so",
			   "aarch64 domain without <gic>: StratoVirt gives it GIC version 3");
}

/* ---- memory backing ------------------------------------------------------ */

/* Page sizes each architecture offers, 0-terminated. */
static const uint64_t x86_64_pages[] = { 2 * MiB, 1 * GiB, 0 };
static const uint64_t aarch64_pages[] = {
	64 * KiB, 2 * MiB, 32 * MiB, 512 * MiB, 1 * GiB, 16 * GiB, 0
};

static const uint64_t *arch_pages(enum stv_arch arch, const char **name)
{
	switch (arch) {
	case STV_ARCH_X86_64:
		*name = "x86_64";
		return x86_64_pages;
	case STV_ARCH_AARCH64:
		*name = "aarch64";
		return aarch64_pages;
	}
	*name = "?";
	return x86_64_pages;
}

static bool page_offered(const uint64_t *pages, uint64_t size)
{
	for (; *pages; pages++)
		if (*pages == size)
			return true;
	return false;
}

/* The explicit page size, when it is one the architecture offers. */
static bool usable_page_size(const struct stv_domain *dom)
{
	const char *arch;
	return dom->hugepages && dom->hugepage_size.set && dom->arch_set &&
	       page_offered(arch_pages(dom->arch, &arch), dom->hugepage_size.v);
}

static void check_hugepage_size(const struct ctx *c)
{
	const struct stv_domain *dom = c->dom;
	const char *arch;
	char size[32], list[128] = "", one[32];
	if (!dom->hugepages || !dom->hugepage_size.set || !dom->arch_set ||
	    usable_page_size(dom))
		return;
	const uint64_t *pages = arch_pages(dom->arch, &arch);
	for (size_t i = 0; pages[i]; i++) {
		fmt_size(pages[i], one);
		if (i)
			strcat(list, ", ");
		strcat(list, one);
	}
	fmt_size(dom->hugepage_size.v, size);
	stv_report(c->d, STV_R_HUGEPAGE_SIZE, dom->hugepage_size.loc, NULL,
		   "hugepage size %s is not offered on %s; it offers %s",
		   size, arch, list);
}

static void check_hugepage_align(const struct ctx *c)
{
	const struct stv_domain *dom = c->dom;
	char mem[32], page[32];
	if (!usable_page_size(dom) || !dom->memory.set ||
	    dom->memory.v % dom->hugepage_size.v == 0)
		return;
	fmt_size(dom->memory.v, mem);
	fmt_size(dom->hugepage_size.v, page);
	stv_report(c->d, STV_R_HUGEPAGE_ALIGN, dom->memory.loc,
		   "make <memory> a multiple of the page size, or use smaller pages",
		   "<memory> is %s, not a multiple of the %s hugepage size", mem, page);
}

/* ---- disks --------------------------------------------------------------- */

static void disk_queues(const struct ctx *c, const struct stv_device *dev)
{
	const struct stv_num *q = &dev->u.disk.queues;
	if (out_of_range(q, 1, MAX_DISK_QUEUES))
		stv_report(c->d, STV_R_DISK_QUEUES, q->loc, NULL,
			   "<driver queues='%" PRIu64 "'>: StratoVirt supports 1 to %d queues per disk",
			   q->v, MAX_DISK_QUEUES);
}

static void check_disk_queues(const struct ctx *c)
{
	each_dev(c, STV_DEV_DISK, disk_queues);
}

static void disk_iothread(const struct ctx *c, const struct stv_device *dev)
{
	const struct stv_num *t = &dev->u.disk.iothread, *n = &c->dom->iothreads;
	if (!t->set)
		return;
	if (!n->set)
		stv_report(c->d, STV_R_IOTHREAD_REF, t->loc,
			   "add <iothreads>N</iothreads> to the domain",
			   "<driver iothread='%" PRIu64 "'> but the domain defines no <iothreads>",
			   t->v);
	else if (t->v < 1 || t->v > n->v)
		stv_report(c->d, STV_R_IOTHREAD_REF, t->loc, NULL,
			   "<driver iothread='%" PRIu64 "'> but the domain defines iothreads 1 to %" PRIu64,
			   t->v, n->v);
}

static void check_iothread_ref(const struct ctx *c)
{
	each_dev(c, STV_DEV_DISK, disk_iothread);
}

static void target_dup(const struct ctx *c, const struct dup_item *g, size_t n)
{
	for (size_t i = 1; i < n; i++)
		stv_report(c->d, STV_R_DISK_TARGET_DUP, g[i].loc, NULL,
			   "<target dev='%s'> is already used by the disk at line %d",
			   g[i].text, g[0].loc.line);
}

static void check_disk_target_dup(const struct ctx *c)
{
	struct dups s;
	if (dups_init(c, &s) < 0)
		return;
	for (size_t i = 0; i < c->dom->ndevs; i++) {
		const struct stv_device *dev = &c->dom->devs[i];
		const struct stv_str *t = &dev->u.disk.target;
		if (dev->kind == STV_DEV_DISK && t->s)
			dups_add(&s, (struct dup_item){ .key = t->s, .text = t->s, .loc = t->loc });
	}
	dups_report(c, &s, target_dup);
}

/*
 * Sharing an image is safe only between read-only disks.  A disk is
 * reported when it or an earlier disk on the same image is writable,
 * against the first writable one (or the first one when it is writable).
 */
static void source_dup(const struct ctx *c, const struct dup_item *g, size_t n)
{
	const struct dup_item *writer = NULL;
	for (size_t i = 0; i < n; i++) {
		const struct dup_item *against = g[i].flag && writer ? writer : &g[0];
		if (i > 0 && (writer || !g[i].flag))
			stv_report(c->d, STV_R_DISK_SOURCE_DUP, g[i].loc,
				   "give each disk its own image, or make every disk that shares it <readonly/>",
				   "<source file='%s'> is also the image of the disk at line %d, and not both are read-only",
				   g[i].text, against->loc.line);
		if (!writer && !g[i].flag)
			writer = &g[i];
	}
}

static void check_disk_source_dup(const struct ctx *c)
{
	struct dups s;
	if (dups_init(c, &s) < 0)
		return;
	for (size_t i = 0; i < c->dom->ndevs; i++) {
		const struct stv_device *dev = &c->dom->devs[i];
		const struct stv_str *src = &dev->u.disk.source;
		if (dev->kind == STV_DEV_DISK && src->s)
			dups_add(&s, (struct dup_item){ .key = src->s, .text = src->s,
				.flag = dev->u.disk.readonly, .loc = src->loc });
	}
	dups_report(c, &s, source_dup);
}

static void disk_serial(const struct ctx *c, const struct stv_device *dev)
{
	const struct stv_str *s = &dev->u.disk.serial;
	if (s->s && strlen(s->s) > MAX_SERIAL)
		stv_report(c->d, STV_R_DISK_SERIAL, s->loc, NULL,
			   "<serial> '%s' is %zu bytes; StratoVirt accepts at most %d",
			   s->s, strlen(s->s), MAX_SERIAL);
}

static void check_disk_serial(const struct ctx *c)
{
	each_dev(c, STV_DEV_DISK, disk_serial);
}

static void boot_order_dup(const struct ctx *c, const struct dup_item *g, size_t n)
{
	for (size_t i = 1; i < n; i++)
		stv_report(c->d, STV_R_BOOT_ORDER, g[i].loc, "give each disk its own order",
			   "<boot order='%" PRIu64 "'> is already used by the disk at line %d",
			   g[i].num, g[0].loc.line);
}

static void check_boot_order(const struct ctx *c)
{
	struct dups s;
	if (dups_init(c, &s) < 0)
		return;
	for (size_t i = 0; i < c->dom->ndevs; i++) {
		const struct stv_device *dev = &c->dom->devs[i];
		const struct stv_num *o = &dev->u.disk.boot_order;
		if (dev->kind != STV_DEV_DISK || !o->set)
			continue;
		if (o->v > MAX_BOOT_ORDER)
			stv_report(c->d, STV_R_BOOT_ORDER, o->loc, NULL,
				   "<boot order='%" PRIu64 "'>: StratoVirt's bootindex is at most %d",
				   o->v, MAX_BOOT_ORDER);
		dups_add(&s, (struct dup_item){ .num = o->v, .loc = o->loc });
	}
	dups_report(c, &s, boot_order_dup);
}

static void boot_order_ignored(const struct ctx *c, const struct stv_device *dev)
{
	const struct stv_num *o = &dev->u.disk.boot_order;
	if (o->set && !c->dom->loader.s)
		stv_report(c->d, STV_R_BOOT_ORDER_IGNORED, o->loc,
			   "remove <boot order>, or boot UEFI firmware with <loader>",
			   "<boot order='%" PRIu64 "'> has no effect: only UEFI firmware reads boot orders, and the domain boots <kernel>",
			   o->v);
}

static void check_boot_order_ignored(const struct ctx *c)
{
	each_dev(c, STV_DEV_DISK, boot_order_ignored);
}

static void disk_iotune(const struct ctx *c, const struct stv_device *dev)
{
	const struct stv_num *n = &dev->u.disk.iops;
	if (out_of_range(n, 1, MAX_IOPS))
		stv_report(c->d, STV_R_IOTUNE_RANGE, n->loc, NULL,
			   "<total_iops_sec> is %" PRIu64 "; StratoVirt supports 1 to %d",
			   n->v, MAX_IOPS);
}

static void check_iotune_range(const struct ctx *c)
{
	each_dev(c, STV_DEV_DISK, disk_iotune);
}

/* ---- interfaces ---------------------------------------------------------- */

static void net_mac(const struct ctx *c, const struct stv_device *dev)
{
	const struct stv_str *m = &dev->u.net.mac;
	uint8_t mac[6];
	/* A derived MAC is unicast by construction; bad syntax is structure's. */
	if (!m->s || dev->u.net.mac_generated || stv_parse_mac(m->s, mac) < 0)
		return;
	if (mac[0] & 1)
		stv_report(c->d, STV_R_MAC, m->loc,
			   "clear the low bit of the first octet, for example 52:54:00:xx:xx:xx",
			   "<mac address='%s'> is a multicast address; a NIC needs a unicast one", m->s);
	else if (!(mac[0] | mac[1] | mac[2] | mac[3] | mac[4] | mac[5]))
		stv_report(c->d, STV_R_MAC, m->loc,
			   "remove <mac> to get a stable derived address",
			   "<mac address='%s'> is all zero", m->s);
}

static void check_mac(const struct ctx *c)
{
	each_dev(c, STV_DEV_NET, net_mac);
}

static void mac_dup(const struct ctx *c, const struct dup_item *g, size_t n)
{
	for (size_t i = 1; i < n; i++)
		stv_report(c->d, STV_R_MAC_DUP, g[i].loc, NULL,
			   "MAC address %s is already used by the interface at line %d",
			   g[i].text, g[0].loc.line);
}

static void check_mac_dup(const struct ctx *c)
{
	struct dups s;
	if (dups_init(c, &s) < 0)
		return;
	for (size_t i = 0; i < c->dom->ndevs; i++) {
		const struct stv_device *dev = &c->dom->devs[i];
		const struct stv_str *m = &dev->u.net.mac;
		uint8_t mac[6];
		uint64_t num = 0;
		if (dev->kind != STV_DEV_NET || !m->s || stv_parse_mac(m->s, mac) < 0)
			continue;
		for (size_t k = 0; k < 6; k++)
			num = num << 8 | mac[k];
		dups_add(&s, (struct dup_item){ .num = num, .text = m->s,
			.loc = loc_or(m->loc, dev->loc) });
	}
	dups_report(c, &s, mac_dup);
}

static void ifname(const struct ctx *c, const struct stv_str *s, const char *what)
{
	if (s->s && !stv_valid_ifname(s->s))
		stv_report(c->d, STV_R_IFNAME, s->loc,
			   "an interface name is 1 to 15 bytes with no '/', ':' or white space",
			   "%s='%s'> (%zu bytes) is not a valid Linux interface name",
			   what, s->s, strlen(s->s));
}

static void net_ifname(const struct ctx *c, const struct stv_device *dev)
{
	ifname(c, &dev->u.net.bridge, "<source bridge");
	ifname(c, &dev->u.net.tap, "<target dev");
}

static void check_ifname(const struct ctx *c)
{
	each_dev(c, STV_DEV_NET, net_ifname);
}

static void ifname_dup(const struct ctx *c, const struct dup_item *g, size_t n)
{
	for (size_t i = 1; i < n; i++)
		stv_report(c->d, STV_R_IFNAME_DUP, g[i].loc, NULL,
			   "<target dev='%s'> is already the tap device of the interface at line %d",
			   g[i].text, g[0].loc.line);
}

static void check_ifname_dup(const struct ctx *c)
{
	struct dups s;
	if (dups_init(c, &s) < 0)
		return;
	for (size_t i = 0; i < c->dom->ndevs; i++) {
		const struct stv_device *dev = &c->dom->devs[i];
		const struct stv_str *t = &dev->u.net.tap;
		if (dev->kind == STV_DEV_NET && t->s)
			dups_add(&s, (struct dup_item){ .key = t->s, .text = t->s,
				.loc = loc_or(t->loc, dev->loc) });
	}
	dups_report(c, &s, ifname_dup);
}

static void net_queues(const struct ctx *c, const struct stv_device *dev)
{
	const struct stv_num *q = &dev->u.net.queues;
	if (out_of_range(q, 1, MAX_NET_QUEUES))
		stv_report(c->d, STV_R_NET_QUEUES, q->loc, NULL,
			   "<driver queues='%" PRIu64 "'>: StratoVirt supports 1 to %d queues per interface",
			   q->v, MAX_NET_QUEUES);
}

static void check_net_queues(const struct ctx *c)
{
	each_dev(c, STV_DEV_NET, net_queues);
}

/* ---- balloon, console, rng, vsock ---------------------------------------- */

static void balloon_autodeflate(const struct ctx *c, const struct stv_device *dev)
{
	const struct stv_balloon *b = &dev->u.balloon;
	if (b->autodeflate_on_alias)
		stv_report(c->d, STV_R_BALLOON_AUTODEFLATE_PLACE,
			   loc_or(dev->alias.loc, dev->loc),
			   "move autodeflate to <memballoon autodeflate='on|off'>",
			   "autodeflate='%s' on <alias> is the openEuler documentation's form; libvirt reads it on <memballoon>",
			   b->autodeflate > 0 ? "on" : "off");
}

static void check_balloon_autodeflate(const struct ctx *c)
{
	each_dev(c, STV_DEV_BALLOON, balloon_autodeflate);
}

static void balloon_hugepages(const struct ctx *c, const struct stv_device *dev)
{
	if (c->dom->hugepages)
		stv_report(c->d, STV_R_BALLOON_HUGEPAGES, dev->loc,
			   "remove the balloon, or back the memory with normal pages",
			   "<memballoon> cannot reclaim memory backed by <hugepages>");
}

static void check_balloon_hugepages(const struct ctx *c)
{
	each_dev(c, STV_DEV_BALLOON, balloon_hugepages);
}

/* Kinds StratoVirt allows once per VM (the console has a rule of its own). */
static const struct {
	enum stv_dev_kind kind;
	const char *element;
} single_kinds[] = {
	{ STV_DEV_BALLOON, "<memballoon>" },
	{ STV_DEV_SERIAL, "<controller type='virtio-serial'>" },
	{ STV_DEV_RNG, "<rng>" },
	{ STV_DEV_VSOCK, "<vsock>" },
};

/* Reports every device of kind after the first one under rule. */
static void check_single(const struct ctx *c, enum stv_dev_kind kind, enum stv_rule rule,
			 const char *element)
{
	const struct stv_device *first = NULL;
	for (size_t i = 0; i < c->dom->ndevs; i++) {
		const struct stv_device *dev = &c->dom->devs[i];
		if (dev->kind != kind)
			continue;
		if (first)
			stv_report(c->d, rule, dev->loc, "remove all but one",
				   "a second %s (the first is at line %d); StratoVirt supports one",
				   element, first->loc.line);
		else
			first = dev;
	}
}

static void check_device_count(const struct ctx *c)
{
	for (size_t k = 0; k < sizeof(single_kinds) / sizeof(single_kinds[0]); k++)
		check_single(c, single_kinds[k].kind, STV_R_DEVICE_COUNT, single_kinds[k].element);
}

static void check_console_count(const struct ctx *c)
{
	check_single(c, STV_DEV_CONSOLE, STV_R_CONSOLE_COUNT, "<console>");
}

static void serial_added(const struct ctx *c, const struct stv_device *dev)
{
	if (dev->generated)
		stv_report(c->d, STV_R_CONSOLE_SERIAL_ADDED, dev->loc,
			   "add <controller type='virtio-serial' index='0'/> to <devices> to say so",
			   "the <console> needs a virtio-serial controller; one was added");
}

static void check_console_serial_added(const struct ctx *c)
{
	each_dev(c, STV_DEV_SERIAL, serial_added);
}

static void check_no_console(const struct ctx *c)
{
	for (size_t i = 0; i < c->dom->ndevs; i++)
		if (c->dom->devs[i].kind == STV_DEV_CONSOLE &&
		    c->dom->devs[i].u.console.type == STV_CONSOLE_PTY)
			return;
	stv_report(c->d, STV_R_NO_CONSOLE, loc_or(c->dom->devices, c->dom->loc),
		   "add <console type='pty'><target type='virtio' port='0'/></console>",
		   "the domain has no pty <console>: there will be no interactive console");
}

static void rng_rate(const struct ctx *c, const struct stv_device *dev)
{
	const struct stv_num *bytes = &dev->u.rng.bytes, *period = &dev->u.rng.period;
	uint64_t ms = period->set ? period->v : STV_RNG_PERIOD_MS;
	/* A zero period is rng-period's; bytes * 1000 must not wrap. */
	if (!bytes->set || ms == 0)
		return;
	bool huge = bytes->v > UINT64_MAX / 1000;
	uint64_t rate = huge ? UINT64_MAX : bytes->v * 1000 / ms;
	if (rate >= MIN_RNG_RATE && rate <= MAX_RNG_RATE)
		return;
	char period_text[40] = "";
	if (period->set)
		snprintf(period_text, sizeof(period_text), " period='%" PRIu64 "'", ms);
	stv_report(c->d, STV_R_RNG_RATE, bytes->loc, NULL,
		   "<rate bytes='%" PRIu64 "'%s> is %s%" PRIu64 " bytes per second; StratoVirt supports %d to %d",
		   bytes->v, period_text, huge ? "more than " : "",
		   huge ? UINT64_MAX / 1000 : rate, MIN_RNG_RATE, MAX_RNG_RATE);
}

static void check_rng_rate(const struct ctx *c)
{
	each_dev(c, STV_DEV_RNG, rng_rate);
}

static void vsock_cid(const struct ctx *c, const struct stv_device *dev)
{
	const struct stv_num *cid = &dev->u.vsock.cid;
	if (out_of_range(cid, MIN_VSOCK_CID, MAX_VSOCK_CID))
		stv_report(c->d, STV_R_VSOCK_CID, cid->loc,
			   cid->v < MIN_VSOCK_CID
				   ? "CIDs 0, 1 and 2 are the hypervisor, loopback and host: pick one from 3 up"
				   : "4294967295 means any CID and larger ones do not fit in 32 bits: pick one from 3 up",
			   "<cid address='%" PRIu64 "'>: a guest cid is between 3 and 4294967294",
			   cid->v);
}

static void check_vsock_cid(const struct ctx *c)
{
	each_dev(c, STV_DEV_VSOCK, vsock_cid);
}

/* ---- ids and option values ----------------------------------------------- */

static void alias_valid(const struct ctx *c, const struct stv_str *a)
{
	if (a->s && !stv_valid_alias(a->s))
		stv_report(c->d, STV_R_ALIAS, a->loc,
			   "an alias is 1 to 63 characters from A-Z a-z 0-9 _ -",
			   "<alias name='%s'> cannot be a StratoVirt id", a->s);
}

/*
 * A root port's id is always its bus name, pcie.N: its alias never reaches
 * StratoVirt, so the "pci.N" that a running libvirt domain's XML carries is
 * accepted as it is (a dot more than device aliases allow).
 */
static bool root_port_alias_ok(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > 63)
		return false;
	for (const char *p = s; *p; p++)
		if (*p != '.' && !stv_valid_alias((char[]){ *p, '\0' }))
			return false;
	return true;
}

static void check_alias(const struct ctx *c)
{
	for (size_t i = 0; i < c->dom->nports; i++) {
		const struct stv_str *a = &c->dom->ports[i].alias;
		if (a->s && !root_port_alias_ok(a->s))
			stv_report(c->d, STV_R_ALIAS, a->loc,
				   "a root port alias is 1 to 63 characters from A-Z a-z 0-9 _ - .",
				   "<alias name='%s'> of a root port has characters libvirt never writes there",
				   a->s);
	}
	for (size_t i = 0; i < c->dom->ndevs; i++)
		alias_valid(c, &c->dom->devs[i].alias);
}

static void alias_dup(const struct ctx *c, const struct dup_item *g, size_t n)
{
	for (size_t i = 1; i < n; i++)
		stv_report(c->d, STV_R_ALIAS_DUP, g[i].loc, NULL,
			   "<alias name='%s'> is already used at line %d; aliases become device ids and must be unique",
			   g[i].text, g[0].loc.line);
}

static void check_alias_dup(const struct ctx *c)
{
	struct dups s;
	if (dups_init(c, &s) < 0)
		return;
	for (size_t i = 0; i < c->dom->nports; i++) {
		const struct stv_str *a = &c->dom->ports[i].alias;
		if (a->s)
			dups_add(&s, (struct dup_item){ .key = a->s, .text = a->s, .loc = a->loc });
	}
	for (size_t i = 0; i < c->dom->ndevs; i++) {
		const struct stv_str *a = &c->dom->devs[i].alias;
		if (a->s)
			dups_add(&s, (struct dup_item){ .key = a->s, .text = a->s, .loc = a->loc });
	}
	dups_report(c, &s, alias_dup);
}

/*
 * Strings that reach StratoVirt: where they go decides the rules.  "option"
 * values ride inside a comma-separated option (-drive file=...), which has
 * no escape; the rest are argv words of their own.  max is the length
 * StratoVirt accepts (0: no path limit).
 */
struct str_field {
	size_t off;		/* a struct stv_str in the domain or the device */
	const char *label;
	size_t max;
	const char *option;	/* rides in an option value: the hint; else NULL */
};

#define RENAME_FILE "rename the file without ',' or '='; a symbolic link will do"
#define RENAME_VALUE "choose a value without ',' or '='"

static const struct str_field domain_fields[] = {
	{ offsetof(struct stv_domain, kernel), "<kernel>", MAX_PATH, NULL },
	{ offsetof(struct stv_domain, initrd), "<initrd>", MAX_INITRD_PATH, NULL },
	{ offsetof(struct stv_domain, loader), "<loader>", MAX_PATH, RENAME_FILE },
	{ offsetof(struct stv_domain, nvram), "<nvram>", MAX_PATH, RENAME_FILE },
	{ offsetof(struct stv_domain, emulator), "<emulator>", MAX_PATH, NULL },
};

static const struct {
	enum stv_dev_kind kind;
	struct str_field f;
} device_fields[] = {
	{ STV_DEV_DISK, { offsetof(struct stv_device, u.disk.source), "<source file>", MAX_PATH, RENAME_FILE } },
	{ STV_DEV_DISK, { offsetof(struct stv_device, u.disk.serial), "<serial>", 0, RENAME_VALUE } },
	{ STV_DEV_NET, { offsetof(struct stv_device, u.net.tap), "<target dev>", 0, RENAME_VALUE } },
	{ STV_DEV_RNG, { offsetof(struct stv_device, u.rng.backend), "<backend>", MAX_PATH, RENAME_FILE } },
	{ STV_DEV_CONSOLE, { offsetof(struct stv_device, u.console.path), "<source path>", MAX_PATH, RENAME_FILE } },
};

typedef void field_fn(const struct ctx *c, const struct str_field *f,
		      const struct stv_str *s, size_t max);

static const struct stv_str *field_of(const void *obj, const struct str_field *f)
{
	return (const struct stv_str *)((const char *)obj + f->off);
}

/* A unix socket's path is bounded by sun_path, not PATH_MAX. */
static size_t field_max(const struct stv_device *dev, const struct str_field *f)
{
	if (dev && dev->kind == STV_DEV_CONSOLE && dev->u.console.type == STV_CONSOLE_UNIX &&
	    f->max)
		return MAX_SOCK_PATH;
	return f->max;
}

static void each_field(const struct ctx *c, field_fn *fn)
{
	for (size_t i = 0; i < sizeof(domain_fields) / sizeof(domain_fields[0]); i++) {
		const struct stv_str *s = field_of(c->dom, &domain_fields[i]);
		if (s->s)
			fn(c, &domain_fields[i], s, field_max(NULL, &domain_fields[i]));
	}
	for (size_t i = 0; i < c->dom->ndevs; i++) {
		const struct stv_device *dev = &c->dom->devs[i];
		for (size_t k = 0; k < sizeof(device_fields) / sizeof(device_fields[0]); k++) {
			const struct str_field *f = &device_fields[k].f;
			const struct stv_str *s = field_of(dev, f);
			if (device_fields[k].kind == dev->kind && s->s)
				fn(c, f, s, field_max(dev, f));
		}
	}
}

static void option_value(const struct ctx *c, struct stv_loc loc, const char *label,
			 const char *s, const char *hint)
{
	const char *sep = strpbrk(s, ",=");
	if (sep)
		stv_report(c->d, STV_R_OPTION_VALUE, loc, hint,
			   "%s '%s' contains '%c', which StratoVirt's option syntax cannot carry",
			   label, s, *sep);
	else if (s[0] == '-')
		stv_report(c->d, STV_R_OPTION_VALUE, loc, NULL,
			   "%s '%s' begins with '-', which StratoVirt takes for an option",
			   label, s);
}

static void field_option(const struct ctx *c, const struct str_field *f,
			 const struct stv_str *s, size_t max)
{
	(void)max;
	if (f->option)
		option_value(c, s->loc, f->label, s->s, f->option);
}

static void check_option_value(const struct ctx *c)
{
	each_field(c, field_option);
	/* The runtime directory rides in -qmp unix:DIR/qmp.sock,server,nowait. */
	if (c->opt && c->opt->runtime_dir)
		option_value(c, c->dom->loc, "--runtime-dir", c->opt->runtime_dir,
			     "choose a --runtime-dir without ',' or '='");
}

static void field_length(const struct ctx *c, const struct str_field *f,
			 const struct stv_str *s, size_t max)
{
	size_t len = strlen(s->s);
	if (max && len > max)
		stv_report(c->d, STV_R_PATH_LENGTH, s->loc,
			   "move the file to a shorter path",
			   "%s path is %zu bytes; StratoVirt accepts at most %zu%s",
			   f->label, len, max,
			   max == MAX_SOCK_PATH ? " for a unix socket" : "");
}

static void check_path_length(const struct ctx *c)
{
	each_field(c, field_length);
}

static void check_qmp_path_length(const struct ctx *c)
{
	bool given = c->opt && c->opt->runtime_dir;
	char *dir = stv_runtime_dir(c->dom, c->opt);
	if (!dir) {
		c->d->oom = true;
		return;
	}
	size_t len = strlen(dir) + strlen(QMP_SOCK);
	if (len > MAX_SOCK_PATH)
		stv_report(c->d, STV_R_QMP_PATH_LENGTH,
			   given ? c->dom->loc : loc_or(c->dom->name.loc, c->dom->loc),
			   given ? "pass a shorter --runtime-dir"
				 : "shorten <name>, or pass a shorter --runtime-dir",
			   "the QMP socket %s%s is %zu bytes; a unix socket path is at most %d",
			   dir, QMP_SOCK, len, MAX_SOCK_PATH);
	free(dir);
}

static void check_cmdline_text(const struct ctx *c)
{
	const struct stv_str *cl = &c->dom->cmdline;
	static const char space[] = " \t\r\n";
	if (!cl->s)
		return;
	if (strpbrk(cl->s, "\r\n"))
		stv_report(c->d, STV_R_CMDLINE_TEXT, cl->loc,
			   "join the parameters with spaces on one line",
			   "<cmdline> contains a line break; the kernel command line is one line");
	/* -append takes the next argv word, unless it looks like an option. */
	if (cl->s[0] == '-')
		stv_report(c->d, STV_R_CMDLINE_TEXT, cl->loc, NULL,
			   "<cmdline> begins with '-', which StratoVirt takes for an option");
	for (const char *p = cl->s + strspn(cl->s, space); *p; p += strspn(p, space)) {
		size_t len = strcspn(p, space);
		if (len > MAX_PARAM)
			stv_report(c->d, STV_R_CMDLINE_TEXT, cl->loc, NULL,
				   "<cmdline> parameter '%.20s...' is %zu bytes; StratoVirt accepts at most %d per parameter",
				   p, len, MAX_PARAM);
		p += len;
	}
}

/* ---- the table ----------------------------------------------------------- */

static const struct {
	enum stv_rule rule;
	check_fn *fn;
} checks[] = {
	{ STV_R_VCPU_RANGE, check_vcpu_range },
	{ STV_R_MEMORY_RANGE, check_memory_range },
	{ STV_R_CURRENT_MEMORY, check_current_memory },
	{ STV_R_IOTHREADS, check_iothreads },
	{ STV_R_ON_REBOOT_IGNORED, check_on_reboot },
	{ STV_R_BOOT_DEV_IGNORED, check_boot_dev },
	{ STV_R_CLOCK_TIMER, check_clock_timer },
	{ STV_R_EMULATOR_NAME, check_emulator_name },
	{ STV_R_INITRD_NEEDS_KERNEL, check_initrd_kernel },
	{ STV_R_CMDLINE_NEEDS_KERNEL, check_cmdline_kernel },
	{ STV_R_NVRAM_NEEDS_LOADER, check_nvram_loader },
	{ STV_R_BOOT_SOURCE, check_boot_source },
	{ STV_R_ACPI_REQUIRED, check_acpi },
	{ STV_R_GIC, check_gic },
	{ STV_R_GIC_IMPLIED, check_gic_implied },
	{ STV_R_HUGEPAGE_SIZE, check_hugepage_size },
	{ STV_R_HUGEPAGE_ALIGN, check_hugepage_align },
	{ STV_R_DISK_QUEUES, check_disk_queues },
	{ STV_R_IOTHREAD_REF, check_iothread_ref },
	{ STV_R_DISK_TARGET_DUP, check_disk_target_dup },
	{ STV_R_DISK_SOURCE_DUP, check_disk_source_dup },
	{ STV_R_DISK_SERIAL, check_disk_serial },
	{ STV_R_BOOT_ORDER, check_boot_order },
	{ STV_R_BOOT_ORDER_IGNORED, check_boot_order_ignored },
	{ STV_R_IOTUNE_RANGE, check_iotune_range },
	{ STV_R_MAC, check_mac },
	{ STV_R_MAC_DUP, check_mac_dup },
	{ STV_R_IFNAME, check_ifname },
	{ STV_R_IFNAME_DUP, check_ifname_dup },
	{ STV_R_NET_QUEUES, check_net_queues },
	{ STV_R_BALLOON_AUTODEFLATE_PLACE, check_balloon_autodeflate },
	{ STV_R_BALLOON_HUGEPAGES, check_balloon_hugepages },
	{ STV_R_DEVICE_COUNT, check_device_count },
	{ STV_R_CONSOLE_COUNT, check_console_count },
	{ STV_R_CONSOLE_SERIAL_ADDED, check_console_serial_added },
	{ STV_R_NO_CONSOLE, check_no_console },
	{ STV_R_RNG_RATE, check_rng_rate },
	{ STV_R_VSOCK_CID, check_vsock_cid },
	{ STV_R_ALIAS, check_alias },
	{ STV_R_ALIAS_DUP, check_alias_dup },
	{ STV_R_OPTION_VALUE, check_option_value },
	{ STV_R_PATH_LENGTH, check_path_length },
	{ STV_R_QMP_PATH_LENGTH, check_qmp_path_length },
	{ STV_R_CMDLINE_TEXT, check_cmdline_text },
};

void stv_check(const struct stv_domain *dom, const struct stv_options *opt,
	       struct stv_diags *d)
{
	const struct ctx c = { dom, opt, d };
	for (size_t i = 0; i < sizeof(checks) / sizeof(checks[0]); i++) {
		/* A disabled rule is not worth running. */
		if (d->disabled && d->disabled[checks[i].rule])
			continue;
		checks[i].fn(&c);
	}
}
