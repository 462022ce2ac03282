/* STUB: replaced by its owner. */
#include "emit.h"
int stv_emit_json(const struct stv_emit_ctx *c, struct stv_buf *o, struct stv_diags *d)
{ (void)c; (void)o; (void)d; return -1; }
