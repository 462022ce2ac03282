/*
 * argv.h: StratoVirt's command-line syntax, read back into a small model.
 *
 * The reader (argv/lexer.l, argv/parser.y) knows StratoVirt's option syntax
 * only: the emulator path, then options that are flags (-daemonize), take one
 * raw value (-name NAME), an optional value (-D [PATH]), every following word
 * (-append A B) or a comma list (-device CLASS,key=value,flag).  It knows no
 * device, so the model stays general: it reads any StratoVirt command line,
 * not just the ones stv writes.
 *
 * Model, per word of a comma list value:
 *   -device virtio-blk-pci,id=disk0,drive=d0,bus=pcie.0,addr=0x2
 *           ^ class        ^ props {key, value}: value NULL for a bare flag
 *   -qmp unix:/run/vm/qmp.sock,server,nowait
 *        ^ class               ^ flags
 * The class is the first item when it has no '='; otherwise it is NULL
 * (-smbios type=1,uuid=U).  The raw value is kept as well.
 *
 * Like StratoVirt the reader splits a list on every ',' (there is no escape)
 * and a value starts after the first '=' of its item, so `k=a=b` gives key k
 * the value "a=b" (StratoVirt 2.5 would take that for two keys: checkers look
 * for '=' in values).  Rejected as StratoVirt rejects them: unknown options,
 * a missing or empty value, a value that begins with '-' (StratoVirt takes it
 * for an option), a word where an option is expected, empty list items, keys
 * or values, a key given twice in one list, and a non-repeatable option given
 * twice.  Errors name the argv word (0 = the emulator path).
 */
#ifndef STV_ARGV_H
#define STV_ARGV_H

#include <stddef.h>

/* How an option takes its value. */
enum stv_opt_kind {
	STV_OPT_FLAG,		/* -daemonize: no value */
	STV_OPT_VALUE,		/* -name NAME: exactly one raw word */
	STV_OPT_OPTVALUE,	/* -D [PATH]: one raw word when the next word is no option */
	STV_OPT_WORDS,		/* -append A [B...]: every following non-option word */
	STV_OPT_LIST,		/* -device CLASS[,key=value|,flag]...: one comma list */
};

/* One entry of the option table (argv/options.c). */
struct stv_optdef {
	const char *name;	/* with the dash: "-device" */
	enum stv_opt_kind kind;
	int repeat;		/* may be given more than once */
};

/* One item of a comma list after the class. */
struct stv_prop {
	char *key;
	char *value;		/* NULL for a bare flag (server, nowait) */
};

struct stv_opt {
	const struct stv_optdef *def;
	const char *name;	/* def->name: "-device" */
	char *value;		/* raw value; words of -append joined by ' '; NULL if none */
	char *class;		/* STV_OPT_LIST: first item when bare, else NULL */
	struct stv_prop *props;
	size_t nprops;
	size_t word;		/* argv index of the option word */
	size_t value_word;	/* argv index of its (first) value word, 0 if none */
};

struct stv_cmdline {
	char *path;		/* argv[0]: the emulator */
	struct stv_opt *opts;
	size_t nopts;
};

#define STV_ARGV_MSGMAX 256

struct stv_argv_error {
	size_t word;		/* argv index the message is about */
	char msg[STV_ARGV_MSGMAX];
};

/*
 * Parses argv[0..argc-1] (argv[0] is the emulator path).  On success stores
 * a new command line in *out and returns 0; otherwise returns -1, sets *out
 * to NULL and fills *err (when err is not NULL).  Free with stv_cmdline_free.
 */
int stv_argv_parse(int argc, const char *const argv[], struct stv_cmdline **out,
		   struct stv_argv_error *err);
void stv_cmdline_free(struct stv_cmdline *cl);

/* The option table entry for NAME (with its dash), or NULL if unknown. */
const struct stv_optdef *stv_argv_optdef(const char *name, size_t len);

/* The next option called NAME ("-device") after PREV (NULL: the first). */
const struct stv_opt *stv_cmdline_next(const struct stv_cmdline *cl, const char *name,
				       const struct stv_opt *prev);
size_t stv_cmdline_count(const struct stv_cmdline *cl, const char *name);

/* The item KEY of a list option, or NULL. */
const struct stv_prop *stv_opt_find(const struct stv_opt *opt, const char *key);
/* The value of KEY; NULL when KEY is absent or a bare flag. */
const char *stv_opt_prop(const struct stv_opt *opt, const char *key);
/* 1 when KEY is present as a bare flag, else 0. */
int stv_opt_flag(const struct stv_opt *opt, const char *key);

#endif
