/*
 * argv.c: the reader's API: join the words, run scanner and grammar, free
 * the model, look things up in it.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "parser.h"
#include "lexer.h"

/* Each word plus its NUL; NULL when argv is too big for the scanner (int sizes). */
static char *join_words(int argc, const char *const argv[], size_t *len)
{
	size_t total = 0;
	char *buf, *p;

	for (int i = 0; i < argc; i++) {
		size_t n = strlen(argv[i]) + 1;

		if (n > (size_t)INT_MAX / 2 - total)
			return NULL;
		total += n;
	}
	buf = malloc(total ? total : 1);
	if (!buf)
		return NULL;
	p = buf;
	for (int i = 0; i < argc; i++) {
		size_t n = strlen(argv[i]) + 1;

		memcpy(p, argv[i], n);
		p += n;
	}
	*len = total;
	return buf;
}

static int run(struct argv_ctx *ctx)
{
	yyscan_t scanner;
	YY_BUFFER_STATE buf;
	int rc;

	if (stv_argv_yylex_init_extra(ctx, &scanner) != 0) {
		argv_fail(ctx, 0, "out of memory");
		return -1;
	}
	buf = stv_argv_yy_scan_bytes(ctx->input, (int)ctx->len, scanner);
	rc = buf ? stv_argv_yyparse(scanner, ctx) : -1;
	if (buf)
		stv_argv_yy_delete_buffer(buf, scanner);
	stv_argv_yylex_destroy(scanner);
	if (rc != 0)
		argv_fail(ctx, ctx->last.word, "cannot parse the command line");
	return rc == 0 ? 0 : -1;
}

int stv_argv_parse(int argc, const char *const argv[], struct stv_cmdline **out,
		   struct stv_argv_error *err)
{
	struct stv_argv_error spare;
	struct argv_ctx ctx = { .err = err ? err : &spare };
	char *input = NULL;
	int rc = -1;

	*out = NULL;
	ctx.err->word = 0;
	ctx.err->msg[0] = '\0';
	if (argc <= 0 || !argv) {
		argv_fail(&ctx, 0, "the command line is empty");
		goto out;
	}
	input = join_words(argc, argv, &ctx.len);
	ctx.input = input;
	ctx.cl = calloc(1, sizeof *ctx.cl);
	if (!input || !ctx.cl) {
		argv_fail(&ctx, 0, "the command line is too long or memory is short");
		goto out;
	}
	rc = run(&ctx);
out:
	if (rc == 0)
		*out = ctx.cl;
	else
		stv_cmdline_free(ctx.cl);
	free(input);
	return rc;
}

static void free_opt(struct stv_opt *o)
{
	for (size_t i = 0; i < o->nprops; i++) {
		free(o->props[i].key);
		free(o->props[i].value);
	}
	free(o->props);
	free(o->class);
	free(o->value);
}

void stv_cmdline_free(struct stv_cmdline *cl)
{
	if (!cl)
		return;
	for (size_t i = 0; i < cl->nopts; i++)
		free_opt(&cl->opts[i]);
	free(cl->opts);
	free(cl->path);
	free(cl);
}

const struct stv_opt *stv_cmdline_next(const struct stv_cmdline *cl, const char *name,
				       const struct stv_opt *prev)
{
	size_t i = prev ? (size_t)(prev - cl->opts) + 1 : 0;

	for (; i < cl->nopts; i++)
		if (strcmp(cl->opts[i].name, name) == 0)
			return &cl->opts[i];
	return NULL;
}

size_t stv_cmdline_count(const struct stv_cmdline *cl, const char *name)
{
	size_t n = 0;

	for (const struct stv_opt *o = stv_cmdline_next(cl, name, NULL); o;
	     o = stv_cmdline_next(cl, name, o))
		n++;
	return n;
}

const struct stv_prop *stv_opt_find(const struct stv_opt *opt, const char *key)
{
	for (size_t i = 0; i < opt->nprops; i++)
		if (strcmp(opt->props[i].key, key) == 0)
			return &opt->props[i];
	return NULL;
}

const char *stv_opt_prop(const struct stv_opt *opt, const char *key)
{
	const struct stv_prop *p = stv_opt_find(opt, key);

	return p ? p->value : NULL;
}

int stv_opt_flag(const struct stv_opt *opt, const char *key)
{
	const struct stv_prop *p = stv_opt_find(opt, key);

	return p && !p->value;
}
