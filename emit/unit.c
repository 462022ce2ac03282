/*
 * --emit=unit: a hardened systemd service, stratovirt-NAME.service
 * (emitters.md).
 *
 * Decisions (for stv-compile(1)):
 *
 * User.  The emulator runs as root with an empty capability bounding set,
 * not as a dedicated user.  Disk images, nvram, hugetlbfs mounts,
 * /dev/vhost-net and /dev/vhost-vsock are root-owned on a stock host; a
 * dedicated user would need host changes the compiler cannot see or
 * check, and a unit that fails at start is worse than one that scores a
 * little lower.  Root without capabilities cannot override file
 * permissions (no CAP_DAC_OVERRIDE), change owners, configure the network
 * or load modules, and ProtectSystem=strict leaves it write access only to
 * the VM's own writable images, nvram and runtime directory.  The taps are
 * created by privileged ExecStartPre=+ commands with "user root", so the
 * emulator attaches to them without CAP_NET_ADMIN; ExecStopPost= deletes
 * them with "ip tuntap del", which refuses a tap another process still
 * uses.  The unit owns its taps: one that exists when the unit starts is
 * taken over and deleted when it stops.
 *
 * Exposure.  `systemd-analyze security --offline=yes` (systemd 252) rates
 * the unit 2.1 (OK) for every compile case in testdata/ and examples/ (a
 * bare unit running the emulator: 9.6, UNSAFE), 2.3 when the VM uses files
 * under /tmp (PrivateTmp= off); tests/check-unit.sh fails any unit above
 * 2.5.
 * What is left is what a VMM needs: the host network (taps), device access
 * (/dev/kvm and friends, PrivateDevices= would hide them), other users'
 * ids (PrivateUsers= breaks device and hugepage ownership), root (0.4).
 *
 * System calls.  A deny-list, not @system-service: StratoVirt uses mbind,
 * set_mempolicy and io_uring_*, which that allow-list lacks, and installs
 * its own seccomp allow-list anyway.
 *
 * Paths.  ProtectSystem=strict makes the file system read-only; the
 * writable images, the nvram, the directories of the console's and the
 * serial port's file or socket and the hugetlbfs directory are listed in
 * ReadWritePaths=, device nodes in
 * DeviceAllow= (DevicePolicy=closed).  ProtectHome= becomes read-only when
 * the VM uses a file under /home, /root or /run/user, and PrivateTmp= is
 * off when it uses one under /tmp or /var/tmp: hiding the VM's own files
 * would only make it fail.
 *
 * Restart=.  StratoVirt exits 0 when the guest powers off and non-zero
 * when it fails; a guest reboot is handled inside StratoVirt and never
 * reaches systemd.  <on_poweroff> restart adds restarts after exit 0,
 * <on_crash> restart after failures: always, on-success, on-failure or no.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "../compiler/values.h"
#include "emit.h"
#include "quote.h"

#define UNIT_NAME_MAX 255	/* systemd's limit for a unit name */
#define RUN_DIR "/run/"

/* A path the VM touches, for ReadWritePaths=, DeviceAllow= and the rest. */
struct access {
	char *path;
	bool write;
	bool device;		/* a node under /dev: DeviceAllow= */
	bool rw_path;		/* listed in ReadWritePaths= */
};

struct unit {
	const struct stv_emit_ctx *ctx;
	const struct stv_domain *dom;
	struct stv_buf *o;
	struct stv_diags *d;
	struct access *acc;
	size_t nacc, cap;
	char *rundir;
	bool managed_rundir;	/* under /run: RuntimeDirectory= */
	int rc;
};

static void out(struct unit *u, const char *text)
{
	stv_buf_puts(u->o, text);
}

static void exec_word(struct unit *u, const char *w)
{
	stv_sd_quote_exec(u->o, w);
}

static void oom(struct unit *u)
{
	u->d->oom = true;
	u->rc = -1;
}

