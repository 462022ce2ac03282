/*
 * The structural pass: the supported subset as a table, walked over the
 * document.
 *
 * The table below states the same language as schema/stratovirt-domain.rng
 * (tests/check-crosscheck.sh holds the two to it): for each element, the
 * attributes it may carry and what their values look like, whether it holds
 * text or elements, and which children it may have, how often.  Where the
 * schema has a <choice> on an attribute (controller type, console type,
 * address type) the element has variants selected by that attribute.  The
 * walk reports every problem at its own line and column, names the element
 * or attribute and what is supported instead, and keeps going: one run
 * reports them all.  An unknown element is reported once and not entered.
 *
 * Values are checked for their lexical form and enumerations only; ranges
 * and references are the semantic rules of compiler/check.c and
 * compiler/address.c, and memory units are checked while lowering.
 */
#include "structure.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "values.h"

/* ------------------------------------------------------------------ */
/* Value kinds: the lexical types of the schema                        */
/* ------------------------------------------------------------------ */

enum kind {
	K_ANY,		/* <text/>: anything, even empty */
	K_TOKEN,	/* nonBlank */
	K_DEC,		/* dec: decimal digits */
	K_UINT,		/* uint: decimal or 0x hexadecimal */
	K_ZERO,		/* zero: 0 in either form */
	K_PATH,		/* absPath */
	K_NAME,		/* domainName */
	K_UUID,		/* uuid */
	K_MAC,		/* mac */
	K_PERIOD,	/* rngPeriod: 1000 */
	K_ENUM,		/* <choice> of <value>s */
};

/* A value after trimming XML white space: not NUL-terminated. */
struct text {
	const char *s;
	size_t n;
};

struct kind_info {
	bool (*ok)(struct text t);
	const char *problem;	/* completes "<x> 'V' ..." */
	const char *hint;	/* default hint, or NULL */
};

static bool is_xml_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static struct text trim(const char *s)
{
	struct text t = { s ? s : "", 0 };
	while (is_xml_space(*t.s))
		t.s++;
	t.n = strlen(t.s);
	while (t.n > 0 && is_xml_space(t.s[t.n - 1]))
		t.n--;
	return t;
}

static bool text_is(struct text t, const char *word)
{
	return strlen(word) == t.n && memcmp(t.s, word, t.n) == 0;
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_hex(char c)
{
	return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static bool all_of(const char *s, size_t n, bool (*pred)(char))
{
	for (size_t i = 0; i < n; i++)
		if (!pred(s[i]))
			return false;
	return true;
}

static bool ok_any(struct text t)
{
	(void)t;
	return true;
}

static bool ok_token(struct text t)
{
	return t.n > 0;
}

static bool ok_dec(struct text t)
{
	return t.n > 0 && all_of(t.s, t.n, is_digit);
}

static bool has_hex_prefix(struct text t)
{
	return t.n > 2 && t.s[0] == '0' && (t.s[1] == 'x' || t.s[1] == 'X');
}

static bool ok_uint(struct text t)
{
	if (has_hex_prefix(t))
		return all_of(t.s + 2, t.n - 2, is_hex);
	return ok_dec(t);
}

static bool is_zero(char c)
{
	return c == '0';
}

static bool ok_zero(struct text t)
{
	if (has_hex_prefix(t))
		return all_of(t.s + 2, t.n - 2, is_zero);
	return t.n > 0 && all_of(t.s, t.n, is_zero);
}

static bool ok_path(struct text t)
{
	return t.n > 0 && t.s[0] == '/';
}

/*
 * The syntax of names, uuids and MACs is values.c's, which lowering and the
 * unit tests use too: t is copied to a string of at most max bytes.
 */
static bool valid_as(struct text t, size_t max, bool (*valid)(const char *))
{
	char s[256];
	if (t.n > max || t.n >= sizeof s)
		return false;
	memcpy(s, t.s, t.n);
	s[t.n] = '\0';
	return valid(s);
}

static bool valid_mac(const char *s)
{
	uint8_t mac[6];
	return stv_parse_mac(s, mac) == 0;
}

static bool ok_name(struct text t)
{
	return valid_as(t, 255, stv_valid_name);
}

static bool ok_uuid(struct text t)
{
	return valid_as(t, 36, stv_valid_uuid);
}

static bool ok_mac(struct text t)
{
	return valid_as(t, 17, valid_mac);
}

static bool ok_period(struct text t)
{
	while (t.n > 0 && t.s[0] == '0') {
		t.s++;
		t.n--;
	}
	return text_is(t, "1000");
}

static const struct kind_info kinds[] = {
	[K_ANY] = { ok_any, "", NULL },
	[K_TOKEN] = { ok_token, "is empty", NULL },
	[K_DEC] = { ok_dec, "is not a decimal integer", NULL },
	[K_UINT] = { ok_uint, "is not an integer (decimal or 0x hexadecimal)", NULL },
	[K_ZERO] = { ok_zero, "is not 0", NULL },
	[K_PATH] = { ok_path, "is not an absolute path",
		     "write the full path, starting with '/'" },
	[K_NAME] = { ok_name, "is not a valid name: use 1 to 255 characters "
		     "from A-Z a-z 0-9 _ - :", NULL },
	[K_UUID] = { ok_uuid, "is not a uuid in RFC 4122 form "
		     "(8-4-4-4-12 hexadecimal digits)",
		     "generate one with uuidgen, or remove <uuid>" },
	[K_MAC] = { ok_mac, "is not a MAC address (xx:xx:xx:xx:xx:xx)", NULL },
	[K_PERIOD] = { ok_period, "is not 1000: StratoVirt's rng period is "
		       "fixed at 1000 ms",
		       "write period='1000' and give bytes per second" },
	[K_ENUM] = { NULL, "is not supported", NULL },
};

/* ------------------------------------------------------------------ */
/* The table                                                           */
/* ------------------------------------------------------------------ */

struct value_spec {
	enum kind kind;
	const char *const *choices;	/* K_ENUM: NULL-terminated */
	enum stv_rule rule;		/* raised for a bad value */
	const char *hint;		/* NULL: the kind's default hint */
};

struct attr_spec {
	const char *name;		/* NULL ends a list */
	bool required;
	struct value_spec value;
	enum stv_rule missing_rule;
	const char *missing_hint;
};

enum content {
	C_EMPTY,	/* <empty/>: attributes only */
	C_ELEMENTS,	/* child elements, no text */
	C_TEXT,		/* a value, no child elements */
	C_ANY,		/* anything in any namespace: not entered */
};

struct elem_spec;

struct child_spec {
	const struct elem_spec *elem;	/* NULL ends a list */
	unsigned min, max;
	const char *arch;		/* only on this arch; NULL: any */
	enum stv_rule missing_rule;
	const char *hint;		/* for a missing or repeated child */
};

/* The element's shape depends on the value of one attribute. */
struct variant {
	const char *value;		/* NULL ends a list */
	const struct elem_spec *elem;
};

struct select_spec {
	const char *attr;
	const struct variant *variants;
	enum stv_rule rule;		/* for a value no variant has */
	const char *hint;
};

struct walk;

struct elem_spec {
	const char *name;
	const struct select_spec *select;	/* then nothing else is used */
	const struct attr_spec *attrs;
	enum content content;
	struct value_spec text;			/* C_TEXT */
	const struct child_spec *children;	/* C_ELEMENTS */
	/* rules across attributes that a table cannot say */
	void (*check)(struct walk *w, const xmlNode *node);
};

#define UNBOUNDED 0xffffffffu

#define V(k) { .kind = K_##k, .rule = STV_R_INVALID_VALUE }
#define VR(k, r, h) { .kind = K_##k, .rule = STV_R_##r, .hint = h }
#define VE(list) { .kind = K_ENUM, .choices = list, .rule = STV_R_INVALID_VALUE }
#define VER(list, r, h) { .kind = K_ENUM, .choices = list, .rule = STV_R_##r, .hint = h }
#define VPATH { .kind = K_PATH, .rule = STV_R_PATH_ABSOLUTE }

#define OPT(n, v) { .name = n, .value = v, .missing_rule = STV_R_MISSING_ATTRIBUTE }
#define REQ(n, v) { .name = n, .required = true, .value = v, \
		    .missing_rule = STV_R_MISSING_ATTRIBUTE }
#define REQR(n, v, r, h) { .name = n, .required = true, .value = v, \
			   .missing_rule = STV_R_##r, .missing_hint = h }
#define END_ATTRS { .name = NULL }

#define ONE(e) { .elem = &e, .min = 1, .max = 1, .missing_rule = STV_R_MISSING_ELEMENT }
#define ONER(e, r, h) { .elem = &e, .min = 1, .max = 1, .missing_rule = STV_R_##r, .hint = h }
#define MAYBE(e) { .elem = &e, .min = 0, .max = 1, .missing_rule = STV_R_MISSING_ELEMENT }
#define MAYBEH(e, h) { .elem = &e, .min = 0, .max = 1, \
		       .missing_rule = STV_R_MISSING_ELEMENT, .hint = h }
