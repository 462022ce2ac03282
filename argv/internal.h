/*
 * internal.h: what the scanner, the grammar and the builder share.  Not part
 * of the API (that is argv.h).
 *
 * The words are scanned as one buffer, each word followed by a NUL (argv
 * words cannot contain one), so the scanner sees word ends as SEP tokens.
 * A token is a span of that buffer plus the index of its word; the scanner
 * allocates nothing, so a syntax error can leak nothing.
 */
#ifndef STV_ARGV_INTERNAL_H
#define STV_ARGV_INTERNAL_H

#include <stddef.h>

#include "argv.h"

#ifndef YY_TYPEDEF_YY_SCANNER_T
#define YY_TYPEDEF_YY_SCANNER_T
typedef void *yyscan_t;
#endif

struct argv_tok {
	size_t off;		/* in argv_ctx.input */
	size_t len;
	size_t word;		/* argv index */
};

/* The scanner's extra data and the grammar's parse parameter. */
struct argv_ctx {
	const char *input;	/* the words, each ended by a NUL */
	size_t len;
	/* scanner */
	int started;		/* the path has been scanned */
	size_t pos;		/* offset of the next token */
	size_t word;		/* argv index of the next token */
	struct argv_tok last;	/* the last token: the lookahead at a syntax error */
	struct argv_tok opt;	/* the last option word */
	struct argv_tok prev_opt; /* the one before it */
	struct argv_tok key;	/* the last list key */
	/* builder */
	struct stv_cmdline *cl;
	size_t cap;		/* allocated cl->opts */
	size_t pcap;		/* allocated props of the current option */
	size_t list_start;	/* offset of the current list value */
	struct stv_argv_error *err;
	int failed;		/* err holds a message */
};

/* Scanner helpers (argv/build.c). */
void argv_lex_step(struct argv_ctx *ctx, struct argv_tok *tok, const char *text, size_t len);
const struct stv_optdef *argv_lex_option(struct argv_ctx *ctx, const struct argv_tok *tok);

/* Builder: the grammar's only actions.  Each returns 0, or -1 with ctx->err set. */
int argv_b_path(struct argv_ctx *ctx, const struct argv_tok *word);
int argv_b_opt(struct argv_ctx *ctx, const struct argv_tok *opt);
int argv_b_value(struct argv_ctx *ctx, const struct argv_tok *word);
int argv_b_more(struct argv_ctx *ctx, const struct argv_tok *word);
int argv_b_list(struct argv_ctx *ctx, const struct argv_tok *sep);
int argv_b_class(struct argv_ctx *ctx, const struct argv_tok *name);
int argv_b_prop(struct argv_ctx *ctx, const struct argv_tok *key, const struct argv_tok *value);
int argv_b_list_end(struct argv_ctx *ctx, const struct argv_tok *sep);

/* Records the first error; later ones are dropped. */
void argv_fail(struct argv_ctx *ctx, size_t word, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
