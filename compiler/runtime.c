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
 * has "//"), or /run/stratovirt/ plus the name escaped as systemd-escape
 * does: the name may hold ':' and the directory must be one path component.
 */
char *stv_runtime_dir(const struct stv_domain *dom, const struct stv_options *opt)
{
	if (opt && opt->runtime_dir)
		return stv_dir_dup(opt->runtime_dir);

	const char *name = dom && dom->name.s ? dom->name.s : "";
	char *escaped = stv_systemd_escape(name);
	if (!escaped)
		return NULL;
	char *dir = stv_asprintf("%s%s", STV_RUNTIME_BASE, escaped);
	free(escaped);
	return dir;
}