#define MANY(e) { .elem = &e, .min = 0, .max = UNBOUNDED, .missing_rule = STV_R_MISSING_ELEMENT }
#define MAYBE_ON(e, a) { .elem = &e, .min = 0, .max = 1, .arch = a, \
			 .missing_rule = STV_R_MISSING_ELEMENT }
#define END_CHILDREN { .elem = NULL }

/* An element holding a value and no attributes. */
#define TEXT_ELEM(var, nm, v) \
	static const struct elem_spec var = { .name = nm, .attrs = no_attrs, \
					      .content = C_TEXT, .text = v }
/* An element with neither attributes nor content. */
#define FLAG_ELEM(var, nm) \
	static const struct elem_spec var = { .name = nm, .attrs = no_attrs, \
					      .content = C_EMPTY }

static const struct attr_spec no_attrs[] = { END_ATTRS };

static const char *const on_off[] = { "on", "off", NULL };

/* --- shared by devices --- */

static const struct attr_spec alias_attrs[] = {
	REQ("name", V(ANY)),
	END_ATTRS
};
static const struct elem_spec alias = {
	.name = "alias", .attrs = alias_attrs, .content = C_EMPTY,
};

static const struct attr_spec address_pci_attrs[] = {
	REQ("type", V(ANY)),	/* the selector */
	OPT("domain", V(UINT)),
	OPT("bus", V(UINT)),
	OPT("slot", V(UINT)),
	OPT("function", V(UINT)),
	OPT("multifunction", VE(on_off)),
	END_ATTRS
};
static const struct elem_spec address_pci = {
	.name = "address", .attrs = address_pci_attrs, .content = C_EMPTY,
};
static const struct variant address_types[] = {
	{ "pci", &address_pci },
	{ NULL, NULL },
};
static const struct select_spec address_select = {
	"type", address_types, STV_R_ADDRESS_TYPE,
	"StratoVirt places devices on PCI: write <address type='pci' .../> or "
	"remove <address> to have one assigned",
};
static const struct elem_spec address = {
	.name = "address", .select = &address_select,
};

/* --- <domain> level values --- */

static const char *const lifecycle_actions[] = { "destroy", "restart", NULL };
static const char *const lifecycle_hint =
	"StratoVirt's launcher can only destroy or restart the guest";

TEXT_ELEM(name, "name", VR(NAME, NAME, NULL));
TEXT_ELEM(uuid, "uuid", VR(UUID, UUID, NULL));
TEXT_ELEM(title, "title", V(ANY));
TEXT_ELEM(description, "description", V(ANY));
TEXT_ELEM(iothreads, "iothreads", V(DEC));
TEXT_ELEM(on_poweroff, "on_poweroff",
	  VER(lifecycle_actions, LIFECYCLE_ACTION, lifecycle_hint));
TEXT_ELEM(on_reboot, "on_reboot",
	  VER(lifecycle_actions, LIFECYCLE_ACTION, lifecycle_hint));
TEXT_ELEM(on_crash, "on_crash",
	  VER(lifecycle_actions, LIFECYCLE_ACTION, lifecycle_hint));

/* Anything at all, in any namespace. */
static const struct elem_spec metadata = {
	.name = "metadata", .attrs = no_attrs, .content = C_ANY,
};

static const char *const vcpu_placements[] = { "static", NULL };
static const struct attr_spec vcpu_attrs[] = {
	OPT("placement", VER(vcpu_placements, INVALID_VALUE,
			    "StratoVirt cannot place vCPUs: remove placement "
			    "or write placement='static'")),
	END_ATTRS
};
static const struct elem_spec vcpu = {
	.name = "vcpu", .attrs = vcpu_attrs, .content = C_TEXT, .text = V(DEC),
};

/* The unit is checked while lowering (memory-unit). */
static const struct attr_spec memory_attrs[] = {
	OPT("unit", V(ANY)),
	END_ATTRS
};
static const struct elem_spec memory = {
	.name = "memory", .attrs = memory_attrs, .content = C_TEXT, .text = V(DEC),
};
static const struct elem_spec current_memory = {
	.name = "currentMemory", .attrs = memory_attrs, .content = C_TEXT,
	.text = V(DEC),
};

static const struct attr_spec page_attrs[] = {
	REQ("size", V(DEC)),
	OPT("unit", V(ANY)),
	END_ATTRS
};
static const struct elem_spec page = {
	.name = "page", .attrs = page_attrs, .content = C_EMPTY,
};
static const struct child_spec hugepages_children[] = {
	MAYBEH(page, "StratoVirt backs all guest memory with one page size"),
	END_CHILDREN
};
static const struct elem_spec hugepages = {
	.name = "hugepages", .attrs = no_attrs, .content = C_ELEMENTS,
	.children = hugepages_children,
};
static const struct child_spec memory_backing_children[] = {
	MAYBE(hugepages),
	END_CHILDREN
};
static const struct elem_spec memory_backing = {
	.name = "memoryBacking", .attrs = no_attrs, .content = C_ELEMENTS,
	.children = memory_backing_children,
};

/* <timer> is accepted and ignored (clock-timer-ignored). */
static const char *const timer_names[] = {
	"platform", "pit", "rtc", "hpet", "tsc", "kvmclock", "hypervclock",
	"armvtimer", NULL
};
static const char *const yes_no[] = { "yes", "no", NULL };
static const char *const tick_policies[] = {
	"delay", "catchup", "merge", "discard", NULL
};
static const char *const timer_tracks[] = {
	"boot", "guest", "wall", "realtime", NULL
};
static const char *const timer_modes[] = {
	"auto", "native", "emulate", "paravirt", "smpsafe", NULL
};
static const struct attr_spec timer_attrs[] = {
	REQ("name", VE(timer_names)),
	OPT("present", VE(yes_no)),
	OPT("tickpolicy", VE(tick_policies)),
	OPT("track", VE(timer_tracks)),
	OPT("frequency", V(DEC)),
	OPT("mode", VE(timer_modes)),
	END_ATTRS
};
static const struct elem_spec timer = {
	.name = "timer", .attrs = timer_attrs, .content = C_EMPTY,
};
static const char *const clock_offsets[] = { "utc", NULL };
static const struct attr_spec clock_attrs[] = {
	OPT("offset", VER(clock_offsets, CLOCK,
			  "StratoVirt's RTC runs in UTC: write offset='utc' "
			  "and let the guest apply its time zone")),
	END_ATTRS
};
static const struct child_spec clock_children[] = {
	MANY(timer),
	END_CHILDREN
};
static const struct elem_spec clock = {
	.name = "clock", .attrs = clock_attrs, .content = C_ELEMENTS,
	.children = clock_children,
};

