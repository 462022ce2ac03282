/*
 * compiler/check.c: each semantic rule on a hand-built IR (no XML).
 *
 * Every case starts from a domain that passes every rule, changes one
 * thing, and states where the rule must fire, or (line 0) that the
 * boundary-valid value must raise nothing at all.  A firing case must raise
 * exactly its findings and nothing else, so one rule's case catches another
 * rule firing by mistake.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../compiler/ir.h"

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))
#define KiB ((uint64_t)1 << 10)
#define MiB ((uint64_t)1 << 20)
#define GiB ((uint64_t)1 << 30)

/* Lines of the base domain, as if it had been read from a file. */
enum {
	L_DOMAIN = 1, L_NAME = 2, L_MEMORY = 3, L_VCPU = 4, L_OS = 5,
	L_KERNEL = 7, L_PAGE = 9, L_FEATURES = 10, L_GIC = 11, L_DEVICES = 12,
	L_EMULATOR = 13, L_SERIAL = 14, L_CONSOLE = 15,
	L_NEW = 20,	/* devices added by a case: L_NEW, L_NEW + 10, ... */
};

#define MAX_DEVS 8

struct fx {
	struct stv_domain dom;
	struct stv_device devs[MAX_DEVS];
	struct stv_root_port ports[2];
	struct stv_options opt;
	char text[2][5000];	/* long strings built by a case */
};

static struct stv_loc at(int line)
{
	return (struct stv_loc){ line, 3 };
}

static struct stv_num num(uint64_t v, int line)
{
	return (struct stv_num){ v, true, at(line) };
}

static struct stv_str str(const char *s, int line)
{
	return (struct stv_str){ (char *)s, at(line) };
}

static struct stv_device *add(struct fx *f, enum stv_dev_kind kind)
{
	assert_true(f->dom.ndevs < MAX_DEVS);
	struct stv_device *dev = &f->devs[f->dom.ndevs];
	memset(dev, 0, sizeof(*dev));
	dev->kind = kind;
	dev->loc = at(L_NEW + 10 * (int)(f->dom.ndevs - 2));
	f->dom.ndevs++;
	return dev;
}

/* A disk at line L: source L+1, target L+2, driver L+3, serial L+4, boot L+5. */
static struct stv_device *add_disk(struct fx *f, const char *source, const char *target)
{
	struct stv_device *dev = add(f, STV_DEV_DISK);
	dev->u.disk.source = str(source, dev->loc.line + 1);
	dev->u.disk.target = str(target, dev->loc.line + 2);
	return dev;
}

/* An interface at line L: mac L+1, bridge L+2, tap L+3, driver L+4. */
static struct stv_device *add_net(struct fx *f, const char *mac, const char *tap)
{
	struct stv_device *dev = add(f, STV_DEV_NET);
	dev->u.net.mac = str(mac, dev->loc.line + 1);
	dev->u.net.bridge = str("br0", dev->loc.line + 2);
	dev->u.net.tap = str(tap, dev->loc.line + 3);
	return dev;
}

/* prefix followed by 'a' up to len bytes, in one of the fixture's buffers. */
static const char *text(struct fx *f, int slot, const char *prefix, size_t len)
{
	char *t = f->text[slot];
	assert_true(len < sizeof(f->text[slot]) && strlen(prefix) <= len);
	memset(t, 'a', len);
	memcpy(t, prefix, strlen(prefix));
	t[len] = '\0';
	return t;
}

/* An x86_64 q35 domain with a kernel, ACPI and a pty console: no findings. */
static void base(struct fx *f)
{
	memset(f, 0, sizeof(*f));
	struct stv_domain *d = &f->dom;
	d->loc = at(L_DOMAIN);
	d->name = str("vm", L_NAME);
	d->memory = num(512 * MiB, L_MEMORY);
	d->vcpus = num(1, L_VCPU);
	d->arch = STV_ARCH_X86_64;
	d->arch_set = true;
	d->os = at(L_OS);
	d->kernel = str("/boot/vmlinuz", L_KERNEL);
	d->features = at(L_FEATURES);
	d->acpi = true;
	d->devices = at(L_DEVICES);
	d->emulator = str("/usr/bin/stratovirt", L_EMULATOR);
	d->devs = f->devs;
	d->ports = f->ports;
	d->ndevs = 2;
	f->devs[0].kind = STV_DEV_SERIAL;
	f->devs[0].loc = at(L_SERIAL);
	f->devs[1].kind = STV_DEV_CONSOLE;
	f->devs[1].loc = at(L_CONSOLE);
	f->devs[1].u.console.type = STV_CONSOLE_PTY;
}

/* ---- the cases: one function per variation ------------------------------- */

static void nothing(struct fx *f) { (void)f; }

static void vcpu_0(struct fx *f) { f->dom.vcpus.v = 0; }
static void vcpu_254(struct fx *f) { f->dom.vcpus.v = 254; }
static void vcpu_255(struct fx *f) { f->dom.vcpus.v = 255; }
static void vcpu_unset(struct fx *f) { f->dom.vcpus = (struct stv_num){ 0, false, at(L_VCPU) }; }

static void mem_127m(struct fx *f) { f->dom.memory.v = 127 * MiB; }
static void mem_128m(struct fx *f) { f->dom.memory.v = 128 * MiB; }
static void mem_512g(struct fx *f) { f->dom.memory.v = 512 * GiB; }
static void mem_512g_1m(struct fx *f) { f->dom.memory.v = 512 * GiB + MiB; }
static void mem_kib(struct fx *f) { f->dom.memory.v = 512 * MiB + KiB; }
static void mem_4eib(struct fx *f) { f->dom.memory.v = (uint64_t)4 << 60; }

