/*
 * The semantic rules: every CHECK-stage rule of rules.def, run over the IR.
 *
 * One small function per rule, walked in the order of the table at the end
 * of this file; the ranges of single values are data (the schema's
 * stv:range, in stv_ranged_fields) checked by one of them.  Each reports at
 * the element or attribute that broke the rule and names the value.  A rule
 * never reports the consequence of a finding already made: values that are
 * absent or refused are skipped (the stage that saw them said why), and a
 * refused value still counts as present where presence is the question.  A
 * number past 64 bits arrives as UINT64_MAX and fails its range like any
 * other.  PCI rules live in address.c.
 */
#include <ctype.h>
#include <inttypes.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ir.h"
#include "subset.h"
#include "values.h"

#define KiB ((uint64_t)1 << 10)
#define MiB ((uint64_t)1 << 20)
#define GiB ((uint64_t)1 << 30)

/*
 * StratoVirt's limits (stratovirt-facts.md) that are not a single value's
 * range (those are the schema's stv:range), named where the rules use them.
 */
#define MIN_MEMORY	(128 * MiB)
#define MAX_MEMORY	(512 * GiB)
#define MAX_SERIAL	20		/* VIRTIO_BLK_ID_BYTES */
#define MAX_SCSI_SERIAL	32		/* scsi/bus.rs cuts a longer one (VPD page 0x80) */
#define MIN_RNG_RATE	64
#define MAX_RNG_RATE	1000000000
#define MIN_VSOCK_CID	3		/* 0, 1, 2 are the hypervisor, local, host */
#define MAX_VSOCK_CID	UINT64_C(0xFFFFFFFE)	/* 0xFFFFFFFF is VMADDR_CID_ANY */
#define MAX_PATH	4096
#define MAX_INITRD_PATH	255		/* -initrd goes through check_arg_too_long */
#define MAX_SOCK_PATH	107		/* sun_path less the NUL */
#define MAX_PARAM	255		/* each -append parameter */
#define QMP_SOCK	"/qmp.sock"

struct ctx {
	const struct stv_domain *dom;
	const struct stv_options *opt;
	struct stv_diags *d;
};

typedef void check_fn(const struct ctx *c);
typedef void dev_fn(const struct ctx *c, const struct stv_device *dev);

/* ---- helpers -------------------------------------------------------- */

static bool out_of_range(const struct stv_num *n, uint64_t lo, uint64_t hi)
{
	return n->set && (n->v < lo || n->v > hi);
}

static struct stv_loc loc_or(struct stv_loc loc, struct stv_loc fallback)
{
	return stv_loc_or(loc, fallback);
}

static int line_of(const struct ctx *c, struct stv_loc loc)
{
	return stv_loc_line(c->d, loc);
}

static void each_dev(const struct ctx *c, enum stv_dev_kind kind, dev_fn *fn)
{
	for (size_t i = 0; i < c->dom->ndevs; i++)
		if (c->dom->devs[i].kind == kind)
			fn(c, &c->dom->devs[i]);
}

static const struct stv_device *first_of_kind(const struct ctx *c, enum stv_dev_kind kind)
{
	for (size_t i = 0; i < c->dom->ndevs; i++)
		if (c->dom->devs[i].kind == kind)
			return &c->dom->devs[i];
	return NULL;
}

/* "1 GiB", "512 MiB", "4 EiB", "1000 bytes": the largest exact unit. */
static void fmt_size(uint64_t bytes, char out[32])
{
	static const struct { const char *name; unsigned shift; } units[] = {
		{ "EiB", 60 }, { "PiB", 50 }, { "TiB", 40 },
		{ "GiB", 30 }, { "MiB", 20 }, { "KiB", 10 },
	};
	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		uint64_t unit = (uint64_t)1 << units[i].shift;
		if (bytes >= unit && bytes % unit == 0) {
			snprintf(out, 32, "%" PRIu64 " %s", bytes / unit, units[i].name);
			return;
		}
	}
	snprintf(out, 32, "%" PRIu64 " bytes", bytes);
}

static bool contains_nocase(const char *hay, const char *needle)
{
	size_t n = strlen(needle);
	for (; *hay; hay++) {
		size_t i = 0;
		while (i < n && hay[i] &&
		       tolower((unsigned char)hay[i]) == tolower((unsigned char)needle[i]))
			i++;
		if (i == n)
			return true;
	}
	return false;
}

/* ---- finding the same value twice -------------------------------------- */

/*
 * Duplicates are found by sorting, not by comparing every pair: a hostile
 * document may hold tens of thousands of devices.  Items compare by key
 * (a string, or num when key is NULL) and then by the order they were added
 * in, document order, so the first of a group is the original the others
 * are reported against.
 */
struct dup_item {
	const char *key;		/* compared; may be a normalised copy of text */
	uint64_t num;
	const char *text;	/* the value as the user wrote it */
	bool flag;		/* rule specific: a disk's <readonly/> */
	size_t order;
	struct stv_loc loc;
};

struct dups {
	struct dup_item *v;
	size_t n;
};

typedef void dup_group_fn(const struct ctx *c, const struct dup_item *g, size_t n);

static int cmp_dup(const void *pa, const void *pb)
{
	const struct dup_item *a = pa, *b = pb;
	int r = a->key && b->key ? strcmp(a->key, b->key) : 0;
	if (r)
		return r;
	if (a->num != b->num)
		return a->num < b->num ? -1 : 1;
	return a->order < b->order ? -1 : a->order > b->order;
}

static bool same_key(const struct dup_item *a, const struct dup_item *b)
{
	if (a->key && b->key)
		return strcmp(a->key, b->key) == 0;
	return a->num == b->num;
}

static int dups_init(const struct ctx *c, struct dups *s)
{
	s->n = 0;
	s->v = calloc(c->dom->ndevs + 1, sizeof(*s->v));
	if (!s->v)
		c->d->oom = true;
	return s->v ? 0 : -1;
}

static void dups_add(struct dups *s, struct dup_item it)
{
	it.order = s->n;
	s->v[s->n++] = it;
}

/* Calls fn once per group of two or more equal keys, then frees s. */
static void dups_report(const struct ctx *c, struct dups *s, dup_group_fn *fn)
{
	qsort(s->v, s->n, sizeof(*s->v), cmp_dup);
	for (size_t i = 0, j; i < s->n; i = j) {
		for (j = i + 1; j < s->n && same_key(&s->v[i], &s->v[j]); j++)
			;
		if (j - i > 1)
			fn(c, s->v + i, j - i);
	}
	free(s->v);
	s->v = NULL;
}

/* ---- ranges: the schema's stv:range, one rule per field ---------------- */

static void range_of(const struct ctx *c, const struct stv_field *f, void *obj)
{
	const struct stv_num *n = f->num(obj);
	if (!out_of_range(n, f->min, f->max))
		return;
	/* lowering keeps a number past 64 bits as the largest one */
	if (n->v == UINT64_MAX)
		stv_report(c->d, f->range_rule, n->loc, f->range_hint,
			   "%s is %" PRIu64 " or more; StratoVirt accepts %" PRIu64 " to %" PRIu64,
			   f->what, n->v, f->min, f->max);
	else
		stv_report(c->d, f->range_rule, n->loc, f->range_hint,
			   "%s is %" PRIu64 "; StratoVirt accepts %" PRIu64 " to %" PRIu64,
			   f->what, n->v, f->min, f->max);
}

static void check_ranges(const struct ctx *c)
{
	for (const struct stv_field *const *f = stv_ranged_fields; *f; f++) {
		if (!(*f)->device) {
			range_of(c, *f, (void *)c->dom);
			continue;
		}
		for (size_t i = 0; i < c->dom->ndevs; i++) {
			struct stv_device *dev = &c->dom->devs[i];
			if ((*f)->kind < 0 || (*f)->kind == (int)dev->kind)
				range_of(c, *f, dev);
		}
	}
}

/* ---- domain ------------------------------------------------------------ */

static void check_memory_range(const struct ctx *c)
{
	const struct stv_num *m = &c->dom->memory;
	char size[32];
	if (!m->set)
		return;
	fmt_size(m->v, size);
	if (m->v % MiB)
		stv_report(c->d, STV_R_MEMORY_RANGE, m->loc,
			   "StratoVirt's -m takes whole MiB: round <memory> to a multiple of 1024 KiB",
			   "<memory> is %s, not a whole number of MiB", size);
	else if (m->v < MIN_MEMORY || m->v > MAX_MEMORY)
		stv_report(c->d, STV_R_MEMORY_RANGE, m->loc, NULL,
			   "<memory> is %s; StratoVirt supports 128 MiB to 512 GiB", size);
}

static void check_current_memory(const struct ctx *c)
{
	const struct stv_num *cur = &c->dom->current_memory, *m = &c->dom->memory;
	char a[32], b[32];
	if (!cur->set || !m->set || cur->v == m->v)
		return;
	fmt_size(cur->v, a);
	fmt_size(m->v, b);
	stv_report(c->d, STV_R_CURRENT_MEMORY, cur->loc,
		   "remove <currentMemory> or make it equal to <memory>; a balloon can shrink the guest later",
		   "<currentMemory> is %s but <memory> is %s; StratoVirt starts the guest with all of its memory",
		   a, b);
}

/*
 * A guest reboot never leaves StratoVirt (it resets the VM in place), so
 * neither the launcher nor the unit can destroy the VM on reboot.
 */
static void check_on_reboot(const struct ctx *c)
{
	if (stv_is(&c->dom->on_reboot, STV_ACTION_DESTROY))
		stv_report(c->d, STV_R_ON_REBOOT_IGNORED, c->dom->on_reboot.loc,
			   "remove <on_reboot>, or power the guest off instead of rebooting it",
			   "<on_reboot>destroy</on_reboot> cannot be honoured: StratoVirt reboots the guest in place");
}

static void check_emulator_name(const struct ctx *c)
{
	const struct stv_str *e = &c->dom->emulator;
	/* the default is StratoVirt's; only a written one can be something else */
	if (!e->s || e->loc.part != STV_LOC_TEXT)
		return;
	const char *slash = strrchr(e->s, '/');
	const char *base = slash ? slash + 1 : e->s;
	/* Case-blind: the seed's own example names "StratoVirt_binary_file". */
	if (!contains_nocase(base, "stratovirt"))
		stv_report(c->d, STV_R_EMULATOR_NAME, e->loc,
			   "point <emulator> at the stratovirt binary",
			   "<emulator> '%s' does not look like StratoVirt; the command line stv writes is StratoVirt's",
			   e->s);
}

/* ---- boot -------------------------------------------------------------- */

