/*
 * Defaults: what a domain leaves implied, made explicit, from IR to IR
 * (libvirt's post-parse pass).  After it, every emitter and the XML writer
 * see the same complete domain.
 *
 *   - on_poweroff destroy, on_reboot restart, on_crash destroy (libvirt's);
 *     emulator /usr/bin/stratovirt; currentMemory = memory; pcie.0;
 *     interfaces use vhost-net unless <driver name='qemu'/>; an ethernet
 *     interface's tap is managed, a hostdev is not (managed='no') and its
 *     host address is in PCI domain 0 unless they say so; a root port's
 *     chassis is its index; an rng rate's period is 1000 ms; autodeflate
 *     written on the balloon's <alias> (the seed's form) counts when the
 *     balloon has none; an address is present when written and not refused.
 *   - a disk is type='file' unless written, a CD-ROM is read-only (as in
 *     libvirt); a SCSI controller without an index takes the lowest one no
 *     other SCSI controller has, in document order; a SCSI disk's drive
 *     address: written attributes, 0 for the others; without an <address>,
 *     libvirt's for a narrow SCSI bus, from the target name's index I
 *     (sda 0, sdb 1, ...): controller I / 7, bus 0, target 0, unit I % 7.
 *   - a <sysinfo> system uuid is the domain's uuid when it has none, as in
 *     libvirt (sysinfo-uuid reports two that differ).
 *   - a <topology> without dies or clusters has 1 of each; a CPU feature
 *     without a policy is required, as in libvirt.
 *   - a serial port's target is the architecture's (isa-serial on x86_64,
 *     system-serial on aarch64) and its model the target's (isa-serial,
 *     pl011), as libvirt fills them in.
 *   - serial consoles, libvirt's rule: a <console> whose target is serial
 *     (or that has no target) is the serial port.  Beside a <serial> it is
 *     that serial and goes (serial-console-differs when it says something
 *     else: the serial's settings stand, as in libvirt); alone, it becomes
 *     the serial port.  Either way it needs no virtio-serial controller.
 *   - implied devices, each with a warning (DEFAULTS stage): a console with
 *     no virtio-serial controller gets one (console-serial-added, at the
 *     console), a USB tablet or keyboard with no USB controller gets a
 *     nec-xhci one unless <controller type='usb' model='none'/> says there
 *     is no USB (usb-controller-added, at the input), an aarch64 domain
 *     without <gic> gets version 3 (gic-implied), a SCSI disk whose
 *     controller index no <controller type='scsi'> has gets a virtio-scsi
 *     controller of that index (scsi-controller-added, at the first such
 *     disk).
 *   - a USB controller is index 0 and, when stv adds it, nec-xhci; a
 *     virtio video has one head; a VNC display's port is chosen at start
 *     when libvirt would choose it (no port, port='-1' or autoport='yes':
 *     written back as port='-1' autoport='yes'), else it is display
 *     port - 5900 with autoport='no'; its listen address, given as the
 *     listen attribute or as <listen type='address' address>, is written
 *     in both, 127.0.0.1 when neither gives one (libvirt's qemu.conf
 *     vnc_listen default).
 *   - K, each device's number among the devices of its kind in document
 *     order (SCSI disks apart from virtio disks); ids: the <alias name>
 *     when given, else PREFIX + K (devices.def), taking the next number
 *     while the id equals a user alias or an id already given; root ports are named by their bus, pcie.INDEX; as in
 *     libvirt, a SCSI controller's number is its index (scsiINDEX) and a
 *     SCSI disk is scsiC-B-T-U after its drive address (scsiC-B-T-U-K when
 *     that is taken).
 *     Backend ids are the backend prefix + the device id.
 *   - a MAC is written in lower case (its canonical form);
 *   - an interface with no <mac> gets 52:54:00:XX:XX:XX, XX the three low
 *     bytes of FNV-1a("NAME/K"); with no <target dev> it gets the tap
 *     "stv%08x" of the low 32 bits of FNV-1a("NAME") then "n" K, at most 15
 *     bytes.  Either is rehashed (FNV-1a of "+" continued) while it equals
 *     one the document or an earlier interface uses.
 * Deterministic: the same IR gives the same result.
 */
#include "defaults.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/hash.h>

