/*
 * compiler/lower.c: small in-memory documents in, IR fields out.  Each
 * document is parsed with stv_parse (the real loader) and lowered; the
 * tests assert values, locations, generated ids, MACs and tap names, and
 * that lowering the same bytes twice gives the same IR.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../compiler/ir.h"
#include "../../compiler/load.h"
#include "../../compiler/values.h"

struct lowered {
	struct stv_source src;
	xmlDocPtr doc;
	struct stv_diags d;
	struct stv_domain *dom;
};

static struct stv_domain *lower_text(struct lowered *t, const char *xml)
{
	memset(t, 0, sizeof(*t));
	stv_diags_init(&t->d, "test.xml", NULL);
	assert_int_equal(stv_source_from_buffer(xml, strlen(xml), &t->src), 0);
	t->doc = stv_parse(&t->src, &t->d);
	assert_non_null(t->doc);
	t->dom = stv_lower(&t->src, t->doc, &t->d);
	assert_non_null(t->dom);
	return t->dom;
}

static void lowered_free(struct lowered *t)
{
	stv_domain_free(t->dom);
	xmlFreeDoc(t->doc);
	stv_source_free(&t->src);
	stv_diags_free(&t->d);
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
	const struct stv_domain *dom = lower_text(&t, minimal);
	const struct stv_device *disk;

	(void)state;
	assert_int_equal(t.d.n, 0);
	assert_int_equal(dom->loc.line, 1);
	assert_string_equal(dom->name.s, "minimal");
	assert_int_equal(dom->name.loc.line, 2);
	assert_null(dom->uuid.s);
	assert_true(dom->vcpus.set);
	assert_int_equal(dom->vcpus.v, 2);
	assert_int_equal(dom->vcpus.loc.line, 4);
	assert_true(dom->memory.set);
	assert_int_equal(dom->memory.v, 512ull << 20);
	assert_int_equal(dom->memory.loc.line, 3);
	assert_false(dom->current_memory.set);
	assert_false(dom->hugepages);
	assert_false(dom->hugepage_size.set);
	assert_false(dom->iothreads.set);
	assert_true(dom->arch_set);
	assert_int_equal(dom->arch, STV_ARCH_X86_64);
	assert_string_equal(dom->kernel.s, "/var/lib/vmlinux");
	assert_int_equal(dom->kernel.loc.line, 7);
	assert_string_equal(dom->cmdline.s, "console=hvc0 root=/dev/vda rw");
	assert_null(dom->initrd.s);
	assert_null(dom->loader.s);
	assert_null(dom->nvram.s);
	assert_int_equal(dom->boot_dev.line, 9);
	assert_int_equal(dom->clock_timer.line, 15);
	assert_true(dom->acpi);
	assert_false(dom->gic_given);
	assert_int_equal(dom->features.line, 11);
	assert_int_equal(dom->os.line, 5);
	assert_int_equal(dom->devices.line, 17);
	/* defaults */
	assert_string_equal(dom->emulator.s, "/usr/bin/stratovirt");
	assert_int_equal(dom->emulator.loc.line, 17);	/* defaulted: <devices> */
	assert_int_equal(dom->on_poweroff, STV_ACTION_DESTROY);
	assert_int_equal(dom->on_reboot, STV_ACTION_RESTART);
	assert_int_equal(dom->on_crash, STV_ACTION_DESTROY);
	assert_int_equal(dom->nports, 0);
	assert_int_equal(dom->ndevs, 1);
	disk = &dom->devs[0];
	assert_int_equal(disk->kind, STV_DEV_DISK);
	assert_int_equal(disk->kind_index, 0);
	assert_int_equal(disk->loc.line, 18);
	assert_true(disk->loc.col > 0);
	assert_null(disk->alias.s);
	assert_string_equal(disk->id, "virtio-disk0");
	assert_string_equal(disk->backend_id, "drive-virtio-disk0");
	assert_false(disk->generated);
	assert_false(disk->addr.present);
	assert_false(disk->addr.user);
	assert_int_equal(disk->addr.loc.line, 18);
	assert_string_equal(disk->u.disk.source.s, "/var/lib/rootfs.img");
	assert_int_equal(disk->u.disk.source.loc.line, 20);
	assert_string_equal(disk->u.disk.target.s, "vda");
	assert_false(disk->u.disk.readonly);
	assert_false(disk->u.disk.iothread.set);
	assert_false(disk->u.disk.boot_order.set);
	assert_false(disk->u.disk.iops.set);
	assert_false(disk->u.disk.queues.set);
	assert_null(disk->u.disk.serial.s);
	lowered_free(&t);
}

