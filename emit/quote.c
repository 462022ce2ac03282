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

#include "../compiler/values.h"

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
		if (*p >= 0x80 && (n = stv_utf8_seq(p)) == 0)
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
		} else if ((n = stv_utf8_seq(p)) != 0) {
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
