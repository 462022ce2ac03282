/*
 * The small parsers of compiler/values.h.
 *
 * Every parser first trims XML white space (space, tab, CR, LF) from both
 * ends, then reads the whole remaining string: no sign, no exponent, no
 * trailing garbage.  Multiplications are checked against UINT64_MAX before
 * they happen, so an overflow is a failure and never a wrapped value.
 */
#include "values.h"

#include <stdlib.h>
#include <string.h>

#define FNV64_PRIME UINT64_C(1099511628211)

/* A view of s without its leading and trailing XML white space. */
struct span {
	const char *p;
	size_t n;
};

static bool is_xml_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static struct span trim(const char *s)
{
	struct span t = { s, s ? strlen(s) : 0 };

	while (t.n > 0 && is_xml_space(t.p[0])) {
		t.p++;
		t.n--;
	}
	while (t.n > 0 && is_xml_space(t.p[t.n - 1]))
		t.n--;
	return t;
}

static bool span_eq(struct span t, const char *lit)
{
	return t.n == strlen(lit) && memcmp(t.p, lit, t.n) == 0;
}

/* ASCII only: the C library's versions follow the locale. */
static char lower_ascii(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_alnum_ascii(char c)
{
	char l = lower_ascii(c);

	return is_digit(c) || (l >= 'a' && l <= 'z');
}

/* 0..15 for a hex digit, -1 otherwise. */
static int hex_value(char c)
{
	char l = lower_ascii(c);

	if (is_digit(c))
		return c - '0';
	if (l >= 'a' && l <= 'f')
		return l - 'a' + 10;
	return -1;
}

/* *acc = *acc * base + digit, failing instead of wrapping. */
static int accumulate(uint64_t *acc, unsigned base, unsigned digit)
{
	if (*acc > (UINT64_MAX - digit) / base)
		return -1;
	*acc = *acc * base + digit;
	return 0;
}

static int span_dec(struct span t, uint64_t *out)
{
	uint64_t v = 0;

	if (t.n == 0)
		return -1;
	for (size_t i = 0; i < t.n; i++) {
		if (!is_digit(t.p[i]) || accumulate(&v, 10, (unsigned)(t.p[i] - '0')) < 0)
			return -1;
	}
	*out = v;
	return 0;
}

static int span_hex(struct span t, uint64_t *out)
{
	uint64_t v = 0;

	if (t.n == 0)
		return -1;
	for (size_t i = 0; i < t.n; i++) {
		int h = hex_value(t.p[i]);

		if (h < 0 || accumulate(&v, 16, (unsigned)h) < 0)
			return -1;
	}
	*out = v;
	return 0;
}

int stv_parse_dec(const char *s, uint64_t *out)
{
	return span_dec(trim(s), out);
}

int stv_parse_uint(const char *s, uint64_t *out)
{
	struct span t = trim(s);

	if (t.n >= 2 && t.p[0] == '0' && (t.p[1] == 'x' || t.p[1] == 'X')) {
		struct span digits = { t.p + 2, t.n - 2 };

		return span_hex(digits, out);
	}
	return span_dec(t, out);
}

static int checked_mul(uint64_t a, uint64_t b, uint64_t *out)
{
	if (b != 0 && a > UINT64_MAX / b)
		return -1;
	*out = a * b;
	return 0;
}

/* Case-insensitive comparison of a span with a lower-case literal. */
static bool span_ieq(struct span t, const char *lit)
{
	if (t.n != strlen(lit))
		return false;
	for (size_t i = 0; i < t.n; i++) {
		if (lower_ascii(t.p[i]) != lit[i])
			return false;
	}
	return true;
}

struct unit {
	const char *name;
	uint64_t mult;
};

#define KI UINT64_C(1024)
#define KD UINT64_C(1000)

/*
 * libvirt's virScaleInteger, restricted to the units the spec lists: case
 * does not matter; a bare prefix or prefix+"iB" is a power of 1024,
 * prefix+"B" a power of 1000.  (libvirt also knows p and e, far beyond
 * anything StratoVirt accepts.)
 */
static const struct unit memory_units[] = {
	{ "b", 1 }, { "byte", 1 }, { "bytes", 1 },
	{ "k", KI }, { "kib", KI }, { "kb", KD },
	{ "m", KI * KI }, { "mib", KI * KI }, { "mb", KD * KD },
	{ "g", KI * KI * KI }, { "gib", KI * KI * KI }, { "gb", KD * KD * KD },
	{ "t", KI * KI * KI * KI }, { "tib", KI * KI * KI * KI }, { "tb", KD * KD * KD * KD },
};

/* Sizes on stv's own command line: binary multiples only, case-sensitive. */
static const struct unit size_units[] = {
	{ "", 1 },
	{ "K", KI }, { "k", KI }, { "KiB", KI },
	{ "M", KI * KI }, { "m", KI * KI }, { "MiB", KI * KI },
	{ "G", KI * KI * KI }, { "g", KI * KI * KI }, { "GiB", KI * KI * KI },
	{ "T", KI * KI * KI * KI }, { "t", KI * KI * KI * KI }, { "TiB", KI * KI * KI * KI },
};

static int span_unit(struct span u, uint64_t *mult)
{
	if (u.n == 0) {
		*mult = KI;
		return 0;
	}
	for (size_t i = 0; i < sizeof(memory_units) / sizeof(memory_units[0]); i++) {
		if (span_ieq(u, memory_units[i].name)) {
			*mult = memory_units[i].mult;
			return 0;
		}
	}
	return -1;
}

int stv_memory_unit(const char *unit, uint64_t *mult)
{
	return span_unit(trim(unit), mult);
}

int stv_parse_memory(const char *value, const char *unit, uint64_t *bytes)
{
	uint64_t mult, v;

	if (span_unit(trim(unit), &mult) < 0)
		return -1;
	if (span_dec(trim(value), &v) < 0 || checked_mul(v, mult, bytes) < 0)
		return -2;
	return 0;
}

int stv_parse_size(const char *s, uint64_t *bytes)
{
	struct span t = trim(s), num, suffix;
	size_t digits = 0;
	uint64_t v;

	while (digits < t.n && is_digit(t.p[digits]))
		digits++;
	num = (struct span){ t.p, digits };
	suffix = (struct span){ t.p + digits, t.n - digits };
	if (span_dec(num, &v) < 0)
		return -1;
	for (size_t i = 0; i < sizeof(size_units) / sizeof(size_units[0]); i++) {
		if (span_eq(suffix, size_units[i].name))
			return checked_mul(v, size_units[i].mult, bytes);
	}
	return -1;
}

/* True when the trimmed s has 1..max bytes, each accepted by ok(). */
static bool all_chars(const char *s, size_t max, bool (*ok)(char))
{
	struct span t = trim(s);

	if (t.n == 0 || t.n > max)
		return false;
	for (size_t i = 0; i < t.n; i++) {
		if (!ok(t.p[i]))
			return false;
	}
	return true;
}

static bool name_char(char c)
{
	return is_alnum_ascii(c) || c == '_' || c == '-' || c == ':';
}

static bool alias_char(char c)
{
	return is_alnum_ascii(c) || c == '_' || c == '-';
}

bool stv_valid_name(const char *s)
{
	return all_chars(s, 255, name_char);
}

bool stv_valid_alias(const char *s)
{
	/* an id StratoVirt would take for an option otherwise */
	return s[0] != '-' && all_chars(s, 63, alias_char);
}

bool stv_valid_uuid(const char *s)
{
	static const size_t dashes[] = { 8, 13, 18, 23 };
	struct span t = trim(s);
	size_t next = 0;

	if (t.n != 36)
		return false;
	for (size_t i = 0; i < t.n; i++) {
		if (next < 4 && i == dashes[next]) {
			if (t.p[i] != '-')
				return false;
			next++;
		} else if (hex_value(t.p[i]) < 0) {
			return false;
		}
	}
	return true;
}

int stv_parse_mac(const char *s, uint8_t mac[6])
{
	struct span t = trim(s);
	uint8_t out[6];

	if (t.n != 17)
		return -1;
	for (size_t i = 0; i < 6; i++) {
		const char *p = t.p + 3 * i;
		int hi = hex_value(p[0]), lo = hex_value(p[1]);

		if (hi < 0 || lo < 0 || (i < 5 && p[2] != ':'))
			return -1;
		out[i] = (uint8_t)(hi << 4 | lo);
	}
	memcpy(mac, out, sizeof(out));
	return 0;
}

void stv_format_mac(const uint8_t mac[6], char out[18])
{
	static const char hex[] = "0123456789abcdef";

	for (size_t i = 0; i < 6; i++) {
		out[3 * i] = hex[mac[i] >> 4];
		out[3 * i + 1] = hex[mac[i] & 0xf];
		out[3 * i + 2] = i < 5 ? ':' : '\0';
	}
}

/* The kernel's dev_valid_name(): what `ip link` accepts. */
bool stv_valid_ifname(const char *s)
{
	struct span t = trim(s);

	if (t.n == 0 || t.n > 15 || span_eq(t, ".") || span_eq(t, ".."))
		return false;
	for (size_t i = 0; i < t.n; i++) {
		char c = t.p[i];

		/* The kernel's isspace() also counts Latin-1 NBSP (0xa0). */
		if (c == '/' || c == ':' || c == ' ' || (c >= '\t' && c <= '\r') ||
		    (unsigned char)c == 0xa0)
			return false;
	}
	return true;
}

int stv_disk_name_index(const char *name, uint64_t *index)
{
	static const char *const prefixes[] = { "fd", "hd", "vd", "sd", "xvd", "ubd" };
	const char *p = NULL;
	uint64_t idx = 0;

	for (size_t i = 0; i < sizeof prefixes / sizeof prefixes[0] && !p; i++)
		if (strncmp(name, prefixes[i], strlen(prefixes[i])) == 0)
			p = name + strlen(prefixes[i]);
	if (!p || *p < 'a' || *p > 'z')
		return -1;
	for (size_t i = 0; *p >= 'a' && *p <= 'z'; i++, p++) {
		idx = (idx + (i ? 1 : 0)) * 26 + (uint64_t)(*p - 'a');
		if (idx > INT32_MAX)
			return -1;
	}
	while (*p >= '0' && *p <= '9')
		p++;
	if (*p)
		return -1;
	*index = idx;
	return 0;
}

/*
 * Rust's Ipv4Addr::from_str, which StratoVirt's -vnc uses: four decimal
 * octets of 1 to 3 digits, each at most 255, with no leading zero.
 */
int stv_parse_ipv4(const char *s, uint8_t out[4])
{
	struct span t = trim(s);
	size_t i = 0;
	uint8_t ip[4];

	for (int octet = 0; octet < 4; octet++) {
		unsigned v = 0;
		size_t digits = 0;

		if (octet > 0 && (i >= t.n || t.p[i++] != '.'))
			return -1;
		while (i < t.n && t.p[i] >= '0' && t.p[i] <= '9' && digits < 4) {
			v = v * 10 + (unsigned)(t.p[i++] - '0');
			digits++;
		}
		if (digits == 0 || digits > 3 || v > 255 || (digits > 1 && t.p[i - digits] == '0'))
			return -1;
		ip[octet] = (uint8_t)v;
	}
	if (i != t.n)
		return -1;
	memcpy(out, ip, sizeof ip);
	return 0;
}

/*
 * systemd's unit_name_escape(): no trimming here, the result must be what
 * `systemd-escape -- STRING` prints for the very same bytes.
 */
char *stv_systemd_escape(const char *s)
{
	static const char hex[] = "0123456789abcdef";
	size_t n = strlen(s);
	char *out = malloc(4 * n + 1), *o = out;

	if (out == NULL)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		bool plain = is_alnum_ascii((char)c) || c == ':' || c == '_' ||
			     (c == '.' && i > 0);

		if (c == '/') {
			*o++ = '-';
		} else if (plain) {
			*o++ = (char)c;
		} else {
			*o++ = '\\';
			*o++ = 'x';
			*o++ = hex[c >> 4];
			*o++ = hex[c & 0xf];
		}
	}
	*o = '\0';
	return out;
}

