/*
 * compiler/structure.c, through stv_lower (lower.h), which runs the
 * structural walk and keeps what it accepts: small in-memory documents in,
 * STRUCTURE-stage findings out.  Each test asserts the rule, the position
 * (line, and the columns where they matter: an attribute's finding spans
 * name='value', an element's its '<' and name, a text its first word) and
 * the words a user needs: the element or attribute, the value, what is
 * supported.  A structural error stops nothing: the tests also assert what
 * the walk still lowered, and that a refused value is kept as refused
 * (present, with no value) and counted in dom->refused.  The rules that
 * moved to check.c (arch-machine, feature-arch, gic) are asserted as
 * CHECK-stage findings after stv_defaults and stv_check.  Documents are
 * parsed with the real loader.  compiler/schema.c's verdict is tested at
 * the end.
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
#include "../../compiler/diag.h"
#include "../../compiler/ir.h"
#include "../../compiler/load.h"
#include "../../compiler/lower.h"
#include "../../compiler/schema.h"

struct checked {
	struct stv_source src;
	xmlDocPtr doc;
	struct stv_diags d;
	struct stv_domain *dom;	/* what stv_lower kept */
	size_t errors;		/* STRUCTURE-stage errors */
	size_t warnings;	/* STRUCTURE-stage warnings */
};

static bool structural(const struct stv_diag *g)
{
	return stv_rule_info(g->rule)->stage == STV_STAGE_STRUCTURE;
}

static void count_structural(struct checked *t)
{
	t->errors = t->warnings = 0;
	for (size_t i = 0; i < t->d.n; i++) {
		if (!structural(&t->d.v[i]))
			continue;
		if (t->d.v[i].severity == STV_ERROR)
			t->errors++;
		else
			t->warnings++;
	}
}

static void check_text(struct checked *t, const char *xml)
{
	memset(t, 0, sizeof(*t));
	stv_diags_init(&t->d, "test.xml", NULL);
	assert_int_equal(stv_source_from_buffer(xml, strlen(xml), &t->src), 0);
	t->d.src = &t->src;
	t->doc = stv_parse(&t->src, &t->d);
	assert_non_null(t->doc);
	assert_int_equal(t->d.n, 0);
	t->dom = stv_lower(&t->src, t->doc, &t->d);
	assert_non_null(t->dom);
	stv_diags_sort(&t->d);
	count_structural(t);
}

/* The rules that left the structural pass: defaults, then the checks. */
static void check_semantics(struct checked *t)
{
	assert_int_equal(stv_defaults(t->dom, &t->d), 0);
	stv_check(t->dom, NULL, &t->d);
	stv_diags_sort(&t->d);
}

static void checked_free(struct checked *t)
{
	stv_domain_free(t->dom);
	xmlFreeDoc(t->doc);
	stv_source_free(&t->src);
	stv_diags_free(&t->d);
}

static void print_all(const struct checked *t)
{
	for (size_t i = 0; i < t->d.n; i++)
		print_message("  %d:%d-%d %s [%s]\n", t->d.v[i].pos.line, t->d.v[i].pos.col,
			      t->d.v[i].pos.end_col, t->d.v[i].message,
			      stv_rule_info(t->d.v[i].rule)->id);
}

/* The finding of that rule at that line, or a failure listing them all. */
static const struct stv_diag *find(const struct checked *t, enum stv_rule rule, int line)
{
	for (size_t i = 0; i < t->d.n; i++)
		if (t->d.v[i].rule == rule && t->d.v[i].pos.line == line)
			return &t->d.v[i];
	print_all(t);
	fail_msg("no %s finding at line %d", stv_rule_info(rule)->id, line);
	return NULL;
}

/* The one finding of a rule, wherever it is. */
static const struct stv_diag *find_rule(const struct checked *t, enum stv_rule rule)
{
	const struct stv_diag *found = NULL;
	size_t n = 0;
	for (size_t i = 0; i < t->d.n; i++)
		if (t->d.v[i].rule == rule) {
			found = &t->d.v[i];
			n++;
		}
	if (n != 1) {
		print_all(t);
		fail_msg("%zu %s findings, want 1", n, stv_rule_info(rule)->id);
	}
	return found;
}

static bool has_rule(const struct checked *t, enum stv_rule rule)
{
	for (size_t i = 0; i < t->d.n; i++)
		if (t->d.v[i].rule == rule)
			return true;
	return false;
}

static void assert_cols(const struct stv_diag *g, int col, int end_col)
{
	if (g->pos.col != col || g->pos.end_col != end_col)
		fail_msg("\"%s\" at columns %d-%d, want %d-%d", g->message, g->pos.col,
			 g->pos.end_col, col, end_col);
}

static void assert_stage(const struct stv_diag *g, enum stv_stage stage)
{
	assert_int_equal(stv_rule_info(g->rule)->stage, stage);
}

static void assert_says(const struct stv_diag *g, const char *words)
{
	if (!strstr(g->message, words))
		fail_msg("message \"%s\" does not say \"%s\"", g->message, words);
}

static void assert_hints(const struct stv_diag *g, const char *words)
{
	if (!g->hint || !strstr(g->hint, words))
		fail_msg("hint \"%s\" does not say \"%s\"", g->hint ? g->hint : "(none)",
			 words);
}

