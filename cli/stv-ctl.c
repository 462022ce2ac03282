/*
 * stv-ctl: define, start and manage StratoVirt domains, as virsh does,
 * without a daemon.  See stv-ctl(1).
 *
 * This file is the command line: options, one verb from the table, and
 * the output in virsh's words.  The verbs themselves are library calls
 * (ctl/ctl.h) that return values and never print.
 */
#define _DEFAULT_SOURCE	/* warnx */
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../ctl/backend.h"
#include "../ctl/console.h"
#include "../ctl/ctl.h"
#include "../ctl/json.h"
#include "../ctl/util.h"

enum { EXIT_OK = 0, EXIT_FAILED = 1, EXIT_USAGE = 2 };

/* Verb options, as bits of struct verb's opts. */
enum {
	O_ALL = 1, O_JSON = 2, O_TIMEOUT = 4, O_DISABLE = 8, O_INACTIVE = 16,
};

struct args {
	const char *operand;	/* NAME or FILE */
	unsigned given;		/* O_* */
	int timeout_ms;		/* shutdown --timeout */
};

struct verb {
	const char *name, *operand, *summary;
	unsigned opts;
	int (*run)(struct stv_ctl *c, const struct args *a);
};

/* Prints what a verb left in r, then its status. */
static int report(const struct stv_ctl_result *r, int rc)
{
	if (r->findings)
		fputs(r->findings, stderr);
	if (rc < 0)
		warnx("%s", r->error ? r->error : "out of memory");
	if (r->note)
		warnx("%s", r->note);
	return rc < 0 ? EXIT_FAILED : EXIT_OK;
}

/* Runs a verb that only succeeds or fails, with virsh's message on success. */
static int simple(struct stv_ctl *c, const struct args *a,
		  int (*fn)(struct stv_ctl *, const char *, struct stv_ctl_result *),
		  const char *done)
{
	struct stv_ctl_result r = { 0 };
	int rc = fn(c, a->operand, &r);
	if (rc == 0)
		printf("Domain '%s' %s\n", a->operand, done);
	rc = report(&r, rc);
	stv_ctl_result_free(&r);
	return rc;
}

static int v_define(struct stv_ctl *c, const struct args *a)
{
	struct stv_ctl_result r = { 0 };
	int rc = stv_ctl_define(c, a->operand, &r);
	if (rc == 0)
		printf("Domain '%s' defined from %s\n", r.name, a->operand);
	rc = report(&r, rc);
	stv_ctl_result_free(&r);
	return rc;
}

static int v_create(struct stv_ctl *c, const struct args *a)
{
	struct stv_ctl_result r = { 0 };
	int rc = stv_ctl_create(c, a->operand, &r);
	if (rc == 0)
		printf("Domain '%s' created from %s\n", r.name, a->operand);
	rc = report(&r, rc);
	stv_ctl_result_free(&r);
	return rc;
}

static int v_undefine(struct stv_ctl *c, const struct args *a)
{
	return simple(c, a, stv_ctl_undefine, "has been undefined");
}

static int v_start(struct stv_ctl *c, const struct args *a)
{
	return simple(c, a, stv_ctl_start, "started");
}

static int v_destroy(struct stv_ctl *c, const struct args *a)
{
	return simple(c, a, stv_ctl_destroy, "destroyed");
}

static int v_suspend(struct stv_ctl *c, const struct args *a)
{
	return simple(c, a, stv_ctl_suspend, "suspended");
}

static int v_resume(struct stv_ctl *c, const struct args *a)
{
	return simple(c, a, stv_ctl_resume, "resumed");
}

static int v_reboot(struct stv_ctl *c, const struct args *a)
{
	return simple(c, a, stv_ctl_reboot, "is being rebooted");
}

static int v_shutdown(struct stv_ctl *c, const struct args *a)
{
	struct stv_ctl_result r = { 0 };
	int rc = stv_ctl_shutdown(c, a->operand, a->timeout_ms, &r);
	if (rc == 0)
		printf("Domain '%s' %s\n", a->operand,
		       a->timeout_ms ? "has been shut down" : "is being shutdown");
	rc = report(&r, rc);
	stv_ctl_result_free(&r);
	return rc;
}

