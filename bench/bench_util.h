/* bench_util.h: timing and memory helpers shared by the benchmarks. */
#ifndef FS_BENCH_UTIL_H
#define FS_BENCH_UTIL_H

#include <glib.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

static inline double bench_now_s(void)
{
    return (double)g_get_monotonic_time() / 1e6;
}

/* Runs fn(arg) in a forked child and returns the child's peak resident
 * memory in KiB, so each measurement starts from a fresh process. */
static inline long bench_child_peak_kib(void (*fn)(void *), void *arg)
{
    pid_t pid = fork();
    if (pid == 0) {
        fn(arg);
        _exit(0);
    }
    int status;
    struct rusage ru;
    if (wait4(pid, &status, 0, &ru) < 0)
        return -1;
    return ru.ru_maxrss;
}

/* Peak memory of a fresh process running argv (fork + exec), in KiB. For
 * programs that already used OpenMP: a forked child inherits a thread pool
 * it does not have, and libgomp deadlocks in it; exec starts clean. */
static inline long bench_exec_peak_kib(char *const argv[])
{
    pid_t pid = fork();
    if (pid == 0) {
        execv("/proc/self/exe", argv);
        _exit(127);
    }
    int status;
    struct rusage ru;
    if (wait4(pid, &status, 0, &ru) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
        return -1;
    return ru.ru_maxrss;
}

#endif /* FS_BENCH_UTIL_H */
