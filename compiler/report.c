#include "report.h"

#include <inttypes.h>
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

static bool shown(const struct stv_diag *g, const struct stv_print *how)
{
	return !how->quiet || g->severity == STV_ERROR;
}

/* Writes b to out and empties it. */
static void flush_buf(FILE *out, struct stv_buf *b)
{
	if (b->len)
		fwrite(b->p, 1, b->len, out);
	stv_buf_free(b);
}

/* ---- gcc ---- */

/* A source line is shown at most this many characters wide, around the fault. */
#define SHOW_WIDTH 120
#define SHOW_BEFORE 40

/* The length of the UTF-8 sequence at p (1 for a byte that starts none). */
static size_t char_len(const unsigned char *p, const unsigned char *end)
{
	size_t n = *p < 0xc0 ? 1 : *p < 0xe0 ? 2 : *p < 0xf0 ? 3 : 4;
	for (size_t i = 1; i < n; i++)
		if (p + i >= end || (p[i] & 0xc0) != 0x80)
			return 1;
	return n;
}

/*
 * The source line of g, then a caret under its columns, as gcc prints them:
 *    12 |   <address type='pci' slot='0x20'/>
 *       |                       ^~~~~~~~~~~
 * Characters from col - SHOW_BEFORE on, SHOW_WIDTH of them; tabs and
 * control characters show as one space or '?', so the caret lines up.
 */
static void gcc_caret(struct stv_buf *b, const struct stv_source *src, const struct stv_diag *g)
{
	if (!src || !src->buf || g->pos.line < 1 || (size_t)g->pos.line > src->nlines || g->pos.col < 1)
		return;
	const unsigned char *p = (const unsigned char *)src->buf + src->line_start[g->pos.line - 1];
	const unsigned char *end = (const unsigned char *)src->buf + src->len;
	int first = g->pos.col > SHOW_BEFORE ? g->pos.col - SHOW_BEFORE : 1;
	struct stv_buf line = { 0 };
	int col = 1;
	for (; p < end && *p != '\n' && *p != '\r' && col < first + SHOW_WIDTH; col++) {
		size_t n = char_len(p, end);
		if (col >= first) {
			if (n > 1)
				stv_buf_put(&line, (const char *)p, n);
			else
				stv_buf_putc(&line, *p == '\t' ? ' ' : *p < 0x20 || *p >= 0x7f ? '?' : (char)*p);
		}
		p += n;
	}
	stv_buf_printf(b, "%5d | %s%s%s\n", g->pos.line, first > 1 ? "..." : "",
		       line.p ? line.p : "", p < end && *p != '\n' && *p != '\r' ? "..." : "");
	stv_buf_free(&line);
	stv_buf_printf(b, "      | %*s^", (g->pos.col - first) + (first > 1 ? 3 : 0), "");
	int last = g->pos.end_col < first + SHOW_WIDTH ? g->pos.end_col : first + SHOW_WIDTH;
	for (int c = g->pos.col + 1; c < last; c++)
		stv_buf_putc(b, '~');
	stv_buf_putc(b, '\n');
}

