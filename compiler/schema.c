/*
 * The RelaxNG schema, compiled once per process.  libxml2's messages go
 * through structured error handlers into findings (or into *why while the
 * schema compiles), so nothing reaches stderr.  The schema text is always
 * handed to libxml2 from memory: a --schema FILE is read here, and the
 * external-entity loader that stv_load_init installs refuses anything the
 * schema might try to include, so compiling a schema never touches the
 * network or another file.
 */
#include "schema.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>
#include <libxml/xmlerror.h>

/* A schema larger than this is not a schema we want to compile. */
#define SCHEMA_MAX_SIZE (4u << 20)

struct stv_schema {
	xmlRelaxNGPtr rng;
};

/* While compiling: keeps libxml2's first complaint for *why. */
struct parse_errors {
	char *first;
};

/* While validating: where findings go, and the last one, to drop repeats. */
struct valid_errors {
	const struct stv_source *src;	/* for columns; may be NULL */
	struct stv_diags *d;
	bool report;
	char *last;
	size_t last_off;
};

/* libxml2 messages end in a newline and start with a capital. */
static char *tidy_message(const char *msg)
{
	char *s = stv_asprintf("%s", msg ? msg : "unknown error");
	if (!s)
		return NULL;
	size_t n = strlen(s);
	while (n > 0 && isspace((unsigned char)s[n - 1]))
		s[--n] = '\0';
	if (isupper((unsigned char)s[0]) && islower((unsigned char)s[1]))
		s[0] = (char)tolower((unsigned char)s[0]);
	return s;
}

static void on_parse_error(void *data, xmlErrorPtr e)
{
	struct parse_errors *pe = data;
	if (pe->first || !e)
		return;
	char *msg = tidy_message(e->message);
	if (!msg)
		return;
	pe->first = e->line > 0 ? stv_asprintf("line %d: %s", e->line, msg)
				: stv_asprintf("%s", msg);
	free(msg);
}

/* The start tag of the node libxml2 names, else the start of the line it gives. */
static struct stv_loc error_loc(const struct valid_errors *ve, const xmlError *e)
{
	const xmlNode *node = e->node;
	if (node && node->type == XML_ELEMENT_NODE) {
		struct stv_loc loc = stv_node_loc(node, NULL);
		if (stv_loc_known(loc))
			return loc;
	}
	long line = e->line > 0 ? e->line : node ? xmlGetLineNo(node) : 0;
	if (ve->src && line > 0 && (size_t)line <= ve->src->nlines)
		return (struct stv_loc){ ve->src->line_start[line - 1] + 1, NULL, STV_LOC_BYTE };
	return (struct stv_loc){ 0, NULL, STV_LOC_NONE };
}

/* libxml2 names the node it was looking at; say it first. */
static char *describe(const xmlError *e)
{
	char *msg = tidy_message(e->message);
	const xmlNode *node = e->node;
	if (!msg || !node || node->type != XML_ELEMENT_NODE)
		return msg;
	char *full = stv_asprintf("<%s>: %s", (const char *)node->name, msg);
	free(msg);
	return full;
}

static void on_valid_error(void *data, xmlErrorPtr e)
{
	struct valid_errors *ve = data;
	if (!ve->report || !e)
		return;
	struct stv_loc loc = error_loc(ve, e);
	char *msg = describe(e);
	if (!msg) {
		ve->d->oom = true;
		return;
	}
	/* The validator often says the same thing twice while backtracking. */
	if (ve->last && loc.off == ve->last_off && strcmp(ve->last, msg) == 0) {
		free(msg);
		return;
	}
	stv_report(ve->d, STV_R_SCHEMA, loc, NULL, "%s", msg);
	free(ve->last);
	ve->last = msg;
	ve->last_off = loc.off;
}

