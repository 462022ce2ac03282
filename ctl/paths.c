#include "paths.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

static char *dir_from(const char *env, const char *def, const char *var, char **why)
{
	const char *d = env && *env ? env : def;
	size_t n = strlen(d);
	char *copy;
	if (d[0] != '/') {
		*why = stv_asprintf("%s='%s' must be an absolute path", var, d);
		return NULL;
	}
	while (n > 1 && d[n - 1] == '/')
		n--;
	copy = strndup(d, n);
	if (!copy)
		*why = stv_asprintf("out of memory");
	return copy;
}

int stv_paths_init(struct stv_ctl_paths *p, const char *config_env,
		   const char *runtime_env, char **why)
{
	p->config = dir_from(config_env, STV_CONFIG_DEFAULT, "STV_CONFIG_DIR", why);
	p->runtime = p->config ? dir_from(runtime_env, STV_RUNTIME_DEFAULT, "STV_RUNTIME_DIR", why)
			       : NULL;
	if (p->runtime)
		return 0;
	stv_paths_free(p);
	return -1;
}

void stv_paths_free(struct stv_ctl_paths *p)
{
	free(p->config);
	free(p->runtime);
	p->config = p->runtime = NULL;
}

bool stv_name_ok(const char *name)
{
	size_t n = strlen(name);
	if (n == 0 || n > STV_NAME_MAX || name[0] == '-')
		return false;
	return strspn(name, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
			    "0123456789_-:") == n;
}

char *stv_path(const struct stv_ctl_paths *p, const char *name, enum stv_path k)
{
	static const struct {
		bool runtime;		/* under RUNTIME, else CONFIG */
		bool named;		/* DIR/PREFIX NAME SUFFIX, else DIR/PREFIX */
		const char *prefix, *suffix;
	} t[] = {
		[STV_P_DEFINITION] = { false, true, "", ".xml" },
		[STV_P_AUTOSTART] = { false, true, "autostart/", ".xml" },
		[STV_P_AUTOSTART_DIR] = { false, false, "autostart", "" },
		[STV_P_TRANSIENT] = { true, true, "", ".xml" },
		[STV_P_LOCK] = { true, true, "", ".lock" },
		[STV_P_RUNDIR] = { true, true, "", "" },
		[STV_P_QMP] = { true, true, "", "/qmp.sock" },
		[STV_P_PID] = { true, true, "", "/pid" },
		[STV_P_CONSOLE] = { true, true, "", "/console" },
		[STV_P_LIVE_XML] = { true, true, "", "/domain.xml" },
		[STV_P_SCRIPT] = { true, true, "", "/launch.sh" },
		[STV_P_LAUNCHER] = { true, true, "", "/launcher" },
		[STV_P_LOG] = { true, true, "", "/log" },
	};
	return stv_asprintf("%s/%s%s%s", t[k].runtime ? p->runtime : p->config, t[k].prefix,
			t[k].named && name ? name : "", t[k].suffix);
}

int ctl_mkdirs(const char *dir, int mode)
{
	char *copy = strdup(dir);
	int rc = 0;
	if (!copy) {
		errno = ENOMEM;
		return -1;
	}
	/* Each ancestor with the usual mode; only dir itself gets mode. */
	for (char *s = strchr(copy + 1, '/'); s && rc == 0; s = strchr(s + 1, '/')) {
		*s = '\0';
		if (mkdir(copy, 0755) < 0 && errno != EEXIST)
			rc = -1;
		*s = '/';
	}
	if (rc == 0 && mkdir(copy, (mode_t)mode) < 0 && errno != EEXIST)
		rc = -1;
	free(copy);
	return rc;
}

int ctl_symlink_atomic(const char *target, const char *link)
{
	char *tmp = stv_asprintf("%s.%ld.tmp", link, (long)getpid());
	int err;
	if (!tmp) {
		errno = ENOMEM;
		return -1;
	}
	unlink(tmp);
	if (symlink(target, tmp) == 0 && rename(tmp, link) == 0) {
		free(tmp);
		return 0;
	}
	err = errno;
	unlink(tmp);
	free(tmp);
	errno = err;
	return -1;
}
