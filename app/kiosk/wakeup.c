#include "kiosk/wakeup.h"

#include <dirent.h>
#include <errno.h>
#include <linux/netlink.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

/* An event another thread pushed is queued right after the watch saw it: wait that long for it. */
#define WAKEUP_SETTLE_MS 2
/* A device that is gone stays "readable" until SDL hears of it from udev and closes it. */
#define WAKEUP_GONE_MS 10

/* 1 when SDL's video driver DRIVER (SDL_GetCurrentVideoDriver) blocks by itself. */
static int wakeup_driver_blocks(const char *driver)
{
	return strcmp(driver, "x11") == 0 || strcmp(driver, "wayland") == 0;
}

/* SDL's event watch: runs in the thread that pushes, just before the event is queued. */
static int SDLCALL wakeup_watch(void *data, SDL_Event *event)
{
	struct wakeup *w = data;
	uint64_t one = 1;

	(void)event;
	/* The main thread's own events come from its own pumping: it is awake. */
	if (SDL_ThreadID() == w->main)
		return 1;
	/* EAGAIN (the counter is full) leaves it readable, which is all that is needed. */
	if (write(w->eventfd, &one, sizeof(one)) < 0)
		return 1;
	return 1;
}

void wakeup_open(struct wakeup *w)
{
	const char *driver = SDL_GetCurrentVideoDriver();

	memset(w, 0, sizeof(*w));
	w->eventfd = -1;
	w->nfds = -1;
	w->main = SDL_ThreadID();
	w->blocks = !driver || wakeup_driver_blocks(driver);
	if (w->blocks)
		return;
	w->eventfd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (w->eventfd < 0) {
		fprintf(stderr,
			"prisma-kiosk: wake-up: eventfd: %s (SDL looks for events every ms)\n",
			strerror(errno));
		w->blocks = 1;
		return;
	}
	SDL_AddEventWatch(wakeup_watch, w);
}

void wakeup_close(struct wakeup *w)
{
	if (w->eventfd < 0)
		return;
	SDL_DelEventWatch(wakeup_watch, w);
	close(w->eventfd);
	w->eventfd = -1;
	w->blocks = 1;
}

/* What SDL reads input from: 1 an evdev device, 2 a uevent socket (udev's monitor), else 0. */
static int wakeup_is_input(int fd, const char *link)
{
	int value = 0;
	socklen_t len = sizeof(value);

	if (strncmp(link, "/dev/input/", 11) == 0)
		return 1;
	if (strncmp(link, "socket:", 7) != 0)
		return 0;
	if (getsockopt(fd, SOL_SOCKET, SO_DOMAIN, &value, &len) != 0 || value != AF_NETLINK)
		return 0;
	len = sizeof(value);
	if (getsockopt(fd, SOL_SOCKET, SO_PROTOCOL, &value, &len) != 0 ||
	    value != NETLINK_KOBJECT_UEVENT)
		return 0;
	return 2;
}

/*
 * Reads W's poll set: its eventfd, then what SDL reads its input from (from
 * /proc/self/fd). 0, or -1 when /proc/self/fd cannot be read.
 */
static int wakeup_fds(struct wakeup *w)
{
	DIR *dir = opendir("/proc/self/fd");
	struct dirent *entry;
	int n = 0, kind;

	if (!dir)
		return -1;
	w->fds[n] = (struct pollfd){ .fd = w->eventfd, .events = POLLIN };
	w->uevent[n++] = 0;
	while (n < WAKEUP_MAX_FDS && (entry = readdir(dir))) {
		char path[64], link[64], *end;
		long fd = strtol(entry->d_name, &end, 10);
		ssize_t len;

		if (end == entry->d_name || *end || fd == dirfd(dir) || fd == w->eventfd)
			continue;
		snprintf(path, sizeof(path), "/proc/self/fd/%ld", fd);
		len = readlink(path, link, sizeof(link) - 1);
		if (len <= 0)
			continue;
		link[len] = '\0';
		if ((kind = wakeup_is_input((int)fd, link))) {
			w->fds[n] = (struct pollfd){ .fd = (int)fd, .events = POLLIN };
			w->uevent[n++] = kind == 2;
		}
	}
	closedir(dir);
	w->nfds = n;
	return 0;
}

/* SDL's own wait, polling: where poll() cannot be used. */
static int wakeup_sdl(SDL_Event *event, int timeout_ms)
{
	return timeout_ms < 0 ? SDL_WaitEvent(event) : SDL_WaitEventTimeout(event, timeout_ms);
}

/* One poll() on SDL's input and the eventfd. Returns 1 to look at SDL again, 0 to stop, -1 on
 * error. */
static int wakeup_sleep(struct wakeup *w, int timeout_ms)
{
	uint64_t count;
	int rc, n, gone = 0;

	if (w->nfds < 0 && wakeup_fds(w) != 0)
		return -1;
	n = w->nfds;
	rc = poll(w->fds, (nfds_t)n, timeout_ms);
	if (rc < 0)
		return errno == EINTR ? 1 : -1;
	for (int i = 1; rc > 0 && i < n; i++) {
		if (w->fds[i].revents & (POLLERR | POLLHUP | POLLNVAL))
			gone = 1;
		/* udev spoke or a device went: SDL may open or close one when it reads */
		if (gone || (w->uevent[i] && w->fds[i].revents))
			w->nfds = -1;
	}
	if (rc > 0 && w->fds[0].revents) {
		if (read(w->eventfd, &count, sizeof(count)) < 0 && errno != EAGAIN)
			return -1;
		return 0; /* another thread's event: wakeup_wait takes it */
	}
	if (gone)
		SDL_Delay(WAKEUP_GONE_MS);
	return 1;
}

int wakeup_wait(struct wakeup *w, SDL_Event *event, int timeout_ms)
{
	Uint64 end = SDL_GetTicks64() + (timeout_ms < 0 ? 0 : (Uint64)timeout_ms);
	int left = timeout_ms, rc;

	if (w->blocks)
		return wakeup_sdl(event, timeout_ms);
	for (;;) {
		if (SDL_PollEvent(event))
			return 1;
		if (timeout_ms >= 0) {
			Uint64 now = SDL_GetTicks64();
			if (now >= end)
				return 0;
			left = (int)(end - now);
		}
		rc = wakeup_sleep(w, left);
		if (rc < 0) {
			fprintf(stderr,
				"prisma-kiosk: wake-up: %s (SDL looks for events every ms)\n",
				strerror(errno));
			wakeup_close(w);
			return wakeup_sdl(event, left);
		}
		if (rc == 0)
			return SDL_WaitEventTimeout(event, WAKEUP_SETTLE_MS);
	}
}
