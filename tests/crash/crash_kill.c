/*
 * The crash harness's killer (tests/crash/kill.sh).
 * Usage: crash_kill us|syscall N OUT ERR -- PROGRAM ARGS...
 *
 * Starts PROGRAM with stdout appended to OUT and stderr to ERR and sends it
 * SIGKILL:
 *   us N       N microseconds after the fork: a moment in real time, which
 *              lands mostly inside whatever takes long (fsync, key loading);
 *   syscall N  as PROGRAM enters its Nth system call (counted under ptrace),
 *              so the call never runs: every step the kernel sees (each
 *              write, rename, fsync) is as likely a place to die as any other.
 * N < 0 never kills (to measure a whole run). Prints one line and exits:
 *   "killed US CALLS"       0  the kill landed while PROGRAM was running
 *   "finished RC US CALLS"  3  PROGRAM had ended (exit code RC) before the kill
 * US is the time from fork to the end in microseconds, CALLS the system calls
 * PROGRAM entered (0 in us mode). 2 on usage or system errors. N comes from
 * the calling script's seeded generator.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

struct crash_kill {
	struct timespec start;
	long long n, calls;
	int by_syscall;
	pid_t pid;
};

static long long crash_kill_elapsed_us(const struct crash_kill *ck)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (now.tv_sec - ck->start.tv_sec) * 1000000LL +
	       (now.tv_nsec - ck->start.tv_nsec) / 1000;
}

/* In the child: redirects stdout and stderr, then runs ARGV. Never returns. */
static void crash_kill_exec(int traced, const char *out, const char *err, char **argv)
{
	int fd_out = open(out, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
	int fd_err = open(err, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);

	if (fd_out < 0 || fd_err < 0 || dup2(fd_out, STDOUT_FILENO) < 0 ||
	    dup2(fd_err, STDERR_FILENO) < 0)
		_exit(126);
	if (traced && (ptrace(PTRACE_TRACEME, 0, NULL, NULL) < 0 || raise(SIGSTOP) != 0))
		_exit(126);
	execv(argv[0], argv);
	_exit(127);
}

/* Kills N microseconds after the start; returns when the child has ended (STATUS). */
static int crash_kill_timed(struct crash_kill *ck, int *status)
{
	struct timespec until = ck->start;

	if (ck->n >= 0) {
		until.tv_sec += ck->n / 1000000;
		until.tv_nsec += (ck->n % 1000000) * 1000;
		if (until.tv_nsec >= 1000000000L) {
			until.tv_sec++;
			until.tv_nsec -= 1000000000L;
		}
		while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &until, NULL) == EINTR)
			;
		/* Still a zombie at worst until waitpid(): the pid cannot be reused. */
		kill(ck->pid, SIGKILL);
	}
	while (waitpid(ck->pid, status, 0) < 0)
		if (errno != EINTR)
			return -1;
	return 0;
}

/*
 * Runs the traced child from one stop to the next, counting syscall entries
 * (stops alternate entry, exit), and kills it at entry N. Other signals are
 * passed on, except the SIGTRAP of exec. Returns when the child has ended.
 */
static int crash_kill_traced(struct crash_kill *ck, int *status)
{
	int entry = 1, sig = 0;

	if (waitpid(ck->pid, status, 0) < 0 || !WIFSTOPPED(*status) ||
	    ptrace(PTRACE_SETOPTIONS, ck->pid, NULL,
		   (void *)(long)(PTRACE_O_TRACESYSGOOD | PTRACE_O_EXITKILL)) < 0)
		return -1;
	for (;;) {
		if (ptrace(PTRACE_SYSCALL, ck->pid, NULL, (void *)(long)sig) < 0)
			return -1;
		if (waitpid(ck->pid, status, 0) < 0)
			return -1;
		if (WIFEXITED(*status) || WIFSIGNALED(*status))
			return 0;
		sig = WSTOPSIG(*status);
		if (sig == (SIGTRAP | 0x80)) {
			sig = 0;
			if (entry && ++ck->calls == ck->n) {
				kill(ck->pid, SIGKILL);
				return waitpid(ck->pid, status, 0) < 0 ? -1 : 0;
			}
			entry = !entry;
		} else if (sig == SIGTRAP || sig == SIGSTOP) {
			sig = 0; /* exec's trap, or the stop before it */
		}
	}
}

int main(int argc, char **argv)
{
	struct crash_kill ck = { .n = 0 };
	int status, rc;

	if (argc < 7 || strcmp(argv[5], "--") != 0 ||
	    (strcmp(argv[1], "us") && strcmp(argv[1], "syscall"))) {
		fprintf(stderr, "usage: crash_kill us|syscall N OUT ERR -- PROGRAM ARGS...\n");
		return 2;
	}
	ck.by_syscall = !strcmp(argv[1], "syscall");
	ck.n = strtoll(argv[2], NULL, 10);
	clock_gettime(CLOCK_MONOTONIC, &ck.start);
	ck.pid = fork();
	if (ck.pid < 0) {
		perror("crash_kill: fork");
		return 2;
	}
	if (ck.pid == 0)
		crash_kill_exec(ck.by_syscall, argv[3], argv[4], argv + 6);
	rc = ck.by_syscall ? crash_kill_traced(&ck, &status) : crash_kill_timed(&ck, &status);
	if (rc < 0) {
		perror("crash_kill");
		kill(ck.pid, SIGKILL);
		return 2;
	}
	if (WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL && ck.n >= 0) {
		printf("killed %lld %lld\n", crash_kill_elapsed_us(&ck), ck.calls);
		return 0;
	}
	printf("finished %d %lld %lld\n",
	       WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status),
	       crash_kill_elapsed_us(&ck), ck.calls);
	return 3;
}