static void check_initrd_kernel(const struct ctx *c)
{
	if (c->dom->initrd.s && !stv_str_given(&c->dom->kernel))
		stv_report(c->d, STV_R_INITRD_NEEDS_KERNEL, c->dom->initrd.loc,
			   "add <kernel> or remove <initrd>",
			   "<initrd> needs <kernel>: the firmware does not load an initrd");
}

static void check_cmdline_kernel(const struct ctx *c)
{
	if (c->dom->cmdline.s && !stv_str_given(&c->dom->kernel))
		stv_report(c->d, STV_R_CMDLINE_NEEDS_KERNEL, c->dom->cmdline.loc,
			   "add <kernel> or remove <cmdline>",
			   "<cmdline> needs <kernel>: it is passed to a directly booted kernel");
}

static void check_nvram_loader(const struct ctx *c)
{
	if (c->dom->nvram.s && !stv_str_given(&c->dom->loader))
		stv_report(c->d, STV_R_NVRAM_NEEDS_LOADER, c->dom->nvram.loc,
			   "add <loader readonly='yes' type='pflash'>CODE</loader> or remove <nvram>",
			   "<nvram> needs <loader>: it is the variable store of UEFI firmware");
}

static void check_boot_source(const struct ctx *c)
{
	/* A missing <os> is reported already. */
	if (c->dom->os.set && !stv_str_given(&c->dom->kernel) && !stv_str_given(&c->dom->loader))
		stv_report(c->d, STV_R_BOOT_SOURCE, c->dom->os.loc,
			   "add <kernel>PATH</kernel> or <loader readonly='yes' type='pflash'>PATH</loader> to <os>",
			   "<os> has neither <kernel> nor <loader>: there is nothing to boot");
}

/*
 * StratoVirt 2.3 to 2.5 boot q35 only through firmware: -kernel without
 * pflash goes into fw_cfg for a firmware to load, and the vCPU starts over
 * empty memory (machine/src/x86_64/standard.rs); nothing reports it.
 */
static void check_boot_firmware(const struct ctx *c)
{
	const struct stv_domain *dom = c->dom;
	if (stv_is(&dom->arch, STV_ARCH_X86_64) && stv_str_given(&dom->kernel) &&
	    !stv_str_given(&dom->loader))
		stv_report(c->d, STV_R_BOOT_FIRMWARE, dom->kernel.loc,
			   "add <loader readonly='yes' type='pflash'>/usr/share/edk2/ovmf/OVMF_CODE.fd</loader> "
			   "(openEuler's edk2-ovmf; on Debian, ovmf's /usr/share/OVMF/OVMF_CODE_4M.fd): "
			   "the firmware loads the kernel",
			   "an x86_64 <kernel> needs UEFI firmware: StratoVirt starts a q35 guest only "
			   "through a <loader>, and without one the guest never runs");
}

/*
 * StratoVirt refuses to start without an initrd, a drive or a character
 * device ("Before Vm start, set a initrd or drive_file or vhost-user blk
 * as rootfs", machine_manager/src/config/mod.rs); pflash does not count,
 * nor does the serial port: add_serial takes its chardev out of the map the
 * check reads (config/chardev.rs, 2.3 to 2.5).
 */
static void check_rootfs(const struct ctx *c)
{
	const struct stv_domain *dom = c->dom;
	if (stv_str_given(&dom->initrd))
		return;
	for (size_t i = 0; i < dom->ndevs; i++)
		if (dom->devs[i].kind == STV_DEV_DISK || dom->devs[i].kind == STV_DEV_CONSOLE)
			return;
	stv_report(c->d, STV_R_ROOTFS, loc_or(dom->devices.loc, dom->loc),
		   "add a <disk> with the root file system, an <initrd>, or a virtio <console>",
		   "the domain has no disk, no <initrd> and no virtio console: StratoVirt refuses to start it");
}

static void check_acpi(const struct ctx *c)
{
	if (!c->dom->acpi.set)
		stv_report(c->d, STV_R_ACPI_REQUIRED,
			   loc_or(c->dom->features.loc, loc_or(c->dom->os.loc, c->dom->loc)),
			   "add <features><acpi/></features>",
			   "<acpi/> is missing: StratoVirt standard VMs need ACPI");
}

static void check_gic(const struct ctx *c)
{
	const struct stv_domain *dom = c->dom;
	struct stv_loc loc = loc_or(dom->gic_version.loc, dom->gic.loc);
	/* one defaults.c implied is version 3 on aarch64: never reported */
	if (!dom->gic.set || !dom->arch.set || dom->arch.refused)
		return;
	switch ((enum stv_arch)dom->arch.v) {
	case STV_ARCH_X86_64:
		stv_report(c->d, STV_R_GIC, loc, "remove <gic>",
			   "<gic> is an aarch64 interrupt controller; an x86_64 domain has none");
		break;
	case STV_ARCH_AARCH64:
		if (dom->gic_version.set && dom->gic_version.v != 3)
			stv_report(c->d, STV_R_GIC, loc, "write <gic version='3'/>",
				   "<gic version='%" PRIu64 "'>: StratoVirt supports GIC version 3 only",
				   dom->gic_version.v);
		break;
	}
}

/* <apic/> and <pae/> are x86 features: an aarch64 guest has neither. */
static void check_feature_arch(const struct ctx *c)
{
	const struct stv_domain *dom = c->dom;
	const struct stv_flag *flags[] = { &dom->apic, &dom->pae };
	const char *names[] = { "apic", "pae" };
	if (!stv_is(&dom->arch, STV_ARCH_AARCH64))
		return;
	for (size_t i = 0; i < 2; i++)
		if (flags[i]->set)
			stv_report(c->d, STV_R_FEATURE_ARCH, flags[i]->loc,
				   "remove it: an aarch64 guest has the GIC instead",
				   "<%s/> is an x86_64 feature; an aarch64 domain has none", names[i]);
}

/*
 * One machine per architecture (arches.def); libvirt's versioned names
 * (pc-q35-8.2) get a hint to drop the version.
 */
static const struct stv_arch_info *arch_by_machine(const char *m, bool versioned, unsigned *arch)
{
	for (unsigned a = 0; stv_arch_names[a]; a++) {
		const struct stv_arch_info *info = stv_arch_info((enum stv_arch)a);
		const char *want = versioned ? info->versioned_prefix : info->machine;
		if (versioned ? strncmp(m, want, strlen(want)) == 0 : strcmp(m, want) == 0) {
			*arch = a;
			return info;
		}
	}
	return NULL;
}

static void check_arch_machine(const struct ctx *c)
{
	const struct stv_domain *dom = c->dom;
	const struct stv_str *m = &dom->machine;
	bool arch_known = dom->arch.set && !dom->arch.refused;
	unsigned have, ver;
	char hint[64];
	if (!m->s)
		return;
	const struct stv_arch_info *info = arch_by_machine(m->s, false, &have);
	if (info && (!arch_known || have == dom->arch.v))
		return;
	const struct stv_arch_info *vinfo = info ? NULL : arch_by_machine(m->s, true, &ver);
	if (arch_known) {
		const struct stv_arch_info *want = stv_arch_info((enum stv_arch)dom->arch.v);
		snprintf(hint, sizeof hint, "write machine='%s'", want->machine);
		if (vinfo && ver == dom->arch.v)
			stv_report(c->d, STV_R_ARCH_MACHINE, m->loc, hint,
				   "<type machine='%s'> is not supported: StratoVirt's %s machine is '%s', without a version",
				   m->s, stv_arch_name((enum stv_arch)ver), want->machine);
		else
			stv_report(c->d, STV_R_ARCH_MACHINE, m->loc, hint,
				   "<type machine='%s'> is not supported on %s; supported: %s",
				   m->s, stv_arch_name((enum stv_arch)dom->arch.v), want->machine);
	} else if (vinfo) {
		snprintf(hint, sizeof hint, "write machine='%s'", vinfo->machine);
		stv_report(c->d, STV_R_ARCH_MACHINE, m->loc, hint,
			   "<type machine='%s'> is not supported: StratoVirt's %s machine is '%s', without a version",
			   m->s, stv_arch_name((enum stv_arch)ver), vinfo->machine);
	} else if (!dom->arch.refused) {
		stv_report(c->d, STV_R_ARCH_MACHINE, m->loc,
			   "write arch='x86_64' machine='q35' or arch='aarch64' machine='virt'",
			   "<type machine='%s'> is not supported; supported: q35 (x86_64), virt (aarch64)",
			   m->s);
	}
}

/* ---- CPU ----------------------------------------------------------------- */

/*
 * StratoVirt has one CPU model, the host's: -cpu's model is "host" only
 * (2.5 CpuConfig value_parser; 2.3 and 2.4 ignore the word), and KVM's
 * supported CPUID goes to the guest as it is (cpu/src/x86_64/mod.rs
 * setup_cpuid).
 */
static void check_cpu_host_model(const struct ctx *c)
{
	const struct stv_choice *mode = &c->dom->cpu.mode;
	if (stv_is(mode, STV_CPU_MODE_HOST_MODEL))
		stv_report(c->d, STV_R_CPU_HOST_MODEL, mode->loc,
			   "write mode='host-passthrough', which says what the guest gets",
			   "<cpu mode='host-model'> is the host CPU itself on StratoVirt: it has no CPU "
			   "model to describe the host's with");
}

static void check_cpu_migratable(const struct ctx *c)
{
	const struct stv_choice *m = &c->dom->cpu.migratable;
	if (stv_is(m, STV_ONOFF_ON))
		stv_report(c->d, STV_R_CPU_MIGRATABLE, m->loc,
			   "write migratable='off', which says what the guest gets",
			   "<cpu migratable='on'> cannot be honoured: StratoVirt gives the guest every host "
			   "CPU feature KVM supports, those that block live migration included");
}

/* pmu and sve switch parts of an Arm CPU; StratoVirt reads them on x86_64 and ignores them. */
static void check_cpu_feature_arch(const struct ctx *c)
{
	const struct stv_cpu *cpu = &c->dom->cpu;
	const struct stv_flag *given[] = { &cpu->pmu_feature, &cpu->sve_feature };
	const char *names[] = { "pmu", "sve" };
	if (!stv_is(&c->dom->arch, STV_ARCH_X86_64))
		return;
	for (size_t i = 0; i < 2; i++)
		if (given[i]->set)
			stv_report(c->d, STV_R_FEATURE_ARCH, given[i]->loc, "remove it",
				   "<feature name='%s'> is an aarch64 CPU feature; StratoVirt ignores it on x86_64",
				   names[i]);
}

/* Every count of a written topology, when each is usable (ranges report the rest). */
static bool topology_counts(const struct stv_cpu *cpu, uint64_t v[5])
{
	const struct stv_num *n[5] = { &cpu->sockets, &cpu->dies, &cpu->clusters, &cpu->cores,
				       &cpu->threads };
	if (!cpu->topology.set)
		return false;
	for (size_t i = 0; i < 5; i++) {
		if (!n[i]->set || n[i]->v < 1 || n[i]->v > 254)
			return false;
		v[i] = n[i]->v;
	}
	return true;
}

