/*
 * PCI address assignment (compiler/address.c) on hand-built IR, and the
 * argv, json and xml emitters over the laid-out result: the layout is only
 * right if the command line says so.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../compiler/ir.h"
#include "../../emit/emit.h"

#define MIB (UINT64_C(1) << 20)
#define GIB (UINT64_C(1) << 30)

/* ---- building IR by hand: strings are literals, ids are heap ---- */

static struct stv_domain *dom_new(enum stv_arch arch)
{
	struct stv_domain *dom = calloc(1, sizeof *dom);
	assert_non_null(dom);
	dom->arch = arch;
	dom->arch_set = true;
	dom->name.s = (char *)"vm";
	dom->name.loc.line = 2;
	dom->vcpus = (struct stv_num){ .v = 1, .set = true };
	dom->memory = (struct stv_num){ .v = 512 * MIB, .set = true };
	dom->kernel.s = (char *)"/boot/vmlinux";
	dom->emulator.s = (char *)"/usr/bin/stratovirt";
	dom->acpi = true;
	return dom;
}

static const char *const id_prefix[STV_DEV_KIND_COUNT] = {
	[STV_DEV_DISK] = "virtio-disk", [STV_DEV_NET] = "net",
	[STV_DEV_BALLOON] = "balloon", [STV_DEV_SERIAL] = "virtio-serial",
	[STV_DEV_CONSOLE] = "console", [STV_DEV_RNG] = "rng",
	[STV_DEV_VSOCK] = "vsock",
};

/* Lowering names each backend after its device (compiler/lower.c). */
static const char *const backend_prefix[STV_DEV_KIND_COUNT] = {
	[STV_DEV_DISK] = "drive-", [STV_DEV_NET] = "host",
	[STV_DEV_CONSOLE] = "char", [STV_DEV_RNG] = "obj",
};

static struct stv_device *add_dev(struct stv_domain *dom, enum stv_dev_kind kind)
{
	struct stv_device *v = realloc(dom->devs, (dom->ndevs + 1) * sizeof *v);
	assert_non_null(v);
	dom->devs = v;
	struct stv_device *dev = &v[dom->ndevs];
	memset(dev, 0, sizeof *dev);
	dev->kind = kind;
	for (size_t i = 0; i < dom->ndevs; i++)
		dev->kind_index += v[i].kind == kind;
	dev->id = stv_asprintf("%s%u", id_prefix[kind], dev->kind_index);
	if (backend_prefix[kind])
		dev->backend_id = stv_asprintf("%s%s", backend_prefix[kind], dev->id);
	dev->loc.line = (int)(100 + dom->ndevs);
	dev->addr.loc = dev->loc;
	if (kind == STV_DEV_BALLOON)
		dev->u.balloon.autodeflate = -1;
	if (kind == STV_DEV_DISK)
		dev->u.disk.source.s = (char *)"/img/disk.raw";
	if (kind == STV_DEV_NET) {
		dev->u.net.mac.s = (char *)"52:54:00:00:00:01";
		dev->u.net.tap.s = (char *)"tap0";
		dev->u.net.bridge.s = (char *)"br0";
		dev->u.net.vhost = true;
	}
	if (kind == STV_DEV_RNG)
		dev->u.rng.backend.s = (char *)"/dev/urandom";
	if (kind == STV_DEV_VSOCK)
		dev->u.vsock.cid = (struct stv_num){ .v = 3, .set = true };
	dom->ndevs++;
	return dev;
}

static void set_addr(struct stv_pci_addr *a, uint64_t bus, uint64_t slot, uint64_t fn, bool mf)
{
	a->present = a->user = true;
	a->domain = (struct stv_num){ .v = 0, .set = true };
	a->bus = (struct stv_num){ .v = bus, .set = true };
	a->slot = (struct stv_num){ .v = slot, .set = true };
	a->function = (struct stv_num){ .v = fn, .set = true };
	a->multifunction = mf;
	a->loc.line += 1000;	/* the <address> element, apart from the device */
}

static struct stv_root_port *add_port(struct stv_domain *dom, unsigned index)
{
	struct stv_root_port *v = realloc(dom->ports, (dom->nports + 1) * sizeof *v);
	assert_non_null(v);
	dom->ports = v;
	struct stv_root_port *p = &v[dom->nports++];
	memset(p, 0, sizeof *p);
	p->index = index;
	p->loc.line = (int)(50 + index);
	p->addr.loc = p->loc;
	return p;
}

static void dom_free(struct stv_domain *dom)
{
	for (size_t i = 0; i < dom->ndevs; i++) {
		free(dom->devs[i].id);
		free(dom->devs[i].backend_id);
	}
	free(dom->devs);
	free(dom->ports);
	free(dom);
}

/* ---- looking at results ---- */

static const struct stv_diag *find_diag(const struct stv_diags *d, enum stv_rule rule,
					const char *text)
{
	for (size_t i = 0; i < d->n; i++)
		if (d->v[i].rule == rule && (!text || strstr(d->v[i].message, text)))
			return &d->v[i];
	return NULL;
}

static void dump_diags(const struct stv_diags *d)
{
	for (size_t i = 0; i < d->n; i++)
		fprintf(stderr, "  %d: [%s] %s\n", d->v[i].loc.line,
			stv_rule_info(d->v[i].rule)->id, d->v[i].message);
}

/* Lays out dom and expects no finding. */
static void assign_ok(struct stv_domain *dom)
{
	struct stv_diags d;
	stv_diags_init(&d, "t.xml", NULL);
	int rc = stv_assign_addresses(dom, &d);
	if (rc != 0 || d.n)
		dump_diags(&d);
	assert_int_equal(rc, 0);
	assert_int_equal(d.n, 0);
	stv_diags_free(&d);
}

