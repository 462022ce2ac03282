/*
 * Lowering: a domain document that passed the structural pass becomes a
 * struct stv_domain (ir.h).
 *
 * What lowering decides, and nothing else:
 *   - values: numbers are read with stv_parse_uint (decimal or 0x hex; the
 *     structural pass already said which syntax each field may use), sizes
 *     with stv_parse_memory.  A number too large for 64 bits becomes
 *     UINT64_MAX, so the field's range rule reports it (check.c).  Every value keeps its
 *     own location (the attribute, or the element for text).  Strings are
 *     trimmed of XML white space and kept as written, valid or not, so
 *     check.c can judge them.
 *   - the memory-unit rule (LOWER stage): an unknown unit or a size that
 *     overflows 64 bits of bytes, on <memory>, <currentMemory> and <page>.
 *   - defaults: emulator /usr/bin/stratovirt; on_poweroff destroy,
 *     on_reboot restart, on_crash destroy (libvirt's); net vhost unless
 *     <driver name='qemu'/>.
 *   - what produces nothing: <memballoon model='none'/>,
 *     <controller type='usb' model='none'/>, <controller model='pcie-root'/>
 *     (pcie.0 always exists).
 *   - pcie-root-port controllers go to dom->ports, sorted by index (stable).
 *   - devices go to dom->devs in document order; K (kind_index) counts the
 *     devices of one kind.  A console with no virtio-serial controller in
 *     the document gets one created just before it (generated, at the
 *     console's location).
 *   - ids (after all aliases are known): the <alias name> when given, else
 *     PREFIX + K (virtio-diskK, netK, balloonK, virtio-serialK, consoleK,
 *     rngK, vsockK), taking the next number while the id equals a user
 *     alias or an id already given.  Backends: "drive-", "host", "char",
 *     "obj" + the device id.
 *   - an interface with no <mac> gets 52:54:00:XX:XX:XX, XX the three low
 *     bytes of FNV-1a("NAME/K"); with no <target dev> it gets the tap
 *     "stv%08x" of the low 32 bits of FNV-1a("NAME") then "n" K, at most 15
 *     bytes.  Either is rehashed (FNV-1a of "+" continued) while it equals
 *     one the document or an earlier interface uses.
 *
 * Lowering never fails on odd input: an element it does not know is
 * skipped (the structural pass reported it), and NULL is returned only
 * when memory runs out.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "ir.h"
#include "load.h"
#include "values.h"

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))
#define XML_SPACE " \t\r\n"
#define DEFAULT_EMULATOR "/usr/bin/stratovirt"

struct lower {
	const struct stv_source *src;
	struct stv_diags *d;
	struct stv_domain *dom;
	size_t devs_cap, ports_cap;
	unsigned count[STV_DEV_KIND_COUNT];	/* next K of each kind */
	bool oom;
};

/* ---- Reading the document ---- */

static bool is_elem(const xmlNode *n, const char *name)
{
	return n != NULL && n->type == XML_ELEMENT_NODE && n->ns == NULL &&
	       strcmp((const char *)n->name, name) == 0;
}

/* The first child element called name (the structural pass allows one). */
static xmlNode *child(const xmlNode *parent, const char *name)
{
	if (parent == NULL)
		return NULL;
	for (xmlNode *c = parent->children; c != NULL; c = c->next) {
		if (is_elem(c, name))
			return c;
	}
	return NULL;
}

static struct stv_loc loc_of(struct lower *l, const xmlNode *n, const char *attr)
{
	return stv_node_loc(l->src, n, attr);
}

/* A heap copy of s without the XML white space around it. */
static char *dup_trimmed(struct lower *l, const char *s)
{
	size_t start = strspn(s, XML_SPACE), n = strlen(s + start);
	char *out;

	while (n > 0 && strchr(XML_SPACE, s[start + n - 1]) != NULL)
		n--;
	out = strndup(s + start, n);
	if (out == NULL)
		l->oom = true;
	return out;
}

/* An attribute as a string; when absent, s stays NULL and loc is n's. */
static void get_attr(struct lower *l, xmlNode *n, const char *name, struct stv_str *out)
{
	xmlChar *v;

	if (n == NULL)
		return;
	v = xmlGetNoNsProp(n, (const xmlChar *)name);
	out->loc = loc_of(l, n, v != NULL ? name : NULL);
	if (v != NULL)
		out->s = dup_trimmed(l, (const char *)v);
	xmlFree(v);
}

/* The text of element n; nothing when n is NULL. */
static void get_text(struct lower *l, xmlNode *n, struct stv_str *out)
{
	xmlChar *v;

	if (n == NULL)
		return;
	out->loc = loc_of(l, n, NULL);
	v = xmlNodeGetContent(n);
	out->s = dup_trimmed(l, v != NULL ? (const char *)v : "");
	xmlFree(v);
}

