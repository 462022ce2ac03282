/*
 * options.c: StratoVirt's top-level options and how each takes its value.
 *
 * From StratoVirt's util/src/arg_parser.rs and machine_manager/src/cmdline.rs
 * (stratovirt-facts.md sections 4 and 5).  Options whose value StratoVirt
 * splits into `class,key=value,...` are STV_OPT_LIST; -name and paths are kept
 * raw.  The libvirt-compatibility options StratoVirt accepts and ignores are
 * here too, so command lines written for it by libvirt read back.
 */
#include <string.h>

#include "argv.h"

static const struct stv_optdef optdefs[] = {
	/* name                 kind              repeat */
	{ "-name",		STV_OPT_VALUE,		0 },
	{ "-machine",		STV_OPT_LIST,		0 },
	{ "-accel",		STV_OPT_VALUE,		0 },
	{ "-smp",		STV_OPT_LIST,		0 },
	{ "-cpu",		STV_OPT_LIST,		0 },
	{ "-m",			STV_OPT_LIST,		0 },
	{ "-mem-path",		STV_OPT_VALUE,		0 },
	{ "-mem-prealloc",	STV_OPT_FLAG,		0 },
	{ "-numa",		STV_OPT_LIST,		1 },
	{ "-kernel",		STV_OPT_VALUE,		0 },
	{ "-initrd",		STV_OPT_VALUE,		0 },
	{ "-append",		STV_OPT_WORDS,		1 },
	{ "-qmp",		STV_OPT_LIST,		0 },
	{ "-mon",		STV_OPT_LIST,		0 },
	{ "-drive",		STV_OPT_LIST,		1 },
	{ "-netdev",		STV_OPT_LIST,		1 },
	{ "-chardev",		STV_OPT_LIST,		1 },
	{ "-device",		STV_OPT_LIST,		1 },
	{ "-object",		STV_OPT_LIST,		1 },
	{ "-global",		STV_OPT_LIST,		1 },
	{ "-smbios",		STV_OPT_LIST,		1 },
	{ "-cameradev",		STV_OPT_LIST,		1 },
	{ "-serial",		STV_OPT_LIST,		0 },
	{ "-incoming",		STV_OPT_LIST,		0 },
	{ "-trace",		STV_OPT_LIST,		0 },
	{ "-vnc",		STV_OPT_LIST,		0 },
	{ "-D",			STV_OPT_OPTVALUE,	0 },
	{ "-pidfile",		STV_OPT_VALUE,		0 },
	{ "-hardware-signature", STV_OPT_VALUE,		0 },
	{ "-windows_emu_pid",	STV_OPT_VALUE,		0 },
	{ "-daemonize",		STV_OPT_FLAG,		0 },
	{ "-disable-seccomp",	STV_OPT_FLAG,		0 },
	{ "-freeze",		STV_OPT_FLAG,		0 },
	{ "-battery",		STV_OPT_FLAG,		0 },
	/* accepted for libvirt and ignored (but -no-shutdown is used) */
	{ "-no-shutdown",	STV_OPT_FLAG,		0 },
	{ "-no-user-config",	STV_OPT_FLAG,		0 },
	{ "-nodefaults",	STV_OPT_FLAG,		0 },
	{ "-nographic",		STV_OPT_FLAG,		0 },
	{ "-usb",		STV_OPT_FLAG,		0 },
	{ "-uuid",		STV_OPT_OPTVALUE,	0 },
	{ "-overcommit",	STV_OPT_OPTVALUE,	0 },
	{ "-sandbox",		STV_OPT_OPTVALUE,	0 },
	{ "-msg",		STV_OPT_OPTVALUE,	0 },
	{ "-rtc",		STV_OPT_OPTVALUE,	0 },
	{ "-boot",		STV_OPT_OPTVALUE,	0 },
	{ "-realtime",		STV_OPT_OPTVALUE,	0 },
	{ "-display",		STV_OPT_OPTVALUE,	0 },
};

const struct stv_optdef *stv_argv_optdef(const char *name, size_t len)
{
	for (size_t i = 0; i < sizeof optdefs / sizeof optdefs[0]; i++)
		if (strlen(optdefs[i].name) == len && memcmp(optdefs[i].name, name, len) == 0)
			return &optdefs[i];
	return NULL;
}
