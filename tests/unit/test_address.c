/*
 * PCI address assignment (compiler/address.c) on hand-built IR, and the
 * argv, json and xml emitters over the laid-out result: the layout is only
 * right if the command line says so.
 *
 * Each domain is built as lowering leaves one (on the heap, freed with
 * stv_domain_free), then goes through the stages the pipeline runs:
 * stv_defaults (ids, backend ids, the emulator, whether a written address
 * is present), stv_assign_addresses, and the emitters.  Root ports are
 * devices (STV_DEV_ROOT_PORT); address.c adds the ones it creates to
 * dom->devs, which may move, so devices are held by index, never by
 * pointer, across a call that can add one.
 *
 * Locations are offsets into a synthetic source of numbered lines (each
 * "  <e>xxxx..."), resolved by stv_report as a real document's are:
 *   line 1-8          the domain's own elements
 *   ROOT_PORT_LINE(k) the k-th root port the test adds (<controller index>),
 *                     its <target port> on the next line
 *   DEV_LINE(k)       the k-th other device
 *   ADDR_LINE(i)      the <address> of dom->devs[i]; its domain, bus, slot,
 *                     function and multifunction on the five lines after it
 * so a finding about one attribute of an address is seen to point at it.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../compiler/defaults.h"
#include "../../compiler/ir.h"
#include "../../emit/emit.h"

#define MIB (UINT64_C(1) << 20)
#define GIB (UINT64_C(1) << 30)

/* ---- the synthetic source ---- */

#define SRC_LINES 4000
#define SRC_LINE "  <e>xxxxxxxxxxxxxxxxxxxx\n"
#define SRC_LINE_LEN (sizeof(SRC_LINE) - 1)

#define ROOT_PORT_LINE(k) (20 + 5 * (int)(k))	/* k < 16 */
#define DEV_LINE(k) (100 + (int)(k))		/* k < 1800 */
#define ADDR_LINE(i) (2000 + 10 * (int)(i))	/* i < 190 */
enum { A_DOMAIN = 1, A_BUS, A_SLOT, A_FUNCTION, A_MULTIFUNCTION };

static char source_buf[SRC_LINES * SRC_LINE_LEN + 1];
static size_t source_lines[SRC_LINES];
static struct stv_source source;

static void source_init(void)
{
	for (size_t i = 0; i < SRC_LINES; i++) {
		source_lines[i] = i * SRC_LINE_LEN;
		memcpy(source_buf + i * SRC_LINE_LEN, SRC_LINE, SRC_LINE_LEN);
	}
	source_buf[SRC_LINES * SRC_LINE_LEN] = '\0';
	source = (struct stv_source){ source_buf, SRC_LINES * SRC_LINE_LEN, source_lines, SRC_LINES };
}

/* The start tag on line (off: 1 + the offset just past "<e>"). */
static struct stv_loc at(int line)
{
	assert_true(line > 0 && line <= SRC_LINES);
	return (struct stv_loc){ source_lines[line - 1] + 5 + 1, NULL, STV_LOC_TAG };
}

static int line_of(struct stv_loc loc)
{
	return stv_resolve(&source, loc).line;
}

static void diags_init(struct stv_diags *d)
{
	stv_diags_init(d, "t.xml", NULL);
	d->src = &source;
}

/* ---- building IR by hand, as lowering leaves it ---- */

static struct stv_num num(uint64_t v, int line)
{
	return (struct stv_num){ v, true, false, at(line) };
}

static struct stv_choice choice(unsigned v, int line)
{
	return (struct stv_choice){ v, true, false, at(line) };
}

static struct stv_flag flag(int line)
{
	return (struct stv_flag){ true, at(line) };
}

/* Replaces a string's value (NULL: none), keeping its location. */
static void set_str(struct stv_str *s, const char *v)
{
	free(s->s);
	s->s = v ? strdup(v) : NULL;
	assert_true(!v || s->s);
}

static struct stv_str str(const char *v, int line)
{
	struct stv_str s = { NULL, false, at(line) };
	set_str(&s, v);
	return s;
}

static struct stv_domain *dom_new(enum stv_arch arch)
{
	struct stv_domain *dom = calloc(1, sizeof *dom);
	assert_non_null(dom);
	bool x86 = arch == STV_ARCH_X86_64;
	dom->loc = at(1);
	dom->name = str("vm", 2);
	dom->arch = choice(arch, 3);
	dom->machine = str(x86 ? "q35" : "virt", 3);
	dom->vcpus = num(1, 4);
	dom->memory = num(512 * MIB, 5);
	dom->os = flag(6);
	dom->kernel = str("/boot/vmlinux", 6);
	/* q35 boots through firmware (boot-firmware) */
	if (x86)
		dom->loader = str("/usr/share/edk2/ovmf/OVMF_CODE.fd", 6);
	dom->features = flag(7);
	dom->acpi = flag(7);
	if (!x86) {
		dom->gic = flag(7);
		dom->gic_version = num(3, 7);
	}
	dom->devices = flag(8);
	return dom;
}

static size_t count_kind(const struct stv_domain *dom, enum stv_dev_kind kind)
{
	size_t n = 0;
	for (size_t i = 0; i < dom->ndevs; i++)
		n += dom->devs[i].kind == kind;
	return n;
}

