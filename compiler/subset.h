/*
 * The supported subset as data: what schema/subset.xsl generates from
 * schema/stratovirt-domain.rng into build/gen/subset-tables.c, and what the
 * structural pass (structure.c), lowering (lower.c), the generic range
 * rule (check.c) and the XML writer (emit/xml.c) walk.
 *
 * One element of the schema is one struct stv_elem: its attributes, its
 * content (nothing, a value, children, or anything) and, where the schema
 * annotates it, where lowering stores what it says (struct stv_field: a
 * typed accessor of one IR member, so a schema that names a member of the
 * wrong type does not compile).  Elements that share a name and differ by
 * the value of one attribute (<controller type=...>) are the variants of a
 * struct stv_select.
 */
#ifndef STV_SUBSET_H
#define STV_SUBSET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ir.h"

/* The lexical types of the schema (its defines with stv:kind). */
enum stv_kind {
	STV_K_ANY,	/* <text/>: anything, even empty */
	STV_K_TOKEN,	/* not blank */
	STV_K_DEC,	/* decimal digits */
	STV_K_UINT,	/* decimal or 0x hexadecimal */
	STV_K_ZERO,	/* 0 in either form */
	STV_K_PATH,	/* an absolute path */
	STV_K_NAME,	/* a domain name */
	STV_K_UUID,
	STV_K_MAC,
	STV_K_PERIOD,	/* the rng period, 1000 */
	STV_K_IPV4,	/* an IPv4 address, dotted decimal */
	STV_K_ENUM,	/* one of the choices */
};

/* How a field keeps its value: the type of its IR member. */
enum stv_store {
	STV_STORE_STR,		/* struct stv_str: the text, trimmed */
	STV_STORE_NUM,		/* struct stv_num: decimal or 0x hexadecimal */
	STV_STORE_SIZE,		/* struct stv_num: bytes, from a number and a unit */
	STV_STORE_FLAG,		/* struct stv_flag: the element is present */
	STV_STORE_CHOICE,	/* struct stv_choice: the code of the value */
};

/* How a string reaches StratoVirt's command line (stv:argv). */
enum stv_argv_use {
	STV_ARGV_NONE,		/* it does not */
	STV_ARGV_WORD,		/* as an argument of its own (-kernel PATH) */
	STV_ARGV_ITEM,		/* inside a comma list (-drive file=PATH,...) */
};

/* How the XML writer prints a number. */
enum stv_format { STV_FMT_DEC, STV_FMT_HEX, STV_FMT_HEX2, STV_FMT_HEX4 };

/* An IR member that lowering fills and the writer reads back. */
struct stv_field {
	const char *member;	/* "dev.u.disk.queues": for messages and docs */
	enum stv_store store;
	bool device;		/* in struct stv_device, else struct stv_domain */
	int kind;		/* a union member of this device kind, or -1 */
	/* the one accessor of the store's type; obj is the domain or device */
	struct stv_str *(*str)(void *obj);
	struct stv_num *(*num)(void *obj);
	struct stv_flag *(*flag)(void *obj);
	struct stv_choice *(*choice)(void *obj);
	enum stv_format format;
	/*
	 * A choice with an enum: the words of all its codes (stv_E_names).  A
	 * member filled by several variants (<console type>) has one field per
	 * variant, each with its own value; the walk of stv_each_field meets
	 * only the first, and its names cover the others.
	 */
	const char *const *names;
	enum stv_argv_use argv;
	/* stv:range: the values StratoVirt accepts (check.c reports others) */
	bool ranged;
	uint64_t min, max;
	enum stv_rule range_rule;
	const char *range_hint;
	const char *what;	/* "<driver queues>", for the range message */
};

/* A value's type: the kind, or the choices and their codes. */
struct stv_value {
	enum stv_kind kind;
	const char *const *choices;	/* STV_K_ENUM: NULL-terminated */
	const unsigned *codes;		/* the enum constant of each choice, or NULL */
	enum stv_rule rule;		/* raised for a value outside the type */
	const char *hint;		/* NULL: the kind's own hint */
};

