import Reactor

/// Joins a client protocol and a server protocol in memory and moves bytes between them on demand.
///
/// Nothing moves until the test calls ``pump()`` (one turn) or ``flush(maxTurns:)`` (turns until idle).
/// A turn first advances the clock, if any, by zero (running calls scheduled with delay zero), then takes
/// each side's queued bytes and delivers them to the other side's `dataReceived` (unless that side paused
/// reading); bytes written in reaction move in the next turn.
/// When nothing was delivered, it reports a pending half-close or close: a side that called
/// `loseConnection()` gets ``ConnectionDone`` and its peer ``ConnectionDone`` too; a side that called
/// `abortConnection()` gets ``ConnectionLost/aborted`` and its peer ``ConnectionLost`` ("Connection reset
/// by peer"). A half-close (`loseWriteConnection()`) reaches a ``HalfCloseableProtocol`` peer as
/// `readConnectionLost()` and closes the connection for any other peer.
///
/// Threading: not Sendable; use from the test's thread.
///
/// Twisted: `twisted.test.iosim.IOPump` and `connectedServerAndClient`.
public final class IOPump {
    /// The client protocol.
    public let client: any ConnectionProtocol
    /// The server protocol.
    public let server: any ConnectionProtocol
    /// The client's transport.
    public let clientTransport: FakeTransport
    /// The server's transport.
    public let serverTransport: FakeTransport
    /// The clock advanced by zero on each turn, if any.
    public let clock: Clock?

    /// Connects `server` and `client` (server first, as Twisted does) and returns the pump.
    ///
    /// - Parameters:
    ///   - server: The server-side protocol; it gets `makeConnection` first.
    ///   - client: The client-side protocol.
    ///   - clock: A clock to advance by zero on each turn (e.g. `memoryReactor.clock`).
    ///   - greet: Whether to ``flush(maxTurns:)`` once after connecting, delivering greetings.
    ///   - clientAddress: The client's address (the server's peer).
    ///   - serverAddress: The server's address (the client's peer).
    ///
    /// Twisted: `iosim.connectedServerAndClient` / `iosim.connect`.
    public static func connectedServerAndClient(
        server: any ConnectionProtocol, client: any ConnectionProtocol, clock: Clock? = nil, greet: Bool = true,
        clientAddress: Address = .ipv4(host: "192.168.1.1", port: 54321),
        serverAddress: Address = .ipv4(host: "10.0.0.1", port: 80)
    ) -> IOPump {
        let serverTransport = FakeTransport(isServer: true, hostAddress: serverAddress, peerAddress: clientAddress)
        let clientTransport = FakeTransport(isServer: false, hostAddress: clientAddress, peerAddress: serverAddress)
        serverTransport.protocolInstance = server
        clientTransport.protocolInstance = client
        server.makeConnection(serverTransport)
        client.makeConnection(clientTransport)
        let pump = IOPump(
            client: client, server: server, clientTransport: clientTransport, serverTransport: serverTransport,
            clock: clock)
        if greet {
            pump.flush()
        }
        return pump
    }

    /// Creates a pump over two already connected transports (see ``connectedServerAndClient(server:client:clock:greet:clientAddress:serverAddress:)``).
    public init(
        client: any ConnectionProtocol, server: any ConnectionProtocol, clientTransport: FakeTransport,
        serverTransport: FakeTransport, clock: Clock? = nil
    ) {
        self.client = client
        self.server = server
        self.clientTransport = clientTransport
        self.serverTransport = serverTransport
        self.clock = clock
        clientTransport.protocolInstance = client
        serverTransport.protocolInstance = server
    }

    /// Runs one turn; returns whether anything happened (bytes moved or a close reported).
    ///
    /// Twisted: `IOPump.pump`.
    @discardableResult
    public func pump() -> Bool {
        clock?.advance(.zero)
        clientTransport.drained()
        serverTransport.drained()
        // Both directions' bytes are taken before either is delivered, so a reply written while handling
        // this turn's bytes moves in the next turn (as in Twisted).
        let toServer = take(from: clientTransport, to: serverTransport)
        let toClient = take(from: serverTransport, to: clientTransport)
        if let toServer {
            serverTransport.protocolInstance?.dataReceived(toServer)
        }
        if let toClient, !clientTransport.isDisconnected {
            clientTransport.protocolInstance?.dataReceived(toClient)
        }
        if toServer != nil || toClient != nil {
            return true
        }
        return reportHalfClose(clientTransport, serverTransport) || reportHalfClose(serverTransport, clientTransport)
            || reportClose(serverTransport, clientTransport) || reportClose(clientTransport, serverTransport)
    }

    /// Pumps until a turn does nothing; returns whether anything happened.
    ///
    /// - Precondition: the protocols go quiet within `maxTurns` turns (Twisted fails with "Too long").
    ///
    /// Twisted: `IOPump.flush`.
    @discardableResult
    public func flush(maxTurns: Int = 1000) -> Bool {
        var anything = false
        for _ in 0..<maxTurns {
            guard pump() else { return anything }
            anything = true
        }
        preconditionFailure("IOPump.flush: still busy after \(maxTurns) turns")
    }

    private func take(from sender: FakeTransport, to receiver: FakeTransport) -> [UInt8]? {
        guard !sender.outgoing.isEmpty, !receiver.isReadingPaused, !receiver.isDisconnected else { return nil }
        defer { sender.outgoing.removeAll() }
        return sender.outgoing
    }

    private func reportHalfClose(_ sender: FakeTransport, _ receiver: FakeTransport) -> Bool {
        guard sender.isWriteClosed, !sender.writeCloseReported, sender.outgoing.isEmpty, !sender.isDisconnected
        else { return false }
        sender.writeCloseReported = true
        (sender.protocolInstance as? any HalfCloseableProtocol)?.writeConnectionLost()
        if let halfCloseable = receiver.protocolInstance as? any HalfCloseableProtocol {
            halfCloseable.readConnectionLost()
        } else {
            receiver.isDisconnecting = true
        }
        return true
    }

    private func reportClose(_ closing: FakeTransport, _ peer: FakeTransport) -> Bool {
        guard closing.isDisconnecting, !closing.isDisconnected, closing.outgoing.isEmpty else { return false }
        let ownReason: any Error = closing.isAborting ? ConnectionLost.aborted : ConnectionDone()
        let peerReason: any Error =
            closing.isAborting ? ConnectionLost("Connection reset by peer") : ConnectionDone()
        for (transport, reason) in [(closing, ownReason), (peer, peerReason)] where !transport.isDisconnected {
            transport.isDisconnecting = true
            transport.isDisconnected = true
            transport.outgoing.removeAll()
            transport.producer?.stopProducing()
            transport.protocolInstance?.connectionLost(reason: reason)
        }
        return true
    }
}

@available(*, unavailable)
extension IOPump: Sendable {}
