#include "common.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../compiler/values.h"

void stv_cli_init(struct stv_cli *c, const char *prog)
{
	memset(c, 0, sizeof(*c));
	c->prog = prog;
	c->format = stv_format_lookup("gcc");
	c->print.caret = true;
	c->max_size = STV_DEFAULT_MAX_SIZE;
}

void stv_cli_error(const struct stv_cli *c, const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "%s: ", c->prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static int set_format(struct stv_cli *c, const char *arg)
{
	c->format = stv_format_lookup(arg);
	if (c->format)
		return 1;
	fprintf(stderr, "%s: unknown --format '%s'; use", c->prog, arg);
	for (const struct stv_format *f = stv_formats; f->name; f++)
		fprintf(stderr, " %s", f->name);
	fputc('\n', stderr);
	return -1;
}

static int disable_rule(struct stv_cli *c, const char *arg)
{
	enum stv_rule rule;
	if (stv_rule_lookup(arg, &rule) < 0) {
		stv_cli_error(c, "unknown rule '%s' in --disable; --list-rules shows them", arg);
		return -1;
	}
	c->disabled[rule] = true;
	return 1;
}

static int set_max_size(struct stv_cli *c, const char *arg)
{
	uint64_t v;
	if (stv_parse_size(arg, &v) < 0 || v == 0 || v > (uint64_t)1 << 31) {
		stv_cli_error(c, "--max-size '%s' is not a size from 1 byte to 2G", arg);
		return -1;
	}
	c->max_size = (size_t)v;
	return 1;
}

static int set_runtime_dir(struct stv_cli *c, const char *arg)
{
	if (arg[0] != '/') {
		stv_cli_error(c, "--runtime-dir '%s' must be an absolute path", arg);
		return -1;
	}
	c->opt.runtime_dir = arg;
	return 1;
}

/* --hugepages-dir SIZE:DIR, e.g. 1G:/mnt/huge1g */
static int add_hugepages_dir(struct stv_cli *c, const char *arg)
{
	const char *colon = strchr(arg, ':');
	char size[32];
	uint64_t bytes;
	if (!colon || (size_t)(colon - arg) >= sizeof(size) || colon[1] != '/') {
		stv_cli_error(c, "--hugepages-dir '%s' is not SIZE:/ABSOLUTE/DIR", arg);
		return -1;
	}
	memcpy(size, arg, (size_t)(colon - arg));
	size[colon - arg] = '\0';
	if (stv_parse_size(size, &bytes) < 0 || bytes == 0) {
		stv_cli_error(c, "--hugepages-dir '%s': '%s' is not a page size", arg, size);
		return -1;
	}
	size_t cap = sizeof(c->opt.hugepages) / sizeof(c->opt.hugepages[0]);
	if (c->opt.nhugepages == cap) {
		stv_cli_error(c, "--hugepages-dir given more than %zu times", cap);
		return -1;
	}
	c->opt.hugepages[c->opt.nhugepages++] =
		(struct stv_hugepage_dir){ .size = bytes, .dir = colon + 1 };
	return 1;
}

int stv_cli_option(struct stv_cli *c, int opt, const char *arg)
{
	switch (opt) {
	case OPT_FORMAT:
		return set_format(c, arg);
	case 'q':
		c->print.quiet = true;
		return 1;
	case OPT_NO_CARET:
		c->print.caret = false;
		return 1;
	case OPT_WERROR:
		c->werror = true;
		return 1;
	case OPT_DISABLE:
		return disable_rule(c, arg);
	case OPT_LIST_RULES:
		c->list_rules = true;
		return 1;
	case OPT_SCHEMA:
		c->schema = arg;
		return 1;
	case OPT_RELAXNG:
		c->relaxng = true;
		return 1;
	case OPT_MAX_SIZE:
		return set_max_size(c, arg);
	case OPT_RUNTIME_DIR:
		return set_runtime_dir(c, arg);
	case OPT_HUGEPAGES_DIR:
		return add_hugepages_dir(c, arg);
	case 'h':
		c->help = true;
		return 1;
	case OPT_VERSION:
		c->version = true;
		return 1;
	default:
		return 0;
	}
}

int stv_cli_parse(struct stv_cli *c, int argc, char **argv, const char *shortopts,
		  const struct option *longopts,
		  int (*handle)(void *ctx, int opt, const char *arg), void *ctx)
{
	int opt;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
		if (opt == '?') {
			stv_cli_error(c, "unknown or incomplete option '%s'; see --help",
				      argv[optind - 1]);
			return -1;
		}
		if (handle(ctx, opt, optarg) != 1)
			return -1;
	}
	return 0;
}

bool stv_cli_info(const struct stv_cli *c, const char *usage)
{
	if (c->help)
		fputs(usage, stdout);
	else if (c->version)
		printf("%s %s\n", c->prog, STV_VERSION);
	else if (c->list_rules)
		stv_print_rules(stdout);
	return c->help || c->version || c->list_rules;
}

int stv_cli_session(struct stv_cli *c, struct stv_session *s)
{
	char *why = NULL;
	if (stv_session_init(s, c->schema, c->relaxng, &why) < 0) {
		stv_cli_error(c, "cannot load the schema %s: %s",
			      c->schema ? c->schema : "(built in)", why ? why : "unknown error");
		free(why);
		stv_session_free(s);
		return -1;
	}
	s->max_size = c->max_size;
	memcpy(s->disabled, c->disabled, sizeof(s->disabled));
	s->opt = c->opt;
	return 0;
}

bool stv_cli_failed(const struct stv_cli *c, const struct stv_diags *d)
{
	return d->errors > 0 || d->oom || (c->werror && d->warnings > 0);
}
