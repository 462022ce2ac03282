/*
 * The checking pipeline shared by stv-validate and stv-compile:
 *   read -> parse -> structure -> schema -> lower -> check -> addresses
 * One struct stv_session per process (the schema is compiled once), one
 * struct stv_result per file.
 */
#ifndef STV_PIPELINE_H
#define STV_PIPELINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "../compiler/diag.h"
#include "../compiler/ir.h"
#include "../compiler/load.h"
#include "schema.h"

struct stv_session {
	struct stv_schema *schema;
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

/* Returns -1 and sets *why when the schema cannot be loaded. */
int stv_session_init(struct stv_session *s, const char *schema_path, char **why);
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
