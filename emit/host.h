/*
 * What the launcher (script.c) and the unit (unit.c) do on the host besides
 * the taps, written once as shell functions that both run:
 *
 *   stv_vfio_bind ADDR       a managed <hostdev>: unbind the function from
 *                            its driver, set its driver_override to
 *                            vfio-pci, bind it to vfio-pci; sets
 *                            stv_vfio_bound to 1, or to '' when it was
 *                            bound to vfio-pci already and nothing was done
 *   stv_vfio_restore ADDR    gives it back: clears driver_override, unbinds
 *                            it from vfio-pci, asks the PCI core to probe it
 *                            again, so the host's own driver takes it
 *   stv_nvram_copy TEMPLATE PATH
 *                            libvirt's <nvram template>: when PATH does not
 *                            exist, the template is copied to a temporary
 *                            file in PATH's directory (mode 0600) and linked
 *                            into place; link(2), unlike rename(2), never
 *                            replaces what is there, and a symbolic link at
 *                            PATH is never followed
 *
 * The sysfs root is ${STV_SYSFS:-/sys}, so the tests can run them on a fake
 * tree; every write goes through tee(1), called by name, so the tests can
 * record each one.  Each line of a function is one complete command: the
 * script writes one per line, the unit joins them with "; " into the one
 * word of sh -c.  Data reaches them only as arguments, never as code.
 */
#ifndef STV_HOST_H
#define STV_HOST_H

#include "../compiler/buf.h"

struct stv_sh_function {
	const char *name;
	const char *const *lines;	/* NULL-terminated */
	const struct stv_sh_function *uses;	/* a function it calls, or NULL */
};

extern const struct stv_sh_function stv_sh_vfio_bind;
extern const struct stv_sh_function stv_sh_vfio_restore;
extern const struct stv_sh_function stv_sh_nvram_copy;

/* "NAME() {\n\tLINE\n...}\n": the function as the script defines it. */
void stv_sh_function_define(struct stv_buf *b, const struct stv_sh_function *f);

/*
 * "USES() { L1; L2; }; NAME() { L1; L2; }; NAME ARGS": a program for
 * sh -c that defines f (and what it uses) on one line and calls it with
 * args, e.g. "\"$1\" \"$2\"".
 */
void stv_sh_function_program(struct stv_buf *b, const struct stv_sh_function *f,
			     const char *args);

#endif
