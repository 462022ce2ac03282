/*
 * argvcheck [-0] FILE: checks a StratoVirt command line against the rules
 * StratoVirt enforces at start (argv-mapping.md, stratovirt-facts.md), on
 * its own: it reads the argv back with the argv/ reader and knows nothing
 * of the emitter, so a bug shared by emitter and checker is unlikely.
 *
 * FILE holds one argument per line, as `stv-compile --emit=argv` prints it
 * (-0: NUL-separated).  Prints one line per violation,
 * "argv:WORD_INDEX: message" (WORD_INDEX 0 is the emulator path, i.e. line
 * WORD_INDEX+1), in word order.  Exit 0 when clean, 1 on any violation,
 * 2 when FILE cannot be read.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "argv.h"

#define MAX_IOTHREADS 8
#define MAX_ID 255
#define QMP_PATH_MAX 107
#define MAX_SLOT 31
#define MAX_FUNC 7
#define ROOT_BUS "pcie.0"
#define Q35_LPC_SLOT 0x1f
#define MAX_USB_PORTS 15	/* StratoVirt clamps p2= and p3= above */
#define MAX_GPU_OUTPUTS 16
#define MAX_VNC_DISPLAY 59635	/* TCP port 65535 */
/* What stv-compile(1) writes for a VNC display the launcher chooses at start. */
#define VNC_AUTO_DISPLAY "${STV_VNC_DISPLAY}"

/*
 * Accepted keys per option and class, as argv-mapping.md emits them.  Key
 * suffixes: '?' a boolean written true or false (2.5's plain clap bools
 * take nothing else), '~' one written on or off (2.4's balloon takes only
 * those for multifunction, every other device both; -cpu's pmu and sve
 * take nothing else), '!' a bare flag, none a value.
 * A key missing here is what a ',' inside a value turns into.  class NULL:
 * the option has no class; "*": any class (checked elsewhere).
 */
struct keyspec {
	const char *opt;
	const char *class;
	const char *keys;
};

static const struct keyspec keyspecs[] = {
	{ "-machine", "q35", "mem-share~" },
	{ "-machine", "virt", "mem-share~" },
	/* -smp's class is the vCPU count; check_smp reads the numbers */
	{ "-smp", "*", "cpus maxcpus sockets dies clusters cores threads" },
	/* the model is "host" only (2.5 CpuConfig); sve is 2.4+ */
	{ "-cpu", "host", "pmu~ sve~" },
	{ "-m", "*", "" },
	/* every key of every type; check_smbios knows which type takes which */
	{ "-smbios", NULL, "type vendor version date manufacturer product serial sku family uuid "
	  "asset location sock_pfx part max-speed current-speed loc_pfx speed bank" },
	{ "-qmp", "*", "server! nowait!" },
	{ "-object", "iothread", "id" },
	{ "-object", "rng-random", "id filename" },
	{ "-drive", NULL, "id file if unit format readonly? direct? aio throttling.iops-total discard "
	  "detect-zeroes media" },
	{ "-netdev", "tap", "id ifname vhost? queues" },
	{ "-chardev", "pty", "id" },
	{ "-chardev", "file", "id path" },
	{ "-chardev", "socket", "id path server! nowait!" },
	{ "-device", "pcie-root-port", "id port bus addr multifunction~" },
	{ "-device", "virtio-blk-pci",
	  "id drive bus addr multifunction~ iothread serial bootindex num-queues" },
	{ "-device", "virtio-net-pci", "id netdev mac bus addr multifunction~ mq?" },
	{ "-device", "virtio-balloon-pci", "id bus addr multifunction~ deflate-on-oom?" },
	{ "-device", "virtio-serial-pci", "id bus addr multifunction~" },
	{ "-device", "virtconsole", "id chardev nr" },
	{ "-device", "virtserialport", "id chardev nr" },
	{ "-device", "virtio-rng-pci", "id rng max-bytes period bus addr multifunction?" },
	{ "-device", "vhost-vsock-pci", "id guest-cid bus addr multifunction~" },
	/* 2.3/2.4 config/vfio.rs parse_vfio, 2.5 vfio/src/vfio_pci.rs VfioConfig */
	{ "-device", "vfio-pci", "id host bus addr multifunction~" },
	/* no multifunction key on these two in any version */
	{ "-device", "nec-usb-xhci", "id bus addr p2 p3" },
	{ "-device", "virtio-gpu-pci", "id bus addr max_outputs" },
	/* bus= and port= are accepted and ignored: stv writes neither */
	{ "-device", "usb-tablet", "id" },
	{ "-device", "usb-kbd", "id" },
	{ "-device", "ramfb", "id" },
	{ "-vnc", "*", "" },
	{ "-device", "virtio-scsi-pci", "id bus addr multifunction~ iothread num-queues" },
	{ "-device", "scsi-hd", "id bus scsi-id lun drive serial bootindex" },
	{ "-device", "scsi-cd", "id bus scsi-id lun drive serial bootindex" },
	/* 2.4 config/pvpanic_pci.rs, 2.5 devices/src/misc/pvpanic.rs: no multifunction */
	{ "-device", "pvpanic", "id bus addr supported-features" },
	/* -serial is a chardev without its id (config/chardev.rs add_serial) */
	{ "-serial", "pty", "" },
	{ "-serial", "file", "path" },
	{ "-serial", "socket", "path server! nowait!" },
};

/* Keys that take one of a few words (StratoVirt's parsers, 2.3 to 2.5; aio=threads from 2.4). */
struct wordspec {
	const char *opt;
	const char *key;
	const char *words;
};

static const struct wordspec wordspecs[] = {
	{ "-drive", "format", "raw qcow2" },
	{ "-drive", "aio", "off native io_uring threads" },
	{ "-drive", "discard", "unmap ignore" },
	{ "-drive", "detect-zeroes", "off on unmap" },
	{ "-drive", "media", "disk cdrom" },
};

/* Backends: each is used by exactly one device through REF=ID. */
struct backend {
	const char *opt;
	const char *class;	/* NULL: any */
	const char *ref;	/* the device key naming it */
};

static const struct backend backends[] = {
	{ "-drive", NULL, "drive" },
	{ "-netdev", NULL, "netdev" },
	{ "-chardev", NULL, "chardev" },
	{ "-object", "rng-random", "rng" },
};