/* Where a value of the IR came from. */
static struct stv_pos at(const struct checked *t, struct stv_loc loc)
{
	return stv_resolve(&t->src, loc);
}

/* A valid x86_64 domain; tests splice lines into it. */
#define HEAD "<domain type='kvm'>\n"			/* line 1 */ \
	     "  <name>vm</name>\n"			/* line 2 */ \
	     "  <vcpu>2</vcpu>\n"			/* line 3 */ \
	     "  <memory unit='MiB'>512</memory>\n"	/* line 4 */
#define OS_X86 "  <os><type arch='x86_64' machine='q35'>hvm</type>" \
	       "<kernel>/boot/vmlinux</kernel></os>\n"	/* line 5 */
#define OS_ARM "  <os><type arch='aarch64' machine='virt'>hvm</type>" \
	       "<kernel>/boot/vmlinux</kernel></os>\n"	/* line 5 */
#define DISK "    <disk type='file' device='disk'>\n" \
	     "      <driver name='qemu' type='raw'/>\n" \
	     "      <source file='/var/lib/vm.img'/>\n" \
	     "      <target dev='vda' bus='virtio'/>\n" \
	     "    </disk>\n"

/* What HEAD and OS_X86 say, lowered. */
static void assert_head_lowered(const struct checked *t)
{
	const struct stv_domain *dom = t->dom;
	assert_string_equal(dom->name.s, "vm");
	assert_int_equal(at(t, dom->name.loc).line, 2);
	assert_true(dom->vcpus.set);
	assert_int_equal(dom->vcpus.v, 2);
	assert_int_equal(at(t, dom->vcpus.loc).line, 3);
	assert_true(dom->memory.set);
	assert_int_equal(dom->memory.v, 512ull << 20);
	assert_int_equal(at(t, dom->memory.loc).line, 4);
	assert_true(dom->os.set);
	assert_true(stv_is(&dom->arch, STV_ARCH_X86_64));
	assert_string_equal(dom->machine.s, "q35");
	assert_string_equal(dom->kernel.s, "/boot/vmlinux");
}

static void test_valid_domain(void **state)
{
	(void)state;
	struct checked t;
	check_text(&t, HEAD OS_X86
		   "  <features><acpi/><apic/><pae/></features>\n"
		   "  <devices>\n" DISK "  </devices>\n"
		   "</domain>\n");
	assert_int_equal(t.errors, 0);
	assert_int_equal(t.d.n, 0);
	assert_int_equal(t.dom->refused, 0);
	assert_head_lowered(&t);
	assert_true(t.dom->acpi.set);
	assert_true(t.dom->apic.set);
	assert_true(t.dom->pae.set);
	assert_int_equal(t.dom->ndevs, 1);
	assert_int_equal(t.dom->devs[0].kind, STV_DEV_DISK);
	assert_int_equal(t.dom->devs[0].refused, 0);
	checked_free(&t);
}

static void test_unsupported_device_names_it_and_lists_supported(void **state)
{
	(void)state;
	struct checked t;
	check_text(&t, HEAD OS_X86
		   "  <devices>\n"		/* 6 */
		   "    <sound model='ich9'/>\n"	/* 7 */
		   "  </devices>\n"
		   "</domain>\n");
	const struct stv_diag *g = find(&t, STV_R_UNSUPPORTED_ELEMENT, 7);
	assert_cols(g, 5, 11);		/* "<sound" */
	assert_says(g, "<sound> is not supported by StratoVirt");
	assert_says(g, "supported in <devices>: emulator, disk, interface");
	assert_null(g->hint);
	assert_int_equal(t.errors, 1);
	assert_int_equal(t.dom->refused, 1);
	assert_int_equal(t.dom->ndevs, 0);
	assert_head_lowered(&t);
	checked_free(&t);
}

static void test_every_problem_at_its_own_line(void **state)
{
	(void)state;
	struct checked t;
	check_text(&t, HEAD OS_X86
		   "  <devices>\n"					/* 6 */
		   "    <disk type='file' device='disk'>\n"		/* 7 */
		   "      <driver name='qemu' type='vmdk' cache='none' copy_on_read='on'/>\n" /* 8 */
		   "      <source file='/var/lib/vm.img'/>\n"		/* 9 */
		   "      <target dev='vda' bus='ide'/>\n"		/* 10 */
		   "    </disk>\n"					/* 11 */
		   "    <sound model='ich9'/>\n"			/* 12 */
		   "  </devices>\n"
		   "</domain>\n");
	const struct stv_diag *g = find(&t, STV_R_DISK_FORMAT, 8);
	assert_says(g, "<driver type='vmdk'>");
	assert_hints(g, "qemu-img convert -O qcow2");
	assert_cols(g, 27, 38);		/* type='vmdk' */
	g = find(&t, STV_R_UNSUPPORTED_ATTRIBUTE, 8);
	assert_says(g, "attribute 'copy_on_read' of <driver> is not supported by StratoVirt");
	assert_cols(g, 52, 69);		/* copy_on_read='on' */
	g = find(&t, STV_R_INVALID_VALUE, 10);
	assert_says(g, "<target bus='ide'> is not supported; supported: virtio");
	assert_cols(g, 25, 34);		/* bus='ide' */
	g = find(&t, STV_R_UNSUPPORTED_ELEMENT, 12);
	assert_cols(g, 5, 11);		/* "<sound" */
	assert_int_equal(t.errors, 4);
	assert_int_equal(t.d.n, 4);

	/* the disk is still a disk, with what it says well */
	assert_int_equal(t.dom->ndevs, 1);
	const struct stv_device *disk = &t.dom->devs[0];
	assert_int_equal(disk->kind, STV_DEV_DISK);
	assert_int_equal(at(&t, disk->loc).line, 7);
	assert_string_equal(disk->u.disk.source.s, "/var/lib/vm.img");
	assert_int_equal(at(&t, disk->u.disk.source.loc).line, 9);
	assert_string_equal(disk->u.disk.target.s, "vda");
	assert_true(stv_is(&disk->u.disk.cache, STV_DISK_CACHE_NONE));
	assert_int_equal(disk->refused, 3);	/* the format, copy_on_read, bus */
	assert_int_equal(t.dom->refused, 4);	/* and <sound> */
	checked_free(&t);
}

