/*
 * Definitions: define, undefine, edit, autostart, dumpxml, and what the
 * other verbs share (the context, results, names).
 *
 * A definition is installed from bytes read once: what is checked is what
 * is written (no second read of the file between the two).  It goes in
 * with a temporary file and a rename, so a reader sees the old definition
 * or the new one, and a definition with any error is never written.
 */
#define _DEFAULT_SOURCE	/* mkstemps */
#include "ctl.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "backend.h"
#include "domain.h"
#include "lock.h"
#include "proc.h"
#include "util.h"

/* As stv-compile's default --max-size. */
#define DEFINITION_MAX (16u << 20)

int stv_ctl_init(struct stv_ctl *c, const struct stv_backend *backend,
		 const struct stv_ctl_settings *set, const char *config_env,
		 const char *runtime_env, char **why)
{
	memset(c, 0, sizeof *c);
	c->backend = backend;
	c->set = *set;
	return stv_paths_init(&c->paths, config_env, runtime_env, why);
}

void stv_ctl_free(struct stv_ctl *c)
{
	stv_ctl_compiler_free(c->cc);
	stv_paths_free(&c->paths);
}

void stv_ctl_result_free(struct stv_ctl_result *r)
{
	free(r->error);
	free(r->findings);
	free(r->note);
	free(r->name);
	memset(r, 0, sizeof *r);
}

int stv_ctl_fail(struct stv_ctl_result *r, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	free(r->error);
	r->error = stv_vasprintf(fmt, ap);
	va_end(ap);
	return -1;
}

/* The note replaced; a NULL from stv_asprintf only loses the note. */
static void note(struct stv_ctl_result *r, char *text)
{
	free(r->note);
	r->note = text;
}

struct stv_ctl_compiler *stv_ctl_compiler(struct stv_ctl *c, struct stv_ctl_result *r)
{
	char *why = NULL;
	if (!c->cc && !(c->cc = stv_ctl_compiler_new(&why))) {
		stv_ctl_fail(r, "cannot start the compiler: %s", why ? why : "out of memory");
		free(why);
	}
	return c->cc;
}

int stv_ctl_check_name(const char *name, struct stv_ctl_result *r)
{
	if (stv_name_ok(name))
		return 0;
	return stv_ctl_fail(r, "'%s' is not a domain name (A-Z a-z 0-9 _ - :, at most %d "
			    "characters, not starting with '-')", name, STV_NAME_MAX);
}

bool stv_ctl_exists(const struct stv_ctl *c, const char *name, enum stv_path k)
{
	char *path = stv_path(&c->paths, name, k);
	bool there = ctl_exists(path);
	free(path);
	return there;
}

bool stv_ctl_defined(const struct stv_ctl *c, const char *name)
{
	return stv_ctl_exists(c, name, STV_P_DEFINITION);
}

bool stv_ctl_is_autostart(const struct stv_ctl *c, const char *name)
{
	return stv_ctl_exists(c, name, STV_P_AUTOSTART);
}

static int read_input(const char *file, char **data, size_t *len, struct stv_ctl_result *r)
{
	if (ctl_read_file(file, DEFINITION_MAX, data, len) == 0)
		return 0;
	if (errno == EFBIG)
		return stv_ctl_fail(r, "%s is larger than %u bytes", file, DEFINITION_MAX);
	return stv_ctl_fail(r, "cannot read %s: %s", file, strerror(errno));
}

int stv_ctl_check(struct stv_ctl *c, const struct stv_ctl_request *in, const char *what,
		  bool warnings, struct stv_ctl_domain *dom, struct stv_ctl_result *r)
{
	struct stv_ctl_compiler *cc = stv_ctl_compiler(c, r);
	struct stv_ctl_request req = *in;
	const char *file = in->file;
	req.runtime = c->paths.runtime;
	memset(dom, 0, sizeof *dom);
	if (!cc)
		return -1;
	int rc = stv_ctl_compile(cc, &req, dom);
	/* Warnings are news when the user hands in a file; errors always. */
	if (dom->findings && *dom->findings && (rc < 0 || warnings)) {
		r->findings = dom->findings;
		dom->findings = NULL;
	}
	if (rc == 0 && !stv_name_ok(dom->name))
		rc = stv_ctl_check_name(dom->name, r);
	else if (rc < 0 && dom->errors > 0)
		stv_ctl_fail(r, "%s has %zu error%s; %s", file, dom->errors,
			     dom->errors == 1 ? "" : "s", what);
	else if (rc < 0)
		stv_ctl_fail(r, "%s; %s", dom->first_error ? dom->first_error : "out of memory", what);
	return rc;
}

int stv_ctl_lock(struct stv_ctl *c, const char *name, struct stv_ctl_result *r)
{
	char *why = NULL;
	int fd = stv_lock_domain(&c->paths, name, c->set.lock_ms, &why);
	if (fd < 0) {
		stv_ctl_fail(r, "%s", why ? why : "out of memory");
		free(why);
	}
	return fd;
}