static void test_domain_fields(void **state)
{
	struct lowered t;
	const struct stv_domain *dom = lower_text(&t,
		"<domain type='kvm'>\n"
		"<name>a</name>\n"
		"<uuid>c7a5fdbd-cdaf-9455-926a-d65c16db1809</uuid>\n"
		"<memory>1048576</memory>\n"
		"<currentMemory unit='GiB'>1</currentMemory>\n"
		"<iothreads>4</iothreads>\n"
		"<on_poweroff>restart</on_poweroff>\n"
		"<on_reboot>destroy</on_reboot>\n"
		"<on_crash>restart</on_crash>\n"
		"<os>\n"
		"<type arch='aarch64' machine='virt'>hvm</type>\n"
		"<initrd>/i</initrd>\n"
		"<loader readonly='yes' type='pflash'>/code</loader>\n"
		"<nvram>/vars</nvram>\n"
		"</os>\n"
		"<features>\n"
		"<acpi/>\n"
		"<gic version='3'/>\n"
		"</features>\n"
		"<devices>\n"
		"<emulator>/opt/stratovirt</emulator>\n"
		"</devices>\n"
		"</domain>\n");

	(void)state;
	assert_int_equal(t.d.n, 0);
	assert_string_equal(dom->uuid.s, "c7a5fdbd-cdaf-9455-926a-d65c16db1809");
	assert_int_equal(dom->memory.v, 1ull << 30);	/* default unit KiB */
	assert_true(dom->current_memory.set);
	assert_int_equal(dom->current_memory.v, 1ull << 30);
	assert_int_equal(dom->current_memory.loc.line, 5);
	assert_int_equal(dom->iothreads.v, 4);
	assert_int_equal(dom->on_poweroff, STV_ACTION_RESTART);
	assert_int_equal(dom->on_reboot, STV_ACTION_DESTROY);
	assert_int_equal(dom->on_crash, STV_ACTION_RESTART);
	assert_int_equal(dom->arch, STV_ARCH_AARCH64);
	assert_null(dom->kernel.s);
	assert_string_equal(dom->initrd.s, "/i");
	assert_string_equal(dom->loader.s, "/code");
	assert_string_equal(dom->nvram.s, "/vars");
	assert_int_equal(dom->boot_dev.line, 0);
	assert_int_equal(dom->clock_timer.line, 0);
	assert_true(dom->gic_given);
	assert_true(dom->gic_version.set);
	assert_int_equal(dom->gic_version.v, 3);
	assert_int_equal(dom->gic_version.loc.line, 18);
	assert_string_equal(dom->emulator.s, "/opt/stratovirt");
	assert_int_equal(dom->emulator.loc.line, 21);
	lowered_free(&t);
}

