/*
 * The RelaxNG schema: compiled once per process, from the copy embedded in
 * the binary (schema/stratovirt-domain.rng) or from --schema FILE.
 */
#ifndef STV_SCHEMA_H
#define STV_SCHEMA_H

#include <stdbool.h>

#include <libxml/relaxng.h>

#include "diag.h"
#include "load.h"

struct stv_schema;

/*
 * path NULL means the embedded schema.  On failure returns NULL and sets
 * *why to a heap string saying what went wrong.
 */
struct stv_schema *stv_schema_load(const char *path, char **why);
void stv_schema_free(struct stv_schema *s);

/*
 * Validates doc, parsed from src.  Returns true when valid.  When report is
 * true, each RelaxNG error becomes a "schema" finding at the start tag of
 * the element it concerns (src may be NULL: lines only).
 */
bool stv_schema_validate(struct stv_schema *s, const struct stv_source *src,
			 xmlDocPtr doc, struct stv_diags *d, bool report);

/* The embedded schema text (generated from schema/stratovirt-domain.rng). */
extern const char stv_embedded_schema[];
extern const unsigned long stv_embedded_schema_len;

#endif
