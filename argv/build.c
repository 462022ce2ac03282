/*
 * build.c: constructors of the command-line model, called by the grammar's
 * actions, and the scanner's bookkeeping.  The model is complete after every
 * call, so stv_cmdline_free can free it whatever point the parse stopped at.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/*
 * Items of one list value.  StratoVirt's devices take a dozen keys; the bound
 * keeps the repeated-key check (linear per item) cheap on hostile input.
 */
#define ARGV_MAX_ITEMS 1024

void argv_fail(struct argv_ctx *ctx, size_t word, const char *fmt, ...)
{
	va_list ap;

	if (ctx->failed)
		return;
	ctx->failed = 1;
	ctx->err->word = word;
	va_start(ap, fmt);
	vsnprintf(ctx->err->msg, sizeof ctx->err->msg, fmt, ap);
	va_end(ap);
}

void argv_lex_step(struct argv_ctx *ctx, struct argv_tok *tok, const char *text, size_t len)
{
	tok->off = ctx->pos;
	tok->len = len;
	tok->word = ctx->word;
	ctx->pos += len;
	if (len == 1 && text[0] == '\0')
		ctx->word++;
	ctx->last = *tok;
}

const struct stv_optdef *argv_lex_option(struct argv_ctx *ctx, const struct argv_tok *tok)
{
	ctx->prev_opt = ctx->opt;
	ctx->opt = *tok;
	return stv_argv_optdef(ctx->input + tok->off, tok->len);
}

static char *tok_dup(struct argv_ctx *ctx, const struct argv_tok *tok)
{
	char *s = malloc(tok->len + 1);

	if (!s) {
		argv_fail(ctx, tok->word, "out of memory");
		return NULL;
	}
	memcpy(s, ctx->input + tok->off, tok->len);
	s[tok->len] = '\0';
	return s;
}

static struct stv_opt *cur(struct argv_ctx *ctx)
{
	return &ctx->cl->opts[ctx->cl->nopts - 1];
}

int argv_b_path(struct argv_ctx *ctx, const struct argv_tok *word)
{
	ctx->cl->path = tok_dup(ctx, word);
	return ctx->cl->path ? 0 : -1;
}

/* StratoVirt refuses a non-repeatable option given twice (DuplicateArgument). */
static int check_repeat(struct argv_ctx *ctx, const struct stv_optdef *def, size_t word)
{
	const struct stv_opt *prev;

	if (def->repeat)
		return 0;
	prev = stv_cmdline_next(ctx->cl, def->name, NULL);
	if (!prev)
		return 0;
	argv_fail(ctx, word, "%s is given twice (first at word %zu); StratoVirt accepts it once",
		  def->name, prev->word);
	return -1;
}

int argv_b_opt(struct argv_ctx *ctx, const struct argv_tok *opt)
{
	const struct stv_optdef *def = stv_argv_optdef(ctx->input + opt->off, opt->len);
	struct stv_cmdline *cl = ctx->cl;

	if (!def || check_repeat(ctx, def, opt->word) < 0)
		return -1;
	if (cl->nopts == ctx->cap) {
		size_t cap = ctx->cap ? 2 * ctx->cap : 16;
		struct stv_opt *o = realloc(cl->opts, cap * sizeof *o);

		if (!o) {
			argv_fail(ctx, opt->word, "out of memory");
			return -1;
		}
		cl->opts = o;
		ctx->cap = cap;
	}
	cl->opts[cl->nopts++] = (struct stv_opt){ .def = def, .name = def->name,
						  .word = opt->word };
	ctx->pcap = 0;
	return 0;
}

int argv_b_value(struct argv_ctx *ctx, const struct argv_tok *word)
{
	struct stv_opt *o = cur(ctx);

	o->value_word = word->word;
	o->value = tok_dup(ctx, word);
	return o->value ? 0 : -1;
}

/* -append A B: StratoVirt joins the words with spaces. */
int argv_b_more(struct argv_ctx *ctx, const struct argv_tok *word)
{
	struct stv_opt *o = cur(ctx);
	size_t have = strlen(o->value);
	char *v = realloc(o->value, have + 1 + word->len + 1);

	if (!v) {
		argv_fail(ctx, word->word, "out of memory");
		return -1;
	}
	v[have] = ' ';
	memcpy(v + have + 1, ctx->input + word->off, word->len);
	v[have + 1 + word->len] = '\0';
	o->value = v;
	return 0;
}

int argv_b_list(struct argv_ctx *ctx, const struct argv_tok *sep)
{
	/* ctx->list_start was set by the scanner at this SEP */
	cur(ctx)->value_word = sep->word + 1;
	return 0;
}

int argv_b_class(struct argv_ctx *ctx, const struct argv_tok *name)
{
	struct stv_opt *o = cur(ctx);

	o->class = tok_dup(ctx, name);
	return o->class ? 0 : -1;
}

static int grow_props(struct argv_ctx *ctx, struct stv_opt *o, size_t word)
{
	size_t cap = ctx->pcap ? 2 * ctx->pcap : 8;
	struct stv_prop *p;

	if (o->nprops < ctx->pcap)
		return 0;
	p = realloc(o->props, cap * sizeof *p);
	if (!p) {
		argv_fail(ctx, word, "out of memory");
		return -1;
	}
	o->props = p;
	ctx->pcap = cap;
	return 0;
}

int argv_b_prop(struct argv_ctx *ctx, const struct argv_tok *key, const struct argv_tok *value)
{
	struct stv_opt *o = cur(ctx);
	struct stv_prop p = { NULL, NULL };

	if (o->nprops == ARGV_MAX_ITEMS) {
		argv_fail(ctx, key->word, "the value of %s has more than %d items", o->name,
			  ARGV_MAX_ITEMS);
		return -1;
	}
	if (grow_props(ctx, o, key->word) < 0)
		return -1;
	p.key = tok_dup(ctx, key);
	if (p.key && stv_opt_find(o, p.key)) {
		argv_fail(ctx, key->word, "'%s' is given twice in the value of %s", p.key,
			  o->name);
		free(p.key);
		return -1;
	}
	if (p.key && value)
		p.value = tok_dup(ctx, value);
	if (!p.key || (value && !p.value)) {
		free(p.key);
		return -1;
	}
	o->props[o->nprops++] = p;
	return 0;
}

/* The raw value: the whole word, from list_start up to its end. */
int argv_b_list_end(struct argv_ctx *ctx, const struct argv_tok *sep)
{
	struct argv_tok raw = { ctx->list_start, sep->off - ctx->list_start, sep->word };
	struct stv_opt *o = cur(ctx);

	o->value = tok_dup(ctx, &raw);
	return o->value ? 0 : -1;
}
