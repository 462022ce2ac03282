/* The emit formats: --emit=NAME walks this table. */
#include <stdlib.h>
#include <string.h>
#include "emit.h"
const struct stv_emitter stv_emitters[] = {
	{ "argv", "one argument per line (the default)", 0644, stv_emit_argv },
	{ "json", "the argv as a JSON array, with the IR", 0644, stv_emit_json },
	{ "xml", "the domain with defaults and assigned addresses", 0644, stv_emit_xml },
	{ "script", "a POSIX sh launcher", 0755, stv_emit_script },
	{ "unit", "a hardened systemd service", 0644, stv_emit_unit },
	{ NULL, NULL, 0, NULL },
};
const struct stv_emitter *stv_emitter_lookup(const char *name)
{
	for (const struct stv_emitter *e = stv_emitters; e->name; e++)
		if (strcmp(e->name, name) == 0)
			return e;
	return NULL;
}
