// The UDPBench workload in C, for comparison: one thread, one epoll set, two UDP sockets on 127.0.0.1
// (an echo port and a client keeping WINDOW datagrams in flight), until N replies have arrived.
//
//   cc -O2 -o /tmp/udp_echo_bench Benchmarks/c/udp_echo_bench.c
//   /tmp/udp_echo_bench [N] [WINDOW] [SIZE] [BATCH]
//
// BATCH 0 reads with recvfrom until EAGAIN (the classic loop); BATCH > 0 reads with recvmmsg, BATCH
// datagrams per call. Writes are one sendto per datagram, as in Torsion.
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static long total = 1000000, window_size = 32, size = 64, batch = 0;
static long sent = 0, received = 0;
static int server_fd, client_fd;
static struct sockaddr_in server_address;
static char payload[65536];

static int make_socket(struct sockaddr_in *bound) {
    int fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    struct sockaddr_in address = {.sin_family = AF_INET, .sin_port = 0};
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (fd < 0 || bind(fd, (struct sockaddr *)&address, sizeof(address)) != 0) {
        perror("socket/bind");
        exit(1);
    }
    socklen_t length = sizeof(*bound);
    getsockname(fd, (struct sockaddr *)bound, &length);
    return fd;
}

static void fill(void) {
    while (sent - received < window_size && sent < total) {
        if (sendto(client_fd, payload, (size_t)size, 0, (struct sockaddr *)&server_address, sizeof(server_address)) < 0) {
            return;
        }
        sent++;
    }
}

// One datagram arrived on `fd` from `from`.
static void on_datagram(int fd, char *data, ssize_t length, struct sockaddr_in *from) {
    if (fd == server_fd) {
        sendto(server_fd, data, (size_t)length, 0, (struct sockaddr *)from, sizeof(*from));
    } else {
        received++;
        if (received < total) fill();
    }
}

static void drain(int fd) {
    static char buffers[64][2048];
    static struct mmsghdr messages[64];
    static struct iovec vectors[64];
    static struct sockaddr_in addresses[64];
    if (batch == 0) {
        for (;;) {
            struct sockaddr_in from;
            socklen_t length = sizeof(from);
            ssize_t n = recvfrom(fd, buffers[0], sizeof(buffers[0]), 0, (struct sockaddr *)&from, &length);
            if (n < 0) return;
            on_datagram(fd, buffers[0], n, &from);
        }
    }
    for (;;) {
        for (long i = 0; i < batch; i++) {
            vectors[i].iov_base = buffers[i];
            vectors[i].iov_len = sizeof(buffers[i]);
            memset(&messages[i].msg_hdr, 0, sizeof(messages[i].msg_hdr));
            messages[i].msg_hdr.msg_name = &addresses[i];
            messages[i].msg_hdr.msg_namelen = sizeof(addresses[i]);
            messages[i].msg_hdr.msg_iov = &vectors[i];
            messages[i].msg_hdr.msg_iovlen = 1;
        }
        int n = recvmmsg(fd, messages, (unsigned)batch, MSG_DONTWAIT, NULL);
        if (n <= 0) return;
        for (int i = 0; i < n; i++) on_datagram(fd, buffers[i], (ssize_t)messages[i].msg_len, &addresses[i]);
        if (n < batch) return;
    }
}

int main(int argc, char **argv) {
    if (argc > 1) total = atol(argv[1]);
    if (argc > 2) window_size = atol(argv[2]);
    if (argc > 3) size = atol(argv[3]);
    if (argc > 4) batch = atol(argv[4]);
    if (batch > 64) batch = 64;
    memset(payload, 0x5a, sizeof(payload));
    struct sockaddr_in client_address;
    server_fd = make_socket(&server_address);
    client_fd = make_socket(&client_address);
    int epoll_fd = epoll_create1(EPOLL_CLOEXEC);
    struct epoll_event event = {.events = EPOLLIN};
    event.data.fd = server_fd;
    epoll_ctl(epoll_fd, EPOLL_CTL_ADD, server_fd, &event);
    event.data.fd = client_fd;
    epoll_ctl(epoll_fd, EPOLL_CTL_ADD, client_fd, &event);

    struct timespec start, now;
    clock_gettime(CLOCK_MONOTONIC, &start);
    fill();
    long last_received = -1;
    struct epoll_event events[16];
    while (received < total) {
        int ready = epoll_wait(epoll_fd, events, 16, 100);
        if (ready == 0 && received == last_received) {  // datagrams lost: refill the window
            sent = received;
            fill();
        }
        if (ready == 0) last_received = received;
        for (int i = 0; i < ready; i++) drain(events[i].data.fd);
    }
    clock_gettime(CLOCK_MONOTONIC, &now);
    double seconds = (double)(now.tv_sec - start.tv_sec) + (double)(now.tv_nsec - start.tv_nsec) * 1e-9;
    double rate = (double)received / seconds;
    printf("udp echo (C, %s): %.0f round trips/s, %.0f datagrams/s (%ld in %.3f s, window %ld, %ld B)\n",
           batch == 0 ? "recvfrom" : "recvmmsg", rate, 2 * rate, received, seconds, window_size, size);
    return 0;
}