/* Devices a VM has at most one of (StratoVirt refuses a second). */
static const char *const singletons[] = {
	"virtio-balloon-pci", "virtio-serial-pci", "virtconsole", "virtio-rng-pci",
	"vhost-vsock-pci",
};

/* Devices that sit on the virtio-serial bus, not on PCI. */
static const char *const serial_ports[] = { "virtconsole", "virtserialport" };

/* Devices that sit on the first xHCI, not on PCI. */
static const char *const usb_devices[] = { "usb-tablet", "usb-kbd" };

/*
 * PCI devices with no multifunction key, realized single-function: no
 * other function of their slot can be used when they are function 0.
 */
static const char *const single_function[] = { "nec-usb-xhci", "virtio-gpu-pci", "pvpanic" };

/* Devices that sit on a virtio-scsi controller's bus ID.0, not on PCI. */
static const char *const scsi_devices[] = { "scsi-hd", "scsi-cd" };

/* StratoVirt's scsi-id and lun are 0 to 255 (devices/src/scsi/disk.rs). */
#define MAX_SCSI_ID 255
#define MAX_LUN 255

struct finding {
	size_t word;
	size_t seq;
	char *msg;
};

/* A PCI function in use, in command-line order. */
struct pcifn {
	const char *bus;
	unsigned slot, fn;
	const struct stv_opt *dev;
	int reported;		/* the slot's multifunction problem was reported */
};

struct checker {
	const struct stv_cmdline *cl;
	struct finding *f;
	size_t nf, cap;
	int oom;
	int pci;		/* q35 or virt: devices need bus and addr */
	int q35;
	struct pcifn *fns;
	size_t nfns;
	const char **buses;	/* root ports seen so far */
	size_t nbuses;
};

