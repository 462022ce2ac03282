#include "buf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "values.h"

static bool reserve(struct stv_buf *b, size_t n)
{
	if (b->oom)
		return false;
	if (b->len + n + 1 <= b->cap)
		return true;
	size_t cap = b->cap ? b->cap : 256;
	while (cap < b->len + n + 1) {
		if (cap > (size_t)-1 / 2) {
			b->oom = true;
			return false;
		}
		cap *= 2;
	}
	char *p = realloc(b->p, cap);
	if (!p) {
		b->oom = true;
		return false;
	}
	b->p = p;
	b->cap = cap;
	return true;
}

void stv_buf_put(struct stv_buf *b, const char *s, size_t n)
{
	if (!reserve(b, n))
		return;
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

void stv_buf_puts(struct stv_buf *b, const char *s)
{
	stv_buf_put(b, s, strlen(s));
}

void stv_buf_putc(struct stv_buf *b, char c)
{
	stv_buf_put(b, &c, 1);
}

/* Numbers without printf: the command line of a large domain holds thousands. */
void stv_buf_put_u64(struct stv_buf *b, uint64_t v)
{
	char d[20];
	size_t n = 0;
	do
		d[sizeof d - ++n] = (char)('0' + v % 10);
	while ((v /= 10) != 0);
	stv_buf_put(b, d + sizeof d - n, n);
}

void stv_buf_put_hex(struct stv_buf *b, uint64_t v, int digits)
{
	char d[18];
	size_t n = 0;
	do
		d[sizeof d - ++n] = "0123456789abcdef"[v & 15];
	while ((v >>= 4) != 0 || ((int)n < digits && n < 16));
	d[sizeof d - ++n] = 'x';
	d[sizeof d - ++n] = '0';
	stv_buf_put(b, d + sizeof d - n, n);
}

void stv_buf_printf(struct stv_buf *b, const char *fmt, ...)
{
	va_list ap, aq;
	va_start(ap, fmt);
	va_copy(aq, ap);
	int n = vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	if (n >= 0 && reserve(b, (size_t)n)) {
		vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
		b->len += (size_t)n;
	} else if (n < 0) {
		b->oom = true;
	}
	va_end(ap);
}

void stv_buf_json_string(struct stv_buf *b, const char *s)
{
	stv_buf_putc(b, '"');
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		size_t n;
		switch (*p) {
		case '"': stv_buf_puts(b, "\\\""); break;
		case '\\': stv_buf_puts(b, "\\\\"); break;
		case '\n': stv_buf_puts(b, "\\n"); break;
		case '\t': stv_buf_puts(b, "\\t"); break;
		case '\r': stv_buf_puts(b, "\\r"); break;
		default:
			if (*p < 0x20 || *p == 0x7f) {
				stv_buf_printf(b, "\\u%04x", *p);
			} else if (*p < 0x80) {
				stv_buf_putc(b, (char)*p);
			} else if ((n = stv_utf8_seq(p)) != 0) {
				stv_buf_put(b, (const char *)p, n);
				p += n - 1;
			} else {
				/* A file name or path need not be UTF-8; JSON must be. */
				stv_buf_puts(b, "\\ufffd");
			}
		}
	}
	stv_buf_putc(b, '"');
}

void stv_buf_free(struct stv_buf *b)
{
	free(b->p);
	memset(b, 0, sizeof(*b));
}
