#include "pipeline.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "defaults.h"
#include "lower.h"

int stv_session_init(struct stv_session *s, const char *schema_path, bool builtin,
		     char **why)
{
	memset(s, 0, sizeof(*s));
	s->max_size = STV_DEFAULT_MAX_SIZE;
	stv_load_init();
	if (!schema_path && !builtin)
		return 0;
	s->schema = stv_schema_load(schema_path, why);
	s->schema_is_custom = schema_path != NULL;
	return s->schema ? 0 : -1;
}

void stv_session_free(struct stv_session *s)
{
	stv_schema_free(s->schema);
	s->schema = NULL;
}

/*
 * The stages after loading, each on what the one before left: lowering
 * keeps what the structural pass accepts and marks what it refused, so
 * every rule that does not depend on a refused part still runs and one run
 * reports everything.  The built-in schema, when asked for, states what the
 * structural pass checks, so it runs only when that pass refused nothing
 * (a complaint of it is then news); a user's --schema is always run.
 */
static void check_document(struct stv_session *s, struct stv_result *r)
{
	r->dom = stv_lower(&r->src, r->doc, &r->diags);
	if (!r->dom) {
		r->diags.oom = true;
		return;
	}
	if (s->schema && (r->dom->refused == 0 || s->schema_is_custom))
		stv_schema_validate(s->schema, &r->src, r->doc, &r->diags, true);
	if (stv_defaults(r->dom, &r->diags) < 0) {
		r->diags.oom = true;
		return;
	}
	stv_check(r->dom, &s->opt, &r->diags);
	stv_assign_addresses(r->dom, &r->diags);
}

static void run_loaded(struct stv_session *s, struct stv_result *r)
{
	r->diags.src = &r->src;
	r->doc = stv_parse(&r->src, &r->diags);
	if (r->doc)
		check_document(s, r);
	stv_diags_sort(&r->diags);
}

static void start(struct stv_session *s, const char *name, struct stv_result *r)
{
	memset(r, 0, sizeof(*r));
	stv_diags_init(&r->diags, strcmp(name, "-") == 0 ? "<stdin>" : name,
		       s->disabled);
}

static void too_large(struct stv_session *s, struct stv_result *r)
{
	stv_report(&r->diags, STV_R_FILE_SIZE, (struct stv_loc){ 0, NULL, STV_LOC_NONE },
		   "raise the limit with --max-size=BYTES if the file is trusted",
		   "the file is larger than %zu bytes", s->max_size);
}

void stv_run(struct stv_session *s, const char *name, struct stv_result *r)
{
	start(s, name, r);
	bool is_stdin = strcmp(name, "-") == 0;
	FILE *f = is_stdin ? stdin : fopen(name, "rb");
	if (!f) {
		r->io_error = true;
		r->io_message = stv_asprintf("cannot open: %s", strerror(errno));
		return;
	}
	errno = 0;
	int rc = stv_read_stream(f, s->max_size, &r->src);
	int saved = errno;
	if (!is_stdin)
		fclose(f);
	if (rc == -2) {
		too_large(s, r);
		return;
	}
	if (rc < 0) {
		r->io_error = true;
		r->io_message = stv_asprintf("cannot read: %s", strerror(saved));
		return;
	}
	run_loaded(s, r);
}

void stv_run_buffer(struct stv_session *s, const char *name, const char *buf,
		    size_t len, struct stv_result *r)
{
	start(s, name, r);
	if (len > s->max_size) {
		too_large(s, r);
		return;
	}
	if (stv_source_from_buffer(buf, len, &r->src) < 0) {
		r->io_error = true;
		r->io_message = stv_asprintf("cannot read: %s", strerror(ENOMEM));
		return;
	}
	run_loaded(s, r);
}

void stv_result_free(struct stv_result *r)
{
	/*
	 * The source first: freeing a large block makes malloc consolidate
	 * every small free block before it, which the tree's thousands are.
	 */
	stv_source_free(&r->src);
	stv_domain_free(r->dom);
	xmlFreeDoc(r->doc);
	stv_diags_free(&r->diags);
	free(r->io_message);
	memset(r, 0, sizeof(*r));
}
