/*
 * The structural pass: stv's own reading of the supported subset, walked
 * over the document once (structure.c), from the tables that
 * schema/subset.xsl generates out of schema/stratovirt-domain.rng.  It states
 * the schema's language, but reports every unknown element, attribute and
 * bad value at its own position with its name and what is supported
 * (libxml2's RelaxNG errors inside an interleave name only the parent);
 * tests/tools/crosscheck.c holds the two to agreement on every document of
 * the corpus, and the fuzzer on every input.
 *
 * What it accepts goes to lowering as it is read (lower.h): stv_lower() is
 * the entry point, and runs this walk.
 */
#ifndef STV_STRUCTURE_H
#define STV_STRUCTURE_H

#include <libxml/tree.h>

#include "diag.h"

struct stv_lower;

/* Appends STRUCTURE-stage findings, and hands what it accepts to l. */
void stv_walk(const struct stv_source *src, xmlDocPtr doc, struct stv_diags *d,
	      struct stv_lower *l);

#endif