static void curmem_less(struct fx *f) { f->dom.current_memory = num(256 * MiB, 30); }
static void curmem_equal(struct fx *f) { f->dom.current_memory = num(512 * MiB, 30); }

static void iothreads_0(struct fx *f) { f->dom.iothreads = num(0, 30); }
static void iothreads_8(struct fx *f) { f->dom.iothreads = num(8, 30); }
static void iothreads_9(struct fx *f) { f->dom.iothreads = num(9, 30); }

static void boot_dev(struct fx *f) { f->dom.boot_dev = at(8); }
static void reboot_destroy(struct fx *f)
{
	f->dom.on_reboot = STV_ACTION_DESTROY;
	f->dom.on_reboot_loc = at(6);
}
static void reboot_restart(struct fx *f)
{
	reboot_destroy(f);
	f->dom.on_reboot = STV_ACTION_RESTART;
}
static void clock_timer(struct fx *f) { f->dom.clock_timer = at(40); }

static void emu_qemu(struct fx *f) { f->dom.emulator.s = "/usr/bin/qemu-system-x86_64"; }
static void emu_dir_only(struct fx *f) { f->dom.emulator.s = "/opt/stratovirt/bin/qemu"; }
static void emu_seed(struct fx *f) { f->dom.emulator.s = "/path/to/StratoVirt_binary_file"; }

static void loader(struct fx *f) { f->dom.loader = str("/usr/share/OVMF_CODE.fd", 8); }

static void initrd_no_kernel(struct fx *f)
{
	loader(f);
	f->dom.kernel.s = NULL;
	f->dom.initrd = str("/boot/initrd", 30);
}
static void initrd_kernel(struct fx *f) { f->dom.initrd = str("/boot/initrd", 30); }

static void cmdline_no_kernel(struct fx *f)
{
	loader(f);
	f->dom.kernel.s = NULL;
	f->dom.cmdline = str("console=hvc0", 30);
}
static void cmdline_kernel(struct fx *f) { f->dom.cmdline = str("console=hvc0", 30); }

static void nvram_no_loader(struct fx *f) { f->dom.nvram = str("/var/lib/vm_VARS.fd", 30); }
static void nvram_loader(struct fx *f) { loader(f); nvram_no_loader(f); }

static void no_boot(struct fx *f) { f->dom.kernel.s = NULL; }
static void no_boot_no_os(struct fx *f) { no_boot(f); f->dom.os = at(0); }
static void loader_only(struct fx *f) { no_boot(f); loader(f); }

static void no_acpi(struct fx *f) { f->dom.acpi = false; }

static void gic_x86(struct fx *f)
{
	f->dom.gic_given = true;
	f->dom.gic_version = num(3, L_GIC);
}
static void aarch64(struct fx *f) { f->dom.arch = STV_ARCH_AARCH64; }
static void gic_v2(struct fx *f) { aarch64(f); gic_x86(f); f->dom.gic_version.v = 2; }
static void gic_v3(struct fx *f) { aarch64(f); gic_x86(f); }
static void gic_no_version(struct fx *f) { aarch64(f); f->dom.gic_given = true; }

static void pages(struct fx *f, uint64_t size)
{
	f->dom.hugepages = true;
	f->dom.hugepage_size = num(size, L_PAGE);
}
static void page_x86_64k(struct fx *f) { pages(f, 64 * KiB); }
static void page_x86_16g(struct fx *f) { pages(f, 16 * GiB); f->dom.memory.v = 16 * GiB; }
static void page_x86_2m(struct fx *f) { pages(f, 2 * MiB); }
static void page_arm_64k(struct fx *f) { gic_v3(f); pages(f, 64 * KiB); }
static void page_arm_16g(struct fx *f) { gic_v3(f); pages(f, 16 * GiB); f->dom.memory.v = 32 * GiB; }
static void page_host_default(struct fx *f) { f->dom.hugepages = true; }
static void page_1g_mem_512m(struct fx *f) { pages(f, GiB); }
static void page_1g_mem_2g(struct fx *f) { pages(f, GiB); f->dom.memory.v = 2 * GiB; }

static void disk_queues_0(struct fx *f) { add_disk(f, "/a.img", "vda")->u.disk.queues = num(0, 23); }
static void disk_queues_32(struct fx *f) { add_disk(f, "/a.img", "vda")->u.disk.queues = num(32, 23); }
static void disk_queues_33(struct fx *f) { add_disk(f, "/a.img", "vda")->u.disk.queues = num(33, 23); }

static void iothread_2_of_1(struct fx *f)
{
	f->dom.iothreads = num(1, 30);
	add_disk(f, "/a.img", "vda")->u.disk.iothread = num(2, 23);
}
static void iothread_1_of_1(struct fx *f)
{
	f->dom.iothreads = num(1, 30);
	add_disk(f, "/a.img", "vda")->u.disk.iothread = num(1, 23);
}
static void iothread_0_of_1(struct fx *f)
{
	f->dom.iothreads = num(1, 30);
	add_disk(f, "/a.img", "vda")->u.disk.iothread = num(0, 23);
}
static void iothread_none(struct fx *f) { add_disk(f, "/a.img", "vda")->u.disk.iothread = num(1, 23); }

static void target_dup(struct fx *f) { add_disk(f, "/a.img", "vda"); add_disk(f, "/b.img", "vda"); }
static void target_differ(struct fx *f) { add_disk(f, "/a.img", "vda"); add_disk(f, "/b.img", "vdb"); }