/* A device at DEV_LINE(k), with what a valid one needs; returns its index in dom->devs. */
static size_t add_dev(struct stv_domain *dom, enum stv_dev_kind kind)
{
	size_t k = dom->ndevs - count_kind(dom, STV_DEV_ROOT_PORT);
	int line = DEV_LINE(k);
	struct stv_device *dev = stv_add_device(dom, kind, at(line));
	assert_non_null(dev);
	switch (kind) {
	case STV_DEV_DISK:
		dev->u.disk.source = str("/img/disk.raw", line);
		break;
	case STV_DEV_NET:
		dev->u.net.type = choice(STV_NET_TYPE_BRIDGE, line);
		dev->u.net.mac = str("52:54:00:00:00:01", line);
		dev->u.net.tap = str("tap0", line);
		dev->u.net.bridge = str("br0", line);
		break;
	case STV_DEV_RNG:
		dev->u.rng.backend = str("/dev/urandom", line);
		break;
	case STV_DEV_VSOCK:
		dev->u.vsock.cid = num(3, line);
		break;
	case STV_DEV_CONSOLE:
		dev->u.console.type = choice(STV_CONSOLE_TYPE_PTY, line);
		dev->u.console.target = choice(STV_CONSOLE_TARGET_VIRTIO, line);
		break;
	case STV_DEV_SERIAL_PORT:
		dev->u.serial_port.type = choice(STV_CONSOLE_TYPE_PTY, line);
		break;
	case STV_DEV_HOSTDEV:
		dev->u.hostdev.managed = choice(STV_YESNO_NO, line);
		dev->u.hostdev.host_domain = num(0, line);
		dev->u.hostdev.host_bus = num(3, line);
		dev->u.hostdev.host_slot = num(0, line);
		dev->u.hostdev.host_function = num(k, line);
		break;
	case STV_DEV_VIDEO:
		dev->u.video.model = choice(STV_VIDEO_MODEL_VIRTIO, line);
		break;
	case STV_DEV_ROOT_PORT:
	case STV_DEV_SERIAL:
	case STV_DEV_BALLOON:
	case STV_DEV_PANIC:
	case STV_DEV_USB:
	case STV_DEV_TABLET:
	case STV_DEV_KEYBOARD:
	case STV_DEV_GRAPHICS:
	case STV_DEV_SCSI:
	case STV_DEV_KIND_COUNT:
		break;
	}
	return dom->ndevs - 1;
}

/* A pcie-root-port controller with this index, at ROOT_PORT_LINE(k). */
static size_t add_port(struct stv_domain *dom, unsigned index)
{
	int line = ROOT_PORT_LINE(count_kind(dom, STV_DEV_ROOT_PORT));
	struct stv_device *p = stv_add_device(dom, STV_DEV_ROOT_PORT, at(line));
	assert_non_null(p);
	p->index = num(index, line);
	return dom->ndevs - 1;
}

/* <target port='port'/> of root port i. */
static void set_port(struct stv_domain *dom, size_t i, uint64_t port)
{
	dom->devs[i].u.root_port.port = num(port, line_of(dom->devs[i].loc) + 1);
}

/* A written <address> on dom->devs[i]; defaults.c decides it is present. */
static void set_addr(struct stv_domain *dom, size_t i, uint64_t bus, uint64_t slot, uint64_t fn,
		     bool mf)
{
	struct stv_pci_addr *a = &dom->devs[i].addr;
	int line = ADDR_LINE(i);
	a->written = flag(line);
	a->domain = num(0, line + A_DOMAIN);
	a->bus = num(bus, line + A_BUS);
	a->slot = num(slot, line + A_SLOT);
	a->function = num(fn, line + A_FUNCTION);
	if (mf)
		a->multifunction = choice(STV_ONOFF_ON, line + A_MULTIFUNCTION);
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
		fprintf(stderr, "  %d:%d: [%s] %s\n", d->v[i].pos.line, d->v[i].pos.col,
			stv_rule_info(d->v[i].rule)->id, d->v[i].message);
}

/* defaults.c on dom: ids, backends, the emulator, present addresses; no finding. */
static void prepare(struct stv_domain *dom)
{
	struct stv_diags d;
	diags_init(&d);
	int rc = stv_defaults(dom, &d);
	if (rc != 0 || d.n)
		dump_diags(&d);
	assert_int_equal(rc, 0);
	assert_int_equal(d.n, 0);
	stv_diags_free(&d);
}

/* Defaults, then the layout, into d (initialised here); returns the layout's rc. */
static int layout(struct stv_domain *dom, struct stv_diags *d)
{
	prepare(dom);
	diags_init(d);
	return stv_assign_addresses(dom, d);
}

/* Defaults and the layout, expecting no finding. */
static void assign_ok(struct stv_domain *dom)
{
	struct stv_diags d;
	int rc = layout(dom, &d);
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
	struct stv_buf out = { 0 };

	assert_int_equal(stv_build_argv(dom, opt, &a), 0);
	struct stv_emit_ctx ctx = { .dom = dom, .opt = opt, .argv = &a };
	assert_int_equal(stv_emit_argv(&ctx, &out, NULL), 0);
	stv_argv_free(&a);
	return out.p;
}

static const struct stv_device *port_by_index(const struct stv_domain *dom, unsigned index)
{
	for (size_t i = 0; i < dom->ndevs; i++)
		if (dom->devs[i].kind == STV_DEV_ROOT_PORT && dom->devs[i].index.v == index)
			return &dom->devs[i];
	return NULL;
}

/* ---- the seed examples ---- */

static struct stv_domain *seed(enum stv_arch arch)
{
	struct stv_domain *dom = dom_new(arch);
	set_str(&dom->name, "StratoVirt");
	dom->emulator = str("/path/to/StratoVirt_binary_file", 8);
	dom->vcpus.v = 4;
	dom->memory.v = 8 * GIB;
	dom->hugepages = flag(5);
	dom->hugepage_size = num(GIB, 5);
	dom->iothreads = num(1, 5);
	set_str(&dom->kernel, "/path/to/standard_vm_kernel");
	dom->cmdline = str("console=hvc0 root=/dev/vda reboot=k panic=1 rw", 6);
	set_str(&dom->loader, "/path/to/pflash");	/* a new one on aarch64 */
	dom->loader.loc = at(6);
	bool x86 = arch == STV_ARCH_X86_64;
	if (x86) {
		dom->nvram = str("/path/to/OVMF_VARS", 6);
		for (unsigned i = 1; i <= 7; i++)
			add_port(dom, i);
	}
	/* bus N slot 0 on x86 (one root port each), pcie.0 slot N on ARM */
#define AT(i, n) set_addr(dom, (i), x86 ? (n) : 0, x86 ? 0 : (n), 0, false)
	size_t i = add_dev(dom, STV_DEV_DISK);
	set_str(&dom->devs[i].u.disk.source, "/path/to/rootfs");
	dom->devs[i].u.disk.iothread = num(1, DEV_LINE(0));
	dom->devs[i].u.disk.iops = num(1000, DEV_LINE(0));
	AT(i, 1);
	i = add_dev(dom, STV_DEV_NET);
	set_str(&dom->devs[i].u.net.mac, "de:ad:be:ef:00:01");
	AT(i, 2);
	i = add_dev(dom, STV_DEV_SERIAL);
	dom->devs[i].alias = str("virt-serial0", DEV_LINE(2));
	AT(i, 3);
	add_dev(dom, STV_DEV_CONSOLE);
	AT(add_dev(dom, STV_DEV_BALLOON), 4);
	i = add_dev(dom, STV_DEV_RNG);
	set_str(&dom->devs[i].u.rng.backend, "/path/to/random_file");
	dom->devs[i].u.rng.bytes = num(1234, DEV_LINE(5));
	dom->devs[i].u.rng.period = num(1000, DEV_LINE(5));
	AT(i, 5);
	AT(add_dev(dom, STV_DEV_VSOCK), 6);
#undef AT
	return dom;
}

