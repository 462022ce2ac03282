/*
 * compiler/lower.c and compiler/defaults.c: small in-memory documents in,
 * IR fields out.  Each document is parsed with stv_parse (the real loader)
 * and lowered with stv_lower, which walks it once against the subset's
 * tables; the tests assert the values lowering keeps, that what it refuses
 * is kept as refused (and counted), and where every value came from,
 * through stv_resolve (the line, and the columns of the attribute or the
 * text).  What the document leaves implied is stv_defaults' (IR -> IR):
 * the tests of defaults, ids, backend ids, MACs, tap names and the implied
 * virtio-serial controller lower and then call it, and assert that
 * lowering alone leaves those unset.  Lowering the same bytes twice gives
 * the same IR, and odd or mutated documents lower without crashing.
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
#include "../../compiler/load.h"
#include "../../compiler/lower.h"
#include "../../compiler/values.h"

struct lowered {
	struct stv_source src;
	xmlDocPtr doc;
	struct stv_diags d;
	struct stv_domain *dom;
};

/* Parses and lowers xml; nothing is defaulted yet. */
static struct stv_domain *lower_text(struct lowered *t, const char *xml)
{
	memset(t, 0, sizeof(*t));
	stv_diags_init(&t->d, "test.xml", NULL);
	assert_int_equal(stv_source_from_buffer(xml, strlen(xml), &t->src), 0);
	t->d.src = &t->src;
	t->doc = stv_parse(&t->src, &t->d);
	assert_non_null(t->doc);
	t->dom = stv_lower(&t->src, t->doc, &t->d);
	assert_non_null(t->dom);
	return t->dom;
}

/* Lowers xml, then fills in what it leaves implied. */
static struct stv_domain *default_text(struct lowered *t, const char *xml)
{
	lower_text(t, xml);
	assert_int_equal(stv_defaults(t->dom, &t->d), 0);
	return t->dom;
}

static void lowered_free(struct lowered *t)
{
	stv_domain_free(t->dom);
	xmlFreeDoc(t->doc);
	stv_source_free(&t->src);
	stv_diags_free(&t->d);
}

static int line_of(const struct lowered *t, struct stv_loc loc)
{
	return stv_resolve(&t->src, loc).line;
}

/* loc resolves to line, and to columns col up to end_col (exclusive). */
static void assert_at(const struct lowered *t, struct stv_loc loc, int line, int col, int end_col)
{
	struct stv_pos p = stv_resolve(&t->src, loc);
	if (p.line != line || p.col != col || p.end_col != end_col)
		fail_msg("at %d:%d-%d, want %d:%d-%d", p.line, p.col, p.end_col, line, col,
			 end_col);
}

/* The n-th device of a kind (document order). */
static const struct stv_device *nth(const struct stv_domain *dom, enum stv_dev_kind kind,
				    unsigned n)
{
	for (size_t i = 0; i < dom->ndevs; i++) {
		if (dom->devs[i].kind == kind && n-- == 0)
			return &dom->devs[i];
	}
	fail_msg("no device %u of kind %d", n, (int)kind);
	return NULL;
}

static size_t count_kind(const struct stv_domain *dom, enum stv_dev_kind kind)
{
	size_t n = 0;

	for (size_t i = 0; i < dom->ndevs; i++)
		n += dom->devs[i].kind == kind;
	return n;
}

static size_t count_rule(const struct stv_diags *d, enum stv_rule rule)
{
	size_t n = 0;

	for (size_t i = 0; i < d->n; i++)
		n += d->v[i].rule == rule;
	return n;
}

/* Findings not of the STRUCTURE stage (what lowering and defaults add). */
static size_t count_not_structural(const struct stv_diags *d)
{
	size_t n = 0;

	for (size_t i = 0; i < d->n; i++)
		n += stv_rule_info(d->v[i].rule)->stage != STV_STAGE_STRUCTURE;
	return n;
}

static void print_all(const struct lowered *t)
{
	for (size_t i = 0; i < t->d.n; i++)
		print_message("  %d:%d %s [%s]\n", t->d.v[i].pos.line, t->d.v[i].pos.col,
			      t->d.v[i].message, stv_rule_info(t->d.v[i].rule)->id);
}

/* The one finding of a rule. */
static const struct stv_diag *the_finding(const struct lowered *t, enum stv_rule rule)
{
	if (count_rule(&t->d, rule) != 1) {
		print_all(t);
		fail_msg("%zu %s findings, want 1", count_rule(&t->d, rule),
			 stv_rule_info(rule)->id);
	}
	for (size_t i = 0; i < t->d.n; i++)
		if (t->d.v[i].rule == rule)
			return &t->d.v[i];
	return NULL;
}

#define HEAD "<domain type='kvm'>\n<name>vm1</name>\n"
#define OS "<os>\n<type arch='x86_64' machine='q35'>hvm</type>\n<kernel>/k</kernel>\n</os>\n"

/* ---- the domain ---- */

static const char minimal[] =
	"<domain type='kvm'>\n"					/* 1 */
	"  <name> minimal </name>\n"				/* 2 */
	"  <memory unit='MiB'>512</memory>\n"			/* 3 */
	"  <vcpu>2</vcpu>\n"					/* 4 */
	"  <os>\n"						/* 5 */
	"    <type arch='x86_64' machine='q35'>hvm</type>\n"	/* 6 */
	"    <kernel>/var/lib/vmlinux</kernel>\n"		/* 7 */
	"    <cmdline>console=hvc0 root=/dev/vda rw</cmdline>\n"	/* 8 */
	"    <boot dev='hd'/>\n"				/* 9 */
	"  </os>\n"						/* 10 */
	"  <features>\n"					/* 11 */
	"    <acpi/>\n"						/* 12 */
	"  </features>\n"					/* 13 */
	"  <clock offset='utc'>\n"				/* 14 */
	"    <timer name='rtc' tickpolicy='catchup'/>\n"	/* 15 */
	"  </clock>\n"						/* 16 */
	"  <devices>\n"						/* 17 */
	"    <disk type='file' device='disk'>\n"		/* 18 */
	"      <driver name='qemu' type='raw'/>\n"		/* 19 */
	"      <source file='/var/lib/rootfs.img'/>\n"		/* 20 */
	"      <target dev='vda' bus='virtio'/>\n"		/* 21 */
	"    </disk>\n"						/* 22 */
	"  </devices>\n"					/* 23 */
	"</domain>\n";

