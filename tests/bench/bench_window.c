/*
 * make bench: the kiosk in a live X window (Xvfb), measured from outside
 * through the X server. Usage (DISPLAY set, nothing else on the display):
 *
 *   bench_window CLICKS X Y X2 Y2 -- KIOSK ARGS...
 *
 * Starts KIOSK, waits for its window and prints: the time from exec to the
 * screen's last damage in the 2 s after the window was mapped (the first
 * frame presented); then, after the
 * screen settled, CLICKS taps through XTest alternating between (X, Y) and (X2, Y2) and the time
 * from each release to the screen's next damage (click to frame: the kiosk's whole path, X server
 * included); the CPU time and voluntary context switches of the kiosk over 3 idle seconds; then
 * SIGTERM, and the kiosk's peak RSS (VmHWM). Never used by tests.
 */
#define _GNU_SOURCE
#include <X11/Xlib.h>
#include <X11/extensions/XTest.h>
#include <X11/extensions/Xdamage.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* Waits up to TIMEOUT ms for an X event of TYPE (any when 0). Returns 1 with *EV, or 0. */
static int wait_event(Display *dpy, int type, XEvent *ev, double timeout)
{
	double end = now_ms() + timeout;

	while (now_ms() < end) {
		while (XPending(dpy)) {
			XNextEvent(dpy, ev);
			if (!type || ev->type == type)
				return 1;
		}
		usleep(200);
	}
	return 0;
}

/* Reads "KEY: N" from /proc/PID/status. */
static long proc_status(pid_t pid, const char *key)
{
	char path[64], line[256];
	long value = -1;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	if (!(f = fopen(path, "r")))
		return -1;
	while (fgets(line, sizeof(line), f)) {
		if (!strncmp(line, key, strlen(key)) && line[strlen(key)] == ':')
			value = atol(line + strlen(key) + 1);
	}
	fclose(f);
	return value;
}

/* utime + stime of PID in clock ticks. */
static long proc_cpu_ticks(pid_t pid)
{
	char path[64], buf[1024], *p;
	unsigned long utime, stime;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	if (!(f = fopen(path, "r")))
		return -1;
	p = fgets(buf, sizeof(buf), f) ? strrchr(buf, ')') : NULL;
	fclose(f);
	if (!p || sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", &utime,
			 &stime) != 2)
		return -1;
	return (long)(utime + stime);
}

static int compare(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static void click(Display *dpy, int x, int y)
{
	XTestFakeMotionEvent(dpy, -1, x, y, CurrentTime);
	XTestFakeButtonEvent(dpy, 1, True, CurrentTime);
	XTestFakeButtonEvent(dpy, 1, False, CurrentTime);
	XFlush(dpy);
}

/* Taps COUNT times, alternating between the two points; prints click-to-frame times. */
static void bench_clicks(Display *dpy, int damage_base, Damage damage, int count, int *pts)
{
	double *ms = calloc((size_t)count, sizeof(double)), t0;
	XEvent ev;
	int n = 0;

	for (int i = 0; i < count && ms; i++) {
		XDamageSubtract(dpy, damage, None, None);
		while (XPending(dpy))
			XNextEvent(dpy, &ev);
		t0 = now_ms();
		click(dpy, pts[(i % 2) * 2], pts[(i % 2) * 2 + 1]);
		if (wait_event(dpy, damage_base + XDamageNotify, &ev, 2000))
			ms[n++] = now_ms() - t0;
		usleep(50 * 1000); /* let the frame settle, as a person would */
	}
	if (n) {
		qsort(ms, (size_t)n, sizeof(double), compare);
		printf("click to frame: n=%d median=%.2f ms p95=%.2f ms max=%.2f ms\n", n,
		       ms[n / 2], ms[n * 95 / 100], ms[n - 1]);
	}
	if (n < count)
		printf("click to frame: %d clicks drew nothing within 2 s\n", count - n);
	free(ms);
}

int main(int argc, char **argv)
{
	Display *dpy = XOpenDisplay(NULL);
	int pts[4], count, damage_base, damage_error, status = 0, sep = 6;
	double t0, mapped = 0, first = 0;
	long ticks, switches;
	Damage damage;
	Window win = 0;
	XEvent ev;
	pid_t pid;

	if (!dpy || argc < 8 || strcmp(argv[sep], "--") != 0 ||
	    !XDamageQueryExtension(dpy, &damage_base, &damage_error)) {
		fprintf(stderr, "usage: bench_window CLICKS X Y X2 Y2 -- KIOSK ARGS (DISPLAY "
				"with XDamage and XTest)\n");
		return 2;
	}
	count = atoi(argv[1]);
	for (int i = 0; i < 4; i++)
		pts[i] = atoi(argv[2 + i]);
	XSelectInput(dpy, DefaultRootWindow(dpy), SubstructureNotifyMask);
	XSync(dpy, False);
	t0 = now_ms();
	if ((pid = fork()) == 0) {
		execv(argv[sep + 1], argv + sep + 1);
		_exit(127);
	}
	while (!win && wait_event(dpy, MapNotify, &ev, 10000)) {
		win = ev.xmap.window;
		mapped = now_ms() - t0;
	}
	if (!win) {
		fprintf(stderr, "bench_window: no window within 10 s\n");
		kill(pid, SIGTERM);
		return 1;
	}
	/*
	 * On the root window: SDL may replace its first window (the OpenGL path
	 * does). Every damage rectangle for 2 s: the last one is the first frame
	 * (mapping the window damages it too, before anything is drawn).
	 */
	damage = XDamageCreate(dpy, DefaultRootWindow(dpy), XDamageReportRawRectangles);
	while (wait_event(dpy, damage_base + XDamageNotify, &ev, 2000))
		first = now_ms() - t0;
	printf("exec to window mapped: %.1f ms; exec to first frame presented (last damage "
	       "at start): %.1f ms\n",
	       mapped, first);
	XDamageDestroy(dpy, damage);
	damage = XDamageCreate(dpy, DefaultRootWindow(dpy), XDamageReportNonEmpty);
	bench_clicks(dpy, damage_base, damage, count, pts);
	sleep(1);
	ticks = proc_cpu_ticks(pid);
	switches = proc_status(pid, "voluntary_ctxt_switches");
	XDamageSubtract(dpy, damage, None, None);
	sleep(3);
	printf("idle 3 s: %ld CPU ticks (1/%ld s), %ld wake-ups (voluntary context switches)\n",
	       proc_cpu_ticks(pid) - ticks, sysconf(_SC_CLK_TCK),
	       proc_status(pid, "voluntary_ctxt_switches") - switches);
	printf("peak memory (VmHWM): %.1f MiB\n", proc_status(pid, "VmHWM") / 1024.0);
	kill(pid, SIGTERM);
	waitpid(pid, &status, 0);
	XDamageDestroy(dpy, damage);
	XCloseDisplay(dpy);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}