static const char seed_devices_x86[] =
	"-device\npcie-root-port,id=pcie.1,port=0x8,bus=pcie.0,addr=0x1,multifunction=on\n"
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
	"-device\nvirtconsole,id=console0,chardev=charconsole0,nr=0\n"
	"-device\nvirtio-balloon-pci,id=balloon0,bus=pcie.4,addr=0x0\n"
	"-object\nrng-random,id=objrng0,filename=/path/to/random_file\n"
	"-device\nvirtio-rng-pci,id=rng0,rng=objrng0,max-bytes=1234,period=1000,bus=pcie.5,addr=0x0\n"
	"-device\nvhost-vsock-pci,id=vsock0,guest-cid=3,bus=pcie.6,addr=0x0\n";

static void seed_x86_q35(void **state)
{
	(void)state;
	struct stv_domain *dom = seed(STV_ARCH_X86_64);
	assign_ok(dom);
	assert_int_equal(count_kind(dom, STV_DEV_ROOT_PORT), 7);	/* none created */
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
	stv_domain_free(dom);
}

static void seed_aarch64_virt(void **state)
{
	(void)state;
	struct stv_domain *dom = seed(STV_ARCH_AARCH64);
	set_str(&dom->cmdline, "console=ttyAMA0 root=/dev/vda reboot=k panic=1 rw");
	assign_ok(dom);
	assert_int_equal(count_kind(dom, STV_DEV_ROOT_PORT), 0);	/* everything stays on pcie.0 */
	char *argv = argv_text(dom, NULL);
	const char *tail =
		"-qmp\nunix:/run/stratovirt/StratoVirt/qmp.sock,server,nowait\n"
		"-drive\nid=drive-virtio-disk0,file=/path/to/rootfs,throttling.iops-total=1000\n"
		"-device\nvirtio-blk-pci,id=virtio-disk0,drive=drive-virtio-disk0,bus=pcie.0,addr=0x1,iothread=iothread1\n"
		"-netdev\ntap,id=hostnet0,ifname=tap0,vhost=true\n"
		"-device\nvirtio-net-pci,id=net0,netdev=hostnet0,mac=de:ad:be:ef:00:01,bus=pcie.0,addr=0x2\n"
		"-device\nvirtio-serial-pci,id=virt-serial0,bus=pcie.0,addr=0x3\n"
		"-chardev\npty,id=charconsole0\n"
		"-device\nvirtconsole,id=console0,chardev=charconsole0,nr=0\n"
		"-device\nvirtio-balloon-pci,id=balloon0,bus=pcie.0,addr=0x4\n"
		"-object\nrng-random,id=objrng0,filename=/path/to/random_file\n"
		"-device\nvirtio-rng-pci,id=rng0,rng=objrng0,max-bytes=1234,period=1000,bus=pcie.0,addr=0x5\n"
		"-device\nvhost-vsock-pci,id=vsock0,guest-cid=3,bus=pcie.0,addr=0x6\n";
	assert_non_null(strstr(argv, "-machine\nvirt\n"));
	assert_null(strstr(argv, "/path/to/OVMF_VARS"));
	const char *qmp = strstr(argv, "-qmp\n");
	assert_non_null(qmp);
	assert_string_equal(qmp, tail);
	free(argv);
	stv_domain_free(dom);
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
	assert_int_equal(count_kind(dom, STV_DEV_ROOT_PORT), 4);
	for (unsigned i = 0; i < 4; i++) {
		const struct stv_device *p = port_by_index(dom, i + 1);
		assert_non_null(p);
		assert_true(p->generated);
		assert_true(p->addr.present);
		assert_false(p->addr.written.set);
		assert_int_equal(p->addr.bus.v, 0);
		assert_int_equal(p->addr.slot.v, 1);
		assert_int_equal(p->addr.function.v, i);
		assert_int_equal(p->u.root_port.port.v, 8 + i);
		assert_int_equal(p->u.root_port.chassis.v, i + 1);
		assert_int_equal(stv_is(&p->addr.multifunction, STV_ONOFF_ON), i == 0);
	}
	/* a created port points at the device that needed it */
	assert_int_equal(line_of(port_by_index(dom, 1)->loc), DEV_LINE(0));
	assert_int_equal(line_of(port_by_index(dom, 4)->loc), DEV_LINE(4));
	assert_string_equal(port_by_index(dom, 1)->id, "pcie.1");
	assert_int_equal(dom->devs[0].addr.bus.v, 1);
	assert_int_equal(dom->devs[1].addr.bus.v, 2);
	assert_int_equal(dom->devs[2].addr.bus.v, 3);
	assert_false(dom->devs[3].addr.present);	/* console: no PCI address */
	assert_int_equal(dom->devs[4].addr.bus.v, 4);
	assert_false(dom->devs[0].addr.written.set);
	char *argv = argv_text(dom, NULL);
	assert_non_null(strstr(argv,
		"pcie-root-port,id=pcie.1,port=0x8,bus=pcie.0,addr=0x1,multifunction=on\n"
		"-device\npcie-root-port,id=pcie.2,port=0x9,bus=pcie.0,addr=0x1.0x1\n"));
	assert_non_null(strstr(argv,
		"virtio-serial-pci,id=virtio-serial0,bus=pcie.3,addr=0x0\n"
		"-chardev\npty,id=charconsole0\n"
		"-device\nvirtconsole,id=console0,chardev=charconsole0,nr=0\n"
		"-object\nrng-random"));
	free(argv);
	stv_domain_free(dom);
}