static int v_autostart(struct stv_ctl *c, const struct args *a)
{
	struct stv_ctl_result r = { 0 };
	bool enable = !(a->given & O_DISABLE);
	int rc = stv_ctl_autostart(c, a->operand, enable, &r);
	if (rc == 0)
		printf("Domain '%s' %s as autostarted\n", a->operand, enable ? "marked" : "unmarked");
	rc = report(&r, rc);
	stv_ctl_result_free(&r);
	return rc;
}

static int v_edit(struct stv_ctl *c, const struct args *a)
{
	struct stv_ctl_result r = { 0 };
	const char *editor = getenv("VISUAL");
	if (!editor || !*editor)
		editor = getenv("EDITOR");
	int rc = stv_ctl_edit(c, a->operand, editor && *editor ? editor : "vi", &r);
	if (rc == 0)
		printf("Domain '%s' XML configuration %s.\n", a->operand,
		       r.unchanged ? "not changed" : "edited");
	rc = report(&r, rc);
	stv_ctl_result_free(&r);
	return rc;
}

static int v_dumpxml(struct stv_ctl *c, const struct args *a)
{
	struct stv_ctl_result r = { 0 };
	char *xml = NULL;
	int rc = stv_ctl_dumpxml(c, a->operand, a->given & O_INACTIVE, &xml, &r);
	if (rc == 0)
		fputs(xml, stdout);
	free(xml);
	rc = report(&r, rc);
	stv_ctl_result_free(&r);
	return rc;
}

/* The Id column: the emulator's pid, "-" when shut off. */
static void id_text(const struct stv_ctl_entry *e, char buf[static 24])
{
	if (e->pid > 0)
		snprintf(buf, 24, "%ld", (long)e->pid);
	else
		strcpy(buf, "-");
}

static void print_table(const struct stv_ctl_entry *v, size_t n)
{
	int wid = 2, wname = 4;
	char id[24];
	for (size_t i = 0; i < n; i++) {
		id_text(&v[i], id);
		wid = (int)strlen(id) > wid ? (int)strlen(id) : wid;
		wname = (int)strlen(v[i].name) > wname ? (int)strlen(v[i].name) : wname;
	}
	printf(" %-*s   %-*s   State\n", wid, "Id", wname, "Name");
	for (int i = 0; i < wid + wname + 16; i++)
		putchar('-');
	putchar('\n');
	for (size_t i = 0; i < n; i++) {
		id_text(&v[i], id);
		printf(" %-*s   %-*s   %s\n", wid, id, wname, v[i].name, stv_state_name(v[i].state));
	}
	putchar('\n');
}

static int print_json(const struct stv_ctl_entry *v, size_t n)
{
	putchar('[');
	for (size_t i = 0; i < n; i++) {
		char *name = stv_json_quote(v[i].name);
		if (!name)
			return -1;
		printf("%s{\"name\":%s,\"id\":", i ? "," : "", name);
		if (v[i].pid > 0)
			printf("%ld", (long)v[i].pid);
		else
			fputs("null", stdout);
		printf(",\"state\":\"%s\",\"persistent\":%s,\"autostart\":%s}",
		       stv_state_name(v[i].state), v[i].persistent ? "true" : "false",
		       v[i].autostart ? "true" : "false");
		free(name);
	}
	puts("]");
	return 0;
}

static int v_list(struct stv_ctl *c, const struct args *a)
{
	struct stv_ctl_result r = { 0 };
	struct stv_ctl_entry *v;
	size_t n;
	int rc = stv_ctl_list(c, a->given & O_ALL, &v, &n, &r);
	if (rc == 0 && (a->given & O_JSON))
		rc = print_json(v, n);
	else if (rc == 0)
		print_table(v, n);
	stv_ctl_entries_free(v, n);
	rc = report(&r, rc);
	stv_ctl_result_free(&r);
	return rc;
}

