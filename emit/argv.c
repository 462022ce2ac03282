/* STUB: replaced by its owner. */
#include "emit.h"
int stv_emit_argv(const struct stv_emit_ctx *c, struct stv_buf *o, struct stv_diags *d)
{ (void)c; (void)o; (void)d; return -1; }
int stv_build_argv(const struct stv_domain *dom, const struct stv_options *opt, struct stv_argv *out, struct stv_diags *d)
{ (void)dom; (void)opt; (void)out; (void)d; return -1; }
void stv_argv_free(struct stv_argv *a) { (void)a; }