/* The argv as one string, one argument per line. */
static char *argv_text(const struct stv_domain *dom, const struct stv_options *opt)
{
	struct stv_argv a = { 0 };
	struct stv_diags d;
	struct stv_buf out = { 0 };

	stv_diags_init(&d, "t.xml", NULL);
	int rc = stv_build_argv(dom, opt, &a, &d);
	if (rc)
		dump_diags(&d);
	assert_int_equal(rc, 0);
	struct stv_emit_ctx ctx = { .dom = dom, .opt = opt, .argv = &a };
	assert_int_equal(stv_emit_argv(&ctx, &out, &d), 0);
	stv_argv_free(&a);
	stv_diags_free(&d);
	return out.p;
}

static const struct stv_root_port *port_by_index(const struct stv_domain *dom, unsigned index)
{
	for (size_t i = 0; i < dom->nports; i++)
		if (dom->ports[i].index == index)
			return &dom->ports[i];
	return NULL;
}

/* ---- the seed examples ---- */

static struct stv_domain *seed(enum stv_arch arch)
{
	struct stv_domain *dom = dom_new(arch);
	dom->name.s = (char *)"StratoVirt";
	dom->emulator.s = (char *)"/path/to/StratoVirt_binary_file";
	dom->vcpus.v = 4;
	dom->memory.v = 8 * GIB;
	dom->hugepages = true;
	dom->hugepage_size = (struct stv_num){ .v = GIB, .set = true };
	dom->iothreads = (struct stv_num){ .v = 1, .set = true };
	dom->kernel.s = (char *)"/path/to/standard_vm_kernel";
	dom->cmdline.s = (char *)"console=hvc0 root=/dev/vda reboot=k panic=1 rw";
	dom->loader.s = (char *)"/path/to/pflash";
	bool x86 = arch == STV_ARCH_X86_64;
	if (x86) {
		dom->nvram.s = (char *)"/path/to/OVMF_VARS";
		for (unsigned i = 1; i <= 7; i++)
			add_port(dom, i);
	}
	/* bus N slot 0 on x86 (one root port each), pcie.0 slot N on ARM */
#define AT(dev, n) set_addr(&(dev)->addr, x86 ? (n) : 0, x86 ? 0 : (n), 0, false)
	struct stv_device *disk = add_dev(dom, STV_DEV_DISK);
	disk->u.disk.source.s = (char *)"/path/to/rootfs";
	disk->u.disk.iothread = (struct stv_num){ .v = 1, .set = true };
	disk->u.disk.iops = (struct stv_num){ .v = 1000, .set = true };
	AT(disk, 1);
	struct stv_device *net = add_dev(dom, STV_DEV_NET);
	net->u.net.mac.s = (char *)"de:ad:be:ef:00:01";
	net->u.net.tap.s = (char *)"tap0";
	AT(net, 2);
	struct stv_device *ser = add_dev(dom, STV_DEV_SERIAL);
	free(ser->id);
	ser->id = strdup("virt-serial0");
	AT(ser, 3);
	add_dev(dom, STV_DEV_CONSOLE);
	AT(add_dev(dom, STV_DEV_BALLOON), 4);
	struct stv_device *rng = add_dev(dom, STV_DEV_RNG);
	rng->u.rng.backend.s = (char *)"/path/to/random_file";
	rng->u.rng.bytes = (struct stv_num){ .v = 1234, .set = true };
	rng->u.rng.period = (struct stv_num){ .v = 1000, .set = true };
	AT(rng, 5);
	AT(add_dev(dom, STV_DEV_VSOCK), 6);
#undef AT
	return dom;
}

static const char seed_devices_x86[] =
	"-device\npcie-root-port,id=pcie.1,port=0x8,bus=pcie.0,addr=0x1,multifunction=true\n"
	"-device\npcie-root-port,id=pcie.2,port=0x9,bus=pcie.0,addr=0x1.0x1\n"
	"-device\npcie-root-port,id=pcie.3,port=0xa,bus=pcie.0,addr=0x1.0x2\n"
	"-device\npcie-root-port,id=pcie.4,port=0xb,bus=pcie.0,addr=0x1.0x3\n"
	"-device\npcie-root-port,id=pcie.5,port=0xc,bus=pcie.0,addr=0x1.0x4\n"
	"-device\npcie-root-port,id=pcie.6,port=0xd,bus=pcie.0,addr=0x1.0x5\n"
	"-device\npcie-root-port,id=pcie.7,port=0xe,bus=pcie.0,addr=0x1.0x6\n"
	"-drive\nid=drive-virtio-disk0,file=/path/to/rootfs,throttling.iops-total=1000\n"
	"-device\nvirtio-blk-pci,id=virtio-disk0,drive=drive-virtio-disk0,bus=pcie.1,addr=0x0,iothread=iothread1\n"
	"-netdev\ntap,id=hostnet0,ifname=tap0,vhost=true\n"
	"-device\nvirtio-net-pci,id=net0,netdev=hostnet0,mac=de:ad:be:ef:00:01,bus=pcie.2,addr=0x0\n"
	"-device\nvirtio-serial-pci,id=virt-serial0,bus=pcie.3,addr=0x0\n"
	"-chardev\npty,id=charconsole0\n"
	"-device\nvirtconsole,id=console0,chardev=charconsole0\n"
	"-device\nvirtio-balloon-pci,id=balloon0,bus=pcie.4,addr=0x0\n"
	"-object\nrng-random,id=objrng0,filename=/path/to/random_file\n"
	"-device\nvirtio-rng-pci,id=rng0,rng=objrng0,max-bytes=1234,period=1000,bus=pcie.5,addr=0x0\n"
	"-device\nvhost-vsock-pci,id=vsock0,guest-cid=3,bus=pcie.6,addr=0x0\n";