static void test_minimal(void **state)
{
	struct lowered t;
	struct stv_domain *dom = lower_text(&t, minimal);
	const struct stv_device *disk;

	(void)state;
	/* <boot dev> and <timer> are accepted, with a warning each, and not kept */
	assert_int_equal(t.d.n, 2);
	assert_int_equal(t.d.errors, 0);
	assert_int_equal(t.d.v[0].rule, STV_R_BOOT_DEV_IGNORED);
	assert_int_equal(t.d.v[0].pos.line, 9);
	assert_int_equal(t.d.v[1].rule, STV_R_CLOCK_TIMER_IGNORED);
	assert_int_equal(t.d.v[1].pos.line, 15);
	assert_int_equal(dom->refused, 0);
	assert_at(&t, dom->loc, 1, 1, 8);
	assert_string_equal(dom->name.s, "minimal");
	assert_false(dom->name.refused);
	assert_at(&t, dom->name.loc, 2, 10, 17);	/* the text, trimmed */
	assert_null(dom->uuid.s);
	assert_false(dom->uuid.refused);
	assert_true(dom->vcpus.set);
	assert_int_equal(dom->vcpus.v, 2);
	assert_at(&t, dom->vcpus.loc, 4, 9, 10);
	assert_true(dom->memory.set);
	assert_int_equal(dom->memory.v, 512ull << 20);
	assert_at(&t, dom->memory.loc, 3, 22, 25);
	assert_false(dom->current_memory.set);
	assert_false(dom->hugepages.set);
	assert_false(dom->hugepage_size.set);
	assert_false(dom->iothreads.set);
	assert_true(dom->arch.set);
	assert_false(dom->arch.refused);
	assert_int_equal(dom->arch.v, STV_ARCH_X86_64);
	assert_at(&t, dom->arch.loc, 6, 11, 24);	/* arch='x86_64' */
	assert_string_equal(dom->machine.s, "q35");
	assert_at(&t, dom->machine.loc, 6, 25, 38);
	assert_string_equal(dom->kernel.s, "/var/lib/vmlinux");
	assert_int_equal(line_of(&t, dom->kernel.loc), 7);
	assert_string_equal(dom->cmdline.s, "console=hvc0 root=/dev/vda rw");
	assert_null(dom->initrd.s);
	assert_null(dom->loader.s);
	assert_null(dom->nvram.s);
	assert_true(dom->acpi.set);
	assert_int_equal(line_of(&t, dom->acpi.loc), 12);
	assert_false(dom->apic.set);
	assert_false(dom->gic.set);
	assert_true(dom->features.set);
	assert_int_equal(line_of(&t, dom->features.loc), 11);
	assert_true(dom->os.set);
	assert_int_equal(line_of(&t, dom->os.loc), 5);
	assert_true(dom->devices.set);
	assert_int_equal(line_of(&t, dom->devices.loc), 17);
	assert_false(dom->pcie_root.set);
	/* lowering alone leaves what is implied unset */
	assert_null(dom->emulator.s);
	assert_false(dom->on_poweroff.set);
	assert_false(dom->on_reboot.set);
	assert_false(dom->on_crash.set);
	assert_int_equal(dom->ndevs, 1);
	disk = &dom->devs[0];
	assert_null(disk->id);
	assert_null(disk->backend_id);

	/* defaults */
	assert_int_equal(stv_defaults(dom, &t.d), 0);
	assert_int_equal(t.d.n, 2);	/* nothing implied worth a warning */
	assert_string_equal(dom->emulator.s, "/usr/bin/stratovirt");
	assert_int_equal(line_of(&t, dom->emulator.loc), 17);	/* defaulted: <devices> */
	assert_true(stv_is(&dom->on_poweroff, STV_ACTION_DESTROY));
	assert_true(stv_is(&dom->on_reboot, STV_ACTION_RESTART));
	assert_true(stv_is(&dom->on_crash, STV_ACTION_DESTROY));
	assert_int_equal(line_of(&t, dom->on_reboot.loc), 1);	/* defaulted: <domain> */
	assert_true(dom->current_memory.set);
	assert_int_equal(dom->current_memory.v, 512ull << 20);
	assert_int_equal(line_of(&t, dom->current_memory.loc), 3);
	assert_true(dom->pcie_root.set);
	assert_false(dom->gic.set);		/* x86_64: no GIC implied */
	assert_int_equal(count_kind(dom, STV_DEV_ROOT_PORT), 0);
	assert_int_equal(dom->ndevs, 1);
	disk = &dom->devs[0];
	assert_int_equal(disk->kind, STV_DEV_DISK);
	assert_int_equal(disk->kind_index, 0);
	assert_at(&t, disk->loc, 18, 5, 10);
	assert_null(disk->alias.s);
	assert_string_equal(disk->id, "virtio-disk0");
	assert_string_equal(disk->backend_id, "drive-virtio-disk0");
	assert_false(disk->generated);
	assert_int_equal(disk->refused, 0);
	assert_false(disk->addr.present);
	assert_false(disk->addr.written.set);
	assert_int_equal(line_of(&t, disk->addr.loc), 18);
	assert_string_equal(disk->u.disk.source.s, "/var/lib/rootfs.img");
	assert_at(&t, disk->u.disk.source.loc, 20, 15, 41);	/* file='...' */
	assert_string_equal(disk->u.disk.target.s, "vda");
	assert_false(disk->u.disk.readonly.set);
	assert_false(disk->u.disk.iothread.set);
	assert_false(disk->boot_order.set);
	assert_false(disk->u.disk.iops.set);
	assert_false(disk->u.disk.queues.set);
	assert_null(disk->u.disk.serial.s);
	lowered_free(&t);
}

static void test_domain_fields(void **state)
{
	struct lowered t;
	struct stv_domain *dom = lower_text(&t,
		"<domain type='kvm'>\n"
		"<name>a</name>\n"
		"<uuid>c7a5fdbd-cdaf-9455-926a-d65c16db1809</uuid>\n"
		"<memory>1048576</memory>\n"
		"<currentMemory unit='GiB'>1</currentMemory>\n"		/* 5 */
		"<vcpu>1</vcpu>\n"
		"<iothreads>4</iothreads>\n"
		"<on_poweroff>restart</on_poweroff>\n"
		"<on_reboot>destroy</on_reboot>\n"			/* 9 */
		"<on_crash>restart</on_crash>\n"
		"<os>\n"
		"<type arch='aarch64' machine='virt'>hvm</type>\n"
		"<initrd>/i</initrd>\n"
		"<loader readonly='yes' type='pflash'>/code</loader>\n"
		"<nvram>/vars</nvram>\n"
		"</os>\n"
		"<features>\n"
		"<acpi/>\n"
		"<gic version='3'/>\n"					/* 19 */
		"</features>\n"
		"<devices>\n"
		"<emulator>/opt/stratovirt</emulator>\n"		/* 22 */
		"</devices>\n"
		"</domain>\n");

	(void)state;
	assert_int_equal(t.d.n, 0);
	assert_int_equal(dom->refused, 0);
	assert_string_equal(dom->uuid.s, "c7a5fdbd-cdaf-9455-926a-d65c16db1809");
	assert_int_equal(dom->memory.v, 1ull << 30);	/* default unit KiB */
	assert_true(dom->current_memory.set);
	assert_int_equal(dom->current_memory.v, 1ull << 30);
	assert_int_equal(line_of(&t, dom->current_memory.loc), 5);
	assert_int_equal(dom->iothreads.v, 4);
	assert_true(stv_is(&dom->on_poweroff, STV_ACTION_RESTART));
	assert_true(stv_is(&dom->on_reboot, STV_ACTION_DESTROY));
	assert_int_equal(line_of(&t, dom->on_reboot.loc), 9);
	assert_true(stv_is(&dom->on_crash, STV_ACTION_RESTART));
	assert_true(stv_is(&dom->arch, STV_ARCH_AARCH64));
	assert_null(dom->kernel.s);
	assert_false(stv_str_given(&dom->kernel));
	assert_string_equal(dom->initrd.s, "/i");
	assert_string_equal(dom->loader.s, "/code");
	assert_string_equal(dom->nvram.s, "/vars");
	assert_true(dom->gic.set);
	assert_int_equal(line_of(&t, dom->gic.loc), 19);
	assert_true(dom->gic_version.set);
	assert_int_equal(dom->gic_version.v, 3);
	assert_at(&t, dom->gic_version.loc, 19, 6, 17);	/* version='3' */
	assert_string_equal(dom->emulator.s, "/opt/stratovirt");
	assert_int_equal(line_of(&t, dom->emulator.loc), 22);

	/* what the document says, defaults keep */
	assert_int_equal(stv_defaults(dom, &t.d), 0);
	assert_int_equal(t.d.n, 0);	/* the <gic> is written: none implied */
	assert_string_equal(dom->emulator.s, "/opt/stratovirt");
	assert_true(stv_is(&dom->on_poweroff, STV_ACTION_RESTART));
	assert_true(stv_is(&dom->on_reboot, STV_ACTION_DESTROY));
	assert_true(stv_is(&dom->on_crash, STV_ACTION_RESTART));
	assert_int_equal(dom->current_memory.v, 1ull << 30);
	assert_int_equal(line_of(&t, dom->current_memory.loc), 5);
	assert_int_equal(dom->gic_version.v, 3);
	/*
	 * A text that starts with '/' keeps it: the text of
	 * <emulator>/opt/stratovirt</emulator> is 22:11-26 (the loader records
	 * the tag's '>', which the text starts after).  (Checked after freeing:
	 * a failure must not leak.)
	 */
	struct stv_pos emulator = stv_resolve(&t.src, dom->emulator.loc);
	lowered_free(&t);
	assert_int_equal(emulator.line, 22);
	assert_int_equal(emulator.col, 11);
	assert_int_equal(emulator.end_col, 26);
}

/*
 * Without <features>, the rules about features point at <os>: the flags
 * are unset with no location, and what needs one falls back to <os>.
 */
static void test_features_absent(void **state)
{
	struct lowered t;
	struct stv_domain *dom = lower_text(&t,
		HEAD "<memory>1</memory>\n"
		"<os>\n"						/* 4 */
		"<type arch='ppc64' machine='pseries'>hvm</type>\n"	/* 5 */
		"</os>\n"
		"</domain>\n");

	(void)state;
	assert_false(dom->acpi.set);
	assert_false(dom->gic.set);
	assert_false(dom->gic_version.set);
	assert_false(dom->features.set);
	assert_false(stv_loc_known(dom->features.loc));
	assert_true(dom->os.set);
	assert_int_equal(line_of(&t, dom->os.loc), 4);
	/* an unknown arch is refused, not absent */
	assert_false(dom->arch.set);
	assert_true(dom->arch.refused);
	assert_int_equal(line_of(&t, dom->arch.loc), 5);
	assert_int_equal(count_rule(&t.d, STV_R_ARCH), 1);
	assert_string_equal(dom->machine.s, "pseries");
	stv_check(dom, NULL, &t.d);
	assert_int_equal(the_finding(&t, STV_R_ACPI_REQUIRED)->pos.line, 4);
	lowered_free(&t);

	/* aarch64 without <features>: the implied GIC is at <os> too */
	dom = default_text(&t, HEAD "<memory>1</memory>\n"
			   "<os>\n"						/* 4 */
			   "<type arch='aarch64' machine='virt'>hvm</type>\n"
			   "</os>\n</domain>\n");
	assert_true(dom->gic.set);
	assert_true(dom->gic_version.set);
	assert_int_equal(dom->gic_version.v, 3);
	assert_int_equal(line_of(&t, dom->gic.loc), 4);
	const struct stv_diag *g = the_finding(&t, STV_R_GIC_IMPLIED);
	assert_int_equal(g->severity, STV_WARNING);
	assert_int_equal(stv_rule_info(g->rule)->stage, STV_STAGE_DEFAULTS);
	assert_int_equal(g->pos.line, 4);
	lowered_free(&t);
}