struct stv_attr {
	const char *name;
	bool required;
	struct stv_value value;
	enum stv_rule missing_rule;
	const char *missing_hint;
	const struct stv_field *field;	/* NULL: nothing to keep */
	const char *unit;		/* the field is a size in this attribute's unit */
	bool is_unit;			/* the unit of the element's size */
	bool ignored;			/* stv:ignore: accepted, not lowered */
	bool shape;			/* stv:shape: its value says what the element holds */
	/* stv:write: the writer prints this instead of the field; never_written: not at all */
	const char *(*write)(const void *obj);
	bool never_written;
};

enum stv_content {
	STV_C_EMPTY,		/* attributes only */
	STV_C_TEXT,		/* a value, no child elements */
	STV_C_ELEMENTS,		/* child elements, no text */
	STV_C_ANY,		/* anything in any namespace: not entered */
};

struct stv_elem;

struct stv_child {
	const struct stv_elem *elem;
	unsigned min, max;		/* max UINT_MAX: unbounded */
	enum stv_rule missing_rule;	/* for a missing one */
	const char *hint;		/* for a missing or repeated one */
};

/* Elements of one name told apart by the value of one attribute. */
struct stv_variant {
	const char *value;
	const struct stv_elem *elem;
};

struct stv_select {
	const char *attr;
	const struct stv_variant *variants;	/* ended by a NULL value */
	enum stv_rule rule;			/* for a value no variant has */
	const char *hint;
	const struct stv_elem *absent;		/* the variant when attr is absent, or NULL */
};

struct stv_elem {
	const char *name;
	const char *define;		/* its define in the schema */
	const struct stv_select *select;	/* set: nothing below is used */
	const struct stv_attr *attrs;	/* ended by a NULL name */
	enum stv_content content;
	struct stv_value text;		/* STV_C_TEXT */
	const struct stv_field *field;	/* the text, or the presence */
	const char *unit;		/* the text is a size in this attribute's unit */
	const struct stv_child *children;	/* STV_C_ELEMENTS, ended by a NULL elem */
	int device;			/* stv:device: a device of this kind, or -1 */
	bool ignored;			/* stv:ignore: accepted, not lowered */
	/* stv:warn: accepted with a warning */
	bool warns;
	enum stv_rule warn_rule;
	const char *warn_message, *warn_hint;
};

/* stv:unsupported: what people write that the subset lacks. */
struct stv_note {
	const char *element;
	const char *attribute;		/* NULL: the element itself */
	enum stv_rule rule;
	const char *message;		/* NULL: the usual message */
	const char *hint;
};

extern const struct stv_elem *const stv_subset_root;	/* <domain> */
extern const struct stv_note stv_subset_notes[];	/* ended by a NULL element */
/* The elements of each device kind: one, or the variants of one select. */
extern const struct stv_elem *const *const stv_kind_elems[STV_DEV_KIND_COUNT];
/* Every field with stv:range, ended by NULL. */
extern const struct stv_field *const stv_ranged_fields[];
/* Every string member, once each, ended by NULL: what lowering allocates. */
extern const struct stv_field *const stv_str_fields[];

/* ---- walking the tables (subset.c) ---- */

/* f of obj (the domain or a device) holds a value: set, not refused. */
bool stv_field_has(const struct stv_field *f, void *obj);

/* The XML word of a choice's code in type, or NULL. */
const char *stv_choice_word(const struct stv_value *type, unsigned code);

/*
 * Calls fn once per IR member that the elements of a NULL-terminated list
 * (stv_kind_elems[kind]) and what they hold can fill: their text or
 * presence, their attributes, their children's, through every variant, in
 * schema order, without entering the elements of other devices.
 */
void stv_each_field(const struct stv_elem *const *elems,
		    void (*fn)(const struct stv_field *f, const struct stv_value *type, void *ctx),
		    void *ctx);

#endif