/* A disk of a type StratoVirt cannot run is refused once: what the
 * element would have needed under that type is moot, not three more
 * errors a user fixes only to learn the disk is still refused. */
static void test_refused_shape_is_one_finding(void **state)
{
	(void)state;
	struct checked t;
	check_text(&t, HEAD OS_X86
		   "  <devices>\n"					/* 6 */
		   "    <disk type='network' device='disk'>\n"		/* 7 */
		   "      <driver name='qemu' cache='none'/>\n"	/* 8 */
		   "      <source protocol='rbd' name='pool/img'/>\n"	/* 9 */
		   "      <target dev='vda' bus='virtio'/>\n"		/* 10 */
		   "    </disk>\n"
		   "  </devices>\n"
		   "</domain>\n");
	const struct stv_diag *g = find(&t, STV_R_INVALID_VALUE, 7);
	assert_string_equal(g->message,
			    "<disk type='network'> is not supported; supported: file, block");
	assert_cols(g, 11, 25);		/* type='network' */
	assert_int_equal(t.d.n, 1);
	assert_int_equal(t.errors, 1);
	assert_true(t.dom->ndevs == 0 || t.dom->devs[0].refused > 0);
	checked_free(&t);
}

static void test_unknown_element_reported_once_not_entered(void **state)
{
	(void)state;
	struct checked t;
	check_text(&t, HEAD OS_X86
		   "  <devices>\n"
		   "    <redirdev bus='usb' type='tcp'>\n"	/* 7 */
		   "      <source mode='connect' host='localhost' service='4000'/>\n"
		   "      <graphics/>\n"
		   "    </redirdev>\n"
		   "  </devices>\n"
		   "</domain>\n");
	const struct stv_diag *g = find(&t, STV_R_UNSUPPORTED_ELEMENT, 7);
	assert_says(g, "<redirdev>");
	assert_cols(g, 5, 14);
	assert_int_equal(t.d.n, 1);
	assert_int_equal(t.dom->refused, 1);
	assert_int_equal(t.dom->ndevs, 0);
	checked_free(&t);
}

static void test_missing_duplicate_and_text(void **state)
{
	(void)state;
	struct checked t;
	check_text(&t, "<domain type='kvm'>\n"		/* 1 */
		   "  <vcpu>2</vcpu>\n"			/* 2 */
		   "  <vcpu>4</vcpu>\n"			/* 3 */
		   "  <memory>524288</memory>\n"	/* 4 */
		   "  stray words\n"			/* 5 */
		   OS_X86				/* 6 */
		   "</domain>\n");
	const struct stv_diag *g = find(&t, STV_R_MISSING_ELEMENT, 1);
	assert_says(g, "<domain> has no <name>");
	assert_cols(g, 1, 8);
	g = find(&t, STV_R_DUPLICATE_ELEMENT, 3);
	assert_says(g, "<vcpu> appears again");
	assert_says(g, "first at line 2");
	assert_cols(g, 3, 8);
	g = find_rule(&t, STV_R_UNEXPECTED_TEXT);
	assert_says(g, "'stray words'");
	assert_says(g, "in <domain>");
	assert_int_equal(t.errors, 3);

	/* the first <vcpu> stands; the repeated one is checked, not kept */
	assert_true(t.dom->vcpus.set);
	assert_int_equal(t.dom->vcpus.v, 2);
	assert_int_equal(at(&t, t.dom->vcpus.loc).line, 2);
	assert_int_equal(t.dom->memory.v, 524288ull << 10);
	assert_null(t.dom->name.s);
	assert_false(t.dom->name.refused);
	assert_int_equal(t.dom->refused, 3);
	checked_free(&t);
}

/*
 * Stray text between child elements is reported where it is (5:3, spanning
 * "stray words"), not at the parent or its first child.
 */