static void source_rw_rw(struct fx *f) { add_disk(f, "/a.img", "vda"); add_disk(f, "/a.img", "vdb"); }
static void source_ro_ro(struct fx *f)
{
	add_disk(f, "/a.img", "vda")->u.disk.readonly = true;
	add_disk(f, "/a.img", "vdb")->u.disk.readonly = true;
}
static void source_ro_rw(struct fx *f)
{
	add_disk(f, "/a.img", "vda")->u.disk.readonly = true;
	add_disk(f, "/a.img", "vdb");
}
/* rw, ro, ro: both read-only disks share with the writable first one. */
static void source_rw_ro_ro(struct fx *f)
{
	add_disk(f, "/a.img", "vda");
	add_disk(f, "/a.img", "vdb")->u.disk.readonly = true;
	add_disk(f, "/a.img", "vdc")->u.disk.readonly = true;
}

static void serial(struct fx *f, size_t len)
{
	struct stv_device *dev = add_disk(f, "/a.img", "vda");
	dev->u.disk.serial = str(text(f, 0, "S", len), dev->loc.line + 4);
}
static void serial_20(struct fx *f) { serial(f, 20); }
static void serial_21(struct fx *f) { serial(f, 21); }

static void boot_order(struct fx *f, uint64_t a, uint64_t b)
{
	loader(f);
	struct stv_device *dev = add_disk(f, "/a.img", "vda");
	dev->u.disk.boot_order = num(a, dev->loc.line + 5);
	dev = add_disk(f, "/b.img", "vdb");
	dev->u.disk.boot_order = num(b, dev->loc.line + 5);
}
static void boot_order_255(struct fx *f) { boot_order(f, 1, 255); }
static void boot_order_256(struct fx *f) { boot_order(f, 1, 256); }
static void boot_order_dup(struct fx *f) { boot_order(f, 2, 2); }
static void boot_order_kernel(struct fx *f)
{
	struct stv_device *dev = add_disk(f, "/a.img", "vda");
	dev->u.disk.boot_order = num(1, dev->loc.line + 5);
}

static void iops(struct fx *f, uint64_t v) { add_disk(f, "/a.img", "vda")->u.disk.iops = num(v, 24); }
static void iops_0(struct fx *f) { iops(f, 0); }
static void iops_1(struct fx *f) { iops(f, 1); }
static void iops_max(struct fx *f) { iops(f, 1000000); }
static void iops_over(struct fx *f) { iops(f, 1000001); }

static void mac_multicast(struct fx *f) { add_net(f, "01:00:5e:00:00:01", "tap0"); }
static void mac_zero(struct fx *f) { add_net(f, "00:00:00:00:00:00", "tap0"); }
static void mac_unicast(struct fx *f) { add_net(f, "52:54:00:00:00:01", "tap0"); }
static void mac_generated(struct fx *f)
{
	add_net(f, "01:00:5e:00:00:01", "tap0")->u.net.mac_generated = true;
}
static void mac_dup(struct fx *f)
{
	add_net(f, "52:54:00:AB:00:01", "tap0");
	add_net(f, "52:54:00:ab:00:01", "tap1");
}
static void mac_differ(struct fx *f)
{
	add_net(f, "52:54:00:ab:00:01", "tap0");
	add_net(f, "52:54:00:ab:00:02", "tap1");
}

static void bridge_slash(struct fx *f) { add_net(f, "52:54:00:00:00:01", "tap0")->u.net.bridge.s = "br/0"; }
static void tap_15(struct fx *f) { add_net(f, "52:54:00:00:00:01", text(f, 0, "tap", 15)); }
static void tap_16(struct fx *f) { add_net(f, "52:54:00:00:00:01", text(f, 0, "tap", 16)); }
static void tap_colon(struct fx *f) { add_net(f, "52:54:00:00:00:01", "tap:0"); }

static void tap_dup(struct fx *f)
{
	add_net(f, "52:54:00:00:00:01", "tap0");
	add_net(f, "52:54:00:00:00:02", "tap0");
}

static void net_queues(struct fx *f, uint64_t q)
{
	add_net(f, "52:54:00:00:00:01", "tap0")->u.net.queues = num(q, 24);
}
static void net_queues_0(struct fx *f) { net_queues(f, 0); }
static void net_queues_16(struct fx *f) { net_queues(f, 16); }
static void net_queues_17(struct fx *f) { net_queues(f, 17); }

static struct stv_device *add_balloon(struct fx *f)
{
	struct stv_device *dev = add(f, STV_DEV_BALLOON);
	dev->u.balloon.autodeflate = -1;
	return dev;
}
static void autodeflate_alias(struct fx *f)
{
	struct stv_device *dev = add_balloon(f);
	dev->alias = str("balloon0", dev->loc.line + 1);
	dev->u.balloon.autodeflate = 1;
	dev->u.balloon.autodeflate_on_alias = true;
}
static void autodeflate_balloon(struct fx *f) { add_balloon(f)->u.balloon.autodeflate = 1; }

static void balloon_pages(struct fx *f) { page_x86_2m(f); add_balloon(f); }
static void balloon_default_pages(struct fx *f) { page_host_default(f); add_balloon(f); }
static void balloon_no_pages(struct fx *f) { add_balloon(f); }

static void two_balloons(struct fx *f) { add_balloon(f); add_balloon(f); }
static void two_rngs(struct fx *f) { add(f, STV_DEV_RNG); add(f, STV_DEV_RNG); }
static void two_vsocks(struct fx *f) { add(f, STV_DEV_VSOCK); add(f, STV_DEV_VSOCK); }
static void two_serials(struct fx *f) { add(f, STV_DEV_SERIAL); }
static void one_of_each(struct fx *f)
{
	add_balloon(f);
	add(f, STV_DEV_RNG);
	add(f, STV_DEV_VSOCK);
}

