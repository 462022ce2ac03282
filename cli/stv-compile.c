/*
 * stv-compile: domain XML to a StratoVirt command line, launcher script or
 * systemd unit.  See stv-compile(1).
 *
 * Nothing is written unless the whole compilation succeeded: findings go
 * to stderr, the output is built in memory and then written to stdout or
 * atomically to a file.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../emit/emit.h"
#include "common.h"

static const char usage[] =
	"usage: stv-compile [OPTIONS] FILE\n"
	"Compile libvirt domain XML into what starts it under StratoVirt " STV_STRATOVIRT ".\n"
	"FILE '-' is stdin.\n"
	"\n"
	"  --emit=FORMAT            what to write (FORMATs below; default argv)\n"
	"  -0                       with argv: end each argument with NUL, not newline\n"
	"  -o FILE                  write to FILE atomically instead of stdout\n"
	"      --unit-dir=DIR       write DIR/stratovirt-NAME.service (implies --emit=unit)\n"
	"      --runtime-dir=DIR    runtime directory (default /run/stratovirt/NAME)\n"
	"      --hugepages-dir=SIZE:DIR  hugetlbfs mount for a page size (repeatable)\n"
	"  --format=gcc|json|sarif|codequality\n"
	"                           format of the findings on stderr (default gcc)\n"
	"  -q, --quiet              report errors only\n"
	"      --no-caret           gcc format: no source line and caret under a finding\n"
	"      --Werror             warnings fail the compilation too\n"
	"      --disable=RULE       do not report RULE (repeatable)\n"
	"      --list-rules         print every rule: id, severity, summary\n"
	"      --relaxng            also run the built-in RelaxNG schema on every file\n"
	"      --schema=FILE        run this RelaxNG schema on every file instead\n"
	"      --max-size=SIZE      refuse larger files (default 16M)\n"
	"  -h, --help               this text\n"
	"      --version            print the version\n"
	"\n"
	"\n"
	"Exit status: 0 compiled, 1 the domain has errors, 2 usage or I/O error.\n"
	"\n"
	"FORMATs:\n";

/* The usage text, then a line per emitter of the table. */
static void print_usage(void)
{
	fputs(usage, stdout);
	for (const struct stv_emitter *e = stv_emitters; e->name; e++)
		printf("  %-8s %s\n", e->name, e->summary);
}

/* "argv, json, xml, script or unit", from the table. */
static void print_formats(FILE *f)
{
	for (const struct stv_emitter *e = stv_emitters; e->name; e++)
		fprintf(f, "%s%s", e->name, !e[1].name ? "" : !e[2].name ? " or " : ", ");
}

struct compile_cli {
	struct stv_cli c;
	const struct stv_emitter *emitter;
	bool emit_given, nul;
	const char *output, *unit_dir;
};

static int compile_option(void *ctx, int opt, const char *arg)
{
	struct compile_cli *cc = ctx;
	switch (opt) {
	case OPT_EMIT:
		cc->emitter = stv_emitter_lookup(arg);
		cc->emit_given = true;
		if (cc->emitter)
			return 1;
		fprintf(stderr, "%s: unknown --emit '%s'; use ", cc->c.prog, arg);
		print_formats(stderr);
		fputc('\n', stderr);
		return -1;
	case '0':
		cc->nul = true;
		return 1;
	case 'o':
		cc->output = arg;
		return 1;
	case OPT_UNIT_DIR:
		/* An empty --unit-dir="$UNSET" must not mean the root directory. */
		if (arg[0] == '\0') {
			stv_cli_error(&cc->c, "--unit-dir needs a directory");
			return -1;
		}
		cc->unit_dir = arg;
		return 1;
	default:
		return stv_cli_option(&cc->c, opt, arg);
	}
}

static int check_combination(struct compile_cli *cc)
{
	const struct stv_emitter *unit = stv_emitter_lookup("unit");
	if (cc->unit_dir && cc->output) {
		stv_cli_error(&cc->c, "-o and --unit-dir cannot be used together");
		return -1;
	}
	if (cc->unit_dir && cc->emit_given && cc->emitter != unit) {
		stv_cli_error(&cc->c, "--unit-dir writes a unit; it cannot be used with --emit=%s",
			      cc->emitter->name);
		return -1;
	}
	if (cc->unit_dir)
		cc->emitter = unit;
	if (cc->nul && strcmp(cc->emitter->name, "argv") != 0) {
		stv_cli_error(&cc->c, "-0 applies to --emit=argv only");
		return -1;
	}
	return 0;
}

/* Prints findings to stderr; returns whether they fail the compilation. */
static bool report(struct compile_cli *cc, const struct stv_diags *d)
{
	size_t printed = 0;
	const struct stv_format *f = cc->c.format;
	if (f->begin)
		f->begin(stderr);
	f->file(stderr, d, &cc->c.print, &printed);
	if (f->end)
		f->end(stderr);
	return stv_cli_failed(&cc->c, d);
}

