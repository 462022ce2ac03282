/*
 * PCI address assignment (argv-mapping.md, "PCI addresses").
 *
 * An occupancy map of the buses (pcie.0: 32 slots x 8 functions; each root
 * port: slot 0 x 8 functions) is filled in two passes.  First every address
 * already present is checked and reserved, so what the user wrote always
 * wins and every conflict is reported in one run.  Then root ports and
 * devices without an address are placed in a fixed order, creating root
 * ports when the existing ones are taken.  Occupants are stored as indices,
 * never pointers, because creating a root port reallocates dom->devs.
 * Root ports are devices (devices.def); the layout keeps its own list of
 * them sorted by controller index.  A device whose written address was
 * refused is left where it is: nowhere.  Nothing depends on memory
 * addresses or hashing: same IR, same layout.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "defaults.h"
#include "ir.h"

#define NSLOTS 32
#define NFUNCS 8

enum occ_kind { OCC_FREE, OCC_PORT, OCC_DEV };

/* Who holds a slot function: a root port (into ports) or a device (into dom->devs). */
struct occ {
	enum occ_kind kind;
	size_t i;
};

struct layout {
	struct stv_domain *dom;
	struct stv_diags *d;
	struct occ root[NSLOTS][NFUNCS];	/* pcie.0 */
	size_t *ports;		/* the root ports' positions in dom->devs, by index */
	size_t nports;
	struct occ (*pbus)[NFUNCS];	/* slot 0 of each root port, parallel to ports */
	bool *pbad;		/* root port with a duplicate index: never a parent */
	size_t cap;		/* of ports, pbus and pbad */
	long by_index[STV_ROOT_PORT_MAX + 1];	/* usable port per index, or -1 */
	size_t next_empty;	/* ports before it are taken or unusable */
};

static struct stv_device *port_dev(const struct layout *l, size_t p)
{
	return &l->dom->devs[l->ports[p]];
}

static unsigned port_index(const struct layout *l, size_t p)
{
	return (unsigned)port_dev(l, p)->index.v;
}

const char *stv_bus_name(unsigned bus, char buf[static 16])
{
	snprintf(buf, 16, "pcie.%u", bus);
	return buf;
}

/* ---- describing things in messages ---- */

static const char *kind_name(enum stv_dev_kind k)
{
	return stv_kind_info(k)->what;
}

/* "disk virtio-disk0" or "root port pcie.3": who sits somewhere. */
static void describe(const struct layout *l, struct occ o, char *buf, size_t n)
{
	switch (o.kind) {
	case OCC_PORT:
		snprintf(buf, n, "root port pcie.%u", port_index(l, o.i));
		return;
	case OCC_DEV: {
		const struct stv_device *dev = &l->dom->devs[o.i];
		snprintf(buf, n, "%s %s", kind_name(dev->kind), dev->id ? dev->id : "(no id)");
		return;
	}
	case OCC_FREE:
		break;
	}
	snprintf(buf, n, "nothing");
}

static struct stv_pci_addr *occ_addr(const struct layout *l, struct occ o)
{
	switch (o.kind) {
	case OCC_PORT: return &port_dev(l, o.i)->addr;
	case OCC_DEV: return &l->dom->devs[o.i].addr;
	case OCC_FREE: break;
	}
	return NULL;
}

static int occ_line(const struct layout *l, struct occ o)
{
	switch (o.kind) {
	case OCC_PORT: return stv_loc_line(l->d, port_dev(l, o.i)->loc);
	case OCC_DEV: return stv_loc_line(l->d, l->dom->devs[o.i].loc);
	case OCC_FREE: break;
	}
	return 0;
}

/* libvirt's form, 0000:00:01.0, so messages read like libvirt's. */
static void addr_str(const struct stv_pci_addr *a, char *buf, size_t n)
{
	snprintf(buf, n, "%04" PRIx64 ":%02" PRIx64 ":%02" PRIx64 ".%" PRIx64,
		 a->domain.v, a->bus.v, a->slot.v, a->function.v);
}

/* ---- the occupancy map ---- */