static void violation(struct checker *c, size_t word, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void violation(struct checker *c, size_t word, const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	if (c->nf == c->cap) {
		size_t cap = c->cap ? 2 * c->cap : 16;
		struct finding *f = realloc(c->f, cap * sizeof *f);

		if (!f) {
			c->oom = 1;
			return;
		}
		c->f = f;
		c->cap = cap;
	}
	c->f[c->nf].msg = strdup(buf);
	if (!c->f[c->nf].msg) {
		c->oom = 1;
		return;
	}
	c->f[c->nf].word = word;
	c->f[c->nf].seq = c->nf;
	c->nf++;
}

static int str_eq(const char *a, const char *b)
{
	return a && b && strcmp(a, b) == 0;
}

static const char *cls(const struct stv_opt *o)
{
	return o->class ? o->class : "";
}

/* "-device virtio-blk-pci", "-drive": for "%s%s%s" */
#define LABEL "%s%s%s"
#define LABEL_ARGS(o) (o)->name, (o)->class ? " " : "", cls(o)

static const char *dev_id(const struct stv_opt *o)
{
	const char *id = stv_opt_prop(o, "id");

	return id ? id : "";
}

/* ---- keys ---- */

/* Finds KEY in a keyspec list; *type is '=', '?', '~' or '!'. */
static int spec_key(const char *keys, const char *key, char *type)
{
	size_t klen = strlen(key);

	while (*keys) {
		size_t n = strcspn(keys, " ");
		size_t base = n;
		char t = '=';

		if (n && (keys[n - 1] == '?' || keys[n - 1] == '!' || keys[n - 1] == '~')) {
			t = keys[n - 1];
			base = n - 1;
		}
		if (base == klen && memcmp(keys, key, klen) == 0) {
			*type = t;
			return 1;
		}
		keys += n;
		keys += strspn(keys, " ");
	}
	return 0;
}

static const struct keyspec *find_spec(const struct stv_opt *o, int *known_opt)
{
	*known_opt = 0;
	for (size_t i = 0; i < sizeof keyspecs / sizeof keyspecs[0]; i++) {
		const struct keyspec *k = &keyspecs[i];

		if (strcmp(k->opt, o->name) != 0)
			continue;
		*known_opt = 1;
		if (k->class ? (str_eq(k->class, "*") ? o->class != NULL : str_eq(k->class, o->class))
			     : o->class == NULL)
			return k;
	}
	return NULL;
}

static void check_prop(struct checker *c, const struct stv_opt *o, const struct stv_prop *p,
		       const struct keyspec *k)
{
	char type;

	if (!spec_key(k->keys, p->key, &type)) {
		violation(c, o->value_word, LABEL " does not accept key '%s' (a ',' inside a value "
			  "splits it into keys)", LABEL_ARGS(o), p->key);
		return;
	}
	if (type == '!' && p->value)
		violation(c, o->value_word, LABEL ": '%s' is a bare flag, not '%s=%s'",
			  LABEL_ARGS(o), p->key, p->key, p->value);
	if (type != '!' && !p->value)
		violation(c, o->value_word, LABEL ": '%s' needs a value", LABEL_ARGS(o), p->key);
	if (type == '?' && p->value && !str_eq(p->value, "true") && !str_eq(p->value, "false"))
		violation(c, o->value_word, LABEL ": %s=%s; write booleans as true or false",
			  LABEL_ARGS(o), p->key, p->value);
	if (type == '~' && p->value && !str_eq(p->value, "on") && !str_eq(p->value, "off"))
		violation(c, o->value_word, LABEL ": %s=%s; write it as on or off (all that StratoVirt "
			  "2.3 to 2.5 take there)", LABEL_ARGS(o), p->key, p->value);
	if (p->value && strchr(p->value, '='))
		violation(c, o->value_word, LABEL ": value of '%s' contains '=' (StratoVirt splits "
			  "values on '=')", LABEL_ARGS(o), p->key);
	if (str_eq(p->key, "id") && p->value && strlen(p->value) > MAX_ID)
		violation(c, o->value_word, LABEL ": id is longer than %d bytes", LABEL_ARGS(o),
			  MAX_ID);
}

/* A space-separated list holds word W. */
static int has_word(const char *list, const char *w)
{
	size_t n = strlen(w);

	while (*list) {
		size_t len = strcspn(list, " ");

		if (len == n && memcmp(list, w, n) == 0)
			return 1;
		list += len;
		list += strspn(list, " ");
	}
	return 0;
}

static void check_words(struct checker *c, const struct stv_opt *o, const struct stv_prop *p)
{
	for (size_t i = 0; i < sizeof wordspecs / sizeof wordspecs[0]; i++) {
		const struct wordspec *w = &wordspecs[i];

		if (strcmp(w->opt, o->name) == 0 && strcmp(w->key, p->key) == 0 && p->value &&
		    !has_word(w->words, p->value))
			violation(c, o->value_word, LABEL ": %s=%s is not one of %s", LABEL_ARGS(o),
				  p->key, p->value, w->words);
	}
}

static void check_keys(struct checker *c)
{
	for (size_t i = 0; i < c->cl->nopts; i++) {
		const struct stv_opt *o = &c->cl->opts[i];
		int known_opt;
		const struct keyspec *k = find_spec(o, &known_opt);

		if (!k && known_opt && o->class)
			violation(c, o->value_word, "%s: unknown class '%s'", o->name, o->class);
		else if (!k && known_opt)
			violation(c, o->value_word, "%s: missing class before the first key", o->name);
		for (size_t j = 0; k && j < o->nprops; j++) {
			check_prop(c, o, &o->props[j], k);
			check_words(c, o, &o->props[j]);
		}
	}
}

/* ---- machine, qmp, iothreads ---- */

static void check_machine(struct checker *c)
{
	const struct stv_opt *m = stv_cmdline_next(c->cl, "-machine", NULL);

	if (!m) {
		violation(c, 0, "no -machine: StratoVirt would start a microvm");
		return;
	}
	c->q35 = str_eq(m->class, "q35");
	c->pci = c->q35 || str_eq(m->class, "virt");
}

static void check_qmp(struct checker *c)
{
	size_t n = stv_cmdline_count(c->cl, "-qmp");
	const struct stv_opt *q = stv_cmdline_next(c->cl, "-qmp", NULL);
	const char *path;

	if (n != 1) {
		violation(c, q ? q->word : 0, "-qmp is given %zu times; StratoVirt needs exactly one",
			  n);
		if (!q)
			return;
	}
	if (!q->class || strncmp(q->class, "unix:", 5) != 0 || !q->class[5]) {
		violation(c, q->value_word, "-qmp must be unix:PATH,server,nowait, not '%s'",
			  q->value);
		return;
	}
	path = q->class + 5;
	if (strlen(path) > QMP_PATH_MAX)
		violation(c, q->value_word, "-qmp socket path is %zu bytes; at most %d fit a unix "
			  "socket", strlen(path), QMP_PATH_MAX);
	if (!stv_opt_flag(q, "server") || !stv_opt_flag(q, "nowait"))
		violation(c, q->value_word, "-qmp needs the flags server and nowait");
}

/* A decimal number from lo to hi, or -1. */
static long number_in(const char *v, long lo, long hi)
{
	char *end;
	long n;

	if (!v || !*v || strspn(v, "0123456789") != strlen(v))
		return -1;
	errno = 0;
	n = strtol(v, &end, 10);
	return errno || n < lo || n > hi ? -1 : n;
}

/*
 * -vnc IPV4:DISPLAY: an address as Rust's Ipv4Addr parses it (inet_pton's
 * rules: four decimal octets, no leading zero; no host name, no IPv6) and
 * a display from 0 to 59635, or the placeholder of a display chosen at
 * start.
 */
static void check_vnc(struct checker *c)
{
	const struct stv_opt *v = stv_cmdline_next(c->cl, "-vnc", NULL);
	const char *colon;
	char ip[64];
	struct in_addr addr;

	if (!v)
		return;
	colon = v->class ? strchr(v->class, ':') : NULL;
	if (!colon || strchr(colon + 1, ':') || (size_t)(colon - v->class) >= sizeof ip) {
		violation(c, v->value_word, "-vnc must be IPV4:DISPLAY, not '%s'", v->value);
		return;
	}
	memcpy(ip, v->class, (size_t)(colon - v->class));
	ip[colon - v->class] = '\0';
	if (inet_pton(AF_INET, ip, &addr) != 1)
		violation(c, v->value_word, "-vnc address '%s' is not an IPv4 address "
			  "(StratoVirt takes no host name and no IPv6)", ip);
	if (!str_eq(colon + 1, VNC_AUTO_DISPLAY) && number_in(colon + 1, 0, MAX_VNC_DISPLAY) < 0)
		violation(c, v->value_word, "-vnc display '%s' is not a number from 0 to %d "
			  "(the TCP port is 5900 + display)", colon + 1, MAX_VNC_DISPLAY);
}

static const struct stv_opt *find_iothread(const struct checker *c, const char *id,
					   const struct stv_opt *end)
{
	for (const struct stv_opt *o = stv_cmdline_next(c->cl, "-object", NULL); o && o != end;
	     o = stv_cmdline_next(c->cl, "-object", o))
		if (str_eq(o->class, "iothread") && str_eq(stv_opt_prop(o, "id"), id))
			return o;
	return NULL;
}

static void check_iothreads(struct checker *c)
{
	size_t n = 0;

	for (const struct stv_opt *o = stv_cmdline_next(c->cl, "-object", NULL); o;
	     o = stv_cmdline_next(c->cl, "-object", o)) {
		const char *id = stv_opt_prop(o, "id");
		const struct stv_opt *first;

		if (!str_eq(o->class, "iothread"))
			continue;
		if (++n == MAX_IOTHREADS + 1)
			violation(c, o->value_word, "more than %d iothread objects",
				  MAX_IOTHREADS);
		first = id ? find_iothread(c, id, o) : NULL;
		if (!id || !*id)
			violation(c, o->value_word, "-object iothread has no id");
		else if (first)
			violation(c, o->value_word, "iothread id '%s' is already used at word %zu",
				  id, first->value_word);
	}
}

/* ---- -smp ---- */

/* A count 1..254, StratoVirt's vCPU limit; 0 when absent, -1 when not one. */
static long smp_count(const char *v)
{
	char *end;
	long n;

	if (!v)
		return 0;
	if (!*v || *v < '0' || *v > '9')
		return -1;
	n = strtol(v, &end, 10);
	return *end || n < 1 || n > 254 ? -1 : n;
}

/*
 * StratoVirt's -smp rule (machine_config.rs adjust_topology at 2.3 and 2.4,
 * SmpConfig::auto_adjust_topology at 2.5): missing counts are derived,
 * cores first, then sockets, then threads; maxcpus defaults to the
 * product, or to cpus; cpus <= maxcpus <= 254, and the product must equal
 * maxcpus.  A 0 is refused here: 2.3 and 2.4 refuse it.
 */
static void check_smp(struct checker *c)
{
	static const char *const keys[] = { "sockets", "dies", "clusters", "cores", "threads", "maxcpus" };
	const struct stv_opt *o = stv_cmdline_next(c->cl, "-smp", NULL);
	long v[6], cpus;

	if (!o)
		return;
	cpus = smp_count(o->class);
	if (cpus <= 0) {
		violation(c, o->value_word, "-smp %s: the vCPU count is 1 to 254", cls(o));
		return;
	}
	for (size_t i = 0; i < 6; i++) {
		v[i] = smp_count(stv_opt_prop(o, keys[i]));
		if (v[i] < 0) {
			violation(c, o->value_word, "-smp: %s=%s is not a count from 1 to 254", keys[i],
				  stv_opt_prop(o, keys[i]));
			return;
		}
	}
	long sockets = v[0], dies = v[1] ? v[1] : 1, clusters = v[2] ? v[2] : 1;
	long cores = v[3], threads = v[4], max = v[5];
	if (!max)
		max = sockets && cores && threads ? sockets * dies * clusters * cores * threads : cpus;
	if (!cores) {
		sockets = sockets ? sockets : 1;
		threads = threads ? threads : 1;
		cores = max / (sockets * dies * clusters * threads);
	} else if (!sockets) {
		threads = threads ? threads : 1;
		sockets = max / (dies * clusters * cores * threads);
	}
	if (!threads)
		threads = max / (sockets * dies * clusters * cores);
	if (max < cpus || max > 254)
		violation(c, o->value_word, "-smp: maxcpus %ld is not between the vCPU count %ld and 254",
			  max, cpus);
	else if (sockets * dies * clusters * cores * threads != max)
		violation(c, o->value_word, "-smp: sockets * dies * clusters * cores * threads is "
			  "%ld x %ld x %ld x %ld x %ld, not maxcpus %ld", sockets, dies, clusters, cores,
			  threads, max);
}

/* ---- -smbios ---- */

/*
 * machine_manager/src/config/smbios.rs (2.3 to 2.5): the keys of each
 * type, each type at most once ("smbios typeN has been added").  Types 4
 * and 17 as 2.3 and 2.4 spell them (2.5 takes these spellings too).
 */
static const struct {
	const char *type;
	const char *keys;
} smbios_types[] = {
	{ "0", "type vendor version date" },
	{ "1", "type manufacturer product version serial sku family uuid" },
	{ "2", "type manufacturer product version serial asset location" },
	{ "3", "type manufacturer version serial sku asset" },
	{ "4", "type manufacturer version serial asset sock_pfx part max-speed current-speed" },
	{ "17", "type manufacturer serial asset loc_pfx part speed bank" },
};

/* 36 characters, hex digits with '-' at 8, 13, 18 and 23 (check_valid_uuid). */
static int smbios_uuid_ok(const char *u)
{
	if (strlen(u) != 36)
		return 0;
	for (size_t i = 0; i < 36; i++)
		if ((i == 8 || i == 13 || i == 18 || i == 23) ? u[i] != '-'
							      : !strchr("0123456789abcdefABCDEF", u[i]))
			return 0;
	return 1;
}

static void check_smbios_one(struct checker *c, const struct stv_opt *o, int *seen)
{
	const char *type = stv_opt_prop(o, "type");
	size_t t = 0;
	char kind;

	while (t < sizeof smbios_types / sizeof smbios_types[0] && !str_eq(type, smbios_types[t].type))
		t++;
	if (t == sizeof smbios_types / sizeof smbios_types[0]) {
		violation(c, o->value_word, "-smbios: type=%s is not one StratoVirt has (0, 1, 2, 3, 4, 17)",
			  type ? type : "");
		return;
	}
	if (seen[t]++)
		violation(c, o->value_word, "-smbios type=%s is given twice; StratoVirt takes each type once",
			  type);
	for (size_t i = 0; i < o->nprops; i++)
		if (!spec_key(smbios_types[t].keys, o->props[i].key, &kind))
			violation(c, o->value_word, "-smbios type=%s does not take key '%s'", type,
				  o->props[i].key);
	const char *uuid = stv_opt_prop(o, "uuid");
	if (uuid && !smbios_uuid_ok(uuid))
		violation(c, o->value_word, "-smbios: uuid=%s is not 8-4-4-4-12 hexadecimal digits", uuid);
}

static void check_smbios(struct checker *c)
{
	int seen[sizeof smbios_types / sizeof smbios_types[0]] = { 0 };

	for (const struct stv_opt *o = stv_cmdline_next(c->cl, "-smbios", NULL); o;
	     o = stv_cmdline_next(c->cl, "-smbios", o))
		check_smbios_one(c, o, seen);
}

/* ---- the serial port ---- */

/*
 * -serial chardev:ID fails in every version (-serial is read before
 * -chardev); a socket behind a serial or console port must listen, with
 * both flags (chardev realize, 2.3 to 2.5).
 */
static void check_serial(struct checker *c)
{
	const struct stv_opt *o = stv_cmdline_next(c->cl, "-serial", NULL);

	if (!o)
		return;
	if (o->class && strncmp(o->class, "chardev:", 8) == 0)
		violation(c, o->value_word, "-serial %s never works: StratoVirt reads -serial before "
			  "any -chardev; write -serial pty, file,path=P or socket,path=P,server,nowait",
			  o->class);
	if (str_eq(o->class, "file") && !stv_opt_prop(o, "path"))
		violation(c, o->value_word, "-serial file needs path=");
	if (str_eq(o->class, "socket") &&
	    (!stv_opt_prop(o, "path") || !stv_opt_flag(o, "server") || !stv_opt_flag(o, "nowait")))
		violation(c, o->value_word, "-serial socket needs path= and the flags server and "
			  "nowait: StratoVirt only listens on a serial port's socket");
}

/* ---- backends ---- */

static int is_backend(const struct backend *b, const struct stv_opt *o)
{
	const char *iface;

	if (strcmp(o->name, b->opt) != 0 || (b->class && !str_eq(o->class, b->class)))
		return 0;
	iface = stv_opt_prop(o, "if");
	/* pflash drives belong to the firmware, not to a device */
	return !(str_eq(b->opt, "-drive") && iface && !str_eq(iface, "none"));
}

/* The first backend of kind B with id ID before index END, or NULL. */
static const struct stv_opt *find_backend(const struct checker *c, const struct backend *b,
					  const char *id, size_t end)
{
	for (size_t i = 0; i < end; i++) {
		const struct stv_opt *o = &c->cl->opts[i];

		if (is_backend(b, o) && str_eq(stv_opt_prop(o, "id"), id))
			return o;
	}
	return NULL;
}

static size_t count_users(const struct checker *c, const struct backend *b, const char *id)
{
	size_t n = 0;

	for (const struct stv_opt *d = stv_cmdline_next(c->cl, "-device", NULL); d;
	     d = stv_cmdline_next(c->cl, "-device", d))
		n += str_eq(stv_opt_prop(d, b->ref), id);
	return n;
}

static void check_backend_kind(struct checker *c, const struct backend *b)
{
	for (size_t i = 0; i < c->cl->nopts; i++) {
		const struct stv_opt *o = &c->cl->opts[i];
		const char *id = stv_opt_prop(o, "id");
		const struct stv_opt *first;
		size_t users;

		if (!is_backend(b, o))
			continue;
		if (!id || !*id) {
			violation(c, o->value_word, LABEL " has no id", LABEL_ARGS(o));
			continue;
		}
		first = find_backend(c, b, id, i);
		if (first) {
			violation(c, o->value_word, "%s id '%s' is already used at word %zu",
				  o->name, id, first->value_word);
			continue;
		}
		users = count_users(c, b, id);
		if (users != 1)
			violation(c, o->value_word, "%s '%s' is used by %zu devices (%s=%s); "
				  "each must serve exactly one", o->name, id, users, b->ref, id);
	}
	for (const struct stv_opt *d = stv_cmdline_next(c->cl, "-device", NULL); d;
	     d = stv_cmdline_next(c->cl, "-device", d)) {
		const char *ref = stv_opt_prop(d, b->ref);

		if (ref && !find_backend(c, b, ref, c->cl->nopts))
			violation(c, d->value_word, "-device %s: %s=%s names no %s", cls(d),
				  b->ref, ref, b->opt);
	}
}

/*
 * aio and direct (drive.rs DriveConfig::check, 2.3 to 2.5): native AIO
 * needs O_DIRECT, and O_DIRECT refuses aio=off; without aio StratoVirt
 * takes native with direct on (the default) and off with direct off.
 */
static void check_drive_aio(struct checker *c)
{
	for (const struct stv_opt *o = stv_cmdline_next(c->cl, "-drive", NULL); o;
	     o = stv_cmdline_next(c->cl, "-drive", o)) {
		const char *aio = stv_opt_prop(o, "aio"), *iface = stv_opt_prop(o, "if");
		int direct = !str_eq(stv_opt_prop(o, "direct"), "false");

		if (iface && !str_eq(iface, "none"))
			continue;
		if (str_eq(aio, "native") && !direct)
			violation(c, o->value_word, "-drive: aio=native needs direct=true (native "
				  "AIO uses O_DIRECT)");
		if (str_eq(aio, "off") && direct)
			violation(c, o->value_word, "-drive: aio=off with direct on; StratoVirt "
				  "refuses synchronous I/O on O_DIRECT (write direct=false)");
	}
}

static void check_backends(struct checker *c)
{
	for (size_t i = 0; i < sizeof backends / sizeof backends[0]; i++)
		check_backend_kind(c, &backends[i]);
	for (const struct stv_opt *d = stv_cmdline_next(c->cl, "-device", NULL); d;
	     d = stv_cmdline_next(c->cl, "-device", d)) {
		const char *iot = stv_opt_prop(d, "iothread");

		if (iot && !find_iothread(c, iot, NULL))
			violation(c, d->value_word, "-device %s: iothread=%s names no -object "
				  "iothread", cls(d), iot);
	}
}

/* ---- devices and PCI ---- */

static int in_list(const char *class, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (str_eq(class, list[i]))
			return 1;
	return 0;
}

#define IN(class, list) in_list((class), (list), sizeof (list) / sizeof (list)[0])

static int is_serial_port(const struct stv_opt *d)
{
	return IN(d->class, serial_ports);
}

static int is_scsi_device(const struct stv_opt *d)
{
	return IN(d->class, scsi_devices);
}

/* "0xS" or "0xS.0xF", hex digits only: what argv-mapping.md writes. */
static int parse_hex(const char **s, unsigned *out)
{
	const char *p = *s;
	unsigned long v = 0;
	int digits = 0;

	if (p[0] != '0' || (p[1] != 'x' && p[1] != 'X'))
		return -1;
	for (p += 2; *p && strchr("0123456789abcdefABCDEF", *p); p++, digits++) {
		int d = *p <= '9' ? *p - '0' : (*p | 0x20) - 'a' + 10;

		if (v > 0xffff)
			return -1;
		v = v * 16 + (unsigned long)d;
	}
	if (!digits)
		return -1;
	*s = p;
	*out = (unsigned)v;
	return 0;
}

static int parse_addr(const char *a, unsigned *slot, unsigned *fn)
{
	*fn = 0;
	if (parse_hex(&a, slot) < 0)
		return -1;
	if (*a == '.') {
		a++;
		if (parse_hex(&a, fn) < 0)
			return -1;
	}
	return *a ? -1 : 0;
}

static int bus_known(const struct checker *c, const char *bus)
{
	if (str_eq(bus, ROOT_BUS))
		return 1;
	for (size_t i = 0; i < c->nbuses; i++)
		if (str_eq(c->buses[i], bus))
			return 1;
	return 0;
}

static struct pcifn *find_fn(struct checker *c, const char *bus, unsigned slot, unsigned fn)
{
	for (size_t i = 0; i < c->nfns; i++)
		if (str_eq(c->fns[i].bus, bus) && c->fns[i].slot == slot && c->fns[i].fn == fn)
			return &c->fns[i];
	return NULL;
}

/* Function 0 first, with multifunction on once another function is used. */
static void check_function(struct checker *c, const struct stv_opt *d, const char *bus,
			   unsigned slot, unsigned fn)
{
	struct pcifn *f0;

	if (fn == 0)
		return;
	f0 = find_fn(c, bus, slot, 0);
	if (!f0) {
		violation(c, d->value_word, "-device %s '%s' at %s 0x%x.0x%x comes before "
			  "function 0 of that slot", cls(d), dev_id(d), bus, slot, fn);
		return;
	}
	const char *mf = stv_opt_prop(f0->dev, "multifunction");
	if (!f0->reported && IN(f0->dev->class, single_function)) {
		f0->reported = 1;
		violation(c, f0->dev->value_word, "-device %s '%s' at %s 0x%x is single-function "
			  "(it has no multifunction key): function 0x%x of its slot cannot be used",
			  cls(f0->dev), dev_id(f0->dev), bus, slot, fn);
	} else if (!f0->reported && !str_eq(mf, "on") && !str_eq(mf, "true")) {
		f0->reported = 1;
		violation(c, f0->dev->value_word, "-device %s '%s' at %s 0x%x needs "
			  "multifunction=on: function 0x%x of the slot is used", cls(f0->dev),
			  dev_id(f0->dev), bus, slot, fn);
	}
}

static int add_fn(struct checker *c, const struct stv_opt *d, const char *bus, unsigned slot,
		  unsigned fn)
{
	struct pcifn *v = realloc(c->fns, (c->nfns + 1) * sizeof *v);

	if (!v) {
		c->oom = 1;
		return -1;
	}
	c->fns = v;
	c->fns[c->nfns++] = (struct pcifn){ bus, slot, fn, d, 0 };
	return 0;
}

static void check_slot(struct checker *c, const struct stv_opt *d, const char *bus,
		       unsigned slot, unsigned fn)
{
	const struct pcifn *other;

	if (slot > MAX_SLOT || fn > MAX_FUNC) {
		violation(c, d->value_word, "-device %s '%s': addr=%s is out of range (slot 0 to "
			  "0x1f, function 0 to 7)", cls(d), dev_id(d), stv_opt_prop(d, "addr"));
		return;
	}
	if (!str_eq(bus, ROOT_BUS) && slot != 0)
		violation(c, d->value_word, "-device %s '%s' is behind root port %s at slot 0x%x; "
			  "a root port has only slot 0", cls(d), dev_id(d), bus, slot);
	if (str_eq(bus, ROOT_BUS) && slot == 0)
		violation(c, d->value_word, "-device %s '%s' at pcie.0 slot 0: the host bridge "
			  "is there", cls(d), dev_id(d));
	if (str_eq(bus, ROOT_BUS) && slot == Q35_LPC_SLOT && c->q35)
		violation(c, d->value_word, "-device %s '%s' at pcie.0 slot 0x1f: the ICH9 LPC "
			  "bridge is there on q35", cls(d), dev_id(d));
	other = find_fn(c, bus, slot, fn);
	if (other) {
		violation(c, d->value_word, "-device %s '%s' at %s 0x%x.0x%x: '%s' (word %zu) is "
			  "there already", cls(d), dev_id(d), bus, slot, fn, dev_id(other->dev),
			  other->dev->value_word);
		return;
	}
	check_function(c, d, bus, slot, fn);
	add_fn(c, d, bus, slot, fn);
}

static void check_pci(struct checker *c, const struct stv_opt *d)
{
	const char *bus = stv_opt_prop(d, "bus");
	const char *addr = stv_opt_prop(d, "addr");
	unsigned slot, fn;

	if (!bus || !bus_known(c, bus)) {
		violation(c, d->value_word, "-device %s '%s': bus=%s is neither pcie.0 nor a "
			  "pcie-root-port defined earlier", cls(d), dev_id(d), bus ? bus : "");
		return;
	}
	if (!addr || parse_addr(addr, &slot, &fn) < 0) {
		violation(c, d->value_word, "-device %s '%s': addr=%s is not 0xSLOT or "
			  "0xSLOT.0xFUNCTION", cls(d), dev_id(d), addr ? addr : "");
		return;
	}
	check_slot(c, d, bus, slot, fn);
}

static void add_bus(struct checker *c, const char *id)
{
	const char **v = realloc(c->buses, (c->nbuses + 1) * sizeof *v);

	if (!v) {
		c->oom = 1;
		return;
	}
	c->buses = v;
	c->buses[c->nbuses++] = id;
}

/* The id is unique among devices: report a repeat against the first one. */
static void check_id(struct checker *c, const struct stv_opt *d)
{
	const char *id = stv_opt_prop(d, "id");

	if (!id || !*id) {
		violation(c, d->value_word, "-device %s has no id", cls(d));
		return;
	}
	for (const struct stv_opt *e = stv_cmdline_next(c->cl, "-device", NULL); e && e != d;
	     e = stv_cmdline_next(c->cl, "-device", e))
		if (str_eq(stv_opt_prop(e, "id"), id)) {
			violation(c, d->value_word, "-device id '%s' is already used at word %zu",
				  id, e->value_word);
			return;
		}
}

static void check_singletons(struct checker *c)
{
	for (size_t i = 0; i < sizeof singletons / sizeof singletons[0]; i++) {
		size_t n = 0;

		for (const struct stv_opt *d = stv_cmdline_next(c->cl, "-device", NULL); d;
		     d = stv_cmdline_next(c->cl, "-device", d))
			if (str_eq(d->class, singletons[i]) && ++n == 2)
				violation(c, d->value_word, "a second -device %s; a VM has at "
					  "most one", singletons[i]);
	}
}

/* port=: a number (0xN or decimal) below 256, one per root port. */
static long port_of(const struct stv_opt *d)
{
	const char *p = stv_opt_prop(d, "port");
	char *end;
	long v;

	if (!p || !*p)
		return -1;
	v = strtol(p, &end, p[0] == '0' && (p[1] == 'x' || p[1] == 'X') ? 16 : 10);
	return *end || v < 0 || v > 255 ? -1 : v;
}

static void check_root_port(struct checker *c, const struct stv_opt *d)
{
	long port = port_of(d);

	if (port < 0) {
		violation(c, d->value_word, "-device pcie-root-port '%s': port=%s is not a number "
			  "from 0 to 0xff", dev_id(d), stv_opt_prop(d, "port") ?
			  stv_opt_prop(d, "port") : "");
		return;
	}
	for (const struct stv_opt *e = stv_cmdline_next(c->cl, "-device", NULL); e && e != d;
	     e = stv_cmdline_next(c->cl, "-device", e))
		if (str_eq(e->class, "pcie-root-port") && port_of(e) == port) {
			violation(c, d->value_word, "-device pcie-root-port '%s': port 0x%lx is "
				  "also the port of '%s'", dev_id(d), port, dev_id(e));
			return;
		}
}

/*
 * host= of vfio-pci: StratoVirt opens /sys/bus/pci/devices/HOST, whose
 * names are DDDD:BB:SS.F in lower-case hexadecimal (slot at most 0x1f,
 * function at most 7); nothing else names a function there.
 */
static int sysfs_pci_name(const char *h)
{
	static const char form[] = "xxxx:xx:xx.x";

	if (!h || strlen(h) != sizeof form - 1)
		return 0;
	for (size_t i = 0; form[i]; i++)
		if (form[i] == 'x' ? !strchr("0123456789abcdef", h[i]) : h[i] != form[i])
			return 0;
	return (h[8] == '0' || h[8] == '1') && h[11] <= '7';
}

static void check_vfio(struct checker *c, const struct stv_opt *d)
{
	const char *host = stv_opt_prop(d, "host");

	if (!host) {
		violation(c, d->value_word, "-device vfio-pci '%s' has no host=", dev_id(d));
		return;
	}
	if (!sysfs_pci_name(host)) {
		violation(c, d->value_word, "-device vfio-pci '%s': host=%s is not a host PCI function "
			  "as sysfs names it, DDDD:BB:SS.F in lower case", dev_id(d), host);
		return;
	}
	for (const struct stv_opt *e = stv_cmdline_next(c->cl, "-device", NULL); e && e != d;
	     e = stv_cmdline_next(c->cl, "-device", e))
		if (str_eq(e->class, "vfio-pci") && str_eq(stv_opt_prop(e, "host"), host)) {
			violation(c, d->value_word, "-device vfio-pci '%s': host %s is already "
				  "passed through by '%s'", dev_id(d), host, dev_id(e));
			return;
		}
}

/* A decimal number 0..MAX, or -1. */
static long small_number(const char *v, long max)
{
	char *end;
	long n;

	if (!v || !*v || !strchr("0123456789", *v))
		return -1;
	n = strtol(v, &end, 10);
	return *end || n > max ? -1 : n;
}

/* The virtio-scsi-pci before d whose bus ID.0 d names, or NULL. */
static const struct stv_opt *scsi_controller(const struct checker *c, const struct stv_opt *d)
{
	const char *bus = stv_opt_prop(d, "bus");
	size_t n = bus ? strlen(bus) : 0;

	if (n < 3 || strcmp(bus + n - 2, ".0") != 0)
		return NULL;
	for (const struct stv_opt *e = stv_cmdline_next(c->cl, "-device", NULL); e && e != d;
	     e = stv_cmdline_next(c->cl, "-device", e)) {
		const char *id = stv_opt_prop(e, "id");

		if (str_eq(e->class, "virtio-scsi-pci") && id && strlen(id) == n - 2 &&
		    strncmp(id, bus, n - 2) == 0)
			return e;
	}
	return NULL;
}

/*
 * scsi-hd and scsi-cd (2.3 and 2.4 scsi.rs parse_scsi_device, 2.5
 * devices/src/scsi/disk.rs ScsiDevConfig): bus=CONTROLLER.0 of a
 * virtio-scsi-pci realized before it, scsi-id and lun (2.5 requires both)
 * 0 to 255 and unique per controller, and a drive.
 */
static void check_scsi_device(struct checker *c, const struct stv_opt *d)
{
	const char *bus = stv_opt_prop(d, "bus");
	long id = small_number(stv_opt_prop(d, "scsi-id"), MAX_SCSI_ID);
	long lun = small_number(stv_opt_prop(d, "lun"), MAX_LUN);

	if (!scsi_controller(c, d))
		violation(c, d->value_word, "-device %s '%s': bus=%s is not ID.0 of a "
			  "virtio-scsi-pci defined earlier", cls(d), dev_id(d), bus ? bus : "");
	if (id < 0 || lun < 0) {
		violation(c, d->value_word, "-device %s '%s' needs scsi-id and lun, each 0 to "
			  "255 (StratoVirt 2.5 requires both)", cls(d), dev_id(d));
		return;
	}
	if (!stv_opt_prop(d, "drive"))
		violation(c, d->value_word, "-device %s '%s' has no drive", cls(d), dev_id(d));
	for (const struct stv_opt *e = stv_cmdline_next(c->cl, "-device", NULL); e && e != d;
	     e = stv_cmdline_next(c->cl, "-device", e))
		if (is_scsi_device(e) && str_eq(stv_opt_prop(e, "bus"), bus) &&
		    small_number(stv_opt_prop(e, "scsi-id"), MAX_SCSI_ID) == id &&
		    small_number(stv_opt_prop(e, "lun"), MAX_LUN) == lun) {
			violation(c, d->value_word, "-device %s '%s': scsi-id=%ld lun=%ld on %s is "
				  "also '%s' (word %zu)", cls(d), dev_id(d), id, lun, bus, dev_id(e),
				  e->value_word);
			return;
		}
}

static void check_range(struct checker *c, const struct stv_opt *d, const char *key, long lo,
			long hi)
{
	const char *v = stv_opt_prop(d, key);

	if (v && number_in(v, lo, hi) < 0)
		violation(c, d->value_word, "-device %s '%s': %s=%s is not a number from %ld to %ld",
			  cls(d), dev_id(d), key, v, lo, hi);
}

/* ramfb hands its framebuffer to UEFI through fw_cfg: aarch64 virt with pflash only. */
static void check_ramfb(struct checker *c, const struct stv_opt *d)
{
	int pflash = 0;

	for (const struct stv_opt *o = stv_cmdline_next(c->cl, "-drive", NULL); o;
	     o = stv_cmdline_next(c->cl, "-drive", o))
		pflash |= str_eq(stv_opt_prop(o, "if"), "pflash");
	if (c->q35 || !c->pci)
		violation(c, d->value_word, "-device ramfb exists on -machine virt (aarch64) only");
	else if (!pflash)
		violation(c, d->value_word, "-device ramfb needs a pflash drive: the virt machine "
			  "creates fw_cfg only with UEFI");
}

/* A second keyboard or tablet takes the input from the first. */
static void check_usb_device(struct checker *c, const struct stv_opt *d, int have_xhci,
			     const char **seen)
{
	const char **first = &seen[str_eq(d->class, "usb-kbd")];

	if (!have_xhci)
		violation(c, d->value_word, "-device %s '%s' comes before nec-usb-xhci (StratoVirt "
			  "plugs it into the first xHCI)", cls(d), dev_id(d));
	if (*first)
		violation(c, d->value_word, "a second -device %s '%s': only the newest of them, not "
			  "'%s', gets input", cls(d), dev_id(d), *first);
	else
		*first = dev_id(d);
}

/* Devices in command-line order, as StratoVirt realizes them. */
static void check_devices(struct checker *c)
{
	int have_serial = 0, have_xhci = 0;
	const char *usb_seen[2] = { NULL, NULL };	/* the first tablet, keyboard */

	for (const struct stv_opt *d = stv_cmdline_next(c->cl, "-device", NULL); d;
	     d = stv_cmdline_next(c->cl, "-device", d)) {
		check_id(c, d);
		if (is_serial_port(d)) {
			if (!have_serial)
				violation(c, d->value_word, "-device %s '%s' comes before "
					  "virtio-serial-pci", cls(d), dev_id(d));
			continue;
		}
		if (IN(d->class, usb_devices)) {
			check_usb_device(c, d, have_xhci, usb_seen);
			continue;
		}
		if (str_eq(d->class, "ramfb")) {
			check_ramfb(c, d);
			continue;
		}
		if (is_scsi_device(d)) {
			check_scsi_device(c, d);
			continue;
		}
		have_serial |= str_eq(d->class, "virtio-serial-pci");
		have_xhci |= str_eq(d->class, "nec-usb-xhci");
		if (str_eq(d->class, "nec-usb-xhci")) {
			check_range(c, d, "p2", 1, MAX_USB_PORTS);
			check_range(c, d, "p3", 1, MAX_USB_PORTS);
		}
		if (str_eq(d->class, "virtio-gpu-pci"))
			check_range(c, d, "max_outputs", 1, MAX_GPU_OUTPUTS);
		if (c->pci)
			check_pci(c, d);
		if (str_eq(d->class, "pcie-root-port"))
			check_root_port(c, d);
		if (str_eq(d->class, "vfio-pci"))
			check_vfio(c, d);
		if (str_eq(d->class, "pcie-root-port") && stv_opt_prop(d, "id"))
			add_bus(c, stv_opt_prop(d, "id"));
	}
	check_singletons(c);
}

/* ---- driver ---- */

static int by_word(const void *a, const void *b)
{
	const struct finding *x = a, *y = b;

	if (x->word != y->word)
		return x->word < y->word ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static void check_all(struct checker *c)
{
	check_machine(c);
	check_qmp(c);
	check_vnc(c);
	check_iothreads(c);
	check_serial(c);
	check_smp(c);
	check_smbios(c);
	check_keys(c);
	check_devices(c);
	check_backends(c);
	check_drive_aio(c);
	if (c->nf)
		qsort(c->f, c->nf, sizeof *c->f, by_word);
}

static char *read_file(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0, n = 0;

	if (!fp)
		return NULL;
	for (;;) {
		if (n + 4096 + 1 > cap) {
			char *b = realloc(buf, cap = 2 * cap + 4096 + 1);

			if (!b) {
				free(buf);
				buf = NULL;
				break;
			}
			buf = b;
		}
		size_t got = fread(buf + n, 1, cap - n - 1, fp);

		n += got;
		if (got == 0)
			break;
	}
	if (buf && ferror(fp)) {
		free(buf);
		buf = NULL;
	}
	fclose(fp);
	if (buf)
		buf[n] = '\0';
	*len = n;
	return buf;
}

/* Splits BUF in place at SEP; a final separator ends the last word. */
static const char **split_words(char *buf, size_t len, char sep, int *argc)
{
	size_t n = 0, w = 0;
	const char **v;

	for (size_t i = 0; i < len; i++)
		n += buf[i] == sep;
	v = malloc((n + 2) * sizeof *v);
	if (!v)
		return NULL;
	for (size_t start = 0; start < len;) {
		size_t end = start;

		while (end < len && buf[end] != sep)
			end++;
		buf[end] = '\0';
		v[w++] = buf + start;
		start = end + 1;
	}
	*argc = (int)w;
	return v;
}

/*
 * Checks one argv: prints a line "argv:WORD: message" per finding to out.
 * Returns 0 when StratoVirt would accept it, 1 with findings, 2 when out of
 * memory.  The fuzzer calls it too (tests/fuzz/argv_oracle.c).
 */
static int stv_argvcheck_words(int argc, const char *const argv[], FILE *out)
{
	struct checker c = { 0 };
	struct stv_cmdline *cl = NULL;
	struct stv_argv_error err;
	int rc = 1;

	if (stv_argv_parse(argc, argv, &cl, &err) < 0) {
		fprintf(out, "argv:%zu: %s\n", err.word, err.msg);
		goto out;
	}
	c.cl = cl;
	check_all(&c);
	for (size_t i = 0; i < c.nf; i++)
		fprintf(out, "argv:%zu: %s\n", c.f[i].word, c.f[i].msg);
	rc = c.oom ? 2 : c.nf ? 1 : 0;
out:
	for (size_t i = 0; i < c.nf; i++)
		free(c.f[i].msg);
	free(c.f);
	free(c.fns);
	free(c.buses);
	stv_cmdline_free(cl);
	return rc;
}

int main(int argc, char **argv)
{
	const char **words = NULL;
	const char *path = argc == 3 && strcmp(argv[1], "-0") == 0 ? argv[2] : argv[1];
	char sep = argc == 3 ? '\0' : '\n';
	char *buf = NULL;
	size_t len = 0;
	int nwords = 0, rc = 2;

	if (argc != 2 && !(argc == 3 && strcmp(argv[1], "-0") == 0)) {
		fprintf(stderr, "usage: argvcheck [-0] FILE\n");
		return 2;
	}
	buf = read_file(path, &len);
	if (buf)
		words = split_words(buf, len, sep, &nwords);
	if (!buf || !words) {
		fprintf(stderr, "argvcheck: %s: %s\n", path, strerror(errno));
		goto out;
	}
	rc = stv_argvcheck_words(nwords, words, stdout);
out:
	free(words);
	free(buf);
	return rc;
}