/* True when attribute name of n is exactly value (after trimming). */
static bool attr_is(struct lower *l, xmlNode *n, const char *name, const char *value)
{
	struct stv_str a = { 0 };
	bool same;

	get_attr(l, n, name, &a);
	same = a.s != NULL && strcmp(a.s, value) == 0;
	free(a.s);
	return same;
}

/*
 * The structural pass checked the syntax, so a number that does not parse
 * has overflowed 64 bits: it becomes UINT64_MAX, above every limit, so the
 * field's own range rule reports it instead of the value vanishing.
 */
static void str_to_num(const struct stv_str *s, struct stv_num *out)
{
	out->loc = s->loc;
	out->set = s->s != NULL;
	if (!out->set)
		out->v = 0;
	else if (stv_parse_uint(s->s, &out->v) < 0)
		out->v = UINT64_MAX;
}

static void get_num_attr(struct lower *l, xmlNode *n, const char *name, struct stv_num *out)
{
	struct stv_str s = { 0 };

	get_attr(l, n, name, &s);
	str_to_num(&s, out);
	free(s.s);
}

static void get_num_text(struct lower *l, xmlNode *n, struct stv_num *out)
{
	struct stv_str s = { 0 };

	get_text(l, n, &s);
	str_to_num(&s, out);
	free(s.s);
}

/* ---- Sizes: the memory-unit rule ---- */

/* Digits only: a size that failed to parse can only have overflowed. */
static bool looks_decimal(const char *s)
{
	size_t lead = strspn(s, XML_SPACE), digits = strspn(s + lead, "0123456789");

	return digits > 0 && strspn(s + lead + digits, XML_SPACE) == strlen(s + lead + digits);
}

/*
 * value and unit into *out (bytes).  what names the element in messages;
 * hint is for overflows.
 */
static void lower_size(struct lower *l, const char *what, const struct stv_str *value,
		       const struct stv_str *unit, const char *hint, struct stv_num *out)
{
	int rc;

	out->loc = value->loc;
	if (value->s == NULL)
		return;
	rc = stv_parse_memory(value->s, unit->s, &out->v);
	out->set = rc == 0;
	if (rc == -1) {
		stv_report(l->d, STV_R_MEMORY_UNIT, unit->loc,
			   "use b, bytes, KB, k, KiB, MB, M, MiB, GB, G, GiB, TB, T or TiB",
			   "%s unit '%s' is not one of the supported units", what, unit->s);
	} else if (rc == -2 && looks_decimal(value->s)) {
		stv_report(l->d, STV_R_MEMORY_UNIT, value->loc, hint,
			   "%s of %s %s overflows: it is more than 16 EiB", what, value->s,
			   unit->s != NULL ? unit->s : "KiB");
	}
	if (!out->set)
		out->v = 0;
}

/* <memory unit='U'>N</memory> and <currentMemory>. */
static void lower_memory_elem(struct lower *l, xmlNode *n, const char *what, struct stv_num *out)
{
	struct stv_str value = { 0 }, unit = { 0 };

	get_text(l, n, &value);
	get_attr(l, n, "unit", &unit);
	lower_size(l, what, &value, &unit, "StratoVirt accepts at most 512 GiB of memory", out);
	free(value.s);
	free(unit.s);
}

/* ---- Domain-level elements ---- */

static void lower_name(struct lower *l, xmlNode *n)
{
	get_text(l, n, &l->dom->name);
}

static void lower_uuid(struct lower *l, xmlNode *n)
{
	get_text(l, n, &l->dom->uuid);
}

static void lower_vcpu(struct lower *l, xmlNode *n)
{
	get_num_text(l, n, &l->dom->vcpus);
}

static void lower_iothreads(struct lower *l, xmlNode *n)
{
	get_num_text(l, n, &l->dom->iothreads);
}

static void lower_memory(struct lower *l, xmlNode *n)
{
	lower_memory_elem(l, n, "<memory>", &l->dom->memory);
}

static void lower_current_memory(struct lower *l, xmlNode *n)
{
	lower_memory_elem(l, n, "<currentMemory>", &l->dom->current_memory);
}

/* <memoryBacking><hugepages><page size='S' unit='U'/></hugepages> */
static void lower_memory_backing(struct lower *l, xmlNode *n)
{
	xmlNode *huge = child(n, "hugepages"), *page = child(huge, "page");
	struct stv_str size = { 0 }, unit = { 0 };

	if (huge == NULL)
		return;
	l->dom->hugepages = true;
	l->dom->hugepage_size.loc = loc_of(l, huge, NULL);
	if (page == NULL)
		return;
	get_attr(l, page, "size", &size);
	get_attr(l, page, "unit", &unit);
	lower_size(l, "<page> size", &size, &unit, NULL, &l->dom->hugepage_size);
	free(size.s);
	free(unit.s);
}

