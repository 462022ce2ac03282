/*
 * The StratoVirt command line: the one place that decides it
 * (argv-mapping.md, "Order and mapping").  Every emitter that starts the
 * emulator prints the list built here.  Keys are the ones StratoVirt 2.3 to
 * 2.5 all accept, from their parsers (the files of machine_manager/src/config and
 * the devices' clap structs at each tag).
 *
 * Order: the emulator, -name, -machine, -cpu, -smp, -m, -mem-path, -smbios, the
 * boot files, pflash, iothreads, -qmp, the root ports by index, then every
 * other PCI device by address (bus in realization order, slot, function),
 * each one's backend just before it and the devices that ride on it
 * (devices.def PARENT) just after, then what is on no bus (-serial, -vnc,
 * ramfb) in document order.
 *
 * A value StratoVirt's parser would misread (a ',' or '=' in a list item,
 * a leading '-', a newline) is check.c's option-value rule, raised with
 * its location before anything is emitted.  Meeting one here is a bug in
 * the rules, not in the document: the command line is refused (-1) with
 * no finding, never emitted meaning something else.
 */
#include <stddef.h>
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
	/* the devices that ride on another (devices.def PARENT), document order */
	const struct stv_device **riders;
	size_t nriders;
	int rc;			/* -1 once anything was refused or out of memory */
};

/* ---- the list ---- */

