/*
 * The IR: what a domain means, with no XML left in it.
 *
 * Pipeline (each stage appends to a struct stv_diags and never prints):
 *   load.h       bytes -> xmlDoc                 (safe libxml2 loading)
 *   structure.h  xmlDoc -> findings + IR         (the subset, walked once;
 *                lower.c keeps what it accepts)
 *   defaults.h   IR -> IR                        (implied controllers, ids,
 *                                                 MACs, taps, defaults)
 *   stv_check    semantic rules on the IR        (check.c)
 *   stv_assign_addresses  PCI layout on the IR   (address.c)
 *   emit/emit.h  IR -> argv, json, xml, script, unit
 *
 * Every value remembers where it came from (struct stv_loc: an offset into
 * the source, turned into a line and column only when reported).  A value
 * the structural pass refused is kept as "refused": present, but with no
 * value, so a rule about it stays silent (it was reported once) and a rule
 * about its presence does not report it missing.  Objects stv creates (root
 * ports, the virtio-serial controller for a console, the USB controller for
 * a USB input, ids, MACs, tap names) are flagged "generated" and carry the
 * location of what caused them.
 */
#ifndef STV_IR_H
#define STV_IR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "diag.h"
#include "subset-enums.h"	/* the schema's choices: enum stv_arch, ... */

/* PCI bus numbers, and StratoVirt's root port port=, are 8-bit. */
#define STV_ROOT_PORT_MAX 255
/* StratoVirt's rng period is fixed (stratovirt-facts.md). */
#define STV_RNG_PERIOD_MS 1000

enum stv_dev_kind {
#define DEVICE(e, what, id, backend, once, pci, parent) STV_DEV_##e,
#include "devices.def"
#undef DEVICE
	STV_DEV_KIND_COUNT,
	STV_DEV_NONE = STV_DEV_KIND_COUNT	/* devices.def: no parent */
};

/* A string; s is NULL when absent or refused. */
struct stv_str {
	char *s;
	bool refused;
	struct stv_loc loc;
};

/* A number; set is false when absent or refused. */
struct stv_num {
	uint64_t v;
	bool set, refused;
	struct stv_loc loc;
};

/* An element that means something by being there (<acpi/>, <readonly/>). */
struct stv_flag {
	bool set;
	struct stv_loc loc;
};

/* One of the schema's choices: v is the constant of its enum. */
struct stv_choice {
	unsigned v;
	bool set, refused;
	struct stv_loc loc;
};

struct stv_pci_addr {
	struct stv_flag written;	/* <address> in the document */
	bool present;			/* written and usable, or assigned */
	struct stv_num domain, bus, slot, function;
	struct stv_choice multifunction;	/* stv_onoff: written, or needed */
	struct stv_loc loc;		/* the <address>, or the device */
};

struct stv_root_port {
	struct stv_num port;		/* <target port>, else computed by address.c */
	struct stv_num chassis;		/* informational; defaults to the index */
};

struct stv_disk {
	struct stv_str source, target, serial;	/* source: <source file> or <source dev> */
	struct stv_flag readonly;		/* written, or implied by a cdrom */
	struct stv_num iothread, iops, queues;
	struct stv_choice discard;	/* stv_discard */
	struct stv_choice source_type;	/* stv_disk_type: <disk type>, file unless written */
	struct stv_choice device;	/* stv_disk_device: disk unless cdrom */
	struct stv_choice target_bus;	/* stv_disk_bus: virtio or scsi */
	struct stv_choice format;	/* stv_disk_format: raw unless written */
	struct stv_choice cache;	/* stv_disk_cache */
	struct stv_choice io;		/* stv_disk_io */
	struct stv_choice detect_zeroes;	/* stv_detect_zeroes */
	/* a SCSI disk's <address type='drive'>: written, or derived (defaults.c) */
	struct stv_flag drive;
	struct stv_num drive_controller, drive_bus, drive_target, drive_unit;
};

/* A virtio-scsi controller: dev.index is its <controller index>. */
struct stv_scsi {
	struct stv_num iothread, queues;
};

struct stv_net {
	struct stv_str mac;		/* "xx:xx:xx:xx:xx:xx", lower case */
	bool mac_generated;
	struct stv_choice type;		/* stv_net_type: bridge, ethernet */
	struct stv_str bridge, tap;	/* bridge: type bridge only */
	bool tap_generated;
	struct stv_choice managed;	/* stv_yesno: ethernet only, yes unless written */
	struct stv_choice driver;	/* stv_net_driver: vhost unless qemu */
	struct stv_num queues;
};

struct stv_balloon {
	struct stv_choice autodeflate;		/* stv_onoff, on <memballoon> */
	struct stv_choice autodeflate_alias;	/* the seed's <alias autodeflate> */
};

struct stv_console {
	struct stv_choice type;		/* stv_console_type */
	struct stv_str path;		/* file and unix */
	/*
	 * stv_console_target: virtio, or serial.  A serial one (or one with
	 * no target, libvirt's rule) is the serial port: defaults.c turns it
	 * into the SERIAL_PORT device, or drops it for the <serial> it
	 * stands beside, so no CONSOLE device after defaults is serial.
	 */
	struct stv_choice target;
};