static const struct {
	const char *text;
	enum stv_action action;
} actions[] = {
	{ "destroy", STV_ACTION_DESTROY },
	{ "restart", STV_ACTION_RESTART },
};

/* Unknown actions keep the default: the structural pass reported them. */
static void lower_action(struct lower *l, xmlNode *n, enum stv_action *out)
{
	struct stv_str s = { 0 };

	get_text(l, n, &s);
	for (size_t i = 0; s.s != NULL && i < N_ELEMS(actions); i++) {
		if (strcmp(s.s, actions[i].text) == 0)
			*out = actions[i].action;
	}
	free(s.s);
}

static void lower_on_poweroff(struct lower *l, xmlNode *n)
{
	lower_action(l, n, &l->dom->on_poweroff);
}

static void lower_on_reboot(struct lower *l, xmlNode *n)
{
	lower_action(l, n, &l->dom->on_reboot);
	l->dom->on_reboot_loc = loc_of(l, n, NULL);
}

static void lower_on_crash(struct lower *l, xmlNode *n)
{
	lower_action(l, n, &l->dom->on_crash);
}

static const struct {
	const char *name;
	const char *machine;	/* the one machine type StratoVirt has for it */
	enum stv_arch arch;
} arches[] = {
	{ "x86_64", "q35", STV_ARCH_X86_64 },
	{ "aarch64", "virt", STV_ARCH_AARCH64 },
};

const char *stv_arch_name(enum stv_arch arch)
{
	for (size_t i = 0; i < N_ELEMS(arches); i++)
		if (arches[i].arch == arch)
			return arches[i].name;
	return "?";
}

const char *stv_machine_name(enum stv_arch arch)
{
	for (size_t i = 0; i < N_ELEMS(arches); i++)
		if (arches[i].arch == arch)
			return arches[i].machine;
	return "?";
}

const char *stv_action_name(enum stv_action action)
{
	for (size_t i = 0; i < N_ELEMS(actions); i++)
		if (actions[i].action == action)
			return actions[i].text;
	return "?";
}

/* <os>: <type arch>, boot files, the first <boot dev>. */
static void lower_os(struct lower *l, xmlNode *n)
{
	struct stv_domain *dom = l->dom;
	struct stv_str arch = { 0 };
	xmlNode *boot = child(n, "boot");

	dom->os = loc_of(l, n, NULL);
	get_attr(l, child(n, "type"), "arch", &arch);
	for (size_t i = 0; arch.s != NULL && i < N_ELEMS(arches); i++) {
		if (strcmp(arch.s, arches[i].name) == 0) {
			dom->arch = arches[i].arch;
			dom->arch_set = true;
		}
	}
	free(arch.s);
	get_text(l, child(n, "kernel"), &dom->kernel);
	get_text(l, child(n, "initrd"), &dom->initrd);
	get_text(l, child(n, "cmdline"), &dom->cmdline);
	get_text(l, child(n, "loader"), &dom->loader);
	get_text(l, child(n, "nvram"), &dom->nvram);
	if (boot != NULL)
		dom->boot_dev = loc_of(l, boot, NULL);
	dom->features = dom->os;	/* until <features> says otherwise */
}

/* <features>: <acpi/> and <gic version='N'/>; the rest is the structure's. */
static void lower_features(struct lower *l, xmlNode *n)
{
	xmlNode *gic = child(n, "gic");

	l->dom->features = loc_of(l, n, NULL);
	l->dom->acpi = child(n, "acpi") != NULL;
	l->dom->gic_given = gic != NULL;
	l->dom->gic_version.loc = l->dom->features;
	if (gic != NULL)
		get_num_attr(l, gic, "version", &l->dom->gic_version);
}

static void lower_clock(struct lower *l, xmlNode *n)
{
	xmlNode *timer = child(n, "timer");

	if (timer != NULL)
		l->dom->clock_timer = loc_of(l, timer, NULL);
}

/* ---- Devices ---- */

static void *grow(struct lower *l, void *v, size_t *cap, size_t n, size_t size)
{
	size_t want = *cap ? *cap * 2 : 8;
	void *p;

	if (n < *cap)
		return v;
	p = realloc(v, want * size);
	if (p == NULL) {
		l->oom = true;
		return NULL;
	}
	*cap = want;
	return p;
}

