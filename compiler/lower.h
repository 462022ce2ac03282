/*
 * Lowering: what the structural pass accepts becomes the IR (ir.h).
 *
 * structure.c walks the document once against the subset's tables and
 * hands lowering every element it enters and every value it accepts or
 * refuses; lowering keeps them where the tables' fields say:
 *   - an element of a device kind (stv:device) starts a device, appended to
 *     dom->devs in document order; the fields inside it are the device's;
 *   - a value is stored by its field's type: a string (trimmed), a number
 *     (decimal or 0x hexadecimal; past 64 bits it becomes UINT64_MAX, which
 *     the field's range rule reports), a size (a number and the unit of a
 *     sibling attribute; the memory-unit rule, LOWER stage, is raised here),
 *     a flag (the element is there), a choice (the code of its value);
 *   - a refused value is kept as refused, and every refusal is counted in
 *     dom->refused (and the device's), so the domain is never emitted;
 *   - inside an element the tables mark as ignored, or a repeated one, or an
 *     unknown one, nothing is kept.
 * Nothing else: implied devices, ids, MACs, taps and defaults are
 * defaults.c's.
 */
#ifndef STV_LOWER_H
#define STV_LOWER_H

#include <libxml/tree.h>

#include "ir.h"
#include "subset.h"

/* The document into the IR, reporting what the subset does not have. */
struct stv_domain *stv_lower(const struct stv_source *src, xmlDocPtr doc,
			     struct stv_diags *d);

/* ---- for structure.c ---- */

struct stv_lower;

/* The trimmed bytes of a value (not NUL-terminated). */
struct stv_text {
	const char *s;
	size_t n;
};

/*
 * Entering element e at node n (loc: its start tag), and leaving it.
 * keep false: nothing inside is kept (a repeated or ignored element).
 */
void stv_lower_enter(struct stv_lower *l, const struct stv_elem *e, const xmlNode *n,
		     struct stv_loc loc, bool keep);
void stv_lower_leave(struct stv_lower *l, const struct stv_elem *e, bool keep);
/* The root element, <domain>, is at loc. */
void stv_lower_root(struct stv_lower *l, struct stv_loc loc);

/* An accepted value of field f (an attribute's, or the text of element n). */
void stv_lower_value(struct stv_lower *l, const struct stv_field *f,
		     const struct stv_value *type, const char *unit_attr,
		     const xmlNode *n, struct stv_text t, struct stv_loc loc);
/* An element that means something by being there. */
void stv_lower_flag(struct stv_lower *l, const struct stv_field *f, struct stv_loc loc);
/*
 * An element none of whose variants fits (<controller model='pci-bridge'>):
 * a controller's index is remembered, so that no device on that bus is
 * reported for a bus that is missing only because its controller was refused.
 */
void stv_lower_refused_element(struct stv_lower *l, const xmlNode *n);
/* A refused value of f (NULL: a refused element or attribute with no field). */
void stv_lower_refuse(struct stv_lower *l, const struct stv_field *f, struct stv_loc loc);

#endif
