/*
 * compiler/load.c: reading bounded streams, refusing DTDs, turning libxml2
 * errors into findings, and recording where each start tag ends; and
 * compiler/diag.c's stv_resolve, which turns those offsets (struct
 * stv_loc) into lines and character columns only when asked.  Positions
 * are checked through stv_resolve: an element at the '<' of its start tag,
 * an attribute from its name to past its closing quote, a text at its
 * first word, a raw byte where it is.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../compiler/load.h"

/* A stream of n bytes of 'x'. */
static FILE *stream_of(size_t n)
{
	FILE *f = tmpfile();
	assert_non_null(f);
	for (size_t i = 0; i < n; i++)
		fputc('x', f);
	rewind(f);
	return f;
}

/* Every size around the reader's growth steps, and the limit itself. */
static void test_read_sizes(void **state)
{
	static const size_t sizes[] = { 0, 1, 65534, 65535, 65536, 65537, 131071,
					131072, 131073, 300000 };
	(void)state;
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		struct stv_source src;
		FILE *f = stream_of(sizes[i]);
		assert_int_equal(stv_read_stream(f, sizes[i], &src), 0);
		assert_int_equal(src.len, sizes[i]);
		assert_int_equal(src.buf[src.len], '\0');
		assert_int_equal(src.nlines, 1);
		stv_source_free(&src);
		rewind(f);
		if (sizes[i] > 0) {
			assert_int_equal(stv_read_stream(f, sizes[i] - 1, &src), -2);
			assert_null(src.buf);
		}
		fclose(f);
	}
}

static void test_line_index(void **state)
{
	struct stv_source src;
	(void)state;
	assert_int_equal(stv_source_from_buffer("a\nbb\r\n\nc", 8, &src), 0);
	assert_int_equal(src.nlines, 4);
	assert_int_equal(src.line_start[1], 2);
	assert_int_equal(src.line_start[2], 6);
	assert_int_equal(src.line_start[3], 7);
	stv_source_free(&src);
}

/*
 * Parses text; returns the document and leaves the findings in *d, whose
 * positions are resolved against *src.
 */
static xmlDocPtr parse(const char *text, struct stv_source *src, struct stv_diags *d)
{
	stv_diags_init(d, "t.xml", NULL);
	assert_int_equal(stv_source_from_buffer(text, strlen(text), src), 0);
	d->src = src;
	return stv_parse(src, d);
}

/* The one finding is rule at line (and at col when col > 0). */
static void expect_refused_at(const char *text, enum stv_rule rule, int line, int col)
{
	struct stv_source src;
	struct stv_diags d;
	xmlDocPtr doc = parse(text, &src, &d);
	assert_null(doc);
	assert_int_equal(d.n, 1);
	assert_int_equal(d.v[0].rule, rule);
	assert_int_equal(d.v[0].severity, STV_ERROR);
	assert_int_equal(d.errors, 1);
	assert_int_equal(d.v[0].pos.line, line);
	if (col > 0)
		assert_int_equal(d.v[0].pos.col, col);
	assert_true(d.v[0].pos.col > 0);
	assert_true(d.v[0].pos.end_col > d.v[0].pos.col);
	stv_diags_free(&d);
	stv_source_free(&src);
}

static void expect_refused(const char *text, enum stv_rule rule, int line)
{
	expect_refused_at(text, rule, line, 0);
}

static void test_refuses_dtd(void **state)
{
	(void)state;
	/* at the start of the DOCTYPE's line */
	expect_refused_at("<?xml version='1.0'?>\n<!DOCTYPE d [\n<!ENTITY x SYSTEM 'file:///etc/passwd'>\n]>\n<d>&x;</d>",
			  STV_R_XML_DTD, 2, 1);
	expect_refused_at("<!DOCTYPE d SYSTEM 'http://example.invalid/d.dtd'><d/>", STV_R_XML_DTD, 1, 1);
	expect_refused_at("<!DOCTYPE d [<!ENTITY a 'aaaa'><!ENTITY b '&a;&a;&a;&a;'>]><d>&b;</d>",
			  STV_R_XML_DTD, 1, 1);
}