/* <address type='pci' domain= bus= slot= function= multifunction=/> */
static void lower_address(struct lower *l, xmlNode *owner, struct stv_pci_addr *a)
{
	xmlNode *n = child(owner, "address");

	a->loc = loc_of(l, owner, NULL);
	if (n == NULL)
		return;
	a->present = true;
	a->user = true;
	a->loc = loc_of(l, n, NULL);
	get_num_attr(l, n, "domain", &a->domain);
	get_num_attr(l, n, "bus", &a->bus);
	get_num_attr(l, n, "slot", &a->slot);
	get_num_attr(l, n, "function", &a->function);
	a->multifunction = attr_is(l, n, "multifunction", "on");
}

/* Room for one more device; false when out of memory. */
static bool reserve_device(struct lower *l)
{
	struct stv_device *devs = grow(l, l->dom->devs, &l->devs_cap, l->dom->ndevs,
				       sizeof(*devs));

	if (devs == NULL)
		return false;
	l->dom->devs = devs;
	return true;
}

/* A device of that kind, next K, everything else zero. */
static struct stv_device blank_device(struct lower *l, enum stv_dev_kind kind, struct stv_loc loc)
{
	struct stv_device dev = { .kind = kind, .kind_index = l->count[kind]++, .loc = loc };

	dev.addr.loc = loc;
	return dev;
}

/* A device element: its kind, location, <alias name> and <address>. */
static struct stv_device *new_device(struct lower *l, xmlNode *n, enum stv_dev_kind kind)
{
	struct stv_device *dev;

	if (!reserve_device(l))
		return NULL;
	dev = &l->dom->devs[l->dom->ndevs++];
	*dev = blank_device(l, kind, loc_of(l, n, NULL));
	get_attr(l, child(n, "alias"), "name", &dev->alias);
	if (kind != STV_DEV_CONSOLE)
		lower_address(l, n, &dev->addr);
	return dev;
}

static void lower_disk(struct lower *l, xmlNode *n)
{
	struct stv_device *dev = new_device(l, n, STV_DEV_DISK);
	xmlNode *driver = child(n, "driver");
	struct stv_disk *disk;

	if (dev == NULL)
		return;
	disk = &dev->u.disk;
	get_attr(l, child(n, "source"), "file", &disk->source);
	get_attr(l, child(n, "target"), "dev", &disk->target);
	get_text(l, child(n, "serial"), &disk->serial);
	disk->readonly = child(n, "readonly") != NULL;
	get_num_attr(l, driver, "iothread", &disk->iothread);
	get_num_attr(l, driver, "queues", &disk->queues);
	get_num_attr(l, child(n, "boot"), "order", &disk->boot_order);
	get_num_text(l, child(child(n, "iotune"), "total_iops_sec"), &disk->iops);
}

static void lower_mac(struct lower *l, xmlNode *n, struct stv_net *net)
{
	struct stv_str raw = { 0 };
	uint8_t mac[6];

	get_attr(l, child(n, "mac"), "address", &raw);
	net->mac.loc = raw.s != NULL ? raw.loc : loc_of(l, n, NULL);
	net->mac_generated = raw.s == NULL;	/* filled in by derive_names() */
	if (raw.s != NULL && stv_parse_mac(raw.s, mac) == 0) {
		net->mac.s = malloc(18);
		if (net->mac.s == NULL)
			l->oom = true;
		else
			stv_format_mac(mac, net->mac.s);
	}
	free(raw.s);
}

static void lower_interface(struct lower *l, xmlNode *n)
{
	struct stv_device *dev = new_device(l, n, STV_DEV_NET);
	xmlNode *driver = child(n, "driver");
	struct stv_net *net;

	if (dev == NULL)
		return;
	net = &dev->u.net;
	lower_mac(l, n, net);
	get_attr(l, child(n, "source"), "bridge", &net->bridge);
	get_attr(l, child(n, "target"), "dev", &net->tap);
	if (net->tap.s == NULL) {
		net->tap.loc = dev->loc;
		net->tap_generated = true;
	}
	net->vhost = !attr_is(l, driver, "name", "qemu");
	get_num_attr(l, driver, "queues", &net->queues);
}

/* "on" 1, "off" 0, anything else or absent -1. */
static int on_off(struct lower *l, xmlNode *n, const char *attr)
{
	if (attr_is(l, n, attr, "on"))
		return 1;
	if (attr_is(l, n, attr, "off"))
		return 0;
	return -1;
}

