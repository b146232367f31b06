import Glibc

/// A loopback socket made with plain system calls, outside any reactor: what ``ClosedPort`` and
/// ``SilentListener`` are built from.
private enum LoopbackSocket {
    /// A TCP socket bound to 127.0.0.1 on a free port, and that port; `nil` if a call failed.
    static func bound() -> (fd: Int32, port: Int)? {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let ok = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw in
                bind(fd, raw, length) == 0 && getsockname(fd, raw, &length) == 0
            }
        }
        guard ok else {
            Glibc.close(fd)
            return nil
        }
        return (fd, Int(UInt16(bigEndian: address.sin_port)))
    }
}

/// A loopback port nobody listens on: connecting to it is refused at once (`ECONNREFUSED`).
///
/// The port is found by binding a socket to a free port and closing it again, so nothing else on the
/// machine is likely to take it in the short time a test runs.
public enum ClosedPort {
    /// A free loopback port, closed; `nil` if no socket could be bound.
    public static func make() -> Int? {
        guard let (fd, port) = LoopbackSocket.bound() else { return nil }
        Glibc.close(fd)
        return port
    }
}

/// A loopback listener that never accepts: the kernel completes handshakes until the accept queue is full
/// (the backlog), then leaves further connection attempts unanswered, so a client sees either a
/// connection whose server never reads nor writes, or a connect that never completes.
///
/// Made with plain system calls, outside any reactor; ``close()`` (or deinit) closes it, which resets the
/// connections waiting in its queue.
///
/// Threading: any thread, but not shared between threads.
public final class SilentListener {
    /// The port it listens on.
    public let port: Int
    private var fd: Int32

    /// Listens on a free loopback port with `backlog` (the accept queue holds about that many connections).
    ///
    /// - Returns: `nil` if the socket could not be made.
    public init?(backlog: Int32 = 0) {
        guard let (fd, port) = LoopbackSocket.bound(), listen(fd, backlog) == 0 else { return nil }
        self.fd = fd
        self.port = port
    }

    /// Stops listening; the connections in the queue are reset.
    public func close() {
        guard fd >= 0 else { return }
        Glibc.close(fd)
        fd = -1
    }

    deinit {
        close()
    }
}

@available(*, unavailable)
extension SilentListener: Sendable {}