static void test_unexpected_text_position(void **state)
{
	(void)state;
	struct checked t;
	check_text(&t, "<domain type='kvm'>\n"		/* 1 */
		   "  <name>vm</name>\n"		/* 2 */
		   "  <vcpu>2</vcpu>\n"			/* 3 */
		   "  <memory>524288</memory>\n"	/* 4 */
		   "  stray words\n"			/* 5 */
		   OS_X86				/* 6 */
		   "</domain>\n");
	const struct stv_diag *g = find_rule(&t, STV_R_UNEXPECTED_TEXT);
	assert_says(g, "'stray words'");
	assert_int_equal(t.errors, 1);
	/* checked after freeing: a failure must not leak */
	struct stv_pos pos = g->pos;
	checked_free(&t);
	assert_int_equal(pos.line, 5);
	assert_int_equal(pos.col, 3);
	assert_int_equal(pos.end_col, 14);	/* "stray words" */
}

/* Text where only elements may be, right after the start tag: at the text. */
static void test_unexpected_text_first(void **state)
{
	(void)state;
	struct checked t;
	check_text(&t, HEAD OS_X86
		   "  <features>acpi please<acpi/></features>\n"	/* 6 */
		   "</domain>\n");
	const struct stv_diag *g = find(&t, STV_R_UNEXPECTED_TEXT, 6);
	assert_says(g, "text 'acpi please' in <features>");
	assert_cols(g, 13, 24);
	assert_int_equal(t.errors, 1);
	assert_true(t.dom->acpi.set);
	checked_free(&t);
}

static void test_value_rules(void **state)
{
	(void)state;
	struct checked t;
	check_text(&t, "<domain type='xen'>\n"			/* 1 */
		   "  <name>my vm</name>\n"			/* 2 */
		   "  <uuid>not-a-uuid</uuid>\n"		/* 3 */
		   "  <vcpu>0x2</vcpu>\n"			/* 4 */
		   "  <memory unit='MiB'>512</memory>\n"	/* 5 */
		   "  <on_crash>preserve</on_crash>\n"		/* 6 */
		   "  <clock offset='localtime'/>\n"		/* 7 */
		   "  <pm><suspend-to-mem enabled='yes'/></pm>\n"	/* 8 */
		   "  <cpu mode='custom'/>\n"			/* 9 */
		   "  <os><type arch='x86_64' machine='pc-q35-8.2'>hvm</type>\n" /* 10 */
		   "    <kernel>vmlinux</kernel>\n"		/* 11 */
		   "    <loader readonly='no' type='pflash'>/fw</loader></os>\n" /* 12 */
		   "</domain>\n");
	const struct stv_diag *g = find(&t, STV_R_DOMAIN_TYPE, 1);
	assert_says(g, "<domain type='xen'>");
	assert_cols(g, 9, 19);
	g = find(&t, STV_R_NAME, 2);
	assert_says(g, "'my vm'");
	assert_cols(g, 9, 14);		/* the text */
	find(&t, STV_R_UUID, 3);
	assert_says(find(&t, STV_R_INVALID_VALUE, 4), "<vcpu> '0x2' is not a decimal integer");
	assert_says(find(&t, STV_R_LIFECYCLE_ACTION, 6), "supported: destroy, restart");
	assert_cols(find(&t, STV_R_CLOCK, 7), 10, 28);
	find(&t, STV_R_PM, 8);
	assert_says(find(&t, STV_R_CPU_MODEL, 9), "<cpu mode='custom'> is not supported");
	assert_says(find(&t, STV_R_PATH_ABSOLUTE, 11), "'vmlinux'");
	assert_cols(find(&t, STV_R_LOADER, 12), 13, 26);
	/* the machine is the semantic rule arch-machine now, not structural */
	assert_false(has_rule(&t, STV_R_ARCH_MACHINE));
	assert_int_equal(t.errors, 10);

	/* what was refused is refused, not absent; the rest is kept */
	const struct stv_domain *dom = t.dom;
	assert_true(dom->name.refused);
	assert_null(dom->name.s);
	assert_true(stv_str_given(&dom->name));
	assert_true(dom->uuid.refused);
	assert_true(dom->vcpus.refused);
	assert_false(dom->vcpus.set);
	assert_true(stv_num_given(&dom->vcpus));
	assert_int_equal(at(&t, dom->vcpus.loc).line, 4);
	assert_true(dom->on_crash.refused);
	assert_false(dom->on_crash.set);
	assert_true(dom->kernel.refused);
	assert_int_equal(at(&t, dom->kernel.loc).line, 11);
	assert_true(dom->memory.set);
	assert_int_equal(dom->memory.v, 512ull << 20);
	assert_true(stv_is(&dom->arch, STV_ARCH_X86_64));
	assert_string_equal(dom->machine.s, "pc-q35-8.2");
	assert_string_equal(dom->loader.s, "/fw");
	/* domain type, name, uuid, vcpu, on_crash, offset, enabled, <cpu>, kernel, readonly */
	assert_int_equal(dom->refused, 10);

	/* the checks: arch-machine at the machine; a refused value stays refused */
	check_semantics(&t);
	g = find(&t, STV_R_ARCH_MACHINE, 10);
	assert_stage(g, STV_STAGE_CHECK);
	assert_says(g, "pc-q35-8.2");
	assert_hints(g, "write machine='q35'");
	assert_cols(g, 27, 47);		/* machine='pc-q35-8.2' */
	assert_true(t.dom->on_crash.refused);
	assert_false(t.dom->on_crash.set);
	/* the kernel is there, refused: nothing to report missing */
	assert_false(has_rule(&t, STV_R_BOOT_SOURCE));
	assert_false(has_rule(&t, STV_R_VCPU_RANGE));
	checked_free(&t);
}

