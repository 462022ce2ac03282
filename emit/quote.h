/*
 * Quoting for the launcher script and the systemd unit.
 *
 * Every string that reaches an emitted script or unit goes through one of
 * these, so an argument full of quotes, `$(...)`, backticks, `;`, `%` or
 * backslashes stays one word and never becomes code or a directive.
 * Output is deterministic and covered word by word in
 * tests/unit/test_quote.c; tests/check-script.sh and check-unit.sh check
 * the round trip through a real sh and through systemd's own parser.
 */
#ifndef STV_QUOTE_H
#define STV_QUOTE_H

#include <stdbool.h>

#include "../compiler/buf.h"

/*
 * One POSIX sh word: s in single quotes, each ' written as '\''.  Any byte
 * string is representable (newlines included).
 */
void stv_sh_quote(struct stv_buf *b, const char *s);

/*
 * One word of a systemd command line (ExecStart= and friends), as
 * systemd.service(5) unquotes it: double quotes; \ and " escaped with a
 * backslash; % doubled (specifiers); $ doubled (environment expansion at
 * exec time); control bytes, DEL and bytes that are not UTF-8 as \xNN.
 * Any byte string except the empty one's NUL is representable.
 */
void stv_sd_quote_exec(struct stv_buf *b, const char *s);

/*
 * One word of a systemd path list (ReadWritePaths=, DeviceAllow=,
 * RuntimeDirectory=): double quotes, \ and " escaped, % doubled.  These
 * settings do not decode \xNN, so a control byte, DEL or a byte that is not
 * UTF-8 cannot be carried: returns -1 and writes nothing.
 */
int stv_sd_quote_path(struct stv_buf *b, const char *s);

/*
 * A directory for RuntimeDirectory= (and the other exec directories),
 * relative to /run: double quotes, \ doubled, : written \: (':' separates a
 * symlink target there), % doubled.  That setting reads quotes without
 * backslash escapes, so a '"' cannot be carried, nor a control byte, DEL or
 * a byte that is not UTF-8: returns -1 and writes nothing.
 */
int stv_sd_quote_exec_dir(struct stv_buf *b, const char *s);

/*
 * Untrusted text (a file name) inside a '#' comment of a script or unit:
 * double quotes around it, \ and " escaped, every byte outside printable
 * ASCII as \xNN, so no newline or carriage return can end the comment and
 * the line never ends in a backslash.
 */
void stv_comment_quote(struct stv_buf *b, const char *s);

/* True when s has a control byte, DEL, or bytes that are not UTF-8. */
bool stv_has_unsafe_bytes(const char *s);

#endif