/* Empty root ports are used first, lowest index first; then new ones. */
static void uses_existing_ports_then_creates(void **state)
{
	(void)state;
	struct stv_domain *dom = dom_new(STV_ARCH_X86_64);
	add_port(dom, 2);
	add_port(dom, 5);
	size_t a = add_dev(dom, STV_DEV_DISK);
	size_t b = add_dev(dom, STV_DEV_DISK);
	set_addr(dom, b, 2, 0, 0, false);	/* takes pcie.2 explicitly */
	size_t c = add_dev(dom, STV_DEV_DISK);
	size_t n = add_dev(dom, STV_DEV_NET);
	assign_ok(dom);
	assert_int_equal(dom->devs[a].addr.bus.v, 5);
	assert_int_equal(dom->devs[b].addr.bus.v, 2);
	assert_true(dom->devs[b].addr.written.set);
	assert_int_equal(dom->devs[c].addr.bus.v, 6);	/* new, next index */
	assert_int_equal(dom->devs[n].addr.bus.v, 7);
	/* ports in index order: 2 at 0x1.0, 5 at 0x1.1, then 6, 7 */
	assert_int_equal(port_by_index(dom, 2)->addr.function.v, 0);
	assert_int_equal(port_by_index(dom, 5)->addr.function.v, 1);
	assert_int_equal(port_by_index(dom, 6)->addr.function.v, 2);
	assert_false(port_by_index(dom, 5)->generated);
	assert_true(port_by_index(dom, 7)->generated);
	stv_domain_free(dom);
}

/* Root ports skip slots a device uses and the reserved ones. */
static void ports_skip_used_slots(void **state)
{
	(void)state;
	struct stv_domain *dom = dom_new(STV_ARCH_X86_64);
	size_t bal = add_dev(dom, STV_DEV_BALLOON);
	set_addr(dom, bal, 0, 1, 0, false);
	for (unsigned i = 1; i <= 9; i++)
		add_port(dom, i);
	assign_ok(dom);
	assert_int_equal(port_by_index(dom, 1)->addr.slot.v, 2);
	assert_int_equal(port_by_index(dom, 8)->addr.slot.v, 2);
	assert_int_equal(port_by_index(dom, 8)->addr.function.v, 7);
	assert_int_equal(port_by_index(dom, 9)->addr.slot.v, 3);
	assert_int_equal(port_by_index(dom, 9)->u.root_port.port.v, 0x18);
	/* alone in its slot */
	assert_false(stv_is(&port_by_index(dom, 9)->addr.multifunction, STV_ONOFF_ON));
	assert_false(stv_is(&dom->devs[bal].addr.multifunction, STV_ONOFF_ON));
	stv_domain_free(dom);
}

/* A <target port> wins over the computed one. */
static void target_port_wins(void **state)
{
	(void)state;
	struct stv_domain *dom = dom_new(STV_ARCH_X86_64);
	size_t p = add_port(dom, 1);
	set_port(dom, p, 0x10);
	size_t q = add_port(dom, 2);
	assign_ok(dom);
	assert_int_equal(dom->devs[p].u.root_port.port.v, 0x10);
	assert_int_equal(line_of(dom->devs[p].u.root_port.port.loc), ROOT_PORT_LINE(0) + 1);
	assert_int_equal(dom->devs[q].u.root_port.port.v, 0x9);
	stv_domain_free(dom);
}

/* Explicit multifunction slot: multifunction=on on .0, .0x1 after it. */
static void explicit_multifunction(void **state)
{
	(void)state;
	struct stv_domain *dom = dom_new(STV_ARCH_AARCH64);
	set_addr(dom, add_dev(dom, STV_DEV_NET), 0, 3, 1, false);
	set_addr(dom, add_dev(dom, STV_DEV_DISK), 0, 3, 0, true);
	assign_ok(dom);
	char *argv = argv_text(dom, NULL);
	assert_non_null(strstr(argv,
		"virtio-blk-pci,id=virtio-disk0,drive=drive-virtio-disk0,bus=pcie.0,addr=0x3,multifunction=on\n"
		"-netdev\ntap,id=hostnet0,ifname=tap0,vhost=true\n"
		"-device\nvirtio-net-pci,id=net0,netdev=hostnet0,mac=52:54:00:00:00:01,bus=pcie.0,addr=0x3.0x1\n"));
	free(argv);
	stv_domain_free(dom);
}

/* Functions of one root port: the bus has functions, not slots. */
static void functions_behind_root_port(void **state)
{
	(void)state;
	struct stv_domain *dom = dom_new(STV_ARCH_X86_64);
	add_port(dom, 1);
	set_addr(dom, add_dev(dom, STV_DEV_DISK), 1, 0, 0, true);
	set_addr(dom, add_dev(dom, STV_DEV_DISK), 1, 0, 2, false);
	size_t rng = add_dev(dom, STV_DEV_RNG);	/* pcie.1 is taken: a new port */
	assign_ok(dom);
	assert_int_equal(dom->devs[rng].addr.bus.v, 2);
	char *argv = argv_text(dom, NULL);
	assert_non_null(strstr(argv, "bus=pcie.1,addr=0x0,multifunction=on\n"));
	assert_non_null(strstr(argv, "bus=pcie.1,addr=0x0.0x2\n"));
	free(argv);
	stv_domain_free(dom);
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
		stv_domain_free(dom);
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
	int attr;	/* the line after the <address> the finding points at (A_*) */
};

