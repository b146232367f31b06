#ifndef CTORSION_H
#define CTORSION_H

// System headers whose declarations Glibc's Swift module does not export.
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/timerfd.h>
#include <sys/uio.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <netdb.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

// Event bits as plain integers: the EPOLL_EVENTS enum imports awkwardly into Swift.
static const uint32_t CTORSION_EPOLLIN = EPOLLIN;
static const uint32_t CTORSION_EPOLLOUT = EPOLLOUT;
static const uint32_t CTORSION_EPOLLERR = EPOLLERR;
static const uint32_t CTORSION_EPOLLHUP = EPOLLHUP;
static const uint32_t CTORSION_EPOLLRDHUP = EPOLLRDHUP;

// Socket type flags (the __socket_type enum imports as a struct in Swift).
static const int CTORSION_SOCK_STREAM = SOCK_STREAM;
static const int CTORSION_SOCK_NONBLOCK_CLOEXEC = SOCK_NONBLOCK | SOCK_CLOEXEC;
static const int CTORSION_MSG_NOSIGNAL = MSG_NOSIGNAL;
static const int CTORSION_IOV_MAX = UIO_MAXIOV;

// Registers, modifies or removes `fd` in an epoll set; hides the packed 12-byte epoll_event from Swift.
static inline int ctorsion_epoll_ctl(int epfd, int op, int fd, uint32_t events, uint64_t data) {
    struct epoll_event event;
    event.events = events;
    event.data.u64 = data;
    return epoll_ctl(epfd, op, fd, &event);
}

// Allocates an array of `count` epoll events (free with free()).
static inline struct epoll_event *ctorsion_epoll_events_alloc(int count) {
    return (struct epoll_event *)calloc((size_t)count, sizeof(struct epoll_event));
}

static inline void ctorsion_epoll_events_free(struct epoll_event *events) {
    free(events);
}

// Reads event `index` of an array filled by epoll_wait.
static inline uint32_t ctorsion_epoll_event_bits(const struct epoll_event *events, int index) {
    return events[index].events;
}

static inline uint64_t ctorsion_epoll_event_data(const struct epoll_event *events, int index) {
    return events[index].data.u64;
}

// Sends gathered buffers without raising SIGPIPE on a closed peer.
static inline ssize_t ctorsion_sendv(int fd, const struct iovec *iov, int count) {
    struct msghdr message;
    memset(&message, 0, sizeof(message));
    message.msg_iov = (struct iovec *)iov;
    message.msg_iovlen = (size_t)count;
    return sendmsg(fd, &message, MSG_NOSIGNAL);
}

// Accepts a connection as a non-blocking, close-on-exec socket (accept4 needs _GNU_SOURCE; see shim.c).
int ctorsion_accept(int fd);

// Names the calling thread (truncated to 15 bytes); pthread_setname_np needs _GNU_SOURCE.
void ctorsion_set_thread_name(const char *name);

// Thread-local errno, read right after a failing call.
static inline int ctorsion_errno(void) {
    return errno;
}

// ---------------------------------------------------------------------------------------------------------
// UDP, child processes and signals (Sources/Reactor/UDP, Process, Signals). The functions that need
// _GNU_SOURCE (recvmmsg, signalfd, pipe2, the posix_spawn *_np extensions) are defined in shim.c.
#include <signal.h>
#include <spawn.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <fcntl.h>
#include <net/if.h>

static const int CTORSION_SOCK_DGRAM = SOCK_DGRAM;
static const int CTORSION_MSG_TRUNC = MSG_TRUNC;
static const int CTORSION_MSG_DONTWAIT = MSG_DONTWAIT;

// The opaque arrays one recvmmsg call needs (mmsghdr, iovec and an address per slot).
struct ctorsion_datagram_batch;

// Allocates arrays for `capacity` datagrams (NULL when out of memory); free with ctorsion_datagram_batch_free.
struct ctorsion_datagram_batch *ctorsion_datagram_batch_alloc(int capacity);
void ctorsion_datagram_batch_free(struct ctorsion_datagram_batch *batch);

// Receives up to `count` (<= capacity) datagrams without blocking, datagram i into the `slot_size` bytes at
// buffer + i * slot_size: recvmmsg(MSG_DONTWAIT). Returns how many arrived, or -1 with errno set.
int ctorsion_datagram_batch_receive(
    int fd, struct ctorsion_datagram_batch *batch, void *buffer, size_t slot_size, int count);

// Datagram `index` of the last receive: its length (at most the slot size), whether the kernel cut it
// (MSG_TRUNC), and its source address.
size_t ctorsion_datagram_batch_length(const struct ctorsion_datagram_batch *batch, int index);
int ctorsion_datagram_batch_truncated(const struct ctorsion_datagram_batch *batch, int index);
const struct sockaddr *ctorsion_datagram_batch_address(
    const struct ctorsion_datagram_batch *batch, int index, socklen_t *length);

// A close-on-exec pipe (both ends blocking; the parent makes its own end non-blocking with fcntl).
int ctorsion_pipe_cloexec(int fds[2]);

// A pidfd for `pid` (close-on-exec), through the raw system call; -1 with errno ENOSYS on kernels before 5.3.
int ctorsion_pidfd_open(pid_t pid);

// posix_spawn file actions that glibc marks _np: close every descriptor >= `lowfd` in the child (glibc
// 2.34+; otherwise -1 with ENOSYS) and change directory before exec (glibc 2.29+).
int ctorsion_spawn_addclosefrom(posix_spawn_file_actions_t *actions, int lowfd);
int ctorsion_spawn_addchdir(posix_spawn_file_actions_t *actions, const char *path);

// The process environment (`environ`), read through a function so Swift sees no mutable global.
char **ctorsion_environ(void);

// The calling thread's kernel thread id.
pid_t ctorsion_gettid(void);

// A non-blocking, close-on-exec signalfd for `mask` (`fd` -1 creates one; otherwise updates its mask).
int ctorsion_signalfd(int fd, const sigset_t *mask);

// Reads one signal from a signalfd: its number, 0 when none is pending, -1 with errno on failure.
int ctorsion_signalfd_read(int fd);

// Claims `signo` for the thread `tid`: installs a process-wide handler (SA_RESTART) that forwards the
// signal to that thread with tgkill, wherever the kernel delivered it, and saves the previous disposition.
// Returns 0, or -1 with errno EBUSY (another thread holds the claim) or EINVAL.
int ctorsion_signal_claim(int signo, pid_t tid);

// Releases a claim made by `tid`: restores the saved disposition. Returns 0, or -1 with EPERM if `tid`
// does not hold it.
int ctorsion_signal_release(int signo, pid_t tid);

#endif
