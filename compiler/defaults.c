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
 *   - implied devices, each with a warning (DEFAULTS stage): a console with
 *     no virtio-serial controller gets one (console-serial-added, at the
 *     console), a USB tablet or keyboard with no USB controller gets a
 *     nec-xhci one unless <controller type='usb' model='none'/> says there
 *     is no USB (usb-controller-added, at the input), an aarch64 domain
 *     without <gic> gets version 3 (gic-implied).
 *   - a USB controller is index 0 and, when stv adds it, nec-xhci; a
 *     virtio video has one head; a VNC display's port is chosen at start
 *     when libvirt would choose it (no port, port='-1' or autoport='yes':
 *     written back as port='-1' autoport='yes'), else it is display
 *     port - 5900 with autoport='no'; its listen address, given as the
 *     listen attribute or as <listen type='address' address>, is written
 *     in both, 127.0.0.1 when neither gives one (libvirt's qemu.conf
 *     vnc_listen default).
 *   - K, each device's number among the devices of its kind in document
 *     order; ids: the <alias name> when given, else PREFIX + K (devices.def),
 *     taking the next number while the id equals a user alias or an id
 *     already given; root ports are named by their bus, pcie.INDEX.
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
	case STV_DEV_CONSOLE:
	case STV_DEV_VSOCK:
	case STV_DEV_TABLET:
	case STV_DEV_KEYBOARD:
	case STV_DEV_KIND_COUNT:
		break;
	}
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
static char *free_id(struct defaults *x, xmlHashTablePtr used, const char *prefix, unsigned k)
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

static void number_devices(struct stv_domain *dom)
{
	unsigned count[STV_DEV_KIND_COUNT] = { 0 };
	for (size_t i = 0; i < dom->ndevs; i++)
		dom->devs[i].kind_index = count[dom->devs[i].kind]++;
}

int stv_name_root_port(struct stv_device *dev)
{
	dev->id = join_number("pcie.", dev->index.v);
	return dev->id ? 0 : -1;
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
		dev->id = free_id(x, used, stv_kind_info(dev->kind)->id_prefix, dev->kind_index);
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
	implied_parents(&x);
	implied_gic(&x);
	number_devices(dom);
	if (!x.oom)
		assign_ids(&x);
	if (!x.oom)
		derive_net_names(&x);
	return x.oom ? -1 : 0;
}