static void seed_x86_q35(void **state)
{
	(void)state;
	struct stv_domain *dom = seed(STV_ARCH_X86_64);
	assign_ok(dom);
	assert_int_equal(dom->nports, 7);
	char *argv = argv_text(dom, NULL);
	const char *head =
		"/path/to/StratoVirt_binary_file\n"
		"-name\nStratoVirt\n"
		"-machine\nq35\n"
		"-smp\n4\n"
		"-m\n8192\n"
		"-mem-path\n/dev/hugepages1G\n"
		"-kernel\n/path/to/standard_vm_kernel\n"
		"-append\nconsole=hvc0 root=/dev/vda reboot=k panic=1 rw\n"
		"-drive\nfile=/path/to/pflash,if=pflash,unit=0,readonly=true\n"
		"-drive\nfile=/path/to/OVMF_VARS,if=pflash,unit=1\n"
		"-object\niothread,id=iothread1\n"
		"-qmp\nunix:/run/stratovirt/StratoVirt/qmp.sock,server,nowait\n";
	char *expect = stv_asprintf("%s%s", head, seed_devices_x86);
	assert_string_equal(argv, expect);
	free(expect);
	free(argv);
	dom_free(dom);
}

static void seed_aarch64_virt(void **state)
{
	(void)state;
	struct stv_domain *dom = seed(STV_ARCH_AARCH64);
	dom->cmdline.s = (char *)"console=ttyAMA0 root=/dev/vda reboot=k panic=1 rw";
	assign_ok(dom);
	assert_int_equal(dom->nports, 0);	/* everything stays on pcie.0 */
	char *argv = argv_text(dom, NULL);
	const char *tail =
		"-qmp\nunix:/run/stratovirt/StratoVirt/qmp.sock,server,nowait\n"
		"-drive\nid=drive-virtio-disk0,file=/path/to/rootfs,throttling.iops-total=1000\n"
		"-device\nvirtio-blk-pci,id=virtio-disk0,drive=drive-virtio-disk0,bus=pcie.0,addr=0x1,iothread=iothread1\n"
		"-netdev\ntap,id=hostnet0,ifname=tap0,vhost=true\n"
		"-device\nvirtio-net-pci,id=net0,netdev=hostnet0,mac=de:ad:be:ef:00:01,bus=pcie.0,addr=0x2\n"
		"-device\nvirtio-serial-pci,id=virt-serial0,bus=pcie.0,addr=0x3\n"
		"-chardev\npty,id=charconsole0\n"
		"-device\nvirtconsole,id=console0,chardev=charconsole0\n"
		"-device\nvirtio-balloon-pci,id=balloon0,bus=pcie.0,addr=0x4\n"
		"-object\nrng-random,id=objrng0,filename=/path/to/random_file\n"
		"-device\nvirtio-rng-pci,id=rng0,rng=objrng0,max-bytes=1234,period=1000,bus=pcie.0,addr=0x5\n"
		"-device\nvhost-vsock-pci,id=vsock0,guest-cid=3,bus=pcie.0,addr=0x6\n";
	assert_non_null(strstr(argv, "-machine\nvirt\n"));
	assert_null(strstr(argv, "/path/to/OVMF_VARS"));
	const char *at = strstr(argv, "-qmp\n");
	assert_non_null(at);
	assert_string_equal(at, tail);
	free(argv);
	dom_free(dom);
}

/* ---- automatic layout ---- */

/* No address, no controller: one root port per device, packed on slot 1. */
static void libvirt_layout(void **state)
{
	(void)state;
	struct stv_domain *dom = dom_new(STV_ARCH_X86_64);
	add_dev(dom, STV_DEV_DISK);
	add_dev(dom, STV_DEV_NET);
	add_dev(dom, STV_DEV_SERIAL);
	add_dev(dom, STV_DEV_CONSOLE);
	add_dev(dom, STV_DEV_RNG);
	assign_ok(dom);
	assert_int_equal(dom->nports, 4);
	for (unsigned i = 0; i < 4; i++) {
		const struct stv_root_port *p = port_by_index(dom, i + 1);
		assert_non_null(p);
		assert_true(p->generated);
		assert_int_equal(p->addr.bus.v, 0);
		assert_int_equal(p->addr.slot.v, 1);
		assert_int_equal(p->addr.function.v, i);
		assert_int_equal(p->port.v, 8 + i);
		assert_int_equal(p->addr.multifunction, i == 0);
	}
	/* a created port points at the device that needed it */
	assert_int_equal(port_by_index(dom, 1)->loc.line, dom->devs[0].loc.line);
	assert_int_equal(dom->devs[0].addr.bus.v, 1);
	assert_int_equal(dom->devs[1].addr.bus.v, 2);
	assert_int_equal(dom->devs[2].addr.bus.v, 3);
	assert_false(dom->devs[3].addr.present);	/* console: no PCI address */
	assert_int_equal(dom->devs[4].addr.bus.v, 4);
	assert_false(dom->devs[0].addr.user);
	char *argv = argv_text(dom, NULL);
	assert_non_null(strstr(argv,
		"pcie-root-port,id=pcie.1,port=0x8,bus=pcie.0,addr=0x1,multifunction=true\n"
		"-device\npcie-root-port,id=pcie.2,port=0x9,bus=pcie.0,addr=0x1.0x1\n"));
	assert_non_null(strstr(argv,
		"virtio-serial-pci,id=virtio-serial0,bus=pcie.3,addr=0x0\n"
		"-chardev\npty,id=charconsole0\n"
		"-device\nvirtconsole,id=console0,chardev=charconsole0\n"
		"-object\nrng-random"));
	free(argv);
	dom_free(dom);
}

