/*
 * compiler/load.c: reading bounded streams, refusing DTDs, turning libxml2
 * errors into findings, and finding columns in the source.
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

/* Parses text; returns the document and leaves the findings in *d. */
static xmlDocPtr parse(const char *text, struct stv_source *src, struct stv_diags *d)
{
	stv_diags_init(d, "t.xml", NULL);
	assert_int_equal(stv_source_from_buffer(text, strlen(text), src), 0);
	return stv_parse(src, d);
}

static void expect_refused(const char *text, enum stv_rule rule, int line)
{
	struct stv_source src;
	struct stv_diags d;
	xmlDocPtr doc = parse(text, &src, &d);
	assert_null(doc);
	assert_int_equal(d.n, 1);
	assert_int_equal(d.v[0].rule, rule);
	assert_int_equal(d.v[0].loc.line, line);
	stv_diags_free(&d);
	stv_source_free(&src);
}

static void test_refuses_dtd(void **state)
{
	(void)state;
	expect_refused("<?xml version='1.0'?>\n<!DOCTYPE d [\n<!ENTITY x SYSTEM 'file:///etc/passwd'>\n]>\n<d>&x;</d>",
		       STV_R_XML_DTD, 2);
	expect_refused("<!DOCTYPE d SYSTEM 'http://example.invalid/d.dtd'><d/>", STV_R_XML_DTD, 1);
	expect_refused("<!DOCTYPE d [<!ENTITY a 'aaaa'><!ENTITY b '&a;&a;&a;&a;'>]><d>&b;</d>",
		       STV_R_XML_DTD, 1);
}

static void test_parse_errors(void **state)
{
	(void)state;
	expect_refused("", STV_R_XML_PARSE, 1);
	expect_refused("<d>\n<e>\n</d>", STV_R_XML_PARSE, 3);
	expect_refused("<d>&undefined;</d>", STV_R_XML_PARSE, 1);
	expect_refused("<d>\xff\xfe</d>", STV_R_XML_PARSE, 1);
	expect_refused("<d/><d/>", STV_R_XML_PARSE, 1);
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
	expect_refused(over, STV_R_XML_LIMITS, 1);
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

static void test_columns(void **state)
{
	struct stv_source src;
	struct stv_diags d;
	(void)state;
	xmlDocPtr doc = parse("<domain>\n  <disk type='file'\n        device='disk'>\n"
			      "    <x:alias xmlns:x='urn:x' name='a'/>\n  </disk>\n</domain>\n",
			      &src, &d);
	assert_non_null(doc);
	xmlNodePtr disk = xmlDocGetRootElement(doc)->children->next;
	assert_string_equal((const char *)disk->name, "disk");
	struct stv_loc loc = stv_node_loc(&src, disk, NULL);
	assert_int_equal(loc.line, 2);
	assert_int_equal(loc.col, 3);
	loc = stv_node_loc(&src, disk, "device");
	assert_int_equal(loc.line, 3);
	assert_int_equal(loc.col, 9);
	loc = stv_node_loc(&src, disk, "missing");
	assert_int_equal(loc.line, 2);
	xmlNodePtr alias = disk->children->next;
	loc = stv_node_loc(&src, alias, "name");
	assert_int_equal(loc.line, 4);
	assert_int_equal(loc.col, 30);
	xmlFreeDoc(doc);
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
	};
	stv_load_init();
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	xmlCleanupParser();
	return rc;
}