/* autodeflate on <memballoon> (libvirt) wins over the seed's <alias> form. */
static void lower_balloon(struct lower *l, xmlNode *n)
{
	xmlNode *alias = child(n, "alias");
	struct stv_str has = { 0 };
	struct stv_device *dev;
	int on_alias;

	if (attr_is(l, n, "model", "none"))
		return;
	dev = new_device(l, n, STV_DEV_BALLOON);
	if (dev == NULL)
		return;
	get_attr(l, alias, "autodeflate", &has);
	dev->u.balloon.autodeflate_on_alias = has.s != NULL;
	free(has.s);
	on_alias = on_off(l, alias, "autodeflate");
	dev->u.balloon.autodeflate = on_off(l, n, "autodeflate");
	if (dev->u.balloon.autodeflate < 0)
		dev->u.balloon.autodeflate = on_alias;
}

static const struct {
	const char *type;
	enum stv_console_type console;
} console_types[] = {
	{ "pty", STV_CONSOLE_PTY },
	{ "file", STV_CONSOLE_FILE },
	{ "unix", STV_CONSOLE_UNIX },
};

static void lower_console(struct lower *l, xmlNode *n)
{
	struct stv_device *dev = new_device(l, n, STV_DEV_CONSOLE);
	struct stv_str type = { 0 };

	if (dev == NULL)
		return;
	get_attr(l, n, "type", &type);
	for (size_t i = 0; type.s != NULL && i < N_ELEMS(console_types); i++) {
		if (strcmp(type.s, console_types[i].type) == 0)
			dev->u.console.type = console_types[i].console;
	}
	free(type.s);
	get_attr(l, child(n, "source"), "path", &dev->u.console.path);
}

static void lower_rng(struct lower *l, xmlNode *n)
{
	struct stv_device *dev = new_device(l, n, STV_DEV_RNG);
	xmlNode *rate = child(n, "rate");

	if (dev == NULL)
		return;
	get_text(l, child(n, "backend"), &dev->u.rng.backend);
	get_num_attr(l, rate, "bytes", &dev->u.rng.bytes);
	get_num_attr(l, rate, "period", &dev->u.rng.period);
}

static void lower_vsock(struct lower *l, xmlNode *n)
{
	struct stv_device *dev = new_device(l, n, STV_DEV_VSOCK);

	if (dev == NULL)
		return;
	get_num_attr(l, child(n, "cid"), "address", &dev->u.vsock.cid);
}

static void lower_serial_controller(struct lower *l, xmlNode *n)
{
	new_device(l, n, STV_DEV_SERIAL);
}

static void root_port_range(struct lower *l, const struct stv_num *v, const char *what)
{
	const char *hint = "PCI bus numbers and StratoVirt's root port numbers are 0 to 255";
	if (v->v == UINT64_MAX)
		stv_report(l->d, STV_R_ROOT_PORT_RANGE, v->loc, hint,
			   "root port %s= does not fit in 64 bits; the limit is %d", what, STV_ROOT_PORT_MAX);
	else
		stv_report(l->d, STV_R_ROOT_PORT_RANGE, v->loc, hint,
			   "root port %s=%" PRIu64 " is above %d", what, v->v, STV_ROOT_PORT_MAX);
}

/* A root port whose index is not a bus number names no bus: reported, skipped. */
static void lower_root_port(struct lower *l, xmlNode *n)
{
	struct stv_domain *dom = l->dom;
	struct stv_root_port *ports, *p;
	struct stv_num index = { 0 };

	get_num_attr(l, n, "index", &index);
	if (!index.set)
		return;
	if (index.v > STV_ROOT_PORT_MAX) {
		root_port_range(l, &index, "index");
		return;
	}
	ports = grow(l, dom->ports, &l->ports_cap, dom->nports, sizeof(*ports));
	if (ports == NULL)
		return;
	dom->ports = ports;
	p = &ports[dom->nports++];
	memset(p, 0, sizeof(*p));
	p->index = (unsigned)index.v;
	p->loc = loc_of(l, n, NULL);
	get_num_attr(l, child(n, "target"), "port", &p->port);
	if (p->port.set && p->port.v > STV_ROOT_PORT_MAX)
		root_port_range(l, &p->port, "port");
	get_attr(l, child(n, "alias"), "name", &p->alias);
	lower_address(l, n, &p->addr);
}

static void lower_nothing(struct lower *l, xmlNode *n)
{
	(void)l;
	(void)n;
}

/* Controllers by type and model (NULL: any model). */
static const struct {
	const char *type, *model;
	void (*lower)(struct lower *l, xmlNode *n);
} controllers[] = {
	{ "virtio-serial", NULL, lower_serial_controller },
	{ "pci", "pcie-root-port", lower_root_port },
	{ "pci", "pcie-root", lower_nothing },		/* pcie.0 always exists */
	{ "usb", "none", lower_nothing },		/* "no USB" */
};

static void lower_controller(struct lower *l, xmlNode *n)
{
	for (size_t i = 0; i < N_ELEMS(controllers); i++) {
		if (attr_is(l, n, "type", controllers[i].type) &&
		    (controllers[i].model == NULL || attr_is(l, n, "model", controllers[i].model))) {
			controllers[i].lower(l, n);
			return;
		}
	}
}

