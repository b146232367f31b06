import Deferred
import Glibc

/// A client connection attempt made with `connectTCP` or `connectUNIX`, and the connection it yields.
///
/// `connect()` resolves the destination (through the thread pool for a host name), starts a
/// ``ConnectAttempt`` with a timeout, and on success asks the factory for a protocol and connects it to a
/// new transport. The factory hears `startedConnecting`, then `clientConnectionFailed` or (after the
/// connection) `clientConnectionLost`; `doStart`/`doStop` bracket each attempt. Reactor-confined.
///
/// Twisted: `twisted.internet.base.BaseConnector` (`tcp.Connector`, `unix.Connector`).
final class SocketConnector: Connector {
    private enum State {
        case disconnected, connecting, connected
    }

    private unowned let reactor: EpollReactor
    private let factory: any ClientFactory
    private let destination: Address
    private let resolveDestination: () -> Deferred<SocketAddress>
    private let timeout: Duration
    private let bindAddress: SocketAddress?
    private var state = State.disconnected
    private var resolving: Deferred<SocketAddress>?
    private var attempt: ConnectAttempt?
    private var timer: DelayedCall?
    private var transport: SocketTransport?

    init(
        reactor: EpollReactor, factory: any ClientFactory, destination: Address, timeout: Duration,
        bindAddress: SocketAddress?, resolve: @escaping () -> Deferred<SocketAddress>
    ) {
        self.reactor = reactor
        self.factory = factory
        self.destination = destination
        self.timeout = timeout
        self.bindAddress = bindAddress
        self.resolveDestination = resolve
    }

    func getDestination() -> Address { destination }

    func connect() {
        reactor.preconditionInReactorThread()
        precondition(state == .disconnected, "connect() while already connecting or connected")
        state = .connecting
        factory.doStart()
        factory.startedConnecting(connector: self)
        timer = reactor.callLater(timeout) { [self] in
            self.timer = nil
            self.fail(.timedOut())
        }
        let resolving = resolveDestination()
        self.resolving = resolving
        _ = resolving.addCallbacks({ [self] (address: SocketAddress) -> Void in
            self.resolving = nil
            guard self.state == .connecting else { return }
            self.attempt = ConnectAttempt(reactor: self.reactor, address: address, bindAddress: self.bindAddress) {
                [self] result in
                self.attempt = nil
                switch result {
                case .success(let socket): self.connected(socket)
                case .failure(let error): self.fail(error)
                }
            }
        }, errback: { [self] (error: any Error) -> Void in
            guard self.resolving != nil else { return }
            self.resolving = nil
            self.fail(error as? ConnectError ?? ConnectError(.other, "\(error)"))
        })
    }

    func stopConnecting() {
        reactor.preconditionInReactorThread()
        guard state == .connecting else { return }
        fail(ConnectError(.userCancelled, "User aborted connection"))
    }

    func disconnect() {
        reactor.preconditionInReactorThread()
        switch state {
        case .connecting: stopConnecting()
        case .connected: transport?.loseConnection()
        case .disconnected: break
        }
    }

    private func cancelTimer() {
        try? timer?.cancel()
        timer = nil
    }

    private func fail(_ error: ConnectError) {
        guard state == .connecting else { return }
        state = .disconnected
        cancelTimer()
        attempt?.cancel()
        attempt = nil
        let resolving = self.resolving
        self.resolving = nil
        resolving?.cancel()
        factory.clientConnectionFailed(connector: self, reason: error)
        if state == .disconnected {
            factory.doStop()
        }
    }

    private func connected(_ socket: SocketDescriptor) {
        cancelTimer()
        let peer = (try? socket.peerAddress().address) ?? destination
        let host = (try? socket.localAddress().address) ?? .unix(path: nil)
        guard let connectionProtocol = factory.buildProtocol(addr: peer) else {
            socket.close()
            state = .connecting
            fail(ConnectError(.other, "the factory built no protocol for \(peer)"))
            return
        }
        state = .connected
        let transport = SocketTransport(reactor: reactor, socket: socket, peer: peer, host: host)
        self.transport = transport
        transport.onClose = { [self] reason in
            self.transport = nil
            self.state = .disconnected
            self.factory.clientConnectionLost(connector: self, reason: reason)
            if self.state == .disconnected {
                self.factory.doStop()
            }
        }
        do {
            try transport.start(with: connectionProtocol)
        } catch {
            transport.close(ConnectionLost("\(error)"))
        }
    }
}

@available(*, unavailable)
extension SocketConnector: Sendable {}