/*
 * StratoVirt's -smp rule (machine_config.rs: adjust_topology at 2.3 and 2.4,
 * SmpConfig::auto_adjust_topology at 2.5): sockets * dies * clusters *
 * cores * threads must equal maxcpus, the <vcpu> count; libvirt's rule too.
 */
static void check_topology_vcpus(const struct ctx *c)
{
	const struct stv_cpu *cpu = &c->dom->cpu;
	uint64_t v[5];
	if (!topology_counts(cpu, v) || !c->dom->vcpus.set)
		return;
	uint64_t product = v[0] * v[1] * v[2] * v[3] * v[4];	/* at most 254^5 */
	if (product != c->dom->vcpus.v)
		stv_report(c->d, STV_R_TOPOLOGY_VCPUS, cpu->topology.loc,
			   "make sockets x dies x clusters x cores x threads the <vcpu> count",
			   "<topology> describes %" PRIu64 " CPUs (%" PRIu64 " x %" PRIu64 " x %" PRIu64
			   " x %" PRIu64 " x %" PRIu64 ") but <vcpu> is %" PRIu64 "; StratoVirt needs them equal",
			   product, v[0], v[1], v[2], v[3], v[4], c->dom->vcpus.v);
}

static bool power_of_two(uint64_t v)
{
	return v && (v & (v - 1)) == 0;
}

/*
 * StratoVirt gives x86_64 vCPU N the APIC id N (cpu/src/x86_64/mod.rs
 * X86CPUState::new, 2.3 to 2.5) while CPUID 0xb/0x1f tell the guest that
 * the thread, core and die fields of an APIC id are as wide as their
 * counts rounded up to a power of two.  The two agree only when every
 * level with another level above it has a power-of-two count; otherwise
 * the guest puts vCPUs in the wrong core or package.
 */
static void x86_levels(const struct ctx *c, const struct stv_cpu *cpu)
{
	const struct stv_num *level[] = { &cpu->threads, &cpu->cores, &cpu->dies };
	const char *name[] = { "threads", "cores", "dies" };
	uint64_t v[5];
	if (!topology_counts(cpu, v))
		return;
	uint64_t above = v[0] * v[1];	/* sockets * dies, above the cores */
	uint64_t above_level[] = { above * v[3], above, v[0] };
	for (size_t i = 0; i < 3; i++)
		if (above_level[i] > 1 && !power_of_two(level[i]->v)) {
			stv_report(c->d, STV_R_TOPOLOGY_LEVEL, level[i]->loc,
				   "make the count a power of two, or the level above it 1",
				   "<topology %s='%" PRIu64 "'>: StratoVirt numbers x86_64 APIC ids "
				   "consecutively, which matches CPUID's topology only for a power of two here",
				   name[i], level[i]->v);
			return;
		}
}

/*
 * x86_64: CPUID describes threads, cores and dies (cpu/src/x86_64/mod.rs
 * X86CPUTopology); aarch64: the device tree's cpu-map and the ACPI PPTT
 * describe sockets, clusters, cores and threads.  A level the guest is not
 * told of would leave it counting the wrong CPUs per package.
 */
static void check_topology_level(const struct ctx *c)
{
	const struct stv_cpu *cpu = &c->dom->cpu;
	if (stv_is(&c->dom->arch, STV_ARCH_X86_64) && cpu->clusters.set && cpu->clusters.v > 1)
		stv_report(c->d, STV_R_TOPOLOGY_LEVEL, cpu->clusters.loc,
			   "write clusters='1' and count the CPUs in dies, cores or threads",
			   "<topology clusters='%" PRIu64 "'>: StratoVirt's x86_64 CPUs have no cluster "
			   "level (CPUID describes threads, cores and dies)", cpu->clusters.v);
	if (stv_is(&c->dom->arch, STV_ARCH_X86_64))
		x86_levels(c, cpu);
	if (stv_is(&c->dom->arch, STV_ARCH_AARCH64) && cpu->dies.set && cpu->dies.v > 1)
		stv_report(c->d, STV_R_TOPOLOGY_LEVEL, cpu->dies.loc,
			   "write dies='1' and count the CPUs in sockets, clusters, cores or threads",
			   "<topology dies='%" PRIu64 "'>: StratoVirt's aarch64 topology (device tree and "
			   "ACPI PPTT) has no die level", cpu->dies.v);
	/*
	 * The device tree's cpu-map numbers the CPUs of every socket as if it
	 * were the first (the socket is left out of vcpuid: fdt.rs at 2.4 and
	 * 2.5, standard_vm/aarch64/mod.rs at 2.3); only ACPI's PPTT, with UEFI,
	 * describes more sockets.
	 */
	if (stv_is(&c->dom->arch, STV_ARCH_AARCH64) && cpu->sockets.set && cpu->sockets.v > 1 &&
	    !stv_str_given(&c->dom->loader))
		stv_report(c->d, STV_R_TOPOLOGY_LEVEL, cpu->sockets.loc,
			   "boot through UEFI (a <loader>), or write sockets='1' and count the CPUs in clusters",
			   "<topology sockets='%" PRIu64 "'> without UEFI: StratoVirt's aarch64 device tree "
			   "maps every socket onto the first one's CPUs", cpu->sockets.v);
}

/*
 * cpus=C,maxcpus=N: vCPUs beyond C can be added later only on x86_64 (ACPI
 * CPU hotplug on q35, from StratoVirt 2.4; stv-compile(1)).  The virt
 * machine has no CPU hotplug in any version.
 */
static void check_vcpu_current(const struct ctx *c)
{
	const struct stv_num *cur = &c->dom->vcpus_current, *n = &c->dom->vcpus;
	if (!cur->set || !n->set)
		return;
	if (cur->v < 1 || cur->v > n->v)
		stv_report(c->d, STV_R_VCPU_CURRENT, cur->loc, NULL,
			   "<vcpu current='%" PRIu64 "'>: the vCPUs online at start are 1 to the <vcpu> count, %" PRIu64,
			   cur->v, n->v);
	else if (cur->v < n->v && stv_is(&c->dom->arch, STV_ARCH_AARCH64))
		stv_report(c->d, STV_R_VCPU_CURRENT, cur->loc,
			   "remove current: the guest then starts with every vCPU",
			   "<vcpu current='%" PRIu64 "'> below %" PRIu64 ": StratoVirt's aarch64 machine has "
			   "no vCPU hotplug, so the others could never be added", cur->v, n->v);
}

/* ---- SMBIOS -------------------------------------------------------------- */

static bool sysinfo_applied(const struct stv_domain *dom)
{
	return dom->sysinfo.present.set && stv_is(&dom->smbios_mode, STV_SMBIOS_MODE_SYSINFO);
}

/* libvirt refuses two uuids that differ (by value: case does not count). */
static void check_sysinfo_uuid(const struct ctx *c)
{
	const struct stv_str *sys = &c->dom->sysinfo.system_uuid, *uuid = &c->dom->uuid;
	if (!sys->s || !uuid->s || strcasecmp(sys->s, uuid->s) == 0)
		return;
	stv_report(c->d, STV_R_SYSINFO_UUID, sys->loc,
		   "remove the entry, or make it the <uuid>",
		   "<entry name='uuid'> '%s' is not the domain's <uuid> '%s': the guest has one uuid",
		   sys->s, uuid->s);
}

/* libvirt applies <sysinfo> only with <smbios mode='sysinfo'/>. */
static void check_sysinfo_unused(const struct ctx *c)
{
	const struct stv_domain *dom = c->dom;
	bool mode = stv_is(&dom->smbios_mode, STV_SMBIOS_MODE_SYSINFO);
	if (dom->smbios_mode.refused)
		return;		/* what mode was meant is not known */
	if (dom->sysinfo.present.set && !mode)
		stv_report(c->d, STV_R_SYSINFO_UNUSED, dom->sysinfo.present.loc,
			   "add <smbios mode='sysinfo'/> to <os> to give the guest these tables",
			   "<sysinfo> does nothing without <os><smbios mode='sysinfo'/>: the guest gets "
			   "StratoVirt's own SMBIOS tables");
	else if (mode && !dom->sysinfo.present.set)
		stv_report(c->d, STV_R_SYSINFO_UNUSED, dom->smbios_mode.loc,
			   "add a <sysinfo type='smbios'> with the tables, or remove <smbios>",
			   "<smbios mode='sysinfo'> but the domain has no <sysinfo>: there is nothing to apply");
}

/*
 * The tables are fw_cfg files the firmware installs; StratoVirt's virt
 * machine creates fw_cfg only with pflash (machine/src/aarch64/standard.rs
 * at 2.5), so a directly booted aarch64 kernel never sees them.
 */
static void check_sysinfo_firmware(const struct ctx *c)
{
	const struct stv_domain *dom = c->dom;
	if (sysinfo_applied(dom) && stv_is(&dom->arch, STV_ARCH_AARCH64) &&
	    !stv_str_given(&dom->loader))
		stv_report(c->d, STV_R_SYSINFO_FIRMWARE, dom->smbios_mode.loc,
			   "boot through UEFI: add <loader readonly='yes' type='pflash'>",
			   "an aarch64 guest that boots its kernel directly gets no SMBIOS tables: "
			   "StratoVirt hands them over through fw_cfg, which it creates only with a <loader>");
}

/* ---- memory backing ------------------------------------------------------ */

/* The page sizes the domain's architecture offers (arches.def). */
static const uint64_t *arch_pages(const struct stv_domain *dom, const char **name)
{
	*name = stv_arch_name((enum stv_arch)dom->arch.v);
	return stv_arch_info((enum stv_arch)dom->arch.v)->pages;
}

static bool arch_known(const struct stv_domain *dom)
{
	return dom->arch.set && !dom->arch.refused;
}

static bool page_offered(const uint64_t *pages, uint64_t size)
{
	for (; *pages; pages++)
		if (*pages == size)
			return true;
	return false;
}

/* The explicit page size, when it is one the architecture offers. */
static bool usable_page_size(const struct stv_domain *dom)
{
	const char *arch;
	return dom->hugepages.set && dom->hugepage_size.set && arch_known(dom) &&
	       page_offered(arch_pages(dom, &arch), dom->hugepage_size.v);
}

