/*
 * compiler/check.c: each semantic rule on a hand-built IR (no XML); and the
 * findings that compiler/defaults.c raises while it fills the IR in
 * (console-serial-added, scsi-controller-added, gic-implied,
 * serial-console-differs), since
 * defaults run just before the checks.
 *
 * Every case starts from a domain that passes every rule, built as
 * defaults.c leaves one (lifecycle actions, currentMemory and the emulator
 * filled in), changes one thing, and states where the rule must fire, or
 * (line 0) that the value must raise nothing at all.  A firing case must
 * raise exactly its findings and nothing else, so one rule's case catches
 * another rule firing by mistake, or firing on the consequence of a value
 * the structural pass refused.
 *
 * Locations are offsets into a synthetic source (struct stv_source) of
 * numbered lines, each "  <e>xxxx...": at(N) is the start tag on line N
 * (column 3), text_at(N) its text (column 6).  stv_report resolves them as
 * it resolves a real document's, so a finding's pos says which value it was
 * raised at, and "at line N" in a message is the line of the first one.
 * The ranges are the schema's stv:range fields (generated tables), so a
 * range case puts its value in the IR member the schema names.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../compiler/defaults.h"
#include "../../compiler/ir.h"

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))
#define KiB ((uint64_t)1 << 10)
#define MiB ((uint64_t)1 << 20)
#define GiB ((uint64_t)1 << 30)

/* Lines of the base domain, as if it had been read from a file. */
enum {
	L_DOMAIN = 1, L_NAME = 2, L_MEMORY = 3, L_VCPU = 4, L_OS = 5,
	L_TYPE = 6,		/* <type arch machine> */
	L_KERNEL = 7, L_LOADER = 8, L_PAGE = 9, L_FEATURES = 10, L_ACPI = 11,
	L_GIC = 12, L_APIC = 13, L_PAE = 14, L_ON_REBOOT = 15, L_DEVICES = 16,
	L_EMULATOR = 17, L_SERIAL = 18, L_CONSOLE = 19,
	L_MISC = 25,		/* a domain value a case adds (initrd, nvram, ...) */
	L_NEW = 30,		/* devices added by a case: D1, D2, D3, ... */
};
#define D1 L_NEW
#define D2 (L_NEW + 10)
#define D3 (L_NEW + 20)

#define MAX_DEVS 8

/* ---- the synthetic source ---------------------------------------------- */

#define SRC_LINES 200
#define SRC_LINE "  <e>xxxxxxxxxxxxxxxxxxxx\n"
#define SRC_LINE_LEN (sizeof(SRC_LINE) - 1)

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

/* The start tag on line (off: 1 + the offset just past "<e>"); 0: nowhere. */
static struct stv_loc at(int line)
{
	if (line <= 0)
		return (struct stv_loc){ 0, NULL, STV_LOC_NONE };
	assert_true(line <= SRC_LINES);
	return (struct stv_loc){ source_lines[line - 1] + 5 + 1, NULL, STV_LOC_TAG };
}

/* The text of the element on line: what lowering records for <emulator>. */
static struct stv_loc text_at(int line)
{
	struct stv_loc loc = at(line);
	loc.part = STV_LOC_TEXT;
	return loc;
}

static int line_of(struct stv_loc loc)
{
	return stv_resolve(&source, loc).line;
}

/* ---- values ---------------------------------------------------------------- */

static struct stv_num num(uint64_t v, int line)
{
	return (struct stv_num){ v, true, false, at(line) };
}

static struct stv_str str(const char *s, int line)
{
	return (struct stv_str){ (char *)s, false, at(line) };
}

static struct stv_flag flag(int line)
{
	return (struct stv_flag){ true, at(line) };
}

static struct stv_choice choice(unsigned v, int line)
{
	return (struct stv_choice){ v, true, false, at(line) };
}

/* What lowering leaves for a value the structural pass refused. */
static struct stv_num refused_num(int line)
{
	return (struct stv_num){ 0, false, true, at(line) };
}

static struct stv_str refused_str(int line)
{
	return (struct stv_str){ NULL, true, at(line) };
}

static struct stv_choice refused_choice(int line)
{
	return (struct stv_choice){ 0, false, true, at(line) };
}

/* ---- the fixture ------------------------------------------------------------- */

struct fx {
	struct stv_domain dom;
	struct stv_device devs[MAX_DEVS];
	struct stv_options opt;
	int added;		/* devices added by the case */
	char text[2][5000];	/* long strings built by a case */
};

/* A device at line D1, D2, ... in the order the case adds them. */
static struct stv_device *add(struct fx *f, enum stv_dev_kind kind)
{
	assert_true(f->dom.ndevs < MAX_DEVS);
	struct stv_device *dev = &f->devs[f->dom.ndevs++];
	memset(dev, 0, sizeof(*dev));
	dev->kind = kind;
	dev->loc = at(L_NEW + 10 * f->added++);
	dev->addr.loc = dev->loc;
	return dev;
}

static int dev_line(const struct stv_device *dev)
{
	return line_of(dev->loc);
}

/*
 * A disk at line L: source L+1, target L+2, driver (queues, iothread) L+3,
 * serial L+4, boot L+5, iotune L+6.
 */
static struct stv_device *add_disk(struct fx *f, const char *source_file, const char *target)
{
	struct stv_device *dev = add(f, STV_DEV_DISK);
	dev->u.disk.source = str(source_file, dev_line(dev) + 1);
	dev->u.disk.target = str(target, dev_line(dev) + 2);
	return dev;
}

/* An interface at line L: mac L+1, bridge L+2, tap L+3, driver L+4 (vhost: defaults.c's). */
static struct stv_device *add_net(struct fx *f, const char *mac, const char *tap)
{
	struct stv_device *dev = add(f, STV_DEV_NET);
	dev->u.net.mac = str(mac, dev_line(dev) + 1);
	dev->u.net.bridge = str("br0", dev_line(dev) + 2);
	dev->u.net.tap = str(tap, dev_line(dev) + 3);
	dev->u.net.driver = choice(STV_NET_DRIVER_VHOST, dev_line(dev));
	return dev;
}

/* A root port at line L (<controller index>): alias L+1, <target port> L+2. */
static struct stv_device *add_root_port(struct fx *f, uint64_t index)
{
	struct stv_device *dev = add(f, STV_DEV_ROOT_PORT);
	dev->index = num(index, dev_line(dev));
	dev->u.root_port.chassis = dev->index;	/* defaults.c: the index */
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

/* <memory>, and <currentMemory> as defaults.c makes it: equal. */
static void set_memory(struct fx *f, uint64_t bytes)
{
	f->dom.memory.v = bytes;
	f->dom.current_memory.v = bytes;
}

/*
 * An x86_64 q35 domain booting a kernel through UEFI firmware, with ACPI, a
 * virtio-serial controller and a pty console, after defaults.c: no findings.
 */
static void base(struct fx *f)
{
	memset(f, 0, sizeof(*f));
	struct stv_domain *d = &f->dom;
	d->loc = at(L_DOMAIN);
	d->name = str("vm", L_NAME);
	d->memory = num(512 * MiB, L_MEMORY);
	d->current_memory = d->memory;
	d->vcpus = num(1, L_VCPU);
	d->os = flag(L_OS);
	d->arch = choice(STV_ARCH_X86_64, L_TYPE);
	d->machine = str("q35", L_TYPE);
	d->kernel = str("/boot/vmlinuz", L_KERNEL);
	d->loader = str("/usr/share/edk2/ovmf/OVMF_CODE.fd", L_LOADER);
	d->features = flag(L_FEATURES);
	d->acpi = flag(L_ACPI);
	d->on_poweroff = choice(STV_ACTION_DESTROY, L_DOMAIN);
	d->on_reboot = choice(STV_ACTION_RESTART, L_DOMAIN);
	d->on_crash = choice(STV_ACTION_DESTROY, L_DOMAIN);
	d->devices = flag(L_DEVICES);
	d->emulator = (struct stv_str){ (char *)"/usr/bin/stratovirt", false, text_at(L_EMULATOR) };
	d->pcie_root = flag(L_DEVICES);
	d->devs = f->devs;
	d->ndevs = 2;
	f->devs[0].kind = STV_DEV_SERIAL;
	f->devs[0].loc = at(L_SERIAL);
	f->devs[0].addr.loc = at(L_SERIAL);
	f->devs[0].index = num(0, L_SERIAL);
	f->devs[1].kind = STV_DEV_CONSOLE;
	f->devs[1].loc = at(L_CONSOLE);
	f->devs[1].u.console.type = choice(STV_CONSOLE_TYPE_PTY, L_CONSOLE);
	f->devs[1].u.console.target = choice(STV_CONSOLE_TARGET_VIRTIO, L_CONSOLE + 2);
}

/* ---- the cases: one function per variation ------------------------------- */

static void nothing(struct fx *f) { (void)f; }

/* The schema's ranges, one generic check (dom.vcpus: 1 to 254). */
static void vcpu_0(struct fx *f) { f->dom.vcpus.v = 0; }
static void vcpu_254(struct fx *f) { f->dom.vcpus.v = 254; }
static void vcpu_255(struct fx *f) { f->dom.vcpus.v = 255; }
static void vcpu_huge(struct fx *f) { f->dom.vcpus.v = UINT64_MAX; }	/* past 64 bits */
static void vcpu_unset(struct fx *f) { f->dom.vcpus = (struct stv_num){ 0, false, false, at(0) }; }
static void vcpu_refused(struct fx *f) { f->dom.vcpus = refused_num(L_VCPU); }

static void mem_127m(struct fx *f) { set_memory(f, 127 * MiB); }
static void mem_128m(struct fx *f) { set_memory(f, 128 * MiB); }
static void mem_512g(struct fx *f) { set_memory(f, 512 * GiB); }
static void mem_512g_1m(struct fx *f) { set_memory(f, 512 * GiB + MiB); }
static void mem_kib(struct fx *f) { set_memory(f, 512 * MiB + KiB); }
static void mem_4eib(struct fx *f) { set_memory(f, (uint64_t)4 << 60); }
/* A size that overflowed or had a bad unit: memory-unit said so. */
static void mem_refused(struct fx *f)
{
	f->dom.memory = refused_num(L_MEMORY);
	f->dom.current_memory = (struct stv_num){ 0 };
}

static void curmem_less(struct fx *f) { f->dom.current_memory = num(256 * MiB, L_MISC); }
static void curmem_equal(struct fx *f) { f->dom.current_memory = num(512 * MiB, L_MISC); }

static void iothreads_0(struct fx *f) { f->dom.iothreads = num(0, L_MISC); }
static void iothreads_8(struct fx *f) { f->dom.iothreads = num(8, L_MISC); }
static void iothreads_9(struct fx *f) { f->dom.iothreads = num(9, L_MISC); }

static void reboot_destroy(struct fx *f) { f->dom.on_reboot = choice(STV_ACTION_DESTROY, L_ON_REBOOT); }
static void reboot_restart(struct fx *f) { f->dom.on_reboot = choice(STV_ACTION_RESTART, L_ON_REBOOT); }
static void reboot_refused(struct fx *f) { f->dom.on_reboot = refused_choice(L_ON_REBOOT); }

static void emu_qemu(struct fx *f) { f->dom.emulator.s = "/usr/bin/qemu-system-x86_64"; }
static void emu_dir_only(struct fx *f) { f->dom.emulator.s = "/opt/stratovirt/bin/qemu"; }
static void emu_seed(struct fx *f) { f->dom.emulator.s = "/path/to/StratoVirt_binary_file"; }

/* An aarch64 virt domain, with the GIC defaults.c implies (at <features>). */
static void aarch64(struct fx *f)
{
	f->dom.arch.v = STV_ARCH_AARCH64;
	f->dom.machine.s = "virt";
	f->dom.gic = flag(L_FEATURES);
	f->dom.gic_version = num(3, L_FEATURES);
}
static void arch_refused(struct fx *f)
{
	f->dom.arch = refused_choice(L_TYPE);
	f->dom.refused = 1;
}

/* arch-machine: one machine per architecture, versions refused with a hint. */
static void machine_virt_x86(struct fx *f) { f->dom.machine.s = "virt"; }
static void machine_q35_arm(struct fx *f) { aarch64(f); f->dom.machine.s = "q35"; }
static void machine_pc_q35_8_2(struct fx *f) { f->dom.machine.s = "pc-q35-8.2"; }
static void machine_virt_7_2(struct fx *f) { aarch64(f); f->dom.machine.s = "virt-7.2"; }
static void machine_virt_7_2_x86(struct fx *f) { f->dom.machine.s = "virt-7.2"; }
static void machine_i440fx(struct fx *f) { f->dom.machine.s = "pc-i440fx-8.2"; }
static void machine_none(struct fx *f) { f->dom.machine = (struct stv_str){ 0 }; }
static void machine_refused(struct fx *f) { f->dom.machine = refused_str(L_TYPE); }
static void machine_q35_arch_refused(struct fx *f) { arch_refused(f); }
static void machine_pc_arch_refused(struct fx *f) { arch_refused(f); f->dom.machine.s = "pc"; }
static void machine_versioned_arch_refused(struct fx *f)
{
	arch_refused(f);
	f->dom.machine.s = "pc-q35-8.2";
}
static void machine_pc_no_arch(struct fx *f)
{
	f->dom.arch = (struct stv_choice){ 0 };
	f->dom.machine.s = "pc";
}

static void initrd_no_kernel(struct fx *f)
{
	f->dom.kernel = (struct stv_str){ 0 };
	f->dom.initrd = str("/boot/initrd", L_MISC);
}
static void initrd_kernel(struct fx *f) { f->dom.initrd = str("/boot/initrd", L_MISC); }
/* path-absolute refused the kernel: it is there, so no initrd-needs-kernel. */
static void initrd_kernel_refused(struct fx *f)
{
	f->dom.kernel = refused_str(L_KERNEL);
	f->dom.initrd = str("/boot/initrd", L_MISC);
}

static void cmdline_no_kernel(struct fx *f)
{
	f->dom.kernel = (struct stv_str){ 0 };
	f->dom.cmdline = str("console=hvc0", L_MISC);
}
static void cmdline_kernel(struct fx *f) { f->dom.cmdline = str("console=hvc0", L_MISC); }
static void cmdline_kernel_refused(struct fx *f)
{
	f->dom.kernel = refused_str(L_KERNEL);
	f->dom.cmdline = str("console=hvc0", L_MISC);
}

/* On aarch64, where a kernel needs no loader (boot-firmware is x86_64's). */
static void nvram_no_loader(struct fx *f)
{
	aarch64(f);
	f->dom.loader = (struct stv_str){ 0 };
	f->dom.nvram = str("/var/lib/vm_VARS.fd", L_MISC);
}
static void nvram_loader(struct fx *f) { f->dom.nvram = str("/var/lib/vm_VARS.fd", L_MISC); }
static void nvram_loader_refused(struct fx *f)
{
	f->dom.loader = refused_str(L_LOADER);
	f->dom.nvram = str("/var/lib/vm_VARS.fd", L_MISC);
}

static void no_boot(struct fx *f)
{
	f->dom.kernel = (struct stv_str){ 0 };
	f->dom.loader = (struct stv_str){ 0 };
}
/* A missing <os> is the structural pass's missing-element. */
static void no_boot_no_os(struct fx *f) { no_boot(f); f->dom.os = (struct stv_flag){ 0 }; }
static void no_boot_kernel_refused(struct fx *f)
{
	aarch64(f);
	no_boot(f);
	f->dom.kernel = refused_str(L_KERNEL);
}
static void no_boot_loader_refused(struct fx *f)
{
	no_boot(f);
	f->dom.loader = refused_str(L_LOADER);
}
static void loader_only(struct fx *f) { f->dom.kernel = (struct stv_str){ 0 }; }

/* boot-firmware: q35 runs a kernel only through a <loader>. */
static void kernel_no_loader(struct fx *f) { f->dom.loader = (struct stv_str){ 0 }; }
static void kernel_no_loader_arm(struct fx *f) { aarch64(f); kernel_no_loader(f); }
static void kernel_loader_refused(struct fx *f) { f->dom.loader = refused_str(L_LOADER); }
/* The kernel's value was refused, but the element is there: it still needs firmware. */
static void kernel_refused_no_loader(struct fx *f)
{
	kernel_no_loader(f);
	f->dom.kernel = refused_str(L_KERNEL);
}

static void no_acpi(struct fx *f) { f->dom.acpi = (struct stv_flag){ 0 }; }
static void no_acpi_no_features(struct fx *f) { no_acpi(f); f->dom.features = (struct stv_flag){ 0 }; }

/* A written <gic version='3'/>. */
static void gic_x86(struct fx *f)
{
	f->dom.gic = flag(L_GIC);
	f->dom.gic_version = num(3, L_GIC);
}
static void gic_x86_no_version(struct fx *f) { f->dom.gic = flag(L_GIC); }
static void gic_v2(struct fx *f) { aarch64(f); gic_x86(f); f->dom.gic_version.v = 2; }
static void gic_v3(struct fx *f) { aarch64(f); gic_x86(f); }
static void gic_no_version(struct fx *f)
{
	aarch64(f);
	f->dom.gic = flag(L_GIC);
	f->dom.gic_version = (struct stv_num){ 0 };
}
static void gic_arch_refused(struct fx *f) { gic_x86(f); arch_refused(f); }
/* What check.c may see without defaults.c: not its rule to imply a GIC. */
static void aarch64_gic_unset(struct fx *f)
{
	aarch64(f);
	f->dom.gic = (struct stv_flag){ 0 };
	f->dom.gic_version = (struct stv_num){ 0 };
}

/* feature-arch: <apic/> and <pae/> are x86's. */
static void apic_arm(struct fx *f) { aarch64(f); f->dom.apic = flag(L_APIC); }
static void pae_arm(struct fx *f) { aarch64(f); f->dom.pae = flag(L_PAE); }
static void apic_pae_arm(struct fx *f) { apic_arm(f); f->dom.pae = flag(L_PAE); }
static void apic_pae_x86(struct fx *f)
{
	f->dom.apic = flag(L_APIC);
	f->dom.pae = flag(L_PAE);
}
static void apic_pae_arch_refused(struct fx *f) { apic_pae_x86(f); arch_refused(f); }

static void pages(struct fx *f, uint64_t size)
{
	f->dom.hugepages = flag(L_PAGE);
	f->dom.hugepage_size = num(size, L_PAGE);
}
static void page_x86_64k(struct fx *f) { pages(f, 64 * KiB); }
static void page_x86_16g(struct fx *f) { pages(f, 16 * GiB); set_memory(f, 16 * GiB); }
static void page_x86_2m(struct fx *f) { pages(f, 2 * MiB); }
static void page_arm_64k(struct fx *f) { gic_v3(f); pages(f, 64 * KiB); }
static void page_arm_16g(struct fx *f) { gic_v3(f); pages(f, 16 * GiB); set_memory(f, 32 * GiB); }
static void page_host_default(struct fx *f) { f->dom.hugepages = flag(L_PAGE); }
static void page_arch_refused(struct fx *f) { page_x86_64k(f); arch_refused(f); }
static void page_1g_mem_512m(struct fx *f) { pages(f, GiB); }
static void page_1g_mem_2g(struct fx *f) { pages(f, GiB); set_memory(f, 2 * GiB); }

static void disk_queues(struct fx *f, uint64_t q)
{
	struct stv_device *dev = add_disk(f, "/a.img", "vda");
	dev->u.disk.queues = num(q, dev_line(dev) + 3);
}
static void disk_queues_0(struct fx *f) { disk_queues(f, 0); }
static void disk_queues_32(struct fx *f) { disk_queues(f, 32); }
static void disk_queues_33(struct fx *f) { disk_queues(f, 33); }

static void iothread_ref(struct fx *f, uint64_t t)
{
	struct stv_device *dev = add_disk(f, "/a.img", "vda");
	dev->u.disk.iothread = num(t, dev_line(dev) + 3);
}
static void iothread_2_of_1(struct fx *f) { f->dom.iothreads = num(1, L_MISC); iothread_ref(f, 2); }
static void iothread_1_of_1(struct fx *f) { f->dom.iothreads = num(1, L_MISC); iothread_ref(f, 1); }
static void iothread_0_of_1(struct fx *f) { f->dom.iothreads = num(1, L_MISC); iothread_ref(f, 0); }
static void iothread_none(struct fx *f) { iothread_ref(f, 1); }

static void target_dup(struct fx *f) { add_disk(f, "/a.img", "vda"); add_disk(f, "/b.img", "vda"); }
static void target_differ(struct fx *f) { add_disk(f, "/a.img", "vda"); add_disk(f, "/b.img", "vdb"); }

static void source_rw_rw(struct fx *f) { add_disk(f, "/a.img", "vda"); add_disk(f, "/a.img", "vdb"); }
static void source_ro_ro(struct fx *f)
{
	struct stv_device *dev = add_disk(f, "/a.img", "vda");
	dev->u.disk.readonly = flag(dev_line(dev) + 7);
	dev = add_disk(f, "/a.img", "vdb");
	dev->u.disk.readonly = flag(dev_line(dev) + 7);
}
static void source_ro_rw(struct fx *f)
{
	struct stv_device *dev = add_disk(f, "/a.img", "vda");
	dev->u.disk.readonly = flag(dev_line(dev) + 7);
	add_disk(f, "/a.img", "vdb");
}
/* rw, ro, ro: both read-only disks share with the writable first one. */
static void source_rw_ro_ro(struct fx *f)
{
	add_disk(f, "/a.img", "vda");
	struct stv_device *dev = add_disk(f, "/a.img", "vdb");
	dev->u.disk.readonly = flag(dev_line(dev) + 7);
	dev = add_disk(f, "/a.img", "vdc");
	dev->u.disk.readonly = flag(dev_line(dev) + 7);
}
/* Compared lexically normalised: /img//a.img is /img/a.img. */
static void source_spelled_twice(struct fx *f)
{
	add_disk(f, "/img/a.img", "vda");
	add_disk(f, "/img//./a.img", "vdb");
}

static void serial(struct fx *f, size_t len)
{
	struct stv_device *dev = add_disk(f, "/a.img", "vda");
	dev->u.disk.serial = str(text(f, 0, "S", len), dev_line(dev) + 4);
}
static void serial_20(struct fx *f) { serial(f, 20); }
static void serial_21(struct fx *f) { serial(f, 21); }

/* Two disks with boot orders; the base domain has a loader, which reads them. */
static void boot_order(struct fx *f, uint64_t a, uint64_t b)
{
	struct stv_device *dev = add_disk(f, "/a.img", "vda");
	dev->boot_order = num(a, dev_line(dev) + 5);
	dev = add_disk(f, "/b.img", "vdb");
	dev->boot_order = num(b, dev_line(dev) + 5);
}
static void boot_order_255(struct fx *f) { boot_order(f, 1, 255); }
static void boot_order_256(struct fx *f) { boot_order(f, 1, 256); }
static void boot_order_dup(struct fx *f) { boot_order(f, 2, 2); }
/* <boot order> is a device's, not only a disk's. */
static void boot_order_disk_net(struct fx *f)
{
	struct stv_device *dev = add_disk(f, "/a.img", "vda");
	dev->boot_order = num(1, dev_line(dev) + 5);
	dev = add_net(f, "52:54:00:00:00:01", "tap0");
	dev->boot_order = num(1, dev_line(dev) + 5);
}
/* aarch64 boots the kernel without a loader; nothing reads the order. */
static void boot_order_kernel(struct fx *f)
{
	aarch64(f);
	f->dom.loader = (struct stv_str){ 0 };
	struct stv_device *dev = add_disk(f, "/a.img", "vda");
	dev->boot_order = num(1, dev_line(dev) + 5);
}
static void boot_order_loader_refused(struct fx *f)
{
	f->dom.loader = refused_str(L_LOADER);
	struct stv_device *dev = add_disk(f, "/a.img", "vda");
	dev->boot_order = num(1, dev_line(dev) + 5);
}

static void iops(struct fx *f, uint64_t v)
{
	struct stv_device *dev = add_disk(f, "/a.img", "vda");
	dev->u.disk.iops = num(v, dev_line(dev) + 6);
}
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
/* The bridge never reaches StratoVirt (no stv:argv): a ',' is harmless. */
static void bridge_comma(struct fx *f) { add_net(f, "52:54:00:00:00:01", "tap0")->u.net.bridge.s = "br,0"; }
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
	struct stv_device *dev = add_net(f, "52:54:00:00:00:01", "tap0");
	dev->u.net.queues = num(q, dev_line(dev) + 4);
}
static void net_queues_0(struct fx *f) { net_queues(f, 0); }
static void net_queues_16(struct fx *f) { net_queues(f, 16); }
static void net_queues_17(struct fx *f) { net_queues(f, 17); }

