/* STUB: replaced by its owner. */
#include "emit.h"
int stv_emit_unit(const struct stv_emit_ctx *c, struct stv_buf *o, struct stv_diags *d)
{ (void)c; (void)o; (void)d; return -1; }
char *stv_unit_name(const struct stv_domain *dom) { (void)dom; return NULL; }
