/*
 * stv-generator: a systemd generator that turns domain definitions into
 * units at boot and at every daemon-reload.  See stv-generator(8).
 *
 * systemd runs it as `stv-generator NORMAL_DIR EARLY_DIR LATE_DIR`; it
 * writes into NORMAL_DIR only, so units in /etc still override its units.
 * Messages go to the kernel log (/dev/kmsg) when it can write there, as
 * a generator has no journal to write to yet, else to stderr.
 */
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>

#include "../ctl/generator.h"

static const char usage[] =
	"usage: stv-generator NORMAL_DIR [EARLY_DIR LATE_DIR]\n"
	"       stv-generator --dryrun [NORMAL_DIR [EARLY_DIR LATE_DIR]]\n"
	"Write a systemd unit for every StratoVirt domain definition.\n"
	"\n"
	"      --dryrun   print what would be written; write nothing\n"
	"  -h, --help     this text\n"
	"      --version  print the version\n"
	"\n"
	"Exit status: 0 every definition has its unit, 1 some were skipped (each\n"
	"logged), 2 usage error.\n";

struct sink_ctx {
	FILE *kmsg;		/* NULL: stderr */
};

static void log_line(void *ctx, int priority, const char *line)
{
	struct sink_ctx *s = ctx;
	if (s->kmsg) {
		fprintf(s->kmsg, "<%d>stv-generator[%ld]: %s\n", LOG_DAEMON | priority,
			(long)getpid(), line);
		fflush(s->kmsg);
	} else {
		fprintf(stderr, "stv-generator: %s\n", line);
	}
}

/* As quadlet's -dryrun: "---NAME---" before each file. */
static void dry(void *ctx, const char *rel, const char *text, bool link)
{
	(void)ctx;
	if (link)
		printf("---%s -> %s---\n", rel, text);
	else
		printf("---%s---\n%s", rel, text);
}

/* The kernel log when writable (STV_KMSG names another file, for tests). */
static FILE *open_kmsg(void)
{
	const char *path = getenv("STV_KMSG") ? getenv("STV_KMSG") : "/dev/kmsg";
	int fd = open(path, O_WRONLY | O_APPEND | O_NOCTTY | O_CLOEXEC);
	FILE *f = fd < 0 ? NULL : fdopen(fd, "a");
	if (fd >= 0 && !f)
		close(fd);
	return f;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "dryrun", no_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct stv_ctl_paths paths;
	struct sink_ctx ctx = { NULL };
	struct stv_gen_sink sink = { &ctx, log_line, dry };
	bool dryrun = false;
	char *why = NULL;
	int opt, ndirs, rc;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		if (opt == 'h' || opt == 'V') {
			fputs(opt == 'h' ? usage : "stv-generator " STV_VERSION "\n", stdout);
			return 0;
		}
		if (opt != 'n') {
			fprintf(stderr, "stv-generator: unknown option '%s'; see --help\n",
				argv[optind - 1]);
			return 2;
		}
		dryrun = true;
	}
	ndirs = argc - optind;
	if (!(ndirs == 1 || ndirs == 3 || (dryrun && ndirs == 0))) {
		fputs("stv-generator: expected NORMAL_DIR [EARLY_DIR LATE_DIR]; see --help\n", stderr);
		return 2;
	}
	if (stv_paths_init(&paths, getenv("STV_CONFIG_DIR"), getenv("STV_RUNTIME_DIR"), &why) < 0) {
		fprintf(stderr, "stv-generator: %s\n", why ? why : "out of memory");
		free(why);
		return 2;
	}
	if (!dryrun)
		ctx.kmsg = open_kmsg();
	rc = stv_generate(&paths, ndirs ? argv[optind] : ".", dryrun, &sink);
	if (ctx.kmsg)
		fclose(ctx.kmsg);
	stv_paths_free(&paths);
	if (fflush(stdout) != 0 || ferror(stdout))
		rc = 1;
	return rc == 0 ? 0 : 1;
}