/* The seed's <alias name='balloon0' autodeflate='on'/>, counted by defaults.c. */
static void autodeflate_alias(struct fx *f)
{
	struct stv_device *dev = add(f, STV_DEV_BALLOON);
	dev->alias = str("balloon0", dev_line(dev) + 1);
	dev->u.balloon.autodeflate_alias = choice(STV_ONOFF_ON, dev_line(dev) + 1);
	dev->u.balloon.autodeflate = dev->u.balloon.autodeflate_alias;
}
static void autodeflate_balloon(struct fx *f)
{
	struct stv_device *dev = add(f, STV_DEV_BALLOON);
	dev->u.balloon.autodeflate = choice(STV_ONOFF_ON, dev_line(dev));
}
static void autodeflate_alias_refused(struct fx *f)
{
	struct stv_device *dev = add(f, STV_DEV_BALLOON);
	dev->alias = str("balloon0", dev_line(dev) + 1);
	dev->u.balloon.autodeflate_alias = refused_choice(dev_line(dev) + 1);
	dev->refused = 1;
}

static void balloon_pages(struct fx *f) { page_x86_2m(f); add(f, STV_DEV_BALLOON); }
static void balloon_default_pages(struct fx *f) { page_host_default(f); add(f, STV_DEV_BALLOON); }
static void balloon_no_pages(struct fx *f) { add(f, STV_DEV_BALLOON); }

static void two_balloons(struct fx *f) { add(f, STV_DEV_BALLOON); add(f, STV_DEV_BALLOON); }
static void two_rngs(struct fx *f) { add(f, STV_DEV_RNG); add(f, STV_DEV_RNG); }
static void two_vsocks(struct fx *f) { add(f, STV_DEV_VSOCK); add(f, STV_DEV_VSOCK); }
static void two_panics(struct fx *f) { add(f, STV_DEV_PANIC); add(f, STV_DEV_PANIC); }
static void two_serials(struct fx *f) { add(f, STV_DEV_SERIAL)->index = num(0, D1); }
static void one_of_each(struct fx *f)
{
	add(f, STV_DEV_BALLOON);
	add(f, STV_DEV_RNG);
	add(f, STV_DEV_VSOCK);
}

static void two_consoles(struct fx *f)
{
	struct stv_device *dev = add(f, STV_DEV_CONSOLE);
	dev->u.console.type = choice(STV_CONSOLE_TYPE_PTY, dev_line(dev));
	dev->u.console.target = choice(STV_CONSOLE_TARGET_VIRTIO, dev_line(dev) + 2);
}

/* The serial port at line L: type L, path L+1, target L+2, model L+3 (defaults.c's). */
static struct stv_device *add_serial_port(struct fx *f, unsigned type)
{
	struct stv_device *dev = add(f, STV_DEV_SERIAL_PORT);
	dev->u.serial_port.type = choice(type, dev_line(dev));
	dev->u.serial_port.target = choice(STV_SERIAL_TARGET_ISA_SERIAL, dev_line(dev) + 2);
	dev->u.serial_port.model = choice(STV_SERIAL_MODEL_ISA_SERIAL, dev_line(dev) + 3);
	return dev;
}

static void two_serial_ports(struct fx *f)
{
	add_serial_port(f, STV_CONSOLE_TYPE_PTY);
	add_serial_port(f, STV_CONSOLE_TYPE_PTY);
}
static void serial_port_pty(struct fx *f) { add_serial_port(f, STV_CONSOLE_TYPE_PTY); }
static void serial_port_arm(struct fx *f)
{
	struct stv_device *dev = add_serial_port(f, STV_CONSOLE_TYPE_PTY);
	dev->u.serial_port.target.v = STV_SERIAL_TARGET_SYSTEM_SERIAL;
	dev->u.serial_port.model.v = STV_SERIAL_MODEL_PL011;
}
static void serial_port_isa_pl011(struct fx *f)
{
	add_serial_port(f, STV_CONSOLE_TYPE_PTY)->u.serial_port.model.v = STV_SERIAL_MODEL_PL011;
}
static void serial_port_isa_on_arm(struct fx *f)
{
	f->dom.arch.v = STV_ARCH_AARCH64;
	f->dom.machine.s = "virt";
	f->dom.gic = flag(L_GIC);
	f->dom.gic_version = num(3, L_GIC);
	add_serial_port(f, STV_CONSOLE_TYPE_PTY);
}
static void serial_port_arch_refused(struct fx *f)
{
	f->dom.arch = refused_choice(L_TYPE);
	f->dom.machine.s = "virt";
	add_serial_port(f, STV_CONSOLE_TYPE_PTY);
}

/* ---- CPU: <cpu> at L_MISC, its <topology> at L_MISC + 1 ---- */

