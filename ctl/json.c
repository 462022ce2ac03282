/*
 * Recursive descent over a byte range.  Depth is counted on the way down
 * and refused past STV_JSON_MAX_DEPTH, so the C stack is bounded whatever
 * the input.  A string is scanned to its closing quote before anything is
 * allocated, so memory is proportional to the input, never to the input
 * times the number of strings.
 */
#include "json.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct parser {
	const unsigned char *p, *end;
	int depth;
	const char *why;	/* first error; NULL with a failure: out of memory */
};

static int fail(struct parser *ps, const char *why)
{
	if (!ps->why)
		ps->why = why;
	return -1;
}

static void skip_ws(struct parser *ps)
{
	while (ps->p < ps->end &&
	       (*ps->p == ' ' || *ps->p == '\t' || *ps->p == '\n' || *ps->p == '\r'))
		ps->p++;
}

static int literal(struct parser *ps, const char *word, enum stv_json_type type,
		   struct stv_json *out)
{
	size_t n = strlen(word);
	if ((size_t)(ps->end - ps->p) < n || memcmp(ps->p, word, n) != 0)
		return fail(ps, "not a JSON value");
	ps->p += n;
	out->type = type;
	return 0;
}

/* Length of the UTF-8 sequence at p (1-4), or 0 when it is not valid. */
static size_t utf8_len(const unsigned char *p, const unsigned char *end)
{
	size_t n = (size_t)(end - p);
	unsigned c = p[0];
	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		return n >= 2 && (p[1] & 0xc0) == 0x80 ? 2 : 0;
	if (c >= 0xe0 && c <= 0xef) {
		if (n < 3 || (p[1] & 0xc0) != 0x80 || (p[2] & 0xc0) != 0x80)
			return 0;
		/* No overlong forms, no UTF-16 surrogates. */
		if ((c == 0xe0 && p[1] < 0xa0) || (c == 0xed && p[1] > 0x9f))
			return 0;
		return 3;
	}
	if (c >= 0xf0 && c <= 0xf4) {
		if (n < 4 || (p[1] & 0xc0) != 0x80 || (p[2] & 0xc0) != 0x80 ||
		    (p[3] & 0xc0) != 0x80)
			return 0;
		/* No overlong forms, nothing past U+10FFFF. */
		if ((c == 0xf0 && p[1] < 0x90) || (c == 0xf4 && p[1] > 0x8f))
			return 0;
		return 4;
	}
	return 0;
}

static int hex4(const unsigned char *p, const unsigned char *end, unsigned *out)
{
	unsigned v = 0;
	if (end - p < 4)
		return -1;
	for (int i = 0; i < 4; i++) {
		unsigned c = p[i], d;
		if (c >= '0' && c <= '9')
			d = c - '0';
		else if (c >= 'a' && c <= 'f')
			d = c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			d = c - 'A' + 10;
		else
			return -1;
		v = v << 4 | d;
	}
	*out = v;
	return 0;
}