static void two_consoles(struct fx *f) { add(f, STV_DEV_CONSOLE)->u.console.type = STV_CONSOLE_PTY; }

static void serial_generated(struct fx *f)
{
	f->devs[0].generated = true;
	f->devs[0].loc = at(L_CONSOLE);
}

static void no_console(struct fx *f) { f->dom.ndevs = 0; }
static void no_console_no_devices(struct fx *f) { no_console(f); f->dom.devices = at(0); }
static void file_console(struct fx *f)
{
	f->devs[1].u.console.type = STV_CONSOLE_FILE;
	f->devs[1].u.console.path = str("/var/log/vm.log", L_CONSOLE + 1);
}

static void rng(struct fx *f, uint64_t bytes, bool period)
{
	struct stv_device *dev = add(f, STV_DEV_RNG);
	dev->u.rng.backend = str("/dev/urandom", dev->loc.line + 2);
	dev->u.rng.bytes = num(bytes, dev->loc.line + 1);
	if (period)
		dev->u.rng.period = num(1000, dev->loc.line + 1);
}
static void rng_63(struct fx *f) { rng(f, 63, true); }
static void rng_64(struct fx *f) { rng(f, 64, true); }
static void rng_max(struct fx *f) { rng(f, 1000000000, true); }
static void rng_over(struct fx *f) { rng(f, 1000000001, true); }
/* bytes * 1000 would wrap to 500000384: a rate that looks valid. */
static void rng_wraps(struct fx *f) { rng(f, UINT64_C(18446744074209552), true); }
static void rng_no_period(struct fx *f) { rng(f, 63, false); }

static void vsock(struct fx *f, uint64_t cid) { add(f, STV_DEV_VSOCK)->u.vsock.cid = num(cid, 21); }
static void vsock_2(struct fx *f) { vsock(f, 2); }
static void vsock_3(struct fx *f) { vsock(f, 3); }
static void vsock_max(struct fx *f) { vsock(f, 0xFFFFFFFE); }
static void vsock_any(struct fx *f) { vsock(f, 0xFFFFFFFF); }

static void alias_dot(struct fx *f) { f->devs[1].alias = str("console.0", L_CONSOLE + 1); }
static void alias_63(struct fx *f) { f->devs[1].alias = str(text(f, 0, "c", 63), L_CONSOLE + 1); }
static void alias_64(struct fx *f) { f->devs[1].alias = str(text(f, 0, "c", 64), L_CONSOLE + 1); }
static void port_alias_bad(struct fx *f)
{
	f->dom.nports = 1;
	f->ports[0].index = 1;
	f->ports[0].loc = at(16);
	f->ports[0].alias = str("pci 1", 17);
}

/* libvirt's live XML names root ports "pci.N": no id, so accepted. */
static void port_alias_libvirt(struct fx *f)
{
	port_alias_bad(f);
	f->ports[0].alias.s = "pci.1";
}

/* The root port (line 16) comes after the serial controller (line 14). */
static void alias_dup_port(struct fx *f)
{
	port_alias_bad(f);
	f->ports[0].alias.s = "dup";
	f->devs[0].alias = str("dup", L_SERIAL);
}
static void alias_differ(struct fx *f)
{
	alias_dup_port(f);
	f->devs[0].alias.s = "other";
}

static void disk_source_comma(struct fx *f) { add_disk(f, "/img/a,b.img", "vda"); }
static void disk_serial_equals(struct fx *f)
{
	struct stv_device *dev = add_disk(f, "/a.img", "vda");
	dev->u.disk.serial = str("a=b", dev->loc.line + 4);
}
static void tap_dash(struct fx *f) { add_net(f, "52:54:00:00:00:01", "-tap0"); }
static void loader_equals(struct fx *f) { loader(f); f->dom.loader.s = "/fw/code=1.fd"; }
static void nvram_comma(struct fx *f) { nvram_loader(f); f->dom.nvram.s = "/var/vars,1.fd"; }
static void rng_comma(struct fx *f) { rng(f, 64, true); f->devs[2].u.rng.backend.s = "/dev/r,ng"; }
static void console_comma(struct fx *f) { file_console(f); f->devs[1].u.console.path.s = "/log/a,b"; }
static void rundir_comma(struct fx *f) { f->opt.runtime_dir = "/run/a,b"; }
/* Separate argv words: a comma is harmless there. */
static void kernel_comma(struct fx *f)
{
	f->dom.kernel.s = "/boot/vmlinuz,1";
	f->dom.initrd = str("/boot/initrd=1", 30);
	f->dom.cmdline = str("a=b,c", 31);
}

static void kernel_len(struct fx *f, size_t len) { f->dom.kernel.s = (char *)text(f, 0, "/", len); }
static void kernel_4096(struct fx *f) { kernel_len(f, 4096); }
static void kernel_4097(struct fx *f) { kernel_len(f, 4097); }
static void initrd_len(struct fx *f, size_t len) { f->dom.initrd = str(text(f, 0, "/", len), 30); }
static void initrd_255(struct fx *f) { initrd_len(f, 255); }
static void initrd_256(struct fx *f) { initrd_len(f, 256); }
static void unix_console(struct fx *f, size_t len)
{
	f->devs[1].u.console.type = STV_CONSOLE_UNIX;
	f->devs[1].u.console.path = str(text(f, 0, "/", len), L_CONSOLE + 1);
}
static void unix_107(struct fx *f) { unix_console(f, 107); }
static void unix_108(struct fx *f) { unix_console(f, 108); }
static void file_console_108(struct fx *f)
{
	file_console(f);
	f->devs[1].u.console.path.s = (char *)text(f, 0, "/", 108);
}

