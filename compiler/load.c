#include "load.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/SAX2.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlerror.h>

/* libxml2 must never print: its messages become findings. */
static void quiet_generic(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

static void quiet_structured(void *ctx, xmlErrorPtr err)
{
	(void)ctx;
	(void)err;
}

/*
 * Nothing outside the document is ever read: not a DTD, not an entity, not
 * over the network, whatever options a caller passes.
 */
static xmlParserInputPtr refuse_external(const char *url, const char *id,
					 xmlParserCtxtPtr ctxt)
{
	(void)url;
	(void)id;
	(void)ctxt;
	return NULL;
}

void stv_load_init(void)
{
	xmlInitParser();
	xmlSetGenericErrorFunc(NULL, quiet_generic);
	xmlSetStructuredErrorFunc(NULL, quiet_structured);
	xmlSetExternalEntityLoader(refuse_external);
}

static int index_lines(struct stv_source *src)
{
	const char *end = src->buf + src->len;
	size_t n = 1;
	for (const char *p = src->buf; (p = memchr(p, '\n', (size_t)(end - p))) != NULL; p++)
		n++;
	src->line_start = malloc(n * sizeof(*src->line_start));
	if (!src->line_start)
		return -1;
	src->nlines = 0;
	src->line_start[src->nlines++] = 0;
	for (const char *p = src->buf; (p = memchr(p, '\n', (size_t)(end - p))) != NULL; p++)
		src->line_start[src->nlines++] = (size_t)(p - src->buf) + 1;
	return 0;
}

int stv_read_stream(FILE *f, size_t max, struct stv_source *src)
{
	memset(src, 0, sizeof(*src));
	size_t cap = 0;
	int rc = -1;
	for (;;) {
		if (src->len + 1 >= cap) {
			size_t ncap = cap ? cap * 2 : 65536;
			if (ncap > max + 2)
				ncap = max + 2;	/* one byte past max tells "too large" */
			char *p = realloc(src->buf, ncap);
			if (!p)
				goto out;
			src->buf = p;
			cap = ncap;
		}
		size_t want = cap - 1 - src->len;
		size_t got = fread(src->buf + src->len, 1, want, f);
		src->len += got;
		if (src->len > max) {
			rc = -2;
			goto out;
		}
		if (got < want) {
			if (ferror(f))
				goto out;
			break;
		}
	}
	src->buf[src->len] = '\0';
	if (index_lines(src) < 0)
		goto out;
	return 0;
out:
	if (rc == -1 && errno == 0)
		errno = ENOMEM;
	stv_source_free(src);
	return rc;
}

int stv_source_from_buffer(const char *buf, size_t len, struct stv_source *src)
{
	memset(src, 0, sizeof(*src));
	src->buf = malloc(len + 1);
	if (!src->buf)
		return -1;
	memcpy(src->buf, buf, len);
	src->buf[len] = '\0';
	src->len = len;
	if (index_lines(src) < 0) {
		stv_source_free(src);
		return -1;
	}
	return 0;
}

void stv_source_free(struct stv_source *src)
{
	free(src->buf);
	free(src->line_start);
	memset(src, 0, sizeof(*src));
}

/* What the parser saw, collected by the callbacks below. */
struct parse_state {
	struct stv_diags *d;
	bool doctype;
	int doctype_line;
	bool reported;
};

/*
 * Called when "<!DOCTYPE name" has been read and before any declaration
 * inside it is parsed: stopping here means no entity is ever declared, so
 * none can be expanded (billion laughs, external entities).
 */
static void on_doctype(void *ctx, const xmlChar *name, const xmlChar *ext,
		       const xmlChar *sys)
{
	xmlParserCtxtPtr ctxt = ctx;
	struct parse_state *st = ctxt->_private;
	(void)name;
	(void)ext;
	(void)sys;
	st->doctype = true;
	st->doctype_line = ctxt->input ? ctxt->input->line : 0;
	xmlStopParser(ctxt);
}

/*
 * libxml2 keeps a line per node but no column.  Right after the element
 * is created the parser stands at the end of its start tag: that offset
 * (plus one, so 0 means none) goes into the node's _private, which
 * stv_node_loc reads.  Exact even with two equal tags on one line.
 */
static void on_start_element(void *ctx, const xmlChar *localname, const xmlChar *prefix,
			     const xmlChar *uri, int nb_namespaces, const xmlChar **namespaces,
			     int nb_attributes, int nb_defaulted, const xmlChar **attributes)
{
	xmlParserCtxtPtr ctxt = ctx;
	xmlNodePtr parent = ctxt->node;
	xmlSAX2StartElementNs(ctx, localname, prefix, uri, nb_namespaces, namespaces,
			      nb_attributes, nb_defaulted, attributes);
	long off = xmlByteConsumed(ctxt);
	if (ctxt->node && ctxt->node != parent && off >= 0)
		ctxt->node->_private = (void *)(uintptr_t)((size_t)off + 1);
}

/* Line LINE, character COL (1-based, libxml2's count) as a byte location. */
static struct stv_loc byte_at(const struct stv_source *src, int line, int col)
{
	struct stv_loc loc = { 0, NULL, STV_LOC_NONE };
	if (!src || line < 1 || (size_t)line > src->nlines)
		return loc;
	size_t off = src->line_start[line - 1];
	for (int c = 1; c < col && off < src->len && src->buf[off] != '\n'; c++) {
		off++;
		while (off < src->len && ((unsigned char)src->buf[off] & 0xc0) == 0x80)
			off++;
	}
	loc.off = off + 1;
	loc.part = STV_LOC_BYTE;
	return loc;
}

static void on_error(void *ctx, xmlErrorPtr err)
{
	xmlParserCtxtPtr ctxt = ctx;
	struct parse_state *st = ctxt->_private;
	/* The first fatal error is the cause; what follows is its echo. */
	if (st->reported || st->doctype || err->level < XML_ERR_ERROR)
		return;
	st->reported = true;
	char msg[512];
	snprintf(msg, sizeof(msg), "%s", err->message ? err->message : "parse error");
	/* One line per finding: libxml2 puts details after a newline. */
	for (char *p = msg; *p; p++)
		if (*p == '\n' || *p == '\r' || *p == '\t')
			*p = ' ';
	size_t n = strlen(msg);
	while (n > 0 && msg[n - 1] == ' ')
		msg[--n] = '\0';
	stv_report(st->d, STV_R_XML_PARSE, byte_at(st->d->src, err->line, err->int2),
		   "fix the XML syntax at this position; the file must be well-formed UTF-8",
		   "not well-formed XML: %s", msg);
}

/*
 * libxml2 2.9 compares each attribute of a start tag with every one before
 * it, so n attributes cost n^2 (100,000 on one element take 20 s, in
 * xmllint too), and it looks a prefix up linearly among the namespace
 * declarations in scope (50,000 of them make every prefixed element slow).
 * No domain needs more than a handful of either, so a linear scan refuses
 * such a document before libxml2 sees it.  The scan only counts: what it
 * cannot follow (a DOCTYPE, a tag that never ends) is left to the parser.
 */
#define STV_MAX_ATTRIBUTES 256	/* on one start tag */
#define STV_MAX_NAMESPACES 64	/* xmlns declarations in the document */

struct tag_counts {
	size_t attributes, namespaces;
};

/* Skips to just past the first occurrence of end; NULL when absent. */
static const char *skip_past(const char *p, const char *limit, const char *end)
{
	size_t n = strlen(end);
	for (; p + n <= limit; p++)
		if (memcmp(p, end, n) == 0)
			return p + n;
	return NULL;
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Counts the start tag at p ('<') into *c; returns what follows it or NULL. */
static const char *count_tag(const char *p, const char *limit, struct tag_counts *c)
{
	const char *name = p + 1;	/* where the current attribute name began */
	char quote = 0;
	for (p++; p < limit; p++) {
		if (quote) {
			quote = *p == quote ? 0 : quote;
		} else if (*p == '"' || *p == '\'') {
			quote = *p;
		} else if (is_space(*p)) {
			name = p + 1;
		} else if (*p == '=') {
			c->attributes++;
			c->namespaces += (size_t)(p - name) >= 5 && memcmp(name, "xmlns", 5) == 0;
		} else if (*p == '>') {
			return p + 1;
		}
	}
	return NULL;
}

static void report_bound(const struct stv_source *src, struct stv_diags *d,
			 const char *at, const char *what, int max)
{
	stv_report(d, STV_R_XML_LIMITS,
		   (struct stv_loc){ (size_t)(at - src->buf) + 1, NULL, STV_LOC_BYTE },
		   "domain XML needs a few of these: check what produced this file",
		   "more than %d %s: refused before parsing", max, what);
}

static bool within_limits(const struct stv_source *src, struct stv_diags *d)
{
	static const char *const skipped[][2] = {
		{ "<!--", "-->" }, { "<![CDATA[", "]]>" }, { "<?", "?>" }, { "</", ">" },
	};
	enum { N_SKIPPED = sizeof(skipped) / sizeof(skipped[0]) };
	const char *p = src->buf, *limit = src->buf + src->len;
	size_t namespaces = 0;
	while (p && (p = memchr(p, '<', (size_t)(limit - p))) != NULL) {
		size_t i = 0;
		while (i < N_SKIPPED && strncmp(p, skipped[i][0], strlen(skipped[i][0])) != 0)
			i++;
		if (i < N_SKIPPED) {
			p = skip_past(p + strlen(skipped[i][0]), limit, skipped[i][1]);
			continue;
		}
		if (p[1] == '!')
			return true;	/* a DOCTYPE: the parser refuses it */
		struct tag_counts c = { 0, 0 };
		const char *tag = p;
		p = count_tag(p, limit, &c);
		namespaces += c.namespaces;
		if (c.attributes > STV_MAX_ATTRIBUTES) {
			report_bound(src, d, tag, "attributes on one start tag", STV_MAX_ATTRIBUTES);
			return false;
		}
		if (namespaces > STV_MAX_NAMESPACES) {
			report_bound(src, d, tag, "namespace declarations in the document",
				     STV_MAX_NAMESPACES);
			return false;
		}
	}
	return true;
}

static void report_empty(struct stv_diags *d)
{
	stv_report(d, STV_R_XML_PARSE, (struct stv_loc){ 1, NULL, STV_LOC_BYTE },
		   "the file must contain one <domain> element",
		   "not well-formed XML: the document is empty");
}

xmlDocPtr stv_parse(const struct stv_source *src, struct stv_diags *d)
{
	if (src->len > (size_t)INT32_MAX) {
		stv_report(d, STV_R_FILE_SIZE, (struct stv_loc){ 0, NULL, STV_LOC_NONE }, NULL,
			   "the file is too large to parse");
		return NULL;
	}
	if (src->len == 0) {
		report_empty(d);
		return NULL;
	}
	if (!within_limits(src, d))
		return NULL;
	xmlParserCtxtPtr ctxt = xmlCreateMemoryParserCtxt(src->buf, (int)src->len);
	if (!ctxt) {
		d->oom = true;
		return NULL;
	}
	struct parse_state st = { .d = d };
	ctxt->_private = &st;
	ctxt->sax->internalSubset = on_doctype;
	ctxt->sax->startElementNs = on_start_element;
	ctxt->sax->serror = on_error;
	ctxt->sax->error = NULL;
	ctxt->sax->warning = NULL;
	ctxt->vctxt.error = NULL;
	ctxt->vctxt.warning = NULL;
	/* No NOENT (no substitution), no DTDLOAD, no DTDATTR, no XInclude, no
	 * HUGE (keeps libxml2's depth and size limits). */
	xmlCtxtUseOptions(ctxt, XML_PARSE_NONET | XML_PARSE_BIG_LINES |
				XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOBLANKS);
	xmlParseDocument(ctxt);
	xmlDocPtr doc = ctxt->myDoc;
	bool ok = ctxt->wellFormed && !st.doctype && doc && xmlDocGetRootElement(doc);
	if (st.doctype) {
		stv_report(d, STV_R_XML_DTD, byte_at(src, st.doctype_line, 1),
			   "remove the <!DOCTYPE ...> declaration; domain XML needs none",
			   "a DOCTYPE declaration is not accepted: stv never loads DTDs or expands entities");
	} else if (!ok && !st.reported) {
		report_empty(d);
	}
	if (!ok) {
		xmlFreeDoc(doc);
		doc = NULL;
	}
	ctxt->myDoc = NULL;
	xmlFreeParserCtxt(ctxt);
	return doc;
}

struct stv_loc stv_node_loc(const xmlNode *node, const char *attr)
{
	struct stv_loc loc = { 0, NULL, STV_LOC_NONE };
	if (!node || node->type != XML_ELEMENT_NODE || !node->_private)
		return loc;
	loc.off = (uintptr_t)node->_private;
	loc.attr = attr;
	loc.part = attr ? STV_LOC_ATTR : STV_LOC_TAG;
	return loc;
}
