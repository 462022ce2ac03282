/*
 * The runtime directory: where the QMP socket (and the launcher's pid file)
 * live.  One function, shared by the checks (qmp-path-length) and the
 * emitters, so the path that is checked is the path that is emitted.
 */
#include <stdlib.h>
#include <string.h>

#include "ir.h"
#include "values.h"

#define STV_RUNTIME_BASE "/run/stratovirt/"

/*
 * --runtime-dir as given, less trailing slashes (so RUNDIR/qmp.sock never
 * has "//"), or /run/stratovirt/ plus the name verbatim.  StratoVirt takes
 * the -qmp path literally, and names are A-Z a-z 0-9 _ - : (rule name), all
 * safe in one path component, so the directory is the one every other tool
 * (stv-ctl, an operator with socat) finds by the domain's name.
 */
char *stv_runtime_dir(const struct stv_domain *dom, const struct stv_options *opt)
{
	if (opt && opt->runtime_dir)
		return stv_dir_dup(opt->runtime_dir);
	const char *name = dom && dom->name.s ? dom->name.s : "";
	return stv_asprintf("%s%s", STV_RUNTIME_BASE, name);
}
