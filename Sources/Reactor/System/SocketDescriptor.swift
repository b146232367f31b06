import CTorsion
import Glibc

/// Owns one non-blocking, close-on-exec socket descriptor and closes it exactly once.
///
/// `close()` is idempotent; `deinit` closes a descriptor that is still open, so an error path can never
/// leak one. Confined to the reactor thread (or to the one thread that created it, before handing it
/// over), like everything else in the reactor.
final class SocketDescriptor {
    /// The descriptor, or -1 once closed.
    private(set) var fd: Int32

    /// Takes ownership of `fd`.
    init(owning fd: Int32) {
        self.fd = fd
    }

    /// Creates a non-blocking stream socket of `family` (`AF_INET`, `AF_INET6` or `AF_UNIX`).
    convenience init(streamFamily family: Int32) throws(SystemCallError) {
        let fd = try systemCallValue("socket") {
            socket(family, CTORSION_SOCK_STREAM | CTORSION_SOCK_NONBLOCK_CLOEXEC, 0)
        }
        self.init(owning: fd)
    }

    deinit {
        close()
    }

    /// Whether ``close()`` has run.
    var isClosed: Bool { fd < 0 }

    /// Closes the descriptor (once; later calls do nothing).
    func close() {
        guard fd >= 0 else { return }
        // Linux releases the descriptor even when close reports EINTR, so it is never retried.
        _ = Glibc.close(fd)
        fd = -1
    }

    /// Sets an integer socket option.
    func setOption(level: Int32, name: Int32, value: Int32) throws(SystemCallError) {
        var value = value
        _ = try systemCallValue("setsockopt") {
            setsockopt(fd, level, name, &value, socklen_t(MemoryLayout<Int32>.size))
        }
    }

    /// Reads an integer socket option.
    func option(level: Int32, name: Int32) throws(SystemCallError) -> Int32 {
        var value: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        _ = try systemCallValue("getsockopt") { getsockopt(fd, level, name, &value, &length) }
        return value
    }

    /// Binds to `address`.
    func bind(to address: SocketAddress) throws {
        try address.withSockAddr { pointer, length in
            _ = try systemCallValue("bind") { Glibc.bind(fd, pointer, length) }
        }
    }

    /// Starts listening with `backlog`.
    func listen(backlog: Int32) throws(SystemCallError) {
        _ = try systemCallValue("listen") { Glibc.listen(fd, backlog) }
    }

    /// Accepts one connection as a new non-blocking socket, or reports that none is pending.
    func accept() throws(SystemCallError) -> IOResult<SocketDescriptor> {
        switch try systemCall("accept4", { ctorsion_accept(fd) }) {
        case .processed(let newFD): return .processed(SocketDescriptor(owning: newFD))
        case .wouldBlock: return .wouldBlock
        }
    }

    /// Starts connecting to `address`: `.processed` if connected at once (UNIX sockets, sometimes
    /// loopback), `.wouldBlock` while in progress (then wait for writability and read ``pendingError()``).
    func connect(to address: SocketAddress) throws -> IOResult<Void> {
        try address.withSockAddr { pointer, length in
            switch try systemCall("connect", { Glibc.connect(fd, pointer, length) }) {
            case .processed: return .processed(())
            case .wouldBlock: return .wouldBlock
            }
        }
    }

    /// The pending socket error (`SO_ERROR`), cleared by reading it; 0 if none.
    func pendingError() -> Int32 {
        (try? option(level: SOL_SOCKET, name: SO_ERROR)) ?? EBADF
    }

    /// Reads up to `buffer.count` bytes; `.processed(0)` means end of stream.
    @inline(__always)
    func read(into buffer: UnsafeMutableRawBufferPointer) throws(SystemCallError) -> IOResult<Int> {
        try systemCall("read") { Glibc.read(fd, buffer.baseAddress, buffer.count) }
    }

    /// Writes gathered buffers with `sendmsg(MSG_NOSIGNAL)`; returns the number of bytes written.
    @inline(__always)
    func send(_ vectors: UnsafePointer<iovec>, count: Int32) throws(SystemCallError) -> IOResult<Int> {
        try systemCall("sendmsg") { ctorsion_sendv(fd, vectors, count) }
    }

    /// Shuts down one or both directions (`SHUT_RD`, `SHUT_WR`, `SHUT_RDWR`).
    func shutdown(_ how: Int32) throws(SystemCallError) {
        _ = try systemCallValue("shutdown") { Glibc.shutdown(fd, how) }
    }

    /// Makes the next ``close()`` abortive: `SO_LINGER` on with a zero timeout, so TCP sends a reset
    /// (RST) and drops unsent bytes instead of closing with FIN. Harmless on UNIX sockets.
    func lingerZeroOnClose() {
        var value = linger(l_onoff: 1, l_linger: 0)
        _ = setsockopt(fd, SOL_SOCKET, SO_LINGER, &value, socklen_t(MemoryLayout<linger>.size))
    }

    /// The local address (`getsockname`).
    func localAddress() throws(SystemCallError) -> SocketAddress {
        try SocketAddress.query(fd, "getsockname", getsockname)
    }

    /// The peer's address (`getpeername`).
    func peerAddress() throws(SystemCallError) -> SocketAddress {
        try SocketAddress.query(fd, "getpeername", getpeername)
    }
}

@available(*, unavailable)
extension SocketDescriptor: Sendable {}
