// The CTorsion target is mostly a header view; the few functions that need _GNU_SOURCE live here.
#define _GNU_SOURCE
#include <pthread.h>
#include <string.h>
#include <sys/socket.h>
#include "CTorsion.h"

int ctorsion_accept(int fd) {
    return accept4(fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
}

void ctorsion_set_thread_name(const char *name) {
    char truncated[16];
    strncpy(truncated, name, sizeof(truncated) - 1);
    truncated[sizeof(truncated) - 1] = 0;
    pthread_setname_np(pthread_self(), truncated);
}

// ---------------------------------------------------------------------------------------------------------
// UDP batches, child processes and signals.
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdatomic.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <unistd.h>

extern char **environ;

struct ctorsion_datagram_batch {
    int capacity;
    struct mmsghdr *messages;
    struct iovec *vectors;
    struct sockaddr_storage *addresses;
};

struct ctorsion_datagram_batch *ctorsion_datagram_batch_alloc(int capacity) {
    struct ctorsion_datagram_batch *batch = calloc(1, sizeof(*batch));
    if (batch == NULL) return NULL;
    batch->capacity = capacity;
    batch->messages = calloc((size_t)capacity, sizeof(struct mmsghdr));
    batch->vectors = calloc((size_t)capacity, sizeof(struct iovec));
    batch->addresses = calloc((size_t)capacity, sizeof(struct sockaddr_storage));
    if (batch->messages == NULL || batch->vectors == NULL || batch->addresses == NULL) {
        ctorsion_datagram_batch_free(batch);
        return NULL;
    }
    return batch;
}

void ctorsion_datagram_batch_free(struct ctorsion_datagram_batch *batch) {
    if (batch == NULL) return;
    free(batch->messages);
    free(batch->vectors);
    free(batch->addresses);
    free(batch);
}

int ctorsion_datagram_batch_receive(
    int fd, struct ctorsion_datagram_batch *batch, void *buffer, size_t slot_size, int count) {
    if (count > batch->capacity) count = batch->capacity;
    for (int i = 0; i < count; i++) {
        batch->vectors[i].iov_base = (char *)buffer + (size_t)i * slot_size;
        batch->vectors[i].iov_len = slot_size;
        struct msghdr *header = &batch->messages[i].msg_hdr;
        header->msg_name = &batch->addresses[i];
        header->msg_namelen = sizeof(struct sockaddr_storage);
        header->msg_iov = &batch->vectors[i];
        header->msg_iovlen = 1;
        header->msg_control = NULL;
        header->msg_controllen = 0;
        header->msg_flags = 0;
        batch->messages[i].msg_len = 0;
    }
    return recvmmsg(fd, batch->messages, (unsigned int)count, MSG_DONTWAIT, NULL);
}

size_t ctorsion_datagram_batch_length(const struct ctorsion_datagram_batch *batch, int index) {
    return batch->messages[index].msg_len;
}

int ctorsion_datagram_batch_truncated(const struct ctorsion_datagram_batch *batch, int index) {
    return (batch->messages[index].msg_hdr.msg_flags & MSG_TRUNC) != 0;
}

const struct sockaddr *ctorsion_datagram_batch_address(
    const struct ctorsion_datagram_batch *batch, int index, socklen_t *length) {
    *length = batch->messages[index].msg_hdr.msg_namelen;
    return (const struct sockaddr *)&batch->addresses[index];
}

int ctorsion_pipe_cloexec(int fds[2]) {
    return pipe2(fds, O_CLOEXEC);
}

int ctorsion_pidfd_open(pid_t pid) {
#ifdef SYS_pidfd_open
    return (int)syscall(SYS_pidfd_open, pid, 0);
#else
    errno = ENOSYS;
    return -1;
#endif
}

int ctorsion_spawn_addclosefrom(posix_spawn_file_actions_t *actions, int lowfd) {
#if __GLIBC_PREREQ(2, 34)
    return posix_spawn_file_actions_addclosefrom_np(actions, lowfd);
#else
    (void)actions;
    (void)lowfd;
    return ENOSYS;
#endif
}

int ctorsion_spawn_addchdir(posix_spawn_file_actions_t *actions, const char *path) {
    return posix_spawn_file_actions_addchdir_np(actions, path);
}

char **ctorsion_environ(void) {
    return environ;
}

pid_t ctorsion_gettid(void) {
    return (pid_t)syscall(SYS_gettid);
}

int ctorsion_signalfd(int fd, const sigset_t *mask) {
    return signalfd(fd, mask, SFD_NONBLOCK | SFD_CLOEXEC);
}

int ctorsion_signalfd_read(int fd) {
    struct signalfd_siginfo info;
    for (;;) {
        ssize_t n = read(fd, &info, sizeof(info));
        if (n == (ssize_t)sizeof(info)) return (int)info.ssi_signo;
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return 0;
        if (n >= 0) errno = EIO;
        return -1;
    }
}

// Which thread each signal is forwarded to (0: not claimed), and the disposition each claim replaced.
static _Atomic pid_t claimed_by[_NSIG];
static struct sigaction replaced_action[_NSIG];

// Runs on whichever thread the kernel picked (one that does not block the signal) and re-sends the signal
// to the claiming thread, which blocks it, so that its signalfd reports it. Async-signal-safe: getpid,
// syscall(tgkill) and an atomic load only; errno is preserved.
static void ctorsion_forward_signal(int signo) {
    int saved_errno = errno;
    pid_t tid = atomic_load_explicit(&claimed_by[signo], memory_order_acquire);
    if (tid > 0) {
        syscall(SYS_tgkill, getpid(), tid, signo);
    }
    errno = saved_errno;
}

int ctorsion_signal_claim(int signo, pid_t tid) {
    if (signo <= 0 || signo >= _NSIG || tid <= 0) {
        errno = EINVAL;
        return -1;
    }
    pid_t expected = 0;
    if (!atomic_compare_exchange_strong(&claimed_by[signo], &expected, tid)) {
        errno = EBUSY;
        return -1;
    }
    struct sigaction action;
    memset(&action, 0, sizeof(action));
    action.sa_handler = ctorsion_forward_signal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    if (sigaction(signo, &action, &replaced_action[signo]) != 0) {
        int saved_errno = errno;
        atomic_store(&claimed_by[signo], 0);
        errno = saved_errno;
        return -1;
    }
    return 0;
}

int ctorsion_signal_release(int signo, pid_t tid) {
    if (signo <= 0 || signo >= _NSIG) {
        errno = EINVAL;
        return -1;
    }
    if (atomic_load(&claimed_by[signo]) != tid) {
        errno = EPERM;
        return -1;
    }
    sigaction(signo, &replaced_action[signo], NULL);
    atomic_store(&claimed_by[signo], 0);
    return 0;
}
