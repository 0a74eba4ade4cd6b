#include "kiosk/kms.h"

#include <drm_fourcc.h>
#include <errno.h>
#include <poll.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <xf86drm.h>

/* How long a page flip may take before the present fails (a 60 Hz panel needs 17 ms). */
#define KMS_FLIP_TIMEOUT_MS 1000

/* ERR = "DEVICE: CALL: reason", the reason from RC (a negative errno) or errno. */
static int kms_fail(struct kms *k, struct error *err, const char *call, int rc)
{
	error_set(err, "%s: %s: %s", k->device, call, strerror(rc < 0 ? -rc : errno));
	return -1;
}

int kms_choose_connector(drmModeConnector *const *connectors, int count)
{
	for (int i = 0; i < count; i++) {
		if (connectors[i] && connectors[i]->connection == DRM_MODE_CONNECTED &&
		    connectors[i]->count_modes > 0)
			return i;
	}
	return -1;
}

int kms_choose_mode(const drmModeConnector *connector, int w, int h)
{
	int exact = -1, preferred = -1;

	for (int i = 0; i < connector->count_modes; i++) {
		const drmModeModeInfo *m = &connector->modes[i];
		int is_preferred = (m->type & DRM_MODE_TYPE_PREFERRED) != 0;

		if (m->hdisplay == w && m->vdisplay == h &&
		    (exact < 0 ||
		     (is_preferred && !(connector->modes[exact].type & DRM_MODE_TYPE_PREFERRED))))
			exact = i;
		if (is_preferred && preferred < 0)
			preferred = i;
	}
	if (exact >= 0)
		return exact;
	if (preferred >= 0)
		return preferred;
	return connector->count_modes > 0 ? 0 : -1;
}

/* The CRTC the connector's encoder drives now, else the first one an encoder of it can drive. */
static uint32_t kms_find_crtc(int fd, const drmModeRes *res, const drmModeConnector *conn)
{
	drmModeEncoder *enc;
	uint32_t crtc = 0;

	if (conn->encoder_id && (enc = drmModeGetEncoder(fd, conn->encoder_id))) {
		crtc = enc->crtc_id;
		drmModeFreeEncoder(enc);
	}
	for (int e = 0; !crtc && e < conn->count_encoders; e++) {
		if (!(enc = drmModeGetEncoder(fd, conn->encoders[e])))
			continue;
		for (int c = 0; !crtc && c < res->count_crtcs && c < 32; c++) {
			if (enc->possible_crtcs & (1u << c))
				crtc = res->crtcs[c];
		}
		drmModeFreeEncoder(enc);
	}
	return crtc;
}

/* Connector, CRTC and mode for a W x H frame. */
static int kms_find_output(struct kms *k, int w, int h, struct error *err)
{
	drmModeRes *res = drmModeGetResources(k->fd);
	drmModeConnector *conns[32] = { 0 };
	int n = 0, chosen, mode, rc = -1;

	if (!res)
		return kms_fail(k, err, "drmModeGetResources", 0);
	for (n = 0; n < res->count_connectors && n < 32; n++)
		conns[n] = drmModeGetConnector(k->fd, res->connectors[n]);
	chosen = kms_choose_connector(conns, n);
	if (chosen < 0) {
		error_set(err, "%s: no connected connector with a mode", k->device);
		goto out;
	}
	mode = kms_choose_mode(conns[chosen], w, h);
	k->mode = conns[chosen]->modes[mode];
	k->connector_id = conns[chosen]->connector_id;
	k->crtc_id = kms_find_crtc(k->fd, res, conns[chosen]);
	if (!k->crtc_id) {
		error_set(err, "%s: no CRTC for connector %u", k->device, k->connector_id);
		goto out;
	}
	rc = 0;
out:
	for (int i = 0; i < n; i++)
		drmModeFreeConnector(conns[i]);
	drmModeFreeResources(res);
	return rc;
}

/* One XRGB8888 dumb buffer of the mode's size, added as a framebuffer and mapped, black. */
static int kms_make_buffer(struct kms *k, struct kms_buffer *b, struct error *err)
{
	struct drm_mode_create_dumb create = { .width = k->mode.hdisplay,
					       .height = k->mode.vdisplay,
					       .bpp = 32 };
	struct drm_mode_map_dumb map = { 0 };
	uint32_t handles[4] = { 0 }, pitches[4] = { 0 }, offsets[4] = { 0 };
	int rc;

	if ((rc = drmIoctl(k->fd, DRM_IOCTL_MODE_CREATE_DUMB, &create)) != 0)
		return kms_fail(k, err, "DRM_IOCTL_MODE_CREATE_DUMB", rc);
	b->handle = create.handle;
	b->pitch = create.pitch;
	b->size = create.size;
	handles[0] = b->handle;
	pitches[0] = b->pitch;
	rc = drmModeAddFB2(k->fd, create.width, create.height, DRM_FORMAT_XRGB8888, handles,
			   pitches, offsets, &b->fb_id, 0);
	if (rc != 0)
		return kms_fail(k, err, "drmModeAddFB2", rc);
	map.handle = b->handle;
	if ((rc = drmIoctl(k->fd, DRM_IOCTL_MODE_MAP_DUMB, &map)) != 0)
		return kms_fail(k, err, "DRM_IOCTL_MODE_MAP_DUMB", rc);
	b->map = mmap(NULL, b->size, PROT_READ | PROT_WRITE, MAP_SHARED, k->fd, (off_t)map.offset);
	if (b->map == MAP_FAILED) {
		b->map = NULL;
		return kms_fail(k, err, "mmap", 0);
	}
	memset(b->map, 0, b->size);
	return 0;
}