static void test_parse_errors(void **state)
{
	(void)state;
	expect_refused_at("", STV_R_XML_PARSE, 1, 1);
	expect_refused("<d>\n<e>\n</d>", STV_R_XML_PARSE, 3);
	expect_refused("<d>&undefined;</d>", STV_R_XML_PARSE, 1);
	/* at the first byte that is not UTF-8 */
	expect_refused_at("<d>\xff\xfe</d>", STV_R_XML_PARSE, 1, 4);
	/* at the second root element */
	expect_refused_at("<d/><d/>", STV_R_XML_PARSE, 1, 5);
	/* libxml2 counts characters, so does the finding: the '<' of </d> is the 9th */
	expect_refused_at("<d>\xc3\xa9\xc3\xa9 <e</d>", STV_R_XML_PARSE, 1, 9);
}

/* A start tag with n attributes, plus what must not count as attributes. */
static char *tag_with(size_t n)
{
	size_t cap = 256 + n * 16;
	char *s = malloc(cap), *p = s;
	assert_non_null(s);
	p += sprintf(p, "<!-- a=1 b=2 --><?pi c=3?><d x='=>' ");
	for (size_t i = 0; i < n - 1; i++)
		p += sprintf(p, "a%zu='v' ", i);
	sprintf(p, "><![CDATA[ <e f=1 g=2> ]]></d>");
	return s;
}

static void test_attribute_bound(void **state)
{
	struct stv_source src;
	struct stv_diags d;
	(void)state;
	char *ok = tag_with(256), *over = tag_with(257);
	xmlDocPtr doc = parse(ok, &src, &d);
	assert_non_null(doc);
	assert_int_equal(d.n, 0);
	xmlFreeDoc(doc);
	stv_diags_free(&d);
	stv_source_free(&src);
	/* at the offending start tag, after the comment and the PI */
	expect_refused_at(over, STV_R_XML_LIMITS, 1, (int)(strstr(over, "<d ") - over) + 1);
	free(ok);
	free(over);
}

/* n namespace declarations spread over nested tags, prefixes used once. */
static char *namespaces(size_t n)
{
	char *s = malloc(64 + n * 64), *p = s;
	assert_non_null(s);
	p += sprintf(p, "<d xmlns='urn:d'>");
	for (size_t i = 1; i < n; i++)
		p += sprintf(p, "<e xmlns:p%zu='urn:%zu'>", i, i);
	for (size_t i = 1; i < n; i++)
		p += sprintf(p, "</e>");
	sprintf(p, "</d>");
	return s;
}

static void test_namespace_bound(void **state)
{
	struct stv_source src;
	struct stv_diags d;
	(void)state;
	char *ok = namespaces(64), *over = namespaces(65);
	xmlDocPtr doc = parse(ok, &src, &d);
	assert_non_null(doc);
	xmlFreeDoc(doc);
	stv_diags_free(&d);
	stv_source_free(&src);
	expect_refused(over, STV_R_XML_LIMITS, 1);
	free(ok);
	free(over);
}

/* Resolves loc against src and compares line, col and end_col. */
#define assert_pos(src, loc, l, c, e)                                    \
	do {                                                             \
		struct stv_pos p_ = stv_resolve((src), (loc));           \
		if (p_.line != (l) || p_.col != (c) || p_.end_col != (e)) \
			fail_msg("resolved to %d:%d-%d, want %d:%d-%d",   \
				 p_.line, p_.col, p_.end_col, (l), (c), (e)); \
	} while (0)

static void test_columns(void **state)
{
	struct stv_source src;
	struct stv_diags d;
	(void)state;
	xmlDocPtr doc = parse("<domain>\n  <disk type='file'\n        device='disk'>\n"
			      "    <x:alias xmlns:x='urn:x' name='a'/>\n  </disk>\n</domain>\n",
			      &src, &d);
	assert_non_null(doc);
	assert_int_equal(d.n, 0);
	xmlNodePtr root = xmlDocGetRootElement(doc);
	xmlNodePtr disk = xmlFirstElementChild(root);	/* blanks are not kept */
	assert_string_equal((const char *)disk->name, "disk");

	/* an element: from its '<' to the end of its name */
	struct stv_loc loc = stv_node_loc(disk, NULL);
	assert_true(stv_loc_known(loc));
	assert_int_equal(loc.part, STV_LOC_TAG);
	assert_null(loc.attr);
	assert_pos(&src, loc, 2, 3, 8);
	assert_pos(&src, stv_node_loc(root, NULL), 1, 1, 8);

	/* an attribute on a later line of a start tag: device='disk' */
	loc = stv_node_loc(disk, "device");
	assert_int_equal(loc.part, STV_LOC_ATTR);
	assert_string_equal(loc.attr, "device");
	assert_pos(&src, loc, 3, 9, 22);
	assert_pos(&src, stv_node_loc(disk, "type"), 2, 9, 20);

	/* an attribute the tag does not have: the element */
	assert_pos(&src, stv_node_loc(disk, "missing"), 2, 3, 8);

	/* a prefixed element's attribute, after a namespace declaration */
	xmlNodePtr alias = xmlFirstElementChild(disk);
	assert_string_equal((const char *)alias->name, "alias");
	assert_pos(&src, stv_node_loc(alias, "name"), 4, 30, 38);
	assert_pos(&src, stv_node_loc(alias, NULL), 4, 5, 13);

	/* not an element, or no node: nowhere */
	xmlNodePtr text = xmlNewDocText(doc, BAD_CAST "x");
	loc = stv_node_loc(text, NULL);	/* a text node */
	xmlFreeNode(text);
	assert_false(stv_loc_known(loc));
	assert_int_equal(stv_resolve(&src, loc).line, 0);
	assert_false(stv_loc_known(stv_node_loc(NULL, NULL)));
	/* no source: no position */
	assert_int_equal(stv_resolve(NULL, stv_node_loc(disk, NULL)).line, 0);
	xmlFreeDoc(doc);
	stv_diags_free(&d);
	stv_source_free(&src);
}

