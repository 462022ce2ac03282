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
 * taken over and deleted when it stops; a tap of <target managed='no'> is
 * only looked for.  Managed host devices are bound to vfio-pci and given
 * back the same way, by privileged ExecStartPre=+ and ExecStopPost=
 * commands (the shell functions of host.h), and owned the same way.
 * VFIO pins all guest memory: LimitMEMLOCK=infinity, since the emulator
 * has no CAP_IPC_LOCK.
 *
 * Exposure.  `systemd-analyze security --offline=yes` (systemd 252) rates
 * the unit 2.1 (OK) for every compile case in testdata/ and examples/ (a
 * bare unit running the emulator: 9.6, UNSAFE), 2.3 when the VM uses files
 * under /tmp (PrivateTmp= off) or its VNC server listens beyond localhost
 * (no IP address filter), 2.5 with both; tests/check-unit.sh fails any unit
 * above 2.5.
 * What is left is what a VMM needs: the host network (taps), device access
 * (/dev/kvm and friends, PrivateDevices= would hide them), other users'
 * ids (PrivateUsers= breaks device and hugepage ownership), root (0.4).
 *
 * System calls.  A deny-list, not @system-service: StratoVirt uses mbind,
 * set_mempolicy and io_uring_*, which that allow-list lacks, and installs
 * its own seccomp allow-list anyway.
 *
 * Paths.  ProtectSystem=strict makes the file system read-only; the
 * writable images, the nvram (its directory when it has a template: it may
 * not exist yet, and the sandboxed ExecStartPre= that copies the template
 * writes there), the directories of the console's and the serial port's
 * file or socket and the hugetlbfs directory are listed in ReadWritePaths=,
 * device nodes in DeviceAllow= (DevicePolicy=closed).  ProtectHome= becomes
 * read-only when the VM uses a file under /home, /root or /run/user, and PrivateTmp= is
 * off when it uses one under /tmp or /var/tmp: hiding the VM's own files
 * would only make it fail.
 *
 * VNC.  The emulator listens on the VNC address: IPAddressDeny=any stays,
 * with IPAddressAllow=localhost for a loopback address; another address
 * takes connections from anywhere, so the unit then has no IP address
 * filter.  A display chosen at start (emit.h) is found by a privileged
 * ExecStartPre= with ss(8), written as STV_VNC_DISPLAY=N into vnc.env in
 * the runtime directory, which EnvironmentFile= reads before ExecStart=
 * (systemd reads it afresh for each command): the one word of ExecStart=
 * that differs from --emit=argv is "LISTEN:${STV_VNC_DISPLAY}".
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
#include "host.h"
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
	bool vfio;		/* a hostdev: LimitMEMLOCK= */
	const struct stv_graphics *vnc;	/* the VNC display, or NULL */
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

/*
 * A disk under /dev is a device node: DeviceAllow=, never ReadWritePaths=.
 * A <disk type='block'> elsewhere cannot be allowed: systemd takes
 * DeviceAllow= paths under /dev (or /sys) only (systemd.resource-control(5)).
 */