static void check_hugepage_size(const struct ctx *c)
{
	const struct stv_domain *dom = c->dom;
	const char *arch;
	char size[32], list[128] = "", one[32];
	if (!dom->hugepages.set || !dom->hugepage_size.set || !arch_known(dom) ||
	    usable_page_size(dom))
		return;
	const uint64_t *pages = arch_pages(dom, &arch);
	for (size_t i = 0; pages[i]; i++) {
		fmt_size(pages[i], one);
		if (i)
			strcat(list, ", ");
		strcat(list, one);
	}
	fmt_size(dom->hugepage_size.v, size);
	stv_report(c->d, STV_R_HUGEPAGE_SIZE, dom->hugepage_size.loc, NULL,
		   "hugepage size %s is not offered on %s; it offers %s",
		   size, arch, list);
}

static void check_hugepage_align(const struct ctx *c)
{
	const struct stv_domain *dom = c->dom;
	char mem[32], page[32];
	if (!usable_page_size(dom) || !dom->memory.set ||
	    dom->memory.v % dom->hugepage_size.v == 0)
		return;
	fmt_size(dom->memory.v, mem);
	fmt_size(dom->hugepage_size.v, page);
	stv_report(c->d, STV_R_HUGEPAGE_ALIGN, dom->memory.loc,
		   "make <memory> a multiple of the page size, or use smaller pages",
		   "<memory> is %s, not a multiple of the %s hugepage size", mem, page);
}

/* ---- disks --------------------------------------------------------------- */

static void iothread_ref(const struct ctx *c, const struct stv_num *t)
{
	const struct stv_num *n = &c->dom->iothreads;
	if (!t->set)
		return;
	if (!n->set)
		stv_report(c->d, STV_R_IOTHREAD_REF, t->loc,
			   "add <iothreads>N</iothreads> to the domain",
			   "<driver iothread='%" PRIu64 "'> but the domain defines no <iothreads>",
			   t->v);
	else if (t->v < 1 || t->v > n->v)
		stv_report(c->d, STV_R_IOTHREAD_REF, t->loc, NULL,
			   "<driver iothread='%" PRIu64 "'> but the domain defines iothreads 1 to %" PRIu64,
			   t->v, n->v);
}

/* A SCSI disk's iothread is scsi-disk-setting's: it has none of its own. */
static void disk_iothread(const struct ctx *c, const struct stv_device *dev)
{
	if (!stv_disk_on_scsi(dev))
		iothread_ref(c, &dev->u.disk.iothread);
}

static void scsi_iothread(const struct ctx *c, const struct stv_device *dev)
{
	iothread_ref(c, &dev->u.scsi.iothread);
}

static void check_iothread_ref(const struct ctx *c)
{
	each_dev(c, STV_DEV_DISK, disk_iothread);
	each_dev(c, STV_DEV_SCSI, scsi_iothread);
}

static void target_dup(const struct ctx *c, const struct dup_item *g, size_t n)
{
	for (size_t i = 1; i < n; i++)
		stv_report(c->d, STV_R_DISK_TARGET_DUP, g[i].loc, NULL,
			   "<target dev='%s'> is already used by the disk at line %d",
			   g[i].text, line_of(c, g[0].loc));
}

static void check_disk_target_dup(const struct ctx *c)
{
	struct dups s;
	if (dups_init(c, &s) < 0)
		return;
	for (size_t i = 0; i < c->dom->ndevs; i++) {
		const struct stv_device *dev = &c->dom->devs[i];
		const struct stv_str *t = &dev->u.disk.target;
		if (dev->kind == STV_DEV_DISK && t->s)
			dups_add(&s, (struct dup_item){ .key = t->s, .text = t->s, .loc = t->loc });
	}
	dups_report(c, &s, target_dup);
}

/*
 * Sharing an image is safe only between read-only disks.  A disk is
 * reported when it or an earlier disk on the same image is writable,
 * against the first writable one (or the first one when it is writable).
 */
static void source_dup(const struct ctx *c, const struct dup_item *g, size_t n)
{
	const struct dup_item *writer = NULL;
	for (size_t i = 0; i < n; i++) {
		const struct dup_item *against = g[i].flag && writer ? writer : &g[0];
		if (i > 0 && (writer || !g[i].flag))
			stv_report(c->d, STV_R_DISK_SOURCE_DUP, g[i].loc,
				   "give each disk its own image, or make every disk that shares it <readonly/>",
				   strcmp(g[i].text, against->text) == 0
					   ? "<source file='%s'> is also the image of the disk at line %d, and not both are read-only%s%s%s"
					   : "<source file='%s'> is also the image of the disk at line %d, and not both are read-only "
					     "(written there as '%s'%s%s)",
				   g[i].text, line_of(c, against->loc),
				   strcmp(g[i].text, against->text) == 0 ? "" : against->text,
				   strcmp(g[i].text, against->text) == 0 ? "" : "; both name ",
				   strcmp(g[i].text, against->text) == 0 ? "" : g[i].key);
		if (!writer && !g[i].flag)
			writer = &g[i];
	}
}

/*
 * Paths are compared lexically normalised (/a//b and /a/./b are /a/b):
 * StratoVirt opens each -drive once and refuses a second writer.  The
 * launcher's preflight compares the files themselves (symlinks, bind
 * mounts), which only the host can tell.
 */
static void check_disk_source_dup(const struct ctx *c)
{
	struct dups s;
	if (dups_init(c, &s) < 0)
		return;
	char **keys = calloc(c->dom->ndevs + 1, sizeof(*keys));
	if (!keys) {
		c->d->oom = true;
		free(s.v);
		return;
	}
	for (size_t i = 0; i < c->dom->ndevs; i++) {
		const struct stv_device *dev = &c->dom->devs[i];
		const struct stv_str *src = &dev->u.disk.source;
		if (dev->kind != STV_DEV_DISK || !src->s)
			continue;
		keys[i] = stv_path_normalize(src->s);
		if (!keys[i]) {
			c->d->oom = true;
			continue;
		}
		dups_add(&s, (struct dup_item){ .key = keys[i], .text = src->s,
			.flag = dev->u.disk.readonly.set, .loc = src->loc });
	}
	dups_report(c, &s, source_dup);
	for (size_t i = 0; i < c->dom->ndevs; i++)
		free(keys[i]);
	free(keys);
}

static void disk_serial(const struct ctx *c, const struct stv_device *dev)
{
	const struct stv_str *s = &dev->u.disk.serial;
	bool scsi = stv_disk_on_scsi(dev);
	size_t max = scsi ? MAX_SCSI_SERIAL : MAX_SERIAL;
	if (s->s && strlen(s->s) > max)
		stv_report(c->d, STV_R_DISK_SERIAL, s->loc, NULL,
			   "<serial> '%s' is %zu bytes; StratoVirt accepts at most %zu%s",
			   s->s, strlen(s->s), max, scsi ? " on a SCSI disk" : "");
}

static void check_disk_serial(const struct ctx *c)
{
	each_dev(c, STV_DEV_DISK, disk_serial);
}

static void boot_order_dup(const struct ctx *c, const struct dup_item *g, size_t n)
{
	for (size_t i = 1; i < n; i++)
		stv_report(c->d, STV_R_BOOT_ORDER, g[i].loc, "give each disk its own order",
			   "<boot order='%" PRIu64 "'> is already used by the device at line %d",
			   g[i].num, line_of(c, g[0].loc));
}

static void check_boot_order(const struct ctx *c)
{
	struct dups s;
	if (dups_init(c, &s) < 0)
		return;
	for (size_t i = 0; i < c->dom->ndevs; i++) {
		const struct stv_num *o = &c->dom->devs[i].boot_order;
		if (o->set)
			dups_add(&s, (struct dup_item){ .num = o->v, .loc = o->loc });
	}
	dups_report(c, &s, boot_order_dup);
}

static void check_boot_order_ignored(const struct ctx *c)
{
	for (size_t i = 0; i < c->dom->ndevs; i++) {
		const struct stv_num *o = &c->dom->devs[i].boot_order;
		if (o->set && !stv_str_given(&c->dom->loader))
			stv_report(c->d, STV_R_BOOT_ORDER_IGNORED, o->loc,
				   "remove <boot order>, or boot UEFI firmware with <loader>",
			   "<boot order='%" PRIu64 "'> has no effect: only UEFI firmware reads boot orders, and the domain boots <kernel>",
			   o->v);
	}
}

/*
 * aio=native with direct off: "native aio type should be used with
 * \"direct\" on" (drive.rs DriveConfig::check, 2.3 to 2.5).
 */
static void disk_aio(const struct ctx *c, const struct stv_device *dev)
{
	const struct stv_disk *k = &dev->u.disk;
	if (stv_is(&k->io, STV_DISK_IO_NATIVE) && !stv_disk_direct(k))
		stv_report(c->d, STV_R_DISK_AIO, k->io.loc,
			   "write cache='none' (or 'directsync') for io='native', or use io='io_uring'",
			   "<driver io='native'> needs O_DIRECT, which cache='%s' turns off: StratoVirt refuses native AIO without it",
			   stv_disk_cache_names[k->cache.v]);
}

static void check_disk_aio(const struct ctx *c)
{
	each_dev(c, STV_DEV_DISK, disk_aio);
}

static void disk_cdrom_bus(const struct ctx *c, const struct stv_device *dev)
{
	const struct stv_disk *k = &dev->u.disk;
	if (stv_is(&k->device, STV_DISK_DEVICE_CDROM) && stv_is(&k->target_bus, STV_DISK_BUS_VIRTIO))
		stv_report(c->d, STV_R_CDROM_BUS, k->target_bus.loc,
			   "write <target dev='sdX' bus='scsi'/>: StratoVirt's CD-ROM is scsi-cd on a virtio-scsi controller",
			   "<disk device='cdrom'> on bus='virtio': virtio-blk has no CD-ROM");
}

static void check_cdrom_bus(const struct ctx *c)
{
	each_dev(c, STV_DEV_DISK, disk_cdrom_bus);
}

/*
 * What a SCSI disk cannot carry: StratoVirt's SCSI devices take no I/O
 * limit (2.3 scsi.rs ScsiDevConfig has no iops; 2.5 devices/src/scsi/
 * disk.rs never reads it), never discard and never detect zeroes (2.5
 * disk.rs realize: discard false, WriteZeroesState::Off), and have no
 * iothread or queues of their own (scsi-hd has neither key).
 */