int kms_open(struct kms *k, int fd, int w, int h, struct error *err)
{
	char *name = drmGetDeviceNameFromFd2(fd);

	memset(k, 0, sizeof(*k));
	k->fd = fd;
	if (name)
		snprintf(k->device, sizeof(k->device), "%s", name);
	else
		snprintf(k->device, sizeof(k->device), "DRM fd %d", fd);
	free(name);
	if (kms_find_output(k, w, h, err) != 0 || kms_make_buffer(k, &k->buffers[0], err) != 0 ||
	    kms_make_buffer(k, &k->buffers[1], err) != 0)
		goto fail;
	k->frame = SDL_CreateRGBSurfaceWithFormatFrom(
		k->buffers[0].map, k->mode.hdisplay, k->mode.vdisplay, 32, (int)k->buffers[0].pitch,
		SDL_PIXELFORMAT_XRGB8888);
	if (!k->frame) {
		error_set(err, "%s: frame surface: %s", k->device, SDL_GetError());
		goto fail;
	}
	return 0;
fail:
	kms_close(k);
	return -1;
}

static void kms_flip_done(int fd, unsigned int frame, unsigned int sec, unsigned int usec,
			  void *data)
{
	(void)fd, (void)frame, (void)sec, (void)usec;
	((struct kms *)data)->flip_pending = 0;
}

/* Reads DRM events until the queued flip has completed, at most KMS_FLIP_TIMEOUT_MS. */
static int kms_wait_flip(struct kms *k, struct error *err)
{
	drmEventContext ev = { .version = 2, .page_flip_handler = kms_flip_done };
	struct pollfd pfd = { .fd = k->fd, .events = POLLIN };
	int rc;

	while (k->flip_pending) {
		rc = poll(&pfd, 1, KMS_FLIP_TIMEOUT_MS);
		if (rc < 0 && errno == EINTR)
			continue;
		if (rc < 0)
			return kms_fail(k, err, "poll", 0);
		if (rc == 0) {
			error_set(err, "%s: page flip not done within %d ms", k->device,
				  KMS_FLIP_TIMEOUT_MS);
			return -1;
		}
		if ((rc = drmHandleEvent(k->fd, &ev)) != 0)
			return kms_fail(k, err, "drmHandleEvent", rc);
	}
	return 0;
}

int kms_present(struct kms *k, struct error *err)
{
	struct kms_buffer *b = &k->buffers[k->back];
	int rc;

	if (kms_wait_flip(k, err) != 0) /* a flip left over from a failed present */
		return -1;
	if (!k->crtc_set) {
		rc = drmModeSetCrtc(k->fd, k->crtc_id, b->fb_id, 0, 0, &k->connector_id, 1,
				    &k->mode);
		if (rc != 0)
			return kms_fail(k, err, "drmModeSetCrtc", rc);
		k->crtc_set = 1;
	} else {
		rc = drmModePageFlip(k->fd, k->crtc_id, b->fb_id, DRM_MODE_PAGE_FLIP_EVENT, k);
		if (rc != 0)
			return kms_fail(k, err, "drmModePageFlip", rc);
		k->flip_pending = 1;
		if (kms_wait_flip(k, err) != 0)
			return -1;
	}
	k->back = !k->back;
	k->frame->pixels = k->buffers[k->back].map; /* same size and pitch: the renderer draws on */
	return 0;
}

SDL_Surface *kms_shown(const struct kms *k)
{
	const struct kms_buffer *b = &k->buffers[!k->back];

	return SDL_CreateRGBSurfaceWithFormatFrom(b->map, k->mode.hdisplay, k->mode.vdisplay, 32,
						  (int)b->pitch, SDL_PIXELFORMAT_XRGB8888);
}

void kms_close(struct kms *k)
{
	struct drm_mode_destroy_dumb destroy = { 0 };

	if (k->flip_pending) {
		struct error ignored;

		(void)kms_wait_flip(k, &ignored); /* best effort: the buffers go either way */
	}
	SDL_FreeSurface(k->frame);
	k->frame = NULL;
	for (int i = 0; i < 2; i++) {
		struct kms_buffer *b = &k->buffers[i];

		if (b->map) {
			sodium_memzero(b->map, b->size); /* an inmate's text, as pixels */
			if (munmap(b->map, b->size) != 0)
				fprintf(stderr, "prisma-kiosk: %s: munmap: %s\n", k->device,
					strerror(errno));
		}
		if (b->fb_id && drmModeRmFB(k->fd, b->fb_id) != 0)
			fprintf(stderr, "prisma-kiosk: %s: drmModeRmFB: %s\n", k->device,
				strerror(errno));
		destroy.handle = b->handle;
		if (b->handle && drmIoctl(k->fd, DRM_IOCTL_MODE_DESTROY_DUMB, &destroy) != 0)
			fprintf(stderr, "prisma-kiosk: %s: DRM_IOCTL_MODE_DESTROY_DUMB: %s\n",
				k->device, strerror(errno));
		memset(b, 0, sizeof(*b));
	}
	k->crtc_set = 0;
}
