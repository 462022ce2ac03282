/*
 * libFuzzer harness: one input is one domain document, run through the
 * whole of stv as the drivers run it:
 *   load -> structure and lowering -> defaults -> check -> addresses
 *   -> argv -> every emitter in stv_emitters -> every report format,
 *   with and without the source line and caret.
 *
 * Besides the sanitizers (ASan, UBSan, LSan) it asserts properties the
 * spec promises, so a wrong answer counts as a crash too:
 *   - errors and output never coexist: an emitter that succeeds on a domain
 *     with an error finding is a bug (the driver would print it);
 *   - a domain with no error always builds its argv: the emitter refuses
 *     what the rules should have, so a refusal there is a rule missing;
 *   - every finding's position is inside the file;
 *   - round trip: compiling the output of --emit=xml again gives no error
 *     and byte for byte the same argv (emitters.md);
 *   - the argv is one StratoVirt accepts, as tests/tools/argvcheck.c judges
 *     it (argv_oracle.c): an error stv should have reported;
 *   - the built-in RelaxNG schema and the structural pass agree on every
 *     document that parses (as tests/tools/crosscheck.c does on testdata/):
 *     stv-validate runs only the structural pass unless --relaxng is given,
 *     so a disagreement means the published schema lies about stv.
 *
 * Built by tests/fuzz/run.sh with clang -fsanitize=fuzzer,address,undefined;
 * the regression inputs in tests/fuzz/corpus/ replay every run.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../compiler/buf.h"
#include "../../emit/emit.h"
#include "../../compiler/pipeline.h"
#include "../../compiler/report.h"
#include "argv_oracle.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * libFuzzer gives no context pointer: the session is built once per
 * process, as stv-validate does for a batch of files, and without a schema,
 * as stv-validate runs by default.  The built-in schema is compiled once
 * beside it, for the agreement property.
 */
static struct stv_session session;
static struct stv_schema *schema;
static FILE *devnull;

static void die(const char *what)
{
	fprintf(stderr, "fuzz_stv: %s\n", what);
	abort();
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	char *why = NULL;
	stv_session_init(&session, NULL, false, &why);
	schema = stv_schema_load(NULL, &why);
	if (!schema) {
		fprintf(stderr, "fuzz_stv: schema: %s\n", why ? why : "?");
		exit(1);
	}
	devnull = fopen("/dev/null", "w");
	if (!devnull)
		die("cannot open /dev/null");
	return 0;
}

/* Every printer reads the findings: JSON and SARIF escape what they hold. */
static void print_reports(const struct stv_diags *d)
{
	const struct stv_print all = { false, true }, quiet = { true, false };
	for (const struct stv_format *f = stv_formats; f->name; f++) {
		size_t printed = 0;
		if (f->begin)	/* optional, as in the drivers */
			f->begin(devnull);
		f->file(devnull, d, &all, &printed);
		f->file(devnull, d, &quiet, &printed);
		if (f->end)
			f->end(devnull);
	}
}

static int argv_equal(const struct stv_argv *a, const struct stv_argv *b)
{
	if (a->n != b->n)
		return 0;
	for (size_t i = 0; i < a->n; i++)
		if (strcmp(a->v[i], b->v[i]) != 0)
			return 0;
	return 1;
}

/* Compiles the --emit=xml output again: it must give the same argv. */
static void check_round_trip(const struct stv_buf *xml, const struct stv_argv *want)
{
	struct stv_result r;
	struct stv_argv got = { 0 };
	stv_run_buffer(&session, "<emit-xml>", xml->p ? xml->p : "", xml->len, &r);
	if (r.io_error || r.diags.oom)
		goto out;	/* out of memory is not a property violation */
	if (!r.dom || r.diags.errors > 0) {
		for (size_t i = 0; i < r.diags.n; i++)
			fprintf(stderr, "%d:%d: %s\n", r.diags.v[i].pos.line,
				r.diags.v[i].pos.col, r.diags.v[i].message);
		fprintf(stderr, "--- emitted xml ---\n%s\n", xml->p ? xml->p : "");
		die("--emit=xml output does not compile again");
	}
	if (stv_build_argv(r.dom, &session.opt, &got) < 0)
		die("--emit=xml output does not build an argv");
	if (!argv_equal(want, &got)) {
		fprintf(stderr, "--- emitted xml ---\n%s\n", xml->p ? xml->p : "");
		for (size_t i = 0; i < want->n || i < got.n; i++)
			fprintf(stderr, "%zu: %s | %s\n", i,
				i < want->n ? want->v[i] : "-",
				i < got.n ? got.v[i] : "-");
		die("--emit=xml output compiles to a different argv");
	}
out:
	stv_argv_free(&got);
	stv_result_free(&r);
}