static void disk_access(struct unit *u, const struct stv_disk *k)
{
	bool write = !k->readonly.set;
	bool node = k->source.s && has_prefix(k->source.s, "/dev/");

	if (!k->source.s)
		return;
	if (stv_is(&k->source_type, STV_DISK_TYPE_BLOCK) && !node) {
		stv_report(u->d, STV_R_UNIT_VALUE, k->source.loc,
			   "name the device by a path under /dev, such as /dev/disk/by-id/...",
			   "<source dev='%s'> is not under /dev: the unit's DeviceAllow= can only "
			   "allow a device by a /dev path", k->source.s);
		u->rc = -1;
	}
	add_access(u, k->source.s, write, write && !node);
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
		disk_access(u, &dev->u.disk);
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
	case STV_DEV_HOSTDEV:
		/*
		 * The VFIO container (a misc device) and the group, /dev/vfio/N,
		 * whose number only the host knows: char-vfio is the "vfio" major
		 * of /proc/devices, every group (systemd.resource-control(5)).
		 */
		add_access(u, "/dev/vfio/vfio", true, false);
		add_access(u, "char-vfio", true, false);
		u->vfio = true;
		break;
	case STV_DEV_GRAPHICS:
		u->vnc = &dev->u.graphics;
		break;
	case STV_DEV_ROOT_PORT:
	case STV_DEV_BALLOON:
	case STV_DEV_SERIAL:
	case STV_DEV_PANIC:
	case STV_DEV_USB:
	case STV_DEV_TABLET:
	case STV_DEV_KEYBOARD:
	case STV_DEV_VIDEO:
	case STV_DEV_SCSI:
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
	/*
	 * With a template the nvram may not exist yet: its directory is
	 * writable, for the copy (ReadWritePaths= of a missing file fails).
	 */
	add_access(u, dom->nvram.s, true, dom->nvram.s && !has_prefix(dom->nvram.s, "/dev/") &&
		   !dom->nvram_template.s);
	if (dom->nvram.s && dom->nvram_template.s && !has_prefix(dom->nvram.s, "/dev/")) {
		add_parent_dir(u, dom->nvram.s);
		add_access(u, dom->nvram_template.s, false, false);
	}
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

/*
 * ExecStartPre=+ for each tap: created owned by root, enslaved to its
 * bridge (an ethernet one to none) and up.  A tap of <target
 * managed='no'> is only looked for: StratoVirt would create a missing one,
 * down and on no bridge, and the VM would start with no network.
 */
static void tap_setup(struct unit *u)
{
	for (size_t i = 0; i < u->dom->ndevs; i++) {
		if (u->dom->devs[i].kind != STV_DEV_NET)
			continue;
		const struct stv_net *net = &u->dom->devs[i].u.net;
		const char *tap = net->tap.s ? net->tap.s : "";
		if (!stv_net_tap_owned(net)) {
			out(u, "ExecStartPre=ip link show dev ");
			exec_word(u, tap);
			out(u, "\n");
			continue;
		}
		out(u, "ExecStartPre=+ip tuntap add dev ");
		exec_word(u, tap);
		stv_buf_printf(u->o, " mode tap user root%s\n", tap_flags(net));
		out(u, "ExecStartPre=+ip link set dev ");
		exec_word(u, tap);
		if (stv_net_on_bridge(net)) {
			out(u, " master ");
			exec_word(u, net->bridge.s ? net->bridge.s : "");
		}
		out(u, " up\n");
	}
}

static void tap_teardown(struct unit *u)
{
	for (size_t i = 0; i < u->dom->ndevs; i++) {
		const struct stv_net *net = &u->dom->devs[i].u.net;
		if (u->dom->devs[i].kind != STV_DEV_NET || !stv_net_tap_owned(net))
			continue;
		out(u, "ExecStopPost=-+ip tuntap del dev ");
		exec_word(u, net->tap.s ? net->tap.s : "");
		stv_buf_printf(u->o, " mode tap%s\n", tap_flags(net));
	}
}

/* "SETTING sh -c PROGRAM NAME ARG...": a function of host.h run by systemd. */
static void host_command(struct unit *u, const char *setting, const struct stv_sh_function *f,
			 const char *args, const char *name, const char *a1, const char *a2)
{
	struct stv_buf program = { 0 };

	stv_sh_function_program(&program, f, args);
	if (program.oom)
		oom(u);
	stv_buf_printf(u->o, "%ssh -c ", setting);
	exec_word(u, program.p ? program.p : "");
	out(u, " ");
	exec_word(u, name);
	out(u, " ");
	exec_word(u, a1);
	if (a2) {
		out(u, " ");
		exec_word(u, a2);
	}
	out(u, "\n");
	stv_buf_free(&program);
}

/*
 * The nvram made from its template, inside the sandbox: ReadWritePaths=
 * opens its directory to this and to the emulator only.
 */
static void nvram_setup(struct unit *u)
{
	const struct stv_domain *dom = u->dom;

	if (dom->nvram.s && dom->nvram_template.s)
		host_command(u, "ExecStartPre=", &stv_sh_nvram_copy, "\"$1\" \"$2\"", "stv-nvram",
			     dom->nvram_template.s, dom->nvram.s);
}

static bool hostdev_managed(const struct stv_device *dev)
{
	return dev->kind == STV_DEV_HOSTDEV && stv_is(&dev->u.hostdev.managed, STV_YESNO_YES);
}

/*
 * A command of host.h for each managed host device: bound after the taps,
 * given back before them.  The unit owns them: one bound to vfio-pci
 * before it started is given back to the host too.  systemd runs
 * ExecStopPost= when the start failed as well.
 */
static void hostdev_commands(struct unit *u, const char *setting, const struct stv_sh_function *f,
			     const char *name)
{
	char host[STV_HOSTDEV_NAME_MAX];

	for (size_t i = 0; i < u->dom->ndevs; i++) {
		if (!hostdev_managed(&u->dom->devs[i]))
			continue;
		stv_hostdev_name(&u->dom->devs[i].u.hostdev, host);
		host_command(u, setting, f, "\"$1\"", name, host, NULL);
	}
}

/* An IPv4 address in dotted decimal, as the rules let it through: safe in any word. */
static bool plain_ipv4(const char *s)
{
	uint8_t ip[4];
	return stv_parse_ipv4(s, ip) == 0 && strspn(s, "0123456789.") == strlen(s);
}

/*
 * EnvironmentFile= takes its path as written, specifiers expanded, and
 * ignores one that is not normalized: % doubled, nothing else can be
 * carried.
 */
static void env_file_path(struct unit *u, const char *path)
{
	if (!path_normalized(path) || stv_has_unsafe_bytes(path)) {
		stv_report(u->d, STV_R_UNIT_VALUE, u->dom->loc,
			   "pass a plain --runtime-dir, or give the VNC display a fixed port",
			   "the VNC display file %s is not a normalized path without control "
			   "characters, which EnvironmentFile= needs", path);
		u->rc = -1;
		return;
	}
	for (const char *p = path; *p; p++)
		out(u, *p == '%' ? "%%" : (char[2]){ *p, 0 });
}

/*
 * A VNC display chosen at start: a privileged ExecStartPre= finds the first
 * free one (emit/vnc.c) and writes it where EnvironmentFile= reads it for
 * ExecStart=; the journal gets where to connect.
 */
static void vnc_choice(struct unit *u, const char *listen)
{
	char *env = stv_asprintf("%s/vnc.env", u->rundir);
	char *prog = stv_asprintf(
		"%s; if stv_display=$(stv_free_vnc_display); then "
		"printf '%s=%%s\\n' \"$stv_display\" >\"$1\" && "
		"echo \"stv: VNC display :$stv_display (TCP port $((stv_display + 5900))) on $2\"; "
		"else echo 'stv: %s' >&2; exit 1; fi",
		stv_vnc_free_display_fn, STV_VNC_DISPLAY_VAR, stv_vnc_no_display);

	if (!env || !prog) {
		oom(u);
	} else {
		out(u, "ExecStartPre=+sh -c ");
		exec_word(u, prog);
		out(u, " stv-vnc ");
		exec_word(u, env);
		out(u, " ");
		exec_word(u, listen);
		out(u, "\nEnvironmentFile=-");
		env_file_path(u, env);
		out(u, "\n");
	}
	free(env);
	free(prog);
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
	char *listen;
	size_t vnc = stv_vnc_auto_word(a, &listen);

	if (vnc && !listen) {
		oom(u);
		return;
	}
	if (vnc && !plain_ipv4(listen)) {
		u->rc = -1;	/* vnc-listen let something else through: a bug */
		free(listen);
		return;
	}
	if (vnc)
		vnc_choice(u, listen);

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
		if (i == vnc)
			stv_buf_printf(u->o, "\"%s:${%s}\"", listen, STV_VNC_DISPLAY_VAR);
		else
			exec_word(u, a->v[i]);
	}
	out(u, "\n");
	free(listen);
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
	nvram_setup(u);
	tap_setup(u);
	hostdev_commands(u, "ExecStartPre=+", &stv_sh_vfio_bind, "stv-vfio-bind");
	exec_start(u);
	hostdev_commands(u, "ExecStopPost=-+", &stv_sh_vfio_restore, "stv-vfio-restore");
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
	if (u->vfio)
		out(u, "# VFIO pins all guest memory, and the emulator has no CAP_IPC_LOCK.\n"
		       "LimitMEMLOCK=infinity\n");
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

static const char hardening_process[] =
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
	"RestrictAddressFamilies=AF_UNIX AF_NETLINK AF_VSOCK AF_INET AF_INET6\n";

static const char hardening_syscalls[] =
	"SystemCallArchitectures=native\n"
	"# A deny-list: StratoVirt needs mbind, set_mempolicy and io_uring, which\n"
	"# @system-service lacks, and installs its own seccomp allow-list.\n"
	"SystemCallFilter=~@clock @cpu-emulation @debug @module @mount @obsolete @raw-io @reboot @swap\n";

/* Taps carry the guest's traffic; the emulator's own IP socket is the VNC server's. */
static void ip_policy(struct unit *u)
{
	uint8_t ip[4];

	if (!u->vnc) {
		out(u, "# Taps carry the guest's traffic; the emulator itself opens no IP socket.\n"
		       "IPAddressDeny=any\n");
	} else if (u->vnc->listen.s && stv_parse_ipv4(u->vnc->listen.s, ip) == 0 && ip[0] == 127) {
		out(u, "# Taps carry the guest's traffic; the VNC server listens on a loopback address.\n"
		       "IPAddressDeny=any\n"
		       "IPAddressAllow=localhost\n");
	} else {
		out(u, "# The VNC server takes connections from any address: no IP address filter.\n");
	}
}

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
	out(&u, hardening_process);
	ip_policy(&u);
	out(&u, hardening_syscalls);
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