/* One structural error in one place: everything else is lowered. */
static void test_error_keeps_the_rest(void **state)
{
	(void)state;
	struct checked t;
	check_text(&t, "<domain type='qemu'>\n"		/* 1 */
		   "  <name>vm</name>\n"
		   "  <vcpu>2</vcpu>\n"
		   "  <memory unit='MiB'>512</memory>\n"
		   OS_X86
		   "  <devices>\n" DISK "  </devices>\n"
		   "</domain>\n");
	const struct stv_diag *g = find(&t, STV_R_DOMAIN_TYPE, 1);
	assert_says(g, "<domain type='qemu'> is not supported; supported: kvm");
	assert_hints(g, "write <domain type='kvm'>");
	assert_cols(g, 9, 20);
	assert_int_equal(t.errors, 1);
	assert_int_equal(t.d.n, 1);
	assert_head_lowered(&t);
	assert_int_equal(t.dom->ndevs, 1);
	assert_string_equal(t.dom->devs[0].u.disk.source.s, "/var/lib/vm.img");
	assert_int_equal(t.dom->devs[0].refused, 0);
	assert_int_equal(t.dom->refused, 1);
	assert_int_equal(at(&t, t.dom->loc).line, 1);
	checked_free(&t);

	/* a missing type: the rule of the attribute, at the element */
	check_text(&t, "<domain>\n  <name>vm</name>\n  <vcpu>2</vcpu>\n"
		   "  <memory unit='MiB'>512</memory>\n" OS_X86 "</domain>\n");
	g = find(&t, STV_R_DOMAIN_TYPE, 1);
	assert_says(g, "<domain> needs attribute 'type' (supported: kvm)");
	assert_cols(g, 1, 8);
	assert_int_equal(t.errors, 1);
	assert_head_lowered(&t);
	assert_int_equal(t.dom->refused, 1);
	checked_free(&t);
}

/* A refused device value: the device stays, its value is refused. */
static void test_refused_device_value(void **state)
{
	(void)state;
	struct checked t;
	check_text(&t, HEAD OS_X86
		   "  <devices>\n"						/* 6 */
		   "    <disk type='file'>\n"					/* 7 */
		   "      <source file='img'/>\n"				/* 8 */
		   "      <target dev='vda' bus='virtio'/>\n"
		   "      <driver queues='x4'/>\n"				/* 10 */
		   "    </disk>\n"
		   "    <interface type='bridge'><source bridge='br0'/><model type='virtio'/>\n"
		   "      <driver name='tap'/></interface>\n"			/* 13 */
		   "  </devices>\n"
		   "</domain>\n");
	const struct stv_diag *g = find(&t, STV_R_PATH_ABSOLUTE, 8);
	assert_cols(g, 15, 25);		/* file='img' */
	g = find(&t, STV_R_INVALID_VALUE, 10);
	assert_says(g, "queues 'x4' of <driver> is not a decimal integer");
	assert_cols(g, 15, 26);
	g = find(&t, STV_R_INVALID_VALUE, 13);
	assert_says(g, "<driver name='tap'> is not supported; supported: qemu, vhost");
	assert_int_equal(t.errors, 3);

	assert_int_equal(t.dom->ndevs, 2);
	const struct stv_device *disk = &t.dom->devs[0], *net = &t.dom->devs[1];
	assert_true(disk->u.disk.source.refused);
	assert_null(disk->u.disk.source.s);
	assert_int_equal(at(&t, disk->u.disk.source.loc).line, 8);
	assert_int_equal(at(&t, disk->u.disk.source.loc).col, 15);
	assert_true(disk->u.disk.queues.refused);
	assert_false(disk->u.disk.queues.set);
	assert_string_equal(disk->u.disk.target.s, "vda");
	assert_int_equal(disk->refused, 2);
	assert_true(net->u.net.driver.refused);
	assert_false(net->u.net.driver.set);
	assert_string_equal(net->u.net.bridge.s, "br0");
	assert_int_equal(net->refused, 1);
	assert_int_equal(t.dom->refused, 3);

	/* defaults leave a refused choice refused: no vhost behind its back */
	check_semantics(&t);
	assert_true(t.dom->devs[1].u.net.driver.refused);
	assert_false(t.dom->devs[1].u.net.driver.set);
	checked_free(&t);
}

/* An architecture the subset lacks: the arch rule, and the machine is not judged. */
static void test_unknown_arch(void **state)
{
	(void)state;
	struct checked t;
	check_text(&t, HEAD
		   "  <os><type arch='ppc64' machine='pseries'>hvm</type>"	/* 5 */
		   "<kernel>/k</kernel></os>\n"
		   "</domain>\n");
	const struct stv_diag *g = find(&t, STV_R_ARCH, 5);
	assert_stage(g, STV_STAGE_STRUCTURE);
	assert_says(g, "<type arch='ppc64'> is not supported; supported: x86_64, aarch64");
	assert_hints(g, "arch='aarch64' machine='virt'");
	assert_cols(g, 13, 25);		/* arch='ppc64' */
	assert_int_equal(t.errors, 1);
	assert_true(t.dom->arch.refused);
	assert_false(t.dom->arch.set);
	assert_string_equal(t.dom->machine.s, "pseries");
	check_semantics(&t);
	assert_false(has_rule(&t, STV_R_ARCH_MACHINE));
	checked_free(&t);

	/* no arch at all: the arch rule, at <type> */
	check_text(&t, HEAD "  <os><type machine='q35'>hvm</type><kernel>/k</kernel></os>\n"
		   "</domain>\n");
	g = find(&t, STV_R_ARCH, 5);
	assert_says(g, "<type> needs attribute 'arch' (supported: x86_64, aarch64)");
	assert_cols(g, 7, 12);
	assert_int_equal(t.errors, 1);
	assert_true(t.dom->arch.refused);
	checked_free(&t);
}