/* Reads a whole file into src; sets *why (the caller names the file). */
static int read_schema_file(const char *path, struct stv_source *src, char **why)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		*why = stv_asprintf("cannot open it: %s", strerror(errno));
		return -1;
	}
	int rc = stv_read_stream(f, SCHEMA_MAX_SIZE, src);
	int err = errno;
	fclose(f);
	if (rc == -2)
		*why = stv_asprintf("it is larger than %u bytes", SCHEMA_MAX_SIZE);
	else if (rc < 0)
		*why = stv_asprintf("cannot read it: %s", strerror(err));
	return rc < 0 ? -1 : 0;
}

static xmlRelaxNGPtr compile(const char *text, size_t len, char **why)
{
	struct parse_errors pe = { NULL };
	xmlRelaxNGPtr rng = NULL;
	if (len > INT_MAX) {
		*why = stv_asprintf("it is too large");
		return NULL;
	}
	xmlRelaxNGParserCtxtPtr ctxt = xmlRelaxNGNewMemParserCtxt(text, (int)len);
	if (!ctxt) {
		*why = stv_asprintf("out of memory compiling it");
		return NULL;
	}
	xmlRelaxNGSetParserStructuredErrors(ctxt, on_parse_error, &pe);
	rng = xmlRelaxNGParse(ctxt);
	if (!rng)
		*why = stv_asprintf("it does not compile: %s",
				    pe.first ? pe.first : "unknown error");
	xmlRelaxNGFreeParserCtxt(ctxt);
	free(pe.first);
	return rng;
}

struct stv_schema *stv_schema_load(const char *path, char **why)
{
	struct stv_source src = { 0 };
	struct stv_schema *s = NULL;
	*why = NULL;
	if (path) {
		if (read_schema_file(path, &src, why) < 0)
			goto out;
		s = calloc(1, sizeof(*s));
		if (s)
			s->rng = compile(src.buf, src.len, why);
	} else {
		s = calloc(1, sizeof(*s));
		if (s)
			s->rng = compile(stv_embedded_schema, stv_embedded_schema_len, why);
	}
	if (!s) {
		*why = stv_asprintf("out of memory loading the schema");
		goto out;
	}
	if (!s->rng) {
		free(s);
		s = NULL;
	}
out:
	stv_source_free(&src);
	return s;
}

void stv_schema_free(struct stv_schema *s)
{
	if (!s)
		return;
	xmlRelaxNGFree(s->rng);
	free(s);
}

/*
 * Some of libxml2's messages carry no node ("extra element devices in
 * interleave"); they come just before the one about the element they
 * concern, so they take its place (or, last, the place before them).
 */
static void place_unlocated(struct stv_diags *d, size_t from)
{
	for (size_t i = from; i < d->n; i++) {
		if (d->v[i].pos.line != 0)
			continue;
		for (size_t j = i + 1; j < d->n && d->v[i].pos.line == 0; j++)
			d->v[i].pos = d->v[j].pos;
		if (d->v[i].pos.line == 0 && i > from)
			d->v[i].pos = d->v[i - 1].pos;
	}
}

bool stv_schema_validate(struct stv_schema *s, const struct stv_source *src,
			 xmlDocPtr doc, struct stv_diags *d, bool report)
{
	struct valid_errors ve = { src, d, report, NULL, 0 };
	size_t from = d->n;
	bool valid = false;
	xmlRelaxNGValidCtxtPtr ctxt = xmlRelaxNGNewValidCtxt(s->rng);
	if (!ctxt) {
		d->oom = true;
		return false;
	}
	xmlRelaxNGSetValidStructuredErrors(ctxt, on_valid_error, &ve);
	valid = xmlRelaxNGValidateDoc(ctxt, doc) == 0;
	xmlRelaxNGFreeValidCtxt(ctxt);
	place_unlocated(d, from);
	/* A document libxml2 could not check is not a valid one; say so. */
	if (!valid && report && !ve.last)
		stv_report(d, STV_R_SCHEMA, (struct stv_loc){ 0, NULL, STV_LOC_NONE }, NULL,
			   "the document does not match the schema");
	free(ve.last);
	return valid;
}