static void print_info(const struct stv_ctl_info *i)
{
	char id[24];
	id_text(&i->e, id);
	printf("%-15s %s\n", "Id:", id);
	printf("%-15s %s\n", "Name:", i->e.name);
	printf("%-15s %s\n", "UUID:", i->uuid ? i->uuid : "-");
	printf("%-15s %s\n", "State:", stv_state_name(i->e.state));
	printf("%-15s %llu\n", "CPU(s):", (unsigned long long)i->vcpus);
	printf("%-15s %llu KiB\n", "Max memory:", (unsigned long long)i->memory_kib);
	printf("%-15s %llu KiB\n", "Used memory:", (unsigned long long)i->current_memory_kib);
	printf("%-15s %s\n", "Persistent:", i->e.persistent ? "yes" : "no");
	printf("%-15s %s\n", "Autostart:", i->e.autostart ? "enable" : "disable");
	printf("%-15s %s\n", "Console:", i->console ? i->console : "-");
}

/* dominfo, or with state_only domstate: the state alone. */
static int info(struct stv_ctl *c, const struct args *a, bool state_only)
{
	struct stv_ctl_result r = { 0 };
	struct stv_ctl_info i;
	int rc = stv_ctl_dominfo(c, a->operand, &i, &r);
	if (rc == 0 && state_only)
		puts(stv_state_name(i.e.state));
	else if (rc == 0)
		print_info(&i);
	if (rc == 0 && i.state_why)
		warnx("%s: %s", a->operand, i.state_why);
	stv_ctl_info_free(&i);
	rc = report(&r, rc);
	stv_ctl_result_free(&r);
	return rc;
}

static int v_dominfo(struct stv_ctl *c, const struct args *a)
{
	return info(c, a, false);
}

static int v_domstate(struct stv_ctl *c, const struct args *a)
{
	return info(c, a, true);
}

/*
 * console's signals: a handler can reach only globals, so it notes the
 * signal and writes to a pipe the relay watches; the terminal is restored
 * and the signal raised again once the relay has returned.
 */
static int signal_pipe[2] = { -1, -1 };
static volatile sig_atomic_t caught;

static void on_signal(int sig)
{
	int saved = errno;
	caught = sig;
	if (write(signal_pipe[1], "", 1) < 0)
		errno = saved;
	errno = saved;
}

static int catch_signals(void)
{
	static const int sigs[] = { SIGTERM, SIGHUP, SIGINT, SIGQUIT };
	struct sigaction sa = { .sa_handler = on_signal };
	if (pipe(signal_pipe) < 0)
		return -1;
	for (int i = 0; i < 2; i++)
		if (fcntl(signal_pipe[i], F_SETFD, FD_CLOEXEC) < 0 ||
		    fcntl(signal_pipe[i], F_SETFL, O_NONBLOCK) < 0)
			return -1;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
		if (sigaction(sigs[i], &sa, NULL) < 0)
			return -1;
	return 0;
}

static int relay(const char *name, int pty)
{
	struct stv_term t;
	enum stv_relay_end end;
	if (catch_signals() < 0 || stv_term_raw(0, &t) < 0) {
		warnx("cannot set up the terminal: %s", strerror(errno));
		return EXIT_FAILED;
	}
	end = stv_console_relay(0, 1, pty, signal_pipe[0]);
	stv_term_restore(&t);
	fputc('\n', stderr);
	if (caught) {
		signal(caught, SIG_DFL);
		raise(caught);
	}
	switch (end) {
	case STV_RELAY_CLOSED:
		warnx("the console of %s closed: the domain stopped", name);
		return EXIT_OK;
	case STV_RELAY_ERROR:
		warnx("the console of %s failed: %s", name, strerror(errno));
		return EXIT_FAILED;
	case STV_RELAY_DETACHED:
	case STV_RELAY_INPUT_EOF:
	case STV_RELAY_STOPPED:
		break;
	}
	return EXIT_OK;
}

static int v_console(struct stv_ctl *c, const struct args *a)
{
	struct stv_ctl_result r = { 0 };
	int lock, pty = stv_ctl_console_open(c, a->operand, &lock, &r), rc;
	if (pty < 0) {
		rc = report(&r, -1);
	} else {
		fprintf(stderr, "Connected to domain '%s'\nEscape character is ^] (Ctrl + ])\n",
			a->operand);
		rc = relay(a->operand, pty);
		close(pty);
		close(lock);
	}
	stv_ctl_result_free(&r);
	return rc;
}