static void test_arch_decides_features(void **state)
{
	(void)state;
	struct checked t;
	check_text(&t, HEAD OS_ARM
		   "  <features><acpi/><gic version='3'/>\n"	/* 6 */
		   "    <apic/></features>\n"			/* 7 */
		   "</domain>\n");
	/* accepted structurally: which arch has which feature is check.c's */
	assert_int_equal(t.errors, 0);
	assert_int_equal(t.d.n, 0);
	assert_int_equal(t.dom->refused, 0);
	assert_true(t.dom->apic.set);
	assert_int_equal(at(&t, t.dom->apic.loc).line, 7);
	assert_true(t.dom->gic.set);
	assert_int_equal(t.dom->gic_version.v, 3);
	check_semantics(&t);
	const struct stv_diag *g = find(&t, STV_R_FEATURE_ARCH, 7);
	assert_stage(g, STV_STAGE_CHECK);
	assert_says(g, "<apic/> is an x86_64 feature");
	assert_cols(g, 5, 10);
	assert_false(has_rule(&t, STV_R_GIC));
	checked_free(&t);

	/* <gic> on x86_64 is a semantic rule (gic), not a structural one */
	check_text(&t, HEAD OS_X86
		   "  <features><acpi/><gic version='3'/><apic/></features>\n"	/* 6 */
		   "</domain>\n");
	assert_int_equal(t.errors, 0);
	assert_int_equal(t.d.n, 0);
	check_semantics(&t);
	g = find(&t, STV_R_GIC, 6);
	assert_stage(g, STV_STAGE_CHECK);
	assert_false(has_rule(&t, STV_R_FEATURE_ARCH));
	checked_free(&t);
}

/* Accepted with a warning: STRUCTURE-stage warnings, the element kept out of the IR. */
static void test_ignored_with_a_warning(void **state)
{
	(void)state;
	struct checked t;
	check_text(&t, HEAD
		   "  <os><type arch='x86_64' machine='q35'>hvm</type><kernel>/k</kernel>\n" /* 5 */
		   "    <boot dev='hd'/>\n"			/* 6 */
		   "    <boot dev='cdrom'/></os>\n"		/* 7 */
		   "  <clock offset='utc'>\n"			/* 8 */
		   "    <timer name='rtc' tickpolicy='catchup'/>\n"	/* 9 */
		   "  </clock>\n"
		   "</domain>\n");
	assert_int_equal(t.errors, 0);
	assert_int_equal(t.warnings, 3);
	const struct stv_diag *g = find(&t, STV_R_BOOT_DEV_IGNORED, 6);
	assert_int_equal(g->severity, STV_WARNING);
	assert_stage(g, STV_STAGE_STRUCTURE);
	assert_says(g, "<boot dev> has no effect");
	assert_cols(g, 5, 10);
	find(&t, STV_R_BOOT_DEV_IGNORED, 7);
	g = find(&t, STV_R_CLOCK_TIMER_IGNORED, 9);
	assert_int_equal(g->severity, STV_WARNING);
	assert_stage(g, STV_STAGE_STRUCTURE);
	assert_says(g, "<timer> has no effect");
	assert_hints(g, "remove the <timer> elements");
	assert_cols(g, 5, 11);
	assert_int_equal(t.d.n, 3);
	assert_int_equal(t.dom->refused, 0);
	assert_string_equal(t.dom->kernel.s, "/k");
	checked_free(&t);

	/* an ignored element's values are still checked */
	check_text(&t, HEAD OS_X86
		   "  <clock><timer name='hpet' present='maybe'/></clock>\n"	/* 6 */
		   "</domain>\n");
	assert_int_equal(t.warnings, 1);
	g = find(&t, STV_R_INVALID_VALUE, 6);
	assert_says(g, "<timer present='maybe'> is not supported; supported: yes, no");
	assert_cols(g, 29, 44);
	assert_int_equal(t.errors, 1);
	assert_int_equal(t.dom->refused, 1);
	checked_free(&t);
}

