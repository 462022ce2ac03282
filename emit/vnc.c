/*
 * The VNC display chosen at start (emit.h): how --emit=argv marks it and
 * how the launcher and the unit find it.  libvirt gives an autoport
 * display the first TCP port from 5900 up that nothing is bound to
 * (virPortAllocatorAcquire binds it on every address to find out); the
 * launcher and the unit read the listening sockets with ss(8) instead and
 * take the first port no socket listens on, on any address.  Between the
 * choice and StratoVirt's bind another process may take the port: the
 * emulator then fails to start ("Address already in use"), as a libvirt
 * guest whose port a foreign process took.
 */
#include <stdlib.h>
#include <string.h>

#include "../compiler/diag.h"
#include "emit.h"

size_t stv_vnc_auto_word(const struct stv_argv *a, char **listen)
{
	size_t auto_len = strlen(STV_VNC_AUTO_DISPLAY);

	*listen = NULL;
	for (size_t i = 1; i + 1 < a->n; i++) {
		const char *v = a->v[i + 1];
		size_t n = strlen(v);
		if (strcmp(a->v[i], "-vnc") != 0 || n <= auto_len ||
		    strcmp(v + n - auto_len, STV_VNC_AUTO_DISPLAY) != 0 || v[n - auto_len - 1] != ':')
			continue;
		*listen = stv_asprintf("%.*s", (int)(n - auto_len - 1), v);
		return i + 1;
	}
	return 0;
}

/*
 * Ports are the last ':' field of ss's fourth column (0.0.0.0:5900,
 * [::]:5900, *:5900); the first display whose port is not among them.
 */
#define FREE_DISPLAY_AWK \
	"{ p = $4; sub(/.*:/, \"\", p); used[p] = 1 } " \
	"END { for (p = 5900; p <= 65535; p++) if (!(p in used)) { print p - 5900; exit 0 } exit 1 }"

const char stv_vnc_free_display_fn[] =
	"stv_free_vnc_display() { stv_ports=$(ss -Htln) || return 1; "
	"printf '%s\\n' \"$stv_ports\" | awk '" FREE_DISPLAY_AWK "'; }";

const char stv_vnc_no_display[] =
	"no free VNC display: ss (iproute2) failed, or every TCP port from 5900 to 65535 is in use";