static const char *const pm_states[] = { "no", NULL };
static const struct attr_spec pm_state_attrs[] = {
	REQ("enabled", VER(pm_states, PM,
			   "StratoVirt guests cannot suspend: write enabled='no'")),
	END_ATTRS
};
static const struct elem_spec suspend_to_mem = {
	.name = "suspend-to-mem", .attrs = pm_state_attrs, .content = C_EMPTY,
};
static const struct elem_spec suspend_to_disk = {
	.name = "suspend-to-disk", .attrs = pm_state_attrs, .content = C_EMPTY,
};
static const struct child_spec pm_children[] = {
	MAYBE(suspend_to_mem),
	MAYBE(suspend_to_disk),
	END_CHILDREN
};
static const struct elem_spec pm = {
	.name = "pm", .attrs = no_attrs, .content = C_ELEMENTS,
	.children = pm_children,
};

/* --- <os> --- */

static void check_os_type(struct walk *w, const xmlNode *node);

static const char *const os_types[] = { "hvm", NULL };
static const char *const arch_machine_hint =
	"write arch='x86_64' machine='q35' or arch='aarch64' machine='virt'";
/* arch and machine are checked together by check_os_type. */
static const struct attr_spec os_type_attrs[] = {
	REQR("arch", V(ANY), ARCH_MACHINE, arch_machine_hint),
	REQR("machine", V(ANY), ARCH_MACHINE, arch_machine_hint),
	END_ATTRS
};
static const struct elem_spec os_type = {
	.name = "type", .attrs = os_type_attrs, .content = C_TEXT,
	.text = VE(os_types), .check = check_os_type,
};
TEXT_ELEM(kernel, "kernel", VPATH);
TEXT_ELEM(initrd, "initrd", VPATH);
TEXT_ELEM(cmdline, "cmdline", V(ANY));
TEXT_ELEM(nvram, "nvram", VPATH);

static const char *const loader_hint =
	"write <loader readonly='yes' type='pflash'>/path/to/CODE.fd</loader>";
static const char *const loader_readonly[] = { "yes", NULL };
static const char *const loader_types[] = { "pflash", NULL };
static const struct attr_spec loader_attrs[] = {
	REQR("readonly", VER(loader_readonly, LOADER, loader_hint), LOADER, loader_hint),
	REQR("type", VER(loader_types, LOADER, loader_hint), LOADER, loader_hint),
	END_ATTRS
};
static const struct elem_spec loader = {
	.name = "loader", .attrs = loader_attrs, .content = C_TEXT, .text = VPATH,
};

static const char *const boot_devs[] = { "hd", "cdrom", "fd", "network", NULL };
static const struct attr_spec os_boot_attrs[] = {
	REQ("dev", VE(boot_devs)),
	END_ATTRS
};
static const struct elem_spec os_boot = {
	.name = "boot", .attrs = os_boot_attrs, .content = C_EMPTY,
};

static const struct child_spec os_children[] = {
	ONE(os_type),
	MAYBE(kernel),
	MAYBE(initrd),
	MAYBE(cmdline),
	MAYBE(loader),
	MAYBE(nvram),
	MANY(os_boot),
	END_CHILDREN
};
static const struct elem_spec os = {
	.name = "os", .attrs = no_attrs, .content = C_ELEMENTS,
	.children = os_children,
};

/* --- <features>: apic and pae exist only on x86_64 --- */

FLAG_ELEM(acpi, "acpi");
FLAG_ELEM(apic, "apic");
FLAG_ELEM(pae, "pae");
static const struct attr_spec gic_attrs[] = {
	REQ("version", V(DEC)),
	END_ATTRS
};
static const struct elem_spec gic = {
	.name = "gic", .attrs = gic_attrs, .content = C_EMPTY,
};
static const char *const vmport_states[] = { "off", NULL };
static const struct attr_spec vmport_attrs[] = {
	REQ("state", VER(vmport_states, INVALID_VALUE,
			"StratoVirt has no VMware port: write state='off' or "
			"remove <vmport>")),
	END_ATTRS
};
static const struct elem_spec vmport = {
	.name = "vmport", .attrs = vmport_attrs, .content = C_EMPTY,
};
static const struct child_spec features_children[] = {
	MAYBE(acpi),
	MAYBE(gic),
	MAYBE_ON(apic, "x86_64"),
	MAYBE_ON(pae, "x86_64"),
	MAYBE(vmport),
	END_CHILDREN
};
static const struct elem_spec features = {
	.name = "features", .attrs = no_attrs, .content = C_ELEMENTS,
	.children = features_children,
};

/* --- <disk> --- */

static const char *const disk_driver_names[] = { "qemu", NULL };
static const char *const disk_formats[] = { "raw", NULL };
static const struct attr_spec disk_driver_attrs[] = {
	OPT("name", VE(disk_driver_names)),
	OPT("type", VER(disk_formats, DISK_FORMAT,
			"StratoVirt reads raw images only; convert the image "
			"with: qemu-img convert -O raw IN OUT")),
	OPT("iothread", V(DEC)),
	OPT("queues", V(DEC)),
	END_ATTRS
};
static const struct elem_spec disk_driver = {
	.name = "driver", .attrs = disk_driver_attrs, .content = C_EMPTY,
};
static const struct attr_spec disk_source_attrs[] = {
	REQ("file", VPATH),
	END_ATTRS
};
static const struct elem_spec disk_source = {
	.name = "source", .attrs = disk_source_attrs, .content = C_EMPTY,
};
static const char *const disk_buses[] = { "virtio", NULL };
static const struct attr_spec disk_target_attrs[] = {
	REQ("dev", V(TOKEN)),
	REQ("bus", VER(disk_buses, INVALID_VALUE, "StratoVirt disks are virtio-blk: "
		      "write bus='virtio'")),
	END_ATTRS
};
static const struct elem_spec disk_target = {
	.name = "target", .attrs = disk_target_attrs, .content = C_EMPTY,
};
FLAG_ELEM(disk_readonly, "readonly");
TEXT_ELEM(disk_serial, "serial", V(ANY));
static const struct attr_spec disk_boot_attrs[] = {
	REQ("order", V(DEC)),
	END_ATTRS
};
static const struct elem_spec disk_boot = {
	.name = "boot", .attrs = disk_boot_attrs, .content = C_EMPTY,
};
TEXT_ELEM(total_iops_sec, "total_iops_sec", V(DEC));
static const struct child_spec iotune_children[] = {
	MAYBE(total_iops_sec),
	END_CHILDREN
};
static const struct elem_spec iotune = {
	.name = "iotune", .attrs = no_attrs, .content = C_ELEMENTS,
	.children = iotune_children,
};
static const char *const disk_types[] = { "file", NULL };
static const char *const disk_devices[] = { "disk", NULL };
static const struct attr_spec disk_attrs[] = {
	OPT("type", VER(disk_types, INVALID_VALUE, "StratoVirt disks are image files: "
		       "write type='file' with <source file='/path'/>")),
	OPT("device", VE(disk_devices)),
	END_ATTRS
};
static const struct child_spec disk_children[] = {
	MAYBE(disk_driver),
	ONE(disk_source),
	ONE(disk_target),
	MAYBE(disk_readonly),
	MAYBE(disk_serial),
	MAYBE(disk_boot),
	MAYBE(iotune),
	MAYBE(alias),
	MAYBE(address),
	END_CHILDREN
};
static const struct elem_spec disk = {
	.name = "disk", .attrs = disk_attrs, .content = C_ELEMENTS,
	.children = disk_children,
};

/* --- <interface> --- */