static void disk_scsi_settings(const struct ctx *c, const struct stv_device *dev)
{
	const struct stv_disk *k = &dev->u.disk;
	if (!stv_disk_on_scsi(dev))
		return;
	if (k->iops.set)
		stv_report(c->d, STV_R_SCSI_DISK_SETTING, k->iops.loc,
			   "use bus='virtio' for a disk with an I/O limit, or remove <iotune>",
			   "<total_iops_sec> on a SCSI disk: StratoVirt's SCSI disks apply no I/O limit");
	if (stv_is(&k->discard, STV_DISCARD_UNMAP))
		stv_report(c->d, STV_R_SCSI_DISK_SETTING, k->discard.loc,
			   "use bus='virtio' for a disk that discards, or write discard='ignore'",
			   "<driver discard='unmap'> on a SCSI disk: StratoVirt's SCSI disks never discard");
	if (k->detect_zeroes.set && !stv_is(&k->detect_zeroes, STV_DETECT_ZEROES_OFF))
		stv_report(c->d, STV_R_SCSI_DISK_SETTING, k->detect_zeroes.loc,
			   "use bus='virtio' for a disk that detects zeroes, or write detect_zeroes='off'",
			   "<driver detect_zeroes='%s'> on a SCSI disk: StratoVirt's SCSI disks never detect zeroes",
			   stv_detect_zeroes_names[k->detect_zeroes.v]);
	if (k->iothread.set)
		stv_report(c->d, STV_R_SCSI_DISK_SETTING, k->iothread.loc,
			   "write <driver iothread='N'/> in the <controller type='scsi'> instead",
			   "<driver iothread> on a SCSI disk: its I/O runs in its controller's iothread");
	if (k->queues.set)
		stv_report(c->d, STV_R_SCSI_DISK_SETTING, k->queues.loc,
			   "write <driver queues='N'/> in the <controller type='scsi'> instead",
			   "<driver queues> on a SCSI disk: the queues are its controller's");
}

static void check_scsi_disk_setting(const struct ctx *c)
{
	each_dev(c, STV_DEV_DISK, disk_scsi_settings);
}

static void disk_address_kind(const struct ctx *c, const struct stv_device *dev)
{
	const struct stv_disk *k = &dev->u.disk;
	if (stv_disk_on_scsi(dev) && dev->addr.written.set)
		stv_report(c->d, STV_R_DISK_ADDRESS, dev->addr.written.loc,
			   "write <address type='drive' controller='N' bus='0' target='T' unit='U'/>, or remove it",
			   "<address type='pci'> on a SCSI disk: it sits on its virtio-scsi controller, not on PCI");
	else if (stv_is(&k->target_bus, STV_DISK_BUS_VIRTIO) && k->drive.set)
		stv_report(c->d, STV_R_DISK_ADDRESS, k->drive.loc,
			   "write <address type='pci' .../>, or remove it",
			   "<address type='drive'> on a virtio disk: virtio-blk sits on PCI");
}

static void check_disk_address(const struct ctx *c)
{
	each_dev(c, STV_DEV_DISK, disk_address_kind);
}

/* A SCSI disk with no <address> and no index in its name (defaults.c gave it none). */
static void disk_drive_address(const struct ctx *c, const struct stv_device *dev)
{
	const struct stv_disk *k = &dev->u.disk;
	if (stv_disk_on_scsi(dev) && !k->drive.set && !dev->addr.written.set && k->target.s)
		stv_report(c->d, STV_R_DRIVE_ADDRESS, k->target.loc,
			   "name it sda, sdb, ... or add <address type='drive' controller='0' bus='0' target='0' unit='U'/>",
			   "<target dev='%s'> names no disk index and the SCSI disk has no <address>: "
			   "its address is derived from a name such as sda", k->target.s);
}

static void check_drive_address(const struct ctx *c)
{
	each_dev(c, STV_DEV_DISK, disk_drive_address);
}

static void drive_dup(const struct ctx *c, const struct dup_item *g, size_t n)
{
	for (size_t i = 1; i < n; i++)
		stv_report(c->d, STV_R_DRIVE_ADDRESS_DUP, g[i].loc,
			   "give each SCSI disk its own target or unit",
			   "drive address %s is already the address of the disk at line %d",
			   g[i].text, line_of(c, g[0].loc));
}

/* Keys "controller='C' bus='B' target='T' unit='U'": the text of the message too. */
static void check_drive_address_dup(const struct ctx *c)
{
	struct dups s;
	if (dups_init(c, &s) < 0)
		return;
	char **keys = calloc(c->dom->ndevs + 1, sizeof(*keys));
	if (!keys) {
		c->d->oom = true;
		free(s.v);
		return;
	}
	for (size_t i = 0; i < c->dom->ndevs; i++) {
		const struct stv_device *dev = &c->dom->devs[i];
		const struct stv_disk *k = &dev->u.disk;
		if (!stv_disk_on_scsi(dev) || !k->drive.set || !k->drive_controller.set ||
		    !k->drive_bus.set || !k->drive_target.set || !k->drive_unit.set)
			continue;
		keys[i] = stv_asprintf("controller='%" PRIu64 "' bus='%" PRIu64 "' target='%" PRIu64
				       "' unit='%" PRIu64 "'", k->drive_controller.v, k->drive_bus.v,
				       k->drive_target.v, k->drive_unit.v);
		if (!keys[i]) {
			c->d->oom = true;
			continue;
		}
		dups_add(&s, (struct dup_item){ .key = keys[i], .text = keys[i], .loc = k->drive.loc });
	}
	dups_report(c, &s, drive_dup);
	for (size_t i = 0; i < c->dom->ndevs; i++)
		free(keys[i]);
	free(keys);
}

static void scsi_index_dup(const struct ctx *c, const struct dup_item *g, size_t n)
{
	for (size_t i = 1; i < n; i++)
		stv_report(c->d, STV_R_SCSI_INDEX_DUP, g[i].loc, "give each SCSI controller its own index",
			   "<controller type='scsi' index='%" PRIu64 "'> is already defined at line %d",
			   g[i].num, line_of(c, g[0].loc));
}

static void check_scsi_index_dup(const struct ctx *c)
{
	struct dups s;
	if (dups_init(c, &s) < 0)
		return;
	for (size_t i = 0; i < c->dom->ndevs; i++) {
		const struct stv_device *dev = &c->dom->devs[i];
		if (dev->kind == STV_DEV_SCSI && dev->index.set)
			dups_add(&s, (struct dup_item){ .num = dev->index.v,
				.loc = loc_or(dev->index.loc, dev->loc) });
	}
	dups_report(c, &s, scsi_index_dup);
}

/* ---- interfaces ---------------------------------------------------------- */

static void net_mac(const struct ctx *c, const struct stv_device *dev)
{
	const struct stv_str *m = &dev->u.net.mac;
	uint8_t mac[6];
	/* A derived MAC is unicast by construction; bad syntax is structure's. */
	if (!m->s || dev->u.net.mac_generated || stv_parse_mac(m->s, mac) < 0)
		return;
	if (mac[0] & 1)
		stv_report(c->d, STV_R_MAC, m->loc,
			   "clear the low bit of the first octet, for example 52:54:00:xx:xx:xx",
			   "<mac address='%s'> is a multicast address; a NIC needs a unicast one", m->s);
	else if (!(mac[0] | mac[1] | mac[2] | mac[3] | mac[4] | mac[5]))
		stv_report(c->d, STV_R_MAC, m->loc,
			   "remove <mac> to get a stable derived address",
			   "<mac address='%s'> is all zero", m->s);
}

static void check_mac(const struct ctx *c)
{
	each_dev(c, STV_DEV_NET, net_mac);
}

static void mac_dup(const struct ctx *c, const struct dup_item *g, size_t n)
{
	for (size_t i = 1; i < n; i++)
		stv_report(c->d, STV_R_MAC_DUP, g[i].loc, NULL,
			   "MAC address %s is already used by the interface at line %d",
			   g[i].text, line_of(c, g[0].loc));
}

static void check_mac_dup(const struct ctx *c)
{
	struct dups s;
	if (dups_init(c, &s) < 0)
		return;
	for (size_t i = 0; i < c->dom->ndevs; i++) {
		const struct stv_device *dev = &c->dom->devs[i];
		const struct stv_str *m = &dev->u.net.mac;
		uint8_t mac[6];
		uint64_t num = 0;
		if (dev->kind != STV_DEV_NET || !m->s || stv_parse_mac(m->s, mac) < 0)
			continue;
		for (size_t k = 0; k < 6; k++)
			num = num << 8 | mac[k];
		dups_add(&s, (struct dup_item){ .num = num, .text = m->s,
			.loc = loc_or(m->loc, dev->loc) });
	}
	dups_report(c, &s, mac_dup);
}

static void ifname(const struct ctx *c, const struct stv_str *s, const char *what)
{
	if (s->s && !stv_valid_ifname(s->s))
		stv_report(c->d, STV_R_IFNAME, s->loc,
			   "an interface name is 1 to 15 bytes with no '/', ':' or white space",
			   "%s='%s'> (%zu bytes) is not a valid Linux interface name",
			   what, s->s, strlen(s->s));
}

static void net_ifname(const struct ctx *c, const struct stv_device *dev)
{
	ifname(c, &dev->u.net.bridge, "<source bridge");
	ifname(c, &dev->u.net.tap, "<target dev");
}

static void check_ifname(const struct ctx *c)
{
	each_dev(c, STV_DEV_NET, net_ifname);
}

static void ifname_dup(const struct ctx *c, const struct dup_item *g, size_t n)
{
	for (size_t i = 1; i < n; i++)
		stv_report(c->d, STV_R_IFNAME_DUP, g[i].loc, NULL,
			   "<target dev='%s'> is already the tap device of the interface at line %d",
			   g[i].text, line_of(c, g[0].loc));
}

static void check_ifname_dup(const struct ctx *c)
{
	struct dups s;
	if (dups_init(c, &s) < 0)
		return;
	for (size_t i = 0; i < c->dom->ndevs; i++) {
		const struct stv_device *dev = &c->dom->devs[i];
		const struct stv_str *t = &dev->u.net.tap;
		if (dev->kind == STV_DEV_NET && t->s)
			dups_add(&s, (struct dup_item){ .key = t->s, .text = t->s,
				.loc = loc_or(t->loc, dev->loc) });
	}
	dups_report(c, &s, ifname_dup);
}

/* ---- balloon, console, rng, vsock ---------------------------------------- */

static void balloon_autodeflate(const struct ctx *c, const struct stv_device *dev)
{
	const struct stv_choice *a = &dev->u.balloon.autodeflate_alias;
	if (a->set && !a->refused)
		stv_report(c->d, STV_R_BALLOON_AUTODEFLATE_PLACE, a->loc,
			   "move autodeflate to <memballoon autodeflate='on|off'>",
			   "autodeflate='%s' on <alias> is the openEuler documentation's form; libvirt reads it on <memballoon>",
			   stv_onoff_names[a->v]);
}

static void check_balloon_autodeflate(const struct ctx *c)
{
	each_dev(c, STV_DEV_BALLOON, balloon_autodeflate);
}

static void balloon_hugepages(const struct ctx *c, const struct stv_device *dev)
{
	if (c->dom->hugepages.set)
		stv_report(c->d, STV_R_BALLOON_HUGEPAGES, dev->loc,
			   "remove the balloon, or back the memory with normal pages",
			   "<memballoon> cannot reclaim memory backed by <hugepages>");
}