static void lower_emulator(struct lower *l, xmlNode *n)
{
	if (l->dom->emulator.s == NULL)
		get_text(l, n, &l->dom->emulator);
}

/* The children of <devices>, in document order. */
static const struct {
	const char *element;
	void (*lower)(struct lower *l, xmlNode *n);
} device_elements[] = {
	{ "emulator", lower_emulator },
	{ "disk", lower_disk },
	{ "interface", lower_interface },
	{ "memballoon", lower_balloon },
	{ "controller", lower_controller },
	{ "console", lower_console },
	{ "rng", lower_rng },
	{ "vsock", lower_vsock },
};

static void lower_devices(struct lower *l, xmlNode *n)
{
	l->dom->devices = loc_of(l, n, NULL);
	for (xmlNode *c = n->children; c != NULL && !l->oom; c = c->next) {
		for (size_t i = 0; i < N_ELEMS(device_elements); i++) {
			if (is_elem(c, device_elements[i].element)) {
				device_elements[i].lower(l, c);
				break;
			}
		}
	}
}

/*
 * The children of <domain>: the first of each name is lowered, in this
 * order (<os> before <features>: the features location falls back to <os>).
 */
static const struct {
	const char *element;
	void (*lower)(struct lower *l, xmlNode *n);
} domain_elements[] = {
	{ "name", lower_name },
	{ "uuid", lower_uuid },
	{ "vcpu", lower_vcpu },
	{ "memory", lower_memory },
	{ "currentMemory", lower_current_memory },
	{ "memoryBacking", lower_memory_backing },
	{ "iothreads", lower_iothreads },
	{ "os", lower_os },
	{ "features", lower_features },
	{ "clock", lower_clock },
	{ "on_poweroff", lower_on_poweroff },
	{ "on_reboot", lower_on_reboot },
	{ "on_crash", lower_on_crash },
	{ "devices", lower_devices },
};

/* ---- Whole-domain passes, after every element is read ---- */

/* Open addressing over borrowed strings: ids, MACs and taps in use. */
struct name_set {
	const char **slot;
	size_t cap, n;
};

static size_t set_pos(const struct name_set *s, const char *name)
{
	size_t i = (size_t)stv_hash64(name, strlen(name), STV_HASH64_SEED) & (s->cap - 1);

	while (s->slot[i] != NULL && strcmp(s->slot[i], name) != 0)
		i = (i + 1) & (s->cap - 1);
	return i;
}

static bool set_has(const struct name_set *s, const char *name)
{
	return s->cap > 0 && s->slot[set_pos(s, name)] != NULL;
}

static int set_add(struct lower *l, struct name_set *s, const char *name)
{
	if (name == NULL)
		return 0;
	if (2 * (s->n + 1) > s->cap) {
		struct name_set bigger = { calloc(s->cap ? 2 * s->cap : 64, sizeof(char *)),
					   s->cap ? 2 * s->cap : 64, 0 };

		if (bigger.slot == NULL) {
			l->oom = true;
			return -1;
		}
		for (size_t i = 0; i < s->cap; i++) {
			if (s->slot[i] != NULL)
				bigger.slot[set_pos(&bigger, s->slot[i])] = s->slot[i];
		}
		bigger.n = s->n;
		free(s->slot);
		*s = bigger;
	}
	size_t i = set_pos(s, name);

	if (s->slot[i] == NULL) {
		s->slot[i] = name;
		s->n++;
	}
	return 0;
}

/* A console needs a virtio-serial controller: create one before it. */
static void add_console_serial(struct lower *l)
{
	struct stv_domain *dom = l->dom;
	size_t at = 0;

	if (l->count[STV_DEV_SERIAL] > 0 || l->count[STV_DEV_CONSOLE] == 0)
		return;
	while (dom->devs[at].kind != STV_DEV_CONSOLE)
		at++;
	if (!reserve_device(l))
		return;
	memmove(&dom->devs[at + 1], &dom->devs[at], (dom->ndevs - at) * sizeof(*dom->devs));
	dom->ndevs++;
	dom->devs[at] = blank_device(l, STV_DEV_SERIAL, dom->devs[at + 1].loc);
	dom->devs[at].generated = true;
}

static const struct {
	const char *id;		/* generated device id: id + number */
	const char *backend;	/* backend id: backend + device id; NULL: none */
} kind_names[STV_DEV_KIND_COUNT] = {
	[STV_DEV_DISK] = { "virtio-disk", "drive-" },
	[STV_DEV_NET] = { "net", "host" },
	[STV_DEV_BALLOON] = { "balloon", NULL },
	[STV_DEV_SERIAL] = { "virtio-serial", NULL },
	[STV_DEV_CONSOLE] = { "console", "char" },
	[STV_DEV_RNG] = { "rng", "obj" },
	[STV_DEV_VSOCK] = { "vsock", NULL },
};

