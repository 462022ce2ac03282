/*
 * Defaults: the IR with everything the document leaves implied made
 * explicit (defaults.c says what, one by one).  Runs after lowering and
 * before the checks; testable on a hand-built IR.
 */
#ifndef STV_DEFAULTS_H
#define STV_DEFAULTS_H

#include "ir.h"

/* Fills dom in; reports the devices it implies (DEFAULTS stage).  -1: out of memory. */
int stv_defaults(struct stv_domain *dom, struct stv_diags *d);

/* The id of a root port: its bus, pcie.INDEX (for those address.c creates). */
int stv_name_root_port(struct stv_device *dev);

#endif
