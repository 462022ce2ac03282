/*
 * The small parsers: text values of the domain XML into numbers and checked
 * strings.  Pure functions over NUL-terminated strings, no libxml2, so the
 * unit tests (tests/unit/test_values.c) cover them exhaustively.  Leading and
 * trailing XML white space is ignored everywhere (the spec trims values).
 * Every function returns 0 on success and -1 on failure, never partial
 * results.
 */
#ifndef STV_VALUES_H
#define STV_VALUES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Decimal digits only, any number of leading zeros; overflow fails. */
int stv_parse_dec(const char *s, uint64_t *out);

/* Decimal, or hexadecimal with a 0x/0X prefix; leading zeros allowed. */
int stv_parse_uint(const char *s, uint64_t *out);

/*
 * libvirt memory units: b bytes KB k KiB MB M MiB GB G GiB TB T TiB
 * (case as libvirt: "KiB", "k", "K"...).  NULL or empty unit means KiB.
 * *bytes = value * unit with exact overflow checking.
 * Returns -1 for an unknown unit, -2 for overflow or a bad number.
 */
int stv_parse_memory(const char *value, const char *unit, uint64_t *bytes);

/*
 * A size on the command line: a number with an optional K, M, G, T suffix
 * (or KiB, MiB, GiB, TiB; powers of 1024), no suffix meaning bytes.
 */
int stv_parse_size(const char *s, uint64_t *bytes);

/* Unit multiplier alone (for hugepage <page unit>): -1 when unknown. */
int stv_memory_unit(const char *unit, uint64_t *mult);

/* <name>: 1..255 characters from A-Z a-z 0-9 _ - : */
bool stv_valid_name(const char *s);

/* <alias name>: 1..63 characters from A-Z a-z 0-9 _ -, not beginning with '-' */
bool stv_valid_alias(const char *s);

/* RFC 4122 text form, 8-4-4-4-12 hex digits. */
bool stv_valid_uuid(const char *s);

/*
 * A MAC address "xx:xx:xx:xx:xx:xx" (hex, either case) into 6 bytes.
 * Syntax only: unicast and non-zero are semantic rules.
 */
int stv_parse_mac(const char *s, uint8_t mac[6]);
/* Lower-case canonical form, 18 bytes with the NUL. */
void stv_format_mac(const uint8_t mac[6], char out[18]);

/* Linux interface name: 1..15 bytes, no '/', ':' or white space, not "." or "..". */
bool stv_valid_ifname(const char *s);

/* An IPv4 address in dotted decimal, no leading zeros (Rust's Ipv4Addr). */
int stv_parse_ipv4(const char *s, uint8_t out[4]);

/*
 * The disk index of a target name, as libvirt's virDiskNameToIndex reads
 * it: a prefix fd, hd, vd, sd, xvd or ubd, then letters a-z counted as
 * a = 0 ... z = 25, aa = 26 ..., then optional partition digits ("sda" 0,
 * "sdb1" 1, "sdaa" 26).  -1 when the name is none of these or its index
 * passes 2^31 - 1.
 */
int stv_disk_name_index(const char *name, uint64_t *index);


/*
 * systemd-escape of a string (as `systemd-escape NAME`): '/' becomes '-',
 * a leading '.' and every byte outside [A-Za-z0-9:_.] becomes \xNN.
 * Returns a heap string or NULL.
 */
char *stv_systemd_escape(const char *s);

/*
 * Length of the valid UTF-8 sequence at p (2..4), or 0 when p does not
 * start one (ASCII, overlong forms, surrogates and code points above
 * U+10FFFF).  p is NUL-terminated: a NUL ends a sequence as invalid.
 */
size_t stv_utf8_seq(const unsigned char *p);

/*
 * A path lexically normalised, for comparing two spellings of one file:
 * "//" and "/./" collapse, "/x/.." goes away (without looking at the file
 * system: a symbolic link x makes that a different file, which only the
 * host can tell).  Returns a heap string or NULL.
 */
char *stv_path_normalize(const char *path);

/* The directory of a path: "/a/b" -> "/a", "/a" -> "/", "a" -> "."; NULL on failure. */
char *stv_parent_dir(const char *path);

/*
 * A heap copy of a directory path without trailing slashes ("/" stays),
 * so DIR/file never has "//" and DIR matches /proc/mounts; NULL on failure.
 */
char *stv_dir_dup(const char *path);

/*
 * FNV-1a 64-bit: the stable hash behind generated MACs and tap names.  seed
 * is the starting state: STV_HASH64_SEED (FNV's offset basis) for a fresh
 * hash, or a previous result to continue it (hashing a then b equals
 * hashing a followed by b).
 */
#define STV_HASH64_SEED UINT64_C(14695981039346656037)
uint64_t stv_hash64(const void *data, size_t len, uint64_t seed);

#endif