static void test_devices_and_addresses(void **state)
{
	(void)state;
	struct checked t;
	check_text(&t, HEAD OS_X86
		   "  <devices>\n"					/* 6 */
		   "    <console type='pty'><target type='xen'/></console>\n" /* 7 */
		   "    <console type='pty'><target type='virtio' port='2'/></console>\n" /* 8 */
		   "    <interface type='bridge'><source bridge='br0'/>\n"	/* 9 */
		   "      <model type='e1000'/></interface>\n"		/* 10 */
		   "    <rng model='virtio'><rate period='2000' bytes='64'/>\n" /* 11 */
		   "      <backend model='random'>/dev/urandom</backend>\n"
		   "      <address type='pci' domain='0x000' bus='0' slot='0x01' function='0x00'/>\n"
		   "    </rng>\n"
		   "    <vsock><cid address='3'/>\n"			/* 15 */
		   "      <address type='ccw' bus='one'/></vsock>\n"	/* 16 */
		   "    <controller type='usb' model='none'/>\n"	/* 17 */
		   "    <qemu:x xmlns:qemu='urn:q'/>\n"			/* 18 */
		   "  </devices>\n"
		   "</domain>\n");
	const struct stv_diag *g = find(&t, STV_R_CONSOLE_TARGET, 7);
	assert_says(g, "<target type='xen'> is not supported; supported: virtio, serial");
	assert_cols(g, 33, 43);
	assert_cols(find(&t, STV_R_CONSOLE_TARGET, 8), 47, 55);
	g = find(&t, STV_R_NIC_MODEL, 10);
	assert_says(g, "<model type='e1000'>");
	assert_cols(g, 14, 26);
	g = find(&t, STV_R_RNG_PERIOD, 11);
	assert_cols(g, 31, 44);		/* period='2000' */
	g = find(&t, STV_R_ADDRESS_TYPE, 16);
	assert_says(g, "<address type='ccw'>");
	assert_cols(g, 16, 26);		/* type='ccw' */
	assert_says(find(&t, STV_R_UNSUPPORTED_ELEMENT, 18), "<qemu:x>");
	/* the ccw address is not entered: its bus='one' is not reported */
	assert_int_equal(t.errors, 6);
	assert_int_equal(t.d.n, 6);

	/* two consoles, the interface, the rng, the vsock: no usb controller */
	static const enum stv_dev_kind kinds[] = {
		STV_DEV_CONSOLE, STV_DEV_CONSOLE, STV_DEV_NET, STV_DEV_RNG, STV_DEV_VSOCK,
	};
	assert_int_equal(t.dom->ndevs, 5);
	for (size_t i = 0; i < 5; i++)
		assert_int_equal(t.dom->devs[i].kind, kinds[i]);
	const struct stv_device *rng = &t.dom->devs[3], *vsock = &t.dom->devs[4];
	assert_true(rng->refused == 1);		/* the period */
	assert_true(rng->u.rng.period.refused);
	assert_true(rng->u.rng.bytes.set);
	assert_int_equal(rng->u.rng.bytes.v, 64);
	assert_string_equal(rng->u.rng.backend.s, "/dev/urandom");
	assert_true(rng->addr.written.set);
	assert_int_equal(rng->addr.slot.v, 1);
	assert_int_equal(vsock->u.vsock.cid.v, 3);
	assert_false(vsock->addr.written.set);
	assert_int_equal(vsock->refused, 1);
	checked_free(&t);
}

/* A bad value in an address is at its attribute, with the attribute's name. */
static void test_address_values_at_the_attribute(void **state)
{
	(void)state;
	struct checked t;
	check_text(&t, HEAD OS_X86
		   "  <devices>\n"						/* 6 */
		   "    <vsock><cid address='3'/>\n"				/* 7 */
		   "      <address type='pci' bus='0' slot='x1' multifunction='yes'/></vsock>\n" /* 8 */
		   "  </devices>\n"
		   "</domain>\n");
	const struct stv_diag *g = NULL;
	size_t n = 0;
	for (size_t i = 0; i < t.d.n; i++)
		if (t.d.v[i].rule == STV_R_INVALID_VALUE) {
			assert_int_equal(t.d.v[i].pos.line, 8);
			if (n++ == 0)
				g = &t.d.v[i];
		}
	assert_int_equal(n, 2);
	assert_says(g, "slot 'x1' of <address> is not an integer");
	assert_cols(g, 35, 44);		/* slot='x1' */
	g++;
	assert_says(g, "<address multifunction='yes'> is not supported; supported: on, off");
	assert_cols(g, 45, 64);
	assert_int_equal(t.errors, 2);
	const struct stv_device *v = &t.dom->devs[0];
	assert_true(v->addr.written.set);
	assert_true(v->addr.bus.set);
	assert_true(v->addr.slot.refused);
	assert_int_equal(at(&t, v->addr.slot.loc).col, 35);
	assert_true(v->addr.multifunction.refused);
	assert_int_equal(v->refused, 2);
	checked_free(&t);
}

/*
 * An attribute is found by its name as written: the unsupported x:type is
 * reported at x:type='a' (1:20-30), not at type='kvm', and a supported
 * type is never found at x:type.
 */
static void test_namespaced_attribute_position(void **state)
{
	(void)state;
	struct checked t;
	check_text(&t, "<domain type='kvm' x:type='a' xmlns:x='urn:x'>\n"
		   "  <name>vm</name>\n  <vcpu>2</vcpu>\n  <memory unit='MiB'>512</memory>\n"
		   OS_X86 "</domain>\n");
	const struct stv_diag *g = find(&t, STV_R_UNSUPPORTED_ATTRIBUTE, 1);
	assert_says(g, "attribute 'x:type' of <domain> is not supported by StratoVirt");
	assert_int_equal(t.errors, 1);
	/* checked after freeing: a failure must not leak */
	struct stv_pos pos = g->pos;
	checked_free(&t);
	assert_int_equal(pos.col, 20);
	assert_int_equal(pos.end_col, 30);	/* x:type='a' */
}