static bool has_alias(const struct stv_str *alias)
{
	return alias->s != NULL && alias->s[0] != '\0';
}

/* PREFIX + the first number from K on that nobody uses yet. */
static char *free_id(struct lower *l, const struct name_set *used, const char *prefix, unsigned k)
{
	for (;; k++) {
		char *id = stv_asprintf("%s%u", prefix, k);

		if (id == NULL) {
			l->oom = true;
			return NULL;
		}
		if (!set_has(used, id))
			return id;
		free(id);
	}
}

static void assign_ids(struct lower *l)
{
	struct stv_domain *dom = l->dom;
	struct name_set used = { 0 };

	for (size_t i = 0; i < dom->nports; i++)
		set_add(l, &used, dom->ports[i].alias.s);
	for (size_t i = 0; i < dom->ndevs; i++) {
		if (has_alias(&dom->devs[i].alias))
			set_add(l, &used, dom->devs[i].alias.s);
	}
	for (size_t i = 0; i < dom->ndevs && !l->oom; i++) {
		struct stv_device *dev = &dom->devs[i];
		const char *backend = kind_names[dev->kind].backend;

		if (has_alias(&dev->alias)) {
			dev->id = strdup(dev->alias.s);
		} else {
			dev->id = free_id(l, &used, kind_names[dev->kind].id, dev->kind_index);
			set_add(l, &used, dev->id);
		}
		if (dev->id == NULL) {
			l->oom = true;
		} else if (backend != NULL) {
			dev->backend_id = stv_asprintf("%s%s", backend, dev->id);
			l->oom = l->oom || dev->backend_id == NULL;
		}
	}
	free(used.slot);
}

/*
 * Rehashing gives up after this many tries and keeps the last candidate
 * (check.c then reports the duplicate): only a hostile document gets there.
 */
#define MAX_REHASH 1000