uint64_t stv_hash64(const void *data, size_t len, uint64_t seed)
{
	const unsigned char *p = data;
	uint64_t h = seed;

	for (size_t i = 0; i < len; i++) {
		h ^= p[i];
		h *= FNV64_PRIME;
	}
	return h;
}

char *stv_dir_dup(const char *path)
{
	size_t len = strlen(path);
	while (len > 1 && path[len - 1] == '/')
		len--;
	return strndup(path, len);
}

size_t stv_utf8_seq(const unsigned char *p)
{
	size_t n;
	unsigned lo = 0x80, hi = 0xbf;

	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		n = 2;
	else if (p[0] >= 0xe0 && p[0] <= 0xef)
		n = 3;
	else if (p[0] >= 0xf0 && p[0] <= 0xf4)
		n = 4;
	else
		return 0;
	if (p[0] == 0xe0)
		lo = 0xa0;	/* overlong */
	else if (p[0] == 0xed)
		hi = 0x9f;	/* surrogates */
	else if (p[0] == 0xf0)
		lo = 0x90;	/* overlong */
	else if (p[0] == 0xf4)
		hi = 0x8f;	/* above U+10FFFF */
	if (p[1] < lo || p[1] > hi)
		return 0;
	for (size_t i = 2; i < n; i++)
		if (p[i] < 0x80 || p[i] > 0xbf)
			return 0;
	return n;
}