#include "values.h"

#define DEFAULT_EMULATOR "/usr/bin/stratovirt"
#define DEFAULT_VNC_LISTEN "127.0.0.1"
#define VNC_PORT_BASE 5900
#define VNC_PORT_MAX 65535

struct defaults {
	struct stv_domain *dom;
	struct stv_diags *d;
	bool oom;
};

/* ---- values ---- */

static void default_choice(struct stv_choice *c, unsigned code, struct stv_loc loc)
{
	if (c->set || c->refused)
		return;
	c->v = code;
	c->set = true;
	c->loc = loc;
}

static void default_num(struct stv_num *n, uint64_t v, struct stv_loc loc)
{
	if (n->set || n->refused)
		return;
	n->v = v;
	n->set = true;
	n->loc = loc;
}

static void cpu_values(struct stv_cpu *cpu)
{
	if (cpu->topology.set) {
		default_num(&cpu->dies, 1, cpu->topology.loc);
		default_num(&cpu->clusters, 1, cpu->topology.loc);
	}
	if (cpu->pmu_feature.set)
		default_choice(&cpu->pmu, STV_CPU_POLICY_REQUIRE, cpu->pmu_feature.loc);
	if (cpu->sve_feature.set)
		default_choice(&cpu->sve, STV_CPU_POLICY_REQUIRE, cpu->sve_feature.loc);
}

static void domain_values(struct defaults *x)
{
	struct stv_domain *dom = x->dom;
	struct stv_loc devices = stv_loc_or(dom->devices.loc, dom->loc);

	default_choice(&dom->on_poweroff, STV_ACTION_DESTROY, dom->loc);
	default_choice(&dom->on_reboot, STV_ACTION_RESTART, dom->loc);
	default_choice(&dom->on_crash, STV_ACTION_DESTROY, dom->loc);
	if (dom->memory.set)
		default_num(&dom->current_memory, dom->memory.v, dom->memory.loc);
	if (!stv_str_given(&dom->emulator)) {
		dom->emulator.s = strdup(DEFAULT_EMULATOR);
		dom->emulator.loc = devices;
		x->oom |= !dom->emulator.s;
	}
	if (!dom->pcie_root.set) {
		dom->pcie_root.set = true;
		dom->pcie_root.loc = devices;
	}
	cpu_values(&dom->cpu);
	if (!stv_str_given(&dom->uuid) && dom->sysinfo.system_uuid.s) {
		dom->uuid.s = strdup(dom->sysinfo.system_uuid.s);
		dom->uuid.loc = dom->sysinfo.system_uuid.loc;
		x->oom |= !dom->uuid.s;
	}
}

static bool addr_refused(const struct stv_pci_addr *a)
{
	return a->domain.refused || a->bus.refused || a->slot.refused ||
	       a->function.refused || a->multifunction.refused;
}

/* A copy of s into to, unless to was written (even if refused). */
static void default_str(struct defaults *x, struct stv_str *to, const char *s, struct stv_loc loc)
{
	if (stv_str_given(to) || !s)
		return;
	to->s = strdup(s);
	to->loc = loc;
	x->oom |= !to->s;
}

/*
 * libvirt's reading of a VNC port (virDomainGraphicsDefParseXMLVNC): no
 * port, port -1 or autoport='yes' mean the port is chosen at start; a
 * port the rules refuse (vnc-port) leaves the display unset.
 */