/* Slot 0 is the host bridge; q35 also has its LPC bridge at 0x1f (arches.def). */
static bool is_reserved_root_slot(const struct stv_domain *dom, unsigned slot)
{
	bool arch = dom->arch.set && !dom->arch.refused;
	return slot == 0 ||
	       (arch && (int)slot == stv_arch_info((enum stv_arch)dom->arch.v)->lpc_slot);
}

static int grow(struct layout *l, size_t want)
{
	if (want <= l->cap)
		return 0;
	size_t cap = l->cap ? l->cap * 2 : 8;
	while (cap < want)
		cap *= 2;
	struct occ (*pbus)[NFUNCS] = realloc(l->pbus, cap * sizeof *pbus);
	if (!pbus)
		return -1;
	l->pbus = pbus;
	size_t *ports = realloc(l->ports, cap * sizeof *ports);
	if (!ports)
		return -1;
	l->ports = ports;
	bool *pbad = realloc(l->pbad, cap * sizeof *pbad);
	if (!pbad)
		return -1;
	l->pbad = pbad;
	memset(l->pbus + l->cap, 0, (cap - l->cap) * sizeof *pbus);
	memset(l->pbad + l->cap, 0, (cap - l->cap) * sizeof *pbad);
	l->cap = cap;
	return 0;
}

/* Position in ports of the usable root port with this index, or -1. */
static long find_port(const struct layout *l, uint64_t index)
{
	return index <= STV_ROOT_PORT_MAX ? l->by_index[index] : -1;
}

/* A root port that can be no parent: reported already. */
static void drop_port(struct layout *l, size_t i)
{
	l->pbad[i] = true;
	if (l->by_index[port_index(l, i)] == (long)i)
		l->by_index[port_index(l, i)] = -1;
}

/* The map cell of bus/slot/function; the caller has checked the ranges. */
static struct occ *cell(struct layout *l, long port, unsigned slot, unsigned fn)
{
	return port < 0 ? &l->root[slot][fn] : &l->pbus[port][fn];
}

static void set_num(struct stv_num *n, uint64_t v, struct stv_loc loc)
{
	n->v = v;
	n->set = true;
	n->loc = loc;
}

static void place(struct stv_pci_addr *a, unsigned bus, unsigned slot, unsigned fn,
		  struct stv_loc loc)
{
	a->present = true;
	set_num(&a->domain, 0, loc);
	set_num(&a->bus, bus, loc);
	set_num(&a->slot, slot, loc);
	set_num(&a->function, fn, loc);
	a->loc = loc;
}

/* ---- pass 1: addresses already present ---- */

/*
 * The ports are sorted by index, equal ones in document order: the first
 * of each index is the usable one, the others are duplicates.
 */
static int check_dup_indices(struct layout *l)
{
	struct stv_domain *dom = l->dom;
	int rc = 0;

	(void)dom;
	for (size_t j = 0; j < l->nports; j++) {
		struct stv_device *p = port_dev(l, j);
		unsigned index = port_index(l, j);
		long first = l->by_index[index];
		if (index == 0) {
			stv_report(l->d, STV_R_CONTROLLER_INDEX_DUP, p->index.loc,
				   "give each pcie-root-port an index of 1 or more",
				   "root port controller index 0 is the pcie-root bus (pcie.0)");
			l->pbad[j] = true;
			rc = -1;
		} else if (first >= 0) {
			stv_report(l->d, STV_R_CONTROLLER_INDEX_DUP, p->index.loc,
				   "give each PCI controller its own index",
				   "controller index %u is already used by the root port on line %d",
				   index, stv_loc_line(l->d, port_dev(l, (size_t)first)->loc));
			l->pbad[j] = true;
			rc = -1;
		} else {
			l->by_index[index] = (long)j;
		}
	}
	return rc;
}

/*
 * Reports "WHO: invalid PCI address A; WHY".  The names are formatted only
 * here: reserving a valid address, the common case, formats nothing.
 */
static int invalid_addr(struct layout *l, struct occ who, const struct stv_num *at_fault,
			enum stv_rule rule, const char *hint, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));