/* 52:54:00 and three bytes of the hash, rehashed until unused. */
static char *derive_mac(struct lower *l, const struct name_set *used, const char *name, unsigned k)
{
	char *key = stv_asprintf("%s/%u", name, k), *mac = malloc(18);
	uint64_t h;

	if (key == NULL || mac == NULL) {
		l->oom = true;
		free(key);
		free(mac);
		return NULL;
	}
	h = stv_hash64(key, strlen(key), STV_HASH64_SEED);
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
static char *derive_tap(struct lower *l, const struct name_set *used, const char *name, unsigned k)
{
	uint64_t h = stv_hash64(name, strlen(name), STV_HASH64_SEED);
	char suffix[16], *tap = malloc(16);
	int width;

	if (tap == NULL) {
		l->oom = true;
		return NULL;
	}
	snprintf(suffix, sizeof(suffix), "n%u", k);
	width = 15 - 3 - (int)strlen(suffix);
	width = width > 8 ? 8 : width;
	for (int tries = 0; tries < MAX_REHASH; tries++) {
		uint32_t x = (uint32_t)h;

		if (width < 8)
			x &= (UINT32_C(1) << (4 * width)) - 1;
		snprintf(tap, 16, "stv%0*x%s", width, (unsigned)x, suffix);
		if (!set_has(used, tap))
			break;
		h = stv_hash64("+", 1, h);
	}
	return tap;
}

/* MACs and taps for interfaces that have none, unlike any the domain uses. */
static void derive_net_names(struct lower *l)
{
	struct stv_domain *dom = l->dom;
	const char *name = dom->name.s != NULL ? dom->name.s : "";
	struct name_set macs = { 0 }, taps = { 0 };

	for (size_t i = 0; i < dom->ndevs; i++) {
		if (dom->devs[i].kind == STV_DEV_NET) {
			set_add(l, &macs, dom->devs[i].u.net.mac.s);
			set_add(l, &taps, dom->devs[i].u.net.tap.s);
		}
	}
	for (size_t i = 0; i < dom->ndevs && !l->oom; i++) {
		struct stv_device *dev = &dom->devs[i];
		struct stv_net *net = &dev->u.net;

		if (dev->kind != STV_DEV_NET)
			continue;
		if (net->mac_generated) {
			net->mac.s = derive_mac(l, &macs, name, dev->kind_index);
			set_add(l, &macs, net->mac.s);
		}
		if (net->tap_generated) {
			net->tap.s = derive_tap(l, &taps, name, dev->kind_index);
			set_add(l, &taps, net->tap.s);
		}
	}
	free(macs.slot);
	free(taps.slot);
}

struct port_key {
	unsigned index;
	size_t pos;
};

static int cmp_port_key(const void *a, const void *b)
{
	const struct port_key *x = a, *y = b;

	if (x->index != y->index)
		return x->index < y->index ? -1 : 1;
	return x->pos < y->pos ? -1 : x->pos > y->pos;
}

/* Root ports by index; equal indexes keep document order. */
static void sort_ports(struct lower *l)
{
	struct stv_domain *dom = l->dom;
	struct port_key *keys;
	struct stv_root_port *sorted;

	if (dom->nports < 2)
		return;
	keys = calloc(dom->nports, sizeof(*keys));
	sorted = calloc(dom->nports, sizeof(*sorted));
	if (keys == NULL || sorted == NULL) {
		l->oom = true;
		goto out;
	}
	for (size_t i = 0; i < dom->nports; i++)
		keys[i] = (struct port_key){ dom->ports[i].index, i };
	qsort(keys, dom->nports, sizeof(*keys), cmp_port_key);
	for (size_t i = 0; i < dom->nports; i++)
		sorted[i] = dom->ports[keys[i].pos];
	free(dom->ports);
	dom->ports = sorted;
	l->ports_cap = dom->nports;
	sorted = NULL;
out:
	free(keys);
	free(sorted);
}

static void set_defaults(struct lower *l)
{
	struct stv_domain *dom = l->dom;

	dom->on_poweroff = STV_ACTION_DESTROY;
	dom->on_reboot = STV_ACTION_RESTART;
	dom->on_crash = STV_ACTION_DESTROY;
	dom->features = dom->loc;
}

static void default_emulator(struct lower *l)
{
	struct stv_domain *dom = l->dom;

	if (dom->emulator.s != NULL)
		return;
	dom->emulator.s = strdup(DEFAULT_EMULATOR);
	dom->emulator.loc = dom->devices.line > 0 ? dom->devices : dom->loc;
	l->oom = l->oom || dom->emulator.s == NULL;
}

struct stv_domain *stv_lower(const struct stv_source *src, struct _xmlDoc *doc,
			     struct stv_diags *d)
{
	struct lower l = { .src = src, .d = d };
	xmlNode *root = doc != NULL ? xmlDocGetRootElement(doc) : NULL;

	l.dom = calloc(1, sizeof(*l.dom));
	if (l.dom == NULL)
		return NULL;
	if (root != NULL)
		l.dom->loc = loc_of(&l, root, NULL);
	set_defaults(&l);
	if (is_elem(root, "domain")) {
		for (size_t i = 0; i < N_ELEMS(domain_elements) && !l.oom; i++) {
			xmlNode *n = child(root, domain_elements[i].element);

			if (n != NULL)
				domain_elements[i].lower(&l, n);
		}
	}
	if (!l.oom)
		add_console_serial(&l);
	if (!l.oom)
		assign_ids(&l);
	if (!l.oom)
		derive_net_names(&l);
	if (!l.oom)
		sort_ports(&l);
	if (!l.oom)
		default_emulator(&l);
	if (l.oom) {
		stv_domain_free(l.dom);
		return NULL;
	}
	return l.dom;
}

static void free_device(struct stv_device *dev)
{
	free(dev->alias.s);
	free(dev->id);
	free(dev->backend_id);
	switch (dev->kind) {
	case STV_DEV_DISK:
		free(dev->u.disk.source.s);
		free(dev->u.disk.target.s);
		free(dev->u.disk.serial.s);
		break;
	case STV_DEV_NET:
		free(dev->u.net.mac.s);
		free(dev->u.net.bridge.s);
		free(dev->u.net.tap.s);
		break;
	case STV_DEV_CONSOLE:
		free(dev->u.console.path.s);
		break;
	case STV_DEV_RNG:
		free(dev->u.rng.backend.s);
		break;
	case STV_DEV_BALLOON:
	case STV_DEV_SERIAL:
	case STV_DEV_VSOCK:
	case STV_DEV_KIND_COUNT:
		break;
	}
}

void stv_domain_free(struct stv_domain *dom)
{
	if (dom == NULL)
		return;
	free(dom->name.s);
	free(dom->uuid.s);
	free(dom->emulator.s);
	free(dom->kernel.s);
	free(dom->initrd.s);
	free(dom->cmdline.s);
	free(dom->loader.s);
	free(dom->nvram.s);
	for (size_t i = 0; i < dom->nports; i++)
		free(dom->ports[i].alias.s);
	free(dom->ports);
	for (size_t i = 0; i < dom->ndevs; i++)
		free_device(&dom->devs[i]);
	free(dom->devs);
	free(dom);
}