/* ---- sizes and the memory-unit rule ---- */

static void test_memory_units(void **state)
{
	static const struct {
		const char *xml;
		uint64_t bytes;
	} cases[] = {
		{ "<memory unit='b'>134217728</memory>", 134217728 },
		{ "<memory unit='bytes'>134217728</memory>", 134217728 },
		{ "<memory unit='KB'>1000</memory>", 1000000 },
		{ "<memory unit='k'>1</memory>", 1024 },
		{ "<memory unit='KiB'>1</memory>", 1024 },
		{ "<memory unit='MB'>1</memory>", 1000000 },
		{ "<memory unit='M'>1</memory>", 1 << 20 },
		{ "<memory unit='GB'>2</memory>", 2000000000 },
		{ "<memory unit='G'>8</memory>", 8ull << 30 },
		{ "<memory unit='TB'>1</memory>", 1000000000000ull },
		{ "<memory unit='T'>1</memory>", 1ull << 40 },
		{ "<memory unit='TiB'>1</memory>", 1ull << 40 },
		{ "<memory unit='b'>18446744073709551615</memory>", UINT64_MAX },
		{ "<memory unit='GiB'> 0008 </memory>", 8ull << 30 },
		{ "<memory unit=' MiB '>1</memory>", 1 << 20 },
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *xml = stv_asprintf(HEAD "%s\n<vcpu>1</vcpu>\n" OS "</domain>\n", cases[i].xml);
		struct lowered t;
		const struct stv_domain *dom;

		assert_non_null(xml);
		dom = lower_text(&t, xml);
		if (!dom->memory.set || dom->memory.v != cases[i].bytes)
			fail_msg("%s: got %llu", cases[i].xml, (unsigned long long)dom->memory.v);
		assert_false(dom->memory.refused);
		assert_int_equal(line_of(&t, dom->memory.loc), 3);
		assert_int_equal(t.d.n, 0);
		assert_int_equal(dom->refused, 0);
		lowered_free(&t);
		free(xml);
	}
}

static void test_memory_unit_rule(void **state)
{
	struct lowered t;
	const struct stv_domain *dom = lower_text(&t,
		HEAD
		"<memory unit='PiB'>1</memory>\n"			/* 3 */
		"<currentMemory unit='GiB'>17179869184</currentMemory>\n"	/* 4 */
		"<memoryBacking>\n"
		"<hugepages>\n"
		"<page size='99999999999999999999999'/>\n"		/* 7 */
		"</hugepages>\n"
		"</memoryBacking>\n"
		"<vcpu>1</vcpu>\n" OS
		"</domain>\n");

	(void)state;
	/* refused: present, no value, counted */
	assert_false(dom->memory.set);
	assert_true(dom->memory.refused);
	assert_true(stv_num_given(&dom->memory));
	assert_false(dom->current_memory.set);
	assert_true(dom->current_memory.refused);
	assert_true(dom->hugepages.set);
	assert_false(dom->hugepage_size.set);
	assert_true(dom->hugepage_size.refused);
	assert_int_equal(dom->refused, 3);
	assert_int_equal(t.d.n, 3);
	for (size_t i = 0; i < t.d.n; i++) {
		assert_int_equal(t.d.v[i].rule, STV_R_MEMORY_UNIT);
		assert_int_equal(stv_rule_info(t.d.v[i].rule)->stage, STV_STAGE_LOWER);
	}
	/* an unknown unit: at the unit attribute */
	assert_int_equal(t.d.v[0].pos.line, 3);
	assert_int_equal(t.d.v[0].pos.col, 9);
	assert_int_equal(t.d.v[0].pos.end_col, 19);	/* unit='PiB' */
	assert_non_null(strstr(t.d.v[0].message, "<memory> unit 'PiB'"));
	assert_non_null(t.d.v[0].hint);
	/* an overflow: at the number */
	assert_int_equal(t.d.v[1].pos.line, 4);
	assert_int_equal(t.d.v[1].pos.col, 27);
	assert_non_null(strstr(t.d.v[1].message, "17179869184 GiB"));
	assert_int_equal(t.d.v[2].pos.line, 7);
	assert_int_equal(t.d.v[2].pos.col, 7);		/* size='...' */
	assert_non_null(strstr(t.d.v[2].message, "<page size>"));
	assert_at(&t, dom->hugepage_size.loc, 7, 7, 37);
	lowered_free(&t);

	/* a unit on <page> is the page's */
	dom = lower_text(&t, HEAD "<memoryBacking><hugepages>\n"
			 "<page size='1' unit='PB'/>\n"			/* 4 */
			 "</hugepages></memoryBacking>\n</domain>\n");
	assert_true(dom->hugepage_size.refused);
	const struct stv_diag *g = the_finding(&t, STV_R_MEMORY_UNIT);
	assert_int_equal(g->pos.line, 4);
	assert_int_equal(g->pos.col, 16);		/* unit='PB' */
	assert_non_null(strstr(g->message, "'PB'"));
	lowered_free(&t);
}

/*
 * A size that is not a number is the structural pass's finding, not
 * lowering's: refused, with no memory-unit finding.  A count too large for
 * 64 bits saturates, so its range rule reports it.
 */
static void test_memory_bad_number_is_silent(void **state)
{
	struct lowered t;
	struct stv_domain *dom = lower_text(&t,
		HEAD "<memory unit='MiB'>1e3</memory>\n<vcpu>99999999999999999999999</vcpu>\n"
		OS "</domain>\n");

	(void)state;
	assert_false(dom->memory.set);
	assert_true(dom->memory.refused);
	assert_int_equal(line_of(&t, dom->memory.loc), 3);
	assert_true(dom->vcpus.set);
	assert_false(dom->vcpus.refused);
	assert_true(dom->vcpus.v == UINT64_MAX);
	assert_int_equal(line_of(&t, dom->vcpus.loc), 4);
	assert_int_equal(t.d.n, 1);
	assert_int_equal(t.d.v[0].rule, STV_R_INVALID_VALUE);
	assert_int_equal(t.d.v[0].pos.line, 3);
	assert_int_equal(count_rule(&t.d, STV_R_MEMORY_UNIT), 0);
	assert_int_equal(dom->refused, 1);
	assert_int_equal(stv_defaults(dom, &t.d), 0);
	assert_false(dom->current_memory.set);	/* nothing to copy */
	stv_check(dom, NULL, &t.d);
	assert_int_equal(the_finding(&t, STV_R_VCPU_RANGE)->pos.line, 4);
	assert_int_equal(count_rule(&t.d, STV_R_MEMORY_RANGE), 0);
	lowered_free(&t);
}

static void test_hugepages(void **state)
{
	struct lowered t;
	const struct stv_domain *dom = lower_text(&t,
		HEAD "<memoryBacking><hugepages><page size='2048'/></hugepages></memoryBacking>\n"
		"</domain>\n");

	(void)state;
	assert_true(dom->hugepages.set);
	assert_true(dom->hugepage_size.set);
	assert_int_equal(dom->hugepage_size.v, 2u << 20);	/* unit default KiB */
	assert_int_equal(line_of(&t, dom->hugepage_size.loc), 3);
	lowered_free(&t);

	dom = lower_text(&t, HEAD "<memoryBacking><hugepages><page size='1' unit='G'/>"
			     "</hugepages></memoryBacking>\n</domain>\n");
	assert_int_equal(dom->hugepage_size.v, 1u << 30);
	lowered_free(&t);

	dom = lower_text(&t, HEAD "<memoryBacking>\n<hugepages/>\n</memoryBacking>\n</domain>\n");
	assert_true(dom->hugepages.set);
	assert_int_equal(line_of(&t, dom->hugepages.loc), 4);
	assert_false(dom->hugepage_size.set);
	assert_false(dom->hugepage_size.refused);
	lowered_free(&t);

	dom = lower_text(&t, HEAD "<memoryBacking/>\n</domain>\n");
	assert_false(dom->hugepages.set);
	lowered_free(&t);
}

/* ---- devices ---- */