static int invalid_addr(struct layout *l, struct occ who, const struct stv_num *at_fault,
			enum stv_rule rule, const char *hint, const char *fmt, ...)
{
	struct stv_pci_addr *a = occ_addr(l, who);
	char name[320], at[64];
	va_list ap;

	describe(l, who, name, sizeof name);
	addr_str(a, at, sizeof at);
	va_start(ap, fmt);
	char *why = stv_vasprintf(fmt, ap);
	va_end(ap);
	stv_report(l->d, rule, stv_loc_or(at_fault->loc, a->loc), hint,
		   "%s: invalid PCI address %s; %s", name, at, why ? why : "out of memory");
	free(why);
	return -1;
}

static int double_use(struct layout *l, struct occ who, struct occ holder)
{
	struct stv_pci_addr *a = occ_addr(l, who);
	char name[320], at[64], other[320];

	describe(l, who, name, sizeof name);
	addr_str(a, at, sizeof at);
	describe(l, holder, other, sizeof other);
	stv_report(l->d, STV_R_PCI_ADDRESS_DUP, a->loc,
		   "give one of them another address, or remove its <address>",
		   "%s: attempted double use of PCI address %s, already used by %s (line %d)",
		   name, at, other, occ_line(l, holder));
	return -1;
}

/* Whether a bus may be one whose controller the structural pass refused. */
static bool bus_refused(const struct layout *l, uint64_t bus)
{
	const struct stv_domain *dom = l->dom;
	if (dom->buses_unknown || (bus <= STV_ROOT_PORT_MAX && dom->refused_bus[bus]))
		return true;
	for (size_t i = 0; i < dom->ndevs; i++)
		if (dom->devs[i].kind == STV_DEV_ROOT_PORT && dom->devs[i].index.refused)
			return true;
	return false;
}

/* Checks a root port's bus address; returns the port index behind it, or -1. */
static int check_port_bus(struct layout *l, struct occ who, long *port)
{
	struct stv_pci_addr *a = occ_addr(l, who);

	*port = find_port(l, a->bus.v);
	if (who.kind == OCC_PORT)
		return invalid_addr(l, who, &a->bus, STV_R_PCI_BUS_MISSING,
				    "write bus='0x00', or remove the <address> to have one assigned",
				    "root ports plug into pcie.0 (bus 0x00) only");
	/* a bus missing because its controller was refused is no news */
	if (*port < 0 && bus_refused(l, a->bus.v))
		return -1;
	if (*port < 0)
		return invalid_addr(l, who, &a->bus, STV_R_PCI_BUS_MISSING,
				    "add <controller type='pci' model='pcie-root-port'/> with that index, or remove the <address>",
				    "no PCI controller has index %" PRIu64, a->bus.v);
	if (a->slot.v != 0)
		return invalid_addr(l, who, &a->slot, STV_R_ROOT_PORT_SLOT, "write slot='0x00'",
				    "root port pcie.%" PRIu64 " has only slot 0", a->bus.v);
	return 0;
}

/*
 * Checks one present address and reserves its cell.  Returns -1 after
 * reporting when it cannot be reserved.
 */
static int reserve(struct layout *l, struct occ who)
{
	struct stv_pci_addr *a = occ_addr(l, who);
	long port = -1;

	if (a->domain.v != 0)
		return invalid_addr(l, who, &a->domain, STV_R_PCI_DOMAIN, "write domain='0x0000'",
				    "only PCI domain 0 is available");
	if (a->slot.v >= NSLOTS)
		return invalid_addr(l, who, &a->slot, STV_R_PCI_SLOT_RANGE, NULL, "slot must be <= 0x1f");
	if (a->function.v >= NFUNCS)
		return invalid_addr(l, who, &a->function, STV_R_PCI_FUNCTION_RANGE, NULL,
				    "function must be <= 7");
	if (a->bus.v != 0) {
		if (check_port_bus(l, who, &port) < 0)
			return -1;
	} else if (is_reserved_root_slot(l->dom, (unsigned)a->slot.v)) {
		return invalid_addr(l, who, &a->slot, STV_R_ROOT_SLOT_RESERVED,
				    "use another slot, or remove the <address> to have one assigned",
				    "slot 0x%02" PRIx64 " of pcie.0 is the %s", a->slot.v,
				    a->slot.v == 0 ? "host bridge" : "q35 machine's ICH9 LPC bridge");
	}

	struct occ *c = cell(l, port, (unsigned)a->slot.v, (unsigned)a->function.v);
	if (c->kind != OCC_FREE)
		return double_use(l, who, *c);
	*c = who;
	return 0;
}