/* Empty root ports are used first, lowest index first; then new ones. */
static void uses_existing_ports_then_creates(void **state)
{
	(void)state;
	struct stv_domain *dom = dom_new(STV_ARCH_X86_64);
	add_port(dom, 2);	/* sorted by index, as lowering leaves them (ir.h) */
	add_port(dom, 5);
	struct stv_device *a = add_dev(dom, STV_DEV_DISK);
	struct stv_device *b = add_dev(dom, STV_DEV_DISK);
	set_addr(&b->addr, 2, 0, 0, false);	/* takes pcie.2 explicitly */
	add_dev(dom, STV_DEV_DISK);
	add_dev(dom, STV_DEV_NET);
	assign_ok(dom);
	a = &dom->devs[0];
	assert_int_equal(a->addr.bus.v, 5);
	assert_int_equal(dom->devs[2].addr.bus.v, 6);	/* new, next index */
	assert_int_equal(dom->devs[3].addr.bus.v, 7);
	/* ports in index order: 2 at 0x1.0, 5 at 0x1.1, then 6, 7 */
	assert_int_equal(port_by_index(dom, 2)->addr.function.v, 0);
	assert_int_equal(port_by_index(dom, 5)->addr.function.v, 1);
	assert_int_equal(port_by_index(dom, 6)->addr.function.v, 2);
	assert_false(port_by_index(dom, 5)->generated);
	assert_true(port_by_index(dom, 7)->generated);
	dom_free(dom);
}

/* Root ports skip slots a device uses and the reserved ones. */
static void ports_skip_used_slots(void **state)
{
	(void)state;
	struct stv_domain *dom = dom_new(STV_ARCH_X86_64);
	struct stv_device *bal = add_dev(dom, STV_DEV_BALLOON);
	set_addr(&bal->addr, 0, 1, 0, false);
	for (unsigned i = 1; i <= 9; i++)
		add_port(dom, i);
	assign_ok(dom);
	assert_int_equal(port_by_index(dom, 1)->addr.slot.v, 2);
	assert_int_equal(port_by_index(dom, 8)->addr.slot.v, 2);
	assert_int_equal(port_by_index(dom, 8)->addr.function.v, 7);
	assert_int_equal(port_by_index(dom, 9)->addr.slot.v, 3);
	assert_int_equal(port_by_index(dom, 9)->port.v, 0x18);
	assert_false(port_by_index(dom, 9)->addr.multifunction);	/* alone in its slot */
	assert_false(bal->addr.multifunction);
	dom_free(dom);
}

/* A <target port> wins over the computed one. */
static void target_port_wins(void **state)
{
	(void)state;
	struct stv_domain *dom = dom_new(STV_ARCH_X86_64);
	struct stv_root_port *p = add_port(dom, 1);
	p->port = (struct stv_num){ .v = 0x10, .set = true };
	add_port(dom, 2);
	assign_ok(dom);
	assert_int_equal(dom->ports[0].port.v, 0x10);
	assert_int_equal(dom->ports[1].port.v, 0x9);
	dom_free(dom);
}

/* Explicit multifunction slot: multifunction=true on .0, .0x1 after it. */
static void explicit_multifunction(void **state)
{
	(void)state;
	struct stv_domain *dom = dom_new(STV_ARCH_AARCH64);
	struct stv_device *b = add_dev(dom, STV_DEV_NET);
	set_addr(&b->addr, 0, 3, 1, false);
	struct stv_device *a = add_dev(dom, STV_DEV_DISK);
	set_addr(&a->addr, 0, 3, 0, true);
	assign_ok(dom);
	char *argv = argv_text(dom, NULL);
	assert_non_null(strstr(argv,
		"virtio-blk-pci,id=virtio-disk0,drive=drive-virtio-disk0,bus=pcie.0,addr=0x3,multifunction=true\n"
		"-netdev\ntap,id=hostnet0,ifname=tap0,vhost=true\n"
		"-device\nvirtio-net-pci,id=net0,netdev=hostnet0,mac=52:54:00:00:00:01,bus=pcie.0,addr=0x3.0x1\n"));
	free(argv);
	dom_free(dom);
}

/* Functions of one root port: the bus has functions, not slots. */
static void functions_behind_root_port(void **state)
{
	(void)state;
	struct stv_domain *dom = dom_new(STV_ARCH_X86_64);
	add_port(dom, 1);
	struct stv_device *a = add_dev(dom, STV_DEV_DISK);
	set_addr(&a->addr, 1, 0, 0, true);
	struct stv_device *b = add_dev(dom, STV_DEV_DISK);
	set_addr(&b->addr, 1, 0, 2, false);
	add_dev(dom, STV_DEV_RNG);	/* pcie.1 is taken: a new port */
	assign_ok(dom);
	assert_int_equal(dom->devs[2].addr.bus.v, 2);
	char *argv = argv_text(dom, NULL);
	assert_non_null(strstr(argv, "bus=pcie.1,addr=0x0,multifunction=true\n"));
	assert_non_null(strstr(argv, "bus=pcie.1,addr=0x0.0x2\n"));
	free(argv);
	dom_free(dom);
}