static const struct attr_spec mac_attrs[] = {
	REQ("address", V(MAC)),
	END_ATTRS
};
static const struct elem_spec net_mac = {
	.name = "mac", .attrs = mac_attrs, .content = C_EMPTY,
};
static const struct attr_spec net_source_attrs[] = {
	REQ("bridge", V(ANY)),
	END_ATTRS
};
static const struct elem_spec net_source = {
	.name = "source", .attrs = net_source_attrs, .content = C_EMPTY,
};
static const struct attr_spec net_target_attrs[] = {
	REQ("dev", V(ANY)),
	END_ATTRS
};
static const struct elem_spec net_target = {
	.name = "target", .attrs = net_target_attrs, .content = C_EMPTY,
};
static const char *const nic_models[] = { "virtio", NULL };
static const char *const nic_model_hint = "write <model type='virtio'/>";
static const struct attr_spec net_model_attrs[] = {
	REQR("type", VER(nic_models, NIC_MODEL, nic_model_hint), NIC_MODEL,
	     nic_model_hint),
	END_ATTRS
};
static const struct elem_spec net_model = {
	.name = "model", .attrs = net_model_attrs, .content = C_EMPTY,
};
static const char *const net_driver_names[] = { "qemu", "vhost", NULL };
static const struct attr_spec net_driver_attrs[] = {
	OPT("name", VE(net_driver_names)),
	OPT("queues", V(DEC)),
	END_ATTRS
};
static const struct elem_spec net_driver = {
	.name = "driver", .attrs = net_driver_attrs, .content = C_EMPTY,
};
static const char *const interface_types[] = { "bridge", NULL };
static const struct attr_spec interface_attrs[] = {
	REQ("type", VER(interface_types, INVALID_VALUE, "StratoVirt connects interfaces to "
		       "a host bridge through a tap: write type='bridge' with "
		       "<source bridge='br0'/>")),
	END_ATTRS
};
static const struct child_spec interface_children[] = {
	MAYBE(net_mac),
	ONE(net_source),
	MAYBE(net_target),
	ONER(net_model, NIC_MODEL, nic_model_hint),
	MAYBE(net_driver),
	MAYBE(alias),
	MAYBE(address),
	END_CHILDREN
};
static const struct elem_spec interface = {
	.name = "interface", .attrs = interface_attrs, .content = C_ELEMENTS,
	.children = interface_children,
};

/* --- <controller>: one element, shaped by type (and model for pci) --- */

static const char *const pci_types[] = { "pci", NULL };
static const char *const pcie_root_models[] = { "pcie-root", NULL };
static const char *const pcie_root_port_models[] = { "pcie-root-port", NULL };

static const struct attr_spec pcie_root_attrs[] = {
	REQ("type", VE(pci_types)),
	REQ("model", VE(pcie_root_models)),
	OPT("index", VR(ZERO, INVALID_VALUE, "the root bus pcie.0 is controller index 0: write index='0'")),
	END_ATTRS
};
static const struct child_spec pcie_root_children[] = {
	MAYBE(alias),
	END_CHILDREN
};
static const struct elem_spec pcie_root = {
	.name = "controller", .attrs = pcie_root_attrs, .content = C_ELEMENTS,
	.children = pcie_root_children,
};

static const struct attr_spec port_model_attrs[] = {
	REQ("name", VE(pcie_root_port_models)),
	END_ATTRS
};
static const struct elem_spec port_model = {
	.name = "model", .attrs = port_model_attrs, .content = C_EMPTY,
};
static const struct attr_spec port_target_attrs[] = {
	OPT("chassis", V(UINT)),
	OPT("port", V(UINT)),
	END_ATTRS
};
static const struct elem_spec port_target = {
	.name = "target", .attrs = port_target_attrs, .content = C_EMPTY,
};
static const struct attr_spec pcie_root_port_attrs[] = {
	REQ("type", VE(pci_types)),
	REQ("model", VE(pcie_root_port_models)),
	REQ("index", V(UINT)),
	END_ATTRS
};
static const struct child_spec pcie_root_port_children[] = {
	MAYBE(port_model),
	MAYBE(port_target),
	MAYBE(alias),
	MAYBE(address),
	END_CHILDREN
};
static const struct elem_spec pcie_root_port = {
	.name = "controller", .attrs = pcie_root_port_attrs,
	.content = C_ELEMENTS, .children = pcie_root_port_children,
};

static const struct variant pci_models[] = {
	{ "pcie-root", &pcie_root },
	{ "pcie-root-port", &pcie_root_port },
	{ NULL, NULL },
};
static const struct select_spec pci_select = {
	"model", pci_models, STV_R_INVALID_VALUE,
	"StratoVirt's PCIe topology is the root bus and root ports on it",
};
static const struct elem_spec controller_pci = {
	.name = "controller", .select = &pci_select,
};

static const char *const virtio_serial_types[] = { "virtio-serial", NULL };
static const struct attr_spec virtio_serial_attrs[] = {
	REQ("type", VE(virtio_serial_types)),
	OPT("index", VR(ZERO, INVALID_VALUE,
			"StratoVirt has one virtio-serial controller: write index='0'")),
	END_ATTRS
};
static const struct child_spec virtio_serial_children[] = {
	MAYBE(alias),
	MAYBE(address),
	END_CHILDREN
};
static const struct elem_spec controller_virtio_serial = {
	.name = "controller", .attrs = virtio_serial_attrs, .content = C_ELEMENTS,
	.children = virtio_serial_children,
};

/* model='none' means no USB at all, like <memballoon model='none'/>. */
static const char *const usb_types[] = { "usb", NULL };
static const char *const usb_models[] = { "none", NULL };
static const char *const usb_hint =
	"StratoVirt has no USB: write model='none' or remove the controller";
static const struct attr_spec usb_attrs[] = {
	REQ("type", VE(usb_types)),
	REQR("model", VER(usb_models, INVALID_VALUE, usb_hint),
	     MISSING_ATTRIBUTE, usb_hint),
	OPT("index", V(UINT)),
	END_ATTRS
};
static const struct elem_spec controller_usb = {
	.name = "controller", .attrs = usb_attrs, .content = C_EMPTY,
};

static const struct variant controller_types[] = {
	{ "pci", &controller_pci },
	{ "virtio-serial", &controller_virtio_serial },
	{ "usb", &controller_usb },
	{ NULL, NULL },
};
static const struct select_spec controller_select = {
	"type", controller_types, STV_R_INVALID_VALUE, NULL,
};
static const struct elem_spec controller = {
	.name = "controller", .select = &controller_select,
};

/* --- <memballoon>: autodeflate on it (libvirt) or on <alias> (the seed) --- */

static const struct attr_spec balloon_alias_attrs[] = {
	REQ("name", V(ANY)),
	OPT("autodeflate", VE(on_off)),
	END_ATTRS
};
static const struct elem_spec balloon_alias = {
	.name = "alias", .attrs = balloon_alias_attrs, .content = C_EMPTY,
};
static const char *const balloon_models[] = { "virtio", "none", NULL };
static const struct attr_spec memballoon_attrs[] = {
	REQ("model", VE(balloon_models)),
	OPT("autodeflate", VE(on_off)),
	END_ATTRS
};
static const struct child_spec memballoon_children[] = {
	MAYBE(balloon_alias),
	MAYBE(address),
	END_CHILDREN
};
static const struct elem_spec memballoon = {
	.name = "memballoon", .attrs = memballoon_attrs, .content = C_ELEMENTS,
	.children = memballoon_children,
};

/* --- <console>: shaped by type; the target must be virtio --- */

static const char *const console_target_hint =
	"a console without a virtio target is a serial console, which "
	"StratoVirt does not support: write <target type='virtio' port='0'/>";
