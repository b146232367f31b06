import CTorsion
import Glibc

/// One non-blocking `connect` to one address: creates the socket, waits for writability, reads
/// `SO_ERROR`, and reports a connected socket or a ``ConnectError`` exactly once, from the loop.
///
/// Cancelling closes the socket and reports nothing. Reactor-confined.
final class ConnectAttempt: EpollHandler {
    private unowned let reactor: EpollReactor
    private var socket: SocketDescriptor?
    private var completion: ((Result<SocketDescriptor, ConnectError>) -> Void)?
    /// Where this attempt connects to.
    let address: SocketAddress

    /// Starts connecting to `address` (binding `bindAddress` first if given); `completion` runs in a
    /// later iteration (never inside this initialiser) unless ``cancel()`` comes first.
    init(
        reactor: EpollReactor, address: SocketAddress, bindAddress: SocketAddress? = nil,
        completion: @escaping (Result<SocketDescriptor, ConnectError>) -> Void
    ) {
        self.reactor = reactor
        self.address = address
        self.completion = completion
        do {
            let socket = try SocketDescriptor(streamFamily: address.family)
            self.socket = socket
            if let bindAddress {
                do {
                    try socket.bind(to: bindAddress)
                } catch {
                    finishSoon(.failure(ConnectError(.bind, "\(error)", errno: (error as? SystemCallError)?.errno)))
                    return
                }
            }
            switch try socket.connect(to: address) {
            case .processed:
                finishSoon(.success(socket))
            case .wouldBlock:
                try reactor.selector.register(socket.fd, interest: CTORSION_EPOLLOUT, handler: self)
            }
        } catch {
            finishSoon(.failure(Self.connectError(error, address: address)))
        }
    }

    /// Stops the attempt: the socket is closed and the completion never runs.
    func cancel() {
        completion = nil
        releaseSocket()?.close()
    }

    func handleEvent(_ events: UInt32) {
        guard let socket else { return }
        let code = socket.pendingError()
        if code == 0 {
            finish(.success(releaseSocket()!))
        } else {
            releaseSocket()?.close()
            finish(.failure(Self.connectError(SystemCallError(call: "connect", errno: code), address: address)))
        }
    }

    func closeForShutdown() {
        releaseSocket()?.close()
        finish(.failure(ConnectError(.other, "the reactor shut down")))
    }

    /// Unregisters the socket and hands over ownership of it.
    private func releaseSocket() -> SocketDescriptor? {
        guard let socket else { return nil }
        self.socket = nil
        reactor.selector.unregister(socket.fd)
        return socket
    }

    private func finishSoon(_ result: Result<SocketDescriptor, ConnectError>) {
        if case .failure = result {
            releaseSocket()?.close()
        } else {
            socket = nil
        }
        reactor.callSoon { [self] in self.finish(result) }
    }

    private func finish(_ result: Result<SocketDescriptor, ConnectError>) {
        guard let completion else {
            if case .success(let socket) = result { socket.close() }
            return
        }
        self.completion = nil
        completion(result)
    }

    /// Maps a failed `socket`/`connect` to the typed connect error.
    static func connectError(_ error: any Error, address: SocketAddress) -> ConnectError {
        guard let error = error as? SystemCallError else {
            return ConnectError(.other, "\(address): \(error)")
        }
        let detail = "\(address): \(error)"
        switch error.errno {
        case ECONNREFUSED: return ConnectError(.refused, detail, errno: error.errno)
        case ETIMEDOUT: return ConnectError(.tcpTimedOut, detail, errno: error.errno)
        case EHOSTUNREACH, ENETUNREACH: return ConnectError(.unreachable, detail, errno: error.errno)
        case ENOENT where address.family == AF_UNIX: return ConnectError(.refused, detail, errno: error.errno)
        default: return ConnectError(.other, detail, errno: error.errno)
        }
    }
}

@available(*, unavailable)
extension ConnectAttempt: Sendable {}