static void test_disk_fields(void **state)
{
	struct lowered t;
	struct stv_domain *dom = lower_text(&t,
		HEAD "<devices>\n"
		"<disk type='file' device='disk'>\n"				/* 4 */
		"<driver name='qemu' type='raw' iothread='2' queues='4'/>\n"
		"<source file=' /img '/>\n"
		"<target dev='vdb' bus='virtio'/>\n"
		"<readonly/>\n"
		"<serial>SER1</serial>\n"
		"<boot order='1'/>\n"						/* 10 */
		"<iotune>\n"
		"<total_iops_sec>1000</total_iops_sec>\n"			/* 12 */
		"</iotune>\n"
		"<alias name='ua-root'/>\n"
		"<address type='pci' domain='0x000' bus='0x01' slot='0x00' function='0x00'/>\n" /* 15 */
		"</disk>\n"
		"</devices>\n</domain>\n");
	const struct stv_device *disk = nth(dom, STV_DEV_DISK, 0);
	const struct stv_disk *u = &disk->u.disk;

	(void)state;
	assert_int_equal(disk->refused, 0);
	assert_string_equal(u->source.s, "/img");
	assert_string_equal(u->target.s, "vdb");
	assert_string_equal(u->serial.s, "SER1");
	assert_true(u->readonly.set);
	assert_int_equal(line_of(&t, u->readonly.loc), 8);
	assert_true(u->iothread.set);
	assert_int_equal(u->iothread.v, 2);
	assert_int_equal(line_of(&t, u->iothread.loc), 5);
	assert_true(u->queues.set);
	assert_int_equal(u->queues.v, 4);
	assert_true(disk->boot_order.set);
	assert_int_equal(disk->boot_order.v, 1);
	assert_at(&t, disk->boot_order.loc, 10, 7, 16);	/* order='1' */
	assert_int_equal(u->iops.v, 1000);
	assert_int_equal(line_of(&t, u->iops.loc), 12);
	assert_string_equal(disk->alias.s, "ua-root");
	assert_true(disk->addr.written.set);
	assert_int_equal(line_of(&t, disk->addr.written.loc), 15);
	assert_true(disk->addr.domain.set);
	assert_int_equal(disk->addr.domain.v, 0);
	assert_int_equal(disk->addr.bus.v, 1);
	assert_int_equal(disk->addr.slot.v, 0);
	assert_true(disk->addr.function.set);
	assert_int_equal(disk->addr.function.v, 0);
	assert_false(disk->addr.multifunction.set);
	/* each address field points at its own attribute */
	assert_at(&t, disk->addr.domain.loc, 15, 21, 35);
	assert_at(&t, disk->addr.bus.loc, 15, 36, 46);
	assert_at(&t, disk->addr.slot.loc, 15, 47, 58);
	assert_at(&t, disk->addr.function.loc, 15, 59, 74);

	assert_int_equal(stv_defaults(dom, &t.d), 0);
	disk = nth(dom, STV_DEV_DISK, 0);
	assert_string_equal(disk->id, "ua-root");
	assert_string_equal(disk->backend_id, "drive-ua-root");
	assert_true(disk->addr.present);
	assert_int_equal(line_of(&t, disk->addr.loc), 15);
	lowered_free(&t);
}

static void test_address_partial(void **state)
{
	struct lowered t;
	struct stv_domain *dom = lower_text(&t,
		HEAD "<devices>\n<vsock model='virtio'>\n<cid auto='no' address='16'/>\n"
		"<address type='pci' slot='0x1f' function='7' multifunction='on'/>\n"	/* 6 */
		"</vsock>\n</devices>\n</domain>\n");
	const struct stv_device *v = nth(dom, STV_DEV_VSOCK, 0);

	(void)state;
	assert_int_equal(v->refused, 0);
	assert_int_equal(v->u.vsock.cid.v, 16);
	assert_true(v->addr.written.set);
	assert_false(v->addr.present);		/* defaults decide */
	assert_false(v->addr.domain.set);
	assert_false(v->addr.bus.set);
	assert_int_equal(v->addr.bus.v, 0);
	assert_int_equal(v->addr.slot.v, 31);
	assert_at(&t, v->addr.slot.loc, 6, 21, 32);	/* slot='0x1f' starts at "slot" */
	assert_int_equal(v->addr.function.v, 7);
	assert_true(stv_is(&v->addr.multifunction, STV_ONOFF_ON));
	assert_at(&t, v->addr.multifunction.loc, 6, 46, 64);
	assert_int_equal(stv_defaults(dom, &t.d), 0);
	v = nth(dom, STV_DEV_VSOCK, 0);
	assert_true(v->addr.present);
	assert_string_equal(v->id, "vsock0");
	assert_null(v->backend_id);
	lowered_free(&t);

	/* the cid is decimal: 0x10 is refused, the address still kept */
	dom = default_text(&t, HEAD "<devices>\n<vsock model='virtio'>\n"
			   "<cid auto='no' address='0x10'/>\n"			/* 5 */
			   "<address type='pci' slot='0x1f'/>\n</vsock>\n</devices>\n</domain>\n");
	v = nth(dom, STV_DEV_VSOCK, 0);
	assert_true(v->u.vsock.cid.refused);
	assert_false(v->u.vsock.cid.set);
	assert_at(&t, v->u.vsock.cid.loc, 5, 16, 30);
	assert_int_equal(v->refused, 1);
	assert_true(v->addr.present);
	assert_int_equal(v->addr.slot.v, 31);
	lowered_free(&t);

	/* a refused address value: written, not present */
	dom = default_text(&t, HEAD "<devices>\n<vsock model='virtio'>\n<cid address='3'/>\n"
			   "<address type='pci' slot='0x1g'/>\n</vsock>\n</devices>\n</domain>\n");
	v = nth(dom, STV_DEV_VSOCK, 0);
	assert_true(v->addr.written.set);
	assert_true(v->addr.slot.refused);
	assert_false(v->addr.present);
	lowered_free(&t);
}

static void test_interface_fields(void **state)
{
	struct lowered t;
	struct stv_domain *dom = lower_text(&t,
		HEAD "<devices>\n"
		"<interface type='bridge'>\n<mac address='DE:AD:BE:EF:00:01'/>\n"
		"<source bridge='qbr0'/>\n<target dev='tap0'/>\n<model type='virtio'/>\n"
		"<driver name='qemu' queues='4'/>\n</interface>\n"
		"<interface type='bridge'>\n<source bridge='br1'/>\n<driver name='vhost'/>\n"
		"</interface>\n"
		"<interface type='bridge'>\n<source bridge='br2'/>\n</interface>\n"
		"</devices>\n</domain>\n");
	const struct stv_net *a = &nth(dom, STV_DEV_NET, 0)->u.net;
	const struct stv_net *b = &nth(dom, STV_DEV_NET, 1)->u.net;
	const struct stv_net *c = &nth(dom, STV_DEV_NET, 2)->u.net;

	(void)state;
	assert_false(a->mac_generated);
	assert_string_equal(a->bridge.s, "qbr0");
	assert_string_equal(a->tap.s, "tap0");
	assert_false(a->tap_generated);
	assert_true(stv_is(&a->driver, STV_NET_DRIVER_QEMU));
	assert_true(a->queues.set);
	assert_int_equal(a->queues.v, 4);
	assert_true(stv_is(&b->driver, STV_NET_DRIVER_VHOST));
	assert_false(b->queues.set);
	assert_null(b->mac.s);
	assert_null(b->tap.s);
	assert_false(c->driver.set);	/* defaults decide */

	assert_int_equal(stv_defaults(dom, &t.d), 0);
	a = &nth(dom, STV_DEV_NET, 0)->u.net;
	b = &nth(dom, STV_DEV_NET, 1)->u.net;
	c = &nth(dom, STV_DEV_NET, 2)->u.net;
	assert_true(stv_is(&a->driver, STV_NET_DRIVER_QEMU));
	assert_true(stv_is(&c->driver, STV_NET_DRIVER_VHOST));
	assert_true(b->mac_generated);
	assert_true(b->tap_generated);
	assert_false(a->mac_generated);
	assert_string_equal(a->tap.s, "tap0");
	assert_string_equal(nth(dom, STV_DEV_NET, 0)->id, "net0");
	assert_string_equal(nth(dom, STV_DEV_NET, 0)->backend_id, "hostnet0");
	assert_string_equal(nth(dom, STV_DEV_NET, 2)->id, "net2");
	assert_int_equal(nth(dom, STV_DEV_NET, 2)->kind_index, 2);
	/*
	 * A MAC is kept in its canonical form, lower case (defaults.c), as
	 * ir.h says.  (Checked after freeing: a failure must not leak.)
	 */
	char mac[18] = "";
	snprintf(mac, sizeof(mac), "%s", a->mac.s);
	lowered_free(&t);
	assert_string_equal(mac, "de:ad:be:ef:00:01");
}

