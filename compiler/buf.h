/*
 * A growable byte buffer.  Emitters write into one; the driver writes it
 * out only when the whole compilation succeeded (emit/emit.h).  An
 * allocation failure is sticky: check oom once at the end.
 */
#ifndef STV_BUF_H
#define STV_BUF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct stv_buf {
	char *p;		/* NUL-terminated when len > 0 */
	size_t len, cap;
	bool oom;
};

void stv_buf_put(struct stv_buf *b, const char *s, size_t n);
void stv_buf_puts(struct stv_buf *b, const char *s);
void stv_buf_putc(struct stv_buf *b, char c);
/* A number in decimal, or in hexadecimal with 0x and at least digits digits. */
void stv_buf_put_u64(struct stv_buf *b, uint64_t v);
void stv_buf_put_hex(struct stv_buf *b, uint64_t v, int digits);
void stv_buf_printf(struct stv_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* s as a JSON string literal, quotes included; bytes that are not UTF-8 become U+FFFD. */
void stv_buf_json_string(struct stv_buf *b, const char *s);
void stv_buf_free(struct stv_buf *b);

#endif