static void bad_addresses(void **state)
{
	(void)state;
	static const struct bad_case cases[] = {
		{ "domain", STV_ARCH_X86_64, 0, 2, 0, 1, STV_R_PCI_DOMAIN, "only PCI domain 0", A_DOMAIN },
		{ "slot", STV_ARCH_X86_64, 0, 32, 0, 0, STV_R_PCI_SLOT_RANGE, "0000:00:20.0", A_SLOT },
		{ "function", STV_ARCH_X86_64, 0, 2, 8, 0, STV_R_PCI_FUNCTION_RANGE, "function must be <= 7",
		  A_FUNCTION },
		{ "bus", STV_ARCH_X86_64, 4, 0, 0, 0, STV_R_PCI_BUS_MISSING, "no PCI controller has index 4",
		  A_BUS },
		{ "rp slot", STV_ARCH_X86_64, 1, 1, 0, 0, STV_R_ROOT_PORT_SLOT, "pcie.1 has only slot 0", A_SLOT },
		{ "host bridge", STV_ARCH_AARCH64, 0, 0, 0, 0, STV_R_ROOT_SLOT_RESERVED, "host bridge", A_SLOT },
		{ "lpc", STV_ARCH_X86_64, 0, 0x1f, 0, 0, STV_R_ROOT_SLOT_RESERVED, "LPC", A_SLOT },
		{ "fn without 0", STV_ARCH_X86_64, 0, 4, 1, 0, STV_R_MULTIFUNCTION, "nothing uses function 0",
		  A_FUNCTION },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const struct bad_case *c = &cases[i];
		struct stv_domain *dom = dom_new(c->arch);
		add_port(dom, 1);
		size_t dev = add_dev(dom, STV_DEV_NET);
		set_addr(dom, dev, c->bus, c->slot, c->fn, false);
		dom->devs[dev].addr.domain.v = c->domain;
		struct stv_diags d;
		assert_int_equal(layout(dom, &d), -1);
		const struct stv_diag *f = find_diag(&d, c->rule, c->text);
		if (!f || f->pos.line != ADDR_LINE(dev) + c->attr || d.n != 1) {
			fprintf(stderr, "case %s: expected at line %d\n", c->what, ADDR_LINE(dev) + c->attr);
			dump_diags(&d);
		}
		assert_non_null(f);
		assert_int_equal(f->pos.line, ADDR_LINE(dev) + c->attr);	/* at the attribute */
		assert_non_null(strstr(f->message, "interface net0"));
		assert_int_equal(d.n, 1);	/* and nothing else */
		stv_diags_free(&d);
		stv_domain_free(dom);
	}
}

/* An attribute with no location of its own: the finding is at the <address>. */
static void bad_address_without_attr_location(void **state)
{
	(void)state;
	struct stv_domain *dom = dom_new(STV_ARCH_X86_64);
	size_t dev = add_dev(dom, STV_DEV_NET);
	set_addr(dom, dev, 0, 32, 0, false);
	dom->devs[dev].addr.slot.loc = (struct stv_loc){ 0, NULL, STV_LOC_NONE };
	struct stv_diags d;
	assert_int_equal(layout(dom, &d), -1);
	assert_int_equal(d.n, 1);
	assert_int_equal(d.v[0].rule, STV_R_PCI_SLOT_RANGE);
	assert_int_equal(d.v[0].pos.line, ADDR_LINE(dev));
	stv_diags_free(&d);
	stv_domain_free(dom);
}

/* A refused address value: the device is left unplaced, and nothing more is said. */
static void refused_address(void **state)
{
	(void)state;
	struct stv_domain *dom = dom_new(STV_ARCH_X86_64);
	size_t dev = add_dev(dom, STV_DEV_NET);
	set_addr(dom, dev, 0, 3, 0, false);
	dom->devs[dev].addr.slot = (struct stv_num){ 0, false, true, at(ADDR_LINE(dev) + A_SLOT) };
	dom->devs[dev].refused = 1;
	dom->refused = 1;
	assign_ok(dom);
	assert_false(dom->devs[dev].addr.present);
	assert_int_equal(count_kind(dom, STV_DEV_ROOT_PORT), 0);
	stv_domain_free(dom);
}

/* Slot 0x1f is only reserved on q35. */
static void slot_1f_on_aarch64(void **state)
{
	(void)state;
	struct stv_domain *dom = dom_new(STV_ARCH_AARCH64);
	set_addr(dom, add_dev(dom, STV_DEV_VSOCK), 0, 0x1f, 0, false);
	assign_ok(dom);
	stv_domain_free(dom);
}

static void duplicate_address(void **state)
{
	(void)state;
	struct stv_domain *dom = dom_new(STV_ARCH_X86_64);
	set_addr(dom, add_dev(dom, STV_DEV_DISK), 0, 5, 0, false);
	size_t rng = add_dev(dom, STV_DEV_RNG);
	set_addr(dom, rng, 0, 5, 0, false);
	struct stv_diags d;
	assert_int_equal(layout(dom, &d), -1);
	const struct stv_diag *f = find_diag(&d, STV_R_PCI_ADDRESS_DUP, NULL);
	assert_non_null(f);
	assert_int_equal(f->pos.line, ADDR_LINE(rng));	/* at the second <address> */
	assert_string_equal(f->message,
		"rng rng0: attempted double use of PCI address 0000:00:05.0, "
		"already used by disk virtio-disk0 (line 100)");
	assert_non_null(f->hint);
	assert_int_equal(d.n, 1);
	stv_diags_free(&d);
	stv_domain_free(dom);
}

static void multifunction_off(void **state)
{
	(void)state;
	struct stv_domain *dom = dom_new(STV_ARCH_X86_64);
	set_addr(dom, add_dev(dom, STV_DEV_DISK), 0, 5, 0, false);
	size_t rng = add_dev(dom, STV_DEV_RNG);
	set_addr(dom, rng, 0, 5, 3, false);
	struct stv_diags d;
	assert_int_equal(layout(dom, &d), -1);
	const struct stv_diag *f = find_diag(&d, STV_R_MULTIFUNCTION, "disk virtio-disk0 (line 100)");
	assert_non_null(f);
	assert_non_null(strstr(f->message, "lacks multifunction='on'"));
	assert_int_equal(f->pos.line, ADDR_LINE(rng) + A_FUNCTION);
	assert_int_equal(d.n, 1);
	stv_diags_free(&d);
	stv_domain_free(dom);
}

/*
 * The xHCI and virtio-gpu have no multifunction key: they may be functions
 * 1 to 7 behind a multifunction function 0, never function 0 of a slot
 * with other functions.
 */
static void single_function_behind_function_0(void **state)
{
	(void)state;
	struct stv_domain *dom = dom_new(STV_ARCH_X86_64);
	set_addr(dom, add_dev(dom, STV_DEV_DISK), 0, 4, 0, true);
	set_addr(dom, add_dev(dom, STV_DEV_USB), 0, 4, 1, false);
	set_addr(dom, add_dev(dom, STV_DEV_VIDEO), 0, 4, 2, false);
	add_dev(dom, STV_DEV_TABLET);
	assign_ok(dom);
	char *argv = argv_text(dom, NULL);
	assert_non_null(strstr(argv,
		"-device\nnec-usb-xhci,id=usb0,bus=pcie.0,addr=0x4.0x1\n"
		"-device\nusb-tablet,id=input0\n"
		"-device\nvirtio-gpu-pci,id=video0,bus=pcie.0,addr=0x4.0x2,max_outputs=1\n"));
	free(argv);
	stv_domain_free(dom);
}

