/*
 * Emitters: the checked, addressed IR into text.  None reads XML.
 *
 * stv_build_argv() is the one place that decides StratoVirt's command line
 * (argv-mapping.md); every emitter that runs the emulator (argv, json,
 * script, unit) prints that same list.  Emitters write into a struct
 * stv_buf; the driver writes it out only if everything succeeded.
 */
#ifndef STV_EMIT_H
#define STV_EMIT_H

#include <stdbool.h>
#include <stddef.h>

#include "../compiler/buf.h"
#include "../compiler/diag.h"
#include "../compiler/ir.h"

struct stv_argv {
	char **v;
	size_t n, cap;
};

/*
 * Builds the argv of a domain that passed every rule.  Returns -1, with no
 * finding, when it cannot be built: out of memory, or a value the rules
 * should have refused (a bug: the caller says so).
 */
int stv_build_argv(const struct stv_domain *dom, const struct stv_options *opt,
		   struct stv_argv *out);
void stv_argv_free(struct stv_argv *a);
/* The word after option in the argv (e.g. "-mem-path"), or NULL. */
const char *stv_argv_value(const struct stv_argv *a, const char *option);
/* StratoVirt uses an interface's queue pairs only with mq on (and a multi_queue tap). */
bool stv_net_multiqueue(const struct stv_net *net);
/* vhost-net, unless <driver name='qemu'/>. */
bool stv_net_vhost(const struct stv_net *net);
/* The tap is attached to a host bridge (<interface type='bridge'>). */
bool stv_net_on_bridge(const struct stv_net *net);
/*
 * The launcher and the unit create the tap and remove it afterwards: every
 * tap but an ethernet one with <target managed='no'>, which exists already.
 */
bool stv_net_tap_owned(const struct stv_net *net);

/* "DDDD:BB:SS.F", lower case: the host function's name under /sys/bus/pci/devices. */
#define STV_HOSTDEV_NAME_MAX 16
const char *stv_hostdev_name(const struct stv_hostdev *h, char buf[static STV_HOSTDEV_NAME_MAX]);

/*
 * A VNC display chosen at start (emit/vnc.c).  --emit=argv writes the -vnc
 * value as "LISTEN:" STV_VNC_AUTO_DISPLAY: the launcher and the unit find
 * the first free display when the VM starts, as libvirt does, and put it
 * in that word's place; every other word is the same.  StratoVirt refuses
 * the word as it stands ("Invalid Port param for vnc!").
 */
#define STV_VNC_DISPLAY_VAR "STV_VNC_DISPLAY"
#define STV_VNC_AUTO_DISPLAY "${" STV_VNC_DISPLAY_VAR "}"
/*
 * The index of the -vnc value whose display is chosen at start, or 0; then
 * *listen is a copy of its listen address (NULL when out of memory).
 */
size_t stv_vnc_auto_word(const struct stv_argv *a, char **listen);
/*
 * sh code of a function stv_free_vnc_display that prints the first VNC
 * display whose TCP port (5900 + display, up to 65535) no socket listens
 * on, on any address, as libvirt's port allocator chooses, from `ss
 * -Htln`; it fails when ss does or every one is taken (stv_vnc_no_display
 * says so).  The launcher and the unit run the same code.
 */
extern const char stv_vnc_free_display_fn[];
extern const char stv_vnc_no_display[];

struct stv_emit_ctx {
	const struct stv_domain *dom;
	const struct stv_options *opt;
	const struct stv_argv *argv;
	const char *source_name;	/* for header comments */
	const struct stv_source *src;	/* for lines in --emit=json; may be NULL */
	bool nul_separated;		/* -0 */
};

struct stv_emitter {
	const char *name;		/* --emit=NAME */
	const char *summary;		/* for --help */
	int mode;			/* of a file written with -o or --unit-dir */
	int (*emit)(const struct stv_emit_ctx *ctx, struct stv_buf *out,
		    struct stv_diags *d);
};

/* The table of emit formats, ended by a NULL name. */
extern const struct stv_emitter stv_emitters[];
const struct stv_emitter *stv_emitter_lookup(const char *name);

int stv_emit_argv(const struct stv_emit_ctx *ctx, struct stv_buf *out, struct stv_diags *d);
int stv_emit_json(const struct stv_emit_ctx *ctx, struct stv_buf *out, struct stv_diags *d);
int stv_emit_xml(const struct stv_emit_ctx *ctx, struct stv_buf *out, struct stv_diags *d);
int stv_emit_script(const struct stv_emit_ctx *ctx, struct stv_buf *out, struct stv_diags *d);
int stv_emit_unit(const struct stv_emit_ctx *ctx, struct stv_buf *out, struct stv_diags *d);

/* The unit file name: "stratovirt-<systemd-escaped name>.service". */
char *stv_unit_name(const struct stv_domain *dom);

/*
 * Writes data to path atomically: a temporary file in the same directory,
 * fsync, rename.  On failure the old file is untouched and no temporary
 * file is left; returns -1 with errno set.
 */
int stv_write_atomic(const char *path, const char *data, size_t len, int mode);

#endif