static void graphics_values(struct defaults *x, struct stv_device *dev)
{
	struct stv_graphics *g = &dev->u.graphics;
	uint64_t port;

	if (g->port.refused || g->autoport.refused)
		return;
	bool numeric = g->port.s && (strcmp(g->port.s, "-1") == 0 ||
				     strspn(g->port.s, "0123456789") == strlen(g->port.s));
	if (stv_is(&g->autoport, STV_YESNO_YES) || !g->port.s || strcmp(g->port.s, "-1") == 0) {
		g->autoport.v = STV_YESNO_YES;
		g->autoport.set = true;
		if (!g->autoport.loc.off)
			g->autoport.loc = stv_loc_or(g->port.loc, dev->loc);
		/* the number of a port chosen at start means nothing: libvirt writes -1 */
		if (!g->port.s || numeric) {
			free(g->port.s);
			g->port.s = strdup("-1");
			x->oom |= !g->port.s;
			if (!g->port.loc.off)
				g->port.loc = dev->loc;
		}
	} else {
		default_choice(&g->autoport, STV_YESNO_NO, dev->loc);
		if (stv_parse_dec(g->port.s, &port) == 0 && port >= VNC_PORT_BASE && port <= VNC_PORT_MAX)
			default_num(&g->display, port - VNC_PORT_BASE, g->port.loc);
	}
	default_str(x, &g->listen, g->listen_address.s, g->listen_address.loc);
	default_str(x, &g->listen_address, g->listen.s, g->listen.loc);
	default_str(x, &g->listen, DEFAULT_VNC_LISTEN, dev->loc);
	default_str(x, &g->listen_address, DEFAULT_VNC_LISTEN, dev->loc);
}

/* A written drive address: what it leaves out is 0, as libvirt reads it. */
static void drive_values(struct stv_disk *k)
{
	struct stv_loc loc = k->drive.loc;
	default_num(&k->drive_controller, 0, loc);
	default_num(&k->drive_bus, 0, loc);
	default_num(&k->drive_target, 0, loc);
	default_num(&k->drive_unit, 0, loc);
}

static void disk_values(struct stv_device *dev)
{
	struct stv_disk *k = &dev->u.disk;
	default_choice(&k->source_type, STV_DISK_TYPE_FILE, dev->loc);
	if (stv_is(&k->device, STV_DISK_DEVICE_CDROM) && !k->readonly.set) {
		k->readonly.set = true;
		k->readonly.loc = k->device.loc;
	}
	if (k->drive.set)
		drive_values(k);
}

static void device_values(struct defaults *x, struct stv_device *dev)
{
	dev->addr.present = dev->addr.written.set && !addr_refused(&dev->addr);
	if (dev->addr.written.set)
		dev->addr.loc = dev->addr.written.loc;
	switch (dev->kind) {
	case STV_DEV_ROOT_PORT:
		if (dev->index.set)
			default_num(&dev->u.root_port.chassis, dev->index.v, dev->loc);
		break;
	case STV_DEV_NET:
		default_choice(&dev->u.net.driver, STV_NET_DRIVER_VHOST, dev->loc);
		/* libvirt creates an ethernet tap unless told it exists (managed='no') */
		if (stv_is(&dev->u.net.type, STV_NET_TYPE_ETHERNET))
			default_choice(&dev->u.net.managed, STV_YESNO_YES, dev->loc);
		break;
	case STV_DEV_HOSTDEV:
		/* libvirt leaves the binding to the user unless managed='yes' */
		default_choice(&dev->u.hostdev.managed, STV_YESNO_NO, dev->loc);
		default_num(&dev->u.hostdev.host_domain, 0, dev->loc);
		break;
	case STV_DEV_RNG:
		if (dev->u.rng.bytes.set)
			default_num(&dev->u.rng.period, STV_RNG_PERIOD_MS, dev->u.rng.bytes.loc);
		break;
	case STV_DEV_BALLOON: {
		struct stv_choice *on_alias = &dev->u.balloon.autodeflate_alias;
		if (on_alias->set && !on_alias->refused)
			default_choice(&dev->u.balloon.autodeflate, on_alias->v, on_alias->loc);
		break;
	}
	case STV_DEV_SERIAL:
		default_num(&dev->index, 0, dev->loc);
		break;
	case STV_DEV_USB:
		default_num(&dev->index, 0, dev->loc);
		default_choice(&dev->u.usb.model, STV_USB_MODEL_NEC_XHCI, dev->loc);
		break;
	case STV_DEV_GRAPHICS:
		graphics_values(x, dev);
		break;
	case STV_DEV_VIDEO:
		if (stv_is(&dev->u.video.model, STV_VIDEO_MODEL_VIRTIO))
			default_num(&dev->u.video.heads, 1, dev->u.video.model.loc);
		break;
	case STV_DEV_DISK:
		disk_values(dev);
		break;
	case STV_DEV_CONSOLE:
	case STV_DEV_VSOCK:
	case STV_DEV_SERIAL_PORT:
	case STV_DEV_PANIC:
	case STV_DEV_TABLET:
	case STV_DEV_KEYBOARD:
	case STV_DEV_SCSI:
	case STV_DEV_KIND_COUNT:
		break;
	}
}

