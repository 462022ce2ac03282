/*
 * validate/structure.c: small in-memory documents in, findings out.  Each
 * test asserts the rule, the line (and column where it matters) and the
 * words a user needs: the element or attribute, the value, what is
 * supported.  Documents are parsed with the real loader.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../compiler/diag.h"
#include "../../compiler/load.h"
#include "../../compiler/schema.h"
#include "../../compiler/structure.h"

struct checked {
	struct stv_source src;
	xmlDocPtr doc;
	struct stv_diags d;
	size_t errors;		/* what stv_check_structure returned */
};

static void check_text(struct checked *t, const char *xml)
{
	memset(t, 0, sizeof(*t));
	stv_diags_init(&t->d, "test.xml", NULL);
	assert_int_equal(stv_source_from_buffer(xml, strlen(xml), &t->src), 0);
	t->doc = stv_parse(&t->src, &t->d);
	assert_non_null(t->doc);
	t->errors = stv_check_structure(&t->src, t->doc, &t->d);
	stv_diags_sort(&t->d);
}

static void checked_free(struct checked *t)
{
	xmlFreeDoc(t->doc);
	stv_source_free(&t->src);
	stv_diags_free(&t->d);
}

/* The finding of that rule at that line, or a failure listing them all. */
static const struct stv_diag *find(const struct checked *t, enum stv_rule rule, int line)
{
	for (size_t i = 0; i < t->d.n; i++)
		if (t->d.v[i].rule == rule && t->d.v[i].loc.line == line)
			return &t->d.v[i];
	for (size_t i = 0; i < t->d.n; i++)
		print_message("  %d:%d %s [%s]\n", t->d.v[i].loc.line, t->d.v[i].loc.col,
			      t->d.v[i].message, stv_rule_info(t->d.v[i].rule)->id);
	fail_msg("no %s finding at line %d", stv_rule_info(rule)->id, line);
	return NULL;
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
	checked_free(&t);
}

static void test_unsupported_device_names_it_and_lists_supported(void **state)
{
	(void)state;
	struct checked t;
	check_text(&t, HEAD OS_X86
		   "  <devices>\n"		/* 6 */
		   "    <graphics type='vnc'/>\n"	/* 7 */
		   "  </devices>\n"
		   "</domain>\n");
	const struct stv_diag *g = find(&t, STV_R_UNSUPPORTED_ELEMENT, 7);
	assert_int_equal(g->loc.col, 5);
	assert_says(g, "<graphics> is not supported by StratoVirt");
	assert_says(g, "supported in <devices>: emulator, disk, interface");
	assert_int_equal(t.errors, 1);
	checked_free(&t);
}

static void test_every_problem_at_its_own_line(void **state)
{
	(void)state;
	struct checked t;
	check_text(&t, HEAD OS_X86
		   "  <devices>\n"					/* 6 */
		   "    <disk type='block' device='disk'>\n"		/* 7 */
		   "      <driver name='qemu' type='qcow2' cache='none'/>\n" /* 8 */
		   "      <source file='/var/lib/vm.img'/>\n"		/* 9 */
		   "      <target dev='vda' bus='virtio'/>\n"		/* 10 */
		   "    </disk>\n"					/* 11 */
		   "    <sound model='ich9'/>\n"			/* 12 */
		   "  </devices>\n"
		   "</domain>\n");
	const struct stv_diag *g = find(&t, STV_R_INVALID_VALUE, 7);
	assert_string_equal(g->message, "<disk type='block'> is not supported; supported: file");
	assert_int_equal(g->loc.col, 11);
	g = find(&t, STV_R_DISK_FORMAT, 8);
	assert_says(g, "<driver type='qcow2'>");
	assert_hints(g, "qemu-img convert -O raw");
	g = find(&t, STV_R_UNSUPPORTED_ATTRIBUTE, 8);
	assert_says(g, "attribute 'cache' of <driver> is not supported by StratoVirt");
	assert_int_equal(g->loc.col, 40);
	find(&t, STV_R_UNSUPPORTED_ELEMENT, 12);
	assert_int_equal(t.errors, 4);
	assert_int_equal(t.d.n, 4);
	checked_free(&t);
}

