/*
 * A small JSON reader for QMP replies, which are untrusted: whatever the
 * bytes, the parser returns a tree or an error, in time and memory linear
 * in the input, and never recurses deeper than STV_JSON_MAX_DEPTH.
 *
 * Strict RFC 8259: one value, optional whitespace around it, nothing else.
 * Strings must be valid UTF-8 and are decoded (escapes, surrogate pairs)
 * into NUL-terminated UTF-8; a string holding U+0000 is refused, since
 * every user of a reply treats strings as C strings.  Numbers are checked
 * against the grammar and kept as their text.  Duplicate object keys are
 * kept; stv_json_get() returns the first.
 */
#ifndef STV_CTL_JSON_H
#define STV_CTL_JSON_H

#include <stdbool.h>
#include <stddef.h>

/* Nesting QMP never needs: query replies are two or three levels deep. */
#define STV_JSON_MAX_DEPTH 32

enum stv_json_type {
	STV_JSON_NULL,
	STV_JSON_FALSE,
	STV_JSON_TRUE,
	STV_JSON_NUMBER,
	STV_JSON_STRING,
	STV_JSON_ARRAY,
	STV_JSON_OBJECT,
};

struct stv_json {
	enum stv_json_type type;
	char *text;		/* STRING: the decoded value; NUMBER: the literal */
	size_t n;		/* ARRAY, OBJECT: number of members */
	struct stv_json *v;	/* ARRAY, OBJECT: the members' values */
	char **keys;		/* OBJECT: the members' names */
};

/*
 * Parses len bytes (NUL bytes included: they are an error).  Returns the
 * tree, or NULL with *why set to a static description of the first
 * problem (NULL too when out of memory).
 */
struct stv_json *stv_json_parse(const char *s, size_t len, const char **why);
void stv_json_free(struct stv_json *j);

/* The value of key in an object; NULL when j is not an object or has no key. */
const struct stv_json *stv_json_get(const struct stv_json *j, const char *key);
/* j's text when it is a string, else NULL. */
const char *stv_json_str(const struct stv_json *j);

/* s as a JSON string literal, quotes included, or NULL when out of memory. */
char *stv_json_quote(const char *s);

#endif