/*
 * Devices StratoVirt realizes single-function: their -device has no
 * multifunction key and they never set the header's multifunction bit, so
 * a slot's other functions cannot be populated behind them ("PCI: single
 * function device can't be populated", 2.5 devices/src/pci/mod.rs).  The
 * xHCI (2.3 machine_manager/src/config/usb.rs parse_xhci; 2.4, 2.5
 * devices/src/usb/xhci/xhci_pci.rs XhciConfig) and virtio-gpu-pci (2.3,
 * 2.4 machine_manager/src/config/gpu.rs; 2.5 virtio/src/device/gpu.rs
 * GpuDevConfig) have no such key in any version, nor has pvpanic (2.4
 * machine_manager/src/config/pvpanic_pci.rs, 2.5 devices/src/misc/pvpanic.rs;
 * none in 2.3).  They may be functions 1 to 7 behind a multifunction
 * function 0.
 */
static const bool single_function[STV_DEV_KIND_COUNT] = {
	[STV_DEV_USB] = true,
	[STV_DEV_VIDEO] = true,
	[STV_DEV_PANIC] = true,
};

static bool occ_single_function(const struct layout *l, struct occ o)
{
	return o.kind == OCC_DEV && single_function[l->dom->devs[o.i].kind];
}

/* A single-function device at function 0: alone in its slot, without multifunction='on'. */
static int check_single_function(struct layout *l, struct occ *fns)
{
	struct stv_pci_addr *a0 = occ_addr(l, fns[0]);
	char name[320], at[64], other[320];
	unsigned f = 1;

	if (!occ_single_function(l, fns[0]))
		return 0;
	while (f < NFUNCS && fns[f].kind == OCC_FREE)
		f++;
	bool written_on = a0->multifunction.set && stv_is(&a0->multifunction, STV_ONOFF_ON);
	if (f == NFUNCS && !written_on)
		return 0;
	describe(l, fns[0], name, sizeof name);
	addr_str(a0, at, sizeof at);
	if (f == NFUNCS) {
		stv_report(l->d, STV_R_PCI_SINGLE_FUNCTION, stv_loc_or(a0->multifunction.loc, a0->loc),
			   "remove multifunction='on'",
			   "%s: PCI address %s has multifunction='on', but StratoVirt realizes a %s single-function",
			   name, at, kind_name(l->dom->devs[fns[0].i].kind));
		return -1;
	}
	describe(l, fns[f], other, sizeof other);
	stv_report(l->d, STV_R_PCI_SINGLE_FUNCTION, a0->loc,
		   "give it a slot of its own, or put another device at function 0 and this one at a higher function",
		   "%s: PCI address %s is function 0 of a slot whose function %u is used by %s (line %d), but StratoVirt realizes a %s single-function",
		   name, at, f, other, occ_line(l, fns[f]), kind_name(l->dom->devs[fns[0].i].kind));
	return -1;
}

/* A function above 0 needs function 0 of its slot, with multifunction='on'. */
static int check_multifunction(struct layout *l, struct occ who)
{
	struct stv_pci_addr *a = occ_addr(l, who);
	char name[320], at[64], other[320];

	if (a->function.v == 0)
		return 0;
	long port = a->bus.v ? find_port(l, a->bus.v) : -1;
	struct occ f0 = *cell(l, port, (unsigned)a->slot.v, 0);
	struct stv_pci_addr *a0 = occ_addr(l, f0);
	/* one that cannot be multifunction: check_single_function says so, once */
	if (a0 && (stv_is(&a0->multifunction, STV_ONOFF_ON) || occ_single_function(l, f0)))
		return 0;
	describe(l, who, name, sizeof name);
	addr_str(a, at, sizeof at);
	if (!a0) {
		stv_report(l->d, STV_R_MULTIFUNCTION, stv_loc_or(a->function.loc, a->loc),
			   "put a device at function 0 of that slot with multifunction='on', or use function 0",
			   "%s: PCI address %s is function %" PRIu64 ", but nothing uses function 0 of that slot",
			   name, at, a->function.v);
		return -1;
	}
	describe(l, f0, other, sizeof other);
	stv_report(l->d, STV_R_MULTIFUNCTION, stv_loc_or(a->function.loc, a->loc),
		   "add multifunction='on' to the <address> at function 0",
		   "%s: PCI address %s is function %" PRIu64 ", but %s (line %d) at function 0 lacks multifunction='on'",
		   name, at, a->function.v, other, occ_line(l, f0));
	return -1;
}

