/*
 * Diagnostics are values.  Every stage appends findings to a struct
 * stv_diags and keeps going; nothing in the library prints or exits.  The
 * drivers decide what to do with the list (validate/report.h prints it).
 */
#ifndef STV_DIAG_H
#define STV_DIAG_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

enum stv_severity { STV_WARNING, STV_ERROR };

enum stv_stage {
	STV_STAGE_LOAD,
	STV_STAGE_STRUCTURE,
	STV_STAGE_SCHEMA,
	STV_STAGE_LOWER,
	STV_STAGE_CHECK,
	STV_STAGE_ADDRESS,
	STV_STAGE_EMIT,
};

enum stv_rule {
#define RULE(e, id, sev, stage, summary) STV_R_##e,
#include "rules.def"
#undef RULE
	STV_RULE_COUNT
};

struct stv_rule_info {
	const char *id;
	enum stv_severity severity;
	enum stv_stage stage;
	const char *summary;
};

/* Where a finding is: 1-based line and column; 0 means unknown. */
struct stv_loc {
	int line;
	int col;
};

struct stv_diag {
	enum stv_rule rule;
	enum stv_severity severity;
	struct stv_loc loc;
	char *message;
	char *hint;	/* NULL when there is nothing useful to add */
	size_t seq;	/* order of reporting: ties in position keep it */
};

struct stv_diags {
	const char *file;	/* name used in reports; not owned */
	struct stv_diag *v;
	size_t n, cap;
	size_t errors, warnings;
	size_t hidden_errors;	/* errors of disabled rules: not listed, still real */
	const bool *disabled;	/* STV_RULE_COUNT flags or NULL; not owned */
	bool oom;		/* an allocation failed: the list is incomplete */
};

const struct stv_rule_info *stv_rule_info(enum stv_rule rule);
/* Returns -1 when no rule has that id. */
int stv_rule_lookup(const char *id, enum stv_rule *out);

void stv_diags_init(struct stv_diags *d, const char *file, const bool *disabled);
void stv_diags_free(struct stv_diags *d);

/*
 * Appends a finding unless its rule is disabled (an error of a disabled
 * rule is only counted in hidden_errors).  hint may be NULL.  The
 * message says what is wrong and names the element, attribute or value; the
 * hint says what to do.
 */
void stv_report(struct stv_diags *d, enum stv_rule rule, struct stv_loc loc,
		const char *hint, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
void stv_vreport(struct stv_diags *d, enum stv_rule rule, struct stv_loc loc,
		 const char *hint, const char *fmt, va_list ap)
	__attribute__((format(printf, 5, 0)));

/* Sorts findings by position (stable), so every stage's output interleaves. */
void stv_diags_sort(struct stv_diags *d);

/* printf into a fresh heap string; NULL on failure. */
char *stv_asprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *stv_vasprintf(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));

#endif