/* The documented derivations, recomputed here from stv_hash64. */
static void test_generated_mac_and_tap(void **state)
{
	struct lowered t;
	const struct stv_domain *dom = default_text(&t,
		HEAD "<devices>\n"
		"<interface type='bridge'><source bridge='br0'/></interface>\n"
		"<interface type='bridge'><source bridge='br0'/></interface>\n"
		"</devices>\n</domain>\n");
	uint64_t h;
	char want[32];

	(void)state;
	for (unsigned k = 0; k < 2; k++) {
		const struct stv_device *dev = nth(dom, STV_DEV_NET, k);
		char key[32];

		snprintf(key, sizeof(key), "vm1/%u", k);
		h = stv_hash64(key, strlen(key), STV_HASH64_SEED);
		snprintf(want, sizeof(want), "52:54:00:%02x:%02x:%02x", (unsigned)(h >> 16) & 0xff,
			 (unsigned)(h >> 8) & 0xff, (unsigned)h & 0xff);
		assert_string_equal(dev->u.net.mac.s, want);
		assert_true(dev->u.net.mac_generated);
		assert_int_equal(line_of(&t, dev->u.net.mac.loc), line_of(&t, dev->loc));
		assert_int_equal(line_of(&t, dev->loc), 4 + k);

		h = stv_hash64("vm1", 3, STV_HASH64_SEED);
		snprintf(want, sizeof(want), "stv%08xn%u", (unsigned)(uint32_t)h, k);
		assert_string_equal(dev->u.net.tap.s, want);
		assert_true(dev->u.net.tap_generated);
		assert_true(stv_valid_ifname(dev->u.net.tap.s));
		assert_int_equal(line_of(&t, dev->u.net.tap.loc), line_of(&t, dev->loc));
	}
	assert_string_not_equal(nth(dom, STV_DEV_NET, 0)->u.net.mac.s,
				nth(dom, STV_DEV_NET, 1)->u.net.mac.s);
	lowered_free(&t);
}

/* The MAC the derivation gives for name/k after `rehash` extra rounds. */
static void derived_mac(const char *name, unsigned k, int rehash, char out[18])
{
	char key[64];
	snprintf(key, sizeof(key), "%s/%u", name, k);
	uint64_t h = stv_hash64(key, strlen(key), STV_HASH64_SEED);
	for (int i = 0; i < rehash; i++)
		h = stv_hash64("+", 1, h);
	snprintf(out, 18, "52:54:00:%02x:%02x:%02x", (unsigned)(h >> 16) & 0xff,
		 (unsigned)(h >> 8) & 0xff, (unsigned)h & 0xff);
}

/* A generated MAC or tap never repeats one the document already uses. */
static void test_generated_names_avoid_user_names(void **state)
{
	struct lowered t;
	const struct stv_domain *dom;
	char mac1[18], tap1[16], want[18], *xml;

	(void)state;
	dom = default_text(&t, HEAD "<devices>\n"
			   "<interface type='bridge'><source bridge='br0'/></interface>\n"
			   "<interface type='bridge'><source bridge='br0'/></interface>\n"
			   "</devices>\n</domain>\n");
	memcpy(mac1, nth(dom, STV_DEV_NET, 1)->u.net.mac.s, 18);
	memcpy(tap1, nth(dom, STV_DEV_NET, 1)->u.net.tap.s, 16);
	derived_mac("vm1", 1, 0, want);
	assert_string_equal(mac1, want);
	lowered_free(&t);

	xml = stv_asprintf(HEAD "<devices>\n"
			   "<interface type='bridge'><mac address='%s'/><target dev='%s'/>"
			   "<source bridge='br0'/></interface>\n"
			   "<interface type='bridge'><source bridge='br0'/></interface>\n"
			   "</devices>\n</domain>\n", mac1, tap1);
	assert_non_null(xml);
	dom = default_text(&t, xml);
	assert_string_equal(nth(dom, STV_DEV_NET, 0)->u.net.mac.s, mac1);
	assert_false(nth(dom, STV_DEV_NET, 0)->u.net.mac_generated);
	assert_string_equal(nth(dom, STV_DEV_NET, 0)->u.net.tap.s, tap1);
	/* rehashed once: FNV-1a of "+" continued */
	derived_mac("vm1", 1, 1, want);
	assert_string_equal(nth(dom, STV_DEV_NET, 1)->u.net.mac.s, want);
	assert_string_not_equal(nth(dom, STV_DEV_NET, 1)->u.net.mac.s, mac1);
	assert_memory_equal(nth(dom, STV_DEV_NET, 1)->u.net.mac.s, "52:54:00:", 9);
	uint64_t h = stv_hash64("+", 1, stv_hash64("vm1", 3, STV_HASH64_SEED));
	char tap[16];
	snprintf(tap, sizeof(tap), "stv%08xn1", (unsigned)(uint32_t)h);
	assert_string_equal(nth(dom, STV_DEV_NET, 1)->u.net.tap.s, tap);
	assert_string_not_equal(nth(dom, STV_DEV_NET, 1)->u.net.tap.s, tap1);
	assert_true(stv_valid_ifname(nth(dom, STV_DEV_NET, 1)->u.net.tap.s));
	lowered_free(&t);
	free(xml);

	/*
	 * The same MAC in upper case: defaults.c compares MACs in their
	 * canonical form, so the generated one never equals a user's written
	 * in capitals (which check.c would then report as mac-dup against stv's
	 * own MAC).  (Checked after freeing: a failure must not leak.)
	 */
	char upper[18];
	for (size_t i = 0; i < sizeof(upper); i++)
		upper[i] = mac1[i] >= 'a' && mac1[i] <= 'f' ? (char)(mac1[i] - 'a' + 'A') : mac1[i];
	xml = stv_asprintf(HEAD "<devices>\n"
			   "<interface type='bridge'><mac address='%s'/>"
			   "<source bridge='br0'/></interface>\n"
			   "<interface type='bridge'><source bridge='br0'/></interface>\n"
			   "</devices>\n</domain>\n", upper);
	assert_non_null(xml);
	dom = default_text(&t, xml);
	uint8_t user[6], generated[6];
	assert_int_equal(stv_parse_mac(nth(dom, STV_DEV_NET, 0)->u.net.mac.s, user), 0);
	assert_int_equal(stv_parse_mac(nth(dom, STV_DEV_NET, 1)->u.net.mac.s, generated), 0);
	lowered_free(&t);
	free(xml);
	assert_memory_not_equal(user, generated, 6);
}

/* The domain name feeds the derivation: another name, other MAC and tap. */
static void test_generated_names_depend_on_name(void **state)
{
	static const char fmt[] = "<domain type='kvm'><name>%s</name><devices>"
				  "<interface type='bridge'><source bridge='br0'/></interface>"
				  "</devices></domain>";
	char *xa = stv_asprintf(fmt, "alpha"), *xb = stv_asprintf(fmt, "beta");
	struct lowered a, b;

	(void)state;
	default_text(&a, xa);
	default_text(&b, xb);
	assert_string_not_equal(a.dom->devs[0].u.net.mac.s, b.dom->devs[0].u.net.mac.s);
	assert_string_not_equal(a.dom->devs[0].u.net.tap.s, b.dom->devs[0].u.net.tap.s);
	lowered_free(&a);
	lowered_free(&b);
	free(xa);
	free(xb);
}

static void test_ids_avoid_aliases(void **state)
{
	struct lowered t;
	struct stv_domain *dom = lower_text(&t,
		HEAD "<devices>\n"
		"<interface type='bridge'><source bridge='b'/></interface>\n"
		"<interface type='bridge'><source bridge='b'/><alias name='net0'/></interface>\n"
		"<interface type='bridge'><source bridge='b'/></interface>\n"
		"<disk type='file'><source file='/a'/><alias name='net3'/></disk>\n"
		"<interface type='bridge'><source bridge='b'/></interface>\n"
		"<disk type='file'><source file='/b'/></disk>\n"
		"<disk type='file'><source file='/c'/><alias name=''/></disk>\n"
		"</devices>\n</domain>\n");

	(void)state;
	for (size_t i = 0; i < dom->ndevs; i++)
		assert_null(dom->devs[i].id);	/* lowering names nothing */
	assert_int_equal(stv_defaults(dom, &t.d), 0);
	assert_string_equal(nth(dom, STV_DEV_NET, 0)->id, "net1");
	assert_string_equal(nth(dom, STV_DEV_NET, 1)->id, "net0");
	assert_string_equal(nth(dom, STV_DEV_NET, 2)->id, "net2");
	assert_string_equal(nth(dom, STV_DEV_NET, 3)->id, "net4");	/* net3 is an alias */
	assert_int_equal(nth(dom, STV_DEV_NET, 3)->kind_index, 3);
	assert_string_equal(nth(dom, STV_DEV_NET, 3)->backend_id, "hostnet4");
	assert_string_equal(nth(dom, STV_DEV_DISK, 0)->id, "net3");
	assert_string_equal(nth(dom, STV_DEV_DISK, 0)->backend_id, "drive-net3");
	assert_string_equal(nth(dom, STV_DEV_DISK, 1)->id, "virtio-disk1");
	/* an empty alias is kept for check.c but gives no id */
	assert_string_equal(nth(dom, STV_DEV_DISK, 2)->alias.s, "");
	assert_string_equal(nth(dom, STV_DEV_DISK, 2)->id, "virtio-disk2");
	assert_string_equal(nth(dom, STV_DEV_DISK, 2)->backend_id, "drive-virtio-disk2");
	lowered_free(&t);
}

