/*
 * Quoting for sh and systemd (quote.h).  The systemd rules are the ones of
 * systemd 252's extract_first_word(): inside double quotes a backslash
 * takes the next character literally (and, where the setting C-unescapes,
 * \xNN is a byte); specifiers are expanded after unquoting, so % is
 * doubled; ExecStart= expands $VAR at exec time, so $ is doubled too.
 */
#include "quote.h"

#include <stddef.h>
#include <string.h>

/*
 * Length of the valid UTF-8 sequence at p (2..4), or 0 when p does not
 * start one (overlong forms, surrogates and code points above U+10FFFF are
 * invalid).  ASCII is handled by the callers.
 */
static size_t utf8_seq(const unsigned char *p)
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

static bool is_control(unsigned char c)
{
	return c < 0x20 || c == 0x7f;
}

static void put_hex(struct stv_buf *b, unsigned char c)
{
	stv_buf_printf(b, "\\x%02x", c);
}

bool stv_has_unsafe_bytes(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	while (*p) {
		size_t n = 1;

		if (is_control(*p))
			return true;
		if (*p >= 0x80 && (n = utf8_seq(p)) == 0)
			return true;
		p += n;
	}
	return false;
}

void stv_sh_quote(struct stv_buf *b, const char *s)
{
	stv_buf_putc(b, '\'');
	for (const char *p = s; *p; p++) {
		if (*p == '\'')
			stv_buf_puts(b, "'\\''");
		else
			stv_buf_putc(b, *p);
	}
	stv_buf_putc(b, '\'');
}

void stv_sd_quote_exec(struct stv_buf *b, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	stv_buf_putc(b, '"');
	while (*p) {
		size_t n;

		if (*p == '\\' || *p == '"') {
			stv_buf_putc(b, '\\');
			stv_buf_putc(b, (char)*p++);
		} else if (*p == '%' || *p == '$') {
			stv_buf_putc(b, (char)*p);
			stv_buf_putc(b, (char)*p++);
		} else if (is_control(*p)) {
			put_hex(b, *p++);
		} else if (*p < 0x80) {
			stv_buf_putc(b, (char)*p++);
		} else if ((n = utf8_seq(p)) != 0) {
			stv_buf_put(b, (const char *)p, n);
			p += n;
		} else {
			put_hex(b, *p++);
		}
	}
	stv_buf_putc(b, '"');
}

/* Double quotes, a backslash before each byte of esc, % doubled. */
static void quote_escaping(struct stv_buf *b, const char *s, const char *esc)
{
	stv_buf_putc(b, '"');
	for (const char *p = s; *p; p++) {
		if (strchr(esc, *p))
			stv_buf_putc(b, '\\');
		else if (*p == '%')
			stv_buf_putc(b, '%');
		stv_buf_putc(b, *p);
	}
	stv_buf_putc(b, '"');
}

int stv_sd_quote_path(struct stv_buf *b, const char *s)
{
	if (stv_has_unsafe_bytes(s))
		return -1;
	quote_escaping(b, s, "\\\"");
	return 0;
}

int stv_sd_quote_exec_dir(struct stv_buf *b, const char *s)
{
	if (stv_has_unsafe_bytes(s) || strchr(s, '"'))
		return -1;
	quote_escaping(b, s, "\\:");
	return 0;
}

void stv_comment_quote(struct stv_buf *b, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	stv_buf_putc(b, '"');
	for (; *p; p++) {
		if (*p == '\\' || *p == '"') {
			stv_buf_putc(b, '\\');
			stv_buf_putc(b, (char)*p);
		} else if (is_control(*p) || *p >= 0x80) {
			put_hex(b, *p);
		} else {
			stv_buf_putc(b, (char)*p);
		}
	}
	stv_buf_putc(b, '"');
}
