/*
 * The IR's small helpers: what devices.def and arches.def say, the names of
 * choices, adding a device, freeing a domain.
 */
#include <stdlib.h>
#include <string.h>

#include "ir.h"
#include "subset.h"

#define KiB ((uint64_t)1 << 10)
#define MiB ((uint64_t)1 << 20)
#define GiB ((uint64_t)1 << 30)

#define MANY (-1)

static const struct stv_kind_info kinds[STV_DEV_KIND_COUNT] = {
#define DEVICE(e, what, id, backend, once, pci, parent) \
	[STV_DEV_##e] = { what, id, backend, once, pci, STV_DEV_##parent },
#define DEVICE_COUNT STV_R_DEVICE_COUNT
#define CONSOLE_COUNT STV_R_CONSOLE_COUNT
#define SERIAL_COUNT STV_R_SERIAL_COUNT
#define USB_COUNT STV_R_USB_COUNT
#define DISPLAY_COUNT STV_R_DISPLAY_COUNT
#include "devices.def"
#undef DEVICE_COUNT
#undef CONSOLE_COUNT
#undef SERIAL_COUNT
#undef USB_COUNT
#undef DISPLAY_COUNT
#undef DEVICE
};

const struct stv_kind_info *stv_kind_info(enum stv_dev_kind kind)
{
	return &kinds[kind < STV_DEV_KIND_COUNT ? kind : 0];
}

#define PAGES(...) { __VA_ARGS__, 0 }
#define ARCH(e, machine, prefix, lpc, pages) static const uint64_t pages_##e[] = pages;
#include "arches.def"
#undef ARCH

static const struct stv_arch_info arches[] = {
#define ARCH(e, machine, prefix, lpc, pages) [STV_ARCH_##e] = { machine, prefix, lpc, pages_##e },
#include "arches.def"
#undef ARCH
};
#undef PAGES

const struct stv_arch_info *stv_arch_info(enum stv_arch arch)
{
	return &arches[(size_t)arch < sizeof arches / sizeof arches[0] ? arch : 0];
}

const char *stv_arch_name(enum stv_arch arch)
{
	return stv_arch_names[arch];
}

const char *stv_action_name(enum stv_action action)
{
	return stv_action_names[action];
}

bool stv_is(const struct stv_choice *c, unsigned code)
{
	return c->set && !c->refused && c->v == code;
}

bool stv_str_given(const struct stv_str *s)
{
	return s->s != NULL || s->refused;
}

bool stv_num_given(const struct stv_num *n)
{
	return n->set || n->refused;
}

bool stv_disk_on_scsi(const struct stv_device *dev)
{
	return dev->kind == STV_DEV_DISK && stv_is(&dev->u.disk.target_bus, STV_DISK_BUS_SCSI);
}

bool stv_disk_direct(const struct stv_disk *disk)
{
	if (!disk->cache.set || disk->cache.refused)
		return true;
	switch ((enum stv_disk_cache)disk->cache.v) {
	case STV_DISK_CACHE_NONE:
	case STV_DISK_CACHE_DIRECTSYNC:
		return true;
	case STV_DISK_CACHE_WRITETHROUGH:
	case STV_DISK_CACHE_WRITEBACK:
	case STV_DISK_CACHE_UNSAFE:
		break;
	}
	return false;
}

bool stv_dev_pci(const struct stv_device *dev)
{
	/* a <video> is a virtio-gpu-pci, or ramfb (a platform device), or none */
	if (dev->kind == STV_DEV_VIDEO)
		return !stv_is(&dev->u.video.model, STV_VIDEO_MODEL_RAMFB) &&
		       !stv_is(&dev->u.video.model, STV_VIDEO_MODEL_NONE);
	return stv_kind_info(dev->kind)->pci && !stv_disk_on_scsi(dev);
}

enum stv_dev_kind stv_dev_parent(const struct stv_device *dev)
{
	return stv_disk_on_scsi(dev) ? STV_DEV_SCSI : stv_kind_info(dev->kind)->parent;
}

bool stv_rides_on(const struct stv_device *rider, const struct stv_device *parent)
{
	if (stv_dev_parent(rider) != parent->kind)
		return false;
	if (!stv_disk_on_scsi(rider))
		return true;
	const struct stv_num *c = &rider->u.disk.drive_controller;
	return c->set && parent->index.set && c->v == parent->index.v;
}

/* Capacity doubles from 8: it is full when the count reaches a power of two. */
static bool devs_full(size_t n)
{
	return n == 0 || (n >= 8 && (n & (n - 1)) == 0);
}

struct stv_device *stv_add_device(struct stv_domain *dom, enum stv_dev_kind kind,
				  struct stv_loc loc)
{
	if (devs_full(dom->ndevs)) {
		size_t cap = dom->ndevs ? dom->ndevs * 2 : 8;
		struct stv_device *v = realloc(dom->devs, cap * sizeof(*v));
		if (!v)
			return NULL;
		dom->devs = v;
	}
	struct stv_device *dev = &dom->devs[dom->ndevs++];
	memset(dev, 0, sizeof(*dev));
	dev->kind = kind;
	dev->loc = loc;
	dev->addr.loc = loc;
	return dev;
}

static void free_device(struct stv_device *dev)
{
	free(dev->alias.s);
	free(dev->id);
	free(dev->backend_id);
	switch (dev->kind) {
	case STV_DEV_DISK:
		free(dev->u.disk.source.s);
		free(dev->u.disk.target.s);
		free(dev->u.disk.serial.s);
		break;
	case STV_DEV_NET:
		free(dev->u.net.mac.s);
		free(dev->u.net.bridge.s);
		free(dev->u.net.tap.s);
		break;
	case STV_DEV_CONSOLE:
		free(dev->u.console.path.s);
		break;
	case STV_DEV_RNG:
		free(dev->u.rng.backend.s);
		break;
	case STV_DEV_GRAPHICS:
		free(dev->u.graphics.port.s);
		free(dev->u.graphics.listen.s);
		free(dev->u.graphics.listen_address.s);
		break;
	case STV_DEV_SERIAL_PORT:
		free(dev->u.serial_port.path.s);
		break;
	case STV_DEV_ROOT_PORT:
	case STV_DEV_BALLOON:
	case STV_DEV_SERIAL:
	case STV_DEV_VSOCK:
	case STV_DEV_PANIC:
	case STV_DEV_HOSTDEV:
	case STV_DEV_USB:
	case STV_DEV_TABLET:
	case STV_DEV_KEYBOARD:
	case STV_DEV_VIDEO:
	case STV_DEV_SCSI:
	case STV_DEV_KIND_COUNT:
		break;
	}
}

void stv_remove_device(struct stv_domain *dom, size_t i)
{
	if (i >= dom->ndevs)
		return;
	free_device(&dom->devs[i]);
	memmove(&dom->devs[i], &dom->devs[i + 1], (dom->ndevs - i - 1) * sizeof dom->devs[0]);
	dom->ndevs--;
}

void stv_domain_free(struct stv_domain *dom)
{
	if (!dom)
		return;
	/* every string of the domain is one of the schema's fields */
	for (const struct stv_field *const *f = stv_str_fields; *f; f++)
		if (!(*f)->device)
			free((*f)->str(dom)->s);
	for (size_t i = 0; i < dom->ndevs; i++)
		free_device(&dom->devs[i]);
	free(dom->devs);
	free(dom);
}
