#ifndef PRISMA_KIOSK_KMS_H
#define PRISMA_KIOSK_KMS_H

#include "core/error.h"

#include <SDL.h>
#include <stdint.h>
#include <xf86drmMode.h>

/*
 * The kiosk's own present path on KMSDRM (render layer): two XRGB8888 DRM
 * dumb buffers on SDL's DRM device, scanned out by page flips. No Mesa draws:
 * the frame is a surface over the back buffer's mapping, drawn by SDL's
 * software renderer as headless. SDL keeps the device, DRM master, input and
 * the CRTC's restore at exit; it never presents (docs/kiosk.md, "Present path").
 */
struct kms_buffer {
	uint32_t handle, fb_id, pitch;
	uint64_t size;
	void *map; /* MAP_FAILED-free: NULL when not mapped */
};

struct kms {
	int fd; /* SDL's; not ours to close */
	char device[64];
	uint32_t connector_id, crtc_id;
	drmModeModeInfo mode;
	struct kms_buffer buffers[2];
	int back;	    /* index of the buffer drawn into */
	int crtc_set;	    /* the first present sets the CRTC, later ones flip */
	int flip_pending;   /* a flip was queued and its event not yet read */
	SDL_Surface *frame; /* over buffers[back].map */
};

/*
 * The connector to show on among COUNT connectors: the first connected one
 * with at least one mode. Returns its index, or -1 when none is.
 */
int kms_choose_connector(drmModeConnector *const *connectors, int count);

/*
 * The mode of CONNECTOR to show a W x H frame in: one of exactly that size
 * (the preferred one among them first), else the connector's preferred mode,
 * else its first. Returns its index, or -1 when the connector has no modes.
 */
int kms_choose_mode(const drmModeConnector *connector, int w, int h);

/*
 * Opens the present path on DRM device FD (SDL's, which stays SDL's): the
 * connected connector, its CRTC, the mode for W x H and two dumb buffers,
 * both mapped and black. Shows nothing yet. Returns 0, or -1 with ERR naming
 * the device and the call; *K then holds nothing to free.
 */
int kms_open(struct kms *k, int fd, int w, int h, struct error *err);

/*
 * Shows the frame drawn into the back buffer (the first time by setting the
 * CRTC, then by a page flip, waiting for it to complete) and makes the other
 * buffer the frame. Returns 0, or -1 with ERR.
 */
int kms_present(struct kms *k, struct error *err);

/*
 * A new surface over the buffer on screen (to save it); the caller frees it.
 * NULL with SDL's error when SDL refuses.
 */
SDL_Surface *kms_shown(const struct kms *k);

/* Wipes both buffers and frees them. Safe on a zeroed struct (fd 0 unused). */
void kms_close(struct kms *k);

#endif