static void deterministic(void **state)
{
	(void)state;
	char *out[2];
	for (int r = 0; r < 2; r++) {
		struct stv_domain *dom = dom_new(STV_ARCH_X86_64);
		for (int i = 0; i < 12; i++)
			add_dev(dom, STV_DEV_DISK);
		add_port(dom, 3);
		assign_ok(dom);
		out[r] = argv_text(dom, NULL);
		dom_free(dom);
	}
	assert_string_equal(out[0], out[1]);
	/* 12 ports, 3 to 14: slot 1 full, then slot 2 */
	assert_non_null(strstr(out[0], "id=pcie.14,port=0x13,bus=pcie.0,addr=0x2.0x3\n"));
	free(out[0]);
	free(out[1]);
}

/* ---- errors: rule, location, and both parties named ---- */

struct bad_case {
	const char *what;
	enum stv_arch arch;
	uint64_t bus, slot, fn, domain;
	enum stv_rule rule;
	const char *text;
};

static void bad_addresses(void **state)
{
	(void)state;
	static const struct bad_case cases[] = {
		{ "domain", STV_ARCH_X86_64, 0, 2, 0, 1, STV_R_PCI_DOMAIN, "only PCI domain 0" },
		{ "slot", STV_ARCH_X86_64, 0, 32, 0, 0, STV_R_PCI_SLOT_RANGE, "0000:00:20.0" },
		{ "function", STV_ARCH_X86_64, 0, 2, 8, 0, STV_R_PCI_FUNCTION_RANGE, "function must be <= 7" },
		{ "bus", STV_ARCH_X86_64, 4, 0, 0, 0, STV_R_PCI_BUS_MISSING, "no PCI controller has index 4" },
		{ "rp slot", STV_ARCH_X86_64, 1, 1, 0, 0, STV_R_ROOT_PORT_SLOT, "pcie.1 has only slot 0" },
		{ "host bridge", STV_ARCH_AARCH64, 0, 0, 0, 0, STV_R_ROOT_SLOT_RESERVED, "host bridge" },
		{ "lpc", STV_ARCH_X86_64, 0, 0x1f, 0, 0, STV_R_ROOT_SLOT_RESERVED, "LPC" },
		{ "fn without 0", STV_ARCH_X86_64, 0, 4, 1, 0, STV_R_MULTIFUNCTION, "nothing uses function 0" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const struct bad_case *c = &cases[i];
		struct stv_domain *dom = dom_new(c->arch);
		add_port(dom, 1);
		struct stv_device *dev = add_dev(dom, STV_DEV_NET);
		set_addr(&dev->addr, c->bus, c->slot, c->fn, false);
		dev->addr.domain.v = c->domain;
		struct stv_diags d;
		stv_diags_init(&d, "t.xml", NULL);
		assert_int_equal(stv_assign_addresses(dom, &d), -1);
		const struct stv_diag *f = find_diag(&d, c->rule, c->text);
		if (!f) {
			fprintf(stderr, "case %s:\n", c->what);
			dump_diags(&d);
		}
		assert_non_null(f);
		assert_int_equal(f->loc.line, dev->addr.loc.line);	/* at <address> */
		assert_non_null(strstr(f->message, "interface net0"));
		assert_int_equal(d.n, 1);	/* and nothing else */
		stv_diags_free(&d);
		dom_free(dom);
	}
}

/* Slot 0x1f is only reserved on q35. */
static void slot_1f_on_aarch64(void **state)
{
	(void)state;
	struct stv_domain *dom = dom_new(STV_ARCH_AARCH64);
	set_addr(&add_dev(dom, STV_DEV_VSOCK)->addr, 0, 0x1f, 0, false);
	assign_ok(dom);
	dom_free(dom);
}

static void duplicate_address(void **state)
{
	(void)state;
	struct stv_domain *dom = dom_new(STV_ARCH_X86_64);
	set_addr(&add_dev(dom, STV_DEV_DISK)->addr, 0, 5, 0, false);
	set_addr(&add_dev(dom, STV_DEV_RNG)->addr, 0, 5, 0, false);
	struct stv_diags d;
	stv_diags_init(&d, "t.xml", NULL);
	assert_int_equal(stv_assign_addresses(dom, &d), -1);
	const struct stv_diag *f = find_diag(&d, STV_R_PCI_ADDRESS_DUP, NULL);
	assert_non_null(f);
	assert_int_equal(f->loc.line, dom->devs[1].addr.loc.line);
	assert_string_equal(f->message,
		"rng rng0: attempted double use of PCI address 0000:00:05.0, "
		"already used by disk virtio-disk0 (line 100)");
	assert_non_null(f->hint);
	stv_diags_free(&d);
	dom_free(dom);
}

static void multifunction_off(void **state)
{
	(void)state;
	struct stv_domain *dom = dom_new(STV_ARCH_X86_64);
	set_addr(&add_dev(dom, STV_DEV_DISK)->addr, 0, 5, 0, false);
	set_addr(&add_dev(dom, STV_DEV_RNG)->addr, 0, 5, 3, false);
	struct stv_diags d;
	stv_diags_init(&d, "t.xml", NULL);
	assert_int_equal(stv_assign_addresses(dom, &d), -1);
	const struct stv_diag *f = find_diag(&d, STV_R_MULTIFUNCTION, "disk virtio-disk0 (line 100)");
	assert_non_null(f);
	assert_non_null(strstr(f->message, "lacks multifunction='on'"));
	stv_diags_free(&d);
	dom_free(dom);
}

static void controller_and_port_dups(void **state)
{
	(void)state;
	struct stv_domain *dom = dom_new(STV_ARCH_X86_64);
	add_port(dom, 1);
	struct stv_root_port *p2 = add_port(dom, 1);
	p2->loc.line = 77;
	struct stv_root_port *p3 = add_port(dom, 3);
	p3->port = (struct stv_num){ .v = 0x8, .set = true, .loc = { 60, 5 } };
	struct stv_diags d;
	stv_diags_init(&d, "t.xml", NULL);
	assert_int_equal(stv_assign_addresses(dom, &d), -1);
	const struct stv_diag *f = find_diag(&d, STV_R_CONTROLLER_INDEX_DUP, "line 51");
	assert_non_null(f);
	assert_int_equal(f->loc.line, 77);
	f = find_diag(&d, STV_R_ROOT_PORT_DUP, NULL);
	assert_non_null(f);
	assert_int_equal(f->loc.line, 60);	/* at the <target port> */
	assert_string_equal(f->message,
		"root port pcie.3 has port 0x8, already used by root port pcie.1 (line 51)");
	stv_diags_free(&d);
	dom_free(dom);
}

static void root_port_off_root_bus(void **state)
{
	(void)state;
	struct stv_domain *dom = dom_new(STV_ARCH_X86_64);
	add_port(dom, 1);
	set_addr(&add_port(dom, 2)->addr, 1, 0, 0, false);
	struct stv_diags d;
	stv_diags_init(&d, "t.xml", NULL);
	assert_int_equal(stv_assign_addresses(dom, &d), -1);
	assert_non_null(find_diag(&d, STV_R_PCI_BUS_MISSING, "root port pcie.2"));
	stv_diags_free(&d);
	dom_free(dom);
}

/* 30 usable slots x 8 functions on q35: device 241 has nowhere to go. */
static void does_not_fit(void **state)
{
	(void)state;
	struct stv_domain *dom = dom_new(STV_ARCH_X86_64);
	for (int i = 0; i < 241; i++)
		add_dev(dom, STV_DEV_DISK);
	struct stv_diags d;
	stv_diags_init(&d, "t.xml", NULL);
	assert_int_equal(stv_assign_addresses(dom, &d), -1);
	assert_int_equal(d.n, 1);
	const struct stv_diag *f = find_diag(&d, STV_R_PCI_LAYOUT, NULL);
	assert_non_null(f);
	assert_non_null(strstr(f->message, "disk virtio-disk240 does not fit"));
	assert_int_equal(f->loc.line, dom->devs[240].loc.line);
	assert_int_equal(dom->nports, 240);
	assert_false(dom->devs[240].addr.present);
	stv_diags_free(&d);
	dom_free(dom);

	/* on aarch64 slot 0x1f is free: 248 fit */
	dom = dom_new(STV_ARCH_AARCH64);
	for (int i = 0; i < 248; i++)
		add_dev(dom, STV_DEV_DISK);
	assign_ok(dom);
	dom_free(dom);
}

static void bus_names(void **state)
{
	(void)state;
	char buf[16];
	assert_string_equal(stv_bus_name(0, buf), "pcie.0");
	assert_string_equal(stv_bus_name(4294967295u, buf), "pcie.4294967295");
}

/* ---- argv refusals and options ---- */

static int refused(struct stv_domain *dom, const char *text)
{
	struct stv_argv a = { 0 };
	struct stv_diags d;
	stv_diags_init(&d, "t.xml", NULL);
	int rc = stv_build_argv(dom, NULL, &a, &d);
	const struct stv_diag *f = find_diag(&d, STV_R_OPTION_VALUE, text);
	if (!f)
		dump_diags(&d);
	assert_non_null(f);
	assert_null(a.v);	/* nothing half-built is handed out */
	stv_diags_free(&d);
	return rc;
}

static void argv_refuses_unsafe_values(void **state)
{
	(void)state;
	struct stv_domain *dom = dom_new(STV_ARCH_X86_64);
	struct stv_device *disk = add_dev(dom, STV_DEV_DISK);
	assign_ok(dom);

	disk->u.disk.source.s = (char *)"/img/a,b.raw";
	assert_int_equal(refused(dom, "disk <source file> '/img/a,b.raw' contains ','"), -1);
	disk->u.disk.source.s = (char *)"/img/a=b.raw";
	assert_int_equal(refused(dom, "contains '='"), -1);
	disk->u.disk.source.s = (char *)"/img/ok.raw";
	disk->u.disk.serial.s = (char *)"-x";
	assert_int_equal(refused(dom, "starts with '-'"), -1);
	disk->u.disk.serial.s = NULL;
	dom->name.s = (char *)"-vm";
	assert_int_equal(refused(dom, "<name> '-vm' starts with '-'"), -1);
	dom->name.s = (char *)"vm";
	dom->cmdline.s = (char *)"a=b,c\nd";
	assert_int_equal(refused(dom, "<cmdline> contains a newline"), -1);
	dom->cmdline.s = (char *)"a=b,c d";	/* fine outside a comma list */
	char *argv = argv_text(dom, NULL);
	assert_non_null(strstr(argv, "-append\na=b,c d\n"));
	free(argv);
	dom_free(dom);
}

static void argv_qmp_path_length(void **state)
{
	(void)state;
	struct stv_domain *dom = dom_new(STV_ARCH_X86_64);
	char dir[120];
	memset(dir, 'd', sizeof dir - 1);
	dir[0] = '/';
	dir[sizeof dir - 1] = '\0';
	struct stv_options opt = { .runtime_dir = dir };
	struct stv_argv a = { 0 };
	struct stv_diags d;
	stv_diags_init(&d, "t.xml", NULL);
	assert_int_equal(stv_build_argv(dom, &opt, &a, &d), -1);
	assert_non_null(find_diag(&d, STV_R_QMP_PATH_LENGTH, NULL));
	stv_diags_free(&d);
	dir[107 - strlen("/qmp.sock")] = '\0';	/* exactly 107 bytes */
	char *argv = argv_text(dom, &opt);
	free(argv);
	dom_free(dom);
}

static void argv_hugepage_dirs(void **state)
{
	(void)state;
	static const struct { uint64_t size; bool set; const char *dir; } cases[] = {
		{ 0, false, "/dev/hugepages" },
		{ 2 * MIB, true, "/dev/hugepages" },
		{ GIB, true, "/dev/hugepages1G" },
		{ 64 * 1024, true, "/dev/hugepages64K" },
		{ 32 * MIB, true, "/dev/hugepages32M" },
		{ 512 * MIB, true, "/dev/hugepages512M" },
		{ 16 * GIB, true, "/dev/hugepages16G" },
	};
	struct stv_domain *dom = dom_new(STV_ARCH_AARCH64);
	dom->hugepages = true;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		dom->hugepage_size = (struct stv_num){ .v = cases[i].size, .set = cases[i].set };
		char *argv = argv_text(dom, NULL);
		char *want = stv_asprintf("-mem-path\n%s\n", cases[i].dir);
		assert_non_null(strstr(argv, want));
		free(want);
		free(argv);
	}
	struct stv_options opt = { .nhugepages = 2 };
	opt.hugepages[0] = (struct stv_hugepage_dir){ 2 * MIB, "/mnt/huge2m" };
	opt.hugepages[1] = (struct stv_hugepage_dir){ GIB, "/mnt/huge1g" };
	dom->hugepage_size = (struct stv_num){ .v = GIB, .set = true };
	char *argv = argv_text(dom, &opt);
	assert_non_null(strstr(argv, "-mem-path\n/mnt/huge1g\n"));
	free(argv);
	dom_free(dom);
}