/* ---- SCSI: controller indexes, drive addresses ---- */

/*
 * The indexes SCSI controllers have, as a set of decimal keys (libxml2's
 * hash table, like the names below): a hostile document may hold tens of
 * thousands of controllers or disks that name one.
 */
static bool index_key(uint64_t index, char key[static 24])
{
	return snprintf(key, 24, "%" PRIu64, index) > 0;
}

static bool index_used(xmlHashTablePtr set, uint64_t index)
{
	char key[24];
	return index_key(index, key) && xmlHashLookup(set, (const xmlChar *)key) != NULL;
}

static void index_add(struct defaults *x, xmlHashTablePtr set, uint64_t index)
{
	char key[24];
	if (index_key(index, key) && !index_used(set, index) &&
	    xmlHashAddEntry(set, (const xmlChar *)key, (void *)set) < 0)
		x->oom = true;
}

static xmlHashTablePtr scsi_index_set(struct defaults *x)
{
	xmlHashTablePtr set = xmlHashCreate(16);
	if (!set) {
		x->oom = true;
		return NULL;
	}
	for (size_t i = 0; i < x->dom->ndevs; i++)
		if (x->dom->devs[i].kind == STV_DEV_SCSI && x->dom->devs[i].index.set)
			index_add(x, set, x->dom->devs[i].index.v);
	return set;
}

/* Each SCSI controller without an index: the lowest free one, in document order. */
static void scsi_indexes(struct defaults *x)
{
	xmlHashTablePtr used = scsi_index_set(x);
	uint64_t next = 0;
	for (size_t i = 0; used && i < x->dom->ndevs && !x->oom; i++) {
		struct stv_device *dev = &x->dom->devs[i];
		if (dev->kind != STV_DEV_SCSI || stv_num_given(&dev->index))
			continue;
		while (index_used(used, next))
			next++;
		default_num(&dev->index, next, dev->loc);
		index_add(x, used, next);
	}
	xmlHashFree(used, NULL);
}

/*
 * libvirt's address of a SCSI disk without one (virDomainDiskDefAssignAddress,
 * 7 units per narrow bus).  A name with no index, or a disk with a PCI
 * <address>, gets none: check.c says why.
 */
static void scsi_drive_address(struct stv_device *dev)
{
	struct stv_disk *k = &dev->u.disk;
	uint64_t idx;
	if (!stv_disk_on_scsi(dev) || k->drive.set || dev->addr.written.set || !k->target.s ||
	    stv_disk_name_index(k->target.s, &idx) < 0)
		return;
	k->drive.set = true;
	k->drive.loc = k->target.loc;
	default_num(&k->drive_controller, idx / 7, k->target.loc);
	default_num(&k->drive_unit, idx % 7, k->target.loc);
	drive_values(k);
}

/* ---- serial consoles ---- */

static bool is_serial_console(const struct stv_device *dev)
{
	return dev->kind == STV_DEV_CONSOLE &&
	       !stv_is(&dev->u.console.target, STV_CONSOLE_TARGET_VIRTIO) &&
	       !dev->u.console.target.refused;
}

static bool same_str(const struct stv_str *a, const struct stv_str *b)
{
	return a->s == b->s || (a->s && b->s && strcmp(a->s, b->s) == 0);
}

/* The serial console con stands beside serial: warn where they disagree. */
static void console_beside_serial(struct defaults *x, const struct stv_device *con,
				  const struct stv_device *serial)
{
	const struct stv_console *c = &con->u.console;
	const struct stv_serial_port *p = &serial->u.serial_port;

	if (c->type.v == p->type.v && same_str(&c->path, &p->path))
		return;
	stv_report(x->d, STV_R_SERIAL_CONSOLE_DIFFERS, con->loc,
		   "write the <console> as the <serial> is written, or remove it: it only names the serial port",
		   "this serial <console> is the <serial> at line %d, but its type or path differ; the <serial>'s are used, as libvirt does",
		   stv_loc_line(x->d, serial->loc));
}