static const char *const console_target_types[] = { "virtio", NULL };
static const struct attr_spec console_target_attrs[] = {
	REQR("type", VER(console_target_types, CONSOLE_TARGET, console_target_hint),
	     CONSOLE_TARGET, console_target_hint),
	OPT("port", VR(ZERO, CONSOLE_TARGET,
		       "StratoVirt has one console, port 0: write port='0' or leave it out")),
	END_ATTRS
};
static const struct elem_spec console_target = {
	.name = "target", .attrs = console_target_attrs, .content = C_EMPTY,
};
static const struct attr_spec console_file_source_attrs[] = {
	REQ("path", VPATH),
	END_ATTRS
};
static const struct elem_spec console_file_source = {
	.name = "source", .attrs = console_file_source_attrs, .content = C_EMPTY,
};
static const char *const unix_modes[] = { "bind", NULL };
static const struct attr_spec console_unix_source_attrs[] = {
	REQ("mode", VER(unix_modes, INVALID_VALUE, "StratoVirt listens on the console "
		       "socket: write mode='bind'")),
	REQ("path", VPATH),
	END_ATTRS
};
static const struct elem_spec console_unix_source = {
	.name = "source", .attrs = console_unix_source_attrs, .content = C_EMPTY,
};
static const char *const pty_types[] = { "pty", NULL };
static const char *const file_types[] = { "file", NULL };
static const char *const unix_types[] = { "unix", NULL };
static const struct attr_spec console_pty_attrs[] = {
	REQ("type", VE(pty_types)),
	END_ATTRS
};
static const struct attr_spec console_file_attrs[] = {
	REQ("type", VE(file_types)),
	END_ATTRS
};
static const struct attr_spec console_unix_attrs[] = {
	REQ("type", VE(unix_types)),
	END_ATTRS
};
static const struct child_spec console_pty_children[] = {
	ONER(console_target, CONSOLE_TARGET, console_target_hint),
	MAYBE(alias),
	END_CHILDREN
};
static const struct child_spec console_file_children[] = {
	ONER(console_target, CONSOLE_TARGET, console_target_hint),
	MAYBE(alias),
	ONE(console_file_source),
	END_CHILDREN
};
static const struct child_spec console_unix_children[] = {
	ONER(console_target, CONSOLE_TARGET, console_target_hint),
	MAYBE(alias),
	ONE(console_unix_source),
	END_CHILDREN
};
static const struct elem_spec console_pty = {
	.name = "console", .attrs = console_pty_attrs, .content = C_ELEMENTS,
	.children = console_pty_children,
};
static const struct elem_spec console_file = {
	.name = "console", .attrs = console_file_attrs, .content = C_ELEMENTS,
	.children = console_file_children,
};
static const struct elem_spec console_unix = {
	.name = "console", .attrs = console_unix_attrs, .content = C_ELEMENTS,
	.children = console_unix_children,
};
static const struct variant console_types[] = {
	{ "pty", &console_pty },
	{ "file", &console_file },
	{ "unix", &console_unix },
	{ NULL, NULL },
};
static const struct select_spec console_select = {
	"type", console_types, STV_R_INVALID_VALUE,
	"StratoVirt's console is a pty, a file or a unix socket",
};
static const struct elem_spec console = {
	.name = "console", .select = &console_select,
};

/* --- <rng> --- */

static const struct attr_spec rate_attrs[] = {
	OPT("period", VR(PERIOD, RNG_PERIOD, NULL)),
	REQ("bytes", V(DEC)),
	END_ATTRS
};
static const struct elem_spec rng_rate = {
	.name = "rate", .attrs = rate_attrs, .content = C_EMPTY,
};
static const char *const rng_backend_models[] = { "random", NULL };
static const struct attr_spec rng_backend_attrs[] = {
	REQ("model", VER(rng_backend_models, INVALID_VALUE, "StratoVirt reads entropy from a "
			"host file: write <backend model='random'>/dev/urandom"
			"</backend>")),
	END_ATTRS
};
static const struct elem_spec rng_backend = {
	.name = "backend", .attrs = rng_backend_attrs, .content = C_TEXT,
	.text = VPATH,
};
static const char *const virtio_models[] = { "virtio", NULL };
static const struct attr_spec rng_attrs[] = {
	REQ("model", VE(virtio_models)),
	END_ATTRS
};
static const struct child_spec rng_children[] = {
	MAYBE(rng_rate),
	ONE(rng_backend),
	MAYBE(alias),
	MAYBE(address),
	END_CHILDREN
};
static const struct elem_spec rng = {
	.name = "rng", .attrs = rng_attrs, .content = C_ELEMENTS,
	.children = rng_children,
};

/* --- <vsock>: the cid is always given --- */

static const char *const cid_autos[] = { "no", NULL };
static const struct attr_spec cid_attrs[] = {
	OPT("auto", VER(cid_autos, INVALID_VALUE, "StratoVirt needs a fixed cid: "
		       "write auto='no' address='N' with N >= 3")),
	REQ("address", V(DEC)),
	END_ATTRS
};
static const struct elem_spec vsock_cid = {
	.name = "cid", .attrs = cid_attrs, .content = C_EMPTY,
};
static const struct attr_spec vsock_attrs[] = {
	OPT("model", VE(virtio_models)),
	END_ATTRS
};
static const struct child_spec vsock_children[] = {
	ONE(vsock_cid),
	MAYBE(alias),
	MAYBE(address),
	END_CHILDREN
};
static const struct elem_spec vsock = {
	.name = "vsock", .attrs = vsock_attrs, .content = C_ELEMENTS,
	.children = vsock_children,
};

/* --- <devices> and <domain> --- */

TEXT_ELEM(emulator, "emulator", VPATH);

static const struct child_spec devices_children[] = {
	MAYBE(emulator),
	MANY(disk),
	MANY(interface),
	MANY(controller),
	MANY(memballoon),
	MANY(console),
	MANY(rng),
	MANY(vsock),
	END_CHILDREN
};
static const struct elem_spec devices = {
	.name = "devices", .attrs = no_attrs, .content = C_ELEMENTS,
	.children = devices_children,
};

static const char *const domain_types[] = { "kvm", NULL };
static const char *const domain_type_hint =
	"StratoVirt runs KVM guests: write <domain type='kvm'>";
static const struct attr_spec domain_attrs[] = {
	REQR("type", VER(domain_types, DOMAIN_TYPE, domain_type_hint),
	     DOMAIN_TYPE, domain_type_hint),
	END_ATTRS
};
static const struct child_spec domain_children[] = {
	ONE(name),
	MAYBE(uuid),
	MAYBE(title),
	MAYBE(description),
	MAYBE(metadata),
	ONE(vcpu),
	ONE(memory),
	MAYBE(current_memory),
	MAYBE(memory_backing),
	MAYBE(iothreads),
	MAYBE(on_poweroff),
	MAYBE(on_reboot),
	MAYBE(on_crash),
	MAYBE(clock),
	MAYBE(pm),
	ONE(os),
	MAYBE(features),
	MAYBE(devices),
	END_CHILDREN
};
static const struct elem_spec domain = {
	.name = "domain", .attrs = domain_attrs, .content = C_ELEMENTS,
	.children = domain_children,
};

/*
 * Unsupported things people often write, with what to do instead.  The
 * finding is still unsupported-element (or the rule given) and names it.
 */
struct unsupported_note {
	const char *name;
	enum stv_rule rule;
	const char *message;		/* NULL: the usual message */
	const char *hint;
};

static const struct unsupported_note unsupported_notes[] = {
	{ "cpu", STV_R_CPU_TOPOLOGY,
	  "<cpu> is not supported: StratoVirt has no CPU model or topology",
	  "remove <cpu>; the guest gets <vcpu> CPUs" },
	{ "graphics", STV_R_UNSUPPORTED_ELEMENT, NULL,
	  "StratoVirt has no display: use <console type='pty'> for a console" },
	{ "video", STV_R_UNSUPPORTED_ELEMENT, NULL,
	  "StratoVirt has no display: remove <video>" },
	{ "serial", STV_R_UNSUPPORTED_ELEMENT, NULL,
	  "use <console type='pty'><target type='virtio' port='0'/></console>" },
	{ "channel", STV_R_UNSUPPORTED_ELEMENT, NULL, NULL },
	{ NULL, STV_R_UNSUPPORTED_ELEMENT, NULL, NULL },
};