static void check_balloon_hugepages(const struct ctx *c)
{
	each_dev(c, STV_DEV_BALLOON, balloon_hugepages);
}

/* Every device of a kind StratoVirt allows once, after the first (devices.def ONCE). */
static void check_once(const struct ctx *c, enum stv_rule rule)
{
	const struct stv_device *first[STV_DEV_KIND_COUNT] = { NULL };
	for (size_t i = 0; i < c->dom->ndevs; i++) {
		const struct stv_device *dev = &c->dom->devs[i];
		const struct stv_kind_info *k = stv_kind_info(dev->kind);
		/* a refused one is reported already: it counts for nothing */
		if (k->once_rule != (int)rule || dev->refused)
			continue;
		if (first[dev->kind])
			stv_report(c->d, rule, dev->loc, "remove all but one",
				   "a second %s (the first is at line %d); StratoVirt supports one",
				   k->what, line_of(c, first[dev->kind]->loc));
		else
			first[dev->kind] = dev;
	}
}

static void check_device_count(const struct ctx *c)
{
	check_once(c, STV_R_DEVICE_COUNT);
}

static void check_console_count(const struct ctx *c)
{
	check_once(c, STV_R_CONSOLE_COUNT);
}

/* A virtio console or the serial port on a pty: somewhere to type. */
static bool interactive(const struct stv_device *dev)
{
	const struct stv_choice *type = dev->kind == STV_DEV_CONSOLE ? &dev->u.console.type
				      : dev->kind == STV_DEV_SERIAL_PORT ? &dev->u.serial_port.type
				      : NULL;
	/* a refused type was reported: not a reason to warn again */
	return type && (!type->set || type->refused || type->v == STV_CONSOLE_TYPE_PTY);
}

static void check_no_console(const struct ctx *c)
{
	for (size_t i = 0; i < c->dom->ndevs; i++)
		if (interactive(&c->dom->devs[i]))
			return;
	stv_report(c->d, STV_R_NO_CONSOLE, loc_or(c->dom->devices.loc, c->dom->loc),
		   "add <console type='pty'><target type='virtio' port='0'/></console>, or a <serial type='pty'>",
		   "the domain has no pty <console> or <serial>: there will be no interactive console");
}

static void check_serial_count(const struct ctx *c)
{
	check_once(c, STV_R_SERIAL_COUNT);
}

/*
 * StratoVirt's serial port is a 16550 at ttyS0 on q35 and a PL011 at
 * ttyAMA0 on virt (-serial, machine_manager/src/config/chardev.rs
 * add_serial); libvirt names them isa-serial and system-serial/pl011.
 */
static void serial_arch(const struct ctx *c, const struct stv_device *dev)
{
	const struct stv_serial_port *p = &dev->u.serial_port;
	bool x86 = stv_is(&c->dom->arch, STV_ARCH_X86_64);
	bool arm = stv_is(&c->dom->arch, STV_ARCH_AARCH64);
	bool isa = stv_is(&p->target, STV_SERIAL_TARGET_ISA_SERIAL);
	bool sys = stv_is(&p->target, STV_SERIAL_TARGET_SYSTEM_SERIAL);

	if ((x86 && sys) || (arm && isa))
		stv_report(c->d, STV_R_SERIAL_ARCH, p->target.loc,
			   x86 ? "write <target type='isa-serial'>, or leave the target out"
			       : "write <target type='system-serial'><model name='pl011'/></target>, or leave the target out",
			   "<target type='%s'> is not the serial port of %s: StratoVirt gives it %s",
			   stv_serial_target_names[p->target.v], stv_arch_name((enum stv_arch)c->dom->arch.v),
			   x86 ? "a 16550 (isa-serial, ttyS0)" : "a PL011 (system-serial, ttyAMA0)");
	else if ((isa && stv_is(&p->model, STV_SERIAL_MODEL_PL011)) ||
		 (sys && stv_is(&p->model, STV_SERIAL_MODEL_ISA_SERIAL)))
		stv_report(c->d, STV_R_SERIAL_ARCH, p->model.loc,
			   isa ? "write <model name='isa-serial'/>" : "write <model name='pl011'/>",
			   "<model name='%s'> is not a model of the %s target",
			   stv_serial_model_names[p->model.v], stv_serial_target_names[p->target.v]);
}

static void check_serial_arch(const struct ctx *c)
{
	each_dev(c, STV_DEV_SERIAL_PORT, serial_arch);
}

static void rng_rate(const struct ctx *c, const struct stv_device *dev)
{
	const struct stv_num *bytes = &dev->u.rng.bytes, *period = &dev->u.rng.period;
	uint64_t ms = period->set ? period->v : STV_RNG_PERIOD_MS;
	/* A zero period is rng-period's; bytes * 1000 must not wrap. */
	if (!bytes->set || ms == 0)
		return;
	bool huge = bytes->v > UINT64_MAX / 1000;
	uint64_t rate = huge ? UINT64_MAX : bytes->v * 1000 / ms;
	if (rate >= MIN_RNG_RATE && rate <= MAX_RNG_RATE)
		return;
	char period_text[40] = "";
	if (period->set)
		snprintf(period_text, sizeof(period_text), " period='%" PRIu64 "'", ms);
	stv_report(c->d, STV_R_RNG_RATE, bytes->loc, NULL,
		   "<rate bytes='%" PRIu64 "'%s> is %s%" PRIu64 " bytes per second; StratoVirt supports %d to %d",
		   bytes->v, period_text, huge ? "more than " : "",
		   huge ? UINT64_MAX / 1000 : rate, MIN_RNG_RATE, MAX_RNG_RATE);
}

static void check_rng_rate(const struct ctx *c)
{
	each_dev(c, STV_DEV_RNG, rng_rate);
}

static void vsock_cid(const struct ctx *c, const struct stv_device *dev)
{
	const struct stv_num *cid = &dev->u.vsock.cid;
	if (out_of_range(cid, MIN_VSOCK_CID, MAX_VSOCK_CID))
		stv_report(c->d, STV_R_VSOCK_CID, cid->loc,
			   cid->v < MIN_VSOCK_CID
				   ? "CIDs 0, 1 and 2 are the hypervisor, loopback and host: pick one from 3 up"
				   : "4294967295 means any CID and larger ones do not fit in 32 bits: pick one from 3 up",
			   "<cid address='%" PRIu64 "'>: a guest cid is between 3 and 4294967294",
			   cid->v);
}

static void check_vsock_cid(const struct ctx *c)
{
	each_dev(c, STV_DEV_VSOCK, vsock_cid);
}

/* ---- host devices --------------------------------------------------------- */

/* DDDD:BB:SS.F as one number, or false when a part is missing or out of range. */
static bool hostdev_key(const struct stv_hostdev *h, uint64_t *key)
{
	const struct stv_num *part[] = { &h->host_domain, &h->host_bus, &h->host_slot,
					 &h->host_function };
	static const uint64_t max[] = { 0xffff, 0xff, 0x1f, 7 };
	static const unsigned shift[] = { 24, 16, 3, 0 };

	*key = 0;
	for (size_t i = 0; i < 4; i++) {
		if (!part[i]->set || part[i]->v > max[i])
			return false;
		*key |= part[i]->v << shift[i];
	}
	return true;
}

static void hostdev_dup(const struct ctx *c, const struct dup_item *g, size_t n)
{
	for (size_t i = 1; i < n; i++)
		stv_report(c->d, STV_R_HOSTDEV_DUP, g[i].loc,
			   "remove one of them: a host function is given to one device only",
			   "host PCI device %04" PRIx64 ":%02" PRIx64 ":%02" PRIx64 ".%" PRIx64
			   " is already passed through by the <hostdev> at line %d",
			   g[i].num >> 24, g[i].num >> 16 & 0xff, g[i].num >> 3 & 0x1f,
			   g[i].num & 7, line_of(c, g[0].loc));
}

/*
 * StratoVirt opens a host function once, through its VFIO group: a second
 * device for it fails at start.  An address out of range is hostdev-address's.
 */
static void check_hostdev_dup(const struct ctx *c)
{
	struct dups s;
	uint64_t key;

	if (dups_init(c, &s) < 0)
		return;
	for (size_t i = 0; i < c->dom->ndevs; i++) {
		const struct stv_device *dev = &c->dom->devs[i];
		if (dev->kind == STV_DEV_HOSTDEV && hostdev_key(&dev->u.hostdev, &key))
			dups_add(&s, (struct dup_item){ .num = key, .loc = dev->loc });
	}
	dups_report(c, &s, hostdev_dup);
}

/* ---- USB, VNC and video -------------------------------------------------- */

#define VNC_PORT_BASE 5900
#define VNC_PORT_MAX 65535

static void check_usb_count(const struct ctx *c)
{
	check_once(c, STV_R_USB_COUNT);
}

static bool is_usb_kind(enum stv_dev_kind k)
{
	return k == STV_DEV_USB || stv_kind_info(k)->parent == STV_DEV_USB;
}

/* libvirt refuses USB devices too: "USB is disabled for this domain". */
static void check_usb_none(const struct ctx *c)
{
	const struct stv_flag *none = &c->dom->usb_none;
	if (!none->set)
		return;
	for (size_t i = 0; i < c->dom->ndevs; i++) {
		const struct stv_device *dev = &c->dom->devs[i];
		if (is_usb_kind(dev->kind))
			stv_report(c->d, STV_R_USB_NONE, dev->loc,
				   "remove <controller type='usb' model='none'/>, or remove the USB devices",
				   "a %s, but <controller type='usb' model='none'/> at line %d says the domain has no USB",
				   stv_kind_info(dev->kind)->what, line_of(c, none->loc));
	}
}

static bool all_digits(const char *s)
{
	return *s && strspn(s, "0123456789") == strlen(s);
}

/*
 * libvirt reads port as a number in every case (-1 for "chosen at
 * start"), and refuses a fixed one outside 5900..65535 ("vnc port must be
 * in range [5900,65535]"); StratoVirt's display is port - 5900.
 */
static void vnc_port(const struct ctx *c, const struct stv_device *dev)
{
	const struct stv_graphics *g = &dev->u.graphics;
	uint64_t port;
	if (!g->port.s)
		return;
	if (strcmp(g->port.s, "-1") != 0 && !all_digits(g->port.s))
		stv_report(c->d, STV_R_VNC_PORT, g->port.loc,
			   "write a TCP port from 5900 to 65535, or port='-1' autoport='yes' to have one chosen at start",
			   "<graphics port='%s'> is not a port number", g->port.s);
	else if (!stv_is(&g->autoport, STV_YESNO_YES) &&
		 (stv_parse_dec(g->port.s, &port) < 0 || port < VNC_PORT_BASE || port > VNC_PORT_MAX))
		stv_report(c->d, STV_R_VNC_PORT, g->port.loc,
			   "write a TCP port from 5900 (display 0) to 65535, or autoport='yes' to have one chosen at start",
			   "<graphics port='%s'>: a VNC port is 5900 to 65535, display 0 to 59635", g->port.s);
}

