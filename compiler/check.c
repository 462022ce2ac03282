/* STUB: replaced by the checks helper. */
#include "ir.h"
void stv_check(const struct stv_domain *dom, const struct stv_options *opt, struct stv_diags *d)
{ (void)dom; (void)opt; (void)d; }