static void test_metadata_holds_anything(void **state)
{
	(void)state;
	struct checked t;
	check_text(&t, HEAD OS_X86
		   "  <metadata><app:vm xmlns:app='urn:app' k='v'>text<app:x/>"
		   "</app:vm></metadata>\n"
		   "  <title>t</title><description>d</description>\n"
		   "  <!-- a comment -->\n"
		   "</domain>\n");
	assert_int_equal(t.errors, 0);
	assert_int_equal(t.d.n, 0);
	assert_int_equal(t.dom->refused, 0);
	assert_string_equal(t.dom->title.s, "t");
	assert_string_equal(t.dom->description.s, "d");
	checked_free(&t);
}

static void test_not_a_domain(void **state)
{
	(void)state;
	struct checked t;
	check_text(&t, "<network><name>n</name></network>\n");
	const struct stv_diag *g = find(&t, STV_R_UNSUPPORTED_ELEMENT, 1);
	assert_says(g, "<network>");
	assert_cols(g, 1, 9);
	assert_int_equal(t.errors, 1);
	assert_int_equal(t.d.n, 1);
	/* nothing of it is kept, and it is refused: never emitted */
	assert_null(t.dom->name.s);
	assert_int_equal(t.dom->ndevs, 0);
	assert_int_equal(t.dom->refused, 1);
	checked_free(&t);

	check_text(&t, "<domain xmlns='urn:x' type='kvm'><name>ns</name></domain>\n");
	assert_says(find(&t, STV_R_UNSUPPORTED_ELEMENT, 1), "namespace 'urn:x'");
	assert_int_equal(t.errors, 1);
	assert_null(t.dom->name.s);
	assert_int_equal(t.dom->refused, 1);
	checked_free(&t);
}

/* compiler/schema.c: the embedded schema compiles and judges like xmllint. */
static void test_schema_verdict_and_lines(void **state)
{
	(void)state;
	char *why = NULL;
	struct stv_schema *schema = stv_schema_load(NULL, &why);
	assert_non_null(schema);
	assert_null(why);
	struct checked t;
	check_text(&t, HEAD OS_X86 "  <devices>\n" DISK "  </devices>\n</domain>\n");
	assert_true(stv_schema_validate(schema, &t.src, t.doc, &t.d, true));
	assert_int_equal(t.d.n, 0);
	checked_free(&t);

	check_text(&t, HEAD OS_X86
		   "  <devices>\n"			/* 6 */
		   "    <sound model='ich9'/>\n"	/* 7 */
		   "  </devices>\n</domain>\n");
	size_t before = t.d.n;
	assert_false(stv_schema_validate(schema, &t.src, t.doc, &t.d, false));
	assert_int_equal(t.d.n, before);	/* report=false adds nothing */
	assert_false(stv_schema_validate(schema, &t.src, t.doc, &t.d, true));
	assert_true(t.d.n > before);
	for (size_t i = before; i < t.d.n; i++) {
		assert_int_equal(t.d.v[i].rule, STV_R_SCHEMA);
		assert_int_equal(stv_rule_info(t.d.v[i].rule)->stage, STV_STAGE_SCHEMA);
		assert_in_range(t.d.v[i].pos.line, 1, 7);
		assert_true(t.d.v[i].pos.col > 0);	/* file:line:col, like every finding */
	}
	checked_free(&t);
	stv_schema_free(schema);
}

static void test_schema_load_failures(void **state)
{
	(void)state;
	char *why = NULL;
	assert_null(stv_schema_load("/nonexistent/stv.rng", &why));
	assert_non_null(why);
	assert_non_null(strstr(why, "cannot open"));
	free(why);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid_domain),
		cmocka_unit_test(test_unsupported_device_names_it_and_lists_supported),
		cmocka_unit_test(test_every_problem_at_its_own_line),
		cmocka_unit_test(test_refused_shape_is_one_finding),
		cmocka_unit_test(test_unknown_element_reported_once_not_entered),
		cmocka_unit_test(test_missing_duplicate_and_text),
		cmocka_unit_test(test_unexpected_text_position),
		cmocka_unit_test(test_unexpected_text_first),
		cmocka_unit_test(test_value_rules),
		cmocka_unit_test(test_error_keeps_the_rest),
		cmocka_unit_test(test_refused_device_value),
		cmocka_unit_test(test_unknown_arch),
		cmocka_unit_test(test_arch_decides_features),
		cmocka_unit_test(test_ignored_with_a_warning),
		cmocka_unit_test(test_devices_and_addresses),
		cmocka_unit_test(test_address_values_at_the_attribute),
		cmocka_unit_test(test_namespaced_attribute_position),
		cmocka_unit_test(test_metadata_holds_anything),
		cmocka_unit_test(test_not_a_domain),
		cmocka_unit_test(test_schema_verdict_and_lines),
		cmocka_unit_test(test_schema_load_failures),
	};
	stv_load_init();
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	xmlCleanupParser();
	return rc;
}