/* An invalid alias is still the id: check.c reports it, lowering keeps it. */
static void test_invalid_alias_kept(void **state)
{
	struct lowered t;
	const struct stv_domain *dom = default_text(&t,
		HEAD "<devices>\n<rng model='virtio'>\n<alias name='bad alias,x'/>\n"	/* 5 */
		"<rate period='1000' bytes='1234'/>\n"
		"<backend model='random'>/dev/urandom</backend>\n</rng>\n</devices>\n</domain>\n");
	const struct stv_device *rng = nth(dom, STV_DEV_RNG, 0);

	(void)state;
	assert_string_equal(rng->alias.s, "bad alias,x");
	assert_at(&t, rng->alias.loc, 5, 8, 26);
	assert_string_equal(rng->id, "bad alias,x");
	assert_string_equal(rng->backend_id, "objbad alias,x");
	assert_string_equal(rng->u.rng.backend.s, "/dev/urandom");
	assert_int_equal(rng->u.rng.bytes.v, 1234);
	assert_int_equal(rng->u.rng.period.v, 1000);
	assert_int_equal(line_of(&t, rng->u.rng.period.loc), 6);
	lowered_free(&t);

	/* no period written: defaults give 1000, at the bytes */
	dom = default_text(&t, HEAD "<devices>\n<rng model='virtio'>\n"
			   "<rate bytes='64'/>\n"				/* 5 */
			   "<backend model='random'>/dev/urandom</backend>\n</rng>\n</devices>\n</domain>\n");
	rng = nth(dom, STV_DEV_RNG, 0);
	assert_true(rng->u.rng.period.set);
	assert_int_equal(rng->u.rng.period.v, STV_RNG_PERIOD_MS);
	assert_int_equal(line_of(&t, rng->u.rng.period.loc), 5);
	assert_string_equal(rng->id, "rng0");
	assert_string_equal(rng->backend_id, "objrng0");
	lowered_free(&t);
}

static void test_console_gets_serial(void **state)
{
	struct lowered t;
	struct stv_domain *dom = lower_text(&t,
		HEAD "<devices>\n"
		"<disk type='file'><source file='/a'/></disk>\n"
		"<console type='pty'>\n"					/* 5 */
		"<target type='virtio' port='0'/>\n"
		"</console>\n"
		"</devices>\n</domain>\n");

	(void)state;
	/* lowering adds nothing */
	assert_int_equal(dom->ndevs, 2);
	assert_int_equal(count_kind(dom, STV_DEV_SERIAL), 0);
	assert_int_equal(count_rule(&t.d, STV_R_CONSOLE_SERIAL_ADDED), 0);

	assert_int_equal(stv_defaults(dom, &t.d), 0);
	assert_int_equal(dom->ndevs, 3);
	assert_int_equal(dom->devs[0].kind, STV_DEV_DISK);
	assert_int_equal(dom->devs[1].kind, STV_DEV_CONSOLE);
	assert_false(dom->devs[1].generated);
	assert_true(stv_is(&dom->devs[1].u.console.type, STV_CONSOLE_TYPE_PTY));
	assert_string_equal(dom->devs[1].id, "console0");
	assert_string_equal(dom->devs[1].backend_id, "charconsole0");
	assert_false(dom->devs[1].addr.present);
	/* stv's own device is at the end, where the console is */
	assert_int_equal(dom->devs[2].kind, STV_DEV_SERIAL);
	assert_true(dom->devs[2].generated);
	assert_int_equal(dom->devs[2].kind_index, 0);
	assert_int_equal(line_of(&t, dom->devs[2].loc), 5);
	assert_false(dom->devs[2].addr.present);
	assert_string_equal(dom->devs[2].id, "virtio-serial0");
	assert_null(dom->devs[2].backend_id);
	assert_true(dom->devs[2].index.set);
	assert_int_equal(dom->devs[2].index.v, 0);
	const struct stv_diag *g = the_finding(&t, STV_R_CONSOLE_SERIAL_ADDED);
	assert_int_equal(g->severity, STV_WARNING);
	assert_int_equal(stv_rule_info(g->rule)->stage, STV_STAGE_DEFAULTS);
	assert_int_equal(g->pos.line, 5);
	assert_int_equal(g->pos.col, 1);
	assert_non_null(strstr(g->message, "virtio-serial controller"));
	lowered_free(&t);
}

/* A controller later in the document still serves the console. */
static void test_console_with_serial(void **state)
{
	struct lowered t;
	const struct stv_domain *dom = default_text(&t,
		HEAD "<devices>\n"
		"<console type='unix'><source mode='bind' path='/run/c.sock'/>"
		"<target type='virtio' port='0'/><alias name='con'/>"
		"<address type='pci' bus='0' slot='9'/></console>\n"
		"<controller type='virtio-serial' index='0'><alias name='virt-serial0'/>"
		"<address type='pci' domain='0' bus='3' slot='0' function='0'/></controller>\n"
		"</devices>\n</domain>\n");

	(void)state;
	assert_int_equal(dom->ndevs, 2);
	assert_int_equal(count_rule(&t.d, STV_R_CONSOLE_SERIAL_ADDED), 0);
	assert_int_equal(count_kind(dom, STV_DEV_SERIAL), 1);
	assert_false(nth(dom, STV_DEV_SERIAL, 0)->generated);
	assert_string_equal(nth(dom, STV_DEV_SERIAL, 0)->id, "virt-serial0");
	assert_int_equal(nth(dom, STV_DEV_SERIAL, 0)->addr.bus.v, 3);
	assert_true(nth(dom, STV_DEV_SERIAL, 0)->addr.present);
	assert_true(nth(dom, STV_DEV_SERIAL, 0)->index.set);
	assert_true(stv_is(&nth(dom, STV_DEV_CONSOLE, 0)->u.console.type, STV_CONSOLE_TYPE_UNIX));
	assert_string_equal(nth(dom, STV_DEV_CONSOLE, 0)->u.console.path.s, "/run/c.sock");
	assert_string_equal(nth(dom, STV_DEV_CONSOLE, 0)->id, "con");
	assert_string_equal(nth(dom, STV_DEV_CONSOLE, 0)->backend_id, "charcon");
	/*
	 * A console is a port of the virtio-serial: no PCI address of its own.
	 * The <address> in it is unsupported there, refused, not kept.
	 */
	assert_false(nth(dom, STV_DEV_CONSOLE, 0)->addr.written.set);
	assert_false(nth(dom, STV_DEV_CONSOLE, 0)->addr.present);
	assert_int_equal(nth(dom, STV_DEV_CONSOLE, 0)->refused, 1);
	assert_int_equal(count_rule(&t.d, STV_R_UNSUPPORTED_ELEMENT), 1);
	lowered_free(&t);
}

static void test_things_that_produce_nothing(void **state)
{
	struct lowered t;
	const struct stv_domain *dom = lower_text(&t,
		HEAD "<devices>\n"
		"<memballoon model='none'/>\n"
		"<controller type='usb' model='none'/>\n"
		"<controller type='pci' index='0' model='pcie-root'/>\n"	/* 6 */
		"<sound model='ich9'/>\n"
		"</devices>\n<memory>131072</memory>\n<vcpu>1</vcpu>\n" OS "</domain>\n");

	(void)state;
	assert_int_equal(dom->ndevs, 0);
	assert_true(dom->pcie_root.set);
	assert_int_equal(line_of(&t, dom->pcie_root.loc), 6);
	assert_true(dom->usb_none.set);		/* no USB: the rules need to know */
	assert_int_equal(line_of(&t, dom->usb_none.loc), 5);
	assert_int_equal(dom->refused, 1);	/* the <sound> */
	lowered_free(&t);
}

