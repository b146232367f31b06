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

#endif
