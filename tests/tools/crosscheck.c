/*
 * crosscheck [-v] [-s SCHEMA] FILE...: the RelaxNG schema and the structural pass must
 * agree.  For each file, "the schema accepts it" must equal "lowering
 * reports no STRUCTURE-stage error".  Prints a line per disagreement (and,
 * with -v, every structural finding), then "N passed, M failed"; exits 1 on
 * any failure, 2 when it cannot run.  -s uses SCHEMA instead of the embedded
 * copy (check-crosscheck.sh feeds it a broken schema to see the check fail).
 *
 * A file that is not well-formed (or that the loader refuses) has no
 * document for either to judge: both reject it, which counts as agreement.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../compiler/diag.h"
#include "../../compiler/load.h"
#include "../../compiler/schema.h"
#include "../../compiler/lower.h"

struct verdict {
	bool valid;
	const struct stv_diag *first;	/* the first error that says why not */
};

static struct verdict structure_verdict(const struct stv_diags *d)
{
	struct verdict v = { true, NULL };
	for (size_t i = 0; i < d->n; i++) {
		const struct stv_diag *g = &d->v[i];
		if (g->severity != STV_ERROR ||
		    stv_rule_info(g->rule)->stage != STV_STAGE_STRUCTURE)
			continue;
		if (v.valid)
			v.first = g;
		v.valid = false;
	}
	return v;
}

static void print_diag(const char *file, const struct stv_diag *g)
{
	printf("  %s:%d:%d: %s [%s]\n", file, g->pos.line, g->pos.col,
	       g->message, stv_rule_info(g->rule)->id);
}

/* Returns 1 when the two agree, 0 when not, -1 when the file cannot be read. */
static int crosscheck(struct stv_schema *schema, const char *file, bool verbose)
{
	struct stv_source src;
	struct stv_diags load, structure, rng;
	int rc = -1;
	stv_diags_init(&load, file, NULL);
	stv_diags_init(&structure, file, NULL);
	stv_diags_init(&rng, file, NULL);
	FILE *f = fopen(file, "rb");
	if (!f) {
		perror(file);
		return -1;
	}
	int rd = stv_read_stream(f, STV_DEFAULT_MAX_SIZE, &src);
	fclose(f);
	if (rd != 0) {
		fprintf(stderr, "%s: cannot read\n", file);
		goto out;
	}
	xmlDocPtr doc = stv_parse(&src, &load);
	rc = 1;
	if (!doc)
		goto out;
	structure.src = &src;
	stv_domain_free(stv_lower(&src, doc, &structure));
	stv_diags_sort(&structure);
	bool schema_valid = stv_schema_validate(schema, &src, doc, &rng, true);
	struct verdict sv = structure_verdict(&structure);
	if (schema_valid && !sv.valid) {
		printf("%s: the schema accepts it, the structural pass does not:\n", file);
		print_diag(file, sv.first);
		rc = 0;
	} else if (!schema_valid && sv.valid) {
		printf("%s: the structural pass accepts it, the schema does not:\n", file);
		for (size_t i = 0; i < rng.n && i < 3; i++)
			print_diag(file, &rng.v[i]);
		rc = 0;
	}
	if (verbose)
		for (size_t i = 0; i < structure.n; i++)
			print_diag(file, &structure.v[i]);
	xmlFreeDoc(doc);
out:
	stv_source_free(&src);
	stv_diags_free(&load);
	stv_diags_free(&structure);
	stv_diags_free(&rng);
	return rc;
}

int main(int argc, char **argv)
{
	bool verbose = false;
	const char *schema_path = NULL;
	int first = 1;
	char *why = NULL;
	unsigned passed = 0, failed = 0;
	int status = 0;
	for (; first < argc && argv[first][0] == '-'; first++) {
		if (strcmp(argv[first], "-v") == 0)
			verbose = true;
		else if (strcmp(argv[first], "-s") == 0 && first + 1 < argc)
			schema_path = argv[++first];
		else
			break;
	}
	if (first >= argc) {
		fputs("usage: crosscheck [-v] [-s SCHEMA] FILE...\n", stderr);
		return 2;
	}
	stv_load_init();
	struct stv_schema *schema = stv_schema_load(schema_path, &why);
	if (!schema) {
		fprintf(stderr, "crosscheck: schema %s: %s\n",
			schema_path ? schema_path : "(embedded)",
			why ? why : "cannot load it");
		free(why);
		return 2;
	}
	for (int i = first; i < argc; i++) {
		int rc = crosscheck(schema, argv[i], verbose);
		if (rc < 0)
			status = 2;
		else if (rc > 0)
			passed++;
		else
			failed++;
	}
	stv_schema_free(schema);
	xmlCleanupParser();
	printf("%u passed, %u failed\n", passed, failed);
	if (status)
		return status;
	return failed ? 1 : 0;
}