static int write_output(struct compile_cli *cc, const struct stv_domain *dom,
			const struct stv_buf *out)
{
	const char *data = out->p ? out->p : "";
	int mode = cc->emitter->mode;
	char *path = NULL;
	if (cc->unit_dir) {
		char *name = stv_unit_name(dom);
		path = name ? stv_asprintf("%s/%s", cc->unit_dir, name) : NULL;
		free(name);
		if (!path) {
			stv_cli_error(&cc->c, "out of memory");
			return EXIT_USAGE;
		}
	}
	const char *target = path ? path : cc->output;
	int status = EXIT_CLEAN;
	struct stat st;
	/* rename() would put a file in place of a symlink or a device. */
	if (target && lstat(target, &st) == 0 && !S_ISREG(st.st_mode)) {
		stv_cli_error(&cc->c, "cannot write %s: not a regular file%s", target,
			      cc->output ? "; leave out -o to write to standard output" : "");
		status = EXIT_USAGE;
	} else if (target) {
		if (stv_write_atomic(target, data, out->len, mode) < 0) {
			stv_cli_error(&cc->c, "cannot write %s: %s", target, strerror(errno));
			status = EXIT_USAGE;
		}
	} else if (fwrite(data, 1, out->len, stdout) != out->len || fflush(stdout) != 0) {
		stv_cli_error(&cc->c, "cannot write to standard output");
		status = EXIT_USAGE;
	}
	free(path);
	return status;
}

/* Emits a domain that passed every check into out; returns 0 or -1. */
static int emit(struct compile_cli *cc, struct stv_session *s, struct stv_result *r,
		struct stv_buf *out)
{
	struct stv_argv argv = { 0 };
	int rc = stv_build_argv(r->dom, &s->opt, &argv);
	struct stv_emit_ctx ctx = {
		.dom = r->dom, .opt = &s->opt, .argv = &argv, .src = &r->src,
		.source_name = r->diags.file, .nul_separated = cc->nul,
	};
	if (rc == 0)
		rc = cc->emitter->emit(&ctx, out, &r->diags);
	stv_argv_free(&argv);
	return rc;
}

/*
 * Nothing was emitted and no error was listed: say why rather than exit 1
 * in silence.
 */
static void explain_not_emitted(struct compile_cli *cc, const struct stv_result *r)
{
	if (r->diags.oom)
		stv_cli_error(&cc->c, "%s: out of memory", r->diags.file);
	else if (r->diags.hidden_errors > 0 || (r->dom && r->dom->refused > 0))
		stv_cli_error(&cc->c, "%s: not compiled: it breaks a rule that --disable hides but "
			      "stv-compile cannot waive (the document's structure, or a value the "
			      "output cannot carry)", r->diags.file);
	else
		stv_cli_error(&cc->c, "%s: internal error: the domain passed every rule but its "
			      "command line could not be built; please report this with the file",
			      r->diags.file);
}

/*
 * Emits a domain that passed every check, then reports every finding at
 * once (one JSON or SARIF document), then writes the output if nothing
 * failed.  Returns the exit status.
 */
static int emit_and_report(struct compile_cli *cc, struct stv_session *s,
			   struct stv_result *r)
{
	struct stv_buf out = { 0 };
	bool emitted = false;
	int status = EXIT_FINDINGS;
	if (r->dom && !stv_cli_failed(&cc->c, &r->diags)) {
		emitted = emit(cc, s, r, &out) == 0;
		stv_diags_sort(&r->diags);
	}
	if (report(cc, &r->diags) || !emitted) {
		if (!emitted && r->diags.errors == 0)
			explain_not_emitted(cc, r);
		goto out;
	}
	if (out.oom) {
		stv_cli_error(&cc->c, "out of memory");
		status = EXIT_USAGE;
		goto out;
	}
	status = write_output(cc, r->dom, &out);
out:
	stv_buf_free(&out);
	return status;
}

static int compile(struct compile_cli *cc, const char *file)
{
	struct stv_session s;
	if (stv_cli_session(&cc->c, &s) < 0)
		return EXIT_USAGE;
	struct stv_result r;
	stv_run(&s, file, &r);
	int status;
	if (r.io_error) {
		stv_cli_error(&cc->c, "%s: %s", r.diags.file, r.io_message);
		status = EXIT_USAGE;
	} else {
		status = emit_and_report(cc, &s, &r);
	}
	stv_result_free(&r);
	stv_session_free(&s);
	return status;
}

int main(int argc, char **argv)
{
	struct compile_cli cc = { 0 };
	static const struct option longopts[] = {
		STV_COMMON_LONGOPTS,
		{ "emit", required_argument, NULL, OPT_EMIT },
		{ "unit-dir", required_argument, NULL, OPT_UNIT_DIR },
		{ NULL, 0, NULL, 0 },
	};
	stv_cli_init(&cc.c, "stv-compile");
	cc.emitter = stv_emitter_lookup("argv");
	if (stv_cli_parse(&cc.c, argc, argv, "qh0o:", longopts, compile_option, &cc) < 0 ||
	    check_combination(&cc) < 0)
		return EXIT_USAGE;
	if (cc.c.help) {
		print_usage();
		return EXIT_CLEAN;
	}
	if (stv_cli_info(&cc.c, usage))
		return EXIT_CLEAN;
	if (argc - optind != 1) {
		stv_cli_error(&cc.c, "expected exactly one input file; see --help");
		return EXIT_USAGE;
	}
	return compile(&cc, argv[optind]);
}