/* Writes a path word, or reports unit-value when systemd cannot carry it. */
static void path_word(struct unit *u, const char *path, const char *what)
{
	if (stv_sd_quote_path(u->o, path) == 0)
		return;
	stv_report(u->d, STV_R_UNIT_VALUE, u->dom->loc,
		   "rename the file without control characters",
		   "%s '%s' has a control character or bytes that are not UTF-8, which a systemd "
		   "path setting cannot carry", what, path);
	u->rc = -1;
}

char *stv_unit_name(const struct stv_domain *dom)
{
	char *escaped = stv_systemd_escape(dom && dom->name.s ? dom->name.s : "");
	char *name = escaped ? stv_asprintf("stratovirt-%s.service", escaped) : NULL;

	free(escaped);
	return name;
}

/* ---- the paths the VM uses ---- */

static bool has_prefix(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* Under a directory: "/tmp/x" is under "/tmp/", and so is "/tmp" itself. */
static bool under(const char *path, const char *dir_slash)
{
	size_t n = strlen(dir_slash) - 1;

	return has_prefix(path, dir_slash) ||
	       (strncmp(path, dir_slash, n) == 0 && path[n] == '\0');
}

/* Absolute, no empty, "." or ".." component, no trailing '/'. */
static bool path_normalized(const char *p)
{
	if (p[0] != '/')
		return false;
	for (const char *c = p; *c == '/';) {
		const char *next = strchr(c + 1, '/');
		size_t len = next ? (size_t)(next - c - 1) : strlen(c + 1);
		if (len == 0 || (len == 1 && c[1] == '.') ||
		    (len == 2 && c[1] == '.' && c[2] == '.'))
			return false;
		if (!next)
			break;
		c = next;
	}
	return true;
}

static void add_access(struct unit *u, const char *path, bool write, bool rw_path)
{
	if (!path)
		return;
	for (size_t i = 0; i < u->nacc; i++)
		if (strcmp(u->acc[i].path, path) == 0) {
			u->acc[i].write |= write;
			u->acc[i].rw_path |= rw_path;
			return;
		}
	if (u->nacc == u->cap) {
		size_t cap = u->cap ? 2 * u->cap : 16;
		struct access *v = realloc(u->acc, cap * sizeof *v);
		if (!v) {
			oom(u);
			return;
		}
		u->acc = v;
		u->cap = cap;
	}
	char *copy = strdup(path);
	if (!copy) {
		oom(u);
		return;
	}
	u->acc[u->nacc++] = (struct access){
		.path = copy, .write = write, .rw_path = rw_path,
		.device = (has_prefix(path, "/dev/") || has_prefix(path, "char-")) && !rw_path,
	};
}

static void add_parent_dir(struct unit *u, const char *path)
{
	char *dir;

	if (!path || !strchr(path, '/'))
		return;
	dir = stv_parent_dir(path);
	if (!dir) {
		oom(u);
		return;
	}
	add_access(u, dir, true, true);
	free(dir);
}

/* A console's or the serial port's pty, device node, or file or socket. */
static void chardev_access(struct unit *u, const struct stv_choice *type, const struct stv_str *path)
{
	if (stv_is(type, STV_CONSOLE_TYPE_PTY)) {
		add_access(u, "/dev/ptmx", true, false);
		add_access(u, "char-pts", true, false);
	} else if (path->s && has_prefix(path->s, "/dev/")) {
		add_access(u, path->s, true, false);
	} else {
		/* StratoVirt creates the file or socket: its directory. */
		add_parent_dir(u, path->s);
	}
}

static void collect_device(struct unit *u, const struct stv_device *dev)
{
	switch (dev->kind) {
	case STV_DEV_DISK:
		add_access(u, dev->u.disk.source.s, !dev->u.disk.readonly.set,
			   !dev->u.disk.readonly.set && dev->u.disk.source.s &&
			   !has_prefix(dev->u.disk.source.s, "/dev/"));
		break;
	case STV_DEV_NET:
		add_access(u, "/dev/net/tun", true, false);
		if (stv_net_vhost(&dev->u.net))
			add_access(u, "/dev/vhost-net", true, false);
		break;
	case STV_DEV_CONSOLE:
		chardev_access(u, &dev->u.console.type, &dev->u.console.path);
		break;
	case STV_DEV_SERIAL_PORT:
		chardev_access(u, &dev->u.serial_port.type, &dev->u.serial_port.path);
		break;
	case STV_DEV_RNG:
		add_access(u, dev->u.rng.backend.s, false, false);
		break;
	case STV_DEV_VSOCK:
		add_access(u, "/dev/vhost-vsock", true, false);
		break;
	case STV_DEV_ROOT_PORT:
	case STV_DEV_BALLOON:
	case STV_DEV_SERIAL:
	case STV_DEV_PANIC:
	case STV_DEV_KIND_COUNT:
		break;
	}
}

/*
 * Runtime directory: RuntimeDirectory= when it is a clean path under /run.
 * Not with a ':' in it: systemd 252 reads "a:b" there as directory a plus a
 * symlink b to it (systemd.exec(5), RuntimeDirectory=), so such a directory
 * is created by ExecStartPre= instead.
 */
static void collect_rundir(struct unit *u)
{
	u->rundir = stv_runtime_dir(u->dom, u->ctx->opt);
	if (!u->rundir) {
		oom(u);
		return;
	}
	u->managed_rundir = has_prefix(u->rundir, RUN_DIR) &&
			    u->rundir[strlen(RUN_DIR)] != '\0' && path_normalized(u->rundir) &&
			    !strpbrk(u->rundir, "\":") && !stv_has_unsafe_bytes(u->rundir);
	if (!u->managed_rundir)
		add_access(u, u->rundir, true, true);
}

static void collect(struct unit *u)
{
	const struct stv_domain *dom = u->dom;
	const char *mem_path = stv_argv_value(u->ctx->argv, "-mem-path");

	add_access(u, "/dev/kvm", true, false);
	add_access(u, u->ctx->argv->v[0], false, false);
	add_access(u, dom->kernel.s, false, false);
	add_access(u, dom->initrd.s, false, false);
	add_access(u, dom->loader.s, false, false);
	add_access(u, dom->nvram.s, true, dom->nvram.s && !has_prefix(dom->nvram.s, "/dev/"));
	/* StratoVirt creates its guest memory file in the hugetlbfs mount. */
	add_access(u, mem_path, true, true);
	for (size_t i = 0; i < dom->ndevs; i++)
		collect_device(u, &dom->devs[i]);
	collect_rundir(u);
}

static bool any_under(const struct unit *u, const char *const dirs[])
{
	for (size_t i = 0; i < u->nacc; i++)
		for (const char *const *d = dirs; *d; d++)
			if (under(u->acc[i].path, *d))
				return true;
	return false;
}

/* ---- sections ---- */

static void header(struct unit *u, const char *unit_name)
{
	out(u, "# Generated by stv-compile from ");
	stv_comment_quote(u->o, u->ctx->source_name ? u->ctx->source_name : "-");
	/* systemd-escape leaves only [A-Za-z0-9:_.\\-] in the unit name. */
	stv_buf_printf(u->o, "; do not edit.\n"
		"# Install as /etc/systemd/system/%s, then: systemctl daemon-reload\n",
		unit_name);
	out(u, "# The emulator runs as root with no capabilities, in a read-only view of\n"
	       "# the system; see stv-compile(1), UNIT FILE.\n"
	       "[Unit]\n"
	       "Description=StratoVirt VM ");
	/* The name is [A-Za-z0-9_:-] (rule name); % could only come from a bug. */
	for (const char *p = u->dom->name.s ? u->dom->name.s : ""; *p; p++)
		out(u, *p == '%' ? "%%" : (char[2]){ *p, 0 });
	/* No Documentation=: verify fails where stv's man page is not installed. */
	out(u, "\n");
}

static bool has_nets(const struct stv_domain *dom)
{
	for (size_t i = 0; i < dom->ndevs; i++)
		if (dom->devs[i].kind == STV_DEV_NET)
			return true;
	return false;
}

static const char *tap_flags(const struct stv_net *net)
{
	return stv_net_multiqueue(net) ? " multi_queue" : "";
}

/* ExecStartPre=+ for each tap: created owned by root, enslaved, up. */
static void tap_setup(struct unit *u)
{
	for (size_t i = 0; i < u->dom->ndevs; i++) {
		const struct stv_net *net = &u->dom->devs[i].u.net;
		if (u->dom->devs[i].kind != STV_DEV_NET)
			continue;
		out(u, "ExecStartPre=+ip tuntap add dev ");
		exec_word(u, net->tap.s ? net->tap.s : "");
		stv_buf_printf(u->o, " mode tap user root%s\n", tap_flags(net));
		out(u, "ExecStartPre=+ip link set dev ");
		exec_word(u, net->tap.s ? net->tap.s : "");
		out(u, " master ");
		exec_word(u, net->bridge.s ? net->bridge.s : "");
		out(u, " up\n");
	}
}

static void tap_teardown(struct unit *u)
{
	for (size_t i = 0; i < u->dom->ndevs; i++) {
		const struct stv_net *net = &u->dom->devs[i].u.net;
		if (u->dom->devs[i].kind != STV_DEV_NET)
			continue;
		out(u, "ExecStopPost=-+ip tuntap del dev ");
		exec_word(u, net->tap.s ? net->tap.s : "");
		stv_buf_printf(u->o, " mode tap%s\n", tap_flags(net));
	}
}

/*
 * What ExecStart= accepts as the program: a normalized absolute path with
 * no quote, backslash or control byte (systemd: "Executable name contains
 * special characters"), and no '$': argv[0] is subject to $ expansion but
 * the path executed is not, so they would differ.
 */
static bool exec_path_ok(const char *p)
{
	return path_normalized(p) && !strpbrk(p, "\"'\\$") && !stv_has_unsafe_bytes(p);
}

static void exec_start(struct unit *u)
{
	const struct stv_argv *a = u->ctx->argv;

	if (!exec_path_ok(a->v[0])) {
		stv_report(u->d, STV_R_UNIT_VALUE, u->dom->emulator.loc,
			   "install the emulator under a plain absolute path",
			   "<emulator> '%s' cannot be an ExecStart= program: it must be a "
			   "normalized absolute path with no quote, backslash, '$' or control "
			   "character", a->v[0]);
		u->rc = -1;
	}
	out(u, "ExecStart=");
	exec_word(u, a->v[0]);
	for (size_t i = 1; i < a->n; i++) {
		out(u, a->v[i][0] == '-' ? " \\\n\t" : " ");
		exec_word(u, a->v[i]);
	}
	out(u, "\n");
}

static const char *restart_policy(const struct stv_domain *dom)
{
	bool again_ok = stv_is(&dom->on_poweroff, STV_ACTION_RESTART);
	bool again_fail = stv_is(&dom->on_crash, STV_ACTION_RESTART);

	if (again_ok && again_fail)
		return "always";
	if (again_ok)
		return "on-success";
	if (again_fail)
		return "on-failure";
	return "no";
}

static void service(struct unit *u)
{
	const char *restart = restart_policy(u->dom);

	out(u, "\n[Service]\nType=simple\n");
	if (!u->managed_rundir) {
		out(u, "ExecStartPre=+install -d -m 0700 -- ");
		exec_word(u, u->rundir);
		out(u, "\n");
	}
	tap_setup(u);
	exec_start(u);
	tap_teardown(u);
	stv_buf_printf(u->o, "Restart=%s\n", restart);
	if (strcmp(restart, "no") != 0)
		out(u, "RestartSec=1s\n");
	if (u->managed_rundir) {
		out(u, "RuntimeDirectory=");
		if (stv_sd_quote_exec_dir(u->o, u->rundir + strlen(RUN_DIR)) < 0)
			u->rc = -1;	/* excluded by collect_rundir() */
		out(u, "\nRuntimeDirectoryMode=0700\n");
	}
	out(u, "UMask=0077\n");
}

static void device_policy(struct unit *u)
{
	out(u, "DevicePolicy=closed\n");
	for (size_t i = 0; i < u->nacc; i++) {
		const struct access *a = &u->acc[i];
		if (!a->device)
			continue;
		out(u, "DeviceAllow=");
		if (has_prefix(a->path, "char-"))
			out(u, a->path);
		else
			path_word(u, a->path, "the device");
		out(u, a->write ? " rw\n" : " r\n");
	}
}

static void file_system(struct unit *u)
{
	static const char *const home[] = { "/home/", "/root/", "/run/user/", NULL };
	static const char *const tmp[] = { "/tmp/", "/var/tmp/", NULL };

	out(u, "ProtectSystem=strict\n");
	for (size_t i = 0; i < u->nacc; i++) {
		if (!u->acc[i].rw_path)
			continue;
		out(u, "ReadWritePaths=");
		path_word(u, u->acc[i].path, "the writable path");
		out(u, "\n");
	}
	if (any_under(u, home))
		out(u, "# The VM uses files under /home, /root or /run/user.\n"
		       "ProtectHome=read-only\n");
	else
		out(u, "ProtectHome=yes\n");
	if (any_under(u, tmp))
		out(u, "# The VM uses files under /tmp or /var/tmp, which PrivateTmp= would hide.\n"
		       "PrivateTmp=no\n");
	else
		out(u, "PrivateTmp=yes\n");
}

static const char hardening[] =
	"CapabilityBoundingSet=\n"
	"NoNewPrivileges=yes\n"
	"PrivateMounts=yes\n"
	"ProtectKernelTunables=yes\n"
	"ProtectKernelModules=yes\n"
	"ProtectKernelLogs=yes\n"
	"ProtectClock=yes\n"
	"ProtectHostname=yes\n"
	"ProtectControlGroups=yes\n"
	"ProtectProc=invisible\n"
	"ProcSubset=pid\n"
	"RestrictNamespaces=yes\n"
	"RestrictRealtime=yes\n"
	"RestrictSUIDSGID=yes\n"
	"LockPersonality=yes\n"
	"MemoryDenyWriteExecute=yes\n"
	"RestrictAddressFamilies=AF_UNIX AF_NETLINK AF_VSOCK AF_INET AF_INET6\n"
	"# Taps carry the guest's traffic; the emulator itself opens no IP socket.\n"
	"IPAddressDeny=any\n"
	"SystemCallArchitectures=native\n"
	"# A deny-list: StratoVirt needs mbind, set_mempolicy and io_uring, which\n"
	"# @system-service lacks, and installs its own seccomp allow-list.\n"
	"SystemCallFilter=~@clock @cpu-emulation @debug @module @mount @obsolete @raw-io @reboot @swap\n";

static void check_unit_name(struct unit *u, const char *name)
{
	if (strlen(name) <= UNIT_NAME_MAX)
		return;
	stv_report(u->d, STV_R_UNIT_VALUE, u->dom->name.loc, "use a shorter <name>",
		   "the unit name %s is %zu bytes; systemd allows at most %d",
		   name, strlen(name), UNIT_NAME_MAX);
	u->rc = -1;
}

int stv_emit_unit(const struct stv_emit_ctx *ctx, struct stv_buf *o, struct stv_diags *d)
{
	struct unit u = { .ctx = ctx, .dom = ctx->dom, .o = o, .d = d };
	char *name;

	if (!ctx->argv || ctx->argv->n == 0)
		return -1;
	name = stv_unit_name(ctx->dom);
	if (!name) {
		d->oom = true;
		return -1;
	}
	check_unit_name(&u, name);
	collect(&u);
	header(&u, name);
	if (has_nets(ctx->dom))
		out(&u, "Wants=network-online.target\nAfter=network-online.target\n");
	service(&u);
	out(&u, "\n# Hardening: see stv-compile(1), UNIT FILE.\n");
	device_policy(&u);
	file_system(&u);
	out(&u, hardening);
	out(&u, "\n[Install]\nWantedBy=multi-user.target\n");
	if (o->oom)
		oom(&u);
	for (size_t i = 0; i < u.nacc; i++)
		free(u.acc[i].path);
	free(u.acc);
	free(u.rundir);
	free(name);
	return u.rc;
}
