/*
 * The management half's one door into the compiler.  Every call into
 * compiler/pipeline.h and emit/emit.h (and the report printers) is in
 * compile.c, so when those APIs change, this file is the one to adapt.
 *
 * A definition is compiled exactly as `stv-compile` would compile it, with
 * --runtime-dir RUNTIME/NAME, so the emitted -qmp path is the socket
 * stv-ctl looks for (and the checks that depend on it, qmp-path-length,
 * see the real path).
 */
#ifndef STV_CTL_COMPILE_H
#define STV_CTL_COMPILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* One per process: the compiler's session (built once, used per file). */
struct stv_ctl_compiler;

struct stv_ctl_compiler *stv_ctl_compiler_new(char **why);
void stv_ctl_compiler_free(struct stv_ctl_compiler *cc);

/* What to emit besides the checks. */
enum {
	STV_EMIT_SCRIPT = 1,	/* --emit=script */
	STV_EMIT_UNIT = 2,	/* --emit=unit, plus SourcePath= */
	STV_EMIT_XML = 4,	/* --emit=xml */
};

struct stv_ctl_request {
	const char *file;		/* the definition: its name in findings */
	const char *data;		/* its bytes, or NULL to read file */
	size_t len;
	const char *expect_name;	/* the <name> it must have, or NULL */
	const char *runtime;		/* RUNTIME: the run dir is RUNTIME/NAME */
	const char *source_path;	/* SourcePath= of the unit, or NULL */
	unsigned emit;
};

struct stv_ctl_domain {
	char *name, *uuid;		/* uuid NULL when the document has none */
	uint64_t vcpus, memory_kib, current_memory_kib;
	bool pty_console;		/* a <console type='pty'> */
	char *script, *unit, *xml;	/* what was asked for */
	char *findings;			/* every finding, gcc format ("" if none) */
	char *first_error;		/* the first error, one line, or NULL */
	size_t errors, warnings;
	bool io_error;			/* unreadable: first_error says why */
	bool misnamed;			/* <name> is not expect_name */
};

/*
 * Reads, checks and (when it has no error) emits one definition.  Returns
 * 0 when it compiled; -1 when it did not (errors, io_error, misnamed, or
 * out of memory: first_error says which).  out is filled either way; free
 * it with stv_ctl_domain_free.
 */
int stv_ctl_compile(struct stv_ctl_compiler *cc, const struct stv_ctl_request *req,
		    struct stv_ctl_domain *out);
void stv_ctl_domain_free(struct stv_ctl_domain *d);

/* "stratovirt-<systemd-escaped name>.service"; NULL when out of memory. */
char *stv_ctl_unit_name(const char *name);

/* stv_write_atomic(): temporary file, fsync, rename; -1 with errno. */
int stv_ctl_write_atomic(const char *path, const char *data, size_t len, int mode);

#endif