static void argv_options(void **state)
{
	(void)state;
	struct stv_domain *dom = dom_new(STV_ARCH_X86_64);
	dom->uuid.s = (char *)"c7a5fdbd-cdaf-9455-926a-d65c16db1809";
	dom->initrd.s = (char *)"/boot/initrd";
	dom->iothreads = (struct stv_num){ .v = 2, .set = true };
	struct stv_device *disk = add_dev(dom, STV_DEV_DISK);
	disk->u.disk.readonly = true;
	disk->u.disk.serial.s = (char *)"SER1";
	disk->u.disk.boot_order = (struct stv_num){ .v = 1, .set = true };
	disk->u.disk.queues = (struct stv_num){ .v = 4, .set = true };
	disk->u.disk.iothread = (struct stv_num){ .v = 2, .set = true };
	struct stv_device *net = add_dev(dom, STV_DEV_NET);
	net->u.net.vhost = false;
	net->u.net.queues = (struct stv_num){ .v = 4, .set = true };
	struct stv_device *bal = add_dev(dom, STV_DEV_BALLOON);
	bal->u.balloon.autodeflate = 0;
	struct stv_device *con = add_dev(dom, STV_DEV_CONSOLE);
	con->u.console.type = STV_CONSOLE_UNIX;
	con->u.console.path.s = (char *)"/run/vm.sock";
	add_dev(dom, STV_DEV_SERIAL);
	assign_ok(dom);
	char *argv = argv_text(dom, NULL);
	static const char *const want[] = {
		"-smbios\ntype=1,uuid=c7a5fdbd-cdaf-9455-926a-d65c16db1809\n",
		"-kernel\n/boot/vmlinux\n-initrd\n/boot/initrd\n",
		"-object\niothread,id=iothread1\n-object\niothread,id=iothread2\n-qmp\n",
		"-drive\nid=drive-virtio-disk0,file=/img/disk.raw,readonly=true\n",
		"virtio-blk-pci,id=virtio-disk0,drive=drive-virtio-disk0,bus=pcie.1,addr=0x0,iothread=iothread2,serial=SER1,bootindex=1,num-queues=4\n",
		"-netdev\ntap,id=hostnet0,ifname=tap0,queues=4\n",
		"netdev=hostnet0,mac=52:54:00:00:00:01,bus=pcie.2,addr=0x0,mq=true\n",
		"virtio-balloon-pci,id=balloon0,bus=pcie.3,addr=0x0,deflate-on-oom=false\n",
		"virtio-serial-pci,id=virtio-serial0,bus=pcie.4,addr=0x0\n-chardev\nsocket,id=charconsole0,path=/run/vm.sock,server,nowait\n-device\nvirtconsole,",
	};
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
		if (!strstr(argv, want[i]))
			fprintf(stderr, "missing:\n%s\nin:\n%s", want[i], argv);
		assert_non_null(strstr(argv, want[i]));
	}
	free(argv);
	dom_free(dom);
}

