/*
 * The adapter between the management half and the compiler: the only file
 * of ctl/ that includes compiler/ or emit/ headers.  It runs the pipeline
 * as stv-compile does and hands back plain strings and numbers.
 */
#include "compile.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../compiler/pipeline.h"
#include "../compiler/report.h"
#include "../emit/emit.h"
#include "util.h"

struct stv_ctl_compiler {
	struct stv_session s;
};

struct stv_ctl_compiler *stv_ctl_compiler_new(char **why)
{
	struct stv_ctl_compiler *cc = calloc(1, sizeof *cc);
	if (!cc) {
		*why = stv_asprintf("out of memory");
		return NULL;
	}
	/* No schema: the structural pass states it, as stv-validate runs by default. */
	if (stv_session_init(&cc->s, NULL, false, why) < 0) {
		stv_session_free(&cc->s);
		free(cc);
		return NULL;
	}
	return cc;
}

void stv_ctl_compiler_free(struct stv_ctl_compiler *cc)
{
	if (!cc)
		return;
	stv_session_free(&cc->s);
	free(cc);
}

void stv_ctl_domain_free(struct stv_ctl_domain *d)
{
	free(d->name);
	free(d->uuid);
	free(d->script);
	free(d->unit);
	free(d->xml);
	free(d->findings);
	free(d->first_error);
	memset(d, 0, sizeof *d);
}

char *stv_ctl_unit_name(const char *name)
{
	struct stv_domain dom = { .name = { .s = (char *)name } };
	return stv_unit_name(&dom);
}

int stv_ctl_write_atomic(const char *path, const char *data, size_t len, int mode)
{
	return stv_write_atomic(path, data, len, mode);
}

/* Every finding as stv-compile prints it (gcc format). */
static char *render_findings(const struct stv_diags *d)
{
	const struct stv_format *gcc = stv_format_lookup("gcc");
	const struct stv_print how = { .quiet = false, .caret = true };
	char *text = NULL;
	size_t len = 0, printed = 0;
	FILE *f = open_memstream(&text, &len);
	if (!f)
		return NULL;
	gcc->file(f, d, &how, &printed);
	if (fclose(f) != 0) {
		free(text);
		return NULL;
	}
	return text;
}

static char *first_error(const struct stv_diags *d)
{
	for (size_t i = 0; i < d->n; i++) {
		const struct stv_diag *g = &d->v[i];
		if (g->severity != STV_ERROR)
			continue;
		if (g->pos.line > 0)
			return stv_asprintf("%s:%d:%d: %s [%s]", d->file, g->pos.line, g->pos.col,
					g->message, stv_rule_info(g->rule)->id);
		return stv_asprintf("%s: %s [%s]", d->file, g->message, stv_rule_info(g->rule)->id);
	}
	return d->oom ? stv_asprintf("%s: out of memory", d->file) : NULL;
}

static bool has_pty_console(const struct stv_domain *dom)
{
	for (size_t i = 0; i < dom->ndevs; i++)
		if (dom->devs[i].kind == STV_DEV_CONSOLE &&
		    stv_is(&dom->devs[i].u.console.type, STV_CONSOLE_TYPE_PTY))
			return true;
	return false;
}

static void describe(const struct stv_domain *dom, struct stv_ctl_domain *out)
{
	out->name = dom->name.s ? strdup(dom->name.s) : NULL;
	out->uuid = dom->uuid.s ? strdup(dom->uuid.s) : NULL;
	out->vcpus = dom->vcpus.v;
	out->memory_kib = dom->memory.v / 1024;
	out->current_memory_kib =
		(dom->current_memory.set ? dom->current_memory.v : dom->memory.v) / 1024;
	out->pty_console = has_pty_console(dom);
}

/*
 * The unit with "SourcePath=FILE" after "[Unit]".  The setting expands
 * specifiers, so '%' is doubled; it cannot carry a control byte.
 */
static char *with_source_path(const char *unit, const char *path)
{
	const char *at = strstr(unit, "[Unit]\n");
	size_t pct = 0;
	for (const char *p = path; *p; p++) {
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			return NULL;
		pct += *p == '%';
	}
	if (!at)
		return NULL;
	at += strlen("[Unit]\n");
	char *o = malloc(strlen(unit) + strlen("SourcePath=\n") + strlen(path) + pct + 1);
	if (!o)
		return NULL;
	char *q = o + (at - unit);
	memcpy(o, unit, (size_t)(at - unit));
	q += sprintf(q, "SourcePath=");
	for (const char *p = path; *p; p++) {
		if (*p == '%')
			*q++ = '%';
		*q++ = *p;
	}
	*q++ = '\n';
	strcpy(q, at);
	return o;
}