struct stv_rng {
	struct stv_str backend;
	struct stv_num bytes, period;
};

struct stv_vsock {
	struct stv_num cid;
};

/* A host PCI function passed through with VFIO (<hostdev type='pci'>). */
struct stv_hostdev {
	struct stv_choice managed;	/* stv_yesno: no unless written, as libvirt */
	struct stv_num host_domain, host_bus, host_slot, host_function;	/* on the host */
};

struct stv_usb {
	struct stv_choice model;	/* stv_usb_model: both are StratoVirt's NEC xHCI */
	struct stv_num ports;		/* <controller ports>: p2= and p3= */
};

/*
 * <graphics type='vnc'>: -vnc LISTEN:DISPLAY.  port and autoport as
 * written; defaults.c resolves them as libvirt does (no port, port -1 or
 * autoport='yes': chosen at start) into autoport and display, and fills
 * both listen addresses from either (127.0.0.1 when neither is given).
 */
struct stv_graphics {
	struct stv_str port;		/* "-1" or a TCP port, as written */
	struct stv_choice autoport;	/* stv_yesno */
	struct stv_str listen;		/* <graphics listen> */
	struct stv_str listen_address;	/* <listen type='address' address> */
	struct stv_num display;		/* port - 5900; unset when chosen at start */
};

struct stv_video {
	struct stv_choice model;	/* stv_video_model */
	struct stv_num heads;		/* virtio: max_outputs= */
};

/* The one serial port, -serial: a 16550 (x86_64) or a PL011 (aarch64). */
struct stv_serial_port {
	struct stv_choice type;		/* stv_console_type: pty, file, unix */
	struct stv_str path;		/* file and unix */
	struct stv_choice target;	/* stv_serial_target; the arch's by default */
	struct stv_choice model;	/* stv_serial_model; the target's by default */
};

struct stv_device {
	enum stv_dev_kind kind;
	unsigned kind_index;		/* K: devices of this kind, document order */
	struct stv_str alias;		/* <alias name> */
	char *id;			/* device id: alias or generated (defaults.c) */
	char *backend_id;		/* -drive/-netdev/-chardev/-object id, or NULL */
	struct stv_num index;		/* controllers: <controller index> */
	struct stv_num boot_order;	/* <boot order> */
	struct stv_pci_addr addr;	/* devices.def PCI kinds only */
	bool generated;			/* created by stv, not in the document */
	size_t refused;			/* values of it the structural pass refused */
	struct stv_loc loc;
	union {				/* named after the kinds of devices.def */
		struct stv_root_port root_port;
		struct stv_disk disk;
		struct stv_net net;
		struct stv_balloon balloon;
		struct stv_console console;
		struct stv_rng rng;
		struct stv_vsock vsock;
		struct stv_hostdev hostdev;
		struct stv_usb usb;
		struct stv_graphics graphics;
		struct stv_video video;
		struct stv_scsi scsi;
		struct stv_serial_port serial_port;
	} u;
};

/* <cpu>: StratoVirt has one CPU model, the host's (-cpu host). */
struct stv_cpu {
	struct stv_flag present;
	struct stv_choice mode;		/* stv_cpu_mode; absent: the hypervisor's, the host's */
	struct stv_choice migratable;	/* stv_onoff */
	struct stv_flag topology;
	struct stv_num sockets, dies, clusters, cores, threads;	/* dies, clusters: 1 by default */
	struct stv_flag pmu_feature, sve_feature;	/* <feature name='pmu'>, 'sve' */
	struct stv_choice pmu, sve;	/* stv_cpu_policy: on (require, the default) or off */
};

/*
 * <sysinfo type='smbios'>: the entries of SMBIOS types 0 (bios), 1
 * (system), 2 (baseBoard) and 3 (chassis) that StratoVirt's -smbios takes.
 * A system uuid is the domain's <uuid> (defaults.c, as libvirt).
 */
struct stv_sysinfo {
	struct stv_flag present;
	struct stv_str bios_vendor, bios_version, bios_date;
	struct stv_str system_manufacturer, system_product, system_version, system_serial,
		system_uuid, system_sku, system_family;
	struct stv_str board_manufacturer, board_product, board_version, board_serial,
		board_asset, board_location;
	struct stv_str chassis_manufacturer, chassis_version, chassis_serial, chassis_asset,
		chassis_sku;
};

