/*
 * The shell functions of host.h.  Each line is one complete command (no
 * line ends inside an if, a brace group or a pipeline), so joining them
 * with "; " gives the same program.
 */
#include "host.h"

/* VALUE FILE: one sysfs write, "VALUE\n" as echo(1) writes it; tee reports a failure. */
static const char *const sysfs_write[] = {
	"printf '%s\\n' \"$1\" | tee -- \"$2\" >/dev/null",
	NULL
};

static const struct stv_sh_function stv_sh_sysfs_write = { "stv_sysfs_write", sysfs_write, NULL };

/*
 * The kernel's sysfs-bus-pci: a bound function is unbound through its
 * driver's unbind file; driver_override makes vfio-pci the only driver that
 * may bind it; the bind file of vfio-pci binds it.
 */
static const char *const vfio_bind[] = {
	"stv_vfio_bound=''",
	"stv_dev=\"${STV_SYSFS:-/sys}/bus/pci/devices/$1\"",
	"stv_drv=$(readlink -- \"$stv_dev/driver\" 2>/dev/null) || stv_drv=''",
	"if [ \"${stv_drv##*/}\" = vfio-pci ]; then return 0; fi",
	"stv_vfio_bound=1",
	"if [ -n \"$stv_drv\" ] && ! stv_sysfs_write \"$1\" \"$stv_dev/driver/unbind\"; then return 1; fi",
	"stv_sysfs_write vfio-pci \"$stv_dev/driver_override\" || return 1",
	"stv_sysfs_write \"$1\" \"${STV_SYSFS:-/sys}/bus/pci/drivers/vfio-pci/bind\"",
	NULL
};

const struct stv_sh_function stv_sh_vfio_bind = { "stv_vfio_bind", vfio_bind, &stv_sh_sysfs_write };

/*
 * Every step is tried even when one fails, so a half-bound function (the
 * bind failed after the unbind) is given back too.  An empty
 * driver_override lets any driver bind it again; drivers_probe makes the
 * PCI core find the one that matches it.
 */
static const char *const vfio_restore[] = {
	"stv_rc=0",
	"stv_dev=\"${STV_SYSFS:-/sys}/bus/pci/devices/$1\"",
	"stv_sysfs_write '' \"$stv_dev/driver_override\" || stv_rc=1",
	"stv_drv=$(readlink -- \"$stv_dev/driver\" 2>/dev/null) || stv_drv=''",
	"if [ \"${stv_drv##*/}\" = vfio-pci ] && ! stv_sysfs_write \"$1\" \"${STV_SYSFS:-/sys}/bus/pci/drivers/vfio-pci/unbind\"; then stv_rc=1; fi",
	"stv_sysfs_write \"$1\" \"${STV_SYSFS:-/sys}/bus/pci/drivers_probe\" || stv_rc=1",
	"return \"$stv_rc\"",
	NULL
};

const struct stv_sh_function stv_sh_vfio_restore = { "stv_vfio_restore", vfio_restore,
						      &stv_sh_sysfs_write };

/*
 * TEMPLATE PATH.  A path that appears while the copy is made (another
 * start) is as good as one made here.  The temporary file is mktemp's,
 * mode 0600; cp into an existing file keeps that mode.
 */
static const char *const nvram_copy[] = {
	"if [ -e \"$2\" ]; then return 0; fi",
	"if [ -L \"$2\" ]; then printf 'stv: nvram %s is a symbolic link to a missing file: it is not created from the template\\n' \"$2\" >&2; return 1; fi",
	"stv_tmp=$(mktemp -- \"$2.XXXXXX\") || stv_tmp=''",
	"if [ -n \"$stv_tmp\" ] && cp -- \"$1\" \"$stv_tmp\" && ln -- \"$stv_tmp\" \"$2\"; then rm -f -- \"$stv_tmp\"; return 0; fi",
	"if [ -n \"$stv_tmp\" ]; then rm -f -- \"$stv_tmp\"; fi",
	"if [ -e \"$2\" ]; then return 0; fi",
	"printf 'stv: cannot create nvram %s from the template %s\\n' \"$2\" \"$1\" >&2",
	"return 1",
	NULL
};

const struct stv_sh_function stv_sh_nvram_copy = { "stv_nvram_copy", nvram_copy, NULL };

void stv_sh_function_define(struct stv_buf *b, const struct stv_sh_function *f)
{
	stv_buf_printf(b, "%s() {\n", f->name);
	for (const char *const *l = f->lines; *l; l++)
		stv_buf_printf(b, "\t%s\n", *l);
	stv_buf_puts(b, "}\n");
}

static void function_inline(struct stv_buf *b, const struct stv_sh_function *f)
{
	stv_buf_printf(b, "%s() {", f->name);
	for (const char *const *l = f->lines; *l; l++)
		stv_buf_printf(b, " %s;", *l);
	stv_buf_puts(b, " }; ");
}

void stv_sh_function_program(struct stv_buf *b, const struct stv_sh_function *f,
			     const char *args)
{
	if (f->uses)
		function_inline(b, f->uses);
	function_inline(b, f);
	stv_buf_printf(b, "%s %s", f->name, args);
}