static void push_owned(struct builder *b, char *s)
{
	if (!s) {
		b->rc = -1;
		return;
	}
	if (b->out->n == b->out->cap) {
		size_t cap = b->out->cap ? b->out->cap * 2 : 64;
		char **v = realloc(b->out->v, cap * sizeof *v);
		if (!v) {
			free(s);
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

bool stv_net_vhost(const struct stv_net *net)
{
	return !stv_is(&net->driver, STV_NET_DRIVER_QEMU);
}

bool stv_net_on_bridge(const struct stv_net *net)
{
	return stv_is(&net->type, STV_NET_TYPE_BRIDGE);
}

bool stv_net_tap_owned(const struct stv_net *net)
{
	return !stv_is(&net->managed, STV_YESNO_NO);
}

const char *stv_hostdev_name(const struct stv_hostdev *h, char buf[static STV_HOSTDEV_NAME_MAX])
{
	/* the ranges are hostdev-address's; the masks only bound the width */
	snprintf(buf, STV_HOSTDEV_NAME_MAX, "%04x:%02x:%02x.%x",
		 (unsigned)(h->host_domain.v & 0xffff), (unsigned)(h->host_bus.v & 0xff),
		 (unsigned)(h->host_slot.v & 0x1f), (unsigned)(h->host_function.v & 7));
	return buf;
}

/* ---- values StratoVirt would misread: option-value's, asserted ---- */

static bool word_ok(const char *v)
{
	return v[0] != '-' && !strchr(v, '\n');
}

static bool item_ok(const char *v)
{
	return word_ok(v) && !strpbrk(v, ",=");
}

/* An option word and its value, e.g. "-kernel" PATH. */
static void push_pair(struct builder *b, const char *option, const char *v)
{
	if (!word_ok(v)) {
		b->rc = -1;
		return;
	}
	push(b, option);
	push(b, v);
}

/* ---- key=value lists ---- */

static void kv(struct builder *b, struct stv_buf *o, const char *key, const char *v)
{
	if (!item_ok(v)) {
		b->rc = -1;
		return;
	}
	stv_buf_putc(o, ',');
	stv_buf_puts(o, key);
	stv_buf_putc(o, '=');
	stv_buf_puts(o, v);
}

static void kv_u(struct stv_buf *o, const char *key, uint64_t v)
{
	stv_buf_putc(o, ',');
	stv_buf_puts(o, key);
	stv_buf_putc(o, '=');
	stv_buf_put_u64(o, v);
}

/* Ends a list: pushes "OPTION" and the list, and empties the buffer. */
static void push_list(struct builder *b, const char *option, struct stv_buf *o)
{
	if (o->oom || !o->p) {
		b->rc = -1;
	} else {
		push(b, option);
		push_owned(b, o->p);
		o->p = NULL;
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
			return stv_asprintf("/dev/hugepages%llu%c",
					    (unsigned long long)(size / units[i].mult), units[i].unit);
	return stv_asprintf("/dev/hugepages%llu", (unsigned long long)size);
}

static void push_u64(struct builder *b, const char *option, uint64_t v)
{
	struct stv_buf o = { 0 };
	stv_buf_put_u64(&o, v);
	push(b, option);
	push_owned(b, o.oom ? NULL : o.p);
	if (o.oom)
		stv_buf_free(&o);
}

/*
 * -machine q35|virt[,mem-share=on].  mem-share (machine_config.rs:
 * add_machine at 2.3 and 2.4, an ExBool; MachineCmdConfig at 2.5,
 * parse_bool: on works in all three) maps guest memory shared: a memfd,
 * or the hugetlbfs file of -mem-path (address_space/src/host_mmap.rs
 * create_default_mem).
 */
static void machine_option(struct builder *b)
{
	const struct stv_domain *dom = b->dom;
	struct stv_buf o = { 0 };

	stv_buf_puts(&o, stv_arch_info((enum stv_arch)dom->arch.v)->machine);
	if (stv_is(&dom->memory_access, STV_MEMORY_ACCESS_SHARED))
		stv_buf_puts(&o, ",mem-share=on");
	push_list(b, "-machine", &o);
}

/*
 * -cpu host[,pmu=on|off][,sve=on|off], when <cpu> names a mode or a
 * feature (machine_config.rs: add_cpu_feature at 2.3 takes pmu, at 2.4
 * pmu and sve, 2.5's CpuConfig family "host", pmu and sve; on|off only in
 * all three).  sve needs 2.4 (stv-compile(1)); the model word is "host",
 * the only one 2.5 accepts and one 2.3 and 2.4 ignore.
 */
static void cpu_args(struct builder *b)
{
	const struct stv_cpu *cpu = &b->dom->cpu;
	const struct stv_choice *feature[] = { &cpu->pmu, &cpu->sve };
	const char *key[] = { "pmu", "sve" };
	struct stv_buf o = { 0 };

	if (!cpu->mode.set && !cpu->pmu.set && !cpu->sve.set)
		return;
	stv_buf_puts(&o, "host");
	for (size_t i = 0; i < 2; i++)
		if (feature[i]->set)
			kv(b, &o, key[i], feature[i]->v == STV_CPU_POLICY_REQUIRE ? "on" : "off");
	push_list(b, "-cpu", &o);
}

/*
 * -smp C[,sockets=S,dies=D,clusters=L,cores=K,threads=T][,maxcpus=N]: C
 * vCPUs online of N (machine_config.rs add_cpu at 2.3 and 2.4, SmpConfig
 * at 2.5: the same keys, and sockets * dies * clusters * cores * threads
 * = maxcpus).  Every count is written, never 0: 2.3 and 2.4 refuse 0,
 * 2.5 reads it as "derive it".
 */
static void smp_args(struct builder *b)
{
	const struct stv_domain *dom = b->dom;
	const struct stv_cpu *cpu = &dom->cpu;
	const struct stv_num *count[] = { &cpu->sockets, &cpu->dies, &cpu->clusters, &cpu->cores,
					  &cpu->threads };
	const char *key[] = { "sockets", "dies", "clusters", "cores", "threads" };
	struct stv_buf o = { 0 };

	stv_buf_put_u64(&o, dom->vcpus_current.set ? dom->vcpus_current.v : dom->vcpus.v);
	for (size_t i = 0; cpu->topology.set && i < 5; i++)
		kv_u(&o, key[i], count[i]->v);
	if (cpu->topology.set || dom->vcpus_current.set)
		kv_u(&o, "maxcpus", dom->vcpus.v);
	push_list(b, "-smp", &o);
}

/*
 * The keys of StratoVirt's SMBIOS tables that <sysinfo> fills, by type
 * (machine_manager/src/config/smbios.rs: add_smbios_type0..3 at 2.3 and
 * 2.4, SmbiosType0Config..SmbiosType3Config at 2.5; the same keys).
 */
static const struct {
	unsigned type;
	const char *key;
	size_t off;		/* of the struct stv_str in struct stv_sysinfo */
} smbios_keys[] = {
	{ 0, "vendor", offsetof(struct stv_sysinfo, bios_vendor) },
	{ 0, "version", offsetof(struct stv_sysinfo, bios_version) },
	{ 0, "date", offsetof(struct stv_sysinfo, bios_date) },
	{ 1, "manufacturer", offsetof(struct stv_sysinfo, system_manufacturer) },
	{ 1, "product", offsetof(struct stv_sysinfo, system_product) },
	{ 1, "version", offsetof(struct stv_sysinfo, system_version) },
	{ 1, "serial", offsetof(struct stv_sysinfo, system_serial) },
	{ 1, "sku", offsetof(struct stv_sysinfo, system_sku) },
	{ 1, "family", offsetof(struct stv_sysinfo, system_family) },
	{ 2, "manufacturer", offsetof(struct stv_sysinfo, board_manufacturer) },
	{ 2, "product", offsetof(struct stv_sysinfo, board_product) },
	{ 2, "version", offsetof(struct stv_sysinfo, board_version) },
	{ 2, "serial", offsetof(struct stv_sysinfo, board_serial) },
	{ 2, "asset", offsetof(struct stv_sysinfo, board_asset) },
	{ 2, "location", offsetof(struct stv_sysinfo, board_location) },
	{ 3, "manufacturer", offsetof(struct stv_sysinfo, chassis_manufacturer) },
	{ 3, "version", offsetof(struct stv_sysinfo, chassis_version) },
	{ 3, "serial", offsetof(struct stv_sysinfo, chassis_serial) },
	{ 3, "asset", offsetof(struct stv_sysinfo, chassis_asset) },
	{ 3, "sku", offsetof(struct stv_sysinfo, chassis_sku) },
};

static const struct stv_str *smbios_value(const struct stv_sysinfo *si, size_t i)
{
	return (const struct stv_str *)((const char *)si + smbios_keys[i].off);
}

/*
 * -smbios type=N,KEY=VALUE... for types 0 to 3, each once: StratoVirt
 * refuses a second one of a type ("smbios typeN has been added"), so the
 * <uuid> (the guest's system uuid; StratoVirt ignores -uuid) joins the
 * <sysinfo> system entries in the one type=1.  <sysinfo> counts only with
 * <smbios mode='sysinfo'/>, as in libvirt.
 */
static void smbios_args(struct builder *b)
{
	const struct stv_domain *dom = b->dom;
	bool apply = dom->sysinfo.present.set && stv_is(&dom->smbios_mode, STV_SMBIOS_MODE_SYSINFO);

	for (unsigned type = 0; type <= 3; type++) {
		struct stv_buf o = { 0 };
		stv_buf_printf(&o, "type=%u", type);
		size_t head = o.len;
		for (size_t i = 0; apply && i < sizeof smbios_keys / sizeof smbios_keys[0]; i++) {
			const struct stv_str *v = smbios_value(&dom->sysinfo, i);
			if (smbios_keys[i].type == type && v->s)
				kv(b, &o, smbios_keys[i].key, v->s);
		}
		if (type == 1 && dom->uuid.s)
			kv(b, &o, "uuid", dom->uuid.s);
		if (o.len > head)
			push_list(b, "-smbios", &o);
		else
			stv_buf_free(&o);
	}
}

static void machine_args(struct builder *b)
{
	const struct stv_domain *dom = b->dom;

	if (word_ok(dom->emulator.s))
		push(b, dom->emulator.s);
	else
		b->rc = -1;
	push_pair(b, "-name", dom->name.s);
	machine_option(b);
	cpu_args(b);
	smp_args(b);
	push_u64(b, "-m", dom->memory.v / MIB);
	if (dom->hugepages.set) {
		char *dir = hugepage_dir(b->opt, dom->hugepage_size.set ? dom->hugepage_size.v : 0);
		if (dir)
			push_pair(b, "-mem-path", dir);
		else
			b->rc = -1;
		free(dir);
	}
	smbios_args(b);
}

/* A pflash drive; no id= (2.3 and 2.4 refuse one on if=pflash). */
static void pflash(struct builder *b, const char *file, const char *rest)
{
	struct stv_buf o = { 0 };
	stv_buf_puts(&o, "file=");
	if (item_ok(file))
		stv_buf_puts(&o, file);
	else
		b->rc = -1;
	stv_buf_puts(&o, rest);
	push_list(b, "-drive", &o);
}

static void boot_args(struct builder *b)
{
	const struct stv_domain *dom = b->dom;

	if (dom->kernel.s)
		push_pair(b, "-kernel", dom->kernel.s);
	if (dom->initrd.s)
		push_pair(b, "-initrd", dom->initrd.s);
	if (dom->cmdline.s)
		push_pair(b, "-append", dom->cmdline.s);
	if (dom->loader.s)
		pflash(b, dom->loader.s, ",if=pflash,unit=0,readonly=true");
	if (dom->nvram.s)
		pflash(b, dom->nvram.s, ",if=pflash,unit=1");
}

static void iothread_args(struct builder *b)
{
	for (uint64_t i = 1; b->dom->iothreads.set && i <= b->dom->iothreads.v; i++) {
		struct stv_buf o = { 0 };
		stv_buf_puts(&o, "iothread,id=iothread");
		stv_buf_put_u64(&o, i);
		push(b, "-object");
		push_owned(b, o.oom ? NULL : o.p);
	}
}

/* The chardev class of a console or serial port type. */
static const char *chardev_class(unsigned type)
{
	switch ((enum stv_console_type)type) {
	case STV_CONSOLE_TYPE_PTY: return "pty";
	case STV_CONSOLE_TYPE_FILE: return "file";
	case STV_CONSOLE_TYPE_UNIX: return "socket";
	}
	return "pty";
}

/*
 * What follows a chardev's class and id: the path, and for a socket the
 * two flags a serial or console port's socket must have (chardev realize
 * refuses a client socket there, 2.3 to 2.5).
 */
static void chardev_tail(struct builder *b, struct stv_buf *o, unsigned type,
			 const struct stv_str *path)
{
	if (type == STV_CONSOLE_TYPE_PTY)
		return;
	kv(b, o, "path", path->s);
	if (type == STV_CONSOLE_TYPE_UNIX)
		stv_buf_puts(o, ",server,nowait");
}

/*
 * -serial pty | file,path=P | socket,path=P,server,nowait: the one serial
 * port (config/chardev.rs add_serial, the same at 2.3, 2.4 and 2.5: the
 * value gets ",id=serial_chardev" and is parsed as a -chardev, which is why
 * query-chardev lists a pty serial as serial_chardev).  Never
 * "chardev:ID": -serial is read before any -chardev, so no id is known yet.
 */
static void serial_port_args(struct builder *b, const struct stv_device *dev)
{
	const struct stv_serial_port *k = &dev->u.serial_port;
	struct stv_buf o = { 0 };

	stv_buf_puts(&o, chardev_class(k->type.v));
	chardev_tail(b, &o, k->type.v, &k->path);
	push_list(b, "-serial", &o);
}

static void qmp_args(struct builder *b)
{
	char *dir = stv_runtime_dir(b->dom, b->opt);
	char *path = dir ? stv_asprintf("%s/qmp.sock", dir) : NULL;

	/* qmp-path-length and option-value (--runtime-dir) said why. */
	if (!path || strlen(path) > QMP_PATH_MAX || !item_ok(path)) {
		b->rc = -1;
	} else {
		push(b, "-qmp");
		push_owned(b, stv_asprintf("unix:%s,server,nowait", path));
	}
	free(path);
	free(dir);
}

/* ---- PCI ---- */

/*
 * ",bus=B,addr=0xS[.0xF][,multifunction=on]".  on, not true: 2.4's
 * balloon parser takes on/off only (2.4 machine_manager/src/config/mod.rs
 * parse_bool); every 2.3 to 2.5 device but one takes on.  mf_on NULL: the
 * device has no multifunction key at all.
 */
static void pci_kv(struct builder *b, struct stv_buf *o, const struct stv_pci_addr *a,
		   const char *mf_on)
{
	char bus[16];

	if (!a->present) {
		b->rc = -1;	/* address.c placed every PCI device or said why */
		return;
	}
	stv_buf_puts(o, ",bus=");
	stv_buf_puts(o, stv_bus_name((unsigned)a->bus.v, bus));
	stv_buf_puts(o, ",addr=");
	stv_buf_put_hex(o, a->slot.v, 1);
	if (a->function.v) {
		stv_buf_putc(o, '.');
		stv_buf_put_hex(o, a->function.v, 1);
	}
	if (stv_is(&a->multifunction, STV_ONOFF_ON)) {
		/* mf_on NULL: the device has no such key (address.c refused it) */
		if (!mf_on) {
			b->rc = -1;
			return;
		}
		stv_buf_puts(o, ",multifunction=");
		stv_buf_puts(o, mf_on);
	}
}

static void root_port_args(struct builder *b, const struct stv_device *p)
{
	struct stv_buf o = { 0 };
	stv_buf_puts(&o, "pcie-root-port,id=");
	stv_buf_puts(&o, p->id);
	stv_buf_puts(&o, ",port=");
	stv_buf_put_hex(&o, p->u.root_port.port.v, 1);
	pci_kv(b, &o, &p->addr, "on");
	push_list(b, "-device", &o);
}

/* ---- devices, one function per kind: backend first, then the device ---- */

/* "DRIVER,id=ID" started in o. */
static void device_head(struct builder *b, struct stv_buf *o, const char *driver,
			const struct stv_device *dev)
{
	stv_buf_puts(o, driver);
	kv(b, o, "id", dev->id);
}

/* A backend: "CLASS,id=BACKEND" started in o. */
static void backend_head(struct stv_buf *o, const char *class, const struct stv_device *dev)
{
	stv_buf_puts(o, class);
	stv_buf_puts(o, ",id=");
	stv_buf_puts(o, dev->backend_id);
}

/*
 * -drive if=none (2.3 and 2.4 drive.rs add_block_drive + parse_drive, 2.5
 * DriveConfig): format=qcow2 (raw is the default), aio= from <driver io>
 * (util/src/aio/mod.rs AioEngine: native and io_uring in all three,
 * threads from 2.4; without it StratoVirt takes native with O_DIRECT, off
 * without), detect-zeroes= (WriteZeroesState: off, on, unmap), and for a
 * CD-ROM media=cdrom, which every version parses.
 */
static void drive_args(struct builder *b, const struct stv_device *dev)
{
	const struct stv_disk *k = &dev->u.disk;
	struct stv_buf o = { 0 };

	stv_buf_puts(&o, "id=");
	stv_buf_puts(&o, dev->backend_id);
	kv(b, &o, "file", k->source.s);
	if (stv_is(&k->format, STV_DISK_FORMAT_QCOW2))
		stv_buf_puts(&o, ",format=qcow2");
	if (k->readonly.set)
		stv_buf_puts(&o, ",readonly=true");
	/*
	 * <driver cache>: O_DIRECT on or off, StratoVirt's only cache setting
	 * (stv-compile(1) says what is not exact).  direct is ExBool in 2.3
	 * and 2.4, parse_bool in 2.5: true and false in all three.
	 */
	if (k->cache.set)
		stv_buf_puts(&o, stv_disk_direct(k) ? ",direct=true" : ",direct=false");
	if (k->io.set)
		kv(b, &o, "aio", stv_disk_io_names[k->io.v]);
	if (k->iops.set)
		kv_u(&o, "throttling.iops-total", k->iops.v);
	if (k->discard.set)
		kv(b, &o, "discard", stv_discard_names[k->discard.v]);
	if (k->detect_zeroes.set)
		kv(b, &o, "detect-zeroes", stv_detect_zeroes_names[k->detect_zeroes.v]);
	if (stv_is(&k->device, STV_DISK_DEVICE_CDROM))
		stv_buf_puts(&o, ",media=cdrom");
	push_list(b, "-drive", &o);
}

static void virtio_blk_args(struct builder *b, const struct stv_device *dev)
{
	const struct stv_disk *k = &dev->u.disk;
	struct stv_buf o = { 0 };

	device_head(b, &o, "virtio-blk-pci", dev);
	stv_buf_puts(&o, ",drive=");
	stv_buf_puts(&o, dev->backend_id);
	pci_kv(b, &o, &dev->addr, "on");
	if (k->iothread.set) {
		stv_buf_puts(&o, ",iothread=iothread");
		stv_buf_put_u64(&o, k->iothread.v);
	}
	if (k->serial.s)
		kv(b, &o, "serial", k->serial.s);
	if (dev->boot_order.set)
		kv_u(&o, "bootindex", dev->boot_order.v);
	if (k->queues.set)
		kv_u(&o, "num-queues", k->queues.v);
	push_list(b, "-device", &o);
}

/* The virtio-scsi controller a SCSI disk rides on, or NULL. */
static const struct stv_device *scsi_controller_of(const struct builder *b,
						   const struct stv_device *disk)
{
	for (size_t i = 0; i < b->dom->ndevs; i++)
		if (stv_rides_on(disk, &b->dom->devs[i]))
			return &b->dom->devs[i];
	return NULL;
}

/*
 * scsi-hd or scsi-cd on CONTROLLER.0 (2.3 and 2.4 machine_manager/src/
 * config/scsi.rs parse_scsi_device, 2.5 devices/src/scsi/disk.rs
 * ScsiDevConfig): scsi-id and lun always, 2.5 requires both.
 */
static void scsi_disk_args(struct builder *b, const struct stv_device *dev)
{
	const struct stv_disk *k = &dev->u.disk;
	const struct stv_device *ctrl = scsi_controller_of(b, dev);
	struct stv_buf o = { 0 };

	if (!ctrl || !k->drive_target.set || !k->drive_unit.set) {
		b->rc = -1;	/* defaults.c and the rules gave every SCSI disk both */
		return;
	}
	device_head(b, &o, stv_is(&k->device, STV_DISK_DEVICE_CDROM) ? "scsi-cd" : "scsi-hd", dev);
	stv_buf_puts(&o, ",bus=");
	stv_buf_puts(&o, ctrl->id);
	stv_buf_puts(&o, ".0");
	kv_u(&o, "scsi-id", k->drive_target.v);
	kv_u(&o, "lun", k->drive_unit.v);
	stv_buf_puts(&o, ",drive=");
	stv_buf_puts(&o, dev->backend_id);
	if (k->serial.s)
		kv(b, &o, "serial", k->serial.s);
	if (dev->boot_order.set)
		kv_u(&o, "bootindex", dev->boot_order.v);
	push_list(b, "-device", &o);
}

static void disk_args(struct builder *b, const struct stv_device *dev)
{
	drive_args(b, dev);
	if (stv_disk_on_scsi(dev))
		scsi_disk_args(b, dev);
	else
		virtio_blk_args(b, dev);
}

static void net_args(struct builder *b, const struct stv_device *dev)
{
	const struct stv_net *k = &dev->u.net;
	struct stv_buf o = { 0 };

	backend_head(&o, "tap", dev);
	kv(b, &o, "ifname", k->tap.s);
	if (stv_net_vhost(k))
		stv_buf_puts(&o, ",vhost=true");
	if (k->queues.set)
		kv_u(&o, "queues", k->queues.v);
	push_list(b, "-netdev", &o);

	device_head(b, &o, "virtio-net-pci", dev);
	stv_buf_puts(&o, ",netdev=");
	stv_buf_puts(&o, dev->backend_id);
	kv(b, &o, "mac", k->mac.s);
	pci_kv(b, &o, &dev->addr, "on");
	if (stv_net_multiqueue(k))
		stv_buf_puts(&o, ",mq=true");
	push_list(b, "-device", &o);
}

static void balloon_args(struct builder *b, const struct stv_device *dev)
{
	const struct stv_choice *deflate = &dev->u.balloon.autodeflate;
	struct stv_buf o = { 0 };

	device_head(b, &o, "virtio-balloon-pci", dev);
	pci_kv(b, &o, &dev->addr, "on");
	/* a plain clap bool in 2.4 and 2.5: true or false only */
	if (deflate->set)
		stv_buf_puts(&o, deflate->v == STV_ONOFF_ON ? ",deflate-on-oom=true"
							     : ",deflate-on-oom=false");
	push_list(b, "-device", &o);
}

static void serial_args(struct builder *b, const struct stv_device *dev)
{
	struct stv_buf o = { 0 };

	/* no max_ports: 2.3 and 2.4 spell it max_ports, 2.5 max-ports; 31 is the default */
	device_head(b, &o, "virtio-serial-pci", dev);
	pci_kv(b, &o, &dev->addr, "on");
	push_list(b, "-device", &o);
}

static void console_args(struct builder *b, const struct stv_device *dev)
{
	const struct stv_console *k = &dev->u.console;
	struct stv_buf o = { 0 };

	backend_head(&o, chardev_class(k->type.v), dev);
	chardev_tail(b, &o, k->type.v, &k->path);
	push_list(b, "-chardev", &o);

	/* nr=0: without it 2.3 gives the console port 1, 2.4 and 2.5 port 0 */
	device_head(b, &o, "virtconsole", dev);
	stv_buf_puts(&o, ",chardev=");
	stv_buf_puts(&o, dev->backend_id);
	stv_buf_puts(&o, ",nr=0");
	push_list(b, "-device", &o);
}

static void rng_args(struct builder *b, const struct stv_device *dev)
{
	const struct stv_rng *k = &dev->u.rng;
	struct stv_buf o = { 0 };

	backend_head(&o, "rng-random", dev);
	kv(b, &o, "filename", k->backend.s);
	push_list(b, "-object", &o);

	device_head(b, &o, "virtio-rng-pci", dev);
	stv_buf_puts(&o, ",rng=");
	stv_buf_puts(&o, dev->backend_id);
	if (k->bytes.set) {
		kv_u(&o, "max-bytes", k->bytes.v);
		kv_u(&o, "period", k->period.v);
	}
	/* 2.5's virtio-rng-pci multifunction is a plain clap bool: true only */
	pci_kv(b, &o, &dev->addr, "true");
	push_list(b, "-device", &o);
}

static void vsock_args(struct builder *b, const struct stv_device *dev)
{
	struct stv_buf o = { 0 };

	device_head(b, &o, "vhost-vsock-pci", dev);
	kv_u(&o, "guest-cid", dev->u.vsock.cid.v);
	pci_kv(b, &o, &dev->addr, "on");
	push_list(b, "-device", &o);
}

/*
 * A host PCI function, by its sysfs name (2.3 to 2.5 open
 * /sys/bus/pci/devices/HOST: machine/src/lib.rs create_vfio_pci_device at
 * 2.3 and 2.4, add_vfio_device at 2.5).  Keys: id, host, bus, addr and
 * multifunction, in all three (2.3/2.4 machine_manager/src/config/vfio.rs
 * parse_vfio, 2.5 vfio/src/vfio_pci.rs VfioConfig); no rombar, romfile or
 * bootindex in any.  2.5 builds it only with the vfio cargo feature.
 */
static void hostdev_args(struct builder *b, const struct stv_device *dev)
{
	char host[STV_HOSTDEV_NAME_MAX];
	struct stv_buf o = { 0 };

	device_head(b, &o, "vfio-pci", dev);
	kv(b, &o, "host", stv_hostdev_name(&dev->u.hostdev, host));
	/* vfio-pci calls init_multifunction: it can be function 0 of a slot */
	pci_kv(b, &o, &dev->addr, "on");
	push_list(b, "-device", &o);
}

/*
 * nec-usb-xhci: id, bus, addr, p2, p3 in 2.3 (machine_manager/src/config/
 * usb.rs parse_xhci), 2.4 and 2.5 (devices/src/usb/xhci/xhci_pci.rs
 * XhciConfig); no multifunction key.  libvirt's ports='N' is p2=N,p3=N.
 */
static void usb_args(struct builder *b, const struct stv_device *dev)
{
	struct stv_buf o = { 0 };

	device_head(b, &o, "nec-usb-xhci", dev);
	pci_kv(b, &o, &dev->addr, NULL);
	if (dev->u.usb.ports.set) {
		kv_u(&o, "p2", dev->u.usb.ports.v);
		kv_u(&o, "p3", dev->u.usb.ports.v);
	}
	push_list(b, "-device", &o);
}

/*
 * usb-tablet and usb-kbd: id (required from 2.4), bus and port, the last
 * two accepted and ignored (2.3 machine_manager/src/config/usb.rs; 2.4,
 * 2.5 devices/src/usb/tablet.rs UsbTabletConfig, keyboard.rs
 * UsbKeyboardConfig): each goes to the first xHCI, emitted before it.
 */
static void usb_input_args(struct builder *b, const struct stv_device *dev, const char *driver)
{
	struct stv_buf o = { 0 };

	device_head(b, &o, driver, dev);
	push_list(b, "-device", &o);
}

/*
 * -vnc IPV4:DISPLAY (2.3, 2.4 machine_manager/src/config/vnc.rs add_vnc,
 * parse_port; 2.5 VncConfig, parse_ip_port; cargo feature vnc).  A display
 * chosen at start is STV_VNC_AUTO_DISPLAY here, for the launcher and the
 * unit to fill in (emit/vnc.c).
 */
static void graphics_args(struct builder *b, const struct stv_device *dev)
{
	const struct stv_graphics *g = &dev->u.graphics;
	struct stv_buf o = { 0 };

	if (!g->listen.s || !item_ok(g->listen.s) || strchr(g->listen.s, ':')) {
		b->rc = -1;	/* vnc-listen said why */
		return;
	}
	stv_buf_puts(&o, g->listen.s);
	stv_buf_putc(&o, ':');
	if (g->display.set)
		stv_buf_put_u64(&o, g->display.v);
	else
		stv_buf_puts(&o, STV_VNC_AUTO_DISPLAY);
	push_list(b, "-vnc", &o);
}

/*
 * virtio-gpu-pci (feature virtio_gpu): id, bus, addr, max_outputs (2.3,
 * 2.4 machine_manager/src/config/gpu.rs parse_gpu; 2.5
 * virtio/src/device/gpu.rs GpuDevConfig, max-outputs with the alias
 * max_outputs); no multifunction key.  ramfb (feature ramfb): id and
 * install (2.3, 2.4 machine_manager/src/config/ramfb.rs; 2.5
 * devices/src/legacy/ramfb.rs RamfbConfig); install=true would press
 * Enter for a Windows installer, so it is never written.
 */
static void video_args(struct builder *b, const struct stv_device *dev)
{
	struct stv_buf o = { 0 };

	switch ((enum stv_video_model)dev->u.video.model.v) {
	case STV_VIDEO_MODEL_VIRTIO:
		device_head(b, &o, "virtio-gpu-pci", dev);
		pci_kv(b, &o, &dev->addr, NULL);
		kv_u(&o, "max_outputs", dev->u.video.heads.v);
		break;
	case STV_VIDEO_MODEL_RAMFB:
		device_head(b, &o, "ramfb", dev);
		break;
	case STV_VIDEO_MODEL_NONE:
		return;
	}
	push_list(b, "-device", &o);
}

/*
 * virtio-scsi-pci (2.3 and 2.4 scsi.rs parse_scsi_controller, 2.5
 * virtio/src/device/scsi_cntlr.rs ScsiCntlrConfig); multifunction is ExBool
 * in 2.3 and 2.4 and parse_bool in 2.5.
 */
static void scsi_args(struct builder *b, const struct stv_device *dev)
{
	const struct stv_scsi *k = &dev->u.scsi;
	struct stv_buf o = { 0 };

	device_head(b, &o, "virtio-scsi-pci", dev);
	pci_kv(b, &o, &dev->addr, "on");
	if (k->iothread.set) {
		stv_buf_puts(&o, ",iothread=iothread");
		stv_buf_put_u64(&o, k->iothread.v);
	}
	if (k->queues.set)
		kv_u(&o, "num-queues", k->queues.v);
	push_list(b, "-device", &o);
}

/*
 * -device pvpanic,id=ID,bus=B,addr=A: 2.4 config/pvpanic_pci.rs
 * parse_pvpanic (id bus addr supported-features), 2.5 PvpanicDevConfig
 * (the same and dumpfile-path).  No multifunction key in either: address.c
 * keeps it off function 0 of a multifunction slot (pci-single-function).
 * supported-features stays the default, 3: panicked and crashloaded.  Not
 * in 2.3; a cargo feature (pvpanic) in 2.4 and 2.5.
 */
static void panic_args(struct builder *b, const struct stv_device *dev)
{
	struct stv_buf o = { 0 };

	device_head(b, &o, "pvpanic", dev);
	pci_kv(b, &o, &dev->addr, NULL);
	push_list(b, "-device", &o);
}

static void device_args(struct builder *b, const struct stv_device *dev);

/* The devices that ride on dev (devices.def PARENT), in document order. */
static void children_args(struct builder *b, const struct stv_device *dev)
{
	for (size_t i = 0; i < b->nriders; i++)
		if (stv_rides_on(b->riders[i], dev))
			device_args(b, b->riders[i]);
}

static void device_args(struct builder *b, const struct stv_device *dev)
{
	switch (dev->kind) {
	case STV_DEV_ROOT_PORT: root_port_args(b, dev); return;
	case STV_DEV_DISK: disk_args(b, dev); return;
	case STV_DEV_NET: net_args(b, dev); return;
	case STV_DEV_BALLOON: balloon_args(b, dev); return;
	case STV_DEV_SERIAL: serial_args(b, dev); return;
	case STV_DEV_CONSOLE: console_args(b, dev); return;
	case STV_DEV_RNG: rng_args(b, dev); return;
	case STV_DEV_VSOCK: vsock_args(b, dev); return;
	case STV_DEV_HOSTDEV: hostdev_args(b, dev); return;
	case STV_DEV_USB: usb_args(b, dev); return;
	case STV_DEV_TABLET: usb_input_args(b, dev, "usb-tablet"); return;
	case STV_DEV_KEYBOARD: usb_input_args(b, dev, "usb-kbd"); return;
	case STV_DEV_GRAPHICS: graphics_args(b, dev); return;
	case STV_DEV_VIDEO: video_args(b, dev); return;
	case STV_DEV_SCSI: scsi_args(b, dev); return;
	case STV_DEV_SERIAL_PORT: serial_port_args(b, dev); return;
	case STV_DEV_PANIC: panic_args(b, dev); return;
	case STV_DEV_KIND_COUNT: return;
	}
}

/*
 * Realization order: root ports by index first (a bus before what sits on
 * it), then pcie.0, then the root ports' buses by index, slot, function;
 * equal ones in document order.
 */
static int cmp_dev(const void *pa, const void *pb)
{
	const struct stv_device *a = *(const struct stv_device *const *)pa;
	const struct stv_device *b = *(const struct stv_device *const *)pb;
	bool pa_port = a->kind == STV_DEV_ROOT_PORT, pb_port = b->kind == STV_DEV_ROOT_PORT;
	if (pa_port != pb_port)
		return pa_port ? -1 : 1;
	const uint64_t ka[3] = { pa_port ? a->index.v : a->addr.bus.v, a->addr.slot.v, a->addr.function.v };
	const uint64_t kb[3] = { pb_port ? b->index.v : b->addr.bus.v, b->addr.slot.v, b->addr.function.v };

	for (int i = 0; i < 3; i++)
		if (ka[i] != kb[i])
			return ka[i] < kb[i] ? -1 : 1;
	return a < b ? -1 : a > b;	/* document order */
}

static void devices_args(struct builder *b)
{
	const struct stv_domain *dom = b->dom;
	const struct stv_device **order = calloc(dom->ndevs + 1, sizeof *order);
	const struct stv_device **busless = calloc(dom->ndevs + 1, sizeof *busless);
	size_t n = 0, nbusless = 0;
	bool rides_on[STV_DEV_KIND_COUNT + 1] = { false };

	b->riders = calloc(dom->ndevs + 1, sizeof *b->riders);
	if (!order || !busless || !b->riders) {
		b->rc = -1;
		goto out;
	}
	for (size_t i = 0; i < dom->ndevs; i++) {
		enum stv_dev_kind parent = stv_dev_parent(&dom->devs[i]);
		if (stv_dev_pci(&dom->devs[i])) {
			order[n++] = &dom->devs[i];
		} else if (parent != STV_DEV_NONE) {
			b->riders[b->nriders++] = &dom->devs[i];
			rides_on[parent] = true;
		} else {
			busless[nbusless++] = &dom->devs[i];
		}
	}
	qsort(order, n, sizeof *order, cmp_dev);
	for (size_t i = 0; i < n; i++) {
		device_args(b, order[i]);
		if (rides_on[order[i]->kind])
			children_args(b, order[i]);
	}
	for (size_t i = 0; i < nbusless; i++)
		device_args(b, busless[i]);
out:
	free(order);
	free(busless);
	free(b->riders);
}

int stv_build_argv(const struct stv_domain *dom, const struct stv_options *opt,
		   struct stv_argv *out)
{
	struct builder b = { .dom = dom, .opt = opt, .out = out, .rc = 0 };

	/* lowering, defaults and the rules guarantee what follows relies on */
	if (dom->refused || !dom->name.s || !dom->emulator.s || !dom->arch.set || !dom->vcpus.set ||
	    !dom->memory.set)
		return -1;
	machine_args(&b);
	boot_args(&b);
	iothread_args(&b);
	qmp_args(&b);
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
			return -1;	/* option-value refused it already */
		stv_buf_puts(out, a);
		stv_buf_putc(out, ctx->nul_separated ? '\0' : '\n');
	}
	return out->oom ? -1 : 0;
}