struct attr_note {
	const char *elem, *attr, *hint;
};

static const struct attr_note attr_notes[] = {
	{ "vcpu", "cpuset", "StratoVirt cannot pin vCPUs; remove cpuset "
	  "(stv never drops pinning silently)" },
	{ "vcpu", "current", "StratoVirt starts every vCPU; remove current" },
	{ "driver", "cache", "StratoVirt opens images with O_DIRECT; remove cache" },
	{ NULL, NULL, NULL },
};

/* ------------------------------------------------------------------ */
/* The walk                                                            */
/* ------------------------------------------------------------------ */

struct walk {
	const struct stv_source *src;
	struct stv_diags *d;
	const char *arch;	/* "x86_64", "aarch64", or NULL when unknown */
};

/* At most this many kinds of children per element (the domain has 18). */
#define MAX_CHILD_SPECS 32

/* Values are shown at most this long, with control characters replaced. */
#define SHOW_MAX 48

static const char *shown(struct text t, char buf[static SHOW_MAX + 4])
{
	size_t n = t.n;
	bool cut = n > SHOW_MAX;
	if (cut) {
		n = SHOW_MAX;
		/* do not split a UTF-8 sequence */
		while (n > 0 && ((unsigned char)t.s[n] & 0xc0) == 0x80)
			n--;
	}
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)t.s[i];
		buf[i] = is_xml_space((char)c) ? ' ' : c < 0x20 || c == 0x7f ? '?' : (char)c;
	}
	strcpy(buf + n, cut ? "..." : "");
	return buf;
}

static const char *xname(const xmlNode *n)
{
	return (const char *)n->name;
}

static struct stv_loc loc_of(const struct walk *w, const xmlNode *n, const char *attr)
{
	return stv_node_loc(w->src, n, attr);
}

static bool arch_ok(const struct walk *w, const struct child_spec *c)
{
	return !c->arch || !w->arch || strcmp(c->arch, w->arch) == 0;
}

/* "a, b, c" into buf: the choices, the variants or the children. */
static const char *join_choices(const char *const *choices, char *buf, size_t size)
{
	size_t used = 0;
	buf[0] = '\0';
	for (size_t i = 0; choices[i]; i++)
		used += (size_t)snprintf(buf + used, used < size ? size - used : 0,
					 "%s%s", i ? ", " : "", choices[i]);
	return buf;
}

static const char *join_variants(const struct variant *v, char *buf, size_t size)
{
	size_t used = 0;
	buf[0] = '\0';
	for (size_t i = 0; v[i].value; i++)
		used += (size_t)snprintf(buf + used, used < size ? size - used : 0,
					 "%s%s", i ? ", " : "", v[i].value);
	return buf;
}

static const char *join_children(const struct walk *w, const struct child_spec *c,
				 char *buf, size_t size)
{
	size_t used = 0;
	buf[0] = '\0';
	for (size_t i = 0; c && c[i].elem; i++) {
		if (!arch_ok(w, &c[i]))
			continue;
		used += (size_t)snprintf(buf + used, used < size ? size - used : 0,
					 "%s%s", used ? ", " : "", c[i].elem->name);
	}
	return buf;
}

static const char *join_attrs(const struct attr_spec *a, char *buf, size_t size)
{
	size_t used = 0;
	buf[0] = '\0';
	for (size_t i = 0; a && a[i].name; i++)
		used += (size_t)snprintf(buf + used, used < size ? size - used : 0,
					 "%s%s", i ? ", " : "", a[i].name);
	return buf;
}

#define LIST_MAX 256

static bool in_choices(struct text t, const char *const *choices)
{
	for (size_t i = 0; choices[i]; i++)
		if (text_is(t, choices[i]))
			return true;
	return false;
}

static bool value_ok(const struct value_spec *v, struct text t)
{
	if (v->kind == K_ENUM)
		return in_choices(t, v->choices);
	return kinds[v->kind].ok(t);
}

static const char *value_hint(const struct value_spec *v)
{
	return v->hint ? v->hint : kinds[v->kind].hint;
}

/* An attribute value: "<disk type='block'> is not supported; supported: file". */
static void check_attr_value(struct walk *w, const xmlNode *node,
			     const struct attr_spec *a, const char *raw)
{
	struct text t = trim(raw);
	if (value_ok(&a->value, t))
		return;
	char show[SHOW_MAX + 4], list[LIST_MAX];
	struct stv_loc loc = loc_of(w, node, a->name);
	if (a->value.kind == K_ENUM)
		stv_report(w->d, a->value.rule, loc, value_hint(&a->value),
			   "<%s %s='%s'> is not supported; supported: %s",
			   xname(node), a->name, shown(t, show),
			   join_choices(a->value.choices, list, sizeof(list)));
	else
		stv_report(w->d, a->value.rule, loc, value_hint(&a->value),
			   "%s '%s' of <%s> %s", a->name, shown(t, show),
			   xname(node), kinds[a->value.kind].problem);
}

/* A text value: "<on_crash>preserve</on_crash> is not supported; ...". */
static void check_text_value(struct walk *w, const xmlNode *node,
			     const struct value_spec *v, const char *raw)
{
	struct text t = trim(raw);
	if (value_ok(v, t))
		return;
	char show[SHOW_MAX + 4], list[LIST_MAX];
	struct stv_loc loc = loc_of(w, node, NULL);
	if (v->kind == K_ENUM)
		stv_report(w->d, v->rule, loc, value_hint(v),
			   "<%s>%s</%s> is not supported; supported: %s",
			   xname(node), shown(t, show), xname(node),
			   join_choices(v->choices, list, sizeof(list)));
	else
		stv_report(w->d, v->rule, loc, value_hint(v), "<%s> '%s' %s",
			   xname(node), shown(t, show), kinds[v->kind].problem);
}

static const struct attr_spec *find_attr_spec(const struct attr_spec *a,
					      const xmlAttr *attr)
{
	if (attr->ns)
		return NULL;	/* no attribute in a namespace is supported */
	for (size_t i = 0; a && a[i].name; i++)
		if (strcmp(a[i].name, (const char *)attr->name) == 0)
			return &a[i];
	return NULL;
}

static const char *attr_note(const xmlNode *node, const xmlAttr *attr)
{
	for (size_t i = 0; attr_notes[i].elem; i++)
		if (strcmp(attr_notes[i].elem, xname(node)) == 0 &&
		    strcmp(attr_notes[i].attr, (const char *)attr->name) == 0)
			return attr_notes[i].hint;
	return NULL;
}

static void report_unsupported_attr(struct walk *w, const xmlNode *node,
				    const xmlAttr *attr, const struct attr_spec *specs)
{
	char list[LIST_MAX];
	const char *prefix = attr->ns && attr->ns->prefix ?
			     (const char *)attr->ns->prefix : "";
	struct stv_loc loc = loc_of(w, node, (const char *)attr->name);
	join_attrs(specs, list, sizeof(list));
	stv_report(w->d, STV_R_UNSUPPORTED_ATTRIBUTE, loc, attr_note(node, attr),
		   "attribute '%s%s%s' of <%s> is not supported by StratoVirt; %s%s",
		   prefix, *prefix ? ":" : "", (const char *)attr->name,
		   xname(node), list[0] ? "supported: " : "it takes no attributes",
		   list);
}