static void argv_nul_separated(void **state)
{
	(void)state;
	char *a[] = { (char *)"/bin/x", (char *)"-name", (char *)"a b" };
	struct stv_argv av = { .v = a, .n = 3 };
	struct stv_emit_ctx ctx = { .argv = &av, .nul_separated = true };
	struct stv_buf out = { 0 };
	assert_int_equal(stv_emit_argv(&ctx, &out, NULL), 0);
	assert_int_equal(out.len, 17);
	assert_memory_equal(out.p, "/bin/x\0-name\0a b\0", 17);
	stv_buf_free(&out);
}

/* ---- json and xml over the same IR ---- */

static char *emit(int (*fn)(const struct stv_emit_ctx *, struct stv_buf *, struct stv_diags *),
		  const struct stv_domain *dom)
{
	struct stv_argv a = { 0 };
	struct stv_diags d;
	struct stv_buf out = { 0 };
	stv_diags_init(&d, "t.xml", NULL);
	assert_int_equal(stv_build_argv(dom, NULL, &a, &d), 0);
	struct stv_emit_ctx ctx = { .dom = dom, .argv = &a };
	assert_int_equal(fn(&ctx, &out, &d), 0);
	stv_argv_free(&a);
	stv_diags_free(&d);
	return out.p;
}