/* A serial console with no <serial> to stand beside: it is the serial port. */
static void console_to_serial(struct stv_device *dev)
{
	struct stv_console con = dev->u.console;

	memset(&dev->u, 0, sizeof dev->u);
	dev->kind = STV_DEV_SERIAL_PORT;
	dev->u.serial_port.type = con.type;
	dev->u.serial_port.path = con.path;
}

static void serial_consoles(struct defaults *x)
{
	struct stv_domain *dom = x->dom;
	size_t serial = dom->ndevs;	/* the first <serial>, until a console claims it */

	for (size_t i = 0; i < dom->ndevs && serial == dom->ndevs; i++)
		if (dom->devs[i].kind == STV_DEV_SERIAL_PORT)
			serial = i;
	for (size_t i = 0; i < dom->ndevs;) {
		struct stv_device *dev = &dom->devs[i];
		if (!is_serial_console(dev)) {
			i++;
		} else if (serial < dom->ndevs) {
			console_beside_serial(x, dev, &dom->devs[serial]);
			stv_remove_device(dom, i);
			serial = dom->ndevs;	/* claimed: a second one is a second port */
		} else {
			console_to_serial(dev);
			i++;
		}
	}
}

/* libvirt's defaults: the architecture's serial port, the target's model. */
static void serial_port_values(const struct stv_domain *dom, struct stv_device *dev)
{
	struct stv_serial_port *p = &dev->u.serial_port;

	if (stv_is(&dom->arch, STV_ARCH_X86_64))
		default_choice(&p->target, STV_SERIAL_TARGET_ISA_SERIAL, dev->loc);
	else if (stv_is(&dom->arch, STV_ARCH_AARCH64))
		default_choice(&p->target, STV_SERIAL_TARGET_SYSTEM_SERIAL, dev->loc);
	if (stv_is(&p->target, STV_SERIAL_TARGET_ISA_SERIAL))
		default_choice(&p->model, STV_SERIAL_MODEL_ISA_SERIAL, p->target.loc);
	else if (stv_is(&p->target, STV_SERIAL_TARGET_SYSTEM_SERIAL))
		default_choice(&p->model, STV_SERIAL_MODEL_PL011, p->target.loc);
}

/* ---- implied devices ---- */

/* The first device of a kind; with usable, the first one nothing of was refused. */
static const struct stv_device *first_of(const struct stv_domain *dom, enum stv_dev_kind kind)
{
	for (size_t i = 0; i < dom->ndevs; i++)
		if (dom->devs[i].kind == kind)
			return &dom->devs[i];
	return NULL;
}

/*
 * A device that rides on a controller (devices.def PARENT) gets one when
 * the domain has none, as libvirt adds them: one line per kind that rides.
 */
static const struct {
	enum stv_dev_kind kind;
	const char *element;	/* of the device that needs it */
	enum stv_rule rule;
	const char *hint;
} implied[] = {
	{ STV_DEV_CONSOLE, "console", STV_R_CONSOLE_SERIAL_ADDED,
	  "add <controller type='virtio-serial' index='0'/> to <devices> to say so" },
	{ STV_DEV_TABLET, "input", STV_R_USB_CONTROLLER_ADDED,
	  "add <controller type='usb' index='0' model='nec-xhci'/> to <devices> to say so" },
	{ STV_DEV_KEYBOARD, "input", STV_R_USB_CONTROLLER_ADDED,
	  "add <controller type='usb' index='0' model='nec-xhci'/> to <devices> to say so" },
};

static int implied_for(enum stv_dev_kind kind)
{
	for (size_t i = 0; i < sizeof implied / sizeof implied[0]; i++)
		if (implied[i].kind == kind)
			return (int)i;
	return -1;
}

/* In document order: the warning is at the first device that needed the controller. */
static void implied_parents(struct defaults *x)
{
	struct stv_domain *dom = x->dom;
	for (size_t i = 0; i < dom->ndevs; i++) {
		int k = implied_for(dom->devs[i].kind);
		/* a refused device needs nothing: what it lacks is moot */
		if (k < 0 || dom->devs[i].refused)
			continue;
		enum stv_dev_kind parent = stv_kind_info(implied[k].kind)->parent;
		/* model='none' says there is no USB: check.c reports usb-none */
		if (first_of(dom, parent) || (parent == STV_DEV_USB && dom->usb_none.set))
			continue;
		struct stv_loc loc = dom->devs[i].loc;	/* adding moves dom->devs */
		struct stv_device *dev = stv_add_device(dom, parent, loc);
		if (!dev) {
			x->oom = true;
			return;
		}
		dev->generated = true;
		device_values(x, dev);
		stv_report(x->d, implied[k].rule, loc, implied[k].hint,
			   "the <%s> needs a %s; one was added", implied[k].element,
			   stv_kind_info(parent)->what);
	}
}

