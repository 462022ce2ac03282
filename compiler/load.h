/*
 * Safe loading of untrusted domain XML with libxml2.
 *
 * No network, no DTD loading, no entity expansion, no external entities:
 * a document with a DOCTYPE is refused (xml-dtd) before libxml2 sees it
 * as anything but text.  Input is bounded (file-size).  libxml2's own
 * messages become stv diagnostics; nothing reaches stderr.
 */
#ifndef STV_LOAD_H
#define STV_LOAD_H

#include <stddef.h>
#include <stdio.h>

#include <libxml/tree.h>

#include "diag.h"

#define STV_DEFAULT_MAX_SIZE (16u << 20)

/* Call once per process (also silences libxml2's global error output). */
void stv_load_init(void);

/*
 * Reads all of a stream, at most max bytes.  Returns 0, -1 on an I/O error
 * (errno set), -2 when the input is larger than max.
 */
int stv_read_stream(FILE *f, size_t max, struct stv_source *src);

/* Copies len bytes into src (for input already in memory); -1 on ENOMEM. */
int stv_source_from_buffer(const char *buf, size_t len, struct stv_source *src);

/*
 * Parses src into a document.  Returns NULL after reporting why (xml-parse,
 * xml-dtd).  The document's nodes carry line numbers (XML_PARSE_BIG_LINES).
 */
xmlDocPtr stv_parse(const struct stv_source *src, struct stv_diags *d);

void stv_source_free(struct stv_source *src);

/*
 * Where an element is: the offset the parser recorded just past its start
 * tag (nothing is computed until a finding is reported, stv_resolve).
 * attr, when not NULL, names one of its attributes (static storage).
 */
struct stv_loc stv_node_loc(const xmlNode *node, const char *attr);

#endif