/* FILE:LINE:COL: SEVERITY: MESSAGE [RULE], the source line and caret, then "  hint: ..." */
static void gcc_file(FILE *out, const struct stv_diags *d, const struct stv_print *how,
		     size_t *printed)
{
	struct stv_buf b = { 0 };
	for (size_t i = 0; i < d->n; i++) {
		const struct stv_diag *g = &d->v[i];
		if (!shown(g, how))
			continue;
		if (g->pos.line > 0 && g->pos.col > 0)
			stv_buf_printf(&b, "%s:%d:%d: ", d->file, g->pos.line, g->pos.col);
		else if (g->pos.line > 0)
			stv_buf_printf(&b, "%s:%d: ", d->file, g->pos.line);
		else
			stv_buf_printf(&b, "%s: ", d->file);
		stv_buf_printf(&b, "%s: %s [%s]\n", severity_name(g->severity), g->message,
			       stv_rule_info(g->rule)->id);
		if (how->caret)
			gcc_caret(&b, d->src, g);
		if (g->hint)
			stv_buf_printf(&b, "  hint: %s\n", g->hint);
		(*printed)++;
	}
	flush_buf(out, &b);
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

static void json_file(FILE *out, const struct stv_diags *d, const struct stv_print *how,
		      size_t *printed)
{
	struct stv_buf b = { 0 };
	for (size_t i = 0; i < d->n; i++) {
		const struct stv_diag *g = &d->v[i];
		if (!shown(g, how))
			continue;
		stv_buf_puts(&b, separator(printed));
		stv_buf_puts(&b, "\n  ");
		stv_buf_puts(&b, "{\"file\": ");
		stv_buf_json_string(&b, d->file);
		stv_buf_printf(&b, ", \"line\": %d, \"column\": %d, \"end_column\": %d, "
			       "\"severity\": \"%s\", \"rule\": ",
			       g->pos.line, g->pos.col, g->pos.end_col, severity_name(g->severity));
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

/* The message, and the hint after it, as one JSON string: SARIF and GitLab show one text. */
static void json_message(struct stv_buf *b, const struct stv_diag *g)
{
	if (g->hint) {
		struct stv_buf m = { 0 };
		stv_buf_printf(&m, "%s. Hint: %s", g->message, g->hint);
		stv_buf_json_string(b, m.p ? m.p : "");
		stv_buf_free(&m);
	} else {
		stv_buf_json_string(b, g->message);
	}
}

/*
 * SARIF 2.1.0, as GitHub code scanning reads it: one run, the rule
 * catalogue as tool.driver.rules, one result per finding.  Code scanning
 * requires each rule's fullDescription and help (the SARIF multitool's
 * GitHub rules, GH2012, check them); the summary is all the catalogue has,
 * and the help points to the man page that has more.
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
		stv_buf_puts(&b, "}, \"fullDescription\": {\"text\": ");
		stv_buf_json_string(&b, r->summary);
		stv_buf_printf(&b, "}, \"help\": {\"text\": \"stv-rules(7) describes %s with an example "
			       "finding; stv-domain(5) the XML it checks. Run: man 7 stv-rules\"}",
			       r->id);
		stv_buf_printf(&b, ", \"defaultConfiguration\": {\"level\": \"%s\"}}",
			       severity_name(r->severity));
	}
	/* columns count characters, as the gcc format's do */
	stv_buf_puts(&b, "]}},\n    \"columnKind\": \"unicodeCodePoints\",\n    \"results\": [");
	flush_buf(out, &b);
}

/*
 * The file as SARIF wants it: an absolute path as a file:// URI, a
 * relative one as a relative URI reference against %SRCROOT% (the
 * directory stv ran in).  Unreserved bytes and '/' as they are, others %XX.
 */
static void artifact_location(struct stv_buf *b, const char *path)
{
	struct stv_buf u = { 0 };
	bool absolute = path[0] == '/';
	if (absolute)
		stv_buf_puts(&u, "file://");
	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		    (*p >= '0' && *p <= '9') || strchr("-._~/", *p))
			stv_buf_putc(&u, (char)*p);
		else
			stv_buf_printf(&u, "%%%02X", *p);
	}
	stv_buf_puts(b, "{\"uri\": ");
	stv_buf_json_string(b, u.p ? u.p : "");
	if (!absolute)
		stv_buf_puts(b, ", \"uriBaseId\": \"%SRCROOT%\"");
	stv_buf_puts(b, "}");
	stv_buf_free(&u);
}

static void sarif_file(FILE *out, const struct stv_diags *d, const struct stv_print *how,
		       size_t *printed)
{
	struct stv_buf b = { 0 };
	for (size_t i = 0; i < d->n; i++) {
		const struct stv_diag *g = &d->v[i];
		if (!shown(g, how))
			continue;
		stv_buf_puts(&b, separator(printed));
		stv_buf_puts(&b, "\n      {\"ruleId\": ");
		stv_buf_json_string(&b, stv_rule_info(g->rule)->id);
		stv_buf_printf(&b, ", \"ruleIndex\": %d, \"level\": \"%s\", \"message\": {\"text\": ",
			       (int)g->rule, severity_name(g->severity));
		json_message(&b, g);
		stv_buf_puts(&b, "}, \"locations\": [{\"physicalLocation\": {\"artifactLocation\": ");
		artifact_location(&b, d->file);
		/* one line: code scanning wants endLine as well */
		stv_buf_printf(&b, ", \"region\": {\"startLine\": %d, \"endLine\": %d",
			       g->pos.line > 0 ? g->pos.line : 1, g->pos.line > 0 ? g->pos.line : 1);
		if (g->pos.col > 0)
			stv_buf_printf(&b, ", \"startColumn\": %d, \"endColumn\": %d",
				       g->pos.col, g->pos.end_col);
		stv_buf_puts(&b, "}}}]}");
	}
	flush_buf(out, &b);
}

