/*
 * The IR: what a checked domain means, with no XML left in it.
 *
 * Pipeline (each stage appends to a struct stv_diags and never prints):
 *   compiler/load.h      bytes -> xmlDoc            (safe libxml2 loading)
 *   validate/structure.h xmlDoc -> findings         (the supported subset)
 *   stv_lower            xmlDoc -> struct stv_domain
 *   stv_check            semantic rules on the IR   (compiler/check.c)
 *   stv_assign_addresses PCI layout on the IR       (compiler/address.c)
 *   emit/emit.h          IR -> argv, json, xml, script, unit
 *
 * Every value remembers where it came from (struct stv_loc) so a rule can
 * point at the element or attribute that broke it.  Objects stv creates
 * (root ports, the virtio-serial controller for a console, ids, MACs, tap
 * names) are flagged "generated" and carry the location of the element that
 * caused them.
 */
#ifndef STV_IR_H
#define STV_IR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "diag.h"

/* PCI bus numbers, and StratoVirt's root port port=, are 8-bit. */
#define STV_ROOT_PORT_MAX 255
/* StratoVirt's rng period is fixed (stratovirt-facts.md). */
#define STV_RNG_PERIOD_MS 1000

enum stv_arch { STV_ARCH_X86_64, STV_ARCH_AARCH64 };

enum stv_action { STV_ACTION_DESTROY, STV_ACTION_RESTART };

/* A string from the document, or NULL. */
struct stv_str {
	char *s;
	struct stv_loc loc;
};

/* A number from the document; set is false when absent or unparsable. */
struct stv_num {
	uint64_t v;
	bool set;
	struct stv_loc loc;
};

struct stv_pci_addr {
	bool present;		/* false until written by the user or assigned */
	bool user;		/* written in the document */
	struct stv_num domain, bus, slot, function;	/* .v valid when present */
	bool multifunction;	/* multifunction='on' written, or needed */
	struct stv_loc loc;	/* the <address> element, or the device */
};

struct stv_root_port {
	unsigned index;		/* controller index: the bus is "pcie.<index>" */
	struct stv_num port;	/* <target port>, else computed by address.c */
	struct stv_str alias;
	struct stv_pci_addr addr;	/* always on pcie.0 */
	bool generated;
	struct stv_loc loc;
};

enum stv_dev_kind {
	STV_DEV_DISK,
	STV_DEV_NET,
	STV_DEV_BALLOON,
	STV_DEV_SERIAL,		/* the virtio-serial controller */
	STV_DEV_CONSOLE,	/* a port of the virtio-serial: no PCI address */
	STV_DEV_RNG,
	STV_DEV_VSOCK,
	STV_DEV_KIND_COUNT
};

enum stv_console_type { STV_CONSOLE_PTY, STV_CONSOLE_FILE, STV_CONSOLE_UNIX };

struct stv_disk {
	struct stv_str source, target, serial;
	bool readonly;
	struct stv_num iothread, boot_order, iops, queues;
};

struct stv_net {
	struct stv_str mac;		/* "xx:xx:xx:xx:xx:xx", lower case */
	bool mac_generated;
	struct stv_str bridge, tap;
	bool tap_generated;
	bool vhost;
	struct stv_num queues;
};

struct stv_balloon {
	int autodeflate;		/* -1 unset, 0 off, 1 on */
	bool autodeflate_on_alias;	/* the seed's <alias autodeflate> form */
};

struct stv_console {
	enum stv_console_type type;
	struct stv_str path;		/* file and unix */
};

struct stv_rng {
	struct stv_str backend;
	struct stv_num bytes, period;
};

struct stv_vsock {
	struct stv_num cid;
};

struct stv_device {
	enum stv_dev_kind kind;
	unsigned kind_index;		/* K: devices of this kind, document order */
	struct stv_str alias;		/* <alias name>, s == NULL when absent */
	char *id;			/* device id: alias or generated */
	char *backend_id;		/* -drive/-netdev/-chardev/-object id; NULL: the kind has none */
	struct stv_pci_addr addr;	/* unused for STV_DEV_CONSOLE */
	bool generated;
	struct stv_loc loc;
	union {
		struct stv_disk disk;
		struct stv_net net;
		struct stv_balloon balloon;
		struct stv_console console;
		struct stv_rng rng;
		struct stv_vsock vsock;
	} u;
};

struct stv_domain {
	struct stv_str name, uuid, emulator;	/* emulator defaulted */
	enum stv_arch arch;
	bool arch_set;
	struct stv_num vcpus;
	struct stv_num memory;		/* bytes */
	struct stv_num current_memory;	/* bytes */
	bool hugepages;
	struct stv_num hugepage_size;	/* bytes; unset = host default */
	struct stv_str kernel, initrd, cmdline, loader, nvram;
	struct stv_num iothreads;
	enum stv_action on_poweroff, on_reboot, on_crash;
	struct stv_loc on_reboot_loc;	/* line 0: no <on_reboot> */
	bool acpi, gic_given;
	struct stv_num gic_version;
	struct stv_loc boot_dev;	/* line 0: no <boot dev> */
	struct stv_loc clock_timer;	/* line 0: no <timer> */
	struct stv_loc features;	/* <features>, or <os> when absent */
	struct stv_loc os;		/* <os>; line 0: fall back to loc */
	struct stv_loc devices;		/* <devices>; line 0: fall back to loc */
	struct stv_loc loc;		/* <domain> */

	/*
	 * Sorted by index (1..STV_ROOT_PORT_MAX; duplicates are errors):
	 * lower.c sorts them, address.c appends new ones with the next index.
	 * Emitters walk them in this order.
	 */
	struct stv_root_port *ports;
	size_t nports;
	struct stv_device *devs;
	size_t ndevs;
};

/* Compile-time settings that change the argv, from the command line. */
struct stv_hugepage_dir {
	uint64_t size;			/* page size in bytes */
	const char *dir;		/* a hugetlbfs mount of that size */
};

struct stv_options {
	const char *runtime_dir;	/* NULL: /run/stratovirt/<escaped name> */
	struct stv_hugepage_dir hugepages[8];	/* --hugepages-dir SIZE:DIR */
	size_t nhugepages;
};

struct _xmlDoc;
struct stv_source;

/*
 * Builds the IR from a document that passed the structural pass.  A size
 * that overflows is reported (memory-unit) and left unset; a number too
 * large for 64 bits is set to UINT64_MAX, which every range rule refuses.
 * Returns NULL only when out of memory.
 */
struct stv_domain *stv_lower(const struct stv_source *src, struct _xmlDoc *doc,
			     struct stv_diags *d);
void stv_domain_free(struct stv_domain *dom);

/* The XML words of the IR's enums, from lowering's own tables. */
const char *stv_arch_name(enum stv_arch arch);		/* x86_64, aarch64 */
const char *stv_machine_name(enum stv_arch arch);	/* q35, virt */
const char *stv_action_name(enum stv_action action);	/* destroy, restart */

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
