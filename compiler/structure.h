/*
 * The structural pass: stv's own reading of the supported subset, element
 * by element, from a table (structure.c) that says for each element which
 * attributes and children it may have and what their values look like.
 * It states the same language as schema/stratovirt-domain.rng, but reports
 * every unknown element, attribute and bad value at its own line with its
 * name and what is supported (libxml2's RelaxNG errors inside an
 * interleave name only the parent).  tests/crosscheck.c asserts that the
 * two agree on every file in testdata/.
 */
#ifndef STV_STRUCTURE_H
#define STV_STRUCTURE_H

#include <libxml/tree.h>

#include "diag.h"
#include "load.h"

/*
 * Appends STRUCTURE-stage findings; returns the number of errors found,
 * those of rules --disable hides included.
 */
size_t stv_check_structure(const struct stv_source *src, xmlDocPtr doc,
			   struct stv_diags *d);

#endif