/* /run/stratovirt/ (16) + name + /qmp.sock (9): a name of 82 fits 107. */
static void qmp_name_82(struct fx *f) { f->dom.name.s = (char *)text(f, 0, "n", 82); }
static void qmp_name_83(struct fx *f) { f->dom.name.s = (char *)text(f, 0, "n", 83); }
static void qmp_dir_98(struct fx *f) { f->opt.runtime_dir = text(f, 0, "/", 98); }
static void qmp_dir_99(struct fx *f) { f->opt.runtime_dir = text(f, 0, "/", 99); }

static void cmdline(struct fx *f, const char *s) { f->dom.cmdline = str(s, 30); }
static void cmdline_newline(struct fx *f) { cmdline(f, "console=hvc0\nroot=/dev/vda"); }
static void cmdline_dash(struct fx *f) { cmdline(f, "-s console=hvc0"); }
static void cmdline_param_255(struct fx *f) { cmdline(f, text(f, 0, "x=", 255)); }
static void cmdline_param_256(struct fx *f) { cmdline(f, text(f, 0, "x=", 256)); }
static void cmdline_two_long(struct fx *f)
{
	char *t = f->text[1];
	const char *param = text(f, 0, "x=", 256);
	memcpy(t, "  ", 2);
	memcpy(t + 2, param, 256);
	t[258] = '\t';
	memcpy(t + 259, param, 256);
	memcpy(t + 515, "  ", 3);
	cmdline(f, t);
}

/* ---- the table ----------------------------------------------------------- */

struct check_case {
	const char *name;
	enum stv_rule rule;
	void (*setup)(struct fx *f);
	int line;	/* where it must fire; 0: nothing may fire at all */
	int count;	/* how many findings */
	int step;	/* finding i is at line + i * step */
	bool no_pty;	/* the case removes the pty console: no-console is expected */
};

#define FIRES(name, rule, fn, line) { name, rule, fn, line, 1, 0, false }
#define FIRES_N(name, rule, fn, line, n, step) { name, rule, fn, line, n, step, false }
#define OK(name, rule, fn) { name, rule, fn, 0, 0, 0, false }
/* The same, for cases whose console is not a pty. */
#define FIRES_NO_PTY(name, rule, fn, line) { name, rule, fn, line, 1, 0, true }
#define OK_NO_PTY(name, rule, fn) { name, rule, fn, 0, 0, 0, true }

