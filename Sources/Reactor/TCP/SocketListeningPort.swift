import CTorsion
import Deferred
import Glibc

/// A listening stream socket (TCP or UNIX) that accepts connections and connects each to a protocol
/// built by its factory.
///
/// Accepts up to ``acceptsPerWakeup`` connections per readiness event, so a flood of new connections
/// cannot starve existing ones. `factory.doStart()` runs when listening starts, `doStop()` when it stops.
/// Reactor-confined.
///
/// Twisted: `twisted.internet.tcp.Port` (and `unix.Port`).
final class SocketListeningPort: ListeningPort, EpollHandler {
    /// Most connections accepted per wake-up.
    static let acceptsPerWakeup = 32
    /// How long accepting pauses when the process or system is out of descriptors (EMFILE, ENFILE,
    /// ENOBUFS, ENOMEM): level-triggered epoll would otherwise report the pending connection again at
    /// once and spin the loop.
    static let exhaustionBackoff = Duration.milliseconds(100)

    private unowned let reactor: EpollReactor
    private let socket: SocketDescriptor
    private let factory: any Factory
    private let host: Address
    /// A UNIX socket path to remove when the port stops.
    private let unlinkPath: String?
    private var stopped: Deferred<Void>?

    /// Takes a bound socket, starts listening (unless `backlog` is nil: an adopted socket already
    /// listens), registers it and starts the factory.
    init(
        reactor: EpollReactor, socket: SocketDescriptor, factory: any Factory, backlog: Int32?,
        unlinkPath: String? = nil
    ) throws {
        self.reactor = reactor
        self.socket = socket
        self.factory = factory
        self.unlinkPath = unlinkPath
        if let backlog {
            try socket.listen(backlog: backlog)
        }
        host = try socket.localAddress().address
        try reactor.selector.register(socket.fd, interest: CTORSION_EPOLLIN, handler: self)
        factory.doStart()
    }

    func getHost() -> Address { host }

    func handleEvent(_ events: UInt32) {
        for _ in 0..<Self.acceptsPerWakeup {
            guard stopped == nil else { return }
            let accepted: SocketDescriptor
            do {
                guard case .processed(let socket) = try socket.accept() else { return }
                accepted = socket
            } catch {
                StandardErrorStream.write("accept on \(host) failed: \(error)\n")
                if [EMFILE, ENFILE, ENOBUFS, ENOMEM].contains(error.errno) {
                    backOff()
                }
                // Anything else (ECONNABORTED, a peer gone before accept): level-triggered epoll retries.
                return
            }
            let peer = (try? accepted.peerAddress().address) ?? .unix(path: nil)
            let local = (try? accepted.localAddress().address) ?? host
            guard let connectionProtocol = factory.buildProtocol(addr: peer) else {
                accepted.close()
                continue
            }
            let transport = SocketTransport(reactor: reactor, socket: accepted, peer: peer, host: local)
            do {
                try transport.start(with: connectionProtocol)
            } catch {
                transport.close(ConnectionLost("\(error)"))
            }
        }
    }

    /// Stops watching the socket for a while, then accepts again (resource exhaustion).
    private func backOff() {
        guard (try? reactor.selector.modify(socket.fd, interest: 0)) != nil else { return }
        _ = reactor.callLater(Self.exhaustionBackoff) { [weak self] in
            guard let self, self.stopped == nil else { return }
            try? self.reactor.selector.modify(self.socket.fd, interest: CTORSION_EPOLLIN)
        }
    }

    /// Stops accepting: closes the socket now, stops the factory, and fires the Deferred in the next
    /// iteration. Calling it again returns the same Deferred.
    func stopListening() -> Deferred<Void> {
        reactor.preconditionInReactorThread()
        if let stopped { return stopped }
        let deferred = Deferred<Void>()
        stopped = deferred
        reactor.selector.unregister(socket.fd)
        socket.close()
        if let unlinkPath {
            _ = unlink(unlinkPath)
        }
        factory.doStop()
        reactor.callSoon { deferred.callback(()) }
        return deferred
    }

    func closeForShutdown() {
        _ = stopListening()
    }
}

@available(*, unavailable)
extension SocketListeningPort: Sendable {}