/* A SCSI disk whose controller the domain lacks gets one, as libvirt adds it. */
static void implied_scsi_controllers(struct defaults *x)
{
	struct stv_domain *dom = x->dom;
	xmlHashTablePtr have = scsi_index_set(x);
	for (size_t i = 0; have && i < dom->ndevs && !x->oom; i++) {
		const struct stv_num *c = &dom->devs[i].u.disk.drive_controller;
		/* a refused disk needs nothing: what it lacks is moot */
		if (!stv_disk_on_scsi(&dom->devs[i]) || dom->devs[i].refused || !c->set ||
		    index_used(have, c->v))
			continue;
		uint64_t index = c->v;
		struct stv_loc loc = dom->devs[i].loc;	/* dom->devs may move */
		struct stv_device *dev = stv_add_device(dom, STV_DEV_SCSI, loc);
		if (!dev) {
			x->oom = true;
			break;
		}
		char hint[128];
		dev->generated = true;
		dev->index = (struct stv_num){ index, true, false, loc };
		device_values(x, dev);
		index_add(x, have, index);
		snprintf(hint, sizeof hint, "add <controller type='scsi' index='%" PRIu64
			 "' model='virtio-scsi'/> to <devices> to say so", index);
		stv_report(x->d, STV_R_SCSI_CONTROLLER_ADDED, loc, hint,
			   "the SCSI disk needs SCSI controller index %" PRIu64 "; a virtio-scsi controller was added",
			   index);
	}
	xmlHashFree(have, NULL);
}

static void implied_gic(struct defaults *x)
{
	struct stv_domain *dom = x->dom;
	if (!stv_is(&dom->arch, STV_ARCH_AARCH64) || dom->gic.set)
		return;
	struct stv_loc loc = stv_loc_or(dom->features.loc, stv_loc_or(dom->os.loc, dom->loc));
	dom->gic.set = true;
	dom->gic.loc = loc;
	default_num(&dom->gic_version, 3, loc);
	stv_report(x->d, STV_R_GIC_IMPLIED, loc, "add <gic version='3'/> to <features> to say so",
		   "aarch64 domain without <gic>: StratoVirt gives it GIC version 3");
}

/* ---- names ---- */

/* libxml2's hash table as a set of borrowed strings. */
static bool set_has(xmlHashTablePtr set, const char *name)
{
	return name && xmlHashLookup(set, (const xmlChar *)name) != NULL;
}

static void set_add(struct defaults *x, xmlHashTablePtr set, const char *name)
{
	/* Already there is fine: a duplicate is check.c's to report. */
	if (name && !set_has(set, name) && xmlHashAddEntry(set, (const xmlChar *)name, (void *)name) < 0)
		x->oom = true;
}

static bool has_alias(const struct stv_device *dev)
{
	return dev->alias.s && dev->alias.s[0];
}

/* prefix + k, without printf: a large domain names thousands. */
static char *join_number(const char *prefix, uint64_t k)
{
	char digits[24];
	size_t n = 0, len = strlen(prefix);
	do
		digits[sizeof digits - ++n] = (char)('0' + k % 10);
	while ((k /= 10) != 0);
	char *s = malloc(len + n + 1);
	if (s) {
		memcpy(s, prefix, len);
		memcpy(s + len, digits + sizeof digits - n, n);
		s[len + n] = '\0';
	}
	return s;
}

static char *join(const char *a, const char *b)
{
	size_t na = strlen(a), nb = strlen(b);
	char *s = malloc(na + nb + 1);
	if (s) {
		memcpy(s, a, na);
		memcpy(s + na, b, nb + 1);
	}
	return s;
}