/* A PCI device other than a root port, whose address is ours to check or give. */
static bool placed_as_device(const struct stv_device *dev)
{
	return stv_dev_pci(dev) && dev->kind != STV_DEV_ROOT_PORT &&
	       (dev->addr.present || !dev->addr.written.set);
}

static int reserve_present(struct layout *l)
{
	struct stv_domain *dom = l->dom;
	int rc = check_dup_indices(l);

	/* Reserve everything first, then check multifunction against the full map. */
	for (size_t i = 0; i < l->nports; i++)
		if (port_dev(l, i)->addr.present && !l->pbad[i] &&
		    reserve(l, (struct occ){ OCC_PORT, i }) < 0)
			port_dev(l, i)->addr.present = false, rc = -1;
	for (size_t i = 0; i < dom->ndevs; i++)
		if (placed_as_device(&dom->devs[i]) && dom->devs[i].addr.present &&
		    reserve(l, (struct occ){ OCC_DEV, i }) < 0)
			rc = -1;
	for (size_t s = 0; s < NSLOTS; s++) {
		for (size_t f = 1; f < NFUNCS; f++)
			if (l->root[s][f].kind != OCC_FREE && check_multifunction(l, l->root[s][f]) < 0)
				rc = -1;
		if (check_single_function(l, l->root[s]) < 0)
			rc = -1;
	}
	for (size_t p = 0; p < l->nports; p++) {
		for (size_t f = 1; f < NFUNCS; f++)
			if (l->pbus[p][f].kind != OCC_FREE && check_multifunction(l, l->pbus[p][f]) < 0)
				rc = -1;
		if (check_single_function(l, l->pbus[p]) < 0)
			rc = -1;
	}
	return rc;
}

/* ---- pass 2: placing what has no address ---- */

/* A slot root ports may pack into: not reserved, and holding only root ports. */
static bool port_slot_usable(const struct layout *l, unsigned slot)
{
	if (is_reserved_root_slot(l->dom, slot))
		return false;
	for (unsigned f = 0; f < NFUNCS; f++)
		if (l->root[slot][f].kind == OCC_DEV)
			return false;
	return true;
}

/* Rule 1: the next free function on pcie.0, eight root ports per slot. */
static int place_root_port(struct layout *l, size_t i)
{
	for (unsigned s = 1; s < NSLOTS; s++) {
		if (!port_slot_usable(l, s))
			continue;
		for (unsigned f = 0; f < NFUNCS; f++) {
			if (l->root[s][f].kind != OCC_FREE)
				continue;
			l->root[s][f] = (struct occ){ OCC_PORT, i };
			place(&port_dev(l, i)->addr, 0, s, f, port_dev(l, i)->loc);
			return 0;
		}
	}
	return -1;
}

/* Root ports without an address, in controller index order (the array's). */
static int place_root_ports(struct layout *l)
{
	int rc = 0;

	for (size_t i = 0; i < l->nports; i++) {
		struct stv_device *p = port_dev(l, i);
		if (p->addr.present || l->pbad[i] || p->addr.written.set)
			continue;
		if (place_root_port(l, i) < 0) {
			stv_report(l->d, STV_R_PCI_LAYOUT, p->loc,
				   "give some root ports an explicit address, or use fewer",
				   "root port pcie.%u does not fit: pcie.0 has no free slot function left",
				   port_index(l, i));
			drop_port(l, i);	/* reported once, never a parent */
			rc = -1;
		}
	}
	return rc;
}