static void test_balloon(void **state)
{
	struct lowered t;
	struct stv_domain *dom = lower_text(&t,
		HEAD "<devices>\n"
		"<memballoon model='virtio'><alias name='balloon0' autodeflate='on'/></memballoon>\n"
		"<memballoon model='virtio' autodeflate='off'>"
		"<alias name='b1' autodeflate='on'/></memballoon>\n"
		"<memballoon model='virtio' autodeflate='on'/>\n"
		"<memballoon model='virtio'/>\n"
		"</devices>\n</domain>\n");

	(void)state;
	/* as written */
	assert_false(nth(dom, STV_DEV_BALLOON, 0)->u.balloon.autodeflate.set);
	assert_true(stv_is(&nth(dom, STV_DEV_BALLOON, 0)->u.balloon.autodeflate_alias, STV_ONOFF_ON));
	assert_true(stv_is(&nth(dom, STV_DEV_BALLOON, 1)->u.balloon.autodeflate, STV_ONOFF_OFF));
	assert_true(stv_is(&nth(dom, STV_DEV_BALLOON, 1)->u.balloon.autodeflate_alias, STV_ONOFF_ON));
	assert_true(stv_is(&nth(dom, STV_DEV_BALLOON, 2)->u.balloon.autodeflate, STV_ONOFF_ON));
	assert_false(nth(dom, STV_DEV_BALLOON, 2)->u.balloon.autodeflate_alias.set);

	/* the alias's counts when the balloon has none */
	assert_int_equal(stv_defaults(dom, &t.d), 0);
	const struct stv_balloon *b0 = &nth(dom, STV_DEV_BALLOON, 0)->u.balloon;
	assert_true(stv_is(&b0->autodeflate, STV_ONOFF_ON));
	assert_int_equal(line_of(&t, b0->autodeflate.loc), 4);
	assert_true(stv_is(&b0->autodeflate_alias, STV_ONOFF_ON));
	assert_string_equal(nth(dom, STV_DEV_BALLOON, 0)->id, "balloon0");
	assert_true(stv_is(&nth(dom, STV_DEV_BALLOON, 1)->u.balloon.autodeflate, STV_ONOFF_OFF));
	assert_true(stv_is(&nth(dom, STV_DEV_BALLOON, 1)->u.balloon.autodeflate_alias, STV_ONOFF_ON));
	assert_true(stv_is(&nth(dom, STV_DEV_BALLOON, 2)->u.balloon.autodeflate, STV_ONOFF_ON));
	assert_false(nth(dom, STV_DEV_BALLOON, 2)->u.balloon.autodeflate_alias.set);
	assert_string_equal(nth(dom, STV_DEV_BALLOON, 2)->id, "balloon2");
	assert_false(nth(dom, STV_DEV_BALLOON, 3)->u.balloon.autodeflate.set);
	assert_false(nth(dom, STV_DEV_BALLOON, 3)->u.balloon.autodeflate_alias.set);
	assert_null(nth(dom, STV_DEV_BALLOON, 3)->backend_id);
	lowered_free(&t);
}

static void test_root_ports(void **state)
{
	struct lowered t;
	struct stv_domain *dom = lower_text(&t,
		HEAD "<devices>\n"
		"<controller type='pci' index='3' model='pcie-root-port'/>\n"		/* 4 */
		"<controller type='pci' index='1' model='pcie-root-port'>\n"		/* 5 */
		"<model name='pcie-root-port'/>\n"
		"<target chassis='1' port='0x10'/>\n"					/* 7 */
		"<alias name='pci.1'/>\n"
		"<address type='pci' domain='0x0000' bus='0x00' slot='0x02' function='0x0' multifunction='on'/>\n"
		"</controller>\n"
		"<controller type='pci' index='2' model='pcie-root-port'/>\n"		/* 11 */
		"<controller type='pci' index='0x1' model='pcie-root-port'/>\n"	/* 12 */
		"<controller type='pci' model='pcie-root-port'/>\n"			/* 13 */
		"</devices>\n</domain>\n");
	static const uint64_t index[] = { 3, 1, 2, 1 };
	static const int line[] = { 4, 5, 11, 12, 13 };

	(void)state;
	/* devices like any other, in document order (not sorted) */
	assert_int_equal(dom->ndevs, 5);
	assert_int_equal(count_kind(dom, STV_DEV_ROOT_PORT), 5);
	for (size_t i = 0; i < 5; i++) {
		assert_int_equal(dom->devs[i].kind, STV_DEV_ROOT_PORT);
		assert_int_equal(line_of(&t, dom->devs[i].loc), line[i]);
	}
	for (size_t i = 0; i < 4; i++) {
		assert_true(dom->devs[i].index.set);
		assert_int_equal(dom->devs[i].index.v, index[i]);
		assert_int_equal(line_of(&t, dom->devs[i].index.loc), line[i]);
	}
	/* no index: missing, and refused (present for the rules, no value) */
	assert_false(dom->devs[4].index.set);
	assert_true(dom->devs[4].index.refused);
	assert_int_equal(dom->devs[4].refused, 1);
	assert_int_equal(the_finding(&t, STV_R_MISSING_ATTRIBUTE)->pos.line, 13);

	const struct stv_device *p = &dom->devs[1];
	assert_true(p->u.root_port.port.set);
	assert_int_equal(p->u.root_port.port.v, 0x10);
	assert_at(&t, p->u.root_port.port.loc, 7, 21, 32);	/* port='0x10' */
	assert_true(p->u.root_port.chassis.set);
	assert_int_equal(p->u.root_port.chassis.v, 1);
	assert_string_equal(p->alias.s, "pci.1");
	assert_true(p->addr.written.set);
	assert_int_equal(p->addr.slot.v, 2);
	assert_true(stv_is(&p->addr.multifunction, STV_ONOFF_ON));
	assert_false(p->generated);
	assert_false(dom->devs[2].u.root_port.port.set);
	assert_false(dom->devs[2].u.root_port.chassis.set);
	assert_false(dom->devs[2].addr.written.set);
	assert_int_equal(line_of(&t, dom->devs[2].addr.loc), 11);

	/* defaults: chassis from the index, ids from the bus */
	assert_int_equal(stv_defaults(dom, &t.d), 0);
	assert_int_equal(dom->ndevs, 5);
	assert_int_equal(dom->devs[0].u.root_port.chassis.v, 3);
	assert_int_equal(dom->devs[1].u.root_port.chassis.v, 1);
	assert_int_equal(dom->devs[2].u.root_port.chassis.v, 2);
	assert_false(dom->devs[2].u.root_port.port.set);	/* address.c's */
	assert_false(dom->devs[4].u.root_port.chassis.set);
	assert_string_equal(dom->devs[0].id, "pcie.3");
	assert_string_equal(dom->devs[1].id, "pcie.1");	/* not the alias */
	assert_string_equal(dom->devs[2].id, "pcie.2");
	assert_null(dom->devs[0].backend_id);
	assert_true(dom->devs[1].addr.present);
	assert_false(dom->devs[2].addr.present);
	assert_int_equal(dom->devs[3].kind_index, 3);
	lowered_free(&t);
}

/* The seed's x86 example, whole. */
static void test_seed_example(void **state)
{
	FILE *f = fopen("examples/x86_64-q35.xml", "r");
	struct lowered t;
	struct stv_domain *dom;
	static const enum stv_dev_kind order[] = {
		STV_DEV_DISK, STV_DEV_NET, STV_DEV_SERIAL, STV_DEV_CONSOLE,
		STV_DEV_BALLOON, STV_DEV_RNG, STV_DEV_VSOCK,
	};
	static const char *const ids[] = {
		"virtio-disk0", "net0", "virt-serial0", "console0", "balloon0", "rng0", "vsock0",
	};

	(void)state;
	if (f == NULL)
		skip();
	memset(&t, 0, sizeof(t));
	stv_diags_init(&t.d, "x86_64-q35.xml", NULL);
	assert_int_equal(stv_read_stream(f, STV_DEFAULT_MAX_SIZE, &t.src), 0);
	fclose(f);
	t.d.src = &t.src;
	t.doc = stv_parse(&t.src, &t.d);
	assert_non_null(t.doc);
	dom = t.dom = stv_lower(&t.src, t.doc, &t.d);
	assert_non_null(dom);
	assert_int_equal(stv_defaults(dom, &t.d), 0);
	assert_int_equal(t.d.n, 0);
	assert_int_equal(dom->refused, 0);
	assert_int_equal(dom->memory.v, 8ull << 30);
	assert_int_equal(dom->hugepage_size.v, 1ull << 30);
	assert_string_equal(dom->emulator.s, "/path/to/StratoVirt_binary_file");
	assert_true(dom->pcie_root.set);
	/* the seven root ports first, as written, then the devices */
	assert_int_equal(dom->ndevs, 14);
	for (size_t i = 0; i < 7; i++) {
		assert_int_equal(dom->devs[i].kind, STV_DEV_ROOT_PORT);
		assert_int_equal(dom->devs[i].index.v, i + 1);
		assert_int_equal(dom->devs[i].u.root_port.chassis.v, i + 1);
	}
	for (size_t i = 0; i < 7; i++) {
		assert_int_equal(dom->devs[7 + i].kind, order[i]);
		assert_string_equal(dom->devs[7 + i].id, ids[i]);
		assert_true(dom->devs[7 + i].addr.present || order[i] == STV_DEV_CONSOLE);
	}
	assert_int_equal(nth(dom, STV_DEV_DISK, 0)->addr.bus.v, 1);
	assert_int_equal(nth(dom, STV_DEV_VSOCK, 0)->addr.bus.v, 6);
	assert_string_equal(nth(dom, STV_DEV_NET, 0)->u.net.mac.s, "de:ad:be:ef:00:01");
	assert_true(nth(dom, STV_DEV_NET, 0)->u.net.tap_generated);
	assert_false(nth(dom, STV_DEV_NET, 0)->u.net.mac_generated);
	lowered_free(&t);
}