static size_t put_utf8(char *o, uint32_t cp)
{
	if (cp < 0x80) {
		o[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (char)(0xc0 | cp >> 6);
		o[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (char)(0xe0 | cp >> 12);
		o[1] = (char)(0x80 | (cp >> 6 & 0x3f));
		o[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	o[0] = (char)(0xf0 | cp >> 18);
	o[1] = (char)(0x80 | (cp >> 12 & 0x3f));
	o[2] = (char)(0x80 | (cp >> 6 & 0x3f));
	o[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

/* A \u escape at p (after the backslash): one code point, pairs joined. */
static int unicode_escape(struct parser *ps, const unsigned char **pp, uint32_t *cp)
{
	const unsigned char *p = *pp + 1;
	unsigned hi, lo;
	if (hex4(p, ps->end, &hi) < 0)
		return fail(ps, "bad \\u escape in a string");
	p += 4;
	if (hi >= 0xdc00 && hi <= 0xdfff)
		return fail(ps, "lone low surrogate in a string");
	if (hi >= 0xd800 && hi <= 0xdbff) {
		if (ps->end - p < 6 || p[0] != '\\' || p[1] != 'u' ||
		    hex4(p + 2, ps->end, &lo) < 0 || lo < 0xdc00 || lo > 0xdfff)
			return fail(ps, "lone high surrogate in a string");
		p += 6;
		*cp = 0x10000 + ((uint32_t)(hi - 0xd800) << 10) + (lo - 0xdc00);
	} else {
		*cp = hi;
	}
	if (*cp == 0)
		return fail(ps, "U+0000 in a string");
	*pp = p;
	return 0;
}

/* The closing quote of the string whose opening quote is at ps->p. */
static const unsigned char *string_end(struct parser *ps)
{
	const unsigned char *p = ps->p + 1;
	while (p < ps->end && *p != '"')
		p += *p == '\\' && p + 1 < ps->end ? 2 : 1;
	return p < ps->end ? p : NULL;
}

static int decode_escape(struct parser *ps, const unsigned char **pp, char *o, size_t *len)
{
	static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
	const unsigned char *p = *pp;	/* at the backslash */
	const char *k = p[1] ? strchr(from, p[1]) : NULL;
	uint32_t cp;
	if (k) {
		o[(*len)++] = to[k - from];
		*pp = p + 2;
		return 0;
	}
	if (p[1] != 'u')
		return fail(ps, "bad escape in a string");
	*pp = p + 1;
	if (unicode_escape(ps, pp, &cp) < 0)
		return -1;
	*len += put_utf8(o + *len, cp);
	return 0;
}

static int parse_string(struct parser *ps, char **out)
{
	const unsigned char *close = string_end(ps), *p = ps->p + 1;
	size_t len = 0;
	char *o;
	if (!close)
		return fail(ps, "unterminated string");
	/* Decoding never lengthens: \uXXXX is 6 bytes for at most 3 of UTF-8. */
	o = malloc((size_t)(close - p) + 1);
	if (!o)
		return -1;
	while (p < close) {
		size_t n;
		if (*p == '\\') {
			if (decode_escape(ps, &p, o, &len) < 0)
				goto bad;
			continue;
		}
		if (*p < 0x20)
			goto bad_control;
		n = utf8_len(p, close);
		if (n == 0) {
			fail(ps, "a string is not valid UTF-8");
			goto bad;
		}
		memcpy(o + len, p, n);
		len += n;
		p += n;
	}
	o[len] = '\0';
	*out = o;
	ps->p = close + 1;
	return 0;
bad_control:
	fail(ps, "control character in a string");
bad:
	free(o);
	return -1;
}

static size_t digits(const unsigned char *p, const unsigned char *end)
{
	size_t n = 0;
	while (p + n < end && p[n] >= '0' && p[n] <= '9')
		n++;
	return n;
}

/* -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)? */
static int parse_number(struct parser *ps, struct stv_json *out)
{
	const unsigned char *p = ps->p, *start = ps->p;
	size_t n;
	if (p < ps->end && *p == '-')
		p++;
	n = digits(p, ps->end);
	if (n == 0 || (n > 1 && *p == '0'))
		return fail(ps, "bad number");
	p += n;
	if (p < ps->end && *p == '.') {
		n = digits(++p, ps->end);
		if (n == 0)
			return fail(ps, "bad number");
		p += n;
	}
	if (p < ps->end && (*p == 'e' || *p == 'E')) {
		p++;
		if (p < ps->end && (*p == '+' || *p == '-'))
			p++;
		n = digits(p, ps->end);
		if (n == 0)
			return fail(ps, "bad number");
		p += n;
	}
	out->text = malloc((size_t)(p - start) + 1);
	if (!out->text)
		return -1;
	memcpy(out->text, start, (size_t)(p - start));
	out->text[p - start] = '\0';
	out->type = STV_JSON_NUMBER;
	ps->p = p;
	return 0;
}

static int parse_value(struct parser *ps, struct stv_json *out);

/* Room for one more member; keys too for an object. */
static int grow(struct stv_json *j, size_t *cap)
{
	if (j->n < *cap)
		return 0;
	size_t ncap = *cap ? *cap * 2 : 4;
	struct stv_json *v = realloc(j->v, ncap * sizeof *v);
	if (!v)
		return -1;
	j->v = v;
	if (j->type == STV_JSON_OBJECT) {
		char **k = realloc(j->keys, ncap * sizeof *k);
		if (!k)
			return -1;
		j->keys = k;
	}
	*cap = ncap;
	return 0;
}

/* One member: "key": value in an object, value in an array. */
static int parse_member(struct parser *ps, struct stv_json *j, size_t *cap)
{
	char *key = NULL;
	if (j->type == STV_JSON_OBJECT) {
		if (ps->p >= ps->end || *ps->p != '"')
			return fail(ps, "expected a member name");
		if (parse_string(ps, &key) < 0)
			return -1;
		skip_ws(ps);
		if (ps->p >= ps->end || *ps->p != ':') {
			free(key);
			return fail(ps, "expected ':'");
		}
		ps->p++;
	}
	if (grow(j, cap) < 0) {
		free(key);
		return -1;
	}
	memset(&j->v[j->n], 0, sizeof j->v[j->n]);
	if (j->type == STV_JSON_OBJECT)
		j->keys[j->n] = key;
	j->n++;
	return parse_value(ps, &j->v[j->n - 1]);
}

static int parse_container(struct parser *ps, struct stv_json *out, enum stv_json_type type)
{
	const char close = type == STV_JSON_ARRAY ? ']' : '}';
	size_t cap = 0;
	if (++ps->depth > STV_JSON_MAX_DEPTH)
		return fail(ps, "nested too deeply");
	out->type = type;
	ps->p++;
	skip_ws(ps);
	if (ps->p < ps->end && *ps->p == close) {
		ps->p++;
		ps->depth--;
		return 0;
	}
	for (;;) {
		if (parse_member(ps, out, &cap) < 0)
			return -1;
		skip_ws(ps);
		if (ps->p < ps->end && *ps->p == ',') {
			ps->p++;
			skip_ws(ps);
			continue;
		}
		if (ps->p < ps->end && *ps->p == close)
			break;
		return fail(ps, type == STV_JSON_ARRAY ? "expected ',' or ']'" : "expected ',' or '}'");
	}
	ps->p++;
	ps->depth--;
	return 0;
}

static int parse_value(struct parser *ps, struct stv_json *out)
{
	skip_ws(ps);
	if (ps->p >= ps->end)
		return fail(ps, "unexpected end of input");
	switch (*ps->p) {
	case '{':
		return parse_container(ps, out, STV_JSON_OBJECT);
	case '[':
		return parse_container(ps, out, STV_JSON_ARRAY);
	case '"':
		out->type = STV_JSON_STRING;
		return parse_string(ps, &out->text);
	case 't':
		return literal(ps, "true", STV_JSON_TRUE, out);
	case 'f':
		return literal(ps, "false", STV_JSON_FALSE, out);
	case 'n':
		return literal(ps, "null", STV_JSON_NULL, out);
	default:
		if (*ps->p != '-' && (*ps->p < '0' || *ps->p > '9'))
			return fail(ps, "not a JSON value");
		return parse_number(ps, out);
	}
}

static void free_members(struct stv_json *j)
{
	for (size_t i = 0; i < j->n; i++) {
		free_members(&j->v[i]);
		if (j->keys)
			free(j->keys[i]);
	}
	free(j->v);
	free(j->keys);
	free(j->text);
}

void stv_json_free(struct stv_json *j)
{
	if (!j)
		return;
	free_members(j);
	free(j);
}

struct stv_json *stv_json_parse(const char *s, size_t len, const char **why)
{
	struct parser ps = { (const unsigned char *)s, (const unsigned char *)s + len, 0, NULL };
	struct stv_json *j = calloc(1, sizeof *j);
	*why = NULL;
	if (!j)
		return NULL;
	if (parse_value(&ps, j) == 0) {
		skip_ws(&ps);
		if (ps.p == ps.end)
			return j;
		fail(&ps, "text after the JSON value");
	}
	*why = ps.why;
	stv_json_free(j);
	return NULL;
}

const struct stv_json *stv_json_get(const struct stv_json *j, const char *key)
{
	if (!j || j->type != STV_JSON_OBJECT)
		return NULL;
	for (size_t i = 0; i < j->n; i++)
		if (strcmp(j->keys[i], key) == 0)
			return &j->v[i];
	return NULL;
}

const char *stv_json_str(const struct stv_json *j)
{
	return j && j->type == STV_JSON_STRING ? j->text : NULL;
}

char *stv_json_quote(const char *s)
{
	size_t n = 3;
	for (const char *p = s; *p; p++)
		n += (unsigned char)*p < 0x20 ? 6 : (*p == '"' || *p == '\\') ? 2 : 1;
	char *o = malloc(n), *q = o;
	if (!o)
		return NULL;
	*q++ = '"';
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p < 0x20) {
			q += sprintf(q, "\\u%04x", *p);
		} else {
			if (*p == '"' || *p == '\\')
				*q++ = '\\';
			*q++ = (char)*p;
		}
	}
	*q++ = '"';
	*q = '\0';
	return o;
}