static void single_function_at_function_0(void **state)
{
	(void)state;
	struct stv_domain *dom = dom_new(STV_ARCH_X86_64);
	size_t usb = add_dev(dom, STV_DEV_USB);
	set_addr(dom, usb, 0, 4, 0, false);
	size_t disk = add_dev(dom, STV_DEV_DISK);
	set_addr(dom, disk, 0, 4, 3, false);
	size_t gpu = add_dev(dom, STV_DEV_VIDEO);
	set_addr(dom, gpu, 0, 5, 0, true);	/* alone, but multifunction='on' */
	struct stv_diags d;
	assert_int_equal(layout(dom, &d), -1);
	const struct stv_diag *f = find_diag(&d, STV_R_PCI_SINGLE_FUNCTION, "usb0");
	assert_non_null(f);
	assert_string_equal(f->message,
		"USB controller usb0: PCI address 0000:00:04.0 is function 0 of a slot whose "
		"function 3 is used by disk virtio-disk0 (line 101), but StratoVirt realizes a "
		"USB controller single-function");
	assert_int_equal(f->pos.line, ADDR_LINE(usb));
	f = find_diag(&d, STV_R_PCI_SINGLE_FUNCTION, "video0");
	assert_non_null(f);
	assert_non_null(strstr(f->message, "has multifunction='on'"));
	assert_int_equal(f->pos.line, ADDR_LINE(gpu) + A_MULTIFUNCTION);
	/* no advice to add multifunction='on' to the xHCI */
	assert_null(find_diag(&d, STV_R_MULTIFUNCTION, NULL));
	assert_int_equal(d.n, 2);
	stv_diags_free(&d);
	stv_domain_free(dom);
}

/* pvpanic has no multifunction key either: alone in its slot, or not at function 0. */
static void single_function_panic(void **state)
{
	(void)state;
	for (int written = 0; written < 2; written++) {
		struct stv_domain *dom = dom_new(STV_ARCH_X86_64);
		size_t panic = add_dev(dom, STV_DEV_PANIC);
		set_addr(dom, panic, 0, 5, 0, written);
		size_t rng = add_dev(dom, STV_DEV_RNG);
		set_addr(dom, rng, 0, 5, 1, false);
		struct stv_diags d;
		assert_int_equal(layout(dom, &d), -1);
		const struct stv_diag *f = find_diag(&d, STV_R_PCI_SINGLE_FUNCTION, "panic device panic0");
		assert_non_null(f);
		assert_int_equal(f->pos.line, ADDR_LINE(panic));
		assert_int_equal(d.n, 1);
		stv_diags_free(&d);
		stv_domain_free(dom);
	}
	/* alone in its slot it is placed and written with no multifunction key */
	struct stv_domain *dom = dom_new(STV_ARCH_X86_64);
	add_dev(dom, STV_DEV_PANIC);
	assign_ok(dom);
	char *argv = argv_text(dom, NULL);
	assert_non_null(strstr(argv, "-device\npvpanic,id=panic0,bus=pcie.1,addr=0x0\n"));
	free(argv);
	stv_domain_free(dom);
}

static void controller_and_port_dups(void **state)
{
	(void)state;
	struct stv_domain *dom = dom_new(STV_ARCH_X86_64);
	add_port(dom, 1);
	size_t p2 = add_port(dom, 1);
	size_t p3 = add_port(dom, 3);
	set_port(dom, p3, 0x8);
	struct stv_diags d;
	assert_int_equal(layout(dom, &d), -1);
	char want[96];
	snprintf(want, sizeof want, "line %d", ROOT_PORT_LINE(0));
	const struct stv_diag *f = find_diag(&d, STV_R_CONTROLLER_INDEX_DUP, want);
	assert_non_null(f);
	assert_int_equal(f->pos.line, line_of(dom->devs[p2].index.loc));	/* at its index */
	assert_int_equal(f->pos.line, ROOT_PORT_LINE(1));
	f = find_diag(&d, STV_R_ROOT_PORT_DUP, NULL);
	assert_non_null(f);
	assert_int_equal(f->pos.line, ROOT_PORT_LINE(2) + 1);	/* at the <target port> */
	snprintf(want, sizeof want,
		 "root port pcie.3 has port 0x8, already used by root port pcie.1 (line %d)",
		 ROOT_PORT_LINE(0));
	assert_string_equal(f->message, want);
	assert_int_equal(d.n, 2);
	stv_diags_free(&d);
	stv_domain_free(dom);
}

/* Index 0 is pcie.0 itself. */
static void root_port_index_0(void **state)
{
	(void)state;
	struct stv_domain *dom = dom_new(STV_ARCH_X86_64);
	size_t p = add_port(dom, 0);
	add_dev(dom, STV_DEV_DISK);
	struct stv_diags d;
	assert_int_equal(layout(dom, &d), -1);
	const struct stv_diag *f = find_diag(&d, STV_R_CONTROLLER_INDEX_DUP, "index 0 is the pcie-root bus");
	if (!f || d.n != 1)
		dump_diags(&d);
	assert_non_null(f);
	assert_int_equal(f->pos.line, line_of(dom->devs[p].index.loc));
	assert_int_equal(d.n, 1);
	/* never a parent: the disk went behind a new port */
	assert_int_equal(dom->devs[1].addr.bus.v, 1);
	stv_diags_free(&d);
	stv_domain_free(dom);
}

static void root_port_off_root_bus(void **state)
{
	(void)state;
	struct stv_domain *dom = dom_new(STV_ARCH_X86_64);
	add_port(dom, 1);
	size_t p2 = add_port(dom, 2);
	set_addr(dom, p2, 1, 0, 0, false);
	struct stv_diags d;
	assert_int_equal(layout(dom, &d), -1);
	const struct stv_diag *f = find_diag(&d, STV_R_PCI_BUS_MISSING, "root port pcie.2");
	assert_non_null(f);
	assert_int_equal(f->pos.line, ADDR_LINE(p2) + A_BUS);
	stv_diags_free(&d);
	stv_domain_free(dom);
}