static const struct verb verbs[] = {
	{ "define", "FILE", "validate FILE and install it as a defined domain", 0, v_define },
	{ "undefine", "NAME", "remove the definition (a running domain runs on)", 0, v_undefine },
	{ "start", "NAME", "start a defined domain", 0, v_start },
	{ "create", "FILE", "start a domain from FILE without defining it", 0, v_create },
	{ "list", NULL, "running domains (--all: defined ones too)", O_ALL | O_JSON, v_list },
	{ "dominfo", "NAME", "state, CPUs, memory, console, autostart", 0, v_dominfo },
	{ "domstate", "NAME", "the state alone", 0, v_domstate },
	{ "suspend", "NAME", "pause the vCPUs (QMP stop)", 0, v_suspend },
	{ "resume", "NAME", "run the vCPUs again (QMP cont)", 0, v_resume },
	{ "shutdown", "NAME", "press the ACPI power button, wait for the end", O_TIMEOUT, v_shutdown },
	{ "reboot", "NAME", "reset the guest (QMP system_reset)", 0, v_reboot },
	{ "destroy", "NAME", "end the emulator: quit, then SIGTERM, then SIGKILL", 0, v_destroy },
	{ "console", "NAME", "attach the terminal to the pty console (Ctrl-] detaches)", 0,
	  v_console },
	{ "dumpxml", "NAME", "the definition, with assigned addresses", O_INACTIVE, v_dumpxml },
	{ "edit", "NAME", "edit the definition; saved only if it validates", 0, v_edit },
	{ "autostart", "NAME", "start at boot (--disable: do not)", O_DISABLE, v_autostart },
	{ NULL, NULL, NULL, 0, NULL },
};

static const struct {
	const char *name;
	unsigned bit;
	const char *help;
} verb_options[] = {
	{ "all", O_ALL, "list: shut off domains too" },
	{ "json", O_JSON, "list: a JSON array, for scripts" },
	{ "timeout", O_TIMEOUT, "shutdown: wait S seconds (default 60; 0: do not wait)" },
	{ "disable", O_DISABLE, "autostart: do not start at boot" },
	{ "inactive", O_INACTIVE, "dumpxml: the definition, not the running one" },
};

static void print_usage(void)
{
	fputs("usage: stv-ctl [--backend=systemd|direct] VERB [OPTIONS] [NAME|FILE]\n"
	      "Manage StratoVirt domains as virsh does, without a daemon.\n"
	      "\n"
	      "      --backend=B  systemd (default when systemd is PID 1) or direct\n"
	      "  -h, --help       this text\n"
	      "      --version    print the version\n"
	      "\n"
	      "VERBs:\n", stdout);
	for (const struct verb *v = verbs; v->name; v++)
		printf("  %-9s %-5s %s\n", v->name, v->operand ? v->operand : "", v->summary);
	puts("\nVerb options:");
	for (size_t i = 0; i < sizeof verb_options / sizeof verb_options[0]; i++)
		printf("      --%-9s %s\n", verb_options[i].name, verb_options[i].help);
	fputs("\nExit status: 0 done, 1 the verb failed, 2 usage error.\n", stdout);
}

static const struct verb *find_verb(const char *name)
{
	for (const struct verb *v = verbs; v->name; v++)
		if (strcmp(v->name, name) == 0)
			return v;
	return NULL;
}

