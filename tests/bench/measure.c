/* measure RUNS CMD ARGS...: runs CMD RUNS times with stdout discarded and
 * prints the fastest wall time (ms) and the largest peak RSS (KiB). */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int
main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: measure RUNS CMD [ARGS...]\n");
		return 64;
	}
	int runs = atoi(argv[1]);
	double best = 1e18;
	long rss = 0;
	for (int i = 0; i < runs; i++) {
		struct timespec a, b;
		clock_gettime(CLOCK_MONOTONIC, &a);
		pid_t pid = fork();
		if (pid == 0) {
			int fd = open("/dev/null", O_WRONLY);
			dup2(fd, 1);
			execvp(argv[2], argv + 2);
			_exit(127);
		}
		int status;
		struct rusage ru;
		wait4(pid, &status, 0, &ru);
		clock_gettime(CLOCK_MONOTONIC, &b);
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
			fprintf(stderr, "measure: %s failed\n", argv[2]);
			return 1;
		}
		double ms = (b.tv_sec - a.tv_sec) * 1e3 + (b.tv_nsec - a.tv_nsec) / 1e6;
		if (ms < best)
			best = ms;
		if (ru.ru_maxrss > rss)
			rss = ru.ru_maxrss;
	}
	printf("%.1f %ld\n", best, rss);
	return 0;
}