static void run_emitter(const struct stv_emitter *e, struct stv_emit_ctx *ctx,
			struct stv_diags *d)
{
	struct stv_buf out = { 0 };
	size_t errors = d->errors;
	int rc = e->emit(ctx, &out, d);
	if (rc == 0 && d->errors > errors)
		die("an emitter reported an error and still succeeded");
	if (rc == 0 && !out.oom && strcmp(e->name, "xml") == 0)
		check_round_trip(&out, ctx->argv);
	stv_buf_free(&out);
}

/* A clean domain must give an argv StratoVirt starts with. */
static void check_argv(const struct stv_argv *argv)
{
	if (stv_fuzz_argvcheck((int)argv->n, (const char *const *)argv->v, stderr) != 0) {
		for (size_t i = 0; i < argv->n; i++)
			fprintf(stderr, "%zu: %s\n", i, argv->v[i]);
		die("stv accepted a domain whose argv StratoVirt would refuse");
	}
}

/* What stv-compile does after a clean check: every format, both separators. */
static void emit_all(const struct stv_result *r, struct stv_diags *d)
{
	struct stv_argv argv = { 0 };
	if (stv_build_argv(r->dom, &session.opt, &argv) < 0 && !d->oom)
		die("a domain with no error does not build its argv: a rule is missing");
	if (argv.v) {
		check_argv(&argv);
		struct stv_emit_ctx ctx = {
			.dom = r->dom,
			.opt = &session.opt,
			.argv = &argv,
			.src = &r->src,
			.source_name = "fuzz.xml",
		};
		for (const struct stv_emitter *e = stv_emitters; e->name; e++)
			run_emitter(e, &ctx, d);
		ctx.nul_separated = true;
		run_emitter(stv_emitter_lookup("argv"), &ctx, d);
	}
	stv_argv_free(&argv);
}

static void print_diags(const char *who, const struct stv_diags *d)
{
	for (size_t i = 0; i < d->n && i < 5; i++)
		fprintf(stderr, "%s: %d:%d: %s [%s]\n", who, d->v[i].pos.line,
			d->v[i].pos.col, d->v[i].message, stv_rule_info(d->v[i].rule)->id);
}

/* "The schema accepts it" must equal "the structural pass finds no error". */
static void check_agreement(const struct stv_result *r)
{
	struct stv_diags rng;
	bool structure_valid = true;
	for (size_t i = 0; i < r->diags.n; i++)
		if (r->diags.v[i].severity == STV_ERROR &&
		    stv_rule_info(r->diags.v[i].rule)->stage == STV_STAGE_STRUCTURE)
			structure_valid = false;
	stv_diags_init(&rng, "fuzz.xml", NULL);
	bool schema_valid = stv_schema_validate(schema, &r->src, r->doc, &rng, true);
	if (structure_valid != schema_valid && !r->diags.oom && !rng.oom) {
		print_diags("structure", &r->diags);
		print_diags("schema", &rng);
		die(schema_valid ? "the schema accepts what the structural pass refuses"
				 : "the structural pass accepts what the schema refuses");
	}
	stv_diags_free(&rng);
}

/* A position is a line of the file and a column on it. */
static void check_positions(const struct stv_result *r)
{
	for (size_t i = 0; i < r->diags.n; i++) {
		const struct stv_pos *p = &r->diags.v[i].pos;
		if (p->line < 0 || (size_t)p->line > r->src.nlines || (p->line && p->col < 1) ||
		    p->end_col < p->col) {
			print_diags("findings", &r->diags);
			die("a finding's position is outside the file");
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct stv_result r;
	stv_run_buffer(&session, "fuzz.xml", (const char *)data, size, &r);
	if (r.doc)
		check_agreement(&r);
	check_positions(&r);
	if (r.dom && r.diags.errors == 0 && r.diags.hidden_errors == 0 && !r.diags.oom)
		emit_all(&r, &r.diags);
	print_reports(&r.diags);
	stv_result_free(&r);
	return 0;
}