static void host_model(struct fx *f)
{
	f->dom.cpu.present = flag(L_MISC);
	f->dom.cpu.mode = choice(STV_CPU_MODE_HOST_MODEL, L_MISC);
}
static void host_passthrough(struct fx *f)
{
	f->dom.cpu.present = flag(L_MISC);
	f->dom.cpu.mode = choice(STV_CPU_MODE_HOST_PASSTHROUGH, L_MISC);
}
static void migratable_on(struct fx *f)
{
	host_passthrough(f);
	f->dom.cpu.migratable = choice(STV_ONOFF_ON, L_MISC);
}
static void migratable_off(struct fx *f)
{
	host_passthrough(f);
	f->dom.cpu.migratable = choice(STV_ONOFF_OFF, L_MISC);
}
/* sockets, dies, clusters, cores, threads as defaults.c leaves them, and <vcpu>. */
static void topology(struct fx *f, uint64_t s, uint64_t d, uint64_t l, uint64_t c, uint64_t t,
		     uint64_t vcpus)
{
	struct stv_cpu *cpu = &f->dom.cpu;
	host_passthrough(f);
	cpu->topology = flag(L_MISC + 1);
	cpu->sockets = num(s, L_MISC + 1);
	cpu->dies = num(d, L_MISC + 1);
	cpu->clusters = num(l, L_MISC + 1);
	cpu->cores = num(c, L_MISC + 1);
	cpu->threads = num(t, L_MISC + 1);
	f->dom.vcpus.v = vcpus;
}
static void topology_8_of_8(struct fx *f) { topology(f, 2, 1, 1, 2, 2, 8); }
static void topology_8_of_4(struct fx *f) { topology(f, 2, 1, 1, 2, 2, 4); }
static void topology_254(struct fx *f) { topology(f, 1, 1, 1, 127, 2, 254); }
static void topology_sockets_0(struct fx *f) { topology(f, 0, 1, 1, 2, 1, 2); }
static void topology_cores_255(struct fx *f) { topology(f, 1, 1, 1, 255, 1, 254); }
static void topology_clusters_x86(struct fx *f) { topology(f, 1, 1, 2, 2, 1, 4); }
static void topology_dies_x86(struct fx *f) { topology(f, 1, 2, 1, 2, 1, 4); }
static void to_arm(struct fx *f)
{
	f->dom.arch.v = STV_ARCH_AARCH64;
	f->dom.machine.s = "virt";
	f->dom.gic = flag(L_GIC);
	f->dom.gic_version = num(3, L_GIC);
}
static void topology_dies_arm(struct fx *f) { topology_dies_x86(f); to_arm(f); }
static void topology_clusters_arm(struct fx *f) { topology_clusters_x86(f); to_arm(f); }
static void topology_sockets_arm(struct fx *f) { topology(f, 2, 1, 1, 2, 1, 4); to_arm(f); }
static void topology_x86_6_cores_1_socket(struct fx *f) { topology(f, 1, 1, 1, 6, 2, 12); }
static void topology_x86_3_cores_2_sockets(struct fx *f) { topology(f, 2, 1, 1, 3, 1, 6); }
static void topology_x86_3_threads(struct fx *f) { topology(f, 1, 1, 1, 2, 3, 6); }
static void topology_sockets_arm_kernel(struct fx *f)
{
	topology_sockets_arm(f);
	f->dom.loader = (struct stv_str){ 0 };
}
static void current(struct fx *f, uint64_t cur, uint64_t n)
{
	f->dom.vcpus.v = n;
	f->dom.vcpus_current = (struct stv_num){ cur, true, false, stv_loc_attr(at(L_VCPU), "current") };
}
static void current_2_of_4(struct fx *f) { current(f, 2, 4); }
static void current_4_of_4(struct fx *f) { current(f, 4, 4); }
static void current_5_of_4(struct fx *f) { current(f, 5, 4); }
static void current_0_of_4(struct fx *f) { current(f, 0, 4); }
static void current_2_of_4_arm(struct fx *f) { current(f, 2, 4); to_arm(f); }
static void current_4_of_4_arm(struct fx *f) { current(f, 4, 4); to_arm(f); }
static void pmu_x86(struct fx *f)
{
	host_passthrough(f);
	f->dom.cpu.pmu_feature = flag(L_MISC + 2);
	f->dom.cpu.pmu = choice(STV_CPU_POLICY_REQUIRE, L_MISC + 2);
}
static void pmu_arm(struct fx *f) { pmu_x86(f); to_arm(f); }

/* ---- SMBIOS: <sysinfo> at L_MISC + 3, its entries after it, <smbios> at L_MISC + 6 ---- */

static void sysinfo(struct fx *f, bool mode)
{
	f->dom.sysinfo.present = flag(L_MISC + 3);
	f->dom.sysinfo.system_serial = str("SN-1", L_MISC + 4);
	if (mode)
		f->dom.smbios_mode = choice(STV_SMBIOS_MODE_SYSINFO, L_MISC + 6);
}
static void sysinfo_applied(struct fx *f) { sysinfo(f, true); }
static void sysinfo_no_mode(struct fx *f) { sysinfo(f, false); }
static void sysinfo_emulate(struct fx *f)
{
	sysinfo(f, false);
	f->dom.smbios_mode = choice(STV_SMBIOS_MODE_EMULATE, L_MISC + 6);
}
static void sysinfo_mode_refused(struct fx *f)
{
	sysinfo(f, false);
	f->dom.smbios_mode = refused_choice(L_MISC + 6);
}
static void smbios_mode_alone(struct fx *f)
{
	f->dom.smbios_mode = choice(STV_SMBIOS_MODE_SYSINFO, L_MISC + 6);
}
static void sysinfo_uuid(struct fx *f, const char *sys)
{
	sysinfo(f, true);
	f->dom.uuid = str("c7a5fdbd-cdaf-9455-926a-d65c16db1809", L_MISC + 2);
	f->dom.sysinfo.system_uuid = str(sys, L_MISC + 5);
}
static void sysinfo_uuid_same(struct fx *f) { sysinfo_uuid(f, "C7A5FDBD-CDAF-9455-926A-D65C16DB1809"); }
static void sysinfo_uuid_differs(struct fx *f) { sysinfo_uuid(f, "c7a5fdbd-cdaf-9455-926a-d65c16db1800"); }
static void sysinfo_arm_kernel(struct fx *f)
{
	sysinfo(f, true);
	to_arm(f);
	f->dom.loader = (struct stv_str){ 0 };
}
static void sysinfo_arm_uefi(struct fx *f) { sysinfo(f, true); to_arm(f); }
static void sysinfo_arm_unapplied(struct fx *f) { sysinfo_arm_kernel(f); f->dom.smbios_mode = (struct stv_choice){ 0 }; }

static void file_console(struct fx *f);

/* Only a file console, but a pty serial port: an interactive console still. */
static void file_console_pty_serial(struct fx *f)
{
	file_console(f);
	add_serial_port(f, STV_CONSOLE_TYPE_PTY);
}
static void file_console_file_serial(struct fx *f)
{
	file_console(f);
	struct stv_device *dev = add_serial_port(f, STV_CONSOLE_TYPE_FILE);
	dev->u.serial_port.path = str("/var/log/serial.log", dev_line(dev) + 1);
}
static void serial_socket_108(struct fx *f)
{
	struct stv_device *dev = add_serial_port(f, STV_CONSOLE_TYPE_UNIX);
	dev->u.serial_port.path = str(text(f, 0, "/", 108), dev_line(dev) + 1);
}
static void serial_path_comma(struct fx *f)
{
	struct stv_device *dev = add_serial_port(f, STV_CONSOLE_TYPE_FILE);
	dev->u.serial_port.path = str("/var/log/a,b", dev_line(dev) + 1);
}

/* No console at all: a disk holds the root file system. */
static void no_console(struct fx *f)
{
	f->dom.ndevs = 0;
	add_disk(f, "/a.img", "vda");
}
static void no_console_no_devices(struct fx *f) { no_console(f); f->dom.devices = (struct stv_flag){ 0 }; }
static void file_console(struct fx *f)
{
	f->devs[1].u.console.type = choice(STV_CONSOLE_TYPE_FILE, L_CONSOLE);
	f->devs[1].u.console.path = str("/var/log/vm.log", L_CONSOLE + 1);
}

/* rootfs: a disk, an initrd or a console; the base domain's pflash loader does not count. */
static void rootfs_none(struct fx *f) { f->dom.ndevs = 0; }
static void rootfs_none_no_devices(struct fx *f) { rootfs_none(f); f->dom.devices = (struct stv_flag){ 0 }; }
static void rootfs_initrd(struct fx *f) { rootfs_none(f); f->dom.initrd = str("/boot/initrd", L_MISC); }
static void rootfs_initrd_refused(struct fx *f) { rootfs_none(f); f->dom.initrd = refused_str(L_MISC); }
static void rootfs_disk(struct fx *f) { no_console(f); }

static void rng(struct fx *f, uint64_t bytes, bool period)
{
	struct stv_device *dev = add(f, STV_DEV_RNG);
	dev->u.rng.backend = str("/dev/urandom", dev_line(dev) + 2);
	dev->u.rng.bytes = num(bytes, dev_line(dev) + 1);
	if (period)
		dev->u.rng.period = num(1000, dev_line(dev) + 1);
}
static void rng_63(struct fx *f) { rng(f, 63, true); }
static void rng_64(struct fx *f) { rng(f, 64, true); }
static void rng_max(struct fx *f) { rng(f, 1000000000, true); }
static void rng_over(struct fx *f) { rng(f, 1000000001, true); }
/* bytes * 1000 would wrap to 500000384: a rate that looks valid. */
static void rng_wraps(struct fx *f) { rng(f, UINT64_C(18446744074209552), true); }
/* Defaults.c gives a rate without a period its 1000 ms; the rule does not rely on it. */
static void rng_no_period(struct fx *f) { rng(f, 63, false); }

static void vsock(struct fx *f, uint64_t cid)
{
	struct stv_device *dev = add(f, STV_DEV_VSOCK);
	dev->u.vsock.cid = num(cid, dev_line(dev) + 1);
}
static void vsock_2(struct fx *f) { vsock(f, 2); }
static void vsock_3(struct fx *f) { vsock(f, 3); }
static void vsock_max(struct fx *f) { vsock(f, 0xFFFFFFFE); }
static void vsock_any(struct fx *f) { vsock(f, 0xFFFFFFFF); }

/* A hostdev of host function 0000:BUS:SLOT.FN, its <address> a line below. */
static void hostdev(struct fx *f, uint64_t bus, uint64_t slot, uint64_t fn)
{
	struct stv_device *dev = add(f, STV_DEV_HOSTDEV);
	dev->u.hostdev.managed = choice(STV_YESNO_YES, dev_line(dev));
	dev->u.hostdev.host_domain = num(0, dev_line(dev) + 1);
	dev->u.hostdev.host_bus = num(bus, dev_line(dev) + 1);
	dev->u.hostdev.host_slot = num(slot, dev_line(dev) + 1);
	dev->u.hostdev.host_function = num(fn, dev_line(dev) + 1);
}
static void hostdev_max(struct fx *f) { hostdev(f, 0xff, 0x1f, 7); }
static void hostdev_bus_256(struct fx *f) { hostdev(f, 0x100, 0, 0); }
static void hostdev_slot_32(struct fx *f) { hostdev(f, 3, 32, 0); }
static void hostdev_function_8(struct fx *f) { hostdev(f, 3, 0, 8); }
static void hostdev_domain_65536(struct fx *f)
{
	hostdev(f, 3, 0, 0);
	f->devs[f->dom.ndevs - 1].u.hostdev.host_domain = num(0x10000, D1 + 1);
}
static void two_hostdevs(struct fx *f) { hostdev(f, 3, 0, 1); hostdev(f, 3, 0, 1); }
static void two_functions(struct fx *f) { hostdev(f, 3, 0, 0); hostdev(f, 3, 0, 1); }
/* Out of range is hostdev-address's; two of them are no duplicate. */
static void two_bad_hostdevs(struct fx *f) { hostdev(f, 3, 32, 0); hostdev(f, 3, 32, 0); }
/* A USB controller at line L, index 0: ports L+1. */
static struct stv_device *add_usb(struct fx *f)
{
	struct stv_device *dev = add(f, STV_DEV_USB);
	dev->index = num(0, dev_line(dev));
	dev->u.usb.model = choice(STV_USB_MODEL_NEC_XHCI, dev_line(dev));
	return dev;
}
static void usb_ports(struct fx *f, uint64_t n)
{
	struct stv_device *dev = add_usb(f);
	dev->u.usb.ports = num(n, dev_line(dev) + 1);
}
static void usb_ports_0(struct fx *f) { usb_ports(f, 0); }
static void usb_ports_15(struct fx *f) { usb_ports(f, 15); }
static void usb_ports_16(struct fx *f) { usb_ports(f, 16); }
static void two_usb(struct fx *f) { add_usb(f); add_usb(f); }
static void two_tablets(struct fx *f) { add_usb(f); add(f, STV_DEV_TABLET); add(f, STV_DEV_TABLET); }
static void two_keyboards(struct fx *f) { add_usb(f); add(f, STV_DEV_KEYBOARD); add(f, STV_DEV_KEYBOARD); }
static void tablet_and_keyboard(struct fx *f) { add_usb(f); add(f, STV_DEV_TABLET); add(f, STV_DEV_KEYBOARD); }
static void usb_none_tablet(struct fx *f) { f->dom.usb_none = flag(L_MISC); add(f, STV_DEV_TABLET); }
static void usb_none_controller(struct fx *f) { f->dom.usb_none = flag(L_MISC); add_usb(f); }
static void usb_none_alone(struct fx *f) { f->dom.usb_none = flag(L_MISC); }

/* A virtio video at line L: model and heads L+1, <address> L+2. */
static struct stv_device *add_video(struct fx *f, enum stv_video_model model)
{
	struct stv_device *dev = add(f, STV_DEV_VIDEO);
	dev->u.video.model = choice(model, dev_line(dev) + 1);
	if (model == STV_VIDEO_MODEL_VIRTIO)
		dev->u.video.heads = num(1, dev_line(dev) + 1);
	return dev;
}

/* ---- disks: cache and io, CD-ROMs, SCSI ---- */

/* <driver io cache> on a virtio disk: the driver at L+3. */
static void disk_io_cache(struct fx *f, unsigned io, int cache)
{
	struct stv_device *dev = add_disk(f, "/a.img", "vda");
	dev->u.disk.io = choice(io, dev_line(dev) + 3);
	if (cache >= 0)
		dev->u.disk.cache = choice((unsigned)cache, dev_line(dev) + 3);
}
static void native_writeback(struct fx *f) { disk_io_cache(f, STV_DISK_IO_NATIVE, STV_DISK_CACHE_WRITEBACK); }
static void native_unsafe(struct fx *f) { disk_io_cache(f, STV_DISK_IO_NATIVE, STV_DISK_CACHE_UNSAFE); }
static void native_none(struct fx *f) { disk_io_cache(f, STV_DISK_IO_NATIVE, STV_DISK_CACHE_NONE); }
static void native_directsync(struct fx *f) { disk_io_cache(f, STV_DISK_IO_NATIVE, STV_DISK_CACHE_DIRECTSYNC); }
static void native_default(struct fx *f) { disk_io_cache(f, STV_DISK_IO_NATIVE, -1); }
static void uring_writeback(struct fx *f) { disk_io_cache(f, STV_DISK_IO_IO_URING, STV_DISK_CACHE_WRITEBACK); }
static void threads_writeback(struct fx *f) { disk_io_cache(f, STV_DISK_IO_THREADS, STV_DISK_CACHE_WRITEBACK); }

/* A virtio-scsi controller at line L (<controller index>), driver at L+1. */
static struct stv_device *add_scsi(struct fx *f, uint64_t index)
{
	struct stv_device *dev = add(f, STV_DEV_SCSI);
	dev->index = num(index, dev_line(dev));
	return dev;
}

/*
 * A VNC display at line L, as defaults.c leaves it: port and autoport L+1,
 * listen L+2, <listen address> L+3, the display from a fixed port.
 */
