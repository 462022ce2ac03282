#include "report.h"

#include <string.h>

#include "buf.h"

static const char *severity_name(enum stv_severity s)
{
	switch (s) {
	case STV_ERROR:
		return "error";
	case STV_WARNING:
		return "warning";
	}
	return "error";
}

static bool shown(const struct stv_diag *g, bool quiet)
{
	return !quiet || g->severity == STV_ERROR;
}

/* Writes b to out and empties it. */
static void flush_buf(FILE *out, struct stv_buf *b)
{
	if (b->len)
		fwrite(b->p, 1, b->len, out);
	stv_buf_free(b);
}

/* gcc: FILE:LINE:COL: SEVERITY: MESSAGE [RULE], then "  hint: ..." */
static void gcc_file(FILE *out, const struct stv_diags *d, bool quiet, size_t *printed)
{
	for (size_t i = 0; i < d->n; i++) {
		const struct stv_diag *g = &d->v[i];
		if (!shown(g, quiet))
			continue;
		if (g->loc.line > 0 && g->loc.col > 0)
			fprintf(out, "%s:%d:%d: ", d->file, g->loc.line, g->loc.col);
		else if (g->loc.line > 0)
			fprintf(out, "%s:%d: ", d->file, g->loc.line);
		else
			fprintf(out, "%s: ", d->file);
		fprintf(out, "%s: %s [%s]\n", severity_name(g->severity), g->message,
			stv_rule_info(g->rule)->id);
		if (g->hint)
			fprintf(out, "  hint: %s\n", g->hint);
		(*printed)++;
	}
}

static void json_begin(FILE *out)
{
	fputs("[", out);
}

/* A comma before every finding but the first of the whole run. */
static const char *separator(size_t *printed)
{
	return (*printed)++ ? "," : "";
}

static void json_file(FILE *out, const struct stv_diags *d, bool quiet, size_t *printed)
{
	struct stv_buf b = { 0 };
	for (size_t i = 0; i < d->n; i++) {
		const struct stv_diag *g = &d->v[i];
		if (!shown(g, quiet))
			continue;
		stv_buf_puts(&b, separator(printed));
		stv_buf_puts(&b, "\n  ");
		stv_buf_puts(&b, "{\"file\": ");
		stv_buf_json_string(&b, d->file);
		stv_buf_printf(&b, ", \"line\": %d, \"column\": %d, \"severity\": \"%s\", \"rule\": ",
			       g->loc.line, g->loc.col, severity_name(g->severity));
		stv_buf_json_string(&b, stv_rule_info(g->rule)->id);
		stv_buf_puts(&b, ", \"message\": ");
		stv_buf_json_string(&b, g->message);
		stv_buf_puts(&b, ", \"hint\": ");
		if (g->hint)
			stv_buf_json_string(&b, g->hint);
		else
			stv_buf_puts(&b, "null");
		stv_buf_puts(&b, "}");
	}
	flush_buf(out, &b);
}

static void json_end(FILE *out)
{
	fputs("\n]\n", out);
}

/*
 * SARIF 2.1.0, as GitHub code scanning reads it: one run, the rule
 * catalogue as tool.driver.rules, one result per finding.
 */
static void sarif_begin(FILE *out)
{
	struct stv_buf b = { 0 };
	stv_buf_puts(&b, "{\n  \"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\",\n"
		     "  \"version\": \"2.1.0\",\n  \"runs\": [{\n"
		     "    \"tool\": {\"driver\": {\"name\": \"stv-validate\", "
		     "\"version\": \"" STV_VERSION "\", \"rules\": [");
	for (int i = 0; i < STV_RULE_COUNT; i++) {
		const struct stv_rule_info *r = stv_rule_info((enum stv_rule)i);
		stv_buf_puts(&b, i ? ",\n      " : "\n      ");
		stv_buf_puts(&b, "{\"id\": ");
		stv_buf_json_string(&b, r->id);
		stv_buf_puts(&b, ", \"shortDescription\": {\"text\": ");
		stv_buf_json_string(&b, r->summary);
		stv_buf_printf(&b, "}, \"defaultConfiguration\": {\"level\": \"%s\"}}",
			       severity_name(r->severity));
	}
	stv_buf_puts(&b, "]}},\n    \"results\": [");
	flush_buf(out, &b);
}

/* A relative URI reference: unreserved bytes and '/' as is, others %XX. */
static void uri_string(struct stv_buf *b, const char *path)
{
	struct stv_buf u = { 0 };
	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		    (*p >= '0' && *p <= '9') || strchr("-._~/", *p))
			stv_buf_putc(&u, (char)*p);
		else
			stv_buf_printf(&u, "%%%02X", *p);
	}
	stv_buf_json_string(b, u.p ? u.p : "");
	stv_buf_free(&u);
}

static void sarif_file(FILE *out, const struct stv_diags *d, bool quiet, size_t *printed)
{
	struct stv_buf b = { 0 };
	for (size_t i = 0; i < d->n; i++) {
		const struct stv_diag *g = &d->v[i];
		if (!shown(g, quiet))
			continue;
		stv_buf_puts(&b, separator(printed));
		stv_buf_puts(&b, "\n      {\"ruleId\": ");
		stv_buf_json_string(&b, stv_rule_info(g->rule)->id);
		stv_buf_printf(&b, ", \"ruleIndex\": %d, \"level\": \"%s\", \"message\": {\"text\": ",
			       (int)g->rule, severity_name(g->severity));
		if (g->hint) {
			struct stv_buf m = { 0 };
			stv_buf_printf(&m, "%s. Hint: %s", g->message, g->hint);
			stv_buf_json_string(&b, m.p ? m.p : "");
			stv_buf_free(&m);
		} else {
			stv_buf_json_string(&b, g->message);
		}
		stv_buf_puts(&b, "}, \"locations\": [{\"physicalLocation\": {\"artifactLocation\": {\"uri\": ");
		uri_string(&b, d->file);
		stv_buf_printf(&b, "}, \"region\": {\"startLine\": %d",
			       g->loc.line > 0 ? g->loc.line : 1);
		if (g->loc.col > 0)
			stv_buf_printf(&b, ", \"startColumn\": %d", g->loc.col);
		stv_buf_puts(&b, "}}}]}");
	}
	flush_buf(out, &b);
}

static void sarif_end(FILE *out)
{
	fputs("\n    ]\n  }]\n}\n", out);
}

const struct stv_format stv_formats[] = {
	{ "gcc", NULL, gcc_file, NULL },
	{ "json", json_begin, json_file, json_end },
	{ "sarif", sarif_begin, sarif_file, sarif_end },
	{ NULL, NULL, NULL, NULL },
};

const struct stv_format *stv_format_lookup(const char *name)
{
	for (const struct stv_format *f = stv_formats; f->name; f++)
		if (strcmp(f->name, name) == 0)
			return f;
	return NULL;
}

void stv_print_rules(FILE *out)
{
	for (int i = 0; i < STV_RULE_COUNT; i++) {
		const struct stv_rule_info *r = stv_rule_info((enum stv_rule)i);
		fprintf(out, "%-26s %-7s %s\n", r->id, severity_name(r->severity), r->summary);
	}
}