char *stv_parent_dir(const char *path)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		return strdup(".");
	return strndup(path, slash == path ? 1 : (size_t)(slash - path));
}

/* Appends "/seg" (or "seg" at the start of a relative path) to out. */
static void path_append(char *out, size_t *len, size_t base, const char *seg, size_t n)
{
	if (*len > base)
		out[(*len)++] = '/';
	memcpy(out + *len, seg, n);
	*len += n;
}

char *stv_path_normalize(const char *path)
{
	char *out = malloc(strlen(path) + 2);
	if (!out)
		return NULL;
	bool absolute = path[0] == '/';
	size_t len = 0, base = 0, popable = 0;	/* segments a ".." may remove */
	if (absolute)
		out[len++] = '/', base = 1;
	for (const char *p = path; *p;) {
		while (*p == '/')
			p++;
		size_t seg = strcspn(p, "/");
		if (seg == 0)
			break;
		if (seg == 2 && p[0] == '.' && p[1] == '.') {
			if (popable) {
				while (len > base && out[len - 1] != '/')
					len--;
				if (len > base)
					len--;
				popable--;
			} else if (!absolute) {
				path_append(out, &len, base, "..", 2);
			}
		} else if (!(seg == 1 && p[0] == '.')) {
			path_append(out, &len, base, p, seg);
			popable++;
		}
		p += seg;
	}
	if (len == 0)
		out[len++] = '.';
	out[len] = '\0';
	return out;
}