static struct stv_device *add_vnc(struct fx *f, const char *port, bool autoport, const char *listen)
{
	struct stv_device *dev = add(f, STV_DEV_GRAPHICS);
	struct stv_graphics *g = &dev->u.graphics;
	uint64_t v = strtoull(port, NULL, 10);
	g->port = str(port, dev_line(dev) + 1);
	g->autoport = choice(autoport ? STV_YESNO_YES : STV_YESNO_NO, dev_line(dev) + 1);
	g->listen = str(listen, dev_line(dev) + 2);
	g->listen_address = str(listen, dev_line(dev) + 3);
	if (!autoport && v >= 5900 && v <= 65535)
		g->display = num(v - 5900, dev_line(dev) + 1);
	return dev;
}
/* A VNC display, then the virtio video it shows. */
static void vnc(struct fx *f, const char *port, bool autoport, const char *listen)
{
	add_vnc(f, port, autoport, listen);
	add_video(f, STV_VIDEO_MODEL_VIRTIO);
}
static void vnc_5899(struct fx *f) { vnc(f, "5899", false, "127.0.0.1"); }
static void vnc_5900(struct fx *f) { vnc(f, "5900", false, "127.0.0.1"); }
static void vnc_65535(struct fx *f) { vnc(f, "65535", false, "127.0.0.1"); }
static void vnc_65536(struct fx *f) { vnc(f, "65536", false, "127.0.0.1"); }
static void vnc_port_text(struct fx *f) { vnc(f, "vnc", false, "127.0.0.1"); }
static void vnc_auto(struct fx *f) { vnc(f, "-1", true, "127.0.0.1"); }
static void vnc_auto_text(struct fx *f) { vnc(f, "auto", true, "127.0.0.1"); }
static void vnc_listen_differs(struct fx *f)
{
	vnc(f, "-1", true, "127.0.0.1");
	f->devs[2].u.graphics.listen_address.s = "127.0.0.2";
}
static void vnc_any(struct fx *f) { vnc(f, "5901", false, "0.0.0.0"); }
static void vnc_loopback(struct fx *f) { vnc(f, "-1", true, "127.1.2.3"); }
static void vnc_no_video(struct fx *f) { add_vnc(f, "-1", true, "127.0.0.1"); }
static void vnc_none_video(struct fx *f)
{
	add_vnc(f, "-1", true, "127.0.0.1");
	add_video(f, STV_VIDEO_MODEL_NONE);
}
static void two_vnc(struct fx *f) { vnc_auto(f); add(f, STV_DEV_GRAPHICS); }
static void two_videos(struct fx *f) { add_video(f, STV_VIDEO_MODEL_VIRTIO); add_video(f, STV_VIDEO_MODEL_NONE); }
static void video_heads(struct fx *f, uint64_t n) { add_video(f, STV_VIDEO_MODEL_VIRTIO)->u.video.heads.v = n; }
static void video_heads_0(struct fx *f) { video_heads(f, 0); }
static void video_heads_16(struct fx *f) { video_heads(f, 16); }
static void video_heads_17(struct fx *f) { video_heads(f, 17); }
static void video_address(struct fx *f, enum stv_video_model model)
{
	struct stv_device *dev = add_video(f, model);
	dev->addr.written = flag(dev_line(dev) + 2);
	dev->addr.loc = at(dev_line(dev) + 2);
}
static void virtio_video_address(struct fx *f) { video_address(f, STV_VIDEO_MODEL_VIRTIO); }
static void none_video_address(struct fx *f) { video_address(f, STV_VIDEO_MODEL_NONE); }
static void ramfb_video_address(struct fx *f) { aarch64(f); video_address(f, STV_VIDEO_MODEL_RAMFB); }
static void ramfb_x86(struct fx *f) { add_video(f, STV_VIDEO_MODEL_RAMFB); }
static void ramfb_uefi(struct fx *f) { aarch64(f); add_video(f, STV_VIDEO_MODEL_RAMFB); }
static void ramfb_no_loader(struct fx *f)
{
	ramfb_uefi(f);
	f->dom.loader = (struct stv_str){ 0 };
}
static void ramfb_loader_refused(struct fx *f)
{
	ramfb_uefi(f);
	f->dom.loader = refused_str(L_LOADER);
}

/*
 * A SCSI disk at line L as add_disk's, bus scsi on the target (L+2), the
 * drive address at L+9 as defaults.c leaves it.
 */
static struct stv_device *add_scsi_disk(struct fx *f, const char *target, uint64_t controller,
					uint64_t unit)
{
	struct stv_device *dev = add_disk(f, target, target);	/* an image of its own */
	int at_addr = dev_line(dev) + 9;
	dev->u.disk.target_bus = choice(STV_DISK_BUS_SCSI, dev_line(dev) + 2);
	dev->u.disk.drive = flag(at_addr);
	dev->u.disk.drive_controller = num(controller, at_addr);
	dev->u.disk.drive_bus = num(0, at_addr);
	dev->u.disk.drive_target = num(0, at_addr);
	dev->u.disk.drive_unit = num(unit, at_addr);
	return dev;
}

static void cdrom(struct fx *f, unsigned bus)
{
	struct stv_device *dev = bus == STV_DISK_BUS_SCSI ? (add_scsi(f, 0), add_scsi_disk(f, "sda", 0, 0))
							  : add_disk(f, "/a.iso", "vda");
	dev->u.disk.device = choice(STV_DISK_DEVICE_CDROM, dev_line(dev));
	dev->u.disk.target_bus = choice(bus, dev_line(dev) + 2);
	dev->u.disk.readonly = flag(dev_line(dev));	/* defaults.c: a CD-ROM is read-only */
}
static void cdrom_virtio(struct fx *f) { cdrom(f, STV_DISK_BUS_VIRTIO); }
static void cdrom_scsi(struct fx *f) { cdrom(f, STV_DISK_BUS_SCSI); }

/* A SCSI disk (D2) on controller 0 (D1): what it cannot carry. */
static struct stv_device *scsi_disk(struct fx *f)
{
	add_scsi(f, 0);
	return add_scsi_disk(f, "sda", 0, 0);
}
static void scsi_plain(struct fx *f) { scsi_disk(f); }
static void scsi_iops(struct fx *f) { struct stv_device *d = scsi_disk(f); d->u.disk.iops = num(100, dev_line(d) + 6); }
static void scsi_discard(struct fx *f, unsigned v)
{
	struct stv_device *d = scsi_disk(f);
	d->u.disk.discard = choice(v, dev_line(d) + 3);
}
static void scsi_discard_unmap(struct fx *f) { scsi_discard(f, STV_DISCARD_UNMAP); }
static void scsi_discard_ignore(struct fx *f) { scsi_discard(f, STV_DISCARD_IGNORE); }
static void scsi_zeroes(struct fx *f, unsigned v)
{
	struct stv_device *d = scsi_disk(f);
	d->u.disk.detect_zeroes = choice(v, dev_line(d) + 3);
}
static void scsi_zeroes_on(struct fx *f) { scsi_zeroes(f, STV_DETECT_ZEROES_ON); }
static void scsi_zeroes_off(struct fx *f) { scsi_zeroes(f, STV_DETECT_ZEROES_OFF); }
/* The disk's iothread: scsi-disk-setting's only, never also iothread-ref's. */
static void scsi_iothread(struct fx *f) { struct stv_device *d = scsi_disk(f); d->u.disk.iothread = num(5, dev_line(d) + 3); }
static void scsi_queues(struct fx *f) { struct stv_device *d = scsi_disk(f); d->u.disk.queues = num(4, dev_line(d) + 3); }
static void scsi_serial(struct fx *f, size_t len)
{
	struct stv_device *d = scsi_disk(f);
	d->u.disk.serial = str(text(f, 0, "S", len), dev_line(d) + 4);
}
static void scsi_serial_32(struct fx *f) { scsi_serial(f, 32); }
static void scsi_serial_33(struct fx *f) { scsi_serial(f, 33); }

/* disk-address: a PCI address on a SCSI disk, a drive address on a virtio disk. */
static void scsi_pci_address(struct fx *f)
{
	struct stv_device *d = scsi_disk(f);
	d->addr.written = flag(dev_line(d) + 8);
}
static void virtio_drive_address(struct fx *f)
{
	struct stv_device *d = add_disk(f, "/a.img", "vda");
	d->u.disk.target_bus = choice(STV_DISK_BUS_VIRTIO, dev_line(d) + 2);
	d->u.disk.drive = flag(dev_line(d) + 9);
}

/* drive-address: no address and no index in the name; the schema's ranges. */
static void scsi_no_address(struct fx *f)
{
	struct stv_device *d = scsi_disk(f);
	d->u.disk.target.s = "scsi-data";
	d->u.disk.drive = (struct stv_flag){ 0 };
	d->u.disk.drive_controller = d->u.disk.drive_bus = (struct stv_num){ 0 };
	d->u.disk.drive_target = d->u.disk.drive_unit = (struct stv_num){ 0 };
}
static void scsi_target_256(struct fx *f) { scsi_disk(f)->u.disk.drive_target.v = 256; }
static void scsi_unit_255(struct fx *f) { scsi_disk(f)->u.disk.drive_unit.v = 255; }
static void scsi_unit_256(struct fx *f) { scsi_disk(f)->u.disk.drive_unit.v = 256; }
static void scsi_bus_1(struct fx *f) { scsi_disk(f)->u.disk.drive_bus.v = 1; }

static void drive_dup(struct fx *f, uint64_t unit)
{
	add_scsi(f, 0);
	add_scsi_disk(f, "sda", 0, 0);
	add_scsi_disk(f, "sdb", 0, unit);
}
static void drive_address_dup(struct fx *f) { drive_dup(f, 0); }
static void drive_address_differ(struct fx *f) { drive_dup(f, 1); }
/* The same target and unit on two controllers: two addresses. */
static void drive_two_controllers(struct fx *f)
{
	add_scsi(f, 0);
	add_scsi(f, 1);
	add_scsi_disk(f, "sda", 0, 0);
	add_scsi_disk(f, "sdb", 1, 0);
}

static void scsi_index_dup(struct fx *f) { add_scsi(f, 0); add_scsi(f, 0); }
static void scsi_index_differ(struct fx *f) { add_scsi(f, 0); add_scsi(f, 1); }

/* The controller's iothread and queues (driver at L+1). */
static void scsi_ctrl_iothread(struct fx *f, uint64_t t)
{
	f->dom.iothreads = num(1, L_MISC);
	add_scsi(f, 0)->u.scsi.iothread = num(t, D1 + 1);
}
static void scsi_ctrl_iothread_1(struct fx *f) { scsi_ctrl_iothread(f, 1); }
static void scsi_ctrl_iothread_2(struct fx *f) { scsi_ctrl_iothread(f, 2); }
static void scsi_ctrl_queues(struct fx *f, uint64_t q) { add_scsi(f, 0)->u.scsi.queues = num(q, D1 + 1); }
static void scsi_ctrl_queues_32(struct fx *f) { scsi_ctrl_queues(f, 32); }
static void scsi_ctrl_queues_33(struct fx *f) { scsi_ctrl_queues(f, 33); }

/* root-port-range: dev.index and dev.u.root_port.port, 0 to 255. */
static void port_index_255(struct fx *f) { add_root_port(f, 255); }
static void port_index_256(struct fx *f) { add_root_port(f, 256); }
static void port_port(struct fx *f, uint64_t port)
{
	struct stv_device *dev = add_root_port(f, 1);
	dev->u.root_port.port = num(port, dev_line(dev) + 2);
}
static void port_port_255(struct fx *f) { port_port(f, 255); }
static void port_port_256(struct fx *f) { port_port(f, 256); }

static void alias_dot(struct fx *f) { f->devs[1].alias = str("console.0", L_CONSOLE + 1); }
static void alias_63(struct fx *f) { f->devs[1].alias = str(text(f, 0, "c", 63), L_CONSOLE + 1); }
static void alias_64(struct fx *f) { f->devs[1].alias = str(text(f, 0, "c", 64), L_CONSOLE + 1); }
static void port_alias_bad(struct fx *f)
{
	struct stv_device *dev = add_root_port(f, 1);
	dev->alias = str("pci 1", dev_line(dev) + 1);
}

/* libvirt's live XML names root ports "pci.N": no id, so accepted. */
static void port_alias_libvirt(struct fx *f)
{
	port_alias_bad(f);
	f->devs[2].alias.s = "pci.1";
}

/* The root port (D1) comes after the serial controller (L_SERIAL) in the document. */
static void alias_dup_port(struct fx *f)
{
	port_alias_bad(f);
	f->devs[2].alias.s = "dup";
	f->devs[0].alias = str("dup", L_SERIAL);
}
static void alias_differ(struct fx *f)
{
	alias_dup_port(f);
	f->devs[0].alias.s = "other";
}
/*
 * A root port's id is its bus, pcie.N, and its alias never reaches
 * StratoVirt (check.c, root_port_alias_ok): a leading '-' there is harmless.
 */
static void port_alias_dash(struct fx *f)
{
	port_alias_bad(f);
	f->devs[2].alias.s = "-pci.1";
}

/* option-value: every string the schema sends to the command line (stv:argv). */
static void disk_source_comma(struct fx *f) { add_disk(f, "/img/a,b.img", "vda"); }
static void disk_serial_equals(struct fx *f)
{
	struct stv_device *dev = add_disk(f, "/a.img", "vda");
	dev->u.disk.serial = str("a=b", dev_line(dev) + 4);
}
static void tap_dash(struct fx *f) { add_net(f, "52:54:00:00:00:01", "-tap0"); }
static void loader_equals(struct fx *f) { f->dom.loader.s = "/fw/code=1.fd"; }
static void nvram_comma(struct fx *f) { f->dom.nvram = str("/var/vars,1.fd", L_MISC); }
static void rng_comma(struct fx *f) { rng(f, 64, true); f->devs[2].u.rng.backend.s = "/dev/r,ng"; }
static void console_comma(struct fx *f) { file_console(f); f->devs[1].u.console.path.s = "/log/a,b"; }
static void rundir_comma(struct fx *f) { f->opt.runtime_dir = "/run/a,b"; }
static void name_dash(struct fx *f) { f->dom.name.s = "-vm"; }
static void alias_dash(struct fx *f) { f->devs[1].alias = str("-c0", L_CONSOLE + 1); }
/* An argv word of its own: no ',' '=' problem, but a newline reaches nothing intact. */
static void initrd_newline(struct fx *f) { f->dom.initrd = str("/boot/initrd\n.img", L_MISC); }
/* Separate argv words: a comma is harmless there. */
static void kernel_comma(struct fx *f)
{
	f->dom.kernel.s = "/boot/vmlinuz,1";
	f->dom.initrd = str("/boot/initrd=1", L_MISC);
	f->dom.cmdline = str("a=b,c", L_MISC + 1);
}
/* Not on the command line at all. */
static void title_comma(struct fx *f)
{
	f->dom.title = str("-a,b=c", L_MISC);
	f->dom.description = str("-d,e=f\ng", L_MISC + 1);
}

