/*
 * A tiny LD_PRELOAD shim that counts heap allocations (malloc, calloc, realloc, memalign,
 * posix_memalign, aligned_alloc, valloc) and writes the count when the process exits:
 *
 *     cc -O2 -shared -fPIC -o alloc_count.so Benchmarks/alloc-count/alloc_count.c
 *     ALLOC_COUNT_OUT=/tmp/n.txt LD_PRELOAD=$PWD/alloc_count.so program ...
 *
 * The line "allocations=N" goes to the file named by ALLOC_COUNT_OUT (appended), or to standard
 * error without it. It forwards to glibc's own __libc_* entry points, so it needs no dlsym and
 * cannot recurse. Benchmarks/counts.sh uses it (allocations per request, by difference of two runs).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);
extern void *__libc_memalign(size_t, size_t);

static unsigned long long allocations;

static inline void count(void) { __atomic_fetch_add(&allocations, 1, __ATOMIC_RELAXED); }

void *malloc(size_t size) { count(); return __libc_malloc(size); }
void *calloc(size_t n, size_t size) { count(); return __libc_calloc(n, size); }
void *realloc(void *p, size_t size) { count(); return __libc_realloc(p, size); }
void *memalign(size_t alignment, size_t size) { count(); return __libc_memalign(alignment, size); }
void *aligned_alloc(size_t alignment, size_t size) { count(); return __libc_memalign(alignment, size); }
void *valloc(size_t size) { count(); return __libc_memalign((size_t)sysconf(_SC_PAGESIZE), size); }

int posix_memalign(void **out, size_t alignment, size_t size) {
    if (alignment < sizeof(void *) || (alignment & (alignment - 1)) != 0) return EINVAL;
    count();
    void *p = __libc_memalign(alignment, size);
    if (p == NULL && size != 0) return ENOMEM;
    *out = p;
    return 0;
}

__attribute__((destructor)) static void report(void) {
    char line[64];
    int n = snprintf(line, sizeof line, "allocations=%llu\n",
                     __atomic_load_n(&allocations, __ATOMIC_RELAXED));
    const char *path = getenv("ALLOC_COUNT_OUT");
    int fd = path ? open(path, O_WRONLY | O_CREAT | O_APPEND, 0644) : 2;
    if (fd < 0) return;
    if (write(fd, line, (size_t)n) < 0) { /* nothing to do */ }
    if (path) close(fd);
}