/* 30 usable slots x 8 functions on q35: device 241 has nowhere to go. */
static void does_not_fit(void **state)
{
	(void)state;
	struct stv_domain *dom = dom_new(STV_ARCH_X86_64);
	for (int i = 0; i < 241; i++)
		add_dev(dom, STV_DEV_DISK);
	struct stv_diags d;
	assert_int_equal(layout(dom, &d), -1);
	assert_int_equal(d.n, 1);
	const struct stv_diag *f = find_diag(&d, STV_R_PCI_LAYOUT, NULL);
	assert_non_null(f);
	assert_non_null(strstr(f->message, "disk virtio-disk240 does not fit"));
	assert_int_equal(f->pos.line, DEV_LINE(240));
	assert_int_equal(count_kind(dom, STV_DEV_ROOT_PORT), 240);
	assert_false(dom->devs[240].addr.present);
	stv_diags_free(&d);
	stv_domain_free(dom);

	/* on aarch64 slot 0x1f is free: 248 fit */
	dom = dom_new(STV_ARCH_AARCH64);
	for (int i = 0; i < 248; i++)
		add_dev(dom, STV_DEV_DISK);
	assign_ok(dom);
	stv_domain_free(dom);
}

static void bus_names(void **state)
{
	(void)state;
	char buf[16];
	assert_string_equal(stv_bus_name(0, buf), "pcie.0");
	assert_string_equal(stv_bus_name(4294967295u, buf), "pcie.4294967295");
}

/* ---- argv refusals and options ---- */

/*
 * A value StratoVirt's option syntax cannot carry: the rules report it
 * (check.c, with rule and text), and stv_build_argv refuses the domain
 * with no finding, handing out nothing half-built.
 */
static void refused(const struct stv_domain *dom, enum stv_rule rule, const char *text)
{
	struct stv_argv a = { 0 };
	assert_int_equal(stv_build_argv(dom, NULL, &a), -1);
	assert_null(a.v);
	assert_int_equal(a.n, 0);

	struct stv_diags d;
	diags_init(&d);
	stv_check(dom, NULL, &d);
	const struct stv_diag *f = find_diag(&d, rule, text);
	if (!f || d.errors != 1)
		dump_diags(&d);
	assert_non_null(f);
	assert_int_equal(d.errors, 1);	/* that one, and no other error */
	stv_diags_free(&d);
}

static void argv_refuses_unsafe_values(void **state)
{
	(void)state;
	struct stv_domain *dom = dom_new(STV_ARCH_X86_64);
	add_dev(dom, STV_DEV_DISK);
	assign_ok(dom);
	/* the layout added a root port: dom->devs moved */
	struct stv_disk *disk = &dom->devs[0].u.disk;

	set_str(&disk->source, "/img/a,b.raw");
	refused(dom, STV_R_OPTION_VALUE, "<source file> '/img/a,b.raw' contains ','");
	set_str(&disk->source, "/img/a=b.raw");
	refused(dom, STV_R_OPTION_VALUE, "contains '='");
	set_str(&disk->source, "/img/ok.raw");
	disk->serial = str("-x", DEV_LINE(0));
	refused(dom, STV_R_OPTION_VALUE, "<serial> '-x' begins with '-'");
	set_str(&disk->serial, NULL);
	set_str(&dom->name, "-vm");
	refused(dom, STV_R_OPTION_VALUE, "<name> '-vm' begins with '-'");
	set_str(&dom->name, "vm");
	/* <cmdline> has a rule of its own */
	dom->cmdline = str("a=b,c\nd", 6);
	refused(dom, STV_R_CMDLINE_TEXT, "<cmdline> contains a line break");
	set_str(&dom->cmdline, "a=b,c d");	/* fine outside a comma list */
	char *argv = argv_text(dom, NULL);
	assert_non_null(strstr(argv, "-append\na=b,c d\n"));
	free(argv);
	stv_domain_free(dom);
}

static void argv_qmp_path_length(void **state)
{
	(void)state;
	struct stv_domain *dom = dom_new(STV_ARCH_X86_64);
	prepare(dom);
	char dir[120];
	memset(dir, 'd', sizeof dir - 1);
	dir[0] = '/';
	dir[sizeof dir - 1] = '\0';
	struct stv_options opt = { .runtime_dir = dir };
	struct stv_argv a = { 0 };
	assert_int_equal(stv_build_argv(dom, &opt, &a), -1);
	assert_null(a.v);
	struct stv_diags d;
	diags_init(&d);
	stv_check(dom, &opt, &d);
	const struct stv_diag *f = find_diag(&d, STV_R_QMP_PATH_LENGTH, NULL);
	assert_non_null(f);
	assert_int_equal(f->pos.line, 1);	/* --runtime-dir: at <domain> */
	stv_diags_free(&d);
	dir[107 - strlen("/qmp.sock")] = '\0';	/* exactly 107 bytes */
	char *argv = argv_text(dom, &opt);
	free(argv);
	stv_domain_free(dom);
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
	dom->hugepages = flag(5);
	prepare(dom);
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
	dom->hugepage_size = num(GIB, 5);
	char *argv = argv_text(dom, &opt);
	assert_non_null(strstr(argv, "-mem-path\n/mnt/huge1g\n"));
	free(argv);
	stv_domain_free(dom);
}