struct stv_domain {
	struct stv_str name, uuid, title, description;
	struct stv_choice arch;		/* stv_arch */
	struct stv_str machine;
	struct stv_num vcpus;		/* the maximum */
	struct stv_num vcpus_current;	/* <vcpu current>: online at start */
	struct stv_cpu cpu;
	struct stv_num memory;		/* bytes */
	struct stv_num current_memory;	/* bytes */
	struct stv_flag hugepages;
	struct stv_num hugepage_size;	/* bytes; unset = host default */
	struct stv_choice memory_source;	/* stv_memory_source: anonymous, memfd */
	struct stv_choice memory_access;	/* stv_memory_access: shared is mem-share=on */
	struct stv_str kernel, initrd, cmdline, loader, nvram, emulator;
	struct stv_str nvram_template;	/* copied to nvram when that is missing */
	struct stv_choice smbios_mode;	/* stv_smbios_mode: <os><smbios mode> */
	struct stv_sysinfo sysinfo;
	struct stv_num iothreads;
	struct stv_choice on_poweroff, on_reboot, on_crash;	/* stv_action */
	struct stv_flag os, features, devices;	/* the containers, for locations */
	struct stv_flag acpi, apic, pae, gic;
	struct stv_num gic_version;
	struct stv_flag pcie_root;	/* <controller model='pcie-root'/> */
	struct stv_flag usb_none;	/* <controller type='usb' model='none'/>: no USB */
	struct stv_loc loc;		/* <domain> */
	struct stv_device *devs;	/* document order; stv's own at the end */
	size_t ndevs;
	/*
	 * What the structural pass refused: values and elements that lowering
	 * could not keep.  Never emitted, even when --disable hides why.
	 */
	size_t refused;
	/* buses whose controller was refused; any of them when its index is unknown */
	bool refused_bus[STV_ROOT_PORT_MAX + 1];
	bool buses_unknown;
};

/* Compile-time settings that change the argv, from the command line. */
struct stv_hugepage_dir {
	uint64_t size;			/* page size in bytes */
	const char *dir;		/* a hugetlbfs mount of that size */
};

struct stv_options {
	const char *runtime_dir;	/* NULL: /run/stratovirt/<name> */
	struct stv_hugepage_dir hugepages[8];	/* --hugepages-dir SIZE:DIR */
	size_t nhugepages;
};

/* What devices.def says of a kind. */
struct stv_kind_info {
	const char *what;		/* "disk", "virtio-serial controller" */
	const char *id_prefix;
	const char *backend_prefix;	/* NULL: no backend */
	int once_rule;			/* enum stv_rule, or -1: any number */
	bool pci;
	enum stv_dev_kind parent;	/* STV_DEV_NONE: none */
};
const struct stv_kind_info *stv_kind_info(enum stv_dev_kind kind);

/* What arches.def says of an architecture. */
struct stv_arch_info {
	const char *machine;		/* q35, virt */
	const char *versioned_prefix;	/* pc-q35-, virt- */
	int lpc_slot;			/* -1: none */
	const uint64_t *pages;		/* hugepage sizes, 0-terminated */
};
const struct stv_arch_info *stv_arch_info(enum stv_arch arch);

/* The XML word of a choice's code, from the schema. */
const char *stv_arch_name(enum stv_arch arch);		/* x86_64, aarch64 */
const char *stv_action_name(enum stv_action action);	/* destroy, restart */

/* The choice holds this code (set, not refused). */
bool stv_is(const struct stv_choice *c, unsigned code);
/* Written in the document, usable or not. */
bool stv_str_given(const struct stv_str *s);
bool stv_num_given(const struct stv_num *n);

/* The device's PCI kinds (devices.def): whether it has an address. */
bool stv_dev_pci(const struct stv_device *dev);
/* A disk on bus scsi: it rides on a virtio-scsi controller, not on PCI. */
bool stv_disk_on_scsi(const struct stv_device *dev);
/*
 * The disk is opened with O_DIRECT: StratoVirt's default, and <driver
 * cache> none or directsync; writeback, writethrough and unsafe use the
 * host page cache (StratoVirt has no other cache modes).
 */
bool stv_disk_direct(const struct stv_disk *disk);
/* The kind of device dev rides on (devices.def PARENT), or STV_DEV_NONE. */
enum stv_dev_kind stv_dev_parent(const struct stv_device *dev);
/* rider rides on parent: its kind's parent, and for a SCSI disk the controller its address names. */
bool stv_rides_on(const struct stv_device *rider, const struct stv_device *parent);

/* Room for one more device at the end of dom->devs; NULL when out of memory. */
struct stv_device *stv_add_device(struct stv_domain *dom, enum stv_dev_kind kind,
				  struct stv_loc loc);
/* Takes device i out of dom->devs, freeing what it owns; the rest move down. */
void stv_remove_device(struct stv_domain *dom, size_t i);
void stv_domain_free(struct stv_domain *dom);

/* Runs every CHECK rule of rules.def over the IR, in table order. */
void stv_check(const struct stv_domain *dom, const struct stv_options *opt,
	       struct stv_diags *d);

/*
 * Checks explicit addresses, then places root ports and devices that have
 * none (argv-mapping.md), creating root ports as needed.  Deterministic.
 * Returns -1 when the layout is impossible (reported as pci-layout).
 */
int stv_assign_addresses(struct stv_domain *dom, struct stv_diags *d);

/* "pcie.0" or "pcie.<index>" into buf. */
const char *stv_bus_name(unsigned bus, char buf[static 16]);

/* QMP socket path and runtime directory, as the argv and emitters use them. */
char *stv_runtime_dir(const struct stv_domain *dom, const struct stv_options *opt);

#endif