static void test_unknown_element_reported_once_not_entered(void **state)
{
	(void)state;
	struct checked t;
	check_text(&t, HEAD OS_X86
		   "  <devices>\n"
		   "    <hostdev mode='subsystem' type='pci'>\n"	/* 7 */
		   "      <source><address domain='0x0000'/></source>\n"
		   "      <graphics/>\n"
		   "    </hostdev>\n"
		   "  </devices>\n"
		   "</domain>\n");
	const struct stv_diag *g = find(&t, STV_R_UNSUPPORTED_ELEMENT, 7);
	assert_says(g, "<hostdev>");
	assert_int_equal(t.d.n, 1);
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
	assert_says(find(&t, STV_R_MISSING_ELEMENT, 1), "<domain> has no <name>");
	const struct stv_diag *g = find(&t, STV_R_DUPLICATE_ELEMENT, 3);
	assert_says(g, "<vcpu> appears again");
	assert_says(g, "first at line 2");
	g = find(&t, STV_R_UNEXPECTED_TEXT, 5);
	assert_says(g, "'stray words'");
	assert_int_equal(g->loc.col, 3);
	assert_int_equal(t.errors, 3);
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
		   "  <cpu mode='host-passthrough'/>\n"		/* 9 */
		   "  <os><type arch='x86_64' machine='pc-q35-8.2'>hvm</type>\n" /* 10 */
		   "    <kernel>vmlinux</kernel>\n"		/* 11 */
		   "    <loader readonly='no' type='pflash'>/fw</loader></os>\n" /* 12 */
		   "</domain>\n");
	assert_says(find(&t, STV_R_DOMAIN_TYPE, 1), "<domain type='xen'>");
	assert_says(find(&t, STV_R_NAME, 2), "'my vm'");
	find(&t, STV_R_UUID, 3);
	assert_says(find(&t, STV_R_INVALID_VALUE, 4), "<vcpu> '0x2' is not a decimal integer");
	assert_says(find(&t, STV_R_LIFECYCLE_ACTION, 6), "supported: destroy, restart");
	find(&t, STV_R_CLOCK, 7);
	find(&t, STV_R_PM, 8);
	find(&t, STV_R_CPU_TOPOLOGY, 9);
	const struct stv_diag *g = find(&t, STV_R_ARCH_MACHINE, 10);
	assert_says(g, "pc-q35-8.2");
	assert_hints(g, "write machine='q35'");
	assert_says(find(&t, STV_R_PATH_ABSOLUTE, 11), "'vmlinux'");
	find(&t, STV_R_LOADER, 12);
	assert_int_equal(t.errors, 11);
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
	const struct stv_diag *g = find(&t, STV_R_UNSUPPORTED_ELEMENT, 7);
	assert_says(g, "<apic> is not supported by StratoVirt on aarch64");
	assert_int_equal(t.errors, 1);
	checked_free(&t);

	/* <gic> on x86_64 is a semantic rule (gic), not a structural one */
	check_text(&t, HEAD OS_X86
		   "  <features><acpi/><gic version='3'/><apic/></features>\n"
		   "</domain>\n");
	assert_int_equal(t.errors, 0);
	checked_free(&t);
}

static void test_devices_and_addresses(void **state)
{
	(void)state;
	struct checked t;
	check_text(&t, HEAD OS_X86
		   "  <devices>\n"					/* 6 */
		   "    <console type='pty'/>\n"			/* 7 */
		   "    <console type='pty'><target type='serial'/></console>\n" /* 8 */
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
	assert_says(find(&t, STV_R_CONSOLE_TARGET, 7), "<console> has no <target>");
	find(&t, STV_R_CONSOLE_TARGET, 8);
	assert_says(find(&t, STV_R_NIC_MODEL, 10), "<model type='e1000'>");
	find(&t, STV_R_RNG_PERIOD, 11);
	assert_says(find(&t, STV_R_ADDRESS_TYPE, 16), "<address type='ccw'>");
	assert_says(find(&t, STV_R_UNSUPPORTED_ELEMENT, 18), "<qemu:x>");
	/* the ccw address is not entered: its bus='one' is not reported */
	assert_int_equal(t.errors, 6);
	checked_free(&t);
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
	checked_free(&t);
}

static void test_not_a_domain(void **state)
{
	(void)state;
	struct checked t;
	check_text(&t, "<network><name>n</name></network>\n");
	assert_says(find(&t, STV_R_UNSUPPORTED_ELEMENT, 1), "<network>");
	assert_int_equal(t.errors, 1);
	checked_free(&t);
}

/* validate/schema.c: the embedded schema compiles and judges like xmllint. */
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
		   "    <graphics type='vnc'/>\n"	/* 7 */
		   "  </devices>\n</domain>\n");
	size_t before = t.d.n;
	assert_false(stv_schema_validate(schema, &t.src, t.doc, &t.d, false));
	assert_int_equal(t.d.n, before);	/* report=false adds nothing */
	assert_false(stv_schema_validate(schema, &t.src, t.doc, &t.d, true));
	assert_true(t.d.n > before);
	for (size_t i = before; i < t.d.n; i++) {
		assert_int_equal(t.d.v[i].rule, STV_R_SCHEMA);
		assert_in_range(t.d.v[i].loc.line, 1, 7);
		assert_true(t.d.v[i].loc.col > 0);	/* file:line:col, like every finding */
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
		cmocka_unit_test(test_unknown_element_reported_once_not_entered),
		cmocka_unit_test(test_missing_duplicate_and_text),
		cmocka_unit_test(test_value_rules),
		cmocka_unit_test(test_arch_decides_features),
		cmocka_unit_test(test_devices_and_addresses),
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
