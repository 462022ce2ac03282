/*
 * parser.y: the grammar of a StratoVirt command line (see argv.h).
 *
 * Tokens come from argv/lexer.l, one SEP per word end.  Which option takes
 * what kind of value is a table (argv/options.c), so the scanner hands out
 * one token kind per value kind and the grammar needs no option names.
 * Actions only call the builder in argv/build.c.
 */
%define api.pure full
%define api.prefix {stv_argv_yy}
%define api.token.prefix {ARGV_}
%define api.value.type {struct argv_tok}
%define parse.error custom
%param {yyscan_t scanner}
%parse-param {struct argv_ctx *ctx}

%code requires {
#include "internal.h"
}

%code provides {
#define YYSTYPE STV_ARGV_YYSTYPE
}

%code {
#include <string.h>

#include "lexer.h"

/* A builder call failed: its message is in ctx->err. */
#define TRY(call) do { if ((call) < 0) YYABORT; } while (0)

static void stv_argv_yyerror(yyscan_t scanner, struct argv_ctx *ctx, const char *msg);
}

%token FLAGOPT "flag option"
%token VALOPT "option"
%token OPTVALOPT "option with an optional value"
%token WORDSOPT "option taking words"
%token LISTOPT "list option"
%token BADOPT "unknown option"
%token WORD "word"
%token NAME "list item"
%token VALUE "value"
%token SEP "end of word"
%token COMMA "','"
%token EQ "'='"

%%

cmdline:
	WORD SEP			{ TRY(argv_b_path(ctx, &$1)); }
	options
	;

options:
	%empty
	| options option
	;

option:
	FLAGOPT SEP			{ TRY(argv_b_opt(ctx, &$1)); }
	| VALOPT SEP WORD SEP		{ TRY(argv_b_opt(ctx, &$1)); TRY(argv_b_value(ctx, &$3)); }
	| OPTVALOPT SEP			{ TRY(argv_b_opt(ctx, &$1)); }
	| OPTVALOPT SEP WORD SEP	{ TRY(argv_b_opt(ctx, &$1)); TRY(argv_b_value(ctx, &$3)); }
	| words_head words
	| list_head items SEP		{ TRY(argv_b_list_end(ctx, &$3)); }
	;

words_head:
	WORDSOPT SEP WORD SEP		{ TRY(argv_b_opt(ctx, &$1)); TRY(argv_b_value(ctx, &$3)); }
	;

words:
	%empty
	| words WORD SEP		{ TRY(argv_b_more(ctx, &$2)); }
	;

list_head:
	LISTOPT SEP			{ TRY(argv_b_opt(ctx, &$1)); TRY(argv_b_list(ctx, &$2)); }
	;

items:
	first
	| items COMMA item
	;

first:
	NAME				{ TRY(argv_b_class(ctx, &$1)); }
	| pair
	;

item:
	NAME				{ TRY(argv_b_prop(ctx, &$1, NULL)); }
	| pair
	;

pair:
	NAME EQ VALUE			{ TRY(argv_b_prop(ctx, &$1, &$3)); }
	;

%%

static int is_option(yysymbol_kind_t sym)
{
	switch (sym) {
	case YYSYMBOL_FLAGOPT:
	case YYSYMBOL_VALOPT:
	case YYSYMBOL_OPTVALOPT:
	case YYSYMBOL_WORDSOPT:
	case YYSYMBOL_LISTOPT:
	case YYSYMBOL_BADOPT:
		return 1;
	default:
		return 0;
	}
}

static int expects(const yypcontext_t *yyctx, yysymbol_kind_t want)
{
	yysymbol_kind_t exp[YYNTOKENS];
	int n = yypcontext_expected_tokens(yyctx, exp, YYNTOKENS);

	for (int i = 0; i < n; i++)
		if (exp[i] == want)
			return 1;
	return 0;
}

/* The text of a token, for messages (at most 64 bytes of it). */
#define TOKFMT "%.*s"
#define TOKARG(ctx, t) (int)((t)->len > 64 ? 64 : (t)->len), (ctx)->input + (t)->off