/* Without <features>, the rules about features point at <os>. */
static void test_features_absent(void **state)
{
	struct lowered t;
	const struct stv_domain *dom = lower_text(&t,
		HEAD "<memory>1</memory>\n"
		"<os>\n"
		"<type arch='ppc64' machine='pseries'>hvm</type>\n"
		"</os>\n"
		"</domain>\n");

	(void)state;
	assert_false(dom->acpi);
	assert_false(dom->gic_given);
	assert_false(dom->gic_version.set);
	assert_int_equal(dom->features.line, 4);
	assert_false(dom->arch_set);
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
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *xml = stv_asprintf(HEAD "%s\n</domain>\n", cases[i].xml);
		struct lowered t;
		const struct stv_domain *dom;

		assert_non_null(xml);
		dom = lower_text(&t, xml);
		if (!dom->memory.set || dom->memory.v != cases[i].bytes)
			fail_msg("%s: got %llu", cases[i].xml, (unsigned long long)dom->memory.v);
		assert_int_equal(t.d.n, 0);
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
		"</domain>\n");

	(void)state;
	assert_false(dom->memory.set);
	assert_false(dom->current_memory.set);
	assert_true(dom->hugepages);
	assert_false(dom->hugepage_size.set);
	assert_int_equal(t.d.n, 3);
	for (size_t i = 0; i < t.d.n; i++)
		assert_int_equal(t.d.v[i].rule, STV_R_MEMORY_UNIT);
	assert_int_equal(t.d.v[0].loc.line, 3);
	assert_non_null(strstr(t.d.v[0].message, "'PiB'"));
	assert_non_null(t.d.v[0].hint);
	assert_int_equal(t.d.v[1].loc.line, 4);
	assert_non_null(strstr(t.d.v[1].message, "17179869184 GiB"));
	assert_int_equal(t.d.v[2].loc.line, 7);
	lowered_free(&t);
}

/*
 * A size that is not a number is the structural pass's finding, not ours;
 * a count too large for 64 bits saturates, so its range rule reports it.
 */
static void test_memory_bad_number_is_silent(void **state)
{
	struct lowered t;
	const struct stv_domain *dom = lower_text(&t,
		HEAD "<memory unit='MiB'>1e3</memory>\n<vcpu>99999999999999999999999</vcpu>\n</domain>\n");

	(void)state;
	assert_false(dom->memory.set);
	assert_int_equal(dom->memory.loc.line, 3);
	assert_true(dom->vcpus.set);
	assert_true(dom->vcpus.v == UINT64_MAX);
	assert_int_equal(dom->vcpus.loc.line, 4);
	assert_int_equal(t.d.n, 0);
	lowered_free(&t);
}

static void test_hugepages(void **state)
{
	struct lowered t;
	const struct stv_domain *dom = lower_text(&t,
		HEAD "<memoryBacking><hugepages><page size='2048'/></hugepages></memoryBacking>\n"
		"</domain>\n");

	(void)state;
	assert_true(dom->hugepages);
	assert_true(dom->hugepage_size.set);
	assert_int_equal(dom->hugepage_size.v, 2u << 20);	/* unit default KiB */
	lowered_free(&t);

	dom = lower_text(&t, HEAD "<memoryBacking><hugepages><page size='1' unit='G'/>"
			     "</hugepages></memoryBacking>\n</domain>\n");
	assert_int_equal(dom->hugepage_size.v, 1u << 30);
	lowered_free(&t);

	dom = lower_text(&t, HEAD "<memoryBacking>\n<hugepages/>\n</memoryBacking>\n</domain>\n");
	assert_true(dom->hugepages);
	assert_false(dom->hugepage_size.set);
	assert_int_equal(dom->hugepage_size.loc.line, 4);
	lowered_free(&t);

	dom = lower_text(&t, HEAD "<memoryBacking/>\n</domain>\n");
	assert_false(dom->hugepages);
	lowered_free(&t);
}

/* ---- devices ---- */