static int usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int usage_error(const char *fmt, ...)
{
	va_list ap;
	fputs("stv-ctl: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs("; see --help\n", stderr);
	return EXIT_USAGE;
}

/* shutdown --timeout S: seconds, 0 for "do not wait". */
static int parse_timeout(const char *s, int *ms)
{
	if (strcmp(s, "0") == 0) {
		*ms = 0;
		return 0;
	}
	return ctl_parse_seconds(s, ms);
}

/* The verb's options and operand, from argv[optind]: 0 or EXIT_USAGE. */
static int verb_args(const struct verb *v, int argc, char **argv, struct args *a)
{
	static const struct option longopts[] = {
		{ "all", no_argument, NULL, O_ALL },
		{ "json", no_argument, NULL, O_JSON },
		{ "timeout", required_argument, NULL, O_TIMEOUT },
		{ "disable", no_argument, NULL, O_DISABLE },
		{ "inactive", no_argument, NULL, O_INACTIVE },
		{ NULL, 0, NULL, 0 },
	};
	int opt;
	a->timeout_ms = 60000;
	optind = 0;	/* glibc: start over, on the verb's own words */
	while ((opt = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		if (opt == '?')
			return usage_error("unknown or incomplete option '%s'", argv[optind - 1]);
		if (!(v->opts & (unsigned)opt))
			return usage_error("%s takes no such option", v->name);
		if (opt == O_TIMEOUT && parse_timeout(optarg, &a->timeout_ms) < 0)
			return usage_error("--timeout '%s' is not a number of seconds", optarg);
		a->given |= (unsigned)opt;
	}
	if (argc - optind != (v->operand ? 1 : 0))
		return usage_error(v->operand ? "%s needs one operand" : "%s takes no operand",
				   v->name);
	a->operand = v->operand ? argv[optind] : NULL;
	return 0;
}

/* A time limit from the environment, in seconds; -1 when it is not one. */
static int env_ms(const char *var, int def_ms, int *ms)
{
	const char *s = getenv(var);
	*ms = def_ms;
	if (!s || !*s)
		return 0;
	if (ctl_parse_seconds(s, ms) == 0)
		return 0;
	fprintf(stderr, "stv-ctl: %s='%s' is not a number of seconds\n", var, s);
	return -1;
}

static int settings(struct stv_ctl_settings *set)
{
	const char *systemctl = getenv("STV_SYSTEMCTL");
	set->lock_ms = 120000;
	set->command_ms = 120000;
	set->systemctl = systemctl && *systemctl ? systemctl : "systemctl";
	return env_ms("STV_QMP_TIMEOUT", 5000, &set->qmp_ms) < 0 ||
	       env_ms("STV_START_TIMEOUT", 30000, &set->start_ms) < 0 ||
	       env_ms("STV_STOP_GRACE", 10000, &set->grace_ms) < 0 ? -1 : 0;
}

int main(int argc, char **argv)
{
	static const struct option global[] = {
		{ "backend", required_argument, NULL, 'b' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	const struct stv_backend *backend = stv_backend_default();
	const struct verb *v;
	struct stv_ctl_settings set;
	struct args a = { 0 };
	struct stv_ctl c;
	char *why = NULL;
	int opt, rc;
	opterr = 0;
	/* '+': global options end at the verb. */
	while ((opt = getopt_long(argc, argv, "+h", global, NULL)) != -1) {
		if (opt == 'h') {
			print_usage();
			return EXIT_OK;
		}
		if (opt == 'V') {
			puts("stv-ctl " STV_VERSION);
			return EXIT_OK;
		}
		if (opt == '?')
			return usage_error("unknown or incomplete option '%s'", argv[optind - 1]);
		if (!(backend = stv_backend_lookup(optarg)))
			return usage_error("unknown --backend '%s': use systemd or direct", optarg);
	}
	if (optind == argc)
		return usage_error("no verb");
	if (!(v = find_verb(argv[optind])))
		return usage_error("unknown verb '%s'", argv[optind]);
	if (verb_args(v, argc - optind, argv + optind, &a) != 0 || settings(&set) < 0)
		return EXIT_USAGE;
	if (stv_ctl_init(&c, backend, &set, getenv("STV_CONFIG_DIR"), getenv("STV_RUNTIME_DIR"),
			 &why) < 0) {
		warnx("%s", why ? why : "out of memory");
		free(why);
		return EXIT_USAGE;
	}
	rc = v->run(&c, &a);
	stv_ctl_free(&c);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		warnx("cannot write to standard output");
		rc = EXIT_FAILED;
	}
	return rc;
}