/* A value was expected (after VALOPT, LISTOPT, '='): say whose. */
static void missing_value(struct argv_ctx *ctx, yysymbol_kind_t sym)
{
	/* When the lookahead is an option, ctx->opt is that option already. */
	const struct argv_tok *o = is_option(sym) ? &ctx->prev_opt : &ctx->opt;

	if (is_option(sym))
		argv_fail(ctx, ctx->last.word, TOKFMT " needs a value; '" TOKFMT "' is taken "
			  "for an option (values cannot begin with '-')", TOKARG(ctx, o),
			  TOKARG(ctx, &ctx->last));
	else if (sym == YYSYMBOL_SEP)
		argv_fail(ctx, ctx->last.word, TOKFMT " has an empty value", TOKARG(ctx, o));
	else
		argv_fail(ctx, o->word, TOKFMT " needs a value", TOKARG(ctx, o));
}

/* Something went wrong inside a comma list: name the item. */
static void bad_item(struct argv_ctx *ctx, yysymbol_kind_t sym)
{
	const struct argv_tok *o = &ctx->opt;

	if (sym == YYSYMBOL_EQ)
		argv_fail(ctx, ctx->last.word, "empty key before '=' in the value of " TOKFMT,
			  TOKARG(ctx, o));
	else
		argv_fail(ctx, ctx->last.word, "empty item in the value of " TOKFMT,
			  TOKARG(ctx, o));
}

/* The list value is missing altogether (end of input, an option, an empty word). */
static int at_list_start(const struct argv_ctx *ctx, yysymbol_kind_t sym)
{
	return sym == YYSYMBOL_YYEOF || is_option(sym) ||
	       (sym == YYSYMBOL_SEP && ctx->last.off == ctx->list_start);
}

static int yyreport_syntax_error(const yypcontext_t *yyctx, yyscan_t scanner,
				 struct argv_ctx *ctx)
{
	yysymbol_kind_t sym = yypcontext_token(yyctx);
	const struct argv_tok *t = &ctx->last;

	(void)scanner;
	if (!ctx->cl->path)
		argv_fail(ctx, 0, "the emulator path is empty");
	else if (expects(yyctx, YYSYMBOL_VALUE))
		argv_fail(ctx, t->word, "'" TOKFMT "=' has an empty value in the value of " TOKFMT,
			  TOKARG(ctx, &ctx->key), TOKARG(ctx, &ctx->opt));
	else if (expects(yyctx, YYSYMBOL_NAME) && !at_list_start(ctx, sym))
		bad_item(ctx, sym);
	else if (expects(yyctx, YYSYMBOL_NAME) || expects(yyctx, YYSYMBOL_WORD))
		missing_value(ctx, sym);
	else if (sym == YYSYMBOL_BADOPT)
		argv_fail(ctx, t->word, "unknown option '" TOKFMT "'", TOKARG(ctx, t));
	else if (sym == YYSYMBOL_WORD && ctx->opt.len)
		argv_fail(ctx, t->word, "'" TOKFMT "' is not an option (options begin with '-'; "
			  TOKFMT " takes no more words)", TOKARG(ctx, t), TOKARG(ctx, &ctx->opt));
	else if (sym == YYSYMBOL_WORD)
		argv_fail(ctx, t->word, "'" TOKFMT "' is not an option (options begin with '-')",
			  TOKARG(ctx, t));
	else if (sym == YYSYMBOL_SEP)
		argv_fail(ctx, t->word, "empty word where an option was expected");
	else
		argv_fail(ctx, t->word, "syntax error in the value of " TOKFMT,
			  TOKARG(ctx, &ctx->opt));
	return 0;
}

/* Only reached when the parser stack is exhausted. */
static void stv_argv_yyerror(yyscan_t scanner, struct argv_ctx *ctx, const char *msg)
{
	(void)scanner;
	argv_fail(ctx, ctx->last.word, "%s", msg);
}