static void check_vnc_port(const struct ctx *c)
{
	each_dev(c, STV_DEV_GRAPHICS, vnc_port);
}

static void vnc_listen_mismatch(const struct ctx *c, const struct stv_device *dev)
{
	const struct stv_graphics *g = &dev->u.graphics;
	if (g->listen.s && g->listen_address.s && strcmp(g->listen.s, g->listen_address.s) != 0)
		stv_report(c->d, STV_R_VNC_LISTEN_MISMATCH, g->listen_address.loc,
			   "make them the same address, or keep one of them",
			   "<listen address='%s'> differs from <graphics listen='%s'>; StratoVirt's VNC server listens on one address",
			   g->listen_address.s, g->listen.s);
}

static void check_vnc_listen_mismatch(const struct ctx *c)
{
	each_dev(c, STV_DEV_GRAPHICS, vnc_listen_mismatch);
}

/* StratoVirt's VNC server asks for no password (stv sets up neither TLS nor SASL). */
static void vnc_open(const struct ctx *c, const struct stv_device *dev)
{
	const struct stv_graphics *g = &dev->u.graphics;
	uint8_t ip[4];
	char port[24] = "a port chosen at start";
	if (!g->listen.s || stv_parse_ipv4(g->listen.s, ip) < 0 || ip[0] == 127)
		return;
	if (g->display.set)
		snprintf(port, sizeof port, "port %" PRIu64, g->display.v + VNC_PORT_BASE);
	stv_report(c->d, STV_R_VNC_OPEN, g->listen.loc,
		   "listen on 127.0.0.1 and reach the display through an SSH tunnel (ssh -L)",
		   "the VNC server listens on %s, %s, and asks for no password: whoever reaches it controls the guest's display, keyboard and mouse",
		   g->listen.s, port);
}

static void check_vnc_open(const struct ctx *c)
{
	each_dev(c, STV_DEV_GRAPHICS, vnc_open);
}

static bool shows_something(const struct stv_device *dev)
{
	return dev->kind == STV_DEV_VIDEO && !stv_is(&dev->u.video.model, STV_VIDEO_MODEL_NONE);
}

/* The VNC server shows the framebuffer of a virtio-gpu or ramfb (ui/src/console.rs). */
static void check_vnc_no_video(const struct ctx *c)
{
	const struct stv_device *vnc = first_of_kind(c, STV_DEV_GRAPHICS);
	for (size_t i = 0; vnc && i < c->dom->ndevs; i++)
		if (shows_something(&c->dom->devs[i]))
			return;
	if (vnc)
		stv_report(c->d, STV_R_VNC_NO_VIDEO, vnc->loc,
			   "add <video><model type='virtio'/></video>",
			   "the VNC display has no video device to show: StratoVirt's VNC server shows a virtio-gpu or ramfb framebuffer, and without one only \"Guest has not initialized the display yet.\"");
}

static void video_address(const struct ctx *c, const struct stv_device *dev)
{
	const struct stv_choice *m = &dev->u.video.model;
	if (!dev->addr.written.set || stv_dev_pci(dev) || !m->set || m->refused)
		return;
	stv_report(c->d, STV_R_VIDEO_ADDRESS, dev->addr.loc, "remove the <address>",
		   stv_is(m, STV_VIDEO_MODEL_RAMFB)
			   ? "a <video> of type ramfb has a PCI <address>, but ramfb is a platform device"
			   : "a <video> of type none has a PCI <address>, but it is no device");
}

static void check_video_address(const struct ctx *c)
{
	each_dev(c, STV_DEV_VIDEO, video_address);
}

/*
 * ramfb is an aarch64 platform device ("ramfb device is not supported!"
 * elsewhere) that hands its framebuffer to UEFI through fw_cfg, which the
 * virt machine creates only with pflash (2.5 machine/src/aarch64/standard.rs
 * add_ramfb: "Ramfb device must be used UEFI to boot").
 */
static void ramfb(const struct ctx *c, const struct stv_device *dev)
{
	const struct stv_domain *dom = c->dom;
	struct stv_loc loc = loc_or(dev->u.video.model.loc, dev->loc);
	if (!stv_is(&dev->u.video.model, STV_VIDEO_MODEL_RAMFB) || !arch_known(dom))
		return;
	if (!stv_is(&dom->arch, STV_ARCH_AARCH64))
		stv_report(c->d, STV_R_RAMFB, loc, "write <model type='virtio'/>",
			   "<model type='ramfb'> exists on aarch64 only; StratoVirt's %s machine has no ramfb",
			   stv_arch_info((enum stv_arch)dom->arch.v)->machine);
	else if (!stv_str_given(&dom->loader))
		stv_report(c->d, STV_R_RAMFB, loc,
			   "add <loader readonly='yes' type='pflash'>, or write <model type='virtio'/>",
			   "<model type='ramfb'> needs UEFI firmware: StratoVirt creates ramfb only when a pflash loader gives the guest fw_cfg");
}

static void check_ramfb(const struct ctx *c)
{
	each_dev(c, STV_DEV_VIDEO, ramfb);
}

static void check_display_count(const struct ctx *c)
{
	check_once(c, STV_R_DISPLAY_COUNT);
}

/* ---- ids and option values ----------------------------------------------- */

static void alias_valid(const struct ctx *c, const struct stv_str *a)
{
	if (a->s && !stv_valid_alias(a->s))
		stv_report(c->d, STV_R_ALIAS, a->loc,
			   "an alias is 1 to 63 characters from A-Z a-z 0-9 _ -, not beginning with '-'",
			   "<alias name='%s'> cannot be a StratoVirt id", a->s);
}

/*
 * A root port's id is always its bus name, pcie.N: its alias never reaches
 * StratoVirt, so the "pci.N" that a running libvirt domain's XML carries is
 * accepted as it is (a dot more than device aliases allow).
 */
static bool root_port_alias_ok(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > 63)
		return false;
	for (const char *p = s; *p; p++)
		if (*p != '.' && *p != '-' && !stv_valid_alias((char[]){ *p, '\0' }))
			return false;
	return true;
}

static void check_alias(const struct ctx *c)
{
	for (size_t i = 0; i < c->dom->ndevs; i++) {
		const struct stv_str *a = &c->dom->devs[i].alias;
		if (c->dom->devs[i].kind != STV_DEV_ROOT_PORT)
			alias_valid(c, a);
		else if (a->s && !root_port_alias_ok(a->s))
			stv_report(c->d, STV_R_ALIAS, a->loc,
				   "a root port alias is 1 to 63 characters from A-Z a-z 0-9 _ - .",
				   "<alias name='%s'> of a root port has characters libvirt never writes there",
				   a->s);
	}
}

static void alias_dup(const struct ctx *c, const struct dup_item *g, size_t n)
{
	for (size_t i = 1; i < n; i++)
		stv_report(c->d, STV_R_ALIAS_DUP, g[i].loc, NULL,
			   "<alias name='%s'> is already used at line %d; aliases become device ids and must be unique",
			   g[i].text, line_of(c, g[0].loc));
}

static void check_alias_dup(const struct ctx *c)
{
	struct dups s;
	if (dups_init(c, &s) < 0)
		return;
	for (size_t i = 0; i < c->dom->ndevs; i++) {
		const struct stv_str *a = &c->dom->devs[i].alias;
		if (a->s)
			dups_add(&s, (struct dup_item){ .key = a->s, .text = a->s, .loc = a->loc });
	}
	dups_report(c, &s, alias_dup);
}

/* ---- what reaches the command line --------------------------------------- */

/* Calls fn for every string of the domain and its devices that has a value. */
static void each_string(const struct ctx *c,
			void (*fn)(const struct ctx *c, const struct stv_field *f,
				   const struct stv_str *s, const struct stv_device *dev))
{
	/*
	 * The device fields by kind first, so a device meets only its own:
	 * every field against every device is quadratic in a large domain.
	 */
	const struct stv_field *const *f;
	size_t n = 0, first[STV_DEV_KIND_COUNT + 1] = { 0 };
	for (f = stv_str_fields; *f; f++)
		n++;
	const struct stv_field **by_kind = calloc(n + 1, sizeof *by_kind);
	if (!by_kind) {
		c->d->oom = true;
		return;
	}
	/* counting sort: kind -1 (any device) is bucket 0, kind K bucket K + 1 */
	for (f = stv_str_fields; *f; f++)
		if ((*f)->device)
			first[(*f)->kind + 1]++;
	for (size_t k = 0, at = 0; k <= STV_DEV_KIND_COUNT; k++) {
		size_t count = first[k];
		first[k] = at;
		at += count;
	}
	size_t next[STV_DEV_KIND_COUNT + 1];
	memcpy(next, first, sizeof next);
	for (f = stv_str_fields; *f; f++) {
		if ((*f)->device) {
			by_kind[next[(*f)->kind + 1]++] = *f;
			continue;
		}
		const struct stv_str *s = (*f)->str((void *)c->dom);
		if (s->s)
			fn(c, *f, s, NULL);
	}
	for (size_t i = 0; i < c->dom->ndevs; i++) {
		struct stv_device *dev = &c->dom->devs[i];
		const size_t buckets[2] = { 0, (size_t)dev->kind + 1 };
		for (size_t b = 0; b < 2; b++)
			for (size_t j = first[buckets[b]]; j < next[buckets[b]]; j++) {
				const struct stv_str *s = by_kind[j]->str(dev);
				if (s->s)
					fn(c, by_kind[j], s, dev);
			}
	}
	free(by_kind);
}

#define RENAME_HINT "choose a value without ',' or '=', or for a file a path without them (a symbolic link will do)"

/*
 * StratoVirt splits an option's value on every ',' (and, since 2.5, '=')
 * with no escape, and takes any word or value that begins with '-' for an
 * option (stratovirt-facts.md sections 4 and 5).  A newline reaches no
 * argument intact.  <cmdline> has a rule of its own, cmdline-text.
 */
static void option_value(const struct ctx *c, struct stv_loc loc, const char *what,
			 const char *s, enum stv_argv_use use)
{
	const char *sep = use == STV_ARGV_ITEM ? strpbrk(s, ",=") : NULL;
	if (sep)
		stv_report(c->d, STV_R_OPTION_VALUE, loc, RENAME_HINT,
			   "%s '%s' contains '%c', which StratoVirt's option syntax cannot carry",
			   what, s, *sep);
	else if (s[0] == '-')
		stv_report(c->d, STV_R_OPTION_VALUE, loc, "use a value that does not begin with '-'",
			   "%s '%s' begins with '-', which StratoVirt takes for an option", what, s);
	else if (strchr(s, '\n'))
		stv_report(c->d, STV_R_OPTION_VALUE, loc, "remove the line break",
			   "%s contains a line break, which no StratoVirt argument can carry", what);
}