static const struct check_case cases[] = {
	OK("base domain", STV_R_VCPU_RANGE, nothing),
	FIRES("vcpu 0", STV_R_VCPU_RANGE, vcpu_0, L_VCPU),
	OK("vcpu 254", STV_R_VCPU_RANGE, vcpu_254),
	FIRES("vcpu 255", STV_R_VCPU_RANGE, vcpu_255, L_VCPU),
	OK("vcpu unset", STV_R_VCPU_RANGE, vcpu_unset),
	FIRES("memory 127 MiB", STV_R_MEMORY_RANGE, mem_127m, L_MEMORY),
	OK("memory 128 MiB", STV_R_MEMORY_RANGE, mem_128m),
	OK("memory 512 GiB", STV_R_MEMORY_RANGE, mem_512g),
	FIRES("memory 512 GiB + 1 MiB", STV_R_MEMORY_RANGE, mem_512g_1m, L_MEMORY),
	FIRES("memory not whole MiB", STV_R_MEMORY_RANGE, mem_kib, L_MEMORY),
	FIRES("memory 4 EiB", STV_R_MEMORY_RANGE, mem_4eib, L_MEMORY),
	FIRES("currentMemory below memory", STV_R_CURRENT_MEMORY, curmem_less, 30),
	OK("currentMemory equal", STV_R_CURRENT_MEMORY, curmem_equal),
	FIRES("iothreads 0", STV_R_IOTHREADS, iothreads_0, 30),
	OK("iothreads 8", STV_R_IOTHREADS, iothreads_8),
	FIRES("iothreads 9", STV_R_IOTHREADS, iothreads_9, 30),
	FIRES("boot dev", STV_R_BOOT_DEV_IGNORED, boot_dev, 8),
	FIRES("on_reboot destroy", STV_R_ON_REBOOT_IGNORED, reboot_destroy, 6),
	OK("on_reboot restart", STV_R_ON_REBOOT_IGNORED, reboot_restart),
	FIRES("clock timer", STV_R_CLOCK_TIMER, clock_timer, 40),
	FIRES("emulator qemu", STV_R_EMULATOR_NAME, emu_qemu, L_EMULATOR),
	FIRES("emulator dir only", STV_R_EMULATOR_NAME, emu_dir_only, L_EMULATOR),
	OK("emulator seed name", STV_R_EMULATOR_NAME, emu_seed),
	FIRES("initrd without kernel", STV_R_INITRD_NEEDS_KERNEL, initrd_no_kernel, 30),
	OK("initrd with kernel", STV_R_INITRD_NEEDS_KERNEL, initrd_kernel),
	FIRES("cmdline without kernel", STV_R_CMDLINE_NEEDS_KERNEL, cmdline_no_kernel, 30),
	OK("cmdline with kernel", STV_R_CMDLINE_NEEDS_KERNEL, cmdline_kernel),
	FIRES("nvram without loader", STV_R_NVRAM_NEEDS_LOADER, nvram_no_loader, 30),
	OK("nvram with loader", STV_R_NVRAM_NEEDS_LOADER, nvram_loader),
	FIRES("no kernel, no loader", STV_R_BOOT_SOURCE, no_boot, L_OS),
	FIRES("no boot source, no <os> location", STV_R_BOOT_SOURCE, no_boot_no_os, L_DOMAIN),
	OK("loader only", STV_R_BOOT_SOURCE, loader_only),
	FIRES("no acpi", STV_R_ACPI_REQUIRED, no_acpi, L_FEATURES),
	FIRES("gic on x86_64", STV_R_GIC, gic_x86, L_GIC),
	FIRES("gic version 2", STV_R_GIC, gic_v2, L_GIC),
	OK("gic version 3", STV_R_GIC, gic_v3),
	OK("gic without version", STV_R_GIC, gic_no_version),
	FIRES("aarch64 without gic", STV_R_GIC_IMPLIED, aarch64, L_FEATURES),
	FIRES("64 KiB pages on x86_64", STV_R_HUGEPAGE_SIZE, page_x86_64k, L_PAGE),
	FIRES("16 GiB pages on x86_64", STV_R_HUGEPAGE_SIZE, page_x86_16g, L_PAGE),
	OK("2 MiB pages on x86_64", STV_R_HUGEPAGE_SIZE, page_x86_2m),
	OK("64 KiB pages on aarch64", STV_R_HUGEPAGE_SIZE, page_arm_64k),
	OK("16 GiB pages on aarch64", STV_R_HUGEPAGE_SIZE, page_arm_16g),
	OK("host default pages", STV_R_HUGEPAGE_SIZE, page_host_default),
	FIRES("1 GiB pages, 512 MiB", STV_R_HUGEPAGE_ALIGN, page_1g_mem_512m, L_MEMORY),
	OK("1 GiB pages, 2 GiB", STV_R_HUGEPAGE_ALIGN, page_1g_mem_2g),
	FIRES("disk queues 0", STV_R_DISK_QUEUES, disk_queues_0, 23),
	OK("disk queues 32", STV_R_DISK_QUEUES, disk_queues_32),
	FIRES("disk queues 33", STV_R_DISK_QUEUES, disk_queues_33, 23),
	FIRES("iothread 2 of 1", STV_R_IOTHREAD_REF, iothread_2_of_1, 23),
	OK("iothread 1 of 1", STV_R_IOTHREAD_REF, iothread_1_of_1),
	FIRES("iothread 0", STV_R_IOTHREAD_REF, iothread_0_of_1, 23),
	FIRES("iothread without iothreads", STV_R_IOTHREAD_REF, iothread_none, 23),
	FIRES("target dev twice", STV_R_DISK_TARGET_DUP, target_dup, 32),
	OK("target devs differ", STV_R_DISK_TARGET_DUP, target_differ),
	FIRES("image shared rw/rw", STV_R_DISK_SOURCE_DUP, source_rw_rw, 31),
	OK("image shared ro/ro", STV_R_DISK_SOURCE_DUP, source_ro_ro),
	FIRES("image shared ro/rw", STV_R_DISK_SOURCE_DUP, source_ro_rw, 31),
	FIRES_N("image shared rw/ro/ro", STV_R_DISK_SOURCE_DUP, source_rw_ro_ro, 31, 2, 10),
	OK("serial 20 bytes", STV_R_DISK_SERIAL, serial_20),
	FIRES("serial 21 bytes", STV_R_DISK_SERIAL, serial_21, 24),
	OK("boot order 255", STV_R_BOOT_ORDER, boot_order_255),
	FIRES("boot order 256", STV_R_BOOT_ORDER, boot_order_256, 35),
	FIRES("boot order twice", STV_R_BOOT_ORDER, boot_order_dup, 35),
	FIRES("boot order with a kernel", STV_R_BOOT_ORDER_IGNORED, boot_order_kernel, 25),
	FIRES("iops 0", STV_R_IOTUNE_RANGE, iops_0, 24),
	OK("iops 1", STV_R_IOTUNE_RANGE, iops_1),
	OK("iops 1000000", STV_R_IOTUNE_RANGE, iops_max),
	FIRES("iops 1000001", STV_R_IOTUNE_RANGE, iops_over, 24),
	FIRES("multicast mac", STV_R_MAC, mac_multicast, 21),
	FIRES("zero mac", STV_R_MAC, mac_zero, 21),
	OK("unicast mac", STV_R_MAC, mac_unicast),
	OK("generated mac not checked", STV_R_MAC, mac_generated),
	FIRES("mac twice, case differs", STV_R_MAC_DUP, mac_dup, 31),
	OK("macs differ", STV_R_MAC_DUP, mac_differ),
	FIRES("bridge with '/'", STV_R_IFNAME, bridge_slash, 22),
	OK("tap of 15 bytes", STV_R_IFNAME, tap_15),
	FIRES("tap of 16 bytes", STV_R_IFNAME, tap_16, 23),
	FIRES("tap with ':'", STV_R_IFNAME, tap_colon, 23),
	FIRES("tap twice", STV_R_IFNAME_DUP, tap_dup, 33),
	FIRES("net queues 0", STV_R_NET_QUEUES, net_queues_0, 24),
	OK("net queues 16", STV_R_NET_QUEUES, net_queues_16),
	FIRES("net queues 17", STV_R_NET_QUEUES, net_queues_17, 24),
	FIRES("autodeflate on alias", STV_R_BALLOON_AUTODEFLATE_PLACE, autodeflate_alias, 21),
	OK("autodeflate on memballoon", STV_R_BALLOON_AUTODEFLATE_PLACE, autodeflate_balloon),
	FIRES("balloon with 2 MiB pages", STV_R_BALLOON_HUGEPAGES, balloon_pages, 20),
	FIRES("balloon with default pages", STV_R_BALLOON_HUGEPAGES, balloon_default_pages, 20),
	OK("balloon without hugepages", STV_R_BALLOON_HUGEPAGES, balloon_no_pages),
	FIRES("two balloons", STV_R_DEVICE_COUNT, two_balloons, 30),
	FIRES("two rngs", STV_R_DEVICE_COUNT, two_rngs, 30),
	FIRES("two vsocks", STV_R_DEVICE_COUNT, two_vsocks, 30),
	FIRES("two virtio-serial", STV_R_DEVICE_COUNT, two_serials, 20),
	OK("one of each", STV_R_DEVICE_COUNT, one_of_each),
	FIRES("two consoles", STV_R_CONSOLE_COUNT, two_consoles, 20),
	FIRES("virtio-serial added", STV_R_CONSOLE_SERIAL_ADDED, serial_generated, L_CONSOLE),
	FIRES("no console", STV_R_NO_CONSOLE, no_console, L_DEVICES),
	FIRES("no console, no <devices> location", STV_R_NO_CONSOLE, no_console_no_devices, L_DOMAIN),
	FIRES("file console only", STV_R_NO_CONSOLE, file_console, L_DEVICES),
	FIRES("rng 63 bytes", STV_R_RNG_RATE, rng_63, 21),
	OK("rng 64 bytes", STV_R_RNG_RATE, rng_64),
	OK("rng 1000000000 bytes", STV_R_RNG_RATE, rng_max),
	FIRES("rng 1000000001 bytes", STV_R_RNG_RATE, rng_over, 21),
	FIRES("rng bytes * 1000 wraps", STV_R_RNG_RATE, rng_wraps, 21),
	FIRES("rng without period", STV_R_RNG_RATE, rng_no_period, 21),
	FIRES("vsock cid 2", STV_R_VSOCK_CID, vsock_2, 21),
	OK("vsock cid 3", STV_R_VSOCK_CID, vsock_3),
	OK("vsock cid 0xfffffffe", STV_R_VSOCK_CID, vsock_max),
	FIRES("vsock cid 0xffffffff", STV_R_VSOCK_CID, vsock_any, 21),
	FIRES("alias with '.'", STV_R_ALIAS, alias_dot, L_CONSOLE + 1),
	OK("alias of 63", STV_R_ALIAS, alias_63),
	FIRES("alias of 64", STV_R_ALIAS, alias_64, L_CONSOLE + 1),
	FIRES("root port alias with a space", STV_R_ALIAS, port_alias_bad, 17),
	OK("root port alias pci.1", STV_R_ALIAS, port_alias_libvirt),
	FIRES("alias on a device and a root port", STV_R_ALIAS_DUP, alias_dup_port, 17),
	OK("aliases differ", STV_R_ALIAS_DUP, alias_differ),
	FIRES("disk source with ','", STV_R_OPTION_VALUE, disk_source_comma, 21),
	FIRES("disk serial with '='", STV_R_OPTION_VALUE, disk_serial_equals, 24),
	FIRES("tap beginning with '-'", STV_R_OPTION_VALUE, tap_dash, 23),
	FIRES("loader with '='", STV_R_OPTION_VALUE, loader_equals, 8),
	FIRES("nvram with ','", STV_R_OPTION_VALUE, nvram_comma, 30),
	FIRES("rng backend with ','", STV_R_OPTION_VALUE, rng_comma, 22),
	FIRES_NO_PTY("console path with ','", STV_R_OPTION_VALUE, console_comma, L_CONSOLE + 1),
	FIRES("runtime dir with ','", STV_R_OPTION_VALUE, rundir_comma, L_DOMAIN),
	OK("kernel, initrd, cmdline with ',' '='", STV_R_OPTION_VALUE, kernel_comma),
	OK("kernel path 4096", STV_R_PATH_LENGTH, kernel_4096),
	FIRES("kernel path 4097", STV_R_PATH_LENGTH, kernel_4097, L_KERNEL),
	OK("initrd path 255", STV_R_PATH_LENGTH, initrd_255),
	FIRES("initrd path 256", STV_R_PATH_LENGTH, initrd_256, 30),
	OK_NO_PTY("unix socket 107", STV_R_PATH_LENGTH, unix_107),
	FIRES_NO_PTY("unix socket 108", STV_R_PATH_LENGTH, unix_108, L_CONSOLE + 1),
	OK_NO_PTY("file console 108", STV_R_PATH_LENGTH, file_console_108),
	OK("qmp from an 82-byte name", STV_R_QMP_PATH_LENGTH, qmp_name_82),
	FIRES("qmp from an 83-byte name", STV_R_QMP_PATH_LENGTH, qmp_name_83, L_NAME),
	OK("qmp in a 98-byte dir", STV_R_QMP_PATH_LENGTH, qmp_dir_98),
	FIRES("qmp in a 99-byte dir", STV_R_QMP_PATH_LENGTH, qmp_dir_99, L_DOMAIN),
	FIRES("cmdline with a newline", STV_R_CMDLINE_TEXT, cmdline_newline, 30),
	FIRES("cmdline beginning with '-'", STV_R_CMDLINE_TEXT, cmdline_dash, 30),
	OK("cmdline parameter 255", STV_R_CMDLINE_TEXT, cmdline_param_255),
	FIRES("cmdline parameter 256", STV_R_CMDLINE_TEXT, cmdline_param_256, 30),
	FIRES_N("cmdline two long parameters", STV_R_CMDLINE_TEXT, cmdline_two_long, 30, 2, 0),
};

