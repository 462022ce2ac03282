#include "diag.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct stv_rule_info rules[STV_RULE_COUNT] = {
#define RULE(e, id, sev, stage, summary) \
	[STV_R_##e] = { id, STV_##sev, STV_STAGE_##stage, summary },
#include "rules.def"
#undef RULE
};

const struct stv_rule_info *stv_rule_info(enum stv_rule rule)
{
	return &rules[rule];
}

int stv_rule_lookup(const char *id, enum stv_rule *out)
{
	for (int i = 0; i < STV_RULE_COUNT; i++) {
		if (strcmp(rules[i].id, id) == 0) {
			*out = (enum stv_rule)i;
			return 0;
		}
	}
	return -1;
}

void stv_diags_init(struct stv_diags *d, const char *file, const bool *disabled)
{
	memset(d, 0, sizeof(*d));
	d->file = file;
	d->disabled = disabled;
}

void stv_diags_free(struct stv_diags *d)
{
	for (size_t i = 0; i < d->n; i++) {
		free(d->v[i].message);
		free(d->v[i].hint);
	}
	free(d->v);
	d->v = NULL;
	d->n = d->cap = 0;
}

char *stv_vasprintf(const char *fmt, va_list ap)
{
	va_list aq;
	va_copy(aq, ap);
	int len = vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	if (len < 0)
		return NULL;
	char *s = malloc((size_t)len + 1);
	if (s)
		vsnprintf(s, (size_t)len + 1, fmt, ap);
	return s;
}

char *stv_asprintf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s = stv_vasprintf(fmt, ap);
	va_end(ap);
	return s;
}

static int grow(struct stv_diags *d)
{
	if (d->n < d->cap)
		return 0;
	size_t cap = d->cap ? d->cap * 2 : 16;
	struct stv_diag *v = realloc(d->v, cap * sizeof(*v));
	if (!v)
		return -1;
	d->v = v;
	d->cap = cap;
	return 0;
}

void stv_vreport(struct stv_diags *d, enum stv_rule rule, struct stv_loc loc,
		 const char *hint, const char *fmt, va_list ap)
{
	if (d->disabled && d->disabled[rule]) {
		d->hidden_errors += rules[rule].severity == STV_ERROR;
		return;
	}
	struct stv_diag diag = {
		.rule = rule,
		.severity = rules[rule].severity,
		.loc = loc,
		.message = stv_vasprintf(fmt, ap),
		.hint = hint ? strdup(hint) : NULL,
		.seq = d->n,
	};
	if (!diag.message || (hint && !diag.hint) || grow(d) < 0) {
		free(diag.message);
		free(diag.hint);
		d->oom = true;
		/* Still count it: an error must never turn into a clean exit. */
		if (diag.severity == STV_ERROR)
			d->errors++;
		return;
	}
	d->v[d->n++] = diag;
	if (diag.severity == STV_ERROR)
		d->errors++;
	else
		d->warnings++;
}

void stv_report(struct stv_diags *d, enum stv_rule rule, struct stv_loc loc,
		const char *hint, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	stv_vreport(d, rule, loc, hint, fmt, ap);
	va_end(ap);
}

static int cmp_pos(const void *pa, const void *pb)
{
	const struct stv_diag *a = pa, *b = pb;
	if (a->loc.line != b->loc.line)
		return a->loc.line < b->loc.line ? -1 : 1;
	if (a->loc.col != b->loc.col)
		return a->loc.col < b->loc.col ? -1 : 1;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

void stv_diags_sort(struct stv_diags *d)
{
	/* Each rule reports in document order, so the list is many sorted runs. */
	if (d->n > 1)
		qsort(d->v, d->n, sizeof(d->v[0]), cmp_pos);
}