static void kernel_len(struct fx *f, size_t len) { f->dom.kernel.s = (char *)text(f, 0, "/", len); }
static void kernel_4096(struct fx *f) { kernel_len(f, 4096); }
static void kernel_4097(struct fx *f) { kernel_len(f, 4097); }
static void initrd_len(struct fx *f, size_t len) { f->dom.initrd = str(text(f, 0, "/", len), L_MISC); }
static void initrd_255(struct fx *f) { initrd_len(f, 255); }
static void initrd_256(struct fx *f) { initrd_len(f, 256); }
static void unix_console(struct fx *f, size_t len)
{
	f->devs[1].u.console.type = choice(STV_CONSOLE_TYPE_UNIX, L_CONSOLE);
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
static void qmp_name_refused(struct fx *f) { f->dom.name = refused_str(L_NAME); }
static void qmp_dir_98(struct fx *f) { f->opt.runtime_dir = text(f, 0, "/", 98); }
static void qmp_dir_99(struct fx *f) { f->opt.runtime_dir = text(f, 0, "/", 99); }

static void cmdline(struct fx *f, const char *s) { f->dom.cmdline = str(s, L_MISC); }
static void cmdline_newline(struct fx *f) { cmdline(f, "console=hvc0\nroot=/dev/vda"); }
/* cmdline-text's, not option-value's: one finding. */
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
	bool no_pty;	/* the case removes the pty console: no-console must fire too, once */
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
	FIRES("vcpu past 64 bits", STV_R_VCPU_RANGE, vcpu_huge, L_VCPU),
	OK("vcpu unset", STV_R_VCPU_RANGE, vcpu_unset),
	OK("vcpu refused", STV_R_VCPU_RANGE, vcpu_refused),
	FIRES("memory 127 MiB", STV_R_MEMORY_RANGE, mem_127m, L_MEMORY),
	OK("memory 128 MiB", STV_R_MEMORY_RANGE, mem_128m),
	OK("memory 512 GiB", STV_R_MEMORY_RANGE, mem_512g),
	FIRES("memory 512 GiB + 1 MiB", STV_R_MEMORY_RANGE, mem_512g_1m, L_MEMORY),
	FIRES("memory not whole MiB", STV_R_MEMORY_RANGE, mem_kib, L_MEMORY),
	FIRES("memory 4 EiB", STV_R_MEMORY_RANGE, mem_4eib, L_MEMORY),
	OK("memory refused", STV_R_MEMORY_RANGE, mem_refused),
	FIRES("currentMemory below memory", STV_R_CURRENT_MEMORY, curmem_less, L_MISC),
	OK("currentMemory equal", STV_R_CURRENT_MEMORY, curmem_equal),
	FIRES("iothreads 0", STV_R_IOTHREADS, iothreads_0, L_MISC),
	OK("iothreads 8", STV_R_IOTHREADS, iothreads_8),
	FIRES("iothreads 9", STV_R_IOTHREADS, iothreads_9, L_MISC),
	FIRES("on_reboot destroy", STV_R_ON_REBOOT_IGNORED, reboot_destroy, L_ON_REBOOT),
	OK("on_reboot restart", STV_R_ON_REBOOT_IGNORED, reboot_restart),
	OK("on_reboot refused", STV_R_ON_REBOOT_IGNORED, reboot_refused),
	FIRES("emulator qemu", STV_R_EMULATOR_NAME, emu_qemu, L_EMULATOR),
	FIRES("emulator dir only", STV_R_EMULATOR_NAME, emu_dir_only, L_EMULATOR),
	OK("emulator seed name", STV_R_EMULATOR_NAME, emu_seed),
	FIRES("machine virt on x86_64", STV_R_ARCH_MACHINE, machine_virt_x86, L_TYPE),
	FIRES("machine q35 on aarch64", STV_R_ARCH_MACHINE, machine_q35_arm, L_TYPE),
	FIRES("machine pc-q35-8.2 on x86_64", STV_R_ARCH_MACHINE, machine_pc_q35_8_2, L_TYPE),
	FIRES("machine virt-7.2 on aarch64", STV_R_ARCH_MACHINE, machine_virt_7_2, L_TYPE),
	FIRES("machine virt-7.2 on x86_64", STV_R_ARCH_MACHINE, machine_virt_7_2_x86, L_TYPE),
	FIRES("machine pc-i440fx-8.2", STV_R_ARCH_MACHINE, machine_i440fx, L_TYPE),
	OK("aarch64 virt", STV_R_ARCH_MACHINE, aarch64),
	OK("no machine", STV_R_ARCH_MACHINE, machine_none),
	OK("machine refused", STV_R_ARCH_MACHINE, machine_refused),
	OK("machine q35, arch refused", STV_R_ARCH_MACHINE, machine_q35_arch_refused),
	OK("machine pc, arch refused", STV_R_ARCH_MACHINE, machine_pc_arch_refused),
	FIRES("machine pc-q35-8.2, arch refused", STV_R_ARCH_MACHINE, machine_versioned_arch_refused, L_TYPE),
	FIRES("machine pc, no arch", STV_R_ARCH_MACHINE, machine_pc_no_arch, L_TYPE),
	FIRES("initrd without kernel", STV_R_INITRD_NEEDS_KERNEL, initrd_no_kernel, L_MISC),
	OK("initrd with kernel", STV_R_INITRD_NEEDS_KERNEL, initrd_kernel),
	OK("initrd with a refused kernel", STV_R_INITRD_NEEDS_KERNEL, initrd_kernel_refused),
	FIRES("cmdline without kernel", STV_R_CMDLINE_NEEDS_KERNEL, cmdline_no_kernel, L_MISC),
	OK("cmdline with kernel", STV_R_CMDLINE_NEEDS_KERNEL, cmdline_kernel),
	OK("cmdline with a refused kernel", STV_R_CMDLINE_NEEDS_KERNEL, cmdline_kernel_refused),
	FIRES("nvram without loader", STV_R_NVRAM_NEEDS_LOADER, nvram_no_loader, L_MISC),
	OK("nvram with loader", STV_R_NVRAM_NEEDS_LOADER, nvram_loader),
	OK("nvram with a refused loader", STV_R_NVRAM_NEEDS_LOADER, nvram_loader_refused),
	FIRES("no kernel, no loader", STV_R_BOOT_SOURCE, no_boot, L_OS),
	OK("no boot source, no <os>", STV_R_BOOT_SOURCE, no_boot_no_os),
	OK("refused kernel, no loader", STV_R_BOOT_SOURCE, no_boot_kernel_refused),
	OK("no kernel, refused loader", STV_R_BOOT_SOURCE, no_boot_loader_refused),
	OK("loader only", STV_R_BOOT_SOURCE, loader_only),
	FIRES("x86_64 kernel without loader", STV_R_BOOT_FIRMWARE, kernel_no_loader, L_KERNEL),
	FIRES("x86_64 refused kernel without loader", STV_R_BOOT_FIRMWARE, kernel_refused_no_loader, L_KERNEL),
	OK("aarch64 kernel without loader", STV_R_BOOT_FIRMWARE, kernel_no_loader_arm),
	OK("x86_64 kernel, refused loader", STV_R_BOOT_FIRMWARE, kernel_loader_refused),
	FIRES_NO_PTY("no disk, initrd or console", STV_R_ROOTFS, rootfs_none, L_DEVICES),
	FIRES_NO_PTY("no rootfs, no <devices> location", STV_R_ROOTFS, rootfs_none_no_devices, L_DOMAIN),
	OK_NO_PTY("initrd only", STV_R_ROOTFS, rootfs_initrd),
	OK_NO_PTY("refused initrd only", STV_R_ROOTFS, rootfs_initrd_refused),
	OK_NO_PTY("disk only", STV_R_ROOTFS, rootfs_disk),
	FIRES("no acpi", STV_R_ACPI_REQUIRED, no_acpi, L_FEATURES),
	FIRES("no acpi, no <features>", STV_R_ACPI_REQUIRED, no_acpi_no_features, L_OS),
	FIRES("gic on x86_64", STV_R_GIC, gic_x86, L_GIC),
	FIRES("gic without version on x86_64", STV_R_GIC, gic_x86_no_version, L_GIC),
	FIRES("gic version 2", STV_R_GIC, gic_v2, L_GIC),
	OK("gic version 3", STV_R_GIC, gic_v3),
	OK("gic without version", STV_R_GIC, gic_no_version),
	OK("gic, arch refused", STV_R_GIC, gic_arch_refused),
	OK("gic implied by defaults", STV_R_GIC, aarch64),
	OK("aarch64 without gic", STV_R_GIC, aarch64_gic_unset),
	FIRES("apic on aarch64", STV_R_FEATURE_ARCH, apic_arm, L_APIC),
	FIRES("pae on aarch64", STV_R_FEATURE_ARCH, pae_arm, L_PAE),
	FIRES_N("apic and pae on aarch64", STV_R_FEATURE_ARCH, apic_pae_arm, L_APIC, 2, L_PAE - L_APIC),
	OK("apic and pae on x86_64", STV_R_FEATURE_ARCH, apic_pae_x86),
	OK("apic and pae, arch refused", STV_R_FEATURE_ARCH, apic_pae_arch_refused),
	FIRES("64 KiB pages on x86_64", STV_R_HUGEPAGE_SIZE, page_x86_64k, L_PAGE),
	FIRES("16 GiB pages on x86_64", STV_R_HUGEPAGE_SIZE, page_x86_16g, L_PAGE),
	OK("2 MiB pages on x86_64", STV_R_HUGEPAGE_SIZE, page_x86_2m),
	OK("64 KiB pages on aarch64", STV_R_HUGEPAGE_SIZE, page_arm_64k),
	OK("16 GiB pages on aarch64", STV_R_HUGEPAGE_SIZE, page_arm_16g),
	OK("host default pages", STV_R_HUGEPAGE_SIZE, page_host_default),
	OK("64 KiB pages, arch refused", STV_R_HUGEPAGE_SIZE, page_arch_refused),
	FIRES("1 GiB pages, 512 MiB", STV_R_HUGEPAGE_ALIGN, page_1g_mem_512m, L_MEMORY),
	OK("1 GiB pages, 2 GiB", STV_R_HUGEPAGE_ALIGN, page_1g_mem_2g),
	FIRES("disk queues 0", STV_R_DISK_QUEUES, disk_queues_0, D1 + 3),
	OK("disk queues 32", STV_R_DISK_QUEUES, disk_queues_32),
	FIRES("disk queues 33", STV_R_DISK_QUEUES, disk_queues_33, D1 + 3),
	FIRES("iothread 2 of 1", STV_R_IOTHREAD_REF, iothread_2_of_1, D1 + 3),
	OK("iothread 1 of 1", STV_R_IOTHREAD_REF, iothread_1_of_1),
	FIRES("iothread 0", STV_R_IOTHREAD_REF, iothread_0_of_1, D1 + 3),
	FIRES("iothread without iothreads", STV_R_IOTHREAD_REF, iothread_none, D1 + 3),
	FIRES("target dev twice", STV_R_DISK_TARGET_DUP, target_dup, D2 + 2),
	OK("target devs differ", STV_R_DISK_TARGET_DUP, target_differ),
	FIRES("image shared rw/rw", STV_R_DISK_SOURCE_DUP, source_rw_rw, D2 + 1),
	OK("image shared ro/ro", STV_R_DISK_SOURCE_DUP, source_ro_ro),
	FIRES("image shared ro/rw", STV_R_DISK_SOURCE_DUP, source_ro_rw, D2 + 1),
	FIRES_N("image shared rw/ro/ro", STV_R_DISK_SOURCE_DUP, source_rw_ro_ro, D2 + 1, 2, 10),
	FIRES("image shared, spelled differently", STV_R_DISK_SOURCE_DUP, source_spelled_twice, D2 + 1),
	OK("serial 20 bytes", STV_R_DISK_SERIAL, serial_20),
	FIRES("serial 21 bytes", STV_R_DISK_SERIAL, serial_21, D1 + 4),
	OK("boot order 255", STV_R_BOOT_ORDER, boot_order_255),
	FIRES("boot order 256", STV_R_BOOT_ORDER, boot_order_256, D2 + 5),
	FIRES("boot order twice", STV_R_BOOT_ORDER, boot_order_dup, D2 + 5),
	FIRES("boot order of a disk and an interface", STV_R_BOOT_ORDER, boot_order_disk_net, D2 + 5),
	FIRES("boot order with a kernel", STV_R_BOOT_ORDER_IGNORED, boot_order_kernel, D1 + 5),
	OK("boot order, refused loader", STV_R_BOOT_ORDER_IGNORED, boot_order_loader_refused),
	FIRES("iops 0", STV_R_IOTUNE_RANGE, iops_0, D1 + 6),
	OK("iops 1", STV_R_IOTUNE_RANGE, iops_1),
	OK("iops 1000000", STV_R_IOTUNE_RANGE, iops_max),
	FIRES("iops 1000001", STV_R_IOTUNE_RANGE, iops_over, D1 + 6),
	FIRES("multicast mac", STV_R_MAC, mac_multicast, D1 + 1),
	FIRES("zero mac", STV_R_MAC, mac_zero, D1 + 1),
	OK("unicast mac", STV_R_MAC, mac_unicast),
	OK("generated mac not checked", STV_R_MAC, mac_generated),
	FIRES("mac twice, case differs", STV_R_MAC_DUP, mac_dup, D2 + 1),
	OK("macs differ", STV_R_MAC_DUP, mac_differ),
	FIRES("bridge with '/'", STV_R_IFNAME, bridge_slash, D1 + 2),
	OK("bridge with ','", STV_R_OPTION_VALUE, bridge_comma),
	OK("tap of 15 bytes", STV_R_IFNAME, tap_15),
	FIRES("tap of 16 bytes", STV_R_IFNAME, tap_16, D1 + 3),
	FIRES("tap with ':'", STV_R_IFNAME, tap_colon, D1 + 3),
	FIRES("tap twice", STV_R_IFNAME_DUP, tap_dup, D2 + 3),
	FIRES("net queues 0", STV_R_NET_QUEUES, net_queues_0, D1 + 4),
	OK("net queues 16", STV_R_NET_QUEUES, net_queues_16),
	FIRES("net queues 17", STV_R_NET_QUEUES, net_queues_17, D1 + 4),
	FIRES("autodeflate on alias", STV_R_BALLOON_AUTODEFLATE_PLACE, autodeflate_alias, D1 + 1),
	OK("autodeflate on memballoon", STV_R_BALLOON_AUTODEFLATE_PLACE, autodeflate_balloon),
	OK("autodeflate on alias, refused", STV_R_BALLOON_AUTODEFLATE_PLACE, autodeflate_alias_refused),
	FIRES("balloon with 2 MiB pages", STV_R_BALLOON_HUGEPAGES, balloon_pages, D1),
	FIRES("balloon with default pages", STV_R_BALLOON_HUGEPAGES, balloon_default_pages, D1),
	OK("balloon without hugepages", STV_R_BALLOON_HUGEPAGES, balloon_no_pages),
	FIRES("two balloons", STV_R_DEVICE_COUNT, two_balloons, D2),
	FIRES("two rngs", STV_R_DEVICE_COUNT, two_rngs, D2),
	FIRES("two vsocks", STV_R_DEVICE_COUNT, two_vsocks, D2),
	FIRES("two panic devices", STV_R_DEVICE_COUNT, two_panics, D2),
	FIRES("two virtio-serial", STV_R_DEVICE_COUNT, two_serials, D1),
	OK("one of each", STV_R_DEVICE_COUNT, one_of_each),
	FIRES("two consoles", STV_R_CONSOLE_COUNT, two_consoles, D1),
	FIRES("no console", STV_R_NO_CONSOLE, no_console, L_DEVICES),
	FIRES("no console, no <devices> location", STV_R_NO_CONSOLE, no_console_no_devices, L_DOMAIN),
	FIRES("file console only", STV_R_NO_CONSOLE, file_console, L_DEVICES),
	OK("file console, pty serial port", STV_R_NO_CONSOLE, file_console_pty_serial),
	FIRES("file console, file serial port", STV_R_NO_CONSOLE, file_console_file_serial, L_DEVICES),
	FIRES("host-model", STV_R_CPU_HOST_MODEL, host_model, L_MISC),
	OK("host-passthrough", STV_R_CPU_HOST_MODEL, host_passthrough),
	FIRES("migratable on", STV_R_CPU_MIGRATABLE, migratable_on, L_MISC),
	OK("migratable off", STV_R_CPU_MIGRATABLE, migratable_off),
	OK("topology of 8 for 8", STV_R_TOPOLOGY_VCPUS, topology_8_of_8),
	FIRES("topology of 8 for 4", STV_R_TOPOLOGY_VCPUS, topology_8_of_4, L_MISC + 1),
	OK("topology of 254", STV_R_TOPOLOGY_VCPUS, topology_254),
	FIRES("topology sockets 0", STV_R_TOPOLOGY_VCPUS, topology_sockets_0, L_MISC + 1),
	FIRES("topology cores 255", STV_R_TOPOLOGY_VCPUS, topology_cores_255, L_MISC + 1),
	FIRES("clusters on x86_64", STV_R_TOPOLOGY_LEVEL, topology_clusters_x86, L_MISC + 1),
	OK("dies on x86_64", STV_R_TOPOLOGY_LEVEL, topology_dies_x86),
	OK("6 cores in one socket on x86_64", STV_R_TOPOLOGY_LEVEL, topology_x86_6_cores_1_socket),
	FIRES("3 cores in two sockets on x86_64", STV_R_TOPOLOGY_LEVEL, topology_x86_3_cores_2_sockets, L_MISC + 1),
	FIRES("3 threads in two cores on x86_64", STV_R_TOPOLOGY_LEVEL, topology_x86_3_threads, L_MISC + 1),
	FIRES("dies on aarch64", STV_R_TOPOLOGY_LEVEL, topology_dies_arm, L_MISC + 1),
	OK("clusters on aarch64", STV_R_TOPOLOGY_LEVEL, topology_clusters_arm),
	OK("two sockets on aarch64 with UEFI", STV_R_TOPOLOGY_LEVEL, topology_sockets_arm),
	FIRES("two sockets on aarch64 without UEFI", STV_R_TOPOLOGY_LEVEL, topology_sockets_arm_kernel, L_MISC + 1),
	OK("current 2 of 4 on x86_64", STV_R_VCPU_CURRENT, current_2_of_4),
	OK("current 4 of 4", STV_R_VCPU_CURRENT, current_4_of_4),
	FIRES("current 5 of 4", STV_R_VCPU_CURRENT, current_5_of_4, L_VCPU),
	FIRES("current 0 of 4", STV_R_VCPU_CURRENT, current_0_of_4, L_VCPU),
	FIRES("current 2 of 4 on aarch64", STV_R_VCPU_CURRENT, current_2_of_4_arm, L_VCPU),
	OK("current 4 of 4 on aarch64", STV_R_VCPU_CURRENT, current_4_of_4_arm),
	FIRES("pmu on x86_64", STV_R_FEATURE_ARCH, pmu_x86, L_MISC + 2),
	OK("pmu on aarch64", STV_R_FEATURE_ARCH, pmu_arm),
	OK("sysinfo applied", STV_R_SYSINFO_UNUSED, sysinfo_applied),
	FIRES("sysinfo without smbios mode", STV_R_SYSINFO_UNUSED, sysinfo_no_mode, L_MISC + 3),
	FIRES("sysinfo with smbios mode emulate", STV_R_SYSINFO_UNUSED, sysinfo_emulate, L_MISC + 3),
	OK("sysinfo, smbios mode refused", STV_R_SYSINFO_UNUSED, sysinfo_mode_refused),
	FIRES("smbios mode sysinfo without sysinfo", STV_R_SYSINFO_UNUSED, smbios_mode_alone, L_MISC + 6),
	OK("sysinfo uuid in another case", STV_R_SYSINFO_UUID, sysinfo_uuid_same),
	FIRES("sysinfo uuid differs", STV_R_SYSINFO_UUID, sysinfo_uuid_differs, L_MISC + 5),
	FIRES("sysinfo on aarch64 without UEFI", STV_R_SYSINFO_FIRMWARE, sysinfo_arm_kernel, L_MISC + 6),
	OK("sysinfo on aarch64 with UEFI", STV_R_SYSINFO_FIRMWARE, sysinfo_arm_uefi),
	FIRES("sysinfo unapplied on aarch64 without UEFI", STV_R_SYSINFO_UNUSED, sysinfo_arm_unapplied, L_MISC + 3),
	FIRES("two serial ports", STV_R_SERIAL_COUNT, two_serial_ports, D2),
	OK("one serial port beside a console", STV_R_SERIAL_COUNT, serial_port_pty),
	FIRES("system-serial on x86_64", STV_R_SERIAL_ARCH, serial_port_arm, D1 + 2),
	FIRES("isa-serial with pl011", STV_R_SERIAL_ARCH, serial_port_isa_pl011, D1 + 3),
	FIRES("isa-serial on aarch64", STV_R_SERIAL_ARCH, serial_port_isa_on_arm, D1 + 2),
	OK("isa-serial, arch refused", STV_R_SERIAL_ARCH, serial_port_arch_refused),
	FIRES("serial socket 108", STV_R_PATH_LENGTH, serial_socket_108, D1 + 1),
	FIRES("serial file with ','", STV_R_OPTION_VALUE, serial_path_comma, D1 + 1),
	FIRES("rng 63 bytes", STV_R_RNG_RATE, rng_63, D1 + 1),
	OK("rng 64 bytes", STV_R_RNG_RATE, rng_64),
	OK("rng 1000000000 bytes", STV_R_RNG_RATE, rng_max),
	FIRES("rng 1000000001 bytes", STV_R_RNG_RATE, rng_over, D1 + 1),
	FIRES("rng bytes * 1000 wraps", STV_R_RNG_RATE, rng_wraps, D1 + 1),
	FIRES("rng without period", STV_R_RNG_RATE, rng_no_period, D1 + 1),
	FIRES("vsock cid 2", STV_R_VSOCK_CID, vsock_2, D1 + 1),
	OK("vsock cid 3", STV_R_VSOCK_CID, vsock_3),
	OK("vsock cid 0xfffffffe", STV_R_VSOCK_CID, vsock_max),
	FIRES("vsock cid 0xffffffff", STV_R_VSOCK_CID, vsock_any, D1 + 1),
	OK("hostdev ff:1f.7", STV_R_HOSTDEV_ADDRESS, hostdev_max),
	FIRES("hostdev bus 0x100", STV_R_HOSTDEV_ADDRESS, hostdev_bus_256, D1 + 1),
	FIRES("hostdev slot 32", STV_R_HOSTDEV_ADDRESS, hostdev_slot_32, D1 + 1),
	FIRES("hostdev function 8", STV_R_HOSTDEV_ADDRESS, hostdev_function_8, D1 + 1),
	FIRES("hostdev domain 0x10000", STV_R_HOSTDEV_ADDRESS, hostdev_domain_65536, D1 + 1),
	FIRES("two hostdevs of one function", STV_R_HOSTDEV_DUP, two_hostdevs, D2),
	OK("two functions of one host slot", STV_R_HOSTDEV_DUP, two_functions),
	FIRES_N("two hostdevs out of range: no hostdev-dup", STV_R_HOSTDEV_ADDRESS, two_bad_hostdevs, D1 + 1, 2, 10),
	FIRES("usb ports 0", STV_R_USB_PORTS, usb_ports_0, D1 + 1),
	OK("usb ports 15", STV_R_USB_PORTS, usb_ports_15),
	FIRES("usb ports 16", STV_R_USB_PORTS, usb_ports_16, D1 + 1),
	FIRES("two USB controllers", STV_R_USB_COUNT, two_usb, D2),
	FIRES("two USB tablets", STV_R_USB_COUNT, two_tablets, D3),
	FIRES("two USB keyboards", STV_R_USB_COUNT, two_keyboards, D3),
	OK("a tablet and a keyboard", STV_R_USB_COUNT, tablet_and_keyboard),
	FIRES("a tablet with usb model none", STV_R_USB_NONE, usb_none_tablet, D1),
	FIRES("a USB controller with usb model none", STV_R_USB_NONE, usb_none_controller, D1),
	OK("usb model none alone", STV_R_USB_NONE, usb_none_alone),
	FIRES("vnc port 5899", STV_R_VNC_PORT, vnc_5899, D1 + 1),
	OK("vnc port 5900", STV_R_VNC_PORT, vnc_5900),
	OK("vnc port 65535", STV_R_VNC_PORT, vnc_65535),
	FIRES("vnc port 65536", STV_R_VNC_PORT, vnc_65536, D1 + 1),
	FIRES("vnc port not a number", STV_R_VNC_PORT, vnc_port_text, D1 + 1),
	OK("vnc port -1", STV_R_VNC_PORT, vnc_auto),
	FIRES("vnc autoport, port not a number", STV_R_VNC_PORT, vnc_auto_text, D1 + 1),
	FIRES("vnc listen and <listen address> differ", STV_R_VNC_LISTEN_MISMATCH, vnc_listen_differs, D1 + 3),
	FIRES("vnc on 0.0.0.0", STV_R_VNC_OPEN, vnc_any, D1 + 2),
	OK("vnc on 127.1.2.3", STV_R_VNC_OPEN, vnc_loopback),
	FIRES("vnc without video", STV_R_VNC_NO_VIDEO, vnc_no_video, D1),
	FIRES("vnc with video none", STV_R_VNC_NO_VIDEO, vnc_none_video, D1),
	FIRES("two vnc displays", STV_R_DISPLAY_COUNT, two_vnc, D3),
	FIRES("two videos", STV_R_DISPLAY_COUNT, two_videos, D2),
	FIRES("video heads 0", STV_R_VIDEO_HEADS, video_heads_0, D1 + 1),
	OK("video heads 16", STV_R_VIDEO_HEADS, video_heads_16),
	FIRES("video heads 17", STV_R_VIDEO_HEADS, video_heads_17, D1 + 1),
	OK("virtio video with an address", STV_R_VIDEO_ADDRESS, virtio_video_address),
	FIRES("none video with an address", STV_R_VIDEO_ADDRESS, none_video_address, D1 + 2),
	FIRES("ramfb with an address", STV_R_VIDEO_ADDRESS, ramfb_video_address, D1 + 2),
	FIRES("ramfb on x86_64", STV_R_RAMFB, ramfb_x86, D1 + 1),
	OK("ramfb on aarch64 with UEFI", STV_R_RAMFB, ramfb_uefi),
	FIRES("ramfb on aarch64 without loader", STV_R_RAMFB, ramfb_no_loader, D1 + 1),
	OK("ramfb on aarch64, refused loader", STV_R_RAMFB, ramfb_loader_refused),
	FIRES("io native, cache writeback", STV_R_DISK_AIO, native_writeback, D1 + 3),
	FIRES("io native, cache unsafe", STV_R_DISK_AIO, native_unsafe, D1 + 3),
	OK("io native, cache none", STV_R_DISK_AIO, native_none),
	OK("io native, cache directsync", STV_R_DISK_AIO, native_directsync),
	OK("io native, no cache (O_DIRECT)", STV_R_DISK_AIO, native_default),
	OK("io io_uring, cache writeback", STV_R_DISK_AIO, uring_writeback),
	OK("io threads, cache writeback", STV_R_DISK_AIO, threads_writeback),
	FIRES("cdrom on virtio", STV_R_CDROM_BUS, cdrom_virtio, D1 + 2),
	OK("cdrom on scsi", STV_R_CDROM_BUS, cdrom_scsi),
	OK("scsi disk", STV_R_SCSI_DISK_SETTING, scsi_plain),
	FIRES("scsi disk with iotune", STV_R_SCSI_DISK_SETTING, scsi_iops, D2 + 6),
	FIRES("scsi disk, discard unmap", STV_R_SCSI_DISK_SETTING, scsi_discard_unmap, D2 + 3),
	OK("scsi disk, discard ignore", STV_R_SCSI_DISK_SETTING, scsi_discard_ignore),
	FIRES("scsi disk, detect_zeroes on", STV_R_SCSI_DISK_SETTING, scsi_zeroes_on, D2 + 3),
	OK("scsi disk, detect_zeroes off", STV_R_SCSI_DISK_SETTING, scsi_zeroes_off),
	FIRES("scsi disk with an iothread", STV_R_SCSI_DISK_SETTING, scsi_iothread, D2 + 3),
	FIRES("scsi disk with queues", STV_R_SCSI_DISK_SETTING, scsi_queues, D2 + 3),
	OK("scsi serial 32 bytes", STV_R_DISK_SERIAL, scsi_serial_32),
	FIRES("scsi serial 33 bytes", STV_R_DISK_SERIAL, scsi_serial_33, D2 + 4),
	FIRES("scsi disk at a PCI address", STV_R_DISK_ADDRESS, scsi_pci_address, D2 + 8),
	FIRES("virtio disk at a drive address", STV_R_DISK_ADDRESS, virtio_drive_address, D1 + 9),
	FIRES("scsi disk, no address, no index", STV_R_DRIVE_ADDRESS, scsi_no_address, D2 + 2),
	FIRES("scsi target 256", STV_R_DRIVE_ADDRESS, scsi_target_256, D2 + 9),
	OK("scsi unit 255", STV_R_DRIVE_ADDRESS, scsi_unit_255),
	FIRES("scsi unit 256", STV_R_DRIVE_ADDRESS, scsi_unit_256, D2 + 9),
	FIRES("scsi bus 1", STV_R_DRIVE_ADDRESS, scsi_bus_1, D2 + 9),
	FIRES("drive address twice", STV_R_DRIVE_ADDRESS_DUP, drive_address_dup, D3 + 9),
	OK("drive addresses differ", STV_R_DRIVE_ADDRESS_DUP, drive_address_differ),
	OK("one address on two controllers", STV_R_DRIVE_ADDRESS_DUP, drive_two_controllers),
	FIRES("scsi index twice", STV_R_SCSI_INDEX_DUP, scsi_index_dup, D2),
	OK("scsi indexes differ", STV_R_SCSI_INDEX_DUP, scsi_index_differ),
	OK("scsi controller iothread 1 of 1", STV_R_IOTHREAD_REF, scsi_ctrl_iothread_1),
	FIRES("scsi controller iothread 2 of 1", STV_R_IOTHREAD_REF, scsi_ctrl_iothread_2, D1 + 1),
	OK("scsi controller queues 32", STV_R_DISK_QUEUES, scsi_ctrl_queues_32),
	FIRES("scsi controller queues 33", STV_R_DISK_QUEUES, scsi_ctrl_queues_33, D1 + 1),
	OK("root port index 255", STV_R_ROOT_PORT_RANGE, port_index_255),
	FIRES("root port index 256", STV_R_ROOT_PORT_RANGE, port_index_256, D1),
	OK("root port port 255", STV_R_ROOT_PORT_RANGE, port_port_255),
	FIRES("root port port 256", STV_R_ROOT_PORT_RANGE, port_port_256, D1 + 2),
	FIRES("alias with '.'", STV_R_ALIAS, alias_dot, L_CONSOLE + 1),
	OK("alias of 63", STV_R_ALIAS, alias_63),
	FIRES("alias of 64", STV_R_ALIAS, alias_64, L_CONSOLE + 1),
	FIRES("root port alias with a space", STV_R_ALIAS, port_alias_bad, D1 + 1),
	OK("root port alias pci.1", STV_R_ALIAS, port_alias_libvirt),
	FIRES("alias on a device and a root port", STV_R_ALIAS_DUP, alias_dup_port, D1 + 1),
	OK("aliases differ", STV_R_ALIAS_DUP, alias_differ),
	OK("root port alias beginning with '-'", STV_R_OPTION_VALUE, port_alias_dash),
	OK("root port alias beginning with '-' is no alias finding", STV_R_ALIAS, port_alias_dash),
	FIRES("disk source with ','", STV_R_OPTION_VALUE, disk_source_comma, D1 + 1),
	FIRES("disk serial with '='", STV_R_OPTION_VALUE, disk_serial_equals, D1 + 4),
	FIRES("tap beginning with '-'", STV_R_OPTION_VALUE, tap_dash, D1 + 3),
	FIRES("loader with '='", STV_R_OPTION_VALUE, loader_equals, L_LOADER),
	FIRES("nvram with ','", STV_R_OPTION_VALUE, nvram_comma, L_MISC),
	FIRES("rng backend with ','", STV_R_OPTION_VALUE, rng_comma, D1 + 2),
	FIRES_NO_PTY("console path with ','", STV_R_OPTION_VALUE, console_comma, L_CONSOLE + 1),
	FIRES("runtime dir with ','", STV_R_OPTION_VALUE, rundir_comma, L_DOMAIN),
	FIRES("name beginning with '-'", STV_R_OPTION_VALUE, name_dash, L_NAME),
	FIRES("alias beginning with '-'", STV_R_ALIAS, alias_dash, L_CONSOLE + 1),
	FIRES("initrd with a newline", STV_R_OPTION_VALUE, initrd_newline, L_MISC),
	OK("kernel, initrd, cmdline with ',' '='", STV_R_OPTION_VALUE, kernel_comma),
	OK("title and description with ',' '=' '-'", STV_R_OPTION_VALUE, title_comma),
	OK("kernel path 4096", STV_R_PATH_LENGTH, kernel_4096),
	FIRES("kernel path 4097", STV_R_PATH_LENGTH, kernel_4097, L_KERNEL),
	OK("initrd path 255", STV_R_PATH_LENGTH, initrd_255),
	FIRES("initrd path 256", STV_R_PATH_LENGTH, initrd_256, L_MISC),
	OK_NO_PTY("unix socket 107", STV_R_PATH_LENGTH, unix_107),
	FIRES_NO_PTY("unix socket 108", STV_R_PATH_LENGTH, unix_108, L_CONSOLE + 1),
	OK_NO_PTY("file console 108", STV_R_PATH_LENGTH, file_console_108),
	OK("qmp from an 82-byte name", STV_R_QMP_PATH_LENGTH, qmp_name_82),
	FIRES("qmp from an 83-byte name", STV_R_QMP_PATH_LENGTH, qmp_name_83, L_NAME),
	OK("qmp with a refused name", STV_R_QMP_PATH_LENGTH, qmp_name_refused),
	OK("qmp in a 98-byte dir", STV_R_QMP_PATH_LENGTH, qmp_dir_98),
	FIRES("qmp in a 99-byte dir", STV_R_QMP_PATH_LENGTH, qmp_dir_99, L_DOMAIN),
	FIRES("cmdline with a newline", STV_R_CMDLINE_TEXT, cmdline_newline, L_MISC),
	FIRES("cmdline beginning with '-'", STV_R_CMDLINE_TEXT, cmdline_dash, L_MISC),
	OK("cmdline parameter 255", STV_R_CMDLINE_TEXT, cmdline_param_255),
	FIRES("cmdline parameter 256", STV_R_CMDLINE_TEXT, cmdline_param_256, L_MISC),
	FIRES_N("cmdline two long parameters", STV_R_CMDLINE_TEXT, cmdline_two_long, L_MISC, 2, 0),
};