/* PREFIX + the first number from K on that nobody uses yet. */
static char *free_id(struct defaults *x, xmlHashTablePtr used, const char *prefix, uint64_t k)
{
	for (;; k++) {
		char *id = join_number(prefix, k);
		if (!id) {
			x->oom = true;
			return NULL;
		}
		if (!set_has(used, id))
			return id;
		free(id);
	}
}

/* SCSI disks are named by their address: they count apart from virtio disks. */
static void number_devices(struct stv_domain *dom)
{
	unsigned count[STV_DEV_KIND_COUNT] = { 0 }, scsi_disks = 0;
	for (size_t i = 0; i < dom->ndevs; i++)
		dom->devs[i].kind_index = stv_disk_on_scsi(&dom->devs[i]) ? scsi_disks++
									   : count[dom->devs[i].kind]++;
}

int stv_name_root_port(struct stv_device *dev)
{
	dev->id = join_number("pcie.", dev->index.v);
	return dev->id ? 0 : -1;
}

/*
 * A generated id: PREFIX + K, or libvirt's names for SCSI: scsiINDEX, and
 * scsiC-B-T-U for a disk, or when that is taken (two disks at one address,
 * an error, or a user alias) scsiC-B-T-U-K.
 */
static char *generated_id(struct defaults *x, xmlHashTablePtr used, const struct stv_device *dev)
{
	const struct stv_disk *k = &dev->u.disk;
	if (dev->kind == STV_DEV_SCSI && dev->index.set)
		return free_id(x, used, stv_kind_info(dev->kind)->id_prefix, dev->index.v);
	if (!stv_disk_on_scsi(dev) || !k->drive.set || !k->drive_controller.set ||
	    !k->drive_bus.set || !k->drive_target.set || !k->drive_unit.set)
		return free_id(x, used, stv_kind_info(dev->kind)->id_prefix, dev->kind_index);
	char *id = stv_asprintf("scsi%" PRIu64 "-%" PRIu64 "-%" PRIu64 "-%" PRIu64,
				k->drive_controller.v, k->drive_bus.v, k->drive_target.v,
				k->drive_unit.v);
	if (id && set_has(used, id)) {
		char *prefix = join(id, "-");
		free(id);
		id = prefix ? free_id(x, used, prefix, dev->kind_index) : NULL;
		free(prefix);
	}
	x->oom |= !id;
	return id;
}

/* A device's id: its bus for a root port, its alias, or a free generated one. */
static void name_device(struct defaults *x, xmlHashTablePtr used, struct stv_device *dev)
{
	const char *backend = stv_kind_info(dev->kind)->backend_prefix;
	if (dev->kind == STV_DEV_ROOT_PORT) {
		x->oom |= stv_name_root_port(dev) < 0;
		return;
	}
	if (has_alias(dev)) {
		dev->id = strdup(dev->alias.s);
	} else {
		dev->id = generated_id(x, used, dev);
		set_add(x, used, dev->id);
	}
	if (dev->id && backend)
		dev->backend_id = join(backend, dev->id);
	x->oom |= !dev->id || (backend && !dev->backend_id);
}

static void assign_ids(struct defaults *x)
{
	struct stv_domain *dom = x->dom;
	xmlHashTablePtr used = xmlHashCreate((int)dom->ndevs + 16);
	if (!used) {
		x->oom = true;
		return;
	}
	for (size_t i = 0; i < dom->ndevs; i++)
		if (has_alias(&dom->devs[i]))
			set_add(x, used, dom->devs[i].alias.s);
	for (size_t i = 0; i < dom->ndevs && !x->oom; i++)
		name_device(x, used, &dom->devs[i]);
	xmlHashFree(used, NULL);
}

/*
 * Rehashing gives up after this many tries and keeps the last candidate
 * (check.c then reports the duplicate): only a hostile document gets there.
 */
#define MAX_REHASH 1000

