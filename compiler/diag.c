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

/* ---- locations ---- */

bool stv_loc_known(struct stv_loc loc)
{
	return loc.part != STV_LOC_NONE && loc.off > 0;
}

struct stv_loc stv_loc_or(struct stv_loc loc, struct stv_loc fallback)
{
	return stv_loc_known(loc) ? loc : fallback;
}

struct stv_loc stv_loc_attr(struct stv_loc loc, const char *attr)
{
	if (loc.part == STV_LOC_TAG || loc.part == STV_LOC_ATTR || loc.part == STV_LOC_TEXT) {
		loc.part = STV_LOC_ATTR;
		loc.attr = attr;
	}
	return loc;
}

/* The 0-based line of byte offset off (binary search in the line index). */
static size_t line_index(const struct stv_source *src, size_t off)
{
	size_t lo = 0, hi = src->nlines;	/* line_start[lo] <= off < line_start[hi] */
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (src->line_start[mid] <= off)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

/* Characters, not bytes: UTF-8 continuation bytes do not start one. */
static int column(const struct stv_source *src, size_t line_off, size_t off)
{
	int col = 1;
	for (size_t i = line_off; i < off; i++)
		col += ((unsigned char)src->buf[i] & 0xc0) != 0x80;
	return col;
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static bool is_name_end(char c)
{
	return is_space(c) || c == '/' || c == '>' || c == '=' || c == '\0';
}

/*
 * Finds " attr=" inside the start tag beginning at tag; NULL when absent.
 * attr is the qualified name as written (x:type is not type).
 */
static const char *find_attr(const char *tag, const char *attr)
{
	size_t alen = strlen(attr);
	char quote = 0;
	for (const char *p = tag + 1; *p && (quote || *p != '>'); p++) {
		if (quote) {
			if (*p == quote)
				quote = 0;
			continue;
		}
		if (*p == '"' || *p == '\'') {
			quote = *p;
			continue;
		}
		if (is_space(p[-1]) && strncmp(p, attr, alen) == 0 && is_name_end(p[alen]))
			return p;
	}
	return NULL;
}

/* Just past name="value" (or the name alone when it has no value). */
static const char *attr_end(const char *p)
{
	while (!is_name_end(*p))
		p++;
	const char *q = p;
	while (is_space(*q))
		q++;
	if (*q != '=')
		return p;
	q++;
	while (is_space(*q))
		q++;
	if (*q != '"' && *q != '\'')
		return p;
	const char *close = strchr(q + 1, *q);
	return close ? close + 1 : p;
}

/* Just past an element's name. */
static const char *name_end(const char *p)
{
	p++;			/* the '<' */
	while (!is_name_end(*p))
		p++;
	return p;
}

/* Text from p, its leading white space skipped, to '<' or the line's end. */
static const char *text_run(const char *p, const char **end)
{
	while (is_space(*p))
		p++;
	const char *e = p;
	while (*e && *e != '<' && *e != '\n')
		e++;
	while (e > p && is_space(e[-1]))
		e--;
	*end = e > p ? e : p + (*p != '\0');
	return p;
}

/*
 * The first word of an element's text: after the tag's closing '>' (the
 * loader records the offset of the '>', or of the '/' of "/>").
 */
static const char *text_start(const char *tag_end, const char **end)
{
	const char *p = tag_end;
	if (p[0] == '/' && p[1] == '>')
		p += 2;
	else if (p[0] == '>')
		p++;
	return text_run(p, end);
}

/*
 * The span of loc in the source.  The loader recorded where each start tag
 * ends; it begins at the last '<' before that, since '<' cannot occur inside
 * a tag.
 */
static bool span(const struct stv_source *src, struct stv_loc loc, const char **start,
		 const char **end)
{
	size_t off = loc.off - 1;
	if (off >= src->len && !(loc.part == STV_LOC_BYTE && off == src->len))
		return false;
	const char *p = src->buf + off;
	if (loc.part == STV_LOC_BYTE) {
		*start = p;
		*end = p + (off < src->len);
		return true;
	}
	if (loc.part == STV_LOC_RUN) {
		*start = text_run(p, end);
		return true;
	}
	const char *tag = p;
	while (tag > src->buf && *tag != '<')
		tag--;
	if (*tag != '<')
		return false;
	switch (loc.part) {
	case STV_LOC_ATTR: {
		const char *a = loc.attr ? find_attr(tag, loc.attr) : NULL;
		if (a) {
			*start = a;
			*end = attr_end(a);
			return true;
		}
		break;
	}
	case STV_LOC_TEXT:
		*start = text_start(p, end);
		return true;
	case STV_LOC_TAG:
	case STV_LOC_NONE:
	case STV_LOC_BYTE:
	case STV_LOC_RUN:
		break;
	}
	*start = tag;
	*end = name_end(tag);
	return true;
}

struct stv_pos stv_resolve(const struct stv_source *src, struct stv_loc loc)
{
	struct stv_pos pos = { 0, 0, 0 };
	const char *start, *end;
	if (!src || !src->buf || !src->line_start || !stv_loc_known(loc) ||
	    !span(src, loc, &start, &end))
		return pos;
	size_t off = (size_t)(start - src->buf);
	size_t line = line_index(src, off);
	size_t line_off = src->line_start[line];
	/* A span that runs past its line ends at the line's end. */
	const char *nl = memchr(start, '\n', (size_t)(end - start));
	if (nl)
		end = nl > start ? nl : start + 1;
	pos.line = line + 1 <= 0x7fffffff ? (int)line + 1 : 0;
	pos.col = column(src, line_off, off);
	pos.end_col = pos.col + column(src, off, (size_t)(end - src->buf)) - 1;
	if (pos.end_col <= pos.col)
		pos.end_col = pos.col + 1;
	return pos;
}

int stv_loc_line(const struct stv_diags *d, struct stv_loc loc)
{
	return stv_resolve(d->src, loc).line;
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
		.pos = stv_resolve(d->src, loc),
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
	if (a->pos.line != b->pos.line)
		return a->pos.line < b->pos.line ? -1 : 1;
	if (a->pos.col != b->pos.col)
		return a->pos.col < b->pos.col ? -1 : 1;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

void stv_diags_sort(struct stv_diags *d)
{
	/* Each rule reports in document order, so the list is many sorted runs. */
	if (d->n > 1)
		qsort(d->v, d->n, sizeof(d->v[0]), cmp_pos);
}