/* Equal tags on one line each get their own offset, hence their own column. */
static void test_equal_tags_on_one_line(void **state)
{
	struct stv_source src;
	struct stv_diags d;
	(void)state;
	xmlDocPtr doc = parse("<d><e a='1'/><e a='1'/><e a='1'></e></d>", &src, &d);
	assert_non_null(doc);
	xmlNodePtr e = xmlDocGetRootElement(doc)->children;
	static const int cols[] = { 4, 14, 24 };
	for (size_t i = 0; i < 3; i++, e = e->next) {
		assert_non_null(e);
		assert_pos(&src, stv_node_loc(e, NULL), 1, cols[i], cols[i] + 2);
		assert_pos(&src, stv_node_loc(e, "a"), 1, cols[i] + 3, cols[i] + 8);
	}
	xmlFreeDoc(doc);
	stv_diags_free(&d);
	stv_source_free(&src);
}

/*
 * Columns count characters: two-byte and three-byte UTF-8 before a tag
 * count one each.  Quoted values hide what looks like an attribute, a
 * name must match whole, and double quotes, spaces around '=' and tabs
 * are spanned like any attribute.
 */
static void test_columns_characters_and_quotes(void **state)
{
	struct stv_source src;
	struct stv_diags d;
	(void)state;
	xmlDocPtr doc = parse("<d t='\xc3\xa9\xe2\x82\xac'>\xc3\xa9\xe2\x82\xac<e a=' b=1 >'"
			      " ab='2'\tb = \"3\"/></d>", &src, &d);
	assert_non_null(doc);
	assert_int_equal(d.n, 0);
	xmlNodePtr root = xmlDocGetRootElement(doc);
	assert_pos(&src, stv_node_loc(root, "t"), 1, 4, 10);
	xmlNodePtr e = xmlFirstElementChild(root);
	assert_string_equal((const char *)e->name, "e");
	assert_pos(&src, stv_node_loc(e, NULL), 1, 13, 15);
	assert_pos(&src, stv_node_loc(e, "a"), 1, 16, 26);
	assert_pos(&src, stv_node_loc(e, "ab"), 1, 27, 33);
	assert_pos(&src, stv_node_loc(e, "b"), 1, 34, 41);
	xmlFreeDoc(doc);
	stv_diags_free(&d);
	stv_source_free(&src);
}

/*
 * The other parts of a location: an element's text starts at its first
 * word (white space and line breaks skipped) and runs to the end of that
 * line; a byte is one column; an empty text is the position just past the
 * tag.  stv_loc_attr moves a location to an attribute of the same element;
 * stv_loc_or falls back only when the location is unknown.
 */
