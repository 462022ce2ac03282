/*
 * One compiler session for the whole run, one pass per definition: at
 * boot, with systemd waiting, 1,000 definitions take well under a second
 * (bench/generator.sh measures it).  Files are visited in name order so
 * the output (and --dryrun's) is deterministic.
 */
#include "generator.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <syslog.h>

#include "compile.h"
#include "util.h"

#define WANTS "multi-user.target.wants"

struct source {
	char *name, *path;
	bool transient;
};

struct gen {
	const struct stv_ctl_paths *p;
	const char *dir;
	bool dryrun;
	const struct stv_gen_sink *sink;
	struct stv_ctl_compiler *cc;
	struct source *v;
	size_t n, cap;
	int status;
};

static void logf_(struct gen *g, int priority, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void logf_(struct gen *g, int priority, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *line = stv_vasprintf(fmt, ap);
	va_end(ap);
	g->sink->log(g->sink->ctx, priority, line ? line : "out of memory");
	free(line);
	if (priority <= LOG_ERR && g->status == 0)
		g->status = 1;
}

static bool known(const struct gen *g, const char *name)
{
	for (size_t i = 0; i < g->n; i++)
		if (strcmp(g->v[i].name, name) == 0)
			return true;
	return false;
}

static int add(struct gen *g, char *name, char *path, bool transient)
{
	if (g->n == g->cap) {
		size_t cap = g->cap ? g->cap * 2 : 64;
		struct source *v = realloc(g->v, cap * sizeof *v);
		if (!v)
			return -1;
		g->v = v;
		g->cap = cap;
	}
	g->v[g->n++] = (struct source){ name, path, transient };
	return 0;
}

/* dir/file when it is NAME.xml; a name already seen (transient) wins. */
static int consider(struct gen *g, const char *dir, const char *file, bool transient)
{
	size_t len = strlen(file);
	struct stat st;
	if (file[0] == '.' || len <= 4 || strcmp(file + len - 4, ".xml") != 0)
		return 0;
	char *name = strndup(file, len - 4), *path = stv_asprintf("%s/%s", dir, file);
	int rc = name && path ? 0 : -1;
	bool fresh = rc == 0 && !known(g, name);
	if (fresh && (stat(path, &st) < 0 || !S_ISREG(st.st_mode)))
		logf_(g, LOG_ERR, "skipped: %s: not a regular file", path);
	else if (fresh && !stv_name_ok(name))
		logf_(g, LOG_ERR, "skipped: %s: '%s' is not a domain name", path, name);
	else if (fresh && (rc = add(g, name, path, transient)) == 0)
		return 0;
	free(name);
	free(path);
	return rc;
}

/* Every DIR/NAME.xml, in name order. */
static int scan(struct gen *g, const char *dir, bool transient)
{
	struct dirent **list;
	int n = scandir(dir, &list, NULL, alphasort), rc = 0;
	if (n < 0)
		return errno == ENOENT ? 0 : -1;
	for (int i = 0; i < n; i++) {
		if (rc == 0)
			rc = consider(g, dir, list[i]->d_name, transient);
		free(list[i]);
	}
	free(list);
	return rc;
}

static int cmp_source(const void *a, const void *b)
{
	return strcmp(((const struct source *)a)->name, ((const struct source *)b)->name);
}

/* Writes (or shows) NORMAL/rel: a unit, or a symlink to text. */
static void put(struct gen *g, const char *rel, const char *text, bool link)
{
	char *path = stv_asprintf("%s/%s", g->dir, rel);
	int rc;
	if (!path) {
		logf_(g, LOG_ERR, "out of memory");
		return;
	}
	if (g->dryrun)
		g->sink->dry(g->sink->ctx, rel, text, link);
	else {
		rc = link ? ctl_symlink_atomic(text, path)
			  : stv_ctl_write_atomic(path, text, strlen(text), 0644);
		if (rc < 0)
			logf_(g, LOG_ERR, "cannot write %s: %s", path, strerror(errno));
	}
	free(path);
}

static bool autostart(const struct gen *g, const struct source *s)
{
	char *link = s->transient ? NULL : stv_path(g->p, s->name, STV_P_AUTOSTART);
	struct stat st;
	bool on = link && lstat(link, &st) == 0;
	free(link);
	return on;
}

static void wants_link(struct gen *g, const char *unit)
{
	char *dir = stv_asprintf("%s/" WANTS, g->dir), *rel = stv_asprintf(WANTS "/%s", unit);
	char *target = stv_asprintf("../%s", unit);
	if (!dir || !rel || !target)
		logf_(g, LOG_ERR, "out of memory");
	else if (!g->dryrun && ctl_mkdirs(dir, 0755) < 0)
		logf_(g, LOG_ERR, "cannot create %s: %s", dir, strerror(errno));
	else
		put(g, rel, target, true);
	free(dir);
	free(rel);
	free(target);
}

static void generate_one(struct gen *g, const struct source *s)
{
	struct stv_ctl_request req = {
		.file = s->path, .expect_name = s->name, .runtime = g->p->runtime,
		.source_path = s->path, .emit = STV_EMIT_UNIT,
	};
	struct stv_ctl_domain dom;
	char *unit = stv_ctl_unit_name(s->name);
	if (!unit) {
		logf_(g, LOG_ERR, "out of memory");
	} else if (stv_ctl_compile(g->cc, &req, &dom) < 0) {
		logf_(g, LOG_ERR, "skipped: %s%s",
		      dom.first_error ? dom.first_error : "out of memory",
		      dom.errors > 1 ? " (and more: stv-validate lists every finding)" : "");
	} else {
		put(g, unit, dom.unit, false);
		if (autostart(g, s))
			wants_link(g, unit);
	}
	stv_ctl_domain_free(&dom);
	free(unit);
}

int stv_generate(const struct stv_ctl_paths *p, const char *dir, bool dryrun,
		 const struct stv_gen_sink *sink)
{
	struct gen g = { .p = p, .dir = dir, .dryrun = dryrun, .sink = sink };
	char *why = NULL;
	if (!(g.cc = stv_ctl_compiler_new(&why))) {
		logf_(&g, LOG_ERR, "cannot start the compiler: %s", why ? why : "out of memory");
		free(why);
		return -1;
	}
	if (scan(&g, p->runtime, true) < 0 || scan(&g, p->config, false) < 0) {
		logf_(&g, LOG_ERR, "cannot read the definitions: %s", strerror(errno));
		g.status = -1;
	}
	qsort(g.v, g.n, sizeof *g.v, cmp_source);
	for (size_t i = 0; g.status >= 0 && i < g.n; i++)
		generate_one(&g, &g.v[i]);
	for (size_t i = 0; i < g.n; i++) {
		free(g.v[i].name);
		free(g.v[i].path);
	}
	free(g.v);
	stv_ctl_compiler_free(g.cc);
	return g.status;
}
