/*
 * Diagnostics are values.  Every stage appends findings to a struct
 * stv_diags and keeps going; nothing in the library prints or exits.  The
 * drivers decide what to do with the list (report.h prints it).
 *
 * Locations are cheap until they are reported: the IR keeps a struct
 * stv_loc (an offset into the source and, for an attribute, its name), and
 * stv_report turns it into a line and a column range by looking at the
 * source, once per finding.  Columns count characters (Unicode code
 * points) from 1; lines count from 1; 0 means unknown.
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
	STV_STAGE_DEFAULTS,
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

/* The document's bytes, and where its lines start. */
struct stv_source {
	char *buf;		/* the whole file, NUL-terminated */
	size_t len;
	size_t *line_start;	/* offset of each line */
	size_t nlines;
};

enum stv_loc_part {
	STV_LOC_NONE,		/* nowhere in particular: the whole file */
	STV_LOC_TAG,		/* an element's start tag */
	STV_LOC_ATTR,		/* one attribute of it, named by attr */
	STV_LOC_TEXT,		/* its text content */
	STV_LOC_BYTE,		/* one byte of the source */
	STV_LOC_RUN,		/* text starting at a byte, to '<' or the line's end */
};

/*
 * Where something is.  For TAG, ATTR and TEXT, off is 1 + the offset just
 * past the element's start tag (what the loader records for every
 * element); for BYTE and RUN, 1 + the byte's offset.  attr has static storage (the
 * subset's tables), so keeping it costs nothing.
 */
struct stv_loc {
	size_t off;
	const char *attr;
	enum stv_loc_part part;
};

/* A location resolved: the line, and the columns from col to end_col (exclusive). */
struct stv_pos {
	int line, col, end_col;
};

struct stv_diag {
	enum stv_rule rule;
	enum stv_severity severity;
	struct stv_pos pos;
	char *message;
	char *hint;	/* NULL when there is nothing useful to add */
	size_t seq;	/* order of reporting: ties in position keep it */
};

struct stv_diags {
	const char *file;	/* name used in reports; not owned */
	const struct stv_source *src;	/* for positions; may be NULL; not owned */
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

/* A location known to point somewhere. */
bool stv_loc_known(struct stv_loc loc);
/* loc, or fallback when loc points nowhere. */
struct stv_loc stv_loc_or(struct stv_loc loc, struct stv_loc fallback);
/* The same location, at one of the element's attributes. */
struct stv_loc stv_loc_attr(struct stv_loc loc, const char *attr);

/* Where loc is in src; line 0 when unknown or src is NULL. */
struct stv_pos stv_resolve(const struct stv_source *src, struct stv_loc loc);
/* The line of loc in the reported document, for "(first at line N)". */
int stv_loc_line(const struct stv_diags *d, struct stv_loc loc);

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