static bool port_empty(const struct layout *l, size_t p)
{
	for (unsigned f = 0; f < NFUNCS; f++)
		if (l->pbus[p][f].kind != OCC_FREE)
			return false;
	return true;
}

/*
 * Rule 2 helper: a new root port, next index, placed by rule 1.  Returns
 * its position in ports, -1 when none fits (pcie.0 full, or index 255
 * taken), -2 when out of memory.  It is added to dom->devs, which may move:
 * callers hold indices only.
 */
static long new_root_port(struct layout *l, size_t cause)
{
	struct stv_domain *dom = l->dom;
	unsigned index = l->nports ? port_index(l, l->nports - 1) : 0;

	if (index >= STV_ROOT_PORT_MAX)
		return -1;
	if (grow(l, l->nports + 1) < 0)
		return -2;
	struct stv_loc loc = dom->devs[cause].loc;
	struct stv_device *p = stv_add_device(dom, STV_DEV_ROOT_PORT, loc);
	if (!p)
		return -2;
	p->index = (struct stv_num){ index + 1, true, false, loc };
	p->u.root_port.chassis = p->index;
	p->generated = true;
	size_t i = l->nports++;
	l->ports[i] = (size_t)(p - dom->devs);
	if (place_root_port(l, i) < 0) {
		/* Taken back, so a failure leaves the IR as it was. */
		l->nports--;
		dom->ndevs--;
		return -1;
	}
	if (stv_name_root_port(p) < 0)
		return -2;
	l->by_index[index + 1] = (long)i;
	return (long)i;
}

/*
 * Rule 2: slot 0 of the lowest-index empty root port, or a new one.  Every
 * port is placed before any device, and a port once taken stays taken, so
 * the search resumes where the last one stopped.
 */
static int place_device(struct layout *l, size_t di)
{
	long best = -1;

	for (; l->next_empty < l->nports; l->next_empty++) {
		size_t p = l->next_empty;
		if (!l->pbad[p] && port_dev(l, p)->addr.present && port_empty(l, p)) {
			best = (long)p;
			break;
		}
	}
	if (best < 0)
		best = new_root_port(l, di);
	if (best == -2) {
		l->d->oom = true;
		return -1;
	}
	struct stv_device *dev = &l->dom->devs[di];
	if (best < 0) {
		stv_report(l->d, STV_R_PCI_LAYOUT, dev->loc,
			   "give devices explicit addresses on pcie.0 or as functions of one root port",
			   "%s %s does not fit: no empty root port is left, and pcie.0 has no room for another or index %d is taken",
			   kind_name(dev->kind), dev->id ? dev->id : "(no id)", STV_ROOT_PORT_MAX);
		return -1;
	}
	l->pbus[best][0] = (struct occ){ OCC_DEV, di };
	place(&dev->addr, port_index(l, (size_t)best), 0, 0, dev->loc);
	return 0;
}

static int place_devices(struct layout *l)
{
	int rc = 0;
	/* Root ports it creates go to the end, past n: they are placed already. */
	size_t n = l->dom->ndevs;

	for (size_t i = 0; i < n; i++) {
		const struct stv_device *dev = &l->dom->devs[i];
		if (!placed_as_device(dev) || dev->addr.present)
			continue;
		if (place_device(l, i) < 0) {
			rc = -1;
			if (l->d->oom)
				break;
		}
	}
	return rc;
}

/* ---- pass 3: what follows from the layout ---- */