static void dump(const struct stv_diags *d)
{
	for (size_t i = 0; i < d->n; i++)
		print_message("  %d:%d: [%s] %s\n", d->v[i].loc.line, d->v[i].loc.col,
			      stv_rule_info(d->v[i].rule)->id, d->v[i].message);
}

static bool expected(const struct check_case *tc, const struct stv_diag *g, size_t i)
{
	return g->rule == tc->rule && g->loc.line == tc->line + (int)i * tc->step &&
	       g->loc.col > 0 && g->message && g->message[0];
}

static void run_case(void **state)
{
	const struct check_case *tc = *state;
	struct fx *f = malloc(sizeof(*f));
	struct stv_diags d;
	assert_non_null(f);
	base(f);
	tc->setup(f);
	stv_diags_init(&d, "test.xml", NULL);
	stv_check(&f->dom, &f->opt, &d);

	size_t got = 0;
	bool ok = !d.oom;
	for (size_t i = 0; i < d.n; i++) {
		if (tc->no_pty && d.v[i].rule == STV_R_NO_CONSOLE)
			continue;
		ok = ok && expected(tc, &d.v[i], got);
		got++;
	}
	ok = ok && got == (size_t)tc->count;
	if (!ok) {
		print_message("%s: expected %zu finding(s) of %s at line %d, got:\n",
			      tc->name, (size_t)tc->count, stv_rule_info(tc->rule)->id, tc->line);
		dump(&d);
	}
	stv_diags_free(&d);
	free(f);
	assert_true(ok);
}