static void string_option(const struct ctx *c, const struct stv_field *f,
			  const struct stv_str *s, const struct stv_device *dev)
{
	(void)dev;
	if (f->argv != STV_ARGV_NONE && strcmp(f->member, "dom.cmdline") != 0)
		option_value(c, s->loc, f->what, s->s, f->argv);
}

static void check_option_value(const struct ctx *c)
{
	each_string(c, string_option);
	/* The runtime directory rides in -qmp unix:DIR/qmp.sock,server,nowait. */
	if (c->opt && c->opt->runtime_dir)
		option_value(c, c->dom->loc, "--runtime-dir", c->opt->runtime_dir, STV_ARGV_ITEM);
}

/* The longest path StratoVirt takes for a field, or 0 for no limit. */
static size_t path_max(const struct stv_field *f, const struct stv_device *dev)
{
	static const struct {
		const char *member;
		size_t max;
	} limits[] = {
		{ "dom.kernel", MAX_PATH },
		{ "dom.initrd", MAX_INITRD_PATH },
		{ "dom.loader", MAX_PATH },
		{ "dom.nvram", MAX_PATH },
		{ "dom.emulator", MAX_PATH },
		{ "dev.u.disk.source", MAX_PATH },
		{ "dev.u.rng.backend", MAX_PATH },
		{ "dev.u.console.path", MAX_PATH },
		{ "dev.u.serial_port.path", MAX_PATH },
	};
	/* A unix socket's path is bounded by sun_path, not PATH_MAX. */
	if (dev && dev->kind == STV_DEV_CONSOLE && stv_is(&dev->u.console.type, STV_CONSOLE_TYPE_UNIX))
		return strcmp(f->member, "dev.u.console.path") == 0 ? MAX_SOCK_PATH : 0;
	if (dev && dev->kind == STV_DEV_SERIAL_PORT &&
	    stv_is(&dev->u.serial_port.type, STV_CONSOLE_TYPE_UNIX))
		return strcmp(f->member, "dev.u.serial_port.path") == 0 ? MAX_SOCK_PATH : 0;
	for (size_t i = 0; i < sizeof limits / sizeof limits[0]; i++)
		if (strcmp(limits[i].member, f->member) == 0)
			return limits[i].max;
	return 0;
}

static void string_length(const struct ctx *c, const struct stv_field *f,
			  const struct stv_str *s, const struct stv_device *dev)
{
	size_t max = path_max(f, dev), len = strlen(s->s);
	if (max && len > max)
		stv_report(c->d, STV_R_PATH_LENGTH, s->loc, "move the file to a shorter path",
			   "%s path is %zu bytes; StratoVirt accepts at most %zu%s",
			   f->what, len, max, max == MAX_SOCK_PATH ? " for a unix socket" : "");
}

static void check_path_length(const struct ctx *c)
{
	each_string(c, string_length);
}

static void check_qmp_path_length(const struct ctx *c)
{
	bool given = c->opt && c->opt->runtime_dir;
	/* without a usable name there is no default directory to judge */
	if (!given && !c->dom->name.s)
		return;
	char *dir = stv_runtime_dir(c->dom, c->opt);
	if (!dir) {
		c->d->oom = true;
		return;
	}
	size_t len = strlen(dir) + strlen(QMP_SOCK);
	if (len > MAX_SOCK_PATH)
		stv_report(c->d, STV_R_QMP_PATH_LENGTH,
			   given ? c->dom->loc : loc_or(c->dom->name.loc, c->dom->loc),
			   given ? "pass a shorter --runtime-dir"
				 : "shorten <name>, or pass a shorter --runtime-dir",
			   "the QMP socket %s%s is %zu bytes; a unix socket path is at most %d",
			   dir, QMP_SOCK, len, MAX_SOCK_PATH);
	free(dir);
}

static void check_cmdline_text(const struct ctx *c)
{
	const struct stv_str *cl = &c->dom->cmdline;
	static const char space[] = " \t\r\n";
	if (!cl->s)
		return;
	if (strpbrk(cl->s, "\r\n"))
		stv_report(c->d, STV_R_CMDLINE_TEXT, cl->loc,
			   "join the parameters with spaces on one line",
			   "<cmdline> contains a line break; the kernel command line is one line");
	/* -append takes the next argv word, unless it looks like an option. */
	if (cl->s[0] == '-')
		stv_report(c->d, STV_R_CMDLINE_TEXT, cl->loc, NULL,
			   "<cmdline> begins with '-', which StratoVirt takes for an option");
	for (const char *p = cl->s + strspn(cl->s, space); *p; p += strspn(p, space)) {
		size_t len = strcspn(p, space);
		if (len > MAX_PARAM)
			stv_report(c->d, STV_R_CMDLINE_TEXT, cl->loc, NULL,
				   "<cmdline> parameter '%.20s...' is %zu bytes; StratoVirt accepts at most %d per parameter",
				   p, len, MAX_PARAM);
		p += len;
	}
}

/* ---- the table ----------------------------------------------------------- */

/* rule STV_RULE_COUNT: the function raises several rules, each checked as it reports. */
static const struct {
	enum stv_rule rule;
	check_fn *fn;
} checks[] = {
	{ STV_RULE_COUNT, check_ranges },
	{ STV_R_MEMORY_RANGE, check_memory_range },
	{ STV_R_CURRENT_MEMORY, check_current_memory },
	{ STV_R_ON_REBOOT_IGNORED, check_on_reboot },
	{ STV_R_EMULATOR_NAME, check_emulator_name },
	{ STV_R_CPU_HOST_MODEL, check_cpu_host_model },
	{ STV_R_CPU_MIGRATABLE, check_cpu_migratable },
	{ STV_R_TOPOLOGY_VCPUS, check_topology_vcpus },
	{ STV_R_TOPOLOGY_LEVEL, check_topology_level },
	{ STV_R_VCPU_CURRENT, check_vcpu_current },
	{ STV_R_SYSINFO_UUID, check_sysinfo_uuid },
	{ STV_R_SYSINFO_UNUSED, check_sysinfo_unused },
	{ STV_R_SYSINFO_FIRMWARE, check_sysinfo_firmware },
	{ STV_R_ARCH_MACHINE, check_arch_machine },
	{ STV_R_INITRD_NEEDS_KERNEL, check_initrd_kernel },
	{ STV_R_CMDLINE_NEEDS_KERNEL, check_cmdline_kernel },
	{ STV_R_NVRAM_NEEDS_LOADER, check_nvram_loader },
	{ STV_R_BOOT_SOURCE, check_boot_source },
	{ STV_R_BOOT_FIRMWARE, check_boot_firmware },
	{ STV_R_ROOTFS, check_rootfs },
	{ STV_R_ACPI_REQUIRED, check_acpi },
	{ STV_R_GIC, check_gic },
	{ STV_R_FEATURE_ARCH, check_feature_arch },
	{ STV_R_FEATURE_ARCH, check_cpu_feature_arch },
	{ STV_R_HUGEPAGE_SIZE, check_hugepage_size },
	{ STV_R_HUGEPAGE_ALIGN, check_hugepage_align },
	{ STV_R_IOTHREAD_REF, check_iothread_ref },
	{ STV_R_DISK_TARGET_DUP, check_disk_target_dup },
	{ STV_R_DISK_SOURCE_DUP, check_disk_source_dup },
	{ STV_R_DISK_SERIAL, check_disk_serial },
	{ STV_R_BOOT_ORDER, check_boot_order },
	{ STV_R_BOOT_ORDER_IGNORED, check_boot_order_ignored },
	{ STV_R_MAC, check_mac },
	{ STV_R_MAC_DUP, check_mac_dup },
	{ STV_R_IFNAME, check_ifname },
	{ STV_R_IFNAME_DUP, check_ifname_dup },
	{ STV_R_BALLOON_AUTODEFLATE_PLACE, check_balloon_autodeflate },
	{ STV_R_BALLOON_HUGEPAGES, check_balloon_hugepages },
	{ STV_R_DEVICE_COUNT, check_device_count },
	{ STV_R_CONSOLE_COUNT, check_console_count },
	{ STV_R_NO_CONSOLE, check_no_console },
	{ STV_R_RNG_RATE, check_rng_rate },
	{ STV_R_VSOCK_CID, check_vsock_cid },
	{ STV_R_HOSTDEV_DUP, check_hostdev_dup },
	{ STV_R_USB_COUNT, check_usb_count },
	{ STV_R_USB_NONE, check_usb_none },
	{ STV_R_VNC_PORT, check_vnc_port },
	{ STV_R_VNC_LISTEN_MISMATCH, check_vnc_listen_mismatch },
	{ STV_R_VNC_OPEN, check_vnc_open },
	{ STV_R_VNC_NO_VIDEO, check_vnc_no_video },
	{ STV_R_VIDEO_ADDRESS, check_video_address },
	{ STV_R_RAMFB, check_ramfb },
	{ STV_R_DISPLAY_COUNT, check_display_count },
	{ STV_R_DISK_AIO, check_disk_aio },
	{ STV_R_CDROM_BUS, check_cdrom_bus },
	{ STV_R_SCSI_DISK_SETTING, check_scsi_disk_setting },
	{ STV_R_DISK_ADDRESS, check_disk_address },
	{ STV_R_DRIVE_ADDRESS, check_drive_address },
	{ STV_R_DRIVE_ADDRESS_DUP, check_drive_address_dup },
	{ STV_R_SCSI_INDEX_DUP, check_scsi_index_dup },
	{ STV_R_SERIAL_COUNT, check_serial_count },
	{ STV_R_SERIAL_ARCH, check_serial_arch },
	{ STV_R_ALIAS, check_alias },
	{ STV_R_ALIAS_DUP, check_alias_dup },
	{ STV_R_OPTION_VALUE, check_option_value },
	{ STV_R_PATH_LENGTH, check_path_length },
	{ STV_R_QMP_PATH_LENGTH, check_qmp_path_length },
	{ STV_R_CMDLINE_TEXT, check_cmdline_text },
};

void stv_check(const struct stv_domain *dom, const struct stv_options *opt,
	       struct stv_diags *d)
{
	const struct ctx c = { dom, opt, d };
	for (size_t i = 0; i < sizeof(checks) / sizeof(checks[0]); i++) {
		/* A disabled rule is not worth running. */
		if (d->disabled && checks[i].rule < STV_RULE_COUNT && d->disabled[checks[i].rule])
			continue;
		checks[i].fn(&c);
	}
}