/* One emitter's output as a heap string, or NULL. */
static char *emit_one(const char *emitter, const struct stv_emit_ctx *ctx, struct stv_diags *d)
{
	struct stv_buf b = { 0 };
	char *text = NULL;
	if (stv_emitter_lookup(emitter)->emit(ctx, &b, d) == 0 && !b.oom)
		text = strdup(b.p ? b.p : "");
	stv_buf_free(&b);
	return text;
}

/* Emits what req asks for; -1 when anything failed (findings say why). */
static int emit(struct stv_session *s, struct stv_result *r, const struct stv_ctl_request *req,
		struct stv_ctl_domain *out)
{
	struct stv_argv argv = { 0 };
	struct stv_emit_ctx ctx = { .dom = r->dom, .opt = &s->opt, .argv = &argv,
				    .source_name = req->file, .src = &r->src };
	int rc = stv_build_argv(r->dom, &s->opt, &argv);
	if (rc < 0)	/* no finding says why: as stv-compile, a bug to report */
		out->first_error = stv_asprintf("%s: internal error: the domain passed every rule but "
					    "its command line could not be built; please report "
					    "this with the file", req->file);
	if (rc == 0 && (req->emit & STV_EMIT_SCRIPT) && !(out->script = emit_one("script", &ctx, &r->diags)))
		rc = -1;
	if (rc == 0 && (req->emit & STV_EMIT_XML) && !(out->xml = emit_one("xml", &ctx, &r->diags)))
		rc = -1;
	if (rc == 0 && (req->emit & STV_EMIT_UNIT)) {
		char *unit = emit_one("unit", &ctx, &r->diags);
		out->unit = unit && req->source_path ? with_source_path(unit, req->source_path) : unit;
		if (out->unit != unit)
			free(unit);
		if (!out->unit)
			rc = -1;
	}
	stv_argv_free(&argv);
	return rc;
}

static void run(struct stv_session *s, const struct stv_ctl_request *req, struct stv_result *r)
{
	if (req->data)
		stv_run_buffer(s, req->file, req->data, req->len, r);
	else
		stv_run(s, req->file, r);
}

/* The <name> of a file, from a first pass: the runtime directory needs it. */
static char *name_of(struct stv_session *s, const struct stv_ctl_request *req)
{
	struct stv_result r;
	char *name = NULL;
	s->opt.runtime_dir = NULL;
	run(s, req, &r);
	if (r.dom && r.dom->name.s)
		name = strdup(r.dom->name.s);
	stv_result_free(&r);
	return name;
}

static void summarize(struct stv_result *r, struct stv_ctl_domain *out)
{
	stv_diags_sort(&r->diags);
	out->errors = r->diags.errors;
	out->warnings = r->diags.warnings;
	out->findings = render_findings(&r->diags);
	if (!out->first_error)
		out->first_error = first_error(&r->diags);
}

/* Why a lowered domain cannot be used as asked, or NULL when it can. */
static char *unusable(const struct stv_ctl_request *req, const char *name,
		      const struct stv_ctl_domain *out)
{
	if (!out->name)
		return stv_asprintf("%s: out of memory", req->file);
	if (req->expect_name && strcmp(out->name, req->expect_name) != 0)
		return stv_asprintf("%s: the domain's <name> is '%s'; the file must be named "
				"after it", req->file, out->name);
	if (!name || strcmp(out->name, name) != 0)
		return stv_asprintf("%s: the file changed while it was read; try again", req->file);
	return NULL;
}

int stv_ctl_compile(struct stv_ctl_compiler *cc, const struct stv_ctl_request *req,
		    struct stv_ctl_domain *out)
{
	struct stv_session *s = &cc->s;
	struct stv_result r;
	char *found = req->expect_name ? NULL : name_of(s, req);
	const char *name = req->expect_name ? req->expect_name : found;
	char *rundir = name && req->runtime ? stv_asprintf("%s/%s", req->runtime, name) : NULL;
	int rc = -1;
	memset(out, 0, sizeof *out);
	s->opt.runtime_dir = rundir;
	run(s, req, &r);
	if (r.io_error) {
		out->io_error = true;
		out->first_error = stv_asprintf("%s: %s", r.diags.file, r.io_message);
	} else if (r.dom && r.diags.errors == 0 && !r.diags.oom) {
		describe(r.dom, out);
		out->first_error = unusable(req, name, out);
		out->misnamed = out->name && req->expect_name &&
				strcmp(out->name, req->expect_name) != 0;
		if (!out->first_error)
			rc = emit(s, &r, req, out);
	}
	summarize(&r, out);
	if (rc == 0 && (out->errors > 0 || !out->findings))
		rc = -1;
	s->opt.runtime_dir = NULL;
	stv_result_free(&r);
	free(rundir);
	free(found);
	return rc;
}