static void json_escaping(void **state)
{
	(void)state;
	struct stv_domain *dom = dom_new(STV_ARCH_X86_64);
	dom->cmdline.s = (char *)"q\"b\\s\x01t\tu\xc3\xa9 bad\xff\xc3 end";
	char *j = emit(stv_emit_json, dom);
	assert_non_null(strstr(j, "\"q\\\"b\\\\s\\u0001t\\tu\xc3\xa9 bad\\ufffd\\ufffd end\""));
	assert_non_null(strstr(j, "{\n  \"argv\": [\n    \"/usr/bin/stratovirt\",\n"));
	assert_non_null(strstr(j, "\"root_ports\": [],\n"));
	free(j);
	dom_free(dom);
}

static void json_layout(void **state)
{
	(void)state;
	struct stv_domain *dom = dom_new(STV_ARCH_X86_64);
	add_dev(dom, STV_DEV_VSOCK);
	assign_ok(dom);
	char *j = emit(stv_emit_json, dom);
	assert_non_null(strstr(j,
		"    \"root_ports\": [\n"
		"      {\n"
		"        \"index\": 1,\n"
		"        \"id\": \"pcie.1\",\n"
		"        \"port\": 8,\n"
		"        \"addr\": \"0x1\",\n"
		"        \"multifunction\": false,\n"
		"        \"alias\": null,\n"
		"        \"generated\": true\n"
		"      }\n"
		"    ],\n"));
	assert_non_null(strstr(j, "\"kind\": \"vsock\",\n"));
	assert_non_null(strstr(j, "\"bus\": \"pcie.1\",\n"));
	assert_non_null(strstr(j, "\"cid\": 3\n"));
	const char *end = "\n    ]\n  }\n}\n";
	assert_string_equal(j + strlen(j) - strlen(end), end);
	free(j);
	dom_free(dom);
}

static void xml_writes_layout(void **state)
{
	(void)state;
	struct stv_domain *dom = dom_new(STV_ARCH_X86_64);
	struct stv_device *disk = add_dev(dom, STV_DEV_DISK);
	disk->u.disk.source.s = (char *)"/img/a&b'\"<c>.raw";
	disk->u.disk.target.s = (char *)"vda";
	add_dev(dom, STV_DEV_NET);
	assign_ok(dom);
	char *x = emit(stv_emit_xml, dom);
	assert_non_null(strstr(x, "<source file=\"/img/a&amp;b'&quot;&lt;c&gt;.raw\"/>"));
	assert_non_null(strstr(x,
		"    <controller type=\"pci\" index=\"1\" model=\"pcie-root-port\">\n"
		"      <target chassis=\"1\" port=\"0x8\"/>\n"
		"      <address type=\"pci\" domain=\"0x0000\" bus=\"0x00\" slot=\"0x01\" function=\"0x0\" multifunction=\"on\"/>\n"));
	assert_non_null(strstr(x, "<alias name=\"virtio-disk0\"/>\n"
		"      <address type=\"pci\" domain=\"0x0000\" bus=\"0x01\" slot=\"0x00\" function=\"0x0\"/>\n"));
	assert_non_null(strstr(x, "<mac address=\"52:54:00:00:00:01\"/>"));
	assert_non_null(strstr(x, "<target dev=\"tap0\"/>"));
	assert_non_null(strstr(x, "<driver name=\"vhost\"/>"));
	assert_int_equal(strncmp(x, "<domain type=\"kvm\">\n  <name>vm</name>\n", 38), 0);
	free(x);
	dom_free(dom);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(seed_x86_q35),
		cmocka_unit_test(seed_aarch64_virt),
		cmocka_unit_test(libvirt_layout),
		cmocka_unit_test(uses_existing_ports_then_creates),
		cmocka_unit_test(ports_skip_used_slots),
		cmocka_unit_test(target_port_wins),
		cmocka_unit_test(explicit_multifunction),
		cmocka_unit_test(functions_behind_root_port),
		cmocka_unit_test(deterministic),
		cmocka_unit_test(bad_addresses),
		cmocka_unit_test(slot_1f_on_aarch64),
		cmocka_unit_test(duplicate_address),
		cmocka_unit_test(multifunction_off),
		cmocka_unit_test(controller_and_port_dups),
		cmocka_unit_test(root_port_off_root_bus),
		cmocka_unit_test(does_not_fit),
		cmocka_unit_test(bus_names),
		cmocka_unit_test(argv_refuses_unsafe_values),
		cmocka_unit_test(argv_qmp_path_length),
		cmocka_unit_test(argv_hugepage_dirs),
		cmocka_unit_test(argv_options),
		cmocka_unit_test(argv_nul_separated),
		cmocka_unit_test(json_escaping),
		cmocka_unit_test(json_layout),
		cmocka_unit_test(xml_writes_layout),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