/*
 * Unsupported attributes reported one by one on an element; the rest are
 * counted in one finding.  Locating an attribute scans its start tag, so
 * without a bound 200,000 attributes would take minutes, and nobody reads
 * that many findings.
 */
#define MAX_ATTR_FINDINGS 16

static void check_attrs(struct walk *w, const xmlNode *node,
			const struct attr_spec *specs)
{
	size_t unsupported = 0;
	for (const xmlAttr *attr = node->properties; attr; attr = attr->next) {
		const struct attr_spec *a = find_attr_spec(specs, attr);
		if (!a) {
			if (++unsupported <= MAX_ATTR_FINDINGS)
				report_unsupported_attr(w, node, attr, specs);
			continue;
		}
		xmlChar *raw = xmlNodeGetContent((const xmlNode *)attr);
		check_attr_value(w, node, a, (const char *)raw);
		xmlFree(raw);
	}
	if (unsupported > MAX_ATTR_FINDINGS)
		stv_report(w->d, STV_R_UNSUPPORTED_ATTRIBUTE, loc_of(w, node, NULL), NULL,
			   "<%s> has %zu more attributes that StratoVirt does not support",
			   xname(node), unsupported - MAX_ATTR_FINDINGS);
	for (size_t i = 0; specs && specs[i].name; i++) {
		const struct attr_spec *a = &specs[i];
		if (!a->required || xmlHasProp(node, (const xmlChar *)a->name))
			continue;
		char list[LIST_MAX] = "";
		if (a->value.kind == K_ENUM)
			join_choices(a->value.choices, list, sizeof(list));
		stv_report(w->d, a->missing_rule, loc_of(w, node, NULL),
			   a->missing_hint, "<%s> needs attribute '%s'%s%s%s",
			   xname(node), a->name, list[0] ? " (supported: " : "",
			   list, list[0] ? ")" : "");
	}
}

static bool is_text(const xmlNode *n)
{
	return n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE;
}

/*
 * libxml2 gives a text node the line where it ends; the text starts as
 * many lines earlier as it has newlines after its first non-blank.  The
 * column is where its first word shows on that line, when it does.
 */
static struct stv_loc text_loc(const struct walk *w, const xmlNode *n)
{
	long line = xmlGetLineNo(n);
	struct text t = trim((const char *)n->content);
	long after = 0;
	for (const char *p = t.s; *p; p++)
		after += *p == '\n';
	line = line > after ? line - after : 0;
	struct stv_loc loc = { line > 0 && line <= 0x7fffffff ? (int)line : 0, 0 };
	const struct stv_source *src = w->src;
	if (!loc.line || !src || !src->buf || (size_t)loc.line > src->nlines)
		return loc;
	size_t word = 0;
	while (word < t.n && !is_xml_space(t.s[word]))
		word++;
	const char *start = src->buf + src->line_start[loc.line - 1];
	const char *end = memchr(start, '\n', src->len - (size_t)(start - src->buf));
	size_t len = end ? (size_t)(end - start) : src->len - (size_t)(start - src->buf);
	for (size_t i = 0; word > 0 && i + word <= len; i++)
		if (memcmp(start + i, t.s, word) == 0) {
			loc.col = (int)i + 1;
			break;
		}
	return loc;
}

static void report_text(struct walk *w, const xmlNode *parent, const xmlNode *n)
{
	char show[SHOW_MAX + 4];
	struct text t = trim((const char *)n->content);
	if (t.n == 0)
		return;
	stv_report(w->d, STV_R_UNEXPECTED_TEXT, text_loc(w, n),
		   "remove the text or put it in an element",
		   "text '%s' in <%s>, where only elements are allowed",
		   shown(t, show), xname(parent));
}

static const struct unsupported_note *unsupported_note(const xmlNode *n)
{
	const struct unsupported_note *u = unsupported_notes;
	while (u->name && (n->ns || strcmp(u->name, xname(n)) != 0))
		u++;
	return u;
}

static void report_unsupported_child(struct walk *w, const xmlNode *parent,
				     const xmlNode *n,
				     const struct child_spec *children)
{
	char list[LIST_MAX];
	struct stv_loc loc = loc_of(w, n, NULL);
	const struct unsupported_note *u = unsupported_note(n);
	if (u->message) {
		stv_report(w->d, u->rule, loc, u->hint, "%s", u->message);
		return;
	}
	if (n->ns) {
		const char *prefix = n->ns->prefix ? (const char *)n->ns->prefix : "";
		stv_report(w->d, STV_R_UNSUPPORTED_ELEMENT, loc,
			   "elements in another namespace may appear only inside <metadata>",
			   "<%s%s%s> in <%s> is not supported by StratoVirt",
			   prefix, *prefix ? ":" : "", xname(n), xname(parent));
		return;
	}
	join_children(w, children, list, sizeof(list));
	if (!list[0])
		stv_report(w->d, u->rule, loc, u->hint,
			   "<%s> is not supported by StratoVirt; <%s> takes no "
			   "elements", xname(n), xname(parent));
	else
		stv_report(w->d, u->rule, loc, u->hint,
			   "<%s> is not supported by StratoVirt; supported in "
			   "<%s>: %s", xname(n), xname(parent), list);
}

/* A known element on the other architecture: <apic/> on aarch64. */
static void report_wrong_arch(struct walk *w, const xmlNode *parent,
			      const xmlNode *n, const struct child_spec *children)
{
	char list[LIST_MAX];
	join_children(w, children, list, sizeof(list));
	stv_report(w->d, STV_R_UNSUPPORTED_ELEMENT, loc_of(w, n, NULL), NULL,
		   "<%s> is not supported by StratoVirt on %s; supported in "
		   "<%s> there: %s", xname(n), w->arch, xname(parent), list);
}

static int find_child_spec(const struct child_spec *c, const xmlNode *n)
{
	if (n->ns)
		return -1;
	for (int i = 0; c && c[i].elem; i++)
		if (strcmp(c[i].elem->name, xname(n)) == 0)
			return i;
	return -1;
}

static void check_element(struct walk *w, const xmlNode *node,
			  const struct elem_spec *spec);

static void check_children(struct walk *w, const xmlNode *node,
			   const struct child_spec *children)
{
	unsigned count[MAX_CHILD_SPECS] = { 0 };
	const xmlNode *first[MAX_CHILD_SPECS] = { NULL };
	for (const xmlNode *n = node->children; n; n = n->next) {
		if (is_text(n)) {
			report_text(w, node, n);
			continue;
		}
		if (n->type != XML_ELEMENT_NODE)
			continue;	/* comments and processing instructions */
		int i = find_child_spec(children, n);
		if (i < 0) {
			report_unsupported_child(w, node, n, children);
			continue;
		}
		const struct child_spec *c = &children[i];
		if (!arch_ok(w, c)) {
			report_wrong_arch(w, node, n, children);
			continue;
		}
		if (i < MAX_CHILD_SPECS && ++count[i] > c->max) {
			stv_report(w->d, STV_R_DUPLICATE_ELEMENT, loc_of(w, n, NULL),
				   c->hint, "<%s> appears again in <%s>, where it may "
				   "appear once (first at line %d)", xname(n),
				   xname(node), loc_of(w, first[i], NULL).line);
		} else if (i < MAX_CHILD_SPECS && !first[i]) {
			first[i] = n;
		}
		check_element(w, n, c->elem);
	}
	for (int i = 0; i < MAX_CHILD_SPECS && children && children[i].elem; i++) {
		const struct child_spec *c = &children[i];
		if (count[i] >= c->min || !arch_ok(w, c))
			continue;
		stv_report(w->d, c->missing_rule, loc_of(w, node, NULL), c->hint,
			   "<%s> has no <%s>; it is required", xname(node),
			   c->elem->name);
	}
}