/* 52:54:00 and three bytes of the hash, rehashed until unused. */
static char *derive_mac(struct defaults *x, xmlHashTablePtr used, const char *name, unsigned k)
{
	char *key = stv_asprintf("%s/%u", name, k), *mac = malloc(18);
	if (!key || !mac) {
		x->oom = true;
		free(key);
		free(mac);
		return NULL;
	}
	uint64_t h = stv_hash64(key, strlen(key), STV_HASH64_SEED);
	for (int tries = 0; tries < MAX_REHASH; tries++) {
		uint8_t b[6] = { 0x52, 0x54, 0x00, (uint8_t)(h >> 16), (uint8_t)(h >> 8), (uint8_t)h };
		stv_format_mac(b, mac);
		if (!set_has(used, mac))
			break;
		h = stv_hash64("+", 1, h);
	}
	free(key);
	return mac;
}

/* "stv" + hex of the hash + "n" + K, the hex shortened to fit 15 bytes. */
static char *derive_tap(struct defaults *x, xmlHashTablePtr used, const char *name, unsigned k)
{
	uint64_t h = stv_hash64(name, strlen(name), STV_HASH64_SEED);
	char suffix[16], *tap = malloc(16);
	if (!tap) {
		x->oom = true;
		return NULL;
	}
	snprintf(suffix, sizeof(suffix), "n%u", k);
	int width = 15 - 3 - (int)strlen(suffix);
	width = width > 8 ? 8 : width;
	for (int tries = 0; tries < MAX_REHASH; tries++) {
		uint32_t v = (uint32_t)h;
		if (width < 8)
			v &= (UINT32_C(1) << (4 * width)) - 1;
		snprintf(tap, 16, "stv%0*x%s", width, (unsigned)v, suffix);
		if (!set_has(used, tap))
			break;
		h = stv_hash64("+", 1, h);
	}
	return tap;
}

/* A MAC in its canonical form, lower case, as libvirt writes it. */
static void lower_case(char *s)
{
	for (; s && *s; s++)
		if (*s >= 'A' && *s <= 'F')
			*s = (char)(*s - 'A' + 'a');
}

/* MACs (canonical) and taps for interfaces that have none, unlike any the domain uses. */
static void derive_net_names(struct defaults *x)
{
	struct stv_domain *dom = x->dom;
	const char *name = dom->name.s ? dom->name.s : "";
	xmlHashTablePtr macs = xmlHashCreate(16), taps = xmlHashCreate(16);
	if (!macs || !taps) {
		x->oom = true;
		goto out;
	}
	for (size_t i = 0; i < dom->ndevs; i++) {
		if (dom->devs[i].kind != STV_DEV_NET)
			continue;
		lower_case(dom->devs[i].u.net.mac.s);
		set_add(x, macs, dom->devs[i].u.net.mac.s);
		set_add(x, taps, dom->devs[i].u.net.tap.s);
	}
	for (size_t i = 0; i < dom->ndevs && !x->oom; i++) {
		struct stv_device *dev = &dom->devs[i];
		struct stv_net *net = &dev->u.net;
		if (dev->kind != STV_DEV_NET)
			continue;
		if (!stv_str_given(&net->mac)) {
			net->mac.s = derive_mac(x, macs, name, dev->kind_index);
			net->mac.loc = dev->loc;
			net->mac_generated = true;
			set_add(x, macs, net->mac.s);
		}
		if (!stv_str_given(&net->tap)) {
			net->tap.s = derive_tap(x, taps, name, dev->kind_index);
			net->tap.loc = dev->loc;
			net->tap_generated = true;
			set_add(x, taps, net->tap.s);
		}
	}
out:
	xmlHashFree(macs, NULL);
	xmlHashFree(taps, NULL);
}

int stv_defaults(struct stv_domain *dom, struct stv_diags *d)
{
	struct defaults x = { dom, d, false };

	domain_values(&x);
	for (size_t i = 0; i < dom->ndevs; i++)
		device_values(&x, &dom->devs[i]);
	scsi_indexes(&x);
	for (size_t i = 0; i < dom->ndevs; i++)
		scsi_drive_address(&dom->devs[i]);
	serial_consoles(&x);
	for (size_t i = 0; i < dom->ndevs; i++)
		if (dom->devs[i].kind == STV_DEV_SERIAL_PORT)
			serial_port_values(dom, &dom->devs[i]);
	implied_parents(&x);
	implied_scsi_controllers(&x);
	implied_gic(&x);
	number_devices(dom);
	if (!x.oom)
		assign_ids(&x);
	if (!x.oom)
		derive_net_names(&x);
	return x.oom ? -1 : 0;
}
