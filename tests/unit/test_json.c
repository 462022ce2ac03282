/* ctl/json.c: strict RFC 8259, bounded depth, every hostile input an error. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "../../ctl/json.h"

static struct stv_json *parse(const char *s)
{
	const char *why;
	struct stv_json *j = stv_json_parse(s, strlen(s), &why);
	if (!j)
		assert_non_null(why);	/* an error is always explained */
	return j;
}

static void accepts(const char *s)
{
	struct stv_json *j = parse(s);
	if (!j)
		fail_msg("refused: %s", s);
	stv_json_free(j);
}

static void refuses(const char *s)
{
	struct stv_json *j = parse(s);
	if (j)
		fail_msg("accepted: %s", s);
}

static void values(void **state)
{
	(void)state;
	static const char *const ok[] = {
		"null", "true", "false", "0", "-0", "12", "-3.25", "1e9", "1E+2", "2.5e-3",
		"\"\"", "[]", "{}", " [ 1 , [2] , {\"a\" : null} ] ", "\t\r\n{}\n",
		"{\"QMP\":{\"version\":{\"qemu\":{\"micro\":1}},\"capabilities\":[]}}",
	};
	for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++)
		accepts(ok[i]);
}

static void malformed(void **state)
{
	(void)state;
	static const char *const bad[] = {
		"", " ", "nul", "tru", "True", "01", "-", "1.", ".5", "1e", "+1", "0x10",
		"[", "[1,]", "[1 2]", "{", "{\"a\"}", "{\"a\":}", "{\"a\":1,}", "{1:2}",
		"{'a':1}", "\"abc", "\"a\\\"", "[] []", "{} x", "\"\\x41\"", "\"\\u12\"",
		"\"\\u00zz\"", "\"tab\there\"", "\"nl\nhere\"", "NaN", "Infinity",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		refuses(bad[i]);
}

static void strings_are_decoded(void **state)
{
	(void)state;
	struct stv_json *j = parse("[\"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\", \"\\u00e9\\u20ac\","
				   "\"\\ud83d\\ude00\", \"\xc3\xa9\"]");
	assert_non_null(j);
	assert_int_equal(j->n, 4);
	assert_string_equal(j->v[0].text, "a\"b\\c/d\b\f\n\r\t");
	assert_string_equal(j->v[1].text, "\xc3\xa9\xe2\x82\xac");
	assert_string_equal(j->v[2].text, "\xf0\x9f\x98\x80");
	assert_string_equal(j->v[3].text, "\xc3\xa9");
	stv_json_free(j);
}

/* Every string is a C string of valid UTF-8. */
static void strings_are_safe(void **state)
{
	(void)state;
	static const char *const bad[] = {
		"\"\\u0000\"",		/* NUL would cut the string */
		"\"\\ud800\"",		/* lone high surrogate */
		"\"\\ud800x\"", "\"\\ud800\\u0041\"",
		"\"\\udc00\"",		/* lone low surrogate */
		"\"\xff\"", "\"\xc3\"", "\"\xc0\xaf\"",	/* invalid, truncated, overlong */
		"\"\xed\xa0\x80\"",	/* a surrogate in UTF-8 */
		"\"\xf4\x90\x80\x80\"",	/* past U+10FFFF */
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		refuses(bad[i]);
	const char why[] = "\"a\0b\"";
	const char *err;
	assert_null(stv_json_parse(why, sizeof why - 1, &err));
	assert_non_null(err);
}

static char *nested(int depth, char open, char close)
{
	char *s = malloc((size_t)depth * 2 + 1);
	memset(s, open, (size_t)depth);
	memset(s + depth, close, (size_t)depth);
	s[depth * 2] = '\0';
	return s;
}

static void depth_is_bounded(void **state)
{
	(void)state;
	char *ok = nested(STV_JSON_MAX_DEPTH, '[', ']');
	char *deep = nested(STV_JSON_MAX_DEPTH + 1, '[', ']');
	char *huge = nested(100000, '[', ']');
	accepts(ok);
	refuses(deep);
	refuses(huge);		/* no stack overflow */
	free(ok);
	free(deep);
	free(huge);
}

static void objects(void **state)
{
	(void)state;
	struct stv_json *j = parse("{\"return\":{\"status\":\"running\",\"n\":5},\"a\":1,\"a\":2}");
	assert_non_null(j);
	const struct stv_json *ret = stv_json_get(j, "return");
	assert_non_null(ret);
	assert_string_equal(stv_json_str(stv_json_get(ret, "status")), "running");
	assert_null(stv_json_str(stv_json_get(ret, "n")));	/* a number, not a string */
	assert_string_equal(stv_json_get(ret, "n")->text, "5");
	assert_string_equal(stv_json_get(j, "a")->text, "1");	/* the first of duplicates */
	assert_null(stv_json_get(j, "missing"));
	assert_null(stv_json_get(stv_json_get(j, "a"), "x"));	/* not an object */
	assert_null(stv_json_get(NULL, "x"));
	stv_json_free(j);
}

static void quote(void **state)
{
	(void)state;
	char *q = stv_json_quote("a\"b\\c\n\x01");
	assert_string_equal(q, "\"a\\\"b\\\\c\\u000a\\u0001\"");
	struct stv_json *j = parse(q);
	assert_string_equal(j->text, "a\"b\\c\n\x01");
	stv_json_free(j);
	free(q);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(values),
		cmocka_unit_test(malformed),
		cmocka_unit_test(strings_are_decoded),
		cmocka_unit_test(strings_are_safe),
		cmocka_unit_test(depth_is_bounded),
		cmocka_unit_test(objects),
		cmocka_unit_test(quote),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
