/*
 * What stv-validate and stv-compile share on the command line: the
 * diagnostics options, the compile-time settings that checks depend on,
 * and the exit status policy.
 */
#ifndef STV_CLI_COMMON_H
#define STV_CLI_COMMON_H

#include <getopt.h>
#include <stdbool.h>

#include "../compiler/pipeline.h"
#include "../compiler/report.h"

enum {
	EXIT_CLEAN = 0,		/* no errors */
	EXIT_FINDINGS = 1,	/* errors found (or warnings with --Werror) */
	EXIT_USAGE = 2,		/* bad usage, unreadable file, write failure */
};

/* Long-only option codes, after the single-letter ones. */
enum {
	OPT_FORMAT = 256, OPT_WERROR, OPT_DISABLE, OPT_LIST_RULES, OPT_SCHEMA,
	OPT_MAX_SIZE, OPT_RUNTIME_DIR, OPT_HUGEPAGES_DIR, OPT_VERSION,
	OPT_EMIT, OPT_UNIT_DIR, OPT_RELAXNG, OPT_NO_CARET,
};

#define STV_COMMON_LONGOPTS \
	{ "format", required_argument, NULL, OPT_FORMAT }, \
	{ "quiet", no_argument, NULL, 'q' }, \
	{ "no-caret", no_argument, NULL, OPT_NO_CARET }, \
	{ "Werror", no_argument, NULL, OPT_WERROR }, \
	{ "disable", required_argument, NULL, OPT_DISABLE }, \
	{ "list-rules", no_argument, NULL, OPT_LIST_RULES }, \
	{ "schema", required_argument, NULL, OPT_SCHEMA }, \
	{ "relaxng", no_argument, NULL, OPT_RELAXNG }, \
	{ "max-size", required_argument, NULL, OPT_MAX_SIZE }, \
	{ "runtime-dir", required_argument, NULL, OPT_RUNTIME_DIR }, \
	{ "hugepages-dir", required_argument, NULL, OPT_HUGEPAGES_DIR }, \
	{ "help", no_argument, NULL, 'h' }, \
	{ "version", no_argument, NULL, OPT_VERSION }

struct stv_cli {
	const char *prog;
	const struct stv_format *format;
	struct stv_print print;		/* -q, --no-caret */
	bool werror, list_rules, help, version, relaxng;
	const char *schema;
	size_t max_size;
	bool disabled[STV_RULE_COUNT];
	struct stv_options opt;
};

void stv_cli_init(struct stv_cli *c, const char *prog);

/*
 * Handles one option shared by both tools.  Returns 1 when handled, 0 when
 * the option is not a shared one, -1 after printing a usage error.
 */
int stv_cli_option(struct stv_cli *c, int opt, const char *arg);

/*
 * The getopt loop of both tools.  handle gets every option (a tool's own,
 * then stv_cli_option for the shared ones) and returns what
 * stv_cli_option does.  Returns 0, or -1 after printing a usage error;
 * optind is then the first operand.
 */
int stv_cli_parse(struct stv_cli *c, int argc, char **argv, const char *shortopts,
		  const struct option *longopts,
		  int (*handle)(void *ctx, int opt, const char *arg), void *ctx);

/*
 * --help, --version and --list-rules: prints what was asked (usage for
 * --help) and returns true, or returns false when none was given.
 */
bool stv_cli_info(const struct stv_cli *c, const char *usage);

/* Starts a session with the CLI's settings; prints why and returns -1 on failure. */
int stv_cli_session(struct stv_cli *c, struct stv_session *s);

/* Whether the findings of one file fail it under the CLI's settings. */
bool stv_cli_failed(const struct stv_cli *c, const struct stv_diags *d);

/* "prog: message" on stderr. */
void stv_cli_error(const struct stv_cli *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
