/*
 * list, dominfo and domstate: what is defined, what runs, in which state.
 *
 * A domain is listed when it is defined, or when it runs: created
 * (transient) or undefined while running.  A transient domain that no
 * longer runs is gone, as with virsh, whatever file it left.
 */
#include "ctl.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "domain.h"
#include "util.h"

struct names {
	char **v;
	size_t n, cap;
};

static int add_name(struct names *ns, const char *name, size_t len)
{
	char *copy;
	if (ns->n == ns->cap) {
		size_t cap = ns->cap ? ns->cap * 2 : 16;
		char **v = realloc(ns->v, cap * sizeof *v);
		if (!v)
			return -1;
		ns->v = v;
		ns->cap = cap;
	}
	copy = strndup(name, len);
	if (!copy)
		return -1;
	if (!stv_name_ok(copy)) {
		free(copy);
		return 0;
	}
	ns->v[ns->n++] = copy;
	return 0;
}

/* NAME of each DIR/NAME.xml (dirs false) or DIR/NAME/ (dirs true). */
static int scan(const char *dir, bool dirs, struct names *ns)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int rc = 0;
	if (!d)
		return 0;	/* no such directory: nothing there */
	while (rc == 0 && (e = readdir(d))) {
		size_t len = strlen(e->d_name);
		struct stat st;
		char *path;
		if (e->d_name[0] == '.')
			continue;
		if (!dirs) {
			if (len > 4 && strcmp(e->d_name + len - 4, ".xml") == 0)
				rc = add_name(ns, e->d_name, len - 4);
			continue;
		}
		path = stv_asprintf("%s/%s", dir, e->d_name);
		if (!path)
			rc = -1;
		else if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode))
			rc = add_name(ns, e->d_name, len);
		free(path);
	}
	closedir(d);
	return rc;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void free_names(struct names *ns)
{
	for (size_t i = 0; i < ns->n; i++)
		free(ns->v[i]);
	free(ns->v);
}

/* Every name stv-ctl could report on, sorted, each once. */
static int all_names(const struct stv_ctl *c, struct names *ns)
{
	size_t k = 0;
	if (scan(c->paths.config, false, ns) < 0 || scan(c->paths.runtime, false, ns) < 0 ||
	    scan(c->paths.runtime, true, ns) < 0)
		return -1;
	qsort(ns->v, ns->n, sizeof *ns->v, cmp_names);
	for (size_t i = 0; i < ns->n; i++) {
		if (k > 0 && strcmp(ns->v[k - 1], ns->v[i]) == 0)
			free(ns->v[i]);
		else
			ns->v[k++] = ns->v[i];
	}
	ns->n = k;
	return 0;
}

/* The entry of name; false when there is no such domain (or it is gone). */
static bool entry(struct stv_ctl *c, const char *name, struct stv_ctl_entry *e, char **why)
{
	struct stv_run run;
	memset(e, 0, sizeof *e);
	stv_run_probe(&c->paths, name, c->set.qmp_ms, &run);
	e->persistent = stv_ctl_defined(c, name);
	if (!run.alive && !e->persistent)
		return false;
	e->pid = run.pid;
	e->autostart = e->persistent && stv_ctl_is_autostart(c, name);
	e->state = run.alive ? stv_run_state(&c->paths, name, c->set.qmp_ms, why)
			     : STV_STATE_SHUT_OFF;
	return true;
}

void stv_ctl_entries_free(struct stv_ctl_entry *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i].name);
	free(v);
}

int stv_ctl_list(struct stv_ctl *c, bool all, struct stv_ctl_entry **out, size_t *n,
		 struct stv_ctl_result *r)
{
	struct names ns = { 0 };
	struct stv_ctl_entry *v = NULL;
	int rc = -1;
	*out = NULL;
	*n = 0;
	if (all_names(c, &ns) < 0 || (ns.n && !(v = calloc(ns.n, sizeof *v)))) {
		stv_ctl_fail(r, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < ns.n; i++) {
		char *why = NULL;
		struct stv_ctl_entry *e = &v[*n];
		if (entry(c, ns.v[i], e, &why) && (all || e->state != STV_STATE_SHUT_OFF)) {
			e->name = ns.v[i];
			ns.v[i] = NULL;
			++*n;
		}
		free(why);
	}
	*out = v;
	v = NULL;
	rc = 0;
out:
	free(v);
	free_names(&ns);
	return rc;
}

void stv_ctl_info_free(struct stv_ctl_info *info)
{
	free(info->e.name);
	free(info->state_why);
	free(info->uuid);
	free(info->console);
	memset(info, 0, sizeof *info);
}

/*
 * The definition a domain's figures come from: the one a run started from
 * (a unit started at boot has none in its runtime directory), else the
 * defined one, else the transient one.
 */
static char *definition_of(const struct stv_ctl *c, const char *name, bool alive)
{
	static const enum stv_path order[] = { STV_P_LIVE_XML, STV_P_DEFINITION, STV_P_TRANSIENT };
	for (size_t i = alive ? 0 : 1; i < sizeof order / sizeof order[0]; i++) {
		char *path = stv_path(&c->paths, name, order[i]);
		if (!path || ctl_exists(path) || i + 1 == sizeof order / sizeof order[0])
			return path;
		free(path);
	}
	return NULL;
}

int stv_ctl_dominfo(struct stv_ctl *c, const char *name, struct stv_ctl_info *info,
		    struct stv_ctl_result *r)
{
	struct stv_ctl_domain dom = { 0 };
	char *path;
	bool alive;
	int rc;
	memset(info, 0, sizeof *info);
	if (stv_ctl_check_name(name, r) < 0)
		return -1;
	if (!entry(c, name, &info->e, &info->state_why))
		return stv_ctl_fail(r, "no domain named %s", name);
	alive = info->e.state != STV_STATE_SHUT_OFF;
	path = definition_of(c, name, alive);
	if (!path || !(info->e.name = strdup(name)))
		rc = stv_ctl_fail(r, "out of memory");
	else
		rc = stv_ctl_check(c, &(struct stv_ctl_request){ .file = path, .expect_name = name },
				   "no information", false, &dom, r);
	if (rc == 0) {
		info->uuid = dom.uuid;
		dom.uuid = NULL;
		info->vcpus = dom.vcpus;
		info->memory_kib = dom.memory_kib;
		info->current_memory_kib = dom.current_memory_kib;
		if (alive)
			info->console = stv_ctl_console_path(c, name, NULL);
	}
	stv_ctl_domain_free(&dom);
	free(path);
	return rc;
}