/* Rule 3: port = (slot << 3) + function unless <target port> gave one. */
static int assign_port_numbers(struct layout *l)
{
	int rc = 0;

	for (size_t i = 0; i < l->nports; i++) {
		struct stv_device *p = port_dev(l, i);
		struct stv_num *port = &p->u.root_port.port;
		if (!port->set && !port->refused && p->addr.present)
			set_num(port, (p->addr.slot.v << 3) + p->addr.function.v, p->loc);
	}
	/* A port above 255 is a root-port-range error already. */
	long first[STV_ROOT_PORT_MAX + 1];
	for (size_t i = 0; i <= STV_ROOT_PORT_MAX; i++)
		first[i] = -1;
	for (size_t j = 0; j < l->nports; j++) {
		struct stv_device *p = port_dev(l, j);
		const struct stv_num *port = &p->u.root_port.port;
		if (!port->set || port->v > STV_ROOT_PORT_MAX)
			continue;
		if (first[port->v] < 0) {
			first[port->v] = (long)j;
			continue;
		}
		size_t q = (size_t)first[port->v];
		stv_report(l->d, STV_R_ROOT_PORT_DUP, stv_loc_or(port->loc, p->loc),
			   "remove <target port> to have it computed from the address, or pick an unused port",
			   "root port pcie.%u has port 0x%" PRIx64 ", already used by root port pcie.%u (line %d)",
			   port_index(l, j), port->v, port_index(l, q),
			   stv_loc_line(l->d, port_dev(l, q)->loc));
		rc = -1;
	}
	return rc;
}

static void mark_multifunction_slot(struct layout *l, struct occ *fns)
{
	unsigned used = 0;

	for (unsigned f = 0; f < NFUNCS; f++)
		used += fns[f].kind != OCC_FREE;
	struct stv_pci_addr *a0 = occ_addr(l, fns[0]);
	if (used > 1 && a0 && !stv_is(&a0->multifunction, STV_ONOFF_ON)) {
		a0->multifunction.v = STV_ONOFF_ON;
		a0->multifunction.set = true;
	}
}

static void mark_multifunction(struct layout *l)
{
	for (unsigned s = 0; s < NSLOTS; s++)
		mark_multifunction_slot(l, l->root[s]);
	for (size_t p = 0; p < l->nports; p++)
		mark_multifunction_slot(l, l->pbus[p]);
}

struct port_key {
	uint64_t index;
	size_t pos;		/* in dom->devs: document order */
};

static int cmp_port(const void *pa, const void *pb)
{
	const struct port_key *a = pa, *b = pb;
	if (a->index != b->index)
		return a->index < b->index ? -1 : 1;
	return a->pos < b->pos ? -1 : a->pos > b->pos;
}

/*
 * The root ports that can be buses (a usable index), sorted by index;
 * equal indexes keep document order, so the first of them is the usable one.
 */
static int collect_ports(struct layout *l)
{
	struct stv_domain *dom = l->dom;
	size_t n = 0;
	for (size_t i = 0; i < dom->ndevs; i++)
		n += dom->devs[i].kind == STV_DEV_ROOT_PORT;
	struct port_key *keys = calloc(n + 1, sizeof *keys);
	if (!keys || grow(l, n + 1) < 0) {
		free(keys);
		return -1;
	}
	for (size_t i = 0; i < dom->ndevs; i++) {
		const struct stv_device *p = &dom->devs[i];
		if (p->kind == STV_DEV_ROOT_PORT && p->index.set && p->index.v <= STV_ROOT_PORT_MAX)
			keys[l->nports++] = (struct port_key){ p->index.v, i };
	}
	qsort(keys, l->nports, sizeof *keys, cmp_port);
	for (size_t i = 0; i < l->nports; i++)
		l->ports[i] = keys[i].pos;
	free(keys);
	return 0;
}

/*
 * Returns -1 when any address finding was reported (the layout is then not
 * fit for an argv), 0 otherwise.
 */
int stv_assign_addresses(struct stv_domain *dom, struct stv_diags *d)
{
	struct layout l = { .dom = dom, .d = d };
	size_t errors = d->errors;
	int rc = -1;

	for (size_t i = 0; i <= STV_ROOT_PORT_MAX; i++)
		l.by_index[i] = -1;
	if (collect_ports(&l) < 0) {
		d->oom = true;
		goto out;
	}
	rc = 0;
	if (reserve_present(&l) < 0)
		rc = -1;
	if (place_root_ports(&l) < 0)
		rc = -1;
	if (place_devices(&l) < 0)
		rc = -1;
	if (assign_port_numbers(&l) < 0)
		rc = -1;
	mark_multifunction(&l);
	if (d->errors > errors || d->oom)
		rc = -1;
out:
	free(l.pbus);
	free(l.pbad);
	free(l.ports);
	return rc;
}
