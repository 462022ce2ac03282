/*
 * Printers for findings.  Each reads the same list of values; the table
 * stv_formats drives --format.  Output streams file by file so a run over
 * thousands of files holds one file's findings at a time.
 */
#ifndef STV_REPORT_H
#define STV_REPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "diag.h"

/* How findings are printed, besides the format. */
struct stv_print {
	bool quiet;		/* errors only */
	bool caret;		/* gcc: the source line and a caret under the fault */
};

struct stv_format {
	const char *name;
	void (*begin)(FILE *out);
	/*
	 * *printed counts the findings printed so far in this run (for
	 * separators); the printer adds its own.  d->src, when set, gives the
	 * source lines.
	 */
	void (*file)(FILE *out, const struct stv_diags *d, const struct stv_print *how,
		     size_t *printed);
	void (*end)(FILE *out);
};

extern const struct stv_format stv_formats[];	/* ended by a NULL name */
const struct stv_format *stv_format_lookup(const char *name);

/* --list-rules */
void stv_print_rules(FILE *out);

#endif