/* ---- determinism and robustness ---- */

static const char busy[] =
	HEAD "<memory unit='GiB'>2</memory>\n" OS
	"<devices>\n"
	"<controller type='pci' index='2' model='pcie-root-port'/>\n"
	"<controller type='pci' index='1' model='pcie-root-port'/>\n"
	"<disk type='file'><source file='/a'/><target dev='vda'/></disk>\n"
	"<interface type='bridge'><source bridge='br0'/></interface>\n"
	"<interface type='bridge'><source bridge='br0'/><alias name='net0'/></interface>\n"
	"<console type='pty'><target type='virtio' port='0'/></console>\n"
	"<rng model='virtio'><backend model='random'>/dev/random</backend></rng>\n"
	"<vsock model='virtio'><cid auto='no' address='3'/></vsock>\n"
	"</devices>\n</domain>\n";

static void assert_same_ir(const struct stv_domain *a, const struct stv_domain *b)
{
	assert_int_equal(a->ndevs, b->ndevs);
	assert_int_equal(a->refused, b->refused);
	for (size_t i = 0; i < a->ndevs; i++) {
		const struct stv_device *x = &a->devs[i], *y = &b->devs[i];

		assert_int_equal(x->kind, y->kind);
		assert_int_equal(x->index.v, y->index.v);
		assert_int_equal(x->loc.off, y->loc.off);
		assert_string_equal(x->id, y->id);
		if (x->backend_id != NULL || y->backend_id != NULL)
			assert_string_equal(x->backend_id, y->backend_id);
		if (x->kind == STV_DEV_NET) {
			assert_string_equal(x->u.net.mac.s, y->u.net.mac.s);
			assert_string_equal(x->u.net.tap.s, y->u.net.tap.s);
		}
	}
}

static void test_deterministic(void **state)
{
	struct lowered a, b;

	(void)state;
	default_text(&a, busy);
	default_text(&b, busy);
	assert_same_ir(a.dom, b.dom);
	/* 2 root ports (document order) + 6 written + the virtio-serial */
	assert_int_equal(a.dom->ndevs, 9);
	assert_int_equal(a.dom->devs[0].index.v, 2);
	assert_int_equal(a.dom->devs[1].index.v, 1);
	assert_true(a.dom->devs[8].generated);
	assert_int_equal(a.dom->devs[8].kind, STV_DEV_SERIAL);
	assert_string_equal(nth(a.dom, STV_DEV_NET, 0)->id, "net1");
	lowered_free(&a);
	lowered_free(&b);
}

/* Documents the structural pass rejects: lowered and defaulted without crashing. */
static void test_odd_documents(void **state)
{
	static const char *const docs[] = {
		"<notadomain/>",
		"<domain/>",
		"<domain><name/><memory unit=''/><vcpu/><os/><features><gic/></features>"
		"<devices/></domain>",
		"<domain><memory unit='KiB'></memory><currentMemory unit='x'>y</currentMemory></domain>",
		"<domain><devices><disk/><interface/><memballoon/><controller/><console/><rng/>"
		"<vsock/><emulator/><controller type='pci' model='pcie-root-port' index='-1'/>"
		"<controller type='pci' model='pcie-root-port' index='99999999999'/>"
		"<console type='serial'/><console/><interface><mac address='zz'/>"
		"<target dev=''/></interface><disk><address type='drive' bus='x'/></disk>"
		"</devices><devices><disk/></devices></domain>",
		"<domain xmlns='urn:x'><name>ns</name><devices><disk/></devices></domain>",
		"<domain><name>a</name><name>b</name><os><type/><boot/><boot dev='x'/></os>"
		"<clock><timer/><timer/></clock><on_reboot>reboot</on_reboot></domain>",
		"<domain><memoryBacking><hugepages><page unit='TiB' size='99999999'/>"
		"</hugepages></memoryBacking></domain>",
		"<domain><devices><interface type='bridge'><mac address='52:54:00:00:00:01'/>"
		"<mac address='52:54:00:00:00:02'/></interface><console type='file'/>"
		"<controller type='virtio-serial' index='1'/></devices></domain>",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(docs) / sizeof(docs[0]); i++) {
		struct lowered t;

		default_text(&t, docs[i]);
		/* defaulted, or refused (an empty <emulator/>) and left so */
		if (!t.dom->emulator.s && !t.dom->emulator.refused)
			fail_msg("document %zu: no emulator", i);
		assert_true(t.dom->refused > 0);	/* never emitted */
		assert_true(t.d.errors > 0);
		lowered_free(&t);
	}
}

/* Byte flips of a busy document: whatever still parses must lower and default. */
static void test_mutations(void **state)
{
	size_t n = strlen(busy);
	char *buf = malloc(n + 1);
	uint32_t seed = 12345;
	static const char alphabet[] = "<>/='\" axz019-:";

	(void)state;
	assert_non_null(buf);
	for (int round = 0; round < 3000; round++) {
		struct stv_diags d;
		struct stv_source src;
		xmlDocPtr doc;

		memcpy(buf, busy, n + 1);
		for (int k = 0; k < 1 + round % 4; k++) {
			seed = seed * 1103515245u + 12345u;
			buf[(seed >> 8) % n] = alphabet[(seed >> 20) % (sizeof(alphabet) - 1)];
		}
		stv_diags_init(&d, "m.xml", NULL);
		assert_int_equal(stv_source_from_buffer(buf, n, &src), 0);
		d.src = &src;
		doc = stv_parse(&src, &d);
		if (doc != NULL) {
			struct stv_domain *dom = stv_lower(&src, doc, &d);

			assert_non_null(dom);
			assert_int_equal(stv_defaults(dom, &d), 0);
			for (size_t i = 0; i < dom->ndevs; i++)
				assert_non_null(dom->devs[i].id);
			stv_domain_free(dom);
			xmlFreeDoc(doc);
		}
		stv_source_free(&src);
		stv_diags_free(&d);
	}
	free(buf);
}

/* Many interfaces: tap names stay within 15 bytes and unique. */
static void test_many_interfaces(void **state)
{
	enum { N = 1200 };
	size_t cap = 64 + N * 64, len = 0;
	char *xml = malloc(cap);
	struct lowered t;

	(void)state;
	assert_non_null(xml);
	len += (size_t)snprintf(xml + len, cap - len, "<domain><name>many</name><devices>");
	for (int i = 0; i < N; i++)
		len += (size_t)snprintf(xml + len, cap - len,
					"<interface type='bridge'/>");
	snprintf(xml + len, cap - len, "</devices></domain>");
	default_text(&t, xml);
	assert_int_equal(t.dom->ndevs, N);
	for (size_t i = 0; i < N; i++) {
		const char *tap = t.dom->devs[i].u.net.tap.s;

		assert_true(strlen(tap) <= 15);
		assert_true(stv_valid_ifname(tap));
		if (i > 0)
			assert_string_not_equal(tap, t.dom->devs[i - 1].u.net.tap.s);
	}
	assert_string_equal(t.dom->devs[N - 1].id, "net1199");
	assert_non_null(strstr(t.dom->devs[1000].u.net.tap.s, "n1000"));
	assert_int_equal(count_not_structural(&t.d), 0);
	lowered_free(&t);
	free(xml);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_minimal),
		cmocka_unit_test(test_domain_fields),
		cmocka_unit_test(test_features_absent),
		cmocka_unit_test(test_memory_units),
		cmocka_unit_test(test_memory_unit_rule),
		cmocka_unit_test(test_memory_bad_number_is_silent),
		cmocka_unit_test(test_hugepages),
		cmocka_unit_test(test_disk_fields),
		cmocka_unit_test(test_address_partial),
		cmocka_unit_test(test_interface_fields),
		cmocka_unit_test(test_generated_mac_and_tap),
		cmocka_unit_test(test_generated_names_avoid_user_names),
		cmocka_unit_test(test_generated_names_depend_on_name),
		cmocka_unit_test(test_ids_avoid_aliases),
		cmocka_unit_test(test_invalid_alias_kept),
		cmocka_unit_test(test_console_gets_serial),
		cmocka_unit_test(test_console_with_serial),
		cmocka_unit_test(test_things_that_produce_nothing),
		cmocka_unit_test(test_balloon),
		cmocka_unit_test(test_root_ports),
		cmocka_unit_test(test_seed_example),
		cmocka_unit_test(test_deterministic),
		cmocka_unit_test(test_odd_documents),
		cmocka_unit_test(test_mutations),
		cmocka_unit_test(test_many_interfaces),
	};

	stv_load_init();
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	xmlCleanupParser();
	return rc;
}
