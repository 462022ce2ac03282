/*
 * Small helpers the management half shares: monotonic time, text made
 * safe to show on a terminal, bounded file reads.  Errors are values:
 * NULL or -1, with errno where a system call failed.
 */
#ifndef STV_CTL_UTIL_H
#define STV_CTL_UTIL_H

#include <stddef.h>
#include <stdint.h>

/* stv_asprintf and stv_vasprintf: heap strings, the library's own formatter. */
#include "../compiler/diag.h"

/* Milliseconds on CLOCK_MONOTONIC. */
int64_t ctl_now_ms(void);
/* Milliseconds left before deadline, at least 0 (poll's timeout). */
int ctl_left_ms(int64_t deadline);
void ctl_sleep_ms(int ms);

/*
 * Text from an untrusted source (a QMP error, the emulator's log) as it
 * may be shown: at most max bytes, each control byte and DEL as '?', so
 * no escape sequence reaches the terminal.  NULL when out of memory.
 */
char *ctl_printable(const char *s, size_t len, size_t max);

/*
 * Reads a whole file of at most max bytes into a NUL-terminated heap
 * buffer.  Returns -1 with errno set (EFBIG when larger than max).
 */
int ctl_read_file(const char *path, size_t max, char **out, size_t *len);

/* Parses seconds ("5", "0.5") into milliseconds, 0 < ms <= 24 hours. */
int ctl_parse_seconds(const char *s, int *ms);

#endif