static void dump(const struct stv_diags *d)
{
	for (size_t i = 0; i < d->n; i++)
		print_message("  %d:%d: [%s] %s\n", d->v[i].pos.line, d->v[i].pos.col,
			      stv_rule_info(d->v[i].rule)->id, d->v[i].message);
}

static bool expected(const struct check_case *tc, const struct stv_diag *g, size_t i)
{
	return g->rule == tc->rule && g->pos.line == tc->line + (int)i * tc->step &&
	       g->pos.col > 0 && g->pos.end_col > g->pos.col && g->message && g->message[0];
}

static void check_fx(struct fx *f, struct stv_diags *d, const bool *disabled)
{
	stv_diags_init(d, "test.xml", disabled);
	d->src = &source;
	stv_check(&f->dom, &f->opt, d);
}

static void run_case(void **state)
{
	const struct check_case *tc = *state;
	struct fx *f = malloc(sizeof(*f));
	struct stv_diags d;
	assert_non_null(f);
	base(f);
	tc->setup(f);
	check_fx(f, &d, NULL);

	size_t got = 0, no_console = 0;
	bool ok = !d.oom;
	for (size_t i = 0; i < d.n; i++) {
		if (tc->no_pty && d.v[i].rule == STV_R_NO_CONSOLE) {
			no_console++;
			continue;
		}
		ok = ok && expected(tc, &d.v[i], got);
		got++;
	}
	ok = ok && got == (size_t)tc->count && no_console == (tc->no_pty ? 1u : 0u);
	if (!ok) {
		print_message("%s: expected %zu finding(s) of %s at line %d%s, got:\n",
			      tc->name, (size_t)tc->count, stv_rule_info(tc->rule)->id, tc->line,
			      tc->no_pty ? " and one no-console" : "");
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

/* --disable=RULE: the rule is not reported (only counted), the others still are. */
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
	check_fx(f, &d, disabled);
	assert_int_equal(d.n, 1);
	assert_int_equal(d.v[0].rule, STV_R_ACPI_REQUIRED);
	assert_int_equal(d.hidden_errors, 1);
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
	check_fx(f, &d, NULL);
	assert_int_equal(d.n, 3);
	assert_string_equal(d.v[0].message, "<vcpu> is 255; StratoVirt accepts 1 to 254");
	assert_string_equal(d.v[1].message,
			    "<memory> is 4 EiB; StratoVirt supports 128 MiB to 512 GiB");
	assert_string_equal(d.v[2].message,
			    "<target dev='vda'> is already used by the disk at line 32");
	stv_diags_free(&d);

	base(f);
	vcpu_huge(f);
	port_port_256(f);
	check_fx(f, &d, NULL);
	assert_int_equal(d.n, 2);
	assert_string_equal(d.v[0].message,
			    "<vcpu> is 18446744073709551615 or more; StratoVirt accepts 1 to 254");
	assert_string_equal(d.v[1].message, "<target port> is 256; StratoVirt accepts 0 to 255");
	assert_string_equal(d.v[1].hint,
			    "PCI bus numbers and StratoVirt's root port numbers are 0 to 255");
	stv_diags_free(&d);
	free(f);
}

/* One finding of rule in d; its message and hint. */
static void assert_one(const struct stv_diags *d, enum stv_rule rule, const char *message,
		       const char *hint)
{
	if (d->n != 1)
		dump(d);
	assert_int_equal(d->n, 1);
	assert_int_equal(d->v[0].rule, rule);
	assert_string_equal(d->v[0].message, message);
	if (hint)
		assert_string_equal(d->v[0].hint, hint);
}

/* The new rules' messages: what to write instead. */
static void test_new_rule_messages(void **state)
{
	(void)state;
	static const struct {
		void (*setup)(struct fx *f);
		enum stv_rule rule;
		const char *message, *hint;
	} want[] = {
		{ machine_pc_q35_8_2, STV_R_ARCH_MACHINE,
		  "<type machine='pc-q35-8.2'> is not supported: StratoVirt's x86_64 machine is 'q35', without a version",
		  "write machine='q35'" },
		{ machine_virt_7_2, STV_R_ARCH_MACHINE,
		  "<type machine='virt-7.2'> is not supported: StratoVirt's aarch64 machine is 'virt', without a version",
		  "write machine='virt'" },
		{ machine_virt_7_2_x86, STV_R_ARCH_MACHINE,
		  "<type machine='virt-7.2'> is not supported on x86_64; supported: q35",
		  "write machine='q35'" },
		{ machine_q35_arm, STV_R_ARCH_MACHINE,
		  "<type machine='q35'> is not supported on aarch64; supported: virt",
		  "write machine='virt'" },
		{ machine_versioned_arch_refused, STV_R_ARCH_MACHINE,
		  "<type machine='pc-q35-8.2'> is not supported: StratoVirt's x86_64 machine is 'q35', without a version",
		  "write machine='q35'" },
		{ machine_pc_no_arch, STV_R_ARCH_MACHINE,
		  "<type machine='pc'> is not supported; supported: q35 (x86_64), virt (aarch64)", NULL },
		{ apic_arm, STV_R_FEATURE_ARCH,
		  "<apic/> is an x86_64 feature; an aarch64 domain has none", NULL },
		{ pae_arm, STV_R_FEATURE_ARCH,
		  "<pae/> is an x86_64 feature; an aarch64 domain has none", NULL },
		{ kernel_no_loader, STV_R_BOOT_FIRMWARE,
		  "an x86_64 <kernel> needs UEFI firmware: StratoVirt starts a q35 guest only "
		  "through a <loader>, and without one the guest never runs", NULL },
		{ name_dash, STV_R_OPTION_VALUE,
		  "<name> '-vm' begins with '-', which StratoVirt takes for an option", NULL },
		{ initrd_newline, STV_R_OPTION_VALUE,
		  "<initrd> contains a line break, which no StratoVirt argument can carry", NULL },
		{ disk_source_comma, STV_R_OPTION_VALUE,
		  "<source file> '/img/a,b.img' contains ',', which StratoVirt's option syntax cannot carry",
		  NULL },
		{ boot_order_256, STV_R_BOOT_ORDER, "<boot order> is 256; StratoVirt accepts 0 to 255",
		  "StratoVirt's bootindex is at most 255" },
		{ boot_order_disk_net, STV_R_BOOT_ORDER,
		  "<boot order='1'> is already used by the device at line 35", NULL },
		{ source_spelled_twice, STV_R_DISK_SOURCE_DUP,
		  "<source file='/img//./a.img'> is also the image of the disk at line 31, and not both "
		  "are read-only (written there as '/img/a.img'; both name /img/a.img)", NULL },
	};
	struct fx *f = malloc(sizeof(*f));
	struct stv_diags d;
	assert_non_null(f);
	for (size_t i = 0; i < N_ELEMS(want); i++) {
		base(f);
		want[i].setup(f);
		check_fx(f, &d, NULL);
		assert_one(&d, want[i].rule, want[i].message, want[i].hint);
		stv_diags_free(&d);
	}

	base(f);
	rootfs_none(f);
	check_fx(f, &d, NULL);
	assert_int_equal(d.n, 2);
	assert_int_equal(d.v[0].rule, STV_R_ROOTFS);
	assert_string_equal(d.v[0].message,
			    "the domain has no disk, no <initrd> and no virtio console: StratoVirt refuses to start it");
	assert_int_equal(d.v[1].rule, STV_R_NO_CONSOLE);
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

/* ---- defaults.c: the implied devices, and what the checks make of them ---- */

static struct stv_str heap_str(const char *s, int line)
{
	struct stv_str v = { strdup(s), false, at(line) };
	assert_non_null(v.s);
	return v;
}

/*
 * The base domain as lowering leaves it, on the heap: no emulator, no
 * lifecycle actions, no currentMemory; a console and, unless told
 * otherwise, no virtio-serial controller.
 */
static struct stv_domain *lowered(enum stv_arch arch, bool with_serial)
{
	struct stv_domain *dom = calloc(1, sizeof(*dom));
	assert_non_null(dom);
	dom->loc = at(L_DOMAIN);
	dom->name = heap_str("vm", L_NAME);
	dom->memory = num(512 * MiB, L_MEMORY);
	dom->vcpus = num(1, L_VCPU);
	dom->os = flag(L_OS);
	dom->arch = choice(arch, L_TYPE);
	dom->machine = heap_str(arch == STV_ARCH_X86_64 ? "q35" : "virt", L_TYPE);
	dom->kernel = heap_str("/boot/vmlinuz", L_KERNEL);
	dom->loader = heap_str("/usr/share/edk2/ovmf/OVMF_CODE.fd", L_LOADER);
	dom->features = flag(L_FEATURES);
	dom->acpi = flag(L_ACPI);
	dom->devices = flag(L_DEVICES);
	if (with_serial)
		assert_non_null(stv_add_device(dom, STV_DEV_SERIAL, at(L_SERIAL)));
	struct stv_device *con = stv_add_device(dom, STV_DEV_CONSOLE, at(L_CONSOLE));
	assert_non_null(con);
	con->u.console.type = choice(STV_CONSOLE_TYPE_PTY, L_CONSOLE);
	con->u.console.target = choice(STV_CONSOLE_TARGET_VIRTIO, L_CONSOLE + 2);
	return dom;
}

static void defaults(struct stv_domain *dom, struct stv_diags *d)
{
	stv_diags_init(d, "test.xml", NULL);
	d->src = &source;
	assert_int_equal(stv_defaults(dom, d), 0);
	assert_false(d->oom);
}

/* The domain defaults.c left passes every check: nothing it implied is reported again. */
static void assert_checks_clean(const struct stv_domain *dom)
{
	struct stv_diags d;
	stv_diags_init(&d, "test.xml", NULL);
	d.src = &source;
	stv_check(dom, NULL, &d);
	if (d.n)
		dump(&d);
	assert_int_equal(d.n, 0);
	stv_diags_free(&d);
}

/* A console without a controller gets one, with a warning at the console. */
static void test_console_serial_added(void **state)
{
	(void)state;
	struct stv_domain *dom = lowered(STV_ARCH_X86_64, false);
	struct stv_diags d;
	defaults(dom, &d);
	assert_int_equal(d.n, 1);
	assert_int_equal(d.v[0].rule, STV_R_CONSOLE_SERIAL_ADDED);
	assert_int_equal(d.v[0].severity, STV_WARNING);
	assert_int_equal(d.v[0].pos.line, L_CONSOLE);
	assert_string_equal(d.v[0].message,
			    "the <console> needs a virtio-serial controller; one was added");
	assert_non_null(d.v[0].hint);
	stv_diags_free(&d);

	assert_int_equal(dom->ndevs, 2);
	const struct stv_device *ser = &dom->devs[1];
	assert_int_equal(ser->kind, STV_DEV_SERIAL);
	assert_true(ser->generated);
	assert_int_equal(line_of(ser->loc), L_CONSOLE);	/* where it was needed */
	assert_true(ser->index.set);
	assert_int_equal(ser->index.v, 0);
	assert_string_equal(ser->id, "virtio-serial0");
	assert_string_equal(dom->devs[0].id, "console0");
	assert_string_equal(dom->devs[0].backend_id, "charconsole0");
	/* the rest of what defaults.c fills in */
	assert_string_equal(dom->emulator.s, "/usr/bin/stratovirt");
	assert_true(stv_is(&dom->on_poweroff, STV_ACTION_DESTROY));
	assert_true(stv_is(&dom->on_reboot, STV_ACTION_RESTART));
	assert_true(stv_is(&dom->on_crash, STV_ACTION_DESTROY));
	assert_true(dom->current_memory.set);
	assert_int_equal(dom->current_memory.v, dom->memory.v);
	assert_true(dom->pcie_root.set);
	assert_false(dom->gic.set);	/* x86_64: no GIC implied */
	assert_checks_clean(dom);
	stv_domain_free(dom);
}

/* A written controller: nothing implied, nothing said. */
static void test_console_serial_given(void **state)
{
	(void)state;
	struct stv_domain *dom = lowered(STV_ARCH_X86_64, true);
	struct stv_diags d;
	defaults(dom, &d);
	if (d.n)
		dump(&d);
	assert_int_equal(d.n, 0);
	stv_diags_free(&d);
	assert_int_equal(dom->ndevs, 2);
	assert_false(dom->devs[0].generated);
	assert_checks_clean(dom);
	stv_domain_free(dom);
}

/* USB inputs with no controller: one nec-xhci, said at the first input; none with model='none'. */
static void test_usb_controller_added(void **state)
{
	(void)state;
	for (int none = 0; none < 2; none++) {
		struct stv_domain *dom = lowered(STV_ARCH_X86_64, true);
		struct stv_diags d;
		if (none)
			dom->usb_none = flag(L_MISC);
		assert_non_null(stv_add_device(dom, STV_DEV_KEYBOARD, at(L_NEW)));
		assert_non_null(stv_add_device(dom, STV_DEV_TABLET, at(L_NEW + 1)));
		defaults(dom, &d);
		if (none) {
			/* usb-none is check.c's: nothing is added */
			assert_int_equal(d.n, 0);
			assert_int_equal(dom->ndevs, 4);
		} else {
			assert_int_equal(d.n, 1);
			assert_int_equal(d.v[0].rule, STV_R_USB_CONTROLLER_ADDED);
			assert_int_equal(d.v[0].pos.line, L_NEW);
			assert_string_equal(d.v[0].message,
					    "the <input> needs a USB controller; one was added");
			assert_int_equal(dom->ndevs, 5);
			const struct stv_device *usb = &dom->devs[4];
			assert_int_equal(usb->kind, STV_DEV_USB);
			assert_true(usb->generated);
			assert_true(stv_is(&usb->u.usb.model, STV_USB_MODEL_NEC_XHCI));
			assert_int_equal(usb->index.v, 0);
			assert_string_equal(usb->id, "usb0");
			/* one prefix for both kinds, as libvirt's input0, input1 */
			assert_string_equal(dom->devs[2].id, "input0");
			assert_string_equal(dom->devs[3].id, "input1");
			assert_checks_clean(dom);
		}
		stv_diags_free(&d);
		stv_domain_free(dom);
	}
}

/*
 * VNC ports as libvirt reads them: no port, -1 or autoport='yes' are
 * chosen at start (written back as -1); a fixed port is display port - 5900;
 * the listen address goes to both places, 127.0.0.1 when none is given.
 */
static void test_vnc_defaults(void **state)
{
	static const struct {
		const char *port;	/* NULL: none */
		int autoport;		/* -1: none, else STV_YESNO_* */
		const char *listen, *address;
		const char *want_port;
		unsigned want_autoport;
		int want_display;	/* -1: chosen at start */
		const char *want_listen;
	} vnc[] = {
		{ NULL, -1, NULL, NULL, "-1", STV_YESNO_YES, -1, "127.0.0.1" },
		{ "-1", STV_YESNO_NO, NULL, NULL, "-1", STV_YESNO_YES, -1, "127.0.0.1" },
		{ "0", STV_YESNO_YES, "0.0.0.0", NULL, "-1", STV_YESNO_YES, -1, "0.0.0.0" },
		{ "5901", -1, NULL, "10.0.0.1", "5901", STV_YESNO_NO, 1, "10.0.0.1" },
		{ "65535", STV_YESNO_NO, "127.0.0.2", "127.0.0.2", "65535", STV_YESNO_NO, 59635, "127.0.0.2" },
		{ "5899", STV_YESNO_NO, NULL, NULL, "5899", STV_YESNO_NO, -1, "127.0.0.1" },
		{ "x", STV_YESNO_YES, NULL, NULL, "x", STV_YESNO_YES, -1, "127.0.0.1" },
	};
	(void)state;
	for (size_t i = 0; i < N_ELEMS(vnc); i++) {
		struct stv_domain *dom = lowered(STV_ARCH_X86_64, true);
		struct stv_device *dev = stv_add_device(dom, STV_DEV_GRAPHICS, at(L_NEW));
		struct stv_diags d;
		assert_non_null(dev);
		struct stv_graphics *g = &dev->u.graphics;
		if (vnc[i].port)
			g->port = heap_str(vnc[i].port, L_NEW + 1);
		if (vnc[i].autoport >= 0)
			g->autoport = choice((unsigned)vnc[i].autoport, L_NEW + 1);
		if (vnc[i].listen)
			g->listen = heap_str(vnc[i].listen, L_NEW + 2);
		if (vnc[i].address)
			g->listen_address = heap_str(vnc[i].address, L_NEW + 3);
		defaults(dom, &d);
		assert_int_equal(d.n, 0);
		stv_diags_free(&d);
		g = &dom->devs[2].u.graphics;
		assert_string_equal(g->port.s, vnc[i].want_port);
		assert_true(stv_is(&g->autoport, vnc[i].want_autoport));
		assert_int_equal(g->display.set, vnc[i].want_display >= 0);
		if (vnc[i].want_display >= 0)
			assert_int_equal(g->display.v, (uint64_t)vnc[i].want_display);
		assert_string_equal(g->listen.s, vnc[i].want_listen);
		assert_string_equal(g->listen_address.s, vnc[i].want_listen);
		stv_domain_free(dom);
	}
}

/* aarch64 without <gic>: version 3, said at <features>, or <os> without it. */
static void test_gic_implied(void **state)
{
	(void)state;
	for (int no_features = 0; no_features < 2; no_features++) {
		struct stv_domain *dom = lowered(STV_ARCH_AARCH64, true);
		struct stv_diags d;
		if (no_features) {
			dom->features = (struct stv_flag){ 0 };
			dom->acpi = (struct stv_flag){ 0 };
		}
		defaults(dom, &d);
		assert_int_equal(d.n, 1);
		assert_int_equal(d.v[0].rule, STV_R_GIC_IMPLIED);
		assert_int_equal(d.v[0].severity, STV_WARNING);
		assert_int_equal(d.v[0].pos.line, no_features ? L_OS : L_FEATURES);
		assert_string_equal(d.v[0].message,
				    "aarch64 domain without <gic>: StratoVirt gives it GIC version 3");
		stv_diags_free(&d);
		assert_true(dom->gic.set);
		assert_true(dom->gic_version.set);
		assert_int_equal(dom->gic_version.v, 3);
		if (no_features) {
			/* only acpi-required, at <os>: the implied GIC is not reported */
			stv_diags_init(&d, "test.xml", NULL);
			d.src = &source;
			stv_check(dom, NULL, &d);
			assert_int_equal(d.n, 1);
			assert_int_equal(d.v[0].rule, STV_R_ACPI_REQUIRED);
			assert_int_equal(d.v[0].pos.line, L_OS);
			stv_diags_free(&d);
		} else {
			assert_checks_clean(dom);
		}
		stv_domain_free(dom);
	}
}

/* A written <gic> is left as written (no version: none implied). */
/* A lowered disk on bus scsi at line L: source L+1, target L+2 (bus on it). */
static struct stv_device *lowered_scsi_disk(struct stv_domain *dom, int line, const char *source_file,
					    const char *target)
{
	struct stv_device *dev = stv_add_device(dom, STV_DEV_DISK, at(line));
	assert_non_null(dev);
	dev->u.disk.source = heap_str(source_file, line + 1);
	dev->u.disk.target = heap_str(target, line + 2);
	dev->u.disk.target_bus = choice(STV_DISK_BUS_SCSI, line + 2);
	return dev;
}

/*
 * SCSI after defaults.c: a controller without an index takes 0; a disk
 * without an address gets libvirt's from its name (sdb: unit 1), a CD-ROM
 * is read-only; a disk on controller 1, which the domain lacks, gets one
 * with scsi-controller-added; ids as libvirt's.
 */
static void test_scsi_controller_added(void **state)
{
	(void)state;
	struct stv_domain *dom = lowered(STV_ARCH_X86_64, true);
	struct stv_diags d;
	assert_non_null(stv_add_device(dom, STV_DEV_SCSI, at(D1)));
	struct stv_device *disk = lowered_scsi_disk(dom, D2, "/a.img", "sda");
	disk->u.disk.drive = flag(D2 + 9);
	disk->u.disk.drive_controller = num(1, D2 + 9);
	disk->u.disk.drive_unit = num(3, D2 + 9);
	disk = lowered_scsi_disk(dom, D3, "/b.iso", "sdb");
	disk->u.disk.device = choice(STV_DISK_DEVICE_CDROM, D3);
	defaults(dom, &d);
	assert_int_equal(d.n, 1);
	assert_int_equal(d.v[0].rule, STV_R_SCSI_CONTROLLER_ADDED);
	assert_int_equal(d.v[0].severity, STV_WARNING);
	assert_int_equal(d.v[0].pos.line, D2);
	assert_string_equal(d.v[0].message,
			    "the SCSI disk needs SCSI controller index 1; a virtio-scsi controller was added");
	stv_diags_free(&d);

	assert_int_equal(dom->ndevs, 6);
	const struct stv_device *ctrl = &dom->devs[2], *added = &dom->devs[5];
	const struct stv_disk *a = &dom->devs[3].u.disk, *b = &dom->devs[4].u.disk;
	assert_int_equal(ctrl->index.v, 0);
	assert_string_equal(ctrl->id, "scsi0");
	assert_int_equal(added->kind, STV_DEV_SCSI);
	assert_true(added->generated);
	assert_int_equal(added->index.v, 1);
	assert_string_equal(added->id, "scsi1");
	assert_true(a->drive_bus.set && a->drive_target.set);	/* written ones: 0 when left out */
	assert_int_equal(a->drive_target.v, 0);
	assert_string_equal(dom->devs[3].id, "scsi1-0-0-3");
	assert_string_equal(dom->devs[3].backend_id, "drive-scsi1-0-0-3");
	assert_true(b->drive.set);
	assert_int_equal(b->drive_controller.v, 0);
	assert_int_equal(b->drive_unit.v, 1);
	assert_int_equal(line_of(b->drive.loc), D3 + 2);	/* derived from the target */
	assert_true(b->readonly.set);
	assert_true(stv_is(&b->source_type, STV_DISK_TYPE_FILE));
	assert_string_equal(dom->devs[4].id, "scsi0-0-0-1");
	assert_false(stv_dev_pci(&dom->devs[4]));
	assert_true(stv_rides_on(&dom->devs[4], ctrl));
	assert_false(stv_rides_on(&dom->devs[4], added));
	assert_true(stv_rides_on(&dom->devs[3], added));
	assert_checks_clean(dom);
	stv_domain_free(dom);
}

/* libvirt's 7 units per controller: sdh (index 7) is controller 1, unit 0. */
static void test_scsi_eighth_disk(void **state)
{
	(void)state;
	struct stv_domain *dom = lowered(STV_ARCH_X86_64, true);
	struct stv_diags d;
	struct stv_device *ctrl = stv_add_device(dom, STV_DEV_SCSI, at(D1));
	assert_non_null(ctrl);
	ctrl->index = num(1, D1);
	lowered_scsi_disk(dom, D2, "/h.img", "sdh");
	defaults(dom, &d);
	assert_int_equal(d.n, 0);
	stv_diags_free(&d);
	const struct stv_disk *h = &dom->devs[3].u.disk;
	assert_int_equal(h->drive_controller.v, 1);
	assert_int_equal(h->drive_unit.v, 0);
	assert_string_equal(dom->devs[3].id, "scsi1-0-0-0");
	assert_string_equal(dom->devs[2].id, "scsi1");
	assert_checks_clean(dom);
	stv_domain_free(dom);
}

static void test_gic_written(void **state)
{
	(void)state;
	struct stv_domain *dom = lowered(STV_ARCH_AARCH64, true);
	struct stv_diags d;
	dom->gic = flag(L_GIC);
	defaults(dom, &d);
	assert_int_equal(d.n, 0);
	stv_diags_free(&d);
	assert_false(dom->gic_version.set);
	assert_int_equal(line_of(dom->gic.loc), L_GIC);
	assert_checks_clean(dom);
	stv_domain_free(dom);
}

/* The lowered domain's console made serial (no target: libvirt's rule), and a disk for rootfs. */
static struct stv_domain *serial_console(enum stv_arch arch)
{
	struct stv_domain *dom = lowered(arch, false);
	dom->devs[0].u.console.target = (struct stv_choice){ 0 };
	struct stv_device *disk = stv_add_device(dom, STV_DEV_DISK, at(L_NEW));
	assert_non_null(disk);
	disk->u.disk.source = heap_str("/a.img", L_NEW + 1);
	disk->u.disk.target = heap_str("vda", L_NEW + 2);
	if (arch == STV_ARCH_AARCH64)
		dom->gic = flag(L_GIC);
	return dom;
}

/* Alone, a serial console is the serial port, with the arch's target and model. */
static void test_serial_console_alone(void **state)
{
	(void)state;
	for (int arm = 0; arm < 2; arm++) {
		struct stv_domain *dom = serial_console(arm ? STV_ARCH_AARCH64 : STV_ARCH_X86_64);
		struct stv_diags d;
		defaults(dom, &d);
		if (d.n)
			dump(&d);
		assert_int_equal(d.n, 0);	/* no virtio-serial controller implied */
		stv_diags_free(&d);
		assert_int_equal(dom->ndevs, 2);
		const struct stv_serial_port *p = &dom->devs[0].u.serial_port;
		assert_int_equal(dom->devs[0].kind, STV_DEV_SERIAL_PORT);
		assert_true(stv_is(&p->type, STV_CONSOLE_TYPE_PTY));
		assert_true(stv_is(&p->target, arm ? STV_SERIAL_TARGET_SYSTEM_SERIAL
						   : STV_SERIAL_TARGET_ISA_SERIAL));
		assert_true(stv_is(&p->model, arm ? STV_SERIAL_MODEL_PL011 : STV_SERIAL_MODEL_ISA_SERIAL));
		assert_string_equal(dom->devs[0].id, "serial0");
		assert_null(dom->devs[0].backend_id);
		assert_checks_clean(dom);
		stv_domain_free(dom);
	}
}

/* Beside a <serial>, it is that serial and goes; a second one is a second port. */
static void test_serial_console_beside(void **state)
{
	(void)state;
	for (int differs = 0; differs < 2; differs++) {
		struct stv_domain *dom = serial_console(STV_ARCH_X86_64);
		struct stv_device *port = stv_add_device(dom, STV_DEV_SERIAL_PORT, at(L_NEW + 10));
		assert_non_null(port);
		port->u.serial_port.type = choice(differs ? STV_CONSOLE_TYPE_FILE : STV_CONSOLE_TYPE_PTY,
						  L_NEW + 10);
		if (differs)
			port->u.serial_port.path = heap_str("/var/log/serial.log", L_NEW + 11);
		struct stv_diags d;
		defaults(dom, &d);
		assert_int_equal(d.n, (size_t)differs);
		if (differs) {
			assert_int_equal(d.v[0].rule, STV_R_SERIAL_CONSOLE_DIFFERS);
			assert_int_equal(d.v[0].severity, STV_WARNING);
			assert_int_equal(d.v[0].pos.line, L_CONSOLE);
			assert_string_equal(d.v[0].message,
					    "this serial <console> is the <serial> at line 40, but its type or path differ; "
					    "the <serial>'s are used, as libvirt does");
		}
		stv_diags_free(&d);
		assert_int_equal(dom->ndevs, 2);	/* the disk and the serial port */
		assert_int_equal(dom->devs[1].kind, STV_DEV_SERIAL_PORT);
		assert_true(stv_is(&dom->devs[1].u.serial_port.type,
				   differs ? STV_CONSOLE_TYPE_FILE : STV_CONSOLE_TYPE_PTY));
		stv_domain_free(dom);
	}

	struct stv_domain *dom = serial_console(STV_ARCH_X86_64);
	struct stv_device *con = stv_add_device(dom, STV_DEV_CONSOLE, at(L_NEW + 10));
	assert_non_null(con);
	con->u.console.type = choice(STV_CONSOLE_TYPE_PTY, L_NEW + 10);
	con->u.console.target = choice(STV_CONSOLE_TARGET_SERIAL, L_NEW + 11);
	struct stv_diags d;
	defaults(dom, &d);
	assert_int_equal(d.n, 0);
	stv_diags_free(&d);
	assert_int_equal(dom->devs[0].kind, STV_DEV_SERIAL_PORT);
	assert_int_equal(dom->devs[2].kind, STV_DEV_SERIAL_PORT);
	stv_diags_init(&d, "test.xml", NULL);
	d.src = &source;
	stv_check(dom, NULL, &d);
	assert_int_equal(d.n, 1);
	assert_int_equal(d.v[0].rule, STV_R_SERIAL_COUNT);
	assert_int_equal(d.v[0].pos.line, L_NEW + 10);
	stv_diags_free(&d);
	stv_domain_free(dom);
}

int main(void)
{
	source_init();
	static const struct CMUnitTest extra[] = {
		{ "every CHECK rule fires", test_every_rule_fires, NULL, NULL, NULL },
		{ "disabled rule", test_disabled, NULL, NULL, NULL },
		{ "messages", test_messages, NULL, NULL, NULL },
		{ "new rules' messages", test_new_rule_messages, NULL, NULL, NULL },
		{ "runtime dir", test_runtime_dir, NULL, NULL, NULL },
		{ "defaults: console-serial-added", test_console_serial_added, NULL, NULL, NULL },
		{ "defaults: virtio-serial written", test_console_serial_given, NULL, NULL, NULL },
		{ "defaults: gic-implied", test_gic_implied, NULL, NULL, NULL },
		{ "defaults: gic written", test_gic_written, NULL, NULL, NULL },
		{ "defaults: usb-controller-added", test_usb_controller_added, NULL, NULL, NULL },
		{ "defaults: vnc ports and listen", test_vnc_defaults, NULL, NULL, NULL },
		{ "defaults: scsi-controller-added", test_scsi_controller_added, NULL, NULL, NULL },
		{ "defaults: scsi, 7 units per controller", test_scsi_eighth_disk, NULL, NULL, NULL },
		{ "defaults: serial console alone", test_serial_console_alone, NULL, NULL, NULL },
		{ "defaults: serial console beside a serial", test_serial_console_beside, NULL, NULL, NULL },
	};
	struct CMUnitTest tests[N_ELEMS(cases) + N_ELEMS(extra)];
	size_t n = 0;
	for (size_t i = 0; i < N_ELEMS(cases); i++)
		tests[n++] = (struct CMUnitTest){
			.name = cases[i].name,
			.test_func = run_case,
			.initial_state = (void *)&cases[i],
		};
	for (size_t i = 0; i < N_ELEMS(extra); i++)
		tests[n++] = extra[i];
	return cmocka_run_group_tests_name("check", tests, NULL, NULL);
}
