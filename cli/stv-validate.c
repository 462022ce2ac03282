/*
 * stv-validate: lint StratoVirt domain XML.  See stv-validate(1).
 */
#include <stdio.h>
#include <stdlib.h>

#include "common.h"

static const char usage[] =
	"usage: stv-validate [OPTIONS] FILE...\n"
	"Check libvirt domain XML against what StratoVirt " STV_STRATOVIRT " supports.\n"
	"FILE '-' is stdin.\n"
	"\n"
	"  --format=gcc|json|sarif|codequality\n"
	"                           output format (default gcc)\n"
	"  -q, --quiet              report errors only\n"
	"      --no-caret           gcc format: no source line and caret under a finding\n"
	"      --Werror             warnings fail the file too\n"
	"      --disable=RULE       do not report RULE (repeatable)\n"
	"      --list-rules         print every rule: id, severity, summary\n"
	"      --relaxng            also run the built-in RelaxNG schema on every file\n"
	"      --schema=FILE        run this RelaxNG schema on every file instead\n"
	"      --max-size=SIZE      refuse larger files (default 16M)\n"
	"      --runtime-dir=DIR    runtime directory the VM will use (QMP socket)\n"
	"      --hugepages-dir=SIZE:DIR  hugetlbfs mount for a page size\n"
	"  -h, --help               this text\n"
	"      --version            print the version\n"
	"\n"
	"Exit status: 0 no errors, 1 errors found, 2 usage or I/O error.\n";

static int handle(void *ctx, int opt, const char *arg)
{
	return stv_cli_option(ctx, opt, arg);
}

/* Validates every file; returns the exit status. */
static int validate_all(struct stv_cli *c, struct stv_session *s, int n, char **files)
{
	int status = EXIT_CLEAN;
	size_t printed = 0;
	if (c->format->begin)
		c->format->begin(stdout);
	for (int i = 0; i < n; i++) {
		struct stv_result r;
		stv_run(s, files[i], &r);
		if (r.io_error) {
			stv_cli_error(c, "%s: %s", r.diags.file, r.io_message);
			status = EXIT_USAGE;
		} else {
			c->format->file(stdout, &r.diags, &c->print, &printed);
			if (r.diags.oom)
				stv_cli_error(c, "%s: out of memory: findings are incomplete",
					      r.diags.file);
			if (stv_cli_failed(c, &r.diags) && status == EXIT_CLEAN)
				status = EXIT_FINDINGS;
		}
		stv_result_free(&r);
	}
	if (c->format->end)
		c->format->end(stdout);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		stv_cli_error(c, "cannot write the report");
		status = EXIT_USAGE;
	}
	return status;
}

int main(int argc, char **argv)
{
	struct stv_cli c;
	stv_cli_init(&c, "stv-validate");
	static const struct option longopts[] = {
		STV_COMMON_LONGOPTS,
		{ NULL, 0, NULL, 0 },
	};
	if (stv_cli_parse(&c, argc, argv, "qh", longopts, handle, &c) < 0)
		return EXIT_USAGE;
	if (stv_cli_info(&c, usage))
		return EXIT_CLEAN;
	if (optind == argc) {
		stv_cli_error(&c, "no input files; see --help");
		return EXIT_USAGE;
	}
	struct stv_session s;
	if (stv_cli_session(&c, &s) < 0)
		return EXIT_USAGE;
	int status = validate_all(&c, &s, argc - optind, argv + optind);
	stv_session_free(&s);
	return status;
}