static void test_location_parts(void **state)
{
	struct stv_source src;
	struct stv_diags d;
	(void)state;
	xmlDocPtr doc = parse("<d>\n  <n u='MiB'>  512  </n>\n  <k>\n    /boot/vmlinux\n  </k>\n"
			      "  <e></e>\n</d>\n", &src, &d);
	assert_non_null(doc);
	xmlNodePtr n = xmlFirstElementChild(xmlDocGetRootElement(doc));
	xmlNodePtr k = xmlNextElementSibling(n), e = xmlNextElementSibling(k);
	assert_string_equal((const char *)n->name, "n");
	assert_string_equal((const char *)k->name, "k");
	assert_string_equal((const char *)e->name, "e");

	struct stv_loc text = stv_node_loc(n, NULL);
	text.part = STV_LOC_TEXT;
	assert_pos(&src, text, 2, 16, 19);
	/* the unit of that text's element */
	assert_pos(&src, stv_loc_attr(text, "u"), 2, 6, 13);
	text = stv_node_loc(k, NULL);
	text.part = STV_LOC_TEXT;
	assert_pos(&src, text, 4, 5, 18);
	text = stv_node_loc(e, NULL);
	text.part = STV_LOC_TEXT;
	assert_pos(&src, text, 6, 6, 7);

	/* byte 0 of line 3 (offset 1 + its index), and the end of the file */
	struct stv_loc byte = { src.line_start[2] + 1, NULL, STV_LOC_BYTE };
	assert_pos(&src, byte, 3, 1, 2);
	byte.off = src.len + 1;
	assert_true(stv_resolve(&src, byte).line > 0);
	byte.off = src.len + 2;
	assert_int_equal(stv_resolve(&src, byte).line, 0);

	struct stv_loc none = { 0, NULL, STV_LOC_NONE };
	assert_false(stv_loc_known(none));
	assert_pos(&src, stv_loc_or(none, stv_node_loc(k, NULL)), 3, 3, 5);
	assert_pos(&src, stv_loc_or(stv_node_loc(e, NULL), stv_node_loc(k, NULL)), 6, 3, 5);
	/* stv_loc_attr leaves a location that is not an element's alone */
	assert_int_equal(stv_loc_attr(none, "u").part, STV_LOC_NONE);
	assert_int_equal(stv_loc_attr(byte, "u").part, STV_LOC_BYTE);
	xmlFreeDoc(doc);
	stv_diags_free(&d);
	stv_source_free(&src);
}

/*
 * A text that starts with '/' (every path) or '>' keeps its first
 * characters: the loader records the offset of the tag's '>', and the text
 * starts after it: <k>/boot/vmlinux</k> is 1:7-20.
 */
static void test_text_starting_with_slash(void **state)
{
	struct stv_source src;
	struct stv_diags d;
	(void)state;
	xmlDocPtr doc = parse("<d><k>/boot/vmlinux</k><c>>x</c></d>", &src, &d);
	assert_non_null(doc);
	xmlNodePtr k = xmlDocGetRootElement(doc)->children;
	struct stv_loc text = stv_node_loc(k, NULL);
	text.part = STV_LOC_TEXT;
	struct stv_loc text2 = stv_node_loc(k->next, NULL);
	text2.part = STV_LOC_TEXT;
	struct stv_pos p = stv_resolve(&src, text), p2 = stv_resolve(&src, text2);
	xmlFreeDoc(doc);
	stv_diags_free(&d);
	stv_source_free(&src);
	assert_int_equal(p.line, 1);
	assert_int_equal(p.col, 7);
	assert_int_equal(p.end_col, 20);
	assert_int_equal(p2.col, 27);
	assert_int_equal(p2.end_col, 29);
}

/* Findings carry positions only when the diagnostics know the source. */
static void test_findings_need_the_source(void **state)
{
	struct stv_source src;
	struct stv_diags d;
	(void)state;
	stv_diags_init(&d, "t.xml", NULL);
	const char *text = "<d>\n<e>\n</d>";
	assert_int_equal(stv_source_from_buffer(text, strlen(text), &src), 0);
	assert_null(stv_parse(&src, &d));
	assert_int_equal(d.n, 1);
	assert_int_equal(d.v[0].rule, STV_R_XML_PARSE);
	assert_int_equal(d.v[0].pos.line, 0);
	stv_diags_free(&d);
	stv_source_free(&src);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_read_sizes),
		cmocka_unit_test(test_line_index),
		cmocka_unit_test(test_refuses_dtd),
		cmocka_unit_test(test_parse_errors),
		cmocka_unit_test(test_attribute_bound),
		cmocka_unit_test(test_namespace_bound),
		cmocka_unit_test(test_columns),
		cmocka_unit_test(test_equal_tags_on_one_line),
		cmocka_unit_test(test_columns_characters_and_quotes),
		cmocka_unit_test(test_location_parts),
		cmocka_unit_test(test_text_starting_with_slash),
		cmocka_unit_test(test_findings_need_the_source),
	};
	stv_load_init();
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	xmlCleanupParser();
	return rc;
}