int stv_ctl_reload(struct stv_ctl *c, struct stv_ctl_result *r)
{
	char *why = NULL;
	if (c->backend->reload(c, &why) == 0)
		return 0;
	stv_ctl_fail(r, "%s", why ? why : "out of memory");
	free(why);
	return -1;
}

bool stv_ctl_running(struct stv_ctl *c, const char *name)
{
	struct stv_run run;
	stv_run_probe(&c->paths, name, c->set.qmp_ms, &run);
	return run.alive;
}

/* Writes data as NAME's definition, under the lock, then reloads. */
static int install(struct stv_ctl *c, const char *name, const char *data, size_t len,
		   struct stv_ctl_result *r)
{
	char *path = stv_path(&c->paths, name, STV_P_DEFINITION);
	int fd = stv_ctl_lock(c, name, r), rc = -1;
	if (fd < 0 || !path)
		goto out;
	if (ctl_mkdirs(c->paths.config, 0755) < 0 ||
	    stv_ctl_write_atomic(path, data, len, 0600) < 0) {
		stv_ctl_fail(r, "cannot write %s: %s", path, strerror(errno));
		goto out;
	}
	rc = stv_ctl_reload(c, r);
	if (stv_ctl_running(c, name))
		note(r, stv_asprintf("%s is running: the new definition takes effect when it is "
				 "next started", name));
out:
	if (fd >= 0)
		close(fd);
	free(path);
	return rc;
}

int stv_ctl_define(struct stv_ctl *c, const char *file, struct stv_ctl_result *r)
{
	struct stv_ctl_domain dom;
	char *data = NULL;
	size_t len;
	int rc = read_input(file, &data, &len, r);
	if (rc == 0) {
		struct stv_ctl_request req = { .file = file, .data = data, .len = len };
		rc = stv_ctl_check(c, &req, "nothing was defined", true, &dom, r);
		if (rc == 0)
			rc = install(c, dom.name, data, len, r);
		if (rc == 0)
			r->name = strdup(dom.name);
		stv_ctl_domain_free(&dom);
	}
	free(data);
	return rc;
}

/* -1 with "not defined" (or why it cannot be) unless name is defined. */
int stv_ctl_need_defined(struct stv_ctl *c, const char *name, struct stv_ctl_result *r)
{
	if (stv_ctl_check_name(name, r) < 0)
		return -1;
	if (stv_ctl_defined(c, name))
		return 0;
	if (stv_ctl_exists(c, name, STV_P_TRANSIENT) && stv_ctl_running(c, name))
		return stv_ctl_fail(r, "%s is a transient domain (create): it has no definition; "
				    "destroy ends it", name);
	return stv_ctl_fail(r, "no domain named %s is defined", name);
}

static void unlink_path(struct stv_ctl *c, const char *name, enum stv_path k)
{
	char *path = stv_path(&c->paths, name, k);
	if (path)
		unlink(path);
	free(path);
}

int stv_ctl_undefine(struct stv_ctl *c, const char *name, struct stv_ctl_result *r)
{
	int fd, rc;
	if (stv_ctl_need_defined(c, name, r) < 0 || (fd = stv_ctl_lock(c, name, r)) < 0)
		return -1;
	unlink_path(c, name, STV_P_AUTOSTART);
	unlink_path(c, name, STV_P_DEFINITION);
	rc = stv_ctl_reload(c, r);
	if (stv_ctl_running(c, name)) {
		note(r, stv_asprintf("%s keeps running until it stops or is destroyed", name));
	} else {
		char *dir = stv_path(&c->paths, name, STV_P_RUNDIR);
		unlink_path(c, name, STV_P_LOG);
		if (dir)
			rmdir(dir);
		free(dir);
	}
	close(fd);
	return rc;
}

int stv_ctl_autostart(struct stv_ctl *c, const char *name, bool enable,
		      struct stv_ctl_result *r)
{
	char *link = stv_path(&c->paths, name, STV_P_AUTOSTART);
	char *dir = stv_path(&c->paths, name, STV_P_AUTOSTART_DIR);
	char *target = stv_asprintf("../%s.xml", name);
	int fd = -1, rc = -1;
	if (!link || !dir || !target) {
		stv_ctl_fail(r, "out of memory");
		goto out;
	}
	if (stv_ctl_need_defined(c, name, r) < 0 || (fd = stv_ctl_lock(c, name, r)) < 0)
		goto out;
	if (enable && (ctl_mkdirs(dir, 0755) < 0 || ctl_symlink_atomic(target, link) < 0))
		stv_ctl_fail(r, "cannot create %s: %s", link, strerror(errno));
	else if (!enable && unlink(link) < 0 && errno != ENOENT)
		stv_ctl_fail(r, "cannot remove %s: %s", link, strerror(errno));
	else
		rc = stv_ctl_reload(c, r);
	if (rc == 0 && enable && c->backend == &stv_backend_direct)
		note(r, stv_asprintf("recorded; without systemd nothing starts domains at boot "
				 "(stv-generator does, under systemd)"));
out:
	if (fd >= 0)
		close(fd);
	free(link);
	free(dir);
	free(target);
	return rc;
}