static void test_disk_fields(void **state)
{
	struct lowered t;
	const struct stv_domain *dom = lower_text(&t,
		HEAD "<devices>\n"
		"<disk type='file' device='disk'>\n"				/* 4 */
		"<driver name='qemu' type='raw' iothread='2' queues='4'/>\n"
		"<source file=' /img '/>\n"
		"<target dev='vdb' bus='virtio'/>\n"
		"<readonly/>\n"
		"<serial>SER1</serial>\n"
		"<boot order='1'/>\n"
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
	assert_string_equal(u->source.s, "/img");
	assert_string_equal(u->target.s, "vdb");
	assert_string_equal(u->serial.s, "SER1");
	assert_true(u->readonly);
	assert_true(u->iothread.set);
	assert_int_equal(u->iothread.v, 2);
	assert_int_equal(u->iothread.loc.line, 5);
	assert_true(u->queues.set);
	assert_int_equal(u->queues.v, 4);
	assert_int_equal(u->boot_order.v, 1);
	assert_int_equal(u->iops.v, 1000);
	assert_int_equal(u->iops.loc.line, 12);
	assert_string_equal(disk->alias.s, "ua-root");
	assert_string_equal(disk->id, "ua-root");
	assert_string_equal(disk->backend_id, "drive-ua-root");
	assert_true(disk->addr.present);
	assert_true(disk->addr.user);
	assert_int_equal(disk->addr.loc.line, 15);
	assert_true(disk->addr.domain.set);
	assert_int_equal(disk->addr.domain.v, 0);
	assert_int_equal(disk->addr.bus.v, 1);
	assert_int_equal(disk->addr.slot.v, 0);
	assert_true(disk->addr.function.set);
	assert_int_equal(disk->addr.function.v, 0);
	assert_false(disk->addr.multifunction);
	/* each address field points at its own attribute */
	assert_int_equal(disk->addr.bus.loc.line, 15);
	assert_true(disk->addr.bus.loc.col > disk->addr.domain.loc.col);
	assert_true(disk->addr.slot.loc.col > disk->addr.bus.loc.col);
	lowered_free(&t);
}

static void test_address_partial(void **state)
{
	struct lowered t;
	const struct stv_domain *dom = lower_text(&t,
		HEAD "<devices>\n<vsock model='virtio'>\n<cid auto='no' address='0x10'/>\n"
		"<address type='pci' slot='0x1f' function='7' multifunction='on'/>\n"
		"</vsock>\n</devices>\n</domain>\n");
	const struct stv_device *v = nth(dom, STV_DEV_VSOCK, 0);

	(void)state;
	assert_int_equal(v->u.vsock.cid.v, 16);
	assert_true(v->addr.present);
	assert_false(v->addr.domain.set);
	assert_false(v->addr.bus.set);
	assert_int_equal(v->addr.bus.v, 0);
	assert_int_equal(v->addr.slot.v, 31);
	assert_int_equal(v->addr.function.v, 7);
	assert_true(v->addr.multifunction);
	assert_string_equal(v->id, "vsock0");
	assert_null(v->backend_id);
	lowered_free(&t);
}

static void test_interface_fields(void **state)
{
	struct lowered t;
	const struct stv_domain *dom = lower_text(&t,
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
	assert_string_equal(a->mac.s, "de:ad:be:ef:00:01");
	assert_false(a->mac_generated);
	assert_string_equal(a->bridge.s, "qbr0");
	assert_string_equal(a->tap.s, "tap0");
	assert_false(a->tap_generated);
	assert_false(a->vhost);
	assert_true(a->queues.set);
	assert_int_equal(a->queues.v, 4);
	assert_true(b->vhost);
	assert_false(b->queues.set);
	assert_true(c->vhost);
	assert_true(b->mac_generated);
	assert_true(b->tap_generated);
	assert_string_equal(nth(dom, STV_DEV_NET, 0)->id, "net0");
	assert_string_equal(nth(dom, STV_DEV_NET, 0)->backend_id, "hostnet0");
	assert_string_equal(nth(dom, STV_DEV_NET, 2)->id, "net2");
	assert_int_equal(nth(dom, STV_DEV_NET, 2)->kind_index, 2);
	lowered_free(&t);
}

/* The documented derivations, recomputed here from stv_hash64. */
static void test_generated_mac_and_tap(void **state)
{
	struct lowered t;
	const struct stv_domain *dom = lower_text(&t,
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
		assert_int_equal(dev->u.net.mac.loc.line, dev->loc.line);

		h = stv_hash64("vm1", 3, STV_HASH64_SEED);
		snprintf(want, sizeof(want), "stv%08xn%u", (unsigned)(uint32_t)h, k);
		assert_string_equal(dev->u.net.tap.s, want);
		assert_true(dev->u.net.tap_generated);
		assert_true(stv_valid_ifname(dev->u.net.tap.s));
	}
	assert_string_not_equal(nth(dom, STV_DEV_NET, 0)->u.net.mac.s,
				nth(dom, STV_DEV_NET, 1)->u.net.mac.s);
	lowered_free(&t);
}

/* A generated MAC or tap never repeats one the document already uses. */
static void test_generated_names_avoid_user_names(void **state)
{
	struct lowered t;
	const struct stv_domain *dom;
	char mac1[18], tap1[16], *xml;

	(void)state;
	dom = lower_text(&t, HEAD "<devices>\n"
			 "<interface type='bridge'><source bridge='br0'/></interface>\n"
			 "<interface type='bridge'><source bridge='br0'/></interface>\n"
			 "</devices>\n</domain>\n");
	memcpy(mac1, nth(dom, STV_DEV_NET, 1)->u.net.mac.s, 18);
	memcpy(tap1, nth(dom, STV_DEV_NET, 1)->u.net.tap.s, 16);
	lowered_free(&t);

	xml = stv_asprintf(HEAD "<devices>\n"
			   "<interface type='bridge'><mac address='%s'/><target dev='%s'/>"
			   "<source bridge='br0'/></interface>\n"
			   "<interface type='bridge'><source bridge='br0'/></interface>\n"
			   "</devices>\n</domain>\n", mac1, tap1);
	assert_non_null(xml);
	dom = lower_text(&t, xml);
	assert_string_equal(nth(dom, STV_DEV_NET, 0)->u.net.mac.s, mac1);
	assert_string_not_equal(nth(dom, STV_DEV_NET, 1)->u.net.mac.s, mac1);
	assert_memory_equal(nth(dom, STV_DEV_NET, 1)->u.net.mac.s, "52:54:00:", 9);
	assert_string_not_equal(nth(dom, STV_DEV_NET, 1)->u.net.tap.s, tap1);
	assert_true(stv_valid_ifname(nth(dom, STV_DEV_NET, 1)->u.net.tap.s));
	lowered_free(&t);
	free(xml);
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
	lower_text(&a, xa);
	lower_text(&b, xb);
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
	const struct stv_domain *dom = lower_text(&t,
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
	assert_string_equal(nth(dom, STV_DEV_NET, 0)->id, "net1");
	assert_string_equal(nth(dom, STV_DEV_NET, 1)->id, "net0");
	assert_string_equal(nth(dom, STV_DEV_NET, 2)->id, "net2");
	assert_string_equal(nth(dom, STV_DEV_NET, 3)->id, "net4");	/* net3 is an alias */
	assert_string_equal(nth(dom, STV_DEV_NET, 3)->backend_id, "hostnet4");
	assert_string_equal(nth(dom, STV_DEV_DISK, 0)->id, "net3");
	assert_string_equal(nth(dom, STV_DEV_DISK, 0)->backend_id, "drive-net3");
	assert_string_equal(nth(dom, STV_DEV_DISK, 1)->id, "virtio-disk1");
	/* an empty alias is kept for check.c but gives no id */
	assert_string_equal(nth(dom, STV_DEV_DISK, 2)->alias.s, "");
	assert_string_equal(nth(dom, STV_DEV_DISK, 2)->id, "virtio-disk2");
	lowered_free(&t);
}

/* An invalid alias is still the id: check.c reports it, lowering keeps it. */
static void test_invalid_alias_kept(void **state)
{
	struct lowered t;
	const struct stv_domain *dom = lower_text(&t,
		HEAD "<devices>\n<rng model='virtio'>\n<alias name='bad alias,x'/>\n"
		"<rate period='1000' bytes='1234'/>\n"
		"<backend model='random'>/dev/urandom</backend>\n</rng>\n</devices>\n</domain>\n");
	const struct stv_device *rng = nth(dom, STV_DEV_RNG, 0);

	(void)state;
	assert_string_equal(rng->alias.s, "bad alias,x");
	assert_int_equal(rng->alias.loc.line, 5);
	assert_string_equal(rng->id, "bad alias,x");
	assert_string_equal(rng->backend_id, "objbad alias,x");
	assert_string_equal(rng->u.rng.backend.s, "/dev/urandom");
	assert_int_equal(rng->u.rng.bytes.v, 1234);
	assert_int_equal(rng->u.rng.period.v, 1000);
	lowered_free(&t);
}

static void test_console_gets_serial(void **state)
{
	struct lowered t;
	const struct stv_domain *dom = lower_text(&t,
		HEAD "<devices>\n"
		"<disk type='file'><source file='/a'/></disk>\n"
		"<console type='pty'>\n"					/* 5 */
		"<target type='virtio' port='0'/>\n"
		"</console>\n"
		"</devices>\n</domain>\n");

	(void)state;
	assert_int_equal(dom->ndevs, 3);
	assert_int_equal(dom->devs[0].kind, STV_DEV_DISK);
	assert_int_equal(dom->devs[1].kind, STV_DEV_SERIAL);
	assert_true(dom->devs[1].generated);
	assert_int_equal(dom->devs[1].kind_index, 0);
	assert_int_equal(dom->devs[1].loc.line, 5);
	assert_false(dom->devs[1].addr.present);
	assert_string_equal(dom->devs[1].id, "virtio-serial0");
	assert_null(dom->devs[1].backend_id);
	assert_int_equal(dom->devs[2].kind, STV_DEV_CONSOLE);
	assert_false(dom->devs[2].generated);
	assert_int_equal(dom->devs[2].u.console.type, STV_CONSOLE_PTY);
	assert_string_equal(dom->devs[2].id, "console0");
	assert_string_equal(dom->devs[2].backend_id, "charconsole0");
	assert_false(dom->devs[2].addr.present);
	lowered_free(&t);
}

/* A controller later in the document still serves the console. */
static void test_console_with_serial(void **state)
{
	struct lowered t;
	const struct stv_domain *dom = lower_text(&t,
		HEAD "<devices>\n"
		"<console type='unix'><source mode='bind' path='/run/c.sock'/>"
		"<target type='virtio' port='0'/><alias name='con'/>"
		"<address type='pci' bus='0' slot='9'/></console>\n"
		"<controller type='virtio-serial' index='0'><alias name='virt-serial0'/>"
		"<address type='pci' domain='0' bus='3' slot='0' function='0'/></controller>\n"
		"</devices>\n</domain>\n");

	(void)state;
	assert_int_equal(dom->ndevs, 2);
	assert_int_equal(count_kind(dom, STV_DEV_SERIAL), 1);
	assert_false(nth(dom, STV_DEV_SERIAL, 0)->generated);
	assert_string_equal(nth(dom, STV_DEV_SERIAL, 0)->id, "virt-serial0");
	assert_int_equal(nth(dom, STV_DEV_SERIAL, 0)->addr.bus.v, 3);
	assert_int_equal(nth(dom, STV_DEV_CONSOLE, 0)->u.console.type, STV_CONSOLE_UNIX);
	assert_string_equal(nth(dom, STV_DEV_CONSOLE, 0)->u.console.path.s, "/run/c.sock");
	assert_string_equal(nth(dom, STV_DEV_CONSOLE, 0)->id, "con");
	assert_string_equal(nth(dom, STV_DEV_CONSOLE, 0)->backend_id, "charcon");
	/* a console is a port of the virtio-serial: no PCI address of its own */
	assert_false(nth(dom, STV_DEV_CONSOLE, 0)->addr.present);
	lowered_free(&t);
}

static void test_things_that_produce_nothing(void **state)
{
	struct lowered t;
	const struct stv_domain *dom = lower_text(&t,
		HEAD "<devices>\n"
		"<memballoon model='none'/>\n"
		"<controller type='usb' model='none'/>\n"
		"<controller type='pci' index='0' model='pcie-root'/>\n"
		"<graphics type='vnc'/>\n"
		"</devices>\n</domain>\n");

	(void)state;
	assert_int_equal(dom->ndevs, 0);
	assert_int_equal(dom->nports, 0);
	lowered_free(&t);
}

static void test_balloon(void **state)
{
	struct lowered t;
	const struct stv_domain *dom = lower_text(&t,
		HEAD "<devices>\n"
		"<memballoon model='virtio'><alias name='balloon0' autodeflate='on'/></memballoon>\n"
		"<memballoon model='virtio' autodeflate='off'>"
		"<alias name='b1' autodeflate='on'/></memballoon>\n"
		"<memballoon model='virtio' autodeflate='on'/>\n"
		"<memballoon model='virtio'/>\n"
		"</devices>\n</domain>\n");

	(void)state;
	assert_int_equal(nth(dom, STV_DEV_BALLOON, 0)->u.balloon.autodeflate, 1);
	assert_true(nth(dom, STV_DEV_BALLOON, 0)->u.balloon.autodeflate_on_alias);
	assert_string_equal(nth(dom, STV_DEV_BALLOON, 0)->id, "balloon0");
	assert_int_equal(nth(dom, STV_DEV_BALLOON, 1)->u.balloon.autodeflate, 0);
	assert_true(nth(dom, STV_DEV_BALLOON, 1)->u.balloon.autodeflate_on_alias);
	assert_int_equal(nth(dom, STV_DEV_BALLOON, 2)->u.balloon.autodeflate, 1);
	assert_false(nth(dom, STV_DEV_BALLOON, 2)->u.balloon.autodeflate_on_alias);
	assert_string_equal(nth(dom, STV_DEV_BALLOON, 2)->id, "balloon2");
	assert_int_equal(nth(dom, STV_DEV_BALLOON, 3)->u.balloon.autodeflate, -1);
	assert_null(nth(dom, STV_DEV_BALLOON, 3)->backend_id);
	lowered_free(&t);
}

static void test_root_ports(void **state)
{
	struct lowered t;
	const struct stv_domain *dom = lower_text(&t,
		HEAD "<devices>\n"
		"<controller type='pci' index='3' model='pcie-root-port'/>\n"		/* 4 */
		"<controller type='pci' index='1' model='pcie-root-port'>\n"		/* 5 */
		"<model name='pcie-root-port'/>\n"
		"<target chassis='1' port='0x10'/>\n"
		"<alias name='pci.1'/>\n"
		"<address type='pci' domain='0x0000' bus='0x00' slot='0x02' function='0x0' multifunction='on'/>\n"
		"</controller>\n"
		"<controller type='pci' index='2' model='pcie-root-port'/>\n"		/* 11 */
		"<controller type='pci' index='1' model='pcie-root-port'/>\n"		/* 12 */
		"<controller type='pci' model='pcie-root-port'/>\n"
		"</devices>\n</domain>\n");

	(void)state;
	assert_int_equal(dom->ndevs, 0);
	assert_int_equal(dom->nports, 4);
	assert_int_equal(dom->ports[0].index, 1);
	assert_int_equal(dom->ports[0].loc.line, 5);
	assert_int_equal(dom->ports[1].index, 1);
	assert_int_equal(dom->ports[1].loc.line, 12);	/* stable: document order */
	assert_int_equal(dom->ports[2].index, 2);
	assert_int_equal(dom->ports[3].index, 3);
	assert_int_equal(dom->ports[3].loc.line, 4);
	assert_true(dom->ports[0].port.set);
	assert_int_equal(dom->ports[0].port.v, 0x10);
	assert_int_equal(dom->ports[0].port.loc.line, 7);
	assert_string_equal(dom->ports[0].alias.s, "pci.1");
	assert_true(dom->ports[0].addr.present);
	assert_int_equal(dom->ports[0].addr.slot.v, 2);
	assert_true(dom->ports[0].addr.multifunction);
	assert_false(dom->ports[0].generated);
	assert_false(dom->ports[2].port.set);
	assert_false(dom->ports[2].addr.present);
	assert_int_equal(dom->ports[2].addr.loc.line, 11);
	lowered_free(&t);
}

/* The seed's x86 example, whole. */
static void test_seed_example(void **state)
{
	FILE *f = fopen("examples/x86_64-q35.xml", "r");
	struct lowered t;
	const struct stv_domain *dom;
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
	t.doc = stv_parse(&t.src, &t.d);
	assert_non_null(t.doc);
	dom = t.dom = stv_lower(&t.src, t.doc, &t.d);
	assert_non_null(dom);
	assert_int_equal(t.d.n, 0);
	assert_int_equal(dom->memory.v, 8ull << 30);
	assert_int_equal(dom->hugepage_size.v, 1ull << 30);
	assert_string_equal(dom->emulator.s, "/path/to/StratoVirt_binary_file");
	assert_int_equal(dom->nports, 7);
	for (size_t i = 0; i < dom->nports; i++)
		assert_int_equal(dom->ports[i].index, i + 1);
	assert_int_equal(dom->ndevs, 7);
	for (size_t i = 0; i < dom->ndevs; i++) {
		assert_int_equal(dom->devs[i].kind, order[i]);
		assert_string_equal(dom->devs[i].id, ids[i]);
	}
	assert_int_equal(nth(dom, STV_DEV_DISK, 0)->addr.bus.v, 1);
	assert_int_equal(nth(dom, STV_DEV_VSOCK, 0)->addr.bus.v, 6);
	assert_string_equal(nth(dom, STV_DEV_NET, 0)->u.net.mac.s, "de:ad:be:ef:00:01");
	assert_true(nth(dom, STV_DEV_NET, 0)->u.net.tap_generated);
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
	assert_int_equal(a->nports, b->nports);
	for (size_t i = 0; i < a->nports; i++)
		assert_int_equal(a->ports[i].index, b->ports[i].index);
	for (size_t i = 0; i < a->ndevs; i++) {
		const struct stv_device *x = &a->devs[i], *y = &b->devs[i];

		assert_int_equal(x->kind, y->kind);
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
	lower_text(&a, busy);
	lower_text(&b, busy);
	assert_same_ir(a.dom, b.dom);
	assert_int_equal(a.dom->ndevs, 7);	/* 6 written + the virtio-serial */
	assert_string_equal(nth(a.dom, STV_DEV_NET, 0)->id, "net1");
	lowered_free(&a);
	lowered_free(&b);
}

/* Documents the structural pass would reject: lowered without crashing. */
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
	};

	(void)state;
	for (size_t i = 0; i < sizeof(docs) / sizeof(docs[0]); i++) {
		struct lowered t;

		lower_text(&t, docs[i]);
		assert_non_null(t.dom->emulator.s);
		lowered_free(&t);
	}
}

/* Byte flips of a busy document: whatever still parses must lower. */
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
		doc = stv_parse(&src, &d);
		if (doc != NULL) {
			struct stv_domain *dom = stv_lower(&src, doc, &d);

			assert_non_null(dom);
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
	lower_text(&t, xml);
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
	return cmocka_run_group_tests(tests, NULL, NULL);
}