/* Text of an element; child elements are reported as unsupported. */
static void check_text_content(struct walk *w, const xmlNode *node,
			       const struct elem_spec *spec)
{
	for (const xmlNode *n = node->children; n; n = n->next)
		if (n->type == XML_ELEMENT_NODE)
			report_unsupported_child(w, node, n, NULL);
	xmlChar *raw = xmlNodeGetContent(node);
	check_text_value(w, node, &spec->text, (const char *)raw);
	xmlFree(raw);
}

static void check_select(struct walk *w, const xmlNode *node,
			 const struct select_spec *sel)
{
	char list[LIST_MAX], show[SHOW_MAX + 4];
	join_variants(sel->variants, list, sizeof(list));
	xmlChar *raw = xmlGetNoNsProp(node, (const xmlChar *)sel->attr);
	if (!raw) {
		stv_report(w->d, STV_R_MISSING_ATTRIBUTE, loc_of(w, node, NULL),
			   sel->hint, "<%s> needs attribute '%s' (supported: %s)",
			   xname(node), sel->attr, list);
		return;
	}
	struct text t = trim((const char *)raw);
	const struct variant *v = sel->variants;
	while (v->value && !text_is(t, v->value))
		v++;
	if (v->value)
		check_element(w, node, v->elem);
	else
		stv_report(w->d, sel->rule, loc_of(w, node, sel->attr), sel->hint,
			   "<%s %s='%s'> is not supported; supported: %s",
			   xname(node), sel->attr, shown(t, show), list);
	xmlFree(raw);
}

static void check_element(struct walk *w, const xmlNode *node,
			  const struct elem_spec *spec)
{
	if (spec->select) {
		check_select(w, node, spec->select);
		return;
	}
	check_attrs(w, node, spec->attrs);
	switch (spec->content) {
	case C_ANY:
		break;
	case C_TEXT:
		check_text_content(w, node, spec);
		break;
	case C_EMPTY:
		check_children(w, node, NULL);
		break;
	case C_ELEMENTS:
		check_children(w, node, spec->children);
		break;
	}
	if (spec->check)
		spec->check(w, node);
}

/* ------------------------------------------------------------------ */
/* Rules across attributes                                             */
/* ------------------------------------------------------------------ */

struct machine_for_arch {
	const char *arch, *machine;
	const char *versioned_prefix;	/* what libvirt's versioned names start with */
};

static const struct machine_for_arch machines[] = {
	{ "x86_64", "q35", "pc-q35-" },
	{ "aarch64", "virt", "virt-" },
	{ NULL, NULL, NULL },
};

static const struct machine_for_arch *arch_entry(struct text arch)
{
	const struct machine_for_arch *m = machines;
	while (m->arch && !text_is(arch, m->arch))
		m++;
	return m->arch ? m : NULL;
}

static const struct machine_for_arch *machine_entry(struct text machine)
{
	const struct machine_for_arch *m = machines;
	while (m->arch && !text_is(machine, m->machine))
		m++;
	return m->arch ? m : NULL;
}

/* pc-q35-8.2 on x86_64, virt-8.2 on aarch64: libvirt's versioned names. */
static const struct machine_for_arch *versioned_entry(struct text machine)
{
	const struct machine_for_arch *m = machines;
	while (m->arch && (machine.n < strlen(m->versioned_prefix) ||
			   memcmp(machine.s, m->versioned_prefix,
				  strlen(m->versioned_prefix)) != 0))
		m++;
	return m->arch ? m : NULL;
}

static void check_machine(struct walk *w, const xmlNode *node,
			  const struct machine_for_arch *want, struct text machine)
{
	char show[SHOW_MAX + 4], hint[64];
	struct stv_loc loc = loc_of(w, node, "machine");
	const struct machine_for_arch *have = machine_entry(machine);
	if (have && (!want || have == want))
		return;
	const struct machine_for_arch *ver = have ? NULL : versioned_entry(machine);
	const struct machine_for_arch *fix = want ? want : ver;
	if (fix)
		snprintf(hint, sizeof(hint), "write machine='%s'", fix->machine);
	if (ver && (!want || ver == want))
		stv_report(w->d, STV_R_ARCH_MACHINE, loc, hint,
			   "<type machine='%s'> is not supported: StratoVirt's "
			   "%s machine is '%s', without a version",
			   shown(machine, show), ver->arch, ver->machine);
	else if (want)
		stv_report(w->d, STV_R_ARCH_MACHINE, loc, hint,
			   "<type machine='%s'> is not supported on %s; "
			   "supported: %s", shown(machine, show), want->arch,
			   want->machine);
	else
		stv_report(w->d, STV_R_ARCH_MACHINE, loc, arch_machine_hint,
			   "<type machine='%s'> is not supported; supported: "
			   "q35 (x86_64), virt (aarch64)", shown(machine, show));
}

/* x86_64 runs machine q35, aarch64 runs virt; nothing else exists. */
static void check_os_type(struct walk *w, const xmlNode *node)
{
	char show[SHOW_MAX + 4];
	xmlChar *arch = xmlGetNoNsProp(node, (const xmlChar *)"arch");
	xmlChar *machine = xmlGetNoNsProp(node, (const xmlChar *)"machine");
	const struct machine_for_arch *want = NULL;
	if (arch) {
		struct text t = trim((const char *)arch);
		want = arch_entry(t);
		if (!want)
			stv_report(w->d, STV_R_ARCH_MACHINE, loc_of(w, node, "arch"),
				   arch_machine_hint, "<type arch='%s'> is not "
				   "supported; supported: x86_64, aarch64",
				   shown(t, show));
	}
	if (machine)
		check_machine(w, node, want, trim((const char *)machine));
	xmlFree(arch);
	xmlFree(machine);
}

/* ------------------------------------------------------------------ */
/* Entry point                                                         */
/* ------------------------------------------------------------------ */

static const xmlNode *first_child(const xmlNode *n, const char *tag)
{
	for (n = n ? n->children : NULL; n; n = n->next)
		if (n->type == XML_ELEMENT_NODE && !n->ns &&
		    strcmp(xname(n), tag) == 0)
			return n;
	return NULL;
}

/* Which features exist depends on <os><type arch>. */
static const char *document_arch(const xmlNode *root)
{
	const xmlNode *type = first_child(first_child(root, "os"), "type");
	xmlChar *arch = type ? xmlGetNoNsProp(type, (const xmlChar *)"arch") : NULL;
	const struct machine_for_arch *m = arch ? arch_entry(trim((const char *)arch)) : NULL;
	xmlFree(arch);
	return m ? m->arch : NULL;
}

size_t stv_check_structure(const struct stv_source *src, xmlDocPtr doc,
			   struct stv_diags *d)
{
	/* Hidden errors count: lowering must never drop what --disable hid. */
	size_t before = d->errors + d->hidden_errors;
	const xmlNode *root = doc ? xmlDocGetRootElement(doc) : NULL;
	if (!root)
		return 0;
	struct walk w = { src, d, NULL };
	if (strcmp(xname(root), domain.name) != 0) {
		stv_report(d, STV_R_UNSUPPORTED_ELEMENT, loc_of(&w, root, NULL),
			   "a domain starts with <domain type='kvm'>",
			   "the root element <%s> is not supported; it must be <domain>",
			   xname(root));
		return d->errors + d->hidden_errors - before;
	}
	if (root->ns) {
		char show[SHOW_MAX + 4];
		stv_report(d, STV_R_UNSUPPORTED_ELEMENT, loc_of(&w, root, NULL),
			   "remove the xmlns declaration from <domain>",
			   "<domain> in namespace '%s' is not supported: domain XML "
			   "has no namespace",
			   shown(trim((const char *)root->ns->href), show));
		return d->errors + d->hidden_errors - before;
	}
	w.arch = document_arch(root);
	check_element(&w, root, &domain);
	return d->errors + d->hidden_errors - before;
}