static void argv_options(void **state)
{
	(void)state;
	struct stv_domain *dom = dom_new(STV_ARCH_X86_64);
	dom->uuid = str("c7a5fdbd-cdaf-9455-926a-d65c16db1809", 2);
	dom->initrd = str("/boot/initrd", 6);
	dom->iothreads = num(2, 5);
	size_t i = add_dev(dom, STV_DEV_DISK);
	struct stv_device *disk = &dom->devs[i];
	int line = line_of(disk->loc);
	disk->u.disk.readonly = flag(line);
	disk->u.disk.serial = str("SER1", line);
	disk->boot_order = num(1, line);
	disk->u.disk.queues = num(4, line);
	disk->u.disk.iothread = num(2, line);
	struct stv_device *net = &dom->devs[add_dev(dom, STV_DEV_NET)];
	net->u.net.driver = choice(STV_NET_DRIVER_QEMU, line_of(net->loc));
	net->u.net.queues = num(4, line_of(net->loc));
	struct stv_device *bal = &dom->devs[add_dev(dom, STV_DEV_BALLOON)];
	bal->u.balloon.autodeflate = choice(STV_ONOFF_OFF, line_of(bal->loc));
	struct stv_device *con = &dom->devs[add_dev(dom, STV_DEV_CONSOLE)];
	con->u.console.type = choice(STV_CONSOLE_TYPE_UNIX, line_of(con->loc));
	con->u.console.path = str("/run/vm.sock", line_of(con->loc));
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
	for (size_t k = 0; k < sizeof want / sizeof want[0]; k++) {
		if (!strstr(argv, want[k]))
			fprintf(stderr, "missing:\n%s\nin:\n%s", want[k], argv);
		assert_non_null(strstr(argv, want[k]));
	}
	free(argv);
	stv_domain_free(dom);
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
	diags_init(&d);
	assert_int_equal(stv_build_argv(dom, NULL, &a), 0);
	struct stv_emit_ctx ctx = { .dom = dom, .argv = &a, .src = &source };
	assert_int_equal(fn(&ctx, &out, &d), 0);
	assert_int_equal(d.n, 0);
	stv_argv_free(&a);
	stv_diags_free(&d);
	return out.p;
}

static void json_escaping(void **state)
{
	(void)state;
	struct stv_domain *dom = dom_new(STV_ARCH_X86_64);
	dom->cmdline = str("q\"b\\s\x01t\tu\xc3\xa9 bad\xff\xc3 end", 6);
	prepare(dom);
	char *j = emit(stv_emit_json, dom);
	assert_non_null(strstr(j, "\"q\\\"b\\\\s\\u0001t\\tu\xc3\xa9 bad\\ufffd\\ufffd end\""));
	assert_non_null(strstr(j, "{\n  \"argv\": [\n    \"/usr/bin/stratovirt\",\n"));
	assert_non_null(strstr(j, "\"devices\": []\n"));
	free(j);
	stv_domain_free(dom);
}

static void json_layout(void **state)
{
	(void)state;
	struct stv_domain *dom = dom_new(STV_ARCH_X86_64);
	add_dev(dom, STV_DEV_VSOCK);
	assign_ok(dom);
	char *j = emit(stv_emit_json, dom);
	/* the created root port, at the line of the vsock that needed it */
	char *port = stv_asprintf(
		"      {\n"
		"        \"kind\": \"root port\",\n"
		"        \"id\": \"pcie.1\",\n"
		"        \"alias\": null,\n"
		"        \"backend_id\": null,\n"
		"        \"bus\": \"pcie.0\",\n"
		"        \"slot\": 1,\n"
		"        \"function\": 0,\n"
		"        \"multifunction\": false,\n"
		"        \"address_given\": false,\n"
		"        \"generated\": true,\n"
		"        \"line\": %d,\n"
		"        \"index\": 1,\n"
		"        \"chassis\": 1,\n"
		"        \"port\": 8\n"
		"      }\n", DEV_LINE(0));
	if (!strstr(j, port))
		fprintf(stderr, "missing:\n%s\nin:\n%s", port, j);
	assert_non_null(strstr(j, port));
	free(port);
	assert_non_null(strstr(j, "\"kind\": \"vsock\",\n"));
	assert_non_null(strstr(j, "\"bus\": \"pcie.1\",\n"));
	assert_non_null(strstr(j, "\"cid\": 3\n"));
	const char *end = "\n    ]\n  }\n}\n";
	assert_string_equal(j + strlen(j) - strlen(end), end);
	free(j);
	stv_domain_free(dom);
}

static void xml_writes_layout(void **state)
{
	(void)state;
	struct stv_domain *dom = dom_new(STV_ARCH_X86_64);
	size_t disk = add_dev(dom, STV_DEV_DISK);
	set_str(&dom->devs[disk].u.disk.source, "/img/a&b'\"<c>.raw");
	dom->devs[disk].u.disk.target = str("vda", DEV_LINE(0));
	add_dev(dom, STV_DEV_NET);
	assign_ok(dom);
	char *x = emit(stv_emit_xml, dom);
	assert_non_null(strstr(x, "<source file=\"/img/a&amp;b'&quot;&lt;c&gt;.raw\"/>"));
	if (!strstr(x, "    <controller type=\"pci\" model=\"pcie-root-port\" index=\"1\">\n"))
		fprintf(stderr, "%s", x);
	assert_non_null(strstr(x,
		"    <controller type=\"pci\" model=\"pcie-root-port\" index=\"1\">\n"
		"      <target chassis=\"1\" port=\"0x8\"/>\n"
		"      <alias name=\"pcie.1\"/>\n"
		"      <address type=\"pci\" domain=\"0x0000\" bus=\"0x00\" slot=\"0x01\" function=\"0x0\" multifunction=\"on\"/>\n"));
	assert_non_null(strstr(x, "<alias name=\"virtio-disk0\"/>\n"
		"      <address type=\"pci\" domain=\"0x0000\" bus=\"0x01\" slot=\"0x00\" function=\"0x0\"/>\n"));
	assert_non_null(strstr(x, "<mac address=\"52:54:00:00:00:01\"/>"));
	assert_non_null(strstr(x, "<target dev=\"tap0\"/>"));
	assert_non_null(strstr(x, "<driver name=\"vhost\"/>"));
	assert_int_equal(strncmp(x, "<domain type=\"kvm\">\n  <name>vm</name>\n", 38), 0);
	free(x);
	stv_domain_free(dom);
}

int main(void)
{
	source_init();
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
		cmocka_unit_test(bad_address_without_attr_location),
		cmocka_unit_test(refused_address),
		cmocka_unit_test(slot_1f_on_aarch64),
		cmocka_unit_test(duplicate_address),
		cmocka_unit_test(multifunction_off),
		cmocka_unit_test(single_function_behind_function_0),
		cmocka_unit_test(single_function_at_function_0),
		cmocka_unit_test(single_function_panic),
		cmocka_unit_test(controller_and_port_dups),
		cmocka_unit_test(root_port_index_0),
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
