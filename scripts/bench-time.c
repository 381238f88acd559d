/*
 * bench-time -- run one command and append one measurement line to a file.
 *
 *   bench-time RESULTS cmd [arg ...]
 *
 * Runs cmd (execvp, no shell unless cmd is one) and appends to RESULTS
 *
 *   wall_seconds cpu_seconds max_rss_kib exit_status
 *
 * wall time from CLOCK_MONOTONIC around fork..wait4 (nanosecond clock, so
 * 100k-row runs of a tenth of a second are timed to well under 0.1%);
 * cpu = user + system time of cmd and its waited-for descendants;
 * max_rss_kib = ru_maxrss from wait4, the same number GNU time's %M
 * prints (the harness also runs /usr/bin/time -f %M inside it and
 * reports that).  exit_status is the status, or 128+signal.  bench-time
 * exits with cmd's status.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int
main(int argc, char *argv[])
{
	struct timespec t0, t1;
	struct rusage ru;
	FILE *f;
	pid_t pid;
	int st, code;
	double wall, cpu;

	if (argc < 3) {
		fprintf(stderr, "usage: bench-time RESULTS cmd [arg ...]\n");
		return 64;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if ((pid = fork()) < 0) {
		perror("bench-time: fork");
		return 71;
	}
	if (pid == 0) {
		execvp(argv[2], argv + 2);
		fprintf(stderr, "bench-time: %s: %s\n", argv[2], strerror(errno));
		_exit(127);
	}
	while (wait4(pid, &st, 0, &ru) < 0)
		if (errno != EINTR) {
			perror("bench-time: wait4");
			return 71;
		}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	wall = (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
	cpu = ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 +
	    ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
	code = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
	if ((f = fopen(argv[1], "a")) == NULL) {
		fprintf(stderr, "bench-time: %s: %s\n", argv[1], strerror(errno));
		return 73;
	}
	fprintf(f, "%.6f %.3f %ld %d\n", wall, cpu, ru.ru_maxrss, code);
	if (fclose(f) != 0)
		return 74;
	return code;
}