/* Every CHECK rule of the catalogue has a case that makes it fire. */
static void test_every_rule_fires(void **state)
{
	(void)state;
	for (int r = 0; r < STV_RULE_COUNT; r++) {
		if (stv_rule_info((enum stv_rule)r)->stage != STV_STAGE_CHECK)
			continue;
		bool found = false;
		for (size_t i = 0; i < N_ELEMS(cases); i++)
			found |= cases[i].rule == (enum stv_rule)r && cases[i].line;
		if (!found)
			print_message("no firing case for %s\n", stv_rule_info((enum stv_rule)r)->id);
		assert_true(found);
	}
}

/* --disable=RULE: the rule is not reported, the others still are. */
static void test_disabled(void **state)
{
	(void)state;
	bool disabled[STV_RULE_COUNT] = { false };
	struct fx *f = malloc(sizeof(*f));
	struct stv_diags d;
	assert_non_null(f);
	base(f);
	vcpu_0(f);
	no_acpi(f);
	disabled[STV_R_VCPU_RANGE] = true;
	stv_diags_init(&d, "test.xml", disabled);
	stv_check(&f->dom, &f->opt, &d);
	assert_int_equal(d.n, 1);
	assert_int_equal(d.v[0].rule, STV_R_ACPI_REQUIRED);
	stv_diags_free(&d);
	free(f);
}

/* Messages name the value; the duplicate rules name the first one's line. */
static void test_messages(void **state)
{
	(void)state;
	struct fx *f = malloc(sizeof(*f));
	struct stv_diags d;
	assert_non_null(f);
	base(f);
	vcpu_255(f);
	mem_4eib(f);
	target_dup(f);
	stv_diags_init(&d, "test.xml", NULL);
	stv_check(&f->dom, &f->opt, &d);
	assert_int_equal(d.n, 3);
	assert_string_equal(d.v[0].message, "<vcpu> is 255; StratoVirt supports 1 to 254 vCPUs");
	assert_string_equal(d.v[1].message,
			    "<memory> is 4 EiB; StratoVirt supports 128 MiB to 512 GiB");
	assert_string_equal(d.v[2].message,
			    "<target dev='vda'> is already used by the disk at line 22");
	stv_diags_free(&d);
	free(f);
}

static void test_runtime_dir(void **state)
{
	(void)state;
	struct stv_domain dom;
	struct stv_options opt;
	memset(&dom, 0, sizeof(dom));
	memset(&opt, 0, sizeof(opt));
	dom.name.s = "web:1";
	char *dir = stv_runtime_dir(&dom, &opt);
	assert_string_equal(dir, "/run/stratovirt/web:1");
	free(dir);
	dom.name.s = "a-b";
	dir = stv_runtime_dir(&dom, NULL);
	assert_string_equal(dir, "/run/stratovirt/a-b");
	free(dir);
	opt.runtime_dir = "/tmp/vm//";
	dir = stv_runtime_dir(&dom, &opt);
	assert_string_equal(dir, "/tmp/vm");
	free(dir);
	opt.runtime_dir = "/";
	dir = stv_runtime_dir(&dom, &opt);
	assert_string_equal(dir, "/");
	free(dir);
}

int main(void)
{
	struct CMUnitTest tests[N_ELEMS(cases) + 4];
	size_t n = 0;
	for (size_t i = 0; i < N_ELEMS(cases); i++)
		tests[n++] = (struct CMUnitTest){
			.name = cases[i].name,
			.test_func = run_case,
			.initial_state = (void *)&cases[i],
		};
	tests[n++] = (struct CMUnitTest){ "every CHECK rule fires", test_every_rule_fires, NULL, NULL, NULL };
	tests[n++] = (struct CMUnitTest){ "disabled rule", test_disabled, NULL, NULL, NULL };
	tests[n++] = (struct CMUnitTest){ "messages", test_messages, NULL, NULL, NULL };
	tests[n++] = (struct CMUnitTest){ "runtime dir", test_runtime_dir, NULL, NULL, NULL };
	return _cmocka_run_group_tests("check", tests, n, NULL, NULL);
}
