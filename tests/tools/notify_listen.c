/*
 * Test tool: plays systemd's side of sd_notify for one program. Binds a
 * datagram socket at SOCKET, starts the command with NOTIFY_SOCKET,
 * WATCHDOG_USEC (USEC) and WATCHDOG_PID set as systemd would, prints each
 * message it receives on its own line ("msg READY=1"), and once it has seen
 * READY=1 and then PINGS messages WATCHDOG=1 sends the program SIGTERM and
 * prints "exit N" with its exit status. A program that ends or stays silent
 * for a minute (a hang guard, not a measurement) makes it exit 1.
 *
 *   notify-listen SOCKET USEC PINGS COMMAND [ARG...]
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

static int listen_at(const char *path)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	struct timeval quiet = { .tv_sec = 60 };
	int fd;

	if (strlen(path) >= sizeof(addr.sun_path)) {
		fprintf(stderr, "notify-listen: %s: path too long\n", path);
		return -1;
	}
	strcpy(addr.sun_path, path);
	unlink(path);
	fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || bind(fd, (struct sockaddr *)&addr, sizeof(addr)) != 0 ||
	    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &quiet, sizeof(quiet)) != 0) {
		fprintf(stderr, "notify-listen: %s: %s\n", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	return fd;
}

static pid_t start(const char *path, const char *usec, char **argv)
{
	char pid[32];
	pid_t child = fork();

	if (child != 0)
		return child;
	snprintf(pid, sizeof(pid), "%ld", (long)getpid());
	if (setenv("NOTIFY_SOCKET", path, 1) != 0 || setenv("WATCHDOG_USEC", usec, 1) != 0 ||
	    setenv("WATCHDOG_PID", pid, 1) != 0)
		_exit(127);
	execvp(argv[0], argv);
	fprintf(stderr, "notify-listen: %s: %s\n", argv[0], strerror(errno));
	_exit(127);
}

/* Prints every message until READY=1 and then PINGS watchdog pings came; 0, or -1. */
static int watch(int fd, long pings)
{
	char msg[4096];
	int ready = 0;

	while (pings > 0) {
		ssize_t len = recv(fd, msg, sizeof(msg) - 1, 0);

		if (len < 0) {
			fprintf(stderr, "notify-listen: nothing for a minute (%s)\n",
				strerror(errno));
			return -1;
		}
		msg[len] = '\0';
		for (char *line = strtok(msg, "\n"); line; line = strtok(NULL, "\n")) {
			printf("msg %s\n", line);
			if (!strcmp(line, "READY=1"))
				ready = 1;
			else if (ready && !strcmp(line, "WATCHDOG=1"))
				pings--;
		}
		fflush(stdout);
	}
	return 0;
}

/* Prints the messages sent while stopping (STOPPING=1), still queued on the socket. */
static void drain(int fd)
{
	char msg[4096];
	ssize_t len;

	while ((len = recv(fd, msg, sizeof(msg) - 1, MSG_DONTWAIT)) > 0) {
		msg[len] = '\0';
		printf("msg %s\n", msg);
	}
}

int main(int argc, char **argv)
{
	int fd, status = 0, rc = 1;
	pid_t child;

	if (argc < 5) {
		fprintf(stderr, "usage: notify-listen SOCKET USEC PINGS COMMAND [ARG...]\n");
		return 2;
	}
	fd = listen_at(argv[1]);
	if (fd < 0)
		return 1;
	child = start(argv[1], argv[2], argv + 4);
	if (child < 0) {
		fprintf(stderr, "notify-listen: fork: %s\n", strerror(errno));
		goto end;
	}
	if (watch(fd, strtol(argv[3], NULL, 10)) == 0)
		rc = 0;
	kill(child, SIGTERM);
	if (waitpid(child, &status, 0) != child) {
		rc = 1;
		goto end;
	}
	drain(fd);
	printf("exit %d\n", WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
end:
	close(fd);
	unlink(argv[1]);
	return rc;
}