static void sarif_end(FILE *out)
{
	fputs("\n    ]\n  }]\n}\n", out);
}

/* ---- GitLab code quality ---- */

/*
 * The characters a finding points at (col up to end_col of its line, as
 * the caret spans them), or "" for a finding about the whole file.
 */
static void fault_text(const struct stv_source *src, struct stv_pos pos, const char **text,
		       size_t *len)
{
	*text = "";
	*len = 0;
	if (!src || !src->buf || pos.line < 1 || (size_t)pos.line > src->nlines || pos.col < 1)
		return;
	const unsigned char *p = (const unsigned char *)src->buf + src->line_start[pos.line - 1];
	const unsigned char *end = (const unsigned char *)src->buf + src->len;
	const unsigned char *start = NULL;
	for (int col = 1; p < end && *p != '\n' && *p != '\r' && col < pos.end_col; col++) {
		if (col == pos.col)
			start = p;
		p += char_len(p, end);
	}
	if (start) {
		*text = (const char *)start;
		*len = (size_t)(p - start);
	}
}

/* FNV-1a, 64 bits, over n bytes and a NUL after them. */
static uint64_t fnv1a(uint64_t h, const char *p, size_t n)
{
	for (size_t i = 0; i <= n; i++) {
		h ^= i < n ? (unsigned char)p[i] : 0;
		h *= UINT64_C(0x100000001b3);
	}
	return h;
}

/*
 * GitLab shows findings with one fingerprint as one, and tells new ones
 * from fixed ones by it, so it must be unique in the report and the same
 * from run to run while the finding stays.  It hashes the file, the rule,
 * (as reported), the rule, the text at fault and how many earlier findings
 * of the file share those:
 * not the line number nor the message (which may name a line), so adding
 * lines above a finding keeps its fingerprint.
 */
static uint64_t fingerprint(const struct stv_diags *d, const char *path, size_t i,
			    const struct stv_print *how)
{
	const struct stv_diag *g = &d->v[i];
	const char *rule = stv_rule_info(g->rule)->id;
	const char *text;
	size_t len;
	fault_text(d->src, g->pos, &text, &len);
	unsigned long same = 0;
	for (size_t j = 0; j < i; j++) {
		const char *t;
		size_t n;
		if (!shown(&d->v[j], how) || d->v[j].rule != g->rule)
			continue;
		fault_text(d->src, d->v[j].pos, &t, &n);
		same += n == len && memcmp(t, text, n) == 0;
	}
	char count[24];
	snprintf(count, sizeof count, "%lu", same);
	uint64_t h = UINT64_C(0xcbf29ce484222325);
	h = fnv1a(h, path, strlen(path));
	h = fnv1a(h, rule, strlen(rule));
	h = fnv1a(h, text, len);
	return fnv1a(h, count, strlen(count));
}

/*
 * The code quality report GitLab reads (artifacts:reports:codequality):
 * an array of objects with description, check_name, fingerprint, severity
 * (errors are major, warnings minor) and location.path and .lines.begin,
 * the path relative to the project as given, without a leading "./".
 */
static void codequality_file(FILE *out, const struct stv_diags *d, const struct stv_print *how,
			     size_t *printed)
{
	struct stv_buf b = { 0 };
	const char *path = d->file;
	while (path[0] == '.' && path[1] == '/')
		path += 2;
	for (size_t i = 0; i < d->n; i++) {
		const struct stv_diag *g = &d->v[i];
		if (!shown(g, how))
			continue;
		stv_buf_puts(&b, separator(printed));
		stv_buf_puts(&b, "\n  {\"description\": ");
		json_message(&b, g);
		stv_buf_puts(&b, ", \"check_name\": ");
		stv_buf_json_string(&b, stv_rule_info(g->rule)->id);
		stv_buf_printf(&b, ", \"fingerprint\": \"%016" PRIx64 "\", \"severity\": \"%s\", "
			       "\"location\": {\"path\": ",
			       fingerprint(d, path, i, how), g->severity == STV_ERROR ? "major" : "minor");
		stv_buf_json_string(&b, path);
		stv_buf_printf(&b, ", \"lines\": {\"begin\": %d}}}", g->pos.line > 0 ? g->pos.line : 1);
	}
	flush_buf(out, &b);
}

const struct stv_format stv_formats[] = {
	{ "gcc", NULL, gcc_file, NULL },
	{ "json", json_begin, json_file, json_end },
	{ "sarif", sarif_begin, sarif_file, sarif_end },
	{ "codequality", json_begin, codequality_file, json_end },
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