/* A private copy to edit: $TMPDIR/stv-NAME-XXXXXX.xml holding data. */
static char *edit_copy(const char *name, const char *data, size_t len, struct stv_ctl_result *r)
{
	const char *tmpdir = getenv("TMPDIR") && *getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
	char *path = stv_asprintf("%s/stv-%s-XXXXXX.xml", tmpdir, name);
	int fd = path ? mkstemps(path, 4) : -1;
	if (fd >= 0 && write(fd, data, len) == (ssize_t)len && close(fd) == 0)
		return path;
	stv_ctl_fail(r, "cannot make a copy to edit in %s: %s", tmpdir, strerror(errno));
	if (fd >= 0) {
		close(fd);
		unlink(path);
	}
	free(path);
	return NULL;
}

/* $EDITOR on path, through sh: EDITOR may carry options ("emacs -nw"). */
static int run_editor(const char *editor, const char *path, struct stv_ctl_result *r)
{
	char *cmd = stv_asprintf("%s \"$1\"", editor), *why = NULL;
	char *argv[] = { "/bin/sh", "-c", cmd, "sh", (char *)path, NULL };
	int st = cmd ? ctl_run_tty(argv, &why) : -1;
	if (st != 0)
		stv_ctl_fail(r, st < 0 ? "cannot run the editor: %s" : "the editor %s failed",
			     st < 0 ? (why ? why : "out of memory") : editor);
	free(why);
	free(cmd);
	return st == 0 ? 0 : -1;
}

/* After the editor: install the copy when it changed and validates. */
static int save_edit(struct stv_ctl *c, const char *name, const char *copy, const char *orig,
		     size_t orig_len, struct stv_ctl_result *r)
{
	struct stv_ctl_domain dom;
	char *data = NULL;
	size_t len;
	int rc = read_input(copy, &data, &len, r);
	if (rc == 0 && len == orig_len && memcmp(data, orig, len) == 0) {
		r->unchanged = true;
	} else if (rc == 0) {
		struct stv_ctl_request req = {
			.file = copy, .data = data, .len = len, .expect_name = name,
		};
		rc = stv_ctl_check(c, &req, "nothing was saved", true, &dom, r);
		if (rc == 0)
			rc = install(c, name, data, len, r);
		stv_ctl_domain_free(&dom);
	}
	free(data);
	return rc;
}

int stv_ctl_edit(struct stv_ctl *c, const char *name, const char *editor,
		 struct stv_ctl_result *r)
{
	char *orig = NULL, *path = NULL, *copy = NULL;
	size_t len;
	int rc = -1;
	if (stv_ctl_need_defined(c, name, r) < 0 || !(path = stv_path(&c->paths, name, STV_P_DEFINITION)) ||
	    read_input(path, &orig, &len, r) < 0 || !(copy = edit_copy(name, orig, len, r)))
		goto out;
	rc = run_editor(editor, copy, r);
	if (rc == 0)
		rc = save_edit(c, name, copy, orig, len, r);
	/* A copy that was not saved is the user's work: keep it and say where. */
	if (rc == 0)
		unlink(copy);
	else
		note(r, stv_asprintf("your copy is kept in %s; stv-ctl define it once fixed", copy));
out:
	free(orig);
	free(path);
	free(copy);
	return rc;
}

int stv_ctl_dumpxml(struct stv_ctl *c, const char *name, bool inactive, char **xml,
		    struct stv_ctl_result *r)
{
	struct stv_ctl_domain dom;
	char *path = NULL;
	int rc = -1;
	*xml = NULL;
	if (stv_ctl_check_name(name, r) < 0)
		return -1;
	/* Running: the definition it started from, addresses assigned. */
	if (!inactive && stv_ctl_running(c, name) && (path = stv_path(&c->paths, name, STV_P_LIVE_XML)) &&
	    ctl_read_file(path, DEFINITION_MAX, xml, NULL) == 0) {
		free(path);
		return 0;
	}
	free(path);
	if (stv_ctl_need_defined(c, name, r) < 0 || !(path = stv_path(&c->paths, name, STV_P_DEFINITION)))
		return -1;
	struct stv_ctl_request req = { .file = path, .expect_name = name, .emit = STV_EMIT_XML };
	rc = stv_ctl_check(c, &req, "it cannot be shown", false, &dom, r);
	if (rc == 0) {
		*xml = dom.xml;
		dom.xml = NULL;
	}
	stv_ctl_domain_free(&dom);
	free(path);
	return rc;
}
