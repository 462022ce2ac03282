/*
 * The checking pipeline shared by stv-validate and stv-compile:
 *   read -> parse -> structure -> [schema] -> lower -> check -> addresses
 * One struct stv_session per process (a schema is compiled once), one
 * struct stv_result per file.
 */
#ifndef STV_PIPELINE_H
#define STV_PIPELINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "diag.h"
#include "ir.h"
#include "load.h"
#include "schema.h"

struct stv_session {
	struct stv_schema *schema;	/* NULL: the structural pass alone */
	bool schema_is_custom;		/* --schema: report its verdict as is */
	size_t max_size;
	bool disabled[STV_RULE_COUNT];
	struct stv_options opt;
};

struct stv_result {
	struct stv_source src;
	xmlDocPtr doc;
	struct stv_domain *dom;		/* NULL when the file did not lower */
	struct stv_diags diags;
	bool io_error;			/* could not be read: exit status 2 */
	char *io_message;
};

/*
 * schema_path names a RelaxNG schema to run on every document, reported in
 * full (--schema).  Without it, builtin runs the built-in schema too
 * (--relaxng); by default no schema runs: the structural pass states the
 * built-in schema's language, and the test suite and the fuzzer hold the
 * two to agreement, at a third of the cost (bench/RESULTS.md).  Returns -1
 * and sets *why when the schema cannot be loaded.
 */
int stv_session_init(struct stv_session *s, const char *schema_path, bool builtin,
		     char **why);
void stv_session_free(struct stv_session *s);

/*
 * Runs the whole pipeline on one input.  name is what findings are reported
 * against ("-" reads stdin, shown as "<stdin>").  Always fills r; the
 * caller frees it with stv_result_free.
 */
void stv_run(struct stv_session *s, const char *name, struct stv_result *r);
/* The same on bytes already in memory (the fuzzer, tests). */
void stv_run_buffer(struct stv_session *s, const char *name, const char *buf,
		    size_t len, struct stv_result *r);
void stv_result_free(struct stv_result *r);

#endif
